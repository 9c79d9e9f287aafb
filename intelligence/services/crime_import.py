"""Import of data.police.uk files: street-level crime and ASB, outcomes, stop and search.

Every quirk of the published files (samples in intelligence/data/police-uk/) is survived:
ASB rows with no Crime ID and no outcome, the same Crime ID on two rows, rows with no location,
`Month` as YYYY-MM, ISO dates with an offset, LSOA codes of either census (kept as published,
never joined across years), "On or near …" in odd capitals. A row that cannot be read is skipped
and the summary says why and on which lines; a row with no location is imported, counted and
reported: it counts in the force's figures but in no neighbourhood's and on no map.

Importing the same file again changes nothing: each row's key is a hash of the fields that say
which crime it is plus its place among identical rows of the file, and rows already there are
only updated where the published outcome changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import reduce

from django.db import connection
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from pcso import audit, fresh, geo
from pcso.db import unhurried
from pcso.models import Neighbourhood

from ..models import CrimeImport, CrimeOutcome, CrimeRecord, StopAndSearch

STREET_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]  # fmt: skip
OUTCOMES_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Outcome type",
]  # fmt: skip
STOP_AND_SEARCH_HEADER = [
    "Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude",
    "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation",
    "Object of search", "Outcome", "Outcome linked to object of search",
    "Removal of more than just outer clothing",
]  # fmt: skip
HEADERS = {
    CrimeImport.Kind.STREET: STREET_HEADER,
    CrimeImport.Kind.OUTCOMES: OUTCOMES_HEADER,
    CrimeImport.Kind.STOP_AND_SEARCH: STOP_AND_SEARCH_HEADER,
}
MAX_BYTES = 20 * 1024 * 1024
LINES_LISTED = 10
CHUNK = 1000
# One import at a time: two imports of one file would otherwise both find its rows new.
LOCK_ID = 1_400_001


class UnusableFile(ValueError):
    """The file as a whole cannot be imported (not a data.police.uk file, unreadable...)."""


@dataclass
class Summary:
    """What became of the rows of one file."""

    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    without_location: int = 0
    outside_neighbourhoods: int = 0
    outcomes_attached: int = 0
    skipped: dict = field(default_factory=dict)
    month: date | None = None

    def skip(self, reason: str, line: int) -> None:
        entry = self.skipped.setdefault(reason, {"count": 0, "lines": []})
        entry["count"] += 1
        if len(entry["lines"]) < LINES_LISTED:
            entry["lines"].append(line)


class Skip(Exception):
    """This row cannot be imported, for the reason given."""


# Reading the file


def read_text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise UnusableFile(
            _("The file is larger than 20 MB: data.police.uk files for one force and month are far smaller.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Files re-saved by a spreadsheet program on Windows.
        return data.decode("cp1252", errors="replace")


def detect_kind(text: str) -> str:
    """Which kind of file this is, from its header line."""
    try:
        first = next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        first = [_("(a line that cannot be read)")]
    header = [name.strip() for name in first]
    for kind, expected in HEADERS.items():
        if header == expected:
            return kind
    shown = ",".join(header)[:200] or _("(empty)")
    raise UnusableFile(
        _("This is not a data.police.uk street, outcomes or stop-and-search file: its first line is “%s”.")
        % shown
    )


def _rows(text: str):
    """(line number, header, cells) for each data row; blank lines are passed over. A line the
    CSV reader refuses (a cell over its 131,072 characters) comes as cells None."""
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield reader.line_num, header, None
            continue
        if not any(cell.strip() for cell in row):
            continue
        yield reader.line_num, header, row


# Reading one cell


def _month(value: str) -> date:
    try:
        parsed = datetime.strptime(value.strip()[:7], "%Y-%m")
    except ValueError:
        raise Skip(_("month not in YYYY-MM form")) from None
    return date(parsed.year, parsed.month, 1)


def _coordinates(row: dict) -> tuple[Decimal | None, Decimal | None]:
    """(latitude, longitude), or (None, None) for a row without a location."""
    lat, lng = row["Latitude"].strip(), row["Longitude"].strip()
    if not lat and not lng:
        return None, None
    try:
        latitude, longitude = Decimal(lat), Decimal(lng)
    except InvalidOperation:
        raise Skip(_("coordinates that are not numbers")) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Skip(_("coordinates outside the globe"))
    return latitude.quantize(Decimal("0.000001")), longitude.quantize(Decimal("0.000001"))


def place_of(location: str) -> str:
    """'On or near FLEET STREET' -> 'Fleet Street'; 'No Location' -> ''."""
    text = " ".join(location.split())
    if text.lower() in ("", "no location"):
        return ""
    if text.lower().startswith("on or near "):
        text = text[len("on or near ") :]
    if text.isupper() or text.islower():
        text = text.title()
    return text[:200]


def _boolean(value: str) -> bool | None:
    value = value.strip().lower()
    return {"true": True, "false": False}.get(value)


def _when(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Skip(_("date not in ISO 8601 form")) from None
    if parsed.tzinfo is None:
        raise Skip(_("date without a time zone offset"))
    return parsed


def _key(identity: tuple, seen: Counter) -> str:
    """The row's key: its identity, and how many identical rows came before it in the file."""
    seen[identity] += 1
    text = "\x1f".join(str(part) for part in identity) + f"\x1e{seen[identity]}"
    return hashlib.sha256(text.encode()).hexdigest()


# Neighbourhoods


class Locator:
    """Which neighbourhood a published snap point falls in (each point is looked up once)."""

    def __init__(self):
        self.areas = [
            (n.pk, n.boundary) for n in Neighbourhood.objects.exclude(boundary={}).only("pk", "boundary")
        ]
        self.cache: dict[tuple, int | None] = {}

    def __call__(self, latitude: Decimal | None, longitude: Decimal | None) -> int | None:
        if latitude is None:
            return None
        point = (latitude, longitude)
        if point not in self.cache:
            self.cache[point] = next(
                (
                    pk
                    for pk, boundary in self.areas
                    if geo.point_in_polygon(float(latitude), float(longitude), boundary)
                ),
                None,
            )
        return self.cache[point]


@audit.service
def locate_all() -> int:
    """Assign every imported crime and search to the neighbourhood its point falls in again, after
    boundaries changed. Returns the number of rows whose neighbourhood changed."""
    locator = Locator()
    changed = 0
    for model in (CrimeRecord, StopAndSearch):
        by_area = defaultdict(list)
        for latitude, longitude in (
            model.objects.exclude(latitude=None).values_list("latitude", "longitude").distinct()
        ):
            by_area[locator(latitude, longitude)].append(Q(latitude=latitude, longitude=longitude))
        for area, points in by_area.items():
            for start in range(0, len(points), CHUNK):
                rows = model.objects.filter(reduce(operator.or_, points[start : start + CHUNK]))
                rows = (
                    rows.exclude(neighbourhood=None) if area is None else rows.exclude(neighbourhood_id=area)
                )
                changed += rows.update(neighbourhood_id=area)
    if changed:
        fresh.changed_everything()  # rows moved between neighbourhoods: whose they were is gone
    return changed


# Rows of each kind: (row_key, fields) or Skip


def _street(row: dict, seen: Counter) -> dict:
    crime_type = " ".join(row["Crime type"].split())
    if not crime_type:
        raise Skip(_("no crime type"))
    month = _month(row["Month"])
    latitude, longitude = _coordinates(row)
    location = " ".join(row["Location"].split())[:200]
    fields = {
        "crime_ref": row["Crime ID"].strip()[:64],
        "month": month,
        "reported_by": row["Reported by"].strip()[:100],
        "falls_within": row["Falls within"].strip()[:100],
        "latitude": latitude,
        "longitude": longitude,
        "location": location,
        "place": place_of(location),
        "lsoa_code": row["LSOA code"].strip()[:12],
        "lsoa_name": row["LSOA name"].strip()[:100],
        "crime_type": crime_type[:100],
        "last_outcome": row["Last outcome category"].strip()[:200],
        "context": row["Context"].strip(),
    }
    identity = tuple(
        fields[name]
        for name in (
            "month",
            "falls_within",
            "crime_ref",
            "latitude",
            "longitude",
            "location",
            "lsoa_code",
            "crime_type",
        )
    )
    fields["row_key"] = _key(identity, seen)
    return fields


def _outcome(row: dict, seen: Counter) -> dict:
    crime_ref = row["Crime ID"].strip()[:64]
    if not crime_ref:
        raise Skip(_("no Crime ID to attach the outcome to"))
    outcome_type = " ".join(row["Outcome type"].split())
    if not outcome_type:
        raise Skip(_("no outcome type"))
    latitude, longitude = _coordinates(row)
    fields = {
        "crime_ref": crime_ref,
        "month": _month(row["Month"]),
        "latitude": latitude,
        "longitude": longitude,
        "location": " ".join(row["Location"].split())[:200],
        "lsoa_code": row["LSOA code"].strip()[:12],
        "outcome_type": outcome_type[:200],
    }
    fields["row_key"] = _key(tuple(fields.values()), seen)
    return fields


def _search(row: dict, seen: Counter) -> dict:
    search_type = row["Type"].strip()
    if not search_type:
        raise Skip(_("no search type"))
    latitude, longitude = _coordinates(row)
    fields = {
        "search_type": search_type[:60],
        "searched_at": _when(row["Date"]),
        "part_of_operation": _boolean(row["Part of a policing operation"]),
        "operation": row["Policing operation"].strip()[:200],
        "latitude": latitude,
        "longitude": longitude,
        "gender": row["Gender"].strip()[:40],
        "age_range": row["Age range"].strip()[:40],
        "self_defined_ethnicity": row["Self-defined ethnicity"].strip()[:200],
        "officer_defined_ethnicity": row["Officer-defined ethnicity"].strip()[:60],
        "legislation": row["Legislation"].strip()[:200],
        "object_of_search": row["Object of search"].strip()[:200],
        "outcome": row["Outcome"].strip()[:200],
        "outcome_linked_to_object": _boolean(row["Outcome linked to object of search"]),
        "removal_of_more_than_outer_clothing": _boolean(row["Removal of more than just outer clothing"]),
    }
    fields["row_key"] = _key(tuple(fields.values()), seen)
    return fields


KINDS = {
    CrimeImport.Kind.STREET: (CrimeRecord, _street, ("last_outcome", "context")),
    CrimeImport.Kind.OUTCOMES: (CrimeOutcome, _outcome, ()),
    CrimeImport.Kind.STOP_AND_SEARCH: (StopAndSearch, _search, ()),
}


def _parse(kind: str, text: str, summary: Summary) -> list[dict]:
    parse = KINDS[kind][1]
    seen: Counter = Counter()
    rows = []
    for line, header, cells in _rows(text):
        summary.read += 1
        if cells is None:
            summary.skip(_("a line that cannot be read as CSV (a cell of over 131,072 characters)"), line)
            continue
        if any("\x00" in cell for cell in cells):
            # PostgreSQL keeps no NUL in text; no published file has one: a damaged line.
            summary.skip(_("a NUL character, which no published file holds"), line)
            continue
        if len(cells) != len(header):
            summary.skip(_("a different number of columns from the header"), line)
            continue
        try:
            rows.append(parse(dict(zip(header, cells, strict=True)), seen))
        except Skip as reason:
            summary.skip(str(reason), line)
    return rows


def _existing(model, keys: list[str], fields: tuple[str, ...]) -> dict[str, dict]:
    found = {}
    for start in range(0, len(keys), CHUNK):
        for row in model.objects.filter(row_key__in=keys[start : start + CHUNK]).values(
            "pk", "row_key", *fields
        ):
            found[row["row_key"]] = row
    return found


@audit.service
def attach_outcomes() -> int:
    """Attach every outcome still waiting to a crime with its Crime ID (the crime at the same
    point first, where the same ID stands on two rows). Returns how many were attached."""
    crimes = CrimeRecord.objects.filter(crime_ref=OuterRef("crime_ref"))
    same_point = crimes.filter(latitude=OuterRef("latitude"), longitude=OuterRef("longitude"))
    waiting = CrimeOutcome.objects.filter(crime=None, crime_ref__in=CrimeRecord.objects.values("crime_ref"))
    return waiting.update(
        crime=Coalesce(
            Subquery(same_point.order_by("pk").values("pk")[:1]),
            Subquery(crimes.order_by("pk").values("pk")[:1]),
        )
    )


# A large file is parsed and placed in its neighbourhoods inside the transaction, between
# statements: past the web's statement and idle-transaction limits (pcso/settings.py).
@unhurried()
@audit.service
def import_file(*, user, data: bytes, file_name: str) -> CrimeImport:
    """Import one data.police.uk file (its kind read from its header) and return the record of
    the import, with its summary. Raises UnusableFile when the file as a whole is unusable."""
    text = read_text(data)
    kind = detect_kind(text)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
    model, _parse_row, updatable = KINDS[kind]
    summary = Summary()
    rows = _parse(kind, text, summary)
    existing = _existing(model, [row["row_key"] for row in rows], updatable)
    new_rows, changed = [], []
    for row in rows:
        if row.get("latitude") is None:
            summary.without_location += 1
        found = existing.get(row["row_key"])
        if found is None:
            new_rows.append(row)
        elif any(found[name] != row[name] for name in updatable):
            changed.append(model(pk=found["pk"], **{name: row[name] for name in updatable}))
        else:
            summary.unchanged += 1
    months = [row["month"] for row in rows if "month" in row] or [
        row["searched_at"].date().replace(day=1) for row in rows if "searched_at" in row
    ]
    summary.month = min(months) if months else None

    record = CrimeImport(kind=kind, file_name=file_name[:200], month=summary.month, imported_by=user)
    if hasattr(model, "neighbourhood"):
        locate = Locator()
        for row in new_rows:
            row["neighbourhood_id"] = locate(row["latitude"], row["longitude"])
            if row["latitude"] is not None and row["neighbourhood_id"] is None:
                summary.outside_neighbourhoods += 1
    summary.imported, summary.updated = len(new_rows), len(changed)
    _fill(record, summary)
    record.save()
    model.objects.bulk_create([model(source=record, **row) for row in new_rows], batch_size=CHUNK)
    if changed:
        model.objects.bulk_update(changed, list(updatable), batch_size=CHUNK)
    if kind in (CrimeImport.Kind.STREET, CrimeImport.Kind.OUTCOMES):
        attached = attach_outcomes()
        if kind == CrimeImport.Kind.OUTCOMES:
            # This file's outcomes that have their crime, attached now or by an earlier import.
            keys = [row["row_key"] for row in rows]
            attached = sum(
                CrimeOutcome.objects.filter(row_key__in=keys[start : start + CHUNK])
                .exclude(crime=None)
                .count()
                for start in range(0, len(keys), CHUNK)
            )
        record.outcomes_attached = attached
        record.save(update_fields=["outcomes_attached"])
    fresh.teams_changed(_teams_touched(model, record, changed, rows))
    return record


def _teams_touched(model, record: CrimeImport, changed: list, rows: list[dict]) -> set[int]:
    """The teams whose neighbourhoods hold a row this import added or changed, or an outcome it
    attached: the kept pages it marks (bulk writes send no signal)."""
    if model is CrimeOutcome:
        keys = [row["row_key"] for row in rows]
        return {
            team
            for start in range(0, len(keys), CHUNK)
            for team in CrimeOutcome.objects.filter(row_key__in=keys[start : start + CHUNK])
            .exclude(crime__neighbourhood__team=None)
            .values_list("crime__neighbourhood__team", flat=True)
            .distinct()
        }
    written = Q(source=record) | Q(pk__in=[row.pk for row in changed])
    return set(
        model.objects.filter(written)
        .exclude(neighbourhood__team=None)
        .values_list("neighbourhood__team", flat=True)
        .distinct()
    )


def _fill(record: CrimeImport, summary: Summary) -> None:
    record.rows_read = summary.read
    record.rows_imported = summary.imported
    record.rows_updated = summary.updated
    record.rows_unchanged = summary.unchanged
    record.rows_without_location = summary.without_location
    record.rows_outside_neighbourhoods = summary.outside_neighbourhoods
    record.skipped = summary.skipped
