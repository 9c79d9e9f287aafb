from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from pcso.models import Team, TrackedModel
from pcso.scope import Scope

from ..grading import (
    LEGACY_HANDLING,
    LEGACY_INTELLIGENCE,
    LEGACY_SOURCE,
    Grade,
    HandlingCode,
    IntelligenceAssessment,
    Scheme,
    SourceEvaluation,
)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")


class Priority(models.IntegerChoices):
    HIGH = 1, _("High: a threat to life or of serious harm, or an imminent opportunity")
    MEDIUM = 2, _("Medium: time-critical")
    LOW = 3, _("Low: everything else")


class SourceType(models.TextChoices):
    PUBLIC = "public", _("Member of the public")
    PARTNER = "partner", _("Partner agency")
    OFFICER = "officer", _("My own observation")
    KIN = "kin", _("Key Individual Network member")
    ANONYMOUS = "anonymous", _("Anonymous")


def _valid_grades() -> Q:
    """The values each scheme allows (blank while a draft is being written)."""
    return Q(
        grading_scheme=Scheme.THREE_FIVE_TWO,
        source_evaluation__in=["", *SourceEvaluation.values],
        intelligence_assessment__in=["", *IntelligenceAssessment.values],
        handling_code__in=["", *HandlingCode.values],
    ) | Q(
        grading_scheme=Scheme.FIVE_FIVE_FIVE,
        source_evaluation__in=["", *LEGACY_SOURCE],
        intelligence_assessment__in=["", *LEGACY_INTELLIGENCE],
        handling_code__in=["", *LEGACY_HANDLING],
    )


class IntelligenceReport(TrackedModel):
    """A graded intelligence submission: what was seen or heard, its source and its 3x5x2 grade."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="intelligence_reports")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intelligence_reports"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    report_type = models.ForeignKey(
        "intelligence.ReportType",
        verbose_name=_("type of report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(
        _("what was seen or heard"),
        blank=True,
        help_text=_("Facts only. Leave out anything that could identify the source."),
    )
    location_text = models.CharField(_("where"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    occurred_at = models.DateTimeField(_("when"), null=True, blank=True)
    source_type = models.CharField(_("source"), max_length=20, choices=SourceType.choices, blank=True)
    grading_scheme = models.CharField(
        _("grading scheme"), max_length=5, choices=Scheme.choices, default=Scheme.THREE_FIVE_TWO
    )
    source_evaluation = models.CharField(_("source evaluation"), max_length=1, blank=True)
    intelligence_assessment = models.CharField(_("intelligence assessment"), max_length=1, blank=True)
    handling_code = models.CharField(_("handling code"), max_length=1, blank=True)
    handling_conditions = models.TextField(_("handling conditions"), blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )
    places_of_interest = models.BooleanField(
        _("touches counter-terrorism places of interest"),
        default=False,
        help_text=_("Flags the report for onward referral to counter-terrorism policing."),
    )
    sanitised = models.BooleanField(
        _("I have removed anything that could identify the source"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    review_due_on = models.DateField(_("retention review due"), null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    subjects_text = models.TextField(blank=True, editable=False, help_text=_("Its subjects, for search."))
    # Full-text search over what was seen or heard (weighted first) and the subjects, kept by
    # PostgreSQL itself so no write can leave it stale.
    search_vector = models.GeneratedField(
        expression=SearchVector("text", weight="A", config="english")
        + SearchVector("subjects_text", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # Supervisors of the team see its reports; everyone else only their own and those
    # disseminated to them (pcso/permissions.py; intelligence/rules.py narrows drafts).
    scope = Scope(team="team", visibility="supervised", owner="submitted_by", shareable=True, sensitive=True)
    audit_exclude = ("search_vector",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("intelligence report")
        permissions = [
            ("review_intelligencereport", "Review, grade and decide on an intelligence report"),
            ("disseminate_intelligencereport", "Disseminate an accepted intelligence report"),
            ("retention_intelligencereport", "Record retention review decisions on intelligence"),
        ]
        indexes = [
            models.Index(fields=["team", "-created_at"], name="intel_team_created"),
            models.Index(fields=["submitted_by", "-created_at"], name="intel_author_created"),
            models.Index(fields=["team", "status", "priority", "submitted_at"], name="intel_review_queue"),
            models.Index(fields=["team", "review_due_on"], name="intel_retention_due"),
            GinIndex(fields=["search_vector"], name="intel_search"),
        ]
        constraints = [
            models.CheckConstraint(condition=_valid_grades(), name="intel_grade_of_its_scheme"),
            models.CheckConstraint(
                condition=~Q(grading_scheme=Scheme.THREE_FIVE_TWO, handling_code="C", handling_conditions=""),
                name="intel_handling_c_has_conditions",
            ),
        ]

    def __str__(self) -> str:
        return _("Intelligence report #%(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("intelligence:report-detail", args=[self.pk])

    @property
    def grade(self) -> Grade:
        return Grade(
            self.grading_scheme,
            self.source_evaluation,
            self.intelligence_assessment,
            self.handling_code,
            self.handling_conditions,
        )

    @property
    def is_editable(self) -> bool:
        """The author finishes a draft, or changes a report returned to them."""
        return self.status in (Status.DRAFT, Status.RETURNED) and self.disposed_at is None

    @property
    def is_disposed(self) -> bool:
        return self.disposed_at is not None

    def clean(self):
        errors = self.grade.errors()
        if errors:
            raise ValidationError(errors)


class Involvement(models.TextChoices):
    """How a subject is involved in an intelligence report: the role it plays."""

    SUSPECT = "suspect", _("Suspect")
    ASSOCIATE = "associate", _("Associate")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    VEHICLE = "vehicle", _("Vehicle")
    ADDRESS = "address", _("Address")
    PLACE = "place", _("Place or business")
    PHONE = "phone", _("Phone number or account")
    OTHER = "other", _("Other")


class Subject(TrackedModel):
    """A person, vehicle, address or other thing an intelligence report is about, with its role."""

    report = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE, related_name="subjects")
    role = models.CharField(_("role"), max_length=20, choices=Involvement.choices)
    description = models.CharField(
        _("who or what"), max_length=200, help_text=_("A name, a registration number, an address…")
    )

    scope = Scope(
        team="report__team",
        visibility="supervised",
        owner="report__submitted_by",
        shared_via="report",
        sensitive=True,
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("intelligence:report-detail", args=[self.report_id])


class ReportEvent(TrackedModel):
    """One step in an intelligence report's history: submitted, reviewed, regraded, returned, disseminated…"""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEW_STARTED = "review_started", _("Review started")
        ACCEPTED = "accepted", _("Accepted")
        REGRADED = "regraded", _("Regraded")
        RETURNED = "returned", _("Returned for changes")
        REJECTED = "rejected", _("Rejected")
        DISSEMINATED = "disseminated", _("Disseminated")
        RETAINED = "retained", _("Retained after review")
        DISPOSED = "disposed", _("Disposed of after review")
        IMPORTED = "imported", _("Imported with a legacy grade")

    report = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    grade_before = models.CharField(max_length=20, blank=True)
    grade_after = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    shared_with = models.CharField(max_length=200, blank=True)

    scope = Scope(
        team="report__team",
        visibility="supervised",
        owner="report__submitted_by",
        shared_via="report",
        sensitive=True,
    )

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["report", "at"], name="intel_event_report_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.report_id}"

    def get_absolute_url(self) -> str:
        return reverse("intelligence:report-detail", args=[self.report_id])


class IntelligenceReportUserObjectPermission(UserObjectPermissionBase):
    """An intelligence report disseminated to one officer."""

    content_object = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE)


class IntelligenceReportGroupObjectPermission(GroupObjectPermissionBase):
    """An intelligence report disseminated to another team (its group)."""

    content_object = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE)
