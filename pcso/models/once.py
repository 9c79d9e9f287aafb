from django.conf import settings
from django.db import models
from django.utils import timezone


class FormKey(models.Model):
    """A one-time form key (pcso/once.py): made when a form is shown, kept in the transaction
    of what its first sending made, with the answer that sending got, so the same key again
    gets that answer and makes nothing."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    # What was sent (sha-256 of the fields but the CSRF token and the key): the same key with
    # other contents is refused, not answered as the first.
    digest = models.CharField(max_length=64)
    made_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The first answer: a redirect's address, or a page's status, type and body (an htmx answer).
    status = models.PositiveSmallIntegerField(default=0)
    location = models.TextField(blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.BinaryField(default=b"", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["officer", "key"], name="form_key_once_per_officer")]

    def __str__(self):
        return f"{self.officer_id}:{self.key}"
