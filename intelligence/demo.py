"""Demo intelligence: for each team, reports in every state (draft, submitted, under review,
accepted and disseminated, returned, rejected) and a legacy 5x5x5 report due its retention review;
and a month of published crime (the sample in data/police-uk/) for the crime figures, the map and
the hotspot suggestions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from pcso import demo

from . import defaults
from .grading import Grade, Scheme
from .models import CrimeImport, IntelligenceReport, ReportType
from .services import crime_import
from .services import reports as report_services

# Published street-level crime of City of London Police (Open Government Licence v3.0), whose
# points fall in the demo neighbourhoods.
SAMPLE = Path(__file__).resolve().parent / "data" / "police-uk"
CRIME_MONTH = SAMPLE / "street" / "2024-03-city-of-london-street.csv"

# team, author, reviewer, the other team's sergeant (for dissemination)
TEAMS = [("P3001", "P3002", "P3003", "S2001", "S2101"), ("P3101", "P3102", "P3103", "S2101", "S2001")]

# state, author index, type, priority, source, grade (source, assessment, handling,
# conditions), text, subjects
REPORTS = {
    0: [
        (
            "draft",
            0,
            "Anti-social behaviour",
            3,
            "public",
            ("2", "C", "P", ""),
            "Youths gather behind the Farringdon Road shops most evenings after 9pm; a strong smell "
            "of cannabis.",
            [("place", "Service yard behind Farringdon Road shops")],
        ),
        (
            "submitted",
            1,
            "Crime and disorder",
            1,
            "public",
            ("2", "B", "P", ""),
            "A grey Ford Transit, AB12 CDE, parks near Smithfield Market at night; people load boxes "
            "into it between 2 and 3am.",
            [("vehicle", "Grey Ford Transit AB12 CDE"), ("address", "Charterhouse Street, EC1")],
        ),
        (
            "under_review",
            2,
            "Crime and disorder",
            2,
            "partner",
            ("1", "C", "P", ""),
            "Pharmacy staff on Fleet Street say the same two men shoplift every Tuesday and leave by "
            "bicycle towards Blackfriars.",
            [("suspect", "Two men, 20s, dark hoodies, on bicycles"), ("place", "Pharmacy, Fleet Street")],
        ),
        (
            "accepted",
            0,
            "Drugs",
            2,
            "officer",
            ("1", "A", "C", "Share within the police only, not with partners."),
            "Seen twice: a man known as 'Jay' hands small packages to cyclists in the Temple station "
            "underpass.",
            [("suspect", "'Jay', male, about 25, red jacket"), ("place", "Temple station underpass")],
        ),
        (
            "returned",
            1,
            "Anti-social behaviour",
            3,
            "kin",
            ("2", "D", "P", ""),
            "Residents say cars race in the car park at night.",
            [("place", "Multi-storey car park, Snow Hill")],
        ),
        (
            "rejected",
            2,
            "Crime and disorder",
            3,
            "anonymous",
            ("3", "E", "P", ""),
            "Anonymous note claims a neighbour stores stolen goods; no detail given.",
            [("address", "Flat, Holborn Viaduct")],
        ),
    ],
    1: [
        (
            "draft",
            0,
            "Crime and disorder",
            3,
            "officer",
            ("1", "A", "P", ""),
            "Graffiti tags 'KRW' appearing on Bishopsgate shutters every weekend.",
            [("other", "Tag 'KRW'")],
        ),
        (
            "submitted",
            1,
            "Safeguarding and exploitation",
            1,
            "partner",
            ("1", "B", "C", "Not to be shared with the school without the safeguarding lead."),
            "School reports a 14-year-old picked up after school by an older man in a black BMW, "
            "KX19 ABC, several times this week.",
            [("vehicle", "Black BMW KX19 ABC"), ("associate", "Older man, 30s, beard")],
        ),
        (
            "under_review",
            2,
            "Drugs",
            2,
            "public",
            ("2", "C", "P", ""),
            "Shopkeeper on Middlesex Street sees the same people dealing outside the betting shop "
            "around noon.",
            [("place", "Betting shop, Middlesex Street")],
        ),
        (
            "accepted",
            0,
            "Serious and organised crime",
            1,
            "officer",
            ("2", "B", "P", ""),
            "Two vans swap number plates in the Aldgate bus station lay-by; one plate read LM68 XYZ.",
            [("vehicle", "White van, plate LM68 XYZ"), ("place", "Aldgate bus station lay-by")],
        ),
        (
            "returned",
            1,
            "Anti-social behaviour",
            3,
            "public",
            ("2", "D", "P", ""),
            "Begging near Liverpool Street station.",
            [("place", "Liverpool Street station, west entrance")],
        ),
        (
            "rejected",
            2,
            "Crime and disorder",
            3,
            "anonymous",
            ("3", "E", "P", ""),
            "Anonymous call says a shop sells alcohol to children; the shop was visited and no "
            "evidence found.",
            [("place", "Convenience store, Houndsditch")],
        ),
    ],
}

LEGACY = [
    (
        "Serious and organised crime",
        "B",
        "2",
        "4",
        "Legacy record: a cash-in-transit robbery crew meets at a café on Cannon Street on Fridays.",
        [("suspect", "Three men known from the old system")],
    ),
    (
        "Crime and disorder",
        "C",
        "3",
        "1",
        "Legacy record: stolen bicycles resold from a stall near Petticoat Lane market.",
        [("place", "Stall near Petticoat Lane market")],
    ),
]


def _grade(values) -> dict:
    source, assessment, handling, conditions = values
    return {
        "source_evaluation": source,
        "intelligence_assessment": assessment,
        "handling_code": handling,
        "handling_conditions": conditions,
    }


def load(officers, stdout=None) -> None:
    now = timezone.now()
    defaults.install()
    types = {t.name: t for t in ReportType.objects.all()}
    for index, (*authors, sergeant_collar, other_sergeant_collar) in enumerate(TEAMS):
        sergeant = officers[sergeant_collar]
        if IntelligenceReport.objects.filter(team_id=sergeant.team_id).exists():
            continue
        for state, author, type_name, priority, source, grade, text, subjects in REPORTS[index]:
            officer = officers[authors[author]]
            report = report_services.save_report(
                officer=officer,
                subjects=[{"role": role, "description": what} for role, what in subjects],
                report_type=types[type_name],
                text=text,
                occurred_at=now - timedelta(days=2, hours=author),
                location_text=subjects[-1][1] if subjects[-1][0] in ("place", "address") else "",
                source_type=source,
                priority=priority,
                sanitised=True,
                **_grade(grade),
            )
            if state == "draft":
                continue
            report_services.submit_report(officer=officer, report=report)
            if state == "submitted":
                continue
            report_services.start_review(officer=sergeant, report=report)
            if state == "accepted":
                regrade = Grade(Scheme.THREE_FIVE_TWO, "1", "B", grade[2], grade[3])
                report_services.accept_report(
                    officer=sergeant,
                    report=report,
                    grade=regrade,
                    reason="Corroborated by our own patrol observations.",
                )
                report_services.disseminate_report(
                    officer=sergeant, report=report, to_team=officers[other_sergeant_collar].team
                )
                report_services.disseminate_report(
                    officer=sergeant, report=report, to_officer=officers[authors[1]]
                )
            elif state == "returned":
                report_services.return_report(
                    officer=sergeant,
                    report=report,
                    comment="Say when this happens and which entrance is used.",
                )
            elif state == "rejected":
                report_services.reject_report(
                    officer=sergeant, report=report, reason="Nothing we can act on; no new information."
                )
        type_name, source, intelligence, handling, text, subjects = LEGACY[index]
        report_services.import_legacy_report(
            team=sergeant.team,
            submitted_by=officers[authors[0]],
            text=text,
            grade=Grade(Scheme.FIVE_FIVE_FIVE, source, intelligence, handling),
            report_type=types[type_name],
            occurred_at=now - timedelta(days=365 * 11),
            accepted_at=now - timedelta(days=365 * 11 - 30),
            subjects=[{"role": role, "description": what} for role, what in subjects],
        )
    if stdout is not None:
        stdout.write(f"Intelligence: {IntelligenceReport.objects.count()} reports.")


def load_crime(officers, stdout=None) -> None:
    """Import the sample month once (importing it again would change nothing but add a record
    of the import)."""
    if not CrimeImport.objects.filter(file_name=CRIME_MONTH.name).exists():
        crime_import.import_file(user=None, data=CRIME_MONTH.read_bytes(), file_name=CRIME_MONTH.name)
    if stdout is not None:
        stdout.write(f"Published crime: {CRIME_MONTH.name} imported.")


demo.register(load, order=30)  # the reports name patrols and neighbourhoods of the demo
demo.register(load_crime, order=35)  # after the neighbourhoods, whose boundaries place each point
