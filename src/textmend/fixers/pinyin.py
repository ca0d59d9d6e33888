"""Inline pinyin residue: 經(jīng)濟(jì) for 經濟, left by mirror sites, and the damage inside it.

Some mirror and "study" sites annotate the characters of an article with their pinyin,
inline, and the annotations survive copy and paste: ``黃石市經(jīng)信局``. An annotation is a Han
character, ``(`` or ``（``, one pinyin syllable, ``)`` or ``）``, where the syllable is a
reading of that character (pypinyin's heteronyms: a polyphone matches any of its readings;
a syllable without tone mark matches as the neutral tone).

Glosses are legitimate and stay: ``北京 (Běijīng)`` (a word, a space, several syllables),
``重(chóng)新`` in a dictionary entry, a textbook line with two glosses, a variable ``變量(a)``.
All annotations of a document are removed (TM601) when it shows the *systematic* pattern:

- at least `MIN_ANNOTATIONS` of them (`SMALL_MIN_ANNOTATIONS` on common characters in a document
  with at most `SMALL_HAN` Han characters), covering at least `MIN_SHARE` of its Han characters, and
- at least `MIN_MONOPHONIC` of them on characters with a single reading, or in runs of
  adjacent annotations (經(jīng)濟(jì)): a gloss exists to tell the readings of a polyphone apart
  (重(chóng)新, one per word), residue annotates characters whatever they are, one after another.

Below that, each run is judged alone (`_below_threshold`): adjacent annotations on common
characters that a word goes on after (以(yǐ)北(běi)五道 in a Korean article) are residue and
removed, such a run ending its word (李(lǐ)明(míng)。 in a sentence) or a lone annotation on a
common character with a single reading is reported, and glosses stay.

The residue is sometimes damaged. ``湖北日?qǐng)?bào)網`` came from 湖北日報(bào)網 through a tool
that worked on GBK bytes: 日報 is ``C8 D5 88 F3``; read one byte out of step, ``D5 88`` became
請 (annotated qǐng), and ``F3`` with the ``(`` that followed became ``?``. The lost character
is recovered from that evidence (TM602): its lead byte is the trail byte of the character
that 請 was read as (whose lead byte is the trail byte of 日), its own trail byte is a lead
byte (it swallowed the ``(``), ``bào`` is one of its readings, and it belongs to the script
the document is written in (a Simplified-only character does not fit a Traditional text).
Only 報 fits. Where the evidence leaves several characters, nothing is changed and a finding
lists them (TM603).

Each removed run of annotations is one change (經(jīng)濟(jì) -> 經濟), not one per syllable. The
scan costs nothing for ASCII text, one search of the parentheses for other clean text
(`first_annotation`), and is linear otherwise.

>>> from textmend.context import Context
>>> fix("經(jīng)濟(jì)運(yùn)行態(tài)勢(shì)良好。", Context())[0]
'經濟運行態勢良好。'
>>> fix("重(chóng)新、重(zhòng)要、行(háng)業", Context())[0]
'重(chóng)新、重(zhòng)要、行(háng)業'
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..context import Context
from ..result import Change, Finding
from ..spans import apply_edits
from ..zh.chars import HAN, HAN_CLASS, hans, hant
from ..zh.detect import HANS, HANT, analyse
from ..zh.readings import SYLLABLE, common, is_reading, monophonic

#: The systematic pattern: at least this many annotations ...
MIN_ANNOTATIONS = 3
#: ... covering at least this share of the document's Han characters ...
MIN_SHARE = 0.05
#: ... of which at least this share annotate characters with a single reading, or sit in
#: runs of adjacent annotations.
MIN_MONOPHONIC = 0.25
MIN_ADJACENT = 0.25
#: A document with at most this many Han characters cannot hold `MIN_ANNOTATIONS` of them at
#: the density residue has (half its characters and more: 3 / 0.5): a title, a tag or a name in
#: an XML feed. There, `SMALL_MIN_ANNOTATIONS` annotations on common characters are enough
#: (they are a third of its Han characters at least); one alone is a learner's gloss as often
#: as residue (``the word 水(shuǐ)``), and is reported.
SMALL_HAN = 6
SMALL_MIN_ANNOTATIONS = 2

#: Codecs whose misaligned two-byte reading the damaged-annotation repair knows.
CODECS: tuple[str, ...] = ("gbk",)

OPEN, CLOSE = "[(（]", "[)）]"
ANNOTATION = re.compile(f"([{HAN_CLASS}]){OPEN}({SYLLABLE}){CLOSE}")
#: P, then a lost (ghost character + "(") or a surviving ghost annotated, then "?" and the
#: lost character's reading: 日?qǐng)?bào) or 日請(qǐng)?bào).
DAMAGED = re.compile(
    f"(?P<p>[{HAN_CLASS}])(?:\\?|(?P<g>[{HAN_CLASS}]){OPEN})(?P<s1>{SYLLABLE}){CLOSE}\\?(?P<s2>{SYLLABLE}){CLOSE}"
)


#: A run of adjacent annotations, checked or not: 經(jīng)濟(jì)運(yùn)行.
RUN = re.compile(f"(?:[{HAN_CLASS}]{OPEN}{SYLLABLE}{CLOSE})+")


class Run(NamedTuple):
    """Adjacent annotations that are all readings: ``text[start:end]`` becomes `chars`."""

    start: int
    end: int
    chars: str


def find_runs(text: str) -> list[Run]:
    """The runs of adjacent ``char(syllable)`` annotations whose syllables are readings of their
    characters; an annotation that is not (``變量(a)``) splits a run and stays.

    One regex match per run, not per annotation: residue has long runs, and this is the costly
    part of the fixer on a large text."""
    first = first_annotation(text)
    if first < 0:
        return []
    out: list[Run] = []
    for m in RUN.finditer(text, first):
        pairs = ANNOTATION.findall(m.group())
        if all(is_reading(c, s) for c, s in pairs):
            out.append(Run(m.start(), m.end(), "".join(c for c, _ in pairs)))
        else:
            out.extend(_valid_runs(text, m.start(), m.end()))
    return out


#: What follows the annotated character: the annotation's parentheses and syllable. A pattern
#: that starts with the parenthesis, unlike `RUN` and `ANNOTATION`, lets the regex engine skip
#: ahead to each parenthesis (4 to 10 times faster on clean text than searching for `RUN`).
GLOSS = re.compile(f"{OPEN}{SYLLABLE}{CLOSE}")


#: A text with fewer parentheses than one per this many characters has each looked at by
#: `first_annotation` (``str.find``, well under a microsecond each); a denser one (code with
#: Chinese comments) is scanned once for a Han character before a parenthesis instead.
PAREN_SPACING = 200
#: Han characters of the Basic Multilingual Plane followed by an opening parenthesis (a class
#: with characters beyond it would scan hundreds of times slower; see `first_annotation`).
HAN_PAREN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff](?=[(（])")


def first_annotation(text: str) -> int:
    """Where the first ``char(syllable)`` annotation of `text` starts, or -1 when it has none.

    The prefilter that makes clean text cheap: ASCII text (source code, English) has no Han
    character to annotate, and in other text only a parenthesised syllable right after a Han
    character is looked at. A text with few parentheses (prose) has each found with
    ``str.find`` and the character before it compared, in a loop that costs Python time per
    parenthesis; one with many (code with Chinese comments, 100,000 ``(`` in a few MB) is
    scanned once by `HAN_PAREN`, which costs C time per character (a Han character beyond the
    Basic Multilingual Plane before an annotation is not seen there: rare beyond measure).
    """
    if text.isascii():
        return -1
    parens = text.count("(") + text.count("（")
    if parens == 0:
        return -1
    if parens * PAREN_SPACING > len(text):  # dense: one regex scan of the text
        for m in HAN_PAREN.finditer(text):
            if GLOSS.match(text, m.end()):
                return m.start()
        return -1
    best = -1  # each parenthesis found with str.find and looked at
    for paren in "(（":
        i = text.find(paren, 1)
        while i != -1 and (best < 0 or i <= best):
            if text[i - 1] >= "\u3400" and HAN.match(text, i - 1) and GLOSS.match(text, i):
                best = i - 1
                break
            i = text.find(paren, i + 1)
    return best


def _valid_runs(text: str, start: int, end: int, blocked: tuple[int, int] | None = None) -> list[Run]:
    """The runs of valid annotations inside ``[start, end)``, leaving out any annotation that
    is not a reading or overlaps `blocked`."""
    out: list[Run] = []
    for a in ANNOTATION.finditer(text, start, end):
        ok = is_reading(*a.group(1, 2))
        if ok and blocked is not None:
            ok = a.end() <= blocked[0] or a.start() >= blocked[1]
        if not ok:
            continue
        if out and out[-1].end == a.start():
            out[-1] = Run(out[-1].start, a.end(), out[-1].chars + a.group(1))
        else:
            out.append(Run(a.start(), a.end(), a.group(1)))
    return out


def count(runs: list[Run]) -> int:
    """How many annotations `runs` hold (one annotated character each)."""
    return sum(len(r.chars) for r in runs)


def systematic(text: str, runs: list[Run]) -> bool:
    """Whether the annotations of `runs` are residue rather than glosses (see the module docstring)."""
    n = count(runs)
    if n < SMALL_MIN_ANNOTATIONS:
        return False
    han = len(HAN.findall(text))
    if n < MIN_ANNOTATIONS and not (han <= SMALL_HAN and all(common(c) for r in runs for c in r.chars)):
        return False
    if n < MIN_SHARE * han:
        return False
    need = MIN_MONOPHONIC * n
    mono = 0
    for r in runs:
        for ch in r.chars:
            mono += monophonic(ch)
        if mono >= need:
            return True
    adjacent = sum(len(r.chars) for r in runs if len(r.chars) > 1)
    return adjacent >= MIN_ADJACENT * n


def _two_byte_chars(codec: str, lead: int) -> list[tuple[str, int]]:
    """The characters `codec` encodes as two bytes starting with `lead`, with their trail byte."""
    out = []
    for trail in range(0x40, 0xFF):
        try:
            ch = bytes([lead, trail]).decode(codec)
        except UnicodeDecodeError:
            continue
        if len(ch) == 1 and HAN.match(ch):
            out.append((ch, trail))
    return out


def recover(prev: str, ghost: str | None, ghost_reading: str, reading: str, script: str = "") -> list[str]:
    """The characters that fit a damaged annotation (see the module docstring), sorted.

    `prev` is the character before the damage, `ghost` the misread character when it survived
    (else ``None``), `ghost_reading` its annotation and `reading` the lost character's. With
    `script` (``hans`` or ``hant``: what the document is written in), characters only the
    other script uses are dropped, unless nothing else fits.
    """
    found: set[str] = set()
    for codec in CODECS:
        try:
            pb = prev.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(pb) != 2:
            continue
        if ghost is not None:
            try:
                gb = ghost.encode(codec)
            except UnicodeEncodeError:
                continue
            ghosts = [(ghost, gb[1])] if len(gb) == 2 and gb[0] == pb[1] else []
        else:
            ghosts = _two_byte_chars(codec, pb[1])
        for g, g_trail in ghosts:
            if not is_reading(g, ghost_reading) or g_trail < 0x81:
                continue
            for ch, trail in _two_byte_chars(codec, g_trail):
                # its trail byte, read as a lead byte, swallowed the "(" that followed
                if trail >= 0x81 and is_reading(ch, reading):
                    found.add(ch)
    other = {"hans": hant(), "hant": hans()}.get(script)
    if other is not None and found - other:
        found -= other
    return sorted(found)


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Remove pinyin residue (TM601) and recover (TM602) or report (TM603) damaged annotations."""
    options = ctx.options
    on = [options.enabled(c) for c in ("TM601", "TM602", "TM603")]
    if not any(on):
        return text, []
    runs = find_runs(text)
    if not runs:
        return text, []
    if not systematic(text, runs):
        return _below_threshold(text, runs, on[0])
    items: list[Change | Finding] = []
    damaged: list[tuple[int, int]] = []
    if on[1] or on[2]:
        script = ""
        for m in DAMAGED.finditer(text):
            if not script:
                dominant = analyse(text, spans=False).dominant
                script = dominant if dominant in (HANS, HANT) else "-"
            candidates = recover(m.group("p"), m.group("g"), m.group("s1"), m.group("s2"), script)
            start, end = m.start("p") + 1, m.end()
            before = text[start:end]
            if len(candidates) == 1 and on[1]:
                items.append(
                    Change(
                        "TM602",
                        f"character lost in damaged pinyin residue, recovered from its reading "
                        f"{m.group('s2')} and the misaligned GBK bytes",
                        before,
                        candidates[0],
                        start,
                        end,
                    )
                )
                damaged.append((start, end))
            elif len(candidates) > 1 and on[2]:
                items.append(
                    Finding(
                        "TM603",
                        f"character lost in damaged pinyin residue ({m.group('s2')}): several characters fit",
                        before,
                        tuple(candidates),
                        start,
                        end,
                    )
                )
                damaged.append((start, end))
    if on[0]:
        items.extend(_removals(text, runs, damaged))
    changes = sorted((i for i in items if isinstance(i, Change)), key=lambda c: c.start)
    if not changes:
        return text, items
    return apply_edits(text, changes), items


def _below_threshold(text: str, runs: list[Run], remove: bool) -> tuple[str, list[Change | Finding]]:
    """Annotations too few to be the systematic pattern (`systematic`), each judged alone.

    A run of two or more adjacent annotations on common characters followed by more of the word,
    unannotated (以(yǐ)北(běi)五道), is residue, removed (TM601): a reader's gloss annotates a rare
    character, a polyphone or a whole name, not the first characters of a common word. Such a
    run that ends its word (李(lǐ)明(míng)。 in a sentence, which may be a name's gloss), and a
    single annotation on a common character with one reading (北(běi)), are reported (TM601
    findings). Glosses of a polyphone (重(chóng)新) or a rare character (饕(tāo)餮(tiè)) stay, unreported.
    """
    items: list[Change | Finding] = []
    changes: list[Change] = []
    for r in runs:
        if not all(map(common, r.chars)):
            continue
        before = text[r.start : r.end]
        inside = HAN.match(text, r.end) is not None  # the word goes on, unannotated
        if len(r.chars) >= 2 and inside:
            if remove:
                message = "inline pinyin annotations removed (readings of common characters inside a word)"
                changes.append(Change("TM601", message, before, r.chars, r.start, r.end))
        elif len(r.chars) >= 2:
            items.append(
                Finding(
                    "TM601",
                    "possible pinyin residue: adjacent readings of common characters",
                    before,
                    (r.chars,),
                    r.start,
                    r.end,
                )
            )
        elif monophonic(r.chars):
            message = "possible pinyin residue: a common character with one reading, annotated"
            items.append(Finding("TM601", message, before, (r.chars,), r.start, r.end))
    items = [*changes, *items]
    if not changes:
        return text, items
    return apply_edits(text, changes), items


def _removals(text: str, runs: list[Run], damaged: list[tuple[int, int]]) -> list[Change]:
    """One TM601 change per run of adjacent annotations (經(jīng)濟(jì) -> 經濟), leaving damage alone."""
    blocked = sorted(damaged)
    changes: list[Change] = []
    j = 0
    for run in runs:
        while j < len(blocked) and blocked[j][1] <= run.start:
            j += 1
        pieces = [run]
        if j < len(blocked) and blocked[j][0] < run.end:
            pieces = _valid_runs(text, run.start, run.end, blocked[j])
        for r in pieces:
            changes.append(
                Change(
                    "TM601",
                    "inline pinyin annotation removed",
                    text[r.start : r.end],
                    r.chars,
                    r.start,
                    r.end,
                )
            )
    return changes


def evidence() -> tuple[str, ...]:
    """What `fix` reacts to (`textmend.fixers` says how the pipeline uses it): one annotation,
    a Han character with a parenthesised syllable (without one `find_runs` finds no run, and
    every change and finding of `fix` is about a run)."""
    return (ANNOTATION.pattern,)
