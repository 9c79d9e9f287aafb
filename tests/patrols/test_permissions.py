"""The patrol rules in pcso/permissions.py: who signs off which patrol, who sets hotspots."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from patrols.models import Hotspot, Patrol
from patrols.queries import patrols as queries
from patrols.services import patrols as services
from pcso import permissions
from tests.factories import HotspotFactory, PatrolFactory

pytestmark = pytest.mark.django_db


# Sign-off: never of a patrol you were on


def test_sergeant_may_not_sign_off_own_or_partnered_patrol(sergeant, inspector, officer):
    own = PatrolFactory(officer=sergeant)
    partnered = PatrolFactory(officer=officer, partner=sergeant)
    other = PatrolFactory(officer=officer)
    assert [permissions.can(sergeant, "signoff", p) for p in (own, partnered, other)] == [False, False, True]
    assert [permissions.can(inspector, "signoff", p) for p in (own, partnered, other)] == [True, True, True]
    with pytest.raises(PermissionDenied):
        services.approve_patrol(user=sergeant, patrol=own)
    assert Patrol.objects.get(pk=own.pk).status == "ended"


def test_own_patrol_is_left_out_of_the_sergeants_review_queue(client_for, sergeant, inspector, officer):
    own = PatrolFactory(officer=sergeant)
    other = PatrolFactory(officer=officer)
    assert list(queries.patrols_for_review(sergeant)) == [other]
    assert sorted(p.pk for p in queries.patrols_for_review(inspector)) == sorted([own.pk, other.pk])
    client = client_for(sergeant)
    assert client.post(reverse("patrols:patrol-approve", args=[own.pk])).status_code == 404
    page = client.get(own.get_absolute_url()).content.decode()
    assert "data-review" not in page
    assert "data-review" in client_for(inspector).get(own.get_absolute_url()).content.decode()


# Hotspots: set by the supervisors of their team


def test_only_the_teams_supervisors_add_and_change_its_hotspots(
    sergeant, other_sergeant, inspector, officer, administrator, team, hotspot
):
    new = Hotspot(team=team)
    assert [
        permissions.can(u, "add", new) for u in (sergeant, other_sergeant, inspector, officer, administrator)
    ] == [
        True,
        False,
        False,  # inspectors read hotspots; their sergeants set them
        False,
        False,
    ]
    assert [permissions.can(u, "change", hotspot) for u in (sergeant, other_sergeant, officer)] == [
        True,
        False,
        False,
    ]


def test_hotspot_cannot_be_moved_to_a_team_the_sergeant_does_not_supervise(
    sergeant, team, other_team, hotspot
):
    hotspot = Hotspot.objects.get(pk=hotspot.pk)
    hotspot.team, hotspot.neighbourhood = other_team, None
    with pytest.raises(PermissionDenied):
        services.save_hotspot(user=sergeant, hotspot=hotspot)
    assert Hotspot.objects.get(pk=hotspot.pk).team == team


def test_save_hotspot_refuses_adding_to_another_team(other_sergeant, team):
    with pytest.raises(PermissionDenied):
        services.save_hotspot(user=other_sergeant, hotspot=HotspotFactory.build(team=team, name="Theirs"))
    assert not team.hotspots.exists()
