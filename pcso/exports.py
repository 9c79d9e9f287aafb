"""CSV exports: apps declare them in their exports.py, one exporter here streams them.

    from pcso.exports import Column, Export, register

    register(Export(name="patrols.patrols", filename="patrols.csv", model=Patrol,
                    columns=[Column("started", "started_at"), Column("officer", "officer.full_name")]))

    # in the view, over the rows the page lists:
    return exports.response(request, "patrols.patrols", queryset, filters={"from": ..., "to": ...})

The exporter streams rows from the database in chunks (never the whole table in memory), only
rows the user may see, guards every text cell against spreadsheet formulas, marks a sensitive
export OFFICIAL-SENSITIVE on its first line and forbids caching it, and writes one audit entry
before the first row: for a sensitive export the ids of the rows it holds (the count and the
filter when there are more than MAX_AUDITED_IDS), otherwise the count and the filter.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse

from . import audit
from .permissions import visible

MARKING = "OFFICIAL-SENSITIVE"
CHUNK = 500
MAX_AUDITED_IDS = 5000
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection),
# also behind spaces or line breaks, and in their full-width forms.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
LEADING_BLANKS = " \t\r\n"


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, prefixed with a quote so it shows as typed:
    every cell and every header (a header may come from data: an imported crime type)."""
    if isinstance(value, str) and (
        value[:1] in ("\t", "\r") or value.lstrip(LEADING_BLANKS).startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column: its header and its value, a dotted attribute path or fn(row)."""

    header: str
    value: str | Callable[[Any], Any]

    def cell(self, row: Model) -> Any:
        if callable(self.value):
            return self.value(row)
        value: Any = row
        for name in self.value.split("."):
            value = getattr(value, name)
            if value is None:
                return ""
        return value


@dataclass(frozen=True)
class Export:
    """A CSV export an app offers: its columns over rows of one model."""

    name: str
    filename: str
    model: type[Model]
    columns: list[Column]
    sensitive: bool = False
    # The key the audit entry lists a sensitive export's ids under.
    ids_key: str = "ids"
    # The rows when the view gives none: fn(user) -> queryset.
    query: Callable[[Any], QuerySet] | None = field(default=None, compare=False)

    def __post_init__(self):
        # Rows of a sensitive model make a sensitive export, declared once, on the model.
        if getattr(self.model, "sensitive", False):
            object.__setattr__(self, "sensitive", True)


EXPORTS: dict[str, Export] = {}


def register(export: Export) -> Export:
    EXPORTS[export.name] = export
    return export


class _Echo:
    """csv.writer writes each row here and gets the line back to stream."""

    def write(self, value: str) -> str:
        return value


def _lines(export: Export, rows: QuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    if export.sensitive:
        yield writer.writerow([MARKING])
    yield writer.writerow([safe_cell(str(column.header)) for column in export.columns])
    for row in rows.iterator(chunk_size=CHUNK):
        yield writer.writerow([safe_cell(column.cell(row)) for column in export.columns])


def _audit(user, export: Export, rows: QuerySet, filters: dict) -> QuerySet:
    """One entry before the first row; returns the rows to stream (exactly those audited)."""
    label = f"{export.model._meta.app_label}.{export.model._meta.model_name}"
    if export.sensitive:
        ids = list(rows.values_list("pk", flat=True)[: MAX_AUDITED_IDS + 1])
        if len(ids) <= MAX_AUDITED_IDS:
            audit.record_export(user, label, len(ids), {export.ids_key: ids})
            return rows.filter(pk__in=ids)
    audit.record_export(user, label, rows.count(), filters)
    return rows


def response(
    request, name: str, queryset: QuerySet | None = None, *, filename: str | None = None, filters=None
) -> StreamingHttpResponse:
    """Stream the export `name` over queryset (the rows the page lists) as a CSV download."""
    export = EXPORTS[name]
    if queryset is None:
        queryset = export.query(request.user)
    rows = _audit(request.user, export, visible(request.user, queryset), filters or {})
    download = StreamingHttpResponse(_lines(export, rows), content_type="text/csv; charset=utf-8")
    download["Content-Disposition"] = f'attachment; filename="{filename or export.filename}"'
    if export.sensitive:
        download["Cache-Control"] = "no-store"
    return download
