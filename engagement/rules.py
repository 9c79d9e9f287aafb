"""Who may do what to the community diary beyond team scope. Each rule has its row form, so a
list agrees with can(). Team scope (own team's rows, the inspector's command) comes first."""

from django.db.models import Q

from pcso.permissions import rule, supervises, teams_for


def _own_or_supervised(owner_fields: tuple[str, ...]):
    """Rows one of the owner fields names this user on, or rows of a team they supervise."""

    def rows(user, queryset):
        mine = Q()
        for field in owner_fields:
            mine |= Q(**{field: user})
        return queryset.filter(mine | Q(team__in=teams_for(user, "review")))

    return rows


@rule("change", "engagement.diaryentry", rows=_own_or_supervised(("officer",)))
def _entry_change(user, entry) -> bool:
    """A PCSO edits the entries they recorded; the team's sergeants edit all of the team's."""
    return entry.officer_id == user.pk or supervises(user, entry.team_id)


@rule("change", "engagement.concern", rows=_own_or_supervised(("entry__officer",)))
def _concern_change(user, concern) -> bool:
    return concern.entry.officer_id == user.pk or supervises(user, concern.team_id)


@rule("change", "engagement.action", rows=_own_or_supervised(("owner", "entry__officer")))
def _action_change(user, action) -> bool:
    """An action is completed by its owner, the officer whose entry agreed it, or a supervisor."""
    return user.pk in (action.owner_id, action.entry.officer_id) or supervises(user, action.team_id)


@rule("change", "engagement.meeting", rows=_own_or_supervised(("recorded_by",)))
def _meeting_change(user, meeting) -> bool:
    return meeting.recorded_by_id == user.pk or supervises(user, meeting.team_id)
