"""The sergeant's team page and the neighbourhood dashboard, composed from the figures apps
register (pcso/figures.py); each table's CSV export, marked OFFICIAL-SENSITIVE; the boundaries
layer of the map. The pages and their exports are kept by no cache (Cache-Control: no-store)."""

from __future__ import annotations

import csv

from django.conf import settings
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import audit, figures
from .exports import MARKING, safe_cell
from .models import Neighbourhood
from .permissions import teams_for, visible


def _supervisor(user) -> None:
    """Both pages are for those who supervise a team (sergeants, inspectors); not there for others."""
    if not teams_for(user, "review").exists():
        raise Http404("No such page")


# Both pages carry per-officer figures and names: no browser or proxy keeps a copy.
@never_cache
def team_dashboard(request):
    """Per officer for a week or a month, the review queues, and the team's charts."""
    _supervisor(request.user)
    period = figures.parse_period(request.GET)
    context = {
        "period": period,
        "officers": figures.officer_table(request.user, period),
        "queues": figures.queues(request.user),
        "tables": figures.sections(request.user, "team", period),
    }
    return render(request, "pcso/dashboard_team.html", context)


@never_cache
def neighbourhood_dashboard(request):
    """Per team and neighbourhood: first the headline (the guarantee worst first, the numbers
    that changed since the previous period), then the guarantee measures, victims, intelligence,
    notices, the crime trend, and a map of boundaries, hotspots by dose and crime points."""
    _supervisor(request.user)
    period = figures.parse_period(request.GET)
    guarantee = figures.neighbourhood_table(request.user, period)
    tables = figures.sections(request.user, "neighbourhoods", period)
    context = {
        "period": period,
        "headline": figures.headline(request.user, period, guarantee, tables),
        "guarantee": guarantee,
        "tables": tables,
        "layers": figures.map_layers(request.user, period),
        "map": {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
    }
    return render(request, "pcso/dashboard_neighbourhoods.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def dashboard_export(request, page: str, key: str):
    """One table of a dashboard as CSV: the figures the page shows, for the same period."""
    _supervisor(request.user)
    if page not in figures.PAGES:
        raise Http404("No such table")
    period = figures.parse_period(request.GET)
    table = figures.table(request.user, page, key, period)
    if table is None:
        raise Http404("No such table")
    audit.record_export(request.user, f"dashboard.{page}.{key}", len(table.rows), {"period": period.query})
    writer = csv.writer(_Echo())
    # Figures per officer and team, as the pages show them: marked like every sensitive export.
    lines = [writer.writerow([MARKING]), writer.writerow([safe_cell(str(h)) for h in table.headers])]
    lines += [writer.writerow([safe_cell(cell) for cell in row]) for row in table.rows]
    if table.note:
        lines.append(writer.writerow([str(table.note)]))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page}-{key}-{period.start:%Y-%m-%d}.csv"'
    return response


def neighbourhood_boundaries(request):
    """The boundaries of the neighbourhoods this user may see, as GeoJSON."""
    features = [
        {
            "type": "Feature",
            "geometry": n.boundary,
            "properties": {"name": n.name, "team": n.team.name, "url": n.get_absolute_url()},
        }
        for n in visible(request.user, Neighbourhood.objects.select_related("team"))
        if n.boundary
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})
