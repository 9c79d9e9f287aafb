"""What intelligence adds to the dashboards (pcso/figures.py): the month-by-month trend of
imported crime by type, and the crime points of the map. Published data carries the Open
Government Licence attribution wherever it shows."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from pcso.figures import Layer, Period, Table, map_layer, section

from . import crime_queries
from .models import OGL

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
