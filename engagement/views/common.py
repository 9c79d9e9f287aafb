"""What the pages of both topics use: whether the user may add a record of a model to their own
team, and the 404 when they may not (a page a user cannot use is not there for them)."""

from django.http import Http404

from pcso.permissions import can


def may_add(user, model) -> bool:
    """May the user add a record of this model to their own team?"""
    return bool(user.team_id) and can(user, "add", model(team_id=user.team_id))


def require_add(user, model) -> None:
    """A 404 unless may_add(user, model)."""
    if not may_add(user, model):
        raise Http404("No such page")
