"""How plausible a string is as real text: the cost (in nats) of writing it, character by character.

A repair is worth making only when the repaired text is clearly more plausible than the text as
it stands. "Decodes without error" is no such proof (2,601 two-character GBK strings of common
Chinese characters are also valid UTF-8), so every candidate is scored with a small language
model and compared with the original.

The model is a character bigram model with class back-off:

* letters (Han, kana, Hangul, Latin, Cyrillic, Greek, Arabic, Hebrew) have a unigram cost among
  the letters of their script and a bigram cost for the pairs common inside words, both derived
  from wordfreq's word lists by ``data/build_cjk.py`` and shipped in ``data/charmodel.txt.gz``;
* a letter the lists never saw is priced by the frequency tier that the legacy standards encode:
  GB2312 level 1 (3,755 most common Hanzi), Big5's common block (5,401), JIS X 0208 level 1
  (2,965 kanji) and KS X 1001's 2,350 Hangul are cheaper than their second levels, which are
  cheaper than characters no legacy standard has;
* everything else (digits, spaces, punctuation, symbols, controls, private use) is priced by class;
* a change of script between neighbours costs what such a change is worth in real text: kanji
  next to kana is ordinary, Latin next to Han happens, a halfwidth katakana next to a Hanzi or a
  Cyrillic letter glued to a Latin one almost never does;
* case: the lists are lower-case, so letters are looked up folded, and a capital right after a
  small letter inside a word costs extra (KOI8-R read as windows-1251 swaps the cases).

Nothing here touches the network; the data loads lazily, the first time a suspicious span is
scored, so clean text never pays for it.
"""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from itertools import chain
from operator import add

from .alphabets import word_alphabet

#: Classes of characters (the letters' scripts, and the kinds of everything else).
HAN, HIRA, KATA, HKATA, HANGUL, LATIN, CYR, GREEK, ARABIC, HEBREW, THAI, LETTER = range(12)
DIGIT, SPACE, PUNCT, CJKP, GPUNCT, SYM, BOX, MARK, CTRL, PUA, REPL, OTHER, EMOJI = range(12, 25)
LETTERS = frozenset(range(12))
#: The letters of CJK text: Han, kana and Hangul (not halfwidth katakana, which come in runs).
CJK_LETTERS = frozenset({HAN, HIRA, KATA, HANGUL})

#: Cost of meeting a character of each class (in nats), before its own unigram cost.
ENTRY: dict[int, float] = {
    DIGIT: 2.5,
    SPACE: 2.0,
    PUNCT: 3.0,
    CJKP: 2.5,
    GPUNCT: 3.5,
    SYM: 6.5,
    BOX: 7.0,
    MARK: 6.0,
    CTRL: 14.0,
    PUA: 16.0,
    REPL: 8.0,
    OTHER: 16.0,
    EMOJI: 6.0,
}

#: No letter costs more than this on its own: a rare character is rare, not impossible, and one
#: alone must not outweigh what its neighbours say.
MAX_OWN = 16.0

#: Extra cost of a combining mark on nothing (after a space, a sign or the start): marks sit on
#: letters in real text; ``ͬ`` alone is GB2312 同 read through windows-1252 and UTF-8.
STRAY_MARK = 8.0
#: The overlay and line marks (U+0305 overline, U+0332-U+0338 underlines, strokes and slashes)
#: are no diacritics: text stylers put them after every character, digits, spaces and signs
#: included (``$̶6̶3̶`` is a struck-out price): on any character they are on something (not at
#: the start of a text, nor on another mark).
OVERLAY_MARKS = frozenset("\u0305" + "".join(map(chr, range(0x0332, 0x0339))))

#: Own cost of a letter of an alphabet the lists do not cover (Armenian, Georgian, Indic,
#: Ethiopic...): what a letter of a forty-letter alphabet costs, so that clean text in those
#: scripts is never "improved" into Hanzi; mixing two such scripts inside a word still costs.
OTHER_ALPHABET = 5.0

#: Classes of characters that real text seldom glues to a letter or to each other.
JUNK = frozenset({SYM, BOX, MARK, CTRL, PUA, OTHER})
#: Extra cost of a junk character glued to a letter or to another junk character.
GLUE = 3.0

#: Cost of a change of script between two neighbouring letters (both orders).
_PAIR: dict[frozenset[int], float] = {
    frozenset({HAN, HIRA}): 0.5,
    frozenset({HAN, KATA}): 1.0,
    frozenset({HIRA, KATA}): 1.0,
    frozenset({HAN, HANGUL}): 5.0,
    frozenset({HANGUL, HIRA}): 8.0,
    frozenset({HANGUL, KATA}): 8.0,
    frozenset({LATIN, HAN}): 4.0,
    frozenset({LATIN, HIRA}): 4.0,
    frozenset({LATIN, KATA}): 4.0,
    frozenset({LATIN, HANGUL}): 4.0,
}
SCRIPT_CHANGE = 9.0  # any other pair of scripts inside a word (Latin glued to Cyrillic, ...)
HKATA_MIX = 8.0  # halfwidth katakana next to any other script

#: Punctuation common in real text, cheaper than the rest of its class.
COMMON_PUNCT = frozenset(".,;:!?'\"()-/[]%&*_#@+=<>")
COMMON_CJKP = frozenset("、。，．：；！？「」『』（）《》〈〉【】・ー〜～…—‘’“”　")
COMMON_GPUNCT = frozenset("‘’“”–—…•·«»°×ʻʼˈː")
#: Modifier letters that real text writes as apostrophes and marks (Uzbek oʻ, Ukrainian and
#: Hawaiian ʼ, transliterated Arabic ʾ ʿ, IPA ˈ ː): punctuation to the model, not rare letters.
#: (ˆ and ˜, windows-1252's 0x88 and 0x98, stay rare: they are mojibake's.)
APOSTROPHES = frozenset("ʹʺʻʼʽʾʿˈˌː")


def char_class(ch: str) -> int:
    """The class of one character (see the constants above)."""
    return _class(ch)


@cache
def _class(ch: str) -> int:
    o = ord(ch)
    if o < 0x80:
        return _ascii_class(ch, o)
    cls = _block_class(o)
    return cls if cls is not None else _category_class(ch)


def _ascii_class(ch: str, o: int) -> int:
    """The class of an ASCII character."""
    if ch.isalpha():
        return LATIN
    if ch.isdigit():
        return DIGIT
    if ch in " \t\n\r":
        return SPACE
    if o < 0x20 or o == 0x7F:
        return CTRL
    return PUNCT


def _block_class(o: int) -> int | None:
    """The class of a non-ASCII code point that its block decides (CJK, controls, private use,
    boxes, emoji), or None."""
    if 0x80 <= o <= 0x9F:
        return CTRL
    if o == 0xFFFD:
        return REPL
    if 0xE000 <= o <= 0xF8FF or o >= 0xF0000:
        return PUA
    if 0x3040 <= o <= 0x309F:
        return HIRA
    if 0x30A0 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF:
        return KATA if o != 0x30FB else CJKP
    if 0xFF66 <= o <= 0xFF9F:
        return HKATA
    if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return HANGUL
    if 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF:
        return HAN
    if o == 0x3005:
        return HAN  # 々, the iteration mark, behaves as a Hanzi
    if 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFF65 or 0xFE30 <= o <= 0xFE4F:
        if 0xFF10 <= o <= 0xFF19:
            return DIGIT
        if 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
            return LATIN
        return CJKP
    if 0x2500 <= o <= 0x259F:
        return BOX
    if 0x1F000 <= o <= 0x1FAFF or 0x2600 <= o <= 0x27BF:
        return EMOJI
    return None


#: The scripts a letter's Unicode name starts with, and their classes.
_NAMED_SCRIPTS = (
    ("LATIN", LATIN),
    ("CYRILLIC", CYR),
    ("GREEK", GREEK),
    ("ARABIC", ARABIC),
    ("HEBREW", HEBREW),
    ("THAI", THAI),
)


def _category_class(ch: str) -> int:
    """The class of a character its Unicode category (and, for a letter, its name) decides."""
    cat = unicodedata.category(ch)
    if ch in APOSTROPHES:
        return GPUNCT
    if cat[0] == "L":
        name = unicodedata.name(ch, "")
        for prefix, cls in _NAMED_SCRIPTS:
            if name.startswith(prefix):
                return cls
        return LETTER
    if cat[0] == "M":
        return MARK
    if cat == "Nd":
        return DIGIT
    if cat[0] == "N":
        return SYM  # superscripts, fractions, circled and Roman numerals
    if cat == "Zs" or ch in "\u2028\u2029\x85":
        return SPACE
    if cat[0] == "P":
        return GPUNCT
    if cat[0] == "S":
        return SYM
    if cat[0] == "C":
        return CTRL
    return OTHER


@lru_cache(maxsize=1)
def tier_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(common, second-level, any) letters of the legacy CJK standards, from Python's codecs
    (built once: about 25 ms of codec calls, and the fixers ask for them per match)."""

    def rows(codec: str, leads: range, trails: list[range]) -> set[str]:
        out: set[str] = set()
        for a in leads:
            for t in trails:
                for b in t:
                    try:
                        out.add(bytes([a, b]).decode(codec))
                    except UnicodeDecodeError:
                        pass
        return out

    hi = [range(0xA1, 0xFF)]
    big5 = [range(0x40, 0x7F), range(0xA1, 0xFF)]
    common = rows("gb2312", range(0xB0, 0xD8), hi)  # GB2312 level 1
    common |= rows("big5", range(0xA4, 0xC7), big5)  # Big5 frequently used
    common |= rows("euc_jp", range(0xB0, 0xD0), hi)  # JIS X 0208 level 1
    common |= rows("euc_kr", range(0xB0, 0xC9), hi)  # KS X 1001 Hangul
    second = rows("gb2312", range(0xD8, 0xF8), hi)
    second |= rows("big5", range(0xC9, 0xFA), big5)
    second |= rows("euc_jp", range(0xD0, 0xF5), hi)
    second |= rows("euc_kr", range(0xCA, 0xFE), hi)  # KS X 1001 Hanja
    common = {c for c in common if len(c) == 1}
    second = {c for c in second if len(c) == 1} - common
    return frozenset(common), frozenset(second), frozenset(common | second)


class Model:
    """The loaded model; use `model()` for the shared instance."""

    def __init__(self, text: str) -> None:
        self.uni: dict[str, float] = {}
        self.bi: dict[str, float] = {}
        self.end: dict[str, float] = {}
        self.start: dict[str, float] = {}
        for line in text.splitlines():
            kind, cost, chars = line.split("\t", 2)
            c = int(cost) / 10
            if kind == "U":
                for ch in chars:
                    self.uni[ch] = c
            elif kind == "E":
                for ch in chars:
                    self.end[ch] = c
            elif kind == "S":
                for ch in chars:
                    self.start[ch] = c
            else:
                for i in range(0, len(chars), 2):
                    self.bi[chars[i : i + 2]] = c
        by_class: dict[int, list[float]] = {}
        for ch, c in self.uni.items():
            by_class.setdefault(_class(ch), []).append(c)
        # a letter the lists never saw is priced like the rare end of those they did
        self.median = {k: sorted(v)[len(v) // 2] for k, v in by_class.items()}
        self.rare = {k: sorted(v)[len(v) * 9 // 10] for k, v in by_class.items()}
        self.common, self.second, self.legacy = tier_sets()
        self._info: dict[str, tuple[str, int, float, float, int, float]] = {}
        self._pairs = _PairCosts(self)

    def info(self, ch: str) -> tuple[str, int, float, float, int, float]:
        """(folded letter, class, own cost, cost of leaving it, case: 0 none, 1 lower, 2 upper,
        cost as the first letter of a word)."""
        try:
            return self._info[ch]
        except KeyError:
            pass
        cls = _class(ch)
        low = ch.lower() if len(ch.lower()) == 1 else ch
        case = 2 if ch != low else 1 if ch.upper() != ch else 0
        if cls in LETTERS:
            own = self.uni.get(low)
            alphabet = cls == LETTER and ch >= "\u0370"  # not µ ª º, Latin-1's letter-like signs
            if alphabet:
                own = min(own, OTHER_ALPHABET) if own is not None else None
            if own is None:
                rare = self.rare.get(cls, 14.0)
                if cls in (HAN, HANGUL):
                    own = (
                        self.median.get(cls, 12.0)
                        if ch in self.common
                        else rare
                        if ch in self.second
                        else rare + 1.5
                        if ch in self.legacy
                        else rare + 3.0
                    )
                elif cls == HKATA:
                    own = 7.0  # halfwidth katakana: old terminals and mojibake
                elif alphabet:
                    own = OTHER_ALPHABET  # Armenian, Georgian, Devanagari...: no list, but real letters
                else:
                    own = rare + 1.0
            if 0x3131 <= ord(ch) <= 0x318E:
                # Hangul letters alone: ㅋㅋ, ㅠㅠ, ㅡㅡ are everyday web Korean, which word
                # lists that count them only inside words (ㅠ, ㄴ, ㅡ at 18-20 nats) miss
                own = min(own, 7.0)
            own = min(own, MAX_OWN)
            leave = self.end.get(low, 1.0)
            first = min(self.start.get(low, own + 1.0), MAX_OWN)
        else:
            own = ENTRY[cls]
            if ch in COMMON_PUNCT or ch in COMMON_CJKP or ch in COMMON_GPUNCT:
                own -= 1.0
            elif cls in (PUNCT, CJKP, GPUNCT):
                own += 1.5
            leave = 0.0
            first = own
        out = (low, cls, own, leave, case, first)
        self._info[ch] = out
        return out

    def pair(self, prev: str, ch: str) -> float:
        """The cost of `ch` right after `prev` (memoised: the same pairs recur all through a text)."""
        return self._pairs[prev + ch]

    def costs_as_written(self, text: str, prev: str = "") -> list[float]:
        """`costs` with the language back-off (see `as_written`): what the text as it stands
        costs, the side of a comparison that must not pay for a language the lists lack."""
        return as_written(text, self.costs(text, prev))

    def cost_as_written(self, text: str, prev: str = "", nxt: str = "") -> float:
        """`cost` with the language back-off, for the text as it stands."""
        return sum(self.costs_as_written(text + nxt, prev))

    def cost(self, text: str, prev: str = "", nxt: str = "") -> float:
        """The cost of `text` after the character `prev` (if any), followed by `nxt` (if any)."""
        text += nxt
        return sum(map(self._pairs.__getitem__, map(add, chain((prev,), text), text)))

    def costs(self, text: str, prev: str = "") -> list[float]:
        """The cost of each character of `text`, given the one before it (`prev` for the first).

        A character's cost depends only on it and the one before it, so each pair is costed once
        (`pair_cost`) and looked up after that, the look-ups mapped in C."""
        return list(map(self._pairs.__getitem__, map(add, chain((prev,), text), text)))

    def pair_cost(self, prev: str, ch: str) -> float:
        """The cost of `ch` after `prev` (the start of a text when `prev` is empty)."""
        info = self.info
        p = info(prev) if prev else _START
        c = info(ch)
        cost = c[5] + p[3]  # outside the stored pairs a letter begins a word
        pc, cc = p[1], c[1]
        if cc in LETTERS and pc in LETTERS:
            if pc == cc == LETTER and script_of(p[0]) != script_of(c[0]):
                cost += SCRIPT_CHANGE  # Armenian glued to Syriac: the other alphabets apart
            elif pc != cc:
                if pc == HKATA or cc == HKATA:
                    cost += HKATA_MIX
                else:
                    cost += _PAIR.get(frozenset((pc, cc)), SCRIPT_CHANGE)
            known = self.bi.get(p[0] + c[0])
            if known is not None and known < cost:
                cost = known
            if c[4] == 2 and p[4] == 1:
                cost += 4.0  # a capital right after a small letter
            elif c[4] == 2 and p[4] == 2:
                cost += 0.3
        elif cc in LETTERS and c[4] == 2:
            cost += 0.5
        elif cc == MARK and pc not in LETTERS and pc != MARK and (not prev or c[0] not in OVERLAY_MARKS):
            cost += STRAY_MARK
        if ((cc in JUNK and (pc in JUNK or pc in LETTERS)) or (pc in JUNK and cc in LETTERS)) and not (
            cc == BOX and pc == BOX
        ):  # box drawing is drawn in runs
            cost += GLUE
        return cost


#: Pairs costed at most, per model, before the memo starts over (a bound on its memory).
MAX_PAIRS = 1 << 20


class _PairCosts(dict):  # type: ignore[type-arg]
    """Two characters (or one, at the start of a text) -> the cost of the last after the first,
    filled from `Model.pair_cost` on first sight. A memo of a pure function: emptying it when
    it grows past `MAX_PAIRS` changes no result."""

    def __init__(self, m: Model) -> None:
        super().__init__()
        self.m = m

    def __missing__(self, key: str) -> float:
        if len(self) >= MAX_PAIRS:
            self.clear()
        v = self[key] = self.m.pair_cost(key[:-1], key[-1])
        return v


_START = ("", SPACE, 0.0, 0.0, 0, 0.0)

#: Cost (nats) of a letter of a real language's alphabet, beyond log(size of the alphabet):
#: what a rare letter of the language costs in its own text (ħ in Maltese, ƒ in Ewe).
LANG_SLACK = 1.0
#: Extra cost of a letter the language writes only in loan words and names (auxiliary).
AUX_LETTER = 3.0
#: A word with more distinct auxiliary letters than this is written in no one language.
MAX_AUX = 1
#: Extra cost of each letter of a word in capitals (shorter than its alphabet, less frequent).
CAPS_LETTER = 0.5
#: Extra cost, once per run, of a run with words in capitals: about one word in 150 is (a
#: heading, an acronym), and KOI8-R read as windows-1251 turns small letters into capitals of
#: the same alphabet (``ЪБЗТХЪЛЙ`` for загрузки), so such a run is believed a little less.
CAPS_RUN = 5.0
#: Cost of choosing the language of a run of words among those CLDR describes (about log 361),
#: paid once by the run: a short word falls inside some alphabet by chance (``ŽO``, ``Ì``), a
#: long one or a run of words of one language seldom does.
LANG_CHOICE = 6.0

#: A word of at most this many letters backs off only between spaces and common punctuation:
#: one or two letters fall inside some alphabet by chance, and mojibake glues them to symbols
#: (``‹Ì’``, ``–ì‹``) where text puts spaces and ordinary marks.
SHORT_WORD = 2
_BOUNDS = frozenset(
    " \t\n\r.,;:!?'\"()[]{}<>/-_%&*#@+=|~«»\xa0" + "".join(COMMON_GPUNCT - {"•", "·", "°", "×"})
)

#: A word: letters and the combining marks on them.
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff])+")


#: How far `words_around` looks for a word's edge on each side: a letter table's word is short,
#: and a line of a megabyte without a space must not be walked once per span.
AROUND = 64


def words_around(line: str, start: int, end: int) -> str:
    """The words of `line` that the stretch `start`-`end` lies in: widened to whitespace, at
    most `AROUND` characters on each side."""
    left = _LEFT.search(line, max(0, start - AROUND), start)
    right = _RIGHT.match(line, end, min(len(line), end + AROUND))
    return line[left.start() if left else start : right.end() if right else end]


_LEFT = re.compile(r"\S*\Z")
_RIGHT = re.compile(r"\S*")


def letter_list(text: str) -> bool:
    """Whether `text` lists letters rather than writing words: each word beyond ASCII is one
    letter (``á â é``, two at least), a letter beside its own other case (``Ää Öö Üü``, ``Ññ``) or a word
    beside itself in the other case (``ÀÁÂ àáâ``), as alphabets, keyboard tables and font
    samples write them.

    Damage does not make that shape, and the shape says nothing about which reading is right: the
    two bytes of a CJK character read as a Latin page are a capital and its own small letter once
    in 94 pairs; a letter of one single-byte page read as another is one letter again, and a word
    keeps whatever case it had, so a list read back through any channel is a list again (``á â é``
    as KOI8-R: ``А Б И``; ``ÀÁÂ àáâ Ññ`` as windows-1251: ``АБВ абв Сс``).

    >>> letter_list("Ää Öö Üü"), letter_list("ÀÁÂ àáâ Ññ"), letter_list("á â é")
    (True, True, True)
    >>> letter_list("Ïðèâåò"), letter_list("ß â Ìîñêâå"), letter_list("Ã©"), letter_list("Ã ")
    (False, False, False, False)
    """
    words = text.split()
    seen = False
    singles = 0  # one letter alone is a word too (``Ã`` for à before a lost no-break space)
    for k, w in enumerate(words):
        if w.isascii():
            continue
        if len(w) == 1 and w.isalpha():
            singles += 1
            continue
        if len(w) == 2 and w[0] != w[1] and w[0].lower() == w[1] and w[1].upper() == w[0]:
            seen = True
            continue
        low = w.lower()
        if low != w.upper() and any(
            0 <= j < len(words) and words[j] != w and words[j].lower() == low for j in (k - 1, k + 1)
        ):
            seen = True
            continue
        if _listed(w):
            seen = True
            continue
        return False
    return seen or singles >= 2


#: The fewest characters of a run in code point order that `_listed` takes for a table's row.
LISTED_RUN = 5

_BEYOND_ASCII = re.compile("[^\x00-\x7f]+")


def _listed(word: str) -> bool:
    """Whether the characters of `word` beyond ASCII are one run that a table writes out: in code
    point order (``ÀÁÂÃÄÅ``, ``s/[àáâãäå]/a/``) or its capitals then their small letters
    (``ÄÖÜäöüß``, ``ĄĆĘŁąćęł``)."""
    runs = _BEYOND_ASCII.findall(word)
    if len(runs) != 1:
        return False
    run = runs[0]
    if len(run) >= LISTED_RUN and all(a < b for a, b in zip(run, run[1:])):
        return True
    caps = len(run) - len(run.lstrip("".join(c for c in run if c != c.lower())))
    upper, lower = run[:caps], run[caps:]
    if caps < 2 or not lower or lower != lower.lower():
        return False
    small = {c.lower()[:1] for c in upper}
    return len(small & set(lower)) >= caps - 1 and len(lower) <= caps + 2


def _cased(word: str) -> int:
    """0 when `word` is not written the way a language writes words (lower case, capitalised,
    or all capitals), else 1 (lower case or capitalised) or 2 (all capitals)."""
    lower = word.lower()
    if word == lower:
        return 1
    if word == word.upper():
        return 2 if sum(1 for c in word if c != c.lower()) > 1 else 1
    rest = word[1:]
    return 1 if rest == rest.lower() else 0


def _bounded(text: str, i: int) -> bool:
    """Whether position `i` of `text` is an edge of it, a space or an ordinary mark."""
    return i < 0 or i >= len(text) or text[i] in _BOUNDS


def as_written(text: str, costs: list[float]) -> list[float]:
    """`costs` (of `text`, from `Model.costs`) with the language back-off: the words of a run
    that one real language writes (see `alphabets.word_alphabet`), in a normal case pattern,
    cost at most what letters of that language's alphabet cost, plus once the cost of choosing
    the language (`LANG_CHOICE`), when that is less than the model's cost of the run.

    The frequency lists behind the model cover a few dozen languages; a word of any other
    (Maltese ``l-aħħar``, Ewe ``ƒudomekpowo``, Adyghe ``жъоныгъуакӏэм``) would look rare, and a
    rare reading like damage. Mojibake is seldom written so: it mixes letters no one language
    writes, or cases (``Ã©``, ``тЕУРХВ``), and those keep the model's cost.
    """
    # runs of words one language writes: [mask of the languages, [(start, end, case), ...]]
    runs: list[tuple[int, list[tuple[int, int, int]]]] = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word.isascii():
            continue
        case = _cased(word)
        if not case:
            continue
        if len(word) <= SHORT_WORD and not (_bounded(text, m.start() - 1) and _bounded(text, m.end())):
            continue
        found = word_alphabet(word, runs[-1][0] if runs else -1)
        if found is None or len(found[1]) > MAX_AUX:
            continue
        mask = found[2]
        if runs and mask & runs[-1][0]:
            runs[-1] = (mask & runs[-1][0], runs[-1][1] + [(m.start(), m.end(), case)])
        else:
            runs.append((mask, [(m.start(), m.end(), case)]))
    out = costs
    for mask, words in runs:
        backed: list[tuple[int, list[float]]] = []
        choice = LANG_CHOICE + (CAPS_RUN if any(case == 2 for _a, _b, case in words) else 0.0)
        saved = -choice
        for a, b, case in words:
            found = word_alphabet(text[a:b], mask)
            assert found is not None
            size, aux, _mask = found
            cap = math.log(max(size, 2)) + LANG_SLACK + (CAPS_LETTER if case == 2 else 0.0)
            capped = [
                min(costs[i], cap + AUX_LETTER if aux and text[i].casefold() in aux else cap)
                for i in range(a, b)
            ]
            saved += sum(costs[a:b]) - sum(capped)
            backed.append((a, capped))
        if saved <= 0.0:
            continue
        if out is costs:
            out = list(costs)
        for a, capped in backed:
            out[a : a + len(capped)] = capped
        out[backed[0][0]] += choice
    return out


@cache
def script_of(ch: str) -> str:
    """The first word of a character's Unicode name: its script (``COMBINING`` for a mark), for
    the alphabets of class LETTER and the screen's pairs of letters."""
    return unicodedata.name(ch, "").split(" ", 1)[0]


@lru_cache(maxsize=1)
def model() -> Model:
    """The shared model, loaded from the package data on first use."""
    data = resources.files("textmend.data").joinpath("charmodel.txt.gz").read_bytes()
    return Model(gzip.decompress(data).decode("utf-8"))
