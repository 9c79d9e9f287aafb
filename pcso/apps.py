from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

# What an app hands the core when it loads (like admin.py): its rules, role permissions, home
# panels, exports, dashboard figures, what its reminders say and its capture pages (offline.py).
APP_MODULES = ("rules", "roles", "home", "exports", "figures", "inbox", "offline")


class PcsoConfig(AppConfig):
    name = "pcso"
    verbose_name = _("People, teams and core")

    def ready(self):
        from django.contrib.admin import options
        from django.db import models

        from . import audit, fresh
        from .forms import BoundedJSONField
        from .scope import check_scopes

        # Every JSON field edited in the admin site gets the size and nesting limits.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.JSONField] = {"form_class": BoundedJSONField}

        # Kept pages first: the audit trail's receiver moves a record's loaded values on.
        fresh.connect()
        checks.register(fresh.check_kept_pages, checks.Tags.models)
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
        # Migrations run as long as they need: no statement or idle-transaction limit for them.
        pre_migrate.connect(_unhurried_migrate, sender=self, dispatch_uid="pcso.db.migrate_unhurried")


def _unhurried_migrate(sender, using, **kwargs):
    from .db import lift_limits

    lift_limits(using)


def _grant_saved(sender, **kwargs):
    from guardian.models import BaseObjectPermission

    from . import permissions

    if issubclass(sender, BaseObjectPermission):
        permissions.grants_changed()


def _many_changed(sender, action, **kwargs):
    """A group membership changes grants."""
    from django.contrib.auth import get_user_model

    from . import permissions

    if action.startswith("post_") and sender is get_user_model().groups.through:
        permissions.grants_changed()


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
