"""The default offence catalogue, from DOMAIN.md. Installed by a data migration and again after a
test flush (post_migrate), only into an empty table: afterwards it is data an administrator
edits in the admin site (amounts, windows, new regimes as new rows), never constants in code.
Council-set amounts vary: a force checks these against its local tariffs."""

from datetime import date
from decimal import Decimal

from django.apps import apps as global_apps

CENTRAL_TICKET_OFFICE = (
    "Pay the Central Ticket Office of the issuing police force, quoting the notice number: "
    "online or by telephone with a debit or credit card, or by post with a cheque or postal order. "
    "Do not send cash. To ask for a court hearing instead, write to the Central Ticket Office "
    "within the time to pay."
)
COUNCIL = (
    "Pay the local council, quoting the notice number: online or by telephone with a debit or "
    "credit card, or by post with a cheque. If you do not pay, you may be prosecuted for the offence. "
    "To dispute the notice, write to the council within the time to pay."
)

# code, kind, wording, legislation, amount, early amount, early days, days to pay, if unpaid,
# multiplier, minimum age, how to pay
OFFENCES = [
    (
        "pnd-lower-tier",
        "PND",
        "Disorder, lower tier (e.g. depositing litter, drunk in a highway)",
        "Criminal Justice and Police Act 2001, s.1",
        "60.00", None, None, 21, "fine", "1.50", 18, CENTRAL_TICKET_OFFICE,
    ),
    (
        "pnd-upper-tier",
        "PND",
        "Behaviour likely to cause harassment, alarm or distress",
        "Public Order Act 1986, s.5",
        "90.00", None, None, 21, "fine", "1.50", 18, CENTRAL_TICKET_OFFICE,
    ),
    (
        "cycling-on-footway",
        "FPN",
        "Cycling on a footway",
        "Highway Act 1835, s.72",
        "50.00", None, None, 28, "fine", "1.50", 16, CENTRAL_TICKET_OFFICE,
    ),
    (
        "litter",
        "FPN",
        "Leaving litter",
        "Environmental Protection Act 1990, s.87",
        "150.00", "100.00", 10, 14, "court", None, 18, COUNCIL,
    ),
    (
        "graffiti-fly-posting",
        "FPN",
        "Graffiti or fly-posting",
        "Anti-social Behaviour Act 2003, s.43",
        "150.00", None, None, 14, "court", None, 18, COUNCIL,
    ),
    (
        "dog-control-pspo",
        "FPN",
        "Breach of a public spaces protection order (dog control)",
        "Anti-social Behaviour, Crime and Policing Act 2014, s.67",
        "100.00", "65.00", 7, 14, "court", None, 18, COUNCIL,
    ),
    (
        "smoking-smoke-free-place",
        "FPN",
        "Smoking in a smoke-free place",
        "Health Act 2006, s.7",
        "50.00", "30.00", 15, 29, "court", None, 18, COUNCIL,
    ),
]  # fmt: skip

# The wording in Welsh, by code: shown to Welsh readers.
WORDING_CY = {
    "pnd-lower-tier": "Anhrefn, haen is (e.e. gollwng sbwriel, meddw ar briffordd)",
    "pnd-upper-tier": "Ymddygiad sy'n debygol o achosi aflonyddu, braw neu ofid",
    "cycling-on-footway": "Beicio ar droetffordd",
    "litter": "Gadael sbwriel",
    "graffiti-fly-posting": "Graffiti neu bosteri anghyfreithlon",
    "dog-control-pspo": "Torri gorchymyn diogelu mannau cyhoeddus (rheoli cŵn)",
    "smoking-smoke-free-place": "Ysmygu mewn man di-fwg",
}

IN_FORCE_FROM = date(2020, 1, 1)


def _has_field(model, name: str) -> bool:
    """The migration state's model may be older than the field."""
    return any(field.name == name for field in model._meta.get_fields())


def install(apps=global_apps) -> None:
    OffenceType = apps.get_model("patrols", "OffenceType")
    NoticeCounter = apps.get_model("patrols", "NoticeCounter")
    NoticeCounter.objects.get_or_create(name="notice")
    if OffenceType.objects.exists():
        return
    welsh = _has_field(OffenceType, "wording_cy")
    for row in OFFENCES:
        code, kind, wording, legislation, amount, early, early_days, days, unpaid, multiplier, age, pay = row
        OffenceType.objects.create(
            **({"wording_cy": WORDING_CY[code]} if welsh else {}),
            code=code,
            kind=kind,
            wording=wording,
            legislation=legislation,
            amount=Decimal(amount),
            early_amount=Decimal(early) if early else None,
            early_days=early_days,
            days_to_pay=days,
            if_unpaid=unpaid,
            fine_multiplier=Decimal(multiplier) if multiplier else None,
            minimum_age=age,
            how_to_pay=pay,
            active_from=IN_FORCE_FROM,
        )


def add_welsh(apps=global_apps) -> None:
    """Give the seeded offences their Welsh wording: only the rows still as seeded (same code and
    English wording) and still without Welsh; an administrator's rows are theirs to word."""
    OffenceType = apps.get_model("patrols", "OffenceType")
    for code, _kind, wording, *_rest in OFFENCES:
        OffenceType._base_manager.filter(code=code, wording=wording, wording_cy="").update(
            wording_cy=WORDING_CY[code]
        )
