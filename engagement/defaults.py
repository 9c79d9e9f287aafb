"""The default risk matrix and Victims' Code figures. Installed by a data migration and again
after a test flush (post_migrate), only into empty tables: afterwards they are data that an
administrator edits, never constants in code."""

from django.apps import apps as global_apps

QUESTIONS = [
    ("personal", 3, "Is the victim under 18, elderly, or vulnerable because of their age?"),
    (
        "personal",
        3,
        "Does the victim have a disability, illness or mental health condition the behaviour affects?",
    ),
    ("personal", 2, "Is the victim isolated: living alone, or without family or friends to support them?"),
    ("situational", 3, "Has the victim been targeted before (repeat incidents)?"),
    ("situational", 3, "Is the victim afraid to stay in, or to leave, their home?"),
    ("situational", 2, "Is the behaviour affecting the victim's sleep, health, work or schooling?"),
    ("incident", 4, "Has there been violence, or threats of violence?"),
    (
        "incident",
        4,
        "Was the behaviour motivated by hate (race, religion, disability, sexuality, gender identity)?",
    ),
    ("incident", 3, "Is the victim afraid of reprisals for reporting (intimidated)?"),
]

# code, name, min score, first visit within hours, then every days, sergeant review, inspector review, plan
BANDS = [
    ("standard", "Standard", 0, 7 * 24, None, None, None, False),
    ("medium", "Medium", 8, 3 * 24, 14, 28, 56, True),
    ("high", "High", 15, 24, 7, 14, 28, True),
]


def install(apps=global_apps) -> None:
    RiskQuestion = apps.get_model("engagement", "RiskQuestion")
    RiskBand = apps.get_model("engagement", "RiskBand")
    VictimCodeSettings = apps.get_model("engagement", "VictimCodeSettings")
    if not RiskQuestion.objects.exists():
        for order, (category, weight, text) in enumerate(QUESTIONS, start=1):
            RiskQuestion.objects.create(text=text, category=category, weight=weight, order=order)
    for code, name, min_score, hours, interval, sergeant, inspector, plan in BANDS:
        RiskBand.objects.get_or_create(
            code=code,
            defaults={
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
