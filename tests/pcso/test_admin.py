"""The admin site: administrators only, never over their own access, never over a superuser."""

import pytest
from django.urls import reverse

from pcso import permissions, services
from pcso.models import AuditEntry, Officer, Role
from tests.factories import HotspotFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def _officer_form(officer, **changes):
    data = {
        "collar_number": officer.collar_number,
        "first_name": officer.first_name,
        "last_name": officer.last_name,
        "email": officer.email,
        "role": officer.role,
        "team": officer.team_id or "",
        "is_active": "on",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# Who may use the admin site


def test_staff_sergeant_sees_no_other_teams_rows_in_the_admin(client_for, sergeant, other_team):
    """The staff flag alone opens nothing: the admin site shows whole tables, not team scope."""
    hotspot = HotspotFactory(team=other_team)
    sergeant.is_staff = True
    sergeant.save()
    client = client_for(sergeant)
    change = client.get(reverse("admin:patrols_hotspot_change", args=[hotspot.pk]))
    index = client.get(reverse("admin:index"))
    assert (change.status_code, index.status_code) == (302, 302)
    assert index.url.startswith(reverse("admin:login"))
    assert hotspot.name.encode() not in change.content


def test_administrator_uses_the_admin_site(client_for, administrator, other_team):
    hotspot = HotspotFactory(team=other_team, name="Bus station")
    response = client_for(administrator).get(reverse("admin:patrols_hotspot_change", args=[hotspot.pk]))
    assert response.status_code == 200
    assert b"Bus station" in response.content


def test_staff_flag_follows_the_role(administrator, sergeant):
    sergeant.is_staff = True
    sergeant.save()
    services.officer_changed(sergeant)
    services.move_officer(officer=administrator, role=Role.PCSO, team=None)
    moved = OfficerFactory(role=Role.PCSO)
    services.move_officer(officer=moved, role=Role.ADMINISTRATOR, team=None)
    assert [Officer.objects.get(pk=o.pk).is_staff for o in (sergeant, administrator, moved)] == [
        False,
        False,
        True,
    ]


def test_superuser_keeps_the_staff_flag(db):
    superuser = Officer.objects.create_superuser("SU1", "long-password-123", first_name="Su", last_name="Per")
    superuser.role = Role.PCSO
    superuser.save()
    services.officer_changed(superuser)
    assert Officer.objects.get(pk=superuser.pk).is_staff is True


def test_administrator_added_in_the_admin_can_use_it(client_for, administrator):
    response = client_for(administrator).post(
        reverse("admin:pcso_officer_add"),
        {
            "collar_number": "A9002",
            "first_name": "New",
            "last_name": "Admin",
            "email": "a9002@example.invalid",
            "role": Role.ADMINISTRATOR,
            "team": "",
            "password1": "a-new-long-password-42",
            "password2": "a-new-long-password-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    created = Officer.objects.get(collar_number="A9002")
    assert (created.role, created.is_staff, created.is_superuser) == (Role.ADMINISTRATOR, True, False)


def test_staff_flag_is_not_an_admin_field(client_for, administrator, officer):
    client = client_for(administrator)
    page = client.get(reverse("admin:pcso_officer_change", args=[officer.pk]))
    assert page.status_code == 200
    assert (b'name="is_staff"' in page.content, b'name="is_superuser"' in page.content) == (False, False)
    response = client.post(
        reverse("admin:pcso_officer_change", args=[officer.pk]),
        _officer_form(officer, is_staff="on", is_superuser="on"),
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.is_staff, officer.is_superuser) == (False, False)


# An administrator's own access


def test_administrator_cannot_give_themselves_a_team_role(client_for, administrator, team):
    client = client_for(administrator)
    response = client.post(
        reverse("admin:pcso_officer_change", args=[administrator.pk]),
        _officer_form(administrator, role=Role.SERGEANT, team=team.pk, is_staff="on"),
    )
    assert response.status_code == 200
    assert b"Another administrator must change your own role, team or active flag." in response.content
    administrator.refresh_from_db()
    assert (administrator.role, administrator.team) == (Role.ADMINISTRATOR, None)
    assert not permissions.supervises(administrator, team)
    assert administrator.groups.filter(name=team.group_name).exists() is False


def test_administrator_edits_their_own_name(client_for, administrator):
    response = client_for(administrator).post(
        reverse("admin:pcso_officer_change", args=[administrator.pk]),
        _officer_form(administrator, first_name="Christine"),
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert (administrator.first_name, administrator.role) == ("Christine", Role.ADMINISTRATOR)


def test_administrator_gives_another_officer_a_team_role(client_for, administrator, officer, team):
    response = client_for(administrator).post(
        reverse("admin:pcso_officer_change", args=[officer.pk]),
        _officer_form(officer, role=Role.SERGEANT),
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.role, permissions.supervises(officer, team), officer.is_staff) == (
        Role.SERGEANT,
        True,
        False,
    )


# Superusers


def test_administrator_cannot_change_a_superuser(client_for, administrator):
    superuser = Officer.objects.create_superuser("SU1", "long-password-123", first_name="Su", last_name="Per")
    client = client_for(administrator)
    change = client.post(
        reverse("admin:pcso_officer_change", args=[superuser.pk]), _officer_form(superuser, first_name="X")
    )
    password = client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {
            "password1": "a-new-long-password-42",
            "password2": "a-new-long-password-42",
            "usable_password": "true",
        },
    )
    delete = client.post(reverse("admin:pcso_officer_delete", args=[superuser.pk]), {"post": "yes"})
    assert (change.status_code, password.status_code, delete.status_code) == (403, 403, 403)
    superuser.refresh_from_db()
    assert (superuser.first_name, superuser.check_password("long-password-123")) == ("Su", True)
    assert not AuditEntry.objects.filter(action="pcso.officer.password_changed").exists()


def test_there_is_no_anonymous_officer_account(db):
    """django-guardian makes no "AnonymousUser" account (ANONYMOUS_USER_NAME = None)."""
    assert list(Officer.objects.filter(collar_number="AnonymousUser")) == []
