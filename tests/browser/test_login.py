"""Logging in as each role in Debian's Chromium at phone width, and the lockout."""

import pytest
from django.conf import settings

from tests.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("who", "heading"),
    [
        ("officer", "My day"),
        ("sergeant", "Team"),
        ("inspector", "Neighbourhoods"),
        ("administrator", "Administration"),
    ],
)
def test_each_role_logs_in_and_sees_its_home(request, phone, who, heading):
    user = request.getfixturevalue(who)
    log_in(phone, user)
    assert phone.locator("h1").inner_text() == heading
    assert phone.locator("[data-home]").get_attribute("data-home") == ("pcso" if who == "officer" else who)
    # The page fits a phone: nothing wider than the 390 px viewport.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.js_errors == []


def test_lockout_after_repeated_wrong_passwords(phone, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(phone, officer, password="not-the-password")
        assert "Please enter a correct" in phone.content()
    log_in(phone, officer, password="not-the-password")
    assert phone.locator("h1").inner_text() == "Too many failed log-in attempts"
    log_in(phone, officer)  # the right password, still locked
    assert phone.locator("h1").inner_text() == "Too many failed log-in attempts"
    # Each locked-out answer is a 429, which the browser logs as a failed resource: expected here.
    assert (
        phone.js_errors
        == ["Failed to load resource: the server responded with a status of 429 (Too Many Requests)"] * 2
    )
    phone.js_errors.clear()


def test_menu_opens_on_a_phone(phone, officer):
    log_in(phone, officer)
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="My day").wait_for(state="visible")
    assert phone.get_by_role("button", name=f"Log out {officer.collar_number}").is_visible()
