"""The regulation reader on the two real texts and on many hand-made layouts (pure: no database)."""

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilgiislem.organization.regulation_reader import TURKISH_LETTERS, RegulationParseError, item_label, parse

DATA = Path(__file__).resolve().parent.parent / "data" / "regulations"


@pytest.fixture(scope="module")
def korfez() -> dict:
    return parse((DATA / "korfez-bilgi-islem-mudurlugu.txt").read_text("utf-8"))


@pytest.fixture(scope="module")
def karasu() -> dict:
    return parse((DATA / "karasu-bilgi-islem-mudurlugu.txt").read_text("utf-8"))


def article(parsed: dict, number: int) -> dict:
    return next(a for a in parsed["articles"] if a["number"] == number)


def items(parsed: dict, number: int, paragraph: int = 0) -> list[dict]:
    return article(parsed, number)["paragraphs"][paragraph]["items"]


def duties_of(parsed: dict, number: int) -> list[dict]:
    return [d for d in parsed["duties"] if d["article"] == number]


def without_warnings(parsed: dict) -> dict:
    return {k: v for k, v in parsed.items() if k != "warnings"}


# --- the result's shape --------------------------------------------------------------------------------
def test_parse_result_has_the_documented_keys_and_types(korfez):
    assert set(korfez) == {"title", "articles", "units", "duties", "sections", "warnings"}
    for art in korfez["articles"]:
        assert set(art) == {"number", "heading", "paragraphs"}
        assert isinstance(art["number"], int)
        for paragraph in art["paragraphs"]:
            assert set(paragraph) == {"number", "text", "items"}
            for item in paragraph["items"]:
                assert set(item) == {"label", "text"}
    assert all(set(u) == {"name"} for u in korfez["units"])
    assert all(set(d) == {"unit", "article", "label", "text"} for d in korfez["duties"])


def test_item_label_follows_the_turkish_alphabet_then_doubles():
    assert TURKISH_LETTERS == "abcçdefgğhıijklmnoöprsştuüvyz"
    assert [item_label(i) for i in range(29, 33)] == ["aa", "bb", "cc", "çç"]
    assert item_label(58) == "aaa"


# --- Körfez ----------------------------------------------------------------------------------------------
def test_parse_korfez_reads_title_and_21_articles_with_headings(korfez):
    assert korfez["title"] == "KÖRFEZ BELEDİYE BAŞKANLIĞI BİLGİ İŞLEM MÜDÜRLÜĞÜ GÖREV VE ÇALIŞMA YÖNETMELİĞİ"
    assert [a["number"] for a in korfez["articles"]] == list(range(1, 22))
    headings = {a["number"]: a["heading"] for a in korfez["articles"]}
    assert headings[1] == "Amaç"
    assert headings[5] == "Birimler"
    assert headings[6] == "Müdürlüğün Görevleri"  # directly under item d) of Madde 5, no blank line
    assert headings[9] == "İdari İşler Bürosunun Görevleri"
    assert headings[13] == "Bilgi Verme Yasağı"
    assert headings[21] == "Yürütme"


def test_parse_korfez_reads_its_four_sections(korfez):
    assert [(s["number"], s["label"], s["heading"], s["articles"]) for s in korfez["sections"]] == [
        (1, "BİRİNCİ BÖLÜM", "Amaç, Kapsam, Dayanak ve Tanımlar", [1, 2, 3, 4]),
        (2, "İKİNCİ BÖLÜM", "Birimler ve Görevleri", [5, 6, 7, 8, 9, 10]),
        (3, "ÜÇÜNCÜ BÖLÜM", "Müdürlüğün Çalışma Düzeni", [11, 12, 13, 14, 15, 16, 17]),
        (4, "DÖRDÜNCÜ BÖLÜM", "Son Hükümler", [18, 19, 20, 21]),
    ]


def test_parse_korfez_proposes_the_four_sub_units_of_madde_5(korfez):
    assert [u["name"] for u in korfez["units"]] == [
        "Bilgi İşlem Şefliği",
        "Kalite ve Yönetim Sistemleri Şefliği",
        "İdari İşler Bürosu",
        "Elektronik ve Haberleşme Bürosu",
    ]
    assert items(korfez, 5)[0] == {"label": "a", "text": "Müdürlük"}  # read, but not a unit


def test_parse_korfez_gives_madde_6_to_the_directorate_and_madde_7_to_10_to_their_units(korfez):
    per_article = Counter((d["article"], d["unit"]) for d in korfez["duties"])
    assert per_article == {
        (6, None): 33,
        (7, "Bilgi İşlem Şefliği"): 10,
        (8, "Kalite ve Yönetim Sistemleri Şefliği"): 10,
        (9, "İdari İşler Bürosu"): 11,
        (10, "Elektronik ve Haberleşme Bürosu"): 6,
    }
    assert len(korfez["duties"]) == 70


def test_parse_korfez_madde_6_runs_past_z_to_cc(korfez):
    labels = [d["label"] for d in duties_of(korfez, 6)]
    assert labels == [*TURKISH_LETTERS, "aa", "bb", "cc", "çç"]
    first, last = duties_of(korfez, 6)[0], duties_of(korfez, 6)[-1]
    assert first["text"] == (
        "Müdürlüğün faaliyet konularına ilişkin mevzuatı takip etmek ve mevzuatın gereklerini süresi içerisinde "
        "yerine getirmek."
    )
    assert last["text"] == "Başkanlık tarafından verilen diğer görevleri yapmak."


def test_parse_korfez_joins_wrapped_items_and_reads_glued_ones(korfez):
    by_label = {i["label"]: i["text"] for i in items(korfez, 6)}
    assert by_label["d"] == (
        "Müdürlüğe gelen yazı ve dilekçeleri süresi içerisinde cevaplamak. 3071 sayılı kanun gereği; dilekçe "
        "yoluyla yapılan başvurulara 30 gün içinde yazılı bilgi vermek, işlem safahatının duyurulması halinde "
        "alınan sonucu ayrıca bildirmek."
    )
    assert by_label["o"].startswith("Müdürlüklerin ihtiyaç duydukları")  # "o)Müdürlüklerin" in the text
    assert by_label["y"].startswith("Belediyemiz sorumluluğunda")  # " y)" with a leading space


@pytest.mark.parametrize(
    ("number", "count", "first", "last"),
    [
        (
            7,
            10,
            "Belediyemizin yayın organları olan web sitesi ve mobil uygulamasının hemşerilerimiz tarafından "
            "7/24 erişebilir olmasını sağlamak.",
            "Müdürlük tarafından verilen diğer görevleri yapmak.",
        ),
        (
            8,
            10,
            "Kalite Yönetim Sistemleri doğrultusunda kurumumuzun gerekli standartlara ulaştırılmasını sağlamak.",
            "Müdürlük tarafından verilen diğer görevleri yapmak.",
        ),
        (
            9,
            11,
            "Müdürlüğe gelen evrakları kabul edip arşivlemek.",
            "Müdürlük tarafından verilen diğer görevleri yapmak.",
        ),
        (
            10,
            6,
            "Belediyemiz sorumluluğunda olan yerlere güvenlik kameralarının kurulumunu yapmak, yaptırmak, "
            "arızalarını gidermek ve aktif olarak çalışmasını sağlamak.",
            "Müdürlük tarafından verilen diğer görevleri yapmak.",
        ),
    ],
)
def test_parse_korfez_unit_articles_have_their_items(korfez, number, count, first, last):
    duties = duties_of(korfez, number)
    assert len(duties) == count
    assert [d["label"] for d in duties] == list(TURKISH_LETTERS[:count])
    assert (duties[0]["text"], duties[-1]["text"]) == (first, last)


def test_parse_korfez_procedure_articles_give_no_duties(korfez):
    # "Görevlerin İcrası" (11) and "Müdürlük Birimleri Arasında İşbirliği" (14) have items but are not duty lists
    assert {d["article"] for d in korfez["duties"]} == {6, 7, 8, 9, 10}
    assert len(items(korfez, 11)) == 2 and len(items(korfez, 14)) == 5


def test_parse_korfez_reads_numbered_paragraphs(korfez):
    paragraphs = article(korfez, 12)["paragraphs"]
    assert [(p["number"], p["text"]) for p in paragraphs] == [
        (1, "Müdürlükteki iş ve işlemler müdür tarafından planlanır."),
        (
            2,
            "Müdürlükte görevli tüm personel, kendilerine verilen görevleri yasa ve yönetmelikler doğrultusunda "
            "gereken özen ve süratle yapmak zorundadır.",
        ),
    ]
    assert article(korfez, 4)["paragraphs"][0]["items"][0] == {
        "label": "a",
        "text": "Başkan : Körfez Belediye Başkanını,",
    }


def test_parse_korfez_leaves_the_council_footnote_out_with_a_warning(korfez):
    assert article(korfez, 21)["paragraphs"][0]["text"] == (
        "Bu yönetmelik hükümlerini, Körfez Belediye Başkanı ve ilgili müdür yürütür."
    )
    assert [w["line"] for w in korfez["warnings"]] == [280]
    assert "Körfez Belediye Meclisinin" in korfez["warnings"][0]["message"]


# --- Karasu ----------------------------------------------------------------------------------------------
def test_parse_karasu_reads_16_articles_and_six_parts(karasu):
    assert karasu["title"] == (
        "KARASU BELEDİYE BAŞKANLIĞI BİLGİ İŞLEM MÜDÜRLÜĞÜ ÇALIŞMA USUL VE ESASLARINA İLİŞKİN YÖNETMELİK"
    )
    assert [a["number"] for a in karasu["articles"]] == list(range(1, 17))
    assert article(karasu, 6)["heading"] == "BİLGİ İŞLEM MÜDÜRLÜĞÜNÜN GÖREVLERİ"  # also the part's title
    assert article(karasu, 7)["heading"] == "KURULUŞ VE YAPILANMA"  # under the part's own title line
    assert article(karasu, 12)["heading"] == "GELEN GİDEN EVRAKLA İLGİLİ YAPILACAK İŞLEMLER"  # "MADDE 12 –"
    assert article(karasu, 13)["heading"] == "ARŞİVLEME VE DOSYALAMA"  # "MADDE 13 -"
    assert [(s["label"], s["articles"]) for s in karasu["sections"]] == [
        ("BİRİNCİ KISIM", [1, 2, 3, 4, 5]),
        ("İKİNCİ KISIM", [6]),
        ("ÜÇÜNCÜ KISIM", [7]),
        ("DÖRDÜNCÜ KISIM", [8, 9, 10]),
        ("BEŞİNCİ KISIM", [11, 12, 13]),
        ("ALTINCI KISIM", [14, 15, 16]),
    ]
    assert karasu["sections"][2]["heading"] == "BİLGİ İŞLEM MÜDÜRLÜĞÜNÜN KURULUŞU VE YAPILANMASI"
    assert karasu["warnings"] == []


def test_parse_karasu_proposes_the_four_units_of_madde_7_paragraph_4(karasu):
    assert [u["name"] for u in karasu["units"]] == [
        "Teknik Destek Birimi",
        "Sistem Birimi",
        "Kalem Birimi",
        "Yazılım Birimi",
    ]
    paragraphs = article(karasu, 7)["paragraphs"]
    assert [(p["number"], len(p["items"])) for p in paragraphs] == [(1, 0), (2, 0), (3, 0), (4, 4)]
    assert paragraphs[0]["text"].startswith("Bilişim alanında")  # "[bookmark: _GoBack]MADDE 7-" was read


def test_parse_karasu_gives_the_25_duties_of_madde_6_to_the_directorate(karasu):
    duties = karasu["duties"]
    assert len(duties) == 25
    assert {(d["article"], d["unit"]) for d in duties} == {(6, None)}
    assert [d["label"] for d in duties] == list("abcçdefgğhıijklmnoöprsştu")  # a … u, ü v y z unused
    assert duties[0]["text"] == (
        "Karasu Belediyesi'nin E- Devlet projelerindeki bilgi toplumu stratejisi ile entegrasyon sağlayabilmek için "
        "gerekli alt yapıyı oluşturmak."
    )
    assert duties[2]["text"] == (
        "Belediyemizde mevcut bilgisayar sistemleri üzerinde yüklü olan programların bakım, onarım ve "
        "güncelleştirmelerini yapmak veya yaptırmak."
    )
    assert duties[-1]["text"] == (
        "Şehrin muhtelif yerlerine tanıtım, bilgilendirme materyalleri kurmak ve merkezi yönetimini sağlamak."
    )


def test_parse_karasu_leaves_the_director_chief_and_staff_articles_out_of_the_duties(karasu):
    assert [len(items(karasu, n)) for n in (8, 9, 10)] == [15, 8, 12]
    assert not [d for d in karasu["duties"] if d["article"] in (8, 9, 10)]


# --- hand-made layouts -----------------------------------------------------------------------------------
TOPICS = [
    "Ağ altyapısının",
    "Sunucu sistemlerinin",
    "Yedekleme düzeninin",
    "Elektronik imza uygulamalarının",
    "Kurumsal web sitesinin",
    "Mobil uygulamaların",
    "Güvenlik kameralarının",
    "Telefon santrallerinin",
    "Telsiz sisteminin",
    "Araç takip sisteminin",
    "Kablosuz internet noktalarının",
    "Yazılım lisanslarının",
    "Bilgi güvenliği politikasının",
    "Veri tabanlarının",
    "Kullanıcı hesaplarının",
    "Yazıcı ve tarayıcıların",
    "Kiralık data hatlarının",
    "Elektronik belge yönetim sisteminin",
    "Coğrafi bilgi sisteminin",
    "Çağrı merkezi altyapısının",
    "Akıllı şehir uygulamalarının",
    "Tanıtım ekranlarının",
    "Eğitim salonunun",
    "Donanım envanterinin",
    "Arıza kayıtlarının",
    "Destek taleplerinin",
    "Bakım sözleşmelerinin",
    "Siber olay kayıtlarının",
    "Sistem odasının",
    "Felaket kurtarma merkezinin",
    "Kesintisiz güç kaynaklarının",
    "Lisans yenilemelerinin",
]
SECTIONS = {
    1: ("BİRİNCİ BÖLÜM", "Genel Hükümler"),
    3: ("İKİNCİ BÖLÜM", "Birimler ve Görevler"),
    7: ("ÜÇÜNCÜ BÖLÜM", "Son Hükümler"),
}
SAMPLE = [
    (
        1,
        "Amaç",
        [
            (
                1,
                "Bu yönetmeliğin amacı, Örnek Belediyesi Bilgi İşlem Müdürlüğü'nün kuruluş, görev ve "
                "çalışma esaslarını düzenlemektir.",
                [],
            )
        ],
    ),
    (
        2,
        "Kapsam",
        [(1, "Bu yönetmelik, müdürlüğün görev, yetki ve sorumlulukları ile çalışma usul ve esaslarını kapsar.", [])],
    ),
    (
        3,
        "Teşkilat",
        [
            (
                1,
                "Müdürlük teşkilatı aşağıdaki birimlerden oluşur:",
                ["Yazılım Birimi,", "Sistem ve Ağ Şefliği,", "İdari İşler Bürosu."],
            )
        ],
    ),
    (
        4,
        "Müdürlüğün görevleri",
        [
            (
                1,
                "Müdürlüğün görevleri şunlardır:",
                [f"{t} kurulmasını, işletilmesini ve sürekli olarak güncel tutulmasını sağlamak." for t in TOPICS],
            )
        ],
    ),
    (
        5,
        "Sistem ve Ağ Şefliğinin görevleri",
        [
            (
                1,
                "Sistem ve Ağ Şefliğinin görevleri şunlardır:",
                [
                    "Sunucuları izlemek.",
                    "Ağ cihazlarını yapılandırmak.",
                    "Müdür tarafından verilen diğer görevleri yapmak.",
                ],
            )
        ],
    ),
    (6, "Müdürün görevleri", [(1, "Müdür;", ["Müdürlüğü temsil etmek,", "Personelin çalışmasını denetlemek."])]),
    (
        7,
        "Yürürlük",
        [
            (1, "Bu yönetmelik, belediye meclisince kabul edilip ilan edildiği tarihte yürürlüğe girer.", []),
            (2, "Önceki yönetmelik yürürlükten kalkar.", []),
        ],
    ),
    (8, "Yürütme", [(1, "Bu yönetmelik hükümlerini Belediye Başkanı yürütür.", [])]),
]
ARTICLE_STYLES = [
    "MADDE {n} –",
    "MADDE {n}-",
    "Madde {n}-",
    "Madde {n} -",
    "MADDE:{n}",
    "Madde {n}.",
    "MADDE {n}",
    "MADDE {n} —",
    "Madde\u00a0{n}\u00a0–",
    "MADDE {n}\t–",
    "MADDE {n} −",
    "MADDE – {n} –",
]
LAYOUTS = ["before", "after", "after_line", "alone"]


def wrap(text: str, width: int | None) -> list[str]:
    if not width:
        return [text]
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current]


def render(
    style=0, layout="before", glued=False, width=None, articles=SAMPLE, sections=SECTIONS, title=True
) -> list[str]:
    """The sample regulation as lines. ``style``/``layout``/``glued`` may be one value or one per article."""
    out = ["T.C.", "ÖRNEK BELEDİYE BAŞKANLIĞI", "", "BİLGİ İŞLEM MÜDÜRLÜĞÜ YÖNETMELİĞİ", ""] if title else []
    for k, (number, heading, paragraphs) in enumerate(articles):
        art_style = style[k] if isinstance(style, list) else style
        art_layout = layout[k] if isinstance(layout, list) else layout
        art_glued = glued[k] if isinstance(glued, list) else glued
        if number in sections:
            out += ["", *sections[number]]
        prefix = ARTICLE_STYLES[art_style].format(n=number)
        first = []
        for p_number, text, its in paragraphs:
            marker = f"({p_number})" + ("" if art_glued else " ")
            first += wrap(marker + text, width)
            for i, item in enumerate(its):
                first += wrap(f"{item_label(i)})" + ("" if art_glued else " ") + item, width)
        if art_layout == "before":
            out += [heading, f"{prefix} {first[0]}", *first[1:]]
        elif art_layout == "after":
            out += [f"{prefix} {heading}", *first]
        elif art_layout == "after_line":
            out += [prefix, heading, *first]
        else:
            out += [heading, prefix, *first]
    return out


def text_of(lines: list[str], newline="\n") -> str:
    return newline.join(lines) + newline


@pytest.fixture(scope="module")
def sample() -> dict:
    return parse(text_of(render()))


def test_parse_sample_reads_articles_units_duties_and_sections(sample):
    assert sample["title"] == "ÖRNEK BELEDİYE BAŞKANLIĞI BİLGİ İŞLEM MÜDÜRLÜĞÜ YÖNETMELİĞİ"
    assert [(a["number"], a["heading"]) for a in sample["articles"]] == [(n, h) for n, h, _p in SAMPLE]
    assert article(sample, 7)["paragraphs"][1] == {
        "number": 2,
        "text": "Önceki yönetmelik yürürlükten kalkar.",
        "items": [],
    }
    assert [u["name"] for u in sample["units"]] == ["Yazılım Birimi", "Sistem ve Ağ Şefliği", "İdari İşler Bürosu"]
    assert Counter((d["article"], d["unit"]) for d in sample["duties"]) == {
        (4, None): 32,
        (5, "Sistem ve Ağ Şefliği"): 3,
    }
    assert [i["label"] for i in items(sample, 4)][-4:] == ["z", "aa", "bb", "cc"]
    assert [(s["label"], s["heading"], s["articles"]) for s in sample["sections"]] == [
        ("BİRİNCİ BÖLÜM", "Genel Hükümler", [1, 2]),
        ("İKİNCİ BÖLÜM", "Birimler ve Görevler", [3, 4, 5, 6]),
        ("ÜÇÜNCÜ BÖLÜM", "Son Hükümler", [7, 8]),
    ]
    assert sample["warnings"] == []


@pytest.mark.parametrize("style", range(len(ARTICLE_STYLES)), ids=ARTICLE_STYLES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_parse_article_style_and_heading_position_give_the_same_result(sample, style, layout):
    assert without_warnings(parse(text_of(render(style=style, layout=layout)))) == without_warnings(sample)


def test_parse_glued_markers_and_wrapped_lines_give_the_same_result(sample):
    for width in (40, 60, 90):
        lines = render(glued=True, width=width)
        assert any(line.startswith("a)Yazılım") for line in lines)
        assert without_warnings(parse(text_of(lines))) == without_warnings(sample), width


@pytest.mark.parametrize(
    ("name", "convert"),
    [
        ("crlf", lambda t: t.replace("\n", "\r\n")),
        ("cr", lambda t: t.replace("\n", "\r")),
        ("bom", lambda t: "\ufeff" + t),
        ("nbsp", lambda t: t.replace(" ", "\u00a0")),
        ("tabs", lambda t: t.replace(") ", ")\t").replace(" –", "\t–")),
        ("zero-width", lambda t: t.replace("Müdürlük", "Müdür\u200blük").replace("MADDE", "\u200bMADDE")),
        ("soft hyphen in words", lambda t: t.replace("görevleri", "görev\u00adleri")),
        ("smart quotes", lambda t: t.replace("'", "’")),
        ("bullets", lambda t: "\n".join(("• " + ln) if ln[:2] in ("a)", "b)", "c)") else ln for ln in t.split("\n"))),
        ("trailing spaces", lambda t: t.replace("\n", "  \n")),
        ("bookmark", lambda t: t.replace("MADDE 4", "[bookmark: _GoBack]MADDE 4")),
        ("decomposed letters", lambda t: __import__("unicodedata").normalize("NFD", t)),
    ],
)
def test_parse_word_artefacts_are_ignored(sample, name, convert):
    assert without_warnings(parse(convert(text_of(render())))) == without_warnings(sample)


def test_parse_soft_hyphen_at_line_end_joins_the_word():
    text = "MADDE 1 – (1) Görevler şunlardır:\na) Bilgi güvenliğini sağ\u00ad\nlamak ve bilgi\u00ad\nlendirmek.\n"
    assert items(parse(text), 1)[0]["text"] == "Bilgi güvenliğini sağlamak ve bilgilendirmek."


@pytest.mark.parametrize(
    "debris", ["7", "- 7 -", "– 7 –", "Sayfa 3 / 12", "Sayfa 3", "Page 3 of 12", "3/12", "\f", "\f12", "_____", "* * *"]
)
def test_parse_page_debris_between_and_inside_articles_is_dropped(sample, debris):
    lines = render(width=50)
    with_debris = []
    for k, line in enumerate(lines):
        with_debris.append(line)
        if k % 4 == 2:
            with_debris += ["", debris, ""]
    assert without_warnings(parse(text_of(with_debris))) == without_warnings(sample)


def test_parse_page_break_inside_an_item_joins_its_text():
    text = "MADDE 1 – (1) Görevler şunlardır:\na) Ağ altyapısını kurmak\n\n\f\n- 2 -\n\nve işletmek.\nb) Yedek almak.\n"
    assert [i["text"] for i in items(parse(text), 1)] == ["Ağ altyapısını kurmak ve işletmek.", "Yedek almak."]


# --- numbering: repair or refuse ------------------------------------------------------------------------
def numbered(*numbers: int) -> str:
    return "".join(f"Başlık {k}\nMADDE {n} – (1) Metin {k}.\n" for k, n in enumerate(numbers, start=1))


@pytest.mark.parametrize(
    ("numbers", "read_as"),
    [((1, 2, 2, 4), [1, 2, 3, 4]), ((1, 2, 30, 4), [1, 2, 3, 4]), ((1, 2, 4, 5), [1, 2, 4, 5])],
    ids=["duplicate", "typo", "gap"],
)
def test_parse_article_number_mistakes_are_repaired_with_a_warning(numbers, read_as):
    parsed = parse(numbered(*numbers))
    assert [a["number"] for a in parsed["articles"]] == read_as
    assert [w["line"] for w in parsed["warnings"]] == [6]
    assert [a["heading"] for a in parsed["articles"]] == ["Başlık 1", "Başlık 2", "Başlık 3", "Başlık 4"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("   \n\t\n\u00a0\n", 1, "empty"),
        ("\ufeff\r\n\f\r\n", 1, "empty"),
        ("Sayın ilgili,\n\nBu bir dilekçedir.\nGereğini arz ederim.\n", 1, "no article"),
        ("\n\nBir mektup\nmadde işaretli\n", 3, "no article"),
        (numbered(1, 2, 3, 2, 3, 4), 8, "article 2 comes after article 3"),
        (numbered(1, 2, 3, 3, 4), 8, "article 3 comes after article 3"),
        ("MADDE 1 – (1) A.\r\nMADDE 2 – (1) B.\r\n\r\nMADDE 1 – (1) C.\r\nMADDE 1 – (1) D.\r\n", 4, "comes after"),
    ],
    ids=["empty", "blank", "artefacts only", "letter", "lowercase madde", "backwards", "repeated", "crlf"],
)
def test_parse_unreadable_text_raises_with_the_line(text, line, words):
    with pytest.raises(RegulationParseError) as error:
        parse(text)
    assert error.value.line == line
    assert words in error.value.message
    assert f"Satır {line}" in str(error.value) and f"line {line}" in str(error.value)


def test_parse_rejects_bytes():
    with pytest.raises(TypeError):
        parse(b"MADDE 1 - (1) Metin.")


def test_parse_reference_at_line_start_is_not_an_article():
    text = (
        "Amaç\nMADDE 1 – (1) Bu yönetmelik,\nMadde 2 uyarınca çıkarılan yönergeleri ve\n"
        "madde 3 kapsamındaki işleri düzenler.\nKapsam\nMADDE 2 – (1) Kapsam metni.\n"
    )
    parsed = parse(text)
    assert [a["number"] for a in parsed["articles"]] == [1, 2]
    assert article(parsed, 1)["paragraphs"][0]["text"] == (
        "Bu yönetmelik, Madde 2 uyarınca çıkarılan yönergeleri ve madde 3 kapsamındaki işleri düzenler."
    )


def test_parse_heading_wrapped_over_two_lines_is_joined():
    text = "MADDE 1 – (1) Bir.\nDiğer Birim, Kurum ve\nKuruluşlarla Koordinasyon\nMADDE 2 – (1) İki.\n"
    assert article(parse(text), 2)["heading"] == "Diğer Birim, Kurum ve Kuruluşlarla Koordinasyon"


def test_parse_article_without_paragraph_numbers_has_one_unnumbered_paragraph():
    text = "Müdürlüğün görevleri\nMADDE 1 – Müdürlüğün görevleri şunlardır:\na) Ağ kurmak.\nb) Yedek almak.\n"
    parsed = parse(text)
    assert article(parsed, 1) == {
        "number": 1,
        "heading": "Müdürlüğün görevleri",
        "paragraphs": [
            {
                "number": None,
                "text": "Müdürlüğün görevleri şunlardır:",
                "items": [{"label": "a", "text": "Ağ kurmak."}, {"label": "b", "text": "Yedek almak."}],
            }
        ],
    }
    assert [d["label"] for d in parsed["duties"]] == ["a", "b"]


def test_parse_inline_paragraph_marker_after_a_sentence_starts_a_paragraph():
    text = "MADDE 1 – (1) İşler müdürce planlanır. (2) Personel özenle çalışır; (3) numaralı form kullanılır.\n"
    assert [(p["number"], p["text"]) for p in article(parse(text), 1)["paragraphs"]] == [
        (1, "İşler müdürce planlanır."),
        (2, "Personel özenle çalışır;"),
        (3, "numaralı form kullanılır."),
    ]


# --- lettered items -------------------------------------------------------------------------------------
def item_text(*lines: str) -> str:
    return "Görevler\nMADDE 1 – (1) Müdürlüğün görevleri şunlardır:\n" + "\n".join(lines) + "\n"


def test_parse_item_markers_inside_a_sentence_do_not_split_it():
    parsed = parse(
        item_text(
            "a) Kanunun 15 inci maddesinin (b) bendi ile a) ve b) bentlerinde sayılan işleri yapmak.",
            "b) Birinci fıkranın",
            "(c) bendi uyarınca yedek almak.",
            "c) Ağ kurmak.",
        )
    )
    assert [(i["label"], i["text"]) for i in items(parsed, 1)] == [
        ("a", "Kanunun 15 inci maddesinin (b) bendi ile a) ve b) bentlerinde sayılan işleri yapmak."),
        ("b", "Birinci fıkranın (c) bendi uyarınca yedek almak."),
        ("c", "Ağ kurmak."),
    ]


def test_parse_dotless_and_dotted_i_are_items_in_their_turn():
    labels = list("abcçdefgğhıij")
    parsed = parse(item_text(*[f"{label}) Görev {label}." for label in labels]))
    assert [i["label"] for i in items(parsed, 1)] == labels


def test_parse_roman_numerals_do_not_open_a_list():
    parsed = parse(item_text("i) birinci,", "ii) ikinci,", "(iii) üçüncü.", "a) Ağ kurmak."))
    paragraph = article(parsed, 1)["paragraphs"][0]
    assert paragraph["text"] == "Müdürlüğün görevleri şunlardır: i) birinci, ii) ikinci, (iii) üçüncü."
    assert paragraph["items"] == [{"label": "a", "text": "Ağ kurmak."}]


def test_parse_roman_sub_items_stay_inside_their_item():
    parsed = parse(item_text("a) Şunları yapmak:", "i) ağ kurmak,", "ii) yedek almak.", "b) Rapor vermek."))
    assert items(parsed, 1) == [
        {"label": "a", "text": "Şunları yapmak: i) ağ kurmak, ii) yedek almak."},
        {"label": "b", "text": "Rapor vermek."},
    ]


def test_parse_parenthesised_labels_are_items():
    parsed = parse(item_text("(a) Ağ kurmak.", "(b) Yedek almak.", "(c) Rapor vermek."))
    assert [i["label"] for i in items(parsed, 1)] == ["a", "b", "c"]


def test_parse_latin_alphabet_labels_are_kept_with_a_warning():
    parsed = parse(item_text(*[f"{label}) Görev." for label in "abcdefghij"]))
    assert [i["label"] for i in items(parsed, 1)] == list("abcdefghij")
    assert len(parsed["warnings"]) == 3  # ç, ğ and ı skipped


def test_parse_labels_typed_without_turkish_letters_are_read_as_turkish():
    typed = ["a", "b", "c", "c", "d", "e", "f", "g", "g", "h", "i", "i", "j"]
    parsed = parse(item_text(*[f"{label}) Görev {k}." for k, label in enumerate(typed)]))
    assert [i["label"] for i in items(parsed, 1)] == list("abcçdefgğhıij")
    assert [i["text"] for i in items(parsed, 1)][3] == "Görev 3."


def test_parse_out_of_order_label_continues_the_item():
    parsed = parse(item_text("a) Ağ kurmak.", "b) Yedek almak.", "f) Bu satır sıranın dışında.", "c) Rapor vermek."))
    assert [i["label"] for i in items(parsed, 1)] == ["a", "b", "c"]
    assert items(parsed, 1)[1]["text"] == "Yedek almak. f) Bu satır sıranın dışında."


def test_parse_items_of_each_paragraph_start_again_at_a():
    text = (
        "Müdürlüğün görev ve yetkileri\nMADDE 1 – (1) Müdürlüğün görevleri şunlardır:\na) Ağ kurmak.\n"
        "b) Yedek almak.\n"
        "(2) Müdürlüğün yetkileri şunlardır:\na) İmza atmak.\n"
    )
    parsed = parse(text)
    assert [[i["label"] for i in p["items"]] for p in article(parsed, 1)["paragraphs"]] == [["a", "b"], ["a"]]
    assert [(d["label"], d["text"]) for d in parsed["duties"]] == [
        ("a", "Ağ kurmak."),
        ("b", "Yedek almak."),
        ("a", "İmza atmak."),
    ]


# --- units and duties, generic rules --------------------------------------------------------------------
def test_parse_duty_heading_naming_an_unlisted_unit_adds_it():
    text = (
        "Birimler\nMADDE 1 – (1) Müdürlük teşkilatı şu birimlerden oluşur:\na) Yazılım Birimi\n"
        "b) Destek Servisi\nDONANIM BÜROSUNUN GÖREVLERİ\nMADDE 2 – (1) Büro;\na) Bilgisayarları onarmak.\n"
        "Destek Servisinin görevleri\nMADDE 3 – (1) Servis;\na) Talepleri karşılamak.\n"
    )
    parsed = parse(text)
    assert [u["name"] for u in parsed["units"]] == ["Yazılım Birimi", "Destek Servisi", "Donanım Bürosu"]
    assert [(d["article"], d["unit"]) for d in parsed["duties"]] == [(2, "Donanım Bürosu"), (3, "Destek Servisi")]


@pytest.mark.parametrize(
    "heading",
    [
        "Müdürün görevleri",
        "Şeflerin görev, yetki ve sorumlulukları",
        "Personelin görevleri",
        "MÜDÜR YARDIMCISININ GÖREVLERİ",
        "Birim Sorumlusunun görevleri",
        "Memurların görevleri",
    ],
)
def test_parse_personal_duty_articles_are_not_catalogue_duties(heading):
    text = f"{heading}\nMADDE 1 – (1) Görevleri şunlardır:\na) Denetlemek.\nb) Raporlamak.\n"
    parsed = parse(text)
    assert len(items(parsed, 1)) == 2
    assert parsed["duties"] == []


@pytest.mark.parametrize(
    ("heading", "duty"),
    [
        ("Müdürlüğün görevleri", True),
        ("Görev, yetki ve sorumluluklar", True),
        ("Görevler", True),
        ("Görevlerin icrası", False),
        ("Tanımlar", False),
        ("Müdürlük birimleri arasında işbirliği", False),
    ],
)
def test_parse_duty_articles_are_recognised_by_their_heading(heading, duty):
    parsed = parse(f"{heading}\nMADDE 1 – (1) Şöyle:\na) Birinci iş.\nb) İkinci iş.\n")
    assert bool(parsed["duties"]) is duty


def test_parse_units_in_capitals_are_proposed_in_title_case():
    text = (
        "KURULUŞ VE YAPILANMA\nMADDE 1 – (1) Müdürlük bünyesinde şu birimler görev yapar:\n"
        "a) TEKNİK DESTEK VE DONANIM BİRİMİ,\nb) BİLGİ İŞLEM ŞEFLİĞİ.\n"
    )
    assert [u["name"] for u in parse(text)["units"]] == ["Teknik Destek ve Donanım Birimi", "Bilgi İşlem Şefliği"]


def test_parse_definitions_are_not_units():
    text = "Tanımlar\nMADDE 1 – (1) Bu yönetmelikte geçen;\na) Büro Sorumlusu: Bürolardan sorumlu personeli,\n"
    assert parse(text)["units"] == []


# --- property: the layout does not change what is read ---------------------------------------------------
DEBRIS = ["", "", "", "12", "- 3 -", "Sayfa 2 / 9", "\f", "   ", "\u00a0"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    styles=st.lists(st.integers(0, len(ARTICLE_STYLES) - 1), min_size=len(SAMPLE), max_size=len(SAMPLE)),
    layouts=st.lists(st.sampled_from(LAYOUTS), min_size=len(SAMPLE), max_size=len(SAMPLE)),
    glued=st.lists(st.booleans(), min_size=len(SAMPLE), max_size=len(SAMPLE)),
    width=st.sampled_from([None, 45, 70, 100]),
    insertions=st.lists(st.tuples(st.integers(0, 400), st.sampled_from(DEBRIS)), max_size=25),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_parse_reformatting_gives_the_same_parse(sample, styles, layouts, glued, width, insertions, newline):
    lines = render(style=styles, layout=layouts, glued=glued, width=width)
    for position, debris in sorted(insertions, reverse=True):
        lines.insert(min(position, len(lines)), debris)
    assert without_warnings(parse(text_of(lines, newline))) == without_warnings(sample)
