"""Rendered fragments kept until the data behind them changes: a home page's panels and a list
page's rows are served from the cache while nothing the officer can see has changed, and
rendered again as soon as anything has.

What an officer can see is the rows of their teams (every team they hold a grant on, as member
or supervisor), their own rows wherever they are (a report they wrote in an earlier team), the
rows shared with them, and the force's reference data (officers, teams, catalogues, grants,
permissions). Each has a generation in the cache: ``fresh:team:<id>``, ``fresh:officer:<id>``,
``fresh:shared`` and ``fresh:global``. Every change to a tracked record (a save, a delete, a
many-to-many change) gives its team a new generation (both teams when it moves), its owner's too
for a model seen by its owner, ``fresh:shared`` when anyone holds a share of it (or of the record
it is shared through), and ``fresh:global`` for a record of no team, a grant, a group membership
or a permission (pcso/audit.py and pcso/apps.py call `changed` and `changed_everything`).

The officer's generations are read when the request starts (KeptFragmentsMiddleware), before the
view reads anything, and a fragment is kept under them: a change committed while the page was
being computed has already moved a generation on, so what was computed is unreachable, never
stale. Generations are set when the change is made and again when its transaction commits: a
page computed in between (the change not yet visible to it) is kept under the first and missed
under the second.

Fragments expire after FRAGMENT_CACHE_SECONDS (a minute), which bounds what no change marks:
"due today" turning "overdue", a change made by raw SQL, route points (a model may declare
``marks_kept_pages = False``), a minute when Redis did not answer. 0 turns keeping off, as does
a site without Redis (the cache is then Django's dummy one). When Redis does not answer within a
quarter of a second, pages are computed and nothing is kept or marked for the next few seconds.

A fragment that showed sensitive records was an audited read: the read is written again each
time the fragment is served from the cache, the same entry as when it was computed. A fragment
that recorded anything else is never kept. Forms in a fragment get the current request's CSRF
token when served (a random stand-in is kept in its place).
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
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
# A new VERSION leaves every fragment kept by earlier code behind (a deploy that changes them).
NAMESPACE = "1"
VERSION = "2"
# A generation outlives any fragment: one that expires (or is evicted) only makes a miss.
GENERATION_SECONDS = 24 * 3600
# After Redis failed to answer, how long nothing is read, kept or marked (seconds).
PAUSE_AFTER_FAILURE = 5.0
_paused_until = 0.0
MISSING = object()


def team_key(team_id) -> str:
    return f"fresh:team:{team_id}"


def officer_key(officer_id) -> str:
    return f"fresh:officer:{officer_id}"


def _key(name: str) -> str:
    return f"{NAMESPACE}:{VERSION}:{name}"


def _available() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0 and time.monotonic() >= _paused_until


def _failed(what: str, error: Exception) -> None:
    """Redis did not answer (or answered with what this code cannot read): pause keeping."""
    global _paused_until
    _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
    log.warning("fragment cache: %s (%s); nothing kept for %.0f s", what, error, PAUSE_AFTER_FAILURE)


def _bump(keys: set[str]) -> None:
    if not _available():
        return
    token = uuid.uuid4().hex
    try:
        cache.set_many({_key(key): token for key in keys}, timeout=GENERATION_SECONDS)
    except Exception as error:  # noqa: BLE001 - the cache never stops a change
        _failed(f"{', '.join(sorted(keys))} not marked changed", error)


def _mark(keys: set[str]) -> None:
    """New generations now and again when the change's transaction commits."""
    if not keys:
        return
    _bump(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(keys))


def changed_everything(**kwargs) -> None:
    """A grant, a group membership, a permission or reference data changed: every fragment."""
    _mark({GLOBAL})


def _step(item, part: str, *, as_id: bool) -> list:
    field = item._meta.get_field(part)
    if field.one_to_many or field.many_to_many:
        return list(getattr(item, field.get_accessor_name() or part).all())
    if as_id and field.concrete:
        return [getattr(item, field.attname)]  # the id: no query for the last step
    return [getattr(item, part)]


def _reached(obj, path: str, *, ids: bool) -> set:
    """What a field path reaches from one record (a many-valued step gives several): the ids at
    the last step, or the records themselves."""
    objects = [obj]
    parts = path.split("__")
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        objects = [
            value for item in objects for value in _step(item, part, as_id=ids and last) if value is not None
        ]
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


def _moved_from(instance, path: str):
    """The value the first step of `path` had when the record was loaded, if it has changed
    since (MISSING otherwise): a record that moved team, or changed parent."""
    first = instance._meta.get_field(path.split("__")[0])
    if not first.concrete:
        return MISSING
    before = (getattr(instance, "_loaded_values", None) or {}).get(first.attname, MISSING)
    return before if before is not MISSING and before != getattr(instance, first.attname) else MISSING


def keys_for(instance, scope: Scope) -> set[str]:
    """The generations a change to this record moves on."""
    if scope.team == "pk":
        return {team_key(instance.pk)}
    # No team (an inspector's own row): seen across teams, so every fragment.
    keys = {team_key(team) for team in _reached(instance, scope.team, ids=True)} or {GLOBAL}
    before = _moved_from(instance, scope.team)
    if before is not MISSING:
        # The team (or the parent) it left sees the change too; a parent's team is not at hand.
        keys.add(GLOBAL if "__" in scope.team else team_key(before))
    if scope.owner:
        keys |= {officer_key(owner) for owner in _reached(instance, scope.owner, ids=True)}
        before = _moved_from(instance, scope.owner)
        if before is not MISSING and before is not None:
            keys.add(officer_key(before))
    parents = _reached(instance, scope.shared_via, ids=False) if scope.shared_via else set()
    if (scope.shareable and _is_shared(instance)) or any(_is_shared(parent) for parent in parents):
        keys.add(SHARED)
    return keys


def changed(instance) -> None:
    """A tracked record was saved, deleted or had a many-to-many change (pcso/audit.py,
    pcso/apps.py): the fragments that may show it go."""
    model = type(instance)
    if not getattr(model, "marks_kept_pages", True):
        return
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        keys = {GLOBAL}
    else:
        try:
            keys = keys_for(instance, scope)
        except ObjectDoesNotExist:
            keys = {GLOBAL}  # a parent already gone (a cascade): no team to name, so every one
    _mark(keys)


def begin(request) -> None:
    """Read the officer's generations before the view reads any data (KeptFragmentsMiddleware)."""
    if request.user.is_authenticated and _available():
        _stamp(request)


def _stamp(request) -> str | None:
    """The generations of everything this officer can see, read once per request; None when
    Redis did not answer."""
    if not hasattr(request, "_fresh_stamp"):
        from .permissions import team_ids

        user = request.user
        keys = [GLOBAL, SHARED, officer_key(user.pk), *(team_key(team) for team in team_ids(user, "view"))]
        try:
            values = cache.get_many([_key(key) for key in keys])
        except Exception as error:  # noqa: BLE001 - the cache never stops a page
            _failed("generations not read", error)
            request._fresh_stamp = None
        else:
            parts = "|".join(f"{key}={values.get(_key(key))}" for key in keys)
            request._fresh_stamp = hashlib.blake2b(parts.encode(), digest_size=12).hexdigest()
    return request._fresh_stamp


def fragment(request, name: str, render: Callable[[dict], str]) -> str:
    """The fragment `name` for this officer: from the cache while nothing they can see has
    changed, else render(extra_context) and kept. extra_context holds the CSRF stand-in."""
    user = request.user
    stamp = _stamp(request) if user.is_authenticated and _available() else None
    if stamp is None:
        return render({})
    key = _key(
        f"fresh:fragment:{name}:{user.pk}:{translation.get_language()}:{timezone.localdate().isoformat()}:{stamp}"
    )
    try:
        kept = cache.get(key)
    except Exception as error:  # noqa: BLE001 - an unreadable fragment is a miss, never an error page
        _failed(f"{name} not read", error)
        kept = None
    if kept is not None:
        html, reads, stand_in = kept
        audit.replay(user, reads)
    else:
        stand_in = uuid.uuid4().hex  # nothing a user typed can look like it
        with audit.capturing() as reads:
            html = render({"csrf_token": stand_in})
        if reads.keepable and _available():
            try:
                cache.set(key, (html, reads, stand_in), settings.FRAGMENT_CACHE_SECONDS)
            except Exception as error:  # noqa: BLE001
                _failed(f"{name} not kept", error)
    if stand_in in html:
        html = html.replace(stand_in, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there
