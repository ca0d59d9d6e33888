"""A line seen through one damage channel: the atoms of `engine`'s search.

A *layer* ``(true, shown)`` is text encoded as `true` and read as `shown`. `atoms_for` encodes
each character of a line back with `shown` (a character `shown` cannot produce is a barrier;
where `true` is UTF-8 and `shown` a CJK codec, U+FFFD is a lost byte, and so is a ``?`` where
the bytes around it need one), decodes the bytes with `true` unit by unit (one bad byte spoils
one unit), and cuts the line into *atoms*: the shortest runs of characters whose bytes are also
whole characters of the decoded text. An atom with lost bytes carries the candidates of each
lost character (see `lossy`). `Span` is what a search returns: a stretch and its reading.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..text.charmodel import model
from ..text.charsets import CHARSETS, Layer
from .lossy import RARE_LOST, lost_options, lost_prior


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
    for uj, (_b0, b1, _s, _o) in enumerate(units):
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
                    [g[3][0] if g[3] is not None else [g[2] or ""] for g in group]
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
    opts = lost_options(tuple(unit), shown, following)
    markers = "".join("?" if k in qmarks else "\ufffd" for k in range(p, q) if k in lost or k in qmarks)
    if len(opts) == 1:
        if lost_prior(opts[0], model()) >= RARE_LOST:
            # one candidate, but one real text seldom holds (an IPA letter for a lead byte lost
            # in Japanese text, where the lost bytes were more likely a longer character's):
            # the character stays lost
            return (p, q, markers, [[]])
        return (p, q, opts[0], None)
    # Until `resolve_lost` weighs them in context, a lost character stands as one marker for each
    # lost byte, as in the text: a stretch is decoded for what its surviving bytes say, not for
    # the cheapest guess at what it lost, nor for having fewer markers.
    return (p, q, markers, [opts])


def shift_span(sp: Span, by: int) -> Span:
    return Span(
        sp.start + by,
        sp.end + by,
        [(a + by, b + by, t, u) for a, b, t, u in sp.pieces],
        sp.layers,
        sp.gain,
        sp.restored,
    )
