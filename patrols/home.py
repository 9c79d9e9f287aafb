"""The patrol panels of the home pages (registered with pcso/home.py when the app loads)."""

from pcso.home import panel

from .models import Patrol
from .queries import notices as notice_queries
from .queries import patrols as queries


@panel(home="my_day", order=10, template="patrols/patrols/panels/my_day.html")
def my_patrols(user) -> dict:
    return {
        "running_patrol": queries.running_patrol(user),
        "recent_patrols": queries.recent_patrols(user),
        "patrol_modes": Patrol.Mode.choices,
    }


@panel(home="team", order=10, template="patrols/patrols/panels/team.html")
def team_patrols(user) -> dict:
    return {
        "review_count": queries.patrols_for_review(user).count(),
        "underdosed": [row for row in queries.team_dosage(user, queries.this_week()) if row.unmet > 0][:5],
        "running_patrol": queries.running_patrol(user),
        "patrol_modes": Patrol.Mode.choices,
    }


@panel(home="neighbourhoods", order=10, template="patrols/patrols/panels/neighbourhoods.html")
def command_patrols(user) -> dict:
    return {
        "review_count": queries.patrols_for_review(user).count(),
        "patrol_summaries": queries.team_summaries(user, queries.this_week()),
    }


@panel(home="my_day", order=15, template="patrols/notices/panels/my_day.html")
def issue_notices(user) -> dict | None:
    """The way to issue a penalty notice, for an officer of a team who may issue them."""
    if user.team_id is None or not user.has_perm("patrols.add_fixedpenaltynotice"):
        return None
    return {}


@panel(home="team", order=15, template="patrols/notices/panels/team.html")
def notices_by_officer(user) -> dict:
    """Per officer of the team: notices issued, awaiting payment, paid, unpaid, challenged, cancelled."""
    return {"notice_counts": notice_queries.officer_counts(user)}
