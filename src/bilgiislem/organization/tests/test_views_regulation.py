"""Regulation import (upload, preview, apply), unit and duty confirmation, and the duty catalogue."""

import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError
from django.urls import reverse

from bilgiislem.core.models import AuditLog
from bilgiislem.organization import services
from bilgiislem.organization.choices import ProposalStatus, RegulationStatus, UnitKind
from bilgiislem.organization.forms import REGULATION_MAX_BYTES, decode_regulation_text
from bilgiislem.organization.models import Duty, Provision, Regulation, Unit, UnitProposal

READER = "bilgiislem.organization.regulation_reader"


def item(label, text):
    return {"label": label, "text": text}


def article(number, heading, items, text="Görevler şunlardır:"):
    return {"number": number, "heading": heading, "paragraphs": [{"number": 1, "text": text, "items": items}]}


# The shape organization.regulation_reader.parse returns (see services.regulation_import).
PARSED = {
    "title": "Örnek Belediyesi Bilgi İşlem Müdürlüğü Görev, Yetki ve Çalışma Yönetmeliği",
    "articles": [
        article(1, "Amaç", [], text="Bu yönetmeliğin amacı müdürlüğün görevlerini düzenlemektir."),
        article(5, "Teşkilat", [item("a", "Yazılım Birimi"), item("b", "Ağ ve Sistem Birimi")]),
        article(
            6,
            "Müdürlüğün görevleri",
            [
                item("a", "Bilgi güvenliği politikasını hazırlamak."),
                item("b", "Park ışıklandırma ve kamera sistemlerinin ağ altyapısını kurmak."),
            ],
        ),
        article(
            7,
            "Yazılım Biriminin görevleri",
            [
                item("a", "Belediye yazılımlarını geliştirmek."),
                item("ç", "Web sitesini güncel tutmak."),
            ],
        ),
        article(
            8,
            "Ağ ve Sistem Biriminin görevleri",
            [
                item("a", "Sunucuları yedeklemek."),
                item("b", "Telsiz sistemini işletmek."),
            ],
        ),
    ],
    "units": [{"name": "Yazılım Birimi"}, {"name": "Ağ ve Sistem Birimi"}],
    "duties": [
        {"article": 6, "label": "a", "text": "Bilgi güvenliği politikasını hazırlamak.", "unit": None},
        {
            "article": 6,
            "label": "b",
            "text": "Park ışıklandırma ve kamera sistemlerinin ağ altyapısını kurmak.",
            "unit": None,
        },
        {"article": 7, "label": "a", "text": "Belediye yazılımlarını geliştirmek.", "unit": "Yazılım Birimi"},
        {"article": 7, "label": "ç", "text": "Web sitesini güncel tutmak.", "unit": "Yazılım Birimi"},
        {"article": 8, "label": "a", "text": "Sunucuları yedeklemek.", "unit": "Ağ ve Sistem Birimi"},
        {"article": 8, "label": "b", "text": "Telsiz sistemini işletmek.", "unit": "Ağ ve Sistem Birimi"},
    ],
}

SAMPLE_TEXT = """ÖRNEK BELEDİYESİ BİLGİ İŞLEM MÜDÜRLÜĞÜ GÖREV, YETKİ VE ÇALIŞMA YÖNETMELİĞİ

BİRİNCİ BÖLÜM
Amaç, Kapsam, Dayanak ve Tanımlar

Amaç
MADDE 1- (1) Bu yönetmeliğin amacı, Örnek Belediyesi Bilgi İşlem Müdürlüğünün görev, yetki ve
sorumluluklarını düzenlemektir.

İKİNCİ BÖLÜM
Teşkilat ve Görevler

Teşkilat
MADDE 5- (1) Bilgi İşlem Müdürlüğü aşağıdaki birimlerden oluşur:
a) Yazılım Birimi
b) Ağ ve Sistem Birimi

Müdürlüğün görevleri
MADDE 6- (1) Müdürlüğün görevleri şunlardır:
a) Bilgi güvenliği politikasını hazırlamak.
b) Park ışıklandırma ve kamera sistemlerinin ağ altyapısını kurmak.

Yazılım Biriminin görevleri
MADDE 7- (1) Yazılım Biriminin görevleri şunlardır:
a) Belediye yazılımlarını geliştirmek.
b) Web sitesini güncel tutmak.

Ağ ve Sistem Biriminin görevleri
MADDE 8- (1) Ağ ve Sistem Biriminin görevleri şunlardır:
a) Sunucuları yedeklemek.
b) Telsiz sistemini işletmek.

Yürürlük
MADDE 9- (1) Bu yönetmelik yayımı tarihinde yürürlüğe girer.
"""


def url(name, *args):
    return reverse(f"organization:{name}", args=args)


@pytest.fixture
def regulation(org, make_user) -> Regulation:
    return services.regulation_import(actor=None, parsed=PARSED, text=SAMPLE_TEXT, source_name="ornek.txt", unit=org.it)


def txt(content: bytes, name="yonetmelik.txt"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def proposal_named(regulation, name) -> UnitProposal:
    return regulation.unit_proposals.get(name=name)


# --- the text file -----------------------------------------------------------------------------------
def test_decode_reads_utf8_with_a_bom_and_windows_turkish():
    assert decode_regulation_text("\ufeffMADDE 1- Işık".encode()) == "MADDE 1- Işık"
    assert decode_regulation_text("MADDE 1- ŞİĞ ışık".encode("cp1254")) == "MADDE 1- ŞİĞ ışık"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"MADDE 1\x00\x00\x00", "binary"),
        (b"%PDF-1.7 ...", "binary"),
        (b"PK\x03\x04word", "binary"),
        (b"\x81\x8d\x8f\x90\x9d", "encoding"),  # bytes that are neither UTF-8 nor cp1254
        (b"   \n", "empty"),
        (b"a" * (REGULATION_MAX_BYTES + 1), "too_large"),
        (bytes(range(1, 32)) * 10 + b"MADDE 1", "binary"),
    ],
)
def test_decode_refuses_what_is_not_a_small_text_file(data, code):
    with pytest.raises(ValidationError) as exc:
        decode_regulation_text(data)
    assert exc.value.code == code


# --- list and import page ----------------------------------------------------------------------------
@pytest.mark.parametrize(("role", "status"), [("staff", 200), ("director", 200), ("requester", 403)])
def test_list_per_role(client_as, make_user, org, role, status):
    assert client_as(make_user(role, org.software)).get(url("regulation_list")).status_code == status


def test_list_shows_counts_with_bounded_queries(client_as, make_user, org, regulation, django_assert_max_num_queries):
    client = client_as(make_user("director", org.it))
    client.get(url("regulation_list"))
    with django_assert_max_num_queries(15) as few:
        response = client.get(url("regulation_list"))
    row = response.context["regulations"][0]
    assert (row.proposed_duty_count, row.proposed_unit_count, row.duty_count) == (6, 2, 0)
    for _n in range(4):
        services.regulation_import(actor=None, parsed=PARSED, text=SAMPLE_TEXT, unit=org.it)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("regulation_list"))
    assert len(response.context["regulations"]) == 5


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("director", 200), ("chief", 403), ("staff", 403)])
def test_import_page_per_role(client_as, make_user, org, role, status):
    assert client_as(make_user(role, org.it)).get(url("regulation_import")).status_code == status


@pytest.mark.parametrize(
    ("upload", "field_error"),
    [
        (txt(b"\x00\x01binary"), "binary"),
        (txt(SAMPLE_TEXT.encode(), name="yonetmelik.docx"), "extension"),
        (txt(b"%PDF-1.4 not text"), "binary"),
    ],
)
def test_import_upload_refuses_bad_files_and_stores_nothing(client_as, make_user, org, upload, field_error):
    response = client_as(make_user("director", org.it)).post(url("regulation_import"), {"file": upload})
    assert response.status_code == 200
    errors = response.context["upload_form"].errors.as_data()["file"]
    assert [e.code for e in errors] == [field_error]
    assert not Regulation.objects.exists()


def test_import_preview_without_the_reader_shows_an_error(client_as, make_user, org, monkeypatch):
    monkeypatch.setitem(sys.modules, READER, None)  # import of the reader fails
    response = client_as(make_user("director", org.it)).post(
        url("regulation_import"), {"file": txt(SAMPLE_TEXT.encode())}
    )
    assert response.status_code == 200
    assert not response.context["outcome"].ok
    assert 'name="apply"' not in response.content.decode()


def test_import_preview_shows_a_parse_error_with_its_line(client_as, make_user, org, monkeypatch):
    reader = pytest.importorskip(READER)

    def broken(text):
        raise reader.RegulationParseError("No article found", 12)

    monkeypatch.setattr(reader, "parse", broken)
    response = client_as(make_user("director", org.it)).post(
        url("regulation_import"), {"file": txt(SAMPLE_TEXT.encode())}
    )
    outcome = response.context["outcome"]
    assert (outcome.ok, outcome.line) == (False, 12)
    assert "No article found" in response.content.decode()
    assert not Regulation.objects.exists()


def test_import_preview_then_apply_stores_the_regulation(client_as, make_user, org):
    pytest.importorskip(READER)
    director = make_user("director", org.it)
    client = client_as(director)
    # GIVEN a Windows-Turkish file with CRLF line ends: the preview parses it and stores nothing
    preview = client.post(
        url("regulation_import"), {"file": txt(SAMPLE_TEXT.replace("\n", "\r\n").encode("cp1254")), "title": ""}
    )
    assert preview.status_code == 200
    summary = preview.context["summary"]
    assert summary is not None and summary["articles"] >= 5
    assert not Regulation.objects.exists()
    # WHEN the preview is applied (the browser sends the text back)
    fields = {
        name: field.value() for name, field in ((f.name, f) for f in preview.context["apply_form"].hidden_fields())
    }
    fields = {k: ("" if v is None else v) for k, v in fields.items()}
    response = client.post(url("regulation_import"), {**fields, "apply": "1"})
    # THEN the regulation, its articles and its proposals are stored as previewed
    regulation = Regulation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("regulation_detail", regulation.pk)
    assert regulation.provisions.filter(kind="article").count() == summary["articles"]
    assert regulation.unit_proposals.count() == len(summary["units"])
    assert regulation.duties.count() == summary["duties"]
    assert (regulation.source_name, regulation.unit, regulation.imported_by) == ("yonetmelik.txt", org.it, director)
    assert "\r" not in regulation.text
    assert AuditLog.objects.filter(action="regulation.import", object_id=str(regulation.pk)).exists()


# --- detail, units and duties ------------------------------------------------------------------------
def test_detail_shows_the_tree_and_confirm_forms_only_to_confirmers(client_as, make_user, org, regulation):
    response = client_as(make_user("staff", org.software)).get(url("regulation_detail", regulation.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Web sitesini güncel tutmak." in html and "M7/ç" in html
    assert url("unit_proposal_confirm", regulation.pk, proposal_named(regulation, "Yazılım Birimi").pk) not in html
    assert 'name="duty"' not in html
    kinds = [node.kind for node, _depth in response.context["provisions"]]
    assert kinds.count("article") == 5 and kinds.count("item") == 8

    response = client_as(make_user("director", org.it)).get(url("regulation_detail", regulation.pk))
    proposals = {p.name: p for p in response.context["proposals"]}
    # the existing sub-unit with the same name is offered as the match
    assert proposals["Yazılım Birimi"].confirm_form["unit"].value() == org.software.pk
    assert proposals["Ağ ve Sistem Birimi"].confirm_form["unit"].value() is None
    assert 'name="duty"' in response.content.decode()


def test_detail_of_a_missing_regulation_is_404(client_as, make_user, org):
    assert client_as(make_user("director", org.it)).get(url("regulation_detail", 999)).status_code == 404


def test_unit_confirm_matches_an_existing_unit_or_creates_a_sub_unit(client_as, make_user, org, regulation):
    client = client_as(make_user("director", org.it))
    software = proposal_named(regulation, "Yazılım Birimi")
    network = proposal_named(regulation, "Ağ ve Sistem Birimi")
    client.post(url("unit_proposal_confirm", regulation.pk, software.pk), {f"p{software.pk}-unit": org.software.pk})
    client.post(url("unit_proposal_confirm", regulation.pk, network.pk), {f"p{network.pk}-unit": ""})
    software.refresh_from_db()
    network.refresh_from_db()
    assert (software.status, software.unit) == (ProposalStatus.CONFIRMED, org.software)
    created = network.unit
    assert (created.name, created.parent, created.kind) == ("Ağ ve Sistem Birimi", org.it, UnitKind.SUBUNIT)
    assert set(Duty.objects.filter(unit_proposal=network).values_list("unit", flat=True)) == {created.pk}
    assert AuditLog.objects.filter(action="unit_proposal.confirm").count() == 2


def test_unit_confirm_with_a_unit_outside_the_directorate_is_refused(client_as, make_user, org, regulation):
    proposal = proposal_named(regulation, "Yazılım Birimi")
    client = client_as(make_user("director", org.it))
    response = client.post(
        url("unit_proposal_confirm", regulation.pk, proposal.pk), {f"p{proposal.pk}-unit": org.finance.pk}, follow=True
    )
    assert any(m.level_tag == "error" for m in response.context["messages"])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


@pytest.mark.parametrize("role", ["staff", "chief"])
def test_unit_confirm_and_reject_need_the_confirm_permission(client_as, make_user, org, regulation, role):
    proposal = proposal_named(regulation, "Yazılım Birimi")
    client = client_as(make_user(role, org.software))
    assert client.post(url("unit_proposal_confirm", regulation.pk, proposal.pk)).status_code == 403
    assert client.post(url("unit_proposal_reject", regulation.pk, proposal.pk)).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_unit_reject_rejects_and_a_proposal_of_another_regulation_is_404(client_as, make_user, org, regulation):
    other = services.regulation_import(actor=None, parsed=PARSED, text=SAMPLE_TEXT, unit=org.it)
    proposal = proposal_named(regulation, "Ağ ve Sistem Birimi")
    client = client_as(make_user("admin", org.it))
    assert client.post(url("unit_proposal_reject", other.pk, proposal.pk)).status_code == 404
    assert client.post(url("unit_proposal_reject", regulation.pk, proposal.pk)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert AuditLog.objects.filter(action="unit_proposal.reject", object_id=str(proposal.pk)).exists()


def test_duty_confirm_before_its_unit_is_refused(client_as, make_user, org, regulation):
    duties = list(regulation.duties.filter(article=7).values_list("pk", flat=True))
    response = client_as(make_user("director", org.it)).post(
        url("duty_decide", regulation.pk), {"action": "confirm", "duty": duties}, follow=True
    )
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert not regulation.duties.filter(status=ProposalStatus.CONFIRMED).exists()


def test_duty_bulk_confirm_reject_and_the_regulation_becomes_confirmed(client_as, make_user, org, regulation):
    client = client_as(make_user("director", org.it))
    for proposal in regulation.unit_proposals.all():
        services.unit_proposal_confirm(proposal=proposal, actor=make_user("admin", org.it))
    general = regulation.duties.filter(article=6).order_by("pk")
    # the ticked duties only
    client.post(url("duty_decide", regulation.pk), {"action": "confirm", "duty": [general[0].pk]})
    client.post(url("duty_decide", regulation.pk), {"action": "reject", "duty": [general[1].pk]})
    # a whole group at once
    group = list(regulation.duties.filter(article__in=[7, 8]).values_list("pk", flat=True))
    client.post(url("duty_decide", regulation.pk), {"action": "confirm_all", "group_duty": group})
    statuses = dict(regulation.duties.values_list("article", "status").order_by("article", "pk").distinct())
    assert regulation.duties.get(pk=general[0].pk).status == ProposalStatus.CONFIRMED
    assert regulation.duties.get(pk=general[1].pk).status == ProposalStatus.REJECTED
    assert statuses[7] == statuses[8] == ProposalStatus.CONFIRMED
    assert regulation.duties.get(article=7, label="ç").unit == org.software
    regulation.refresh_from_db()
    assert regulation.status == RegulationStatus.CONFIRMED
    assert AuditLog.objects.filter(action="duty.confirm").count() == 5
    assert AuditLog.objects.filter(action="duty.reject").count() == 1


def test_duty_decide_ignores_duties_of_another_regulation(client_as, make_user, org, regulation):
    other = services.regulation_import(actor=None, parsed=PARSED, text=SAMPLE_TEXT, unit=org.it)
    foreign = other.duties.filter(article=6).first()
    client_as(make_user("director", org.it)).post(
        url("duty_decide", regulation.pk), {"action": "confirm", "duty": [foreign.pk]}
    )
    foreign.refresh_from_db()
    assert foreign.status == ProposalStatus.PROPOSED


def test_duty_decide_needs_the_confirm_permission(client_as, make_user, org, regulation):
    duty = regulation.duties.filter(article=6).first()
    response = client_as(make_user("chief", org.software)).post(
        url("duty_decide", regulation.pk), {"action": "confirm", "duty": [duty.pk]}
    )
    assert response.status_code == 403


# --- duty catalogue ----------------------------------------------------------------------------------
@pytest.fixture
def confirmed(org, make_user, regulation):
    admin = make_user("admin", org.it)
    for proposal in regulation.unit_proposals.all():
        services.unit_proposal_confirm(proposal=proposal, actor=admin)
    services.duty_confirm(duties=list(regulation.duties.exclude(article=8, label="b")), actor=admin)
    return regulation


@pytest.mark.parametrize(("role", "status"), [("staff", 200), ("clerk", 200), ("requester", 403)])
def test_catalogue_per_role(client_as, make_user, org, role, status):
    assert client_as(make_user(role, org.software)).get(url("duty_list")).status_code == status


def test_catalogue_groups_confirmed_duties_by_unit_with_codes(client_as, make_user, org, confirmed):
    response = client_as(make_user("staff", org.software)).get(url("duty_list"))
    groups = response.context["groups"]
    assert groups[0].unit is None and [d.code for d in groups[0].duties] == ["M6/a", "M6/b"]
    by_unit = {g.unit.name: [d.code for d in g.duties] for g in groups[1:]}
    assert by_unit == {"Yazılım Birimi": ["M7/a", "M7/ç"], "Ağ ve Sistem Birimi": ["M8/a"]}  # M8/b not confirmed
    assert [g.unit.name for g in groups[1:]] == ["Ağ ve Sistem Birimi", "Yazılım Birimi"]  # Turkish order
    assert "Telsiz sistemini" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("IŞIKLANDIRMA", ["M6/b"]),
        ("isiklandirma kamera", ["M6/b"]),
        ("Işıklandırma telsiz", []),
        ("M7/ç", ["M7/ç"]),
        ("m7", ["M7/a", "M7/ç"]),
        ("web sitesi", ["M7/ç"]),
    ],
)
def test_catalogue_search_folds_turkish_and_reads_codes(client_as, make_user, org, confirmed, query, codes):
    response = client_as(make_user("staff", org.software)).get(url("duty_list"), {"q": query})
    assert [d.code for g in response.context["groups"] for d in g.duties] == codes


def test_catalogue_filters_by_unit_with_bounded_queries(
    client_as, make_user, org, confirmed, django_assert_max_num_queries
):
    client = client_as(make_user("staff", org.software))
    client.get(url("duty_list"))
    with django_assert_max_num_queries(15):
        response = client.get(url("duty_list"), {"unit": org.software.pk})
    assert [d.code for g in response.context["groups"] for d in g.duties] == ["M7/a", "M7/ç"]
    assert Unit.objects.filter(name="Ağ ve Sistem Birimi").exists()
    assert Provision.objects.filter(regulation=confirmed, kind="item").count() == 8
