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
