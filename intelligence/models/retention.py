from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso.models import Bilingual, TrackedModel, require_welsh, welsh_field
from pcso.scope import Scope


class ReportType(TrackedModel):
    """A kind of intelligence report, with how long after acceptance it is reviewed (MOPI)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_cy = welsh_field(_("name in Welsh"), 100)
    review_after_years = models.PositiveSmallIntegerField(
        _("review after (years)"),
        default=6,
        help_text=_("Years from acceptance to the first retention review."),
    )
    active = models.BooleanField(_("offered on the form"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intelligence report type")

    # The name in the reader's language: what forms, pages and exports show.
    display_name = Bilingual("name")

    def __str__(self) -> str:
        return self.display_name

    def clean(self):
        errors = require_welsh(self, "name", in_use=self.active)  # offered on the form
        if errors:
            raise ValidationError(errors)


class RetentionReview(TrackedModel):
    """A supervisor's retention (MOPI) review of an intelligence report: retain, with a reason, or dispose."""

    class Decision(models.TextChoices):
        RETAIN = "retain", _("Retain")
        DISPOSE = "dispose", _("Dispose")

    report = models.ForeignKey(
        "intelligence.IntelligenceReport", on_delete=models.CASCADE, related_name="retention_reviews"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    scope = Scope(
        team="report__team",
        visibility="supervised",
        owner="report__submitted_by",
        shared_via="report",
        sensitive=True,
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} #{self.report_id}"

    def get_absolute_url(self) -> str:
        return reverse("intelligence:report-detail", args=[self.report_id])
