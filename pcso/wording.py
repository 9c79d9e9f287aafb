"""What reminders say: each app registers its messages (its inbox.py) by name, and a reminder,
stored as a message and its values, is worded when shown, in the language active then: the
reader's page, or the e-mail's recipient's choice. A row written before messages says the title
it was stored with. Imports no model: the models word themselves through it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

log = logging.getLogger(__name__)

# What each kind of reminder says, by message name ("patrols.patrol-approved"): a function of the
# stored values that returns the words in the active language.
MESSAGES: dict[str, Callable[[dict], str]] = {}


def message(name: str, words=None):
    """Register what a kind of reminder says: lazily translated words with %(value)s
    placeholders, or, as a decorator, a function of the values returning the words, where a
    value needs wording itself (a choice's label, a date with the reader's month names)."""
    if words is not None:
        MESSAGES[name] = lambda values: str(words) % values
        return words

    def register(render: Callable[[dict], str]) -> Callable[[dict], str]:
        MESSAGES[name] = render
        return render

    return register


def one_line(words: str) -> str:
    return " ".join(str(words).split())[:200]  # it becomes an e-mail subject


def what(reminder) -> str:
    """What is owed, in the active language: its message worded from its values; the stored
    title for a row from before messages (or one whose message no longer fits its values)."""
    render = MESSAGES.get(reminder.message) if reminder.message else None
    if render is None:
        return reminder.title
    try:
        return one_line(render(reminder.values or {}))
    except (KeyError, ValueError, TypeError):
        log.warning("Reminder %s: its values do not fit message %s", reminder.pk, reminder.message)
        return reminder.title


def when(deadline: datetime, now: datetime) -> str:
    """The deadline in words as seen at `now`, by local calendar day."""
    days = (timezone.localdate(deadline) - timezone.localdate(now)).days
    if deadline > now:
        if days <= 0:
            return _("Due today")
        if days == 1:
            return _("Due tomorrow")
        return ngettext("Due in %(days)d day", "Due in %(days)d days", days) % {"days": days}
    if days >= 0:
        return _("Overdue")
    return ngettext("Overdue by %(days)d day", "Overdue by %(days)d days", -days) % {"days": -days}


def compose(reminder, now: datetime) -> str:
    """The notification's words in the active language: with a deadline, when it is due as of
    now, then what is owed."""
    if reminder.deadline is None:
        return what(reminder)
    words = _("%(when)s: %(what)s") % {"when": when(reminder.deadline, now), "what": what(reminder)}
    return words[:200]  # the notification's title, and the e-mail's subject


def words(notification) -> str:
    """A notification's words in the active language, as of its delivery; the stored title for
    one from before messages."""
    reminder = notification.reminder
    if reminder is None or not reminder.message:
        return notification.title
    return compose(reminder, reminder.sent_at or notification.created_at)
