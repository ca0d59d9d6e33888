"""Per-span Chinese script detection: which parts of a text are Simplified, which Traditional.

Most Han characters are *neutral*: Simplified and Traditional text both write 中 文 后 面.
What tells the scripts apart is the characters only one of them uses (`textmend.zh.chars`,
derived from OpenCC's tables). The detector finds those, in order, and groups them into
*blocks*: runs of evidence of one script, never crossing a line break. Each block becomes a
`ScriptSpan` that also covers the neutral Han characters of its clauses; the boundary between a
Simplified and a Traditional span falls at the last sentence end, or failing that the last
punctuation, between their evidence. Neutral text with no evidence takes its label from the
spans around it; where those disagree, from phrase evidence (OpenCC writes 然后 as 然後 in
Traditional, so a neutral 然后 reads as Simplified), and otherwise it stays neutral.

`analyse` returns the spans with the counts a caller needs to decide what to do;
`detect_script` says what the whole text is: ``hans``, ``hant``, ``mixed`` or ``none`` (no
Chinese evidence: no Han characters, only neutral ones, or Japanese, which has kana).

The work is linear in the text: the character classes are regex classes, the blocks are built
in one pass over the evidence characters, and a text without Han characters costs one search.

>>> detect_script("我们说过这个问题。")
'hans'
>>> detect_script("我們說過這個問題。")
'hant'
>>> detect_script("我们说过这个问题。\\n後來他們都說這個問題很難。\\n")
'mixed'
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .chars import HAN, KANA, class_pattern, tables

#: Script labels of spans and texts.
HANS, HANT, NEUTRAL = "hans", "hant", "neutral"

#: A minority span needs this many characters of its script to be converted under ``auto``.
MIN_SPAN_EVIDENCE = 2
#: ... and this many Han characters in all (short spans are too easily a quotation or a name).
MIN_SPAN_HAN = 4
#: A text is clearly mixed when its minority script has this share of the evidence ...
MIN_MINORITY_SHARE = 0.05
#: ... and at least this many characters.
MIN_MINORITY_CHARS = 3
#: Kana marks Japanese: at least this many kana, or this share of the Han and kana characters.
KANA_MIN, KANA_SHARE = 3, 0.05

SENTENCE_END = re.compile(r"[。！？；!?;…\n]")
CLAUSE_END = re.compile(r"[^" + HAN.pattern[1:-1] + r"]")


@dataclass(frozen=True)
class ScriptSpan:
    """A stretch of text written in one script: ``[start, end)`` in the analysed text.

    `script` is ``hans``, ``hant`` or ``neutral``; `evidence` is how many characters only that
    script uses it contains, `han` how many Han characters in all. Spans never cross a line
    break and never overlap; text between spans has no Han character.
    """

    start: int
    end: int
    script: str
    evidence: int
    han: int


@dataclass(frozen=True)
class Analysis:
    """What `analyse` found: the counts, the spans in order, and the verdict for the text.

    `script` is ``hans``, ``hant``, ``mixed`` or ``none``; `dominant` the script with more
    evidence (``neutral`` when there is none); `region` the regional forms seen in Traditional
    text (``tw``, ``hk``, ``std`` for OpenCC's standard forms, or ``""``).
    """

    han: int
    hans: int
    hant: int
    kana: int
    spans: tuple[ScriptSpan, ...]
    script: str
    dominant: str
    region: str

    @property
    def japanese(self) -> bool:
        return self.kana >= KANA_MIN or (self.kana > 0 and self.kana >= KANA_SHARE * (self.han + self.kana))

    def minority_spans(self) -> list[ScriptSpan]:
        """The spans ``auto`` converts: those of the minority script, long enough, in a clearly
        mixed text. Empty for uniform text, Japanese, and texts with too little evidence."""
        if self.script != "mixed" or self.dominant == NEUTRAL:
            return []
        minority = HANT if self.dominant == HANS else HANS
        return [
            s
            for s in self.spans
            if s.script == minority and s.evidence >= MIN_SPAN_EVIDENCE and s.han >= MIN_SPAN_HAN
        ]


NONE = Analysis(0, 0, 0, 0, (), "none", NEUTRAL, "")


S_MARK, T_MARK = "\x01", "\x02"
#: A block of one script's evidence: from one mark to the last mark of the same script before
#: the other script's mark or a line break.
BLOCK = re.compile(f"{S_MARK}(?:[^{T_MARK}\n]*{S_MARK})?|{T_MARK}(?:[^{S_MARK}\n]*{T_MARK})?")


@lru_cache(maxsize=1)
def _marks() -> dict[int, str]:
    """A `str.translate` table marking Simplified-only characters ``\\x01`` and Traditional-only
    ones ``\\x02`` (those two control characters, if present, are masked). Translating keeps
    every offset, and runs in C: a regex class of 3,000 characters, some beyond the BMP, does not."""
    t = tables()
    table = {1: "\x00", 2: "\x00"}
    table.update({ord(c): S_MARK for c in t["hans"]})
    table.update({ord(c): T_MARK for c in t["hant"]})
    return table


def marked(text: str) -> str:
    """`text` with its evidence characters replaced by ``\\x01`` (Simplified) or ``\\x02``."""
    return text.translate(_marks())


#: In `evidence`: a neutral Han character, and any character that is not Han.
N_MARK, OTHER = "\x03", " "
#: The Han blocks of `textmend.zh.chars.HAN_CLASS`, as code point ranges.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


@lru_cache(maxsize=1)
def _evidence_table() -> list[str]:
    """The `str.translate` table of `evidence`: a list indexed by code point (a list lookup is
    twice as fast as the dict of `_marks`); a character beyond its end stays as it is."""
    table = [OTHER] * (HAN_RANGES[-1][1] + 1)
    table[ord("\n")] = "\n"
    for lo, hi in HAN_RANGES:
        table[lo : hi + 1] = [N_MARK] * (hi + 1 - lo)
    for c, mark in _marks().items():
        if mark in (S_MARK, T_MARK):
            table[c] = mark
    return table


def evidence(text: str) -> str:
    """`text` with each Han character replaced by its script's mark (``\x01`` Simplified,
    ``\x02`` Traditional, ``\x03`` neutral) and every other character but the line break by a
    space: same offsets, and a one-byte string in which counting and finding Han characters
    are `str.count` and `str.find` in C instead of regex matches walked in Python."""
    return text.translate(_evidence_table())


def _blocks(text: str, marks: str) -> list[list[int]]:
    """Runs of evidence of one script, as ``[script, first, last, count]`` (script 0 or 1).

    A block ends where the evidence switches script or a line break intervenes.
    """
    blocks = []
    for m in BLOCK.finditer(marks):
        kind = 0 if m.group()[0] == S_MARK else 1
        blocks.append([kind, m.start(), m.end() - 1, m.group().count(S_MARK if kind == 0 else T_MARK)])
    return blocks


def _phrase_label(piece: str) -> str:
    """The script a neutral `piece` reads as, from OpenCC's phrases: ``hans`` when Simplified
    -> Traditional conversion rewrites it (然后 -> 然後), ``hant`` when the reverse does."""
    from .convert import converter  # late: opencc loads only when a text needs it

    s = converter("s2t").convert(piece) != piece
    t = converter("t2s").convert(piece) != piece
    if s and not t:
        return HANS
    if t and not s:
        return HANT
    return NEUTRAL


def _split_point(text: str, lo: int, hi: int) -> int:
    """Where to cut between evidence at `lo` (last char of one block) and `hi` (first of the
    next): after the last sentence end between them, else after the last non-Han character,
    else right before `hi`."""
    best = -1
    for m in SENTENCE_END.finditer(text, lo + 1, hi):
        best = m.end()
    if best == -1:
        for m in CLAUSE_END.finditer(text, lo + 1, hi):
            best = m.end()
    return best if best != -1 else hi


def _han_only(marks: str) -> str:
    """The `evidence` string `marks` with every Han character as `N_MARK`, whatever its script:
    finding and counting Han characters is then one `str.find` or `str.count`."""
    return marks.replace(S_MARK, N_MARK).replace(T_MARK, N_MARK)


def _han_bounds(han: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` shrunk to its first and last Han character (``(start, start)`` if none);
    `han` is the text's `_han_only` string."""
    first = han.find(N_MARK, start, end)
    if first == -1:
        return start, start
    return first, han.rfind(N_MARK, start, end) + 1


def _count_han(han: str, start: int, end: int) -> int:
    """How many Han characters ``[start, end)`` holds; `han` is the text's `_han_only` string."""
    return han.count(N_MARK, start, end)


def _line_starts(text: str) -> list[int]:
    """Offsets where lines start (``rfind`` per block would be quadratic on one long line)."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_bounds(text: str, starts: list[int], pos: int) -> tuple[int, int]:
    """``[start, end)`` of the line holding `pos`, without its line break."""
    i = bisect_right(starts, pos) - 1
    return starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text)


def _spans(text: str, marks: str, blocks: list[list[int]]) -> list[ScriptSpan]:
    """Spans from blocks: each block widened over the neutral Han text of its line up to the
    split points with its neighbours; neutral Han text between spans of different scripts on
    one line is labelled by phrase evidence. `marks` is the text's `evidence`."""
    han = _han_only(marks)
    spans: list[ScriptSpan] = []
    n = len(blocks)
    starts = _line_starts(text)
    for i, (kind, first, last, count) in enumerate(blocks):
        line_a, line_b = _line_bounds(text, starts, first)
        lo = line_a
        if i > 0 and blocks[i - 1][2] >= line_a:
            lo = _split_point(text, blocks[i - 1][2], first)
        hi = line_b
        if i + 1 < n and blocks[i + 1][1] < line_b:
            hi = _split_point(text, last, blocks[i + 1][1])
        start, end = _han_bounds(han, lo, hi)
        script = HANS if kind == 0 else HANT
        spans.append(ScriptSpan(start, end, script, count, _count_han(han, start, end)))
    # Neutral pieces: Han text outside every span (lines without evidence, or the gap at a
    # split) gets a span of its own, labelled by phrase evidence only when the spans around
    # it on its line disagree.
    out: list[ScriptSpan] = []
    pos = 0
    for j, sp in enumerate(spans + [ScriptSpan(len(text), len(text), NEUTRAL, 0, 0)]):
        if sp.start > pos and han.find(N_MARK, pos, sp.start) != -1:
            out.extend(
                _neutral(text, han, pos, sp.start, out[-1] if out else None, sp if j < len(spans) else None)
            )
        if j < len(spans):
            out.append(sp)
            pos = sp.end
    return out


def _neutral(
    text: str, han: str, a: int, b: int, before: ScriptSpan | None, after: ScriptSpan | None
) -> list[ScriptSpan]:
    """Neutral spans for the Han text in ``[a, b)``, one per line (`han`: the text's `_han_only`)."""
    out = []
    line_start = a
    while line_start < b:
        nl = text.find("\n", line_start, b)
        line_end = b if nl == -1 else nl
        start, end = _han_bounds(han, line_start, line_end)
        if end > start:
            label = NEUTRAL
            same_line_before = before is not None and text.find("\n", before.end, start) == -1
            same_line_after = after is not None and text.find("\n", end, after.start) == -1
            if same_line_before and same_line_after and before.script != after.script:  # type: ignore[union-attr]
                label = _phrase_label(text[start:end])
            out.append(ScriptSpan(start, end, label, 0, _count_han(han, start, end)))
        line_start = line_end + 1
    return out


@lru_cache(maxsize=1)
def _regional() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """One class matching any character of the regional sets, and the sets each belongs to."""
    t = tables()
    sets: dict[str, tuple[str, ...]] = {}
    for name in ("tw", "hk", "twhk", "std"):
        for c in t[name]:
            sets[c] = (*sets.get(c, ()), name)
    return class_pattern(frozenset(sets)), sets


def region(text: str) -> str:
    """Which regional Traditional forms the text uses: ``tw``, ``hk``, ``std`` or ``""``.

    One scan for all four sets (`_regional`), then the few distinct matches are counted.
    """
    return region_of(_regional()[0].findall(text))


def regional_chars() -> frozenset[str]:
    """The characters `region` counts (to be found in one scan with others: `region_of`)."""
    return frozenset(_regional()[1])


def region_of(found: Iterable[str]) -> str:
    """`region` from the characters of the text that are `regional_chars` (others are ignored)."""
    sets = _regional()[1]
    counts = {"tw": 0, "hk": 0, "twhk": 0, "std": 0}
    for c, n in Counter(found).items():
        for name in sets.get(c, ()):
            counts[name] += n
    tw, hk, both, std = counts["tw"], counts["hk"], counts["twhk"], counts["std"]
    if tw > hk:
        return "tw"
    if hk > tw:
        return "hk"
    if both > std:
        return "tw"  # forms Taiwan and Hong Kong share (為 眾): Taiwan's is the larger standard
    if std:
        return "std"
    return ""


def analyse(text: str, *, spans: bool = True) -> Analysis:
    """Detect the script of `text` and, when it has evidence of both scripts (even too little
    to call it mixed), of each of its spans (``spans=False`` skips them: the verdict alone is
    cheaper). A uniform text has no spans: it is one script."""
    if not HAN.search(text):
        return NONE
    marks = evidence(text)
    s, t = marks.count(S_MARK), marks.count(T_MARK)
    han = s + t + marks.count(N_MARK)
    kana = len(KANA.findall(text))
    blocks = _blocks(text, marks) if s and t else []
    dominant = HANS if s > t else HANT if t > s else NEUTRAL
    regional = region(text) if t else ""
    if s + t == 0 or KANA_MIN <= kana or (kana and kana >= KANA_SHARE * (han + kana)):
        script = "none"
    elif min(s, t) >= MIN_MINORITY_CHARS and min(s, t) >= MIN_MINORITY_SHARE * (s + t) or s == t:
        script = "mixed"
    else:
        script = dominant
    found = tuple(_spans(text, marks, blocks)) if spans and blocks else ()
    return Analysis(han, s, t, kana, found, script, dominant, regional)


def detect_script(text: str, encodings: Iterable[str] = ()) -> str:
    """``hans``, ``hant``, ``mixed`` or ``none`` for `text` (see the module docstring).

    `encodings`, when given, are the codecs the text was decoded from: text decoded from code
    pages that have no Han character (every single-byte one) has none, and is ``none`` without
    a scan.

    The same verdict as `analyse`, found without marking every character when it can be: a
    text with three kana is Japanese (``none``), and a text without kana that surely lacks one
    script's characters (`_lacks`, a scan in C) is the other script, or ``none`` when it lacks
    both. Only a text with evidence of both scripts, or one or two kana, is marked and counted.
    On a megabyte of GBK or Big5 text that is 5 ms instead of 30 (`textmend detect` reports it).
    """
    encodings = tuple(encodings)
    if (encodings and not any(map(_may_hold_han, encodings))) or not HAN.search(text):
        return "none"
    quick = _without_kana(text)
    if quick is not None:
        no_hant, no_hans = quick
        if no_hant or no_hans:
            return "none" if no_hant and no_hans else HANS if no_hant else HANT
    kana = 0
    for _m in KANA.finditer(text):
        kana += 1
        if kana >= KANA_MIN:
            return "none"
    if not kana:
        no_hant, no_hans = (_lacks(text, check) for check in _one_script_checks())
        if no_hant or no_hans:
            return "none" if no_hant and no_hans else HANS if no_hant else HANT
    return analyse(text, spans=False).script


def _without_kana(text: str) -> tuple[bool, bool] | None:
    """``(no_hant, no_hans)`` as `_lacks` finds them, for a text known to hold no kana; ``None``
    when it may hold kana or a character beyond the BMP (the caller looks closer then).

    Each check's class with the kana added (`_kana_checks`) is one scan: a text of one script
    is scanned to its end once for the other script's characters, and not a second time for
    kana (3 ms of the 7 that a megabyte of GBK text took). A scan that finds nothing says that
    the text has no kana and none of that script's characters; one that finds a character of
    that script says only that it has some (kana may follow), which settles the other scan."""
    found = [p.search(text) for p in _kana_checks()]
    if all(m is not None for m in found):
        return None  # both scripts' characters (or kana): `analyse` counts them
    for m in found:
        if m is not None and (m.group() >= ASTRAL or KANA.match(m.group())):
            return None
    no_hant, no_hans = (m is None for m in found)
    return no_hant, no_hans


@lru_cache(maxsize=1)
def _kana_checks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The quick class of each of `_one_script_checks`, with the kana (`KANA`) in it too."""
    kana = KANA.pattern[1:-1]
    hant, hans = (re.compile("[" + kana + check[0].pattern[1:-1] + "]") for check in _one_script_checks())
    return hant, hans


@lru_cache(maxsize=64)
def _may_hold_han(codec: str) -> bool:
    """Whether text decoded with `codec` can hold Han characters: whether it encodes any of a
    few of the commonest (a code page that encodes none of them has none: Han comes in
    thousands). Unknown names may."""
    try:
        codecs.lookup(codec)
    except LookupError:
        return True
    for ch in "中国國日本한":
        try:
            ch.encode(codec)
        except UnicodeEncodeError:
            continue
        return True
    return False


#: A check that a text holds no character of one script (`_lacks`): a regex class of that
#: script's characters in the Basic Multilingual Plane plus every character beyond it; and, for
#: a text with characters beyond it (emoji, rare Han), a codec, its error handler and a
#: pattern (see `_one_script_checks`).
Check = tuple[re.Pattern[str], str, str, re.Pattern[str] | None]


@lru_cache(maxsize=1)
def _one_script_checks() -> tuple[Check, Check]:
    """For each script, the check that a text holds none of the *other* script's characters.

    First a regex class of the other script's characters of the Basic Multilingual Plane, with
    the whole range beyond it (a class with characters beyond the BMP scans hundreds of times
    slower): it runs in C at about 1 ms per MB, without the Python error-handler call that an
    encode makes for each character the codec lacks (OpenCC's 裏 麪 are not in Big5).

    Only when it stops at a character beyond the BMP, a codec that encodes none (or only a few)
    of the other script's characters, the name of an error handler that fails on those
    characters only (and skips any other character the codec lacks: U+FFFD, emoji, rare Han),
    and a pattern of the few it encodes: GB2312 has (almost) no Traditional-only character,
    Big5 no Simplified-only one. Derived from the detector's tables.
    """
    t = tables()
    out: list[Check] = []
    for codec, others in (("gb2312", t["hant"]), ("big5", t["hans"])):
        leak = []
        for c in others:
            try:
                c.encode(codec)
            except UnicodeEncodeError:
                continue
            leak.append(c)
        name = f"textmend-no-{'hant' if codec == 'gb2312' else 'hans'}"
        codecs.register_error(name, _skip_unless(others))
        bmp = "".join(re.escape(c) for c in sorted(others) if c < ASTRAL)
        quick = re.compile(f"[{bmp}{ASTRAL}-\U0010ffff]")
        out.append(
            (
                quick,
                codec,
                name,
                re.compile("[" + "".join(re.escape(c) for c in sorted(leak)) + "]") if leak else None,
            )
        )
    return out[0], out[1]


#: The first character beyond the Basic Multilingual Plane.
ASTRAL = "\U00010000"


def _skip_unless(others: frozenset[str]) -> Callable[[UnicodeError], tuple[bytes, int]]:
    """An encoding error handler that skips what the codec lacks, unless it is one of `others`."""

    def handler(exc: UnicodeError) -> tuple[bytes, int]:
        assert isinstance(exc, UnicodeEncodeError)
        if not others.isdisjoint(exc.object[exc.start : exc.end]):
            raise exc
        return b"", exc.end

    return handler


def _lacks(text: str, check: Check) -> bool:
    """Whether `text` surely has no character of the script that `check` excludes."""
    quick, codec, handler, leak = check
    found = quick.search(text)
    if found is None:
        return True
    if found.group() < ASTRAL:  # a character of that script
        return False
    try:  # beyond the BMP: the codec decides, skipping what is neither script's
        text.encode(codec, errors=handler)
    except UnicodeEncodeError:
        return False
    return leak is None or leak.search(text) is None


def one_script(text: str) -> bool:
    """Whether `text` surely holds no character of one of the two scripts (so it cannot be
    mixed): it encodes in GB2312 (or Big5) but for characters of neither script, and the other
    script's characters are not in that codec.

    An encode runs in C, several times faster than marking every character
    (`textmend.zh.detect.marked`); ``False`` only means "ask the detector".
    """
    return any(_lacks(text, check) for check in _one_script_checks())
