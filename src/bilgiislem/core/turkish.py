"""Turkish casing, search keys and collation.

Python's own ``lower()``/``upper()`` are not Turkish: ``'İ'.lower()`` is ``'i̇'`` and ``'i'.upper()`` is
``'I'``. Everything that shows, compares or sorts Turkish text goes through these functions.
"""

import functools
import unicodedata

TR_COLLATION = "tr-TR-x-icu"

_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_ASCII_FOLD = str.maketrans("çğöşüâîû", "cgosuaiu")

# Turkish alphabet order, used by the SQLite collation (PostgreSQL uses ICU's tr-TR).
_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}


def tr_lower(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_TO_LOWER).lower()


def tr_upper(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_TO_UPPER).upper()


def tr_title(text: str) -> str:
    """Title case with Turkish letters: 'İSTANBUL ılık' -> 'İstanbul Ilık'."""
    words = []
    for word in text.split(" "):
        words.append(tr_upper(word[:1]) + tr_lower(word[1:]) if word else word)
    return " ".join(words)


def search_key(text: str | None) -> str:
    """Fold for matching: 'IŞIK', 'Işık', 'ışık' and 'isik' all give 'isik'."""
    if not text:
        return ""
    folded = tr_lower(text).replace("ı", "i").translate(_ASCII_FOLD)
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    return " ".join(folded.split())


def _sort_key(text: str) -> tuple:
    lowered = tr_lower(text)
    primary = tuple(_RANK.get(ch, 100 + ord(ch)) for ch in lowered)
    # Upper case before lower case on ties, like ICU's default tertiary order (lower first is also common;
    # the tie only matters for otherwise identical strings).
    return primary, text


@functools.cache
def _cached_sort_key(text: str) -> tuple:
    return _sort_key(text)


def tr_sort_key(text: str | None) -> tuple:
    """A Python sort key that orders strings the way the tr-TR collation does (for in-memory lists)."""
    return _cached_sort_key(text or "")


def tr_collate(a: str | None, b: str | None) -> int:
    """SQLite collation function: negative, zero or positive like strcmp."""
    ka, kb = tr_sort_key(a), tr_sort_key(b)
    return (ka > kb) - (ka < kb)
