"""The stretches of a document the mojibake fixer searches, and what searching them costs.

Around each suspicious character (see `screen.suspicious`) a window of `WINDOW` characters
either side is searched, within its line, the windows merged into regions of at most
`MAX_REGION` characters (`search_regions`); lines no region touched can be searched later for a
document's known CJK mix-up (`unvisited`). The search is pure-Python scoring, so the characters
searched are counted against `SEARCH_BUDGET`, a lost character counting `LOST_WORK` of them
(`search_work`, `fit_budget`); from `READING_SAMPLE` characters searched on, the fixer asks
whether one layer already explains the document, to read the rest wholesale. A long text is
screened for evidence in pieces as the search goes (`open_lines`).
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator

from ..text.charsets import Layer
from ..text.screen import Gate, candidate_batches, lost_marks
from ..text.view import TextView
from .screen import lossy_evidence, qmark_positions

#: A long text is screened for evidence (`screen.evidence_gate`) in pieces of about this many
#: characters, cut after a line break, as the search asks for them: a document whose reading
#: is found on its first pages (see `READING_SAMPLE`) is not screened line by line to its end.
SCREEN_PIECE = 1 << 16


def open_lines(
    gate: Gate, text: str, compact: Callable[[], str], utf8: bytes | None = None
) -> Iterator[tuple[int, int]]:
    """The lines of `text` that `gate` opens to the search (`Gate.lines`), in order, found piece
    by piece (`compact` gives the whole text's non-ASCII characters, for a short text). Given
    the text's UTF-8 bytes `utf8` (and RE2), the lines worth a look are found in one pass over
    them (`Gate.screen`), and judged by the gate's own patterns in batches as the search asks."""
    screen = gate.screen() if utf8 is not None else None
    if screen is not None and utf8 is not None:
        for batch in candidate_batches(screen, text, utf8, SCREEN_PIECE):
            for part in _bounded(text, batch):
                yield from gate.lines_in(text, part)
        return
    if len(text) <= SCREEN_PIECE:
        yield from gate.lines(text, compact)
        return
    pos = 0
    n = len(text)
    while pos < n:
        cut = text.find("\n", pos + SCREEN_PIECE)
        end = n if cut == -1 else cut + 1
        piece = text[pos:end]
        for a, b in gate.lines(piece, TextView(piece).compact):
            yield pos + a, pos + b
        pos = end


def _bounded(text: str, batch: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """`batch` (runs of whole lines, in order) in parts of about `SCREEN_PIECE` characters, a
    run longer than that cut after a line break: where candidate lines are dense, the batch is
    the rest of the text, and a document whose reading is found on its first pages must not
    have its gate's exact patterns run to its end first."""
    part: list[tuple[int, int]] = []
    size = 0
    for a, b in batch:
        while b - a > SCREEN_PIECE:
            cut = text.find("\n", a + SCREEN_PIECE, b)
            if cut == -1:
                break
            part.append((a, cut))
            yield part
            part, size = [], 0
            a = cut + 1
        part.append((a, b))
        size += b - a
        if size >= SCREEN_PIECE:
            yield part
            part, size = [], 0
    if part:
        yield part


def suspicious_positions(
    text: str, pat: re.Pattern[str], lines: Iterable[tuple[int, int]], seen: list[int]
) -> Iterator[int]:
    """The suspicious positions of `text` in `lines` (``(start, end)``, in order; the lines that
    hold evidence) and the '?' of `textmend.text.screen.lost_marks`, in order, each once, produced
    lazily (a search budget stops long before a large file's last one); each is also appended to
    `seen`."""
    found = (m.start() for a, b in lines for m in pat.finditer(text, a, b))
    merged = heapq.merge(found, lost_marks(text)) if "?" in text else found
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


def search_regions(text: str, positions: Iterable[int]) -> Iterator[tuple[int, int]]:
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


def cjk_mixup(layer: Layer) -> bool:
    """Whether `layer` reads one CJK codec as another: its mojibake is made of characters as
    common as those of clean text (``奻厙`` for 上网, GBK read as Big5), which the suspicious
    class does not flag."""
    true, shown = layer
    return shown in ("gbk", "big5", "shift_jis", "euc-jp", "euc-kr") and true != "utf-8"


def unvisited(text: str, visited: list[tuple[int, int]], wanted: bool) -> list[tuple[int, int]]:
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


def all_covered(positions: list[int], s: int, e: int, covered: list[tuple[int, int]]) -> bool:
    """Whether every position in ``[s, e)`` lies in one of the `covered` ranges (sorted)."""
    lo = bisect_left(positions, s)
    hi = bisect_left(positions, e)
    for p in positions[lo:hi]:
        k = bisect_right(covered, (p, float("inf"))) - 1
        if k < 0 or not covered[k][0] <= p < covered[k][1]:
            return False
    return True


#: Characters of suspicious lines searched per text at most: the search is pure-Python scoring
#: of many codec pairs (about 70 KB/s on text that is mojibake throughout), so a document that
#: is mojibake from end to end is repaired up to this point and the rest reported (TM204),
#: which keeps any input well under a second.
SEARCH_BUDGET = 20_000
#: Characters searched after which the fixer first asks whether one layer already explains the
#: document (see `mojibake.document.past_the_budget`), and asks again each time the search has
#: doubled: a document's reading is found on a sample and applied to the rest wholesale, in C,
#: so that the search's cost does not grow with the document. About one line of prose: the
#: search costs some 30 us a character (5 ms for a line of 170), the question about 1 ms, and a
#: line that one layer explains already carries `fixers.cjk.EVIDENCE_CAP`. At 500 (three or four
#: lines) a 10 KB document of GBK read as latin-1 spent two thirds of its time in the search, at
#: 2,000 most of it, and the reading found was the same (eval seeds 1-3: outputs identical at
#: 150; the leftovers and a long line's last words are read with the rest, see `fixers.cjk`
#: and `mojibake.document.TAIL`).
READING_SAMPLE = 150


#: Characters of regions taken after which the fixer first asks whether the document is UTF-8
#: read as a code page throughout (`mojibake.document.ftfy_reading`: the Latin fixer's), and
#: asks again each time they have doubled: less than a line, as the test is a share of
#: stretches the search already holds for the Latin fixer, not a model's judgement (200 short
#: lines of ``Subject: ä½ å¥½ ok`` were searched 22 lines deep at 500; a 10 KB document of
#: Latin mojibake searched two lines at 250, one at 100; eval seeds 1-3 outputs are the same).
FTFY_SAMPLE = 100


#: What one lost character (U+FFFD, or a '?' that may stand for a lost byte) costs the search,
#: in characters: each is restored by ranking every candidate in its context, some 40 times
#: the work of an ordinary character (0.3-0.5 ms each); text full of them is bounded too.
#: A run of markers is counted as one lost character per three markers (a CJK character is
#: three bytes of UTF-8, and one whose every byte was lost is reported unweighed).
LOST_WORK = 40


def _lost_chars(line: str) -> list[int]:
    """Where the lost characters of `line` start: every third marker of each run of markers."""
    marks = sorted(
        {i for i, c in enumerate(line) if c == "\ufffd"}.union(qmark_positions(line) if "?" in line else ())
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


def search_work(line: str) -> int:
    """What searching `line` costs the budget: its characters, and more for lost ones."""
    if "\ufffd" not in line and "?" not in line or not lossy_evidence(line):
        return len(line)
    return len(line) + LOST_WORK * len(_lost_chars(line))


def fit_budget(line: str, allowed: int) -> int:
    """The length of the longest start of `line` whose `search_work` is at most `allowed` (cut after
    a space when there is one in its second half); all of it when it fits."""
    if (
        len(line) + LOST_WORK * line.count("\ufffd") <= allowed
        and "?" not in line
        or search_work(line) <= allowed
    ):
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
