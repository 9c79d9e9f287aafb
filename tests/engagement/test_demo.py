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
