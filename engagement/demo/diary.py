"""Demo community diary for both teams: groups with contact planned, due and overdue; entries
with concerns and actions, some closed ("You said, we did"); priorities (one area flagged for
review), meetings, and neighbourhood queries open, overdue and answered. Times are relative to now."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from pcso.models import Neighbourhood

from ..models import CommunityGroup, ContactFrequency, DiaryEntry
from ..services import diary as services

# name, kind, neighbourhood code, contact officer, frequency, registered days ago, last contact days ago
GROUPS = [
    ("Smithfield Neighbourhood Watch", "watch", "cl-farringdon", "P3001", ContactFrequency.WEEKLY, 60, 9),
    ("St Bride's Church", "faith", "cl-temple", "P3001", ContactFrequency.MONTHLY, 100, None),
    (
        "Golden Lane Residents' Association",
        "residents",
        "cl-farringdon",
        "P3002",
        ContactFrequency.MONTHLY,
        90,
        3,
    ),
    ("City of London School", "school", "cl-temple", "P3003", ContactFrequency.FORTNIGHTLY, 80, 20),
    ("Bishopsgate Business Forum", "business", "cl-bishopsgate", "P3101", ContactFrequency.MONTHLY, 120, 40),
    ("Aldgate Mosque", "faith", "cl-aldgate", "P3102", ContactFrequency.QUARTERLY, 200, 30),
    ("Mansell Street KIN", "kin", "cl-aldgate", "P3103", ContactFrequency.WEEKLY, 50, 25),
]

# group, officer, days ago, kind, concerns: (category, said, action, done outcome or None)
ENTRIES = [
    (
        "Smithfield Neighbourhood Watch",
        "P3001",
        9,
        "meeting",
        [
            (
                "youth",
                "Groups of youths riding bikes through the market at night.",
                "Extra evening patrols",
                "Patrols added Thursday to Saturday evenings; two youths given words of advice.",
            ),
            (
                "parking",
                "Vans parked on the pavement on Charterhouse Street.",
                "Refer to council parking",
                None,
            ),
        ],
    ),
    (
        "Golden Lane Residents' Association",
        "P3002",
        3,
        "door",
        [("drugs", "Cannabis smell in the stairwell of Crescent House.", "Joint visit with housing", None)],
    ),
    (
        "Bishopsgate Business Forum",
        "P3101",
        40,
        "meeting",
        [
            (
                "asb",
                "Street drinking by Liverpool Street station.",
                "Dispersal patrols",
                "Daily patrols for a month; drinking moved on and reports down from 12 to 3.",
            ),
        ],
    ),
    (
        "Aldgate Mosque",
        "P3102",
        30,
        "event",
        [
            (
                "burglary",
                "Worshippers' cars broken into during Friday prayers.",
                "Crime prevention stall",
                None,
            )
        ],
    ),
]

# neighbourhood, issue, set days ago, reviewed days ago, action
PRIORITIES = [
    ("cl-farringdon", "Reduce anti-social cycling in Smithfield market at night.", 40, 10, ""),
    ("cl-temple", "Tackle rough sleeping and begging around Blackfriars station.", 150, 120, ""),
    (
        "cl-bishopsgate",
        "Reduce street drinking around Liverpool Street.",
        60,
        20,
        "Dispersal patrols ongoing.",
    ),
    ("cl-aldgate", "Vehicle crime near places of worship.", 30, 30, ""),
]

# neighbourhood, recorded by, from, question, received hours ago, answered hours after (None: open)
QUERIES = [
    (
        "cl-farringdon",
        "P3001",
        "Mr J. Patel",
        "Is anything being done about the noise from the bars on Cowcross Street?",
        20,
        None,
    ),
    ("cl-temple", "P3003", "Ms R. Green", "Who do I report abandoned bikes to?", 90, None),
    ("cl-farringdon", "P3002", "Mrs A. Obi", "Can the PCSO attend our next residents' meeting?", 100, 30),
    ("cl-bishopsgate", "P3101", "Bishopsgate Forum", "When is the next PACT meeting?", 10, None),
    ("cl-aldgate", "P3103", "Mr K. Hussain", "Is there CCTV on Mansell Street?", 200, 90),
]


def load(officers, stdout=None) -> None:
    if CommunityGroup.objects.exists():
        return
    now = timezone.now()
    areas = {n.code: n for n in Neighbourhood.objects.all()}
    groups = {}
    for name, kind, code, collar, frequency, registered, _last in GROUPS:
        officer = officers[collar]
        groups[name] = services.create_group(
            officer=officer,
            team=officer.team,
            now=now - timedelta(days=registered),
            name=name,
            kind=kind,
            neighbourhood=areas[code],
            contact_officer=officer,
            contact_method="email",
            contact_details=f"contact@{name.split()[0].lower()}.example.org",
            contact_every_days=frequency,
        )
    for name, collar, days_ago, kind, concerns in ENTRIES:
        at = now - timedelta(days=days_ago)
        entry = services.record_entry(
            officer=officers[collar],
            groups=[groups[name]],
            occurred_at=at,
            kind=kind,
            place=name,
            concerns=[
                {"category": category, "description": said, "action": action, "action_due_on": None}
                for category, said, action, _done in concerns
            ],
            now=at,
        )
        outcomes = {said: done for _category, said, _action, done in concerns}
        for action in entry.actions.select_related("concern"):
            if outcomes.get(action.concern.description):
                services.complete_action(
                    officer=officers[collar],
                    action=action,
                    outcome=outcomes[action.concern.description],
                    now=at + timedelta(days=7),
                )
    for name, _kind, _code, collar, _frequency, _registered, last in GROUPS:
        if last is not None and not DiaryEntry.objects.filter(groups=groups[name]).exists():
            at = now - timedelta(days=last)
            services.record_entry(
                officer=officers[collar], groups=[groups[name]], kind="phone", occurred_at=at, now=at
            )
    sergeants = {"City West NPT": officers["S2001"], "City East NPT": officers["S2101"]}
    for code, issue, set_ago, reviewed_ago, action in PRIORITIES:
        area = areas[code]
        priority = services.set_priority(
            officer=sergeants[area.team.name],
            neighbourhood=area,
            issue=issue,
            now=now - timedelta(days=set_ago),
        )
        if reviewed_ago != set_ago:
            services.review_priority(
                officer=sergeants[area.team.name],
                priority=priority,
                action=action,
                now=now - timedelta(days=reviewed_ago),
            )
    for code, place, days in (
        ("cl-farringdon", "Golden Lane Community Centre", 12),
        ("cl-bishopsgate", "Bishopsgate Institute", -14),
    ):
        area = areas[code]
        services.record_meeting(
            officer=sergeants[area.team.name],
            neighbourhood=area,
            kind="pact",
            held_at=now - timedelta(days=days),
            place=place,
            attendance=23 if days > 0 else None,
            partners_present="City of London Corporation; Peabody" if days > 0 else "",
            notes="Priorities reviewed with residents." if days > 0 else "",
            reviewed=list(area.priorities.all()) if days > 0 else [],
        )
    for code, collar, who, question, hours_ago, answered_after in QUERIES:
        received = now - timedelta(hours=hours_ago)
        query = services.record_query(
            officer=officers[collar],
            neighbourhood=areas[code],
            from_name=who,
            question=question,
            received_at=received,
            now=received,
        )
        if answered_after is not None:
            services.answer_query(
                officer=officers[collar],
                query=query,
                answer="Answered by phone; advice given and follow-up agreed.",
                now=received + timedelta(hours=answered_after),
            )
    if stdout is not None:
        stdout.write(
            f"Community diary: {CommunityGroup.objects.count()} groups, {DiaryEntry.objects.count()} entries."
        )
