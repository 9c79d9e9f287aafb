from django import forms
from django.utils.translation import gettext_lazy as _

from pcso import geo
from pcso.forms import (
    BoundedJSONField,
    DateInput,
    LocalDateTimeInput,
    WallClockDateTimeField,
    WallClockFormMixin,
    within_years,
)
from pcso.models import Neighbourhood, Officer

from ..models import ActivityKind, Hotspot, Patrol, PatrolPoint


def _check_years(form, *names: str) -> None:
    for name in names:
        form.fields[name].validators.append(within_years)


def _team_fields(form, officer: Officer) -> None:
    """Neighbourhood and partner choices come from the officer's team."""
    form.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(team_id=officer.team_id)
    form.fields["neighbourhood"].empty_label = _("Outside our neighbourhoods")
    form.fields["partner"].queryset = Officer.objects.filter(team_id=officer.team_id, is_active=True).exclude(
        pk=officer.pk
    )
    form.fields["partner"].empty_label = _("On my own")
    form.fields["partner"].label_from_instance = lambda o: f"{o.full_name} ({o.collar_number})"


class PatrolForm(WallClockFormMixin, forms.ModelForm):
    """A patrol entered afterwards, or corrected."""

    clock_fields = ("started_at", "ended_at")
    started_at = WallClockDateTimeField(label=_("Started"), widget=LocalDateTimeInput())
    ended_at = WallClockDateTimeField(label=_("Ended"), widget=LocalDateTimeInput())

    class Meta:
        model = Patrol
        fields = ["mode", "started_at", "ended_at", "neighbourhood", "partner", "summary"]
        widgets = {
            "started_at": LocalDateTimeInput(),
            "ended_at": LocalDateTimeInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "mode": _("Mode"),
            "neighbourhood": _("Neighbourhood"),
            "partner": _("Partner"),
            "summary": _("Summary"),
        }

    def __init__(self, *args, officer: Officer, **kwargs):
        super().__init__(*args, **kwargs)
        _team_fields(self, officer)
        self.fields["ended_at"].required = True
        _check_years(self, "started_at", "ended_at")

    def _post_clean(self):
        # The service validates the patrol as a whole (times, overlap); skip the model's own
        # instance validation, which would demand the team and officer the form does not hold.
        pass


class EndPatrolForm(WallClockFormMixin, forms.Form):
    clock_fields = ("ended_at",)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("A line or two is enough."),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False
    )
    ended_at = WallClockDateTimeField(
        label=_("Ended"), required=False, widget=LocalDateTimeInput(), help_text=_("Leave empty for now.")
    )

    def __init__(self, *args, patrol: Patrol, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(team_id=patrol.team_id)
        self.fields["neighbourhood"].empty_label = _("Outside our neighbourhoods")
        self.fields["neighbourhood"].initial = patrol.neighbourhood_id
        _check_years(self, "ended_at")


class ActivityForm(WallClockFormMixin, forms.Form):
    clock_fields = ("at",)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    other_text = forms.CharField(label=_("What"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    at = WallClockDateTimeField(
        label=_("When"), required=False, widget=LocalDateTimeInput(), validators=[within_years]
    )


class PointForm(forms.Form):
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180)
    source = forms.ChoiceField(choices=PatrolPoint.Source.choices, required=False)

    def clean_source(self):
        return self.cleaned_data["source"] or PatrolPoint.Source.GPS

    def clean_latitude(self):
        return round(self.cleaned_data["latitude"], 6)

    def clean_longitude(self):
        return round(self.cleaned_data["longitude"], 6)


class HotspotVisitForm(WallClockFormMixin, forms.Form):
    clock_fields = ("arrived_at", "left_at")
    hotspot = forms.ModelChoiceField(label=_("Hotspot"), queryset=Hotspot.objects.none())
    arrived_at = WallClockDateTimeField(
        label=_("Arrived"), widget=LocalDateTimeInput(), validators=[within_years]
    )
    left_at = WallClockDateTimeField(label=_("Left"), widget=LocalDateTimeInput(), validators=[within_years])

    def __init__(self, *args, hotspots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hotspot"].queryset = hotspots


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning."),
    )


class GeoJSONField(BoundedJSONField):
    """GeoJSON typed into a box: an empty box, not "null", when there is none."""

    def prepare_value(self, value):
        return "" if value is None else super().prepare_value(value)


class HotspotForm(forms.ModelForm):
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False
    )
    geometry = GeoJSONField(
        label=_("Or an area as GeoJSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A Polygon, for a hotspot that is not a circle. Leave empty for a centre and radius."),
    )

    class Meta:
        model = Hotspot
        fields = [
            "team",
            "name",
            "neighbourhood",
            "latitude",
            "longitude",
            "radius_m",
            "geometry",
            "weekly_target_minutes",
            "dose_cap_minutes",
            "active_from",
            "active_to",
            "source",
        ]
        widgets = {"active_from": DateInput(), "active_to": DateInput()}
        labels = {
            "team": _("Team"),
            "name": _("Name"),
            "neighbourhood": _("Neighbourhood"),
            "weekly_target_minutes": _("Weekly target minutes"),
            "active_from": _("Active from"),
            "active_to": _("Active to"),
            "source": _("Source"),
        }

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(team__in=teams)
        self.fields["radius_m"].help_text = _("For a circle around the centre.")
        self.fields["dose_cap_minutes"].required = False  # left empty: the default
        self.fields["radius_m"].widget.attrs.update(min=geo.MIN_RADIUS_M, max=geo.MAX_RADIUS_M)
        _check_years(self, "active_from", "active_to")
        geometry = self.instance.geometry if self.instance.pk else None
        if geometry and geometry.get("type") == "Point":
            self.initial["longitude"], self.initial["latitude"] = geometry["coordinates"][:2]
            self.initial["geometry"] = None

    def clean_dose_cap_minutes(self):
        value = self.cleaned_data.get("dose_cap_minutes")
        return Hotspot._meta.get_field("dose_cap_minutes").default if value is None else value

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if lat is not None and lon is not None:
            data["geometry"] = {"type": "Point", "coordinates": [float(lon), float(lat)]}
        elif lat is not None or lon is not None:
            self.add_error(
                "latitude" if lat is None else "longitude", _("Give both the latitude and longitude.")
            )
        elif not data.get("geometry") and "geometry" not in self.errors:
            self.add_error("latitude", _("Give the hotspot's centre, or its area as GeoJSON."))
        return data

    def _post_clean(self):
        # Validated in full by save_hotspot (services/patrols.py) once the instance is built.
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)


class OwnNeighbourhoodsForm(forms.Form):
    neighbourhoods = forms.ModelMultipleChoiceField(
        queryset=Neighbourhood.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Their own neighbourhoods"),
        help_text=_("Their time in locality is the share of their patrol time inside these."),
    )

    def __init__(self, *args, officer: Officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(
            team_id=officer.team_id
        ).order_by("name")
