"""Who may do what to patrols and hotspots beyond team scope; each rule with its row form, so a
list (the review queue, the hotspots a sergeant may edit) agrees with the single record."""

from django.db.models import Q

from pcso.permissions import can, rule, supervises, team_ids


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
