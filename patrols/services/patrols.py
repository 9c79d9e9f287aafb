"""Writes to patrols, their points, activities and hotspot visits, sign-off and hotspots.

Every refusal is a ValidationError keyed by the form field it concerns, so the form shows why.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcso import audit, permissions, reminders
from pcso.captured import Captured, at_server, wider
from pcso.models import Neighbourhood, Officer

from .. import inbox
from ..models import (
    MAX_PATROL,
    ActivityKind,
    Hotspot,
    HotspotVisit,
    OfficerNeighbourhood,
    Patrol,
    PatrolActivity,
    PatrolPoint,
    elapsed,
)

END_BEFORE_START = gettext_lazy("The patrol must end after it starts.")
TOO_LONG = gettext_lazy("A patrol cannot be longer than 14 hours.")
FUTURE_START = gettext_lazy("The start cannot be in the future.")
FUTURE_END = gettext_lazy("The end cannot be in the future.")
OVERLAP = gettext_lazy("This overlaps your patrol of {when}.")
PARTNER_OVERLAP = gettext_lazy("Your partner is already on a patrol at that time: {when}.")
VISIT_OUTSIDE = gettext_lazy("A hotspot visit must fall inside its patrol ({when}).")
LEAVE_BEFORE_ARRIVE = gettext_lazy("Leaving must come after arriving.")
ACTIVITY_OUTSIDE = gettext_lazy("The activity must fall inside its patrol ({when}).")
ACTIVITY_LEFT_OUT = gettext_lazy(
    "The activity “{what}” at {at} would fall outside the patrol: change the times to include it."
)
POINT_LEFT_OUT = gettext_lazy(
    "The route point of {at} would fall outside the patrol: change the times to include it."
)
NOT_EDITABLE = gettext_lazy("This patrol has been signed off and can no longer be changed.")
ALREADY_ENDED = gettext_lazy("This patrol has already ended.")
HOTSPOT_INACTIVE = gettext_lazy("This hotspot is not active today.")
TOO_EARLY = gettext_lazy("A patrol cannot start before 2000.")
# How long a supervisor may take back an approval; the officer is told after it.
UNDO_APPROVAL = timedelta(minutes=5)


class AlreadyEnded(ValidationError):
    """A second tap on "End patrol": the first one ended it. Views say so and show the patrol."""

    def __init__(self):
        super().__init__(ALREADY_ENDED)


def _local(value: datetime) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"


def describe(patrol: Patrol) -> str:
    """The patrol's times in words, as the refusals quote them."""
    if patrol.ended_at is None:
        return f"{_local(patrol.started_at)}, still running"
    return f"{_local(patrol.started_at)} to {_local(patrol.ended_at)}"


def _time_errors(patrol: Patrol, now: datetime) -> dict[str, str]:
    """The reasons a patrol's times are refused: order, length, future, overlap, visits."""
    errors: dict[str, str] = {}
    start, end = patrol.started_at, patrol.ended_at
    if start.year < 2000:
        errors["started_at"] = TOO_EARLY
    elif start > now:
        errors["started_at"] = FUTURE_START
    if end is not None:
        if end > now:
            errors["ended_at"] = FUTURE_END
        elif end <= start:
            errors["ended_at"] = END_BEFORE_START
        elif elapsed(start, end) > MAX_PATROL:
            errors["ended_at"] = TOO_LONG
    elif elapsed(start, now) > MAX_PATROL:
        errors.setdefault("started_at", TOO_LONG)
    if errors:
        return errors

    def first_clash(person_id):
        """The earliest other patrol, as officer or partner, of this person that these times overlap."""
        others = Patrol.objects.filter(Q(officer_id=person_id) | Q(partner_id=person_id)).exclude(
            pk=patrol.pk
        )
        others = others.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        if end is not None:
            others = others.filter(started_at__lt=end)
        return others.order_by("started_at").first()

    clash = first_clash(patrol.officer_id)
    if clash is not None:
        errors["started_at"] = OVERLAP.format(when=describe(clash))
        return errors
    if patrol.partner_id and (clash := first_clash(patrol.partner_id)) is not None:
        errors["partner"] = PARTNER_OVERLAP.format(when=describe(clash))
        return errors
    if patrol.pk:
        errors = _contents_outside(patrol, start, end or now)
    return errors


def _contents_outside(patrol: Patrol, start: datetime, limit: datetime) -> dict[str, str]:
    """The patrol's visits, activities and route points that its times would leave out."""
    outside = patrol.hotspot_visits.exclude(arrived_at__gte=start, left_at__lte=limit).exclude(
        arrived_at__gte=start, left_at__isnull=True, arrived_at__lte=limit
    )
    if outside.exists():
        return {"ended_at" if patrol.ended_at else "started_at": VISIT_OUTSIDE.format(when=describe(patrol))}
    activity = patrol.activities.exclude(at__gte=start, at__lte=limit).order_by("at", "pk").first()
    if activity is not None:
        field = "started_at" if activity.at < start else "ended_at"
        return {field: ACTIVITY_LEFT_OUT.format(what=activity.label, at=_local(activity.at))}
    point = (
        patrol.points.exclude(recorded_at__gte=start, recorded_at__lte=limit)
        .order_by("recorded_at", "pk")
        .first()
    )
    if point is not None:
        field = "started_at" if point.recorded_at < start else "ended_at"
        return {field: POINT_LEFT_OUT.format(at=_local(point.recorded_at))}
    return {}


def _check_people_and_place(patrol: Patrol) -> dict[str, str]:
    errors = {}
    if patrol.partner_id:
        if patrol.partner_id == patrol.officer_id:
            errors["partner"] = _("Your partner must be another officer.")
        elif not Officer.objects.filter(
            pk=patrol.partner_id, team_id=patrol.team_id, is_active=True
        ).exists():
            errors["partner"] = _("Your partner must be an officer of your team.")
    if patrol.neighbourhood_id and patrol.neighbourhood.team_id != patrol.team_id:
        errors["neighbourhood"] = _("Choose one of your team's neighbourhoods.")
    return errors


def _validate(patrol: Patrol, now: datetime) -> None:
    errors = _check_people_and_place(patrol) | _time_errors(patrol, now)
    if errors:
        raise ValidationError(errors)
    patrol.full_clean()


def _lock_officer(officer: Officer) -> None:
    """Serialise one officer's patrol writes, so two taps cannot start overlapping patrols."""
    Officer.objects.select_for_update().filter(pk=officer.pk).first()


def _lock(record: Patrol | HotspotVisit) -> None:
    """Lock the record's row and re-read it, so a second tap sees what the first one did. Lock
    order: the officer first (when taken), then the patrol, then a visit."""
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())
    record._loaded_values = record.audit_values()


def _note_clock(patrol: Patrol, when: Captured) -> None:
    """Keep on the patrol the largest error of the phone's clock seen on its taps."""
    skew = wider(patrol.clock_skew_seconds, when)
    if skew != patrol.clock_skew_seconds:
        patrol.clock_skew_seconds = skew
        patrol.save(update_fields=["clock_skew_seconds"])


def _add(officer: Officer, patrol: Patrol, now: datetime, event: str) -> Patrol:
    """Save a new patrol of this officer's, once allowed and valid, under the officer's lock."""
    permissions.require(officer, "add", patrol)
    _lock_officer(officer)
    _validate(patrol, now)
    patrol.save()
    audit.record(officer, event, patrol)
    return patrol


def default_neighbourhood(officer: Officer) -> Neighbourhood | None:
    """Where a one-tap patrol is: the neighbourhood of the officer's last patrol in their team,
    else their team's first neighbourhood."""
    if officer.team_id is None:
        return None
    last = (
        Patrol.objects.filter(officer=officer, team_id=officer.team_id, neighbourhood__isnull=False)
        .select_related("neighbourhood")
        .order_by("-started_at")
        .first()
    )
    if last is not None and last.neighbourhood.team_id == officer.team_id:
        return last.neighbourhood
    return Neighbourhood.objects.filter(team_id=officer.team_id).order_by("name").first()


@audit.service
def start_patrol(
    *,
    officer: Officer,
    mode: str = Patrol.Mode.FOOT,
    neighbourhood: Neighbourhood | None = None,
    partner: Officer | None = None,
    now: datetime | None = None,
    captured: Captured | None = None,
) -> Patrol:
    """Start a patrol now (or when the phone captured the tap), in the officer's team; the
    neighbourhood defaults from the team."""
    when = captured or at_server(now)
    now = when.at
    patrol = Patrol(
        officer=officer,
        team_id=officer.team_id,
        mode=mode,
        neighbourhood=neighbourhood or default_neighbourhood(officer),
        partner=partner,
        started_at=now,
        start_received_at=when.received,
        clock_skew_seconds=when.skew_seconds,
        status=Patrol.Status.IN_PROGRESS,
    )
    return _add(officer, patrol, now, "patrols.patrol.started")


def _require_change(user, patrol: Patrol) -> None:
    permissions.require(user, "change", patrol)
    if patrol.is_locked:
        raise ValidationError(NOT_EDITABLE)


@audit.service
def end_patrol(
    *,
    user,
    patrol: Patrol,
    summary: str = "",
    ended_at: datetime | None = None,
    neighbourhood: Neighbourhood | None | bool = False,
    now: datetime | None = None,
    captured: Captured | None = None,
) -> Patrol:
    """End a running patrol with a short summary (now, or when the phone captured the tap); it
    then awaits the sergeant's review. Open hotspot visits end with it."""
    when = captured or at_server(now)
    now = when.at
    permissions.require(user, "change", patrol)
    _lock_officer(patrol.officer)
    _lock(patrol)
    if patrol.status != Patrol.Status.IN_PROGRESS:
        raise AlreadyEnded()
    patrol.ended_at = ended_at or now
    patrol.end_received_at = when.received
    patrol.clock_skew_seconds = wider(patrol.clock_skew_seconds, when)
    patrol.summary = summary
    if neighbourhood is not False:
        patrol.neighbourhood = neighbourhood
    patrol.status = Patrol.Status.ENDED
    for visit in patrol.hotspot_visits.filter(left_at__isnull=True):
        visit.left_at = max(visit.arrived_at, min(patrol.ended_at, now))
        visit.departure_received_at = when.received
        visit.save()
    _validate(patrol, now)
    patrol.save()
    audit.record(user, "patrols.patrol.ended", patrol)
    return patrol


@audit.service
def record_patrol(
    *,
    officer: Officer,
    mode: str,
    started_at: datetime,
    ended_at: datetime,
    neighbourhood: Neighbourhood | None = None,
    partner: Officer | None = None,
    summary: str = "",
    now: datetime | None = None,
) -> Patrol:
    """Enter a patrol afterwards, with its times; it goes straight to review."""
    now = now or timezone.now()
    patrol = Patrol(
        officer=officer,
        team_id=officer.team_id,
        mode=mode,
        neighbourhood=neighbourhood,
        partner=partner,
        started_at=started_at,
        ended_at=ended_at,
        summary=summary,
        status=Patrol.Status.ENDED,
    )
    return _add(officer, patrol, now, "patrols.patrol.recorded")


@audit.service
def update_patrol(
    *,
    user,
    patrol: Patrol,
    mode: str,
    started_at: datetime,
    ended_at: datetime | None,
    neighbourhood: Neighbourhood | None,
    partner: Officer | None,
    summary: str,
    now: datetime | None = None,
) -> Patrol:
    """Correct an ended or returned patrol; a returned one goes back for review."""
    now = now or timezone.now()
    permissions.require(user, "change", patrol)
    _lock_officer(patrol.officer)
    _lock(patrol)
    _require_change(user, patrol)
    if patrol.status != Patrol.Status.IN_PROGRESS and ended_at is None:
        raise ValidationError({"ended_at": _("An ended patrol needs its end time.")})
    patrol.mode, patrol.started_at, patrol.ended_at = mode, started_at, ended_at
    patrol.neighbourhood, patrol.partner, patrol.summary = neighbourhood, partner, summary
    resubmitted = patrol.status == Patrol.Status.RETURNED
    if resubmitted:
        patrol.status = Patrol.Status.ENDED
    _validate(patrol, now)
    patrol.save()
    if resubmitted:
        audit.record(user, "patrols.patrol.resubmitted", patrol)
        if patrol.reviewed_by_id and patrol.reviewed_by_id != user.pk:
            # The supervisor who returned it hears that it is back in the queue.
            reminders.schedule(
                patrol,
                kind="patrol-resubmitted",
                recipient=patrol.reviewed_by,
                due=now,
                message=inbox.PATROL_RESUBMITTED,
                values={"day": _day(patrol), "name": patrol.officer.full_name},
            )
    return patrol


@audit.service
def add_point(
    *,
    user,
    patrol: Patrol,
    latitude,
    longitude,
    source: str = PatrolPoint.Source.GPS,
    now: datetime | None = None,
    captured: Captured | None = None,
) -> PatrolPoint:
    """Add where the officer is now (or was, when the phone captured it) to a running patrol's
    route."""
    when = captured or at_server(now)
    now = when.at
    _require_change(user, patrol)
    if not patrol.is_running:
        raise ValidationError(_("Points can only be added while the patrol is running."))
    point = PatrolPoint(
        patrol=patrol,
        recorded_at=now,
        received_at=when.received,
        latitude=latitude,
        longitude=longitude,
        source=source,
    )
    point.full_clean()
    point.save()
    _note_clock(patrol, when)
    return point


@audit.service
def add_activity(
    *,
    user,
    patrol: Patrol,
    kind: str,
    other_text: str = "",
    note: str = "",
    at: datetime | None = None,
    now: datetime | None = None,
    captured: Captured | None = None,
) -> PatrolActivity:
    """Record something done on patrol; at the moment by default (when the phone captured the
    tap), or at a time inside it."""
    when = captured or at_server(now)
    now = when.at
    _require_change(user, patrol)
    at = at or (now if patrol.is_running else patrol.started_at)
    if at < patrol.started_at or at > patrol.end_or_now(now):
        raise ValidationError({"at": ACTIVITY_OUTSIDE.format(when=describe(patrol))})
    other_text = other_text.strip() if kind == ActivityKind.OTHER else ""
    activity = PatrolActivity(
        patrol=patrol, kind=kind, other_text=other_text, note=note, at=at, received_at=when.received
    )
    activity.full_clean()
    activity.save()
    _note_clock(patrol, when)
    return activity


def _check_hotspot(user, patrol: Patrol, hotspot: Hotspot) -> None:
    if hotspot.team_id != patrol.team_id or not permissions.can(user, "view", hotspot):
        raise ValidationError({"hotspot": _("Choose one of your team's hotspots.")})


@audit.service
def arrive_at_hotspot(
    *,
    user,
    patrol: Patrol,
    hotspot: Hotspot,
    now: datetime | None = None,
    captured: Captured | None = None,
) -> HotspotVisit:
    """Arrive at a hotspot on a running patrol (now, or when the phone captured the tap); being at
    another one ends that visit. A second tap while already there returns the open visit."""
    when = captured or at_server(now)
    now = when.at
    permissions.require(user, "change", patrol)
    _lock_officer(patrol.officer)
    _lock(patrol)
    _require_change(user, patrol)
    if not patrol.is_running:
        raise ValidationError(_("Arrivals can only be recorded while the patrol is running."))
    _check_hotspot(user, patrol, hotspot)
    if not hotspot.is_active_on(timezone.localdate(now)):
        raise ValidationError({"hotspot": HOTSPOT_INACTIVE})
    open_visits = list(patrol.hotspot_visits.filter(left_at__isnull=True))
    already_here = next((v for v in open_visits if v.hotspot_id == hotspot.pk), None)
    if already_here is not None:
        return already_here
    for open_visit in open_visits:
        open_visit.left_at = max(now, open_visit.arrived_at)
        open_visit.departure_received_at = when.received
        open_visit.save()
    visit = HotspotVisit(
        patrol=patrol,
        hotspot=hotspot,
        arrived_at=max(now, patrol.started_at),
        arrival_received_at=when.received,
    )
    visit.full_clean()
    visit.save()
    _note_clock(patrol, when)
    audit.record(user, "patrols.hotspot.arrived", visit)
    return visit


@audit.service
def leave_hotspot(
    *, user, visit: HotspotVisit, now: datetime | None = None, captured: Captured | None = None
) -> HotspotVisit:
    """Leave the hotspot (now, or when the phone captured the tap): the visit's dose is now known."""
    when = captured or at_server(now)
    now = when.at
    permissions.require(user, "change", visit.patrol)
    _lock_officer(visit.patrol.officer)
    _lock(visit.patrol)
    _lock(visit)
    _require_change(user, visit.patrol)
    if visit.left_at is not None:
        raise ValidationError(_("You have already left this hotspot."))
    visit.left_at = max(now, visit.arrived_at)
    visit.departure_received_at = when.received
    visit.full_clean()
    visit.save()
    _note_clock(visit.patrol, when)
    return visit


@audit.service
def record_hotspot_visit(
    *,
    user,
    patrol: Patrol,
    hotspot: Hotspot,
    arrived_at: datetime,
    left_at: datetime,
    now: datetime | None = None,
) -> HotspotVisit:
    """Enter a hotspot visit afterwards; it must fall inside its patrol."""
    now = now or timezone.now()
    _require_change(user, patrol)
    _check_hotspot(user, patrol, hotspot)
    if left_at <= arrived_at:
        raise ValidationError({"left_at": LEAVE_BEFORE_ARRIVE})
    if arrived_at < patrol.started_at or left_at > patrol.end_or_now(now):
        raise ValidationError({"arrived_at": VISIT_OUTSIDE.format(when=describe(patrol))})
    visit = HotspotVisit(patrol=patrol, hotspot=hotspot, arrived_at=arrived_at, left_at=left_at)
    visit.full_clean()
    visit.save()
    return visit


def _require_signoff(user, patrol: Patrol) -> None:
    permissions.require(user, "signoff", patrol)
    _lock(patrol)
    if patrol.status != Patrol.Status.ENDED:
        raise ValidationError(_("Only an ended patrol awaiting review can be signed off."))


def _day(patrol: Patrol) -> str:
    """The patrol's local start date, for a reminder's values (worded when shown)."""
    return timezone.localdate(patrol.started_at).isoformat()


@audit.service
def approve_patrol(*, user, patrol: Patrol, comment: str = "", now: datetime | None = None) -> Patrol:
    """The sergeant signs the patrol off; the PCSO is told."""
    now = now or timezone.now()
    _require_signoff(user, patrol)
    patrol.status = Patrol.Status.APPROVED
    patrol.reviewed_by, patrol.reviewed_at, patrol.review_comment = user, now, comment
    patrol.full_clean()
    patrol.save()
    reminders.cancel(patrol, kind="patrol-returned")
    # The officer hears once the approval can no longer be undone.
    reminders.schedule(
        patrol,
        kind="patrol-approved",
        recipient=patrol.officer,
        due=now + UNDO_APPROVAL,
        message=inbox.PATROL_APPROVED,
        values={"day": _day(patrol), "name": user.full_name},
    )
    audit.record(user, "patrols.patrol.signed_off", patrol, {"comment": comment})
    return patrol


def can_undo_approval(user, patrol: Patrol, now: datetime | None = None) -> bool:
    """The supervisor who approved a patrol may take it back for a few minutes (a slip of the
    thumb in the review queue)."""
    now = now or timezone.now()
    return (
        patrol.status == Patrol.Status.APPROVED
        and patrol.reviewed_by_id == user.pk
        and patrol.reviewed_at is not None
        and now - patrol.reviewed_at <= UNDO_APPROVAL
    )


@audit.service
def undo_approval(*, user, patrol: Patrol, now: datetime | None = None) -> Patrol:
    """Put a patrol approved a moment ago back in the review queue; the officer, not told yet,
    is not told."""
    now = now or timezone.now()
    permissions.require(user, "signoff", patrol)
    _lock(patrol)
    if not can_undo_approval(user, patrol, now):
        raise ValidationError(_("This approval can no longer be undone."))
    patrol.status = Patrol.Status.ENDED
    patrol.reviewed_by, patrol.reviewed_at, patrol.review_comment = None, None, ""
    patrol.full_clean()
    patrol.save()
    reminders.cancel(patrol, kind="patrol-approved")
    audit.record(user, "patrols.patrol.approval_undone", patrol)
    return patrol


@audit.service
def return_patrol(*, user, patrol: Patrol, comment: str, now: datetime | None = None) -> Patrol:
    """The sergeant sends the patrol back with a comment the PCSO sees."""
    now = now or timezone.now()
    _require_signoff(user, patrol)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs changing.")})
    patrol.status = Patrol.Status.RETURNED
    patrol.reviewed_by, patrol.reviewed_at, patrol.review_comment = user, now, comment.strip()
    patrol.full_clean()
    patrol.save()
    reminders.schedule(
        patrol,
        kind="patrol-returned",
        recipient=patrol.officer,
        due=now,
        message=inbox.PATROL_RETURNED,
        values={"day": _day(patrol), "comment": patrol.review_comment},
    )
    audit.record(user, "patrols.patrol.returned", patrol, {"comment": patrol.review_comment})
    return patrol


@audit.service
def save_hotspot(*, user, hotspot: Hotspot) -> Hotspot:
    """Add or change a hotspot of a team the user may manage hotspots for."""
    action = "add" if hotspot.pk is None else "change"
    permissions.require(user, action, hotspot)
    hotspot.full_clean()
    hotspot.save()
    return hotspot


def preferred_neighbourhood(officer: Officer) -> Neighbourhood | None:
    """Where a patrol entered afterwards most likely was: the officer's own neighbourhood (the
    first of them), else where their patrols usually are."""
    own = own_neighbourhoods(officer)
    return own[0] if own else default_neighbourhood(officer)


def own_neighbourhoods(officer: Officer) -> list[Neighbourhood]:
    return list(
        Neighbourhood.objects.filter(
            pk__in=OfficerNeighbourhood.objects.filter(officer=officer).values("neighbourhood_id")
        ).order_by("name")
    )


@audit.service
def set_own_neighbourhoods(*, user, officer: Officer, neighbourhoods) -> list[Neighbourhood]:
    """The sergeant sets which of the team's neighbourhoods are the officer's own: their time in
    locality counts time inside these."""
    if officer.team_id is None or not permissions.supervises(user, officer.team_id):
        raise PermissionDenied(_("Only a supervisor of the officer's team sets their neighbourhoods."))
    wanted = {n.pk: n for n in neighbourhoods}
    if any(n.team_id != officer.team_id for n in wanted.values()):
        raise ValidationError({"neighbourhoods": _("Choose neighbourhoods of the officer's team.")})
    current = {a.neighbourhood_id: a for a in OfficerNeighbourhood.objects.filter(officer=officer)}
    for pk, assignment in current.items():
        if pk not in wanted:
            assignment.delete()
    for pk in wanted.keys() - current.keys():
        OfficerNeighbourhood.objects.create(officer=officer, neighbourhood_id=pk, assigned_by=user)
    audit.record(user, "patrols.officer.neighbourhoods_set", officer, {"neighbourhood_ids": sorted(wanted)})
    return sorted(wanted.values(), key=lambda n: n.name)
