"""Writes that start from published crime data. A suggested cell becomes a hotspot through what
the patrols app offers the others (pcso/hooks.py): intelligence imports only the core, and
patrols knows nothing of intelligence."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from pcso import audit, hooks
from pcso.models import Team

from ..queries.crime import Grid, crime_records, rank_cells


@audit.service
def hotspot_from_cell(
    *, user, team: Team, grid: Grid, x: int, y: int, start: date, end: date, types: list[str],
    weekly_target_minutes: int = 60,
) -> Model:  # fmt: skip
    """Turn one grid cell into an active hotspot of the team, named after the place most of its
    records are near; its source says what the crime data showed."""
    records = crime_records(user, team=team, start=start, end=end, types=types)
    in_cell = records.alias(cell_x=grid.x_of("longitude"), cell_y=grid.y_of("latitude")).filter(
        cell_x=x, cell_y=y
    )
    cell = next(iter(rank_cells(in_cell, grid, limit=1)), None)
    area = in_cell.values("neighbourhood").annotate(n=Count("pk")).order_by("-n", "neighbourhood").first()
    south, west, north, east = grid.bounds(x, y)
    place = (cell.place if cell else "") or _("Grid cell")
    kinds = ", ".join(types) if types else _("all types")
    source = _("Crime data: %(n)s records (%(kinds)s), %(start)s to %(end)s, %(size)s m square") % {
        "n": cell.total if cell else 0,
        "kinds": kinds,
        "start": f"{start:%Y-%m}",
        "end": f"{end:%Y-%m}",
        "size": grid.size_m,
    }
    hotspot = hooks.offered("hotspots.new")(
        team=team,
        neighbourhood_id=area["neighbourhood"] if area else None,
        name=f"{place} ({(south + north) / 2:.4f}, {(west + east) / 2:.4f})"[:120],
        geometry=grid.polygon(x, y),
        weekly_target_minutes=weekly_target_minutes,
        active_from=timezone.localdate(),
        source=source[:200],
    )
    return hooks.offered("hotspots.save")(user=user, hotspot=hotspot)
