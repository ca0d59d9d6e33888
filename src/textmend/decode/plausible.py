"""How plausible is a decoded text? A small, language-agnostic badness measure.

Validity is a weak test: most byte strings decode without error in a dozen single-byte code
pages, and a short run of GBK or Big5 often decodes in the other. What separates the right
reading from the wrong ones is what the characters look like next to each other:

- text is made of words whose letters share a script (``Привет``, not ``ПриveТ``); a wrong
  Cyrillic code page swaps letter case (``пРИВЕТ``) or scatters symbols through the words
  (``Ð¿Ñ€Ð¸``);
- Latin-script words have plain ASCII letters with their accented ones: a word made of
  accented letters only (``Ïðèâåò``, Russian read as cp1252) is not Latin text;
- C1 controls, private-use and unassigned code points do not occur in text;
- box-drawing characters, superscripts and fractions are rare between letters;
- CJK text is mostly made of the common characters of its language: the first levels of
  GB 2312, Big5 and JIS X 0208, and the 2,350 Hangul syllables of KS X 1001. These tiers are
  derived here from Python's codecs, not shipped.

`badness` returns the mean cost per non-ASCII character (0 for ordinary text, about 1 and more
for a wrong reading). The costs are deliberately coarse: they only need to tell a right
reading from a wrong one, and the caller compares readings of the *same* bytes.

>>> badness("Привет, как дела?") < 0.2
True
>>> badness("Ïðèâåò, êàê äåëà?") > 1.0
True
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Profile", "badness", "char_script", "profile", "script_of"]

#: Non-ASCII punctuation and symbols that ordinary prose uses; they cost little.
TYPOGRAPHIC = frozenset("«»‹›“”‘’„‚–—―…•·°©®™€£¥¢§¶×÷±№‰†‡′″¿¡ªº¬µ")

#: Currency signs of `TYPOGRAPHIC` (see `_score_token`: one beside a digit is a price).
CURRENCY = frozenset("€£¥¢")

#: Non-ASCII punctuation that may stand between two letters of one word (``l·l``, ``don’t``).
INWORD = frozenset("’‘ʼ·‧・‐‑‒–—―−－")

#: Thai letters out of use (ฃ ฅ) or nearly so (ฦ): what a wrong reading of EUC-JP produces.
THAI_OBSOLETE = frozenset("\u0e03\u0e05\u0e26")
#: Thai vowels written before the consonant they follow in speech: a consonant must come next.
THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")

#: Zero-width characters that right-to-left and Indic text legitimately contain.
FORMAT_OK = frozenset("\u200c\u200d\u200e\u200f\u00ad")

# Character kinds.
ASCII, LETTER, MARK, DIGIT, PUNCT, SYMBOL, SPACE, BAD = range(8)


def _tier_ranges(codec: str, leads: range, trails: range) -> frozenset[str]:
    """The characters a double-byte `codec` maps the byte pairs ``leads`` x ``trails`` to."""
    out: set[str] = set()
    for lead in leads:
        for trail in trails:
            try:
                ch = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                out.add(ch)
    return frozenset(out)


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """Han characters in common use in Chinese or Japanese.

    The union of GB 2312 level 1 (3,755 characters, rows 16-55), Big5's frequently used level
    (5,401 characters, A440-C67E) and JIS X 0208 level 1 (2,965 characters, rows 16-47).
    """
    gb = _tier_ranges("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    big5 = _tier_ranges("big5", range(0xA4, 0xC7), range(0x40, 0xFF))
    jis = _tier_ranges("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))
    return gb | big5 | jis


@lru_cache(maxsize=1)
def less_common_han() -> frozenset[str]:
    """Han characters of the second levels of GB 2312 and JIS X 0208: real, but rarer."""
    gb = _tier_ranges("gb2312", range(0xD8, 0xF8), range(0xA1, 0xFF))
    jis = _tier_ranges("euc_jp", range(0xD0, 0xF5), range(0xA1, 0xFF))
    return gb | jis


@lru_cache(maxsize=1)
def common_hangul() -> frozenset[str]:
    """The 2,350 Hangul syllables of KS X 1001 (EUC-KR B0A1-C8FE): nearly all Korean text."""
    return _tier_ranges("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))


_SCRIPT_WORDS = {
    "LATIN": "Latin",
    "CYRILLIC": "Cyrillic",
    "GREEK": "Greek",
    "COPTIC": "Greek",
    "HEBREW": "Hebrew",
    "ARABIC": "Arabic",
    "SYRIAC": "Syriac",
    "THAI": "Thai",
    "LAO": "Lao",
    "ARMENIAN": "Armenian",
    "GEORGIAN": "Georgian",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "TAMIL": "Tamil",
    "HANGUL": "Hangul",
    "HIRAGANA": "Kana",
    "KATAKANA": "Kana",
    "HALFWIDTH": "Kana",
    "CJK": "Han",
    "BOPOMOFO": "Han",
    "ETHIOPIC": "Ethiopic",
    "KHMER": "Khmer",
    "MYANMAR": "Myanmar",
    "ARABIC-INDIC": "Arabic",
    "EXTENDED": "Arabic",
    "PERSIAN": "Arabic",
    "KATAKANA-HIRAGANA": "Kana",
    "IDEOGRAPHIC": "Han",
    "MODIFIER": "Latin",
    "GUJARATI": "Gujarati",
    "GURMUKHI": "Gurmukhi",
    "KANNADA": "Kannada",
    "MALAYALAM": "Malayalam",
    "TELUGU": "Telugu",
    "ORIYA": "Oriya",
    "SINHALA": "Sinhala",
    "TIBETAN": "Tibetan",
    "THAANA": "Thaana",
    "MONGOLIAN": "Mongolian",
    "CHEROKEE": "Cherokee",
}


@lru_cache(maxsize=4096)
def char_script(ch: str) -> str:
    """The script of a letter or mark, from its Unicode name (``"Common"`` when not a letter)."""
    if (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or ch > "\U0001ffff"
    ):
        return "Han"
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in ("MICRO", "FEMININE", "MASCULINE"):
        return "Latin"  # µ ª º: written with Latin letters
    if first == "HALFWIDTH" and "HANGUL" in name:
        return "Hangul"
    if first == "FULLWIDTH" and "LATIN" in name:
        return "Latin"
    return _SCRIPT_WORDS.get(first, "Common")


#: Scripts written together in one word: Japanese mixes kanji and kana, Korean hanja and Hangul.
_SCRIPT_GROUP = {"Kana": "Han", "Hangul": "Han"}


def script_of(ch: str) -> str:
    """The script group of `ch` for word-consistency checks (kana and Hangul count as Han)."""
    s = char_script(ch)
    return _SCRIPT_GROUP.get(s, s)


@dataclass(frozen=True)
class _Info:
    kind: int
    cost: float
    script: str  # script group, for letters and marks
    case: int  # 1 upper, -1 lower, 0 caseless


@lru_cache(maxsize=8192)
def _info(ch: str) -> _Info:
    """Kind, base cost, script group and case of one non-ASCII character."""
    cat = unicodedata.category(ch)
    if "\ufb00" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff":
        # presentation forms (ligatures, Arabic contextual forms): fonts make them, text does not
        return _Info(SYMBOL, 1.5, "Common", 0)
    if cat == "Lm" and "\u02b0" <= ch <= "\u02ff" and ch not in "ʼʻ":
        return _Info(SYMBOL, 1.0, "Common", 0)  # spacing accents (ˇ ˘ ˙ ˝): not letters of a word
    if cat[0] == "L":
        case = 1 if cat == "Lu" else -1 if cat == "Ll" else 0
        return _Info(LETTER, _letter_cost(ch), script_of(ch), case)
    if cat[0] == "M":
        return _Info(MARK, 0.0, script_of(ch), 0)
    if cat == "Nd":
        if "\uff10" <= ch <= "\uff19":
            return _Info(DIGIT, 0.0, "Common", 0)  # fullwidth digits: CJK text
        return _Info(DIGIT, 0.3, char_script(ch), 0)  # Arabic-Indic, Thai, Devanagari... digits
    if cat[0] == "N":
        return _Info(SYMBOL, 1.0, "Common", 0)  # superscripts, fractions, roman numerals
    if cat[0] in "PS":
        return _mark_info(ch, cat)
    if cat == "Zs":
        return _Info(SPACE, 0.0 if ch == "\u3000" else 0.3, "Common", 0)  # the ideographic space is common
    if cat == "Cf":
        return _Info(SPACE, 0.3 if ch in FORMAT_OK else 2.0, "Common", 0)
    if cat in ("Zl", "Zp"):
        return _Info(SPACE, 2.0, "Common", 0)
    return _Info(BAD, 6.0, "Common", 0)  # C1 and other controls, private use, unassigned, surrogates


def _letter_cost(ch: str) -> float:
    """The base cost of a non-ASCII letter: 0 for the letters of ordinary text; more for rare
    Han and Hangul (a wrong double-byte reading lands there) and letters text seldom has."""
    script = char_script(ch)
    if script == "Han":
        if ch in common_han():
            return 0.0
        if ch in less_common_han():
            return 0.4
        if "\u4e00" <= ch <= "\u9fff":
            return 1.2
        return 2.5  # extension A, compatibility ideographs, supplementary planes
    if script == "Hangul" and "\uac00" <= ch <= "\ud7a3":
        return 0.0 if ch in common_hangul() else 1.5
    if "\u3131" <= ch <= "\u318e":
        return 1.0  # a lone jamo (ㄻ): Korean is written in syllables; EUC-JP kana read as EUC-KR
    if "\uff61" <= ch <= "\uff9f":
        return 1.0  # halfwidth katakana: real, but what a wrong Shift-JIS reading makes
    if ch in "ªº":
        return 0.5
    if ch in THAI_OBSOLETE:
        return 1.5
    if script == "Common":
        return 1.0  # a letter of a script rarely seen in files (Mongolian, Tai Le, ...)
    return 0.0


def _mark_info(ch: str, cat: str) -> _Info:
    """`_info` of punctuation and symbols (category `cat`, ``P*`` or ``S*``)."""
    if cat[0] == "P":
        if ch in TYPOGRAPHIC or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff65":
            return _Info(PUNCT, 0.1, "Common", 0)
        return _Info(PUNCT, 0.6, "Common", 0)
    if ch in TYPOGRAPHIC or "\uff01" <= ch <= "\uffee":
        return _Info(SYMBOL, 0.2, "Common", 0)
    if "\u2500" <= ch <= "\u259f":
        return _Info(SYMBOL, 2.0, "Common", 0)  # box drawing and block elements
    if "\u2190" <= ch <= "\u21ff" or "\u25a0" <= ch <= "\u26ff" or "\u3200" <= ch <= "\u33ff":
        return _Info(SYMBOL, 0.5, "Common", 0)  # arrows, shapes, enclosed CJK: common in CJK text
    return _Info(SYMBOL, 1.0, "Common", 0)


_ASCII_INFO: dict[str, _Info] = {}
for _i in range(128):
    _c = chr(_i)
    if _c.isalpha():
        _ASCII_INFO[_c] = _Info(LETTER, 0.0, "Latin", 1 if _c.isupper() else -1)
    elif _c.isdigit():
        _ASCII_INFO[_c] = _Info(DIGIT, 0.0, "Common", 0)
    elif _c.isspace():
        _ASCII_INFO[_c] = _Info(SPACE, 0.0, "Common", 0)
    elif _i < 32 or _i == 127:
        _ASCII_INFO[_c] = _Info(BAD, 3.0, "Common", 0)
    else:
        _ASCII_INFO[_c] = _Info(PUNCT, 0.0, "Common", 0)


def info(ch: str) -> _Info:
    """Kind, cost, script and case of any character."""
    i = _ASCII_INFO.get(ch)
    return i if i is not None else _info(ch)


#: Whitespace-delimited tokens that contain a non-ASCII character: only they are scored.
_TOKEN = re.compile(r"[^\s]*[^\x00-\x7f][^\s]*")

#: Score about this many characters of a text (in tokens): enough to decide, bounded in time.
MAX_CHARS = 3000
#: A longer token (CJK text has no spaces) is scored on its first characters only.
MAX_TOKEN = 200


def _score_token(tok: str) -> tuple[float, int]:
    """Cost of one token and its count of non-ASCII characters."""
    cost = 0.0
    n = 0
    infos = [info(c) for c in tok]
    prev: _Info | None = None
    word_letters = 0
    word_nonascii = 0
    word_latin_only = True
    for k, (c, i) in enumerate(zip(tok, infos)):
        if c >= "\x80":
            n += 1
            cost += i.cost
            if i.kind in (SYMBOL, PUNCT) and c not in INWORD and 0 < k < len(tok) - 1:
                # symbols wedged between two letters: ``Ð¿Ñ``, ``Â±``, ``АҐ®†ПЃав``
                a = k - 1
                while (
                    a > 0 and infos[a].kind in (SYMBOL, PUNCT) and tok[a] >= "\x80" and tok[a] not in INWORD
                ):
                    a -= 1
                b = k + 1
                while (
                    b < len(tok) - 1
                    and infos[b].kind in (SYMBOL, PUNCT)
                    and tok[b] >= "\x80"
                    and tok[b] not in INWORD
                ):
                    b += 1
                ia, ib = infos[a], infos[b]
                if ia.kind == LETTER and ib.kind == LETTER and "Han" not in (ia.script, ib.script):
                    cost += 1.5
        if i.kind == SYMBOL and c in CURRENCY:
            # a price (``£825``, ``5 €``: a sign beside its number) is how such a sign is written,
            # where a letter glued to digits (``Ł825``, ``ú825``, another code page's reading of
            # the same byte) is not: the sign costs less by a tenth for each digit beside it
            cost -= 0.1 * sum(0 <= j < len(tok) and "0" <= tok[j] <= "9" for j in (k - 1, k + 1))
        if i.kind == DIGIT and i.script != "Common" and c >= "\x80":
            for j in (k - 1, k + 1):
                if 0 <= j < len(tok) and infos[j].kind == LETTER and infos[j].script != script_of(c):
                    cost += 2.5  # a Thai or Arabic digit glued to a Latin letter: ``pas๓``
        if c in THAI_LEADING:
            nxt = tok[k + 1] if k + 1 < len(tok) else ""
            if not ("\u0e01" <= nxt <= "\u0e2e"):
                cost += 1.5  # a leading vowel with no consonant after it
        if i.kind == LETTER or i.kind == MARK:
            if i.kind == MARK and (prev is None or prev.kind not in (LETTER, MARK)):
                cost += 3.0  # a combining mark with nothing to combine with
            if prev is not None and prev.kind in (LETTER, MARK):
                if i.script != prev.script and (
                    _clash(i.script, prev.script, c, tok[k - 1])
                    or (i.kind == MARK and "Common" not in (i.script, prev.script))
                ):
                    cost += 3.0  # scripts switch inside a word, or a Thai tone mark on a Latin letter
                if prev.case == -1 and i.case == 1 and (c >= "\x80" or tok[k - 1] >= "\x80"):
                    cost += 1.5  # lower then upper case inside a word, a non-ASCII letter involved
            if i.kind == LETTER:
                word_letters += 1
                if c >= "\x80":
                    word_nonascii += 1
                if i.script != "Latin":
                    word_latin_only = False
        else:
            cost += _end_word(word_letters, word_nonascii, word_latin_only)
            word_letters = word_nonascii = 0
            word_latin_only = True
        prev = i
    cost += _end_word(word_letters, word_nonascii, word_latin_only)
    return cost, n


#: Scripts written without spaces between words: Latin words run straight into them.
_UNSPACED = frozenset({"Han", "Thai", "Lao", "Khmer", "Myanmar"})


def _clash(a: str, b: str, ca: str, cb: str) -> bool:
    """Whether two adjacent letters of scripts `a` and `b` cannot belong to one word.

    CJK and Thai text run Latin words into their own without spaces (``Blog服务``); but a Latin
    letter glued to a Cyrillic, Greek, Hebrew or Arabic one is what a wrong code page produces.
    """
    if "Common" in (a, b):
        return False
    return a not in _UNSPACED and b not in _UNSPACED


def _end_word(letters: int, nonascii: int, latin_only: bool) -> float:
    """Cost of a finished word: a Latin word made of accented letters only is not Latin text."""
    if latin_only and letters >= 2 and nonascii == letters:
        return 1.5 * nonascii
    return 0.0


def badness(text: str, budget: int = MAX_CHARS) -> float:
    """Mean cost per non-ASCII character of `text` (0 when it has none); lower is more plausible.

    Only the first tokens, up to about `budget` characters of them, are scored.
    """
    total = 0.0
    count = 0
    seen = 0
    for a, b in _tokens(text):
        tok = text[a:b]
        if len(tok) > MAX_TOKEN:
            tok = tok[:MAX_TOKEN]
        c, n = _score_token(tok)
        total += c
        count += n
        seen += len(tok)
        if seen >= budget:
            break
    return total / count if count else 0.0


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SPACE = re.compile(r"\s")


def _tokens(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each match of `_TOKEN` in `text`, in order, found from its non-ASCII
    characters: the regex itself, tried at every position of an ASCII word, cost 10 ms on a
    megabyte of mostly English text with a few accented letters, per reading scored.

    A token is the run of non-space characters around a non-ASCII one; a non-ASCII space
    (U+00A0) joins the runs on either side, as the regex's middle element may be one.
    """
    pos = 0
    n = len(text)
    while True:
        m = _NON_ASCII.search(text, pos)
        if m is None:
            return
        i = m.start()
        start = i
        while start > pos and not text[start - 1].isspace():
            start -= 1
        space = _SPACE.search(text, start)
        end = n if space is None else space.start()
        if end < n and text[end] >= "\x80":
            space = _SPACE.search(text, end + 1)
            end = n if space is None else space.start()
        yield start, end
        pos = end


def nonascii_counts(text: str, limit: int = 200_000) -> Counter[str]:
    """How often each non-ASCII character occurs in (the first `limit` characters of) `text`."""
    return Counter(_NON_ASCII.findall(text, 0, limit))


#: A script whose letters belong in text of another: Japanese writes kanji among its kana, so
#: a Japanese context with no kanji yet (a line of hiragana) does not make kanji foreign.
_KIN = {"Han": "Kana"}


@dataclass(frozen=True)
class Profile:
    """What the non-ASCII letters of a text are: which ones, and in which scripts.

    `chars` holds each letter in both cases: a file's lower-case words and its capitals are
    one alphabet (a Bulgarian feed's capitalised title ``ВЕСЕЛА КОЛЕДА`` in cp1251 is at home
    beside its lower-case UTF-8 text; KOI8-R reads the same bytes as the lower-case letters
    ``беяекю йнкедю``, other letters, which a case-sensitive profile preferred).
    """

    chars: frozenset[str]
    scripts: dict[str, int]
    letters: int

    def _shares(self, text: str) -> tuple[float, float]:
        seen = inside = total = 0
        # accented Latin letters are at home wherever the text itself has words of ASCII letters
        # (a cp1252 line ``Résumé envoyé à Zoë`` in a Chinese log): every file can hold Latin
        home = set(self.scripts) | ({"Latin"} if _ASCII_LETTERS.search(text, 0, 20_000) else set())
        for c, n in nonascii_counts(text, 20_000).items():
            i = info(c)
            if i.kind == LETTER:
                total += n
                seen += n if c in self.chars else 0
                script = char_script(c)
                inside += n if script in home or _KIN.get(script, "") in home else 0
        return (seen / total, inside / total) if total else (1.0, 1.0)

    def overlap(self, text: str) -> float:
        """Share of `text`'s non-ASCII letters that this profile has seen (1.0 when it has none)."""
        return self._shares(text)[0]

    def script_share(self, text: str) -> float:
        """Share of `text`'s non-ASCII letters in scripts this profile has (1.0 when none)."""
        return self._shares(text)[1]

    def foreignness(self, text: str) -> float:
        """``(1 - overlap) + (1 - script_share)``: 0 for text like this profile's, up to 2."""
        a, b = self._shares(text)
        return 2.0 - a - b


def _cases(c: str) -> tuple[str, ...]:
    """`c` and its other case, when that is one character too (``ß`` upper-cases to ``SS``)."""
    other = c.lower() if c.isupper() else c.upper()
    return (c, other) if len(other) == 1 and other != c else (c,)


def profile(text: str, limit: int = 200_000) -> Profile:
    """The `Profile` of (the first `limit` characters of) `text`."""
    chars: set[str] = set()
    scripts: dict[str, int] = {}
    letters = 0
    for c, n in nonascii_counts(text, limit).items():
        i = info(c)
        if i.kind == LETTER:
            chars.update(_cases(c))
            script = char_script(c)  # Hangul and kana apart from Han: context tells them apart
            scripts[script] = scripts.get(script, 0) + n
            letters += n
    if "Latin" not in scripts and len(_ASCII_WORD.findall(text, 0, limit)) >= ASCII_WORDS:
        # English words between the lines: Latin text is at home here, accented or not
        scripts["Latin"] = 0
    return Profile(frozenset(chars), scripts, letters)


#: Two ASCII letters in a row: a text with them has some Latin words.
_ASCII_LETTERS = re.compile(r"[A-Za-z]{2}")
#: A word of plain ASCII letters; a context with this many of them has Latin text in it.
_ASCII_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
ASCII_WORDS = 3
