"""Penalty notices on a 390 px phone: a PCSO issues one from My day in a handful of taps and sees
the printable notice; the sergeant cancels another with a reason; the PCSO cannot cancel."""

import re

import pytest

from patrols.models import FixedPenaltyNotice
from tests.conftest import PHONE, log_in, new_phone_page
from tests.factories import designate, make_notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MAX_TAPS = 10


class Taps:
    """Counts the taps a person makes (typing is not counted); a native select is two taps:
    one to open it, one to pick."""

    def __init__(self):
        self.count = 0

    def tap(self, locator):
        self.count += 1
        locator.click()

    def pick(self, locator, value):
        self.count += 2
        locator.select_option(value)


def fits_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_pcso_issues_a_notice_from_my_day_and_sees_the_printable_notice(
    browser, live_server, officer, sergeant
):
    designate(officer, "litter", "dog-control-pspo", "cycling-on-footway")
    page = new_phone_page(
        browser,
        live_server,
        geolocation={"latitude": 51.5135, "longitude": -0.0990},
        permissions=["geolocation"],
    )
    log_in(page, officer)
    taps = Taps()
    taps.tap(page.get_by_role("link", name="Issue a penalty notice"))
    page.wait_for_load_state()
    assert fits_phone(page)
    taps.tap(page.get_by_label("Breach of a public spaces protection order (dog control)", exact=False))
    page.get_by_label("Recipient's name").fill("John Smith")
    page.get_by_label("Date of birth").fill("1988-04-12")
    page.get_by_label("Address").fill("4 Carter Lane, London")
    taps.pick(page.get_by_label("Identity confirmed by"), "police_check")
    page.get_by_label("Place").fill("Carter Lane Gardens, by the gate")
    taps.tap(page.get_by_role("button", name="Use my location"))
    page.get_by_text("Map point set from your location.").wait_for()
    page.get_by_label("Circumstances").fill("Dog off the lead in the gardens; owner refused to put it on.")
    taps.tap(page.get_by_role("button", name="Issue notice"))
    page.wait_for_url(re.compile(r"/patrols/notices/\d+/$"))  # sent by the outbox (issue 21), then the notice

    assert taps.count <= MAX_TAPS
    notice = FixedPenaltyNotice.objects.get()
    assert (notice.number, notice.offence.code, notice.identity_check) == (
        1,
        "dog-control-pspo",
        "police_check",
    )
    assert (str(notice.latitude), str(notice.longitude)) == ("51.513500", "-0.099000")
    assert page.get_by_role("heading", level=1).inner_text() == "Notice number 0000001"
    early, full = notice.early_pay_by, notice.pay_by
    assert page.locator("[data-early]").inner_text() == f"£65.00 if paid by {early.day} {early:%B %Y}"
    assert (
        page.locator("[data-full]").inner_text()
        == f"otherwise £100.00, to be paid by {full.day} {full:%B %Y}"
    )
    assert "Pay the local council" in page.locator("[data-how-to-pay]").inner_text()
    assert fits_phone(page)
    # Printed: the notice itself, without the navigation, the buttons or the officer's notes.
    page.emulate_media(media="print")
    assert page.locator("[data-amounts]").is_visible()
    assert not page.locator("nav.navbar").is_visible()
    assert not page.get_by_role("button", name="Record payment").is_visible()
    assert not page.get_by_text("Dog off the lead").is_visible()
    page.emulate_media(media="screen")
    assert page.get_by_role("button", name="Print notice").is_enabled()
    assert page.js_errors == []
    page.context.close()


def test_sergeant_cancels_a_notice_with_a_reason_and_the_pcso_cannot(browser, live_server, officer, sergeant):
    notice = make_notice(officer, "litter")
    pcso = new_phone_page(browser, live_server)
    log_in(pcso, officer)
    pcso.goto(notice.get_absolute_url())
    assert pcso.get_by_role("link", name="Cancel notice").count() == 0
    response = pcso.goto(f"{notice.get_absolute_url()}cancel/")
    assert response.status == 404
    # The browser logs the 404 as a failed resource: expected here.
    assert pcso.js_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    pcso.js_errors.clear()
    pcso.context.close()

    sarge = new_phone_page(browser, live_server)
    log_in(sarge, sergeant)
    sarge.get_by_role("link", name="Notice register").click()
    sarge.locator(f'[data-notice-row="{notice.pk}"]').click()
    sarge.get_by_role("link", name="Cancel notice").click()
    sarge.get_by_role("button", name="Cancel notice").click()  # no reason: refused, nothing lost
    assert sarge.get_by_text("This field is required.").is_visible()
    # The refused form answers 400, which the browser logs as a failed resource: expected here.
    assert sarge.js_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    sarge.js_errors.clear()
    sarge.get_by_label("Reason").fill("Recipient gave a false name; re-issued as 0000002.")
    sarge.get_by_role("button", name="Cancel notice").click()
    sarge.wait_for_load_state()
    assert sarge.locator("[data-status]").inner_text() == "Cancelled"
    assert "Recipient gave a false name" in sarge.locator("[data-outcome]").inner_text()
    assert fits_phone(sarge)
    assert sarge.js_errors == []
    notice.refresh_from_db()
    assert (notice.status, notice.cancelled_by) == ("cancelled", sergeant)
    sarge.context.close()
