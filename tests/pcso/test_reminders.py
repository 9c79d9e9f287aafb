from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from pcso import reminders
from pcso.models import Notification, Reminder
from pcso.tasks import deliver_due_reminders
from tests.conftest import mail_count

pytestmark = pytest.mark.django_db


def test_schedule_is_idempotent_for_the_same_obligation(officer, team):
    due = timezone.now() + timedelta(days=1)
    first = reminders.schedule(team, kind="review-due", recipient=officer, due=due, title="Review West")
    second = reminders.schedule(team, kind="review-due", recipient=officer, due=due, title="Review West")
    assert first.pk == second.pk
    assert Reminder.objects.count() == 1
    assert first.url == f"/teams/{team.pk}/"


def test_deliver_due_sends_each_due_reminder_once(officer, sergeant, team):
    now = timezone.now()
    reminders.schedule(team, kind="a", recipient=officer, due=now - timedelta(minutes=5), title="Due")
    reminders.schedule(team, kind="b", recipient=sergeant, due=now + timedelta(hours=1), title="Not yet")
    assert reminders.deliver_due(now=now) == 1
    assert reminders.deliver_due(now=now) == 0
    assert list(Notification.objects.values_list("recipient__collar_number", "title")) == [
        (officer.collar_number, "Due")
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert mail.outbox[0].subject == "Due"
    assert Reminder.objects.get(kind="a").state == Reminder.State.SENT
    assert Reminder.objects.get(kind="b").state == Reminder.State.PENDING


def test_cancelled_reminder_is_never_delivered(officer, team):
    now = timezone.now()
    reminders.schedule(team, kind="a", recipient=officer, due=now, title="Due")
    assert reminders.cancel(team) == 1
    assert reminders.deliver_due(now=now) == 0
    assert Notification.objects.count() == 0


def test_scheduling_a_cancelled_obligation_again_revives_it_but_never_resends(officer, team):
    due = timezone.now()
    reminders.schedule(team, kind="a", recipient=officer, due=due, title="Due")
    reminders.cancel(team)
    revived = reminders.schedule(team, kind="a", recipient=officer, due=due, title="Due")
    assert revived.state == Reminder.State.PENDING
    assert reminders.deliver_due(now=due) == 1
    again = reminders.schedule(team, kind="a", recipient=officer, due=due, title="Due")
    assert again.state == Reminder.State.SENT
    assert reminders.deliver_due(now=due) == 0
    assert Notification.objects.count() == 1


def test_reminder_written_in_a_rolled_back_transaction_is_gone(officer, team):
    with pytest.raises(RuntimeError), transaction.atomic():
        reminders.schedule(team, kind="a", recipient=officer, due=timezone.now(), title="Due")
        raise RuntimeError("the change failed")
    assert Reminder.objects.count() == 0


def test_notification_without_email_address_still_reaches_inbox(officer, team):
    officer.email = ""
    officer.save()
    reminders.schedule(team, kind="a", recipient=officer, due=timezone.now(), title="Due")
    assert reminders.deliver_due() == 1
    assert Notification.objects.get().recipient == officer
    assert mail.outbox == []


@pytest.mark.worker
def test_real_worker_delivers_due_reminder_exactly_once(start_worker, officer, team, tmp_path):
    reminders.schedule(
        team,
        kind="review-due",
        recipient=officer,
        due=timezone.now() - timedelta(minutes=1),
        title="Review West",
    )
    worker = start_worker()
    worker.send(deliver_due_reminders)
    worker.wait_for("succeeded", count=1)
    worker.send(deliver_due_reminders)
    log = worker.wait_for("succeeded", count=2)

    results = [line.rsplit(":", 1)[1].strip() for line in log.splitlines() if "succeeded in" in line]
    assert results == ["1", "0"]
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert Reminder.objects.get().state == Reminder.State.SENT
    assert mail_count(tmp_path) == 1


def test_reminder_email_is_sent_once_the_mail_server_is_back(officer, team, monkeypatch):
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone

    from pcso import reminders

    real_send = reminders._send

    def refused(notification):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(reminders, "_send", refused)
    reminders.schedule(team, kind="a", recipient=officer, due=timezone.now(), title="Due")
    assert reminders.deliver_due() == 1
    monkeypatch.setattr(reminders, "_send", real_send)
    # The next beat tick once the first wait (a minute) is over, mail server back.
    reminders.deliver_due(now=timezone.now() + timedelta(minutes=2))
    assert len(mail.outbox) == 1


def test_one_bad_email_does_not_stop_the_delivery_run(officer, colleague, team):
    from django.utils import timezone

    from pcso import reminders
    from pcso.models import Notification

    now = timezone.now()
    reminders.schedule(team, kind="a", recipient=officer, due=now, title="Overdue: visit for case AB\n12")
    reminders.schedule(team, kind="b", recipient=colleague, due=now, title="Overdue: visit for case CD34")
    assert reminders.deliver_due(now=now) == 2
    assert Notification.objects.count() == 2
