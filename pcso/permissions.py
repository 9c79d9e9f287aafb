"""The one place that decides who may do what to which record.

Two layers, both needed:

* the **role** (a Django group, pcso/roles.py) grants model permissions: "may view victim cases";
* the **scope** says which rows: a record belongs to a team (its ``team`` field, or the field a
  model names in ``team_field``); an officer acts on the teams they hold a django-guardian grant
  on. Team members hold ``pcso.member_of_team`` through their team's group; sergeants and the
  commanding inspector hold ``pcso.supervise_team`` directly. A single record can be shared with
  an officer or another team's group through the model's direct-foreign-key permission tables.

Actions beyond view/add/change/delete are model permissions named ``<action>_<model>`` in the
model's Meta (``signoff_patrol``, ``grade_intelligencereport``), given to roles in pcso/roles.py.

A model may narrow its scope with ``visibility = "supervised"``: supervisors of the team see its
rows, everyone else only the rows they own (``owner_field``), plus anything shared with them.
Intelligence reports work this way.

A model may also inherit sharing from a shareable relation with ``shared_via = "<relation>"``:
its rows are visible to whoever a related row is shared with (a victim is seen by the team a
case of theirs was shared with; a follow-up by the team its case was shared with).

Guardian traps this module hides: ``has_perm(perm, obj)`` ignores group-wide permissions, and
``get_objects_for_user`` needs ``accept_global_perms=False`` and ``with_superuser=False`` or a
model-wide permission (or a superuser flag) would reveal every team's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from .models import Role, Team, TeamGroupObjectPermission, TeamUserObjectPermission

# Actions that need supervision of the record's team, not just membership.
SUPERVISOR_ACTIONS = frozenset({"review", "signoff", "grade", "cancel", "assign", "share", "disseminate"})
MEMBER = "member_of_team"
SUPERVISE = "supervise_team"

# Extra object rules: (action, "app_label.model") -> fn(user, obj) -> bool, checked after scope.
RULES: dict[tuple[str, str], Callable[[Any, Model], bool]] = {}
# The same rules as row filters, where a list must agree with them: fn(user, queryset) -> queryset.
ROW_RULES: dict[tuple[str, str], Callable[[Any, QuerySet], QuerySet]] = {}


def rule(action: str, label: str, rows: Callable[[Any, QuerySet], QuerySet] | None = None):
    """Register an object rule in this module, e.g. who may issue a notice for an offence. With
    ``rows``, visible() applies the rule to lists too (a review queue then agrees with can())."""

    def decorator(fn):
        RULES[(action, label)] = fn
        if rows is not None:
            ROW_RULES[(action, label)] = rows
        return fn

    return decorator


def model_permission(model: type[Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_use_admin_site(user) -> bool:
    """The admin site shows whole tables, not a team's rows: only administrators (and
    superusers) use it, whatever anyone else's staff flag says."""
    if not _active(user):
        return False
    return user.is_superuser or (user.is_staff and getattr(user, "role", None) == Role.ADMINISTRATOR)


def teams_for(user, action: str = "view") -> QuerySet[Team]:
    """The teams this user acts on for an action: members for ordinary work, supervisors for
    supervisory actions. Object grants only: no model-wide or superuser shortcut."""
    if not _active(user):
        return Team.objects.none()
    codenames = [SUPERVISE] if action in SUPERVISOR_ACTIONS else [MEMBER, SUPERVISE]
    direct = TeamUserObjectPermission.objects.filter(user=user, permission__codename__in=codenames)
    through_group = TeamGroupObjectPermission.objects.filter(
        group__user=user, permission__codename__in=codenames
    )
    return Team.objects.filter(
        Q(pk__in=direct.values("content_object_id")) | Q(pk__in=through_group.values("content_object_id"))
    )


def supervises(user, team: Team | int | None) -> bool:
    if team is None:
        return False
    team_id = team.pk if isinstance(team, Team) else team
    return teams_for(user, "review").filter(pk=team_id).exists()


def _team_lookup(model: type[Model]) -> str:
    if model is Team:
        return "pk"
    return getattr(model, "team_field", "team")


def _through_many(model: type[Model], lookup: str) -> bool:
    """Does the team lookup cross a one-to-many relation (a victim's cases)?"""
    first = lookup.split("__")[0]
    if first == "pk":
        return False
    field = model._meta.get_field(first)
    return bool(field.one_to_many or field.many_to_many)


def _shared(user, queryset: QuerySet, action: str) -> QuerySet | None:
    """Rows shared one by one with this user or one of their groups, if the model allows sharing."""
    if not getattr(queryset.model, "shareable", False):
        return None
    perm = model_permission(queryset.model, "view" if action in SUPERVISOR_ACTIONS else action)
    return get_objects_for_user(
        user,
        perm,
        klass=queryset.model._default_manager.all(),
        accept_global_perms=False,
        with_superuser=False,
    ).values("pk")


def visible(user, queryset: QuerySet, action: str = "view") -> QuerySet:
    """The rows of queryset this user may act on: their teams' rows and rows shared with them."""
    model = queryset.model
    if not _active(user):
        return queryset.none()
    if not user.has_perm(model_permission(model, action)):
        return queryset.none()
    team_lookup = _team_lookup(model)
    if getattr(model, "visibility", "team") == "supervised":
        scope = Q(**{f"{team_lookup}__in": teams_for(user, "review")})
        if action not in SUPERVISOR_ACTIONS:
            scope |= Q(**{model.owner_field: user})
    else:
        scope = Q(**{f"{team_lookup}__in": teams_for(user, action)})
    if _through_many(model, team_lookup):
        # A person seen through several cases of a team is still one row.
        scope = Q(pk__in=model._default_manager.filter(scope).values("pk"))
    shared = _shared(user, queryset, action)
    if shared is not None and action not in SUPERVISOR_ACTIONS:
        scope |= Q(pk__in=shared)
    via = getattr(model, "shared_via", None)
    if via and action not in SUPERVISOR_ACTIONS:
        related = model._meta.get_field(via).related_model
        related_shared = _shared(user, related._default_manager.all(), action)
        if related_shared is not None:
            # A subquery on pk keeps one row per record when the relation is many-valued.
            scope |= Q(pk__in=model._default_manager.filter(**{f"{via}__in": related_shared}).values("pk"))
    row_rule = ROW_RULES.get((action, _label(model)))
    queryset = queryset.filter(scope)
    return queryset if row_rule is None else row_rule(user, queryset)


def can(user, action: str, obj: Model) -> bool:
    """May this user do this action to this record? For an unsaved record: may they create it
    in its team?"""
    if not _active(user):
        return False
    model = type(obj)
    if obj.pk is None:
        if not user.has_perm(model_permission(model, action)):
            return False
        team_id = getattr(obj, f"{_team_lookup(model)}_id", None)
        allowed = team_id is not None and teams_for(user, action).filter(pk=team_id).exists()
    else:
        allowed = visible(user, model._default_manager.filter(pk=obj.pk), action).exists()
    extra = RULES.get((action, _label(model)))
    return allowed and (extra is None or extra(user, obj))


def require(user, action: str, obj: Model) -> None:
    """Raise PermissionDenied unless can(user, action, obj)."""
    if not can(user, action, obj):
        raise PermissionDenied(f"Not allowed to {action} this {type(obj)._meta.verbose_name}")


def get_visible_or_404(user, queryset: QuerySet, action: str = "view", **lookup) -> Model:
    """The one record the lookup names, if this user may act on it; 404 otherwise, never 403."""
    try:
        return visible(user, queryset, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record") from None


class VisibleMixin:
    """For generic views: only the rows the user may act on; a record outside scope is a 404.
    Reads of sensitive records are written to the audit trail."""

    permission_action = "view"

    def get_queryset(self):
        return visible(self.request.user, super().get_queryset(), self.permission_action)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if getattr(obj, "sensitive", False):
            from . import audit

            audit.record_read(self.request.user, obj)
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = getattr(self, "object", None)
        if obj is not None and getattr(obj, "pk", None):
            context["can_change"] = can(self.request.user, "change", obj)
        return context


@rule("change", "patrols.patrol")
def _patrol_change(user, patrol) -> bool:
    """A patrol is written up by its officer or their partner; the team's supervisors may
    correct it. Colleagues in the team only read it."""
    return user.pk in (patrol.officer_id, patrol.partner_id) or supervises(user, patrol.team_id)


@rule("change", "engagement.followup")
def _follow_up_change(user, follow_up) -> bool:
    """A sergeant's or inspector's review is completed by its reviewer or a supervisor of the
    case's team; visits, updates and referrals by any team member who may change them."""
    if not follow_up.is_review:
        return True
    return user.pk == follow_up.assigned_to_id or supervises(user, follow_up.case.team_id)


@rule("close", "engagement.victimcase")
def _victim_case_close(user, case) -> bool:
    """A PCSO closes a standard or medium risk case; a case in the top (high) band only a
    supervisor of its team."""
    return case.band is None or not case.band.is_highest or supervises(user, case.team_id)


@rule(
    "signoff",
    "patrols.patrol",
    rows=lambda user, patrols: patrols.exclude(officer=user).exclude(partner=user),
)
def _patrol_signoff(user, patrol) -> bool:
    """Nobody signs off a patrol they were on: a sergeant's own patrol goes to another supervisor
    of the team (the inspector)."""
    return user.pk not in (patrol.officer_id, patrol.partner_id)


@rule("add", "patrols.hotspot")
def _hotspot_add(user, hotspot) -> bool:
    """Hotspots are set by the supervisors of the team they belong to."""
    return supervises(user, hotspot.team_id)


@rule("change", "patrols.hotspot")
def _hotspot_change(user, hotspot) -> bool:
    """Changed by the team's supervisors; one moved to another team needs both teams' supervision."""
    was = getattr(hotspot, "_loaded_values", {}).get("team_id", hotspot.team_id)
    return supervises(user, hotspot.team_id) and (was == hotspot.team_id or supervises(user, was))


def supervisors_of(teams=None) -> QuerySet:
    """The officers holding the supervise grant on any of these teams (on any team when None),
    directly or through a group: sergeants and inspectors, named by the grant, never the role."""
    from .models import Officer

    direct = TeamUserObjectPermission.objects.filter(permission__codename=SUPERVISE)
    through_group = TeamGroupObjectPermission.objects.filter(permission__codename=SUPERVISE)
    if teams is not None:
        direct = direct.filter(content_object__in=teams)
        through_group = through_group.filter(content_object__in=teams)
    return Officer.objects.filter(
        Q(pk__in=direct.values("user_id")) | Q(groups__in=through_group.values("group_id"))
    ).distinct()
