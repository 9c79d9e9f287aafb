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

# The community diary. A PCSO edits what they recorded; the team's sergeant all of it; the
# inspector reads; the administrator sees none of it.
#             pcso colleague other_pcso sergeant other_sergeant inspector outside_inspector administrator anonymous
_READ_OWN = "200 200  404  200  404  200  404 404 302"
_READ_OTHER = "404 404  200  404  200  200  404 404 302"
_LIST = "200 200  200  200  200  200  200 200 302"
_CREATE = "200 200  200  200  200  404  404 404 302"
ROWS += [
    Row("engagement:entry-list", status=_LIST),
    Row("engagement:entry-create", status=_CREATE),
    Row("engagement:entry-detail", record="entry", own=_READ_OWN, other=_READ_OTHER),
    Row(
        "engagement:entry-edit",
        record="entry",
        own="200 404  404  200  404  404  404 404 302",
        other="404 404  200  404  200  404  404 404 302",
    ),
    Row(
        "engagement:action-add",
        record="entry",
        method="post",
        own="400 404  404  400  404  404  404 404 302",
        other="404 404  400  404  400  404  404 404 302",
    ),
    Row(
        "engagement:action-complete",
        record="diary_action",
        method="post",
        own="400 404  404  400  404  404  404 404 302",
        other="404 404  400  404  400  404  404 404 302",
    ),
    Row("engagement:group-list", status=_LIST),
    Row("engagement:group-due", status=_LIST),
    Row("engagement:group-create", status=_CREATE),
    Row("engagement:group-detail", record="group", own=_READ_OWN, other=_READ_OTHER),
    Row(
        "engagement:group-edit",
        record="group",
        own="200 200  404  200  404  404  404 404 302",
        other="404 404  200  404  200  404  404 404 302",
    ),
    Row("engagement:priority-overview", status=_LIST),
    Row("engagement:priority-list", record="neighbourhood", own=_READ_OWN, other=_READ_OTHER),
    Row(
        "engagement:priority-review",
        record="priority",
        own="404 404  404  200  404  404  404 404 302",
        other="404 404  404  404  200  404  404 404 302",
    ),
    Row("engagement:meeting-list", status=_LIST),
    Row("engagement:meeting-create", status=_CREATE),
    Row("engagement:meeting-detail", record="meeting", own=_READ_OWN, other=_READ_OTHER),
    Row("engagement:query-list", status=_LIST),
    Row("engagement:query-create", status=_CREATE),
    Row("engagement:query-detail", record="query", own=_READ_OWN, other=_READ_OTHER),
    Row("engagement:you-said-we-did", record="neighbourhood", own=_READ_OWN, other=_READ_OTHER),
    Row("engagement:you-said-we-did-csv", record="neighbourhood", own=_READ_OWN, other=_READ_OTHER),
    Row("engagement:you-said-we-did-json", record="neighbourhood", own=_READ_OWN, other=_READ_OTHER),
    Row("engagement:handover", record="neighbourhood", own=_READ_OWN, other=_READ_OTHER),
]
