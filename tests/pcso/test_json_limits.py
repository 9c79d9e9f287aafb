"""Every JSON or GeoJSON box has a size and a nesting limit: a clear message on the form, the
text kept as typed, never a server error."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from pcso.forms import JSON_MAX_DEPTH, BoundedJSONField, json_depth

pytestmark = pytest.mark.django_db

DEEP = "[" * 5000 + "]" * 5000


def _hotspot_data(team, geometry):
    return {
        "team": team.pk,
        "name": "Deep",
        "latitude": "",
        "longitude": "",
        "geometry": geometry,
        "radius_m": "",
        "weekly_target_minutes": 45,
        "active_from": "2026-01-01",
        "source": "",
    }


def test_hotspot_geometry_nested_5000_deep_is_a_form_error(client_for, sergeant, team):
    response = client_for(sergeant).post(reverse("patrols:hotspot-add"), _hotspot_data(team, DEEP))
    content = response.content.decode()
    assert response.status_code == 200
    assert f"This is nested too deeply: at most {JSON_MAX_DEPTH} levels of brackets." in content
    assert "[[[[[[[[[[" in content  # what was typed is still in the box
    assert team.hotspots.count() == 0


def test_hotspot_geometry_too_long_is_a_form_error(client_for, sergeant, team):
    ring = ", ".join(["[-0.1, 51.5]"] * 20_000)
    huge = f'{{"type": "Polygon", "coordinates": [[{ring}]]}}'
    response = client_for(sergeant).post(reverse("patrols:hotspot-add"), _hotspot_data(team, huge))
    assert response.status_code == 200
    assert f"This is too long: at most 200,000 characters, it has {len(huge):,}." in response.content.decode()


def test_neighbourhood_boundary_nested_too_deep_in_the_admin_is_a_form_error(client_for, administrator, team):
    neighbourhood = team.neighbourhoods.get()
    response = client_for(administrator).post(
        reverse("admin:pcso_neighbourhood_change", args=[neighbourhood.pk]),
        {"name": neighbourhood.name, "code": neighbourhood.code, "team": team.pk, "boundary": DEEP},
    )
    assert response.status_code == 200
    assert "This is nested too deeply" in response.content.decode()


def test_depth_is_counted_outside_strings_only():
    assert [json_depth(text) for text in ('{"a": [1, [2]]}', '["[[[[", "\\"]"]', "[]", "3")] == [3, 1, 1, 0]


def test_a_real_polygon_passes():
    polygon = '{"type": "Polygon", "coordinates": [[[-0.1, 51.5], [-0.2, 51.5], [-0.2, 51.6], [-0.1, 51.5]]]}'
    assert BoundedJSONField().clean(polygon)["type"] == "Polygon"


def _json_fields_of(form_class):
    return [name for name, field in form_class.base_fields.items() if isinstance(field, forms.JSONField)]


def test_every_json_field_in_every_form_and_admin_form_is_bounded(administrator):
    """Forms of the apps' forms modules, and each admin form (with its inlines)."""
    unbounded = []
    for config in apps.get_app_configs():
        if not config.name.startswith(("pcso", "patrols", "engagement", "intelligence")):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if issubclass(form_class, forms.BaseForm) and form_class.__module__ == module.__name__:
                for field in _json_fields_of(form_class):
                    if not isinstance(form_class.base_fields[field], BoundedJSONField):
                        unbounded.append(f"{name}.{field}")
    request = RequestFactory().get("/")
    request.user = administrator
    checked = []
    for model, model_admin in admin.site._registry.items():
        form_classes = [model_admin.get_form(request)]
        form_classes += [
            inline(model, admin.site).get_formset(request).form for inline in model_admin.inlines
        ]
        for form_class in form_classes:
            for field in _json_fields_of(form_class):
                checked.append(f"{form_class._meta.model._meta.label}.{field}")
                if not isinstance(form_class.base_fields[field], BoundedJSONField):
                    unbounded.append(f"admin {model._meta.label}.{field}")
    assert unbounded == []
    assert {"pcso.Neighbourhood.boundary", "patrols.Hotspot.geometry"} <= set(checked)
