from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso.models import TrackedModel
from pcso.scope import Scope


class OfficerNeighbourhood(TrackedModel):
    """One of an officer's own neighbourhoods, set by their sergeant: time in locality is the
    share of the officer's patrol time spent inside these."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="own_neighbourhoods"
    )
    neighbourhood = models.ForeignKey("pcso.Neighbourhood", on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    scope = Scope(team="neighbourhood__team")

    class Meta:
        verbose_name = _("officer's neighbourhood")
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "neighbourhood"], name="one_assignment_per_neighbourhood"
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} in {self.neighbourhood}"

    def get_absolute_url(self) -> str:
        return reverse("patrols:officer-neighbourhoods", args=[self.officer_id])
