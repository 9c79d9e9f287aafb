"""What each role gets from each patrols URL (format: tests/test_url_sweep.py)."""

from tests.sweep import Row


def _hotspot(world, variant):
    return {"hotspot": world.record("hotspot", variant).pk}


def _visit(world, variant):
    return {"visit": world.record("visit", variant).pk}


def _payment(world, variant):
    from django.utils import timezone

    return {"amount": "10.00", "paid_on": timezone.localdate().isoformat(), "reference": "CTO-1"}


def _point(world, variant):
    return {"latitude": "51.5115", "longitude": "-0.1030"}


# Statuses per role, in this order (tests.sweep.ROLES):
#    pcso colleague other_pcso sergeant other_sergeant inspector outside_inspector administrator anonymous
ROWS = [
    Row(
        "patrols:patrol-list",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:patrol-start",
        method="post",
        data=lambda w, v: {"mode": "foot"},
        status="302 302  302  302  302  302  302 302 302",
    ),
    Row(
        "patrols:patrol-add",
        status="200 200  200  200  200  404  404 404 302",
    ),
    Row(
        "patrols:patrol-export",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:review-queue",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:patrol-detail",
        record="patrol",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
    ),
    Row(
        "patrols:patrol-edit",
        record="patrol",
        own="200 404  404  200  404  404  404 404 302",
        other="404 404  200  404  200  404  404 404 302",
    ),
    Row(
        "patrols:patrol-end",
        record="patrol",
        own="302 404  404  302  404  404  404 404 302",
        other="404 404  302  404  302  404  404 404 302",
    ),
    Row(
        "patrols:patrol-point",
        record="patrol",
        method="post",
        data=_point,
        own="302 404  404  302  404  404  404 404 302",
        other="404 404  302  404  302  404  404 404 302",
    ),
    Row(
        "patrols:patrol-points",
        record="patrol",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
    ),
    Row(
        "patrols:patrol-activity",
        record="patrol",
        method="post",
        own="400 404  404  400  404  404  404 404 302",
        other="404 404  400  404  400  404  404 404 302",
    ),
    Row(
        "patrols:patrol-arrive",
        record="patrol",
        method="post",
        data=_hotspot,
        own="302 404  404  302  404  404  404 404 302",
        other="404 404  302  404  302  404  404 404 302",
    ),
    Row(
        "patrols:patrol-leave",
        record="patrol",
        method="post",
        data=_visit,
        own="302 404  404  302  404  404  404 404 302",
        other="404 404  302  404  302  404  404 404 302",
    ),
    Row(
        "patrols:patrol-visit",
        record="patrol",
        method="post",
        own="400 404  404  400  404  404  404 404 302",
        other="404 404  400  404  400  404  404 404 302",
    ),
    Row(
        "patrols:patrol-approve",
        record="patrol",
        method="post",
        own="404 404  404  302  404  302  404 404 302",
        other="404 404  404  404  302  302  404 404 302",
    ),
    Row(
        "patrols:patrol-return",
        record="patrol",
        method="post",
        data=lambda w, v: {"comment": "Fix"},
        own="404 404  404  302  404  302  404 404 302",
        other="404 404  404  404  302  302  404 404 302",
    ),
    Row(
        "patrols:patrol-undo-approval",
        record="patrol",
        method="post",
        own="404 404  404  302  404  302  404 404 302",
        other="404 404  404  404  302  302  404 404 302",
    ),
    Row(
        "patrols:officer-neighbourhoods",
        record="officer",
        own="404 404  404  200  404  200  404 404 302",
        other="404 404  404  404  200  200  404 404 302",
    ),
    Row(
        "patrols:hotspot-list",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:hotspot-add",
        status="404 404  404  200  200  404  404 404 302",
    ),
    Row(
        "patrols:hotspot-detail",
        record="hotspot",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
    ),
    Row(
        "patrols:hotspot-edit",
        record="hotspot",
        own="404 404  404  200  404  404  404 404 302",
        other="404 404  404  404  200  404  404 404 302",
    ),
    Row(
        "patrols:locality",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:map",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:map-neighbourhoods",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:map-hotspots",
        status="200 200  200  200  200  200  200 200 302",
    ),
    # Penalty notices
    Row(
        "patrols:notice-list",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:notice-issue",
        status="200 200  200  200  200  404  404 404 302",
    ),
    Row(
        "patrols:notice-export",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:notice-detail",
        record="notice",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
    ),
    Row(
        "patrols:notice-payment",
        record="notice",
        method="post",
        data=_payment,
        own="302 404  404  302  404  404  404 404 302",
        other="404 404  302  404  302  404  404 404 302",
    ),
    Row(
        "patrols:notice-hearing",
        record="notice",
        method="post",
        own="302 404  404  302  404  404  404 404 302",
        other="404 404  302  404  302  404  404 404 302",
    ),
    Row(
        "patrols:notice-cancel",
        record="notice",
        own="404 404  404  200  404  200  404 404 302",
        other="404 404  404  404  200  200  404 404 302",
    ),
    # The numbers a phone holds (a ticket book): an officer's own; the team's for its supervisors
    Row(
        "patrols:notice-numbers",
        status="200 200  200  200  200  200  200 404 302",
    ),
    Row(
        "patrols:notice-numbers-held",
        status="200 200  200  200  200  200  200 404 302",
    ),
    Row(
        "patrols:notice-numbers-export",
        status="200 200  200  200  200  200  200 404 302",
    ),
    Row(
        "patrols:notice-numbers-reserve",
        method="post",
        status="302 302  302  302  302  404  404 404 302",
        note="not designated: back to the numbers page with the reason",
    ),
    Row(
        "patrols:notice-number-return",
        record="notice_number",
        method="post",
        own="302 404  404  404  404  404  404 404 302",
        other="404 404  302  404  404  404  404 404 302",
    ),
    Row(
        "patrols:notice-number-spoil",
        record="notice_number",
        own="200 404  404  404  404  404  404 404 302",
        other="404 404  200  404  404  404  404 404 302",
    ),
    Row(
        "patrols:designation-list",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "patrols:designation-revoke",
        record="designation",
        method="post",
        own="404 404  404  302  404  404  404 404 302",
        other="404 404  404  404  302  404  404 404 302",
    ),
]
