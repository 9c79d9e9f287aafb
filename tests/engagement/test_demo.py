import pytest
from django.utils import timezone

from engagement import demo
from engagement.models import FollowUp, VictimCase
from pcso import demo as pcso_demo

pytestmark = pytest.mark.django_db


def test_demo_has_every_band_with_due_overdue_and_done_follow_ups_and_is_idempotent():
    officers = pcso_demo.load()
    demo.load(officers)
    counts = (VictimCase.objects.count(), FollowUp.objects.count())
    demo.load(officers)
    assert (VictimCase.objects.count(), FollowUp.objects.count()) == counts
    assert set(VictimCase.objects.values_list("band__code", flat=True)) == {
        "standard",
        "medium",
        "high",
        None,
    }
    now = timezone.now()
    open_ = FollowUp.objects.filter(completed_at=None, cancelled_at=None)
    assert open_.filter(due_at__lt=now).exists()
    assert open_.filter(due_at__gte=now).exists()
    assert FollowUp.objects.exclude(completed_at=None).exists()
    assert VictimCase.objects.get(reference="CW-1006").repeat_victim is True
    assert VictimCase.objects.get(reference="CE-2003").status == "closed"
    assert (
        VictimCase.objects.get(reference="CW-1001")
        .follow_ups.filter(kind="visit", completed_at=None)
        .get()
        .due_at
        < now
    )


def test_demo_diary_has_due_overdue_and_planned_groups_closed_pairs_and_every_query_state():
    from engagement.models import CommunityGroup, DiaryEntry, NeighbourhoodQuery, Priority
    from engagement.queries import diary as diary_queries

    officers = pcso_demo.load()
    demo.load(officers)
    counts = (CommunityGroup.objects.count(), DiaryEntry.objects.count(), Priority.objects.count())
    demo.load(officers)
    assert (CommunityGroup.objects.count(), DiaryEntry.objects.count(), Priority.objects.count()) == counts
    today = timezone.localdate()
    for team in ("City West NPT", "City East NPT"):
        states = {g.contact_state(today) for g in CommunityGroup.objects.filter(team__name=team)}
        assert {"due", "overdue"} <= states
    assert {g.contact_state(today) for g in CommunityGroup.objects.all()} == {"planned", "due", "overdue"}
    now = timezone.now()
    assert {q.clock(now) for q in NeighbourhoodQuery.objects.all()} == {
        "open",
        "overdue",
        "answered in time",
        "answered late",
    }
    flagged = {n.code for n in diary_queries.neighbourhood_priorities(officers["I1001"]) if n.flagged}
    assert flagged == {"cl-temple"}
    from pcso.models import Neighbourhood

    assert sum(len(diary_queries.you_said_we_did(n)) for n in Neighbourhood.objects.all()) == 2
