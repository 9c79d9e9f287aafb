"""Declared scope (pcso/scope.py): a misspelt keyword or field path fails `manage.py check`."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from pcso import permissions
from pcso.models import AuditEntry
from pcso.scope import Scope, scope_errors
from tests.permtest.models import ScopedNote, SupervisedNote


def check_ids(model) -> list[str]:
    return [error.id for error in scope_errors(model)]


# `check` asks the server its version (generated columns), so these tests may use the database.
@pytest.mark.django_db
def test_every_installed_model_passes_the_check():
    call_command("check")


# `check` asks the server its version (generated columns), so these tests may use the database.
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scope", "code"),
    [
        (Scope(team="team", sharable=True), "pcso.E103"),  # misspelt keyword
        (Scope(team="teem"), "pcso.E104"),  # no such field
        (Scope(team="author"), "pcso.E104"),  # a field, but not to a team
        (Scope(team="team", visibility="private"), "pcso.E105"),
        (Scope(team="team", visibility="supervised"), "pcso.E106"),  # supervised needs an owner
        (Scope(team="team", visibility="supervised", owner="auther"), "pcso.E107"),
        (Scope(team="team", shared_via="author"), "pcso.E108"),  # officers are not shareable
    ],
)
def test_a_wrong_scope_fails_manage_py_check(monkeypatch, scope, code):
    monkeypatch.setattr(ScopedNote, "scope", scope)
    assert check_ids(ScopedNote) == [code]
    with pytest.raises(SystemCheckError, match=code):
        call_command("check")


# `check` asks the server its version (generated columns), so these tests may use the database.
@pytest.mark.django_db
def test_an_attribute_scope_replaced_fails_the_check(monkeypatch):
    monkeypatch.setattr(SupervisedNote, "owner_field", "author", raising=False)
    assert check_ids(SupervisedNote) == ["pcso.E101"]
    with pytest.raises(SystemCheckError, match="pcso.E101"):
        call_command("check")


@pytest.mark.django_db
def test_visible_refuses_a_model_without_scope(officer):
    with pytest.raises(TypeError, match="declares no scope"):
        permissions.visible(officer, AuditEntry.objects.all())
