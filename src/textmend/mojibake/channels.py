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
from collections.abc import Iterator
from dataclasses import dataclass

from ..text.charmodel import model
from ..text.charsets import CHARSETS, Layer
from .lossy import (
    ASCII,
    CONT,
    LEAD2,
    LEAD3,
    LEAD4,
    RARE_LOST,
    Candidates,
    Doubtful,
    lost_options,
    lost_or_swallowed,
    lost_prior,
    lost_roles,
    never_trail,
    pair_roles,
    shows_converters,
    utf8_role,
)


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


#: The default character of Japanese Windows tools (``・``, U+30FB): what they write for bytes
#: they cannot decode, as others write U+FFFD or ``?``.
KATAKANA_DOT = "\u30fb"


def _encode(line: str, shown: str, lossy: bool) -> tuple[list[tuple[int, bytes | None]], bool]:
    """Each character of `line` as bytes of `shown` (None: a barrier; b"" a lost byte; flag 2:
    a ``・`` that may be a lost byte, as a ``?`` may)."""
    cs = CHARSETS[shown]
    out: list[tuple[int, bytes | None]] = []
    any_high = False
    enc = cs.encode_char
    dots = lossy and shown == "shift_jis"
    for ch in line:
        if ch < "\x80":
            out.append((0, ch.encode("ascii")))
            continue
        if dots and ch == KATAKANA_DOT:
            out.append((2, b"?"))
            any_high = True
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
    dots: set[int] = set()  # the '・' among `qmarks` (a placeholder '?' in `data`)
    bounds = [0]  # byte offset of each character boundary of line[a:b]
    # Lost bytes became U+FFFD, or (saved again in the wrong codec) '?': never both in one
    # text, so where a line holds U+FFFD its '?' are real question marks.
    qmarks_lost = lossy and "\ufffd" not in line
    for k in range(a, b):
        flag, bts = encoded[k]
        if flag == 1:
            lost.add(len(data))
            data.append(0)
        elif flag == 2:
            dots.add(len(data))
            qmarks.add(len(data))
            data += b"?"
        else:
            assert bts is not None
            if qmarks_lost and bts == b"?":
                qmarks.add(len(data))
            data += bts
        bounds.append(len(data))
    data_b = bytes(data)
    pairs = _pair_marks(data_b, qmarks - dots, shown) if lossy and qmarks else frozenset()
    # (a character only Windows' or the browsers' decoder gives shows which one ran)
    converters = shows_converters(line, shown) if lossy and (lost or qmarks) else ()
    doubt = (
        _doubtful(data_b, lost, qmarks, dots, shown, bool(converters))
        if lossy and (lost or qmarks)
        else frozenset()
    )
    # decode units: (b0, b1, text or None, options or None)
    units: list[tuple[int, int, str | None, list[list[str]] | None]] = []
    i = 0
    nb = len(data_b)
    while i < nb:
        byte = data_b[i]
        if lossy and (i in lost or i in qmarks or byte >= 0x80):
            us = _lossy_units(data_b, i, lost, qmarks, shown, dots, doubt, pairs, converters)
            if us is not None:
                units.extend(us)
                i = us[-1][1]
                continue
        if byte < 0x80 and i not in lost:
            units.append((i, i + 1, KATAKANA_DOT if i in dots else chr(byte), None))
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
                if options is not None and (
                    _only_markers_and_new_ascii(orig, cand) or _doubt_frees_ascii(orig, cand, options)
                ):
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
    return new_ascii and all(c < "\x80" or c in "\ufffd\u30fb" for c in cand)


def _doubt_frees_ascii(orig: str, cand: str, options: list[list[str]]) -> bool:
    """Whether a lossy atom whose lost character is doubtful (it may have been more bytes than
    its marker counts) decodes to more ASCII than the text shows: the byte it frees as ASCII
    may as well be the second byte of the character that stands there."""
    return any(isinstance(o, Doubtful) for o in options) and sum(c < "\x80" for c in cand) > sum(
        c < "\x80" for c in orig
    )


def _impossible(ch: str) -> bool:
    """Characters no repair produces: private use and unassigned code points."""
    return ("\ue000" <= ch <= "\uf8ff") or unicodedata.category(ch) == "Cn"


def _lossy_units(
    data: bytes,
    i: int,
    lost: set[int],
    qmarks: set[int],
    shown: str,
    dots: set[int] = frozenset(),  # type: ignore[assignment]
    doubt: frozenset[int] = frozenset(),
    pairs: frozenset[int] = frozenset(),
    converters: tuple[str, ...] = (),
) -> list[tuple[int, int, str | None, list[list[str]] | None]] | None:
    """The UTF-8 units at `i` that involve lost bytes, or None to decode `i` the ordinary way
    (`converters`: the line shows a converter of `shown` decoded it, see `_lossy_char`).

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
        return [_lossy_char(data, i, i + length, lost, qmarks, shown, dots, doubt, pairs, converters)]
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
    return [
        _lossy_char(data, p, q, lost, qmarks, shown, dots, doubt, pairs, converters)
        for p, q in zip(cuts, cuts[1:])
    ]


def _lossy_char(
    data: bytes,
    p: int,
    q: int,
    lost: set[int],
    qmarks: set[int],
    shown: str,
    dots: set[int] = frozenset(),  # type: ignore[assignment]
    doubt: frozenset[int] = frozenset(),
    pairs: frozenset[int] = frozenset(),
    converters: tuple[str, ...] = (),
) -> tuple[int, int, str | None, list[list[str]] | None]:
    """One UTF-8 character ``data[p:q]`` with lost bytes, and its candidates (`Doubtful` ones,
    never restored, where a marker in it may stand for two bytes: see `_doubtful`). Where the
    line shows that a converter of `shown` decoded it (`converters`: a private-use character of
    GBK's user-defined rows), the candidates are those that converter loses, not Python's
    codec: a byte they read as a character with the byte after it was not lost there."""
    unit: list[int | None] = [None if (k in lost or k in qmarks) else data[k] for k in range(p, q)]
    following = data[q] if q < len(data) and q not in lost and q not in qmarks else None
    swallowing = q - 1 in pairs and _may_swallow(data, p, q, lost, qmarks, dots)
    if swallowing:
        opts = lost_or_swallowed(tuple(unit), shown, following, converters)
    else:
        opts = lost_options(tuple(unit), shown, following, converters)
    markers = "".join(
        (KATAKANA_DOT if k in dots else "?") if k in qmarks else "\ufffd"
        for k in range(p, q)
        if k in lost or k in qmarks
    )
    if doubt and not swallowing and any(k in doubt for k in range(p, q)):
        return (p, q, markers, [Doubtful(opts)])
    if len(opts) == 1:
        if lost_prior(opts[0], model()) >= RARE_LOST:
            # one candidate, but one real text seldom holds (an IPA letter for a lead byte lost
            # in Japanese text, where the lost bytes were more likely a longer character's):
            # the character stays lost
            return (p, q, markers, [[]])
        # the stretch is read with it, and `resolve_lost` keeps it when it is of the scripts
        # around it (a lone candidate is no more evidence than the best of several)
        return (p, q, opts[0], [opts if isinstance(opts, Candidates) else Candidates(opts)])
    # Until `resolve_lost` weighs them in context, a lost character stands as one marker for each
    # lost byte, as in the text: a stretch is decoded for what its surviving bytes say, not for
    # the cheapest guess at what it lost, nor for having fewer markers.
    return (p, q, markers, [opts])


def _pair_marks(data: bytes, qmarks: set[int], shown: str) -> frozenset[int]:
    """The ``?`` of `data` (a run of a line) that may stand for a byte and the ASCII byte after
    it: all those after a byte beyond ASCII, when the run shows a decoder of pairs at work.

    Python's codecs write a marker per lost byte and keep the byte after it, the one that made
    it lost: before ASCII, one that no lead byte of `shown` takes as its trail (a space, a
    digit, a mark: `lossy.never_trail`), seldom a letter. A decoder that writes ``?`` per bad
    pair takes that byte along, and the text goes on with the next word: a letter. So where
    more such ``?`` are followed by an ASCII letter than by a byte that can be no trail, a
    byte of each may have taken the ASCII byte after it; otherwise the markers are one byte
    each. (A ``?`` before a byte beyond ASCII says neither: Python's GBK loses 80 before any,
    and the next word may start with one; nor does one that ends the text.)"""
    kept = never_trail(shown)
    alone = other = 0
    marks = []
    for k in qmarks:
        if k and data[k - 1] >= 0x80 and k + 1 < len(data):
            marks.append(k)
            if data[k + 1] in kept:
                alone += 1
            elif data[k + 1] < 0x80:
                other += 1
    return frozenset(marks) if other > alone else frozenset()


def _may_swallow(data: bytes, p: int, q: int, lost: set[int], qmarks: set[int], dots: set[int]) -> bool:
    """Whether the UTF-8 character ``data[p:q]`` lost only its last byte, to a ``?`` after
    which the text goes on with a byte that starts a character (ASCII or a lead byte; at the
    end of the text there is no byte it may have taken).

    Such a ``?`` is one lost byte, or (a decoder that writes ``?`` per bad pair) that byte and
    the ASCII byte after it: no other reading of two bytes fits, since the byte after the pair
    could not follow a lead byte taken into it (see `lossy.lost_or_swallowed`). Both readings
    have candidates, so the marker is no more doubtful than one lost byte is."""
    last = q - 1
    if q - p < 2 or last not in qmarks or last in dots:
        return False
    if any(k in lost or k in qmarks for k in range(p, last)):
        return False
    return q < len(data) and q not in lost and q not in qmarks and not 0x80 <= data[q] <= 0xBF


def _doubtful(
    data: bytes, lost: set[int], qmarks: set[int], dots: set[int], shown: str, paired: bool = False
) -> frozenset[int]:
    """The lost markers of `data` (UTF-8 read as `shown`) whose candidates are no evidence.

    The engine reads a marker as one lost byte, as Python's codecs lose them (one marker per
    byte). The decoders that break most text (browsers', Windows' code pages, see
    `lossy.pair_roles`) replace a lead byte and the non-ASCII byte after it with one marker, and
    a ``?`` per bad pair takes an ASCII byte with it too. Where a marker may be two bytes, the
    candidates of one lost byte may not hold the character that was there at all (E9 80 of 週
    lost as one U+FFFD in EUC-KR, read as one byte lost before B1, leave one candidate: ɱ).

    Which decoder ran, the bytes tell. A ``・`` is Japanese Windows tools' (cp932, cut as the
    browsers cut): every one that may be two bytes is doubtful. A ``?`` that UTF-8's structure
    and the codec's own rules let be two bytes but not one (`lossy.lost_roles`), beside bytes
    that survived, was not written by Python's codecs: where a line shows one, every ``?`` that
    may be two bytes is doubtful. A U+FFFD is weighed as one byte (the engine's own repairs keep
    one per lost character, which would read as a decoder of pairs when the text is searched
    again): a browser's lost pair leaves candidates that `resolve` rejects on their own tests
    (one candidate of another script: ɱ in Japanese). A run that reads as UTF-8 neither way
    (text repaired already beside a marker) says nothing. Each run between two ASCII bytes
    (which UTF-8 never splits a character at) is weighed on its own (see `_Markers`).

    `paired`: the line holds a character that only the real decoders give (`lossy.shows_converters`),
    so Python's codec did not read it. Where those decoders leave pairs of UTF-8's bytes undefined
    (EUC-KR, Big5, Shift_JIS: `lossy.pair_roles`), every marker that may be two bytes, U+FFFD
    too, is doubtful: their one-byte candidates are those of a decoder that did not run.
    """
    if not pair_roles(shown, False) and not pair_roles(shown, True):
        return frozenset()
    reads = _Markers(data, lost | qmarks, qmarks - dots, shown)
    doubt: set[int] = set()
    maybe: set[int] = set()  # doubtful if the line shows a decoder of pairs
    refuting = 0
    n = len(data)
    k = 0
    while k < n:
        if data[k] < 0x80 and k not in reads.marker:
            k += 1
            continue
        j = k
        while j < n and (data[j] >= 0x80 or j in reads.marker):
            j += 1
        # (a run of markers alone, a character lost whole, tells nothing of the decoder: the
        # engine's own repairs leave one marker per lost character)
        telling = any(q not in reads.marker for q in range(k, j))
        for q, f1, f2, fr in reads.run(k, j):
            if q in dots:
                if f2:
                    doubt.add(q)
                continue
            if q not in qmarks:  # U+FFFD (see above)
                if paired and f2:
                    maybe.add(q)
                continue
            refuting += telling and f2 and not f1 and not fr
            if f2:
                maybe.add(q)
        k = j
    return frozenset(doubt | maybe) if refuting or paired and reads.roles_one else frozenset(doubt)


def _step(mask: int, role: int) -> int:
    """The UTF-8 states (a bit per number of continuation bytes still due) after a byte of
    `role`, from the states `mask`."""
    if role == CONT:
        return mask >> 1
    if role == ASCII:
        return mask & 1
    if role in (LEAD2, LEAD3, LEAD4):
        return (1 << (role - LEAD2 + 1)) if mask & 1 else 0
    return 0


class _Markers:
    """The readings of each lost marker of `data` for `_doubtful`: one byte the codec loses
    before the next (`one`), two bytes a real decoder replaces as one (`two`; ASCII trail and
    all for a ``?``, which may also be a real question mark: `real`)."""

    def __init__(self, data: bytes, marker: set[int], qmarks: set[int], shown: str) -> None:
        self.data = data
        self.marker = marker
        self.qmarks = qmarks  # the '?' (not '・': Windows' cp932 cuts as the browsers do)
        self.shown = shown
        self.roles_one = pair_roles(shown, False)
        self.roles_any = pair_roles(shown, True)

    def one(self, mask: int, k: int) -> int:
        n = len(self.data)
        nxt = -1 if k + 1 >= n else None if k + 1 in self.marker else self.data[k + 1]
        out = 0
        for r in lost_roles(self.shown, nxt):
            out |= _step(mask, r)
        return out

    def two(self, mask: int, k: int) -> int:
        out = 0
        for r1, r2 in self.roles_any if k in self.qmarks else self.roles_one:
            out |= _step(_step(mask, r1), r2)
        return out

    def real(self, mask: int, k: int) -> int:
        return _step(mask, ASCII) if k in self.qmarks else 0

    def trans(self, mask: int, k: int) -> int:
        if k in self.marker:
            return self.one(mask, k) | self.two(mask, k) | self.real(mask, k)
        return _step(mask, utf8_role(self.data[k]))

    def run(self, k: int, j: int) -> Iterator[tuple[int, bool, bool, bool]]:
        """For each marker of ``data[k:j]`` (a run between ASCII bytes): whether it can be one
        byte, two, or a real question mark, in a reading of the whole run (a forward and a
        backward pass over the states UTF-8 can be in)."""
        fwd = {k: 1}
        mask = 1
        for q in range(k, j):
            mask = self.trans(mask, q)
            fwd[q + 1] = mask
        bwd = {j: 1}
        mask = 1
        for q in range(j - 1, k - 1, -1):
            mask = bwd[q] = sum(1 << st for st in range(4) if self.trans(1 << st, q) & mask)
        for q in range(k, j):
            if q in self.marker:
                f, b = fwd[q], bwd[q + 1]
                yield q, bool(self.one(f, q) & b), bool(self.two(f, q) & b), bool(self.real(f, q) & b)


def shift_span(sp: Span, by: int) -> Span:
    return Span(
        sp.start + by,
        sp.end + by,
        [(a + by, b + by, t, u) for a, b, t, u in sp.pieces],
        sp.layers,
        sp.gain,
        sp.restored,
    )
