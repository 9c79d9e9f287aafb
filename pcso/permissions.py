"""The one place that decides who may do what to which record.

Two layers, both needed:

* the **role** (a Django group, pcso/roles.py) grants model permissions: "may view victim cases";
* the **scope** says which rows: a model declares ``scope = Scope(...)`` (pcso/scope.py): the
  path to its team, whether it is supervised, owned, shareable. An officer acts on the teams
  they hold a django-guardian grant on. Team members hold ``pcso.member_of_team`` through their
  team's group; sergeants and the commanding inspector hold ``pcso.supervise_team`` directly.
  A single record can be shared with an officer or another team's group through the model's
  direct-foreign-key permission tables.

Actions beyond view/add/change/delete are model permissions named ``<action>_<model>`` in the
model's Meta (``signoff_patrol``, ``grade_intelligencereport``), given to roles in pcso/roles.py.

Beyond scope, an app's own rules live in ``<app>/rules.py`` (found by pcso/apps.py when the app
loads), each with its row form, so that lists agree with single records:

    @rule("signoff", "patrols.patrol", rows=lambda user, qs: qs.exclude(officer=user))
    def patrol_signoff(user, patrol) -> bool: ...

``visible(user, qs, action)`` holds exactly the rows for which ``can(user, action, obj)`` is true.

Fast form: the scope reaches SQL as literal ids. The teams a user acts on (per kind of action:
working in a team, supervising it) and the rows shared with them are looked up once and kept on
the user object, which lives for one request; a change to any grant or group membership in this
process (guardian's permission rows, an officer's groups) makes every kept answer stale. So a
list filters on ``team_id IN (3, 7)`` or ``… OR id IN (12, 40)``, which PostgreSQL answers from
the indexes, never on an OR over subqueries.

Guardian traps this module hides: ``has_perm(perm, obj)`` ignores group-wide permissions, and
``get_objects_for_user`` needs ``accept_global_perms=False`` and ``with_superuser=False`` or a
model-wide permission (or a superuser flag) would reveal every team's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import BigIntegerField, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from .models import Role, Team, TeamGroupObjectPermission, TeamUserObjectPermission
from .scope import scope_of

# The core's supervisory action, on every model: supervising a team is reviewing its work.
REVIEW = "review"
# Actions that need supervision of the record's team, not just membership, each declared with
# its model by the app that owns it (`supervisory()` or `@rule(..., supervisory=True)` in its
# rules.py): (action, "app_label.model"). One app's verb never changes another app's model.
SUPERVISORY: set[tuple[str, str]] = set()
MEMBER = "member_of_team"
SUPERVISE = "supervise_team"


@dataclass(frozen=True)
class Rule:
    """An app's rule for one action on one model: the object test and the same test as a row filter."""

    test: Callable[[Any, Model], bool]
    rows: Callable[[Any, QuerySet], QuerySet]


# (action, "app_label.model") -> Rule, filled by the apps' rules.py modules.
RULES: dict[tuple[str, str], Rule] = {}


def supervisory(label: str, *actions: str) -> None:
    """Declare actions on one model ("app_label.model") that only the supervisors of a record's
    team may take (an app's rules.py); sharing never extends them to another team."""
    SUPERVISORY.update((action, label) for action in actions)


def is_supervisory(action: str, model: type[Model] | None = None) -> bool:
    """Does this action on this model need supervision of the team? "review" always does."""
    return action == REVIEW or (model is not None and (action, _label(model)) in SUPERVISORY)


def rule(action: str, label: str, *, rows: Callable[[Any, QuerySet], QuerySet], supervisory: bool = False):
    """Register an object rule, checked after scope. ``rows`` is required: the rule as a row
    filter, fn(user, queryset) -> queryset, so that visible() and can() agree. A supervisory
    rule is for the supervisors of the record's team only (on this model alone)."""
    if not callable(rows):
        raise ImproperlyConfigured(f"The rule for {action} {label} needs rows=: its row form")

    def decorator(fn):
        key = (action, label)
        if key in RULES:
            raise ImproperlyConfigured(f"A second rule for {action} {label}: one rule per action and model")
        RULES[key] = Rule(test=fn, rows=rows)
        if supervisory:
            SUPERVISORY.add(key)
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


# Bumped whenever a grant or a group membership changes in this process (pcso/apps.py connects it).
_grants_version = 0


def grants_changed(**kwargs) -> None:
    global _grants_version
    _grants_version += 1


def _kept(user) -> dict:
    """What this user object already knows of its scope (for this version of the grants)."""
    kept = user.__dict__.get("_pcso_scope")
    if kept is None or kept[0] != _grants_version:
        kept = (_grants_version, {})
        user.__dict__["_pcso_scope"] = kept
    return kept[1]


def _grants(codenames: list[str]) -> tuple[QuerySet, QuerySet]:
    return (
        TeamUserObjectPermission.objects.filter(permission__codename__in=codenames),
        TeamGroupObjectPermission.objects.filter(permission__codename__in=codenames),
    )


def team_ids(user, action: str = "view", model: type[Model] | None = None) -> tuple[int, ...]:
    """The ids of the teams this user acts on for an action (on a model): members for ordinary
    work, supervisors for supervisory actions ("review", or one the model's app declared).
    Object grants only: no model-wide or superuser shortcut. One query for every kind of
    action, then kept on the user object."""
    if not _active(user):
        return ()
    supervisory = is_supervisory(action, model)
    kept = _kept(user)
    key = ("teams", supervisory)
    if key not in kept:
        # Both kinds at once: every team grant the user holds, directly or through a group.
        direct, through_group = _grants([MEMBER, SUPERVISE])
        grants = (
            direct.filter(user=user)
            .values_list("content_object_id", "permission__codename")
            .union(
                through_group.filter(group__user=user).values_list(
                    "content_object_id", "permission__codename"
                )
            )
        )
        grants = list(grants)
        kept[("teams", True)] = tuple(sorted({team for team, codename in grants if codename == SUPERVISE}))
        kept[("teams", False)] = tuple(sorted({team for team, _ in grants}))
    return kept[key]


def teams_for(user, action: str = "view", model: type[Model] | None = None) -> QuerySet[Team]:
    """The teams this user acts on for an action (see team_ids)."""
    return Team.objects.filter(pk__in=team_ids(user, action, model))


def supervises(user, team: Team | int | None) -> bool:
    """Does this user supervise the team (a sergeant of it, its inspector)? From the grants."""
    if team is None:
        return False
    team_id = team.pk if isinstance(team, Team) else team
    return team_id in team_ids(user, REVIEW)


def supervisors_of(teams) -> QuerySet:
    """The active officers who supervise a team, or any of several (a Team or id, or an
    iterable or queryset of them): its reviewers, the people told when its work runs late, the
    successors of its work. From the grants, never from a role."""
    if teams is None:
        return get_user_model().objects.none()
    if isinstance(teams, Team | int):
        teams = [teams]
    if not isinstance(teams, QuerySet):
        teams = [team.pk if isinstance(team, Team) else team for team in teams]
    direct, through_group = _grants([SUPERVISE])
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(pk__in=direct.filter(content_object__in=teams).values("user_id"))
            | Q(groups__in=through_group.filter(content_object__in=teams).values("group_id"))
        )
        .distinct()
    )


def members_of(teams) -> QuerySet:
    """The active officers who work in these teams (Team rows, ids or a queryset): their PCSOs
    and sergeants, not the inspector commanding them nor an administrator."""
    return get_user_model().objects.filter(
        team__in=teams, is_active=True, role__in=[Role.PCSO, Role.SERGEANT]
    )


def _through_many(model: type[Model], lookup: str) -> bool:
    """Does the team path cross a one-to-many relation (a victim's cases)?"""
    first = lookup.split("__")[0]
    if first == "pk":
        return False
    field = model._meta.get_field(first)
    return bool(field.one_to_many or field.many_to_many)


def _shared(user, model: type[Model], action: str) -> tuple[int, ...] | None:
    """The ids of the rows shared one by one with this user or one of their groups, if the model
    allows sharing (kept on the user object like team_ids)."""
    if not scope_of(model).shareable:
        return None
    codename = f"{'view' if is_supervisory(action, model) else action}_{model._meta.model_name}"
    kept = _kept(user)
    key = ("shared", model._meta.label_lower, codename)
    if key not in kept:
        # Straight from guardian's grant tables (as get_objects_for_user with no global or
        # superuser shortcut), without its scan of the model's table.
        grants = {
            "permission__codename": codename,
            "permission__content_type__app_label": model._meta.app_label,
        }
        lists = []
        for grant_model, holder in (
            (get_user_obj_perms_model(model), {"user": user}),
            (get_group_obj_perms_model(model), {"group__user": user}),
        ):
            rows = grant_model.objects.filter(**grants, **holder)
            if grant_model.objects.is_generic():
                rows = rows.filter(content_type=ContentType.objects.get_for_model(model))
                lists.append(rows.annotate(row_id=Cast("object_pk", BigIntegerField())).values_list("row_id"))
            else:
                lists.append(rows.values_list("content_object_id"))
        kept[key] = tuple(sorted(pk for (pk,) in lists[0].union(lists[1])))
    return kept[key]


def scope_filter(user, model: type[Model], action: str) -> Q:
    """The rows of a model in this user's scope for an action, as one filter: their teams' rows
    (or, for a supervised model, their own), and rows shared with them. No app rule."""
    scope = scope_of(model)
    supervisory = is_supervisory(action, model)
    if scope.supervised:
        in_scope = Q(**{f"{scope.team}__in": team_ids(user, REVIEW)})
        if not supervisory:
            in_scope |= Q(**{scope.owner: user})
    else:
        in_scope = Q(**{f"{scope.team}__in": team_ids(user, action, model)})
    if _through_many(model, scope.team):
        # A person seen through several cases of a team is still one row.
        in_scope = Q(pk__in=model._default_manager.filter(in_scope).values("pk"))
    if supervisory:
        return in_scope  # sharing is for viewing: supervisory acts stay the owning team's
    shared = _shared(user, model, action)
    if shared:
        in_scope |= Q(pk__in=shared)
    if scope.shared_via:
        field = model._meta.get_field(scope.shared_via)
        related_shared = _shared(user, field.related_model, action)
        if related_shared and field.many_to_one:
            in_scope |= Q(**{f"{scope.shared_via}__in": related_shared})
        elif related_shared:
            # A subquery on pk keeps one row per record when the relation is many-valued.
            in_scope |= Q(
                pk__in=model._default_manager.filter(**{f"{scope.shared_via}__in": related_shared}).values(
                    "pk"
                )
            )
    return in_scope


def visible(user, queryset: QuerySet, action: str = "view") -> QuerySet:
    """The rows of queryset this user may act on: their teams' rows and rows shared with them,
    narrowed by the app's rule for the action. Exactly the rows for which can() is true."""
    model = queryset.model
    scope_of(model)  # a model without a declared scope is an error, for every user
    if not _active(user) or not user.has_perm(model_permission(model, action)):
        return queryset.none()
    queryset = queryset.filter(scope_filter(user, model, action))
    app_rule = RULES.get((action, _label(model)))
    return queryset if app_rule is None else app_rule.rows(user, queryset)


def own_teams_rows(user, queryset: QuerySet, action: str = "view") -> QuerySet:
    """The rows of visible() that belong to the user's own teams, leaving out those shared with
    them from other teams: a team's own figures, which count a shared record for the team that
    owns it. The added filter on the team ids lets an index answer it."""
    scope = scope_of(queryset.model)
    rows = visible(user, queryset, action)
    if scope.shareable or scope.shared_via:
        rows = rows.filter(**{f"{scope.team}__in": team_ids(user, action, queryset.model)})
    return rows


def can(user, action: str, obj: Model) -> bool:
    """May this user do this action to this record? For an unsaved record: may they create it
    in its team? The app's rule sees the record as it is in memory (a changed team, say)."""
    if not _active(user):
        return False
    model = type(obj)
    if obj.pk is None:
        if not user.has_perm(model_permission(model, action)):
            return False
        team_id = getattr(obj, f"{scope_of(model).team}_id", None)
        allowed = team_id is not None and team_id in team_ids(user, action, model)
    else:
        in_scope = model._default_manager.filter(pk=obj.pk)
        allowed = (
            user.has_perm(model_permission(model, action))
            and in_scope.filter(scope_filter(user, model, action)).exists()
        )
    app_rule = RULES.get((action, _label(model)))
    return allowed and (app_rule is None or app_rule.test(user, obj))


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
        if obj.sensitive:
            from . import audit

            audit.record_read(self.request.user, obj)
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = getattr(self, "object", None)
        if obj is not None and getattr(obj, "pk", None):
            context["can_change"] = can(self.request.user, "change", obj)
        return context
