"""Reminder e-mail with real Celery workers (logged in as the runtime database role) and a small
SMTP server: one refused address holds back no one, a worker killed in the middle of the SMTP
exchange leads to the e-mail after restart, and two workers on the same reminders send each once."""

import signal
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from pcso import reminders
from pcso.models import Notification, Reminder
from pcso.tasks import deliver_due_reminders
from tests.conftest import RUNTIME_ROLE
from tests.factories import OfficerFactory
from tests.smtpserver import FakeSMTPServer

pytestmark = [pytest.mark.worker]


def _results(log: str) -> list[str]:
    return [line.rsplit(":", 1)[1].strip() for line in log.splitlines() if "succeeded in" in line]


def _due(team, addresses):
    now = timezone.now()
    officers = [OfficerFactory(team=team, email=address) for address in addresses]
    for n, officer in enumerate(officers):
        reminders.schedule(
            team, kind=f"k{n}", recipient=officer, due=now - timedelta(minutes=10 - n), title=f"R{n}"
        )
    return officers


def _no_transaction_left_open(timeout=15):
    """Wait until the killed worker's database session has gone (its locks with it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = %s",
                [RUNTIME_ROLE],
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)
    raise AssertionError("the killed worker's database session is still there")


def test_five_due_one_refused_gives_four_emails_and_one_failure_on_the_first_run(start_worker, team):
    addresses = ["refused@example.org"] + [f"pcso{n}@example.org" for n in range(4)]
    officers = _due(team, addresses)
    with FakeSMTPServer(refuse={"refused@example.org"}) as smtp:
        worker = start_worker(**smtp.env())
        worker.send(deliver_due_reminders)
        log = worker.wait_for("succeeded", count=1)
    assert _results(log) == ["5"]
    assert sorted(m.recipients[0] for m in smtp.delivered()) == addresses[1:]
    failed = Notification.objects.filter(email_failed_at__isnull=False)
    assert [(n.recipient, n.email_error) for n in failed] == [(officers[0], "550 5.1.1 No such user here")]
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 4


def test_worker_killed_during_the_smtp_exchange_sends_the_email_after_restart(start_worker, team):
    (officer,) = _due(team, ["slow@example.org"])
    with FakeSMTPServer(hold=True) as smtp:
        worker = start_worker(**smtp.env())
        worker.send(deliver_due_reminders)
        assert smtp.data_received.wait(30), worker.log()
        worker.process.send_signal(signal.SIGKILL)  # the server has the message, the worker no answer
        worker.process.wait(10)
        smtp.hold = False
        smtp.released.set()
        notification = Notification.objects.get()
        assert notification.emailed_at is None  # not marked sent: still owed
        _no_transaction_left_open()

        restarted = start_worker(**smtp.env())
        restarted.send(deliver_due_reminders)
        log = restarted.wait_for("succeeded", count=1)
    assert _results(log) == ["0"]  # the reminder was delivered to the inbox before the kill
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # Sent again after the restart, with the same Message-ID: a mail system drops the duplicate.
    assert [m.message_id for m in smtp.messages] == [reminders.message_id(notification)] * 2
    assert smtp.messages[-1].answered is True
    assert (Reminder.objects.get().state, Notification.objects.count()) == ("sent", 1)


def test_two_workers_on_the_same_due_reminders_deliver_each_once(start_worker, team):
    addresses = [f"pcso{n}@example.org" for n in range(8)]
    _due(team, addresses)
    with FakeSMTPServer() as smtp:
        first = start_worker(REMINDER_TEST_PAUSE_MS="150", **smtp.env())
        second = start_worker(REMINDER_TEST_PAUSE_MS="150", **smtp.env())
        first.send(deliver_due_reminders)
        second.send(deliver_due_reminders)
        results = _results(first.wait_for("succeeded", count=1)) + _results(
            second.wait_for("succeeded", count=1)
        )
    assert sum(int(r) for r in results) == 8
    assert all(int(r) > 0 for r in results), results  # both took part
    assert Notification.objects.count() == 8
    assert sorted(n.reminder_id for n in Notification.objects.all()) == sorted(
        Reminder.objects.values_list("pk", flat=True)
    )
    message_ids = [m.message_id for m in smtp.delivered()]
    assert (len(message_ids), len(set(message_ids))) == (8, 8)
    assert sorted(m.recipients[0] for m in smtp.delivered()) == sorted(addresses)
