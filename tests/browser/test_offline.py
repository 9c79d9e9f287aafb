"""No signal, nothing lost (issue 21): a PCSO's capture forms sent without signal wait on the
phone (the outbox, in IndexedDB) and arrive exactly once when the network is back; the service
worker keeps the capture pages and never a page outside its allow-list; signing out with items
waiting asks first and leaves nothing on the phone. Chromium at 390 × 844, service workers on."""

import re
import time
import uuid

import pytest
from django.utils import translation

from engagement.models import Concern, DiaryEntry
from patrols.models import HotspotVisit, Patrol, PatrolActivity
from patrols.services import patrols as patrol_services
from pcso import offline
from pcso.models import FormKey
from tests.conftest import log_in, new_phone_page
from tests.factories import make_group

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


def until(page, script, timeout=15):
    """Evaluate an async script until it gives something true (wait_for_function takes a
    promise for true at once)."""
    import time

    deadline = time.monotonic() + timeout
    while not (result := page.evaluate(script)):
        assert time.monotonic() < deadline, f"waited {timeout}s for {script}"
        time.sleep(0.2)
    return result


def kept(page, path):
    """Wait until the worker keeps the page at path."""
    until(page, f"async () => Boolean(await caches.match({path!r}, {{ignoreVary: true}}))")


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


KEYS = """() => new Promise((resolve) => {
  const open = indexedDB.open("pcso-offline");
  open.onsuccess = () => {
    const all = open.result.transaction("items").objectStore("items").getAllKeys();
    all.onsuccess = () => { open.result.close(); resolve(all.result); };
  };
})"""


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


# The phone's clock 7 minutes behind the server's: Date (and Date.now) on every page it loads.
CLOCK_BEHIND = """(() => {
  const shift = -7 * 60 * 1000;
  const Real = Date;
  class Phone extends Real {
    constructor(...args) {
      if (args.length) super(...args);
      else super(Real.now() + shift);
    }
    static now() {
      return Real.now() + shift;
    }
  }
  window.Date = Phone;
})()"""


def test_a_replay_tells_the_server_the_phones_clock(pcso_phone, officer):
    phone = pcso_phone
    phone.context.add_init_script(CLOCK_BEHIND)
    log_in(phone, officer)
    controlled(phone)
    phone.context.set_offline(True)
    phone.locator("[data-start-patrol] button").first.click()
    assert banner_count(phone) == "1"
    quiet(phone)
    phone.wait_for_timeout(1500)  # the signal comes back a little later: the delay is not the clock

    phone.context.set_offline(False)
    banner_gone(phone)
    patrol = Patrol.objects.get(officer=officer)
    # Sent at its phone time: 7 minutes behind the server's, whatever the time without signal.
    assert round(patrol.clock_skew_seconds / 60) == -7
    phone.goto(f"/patrols/{patrol.pk}/")
    assert "Phone clock 7 minutes behind the server" in phone.locator("[data-clock-skew]").inner_text()
    quiet(phone)


def running_patrol_page(phone, officer):
    from tests.factories import HotspotFactory

    HotspotFactory(team=officer.team, name="Smithfield Market")
    patrol = patrol_services.start_patrol(officer=officer)
    log_in(phone, officer)
    controlled(phone)
    phone.goto(f"/patrols/{patrol.pk}/")
    kept(phone, f"/patrols/{patrol.pk}/")
    return patrol


def tap_activity(phone, kind):
    phone.locator(f'[data-thumb-controls] [data-activity="{kind}"]').click()


def test_a_running_patrols_taps_without_signal_wait_and_arrive_once(pcso_phone, officer):
    phone = pcso_phone
    patrol = running_patrol_page(phone, officer)
    phone.context.set_offline(True)
    phone.evaluate("window.stillHere = true")
    tap_activity(phone, "engagement")
    assert banner_count(phone) == "1"
    phone.locator('[data-thumb-controls] form[hx-post$="/arrive/"] button').first.click()
    phone.wait_for_function("() => document.querySelector('[data-outbox-count]').textContent === '2'")
    tap_activity(phone, "asb")
    phone.wait_for_function("() => document.querySelector('[data-outbox-count]').textContent === '3'")
    assert phone.evaluate("window.stillHere === true")  # in place: no page load, no jump
    assert (PatrolActivity.objects.count(), HotspotVisit.objects.count()) == (0, 0)
    # The page itself comes back without signal: the worker kept it.
    phone.reload()
    assert phone.locator("[data-thumb-controls]").is_visible()
    assert banner_count(phone) == "3"
    quiet(phone)

    phone.context.set_offline(False)
    banner_gone(phone)
    assert sorted(patrol.activities.values_list("kind", flat=True)) == ["asb", "engagement"]
    assert patrol.hotspot_visits.count() == 1
    assert waiting(phone) == 0
    quiet(phone)


def test_a_location_without_signal_waits_and_arrives_once(pcso_phone, officer):
    phone = pcso_phone
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": 51.5115, "longitude": -0.103})
    patrol = running_patrol_page(phone, officer)
    phone.context.set_offline(True)
    phone.evaluate("window.stillHere = true")
    phone.get_by_role("button", name="Add my location").click()
    assert banner_count(phone) == "1"
    assert phone.evaluate("window.stillHere === true")
    assert "could not be saved" not in phone.locator("[data-locate-status]").inner_text()
    assert patrol.points.count() == 0
    (item,) = phone.evaluate(KEYS)
    assert item != phone.locator("[data-point-form] [name=form_key]").input_value()  # the point's own key
    quiet(phone)

    phone.context.set_offline(False)
    banner_gone(phone)
    point = patrol.points.get()
    assert (str(point.latitude), str(point.longitude), point.source) == ("51.511500", "-0.103000", "gps")
    assert point.recorded_at < point.received_at  # when the phone took it, not when it arrived
    assert waiting(phone) == 0
    assert FormKey.objects.filter(officer=officer, key=item).exists()  # sent with the key it was kept by
    quiet(phone)


def test_a_lost_answer_after_the_server_saved_makes_nothing_new(pcso_phone, officer):
    phone = pcso_phone
    patrol = running_patrol_page(phone, officer)
    lost = []

    def lose_the_answer(route):
        route.fetch()  # the server saves it...
        lost.append(route.request.url)
        route.abort()  # ...and the answer never reaches the phone

    phone.route("**/activities/", lose_the_answer)
    tap_activity(phone, "engagement")
    assert banner_count(phone) == "1"
    assert lost and patrol.activities.count() == 1
    phone.unroute("**/activities/")
    quiet(phone)

    phone.locator("[data-outbox-banner] [data-outbox-send]").click()
    banner_gone(phone)
    assert patrol.activities.count() == 1  # the same key: the first answer again, nothing new
    assert waiting(phone) == 0


def test_a_server_answering_503_keeps_items_waiting(pcso_phone, officer):
    phone = pcso_phone
    patrol = running_patrol_page(phone, officer)
    down = lambda route: route.fulfill(status=503, body="Down for a moment")  # noqa: E731
    phone.route("**/activities/", down)
    tap_activity(phone, "advice")
    assert banner_count(phone) == "1"
    phone.locator("[data-outbox-banner] [data-outbox-send]").click()
    phone.wait_for_timeout(500)
    assert banner_count(phone) == "1"
    assert patrol.activities.count() == 0
    phone.goto("/outbox/")
    row = phone.locator("[data-outbox-item]")
    assert row.count() == 1
    assert row.get_attribute("data-state") == "waiting"
    assert "Patrol activity" in row.inner_text()
    assert "Waiting to be sent" in row.inner_text()
    quiet(phone)

    phone.unroute("**/activities/")
    phone.locator("main [data-outbox-send]").click()
    banner_gone(phone)
    assert list(patrol.activities.values_list("kind", flat=True)) == ["advice"]
    quiet(phone)


def test_a_diary_entry_with_a_concern_written_without_signal_arrives_once(pcso_phone, officer):
    phone = pcso_phone
    group = make_group(officer, name="Smithfield Watch")
    log_in(phone, officer)
    controlled(phone)
    phone.goto("/engagement/diary/new/")  # seen once with signal: kept
    kept(phone, "/engagement/diary/new/")
    phone.context.set_offline(True)
    phone.goto("/engagement/diary/new/")  # without signal: the kept copy
    assert phone.locator("h1").inner_text() == "New diary entry"
    phone.get_by_label("Smithfield Watch").check()
    phone.get_by_label("Kind").select_option("door")
    phone.get_by_label("Where").fill("Charterhouse Square")
    phone.locator('[name="concerns-0-category"]').select_option("youth")
    phone.locator('[name="concerns-0-description"]').fill("Youths riding bikes through the market at night")
    phone.get_by_role("button", name="Save entry").click()
    assert banner_count(phone) == "1"
    assert DiaryEntry.objects.count() == 0
    quiet(phone)

    phone.context.set_offline(False)
    banner_gone(phone)
    entry = DiaryEntry.objects.get()
    assert list(entry.groups.all()) == [group]
    assert list(Concern.objects.values_list("description", flat=True)) == [
        "Youths riding bikes through the market at night"
    ]
    quiet(phone)


CACHED_PAGES = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("pcso-pages-")) continue;
    for (const request of await (await caches.open(name)).keys()) found.push(new URL(request.url).pathname);
  }
  return found;
}"""


def test_the_kept_pages_are_the_allow_list_only(pcso_phone, officer):
    from tests.factories import make_case

    phone = pcso_phone
    patrol = running_patrol_page(phone, officer)
    case = make_case(officer)
    for path in (
        "/",
        "/inbox/",
        "/patrols/",
        case.get_absolute_url(),
        case.victim.get_absolute_url(),
        "/engagement/diary/",
        "/outbox/",
    ):
        phone.goto(path)
    for path in (f"/patrols/{patrol.pk}/", "/outbox/", "/offline/", "/engagement/diary/new/"):
        kept(phone, path)
    found = phone.evaluate(CACHED_PAGES)
    allowed = [re.compile(pattern) for pattern in offline.kept_pages()]
    assert found and all(any(pattern.search(path) for pattern in allowed) for path in found), found
    assert {f"/patrols/{patrol.pk}/", "/outbox/", "/offline/", "/engagement/diary/new/"} <= set(found)
    assert not {"/", case.get_absolute_url(), case.victim.get_absolute_url()} & set(found)


def test_a_page_not_kept_shows_the_offline_page_without_signal(pcso_phone, officer):
    phone = pcso_phone
    log_in(phone, officer)
    controlled(phone)
    kept(phone, "/offline/")
    phone.context.set_offline(True)
    phone.goto("/inbox/")
    assert phone.locator("h1").inner_text() == "No signal"
    quiet(phone)


def test_the_outbox_page_in_welsh(pcso_phone, officer):
    phone = pcso_phone
    log_in(phone, officer)
    phone.locator("[data-language] button[lang=cy]").click()
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("lang") == "cy"
    controlled(phone)
    phone.route("**/patrols/start/", lambda route: route.fulfill(status=503, body=""))
    phone.locator("[data-start-patrol] button").first.click()
    assert banner_count(phone) == "1"
    phone.goto("/outbox/")
    assert phone.locator("html").get_attribute("lang") == "cy"
    row = phone.locator("[data-outbox-item]")
    assert row.count() == 1
    with translation.override("cy"):
        assert translation.gettext("Start of a patrol") in row.inner_text()
        assert translation.gettext("Waiting to be sent") in row.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    quiet(phone)


def test_signing_out_with_items_waiting_asks_first_and_leaves_nothing(pcso_phone, officer):
    phone = pcso_phone
    log_in(phone, officer)
    controlled(phone)
    phone.route("**/patrols/start/", lambda route: route.fulfill(status=503, body=""))
    phone.locator("[data-start-patrol] button").first.click()
    assert banner_count(phone) == "1"
    quiet(phone)

    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("button", name=re.compile("^Log out")).click()
    dialog = phone.locator("dialog[data-outbox-logout]")
    dialog.wait_for(state="visible")
    assert dialog.locator("[data-outbox-count]").first.inner_text() == "1"
    assert phone.url.endswith("/")  # asked first: still signed in, still here
    dialog.get_by_role("button", name="Sign out and delete them").click()
    phone.wait_for_url("**/login/")
    phone.wait_for_load_state()
    assert phone.evaluate("async () => (await indexedDB.databases()).map((db) => db.name)") == []
    assert phone.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    assert phone.evaluate("async () => await caches.keys()") == []
    assert Patrol.objects.count() == 0
    quiet(phone)


STATES = """() => new Promise((resolve) => {
  const open = indexedDB.open("pcso-offline");
  open.onsuccess = () => {
    const all = open.result.transaction("items").objectStore("items").getAll();
    all.onsuccess = () => {
      open.result.close();
      const states = all.result.map((item) => item.state);
      resolve(states.includes("signin") ? states : null);
    };
  };
})"""

PUT_ITEM = """(item) => new Promise((resolve, reject) => {
  const open = indexedDB.open("pcso-offline");
  open.onsuccess = () => {
    const db = open.result;
    const put = db.transaction("items", "readwrite").objectStore("items").put(item);
    put.onsuccess = () => { db.close(); resolve(true); };
    put.onerror = () => reject(put.error);
  };
})"""


def an_item(officer_id, **fields):
    key = str(uuid.uuid4())
    return {
        "key": key,
        "url": "/patrols/start/",
        "method": "POST",
        "body": [["form_key", key], ["mode", "foot"], ["captured_at", "2026-12-07T09:00:00+00:00"]],
        "captured_at": "2026-12-07T09:00:00+00:00",
        "officer": str(officer_id),
        "language": "en-gb",
        "htmx": False,
        "state": "waiting",
        "message": "",
        "created": int(time.time() * 1000),
        **fields,
    }


def test_a_refused_item_needs_attention_and_opens_with_what_was_typed(pcso_phone, officer):
    phone = pcso_phone
    make_group(officer, name="Smithfield Watch")
    log_in(phone, officer)
    controlled(phone)
    phone.goto("/engagement/diary/new/")
    phone.context.set_offline(True)
    phone.get_by_label("Where").fill("Charterhouse Square")  # no group, no kind: the server says no
    phone.get_by_role("button", name="Save entry").click()
    assert banner_count(phone) == "1"
    quiet(phone)

    phone.context.set_offline(False)
    phone.goto("/outbox/")
    row = phone.locator("[data-outbox-item]")
    until(phone, "() => document.querySelector('[data-outbox-item]')?.dataset.state === 'attention'")
    assert "Needs attention" in row.inner_text()
    assert row.locator("[data-message]").is_visible()  # the server's words
    assert DiaryEntry.objects.count() == 0
    row.get_by_role("link", name="Open the form with what was typed").click()
    phone.wait_for_load_state()
    assert phone.get_by_label("Where").input_value() == "Charterhouse Square"
    phone.get_by_label("Smithfield Watch").check()
    phone.get_by_label("Kind").select_option("door")
    phone.locator('[name="concerns-0-category"]').select_option("youth")
    phone.locator('[name="concerns-0-description"]').fill("Bikes on the pavement")
    phone.get_by_role("button", name="Save entry").click()
    phone.wait_for_url(re.compile(r"/engagement/diary/\d+/$"))
    assert DiaryEntry.objects.get().place == "Charterhouse Square"
    assert waiting(phone) == 0  # sent: the item it replaced is gone
    quiet(phone)


def test_an_item_opened_again_keeps_the_time_it_was_captured(pcso_phone, officer):
    from datetime import timedelta

    from django.utils import timezone

    make_group(officer, name="Smithfield Watch")
    phone = pcso_phone
    log_in(phone, officer)
    written = (timezone.now() - timedelta(minutes=40)).replace(microsecond=0)
    item = an_item(
        officer.pk,
        url="/engagement/diary/new/",
        state="attention",
        message="Choose a group",
        captured_at=written.isoformat(),
    )
    item["body"] = [
        ["form_key", item["key"]],
        ["place", "Charterhouse Square"],
        ["captured_at", written.isoformat()],
    ]
    phone.evaluate(PUT_ITEM, item)
    phone.goto("/outbox/")
    phone.get_by_role("link", name="Open the form with what was typed").click()
    phone.wait_for_load_state()
    assert phone.get_by_label("Where").input_value() == "Charterhouse Square"
    phone.get_by_label("Smithfield Watch").check()
    phone.get_by_label("Kind").select_option("door")
    phone.get_by_role("button", name="Save entry").click()
    phone.wait_for_url(re.compile(r"/engagement/diary/\d+/$"))
    entry = DiaryEntry.objects.get()
    assert entry.occurred_at == written  # when it was written, not when it was sent again
    assert not entry.clock_note  # 40 minutes waiting is not the phone's clock
    assert waiting(phone) == 0


def test_deleting_an_item_is_confirmed_and_an_old_one_is_in_warning_colours(pcso_phone, officer):
    phone = pcso_phone
    log_in(phone, officer)
    old = an_item(
        officer.pk, state="attention", message="Refused", created=int((time.time() - 13 * 3600) * 1000)
    )
    phone.evaluate(PUT_ITEM, old)
    phone.goto("/outbox/")
    row = phone.locator("[data-outbox-item]")
    assert "outbox-old" in row.get_attribute("class")
    assert row.get_by_text("Waiting for more than 12 hours.").is_visible()
    row.get_by_role("button", name="Delete", exact=True).click()
    assert row.get_by_role("button", name="Keep it").is_visible()  # asked first
    assert waiting(phone) == 1
    row.get_by_role("button", name="Delete it").click()
    phone.locator("[data-outbox-empty]").wait_for(state="visible")
    assert waiting(phone) == 0


def test_items_wait_for_sign_in_and_are_sent_with_the_same_keys(pcso_phone, officer):
    phone = pcso_phone
    log_in(phone, officer)
    controlled(phone)
    phone.context.set_offline(True)
    phone.locator("[data-start-patrol] button").first.click()
    assert banner_count(phone) == "1"
    key = phone.evaluate(
        """() => new Promise((resolve) => {
      const open = indexedDB.open("pcso-offline");
      open.onsuccess = () => {
        const all = open.result.transaction("items").objectStore("items").getAllKeys();
        all.onsuccess = () => { open.result.close(); resolve(all.result[0]); };
      };
    })"""
    )
    quiet(phone)
    phone.context.clear_cookies()  # the session ended meanwhile
    phone.wait_for_timeout(200)
    phone.context.set_offline(False)
    phone.locator("[data-outbox-banner] [data-outbox-send]").click()
    assert until(phone, STATES) == ["signin"]  # kept: sign in to send
    assert waiting(phone) == 1 and Patrol.objects.count() == 0
    log_in(phone, officer)
    banner_gone(phone)
    assert Patrol.objects.count() == 1
    assert FormKey.objects.filter(officer=officer, key=key).exists()  # sent with its own key
    quiet(phone)


def test_another_officers_items_are_never_sent(pcso_phone, officer, colleague):
    phone = pcso_phone
    log_in(phone, officer)
    phone.evaluate(PUT_ITEM, an_item(colleague.pk))
    phone.goto("/outbox/")
    assert phone.locator("[data-outbox-item]").count() == 0  # not listed to this officer
    phone.locator("main [data-outbox-send]").click()
    phone.wait_for_timeout(1000)
    assert waiting(phone) == 1
    assert Patrol.objects.count() == 0


def test_without_signal_the_kept_pages_come_in_the_language_last_used(pcso_phone, officer):
    phone = pcso_phone
    log_in(phone, officer)
    controlled(phone)
    until(phone, "async () => Boolean(await (await caches.open('pcso-pages-en-gb')).match('/offline/'))")
    phone.locator("[data-language] button[lang=cy]").click()
    phone.wait_for_load_state()
    until(phone, "async () => Boolean(await (await caches.open('pcso-pages-cy')).match('/offline/'))")
    until(phone, "async () => Boolean(await (await caches.open('pcso-pages-cy')).match('/outbox/'))")
    phone.context.set_offline(True)
    phone.goto("/inbox/")  # not kept: the offline page, in Welsh
    assert phone.locator("html").get_attribute("lang") == "cy"
    with translation.override("cy"):
        assert phone.locator("h1").inner_text() == translation.gettext("No signal")
    phone.goto("/outbox/")  # kept, in Welsh
    assert phone.locator("html").get_attribute("lang") == "cy"
    quiet(phone)


@pytest.mark.parametrize("ended", ["login-redirect", "csrf-refused"])
def test_a_patrol_tap_after_the_session_ended_waits_for_sign_in(pcso_phone, officer, ended):
    phone = pcso_phone
    patrol = running_patrol_page(phone, officer)
    if ended == "login-redirect":  # the session ended on the server: the tap goes to the login page
        from django.contrib.sessions.models import Session

        Session.objects.all().delete()
    else:  # the CSRF check refuses it (a cookie gone)
        phone.route("**/activities/", lambda route: route.fulfill(status=403, body="Forbidden"), times=1)
    tap_activity(phone, "engagement")
    assert banner_count(phone) == "1"
    assert phone.locator("[data-thumb-controls]").is_visible()  # no login page swapped in
    assert until(phone, STATES) == ["signin"]
    assert patrol.activities.count() == 0
    quiet(phone)
    if ended == "login-redirect":
        log_in(phone, officer)  # signed in again: sent, once
    else:
        phone.locator("[data-outbox-banner] [data-outbox-send]").click()
    banner_gone(phone)
    assert list(patrol.activities.values_list("kind", flat=True)) == ["engagement"]
    quiet(phone)
