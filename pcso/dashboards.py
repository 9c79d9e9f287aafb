"""Home pages and dashboards, composed from each app's queries.py. Each app has one function
here that returns its part of the home page context for a user; its templates are the
`_home_<role>.html` partials in that app's template folder."""

from __future__ import annotations

from . import audit
from .models import Neighbourhood, Role, Team
from .permissions import teams_for, visible


def home_context(user) -> dict:
    context = {"teams": visible(user, Team.objects.select_related("inspector"))}
    if user.role in (Role.SERGEANT, Role.INSPECTOR):
        context["neighbourhoods"] = visible(user, Neighbourhood.objects.select_related("team"))
        context["supervised_teams"] = teams_for(user, "review")
    context.update(patrols_home(user))
    context.update(engagement_home(user))
    context.update(intelligence_home(user))
    return context


def patrols_home(user) -> dict:
    from patrols import notice_queries
    from patrols import queries as patrols

    if user.role == Role.PCSO:
        return {
            "running_patrol": patrols.running_patrol(user),
            "recent_patrols": patrols.recent_patrols(user),
            "patrol_modes": patrols.Patrol.Mode.choices,
        }
    if user.role == Role.SERGEANT:
        week = patrols.this_week()
        return {
            "review_count": patrols.patrols_for_review(user).count(),
            "underdosed": [row for row in patrols.team_dosage(user, week) if row.unmet > 0][:5],
            "running_patrol": patrols.running_patrol(user),
            "patrol_modes": patrols.Patrol.Mode.choices,
            "notice_counts": notice_queries.officer_counts(user),
        }
    if user.role == Role.INSPECTOR:
        return {
            "review_count": patrols.patrols_for_review(user).count(),
            "patrol_summaries": patrols.team_summaries(user, patrols.this_week()),
        }
    return {}


def engagement_home(user) -> dict:
    from engagement import queries as engagement

    if user.role == Role.PCSO:
        context = {
            "follow_ups_due": list(engagement.follow_ups_due(user)),
            "follow_ups_coming": list(engagement.follow_ups_coming(user)),
        }
    elif user.role == Role.SERGEANT:
        context = {
            "follow_ups_due": list(engagement.follow_ups_due(user)),
            "on_time_by_officer": engagement.on_time_by_officer(user),
            "high_risk_cases": list(engagement.open_high_risk_cases(user)),
        }
    elif user.role == Role.INSPECTOR:
        context = {
            "reviews_due": list(engagement.reviews_due(user)),
            "high_risk_cases": list(engagement.open_high_risk_cases(user)),
        }
    else:
        return {}
    # The home page shows victims' names: the cases it lists are a read like any other.
    shown = {
        f.case for key in ("follow_ups_due", "follow_ups_coming", "reviews_due") for f in context.get(key, [])
    }
    shown.update(context.get("high_risk_cases", []))
    audit.record_list(user, sorted(shown, key=lambda case: case.pk))
    return context


def intelligence_home(user) -> dict:
    return {}
