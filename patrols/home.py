"""The patrol panels of the home pages (registered with pcso/home.py when the app loads)."""

from pcso.home import panel

from . import queries
from .models import Patrol


@panel(home="my_day", order=10, template="patrols/panels/my_day.html")
def my_patrols(user) -> dict:
    return {
        "running_patrol": queries.running_patrol(user),
        "recent_patrols": queries.recent_patrols(user),
        "patrol_modes": Patrol.Mode.choices,
    }


@panel(home="team", order=10, template="patrols/panels/team.html")
def team_patrols(user) -> dict:
    return {
        "review_count": queries.patrols_for_review(user).count(),
        "underdosed": [row for row in queries.team_dosage(user, queries.this_week()) if row.unmet > 0][:5],
        "running_patrol": queries.running_patrol(user),
        "patrol_modes": Patrol.Mode.choices,
    }


@panel(home="neighbourhoods", order=10, template="patrols/panels/neighbourhoods.html")
def command_patrols(user) -> dict:
    return {
        "review_count": queries.patrols_for_review(user).count(),
        "patrol_summaries": queries.team_summaries(user, queries.this_week()),
    }
