"""The scope reaches SQL as literal ids, looked up once per user object (one request), and a
change to a grant or a group makes the kept answer stale (issue 8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm, remove_perm

from pcso import permissions, services
from pcso.models import Officer, Role, Team
from tests.pcso.test_permissions import note_roles, notes  # noqa: F401 (fixtures)
from tests.permtest.models import ScopedNote

pytestmark = pytest.mark.django_db


def test_team_ids_are_looked_up_once_for_every_kind_of_action(officer, team, django_assert_num_queries):
    officer = Officer.objects.get(pk=officer.pk)
    with django_assert_num_queries(1):
        assert permissions.team_ids(officer, "view") == (team.pk,)
    with django_assert_num_queries(0):
        assert permissions.team_ids(officer, "change") == (team.pk,)
        assert list(permissions.teams_for(officer, "view").values_list("pk", flat=True).query.where.children)
    with django_assert_num_queries(0):
        assert permissions.team_ids(officer, "review") == ()
        assert permissions.supervises(officer, team) is False
        assert permissions.supervises(officer, team.pk) is False


def test_inspector_acts_on_every_team_of_the_command(inspector, team, other_team, outside_team):
    assert permissions.team_ids(inspector, "review") == tuple(sorted([team.pk, other_team.pk]))
    assert permissions.team_ids(inspector, "view") == tuple(sorted([team.pk, other_team.pk]))


def test_a_new_grant_makes_the_kept_scope_stale(officer, team, other_team):
    assert permissions.team_ids(officer, "view") == (team.pk,)
    services.move_officer(officer=Officer.objects.get(pk=officer.pk), role=Role.PCSO, team=other_team)
    assert permissions.team_ids(officer, "view") == (other_team.pk,)


def test_a_new_share_makes_the_kept_shared_rows_stale(notes, officer, other_team_officer):  # noqa: F811
    assert [n.text for n in permissions.visible(other_team_officer, ScopedNote.objects.all())] == ["other"]
    assign_perm("permtest.view_scopednote", other_team_officer, notes["own"])
    texts = sorted(n.text for n in permissions.visible(other_team_officer, ScopedNote.objects.all()))
    assert texts == ["other", "own"]
    remove_perm("permtest.view_scopednote", other_team_officer, notes["own"])
    assert [n.text for n in permissions.visible(other_team_officer, ScopedNote.objects.all())] == ["other"]


def test_visible_filters_on_literal_ids_not_subqueries(notes, officer, team, other_team_officer):  # noqa: F811
    assign_perm("permtest.view_scopednote", services.team_group(officer.team), notes["other"])
    rows = permissions.visible(officer, ScopedNote.objects.all())
    with CaptureQueriesContext(connection) as queries:
        assert sorted(n.text for n in rows) == ["colleague", "other", "own"]
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "SELECT" not in sql.split("WHERE", 1)[1]
    assert f'"team_id" IN ({team.pk})' in sql
    assert f'"id" IN ({notes["other"].pk})' in sql


def test_no_grant_no_rows_and_no_query(db, django_assert_num_queries):
    from tests.factories import OfficerFactory

    loner = OfficerFactory(role=Role.PCSO, team=None)
    assert loner.has_perm("pcso.view_team")
    assert permissions.team_ids(loner, "view") == ()
    with django_assert_num_queries(0):
        assert list(permissions.visible(loner, Team.objects.all())) == []
