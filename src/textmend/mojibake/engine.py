"""The mojibake engine: find the spans of a line that some wrong-codec chain explains better.

Only a few layers get the full search: `screen` decodes the whole line with every layer in C
(Python's codecs, with an error handler for the vendor supersets) and ranks them by the unigram
cost they save. For one line and one such layer (text encoded as `true`, read as `shown`):

1. each character is encoded back with `shown` (characters `shown` cannot produce are barriers;
   U+FFFD is a lost byte when `shown` is a CJK codec and `true` is UTF-8, and so is a ``?``
   where the bytes around it need one),
2. the bytes are decoded with `true` unit by unit, so that one bad byte spoils one unit,
3. the line is cut into *atoms*: the shortest runs of characters whose bytes are also whole
   characters of the decoded text (``浣犲ソ`` is one atom for ``你好``),
4. a two-state Viterbi over the atoms (keep / decode) with the language model of `model.py`
   chooses the stretches to decode; entering and leaving one each cost `SWITCH` nats, so a
   stretch is decoded only if its decoding is that much more plausible than the original: the
   "clearly more plausible" rule, which keeps clean text (which the model already likes) as is.
   The edges of a stretch are then widened over the characters of the same word (`_glued`) and,
   for alphabets, over the short words beside it (`_short_words`).

A decoded stretch must also read as text (`_credible`): ordinary cost per character, mostly
letters, and, for text made only of CJK letters, pairs that occur in words. A stretch that does
not may be the outer layer of two: the search runs again over it (`repair_line`), and the chain
of both layers competes with the single readings. Readings made only of layers that ftfy undoes
(UTF-8 read as windows-1252, Mac Roman, windows-1251) hold their stretch and are left to it.

Lost bytes (see `lossy.py`) leave a choice among candidates; the engine keeps the candidate the
model prefers when the best path through it beats every other by `CLEAR_WIN` nats, and reports
the others.

Costs are linear in the length of the line; a line longer than `MAX_LINE` characters is cut
into pieces of that size (at a space when there is one), so no input is quadratic.
"""

from __future__ import annotations

import codecs
import math
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..spans import apply_edits
from ..text.charmodel import (
    CJKP,
    COMMON_CJKP,
    COMMON_GPUNCT,
    COMMON_PUNCT,
    CTRL,
    CYR,
    DIGIT,
    GREEK,
    HAN,
    HANGUL,
    HIRA,
    HKATA,
    KATA,
    LATIN,
    LETTERS,
    MARK,
    OTHER,
    PUA,
    SYM,
    Model,
    char_class,
    model,
)
from ..text.charsets import CHARSETS, FTFY_LAYERS, LAYERS, Charset, Layer, common_block
from .document import Document, Mixer
from .lossy import bounded as lost_bounded

ALPHABETIC = frozenset({LATIN, CYR, GREEK})
_CJK_LETTERS = frozenset({HAN, HIRA, KATA, HANGUL})
_TEXTUAL = frozenset(LETTERS | {CJKP, DIGIT})

#: Cost (nats) of starting, and again of ending, a decoded stretch.
SWITCH = 9.0
#: A lost character is restored only when its best candidate beats the next by this much.
CLEAR_WIN = 1.0
#: ... and when the model gives it at least this share of the probability of all of them.
MIN_SHARE = 0.7
#: Costs above this (nats) are unusual for a character of real text; see `surprise`.
BASE = 7.0
#: A stretch whose surprise is below this cannot hold a repair worth making.
MIN_SURPRISE = 12.0
#: Mean cost of the non-ASCII letters of alphabetic scripts above which a line is searched.
ALPHA_MEAN = 3.8
#: At most this many first-pass readings that are not text yet are searched for a second layer,
#: and only those within this share of the best reading of their stretch.
MAX_OUTER = 2
OUTER_SHARE = 0.7
#: Lines longer than this are searched in pieces.
MAX_LINE = 2000

QMARK = 0x3F


@dataclass
class Atom:
    """A run of the line (`t0`..`t1`) and what it decodes to under one layer."""

    t0: int
    t1: int
    orig: str
    cand: str | None  # None: does not decode
    options: list[list[str]] | None = None  # per decoded character: candidates (lossy atoms only)


@dataclass
class Span:
    """A stretch ``[start, end)`` of a line that a chain of layers repairs.

    `pieces` cut it into ``(start, end, replacement, unresolved)`` parts; `unresolved` lists the
    candidates of each lost character the replacement keeps as U+FFFD.
    """

    start: int
    end: int
    pieces: list[tuple[int, int, str, list[list[str]]]]
    layers: tuple[Layer, ...]
    gain: float
    restored: int = 0

    @property
    def after(self) -> str:
        return "".join(p[2] for p in self.pieces)


def _encode(line: str, shown: str, lossy: bool) -> tuple[list[tuple[int, bytes | None]], bool]:
    """Each character of `line` as bytes of `shown` (None: a barrier; b"" a lost byte)."""
    cs = CHARSETS[shown]
    out: list[tuple[int, bytes | None]] = []
    any_high = False
    enc = cs.encode_char
    for ch in line:
        if ch < "\x80":
            out.append((0, ch.encode("ascii")))
            continue
        b = enc(ch)
        if b is None and lossy and ch == "\ufffd":
            out.append((1, b""))
            any_high = True
            continue
        if b is not None:
            any_high = True
        out.append((0, b))
    return out, any_high


def atoms_for(line: str, layer: Layer) -> list[Atom]:
    """Cut `line` into atoms under `layer`; see the module docstring."""
    true, shown = layer
    lossy = true == "utf-8" and CHARSETS[shown].kind == "dbcs"
    encoded, any_high = _encode(line, shown, lossy)
    if not any_high:
        return []
    atoms: list[Atom] = []
    seg_start = 0
    i = 0
    n = len(line)
    while i <= n:
        if i == n or encoded[i][1] is None:
            if i > seg_start:
                atoms.extend(_segment_atoms(line, seg_start, i, encoded, layer, lossy))
            if i < n:
                atoms.append(Atom(i, i + 1, line[i], None))
            seg_start = i + 1
        i += 1
    return atoms


def _segment_atoms(
    line: str, a: int, b: int, encoded: list[tuple[int, bytes | None]], layer: Layer, lossy: bool
) -> list[Atom]:
    """Atoms of the barrier-free run ``line[a:b]``."""
    true, shown = layer
    tcs = CHARSETS[true]
    data = bytearray()
    lost: set[int] = set()
    qmarks: set[int] = set()
    bounds = [0]  # byte offset of each character boundary of line[a:b]
    # Lost bytes became U+FFFD, or (saved again in the wrong codec) '?': never both in one
    # text, so where a line holds U+FFFD its '?' are real question marks.
    qmarks_lost = lossy and "\ufffd" not in line
    for k in range(a, b):
        flag, bts = encoded[k]
        if flag:
            lost.add(len(data))
            data.append(0)
        else:
            assert bts is not None
            if qmarks_lost and bts == b"?":
                qmarks.add(len(data))
            data += bts
        bounds.append(len(data))
    data_b = bytes(data)
    # decode units: (b0, b1, text or None, options or None)
    units: list[tuple[int, int, str | None, list[list[str]] | None]] = []
    i = 0
    nb = len(data_b)
    while i < nb:
        byte = data_b[i]
        if lossy and (i in lost or i in qmarks or byte >= 0x80):
            us = _lossy_units(data_b, i, lost, qmarks, shown)
            if us is not None:
                units.extend(us)
                i = us[-1][1]
                continue
        if byte < 0x80 and i not in lost:
            units.append((i, i + 1, chr(byte), None))
            i += 1
            continue
        length = tcs.unit_length(data_b, i)
        unit = data_b[i : i + length]
        s = tcs.decode_unit(unit) if len(unit) == length and i not in lost else None
        if s is None or _impossible(s):
            units.append((i, i + 1, None, None))
            i += 1
        else:
            units.append((i, i + length, s, None))
            i += length
    # align the character boundaries of the line with those of the decoded units
    out: list[Atom] = []
    ti = 0  # index into bounds
    t_start = 0
    u_start = 0
    uj = 0
    nbounds = len(bounds)
    for uj, (b0, b1, _s, _o) in enumerate(units):
        while ti < nbounds and bounds[ti] < b1:
            ti += 1
        if ti < nbounds and bounds[ti] == b1:
            group = units[u_start : uj + 1]
            texts = [g[2] for g in group]
            orig = line[a + t_start : a + ti]
            if any(t is None for t in texts):
                cand = None
                options = None
            else:
                cand = "".join(texts)  # type: ignore[arg-type]
                options = (
                    [g[3][0] if g[3] is not None else [g[2]] for g in group]
                    if any(g[3] is not None for g in group)
                    else None
                )
                if options is not None and _only_markers_and_new_ascii(orig, cand):
                    cand = options = None
            out.append(Atom(a + t_start, a + ti, orig, cand, options))
            t_start = ti
            u_start = uj + 1
    if t_start < len(bounds) - 1:
        out.append(Atom(a + t_start, b, line[a + t_start : b], None))
    return out


def _only_markers_and_new_ascii(orig: str, cand: str) -> bool:
    """Whether a lossy atom decodes to nothing but lost markers and ASCII letters or digits that
    were not in the text: the bytes of a CJK character (``帶``, Big5 B1 61) split into a lost
    character and its ASCII second byte. Repaired text next to U+FFFD reads that way; real
    mojibake decodes some character its bytes determine along with it."""
    new_ascii = sum(1 for c in cand if c < "\x80" and c.isalnum()) > sum(
        1 for c in orig if c < "\x80" and c.isalnum()
    )
    return new_ascii and all(c < "\x80" or c == "\ufffd" for c in cand)


def _impossible(ch: str) -> bool:
    """Characters no repair produces: private use and unassigned code points."""
    return ("\ue000" <= ch <= "\uf8ff") or unicodedata.category(ch) == "Cn"


def _lossy_units(
    data: bytes, i: int, lost: set[int], qmarks: set[int], shown: str
) -> list[tuple[int, int, str | None, list[list[str]] | None]] | None:
    """The UTF-8 units at `i` that involve lost bytes, or None to decode `i` the ordinary way.

    A run of lost bytes and continuation bytes is cut into characters the way CJK text most
    likely was (three bytes each, else two or four), each starting at a lost byte since a
    continuation byte cannot start one. A ``?`` counts as lost only where the bytes around it
    need it (a real question mark is followed by ASCII).
    """
    nb = len(data)

    def unknown(j: int) -> bool:
        return j in lost or j in qmarks

    def cont(j: int) -> bool:
        return j < nb and (unknown(j) or 0x80 <= data[j] <= 0xBF)

    b = data[i]
    if not unknown(i):
        if not 0xC2 <= b <= 0xF4:
            return None
        length = 2 if b <= 0xDF else 3 if b <= 0xEF else 4
        if not all(cont(i + j) for j in range(1, length)):
            return None
        if not any(unknown(i + j) for j in range(1, length)):
            return None  # no lost byte: ordinary decoding
        return [_lossy_char(data, i, i + length, lost, qmarks, shown)]
    j = i + 1
    while j < nb and j - i < 12 and cont(j):
        j += 1
    if j - i == 1:
        return None if i in qmarks else [(i, i + 1, "\ufffd", [[]])]
    # cut [i, j) into characters: best[p] = (penalty, previous cut) for a cut at p
    INF = 99
    best: dict[int, tuple[int, int]] = {i: (0, -1)}
    for p in range(i, j):
        if p not in best or not unknown(p):
            continue
        # (not four bytes: a character beyond the BMP that lost its lead byte has thousands of
        # candidates and restores nothing, while the cut would swallow the bytes of the real
        # characters after it - in repaired text, the Hangul beside a marker that stayed)
        for length, pen in ((3, 0), (2, 1)):
            q = p + length
            if q <= j and best[p][0] + pen < best.get(q, (INF, -1))[0]:
                best[q] = (best[p][0] + pen, p)
    if j not in best:
        return None if i in qmarks else [(i, i + 1, "\ufffd", [[]])]
    cuts = [j]
    while cuts[-1] != i:
        cuts.append(best[cuts[-1]][1])
    cuts.reverse()
    return [_lossy_char(data, p, q, lost, qmarks, shown) for p, q in zip(cuts, cuts[1:])]


def _lossy_char(
    data: bytes, p: int, q: int, lost: set[int], qmarks: set[int], shown: str
) -> tuple[int, int, str | None, list[list[str]] | None]:
    """One UTF-8 character ``data[p:q]`` with lost bytes, and its candidates."""
    unit: list[int | None] = [None if (k in lost or k in qmarks) else data[k] for k in range(p, q)]
    following = data[q] if q < len(data) and q not in lost and q not in qmarks else None
    opts = _options(tuple(unit), shown, following)
    markers = "".join("?" if k in qmarks else "\ufffd" for k in range(p, q) if k in lost or k in qmarks)
    if len(opts) == 1:
        return (p, q, opts[0], None)
    # Until `_resolve` weighs them in context, a lost character stands as one marker for each
    # lost byte, as in the text: a stretch is decoded for what its surviving bytes say, not for
    # the cheapest guess at what it lost, nor for having fewer markers.
    return (p, q, markers, [opts])


#: At most this many candidates of a lost character are weighed (the cheapest by the model).
MAX_OPTIONS = 24
#: Extra cost (nats) of a candidate for a lost character that real text seldom holds: a rare
#: symbol or punctuation mark, a letter no list or legacy standard has. The model prices such
#: characters for text as it stands, where a symbol is cheap; a lost byte's dozens of candidates
#: always include a few symbols (U+3000..U+303F for a lost ``E3``), which would win on that price.
RARE_LOST = 6.0
_COMMON_MARKS = COMMON_PUNCT | COMMON_CJKP | COMMON_GPUNCT
#: Extra cost of a punctuation mark as a lost character. The model prices a mark by its class
#: (a mark is cheap wherever one stands); as a guess for a position that could hold any letter,
#: it must also pay for being a mark at all rather than a letter, about one position in eight.
PUNCT_LOST = 2.0
#: Among marks, the full stop and commas of CJK text are an order of magnitude more frequent
#: than quotes and brackets, which are more frequent than the rest.
_FREQUENT_MARKS = frozenset("。，、")
_USUAL_MARKS = frozenset("「」（）：？！；.,:;!?()'\"“”")
#: Marks that do not end a line (opening brackets, commas, the ideographic space).
_NOT_AT_END = frozenset("、，「『（《〈【〔\u3000,(")
#: Extra cost of such a mark restored at the end of a line.
END_OF_LINE = 3.0


def lost_prior(ch: str, m: Model) -> float:
    """The extra cost of `ch` as the restoration of a lost character (see `RARE_LOST`)."""
    cls = m.info(ch)[1]
    if ch == "々":  # the iteration mark repeats the kanji before it: as frequent as a rarer mark
        return PUNCT_LOST + 2.0
    if cls in (HAN, HANGUL):
        return 0.0 if ch in m.legacy or ch in m.uni else RARE_LOST
    if cls in (HIRA, KATA):
        return 0.0
    if cls in LETTERS:
        return 0.0 if ch.lower() in m.uni else RARE_LOST
    if ch in _FREQUENT_MARKS:
        return PUNCT_LOST - 2.5
    if ch in _USUAL_MARKS:
        return PUNCT_LOST
    if ("0" <= ch <= "9") or ch in _COMMON_MARKS or ("\uff01" <= ch <= "\uff5e" and cls != SYM):
        return PUNCT_LOST + 2.0
    return RARE_LOST


class _Options(list):  # type: ignore[type-arg]
    """The candidates kept for a lost character; `total` counts all that fit, kept or not."""

    total: int = 0


@lru_cache(maxsize=8192)
def _options(unit: tuple[int | None, ...], shown: str, following: int | None) -> list[str]:
    """The candidates of a lost character worth weighing (cached: a fully lost character has
    thousands, and the same damaged unit recurs all through a text)."""
    found = lost_bounded(unit, shown, following, 4 * MAX_WEIGHED)
    if isinstance(found, int):  # too many to list: reported as lost, with no candidates
        out = _Options()
        out.total = found
        return out
    return _prune(list(found))


#: A lost character with more candidates than this is not weighed at all (see `_resolve`).
MAX_WEIGHED = 1000
#: Of the candidates of one lost character, at most this many of each script (and of all
#: non-letters together) are kept for `_resolve`, which picks those of the text's scripts.
PER_CLASS = 16


def _prune(opts: list[str]) -> list[str]:
    """The candidates worth weighing: letters and punctuation, cheapest first, a few of each
    script (a lost lead byte leaves Hangul, Han, kana and CJK punctuation side by side, and
    punctuation is always cheapest on its own)."""
    m = model()
    scored = sorted(
        (m.info(c)[2] + lost_prior(c, m), c) for c in opts if m.info(c)[1] not in (CTRL, PUA, OTHER, MARK)
    )
    kept: dict[int, int] = {}
    out = _Options()
    out.total = len(scored)
    for _, c in scored:
        cls = m.info(c)[1]
        key = cls if cls in LETTERS else -1
        if kept.get(key, 0) < (PER_CLASS if key >= 0 else PER_CLASS // 2):
            kept[key] = kept.get(key, 0) + 1
            out.append(c)
    return out


def worth_searching(line: str, costs: list[float]) -> bool:
    """Whether `line` (with its per-character `costs`) is odd enough to hold mojibake.

    Two tests, each cheap next to a search: the costs above `BASE` add up to a repair's worth
    (a rare Hanzi or two in clean Chinese do not), or the letters of alphabetic scripts cost
    more than `ALPHA_MEAN` on average (KOI8-R read as windows-1251 is all Cyrillic letters, each
    only a little odd).
    """
    total = 0.0
    alpha = 0.0
    n_alpha = 0
    for ch, c in zip(line, costs):
        if c > BASE:
            total += c - BASE
        if ch.isalpha() and ch > "\x7f" and char_class(ch) in ALPHABETIC:
            alpha += c
            n_alpha += 1
    return total >= MIN_SURPRISE or (n_alpha >= 3 and alpha / n_alpha > ALPHA_MEAN)


def worth_probing(line: str, centers: list[int], radius: int, model: Model) -> bool:
    """Whether any probe ``line[i - radius : i + radius + 1]`` (`i` in `centers`, sorted) is
    `worth_searching` on its own costs: the same answer as costing each probe alone, but each
    character is costed once (probes of a line dense with odd characters overlap).

    Overlapping probes are costed as one stretch; only the first character of each probe is
    costed again, alone, as a probe of its own would start.
    """
    n = len(line)
    alone: dict[str, float] = {}
    k = 0
    nc = len(centers)
    while k < nc:
        a = max(0, centers[k] - radius)
        b = min(n, centers[k] + radius + 1)
        j = k + 1
        while j < nc and centers[j] - radius <= b:
            b = min(n, centers[j] + radius + 1)
            j += 1
        stretch = line[a:b]
        costs = model.costs(stretch)
        if j == k + 1:  # one probe: the stretch is the probe
            if worth_searching(stretch, costs):
                return True
            k = j
            continue
        excess = [c - BASE if c > BASE else 0.0 for c in costs]
        flags = [ch.isalpha() and ch > "\x7f" and char_class(ch) in ALPHABETIC for ch in stretch]
        alpha = [c if f else 0.0 for c, f in zip(costs, flags)]
        for i in centers[k:j]:
            pa = max(0, i - radius) - a
            pb = min(n, i + radius + 1) - a
            first = costs[pa]
            if pa:
                ch = stretch[pa]
                first = alone.get(ch, -1.0)
                if first < 0.0:
                    first = alone[ch] = model.costs(ch)[0]
            total = sum(excess[pa + 1 : pb], first - BASE if first > BASE else 0.0)
            n_alpha = sum(flags[pa:pb])
            if total >= MIN_SURPRISE:
                return True
            if n_alpha >= 3:
                a_sum = sum(alpha[pa + 1 : pb], first if flags[pa] else 0.0)
                if a_sum / n_alpha > ALPHA_MEAN:
                    return True
        k = j
    return False


def _viterbi(
    line: str, atoms: list[Atom], ocost: list[float], model: Model, switch: float = SWITCH
) -> list[tuple[int, int]]:
    """Indices ``(first, last + 1)`` of the atom runs the best path decodes."""
    INF = float("inf")
    n = len(atoms)
    o_state = 0.0
    c_state = INF
    back_o: list[int] = []  # 0: came from O, 1: from C
    back_c: list[int] = []
    prev_c_char = ""
    costs = model.costs
    pair = model.pair
    # The decoded text of each run of decodable atoms, scored in one pass: an atom's cost after
    # the decoded atom before it, and the cost of its first character there.
    after_c: list[float] = [0.0] * n
    first_c: list[float] = [0.0] * n
    k = 0
    while k < n:
        if atoms[k].cand is None or not atoms[k].cand:
            k += 1
            continue
        j = k
        while j < n and atoms[j].cand:
            j += 1
        run_costs = costs("".join(a.cand or "" for a in atoms[k:j]))
        pos = 0
        for q in range(k, j):
            ln = len(atoms[q].cand or "")
            after_c[q] = sum(run_costs[pos : pos + ln])
            first_c[q] = run_costs[pos]
            pos += ln
        k = j
    for idx, at in enumerate(atoms):
        oc = sum(ocost[at.t0 : at.t1])
        new_o_from_o = o_state + oc
        new_o_from_c = c_state + oc + switch
        if new_o_from_o <= new_o_from_c:
            new_o, bo = new_o_from_o, 0
        else:
            new_o, bo = new_o_from_c, 1
        if at.cand:
            prev_o_char = line[at.t0 - 1] if at.t0 > 0 else ""
            if c_state < INF and prev_c_char:
                cc_from_c = after_c[idx]
                cc_from_o = (
                    cc_from_c
                    if prev_o_char == prev_c_char
                    else (cc_from_c - first_c[idx] + pair(prev_o_char, at.cand[0]))
                )
            else:
                cc_from_c = INF
                cc_from_o = after_c[idx] - first_c[idx] + pair(prev_o_char, at.cand[0])
            a1 = o_state + cc_from_o + switch
            a2 = c_state + cc_from_c
            if a1 < a2:
                new_c, bc = a1, 0
            else:
                new_c, bc = a2, 1
            prev_c_char = at.cand[-1] if at.cand else prev_c_char
        else:
            new_c, bc = INF, 0
        o_state, c_state = new_o, new_c
        back_o.append(bo)
        back_c.append(bc)
        if c_state == INF:
            prev_c_char = ""
    # end in O
    state = 0 if o_state <= c_state + switch else 1
    path = [0] * n
    for k in range(n - 1, -1, -1):
        path[k] = state
        state = back_o[k] if state == 0 else back_c[k]
    runs: list[tuple[int, int]] = []
    k = 0
    while k < n:
        if path[k] == 1:
            j = k
            while j < n and path[j] == 1:
                j += 1
            # trim atoms that decode to themselves at both ends
            a, b = k, j
            while a < b and atoms[a].cand == atoms[a].orig:
                a += 1
            while b > a and atoms[b - 1].cand == atoms[b - 1].orig:
                b -= 1
            if a < b:
                # Mojibake spares no character of a run of letters: a neighbour glued to the
                # decoded stretch that also decodes, to something else, belongs to it (the model
                # alone may keep 'т' of 'тЕУРХВМЙЛБОУЛБС' because 'т' begins words too).
                lo = runs[-1][1] if runs else 0
                while a > lo and _glued(atoms[a - 1]):
                    a -= 1
                while b < n and _glued(atoms[b]) and path[b] == 0:
                    b += 1
                if a > lo and _trail_glued(atoms[a - 1], atoms[a].cand, model):
                    a -= 1
                if b < n and path[b] == 0 and _trail_glued(atoms[b], atoms[b - 1].cand, model):
                    b += 1
                a, b = _short_words(atoms, a, b, lo, n, path, model)
                runs.append((a, b))
            k = j
        else:
            k += 1
    return runs


#: Longest word beside a decoded run of an alphabet that `_short_words` takes in; a word of more
#: than two letters is taken in only when its reading costs at most `SWITCH` more than it does.
MAX_WORD = 12


def _short_words(
    atoms: list[Atom], a: int, b: int, lo: int, n: int, path: list[int], model: Model | None = None
) -> tuple[int, int]:
    """Widen a decoded run of an alphabet over the words next to it.

    A single-byte mix-up spares no letter, but the model cannot judge a word like 'х' or 'с'
    alone, and finds an abbreviation or a rare word (``ВАТБ`` for бюра, KOI8-R read as
    windows-1251) as cheap as its reading; when the run it borders decodes, so does it. Only
    across spaces and punctuation (at most four characters), only words that decode to letters
    of the run's alphabet: any of one or two letters, longer ones (up to `MAX_WORD`) when their
    reading costs at most `SWITCH` nats more than the word as it stands.
    """

    def letters(k: int) -> bool:
        at = atoms[k]
        return (
            at.cand is not None
            and at.cand != at.orig
            and at.options is None
            and len(at.orig) == 1
            and at.orig > "\x7f"
            and at.orig.isalpha()
            and at.cand.isalpha()
        )

    def gap(k: int) -> bool:
        at = atoms[k]
        return at.cand == at.orig and at.orig.isascii() and not at.orig.isalpha()

    def fits(w0: int, w1: int) -> bool:
        if w1 - w0 <= 2:
            return True
        if model is None:
            return False
        orig = "".join(at.orig for at in atoms[w0:w1])
        cand = "".join(at.cand or "" for at in atoms[w0:w1])
        return model.cost(cand, " ", " ") <= model.cost(orig, " ", " ") + SWITCH

    if not any((c.cand or "") and char_class(c.cand[0]) in ALPHABETIC for c in atoms[a:b]):
        return a, b
    while True:
        k = a - 1
        g = 0
        while k >= lo and gap(k) and g < 4:
            k, g = k - 1, g + 1
        w = k
        while w >= lo and letters(w) and k - w < MAX_WORD:
            w -= 1
        if g and k - w >= 1 and (w < lo or not atoms[w].orig.isalpha()) and fits(w + 1, k + 1):
            a = w + 1
        else:
            break
    while True:
        k = b
        g = 0
        while k < n and gap(k) and g < 4:
            k, g = k + 1, g + 1
        w = k
        while w < n and letters(w) and path[w] == 0 and w - k < MAX_WORD:
            w += 1
        if g and w - k >= 1 and (w >= n or not atoms[w].orig.isalpha()) and fits(k, w):
            b = w
        else:
            break
    return a, b


def _glued(at: Atom) -> bool:
    """An atom of non-ASCII letters or symbols (no space, no ASCII) that decodes to a change."""
    return (
        at.cand is not None
        and at.cand != at.orig
        and at.options is None
        and all(c > "\x7f" and not c.isspace() for c in at.orig)
        and not any(c.isspace() or c < "\x80" for c in at.cand)
    )


def _trail_glued(at: Atom, beside: str | None, m: Model) -> bool:
    """A double-byte character whose second byte is ASCII (``§n`` for Big5 吵, ``’J`` for
    Shift-JIS 谷), glued to a decoded run of CJK letters (`beside`, the decoded text next to it).

    The model finds a symbol and a letter cheap, so such a character at the edge of a run stays
    behind on its own; next to a run of the same mix-up, it is part of it.
    """
    cand = at.cand
    if not cand or not beside:
        return False
    return (
        len(cand) == 1
        and at.options is None
        and len(at.orig) == 2
        and at.orig[0] > "\xa0"
        and "!" <= at.orig[1] <= "~"
        and char_class(cand) in _CJK_LETTERS
        and (cand in m.legacy or cand in m.uni)
        and char_class(beside[0]) in _CJK_LETTERS
        and char_class(beside[-1]) in _CJK_LETTERS
    )


def char_costs(line: str, model: Model) -> list[float]:
    """The cost of each character of `line` as it stands, given the one before it: with the
    language back-off, so that a word of a language the frequency lists lack is not evidence
    of damage by being rare (see `charmodel.as_written`)."""
    return model.costs_as_written(line)


_NOTHING_FITS = ["\ufffd"]  # the options of a lost character no candidate fits


def _resolve(
    span_atoms: list[Atom], prev: str, nxt: str, model: Model, mixer: Mixer | None = None
) -> tuple[list[tuple[int, int, str, list[list[str]]]], int]:
    """Choose among the candidates of lost characters in a run of atoms.

    Returns, for each atom, ``(t0, t1, decoded text, candidates of each unresolved character)``
    (U+FFFD stands in the text for each unresolved one), and the number of lost characters
    restored. A candidate is kept when the best path through it beats the best path through
    any other candidate by `CLEAR_WIN` nats (Viterbi max-marginals over the bigram model,
    mixed with the document's own counts by `mixer` when there is one).
    """
    seq: list[list[str]] = []
    owner: list[int] = []
    too_many: dict[int, list[str]] = {}
    for k, at in enumerate(span_atoms):
        assert at.cand is not None
        groups = at.options if at.options is not None else [[at.cand]]
        for opts in groups:
            if len(opts) == 1:
                for c in opts[0]:
                    seq.append([c])
                    owner.append(k)
            elif getattr(opts, "total", 0) > MAX_WEIGHED:
                # thousands of candidates (a character whose every byte was lost): no bigram
                # model picks one clearly, so it is reported with its likeliest few, unweighed
                too_many[len(seq)] = list(opts[:8])
                seq.append(_NOTHING_FITS)
                owner.append(k)
            else:
                seq.append(opts if opts else _NOTHING_FITS)
                owner.append(k)
    if all(len(s) == 1 and s is not _NOTHING_FITS for s in seq):
        return [(at.t0, at.t1, at.cand or "", []) for at in span_atoms], 0
    # A lost character is most likely of the scripts the text around it is written in.
    multi = [len(s) > 1 for s in seq]
    totals = [max(len(s), getattr(s, "total", 0)) for s in seq]
    info = model.info
    scripts = {info(c)[1] for c in (prev, nxt) if c} | {info(s[0])[1] for s in seq if len(s) == 1}
    scripts &= LETTERS
    if scripts:
        seq = [
            s
            if len(s) <= 1
            else ([o for o in s if info(o)[1] not in LETTERS or info(o)[1] in scripts] or s)[:MAX_OPTIONS]
            for s in seq
        ]
    else:
        seq = [s[:MAX_OPTIONS] for s in seq]
    # Korean is punctuated with ASCII marks: CJK ones in Hangul text are rare.
    korean = HANGUL in scripts and not scripts & {HAN, HIRA, KATA}
    kana = bool(scripts & {HIRA, KATA})
    pair = model.pair

    if mixer is None:

        def cost(o: str, p: str) -> float:
            return pair(p, o) if p else model.cost(o)
    else:
        mix = mixer.cost

        def cost(o: str, p: str) -> float:
            return mix(p, o, pair(p, o) if p else model.cost(o))

    n = len(seq)
    prior = [
        {
            o: lost_prior(o, model)
            + (RARE_LOST if (korean and info(o)[1] == CJKP) or (o == "々" and not kana) else 0.0)
            for o in opts
        }
        if many
        else {opts[0]: 0.0}
        for opts, many in zip(seq, multi)
    ]
    if mixer is not None and mixer.other:  # a Simplified-only character in Traditional text...
        prior = [
            {o: c + (RARE_LOST if o in mixer.other else 0.0) for o, c in pr.items()} if many else pr
            for pr, many in zip(prior, multi)
        ]
    if multi[-1] and (not nxt or nxt.isspace() or nxt == "<"):  # the last character ends a line or a
        # phrase (a markup tag after it: ``。</p>``, ``》</title>``, ``說<br>``)
        prior[-1] = {o: c + (END_OF_LINE if o in _NOT_AT_END else 0.0) for o, c in prior[-1].items()}
    fwd: list[dict[str, float]] = []
    last = {prev: 0.0}
    for opts, pr in zip(seq, prior):
        cur = {o: pr[o] + min(s + cost(o, p) for p, s in last.items()) for o in opts}
        fwd.append(cur)
        last = cur
    bwd: list[dict[str, float]] = [{} for _ in range(n)]
    after = {nxt: 0.0} if nxt else {}
    after_prior: dict[str, float] = {}
    for idx in range(n - 1, -1, -1):
        if after:
            cur = {
                o: min(s + after_prior.get(q, 0.0) + cost(q, o) for q, s in after.items()) for o in seq[idx]
            }
        else:
            cur = {o: 0.0 for o in seq[idx]}
        bwd[idx] = cur
        after = cur
        after_prior = prior[idx]
    texts: list[list[str]] = [[] for _ in span_atoms]
    unresolved: list[list[list[str]]] = [[] for _ in span_atoms]
    restored = 0
    # A character that stays lost is one marker of the kind the text lost it to: '?' where the
    # lost bytes became '?' (so that the text keeps one convention, which a later pass reads as
    # the damage did: where a line holds U+FFFD, its '?' are taken for real question marks).
    # One kind for the whole stretch: a character whose bytes all decoded to a wrong letter
    # (no marker of its own) is marked as its neighbours are.
    origs = "".join(at.orig for at in span_atoms)
    mark = "?" if "?" in origs and "\ufffd" not in origs else "\ufffd"
    marks = [mark] * len(span_atoms)
    for idx, opts in enumerate(seq):
        k = owner[idx]
        if not multi[idx] and opts is not _NOTHING_FITS:
            texts[k].append(marks[k] if opts[0] == "\ufffd" else opts[0])
            continue
        scores = sorted((fwd[idx][o] + bwd[idx][o], o) for o in opts)
        if opts is _NOTHING_FITS:
            texts[k].append(marks[k])
            unresolved[k].append(too_many.get(idx, []))
        elif totals[idx] == 1 or (
            len(scores) > 1
            and scores[1][0] - scores[0][0] >= CLEAR_WIN
            and _share(scores, totals[idx])
            >= (MIN_SHARE if _anchored(seq, multi, idx, prev, nxt) else ALONE_SHARE)
        ):
            texts[k].append(scores[0][1])
            restored += 1
        else:
            texts[k].append(marks[k])
            unresolved[k].append([s[1] for s in scores[:8]])
    return [(at.t0, at.t1, "".join(texts[k]), unresolved[k]) for k, at in enumerate(span_atoms)], restored


#: The share a lost character's best candidate needs when neither neighbour is a known letter.
ALONE_SHARE = 0.8


def _anchored(seq: list[list[str]], multi: list[bool], idx: int, prev: str, nxt: str) -> bool:
    """Whether the lost character at `idx` has a known letter on at least one side.

    Between two other lost characters (or a lost one and a space), the model can only say
    which candidate is most frequent, and a frequent character (是, 在) wins most of the
    probability whatever was there: its share overstates the evidence.
    """

    def known(j: int) -> bool:
        if j < 0:
            ch = prev
        elif j >= len(seq):
            ch = nxt
        else:
            if multi[j] or seq[j] is _NOTHING_FITS:
                return False
            ch = seq[j][0]
        return bool(ch) and char_class(ch) in LETTERS

    return known(idx - 1) or known(idx + 1)


def _share(scores: list[tuple[float, str]], total: int) -> float:
    """The model's probability of the best candidate among `scores` (path costs in nats, best
    first) and `total` - len(scores) more that were not weighed, each counted as likely as the
    worst weighed one (they were left out for costing more on their own)."""
    best = scores[0][0]
    mass = sum(math.exp(best - s) for s, _ in scores)
    mass += max(0, total - len(scores)) * math.exp(best - scores[-1][0])
    return 1.0 / mass


#: How many layers, ranked by `screen`, get the full search.
TOP_LAYERS = 5
SCREEN_SHARE = 0.4  # and how close to the best a layer must come


class _Unigram(dict):  # type: ignore[type-arg]
    """Character -> own cost, filled from the model on first sight (so `map` runs in C)."""

    def __init__(self, m: Model) -> None:
        super().__init__()
        self.m = m

    def __missing__(self, ch: str) -> float:
        v = self.m.info(ch)[2]
        self[ch] = v
        return v


@lru_cache(maxsize=4)
def _unigram(m: Model) -> _Unigram:
    return _Unigram(m)


def _sloppy(cs: Charset) -> Callable[[UnicodeError], tuple[bytes, int]]:
    """An encoding error handler: the bytes a vendor superset of `cs` gives (cp936's 0x80 for €),
    else 0xFF (which no charset here decodes). Charmap codecs report their name as "charmap",
    so there is one handler per charset."""

    known: dict[str, bytes] = {}  # each character's bytes, found once (a failed encode raises: slow)

    def handler(exc: UnicodeError) -> tuple[bytes, int]:
        assert isinstance(exc, UnicodeEncodeError)
        out = bytearray()
        barriers = getattr(_LOCAL, "barriers", None)
        for ch in exc.object[exc.start : exc.end]:
            b = known.get(ch)
            if b is None:
                e = cs.encode_char(ch)
                b = e if e is not None and len(e) <= 2 else b"\xff"
                if len(known) < 65536:
                    known[ch] = b
            if b == b"\xff" and barriers is not None:
                barriers.append(ch)
            out += b
        return bytes(out), exc.end

    return handler


_LOCAL = threading.local()  # the characters the last screening encode could not encode

for _cs in CHARSETS.values():
    codecs.register_error(f"textmend-{_cs.name}", _sloppy(_cs))


def screen(line: str, m: Model, layers: tuple[Layer, ...], unsafe: frozenset[str] | None) -> list[Layer]:
    """The layers worth a full search of `line`: those whose whole-line decoding (done by the
    codecs, in C) lowers the unigram cost most, at most `TOP_LAYERS` of them."""
    uni = _unigram(m)
    base = sum(map(uni.__getitem__, line))
    ranked: list[tuple[float, Layer]] = []
    # per reader: the bytes, the barriers' cost and their number (None: not worth decoding)
    encoded: dict[str, tuple[bytes, float, int] | None] = {}
    for layer in layers:
        true, shown = layer
        if shown not in encoded:
            cs = CHARSETS[shown]
            if unsafe is not None and not any(cs.encode_char(c) is not None or c == "\ufffd" for c in unsafe):
                encoded[shown] = None
            else:
                barriers: list[str] = []
                _LOCAL.barriers = barriers
                try:
                    data = line.encode(cs.codecs[0], errors=f"textmend-{shown}")
                finally:
                    _LOCAL.barriers = None
                encoded[shown] = (
                    (data, sum(map(uni.__getitem__, barriers)), len(barriers))
                    if len(barriers) < len(line)
                    else None
                )
        got = encoded[shown]
        if got is None:
            continue
        data, barrier_cost, n_barriers = got
        true_codec = CHARSETS[true].codecs[0]
        cand = data.decode(true_codec, errors="replace")
        if cand == line:
            continue
        cost = sum(map(uni.__getitem__, cand))
        if n_barriers:  # each barrier decoded as one marker character: count the original instead
            marker = b"\xff".decode(true_codec, errors="replace")
            cost += barrier_cost - n_barriers * uni[marker]
        gain = base - cost
        if gain > 0:
            ranked.append((gain, layer))
    ranked.sort(key=lambda g: -g[0])
    if not ranked:
        return []
    best = ranked[0][0]
    return [la for g, la in ranked[:TOP_LAYERS] if g >= SCREEN_SHARE * best]


#: At most this many lossy layers are added to the screened ones (see `_lossy_layers`).
MAX_LOSSY_LAYERS = 2


def _lossy_layers(line: str, layers: tuple[Layer, ...]) -> list[Layer]:
    """UTF-8 read as a CJK codec with replacement, when `line` may be such text.

    `screen` decodes a line whole, and a line where many bytes were lost decodes to garbage
    around every marker, so the lossy layer can rank below chance readings. A line with lost
    markers whose every other non-ASCII character the CJK codec can produce is searched under
    that reading too (at most `MAX_LOSSY_LAYERS` of them).
    """
    if "\ufffd" not in line and line.count("?") < 3:
        return []
    high = {c for c in line if c > "\x7f" and c != "\ufffd"}
    if not high:
        return []
    lost = "\ufffd" if "\ufffd" in line else "?"
    ranked: list[tuple[float, Layer]] = []
    for layer in layers:
        true, shown = layer
        cs = CHARSETS[shown]
        if true != "utf-8" or cs.kind != "dbcs" or not all(cs.encode_char(c) is not None for c in high):
            continue
        data = b"".join(b"\xff" if c == lost else (cs.encode_char(c) or b"") for c in line)
        # Only the bytes that survived are evidence: lost markers frame with anything, so text
        # already repaired (real Hangul between the markers it kept) would frame as well as
        # the damage did, and a second pass would read its markers as bytes again.
        n_high = sum(1 for b in data if 0x80 <= b < 0xFF)
        framed = sum(len(u) - u.count(0xFF) for u in _UTF8_FRAME.findall(data) if len(u) > 1)
        if n_high and framed >= LOSSY_FRAMED * n_high:
            ranked.append((framed / n_high, layer))
    ranked.sort(key=lambda t: -t[0])
    return [la for _, la in ranked[:MAX_LOSSY_LAYERS]]


def lossy_evidence(line: str) -> bool:
    """Whether `line` holds lost markers beside bytes of UTF-8 read as a CJK codec: the markers
    of text already repaired (real text around them) are not, and cost a search little."""
    return bool(_lossy_layers(line, LAYERS))


#: A UTF-8 character whose bytes may be lost (``\xff`` stands for a lost byte).
#: Three bytes first: CJK text is made of them, and a run of lost bytes cut two by two would
#: leave the surviving continuation bytes after it unframed.
_UTF8_FRAME = re.compile(
    b"[\xe0-\xef\xff][\x80-\xbf\xff]{2}|[\xc2-\xdf\xff][\x80-\xbf\xff]|[\xf0-\xf4\xff][\x80-\xbf\xff]{3}"
)
#: Share of the line's high bytes (under a lossy reading) that must frame as UTF-8 characters.
LOSSY_FRAMED = 0.8


def candidates(
    line: str,
    model: Model,
    layers: tuple[Layer, ...] = LAYERS,
    unsafe: frozenset[str] | None = None,
    switch: float = SWITCH,
    doc: Document | None = None,
) -> list[Span]:
    """Every single-layer repair of a stretch of `line` worth its switches, overlapping or not.

    `layers` are screened (see `screen`) unless `switch` is lowered, which the fixer does for
    the few layers the rest of the document has already shown to be at work. `doc`, the whole
    text, helps choose among the candidates of lost characters (see `document.py`).
    """
    found: list[Span] = []
    n = len(line)
    searched = (
        screen(line, model, layers, unsafe) + _lossy_layers(line, layers) if switch >= SWITCH else layers
    )
    ocost: list[float] = []  # the cost of the line as it stands, once a layer decodes some of it
    for layer in dict.fromkeys(searched):
        atoms = atoms_for(line, layer)
        if not atoms or all(a.cand is None or a.cand == a.orig for a in atoms):
            continue
        if not ocost:
            ocost = char_costs(line, model)
            ocost.append(0.0)
        runs = _viterbi(line, atoms, ocost, model, switch)
        mixer = None
        if any(at.options is not None for at in atoms):
            if switch >= SWITCH:  # (where the document alone vouches for the layer, stretches
                # are short and many: widened, they would take in markers already repaired)
                runs = _reach_lost(atoms, runs)
            mixer = doc.mixer(layer[1]) if doc is not None else None
        for a, b in runs:
            run = atoms[a:b]
            s, e = run[0].t0, run[-1].t1
            prev = line[s - 1] if s else ""
            nxt = line[e] if e < n else ""
            pieces, restored = _resolve(run, prev, nxt, model, mixer)
            after = "".join(p[2] for p in pieces)
            # restored characters are scored as lost: a guess is no evidence for the reading
            marked = "".join(run_at.cand or "" for run_at in run) if restored else after
            gain = sum(ocost[s : e + 1]) - model.cost(marked, prev, nxt)
            if gain >= 2 * switch:
                found.append(Span(s, e, pieces, (layer,), gain, restored))
    return found


#: The legacy charsets written in each script of their own: the same reading of a stretch by two
#: layers (kana read back through GBK and through EUC-JP, which share their rows) goes to the
#: layer whose charset belongs to the script.
_NATIVE = {
    HIRA: frozenset({"shift_jis", "euc-jp"}),
    KATA: frozenset({"shift_jis", "euc-jp"}),
    HANGUL: frozenset({"euc-kr"}),
}


def _foreign(sp: Span) -> int:
    """1 when the first layer of `sp` is a legacy CJK charset foreign to the kana or Hangul of
    its reading (GBK for Japanese kana), else 0: the tie-break of `select`."""
    true = sp.layers[0][0]
    if CHARSETS[true].kind != "dbcs":
        return 0
    for ch in sp.after:
        native = _NATIVE.get(char_class(ch))
        if native is not None and true not in native:
            return 1
    return 0


def _lost_only(at: Atom) -> bool:
    """An atom made only of lost markers (whole characters lost between spaces or ASCII)."""
    return at.options is not None and at.cand == at.orig and all(c in "\ufffd?" for c in at.orig)


def _gap(at: Atom) -> bool:
    """An atom of ASCII (spaces, punctuation, digits, Latin words) that stays as it is."""
    return at.cand == at.orig and at.orig.isascii()


def _reach_lost(atoms: list[Atom], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Widen each decoded run of a lossy reading over the words of lost markers beside it.

    A word whose every byte was lost decodes to nothing the model can weigh, so the Viterbi
    leaves it out of the stretches around it, and its markers would stay one per lost byte.
    Beside a stretch the reading decodes, such a word is the same damage: taken in, each of its
    characters becomes one marker (see `_resolve`). Only across ASCII (``11월`` lost whole is
    ``11���``); the words themselves never start a stretch (markers alone are no evidence of anything, which
    keeps a second pass over repaired text from reading its markers as bytes again).
    """
    out: list[tuple[int, int]] = []
    n = len(atoms)
    for idx, (a, b) in enumerate(runs):
        lo = out[-1][1] if out else 0
        hi = runs[idx + 1][0] if idx + 1 < len(runs) else n
        k = a - 1
        while k >= lo and (_gap(atoms[k]) or _lost_only(atoms[k])):
            if _lost_only(atoms[k]):
                a = k
            k -= 1
        k = b
        while k < hi and (_gap(atoms[k]) or _lost_only(atoms[k])):
            if _lost_only(atoms[k]):
                b = k + 1
            k += 1
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def select(found: list[Span]) -> list[Span]:
    """The most plausible non-overlapping spans, greedily by gain (ties to the layer native to
    the script, see `_NATIVE`), in order of position."""
    chosen: list[Span] = []
    for sp in sorted(found, key=lambda sp: (-round(sp.gain, 6), _foreign(sp))):
        if all(sp.end <= c.start or sp.start >= c.end for c in chosen):
            chosen.append(sp)
    chosen.sort(key=lambda sp: sp.start)
    return chosen


def search(
    line: str,
    model: Model,
    layers: tuple[Layer, ...] = LAYERS,
    unsafe: frozenset[str] | None = None,
    switch: float = SWITCH,
) -> list[Span]:
    """The best non-overlapping credible single-layer repairs of `line`."""
    return select(
        [
            sp
            for sp in candidates(line, model, layers, unsafe, switch)
            if _credible(line[sp.start : sp.end], sp.after, model, sp.layers)
        ]
    )


#: A reading of legacy CJK bytes that were shown as UTF-8 must give this many different CJK letters.
MIN_SHOWN_AS_UTF8 = 3
#: A repaired stretch must read like text: at most this mean cost per character.
MAX_MEAN = 9.0


def _credible(
    before: str, after: str, m: Model, layers: tuple[Layer, ...] = (), trusted: bool = False
) -> bool:
    """Whether a repair has enough evidence and gives ordinary text.

    One character of mojibake proves nothing (a rare Hanzi decodes, as some other codec, to a
    common one), and a repair that yields a jumble of symbols and scripts is a wrong reading.
    Where the document has shown the layer at work (`trusted`), rarer words (names, titles)
    are believed too.
    """
    if len(before) < 2 or before.isascii():
        return False
    if len(set(before)) == 1:
        # one character repeated ('jóóóóó', 'ааааа' for emphasis) is no reading of anything: the
        # same bytes over and over decode to some other character over and over in any codec
        return False
    if (
        any(shown == "utf-8" and CHARSETS[true].kind == "dbcs" for true, shown in layers)
        and len({c for c in after if char_class(c) in _CJK_LETTERS}) < MIN_SHOWN_AS_UTF8
    ):
        # Legacy CJK bytes read as UTF-8 decode only where a lead and a trail byte happen to
        # form a UTF-8 character (C2-DF then 80-BF), so real text read that way is mostly
        # U+FFFD, and a few such characters in clean text (Maltese ħ, Sami ǥ) are chance.
        return False
    if _split_halfwidth(before, layers):
        return True
    letters = after.replace("\ufffd", "")
    utf8 = any(true == "utf-8" for true, _ in layers) and sum(1 for c in before if c > "\x7f") >= 3
    # a valid UTF-8 decoding of several characters is evidence enough for rarer words (names)
    limit = MAX_MEAN + 3.0 / len(letters) + (2.0 if utf8 or trusted else 0.0) if letters else 0.0
    if not letters or m.cost(letters) / len(letters) > limit:
        return False
    if len(letters) < 6 and any(char_class(c) == HKATA for c in letters):
        return False  # halfwidth katakana come in long runs, when real
    wide = [c for c in letters if c > "\x7f" and not c.isspace()]
    # a UTF-8 sequence read as a CJK codec that swallowed the ASCII letter after it, in a Latin
    # word ('DVD鈭扤ews' for 'DVD−News'): one symbol back between letters is text too
    glued = (
        len(wide) == 1
        and any(true == "utf-8" for true, _ in layers)
        and len(before) == 2
        and after[-1:].isascii()
        and after[-1:].isalpha()
    )
    if (
        wide
        and not glued
        and sum(1 for c in wide if char_class(c) in _TEXTUAL or trusted and c in _COMMON_MARKS) * 2
        < len(wide)
    ):
        # mojibake undone gives text: letters and their punctuation, not symbols; where the
        # document has shown the layer at work, a common mark alone (a dash, an ellipsis) too
        return False
    if not utf8 and not glued and all(c < "\x80" or char_class(c) in _CJK_LETTERS for c in before):
        # Rare CJK characters are real text too (a table of kanji, a rare name): a repair of
        # text made only of them must show words, i.e. pairs of letters that occur in words,
        # unless it is a UTF-8 decoding of several characters (which chance seldom makes valid).
        n = sum(1 for c in after if char_class(c) in _CJK_LETTERS)
        if _rare_to_common(before, after, layers):
            return True
        # (a character doubled is no pair: the same bytes twice read the same way twice, so
        # ``深深`` in the reading of ``旮旮`` says nothing about the reading)
        pairs = sum(1 for x, y in zip(after, after[1:]) if x != y and (m.info(x)[0] + m.info(y)[0]) in m.bi)
        return pairs >= max(1, n // 4)
    return True


def _split_halfwidth(before: str, layers: tuple[Layer, ...]) -> bool:
    """Whether `before` is UTF-8 read as Shift-JIS whose every halfwidth katakana stands alone
    after a double-byte character: the three bytes of a symbol (``竭ｯ`` for ⑯, E2 91 AF) split
    into a kanji and the halfwidth katakana of its last byte. Real halfwidth katakana come in
    runs (ｶﾀｶﾅ); one after each kanji, in a valid UTF-8 reading, is this mix-up, and the symbols
    it gives (circled numbers, ※, Roman numerals) are its text."""
    if layers != (("utf-8", "shift_jis"),):
        return False
    seen = False
    for k, ch in enumerate(before):
        if char_class(ch) != HKATA:
            continue
        prev = before[k - 1] if k else ""
        nxt = before[k + 1] if k + 1 < len(before) else ""
        if not prev or prev < "\x80" or char_class(prev) == HKATA or (nxt and char_class(nxt) == HKATA):
            return False
        seen = True
    return seen


#: A CJK mix-up turning at least this share of rare characters into common ones (see below).
RARE_SHARE = 1 / 3


def _rare_to_common(before: str, after: str, layers: tuple[Layer, ...]) -> bool:
    """Whether one CJK charset read as another (GBK as Big5) turned rare characters into common
    ones: at least three characters, every one of the repair in the frequently used block of the
    charset it was written in, a third or more of the original outside that block of the charset
    it was read as. A name or a short title (``卼偷睿雁苤莊`` for 王敖和董小缠) shows no word pairs
    to the model, but a clean text does not drift from its own charset's rare block into exactly
    the other's common one, character after character."""
    if len(layers) != 1:
        return False
    true, shown = layers[0]
    common_true, common_shown = common_block(true), common_block(shown)
    if not common_true or not common_shown or true == "utf-8":
        return False
    wide = [c for c in before if c > "\x7f"]
    new = [c for c in after if c > "\x7f"]
    if len(set(new)) < 3 or not all(c in common_true for c in new):  # three different ones
        return False
    return sum(1 for c in wide if c not in common_shown) >= RARE_SHARE * len(wide)


def repair_line(
    line: str,
    model: Model,
    unsafe: frozenset[str] | None = None,
    layers: tuple[Layer, ...] = LAYERS,
    switch: float = SWITCH,
    doc: Document | None = None,
) -> list[Span]:
    """The repairs of one line, in its coordinates; two layers are undone in two passes.

    Repairs whose every layer is one ftfy undoes well are dropped (the Latin fixer makes them).
    """
    if len(line) > MAX_LINE:
        out: list[Span] = []
        pos = 0
        while pos < len(line):
            cut = min(len(line), pos + MAX_LINE)
            if cut < len(line):
                sp = line.rfind(" ", pos + MAX_LINE // 2, cut)
                cut = sp + 1 if sp > 0 else cut
            for s in repair_line(line[pos:cut], model, unsafe, layers, switch, doc):
                out.append(_shift(s, pos))
            pos = cut
        return out
    found = candidates(line, model, layers, unsafe, switch, doc)
    completed: list[tuple[Span, bool]] = []  # (span, whether to leave it to ftfy)
    outer: list[Span] = []
    for sp in found:
        before = line[sp.start : sp.end]
        ftfy_only = all(la in FTFY_LAYERS for la in sp.layers)
        if _credible(before, sp.after, model, sp.layers, switch < SWITCH):
            completed.append((sp, ftfy_only))
        else:
            if ftfy_only:  # ftfy may well undo it (with more layers): hold the stretch for it
                completed.append((sp, True))
            outer.append(sp)
    # Not text yet: perhaps the outer layer of two. Look under the strongest few (each look is
    # a search of its own), in a window of the line around them.
    outer.sort(key=lambda sp: -sp.gain)
    for sp in outer[:MAX_OUTER]:
        best_rival = max((o.gain for o in found if o.start < sp.end and o.end > sp.start), default=0.0)
        if sp.gain < OUTER_SHARE * best_rival:
            continue
        before = line[sp.start : sp.end]
        w0 = max(0, sp.start - 20)
        mid = line[w0 : sp.start] + sp.after + line[sp.end : sp.end + 20]
        ms, me = sp.start - w0, sp.start - w0 + len(sp.after)
        inner = [_shift(s2, w0) for s2 in search(mid, model, LAYERS, None) if s2.start < me and s2.end > ms]
        ms, me = sp.start, sp.start + len(sp.after)
        mid = line[: sp.start] + sp.after + line[sp.end :]
        if not inner:
            continue
        lo = min(ms, inner[0].start)
        hi = max(me, inner[-1].end)
        start, end = lo, sp.end + (hi - me)
        fixed = apply_edits(mid[lo:hi], [_shift(s2, -lo) for s2 in inner])
        chain = sp.layers + tuple(la for s2 in inner for la in s2.layers)
        if not _credible(line[start:end], fixed, model, chain):
            continue
        gain = sp.gain + sum(s2.gain for s2 in inner)
        whole = Span(start, end, [(start, end, fixed, [])], chain, gain, sp.restored)
        completed.append((whole, all(la in FTFY_LAYERS for la in chain)))
    chosen = select([sp for sp, _ in completed])
    defer = {id(sp) for sp, d in completed if d}
    return [sp for sp in chosen if id(sp) not in defer]


def _shift(sp: Span, by: int) -> Span:
    return Span(
        sp.start + by,
        sp.end + by,
        [(a + by, b + by, t, u) for a, b, t, u in sp.pieces],
        sp.layers,
        sp.gain,
        sp.restored,
    )
