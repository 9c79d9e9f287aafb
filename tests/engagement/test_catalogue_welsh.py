"""The risk matrix's questions and bands are typed by administrators, in English and in Welsh:
a Welsh reader sees the Welsh (the assessment form, the case's band); a question asked or a band
cannot be saved without it; the seeded matrix has it."""

import pytest
from django.apps import apps
from django.urls import reverse

from engagement import defaults
from engagement.models import RiskBand, RiskQuestion
from engagement.services import victims as services

from .conftest import answers_scoring

pytestmark = pytest.mark.django_db

QUESTIONS = [
    "A yw'r dioddefwr o dan 18 oed, yn oedrannus, neu'n agored i niwed oherwydd ei oedran?",
    "Oes gan y dioddefwr anabledd, salwch neu gyflwr iechyd meddwl y mae'r ymddygiad yn effeithio arno?",
    "A yw'r dioddefwr yn ynysig: yn byw ar ei ben ei hun, neu heb deulu na ffrindiau i'w gefnogi?",
    "A yw'r dioddefwr wedi'i dargedu o'r blaen (digwyddiadau mynych)?",
    "A yw'r dioddefwr yn ofni aros yn ei gartref, neu ei adael?",
    "A yw'r ymddygiad yn effeithio ar gwsg, iechyd, gwaith neu addysg y dioddefwr?",
    "A fu trais, neu fygythiadau o drais?",
    "A oedd yr ymddygiad wedi'i ysgogi gan gasineb (hil, crefydd, anabledd, rhywioldeb, hunaniaeth rhywedd)?",
    "A yw'r dioddefwr yn ofni dial am roi gwybod (wedi'i frawychu)?",
]
BANDS = {"standard": "Safonol", "medium": "Canolig", "high": "Uchel"}


def test_seeded_matrix_has_its_welsh():
    assert list(RiskQuestion.objects.order_by("order").values_list("text_cy", flat=True)) == QUESTIONS
    assert dict(RiskBand.objects.values_list("code", "name_cy")) == BANDS


def test_the_data_migration_fills_only_the_seeded_rows_left_as_seeded():
    RiskQuestion._base_manager.update(text_cy="")
    RiskBand._base_manager.update(name_cy="")
    RiskBand._base_manager.filter(code="high").update(name="Very high")  # renamed by an administrator
    first = RiskQuestion.objects.order_by("order").first()
    first.text_cy = "Cwestiwn y llu"
    first.save()
    RiskQuestion.objects.create(text="Local question?", category="incident", weight=1, order=99)
    defaults.add_welsh(apps)
    assert list(RiskQuestion.objects.order_by("order").values_list("text_cy", flat=True)) == [
        "Cwestiwn y llu",
        *QUESTIONS[1:],
        "",
    ]
    assert dict(RiskBand.objects.values_list("code", "name_cy")) == {**BANDS, "high": ""}


def test_a_welsh_reader_sees_the_matrix_in_welsh(client_for, officer, case, questions):
    client = client_for(officer)
    client.cookies["django_language"] = "cy"
    form = client.get(reverse("engagement:case-assess", args=[case.pk])).content.decode()
    assert "A fu trais, neu fygythiadau o drais?" in form
    assert "Has there been violence" not in form
    assert ">Canolig</option>" in form
    services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, [4, 4]), action_plan="P"
    )
    page = client.get(case.get_absolute_url()).content.decode()
    assert "<strong data-band>Canolig</strong>" in page
    listed = client.get(reverse("engagement:case-list")).content.decode()
    assert ">Canolig</span>" in listed


def test_admin_refuses_an_asked_question_or_a_band_without_its_welsh(client_for, administrator):
    client = client_for(administrator)
    url = reverse("admin:engagement_riskquestion_add")
    row = {"text": "Local question?", "category": "incident", "weight": "1", "order": "10"}
    refused = client.post(url, {**row, "text_cy": "", "active": "on"})
    assert refused.status_code == 200
    assert "Give the Welsh too: a row in use is shown to Welsh readers." in refused.content.decode()
    assert client.post(url, {**row, "text_cy": ""}).status_code == 302  # not asked: may wait
    assert client.post(url, {**row, "text_cy": "Cwestiwn lleol?", "active": "on"}).status_code == 302
    medium = RiskBand.objects.get(code="medium")
    band = {
        "name": "Medium",
        "min_score": "8",
        "first_follow_up_hours": "72",
        "follow_up_interval_days": "14",
        "sergeant_review_days": "28",
        "inspector_review_days": "56",
        "needs_action_plan": "on",
    }
    change = reverse("admin:engagement_riskband_change", args=[medium.pk])
    assert client.post(change, {**band, "name_cy": ""}).status_code == 200
    assert client.post(change, {**band, "name_cy": "Canolig"}).status_code == 302
