"""Community diary services with fixed clocks: contact due and overdue from the frequency, the
reminders of each due contact written once, entries moving the last contact on, closed pairs,
the 72-hour query clock and the 3-month priority flag, edges included."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from engagement.models import Action, CommunityGroup, Concern, DiarySettings, NeighbourhoodQuery, Priority
from engagement.queries import diary as diary_queries
from engagement.services import diary as diary_services
from pcso import reminders
from pcso.models import Notification, Reminder
from tests.factories import DIARY_START, make_entry, make_group

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Groups: due and overdue from the frequency


def test_new_group_falls_due_one_period_after_registration(group):
    assert group.next_contact_due == date(2026, 4, 1)  # registered 1 March, monthly
    assert group.last_contact_at is None


@pytest.mark.parametrize(
    ("registered", "frequency", "due", "overdue"),
    [
        (date(2026, 10, 1), 30, date(2026, 11, 1), date(2026, 12, 1)),  # monthly
        (date(2026, 1, 31), 30, date(2026, 2, 28), date(2026, 3, 28)),  # February is shorter
        (date(2026, 10, 1), 91, date(2027, 1, 1), date(2027, 4, 1)),  # quarterly
        (date(2026, 8, 31), 182, date(2027, 2, 28), date(2027, 8, 28)),  # every six months
        (date(2026, 10, 1), 14, date(2026, 10, 15), date(2026, 10, 29)),  # fortnightly: days
    ],
)
def test_contact_frequency_counts_calendar_months(officer, registered, frequency, due, overdue):
    """ "Monthly" is the same day next calendar month, not 30 days on; late by a whole period is
    the same again."""
    group = make_group(
        officer,
        contact_every_days=frequency,
        now=datetime.combine(registered, datetime.min.time(), LONDON) + timedelta(hours=10),
    )
    assert group.next_contact_due == due
    assert [group.contact_state(due - timedelta(days=1)), group.contact_state(due)] == ["planned", "due"]
    assert [group.contact_state(overdue - timedelta(days=1)), group.contact_state(overdue)] == [
        "due",
        "overdue",
    ]
    contacted = datetime.combine(due, datetime.min.time(), LONDON) + timedelta(hours=10)
    make_entry(officer, [group], occurred_at=contacted, now=contacted)
    group.refresh_from_db()
    assert group.next_contact_due == overdue  # a contact on the due day: due a period later


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 3, 31), "planned"),
        (date(2026, 4, 1), "due"),  # the due date itself
        (date(2026, 4, 30), "due"),  # late, but not yet by a whole period
        (date(2026, 5, 1), "overdue"),  # late by exactly one period (a calendar month)
    ],
)
def test_contact_state_follows_the_frequency(group, today, state):
    assert group.contact_state(today) == state


def test_weekly_group_is_overdue_after_one_more_week(officer):
    weekly = make_group(officer, name="KIN", contact_every_days=7)
    assert weekly.next_contact_due == date(2026, 3, 8)
    assert [weekly.contact_state(date(2026, 3, d)) for d in (7, 8, 14, 15)] == [
        "planned",
        "due",
        "due",
        "overdue",
    ]


def test_groups_due_lists_due_and_overdue_not_planned(officer, group):
    planned = make_group(officer, name="Later", now=at(2026, 3, 20, 9))
    weekly = make_group(officer, name="Weekly", contact_every_days=7)
    due = diary_queries.groups_due(officer, today=date(2026, 4, 1))
    assert list(due) == [weekly, group]
    assert planned not in due


def test_entry_moves_last_contact_and_next_due(officer, group):
    when = at(2026, 4, 10, 11, 30)
    make_entry(officer, [group], occurred_at=when, now=when + timedelta(minutes=5))
    group.refresh_from_db()
    assert group.last_contact_at == when
    assert group.next_contact_due == date(2026, 5, 10)


def test_an_older_entry_never_moves_last_contact_back(officer, group):
    make_entry(officer, [group], occurred_at=at(2026, 4, 10, 11), now=at(2026, 4, 10, 12))
    make_entry(officer, [group], occurred_at=at(2026, 4, 2, 11), now=at(2026, 4, 10, 13))
    group.refresh_from_db()
    assert group.last_contact_at == at(2026, 4, 10, 11)
    assert group.next_contact_due == date(2026, 5, 10)


# Reminders: each due contact once, however often the scan runs


def _group_reminders(group):
    return list(
        Reminder.objects.filter(object_id=group.pk, kind__startswith="group-contact")
        .order_by("kind", "recipient__collar_number")
        .values_list("kind", "recipient__collar_number", "due_at")
    )


def test_scan_before_due_writes_nothing(group, sergeant):
    diary_services.scan_group_contacts(now=at(2026, 3, 30, 12))
    assert _group_reminders(group) == []


def test_due_contact_reminds_the_contact_officer_once(officer, group, sergeant):
    for hour in (0, 1, 2):  # 1 April 01:00 BST onwards: the due day in London
        diary_services.scan_group_contacts(now=at(2026, 4, 1, hour))
    for day in (2, 15, 30):
        diary_services.scan_group_contacts(now=at(2026, 4, day, 9))
    assert _group_reminders(group) == [
        ("group-contact-due", officer.collar_number, diary_services.start_of(date(2026, 4, 1)))
    ]
    reminder = Reminder.objects.get(object_id=group.pk)
    assert reminder.title == "Contact with Smithfield Watch"
    assert reminder.url == group.get_absolute_url()


def test_contact_reminders_are_worded_at_delivery(officer, group, sergeant, inspector):
    diary_services.scan_group_contacts(now=at(2026, 4, 1, 9))
    assert reminders.deliver_due(now=at(2026, 4, 1, 9)) == 1
    diary_services.scan_group_contacts(now=at(2026, 5, 1, 9))
    assert reminders.deliver_due(now=at(2026, 5, 1, 9)) == 2
    titles = sorted(Notification.objects.values_list("recipient__collar_number", "title"))
    assert titles == sorted(
        [
            (officer.collar_number, "Due today: Contact with Smithfield Watch"),
            (
                sergeant.collar_number,
                "Overdue by 30 days: Contact with Smithfield Watch (contact officer Aisha Khan)",
            ),
            (
                inspector.collar_number,
                "Overdue by 30 days: Contact with Smithfield Watch (contact officer Aisha Khan)",
            ),
        ]
    )


def test_a_contact_made_before_delivery_means_no_reminder(officer, group):
    diary_services.scan_group_contacts(now=at(2026, 4, 1, 9))
    make_entry(officer, [group], occurred_at=at(2026, 4, 1, 9, 30), now=at(2026, 4, 1, 9, 30))
    assert reminders.deliver_due(now=at(2026, 4, 1, 10)) == 0
    assert Notification.objects.count() == 0


def test_a_group_made_inactive_before_delivery_drops_its_reminder(officer, group):
    diary_services.scan_group_contacts(now=at(2026, 4, 1, 9))
    group.active = False
    group.save()  # not through the service, which would cancel it: delivery checks anyway
    assert reminders.deliver_due(now=at(2026, 4, 1, 10)) == 0
    assert list(Reminder.objects.values_list("state", flat=True)) == ["dropped"]


def test_overdue_by_a_whole_period_reminds_the_supervisors_once(
    officer, colleague, group, sergeant, inspector
):
    for _ in range(3):
        diary_services.scan_group_contacts(now=at(2026, 5, 1, 9))
    diary_services.scan_group_contacts(now=at(2026, 5, 20, 9))
    overdue_from = diary_services.start_of(date(2026, 5, 1))
    assert _group_reminders(group) == sorted(
        [
            ("group-contact-due", officer.collar_number, diary_services.start_of(date(2026, 4, 1))),
            ("group-contact-overdue", sergeant.collar_number, overdue_from),
            ("group-contact-overdue", inspector.collar_number, overdue_from),
        ]
    )
    assert colleague.collar_number not in {r[1] for r in _group_reminders(group)}


def test_overdue_reminders_follow_the_supervise_grant_not_the_role(officer, colleague, group, sergeant, team):
    """An acting sergeant (a PCSO holding the grant) is told; a sergeant without it is not."""
    assign_perm("pcso.supervise_team", colleague, team)
    remove_perm("pcso.supervise_team", sergeant, team)
    diary_services.scan_group_contacts(now=at(2026, 5, 1, 9))
    recipients = {r[1] for r in _group_reminders(group) if r[0] == "group-contact-overdue"}
    assert colleague.collar_number in recipients
    assert sergeant.collar_number not in recipients


def test_contact_made_cancels_pending_reminders_and_the_next_due_reminds_again(officer, group, sergeant):
    diary_services.scan_group_contacts(now=at(2026, 4, 1, 8))
    make_entry(officer, [group], occurred_at=at(2026, 4, 1, 9), now=at(2026, 4, 1, 9))
    assert list(Reminder.objects.filter(object_id=group.pk).values_list("state", flat=True)) == ["cancelled"]
    diary_services.scan_group_contacts(now=at(2026, 4, 2, 9))
    assert Reminder.objects.filter(object_id=group.pk, state="pending").count() == 0
    diary_services.scan_group_contacts(now=at(2026, 5, 1, 9))
    diary_services.scan_group_contacts(now=at(2026, 5, 1, 10))
    assert list(
        Reminder.objects.filter(object_id=group.pk, state="pending").values_list("kind", "due_at")
    ) == [("group-contact-due", diary_services.start_of(date(2026, 5, 1)))]


def test_inactive_groups_are_never_reminded(officer, group):
    diary_services.update_group(officer=officer, group=group, active=False)
    diary_services.scan_group_contacts(now=at(2026, 6, 1, 9))
    assert _group_reminders(group) == []


# Entries, concerns and actions


def test_entry_records_concerns_and_actions(officer, colleague, group):
    entry = make_entry(
        officer,
        [group],
        concerns=[("youth", "Bikes in the market", "Evening patrols"), ("parking", "Vans on the pavement")],
        now=at(2026, 3, 10, 12),
    )
    assert [(c.category, c.description, c.neighbourhood_id) for c in entry.concerns.order_by("pk")] == [
        ("youth", "Bikes in the market", group.neighbourhood_id),
        ("parking", "Vans on the pavement", group.neighbourhood_id),
    ]
    action = entry.actions.get()
    assert (action.description, action.owner, action.due_on, action.status) == (
        "Evening patrols",
        officer,
        date(2026, 3, 24),
        "open",
    )
    assert entry.neighbourhood == group.neighbourhood
    assert entry.team == officer.team


def test_entry_refuses_another_teams_group(officer, other_group):
    with pytest.raises(ValidationError) as error:
        make_entry(officer, [other_group], now=at(2026, 3, 10, 12))
    assert error.value.message_dict == {"groups": ["Choose only your team's groups."]}


def test_entry_needs_a_group_or_a_member_of_the_public(officer):
    with pytest.raises(ValidationError):
        make_entry(officer, [], now=at(2026, 3, 10, 12))
    entry = make_entry(officer, [], member_of_public=True, now=at(2026, 3, 10, 12))
    assert entry.member_of_public is True


def test_a_new_action_cannot_be_due_in_the_past(officer, group):
    entry = make_entry(officer, [group], concerns=[("asb", "Noise")], now=at(2026, 3, 10, 12))
    with pytest.raises(ValidationError) as error:
        diary_services.add_action(
            officer=officer,
            entry=entry,
            concern=entry.concerns.get(),
            description="Letter",
            owner=officer,
            due_on=date(2026, 3, 9),
            now=at(2026, 3, 10, 12),
        )
    assert error.value.message_dict == {"due_on": ["The due date of a new action cannot be in the past."]}


def test_inspector_cannot_record_an_entry(inspector, group):
    with pytest.raises(PermissionDenied):
        diary_services.record_entry(officer=inspector, groups=[], member_of_public=True)


def test_completing_the_last_action_closes_the_concern_into_you_said_we_did(officer, sergeant, group):
    entry = make_entry(
        officer, [group], concerns=[("asb", "Street drinking", "Patrols")], now=at(2026, 3, 10, 12)
    )
    action = entry.actions.get()
    second = diary_services.add_action(
        officer=sergeant,
        entry=entry,
        concern=action.concern,
        description="Letter to the off-licence",
        owner=sergeant,
        due_on=date(2026, 3, 20),
        now=at(2026, 3, 10, 13),
    )
    diary_services.complete_action(
        officer=officer, action=action, outcome="Patrols done", now=at(2026, 3, 12, 9)
    )
    assert Concern.objects.get().status == "open"
    assert list(diary_queries.you_said_we_did(group.neighbourhood)) == []
    diary_services.complete_action(
        officer=sergeant, action=second, outcome="Letter sent", now=at(2026, 3, 14, 9)
    )
    concern = Concern.objects.get()
    assert (concern.status, concern.closed_at, concern.closed_by) == ("closed", at(2026, 3, 14, 9), sergeant)
    pairs = list(diary_queries.you_said_we_did(group.neighbourhood))
    assert [(a.concern.description, a.outcome) for a in pairs] == [
        ("Street drinking", "Letter sent"),
        ("Street drinking", "Patrols done"),
    ]


def test_a_colleague_cannot_complete_another_officers_action(officer, colleague, group):
    entry = make_entry(officer, [group], concerns=[("asb", "Noise", "Visit")], now=at(2026, 3, 10, 12))
    with pytest.raises(PermissionDenied):
        diary_services.complete_action(officer=colleague, action=entry.actions.get(), outcome="x")


def test_police_uk_pairs_use_the_local_day(officer, group):
    entry = make_entry(
        officer,
        [group],
        concerns=[("asb", "Noise", "Visit")],
        occurred_at=at(2026, 6, 1, 23, 30),
        now=at(2026, 6, 1, 23, 45),
    )  # 00:30 on 2 June in London
    action = entry.actions.get()
    diary_services.complete_action(officer=officer, action=action, outcome="Visited", now=at(2026, 6, 3, 10))
    assert diary_queries.police_uk_pairs([Action.objects.get()]) == [
        {
            "issue": "Noise",
            "issue-date": "2026-06-02T00:00:00",
            "action": "Visited",
            "action-date": "2026-06-03T00:00:00",
        }
    ]


# Priorities: at most 3 active, and the 3-month review flag


def test_at_most_three_active_priorities_by_default(sergeant, team):
    area = team.neighbourhoods.get()
    first, *_ = [
        diary_services.set_priority(officer=sergeant, neighbourhood=area, issue=f"Issue {n}")
        for n in range(3)
    ]
    with pytest.raises(ValidationError) as error:
        diary_services.set_priority(officer=sergeant, neighbourhood=area, issue="A fourth")
    assert error.value.messages == [
        "Farringdon already has 3 active priorities: close one before setting another."
    ]
    diary_services.review_priority(officer=sergeant, priority=first, action="Solved", close=True)
    diary_services.set_priority(officer=sergeant, neighbourhood=area, issue="A fourth")
    assert Priority.objects.filter(status="active").count() == 3


def test_the_priority_limit_is_configurable(sergeant, team):
    settings = DiarySettings.current()
    settings.max_active_priorities = 1
    settings.save()
    area = team.neighbourhoods.get()
    diary_services.set_priority(officer=sergeant, neighbourhood=area, issue="One")
    with pytest.raises(ValidationError):
        diary_services.set_priority(officer=sergeant, neighbourhood=area, issue="Two")


def test_pcsos_do_not_set_priorities(officer, team):
    with pytest.raises(PermissionDenied):
        diary_services.set_priority(officer=officer, neighbourhood=team.neighbourhoods.get(), issue="x")


@pytest.mark.parametrize(
    ("reviewed", "flagged"),
    [
        (date(2026, 2, 27), True),  # the day before the cutoff
        (date(2026, 2, 28), False),  # 31 May less 3 months: the last day of February
        (date(2026, 5, 31), False),
    ],
)
def test_priority_flag_after_three_months_edges(sergeant, inspector, team, reviewed, flagged):
    area = team.neighbourhoods.get()
    priority = diary_services.set_priority(
        officer=sergeant, neighbourhood=area, issue="Drinking", now=at(2026, 1, 5, 12)
    )
    diary_services.review_priority(
        officer=sergeant,
        priority=priority,
        action="Patrols",
        now=datetime.combine(reviewed, datetime.min.time(), UTC),
    )
    assert diary_queries.priorities_flagged(area, today=date(2026, 5, 31)) is flagged
    rows = {
        n.pk: n.flagged for n in diary_queries.neighbourhood_priorities(inspector, today=date(2026, 5, 31))
    }
    assert rows[area.pk] is flagged


def test_a_recent_review_of_another_priority_hides_no_stale_one(sergeant, inspector, team):
    """The flag is per active priority: a priority closed last week proves nothing about the
    one left unreviewed for six months, nor does a fresh active one."""
    area = team.neighbourhoods.get()
    stale = diary_services.set_priority(
        officer=sergeant, neighbourhood=area, issue="Drinking", now=at(2025, 11, 30, 12)
    )
    closed = diary_services.set_priority(
        officer=sergeant, neighbourhood=area, issue="Cycling", now=at(2026, 3, 1, 12)
    )
    diary_services.review_priority(
        officer=sergeant, priority=closed, action="Done", close=True, now=at(2026, 5, 25, 12)
    )
    today = date(2026, 5, 31)

    def flagged():
        rows = {n.pk: n for n in diary_queries.neighbourhood_priorities(inspector, today=today)}
        return diary_queries.priorities_flagged(area, today=today), rows[area.pk].flagged

    assert flagged() == (True, True)
    diary_services.set_priority(
        officer=sergeant, neighbourhood=area, issue="Parking", now=at(2026, 5, 30, 12)
    )
    assert flagged() == (True, True)
    diary_services.review_priority(officer=sergeant, priority=stale, action="Patrols", now=at(2026, 5, 31, 9))
    assert flagged() == (False, False)


def test_a_neighbourhood_with_no_priority_is_flagged(inspector, team, other_team):
    rows = {
        n.name: n.flagged for n in diary_queries.neighbourhood_priorities(inspector, today=date(2026, 5, 31))
    }
    assert rows == {"Farringdon": True, "Aldgate": True}


def test_a_meeting_reviews_its_priorities_on_its_date(sergeant, team):
    area = team.neighbourhoods.get()
    priority = diary_services.set_priority(
        officer=sergeant, neighbourhood=area, issue="x", now=at(2026, 1, 5, 12)
    )
    meeting = diary_services.record_meeting(
        officer=sergeant,
        neighbourhood=area,
        kind="pact",
        held_at=at(2026, 3, 3, 19),
        place="Hall",
        reviewed=[priority],
        now=at(2026, 3, 4, 9),
    )
    priority.refresh_from_db()
    assert priority.reviewed_on == date(2026, 3, 3)
    assert list(meeting.priorities.all()) == [priority]


# Neighbourhood queries: the 72-hour clock


def _query(officer, received):
    return diary_services.record_query(
        officer=officer,
        neighbourhood=officer.team.neighbourhoods.get(),
        from_name="Mr Patel",
        question="Noise from the bars?",
        received_at=received,
        now=received,
    )


def test_query_is_due_72_hours_after_it_is_received(officer):
    query = _query(officer, at(2026, 3, 27, 12))  # the clocks go forward on 29 March
    assert query.due_at == at(2026, 3, 30, 12)
    assert query.due_at - query.received_at == timedelta(hours=72)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # The clocks go back on Sunday 25 October: 72 real hours end at 11:00 on the clock.
        (datetime(2026, 10, 23, 12, tzinfo=LONDON), datetime(2026, 10, 26, 11, tzinfo=LONDON)),
        # They go forward on Sunday 29 March: 72 real hours end at 13:00 on the clock.
        (datetime(2026, 3, 27, 12, tzinfo=LONDON), datetime(2026, 3, 30, 13, tzinfo=LONDON)),
    ],
)
def test_query_clock_counts_real_hours_across_a_clock_change(officer, received, due):
    """A time typed on the form arrives in London time: the 72 hours are still real hours."""
    query = _query(officer, received)
    query.refresh_from_db()
    assert timezone.localtime(query.due_at).replace(tzinfo=None) == due.replace(tzinfo=None)
    assert query.due_at.timestamp() - query.received_at.timestamp() == 72 * 3600


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (at(2026, 3, 5, 8, 59, 59), "open"),
        (at(2026, 3, 5, 9), "open"),  # the 72nd hour itself is still in time
        (at(2026, 3, 5, 9, 0, 1), "overdue"),
    ],
)
def test_unanswered_query_clock_edges(officer, now, state):
    query = _query(officer, at(2026, 3, 2, 9))
    assert query.clock(now) == state


@pytest.mark.parametrize(
    ("answered", "state"),
    [(at(2026, 3, 5, 9), "answered in time"), (at(2026, 3, 5, 9, 0, 1), "answered late")],
)
def test_answered_query_clock_edges(officer, colleague, answered, state):
    query = _query(officer, at(2026, 3, 2, 9))
    diary_services.answer_query(officer=colleague, query=query, answer="Licensing told.", now=answered)
    query.refresh_from_db()
    assert query.clock(at(2026, 4, 1)) == state
    assert query.answered_by == colleague


def test_the_query_clock_is_configurable(officer):
    settings = DiarySettings.current()
    settings.query_response_hours = 48
    settings.save()
    assert _query(officer, at(2026, 3, 2, 9)).due_at == at(2026, 3, 4, 9)


def test_query_queue_lists_unanswered_soonest_due_first(officer, other_team_officer):
    later = _query(officer, at(2026, 3, 3, 9))
    sooner = _query(officer, at(2026, 3, 2, 9))
    _query(other_team_officer, at(2026, 3, 1, 9))
    answered = _query(officer, at(2026, 3, 1, 9))
    diary_services.answer_query(officer=officer, query=answered, answer="Done", now=at(2026, 3, 2, 9))
    assert list(diary_queries.query_queue(officer)) == [sooner, later]
    assert list(diary_queries.query_queue(officer, "answered")) == [answered]
    assert NeighbourhoodQuery.objects.count() == 4


def test_group_update_recomputes_next_due_from_the_new_frequency(officer, group):
    diary_services.update_group(officer=officer, group=group, contact_every_days=7)
    group.refresh_from_db()
    assert group.next_contact_due == DIARY_START.date() + timedelta(days=7)
    assert CommunityGroup.objects.get().contact_every_days == 7


def test_another_team_officer_cannot_edit_a_group(other_team_officer, group):
    with pytest.raises(PermissionDenied):
        diary_services.update_group(officer=other_team_officer, group=group, name="Renamed")


def test_inspector_reads_but_cannot_edit_a_group(inspector, group):
    assert list(diary_queries.groups(inspector)) == [group]
    with pytest.raises(PermissionDenied):
        diary_services.update_group(officer=inspector, group=group, name="Renamed")


def test_a_sergeant_edits_a_pcsos_entry_a_colleague_does_not(officer, colleague, sergeant, group):
    entry = make_entry(officer, [group], now=at(2026, 3, 10, 12))
    diary_services.update_entry(officer=sergeant, entry=entry, groups=[group], place="Market hall")
    assert entry.place == "Market hall"
    with pytest.raises(PermissionDenied):
        diary_services.update_entry(officer=colleague, entry=entry, groups=[group], place="x")


def test_migration_moves_wall_clock_due_times_to_real_hours(officer):
    """Queries saved with a due time on the wall clock move to 72 real hours; the others stay."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("engagement.migrations.0010_query_due_in_real_hours")
    autumn = _query(officer, datetime(2026, 10, 23, 12, tzinfo=LONDON))
    spring = _query(officer, datetime(2026, 3, 27, 12, tzinfo=LONDON))
    plain = _query(officer, datetime(2026, 6, 5, 12, tzinfo=LONDON))
    right = {q.pk: q.due_at for q in (autumn, spring, plain)}
    with connection.cursor() as cursor:
        # As the old code saved them: 72 hours on the clock face.
        for query, due in ((autumn, datetime(2026, 10, 26, 12)), (spring, datetime(2026, 3, 30, 12))):
            cursor.execute(
                "UPDATE engagement_neighbourhoodquery SET due_at = %s WHERE id = %s",
                [due.replace(tzinfo=LONDON), query.pk],
            )
        assert migration.repair(cursor) == 2
        assert migration.repair(cursor) == 0
    assert dict(NeighbourhoodQuery.objects.values_list("pk", "due_at")) == right


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_priorities_never_pass_the_limit(sergeant, team):
    """Two active, six sergeants' submissions at the same moment, each on its own database
    connection: exactly one gets the third place, five are refused. The count and the insert are
    held apart (a slow validation) so that, unserialised, every submission would count two."""
    import threading
    from unittest import mock

    from django.db import connections

    area = team.neighbourhoods.get()
    for n in range(2):
        diary_services.set_priority(officer=sergeant, neighbourhood=area, issue=f"Issue {n}")
    barrier = threading.Barrier(6)
    set_, refused, errors = [], [], []
    slow_clean = Priority.full_clean

    def full_clean(self, *args, **kwargs):
        threading.Event().wait(0.3)
        return slow_clean(self, *args, **kwargs)

    def submit(i):
        try:
            barrier.wait(timeout=30)
            set_.append(diary_services.set_priority(officer=sergeant, neighbourhood=area, issue=f"New {i}"))
        except ValidationError as error:
            refused.append(error.messages)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    with mock.patch.object(Priority, "full_clean", full_clean):
        threads = [threading.Thread(target=submit, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert (len(set_), len(refused)) == (1, 5)
    assert refused[0] == ["Farringdon already has 3 active priorities: close one before setting another."]
    assert Priority.objects.filter(neighbourhood=area, status=Priority.Status.ACTIVE).count() == 3


def test_migration_moves_monthly_contact_to_calendar_months(officer):
    """Groups saved when a month was 30 days move to calendar months; weekly ones stay."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("engagement.migrations.0012_contact_due_in_calendar_months")
    october = make_group(officer, name="October", now=datetime(2026, 10, 1, 10, tzinfo=LONDON))
    contacted = make_group(officer, name="Contacted", now=datetime(2026, 1, 5, 10, tzinfo=LONDON))
    make_entry(officer, [contacted], occurred_at=at(2026, 1, 31, 10), now=at(2026, 1, 31, 10))
    weekly = make_group(officer, name="Weekly", contact_every_days=7, now=at(2026, 10, 1, 10))
    with connection.cursor() as cursor:
        # As the old code saved them: 30 days on.
        for group, due in ((october, date(2026, 10, 31)), (contacted, date(2026, 3, 2))):
            cursor.execute(
                "UPDATE engagement_communitygroup SET next_contact_due = %s WHERE id = %s", [due, group.pk]
            )
        assert migration.recompute(cursor) == 2
        assert migration.recompute(cursor) == 0
    assert dict(CommunityGroup.objects.values_list("name", "next_contact_due")) == {
        "October": date(2026, 11, 1),
        "Contacted": date(2026, 2, 28),
        "Weekly": date(2026, 10, 8),
    }
    assert weekly.next_contact_due == date(2026, 10, 8)
