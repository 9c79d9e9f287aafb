from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.module_loading import autodiscover_modules


class PcsoConfig(AppConfig):
    name = "pcso"
    verbose_name = "People, teams and core"

    def ready(self):
        from . import audit

        post_save.connect(audit.on_save, dispatch_uid="pcso.audit.save")
        post_delete.connect(audit.on_delete, dispatch_uid="pcso.audit.delete")
        # Permissions of models added later reach the role groups after every migrate.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="pcso.roles.sync")
        # What apps add to the dashboards (pcso/figures.py), found like admin.py.
        autodiscover_modules("figures")


def _sync_roles(**kwargs):
    from . import roles

    roles.sync_roles()
