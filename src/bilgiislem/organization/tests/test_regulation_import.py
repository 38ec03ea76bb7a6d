"""``bilgiislem regulation_import``: --json reads without a database, --apply stores through the service."""

import json
import os
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bilgiislem.organization import services
from bilgiislem.organization.choices import ProposalStatus, ProvisionKind
from bilgiislem.organization.models import Duty, Provision, Regulation
from bilgiislem.organization.regulation_reader import parse

DATA = Path(__file__).resolve().parent.parent / "data" / "regulations"
KORFEZ = DATA / "korfez-bilgi-islem-mudurlugu.txt"
KARASU = DATA / "karasu-bilgi-islem-mudurlugu.txt"
BROKEN = (
    "Başlık\nMADDE 1 – (1) Bir.\nMADDE 2 – (1) İki.\nMADDE 3 – (1) Üç.\nMADDE 2 – (1) Yine iki.\nMADDE 3 – (1) Üç.\n"
)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("regulation_import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def cli(*args, data_dir: Path) -> subprocess.CompletedProcess:
    """The real console entry point in a fresh process, with a data directory that holds no database."""
    env = {**os.environ, "BILGIISLEM_DEBUG": "1", "BILGIISLEM_DATA_DIR": str(data_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("BILGIISLEM_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "bilgiislem", "regulation_import", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


# --- --json: no database --------------------------------------------------------------------------------
def test_json_prints_the_parse_without_database_access():
    # No db fixture: pytest-django makes any query fail, so this also proves --json does not touch the database.
    out, _err = run(KORFEZ, "--json")
    data = json.loads(out)
    assert data == parse(KORFEZ.read_text("utf-8"))
    assert len(data["articles"]) == 21
    assert [u["name"] for u in data["units"]][2:] == ["İdari İşler Bürosu", "Elektronik ve Haberleşme Bürosu"]
    assert Counter(d["article"] for d in data["duties"]) == {6: 33, 7: 10, 8: 10, 9: 11, 10: 6}


def test_json_keeps_turkish_letters_and_indents():
    out, _err = run(KARASU, "--json")
    assert '"title": "KARASU BELEDİYE BAŞKANLIĞI' in out  # ensure_ascii=False
    assert "\\u" not in out
    assert out.startswith('{\n  "title"')  # indent=2
    data = json.loads(out)
    assert [d["label"] for d in data["duties"]] == list("abcçdefgğhıijklmnoöprsştu")
    assert {d["unit"] for d in data["duties"]} == {None}


def test_json_runs_in_a_fresh_process_without_any_database(tmp_path):
    result = cli(KARASU, "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 16
    assert list(tmp_path.iterdir()) == []  # no SQLite file was created


def test_json_reads_a_cp1254_file_with_a_notice(tmp_path):
    path = tmp_path / "korfez-1254.txt"
    path.write_bytes(KORFEZ.read_text("utf-8").replace("\n", "\r\n").encode("cp1254"))
    out, err = run(path, "--json")
    assert json.loads(out) == parse(KORFEZ.read_text("utf-8"))
    assert "cp1254" in err
    out_explicit, err_explicit = run(path, "--json", "--encoding", "cp1254")
    assert json.loads(out_explicit) == json.loads(out)
    assert err_explicit == ""


def test_json_reads_a_utf16_file_saved_by_word(tmp_path):
    path = tmp_path / "karasu-utf16.txt"
    path.write_bytes(KARASU.read_text("utf-8").encode("utf-16"))
    out, _err = run(path, "--json")
    assert len(json.loads(out)["duties"]) == 25


def test_json_title_option_and_file_name_fill_the_title(tmp_path):
    out, _err = run(KARASU, "--json", "--title", "Karasu BİM Yönetmeliği")
    assert json.loads(out)["title"] == "Karasu BİM Yönetmeliği"
    untitled = tmp_path / "bim-yonetmeligi.txt"
    untitled.write_text("Amaç\nMADDE 1 – (1) Amaç metni.\n", "utf-8")
    out, _err = run(untitled, "--json")
    assert json.loads(out)["title"] == "bim-yonetmeligi"


# --- errors ---------------------------------------------------------------------------------------------
def test_unreadable_text_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text(BROKEN, "utf-8")
    with pytest.raises(CommandError) as error:
        run(path, "--json")
    assert error.value.returncode == 1
    assert "broken.txt" in str(error.value) and "Satır 5" in str(error.value) and "line 5" in str(error.value)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["{missing}", "--json"], "cannot read the file"),
        (["{empty}", "--json"], "the text is empty"),
        (["{letter}", "--json"], "no article found"),
        (["{letter}", "--json", "--encoding", "klingon"], "unknown encoding"),
        (["{binary}", "--json", "--encoding", "cp1254"], "cannot be decoded"),
    ],
)
def test_bad_input_is_a_command_error(tmp_path, args, words):
    files = {
        "missing": tmp_path / "yok.txt",
        "empty": tmp_path / "empty.txt",
        "letter": tmp_path / "letter.txt",
        "binary": tmp_path / "binary.bin",
    }
    files["empty"].write_text("\n \n", "utf-8")
    files["letter"].write_text("Sayın ilgili,\nGereğini arz ederim.\n", "utf-8")
    files["binary"].write_bytes(b"\x81\x8d\x8f\x90\x9d")  # undefined in cp1254
    with pytest.raises(CommandError) as error:
        run(*[a.format(**files) for a in args])
    assert words in str(error.value)


def test_mode_is_required():
    with pytest.raises(CommandError):
        run(KORFEZ)
    with pytest.raises(CommandError):
        run(KORFEZ, "--json", "--apply")


def test_unreadable_text_exits_1_with_the_message_on_stderr(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text(BROKEN, "utf-8")
    result = cli(path, "--json", data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "line 5" in result.stderr and "article 2 comes after article 3" in result.stderr


# --- --apply ----------------------------------------------------------------------------------------------
def test_apply_korfez_stores_provisions_proposals_and_duties(org):
    out, _err = run(KORFEZ, "--apply")
    regulation = Regulation.objects.get()
    assert regulation.title == "KÖRFEZ BELEDİYE BAŞKANLIĞI BİLGİ İŞLEM MÜDÜRLÜĞÜ GÖREV VE ÇALIŞMA YÖNETMELİĞİ"
    assert regulation.source_name == "korfez-bilgi-islem-mudurlugu.txt"
    assert regulation.unit == org.it
    assert regulation.text == KORFEZ.read_text("utf-8")
    kinds = Counter(regulation.provisions.values_list("kind", flat=True))
    assert kinds[ProvisionKind.SECTION] == 4
    assert kinds[ProvisionKind.ARTICLE] == 21
    assert list(regulation.unit_proposals.values_list("name", "status")) == [
        ("Bilgi İşlem Şefliği", ProposalStatus.PROPOSED),
        ("Kalite ve Yönetim Sistemleri Şefliği", ProposalStatus.PROPOSED),
        ("İdari İşler Bürosu", ProposalStatus.PROPOSED),
        ("Elektronik ve Haberleşme Bürosu", ProposalStatus.PROPOSED),
    ]
    per_article = Counter(regulation.duties.values_list("article", "unit_proposal__name"))
    assert per_article == {
        (6, None): 33,
        (7, "Bilgi İşlem Şefliği"): 10,
        (8, "Kalite ve Yönetim Sistemleri Şefliği"): 10,
        (9, "İdari İşler Bürosu"): 11,
        (10, "Elektronik ve Haberleşme Bürosu"): 6,
    }
    assert not regulation.duties.exclude(status=ProposalStatus.PROPOSED).exists()
    assert "Articles / madde: 21" in out
    assert "Units proposed / önerilen birim: 4" in out
    assert "Duties proposed / önerilen görev: 70" in out
    assert f"/teskilat/yonetmelikler/{regulation.pk}/" in out


def test_apply_nests_articles_under_sections_and_items_under_paragraphs(org):
    run(KORFEZ, "--apply")
    regulation = Regulation.objects.get()
    madde6 = regulation.provisions.get(kind=ProvisionKind.ARTICLE, number=6)
    assert (madde6.heading, madde6.parent.kind, madde6.parent.number) == ("Müdürlüğün Görevleri", "section", 2)
    assert madde6.parent.heading == "Birimler ve Görevleri" and madde6.parent.text == "İKİNCİ BÖLÜM"
    duty = regulation.duties.get(article=6, label="çç")
    assert duty.provision.parent.parent == madde6
    assert duty.provision.text == duty.text == "Başkanlık tarafından verilen diğer görevleri yapmak."
    positions = list(regulation.provisions.values_list("position", flat=True))
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_apply_karasu_proposes_four_units_and_25_directorate_duties(org):
    out, _err = run(KARASU, "--apply")
    regulation = Regulation.objects.get()
    assert list(regulation.unit_proposals.values_list("name", flat=True)) == [
        "Teknik Destek Birimi",
        "Sistem Birimi",
        "Kalem Birimi",
        "Yazılım Birimi",
    ]
    assert regulation.duties.count() == 25
    assert not regulation.duties.filter(unit_proposal__isnull=False).exists()
    assert list(regulation.duties.order_by("provision__position").values_list("label", flat=True)) == list(
        "abcçdefgğhıijklmnoöprsştu"
    )
    assert "Duties proposed / önerilen görev: 25" in out


def test_apply_unreadable_text_stores_nothing(org, tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text(BROKEN, "utf-8")
    with pytest.raises(CommandError):
        run(path, "--apply")
    assert not Regulation.objects.exists() and not Provision.objects.exists()


def test_apply_confirmed_proposals_give_units_to_their_duties(org, make_user):
    run(KORFEZ, "--apply")
    regulation = Regulation.objects.get()
    director = make_user("director")
    for proposal in regulation.unit_proposals.all():
        services.unit_proposal_confirm(proposal=proposal, actor=director)
    services.duty_confirm(duties=list(regulation.duties.all()), actor=director)
    office = regulation.unit_proposals.get(name="İdari İşler Bürosu").unit
    assert office.parent == org.it
    assert Duty.objects.filter(unit=office, article=9).count() == 11
    assert Duty.objects.filter(unit__isnull=True, article=6).count() == 33


def test_service_links_duties_to_the_items_of_the_right_paragraph(org):
    text = (
        "Müdürlüğün görev ve yetkileri\nMADDE 1 – (1) Görevleri şunlardır:\na) Ağ kurmak.\nb) Yedek almak.\n"
        "(2) Yetkileri şunlardır:\na) İmza atmak.\n"
    )
    regulation = services.regulation_import(actor=None, parsed=parse(text), text=text, source_name="x.txt")
    duties = list(regulation.duties.order_by("pk"))
    assert [(d.label, d.text, d.provision.text, d.provision.parent.number) for d in duties] == [
        ("a", "Ağ kurmak.", "Ağ kurmak.", 1),
        ("b", "Yedek almak.", "Yedek almak.", 1),
        ("a", "İmza atmak.", "İmza atmak.", 2),
    ]


def test_service_accepts_a_parse_without_sections(org):
    parsed = parse(KARASU.read_text("utf-8"))
    del parsed["sections"], parsed["warnings"]
    regulation = services.regulation_import(actor=None, parsed=parsed, text="…", source_name="karasu.txt")
    assert not regulation.provisions.filter(kind=ProvisionKind.SECTION).exists()
    assert not regulation.provisions.filter(kind=ProvisionKind.ARTICLE, parent__isnull=False).exists()
    assert regulation.duties.count() == 25
