""" "High risk" is the top band of the matrix, one definition for rules, queries and home pages:
with a band added above high, its cases are the high-risk ones everywhere."""

import pytest
from django.urls import reverse

from engagement.models import RiskBand, VictimCase
from engagement.queries import victims as queries
from engagement.services import victims as services
from pcso import permissions
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def critical(db):
    high = RiskBand.objects.get(code="high")
    return RiskBand.objects.create(
        code="critical",
        name="Critical",
        min_score=high.min_score + 10,
        first_follow_up_hours=12,
        follow_up_interval_days=3,
        sergeant_review_days=7,
        inspector_review_days=14,
        needs_action_plan=True,
    )


@pytest.fixture
def critical_case(officer, sergeant, critical):
    case = make_case(officer, reference="CRIT-1", victim_name="Kim Top")
    services.assess_risk(
        officer=officer, case=case, answers={}, final_band=critical, rationale="threats", action_plan="P"
    )
    return VictimCase.objects.get(pk=case.pk)


def test_a_band_above_high_is_the_high_risk_band(critical_case, critical, sergeant, inspector):
    assert critical_case.is_high_risk is True
    assert list(queries.open_high_risk_cases(sergeant)) == [critical_case]
    assert list(queries.open_high_risk_cases(inspector)) == [critical_case]


def test_its_cases_are_on_the_supervisors_home_pages(client_for, critical_case, sergeant, inspector):
    marker = f'data-case="{critical_case.pk}"'
    assert marker in client_for(sergeant).get(reverse("home")).content.decode()
    assert marker in client_for(inspector).get(reverse("home")).content.decode()


def test_only_a_supervisor_of_the_team_closes_such_a_case(
    client_for, critical_case, officer, colleague, sergeant, other_sergeant
):
    close_url = reverse("engagement:case-close", args=[critical_case.pk])
    assert [
        permissions.can(u, "close", critical_case) for u in (officer, colleague, sergeant, other_sergeant)
    ] == [
        False,
        False,
        True,
        False,
    ]
    closable = permissions.visible(officer, VictimCase.objects.all(), "close")
    assert list(closable) == []
    assert client_for(officer).post(close_url, {"reason": "Done"}).status_code == 404
    assert VictimCase.objects.get(pk=critical_case.pk).status == "open"
    client_for(sergeant).post(close_url, {"reason": "Done"})
    assert VictimCase.objects.get(pk=critical_case.pk).status == "closed"


def test_reviewers_are_the_supervisors_by_grant(team, sergeant, inspector):
    from engagement.models import FollowUp
    from pcso.models import TeamUserObjectPermission

    assert queries.reviewer_of(team, FollowUp.Kind.SERGEANT_REVIEW) == sergeant
    assert queries.reviewer_of(team, FollowUp.Kind.INSPECTOR_REVIEW) == inspector
    # Without the grant, a sergeant is nobody's reviewer, whatever their role says.
    TeamUserObjectPermission.objects.filter(user=sergeant).delete()
    assert queries.reviewer_of(team, FollowUp.Kind.SERGEANT_REVIEW) is None


def test_its_cases_are_red_on_the_case_list(client_for, critical_case, officer):
    page = client_for(officer).get(reverse("engagement:case-list")).content.decode()
    row = page[page.index(f'data-case="{critical_case.pk}"') :]
    assert '<span class="badge text-bg-danger">Critical</span>' in row[: row.index("</a>")]


def test_its_cases_count_as_open_high_risk_on_the_neighbourhood_dashboard(
    client_for, critical_case, inspector
):
    response = client_for(inspector).get(reverse("dashboard-export", args=["neighbourhoods", "victims"]))
    marking, *lines = b"".join(response.streaming_content).decode().splitlines()
    assert (marking, lines[0].endswith("Open high-risk cases")) == ("OFFICIAL-SENSITIVE", True)
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["1"]  # code "critical", counted
