"""Chinese script: convert to an explicit target, or repair text a converter left half done.

``hans``, ``hant``, ``tw`` and ``hk`` convert the whole text (TM502) with OpenCC's own config for
the target (`textmend.zh.convert.CONFIGS`: ``t2s``, ``s2t``, ``s2tw``, ``s2hk``; to Simplified,
``tw2s`` or ``hk2s`` for text in Taiwan or Hong Kong forms), in one call:
the output is OpenCC's, made a fixed point (`textmend.zh.convert.convert`) and, for Simplified
from a converter's Traditional, with the writer's phrases restored. What is left alone:

- *Japanese.* A document whose kana are at least `JAPANESE_SHARE` of its Han and kana characters
  is not converted at all (日本語 stays 日本語), and in other text a run of Han characters next to
  kana (the kanji of a quoted Japanese phrase, 「製品の説明」) keeps its characters.
- *Lines the mojibake fixer would repair once converted.* ``鏈嬪弸我们的`` is UTF-8 read as GBK
  (朋友) beside clean text; the CJK fixer, which runs first, leaves it, but converted to
  ``鏈嬪弸我們的`` it would repair it on the next run, so the conversion would not be a fixed
  point. Such a line is left as it is, with a finding (`_mojibake_lines`). (``浣犲ソ这是`` keeps
  its characters as Han next to kana: ソ.)

``auto`` (the default, TM501) never converts a passage written in one script, however the rest
of the document is written: a Traditional paragraph in a Simplified article, a quoted title
(《聯合報》), a Traditional document. It normalises only what a half-done conversion leaves: a run
of Han characters (between two non-Han characters) that holds at least two characters only
Simplified uses *and* two only Traditional uses (我们这里的電腦還), in a document whose minority
script has enough characters to be a converter's leftovers, converted to the script of the
passage it stands in (`passage_script`: its own line, else the text around it), or, where the
passage says nothing, to the document's dominant script (`repair_mixed`). A Traditional part of
a Simplified document is a passage of its own: a run in it becomes Traditional, never
Simplified. ``keep`` never converts.

What is weighed over the whole document (whether it is Japanese, mixed, which script dominates
and, for ``hans``, which regional forms it uses) is taken from the document's facts when the
text is a piece of a larger one (a streamed chunk, `document_facts`): every piece then decides
as the whole file does.

The changes of a conversion are few and cheap: the input and output are compared in blocks of
`BLOCK` characters (equal blocks compared in C), and each run of differing blocks is one change,
trimmed to run from its first converted character to its last; a converted article is one
change, a title and a footnote far apart are two. The diff shows the detail.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ..context import Context
from ..mojibake.screen import HANS_FACTS, NO_SUSPICIOUS
from ..options import Options
from ..result import Change, Finding
from ..spans import trim_common
from ..text import fastre
from ..text.view import TextView
from ..zh.chars import HAN, KANA, hans, hant
from ..zh.convert import CONFIGS, config_for, convert, phrase_anchors, restore_phrases
from ..zh.detect import (
    HAN_RANGES,
    HANS,
    HANT,
    MIN_MINORITY_CHARS,
    MIN_MINORITY_SHARE,
    MIN_SPAN_EVIDENCE,
    MIN_SPAN_HAN,
    NEUTRAL,
    S_MARK,
    T_MARK,
    one_script,
    region,
    region_of,
    regional_chars,
)
from ..zh.detect import evidence as script_marks

#: A document is Japanese when kana are at least this share of its Han and kana characters.
JAPANESE_SHARE = 0.05
#: The unit the input and output of a conversion are compared in (see the module docstring).
BLOCK = 4096

#: A run of Han characters in `textmend.zh.detect.evidence` (marks: 1 Simplified, 2 Traditional,
#: 3 neutral) holding both scripts: where a Simplified and a Traditional character meet with
#: only neutral characters between them.
MIXED_RUN = re.compile(f"{S_MARK}[{S_MARK}\x03]*{T_MARK}|{T_MARK}[{T_MARK}\x03]*{S_MARK}")
RUN_EDGE = re.compile("[ \n]")

#: Under ``auto``, a run converted to Traditional takes the document's regional forms.
REGIONAL_TARGET = {"tw": "tw", "hk": "hk"}

Piece = tuple[int, int, str]  # [start, end) of the input, converted to this target (or "" to keep)

#: The key of the script counts of the whole document in `textmend.context.Context.document`.
DOCUMENT = "script"


def document_facts(ctx: Context | None) -> dict[str, Any] | None:
    """The script counts of the whole document this text is a piece of, when the caller took
    them (`textmend.io.stream.ScriptSurvey`): ``hans`` and ``hant`` (characters only that
    script uses), ``kana``, ``han`` (Han characters in all) and ``regional`` (each regional
    form, `textmend.zh.detect.regional_chars`, with its count). ``None``: the text is the
    whole document."""
    if ctx is None:
        return None
    facts = ctx.document.get(DOCUMENT)
    return facts if isinstance(facts, dict) else None


def _japanese_document(kana: int, han: int) -> bool:
    """Whether a document with these counts is Japanese (see `JAPANESE_SHARE`)."""
    return kana > 0 and kana >= JAPANESE_SHARE * (han + kana)


def _changes(before: str, after: str, offset: int, code: str, message: str) -> list[Change]:
    """The changes that turn `before` into `after` (see the module docstring): one per run of
    differing `BLOCK`-character blocks, trimmed to what differs."""
    if before == after:
        return []
    if len(before) != len(after):  # OpenCC's tables keep the length; be safe if one ever does not
        return [_trimmed(before, after, offset, code, message)]
    out: list[Change] = []
    n = len(before)
    run = -1  # start of the current run of differing blocks
    for lo in range(0, n + BLOCK, BLOCK):
        same = lo >= n or before.startswith(after[lo : lo + BLOCK], lo)  # (one slice, not two)
        if not same and run < 0:
            run = lo
        elif same and run >= 0:
            hi = min(lo, n)
            out.append(_trimmed(before, after, offset, code, message, run, hi))
            run = -1
        if lo >= n:
            break
    return out


def _trimmed(
    before: str, after: str, offset: int, code: str, message: str, lo: int = 0, hi: int = -1
) -> Change:
    """The change of ``before[lo:hi]`` into ``after[lo:hi]`` (`before` at `offset`; `hi` -1: the
    end), trimmed to the part that differs. Only the trimmed parts are copied."""
    hi = len(before) if hi < 0 else hi
    if (lo, hi) == (0, len(before)) and len(before) != len(after):
        p, s = trim_common(before, after)
        return Change(
            code,
            message,
            before[p : len(before) - s],
            after[p : len(after) - s],
            offset + p,
            offset + len(before) - s,
        )
    p = lo
    while p < hi and before[p] == after[p]:
        p += 1
    e = hi
    while e > p and before[e - 1] == after[e - 1]:
        e -= 1
    return Change(code, message, before[p:e], after[p:e], offset + p, offset + e)


@lru_cache(maxsize=1)
def _kana_runs() -> re.Pattern[str]:
    """Han characters next to kana, with the kana: a Japanese phrase (東京の製品は)."""
    han = HAN.pattern[1:-1]
    kana = KANA.pattern[1:-1]
    return re.compile(f"[{han}]*(?:[{kana}ー][{han}]*)+")


def japanese_spans(
    text: str, kana: bool = True, doc: dict[str, Any] | None = None
) -> list[tuple[int, int]] | None:
    """The stretches of `text` that are Japanese phrases (Han next to kana), or ``None`` when the
    whole document is Japanese (see the module docstring): `doc`, the document's counts
    (`document_facts`), says so for a piece of it. ``[]``: no kana at all (`kana` ``False``:
    the caller knows there is none)."""
    if doc is not None and _japanese_document(doc["kana"], doc["han"]):
        return None
    first = KANA.search(text) if kana else None
    if first is None:
        return []
    if doc is None and _japanese_document(len(KANA.findall(text, first.start())), len(HAN.findall(text))):
        return None
    return [m.span() for m in _kana_runs().finditer(text) if m.end() > m.start()]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` sorted, overlapping ones merged."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _keep_spans(before: str, after: str, spans: list[tuple[int, int]]) -> str:
    """`after` with the stretches `spans` of `before` put back (same length: OpenCC's tables keep it)."""
    if not spans or len(before) != len(after):
        return after
    out: list[str] = []
    pos = 0
    for a, b in spans:
        out += (after[pos:a], before[a:b])
        pos = b
    out.append(after[pos:])
    return "".join(out)


#: Characters of the mojibake screen this close together mark a line the mojibake fixer may
#: repair once converted (mojibake clusters; a rare character in clean text stands alone).
CLUSTER = 2
#: A text up to this long is asked whole (converted) of the mojibake fixer, as the next run asks it.
SHORT = 4096
#: Kana in the mojibake fixer's screen of clean characters, taken out so that one scan finds both.
KANA_RANGE = "\u3040-\u30ff"


@lru_cache(maxsize=2)
def _screen_pattern(hans: bool) -> re.Pattern[str] | None:
    """The mojibake fixer's screen (`textmend.fixers.cjk.suspicious`) widened to match kana too
    and, for the ``hans`` target (`hans`), the characters it counts (`_hans_chars`): one scan
    finds all. ``None`` if that screen is ever written another way (then each is searched apart).
    """
    from . import cjk

    pattern = cjk.suspicious().pattern
    if not (pattern.startswith("[^") and pattern.endswith("]") and KANA_RANGE in pattern):
        return None
    # the kana range, then the kana listed one by one (the common tier of Japanese has them)
    body = re.sub(f"[{KANA_RANGE}]", "", pattern[2:-1].replace(KANA_RANGE, "", 1))
    for c in _hans_chars() if hans else ():
        body = body.replace(re.escape(c), "")  # Han characters: listed alone, never a range's end
    screen = re.compile(f"[^{body}]")
    if not (screen.match("の") and screen.match("ア") and not screen.match("中")):
        return None
    return screen


def _screen(
    text: str, hans: bool, view: TextView | None = None
) -> tuple[bool, list[str], list[tuple[int, int]]]:
    """One scan of `text` (`_screen_pattern`): whether it holds kana, for the ``hans`` target
    the characters of `_hans_chars` it holds, and the lines where two characters of the
    mojibake fixer's screen stand within `CLUSTER` of each other (``[start, end)``, in order).

    The scan collects its matches in C (``findall``); only when one of them is an odd character
    (neither kana nor one of `_hans_chars`: the regional forms of clean Traditional text are
    odd to the mojibake screen, and are no mojibake) are their places looked for. Where the
    mojibake fixer found that its screen matches nowhere in the text (`view`'s
    `NO_SUSPICIOUS`, which says whether the text holds kana, found in the same pass), a target
    other than ``hans`` has its answer: the pattern's other matches would be that screen's.
    Under ``hans`` the same pass answered `hans_questions` (`view`'s `HANS_FACTS`), which
    gives the answer unless odd characters cluster somewhere (`_hans_answers`). The characters
    of `_hans_chars` then come grouped by character, not in the order of the text.
    """
    kana = view.facts.get(NO_SUSPICIOUS) if view is not None and not hans else None
    if kana is not None:
        return bool(kana), [], []
    facts = view.facts.get(HANS_FACTS) if view is not None and hans else None
    if facts is not None:
        answered = _hans_answers(text, *facts)
        if answered is not None:
            return answered
    pattern = _screen_pattern(hans)
    if pattern is None:
        found = _hans_pattern().findall(text) if hans else []
        return KANA.search(text) is not None, found, _clusters(text, _odd_pattern().pattern[1:-1])
    found = pattern.findall(text)
    if not found:
        return False, [], []
    keys = set(found)
    kana = {c for c in keys if "\u3040" <= c <= "\u30ff"}
    counted = _hans_chars() if hans else frozenset()
    odd = keys - kana - counted
    lines = _clusters(text, "".join(re.escape(c) for c in sorted(odd))) if odd else []
    return bool(kana), [c for c in found if c in counted] if hans else [], lines


@lru_cache(maxsize=1)
def _counted() -> tuple[str, ...]:
    """`_hans_chars` in order: the first questions of `hans_questions`."""
    return tuple(sorted(_hans_chars()))


@lru_cache(maxsize=1)
def hans_questions() -> tuple[str, ...]:
    """What `_screen` asks of a text under the ``hans`` target, as patterns for RE2 that the
    CJK fixer's pass over the text's UTF-8 bytes answers with its own (`HANS_FACTS`): each of
    `_counted` alone, and two odd characters (those of the mojibake fixer's screen that are
    not counted; kana are not in it) within `CLUSTER` of each other on a line. All exact: no
    lookaround to loosen."""
    from . import cjk

    pattern = cjk.suspicious().pattern
    assert pattern.startswith("[^") and pattern.endswith("]")
    odd = "[^" + pattern[2:-1] + "".join(re.escape(c) for c in _counted()) + "]"
    return (*(re.escape(c) for c in _counted()), f"{odd}[^\n]{{0,{CLUSTER - 1}}}{odd}")


def _hans_answers(
    text: str, kana: bool, answers: frozenset[int]
) -> tuple[bool, list[str], list[tuple[int, int]]] | None:
    """`_screen`'s answer under the ``hans`` target from the answers to `hans_questions`, or
    ``None`` where two odd characters stand close together somewhere (their lines are then
    found by `_screen`'s own scan; clean text seldom has them). The counted characters the text
    holds are counted in C, one ``str.count`` each (a Traditional text holds a few of them)."""
    counted = _counted()
    if len(counted) in answers:
        return None
    found = [c for i in sorted(answers) for c in (counted[i],) * text.count(counted[i])]
    return kana, found, []


@lru_cache(maxsize=1)
def _odd_pattern() -> re.Pattern[str]:
    """The mojibake fixer's screen less the regional forms (see `_screen`)."""
    from . import cjk

    return cjk.suspicious()


def _clusters(text: str, odd: str) -> list[tuple[int, int]]:
    """The lines where two characters of the class body `odd` stand within `CLUSTER` of each
    other, in order (one regex finds the pairs: a text with many odd characters but no pair
    costs no Python per character)."""
    pair = re.compile(f"[{odd}][^\n]{{0,{CLUSTER - 1}}}[{odd}]")
    lines: list[tuple[int, int]] = []
    done = -1  # end of the last line taken
    for m in pair.finditer(text):
        if m.start() >= done:
            lines.append(_line_of(text, m.start()))
            done = lines[-1][1]
    return lines


def _line_of(text: str, at: int) -> tuple[int, int]:
    """``[start, end)`` of the line of `text` holding `at`, without its line break."""
    b = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if b == -1 else b


def _mojibake_lines(
    before: str, after: str, ctx: Context, lines: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The lines of `after` (a conversion of `before`) that the CJK mojibake fixer would change:
    ``[start, end)`` offsets, the same in both (OpenCC keeps the length), sorted.

    A short text is asked whole, as the next run would ask it. In a longer one only the `lines`
    of `_screen` (two characters of the mojibake fixer's screen close together: clean text in
    either script seldom has them) that the conversion changed are asked, one by one.
    """
    from . import cjk  # the mojibake fixer: its decision

    if len(before) != len(after):
        return []
    found: set[tuple[int, int]] = set()
    if len(after) <= SHORT:
        _, items = cjk.fix(after, ctx)
        for c in items:
            if isinstance(c, Change):
                a, b = _line_of(after, c.start)
                found.add((a, max(b, _line_of(after, max(c.start, c.end - 1))[1])))
        return sorted(x for x in found if before[x[0] : x[1]] != after[x[0] : x[1]])
    for a, b in lines:
        line = after[a:b]
        if line != before[a:b] and cjk.fix(line, ctx)[0] != line:
            found.add((a, b))
    return sorted(found)


@lru_cache(maxsize=1)
def _hans_chars() -> frozenset[str]:
    """The characters the ``hans`` target counts: regional forms (which OpenCC config reads the
    text, `textmend.zh.detect.region_of`) and the anchors of the phrases to restore."""
    return regional_chars() | phrase_anchors()


@lru_cache(maxsize=1)
def _hans_pattern() -> re.Pattern[str]:
    """A class of `_hans_chars`."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_hans_chars())) + "]")


def convert_to(text: str, target: str, ctx: Context | None = None) -> tuple[str, list[Change | Finding]]:
    """Explicit target (TM502): the whole text through OpenCC's config for `target`, but for
    Japanese and for lines the mojibake fixer would change once converted."""
    if not HAN.search(text):
        return text, []
    ctx = ctx if ctx is not None else Context()
    view = ctx.view(text)
    kana, found, suspect = _screen(text, target == "hans", view)
    doc = document_facts(ctx)
    keep = japanese_spans(text, kana, doc)
    if keep is None:
        return text, []
    regional, anchored = "", False
    if target == "hans":
        regional = region_of(found if doc is None else Counter(doc["regional"]).elements())
        anchored = not phrase_anchors().isdisjoint(found)
    config = config_for(target, regional)
    after = convert(text, config, view.utf8)
    if after == text:
        return text, []
    if regional == "std" and anchored:
        # OpenCC's standard forms (爲 裏 着) mark a converter's output: the writer's phrases come back
        after = restore_phrases(text, after, frozenset(found))
    items: list[Change | Finding] = []
    if ctx.enabled("TM202") or ctx.enabled("TM203"):
        bad = _mojibake_lines(text, after, ctx, suspect)
        for a, b in bad:
            message = f"not converted to {target}: the line reads as mojibake once converted"
            items.append(Finding("TM502", message, text[a:b], (), a, b))
        keep = _merged(keep + bad)
    after = _keep_spans(text, after, keep)
    changes = _changes(text, after, 0, "TM502", f"converted to {target} (OpenCC {config})")
    return (after if changes else text), [*changes, *items]


def _mixed_runs(
    text: str, doc: dict[str, Any] | None = None
) -> tuple[list[tuple[int, int, int, int]], str, str]:
    """The runs of Han characters holding both scripts, ``(start, end, simplified, traditional)``
    with the counts of each script's characters in the run, and the document's dominant script
    (``neutral`` for a tie). None when the document's minority script has fewer than
    `MIN_MINORITY_CHARS` characters or `MIN_MINORITY_SHARE` of its evidence: a dictionary lists
    Traditional variants among Simplified words (丟 車 侶 in jieba's), a converter's leftovers
    are more than that. The document is `text`, or the one whose counts are `doc`
    (`document_facts`). Third, the text's `evidence` string (for `passage_script`)."""
    marks = script_marks(text)
    out = []
    pos = 0
    for m in MIXED_RUN.finditer(marks):
        if m.start() < pos:
            continue
        a = max(marks.rfind(" ", 0, m.start()), marks.rfind("\n", 0, m.start())) + 1
        edge = RUN_EDGE.search(marks, m.end())
        b = edge.start() if edge else len(marks)
        piece = marks[a:b]
        out.append((a, b, piece.count(S_MARK), piece.count(T_MARK)))
        pos = b
    if not out:
        s_doc = t_doc = 0
    elif doc is not None:
        s_doc, t_doc = doc["hans"], doc["hant"]
    else:
        s_doc, t_doc = marks.count(S_MARK), marks.count(T_MARK)
    minority = min(s_doc, t_doc)
    if minority < MIN_MINORITY_CHARS or minority < MIN_MINORITY_SHARE * (s_doc + t_doc):
        return [], NEUTRAL, marks  # a few characters of the other script in a long text: words, not damage
    return out, HANS if s_doc > t_doc else HANT if t_doc > s_doc else NEUTRAL, marks


def repair_mixed(text: str, ctx: Context | None = None) -> tuple[str, list[Change | Finding]]:
    """``auto`` (TM501): each run of Han characters that mixes the scripts, with at least
    `MIN_SPAN_EVIDENCE` characters of each and `MIN_SPAN_HAN` Han characters in all, converted
    to the script of its passage (`passage_script`), else to the document's dominant script
    (the run's own, if the document is a tie); anything else is left alone. One character of
    the other script is no evidence of a converter: rare words are written so (东捱西问,
    细濛濛 in jieba's dictionary), and names are.

    Mojibake mixes the scripts too (UTF-8 read as GBK: 鏈変汉 for 有人), and the next pass of the
    mojibake fixer may repair it with the evidence this pass gathered: a run on a line where the
    mojibake fixer's screen finds a cluster (`_clusters`), or that the mojibake fixer changes when
    asked alone (each distinct line once, so the decision does not depend on how much text
    precedes it: a streamed chunk decides as the whole file does), is left to it."""
    if one_script(text) or not _mixed_in_a_run(text, ctx):  # uniform text (most of it)
        return text, []
    doc = document_facts(ctx)
    runs, dominant, marks = _mixed_runs(text, doc)
    runs = [
        r
        for r in runs
        if min(r[2], r[3]) >= MIN_SPAN_EVIDENCE and _count_han(text, r[0], r[1]) >= MIN_SPAN_HAN
    ]
    if not runs:
        return text, []
    keep = japanese_spans(text, doc=doc)
    if keep is None:
        return text, []
    reg = None
    changes: list[Change | Finding] = []
    out: list[str] = []
    pos = 0
    names = {HANS: "Simplified", HANT: "Traditional"}
    mojibake: dict[tuple[int, int], bool] = dict.fromkeys(_clusters(text, _odd_pattern().pattern[1:-1]), True)
    asked: dict[str, bool] = {}
    k = 0  # the first Japanese span that may overlap the run (both are in order)
    for a, b, s, t in runs:
        while k < len(keep) and keep[k][1] <= a:
            k += 1
        if k < len(keep) and keep[k][0] < b:
            continue
        script = passage_script(marks, a, b)
        if script == NEUTRAL:
            script = dominant if dominant != NEUTRAL else HANS if s > t else HANT if t > s else NEUTRAL
        if script in (NEUTRAL, SEAM):
            continue
        line = _line_of(text, a)
        if line not in mojibake:
            said = text[line[0] : line[1]]
            if said not in asked:  # a line that recurs is asked once
                asked[said] = _reads_as_mojibake(said, ctx)
            mojibake[line] = asked[said]
        if mojibake[line]:
            continue
        if script == HANS:
            target = "hans"
        else:
            if reg is None:
                reg = region(text) if doc is None else region_of(Counter(doc["regional"]).elements())
            target = REGIONAL_TARGET.get(reg, "hant")
        before = text[a:b]
        after = convert(before, CONFIGS[target])
        if target == "hans":
            after = restore_phrases(before, after)
        if after == before:
            continue
        other = names[HANT if script == HANS else HANS]
        message = f"{other} characters mixed into {names[script]} words (OpenCC {CONFIGS[target]})"
        changes.extend(_changes(before, after, a, "TM501", message))
        out += (text[pos:a], after)
        pos = b
    if not changes:
        return text, []
    out.append(text[pos:])
    return "".join(out), changes


#: The text around a mixed run that `passage_script` reads on each side when its own line
#: says nothing (characters; about five lines of prose).
PASSAGE = 200
#: A side of a run, or its line, is written in one script when that script has at least this
#: share of its evidence ...
PASSAGE_SHARE = 0.75
#: ... and at least this many characters (one is a name or a rare word).
PASSAGE_MIN = 2
#: `passage_script`: the passage on one side is Simplified and on the other Traditional.
SEAM = "seam"


def _side_script(marks: str, lo: int, hi: int) -> str:
    """The script ``marks[lo:hi]`` (an `evidence` string) is written in: ``hans``, ``hant``, or
    ``neutral`` when it has too little evidence or mixes the scripts."""
    s, t = marks.count(S_MARK, lo, hi), marks.count(T_MARK, lo, hi)
    if max(s, t) < PASSAGE_MIN or max(s, t) < PASSAGE_SHARE * (s + t):
        return NEUTRAL
    return HANS if s > t else HANT


def passage_script(marks: str, a: int, b: int) -> str:
    """The script of the passage a mixed run ``[a, b)`` stands in (`marks`: the text's
    `evidence`): its own line without the run, if that is written in one script (one
    character of evidence is enough there, the share of `_side_script` is not); else the
    `PASSAGE` characters on each side of the run, if they agree (or one side has no
    evidence); `SEAM` where one side is Simplified and the other Traditional (the run is where
    two passages meet: which one it belongs to is not known); ``neutral`` when nothing around
    it is written in one script.

    A document's dominant script says nothing about a passage written in the other one (the
    Traditional half of a document mostly Simplified); the passage does. A streamed chunk
    sees the same lines as the whole file but for its first and last `PASSAGE` characters."""
    lo = marks.rfind("\n", 0, a) + 1
    hi = marks.find("\n", b)
    hi = len(marks) if hi == -1 else hi
    s = marks.count(S_MARK, lo, a) + marks.count(S_MARK, b, hi)
    t = marks.count(T_MARK, lo, a) + marks.count(T_MARK, b, hi)
    if max(s, t) >= 1 and max(s, t) >= PASSAGE_SHARE * (s + t):  # the closest text: one will do
        return HANS if s > t else HANT
    before = _side_script(marks, max(0, a - PASSAGE), a)
    after = _side_script(marks, b, b + PASSAGE)
    if before == after or after == NEUTRAL:
        return before
    if before == NEUTRAL:
        return after
    return SEAM


def _count_han(text: str, start: int, end: int) -> int:
    """How many Han characters ``text[start:end]`` holds."""
    return len(HAN.findall(text, start, end))


def _reads_as_mojibake(line: str, ctx: Context | None) -> bool:
    """Whether the CJK mojibake fixer changes `line` (asked alone), when its rules are on."""
    from . import cjk

    ctx = ctx if ctx is not None else Context()
    if not (ctx.enabled("TM202") or ctx.enabled("TM203")):
        return False
    return cjk.fix(line, ctx)[0] != line


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Repair half-converted text (``auto``, TM501) or convert to the explicit target (TM502);
    ``keep`` leaves text alone."""
    options = ctx.options
    if options.script == "keep" or text.isascii() or not HAN.search(text):
        return text, []
    if options.script == "auto":
        if not options.enabled("TM501"):
            return text, []
        return repair_mixed(text, ctx)
    if not options.enabled("TM502"):
        return text, []
    return convert_to(text, options.script, ctx)


def evidence(options: Options) -> tuple[str | tuple[str, ...], ...] | None:
    """What `fix` reacts to under `options` (`textmend.fixers` says how the pipeline uses it):
    under ``auto``, three characters of either script next to each other in a run of Han
    characters, both scripts among them (`_mixed_evidence`); under ``keep``, or with the rule
    off, nothing. With an explicit target, ``None``: the fixer always runs and converts any
    text with a Han character (`fix` looks for one). As evidence, the first Han character
    would match at once and make the pipeline's screen ask every pattern over the rest of a
    Chinese text, twice the cost of the one search that finds nothing else in clean text."""
    if options.script == "keep":
        return ()
    if options.script == "auto":
        return (_mixed_evidence(),) if options.enabled("TM501") else ()
    return None if options.enabled("TM502") else ()


def _script_classes() -> tuple[str, str, str]:
    """Classes of the Simplified-only and the Traditional-only characters, as
    `textmend.zh.detect.evidence` marks them (a character of both lists is Traditional), and
    of a run of the characters its marks do not break (Han, and those beyond the marks' table,
    which stay as they are), written out without escapes (so that RE2 takes them as they are)."""
    trad = hant()
    simp = hans() - trad
    assert all(HAN.match(c) for c in simp | trad)  # inside the run
    run = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in (*HAN_RANGES, (HAN_RANGES[-1][1] + 1, 0x10FFFF)))
    return "[" + "".join(sorted(simp)) + "]", "[" + "".join(sorted(trad)) + "]", f"[{run}]*"


def _neutral_class() -> str:
    """A class of the characters of a run (see `_script_classes`) that are of neither script,
    as ranges written out."""
    trad = hant()
    marked = sorted({ord(c) for c in hans() | trad})
    ranges: list[tuple[int, int]] = []
    k = 0
    for lo, hi in (*HAN_RANGES, (HAN_RANGES[-1][1] + 1, 0x10FFFF)):
        start = lo
        while k < len(marked) and marked[k] <= hi:
            if marked[k] >= start:
                if marked[k] > start:
                    ranges.append((start, marked[k] - 1))
                start = marked[k] + 1
            k += 1
        if start <= hi:
            ranges.append((start, hi))
    return "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]"


@lru_cache(maxsize=1)
def _mixed_evidence() -> str:
    """Three characters of either script in one run, both scripts among them, each next to
    the other with only neutral characters between: `repair_mixed` converts only a run with
    `MIN_SPAN_EVIDENCE` (two) characters of each script, and in such a run the script changes
    somewhere, with a third character of a script before or after the change.

    One pattern (no conjunction of a Simplified pair and a Traditional pair anywhere, which
    Chinese text in one script and Japanese text hold: the pipeline's screen then had to ask
    which of its patterns matched, and the fixer searched the text again), which a document
    of Simplified lines and Japanese lines does not match (会議 is one change, two characters).
    Between two characters, characters of the run of neither script (`_neutral_class`): a
    character of either ends the gap, so Python's search stays linear and RE2's automaton
    small (with the run's plain class there, RE2 followed every way of placing the three
    characters in a long run, and a megabyte of Han mojibake outgrew its memory)."""
    simp, trad, _run = _script_classes()
    assert MIN_SPAN_EVIDENCE == 2
    either = "[" + simp[1:-1] + trad[1:-1] + "]"
    gap = _neutral_class() + "*"
    return (
        f"{simp}{gap}(?:{simp}{gap}{trad}|{trad}{gap}{either})"
        f"|{trad}{gap}(?:{trad}{gap}{simp}|{simp}{gap}{either})"
    )


@lru_cache(maxsize=1)
def _mixed_screen() -> fastre.Screen | None:
    """A run with two characters of each script, in any order, by RE2 (``None`` without it):
    the orders written as a tree, so that each class is written once for each place."""
    simp, trad, r = _script_classes()

    def rest(s: int, t: int) -> str:
        if s == t == 2:
            return ""
        options = [f"{simp}{r}{rest(s + 1, t)}"] if s < 2 else []
        options += [f"{trad}{r}{rest(s, t + 1)}"] if t < 2 else []
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return fastre.build([rest(0, 0)], loose=True)


#: A text this long is asked `_mixed_screen` before its runs are looked for (building the
#: screen costs some 0.2 s, once per process; marking a text's characters costs about 40 ms per MB).
MIXED_SCREEN_FROM = 1 << 16


def _mixed_in_a_run(text: str, ctx: Context | None) -> bool:
    """Whether `text` may hold a run that `repair_mixed` converts (``False``: surely not)."""
    if len(text) < MIXED_SCREEN_FROM:
        return True
    screen = _mixed_screen()
    if screen is None:
        return True
    data = ctx.view(text).utf8 if ctx is not None else text.encode("utf-8", "surrogatepass")
    return screen.search(data) is not None
