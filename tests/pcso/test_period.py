"""A list's period (pcso.forms.PeriodForm): the list and its CSV export hold the same rows, the
days given included; wrong dates are said beside the form and nothing typed is lost."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from pcso.models import AuditEntry
from tests.factories import make_case
from tests.intelligence.conftest import make_report

LONDON = ZoneInfo("Europe/London")


def _rows(response) -> list[list[str]]:
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return lines[2:]  # the OFFICIAL-SENSITIVE marking, then the header


def _created(record, when: datetime) -> None:
    record.created_at = when
    record.save(update_fields=["created_at"])


def test_report_csv_holds_the_status_and_period_the_list_shows(client_for, officer):
    before = make_report(officer, status="submitted")
    first_day = make_report(officer, status="submitted")
    last_day = make_report(officer, status="submitted")
    draft = make_report(officer, status="draft")
    _created(before, datetime(2026, 10, 31, 23, 59, tzinfo=LONDON))
    _created(first_day, datetime(2026, 11, 1, 0, 0, tzinfo=LONDON))
    _created(last_day, datetime(2026, 11, 30, 23, 59, tzinfo=LONDON))
    _created(draft, datetime(2026, 11, 15, 12, 0, tzinfo=LONDON))
    client = client_for(officer)
    params = {"status": "submitted", "start": "2026-11-01", "end": "2026-11-30"}

    listed = client.get(reverse("intelligence:report-list"), params)
    assert [r.pk for r in listed.context["reports"]] == [last_day.pk, first_day.pk]
    exported = client.get(reverse("intelligence:report-export"), params)
    assert [int(row[0]) for row in _rows(exported)] == [first_day.pk, last_day.pk]
    entry = AuditEntry.objects.filter(action="intelligence.intelligencereport.exported").get()
    assert entry.changes == {"rows": 2, "ids": [first_day.pk, last_day.pk]}


def test_case_csv_holds_the_cases_opened_in_the_period(client_for, officer):
    october = make_case(officer, reference="OCT")
    november = make_case(officer, reference="NOV")
    _created(october, datetime(2026, 10, 20, 9, 0, tzinfo=LONDON))
    _created(november, datetime(2026, 11, 20, 9, 0, tzinfo=LONDON))
    response = client_for(officer).get(reverse("engagement:case-export"), {"start": "2026-11-01"})
    assert [row[0] for row in _rows(response)] == ["NOV"]


def test_wrong_dates_are_said_beside_the_form_and_kept(client_for, officer):
    client = client_for(officer)
    params = {"status": "submitted", "start": "2026-11-30", "end": "2026-11-01"}
    response = client.get(reverse("intelligence:report-export"), params, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[0][0] == (
        reverse("intelligence:report-list") + "?status=submitted&start=2026-11-30&end=2026-11-01"
    )
    assert "The end date must not be before the start date." in page
    assert 'value="2026-11-30"' in page and 'value="2026-11-01"' in page
    assert not AuditEntry.objects.filter(action="intelligence.intelligencereport.exported").exists()


def test_case_csv_holds_open_cases_like_the_list_unless_asked(client_for, officer):
    from engagement.models import VictimCase

    make_case(officer, reference="OPEN")
    closed = make_case(officer, reference="SHUT")
    closed.status = VictimCase.Status.CLOSED
    closed.save(update_fields=["status"])
    client = client_for(officer)
    assert [row[0] for row in _rows(client.get(reverse("engagement:case-export")))] == ["OPEN"]
    every = client.get(reverse("engagement:case-export"), {"status": "all"})
    assert [row[0] for row in _rows(every)] == ["OPEN", "SHUT"]


def test_figures_count_a_shared_case_for_the_team_that_owns_it(
    officer, other_team_officer, sergeant, other_sergeant
):
    from engagement.models import FollowUp
    from engagement.services import victims as services
    from pcso import permissions

    own = make_case(officer, reference="OWN", consents_to_referral=True)
    theirs = make_case(other_team_officer, reference="THEIRS", consents_to_referral=True)
    services.share_case(officer=other_sergeant, case=theirs, team=officer.team)
    visible = permissions.visible(sergeant, FollowUp.objects.all())
    own_rows = permissions.own_teams_rows(sergeant, FollowUp.objects.all())
    assert {f.case.reference for f in visible} == {"OWN", "THEIRS"}
    assert {f.case.reference for f in own_rows} == {"OWN"}
    assert own_rows.count() == own.follow_ups.count()
