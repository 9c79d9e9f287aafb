from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Community engagement and victims")

    def ready(self):
        post_migrate.connect(_install_defaults, sender=self, dispatch_uid="engagement.defaults.install")


def _install_defaults(**kwargs):
    """Put back the default risk matrix where a flush (a test run) emptied the tables."""
    from .defaults import install

    # The migrated state's models: after migrating back, a newer table may not exist.
    apps = kwargs.get("apps")
    if apps is not None:
        install(apps)
    else:
        install()
