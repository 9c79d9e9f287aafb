"""House rules every project model keeps (STYLE.md): a docstring, __str__, and a page link."""

from django.apps import apps
from django.db import models

PROJECT_APPS = ("pcso", "engagement", "patrols", "intelligence")
# Models with no page of their own: grant tables, the trail, rows shown inside other pages.
NO_PAGE = {
    "pcso.auditentry",
    "pcso.auditseal",
    "pcso.reminder",
    "pcso.teamuserobjectpermission",
    "pcso.teamgroupobjectpermission",
    # Rows shown within their patrol's page.
    "patrols.hotspotvisit",
    "patrols.patrolpoint",
    "patrols.patrolactivity",
    # Catalogues and settings, edited in the admin site only.
    "engagement.riskquestion",
    "engagement.riskband",
    "engagement.victimcodesettings",
}


def project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def test_every_model_has_a_one_line_docstring():
    missing = []
    for model in project_models():
        doc = (model.__doc__ or "").strip()
        # Django writes "Name(field, ...)" where a model has no docstring of its own.
        if not doc or doc.startswith(f"{model.__name__}("):
            missing.append(label(model))
    assert missing == []


def test_every_model_has_its_own_str():
    assert [label(m) for m in project_models() if m.__str__ is models.Model.__str__] == []


def test_models_with_pages_link_to_them():
    missing = [
        label(m)
        for m in project_models()
        if label(m) not in NO_PAGE
        and not label(m).endswith("objectpermission")
        and not hasattr(m, "get_absolute_url")
    ]
    assert missing == []


def test_server_error_page_renders_without_context():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Something went wrong on our side." in html
