"""The URL sweep's rows and the world they run in (the test and its row format:
tests/test_url_sweep.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The columns of every status string, in this order.
ROLES = (
    "pcso",  # a PCSO of the own team (West): the one whose own-team records these are
    "colleague",  # another PCSO of West
    "other_pcso",  # a PCSO of the other team (East)
    "sergeant",  # West's sergeant
    "other_sergeant",  # East's sergeant
    "inspector",  # commands West and East
    "outside_inspector",  # commands North only
    "administrator",
    "anonymous",  # not logged in
)
VARIANTS = ("own", "other", "shared")


@dataclass(frozen=True)
class Row:
    """What every role gets from one URL pattern (see tests/test_url_sweep.py)."""

    name: str
    status: str | None = None  # a URL without a record: one status per role
    record: str | None = None  # the kind of record its <pk> names (World.record)
    own: str | None = None  # ... statuses for an own-team record (West's)
    other: str | None = None  # ... for an other-team record (East's)
    shared: str | None = None  # ... for East's record shared with West
    method: str = "get"
    data: Callable[[Any, str], dict] | None = None  # fn(world, variant) -> GET query or POST body
    kwargs: Callable[[Any, str], dict] | None = None  # fn(world, variant) -> URL kwargs
    path: str | Callable[[Any, str], str] | None = None  # for a pattern without a name: what to request
    note: str = ""

    def cases(self) -> list[tuple[str, str]]:
        """(variant, status string) pairs to run; variant "none" for a URL without a record."""
        if self.record is None:
            return [("none", self.status)]
        return [(v, getattr(self, v)) for v in VARIANTS if getattr(self, v) is not None]


def statuses(text: str) -> dict[str, int]:
    codes = [int(code) for code in text.split()]
    if len(codes) != len(ROLES):
        raise ValueError(f"{text!r}: one status for each of {len(ROLES)} roles {ROLES}")
    return dict(zip(ROLES, codes, strict=True))


@dataclass
class World:
    """Three teams and their people, and one record of each kind per variant."""

    people: dict[str, Any]
    records: dict[tuple[str, str], Any] = field(default_factory=dict)

    def record(self, kind: str, variant: str):
        try:
            return self.records[(kind, variant)]
        except KeyError:
            raise KeyError(
                f"No {variant} record of kind {kind!r}: add it in tests/test_url_sweep.py"
            ) from None
