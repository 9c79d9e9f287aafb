from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import wording


class Reminder(models.Model):
    """An obligation someone owes (a follow-up visit, a victim update, a group contact, a review),
    written with the change that caused it and delivered once when due."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")
        # Found at delivery to be met already, or overtaken by a later reminder of the same deadline.
        DROPPED = "dropped", _("Dropped")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    # What it says, worded when shown, in the reader's language: a message an app registers
    # (pcso/wording.py) and its values: ids, codes, dates and names, never a victim's or a
    # report's content. Rows from before messages have none and say their title.
    message = models.CharField(max_length=60, blank=True, default="", db_default="")
    values = models.JSONField(null=True, blank=True, default=dict)
    # The words in the site's language, as scheduled. With a deadline, what is owed ("Visit for
    # case AB12"); the delivery words when it is due.
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)
    due_at = models.DateTimeField(db_index=True, help_text=_("When the reminder is delivered."))
    deadline = models.DateTimeField(null=True, blank=True, help_text=_("When the obligation itself is due."))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "content_type", "object_id", "due_at"],
                name="one_reminder_per_obligation",
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        # Its kind, not its words: they name a case, and this is what the admin site shows.
        return f"{self.kind} for {self.recipient} due {self.due_at:%d/%m/%Y %H:%M}"

    @property
    def text(self) -> str:
        """What is owed, in the active language (the reader's)."""
        return wording.what(self)


class Notification(models.Model):
    """A message in an officer's inbox; a delivered reminder makes exactly one."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(Reminder, on_delete=models.CASCADE, null=True, blank=True)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The e-mail copy: sent (the mail server accepted it), failed for good (refused), or owed,
    # to be tried again at email_retry_at after a temporary failure.
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_failed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True, default="", db_default="")
    email_attempts = models.SmallIntegerField(default=0, db_default=0)
    email_retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The e-mails still owed, found without reading every notification ever sent.
            models.Index(
                fields=["id"],
                name="notification_email_owed",
                condition=models.Q(
                    emailed_at__isnull=True, email_failed_at__isnull=True, reminder__isnull=False
                ),
            ),
        ]

    def __str__(self) -> str:
        # Not its words (they name a case): the inbox shows `text`, the admin site this.
        return f"{self.reminder.kind if self.reminder_id else 'message'} for {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("notification-open", args=[self.pk])

    @property
    def text(self) -> str:
        """The words in the active language (the reader's), as of the delivery."""
        return wording.words(self)

    @property
    def email_status(self) -> str:
        if self.emailed_at:
            return _("e-mailed")
        if self.email_failed_at:
            return _("e-mail failed")
        return _("e-mail waiting") if self.email_attempts else ""
