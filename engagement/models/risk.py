from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pcso.models import Bilingual, TrackedModel, require_welsh, welsh_field
from pcso.scope import Scope


class RiskQuestion(TrackedModel):
    """One question of the force's ASB victim risk matrix, with its weight."""

    class Category(models.TextChoices):
        PERSONAL = "personal", _("Personal")
        SITUATIONAL = "situational", _("Situational")
        INCIDENT = "incident", _("Incident")

    text = models.CharField(max_length=300)
    text_cy = welsh_field(_("question in Welsh"), 300)
    category = models.CharField(max_length=20, choices=Category.choices)
    weight = models.PositiveSmallIntegerField(help_text=_("Points added to the score when answered yes."))
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    # The question in the reader's language: what the assessment form asks.
    display_text = Bilingual("text")

    def __str__(self) -> str:
        return self.display_text

    def clean(self):
        errors = require_welsh(self, "text", in_use=self.active)  # asked on the form
        if errors:
            raise ValidationError(errors)


class RiskBand(TrackedModel):
    """A band of the risk matrix (standard, medium, high): its minimum score, follow-up schedule
    and review cadence."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=40)
    name_cy = welsh_field(_("name in Welsh"), 40)
    min_score = models.PositiveSmallIntegerField(help_text=_("A score at or above this is in the band."))
    first_follow_up_hours = models.PositiveIntegerField(
        help_text=_("The first visit is due within these hours.")
    )
    follow_up_interval_days = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Then one every so many days; empty: no further visits.")
    )
    sergeant_review_days = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Sergeant reviews the case every so many days; empty: none.")
    )
    inspector_review_days = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Inspector reviews the case every so many days; empty: none.")
    )
    needs_action_plan = models.BooleanField(
        default=False, help_text=_("The victim is vulnerable: a Vulnerable Victim Action Plan is required.")
    )

    class Meta:
        ordering = ["min_score"]

    # The name in the reader's language: what pages, forms and exports show.
    display_name = Bilingual("name")

    def __str__(self) -> str:
        return self.display_name

    def clean(self):
        errors = require_welsh(self, "name", in_use=True)  # every band is in use
        if errors:
            raise ValidationError(errors)

    def __lt__(self, other: "RiskBand") -> bool:
        return self.min_score < other.min_score

    @property
    def is_highest(self) -> bool:
        """The top band of the matrix: "high risk", whatever bands the matrix has. The same
        meaning as in_highest_band() for rows."""
        return not RiskBand.objects.filter(min_score__gt=self.min_score).exists()

    @classmethod
    def for_score(cls, score: int) -> "RiskBand":
        return cls.objects.filter(min_score__lte=score).order_by("-min_score").first() or cls.objects.first()


def in_highest_band(path: str = "band") -> Q:
    """Rows whose band (at this field path) is the top band of the matrix: high risk, one
    definition for rules, queries and home pages (a band added above "high" counts)."""
    top = RiskBand.objects.order_by("-min_score").values("min_score")[:1]
    return Q(**{f"{path}__min_score__gte": Subquery(top)})


class RiskAssessment(TrackedModel):
    """One vulnerability assessment of a victim case, kept as it was made."""

    case = models.ForeignKey("VictimCase", on_delete=models.CASCADE, related_name="assessments")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()
    answers = models.JSONField(default=dict, help_text=_("{question id: true/false} as answered."))
    score = models.PositiveSmallIntegerField()
    computed_band = models.ForeignKey(RiskBand, on_delete=models.PROTECT, related_name="+")
    final_band = models.ForeignKey(RiskBand, on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField(blank=True, help_text=_("Why the band differs from the computed one."))

    scope = Scope(team="case__team", shared_via="case", sensitive=True)

    class Meta:
        ordering = ["-assessed_at", "-pk"]

    def __str__(self) -> str:
        return f"Risk {self.final_band} ({self.score}) on {self.assessed_at:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:case-detail", args=[self.case_id])
