"""The intelligence CSV export: the reports the user may see, marked OFFICIAL-SENSITIVE, with
the ids it held in the audit trail."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso.exports import Column, Export, register

from .models import IntelligenceReport
from .queries import reports as report_queries


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _rows(user):
    return report_queries.report_list(user).order_by("created_at", "pk").prefetch_related("subjects")


register(
    Export(
        name="intelligence.reports",
        filename="intelligence-official-sensitive.csv",
        model=IntelligenceReport,
        sensitive=True,
        query=_rows,
        columns=[
            Column(_("Number"), "pk"),
            Column(_("Status"), lambda r: r.get_status_display()),
            Column(_("Type"), lambda r: str(r.report_type or "")),
            Column(_("Priority"), lambda r: r.get_priority_display() or ""),
            Column(_("Grade"), lambda r: r.grade.code),
            Column(_("Handling conditions"), "handling_conditions"),
            Column(
                _("Counter-terrorism places of interest"),
                lambda r: _("yes") if r.places_of_interest else _("no"),
            ),
            Column(_("When"), lambda r: _when(r.occurred_at)),
            Column(_("Where"), "location_text"),
            Column(_("What was seen or heard"), "text"),
            Column(_("Subjects"), lambda r: "; ".join(str(s) for s in r.subjects.all())),
            Column(_("Team"), "team.name"),
            Column(_("Submitted by"), "submitted_by.full_name"),
            Column(_("Submitted"), lambda r: _when(r.submitted_at)),
        ],
    )
)
