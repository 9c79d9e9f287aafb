"""No signal, nothing lost (issue 21): a PCSO's capture forms sent without signal wait on the
phone (the outbox, in IndexedDB) and arrive exactly once when the network is back; the service
worker keeps the capture pages and never a page outside its allow-list; signing out with items
waiting asks first and leaves nothing on the phone. Chromium at 390 × 844, service workers on."""

import re

import pytest

from patrols.models import Patrol
from tests.conftest import log_in, new_phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What Chromium logs when a request fails without signal or is answered 5xx: expected here.
NETWORK_NOISE = re.compile(
    r"Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_FAILED|htmx:|Response Status"
)


@pytest.fixture
def pcso_phone(browser, live_server):
    page = new_phone_page(browser, live_server, service_workers="allow")
    yield page
    page.context.close()


def quiet(page):
    """Forget the console errors a failed request leaves (expected without signal)."""
    page.js_errors[:] = [error for error in page.js_errors if not NETWORK_NOISE.search(error)]


def controlled(page):
    """Wait until the service worker controls the page (it claims the page when it activates)."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def waiting(page) -> int:
    """How many items the phone holds (IndexedDB), of any officer and state."""
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
      const open = indexedDB.open("pcso-offline");
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains("items")) { db.close(); resolve(0); return; }
        const count = db.transaction("items").objectStore("items").count();
        count.onsuccess = () => { db.close(); resolve(count.result); };
        count.onerror = () => reject(count.error);
      };
      open.onerror = () => reject(open.error);
    })"""
    )


def banner_count(page) -> str:
    banner = page.locator("[data-outbox-banner]")
    banner.wait_for(state="visible")
    return banner.locator("[data-outbox-count]").inner_text()


def banner_gone(page):
    page.locator("[data-outbox-banner]").wait_for(state="hidden", timeout=20_000)


def test_a_patrol_started_without_signal_waits_and_arrives_once(pcso_phone, officer):
    phone = pcso_phone
    log_in(phone, officer)
    controlled(phone)
    phone.context.set_offline(True)
    phone.evaluate("window.stillHere = true")
    phone.locator("[data-start-patrol] button").first.click()
    assert banner_count(phone) == "1"
    assert phone.evaluate("window.stillHere === true")  # the same page: nothing lost, no jump
    assert waiting(phone) == 1
    assert Patrol.objects.count() == 0
    quiet(phone)

    phone.context.set_offline(False)
    banner_gone(phone)
    assert waiting(phone) == 0
    assert Patrol.objects.filter(officer=officer).count() == 1
    quiet(phone)
