from django.db import models
from django.utils.translation import gettext_lazy as _

from pcso.models import TrackedModel


class VictimCodeSettings(TrackedModel):
    """The force's Victims' Code figures: referral and update deadlines, the repeat-victim rule."""

    referral_days = models.PositiveSmallIntegerField(
        default=2, help_text=_("Working days to refer a consenting victim to support services.")
    )
    initial_contact_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text=_("Hours within which a new case's victim is first contacted (before any assessment)."),
    )
    update_working_days = models.PositiveSmallIntegerField(
        default=5, help_text=_("Working days to update a victim after a key event.")
    )
    enhanced_update_working_days = models.PositiveSmallIntegerField(
        default=1, help_text=_("Working days to update a victim with enhanced rights after a key event.")
    )
    repeat_incidents = models.PositiveSmallIntegerField(
        default=3, help_text=_("ASB incidents that make a repeat victim…")
    )
    repeat_months = models.PositiveSmallIntegerField(default=3, help_text=_("…within this many months."))

    class Meta:
        verbose_name = _("Victims' Code settings")
        verbose_name_plural = _("Victims' Code settings")

    def __str__(self) -> str:
        return "Victims' Code settings"

    @classmethod
    def current(cls) -> "VictimCodeSettings":
        """The one row of settings (made with the defaults if an administrator removed it)."""
        return cls.objects.order_by("pk").first() or cls.objects.create()
