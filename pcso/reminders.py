"""Reminders: obligations written as rows with the change that causes them, delivered by the
worker when due. A broker outage delays delivery but loses nothing; a retry never sends twice."""

from __future__ import annotations

import logging
import smtplib
import time
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from .models import Notification, Reminder

log = logging.getLogger(__name__)


def schedule(
    subject: Model | None, *, kind: str, recipient, due: datetime, title: str, url: str = ""
) -> Reminder:
    """Write (or keep) the reminder that `recipient` owes `kind` about `subject` by `due`.
    Call it inside the transaction of the change that causes it."""
    lookup = {"recipient": recipient, "kind": kind, "due_at": due}
    if subject is not None:
        lookup |= {"content_type": ContentType.objects.get_for_model(type(subject)), "object_id": subject.pk}
    else:
        lookup |= {"content_type": None, "object_id": None}
    if not url and subject is not None and hasattr(subject, "get_absolute_url"):
        url = subject.get_absolute_url()
    title = " ".join(title.split())[:200]  # one line: it becomes an e-mail subject
    reminder, created = Reminder.objects.get_or_create(**lookup, defaults={"title": title, "url": url})
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


def _deliver_one(now: datetime) -> Notification | None:
    """Claim one due reminder and turn it into a notification, in one transaction. SKIP LOCKED
    lets several workers run at once; the one-to-one notification makes a second delivery of
    the same reminder impossible even if two ever raced."""
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
        notification = Notification.objects.create(
            recipient=reminder.recipient, reminder=reminder, title=reminder.title, url=reminder.url
        )
        reminder.state = Reminder.State.SENT
        reminder.sent_at = now
        reminder.save(update_fields=["state", "sent_at"])
    return notification


class MailServerDown(Exception):
    """The mail server could not be reached: the e-mail is left to the next run."""


def _email(notification: Notification) -> None:
    """E-mail a notification at most once: the row is claimed (emailed_at set) and committed
    before the message goes, so a crash can lose an e-mail, never send it twice. When the mail
    server cannot be reached the claim is released for the next run; a message the server
    refuses is not retried. The inbox copy is always there."""
    recipient = notification.recipient
    if not recipient.email or not recipient.is_active:
        return
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return
    try:
        send_mail(
            subject=notification.title,
            message=f"{notification.title}\n\n{settings.SITE_URL}{notification.url}\n",
            from_email=None,
            recipient_list=[recipient.email],
        )
    except (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as error:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise MailServerDown(str(error)) from error
    except Exception:
        log.exception("E-mail for notification %s was refused; it stays in the inbox", notification.pk)


def _email_owed(limit: int = 200) -> None:
    """E-mails still owed from earlier runs (the mail server was down), oldest first."""
    owed = (
        Notification.objects.filter(
            emailed_at__isnull=True, reminder__isnull=False, recipient__is_active=True
        )
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("pk")[:limit]
    )
    for notification in owed:
        _email(notification)


def deliver_due(*, now: datetime | None = None) -> int:
    """Deliver every reminder due by `now`, then the e-mails still owed; returns how many
    reminders were delivered by this call."""
    now = now or timezone.now()
    delivered = 0
    mail_up = True
    while (notification := _deliver_one(now)) is not None:
        delivered += 1
        if mail_up:
            try:
                _email(notification)
            except MailServerDown as error:
                mail_up = False
                log.warning("Mail server unreachable (%s): e-mails wait for the next run", error)
        if settings.REMINDER_TEST_PAUSE_MS:  # a test's window to kill the worker between deliveries
            time.sleep(settings.REMINDER_TEST_PAUSE_MS / 1000)
    if mail_up:
        try:
            _email_owed()
        except MailServerDown as error:
            log.warning("Mail server unreachable (%s): e-mails wait for the next run", error)
    return delivered


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
