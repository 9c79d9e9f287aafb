"""Pages for published crime data: upload and import summary, hotspot suggestions. Every page
showing the data carries the Open Government Licence attribution (intelligence/crime/_ogl.html)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pcso import hooks, limits
from pcso.dates import months_before
from pcso.permissions import can, teams_for

from ..forms.crime import CrimeFileForm, SuggestionForm
from ..models import OGL, CrimeImport
from ..queries import crime as crime_queries
from ..services import crime as crime_services
from ..services import crime_import

IMPORT = "intelligence.add_crimeimport"
RECORDS = "intelligence.view_crimerecord"


def _require_model_permission(user, permission: str) -> None:
    """Pages a role has no use for are not there for it (404, as out-of-scope records). The
    question is the role's model permission, of no one record (pcso.permissions.require asks
    about a record and answers 403), so the core has no helper for it."""
    if not user.has_perm(permission):
        raise Http404("No such page")


@limits.accepts_upload(crime_import.MAX_BYTES)
def crime_import_form(request):
    """Upload a data.police.uk file; the import's summary follows on its own page. A file over
    the limit is not read past it (pcso/limits.py): the form says so."""
    _require_model_permission(request.user, IMPORT)
    too_large = limits.upload_refused(request)
    posted = request.method == "POST"
    form = CrimeFileForm(
        request.POST if posted else None, request.FILES if posted else None, too_large=too_large
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = crime_import.import_file(user=request.user, data=upload.read(), file_name=upload.name)
        except crime_import.UnusableFile as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("File imported: the summary is below."))
            return redirect(record)
    recent = CrimeImport.objects.select_related("imported_by")[:10]
    return render(
        request,
        "intelligence/crime/crime_import_form.html",
        {"form": form, "recent": recent},
        status=413 if too_large else 200,
    )


def crime_import_detail(request, pk):
    _require_model_permission(request.user, "intelligence.view_crimeimport")
    record = get_object_or_404(CrimeImport.objects.select_related("imported_by"), pk=pk)
    return render(request, "intelligence/crime/crimeimport_detail.html", {"record": record})


def _teams(user):
    return teams_for(user, "view").filter(neighbourhoods__isnull=False).distinct().order_by("name")


def _suggestion_form(request, data):
    _require_model_permission(request.user, RECORDS)
    teams = _teams(request.user)
    if not teams:
        raise Http404("No such page")
    latest = crime_queries.latest_month()
    initial = {"team": teams[0], "size": crime_queries.DEFAULT_CELL_M}
    if latest:
        initial.update(start=months_before(latest, 2), end=latest)
    bound = data if data and "team" in data else None
    if bound is None and latest:
        bound = QueryDict(mutable=True)
        bound.update(
            {"team": teams[0].pk, "start": f"{initial['start']:%Y-%m}", "end": f"{latest:%Y-%m}",
             "size": crime_queries.DEFAULT_CELL_M}
        )  # fmt: skip
    return SuggestionForm(bound, teams=teams, types=crime_queries.crime_types(), initial=initial)


def _outside_scope_is_404(form) -> None:
    if form.is_bound and "team" in form.errors:
        raise Http404("No such team")


def hotspot_suggestions(request):
    """Grid cells of a team's neighbourhoods ranked by imported crimes and ASB over a period."""
    form = _suggestion_form(request, request.GET)
    _outside_scope_is_404(form)
    context = {"form": form, "cells": [], "searched": False}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        grid = crime_queries.grid_for(data["team"], data["size"])
        records = crime_queries.crime_records(
            request.user, team=data["team"], start=data["start"], end=data["end"], types=data["types"]
        )
        cells = crime_queries.rank_cells(records, grid)
        hotspots = hooks.offered("hotspots.active")(data["team"])
        crime_queries.mark_hotspots(cells, hotspots)
        context.update(
            cells=cells,
            searched=True,
            team=data["team"],
            can_add=can(request.user, "add", hooks.offered("hotspots.new")(team=data["team"])),
            query=request.GET.urlencode(),
        )
    return render(request, "intelligence/crime/hotspot_suggestions.html", context)


@require_POST
def hotspot_from_cell(request):
    form = _suggestion_form(request, request.POST)
    _outside_scope_is_404(form)
    try:
        x, y = int(request.POST["x"]), int(request.POST["y"])
    except (KeyError, ValueError):
        x = y = None
    if not form.is_valid() or x is None:
        messages.error(request, _("That cell could not be read: choose it again from the list."))
        return redirect("intelligence:hotspot-suggestions")
    data = form.cleaned_data
    try:
        hotspot = crime_services.hotspot_from_cell(
            user=request.user,
            team=data["team"],
            grid=crime_queries.grid_for(data["team"], data["size"]),
            x=x,
            y=y,
            start=data["start"],
            end=data["end"],
            types=data["types"],
        )
    except PermissionDenied:
        raise Http404("No such page") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = QueryDict(request.POST.get("query", "")).urlencode()
        return redirect(reverse("intelligence:hotspot-suggestions") + (f"?{back}" if back else ""))
    messages.success(request, _("Hotspot added: set its weekly target and dates if they differ."))
    return redirect(hotspot)


def crime_points(request):
    """Imported records of the user's neighbourhoods for the months asked, one feature per
    published snap point, as GeoJSON for the dashboard map."""
    _require_model_permission(request.user, RECORDS)
    bounds = {}
    for name in ("start", "end"):
        try:
            bounds[name] = datetime.strptime(request.GET.get(name, ""), "%Y-%m").date()
        except ValueError:
            bounds[name] = None
    records = crime_queries.crime_records(request.user, start=bounds["start"], end=bounds["end"])
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(p["longitude"]), float(p["latitude"])]},
            "properties": {
                "name": p["place"] or _("Unnamed place"),
                "count": p["n"],
                "detail": _("%(n)s records, most often %(type)s") % {"n": p["n"], "type": p["crime_type"]},
            },
        }
        for p in crime_queries.crime_points(records)
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features, "attribution": str(OGL)})
