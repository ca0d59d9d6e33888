"""Span bookkeeping: apply a fixer's edits, and map offsets back to the original text.

A fixer reports each change as an edit of *its* input (start, end, replacement). After several
fixers, an offset in the current text no longer means anything in the file the user has;
`SpanMap` remembers how the current text was assembled from the original so that every
change and finding can be reported at the line and column where the user will find it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

from .result import Change, Finding


class Edit(Protocol):
    """Anything that replaces ``[start, end)`` of a text by ``after``: a `Change`, an engine span."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def after(self) -> str: ...


def apply_edits(text: str, changes: Iterable[Edit]) -> str:
    """`text` with every change's ``[start, end)`` replaced by its ``after``.

    The changes must not overlap; they may come in any order.
    """
    out: list[str] = []
    pos = 0
    for c in sorted(changes, key=lambda c: c.start):
        if c.start < pos:
            raise ValueError(f"overlapping edits at {c.start}")
        out.append(text[pos : c.start])
        out.append(c.after)
        pos = c.end
    out.append(text[pos:])
    return "".join(out)


def gives(text: str, changes: Sequence[Edit], new: str) -> bool:
    """Whether applying `changes` to `text` gives `new` (`apply_edits` ``== new``), compared
    part by part in place: a fixer that rewrote a whole megabyte is checked without building a
    second copy of it. The changes must not overlap (`ValueError`, as `apply_edits`)."""
    ordered = sorted(changes, key=lambda c: c.start)
    size, pos = len(text), 0
    for c in ordered:
        if c.start < pos:
            raise ValueError(f"overlapping edits at {c.start}")
        size += len(c.after) - (c.end - c.start)
        pos = c.end
    if size != len(new):
        return False
    pos = at = 0  # in `text`, in `new`
    for c in ordered:
        if not new.startswith(text[pos : c.start], at):
            return False
        at += c.start - pos
        if not new.startswith(c.after, at):
            return False
        at += len(c.after)
        pos = c.end
    return new.startswith(text[pos:], at)


def trim_common(before: str, after: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix of two strings (not overlapping in either)."""
    n = min(len(before), len(after))
    p = 0
    while p < n and before[p] == after[p]:
        p += 1
    s = 0
    while s < n - p and before[-1 - s] == after[-1 - s]:
        s += 1
    return p, s


@dataclass
class _Piece:
    start: int  # in the current text
    end: int
    orig_start: int
    orig_end: int
    identity: bool  # copied unchanged from the original, so offsets map one to one


class SpanMap:
    """How the current text is made of pieces of the original text."""

    def __init__(self, length: int) -> None:
        self._pieces = [_Piece(0, length, 0, length, True)]
        self._starts = [0]
        self._length = length
        self._identity = True  # nothing applied yet: every offset maps to itself (the common case)

    def _piece_at(self, pos: int) -> _Piece:
        i = bisect_right(self._starts, pos) - 1
        return self._pieces[i if i > 0 else 0]

    def to_original(self, pos: int, *, end: bool = False) -> int:
        """The original offset of current offset `pos` (an `end` maps to the end of a replacement)."""
        if self._identity:
            return pos if pos < self._length else self._length
        if end and pos > 0:
            piece = self._piece_at(pos - 1)
            if piece.identity:
                return piece.orig_start + (pos - piece.start)
            return piece.orig_end
        piece = self._piece_at(pos)
        if piece.identity:
            return piece.orig_start + min(pos - piece.start, piece.end - piece.start)
        return piece.orig_start

    def apply(self, changes: Sequence[Change]) -> None:
        """Record that `changes` (non-overlapping edits of the current text) were applied to it."""
        if not changes:
            return
        length = self._pieces[-1].end
        new: list[_Piece] = []
        shift = 0
        pos = 0
        identity = self._identity
        for e in sorted(changes, key=lambda c: c.start):
            if identity:  # the original text itself: copying a gap and mapping offsets are trivial
                if e.start > pos:
                    new.append(_Piece(pos + shift, e.start + shift, pos, e.start, True))
                o0, o1 = e.start, e.end
            else:
                self._copy(pos, e.start, shift, new)
                o0 = self.to_original(e.start)
                o1 = self.to_original(e.end, end=True) if e.end > e.start else o0
            new.append(
                _Piece(e.start + shift, e.start + shift + len(e.after), o0, o1 if o1 > o0 else o0, False)
            )
            shift += len(e.after) - (e.end - e.start)
            pos = e.end
        if identity:
            if length > pos:
                new.append(_Piece(pos + shift, length + shift, pos, length, True))
        else:
            self._copy(pos, length, shift, new)
        self._pieces = [p for p in new if p.end > p.start] or [_Piece(0, 0, 0, 0, True)]
        self._starts = [p.start for p in self._pieces]
        self._identity = False

    def _copy(self, a: int, b: int, shift: int, out: list[_Piece]) -> None:
        """Append the pieces covering current ``[a, b)``, moved by `shift`, to `out`."""
        if b <= a:
            return
        i = max(bisect_right(self._starts, a) - 1, 0)
        while i < len(self._pieces) and self._pieces[i].start < b:
            piece = self._pieces[i]
            lo, hi = max(a, piece.start), min(b, piece.end)
            if hi > lo:
                if piece.identity:
                    off = piece.orig_start - piece.start
                    out.append(_Piece(lo + shift, hi + shift, lo + off, hi + off, True))
                else:
                    out.append(_Piece(lo + shift, hi + shift, piece.orig_start, piece.orig_end, False))
            i += 1


class LineIndex:
    """1-based line and column of an offset in one text.

    The first `COUNTED` offsets asked about are located by counting line breaks in C (a
    script conversion of a whole document is one change, and splitting 2 MB into lines to
    place it cost an eighth of OpenCC's own conversion time); past them, the line starts are
    found once and bisected. A clean text, whose repair reports nothing, pays for neither.
    """

    #: How many offsets are located by counting before the line starts are listed.
    COUNTED = 8

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[int] | None = None
        self._asked = 0
        # lines end in LF (or CR LF); in a file with no LF at all, in CR alone (classic Mac OS)
        self._eol: str | None = None

    @property
    def eol(self) -> str:
        if self._eol is None:
            text = self._text
            self._eol = "\r" if "\n" not in text and "\r" in text else "\n"
        return self._eol

    @property
    def _starts(self) -> list[int]:
        if self._lines is None:
            # each start is the previous one plus the line's length and its break (summed in C)
            self._lines = [0, *accumulate(map((1).__add__, map(len, self._text.split(self.eol)[:-1])))]
        return self._lines

    def line_col(self, pos: int) -> tuple[int, int]:
        if self._lines is None and self._asked < self.COUNTED:
            self._asked += 1
            eol = self.eol
            # the line breaks before `pos` are the line starts at or before it, less the first
            return self._text.count(eol, 0, pos) + 1, pos - self._text.rfind(eol, 0, pos)
        starts = self._starts
        i = bisect_right(starts, pos) - 1
        return i + 1, pos - starts[i] + 1


def locate(item: Change | Finding, smap: SpanMap, lines: LineIndex) -> Change | Finding:
    """A copy of `item` whose offsets, line and column refer to the original text.

    `before` stays what the fixer saw, which is what its message explains.
    """
    start = smap.to_original(item.start)
    end = smap.to_original(item.end, end=True) if item.end > item.start else start
    line, col = lines.line_col(start)
    return _with(item, start=start, end=end if end > start else start, line=line, col=col)


def _with(item: Change | Finding, **values: int) -> Change | Finding:
    """`dataclasses.replace` for our frozen records, without its per-call validation (10x faster)."""
    new = object.__new__(type(item))
    new.__dict__.update(item.__dict__)
    new.__dict__.update(values)
    return new
