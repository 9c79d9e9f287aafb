from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    name = "patrols"
    verbose_name = _("Patrols, hotspots and penalty notices")

    def ready(self):
        from pcso import hooks

        from .models import Hotspot
        from .services import patrols as services

        post_migrate.connect(_install_offences, sender=self, dispatch_uid="patrols.offences.install")
        # Hotspots for the other apps (a crime-data cell becomes one): pcso/hooks.py.
        hooks.offer("hotspots.active", lambda team: Hotspot.objects.filter(team=team, active_to__isnull=True))
        hooks.offer("hotspots.new", Hotspot)
        hooks.offer("hotspots.save", services.save_hotspot)


def _install_offences(**kwargs):
    """Put back the default offence catalogue and the notice counter where a flush (a test run)
    emptied the tables."""
    from .offences import install

    install()
