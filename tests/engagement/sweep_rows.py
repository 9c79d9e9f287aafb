"""What each role gets from each engagement URL (format: tests/test_url_sweep.py)."""

from tests.sweep import Row


def _team(world, variant):
    return {"team": world.people["other_pcso"].team_id}


# Statuses per role, in this order (tests.sweep.ROLES):
#    pcso colleague other_pcso sergeant other_sergeant inspector outside_inspector administrator anonymous
ROWS = [
    Row(
        "engagement:case-list",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "engagement:case-export",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "engagement:case-create",
        status="200 200  200  200  200  404  404 404 302",
    ),
    Row(
        "engagement:case-detail",
        record="case",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
        shared="200 200  200  200  200  200  404 404 302",
    ),
    Row(
        "engagement:case-assess",
        record="case",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
        shared="404 404  200  404  200  200  404 404 302",
    ),
    Row(
        "engagement:case-key-event",
        record="case",
        method="post",
        # No event chosen: the case page comes back with the form and its message (400).
        own="400 400  404  400  404  400  404 404 302",
        other="404 404  400  404  400  400  404 404 302",
        shared="404 404  400  404  400  400  404 404 302",
    ),
    Row(
        "engagement:case-close",
        record="case",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
        shared="404 404  200  404  200  200  404 404 302",
    ),
    Row(
        "engagement:case-share",
        record="case",
        own="404 404  404  200  404  200  404 404 302",
        other="404 404  404  404  200  200  404 404 302",
        shared="404 404  404  404  200  200  404 404 302",
    ),
    Row(
        "engagement:case-plan-reviews",
        record="case",
        method="post",
        own="404 404  404  302  404  302  404 404 302",
        other="404 404  404  404  302  302  404 404 302",
        shared="404 404  404  404  302  302  404 404 302",
    ),
    Row(
        "engagement:case-unshare",
        record="case",
        method="post",
        data=_team,
        own="404 404  404  302  404  302  404 404 302",
        other="404 404  404  404  302  302  404 404 302",
        shared="404 404  404  404  302  302  404 404 302",
    ),
    Row(
        "engagement:case-assign",
        record="case",
        own="404 404  404  200  404  200  404 404 302",
        other="404 404  404  404  200  200  404 404 302",
        shared="404 404  404  404  200  200  404 404 302",
    ),
    Row(
        "engagement:victim-detail",
        record="victim",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
        shared="200 200  200  200  200  200  404 404 302",
    ),
    Row(
        "engagement:follow-up-detail",
        record="follow_up",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
        shared="200 200  200  200  200  200  404 404 302",
    ),
]
