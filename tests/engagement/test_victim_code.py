"""Issue 10, victims: one person is one record, and the Victims' Code clocks as the Code counts
them. Each test holds the inputs of a wrong answer the issue lists, and the right output."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from engagement.forms.victims import KeyEventForm
from engagement.models import FollowUp, Victim, VictimCase, VictimCodeSettings
from engagement.services import victims as services
from pcso import permissions
from pcso.models import Reminder
from tests.factories import make_case

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def new_case_post(**overrides):
    data = {
        "name": "Jane Doe",
        "date_of_birth": "1960-05-05",
        "preferred_contact_method": "phone",
        "reference": "CAD-1",
        "category": "anti-social-behaviour",
        "occurred_on": "2026-09-10",
    }
    return {**data, **overrides}


def reminders_of(follow_up):
    return sorted(
        (r.kind, r.recipient.collar_number, r.due_at)
        for r in Reminder.objects.filter(object_id=follow_up.pk, state=Reminder.State.PENDING)
    )


# One person, one victim record


def test_three_asb_cases_for_jane_doe_make_one_victim_flagged(client_for, officer):
    client = client_for(officer)
    url = reverse("engagement:case-create")
    assert client.post(url, new_case_post(reference="CAD-1", occurred_on="2026-09-10")).status_code == 302
    victim = Victim.objects.get()
    # The second time the officer searches, is offered Jane, and opens the case for her.
    found = client.get(url, {"find-name": "jane", "find-date_of_birth": "1960-05-05"}).content.decode()
    assert f'data-match="{victim.pk}"' in found
    response = client.post(
        f"{url}?victim={victim.pk}", new_case_post(reference="CAD-2", occurred_on="2026-10-10")
    )
    assert response.status_code == 302
    # The third time they type her in again: the same name and date of birth are the same person.
    assert client.post(url, new_case_post(reference="CAD-3", occurred_on="2026-11-10")).status_code == 302
    assert Victim.objects.count() == 1
    victim.refresh_from_db()
    assert VictimCase.objects.filter(victim=victim).count() == 3
    assert victim.repeat_until == date(2026, 12, 9)
    assert victim.is_repeat_on(date(2026, 11, 29)) is True
    assert VictimCase.objects.get(reference="CAD-3").repeat_victim is True


def test_repeat_count_spans_every_team_though_each_team_sees_its_own_cases(officer, other_team_officer):
    born = date(1960, 5, 5)
    make_case(officer, date_of_birth=born, occurred_on=date(2026, 9, 10), reference="W-1")
    make_case(officer, date_of_birth=born, occurred_on=date(2026, 10, 10), reference="W-2")
    # East cannot find West's Jane before it has a case of hers...
    assert services_search(other_team_officer, name="Jane Doe") == []
    east = make_case(other_team_officer, date_of_birth=born, occurred_on=date(2026, 11, 10), reference="E-1")
    victim = Victim.objects.get()
    assert east.victim == victim
    victim.refresh_from_db()
    assert victim.repeat_until == date(2026, 12, 9)
    assert east.repeat_victim is True
    # ...and afterwards sees the person, but only its own case of hers.
    assert list(permissions.visible(other_team_officer, Victim.objects.all())) == [victim]
    east_cases = permissions.visible(other_team_officer, VictimCase.objects.filter(victim=victim))
    assert list(east_cases.values_list("reference", flat=True)) == ["E-1"]
    west_cases = permissions.visible(officer, VictimCase.objects.filter(victim=victim))
    assert sorted(west_cases.values_list("reference", flat=True)) == ["W-1", "W-2"]


def services_search(user, **details):
    from engagement.queries import victims as queries

    return queries.matching_victims(user, **details)


def test_match_search_by_date_of_birth_postcode_or_phone_offers_only_visible_people(
    officer, other_team_officer
):
    jane = make_case(
        officer, date_of_birth=date(1960, 5, 5), postcode="EC4M 7AB", phone="07700 900123"
    ).victim
    make_case(other_team_officer, victim_name="Jane Doe", phone="07700 900123", reference="E-9")
    assert services_search(officer, date_of_birth=date(1960, 5, 5)) == [jane]
    assert services_search(officer, postcode="ec4m7ab") == [jane]
    assert services_search(officer, phone="07700-900-123") == [jane]
    assert services_search(officer, name="doe") == [jane]
    assert services_search(officer, name="smith") == []


def test_team_sees_a_victim_through_a_shared_case_until_the_share_is_withdrawn(
    client_for, officer, sergeant, other_team, other_team_officer
):
    case = make_case(officer, date_of_birth=date(1960, 5, 5))
    victim_url = reverse("engagement:victim-detail", args=[case.victim.pk])
    services.share_case(officer=sergeant, case=case, team=other_team)
    assert client_for(other_team_officer).get(victim_url).status_code == 200
    services.unshare_case(officer=sergeant, case=case, team=other_team)
    assert client_for(other_team_officer).get(victim_url).status_code == 404
    assert permissions.visible(other_team_officer, Victim.objects.all()).count() == 0


def test_team_with_its_own_case_keeps_the_victim_after_a_share_is_withdrawn(
    client_for, officer, sergeant, other_team, other_team_officer
):
    case = make_case(officer, date_of_birth=date(1960, 5, 5), reference="W-1")
    services.share_case(officer=sergeant, case=case, team=other_team)
    make_case(other_team_officer, date_of_birth=date(1960, 5, 5), reference="E-1")
    services.unshare_case(officer=sergeant, case=case, team=other_team)
    content = client_for(other_team_officer).get(case.victim.get_absolute_url()).content.decode()
    assert "E-1" in content and "W-1" not in content


# The Code's clocks


def test_referral_counts_working_days(officer):
    case = make_case(officer, consents_to_referral=True, now=london("2026-11-27 17:00"))  # a Friday
    referral = case.follow_ups.get(kind=FollowUp.Kind.REFERRAL)
    assert referral.due_at == london("2026-12-01 17:00")  # Tuesday, not Sunday 29/11


def test_referral_working_days_are_data(officer):
    settings = VictimCodeSettings.current()
    settings.referral_days = 3
    settings.save()
    case = make_case(officer, consents_to_referral=True, now=london("2026-11-27 17:00"))
    assert case.follow_ups.get(kind=FollowUp.Kind.REFERRAL).due_at == london("2026-12-02 17:00")


def test_key_event_clock_starts_when_it_happened_not_when_typed(officer):
    case = make_case(officer, vulnerable=True, occurred_on=date(2026, 11, 20))
    update = services.record_key_event(
        officer=officer,
        case=case,
        event="arrested",
        happened_at=london("2026-11-27 10:00"),  # Friday
        now=london("2026-12-01 09:00"),  # typed in on Tuesday
    )
    assert update.due_at == london("2026-11-30 10:00")  # Monday: already overdue, not Wednesday
    assert update.event_at == london("2026-11-27 10:00")
    assert update.state(now=london("2026-12-01 09:00")) == "overdue"


def test_key_event_form_takes_the_time_it_happened(client_for, officer):
    case = make_case(officer, vulnerable=True, occurred_on=date(2026, 11, 20))
    response = client_for(officer).post(
        reverse("engagement:case-key-event", args=[case.pk]),
        {"event": "arrested", "happened_at": "2026-11-27T10:00"},
    )
    assert response.status_code == 302
    update = case.follow_ups.get(kind=FollowUp.Kind.UPDATE)
    assert (update.event, update.due_at) == ("arrested", london("2026-11-30 10:00"))


def test_key_event_form_refuses_a_time_to_come_and_keeps_the_event(client_for, officer):
    case = make_case(officer)
    response = client_for(officer).post(
        reverse("engagement:case-key-event", args=[case.pk]),
        {"event": "charged", "happened_at": "2099-01-01T10:00"},
    )
    assert response.status_code == 400
    assert "A key event cannot be in the future." in response.content.decode()
    assert case.follow_ups.filter(kind=FollowUp.Kind.UPDATE).count() == 0


def test_key_events_are_the_codes_full_list():
    assert [value for value, _ in KeyEventForm().fields["event"].choices] == [
        "arrested",
        "interviewed",
        "released",
        "bailed",
        "charged",
        "nfa",
        "out-of-court",
        "hearing",
    ]


@pytest.mark.parametrize("event", ["interviewed", "released", "bailed", "nfa", "out-of-court", "hearing"])
def test_each_new_key_event_owes_an_update_in_five_working_days(officer, event):
    case = make_case(officer, occurred_on=date(2026, 11, 2))
    update = services.record_key_event(
        officer=officer, case=case, event=event, happened_at=london("2026-11-23 10:00")
    )
    assert (update.event, update.due_at) == (event, london("2026-11-30 10:00"))


def test_under_18_is_judged_at_the_offence(officer):
    case = make_case(officer, date_of_birth=date(2009, 1, 10), occurred_on=date(2026, 11, 2))  # 17 then
    update = services.record_key_event(
        officer=officer,
        case=case,
        event="charged",
        happened_at=london("2027-01-12 10:00"),  # 18 now
    )
    assert update.due_at == london("2027-01-13 10:00")  # enhanced: 1 working day, not Tue 19/01
    assert case.enhanced_rights_reasons(date(2027, 1, 12)) == ["vulnerable"]


def test_agreed_update_frequency_plans_updates_and_their_reminders(officer, sergeant):
    now = london("2026-11-23 10:00")
    case = make_case(officer, update_every_days=7, now=now)
    update = case.follow_ups.get(kind=FollowUp.Kind.AGREED_UPDATE)
    assert update.due_at == london("2026-11-30 10:00")
    assert reminders_of(update) == [
        ("follow-up-due-tomorrow", officer.collar_number, london("2026-11-29 10:00")),
        ("follow-up-overdue", officer.collar_number, london("2026-11-30 10:00")),
        ("follow-up-overdue", sergeant.collar_number, london("2026-11-30 10:00")),
    ]
    following = services.record_contact(
        officer=officer,
        follow_up=update,
        at=london("2026-11-29 12:00"),
        contact_method="phone",
        outcome="contacted",
    )
    assert (following.kind, following.due_at) == ("agreed-update", london("2026-12-06 12:00"))


def test_agreed_update_frequency_is_chosen_on_the_new_case_form(client_for, officer):
    response = client_for(officer).post(
        reverse("engagement:case-create"), new_case_post(update_every_days="14", occurred_on="2026-11-20")
    )
    assert response.status_code == 302
    case = VictimCase.objects.get()
    assert case.update_every_days == 14
    assert case.follow_ups.filter(kind=FollowUp.Kind.AGREED_UPDATE).count() == 1


def test_repeat_flag_lapses_when_the_window_no_longer_holds_the_incidents(officer):
    first = make_case(officer, occurred_on=date(2026, 9, 1), reference="A1")
    make_case(officer, victim=first.victim, occurred_on=date(2026, 10, 15), reference="A2")
    make_case(officer, victim=first.victim, occurred_on=date(2026, 11, 23), reference="A3")
    victim = Victim.objects.get()
    assert victim.repeat_until == date(2026, 11, 30)
    assert (victim.is_repeat_on(date(2026, 11, 30)), victim.is_repeat_on(date(2026, 12, 1))) == (True, False)
    # After the lapse a key event is owed an update in 5 working days again, not 1.
    update = services.record_key_event(
        officer=officer, case=first, event="charged", happened_at=london("2026-12-01 10:00")
    )
    assert update.due_at == london("2026-12-08 10:00")


@pytest.mark.initial_contact
def test_new_unassessed_case_owes_an_initial_contact_reminded_like_any_other(officer, sergeant):
    now = london("2026-11-23 10:00")
    case = make_case(officer, now=now)
    contact = case.follow_ups.get()
    assert (contact.kind, contact.due_at, contact.assigned_to) == (
        "initial-contact",
        now + timedelta(hours=24),
        officer,
    )
    assert reminders_of(contact) == [
        ("follow-up-due-tomorrow", officer.collar_number, now),
        ("follow-up-overdue", officer.collar_number, now + timedelta(hours=24)),
        ("follow-up-overdue", sergeant.collar_number, now + timedelta(hours=24)),
    ]


@pytest.mark.initial_contact
def test_initial_contact_time_is_data(officer):
    settings = VictimCodeSettings.current()
    settings.initial_contact_hours = 48
    settings.save()
    now = london("2026-11-23 10:00")
    case = make_case(officer, now=now)
    assert case.follow_ups.get(kind=FollowUp.Kind.INITIAL_CONTACT).due_at == now + timedelta(hours=48)


# The clocks run from when the crime was reported, not from when the case was typed in


@pytest.mark.initial_contact
def test_code_clocks_run_from_when_the_crime_was_reported(officer):
    """Reported on Friday 27/11/2026 at 17:00, typed in on Tuesday 01/12 at 09:00: the referral
    is due Tuesday 17:00 (2 working days from the report), the initial contact Saturday 17:00."""
    reported = london("2026-11-27 17:00")
    case = make_case(
        officer,
        consents_to_referral=True,
        occurred_on=date(2026, 11, 27),
        reported_at=reported,
        now=london("2026-12-01 09:00"),
    )
    case.refresh_from_db()
    assert (case.reported_at, case.created_at) == (reported, london("2026-12-01 09:00"))
    due = dict(case.follow_ups.values_list("kind", "due_at"))
    assert due == {"referral": london("2026-12-01 17:00"), "initial-contact": london("2026-11-28 17:00")}


@pytest.mark.initial_contact
def test_initial_contact_counts_real_hours_from_the_report(officer):
    """Reported Saturday 24/10/2026 at 12:00 BST: 24 real hours later is 11:00 GMT on Sunday."""
    case = make_case(
        officer, occurred_on=date(2026, 10, 24), reported_at=london("2026-10-24 12:00"),
        now=london("2026-10-26 09:00"),
    )  # fmt: skip
    contact = case.follow_ups.get(kind=FollowUp.Kind.INITIAL_CONTACT)
    assert contact.due_at == london("2026-10-25 11:00")


def test_a_case_is_reported_when_entered_unless_told(officer):
    now = london("2026-12-01 09:00")
    case = make_case(officer, consents_to_referral=True, now=now)
    case.refresh_from_db()
    assert (case.reported_at, case.reported) == (now, now)
    assert case.follow_ups.get(kind=FollowUp.Kind.REFERRAL).due_at == london("2026-12-03 09:00")


def test_a_case_entered_before_the_report_time_was_kept_counts_from_its_entry(officer):
    case = make_case(officer, now=london("2026-12-01 09:00"))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE engagement_victimcase SET reported_at = NULL WHERE id = %s", [case.pk])
    case = VictimCase.objects.get(pk=case.pk)
    assert (case.reported_at, case.reported) == (None, london("2026-12-01 09:00"))


@pytest.mark.parametrize(
    ("reported_at", "message"),
    [
        ("2026-12-01 12:00", "The time it was reported cannot be in the future."),
        ("2026-11-19 23:00", "It cannot have been reported before the incident (20/11/2026)."),
    ],
)
def test_report_time_in_the_future_or_before_the_incident_is_refused(officer, reported_at, message):
    with pytest.raises(ValidationError) as error:
        make_case(
            officer, occurred_on=date(2026, 11, 20), reported_at=london(reported_at),
            now=london("2026-12-01 09:00"),
        )  # fmt: skip
    assert error.value.message_dict == {"reported_at": [message]}
    assert VictimCase.objects.count() == 0


def test_new_case_form_shows_the_report_time_and_the_clocks_run_from_it(client_for, officer):
    client = client_for(officer)
    url = reverse("engagement:case-create")
    form = client.get(url).content.decode()
    assert re.search(r'<input type="datetime-local" name="reported_at" value="[\d\-T:]+"', form)
    response = client.post(
        url,
        new_case_post(occurred_on="2026-11-27", reported_at="2026-11-27T17:00", consents_to_referral="on"),
    )
    assert response.status_code == 302
    case = VictimCase.objects.get()
    assert case.reported_at == london("2026-11-27 17:00")
    assert case.follow_ups.get(kind=FollowUp.Kind.REFERRAL).due_at == london("2026-12-01 17:00")
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "27/11/2026 17:00" in detail


def test_new_case_form_keeps_what_was_typed_when_the_report_time_is_wrong(client_for, officer):
    response = client_for(officer).post(
        reverse("engagement:case-create"),
        new_case_post(occurred_on="2026-09-10", reported_at="2026-09-09T10:00"),
    )
    page = response.content.decode()
    assert response.status_code == 200  # the page again, as for every error of this form
    assert "It cannot have been reported before the incident (10/09/2026)." in page
    assert 'value="2026-09-09T10:00"' in page
    assert VictimCase.objects.count() == 0
