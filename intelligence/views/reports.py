"""Intelligence report pages: thin views over intelligence/queries/reports.py and
intelligence/services/reports.py. Every report shown is a read in the audit trail; every page is
served with Cache-Control: no-store (see intelligence/urls.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pcso import audit, exports
from pcso.forms import chosen, period, show_errors
from pcso.pagination import PageList
from pcso.permissions import can, get_visible_or_404

from ..forms.reports import DisseminateForm, ReportForm, RetentionForm, ReviewForm, subject_formset
from ..models import IntelligenceReport, ReportEvent, RetentionReview, Status
from ..queries import reports as report_queries
from ..services import reports as report_services

MARKING = "OFFICIAL-SENSITIVE"
REPORTS = IntelligenceReport.objects.select_related("team", "submitted_by", "report_type", "reviewer")


def _report_or_404(request, pk, action="view") -> IntelligenceReport:
    report = get_visible_or_404(request.user, REPORTS, action, pk=pk)
    audit.record_read(request.user, report)
    return report


def _can_submit(user) -> bool:
    return bool(user.team_id) and can(user, "add", IntelligenceReport(team_id=user.team_id))


class ReportPage(PageList):
    """A page of reports: every report shown is a read in the audit trail (one entry, by
    PageList: the model is sensitive), and the page carries the protective marking."""

    context_object_name = "reports"

    def get_context_data(self, **kwargs):
        return super().get_context_data(marking=MARKING, **kwargs)


class Listed:
    """What the report list shows for a request: a search (?q=) or a status (?status=, ?mine=1),
    within a period (?start=, ?end=); the CSV export exports the same rows."""

    def __init__(self, request):
        user, params = request.user, request.GET
        self.query = params.get("q", "").strip()[:200]
        self.status = params.get("status", "")
        self.mine = params.get("mine") == "1"
        self.period = period(request)
        if self.query:
            reports = report_queries.search(user, self.query)
        else:
            reports = report_queries.report_list(user, status=self.status, mine=self.mine)
        self.reports = self.period.filter(reports, "created_at")


class ReportList(ReportPage):
    """The reports the user may see, newest first; with ?q= a full-text search within them."""

    template_name = "intelligence/reports/report_list.html"

    def get_queryset(self):
        self.listed = Listed(self.request)
        self.query, self.status, self.mine = self.listed.query, self.listed.status, self.listed.mine
        return self.listed.reports

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            status=self.status,
            mine=self.mine,
            statuses=Status.choices,
            can_submit=_can_submit(self.request.user),
            period=self.listed.period,
            **kwargs,
        )


class ReviewQueue(ReportPage):
    """Reports awaiting review by this supervisor: high priority first, then oldest."""

    template_name = "intelligence/reports/review_queue.html"

    def get_queryset(self):
        return report_queries.review_queue(self.request.user)


class RetentionDue(ReportPage):
    """Accepted reports whose retention review is due, for the team's supervisors."""

    template_name = "intelligence/reports/retention_due.html"

    def get_queryset(self):
        return report_queries.retention_due(self.request.user)


def _report_form(request, report: IntelligenceReport | None):
    submitting = request.POST.get("action") == "submit"
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, instance=report, submitting=submitting)
    subjects = subject_formset(data, report)
    if data is not None and all([form.is_valid(), subjects.is_valid()]):
        fields = {name: form.cleaned_data[name] for name in report_services.FIELDS}
        entries = [entry for entry in subjects.cleaned_data if entry.get("description", "").strip()]
        try:
            saved = report_services.save_report(
                officer=request.user, report=report, subjects=entries, submit=submitting, **fields
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            if submitting:
                messages.success(
                    request, _("Report #%(number)s submitted for review.") % {"number": saved.pk}
                )
            else:
                messages.success(
                    request,
                    _("Draft #%(number)s saved. Finish it when you are ready.") % {"number": saved.pk},
                )
            return redirect(saved)
    return render(
        request,
        "intelligence/reports/report_form.html",
        {"form": form, "subjects": subjects, "report": report, "marking": MARKING},
        status=400 if data is not None else 200,
    )


def report_create(request):
    if not _can_submit(request.user):
        raise Http404("No such page")
    return _report_form(request, None)


def report_edit(request, pk):
    return _report_form(request, _report_or_404(request, pk, "change"))


def report_detail(request, pk):
    report = _report_or_404(request, pk)
    user = request.user
    events = list(report.events.select_related("actor"))
    returned = next((e for e in reversed(events) if e.action == ReportEvent.Action.RETURNED), None)
    can_disseminate = can(user, "disseminate", report)
    officers, teams = report_queries.disseminated_to(report) if can_disseminate else ([], [])
    context = {
        "report": report,
        "subjects": list(report.subjects.all()),
        "events": events,
        "returned": returned if report.status == Status.RETURNED else None,
        "can_change": can(user, "change", report),
        "can_review": can(user, "review", report),
        "can_disseminate": can_disseminate,
        "can_retain": can(user, "retention", report),
        "shared_officers": officers,
        "shared_teams": teams,
        "retention_reviews": list(report.retention_reviews.select_related("decided_by")),
        "marking": MARKING,
    }
    return render(request, "intelligence/reports/report_detail.html", context)


@require_POST
def report_submit(request, pk):
    """Submit a draft (or a returned report) as it stands."""
    report = _report_or_404(request, pk, "change")
    try:
        report_services.submit_report(officer=request.user, report=report)
    except ValidationError as error:
        messages.error(
            request,
            _("Finish the report before submitting it: %(what)s") % {"what": " ".join(error.messages)},
        )
        return redirect("intelligence:report-edit", pk=report.pk)
    messages.success(request, _("Report #%(number)s submitted for review.") % {"number": report.pk})
    return redirect(report)


@require_POST
def report_start_review(request, pk):
    """Start the review. Through htmx the decision form answers in place of the button (and the
    status badge out of band), so the reviewer stays where they were on the page."""
    report = _report_or_404(request, pk, "review")
    try:
        report_services.start_review(officer=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("intelligence:report-review", pk=report.pk)
    if request.headers.get("HX-Request") == "true":
        context = _review_context(report, ReviewForm(report=report))
        return HttpResponse(
            "".join(
                render_to_string(f"intelligence/reports/report_review.html#{name}", context, request)
                for name in ("decision", "status")
            )
        )
    return redirect(reverse("intelligence:report-review", args=[report.pk]) + "#decision")


def _review_context(report, form, answer=True) -> dict:
    return {
        "report": report,
        "form": form,
        "subjects": list(report.subjects.all()),
        "marking": MARKING,
        "answer": answer,
    }


def report_review(request, pk):
    """The reviewer's page: start the review, then accept (regrading if need be), return or reject."""
    report = _report_or_404(request, pk, "review")
    form = None
    if report.status == Status.UNDER_REVIEW:
        form = ReviewForm(request.POST or None, report=report)
        if request.method == "POST" and form.is_valid():
            decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
            try:
                if decision == ReviewForm.ACCEPT:
                    report_services.accept_report(
                        officer=request.user, report=report, grade=form.grade(), reason=reason
                    )
                    text = _("Report #%(number)s accepted as %(grade)s.")
                elif decision == ReviewForm.RETURN:
                    report_services.return_report(officer=request.user, report=report, comment=reason)
                    text = _("Report #%(number)s returned to its author.")
                else:
                    report_services.reject_report(officer=request.user, report=report, reason=reason)
                    text = _("Report #%(number)s rejected.")
            except ValidationError as error:
                report.refresh_from_db()
                show_errors(form, error)
            else:
                messages.success(request, text % {"number": report.pk, "grade": report.grade.code})
                return redirect(report)
    return render(
        request,
        "intelligence/reports/report_review.html",
        _review_context(report, form, answer=False),
        status=400 if request.method == "POST" and form is not None else 200,
    )


def report_disseminate(request, pk):
    report = _report_or_404(request, pk, "disseminate")
    form = DisseminateForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            report_services.disseminate_report(
                officer=request.user,
                report=report,
                to_officer=form.cleaned_data["to_officer"],
                to_team=form.cleaned_data["to_team"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Report #%(number)s disseminated.") % {"number": report.pk})
            return redirect(report)
    return render(
        request,
        "intelligence/reports/report_disseminate.html",
        {"report": report, "form": form, "marking": MARKING},
        status=400 if request.method == "POST" else 200,
    )


def report_retention(request, pk):
    report = _report_or_404(request, pk, "retention")
    form = RetentionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = report_services.decide_retention(
                officer=request.user, report=report, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            if review.decision == RetentionReview.Decision.RETAIN:
                text = _("Report #%(number)s retained; next review %(date)s.") % {
                    "number": report.pk,
                    "date": review.next_review_on.strftime("%d/%m/%Y"),
                }
            else:
                text = _("Report #%(number)s disposed of.") % {"number": report.pk}
            messages.success(request, text)
            return redirect("intelligence:retention-due")
    return render(
        request,
        "intelligence/reports/report_retention.html",
        {"report": report, "form": form, "marking": MARKING},
        status=400 if request.method == "POST" else 200,
    )


def report_export(request):
    """The reports the user may see, as CSV marked OFFICIAL-SENSITIVE on its first line; the
    export (and which reports it held) is in the audit trail (intelligence/exports.py). It holds
    the rows the list shows for the same filters, oldest first."""
    listed = Listed(request)
    if refused := listed.period.refused(request, reverse("intelligence:report-list")):
        return refused
    rows = listed.reports.order_by("created_at", "pk").prefetch_related("subjects")
    filters = chosen(request, "q", "status", "mine", "start", "end")
    return exports.response(request, "intelligence.reports", rows, filters=filters)
