"""Who may do what to victims' cases and follow-ups beyond team scope; each rule with its row
form, so lists agree with the single record."""

from django.db.models import Q

from pcso.permissions import rule, supervises, teams_for

from .models import FollowUp, in_highest_band


def _not_a_review_or_theirs(user, follow_ups):
    return follow_ups.filter(
        ~Q(kind__in=FollowUp.REVIEW_KINDS) | Q(assigned_to=user) | Q(case__team__in=teams_for(user, "review"))
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
        Q(band__isnull=True) | ~in_highest_band("band") | Q(team__in=teams_for(user, "review"))
    )


@rule("close", "engagement.victimcase", rows=_not_high_risk_or_supervised)
def victim_case_close(user, case) -> bool:
    """A PCSO closes a case below the top band; a case in the top (high risk) band only a
    supervisor of its team."""
    return not case.is_high_risk or supervises(user, case.team_id)
