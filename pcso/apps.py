from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.module_loading import autodiscover_modules

# What an app hands the core when it loads (like admin.py): its rules, home panels and exports.
APP_MODULES = ("rules", "home", "exports")


class PcsoConfig(AppConfig):
    name = "pcso"
    verbose_name = "People, teams and core"

    def ready(self):
        from . import audit
        from .scope import check_scopes

        post_save.connect(audit.on_save, dispatch_uid="pcso.audit.save")
        post_delete.connect(audit.on_delete, dispatch_uid="pcso.audit.delete")
        # Permissions of models added later reach the role groups after every migrate.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="pcso.roles.sync")
        checks.register(check_scopes, checks.Tags.models)
        autodiscover_modules(*APP_MODULES)


def _sync_roles(**kwargs):
    from . import roles

    roles.sync_roles()
