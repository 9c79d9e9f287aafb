"""The engagement app's CSV exports (registered with pcso/exports.py when the app loads). The
victim case CSV is sensitive, so it is marked OFFICIAL-SENSITIVE and its audit entry lists the
cases it holds; "You said, we did" is published, not sensitive."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso.exports import Column, Export, register

from .models import Action, VictimCase

register(
    Export(
        name="engagement.cases",
        filename="victim-cases-official-sensitive.csv",
        model=VictimCase,
        sensitive=True,
        ids_key="case_ids",
        columns=[
            Column("Reference", "reference"),
            Column("Category", lambda case: case.get_category_display()),
            Column("Date", lambda case: case.occurred_on.strftime("%d/%m/%Y")),
            Column("Victim", "victim.name"),
            Column("Team", "team.name"),
            Column("Assigned officer", "assigned_officer.full_name"),
            Column("Risk band", lambda case: case.band.display_name if case.band else "Not assessed"),
            Column("Repeat victim", lambda case: "yes" if case.victim.repeat_victim else "no"),
            Column("Status", lambda case: case.get_status_display()),
        ],
    )
)


def _local_day(value) -> str:
    return timezone.localdate(value).strftime("%d/%m/%Y") if value else ""


# "You said, we did" for one neighbourhood: the closed concern and action pairs (not sensitive).
register(
    Export(
        name="engagement.you_said_we_did",
        filename="you-said-we-did.csv",
        model=Action,
        columns=[
            Column(_("You said"), "concern.description"),
            Column(_("Raised on"), lambda action: _local_day(action.concern.raised_at)),
            Column(_("We did"), "outcome"),
            Column(_("Done on"), lambda action: _local_day(action.completed_at)),
            Column(_("Category"), lambda action: action.concern.get_category_display()),
        ],
    )
)
