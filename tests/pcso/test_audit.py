import datetime as dt
import json

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from engagement.models import FollowUp, Victim
from pcso import audit, services
from pcso.models import AuditEntry, Officer, Role, Team
from tests.factories import PASSWORD, make_case

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


# Sensitive records: the trail says who, when, which record and which fields, never the content.


def test_victim_changes_are_recorded_without_the_victims_details(officer, team):
    with audit.acting_as(officer):
        victim = Victim.objects.create(
            team=team, name="Jane Victimname", address="12 Secret Road", date_of_birth=dt.date(2010, 5, 1)
        )
        victim.address = "14 Other Road"
        victim.save()
        pk = victim.pk
        victim.delete()
    entries = AuditEntry.objects.filter(action__startswith="engagement.victim.", object_id=str(pk)).order_by(
        "pk"
    )
    assert [(e.action, e.actor, e.object_repr) for e in entries] == [
        ("engagement.victim.created", officer, f"Victim #{pk}"),
        ("engagement.victim.updated", officer, f"Victim #{pk}"),
        ("engagement.victim.deleted", officer, f"Victim #{pk}"),
    ]
    assert entries[1].changes == {"address": "changed"}
    assert entries[0].changes["name"] == "changed"
    assert entries[2].changes["date_of_birth"] == "changed"
    trail = json.dumps([[e.object_repr, e.changes] for e in AuditEntry.objects.all()])
    assert ("Jane Victimname" in trail, "Secret Road" in trail, "Other Road" in trail) == (
        False,
        False,
        False,
    )


def test_reads_of_a_sensitive_record_name_it_by_kind_and_number(officer, team):
    victim = Victim.objects.create(team=team, name="Jane Victimname")
    entry = audit.record_read(officer, victim)
    assert (entry.action, entry.object_repr, entry.changes) == (
        "engagement.victim.read",
        f"Victim #{victim.pk}",
        {},
    )


def test_follow_up_notes_and_who_was_spoken_to_stay_out_of_the_trail(officer):
    case = make_case(officer)
    follow_up = FollowUp.objects.create(
        case=case, kind=FollowUp.Kind.VISIT, due_at=timezone.now(), assigned_to=officer
    )
    follow_up = FollowUp.objects.get(pk=follow_up.pk)
    follow_up.spoke_to = "Jane's mother"
    follow_up.notes = "Frightened to go out"
    follow_up.save()
    entry = AuditEntry.objects.filter(action="engagement.followup.updated").latest("pk")
    assert (entry.object_repr, entry.changes) == (
        f"Follow up #{follow_up.pk}",
        {"spoke_to": "changed", "notes": "changed"},
    )


def test_administrator_reads_no_victim_content_in_the_audit_trail(client_for, administrator, team):
    Victim.objects.create(
        team=team, name="Jane Victimname", address="12 Secret Road", date_of_birth=dt.date(2010, 5, 1)
    )
    entry = AuditEntry.objects.get(action="engagement.victim.created")
    client = client_for(administrator)
    listing = client.get(reverse("admin:pcso_auditentry_changelist"))
    detail = client.get(reverse("admin:pcso_auditentry_change", args=[entry.pk]))
    assert (listing.status_code, detail.status_code) == (200, 200)
    assert f"Victim #{entry.object_id}".encode() in listing.content
    assert b"Jane Victimname" not in listing.content
    assert b"Jane Victimname" not in detail.content
    assert b"12 Secret Road" not in detail.content


# Passwords: the hash never enters the trail, but every change of it does.


def test_administrator_setting_an_officers_password_is_audited(client_for, administrator, sergeant):
    client = client_for(administrator)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[sergeant.pk]),
        {
            "password1": "a-new-long-password-42",
            "password2": "a-new-long-password-42",
            "usable_password": "true",
        },
        REMOTE_ADDR="192.0.2.9",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="pcso.officer.password_changed")
    assert (entry.actor, entry.object_id, entry.ip_address, entry.changes) == (
        administrator,
        str(sergeant.pk),
        "192.0.2.9",
        {},
    )


def test_officer_changing_their_own_password_is_audited(client_for, officer):
    client = client_for(officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-42",
            "new_password2": "a-new-long-password-42",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="pcso.officer.password_changed")
    assert (entry.actor, entry.object_id) == (officer, str(officer.pk))


def test_password_reset_by_e_mail_link_is_audited(client, officer):
    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    token = default_token_generator.make_token(officer)
    form_url = client.get(reverse("password_reset_confirm", args=[uid, token])).url
    response = client.post(
        form_url,
        {"new_password1": "a-new-long-password-42", "new_password2": "a-new-long-password-42"},
        REMOTE_ADDR="192.0.2.11",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="pcso.officer.password_changed")
    assert (entry.actor, entry.object_id, entry.ip_address) == (None, str(officer.pk), "192.0.2.11")


def test_password_set_outside_a_request_is_audited_once_per_change(officer):
    officer = Officer.objects.get(pk=officer.pk)
    before = AuditEntry.objects.latest("pk").pk
    officer.set_password("another-long-password")
    officer.save()
    officer.save()
    officer.first_name = "Aysha"
    officer.save()
    entries = AuditEntry.objects.filter(pk__gt=before).order_by("pk")
    assert [(e.action, e.object_id, e.changes) for e in entries] == [
        ("pcso.officer.password_changed", str(officer.pk), {}),
        ("pcso.officer.updated", str(officer.pk), {"first_name": ["Aisha", "Aysha"]}),
    ]


# Access and writes that skip save()


def test_access_changes_are_recorded_once_with_groups_and_supervised_teams(officer, team, other_team):
    before = AuditEntry.objects.latest("pk").pk
    services.move_officer(officer=officer, role=Role.SERGEANT, team=other_team)
    services.sync_access(officer)
    services.officer_changed(officer)
    entries = AuditEntry.objects.filter(pk__gt=before, action="pcso.officer.access_changed")
    assert [(e.object_id, e.changes) for e in entries] == [
        (str(officer.pk), {"groups": ["East (team)", "Sergeant"], "supervises": ["East"]})
    ]


def test_new_officer_access_is_recorded(team):
    officer = services.create_officer(
        collar_number="P4001", first_name="N", last_name="O", role=Role.PCSO, team=team
    )
    entry = AuditEntry.objects.get(action="pcso.officer.access_changed", object_id=str(officer.pk))
    assert entry.changes == {"groups": ["PCSO", "West (team)"], "supervises": []}


def test_update_on_a_tracked_queryset_is_refused(team):
    with pytest.raises(PermissionError):
        Team.objects.filter(pk=team.pk).update(name="Renamed")
    with pytest.raises(PermissionError):
        Officer.objects.filter(team=team).update(first_name="Renamed")
    assert Team.objects.get(pk=team.pk).name == "West"


def test_bulk_create_and_bulk_update_are_recorded(officer):
    with audit.acting_as(officer):
        made = Team.objects.bulk_create([Team(name="North"), Team(name="South")])
        for team in made:
            team.name += " Bank"
        Team.objects.bulk_update(made, ["name"])
    entries = AuditEntry.objects.filter(action__in=["pcso.team.created", "pcso.team.updated"], actor=officer)
    assert sorted((e.action, e.object_repr, e.changes.get("name")) for e in entries) == [
        ("pcso.team.created", "North", [None, "North"]),
        ("pcso.team.created", "South", [None, "South"]),
        ("pcso.team.updated", "North Bank", ["North", "North Bank"]),
        ("pcso.team.updated", "South Bank", ["South", "South Bank"]),
    ]


def test_deleting_an_inspector_clears_their_command(team, inspector):
    """Django's own SET_NULL on delete still works (it does not use the default manager)."""
    assert team.inspector_id == inspector.pk
    inspector.delete()
    assert Team.objects.get(pk=team.pk).inspector_id is None


# One entry per event


def test_a_service_save_is_recorded_once_by_its_named_event(officer):
    from patrols.services import patrols as patrol_services

    patrol = patrol_services.start_patrol(officer=officer)
    entries = AuditEntry.objects.filter(object_id=str(patrol.pk), action__startswith="patrols.patrol.")
    assert list(entries.values_list("action", flat=True)) == ["patrols.patrol.started"]


def test_a_service_event_about_an_update_names_the_changed_fields(officer):
    from patrols.services import patrols as patrol_services

    now = timezone.now()
    patrol = patrol_services.start_patrol(officer=officer, now=now - dt.timedelta(hours=1))
    patrol_services.end_patrol(user=officer, patrol=patrol, summary="Quiet", now=now)
    entries = AuditEntry.objects.filter(object_id=str(patrol.pk), action__startswith="patrols.patrol.")
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        "patrols.patrol.started",
        "patrols.patrol.ended",
    ]
    ended = entries.get(action="patrols.patrol.ended")
    assert (sorted(ended.changes["fields"]), ended.changes["fields"]["summary"]) == (
        ["end_received_at", "ended_at", "status", "summary"],
        ["", "Quiet"],
    )


def test_saves_no_event_names_are_recorded_once_when_the_service_ends(officer):
    with audit.acting_as(officer), audit.service():
        team = Team.objects.create(name="South")
        team.name = "South Bank"
        team.save()
    entries = AuditEntry.objects.filter(object_id=str(team.pk), action__startswith="pcso.team.")
    assert [(e.action, e.actor, e.changes["name"]) for e in entries] == [
        ("pcso.team.created", officer, [None, "South Bank"])
    ]


def test_a_failed_service_leaves_neither_its_changes_nor_their_entries(db):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), audit.service():
        Team.objects.create(name="Never")
        raise RuntimeError("refused")
    assert (Team.objects.filter(name="Never").count(), AuditEntry.objects.count()) == (0, before)


def test_saves_in_a_data_migration_are_recorded(db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    loader = MigrationExecutor(connection).loader
    state = loader.project_state(loader.graph.leaf_nodes("pcso")[0])
    HistoricalTeam = state.apps.get_model("pcso", "Team")
    team = HistoricalTeam.objects.create(name="Migrated")
    team.name = "Migrated again"
    team.save()
    entries = AuditEntry.objects.filter(object_id=str(team.pk), action__startswith="pcso.team.").order_by(
        "pk"
    )
    assert [(e.action, e.changes) for e in entries] == [
        (
            "pcso.team.created",
            {"id": team.pk, "name": "Migrated", "inspector_id": None, "by": "data migration"},
        ),
        (
            "pcso.team.updated",
            {"id": team.pk, "name": "Migrated again", "inspector_id": None, "by": "data migration"},
        ),
    ]
