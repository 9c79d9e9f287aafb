"""The time a record was captured on the phone, and the time the server received it.

The outbox (assets/outbox.js) sends every capture form with `captured_at`, the phone's time when
the officer tapped, ISO 8601 with its offset (2026-12-07T14:03:05+00:00). Sent at once, or an hour
later when the signal came back, the captured time is the one that counts (dosage, locality, the
clocks); the received time is kept beside it. The phone's clock may be wrong: when a form is sent
at once, the difference between its captured time and the server's clock is that error (the skew),
which supervisors are shown when it is over `SHOWN_SKEW`. A replayed form says nothing of the
phone's clock (the delay is the time without signal) unless the outbox adds the phone's time of
sending in the `X-Outbox-Sent-At` header, which it does on every sending; when given, that time
measures the clock (an item opened again from "needs attention" keeps its first captured time).

A captured time that cannot be read, lies in the future (beyond `AHEAD`) or too far back
(`BEHIND`, or before the record it belongs to began) is not the officer's fault: the received
time is used instead, and the log says why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import ngettext

FIELD = "captured_at"
SENT_AT_HEADER = "X-Outbox-Sent-At"
# A phone a little ahead of the server is normal (clocks drift, the request takes time).
AHEAD = timedelta(minutes=2)
# Nothing waits on a phone longer than this; an older captured time is a wrong clock.
BEHIND = timedelta(days=7)
# A difference between the phone's clock and the server's over this is shown to the sergeant.
SHOWN_SKEW = timedelta(minutes=5)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Captured:
    """When something happened (`at`: the phone's captured time, or the received time when the
    phone gave none usable), when the server received it, and the phone's clock error when known
    (phone minus server: negative when the phone is behind)."""

    at: datetime
    received: datetime
    skew: timedelta | None = None
    from_phone: bool = False
    # Why the phone's time was not used ("" when it was, or when none was sent).
    problem: str = ""

    @property
    def skew_seconds(self) -> int | None:
        return None if self.skew is None else round(self.skew.total_seconds())


def at_server(now: datetime | None = None) -> Captured:
    """A record made on the server (no phone time): captured when received."""
    now = now or timezone.now()
    return Captured(at=now, received=now)


def _parse(value: str | None) -> datetime | None:
    if not value or len(value) > 40:
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        return None
    if parsed is None or timezone.is_naive(parsed):
        return None  # a time without its offset says nothing certain
    return parsed


def read(request, *, earliest: datetime | None = None, now: datetime | None = None) -> Captured:
    """The captured and received times of a POST. `earliest`: the record's own start (a patrol's
    event cannot come before the patrol)."""
    received = now or timezone.now()
    raw = request.POST.get(FIELD) if request.method == "POST" else None
    if raw is None:
        return at_server(received)
    phone = _parse(raw)
    skew = _skew(request, phone, received)
    lowest = received - BEHIND
    if earliest is not None and earliest > lowest:
        lowest = earliest
    if phone is None:
        problem = "unreadable"
    elif phone > received + AHEAD:
        problem = "future"
    elif phone < lowest:
        problem = "too early"
    else:
        return Captured(at=min(phone, received), received=received, skew=skew, from_phone=True)
    log.info("captured_at %r not used (%s): received time %s used", raw[:40], problem, received.isoformat())
    return Captured(at=received, received=received, skew=skew, problem=problem)


def _skew(request, phone: datetime | None, received: datetime) -> timedelta | None:
    """The phone's clock error: the phone's time of sending when the outbox gives it (a replay,
    or an item opened again with its first captured time), else the captured time of a form sent
    at once."""
    sent = _parse(request.headers.get(SENT_AT_HEADER))
    if sent is not None or request.headers.get("X-Outbox") == "replay":
        phone = sent
    if phone is None:
        return None
    return phone - received


def wider(kept_seconds: int | None, captured: Captured) -> int | None:
    """The larger of a record's kept clock error and this one's (by size), to keep on it."""
    new = captured.skew_seconds
    if new is None or (kept_seconds is not None and abs(kept_seconds) >= abs(new)):
        return kept_seconds
    return new


def describe_skew(seconds: int | None) -> str:
    """ "Phone clock 7 minutes behind the server", when the error is worth showing; else "".
    Whole sentences, so that a translation can word each its own way."""
    if seconds is None or abs(seconds) <= SHOWN_SKEW.total_seconds():
        return ""
    size = abs(seconds)
    behind = seconds < 0
    if size >= 48 * 3600:
        count = size // 86400
        if behind:
            text = ngettext(
                "Phone clock %(count)s day behind the server",
                "Phone clock %(count)s days behind the server",
                count,
            )
        else:
            text = ngettext(
                "Phone clock %(count)s day ahead of the server",
                "Phone clock %(count)s days ahead of the server",
                count,
            )
    elif size >= 2 * 3600:
        count = size // 3600
        if behind:
            text = ngettext(
                "Phone clock %(count)s hour behind the server",
                "Phone clock %(count)s hours behind the server",
                count,
            )
        else:
            text = ngettext(
                "Phone clock %(count)s hour ahead of the server",
                "Phone clock %(count)s hours ahead of the server",
                count,
            )
    else:
        count = round(size / 60)
        if behind:
            text = ngettext(
                "Phone clock %(count)s minute behind the server",
                "Phone clock %(count)s minutes behind the server",
                count,
            )
        else:
            text = ngettext(
                "Phone clock %(count)s minute ahead of the server",
                "Phone clock %(count)s minutes ahead of the server",
                count,
            )
    return text % {"count": count}
