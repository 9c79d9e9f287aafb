from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pcso import audit
from pcso.db import unhurried

from ...services import crime_import


class Command(BaseCommand):
    help = (
        "Import data.police.uk CSV files (street, outcomes, stop-and-search; the kind is read from "
        "each file's header). Importing a file again changes nothing. Prints each file's summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="CSV files, or folders of them")
        parser.add_argument(
            "--locate", action="store_true", help="Place every imported row in its neighbourhood again."
        )

    def handle(self, *args, paths, locate, **options):
        if not paths and not locate:
            raise CommandError("Name at least one file or folder, or --locate.")
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files.extend(sorted(path.rglob("*.csv")))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"No such file or folder: {name}")
        # Crimes before their outcomes, so that outcomes find them in the same run.
        files.sort(key=lambda p: (p.name.endswith("outcomes.csv"), str(p)))
        # Placing every row again (--locate) runs past the web's limits (pcso/settings.py).
        with audit.acting_as(None), unhurried():
            for path in files:
                try:
                    record = crime_import.import_file(user=None, data=path.read_bytes(), file_name=path.name)
                except crime_import.UnusableFile as error:
                    self.stderr.write(f"{path}: {error}")
                    continue
                self.stdout.write(describe(record))
            if locate:
                self.stdout.write(f"Neighbourhoods changed for {crime_import.locate_all()} rows.")


def describe(record) -> str:
    lines = [
        f"{record.file_name}: {record.get_kind_display()}, read {record.rows_read}, imported "
        f"{record.rows_imported}, updated {record.rows_updated}, already there {record.rows_unchanged}, "
        f"skipped {record.rows_skipped}; without a location {record.rows_without_location}, "
        f"outside every neighbourhood {record.rows_outside_neighbourhoods}, "
        f"outcomes attached {record.outcomes_attached}"
    ]
    for reason, entry in record.skipped.items():
        lines.append(f"  skipped {entry['count']}: {reason} (lines {', '.join(map(str, entry['lines']))})")
    return "\n".join(lines)
