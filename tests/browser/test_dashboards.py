"""The neighbourhood dashboard in a browser: the inspector sees the map and a chart with its
numbers, the guarantee measures among them; a sergeant of another command sees none of the
inspector's teams. At 390 px the page does not scroll sideways: wide tables scroll in place."""

from datetime import UTC, date, datetime, timedelta

import pytest

from engagement.models import NeighbourhoodQuery
from pcso.models import Role
from tests.conftest import log_in, new_phone_page
from tests.factories import OfficerFactory, give_neighbourhoods
from tests.intelligence.crime_data import crime

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/dashboards/neighbourhoods/?month=2024-03"


@pytest.fixture
def crimes(team, other_team, outside_team):
    west, east, north = (t.neighbourhoods.get() for t in (team, other_team, outside_team))
    for _ in range(3):
        crime(west, "51.5101", "-0.0984", month=date(2024, 3, 1))
    crime(east, "51.5130", "-0.0800", crime_type="Robbery", month=date(2024, 2, 1))
    north.boundary = {
        "type": "Polygon",
        "coordinates": [[[-0.11, 51.53], [-0.09, 51.53], [-0.09, 51.54], [-0.11, 51.54], [-0.11, 51.53]]],
    }
    north.save()
    for _ in range(5):
        crime(north, "51.5350", "-0.1000", crime_type="Drugs", month=date(2024, 3, 1))
    pcso = OfficerFactory(role=Role.PCSO, team=team, first_name="Aisha", last_name="Khan")
    give_neighbourhoods(pcso)
    received = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
    for answered in (received + timedelta(hours=5), received + timedelta(hours=80)):
        NeighbourhoodQuery.objects.create(
            team=team,
            neighbourhood=west,
            received_at=received,
            from_name="A resident",
            question="Who is our PCSO?",
            due_at=received + timedelta(hours=72),
            answer="Aisha Khan",
            answered_at=answered,
            answered_by=pcso,
            recorded_by=pcso,
        )


def rows_of(page, key):
    return [r.split("\t") for r in page.locator(f"#table-{key} tbody tr").all_inner_texts()]


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def layer(page, kind):
    return page.locator(f'[data-layer-kind="{kind}"]')


def test_inspector_sees_map_and_chart_with_numbers(browser, live_server, crimes, inspector):
    page = new_phone_page(browser, live_server)
    log_in(page, inspector)

    page.goto(URL)
    page.locator("[data-dashboard-map][data-map-ready]").wait_for()
    page.locator('canvas[data-chart-for="table-crime-trend"][data-chart-ready]').wait_for()

    assert layer(page, "areas").get_attribute("data-features") == "2"
    assert layer(page, "points").get_attribute("data-features") == "2"
    assert page.locator(".leaflet-interactive").count() >= 4  # two boundaries, two crime points
    rows = page.locator("#table-crime-trend tbody tr").all_inner_texts()
    assert [r.split("\t") for r in rows] == [["2024-02", "0", "1", "1"], ["2024-03", "3", "0", "3"]]
    box = page.locator('canvas[data-chart-for="table-crime-trend"]').bounding_box()
    assert box["width"] > 100 and box["height"] > 100

    page.locator('canvas[data-chart-for="table-guarantee"][data-chart-ready]').wait_for()
    assert rows_of(page, "guarantee") == [
        ["Aldgate (East)", "None named", "0", "0", "—", "No active priority", "No"],
        ["Farringdon (West)", "Aisha Khan", "2", "1", "50%", "No active priority", "No"],
    ]
    assert [r[0] for r in rows_of(page, "intelligence-flow")] == ["East", "West"]
    assert [r[0] for r in rows_of(page, "notices")] == ["East", "West"]
    assert fits_the_phone(page)
    assert page.js_errors == []
    page.context.close()


def test_sergeant_of_another_command_sees_none_of_these_teams(browser, live_server, crimes, outside_team):
    sergeant = OfficerFactory(role=Role.SERGEANT, team=outside_team, first_name="Nia", last_name="Cole")
    page = new_phone_page(browser, live_server)
    log_in(page, sergeant)

    page.goto(URL)
    page.locator("[data-dashboard-map][data-map-ready]").wait_for()

    text = page.locator("main").inner_text()
    assert "West" not in text and "East" not in text
    assert "Farringdon" not in text and "Aldgate" not in text
    assert layer(page, "areas").get_attribute("data-features") == "1"
    assert layer(page, "points").get_attribute("data-features") == "1"
    rows = page.locator("#table-crime-trend tbody tr").all_inner_texts()
    assert [r.split("\t") for r in rows] == [["2024-03", "5", "5"]]
    assert rows_of(page, "guarantee") == [
        ["Islington (North)", "None named", "0", "0", "—", "No active priority", "No"]
    ]
    assert "Aisha Khan" not in text
    assert fits_the_phone(page)
    assert page.js_errors == []
    page.context.close()


def test_sergeant_team_page_charts_per_officer_on_a_phone(browser, live_server, team, inspector):
    sergeant = OfficerFactory(role=Role.SERGEANT, team=team, first_name="Marcus", last_name="Bell")
    OfficerFactory(role=Role.PCSO, team=team, first_name="Aisha", last_name="Khan")
    page = new_phone_page(browser, live_server)
    log_in(page, sergeant)

    page.goto("/dashboards/team/?week=2024-03-04")
    page.locator('canvas[data-chart-for="table-officers"][data-chart-ready]').wait_for()

    headers = page.locator("#table-officers thead th").all_inner_texts()
    for label in ("Diary contacts", "Intelligence submitted", "Notices issued"):
        assert label in headers
    assert [r[0] for r in rows_of(page, "officers")] == ["Marcus Bell", "Aisha Khan"]
    queues = page.locator("[data-queues] a").all_inner_texts()
    assert [" ".join(q.split()) for q in queues] == [
        "Patrols to sign off 0",
        "Intelligence to review 0",
        "Follow-ups overdue 0",
    ]
    assert [r[0] for r in rows_of(page, "intelligence-flow")] == ["West"]
    assert fits_the_phone(page)
    assert page.js_errors == []
    page.context.close()
