"""House rules every project model keeps (STYLE.md): a docstring, __str__, and a page link."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

PROJECT_APPS = ("pcso", "engagement", "patrols", "intelligence")
# Models with no page of their own: grant tables, the trail, rows shown inside other pages.
NO_PAGE = {
    "pcso.auditentry",
    "pcso.auditseal",
    "pcso.generation",
    "pcso.formkey",  # one-time form keys (pcso/once.py): no page of their own
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
        "patrols.noticenumber",
        "patrols.noticenumber",
        "patrols.patrol",
        "patrols.patrol",
    ]
    assert {p.name.split(".")[0] for p in home.PANELS} == {"patrols", "engagement", "intelligence", "pcso"}
    assert {e.name.split(".")[0] for e in exports.EXPORTS.values()} >= {
        "patrols",
        "engagement",
        "intelligence",
    }


def core_imports() -> dict[str, set[str]]:
    """Which modules of pcso/ each module of pcso/ imports, at its top or inside a function."""
    import ast

    modules = {}
    for path in _python_files("pcso"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = (path, parts[-1] == "__init__")
    graph = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                    ).strip(".")
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            else:
                continue
            found |= {target for target in targets if target in modules and target != name}
        graph[name] = found
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each circle of imports, as the modules along it (depth first, each circle once)."""
    circles, state = [], {}

    def visit(module, path):
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                circles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return circles


def test_the_core_has_no_import_circle():
    graph = core_imports()
    assert {"pcso.audit", "pcso.reads", "pcso.models"} <= graph["pcso.fresh"]
    assert import_circles(graph) == []


def test_an_import_circle_is_found():
    assert import_circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


FEATURE_STRING = re.compile(r"^(patrols|engagement|intelligence)\.\w")
# The settings name the installed apps and their scheduled tasks: Django reads them from there.
NAMES_APPS = {"pcso/settings.py"}


def feature_strings(source: str) -> list[str]:
    """The string literals of a module that name a feature app's module or model ("patrols.x"),
    docstrings and bare strings left out."""
    import ast

    tree = ast.parse(source)
    bare = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in bare
        and FEATURE_STRING.match(node.value)
    ]


def test_the_core_names_no_feature_app_in_a_string():
    found = [
        f"{path.relative_to(ROOT)}: {value}"
        for path in _python_files("pcso")
        if str(path.relative_to(ROOT)) not in NAMES_APPS
        for value in feature_strings(path.read_text())
    ]
    assert found == []


def test_a_dotted_string_naming_a_feature_app_is_found():
    source = (
        '"""Docs may say patrols.views."""\nHANDOVERS = ["engagement.services.reassign"]\nx = "patrols"\n'
    )
    assert feature_strings(source) == ["engagement.services.reassign"]


def test_feature_apps_import_only_the_core():
    """An app reaches another app's work through what the core offers (pcso/hooks.py), never by
    importing it."""
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for app in FEATURE_APPS
        for path in _python_files(app)
        for match in FEATURE_IMPORT.finditer(path.read_text())
        if match.group(2) != app
    ]
    assert found == []


def test_a_hook_no_app_offers_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    from pcso import hooks

    with pytest.raises(ImproperlyConfigured):
        hooks.offered("nothing.offers.this")
    assert hooks.offered("hotspots.save").__module__ == "patrols.services.patrols"


def test_no_module_imports_another_modules_private_name():
    """What two modules share is public in a module both import (STYLE.md, One app)."""
    import ast

    found = [
        f"{path.relative_to(ROOT)}: from {node.module} import {alias.name}"
        for folder in ("pcso", *FEATURE_APPS)
        for path in _python_files(folder)
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module != "__future__"
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert found == []


def test_no_app_file_is_named_with_a_sub_domain_prefix():
    """A second sub-domain is a module in each layer package (views/diary.py), never a prefixed
    file beside the app's own (diary_views.py)."""
    layer = re.compile(r"^[a-z]+_(views|services|forms|queries|demo)\.py$")
    assert [
        f"{app}/{path.name}"
        for app in FEATURE_APPS
        for path in (ROOT / app).glob("*.py")
        if layer.match(path.name)
    ] == []
