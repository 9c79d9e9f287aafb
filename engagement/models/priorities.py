"""Neighbourhood priorities agreed with the community, the PACT and beat meetings that set and
review them, and questions from the public with their response clock."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso.models import Neighbourhood, Team, TrackedModel
from pcso.scope import Scope


class DiarySettings(TrackedModel):
    """The force's community engagement figures: priorities per area, review age, query clock."""

    max_active_priorities = models.PositiveSmallIntegerField(
        default=3, help_text=_("Active priorities a neighbourhood may have at once.")
    )
    priority_review_months = models.PositiveSmallIntegerField(
        default=3,
        help_text=_(
            "A neighbourhood is flagged when an active priority was not reviewed in this many months."
        ),
    )
    query_response_hours = models.PositiveSmallIntegerField(
        default=72, help_text=_("Hours to give a neighbourhood query a meaningful answer.")
    )

    class Meta:
        verbose_name = _("community engagement settings")
        verbose_name_plural = _("community engagement settings")

    def __str__(self) -> str:
        return str(_("Community engagement settings"))

    @classmethod
    def current(cls) -> "DiarySettings":
        """The one row of settings (made with the defaults if an administrator removed it)."""
        return cls.objects.order_by("pk").first() or cls.objects.create()


class Meeting(TrackedModel):
    """A PACT (Partners and Communities Together) or beat meeting with the community."""

    class Kind(models.TextChoices):
        PACT = "pact", _("PACT meeting")
        BEAT = "beat", _("Beat meeting")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="meetings")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("neighbourhood")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PACT)
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    partners_present = models.CharField(_("partners present"), max_length=300, blank=True)
    notes = models.TextField(_("notes and feedback given"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    scope = Scope(team="team")

    class Meta:
        ordering = ["-held_at", "-pk"]
        indexes = [
            models.Index(fields=["team", "-held_at"]),
            models.Index(fields=["neighbourhood", "-held_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.held_at):%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:meeting-detail", args=[self.pk])


class Priority(TrackedModel):
    """A neighbourhood priority agreed with the community, as police.uk publishes them."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="priorities")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="priorities", verbose_name=_("neighbourhood")
    )
    issue = models.TextField(_("issue"))
    issue_date = models.DateField(_("issue date"))
    action = models.TextField(_("action"), blank=True)
    action_date = models.DateField(_("action date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    reviewed_on = models.DateField(_("last reviewed"))
    meetings = models.ManyToManyField(Meeting, blank=True, related_name="priorities")
    created_at = models.DateTimeField(default=timezone.now)

    scope = Scope(team="team")

    class Meta:
        ordering = ["-issue_date", "-pk"]
        verbose_name_plural = _("priorities")
        indexes = [
            models.Index(fields=["team", "status", "-issue_date"]),
            models.Index(fields=["neighbourhood", "status"]),
            models.Index(fields=["neighbourhood", "-reviewed_on"]),
        ]

    def __str__(self) -> str:
        return self.issue[:80]

    def get_absolute_url(self) -> str:
        return reverse("engagement:priority-list", args=[self.neighbourhood_id]) + f"#priority-{self.pk}"


class NeighbourhoodQuery(TrackedModel):
    """A question from the public about their neighbourhood, owed a meaningful answer within 72 hours."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="neighbourhood_queries")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="queries", verbose_name=_("neighbourhood")
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    from_name = models.CharField(_("from"), max_length=150)
    contact_details = models.CharField(_("how to reply"), max_length=200, blank=True)
    question = models.TextField(_("question"))
    due_at = models.DateTimeField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # A member of the public's name and how to reply: reads audited, pages kept out of caches.
    scope = Scope(team="team", sensitive=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name_plural = _("neighbourhood queries")
        indexes = [
            models.Index(fields=["team", "answered_at", "due_at"]),
            models.Index(fields=["team", "-received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.from_name}: {self.question[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:query-detail", args=[self.pk])

    def clock(self, now: datetime) -> str:
        """ "open", "overdue", "answered in time" or "answered late". The due moment itself is
        still in time."""
        if self.answered_at is not None:
            return "answered in time" if self.answered_at <= self.due_at else "answered late"
        return "open" if now <= self.due_at else "overdue"

    @staticmethod
    def due_from(received_at: datetime, hours: int) -> datetime:
        """Real elapsed hours: added in UTC, since Python adds to a London time on the clock
        (received Fri 23/10/2026 12:00 BST, 72 hours on is Mon 26/10/2026 11:00 GMT, not 12:00)."""
        return received_at.astimezone(UTC) + timedelta(hours=hours)
