"""Who may do what beyond team scope, each rule with its row form so lists agree with the single
record: victims' cases and follow-ups, and the community diary."""

from django.db.models import Q

from pcso.permissions import rule, supervises, supervisory, team_ids

from .models import FollowUp, in_highest_band

supervisory("engagement.victimcase", "assign", "share")


def _not_a_review_or_theirs(user, follow_ups):
    return follow_ups.filter(
        ~Q(kind__in=FollowUp.REVIEW_KINDS)
        | Q(assigned_to=user)
        | Q(case__team_id__in=team_ids(user, "review"))
    )


@rule("change", "engagement.followup", rows=_not_a_review_or_theirs)
def follow_up_change(user, follow_up) -> bool:
    """A sergeant's or inspector's review is completed by its reviewer or a supervisor of the
    case's team; visits, updates and referrals by any team member who may change them."""
    if not follow_up.is_review:
        return True
    return user.pk == follow_up.assigned_to_id or supervises(user, follow_up.case.team_id)


def _not_high_risk_or_supervised(user, cases):
    return cases.filter(
        Q(band__isnull=True) | ~in_highest_band("band") | Q(team_id__in=team_ids(user, "review"))
    )


@rule("close", "engagement.victimcase", rows=_not_high_risk_or_supervised)
def victim_case_close(user, case) -> bool:
    """A PCSO closes a case below the top band; a case in the top (high risk) band only a
    supervisor of its team."""
    return not case.is_high_risk or supervises(user, case.team_id)


# The community diary: a PCSO edits what they recorded, the team's supervisors edit all of it.


def _own_or_supervised(owner_fields: tuple[str, ...]):
    """Rows one of the owner fields names this user on, or rows of a team they supervise."""

    def rows(user, queryset):
        mine = Q()
        for field in owner_fields:
            mine |= Q(**{field: user})
        return queryset.filter(mine | Q(team_id__in=team_ids(user, "review")))

    return rows


@rule("change", "engagement.diaryentry", rows=_own_or_supervised(("officer",)))
def diary_entry_change(user, entry) -> bool:
    """A PCSO edits the entries they recorded; the team's sergeants edit all of the team's."""
    return entry.officer_id == user.pk or supervises(user, entry.team_id)


@rule("change", "engagement.concern", rows=_own_or_supervised(("entry__officer",)))
def concern_change(user, concern) -> bool:
    return concern.entry.officer_id == user.pk or supervises(user, concern.team_id)


@rule("change", "engagement.action", rows=_own_or_supervised(("owner", "entry__officer")))
def action_change(user, action) -> bool:
    """An action is completed by its owner, the officer whose entry agreed it, or a supervisor."""
    return user.pk in (action.owner_id, action.entry.officer_id) or supervises(user, action.team_id)


@rule("change", "engagement.meeting", rows=_own_or_supervised(("recorded_by",)))
def meeting_change(user, meeting) -> bool:
    return meeting.recorded_by_id == user.pk or supervises(user, meeting.team_id)
