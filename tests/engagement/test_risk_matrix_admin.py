"""The risk matrix and the Victims' Code figures are data an administrator edits; the
administrator sees no victim content, in the admin site or anywhere else."""

from datetime import timedelta

import pytest
from django.urls import reverse

from engagement.models import RiskBand
from engagement.services import victims as services

from .conftest import answers_scoring

pytestmark = pytest.mark.django_db


def test_admin_site_offers_the_matrix_and_no_victim_content(client_for, administrator, case):
    content = client_for(administrator).get(reverse("admin:index")).content.decode()
    assert (
        "Risk questions" in content,
        "Risk bands" in content,
        "Victims&#x27; Code settings" in content,
    ) == (
        True,
        True,
        True,
    )
    assert ("Victim cases" in content, "Follow ups" in content, "Jane Doe" in content) == (
        False,
        False,
        False,
    )


def test_administrator_edits_a_band_threshold(client_for, administrator, officer, case, questions):
    medium = RiskBand.objects.get(code="medium")
    url = reverse("admin:engagement_riskband_change", args=[medium.pk])
    client = client_for(administrator)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Medium",
            "name_cy": "Canolig",
            "min_score": "7",
            "first_follow_up_hours": "72",
            "follow_up_interval_days": "14",
            "sergeant_review_days": "28",
            "inspector_review_days": "56",
            "needs_action_plan": "on",
        },
    )
    assert response.status_code == 302
    assessment = services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, [4, 3]), action_plan="Plan"
    )
    assert (assessment.score, assessment.final_band.code) == (7, "medium")


def test_question_weights_and_active_flag_are_data(officer, case, questions):
    heavy = questions[0]
    heavy.weight = 20
    heavy.save()
    questions[1].active = False
    questions[1].save()
    assessment = services.assess_risk(
        officer=officer, case=case, answers={heavy.pk: True}, action_plan="Plan"
    )
    assert (assessment.score, assessment.final_band.code) == (20, "high")
    assert str(questions[1].pk) not in assessment.answers


def test_band_cadence_is_data(officer, sergeant, case, questions):
    high = RiskBand.objects.get(code="high")
    high.first_follow_up_hours, high.sergeant_review_days = 12, 7
    high.save()
    assessment = services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, [4, 4, 3, 2, 2]), action_plan="Plan"
    )
    at = assessment.assessed_at
    assert case.follow_ups.get(kind="visit").due_at == at + timedelta(hours=12)
    assert case.follow_ups.get(kind="sergeant-review").due_at == at + timedelta(days=7)
