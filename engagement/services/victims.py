"""Writes for victims and their cases: each checks permission, validates, keeps the follow-up
plan and its reminders in step in the same transaction, and leaves an audit event."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from pcso import audit, permissions, reminders
from pcso.models import Officer, Reminder, Team
from pcso.services import team_group

from .. import inbox, workdays
from ..models import (
    Category,
    ContactAttempt,
    FollowUp,
    RiskAssessment,
    RiskBand,
    RiskQuestion,
    Victim,
    VictimCase,
    VictimCaseGroupObjectPermission,
    VictimCodeSettings,
)
from ..queries.victims import reviewer_of, team_sergeants

DUE_TOMORROW = "follow-up-due-tomorrow"
OVERDUE = "follow-up-overdue"


# Follow-ups and their reminders


def _reminder_plan(follow_up: FollowUp) -> list[tuple[str, Officer, datetime]]:
    """The assigned officer hears the day before; when it runs late, they and the team's
    sergeants hear again. The words for when ("Due tomorrow", "Overdue by 2 days") are added
    at delivery, from the follow-up's due time."""
    case = follow_up.case
    plan = [(DUE_TOMORROW, follow_up.assigned_to, follow_up.due_at - timedelta(days=1))]
    recipients = {follow_up.assigned_to, *team_sergeants(case.team)}
    for recipient in sorted(recipients, key=lambda officer: officer.pk):
        plan.append((OVERDUE, recipient, follow_up.due_at))
    return plan


def _schedule_reminder(follow_up: FollowUp, kind: str, recipient: Officer, due: datetime) -> None:
    """What is owed, by the follow-up's kind and the case reference only: no victim's details."""
    reminders.schedule(
        follow_up,
        kind=kind,
        recipient=recipient,
        due=due,
        message=inbox.FOLLOW_UP,
        values={"kind": follow_up.kind, "case": follow_up.case.reference},
        deadline=follow_up.due_at,
    )


def _schedule_reminders(follow_up: FollowUp) -> None:
    for kind, recipient, due in _reminder_plan(follow_up):
        _schedule_reminder(follow_up, kind, recipient, due)


def _reschedule_reminders(follow_up: FollowUp) -> None:
    """After a change of officer: cancel the pending reminders nobody owes any more, keep those
    still owed, and write the new ones (schedule revives one cancelled earlier for the same person)."""
    plan = _reminder_plan(follow_up)
    wanted = {(kind, recipient.pk, due) for kind, recipient, due in plan}
    pending = Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(FollowUp),
        object_id=follow_up.pk,
        state=Reminder.State.PENDING,
    )
    stale = [r.pk for r in pending if (r.kind, r.recipient_id, r.due_at) not in wanted]
    Reminder.objects.filter(pk__in=stale).update(state=Reminder.State.CANCELLED)
    for kind, recipient, due in plan:
        _schedule_reminder(follow_up, kind, recipient, due)


def _hand_follow_up_to(follow_up: FollowUp, officer: Officer) -> None:
    follow_up.assigned_to = officer
    follow_up.save()
    _reschedule_reminders(follow_up)


def _add_follow_up(
    case: VictimCase,
    *,
    kind: str,
    due_at: datetime,
    assigned_to: Officer | None = None,
    event: str = "",
    event_at: datetime | None = None,
) -> FollowUp:
    follow_up = FollowUp(
        case=case,
        kind=kind,
        due_at=due_at,
        assigned_to=assigned_to or case.assigned_officer,
        event=event,
        event_at=event_at,
    )
    follow_up.full_clean()
    follow_up.save()
    _schedule_reminders(follow_up)
    return follow_up


def _cancel_follow_up(follow_up: FollowUp, now: datetime) -> None:
    follow_up.cancelled_at = now
    follow_up.save(update_fields=["cancelled_at"])
    reminders.cancel(follow_up)


def _plan_for_band(case: VictimCase, now: datetime) -> None:
    """Replace the open visits and reviews with the new band's schedule."""
    for follow_up in case.follow_ups.filter(
        completed_at__isnull=True,
        cancelled_at__isnull=True,
        kind__in=[FollowUp.Kind.VISIT, FollowUp.Kind.SERGEANT_REVIEW, FollowUp.Kind.INSPECTOR_REVIEW],
    ):
        _cancel_follow_up(follow_up, now)
    band = case.band
    _add_follow_up(case, kind=FollowUp.Kind.VISIT, due_at=now + timedelta(hours=band.first_follow_up_hours))
    for kind, days in (
        (FollowUp.Kind.SERGEANT_REVIEW, band.sergeant_review_days),
        (FollowUp.Kind.INSPECTOR_REVIEW, band.inspector_review_days),
    ):
        reviewer = reviewer_of(case.team, kind)
        if days and reviewer is not None:
            _add_follow_up(case, kind=kind, due_at=now + timedelta(days=days), assigned_to=reviewer)


def _next_after(follow_up: FollowUp, done_at: datetime) -> FollowUp | None:
    """A completed visit or review sets the next by the band's cadence, an agreed update the
    next at the agreed interval; referrals, initial contacts and key-event updates are one-off."""
    case, band = follow_up.case, follow_up.case.band
    if not case.is_open:
        return None
    if follow_up.kind == FollowUp.Kind.AGREED_UPDATE:
        if not case.update_every_days:
            return None
        return _add_follow_up(
            case, kind=follow_up.kind, due_at=done_at + timedelta(days=case.update_every_days)
        )
    if band is None:
        return None
    if follow_up.kind == FollowUp.Kind.VISIT:
        days = band.follow_up_interval_days
    elif follow_up.kind == FollowUp.Kind.SERGEANT_REVIEW:
        days = band.sergeant_review_days
    elif follow_up.kind == FollowUp.Kind.INSPECTOR_REVIEW:
        days = band.inspector_review_days
    else:
        return None
    if not days:
        return None
    assigned_to = case.assigned_officer if follow_up.kind == FollowUp.Kind.VISIT else follow_up.assigned_to
    return _add_follow_up(
        case, kind=follow_up.kind, due_at=done_at + timedelta(days=days), assigned_to=assigned_to
    )


# Cases


def is_repeat_incident(victim: Victim, on: date, settings: VictimCodeSettings) -> bool:
    """Does some window of the configured months that holds the incident of `on` hold the
    configured number of the victim's ASB incidents (in every team)? Cases may be entered out of
    date order, so every window ending on an incident from `on` up to the configured months later
    is tried."""
    months = settings.repeat_months
    dates = sorted(
        VictimCase.objects.filter(
            victim=victim,
            category=Category.ASB,
            occurred_on__gt=workdays.months_before(on, months),
            occurred_on__lte=workdays.months_after(on, months),
        ).values_list("occurred_on", flat=True)
    )
    for end in (day for day in dates if day >= on):
        since = workdays.months_before(end, months)
        if on > since and sum(since < day <= end for day in dates) >= settings.repeat_incidents:
            return True
    return False


def repeat_until(victim: Victim, settings: VictimCodeSettings) -> date | None:
    """The last day on which the window of the configured months, ending that day, holds the
    configured number of the person's ASB incidents, over every team's cases; None when no
    window ever held them after the latest of them. From then on the flag has lapsed."""
    needed, months = settings.repeat_incidents, settings.repeat_months
    if needed < 1:
        return None
    latest = list(
        VictimCase.objects.filter(victim=victim, category=Category.ASB)
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)[:needed]
    )
    if len(latest) < needed:
        return None
    oldest_counted = latest[-1]
    # The window (day - months, day] holds all of `latest` while it starts before the oldest.
    day = workdays.months_after(oldest_counted, months)
    while workdays.months_before(day + timedelta(days=1), months) < oldest_counted:
        day += timedelta(days=1)
    while workdays.months_before(day, months) >= oldest_counted:
        day -= timedelta(days=1)
    return day if day >= latest[0] else None


def _flag_repeat_victim(case: VictimCase) -> None:
    settings = VictimCodeSettings.current()
    if case.category != Category.ASB:
        return
    if is_repeat_incident(case.victim, case.occurred_on, settings):
        case.repeat_victim = True
        case.save(update_fields=["repeat_victim"])
    victim = case.victim
    was_repeat = victim.repeat_victim
    until = repeat_until(victim, settings)
    if until != victim.repeat_until:
        victim.repeat_until = until
        victim.save(update_fields=["repeat_until"])
    if victim.repeat_victim and not was_repeat:
        audit.record(None, "engagement.victim.flagged_repeat", victim)


def _normalised(name: str) -> str:
    return " ".join(name.split()).casefold()


def same_person(details: dict) -> Victim | None:
    """The one victim already recorded, by any team, with this name and date of birth: one
    person is one record, so a new case links to them. Without a date of birth, or with more
    than one candidate, nobody is assumed."""
    born = details.get("date_of_birth")
    name = _normalised(details.get("name") or "")
    if born is None or not name:
        return None
    candidates = [v for v in Victim.objects.filter(date_of_birth=born) if _normalised(v.name) == name]
    return candidates[0] if len(candidates) == 1 else None


def _fill_blanks(victim: Victim, details: dict) -> None:
    """What the officer typed about a person already recorded fills what the record lacks; it
    never overwrites another team's entry."""
    changed = False
    for field, value in details.items():
        if value not in (None, "") and getattr(victim, field, None) in (None, ""):
            setattr(victim, field, value)
            changed = True
    if changed:
        victim.full_clean()
        victim.save()


def _plan_opening(case: VictimCase, victim: Victim) -> None:
    """What a new case owes, counted from when the crime was reported: an initial contact within
    the configured hours (assessed or not), a referral within the configured working days for a
    consenting victim, and the agreed updates. Hours and days are real ones (added in UTC)."""
    settings = VictimCodeSettings.current()
    reported = case.reported.astimezone(UTC)
    if settings.initial_contact_hours:
        _add_follow_up(
            case,
            kind=FollowUp.Kind.INITIAL_CONTACT,
            due_at=reported + timedelta(hours=settings.initial_contact_hours),
        )
    if victim.consents_to_referral:
        due = workdays.add_working_days_at(timezone.localtime(reported), settings.referral_days)
        _add_follow_up(case, kind=FollowUp.Kind.REFERRAL, due_at=due)
    if case.update_every_days:
        _add_follow_up(
            case, kind=FollowUp.Kind.AGREED_UPDATE, due_at=reported + timedelta(days=case.update_every_days)
        )


def _check_reported(reported_at: datetime, occurred_on: date | None, now: datetime) -> None:
    if reported_at > now + timedelta(minutes=5):
        raise ValidationError({"reported_at": _("The time it was reported cannot be in the future.")})
    if occurred_on is not None and timezone.localdate(reported_at) < occurred_on:
        raise ValidationError(
            {
                "reported_at": _("It cannot have been reported before the incident (%(day)s).")
                % {"day": f"{occurred_on:%d/%m/%Y}"}
            }
        )


@audit.service
def create_case(
    *,
    officer: Officer,
    victim: Victim | None = None,
    victim_details: dict | None = None,
    assigned_officer: Officer | None = None,
    reported_at: datetime | None = None,
    now: datetime | None = None,
    **case_details,
) -> VictimCase:
    """Record a case for a victim: one the officer chose from the matches they may see, or the
    one person already recorded (by any team) with the same name and date of birth, or a new
    record. The case gives the officer's team sight of the person. The Victims' Code clocks run
    from when the crime was reported (`reported_at`, now unless told: a case typed in late)."""
    now = now or timezone.now()
    team = officer.team
    typed, reported_at = reported_at, reported_at or now
    case = VictimCase(
        team=team,
        assigned_officer=assigned_officer or officer,
        reported_at=reported_at,
        created_at=now,
        **case_details,
    )
    permissions.require(officer, "add", case)
    if typed is not None:
        _check_reported(typed, case.occurred_on, now)
    if victim is not None:
        permissions.require(officer, "view", victim)
    else:
        details = victim_details or {}
        victim = same_person(details)
        if victim is not None:
            _fill_blanks(victim, details)
            audit.record(officer, "engagement.victim.matched", victim)
        else:
            if not officer.has_perm("engagement.add_victim"):
                raise PermissionDenied("Not allowed to add a victim")
            victim = Victim(team=team, created_at=now, **details)
            victim.full_clean()
            victim.save()
    case.victim = victim
    if case.assigned_officer.team_id != team.pk:
        raise ValidationError({"assigned_officer": _("The assigned officer must be in the case's team.")})
    case.full_clean()
    case.save()
    _flag_repeat_victim(case)
    _plan_opening(case, victim)
    audit.record(officer, "engagement.victim_case.opened", case)
    return case


@audit.service
def assess_risk(
    *,
    officer: Officer,
    case: VictimCase,
    answers: dict[int, bool],
    final_band: RiskBand | None = None,
    rationale: str = "",
    action_plan: str | None = None,
    now: datetime | None = None,
) -> RiskAssessment:
    """Score the case on the active questions. The officer may move the band from the computed
    one only with a written rationale (raising or lowering alike), and a band below the case's
    current one needs a rationale too. A medium or high band needs a
    Vulnerable Victim Action Plan on the case, or the assessment is refused."""
    now = now or timezone.now()
    permissions.require(officer, "change", case)
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    questions = list(RiskQuestion.objects.filter(active=True))
    unknown = set(answers) - {question.pk for question in questions}
    if unknown:
        raise ValidationError(_("Answers name questions that are not in the matrix."))
    score = sum(question.weight for question in questions if answers.get(question.pk))
    computed = RiskBand.for_score(score)
    final = final_band or computed
    rationale = rationale.strip()
    if final != computed and not rationale:
        if computed < final:
            why = _("Write why you raise the band from %(computed)s to %(final)s.")
        else:
            why = _("Write why you lower the band from %(computed)s to %(final)s.")
        raise ValidationError({"rationale": why % {"computed": computed, "final": final}})
    if case.band is not None and final < case.band and not rationale:
        raise ValidationError(
            {
                "rationale": _("The case is %(band)s risk now: write why the band goes down to %(final)s.")
                % {"band": case.band, "final": final}
            }
        )
    if action_plan is not None:
        case.action_plan = action_plan.strip()
    if final.needs_action_plan and not case.action_plan:
        raise ValidationError(
            {
                "action_plan": _(
                    "A %(band)s risk victim needs a Vulnerable Victim Action Plan: write it before saving."
                )
                % {"band": final}
            }
        )
    assessment = RiskAssessment(
        case=case,
        assessed_by=officer,
        assessed_at=now,
        answers={str(question.pk): bool(answers.get(question.pk)) for question in questions},
        score=score,
        computed_band=computed,
        final_band=final,
        rationale=rationale,
    )
    assessment.full_clean()
    assessment.save()
    band_changed = case.band_id != final.pk
    case.band = final
    case.save()
    if band_changed:
        _plan_for_band(case, now)
    if final != computed:
        audit.record(
            officer,
            "engagement.risk.band_raised" if computed < final else "engagement.risk.band_lowered",
            case,
            # The rationale is on the assessment; the trail takes no free text about a victim.
            {"computed": computed.code, "final": final.code, "assessment_id": assessment.pk},
        )
    audit.record(officer, "engagement.risk.assessed", assessment)
    return assessment


@audit.service
def record_key_event(
    *,
    officer: Officer,
    case: VictimCase,
    event: str,
    happened_at: datetime | None = None,
    at: datetime | None = None,
    now: datetime | None = None,
) -> FollowUp:
    """A key event in the investigation: the victim is owed an update within the configured
    working days of when it happened (not of when it was typed in), fewer with enhanced rights,
    at the same time of day. An event entered late may so be overdue at once, as it is."""
    now = now or timezone.now()
    happened_at = timezone.localtime(happened_at or at or now)
    permissions.require(officer, "change", case)
    if event not in FollowUp.Event.values:
        raise ValidationError({"event": _("Choose a key event.")})
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    settings = VictimCodeSettings.current()
    days = (
        settings.enhanced_update_working_days
        if case.has_enhanced_rights(happened_at.date())
        else settings.update_working_days
    )
    follow_up = _add_follow_up(
        case,
        kind=FollowUp.Kind.UPDATE,
        due_at=workdays.add_working_days_at(happened_at, days),
        event=event,
        event_at=happened_at,
    )
    audit.record(officer, "engagement.victim_case.key_event", case, {"event": event})
    return follow_up


@audit.service
def record_contact(
    *,
    officer: Officer,
    follow_up: FollowUp,
    at: datetime | None = None,
    contact_method: str = "",
    spoke_to: str = "",
    notes: str = "",
    outcome: str = "",
) -> FollowUp | None:
    """Complete a follow-up with what happened; returns the next one it sets, if any. "No answer"
    completes nothing: the attempt is kept and the follow-up stays owed."""
    at = at or timezone.now()
    permissions.require(officer, "change", follow_up)
    # Two submits of one form race: the second waits for the first's row lock, then sees it done.
    follow_up = FollowUp.objects.select_for_update(of=("self",)).select_related("case").get(pk=follow_up.pk)
    if not follow_up.is_open:
        raise ValidationError(_("This follow-up was already completed or cancelled: nothing was recorded."))
    if not follow_up.is_review and not contact_method:
        raise ValidationError({"contact_method": _("Say how the contact was made.")})
    if not outcome:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if (outcome == FollowUp.Outcome.REVIEWED) != follow_up.is_review:
        raise ValidationError({"outcome": _("A review is recorded as reviewed; a contact by what happened.")})
    if outcome == FollowUp.Outcome.NO_ANSWER:
        # Nobody reached: the obligation stays owed, with its due time and reminders.
        attempt = ContactAttempt(
            follow_up=follow_up,
            attempted_at=at,
            attempted_by=officer,
            contact_method=contact_method,
            notes=notes,
        )
        attempt.full_clean()
        attempt.save()
        audit.record(officer, "engagement.follow_up.attempted", follow_up, {"attempt_id": attempt.pk})
        return None
    follow_up.completed_at = at
    follow_up.completed_by = officer
    follow_up.contact_method = contact_method
    follow_up.spoke_to = spoke_to
    follow_up.notes = notes
    follow_up.outcome = outcome
    follow_up.full_clean()
    follow_up.save()
    reminders.cancel(follow_up)
    audit.record(officer, "engagement.follow_up.completed", follow_up)
    return _next_after(follow_up, at)


@audit.service
def close_case(*, officer: Officer, case: VictimCase, reason: str, at: datetime | None = None) -> VictimCase:
    """Close a case with a reason; its open follow-ups and their reminders are cancelled. A
    high-risk case is closed by a supervisor."""
    at = at or timezone.now()
    permissions.require(officer, "close", case)
    if not case.is_open:
        raise ValidationError(_("The case is already closed."))
    if not reason.strip():
        raise ValidationError({"closed_reason": _("Give the reason for closing the case.")})
    case.status = VictimCase.Status.CLOSED
    case.closed_at = at
    case.closed_reason = reason.strip()
    case.full_clean()
    case.save()
    for follow_up in case.follow_ups.filter(completed_at__isnull=True, cancelled_at__isnull=True):
        _cancel_follow_up(follow_up, at)
    audit.record(officer, "engagement.victim_case.closed", case)  # the reason is free text: not here
    return case


@audit.service
def share_case(*, officer: Officer, case: VictimCase, team: Team) -> VictimCase:
    """Share a case (and so its victim and follow-ups) with another team: a supervisor's act."""
    permissions.require(officer, "share", case)
    if team.pk == case.team_id:
        raise ValidationError({"team": _("The case already belongs to this team.")})
    assign_perm("engagement.view_victimcase", team_group(team), case)
    audit.record(officer, "engagement.victim_case.shared", case, {"team": str(team), "team_id": team.pk})
    return case


def _move_case_to(case: VictimCase, officer: Officer) -> list[FollowUp]:
    """Make `officer` the case's officer, with its open visits, updates and referral."""
    case.assigned_officer = officer
    case.save()
    moved = []
    for follow_up in case.follow_ups.filter(completed_at__isnull=True, cancelled_at__isnull=True).exclude(
        kind__in=[FollowUp.Kind.SERGEANT_REVIEW, FollowUp.Kind.INSPECTOR_REVIEW]
    ):
        if follow_up.assigned_to_id != officer.pk:
            _hand_follow_up_to(follow_up, officer)
            moved.append(follow_up)
    return moved


@audit.service
def assign_case(*, officer: Officer, case: VictimCase, assigned_officer: Officer) -> VictimCase:
    """A supervisor gives the case to another officer of its team, who takes over its open
    visits, updates and referral and their reminders."""
    permissions.require(officer, "assign", case)
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    if not assigned_officer.is_active or assigned_officer.team_id != case.team_id:
        raise ValidationError({"assigned_officer": _("Choose an active officer of the case's team.")})
    previous = case.assigned_officer
    if previous.pk == assigned_officer.pk:
        return case
    moved = _move_case_to(case, assigned_officer)
    audit.record(
        officer,
        "engagement.victim_case.assigned",
        case,
        {
            "from": previous.collar_number,
            "to": assigned_officer.collar_number,
            "follow_up_ids": [f.pk for f in moved],
        },
    )
    return case


def _successor(case: VictimCase, kind: str | None = None) -> Officer | None:
    """Who takes over when an officer leaves: the reviewer for a review, otherwise the team's
    first sergeant (its inspector when it has none)."""
    if kind in (FollowUp.Kind.SERGEANT_REVIEW, FollowUp.Kind.INSPECTOR_REVIEW):
        return reviewer_of(case.team, kind)
    sergeants = team_sergeants(case.team)
    return sergeants[0] if sergeants else case.team.inspector


@audit.service
def reassign_open_follow_ups(officer: Officer) -> list[FollowUp]:
    """An officer who may no longer work on a team's cases (moved, new role, left) hands them
    over: their open cases and follow-ups go to the team's first sergeant (a review to the
    team's reviewer), and their reminders go with them. Returns the follow-ups handed over."""
    handed: list[FollowUp] = []
    for case in VictimCase.objects.filter(assigned_officer=officer, status=VictimCase.Status.OPEN):
        successor = _successor(case)
        if permissions.can(officer, "change", case) or successor is None:
            continue
        handed += _move_case_to(case, successor)
        audit.record(
            None,
            "engagement.victim_case.handed_over",
            case,
            {"from": officer.collar_number, "to": successor.collar_number},
        )
    owed = FollowUp.objects.filter(
        completed_at__isnull=True, cancelled_at__isnull=True, case__status=VictimCase.Status.OPEN
    ).filter(
        Q(assigned_to=officer)
        | Q(
            pk__in=Reminder.objects.filter(
                recipient=officer,
                state=Reminder.State.PENDING,
                content_type=ContentType.objects.get_for_model(FollowUp),
            ).values("object_id")
        )
    )
    for follow_up in owed.select_related("case__team", "assigned_to"):
        if permissions.can(officer, "change", follow_up):
            continue
        successor = _successor(follow_up.case, follow_up.kind)
        if follow_up.assigned_to_id == officer.pk and successor is not None:
            _hand_follow_up_to(follow_up, successor)
            handed.append(follow_up)
        else:
            _reschedule_reminders(follow_up)  # e.g. a sergeant who left drops off the overdue list
    return handed


def shared_teams(case: VictimCase) -> list[Team]:
    """The other teams the case is shared with."""
    group_names = set(
        VictimCaseGroupObjectPermission.objects.filter(
            content_object=case, permission__codename="view_victimcase"
        ).values_list("group__name", flat=True)
    )
    if not group_names:
        return []
    return [
        team
        for team in Team.objects.exclude(pk=case.team_id).order_by("name")
        if team.group_name in group_names
    ]


@audit.service
def unshare_case(*, officer: Officer, case: VictimCase, team: Team) -> VictimCase:
    """Stop sharing a case with a team: a supervisor's act, audited."""
    permissions.require(officer, "share", case)
    if team not in shared_teams(case):
        raise ValidationError({"team": _("The case is not shared with this team.")})
    remove_perm("engagement.view_victimcase", team_group(team), case)
    audit.record(officer, "engagement.victim_case.unshared", case, {"team": str(team), "team_id": team.pk})
    return case


@audit.service
def plan_missing_reviews(
    *, officer: Officer, case: VictimCase, now: datetime | None = None
) -> list[FollowUp]:
    """A supervisor plans the reviews the band calls for that nobody could be given before (the
    team had no sergeant or inspector then)."""
    now = now or timezone.now()
    permissions.require(officer, "assign", case)
    if not case.is_open or case.band is None:
        raise ValidationError(_("Only an open, assessed case has reviews."))
    planned = []
    for kind, days in (
        (FollowUp.Kind.SERGEANT_REVIEW, case.band.sergeant_review_days),
        (FollowUp.Kind.INSPECTOR_REVIEW, case.band.inspector_review_days),
    ):
        reviewer = reviewer_of(case.team, kind)
        already = case.follow_ups.filter(kind=kind, completed_at__isnull=True, cancelled_at__isnull=True)
        if days and reviewer is not None and not already.exists():
            planned.append(
                _add_follow_up(case, kind=kind, due_at=now + timedelta(days=days), assigned_to=reviewer)
            )
    audit.record(
        officer, "engagement.victim_case.reviews_planned", case, {"follow_up_ids": [f.pk for f in planned]}
    )
    return planned
