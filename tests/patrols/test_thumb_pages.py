"""Issue 10, the patrol pages on a phone: taps answered in place (htmx), an approval that can be
undone, the officer's own neighbourhood preselected, and the autumn hour that happens twice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from patrols.models import Patrol, PatrolActivity
from patrols.services import patrols as services
from pcso.models import AuditEntry, Reminder
from tests.factories import NeighbourhoodFactory, PatrolFactory, give_neighbourhoods

from .conftest import at

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_activity_tap_through_htmx_answers_the_controls_in_place(client_for, officer):
    client = client_for(officer)
    patrol = services.start_patrol(officer=officer)
    response = client.post(
        reverse("patrols:patrol-activity", args=[patrol.pk]), {"kind": "engagement"}, **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.startswith('\n<div id="patrol-controls"') or '<div id="patrol-controls"' in content[:400]
    assert (
        '<div id="patrol-status" hx-swap-oob="innerHTML"><span class="">Added: Engagement.</span></div>'
        in content
    )
    assert 'id="activity-list" data-activities hx-swap-oob="true"' in content
    assert "<html" not in content
    assert list(PatrolActivity.objects.values_list("kind", flat=True)) == ["engagement"]


def test_arrive_and_leave_through_htmx_answer_in_place(client_for, officer, hotspot):
    client = client_for(officer)
    patrol = services.start_patrol(officer=officer)
    arrived = client.post(reverse("patrols:patrol-arrive", args=[patrol.pk]), {"hotspot": hotspot.pk}, **HTMX)
    assert "Arrived at Carter Lane Gardens." in arrived.content.decode()
    visit = patrol.hotspot_visits.get()
    left = client.post(reverse("patrols:patrol-leave", args=[patrol.pk]), {"visit": visit.pk}, **HTMX)
    assert "Left Carter Lane Gardens." in left.content.decode()
    assert "<html" not in left.content.decode()


def test_running_page_puts_activities_directly_under_the_timer_without_grey_outlines(
    client_for, officer, hotspot
):
    client = client_for(officer)
    patrol = services.start_patrol(officer=officer)
    content = client.get(patrol.get_absolute_url()).content.decode()
    timer, activities, hotspots = (
        content.index(s) for s in ("data-elapsed", "Add an activity", "Arrived at hotspot")
    )
    assert timer < activities < hotspots
    assert "btn-outline-secondary" not in content
    assert 'class="btn btn-activity btn-lg" type="submit" data-activity="engagement"' in content
    assert f'hx-post="/patrols/{patrol.pk}/activities/"' in content


def test_review_queue_approve_offers_an_undo_that_puts_the_patrol_back(client_for, officer, sergeant):
    patrol = PatrolFactory(officer=officer)
    client = client_for(sergeant)
    queue = client.get(reverse("patrols:review-queue")).content.decode()
    assert f'href="{patrol.get_absolute_url()}" data-open' in queue
    assert f'href="{patrol.get_absolute_url()}#review" data-return' in queue
    approved = client.post(reverse("patrols:patrol-approve", args=[patrol.pk]), {"next": "queue"}, **HTMX)
    assert "data-approved" in approved.content.decode() and "Undo" in approved.content.decode()
    patrol.refresh_from_db()
    assert patrol.status == Patrol.Status.APPROVED
    undone = client.post(reverse("patrols:patrol-undo-approval", args=[patrol.pk]), **HTMX)
    assert f'data-queue-row="{patrol.pk}"' in undone.content.decode()
    patrol.refresh_from_db()
    assert (patrol.status, patrol.reviewed_by, patrol.reviewed_at) == ("ended", None, None)
    assert Reminder.objects.get(kind="patrol-approved").state == Reminder.State.CANCELLED
    assert AuditEntry.objects.filter(action="patrols.patrol.approval_undone").count() == 1


def test_an_approval_cannot_be_undone_after_five_minutes_nor_by_another(officer, sergeant, inspector):
    from django.core.exceptions import ValidationError

    patrol = PatrolFactory(officer=officer)
    now = timezone.now()
    services.approve_patrol(user=sergeant, patrol=patrol, now=now)
    with pytest.raises(ValidationError):
        services.undo_approval(user=inspector, patrol=patrol, now=now)
    with pytest.raises(ValidationError):
        services.undo_approval(user=sergeant, patrol=patrol, now=now + timedelta(minutes=5, seconds=1))
    services.undo_approval(user=sergeant, patrol=patrol, now=now + timedelta(minutes=5))
    patrol.refresh_from_db()
    assert patrol.status == "ended"


def test_record_a_past_patrol_preselects_the_officers_own_neighbourhood(client_for, team, officer):
    temple = NeighbourhoodFactory(team=team, name="Temple", code="cl-temple")
    give_neighbourhoods(officer, temple)
    content = client_for(officer).get(reverse("patrols:patrol-add")).content.decode()
    assert f'<option value="{temple.pk}" selected>Temple</option>' in content


# The autumn hour that happens twice: 25/10/2026, 01:00–02:00 BST then 01:00–02:00 GMT.


def past_patrol(**times):
    return {"mode": "foot", "started_at": "2026-10-25T00:30", "summary": "Night shift", **times}


def test_end_in_the_repeated_hour_asks_which_one_instead_of_refusing(client_for, officer):
    client = client_for(officer)
    response = client.post(reverse("patrols:patrol-add"), past_patrol(ended_at="2026-10-25T01:30"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "01:30 on 25/10/2026 happened twice: which one?" in content
    assert "01:30 BST, the first, before the clocks went back" in content
    assert 'value="Night shift"' in content or "Night shift" in content  # nothing typed is lost
    assert Patrol.objects.count() == 0


@pytest.mark.parametrize(("clock", "minutes"), [("bst", 60), ("gmt", 120)])
def test_the_chosen_0130_is_the_end(client_for, officer, clock, minutes):
    response = client_for(officer).post(
        reverse("patrols:patrol-add"), past_patrol(ended_at="2026-10-25T01:30", ended_at_clock=clock)
    )
    assert response.status_code == 302
    patrol = Patrol.objects.get()
    assert patrol.started_at == at("2026-10-25 00:30")
    assert patrol.minutes == minutes


def test_a_time_the_spring_change_skips_is_refused_clearly(client_for, officer):
    response = client_for(officer).post(
        reverse("patrols:patrol-add"),
        {"mode": "foot", "started_at": "2026-03-29T00:30", "ended_at": "2026-03-29T01:30"},
    )
    assert "01:30 on 29/03/2026 did not happen: the clocks went forward an hour." in response.content.decode()
    assert Patrol.objects.count() == 0


def test_navbar_inbox_button_shows_the_unread_count_to_screen_readers(client_for, officer):
    from pcso import reminders

    reminders.schedule(None, kind="x", recipient=officer, due=timezone.now(), title="Visit due")
    reminders.deliver_due()
    content = client_for(officer).get(reverse("home")).content.decode()
    button = content.split("data-inbox>")[1].split("</a>")[0]
    assert "aria-label" not in content.split("data-inbox>")[0].rsplit("<a", 1)[1]
    assert '<span class="visually-hidden"> unread</span>' in button
    assert "bg-pcso" in content
