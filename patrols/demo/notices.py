"""Demo penalty notices: every PCSO designated for the catalogue, and notices in every state for
both teams, issued through the services. Idempotent: made once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from pcso.models import Officer

from ..models import Designation, FixedPenaltyNotice, OffenceType
from ..services import notices as services

PCSOS = {"City West NPT": ["P3001", "P3002", "P3003"], "City East NPT": ["P3101", "P3102", "P3103"]}
SERGEANTS = {"City West NPT": "S2001", "City East NPT": "S2101"}
# days ago, offence, recipient, date of birth, place, circumstances, what happens next
NOTICES = [
    (1, "pnd-upper-tier", "Kyle Barnes", "1994-02-11", "Ludgate Hill, outside the pub",
     "Shouting abuse at door staff after being refused entry.", None),
    (3, "dog-control-pspo", "Sandra Lowe", "1971-09-30", "Carter Lane Gardens",
     "Dog off the lead in the gardens; owner refused to put it on.", ("pay", "65.00")),
    (5, "cycling-on-footway", "Jamal Idris", "2001-06-05", "Fleet Street, north footway",
     "Cycled along the busy footway, pedestrians stepping aside.", ("pay", "20.00")),
    (6, "litter", "Emma Hart", "1989-12-19", "Paternoster Square",
     "Dropped a coffee cup and walked on when asked to pick it up.", ("hearing",)),
    (2, "smoking-smoke-free-place", "Ray Collins", "1966-03-03", "St Paul's station ticket hall",
     "Smoking in the station ticket hall.", ("cancel", "Recipient gave false details: re-issued.")),
    (26, "litter", "Nina Patel", "1998-07-22", "Cheapside bus stop",
     "Threw a food carton into the road.", None),
    (40, "pnd-lower-tier", "Paul Grant", "1985-10-14", "Bishopsgate",
     "Drunk and shouting in the highway.", None),
]  # fmt: skip


def load(officers: dict[str, Officer], stdout=None) -> None:
    pcsos = [officers[c] for collars in PCSOS.values() for c in collars]
    offences = list(OffenceType.objects.all())
    for officer in pcsos:
        for offence in offences:
            Designation.objects.get_or_create(
                officer=officer, offence=offence, defaults={"team_id": officer.team_id}
            )
    if FixedPenaltyNotice.objects.filter(officer__in=pcsos).exists():
        return
    now = timezone.now()
    made = 0
    for team_name, collars in PCSOS.items():
        sergeant = officers[SERGEANTS[team_name]]
        for i, (days, code, name, born, place, circumstances, then) in enumerate(NOTICES):
            officer = officers[collars[i % len(collars)]]
            issued_at = now - timedelta(days=days, hours=2 + i)
            notice = services.issue_notice(
                officer=officer,
                offence=OffenceType.objects.get(code=code),
                recipient=services.Recipient(
                    name=name,
                    date_of_birth=_date(born),
                    address=f"{10 + i} Demo Street, London",
                    identity_check="photo_id",
                ),
                place=place,
                issued_at=issued_at,
                circumstances=circumstances,
                now=issued_at + timedelta(minutes=5),
            )
            made += 1
            if then is None:
                continue
            if then[0] == "pay":
                services.record_payment(
                    user=officer,
                    notice=notice,
                    amount=Decimal(then[1]),
                    paid_on=timezone.localdate(issued_at) + timedelta(days=1),
                    reference=f"CTO-{notice.reference}",
                    now=now,
                )
            elif then[0] == "hearing":
                services.request_hearing(user=officer, notice=notice, now=now)
            elif then[0] == "cancel":
                services.cancel_notice(user=sergeant, notice=notice, reason=then[1], now=now)
    services.expire_unpaid(now=now)
    if stdout is not None:
        stdout.write(f"Notices: {made} penalty notices, {len(pcsos)} PCSOs designated.")


def _date(text: str) -> date:
    return date.fromisoformat(text)
