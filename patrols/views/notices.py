"""Penalty notice pages: issue on a phone, the printable notice and its life, the register and
its export, designations, the numbers a phone holds (a ticket book). Thin: input goes to
services/notices.py, who-may-what to pcso.permissions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pcso import audit, captured, exports, permissions
from pcso.forms import show_errors
from pcso.pagination import PageList

from ..forms.notices import (
    CancelNoticeForm,
    DesignationForm,
    IssueNoticeForm,
    NoticeFilterForm,
    NumberFilterForm,
    PaymentForm,
    SpoilNumberForm,
)
from ..models import Designation, FixedPenaltyNotice, NoticeNumber
from ..queries import notices as notice_queries
from ..queries import patrols as queries
from ..services import notices as notice_services
from .common import map_settings, wants_json


def _notice(request, pk, action="view") -> FixedPenaltyNotice:
    return permissions.get_visible_or_404(
        request.user,
        FixedPenaltyNotice.objects.select_related("offence", "officer", "team", "patrol", "cancelled_by"),
        action,
        pk=pk,
    )


def issue_notice(request):
    """Issue a notice: the offences designated to the officer; the officer's patrol at its time of
    issue is linked (the running one, or one ended since when the notice waited on the phone)."""
    user = request.user
    if user.team_id is None or not user.has_perm("patrols.add_fixedpenaltynotice"):
        raise Http404("No such page")
    offences = notice_services.designated_offences(user, timezone.localdate())
    running = queries.running_patrol(user)
    form = IssueNoticeForm(request.POST or None, offences=offences)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Left blank, the time of issue is when the phone captured the form (sent later without signal).
        issued_at = data["issued_at"] or captured.read(request).at
        try:
            notice = notice_services.issue_notice(
                officer=user,
                offence=data["offence"],
                recipient=notice_services.Recipient(
                    name=data["recipient_name"],
                    date_of_birth=data["recipient_date_of_birth"],
                    address=data["recipient_address"],
                    identity_check=data["identity_check"],
                ),
                place=data["place"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                issued_at=issued_at,
                circumstances=data["circumstances"],
                patrol=queries.patrol_at(user, issued_at),
                reserved_number=data["reserved_number"],
            )
        except PermissionDenied:
            raise Http404("No such page") from None
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Notice %(number)s issued.") % {"number": notice.reference})
            return redirect(notice)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "offences": offences, "running_patrol": running, "map": map_settings()}
    context["book"] = _book_urls()
    return render(request, "patrols/notices/issue.html", context, status=status)


def _book_urls() -> dict:
    """What static/js/notice-book.js reads from the issue page."""
    return {
        "held_url": reverse("patrols:notice-numbers-held"),
        "reserve_url": reverse("patrols:notice-numbers-reserve"),
        "block_size": settings.NOTICE_BLOCK_SIZE,
    }


def _detail(request, notice: FixedPenaltyNotice, status=200, **forms):
    user = request.user
    audit.record_read(user, notice)
    can_change = notice.is_open and permissions.can(user, "change", notice)
    payments = list(notice.payments.select_related("recorded_by"))
    paid = sum((p.amount for p in payments), start=Decimal("0.00"))
    late = notice.status in notice_queries.UNPAID and permissions.can(user, "change", notice)
    today = timezone.localdate()
    context = {
        "notice": notice,
        "object": notice,
        "payments": payments,
        "paid": paid,
        "can_pay": can_change or late,
        "can_challenge": can_change,
        "can_cancel": notice.status
        not in (FixedPenaltyNotice.Status.CANCELLED, FixedPenaltyNotice.Status.PAID)
        and permissions.can(user, "cancel", notice),
        "due_today": notice_services.balance_on(notice, today, paid) if notice.is_open else None,
    }
    if context["can_pay"]:
        context["payment_form"] = forms.get("payment_form") or PaymentForm(initial={"paid_on": today})
    return render(request, "patrols/notices/notice_detail.html", context, status=status)


def notice_detail(request, pk):
    return _detail(request, _notice(request, pk))


@require_POST
def record_payment(request, pk):
    notice = _notice(request, pk, "change")
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            notice_services.record_payment(user=request.user, notice=notice, **form.cleaned_data)
        except PermissionDenied:
            raise Http404("No such record") from None
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect(notice)
    notice.refresh_from_db()
    return _detail(request, notice, status=400, payment_form=form)


@require_POST
def request_hearing(request, pk):
    notice = _notice(request, pk, "change")
    try:
        notice_services.request_hearing(user=request.user, notice=notice)
    except PermissionDenied:
        raise Http404("No such record") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Hearing requested: the notice is challenged."))
    return redirect(notice)


def cancel_notice(request, pk):
    """Only a supervisor of the notice's team reaches this page; anyone else gets a 404."""
    notice = _notice(request, pk, "cancel")
    form = CancelNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice_services.cancel_notice(
                user=request.user, notice=notice, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied:
            raise Http404("No such record") from None
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Notice %(number)s cancelled.") % {"number": notice.reference})
            return redirect(notice)
    status = 400 if request.method == "POST" else 200
    audit.record_read(request.user, notice)  # the page names the recipient
    return render(
        request, "patrols/notices/notice_cancel.html", {"notice": notice, "form": form}, status=status
    )


class NoticeRegister(PageList):
    """The filterable register of the notices the user sees."""

    template_name = "patrols/notices/notice_list.html"
    context_object_name = "notices"

    def get_queryset(self):
        self.form = NoticeFilterForm(
            self.request.GET or None, officers=notice_queries.register_officers(self.request.user)
        )
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        return notice_queries.register(self.request.user, filters)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            can_issue=bool(self.request.user.team_id)
            and self.request.user.has_perm("patrols.add_fixedpenaltynotice"),
            **kwargs,
        )


def export_notices(request):
    """The register as CSV, with the same filters."""
    form = NoticeFilterForm(request.GET or None, officers=notice_queries.register_officers(request.user))
    if request.GET and not form.is_valid():
        context = {"form": form, "notices": [], "query": ""}
        return render(request, "patrols/notices/notice_list.html", context, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    rows = notice_queries.register(request.user, filters).order_by("number")
    audited = {k: str(getattr(v, "pk", v)) for k, v in filters.items() if v}
    return exports.response(request, "patrols.notices", rows, filters=audited)


def designation_list(request):
    """Who may issue which notice: a supervisor designates their team's officers here."""
    user = request.user
    if not user.has_perm("patrols.view_designation"):
        raise Http404("No such page")
    rows = notice_queries.designations(user).order_by("team__name", "officer__last_name", "offence__wording")
    addable_teams = list(permissions.teams_for(user, "review").values_list("pk", flat=True))
    form = None
    if addable_teams and user.has_perm("patrols.add_designation"):
        form = DesignationForm(
            request.POST or None,
            officers=notice_queries.register_officers(user).filter(team_id__in=addable_teams),
        )
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404("No such page")
        if form.is_valid():
            try:
                notice_services.designate(user=user, **form.cleaned_data)
            except PermissionDenied:
                raise Http404("No such record") from None
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Designation added."))
                return redirect("patrols:designation-list")
        status = 400
    revocable = {
        d.pk
        for d in permissions.visible(user, Designation.objects.filter(pk__in=[r.pk for r in rows]), "delete")
    }
    context = {"designations": rows, "form": form, "revocable": revocable}
    return render(request, "patrols/notices/designation_list.html", context, status=status)


@require_POST
def revoke_designation(request, pk):
    designation = permissions.get_visible_or_404(
        request.user, Designation.objects.select_related("officer"), "delete", pk=pk
    )
    notice_services.revoke_designation(user=request.user, designation=designation)
    messages.success(request, _("Designation removed."))
    return redirect("patrols:designation-list")


# The numbers a phone holds (a ticket book)


def _book(user) -> dict:
    return {
        "officer": user.pk,
        "block_size": settings.NOTICE_BLOCK_SIZE,
        "held": list(notice_services.held_numbers(user).values_list("number", flat=True)),
    }


@require_GET
def held_numbers(request):
    """The numbers the officer holds, for the issue page's script to keep on the phone. Their own
    numbers only, nothing about anyone else: no audit entry, but no copy kept either."""
    if not request.user.has_perm("patrols.view_noticenumber"):
        raise Http404("No such page")
    response = JsonResponse(_book(request.user))
    add_never_cache_headers(response)
    return response


@require_POST
def reserve_numbers(request):
    """Top the officer's book up to NOTICE_BLOCK_SIZE numbers. The issue page's script asks for
    JSON (Accept: application/json); the numbers page's button gets the page again."""
    if not request.user.has_perm("patrols.add_noticenumber"):
        raise Http404("No such page")
    script = wants_json(request)
    try:
        added = notice_services.reserve_numbers(officer=request.user)
    except PermissionDenied:
        raise Http404("No such page") from None
    except ValidationError as error:
        if script:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
        return redirect("patrols:notice-numbers")
    if script:
        response = JsonResponse({**_book(request.user), "added": [n.number for n in added]})
        add_never_cache_headers(response)
        return response
    if added:
        messages.success(
            request,
            _("Numbers %(first)s to %(last)s reserved for you.")
            % {"first": added[0].reference, "last": added[-1].reference},
        )
    else:
        messages.info(
            request, _("You already hold %(count)s numbers.") % {"count": settings.NOTICE_BLOCK_SIZE}
        )
    return redirect("patrols:notice-numbers")


class NoticeNumbers(PageList):
    """The reserved numbers the user sees: their own (with handing back and spoiling), or their
    teams' for a supervisor. With the notices, the register of every number."""

    template_name = "patrols/notices/numbers.html"
    context_object_name = "numbers"

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("patrols.view_noticenumber"):
            raise Http404("No such page")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.form = NumberFilterForm(self.request.GET or None)
        state = self.form.cleaned_data.get("state", "") if self.form.is_valid() else ""
        return notice_queries.reserved_numbers(self.request.user, state)

    def rows_shown(self, rows):
        changeable = set(
            permissions.visible(
                self.request.user, NoticeNumber.objects.filter(pk__in=[r.pk for r in rows]), "change"
            ).values_list("pk", flat=True)
        )
        for row in rows:
            row.can_change = row.pk in changeable and row.state == NoticeNumber.State.HELD

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            form=self.form,
            can_reserve=user.has_perm("patrols.add_noticenumber") and notice_services.keeps_a_book(user),
            block_size=settings.NOTICE_BLOCK_SIZE,
            **kwargs,
        )


@require_GET
def export_numbers(request):
    """Every reserved number the user sees, as CSV."""
    if not request.user.has_perm("patrols.view_noticenumber"):
        raise Http404("No such page")
    form = NumberFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    rows = notice_queries.reserved_numbers(request.user, state).order_by("number")
    return exports.response(
        request, "patrols.notice_numbers", rows, filters={"state": state} if state else {}
    )


def _number(request, pk, action="view") -> NoticeNumber:
    return permissions.get_visible_or_404(
        request.user, NoticeNumber.objects.select_related("officer", "notice"), action, pk=pk
    )


@require_POST
def return_number(request, pk):
    number = _number(request, pk, "change")
    try:
        notice_services.return_number(user=request.user, number=number)
    except PermissionDenied:
        raise Http404("No such record") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Number %(number)s handed back.") % {"number": number.reference})
    return redirect("patrols:notice-numbers")


def spoil_number(request, pk):
    """The officer holding a number marks it spoilt, with a reason."""
    number = _number(request, pk, "change")
    form = SpoilNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice_services.spoil_number(user=request.user, number=number, reason=form.cleaned_data["reason"])
        except PermissionDenied:
            raise Http404("No such record") from None
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Number %(number)s marked spoilt.") % {"number": number.reference})
            return redirect("patrols:notice-numbers")
    status = 400 if request.method == "POST" else 200
    context = {"number": number, "form": form}
    return render(request, "patrols/notices/number_spoil.html", context, status=status)
