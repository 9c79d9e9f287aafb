"""A model's scope, declared once on the model and checked by `manage.py check`:

    class FollowUp(TrackedModel):
        scope = Scope(team="case__team", shared_via="case", sensitive=True)

* ``team``: the field path to the record's Team (``"pk"`` on Team itself);
* ``visibility``: ``"team"`` (the team's members see its rows) or ``"supervised"`` (the team's
  supervisors see its rows; anyone else only the rows whose ``owner`` is them);
* ``owner``: the field path to the officer who owns a row (needed with "supervised");
* ``shareable``: single rows may be shared through the model's guardian direct-foreign-key tables;
* ``shared_via``: the relation to a shareable model whose sharing this model follows
  (a victim is seen by the team a case of theirs was shared with);
* ``sensitive``: reads are audited and the trail names rows by kind and number only.

A misspelt keyword or path is an error before any request (pcso.E101-E108), never a silent
default. Models give the scope to pcso/permissions.py; nothing else reads these fields.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

VISIBILITIES = ("team", "supervised")
# The attributes scope replaced: one left on a model would be read by nothing.
LEGACY_ATTRIBUTES = ("team_field", "shared_via", "visibility", "owner_field", "shareable", "sensitive")


class Scope:
    """Which rows of a model an officer may act on (see the module docstring)."""

    def __init__(
        self,
        *,
        team: str,
        visibility: str = "team",
        owner: str | None = None,
        shareable: bool = False,
        shared_via: str | None = None,
        sensitive: bool = False,
        **unknown,
    ):
        self.team, self.visibility, self.owner = team, visibility, owner
        self.shareable, self.shared_via, self.sensitive = shareable, shared_via, sensitive
        # Kept for the system check to name, rather than a TypeError at import.
        self.unknown = unknown

    @property
    def supervised(self) -> bool:
        return self.visibility == "supervised"

    def __repr__(self) -> str:
        return (
            f"Scope(team={self.team!r}, visibility={self.visibility!r}, owner={self.owner!r}, "
            f"shareable={self.shareable}, shared_via={self.shared_via!r}, sensitive={self.sensitive})"
        )


def scope_of(model) -> Scope:
    """The model's declared scope; a model without one has no rows for anybody to act on, and
    asking is a programming error."""
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        raise TypeError(
            f"{model._meta.label} declares no scope = Scope(...): pcso.permissions cannot scope it"
        )
    return scope


def is_sensitive(model_or_obj) -> bool:
    scope = getattr(model_or_obj, "scope", None)
    return isinstance(scope, Scope) and scope.sensitive


def _target(model, path: str):
    """The model a field path ends on, following relations; None when it does not resolve."""
    if path == "pk":
        return model
    current = model
    for part in path.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if not field.is_relation or field.related_model is None:
            return None
        current = field.related_model
    return current


def scope_errors(model) -> list[checks.CheckMessage]:
    """What is wrong with a model's declared scope."""
    label = model._meta.label
    errors = []

    def error(message: str, code: int):
        errors.append(checks.Error(message, obj=model, id=f"pcso.E{code}"))

    legacy = [name for name in LEGACY_ATTRIBUTES if name in model.__dict__]
    if legacy:
        error(f"{label} sets {', '.join(legacy)}: declare it in scope = Scope(...)", 101)
    scope = model.__dict__.get("scope", getattr(model, "scope", None))
    if scope is None:
        return errors
    if not isinstance(scope, Scope):
        error(f"{label}.scope must be a pcso.scope.Scope", 102)
        return errors
    if scope.unknown:
        error(f"{label}.scope has unknown keywords: {', '.join(sorted(scope.unknown))}", 103)
    team_model = apps.get_model("pcso", "Team")
    if _target(model, scope.team) is not team_model:
        error(f"{label}.scope team={scope.team!r} is not a field path to pcso.Team", 104)
    if scope.visibility not in VISIBILITIES:
        error(f"{label}.scope visibility={scope.visibility!r} is not one of {VISIBILITIES}", 105)
    if scope.supervised and scope.owner is None:
        error(f"{label}.scope is supervised and needs owner=<field path to the officer>", 106)
    if scope.owner is not None and _target(model, scope.owner) is not apps.get_model(
        settings.AUTH_USER_MODEL
    ):
        error(f"{label}.scope owner={scope.owner!r} is not a field path to an officer", 107)
    if scope.shared_via is not None:
        related = _target(model, scope.shared_via)
        related_scope = getattr(related, "scope", None) if related is not None else None
        if "__" in scope.shared_via or not (isinstance(related_scope, Scope) and related_scope.shareable):
            error(
                f"{label}.scope shared_via={scope.shared_via!r} is not a relation to a shareable model", 108
            )
    return errors


def check_scopes(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Registered in pcso/apps.py: every installed model's scope is valid."""
    configs = app_configs or apps.get_app_configs()
    return [error for config in configs for model in config.get_models() for error in scope_errors(model)]
