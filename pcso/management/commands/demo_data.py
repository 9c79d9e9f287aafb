from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from pcso import audit, demo


class Command(BaseCommand):
    help = "Load the demo teams, people and records (idempotent). Refuses to run when DEBUG is off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_data only runs with DEBUG on: it creates accounts with a known password."
            )
        autodiscover_modules("demo")  # each app's demo module registers its loader
        with transaction.atomic(), audit.acting_as(None):
            officers = demo.load(self.stdout)
            for _, load in sorted(demo.APP_DEMOS, key=lambda item: item[0]):
                load(officers, self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Logins (password: {demo.DEMO_PASSWORD}):"))
        for collar, first, last, role, team in demo.PEOPLE:
            self.stdout.write(f"  {collar:6} {role.label:13} {first} {last}{' — ' + team if team else ''}")
