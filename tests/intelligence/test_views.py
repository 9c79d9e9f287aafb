import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intelligence.grading import HandlingCode, IntelligenceAssessment, SourceEvaluation
from intelligence.models import IntelligenceReport, Status
from intelligence.services import reports as services
from pcso.models import AuditEntry

from .conftest import complete, make_report, report_type

pytestmark = pytest.mark.django_db

# Every intelligence URL: the state of the officer's report it acts on, the method, and someone
# it answers (who may see what is the URL sweep's: tests/intelligence/sweep_rows.py).
PAGES = {
    "report-list": (None, "get", "officer"),
    "report-export": (None, "get", "officer"),
    "review-queue": (None, "get", "sergeant"),
    "retention-due": (None, "get", "sergeant"),
    "report-create": (None, "get", "officer"),
    "report-detail": ("submitted", "get", "officer"),
    "report-edit": ("draft", "get", "officer"),
    "report-submit": ("draft", "post", "officer"),
    "report-review": ("submitted", "get", "sergeant"),
    "report-start-review": ("submitted", "post", "sergeant"),
    "report-disseminate": ("accepted", "get", "sergeant"),
    "report-retention": ("accepted", "get", "sergeant"),
}


def test_every_intelligence_page_is_no_store(request, client_for, officer, sergeant):
    from intelligence.urls import urlpatterns

    reports = [p.name for p in urlpatterns if not p.name.startswith(("crime-", "hotspot-"))]
    assert sorted(reports) == sorted(PAGES)
    answers = {}
    for name, (state, method, who) in PAGES.items():
        args = [] if state is None else [make_report(officer, status=state, reviewer=sergeant).pk]
        response = getattr(client_for(request.getfixturevalue(who)), method)(
            reverse(f"intelligence:{name}", args=args)
        )
        answers[name] = (response.status_code, "no-store" in response["Cache-Control"])
    assert answers == {
        name: (302 if method == "post" else 200, True) for name, (_, method, _) in PAGES.items()
    }


def test_pages_are_not_cached(client_for, officer, report):
    response = client_for(officer).get(report.get_absolute_url())
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


# The report form


def form_data(**overrides):
    data = {
        "text": "Two men swap plates on a white van",
        "occurred_at": "2026-11-28T21:30",
        "location_text": "Aldgate bus station",
        "latitude": "",
        "longitude": "",
        "report_type": str(report_type().pk),
        "source_type": "officer",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
        "handling_conditions": "",
        "priority": "1",
        "sanitised": "on",
        "subjects-TOTAL_FORMS": "2",
        "subjects-INITIAL_FORMS": "0",
        "subjects-MIN_NUM_FORMS": "0",
        "subjects-MAX_NUM_FORMS": "30",
        "subjects-0-role": "vehicle",
        "subjects-0-description": "White van LM68 XYZ",
        "subjects-1-role": "",
        "subjects-1-description": "",
        "action": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_submit_from_the_form(client_for, officer, sergeant):
    response = client_for(officer).post(reverse("intelligence:report-create"), form_data())
    report = IntelligenceReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert (report.status, report.grade.code, report.priority, report.sanitised) == (
        Status.SUBMITTED,
        "3x5x2 1/A/P",
        1,
        True,
    )
    assert [(s.role, s.description) for s in report.subjects.all()] == [("vehicle", "White van LM68 XYZ")]


def test_save_draft_needs_nothing(client_for, officer):
    data = {k: "" for k in form_data() if not k.startswith("subjects-")} | {
        k: v for k, v in form_data().items() if k.endswith("FORMS")
    }
    data.update({"action": "draft", "text": "Just started"})
    data.pop("sanitised")
    response = client_for(officer).post(reverse("intelligence:report-create"), data)
    assert response.status_code == 302
    report = IntelligenceReport.objects.get()
    assert (report.status, report.text, report.grade.code) == (Status.DRAFT, "Just started", "")


def test_submit_with_gaps_keeps_what_was_typed(client_for, officer):
    data = form_data(source_type="", priority=None, sanitised=None, **{"subjects-1-description": "Red car"})
    response = client_for(officer).post(reverse("intelligence:report-create"), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert IntelligenceReport.objects.count() == 0
    assert "Choose the source." in content
    assert "Choose the priority." in content
    assert "Confirm that nothing in the report could identify the source." in content
    assert "Say what role this subject plays." in content
    assert "Two men swap plates on a white van</textarea>" in content
    assert 'value="Red car"' in content
    assert 'value="White van LM68 XYZ"' in content
    assert 'value="Aldgate bus station"' in content


def test_handling_code_c_without_conditions_is_refused_by_the_form(client_for, officer):
    for action in ("submit", "draft"):
        data = form_data(handling_code="C", handling_conditions="  ", action=action)
        response = client_for(officer).post(reverse("intelligence:report-create"), data)
        assert response.status_code == 400
        assert "Handling code C needs the conditions for sharing." in response.content.decode()
    assert IntelligenceReport.objects.count() == 0
    response = client_for(officer).post(
        reverse("intelligence:report-create"), form_data(handling_code="C", handling_conditions="Police only")
    )
    assert response.status_code == 302
    assert IntelligenceReport.objects.get().handling_conditions == "Police only"


def test_form_gives_plain_help_for_every_grade_value(client_for, officer):
    content = client_for(officer).get(reverse("intelligence:report-create")).content.decode()
    for choices in (SourceEvaluation, IntelligenceAssessment, HandlingCode):
        for value, label in choices.choices:
            assert f'value="{value}"' in content
            assert str(label).replace("'", "&#x27;") in content
    assert "Source evaluation" in content and "Handling conditions" in content


def test_author_sees_the_return_comment_and_changes_the_report(client_for, officer, sergeant):
    report = make_report(officer, status="returned", reviewer=sergeant)
    client = client_for(officer)
    content = client.get(report.get_absolute_url()).content.decode()
    assert "Say which night." in content
    assert reverse("intelligence:report-edit", args=[report.pk]) in content
    response = client.post(
        reverse("intelligence:report-edit", args=[report.pk]),
        form_data(text="On Tuesday nights", **{"subjects-INITIAL_FORMS": "1"}),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.text) == (Status.SUBMITTED, "On Tuesday nights")


# Review from the pages


def review_data(**overrides):
    return {
        "decision": "accept",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "handling_conditions": "",
        "reason": "",
        **overrides,
    }


def test_reviewer_starts_and_accepts_with_a_regrade(client_for, officer, sergeant, report):
    client = client_for(sergeant)
    url = reverse("intelligence:report-review", args=[report.pk])
    assert "Start review" in client.get(url).content.decode()
    client.post(reverse("intelligence:report-start-review", args=[report.pk]))
    page = client.get(url).content.decode()
    # The form starts from the grade the author gave: 2/B/P.
    assert re.findall(r'name="(\w+)" value="(\w+)"[^>]*checked>', page) == [
        ("decision", "accept"),
        ("source_evaluation", "2"),
        ("intelligence_assessment", "B"),
        ("handling_code", "P"),
    ]
    refused = client.post(url, review_data(source_evaluation="1"))
    assert refused.status_code == 400
    assert "Give the reason for the new grade." in refused.content.decode()
    assert 'value="1"' in refused.content.decode()
    response = client.post(url, review_data(source_evaluation="1", reason="Our own patrol saw it."))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.grade.code) == (Status.ACCEPTED, "3x5x2 1/B/P")
    detail = client_for(officer).get(report.get_absolute_url()).content.decode()
    assert 'data-status="accepted"' in detail
    assert "3x5x2 2/B/P → 3x5x2 1/B/P" in detail


def test_start_review_answers_with_the_decision_form_in_place(client_for, sergeant, report):
    client = client_for(sergeant)
    start = reverse("intelligence:report-start-review", args=[report.pk])
    response = client.post(start, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="decision" class="review-decision">')
    assert 'name="decision" value="accept"' in content and "Record decision" in content
    assert '<div id="report-status" hx-swap-oob="true">' in content
    assert 'data-status="under_review">Under review</span>' in content
    report.refresh_from_db()
    assert report.status == Status.UNDER_REVIEW


def test_start_review_without_script_lands_at_the_decision_form(client_for, sergeant, report):
    response = client_for(sergeant).post(reverse("intelligence:report-start-review", args=[report.pk]))
    assert response.url == reverse("intelligence:report-review", args=[report.pk]) + "#decision"


def test_return_and_reject_need_a_reason_on_the_form(client_for, sergeant, report):
    services.start_review(officer=sergeant, report=report)
    client = client_for(sergeant)
    url = reverse("intelligence:report-review", args=[report.pk])
    for decision in ("return", "reject"):
        response = client.post(url, review_data(decision=decision))
        assert response.status_code == 400
        assert "Say why, for the author." in response.content.decode()
    assert client.post(url, review_data(decision="reject", reason="Duplicate")).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.REJECTED


def test_disseminate_from_the_page(client_for, officer, sergeant, other_team, other_team_officer):
    report = make_report(officer, status="accepted", reviewer=sergeant)
    client = client_for(sergeant)
    url = reverse("intelligence:report-disseminate", args=[report.pk])
    refused = client.post(url, {"to_officer": "", "to_team": ""})
    assert refused.status_code == 400
    assert "Choose either an officer or a team." in refused.content.decode()
    assert client.post(url, {"to_team": other_team.pk}).status_code == 302
    assert client_for(other_team_officer).get(report.get_absolute_url()).status_code == 200


def test_retention_review_from_the_list(client_for, officer, sergeant):
    report = make_report(officer, status="accepted", reviewer=sergeant)
    IntelligenceReport.objects.bulk_update([_due_today(report)], ["review_due_on"])
    client = client_for(sergeant)
    listed = client.get(reverse("intelligence:retention-due")).content.decode()
    assert f'data-report="{report.pk}"' in listed
    url = reverse("intelligence:report-retention", args=[report.pk])
    refused = client.post(url, {"decision": "retain", "reason": "", "next_review_on": ""})
    assert refused.status_code == 400
    assert "Give the reason for keeping the report." in refused.content.decode()
    assert (
        client.post(url, {"decision": "retain", "reason": "Live enquiry", "next_review_on": ""}).status_code
        == 302
    )
    assert (
        f'data-report="{report.pk}"' not in client.get(reverse("intelligence:retention-due")).content.decode()
    )


def _due_today(report):
    from django.utils import timezone

    report.review_due_on = timezone.localdate()
    return report


def test_legacy_grade_shown_with_its_scheme(client_for, officer, sergeant):
    from django.utils import timezone

    from intelligence.grading import Grade, Scheme

    report = services.import_legacy_report(
        team=officer.team,
        submitted_by=officer,
        text="Old record",
        grade=Grade(Scheme.FIVE_FIVE_FIVE, "B", "2", "4"),
        report_type=report_type(),
        occurred_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    content = client_for(sergeant).get(report.get_absolute_url()).content.decode()
    assert "<strong>5x5x5 B/2/4</strong>" in content
    assert "Legacy 5x5x5 grade, kept as it was given" in content
    assert "Known personally to the source but not to the officer" in content


# Query counts stay flat as reports grow


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(context)


def _add(officer, colleague, n, start):
    for i in range(start, start + n):
        make_report(officer if i % 2 else colleague, text=f"Ladder sighting number {i}", priority=1 + i % 3)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("review-queue", {}),
        ("report-list", {"q": "ladder"}),
        ("report-list", {}),
        ("report-export", {}),
    ],
)
def test_query_count_does_not_grow(client_for, officer, colleague, sergeant, name, params):
    client = client_for(sergeant)
    url = reverse(f"intelligence:{name}")
    _add(officer, colleague, 5, 0)
    five = _queries(client, url, params)
    _add(officer, colleague, 45, 5)
    fifty = _queries(client, url, params)
    assert five == fifty
    assert str(len(IntelligenceReport.objects.all())) == "50"


def test_reads_and_lists_are_audited(client_for, officer, sergeant, report):
    client = client_for(sergeant)
    client.get(reverse("intelligence:review-queue"))
    listed = AuditEntry.objects.get(action="intelligence.intelligencereport.listed")
    assert listed.changes == {"ids": [report.pk]}
    client.get(reverse("intelligence:report-review", args=[report.pk]))
    assert (
        AuditEntry.objects.filter(action="intelligence.intelligencereport.read", actor=sergeant).count() == 1
    )


def test_export_guards_against_formulas(client_for, officer):
    make_report(officer, text='=HYPERLINK("http://x")', subjects=[])
    response = client_for(officer).get(reverse("intelligence:report-export"))
    content = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in content
    assert response["Content-Disposition"] == 'attachment; filename="intelligence-official-sensitive.csv"'


# Pages keep the content security policy: no inline script or style, all text translatable


TEMPLATES = Path(settings.BASE_DIR) / "templates" / "intelligence"


def test_templates_have_no_inline_script_or_style():
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text()
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) is None, path.name
        assert re.search(r"\sstyle=|\son[a-z]+=", text) is None, path.name


def test_template_text_is_marked_for_translation():
    for path in TEMPLATES.glob("*.html"):
        text = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", "\n", path.read_text(), flags=re.S)
        text = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}|<[^>]+>", "\n", text, flags=re.S)
        loose = [line.strip() for line in text.splitlines() if re.search(r"[A-Za-z]{3,}", line)]
        assert loose == [], path.name


def test_complete_fields_are_what_submission_needs():
    assert set(complete()) - {"location_text"} == set(services.NEEDED_TO_SUBMIT)
