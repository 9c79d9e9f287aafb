"""What this app's reminders say (pcso/wording.py): stored as a message and its values (a
group's name; for a victim's follow-up only its kind and the case reference), worded when shown,
in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcso import wording

from .models import FollowUp

GROUP_CONTACT = "engagement.group-contact"
GROUP_CONTACT_OVERDUE = "engagement.group-contact-overdue"
FOLLOW_UP = "engagement.follow-up"

wording.message(GROUP_CONTACT, gettext_lazy("Contact with %(group)s"))
wording.message(GROUP_CONTACT_OVERDUE, gettext_lazy("Contact with %(group)s (contact officer %(officer)s)"))


@wording.message(FOLLOW_UP)
def _follow_up(values: dict) -> str:
    return _("%(kind)s for case %(case)s") % {
        "kind": FollowUp.Kind(values["kind"]).label,
        "case": values["case"],
    }
