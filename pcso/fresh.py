"""Rendered fragments kept until the data behind them changes: a home page's panels are served
from the cache while nothing the officer can see has changed, and rendered again as soon as
anything has.

What an officer can see is the rows of their teams (every team they hold a grant on, as member
or supervisor), the rows shared with them, and the force's reference data (officers, teams,
catalogues, grants). Each of those has a generation in the cache: ``fresh:team:<id>``,
``fresh:shared`` and ``fresh:global``. Every change to a tracked record gives its team a new
generation (both teams when it moves), a shared record's change also ``fresh:shared``, and a
change to a record without a team, or to a grant, ``fresh:global`` (pcso/audit.py and
pcso/apps.py call `changed` and `changed_everything`). A fragment is kept under the generations
the officer's scope had before it was computed, so a change committed while it was being
computed makes it unreachable, never stale.

Generations are set when the change is made and again when its transaction commits: a page
computed in between (the change not yet visible) is kept under the first and missed under the
second. Fragments also expire after FRAGMENT_CACHE_SECONDS (a minute), which bounds what no
change marks: "due today" turning "overdue", a change made by raw SQL. 0 turns the cache off, as
does a site without Redis (the cache is then Django's dummy one).

A fragment that showed sensitive records was an audited read: the read is written again each
time the fragment is served from the cache, the same entry as when it was computed. A fragment
that recorded anything else is never kept. Forms in a fragment get the current request's CSRF
token when served.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from . import audit  # audit imports this module too: each uses the other only when called
from .scope import Scope

log = logging.getLogger(__name__)

GLOBAL = "fresh:global"
SHARED = "fresh:shared"
# Tests give each test its own namespace (tests/conftest.py): nothing carries over between them.
NAMESPACE = "1"
# Rendered in place of the CSRF token, replaced by the request's own when served.
CSRF_PLACEHOLDER = "pcso-csrf-placeholder-3b1f"
MISSING = object()


def team_key(team_id) -> str:
    return f"fresh:team:{team_id}"


def _cache_errors() -> tuple[type[Exception], ...]:
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis comes with Celery's Redis transport
        return (OSError,)
    return (RedisError, OSError)


def _bump(keys: set[str]) -> None:
    token = uuid.uuid4().hex
    try:
        cache.set_many({f"{NAMESPACE}:{key}": token for key in keys}, timeout=None)
    except _cache_errors():
        # Fragments then live out their minute; nothing else depends on the cache.
        log.warning("fragment cache unreachable: %s not marked changed", ", ".join(sorted(keys)))


def _mark(keys: set[str]) -> None:
    """New generations now and again when the change's transaction commits."""
    if not keys:
        return
    _bump(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(keys))


def changed_everything(**kwargs) -> None:
    """A grant, a group membership or reference data changed: every fragment is recomputed."""
    _mark({GLOBAL})


def _values(obj, path: str) -> set:
    """The values a field path reaches from one record (a many-valued step gives several)."""
    objects = [obj]
    parts = path.split("__")
    for index, part in enumerate(parts):
        reached = []
        for item in objects:
            field = item._meta.get_field(part)
            if field.one_to_many or field.many_to_many:
                reached.extend(getattr(item, field.get_accessor_name() or part).all())
            elif index == len(parts) - 1 and field.concrete:
                reached.append(getattr(item, field.attname))  # the id: no query for the last step
            else:
                reached.append(getattr(item, part))
        objects = [value for value in reached if value is not None]
    return set(objects)


def _is_shared(obj) -> bool:
    """Does any officer or team hold a grant on this record (a share)?"""
    from django.contrib.contenttypes.models import ContentType
    from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

    model = type(obj)
    for grants in (get_user_obj_perms_model(model), get_group_obj_perms_model(model)):
        if grants.objects.is_generic():
            content_type = ContentType.objects.get_for_model(model)
            rows = grants.objects.filter(content_type=content_type, object_pk=str(obj.pk))
        else:
            rows = grants.objects.filter(content_object_id=obj.pk)
        if rows.exists():
            return True
    return False


def _keys_for(instance, scope: Scope) -> set[str]:
    if scope.team == "pk":
        return {team_key(instance.pk)}
    keys = {team_key(team) for team in _values(instance, scope.team)}
    first = instance._meta.get_field(scope.team.split("__")[0])
    before = (getattr(instance, "_loaded_values", None) or {}).get(first.attname, MISSING)
    if first.concrete and before is not MISSING and before != getattr(instance, first.attname):
        # It moved: the team (or the parent) it left sees the change too.
        if "__" in scope.team:
            keys.add(GLOBAL)
        elif before is not None:
            keys.add(team_key(before))
    parents = _values(instance, scope.shared_via) if scope.shared_via else set()
    if (scope.shareable and _is_shared(instance)) or any(_is_shared(parent) for parent in parents):
        keys.add(SHARED)
    return keys


def changed(instance) -> None:
    """A tracked record was saved or deleted (pcso/audit.py): the fragments that may show it go."""
    scope = getattr(type(instance), "scope", None)
    if not isinstance(scope, Scope):
        keys = {GLOBAL}
    else:
        try:
            keys = _keys_for(instance, scope)
        except (ObjectDoesNotExist, FieldDoesNotExist, AttributeError):
            keys = {GLOBAL}  # a parent already gone (a cascade): no team to name, so every one
    _mark(keys)


def _stamp(request) -> str:
    """The generations of everything this officer can see, read once per request."""
    stamp = getattr(request, "_fresh_stamp", None)
    if stamp is None:
        from .permissions import team_ids

        keys = [GLOBAL, SHARED, *(team_key(team) for team in team_ids(request.user, "view"))]
        values = cache.get_many([f"{NAMESPACE}:{key}" for key in keys])
        parts = "|".join(f"{key}={values.get(f'{NAMESPACE}:{key}')}" for key in keys)
        stamp = hashlib.blake2b(parts.encode(), digest_size=12).hexdigest()
        request._fresh_stamp = stamp
    return stamp


def fragment(request, name: str, render: Callable[[dict], str]) -> str:
    """The fragment `name` for this officer: from the cache while nothing they can see has
    changed, else render(extra_context) and kept. extra_context holds the CSRF placeholder."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    user = request.user
    if not seconds or not user.is_authenticated:
        return render({})
    try:
        key = (
            f"{NAMESPACE}:fresh:fragment:{name}:{user.pk}:{translation.get_language()}:"
            f"{timezone.localdate().isoformat()}:{_stamp(request)}"
        )
        kept = cache.get(key)
    except _cache_errors():
        log.warning("fragment cache unreachable: %s rendered afresh", name)
        return render({})
    if kept is not None:
        html, reads = kept
        audit.replay(user, reads)
    else:
        with audit.capturing() as reads:
            html = render({"csrf_token": CSRF_PLACEHOLDER})
        if reads.keepable:
            try:
                cache.set(key, (html, reads), seconds)
            except _cache_errors():
                pass
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there
