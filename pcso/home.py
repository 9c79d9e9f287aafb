"""Home pages, composed from the panels apps register in their home.py:

    from pcso.home import panel

    @panel(home="my_day", order=20, template="patrols/patrols/panels/my_day.html")
    def my_patrols(user) -> dict | None:       # the panel's template context; None hides it
        return {"recent_patrols": queries.recent_patrols(user)}

The core names the homes and decides which one a user gets: "my_day" (a PCSO's day), "team" (a
sergeant's team), "neighbourhoods" (an inspector's command). Panels show in `order`; a panel goes
on one home or several (`home=("team", "neighbourhoods")`). Adding a panel touches no file here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from . import fresh
from .models import Neighbourhood, Role
from .permissions import teams_for, visible

# name -> (title, the data-home marker pages and tests know it by)
HOMES = {
    "my_day": (_("My day"), "pcso"),
    "team": (_("Team"), "sergeant"),
    "neighbourhoods": (_("Neighbourhoods"), "inspector"),
}
HOME_OF_ROLE = {Role.PCSO: "my_day", Role.SERGEANT: "team", Role.INSPECTOR: "neighbourhoods"}


@dataclass(frozen=True)
class Panel:
    name: str
    homes: tuple[str, ...]
    order: int
    template: str
    context: Callable[..., dict | None]


PANELS: list[Panel] = []


def panel(*, home: str | tuple[str, ...], order: int, template: str):
    """Register a function as a panel of one or more homes: fn(user) -> dict | None."""
    homes = (home,) if isinstance(home, str) else tuple(home)
    unknown = set(homes) - set(HOMES)
    if unknown:
        raise ValueError(
            f"No home page called {', '.join(sorted(unknown))}: the homes are {', '.join(HOMES)}"
        )

    def decorator(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"
        PANELS[:] = [p for p in PANELS if p.name != name]  # a reloaded module registers once
        PANELS.append(Panel(name=name, homes=homes, order=order, template=template, context=fn))
        PANELS.sort(key=lambda p: (p.order, p.name))
        return fn

    return decorator


def home_for(user) -> str | None:
    """The home a user gets; None for the administrator's page, which has no panels."""
    return HOME_OF_ROLE.get(user.role)


def render_panels(request, home: str) -> list[SafeString]:
    """Each panel of the home, in order, rendered with its own context (hidden when None), and
    kept until anything its officer can see changes (pcso/fresh.py)."""
    rendered = []
    for item in PANELS:
        if home not in item.homes:
            continue

        def render(extra: dict, item=item) -> str:
            context = item.context(request.user)
            if context is None:
                return ""
            return render_to_string(item.template, {**context, **extra}, request=request)

        html = fresh.fragment(request, f"panel:{item.name}", render)
        if html:
            rendered.append(html)
    return rendered


# The core's own panels: the teams and neighbourhoods a supervisor looks after.


@panel(home="team", order=900, template="pcso/panels/supervised_teams.html")
def supervised_teams(user) -> dict:
    return {"supervised_teams": teams_for(user, "review")}


@panel(home="neighbourhoods", order=900, template="pcso/panels/neighbourhoods.html")
def neighbourhoods(user) -> dict:
    return {"neighbourhoods": visible(user, Neighbourhood.objects.select_related("team"))}


@panel(home=("team", "neighbourhoods"), order=5, template="pcso/panels/dashboards.html")
def dashboards(user) -> dict:
    """The way to the team page and the neighbourhood dashboard (pcso/figures.py)."""
    return {}
