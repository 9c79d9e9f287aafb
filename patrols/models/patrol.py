from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso import captured
from pcso.models import TrackedModel
from pcso.scope import Scope

# No patrol is longer than this; one left running counts no further.
MAX_PATROL = timedelta(hours=14)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time from start to end. Python subtracts two times in one zone on the wall clock, an
    hour out across a clock change, so both go to UTC first."""
    return end.astimezone(UTC) - start.astimezone(UTC)


class Patrol(TrackedModel):
    """A period of visible patrol by one officer (or a pair): start, end, mode and neighbourhood."""

    class Mode(models.TextChoices):
        FOOT = "foot", _("Foot")
        CYCLE = "cycle", _("Cycle")
        VEHICLE = "vehicle", _("Vehicle")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        ENDED = "ended", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patrols")
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnered_patrols",
        help_text=_("The officer patrolling with you, if any."),
    )
    team = models.ForeignKey("pcso.Team", on_delete=models.PROTECT, related_name="patrols")
    neighbourhood = models.ForeignKey(
        "pcso.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True, related_name="patrols"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.FOOT)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    # When the server received the start and the end (their times above are the phone's, when it
    # captured them: sent later without signal, they differ), and the largest error of the phone's
    # clock seen on this patrol's taps, in seconds (phone minus server), shown to the sergeant.
    start_received_at = models.DateTimeField(null=True, blank=True, editable=False)
    end_received_at = models.DateTimeField(null=True, blank=True, editable=False)
    clock_skew_seconds = models.IntegerField(null=True, blank=True, editable=False)

    scope = Scope(team="team")

    class Meta:
        ordering = ["-started_at", "-pk"]
        permissions = [("signoff_patrol", "Sign off patrols: approve or return them")]
        indexes = [
            models.Index(fields=["officer", "started_at"]),
            models.Index(fields=["team", "status"]),
            # The lists: a team's patrols newest first, an officer's partnered ones; the review
            # queue (ended, by team, oldest first); the officer's running patrol.
            models.Index(fields=["team", "-started_at", "-id"], name="patrol_team_started"),
            models.Index(
                fields=["partner", "-started_at"],
                name="patrol_partner_started",
                condition=models.Q(partner__isnull=False),
            ),
            models.Index(
                fields=["team", "ended_at"], name="patrol_review_queue", condition=models.Q(status="ended")
            ),
            models.Index(fields=["officer"], name="patrol_running", condition=models.Q(status="in_progress")),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.started_at)
        return f"{self.get_mode_display()} patrol {local:%d/%m/%Y %H:%M} by {self.officer.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("patrols:patrol-detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.ended_at is None

    @property
    def is_locked(self) -> bool:
        """Signed off: nobody changes it any more."""
        return self.status == self.Status.APPROVED

    def end_or_now(self, now=None):
        return self.ended_at or now or timezone.now()

    def counted_end(self, now=None):
        """Where the patrol's time stops counting: its end, or for one still running now, but
        never past the longest a patrol may be (one left running by mistake)."""
        if self.ended_at is not None:
            return self.ended_at
        return min(now or timezone.now(), self.started_at + MAX_PATROL)

    @property
    def clock_note(self) -> str:
        """ "Phone clock 7 minutes behind the server", when the phone's clock was that far out."""
        return captured.describe_skew(self.clock_skew_seconds)

    @property
    def duration(self) -> timedelta:
        return elapsed(self.started_at, self.end_or_now())

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)


class PatrolPoint(TrackedModel):
    """One position on a patrol's route, from the phone's location or a tap on the map."""

    # A phone sends points every few seconds on patrol: kept pages show them only as time in
    # locality, which may be a minute old (pcso/fresh.py); every other change renews them.
    marks_kept_pages = False

    class Source(models.TextChoices):
        GPS = "gps", _("Phone location")
        MAP = "map", _("Map tap")

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="points")
    recorded_at = models.DateTimeField()
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    source = models.CharField(max_length=3, choices=Source.choices, default=Source.GPS)
    received_at = models.DateTimeField(null=True, blank=True, editable=False)

    scope = Scope(team="patrol__team")

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.latitude}, {self.longitude} at {timezone.localtime(self.recorded_at):%H:%M}"

    def clean(self):
        errors = {}
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("Latitude must be between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("Longitude must be between -180 and 180.")
        if errors:
            raise ValidationError(errors)


class ActivityKind(models.TextChoices):
    ENGAGEMENT = "engagement", _("Engagement")
    ASB = "asb", _("ASB dealt with")
    ADVICE = "advice", _("Advice given")
    LICENSED_PREMISES = "licensed_premises", _("Licensed premises visit")
    SCHOOL = "school", _("School visit")
    VOID_PROPERTY = "void_property", _("Void property check")
    CCTV = "cctv", _("CCTV collected")
    HOUSE_TO_HOUSE = "house_to_house", _("House-to-house enquiry")
    OTHER = "other", _("Other")


class PatrolActivity(TrackedModel):
    """Something done on patrol: an engagement, ASB dealt with, a premises visit..."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    other_text = models.CharField(_("what"), max_length=200, blank=True, help_text=_("Only for “Other”."))
    note = models.TextField(blank=True)
    at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True, editable=False)

    scope = Scope(team="patrol__team")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = _("patrol activities")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == ActivityKind.OTHER and self.other_text:
            return self.other_text
        return self.get_kind_display()

    def clean(self):
        if self.kind == ActivityKind.OTHER and not self.other_text.strip():
            raise ValidationError({"other_text": _("Say what the activity was.")})
