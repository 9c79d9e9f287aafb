from datetime import timedelta

import pytest
from django.utils import timezone

from patrols import demo as patrols_demo
from patrols.models import Hotspot, HotspotVisit, Patrol, PatrolActivity, PatrolPoint
from patrols.queries import patrols as queries
from pcso import demo
from pcso.models import AuditEntry

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count() for m in (Hotspot, Patrol, PatrolPoint, PatrolActivity, HotspotVisit, AuditEntry)
    ]


def test_demo_patrols_are_valid_and_idempotent():
    officers = demo.load()
    patrols_demo.load(officers)
    first = counts()
    assert first[0] == 6
    assert first[1] > 60
    officers = demo.load()
    patrols_demo.load(officers)
    assert counts() == first

    now = timezone.now()
    for team in {officers["P3001"].team, officers["P3101"].team}:
        assert Patrol.objects.filter(team=team).count() > 30
        assert HotspotVisit.objects.filter(patrol__team=team).count() > 10
    patrols = list(Patrol.objects.order_by("officer_id", "started_at"))
    for before, after in zip(patrols, patrols[1:], strict=False):
        if before.officer_id == after.officer_id:
            assert before.ended_at <= after.started_at
    for patrol in patrols:
        assert patrol.started_at < patrol.ended_at <= now
        assert patrol.ended_at - patrol.started_at <= timedelta(hours=14)
    for visit in HotspotVisit.objects.select_related("patrol"):
        assert visit.patrol.started_at <= visit.arrived_at < visit.left_at <= visit.patrol.ended_at
    # The demo gives the sergeant's dashboards something to show.
    week = queries.this_week() - timedelta(days=7)
    rows = queries.time_in_locality(officers["S2001"], week)
    assert sum(r.total_minutes for r in rows) > 0
