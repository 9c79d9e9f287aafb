"""A PCSO submits intelligence on a phone; the sergeant regrades and accepts it; the PCSO sees
the new status."""

import pytest

from intelligence.models import IntelligenceReport
from tests.conftest import log_in, new_phone_page, on_screen
from tests.intelligence.conftest import report_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_pcso_submits_sergeant_regrades_and_accepts(browser, live_server, phone, officer, sergeant):
    report_type("Drugs")
    log_in(phone, officer)
    phone.get_by_role("link", name="Submit intelligence").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "New intelligence report"
    assert phone.locator("[data-marking]").inner_text() == "OFFICIAL-SENSITIVE"
    assert fits(phone)

    phone.get_by_label("What was seen or heard").fill(
        "A man hands small packages to cyclists in the underpass."
    )
    phone.get_by_label("Where").fill("Temple station underpass")
    phone.get_by_label("Type of report").select_option(label="Drugs")
    phone.get_by_label("Member of the public").check()
    phone.get_by_label("2 · Untested: a source we have not been able to test yet").check()
    phone.get_by_label(
        "B · Known indirectly but corroborated: heard from someone else, and confirmed"
    ).check()
    phone.get_by_label("P · Lawful sharing permitted").check()
    phone.get_by_label("Medium: time-critical").check()
    phone.locator("#id_subjects-0-role").select_option("suspect")
    phone.locator("#id_subjects-0-description").fill("Man, about 25, red jacket")
    phone.get_by_label("I have removed anything that could identify the source").check()
    phone.get_by_role("button", name="Submit for review").click()
    phone.wait_for_load_state()

    report = IntelligenceReport.objects.get()
    assert phone.locator("h1").inner_text() == f"Intelligence report #{report.pk}"
    assert phone.locator("[role=status]").inner_text() == f"Report #{report.pk} submitted for review."
    assert phone.locator("[data-status]").inner_text() == "Submitted"
    assert phone.locator("[data-grade]").get_attribute("data-grade") == "3x5x2 2/B/P"
    assert fits(phone)

    desk = new_phone_page(browser, live_server)
    log_in(desk, sergeant)
    desk.goto("/intelligence/review/")
    desk.locator(f'[data-report="{report.pk}"]').click()
    desk.wait_for_load_state()
    desk.get_by_role("link", name="Review").click()
    desk.wait_for_load_state()
    loads = desk.navigations
    desk.get_by_role("button", name="Start review").click()
    # Answered in place (htmx): the decision form where the button was, in view; no page load
    # back to the top of the report.
    assert on_screen(desk.get_by_role("heading", name="Your decision"))
    assert on_screen(desk.get_by_label("Accept, with the grade below"))
    assert desk.locator("[data-status]").inner_text() == "Under review"
    assert desk.navigations == loads
    desk.get_by_label("1 · Reliable: the source has been reliable before, with no doubt about them").check()
    desk.get_by_label("Reason or comment").fill("The source has been right three times this year.")
    desk.get_by_role("button", name="Record decision").click()
    desk.wait_for_load_state()
    assert desk.locator("[role=status]").inner_text() == f"Report #{report.pk} accepted as 3x5x2 1/B/P."
    assert fits(desk)
    assert desk.js_errors == []
    desk.context.close()

    phone.reload()
    assert phone.locator("[data-status]").inner_text() == "Accepted"
    assert phone.locator("[data-grade]").get_attribute("data-grade") == "3x5x2 1/B/P"
    regraded = phone.locator('[data-event="regraded"]').inner_text()
    assert "3x5x2 2/B/P → 3x5x2 1/B/P" in regraded
    assert "The source has been right three times this year." in regraded
    assert fits(phone)
    assert phone.js_errors == []
