"""visible() and can() agree: for every scoped model, every action and every demo officer, the
rows visible() lists are exactly the rows can() allows one by one (apps' rules included). Big
demo tables (patrols, route points, activities) are sampled to 25 rows spread over their ids."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from pcso import permissions
from pcso.models import Officer
from pcso.scope import Scope

pytestmark = pytest.mark.django_db


def scoped_models():
    return [m for m in apps.get_models() if isinstance(getattr(m, "scope", None), Scope)]


def actions(model) -> list[str]:
    """The model's actions: its default permissions and the <action>_<model> ones in its Meta."""
    suffix = f"_{model._meta.model_name}"
    custom = [
        codename[: -len(suffix)] for codename, _ in model._meta.permissions if codename.endswith(suffix)
    ]
    return [*model._meta.default_permissions, *custom]


def sample(model, most: int) -> list:
    """The model's rows, or for a big table every k-th row by id (both teams, every kind)."""
    rows = list(model._default_manager.order_by("pk"))
    return rows[:: -(-len(rows) // most)] if len(rows) > most else rows


def disagreements(officers, models, most: int = 25) -> list[str]:
    found = []
    for model in models:
        rows = sample(model, most)
        in_sample = model._default_manager.filter(pk__in=[row.pk for row in rows])
        for officer in officers:
            for action in actions(model):
                listed = set(permissions.visible(officer, in_sample, action).values_list("pk", flat=True))
                allowed = {row.pk for row in rows if permissions.can(officer, action, row)}
                if listed != allowed:
                    found.append(
                        f"{officer.collar_number} {action} {model._meta.label}: "
                        f"only listed {sorted(listed - allowed)}, only allowed {sorted(allowed - listed)}"
                    )
    return found


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # demo_data refuses to run without it
    call_command("demo_data", stdout=io.StringIO())
    return list(Officer.objects.order_by("collar_number"))


def test_every_rule_is_for_an_action_of_a_scoped_model():
    labels = {m._meta.label_lower: m for m in scoped_models()}
    assert [(a, label) for a, label in permissions.RULES if label not in labels] == []
    assert [(a, label) for a, label in permissions.RULES if a not in actions(labels[label])] == []


def test_visible_lists_exactly_what_can_allows_over_the_demo_data(demo):
    assert len(demo) == 10
    assert disagreements(demo, scoped_models()) == []


def test_a_rule_without_its_row_form_is_caught(monkeypatch, sergeant, officer):
    """The check above fails when a rule's row form is taken away: here the one that keeps a
    sergeant's own patrol out of their review queue."""
    from patrols.models import Patrol
    from tests.factories import PatrolFactory

    own = PatrolFactory(officer=sergeant)
    PatrolFactory(officer=officer)
    assert disagreements([sergeant], [Patrol]) == []
    key = ("signoff", "patrols.patrol")
    rule = permissions.RULES[key]
    monkeypatch.setitem(permissions.RULES, key, permissions.Rule(test=rule.test, rows=lambda user, qs: qs))
    assert disagreements([sergeant], [Patrol]) == [
        f"{sergeant.collar_number} signoff patrols.Patrol: only listed [{own.pk}], only allowed []"
    ]


def test_a_rule_needs_its_row_form():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(TypeError):
        permissions.rule("review", "permtest.scopednote")  # rows= is required
    with pytest.raises(ImproperlyConfigured):
        permissions.rule("review", "permtest.scopednote", rows=None)


def test_apps_declare_their_supervisory_actions():
    """Only "review" is the core's (on every model); each app declares its own supervisory verbs
    with their model in its rules.py."""
    assert {
        ("signoff", "patrols.patrol"),
        ("cancel", "patrols.fixedpenaltynotice"),
        ("assign", "engagement.victimcase"),
        ("share", "engagement.victimcase"),
        ("disseminate", "intelligence.intelligencereport"),
        ("retention", "intelligence.intelligencereport"),
    } == permissions.SUPERVISORY
