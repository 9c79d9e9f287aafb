from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    name = "patrols"
    verbose_name = _("Patrols, hotspots and penalty notices")

    def ready(self):

        post_migrate.connect(_install_offences, sender=self, dispatch_uid="patrols.offences.install")


def _install_offences(**kwargs):
    """Put back the default offence catalogue and the notice counter where a flush (a test run)
    emptied the tables."""
    from .offences import install

    install()
