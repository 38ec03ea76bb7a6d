"""Keep the Turkish catalogue complete: update it from the source, then fail on empty or fuzzy entries.

The catalogue lives in the first of ``settings.LOCALE_PATHS`` (``src/bilgiislem/locale``) and is built
from the directory that holds it (the package), so the command gives the same result from any working
directory. Tests and migrations are not scanned: their strings never reach a user, and old migrations
would keep outdated labels in the catalogue. CI runs this on every change; ``make messages`` runs it with
``--report-only`` while the catalogue is being filled.
"""

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

IGNORE_PATTERNS = ("tests", "migrations", "static", "node_modules")
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


@dataclass
class PoEntry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[str, str] = field(default_factory=dict)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_untranslated(self) -> bool:
        return not self.msgstr or any(value == "" for value in self.msgstr.values())

    def label(self) -> str:
        text = self.msgid if len(self.msgid) <= 70 else self.msgid[:67] + "..."
        return f'"{text}"' + (f" (context: {self.msgctxt})" if self.msgctxt else "")


def parse_po(text: str) -> list[PoEntry]:
    """A minimal reader for the .po files gettext writes: flags, context, ids and translations.

    Strings stay escaped as in the file (enough for "is it empty?" and for listing). Obsolete ``#~``
    entries are skipped.
    """
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    key: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        starts_entry = line.startswith("#") or line.startswith("msgctxt") or line.startswith("msgid ")
        if current is None or (starts_entry and current.msgstr):
            current = PoEntry(line=number)
            entries.append(current)
            key = None
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            key, value = match.group(1), match.group(2)[1:-1]
            if key.startswith("msgstr"):
                current.msgstr[key] = value
            else:
                setattr(current, key, value)
        elif line.startswith('"') and key is not None:
            value = line[1:-1]
            if key.startswith("msgstr"):
                current.msgstr[key] += value
            else:
                setattr(current, key, getattr(current, key) + value)
        else:
            raise CommandError(f"line {number}: cannot read {raw!r}")
    return [e for e in entries if e.msgstr or e.msgid]


def catalogue_problems(entries: list[PoEntry]) -> list[tuple[PoEntry, str]]:
    problems = []
    for entry in entries:
        if entry.is_header:
            if entry.is_fuzzy:
                problems.append((entry, "the catalogue header is marked fuzzy"))
        elif entry.is_fuzzy:
            problems.append((entry, "fuzzy"))
        elif entry.is_untranslated:
            problems.append((entry, "untranslated"))
    return problems


def catalogue_update(locale_dir: Path, locale: str) -> None:
    """Run makemessages from the directory that holds ``locale_dir`` (the package)."""
    with contextlib.chdir(locale_dir.parent):
        call_command(
            "makemessages",
            locale=[locale],
            domain="django",
            ignore_patterns=list(IGNORE_PATTERNS),
            add_location="file",  # file names without line numbers: smaller diffs when code moves
            no_obsolete=True,
            verbosity=0,
        )


class Command(BaseCommand):
    help = "Update the Turkish catalogue from the source and fail if any entry is empty or fuzzy."

    def add_arguments(self, parser):
        parser.add_argument("--locale", default="tr", help="Catalogue to check (default: tr).")
        parser.add_argument(
            "--no-update", action="store_true", help="Check the catalogue as it is, without running makemessages."
        )
        parser.add_argument("--report-only", action="store_true", help="List the problems but exit 0.")

    def handle(self, *args, **options):
        locale = options["locale"]
        locale_dir = Path(settings.LOCALE_PATHS[0])
        po_path = locale_dir / locale / "LC_MESSAGES" / "django.po"
        if not options["no_update"]:
            catalogue_update(locale_dir, locale)
        if not po_path.exists():
            raise CommandError(f"No catalogue at {po_path}.")
        entries = parse_po(po_path.read_text(encoding="utf-8"))
        problems = catalogue_problems(entries)
        total = sum(not e.is_header for e in entries)
        for entry, problem in problems:
            self.stdout.write(f"{po_path}:{entry.line}: {problem}: {entry.label()}")
        if not problems:
            self.stdout.write(self.style.SUCCESS(f"{po_path}: all {total} entries translated."))
            return
        unfinished = sum(not entry.is_header for entry, _problem in problems)
        summary = f"{po_path}: {unfinished} of {total} entries need a translation (empty or fuzzy)"
        summary += "; the header is marked fuzzy." if len(problems) > unfinished else "."
        if options["report_only"]:
            self.stdout.write(self.style.WARNING(summary))
            return
        raise CommandError(summary)
