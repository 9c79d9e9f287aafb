"""Reads of published crime data: hotspot suggestions on a metric grid, types and months.

Cells are squares of `size_m` metres on a local equirectangular grid: a point's cell is
floor(longitude · metres per degree of longitude at the reference latitude / size) by
floor(latitude · metres per degree of latitude / size), computed in SQL and counted there.
The reference latitude is the team's, rounded to a tenth of a degree, so a cell has the same
number on the suggestions page and when it is turned into a hotspot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import cos, radians

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Floor

from pcso.dates import months_before
from pcso.models import Neighbourhood, Team
from pcso.permissions import visible

from ..models import ASB, CrimeRecord

METRES_PER_DEGREE = 111_320.0
DEFAULT_CELL_M = 150
MIN_CELL_M, MAX_CELL_M = 50, 1000
# Where a team has no neighbourhood centre yet (the City of London).
FALLBACK_LATITUDE = 51.5


class Mode(Aggregate):
    """PostgreSQL's mode(): the most frequent value in the group."""

    function = "mode"
    template = "%(function)s() WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = CharField()


@dataclass(frozen=True)
class Grid:
    size_m: int
    reference_latitude: float

    @property
    def metres_per_degree_longitude(self) -> float:
        return METRES_PER_DEGREE * cos(radians(self.reference_latitude))

    def x_of(self, longitude):
        return Floor(Cast(longitude, FloatField()) * self.metres_per_degree_longitude / self.size_m)

    def y_of(self, latitude):
        return Floor(Cast(latitude, FloatField()) * METRES_PER_DEGREE / self.size_m)

    def cell_of(self, latitude: float, longitude: float) -> tuple[int, int]:
        from math import floor

        return (
            floor(longitude * self.metres_per_degree_longitude / self.size_m),
            floor(latitude * METRES_PER_DEGREE / self.size_m),
        )

    def bounds(self, x: int, y: int) -> tuple[float, float, float, float]:
        """(south, west, north, east) of a cell, in degrees."""
        step_lat = self.size_m / METRES_PER_DEGREE
        step_lng = self.size_m / self.metres_per_degree_longitude
        return y * step_lat, x * step_lng, (y + 1) * step_lat, (x + 1) * step_lng

    def polygon(self, x: int, y: int) -> dict:
        south, west, north, east = (round(v, 6) for v in self.bounds(x, y))
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        return {"type": "Polygon", "coordinates": [ring]}


def grid_for(team: Team, size_m: int = DEFAULT_CELL_M) -> Grid:
    centre = Neighbourhood.objects.filter(team=team).aggregate(lat=Avg("centre_latitude"))["lat"]
    latitude = round(float(centre), 1) if centre is not None else FALLBACK_LATITUDE
    return Grid(size_m=size_m, reference_latitude=latitude)


@dataclass
class Cell:
    x: int
    y: int
    total: int
    asb: int
    place: str
    grid: Grid
    hotspot: object = None  # an active hotspot of the team already in this cell

    @property
    def crimes(self) -> int:
        return self.total - self.asb

    @property
    def centre(self) -> tuple[float, float]:
        south, west, north, east = self.grid.bounds(self.x, self.y)
        return (south + north) / 2, (west + east) / 2


def crime_records(user, *, team: Team | None = None, start: date | None = None, end: date | None = None,
                  types: list[str] | None = None) -> QuerySet[CrimeRecord]:  # fmt: skip
    """Imported crimes and ASB in the user's scope (the neighbourhoods of their teams)."""
    records = visible(user, CrimeRecord.objects.all())
    if team is not None:
        records = records.filter(neighbourhood__team=team)
    if start is not None:
        records = records.filter(month__gte=start)
    if end is not None:
        records = records.filter(month__lte=end)
    if types:
        records = records.filter(crime_type__in=types)
    return records


def rank_cells(records: QuerySet[CrimeRecord], grid: Grid, limit: int = 20) -> list[Cell]:
    """The grid cells with most records, most first (ties: north then west first). One query."""
    rows = (
        records.exclude(latitude=None)
        .annotate(cell_x=grid.x_of(F("longitude")), cell_y=grid.y_of(F("latitude")))
        .values("cell_x", "cell_y")
        .annotate(total=Count("pk"), asb=Count("pk", filter=Q(crime_type=ASB)), place=Mode("place"))
        .order_by("-total", "-cell_y", "cell_x")[:limit]
    )
    return [
        Cell(
            x=int(r["cell_x"]),
            y=int(r["cell_y"]),
            total=r["total"],
            asb=r["asb"],
            place=r["place"] or "",
            grid=grid,
        )
        for r in rows
    ]


def mark_hotspots(cells: list[Cell], hotspots) -> None:
    """Note on each cell an active hotspot whose centre lies in it."""
    if not cells:
        return
    grid = cells[0].grid
    by_cell = {}
    for hotspot in hotspots:
        centre = hotspot.centre
        if centre is not None:
            by_cell.setdefault(grid.cell_of(*centre), hotspot)
    for cell in cells:
        cell.hotspot = by_cell.get((cell.x, cell.y))


def crime_types() -> list[str]:
    """Every crime type imported, in order: a skip scan of the crime_type index, one step a type,
    where DISTINCT would read every crime in the force."""
    table = CrimeRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE types(crime_type) AS (
                (SELECT crime_type FROM {table} ORDER BY crime_type LIMIT 1)
                UNION ALL
                SELECT (SELECT c.crime_type FROM {table} c WHERE c.crime_type > types.crime_type
                        ORDER BY c.crime_type LIMIT 1)
                FROM types WHERE types.crime_type IS NOT NULL
            )
            SELECT crime_type FROM types WHERE crime_type IS NOT NULL
            """  # noqa: S608 (the table name is the model's)
        )
        return [crime_type for (crime_type,) in cursor.fetchall()]


def latest_month() -> date | None:
    return CrimeRecord.objects.aggregate(latest=Max("month"))["latest"]


def recent_months(user, before: date, count: int) -> tuple[date, date] | None:
    """(first, last) of the `count` months up to the latest imported month before `before` that
    has records in the user's scope; None when there are none."""
    # Each neighbourhood's latest month is one step down its (neighbourhood, month) index; a
    # MAX over the scope's records would read every month of every neighbourhood. Only the
    # records the user may see count (none without the crime data permission).
    latest_each = (
        visible(user, CrimeRecord.objects.all())
        .filter(neighbourhood=OuterRef("pk"), month__lt=before)
        .order_by("-month")
        .values("month")[:1]
    )
    latest = (
        visible(user, Neighbourhood.objects.all())
        .annotate(last_month=Subquery(latest_each))
        .aggregate(latest=Max("last_month"))["latest"]
    )
    if latest is None:
        return None
    return months_before(latest, count - 1), latest


def monthly_counts_by_type(records: QuerySet[CrimeRecord]) -> list[dict]:
    """[{month, crime_type, n}] counted in SQL, by month then type."""
    # COUNT(*), not of a column the index lacks: read from the (neighbourhood, month, type) index.
    return list(records.values("month", "crime_type").annotate(n=Count("*")).order_by("month", "crime_type"))


def crime_points(records: QuerySet[CrimeRecord]) -> list[dict]:
    """One row per published snap point: its count, and the most frequent type and place there."""
    return list(
        records.exclude(latitude=None)
        .values("latitude", "longitude")
        .annotate(n=Count("pk"), crime_type=Mode("crime_type"), place=Mode("place"))
        .order_by("-n", "latitude", "longitude")
    )
