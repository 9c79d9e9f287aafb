"""Tamper evidence for the audit trail: entries are sealed, in id order, into a hash chain.

Each seal covers the entries after the previous seal up to its last entry: it stores each entry's
keyed digest and a keyed hash (HMAC-SHA256 with AUDIT_SEAL_KEY, which the database never sees)
over the previous seal's hash and those digests. `verify` recomputes everything and names each
entry changed, removed, or inserted into a sealed stretch afterwards: someone who can write to the
database, even a superuser, cannot rewrite sealed history unnoticed without the key. Cutting off
the newest seals with their entries is caught by comparing the head with one kept elsewhere (the
sealer logs every head; `audit_verify --expect HASH`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import struct
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction

from .models import AuditSeal

log = logging.getLogger(__name__)

GENESIS = "0" * 64
BATCH = 50_000  # entries per seal at most, so a backlog (the first seal of an old trail) stays small
RECORD = struct.Struct(">q16s")  # an entry's id and the first 16 bytes of its digest

# One text per entry, the same whatever the session's time zone or date style.
ROWS = """
SELECT id, jsonb_build_array(
    id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), actor_id, actor_label, action,
    content_type_id, object_id, object_repr, changes, host(ip_address)
)::text
FROM pcso_auditentry WHERE id > %s AND id <= %s ORDER BY id
"""


def _key() -> bytes:
    return settings.AUDIT_SEAL_KEY.encode()


def entry_digest(key: bytes, text: str) -> bytes:
    return hmac.digest(key, text.encode(), "sha256")[:16]


def seal_hash(key: bytes, previous_hash: str, after: int, last: int, digests: bytes) -> str:
    message = f"{previous_hash}:{after}:{last}:".encode() + digests
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _final_entry_id() -> int:
    """The highest entry number below which no entry can still appear. Writers take their number
    holding the shared side of this lock (the trigger pcso_audit_stamp); holding the exclusive
    side for a moment waits for every writer still in flight."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '10s'")
        cursor.execute("SELECT pg_advisory_xact_lock(73051, 1)")
        cursor.execute("SELECT coalesce(max(id), 0) FROM pcso_auditentry")
        return cursor.fetchone()[0]


def seal() -> list[AuditSeal]:
    """Seal every entry not sealed yet; returns the new seals (none when nothing was waiting)."""
    upto = _final_entry_id()
    key = _key()
    seals = []
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(73051, 2)")  # one sealer at a time
            last = AuditSeal.objects.order_by("-last_entry_id").first()
            after = last.last_entry_id if last else 0
            previous_hash = last.hash if last else GENESIS
            if upto <= after:
                return seals
            cursor.execute(ROWS + " LIMIT %s", [after, upto, BATCH])
            rows = cursor.fetchall()
            end = rows[-1][0] if len(rows) == BATCH else upto
            digests = b"".join(RECORD.pack(pk, entry_digest(key, text)) for pk, text in rows)
            new = AuditSeal.objects.create(
                after_entry_id=after,
                last_entry_id=end,
                entry_count=len(rows),
                digests=digests,
                previous_hash=previous_hash,
                hash=seal_hash(key, previous_hash, after, end, digests),
            )
        log.info("Audit trail sealed to entry %s (%s entries): head %s", end, len(rows), new.hash)
        seals.append(new)


@dataclass
class Report:
    seals: int = 0
    entries: int = 0
    unsealed: int = 0
    head: str = GENESIS
    problems: list[str] = field(default_factory=list)


def verify(expect: str | None = None) -> Report:
    """Recompute the chain; every difference is a problem naming the seal or the entry."""
    key = _key()
    report = Report()
    previous_hash, after = GENESIS, 0
    hashes = set()
    problems = report.problems
    for seal in AuditSeal.objects.order_by("last_entry_id").iterator(chunk_size=100):
        report.seals += 1
        if seal.after_entry_id != after or seal.previous_hash != previous_hash:
            problems.append(
                f"Seal {seal.pk} does not follow the seal before it (entries {after + 1}–"
                f"{seal.after_entry_id} unaccounted for, or a seal removed or replaced)"
            )
        digests = bytes(seal.digests)
        if seal_hash(key, seal.previous_hash, seal.after_entry_id, seal.last_entry_id, digests) != seal.hash:
            problems.append(f"Seal {seal.pk} was altered: its hash does not match its contents")
        sealed = dict(RECORD.iter_unpack(digests))
        with connection.cursor() as cursor:
            cursor.execute(ROWS, [seal.after_entry_id, seal.last_entry_id])
            for pk, text in cursor:
                report.entries += 1
                expected = sealed.pop(pk, None)
                if expected is None:
                    problems.append(f"Entry {pk} was inserted after sealing (seal {seal.pk})")
                elif expected != entry_digest(key, text):
                    problems.append(f"Entry {pk} was changed after sealing (seal {seal.pk})")
        for pk in sorted(sealed):
            problems.append(f"Entry {pk} was removed after sealing (seal {seal.pk})")
        hashes.add(seal.hash)
        previous_hash, after = seal.hash, seal.last_entry_id
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pcso_auditentry WHERE id > %s", [after])
        report.unsealed = cursor.fetchone()[0]
    report.head = previous_hash
    if expect and expect not in hashes:
        problems.append(f"The head {expect} is not in the chain: seals were removed or replaced")
    return report
