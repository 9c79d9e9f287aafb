"""The four roles, as Django groups with model permissions.

A role says what kind of thing a person may do ("view victim cases"); which rows they may do
it to is team scope, decided in pcso/permissions.py. The core keeps the roles and grants its
own models' permissions here; each feature app grants its models' permissions in its roles.py
(`grant`, found when the app loads, like its rules.py). `sync_roles` runs in a data migration
and after every migrate, so new permissions reach the groups without a hand-written migration.
"""

from collections import defaultdict

from .models.people import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)


def model_permissions(label: str, *actions: str) -> list[str]:
    """ "app.model" and actions as permission strings: ("patrols.patrol", "view") -> "patrols.view_patrol"."""
    app, model = label.split(".")
    return [f"{app}.{action}_{model}" for action in actions]


# Permission strings per role, filled by grant(). A permission not (yet) created is skipped by
# sync_roles.
ROLE_PERMISSIONS: dict[str, list[str]] = defaultdict(list)


def grant(**by_role: list[str]) -> None:
    """Give roles permissions, by the role's value: grant(pcso=[...], sergeant=[...])."""
    for role, names in by_role.items():
        ROLE_PERMISSIONS[Role(role)].extend(names)


# The core's own models: everyone reads teams, neighbourhoods and officers; administrators run
# accounts, teams and areas and read the trail and the reminders (which name no victim content).
_PEOPLE = [
    *model_permissions("pcso.team", VIEW),
    *model_permissions("pcso.neighbourhood", VIEW),
    *model_permissions("pcso.officer", VIEW),
]
grant(
    pcso=_PEOPLE,
    sergeant=_PEOPLE,
    inspector=_PEOPLE,
    administrator=[
        *model_permissions("pcso.team", *ALL),
        *model_permissions("pcso.neighbourhood", *ALL),
        *model_permissions("pcso.officer", *ALL),
        *model_permissions("pcso.auditentry", VIEW),
        *model_permissions("pcso.reminder", VIEW),
        *model_permissions(
            "pcso.notification", VIEW
        ),  # the same titles as reminders, and whether e-mail failed
    ],
)

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
