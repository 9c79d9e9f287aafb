"""A PCSO on a phone records a diary entry with two concerns for a group, from My day, in one
form; every tap (besides typing) is counted."""

import pytest
from django.utils import timezone

from engagement.models import CommunityGroup, DiaryEntry
from tests.conftest import log_in
from tests.factories import make_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TAPS = 8


class Taps:
    """Counts what a finger does: clicks, choices in a list, ticks. Typing is not counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def choose(self, locator, value):
        self.count += 1
        locator.select_option(value)


def test_pcso_records_an_entry_with_two_concerns_from_my_day(phone, officer, sergeant):
    group = make_group(officer, name="Smithfield Watch")  # registered 1 March 2026: contact long due
    before = (group.last_contact_at, group.next_contact_due)
    log_in(phone, officer)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    taps = Taps(phone)

    taps.click(phone.locator(f'[data-record-contact="{group.pk}"]'))
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "New diary entry"
    assert phone.get_by_label("Smithfield Watch").is_checked()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    taps.choose(phone.get_by_label("Kind"), "door")
    phone.get_by_label("Where").fill("Charterhouse Square")
    taps.choose(phone.locator('[name="concerns-0-category"]'), "youth")
    phone.locator('[name="concerns-0-description"]').fill("Youths riding bikes through the market at night")
    phone.locator('[name="concerns-0-action"]').fill("Evening patrols Thursday to Saturday")
    phone.evaluate("window.stillHere = true")
    taps.click(phone.get_by_role("button", name="Add another concern"))
    second = phone.locator('[name="concerns-1-category"]')
    second.wait_for()
    assert phone.evaluate("window.stillHere === true")  # htmx swapped the form in; no page load
    # What was typed before "add another" is all still there.
    assert phone.get_by_label("Where").input_value() == "Charterhouse Square"
    assert phone.locator('[name="concerns-0-description"]').input_value() == (
        "Youths riding bikes through the market at night"
    )
    assert phone.get_by_label("Kind").input_value() == "door"
    taps.choose(second, "parking")
    phone.locator('[name="concerns-1-description"]').fill("Vans parked on the pavement")
    taps.click(phone.get_by_role("button", name="Save entry"))
    phone.wait_for_url("**/engagement/diary/*/")  # sent by the outbox (issue 21), then the entry

    assert taps.count <= MAX_TAPS
    assert taps.count == 6  # record contact, kind, category, add another, category, save
    entry = DiaryEntry.objects.get()
    assert phone.locator("[role=status]").inner_text() == "Diary entry recorded."
    assert phone.locator("h1").inner_text() == "Door knock"
    assert list(entry.concerns.order_by("pk").values_list("category", "description")) == [
        ("youth", "Youths riding bikes through the market at night"),
        ("parking", "Vans parked on the pavement"),
    ]
    assert list(entry.actions.values_list("description", flat=True)) == [
        "Evening patrols Thursday to Saturday"
    ]
    assert list(entry.groups.all()) == [group]
    group = CommunityGroup.objects.get(pk=group.pk)
    after = (group.last_contact_at, group.next_contact_due)
    assert after != before
    assert group.last_contact_at == entry.occurred_at
    assert group.next_contact_due == group.due_after(timezone.localdate(entry.occurred_at))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.get_by_role("link", name="Smithfield Watch").click()
    phone.wait_for_load_state()
    assert phone.locator("[data-next-due]").inner_text() == group.next_contact_due.strftime("%d/%m/%Y")
    assert phone.locator("[data-contact-state]").inner_text() == "Planned"
    assert phone.js_errors == []


def test_handover_pack_prints_without_inline_script(phone, officer):
    make_group(officer, name="Smithfield Watch")
    log_in(phone, officer)
    phone.goto(f"/engagement/neighbourhoods/{officer.team.neighbourhoods.get().pk}/handover/")
    assert phone.locator("[data-section=groups] [data-group]").count() == 1
    phone.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    phone.get_by_role("button", name="Print").click()
    assert phone.locator("body").get_attribute("data-printed") == "yes"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.js_errors == []
