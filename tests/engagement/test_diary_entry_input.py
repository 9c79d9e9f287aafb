"""The diary entry pages with input an officer's phone or a tampered POST may send: invalid input
and "Add another concern" on the edit page keep what was typed, and a bad concerns count is a
message on the form, never a server error (issue 20, item 6)."""

import pytest
from django.urls import reverse

from engagement.models import DiaryEntry
from tests.engagement.test_diary_views import _entry_post
from tests.factories import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(officer, group):
    return make_entry(officer, [group], concerns=[("asb", "Noise at night", "Patrols")])


def _edit_post(entry, group, **overrides):
    concern = entry.concerns.get()
    data = {
        "groups": [group.pk],
        "kind": "street",
        "occurred_at": "",
        "place": "Corrected place",
        "notes": "Typed on the edit page",
        "concerns-TOTAL_FORMS": "2",
        "concerns-INITIAL_FORMS": "1",
        "concerns-MIN_NUM_FORMS": "0",
        "concerns-MAX_NUM_FORMS": "1000",
        "concerns-0-concern_id": str(concern.pk),
        "concerns-0-category": "asb",
        "concerns-0-description": "Noise at night, every Friday",
        "concerns-1-category": "",
        "concerns-1-description": "",
    }
    data.update(overrides)
    return data


def _unchanged(entry) -> tuple:
    entry.refresh_from_db()
    return entry.kind, entry.place, entry.notes, list(entry.concerns.values_list("category", "description"))


def test_edit_page_add_another_concern_keeps_what_was_typed(client_for, officer, group, entry):
    before = _unchanged(entry)
    response = client_for(officer).post(
        reverse("engagement:entry-edit", args=[entry.pk]), _edit_post(entry, group, add_concern="1")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Corrected place" in html
    assert "Typed on the edit page" in html
    assert "Noise at night, every Friday" in html
    assert 'name="concerns-TOTAL_FORMS" value="3"' in html
    assert 'data-concern="2"' in html
    assert _unchanged(entry) == before


def test_edit_page_invalid_input_keeps_what_was_typed(client_for, officer, group, entry):
    before = _unchanged(entry)
    response = client_for(officer).post(
        reverse("engagement:entry-edit", args=[entry.pk]),
        _edit_post(entry, group, occurred_at="yesterday-ish"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date/time." in html
    assert 'value="yesterday-ish"' in html
    assert "Corrected place" in html
    assert "Noise at night, every Friday" in html
    assert _unchanged(entry) == before


@pytest.mark.parametrize(
    "total, message",
    [
        ("two", "ManagementForm data is missing or has been tampered with"),
        ("1e9", "ManagementForm data is missing or has been tampered with"),
        ("-1", "The concerns could not be read: add them again."),
    ],
)
@pytest.mark.parametrize("button", [{}, {"add_concern": "1"}])
def test_a_tampered_concerns_count_is_a_message_on_the_form(
    client_for, officer, group, total, message, button
):
    response = client_for(officer).post(
        reverse("engagement:entry-create"), _entry_post(group, **{"concerns-TOTAL_FORMS": total}, **button)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Market hall" in html
    assert DiaryEntry.objects.count() == 0


@pytest.mark.parametrize("button, refused", [({}, True), ({"add_concern": "1"}, False)])
def test_a_huge_concerns_count_builds_at_most_twenty_rows(client_for, officer, group, button, refused):
    response = client_for(officer).post(
        reverse("engagement:entry-create"),
        _entry_post(group, **{"concerns-TOTAL_FORMS": "99999999"}, **button),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Please submit at most 20 forms." in html) is refused
    assert html.count("data-concern=") == 20
    assert "Bikes through the market at night" in html
    assert DiaryEntry.objects.count() == 0
