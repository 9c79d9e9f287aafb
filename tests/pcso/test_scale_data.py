"""scale_data writes its rows in SQL (pcso/scale.py and each app's scale.py): every column a
model requires must be in its INSERT, or the next model change breaks the benchmark's data."""

import importlib
import inspect
import io
import re
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.db.models import NOT_PROVIDED, Count

from engagement.models import (
    Action,
    CommunityGroup,
    Concern,
    DiaryEntry,
    Meeting,
    NeighbourhoodQuery,
    Priority,
)
from intelligence.models import (
    CrimeImport,
    CrimeRecord,
    IntelligenceReport,
    IntelligenceReportGroupObjectPermission,
    IntelligenceReportUserObjectPermission,
    ReportEvent,
    Subject,
)
from patrols.models import Designation, FixedPenaltyNotice, NoticeCounter, Payment
from pcso import scale
from pcso.models import AuditEntry

INSERT = re.compile(r"INSERT INTO (\w+)\s*\(([^)]*)\)", re.S)
# force.copy(label, table, columns, select)
COPY = re.compile(r'\.copy\(\s*"[^"]*",\s*"(\w+)",\s*"([^"]*)"', re.S)


def _inserts() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.scale")
        except ModuleNotFoundError:
            continue
        source = inspect.getsource(module)
        for table, columns in INSERT.findall(source) + COPY.findall(source):
            found.setdefault(table, set()).update(c.strip() for c in columns.split(","))
    return found


def test_every_required_column_of_a_table_scale_data_fills_is_written():
    inserts = _inserts()
    assert {"patrols_patrol", "patrols_patrolpoint", "engagement_victimcase", "pcso_auditentry"} <= set(
        inserts
    )
    missing = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table not in inserts:
            continue
        required = {
            field.column
            for field in model._meta.concrete_fields
            if not field.null
            and not field.primary_key
            and field.db_default is NOT_PROVIDED
            and not field.generated
        }
        if required - inserts[table]:
            missing[table] = sorted(required - inserts[table])
    assert missing == {}


# A force of two teams with a year each, built in the test's transaction (one connection).
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def small_force(db):
    force = scale.Force(factor=1, long_history=False, now=NOW, stdout=io.StringIO(), teams=2, parts=1)
    scale.session_settings()
    try:
        scale.build_people(force)
        scale.audit_people(force)
        for name in ("patrols", "engagement", "intelligence"):
            importlib.import_module(f"{name}.scale").load(force)
    finally:
        scale.drop_scale_tables()
    return force


def _by_status(model) -> dict[str, int]:
    return dict(model.objects.values_list("status").annotate(n=Count("pk")).order_by("status"))


def test_scale_data_builds_the_community_diary(small_force):
    assert CommunityGroup.objects.count() == 2 * 30
    assert DiaryEntry.objects.count() == 2 * 520
    assert DiaryEntry.groups.through.objects.count() == 2 * 520 * 3 // 2  # one or two groups each
    assert Concern.objects.count() == Action.objects.count() == 2 * 520 // 2
    assert Meeting.objects.count() == 2 * 2 * 12
    assert Meeting.objects.filter(kind="pact").count() == 2 * 2 * 4
    assert Priority.objects.count() == Priority.meetings.through.objects.count() == 2 * 2 * 4 * 3
    assert Priority.objects.filter(status="active").count() == 2 * 2 * 3
    assert NeighbourhoodQuery.objects.count() == 2 * 104
    assert NeighbourhoodQuery.objects.filter(answered_at__isnull=True).count() == 2 * 2


def test_scale_data_builds_intelligence_in_every_state(small_force):
    # Per team: k = 0, 3, 6 drafts; 2, 4 submitted; 1, 5, 7 under review; of k = 8-199, those
    # with k % 20 == 7 returned (9), k % 20 == 13 rejected (10), the other 173 accepted.
    assert _by_status(IntelligenceReport) == {
        "accepted": 2 * 173,
        "draft": 2 * 3,
        "rejected": 2 * 10,
        "returned": 2 * 9,
        "submitted": 2 * 2,
        "under_review": 2 * 3,
    }
    assert Subject.objects.count() == 2 * 200 * 2
    # Accepted with k % 15 == 6 (12 a team) to the next team, k % 15 == 8 (10) to an officer.
    assert IntelligenceReportGroupObjectPermission.objects.count() == 2 * 12
    assert IntelligenceReportUserObjectPermission.objects.count() == 2 * 10
    # Submitted (197), review started (195), decided (192), disseminated (22), a team.
    assert ReportEvent.objects.count() == 2 * (197 + 195 + 192 + 22)
    assert IntelligenceReport.objects.filter(search_vector="van").count() == 2 * 34  # k % 6 == 0


def test_scale_data_builds_notices_from_one_unbroken_sequence(small_force):
    assert Designation.objects.count() == 2 * 8 * 5
    numbers = list(FixedPenaltyNotice.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, 2 * 8 * 12 + 1))
    assert NoticeCounter.objects.get(name="notice").last_number == 2 * 8 * 12
    # Each PCSO's latest (idx 2-9): paid when idx % 3 == 0, part paid 1, awaiting payment 2;
    # eleven older: eight paid, one registered or referred, one challenged, one cancelled.
    assert _by_status(FixedPenaltyNotice) == {
        "cancelled": 2 * 8,
        "challenged": 2 * 8,
        "issued": 2 * 3,
        "paid": 2 * (3 + 8 * 8),
        "part_paid": 2 * 2,
        "refer_court": 2 * 5,
        "register_fine": 2 * 3,
    }
    assert Payment.objects.count() == 2 * (3 + 8 * 8 + 2)


def test_scale_data_imports_crime_for_every_neighbourhood_and_month(small_force):
    assert CrimeImport.objects.count() == 12
    assert CrimeRecord.objects.count() == 2 * 2 * 12 * 250
    per_neighbourhood_month = set(
        CrimeRecord.objects.values("neighbourhood", "month")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert per_neighbourhood_month == {250}


@pytest.fixture
def entries_before(db):
    """The entries the migrations left in the test database."""
    return AuditEntry.objects.count()


def test_scale_data_writes_every_audit_entry_it_counts(entries_before, small_force):
    counted = sum(n for label, n in small_force.counts.items() if label.startswith("audit "))
    assert AuditEntry.objects.count() - entries_before == counted
