"""The visibility matrix: each role against own, same-team, other-team and disseminated reports,
for the detail page, the list, search and the CSV export."""

import csv
import io

import pytest
from django.urls import reverse

from intelligence.services import reports as services
from pcso.models import AuditEntry

from .conftest import make_report

pytestmark = pytest.mark.django_db

REPORTS = ["own", "same_team", "other_team", "to_officer", "to_team"]

# Who sees which report. "own" is the officer's (West); "same_team" the colleague's (West);
# "other_team" a PCSO's of East; "to_officer" an East report disseminated to the officer by
# name; "to_team" an East report disseminated to West. The inspector commands West and East;
# the other inspector commands North; the administrator sees no intelligence.
SEES = {
    "officer": {"own", "to_officer", "to_team"},
    "colleague": {"same_team", "to_team"},
    "sergeant": {"own", "same_team", "to_team"},
    "inspector": set(REPORTS),
    "other_team_officer": {"other_team", "to_officer", "to_team"},
    "other_sergeant": {"other_team", "to_officer", "to_team"},
    "other_inspector": set(),
    "administrator": set(),
}


@pytest.fixture
def reports(
    officer, colleague, sergeant, inspector, other_team_officer, other_sergeant, team, other_inspector
):
    """One report of each kind; each text carries the word "ladder" and its own code word."""
    made = {
        "own": make_report(officer, text="own: ladder alpha"),
        "same_team": make_report(colleague, text="same team: ladder bravo"),
        "other_team": make_report(other_team_officer, text="other team: ladder charlie"),
        "to_officer": make_report(
            other_team_officer, status="accepted", reviewer=other_sergeant, text="ladder delta"
        ),
        "to_team": make_report(
            other_team_officer, status="accepted", reviewer=other_sergeant, text="ladder echo"
        ),
    }
    services.disseminate_report(officer=other_sergeant, report=made["to_officer"], to_officer=officer)
    services.disseminate_report(officer=other_sergeant, report=made["to_team"], to_team=team)
    return made


def seen_in(content: str, reports) -> set[str]:
    return {name for name, report in reports.items() if f'data-report="{report.pk}"' in content}


@pytest.mark.parametrize("who", list(SEES))
def test_visibility_matrix(request, client_for, reports, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    expected = SEES[who]

    # The detail page: 200 and an audited read, or 404 and nothing read.
    statuses = {name: client.get(report.get_absolute_url()).status_code for name, report in reports.items()}
    assert statuses == {name: 200 if name in expected else 404 for name in REPORTS}
    reads = AuditEntry.objects.filter(action="intelligence.intelligencereport.read")
    assert sorted(int(pk) for pk in reads.values_list("object_id", flat=True)) == sorted(
        reports[name].pk for name in expected
    )

    # The list.
    listed = client.get(reverse("intelligence:report-list")).content.decode()
    assert seen_in(listed, reports) == expected

    # Search: a word in every report, and a code word of one report.
    found = client.get(reverse("intelligence:report-list"), {"q": "ladder"}).content.decode()
    assert seen_in(found, reports) == expected
    charlie = client.get(reverse("intelligence:report-list"), {"q": "charlie"}).content.decode()
    assert seen_in(charlie, reports) == expected & {"other_team"}

    # The export, marked and audited with the ids it held.
    response = client.get(reverse("intelligence:report-export"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["OFFICIAL-SENSITIVE"]
    numbers = {int(row[0]) for row in rows[2:]}
    assert numbers == {reports[name].pk for name in expected}
    entry = AuditEntry.objects.get(action="intelligence.intelligencereport.exported")
    assert (entry.actor, entry.changes["rows"], sorted(entry.changes["ids"])) == (
        user,
        len(numbers),
        sorted(numbers),
    )


def test_a_draft_is_seen_by_its_author_only(client_for, officer, sergeant, inspector):
    draft = make_report(officer, status="draft", text="draft ladder")
    drafts = {"draft": draft}
    for supervisor in (sergeant, inspector):
        client = client_for(supervisor)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert seen_in(client.get(reverse("intelligence:report-list")).content.decode(), drafts) == set()
    client = client_for(officer)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert ("draft ladder" in response.content.decode(), "Finish the draft" in response.content.decode()) == (
        True,
        True,
    )
    assert seen_in(client.get(reverse("intelligence:report-list")).content.decode(), drafts) == {"draft"}
