from django.core.management.base import BaseCommand, CommandError

from pcso import auditchain


class Command(BaseCommand):
    help = (
        "Check the audit trail against its hash chain: exits non-zero naming every entry changed, "
        "removed or inserted after sealing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect",
            metavar="HASH",
            help="a head logged earlier by audit_seal: it must still be in the chain",
        )

    def handle(self, *args, expect=None, **options):
        report = auditchain.verify(expect=expect)
        for problem in report.problems:
            self.stderr.write(problem)
        summary = (
            f"{report.seals} seals, {report.entries} sealed entries, {report.unsealed} not sealed yet; "
            f"head {report.head}"
        )
        if report.problems:
            raise CommandError(
                f"The audit trail has been tampered with ({len(report.problems)} problems). {summary}"
            )
        self.stdout.write(f"The audit trail is intact: {summary}")
