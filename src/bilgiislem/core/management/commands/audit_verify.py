"""`bilgiislem audit_verify`: walk the audit hash chain (quality-bars.md R6).

Exit 0 and "OK: N events verified" when intact; exit 1 naming the first broken event otherwise.
"""

from django.core.management.base import BaseCommand, CommandError

from bilgiislem.core.audit import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit 1 and name the first broken event if it was tampered with."

    def handle(self, *args, **options):
        checked, broken = audit_chain_verify()
        if broken is not None:
            raise CommandError(f"BROKEN: {broken} ({checked} events verified before it)", returncode=1)
        self.stdout.write(f"OK: {checked} events verified")
