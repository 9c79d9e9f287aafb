"""What one feature app offers another, through the core: the app that owns a thing offers a
function under a name when it loads (its AppConfig.ready), and another app asks for it by that
name. Each app imports only the core; an app that is not installed leaves the name unoffered.

    hooks.offer("hotspots.save", services.save_hotspot)        # patrols/apps.py
    hooks.offered("hotspots.save")(user=user, hotspot=hotspot)  # intelligence

The names in use: "hotspots.active" fn(team) -> the team's active hotspots (a queryset),
"hotspots.new" fn(**fields) -> an unsaved hotspot, "hotspots.save" fn(*, user, hotspot).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_OFFERED: dict[str, Callable] = {}


def offer(name: str, fn: Callable) -> Callable:
    if name in _OFFERED and _OFFERED[name] is not fn:
        raise ImproperlyConfigured(f"{name} is offered twice: one app owns each name")
    _OFFERED[name] = fn
    return fn


def offered(name: str) -> Callable:
    try:
        return _OFFERED[name]
    except KeyError:
        raise ImproperlyConfigured(f"No installed app offers {name}") from None
