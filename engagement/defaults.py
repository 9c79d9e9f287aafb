"""The default risk matrix and Victims' Code figures. Installed by a data migration and again
after a test flush (post_migrate), only into empty tables: afterwards they are data that an
administrator edits, never constants in code."""

from django.apps import apps as global_apps

# category, weight, question, the question in Welsh
QUESTIONS = [
    (
        "personal",
        3,
        "Is the victim under 18, elderly, or vulnerable because of their age?",
        "A yw'r dioddefwr o dan 18 oed, yn oedrannus, neu'n agored i niwed oherwydd ei oedran?",
    ),
    (
        "personal",
        3,
        "Does the victim have a disability, illness or mental health condition the behaviour affects?",
        "Oes gan y dioddefwr anabledd, salwch neu gyflwr iechyd meddwl y mae'r ymddygiad yn effeithio arno?",
    ),
    (
        "personal",
        2,
        "Is the victim isolated: living alone, or without family or friends to support them?",
        "A yw'r dioddefwr yn ynysig: yn byw ar ei ben ei hun, neu heb deulu na ffrindiau i'w gefnogi?",
    ),
    (
        "situational",
        3,
        "Has the victim been targeted before (repeat incidents)?",
        "A yw'r dioddefwr wedi'i dargedu o'r blaen (digwyddiadau mynych)?",
    ),
    (
        "situational",
        3,
        "Is the victim afraid to stay in, or to leave, their home?",
        "A yw'r dioddefwr yn ofni aros yn ei gartref, neu ei adael?",
    ),
    (
        "situational",
        2,
        "Is the behaviour affecting the victim's sleep, health, work or schooling?",
        "A yw'r ymddygiad yn effeithio ar gwsg, iechyd, gwaith neu addysg y dioddefwr?",
    ),
    (
        "incident",
        4,
        "Has there been violence, or threats of violence?",
        "A fu trais, neu fygythiadau o drais?",
    ),
    (
        "incident",
        4,
        "Was the behaviour motivated by hate (race, religion, disability, sexuality, gender identity)?",
        "A oedd yr ymddygiad wedi'i ysgogi gan gasineb "
        "(hil, crefydd, anabledd, rhywioldeb, hunaniaeth rhywedd)?",
    ),
    (
        "incident",
        3,
        "Is the victim afraid of reprisals for reporting (intimidated)?",
        "A yw'r dioddefwr yn ofni dial am roi gwybod (wedi'i frawychu)?",
    ),
]

# code, name, min score, first visit within hours, then every days, sergeant review, inspector review, plan
BANDS = [
    ("standard", "Standard", 0, 7 * 24, None, None, None, False),
    ("medium", "Medium", 8, 3 * 24, 14, 28, 56, True),
    ("high", "High", 15, 24, 7, 14, 28, True),
]
# The band names in Welsh, by code.
BAND_NAMES_CY = {"standard": "Safonol", "medium": "Canolig", "high": "Uchel"}


def _has_field(model, name: str) -> bool:
    """The migration state's model may be older than the field."""
    return any(field.name == name for field in model._meta.get_fields())


def install(apps=global_apps) -> None:
    RiskQuestion = apps.get_model("engagement", "RiskQuestion")
    RiskBand = apps.get_model("engagement", "RiskBand")
    VictimCodeSettings = apps.get_model("engagement", "VictimCodeSettings")
    if not RiskQuestion.objects.exists():
        welsh = {"text_cy"} if _has_field(RiskQuestion, "text_cy") else set()
        for order, (category, weight, text, text_cy) in enumerate(QUESTIONS, start=1):
            RiskQuestion.objects.create(
                text=text,
                category=category,
                weight=weight,
                order=order,
                **{field: text_cy for field in welsh},
            )
    band_welsh = _has_field(RiskBand, "name_cy")
    for code, name, min_score, hours, interval, sergeant, inspector, plan in BANDS:
        RiskBand.objects.get_or_create(
            code=code,
            defaults={
                **({"name_cy": BAND_NAMES_CY[code]} if band_welsh else {}),
                "name": name,
                "min_score": min_score,
                "first_follow_up_hours": hours,
                "follow_up_interval_days": interval,
                "sergeant_review_days": sergeant,
                "inspector_review_days": inspector,
                "needs_action_plan": plan,
            },
        )
    if not VictimCodeSettings.objects.exists():
        VictimCodeSettings.objects.create()
    try:
        DiarySettings = apps.get_model("engagement", "DiarySettings")
    except LookupError:  # the data migration of an earlier state of the app
        return
    if not DiarySettings.objects.exists():
        DiarySettings.objects.create()


def add_welsh(apps=global_apps) -> None:
    """Give the seeded matrix its Welsh: only questions and bands still as seeded (same English)
    and still without Welsh; an administrator's own rows are theirs to word."""
    RiskQuestion = apps.get_model("engagement", "RiskQuestion")
    RiskBand = apps.get_model("engagement", "RiskBand")
    for _category, _weight, text, text_cy in QUESTIONS:
        RiskQuestion._base_manager.filter(text=text, text_cy="").update(text_cy=text_cy)
    for code, name, *_rest in BANDS:
        RiskBand._base_manager.filter(code=code, name=name, name_cy="").update(name_cy=BAND_NAMES_CY[code])
