"""The audit trail against its own application login, its owner and a superuser: the runtime role
can only add and read entries; whatever the owner changes after sealing, audit_verify names."""

import datetime as dt
import io

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from pcso import audit, auditchain
from pcso.models import AuditEntry, AuditSeal
from tests.conftest import RUNTIME_ROLE, runtime_database_url

pytestmark = pytest.mark.django_db


def _refusals(conn, statements) -> list[tuple[str, str]]:
    """Each statement's error class and the first words of its message (each in a savepoint)."""
    refusals = []
    for statement in statements:
        try:
            with conn.transaction():
                conn.execute(statement)
            refusals.append((statement, "allowed"))
        except psycopg.Error as error:
            refusals.append((type(error).__name__, str(error).split("\n")[0]))
    return refusals


def test_runtime_role_may_add_and_read_entries_and_nothing_else(team):
    with psycopg.connect(runtime_database_url()) as conn, conn.transaction(force_rollback=True):
        (pk,) = conn.execute(
            "INSERT INTO pcso_auditentry (actor_label, action, object_id, object_repr, changes) "
            "VALUES ('system', 'test.added', '', '', '{}') RETURNING id"
        ).fetchone()
        assert conn.execute("SELECT action FROM pcso_auditentry WHERE id = %s", [pk]).fetchone() == (
            "test.added",
        )
        refusals = _refusals(
            conn,
            [
                f"UPDATE pcso_auditentry SET action = 'tampered' WHERE id = {pk}",
                f"DELETE FROM pcso_auditentry WHERE id = {pk}",
                "TRUNCATE pcso_auditentry",
                "ALTER TABLE pcso_auditentry DISABLE TRIGGER USER",
                "ALTER TABLE pcso_auditentry DISABLE TRIGGER pcso_auditentry_append_only",
                "SET session_replication_role = replica",
                "UPDATE pcso_auditseal SET hash = 'x'",
                "DELETE FROM pcso_auditseal",
                "TRUNCATE pcso_auditseal",
                "ALTER TABLE pcso_auditseal DISABLE TRIGGER USER",
            ],
        )
        is_super = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    assert refusals == [
        ("InsufficientPrivilege", "permission denied for table pcso_auditentry"),
        ("InsufficientPrivilege", "permission denied for table pcso_auditentry"),
        ("InsufficientPrivilege", "permission denied for table pcso_auditentry"),
        ("InsufficientPrivilege", "must be owner of table pcso_auditentry"),
        ("InsufficientPrivilege", "must be owner of table pcso_auditentry"),
        ("InsufficientPrivilege", 'permission denied to set parameter "session_replication_role"'),
        ("InsufficientPrivilege", "permission denied for table pcso_auditseal"),
        ("InsufficientPrivilege", "permission denied for table pcso_auditseal"),
        ("InsufficientPrivilege", "permission denied for table pcso_auditseal"),
        ("InsufficientPrivilege", "must be owner of table pcso_auditseal"),
    ]
    assert is_super == (False,)


def test_runtime_role_reads_and_writes_the_application_tables(team):
    with psycopg.connect(runtime_database_url()) as conn, conn.transaction(force_rollback=True):
        conn.execute("UPDATE pcso_team SET name = 'Renamed' WHERE id = %s", [team.pk])
        assert conn.execute("SELECT name FROM pcso_team WHERE id = %s", [team.pk]).fetchone() is None
        (pk,) = conn.execute("INSERT INTO pcso_team (name) VALUES ('New') RETURNING id").fetchone()
        conn.execute("DELETE FROM pcso_team WHERE id = %s", [pk])
        assert conn.execute("SELECT current_user").fetchone() == (RUNTIME_ROLE,)


def test_truncate_of_the_trail_is_refused_even_for_its_owner(team):
    with connection.cursor() as cursor:
        # The test run turns this guard off to empty tables between tests; production has it on.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: ALTER TABLE refuses them
        cursor.execute("ALTER TABLE pcso_auditentry ENABLE TRIGGER pcso_auditentry_no_truncate")
        with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"), transaction.atomic():
            cursor.execute("TRUNCATE pcso_auditentry CASCADE")
    assert AuditEntry.objects.filter(action="pcso.team.created").count() == 1


def test_entry_time_comes_from_the_database_clock(officer):
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        (before,) = cursor.fetchone()
    entry = AuditEntry(
        actor_label="system", action="test.backdated", at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    entry.save()
    recorded = audit.record(officer, "test.recorded")
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        (after,) = cursor.fetchone()
    stored = AuditEntry.objects.get(pk=entry.pk).at
    assert (before <= entry.at <= after, entry.at == stored) == (True, True)
    assert before <= recorded.at <= after


# The hash chain


def _verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except CommandError as error:
        return 1, str(error), err.getvalue()


def _as_owner(sql, params=()):
    """What a database superuser or the table's owner can do: switch the guards off and write."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: ALTER TABLE refuses them
        cursor.execute("ALTER TABLE pcso_auditentry DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE pcso_auditentry ENABLE TRIGGER USER")
        cursor.execute("ALTER TABLE pcso_auditentry DISABLE TRIGGER pcso_auditentry_no_truncate")


def _entries(n):
    return [audit.record(None, f"test.event.{i}") for i in range(n)]


def test_sealed_trail_verifies_and_later_seals_link_to_earlier_ones(team):
    _entries(3)
    call_command("audit_seal", stdout=io.StringIO())
    later = _entries(2)
    call_command("audit_seal", stdout=io.StringIO())
    first, second = AuditSeal.objects.order_by("last_entry_id")
    assert (second.after_entry_id, second.previous_hash, second.last_entry_id) == (
        first.last_entry_id,
        first.hash,
        later[-1].pk,
    )
    assert second.entry_count == 2
    assert auditchain.seal() == []
    code, out, err = _verify()
    assert (code, err) == (0, "")
    assert out.startswith(
        f"The audit trail is intact: 2 seals, {first.entry_count + 2} sealed entries, 0 not"
    )


def test_entry_changed_by_the_owner_after_sealing_is_named(team):
    entries = _entries(3)
    call_command("audit_seal", stdout=io.StringIO())
    _as_owner("UPDATE pcso_auditentry SET action = 'harmless' WHERE id = %s", [entries[1].pk])
    code, out, err = _verify()
    seal = AuditSeal.objects.get()
    assert (code, err) == (1, f"Entry {entries[1].pk} was changed after sealing (seal {seal.pk})\n")
    assert out.startswith("The audit trail has been tampered with (1 problems).")


def test_entries_removed_or_slipped_in_after_sealing_are_named(team):
    entries = _entries(3)
    call_command("audit_seal", stdout=io.StringIO())
    _as_owner("DELETE FROM pcso_auditentry WHERE id = %s", [entries[0].pk])
    _as_owner(
        "INSERT INTO pcso_auditentry (id, at, actor_label, action, object_id, object_repr, changes) "
        "VALUES (%s, now(), 'system', 'test.forged', '', '', '{}')",
        [entries[2].pk - 1],
    )
    seal = AuditSeal.objects.get()
    assert _verify()[0::2] == (
        1,
        f"Entry {entries[2].pk - 1} was inserted after sealing (seal {seal.pk})\n"
        f"Entry {entries[0].pk} was removed after sealing (seal {seal.pk})\n",
    )


def test_a_seal_rewritten_without_the_key_is_named(team):
    _entries(2)
    call_command("audit_seal", stdout=io.StringIO())
    seal = AuditSeal.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE pcso_auditseal DISABLE TRIGGER USER")
        cursor.execute("UPDATE pcso_auditseal SET entry_count = 1 WHERE id = %s", [seal.pk])
        cursor.execute(
            "UPDATE pcso_auditseal SET digests = substring(digests from 25) WHERE id = %s", [seal.pk]
        )
    code, _, err = _verify()
    first_id = AuditEntry.objects.order_by("pk").first().pk
    assert (code, err.splitlines()[0]) == (
        1,
        f"Seal {seal.pk} was altered: its hash does not match its contents",
    )
    assert f"Entry {first_id} was inserted after sealing (seal {seal.pk})" in err.splitlines()


def test_verify_against_a_head_kept_elsewhere(team):
    _entries(1)
    (seal,) = auditchain.seal()
    assert auditchain.verify(expect=seal.hash).problems == []
    assert auditchain.verify(expect="f" * 64).problems == [
        f"The head {'f' * 64} is not in the chain: seals were removed or replaced"
    ]


def test_entries_after_the_last_seal_are_counted_as_waiting(team):
    auditchain.seal()
    _entries(2)
    report = auditchain.verify()
    assert (report.unsealed, report.problems) == (2, [])
