"""Chinese script: repair mixed documents (``--script auto``) or convert to a target script.

``auto`` (the default) converts only the minority-script spans of a clearly mixed Chinese
document to its dominant script (TM501): a Simplified article with a few paragraphs that a
tool turned Traditional comes back all Simplified. It leaves alone uniform text in either
script, Japanese (kana present), and spans too short to be sure of (a quoted title, a name):
`textmend.zh.detect` decides what is mixed and where the spans are. ``keep`` never converts.

``hans``, ``hant``, ``tw`` and ``hk`` convert the whole text (TM502) with OpenCC. The input
may be in any Chinese script, so the OpenCC config is chosen for what each span *is*, not
only for the target (`chain`):

======  ==============  ==========================================================
target  Simplified in   Traditional in: OpenCC standard / Taiwan forms / Hong Kong forms
======  ==============  ==========================================================
hans    t2s             t2s / tw2s / hk2s
hant    s2t             (kept) / tw2t / hk2t
tw      s2tw            t2tw / (kept) / hk2t + t2tw
hk      s2hk            t2hk / tw2t + t2hk / (kept)
======  ==============  ==========================================================

Why: ``s2t`` on Traditional text is not harmless (it turns the neutral 台 of 台灣 into 臺),
``t2tw`` on Simplified text converts nothing, and Taiwan and Hong Kong forms (裡, 綫) are
normalised to OpenCC's standard forms by their own ``*2t`` configs before any further step.
Simplified text is run through ``t2s`` for ``hans`` too: it is nearly the identity on
Simplified text and it settles neutral characters that only Traditional text writes so
(乾燥 -> 干燥). The regional flavour of a Traditional span is read from the regional forms
the whole text uses (`textmend.zh.detect`). ``benchmarks/opencc_cases.py`` measures this
choice against calling OpenCC directly on OpenCC's own test cases.

Each converted stretch of text is one change (see `_line_changes`), within each detected span
of a mixed text; never one per character, nor one per line.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import compress
from operator import not_
from pathlib import Path

import opencc

from ..context import Context
from ..result import Change, Finding
from ..spans import trim_common
from ..zh.chars import HAN, tables
from ..zh.detect import HANS, HANT, MIN_SPAN_EVIDENCE, MIN_SPAN_HAN, NEUTRAL, Span, analyse
from ..zh.detect import _region as region_of

PHRASES = Path(__file__).resolve().parent.parent / "data" / "zh_t2s_phrases.txt"

#: The single OpenCC config a user would call for each target (the baseline measured against).
CONFIGS: dict[str, str] = {
    "hans": "t2s",
    "hant": "s2t",
    "tw": "s2tw",
    "hk": "s2hk",
}

#: The OpenCC configs applied, in order, to a span: by target, then by what the span is
#: (``hans``, or ``hant`` with its regional flavour: ``std``, ``tw``, ``hk``). See the table above.
CHAINS: dict[str, dict[str, tuple[str, ...]]] = {
    "hans": {"hans": ("t2s",), "std": ("t2s",), "tw": ("tw2s",), "hk": ("hk2s",)},
    "hant": {"hans": ("s2t",), "std": (), "tw": ("tw2t",), "hk": ("hk2t",)},
    "tw": {"hans": ("s2tw",), "std": ("t2tw",), "tw": (), "hk": ("hk2t", "t2tw")},
    "hk": {"hans": ("s2hk",), "std": ("t2hk",), "tw": ("tw2t", "t2hk"), "hk": ()},
}

#: Under ``auto`` a minority span is converted to the dominant script, in the regional
#: flavour the rest of the text uses.
AUTO_TARGET: dict[tuple[str, str], str] = {
    (HANS, ""): "hans", (HANS, "std"): "hans", (HANS, "tw"): "hans", (HANS, "hk"): "hans",
    (HANT, ""): "hant", (HANT, "std"): "hant", (HANT, "tw"): "tw", (HANT, "hk"): "hk",
}


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    """One OpenCC converter per config, built once (loading dictionaries takes milliseconds)."""
    return opencc.OpenCC(config)


def chain(target: str, script: str, region: str) -> tuple[str, ...]:
    """The OpenCC configs that take a span written in `script` (``hans``/``hant``, with the
    text's `region`) to `target`."""
    key = "hans" if script == HANS else (region or "std")
    return CHAINS[target][key]


def run_chain(text: str, configs: tuple[str, ...]) -> str:
    """`text` through each OpenCC config of `configs` in turn."""
    for config in configs:
        text = converter(config).convert(text)
    return text


def _line_changes(before: str, after: str, offset: int, code: str, message: str) -> list[Change]:
    """The changes of a converted piece: one per stretch of converted lines, trimmed to run from
    its first converted character to its last, so that it is reported at the line and column
    where the conversion starts.

    A stretch ends at a line that has Han characters and that the conversion left as it was
    (a title already in the target script, a quotation): lines with nothing to convert (blank
    lines between paragraphs, English, code) do not end it. Not one change per line or per
    paragraph: a converted article changes nearly every line, and a record per line or per
    paragraph cost more than OpenCC's whole conversion (thousands of records to build and
    locate) while telling the reader no more than "this was converted"; the diff shows the
    detail. The lines are compared in C (`str.split`, `map`, `compress`); Python only visits
    the unchanged lines and the stretches.
    """
    if before == after:
        return []
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):  # OpenCC keeps line breaks; be safe if a config ever does not
        return [_trimmed(before, after, offset, code, message)]
    differs = list(map(str.__ne__, old, new))
    changed = list(compress(range(len(old)), differs))
    if len(changed) == len(old):
        return [_trimmed(before, after, offset, code, message)]
    # the unchanged lines with Han characters end a stretch
    ends = [i for i in compress(range(len(old)), map(not_, differs))
            if not old[i].isascii() and HAN.search(old[i])]
    out: list[Change] = []
    lo = 0
    line = a0 = b0 = 0  # a line, and where it starts in `before` and in `after`
    for hi in (*ends, len(old)):
        k = bisect_left(changed, lo)
        if k < len(changed) and changed[k] < hi:
            first, last = changed[k], changed[bisect_left(changed, hi) - 1]
            # offsets summed in C over the lines in between (each line and its break)
            a0 += sum(map(len, old[line:first])) + first - line
            b0 += sum(map(len, new[line:first])) + first - line
            a1 = a0 + sum(map(len, old[first : last + 1])) + last - first  # without the last break
            b1 = b0 + sum(map(len, new[first : last + 1])) + last - first
            out.append(_trimmed(before[a0:a1], after[b0:b1], offset + a0, code, message))
            line = first
        lo = hi + 1
    return out


def _trimmed(before: str, after: str, offset: int, code: str, message: str) -> Change:
    """The change of `before` (at `offset`) into `after`, trimmed to the part that differs."""
    p, s = trim_common(before, after)
    return Change(code, message, before[p : len(before) - s], after[p : len(after) - s], offset + p,
                  offset + len(before) - s)


def _describe(configs: tuple[str, ...]) -> str:
    return " + ".join(configs)


def _default_source(target: str) -> str:
    """What to read text without evidence as: what calling OpenCC for `target` assumes."""
    return HANT if target == "hans" else HANS


#: A stretch to convert: ``(start, end, configs, restore)``; `restore` puts back the Simplified
#: phrases ``t2s`` does not give back after ``s2t`` (`restore_phrases`).
Piece = tuple[int, int, tuple[str, ...], bool]


@lru_cache(maxsize=1)
def _reverse_phrases() -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str]]]:
    """The table of ``data/zh_t2s_phrases.txt``: a pattern finding its Traditional phrases, and
    for each the plain ``t2s`` output and the Simplified phrase to write instead."""
    table: dict[str, tuple[str, str]] = {}
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t")
            plain = converter("t2s").convert(trad)
            if len(plain) == len(trad) == len(simp):
                table[trad] = (plain, simp)
    if not table:
        return None, table
    pattern = re.compile("|".join(re.escape(t) for t in sorted(table, key=len, reverse=True)))
    return pattern, table


def restore_phrases(before: str, after: str) -> str:
    """`after` (``t2s`` of the Traditional `before`) with the Simplified phrases put back that
    ``s2t`` had turned into something ``t2s`` does not undo (想像 -> 想象, 揹我 -> 背我).

    Used on Traditional text converted to Simplified: the table keeps only phrases OpenCC's
    own ``TSPhrases`` accepts as Simplified (or does not list), so genuine Traditional text gets
    an accepted Simplified spelling, and a converter's output gets back the writer's phrase.
    """
    pattern, table = _reverse_phrases()
    if pattern is None or len(before) != len(after):
        return after
    out: list[str] = []  # pieces of `after` and restored phrases (not a list of characters)
    pos = 0
    for m in pattern.finditer(before):
        plain, simp = table[m.group()]
        if after[m.start() : m.end()] == plain:
            out += (after[pos : m.start()], simp)
            pos = m.end()
    if not out:
        return after
    out.append(after[pos:])
    return "".join(out)


def _long(span: Span) -> bool:
    """Whether a span has evidence enough to be converted as what it is."""
    return span.evidence >= MIN_SPAN_EVIDENCE and span.han >= MIN_SPAN_HAN


def _grouped(spans: tuple[Span, ...], label_configs: dict[str, tuple[str, ...]], restore_hant: bool = False
             ) -> list[Piece]:
    """Consecutive spans that need the same configs, as ``(start, end, configs)`` pieces (the
    text between spans has no Han character, so converting it along is harmless)."""
    pieces: list[Piece] = []
    for sp in spans:
        configs = label_configs[sp.script]
        restore = restore_hant and sp.script == HANT
        if pieces and pieces[-1][2:] == (configs, restore):
            pieces[-1] = (pieces[-1][0], sp.end, configs, restore)
        else:
            pieces.append((sp.start, sp.end, configs, restore))
    return pieces


def convert_to(text: str, target: str) -> tuple[str, list[Change | Finding]]:
    """Explicit target (TM502): every span converted with the chain for what it is."""
    if not HAN.search(text):
        return text, []
    # Text of one script (most text) needs no detector, which costs more than OpenCC itself.
    # No Traditional character: Simplified, or neutral text, for which every target's default
    # reading gives the same chain as Simplified. No Simplified one: Traditional, with its
    # regional forms. (What the detector would decide for such text; see `one_script`.)
    checks = _one_script_checks()
    fast: tuple[str, str] | None = None
    if _lacks(text, checks[0]):
        fast = HANS, ""
    elif _lacks(text, checks[1]):
        fast = HANT, region_of(text)
    if fast is not None:
        source, region = fast
        restore = target == "hans" and source == HANT and region == "std"
        pieces = [(0, len(text), chain(target, source, region), restore)]
        return _apply(text, pieces, "TM502", lambda configs: f"converted to {target} (OpenCC {_describe(configs)})")
    info = analyse(text)
    if info.spans:  # both scripts present: each span by what it is
        dominant = info.dominant if info.dominant != NEUTRAL else _default_source(target)
        labels = {
            HANS: chain(target, HANS, info.region),
            HANT: chain(target, HANT, info.region),
        }
        labels[NEUTRAL] = labels[dominant]
        # a short span of the other script (a character or two inside a sentence) is read
        # with its sentence: the dominant chain leaves the other script's characters alone
        # and keeps the phrase context they sit in
        spans = tuple(sp if sp.script in (dominant, NEUTRAL) or _long(sp) else replace(sp, script=dominant)
                      for sp in info.spans)
        pieces = _grouped(spans, labels, restore_hant=target == "hans")
    else:
        source = info.dominant if info.dominant != NEUTRAL else _default_source(target)
        # OpenCC-standard forms (爲 裏 着) mark a converter's output: restore the writer's phrases
        restore = target == "hans" and source == HANT and info.region == "std"
        pieces = [(0, len(text), chain(target, source, info.region), restore)]
    return _apply(text, pieces, "TM502", lambda configs: f"converted to {target} (OpenCC {_describe(configs)})")


def _apply(text: str, pieces: list[Piece], code: str, message: Callable[[tuple[str, ...]], str]
           ) -> tuple[str, list[Change | Finding]]:
    """Convert each piece with its configs; one change per changed line of a piece.

    A piece is cut from the conversion of the *whole* text with its configs, so that OpenCC
    sees the phrases that cross a piece boundary; that needs the conversion to keep the length
    (OpenCC's character and phrase tables map one character to one), else the piece is
    converted alone.
    """
    if len(pieces) == 1 and pieces[0][:2] == (0, len(text)):  # the whole text (most calls): no copies
        _, _, configs, restore = pieces[0]
        after = run_chain(text, configs) if configs else text
        if restore:
            after = restore_phrases(text, after)
        if after == text:
            return text, []
        return after, list(_line_changes(text, after, 0, code, message(configs)))
    whole: dict[tuple[str, ...], str | None] = {}
    changes: list[Change | Finding] = []
    out: list[str] = []
    pos = 0
    for start, end, configs, restore in pieces:
        out.append(text[pos:start])
        before = text[start:end]
        after = before
        if configs:
            if configs not in whole:
                converted = run_chain(text, configs)
                whole[configs] = converted if len(converted) == len(text) else None
            full = whole[configs]
            after = full[start:end] if full is not None else run_chain(before, configs)
            if restore:
                after = restore_phrases(before, after)
        if after != before:
            changes.extend(_line_changes(before, after, start, code, message(configs)))
        out.append(after)
        pos = end
    out.append(text[pos:])
    if not changes:
        return text, []
    return "".join(out), changes


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
        out.append((quick, codec, name, re.compile("[" + "".join(re.escape(c) for c in sorted(leak)) + "]")
                    if leak else None))
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


def _no_traditional(text: str) -> bool:
    """Whether `text` surely has no Traditional-only character (see `one_script`)."""
    return _lacks(text, _one_script_checks()[0])


def one_script(text: str) -> bool:
    """Whether `text` surely holds no character of one of the two scripts (so it cannot be
    mixed): it encodes in GB2312 (or Big5) but for characters of neither script, and the other
    script's characters are not in that codec.

    An encode runs in C, several times faster than marking every character
    (`textmend.zh.detect.marked`); ``False`` only means "ask the detector".
    """
    return any(_lacks(text, check) for check in _one_script_checks())


def repair_mixed(text: str) -> tuple[str, list[Change | Finding]]:
    """``auto`` (TM501): the minority-script spans of a clearly mixed text, converted to the
    dominant script; anything else is left alone."""
    if one_script(text):  # uniform text (most of it): nothing is a minority
        return text, []
    info = analyse(text)
    spans = info.minority_spans()
    if not spans:
        return text, []
    target = AUTO_TARGET[(info.dominant, info.region)]
    minority = spans[0].script
    configs = chain(target, minority, info.region)
    restore = minority == HANT
    pieces = [(sp.start, sp.end, configs, restore) for sp in spans]
    names = {HANS: "Simplified", HANT: "Traditional"}
    return _apply(text, pieces, "TM501",
                  lambda c: f"{names[minority]} span in a {names[info.dominant]} text (OpenCC {_describe(c)})")


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Repair mixed-script text (``auto``, TM501) or convert to the explicit target (TM502);
    ``keep`` leaves text alone."""
    options = ctx.options
    if options.script == "keep" or text.isascii() or not HAN.search(text):
        return text, []
    if options.script == "auto":
        if not options.enabled("TM501"):
            return text, []
        return repair_mixed(text)
    if not options.enabled("TM502"):
        return text, []
    return convert_to(text, options.script)


def convert(text: str, target: str) -> tuple[str, list[Change | Finding]]:
    """Convert all of `text` to `target` (hans, hant, tw, hk): `convert_to`, kept by this name."""
    return convert_to(text, target)
