"""The home page panels of the engagement app (registered with pcso/home.py when the app loads).
The victim panels show victims' names: the cases a panel lists are a read like any other, and
recorded, as are the contact people and the public's queries the community diary panel names."""

from pcso import audit
from pcso.home import panel

from .queries import diary as diary_queries
from .queries import victims as queries


def _record_cases(user, context: dict) -> dict:
    shown = {
        f.case for key in ("follow_ups_due", "follow_ups_coming", "reviews_due") for f in context.get(key, [])
    }
    shown.update(context.get("high_risk_cases", []))
    audit.record_list(user, sorted(shown, key=lambda case: case.pk))
    return context


@panel(home="my_day", order=20, template="engagement/victims/panels/my_day.html")
def my_follow_ups(user) -> dict:
    return _record_cases(
        user,
        {
            "follow_ups_due": list(queries.follow_ups_due(user)),
            "follow_ups_coming": list(queries.follow_ups_coming(user)),
        },
    )


@panel(home="team", order=20, template="engagement/victims/panels/team.html")
def team_victims(user) -> dict:
    return _record_cases(
        user,
        {
            "follow_ups_due": list(queries.follow_ups_due(user)),
            "on_time_by_officer": queries.on_time_by_officer(user),
            "high_risk_cases": list(queries.open_high_risk_cases(user)),
        },
    )


@panel(home="neighbourhoods", order=20, template="engagement/victims/panels/neighbourhoods.html")
def command_victims(user) -> dict:
    return _record_cases(
        user,
        {
            "reviews_due": list(queries.reviews_due(user)),
            "high_risk_cases": list(queries.open_high_risk_cases(user)),
        },
    )


@panel(home=("my_day", "team", "neighbourhoods"), order=30, template="engagement/diary/panels/diary.html")
def community_contact(user) -> dict:
    """Groups due for contact, queries running out of time, priorities needing review. The
    groups and queries are named (a key individual, a member of the public): a read of each."""
    context = diary_queries.home(user)
    audit.record_list(user, context["diary_groups_due"])
    audit.record_list(user, context["diary_queries_open"])
    return context
