from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only")

    def delete(self):
        raise PermissionError("The audit trail is append-only")


class AuditEntry(models.Model):
    """One line of the append-only audit trail: who did or read what, when, from where."""

    # Set by the database (a trigger writes clock_timestamp() over whatever an INSERT sends).
    at = models.DateTimeField(db_default=Now(), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_label = models.CharField(
        max_length=200, help_text=_("Who acted, kept even if the account changes.")
    )
    action = models.CharField(max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only")


class AuditSeal(models.Model):
    """A link of the hash chain over the audit trail: the entries after the previous seal up to
    `last_entry_id`, each entry's keyed digest, and a keyed hash over those and the previous seal's."""

    sealed_at = models.DateTimeField(db_default=Now())
    after_entry_id = models.BigIntegerField(
        unique=True, help_text=_("The previous seal's last entry (0 first).")
    )
    last_entry_id = models.BigIntegerField(unique=True)
    entry_count = models.PositiveIntegerField()
    # For each sealed entry in id order: its id (8 bytes) and the first 16 bytes of its digest.
    digests = models.BinaryField()
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-last_entry_id"]

    def __str__(self) -> str:
        return f"Seal of entries {self.after_entry_id + 1}–{self.last_entry_id}: {self.hash[:16]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only")
