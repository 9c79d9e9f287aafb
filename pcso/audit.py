"""The append-only audit trail: every change, and every read of a sensitive record.

Changes to project models are recorded by the post_save/post_delete receivers wired in
pcso/apps.py, with the acting officer and address taken from the request (AuditContextMiddleware)
or from `acting_as` in tasks and commands. Services add named events with `record`; views of
sensitive records call `record_read`; exports call `record_export`.

The trail is read by administrators, who see no victim or intelligence content: an entry about
a sensitive record (a model with `sensitive = True`) names it by kind and number ("Victim #12")
and says which fields changed, never their values. Named events about sensitive records must
pass only ids, codes and officers' collar numbers in `changes`, never free text.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.text import capfirst

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


def _json(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


REDACTED = "changed"


def is_sensitive(obj) -> bool:
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


def record(
    actor, action: str, obj: Model | None = None, changes: dict | None = None, ip_address=None
) -> AuditEntry:
    """Write one entry. `actor` None means the current request's officer, else the system."""
    context_actor, context_ip = _context.get()
    if actor is None:
        actor = context_actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        actor=actor,
        actor_label=str(actor) if actor is not None else "system",
        action=action,
        changes={
            k: _json(v) if not isinstance(v, list) else [_json(x) for x in v]
            for k, v in (changes or {}).items()
        },
        ip_address=ip_address or context_ip,
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(type(obj))
        entry.object_id = str(obj.pk)
        entry.object_repr = describe(obj)
    entry.save()
    return entry


def record_read(actor, obj: Model) -> AuditEntry:
    meta = obj._meta
    return record(actor, f"{meta.app_label}.{meta.model_name}.read", obj)


def record_list(actor, records) -> AuditEntry | None:
    """A page showed sensitive records in a list (names on a case list, on My day): one entry
    naming them by id, none when the list is empty."""
    records = list(records)
    if not records:
        return None
    meta = records[0]._meta
    return record(actor, f"{meta.app_label}.{meta.model_name}.listed", None, {"ids": [r.pk for r in records]})


def record_export(actor, what: str, count: int, filters: dict | None = None) -> AuditEntry:
    return record(actor, f"{what}.exported", None, changes={"rows": count, **(filters or {})})


def on_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, TrackedModel):
        return
    changes = instance.audit_changes()
    secrets = [] if created else instance.audit_secret_changes()
    if created or changes:
        meta = instance._meta
        action = f"{meta.app_label}.{meta.model_name}.{'created' if created else 'updated'}"
        record(None, action, instance, _field_changes(instance, changes))
    for name in secrets:
        # A secret (a password hash) never enters the trail, but that it changed does.
        record(None, f"{instance._meta.app_label}.{instance._meta.model_name}.{name}_changed", instance)
    instance._loaded_values = {**instance.audit_values(), **instance.audit_secret_values()}


def on_delete(sender, instance, **kwargs):
    if not isinstance(instance, TrackedModel):
        return
    meta = instance._meta
    record(
        None,
        f"{meta.app_label}.{meta.model_name}.deleted",
        instance,
        _field_changes(instance, instance.audit_values()),
    )
