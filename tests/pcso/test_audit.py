import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from pcso import audit
from pcso.models import AuditEntry, Team

pytestmark = pytest.mark.django_db


def test_create_update_and_delete_are_recorded_with_changes(officer):
    with audit.acting_as(officer, "10.1.2.3"):
        team = Team.objects.create(name="South")
        team.name = "South Bank"
        team.save()
        pk = team.pk
        team.delete()
    entries = AuditEntry.objects.filter(object_id=str(pk), action__startswith="pcso.team").order_by("pk")
    assert [(e.action, e.actor, e.ip_address) for e in entries] == [
        ("pcso.team.created", officer, "10.1.2.3"),
        ("pcso.team.updated", officer, "10.1.2.3"),
        ("pcso.team.deleted", officer, "10.1.2.3"),
    ]
    assert entries[1].changes == {"name": ["South", "South Bank"]}
    assert entries[2].changes == {"id": pk, "name": "South Bank", "inspector_id": None}


def test_save_without_change_writes_nothing(team):
    before = AuditEntry.objects.count()
    Team.objects.get(pk=team.pk).save()
    assert AuditEntry.objects.count() == before


def test_passwords_never_enter_the_trail(officer):
    officer.set_password("another-long-password")
    officer.save()
    assert not AuditEntry.objects.filter(changes__has_key="password").exists()


def test_change_without_request_is_attributed_to_system(db):
    team = Team.objects.create(name="Nowhere")
    entry = AuditEntry.objects.get(action="pcso.team.created", object_id=str(team.pk))
    assert (entry.actor, entry.actor_label) == (None, "system")


def test_request_changes_are_attributed_to_the_officer(client_for, administrator, team):
    client = client_for(administrator)
    response = client.post(
        reverse("admin:pcso_team_change", args=[team.pk]),
        {
            "name": "West Renamed",
            "inspector": team.inspector_id,
            "neighbourhoods-TOTAL_FORMS": "0",
            "neighbourhoods-INITIAL_FORMS": "0",
            "neighbourhoods-MIN_NUM_FORMS": "0",
            "neighbourhoods-MAX_NUM_FORMS": "1000",
        },
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="pcso.team.updated", object_id=str(team.pk)).latest("pk")
    assert (entry.actor, entry.ip_address, entry.changes) == (
        administrator,
        "192.0.2.7",
        {"name": ["West", "West Renamed"]},
    )


def test_entry_cannot_be_changed_or_removed_through_the_orm(team):
    entry = AuditEntry.objects.latest("pk")
    entry.action = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action != "tampered"


def test_entry_cannot_be_changed_even_in_raw_sql(team):
    """The database itself refuses, whatever code path tries."""
    from django.db import connection

    entry = AuditEntry.objects.latest("pk")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE pcso_auditentry SET action = 'tampered' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM pcso_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).count() == 1


def test_entry_cannot_be_changed_or_removed_in_the_admin(client_for, team):
    from pcso.models import Officer

    superuser = Officer.objects.create_superuser("SU1", "long-password-123", first_name="Su", last_name="Per")
    client = client_for(superuser)
    entry = AuditEntry.objects.latest("pk")
    change_url = reverse("admin:pcso_auditentry_change", args=[entry.pk])
    delete_url = reverse("admin:pcso_auditentry_delete", args=[entry.pk])

    assert client.get(reverse("admin:pcso_auditentry_changelist")).status_code == 200
    page = client.get(change_url)
    assert page.status_code == 200
    assert b'name="action"' not in page.content  # shown read-only, no input
    assert client.post(change_url, {"action": "tampered"}).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:pcso_auditentry_add")).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action
