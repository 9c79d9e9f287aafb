"""House rules every project model keeps (STYLE.md): a docstring, __str__, and a page link."""

import re
from pathlib import Path

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
    # The notice counter: one row, locked by each issue.
    "patrols.noticecounter",
    # Catalogues and settings, edited in the admin site only.
    "engagement.riskquestion",
    "engagement.riskband",
    "engagement.victimcodesettings",
    "intelligence.reporttype",
    "engagement.diarysettings",
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
    from django.utils import translation

    html = get_template("500.html").render({})
    assert "Something went wrong on our side." in html
    assert '<html lang="en-gb">' in html
    with translation.override("cy"):
        assert '<html lang="cy">' in get_template("500.html").render({})


# The shape (issue 7): the core knows no feature app; access is decided in the permission layer.
# The same greps as /work/shared/hooks/before-stop.

ROOT = Path(__file__).resolve().parents[2]
FEATURE_APPS = ("patrols", "engagement", "intelligence")
FEATURE_IMPORT = re.compile(r"^\s*(from|import) (patrols|engagement|intelligence)\b", re.M)
ROLE_TEST = re.compile(r"Role\.|\.role\s*(==|!=|in\b)|is_staff")
ROLE_TESTS_ALLOWED = re.compile(r"/migrations/|/demo\.py$|/admin\.py$|/management/")


def _python_files(folder: str):
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "/migrations/" not in str(p))


def test_the_core_imports_no_feature_app():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in _python_files("pcso")
        for match in FEATURE_IMPORT.finditer(path.read_text())
    ]
    assert found == []


def test_feature_apps_test_no_roles():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in FEATURE_APPS
        for path in _python_files(app)
        if not ROLE_TESTS_ALLOWED.search(str(path))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ROLE_TEST.search(line)
    ]
    assert found == []


def test_feature_apps_register_their_shape_modules():
    """Each app's rules, home panels and exports are found by the core when the app loads."""
    from pcso import exports, home, permissions

    assert sorted(label for _, label in permissions.RULES if not label.startswith("permtest.")) == [
        "engagement.action",
        "engagement.concern",
        "engagement.diaryentry",
        "engagement.followup",
        "engagement.meeting",
        "engagement.victimcase",
        "intelligence.intelligencereport",
        "intelligence.intelligencereport",
        "intelligence.intelligencereport",
        "intelligence.intelligencereport",
        "intelligence.intelligencereport",
        "patrols.designation",
        "patrols.designation",
        "patrols.fixedpenaltynotice",
        "patrols.fixedpenaltynotice",
        "patrols.hotspot",
        "patrols.hotspot",
        "patrols.patrol",
        "patrols.patrol",
    ]
    assert {p.name.split(".")[0] for p in home.PANELS} == {"patrols", "engagement", "intelligence", "pcso"}
    assert {e.name.split(".")[0] for e in exports.EXPORTS.values()} >= {
        "patrols",
        "engagement",
        "intelligence",
    }
