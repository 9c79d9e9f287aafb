"""The fast form of a list (issue 8): the count and the page's ids come from the list's filter and
order alone (no join, no grouping), the scope is literal team ids, and the per-row counts are
computed for the rows shown."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import HotspotVisitFactory, PatrolActivityFactory, PatrolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def computed_every_time(settings):
    """The SQL of a list as it is computed: nothing kept between the two requests (pcso/fresh.py)."""
    settings.FRAGMENT_CACHE_SECONDS = 0


def _patrol_queries(client, url):
    client.get(url)  # warm the process-wide caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries if '"patrols_patrol"' in q["sql"]]


def test_sergeant_patrol_list_counts_and_pages_without_joins(client_for, sergeant, officer, team):
    now = timezone.now()
    patrols = [
        PatrolFactory(
            officer=officer,
            started_at=now - timedelta(hours=3 * i + 3),
            ended_at=now - timedelta(hours=3 * i + 1),
        )
        for i in range(30)
    ]
    PatrolActivityFactory.create_batch(2, patrol=patrols[0], at=patrols[0].started_at + timedelta(minutes=5))
    HotspotVisitFactory(patrol=patrols[0], arrived_at=patrols[0].started_at + timedelta(minutes=9))
    response, sqls = _patrol_queries(client_for(sergeant), reverse("patrols:patrol-list"))
    count, ids, rows = sqls
    assert count.startswith('SELECT COUNT(*) AS "__count" FROM "patrols_patrol" WHERE')
    assert "JOIN" not in count and "JOIN" not in ids and "GROUP BY" not in ids
    assert f'"patrols_patrol"."team_id" IN ({team.pk})' in ids
    assert ids.endswith("LIMIT 25")
    assert "LIMIT" not in rows and '"patrols_patrol"."id" IN (' in rows
    shown = response.context["patrols"]
    assert [p.pk for p in shown] == [p.pk for p in patrols[:25]]
    assert (shown[0].activity_count, shown[0].visit_count, shown[1].activity_count) == (2, 1, 0)
    assert response.context["paginator"].count == 30


def test_second_page_holds_the_rest(client_for, sergeant, officer):
    now = timezone.now()
    patrols = [
        PatrolFactory(
            officer=officer,
            started_at=now - timedelta(hours=3 * i + 3),
            ended_at=now - timedelta(hours=3 * i + 1),
        )
        for i in range(28)
    ]
    response = client_for(sergeant).get(reverse("patrols:patrol-list") + "?page=2")
    assert [p.pk for p in response.context["patrols"]] == [p.pk for p in patrols[25:]]
