"""Writes for the community diary: groups, entries with their concerns and actions, priorities,
meetings and neighbourhood queries. Each checks permission, validates, keeps the groups' contact
dates and reminders in step in one transaction, and leaves an audit event."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pcso import audit, permissions, reminders
from pcso.captured import Captured, at_server
from pcso.models import Neighbourhood, Officer, Team

from .. import inbox
from ..models import (
    Action,
    CommunityGroup,
    Concern,
    DiaryEntry,
    DiarySettings,
    Meeting,
    NeighbourhoodQuery,
    Priority,
)

CONTACT_DUE = "group-contact-due"
CONTACT_OVERDUE = "group-contact-overdue"


def start_of(day: date) -> datetime:
    """Local midnight at the start of a day, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of(day: date) -> datetime:
    """The last second of a day, local time: a contact due on a day is in time all that day."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


# Groups


# What an officer may set on a group: the service takes these and no others, the form offers them.
GROUP_FIELDS = (
    "name",
    "kind",
    "neighbourhood",
    "contact_officer",
    "contact_name",
    "contact_method",
    "contact_details",
    "contact_every_days",
    "active",
)


def _check_group(group: CommunityGroup) -> None:
    errors = {}
    if group.neighbourhood.team_id != group.team_id:
        errors["neighbourhood"] = _("Choose one of your team's neighbourhoods.")
    if group.contact_officer.team_id != group.team_id or not group.contact_officer.is_active:
        errors["contact_officer"] = _("Choose an officer of the group's team.")
    if errors:
        raise ValidationError(errors)


@audit.service
def create_group(*, officer: Officer, team: Team, now: datetime | None = None, **fields) -> CommunityGroup:
    """Register a group; its first contact falls due one period after it is registered."""
    now = now or timezone.now()
    group = CommunityGroup(
        team=team, created_at=now, **{k: v for k, v in fields.items() if k in GROUP_FIELDS}
    )
    permissions.require(officer, "add", group)
    _check_group(group)
    group.next_contact_due = group.due_after(timezone.localdate(now))
    group.full_clean()
    group.save()
    audit.record(officer, "engagement.community_group.created", group)
    return group


@audit.service
def update_group(*, officer: Officer, group: CommunityGroup, **fields) -> CommunityGroup:
    permissions.require(officer, "change", group)
    for name, value in fields.items():
        if name in GROUP_FIELDS:
            setattr(group, name, value)
    _check_group(group)
    start = timezone.localdate(group.last_contact_at or group.created_at)
    group.next_contact_due = group.due_after(start)
    group.full_clean()
    group.save()
    # A new frequency or an inactive group: the reminders written for the old due date go.
    reminders.cancel(group)
    return group


def _contacted(group: CommunityGroup, at: datetime) -> None:
    """An engagement with the group: the last contact moves on (never back) and the next falls
    due one period later; the reminders of the contact now made are cancelled."""
    if group.last_contact_at is not None and group.last_contact_at >= at:
        return
    group.last_contact_at = at
    group.next_contact_due = group.due_after(timezone.localdate(at))
    group.save(update_fields=["last_contact_at", "next_contact_due"])
    reminders.cancel(group)


def scan_group_contacts(*, now: datetime | None = None) -> int:
    """Write the reminder of every due contact: to the contact officer when it falls due, to the
    team's supervisors when it is overdue by a whole period. Each reminder is keyed on the due
    date, so however often this runs, each due contact makes its reminders once. Returns how many
    groups are due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = list(
        CommunityGroup.objects.filter(active=True, next_contact_due__lte=today)
        .select_related("contact_officer")
        .order_by("next_contact_due", "pk")
    )
    overdue = [g for g in due if g.contact_state(today) == "overdue"]
    # Those holding the supervise grant on the team (its sergeants, its inspector), never by role.
    supervisors = {
        team_id: list(permissions.supervisors_of(team_id).order_by("collar_number"))
        for team_id in {g.team_id for g in overdue}
    }
    with transaction.atomic():
        for group in due:
            if group.contact_officer.is_active:
                reminders.schedule(
                    group,
                    kind=CONTACT_DUE,
                    recipient=group.contact_officer,
                    due=start_of(group.next_contact_due),
                    deadline=end_of(group.next_contact_due),
                    message=inbox.GROUP_CONTACT,
                    values={"group": group.name},
                )
        for group in overdue:
            late_from = group.due_after(group.next_contact_due)
            for supervisor in supervisors.get(group.team_id, []):
                reminders.schedule(
                    group,
                    kind=CONTACT_OVERDUE,
                    recipient=supervisor,
                    due=start_of(late_from),
                    deadline=end_of(group.next_contact_due),
                    message=inbox.GROUP_CONTACT_OVERDUE,
                    values={"group": group.name, "officer": group.contact_officer.full_name},
                )
    return len(due)


# Diary entries, concerns and actions


def _check_action_due(due_on: date | None, today: date) -> None:
    if due_on is not None and due_on < today:
        raise ValidationError({"due_on": _("The due date of a new action cannot be in the past.")})


def _add_action(entry: DiaryEntry, concern: Concern | None, *, description, owner, due_on, today) -> Action:
    _check_action_due(due_on, today)
    if owner.team_id != entry.team_id or not owner.is_active:
        raise ValidationError({"owner": _("Choose an officer of the team.")})
    action = Action(
        entry=entry, concern=concern, team=entry.team, description=description, owner=owner, due_on=due_on
    )
    action.full_clean()
    action.save()
    return action


@audit.service
def record_entry(
    *,
    officer: Officer,
    groups: list[CommunityGroup],
    neighbourhood: Neighbourhood | None = None,
    occurred_at: datetime | None = None,
    kind: str = DiaryEntry.Kind.MEETING,
    place: str = "",
    member_of_public: bool = False,
    notes: str = "",
    concerns: list[dict] = (),
    now: datetime | None = None,
    captured: Captured | None = None,
) -> DiaryEntry:
    """One engagement with its concerns, each with an optional action ({"category",
    "description", "action", "action_owner", "action_due_on"}). The groups' last contact moves on.
    Its time, when not given, is when it was written (on the phone, which may have sent it later)."""
    when = captured or at_server(now)
    now = when.at
    occurred_at = occurred_at or now
    team = officer.team
    groups = list(groups)
    if team is None:
        raise PermissionDenied("Only officers of a team keep a diary")
    if any(group.team_id != team.pk for group in groups):
        raise ValidationError({"groups": _("Choose only your team's groups.")})
    if not groups and not member_of_public:
        raise ValidationError({"groups": _("Choose a group, or tick “with a member of the public”.")})
    if occurred_at > now + timedelta(minutes=5):
        raise ValidationError(
            {"occurred_at": _("An entry records what happened: it cannot be in the future.")}
        )
    if neighbourhood is None:
        neighbourhood = groups[0].neighbourhood if groups else team.neighbourhoods.order_by("name").first()
    if neighbourhood is None or neighbourhood.team_id != team.pk:
        raise ValidationError({"neighbourhood": _("Choose one of your team's neighbourhoods.")})
    entry = DiaryEntry(
        team=team,
        neighbourhood=neighbourhood,
        officer=officer,
        occurred_at=occurred_at,
        kind=kind,
        place=place,
        member_of_public=member_of_public,
        notes=notes,
        created_at=when.received,
        clock_skew_seconds=when.skew_seconds,
    )
    permissions.require(officer, "add", entry)
    entry.full_clean()
    entry.save()
    entry.groups.set(groups)
    today = timezone.localdate(now)
    for item in concerns:
        concern = Concern(
            entry=entry,
            team=team,
            neighbourhood=neighbourhood,
            category=item["category"],
            description=item["description"],
            raised_at=occurred_at,
        )
        concern.full_clean()
        concern.save()
        if item.get("action"):
            _add_action(
                entry,
                concern,
                description=item["action"],
                owner=item.get("action_owner") or officer,
                due_on=item.get("action_due_on") or today + timedelta(days=14),
                today=today,
            )
    for group in groups:
        _contacted(group, occurred_at)
    audit.record(
        officer,
        "engagement.diary_entry.recorded",
        entry,
        {"groups": [g.pk for g in groups], "concerns": len(concerns)},
    )
    return entry


ENTRY_FIELDS = ("occurred_at", "kind", "place", "member_of_public", "notes", "neighbourhood")


@audit.service
def update_entry(
    *, officer: Officer, entry: DiaryEntry, groups: list[CommunityGroup], concerns=(), now=None, **fields
) -> DiaryEntry:
    """Correct an entry: its details, groups, and concerns ({"concern": existing or None,
    "category", "description", "delete"})."""
    now = now or timezone.now()
    permissions.require(officer, "change", entry)
    groups = list(groups)
    if any(group.team_id != entry.team_id for group in groups):
        raise ValidationError({"groups": _("Choose only your team's groups.")})
    if not groups and not fields.get("member_of_public", entry.member_of_public):
        raise ValidationError({"groups": _("Choose a group, or tick “with a member of the public”.")})
    for name, value in fields.items():
        if name in ENTRY_FIELDS:
            setattr(entry, name, value)
    if entry.neighbourhood.team_id != entry.team_id:
        raise ValidationError({"neighbourhood": _("Choose one of your team's neighbourhoods.")})
    entry.full_clean()
    entry.save()
    entry.groups.set(groups)
    for item in concerns:
        concern = item.get("concern")
        if concern is not None and item.get("delete"):
            concern.delete()
            continue
        if concern is None:
            if item.get("delete"):
                continue
            concern = Concern(entry=entry, team=entry.team, raised_at=entry.occurred_at)
        concern.neighbourhood = entry.neighbourhood
        concern.category, concern.description = item["category"], item["description"]
        concern.full_clean()
        concern.save()
    for group in groups:
        _contacted(group, entry.occurred_at)
    return entry


@audit.service
def add_action(
    *,
    officer: Officer,
    entry: DiaryEntry,
    concern: Concern | None,
    description: str,
    owner: Officer,
    due_on: date,
    now: datetime | None = None,
) -> Action:
    permissions.require(officer, "change", entry)
    if concern is not None and concern.entry_id != entry.pk:
        raise ValidationError({"concern": _("Choose one of this entry's concerns.")})
    action = _add_action(
        entry, concern, description=description, owner=owner, due_on=due_on, today=timezone.localdate(now)
    )
    audit.record(officer, "engagement.action.added", action)
    return action


@audit.service
def complete_action(*, officer: Officer, action: Action, outcome: str, now: datetime | None = None) -> Action:
    """The action is done: its outcome is what "we did". A concern whose actions are all done
    or cancelled closes, and the pair joins "You said, we did"."""
    now = now or timezone.now()
    permissions.require(officer, "change", action)
    if action.status != Action.Status.OPEN:
        raise ValidationError(_("This action is already closed."))
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what was done.")})
    action.status, action.outcome, action.completed_at = Action.Status.DONE, outcome.strip(), now
    action.save()
    concern = action.concern
    if concern is not None and not concern.actions.filter(status=Action.Status.OPEN).exists():
        concern.status, concern.closed_at, concern.closed_by = Concern.Status.CLOSED, now, officer
        concern.save()
    audit.record(officer, "engagement.action.completed", action)
    return action


# Priorities and meetings


@audit.service
def set_priority(
    *,
    officer: Officer,
    neighbourhood: Neighbourhood,
    issue: str,
    issue_date: date | None = None,
    action: str = "",
    action_date: date | None = None,
    meeting: Meeting | None = None,
    now: datetime | None = None,
) -> Priority:
    """A new active priority; a neighbourhood holds at most the configured number at once."""
    today = timezone.localdate(now or timezone.now())
    priority = Priority(
        team_id=neighbourhood.team_id,
        neighbourhood=neighbourhood,
        issue=issue,
        issue_date=issue_date or today,
        action=action,
        action_date=action_date,
        reviewed_on=today,
    )
    permissions.require(officer, "add", priority)
    # One submission at a time per neighbourhood, until this transaction ends: two sergeants
    # counting at once would each see a free place. NO KEY: rows that merely refer to the
    # neighbourhood (entries, patrols, crimes) are still written meanwhile.
    Neighbourhood.objects.select_for_update(no_key=True).filter(pk=neighbourhood.pk).first()
    limit = DiarySettings.current().max_active_priorities
    active = Priority.objects.filter(neighbourhood=neighbourhood, status=Priority.Status.ACTIVE).count()
    if active >= limit:
        raise ValidationError(
            _("%(name)s already has %(count)s active priorities: close one before setting another.")
            % {"name": neighbourhood.name, "count": active}
        )
    priority.full_clean()
    priority.save()
    if meeting is not None:
        priority.meetings.add(meeting)
    audit.record(officer, "engagement.priority.set", priority)
    return priority


@audit.service
def review_priority(
    *,
    officer: Officer,
    priority: Priority,
    action: str,
    action_date: date | None = None,
    close: bool = False,
    meeting: Meeting | None = None,
    now: datetime | None = None,
) -> Priority:
    """A review brings the priority's action up to date, and may close it."""
    today = timezone.localdate(now or timezone.now())
    permissions.require(officer, "change", priority)
    priority.action = action
    priority.action_date = action_date or (today if action else None)
    priority.reviewed_on = today
    if close:
        if not action.strip():
            raise ValidationError({"action": _("Say what was done before closing the priority.")})
        priority.status = Priority.Status.CLOSED
    priority.full_clean()
    priority.save()
    if meeting is not None:
        priority.meetings.add(meeting)
    audit.record(officer, "engagement.priority.reviewed", priority, {"closed": close})
    return priority


# What a meeting records besides its neighbourhood (the form offers the neighbourhood first).
MEETING_FIELDS = ("kind", "held_at", "place", "attendance", "partners_present", "notes")


@audit.service
def record_meeting(
    *, officer: Officer, neighbourhood: Neighbourhood, reviewed=(), now: datetime | None = None, **fields
) -> Meeting:
    """A PACT or beat meeting; the priorities it reviewed count as reviewed on its date."""
    meeting = Meeting(
        team_id=neighbourhood.team_id,
        neighbourhood=neighbourhood,
        recorded_by=officer,
        **{k: v for k, v in fields.items() if k in MEETING_FIELDS},
    )
    permissions.require(officer, "add", meeting)
    reviewed = list(reviewed)
    if any(p.neighbourhood_id != neighbourhood.pk for p in reviewed):
        raise ValidationError({"reviewed": _("Choose only this neighbourhood's priorities.")})
    meeting.full_clean()
    meeting.save()
    held_on = timezone.localdate(meeting.held_at)
    for priority in reviewed:
        priority.meetings.add(meeting)
        if held_on <= timezone.localdate(now or timezone.now()) and held_on > priority.reviewed_on:
            priority.reviewed_on = held_on
            priority.save(update_fields=["reviewed_on"])
    audit.record(officer, "engagement.meeting.recorded", meeting)
    return meeting


# Neighbourhood queries


@audit.service
def record_query(
    *,
    officer: Officer,
    neighbourhood: Neighbourhood,
    from_name: str,
    question: str,
    contact_details: str = "",
    received_at: datetime | None = None,
    now: datetime | None = None,
) -> NeighbourhoodQuery:
    """A question from the public; the clock runs from when it was received."""
    now = now or timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        raise ValidationError({"received_at": _("A query cannot be received in the future.")})
    hours = DiarySettings.current().query_response_hours
    query = NeighbourhoodQuery(
        team_id=neighbourhood.team_id,
        neighbourhood=neighbourhood,
        from_name=from_name,
        contact_details=contact_details,
        question=question,
        received_at=received_at,
        due_at=NeighbourhoodQuery.due_from(received_at, hours),
        recorded_by=officer,
    )
    permissions.require(officer, "add", query)
    query.full_clean()
    query.save()
    audit.record(officer, "engagement.neighbourhood_query.recorded", query)
    return query


@audit.service
def answer_query(
    *, officer: Officer, query: NeighbourhoodQuery, answer: str, now: datetime | None = None
) -> NeighbourhoodQuery:
    now = now or timezone.now()
    permissions.require(officer, "change", query)
    if query.answered_at is not None:
        raise ValidationError(_("This query has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer given.")})
    query.answer, query.answered_at, query.answered_by = answer.strip(), now, officer
    query.save()
    audit.record(officer, "engagement.neighbourhood_query.answered", query, {"state": query.clock(now)})
    return query
