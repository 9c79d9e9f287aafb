"""Issue 21, item 4: a patrol's taps carry the time the phone captured them. Sent later without
signal, that time is the event's (dosage and locality count it) and the received time is kept
beside it; a phone clock more than 5 minutes out is shown to the sergeant."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from patrols.models import HotspotVisit, Patrol, PatrolActivity, PatrolPoint
from patrols.queries import patrols as queries
from tests.factories import PatrolFactory

pytestmark = pytest.mark.django_db


def _ago(minutes: float):
    return (timezone.now() - timedelta(minutes=minutes)).replace(microsecond=0)


def _body(captured, **fields) -> dict:
    """What the outbox sends: the form, its client key and the phone's time of capture."""
    return {"form_key": str(uuid.uuid4()), "captured_at": captured.isoformat(), **fields}


def _running(officer, minutes_ago=60) -> Patrol:
    return PatrolFactory(
        officer=officer,
        neighbourhood=officer.team.neighbourhoods.get(),
        started_at=_ago(minutes_ago),
        ended_at=None,
        status=Patrol.Status.IN_PROGRESS,
    )


def test_a_start_sent_later_records_the_captured_time_and_the_received_time(client_for, officer):
    captured = _ago(10)
    before = timezone.now()
    response = client_for(officer).post(
        reverse("patrols:patrol-start"), _body(captured, mode="cycle"), HTTP_X_OUTBOX="replay"
    )
    after = timezone.now()
    patrol = Patrol.objects.get(officer=officer)
    assert response.status_code == 302
    assert patrol.started_at == captured
    assert before <= patrol.start_received_at <= after
    assert patrol.clock_skew_seconds is None  # a replay says nothing of the phone's clock


def test_an_activity_and_a_point_sent_later_keep_their_captured_times(client_for, officer):
    patrol = _running(officer)
    client = client_for(officer)
    captured = _ago(10)
    before = timezone.now()
    client.post(
        reverse("patrols:patrol-activity", args=[patrol.pk]),
        _body(captured, kind="advice", note=""),
        HTTP_X_OUTBOX="replay",
    )
    client.post(
        reverse("patrols:patrol-point", args=[patrol.pk]),
        _body(captured + timedelta(minutes=1), latitude="51.513", longitude="-0.098", source="gps"),
        HTTP_X_OUTBOX="replay",
    )
    after = timezone.now()
    activity = PatrolActivity.objects.get(patrol=patrol)
    point = PatrolPoint.objects.get(patrol=patrol)
    assert (activity.kind, activity.at) == ("advice", captured)
    assert before <= activity.received_at <= after
    assert point.recorded_at == captured + timedelta(minutes=1)
    assert before <= point.received_at <= after


def test_dosage_counts_the_captured_arrival_and_departure(client_for, officer, hotspot):
    patrol = _running(officer)
    client = client_for(officer)
    arrived, left = _ago(40), _ago(30)
    client.post(
        reverse("patrols:patrol-arrive", args=[patrol.pk]),
        _body(arrived, hotspot=hotspot.pk),
        HTTP_X_OUTBOX="replay",
    )
    visit = HotspotVisit.objects.get(patrol=patrol)
    client.post(
        reverse("patrols:patrol-leave", args=[patrol.pk]), _body(left, visit=visit.pk), HTTP_X_OUTBOX="replay"
    )
    ended = _ago(20)
    client.post(
        reverse("patrols:patrol-end", args=[patrol.pk]),
        _body(ended, summary="Quiet.", neighbourhood=patrol.neighbourhood_id),
        HTTP_X_OUTBOX="replay",
    )
    visit.refresh_from_db()
    patrol.refresh_from_db()
    assert (visit.arrived_at, visit.left_at) == (arrived, left)
    assert visit.arrival_received_at is not None and visit.departure_received_at is not None
    assert visit.departure_received_at - visit.left_at >= timedelta(minutes=30)
    assert (patrol.status, patrol.ended_at) == (Patrol.Status.ENDED, ended)
    local = timezone.localdate(arrived)
    monday = local - timedelta(days=local.weekday())
    row = queries.hotspot_dosage([hotspot], monday)[0]
    assert (row.minutes, row.visits) == (10, 1)


def _end(client, patrol, captured, header="1"):
    return client.post(
        reverse("patrols:patrol-end", args=[patrol.pk]),
        _body(captured, summary="Quiet.", neighbourhood=patrol.neighbourhood_id),
        HTTP_X_OUTBOX=header,
    )


def test_a_phone_clock_7_minutes_behind_is_shown_on_the_sergeants_review(client_for, officer, sergeant):
    patrol = _running(officer)
    # Sent at once (not a replay): the captured time is the phone's clock now.
    _end(client_for(officer), patrol, _ago(7))
    patrol.refresh_from_db()
    assert round(patrol.clock_skew_seconds / 60) == -7
    client = client_for(sergeant)
    note = "Phone clock 7 minutes behind the server. Its times are as the phone recorded them."
    assert note in client.get(reverse("patrols:review-queue")).content.decode()
    assert note in client.get(patrol.get_absolute_url()).content.decode()


def test_a_phone_clock_3_minutes_behind_is_not_shown(client_for, officer, sergeant):
    patrol = _running(officer)
    _end(client_for(officer), patrol, _ago(3))
    patrol.refresh_from_db()
    assert round(patrol.clock_skew_seconds / 60) == -3
    client = client_for(sergeant)
    assert "Phone clock" not in client.get(reverse("patrols:review-queue")).content.decode()
    assert "Phone clock" not in client.get(patrol.get_absolute_url()).content.decode()


@pytest.mark.parametrize("captured", ["in ten minutes", "2026-13-45T10:00:00+00:00", "2026-12-07T10:00:00"])
def test_a_future_or_unreadable_captured_time_falls_back_to_the_received_time(client_for, officer, captured):
    if captured == "in ten minutes":
        captured = (timezone.now() + timedelta(minutes=10)).isoformat()
    before = timezone.now()
    response = client_for(officer).post(
        reverse("patrols:patrol-start"),
        {"form_key": str(uuid.uuid4()), "captured_at": captured, "mode": "foot"},
        HTTP_X_OUTBOX="replay",
    )
    after = timezone.now()
    patrol = Patrol.objects.get(officer=officer)
    assert response.status_code == 302
    assert before <= patrol.started_at == patrol.start_received_at <= after


def test_a_phone_clock_ahead_is_refused_as_the_time_but_shown(client_for, officer, sergeant):
    patrol = _running(officer)
    before = timezone.now()
    _end(client_for(officer), patrol, timezone.now() + timedelta(minutes=9))
    patrol.refresh_from_db()
    assert before <= patrol.ended_at == patrol.end_received_at
    note = "Phone clock 9 minutes ahead of the server"
    assert note in client_for(sergeant).get(reverse("patrols:review-queue")).content.decode()


def test_an_event_captured_before_its_patrol_began_takes_the_received_time(client_for, officer):
    patrol = _running(officer, minutes_ago=30)
    before = timezone.now()
    client_for(officer).post(
        reverse("patrols:patrol-activity", args=[patrol.pk]),
        _body(_ago(45), kind="advice", note=""),
        HTTP_X_OUTBOX="replay",
    )
    activity = PatrolActivity.objects.get(patrol=patrol)
    assert before <= activity.at == activity.received_at


def test_the_same_tap_sent_twice_a_second_apart_is_one_event(client_for, officer):
    """A double tap: one key, two captured times; the second gets the first answer, not a 422."""
    patrol = _running(officer)
    client = client_for(officer)
    body = _body(_ago(2), kind="advice", note="")
    first = client.post(reverse("patrols:patrol-activity", args=[patrol.pk]), body, HTTP_X_OUTBOX="1")
    again = client.post(
        reverse("patrols:patrol-activity", args=[patrol.pk]),
        {**body, "captured_at": _ago(1).isoformat()},
        HTTP_X_OUTBOX="1",
    )
    assert (first.status_code, again.status_code) == (302, 302)
    assert PatrolActivity.objects.filter(patrol=patrol).count() == 1


def test_a_notice_left_without_a_time_of_issue_takes_the_captured_time(client_for, officer):
    from patrols.models import FixedPenaltyNotice, OffenceType
    from tests.factories import designate

    designate(officer, "litter")
    captured = _ago(25)
    body = _body(
        captured,
        offence=OffenceType.objects.get(code="litter").pk,
        recipient_name="John Smith",
        recipient_date_of_birth="1990-05-17",
        recipient_address="1 Fleet St",
        identity_check="photo_id",
        place="Fleet Street",
        circumstances="Dropped a can.",
        issued_at="",
    )
    response = client_for(officer).post(reverse("patrols:notice-issue"), body, HTTP_X_OUTBOX="replay")
    notice = FixedPenaltyNotice.objects.get(officer=officer)
    assert response.status_code == 302
    assert notice.issued_at == captured


def _notice_body(captured, **fields) -> dict:
    from patrols.models import OffenceType

    return _body(
        captured,
        offence=OffenceType.objects.get(code="litter").pk,
        recipient_name="John Smith",
        recipient_date_of_birth="1990-05-17",
        recipient_address="1 Fleet St",
        identity_check="photo_id",
        place="Fleet Street",
        circumstances="Dropped a can.",
        issued_at="",
        **fields,
    )


def test_a_notice_sent_after_the_patrol_ended_is_linked_to_the_patrol_of_its_time(
    client_for, officer, colleague
):
    from patrols.models import FixedPenaltyNotice
    from tests.factories import designate

    designate(officer, "litter")
    neighbourhood = officer.team.neighbourhoods.get()
    ended = dict(neighbourhood=neighbourhood, status=Patrol.Status.ENDED)
    PatrolFactory(officer=officer, started_at=_ago(24 * 60), ended_at=_ago(23 * 60), **ended)
    during = PatrolFactory(officer=officer, started_at=_ago(90), ended_at=_ago(10), **ended)
    PatrolFactory(officer=colleague, started_at=_ago(60), ended_at=None, status=Patrol.Status.IN_PROGRESS)
    running = _running(officer, minutes_ago=5)  # started after the notice was written
    client = client_for(officer)

    # Written without signal 25 minutes ago, during the patrol that has ended since.
    client.post(reverse("patrols:notice-issue"), _notice_body(_ago(25)), HTTP_X_OUTBOX="replay")
    # Written between the two patrols: linked to none.
    client.post(reverse("patrols:notice-issue"), _notice_body(_ago(7)), HTTP_X_OUTBOX="replay")
    # Written now, during the running patrol.
    client.post(reverse("patrols:notice-issue"), _notice_body(_ago(0)), HTTP_X_OUTBOX="send")

    assert list(FixedPenaltyNotice.objects.order_by("issued_at").values_list("patrol", flat=True)) == [
        during.pk,
        None,
        running.pk,
    ]
