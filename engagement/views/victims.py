"""Pages of victims and their cases: the case list and its export, opening a case (finding the
person first), risk assessments, key events, sharing, assigning and closing, follow-ups. Thin:
they read through engagement/queries/victims.py, write through engagement/services/victims.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from pcso import audit, exports, permissions
from pcso.exports import MARKING
from pcso.forms import chosen, period, show_errors
from pcso.pagination import PageList
from pcso.permissions import VisibleMixin, can, get_visible_or_404

from ..forms.victims import (
    AssignCaseForm,
    CaseForm,
    CloseCaseForm,
    ContactForm,
    KeyEventForm,
    RiskAssessmentForm,
    ShareCaseForm,
    UnshareCaseForm,
    VictimForm,
    VictimSearchForm,
)
from ..models import FollowUp, RiskQuestion, Victim, VictimCase, in_highest_band
from ..queries import victims as queries
from ..services import victims as services
from .common import may_add, require_add


def _cases(user, action="view"):
    return permissions.visible(user, VictimCase.objects.all(), action).select_related(
        "victim", "band", "assigned_officer", "team"
    )


def _case_or_404(request, pk, action="view"):
    case = get_visible_or_404(request.user, _cases(request.user, action), pk=pk)
    audit.record_read(request.user, case)
    return case


class CaseList(VisibleMixin, PageList):
    model = VictimCase
    template_name = "engagement/victims/victimcase_list.html"

    def get_queryset(self):
        cases = (
            super()
            .get_queryset()
            .select_related("victim", "band", "assigned_officer", "team")
            # High risk as everywhere: the top band of the matrix, whatever it is called.
            .annotate(in_top_band=ExpressionWrapper(in_highest_band("band"), output_field=BooleanField()))
        )
        status = self.request.GET.get("status", VictimCase.Status.OPEN)
        if status in VictimCase.Status.values:
            cases = cases.filter(status=status)
        self.period = period(self.request)
        return self.period.filter(cases, "created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.request.GET.get("status", VictimCase.Status.OPEN)
        context["marking"] = MARKING
        context["period"] = self.period
        context["can_add"] = can(self.request.user, "add", VictimCase(team=self.request.user.team))
        return context


def case_export(request):
    """The cases the list shows, as CSV marked OFFICIAL-SENSITIVE on the first line: open ones
    unless ?status= says otherwise (?status=all for every case), opened in a period (?start=,
    ?end=)."""
    dates = period(request)
    if refused := dates.refused(request, reverse("engagement:case-list")):
        return refused
    cases = _cases(request.user)
    status = request.GET.get("status", VictimCase.Status.OPEN)
    if status in VictimCase.Status.values:
        cases = cases.filter(status=status)
    cases = dates.filter(cases, "created_at").order_by("created_at", "pk")
    filters = chosen(request, "status", "start", "end")
    return exports.response(request, "engagement.cases", cases, filters=filters)


SEARCH_FIELDS = ("name", "date_of_birth", "postcode", "phone")


def case_create(request):
    """A victim's case: first find whether the person is known (by name, date of birth,
    postcode or phone; only the people the officer may see are offered), then open the case for
    them, or record them. With `?victim=<id>` the case is for that known person, so every team's
    incidents of theirs count towards the repeat-victim flag."""
    require_add(request.user, VictimCase)
    victim = None
    if request.GET.get("victim"):
        victim = get_visible_or_404(request.user, Victim.objects.all(), pk=request.GET["victim"])
        audit.record_read(request.user, victim)
    search_form, matches = VictimSearchForm(), None
    if victim is None and any(request.GET.get(f"find-{name}") for name in SEARCH_FIELDS):
        search_form = VictimSearchForm(request.GET)
        if search_form.is_valid():
            matches = queries.matching_victims(request.user, **search_form.cleaned_data)
            audit.record_list(request.user, matches)
    searched = search_form.cleaned_data if search_form.is_bound and search_form.is_valid() else {}
    initial = {
        name: searched[name] for name in ("name", "date_of_birth", "postcode", "phone") if searched.get(name)
    }
    victim_form = None if victim else VictimForm(request.POST or None, initial=initial)
    case_form = CaseForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    forms_valid = all([form.is_valid() for form in (victim_form, case_form) if form is not None])
    if request.method == "POST" and forms_valid:
        try:
            case = services.create_case(
                officer=request.user,
                victim=victim,
                victim_details=None if victim else victim_form.cleaned_data,
                **case_form.case_details(),
            )
        except ValidationError as error:
            show_errors(case_form, error)
        else:
            messages.success(
                request,
                _("Case %(reference)s opened. Assess the victim's risk next.")
                % {"reference": case.reference},
            )
            return redirect("engagement:case-assess", pk=case.pk)
    return render(
        request,
        "engagement/victims/victimcase_form.html",
        {
            "victim": victim,
            "victim_form": victim_form,
            "case_form": case_form,
            "search_form": search_form,
            "matches": matches,
            "marking": MARKING,
        },
    )


class CaseDetail(VisibleMixin, DetailView):
    model = VictimCase
    template_name = "engagement/victims/victimcase_detail.html"
    key_event_form = None
    queryset = VictimCase.objects.select_related("victim", "band", "assigned_officer", "team")

    def get_object(self, queryset=None):
        case = super().get_object(queryset)
        audit.record_read(self.request.user, case.victim)
        return case

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        gaps = queries.review_gaps(case)
        can_share, can_assign = can(user, "share", case), can(user, "assign", case)
        context.update(
            marking=MARKING,
            follow_ups=case.follow_ups.filter(cancelled_at__isnull=True).select_related("assigned_to"),
            assessments=case.assessments.select_related("assessed_by", "computed_band", "final_band"),
            enhanced_reasons=case.enhanced_rights_reasons(),
            key_event_form=self.key_event_form or KeyEventForm(),
            can_share=can_share,
            can_assign=can_assign,
            can_close=can(user, "close", case),
            review_gaps=gaps,
            can_plan_reviews=can_assign and any(can_plan for _, _, can_plan in gaps),
            shared_with=services.shared_teams(case) if can_share else [],
            can_open_case=may_add(user, VictimCase),
            now=timezone.now(),
        )
        return context


class VictimDetail(VisibleMixin, DetailView):
    model = Victim
    template_name = "engagement/victims/victim_detail.html"
    queryset = Victim.objects.select_related("team")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cases"] = _cases(self.request.user).filter(victim=self.object)
        context["marking"] = MARKING
        context["can_open_case"] = may_add(self.request.user, VictimCase)
        return context


def case_assess(request, pk):
    case = _case_or_404(request, pk, "change")
    questions = list(RiskQuestion.objects.filter(active=True))
    form = RiskAssessmentForm(
        request.POST or None, questions=questions, initial={"action_plan": case.action_plan}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assess_risk(
                officer=request.user,
                case=case,
                answers=form.answers(),
                final_band=form.cleaned_data["final_band"],
                rationale=form.cleaned_data["rationale"],
                action_plan=form.cleaned_data["action_plan"],
            )
        except ValidationError as error:
            case.refresh_from_db()
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Risk assessed: score %(score)s, band %(band)s.")
                % {"score": assessment.score, "band": assessment.final_band},
            )
            return redirect(case)
    return render(
        request,
        "engagement/victims/riskassessment_form.html",
        {"case": case, "form": form, "marking": MARKING},
    )


@require_POST
def case_key_event(request, pk):
    """A key event and when it happened; the page comes back with the form on a refusal (or to
    ask which 01:30 was meant in the autumn hour that happens twice)."""
    case = _case_or_404(request, pk, "change")
    form = KeyEventForm(request.POST)
    if form.is_valid():
        try:
            update = services.record_key_event(
                officer=request.user,
                case=case,
                event=form.cleaned_data["event"],
                happened_at=form.cleaned_data["happened_at"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Victim update due by %(due)s.")
                % {"due": f"{timezone.localtime(update.due_at):%d/%m/%Y %H:%M}"},
            )
            return redirect(case)
    view = CaseDetail(key_event_form=form)
    view.setup(request, pk=pk)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object)
    return render(request, "engagement/victims/victimcase_detail.html", context, status=400)


def case_close(request, pk):
    case = _case_or_404(request, pk, "close")
    form = CloseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(officer=request.user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Case %(reference)s closed.") % {"reference": case.reference})
            return redirect(case)
    return render(
        request, "engagement/victims/victimcase_close.html", {"case": case, "form": form, "marking": MARKING}
    )


def case_share(request, pk):
    case = _case_or_404(request, pk, "share")
    form = ShareCaseForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.share_case(officer=request.user, case=case, team=form.cleaned_data["team"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Case %(reference)s shared with %(team)s.")
                % {"reference": case.reference, "team": form.cleaned_data["team"]},
            )
            return redirect(case)
    return render(
        request, "engagement/victims/victimcase_share.html", {"case": case, "form": form, "marking": MARKING}
    )


@require_POST
def case_plan_reviews(request, pk):
    """A supervisor plans the reviews a case lacked while the team had no reviewer."""
    case = _case_or_404(request, pk, "assign")
    try:
        planned = services.plan_missing_reviews(officer=request.user, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        names = ", ".join(
            _("%(kind)s due %(day)s")
            % {"kind": f.get_kind_display().lower(), "day": f"{timezone.localtime(f.due_at):%d/%m/%Y}"}
            for f in planned
        )
        messages.success(
            request,
            _("Planned: %(names)s.") % {"names": names}
            if planned
            else _("Nothing to plan: no reviewer yet."),
        )
    return redirect(case)


@require_POST
def case_unshare(request, pk):
    """Stop sharing the case with one team."""
    case = _case_or_404(request, pk, "share")
    form = UnshareCaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a team the case is shared with."))
        return redirect(case)
    team = form.cleaned_data["team"]
    try:
        services.unshare_case(officer=request.user, case=case, team=team)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Case %(reference)s is no longer shared with %(team)s.")
            % {"reference": case.reference, "team": team},
        )
    return redirect(case)


def case_assign(request, pk):
    """A supervisor gives the case, with its open visits and updates, to another team member."""
    case = _case_or_404(request, pk, "assign")
    form = AssignCaseForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_case(
                officer=request.user, case=case, assigned_officer=form.cleaned_data["assigned_officer"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Case %(reference)s assigned to %(name)s.")
                % {"reference": case.reference, "name": form.cleaned_data["assigned_officer"].full_name},
            )
            return redirect(case)
    return render(
        request, "engagement/victims/victimcase_assign.html", {"case": case, "form": form, "marking": MARKING}
    )


def follow_up_detail(request, pk):
    """One follow-up on a phone: who to contact and how, then what happened."""
    queryset = FollowUp.objects.select_related("case", "case__victim", "case__band", "assigned_to")
    follow_up = get_visible_or_404(request.user, queryset, pk=pk)
    audit.record_read(request.user, follow_up.case)
    audit.record_read(request.user, follow_up.case.victim)
    can_record = follow_up.is_open and follow_up.case.is_open and can(request.user, "change", follow_up)
    form = ContactForm(request.POST or None, instance=follow_up) if can_record else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            following = services.record_contact(
                officer=request.user, follow_up=follow_up, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            text = _("Contact recorded.")
            if form.cleaned_data["outcome"] == FollowUp.Outcome.NO_ANSWER:
                text = _("No answer recorded: this follow-up is still owed, try again.")
            elif following is not None:
                text = _("Contact recorded. Next %(kind)s due %(due)s.") % {
                    "kind": following.get_kind_display().lower(),
                    "due": f"{timezone.localtime(following.due_at):%d/%m/%Y %H:%M}",
                }
            messages.success(request, text)
            return redirect(follow_up.case)
    elif request.method == "POST" and form is None:
        messages.error(request, _("This follow-up can no longer be recorded."))
        return redirect(follow_up)
    return render(
        request,
        "engagement/victims/followup_detail.html",
        {
            "follow_up": follow_up,
            "case": follow_up.case,
            "form": form,
            "attempts": follow_up.attempts.select_related("attempted_by"),
            "marking": MARKING,
            "now": timezone.now(),
        },
    )
