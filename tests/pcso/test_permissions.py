"""The permission layer, proven on the core models and two test-only models before any
feature uses it: own team, other team, the inspector's command, sharing, supervision."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import assign_perm

from pcso import permissions, services
from pcso.models import AuditEntry, Neighbourhood, Officer, Role, Team
from tests.factories import OfficerFactory
from tests.permtest.models import ScopedNote, SupervisedNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def note_roles(db):
    """Give the working roles the test models' permissions, as roles.py does for real models."""
    for role in (Role.PCSO, Role.SERGEANT, Role.INSPECTOR):
        group = Group.objects.get(name=role.label)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="permtest"))


@pytest.fixture
def notes(
    note_roles, team, other_team, outside_team, officer, colleague, other_team_officer, other_inspector
):
    outsider = OfficerFactory(role=Role.PCSO, team=outside_team)
    return {
        "own": ScopedNote.objects.create(team=team, author=officer, text="own"),
        "colleague": ScopedNote.objects.create(team=team, author=colleague, text="colleague"),
        "other": ScopedNote.objects.create(team=other_team, author=other_team_officer, text="other"),
        "outside": ScopedNote.objects.create(team=outside_team, author=outsider, text="outside"),
    }


def texts(user, model=ScopedNote, action="view"):
    return sorted(permissions.visible(user, model.objects.all(), action).values_list("text", flat=True))


def test_pcso_sees_own_team_records_only(notes, officer):
    assert texts(officer) == ["colleague", "own"]


def test_pcso_gets_404_for_another_teams_record(notes, officer):
    with pytest.raises(Http404):
        permissions.get_visible_or_404(officer, ScopedNote.objects.all(), pk=notes["other"].pk)
    assert (
        permissions.get_visible_or_404(officer, ScopedNote.objects.all(), pk=notes["own"].pk) == notes["own"]
    )


def test_sergeant_sees_own_team_and_gets_404_for_other(notes, sergeant):
    assert texts(sergeant) == ["colleague", "own"]
    with pytest.raises(Http404):
        permissions.get_visible_or_404(sergeant, ScopedNote.objects.all(), pk=notes["other"].pk)


def test_inspector_sees_every_team_in_command_and_none_outside(notes, inspector):
    assert texts(inspector) == ["colleague", "other", "own"]


def test_other_inspector_sees_only_their_command(notes, other_inspector):
    assert texts(other_inspector) == ["outside"]


def test_administrator_sees_no_content(notes, administrator):
    assert texts(administrator) == []
    assert texts(administrator, SupervisedNote) == []


def test_model_wide_permission_alone_reveals_no_rows(notes, team):
    """A user holding the model permission but no team grant sees nothing, even as superuser."""
    loner = OfficerFactory(role=Role.PCSO, team=None)
    loner.user_permissions.add(*Permission.objects.filter(content_type__app_label="permtest"))
    assert texts(Officer.objects.get(pk=loner.pk)) == []
    loner.is_superuser = True
    loner.save()
    assert texts(Officer.objects.get(pk=loner.pk)) == []


def test_team_grant_without_model_permission_reveals_nothing(notes, officer):
    Group.objects.get(name=Role.PCSO.label).permissions.remove(
        *Permission.objects.filter(content_type__app_label="permtest")
    )
    assert texts(Officer.objects.get(pk=officer.pk)) == []


def test_supervisory_action_needs_supervision(notes, officer, sergeant, inspector):
    assert texts(officer, action="review") == []
    assert texts(sergeant, action="review") == ["colleague", "own"]
    assert texts(inspector, action="review") == ["colleague", "other", "own"]


def test_record_shared_with_an_officer_of_another_team(notes, other_team_officer):
    assign_perm("permtest.view_scopednote", other_team_officer, notes["own"])
    assert texts(other_team_officer) == ["other", "own"]
    # Shared for viewing only: not for changing.
    assert permissions.can(other_team_officer, "change", notes["own"]) is False


def test_record_shared_with_another_team(notes, other_team, other_team_officer, other_sergeant):
    assign_perm("permtest.view_scopednote", services.team_group(other_team), notes["own"])
    assert texts(other_team_officer) == ["other", "own"]
    assert texts(other_sergeant) == ["other", "own"]


def test_record_shared_with_a_team_reaches_its_inspector(notes, outside_team, other_inspector, inspector):
    assign_perm("permtest.view_scopednote", services.team_group(outside_team), notes["own"])
    assert texts(other_inspector) == ["outside", "own"]
    # Sharing is for viewing: the sharing team's supervisory actions stay its own.
    assert texts(other_inspector, action="review") == ["outside"]


def test_supervised_model_pcso_sees_only_own(
    note_roles, team, officer, colleague, sergeant, inspector, other_team_officer
):
    SupervisedNote.objects.create(team=team, author=officer, text="mine")
    SupervisedNote.objects.create(team=team, author=colleague, text="theirs")
    assert texts(officer, SupervisedNote) == ["mine"]
    assert texts(colleague, SupervisedNote) == ["theirs"]
    assert texts(sergeant, SupervisedNote) == ["mine", "theirs"]
    assert texts(inspector, SupervisedNote) == ["mine", "theirs"]
    assert texts(other_team_officer, SupervisedNote) == []


def test_can_and_require(notes, officer, other_team_officer):
    assert permissions.can(officer, "change", notes["colleague"]) is True
    assert permissions.can(other_team_officer, "change", notes["own"]) is False
    with pytest.raises(PermissionDenied):
        permissions.require(other_team_officer, "change", notes["own"])


def test_can_create_only_in_own_team(note_roles, team, other_team, officer):
    assert permissions.can(officer, "add", ScopedNote(team=team, author=officer)) is True
    assert permissions.can(officer, "add", ScopedNote(team=other_team, author=officer)) is False


def test_inactive_and_anonymous_see_nothing(notes, officer):
    from django.contrib.auth.models import AnonymousUser

    assert texts(AnonymousUser()) == []
    officer.is_active = False
    officer.save()
    services.sync_access(officer)
    assert texts(Officer.objects.get(pk=officer.pk)) == []


def test_moving_team_moves_scope(notes, officer, other_team):
    services.move_officer(officer=officer, team=other_team)
    assert texts(Officer.objects.get(pk=officer.pk)) == ["other"]


def test_sergeant_promoted_loses_old_supervision(notes, sergeant, other_team):
    services.move_officer(officer=sergeant, team=other_team)
    assert texts(Officer.objects.get(pk=sergeant.pk), action="review") == ["other"]


def test_changing_inspector_moves_command(notes, team, inspector, other_inspector):
    services.set_team_inspector(team=team, inspector=other_inspector)
    assert texts(Officer.objects.get(pk=inspector.pk)) == ["other"]
    assert texts(Officer.objects.get(pk=other_inspector.pk)) == ["colleague", "outside", "own"]


def test_core_models_are_team_scoped(team, other_team, officer, inspector):
    assert list(permissions.visible(officer, Team.objects.all()).values_list("name", flat=True)) == ["West"]
    assert sorted(permissions.visible(inspector, Team.objects.all()).values_list("name", flat=True)) == [
        "East",
        "West",
    ]
    assert list(permissions.visible(officer, Neighbourhood.objects.all()).values_list("code", flat=True)) == [
        "cl-farringdon"
    ]


def test_guardian_has_perm_ignores_group_model_permissions(team, officer):
    """The trap the module hides: an object check ignores group-wide permissions."""
    assert officer.has_perm("pcso.view_team") is True
    # Guardian's object backend answers False for the model permission on an object...
    from guardian.backends import ObjectPermissionBackend

    assert ObjectPermissionBackend().has_perm(officer, "pcso.view_team", team) is False
    # ...while the module answers from role and team grant together.
    assert permissions.can(officer, "view", team) is True


def test_views_record_sensitive_reads(notes, officer, rf):
    from django.views.generic import DetailView

    class NoteDetail(permissions.VisibleMixin, DetailView):
        model = ScopedNote
        template_name = "pcso/officer_detail.html"

    request = rf.get("/")
    request.user = officer
    view = NoteDetail()
    view.setup(request, pk=notes["own"].pk)
    assert view.get_object() == notes["own"]
    entry = AuditEntry.objects.filter(action="permtest.scopednote.read").get()
    assert (entry.actor, entry.object_id) == (officer, str(notes["own"].pk))
    view.setup(request, pk=notes["other"].pk)
    with pytest.raises(Http404):
        view.get_object()


def test_visible_query_count_does_not_grow(notes, officer, team, django_assert_num_queries):
    officer = Officer.objects.get(pk=officer.pk)
    officer.has_perm("permtest.view_scopednote")  # warm the role permission cache
    # The scope (team ids, shared ids: one query each) is looked up once and kept on the officer.
    with django_assert_num_queries(3):
        assert len(list(permissions.visible(officer, ScopedNote.objects.all()))) == 2
    for i in range(20):
        ScopedNote.objects.create(team=team, author=officer, text=f"n{i}")
    with django_assert_num_queries(1):
        assert len(list(permissions.visible(officer, ScopedNote.objects.all()))) == 22


@pytest.fixture
def author_only_review():
    """A temporary rule: nobody reviews their own note (as nobody signs off their own patrol)."""
    key = ("review", "permtest.scopednote")
    permissions.rule("review", "permtest.scopednote", rows=lambda user, notes: notes.exclude(author=user))(
        lambda user, note: note.author_id != user.pk
    )
    yield
    permissions.RULES.pop(key)


def test_object_rule_narrows_can_and_row_rule_narrows_lists_alike(notes, author_only_review, team):
    author = notes["own"].author
    sergeant_note = ScopedNote.objects.create(team=team, author=author, text="x")
    from tests.factories import OfficerFactory as Officers

    sergeant = Officers(role=Role.SERGEANT, team=team)
    own = ScopedNote.objects.create(team=team, author=sergeant, text="sergeants own")
    assert permissions.can(sergeant, "review", sergeant_note) is True
    assert permissions.can(sergeant, "review", own) is False
    assert texts(sergeant, action="review") == ["colleague", "own", "x"]


def test_supervisors_of_a_team_come_from_the_grants(
    team, other_team, officer, sergeant, other_sergeant, inspector
):
    def names(team):
        return sorted(o.collar_number for o in permissions.supervisors_of(team))

    assert names(team) == sorted([sergeant.collar_number, inspector.collar_number])
    assert names(other_team) == sorted([other_sergeant.collar_number, inspector.collar_number])
    # A grant, not a role, makes a supervisor: an acting sergeant holds it for a while.
    assign_perm(f"pcso.{permissions.SUPERVISE}", officer, team)
    assert names(team) == sorted([officer.collar_number, sergeant.collar_number, inspector.collar_number])
    assert [permissions.supervises(officer, t) for t in (team, other_team)] == [True, False]


def test_members_of_a_team_are_its_pcsos_and_sergeants(team, officer, colleague, sergeant, inspector):
    assert sorted(o.pk for o in permissions.members_of([team])) == sorted(
        [officer.pk, colleague.pk, sergeant.pk]
    )


def test_a_supervisory_rule_of_one_model_leaves_another_models_verb_alone(
    notes, officer, sergeant, monkeypatch
):
    """patrols declares "signoff" supervisory for patrols: a "signoff" on another model stays
    ordinary team work, and declaring one there does not change the patrol's."""
    from engagement.models import VictimCase

    monkeypatch.setattr(permissions, "RULES", dict(permissions.RULES))
    monkeypatch.setattr(permissions, "SUPERVISORY", set(permissions.SUPERVISORY))
    note = notes["own"]
    assert permissions.is_supervisory("signoff", ScopedNote) is False
    assert permissions.team_ids(officer, "signoff", ScopedNote) == (note.team_id,)
    permissions.rule("close", "permtest.scopednote", rows=lambda user, rows: rows, supervisory=True)(
        lambda user, obj: True
    )
    assert permissions.is_supervisory("close", ScopedNote) is True
    assert permissions.team_ids(officer, "close", ScopedNote) == ()
    assert permissions.team_ids(sergeant, "close", ScopedNote) == (note.team_id,)
    assert permissions.is_supervisory("close", VictimCase) is False  # the case's own "close"
    assert permissions.team_ids(officer, "close", VictimCase) == (note.team_id,)
