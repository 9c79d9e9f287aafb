from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pcso import geo
from pcso.models import TrackedModel
from pcso.scope import Scope

from .patrol import elapsed


class Hotspot(TrackedModel):
    """A small place where harm concentrates (a street, a park, a 150 m square), with a weekly
    target patrol dose."""

    team = models.ForeignKey("pcso.Team", on_delete=models.PROTECT, related_name="hotspots")
    neighbourhood = models.ForeignKey(
        "pcso.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True, related_name="hotspots"
    )
    name = models.CharField(max_length=120)
    geometry = models.JSONField(
        _("area"), help_text=_("GeoJSON Polygon, or a Point with a radius (longitude then latitude).")
    )
    radius_m = models.PositiveIntegerField(_("radius (metres)"), null=True, blank=True)
    weekly_target_minutes = models.PositiveIntegerField(default=60)
    dose_cap_minutes = models.PositiveSmallIntegerField(
        _("minutes counted per visit"),
        default=15,
        help_text=_(
            "Each continuous presence counts up to this many minutes: about 15 give the most "
            "deterrence, more adds little."
        ),
    )
    active_from = models.DateField()
    active_to = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text=_("Why this is a hotspot: crime data, community concern...")
    )

    scope = Scope(team="team")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="one_hotspot_name_per_team")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("patrols:hotspot-detail", args=[self.pk])

    @property
    def centre(self) -> tuple[float, float] | None:
        return geo.centre(self.geometry)

    def is_active_on(self, day) -> bool:
        return self.active_from <= day and (self.active_to is None or self.active_to >= day)

    def clean(self):
        errors = {}
        problem = geo.validate_area(self.geometry, self.radius_m)
        if problem:
            errors["radius_m" if problem in (geo.RADIUS_RANGE, geo.NEEDS_RADIUS) else "geometry"] = problem
        if self.active_to and self.active_from and self.active_to < self.active_from:
            errors["active_to"] = _("The hotspot must stop being active after it starts.")
        if self.neighbourhood_id and self.team_id and self.neighbourhood.team_id != self.team_id:
            errors["neighbourhood"] = _("Choose one of the team's neighbourhoods.")
        if errors:
            raise ValidationError(errors)


class HotspotVisit(TrackedModel):
    """An arrival at and departure from a hotspot during a patrol: its dose of visible presence."""

    patrol = models.ForeignKey("patrols.Patrol", on_delete=models.CASCADE, related_name="hotspot_visits")
    hotspot = models.ForeignKey(Hotspot, on_delete=models.PROTECT, related_name="visits")
    arrived_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    # When the server received the arrival and the departure (the times above are the phone's).
    arrival_received_at = models.DateTimeField(null=True, blank=True, editable=False)
    departure_received_at = models.DateTimeField(null=True, blank=True, editable=False)

    scope = Scope(team="patrol__team")

    class Meta:
        ordering = ["arrived_at", "pk"]
        indexes = [models.Index(fields=["hotspot", "arrived_at"])]

    def __str__(self) -> str:
        return f"{self.hotspot} visit"

    @property
    def minutes(self) -> int | None:
        if self.left_at is None:
            return None
        return int(elapsed(self.arrived_at, self.left_at).total_seconds() // 60)
