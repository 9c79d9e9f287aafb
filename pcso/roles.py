"""The four roles, as Django groups with model permissions.

A role says what kind of thing a person may do ("view victim cases"); which rows they may do
it to is team scope, decided in pcso/permissions.py. Feature apps add their models'
permissions here, in ROLE_PERMISSIONS; `sync_roles` runs in a data migration and after every
migrate, so new permissions reach the groups without a hand-written migration per app.
"""

from .models.people import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)


def _model(label: str, *actions: str) -> list[str]:
    app, model = label.split(".")
    return [f"{app}.{action}_{model}" for action in actions]


# Victim work: a PCSO records victims, cases, assessments and contacts; supervisors also share
# cases with other teams. The risk matrix and Victims' Code figures are read by all, edited by
# administrators, who see no victim content.
VICTIM_WORK = [
    *_model("engagement.victim", VIEW, ADD, CHANGE),
    *_model("engagement.victimcase", VIEW, ADD, CHANGE, "close"),
    *_model("engagement.riskassessment", VIEW, ADD),
    *_model("engagement.followup", VIEW, ADD, CHANGE),
    *_model("engagement.contactattempt", VIEW, ADD),
    *_model("engagement.riskquestion", VIEW),
    *_model("engagement.riskband", VIEW),
    *_model("engagement.victimcodesettings", VIEW),
]

# Intelligence: everyone but the administrator submits; supervisors review, grade and
# disseminate (which reports is decided by their supervision grants, pcso/permissions.py).
INTELLIGENCE_WORK = [*_model("intelligence.intelligencereport", VIEW, ADD, CHANGE)]
INTELLIGENCE_REVIEW = [*_model("intelligence.intelligencereport", "review", "disseminate")]
# Penalty notices: an officer issues (within their designations), records payments and hearing
# requests; cancelling is for supervisors (a sergeant or above).
NOTICE_WORK = [
    *_model("patrols.offencetype", VIEW),
    *_model("patrols.designation", VIEW),
    *_model("patrols.fixedpenaltynotice", VIEW, ADD, CHANGE),
    *_model("patrols.payment", VIEW, ADD),
]

# The community diary: PCSOs keep it (their own entries, their team's groups, queries and
# meetings); sergeants also set priorities; inspectors read. Victims' content stays out of it.
DIARY_WORK = [
    *_model("engagement.communitygroup", VIEW, ADD, CHANGE),
    *_model("engagement.diaryentry", VIEW, ADD, CHANGE),
    *_model("engagement.concern", VIEW, ADD, CHANGE),
    *_model("engagement.action", VIEW, ADD, CHANGE),
    *_model("engagement.meeting", VIEW, ADD, CHANGE),
    *_model("engagement.neighbourhoodquery", VIEW, ADD, CHANGE),
    *_model("engagement.priority", VIEW),
    *_model("engagement.diarysettings", VIEW),
]
DIARY_READ = [
    *_model("engagement.communitygroup", VIEW),
    *_model("engagement.diaryentry", VIEW),
    *_model("engagement.concern", VIEW),
    *_model("engagement.action", VIEW),
    *_model("engagement.meeting", VIEW),
    *_model("engagement.neighbourhoodquery", VIEW),
    *_model("engagement.priority", VIEW),
    *_model("engagement.diarysettings", VIEW),
]

# Published crime data (data.police.uk): supervisors import it and read it for hotspots and
# dashboards; it is public information, scoped to the neighbourhood its point falls in.
CRIME_DATA = [
    *_model("intelligence.crimeimport", VIEW, ADD),
    *_model("intelligence.crimerecord", VIEW),
    *_model("intelligence.crimeoutcome", VIEW),
    *_model("intelligence.stopandsearch", VIEW),
]

# Permission strings per role. A permission not (yet) created is skipped by sync_roles.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PCSO: [
        *_model("pcso.team", VIEW),
        *_model("pcso.neighbourhood", VIEW),
        *_model("pcso.officer", VIEW),
        *VICTIM_WORK,
        *DIARY_WORK,
        *_model("patrols.patrol", VIEW, ADD, CHANGE),
        *_model("patrols.patrolpoint", VIEW, ADD, CHANGE),
        *_model("patrols.patrolactivity", VIEW, ADD, CHANGE),
        *_model("patrols.hotspotvisit", VIEW, ADD, CHANGE),
        *_model("patrols.hotspot", VIEW),
        *INTELLIGENCE_WORK,
        *NOTICE_WORK,
    ],
    Role.SERGEANT: [
        *_model("pcso.team", VIEW),
        *_model("pcso.neighbourhood", VIEW),
        *_model("pcso.officer", VIEW),
        *VICTIM_WORK,
        *_model("engagement.victimcase", "share", "assign"),
        *DIARY_WORK,
        *_model("engagement.priority", ADD, CHANGE),
        *_model("patrols.patrol", VIEW, ADD, CHANGE, "signoff"),
        *_model("patrols.patrolpoint", VIEW, ADD, CHANGE),
        *_model("patrols.patrolactivity", VIEW, ADD, CHANGE),
        *_model("patrols.hotspotvisit", VIEW, ADD, CHANGE),
        *_model("patrols.hotspot", VIEW, ADD, CHANGE),
        *INTELLIGENCE_WORK,
        *INTELLIGENCE_REVIEW,
        *_model("intelligence.intelligencereport", "retention"),
        *NOTICE_WORK,
        *_model("patrols.fixedpenaltynotice", "cancel"),
        *_model("patrols.designation", ADD, DELETE),
        *CRIME_DATA,
    ],
    Role.INSPECTOR: [
        *_model("pcso.team", VIEW),
        *_model("pcso.neighbourhood", VIEW),
        *_model("pcso.officer", VIEW),
        *VICTIM_WORK,
        *_model("engagement.victimcase", "share", "assign"),
        *DIARY_READ,
        *_model("patrols.patrol", VIEW, "signoff"),
        *_model("patrols.patrolpoint", VIEW),
        *_model("patrols.patrolactivity", VIEW),
        *_model("patrols.hotspotvisit", VIEW),
        *_model("patrols.hotspot", VIEW),
        *_model("intelligence.intelligencereport", VIEW),
        *INTELLIGENCE_REVIEW,
        *_model("patrols.offencetype", VIEW),
        *_model("patrols.designation", VIEW),
        *_model("patrols.fixedpenaltynotice", VIEW, "cancel"),
        *_model("patrols.payment", VIEW),
        *CRIME_DATA,
    ],
    # Administrators run accounts, teams, areas and catalogues; they get no victim or
    # intelligence permission, so no content of either by right.
    Role.ADMINISTRATOR: [
        *_model("pcso.team", *ALL),
        *_model("pcso.neighbourhood", *ALL),
        *_model("pcso.officer", *ALL),
        *_model("pcso.auditentry", VIEW),
        *_model("pcso.reminder", VIEW),
        *_model("pcso.notification", VIEW),  # the same titles as reminders, and whether e-mail failed
        *_model("engagement.riskquestion", *ALL),
        *_model("engagement.riskband", VIEW, CHANGE),
        *_model("engagement.victimcodesettings", VIEW, CHANGE),
        *_model("engagement.diarysettings", VIEW, CHANGE),
        *_model("patrols.hotspot", VIEW, ADD, CHANGE),
        *_model("intelligence.reporttype", *ALL),
        *_model("patrols.offencetype", *ALL),
        *_model("patrols.designation", *ALL),
    ],
}

# The groups' names are stored, so they are fixed here: not the role labels people read, which are
# translated (a Welsh page would otherwise look for a group named "SCCH").
GROUP_NAMES = {
    Role.PCSO: "PCSO",
    Role.SERGEANT: "Sergeant",
    Role.INSPECTOR: "Inspector",
    Role.ADMINISTRATOR: "Administrator",
}


def sync_roles(apps=None, **kwargs) -> None:
    """Create the role groups and give each exactly its declared model permissions."""
    from django.contrib.auth.management import create_permissions

    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    for app_config in apps.get_app_configs():
        if not hasattr(app_config, "models_module"):  # historical apps in a data migration
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        wanted = set()
        for name in names:
            app_label, codename = name.split(".")
            wanted.update(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename).values_list(
                    "pk", flat=True
                )
            )
        group.permissions.set(wanted)


def group_name(role: str) -> str:
    return GROUP_NAMES[role]
