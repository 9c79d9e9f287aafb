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


# Reminders and inbox messages name cases: administrators see their kind and state only


def test_administrators_see_a_reminders_kind_and_state_never_its_words(client_for, administrator, officer):
    """ "Agreed update for case CW-1003" names a victim's case (issue 20, item 7): not in the
    list, the detail page, a search or a filter."""
    from django.utils import timezone

    from pcso.models import Notification, Reminder

    reminder = Reminder.objects.create(
        recipient=officer,
        kind="victim-update",
        title="Agreed update for case CW-1003",
        url="/engagement/cases/7/",
        values={"reference": "CW-1003"},
        due_at=timezone.now(),
    )
    notification = Notification.objects.create(
        recipient=officer,
        reminder=reminder,
        title="Agreed update for case CW-1003",
        url="/engagement/cases/7/",
    )
    client = client_for(administrator)
    pages = {
        name: client.get(url)
        for name, url in {
            "reminders": reverse("admin:pcso_reminder_changelist"),
            "reminder": reverse("admin:pcso_reminder_change", args=[reminder.pk]),
            "reminder history": reverse("admin:pcso_reminder_history", args=[reminder.pk]),
            "notifications": reverse("admin:pcso_notification_changelist"),
            "notification": reverse("admin:pcso_notification_change", args=[notification.pk]),
        }.items()
    }
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(pages, 200)
    assert {name: "CW-1003" in r.content.decode() for name, r in pages.items()} == dict.fromkeys(pages, False)
    assert {name: "cases/7" in r.content.decode() for name, r in pages.items()} == dict.fromkeys(pages, False)
    listed = pages["reminders"].content.decode()
    link = reverse("admin:pcso_reminder_change", args=[reminder.pk])
    cells = (
        f'<th class="field-kind"><a href="{link}">victim-update</a></th>',
        '<td class="field-state">Pending</td>',
    )
    assert [cell in listed for cell in cells] == [True, True]
    # Probing the words through the list's search or a filter on them is refused.
    searched = [client.get(reverse("admin:pcso_reminder_changelist"), {"q": q}) for q in ("CW-1003", "ZZ-9")]
    # No search on the words: a right and a wrong guess list the same rows.
    assert [(r.status_code, cells[1] in r.content.decode()) for r in searched] == [(200, True), (200, True)]
    probes = [
        (reverse("admin:pcso_reminder_changelist"), {"title__contains": "CW-1003"}),
        (reverse("admin:pcso_reminder_changelist"), {"values__reference": "CW-1003"}),
        (reverse("admin:pcso_reminder_changelist"), {"url__contains": "cases"}),
        (reverse("admin:pcso_notification_changelist"), {"title__contains": "CW-1003"}),
        (reverse("admin:pcso_notification_changelist"), {"reminder__title__contains": "CW"}),
    ]
    answers = [client.get(url, params) for url, params in probes]
    refused = "That request could not be understood."
    assert [(r.status_code, refused in r.content.decode()) for r in answers] == [(400, True)] * len(probes)
