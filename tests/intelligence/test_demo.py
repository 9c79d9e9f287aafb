import pytest

from intelligence import demo
from intelligence.models import IntelligenceReport, ReportEvent
from intelligence.queries import reports as queries
from pcso import demo as pcso_demo

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_for_both_teams_and_is_idempotent():
    officers = pcso_demo.load()
    demo.load(officers)
    count = IntelligenceReport.objects.count()
    demo.load(officers)
    assert IntelligenceReport.objects.count() == count == 14
    for sergeant in (officers["S2001"], officers["S2101"]):
        reports = IntelligenceReport.objects.filter(team=sergeant.team)
        assert sorted(set(reports.values_list("status", flat=True))) == [
            "accepted",
            "draft",
            "rejected",
            "returned",
            "submitted",
            "under_review",
        ]
        assert sorted(set(reports.values_list("grading_scheme", flat=True))) == ["3x5x2", "5x5x5"]
        assert [r.grading_scheme for r in queries.retention_due(sergeant)] == ["5x5x5"]
        accepted = reports.get(status="accepted", grading_scheme="3x5x2")
        assert sorted(accepted.events.values_list("action", flat=True)) == sorted(
            ["submitted", "review_started", "regraded", "accepted", "disseminated", "disseminated"]
        )
    # Each team's accepted report reached the other team.
    east_pcso = officers["P3101"]
    assert queries.reports_for(east_pcso).filter(team=officers["S2001"].team, status="accepted").count() == 1
    assert ReportEvent.objects.filter(action="returned").exclude(comment="").count() == 2


def test_demo_imports_a_month_of_crime_inside_the_demo_neighbourhoods_once():
    """March 2024 of the sample in the repository: 757 rows, 66 without a location, and of the
    691 points, 675 inside the four demo boxes (counted from the CSV below, not by the importer)."""
    import csv
    from pathlib import Path

    from intelligence.models import CrimeImport, CrimeRecord
    from pcso.models import Neighbourhood

    officers = pcso_demo.load()
    demo.load_crime(officers)
    demo.load_crime(officers)  # idempotent: the month is imported once

    path = Path(demo.__file__).parent / "data" / "police-uk" / "street" / "2024-03-city-of-london-street.csv"
    boxes = {}
    for area in Neighbourhood.objects.all():
        ring = area.boundary["coordinates"][0]
        boxes[area.code] = (ring[0][0], ring[0][1], ring[2][0], ring[2][1])
    expected = {code: 0 for code in boxes}
    with path.open(newline="") as file:
        for row in csv.DictReader(file):
            if not row["Latitude"]:
                continue
            lat, lng = float(row["Latitude"]), float(row["Longitude"])
            for code, (west, south, east, north) in boxes.items():
                if west < lng < east and south < lat < north:
                    expected[code] += 1
    assert sum(expected.values()) == 675
    assert CrimeImport.objects.count() == 1
    assert CrimeRecord.objects.count() == 757
    found = {code: CrimeRecord.objects.filter(neighbourhood__code=code).count() for code in boxes}
    assert found == expected
