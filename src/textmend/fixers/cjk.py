"""CJK and cross-script mojibake: text decoded with the wrong CJK or Cyrillic codec.

The kinds Chinese, Japanese, Korean and Russian users meet every day, which ftfy does not undo:

* UTF-8 read as GBK (``浣犲ソ`` for 你好), Big5, Shift-JIS or EUC-KR, with or without the bytes
  the wrong decoder replaced (``涓�涓�``);
* GBK, Big5, Shift-JIS, EUC-JP or EUC-KR read as windows-1252 or latin-1 (``ÄãºÃ`` for 你好);
* GBK read as Big5 and back; windows-1251 read as windows-1252 (``Ïðèâåò``), KOI8-R read as
  windows-1251;
* two layers of these, and any of them confined to a paragraph, a line or a field.

The work is done by `textmend.mojibake`; this module is the fixer around it: a cheap test that
the text can hold mojibake at all (a character class of what mojibake is made of, searched in
C), the lines worth searching, and the account of each repair as a `Change` (TM202, or TM203
when lost bytes were restored) and of each character that could not be restored as a `Finding`
(TM204, with its candidates). UTF-8 read as windows-1252, mac_roman or windows-1251 alone is
left to the Latin fixer (ftfy) that runs next.

The document is evidence too. The layer that explains most of its stretches (each stretch
counting at most `EVIDENCE_CAP`) is believed on less evidence elsewhere in it; when its repairs
cover nearly all of the document's non-ASCII text, the few characters left over are read with
it (`_whole_document`: ``畢`` for 拨, ``§c`` for 呃, ``¢Ñ`` for ☞, ``Ч`` for в); and a long
document that a single-byte layer explains is read with that layer past the search budget, in
C (`_past_the_budget`).

>>> from textmend.context import Context
>>> fix("ÄãºÃ£¬ÊÀ½ç", Context())[0]
'你好，世界'
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..context import Context
from ..mojibake.document import Document
from ..mojibake.engine import Span, lossy_evidence, repair_line, worth_probing
from ..options import Options
from ..result import Change, Finding
from ..spans import apply_edits
from ..text import screen
from ..text.charmodel import (
    CJKP,
    CTRL,
    HAN,
    HANGUL,
    HIRA,
    KATA,
    MARK,
    OTHER,
    PUA,
    Model,
    char_class,
    model,
    tier_sets,
)
from ..text.charsets import CHARSETS, Layer, common_block, layer_name

CODES = ("TM202", "TM203", "TM204")

#: Plausibility gained (nats) by a layer's repairs in a document before it is believed on less
#: evidence elsewhere in the same document, where a stretch is then decoded for `CONTEXT_SWITCH`.
CONTEXT_EVIDENCE = 30.0
CONTEXT_SWITCH = 2.0
#: What one repaired stretch counts, at most, towards its layer's evidence: a document's main
#: layer is the one that explains most of its stretches, not the one that won its longest line
#: (EUC-JP read as windows-1252 and GBK read as it give the same kana; a long line of symbols
#: where GBK's readings happen to cost less must not make GBK the main layer of the rest).
EVIDENCE_CAP = 100.0
#: A stretch another layer won goes to the document's main layer if that gains this share.
DOMINANT_SHARE = 0.75


HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]")


@lru_cache(maxsize=2)
def suspicious(korean: bool = False) -> re.Pattern[str]:
    """A character class of what mojibake is made of: everything but the characters of clean text.

    Clean text is ASCII, common punctuation, kana, the common tier of Hanzi/kanji (GB2312 level 1,
    Big5's common block, JIS level 1), KS X 1001 Hangul, Arabic, Hebrew, Thai and emoji.
    Accented Latin letters, Cyrillic (KOI8-R read as windows-1251 is all Cyrillic), Greek and
    mathematical signs (the symbol rows of GBK and Shift-JIS), rarer Han, halfwidth katakana,
    other symbols, controls, private use and U+FFFD are suspicious, and so is Han glued to Hangul:
    a line holding one is searched, where they cluster or the line is odd enough.

    The Han-Hangul test (`korean`) is a slower search, so it is made only for text that holds
    a Hangul syllable at all.
    """
    cls = _safe_class()
    # A Han character glued to a Hangul syllable (``蹂닿린`` for 보기, UTF-8 read as EUC-KR): each
    # is common alone, but UTF-8 read as EUC-KR mixes them within a word where Korean text
    # seldom does (a particle after Hanja, 韓國은, is searched too and left by the engine).
    if not korean:
        return re.compile(f"[^{cls}]")
    return re.compile(f"[^{cls}]|{HAN_HANGUL}")


#: Han glued to Hangul, either order (see `suspicious`).
HAN_HANGUL = (
    "[\u4e00-\u9fff\uf900-\ufaff](?=[\uac00-\ud7a3])|(?<=[\uac00-\ud7a3])[\u4e00-\u9fff\uf900-\ufaff]"
)


@lru_cache(maxsize=1)
def _safe_class() -> str:
    """The characters of clean text (see `suspicious`), escaped for a character class."""
    common, _second, _any = tier_sets()
    safe = {c for c in common if not ("\u0400" <= c <= "\u04ff")}
    ranges = [
        "\x00-\x7f",
        "\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff",  # Hebrew, Arabic
        "\u0e00-\u0e7f",  # Thai
        "\u3000-\u303f\u3040-\u30ff",  # CJK punctuation, kana
        "\uff01-\uff5e",  # fullwidth forms
        "\u2010-\u2027\u2030-\u205e",  # general punctuation
        "\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d",  # emoji
    ]
    safe_chars = "".join(sorted(c for c in safe if ord(c) > 0x7F))
    return "".join(ranges) + re.escape(safe_chars)


@lru_cache(maxsize=2)
def evidence_gate(korean: bool = False) -> re.Pattern[str]:
    """What sends a stretch to the searches below (`textmend.text.screen.gate`): a suspicious
    character that is not alphabetic, a lost character, or a damage channel's signature. A
    stretch whose suspicious characters are all accented Latin, Greek or Cyrillic letters and
    that holds no signature is clean in every language, and is not scored."""
    return screen.gate(_safe_class(), (HAN_HANGUL,) if korean else ())


#: Five or more characters of windows-1252's upper half, each at most one character from the
#: next, with no space: a legacy CJK text read as windows-1252 (``Ž„“I“ú‹L`` for 私的日記 in
#: Shift-JIS), whose punctuation (“ ‹ „) is not suspicious alone. Words of European languages
#: hold two or three accents, not five in a row.
_HIGH = "".join(
    sorted({re.escape(bytes([b]).decode("cp1252", errors="ignore")) for b in range(0x80, 0x100)} - {""})
)
DENSE_HIGH = re.compile(f"[{_HIGH}](?:[^\\s]?[{_HIGH}]){{4}}")


def _qmarks(text: str) -> Iterator[int]:
    """Positions of '?' next to a non-ASCII character: where a lost byte may have become '?'."""
    i = text.find("?")
    n = len(text)
    while i != -1:
        if (i > 0 and text[i - 1] > "\x7f") or (i + 1 < n and text[i + 1] > "\x7f"):
            yield i
        i = text.find("?", i + 1)


def _positions(
    text: str, pat: re.Pattern[str], lines: list[tuple[int, int]], seen: list[int]
) -> Iterator[int]:
    """The suspicious positions of `text` in `lines` (``(start, end)``, in order; the lines that
    hold evidence) and the '?' of `screen.lost_marks`, in order, each once, produced lazily (a
    search budget stops long before a large file's last one); each is also appended to `seen`."""
    found = (m.start() for a, b in lines for m in pat.finditer(text, a, b))
    merged = heapq.merge(found, screen.lost_marks(text)) if "?" in text else found
    last = -1
    for p in merged:
        if p != last:
            seen.append(p)
            yield p
            last = p


#: Around each suspicious character, this many characters either side are searched (within its
#: line); a line shorter than three windows is searched whole.
WINDOW = 40
#: A lone suspicious character is first judged with this many characters either side.
PROBE = 12


def _regions(text: str, positions: Iterable[int]) -> Iterator[tuple[int, int]]:
    """The stretches worth searching: windows around `positions` (sorted), merged, within lines.

    A generator: a caller that stops early (the search budget) pays only for what it took.
    """
    cur: tuple[int, int] | None = None
    line_s = line_e = -1
    for p in positions:
        if p >= line_e:
            line_s = text.rfind("\n", 0, p) + 1
            line_e = text.find("\n", p)
            line_e = len(text) if line_e == -1 else line_e
        if line_e - line_s <= 3 * WINDOW:
            s, e = line_s, line_e
        else:
            s = p - WINDOW if p - WINDOW > line_s else line_s
            e = p + WINDOW + 1 if p + WINDOW + 1 < line_e else line_e
        if cur is not None and s <= cur[1]:
            if e - cur[0] <= MAX_REGION:
                if e > cur[1]:
                    cur = (cur[0], e)
                continue
            s = cur[1]  # a huge line is searched in pieces: the engine's cost grows with length
            if e <= s:
                continue
        if cur is not None:
            yield cur
        cur = (s, e)
    if cur is not None:
        yield cur


def _cjk_mixup(layer: Layer) -> bool:
    """Whether `layer` reads one CJK codec as another: its mojibake is made of characters as
    common as those of clean text (``奻厙`` for 上网, GBK read as Big5), which the suspicious
    class does not flag."""
    true, shown = layer
    return shown in ("gbk", "big5", "shift_jis", "euc-jp", "euc-kr") and true != "utf-8"


def _unvisited(text: str, visited: list[tuple[int, int]], wanted: bool) -> list[tuple[int, int]]:
    """The lines of `text` holding non-ASCII characters that no region of `visited` (sorted)
    touches, when `wanted`: where a document's known CJK mix-up may hide in characters the
    suspicious class lets pass. At most `MAX_REGION` characters of each; the search budget
    bounds the total."""
    if not wanted:
        return []
    out: list[tuple[int, int]] = []
    starts = [v[0] for v in visited]
    pos = 0
    n = len(text)
    budget = SEARCH_BUDGET
    while pos < n and budget > 0:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        if end > pos and not text[pos:end].isascii():
            # the gaps the visited regions leave in this line
            k = max(0, bisect_right(starts, pos) - 1)
            at = pos
            while at < end:
                while k < len(visited) and visited[k][1] <= at:
                    k += 1
                stop = min(end, visited[k][0]) if k < len(visited) else end
                if stop > at and not text[at:stop].isascii():
                    e = min(stop, at + MAX_REGION)
                    out.append((at, e))
                    budget -= e - at
                at = max(stop, visited[k][1]) if k < len(visited) and visited[k][0] <= stop else stop
        pos = end + 1
    return out


def _all_covered(positions: list[int], s: int, e: int, covered: list[tuple[int, int]]) -> bool:
    """Whether every position in ``[s, e)`` lies in one of the `covered` ranges (sorted)."""
    lo = bisect_left(positions, s)
    hi = bisect_left(positions, e)
    for p in positions[lo:hi]:
        k = bisect_right(covered, (p, float("inf"))) - 1
        if k < 0 or not covered[k][0] <= p < covered[k][1]:
            return False
    return True


def describe(layers: tuple[Layer, ...], shown_text: str) -> str:
    """The chain in words, oldest layer first: ``utf-8 read as gbk, then utf-8 read as cp1252``."""
    names = [layer_name(la, shown_text) for la in layers]
    return ", then ".join(reversed(names))


#: Characters of suspicious lines searched per text at most: the search is pure-Python scoring
#: of many codec pairs (about 70 KB/s on text that is mojibake throughout), so a document that
#: is mojibake from end to end is repaired up to this point and the rest reported (TM204),
#: which keeps any input well under a second.
SEARCH_BUDGET = 20_000

#: What one lost character (U+FFFD, or a '?' that may stand for a lost byte) costs the search,
#: in characters: each is restored by ranking every candidate in its context, some 40 times
#: the work of an ordinary character (0.3-0.5 ms each); text full of them is bounded too.
#: A run of markers is counted as one lost character per three markers (a CJK character is
#: three bytes of UTF-8, and one whose every byte was lost is reported unweighed).
LOST_WORK = 40


def _lost_chars(line: str) -> list[int]:
    """Where the lost characters of `line` start: every third marker of each run of markers."""
    marks = sorted(
        {i for i, c in enumerate(line) if c == "\ufffd"}.union(_qmarks(line) if "?" in line else ())
    )
    out: list[int] = []
    run = 0
    prev = -2
    for i in marks:
        run = run + 1 if i == prev + 1 else 0
        if run % 3 == 0:
            out.append(i)
        prev = i
    return out


def _work(line: str) -> int:
    """What searching `line` costs the budget: its characters, and more for lost ones."""
    if "\ufffd" not in line and "?" not in line or not lossy_evidence(line):
        return len(line)
    return len(line) + LOST_WORK * len(_lost_chars(line))


def _fit(line: str, allowed: int) -> int:
    """The length of the longest start of `line` whose `_work` is at most `allowed` (cut after
    a space when there is one in its second half); all of it when it fits."""
    if len(line) + LOST_WORK * line.count("\ufffd") <= allowed and "?" not in line or _work(line) <= allowed:
        return len(line)
    if not lossy_evidence(line):
        return min(len(line), allowed)
    lost = _lost_chars(line)
    lo, hi = 0, len(line)  # the work of line[:k] is k + LOST_WORK * (lost characters before k)
    while lo < hi:
        k = (lo + hi + 1) // 2
        if k + LOST_WORK * bisect_left(lost, k) <= allowed:
            lo = k
        else:
            hi = k - 1
    space = line.rfind(" ", lo // 2, lo)
    return space + 1 if space > 0 else lo


#: Longest stretch searched at once; a longer line is cut into such pieces.
MAX_REGION = 2_000

#: Only lost-character markers: a "repair" from such a run to another says nothing new.
LOST_ONLY = re.compile("[\ufffd?]*")

#: A run of box-drawing and block characters (and spaces): never mojibake to be "repaired".
BOX_ONLY = re.compile(r"[\u2500-\u259f\s]+")


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
#: ... and only when its best reading beats the next by this many nats.
LONE_MARGIN = 2.0


#: A short run of CJK text between ASCII (a word in a command line, a log, a table cell); ′ and
#: ″ are GBK's too (``妯″紡`` for 模式).
SHORT_RUN = re.compile(
    "(?<![^\x00-\x7f])[\u2032\u2033\u3000-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]{2,12}"
    "(?![^\x00-\x7f])"
)
#: The CJK codecs UTF-8 is most often read with, for `_known_words`.
WORD_SHOWN = ("gbk", "big5", "shift_jis", "euc-kr")
#: ... and how much cheaper (nats) the word must read than the run as it stands.
WORD_MARGIN = 6.0
#: Runs looked at, at most, in one text (lossy Korean is thousands of short runs between '?').
WORD_RUNS = 2_000
#: The longest text without a suspicious character that is looked at for such words.
SHORT_TEXT = 65_536
_CJK_LETTERS = frozenset({HAN, HIRA, KATA, HANGUL})


def _pairs_known(word: str, m: Model) -> tuple[int, int]:
    """(pairs of CJK letters in `word`, how many of them the model knows as in-word pairs)."""
    pairs = [
        word[i : i + 2]
        for i in range(len(word) - 1)
        if char_class(word[i]) in _CJK_LETTERS and char_class(word[i + 1]) in _CJK_LETTERS
    ]
    return len(pairs), sum(1 for p in pairs if p in m.bi)


def _known_words(text: str, spans: list[tuple[int, Span]], m: Model) -> list[tuple[int, Span]]:
    """`spans` and the short words of UTF-8 read as a CJK codec that stand alone in ASCII text
    (``澶辫触`` for 失败 after a command, ``<鏍煎紡>`` for 格式): too short for the engine's
    search, but a word whose every pair of letters is a word the model knows, read from a run
    none of whose pairs is, and that reads far cheaper (`WORD_MARGIN`), is that word. Their
    characters are often all common ones, so in a text with nothing suspicious in it they are
    looked for only up to `SHORT_TEXT` characters (a title, a cell, a command line)."""
    taken = sorted((s + sp.start, s + sp.end) for s, sp in spans)
    starts = [x for x, _ in taken]
    ends = [y for _, y in taken]
    extra: list[tuple[int, Span]] = []
    budget = WORD_RUNS
    for match in SHORT_RUN.finditer(text):
        a, b = match.span()
        k = bisect_left(starts, b)  # spans do not overlap: only the last one starting before b may
        if k and ends[k - 1] > a:
            continue
        budget -= 1
        if budget < 0:
            break
        run = match.group(0)
        if _pairs_known(run, m)[1]:
            continue  # a word the model knows is no mojibake
        prev, nxt = text[a - 1 : a], text[b : b + 1]
        for shown in WORD_SHOWN:
            try:
                word = run.encode(CHARSETS[shown].codecs[0]).decode("utf-8")
            except UnicodeError:
                continue
            pairs, known = _pairs_known(word, m)
            if not pairs or known < pairs or not all(char_class(c) in _CJK_TEXT for c in word):
                continue
            gain = m.cost(run, prev, nxt) - m.cost(word, prev, nxt)
            if gain > WORD_MARGIN:
                extra.append((a, Span(0, b - a, [(0, b - a, word, [])], (("utf-8", shown),), gain)))
                break
    if not extra:
        return spans
    return sorted(spans + extra, key=lambda t: t[0] + t[1].start)


def _lone_words(text: str, options: Options) -> list[Change]:
    """One CJK character of a legacy codec read as windows-1252 (``ÏÉ`` for 仙), alone in a
    document with no other accented Latin text (a field, a title): the engine needs more than
    one character of evidence, but two accented letters standing alone as a word, with no
    Latin text around, are no Latin word. Repaired when the bytes are a common character in one codec that the
    model clearly prefers to its readings in the others."""
    if not options.enabled("TM202"):
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
        if not all(c.isalpha() for c in word) or len(set(word)) == 1:
            continue  # a letter doubled (Turkish ÖÖ) is no reading, as in the engine's `_credible`
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
_CJK_TEXT = frozenset({HAN, HIRA, KATA, HANGUL, CJKP})


def _a0_lost(text: str) -> list[Change]:
    """The runs of `A0_LOST` in `text` that decode, with their spaces as byte A0, strictly to CJK
    letters and marks, every Hanzi and Hangul one a legacy standard has (the spaces make them
    Latin-looking text to ftfy, which leaves them)."""
    out: list[Change] = []
    seen: dict[str, str | None] = {}  # each distinct run read once: logs and tables repeat them
    for match in A0_LOST.finditer(text):
        run = match.group(0)
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
                        match.start(),
                        match.end(),
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
            char_class(c) in _CJK_TEXT and (char_class(c) not in (HAN, HANGUL) or c in common or c in second)
            for c in fixed
        ):  # Vietnamese through Mac Roman makes rare ones (㠃뷪 from 'ã ƒë·ª')
            seen[run] = fixed
            out.append(
                Change(
                    "TM202",
                    "mojibake: utf-8 read as cp1252, its no-break spaces (byte A0) turned into spaces",
                    run,
                    fixed,
                    match.start(),
                    match.end(),
                    confidence=0.9,
                )
            )
    return out


#: The single-byte code pages a one-byte-per-character mix-up is read between.
_SINGLE_BYTE = frozenset({"cp1252", "cp1251", "koi8-r", "mac_roman", "latin-1"})


def _utf8_underneath(text: str, a: int, b: int, layers: tuple[Layer, ...], after: str) -> bool:
    """Whether a repair of ``text[a:b]`` (into `after`) read through a single-byte code page sits
    in a run of non-space non-ASCII characters that windows-1252 turns back into valid UTF-8.

    For a single-byte mix-up (windows-1251 read as windows-1252...) that is ftfy's kind of
    mojibake, which the Latin fixer after this one undoes (``ÃƒÅ“`` in ``ÃƒÅ“gyvitel``: Ü twice
    through UTF-8 read as windows-1252); a Cyrillic reading of it is wrong, and real windows-1251
    text read as windows-1252 (``Ïðèâåò``) is not valid UTF-8. A legacy CJK reading of the same
    bytes (EUC-KR's 캅 for the Turkish İ of ``Ä°kinci``) gives way when the UTF-8 reading is the
    likelier text.
    """
    if not all(sh in _SINGLE_BYTE for _t, sh in layers):
        return False
    a0, b0 = a, b
    while a > 0 and text[a - 1] > "\x7f" and not text[a - 1].isspace():
        a -= 1
    n = len(text)
    while b < n and text[b] > "\x7f" and not text[b].isspace():
        b += 1
    try:
        decoded = text[a:b].encode("cp1252").decode("utf-8")
    except UnicodeError:
        return False
    if decoded.isascii():
        return False
    if all(t in _SINGLE_BYTE for t, _sh in layers):
        return True
    m = model()
    prev, nxt = text[a - 1 : a], text[b : b + 1]
    return m.cost(decoded, prev, nxt) < m.cost(text[a:a0] + after + text[b0:b], prev, nxt)


#: Share of a document's non-ASCII characters its repairs must cover before the rest is read
#: with its main layer too (see `_whole_document`).
WHOLE_SHARE = 0.9
#: ... or this share, for leftovers that bear the layer's signature (see `_whole_document`).
SIGNED_SHARE = 0.5
#: Letters read that way must be of the common block of their charset; other characters (marks,
#: symbols, the Greek and Cyrillic rows of the CJK charsets) must not be of these classes.
_CJK_LETTER = frozenset({HAN, HANGUL, HIRA, KATA})
_NEVER = frozenset({CTRL, PUA, OTHER, MARK})
#: ... and none whose reading costs this many nats more than it does as it stands: a clean word
#: beside the mojibake (Москва, read through KOI8-R as лНЯЙБЮ) is far dearer read.
LEFTOVER_DOUBT = 9.0


#: A run of non-ASCII characters other than spaces.
_WIDE_RUN = re.compile(r"[^\x00-\x7f\s]+")


def _whole_document(
    text: str, spans: list[tuple[int, Span]], main: Layer, m: Model, signed: bool = False
) -> list[tuple[int, Span]]:
    """The last few non-ASCII characters of a document that a legacy CJK layer misread whole.

    When the main layer's repairs cover nearly all of a document's non-ASCII text, the document
    went through that mix-up whole, and the characters left over went through it too, though
    alone they prove nothing: ``畢`` (GBK 拨 read as Big5) is a common character as it stands,
    and ``§c`` (Big5 呃 read as windows-1252, its second byte the letter c) looks like a symbol
    and a letter. Each leftover run of non-ASCII characters (with the ASCII character after it
    when its last byte needs a second) is read back with the main layer, and kept only when it
    gives letters of the frequently used block of the charset it was written in, or its marks and
    symbols (``¢Ñ``, EUC-KR's ☞, alone between ASCII words). A single-byte layer's leftovers
    (``fork() Ч``, в in KOI8-R read as windows-1251: one letter is no evidence alone) are read
    only as letters.

    With less of the document behind the layer (`signed`: its repairs are the only ones, but
    too few to make it the document's known layer; or they cover only `SIGNED_SHARE` of it),
    a leftover is read only when it bears the layer's own signature: rare characters of the
    charset it was read as that are common ones of the charset it was written in (``珈`` alone
    in a description, 仙 in GBK read as Big5, beside a title that layer repaired).
    """
    true, shown = main
    common = common_block(true)
    alphabet = CHARSETS[true].kind == "sbcs" and CHARSETS[shown].kind == "sbcs"
    if not (common or alphabet) or not spans:
        return []
    covered = sorted((s + sp.start, s + sp.end) for s, sp in spans)
    total = inside = 0
    runs: list[tuple[int, int]] = []  # the stretches of non-ASCII text no repair covers
    k = 0
    nc = len(covered)
    for match in _WIDE_RUN.finditer(text):
        a, b = match.span()
        total += b - a
        while k < nc and covered[k][1] <= a:
            k += 1
        pos = a
        j = k
        while j < nc and covered[j][0] < b:
            c0, c1 = max(covered[j][0], pos), min(covered[j][1], b)
            if c0 > pos:
                runs.append((pos, c0))
            if c1 > c0:
                inside += c1 - c0
            pos = max(pos, c1)
            j += 1
        if pos < b:
            runs.append((pos, b))
    if not runs or inside < (WHOLE_SHARE if not signed else SIGNED_SHARE) * total:
        return []
    codec_in, codec_out = CHARSETS[shown].codecs[0], CHARSETS[true].codecs[0]
    rare_shown = common_block(shown)
    out: list[tuple[int, Span]] = []
    clean_lines: set[int] = set()  # the lines (numbers) found to hold clean text
    newlines = [x.start() for x in re.finditer("\n", text)] if alphabet else []
    for a, b in runs:
        try:
            data = text[a:b].encode(codec_in)
        except UnicodeEncodeError:
            continue
        try:
            fixed = data.decode(codec_out)
        except UnicodeDecodeError:
            if b >= len(text) or not ("!" <= text[b] <= "~"):
                continue
            try:
                fixed = (data + text[b].encode("ascii")).decode(codec_out)
            except UnicodeDecodeError:
                continue
            b += 1
        if fixed == text[a:b]:
            continue
        if alphabet:
            if (
                not all(c.isalpha() and c > "\x7f" for c in fixed)
                or text[a - 1 : a].isalpha()
                and text[a - 1 : a].isascii()
                or text[b : b + 1].isalpha()
                and text[b : b + 1].isascii()
            ):
                # read only as letters, and not inside a Latin word ('crème' as 'crиme'): a line
                # holding such a word is clean text, and none of its leftovers is read
                clean_lines.add(bisect_left(newlines, a))
                continue
        elif not all(
            c in common if char_class(c) in _CJK_LETTER else c > "\x7f" and char_class(c) not in _NEVER
            for c in fixed
        ):
            continue
        if (signed or inside < WHOLE_SHARE * total) and not (
            rare_shown and all(c not in rare_shown for c in text[a:b]) and all(c in common for c in fixed)
        ):
            continue  # with less of the document behind it, only the layer's own signature
        prev, nxt = text[a - 1 : a], text[b : b + 1]
        if m.cost(fixed, prev, nxt) > m.cost(text[a:b], prev, nxt) + LEFTOVER_DOUBT:
            continue  # a clean word the layer reads as gibberish (Москва as лНЯЙБЮ)
        out.append((a, Span(0, b - a, [(0, b - a, fixed, [])], (main,), 1.0)))
    if clean_lines:
        out = [(a, sp) for a, sp in out if bisect_left(newlines, a) not in clean_lines]
    return out


#: Past the search budget of a document a single-byte layer explains nearly whole, the text is
#: read in pieces (lines, or this many characters of a long line) whose words cost less so
#: altogether (short words and abbreviations, ``ори`` for НПХ, go with their piece).
PIECE = 400
#: ... judged on their first this many characters (a single-byte reading keeps every character
#: in its place), which bounds the model's work past the budget to a third of the text.
SAMPLE = 120
#: A word of the text past the search budget, for `_past_the_budget`: a run of non-ASCII
#: characters and the ASCII letters and digits glued to them (markup and punctuation cut it).
_WORD = re.compile(r"[A-Za-z0-9]*[^\x00-\x7f\s]+(?:[A-Za-z0-9]+[^\x00-\x7f\s]+)*[A-Za-z0-9]*")


def _reading_holds(text: str, start: int, spans: list[tuple[int, Span]], main: Layer) -> bool:
    """Whether `main` is the reading of the whole document, as far as ``text[:start]`` (searched,
    repaired in `spans`) shows: its repairs cover nearly all of that text's non-ASCII characters,
    and it is not UTF-8 read as a code page (ftfy's) or a text read as UTF-8 (U+FFFD throughout)."""
    true, shown = main
    if CHARSETS[shown].kind == "utf8" or CHARSETS[true].kind == "utf8" and CHARSETS[shown].kind != "dbcs":
        return False
    covered = sorted((s + sp.start, s + sp.end) for s, sp in spans if s + sp.start < start)
    total = sum(1 for c in text[:start] if c > "\x7f" and not c.isspace())
    inside = sum(
        sum(1 for c in text[a : min(b, start)] if c > "\x7f" and not c.isspace()) for a, b in covered
    )
    if not total or inside < WHOLE_SHARE * total:
        return False
    sample = covered[:20]
    # (UTF-8 read as windows-1252, Ã§a, is the Latin fixer's, which drops these spans)
    return sum(_utf8_underneath(text, a, b, (main,), "") for a, b in sample) * 2 <= len(sample)


def _past_the_budget(
    text: str, start: int, spans: list[tuple[int, Span]], main: Layer, m: Model
) -> list[tuple[int, Span]] | None:
    """The rest of a long document past the search budget (from `start`), read piece by piece
    (word by word where a piece does not read whole) with its main layer when that explains
    nearly all of the text searched so far; None otherwise (a layer read as UTF-8, whose text
    is U+FFFD throughout, or UTF-8 read as a single-byte code page, which is ftfy's).

    Such a document went through that mix-up from end to end: the search found the document's
    reading, and the codecs apply it wholesale, in C, wherever it holds (each piece is kept when
    the model finds it cheaper so), in time linear in the document. Windows-1251 read as
    windows-1252, GBK read as latin-1, UTF-8 read as GBK: a megabyte takes a fraction of a
    second where the search would take minutes. Where the wrong decoder replaced bytes
    (U+FFFD), the characters around them are read and each lost character stays one U+FFFD
    (reported, TM204), as the search reports those it cannot restore.
    """
    if not _reading_holds(text, start, spans, main):
        return None
    true, shown = main
    codec_in, codec_out = CHARSETS[shown].codecs[0], CHARSETS[true].codecs[0]
    lossy = true == "utf-8"  # a lost byte (U+FFFD) stays lost: the characters around it are read
    out: list[tuple[int, Span]] = []
    n = len(text)
    a = start
    while a < n:
        nl = text.find("\n", a)
        line_end = n if nl == -1 else nl
        b = min(line_end, a + PIECE)
        if b < line_end:
            space = text.rfind(" ", a + PIECE // 2, b)
            b = space + 1 if space > 0 else b
        chunk = text[a:b]
        if not chunk.isascii():
            after = _read_piece(chunk, codec_in, codec_out, m, lossy)
            if after is not None:
                lost = [()] * after.count("\ufffd") if lossy else []
                out.append((a, Span(0, b - a, [(0, b - a, after, lost)], (main,), 1.0)))
        a = b if b < line_end else line_end + 1
    return out


#: A Latin letter next to a letter of another script, in either order.
_MIXED = re.compile(r"[A-Za-z][^\W\d_A-Za-z]|[^\W\d_A-Za-z][A-Za-z]")


_LOST_RUN = re.compile("\ufffd{2,}")


def _encode_lossy(chunk: str, codec: str) -> bytes:
    """`chunk` in `codec`, each U+FFFD (a byte sequence the wrong decoder could not read) as the
    byte 0xFF, which no UTF-8 sequence holds: decoding gives U+FFFD where characters were lost."""
    return b"\xff".join(part.encode(codec) for part in chunk.split("\ufffd"))


def _read_piece(chunk: str, codec_in: str, codec_out: str, m: Model, lossy: bool = False) -> str | None:
    """`chunk` read back through a single-byte layer, or None when that reading is no better.

    The reading is judged on its first `SAMPLE` characters (a single-byte layer keeps every
    character in its place); clean text after the mojibake (a French paragraph read as
    windows-1251 turns 'fermé' into 'fermй') costs more so and is kept. A word whose reading
    puts a Latin letter beside another script's counts against its piece and is never read.
    """
    try:
        if lossy and "\ufffd" in chunk:  # the bytes of a lost character decode to a run of U+FFFD: one
            every = _LOST_RUN.sub("\ufffd", _encode_lossy(chunk, codec_in).decode(codec_out, "replace"))
        else:
            every = chunk.encode(codec_in).decode(codec_out)
    except UnicodeError:
        every = None
    if every is not None and not _MIXED.search(every):
        kept = every
    else:  # word by word: some words do not encode, or read as mixed scripts
        every_parts: list[str] = []
        kept_parts: list[str] = []
        pos = 0
        for match in _WORD.finditer(chunk):
            gap = chunk[pos : match.start()]
            word = match.group(0)
            try:
                fixed = word.encode(codec_in).decode(codec_out)
            except UnicodeError:
                fixed = word
            every_parts += (gap, fixed)
            kept_parts += (gap, word if _MIXED.search(fixed) else fixed)
            pos = match.end()
        every = "".join(every_parts) + chunk[pos:]
        kept = "".join(kept_parts) + chunk[pos:]
    if kept == chunk or m.cost(every[:SAMPLE]) >= m.cost(chunk[:SAMPLE]):
        return None
    return kept


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Repair CJK and cross-script mojibake (TM202, TM203) and report what stays lost (TM204)."""
    options = ctx.options
    if text.isascii() or not any(options.enabled(c) for c in CODES):
        return text, []
    korean = HANGUL_SYLLABLE.search(text) is not None
    pat = suspicious(korean)
    first = pat.search(text)
    if first is None and "?" not in text and (len(text) > SHORT_TEXT or not _known_words(text, [], model())):
        return text, []
    # Only the lines that hold evidence are searched: a line whose every suspicious character is
    # a letter of clean alphabetic text (French, Russian, Greek...) is not scored at all.
    open_lines = evidence_gate(korean).lines(text, ctx.view(text).compact) if first is not None else []
    if not open_lines and ("?" not in text or next(screen.lost_marks(text), None) is None):
        if screen.cjk_words_quiet(text):  # no evidence line, no lost '?', nothing for the word tests
            return text, []
    positions: list[int] = []  # the positions the regions taken so far were made from
    regions = _regions(text, _positions(text, pat, open_lines, positions))
    m = model()
    spans: list[tuple[int, Span]] = []
    evidence: dict[Layer, float] = {}
    searched = 0
    skipped: tuple[int, int] | None = None
    visited: list[tuple[int, int]] = []  # the regions the first loop went through
    # Short lines already judged, and their repairs ([] when not worth searching): files repeat
    # lines (logs, tables, boilerplate), and a line seen before is repaired the same way.
    repaired: dict[str, list[Span]] = {}
    doc = Document(text)  # the text as its own model for lost characters (counted on first use)
    for s, e in regions:
        if searched > SEARCH_BUDGET:
            skipped = skipped or (s, e)
            break
        line = text[s:e]
        cut = _fit(line, SEARCH_BUDGET - searched + MAX_REGION)
        if cut < len(line):  # lost characters make this stretch dearer than the budget left
            skipped = (s + cut, e)
            line = line[:cut]
            e = s + cut
        visited.append((s, e))
        short = len(line) <= 3 * WINDOW
        found_spans = repaired.get(line) if short else None
        if found_spans is None:
            found_spans = []
            found = [x.start() for x in pat.finditer(line)]
            unsafe = frozenset(line[i] for i in found)
            # One odd character is common in clean text (a rare Hanzi, a '£' or an 'é' in Chinese):
            # search only where odd characters cluster, or the line as a whole is odd enough.
            clustered = (
                "\ufffd" in unsafe
                or any(b - a <= 2 for a, b in zip(found, found[1:]))
                or DENSE_HIGH.search(line) is not None
                or "?" in line
                and lossy_evidence(line)
            )  # lost bytes saved as '?'
            if clustered or worth_probing(line, found, PROBE, m):
                searched += _work(line)
                found_spans = repair_line(line, m, unsafe, doc=doc)
            if short:
                repaired[line] = found_spans
        for sp in found_spans:
            if BOX_ONLY.fullmatch(line[sp.start : sp.end]):
                continue  # a drawn box is clean text in any code page that has one
            spans.append((s, sp))
            if len(sp.layers) == 1:
                evidence[sp.layers[0]] = evidence.get(sp.layers[0], 0.0) + min(sp.gain, EVIDENCE_CAP)
        if skipped is not None:
            break
    # The surrounding text: layers that repaired much of this document are believed on less
    # evidence elsewhere in it (a lone 'JCB°¡' between English words is too short alone).
    ranked = sorted(evidence.items(), key=lambda kv: -kv[1])
    known = tuple(la for la, g in ranked if g >= CONTEXT_EVIDENCE and g * 3 >= ranked[0][1])[:2]
    if known:
        # Where another layer won a stretch the dominant one also explains nearly as well (a
        # run of symbols reads as something in most CJK charsets), the dominant one is believed.
        main = known[0]
        removed: set[int] = set()
        for idx, (s, sp) in enumerate(spans):
            if idx in removed or sp.layers == (main,) or len(sp.layers) != 1:
                continue
            stop = text.find("\n", s + sp.end)
            stop = len(text) if stop == -1 else stop
            line = text[s : stop if stop - s <= MAX_REGION else s + sp.end]
            alt = [
                a
                for a in repair_line(line, m, None, (main,), CONTEXT_SWITCH, doc)
                if a.start <= sp.start and a.end >= sp.end
            ]
            if not alt:
                continue
            # The main layer's reading may be wider: the other layers' short readings inside it
            # were pieces of one longer stretch. It replaces every span it overlaps, when those
            # all lie inside it and it gains nearly as much as they do together.
            a0, a1 = s + alt[0].start, s + alt[0].end
            inside = [
                j
                for j, (s2, sp2) in enumerate(spans)
                if j not in removed and s2 + sp2.start < a1 and s2 + sp2.end > a0
            ]
            if any(s2 + sp2.start < a0 or s2 + sp2.end > a1 for s2, sp2 in (spans[j] for j in inside)):
                continue
            rival = sum(spans[j][1].gain for j in inside if spans[j][1].layers != (main,))
            if alt[0].gain >= DOMINANT_SHARE * rival:
                removed.update(j for j in inside if j != idx)
                spans[idx] = (s, alt[0])
        spans = [t for j, t in enumerate(spans) if j not in removed]
        done = [(s + sp.start, s + sp.end) for s, sp in spans]
        covered = sorted(done)
        extra = set(_unvisited(text, visited, any(_cjk_mixup(la) for la in known)))
        for s, e in sorted(visited + list(extra)):
            if searched > SEARCH_BUDGET + SEARCH_BUDGET // 2:
                break
            if (s, e) not in extra and _all_covered(positions, s, e, covered):
                continue  # every suspicious character here is already repaired
            line = text[s:e]
            line = line[: _fit(line, SEARCH_BUDGET + SEARCH_BUDGET // 2 - searched + MAX_REGION)]
            searched += _work(line)
            for sp in repair_line(line, m, None, known, CONTEXT_SWITCH, doc):
                if BOX_ONLY.fullmatch(line[sp.start : sp.end]):
                    continue
                a, b = s + sp.start, s + sp.end
                if all(b <= x or a >= y for x, y in done):
                    spans.append((s, sp))
                    done.append((a, b))
        spans += _whole_document(text, spans, main, m)
        if skipped is not None:
            rest = _past_the_budget(text, skipped[0], spans, main, m)
            if rest is not None:
                spans += rest
                skipped = None
    else:
        used = {sp.layers for _s, sp in spans}
        if len(used) == 1 and len(next(iter(used))) == 1 and _cjk_mixup(next(iter(used))[0]):
            spans += _whole_document(text, spans, next(iter(used))[0], m, signed=True)
    spans.sort(key=lambda t: t[0] + t[1].start)
    spans = _in_latin_text(text, spans)
    spans = _known_words(text, spans, m)
    lost_a0: list[Change] = []
    if " " in text and options.enabled("TM202"):
        # the engine's own repairs (a legacy CJK text read as windows-1252 can look the same) win
        lost_a0 = [
            c
            for c in _a0_lost(text)
            if all(s + sp.end <= c.start or s + sp.start >= c.end for s, sp in spans)
        ]
        if lost_a0:
            spans += [
                (
                    c.start,
                    Span(
                        0, c.end - c.start, [(0, c.end - c.start, c.after, [])], (("utf-8", "cp1252"),), 0.0
                    ),
                )
                for c in lost_a0
            ]
            spans.sort(key=lambda t: t[0] + t[1].start)
    items: list[Change | Finding] = []
    if skipped is not None and spans and options.enabled("TM204"):  # (a finding claims damage:
        # where the text searched so far held none, the rest left unsearched is no evidence)
        items.append(
            Finding(
                "TM204",
                f"more suspected mojibake from here on was not searched: the search stops after "
                f"{SEARCH_BUDGET:,} characters (repair the file in parts to go on)",
                text[skipped[0] : skipped[1]][:40],
                (),
                skipped[0],
                skipped[1],
                confidence=0.3,
            )
        )
    out: list[str] = []
    pos = 0
    lost_at: dict[int, list[Change]] = {}  # the lost no-break spaces by start: one look-up per span
    for c in lost_a0:
        lost_at.setdefault(c.start, []).append(c)
    for s, sp in spans:
        if _utf8_underneath(text, s + sp.start, s + sp.end, sp.layers, sp.after):
            continue  # UTF-8 read as windows-1252, twice or with a Latin letter: the Latin fixer's
        line = text[s : s + sp.end]
        accounted = _account(sp, line, s, options)
        if sp.gain == 0.0 and s in lost_at:
            accounted = lost_at[s]  # with its own message
        for item in accounted:
            if isinstance(item, Change) and (
                item.before == item.after
                or (
                    LOST_ONLY.fullmatch(item.before)
                    and LOST_ONLY.fullmatch(item.after)
                    and len(item.after) >= len(item.before)
                )
            ):
                continue  # nothing changes, or lost markers become as many: nothing recovered
                # (fewer markers, one per lost character instead of one per lost byte, is a repair)
            if isinstance(item, Change) and "\xa0" in item.after and "\xa0" not in item.before:
                continue  # a repair that invents no-break spaces before words (clean Serbian љубав
                # read back through koi8-r) is not one
            items.append(item)
            if isinstance(item, Change):
                out.append(text[pos : item.start])
                out.append(item.after)
                pos = item.end
    if not items and not spans:
        lone = _lone_words(text, options)
        if lone:
            return apply_edits(text, lone), list(lone)
    if not any(isinstance(i, Change) for i in items):
        return text, [i for i in items if isinstance(i, Finding)]
    out.append(text[pos:])
    return "".join(out), items


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
WORD = re.compile(r"[^\W\d_]+")
ACCENTED_LATIN = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def _in_latin_text(text: str, spans: list[tuple[int, Span]]) -> list[tuple[int, Span]]:
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
    for m in WORD.finditer(text, 0, LATIN_SAMPLE):
        w = m.group(0)
        if len(w) > 1 and ACCENTED_LATIN.search(w):  # one letter (Italian è, Russian и) says nothing
            accented += 1
            mixed += not w.isascii() and any("a" <= c.lower() <= "z" for c in w)
    if mixed < LATIN_SHARE * accented:
        return spans
    return [t for t in spans if t not in picked]


def _account(sp: Span, line: str, offset: int, options: Options) -> list[Change | Finding]:
    """The changes and findings of one repaired span (offsets in the fixer's input)."""
    before = line[sp.start : sp.end]
    chain = describe(sp.layers, before)
    lossy = any(p[3] for p in sp.pieces) or sp.restored
    code = "TM203" if lossy else "TM202"
    if not options.enabled(code):
        return []
    out: list[Change | Finding] = []
    # Pieces with an unresolved character become their own change, so that the finding and the
    # U+FFFD left in the text point at the same place.
    group_start: int | None = None
    group_text: list[str] = []
    group_end = 0

    def flush() -> None:
        nonlocal group_start, group_text
        if group_start is not None:
            out.append(_change(code, chain, sp, line, offset, group_start, group_end, "".join(group_text)))
        group_start, group_text = None, []

    for a, b, t, unresolved in sp.pieces:
        if unresolved:
            flush()
            out.append(_change(code, chain, sp, line, offset, a, b, t))
            if options.enabled("TM204"):
                cands = tuple(dict.fromkeys(c for u in unresolved for c in u[:5]))
                out.append(
                    Finding(
                        "TM204",
                        f"mojibake ({chain}) lost {len(unresolved)} character"
                        f"{'s' if len(unresolved) > 1 else ''} here; "
                        + (f"candidates: {' '.join(cands)}" if cands else "too many candidates to list"),
                        line[a:b],
                        cands,
                        offset + a,
                        offset + b,
                        confidence=0.5,
                    )
                )
            continue
        if group_start is None:
            group_start = a
        group_text.append(t)
        group_end = b
    flush()
    return out


def _change(code: str, chain: str, sp: Span, line: str, offset: int, a: int, b: int, after: str) -> Change:
    restored = (
        f", {sp.restored} lost character{'s' if sp.restored != 1 else ''} restored" if sp.restored else ""
    )
    return Change(
        code, f"mojibake: {chain}{restored}", line[a:b], after, offset + a, offset + b, confidence=0.9
    )
