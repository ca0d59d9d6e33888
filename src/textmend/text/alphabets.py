"""The letters of every language CLDR describes: which characters a locale's text is written with.

A reading of a text is plausible as it stands when its letters all belong to one real
language: ``l-aħħar`` is Maltese, ``ŝtormo`` Esperanto, ``ƒudomekpowo`` Ewe, not mojibake. The
inventories are CLDR's exemplar characters (main letters, auxiliary letters of loan words and
names, index headings, punctuation) for each of its locales that has its own, built by
``data/build_alphabets.py`` into ``data/alphabets.tsv.gz`` (CLDR data, Unicode License v3; the
notice is in the file). The file loads lazily, on the first call, and once per process.

>>> alphabets()["mt"].scripts
('Latn',)
>>> "ħ" in alphabets()["mt"].letters
True
>>> "mt" in languages_with("L-AĦĦAR")
True
>>> languages_with("ĉ ĝ ĥ ĵ ŝ ŭ")
['eo']
"""

from __future__ import annotations

import gzip
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

DATA_FILE = "alphabets.tsv.gz"


@dataclass(frozen=True)
class Alphabet:
    """The exemplar characters of one CLDR locale.

    Items are single characters or, where CLDR lists a sequence as one letter (Maltese
    ``għ``, Ewe ``ɔ́``), that sequence. ``letters`` and ``auxiliary`` hold both cases.
    """

    locale: str  #: CLDR's locale id, ``language[_Script][_REGION][_variant]``: ``mt``, ``sr_Latn``
    scripts: tuple[str, ...]  #: ISO 15924 codes: ``('Latn',)``; Japanese ``('Hani', 'Hira', 'Kana')``
    letters: frozenset[str]  #: the main letters: what the language's ordinary text is written with
    auxiliary: frozenset[str]  #: letters of loan words, names and foreign words
    index: tuple[str, ...]  #: the index headings, in CLDR's order (upper case)
    punctuation: frozenset[str]  #: the punctuation marks the language uses


def _items(column: str) -> list[str]:
    """The items of one column: space-separated, ``\\uXXXX`` standing for a space or backslash."""
    if not column:
        return []
    if "\\u" not in column:
        return column.split(" ")
    return [
        item.encode("ascii", "backslashreplace").decode("unicode_escape") if "\\u" in item else item
        for item in column.split(" ")
    ]


def parse(text: str) -> dict[str, Alphabet]:
    """The alphabets of the file's text (``#`` lines are its header)."""
    out: dict[str, Alphabet] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        locale, scripts, letters, auxiliary, index, punctuation = line.split("\t")
        out[locale] = Alphabet(
            locale,
            tuple(scripts.split()),
            frozenset(_items(letters)),
            frozenset(_items(auxiliary)),
            tuple(_items(index)),
            frozenset(_items(punctuation)),
        )
    return out


@lru_cache(maxsize=1)
def alphabets() -> Mapping[str, Alphabet]:
    """Every locale's alphabet, by locale id (a read-only mapping, loaded on the first call)."""
    data = resources.files("textmend.data").joinpath(DATA_FILE).read_bytes()
    return MappingProxyType(parse(gzip.decompress(data).decode("utf-8")))


@lru_cache(maxsize=1)
def _folded() -> tuple[tuple[str, frozenset[str]], ...]:
    """Per locale, the case-folded characters of its main and auxiliary letters."""
    return tuple(
        (a.locale, frozenset("".join(a.letters | a.auxiliary).casefold())) for a in alphabets().values()
    )


def letters_of(chars: str) -> frozenset[str]:
    """The letters and marks of `chars`, composed (NFC) and case-folded: what an alphabet is
    asked about. Digits, spaces, punctuation and symbols are no letters."""
    folded = unicodedata.normalize("NFC", chars).casefold()
    return frozenset(c for c in set(folded) if unicodedata.category(c)[0] in "LM")  # each once


def languages_with(chars: str) -> list[str]:
    """The locales (sorted) whose main and auxiliary letters hold every letter of `chars`,
    compared case-folded. A string without letters is held by every locale."""
    wanted = letters_of(chars)
    return sorted(locale for locale, have in _folded() if wanted <= have)


#: Scripts whose inventories are thousands of characters (Han, Hangul, Yi): the character
#: model prices them by frequency tiers of its own, so they take no part in `word_alphabet`.
_LOGOGRAPHIC = frozenset({"Hani", "Hans", "Hant", "Hang", "Jpan", "Kore", "Yiii"})


@dataclass(frozen=True)
class _Index:
    """Per case-folded letter, the bit mask of the locales (by position in `sizes`) that hold
    it among their main letters, and among their main or auxiliary ones."""

    main: Mapping[str, int]
    any: Mapping[str, int]
    sizes: tuple[int, ...]  #: per locale, how many distinct main letters (case-folded) it has


@lru_cache(maxsize=1)
def _index() -> _Index:
    main: dict[str, int] = {}
    anyl: dict[str, int] = {}
    sizes: list[int] = []
    for a in alphabets().values():
        if set(a.scripts) & _LOGOGRAPHIC:
            continue
        bit = 1 << len(sizes)
        folded_main = {x.casefold() for x in a.letters}
        sizes.append(len(folded_main))
        for c in "".join(folded_main):
            main[c] = main.get(c, 0) | bit
        for c in "".join(folded_main) + "".join(a.auxiliary).casefold():
            anyl[c] = anyl.get(c, 0) | bit
    return _Index(main, anyl, tuple(sizes))


@lru_cache(maxsize=65536)
def word_alphabet(letters: str, within: int = -1) -> tuple[int, frozenset[str], int] | None:
    """The smallest alphabet of one real language that writes every letter of `letters`
    (case-folded, composed): (its number of main letters, the letters of `letters` that are
    only auxiliary in it, the bit mask of all the languages that write them so); None when no
    language writes them all. `within` restricts the languages to a mask of an earlier call
    (the words before, in the same language), when it leaves any.

    The back-off of the character model: a word of ``l-aħħar`` is Maltese as it stands, however
    rare ħ is in the frequency lists, and costs what a letter of a 34-letter alphabet costs.
    Languages that write every letter as main letters are preferred to those that write some
    only in loan words (auxiliary).

    >>> word_alphabet("aħħar")[:2]
    (34, frozenset())
    >>> word_alphabet("ŝtormo")[0] < 40
    True
    >>> word_alphabet("ïðèâåò")[1] == frozenset("ïðåò")  # Привет read as windows-1252
    True
    """
    idx = _index()
    folded = unicodedata.normalize("NFC", letters).casefold()
    wanted = set(folded)
    mask_main = -1
    mask_any = -1
    for c in wanted:
        mask_main &= idx.main.get(c, 0)
        mask_any &= idx.any.get(c, 0)
        if not mask_any:
            return None
    mask = mask_main if mask_main else mask_any
    if mask & within:
        mask &= within
    best: tuple[int, int] | None = None  # (auxiliary letters, size) of the best language
    best_bit = 0
    rest = mask
    while rest:
        low = rest & -rest
        k = low.bit_length() - 1
        aux = 0 if mask_main else sum(1 for c in wanted if not idx.main.get(c, 0) & low)
        key = (aux, idx.sizes[k])
        if best is None or key < best:
            best, best_bit = key, low
        rest ^= low
    assert best is not None
    only_aux = frozenset(c for c in wanted if not idx.main.get(c, 0) & best_bit)
    return best[1], only_aux, mask
