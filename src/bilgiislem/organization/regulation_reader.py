"""Regulation reader: a pure parser from the text of a Turkish regulation (yönetmelik) to its structure.

``parse(text)`` returns::

    {"title": str,
     "articles": [{"number": int, "heading": str | None,
                   "paragraphs": [{"number": int | None, "text": str, "items": [{"label": str, "text": str}]}]}],
     "units": [{"name": str}],
     "duties": [{"unit": str | None, "article": int, "label": str, "text": str}],
     "sections": [{"number": int, "label": str, "heading": str, "articles": [int]}],  # BİRİNCİ BÖLÜM ...
     "warnings": [{"line": int, "message": str}]}                                    # repairs, for the preview

and raises ``RegulationParseError`` (with the 1-based ``line``) for a text it cannot read: an empty text, a
text without articles, or article numbers that go backwards in a way that cannot be repaired.

No ORM and no Django: the reader is used by the import screen, the API, the ``regulation_import`` command and
the demo, and is tested on plain strings.

Reading rules
-------------
* Clean-up: BOM, zero-width and other format characters, soft hyphens (a soft hyphen at the end of a line joins
  the next line without a space), non-breaking and other spaces, tabs, smart quotes, ``\\r\\n``/``\\r``, form
  feeds and vertical tabs (page and line breaks from Word), bullet characters in front of a line and converter
  markers such as ``[bookmark: _GoBack]``. Page debris is dropped: a line that is only a number, ``- 3 -``,
  ``3/12``, ``Sayfa 3 / 12``, ``Page 3 of 12`` or only separator characters. A line starting with ``*`` is a
  footnote (e.g. the council decision under the text): it is left out and reported as a warning.
* Articles: a line starting with ``MADDE``/``Madde`` and a number, in any of the usual shapes (``MADDE 6 –``,
  ``Madde 6-``, ``MADDE:6``, ``Madde 6.``, ``MADDE 6`` alone, en/em dashes). The numbers must follow each other;
  one wrong number between two right ones (5, 5, 7 or 5, 16, 7) is repaired, a gap is accepted with a warning,
  anything else going backwards is an error. A lower-case ``madde 7`` or ``Madde 7 uyarınca`` at the start of a
  wrapped line is only an article if it is the expected next number and looks like one.
* Headings: the short line(s) just above the article line (a heading never ends with ``.``, ``;`` or ``,``), or
  the text after the number / the next line when no heading stands above and a paragraph follows. Under a
  section header (``İKİNCİ BÖLÜM``, ``ÜÇÜNCÜ KISIM``) the lines up to the article are split into the section's
  title and the article's heading (blank lines separate them; without one the first line is the section title).
* Paragraphs ``(1)``, ``(2)`` … and lettered items ``a)`` … ``z)``, ``aa)`` … in the Turkish alphabet
  (a b c ç d e f g ğ h ı i j k l m n o ö p r s ş t u ü v y z). Markers only count at the start of a line (so a
  sentence with ``(b) bendi`` or ``a)`` inside is not split), glued ones (``o)Müdürlüklerin``) included, and
  only if they continue the sequence (up to two letters may be skipped, with a warning). A repeated ``c``, ``g``,
  ``o``, ``s``, ``u`` is read as ``ç``, ``ğ``, ``ö``, ``ş``, ``ü`` and ``h, i, i`` as ``h, ı, i`` (text typed
  without Turkish letters). So ``i)`` after ``h)`` or ``ı)`` is an item, while ``i)``/``(i)``/``ii)`` opening a
  list or out of sequence (roman numbering) stays text. A paragraph marker inside a line is honoured only after
  ``.``/``;``/``:`` and when it is the expected next number. Lines that wrap are joined with one space.
* Units: an article about the organisation (its heading or paragraph speaks of teşkilat, birimler, kuruluş,
  yapılanma or organizasyon) whose lettered items are short names ending in a unit word (Şefliği, Bürosu,
  Birimi, Servisi, Şubesi, Merkezi, Ekibi, Kalemi, Masası, Amirliği, Koordinatörlüğü, Sorumlusu). Items such as
  ``a) Müdürlük`` (the directorate itself) are not units.
* Duties: the lettered items of every article whose heading (or, without a heading, its paragraph text) speaks
  of duties: ``… görevleri``, ``görevler``, ``görev, yetki ve sorumlulukları`` (``Görevlerin icrası`` does
  not). The duty's unit is the unit whose name the heading/paragraph names (``Bilgi İşlem Şefliğinin
  görevleri`` → ``Bilgi İşlem Şefliği``; the longest match wins); a heading that names a unit missing from the
  organisation article (``Yazılım Biriminin görevleri``) adds that unit. Otherwise the unit is ``None``: a
  duty of the directorate as a whole. Articles about a person's own duties — the director's, a chief's, the
  staff's (``Müdürün görevleri``, ``Şeflerin görev, yetki ve sorumluluğu``, ``Diğer personelin …``) — are not
  duties of the catalogue: they describe posts, not the work the directorate and its units deliver.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bilgiislem.core.turkish import search_key, tr_lower, tr_title, tr_upper

__all__ = ["TURKISH_LETTERS", "RegulationParseError", "item_label", "parse"]

TURKISH_LETTERS = "abcçdefgğhıijklmnoöprsştuüvyz"


def item_label(index: int) -> str:
    """The label of the ``index``-th item (0-based): a … z, then aa … zz, then aaa …"""
    return TURKISH_LETTERS[index % len(TURKISH_LETTERS)] * (index // len(TURKISH_LETTERS) + 1)


_LABEL_INDEX = {item_label(i): i for i in range(len(TURKISH_LETTERS) * 3)}
_ASCII_TWIN = {"c": "ç", "g": "ğ", "o": "ö", "s": "ş", "u": "ü"}
_MAX_SKIP = 2


class RegulationParseError(ValueError):
    """The text cannot be read as a regulation. ``message`` is Turkish / English, ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"Satır {self.line} / line {self.line}: {self.message}"


def _msg(tr: str, en: str) -> str:
    return f"{tr} / {en}"


# --- clean-up ------------------------------------------------------------------------------------------
_PHYSICAL_BREAK = re.compile(r"\r\n|\r|\n")
_LOGICAL_BREAK = re.compile(r"[\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
_ARTEFACT = re.compile(r"\[(?:bookmark|anchor|image|footnote-ref)\b[^\]]*\]", re.I)
_SPACES = re.compile(r"[^\S\r\n]+")
_QUOTES = str.maketrans("‘’‚‛′`“”„‟″«»\u2010\u2011", '\'\'\'\'\'\'"""""""--')  # smart quotes, hyphens
_BULLET = re.compile(r"^[•◦▪▫●○■□►▸▹‣⁃∙·❖➢➤✓✔→⇒\uf0a7\uf0b7\uf0d8\uf076\uf0fc\uf0e8\uf06e\uf02d]+\s*")
_DEBRIS = re.compile(
    r"\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*/\s*\d{1,4}|\d{1,4} of \d{1,4}"
    r"|(?:sayfa|page|sf\.?|s\.)\s*:?\s*\d{1,4}(?:\s*(?:/|of|'?(?:den|dan|ten|tan))\s*\d{1,4})?"
    r"|[\W_]+"
)


@dataclass
class _Line:
    no: int  # 1-based line number in the original text
    text: str  # cleaned, whitespace collapsed; "" for a blank line
    glue: bool = False  # the line ended with a soft hyphen: the next line continues the word


def _clean(raw: str) -> tuple[str, bool]:
    text = unicodedata.normalize("NFC", _ARTEFACT.sub("", raw))
    glue = text.rstrip().endswith("\u00ad")
    chars = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch == "\t":
            chars.append(" ")
        elif category in ("Cf", "Cc", "Co") and not _BULLET.match(ch):
            continue  # BOM, zero-width characters, soft hyphens, control characters
        else:
            chars.append(ch)
    text = "".join(chars).translate(_QUOTES)
    text = _BULLET.sub("", _SPACES.sub(" ", text).strip())
    return text.strip(), glue


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    for no, physical in enumerate(_PHYSICAL_BREAK.split(text), start=1):
        for raw in _LOGICAL_BREAK.split(physical):
            cleaned, glue = _clean(raw)
            if cleaned and _DEBRIS.fullmatch(search_key(cleaned)):
                continue  # page number or separator
            lines.append(_Line(no, cleaned, glue and bool(cleaned)))
    return lines


# --- line shapes ---------------------------------------------------------------------------------------
_ARTICLE = re.compile(
    r"^(?P<kw>madde)\s*(?:[:.\-–—−‒―]\s*)?(?P<num>\d{1,3})(?![\d/.,]\d)(?!\s*/\s*[a-zA-Z]\b)"
    r"\s*(?P<sep>[:.\-–—−‒―)]+)?\s*(?P<rest>.*)$",
    re.I,
)
_PARAGRAPH = re.compile(r"^\(\s*(?P<num>\d{1,2})\s*\)\s*(?P<rest>.*)$")
_L = "[abcçdefgğhıijklmnoöprsştuüvyz]"
_ITEM = re.compile(
    rf"^(?:\(\s*(?P<paren>{_L}{{1,3}})\s*\)|(?P<close>{_L}{{1,3}})\s*\)|(?P<dot>{_L}{{1,2}})\.(?=\s))\s*(?P<rest>.*)$"
)
_ORDINALS = {
    word: n + 1
    for n, word in enumerate(
        ["birinci", "ikinci", "ucuncu", "dorduncu", "besinci", "altinci", "yedinci", "sekizinci", "dokuzuncu", "onuncu"]
    )
} | {"yirminci": 20}
_TENS = {"on": 10, "yirmi": 20}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_SECTION_WORD = r"(?:bolum|kisim)"


@dataclass
class _Header:
    index: int
    number: int
    strength: str  # "strong" | "medium" | "weak"
    rest: str


def _match_article(text: str) -> tuple[int, str, str] | None:
    """(number, strength, rest) for a line that may start an article."""
    m = _ARTICLE.match(text)
    if not m:
        return None
    capital = m["kw"] in ("MADDE", "Madde")
    rest, sep = m["rest"].strip(), m["sep"] or ""
    if capital and (sep or not rest or rest.startswith("(")):
        strength = "strong"
    elif capital and rest[:1].isupper():
        strength = "medium"  # "Madde 6 Müdürlüğün görevleri": heading after the number, no dash
    elif not capital and sep and sep[0] in ":-–—−‒―":
        strength = "weak"
    else:
        return None
    return int(m["num"]), strength, rest


def _ordinal(word: str) -> int | None:
    if word in _ORDINALS:
        return _ORDINALS[word]
    for prefix, value in _TENS.items():
        if word.startswith(prefix) and word[len(prefix) :] in _ORDINALS and _ORDINALS[word[len(prefix) :]] < 10:
            return value + _ORDINALS[word[len(prefix) :]]
    return None


def _match_section(text: str) -> tuple[int | None, str, str] | None:
    """(number, label, rest) for a section header such as ``İKİNCİ BÖLÜM`` or ``BÖLÜM 2``."""
    words = text.split()
    if not words or len(words) > 12 or not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return None
    folded = [search_key(w).strip(":.-–—") for w in words]
    number, used = None, 0
    if len(folded) >= 2 and re.fullmatch(_SECTION_WORD, folded[1]):
        number = _ordinal(folded[0]) or (int(folded[0]) if folded[0].isdigit() else None)
        used = 2
    elif len(folded) >= 3 and re.fullmatch(_SECTION_WORD, folded[2]) and folded[0] in _TENS:
        unit = _ORDINALS.get(folded[1])
        number = _TENS[folded[0]] + unit if unit and unit < 10 else None
        used = 3
    elif len(folded) >= 2 and re.fullmatch(_SECTION_WORD, folded[0]):
        token = folded[1]
        number = int(token) if token.isdigit() else _ROMAN.get(token) or _ordinal(token)
        used = 2
    if number is None:
        return None
    label = " ".join(words[:used]).strip(":.-–— ")
    rest = " ".join(words[used:]).strip(":.-–— ")
    return number, label, rest


def _match_item(text: str) -> tuple[str, str, str] | None:
    """(label, style, rest) for a line starting with a lettered-item marker (the sequence is checked later)."""
    m = _ITEM.match(text)
    if not m:
        return None
    style = next(s for s in ("paren", "close", "dot") if m[s])
    label = m[style]
    if len(set(label)) != 1 or label not in _LABEL_INDEX:
        return None
    rest = m["rest"].strip()
    if style == "dot" and not rest:
        return None
    if search_key(rest).startswith(("bend", "fikra", "alt bend")):
        return None  # "a) bendi uyarınca …": a reference at the start of a wrapped line
    return label, style, rest


_CONJUNCTIONS = {"ve", "ile", "veya", "ya", "da", "de", "ilgili", "için", "ilişkin", "dair", "göre", "olan"}


def _plain(line: _Line) -> bool:
    text = line.text
    return bool(text) and not (
        _match_article(text)
        or _match_section(text)
        or _PARAGRAPH.match(text)
        or _match_item(text)
        or text.startswith("*")
    )


def _short(text: str) -> bool:
    return len(text) <= 120 and len(text.split()) <= 14


def _heading_like(text: str) -> bool:
    """A line that can be (the last line of) a heading: short, no sentence end, starts with a capital."""
    text = text.rstrip(":").strip()
    return bool(text) and _short(text) and text[-1] not in ".;,!?" and text[0].isupper()


def _wraps_into(upper: str, lower: str) -> bool:
    """Whether ``lower`` continues the heading line ``upper`` (a heading wrapped over two lines)."""
    if not _short(upper) or upper[-1] in ".;:!?":
        return False
    last_word = tr_lower(upper.split()[-1]).strip(",")
    return lower[:1].islower() or upper.endswith(",") or last_word in _CONJUNCTIONS


# --- the reader ----------------------------------------------------------------------------------------
@dataclass
class _Section:
    index: int
    number: int
    label: str
    heading: str
    articles: list[int] = field(default_factory=list)


class _Reader:
    def __init__(self, text: str):
        self.lines = _lines(text)
        self.warnings: list[dict] = []

    def warn(self, line: int, tr: str, en: str) -> None:
        self.warnings.append({"line": line, "message": _msg(tr, en)})

    # article lines and their numbering
    def headers(self) -> list[_Header]:
        candidates = []
        for index, line in enumerate(self.lines):
            found = _match_article(line.text) if line.text else None
            if found:
                candidates.append(_Header(index, *found))
        accepted: list[_Header] = []
        last: int | None = None
        for k, cand in enumerate(candidates):
            number, no = cand.number, self.lines[cand.index].no
            if last is None:
                if cand.strength != "strong" and number != 1:
                    continue
                if number != 1:
                    self.warn(no, f"İlk madde {number} numaralı", f"the first article is numbered {number}")
            elif number != last + 1:
                if cand.strength != "strong":
                    continue  # "Madde 5 uyarınca …" at the start of a wrapped line: text
                following = next((c.number for c in candidates[k + 1 :] if c.strength == "strong"), None)
                if following == last + 2:
                    self.warn(
                        no,
                        f"Madde {number}, Madde {last + 1} olarak okundu",
                        f"article {number} was read as article {last + 1}",
                    )
                    number = last + 1
                elif number > last + 1:
                    self.warn(
                        no, f"Madde {last + 1}–{number - 1} bulunamadı", f"articles {last + 1}–{number - 1} are missing"
                    )
                else:
                    raise RegulationParseError(
                        _msg(
                            f"Madde {number}, Madde {last} sonrasında geliyor; madde numaraları geriye gidiyor "
                            "veya tekrarlanıyor",
                            f"article {number} comes after article {last}; the article numbers go backwards or repeat",
                        ),
                        no,
                    )
            cand.number = number
            accepted.append(cand)
            last = number
        return accepted

    def heading_before(self, header: int, floor: int) -> tuple[int, list[int]]:
        """(first line index of the heading block, heading line indexes) for the article line ``header``."""
        lines = self.lines
        i = header - 1
        while i >= floor and not lines[i].text:
            i -= 1
        if i < floor or not _plain(lines[i]) or not _short(lines[i].text) or lines[i].text.rstrip(":")[-1] in ".;,!?":
            return header, []
        if i - 1 >= floor and lines[i - 1].glue:
            return header, []  # the line above ends with a soft hyphen: this is the rest of its word
        block = [i]
        while i - 1 >= floor and _plain(lines[i - 1]) and _wraps_into(lines[i - 1].text, lines[i].text):
            i -= 1
            block.insert(0, i)
        if not lines[block[0]].text[0].isupper():
            return header, []
        return block[0], block

    def heading_under_section(self, section: int, header: int, own_title: bool) -> tuple[list[int], list[int]]:
        """Split the lines between a section header and an article line into (section title, article heading)."""
        region = [i for i in range(section + 1, header) if self.lines[i].text]
        if not region:
            return [], []
        if own_title or not all(_plain(self.lines[i]) and _heading_like(self.lines[i].text) for i in region):
            start, block = self.heading_before(header, section + 1)
            return [i for i in region if i < start], block
        groups: list[list[int]] = [[]]
        for i in range(section + 1, header):
            if self.lines[i].text:
                groups[-1].append(i)
            elif groups[-1]:
                groups.append([])
        groups = [g for g in groups if g]
        if len(groups) >= 2:
            return [i for g in groups[:-1] for i in g], groups[-1]
        if len(region) >= 2:
            return region[:1], region[1:]
        return region, region

    def read(self) -> dict:
        lines = self.lines
        first = next((line for line in lines if line.text), None)
        if first is None:
            raise RegulationParseError(_msg("Metin boş", "the text is empty"), 1)
        headers = self.headers()
        if not headers:
            raise RegulationParseError(
                _msg(
                    'Metinde madde bulunamadı (ör. "MADDE 1 –" ile başlayan satır)',
                    'no article found (a line starting with e.g. "MADDE 1 –")',
                ),
                first.no,
            )
        section_at = {}
        for index, line in enumerate(lines):
            found = _match_section(line.text) if line.text else None
            if found and not _match_article(line.text):
                section_at[index] = found

        # heading block of each article (and the section headers above it); the article before ends there
        starts, headings, afters, sections = [], [], [], []
        for k, header in enumerate(headers):
            floor = headers[k - 1].index + 1 if k else 0
            limit = headers[k + 1].index if k + 1 < len(headers) else len(lines)
            after = self.heading_after(header, lines[header.index + 1 : limit])
            afters.append(after)
            above = sorted(i for i in section_at if floor <= i < header.index)
            for n, index in enumerate(above[:-1]):  # a section header with no article of its own
                number, label, rest = section_at[index]
                sections.append(_Section(index, number, label, rest or self.join(range(index + 1, above[n + 1]))))
            if above:
                number, label, rest = section_at[above[-1]]
                if after[0] is not None:  # everything between the section header and the article is its title
                    title = block = [i for i in range(above[-1] + 1, header.index)]
                else:
                    title, block = self.heading_under_section(above[-1], header.index, bool(rest))
                sections.append(_Section(above[-1], number, label, rest or self.join(title or block)))
                start = above[0]
            else:
                start, block = self.heading_before(header.index, floor)
                if k and not headers[k - 1].rest and not any(line.text for line in lines[floor:start]):
                    start, block = header.index, []  # "MADDE 20\nBu yönetmelik … girer\nMADDE 21": 20's text
                if block and after[0] is not None:
                    left_out = self.join(block)[:80].strip()
                    self.warn(
                        lines[block[0]].no,
                        "Maddeler arasındaki satır alınmadı: " + left_out,
                        "line between articles left out: " + left_out,
                    )
            starts.append(start)
            if after[0] is not None:
                headings.append(after[0])
            else:
                headings.append(self.join(block).rstrip(":").strip() if block else None)
            if sections:
                sections[-1].articles.append(header.number)

        articles = []
        for k, header in enumerate(headers):
            end = starts[k + 1] if k + 1 < len(headers) else len(lines)
            articles.append(self.article(header, headings[k], afters[k], end))
        units = _units(articles)
        duties = _duties(articles, units)
        return {
            "title": self.title(starts[0]),
            "articles": articles,
            "units": [{"name": name} for name in units],
            "duties": duties,
            "sections": [
                {"number": s.number, "label": s.label, "heading": s.heading, "articles": s.articles} for s in sections
            ],
            "warnings": self.warnings,
        }

    def join(self, indexes) -> str:
        return _join([self.lines[i] for i in indexes])

    def title(self, end: int) -> str:
        parts = []
        for line in self.lines[:end]:
            text = line.text
            if not text or search_key(text).replace(" ", "") == "t.c." or text.startswith("*"):
                continue
            if len(text) > 200:
                break
            parts.append(line)
        return _join(parts)

    def heading_after(self, header: _Header, body: list[_Line]) -> tuple[str | None, str, int]:
        """(heading, rest of the article line, body lines to skip) for a heading written after the number:
        ``MADDE 6 – Müdürlüğün görevleri`` or ``MADDE 6`` / ``Müdürlüğün görevleri``, then ``(1) …``."""
        rest = header.rest
        content = [(i, line) for i, line in enumerate(body) if line.text]

        def opens_body(position: int) -> bool:
            if position >= len(content):
                return False
            line = content[position][1]
            m = _PARAGRAPH.match(line.text)
            return bool(m and m["num"] == "1") or (_plain(line) and line.text[0].isupper())

        if rest:
            inline = re.match(r"^(?P<h>[^()]{2,120}?)\s*[-–—:]?\s*(?P<p>\(\s*1\s*\).*)$", rest)
            if inline and _heading_like(inline["h"]):
                return inline["h"].rstrip(":").strip(), inline["p"], 0
            if not _PARAGRAPH.match(rest) and not _match_item(rest) and _heading_like(rest) and opens_body(0):
                return rest.rstrip(":").strip(), "", 0
            return None, rest, 0
        if content and _plain(content[0][1]) and _heading_like(content[0][1].text) and opens_body(1):
            return content[0][1].text.rstrip(":").strip(), "", content[0][0] + 1
        return None, rest, 0

    def article(self, header: _Header, heading: str | None, after: tuple[str | None, str, int], end: int) -> dict:
        """One article: its paragraphs and lettered items."""
        header_line = self.lines[header.index]
        _after_heading, rest, skip = after
        body = self.lines[header.index + 1 + skip : end]
        if heading is not None and rest and search_key(rest.rstrip(":")) == search_key(heading):
            rest = ""  # the heading repeated after the number
        builder = _ArticleBuilder(self, header.number)
        if rest:
            builder.add(_Line(header_line.no, rest, header_line.glue))
        for line in body:
            builder.add(line)
        paragraphs = builder.result()
        if not paragraphs:
            self.warn(header_line.no, f"Madde {header.number} boş", f"article {header.number} is empty")
        return {"number": header.number, "heading": heading, "paragraphs": paragraphs}


def _join(lines: list[_Line]) -> str:
    text = ""
    glue = False
    for line in lines:
        if not line.text:
            continue
        text = text + line.text if glue or not text else f"{text} {line.text}"
        glue = line.glue
    return text.strip()


_INLINE_PARAGRAPH = r"(?<=[.;:])\s+\(\s*{n}\s*\)\s*"


class _ArticleBuilder:
    """Paragraphs and items of one article, line by line."""

    def __init__(self, reader: _Reader, number: int):
        self.reader = reader
        self.number = number
        self.paragraphs: list[dict] = []
        self.target: dict | None = None  # the paragraph or item the next plain line continues
        self.glue = False

    def paragraph(self, number: int | None) -> dict:
        para = {"number": number, "text": "", "items": [], "_last": None, "_style": None, "_skipped": None}
        self.paragraphs.append(para)
        self.target = para
        self.glue = False
        return para

    def next_paragraph_number(self) -> int | None:
        if not self.paragraphs:
            return 1
        current = self.paragraphs[-1]["number"]
        return current + 1 if current is not None else None

    def add(self, line: _Line) -> None:
        text = line.text
        if not text:
            return
        if text.startswith("*"):
            note = text[:80].strip()
            self.reader.warn(line.no, "Dipnot metne alınmadı: " + note, "footnote left out: " + note)
            return
        m = _PARAGRAPH.match(text)
        expected = self.next_paragraph_number()
        if m and (int(m["num"]) == expected or (expected is None and m["num"] == "1")):
            current = self.paragraphs[-1] if self.paragraphs else None
            if current is not None and current["number"] is None and not current["text"] and not current["items"]:
                current["number"] = int(m["num"])
                self.target = current
            else:
                self.paragraph(int(m["num"]))
            self.add_text(line, m["rest"])
            return
        item = _match_item(text)
        if item and self.add_item(line, *item):
            return
        self.add_text(line, text)

    def add_text(self, line: _Line, text: str) -> None:
        """Append text to the current paragraph or item, splitting at an inline ``(n)`` marker."""
        expected = self.next_paragraph_number()
        if expected is not None and self.paragraphs:
            split = re.search(_INLINE_PARAGRAPH.format(n=expected), text)
            if split:
                self.append(line, text[: split.start()])
                self.paragraph(expected)
                self.add_text(line, text[split.end() :])
                return
        self.append(line, text)

    def append(self, line: _Line, text: str) -> None:
        text = text.strip()
        if self.target is None:
            self.paragraph(None)
        target = self.target
        if text:
            if not target["text"]:
                target["text"] = text
            elif self.glue:
                target["text"] += text
            else:
                target["text"] += " " + text
        self.glue = line.glue

    def add_item(self, line: _Line, label: str, style: str, rest: str) -> bool:
        para = self.paragraphs[-1] if self.paragraphs else None
        index = _LABEL_INDEX[label]
        last = para["_last"] if para else None
        if last is None or para["_style"] != style:
            if index != 0 or (para is not None and para["items"]):
                return False
            if para is None:
                para = self.paragraph(None)
            para["_style"] = style
        elif index == last and label[0] in _ASCII_TWIN:
            label = _ASCII_TWIN[label[0]] * len(label)  # "c) … c)" typed without Turkish letters: c, ç
            index = _LABEL_INDEX[label]
            self.reader.warn(line.no, f"{label}) olarak okundu", f"read as {label})")
        elif index == last and label[0] == "i" and para["_skipped"] == _LABEL_INDEX["ı" * len(label)]:
            para["items"][-1]["label"] = "ı" * len(label)  # "h) i) i)": the first i was an ı
            self.reader.warn(line.no, "Önceki bent ı) olarak okundu", "the previous item was read as ı)")
        elif not (last < index <= last + 1 + _MAX_SKIP):
            return False
        para["_skipped"] = None
        if para["_last"] is not None and index > para["_last"] + 1:
            missing = ", ".join(item_label(i) for i in range(para["_last"] + 1, index))
            para["_skipped"] = para["_last"] + 1 if index == para["_last"] + 2 else None
            self.reader.warn(
                line.no,
                f"Madde {self.number}: atlanan bent {missing}",
                f"article {self.number}: item(s) {missing} skipped",
            )
        para["_last"] = index
        item = {"label": label, "text": ""}
        para["items"].append(item)
        self.target = item
        self.glue = False
        self.append(line, rest)
        return True

    def result(self) -> list[dict]:
        return [
            {"number": p["number"], "text": p["text"], "items": [dict(i) for i in p["items"]]}
            for p in self.paragraphs
            if p["text"] or p["items"] or p["number"] is not None
        ]


# --- units and duties ----------------------------------------------------------------------------------
_UNIT_WORDS = (
    "sefligi",
    "burosu",
    "birimi",
    "servisi",
    "subesi",
    "merkezi",
    "ekibi",
    "kalemi",
    "masasi",
    "amirligi",
    "koordinatorlugu",
    "sorumlusu",
)
_ORG_WORDS = re.compile(r"\bteskilat|\bbirimler|\bkurulus(?:u|unu)?\b|\byapilanma|\borganizasyon|\borgut")
_DUTY_WORDS = re.compile(r"\bgorevleri\b|\bgorevler\b|\bgorev,? (?:ve )?yetki|\bgorev ve sorumluluk")
_PERSON_WORDS = re.compile(
    r"\b(?:mudur(?:u|un|unun|e|ler\w*)?|mudur yardimcisi\w*|sef(?:i|in|inin|e|ler\w*)?|personel\w*|memur\w*"
    r"|calisan\w*|amir(?:i|in|inin|ler\w*)?|uzman\w*|teknisyen\w*|tekniker\w*|muhendis\w*|programci\w*"
    r"|sorumlusu(?:nun)?)\b"
)
_LOWER_WORDS = {"ve", "ile", "veya", "ya", "da", "de"}


def _display_name(name: str) -> str:
    name = " ".join(name.split()).strip(" ,.;:")
    letters = [ch for ch in name if ch.isalpha()]
    if letters and tr_upper(name) == name:  # written in capitals: "TEKNİK DESTEK BİRİMİ"
        words = [tr_lower(w) if tr_lower(w) in _LOWER_WORDS else tr_title(w) for w in name.split()]
        name = " ".join(words)
    return name


def _units(articles: list[dict]) -> list[str]:
    """Unit names from the organisation article(s), in order."""
    names: list[str] = []
    for article in articles:
        heading = search_key(article["heading"] or "")
        for paragraph in article["paragraphs"]:
            if not paragraph["items"]:
                continue
            if not (_ORG_WORDS.search(heading) or _ORG_WORDS.search(search_key(paragraph["text"]))):
                continue
            for item in paragraph["items"]:
                name = item["text"].strip(" ,.;")
                words = search_key(name).split()
                if ":" in name or not 2 <= len(words) <= 8 or words[-1] not in _UNIT_WORDS:
                    continue
                name = _display_name(name)
                if search_key(name) not in {search_key(n) for n in names}:
                    names.append(name)
    return names


def _unit_named_in(text: str, units: list[str]) -> str | None:
    folded = search_key(text)
    best = None
    for name in units:
        key = search_key(name)
        stem = key[:-1] if key[-1:] in "aeiou" else key  # "şefliği" → "şefliğ": also matches "şefliğinin"
        if re.search(r"(?<!\w)" + re.escape(stem), folded) and (best is None or len(key) > len(search_key(best))):
            best = name
    return best


def _unit_from_heading(text: str) -> str | None:
    """``Yazılım Biriminin Görevleri`` → ``Yazılım Birimi`` (a unit the organisation article did not list)."""
    words = text.split()
    for k, word in enumerate(words):
        folded = search_key(word)
        unit_word = next((u for u in _UNIT_WORDS if folded.startswith(u)), None)
        if unit_word is None:
            continue
        if k == 0 or _PERSON_WORDS.search(folded):
            return None
        return _display_name(" ".join([*words[:k], word[: len(unit_word)]]))
    return None


def _duties(articles: list[dict], units: list[str]) -> list[dict]:
    """Duties from the lettered items of the articles about duties (see the module docstring)."""
    duties = []
    for article in articles:
        for paragraph in article["paragraphs"]:
            if not paragraph["items"]:
                continue
            about = [t for t in (article["heading"] or "", paragraph["text"]) if _DUTY_WORDS.search(search_key(t))]
            if not about:
                continue
            unit = next((u for u in (_unit_named_in(t, units) for t in about) if u), None)
            if unit is None:
                if _PERSON_WORDS.search(search_key(about[0])):
                    continue  # the director's, a chief's or the staff's own duties: not the catalogue's
                unit = _unit_from_heading(about[0]) if about[0] == article["heading"] else None
                if unit is not None and search_key(unit) not in {search_key(n) for n in units}:
                    units.append(unit)
            for item in paragraph["items"]:
                duties.append(
                    {"unit": unit, "article": article["number"], "label": item["label"], "text": item["text"]}
                )
    return duties


def parse(text: str) -> dict:
    """Read a regulation text; see the module docstring for the result and the rules."""
    if not isinstance(text, str):
        raise TypeError("parse() expects str; decode the file first")
    return _Reader(text).read()
