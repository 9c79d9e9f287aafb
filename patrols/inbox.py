"""What this app's reminders say (pcso/wording.py): stored as a message and its values, worded
when shown, in the reader's language."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pcso import wording

PATROL_APPROVED = "patrols.patrol-approved"
PATROL_RETURNED = "patrols.patrol-returned"
PATROL_RESUBMITTED = "patrols.patrol-resubmitted"
NOTICE_UNPAID = "patrols.notice-unpaid"


def _patrol_day(values: dict) -> str:
    """The patrol's local start date, as the patrol pages write it."""
    return f"{date.fromisoformat(values['day']):%d/%m/%Y}"


@wording.message(PATROL_APPROVED)
def _patrol_approved(values: dict) -> str:
    return _("Your patrol of %(when)s was approved by %(name)s") % {
        "when": _patrol_day(values),
        "name": values["name"],
    }


@wording.message(PATROL_RETURNED)
def _patrol_returned(values: dict) -> str:
    return _("Your patrol of %(when)s was returned: %(comment)s") % {
        "when": _patrol_day(values),
        "comment": values["comment"],
    }


@wording.message(PATROL_RESUBMITTED)
def _patrol_resubmitted(values: dict) -> str:
    return _("Patrol of %(when)s by %(name)s corrected and back for review") % {
        "when": _patrol_day(values),
        "name": values["name"],
    }


@wording.message(NOTICE_UNPAID)
def _notice_unpaid(values: dict) -> str:
    """The last day to pay with the reader's month name ("16 March 2026", "16 Mawrth 2026")."""
    return _("Penalty notice %(number)s unpaid (payment was due by %(day)s)") % {
        "number": values["number"],
        "day": date_format(date.fromisoformat(values["day"]), "j F Y"),
    }
