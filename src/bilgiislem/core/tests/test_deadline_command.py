"""`bilgiislem deadline`: the due date alone on stdout, bilingual errors, fallback without the database."""

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bilgiislem.core.models import CalendarOverride, CalendarOverrideKind

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("deadline", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--start", "2026-03-16", "--days", "15", "--kind", "working"], "2026-04-07"),
        (["--start", "2026-05-20", "--days", "10", "--kind", "working"], "2026-06-08"),
        (["--start", "2026-01-01", "--days", "30", "--kind", "calendar"], "2026-02-02"),
        (["--start", "2026-03-16", "--basis", "4982"], "2026-04-07"),
        (["--start", "2026-03-16", "--basis", "4982-extended"], "2026-04-29"),
        (["--start", "2026-04-27", "--basis", "3071"], "2026-06-01"),
        (["--start", "2026-03-16", "--basis", "4982", "--days", "15", "--kind", "working"], "2026-04-07"),
    ],
)
def test_deadline_prints_due_date_alone_on_a_line(args, expected):
    out, err = run(*args)
    assert out == expected + "\n"
    assert err == ""


def test_deadline_uses_the_override_table():
    CalendarOverride.objects.create(date=dt.date(2026, 4, 6), kind=CalendarOverrideKind.HOLIDAY, name="Ek tatil")
    out, _err = run("--start", "2026-03-16", "--basis", "4982")
    assert out.strip() == "2026-04-08"


def test_deadline_ignores_administrative_closures():
    CalendarOverride.objects.create(
        date=dt.date(2026, 4, 7), kind=CalendarOverrideKind.ADMINISTRATIVE_CLOSURE, name="İdari izin"
    )
    out, _err = run("--start", "2026-03-16", "--basis", "4982")
    assert out.strip() == "2026-04-07"


@pytest.mark.parametrize(
    ("args", "turkish", "english"),
    [
        (["--start", "16.03.2026", "--days", "15", "--kind", "working"], "YYYY-AA-GG", "YYYY-MM-DD"),
        (["--start", "2026-02-30", "--days", "15", "--kind", "working"], "Başlangıç tarihi", "start date"),
        (["--days", "15", "--kind", "working"], "zorunludur", "required"),
        (["--start", "2026-03-16", "--days", "0", "--kind", "working"], "Gün sayısı", "number of days"),
        (["--start", "2026-03-16", "--days", "-5", "--kind", "working"], "Gün sayısı", "number of days"),
        (["--start", "2026-03-16", "--days", "on", "--kind", "working"], "Gün sayısı", "number of days"),
        (["--start", "2026-03-16", "--days", "15", "--kind", "weekly"], "Tür", "kind"),
        (["--start", "2026-03-16", "--days", "15"], "türü", "kind"),
        (["--start", "2026-03-16", "--basis", "9999"], "Bilinmeyen yasal dayanak", "Unknown legal basis"),
        (["--start", "2026-03-16", "--basis", "4982", "--days", "30"], "çelişiyor", "contradicts"),
        (["--start", "2026-03-16", "--basis", "3071", "--kind", "working"], "çelişiyor", "contradicts"),
        (["--start", "1900-01-01", "--days", "15", "--kind", "working"], "yılları", "years"),
    ],
)
def test_deadline_bad_input_fails_with_turkish_and_english_message(args, turkish, english):
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    message = str(excinfo.value)
    assert turkish in message
    assert english in message
    assert excinfo.value.returncode != 0


def _bilgiislem(tmp_path, *args) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "BILGIISLEM_DEBUG": "1",
        "BILGIISLEM_DATA_DIR": str(tmp_path),
        "BILGIISLEM_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "bilgiislem.config.settings",
    }
    env.pop("BILGIISLEM_TESTING", None)
    return subprocess.run(
        [sys.executable, "-m", "bilgiislem", "deadline", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_deadline_without_migrated_database_warns_and_uses_official_calendar(tmp_path):
    # GIVEN a database in which migrate never ran
    result = _bilgiislem(tmp_path, "--start", "2026-03-16", "--days", "15", "--kind", "working")
    # THEN the date is still computed from the official calendar, with a warning on stderr only
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2026-04-07\n"
    assert "Warning" in result.stderr and "Uyarı" in result.stderr


def test_deadline_bad_input_exits_non_zero_from_the_shell(tmp_path):
    result = _bilgiislem(tmp_path, "--start", "2026-03-16", "--days", "x", "--kind", "working")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Gün sayısı" in result.stderr and "number of days" in result.stderr
