"""What each role gets from each published-crime-data URL (format: tests/test_url_sweep.py).
Collected by tests/intelligence/sweep_rows.py."""

from tests.sweep import Row


def _import(world, variant):
    from intelligence.models import CrimeImport

    record = CrimeImport.objects.create(kind="street", file_name="2024-03-city-of-london-street.csv")
    return {"pk": record.pk}


def _west_cell(world, variant):
    """A 150 m square of West's neighbourhood (the sergeant's team), January to March 2024."""
    team = world.people["sergeant"].team
    return {"team": team.pk, "start": "2024-01", "end": "2024-03", "size": 150, "x": -46, "y": 38227}


# Statuses per role, in this order (tests.sweep.ROLES):
#    pcso colleague other_pcso sergeant other_sergeant inspector outside_inspector administrator anonymous
ROWS = [
    Row(
        "intelligence:crime-import",
        status="404 404  404  200  200  200  200 404 302",
    ),
    Row(
        "intelligence:crime-import-detail",
        kwargs=_import,
        note="published data, not a team's: every supervisor may read an import's summary",
        status="404 404  404  200  200  200  200 404 302",
    ),
    Row(
        "intelligence:hotspot-suggestions",
        data=_west_cell,
        status="404 404  404  200  404  200  404 404 302",
    ),
    Row(
        "intelligence:hotspot-from-cell",
        method="post",
        data=_west_cell,
        note="the inspector reads suggestions but hotspots are set by the team's sergeant",
        status="404 404  404  302  404  404  404 404 302",
    ),
    Row(
        "intelligence:crime-points",
        data=lambda w, v: {"start": "2024-01", "end": "2024-03"},
        status="404 404  404  200  200  200  200 404 302",
    ),
]
