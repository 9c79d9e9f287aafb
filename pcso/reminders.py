"""Reminders: obligations written as rows with the change that causes them, delivered by the
worker when due.

Words: a reminder is stored as what it is about (a message its app registers, pcso/wording.py)
and its values, and worded when shown, in the reader's language: the inbox and the admin in the
language of the page, the e-mail in the one its recipient chose (Officer.language).

The inbox: each due reminder becomes exactly one notification (claimed and written in one
transaction; a one-to-one key forbids a second). Its words are composed at delivery from the
obligation's deadline ("Due tomorrow", "Overdue by 3 days"); a reminder whose obligation was met,
or overtaken by a later reminder of the same deadline that is also due, is dropped.

E-mail: at least once, each message with a stable Message-ID. A message is sent while its row is
locked and marked sent in the same transaction, so a worker killed mid-send leaves it owed and the
next run sends it again (a mail system drops the duplicate by its Message-ID); two workers never
send the same one. A recipient refused for good (5xx) marks that e-mail failed (shown in the inbox
and the admin) and the others go on; an unreachable or temporarily refusing server (4xx) is tried
again with backoff, and given up after MAX_ATTEMPTS. Each message has its own attempt: a send that
fails as if the server were down (the connection dropped, a 4xx to the message) is told apart
from a server that is down by asking the server for a fresh connection, so a message the server
always drops waits for its own retry and never holds back another.
"""

from __future__ import annotations

import logging
import smtplib
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone, translation

from .models import Notification, Reminder
from .wording import MESSAGES, compose, one_line

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 24  # with the backoff below, about a day of trying
OWED_PER_RUN = 200


def language_of(officer) -> str:
    """The language an officer's e-mails are written in: the one they chose, else the site's."""
    return officer.language or settings.LANGUAGE_CODE


def schedule(
    subject: Model | None,
    *,
    kind: str,
    recipient,
    due: datetime,
    message: str = "",
    values: dict | None = None,
    title: str = "",
    url: str = "",
    deadline: datetime | None = None,
) -> Reminder:
    """Write (or keep) the reminder that `recipient` owes `kind` about `subject`, delivered at `due`.
    It says its `message` (registered with message()) worded from `values`, or a fixed `title`.
    With a `deadline` (when the obligation itself is due), it says what is owed and the delivery
    words when ("Due tomorrow: ..."). Call it inside the transaction of the change."""
    values = values or {}
    if message:
        if message not in MESSAGES:
            raise LookupError(f"No reminder message {message!r}: register it with wording.message()")
        with translation.override(settings.LANGUAGE_CODE):
            title = MESSAGES[message](values)
    if not title:
        raise ValueError("A reminder needs a message or a title.")
    lookup = {"recipient": recipient, "kind": kind, "due_at": due}
    if subject is not None:
        lookup |= {"content_type": ContentType.objects.get_for_model(type(subject)), "object_id": subject.pk}
    else:
        lookup |= {"content_type": None, "object_id": None}
    if not url and subject is not None and hasattr(subject, "get_absolute_url"):
        url = subject.get_absolute_url()
    reminder, created = Reminder.objects.get_or_create(
        **lookup,
        defaults={
            "title": one_line(title),
            "message": message,
            "values": values,
            "url": url,
            "deadline": deadline,
        },
    )
    if not created and reminder.state == Reminder.State.CANCELLED:
        # The same obligation stands again (a follow-up handed back, say): owe it again. A sent
        # reminder stays sent: it is never delivered twice.
        reminder.state = Reminder.State.PENDING
        reminder.save(update_fields=["state"])
    return reminder


def cancel(subject: Model, *, kind: str | None = None) -> int:
    """Cancel the pending reminders about a record (the obligation was met or no longer stands)."""
    pending = Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(type(subject)),
        object_id=subject.pk,
        state=Reminder.State.PENDING,
    )
    if kind:
        pending = pending.filter(kind=kind)
    return pending.update(state=Reminder.State.CANCELLED)


def _still_owed(reminder: Reminder, now: datetime) -> bool:
    """False when the obligation was met (the record says so, or is gone) or when a later reminder
    of the same deadline for the same person is due too: that one speaks for both."""
    if reminder.content_type_id is not None:
        subject = reminder.subject
        if subject is None:
            return False
        owed = getattr(subject, "reminder_owed", None)  # a model may say when its obligations end
        if owed is not None and not owed(reminder.kind):
            return False
    if reminder.deadline is not None:
        overtaken = Reminder.objects.filter(
            recipient_id=reminder.recipient_id,
            content_type_id=reminder.content_type_id,
            object_id=reminder.object_id,
            deadline=reminder.deadline,
            due_at__gt=reminder.due_at,
            due_at__lte=now,
            state__in=[Reminder.State.PENDING, Reminder.State.SENT],
        )
        if overtaken.exists():
            return False
    return True


def _deliver_one(now: datetime) -> tuple[Reminder, Notification | None] | None:
    """Claim one due reminder and turn it into a notification (or drop it), in one transaction.
    SKIP LOCKED lets several workers run at once; the one-to-one notification makes a second
    delivery of the same reminder impossible even if two ever raced."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state=Reminder.State.PENDING, due_at__lte=now)
            .select_related("recipient")
            .order_by("due_at", "pk")
            .first()
        )
        if reminder is None:
            return None
        if not _still_owed(reminder, now):
            reminder.state = Reminder.State.DROPPED
            reminder.save(update_fields=["state"])
            return reminder, None
        with translation.override(language_of(reminder.recipient)):  # as e-mailed
            title = compose(reminder, now)
        notification = Notification.objects.create(
            recipient=reminder.recipient, reminder=reminder, title=title, url=reminder.url
        )
        reminder.state = Reminder.State.SENT
        reminder.sent_at = now
        reminder.save(update_fields=["state", "sent_at"])
    return reminder, notification


# E-mail


class MailServerDown(Exception):
    """The mail server could not be reached or refuses for now: e-mails wait for a later run."""


def message_id(notification: Notification) -> str:
    """The same for every attempt at one notification's e-mail, so a duplicate can be dropped."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{notification.created_at:%Y%m%d%H%M%S}.{notification.pk}.notification@{domain}>"


def _message(notification: Notification) -> EmailMessage:
    """The e-mail, in the language its recipient chose."""
    with translation.override(language_of(notification.recipient)):
        text = notification.text
    return EmailMessage(
        subject=text,
        body=f"{text}\n\n{settings.SITE_URL}{notification.url}\n",
        to=[notification.recipient.email],
        headers={"Message-ID": message_id(notification)},
    )


def _send(notification: Notification) -> None:
    _message(notification).send()


def _server_answers() -> bool:
    """Whether the mail server takes a new connection and answers on it now."""
    try:
        with mailers.default as connection:
            if getattr(connection, "connection", None) is not None:  # SMTP: ask it something
                connection.connection.noop()
    except Exception:  # whatever the reason, it does not answer
        return False
    return True


PERMANENT, TEMPORARY, DOWN = "permanent", "temporary", "down"


def classify(error: Exception) -> tuple[str, str]:
    """Whether a failed send is this message refused for good, refused for now, or the server
    not there; and the reason in a line."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()))
        reason = f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
        return (PERMANENT if code >= 500 else TEMPORARY), reason
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPConnectError | smtplib.SMTPHeloError):
        return DOWN, f"{error.smtp_code} {error.smtp_error!r}"  # our side or theirs: not this message
    if isinstance(error, smtplib.SMTPResponseException):
        reason = f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
        if error.smtp_code >= 500:
            return PERMANENT, reason
        return DOWN, reason
    if isinstance(error, OSError):  # refused connection, timeout, disconnected (SMTPException too)
        return DOWN, str(error) or type(error).__name__
    if isinstance(error, ValueError):  # an address or header that cannot be sent
        return PERMANENT, str(error)
    return TEMPORARY, f"{type(error).__name__}: {error}"


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes, then every hour."""
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def _owed(now: datetime):
    return (
        Notification.objects.filter(
            emailed_at__isnull=True,
            email_failed_at__isnull=True,
            reminder__isnull=False,
            recipient__is_active=True,
        )
        .filter(Q(email_retry_at__isnull=True) | Q(email_retry_at__lte=now))
        .exclude(recipient__email="")
    )


def _email(notification_id: int, now: datetime) -> str | None:
    """Send one notification's e-mail, holding its row locked until it is marked: returns what
    happened, or None when there was nothing to do (sent, failed, or another worker has it)."""
    with transaction.atomic():
        notification = (
            _owed(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "reminder")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return None
        try:
            _send(notification)
        except Exception as error:
            outcome, reason = classify(error)
            notification.email_attempts += 1
            if outcome == PERMANENT or notification.email_attempts >= MAX_ATTEMPTS:
                notification.email_failed_at = timezone.now()
                notification.email_error = reason[:300]
                log.warning("E-mail for notification %s failed for good: %s", notification.pk, reason)
            else:
                notification.email_retry_at = now + backoff(notification.email_attempts)
                notification.email_error = reason[:300]
                log.warning("E-mail for notification %s will be tried again: %s", notification.pk, reason)
            notification.save(
                update_fields=["email_attempts", "email_failed_at", "email_retry_at", "email_error"]
            )
            return outcome
        notification.emailed_at = timezone.now()
        notification.email_attempts += 1
        notification.save(update_fields=["emailed_at", "email_attempts"])
        return "sent"


def deliver_due(*, now: datetime | None = None) -> int:
    """Deliver every reminder due by `now` to the inbox and e-mail each, then the e-mails still
    owed from earlier runs; returns how many reminders were delivered by this call."""
    now = now or timezone.now()
    delivered = 0
    mail_up = True
    while (claimed := _deliver_one(now)) is not None:
        reminder, notification = claimed
        if notification is None:
            log.info("Reminder %s dropped: met or overtaken before delivery", reminder.pk)
            continue
        delivered += 1
        if mail_up and _email(notification.pk, now) == DOWN and not _server_answers():
            mail_up = False
            log.warning("Mail server unreachable: e-mails wait for a later run")
        if settings.REMINDER_TEST_PAUSE_MS:  # a test's window to kill the worker between deliveries
            time.sleep(settings.REMINDER_TEST_PAUSE_MS / 1000)
    if mail_up:
        for notification_id in _owed(now).order_by("pk").values_list("pk", flat=True)[:OWED_PER_RUN]:
            if _email(notification_id, now) == DOWN and not _server_answers():
                log.warning("Mail server unreachable: e-mails wait for a later run")
                break
    return delivered


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
