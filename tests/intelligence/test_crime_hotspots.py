"""Hotspot suggestions: grid cells of a team's neighbourhoods ranked by imported records.

The expected cells were worked out by hand. The team's reference latitude is 51.5 (its
neighbourhood's centre, 51.5115, to a tenth), so a 150 m cell is 150 / 111 320 = 0.0013475° of
latitude by 150 / (111 320 · cos 51.5°) = 150 / 69 298.3 = 0.0021646° of longitude, and a point's
cell is (floor(longitude / 0.0021646), floor(latitude / 0.0013475)):

    A  around 51.5102 N, 0.0985 W   ->  (-46, 38227)   5 records (3 burglaries, 2 ASB)
    B  around 51.5120 N, 0.1050 W   ->  (-49, 38228)   4 shoplifting
    C  around 51.5090 N, 0.1100 W   ->  (-51, 38226)   3 records (2 robberies, 1 ASB)
    D  around 51.5140 N, 0.0950 W   ->  (-44, 38230)   2 in the period, 6 more in December 2023
and 9 records in cell A that belong to another team's neighbourhood.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intelligence.models import ASB
from intelligence.queries import crime as crime_queries
from intelligence.services import crime as crime_services
from patrols.models import Hotspot

from .crime_data import crime

pytestmark = pytest.mark.django_db

JANUARY, MARCH = date(2024, 1, 1), date(2024, 3, 1)
A, B, C, D = (-46, 38227), (-49, 38228), (-51, 38226), (-44, 38230)


@pytest.fixture
def records(team, other_team):
    area, elsewhere = team.neighbourhoods.get(), other_team.neighbourhoods.get()
    for lat, lng, place in [("51.5101", "-0.0984", "Cheapside"), ("51.5102", "-0.0985", "Cheapside"),
                            ("51.5103", "-0.0986", "Cheapside")]:  # fmt: skip
        crime(area, lat, lng, place=place, month=JANUARY)
    crime(area, "51.5104", "-0.0983", crime_type=ASB, place="Wood Street")
    crime(area, "51.5100", "-0.0987", crime_type=ASB, place="Wood Street")
    for lat, lng in [
        ("51.5120", "-0.1050"),
        ("51.5121", "-0.1051"),
        ("51.5119", "-0.1049"),
        ("51.5120", "-0.1052"),
    ]:
        crime(area, lat, lng, crime_type="Shoplifting", place="Fleet Street", month=date(2024, 2, 1))
    crime(area, "51.5090", "-0.1100", crime_type="Robbery", place="Temple Avenue")
    crime(area, "51.5091", "-0.1101", crime_type="Robbery", place="Temple Avenue")
    crime(area, "51.5089", "-0.1099", crime_type=ASB, place="Temple Avenue")
    crime(area, "51.5140", "-0.0950", place="Ludgate Hill")
    crime(area, "51.5141", "-0.0951", place="Ludgate Hill")
    for _ in range(6):
        crime(area, "51.5140", "-0.0950", place="Ludgate Hill", month=date(2023, 12, 1))
    for _ in range(9):
        crime(elsewhere, "51.5102", "-0.0985", place="Cheapside")


def ranked(user, team, types=None, start=JANUARY, end=MARCH):
    grid = crime_queries.grid_for(team)
    records = crime_queries.crime_records(user, team=team, start=start, end=end, types=types)
    return [((c.x, c.y), c.total, c.asb, c.place) for c in crime_queries.rank_cells(records, grid)]


def test_rank_cells_gives_the_hand_computed_top_three(records, sergeant, team):
    assert ranked(sergeant, team)[:3] == [
        (A, 5, 2, "Cheapside"),
        (B, 4, 0, "Fleet Street"),
        (C, 3, 1, "Temple Avenue"),
    ]
    assert ranked(sergeant, team)[3:] == [(D, 2, 0, "Ludgate Hill")]


def test_rank_cells_follows_period_and_types(records, sergeant, team):
    assert ranked(sergeant, team, types=["Shoplifting", "Robbery"]) == [
        (B, 4, 0, "Fleet Street"),
        (C, 2, 0, "Temple Avenue"),
    ]
    assert ranked(sergeant, team, start=date(2023, 12, 1), end=date(2023, 12, 1)) == [
        (D, 6, 0, "Ludgate Hill")
    ]


def test_rank_cells_stays_within_scope(
    records, sergeant, other_sergeant, team, other_team, outside_team, inspector
):
    # The other team's sergeant ranks their own 9 records in cell A, nothing of West's.
    assert ranked(other_sergeant, other_team) == [(A, 9, 0, "Cheapside")]
    assert ranked(other_sergeant, team) == []
    assert ranked(inspector, team)[:1] == [(A, 5, 2, "Cheapside")]


def test_grid_cell_polygon_is_the_150_m_square(team):
    grid = crime_queries.grid_for(team)

    south, west, north, east = grid.bounds(*A)

    assert grid.reference_latitude == 51.5
    assert (round(south, 6), round(west, 6), round(north, 6), round(east, 6)) == (
        51.509612, -0.099569, 51.510959, -0.097405,
    )  # fmt: skip


def test_hotspot_from_cell_makes_a_team_hotspot(records, sergeant, team):
    grid = crime_queries.grid_for(team)

    hotspot = crime_services.hotspot_from_cell(
        user=sergeant, team=team, grid=grid, x=A[0], y=A[1], start=JANUARY, end=MARCH, types=[]
    )

    assert hotspot.team == team
    assert hotspot.neighbourhood == team.neighbourhoods.get()
    assert hotspot.name == "Cheapside (51.5103, -0.0985)"
    assert hotspot.geometry == {
        "type": "Polygon",
        "coordinates": [[[-0.099569, 51.509612], [-0.097405, 51.509612], [-0.097405, 51.510959],
                         [-0.099569, 51.510959], [-0.099569, 51.509612]]],
    }  # fmt: skip
    assert hotspot.source == "Crime data: 5 records (all types), 2024-01 to 2024-03, 150 m square"
    assert hotspot.weekly_target_minutes == 60


# Pages


def page_url(team, **extra):
    query = {"team": team.pk, "start": "2024-01", "end": "2024-03", "size": 150, **extra}
    return reverse("intelligence:hotspot-suggestions") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_suggestions_page_lists_cells_and_turns_one_into_a_hotspot(records, client_for, sergeant, team):
    client = client_for(sergeant)
    page = client.get(page_url(team)).content.decode()

    assert (
        page.index('data-cell="-46,38227"')
        < page.index('data-cell="-49,38228"')
        < page.index('data-cell="-51,38226"')
    )
    assert "Open Government Licence v3.0" in page
    assert page.count("Make a hotspot") == 4

    response = client.post(
        reverse("intelligence:hotspot-from-cell"),
        {"team": team.pk, "start": "2024-01", "end": "2024-03", "size": 150, "x": -49, "y": 38228},
    )

    hotspot = Hotspot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == hotspot.get_absolute_url()
    assert hotspot.name == "Fleet Street (51.5116, -0.1050)"
    page = client.get(page_url(team)).content.decode()
    assert page.count("Make a hotspot") == 3
    assert f'href="{hotspot.get_absolute_url()}"' in page


def test_inspector_sees_suggestions_but_adds_no_hotspot(records, client_for, inspector, team):
    client = client_for(inspector)
    page = client.get(page_url(team)).content.decode()
    assert 'data-cell="-46,38227"' in page
    assert "Make a hotspot" not in page

    response = client.post(
        reverse("intelligence:hotspot-from-cell"),
        {"team": team.pk, "start": "2024-01", "end": "2024-03", "size": 150, "x": -46, "y": 38227},
    )

    assert response.status_code == 404
    assert Hotspot.objects.count() == 0


def test_other_teams_cells_are_a_404(records, client_for, other_sergeant, team):
    client = client_for(other_sergeant)

    assert client.get(page_url(team)).status_code == 404
    response = client.post(
        reverse("intelligence:hotspot-from-cell"),
        {"team": team.pk, "start": "2024-01", "end": "2024-03", "size": 150, "x": -46, "y": 38227},
    )
    assert response.status_code == 404
    assert Hotspot.objects.count() == 0


def test_suggestions_page_bad_months_are_explained(records, client_for, sergeant, team):
    page = client_for(sergeant).get(page_url(team, start="2024-03", end="2024-01")).content.decode()

    assert "The last month must not be before the first." in page


def test_suggestions_page_queries_do_not_grow_with_records(records, client_for, sergeant, team):
    client = client_for(sergeant)
    client.get(page_url(team))
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(team))
    area = team.neighbourhoods.get()
    for i in range(40):
        crime(area, f"51.51{i % 9}0", f"-0.10{i % 7}0", place=f"Street {i}", month=JANUARY)
    with CaptureQueriesContext(connection) as many:
        client.get(page_url(team))

    assert len(many) == len(few)


def test_the_same_cell_twice_is_refused_with_a_message(records, client_for, sergeant, team):
    client = client_for(sergeant)
    data = {"team": team.pk, "start": "2024-01", "end": "2024-03", "size": 150, "x": -46, "y": 38227}
    client.post(reverse("intelligence:hotspot-from-cell"), data)

    response = client.post(
        reverse("intelligence:hotspot-from-cell"), {**data, "query": "team=1&size=150"}, follow=True
    )

    assert Hotspot.objects.count() == 1
    assert response.redirect_chain[0][0] == reverse("intelligence:hotspot-suggestions") + "?team=1&size=150"
    assert "Hotspot with this Team and Name already exists." in response.content.decode()
