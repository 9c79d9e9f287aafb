"""What this app's reminders say (pcso/wording.py): stored as a message and its values (a
report's number and priority, never its content), worded when shown, in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcso import wording

REVIEW_DUE = "intelligence.review-due"
ACCEPTED = "intelligence.report-accepted"
RETURNED = "intelligence.report-returned"
REJECTED = "intelligence.report-rejected"
DISSEMINATED = "intelligence.report-disseminated"
RETENTION_DUE = "intelligence.retention-review"

PRIORITY_WORDS = {1: gettext_lazy("high"), 2: gettext_lazy("medium"), 3: gettext_lazy("low")}


@wording.message(REVIEW_DUE)
def _review_due(values: dict) -> str:
    return _("Intelligence report #%(number)s to review (%(priority)s priority)") % {
        "number": values["number"],
        "priority": PRIORITY_WORDS.get(values["priority"], ""),
    }


wording.message(ACCEPTED, gettext_lazy("Intelligence report #%(number)s accepted"))
wording.message(RETURNED, gettext_lazy("Intelligence report #%(number)s returned for changes"))
wording.message(REJECTED, gettext_lazy("Intelligence report #%(number)s rejected"))
wording.message(DISSEMINATED, gettext_lazy("Intelligence report #%(number)s disseminated to you"))
wording.message(RETENTION_DUE, gettext_lazy("Retention review of intelligence report #%(number)s"))
