"""The victim case CSV (registered with pcso/exports.py when the app loads): sensitive, so it
is marked OFFICIAL-SENSITIVE and its audit entry lists the cases it holds."""

from pcso.exports import Column, Export, register

from .models import VictimCase

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
            Column("Risk band", lambda case: case.band.name if case.band else "Not assessed"),
            Column("Repeat victim", lambda case: "yes" if case.victim.repeat_victim else "no"),
            Column("Status", lambda case: case.get_status_display()),
        ],
    )
)
