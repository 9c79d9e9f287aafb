"""A PCSO on a phone opens a due victim follow-up from My day, records the visit and sees the
next one scheduled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from engagement.models import FollowUp, RiskQuestion, VictimCase
from engagement.services import victims as services
from tests.conftest import log_in
from tests.factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pcso_records_a_visit_from_my_day(phone, officer, sergeant):
    opened = timezone.now() - timedelta(days=3, minutes=10)
    case = make_case(officer, victim_name="Jane Doe", reference="CAD-7007", now=opened)
    medium = [q.pk for q in RiskQuestion.objects.filter(weight=4)]  # 4 + 4 = 8: medium
    services.assess_risk(
        officer=officer,
        case=case,
        answers=dict.fromkeys(medium, True),
        action_plan="Fortnightly visits; door camera.",
        now=opened,
    )
    visit = case.follow_ups.get(kind=FollowUp.Kind.VISIT)  # due 72 hours after: 10 minutes ago

    log_in(phone, officer)
    item = phone.locator(f'[data-section="follow-ups"] [data-follow-up="{visit.pk}"]')
    assert item.get_attribute("data-state") == "overdue"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    item.click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Follow-up contact"
    assert phone.locator("[data-marking]").inner_text() == "OFFICIAL-SENSITIVE"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.get_by_label("How").select_option("visit")
    phone.get_by_label("Who you spoke to").fill("Jane Doe")
    phone.get_by_label("Outcome").select_option("contacted")
    phone.get_by_label("Notes").fill("Camera fitted, no new incidents.")
    expected = timezone.localtime(timezone.now() + timedelta(days=14)).strftime("%d/%m/%Y")
    phone.get_by_role("button", name="Record contact").click()
    phone.wait_for_load_state()

    following = case.follow_ups.get(kind=FollowUp.Kind.VISIT, completed_at=None)
    due_text = timezone.localtime(following.due_at).strftime("%d/%m/%Y %H:%M")
    assert due_text.startswith(expected)
    assert (
        phone.locator("[role=status]").inner_text()
        == f"Contact recorded. Next follow-up contact due {due_text}."
    )
    scheduled = phone.locator(f'[data-follow-up="{following.pk}"]')
    assert scheduled.get_attribute("data-state") == "planned"
    assert (
        scheduled.locator("[data-due]")
        .inner_text()
        .startswith(f"Due {timezone.localtime(following.due_at).strftime('%a')} {due_text}")
    )
    assert phone.locator(f'[data-follow-up="{visit.pk}"]').get_attribute("data-state") == "done late"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.js_errors == []


def test_pcso_opens_a_case_on_a_phone(phone, officer, sergeant):
    log_in(phone, officer)
    phone.goto("/engagement/cases/new/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # First, is she known already? Nobody the officer can see matches.
    phone.get_by_label("Find by name").fill("Ann Lee")
    phone.get_by_role("button", name="Find").click()
    phone.locator("[data-no-match]").wait_for()
    phone.locator("#id_name").fill("Ann Lee")  # the new victim form, below the search
    phone.get_by_label("Consents to referral to support services").check()
    phone.get_by_label("Crime or incident reference").fill("CAD-8008")
    phone.get_by_label("Category").select_option("anti-social-behaviour")
    phone.get_by_role("button", name="Open case").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Risk assessment"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Save assessment").click()
    phone.wait_for_load_state()
    case = VictimCase.objects.get(reference="CAD-8008")
    assert phone.locator("h1").inner_text() == "Case CAD-8008"
    assert phone.locator("[data-band]").inner_text() == "Standard"
    assert sorted(case.follow_ups.values_list("kind", flat=True)) == ["initial-contact", "referral", "visit"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.js_errors == []


def test_pcso_opens_a_new_case_for_a_known_victim_on_a_phone(phone, officer, sergeant):
    earlier = make_case(officer, victim_name="Jane Doe", reference="CAD-9001")
    log_in(phone, officer)
    phone.goto(earlier.victim.get_absolute_url())
    phone.get_by_role("link", name="New case for this victim").click()
    phone.wait_for_load_state()
    assert phone.locator("[data-known-victim]").inner_text() == "Jane Doe"
    assert phone.get_by_label("Name").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_label("Crime or incident reference").fill("CAD-9002")
    phone.get_by_label("Category").select_option("anti-social-behaviour")
    phone.get_by_role("button", name="Open case").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Risk assessment"
    assert list(
        VictimCase.objects.filter(victim=earlier.victim)
        .order_by("reference")
        .values_list("reference", flat=True)
    ) == [
        "CAD-9001",
        "CAD-9002",
    ]
    assert phone.js_errors == []


def test_sergeant_case_page_with_sharing_and_assign_fits_a_phone(phone, officer, sergeant, other_team):
    case = make_case(officer, victim_name="Jane Doe", reference="CAD-9101")
    services.share_case(officer=sergeant, case=case, team=other_team)
    log_in(phone, sergeant)
    phone.goto(case.get_absolute_url())
    assert phone.locator("[data-shared] li").inner_text().startswith(other_team.name)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("link", name="Assign to another officer").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Assign case CAD-9101"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.go_back()
    phone.wait_for_load_state()
    phone.get_by_role("button", name="Stop sharing").click()
    phone.wait_for_load_state()
    assert (
        phone.locator("[role=status]").inner_text()
        == f"Case CAD-9101 is no longer shared with {other_team.name}."
    )
    assert phone.locator("[data-shared]").count() == 0
    assert phone.js_errors == []
