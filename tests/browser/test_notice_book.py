"""Notices without signal, as with a ticket book (issue 21, item 5): numbers reserved while online
are kept on the phone; a notice written without signal shows and takes the next one, waits in the
outbox, and arrives with that number; the numbers page fits a phone. Chromium at 390 × 844."""

import pytest

from patrols.models import FixedPenaltyNotice, NoticeNumber
from tests.browser.test_offline import banner_count, banner_gone, controlled, kept, quiet, waiting
from tests.conftest import PHONE, log_in, new_phone_page
from tests.factories import designate, make_notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pcso_phone(browser, live_server):
    page = new_phone_page(browser, live_server, service_workers="allow")
    yield page
    page.context.close()


def book(page, officer) -> dict:
    return page.evaluate(f"() => JSON.parse(localStorage.getItem('pcso-notice-book:{officer.pk}') || '{{}}')")


def fill_notice(page, name):
    page.get_by_label("Litter", exact=False).check()
    page.get_by_label("Recipient's name").fill(name)
    page.get_by_label("Date of birth").fill("1988-04-12")
    page.get_by_label("Address").fill("4 Carter Lane, London")
    page.get_by_label("Identity confirmed by").select_option("photo_id")
    page.get_by_label("Place").fill("Carter Lane Gardens")
    page.get_by_label("Circumstances").fill("Dropped a can by the gate.")


def test_a_notice_written_without_signal_keeps_its_reserved_number(pcso_phone, officer, settings):
    settings.NOTICE_BLOCK_SIZE = 5
    phone = pcso_phone
    designate(officer, "litter")
    log_in(phone, officer)
    controlled(phone)
    phone.goto("/patrols/notices/numbers/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("button", name="Reserve numbers").click()
    phone.get_by_text("Numbers 0000001 to 0000005 reserved for you.").wait_for()
    assert phone.locator("[data-return-number]").count() == 5
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.goto("/patrols/notices/issue/")  # with signal: the book comes onto the phone
    kept(phone, "/patrols/notices/issue/")
    phone.wait_for_function(
        f"() => (JSON.parse(localStorage.getItem('pcso-notice-book:{officer.pk}') || '{{}}').held || []).length === 5"
    )
    make_notice(officer, "litter")  # another notice issued online meanwhile: 0000006

    phone.context.set_offline(True)
    phone.goto("/patrols/notices/issue/")  # without signal: the kept copy
    status = phone.locator("[data-notice-book]")
    status.wait_for()
    assert status.inner_text() == "This notice takes number 0000001 from the numbers on this phone (4 left)."
    fill_notice(phone, "John Smith")
    phone.get_by_role("button", name="Issue notice").click()
    assert banner_count(phone) == "1"
    assert waiting(phone) == 1
    # The form emptied for the next notice takes the next number.
    phone.wait_for_function("() => document.querySelector('[data-reserved-number]').value === '2'")
    assert book(phone, officer)["used"] == [1]
    assert FixedPenaltyNotice.objects.filter(number=1).count() == 0
    quiet(phone)

    phone.context.set_offline(False)
    banner_gone(phone)
    notice = FixedPenaltyNotice.objects.get(number=1)
    assert (notice.officer, notice.recipient_name) == (officer, "John Smith")
    assert sorted(FixedPenaltyNotice.objects.values_list("number", flat=True)) == [1, 6]
    assert dict(NoticeNumber.objects.values_list("number", "state")) == {
        1: "issued",
        2: "held",
        3: "held",
        4: "held",
        5: "held",
    }
    assert NoticeNumber.objects.get(number=1).notice == notice
    quiet(phone)

    # Back with signal, the issue page tops the book up to five from the counter.
    phone.goto("/patrols/notices/issue/")
    phone.wait_for_function(
        f"() => JSON.stringify(JSON.parse(localStorage.getItem('pcso-notice-book:{officer.pk}')).held)"
        " === '[2,3,4,5,7]'"
    )
    assert book(phone, officer)["used"] == []
    assert phone.locator("[data-reserved-number]").input_value() == "2"
    assert NoticeNumber.objects.get(number=7).state == "held"
