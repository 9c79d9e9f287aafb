"""Writes to officers and teams. Access (role group, team group, supervision grants) is derived
from an officer's role and team and a team's inspector, and kept in step here."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from . import audit, roles
from .models import Officer, Role, Team, TeamGroupObjectPermission, TeamUserObjectPermission
from .permissions import MEMBER, SUPERVISE


def team_group(team: Team) -> Group:
    """The group of a team's members; it holds the member grant on the team row."""
    group, created = Group.objects.get_or_create(name=team.group_name)
    if created or not TeamGroupObjectPermission.objects.filter(group=group, content_object=team).exists():
        assign_perm(f"pcso.{MEMBER}", group, team)
    return group


@audit.service
def sync_access(officer: Officer) -> None:
    """Give an officer exactly the groups and team grants their role and team call for; only an
    administrator uses the admin site (a superuser keeps the flag they were given)."""
    before = _access(officer)
    staff = officer.role == Role.ADMINISTRATOR
    if not officer.is_superuser and officer.is_staff != staff:
        officer.is_staff = staff
        officer.save(update_fields=["is_staff"])
    groups = [Group.objects.get_or_create(name=roles.group_name(officer.role))[0]]
    if officer.team_id and officer.is_active and officer.role != Role.ADMINISTRATOR:
        groups.append(team_group(officer.team))
    if officer.is_active and officer.role == Role.INSPECTOR:
        # An inspector belongs to each commanded team's group, so whatever is shared with one of
        # those teams reaches them too.
        groups.extend(team_group(team) for team in Team.objects.filter(inspector=officer))
    officer.groups.set(groups)

    supervised: list[Team] = []
    if officer.is_active and officer.role == Role.SERGEANT and officer.team_id:
        supervised = [officer.team]
    elif officer.is_active and officer.role == Role.INSPECTOR:
        supervised = list(Team.objects.filter(inspector=officer))
    TeamUserObjectPermission.objects.filter(user=officer, permission__codename=SUPERVISE).exclude(
        content_object__in=supervised
    ).delete()
    for team in supervised:
        assign_perm(f"pcso.{SUPERVISE}", officer, team)
    after = _access(officer)
    if after != before:
        audit.record(None, "pcso.officer.access_changed", officer, after)


def _access(officer: Officer) -> dict:
    """An officer's groups (a team's group by the team's name) and the teams they supervise."""
    names = list(officer.groups.values_list("name", flat=True))
    teams = dict(
        Team.objects.filter(pk__in=[n[5:] for n in names if n.startswith("team:")]).values_list("pk", "name")
    )
    groups = sorted(f"{teams.get(int(n[5:]), n)} (team)" if n.startswith("team:") else n for n in names)
    supervised = TeamUserObjectPermission.objects.filter(user=officer, permission__codename=SUPERVISE)
    return {"groups": groups, "supervises": sorted(supervised.values_list("content_object__name", flat=True))}


@audit.service
def create_team(*, name: str, inspector: Officer | None = None) -> Team:
    team = Team.objects.create(name=name, inspector=inspector)
    team_group(team)
    if inspector is not None:
        sync_access(inspector)
    return team


@audit.service
def set_team_inspector(*, team: Team, inspector: Officer | None) -> Team:
    previous = Team.objects.get(pk=team.pk).inspector if team.pk else None
    team.inspector = inspector
    team.save()
    for officer in {previous, inspector} - {None}:
        sync_access(officer)
    return team


@audit.service
def create_officer(
    *,
    collar_number: str,
    first_name: str,
    last_name: str,
    role: str,
    team: Team | None = None,
    email: str = "",
    password: str | None = None,
) -> Officer:
    officer = Officer.objects.create_user(
        collar_number,
        password,
        first_name=first_name,
        last_name=last_name,
        role=role,
        team=team,
        email=email,
    )
    sync_access(officer)  # derives the admin-site flag from the role too
    return officer


@audit.service
def move_officer(*, officer: Officer, role: str | None = None, team: Team | None = None) -> Officer:
    if role is not None:
        officer.role = role
    officer.team = team
    officer.save()
    audit.record(None, "pcso.officer.moved", officer, {"team": str(team), "role": officer.role})
    return officer_changed(officer)


@audit.service
def choose_language(*, officer: Officer, language: str) -> Officer:
    """Keep the language an officer chose with the language switch: their e-mails are in it."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose English or Cymraeg.")})
    if officer.language != language:
        officer.language = language
        officer.save(update_fields=["language"])
    return officer


# What each app hands over when an officer changes team or role: fn(officer), registered by the
# app when it loads (`handover` in its roles.py).
HANDOVERS: list[Callable[[Officer], object]] = []


def handover(fn: Callable[[Officer], object]) -> Callable[[Officer], object]:
    """Register what an app does with an officer's open work after their role or team changed."""
    HANDOVERS.append(fn)
    return fn


@audit.service
def officer_changed(officer: Officer) -> Officer:
    """After an officer's role, team or active flag changed (here or in the admin): their access,
    then the work they can no longer do goes to their old team."""
    sync_access(officer)
    for hand_over in HANDOVERS:
        hand_over(officer)
    return officer
