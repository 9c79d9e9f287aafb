import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pcso import audit, demo

# Each app may have a demo module with load(officers, stdout); run in this order.
APP_DEMOS = ["patrols", "engagement", "intelligence"]


class Command(BaseCommand):
    help = "Load the demo teams, people and records (idempotent). Refuses to run when DEBUG is off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_data only runs with DEBUG on: it creates accounts with a known password."
            )
        with transaction.atomic(), audit.acting_as(None):
            officers = demo.load(self.stdout)
            for app in APP_DEMOS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                module.load(officers, self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Logins (password: {demo.DEMO_PASSWORD}):"))
        for collar, first, last, role, team in demo.PEOPLE:
            self.stdout.write(f"  {collar:6} {role.label:13} {first} {last}{' — ' + team if team else ''}")
