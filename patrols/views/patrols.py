"""Patrol pages: start, run, end and enter patrols, sign-off and the review queue, hotspots and
their dosage, time in locality, officers' own neighbourhoods, the map and its GeoJSON. Thin:
input goes to services/patrols.py, who-may-what to pcso.permissions and rules.py."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from pcso import captured, exports, permissions
from pcso.forms import period, show_errors
from pcso.models import Neighbourhood, Officer, Team
from pcso.pagination import PageList

from .. import rules
from ..forms.patrols import (
    ActivityForm,
    EndPatrolForm,
    HotspotForm,
    HotspotVisitForm,
    OwnNeighbourhoodsForm,
    PatrolForm,
    PointForm,
    ReviewForm,
)
from ..models import ActivityKind, Hotspot, HotspotVisit, Patrol
from ..queries import patrols as queries
from ..services import patrols as services
from .common import map_settings, wants_json


def _patrol(request, pk, action="view") -> Patrol:
    return permissions.get_visible_or_404(
        request.user,
        Patrol.objects.select_related("officer", "partner", "team", "neighbourhood", "reviewed_by"),
        action,
        pk=pk,
    )


# The running patrol's thumb bar, fixed at the foot of a phone's screen: the activities a patrol
# records most, and as many of the nearest hotspots; the rest follow in the page.
THUMB_ACTIVITIES = (
    ActivityKind.ENGAGEMENT,
    ActivityKind.ASB,
    ActivityKind.ADVICE,
    ActivityKind.LICENSED_PREMISES,
)
THUMB_HOTSPOTS = 2


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _running_controls(request, patrol: Patrol, status_text: str = "", failed: bool = False, **forms):
    """The running patrol's controls, swapped in place by htmx after a tap (the page keeps its
    scroll), with the thumb bar and the lists they change swapped out of band."""
    context = _detail_context(request, patrol, **forms)
    context.update(status_text=status_text, failed=failed, answer=True)
    return render(request, "patrols/patrols/_running_controls.html", context)


def _detail(request, patrol: Patrol, status=200, **forms):
    return render(
        request,
        "patrols/patrols/patrol_detail.html",
        _detail_context(request, patrol, **forms),
        status=status,
    )


def _detail_context(request, patrol: Patrol, **forms) -> dict:
    """The patrol page: the running controls while it runs, the record and review otherwise."""
    user = request.user
    can_change = rules.may_edit(user, patrol)
    points = list(patrol.points.all())
    visits = list(patrol.hotspot_visits.select_related("hotspot"))
    context = {
        "patrol": patrol,
        "object": patrol,
        "can_change": can_change,
        "on_patrol": rules.on_patrol(user, patrol, editable=can_change),
        "can_signoff": patrol.status == Patrol.Status.ENDED and permissions.can(user, "signoff", patrol),
        "points": points,
        "visits": visits,
        "open_visit": next((v for v in visits if v.left_at is None), None),
        "activities": list(patrol.activities.all()),
        "thumb_activities": THUMB_ACTIVITIES,
        "more_activities": [k for k in ActivityKind if k not in (*THUMB_ACTIVITIES, ActivityKind.OTHER)],
        "map": map_settings(),
    }
    if can_change:
        hotspots = queries.team_hotspots_today(user, patrol.team_id)
        nearest = queries.nearest_first(hotspots, points[-1] if points else None)
        if context["open_visit"]:  # the bar offers to leave it; any other is in the page
            nearest = [h for h in nearest if h.pk != context["open_visit"].hotspot_id]
            context.update(thumb_hotspots=[], more_hotspots=nearest)
        else:
            context.update(thumb_hotspots=nearest[:THUMB_HOTSPOTS], more_hotspots=nearest[THUMB_HOTSPOTS:])
        context["activity_form"] = forms.get("activity_form") or ActivityForm(
            initial={"kind": ActivityKind.OTHER}
        )
        if not patrol.is_running:
            context["visit_form"] = forms.get("visit_form") or HotspotVisitForm(hotspots=hotspots)
    if context["can_signoff"]:
        context["review_form"] = forms.get("review_form") or ReviewForm()
    return context


def patrol_detail(request, pk):
    return _detail(request, _patrol(request, pk))


@require_POST
def start_patrol(request):
    """One tap: start a patrol now in the chosen mode."""
    mode = request.POST.get("mode", Patrol.Mode.FOOT)
    if mode not in Patrol.Mode.values:
        mode = Patrol.Mode.FOOT
    try:
        patrol = services.start_patrol(officer=request.user, mode=mode, captured=captured.read(request))
    except PermissionDenied:
        messages.error(request, _("Only officers of a team can start a patrol."))
        return redirect("home")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("home")
    return redirect(patrol)


def end_patrol(request, pk):
    patrol = _patrol(request, pk, "change")
    if not patrol.is_running:
        if request.method == "POST":  # a second tap on "End patrol"
            messages.info(request, services.ALREADY_ENDED)
        return redirect(patrol)
    form = EndPatrolForm(request.POST or None, patrol=patrol)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_patrol(
                user=request.user,
                patrol=patrol,
                summary=form.cleaned_data["summary"],
                ended_at=form.cleaned_data["ended_at"],
                neighbourhood=form.cleaned_data["neighbourhood"],
                captured=captured.read(request, earliest=patrol.started_at),
            )
        except PermissionDenied:
            raise Http404("No such record") from None
        except services.AlreadyEnded:  # ended by a first tap while this one waited
            messages.info(request, services.ALREADY_ENDED)
            return redirect(patrol)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Patrol ended. It now awaits your sergeant's review."))
            return redirect(patrol)
    return render(request, "patrols/patrols/patrol_end.html", {"patrol": patrol, "form": form})


def _act(request, patrol, fn, success=None):
    """Run a one-step service; a refusal becomes a message on the patrol page (in place, for a
    tap through htmx)."""
    try:
        fn()
    except PermissionDenied:
        raise Http404("No such record") from None
    except ValidationError as error:
        if _htmx(request):
            return _running_controls(request, patrol, " ".join(error.messages), failed=True)
        messages.error(request, " ".join(error.messages))
    else:
        if _htmx(request):
            return _running_controls(request, patrol, success or "")
        if success:
            messages.success(request, success)
    return redirect(patrol)


@require_POST
def add_point(request, pk):
    patrol = _patrol(request, pk, "change")
    form = PointForm(request.POST)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"errors": form.errors}, status=400)
        messages.error(request, _("That location could not be read."))
        return redirect(patrol)
    data = form.cleaned_data
    try:
        point = services.add_point(
            user=request.user,
            patrol=patrol,
            latitude=data["latitude"],
            longitude=data["longitude"],
            source=data["source"],
            captured=captured.read(request, earliest=patrol.started_at),
        )
    except PermissionDenied:
        raise Http404("No such record") from None
    except ValidationError as error:
        if wants_json(request):
            return JsonResponse({"errors": {"__all__": error.messages}}, status=400)
        messages.error(request, " ".join(error.messages))
        return redirect(patrol)
    if wants_json(request):
        count = patrol.points.count()
        return JsonResponse(
            {
                "latitude": float(point.latitude),
                "longitude": float(point.longitude),
                "count": count,
                # Shown as it is under the map, in the officer's language.
                "message": ngettext("%(count)s point recorded.", "%(count)s points recorded.", count)
                % {"count": count},
            },
            status=201,
        )
    messages.success(request, _("Location added."))
    return redirect(patrol)


@require_POST
def add_activity(request, pk):
    patrol = _patrol(request, pk, "change")
    form = ActivityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.add_activity(
                user=request.user,
                patrol=patrol,
                kind=data["kind"],
                other_text=data["other_text"],
                note=data["note"],
                at=data["at"],
                captured=captured.read(request, earliest=patrol.started_at),
            )
        except PermissionDenied:
            raise Http404("No such record") from None
        except ValidationError as error:
            show_errors(form, error)
        else:
            added = _("Added: %(activity)s.") % {"activity": activity.label}
            if _htmx(request):
                return _running_controls(request, patrol, added)
            messages.success(request, added)
            return redirect(patrol)
    if _htmx(request) and patrol.is_running:
        return _running_controls(
            request, patrol, _("The activity was not added."), failed=True, activity_form=form
        )
    return _detail(request, patrol, status=400, activity_form=form)


@require_POST
def arrive_at_hotspot(request, pk):
    patrol = _patrol(request, pk, "change")
    hotspots = Hotspot.objects.all()
    hotspot = permissions.get_visible_or_404(request.user, hotspots, pk=request.POST.get("hotspot"))
    when = captured.read(request, earliest=patrol.started_at)
    return _act(
        request,
        patrol,
        lambda: services.arrive_at_hotspot(user=request.user, patrol=patrol, hotspot=hotspot, captured=when),
        _("Arrived at %(hotspot)s.") % {"hotspot": hotspot},
    )


@require_POST
def leave_hotspot(request, pk):
    patrol = _patrol(request, pk, "change")
    visit = permissions.get_visible_or_404(
        request.user,
        HotspotVisit.objects.filter(patrol=patrol).select_related("hotspot", "patrol"),
        pk=request.POST.get("visit"),
    )
    when = captured.read(request, earliest=visit.arrived_at)
    return _act(
        request,
        patrol,
        lambda: services.leave_hotspot(user=request.user, visit=visit, captured=when),
        _("Left %(hotspot)s.") % {"hotspot": visit.hotspot},
    )


@require_POST
def record_visit(request, pk):
    patrol = _patrol(request, pk, "change")
    form = HotspotVisitForm(request.POST, hotspots=queries.team_hotspots_today(request.user, patrol.team_id))
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.record_hotspot_visit(
                user=request.user,
                patrol=patrol,
                hotspot=data["hotspot"],
                arrived_at=data["arrived_at"],
                left_at=data["left_at"],
            )
        except PermissionDenied:
            raise Http404("No such record") from None
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Hotspot visit added."))
            return redirect(patrol)
    return _detail(request, patrol, status=400, visit_form=form)


def _review(request, pk, approve: bool):
    patrol = _patrol(request, pk, "signoff")
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if approve:
            services.approve_patrol(user=request.user, patrol=patrol, comment=comment)
        else:
            services.return_patrol(user=request.user, patrol=patrol, comment=comment)
    except PermissionDenied:
        raise Http404("No such record") from None
    except ValidationError as error:
        if request.POST.get("next") == "queue":  # e.g. signed off meanwhile by another supervisor
            messages.error(request, " ".join(error.messages))
            return redirect("patrols:review-queue")
        show_errors(form, error)
        patrol.refresh_from_db()
        if _htmx(request):
            return _sign_off(request, patrol, review_form=form)
        return _detail(request, patrol, status=400, review_form=form)
    patrol.refresh_from_db()
    if approve and _htmx(request) and request.POST.get("next") == "queue":
        return render(request, "patrols/patrols/_review_card.html", {"p": patrol, "approved": True})
    if _htmx(request):
        return _sign_off(request, patrol)
    messages.success(request, _("Patrol approved.") if approve else _("Patrol returned."))
    if request.POST.get("next") == "queue":
        return redirect("patrols:review-queue")
    return redirect(patrol)


def _sign_off(request, patrol: Patrol, **forms) -> HttpResponse:
    """The patrol page's sign-off answered in place (htmx): the form again with what is missing,
    or what was decided; the status badge comes out of band. A refusal answers 200, as htmx
    swaps only a success."""
    context = {**_detail_context(request, patrol, **forms), "answer": True}
    return HttpResponse(
        "".join(
            render_to_string(f"patrols/patrols/patrol_detail.html#{name}", context, request)
            for name in ("sign-off", "status")
        )
    )


@require_POST
def undo_approval(request, pk):
    """Take back an approval made a moment ago: the patrol returns to the queue."""
    patrol = _patrol(request, pk, "signoff")
    try:
        services.undo_approval(user=request.user, patrol=patrol)
    except PermissionDenied:
        raise Http404("No such record") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("patrols:review-queue")
    if _htmx(request):
        patrol = queries.patrols_for_review(request.user).get(pk=patrol.pk)
        return render(request, "patrols/patrols/_review_card.html", {"p": patrol})
    messages.success(request, _("Approval undone: the patrol is back in the queue."))
    return redirect("patrols:review-queue")


@require_POST
def approve_patrol(request, pk):
    return _review(request, pk, approve=True)


@require_POST
def return_patrol(request, pk):
    return _review(request, pk, approve=False)


def _patrol_form_result(request, form, save, template, context):
    if request.method == "POST" and form.is_valid():
        try:
            patrol = save(form.cleaned_data)
        except PermissionDenied:
            raise Http404("No such record") from None
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect(patrol)
    return render(request, template, {"form": form, **context})


def patrol_create(request):
    """Enter a patrol afterwards, with its times."""
    if not permissions.can(request.user, "add", Patrol(officer=request.user, team_id=request.user.team_id)):
        raise Http404("No such page")
    form = PatrolForm(
        request.POST or None,
        officer=request.user,
        initial={"neighbourhood": services.preferred_neighbourhood(request.user)},
    )

    def save(data):
        data = {name: value for name, value in data.items() if not name.endswith("_clock")}
        patrol = services.record_patrol(officer=request.user, **data)
        messages.success(request, _("Patrol recorded. It now awaits your sergeant's review."))
        return patrol

    return _patrol_form_result(request, form, save, "patrols/patrols/patrol_form.html", {"patrol": None})


def patrol_edit(request, pk):
    patrol = _patrol(request, pk, "change")
    if patrol.is_locked or patrol.status == Patrol.Status.IN_PROGRESS:
        raise Http404("No such record")
    form = PatrolForm(request.POST or None, instance=patrol, officer=patrol.officer)

    def save(data):
        data = {name: value for name, value in data.items() if not name.endswith("_clock")}
        saved = services.update_patrol(user=request.user, patrol=patrol, **data)
        messages.success(request, _("Patrol updated."))
        return saved

    return _patrol_form_result(request, form, save, "patrols/patrols/patrol_form.html", {"patrol": patrol})


class PatrolList(PageList):
    template_name = "patrols/patrols/patrol_list.html"
    context_object_name = "patrols"

    def get_queryset(self):
        self.form = period(self.request)
        return self.form.filter(queries.patrol_list(self.request.user), "started_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.form, **kwargs)


class ReviewQueue(PageList):
    template_name = "patrols/patrols/review_queue.html"
    context_object_name = "patrols"

    def get_queryset(self):
        return queries.patrols_for_review(self.request.user)


def export_patrols(request):
    """CSV of the patrols the user's patrol list shows, for a date range."""
    form = period(request)
    if request.GET and not form.is_valid():
        return render(
            request, "patrols/patrols/patrol_list.html", {"period": form, "patrols": []}, status=400
        )
    chosen = form.cleaned_data if form.is_bound else {}
    start, end = chosen.get("start"), chosen.get("end")
    patrols = form.filter(queries.patrol_list(request.user), "started_at").order_by("started_at", "pk")
    patrols = patrols.select_related("team", "reviewed_by")  # columns the list page does not show
    return exports.response(
        request,
        "patrols.patrols",
        patrols,
        filename=f"patrols-{start or 'all'}-{end or 'all'}.csv",
        filters={"from": start.isoformat() if start else "", "to": end.isoformat() if end else ""},
    )


def _week_context(request):
    monday = queries.parse_week(request.GET.get("week"))
    return {
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7),
        "is_this_week": monday == queries.this_week(),
    }


def hotspot_list(request):
    """Hotspots with this week's dose, most unmet first."""
    context = _week_context(request)
    context["dosage"] = queries.team_dosage(request.user, context["monday"])
    context["can_add"] = bool(_hotspot_teams(request.user))
    return render(request, "patrols/patrols/hotspot_list.html", context)


class HotspotDetail(permissions.VisibleMixin, DetailView):
    model = Hotspot
    template_name = "patrols/patrols/hotspot_detail.html"
    queryset = Hotspot.objects.select_related("team", "neighbourhood")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_week_context(self.request))
        context["dose"] = queries.hotspot_dosage([self.object], context["monday"])[0]
        lo, hi = queries.week_bounds(context["monday"])
        context["visits"] = (
            permissions.visible(self.request.user, HotspotVisit.objects.filter(hotspot=self.object))
            .filter(arrived_at__lt=hi)
            .filter(Q(left_at__gt=lo) | Q(left_at__isnull=True))
            .select_related("patrol__officer")
        )
        context["map"] = map_settings()
        return context


def _hotspot_teams(user) -> list[Team]:
    """The teams this user may add hotspots to, team by team as the permissions module says."""
    return [
        team
        for team in permissions.teams_for(user, "add").order_by("name")
        if permissions.can(user, "add", Hotspot(team=team))
    ]


def _hotspot_form(request, hotspot=None):
    teams = _hotspot_teams(request.user)
    if not teams:
        raise Http404("No such page")
    initial = {"team": teams[0]} if hotspot is None and len(teams) == 1 else None
    form = HotspotForm(
        request.POST or None,
        instance=hotspot,
        initial=initial,
        teams=Team.objects.filter(pk__in=[t.pk for t in teams]).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_hotspot(user=request.user, hotspot=form.instance)
        except PermissionDenied:
            raise Http404("No such record") from None
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Hotspot saved."))
            return redirect(saved)
    return render(request, "patrols/patrols/hotspot_form.html", {"form": form, "hotspot": hotspot})


def hotspot_create(request):
    return _hotspot_form(request)


def hotspot_edit(request, pk):
    hotspot = permissions.get_visible_or_404(request.user, Hotspot.objects.all(), "change", pk=pk)
    return _hotspot_form(request, hotspot)


def locality(request):
    """Time in locality per PCSO for a week, against the 80% target, with each team's subtotal."""
    context = _week_context(request)
    rows = queries.time_in_locality(request.user, context["monday"])
    context["teams"] = queries.team_localities(rows)
    context["supervised"] = set(permissions.teams_for(request.user, "review").values_list("pk", flat=True))
    context["target"] = round(queries.LOCALITY_TARGET * 100)
    return render(request, "patrols/patrols/locality.html", context)


def officer_neighbourhoods(request, pk):
    """A supervisor sets which of the team's neighbourhoods are the officer's own."""
    officer = permissions.get_visible_or_404(request.user, Officer.objects.select_related("team"), pk=pk)
    if officer.team_id is None or not permissions.supervises(request.user, officer.team_id):
        raise Http404("No such record")
    form = OwnNeighbourhoodsForm(
        request.POST or None,
        officer=officer,
        initial={"neighbourhoods": services.own_neighbourhoods(officer)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_own_neighbourhoods(
                user=request.user, officer=officer, neighbourhoods=form.cleaned_data["neighbourhoods"]
            )
        except PermissionDenied:
            raise Http404("No such record") from None
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("%(name)s's neighbourhoods saved.") % {"name": officer.full_name})
            return redirect("patrols:locality")
    return render(request, "patrols/patrols/officer_neighbourhoods.html", {"officer": officer, "form": form})


def patrol_map(request):
    """Neighbourhood boundaries, hotspots coloured by this week's dose, and a patrol's points."""
    context = _week_context(request)
    context["map"] = map_settings()
    patrol_id = request.GET.get("patrol")
    context["patrol"] = _patrol(request, patrol_id) if patrol_id else None
    return render(request, "patrols/patrols/map.html", context)


def _feature(geometry, **properties) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def neighbourhoods_geojson(request):
    neighbourhoods = permissions.visible(request.user, Neighbourhood.objects.select_related("team"))
    features = [
        _feature(n.boundary, name=n.name, team=n.team.name, url=n.get_absolute_url())
        for n in neighbourhoods
        if n.boundary
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def hotspots_geojson(request):
    monday = queries.parse_week(request.GET.get("week"))
    features = [
        _feature(
            row.hotspot.geometry,
            name=row.hotspot.name,
            url=row.hotspot.get_absolute_url(),
            radius_m=row.hotspot.radius_m,
            minutes=row.minutes,
            target=row.target,
            visits=row.visits,
            percent_met=row.percent_met,
            colour=row.colour,
            # The popup's line, in the officer's language.
            detail=ngettext(
                "%(minutes)s of %(target)s min this week (%(percent)s%%), %(visits)s visit",
                "%(minutes)s of %(target)s min this week (%(percent)s%%), %(visits)s visits",
                row.visits,
            )
            % {
                "minutes": row.minutes,
                "target": row.target,
                "percent": row.percent_met,
                "visits": row.visits,
            },
        )
        for row in queries.team_dosage(request.user, monday)
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def patrol_points_geojson(request, pk):
    patrol = _patrol(request, pk)
    points = list(patrol.points.all())
    features = [
        _feature(
            {"type": "Point", "coordinates": [float(p.longitude), float(p.latitude)]},
            at=f"{timezone.localtime(p.recorded_at):%H:%M}",
            source=p.source,
        )
        for p in points
    ]
    if len(points) > 1:
        line = [[float(p.longitude), float(p.latitude)] for p in points]
        features.append(_feature({"type": "LineString", "coordinates": line}, route=True))
    return JsonResponse({"type": "FeatureCollection", "features": features})
