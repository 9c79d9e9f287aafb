"""Dashboard figures: apps register them in their figures.py, the core composes the two pages
(the sergeant's team page and the neighbourhood dashboard) without importing any app.

    from pcso.figures import Column, Table, officer_columns, neighbourhood_columns, queue, section, map_layer

    @officer_columns(order=10)
    def patrol_columns(user, officer_ids, period) -> list[Column]:   # one SQL aggregation each
        return [Column("patrol_hours", _("Patrol hours"), {officer_id: hours, ...})]

    @neighbourhood_columns(order=20)
    def guarantee_columns(user, neighbourhood_ids, period) -> list[Column]:   # the same, per area
        return [Column("queries_due", _("Queries due"), {neighbourhood_id: count, ...},
                       headline=_("Queries due")),                   # a total compared with last period
                Column("queries_share", _("Answered in time"), {...}, met={neighbourhood_id: True, ...})]

    @queue(order=10)
    def patrols_to_sign_off(user) -> Queue | None: ...

    @section(page="neighbourhoods", key="crime-trend", order=50)
    def crime_trend(user, period) -> Table | None: ...               # None hides it
    # Table(..., headline={1: _("Notices issued")}): column 1's total opens the page when it changed

    @map_layer(order=30)
    def crime_points(user, period) -> Layer | None: ...

Every figure is an aggregate in SQL over the rows the user may see (pcso.permissions.visible),
so a page costs the same number of queries whatever the data. Every table exports to CSV through
one view here (`dashboard-export`), audited; every chart is drawn from the table beside it.

The neighbourhood dashboard opens with its headline (`headline()`): the guarantee measures per
neighbourhood, worst first (the columns that say, by `met`, whether each neighbourhood meets
them), and the totals the apps mark as headline numbers that changed since the previous period,
each linking to its table.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Neighbourhood, Officer
from .permissions import teams_for, visible

LONDON = ZoneInfo("Europe/London")
PAGES = ("team", "neighbourhoods")


# The period a page shows: a week (Monday to Sunday) or a calendar month, London time.


@dataclass(frozen=True)
class Period:
    kind: str  # "week" or "month"
    start: date
    end: date  # exclusive

    @property
    def lo(self) -> datetime:
        return datetime.combine(self.start, time(), LONDON)

    @property
    def hi(self) -> datetime:
        return datetime.combine(self.end, time(), LONDON)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        return f"{self.start:%d/%m/%Y} – {self.end - timedelta(days=1):%d/%m/%Y}"

    @property
    def query(self) -> str:
        return f"week={self.start:%Y-%m-%d}" if self.kind == "week" else f"month={self.start:%Y-%m}"

    def step(self, n: int) -> Period:
        if self.kind == "week":
            return week(self.start + timedelta(weeks=n))
        index = self.start.year * 12 + self.start.month - 1 + n
        return month(date(index // 12, index % 12 + 1, 1))

    @property
    def previous(self) -> Period:
        return self.step(-1)

    @property
    def next(self) -> Period:
        return self.step(1)


def week(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period("week", monday, monday + timedelta(days=7))


def month(day: date) -> Period:
    first = day.replace(day=1)
    return Period("month", first, first + timedelta(days=calendar.monthrange(first.year, first.month)[1]))


def parse_period(params, today: date | None = None) -> Period:
    """?week=YYYY-MM-DD (any day of the week) or ?month=YYYY-MM; this week otherwise. A value
    that does not read as a date falls back to this week rather than failing the page."""
    today = today or datetime.now(LONDON).date()
    try:
        if params.get("month"):
            chosen = datetime.strptime(params["month"], "%Y-%m").date()
            if 2000 <= chosen.year <= today.year + 1:
                return month(chosen)
        if params.get("week"):
            chosen = date.fromisoformat(params["week"])
            if 2000 <= chosen.year <= today.year + 1:
                return week(chosen)
    except ValueError:
        pass
    return week(today)


# What apps register


@dataclass
class Column:
    """One per-officer figure of the team page (officer id -> value), or one per-neighbourhood
    measure of the neighbourhood dashboard (neighbourhood id -> value); missing: the default."""

    key: str
    label: str
    values: dict[int, Any]
    # Drawn in the team chart: a sergeant reads five bars an officer, not eleven, so only the
    # headline of each kind of work (hours on patrol, contacts, reports, follow-ups); every
    # figure is in the table beside it.
    chart: bool = False
    default: Any = 0  # for an officer with no value
    # A guarantee measure: per neighbourhood, whether it is met; a neighbourhood left out is not
    # measured (no query fell due, say). The dashboard opens with those that miss the most.
    met: dict[int, bool] | None = None
    # Its total over the rows is a headline number, shown under this name when it changed since
    # the previous period.
    headline: str = ""


@dataclass
class Queue:
    """A review queue: what waits, how many, where to work on it."""

    label: str
    count: int
    url: str


@dataclass
class Table:
    """A table of figures; with `chart`, a chart drawn from it: `chart_columns` are the indexes
    of the columns plotted against the first column."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    chart: str = ""  # "", "bar", "stacked", "line"
    chart_columns: list[int] = field(default_factory=list)
    note: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url) under the table
    page: str = ""
    query: str = ""
    # column index -> the name of its total among the headline numbers (compared with the
    # previous period; shown when it changed)
    headline: dict[int, str] = field(default_factory=dict)
    # For a table of registered columns: the row's officer or neighbourhood id, and the columns.
    row_ids: list[int] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)

    @property
    def export_url(self) -> str:
        url = reverse("dashboard-export", args=[self.page, self.key])
        return f"{url}?{self.query}" if self.query else url


@dataclass
class Layer:
    """A map layer: a GeoJSON URL and how to draw it ("areas", "dose" or "points")."""

    name: str
    url: str
    kind: str


@dataclass(frozen=True)
class _Entry:
    order: int
    key: str
    fn: Callable
    page: str = ""


OFFICER_COLUMNS: list[_Entry] = []
NEIGHBOURHOOD_COLUMNS: list[_Entry] = []
QUEUES: list[_Entry] = []
SECTIONS: list[_Entry] = []
MAP_LAYERS: list[_Entry] = []


def _register(registry: list[_Entry], entry: _Entry) -> None:
    registry[:] = [e for e in registry if (e.page, e.key) != (entry.page, entry.key)]
    registry.append(entry)
    registry.sort(key=lambda e: (e.order, e.key))


def _name(fn) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def officer_columns(*, order: int):
    """fn(user, officer_ids, period) -> list[Column]: figures per officer on the team page."""

    def decorator(fn):
        _register(OFFICER_COLUMNS, _Entry(order, _name(fn), fn))
        return fn

    return decorator


def neighbourhood_columns(*, order: int):
    """fn(user, neighbourhood_ids, period) -> list[Column]: the guarantee measures per
    neighbourhood on the neighbourhood dashboard."""

    def decorator(fn):
        _register(NEIGHBOURHOOD_COLUMNS, _Entry(order, _name(fn), fn))
        return fn

    return decorator


def queue(*, order: int):
    """fn(user) -> Queue | None: a review queue on the team page."""

    def decorator(fn):
        _register(QUEUES, _Entry(order, _name(fn), fn))
        return fn

    return decorator


def section(*, page: str | tuple[str, ...], key: str, order: int):
    """fn(user, period) -> Table | None: a table (and chart) on one page or both."""
    pages = (page,) if isinstance(page, str) else page
    unknown = set(pages) - set(PAGES)
    if unknown:
        raise ValueError(f"No dashboard called {', '.join(sorted(unknown))}: they are {', '.join(PAGES)}")

    def decorator(fn):
        for name in pages:
            _register(SECTIONS, _Entry(order, key, fn, name))
        return fn

    return decorator


def map_layer(*, order: int):
    """fn(user, period) -> Layer | None: a layer of the neighbourhood dashboard's map."""

    def decorator(fn):
        _register(MAP_LAYERS, _Entry(order, _name(fn), fn))
        return fn

    return decorator


# Composing the pages


def team_officers(user):
    """The active officers of the teams this user supervises, by team and name."""
    return (
        Officer.objects.filter(team__in=teams_for(user, "review"), is_active=True)
        .select_related("team")
        .order_by("team__name", "last_name", "first_name")
    )


def _registered_table(user, period: Period, registry, things: list, label, **table) -> Table:
    """One row per thing (an officer, a neighbourhood), labelled by `label`, with the columns
    the apps registered for it; charted as bars from the columns marked `chart`."""
    ids = [thing.pk for thing in things]
    columns = [column for entry in registry for column in entry.fn(user, ids, period)]
    return Table(
        headers=[table.pop("first")] + [str(c.label) for c in columns],
        rows=[[label(thing)] + [c.values.get(thing.pk, c.default) for c in columns] for thing in things],
        chart="bar",
        chart_columns=[i + 1 for i, c in enumerate(columns) if c.chart],
        query=period.query,
        headline={i + 1: str(c.headline) for i, c in enumerate(columns) if c.headline},
        row_ids=ids,
        columns=columns,
        **table,
    )


def officer_table(user, period: Period) -> Table:
    officers = list(team_officers(user))
    several_teams = len({o.team_id for o in officers}) > 1
    return _registered_table(
        user,
        period,
        OFFICER_COLUMNS,
        officers,
        lambda o: o.full_name + (f" ({o.team.name})" if several_teams else ""),
        key="officers",
        title=str(_("Per officer")),
        first=str(_("Officer")),
        page="team",
    )


def neighbourhood_table(user, period: Period) -> Table:
    """The Neighbourhood Policing Guarantee, one row per neighbourhood the user may see."""
    neighbourhoods = list(
        visible(user, Neighbourhood.objects.select_related("team")).order_by("team__name", "name")
    )
    return _registered_table(
        user,
        period,
        NEIGHBOURHOOD_COLUMNS,
        neighbourhoods,
        lambda n: f"{n.name} ({n.team.name})",
        key="guarantee",
        title=str(_("Neighbourhood Policing Guarantee")),
        first=str(_("Neighbourhood")),
        page="neighbourhoods",
    )


def sections(user, page: str, period: Period, key: str | None = None) -> list[Table]:
    tables = []
    for entry in SECTIONS:
        if entry.page != page or (key is not None and entry.key != key):
            continue
        table = entry.fn(user, period)
        if table is not None:
            table.key, table.page, table.query = entry.key, page, period.query
            tables.append(table)
    return tables


def queues(user) -> list[Queue]:
    return [q for entry in QUEUES if (q := entry.fn(user)) is not None]


def map_layers(user, period: Period) -> list[Layer]:
    return [layer for entry in MAP_LAYERS if (layer := entry.fn(user, period)) is not None]


def table(user, page: str, key: str, period: Period) -> Table | None:
    """One table of a page, for its CSV export."""
    if page == "team" and key == "officers":
        return officer_table(user, period)
    if page == "neighbourhoods" and key == "guarantee":
        return neighbourhood_table(user, period)
    found = sections(user, page, period, key)
    return found[0] if found else None


# The neighbourhood dashboard's headline: what an inspector reads first.

HEADLINE_AREAS = 5  # the worst neighbourhoods listed; every one is in the guarantee table


@dataclass
class Standing:
    """A neighbourhood against the guarantee: the measures it missed, as (label, value shown)."""

    name: str
    measured: int
    missed: list[tuple[str, Any]]


@dataclass
class Change:
    """A headline number of this period against the previous one, and the table that holds it."""

    label: str
    now: Any
    before: Any
    table: str


@dataclass
class Headline:
    areas: list[Standing]
    more_areas: int  # neighbourhoods beyond the ones listed
    changes: list[Change]


def worst_first(guarantee: Table) -> list[Standing]:
    """Each neighbourhood of the guarantee table with the measures it missed, most missed first
    (ties keep the table's order: by team and name)."""
    measures = [(i + 1, c) for i, c in enumerate(guarantee.columns) if c.met is not None]
    standings = []
    for row, pk in zip(guarantee.rows, guarantee.row_ids, strict=True):
        judged = [(i, c) for i, c in measures if pk in c.met]
        missed = [(str(c.label), row[i]) for i, c in judged if not c.met[pk]]
        standings.append(Standing(row[0], len(judged), missed))
    return sorted(standings, key=lambda standing: -len(standing.missed))


def _total(table: Table, index: int):
    return sum(
        row[index]
        for row in table.rows
        if isinstance(row[index], int | float) and not isinstance(row[index], bool)
    )


def _changes(now: Table, before: Table) -> list[Change]:
    changes = []
    for index, label in now.headline.items():
        this, last = _total(now, index), _total(before, index)
        if this != last:
            changes.append(Change(label, this, last, now.key))
    return changes


def headline(user, period: Period, guarantee: Table, tables: list[Table]) -> Headline:
    """The guarantee worst first, and the headline numbers of the guarantee table and of the
    page's tables that changed since the previous period (the week or month before): those
    tables are computed again for it, each in as many queries as for this period."""
    before = period.previous
    changes = []
    if guarantee.headline:
        changes += _changes(guarantee, neighbourhood_table(user, before))
    for table in tables:
        if table.headline:
            previous = sections(user, table.page, before, table.key)
            if previous:
                changes += _changes(table, previous[0])
    areas = worst_first(guarantee)
    return Headline(areas[:HEADLINE_AREAS], max(0, len(areas) - HEADLINE_AREAS), changes)


# The core's own layer: the boundaries of the neighbourhoods the user may see.


@map_layer(order=10)
def neighbourhood_boundaries(user, period: Period) -> Layer:
    return Layer(str(_("Neighbourhood boundaries")), reverse("dashboard-boundaries"), "areas")
