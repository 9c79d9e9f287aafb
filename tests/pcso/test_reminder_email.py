"""Reminder e-mail against a real (small) SMTP server: a refused recipient fails alone, a server
that refuses for now or cannot be reached is tried again later, every attempt at one message
carries the same Message-ID; and the words of a reminder are composed when it is delivered."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pcso import reminders, wording
from pcso.models import Notification, Reminder
from tests.factories import OfficerFactory
from tests.smtpserver import FakeSMTPServer, free_port_with_nothing_listening

pytestmark = pytest.mark.django_db


def _five_due(team, now, refused_first="refused@example.org"):
    officers = [OfficerFactory(team=team, email=refused_first)]
    officers += [OfficerFactory(team=team, email=f"pcso{n}@example.org") for n in range(4)]
    for n, officer in enumerate(officers):
        reminders.schedule(
            team, kind=f"k{n}", recipient=officer, due=now - timedelta(minutes=5 - n), title=f"R{n}"
        )
    return officers


def test_refused_recipient_fails_alone_and_the_others_go(settings, team, client_for):
    now = timezone.now()
    with FakeSMTPServer(refuse={"refused@example.org"}) as smtp:
        settings.MAILERS = smtp.mailers()
        officers = _five_due(team, now)
        assert reminders.deliver_due(now=now) == 5
    assert sorted(m.recipients[0] for m in smtp.delivered()) == [f"pcso{n}@example.org" for n in range(4)]
    failed = Notification.objects.get(recipient=officers[0])
    assert (failed.emailed_at, failed.email_attempts, failed.email_error) == (
        None,
        1,
        "550 5.1.1 No such user here",
    )
    assert failed.email_failed_at is not None
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 4
    # The inbox copy is there, and says that the e-mail did not go.
    page = client_for(officers[0]).get(reverse("inbox"))
    assert page.content.decode().count("E-mail not delivered") == 1
    # The next run tries nothing again: refused for good.
    with FakeSMTPServer() as smtp:
        settings.MAILERS = smtp.mailers()
        reminders.deliver_due(now=now + timedelta(hours=2))
    assert smtp.messages == []


def test_failed_email_is_shown_in_the_admin(settings, team, administrator, client_for):
    now = timezone.now()
    with FakeSMTPServer(refuse={"refused@example.org"}) as smtp:
        settings.MAILERS = smtp.mailers()
        _five_due(team, now)
        reminders.deliver_due(now=now)
    client = client_for(administrator)
    page = client.get(reverse("admin:pcso_notification_changelist") + "?email_failed_at__isempty=0")
    assert page.status_code == 200
    content = page.content.decode()
    assert ("e-mail failed" in content, "550 5.1.1 No such user here" in content) == (True, True)
    assert content.count("e-mailed") == 0


def test_temporary_refusal_is_tried_again_after_a_backoff(settings, team, officer):
    now = timezone.now()
    officer.email = "busy@example.org"
    officer.save()
    reminders.schedule(team, kind="a", recipient=officer, due=now, title="Due")
    with FakeSMTPServer(refuse_for_now={"busy@example.org"}) as smtp:
        settings.MAILERS = smtp.mailers()
        reminders.deliver_due(now=now)
        reminders.deliver_due(now=now + timedelta(seconds=30))  # too soon: not tried
        smtp.refuse_for_now.clear()
        reminders.deliver_due(now=now + timedelta(seconds=61))
    notification = Notification.objects.get()
    assert (notification.email_attempts, notification.email_failed_at) == (2, None)
    assert notification.emailed_at is not None
    assert [m.recipients for m in smtp.delivered()] == [["busy@example.org"]]


def test_unreachable_server_holds_the_run_and_every_email_goes_later(settings, team):
    now = timezone.now()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port_with_nothing_listening(), "timeout": 5},
        }
    }
    _five_due(team, now, refused_first="first@example.org")
    assert reminders.deliver_due(now=now) == 5
    assert list(Notification.objects.order_by("pk").values_list("email_attempts", flat=True)) == [
        1,
        0,
        0,
        0,
        0,
    ]
    with FakeSMTPServer() as smtp:
        settings.MAILERS = smtp.mailers()
        reminders.deliver_due(now=now + timedelta(minutes=2))
    assert len(smtp.delivered()) == 5
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_message_the_server_always_drops_holds_back_no_other_new_email(settings, team):
    now = timezone.now()
    with FakeSMTPServer(drop={"dropped@example.org"}) as smtp:
        settings.MAILERS = smtp.mailers()
        officers = _five_due(team, now, refused_first="dropped@example.org")
        assert reminders.deliver_due(now=now) == 5
    assert sorted(m.recipients[0] for m in smtp.delivered()) == [f"pcso{n}@example.org" for n in range(4)]
    dropped = Notification.objects.get(recipient=officers[0])
    assert (dropped.emailed_at, dropped.email_attempts, dropped.email_failed_at, dropped.email_retry_at) == (
        None,
        1,
        None,
        now + timedelta(minutes=1),
    )


def test_message_the_server_always_drops_holds_back_no_other_owed_email(settings, team):
    now = timezone.now()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port_with_nothing_listening(), "timeout": 5},
        }
    }
    officers = _five_due(team, now, refused_first="dropped@example.org")
    reminders.deliver_due(now=now)  # the server is down: all five owed, the first tried once
    with FakeSMTPServer(drop={"dropped@example.org"}) as smtp:
        settings.MAILERS = smtp.mailers()
        for tick in range(1, 4):  # its retries come round every tick or two: none holds the rest
            reminders.deliver_due(now=now + timedelta(minutes=tick))
            if tick == 1:
                first_tick = sorted(m.recipients[0] for m in smtp.delivered())
    assert first_tick == [f"pcso{n}@example.org" for n in range(4)]
    assert len(smtp.delivered()) == 4
    assert [m.recipients[0] for m in smtp.messages].count("dropped@example.org") == 2  # at +1 and +3 min
    dropped = Notification.objects.get(recipient=officers[0])
    assert (dropped.emailed_at, dropped.email_attempts, dropped.email_failed_at) == (None, 3, None)


def test_backoff_doubles_up_to_an_hour_and_gives_up_after_a_day():
    assert [reminders.backoff(n) for n in (1, 2, 3, 7, 20)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=60),
        timedelta(minutes=60),
    ]
    total = sum((reminders.backoff(n) for n in range(1, reminders.MAX_ATTEMPTS)), timedelta())
    assert timedelta(hours=12) < total < timedelta(hours=36)


def test_every_attempt_at_one_email_carries_the_same_message_id(settings, team, officer):
    now = timezone.now()
    officer.email = "busy@example.org"
    officer.save()
    reminders.schedule(team, kind="a", recipient=officer, due=now, title="Due")
    with FakeSMTPServer() as smtp:
        settings.MAILERS = smtp.mailers()
        smtp.refuse_for_now.add("busy@example.org")
        reminders.deliver_due(now=now)
        smtp.refuse_for_now.clear()
        reminders.deliver_due(now=now + timedelta(minutes=5))
    notification = Notification.objects.get()
    (received,) = smtp.delivered()
    assert received.message_id == reminders.message_id(notification)
    assert (
        received.message_id
        == f"<{notification.created_at:%Y%m%d%H%M%S}.{notification.pk}.notification@localhost>"
    )


# Wording at delivery


def _at(day, hour=9):
    return timezone.make_aware(datetime(2026, 3, day, hour, 0))


@pytest.mark.parametrize(
    ("deadline", "now", "words"),
    [
        (_at(10, 17), _at(10, 9), "Due today"),
        (_at(11, 8), _at(10, 20), "Due tomorrow"),
        (_at(13), _at(10), "Due in 3 days"),
        (_at(10, 8), _at(10, 9), "Overdue"),
        (_at(9, 17), _at(10, 9), "Overdue by 1 day"),
        (_at(7), _at(10), "Overdue by 3 days"),
    ],
)
def test_when_words_the_deadline_by_calendar_day(deadline, now, words):
    assert wording.when(deadline, now) == words


def test_reminder_delivered_a_day_late_reads_overdue(team, officer, client_for):
    deadline = _at(10, 10)
    reminders.schedule(
        team,
        kind="visit",
        recipient=officer,
        due=deadline - timedelta(days=1),
        title="Visit for case AB12",
        deadline=deadline,
    )
    assert reminders.deliver_due(now=deadline + timedelta(days=1)) == 1
    page = client_for(officer).get(reverse("inbox")).content.decode()
    assert "Overdue by 1 day: Visit for case AB12" in page
    assert "Due tomorrow" not in page


def test_reminder_overtaken_by_a_later_one_of_the_same_deadline_is_dropped(team, officer):
    deadline = _at(10, 10)
    early = reminders.schedule(
        team,
        kind="due-tomorrow",
        recipient=officer,
        due=deadline - timedelta(days=1),
        title="Visit",
        deadline=deadline,
    )
    reminders.schedule(
        team, kind="overdue", recipient=officer, due=deadline, title="Visit", deadline=deadline
    )
    assert reminders.deliver_due(now=deadline + timedelta(hours=1)) == 1
    assert list(Notification.objects.values_list("title", flat=True)) == ["Overdue: Visit"]
    early.refresh_from_db()
    assert early.state == Reminder.State.DROPPED


def test_reminder_about_a_record_gone_before_delivery_is_dropped(officer):
    from pcso.models import Team

    team = Team.objects.create(name="Short-lived")
    reminders.schedule(team, kind="a", recipient=officer, due=timezone.now(), title="Review")
    team.delete()
    assert reminders.deliver_due() == 0
    assert Reminder.objects.get().state == Reminder.State.DROPPED
