import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import autodiscover_modules

from pcso import fresh, scale
from pcso.models import Team


class Command(BaseCommand):
    help = (
        "Build a force-sized data set for benchmarks in an empty, migrated database: factor 1 is "
        "40 teams with a year of history, factor N is 40 × N teams. See pcso/scale.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1, help="Teams: 40 × factor.")
        parser.add_argument("--teams", type=int, help="This many teams instead (a small force, for tests).")
        parser.add_argument(
            "--long-history", action="store_true", help="The first team holds ten years of history."
        )

    def handle(self, *args, factor, long_history, teams=None, **options):
        if not settings.DEBUG:
            raise CommandError(
                "scale_data only runs with DEBUG on: it creates accounts with a known password."
            )
        if factor < 1:
            raise CommandError("--factor must be 1 or more.")
        if Team.objects.exists():
            raise CommandError(
                "scale_data builds into an empty database: this one already has teams. "
                "Create a fresh database, migrate it and run scale_data there."
            )
        autodiscover_modules("scale")  # each app's scale module registers its load and tables
        force = scale.Force(
            factor=factor, long_history=long_history, now=scale.now(), stdout=self.stdout, teams=teams
        )
        started = time.monotonic()
        self.stdout.write(f"Building factor {factor}{' with a ten-year team' if long_history else ''}:")
        # Not one transaction: the big statements run in pieces on several connections at once. A
        # build that fails leaves a partial database: drop it and start again.
        scale.session_settings()
        try:
            indexes = scale.drop_secondary_indexes(force, scale.loaded_tables())
            scale.build_people(force)
            scale.audit_people(force)
            for load in scale.APP_LOADS:
                load(force)
            scale.create_indexes(force, indexes)
        finally:
            scale.drop_scale_tables()
        fresh.changed_everything()  # written without signals: no kept page may outlive it
        scale.vacuum(force, scale.loaded_tables())
        self.stdout.write(
            self.style.SUCCESS(
                f"Built in {time.monotonic() - started:.0f} s. Every login's password is {scale.PASSWORD!r}: "
                "team n's sergeants S<nnnn>01-02 and PCSOs P<nnnn>03-10 (e.g. S000701, P000703), "
                "inspector I<m> commanding teams 5m-4 to 5m (I0002: teams 6-10)."
            )
        )
