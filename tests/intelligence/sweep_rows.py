"""What each role gets from each intelligence URL (format: tests/test_url_sweep.py). Records:
"report" is a submitted report of the team's PCSO, "draft" a draft of theirs, "accepted" one
accepted by the team's sergeant; "shared" is East's accepted report disseminated to West."""

from tests.sweep import Row

from .sweep_rows_crime import ROWS as CRIME_ROWS

NOBODY = "404 404  404  404  404  404  404 404 302"

# Statuses per role, in this order (tests.sweep.ROLES):
#    pcso colleague other_pcso sergeant other_sergeant inspector outside_inspector administrator anonymous
ROWS = [
    *CRIME_ROWS,
    Row("intelligence:report-list", status="200 200  200  200  200  200  200 200 302"),
    Row("intelligence:report-export", status="200 200  200  200  200  200  200 200 302"),
    Row("intelligence:review-queue", status="200 200  200  200  200  200  200 200 302"),
    Row("intelligence:retention-due", status="200 200  200  200  200  200  200 200 302"),
    Row("intelligence:report-create", status="200 200  200  200  200  404  404 404 302"),
    Row(
        "intelligence:report-detail",
        record="report",
        own="200 404  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
        shared="200 200  200  200  200  200  404 404 302",
    ),
    Row(
        "intelligence:report-edit",
        record="draft",
        own="200 404  404  404  404  404  404 404 302",
        other="404 404  200  404  404  404  404 404 302",
    ),
    Row(
        "intelligence:report-submit",
        record="draft",
        method="post",
        own="302 404  404  404  404  404  404 404 302",
        other="404 404  302  404  404  404  404 404 302",
    ),
    Row(
        "intelligence:report-review",
        record="report",
        own="404 404  404  200  404  200  404 404 302",
        other="404 404  404  404  200  200  404 404 302",
        shared=NOBODY,
    ),
    Row(
        "intelligence:report-start-review",
        record="report",
        method="post",
        own="404 404  404  302  404  302  404 404 302",
        other="404 404  404  404  302  302  404 404 302",
        shared=NOBODY,
    ),
    Row(
        "intelligence:report-disseminate",
        record="accepted",
        own="404 404  404  200  404  200  404 404 302",
        other="404 404  404  404  200  200  404 404 302",
        shared="404 404  404  404  200  200  404 404 302",
    ),
    Row(
        "intelligence:report-retention",
        record="accepted",
        own="404 404  404  200  404  404  404 404 302",
        other="404 404  404  404  200  404  404 404 302",
        shared="404 404  404  404  200  404  404 404 302",
    ),
]
