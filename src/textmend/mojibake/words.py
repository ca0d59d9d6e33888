"""Short words of mojibake the line search cannot judge alone, found by rules of their own.

* `known_words`: a short run of UTF-8 read as a CJK codec standing alone in ASCII text (a word
  after a command), read when every pair of its letters is a word the model knows;
* `lone_words`: one CJK character of a legacy codec read as windows-1252 (``ÏÉ`` for 仙), alone
  in a document with no other accented Latin text;
* `a0_lost`: UTF-8 of CJK text read as windows-1252 whose byte A0 became a plain space;
* `in_latin_text`: the Cyrillic-through-Latin repairs dropped in a document of Latin-script text;
* `glued_letters`: a Latin text's accented letters, each a CJK character glued to its word
  (UTF-8 read as a double-byte charset), too few for the search.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import islice

from ..options import Options
from ..result import Change
from ..text import fastre
from ..text.charmodel import (
    CJK_LETTERS,
    CJKP,
    HAN,
    HANGUL,
    HIRA,
    KATA,
    Model,
    char_class,
    letter_list,
    model,
    tier_sets,
)
from ..text.charsets import CHARSETS
from ..text.screen import class_body, line_matches
from .channels import Span
from .document import shown_codec

#: A lone word of two Latin-1 characters (the two bytes of one CJK character read as
#: windows-1252), standing between characters that are not letters or digits.
LONE_WORD = re.compile(r"(?<![0-9A-Za-z\u0080-\u1fff])[\u00a1-\u00fe]{2}(?![0-9A-Za-z\u0080-\u1fff])")


#: The codecs a lone word is read back through, with the lead bytes of their common tier (GB2312
#: level 1, Big5's frequent block, JIS X 0208 level 1, KS X 1001 Hangul): a lone word is
#: believed only as a character of the common tier.
LONE_CODECS = (
    ("gbk", range(0xB0, 0xD8)),
    ("big5", range(0xA4, 0xC7)),
    ("euc-jp", range(0xB0, 0xD0)),
    ("euc-kr", range(0xB0, 0xC9)),
)
#: Letters of alphabets (accented Latin, Greek, Cyrillic, Arabic...): a document holding any is
#: left alone by that rule (only ASCII and CJK text around a lone word is evidence).
LATIN_TEXT = re.compile("[\u0080-\u1fff]")
#: More characters of `LATIN_TEXT` than eight lone words hold: a document with no lone word to
#: repair (for RE2).
LATIN_MANY = "(?:[^\u0080-\u1fff]*[\u0080-\u1fff]){17}"
#: ... and only when its best reading beats the next by this many nats.
LONE_MARGIN = 2.0


#: A short run of CJK text between ASCII (a word in a command line, a log, a table cell); ′ and
#: ″ are GBK's too (``妯″紡`` for 模式).
_RUN_RANGES = ((0x2032, 0x2033), (0x3000, 0x9FFF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
_RUN_CLASS = "\u2032\u2033\u3000-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef"
SHORT_RUN = re.compile(f"(?<![^\x00-\x7f])[{_RUN_CLASS}]{{2,12}}(?![^\x00-\x7f])")
#: `SHORT_RUN` without lookarounds (each tests one character), for RE2.
SHORT_RUN_LOOSE = f"(?:^|[\x00-\x7f])[{_RUN_CLASS}]{{2,12}}(?:$|[\x00-\x7f])"
#: The CJK codecs UTF-8 is most often read with, for `known_words`.
WORD_SHOWN = ("gbk", "big5", "shift_jis", "euc-kr")
#: ... and how much cheaper (nats) the word must read than the run as it stands.
WORD_MARGIN = 6.0
#: Runs looked at, at most, in one text (lossy Korean is thousands of short runs between '?').
WORD_RUNS = 2_000
#: The longest text without a suspicious character that is looked at for such words.
SHORT_TEXT = 65_536


#: The bytes that lead a UTF-8 character of CJK text (`CJK_TEXT`, U+2E80 and up: three bytes
#: led by E2-EF, or four led by F0-F4), and its continuation bytes.
_LEAD3, _LEAD4 = frozenset(range(0xE2, 0xF0)), frozenset(range(0xF0, 0xF5))
_CONT = frozenset(range(0x80, 0xC0))


@lru_cache(maxsize=1)
def _word_shapes() -> tuple[tuple[str, str], ...]:
    """For each charset of `WORD_SHOWN` and each length of UTF-8 character (three bytes, four),
    the first two characters a run must begin with for `known_words` to read it as UTF-8, as
    two class bodies; pairs with an empty class are left out.

    The run is read whole from its first byte, so its first character is, in one of the
    charset's codecs, two bytes that begin a CJK character's UTF-8: a lead byte and a
    continuation byte (``浣`` is E4 BD, the start of 你's E4 BD A0). The second character
    goes on from the next byte, a continuation byte: it is that byte alone (a half-width
    katakana of Shift_JIS), or two bytes whose second leads the next character (three-byte
    characters: ``犲`` is A0 E5) or continues this one (four-byte characters). Clean Chinese
    seldom holds such a pair at a run's start: a common Hanzi is no E2-EF lead with a
    continuation byte in any of these codecs, and the pairs that are rare-character-then-
    symbol, so a short Chinese word between ASCII characters sends nothing to that test."""
    chars = [chr(o) for a, b in _RUN_RANGES for o in range(a, b + 1)]
    out: list[tuple[str, str]] = []
    for shown in WORD_SHOWN:
        first3: set[str] = set()
        second3: set[str] = set()
        first4: set[str] = set()
        second4: set[str] = set()
        for codec in CHARSETS[shown].codecs:
            # one call per codec: a character it cannot encode becomes '?', none encodes to NUL
            pieces = "\x00".join(chars).encode(codec, errors="replace").split(b"\x00")
            for c, e in zip(chars, pieces):
                if len(e) == 2 and e[1] in _CONT:
                    (first3 if e[0] in _LEAD3 else first4 if e[0] in _LEAD4 else set()).add(c)
                if e[0] in _CONT and len(e) <= 2:
                    if len(e) == 1 or e[1] in _LEAD3 or e[1] in _LEAD4:
                        second3.add(c)
                    if len(e) == 1 or e[1] in _CONT:
                        second4.add(c)
        out += [(class_body(f), class_body(n)) for f, n in ((first3, second3), (first4, second4)) if f and n]
    return tuple(out)


@lru_cache(maxsize=1)
def word_evidence() -> tuple[str, ...]:
    """Patterns without lookarounds (for RE2, `textmend.text.fastre`), one of which matches a
    text wherever `known_words` (given no spans), `a0_lost` or `lone_words` can find anything in
    it: a `SHORT_RUN` run that begins as `_word_shapes` say; two units of `A0_LOST` next to each
    other, one with a space; a `LONE_WORD` of two letters whose first is a common-tier lead
    byte of a `LONE_CODECS` codec."""
    run = f"[{_RUN_CLASS}]"
    # a run of 3 to 12 (two CJK letters are six bytes at least: three characters of a
    # double-byte codec) that begins as one of `_word_shapes`, right after ASCII or a line's
    # start: the pipeline's one RE2 set of every fixer's evidence follows a run only from its
    # first two characters, which clean Chinese seldom has (see `_word_shapes`)
    shapes = "|".join(f"[{first}][{second}]" for first, second in _word_shapes())
    runs = f"(?:{shapes}){run}{{1,10}}"
    lead, cont = f"[{_cp1252_class(0xE2, 0xEF)}]", _cp1252_class(0x80, 0xBF)
    unit, spaced = f"{lead}[{cont} ]{{2}}", f"{lead}(?: [{cont} ]|[{cont}] )"
    lone_lead = class_body(
        c
        for c in map(chr, {b for _codec, leads in LONE_CODECS for b in leads})
        if c.isalpha() and "\u00a1" <= c
    )
    lone_next = class_body(c for c in map(chr, range(0xA1, 0xFF)) if c.isalpha())
    edge = "[^0-9A-Za-z\u0080-\u1fff]"
    return (
        f"(?:^|[\x00-\x7f])(?:{runs})(?:$|[\x00-\x7f])",
        f"{spaced}{unit}|{unit}{spaced}",
        f"(?:^|{edge})[{lone_lead}][{lone_next}](?:$|{edge})",
    )


def word_screens(utf8: bytes | None) -> set[int] | None:
    """Which of `word_evidence`'s second and third patterns and `LATIN_MANY` (indices 0, 1, 2)
    match in the UTF-8 bytes `utf8`, in one pass of RE2: what `a0_lost` and `lone_words` ask
    first of a text, each in a pass of its own (``None``: no RE2 here, or no bytes given)."""
    screen = fastre.build((*word_evidence()[1:3], LATIN_MANY)) if utf8 is not None else None
    return None if screen is None or utf8 is None else screen.which(utf8)


def _pairs_known(word: str, m: Model) -> tuple[int, int]:
    """(pairs of CJK letters in `word`, how many of them the model knows as in-word pairs)."""
    pairs = [
        word[i : i + 2]
        for i in range(len(word) - 1)
        if char_class(word[i]) in CJK_LETTERS and char_class(word[i + 1]) in CJK_LETTERS
    ]
    return len(pairs), sum(1 for p in pairs if p in m.bi)


def known_words(
    text: str, spans: list[tuple[int, Span]], m: Model, utf8: bytes | None = None
) -> list[tuple[int, Span]]:
    """`spans` and the short words of UTF-8 read as a CJK codec that stand alone in ASCII text
    (``澶辫触`` for 失败 after a command, ``<鏍煎紡>`` for 格式): too short for the engine's
    search, but a word whose every pair of letters is a word the model knows, read from a run
    none of whose pairs is, and that reads far cheaper (`WORD_MARGIN`), is that word. Their
    characters are often all common ones, so in a text with nothing suspicious in it they are
    looked for only up to `SHORT_TEXT` characters (a title, a cell, a command line).

    Given the text's UTF-8 bytes `utf8`, RE2 finds the lines that hold such runs (and first
    whether any run begins as `_word_shapes` say, without which none reads as a word)."""
    if utf8 is not None and not spans:
        screen = fastre.build(word_evidence()[:1])
        if screen is not None and screen.search(utf8) is None:
            return spans
    taken = sorted((s + sp.start, s + sp.end) for s, sp in spans)
    starts = [x for x, _ in taken]
    ends = [y for _, y in taken]
    extra: list[tuple[int, Span]] = []
    budget = WORD_RUNS
    known_runs: dict[str, int] = {}  # run -> its pairs the model knows (a title recurs per page)
    for a, b in line_matches(SHORT_RUN, text, utf8, (SHORT_RUN_LOOSE,)):
        k = bisect_left(starts, b)  # spans do not overlap: only the last one starting before b may
        if k and ends[k - 1] > a:
            continue
        budget -= 1
        if budget < 0:
            break
        run = text[a:b]
        known = known_runs.get(run)
        if known is None:
            known = known_runs[run] = _pairs_known(run, m)[1]
        if known:
            continue  # a word the model knows is no mojibake
        prev, nxt = text[a - 1 : a], text[b : b + 1]
        for shown in WORD_SHOWN:
            try:
                word = run.encode(shown_codec(run, shown)).decode("utf-8")
            except UnicodeError:
                continue
            pairs, known = _pairs_known(word, m)
            if not pairs or known < pairs or not all(char_class(c) in CJK_TEXT for c in word):
                continue
            gain = m.cost(run, prev, nxt) - m.cost(word, prev, nxt)
            if gain > WORD_MARGIN:
                extra.append((a, Span(0, b - a, [(0, b - a, word, [])], (("utf-8", shown),), gain)))
                break
    if not extra:
        return spans
    return sorted(spans + extra, key=lambda t: t[0] + t[1].start)


def lone_words(
    text: str, options: Options, utf8: bytes | None = None, screened: set[int] | None = None
) -> list[Change]:
    """One CJK character of a legacy codec read as windows-1252 (``ÏÉ`` for 仙), alone in a
    document with no other accented Latin text (a field, a title): the engine needs more than
    one character of evidence, but two accented letters standing alone as a word, with no
    Latin text around, are no Latin word. Repaired when the bytes are a common character in one codec that the
    model clearly prefers to its readings in the others. (Given the text's UTF-8 bytes `utf8`,
    RE2 tells first whether the text holds such a word, and few enough Latin letters; or
    `screened`, `word_screens` of them, tells.)"""
    if not options.enabled("TM202"):
        return []
    if screened is not None and screened & {1, 2} != {1}:
        return []
    screen = fastre.build((word_evidence()[2], LATIN_MANY)) if utf8 is not None and screened is None else None
    if screen is not None and utf8 is not None and screen.which(utf8) != {0}:
        return []
    found = list(LONE_WORD.finditer(text))
    if not found or len(found) > 8:
        return []
    if LATIN_TEXT.search(LONE_WORD.sub("", text)):
        return []  # real alphabetic text around: its words are not mojibake
    m = model()
    common = tier_sets()[0]
    out: list[Change] = []
    for match in found:
        word = match.group(0)
        if not all(c.isalpha() for c in word) or len(set(word)) == 1 or letter_list(word):
            # a letter doubled (Turkish ÖÖ) or beside its own other case (Ää, a list's) is no
            # reading, as in the engine's `credible`
            continue
        try:
            data = word.encode("cp1252")
        except UnicodeEncodeError:
            continue
        readings: list[tuple[float, str, str]] = []
        for codec, leads in LONE_CODECS:
            if data[0] not in leads:
                continue
            try:
                ch = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and ch in common:
                readings.append((m.cost(ch), ch, codec))
        readings.sort()
        if not readings or (len(readings) > 1 and readings[1][0] - readings[0][0] < LONE_MARGIN):
            continue
        _cost, ch, codec = readings[0]
        out.append(
            Change(
                "TM202",
                f"mojibake: {codec} read as cp1252 (one character alone, in ASCII text)",
                word,
                ch,
                match.start(),
                match.end(),
                confidence=0.6,
            )
        )
    return out


def _cp1252_class(first: int, last: int) -> str:
    """The characters windows-1252 shows for the bytes `first` to `last` (latin-1's C1 control
    for its five undefined bytes), as a class body."""
    return "".join(
        re.escape(bytes([b]).decode("cp1252", errors="ignore") or chr(b)) for b in range(first, last + 1)
    )


#: UTF-8 of CJK text (lead bytes E2-EF) read as windows-1252 where the byte A0 (a no-break space
#: there) became a plain space: ``ä½ å¥½`` for 你好 (你 is E4 BD A0). ftfy restores that byte in
#: Latin text only; a run must hold at least two such characters and one such space.
A0_LOST = re.compile(f"(?:[{_cp1252_class(0xE2, 0xEF)}][{_cp1252_class(0x80, 0xBF)} ]{{2}}){{2,}}")
#: The classes of characters such a run must decode to, every one of them.
CJK_TEXT = frozenset({HAN, HIRA, KATA, HANGUL, CJKP})


def a0_lost(text: str, utf8: bytes | None = None, found: set[int] | None = None) -> list[Change]:
    """The runs of `A0_LOST` in `text` that decode, with their spaces as byte A0, strictly to CJK
    letters and marks, every Hanzi and Hangul one a legacy standard has (the spaces make them
    Latin-looking text to ftfy, which leaves them). Given the text's UTF-8 bytes `utf8`, only
    the lines where RE2 finds two units with a space (`word_evidence`) are searched; `found`
    (`word_screens` of them) may say first that there are none."""
    if found is not None and 0 not in found:
        return []
    out: list[Change] = []
    seen: dict[str, str | None] = {}  # each distinct run read once: logs and tables repeat them
    # (the screen's patterns only where RE2 runs it: building them costs 60 ms once a process)
    loose = word_evidence()[1:2] if utf8 is not None else ()
    for start, end in line_matches(A0_LOST, text, utf8, loose):
        run = text[start:end]
        if " " not in run:
            continue  # ftfy's business
        if run in seen:
            done = seen[run]
            if done is not None:
                out.append(
                    Change(
                        "TM202",
                        "mojibake: utf-8 read as cp1252, its no-break spaces (byte A0) turned into spaces",
                        run,
                        done,
                        start,
                        end,
                        confidence=0.9,
                    )
                )
            continue
        seen[run] = None
        try:
            data = bytes(
                b
                for ch in run.replace(" ", "\xa0")
                for b in (ch.encode("latin-1") if "\x80" <= ch < "\xa0" else ch.encode("cp1252"))
            )
            fixed = data.decode("utf-8")
        except UnicodeError:
            continue
        common, second, _ = tier_sets()
        if all(
            char_class(c) in CJK_TEXT and (char_class(c) not in (HAN, HANGUL) or c in common or c in second)
            for c in fixed
        ):  # Vietnamese through Mac Roman makes rare ones (㠃뷪 from 'ã ƒë·ª')
            seen[run] = fixed
            out.append(
                Change(
                    "TM202",
                    "mojibake: utf-8 read as cp1252, its no-break spaces (byte A0) turned into spaces",
                    run,
                    fixed,
                    start,
                    end,
                    confidence=0.9,
                )
            )
    return out


#: Layers that read a Cyrillic code page through a Latin one (``Ïðèâåò``): their mojibake is
#: made of the accented letters that Latin-script languages write.
LATIN_SHOWN_CYRILLIC = frozenset(
    {("cp1251", "cp1252"), ("koi8-r", "cp1252"), ("cp1251", "mac_roman"), ("koi8-r", "mac_roman")}
)
#: Share of a document's words with accented Latin letters that also hold an ASCII letter, from
#: which the document is taken for Latin-script text.
LATIN_SHARE = 0.5
#: ... counted over at most this many characters of the document.
LATIN_SAMPLE = 200_000
#: A word (a run of letters) holding an accented Latin letter; matched from the word's start only,
#: so a word without one costs one scan.
ACCENTED_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]*?[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f][^\W\d_]*")
#: The characters whose lower case starts with an ASCII letter (K, the Kelvin sign; İ).
ASCII_LETTER = re.compile("[A-Za-z\u0130\u212a]")


def in_latin_text(text: str, spans: list[tuple[int, Span]]) -> list[tuple[int, Span]]:
    """`spans` without the Cyrillic-through-Latin repairs of a document that is Latin-script text.

    A Russian word read as windows-1252 is accented letters only (``Ïðèâåò``), and so is a line
    of accented letters alone (``àèìòù``, a font preview) or the Italian word ``è``, which read
    as Cyrillic at least as well. The document's other words tell them apart: in Italian or
    Icelandic most longer words with an accent also hold plain letters (``qualità``); when at
    least half of them do, these repairs are not made.
    """
    picked = [(s, sp) for s, sp in spans if len(sp.layers) == 1 and sp.layers[0] in LATIN_SHOWN_CYRILLIC]
    if not picked:
        return spans
    accented = mixed = 0
    for m in ACCENTED_WORD.finditer(text, 0, LATIN_SAMPLE):
        w = m.group(0)
        if len(w) > 1:  # one letter (Italian è, Russian и) says nothing
            accented += 1
            mixed += not w.isascii() and ASCII_LETTER.search(w) is not None
    if mixed < LATIN_SHARE * accented:
        return spans
    return [(s, sp) for s, sp in spans if not (len(sp.layers) == 1 and sp.layers[0] in LATIN_SHOWN_CYRILLIC)]


#: One Han or Hangul character glued to a Latin word (inside it, or at its start or end): where
#: UTF-8 Latin text read as a double-byte charset puts each accented letter (``riqu铆sima``,
#: ``P책``). The engine needs two characters of evidence; in a Latin text that holds no other
#: CJK letter, one such character whose bytes are that letter is evidence enough.
_GLUED_CJK = "[\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]"
_GLUED_LATIN = "[A-Za-z\u00c0-\u024f]"
GLUED_LETTER = re.compile(f"(?<={_GLUED_LATIN}){_GLUED_CJK}|{_GLUED_CJK}(?={_GLUED_LATIN})")
#: A letter of CJK text (the classes of `CJK_LETTERS`: Han, kana, Hangul).
_ANY_CJK_LETTER = re.compile(
    "[\u1100-\u11ff\u3005\u3040-\u30fa\u30fc-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\U00020000-\U0003ffff]"
)
#: The charsets a glued letter is read back through (UTF-8 read as each of them).
GLUED_SHOWN = ("gbk", "big5", "euc-kr", "shift_jis")
#: A word must read this much cheaper (nats) with its letter back.
GLUED_MARGIN = 6.0
#: At most this many glued letters are looked at in one text.
GLUED_MAX = 64


def glued_letters(text: str, spans: list[tuple[int, Span]], m: Model) -> list[tuple[int, Span]]:
    """`spans` and the accented letters of a Latin text that UTF-8 read as a double-byte charset
    turned into one CJK character each (``riqu铆sima`` for riquísima in GBK, ``riqu챠sima`` in
    EUC-KR), where there are too few for the engine's search: in a text whose every CJK letter is
    glued to a Latin word (`GLUED_LETTER`), the words whose CJK characters are each, in one
    charset of `GLUED_SHOWN` (the one that explains most), the two-byte UTF-8 of a Latin-1 or
    Latin Extended character, and that read `GLUED_MARGIN` cheaper so."""
    # Every CJK letter must be a glued one (`GLUED_LETTER` matches a subset of them), so the
    # letters are counted first, up to one past `GLUED_MAX`: CJK text stops at its first
    # letters, where finding the glued ones (or ``max(text)``) would cost a pass in Python's
    # regex engine over all of it, and text without one costs one class search in C.
    cjk_letters = sum(1 for _ in islice(_ANY_CJK_LETTER.finditer(text), GLUED_MAX + 1))
    if not cjk_letters or cjk_letters > GLUED_MAX:
        return spans
    found = [x.start() for x in GLUED_LETTER.finditer(text)]
    if len(found) < cjk_letters:
        return spans  # CJK text around: a character beside Latin letters is its own
    taken = [(s + sp.start, s + sp.end) for s, sp in spans]
    words: dict[tuple[int, int], list[int]] = {}  # the words (start, end) and their glued characters
    for i in found:
        if any(a <= i < b for a, b in taken):
            continue
        s, e = i, i + 1
        while s > 0 and text[s - 1].isalpha():
            s -= 1
        while e < len(text) and text[e].isalpha():
            e += 1
        words.setdefault((s, e), []).append(i)
    best: tuple[float, list[tuple[int, Span]]] = (0.0, [])
    for shown in GLUED_SHOWN:
        total = 0.0
        extra: list[tuple[int, Span]] = []
        for (s, e), at in words.items():
            letters = [_utf8_letter(CHARSETS[shown].encode_char(text[i])) for i in at]
            if any(x is None for x in letters):
                continue
            word = list(text[s:e])
            for i, x in zip(at, letters):
                word[i - s] = x or ""
            prev, nxt = text[s - 1 : s], text[e : e + 1]
            gain = m.cost(text[s:e], prev, nxt) - m.cost("".join(word), prev, nxt)
            if gain >= GLUED_MARGIN:
                total += gain
                a, b = at[0], at[-1] + 1
                after = "".join(word[a - s : b - s])
                extra.append((a, Span(0, b - a, [(0, b - a, after, [])], (("utf-8", shown),), gain)))
        if total > best[0]:
            best = (total, extra)
    extra = best[1]
    return sorted([*spans, *extra], key=lambda t: t[0] + t[1].start) if extra else spans


def _utf8_letter(data: bytes | None) -> str | None:
    """The Latin letter or Latin-1 sign (``«``) that `data`, two bytes, is in UTF-8, or ``None``."""
    if data is None or len(data) != 2:
        return None
    try:
        ch = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return ch if "\u00a1" <= ch <= "\u024f" and ch != "\u00ad" else None
