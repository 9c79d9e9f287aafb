"""Demo victims in every band, with follow-ups done, due and overdue (times relative to now)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ..models import RiskQuestion, VictimCase
from ..services import victims as services

# Yes-answers (question weights) that score each band on the default matrix.
BAND_WEIGHTS = {"standard": [3], "medium": [4, 4], "high": [4, 4, 3, 2, 2]}

VICTIMS = [
    # reference, officer, victim, category, opened days ago, band, visits done on time, extra
    ("CW-1001", "P3001", "Margaret Ellis", "anti-social-behaviour", 10, "high", 1, {"vulnerable": True}),
    ("CW-1002", "P3001", "Kwame Mensah", "criminal-damage-arson", 2.9, "medium", 0, {"consents": True}),
    ("CW-1003", "P3001", "Lucy Grant", "burglary", 0.2, "standard", 0, {"event": "arrested"}),
    ("CW-1004", "P3002", "Peter Novak", "anti-social-behaviour", 50, None, 0, {}),
    ("CW-1005", "P3002", "Peter Novak", "anti-social-behaviour", 30, None, 0, {}),
    ("CW-1006", "P3002", "Peter Novak", "anti-social-behaviour", 4, "medium", 0, {}),
    ("CW-1007", "P3003", "Amira Haddad", "public-order", 20, "standard", 1, {"intimidated": True}),
    ("CE-2001", "P3101", "George Whitfield", "violent-crime", 15, "high", 2, {"consents": True}),
    ("CE-2002", "P3102", "Hannah Brooks", "anti-social-behaviour", 1, "standard", 0, {}),
    (
        "CE-2003",
        "P3103",
        "Yusuf Ali",
        "other-theft",
        40,
        "standard",
        1,
        {"close": "Property recovered; victim content."},
    ),
]


def _answers(band: str) -> dict[int, bool]:
    questions = list(RiskQuestion.objects.filter(active=True))
    answers = {question.pk: False for question in questions}
    for weight in BAND_WEIGHTS[band]:
        question = next((q for q in questions if q.weight == weight and not answers[q.pk]), None)
        if question is not None:
            answers[question.pk] = True
    return answers


def load(officers, stdout=None) -> None:
    now = timezone.now()
    victims = {}
    for reference, collar, name, category, days_ago, band, visits_done, extra in VICTIMS:
        officer = officers[collar]
        existing = VictimCase.objects.filter(reference=reference).select_related("victim").first()
        if existing is not None:
            victims[name] = existing.victim
            continue
        opened = now - timedelta(days=days_ago)
        case = services.create_case(
            officer=officer,
            victim=victims.get(name),
            victim_details={
                "name": name,
                "phone": "07700 900" + reference[-3:],
                "address": f"{reference[-2:]} Demo Street, London EC4",
                "consents_to_referral": extra.get("consents", False),
                "preferred_contact_times": "Weekday evenings",
            },
            reference=reference,
            category=category,
            occurred_on=timezone.localtime(opened).date(),
            vulnerable=extra.get("vulnerable", False),
            intimidated=extra.get("intimidated", False),
            update_every_days=7,
            now=opened,
        )
        victims[name] = case.victim
        referral = case.follow_ups.filter(kind="referral").first()
        if referral is not None and referral.due_at < now:
            services.record_contact(
                officer=officer,
                follow_up=referral,
                at=opened + timedelta(hours=20),
                contact_method="phone",
                spoke_to=name,
                outcome="referred",
                notes="Referred to Victim Support.",
            )
        if band:
            services.assess_risk(
                officer=officer,
                case=case,
                answers=_answers(band),
                action_plan="Regular visits, crime prevention advice, CCTV checked."
                if band != "standard"
                else None,
                now=opened,
            )
        for _ in range(visits_done):
            visit = case.follow_ups.filter(kind="visit", completed_at=None, cancelled_at=None).first()
            if visit is None or visit.due_at > now:
                break
            services.record_contact(
                officer=officer,
                follow_up=visit,
                at=visit.due_at - timedelta(hours=2),
                contact_method="visit",
                spoke_to=name,
                outcome="contacted",
                notes="Visited at home; no new incidents.",
            )
        if extra.get("event"):
            services.record_key_event(officer=officer, case=case, event=extra["event"], at=now)
        if extra.get("close"):
            services.close_case(officer=officer, case=case, reason=extra["close"], at=now - timedelta(days=1))
    if stdout is not None:
        stdout.write(f"Victims: {VictimCase.objects.count()} cases.")
