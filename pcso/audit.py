"""The append-only audit trail: every change, and every read of a sensitive record.

Changes to project models are recorded by the post_save/post_delete receivers wired in
pcso/apps.py, with the acting officer and address taken from the request (AuditContextMiddleware)
or from `acting_as` in tasks and commands. Services add named events with `record`; views of
sensitive records call `record_read`; exports call `record_export`.

One entry per event: a service runs under `@audit.service` (its transaction), where the saves'
entries wait; a named event about a record takes the place of that record's waiting entry (a
created record is said by the event alone; an update's field changes go into the event under
"fields"), and what no event named is written as created/updated when the service ends. Saves
outside services (the admin, the shell, data migrations) are recorded at once, as before.

The trail is read by administrators, who see no victim or intelligence content: an entry about
a sensitive record (a model with `sensitive = True`) names it by kind and number ("Victim #12")
and says which fields changed, never their values. Named events about sensitive records must
pass only ids, codes and officers' collar numbers in `changes`, never free text.
"""

from __future__ import annotations

import contextvars
from contextlib import ContextDecorator, contextmanager
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.text import capfirst

from . import reads
from .models import AuditEntry, TrackedModel

_context: contextvars.ContextVar[tuple] = contextvars.ContextVar("audit_context", default=(None, None))


@contextmanager
def acting_as(actor, ip_address: str | None = None):
    """Attribute the changes made inside the block to this officer (None: the system)."""
    token = _context.set((actor, ip_address))
    try:
        yield
    finally:
        _context.reset(token)


def current_actor():
    return _context.get()


def replay(actor, kept: reads.Reads) -> None:
    """A kept fragment is shown again (pcso/fresh.py): its reads are written again, as when it
    was computed."""
    if kept.sensitive:
        reads.shown_sensitive()
    for action, changes in kept.lists:
        record(actor, action, None, changes)


def _json(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


REDACTED = "changed"


def is_sensitive(obj) -> bool:
    if obj.__class__.__module__ == "__fake__":  # a data migration's historical model
        model = _tracked_model(obj)
        return bool(model and model.sensitive)
    return bool(getattr(obj, "sensitive", False))


def describe(obj: Model) -> str:
    """How the trail names a record: its kind and number when sensitive, else its str()."""
    if is_sensitive(obj):
        return f"{capfirst(obj._meta.verbose_name)} #{obj.pk}"
    return str(obj)[:200]


def _field_changes(instance: TrackedModel, changes: dict) -> dict:
    """A sensitive record's field changes keep the field names only."""
    if is_sensitive(instance):
        return dict.fromkeys(changes, REDACTED)
    return changes


class _Waiting:
    """The save entries waiting in one service level, by record, in the order first saved."""

    def __init__(self, parent: _Waiting | None):
        self.parent = parent
        self.entries: dict[tuple[str, str], dict] = {}

    def add(self, instance: Model, created: bool, changes: dict) -> None:
        key = _key(instance)
        waiting = self.entries.get(key)
        if waiting is None:
            self.entries[key] = {
                "instance": instance,
                "created": created,
                "changes": dict(changes),
                "context": _context.get(),
            }
            return
        for name, value in changes.items():  # the first old value, the last new one
            first = waiting["changes"].get(name)
            if isinstance(value, list) and isinstance(first, list):
                value = [first[0], value[1]]
            waiting["changes"][name] = value

    def take(self, key: tuple[str, str]) -> dict | None:
        level: _Waiting | None = self
        while level is not None:
            if key in level.entries:
                return level.entries.pop(key)
            level = level.parent
        return None

    def flush(self) -> None:
        for waiting in self.entries.values():
            _write_waiting(waiting)
        self.entries.clear()


_waiting: contextvars.ContextVar[_Waiting | None] = contextvars.ContextVar("audit_waiting", default=None)


class _Service(ContextDecorator):
    def _recreate_cm(self):
        return _Service()  # each call its own transaction and level, never shared between threads

    def __enter__(self):
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._token = _waiting.set(_Waiting(_waiting.get()))
        return self

    def __exit__(self, exc_type, exc, tb):
        level = _waiting.get()
        _waiting.reset(self._token)
        if exc_type is None:
            try:
                if level.parent is not None:  # an inner service: the outer one writes what waits
                    for key, waiting in level.entries.items():
                        level.parent.entries.setdefault(key, waiting)
                else:
                    level.flush()
            except BaseException as error:
                self._atomic.__exit__(type(error), error, error.__traceback__)
                raise
        # On an error the transaction (or savepoint) rolls back, and with it the saves: nothing waits.
        return self._atomic.__exit__(exc_type, exc, tb)


def service(func=None):
    """Run a service (`@audit.service`, or `with audit.service():`): one transaction, in which each
    change is recorded once, by the service's named event where it records one."""
    return _Service() if func is None else _Service()(func)


def _key(obj: Model) -> tuple[str, str]:
    return (obj._meta.label_lower, str(obj.pk))


def _write_waiting(waiting: dict) -> None:
    instance = waiting["instance"]
    meta = instance._meta
    action = f"{meta.app_label}.{meta.model_name}.{'created' if waiting['created'] else 'updated'}"
    actor, ip_address = waiting["context"]
    with acting_as(actor, ip_address):
        record(None, action, instance, waiting["changes"], _direct=True)


def record(
    actor,
    action: str,
    obj: Model | None = None,
    changes: dict | None = None,
    ip_address=None,
    *,
    _direct: bool = False,
    _at=None,
) -> AuditEntry:
    """Write one entry. `actor` None means the current request's officer, else the system.
    In a service, a named event about a record stands for that record's save entry."""
    reads.recorded(action, obj, changes)
    level = _waiting.get()
    if level is not None and not _direct and obj is not None and obj.pk is not None:
        waiting = level.take(_key(obj))
        if waiting is not None and not waiting["created"] and waiting["changes"]:
            changes = {**(changes or {}), "fields": waiting["changes"]}
    context_actor, context_ip = _context.get()
    if actor is None:
        actor = context_actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    # The trail names people and records in one language (role, kind of record), whichever
    # language the officer reads the pages in.
    with translation.override(None):
        entry = AuditEntry(
            actor=actor,
            actor_label=str(actor) if actor is not None else "system",
            action=action,
            changes=_json(changes or {}),
            ip_address=ip_address or context_ip,
        )
        if _at is not None:
            entry.at = _at
        if obj is not None:
            entry.content_type = ContentType.objects.get_for_model(type(obj))
            entry.object_id = str(obj.pk)
            entry.object_repr = describe(obj)
    entry.save()
    return entry


def record_read(actor, obj: Model) -> AuditEntry:
    reads.shown_sensitive()
    meta = obj._meta
    return record(actor, f"{meta.app_label}.{meta.model_name}.read", obj)


def record_list(actor, records) -> AuditEntry | None:
    """A page showed sensitive records in a list (names on a case list, on My day): one entry
    naming them by id, none when the list is empty."""
    reads.shown_sensitive()  # even empty: the page is a list of sensitive records
    records = list(records)
    if not records:
        return None
    meta = records[0]._meta
    return record(actor, f"{meta.app_label}.{meta.model_name}.listed", None, {"ids": [r.pk for r in records]})


def record_export(actor, what: str, count: int, filters: dict | None = None) -> AuditEntry:
    reads.shown_sensitive()
    return record(actor, f"{what}.exported", None, changes={"rows": count, **(filters or {})})


def _tracked_model(instance) -> type[TrackedModel] | None:
    """The project model behind a data migration's historical model (its saves are recorded
    too), or None for models the trail does not follow."""
    from django.apps import apps

    try:
        model = apps.get_model(instance._meta.label)
    except LookupError:
        return None
    return model if issubclass(model, TrackedModel) else None


def _migration_save(instance, created: bool, deleted: bool = False) -> None:
    """A save by a data migration: its values as they are now (names only for sensitive records),
    since a historical model keeps no loaded values to compare with."""
    model = _tracked_model(instance)
    if model is None:
        return
    values = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname not in model.audit_exclude and f.name not in model.audit_exclude
    }
    if model.sensitive:
        values = dict.fromkeys(values, REDACTED)
    meta = instance._meta
    action = "deleted" if deleted else "created" if created else "updated"
    # The trail's table may be older than its model here: the time is sent (a later migration's
    # trigger replaces it with the database clock's).
    record(
        None,
        f"{meta.app_label}.{meta.model_name}.{action}",
        instance,
        {**values, "by": "data migration"},
        _at=timezone.now(),
    )


def on_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if not isinstance(instance, TrackedModel):
        if instance.__class__.__module__ == "__fake__":  # a migration's historical model
            _migration_save(instance, created)
        return
    changes = instance.audit_changes()
    secrets = [] if created else instance.audit_secret_changes()
    if created or changes:
        level = _waiting.get()
        if level is not None:  # in a service: written at its end, unless an event names the record
            level.add(instance, created, _field_changes(instance, changes))
        else:
            meta = instance._meta
            action = f"{meta.app_label}.{meta.model_name}.{'created' if created else 'updated'}"
            record(None, action, instance, _field_changes(instance, changes))
    for name in secrets:
        # A secret (a password hash) never enters the trail, but that it changed does.
        record(None, f"{instance._meta.app_label}.{instance._meta.model_name}.{name}_changed", instance)
    instance._loaded_values = {**instance.audit_values(), **instance.audit_secret_values()}


def on_delete(sender, instance, **kwargs):
    if not isinstance(instance, TrackedModel):
        if instance.__class__.__module__ == "__fake__":
            _migration_save(instance, created=False, deleted=True)
        return
    level = _waiting.get()
    waiting = level.take(_key(instance)) if level is not None else None
    if waiting is not None:  # its save comes before its removal
        _write_waiting(waiting)
    meta = instance._meta
    record(
        None,
        f"{meta.app_label}.{meta.model_name}.deleted",
        instance,
        _field_changes(instance, instance.audit_values()),
    )
