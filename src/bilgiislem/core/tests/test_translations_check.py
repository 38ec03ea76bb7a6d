"""translations_check against a throw-away package: makemessages runs for real (needs gettext)."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bilgiislem.core.management.commands.translations_check import catalogue_problems, parse_po

SOURCE = """from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy

GREETING = _("Good morning")
RETURN = pgettext_lazy("asset", "Return")


def count(n):
    return ngettext("%(n)d request", "%(n)d requests", n) % {"n": n}
"""

TRANSLATIONS = {
    "Good morning": 'msgstr "Günaydın"',
    "Return": 'msgstr "İade"',
    "%(n)d request": 'msgstr[0] "%(n)d talep"\nmsgstr[1] "%(n)d talep"',
}


@pytest.fixture
def package(tmp_path, settings):
    """A package directory with one module, a template and a test module; its catalogue is locale/tr."""
    pkg = tmp_path / "pkg"
    (pkg / "templates").mkdir(parents=True)
    (pkg / "tests").mkdir()
    (pkg / "mod.py").write_text(SOURCE, encoding="utf-8")
    (pkg / "templates" / "page.html").write_text("{% load i18n %}<h1>{% translate 'Units' %}</h1>", encoding="utf-8")
    (pkg / "tests" / "test_mod.py").write_text('from django.utils.translation import gettext as _\n_("Test only")\n')
    settings.LOCALE_PATHS = [pkg / "locale"]
    return pkg


def _po(pkg: Path) -> Path:
    return pkg / "locale" / "tr" / "LC_MESSAGES" / "django.po"


def _translate_all(pkg: Path, *, units: str = "Birimler") -> None:
    """Fill every entry the way a translator would, and clear the header's fuzzy flag."""
    text = _po(pkg).read_text(encoding="utf-8")
    text = text.replace('#, fuzzy\nmsgid ""', 'msgid ""', 1)
    for msgid, msgstr in {**TRANSLATIONS, "Units": f'msgstr "{units}"'}.items():
        pattern = re.compile(rf'(msgid "{re.escape(msgid)}"\n(?:msgid_plural ".*"\n)?)(?:msgstr(?:\[\d\])? ""\n)+')
        text, found = pattern.subn(lambda m, s=msgstr: m.group(1) + s + "\n", text)
        assert found == 1, msgid
    _po(pkg).write_text(text, encoding="utf-8")


def test_check_with_new_strings_creates_the_catalogue_and_fails(package, capsys):
    expected = "4 of 4 entries need a translation (empty or fuzzy); the header is marked fuzzy"
    with pytest.raises(CommandError, match=re.escape(expected)):
        call_command("translations_check")

    out = capsys.readouterr().out
    assert 'untranslated: "Good morning"' in out
    assert 'untranslated: "Return" (context: asset)' in out
    assert "the catalogue header is marked fuzzy" in out
    text = _po(package).read_text(encoding="utf-8")
    assert 'msgid "Units"' in text
    assert "Test only" not in text


def test_check_with_every_entry_translated_passes(package, capsys):
    with pytest.raises(CommandError):
        call_command("translations_check")
    _translate_all(package)

    call_command("translations_check")

    assert "all 4 entries translated" in capsys.readouterr().out


def test_check_with_one_empty_entry_fails_and_names_it(package, capsys):
    with pytest.raises(CommandError):
        call_command("translations_check")
    _translate_all(package, units="")
    capsys.readouterr()

    with pytest.raises(CommandError, match="1 of 4 entries need a translation"):
        call_command("translations_check")

    assert 'untranslated: "Units"' in capsys.readouterr().out


def test_check_with_a_fuzzy_entry_fails(package):
    with pytest.raises(CommandError):
        call_command("translations_check")
    _translate_all(package)
    text = _po(package).read_text(encoding="utf-8").replace('msgid "Good morning"', '#, fuzzy\nmsgid "Good morning"')
    _po(package).write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="1 of 4"):
        call_command("translations_check", "--no-update")


def test_check_after_a_new_source_string_fails_again(package):
    with pytest.raises(CommandError):
        call_command("translations_check")
    _translate_all(package)
    call_command("translations_check")
    with (package / "mod.py").open("a", encoding="utf-8") as module:
        module.write('\nNEW = _("Good evening")\n')

    with pytest.raises(CommandError, match="1 of 5"):
        call_command("translations_check")


def test_check_report_only_lists_problems_and_succeeds(package, capsys):
    call_command("translations_check", "--report-only")

    assert "entries need a translation" in capsys.readouterr().out


def test_parse_po_reads_multiline_plural_and_fuzzy_entries():
    text = (
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\n'
        '#: a.py\n#, fuzzy, python-format\nmsgid "A %(x)s"\nmsgstr "B %(x)s"\n\n'
        'msgid ""\n"long "\n"text"\nmsgstr ""\n"uzun "\n"metin"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "bir"\nmsgstr[1] ""\n\n'
        '#~ msgid "old"\n#~ msgstr ""\n'
    )

    entries = parse_po(text)

    assert [e.msgid for e in entries] == ["", "A %(x)s", "long text", "one"]
    assert entries[1].flags == {"fuzzy", "python-format"}
    assert entries[2].msgstr == {"msgstr": "uzun metin"}
    assert [(e.msgid, problem) for e, problem in catalogue_problems(entries)] == [
        ("A %(x)s", "fuzzy"),
        ("one", "untranslated"),
    ]
