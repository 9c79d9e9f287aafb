"""The patrol pages kept on the phone for use without signal, and what their forms send
(registered with pcso/offline.py when the app loads)."""

from django.utils.translation import gettext_lazy as _

from pcso.offline import capture

# The running patrol page and its taps (htmx), and a patrol started from the home page.
capture(page=r"^/patrols/\d+/$")
capture(sends=r"^/patrols/start/$", kind=_("Start of a patrol"))
capture(sends=r"^/patrols/\d+/activities/$", kind=_("Patrol activity"))
capture(sends=r"^/patrols/\d+/arrive/$", kind=_("Arrival at a hotspot"))
capture(sends=r"^/patrols/\d+/leave/$", kind=_("Departure from a hotspot"))
capture(sends=r"^/patrols/\d+/points/$", kind=_("Patrol location"))
capture(page=r"^/patrols/\d+/end/$", sends=r"^/patrols/\d+/end/$", kind=_("End of a patrol"))
# A penalty notice issued in the street.
capture(page=r"^/patrols/notices/issue/$", sends=r"^/patrols/notices/issue/$", kind=_("Penalty notice"))
