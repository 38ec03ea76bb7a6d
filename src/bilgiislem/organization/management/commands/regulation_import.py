"""``bilgiislem regulation_import PATH --json|--apply``: read a regulation text file.

``--json`` prints what the reader found (articles, units, duties) and touches no database, so it also works on a
fresh checkout without migrations. ``--apply`` stores the regulation through ``services.regulation_import``;
its units and duties are then proposals that a person confirms in the UI.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bilgiislem.organization.regulation_reader import RegulationParseError, parse

FALLBACK_ENCODING = "cp1254"  # Windows Turkish: what Word's "plain text" saves on a Turkish Windows


def read_text(path: Path, encoding: str) -> tuple[str, str]:
    """(text, encoding used). UTF-16 files (with a BOM) are recognised; undecodable text falls back to cp1254."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Dosya okunamadı / cannot read the file: {path} ({exc.strerror or exc})") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode(encoding), encoding
    except LookupError as exc:
        raise CommandError(f"Bilinmeyen karakter kodlaması / unknown encoding: {encoding}") from exc
    except UnicodeDecodeError as exc:
        if encoding.replace("-", "").replace("_", "").lower() in ("cp1254", "windows1254"):
            raise CommandError(
                f"Dosya {encoding} olarak çözülemedi / the file cannot be decoded as {encoding}: {exc}"
            ) from exc
    return data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING


class Command(BaseCommand):
    help = "Read a regulation text file: print its structure as JSON (--json) or store it for confirmation (--apply)."
    requires_system_checks: list[str] = []  # --json must run without a database

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The regulation as a text file.")
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--json", action="store_true", help="Print the parsed structure; no database is used.")
        mode.add_argument("--apply", action="store_true", help="Store the regulation and propose its units and duties.")
        parser.add_argument(
            "--encoding",
            default="utf-8",
            help=f"Encoding of the file (default utf-8; falls back to {FALLBACK_ENCODING}).",
        )
        parser.add_argument("--title", default="", help="Title to store instead of the one read from the text.")

    def handle(self, *args, path: Path, encoding: str, title: str, **options):
        text, used = read_text(path, encoding)
        if used != encoding:
            self.stderr.write(f"{path.name}: {encoding} değil, {used} olarak okundu / read as {used}, not {encoding}")
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # stored text and reported lines agree
        try:
            parsed = parse(text)
        except RegulationParseError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        parsed["title"] = title or parsed["title"] or path.stem
        if options["json"]:
            self.stdout.write(json.dumps(parsed, ensure_ascii=False, indent=2))
            return
        self.apply(parsed, text, path)

    def apply(self, parsed: dict, text: str, path: Path) -> None:
        from django.urls import NoReverseMatch, reverse

        from bilgiislem.core.exceptions import RuleViolation
        from bilgiislem.organization import services

        try:
            regulation = services.regulation_import(actor=None, parsed=parsed, text=text, source_name=path.name)
        except RuleViolation as exc:
            raise CommandError(str(exc)) from exc
        articles = regulation.provisions.filter(kind="article").count()
        units = regulation.unit_proposals.count()
        duties = regulation.duties.count()
        self.stdout.write(self.style.SUCCESS(f"Regulation #{regulation.pk} stored: {regulation.title}"))
        self.stdout.write(f"Articles / madde: {articles}")
        self.stdout.write(f"Units proposed / önerilen birim: {units}")
        self.stdout.write(f"Duties proposed / önerilen görev: {duties}")
        for warning in parsed.get("warnings", []):
            self.stdout.write(f"  ! line {warning['line']}: {warning['message']}")
        try:
            url = reverse("organization:regulation_detail", kwargs={"pk": regulation.pk})
        except NoReverseMatch:
            url = f"/teskilat/yonetmelikler/{regulation.pk}/"
        self.stdout.write("Birimleri ve görevleri arayüzde onaylayın / confirm the units and duties in the UI: " + url)
