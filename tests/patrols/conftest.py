from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import HotspotFactory, PatrolFactory

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> datetime:
    """A London wall-clock time: at("2026-02-10 22:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.fixture
def hotspot(team):
    return HotspotFactory(team=team, name="Carter Lane Gardens", neighbourhood=team.neighbourhoods.get())


@pytest.fixture
def other_hotspot(other_team):
    return HotspotFactory(team=other_team, name="Aldgate Square")


@pytest.fixture
def patrol(officer):
    """The officer's patrol, ended yesterday, awaiting review."""
    return PatrolFactory(officer=officer, neighbourhood=officer.team.neighbourhoods.get())


@pytest.fixture
def other_patrol(other_team_officer):
    return PatrolFactory(officer=other_team_officer)


@pytest.fixture
def hours_ago():
    from django.utils import timezone

    now = timezone.now().replace(second=0, microsecond=0)
    return lambda hours: now - timedelta(hours=hours)
