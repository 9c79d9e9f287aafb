from django.core.management.base import BaseCommand

from pcso import auditchain


class Command(BaseCommand):
    help = "Seal the audit entries not sealed yet into the hash chain (beat runs it every minute)."

    def handle(self, *args, **options):
        seals = auditchain.seal()
        if not seals:
            self.stdout.write("Nothing to seal.")
        for seal in seals:
            self.stdout.write(
                f"Sealed entries {seal.after_entry_id + 1}–{seal.last_entry_id} "
                f"({seal.entry_count} entries): head {seal.hash}"
            )
