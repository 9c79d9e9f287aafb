"""A double tap on a slow phone sends a form twice: one record all the same (pcso/once.py). The
second tap comes 50 ms after the first, while the server is still saving the first."""

import time

import pytest
from django.db.models.signals import pre_save

from engagement.models import DiaryEntry
from patrols.models import FixedPenaltyNotice
from tests.conftest import log_in
from tests.factories import designate, make_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_saves():
    """Each save of a notice or a diary entry takes 400 ms on the server; the POSTs it received."""
    received = []

    def slow(sender, instance, **kwargs):
        if instance.pk is None:
            received.append(sender.__name__)
            time.sleep(0.4)

    for model in (FixedPenaltyNotice, DiaryEntry):
        pre_save.connect(slow, sender=model, dispatch_uid=f"slow-{model.__name__}")
    yield received
    for model in (FixedPenaltyNotice, DiaryEntry):
        pre_save.disconnect(sender=model, dispatch_uid=f"slow-{model.__name__}")


def test_a_double_tapped_notice_is_issued_once(phone, officer, slow_saves):
    designate(officer, "litter")
    log_in(phone, officer)
    phone.goto("/patrols/notices/issue/")
    phone.get_by_label("Leaving litter", exact=False).check()
    phone.get_by_label("Recipient's name").fill("John Smith")
    phone.get_by_label("Date of birth").fill("1988-04-12")
    phone.get_by_label("Address").fill("4 Carter Lane, London")
    phone.get_by_label("Identity confirmed by").select_option("police_check")
    phone.get_by_label("Place").fill("Carter Lane Gardens")
    phone.get_by_label("Circumstances").fill("Dropped a cup.")
    phone.get_by_role("button", name="Issue notice").dblclick(delay=50)
    phone.get_by_role("heading", level=1, name="Notice number 0000001").wait_for()
    phone.wait_for_load_state("networkidle")
    time.sleep(1)  # the server is done with both sendings
    assert slow_saves == ["FixedPenaltyNotice"]  # the second sending waited for the first's answer
    assert list(FixedPenaltyNotice.objects.values_list("number", "recipient_name")) == [(1, "John Smith")]


def test_a_double_tapped_diary_entry_is_saved_once(phone, officer, slow_saves):
    group = make_group(officer, name="Market traders")
    log_in(phone, officer)
    phone.goto(f"/engagement/diary/new/?group={group.pk}")
    phone.get_by_label("Notes").fill("Twelve traders came.")
    phone.get_by_role("button", name="Save entry").dblclick(delay=50)
    phone.wait_for_url("**/engagement/diary/*/")
    phone.wait_for_load_state("networkidle")
    time.sleep(1)
    assert slow_saves == ["DiaryEntry"]
    assert list(DiaryEntry.objects.values_list("notes", flat=True)) == ["Twelve traders came."]


def test_each_location_from_the_running_patrol_page_is_a_sending_of_its_own(phone, officer):
    """The location button and a map tap post through the page's one point form, by script
    (static/js/patrol-points.js): each location is recorded, none refused as the form's key
    sent again with other contents."""
    from patrols.services import patrols as patrol_services

    patrol = patrol_services.start_patrol(officer=officer)
    log_in(phone, officer)
    phone.goto(f"/patrols/{patrol.pk}/")
    statuses = phone.evaluate(
        """async () => {
          const answers = [];
          for (const latitude of [51.5115, 51.512]) {
            answers.push(await window.pcsoPatrolPoints.post(latitude, -0.103, "map").then(() => "ok", (e) => e.message));
          }
          return answers;
        }"""
    )
    assert statuses == ["ok", "ok"]
    assert sorted(str(point.latitude) for point in patrol.points.all()) == ["51.511500", "51.512000"]
