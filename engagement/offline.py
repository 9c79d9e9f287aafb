"""The community diary pages kept on the phone for use without signal, and what their forms send
(registered with pcso/offline.py when the app loads)."""

from django.utils.translation import gettext_lazy as _

from pcso.offline import capture

capture(page=r"^/engagement/diary/new/$", sends=r"^/engagement/diary/new/$", kind=_("Diary entry"))
