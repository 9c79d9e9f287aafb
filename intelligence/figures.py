"""What intelligence adds to the dashboards (pcso/figures.py): per officer reports submitted and
accepted; the review queue; the intelligence flow per team; the month-by-month trend of imported
crime by type, and the crime points of the map. Counts only: no report content reaches a
dashboard. Published data carries the Open Government Licence attribution wherever it shows."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pcso import permissions
from pcso.figures import Column, Layer, Period, Queue, Table, map_layer, officer_columns, queue, section
from pcso.models import Team

from .models import OGL, IntelligenceReport, ReportEvent
from .queries import crime as crime_queries
from .queries import reports as report_queries

# The steps of the flow, in the order a report takes them.
FLOW = (
    ReportEvent.Action.SUBMITTED,
    ReportEvent.Action.REVIEW_STARTED,
    ReportEvent.Action.ACCEPTED,
    ReportEvent.Action.RETURNED,
    ReportEvent.Action.REJECTED,
    ReportEvent.Action.DISSEMINATED,
)


def _steps(user, period: Period, **reports):
    """The steps taken in the period by the reports this user may see (narrowed by `reports`)."""
    visible = permissions.visible(user, IntelligenceReport.objects.all()).filter(**reports)
    return ReportEvent.objects.filter(
        report__in=visible.values("pk"), at__gte=period.lo, at__lt=period.hi, action__in=FLOW
    )


def _counted(step) -> Count:
    """The reports that took this step: returned and submitted again in one period is one."""
    return Count("report", distinct=True, filter=Q(action=step))


@officer_columns(order=40)
def report_columns(user, officer_ids, period: Period) -> list[Column]:
    """Per officer, their reports submitted and accepted in the period. One query."""
    rows = (
        _steps(user, period, submitted_by_id__in=officer_ids)
        .values("report__submitted_by")
        .annotate(
            submitted=_counted(ReportEvent.Action.SUBMITTED), accepted=_counted(ReportEvent.Action.ACCEPTED)
        )
    )
    submitted, accepted = {}, {}
    for row in rows:
        submitted[row["report__submitted_by"]] = row["submitted"]
        accepted[row["report__submitted_by"]] = row["accepted"]
    return [
        Column("intelligence_submitted", _("Intelligence submitted"), submitted, chart=True),
        Column("intelligence_accepted", _("Intelligence accepted"), accepted),
    ]


@queue(order=20)
def reports_to_review(user) -> Queue | None:
    if not user.has_perm("intelligence.review_intelligencereport"):
        return None
    return Queue(
        _("Intelligence to review"),
        report_queries.review_queue(user).count(),
        reverse("intelligence:review-queue"),
    )


@section(page=("team", "neighbourhoods"), key="intelligence-flow", order=40)
def intelligence_flow(user, period: Period) -> Table:
    """Per team it supervises: the reports that took each step in the period. One query, and
    one for the teams."""
    supervised = permissions.team_ids(user, "review")
    counts = {
        row["report__team"]: row
        for row in _steps(user, period, team_id__in=supervised)
        .values("report__team")
        .annotate(**{step.value: _counted(step) for step in FLOW})
    }
    rows = []
    for team in permissions.visible(user, Team.objects.filter(pk__in=supervised).order_by("name")):
        row = counts.get(team.pk, {})
        rows.append([team.name, *(row.get(step.value, 0) for step in FLOW)])
    return Table(
        key="intelligence-flow",
        title=_("Intelligence flow"),
        headers=[
            _("Team"),
            *(
                _("Under review") if step == ReportEvent.Action.REVIEW_STARTED else step.label
                for step in FLOW
            ),
        ],
        rows=rows,
        chart="bar",
        chart_columns=list(range(1, len(FLOW) + 1)),
        note=_("Reports that took each step in the period; a report counts once per step."),
        headline={1: _("Intelligence reports submitted"), 3: _("Intelligence reports accepted")},
    )


TREND_MONTHS = 12
MAP_MONTHS = 3


@section(page="neighbourhoods", key="crime-trend", order=60)
def crime_trend(user, period: Period) -> Table | None:
    months = crime_queries.recent_months(user, period.end, TREND_MONTHS)
    if months is None:
        return Table(
            key="crime-trend",
            title=_("Imported crime and ASB by month and type"),
            headers=[_("Month"), _("Total")],
            rows=[],
            note=str(OGL),
            links=_links(user),
        )
    records = crime_queries.crime_records(user, start=months[0], end=months[1])
    counts = crime_queries.monthly_counts_by_type(records)
    types = sorted({row["crime_type"] for row in counts})
    by_month: dict = {}
    for row in counts:
        by_month.setdefault(row["month"], {})[row["crime_type"]] = row["n"]
    rows = [
        [f"{month:%Y-%m}", *(cells.get(t, 0) for t in types), sum(cells.values())]
        for month, cells in sorted(by_month.items())
    ]
    return Table(
        key="crime-trend",
        title=_("Imported crime and ASB by month and type"),
        headers=[_("Month"), *types, _("Total")],
        rows=rows,
        chart="stacked",
        chart_columns=list(range(1, len(types) + 1)),
        note=str(OGL),
        links=_links(user),
    )


def _links(user) -> list[tuple[str, str]]:
    links = [(_("Hotspot suggestions"), reverse("intelligence:hotspot-suggestions"))]
    if user.has_perm("intelligence.add_crimeimport"):
        links.append((_("Import crime data"), reverse("intelligence:crime-import")))
    return links


@map_layer(order=40)
def crime_points(user, period: Period) -> Layer | None:
    months = crime_queries.recent_months(user, period.end, MAP_MONTHS)
    if months is None:
        return None
    first, last = months
    url = reverse("intelligence:crime-points") + f"?start={first:%Y-%m}&end={last:%Y-%m}"
    return Layer(
        _("Crime and ASB, %(first)s to %(last)s") % {"first": f"{first:%m/%Y}", "last": f"{last:%m/%Y}"},
        url,
        "points",
    )
