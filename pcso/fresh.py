"""Rendered fragments kept until the data behind them changes: a home page's panels and a list
page's rows are served from the cache while nothing the officer can see has changed, and
rendered again as soon as anything has.

The rules, each pinned by a test in tests/pcso/test_fresh.py:

1. **What a fragment may show.** Only what follows from the records its officer can see (their
   teams' rows, their own rows wherever they are, rows shared with them, the force's reference
   data) and from its key: the page with the parameters it reads (`Query`: a parameter no page
   understands makes no other copy), the officer, the language and the local date. Nothing
   from the session (messages), no clock finer than the date, no other officer's view. A form
   in it gets the request's own CSRF token when served (a random stand-in is kept in its place).
   A fragment that writes an audit entry other than a list read is never kept; one whose list
   reads are kept writes them again each time it is served.
   (`test_kept_blocks_show_nothing_from_the_session_or_the_clock` reads every template.)
2. **Which writes mark.** Every save, delete or many-to-many change of a TrackedModel moves the
   generations of what it touches, whatever the audit trail records of it (a field listed in
   `audit_exclude` too), as do grants, group memberships and permissions (`connect` wires the
   receivers). The one exception is declared on the model: a save of only the fields in its
   `not_on_kept_pages` (an officer's last login) marks nothing. A model with a scope is a
   TrackedModel, or says `marks_kept_pages = False` and every path that writes it marks by hand
   (`teams_changed`, `changed_everything`): bulk writes that send no signal (the crime import,
   guardian's bulk grants, scale_data) do. The system check `check_kept_pages` refuses a scoped
   model that is neither.
3. **Where generations live.** In PostgreSQL (pcso.Generation), moved in the change's own
   transaction, by one statement just before it commits (pcso/db/base.py): they become visible
   exactly when the change does, two transactions never deadlock over them, and a Redis that
   refuses or stalls costs only a recompute, never a stale page. Redis holds the fragments only.

What each change moves: ``team:<id>`` for its team (both teams when it moves, a parent's team for
a record reached through one), ``officer:<id>`` for the owner of a model seen by its owner,
``shared`` when anyone holds a share of it (or of the record it is shared through), and
``global`` for a record of no team, a grant, a group membership or a permission. The officer's
generations are read when the request starts (KeptFragmentsMiddleware), before the view reads
anything, so a page computed across a change is kept under the generations before it and never
found again.

Fragments expire after FRAGMENT_CACHE_SECONDS (a minute), which bounds what no change marks:
"due today" turning "overdue" within a day, route points (``marks_kept_pages = False``), a
change made by raw SQL. 0 turns keeping off, as does a site without Redis. When Redis does not
answer within a quarter of a second, pages are computed and nothing is kept or read for the
next few seconds.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from . import audit, once, reads
from .models import Generation, TrackedModel
from .scope import Scope

log = logging.getLogger(__name__)

GLOBAL = "global"
SHARED = "shared"
# Tests give each test its own namespace (tests/conftest.py): nothing carries over between them.
# A new VERSION leaves every fragment kept by earlier code behind (a deploy that changes them).
NAMESPACE = "1"
VERSION = "3"
# After Redis failed to answer, how long nothing is read or kept (seconds).
PAUSE_AFTER_FAILURE = 5.0
_paused_until = 0.0
MISSING = object()


def team_key(team_id) -> str:
    return f"team:{team_id}"


def officer_key(officer_id) -> str:
    return f"officer:{officer_id}"


def _key(name: str) -> str:
    return f"fresh:{NAMESPACE}:{VERSION}:{name}"


def _keeping() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0 and not isinstance(cache, DummyCache)


def _available() -> bool:
    return _keeping() and time.monotonic() >= _paused_until


def _failed(what: str, error: Exception) -> None:
    """Redis did not answer (or answered with what this code cannot read): pause keeping."""
    global _paused_until
    _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
    log.warning("fragment cache: %s (%s); nothing kept for %.0f s", what, error, PAUSE_AFTER_FAILURE)


# Marking: in the change's own transaction.

_MOVE = """
    INSERT INTO pcso_generation (key, value)
    SELECT key, 1 FROM unnest(%s::varchar[]) AS key ORDER BY key
    ON CONFLICT (key) DO UPDATE SET value = pcso_generation.value + 1
"""


class _Marks(set):
    """The generations a transaction moves, moved in one statement just before it commits
    (pcso/db/base.py), its rows locked in key order: two transactions never wait on each other
    in a circle, and each holds the rows only for the moment before its COMMIT."""

    def __call__(self) -> None:
        if self:
            keys = sorted(self)
            self.clear()
            with connection.cursor() as cursor:
                cursor.execute(_MOVE, [keys])


def _pending() -> _Marks | None:
    return next((work for work in getattr(connection, "before_commit", ()) if isinstance(work, _Marks)), None)


def mark(keys: Iterable[str]) -> None:
    """Move these generations on with the change that calls it: in its transaction, just before
    it commits (at once outside a transaction, or on a database engine without the hook)."""
    marks = _Marks(keys)
    if not marks:
        return
    if not (connection.in_atomic_block and hasattr(connection, "before_commit")):
        marks()
        return
    pending = _pending()
    if pending is None:
        connection.before_commit.append(marks)
    else:
        pending |= marks


def flush() -> None:
    """Move this connection's pending generations now, as its commit would."""
    pending = _pending()
    if pending is not None:
        pending()


def generations(keys: list[str]) -> dict[str, int]:
    """The current generations of these keys (0 for one never moved). This connection's own
    changes not yet committed count: what it reads next includes them."""
    flush()
    return dict(Generation.objects.filter(key__in=keys).values_list("key", "value"))


def changed_everything(**kwargs) -> None:
    """A grant, a group membership, a permission or reference data changed: every fragment."""
    mark({GLOBAL})


def teams_changed(team_ids: Iterable[int]) -> None:
    """Rows of these teams were written by a path that sends no signal (a bulk import)."""
    mark({team_key(team) for team in team_ids if team is not None})


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
    """A tracked record was saved, deleted or had a many-to-many change: the fragments that may
    show it go."""
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
    mark(keys)


# The receivers (connected by pcso/apps.py, before the audit trail's: a record's loaded values
# still tell where it was).


def _saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    if isinstance(instance, TrackedModel):
        if update_fields and set(update_fields) <= set(instance.not_on_kept_pages):
            return
        changed(instance)
    elif _is_grant(sender):
        changed_everything()


def _deleted(sender, instance, **kwargs) -> None:
    _saved(sender, instance)


def _is_grant(model) -> bool:
    from guardian.models import BaseObjectPermission

    return issubclass(model, BaseObjectPermission)


def _many_changed(sender, instance, action, **kwargs) -> None:
    """A group membership or a permission changes grants and every fragment; a many-to-many
    change of a tracked record (a diary entry's groups) is a change of that record."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    if not action.startswith("post_"):
        return
    user_model = get_user_model()
    if sender in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        changed_everything()
    elif isinstance(instance, TrackedModel):
        changed(instance)


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="pcso.fresh.saved")
    post_delete.connect(_deleted, dispatch_uid="pcso.fresh.deleted")
    m2m_changed.connect(_many_changed, dispatch_uid="pcso.fresh.many_changed")
    # A migration may have changed anything (its historical models send no signal here).
    post_migrate.connect(changed_everything, dispatch_uid="pcso.fresh.migrated")


def check_kept_pages(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A model with a scope is shown on kept pages: its changes must mark them."""
    from django.apps import apps

    configs = app_configs or apps.get_app_configs()
    return kept_page_errors(model for config in configs for model in config.get_models())


def kept_page_errors(models: Iterable) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"{model._meta.label} has a scope but is not a TrackedModel, so its changes would not "
            "mark the kept pages that show it.",
            hint="Make it a TrackedModel, or set marks_kept_pages = False and mark every path that "
            "writes it (pcso.fresh.teams_changed).",
            obj=model,
            id="pcso.E101",
        )
        for model in models
        if isinstance(getattr(model, "scope", None), Scope)
        and not issubclass(model, TrackedModel)
        and getattr(model, "marks_kept_pages", True)
    ]


# Reading: once per request, before the view reads anything.


class Query(QueryDict):
    """request.GET that notes the parameters the page reads (`get`, `[]`, `getlist`, `in`): what
    its filter form binds, what the view asks for. A kept page is keyed on those alone, with their
    values, so junk in a query string (`?utm_source=…`, a random name) never makes another copy in
    Redis, and its page links carry no junk. Reading every parameter at once (`items()`,
    `urlencode()`) understands none of them: a form echoing the query in hidden fields does that."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    @classmethod
    def of(cls, query: QueryDict) -> Query:
        noting = cls(mutable=True, encoding=query.encoding)
        for key, values in query.lists():
            noting.setlist(key, values)
        noting._mutable = False
        return noting

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self.read.add(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    # Every parameter at once (MultiValueDict would look each up with []): none of them read.

    def items(self):
        for key, values in self.lists():
            yield key, values[-1] if values else []

    def values(self):
        for _key, value in self.items():
            yield value

    def dict(self):
        return dict(self.items())

    def understood(self, leave_out: tuple[str, ...] = ()) -> QueryDict:
        """The parameters read so far that the request holds, with their values, in name order."""
        query = QueryDict(mutable=True, encoding=self.encoding)
        for key in sorted(self.read - set(leave_out)):
            values = dict.get(self, key)  # as stored: looking is not reading
            if values is not None:
                query.setlist(key, values)
        return query


def understood_query(request, leave_out: tuple[str, ...] = ()) -> str:
    """The request's query as the page understands it (all of it outside a noted request)."""
    query = request.GET
    if isinstance(query, Query):
        return query.understood(leave_out).urlencode()
    query = query.copy()
    for key in leave_out:
        query.pop(key, None)
    return query.urlencode()


def begin(request) -> None:
    """Note which parameters the page reads, and read the officer's generations before the view
    reads any data (KeptFragmentsMiddleware)."""
    if not isinstance(request.GET, Query):
        request.GET = Query.of(request.GET)
    if request.user.is_authenticated and _available():
        _stamp(request)


def _stamp(request) -> str:
    """The generations of everything this officer can see, read once per request."""
    if not hasattr(request, "_fresh_stamp"):
        from .permissions import team_ids

        user = request.user
        keys = [GLOBAL, SHARED, officer_key(user.pk), *(team_key(team) for team in team_ids(user, "view"))]
        values = generations(keys)
        parts = "|".join(f"{key}={values.get(key, 0)}" for key in keys)
        request._fresh_stamp = hashlib.blake2b(parts.encode(), digest_size=12).hexdigest()
    return request._fresh_stamp


def fragment(request, name: str, render: Callable[[dict], str]) -> str:
    """The fragment `name` for this officer: from the cache while nothing they can see has
    changed, else render(extra_context) and kept. extra_context holds the CSRF stand-in."""
    user = request.user
    if not (user.is_authenticated and _available()):
        return render({})
    key = _key(
        f"{name}:{user.pk}:{translation.get_language()}:{timezone.localdate().isoformat()}:{_stamp(request)}"
    )
    try:
        kept = cache.get(key)
    except Exception as error:  # noqa: BLE001 - an unreadable fragment is a miss, never an error page
        _failed(f"{name} not read", error)
        kept = None
    if kept is not None:
        html, captured, stand_in = kept
        html = once.renew(html)  # each showing of a form has a key of its own
        audit.replay(user, captured)
    else:
        stand_in = uuid.uuid4().hex  # nothing a user typed can look like it
        noted = request.GET.read if isinstance(request.GET, Query) else set()
        read_before = len(noted)
        with reads.capturing() as captured:
            html = render({"csrf_token": stand_in})
        # A parameter first read while rendering is not in the key: such a fragment is not kept.
        if captured.keepable and len(noted) == read_before and _available():
            try:
                cache.set(key, (html, captured, stand_in), settings.FRAGMENT_CACHE_SECONDS)
            except Exception as error:  # noqa: BLE001
                _failed(f"{name} not kept", error)
    if stand_in in html:
        html = html.replace(stand_in, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there
