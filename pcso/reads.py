"""What the request being served has shown: whether it read anything sensitive (so that no copy
of the response is kept: `Cache-Control: no-store`), and what a kept fragment read while it was
computed (pcso/fresh.py), so that serving it again writes the same reads to the audit trail.

The audit trail (pcso/audit.py) reports each audited read here; the middleware and pcso/fresh.py
ask. This module imports neither, so neither imports the other through it.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager


class Served:
    """What the request being served has shown: a sensitive record means no copy is kept."""

    sensitive = False


class Reads:
    """What a fragment recorded while it was computed (pcso/fresh.py): its list reads, to write
    again each time it is served from the cache; anything else makes it one not to keep."""

    def __init__(self):
        self.lists: list[tuple[str, dict]] = []
        self.sensitive = False
        self.keepable = True


_served: contextvars.ContextVar[Served | None] = contextvars.ContextVar("reads_served", default=None)
_capture: contextvars.ContextVar[Reads | None] = contextvars.ContextVar("reads_capture", default=None)


@contextmanager
def _holding(variable: contextvars.ContextVar, value):
    """`value` is the variable's for the block (and what the block gets)."""
    token = variable.set(value)
    try:
        yield value
    finally:
        variable.reset(token)


def serving_request():
    """Around a request (AuditContextMiddleware): tells whether it read anything sensitive."""
    return _holding(_served, Served())


def capturing():
    """Around a fragment's computing (pcso/fresh.py): gathers its Reads."""
    return _holding(_capture, Reads())


def shown_sensitive() -> None:
    """The response shows a sensitive record, a list of them, or an export: the audited read
    itself marks it, so every page that audits its reads is kept out of caches for free."""
    served = _served.get()
    if served is not None:
        served.sensitive = True
    reads = _capture.get()
    if reads is not None:
        reads.sensitive = True


def recorded(action: str, obj, changes) -> None:
    """An audit entry was written: a list read is kept with a fragment being computed; any other
    entry makes that fragment one never to keep."""
    reads = _capture.get()
    if reads is not None:
        if obj is None and action.endswith(".listed"):
            reads.lists.append((action, changes))
        else:
            reads.keepable = False
