"""Demo people, teams and neighbourhoods in the City of London (the area of the shared crime data)."""

from __future__ import annotations

from collections.abc import Callable

from .models import Neighbourhood, Officer, Role, Team
from .services import create_team, set_team_inspector, sync_access

DEMO_PASSWORD = "patrol-demo-2026"


def _box(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


TEAMS = {
    "City West NPT": [
        ("Farringdon Within", "cl-farringdon", _box(-0.1130, 51.5150, -0.0930, 51.5220)),
        ("Temple and Blackfriars", "cl-temple", _box(-0.1130, 51.5080, -0.0930, 51.5150)),
    ],
    "City East NPT": [
        ("Bishopsgate", "cl-bishopsgate", _box(-0.0930, 51.5150, -0.0730, 51.5220)),
        ("Tower and Aldgate", "cl-aldgate", _box(-0.0930, 51.5080, -0.0730, 51.5150)),
    ],
}

# collar number, first name, last name, role, team name
PEOPLE = [
    ("I1001", "Helen", "Ward", Role.INSPECTOR, None),
    ("S2001", "Marcus", "Bell", Role.SERGEANT, "City West NPT"),
    ("P3001", "Aisha", "Khan", Role.PCSO, "City West NPT"),
    ("P3002", "Tom", "Reilly", Role.PCSO, "City West NPT"),
    ("P3003", "Grace", "Osei", Role.PCSO, "City West NPT"),
    ("S2101", "Priya", "Shah", Role.SERGEANT, "City East NPT"),
    ("P3101", "Dan", "Hughes", Role.PCSO, "City East NPT"),
    ("P3102", "Sofia", "Nowak", Role.PCSO, "City East NPT"),
    ("P3103", "Liam", "Carter", Role.PCSO, "City East NPT"),
    ("A9001", "Chris", "Admin", Role.ADMINISTRATOR, None),
]


def load(stdout=None) -> dict[str, Officer]:
    """Create (or keep) the demo people and places; returns officers by collar number."""
    teams: dict[str, Team] = {}
    for name, areas in TEAMS.items():
        team = Team.objects.filter(name=name).first() or create_team(name=name)
        teams[name] = team
        for area_name, code, boundary in areas:
            ring = boundary["coordinates"][0]
            Neighbourhood.objects.update_or_create(
                code=code,
                defaults={
                    "name": area_name,
                    "team": team,
                    "boundary": boundary,
                    "centre_latitude": round((ring[0][1] + ring[2][1]) / 2, 6),
                    "centre_longitude": round((ring[0][0] + ring[2][0]) / 2, 6),
                },
            )
    officers: dict[str, Officer] = {}
    for collar, first, last, role, team_name in PEOPLE:
        officer = Officer.objects.filter(collar_number=collar).first()
        if officer is None:
            officer = Officer.objects.create_user(collar, DEMO_PASSWORD)
        officer.first_name, officer.last_name, officer.role = first, last, role
        officer.team = teams[team_name] if team_name else None
        officer.email = f"{collar.lower()}@demo.pcso.invalid"
        officer.save()
        officers[collar] = officer
    for team in teams.values():
        if team.inspector_id != officers["I1001"].pk:
            set_team_inspector(team=team, inspector=officers["I1001"])
    for officer in officers.values():
        sync_access(officer)
    return officers


# Each app's demo records, registered by its demo module (found by the demo_data command):
# (order, load(officers, stdout)), loaded in that order after the people above.
APP_DEMOS: list[tuple[int, Callable]] = []


def register(load: Callable, *, order: int) -> Callable:
    """An app's demo loader, fn(officers, stdout), run after the loaders of lower order."""
    APP_DEMOS.append((order, load))
    return load
