"""The acceptance flow on a 390 px phone: a PCSO patrols, the sergeant approves, the PCSO sees it."""

import pytest

from patrols.models import HotspotVisit, Patrol, PatrolActivity, PatrolPoint
from tests.conftest import PHONE, log_in, new_phone_page, on_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


class Taps:
    """Counts a person's taps (typing is not counted), each on a control already on the screen:
    inside the 390 × 844 viewport and on top, with no scroll first (tests.conftest.on_screen)."""

    def __init__(self):
        self.count = 0
        self.off_screen = []

    def tap(self, locator):
        self.count += 1
        if not on_screen(locator):
            self.off_screen.append(locator.inner_text())
        locator.click()


def test_pcso_patrols_and_sergeant_approves(phone, browser, live_server, officer, sergeant, hotspot):
    log_in(phone, officer)
    taps = Taps()
    taps.tap(phone.get_by_role("button", name="Foot"))
    phone.wait_for_load_state()
    phone.locator("[data-elapsed]").wait_for()
    assert fits_phone(phone)

    taps.tap(phone.get_by_role("button", name="Arrived at hotspot: Carter Lane Gardens"))
    taps.tap(phone.get_by_role("button", name="Left hotspot"))
    phone.locator("[data-patrol-status]").get_by_text("Left Carter Lane Gardens.").wait_for()
    taps.tap(phone.get_by_role("button", name="Engagement"))
    phone.locator("[data-patrol-status]").get_by_text("Added: Engagement.").wait_for()
    taps.tap(phone.get_by_role("link", name="End patrol"))
    phone.get_by_label("Summary").fill("Spoke to the café owner about cycle thefts.")
    taps.tap(phone.get_by_role("button", name="End patrol"))
    assert phone.locator("[data-status]").inner_text() == "Awaiting review"
    assert (taps.count, taps.off_screen) == (6, [])  # the whole patrol: 6 taps, none after a scroll
    assert fits_phone(phone)
    assert phone.js_errors == []

    patrol = Patrol.objects.get()
    assert (patrol.status, patrol.summary) == ("ended", "Spoke to the café owner about cycle thefts.")
    visit = HotspotVisit.objects.get()
    assert (visit.hotspot, visit.left_at is not None) == (hotspot, True)
    assert list(PatrolActivity.objects.values_list("kind", flat=True)) == ["engagement"]

    sarge = new_phone_page(browser, live_server)
    log_in(sarge, sergeant)
    sarge.get_by_role("link", name="1 patrol to review").click()
    sarge.locator(f'[data-patrol="{patrol.pk}"]').click()
    sarge.get_by_label("Comment").fill("Good visit")
    sarge.get_by_role("button", name="Approve").click()
    assert on_screen(sarge.locator("[data-signed-off]").get_by_text("Patrol approved."))  # in place
    assert sarge.locator("[data-status]").inner_text() == "Approved"
    assert fits_phone(sarge)
    assert sarge.js_errors == []
    sarge.context.close()

    phone.goto("/")
    assert phone.locator(f'[data-patrol="{patrol.pk}"] [data-status]').inner_text() == "Approved"
    phone.locator(f'[data-patrol="{patrol.pk}"]').click()
    assert "Approved by Marcus Bell" in phone.locator("[data-review-comment]").inner_text()
    assert "Good visit" in phone.locator("[data-review-comment]").inner_text()
    assert phone.js_errors == []


def test_a_refused_location_says_so_in_the_pages_words(browser, live_server, officer):
    page = new_phone_page(browser, live_server)  # no permission to share the location
    log_in(page, officer)
    page.get_by_role("button", name="Cycle").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Add my location").click()
    page.get_by_text("Location not shared. You can tap the map instead.").wait_for()
    assert page.js_errors == []


def test_location_button_and_map_tap_add_points(browser, live_server, officer, hotspot):
    page = new_phone_page(
        browser,
        live_server,
        geolocation={"latitude": 51.5115, "longitude": -0.103},
        permissions=["geolocation"],
    )
    errors = page.js_errors
    log_in(page, officer)
    page.get_by_role("button", name="Cycle").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Add my location").click()  # enabled once the script runs
    page.get_by_text("1 point recorded.").wait_for()
    page.locator("[data-map][data-map-ready]").click(position={"x": 100, "y": 100})
    page.get_by_text("2 points recorded.").wait_for()
    assert list(PatrolPoint.objects.order_by("pk").values_list("source", flat=True)) == ["gps", "map"]
    first = PatrolPoint.objects.order_by("pk").first()
    assert (str(first.latitude), str(first.longitude)) == ("51.511500", "-0.103000")
    assert errors == []
    page.context.close()


def test_running_page_shows_end_patrol_at_once_and_scrolls_past_a_short_map(phone, officer, hotspot):
    log_in(phone, officer)
    phone.get_by_role("button", name="Foot").click()
    phone.locator("[data-map][data-map-ready]").wait_for()
    end = phone.get_by_role("link", name="End patrol").bounding_box()
    assert end["y"] + end["height"] <= PHONE["height"]  # on the first screen, no scrolling
    map_box = phone.locator("[data-map]").bounding_box()
    assert map_box["height"] <= PHONE["height"] * 0.35 + 1
    assert fits_phone(phone)
    assert phone.js_errors == []


def tap_map_at(page, latitude, longitude) -> None:
    """Tap the map on the pixel where this place is drawn now."""
    x, y = page.evaluate(
        """([lat, lon]) => {
            const p = document.querySelector("[data-map]").pcsoMap.latLngToContainerPoint([lat, lon]).round();
            return [p.x, p.y];
        }""",
        [latitude, longitude],
    )
    page.locator("[data-map][data-map-ready]").click(position={"x": x, "y": y})


def pixels_apart(page, point, latitude, longitude) -> float:
    """How far a saved point is drawn from a place, in screen pixels at the map's zoom."""
    return page.evaluate(
        """([a, b]) => {
            const map = document.querySelector("[data-map]").pcsoMap;
            return map.project(a).distanceTo(map.project(b));
        }""",
        [[float(point.latitude), float(point.longitude)], [latitude, longitude]],
    )


def test_map_tap_inside_neighbourhood_and_on_hotspot_records_the_tapped_place(phone, officer, hotspot):
    log_in(phone, officer)
    phone.get_by_role("button", name="Foot").click()
    phone.locator("[data-map][data-map-ready]").wait_for()
    # Inside Farringdon, 400 m clear of the hotspot; then on the hotspot, in the neighbourhood's
    # middle. Neither shape may swallow the tap.
    inside, on_hotspot = (51.5095, -0.109), (51.5115, -0.103)
    tap_map_at(phone, *inside)
    phone.get_by_text("1 point recorded.").wait_for()
    tap_map_at(phone, *on_hotspot)
    phone.get_by_text("2 points recorded.").wait_for()

    first, second = PatrolPoint.objects.order_by("pk")
    assert (first.source, second.source) == ("map", "map")
    # The browser delivers a tap on whole pixels, so the saved place is within a pixel or so.
    apart = [pixels_apart(phone, first, *inside), pixels_apart(phone, second, *on_hotspot)]
    assert [d < 1.5 for d in apart] == [True, True], apart
    assert phone.js_errors == []


def test_map_shows_shapes_without_tiles(phone, officer, hotspot, patrol):
    log_in(phone, officer)
    phone.goto(f"/patrols/map/?patrol={patrol.pk}")
    # The neighbourhood boundary and the hotspot circle are drawn as SVG paths, with no tiles.
    phone.locator("[data-map][data-map-ready]").wait_for()
    assert phone.locator("path.leaflet-interactive").count() == 2
    assert phone.locator(".leaflet-tile").count() == 0
    assert fits_phone(phone)
    assert phone.js_errors == []


def test_patrol_pages_fit_a_phone_without_script_errors(phone, officer, colleague, hotspot, patrol):
    from tests.factories import HotspotVisitFactory, PatrolActivityFactory, PatrolPointFactory

    HotspotVisitFactory(patrol=patrol, hotspot=hotspot)
    PatrolActivityFactory(patrol=patrol, kind="other", other_text="Found a lost wallet and took it in")
    PatrolPointFactory(patrol=patrol)
    log_in(phone, officer)
    for url in [
        "/patrols/",
        "/patrols/add/",
        patrol.get_absolute_url(),
        f"/patrols/{patrol.pk}/edit/",
        "/patrols/hotspots/",
        hotspot.get_absolute_url(),
        "/patrols/locality/",
        f"/patrols/map/?patrol={patrol.pk}",
    ]:
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        assert phone.locator("h1").count() == 1, url
        assert fits_phone(phone), url
    assert phone.js_errors == []


def test_sergeant_pages_fit_a_phone(phone, sergeant, patrol, hotspot):
    log_in(phone, sergeant)
    for url in [
        "/",
        "/patrols/review/",
        patrol.get_absolute_url(),
        "/patrols/hotspots/add/",
        "/patrols/locality/",
    ]:
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        assert fits_phone(phone), url
    assert phone.js_errors == []


def test_three_activity_taps_update_the_page_in_place_and_keep_the_scroll(phone, officer, hotspot):
    log_in(phone, officer)
    phone.get_by_role("button", name="Foot").click()
    phone.locator("[data-map][data-map-ready]").wait_for()
    # The activities sit directly under the timer, on the first screen.
    first = phone.get_by_role("button", name="Engagement", exact=True).bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"]
    assert first["height"] >= 48
    label = phone.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('[data-activity]'));"
        " return [s.alignItems, s.justifyContent, s.borderColor]; })()"
    )
    assert label == ["center", "center", "rgb(10, 88, 202)"]  # centred, and a blue edge, not grey
    phone.evaluate("window.scrollTo(0, 120)")
    before = phone.evaluate("window.scrollY")
    assert before == 120
    loads = phone.navigations
    for name in ("Engagement", "Advice given", "School visit"):
        phone.get_by_role("button", name=name, exact=True).click()
        phone.locator("[data-patrol-status]").get_by_text(f"Added: {name}.").wait_for()
        assert phone.evaluate("window.scrollY") == before
    assert phone.navigations == loads  # no page load: updated in place
    assert phone.locator("[data-activities] li").count() == 3
    assert list(PatrolActivity.objects.order_by("pk").values_list("kind", flat=True)) == [
        "engagement",
        "advice",
        "school",
    ]
    assert phone.js_errors == []


def test_review_queue_approve_then_undo_on_a_phone(phone, officer, sergeant, patrol):
    log_in(phone, sergeant)
    phone.goto("/patrols/review/")
    card = phone.locator(f'[data-queue-row="{patrol.pk}"]')
    card.get_by_role("button", name="Approve").click()
    card.get_by_role("button", name="Undo").click()
    card.get_by_role("link", name="Open").wait_for()
    patrol.refresh_from_db()
    assert patrol.status == "ended"
    card.get_by_role("link", name="Return…").click()
    # The sign-off answers in place (htmx): no page load back to the top, the answer in view.
    loads = phone.navigations
    phone.get_by_role("button", name="Return").click()  # no comment: refused, in place
    assert on_screen(phone.locator("#review").get_by_text("Say what needs changing."))
    assert on_screen(phone.get_by_label("Comment"))
    phone.get_by_label("Comment").fill("Add the hotspot visit, please.")
    phone.get_by_role("button", name="Return").click()
    assert on_screen(phone.locator("[data-signed-off]").get_by_text("Patrol returned."))
    assert phone.locator("[data-status]").inner_text() == "Returned"
    assert phone.navigations == loads
    patrol.refresh_from_db()
    assert (patrol.status, patrol.review_comment) == ("returned", "Add the hotspot visit, please.")
    assert fits_phone(phone)
    assert phone.js_errors == []
