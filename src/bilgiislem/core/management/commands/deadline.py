"""`bilgiislem deadline`: print a legal due date on the Turkish working calendar.

    bilgiislem deadline --start 2026-03-16 --days 15 --kind working     # -> 2026-04-07
    bilgiislem deadline --start 2026-03-16 --basis 4982                 # the same
    bilgiislem deadline --start 2026-03-16 --basis 3071                 # 30 calendar days, rolled forward

The due date is printed alone on stdout as YYYY-MM-DD; warnings go to stderr. Bad input exits non-zero
with a message in Turkish and English.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from bilgiislem.core import calendar

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Print the due date of a legal period: --start YYYY-MM-DD with --days N --kind working|calendar, or --basis."

    def add_arguments(self, parser):
        # Values are checked here rather than by argparse, so every error is reported in both languages.
        parser.add_argument("--start", help="Start (registration) date, YYYY-MM-DD; counting begins the next day.")
        parser.add_argument("--days", help="Length of the period in days.")
        parser.add_argument("--kind", help="working (iş günü) or calendar (takvim günü).")
        parser.add_argument("--basis", help="Statutory shortcut: " + ", ".join(sorted(calendar.BASES)) + ".")

    def handle(self, *args, **options):
        try:
            period = calendar.resolve_period(options["start"], options["days"], options["kind"], options["basis"])
        except calendar.PeriodError as exc:
            raise CommandError(f"Hata: {exc.turkish}\nError: {exc.english}", returncode=USAGE_ERROR) from None
        cal = calendar.WorkingCalendar(use_overrides=self._overrides_available())
        try:
            result = calendar.deadline(period, cal)
        except calendar.PeriodError as exc:
            raise CommandError(f"Hata: {exc.turkish}\nError: {exc.english}", returncode=USAGE_ERROR) from None
        self.stdout.write(result.due_date.isoformat())

    def _overrides_available(self) -> bool:
        """True when the override table can be read; otherwise warn and use the official calendar."""
        from bilgiislem.core.models import CalendarOverride

        try:
            if CalendarOverride._meta.db_table in connection.introspection.table_names():
                return True
            reason_tr, reason_en = (
                "takvim istisnaları tablosu henüz yok (migrate çalıştırılmadı)",
                ("the calendar override table does not exist yet (run migrate)"),
            )
        except DatabaseError as exc:
            reason_tr, reason_en = f"veritabanına ulaşılamadı ({exc})", f"the database is not reachable ({exc})"
        self.stderr.write(
            f"Uyarı: {reason_tr}; yalnız resmî tatil takvimi kullanılıyor.\n"
            f"Warning: {reason_en}; using the official holiday calendar only."
        )
        return False
