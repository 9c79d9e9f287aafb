"""Who may do what to patrols and hotspots beyond team scope; each rule with its row form, so a
list (the review queue, the hotspots a sergeant may edit) agrees with the single record."""

from django.db.models import Exists, OuterRef, Q

from pcso.permissions import can, rule, supervises, supervisory, team_ids

from .models import Designation


def _on_it_or_supervising(user, patrols):
    return patrols.filter(Q(officer=user) | Q(partner=user) | Q(team_id__in=team_ids(user, "review")))


@rule("change", "patrols.patrol", rows=_on_it_or_supervising)
def patrol_change(user, patrol) -> bool:
    """A patrol is written up by its officer or their partner; the team's supervisors may
    correct it. Colleagues in the team only read it."""
    return user.pk in (patrol.officer_id, patrol.partner_id) or supervises(user, patrol.team_id)


@rule(
    "signoff",
    "patrols.patrol",
    rows=lambda user, patrols: patrols.exclude(officer=user).exclude(partner=user),
    supervisory=True,
)
def patrol_signoff(user, patrol) -> bool:
    """Nobody signs off a patrol they were on: a sergeant's own patrol goes to another supervisor
    of the team (the inspector)."""
    return user.pk not in (patrol.officer_id, patrol.partner_id)


def _supervised_hotspots(user, hotspots):
    return hotspots.filter(team_id__in=team_ids(user, "review"))


@rule("add", "patrols.hotspot", rows=_supervised_hotspots)
def hotspot_add(user, hotspot) -> bool:
    """Hotspots are set by the supervisors of the team they belong to."""
    return supervises(user, hotspot.team_id)


@rule("change", "patrols.hotspot", rows=_supervised_hotspots)
def hotspot_change(user, hotspot) -> bool:
    """Changed by the team's supervisors; one moved to another team needs both teams' supervision."""
    was = hotspot.loaded_value("team_id")
    return supervises(user, hotspot.team_id) and (was == hotspot.team_id or supervises(user, was))


def may_edit(user, patrol) -> bool:
    """May change it now: allowed to change it, and not yet signed off (a signed-off patrol is
    locked for everyone)."""
    return not patrol.is_locked and can(user, "change", patrol)


def on_patrol(user, patrol, editable: bool | None = None) -> bool:
    """The running controls (location, hotspot arrivals, end) are for the officers on a running
    patrol, not for their supervisors."""
    if editable is None:
        editable = may_edit(user, patrol)
    return patrol.is_running and editable and user.pk in (patrol.officer_id, patrol.partner_id)


# Penalty notices and designated powers

supervisory("patrols.fixedpenaltynotice", "cancel")


def _designated_rows(user, notices):
    designated = Designation.objects.filter(
        officer=user, offence=OuterRef("offence"), team_id=OuterRef("team")
    )
    return notices.filter(officer=user).filter(Exists(designated))


@rule("add", "patrols.fixedpenaltynotice", rows=_designated_rows)
def notice_add(user, notice) -> bool:
    """An officer issues notices in their own name, only for offences designated to them in their team."""
    return (
        user.pk == notice.officer_id
        and Designation.objects.filter(
            officer=user, offence_id=notice.offence_id, team_id=notice.team_id
        ).exists()
    )


@rule(
    "change",
    "patrols.fixedpenaltynotice",
    rows=lambda user, notices: notices.filter(Q(officer=user) | Q(team_id__in=team_ids(user, "review"))),
)
def notice_change(user, notice) -> bool:
    """Payments and hearing requests are recorded by the issuing officer or the team's supervisors."""
    return user.pk == notice.officer_id or supervises(user, notice.team_id)


def _supervised_designations(user, designations):
    return designations.filter(team_id__in=team_ids(user, "review"))


@rule("add", "patrols.designation", rows=_supervised_designations)
def designation_add(user, designation) -> bool:
    """Powers are designated by a supervisor of the officer's team (a sergeant, the inspector)."""
    return supervises(user, designation.team_id)


@rule("delete", "patrols.designation", rows=_supervised_designations)
def designation_delete(user, designation) -> bool:
    """And withdrawn by one."""
    return supervises(user, designation.team_id)


# Reserved notice numbers (the phone's ticket book)


def _designated_holder(user, numbers):
    designated = Designation.objects.filter(officer=user, team_id=OuterRef("team"))
    return numbers.filter(officer=user).filter(Exists(designated))


@rule("add", "patrols.noticenumber", rows=_designated_holder)
def notice_number_add(user, number) -> bool:
    """An officer reserves numbers for themselves, in a team where they hold designated powers."""
    return (
        user.pk == number.officer_id
        and Designation.objects.filter(officer=user, team_id=number.team_id).exists()
    )


@rule("change", "patrols.noticenumber", rows=lambda user, numbers: numbers.filter(officer=user))
def notice_number_change(user, number) -> bool:
    """A held number is handed back or spoilt by the officer holding it; supervisors only read."""
    return user.pk == number.officer_id
