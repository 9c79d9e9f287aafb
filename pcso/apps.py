from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

# What an app hands the core when it loads (like admin.py): its rules, home panels, exports and
# dashboard figures.
APP_MODULES = ("rules", "home", "exports", "figures")


class PcsoConfig(AppConfig):
    name = "pcso"
    verbose_name = _("People, teams and core")

    def ready(self):
        from django.contrib.admin import options
        from django.db import models

        from . import audit
        from .forms import BoundedJSONField
        from .scope import check_scopes

        # Every JSON field edited in the admin site gets the size and nesting limits.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.JSONField] = {"form_class": BoundedJSONField}

        post_save.connect(audit.on_save, dispatch_uid="pcso.audit.save")
        post_delete.connect(audit.on_delete, dispatch_uid="pcso.audit.delete")
        # Permissions of models added later reach the role groups after every migrate.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="pcso.roles.sync")
        checks.register(check_scopes, checks.Tags.models)
        # The scope kept on user objects goes stale when a grant or a group membership changes.
        post_save.connect(_grant_saved, dispatch_uid="pcso.permissions.grant_saved")
        post_delete.connect(_grant_saved, dispatch_uid="pcso.permissions.grant_deleted")
        m2m_changed.connect(_many_changed, dispatch_uid="pcso.permissions.groups_changed")
        autodiscover_modules(*APP_MODULES)
        # The runtime database role gets its privileges on every table after every migrate.
        post_migrate.connect(_grant_runtime, sender=self, dispatch_uid="pcso.dbroles.grant")


def _grant_saved(sender, **kwargs):
    from guardian.models import BaseObjectPermission

    from . import fresh, permissions

    if issubclass(sender, BaseObjectPermission):
        permissions.grants_changed()
        fresh.changed_everything()


def _many_changed(sender, instance, action, **kwargs):
    """A many-to-many change: a group membership or a permission changes grants and every
    fragment; one of a tracked record (a diary entry's groups) is a change of that record."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from . import fresh, permissions
    from .models import TrackedModel

    if not action.startswith("post_"):
        return
    user_model = get_user_model()
    if sender is user_model.groups.through:
        permissions.grants_changed()
    if sender in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        fresh.changed_everything()
    elif isinstance(instance, TrackedModel):
        fresh.changed(instance)


def _sync_roles(**kwargs):
    from . import roles

    roles.sync_roles()


def _grant_runtime(using="default", **kwargs):
    from django.conf import settings
    from django.db import connections

    from . import dbroles

    if settings.DATABASE_RUNTIME_ROLE:
        dbroles.setup_runtime(
            settings.DATABASE_RUNTIME_ROLE,
            settings.DATABASE_RUNTIME_PASSWORD or None,
            using=connections[using],
        )
