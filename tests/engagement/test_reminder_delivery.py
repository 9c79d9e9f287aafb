"""Victim reminders with a real Celery worker and the real Redis: exactly once, through a
broker outage and through a worker killed in the middle of a delivery run.

A referral falling due now has three reminders due: the officer's "due tomorrow" (a day late),
and the officer's and the sergeant's "overdue". The late "due tomorrow" is overtaken by the
officer's "overdue" and dropped (issue 9): the officer hears once, in words true at delivery."""

import signal
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from engagement.models import FollowUp
from pcso.celery import app
from pcso.models import Notification, Reminder
from pcso.tasks import deliver_due_reminders
from tests.conftest import mail_count
from tests.factories import make_case

pytestmark = [pytest.mark.worker]

DEAD_BROKER = "redis://127.0.0.1:1/0"


def _results(log: str) -> list[str]:
    return [line.rsplit(":", 1)[1].strip() for line in log.splitlines() if "succeeded in" in line]


def _referral_due_now(officer, reference):
    """A case opened ten days ago with a consenting victim: its referral fell due 2 working days
    on, so the due-tomorrow reminder (officer) and the overdue reminders (officer and sergeant)
    are due."""
    return make_case(
        officer,
        reference=reference,
        consents_to_referral=True,
        now=timezone.now() - timedelta(days=10),  # 2 working days on is 6 to 8 days ago
    )


def _each_reminder_delivered_once():
    """Each reminder's state and notification count, the sent ones first."""
    reminders = Reminder.objects.order_by("-state", "pk")
    return [(r.state, Notification.objects.filter(reminder=r).count()) for r in reminders]


@contextmanager
def broker_at(url):
    """Point this process's Celery app at another broker (its producer pool is rebuilt)."""
    old = app.conf.broker_url, app._pool, app.amqp._producer_pool
    app.conf.broker_url, app._pool, app.amqp._producer_pool = url, None, None
    try:
        yield
    finally:
        app.conf.broker_url, app._pool, app.amqp._producer_pool = old


def test_victim_reminders_delivered_exactly_once(start_worker, officer, sergeant, tmp_path):
    case = _referral_due_now(officer, "CAD-1")
    worker = start_worker()
    worker.send(deliver_due_reminders)
    worker.wait_for("succeeded", count=1)
    worker.send(deliver_due_reminders)
    log = worker.wait_for("succeeded", count=2)

    assert _results(log) == ["2", "0"]
    referral = case.follow_ups.get(kind=FollowUp.Kind.REFERRAL)
    # Worded at delivery: the referral fell due 6 to 8 days ago, depending on today's weekday.
    late = (timezone.localdate() - timezone.localdate(referral.due_at)).days
    assert 6 <= late <= 8
    title = f"Overdue by {late} days: Referral to support services for case CAD-1"
    assert sorted(Notification.objects.values_list("recipient__collar_number", "title")) == sorted(
        [(officer.collar_number, title), (sergeant.collar_number, title)]
    )
    assert set(Notification.objects.values_list("url", flat=True)) == {referral.get_absolute_url()}
    assert _each_reminder_delivered_once() == [("sent", 1), ("sent", 1), ("dropped", 0)]
    assert mail_count(tmp_path) == 2


def test_saves_succeed_with_the_broker_down_and_reminders_go_out_when_it_is_back(
    start_worker, officer, sergeant, tmp_path
):
    with broker_at(DEAD_BROKER):
        # The broker really is unreachable from this process...
        with pytest.raises(OperationalError):
            deliver_due_reminders.apply_async(queue="nowhere", retry=False)
        # ...and opening a case still succeeds: its reminders are rows, not messages.
        case = _referral_due_now(officer, "CAD-2")
    assert Reminder.objects.filter(object_id=case.follow_ups.get().pk, state="pending").count() == 3

    worker = start_worker()  # the broker is back
    worker.send(deliver_due_reminders)
    worker.wait_for("succeeded", count=1)
    worker.send(deliver_due_reminders)
    log = worker.wait_for("succeeded", count=2)
    assert _results(log) == ["2", "0"]
    assert _each_reminder_delivered_once() == [("sent", 1), ("sent", 1), ("dropped", 0)]
    assert mail_count(tmp_path) == 2


def test_worker_killed_mid_run_sends_nothing_twice(start_worker, officer, sergeant, tmp_path):
    for n in range(3):
        _referral_due_now(officer, f"CAD-K{n}")
    assert Reminder.objects.count() == 9

    slow = start_worker(REMINDER_TEST_PAUSE_MS="1500")
    slow.send(deliver_due_reminders)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        # Between deliveries: each delivered reminder's e-mail sent and marked sent (a worker killed
        # between sending and marking sends that one again, with the same Message-ID).
        delivered = Notification.objects.count()
        emailed = Notification.objects.filter(emailed_at__isnull=False).count()
        if delivered >= 2 and emailed == delivered == mail_count(tmp_path):
            break
        time.sleep(0.05)
    slow.process.send_signal(signal.SIGKILL)
    slow.process.wait(10)
    delivered_before = Notification.objects.count()
    assert 2 <= delivered_before < 6

    worker = start_worker()
    worker.send(deliver_due_reminders)
    log = worker.wait_for("succeeded", count=1)
    assert _results(log) == [str(6 - delivered_before)]
    assert _each_reminder_delivered_once() == [("sent", 1)] * 6 + [("dropped", 0)] * 3
    assert mail_count(tmp_path) == 6
