"""CJK and cross-script mojibake: text decoded with the wrong CJK or Cyrillic codec.

The kinds Chinese, Japanese, Korean and Russian users meet every day, which ftfy does not undo:

* UTF-8 read as GBK (``浣犲ソ`` for 你好), Big5, Shift-JIS or EUC-KR, with or without the bytes
  the wrong decoder replaced (``涓�涓�``);
* GBK, Big5, Shift-JIS, EUC-JP or EUC-KR read as windows-1252 or latin-1 (``ÄãºÃ`` for 你好);
* GBK read as Big5 and back; windows-1251 read as windows-1252 (``Ïðèâåò``), KOI8-R read as
  windows-1251;
* two layers of these, and any of them confined to a paragraph, a line or a field.

The work is done by `textmend.mojibake`; this module is the fixer around it, in stages: a cheap
test that the text can hold mojibake at all (`mojibake.screen`: a character class of what
mojibake is made of, searched in C), a search of the lines worth it (`mojibake.regions`, then
`mojibake.engine.repair_line` on each), a second search with the layers the document has shown
at work, the document-wide readings (`mojibake.document`) and the short words the search cannot
judge (`mojibake.words`), and the account of each repair as a `Change` (TM202, or TM203
when lost bytes were restored) and of each character that could not be restored as a `Finding`
(TM204, with its candidates). UTF-8 read as windows-1252, mac_roman or windows-1251 alone is
left to the Latin fixer (ftfy) that runs next.

The document is evidence too. The layer that explains most of its stretches (each stretch
counting at most `EVIDENCE_CAP`) is believed on less evidence elsewhere in it; when its repairs
cover nearly all of the document's non-ASCII text, the few characters left over are read with
it (`mojibake.document.whole_document`: ``畢`` for 拨, ``§c`` for 呃, ``¢Ñ`` for ☞, ``Ч`` for в); and a long
document that one layer explains is read with that layer past the search budget, in C
(`mojibake.document.past_the_budget`): past the budget, or, where no byte was lost, as soon as
a sample of `READING_SAMPLE` searched characters shows the layer at work throughout.

>>> from textmend.context import Context
>>> fix("ÄãºÃ£¬ÊÀ½ç", Context())[0]
'你好，世界'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import chain

from ..context import Context
from ..mojibake.cased import unfolded
from ..mojibake.channels import Span
from ..mojibake.document import (
    Document,
    aligned_start,
    ftfy_reading,
    past_the_budget,
    shown_codec,
    utf8_underneath,
    whole_document,
    wide_count,
)
from ..mojibake.engine import repair_line
from ..mojibake.holes import has_holes
from ..mojibake.regions import (
    FTFY_SAMPLE,
    MAX_REGION,
    PROBE,
    READING_SAMPLE,
    SEARCH_BUDGET,
    WINDOW,
    all_covered,
    cjk_mixup,
    fit_budget,
    open_lines,
    search_regions,
    search_work,
    suspicious_positions,
    unvisited,
)
from ..mojibake.screen import (
    DENSE_HIGH,
    HANGUL_SYLLABLE,
    HANS_FACTS,
    NO_SUSPICIOUS,
    evidence_gate,
    evidence_loose,
    lossy_evidence,
    odd_outside_forms,
    qmark_positions,
    suspicious,
    suspicious_facts,
    suspicious_screen,
    worth_probing,
)
from ..mojibake.words import (
    LATIN_SHOWN_CYRILLIC,
    SHORT_TEXT,
    a0_lost,
    glued_letters,
    in_latin_text,
    known_words,
    lone_words,
    word_evidence,
    word_screens,
)
from ..options import Options
from ..result import Change, Finding
from ..spans import apply_edits
from ..text import fastre
from ..text import screen as text_screen
from ..text.charmodel import (
    Model,
    model,
)
from ..text.charsets import CHARSETS, LAYERS, Layer, layer_name, layers_for

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
#: The share of the characters beyond ASCII the search looked at that a layer's repairs must
#: cover to be the document's layer (`_known_layers`): random bytes read as a code page give a
#: layer about 1%, damaged documents most of what was searched.
KNOWN_SHARE = 0.3


def describe(layers: tuple[Layer, ...], shown_text: str) -> str:
    """The chain in words, oldest layer first: ``utf-8 read as gbk, then utf-8 read as cp1252``.

    UTF-8 whose bytes spell U+FFFD (``锟斤拷`` in GBK) held the marker before it was misread:
    its text had been read as UTF-8 with replacement, saved as UTF-8, and read back in the
    codec of its characters, the double round trip that makes ``锟斤拷``. Only the last reading
    can be undone; the first lost the bytes the U+FFFD stand for, and any further layer found
    inside them is a reading of lost bytes."""
    c1 = C1.search(shown_text) is not None  # all the name looks at in the text
    if layers and layers[0][0] == "utf-8" and _spells_fffd(shown_text, layers[0][1]):
        return _describe((layers[0], (layers[0][1], "utf-8")), c1)
    return _describe(layers, c1)


@lru_cache(maxsize=256)
def _describe(layers: tuple[Layer, ...], c1: bool) -> str:
    names = [layer_name(la, "\x80" if c1 else "") for la in layers]
    return ", then ".join(reversed(names))


def _spells_fffd(text: str, shown: str) -> bool:
    """Whether `text`, as the bytes of codec `shown`, holds the UTF-8 of U+FFFD (EF BF BD)."""
    if shown not in CHARSETS or CHARSETS[shown].kind != "dbcs":
        return False
    return b"\xef\xbf\xbd" in text.encode(shown_codec(text, shown), errors="ignore")


#: A C1 control: a windows-1252 reading that holds one is called latin-1 (see `layer_name`).
C1 = re.compile("[\x80-\x9f]")

#: Only lost-character markers: a "repair" from such a run to another says nothing new.
LOST_ONLY = re.compile("[\ufffd?\u30fb]*")


#: A run of box-drawing and block characters (and spaces): never mojibake to be "repaired".
BOX_ONLY = re.compile(r"[\u2500-\u259f\s]+")


@dataclass
class _Search:
    """The state of one call of `fix`: the repairs found so far and what finding them cost."""

    text: str
    model: Model
    doc: Document  # the text as its own model for lost characters (counted on first use)
    spans: list[tuple[int, Span]] = field(default_factory=list)
    evidence: dict[Layer, float] = field(default_factory=dict)
    searched: int = 0  # characters searched, against `SEARCH_BUDGET`
    skipped: tuple[int, int] | None = None  # where the first pass stopped (budget, or reading found)
    visited: list[tuple[int, int]] = field(default_factory=list)  # the regions the first pass took
    positions: list[int] = field(default_factory=list)  # the positions those regions were made from
    next_look: int = READING_SAMPLE  # characters searched when the reading is next looked for
    rest: list[tuple[int, Span]] | None = None  # the rest of the text read wholesale, once found
    deferred: list[tuple[int, int]] = field(default_factory=list)  # the stretches left to ftfy
    latin: bool | None = None  # whether the document is Latin-script text (`in_latin_text`)
    layers: tuple[Layer, ...] = LAYERS  # the layers worth searching in it (`layers_for`)


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Repair CJK and cross-script mojibake (TM202, TM203) and report what stays lost (TM204)."""
    options = ctx.options
    if text.isascii() or not any(options.enabled(c) for c in CODES):
        return text, []
    if unfolded(text) is not None or has_holes(text):
        # UTF-8 mojibake case-folded afterwards, or short of windows-1252's undefined bytes:
        # the Latin fixer's (`mojibake.cased`, `mojibake.holes`)
        return text, []
    view = ctx.view(text)
    # the screens below run on the text's UTF-8 bytes by RE2 where they can (same answers)
    utf8 = view.utf8 if len(text) >= RE2_FROM and fastre.available() else None
    # the script fixer's questions for its ``hans`` target, asked in the same pass (it runs later)
    asked = _script_questions(options)
    odd_screen = suspicious_screen(asked) if utf8 is not None else None
    if odd_screen is not None and utf8 is not None:
        screen = fastre.build(evidence())
        if screen is not None and screen.search(utf8) is None:
            return text, []  # nothing any stage below acts on (see `evidence`)
        found = ctx.answered(text, odd_screen.patterns)  # the pipeline's pass, when it asked them
        korean, odd, kana, odd_doc, answers = suspicious_facts(odd_screen, utf8, found)
        if not odd:  # (``suspicious(korean, glued=True)`` holds the plain class: nor does that match)
            view.facts[NO_SUSPICIOUS] = kana
        if asked:
            view.facts[HANS_FACTS] = (kana, answers)
    else:
        korean = HANGUL_SYLLABLE.search(text) is not None
        odd = suspicious(korean, glued=True).search(text) is not None
        odd_doc = odd and odd_outside_forms(korean).search(text) is not None
    pat = suspicious(korean, glued=True)
    if not odd and "?" not in text and (len(text) > SHORT_TEXT or not _short_words(text, utf8)):
        return text, []
    if not odd_doc and "?" not in text and len(text) > SHORT_TEXT and not _gate_may_open(text, ctx):
        # a long text whose only suspicious characters are Traditional forms of common ones:
        # the word tests wait for a suspicious character, as in the same text in Simplified,
        # and the pipeline's screen found nothing that sends a line to the searches
        return text, []
    # Only the lines that hold evidence are searched: a line whose every suspicious character is
    # a letter of clean alphabetic text (French, Russian, Greek...) is not scored at all.
    lines = open_lines(evidence_gate(korean), text, view.compact, utf8) if odd else iter(())
    opened = next(lines, None)  # the first piece is screened now, the rest as the search asks
    if opened is None and not text_screen.any_lost_mark(text, utf8):
        # no evidence line, no lost '?', nothing for the word tests
        if text_screen.cjk_words_quiet(text, utf8):
            return text, []
    if opened is not None:
        lines = chain((opened,), lines)
    st = _Search(text, model(), Document(text), layers=layers_for(text))
    _first_pass(st, pat, lines)
    known = _known_layers(st)
    if known:
        _prefer_main(st, known[0])
        _second_pass(st, known)
        if st.rest is not None:  # the reading found on a sample: the rest of the text is read with
            # it, which the leftovers' share below counts as repaired, as a search to the end would
            st.spans += _apart(st.rest, st.spans)
            st.skipped = None
        st.spans += whole_document(text, st.spans, known[0], st.model)
        if st.skipped is not None:
            rest = past_the_budget(text, st.skipped[0], st.spans, known[0], st.model, st.doc)
            if rest is not None:
                st.spans += _apart(rest, st.spans)
                st.skipped = None
    else:
        used = {sp.layers for _s, sp in st.spans}
        if len(used) == 1 and len(next(iter(used))) == 1 and cjk_mixup(next(iter(used))[0]):
            st.spans += whole_document(text, st.spans, next(iter(used))[0], st.model, signed=True)
    spans = sorted(st.spans, key=lambda t: t[0] + t[1].start)
    spans = _not_latin(st, spans)
    spans = known_words(text, spans, st.model, utf8)
    spans = glued_letters(text, spans, st.model)
    words_found = cache(lambda: word_screens(utf8))  # asked by both tests below, found once
    lost_a0 = _lost_spaces(text, spans, options, utf8, words_found)
    if lost_a0:
        spans += [(c.start, _whole_span(c.end - c.start, c.after, ("utf-8", "cp1252"), 0.0)) for c in lost_a0]
        spans.sort(key=lambda t: t[0] + t[1].start)
    return _report(text, spans, st.skipped, lost_a0, options, utf8, words_found)


#: Texts from this many characters on are screened by RE2 (`textmend.text.fastre`) where it is
#: available: for a shorter one, the pure-`re` screens cost less than building RE2's automata
#: (some 0.1 s, once per process) would.
RE2_FROM = 1 << 12


@lru_cache(maxsize=1)
def evidence() -> tuple[str, ...]:
    """Patterns (Python `re` syntax, without lookarounds, so that `fastre.loosen` keeps them as
    they are) such that `fix` returns a text unchanged, with no change and no finding, when
    none of them matches it: what sends a stretch to the search (`evidence_loose`: a character
    of mojibake, a lost character, a channel's signature) and what the word tests act on
    (`word_evidence`). A necessary condition, never a sufficient one: a pipeline may skip the
    fixer on a text none of them matches, screening it by RE2 in one pass."""
    return (*evidence_loose(), *word_evidence())


def questions(options: Options) -> tuple[str, ...]:
    """What `fix` asks of a long text in a pass of its own (`suspicious_screen`'s patterns),
    for the pipeline to answer in its pass instead (`textmend.fixers`), under an explicit
    script target: the text is Chinese to convert, on which `fix` always gets that far. (Under
    ``auto`` and ``keep`` it asks nothing: on most texts it stops before.)"""
    if options.script in ("auto", "keep"):
        return ()
    screen = suspicious_screen(_script_questions(options))
    return () if screen is None else screen.patterns


def _script_questions(options: Options) -> tuple[str, ...]:
    """The script fixer's questions of a text it converts to ``hans`` (`script.hans_questions`),
    or none under any other target."""
    if options.script != "hans" or not options.enabled("TM502"):
        return ()
    from . import script

    return script.hans_questions()


def _gate_may_open(text: str, ctx: Context) -> bool:
    """Whether the evidence gate may send a line of `text` to the searches: ``False`` only when
    the pipeline's screen (`Context.screened`) found none of `evidence_loose` in it."""
    found = ctx.screened(text)
    return found is None or any(found[: len(evidence_loose())])


def _short_words(text: str, utf8: bytes | None) -> bool:
    """Whether `known_words` finds a word in `text` with no other repair around (by RE2 over
    the UTF-8 bytes `utf8`, when they are given)."""
    return bool(known_words(text, [], model(), utf8))


def _whole_span(length: int, after: str, layer: Layer, gain: float) -> Span:
    """A span replacing `length` characters by `after` in one piece."""
    return Span(0, length, [(0, length, after, [])], (layer,), gain)


def _apart(new: list[tuple[int, Span]], old: list[tuple[int, Span]]) -> list[tuple[int, Span]]:
    """The spans of `new` that overlap none of `old`: the rest of a document read wholesale
    gives way where the second pass or the leftovers found a repair of their own (the edits of
    one text must not overlap)."""
    if not old:
        return new
    merged: list[list[int]] = []  # the ranges of `old`, merged: disjoint, their ends in order too
    for a, b in sorted((s + sp.start, s + sp.end) for s, sp in old):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]
    out = []
    for s, sp in new:
        a, b = s + sp.start, s + sp.end
        k = bisect_left(starts, b)  # the ranges that start before `b`; the last of them ends last
        if k and merged[k - 1][1] > a:
            continue
        out.append((s, sp))
    return out


def _first_pass(st: _Search, pat: re.Pattern[str], lines: Iterable[tuple[int, int]]) -> None:
    """Search the regions around the suspicious characters of `lines`, up to the budget."""
    text = st.text
    # Short lines already judged, and their repairs ([] when not worth searching): files repeat
    # lines (logs, tables, boilerplate), and a line seen before is repaired the same way.
    repaired: dict[str, tuple[list[Span], list[Span]]] = {}  # (repairs, stretches left to ftfy)
    taken = 0  # characters of the regions taken, searched or repeated (see `ftfy_reading`)
    next_ftfy = FTFY_SAMPLE
    for s, e in search_regions(text, suspicious_positions(text, pat, lines, st.positions)):
        if taken >= next_ftfy and (st.deferred or st.spans):
            next_ftfy *= 2
            if _ftfy_document(st, s):
                break  # UTF-8 read as a code page throughout: the rest is the Latin fixer's
        if st.searched > SEARCH_BUDGET:
            st.skipped = st.skipped or (s, e)
            break
        if st.searched >= st.next_look:
            st.next_look *= 2
            start = aligned_start(text, s, st.visited[-1][1] if st.visited else 0)
            if start is not None and _read_the_rest(st, start):
                st.skipped = (start, e)
                break
        line = text[s:e]
        cut = fit_budget(line, SEARCH_BUDGET - st.searched + MAX_REGION)
        if cut < len(line):  # lost characters make this stretch dearer than the budget left
            st.skipped = (s + cut, e)
            line = line[:cut]
            e = s + cut
        st.visited.append((s, e))
        taken += e - s
        short = len(line) <= 3 * WINDOW
        got = repaired.get(line) if short else None
        if got is None:
            held: list[Span] = []
            got = (_search_line(st, line, pat, held), held)
            if short:
                repaired[line] = got
        found_spans, held = got
        st.deferred += [(s + sp.start, s + sp.end) for sp in held]
        for sp in found_spans:
            if BOX_ONLY.fullmatch(line[sp.start : sp.end]):
                continue  # a drawn box is clean text in any code page that has one
            st.spans.append((s, sp))
            if len(sp.layers) == 1:
                st.evidence[sp.layers[0]] = st.evidence.get(sp.layers[0], 0.0) + min(sp.gain, EVIDENCE_CAP)
        if st.skipped is not None:
            break


def _cyrillic_through_latin(sp: Span) -> bool:
    return len(sp.layers) == 1 and sp.layers[0] in LATIN_SHOWN_CYRILLIC


def _not_latin(st: _Search, spans: list[tuple[int, Span]]) -> list[tuple[int, Span]]:
    """`spans` without the Cyrillic-through-Latin repairs of a document that is Latin-script
    text (`in_latin_text`), whose verdict on the document's words is made once per call."""
    picked = [t for t in spans if _cyrillic_through_latin(t[1])]
    if not picked:
        return spans
    if st.latin is None:
        st.latin = not in_latin_text(st.text, picked)
    return [t for t in spans if not _cyrillic_through_latin(t[1])] if st.latin else spans


def _ftfy_document(st: _Search, start: int) -> bool:
    """Whether the text searched so far (to `start`) is UTF-8 read as a code page from end to end
    (`mojibake.document.ftfy_reading`): its repairs are all ones `_report` leaves to the Latin
    fixer (`utf8_underneath`), and with the stretches the engine left to it they cover it."""
    text = st.text
    kept = _not_latin(st, st.spans)
    if not all(utf8_underneath(text, s + sp.start, s + sp.end, sp.layers, sp.after) for s, sp in kept):
        return False
    return ftfy_reading(text, start, st.deferred + [(s + sp.start, s + sp.end) for s, sp in st.spans])


def _read_the_rest(st: _Search, start: int) -> bool:
    """Whether the document's main layer, as far as the search has gone (to `start`), explains
    it whole: then the rest is read with it wholesale (`st.rest`) instead of being searched."""
    if "\ufffd" in st.text or next(qmark_positions(st.text), None) is not None:
        # lost bytes: the search weighs each lost character with the whole stretch around it,
        # which restores more than the wholesale reading's weighing of the few characters
        # around it (`document.restore_lost`, for the text past the budget)
        return False
    known = _known_layers(st)
    if not known:
        return False
    st.rest = past_the_budget(st.text, start, st.spans, known[0], st.model, st.doc)
    return st.rest is not None


def _search_line(st: _Search, line: str, pat: re.Pattern[str], held: list[Span]) -> list[Span]:
    """The repairs of one region, when its odd characters make it worth a search (the stretches
    the search leaves to the Latin fixer are appended to `held`)."""
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
        or _half_glued(line)
    )  # lost bytes saved as '?'
    if not clustered and not worth_probing(line, found, PROBE, st.model):
        return []
    st.searched += search_work(line)
    return repair_line(line, st.model, unsafe, st.layers, doc=st.doc, deferred=held)


def _known_layers(st: _Search) -> tuple[Layer, ...]:
    """The layers that repaired much of this document (at most two, the strongest first): they
    are believed on less evidence elsewhere in it (a lone 'JCB°¡' between English words is too
    short alone).

    Gain alone is not enough: in a megabyte of random bytes read as a code page, a few dozen
    stretches happen to read better through some layer, and their gains add up past
    `CONTEXT_EVIDENCE`. A layer is the document's when its repairs also cover `KNOWN_SHARE` of
    the characters beyond ASCII (`wide_count`) the search looked at (real damage is most of what it looks at),
    or the document's reading was found and holds for the rest (`_Search.rest`)."""
    ranked = sorted(st.evidence.items(), key=lambda kv: -kv[1])
    strong = [la for la, g in ranked if g >= CONTEXT_EVIDENCE and g * 3 >= ranked[0][1]][:2]
    if not strong or st.rest is not None:
        return tuple(strong)
    looked = sum(wide_count(st.text[s:e]) for s, e in st.visited)
    covered: dict[Layer, int] = {}
    for s, sp in st.spans:
        if len(sp.layers) == 1:
            wide = wide_count(st.text[s + sp.start : s + sp.end])
            covered[sp.layers[0]] = covered.get(sp.layers[0], 0) + wide
    return tuple(la for la in strong if covered.get(la, 0) >= KNOWN_SHARE * looked)


def _prefer_main(st: _Search, main: Layer) -> None:
    """Where another layer won a stretch the dominant one also explains nearly as well (a run
    of symbols reads as something in most CJK charsets), the dominant one is believed."""
    text, spans = st.text, st.spans
    removed: set[int] = set()
    for idx, (s, sp) in enumerate(spans):
        if idx in removed or sp.layers == (main,) or len(sp.layers) != 1:
            continue
        stop = text.find("\n", s + sp.end)
        stop = len(text) if stop == -1 else stop
        line = text[s : stop if stop - s <= MAX_REGION else s + sp.end]
        alt = [
            a
            for a in repair_line(line, st.model, None, (main,), CONTEXT_SWITCH, st.doc)
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
    st.spans = [t for j, t in enumerate(spans) if j not in removed]


#: A Han or Hangul character glued to an ASCII letter on one side (see `_half_glued`).
HALF_GLUED = re.compile("[A-Za-z][\u4e00-\u9fff\uac00-\ud7a3]|[\u4e00-\u9fff\uac00-\ud7a3][A-Za-z]")


def _half_glued(line: str) -> bool:
    """Whether `line` glues Han or Hangul to ASCII letters in two places or more (`HALF_GLUED`):
    UTF-8 Latin text read as a CJK charset (``Bj철rn ... Malm철 ... 책r``), whose letters read
    as common syllables and so cluster nowhere as suspicious characters; Korean glues a
    particle to a Latin name once in a while (``Windows용``)."""
    found = HALF_GLUED.search(line)
    return found is not None and HALF_GLUED.search(line, found.end()) is not None


def _second_pass(st: _Search, known: tuple[Layer, ...]) -> None:
    """Search again with the `known` layers, on less evidence: the regions of the first pass
    whose suspicious characters are not all repaired, and (for a CJK mix-up, whose mojibake the
    suspicious class lets pass) the lines it did not visit, up to half the budget more."""
    text = st.text
    done = [(s + sp.start, s + sp.end) for s, sp in st.spans]
    covered = sorted(done)
    limit = SEARCH_BUDGET + SEARCH_BUDGET // 2
    extra = set(unvisited(text, st.visited, any(cjk_mixup(la) for la in known)))
    for s, e in sorted(st.visited + list(extra)):
        if st.searched > limit:
            break
        if (s, e) not in extra and all_covered(st.positions, s, e, covered):
            continue  # every suspicious character here is already repaired
        line = text[s:e]
        line = line[: fit_budget(line, limit - st.searched + MAX_REGION)]
        st.searched += search_work(line)
        for sp in repair_line(line, st.model, None, known, CONTEXT_SWITCH, st.doc):
            if BOX_ONLY.fullmatch(line[sp.start : sp.end]):
                continue
            a, b = s + sp.start, s + sp.end
            if all(b <= x or a >= y for x, y in done):
                st.spans.append((s, sp))
                done.append((a, b))


def _lost_spaces(
    text: str,
    spans: list[tuple[int, Span]],
    options: Options,
    utf8: bytes | None = None,
    words_found: Callable[[], set[int] | None] = lambda: None,
) -> list[Change]:
    """The repairs of UTF-8 read as windows-1252 whose byte A0 became a space (`a0_lost`) that
    no span overlaps: the engine's own repairs (a legacy CJK text read as windows-1252 can look
    the same) win."""
    if " " not in text or not options.enabled("TM202"):
        return []
    return [
        c
        for c in a0_lost(text, utf8, words_found())
        if all(s + sp.end <= c.start or s + sp.start >= c.end for s, sp in spans)
    ]


def _report(
    text: str,
    spans: list[tuple[int, Span]],
    skipped: tuple[int, int] | None,
    lost_a0: list[Change],
    options: Options,
    utf8: bytes | None = None,
    words_found: Callable[[], set[int] | None] = lambda: None,
) -> tuple[str, list[Change | Finding]]:
    """The repaired text and the changes and findings of `spans` (sorted, not overlapping);
    `utf8`, the text's UTF-8 bytes, for the RE2 screens of `lone_words` (`words_found`: their
    answer, `word_screens`)."""
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
    seen: dict[tuple[object, int, str], tuple[int, list[Change | Finding] | None]] = {}
    for s, sp in spans:
        if sp.gain == 0.0 and s in lost_at:  # a lost no-break space, with its own message
            if _accounted(text, s, sp, options, seen, lost=True) == []:
                continue  # (the Latin fixer's)
            accounted: list[Change | Finding] = [c for c in lost_at[s] if _recovers(c)]
        else:
            accounted = _accounted(text, s, sp, options, seen) or []
        for item in accounted:
            items.append(item)
            if isinstance(item, Change):
                out.append(text[pos : item.start])
                out.append(item.after)
                pos = item.end
    if not items and not spans:
        lone = lone_words(text, options, utf8, words_found())
        if lone:
            return apply_edits(text, lone), list(lone)
    if not any(isinstance(i, Change) for i in items):
        return text, [i for i in items if isinstance(i, Finding)]
    out.append(text[pos:])
    return "".join(out), items


#: A span's line is memoised by `_accounted` when it is at most this long (its context is a
#: slice of the text: a longer one would make a long line's spans quadratic).
MEMO_LINE = 1_000


def _accounted(
    text: str,
    s: int,
    sp: Span,
    options: Options,
    seen: dict[tuple[object, int, str], tuple[int, list[Change | Finding] | None]],
    lost: bool = False,
) -> list[Change | Finding] | None:
    """The changes (those that `_recovers`) and findings `_report` makes of the span `sp` at
    `s`, none when the Latin fixer's (`utf8_underneath`). What they are depends on the span and
    on its line alone (the run `utf8_underneath` reads stops at a line break, and its context is
    the character either side), so a line the first pass answered from its memo (the same `Span`
    object at another place) is accounted once and shifted: a log repeats its lines. With
    `lost` (a lost no-break space, whose change `_report` has), only whether the span is the
    Latin fixer's is asked: ``[]`` when it is, ``None`` when not; such a span is made anew for
    each place, and is known by what it reads."""
    a = s + sp.start
    ls = text.rfind("\n", max(0, a - MEMO_LINE), a) + 1
    le = text.find("\n", s + sp.end, s + sp.end + MEMO_LINE)
    if ls == 0 and a > MEMO_LINE or le == -1 and s + sp.end + MEMO_LINE < len(text):
        return _accounted_here(text, s, sp, options, lost)  # a long line: no memo
    cut = max(0, ls - 1)  # the line with the line break either side: an edge reads alike
    what: object = (sp.start, sp.end, sp.layers, sp.after) if lost else id(sp)
    key = (what, s - cut, text[cut : len(text) if le == -1 else le + 1])
    got = seen.get(key)
    if got is None:
        got = seen[key] = (s, _accounted_here(text, s, sp, options, lost))
    at, items = got
    if items is None or at == s:
        return items
    return [_shifted(item, s - at) for item in items]


def _accounted_here(
    text: str, s: int, sp: Span, options: Options, lost: bool = False
) -> list[Change | Finding] | None:
    """`_accounted`, without the memo."""
    if utf8_underneath(text, s + sp.start, s + sp.end, sp.layers, sp.after):
        return []  # UTF-8 read as windows-1252, twice or with a Latin letter: the Latin fixer's
    if lost:
        return None
    items = _account(sp, text[s : s + sp.end], s, options)
    return [i for i in items if not isinstance(i, Change) or _recovers(i)]


def _shifted(item: Change | Finding, by: int) -> Change | Finding:
    """`item` `by` characters further on (`_account` sets no line or column, which would move)."""
    return replace(item, start=item.start + by, end=item.end + by)


def _recovers(item: Change) -> bool:
    """Whether a change recovers anything: not when nothing changes, nor when lost markers become
    as many (fewer markers, one per lost character instead of one per lost byte, is a repair),
    nor when it invents no-break spaces before words (clean Serbian љубав read back through
    koi8-r)."""
    if item.before == item.after:
        return False
    if (
        LOST_ONLY.fullmatch(item.before)
        and LOST_ONLY.fullmatch(item.after)
        and len(item.after) >= len(item.before)
    ):
        return False
    return not ("\xa0" in item.after and "\xa0" not in item.before)


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
                out.append(_lost_finding(chain, unresolved, line[a:b], offset + a, offset + b))
            continue
        if group_start is None:
            group_start = a
        group_text.append(t)
        group_end = b
    flush()
    return out


#: A lost character's finding lists at most this many of its candidates.
LISTED = 5


def _lost_finding(chain: str, unresolved: list[list[str]], before: str, start: int, end: int) -> Finding:
    """The TM204 finding of the lost characters of one piece: each one's likeliest candidates
    with the model's probability where it weighed them (`resolve.Ranked`); a character whose
    every byte was lost has too many to weigh, and one read wholesale has none."""
    listed: dict[str, float | None] = {}
    parts: list[str] = []
    for u in unresolved:
        probs: tuple[float, ...] = getattr(u, "probs", ())
        top = u[:LISTED]
        if probs:
            parts.append(", ".join(f"{c} {p:.0%}" for c, p in zip(top, probs)))
        elif top:
            parts.append(" ".join(top))
        for k, c in enumerate(top):
            listed.setdefault(c, probs[k] if probs else None)
    many = f"{len(unresolved)} characters" if len(unresolved) > 1 else "1 character"
    message = f"mojibake ({chain}) lost {many} here; " + (
        f"candidates: {' / '.join(parts)}" if parts else "too many candidates to list"
    )
    weighed = all(p is not None for p in listed.values())
    return Finding(
        "TM204",
        message,
        before,
        tuple(listed),
        start,
        end,
        confidence=0.5,
        probabilities=tuple(p for p in listed.values() if p is not None) if weighed else (),
    )


def _change(code: str, chain: str, sp: Span, line: str, offset: int, a: int, b: int, after: str) -> Change:
    restored = (
        f", {sp.restored} lost character{'s' if sp.restored != 1 else ''} restored" if sp.restored else ""
    )
    return Change(
        code, f"mojibake: {chain}{restored}", line[a:b], after, offset + a, offset + b, confidence=0.9
    )
