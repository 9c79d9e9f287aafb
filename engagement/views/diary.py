"""Pages of the community diary. Thin: they read through engagement/queries/diary.py, write
through engagement/services/diary.py, and ask pcso.permissions; a record outside scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from pcso import audit, captured, exports, permissions
from pcso.forms import chosen, period, show_errors
from pcso.models import Neighbourhood
from pcso.pagination import PageList
from pcso.permissions import VisibleMixin, can, get_visible_or_404

from ..forms.diary import (
    AddActionForm,
    AnswerQueryForm,
    CompleteActionForm,
    EntryForm,
    GroupForm,
    MeetingForm,
    PriorityForm,
    QueryForm,
    ReviewPriorityForm,
    concern_formset,
)
from ..models import (
    Action,
    CommunityGroup,
    DiaryEntry,
    DiarySettings,
    Meeting,
    NeighbourhoodQuery,
    Priority,
)
from ..queries import diary as queries
from ..services import diary as services
from .common import may_add, require_add


def _neighbourhood(request, pk) -> Neighbourhood:
    return get_visible_or_404(request.user, Neighbourhood.objects.select_related("team"), pk=pk)


# Groups


class DiaryList(PageList):
    """A diary list: the rows `get_queryset` gives, and whether the user may add one (`add_model`)."""

    add_model = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=may_add(self.request.user, self.add_model), **kwargs)


class GroupList(DiaryList):
    """The team's groups; the "due" page lists those whose contact has fallen due."""

    template_name = "engagement/diary/communitygroup_list.html"
    context_object_name = "groups"
    add_model = CommunityGroup
    due_only = False

    def get_queryset(self):
        if self.due_only:
            return queries.groups_due(self.request.user)
        return queries.groups(self.request.user).filter(active=True).order_by("name", "pk")

    def rows_shown(self, rows):
        today = timezone.localdate()
        for group in rows:
            group.state = group.contact_state(today)

    def get_context_data(self, **kwargs):
        return super().get_context_data(due_only=self.due_only, **kwargs)


class GroupDetail(VisibleMixin, DetailView):
    model = CommunityGroup
    template_name = "engagement/diary/communitygroup_detail.html"
    queryset = CommunityGroup.objects.select_related("neighbourhood", "contact_officer", "team")
    context_object_name = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, group = self.request.user, self.object
        context.update(
            state=group.contact_state(timezone.localdate()),
            entries=queries.entries(user).filter(groups=group)[:10],
            can_record=may_add(user, DiaryEntry) and user.team_id == group.team_id,
        )
        return context


def group_create(request):
    user = request.user
    require_add(user, CommunityGroup)
    form = GroupForm(request.POST or None, team_id=user.team_id, initial={"contact_officer": user})
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(officer=user, team=user.team, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Group %(name)s registered.") % {"name": group.name})
            return redirect(group)
    return render(request, "engagement/diary/form.html", {"form": form, "title": _("New community group")})


def group_edit(request, pk):
    user = request.user
    group = get_visible_or_404(user, CommunityGroup.objects.all(), "change", pk=pk)
    audit.record_read(user, group)  # the form shows the contact person's details
    form = GroupForm(request.POST or None, instance=group, team_id=group.team_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_group(officer=user, group=group, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Group saved."))
            return redirect(group)
    return render(
        request,
        "engagement/diary/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": group.name},
            "cancel": group.get_absolute_url(),
        },
    )


# Diary entries


def entry_create(request):
    """One page: the engagement and its concerns, each with an optional action. "Add another
    concern" comes back with a new row and everything typed kept."""
    user = request.user
    require_add(user, DiaryEntry)
    initial = {}
    group_id = request.GET.get("group")
    if group_id:
        group = get_visible_or_404(user, CommunityGroup.objects.filter(team_id=user.team_id), pk=group_id)
        initial = {"groups": [group], "kind": DiaryEntry.Kind.MEETING}
    data = request.POST if request.method == "POST" else None
    adding_row = data is not None and "add_concern" in data
    form = EntryForm(data, team_id=user.team_id, initial=initial)
    formset = concern_formset(data, team_id=user.team_id, extra_row=adding_row)
    if data is not None and not adding_row:
        forms_valid = form.is_valid() & formset.is_valid()
        if forms_valid:
            try:
                entry = services.record_entry(
                    officer=user,
                    groups=form.cleaned_data["groups"],
                    neighbourhood=form.cleaned_data["neighbourhood"],
                    occurred_at=form.cleaned_data["occurred_at"],
                    kind=form.cleaned_data["kind"],
                    place=form.cleaned_data["place"],
                    member_of_public=form.cleaned_data["member_of_public"],
                    notes=form.cleaned_data["notes"],
                    concerns=formset.rows(),
                    captured=captured.read(request),
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Diary entry recorded."))
                return redirect(entry)
    return render(
        request,
        "engagement/diary/diaryentry_form.html",
        {"form": form, "formset": formset, "title": _("New diary entry")},
    )


def entry_edit(request, pk):
    user = request.user
    entry = get_visible_or_404(user, DiaryEntry.objects.all(), "change", pk=pk)
    concerns = list(entry.concerns.all())
    concern_rows = [
        {"concern_id": c.pk, "category": c.category, "description": c.description} for c in concerns
    ]
    data = request.POST if request.method == "POST" else None
    adding_row = data is not None and "add_concern" in data
    # Not bound to the instance: the form's empty "when" and neighbourhood mean "keep them".
    initial = {
        "groups": list(entry.groups.all()),
        "kind": entry.kind,
        "occurred_at": timezone.localtime(entry.occurred_at),
        "place": entry.place,
        "member_of_public": entry.member_of_public,
        "neighbourhood": entry.neighbourhood_id,
        "notes": entry.notes,
    }
    form = EntryForm(data, team_id=entry.team_id, initial=initial)
    formset = concern_formset(
        data, team_id=entry.team_id, editing=True, initial=concern_rows, extra_row=adding_row
    )
    if data is not None and not adding_row and (form.is_valid() & formset.is_valid()):
        by_id = {c.pk: c for c in concerns}
        rows = [
            {**row, "concern": by_id.get(row.get("concern_id")), "delete": row.get("DELETE", False)}
            for row in formset.rows()
        ]
        fields = {k: v for k, v in form.cleaned_data.items() if k != "groups"}
        fields["occurred_at"] = fields["occurred_at"] or entry.occurred_at
        fields["neighbourhood"] = fields["neighbourhood"] or entry.neighbourhood
        try:
            services.update_entry(
                officer=user, entry=entry, groups=form.cleaned_data["groups"], concerns=rows, **fields
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Diary entry saved."))
            return redirect(entry)
    return render(
        request,
        "engagement/diary/diaryentry_form.html",
        {"form": form, "formset": formset, "title": _("Edit diary entry"), "entry": entry},
    )


class EntryList(DiaryList):
    template_name = "engagement/diary/diaryentry_list.html"
    context_object_name = "entries"
    add_model = DiaryEntry

    def get_queryset(self):
        return queries.entries(self.request.user)


def _entry_page(request, entry: DiaryEntry, status=200, **forms):
    user = request.user
    can_change = can(user, "change", entry)
    actions = list(entry.actions.select_related("owner", "concern"))
    for action in actions:
        action.can_complete = action.status == Action.Status.OPEN and can(user, "change", action)
        if action.can_complete:
            action.form = forms.get(f"complete_{action.pk}") or CompleteActionForm(
                prefix=f"action-{action.pk}"
            )
    context = {
        "entry": entry,
        "object": entry,
        "groups": list(entry.groups.all()),
        "concerns": list(entry.concerns.all()),
        "actions": actions,
        "can_change": can_change,
        "action_form": (forms.get("action_form") or AddActionForm(entry=entry)) if can_change else None,
    }
    return render(request, "engagement/diary/diaryentry_detail.html", context, status=status)


def _entry(request, pk, action="view") -> DiaryEntry:
    return get_visible_or_404(
        request.user, DiaryEntry.objects.select_related("officer", "neighbourhood", "team"), action, pk=pk
    )


def entry_detail(request, pk):
    return _entry_page(request, _entry(request, pk))


@require_POST
def action_add(request, pk):
    entry = _entry(request, pk, "change")
    form = AddActionForm(request.POST, entry=entry)
    if form.is_valid():
        try:
            services.add_action(officer=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Action added."))
            return redirect(entry)
    return _entry_page(request, entry, status=400, action_form=form)


@require_POST
def action_complete(request, pk):
    action = get_visible_or_404(
        request.user, Action.objects.select_related("entry", "concern"), "change", pk=pk
    )
    form = CompleteActionForm(request.POST, prefix=f"action-{action.pk}")
    if form.is_valid():
        try:
            services.complete_action(
                officer=request.user, action=action, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Action done: it joins “You said, we did” once its concern closes."))
            return redirect(action.entry)
    entry = _entry(request, action.entry_id)
    return _entry_page(request, entry, status=400, **{f"complete_{action.pk}": form})


# "You said, we did"


def you_said_we_did(request, pk):
    neighbourhood = _neighbourhood(request, pk)
    dates = period(request)
    pairs = list(dates.filter(queries.you_said_we_did(neighbourhood), "completed_at")[:200])
    return render(
        request,
        "engagement/diary/you_said_we_did.html",
        {"neighbourhood": neighbourhood, "pairs": pairs, "period": dates},
    )


def you_said_we_did_csv(request, pk):
    """The pairs as CSV: all of them, or those whose action was completed in a period."""
    neighbourhood = _neighbourhood(request, pk)
    dates = period(request)
    if refused := dates.refused(request, reverse("engagement:you-said-we-did", args=[neighbourhood.pk])):
        return refused
    return exports.response(
        request,
        "engagement.you_said_we_did",
        dates.filter(queries.you_said_we_did(neighbourhood), "completed_at"),
        filename=f"you-said-we-did-{neighbourhood.code}.csv",
        filters={"neighbourhood": neighbourhood.pk, **chosen(request, "start", "end")},
    )


def you_said_we_did_json(request, pk):
    """The closed pairs in the police.uk neighbourhood priorities shape."""
    neighbourhood = _neighbourhood(request, pk)
    pairs = list(queries.you_said_we_did(neighbourhood))
    audit.record_export(
        request.user, "engagement.you_said_we_did", len(pairs), {"neighbourhood": neighbourhood.pk}
    )
    return JsonResponse(queries.police_uk_pairs(pairs), safe=False)


# Priorities and meetings


def priority_overview(request):
    """Each neighbourhood in scope: its active priorities and whether their review is overdue."""
    neighbourhoods = queries.neighbourhood_priorities(request.user)
    return render(request, "engagement/diary/priority_overview.html", {"neighbourhoods": neighbourhoods})


def priority_list(request, pk):
    user = request.user
    neighbourhood = _neighbourhood(request, pk)
    priorities = list(
        permissions.visible(user, Priority.objects.filter(neighbourhood=neighbourhood)).order_by(
            "status", "-issue_date", "-pk"
        )
    )
    can_add = can(user, "add", Priority(team_id=neighbourhood.team_id, neighbourhood=neighbourhood))
    form = PriorityForm(request.POST or None) if can_add else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404("No such page")
        if form.is_valid():
            try:
                services.set_priority(officer=user, neighbourhood=neighbourhood, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Priority set."))
                return redirect("engagement:priority-list", pk=neighbourhood.pk)
        status = 400
    return render(
        request,
        "engagement/diary/priority_list.html",
        {
            "neighbourhood": neighbourhood,
            "priorities": priorities,
            "form": form,
            "flagged": queries.priorities_flagged(neighbourhood),
            "review_cutoff": queries.review_cutoff(timezone.localdate()),
            "review_months": DiarySettings.current().priority_review_months,
            "has_active": any(p.status == Priority.Status.ACTIVE for p in priorities),
            "can_change": can_add,
        },
        status=status,
    )


def priority_review(request, pk):
    user = request.user
    priority = get_visible_or_404(user, Priority.objects.select_related("neighbourhood"), "change", pk=pk)
    form = ReviewPriorityForm(
        request.POST or None, initial={"action": priority.action, "action_date": priority.action_date}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_priority(officer=user, priority=priority, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Priority reviewed."))
            return redirect("engagement:priority-list", pk=priority.neighbourhood_id)
    return render(
        request,
        "engagement/diary/form.html",
        {
            "form": form,
            "title": _("Review priority"),
            "lead": priority.issue,
            "cancel": priority.get_absolute_url(),
        },
    )


class MeetingList(DiaryList):
    template_name = "engagement/diary/meeting_list.html"
    context_object_name = "meetings"
    add_model = Meeting

    def get_queryset(self):
        return queries.meetings(self.request.user)


class MeetingDetail(VisibleMixin, DetailView):
    model = Meeting
    template_name = "engagement/diary/meeting_detail.html"
    queryset = Meeting.objects.select_related("neighbourhood", "recorded_by")
    context_object_name = "meeting"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["priorities"] = list(self.object.priorities.all())
        return context


def meeting_create(request):
    user = request.user
    require_add(user, Meeting)
    form = MeetingForm(request.POST or None, team_id=user.team_id)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            meeting = services.record_meeting(
                officer=user, neighbourhood=data.pop("neighbourhood"), reviewed=data.pop("reviewed"), **data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect(meeting)
    return render(request, "engagement/diary/form.html", {"form": form, "title": _("Record a meeting")})


# Neighbourhood queries


class QueryList(DiaryList):
    """The queue of neighbourhood queries against their response clock."""

    template_name = "engagement/diary/neighbourhoodquery_list.html"
    context_object_name = "queries"
    add_model = NeighbourhoodQuery

    def get_queryset(self):
        return queries.query_queue(self.request.user, self._state())

    def _state(self) -> str:
        return "answered" if self.request.GET.get("state") == "answered" else "open"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for query in context["queries"]:
            query.state = query.clock(now)
        context["state"] = self._state()
        return context


def query_create(request):
    user = request.user
    require_add(user, NeighbourhoodQuery)
    form = QueryForm(request.POST or None, team_id=user.team_id)
    if request.method == "POST" and form.is_valid():
        try:
            query = services.record_query(officer=user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            due = timezone.localtime(query.due_at).strftime("%d/%m/%Y %H:%M")
            messages.success(request, _("Query recorded: answer it by %(due)s.") % {"due": due})
            return redirect(query)
    return render(
        request, "engagement/diary/form.html", {"form": form, "title": _("New neighbourhood query")}
    )


def query_detail(request, pk):
    user = request.user
    query = get_visible_or_404(
        user, NeighbourhoodQuery.objects.select_related("neighbourhood", "answered_by", "recorded_by"), pk=pk
    )
    audit.record_read(user, query)
    can_answer = query.answered_at is None and can(user, "change", query)
    form = AnswerQueryForm(request.POST or None) if can_answer else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404("No such page")
        if form.is_valid():
            try:
                services.answer_query(officer=user, query=query, answer=form.cleaned_data["answer"])
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Answer recorded."))
                return redirect(query)
        status = 400
    return render(
        request,
        "engagement/diary/neighbourhoodquery_detail.html",
        {"query": query, "object": query, "state": query.clock(timezone.now()), "form": form},
        status=status,
    )


# The handover pack


def handover(request, pk):
    neighbourhood = _neighbourhood(request, pk)
    context = queries.handover_pack(request.user, neighbourhood)
    # Contact people and the public's queries, by name: reads like any other.
    audit.record_list(request.user, context["groups"])
    audit.record_list(request.user, context["queries"])
    context.update(neighbourhood=neighbourhood, generated_at=timezone.now(), today=timezone.localdate())
    return render(request, "engagement/diary/handover.html", context)
