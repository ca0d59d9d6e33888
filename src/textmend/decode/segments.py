"""Files that are not valid UTF-8: one legacy encoding, several, or a few stray bytes.

Real files mix encodings: a UTF-8 log with lines written by a GBK program, a CSV concatenated
from UTF-8 and cp1252 exports, a Big5 subtitle file with a UTF-8 advert. A detector answers one
encoding per file and gets these wrong. Here the file is read line by line instead:

1. strict UTF-8 validity (Python's decoder checks every continuation byte, overlongs and
   surrogates) marks each line that contains non-ASCII bytes as UTF-8 or not. ASCII lines
   belong to no encoding and join their neighbours. A line that is UTF-8 with a few damaged
   bytes (cut inside a character, say) stays UTF-8, its damaged bytes are strays;
2. the other lines are read with the legacy encoding that fits all of them best
   (`legacy.rank`), judged by the plausibility of the text it gives and by how well its
   characters match the UTF-8 part of the file (a Russian UTF-8 file with cp1251 lines reads
   as Cyrillic with the same letters, not as Greek);
3. the lines that reading cannot decode are read together the same way, and what still does
   not fit gets a detection of its own. A short line needs a plausible reading, not only a
   valid one, and enough bytes (or the support of the rest of the file) to be believed;
4. a UTF-8-valid line with a few non-ASCII bytes that reads as nonsense in UTF-8 but as good
   text in the file's legacy encoding is legacy text that happens to be valid UTF-8;
5. whatever still fits nothing is a stray byte: a finding (TM302) that keeps the file from
   being written, rather than a guess.

The work is linear in the input. Lines are handled in runs of one kind; a 64 KiB block that
decodes as UTF-8 as a whole is never split into lines; the encoding is chosen on a sample
(`legacy.SCORE_BYTES`); per-line detections are bounded (`MAX_OWN`). The same steps can later
run over a stream, block by block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from ..result import Change, Detection, Finding, Segment
from ..text.charmodel import model
from .legacy import (
    CHARDET_BYTES,
    DOUBLE_BYTE,
    MARGIN,
    PREFER,
    SCORE_BYTES,
    Reading,
    candidates,
    rank,
    reading_cost,
    rival_gap,
)
from .plausible import Profile, badness, char_script, profile
from .sbcs import badness_of

#: The highest cost at which the reading of a whole legacy part is still believed.
ACCEPT_COST = 1.0
#: The same for a line that needs its own detection: less evidence, so a stricter bar.
ACCEPT_LINE_COST = 0.8
#: A UTF-8-valid line with at most this many non-ASCII bytes may be legacy text in disguise.
DISGUISE_MAX_BYTES = 16
#: Nats by which the character model must prefer the file's own reading of a UTF-8-valid line.
DISGUISE_MARGIN = 10.0
#: At most this many UTF-8 lines are checked for such a disguise (each check scores text).
MAX_DISGUISE_CHECKS = 2000
#: A run read with the file's legacy encoding this badly gets a detection of its own.
SUSPECT = 0.3
#: Lines that get a detection of their own, at most (further such lines are strays).
MAX_OWN = 20
#: Longest run of undecodable bytes that counts as a stray byte (TM302) rather than TM103.
STRAY_MAX_BYTES = 4
#: A line with a few undecodable bytes is damaged UTF-8 only if the rest reads this well.
DAMAGED_MAX_BADNESS = 0.2
#: Lines are classified in blocks of about this size; a block valid as UTF-8 is not split.
BLOCK_BYTES = 1 << 16

#: A line's first this many undecodable runs get candidates (random bytes have thousands).
CANDIDATE_RUNS = 32
#: Stray-byte findings listed one by one, per code; the rest are counted in one finding at the
#: first of them. The pipeline lists as many (`pipeline.MAX_FINDINGS`): random bytes have a
#: quarter of a million undecodable runs per MB, and building each would cost more than the rest.
LISTED_FINDINGS = 1000

#: The Western code pages that must agree on a lone byte before it is read as a letter.
WESTERN: tuple[str, ...] = ("cp1252", "iso8859-15", "cp1250", "iso8859-1")

# Kinds of run.
ASCII, UTF8, LEGACY, DAMAGED = "ascii", "utf8", "legacy", "damaged"

_ASCII_BYTES = bytes(range(128))
_SURROGATES = re.compile("[\udc80-\udcff]+")
#: A valid UTF-8 multi-byte sequence (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF).
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


@dataclass(slots=True)
class _Run:
    """Consecutive lines of one kind: their bytes, first line number, and how they are read."""

    start: int
    end: int
    line: int  # 1-based number of the first line
    kind: str
    codec: str = ""
    text: str = ""
    #: undecodable byte runs: (offset in `text`, the bytes)
    bad: list[tuple[int, bytes]] = field(default_factory=list)
    #: the line's best readings, which give the candidates of its undecodable runs
    own: list[Reading] = field(default_factory=list)


def _nonascii(b: bytes) -> int:
    return len(b.translate(None, _ASCII_BYTES))


def _lines(data: bytes, start: int, end: int, line: int) -> Iterator[tuple[int, int, int]]:
    """``(start, end, line_number)`` of each line of ``data[start:end]`` (ends kept)."""
    pos = start
    while pos < end:
        nl = data.find(b"\n", pos, end)
        stop = end if nl < 0 else nl + 1
        yield pos, stop, line
        line += 1
        pos = stop


class _Runs:
    """Builds the list of runs, merging each new piece into the last run when it can."""

    def __init__(self) -> None:
        self.runs: list[_Run] = []

    def add(self, start: int, end: int, line: int, kind: str) -> None:
        runs = self.runs
        if runs:
            last = runs[-1]
            if last.kind == kind or kind == ASCII:
                last.end = end
                return
            if last.kind == ASCII:
                last.end = end
                last.kind = kind
                return
        runs.append(_Run(start, end, line, kind))


def classify(data: bytes, stretch: list[tuple[int, int]] | None = None) -> list[_Run]:
    """Cut `data` into runs of ASCII, UTF-8, legacy and damaged-UTF-8 lines (linear time).

    `stretch`, when given, receives ``(start, end)`` of each legacy line that holds a valid
    UTF-8 multi-byte sequence: the lines `_split_mixed_lines` may cut (found here anyway)."""
    out = _Runs()
    n = len(data)
    pos = 0
    line = 1
    while pos < n:
        nl = data.find(b"\n", min(pos + BLOCK_BYTES, n) - 1)
        end = n if nl < 0 else nl + 1
        block = data[pos:end]
        if block.isascii():
            out.add(pos, end, line, ASCII)
        elif valid_utf8(block):
            out.add(pos, end, line, UTF8)
        else:
            _classify_lines(data, pos, end, line, out, stretch)
        line += block.count(b"\n")
        pos = end
    return out.runs


def _classify_lines(
    data: bytes, start: int, end: int, line: int, out: _Runs, stretch: list[tuple[int, int]] | None
) -> None:
    """`classify` for the lines of ``data[start:end]``, a block that is not valid UTF-8.

    Only a line holding a valid multi-byte sequence can be UTF-8 or damaged UTF-8; the lines
    between them are legacy or ASCII whatever they hold, and are added in one piece each (the
    runs come out as if added line by line). A block without one such sequence is legacy as a
    whole. A Cyrillic or Western code page has such sequences in a few lines only: looking at
    every line cost more than the rest of the decode.
    """
    pos = start  # the first byte not yet added: always a line start
    for a, b in _seq_lines(data, start, end):
        at = line + data.count(b"\n", pos, a)
        _add_plain(data, pos, a, line, out)
        chunk = data[a:b]
        if valid_utf8(chunk):
            kind = UTF8
        else:
            kind = DAMAGED if _damaged_utf8(chunk) else LEGACY
            if kind == LEGACY and stretch is not None:
                stretch.append((a, b))
        out.add(a, b, at, kind)
        pos, line = b, at + 1
    if pos == start:
        out.add(start, end, line, LEGACY)  # not one valid multi-byte sequence: no UTF-8 line here
    else:
        _add_plain(data, pos, end, line, out)


#: Each byte's part in UTF-8: ``a`` ASCII, ``c`` a continuation byte, ``2`` ``3`` ``4`` the lead
#: byte of a sequence of that length, ``x`` a byte no valid UTF-8 has; line breaks stay.
_ROLE = bytes.maketrans(
    bytes(range(256)),
    bytes(
        10
        if b == 10
        else ord("a")
        if b < 0x80
        else ord("c")
        if b < 0xC0
        else ord("2")
        if 0xC2 <= b <= 0xDF
        else ord("3")
        if 0xE0 <= b <= 0xEF
        else ord("4")
        if 0xF0 <= b <= 0xF4
        else ord("x")
        for b in range(256)
    ),
)
#: What a valid multi-byte sequence looks like in `_ROLE`s (checked then with `_UTF8_SEQ`, which
#: also rules out overlongs and surrogates).
_SHAPES = (b"2c", b"3cc", b"4ccc")


def _seq_lines(data: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line of ``data[start:end]`` (which starts at a line start) that
    holds a valid UTF-8 multi-byte sequence, in order.

    The bytes are mapped to their `_ROLE`s and the shapes of a sequence found with
    ``bytes.find``, in C: a regex search for a sequence costs ten times more on a page of
    Cyrillic, where nearly every byte may begin one.
    """
    roles = data[start:end].translate(_ROLE)
    sparse = _sparse_seq_lines(data, start, roles)
    if sparse is not None:
        yield from sparse
        return
    # pairs of continuation bytes are rare in a code page's text, common in double-byte text
    by_pairs = roles.count(b"cc", 0, PAIRS_PROBE) <= LONG_PAIR_TRIES
    shapes = _ShapeFinder(roles)
    find_long = shapes.by_pairs if by_pairs else shapes.find
    nxt = [roles.find(b"2c"), find_long(0)]
    pos = 0  # in `roles`
    while True:
        hits = [i for i in nxt if i >= 0]
        if not hits:
            return
        i = min(hits)
        if _UTF8_SEQ.match(data, start + i) is None:
            pos = i + 1  # the shape of one, but an overlong or a surrogate
        else:
            a = roles.rfind(b"\n", pos, i) + 1 or pos
            nl = roles.find(b"\n", i)
            pos = len(roles) if nl < 0 else nl + 1
            yield start + a, start + pos
        if 0 <= nxt[0] < pos:
            nxt[0] = roles.find(b"2c", pos)
        if 0 <= nxt[1] < pos:
            nxt[1] = find_long(pos)


def _sparse_seq_lines(data: bytes, start: int, roles: bytes) -> list[tuple[int, int]] | None:
    """`_seq_lines` found from the continuation bytes, when they are few: every multi-byte
    sequence holds one after its lead, and a Cyrillic or Western code page's text has a few
    hundred per megabyte (``ё``, ``«»``, a dash) where its lead bytes are every other letter,
    so that each is found with ``memchr`` and the sequence checked backwards from it; looking
    for the shapes themselves scanned every block twice (2 of the 15 ms a megabyte of cp1251
    took). ``None`` when the block's `roles` hold more than one in 256 (double-byte text):
    the shapes are looked for then."""
    out: list[tuple[int, int]] = []
    tries = len(roles) >> 8
    pos = 0  # as in `_seq_lines`: after the last line found, or the last shape that failed
    j = roles.find(b"c")
    while j >= 0:
        tries -= 1
        if tries < 0:
            return None
        i = j - 1
        while i >= 0 and roles[i] == 0x63 and j - i < 4:
            i -= 1  # back over the continuation bytes before this one (three at most)
        lead = roles[i] if i >= pos else 0
        if 0x32 <= lead <= 0x34 and roles.startswith(_SHAPES[lead - 0x32], i):
            if _UTF8_SEQ.match(data, start + i) is None:
                pos = i + 1  # the shape of one, but an overlong or a surrogate
            else:
                a = roles.rfind(b"\n", pos, i) + 1 or pos
                nl = roles.find(b"\n", i)
                pos = len(roles) if nl < 0 else nl + 1
                out.append((start + a, start + pos))
                j = roles.find(b"c", pos)
                continue
        j = roles.find(b"c", j + 1)
    return out


_C_RUN = re.compile(b"c+")


class _ShapeFinder:
    """The shapes of three- and four-byte sequences (``3cc``, ``4ccc``) in one block's roles,
    found from ever later positions. Each shape's next hit is remembered, so that a shape the
    block does not hold is searched for once, not once a line (UTF-8 lines between GBK ones
    have a ``3cc`` in every line and no ``4ccc``: searching for it to the end every time was
    quadratic)."""

    def __init__(self, roles: bytes) -> None:
        self.roles = roles
        self.at = -1  # the position the hits below were found from
        self.hits = [-1, -1]

    def find(self, pos: int) -> int:
        """The first index from `pos` where a shape begins, or -1 (`pos` never decreases)."""
        if self.at < 0 or pos < self.at:
            self.hits = [self.roles.find(shape, pos) for shape in _SHAPES[1:]]
        else:
            for k, i in enumerate(self.hits):
                if 0 <= i < pos:
                    self.hits[k] = self.roles.find(_SHAPES[k + 1], pos)
        self.at = pos
        found = [i for i in self.hits if i >= 0]
        return min(found) if found else -1

    def by_pairs(self, pos: int) -> int:
        """`find`, found from the pairs of continuation bytes, which are rare in a code page's
        text, where the lead bytes of such shapes are most of it (searching for ``3cc`` itself
        cost a millisecond a megabyte of Cyrillic). Where such pairs are common and lead
        nowhere, the shapes are searched for themselves."""
        roles = self.roles
        j = roles.find(b"cc", pos + 1)
        for _ in range(LONG_PAIR_TRIES):
            if j < 0:
                return -1
            lead = roles[j - 1]
            if lead == 0x33 or (lead == 0x34 and roles[j + 2 : j + 3] == b"c"):
                return j - 1
            run = _C_RUN.match(roles, j)
            assert run is not None
            pos = run.end() - 1  # no shape begins inside the run
            j = roles.find(b"cc", run.end() + 1)
        return self.find(pos)


#: Pairs of continuation bytes `_ShapeFinder.by_pairs` looks at before it searches for the shapes instead,
#: and the most that the first `PAIRS_PROBE` bytes of a block may hold for it to be used.
LONG_PAIR_TRIES = 8
PAIRS_PROBE = 4096


_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def _add_plain(data: bytes, start: int, end: int, line: int, out: _Runs) -> None:
    """Add lines ``data[start:end]`` that hold no valid UTF-8 sequence: ASCII up to the first
    line with a high byte, legacy from there (what adding them one by one gives)."""
    if start >= end:
        return
    high = _HIGH_BYTE.search(data, start, end)
    if high is None:
        out.add(start, end, line, ASCII)
        return
    first = data.rfind(b"\n", start, high.start()) + 1 or start
    if first > start:
        out.add(start, first, line, ASCII)
    out.add(first, end, line + data.count(b"\n", start, first), LEGACY)


def valid_utf8(b: bytes) -> bool:
    """Whether `b` is valid UTF-8 (Python's strict decoder: continuation bytes, overlongs, surrogates)."""
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _damaged_utf8(chunk: bytes) -> bool:
    """Whether a line that is not valid UTF-8 is UTF-8 text with a few damaged bytes.

    A line cut inside a character, or with one byte flipped, still has its other multi-byte
    characters intact; legacy text has at most a few valid-looking pairs by chance. So: at
    most two undecodable runs, none longer than a stray, at least two intact multi-byte
    characters holding at least twice as many bytes, and text that reads well.
    """
    if _nonascii(chunk) < 5:
        return False
    raw = chunk.decode("utf-8", errors="surrogateescape")
    bad_runs = _SURROGATES.findall(raw)
    bad = sum(len(r) for r in bad_runs)
    if bad == 0 or len(bad_runs) > 2 or any(len(r) > STRAY_MAX_BYTES for r in bad_runs):
        return False
    good = _UTF8_SEQ.findall(chunk)
    if len(good) < 2 or sum(len(g) for g in good) < 2 * bad:
        return False
    return badness(_SURROGATES.sub(" ", raw)) < DAMAGED_MAX_BADNESS


#: A stretch of valid UTF-8 inside a legacy line: multi-byte characters, ASCII between them.
_UTF8_STRETCH = re.compile(
    rb"(?:" + _UTF8_SEQ.pattern + rb")(?:[\x20-\x7e]*(?:" + _UTF8_SEQ.pattern + rb"))*"
)
#: A stretch counts as UTF-8 text with at least this many multi-byte characters...
ISLAND_CHARS = 2
#: ... and reads at least this well (legacy bytes that happen to be valid UTF-8 give rare
#: characters: GBK read as UTF-8 is mostly Han outside the common levels).
ISLAND_BADNESS = 0.3
#: Emoji, which an island is not judged by: signs to `badness`, but four bytes of UTF-8 that
#: legacy text seldom makes (``Chloé 🎂🎈`` is a French line's UTF-8 head, its emoji its best
#: evidence).
_EMOJI = re.compile("[\U0001f000-\U0001faff]")
#: A line is split in at most this many pieces, and only if it is at most this long.
MAX_PIECES = 64
SPLIT_MAX_BYTES = 1 << 16


def _split_mixed_lines(
    data: bytes,
    runs: list[_Run],
    main: Reading | None,
    context: Profile | None,
    stretch: list[tuple[int, int]],
) -> tuple[list[_Run], Reading | None]:
    """Cut the legacy lines that hold stretches of UTF-8 text into pieces, when that reads better.

    Legacy text has stretches that happen to be valid UTF-8 too, so a line is cut only where it
    reads better cut than whole (`_cut_reads_better`) in the file's legacy reading; that reading
    is the ranking of the legacy pieces when it is clearly better (`MARGIN`) than the main one.
    """
    cuts: dict[int, tuple[int, list[tuple[int, int, str]]]] = {}  # line start -> (line end, pieces)
    for a, b in stretch:  # the legacy lines with a stretch of valid UTF-8 (`classify`)
        pieces = _split_line(data[a:b], single=context is not None)
        if pieces is not None:
            cuts[a] = (b, pieces)
    if main is not None:
        # legacy text often has stretches that happen to be valid UTF-8: when the main reading
        # reads no such line better cut, there is nothing to cut (and no second ranking to pay)
        cuts = {a: cut for a, cut in cuts.items() if _cut_reads_better(data[a : cut[0]], cut[1], main.codec)}
    if not cuts:
        return runs, main
    sample: list[bytes] = []
    pieces_utf8: list[str] = []  # the UTF-8 of the cut lines: the file's UTF-8 part, if it has no other
    for r in runs:
        if r.kind == LEGACY:
            for a, b, _k in _lines(data, r.start, r.end, r.line):
                if a in cuts:
                    sample.extend(data[a + pa : a + pb] for pa, pb, kind in cuts[a][1] if kind == LEGACY)
                    if context is None and len(pieces_utf8) < MAX_PIECES:
                        pieces_utf8 += [
                            data[a + pa : a + pb].decode("utf-8")
                            for pa, pb, kind in cuts[a][1]
                            if kind == UTF8
                        ]
                elif not data[a:b].isascii():
                    sample.append(data[a:b])
    reading = main
    if context is None and pieces_utf8:
        context = profile("".join(pieces_utf8))
    split = _believable(rank(sample, context, ascii_only=True), context, ACCEPT_COST)
    if split is not None and (main is None or split.cost + MARGIN < main.cost):
        reading = split
    if reading is None:
        return runs, main
    out = _Runs()
    for r in runs:
        if r.kind != LEGACY or not any(r.start <= a < r.end for a in cuts):
            out.runs.append(r)
            continue
        for a, b, k in _lines(data, r.start, r.end, r.line):
            # the cuts left were checked against the main reading already
            cut = a in cuts and (reading is main or _cut_reads_better(data[a:b], cuts[a][1], reading.codec))
            if not cut:
                out.add(a, b, k, LEGACY if not data[a:b].isascii() else ASCII)
                continue
            for pa, pb, kind in cuts[a][1]:
                out.add(a + pa, a + pb, k, kind)
    for r in out.runs:
        if r.kind == UTF8:
            # decoded again even when it had text: a piece of a cut line may have been merged
            # into a UTF-8 run decoded before (its bytes were lost, and the decode refused, TM902)
            r.codec = "utf-8"
            r.text = data[r.start : r.end].decode("utf-8")
    return out.runs, reading


#: How much better (`badness`) a line must read cut into UTF-8 and legacy pieces than whole.
CUT_MARGIN = 0.1


def _cut_reads_better(line: bytes, pieces: list[tuple[int, int, str]], codec: str) -> bool:
    """Whether `line` reads better as UTF-8 stretches and `codec` pieces than all in `codec`.

    Pieces cut inside a character do not decode: such a cut was a stretch of legacy text that
    happened to be valid UTF-8.
    """
    parts: list[str] = []
    for a, b, kind in pieces:
        try:
            parts.append(line[a:b].decode("utf-8" if kind == UTF8 else codec))
        except UnicodeDecodeError:
            return False
    try:
        whole = line.decode(codec)
    except UnicodeDecodeError:
        return True
    return badness("".join(parts)) + CUT_MARGIN < badness(whole)


def _letter_in_word(chunk: bytes, start: int, end: int) -> bool:
    """Whether ``chunk[start:end]``, one UTF-8 character, is a Latin letter inside an ASCII word
    (``José``): a stretch of one character is UTF-8 text only then. Legacy text has such pairs
    by chance (GBK often), but between other non-ASCII bytes, not between ASCII letters."""
    ch = chunk[start:end].decode("utf-8")
    if len(ch) != 1 or not ch.isalpha() or char_script(ch) != "Latin":
        return False
    before = chunk[start - 1 : start]
    after = chunk[end : end + 1]
    return (before.isalpha() and before.isascii()) or (after.isalpha() and after.isascii())


def _split_line(
    chunk: bytes, *, single: bool = False, island_chars: int = ISLAND_CHARS
) -> list[tuple[int, int, str]] | None:
    """Pieces ``(start, end, kind)`` of a line that holds UTF-8 text and legacy text, or ``None``.

    A CSV row with one field exported from a GBK program, a UTF-8 label followed by a pasted
    cp1252 phrase: the line as a whole is neither UTF-8 nor one legacy encoding. Stretches of
    valid UTF-8 with at least `ISLAND_CHARS` characters that read as good text are UTF-8; the
    rest is legacy, left for the file's legacy reading. A cut that leaves a legacy piece ending
    in half a character is checked later: that piece does not decode, and is treated like any
    line that does not fit. With `single` (the file has UTF-8 lines, or the line is mostly
    UTF-8), one UTF-8 letter inside an ASCII word is a stretch too (``José`` in a row whose
    next field is cp1252); without, a cp1252 file's ``cafÃ©`` is its own mojibake, repaired as
    such (the bytes of a lone line ``Noël et déjà vu`` are the same shape: only its context
    tells). A line known to be mostly UTF-8 (damaged, `_mixed_line`) takes stretches of
    `island_chars` = 1 character (an em dash).
    """
    if len(chunk) > SPLIT_MAX_BYTES:
        return None
    pieces: list[tuple[int, int, str]] = []
    pos = 0
    for m in _UTF8_STRETCH.finditer(chunk):
        island = m.group()
        n = len(_UTF8_SEQ.findall(island))
        if (n < island_chars and not (single and _letter_in_word(chunk, m.start(), m.end()))) or (
            badness(_EMOJI.sub("", island.decode("utf-8"))) > ISLAND_BADNESS
        ):
            continue
        if m.start() > pos:
            pieces.append((pos, m.start(), ASCII if chunk[pos : m.start()].isascii() else LEGACY))
        end = m.end()
        while end < len(chunk) and chunk[end] < 0x80 and chunk[end] != 0x0A:
            end += 1  # ASCII after the stretch goes with it: the legacy piece starts at its text
        if end < len(chunk) and chunk[end] >= 0x80:
            # ... at its word: the letters before a legacy byte are its word's (``caf\xe9``)
            while end > m.end() and chunk[end - 1 : end].isalpha():
                end -= 1
        pieces.append((m.start(), end, UTF8))
        pos = end
        if len(pieces) > MAX_PIECES:
            return None
    if not pieces:
        return None
    if pos < len(chunk):
        pieces.append((pos, len(chunk), ASCII if chunk[pos:].isascii() else LEGACY))
    return pieces


#: The Windows code page of each script other than Latin that single-byte files are written in.
SCRIPT_CODEPAGES: dict[str, str] = {
    "Cyrillic": "cp1251",
    "Greek": "cp1253",
    "Hebrew": "cp1255",
    "Arabic": "cp1256",
    "Thai": "cp874",
}

#: Symbols a lone byte may stand for in text (``Copyright \\xa9 2024``, ``\\x93quoted\\x94``).
LONE_SYMBOLS = frozenset("©®°£€§±×·«»–—“”‘’…•")


def _evidence(reading: Reading, context: Profile | None) -> bool:
    """Enough bytes to believe a reading.

    Two non-ASCII bytes are enough (their plausibility was judged already), and so are
    characters the rest of the file already has. A lone byte is believed only as a letter
    inside a Latin word (``Caf\\xe9``) or as a common typographic symbol, when the Western code
    pages that give it a printable meaning all give it the same one, or as a Latin letter the
    letter model clearly prefers in cp1252 (``\\xe0 la carte``, `_model_prefers`), in a file
    whose other letters are Latin too: anything else is a stray byte with candidates. In a file
    with letters of another script that a single-byte code page is for, a lone byte is believed
    as a symbol only, when that script's Windows code page (`SCRIPT_CODEPAGES`) gives it the
    same meaning too (``I\\x92d`` in an English line of a file with Bulgarian titles: ``’`` in
    windows-1251 as in windows-1252).
    """
    if reading.nonascii >= 2:
        return True
    wide = [ch for ch in reading.text if ch >= "\x80"]
    if context is not None and all(ch in context.chars for ch in wide):
        return True
    foreign = sorted(set(context.scripts) - {"Latin"}) if context is not None else []
    if len(wide) != 1 or any(s not in SCRIPT_CODEPAGES for s in foreign):
        return False
    ch = wide[0]
    if foreign and ch not in LONE_SYMBOLS:
        return False  # a letter: the other scripts' code pages read that byte as their own
    k = reading.text.index(ch)
    in_word = True
    if ch.isalpha():
        if char_script(ch) != "Latin":
            return False
        in_word = any(
            0 <= j < len(reading.text) and reading.text[j].isascii() and reading.text[j].isalpha()
            for j in (k - 1, k + 1)
        )
    elif ch not in LONE_SYMBOLS:
        return False
    try:
        raw = ch.encode(reading.codec)
    except UnicodeEncodeError:
        return False
    pages = (*WESTERN, *(SCRIPT_CODEPAGES[s] for s in foreign))
    meanings = {m for codec in pages if (m := _decodes_to(raw, codec)) is not None and m.isprintable()}
    if meanings == {ch} and in_word:
        return True
    return ch.isalpha() and _model_prefers(reading.text, k, ch, meanings - {ch}, _decodes_to(raw, "cp1252"))


#: Nats by which the letter model must prefer a lone byte's cp1252 letter, in its word, to the
#: other Western code pages' (``à la carte`` 13.8 before ``ŕ la carte``, ``très`` 4.5 before
#: ``trčs``; ``Crème`` 3.8, and below that, ``Øst`` 3.2, ``São`` 2.9, a tie).
LONE_MODEL_MARGIN = 3.5


def _model_prefers(text: str, k: int, ch: str, others: set[str], cp1252: str | None) -> bool:
    """Whether the letter model clearly prefers the word around ``text[k] == ch`` to the same
    word with each of `others` in its place, `ch` being the cp1252 reading of the byte.

    Only that direction is trusted: a lone Western byte in UTF-8 text is cp1252 far more often
    than anything else, and the model, right for ``Dvořák`` and ``Plzeň``, also prefers
    ``naďve`` to ``naïve``: where it disagrees with cp1252 the byte stays a stray (a tie).
    """
    if ch != cp1252 or not others:
        return False
    a = k
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    b = k + 1
    while b < len(text) and text[b].isalpha():
        b += 1
    m = model()
    mine = m.cost(text[a:b])
    return all(mine + LONE_MODEL_MARGIN <= m.cost(text[a:k] + o + text[k + 1 : b]) for o in others)


def _decodes_to(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


@dataclass
class SegmentedResult:
    """The decoded text and what was learned: segments, decode changes and findings."""

    text: str
    detection: Detection
    changes: list[Change]
    findings: list[Finding]


def decode_segmented(data: bytes) -> SegmentedResult | None:
    """Decode `data`, which is not valid UTF-8, line by line; ``None`` when it is all ASCII.

    (ASCII that is not UTF-8 text is a 7-bit encoding such as ISO-2022 or HZ: not this module's.)
    A file whose lines end in CR alone (classic Mac OS) is read by those lines: CR and LF are
    swapped byte for byte, so every offset stays the same, and swapped back in the text (the
    encodings read here keep ASCII bytes as they are, and none uses either as a trail byte).
    """
    if data.isascii():
        return None
    if b"\n" not in data and b"\r" in data:
        result = _decode_lines(data.replace(b"\r", b"\n"))
        result.text = result.text.replace("\n", "\r")
        return result
    return _decode_lines(data)


#: chardet reads this much of a file for its whole-file reading (`_whole_file`).
WHOLE_SAMPLE = 1 << 16
#: ... which is tried when that much holds at least this many non-ASCII bytes: on less, a
#: double-byte codec that decodes everything is weak evidence, and segments are cheap.
WHOLE_MIN_NONASCII = 2048
#: The highest cost (`legacy.reading_cost`) of a whole-file reading believed without segments.
WHOLE_COST = 0.3
#: chardet's confidence (on the file's head) from which its double-byte answer, when the
#: reading is clean enough to be believed at all (`ACCEPT_COST`, not `WHOLE_COST`), is taken
#: for the whole file, and the confidence is that of two detectors agreeing. On the corpus of
#: benchmarks/detect.py, chardet is right at 0.9 and above (files and snippets); a reading
#: of rare characters (a page listing a code page's vendor extensions, cp932's FA40-FC4B)
#: costs 0.7 and was left alone at 0.28 where chardet was sure of it.
WHOLE_AGREE = 0.9
#: A file with more UTF-8-valid lines than this is read line by line.
WHOLE_UTF8_LINES = 64


#: A line (after its line break: the data is searched with one put before it) that holds a
#: non-ASCII byte and is valid UTF-8 throughout. One regex search over the file, in C: the
#: lines of a double-byte file checked one by one with the decoder (an exception each) cost
#: 10 ms per megabyte of Shift-JIS, half the whole-file reading.
_UTF8_LINE = re.compile(
    rb"\n(?=[\x00-\x09\x0b-\x7f]*+[\x80-\xff])"
    rb"(?:[\x00-\x09\x0b-\x7f]++|(?:" + _UTF8_SEQ.pattern + rb"))*+(?=\n|\Z)"
)


def _whole_file(data: bytes) -> SegmentedResult | None:
    """The file read with one double-byte encoding, when that reading holds for all of it.

    A GBK, Big5, Shift-JIS or EUC-KR file is read whole when chardet names that encoding first
    (on `WHOLE_SAMPLE` bytes), it decodes every byte strictly, the text reads well, and every
    line that happens to be valid UTF-8 too reads as the file's own text in disguise (`_disguised`).
    Searching such a file line by line would cost a hundred times more and find only the
    stretches of it that are valid UTF-8 by chance. ``None`` otherwise: the file is segmented.
    """
    head = data[:WHOLE_SAMPLE]
    if _nonascii(head) < WHOLE_MIN_NONASCII or data.startswith(b"\xef\xbb\xbf"):
        return None
    if not _some_double_byte_decodes(head):
        return None  # no double-byte codec reads the file: chardet need not be asked
    found = candidates(head, CHARDET_BYTES)
    if not found or found[0][0] not in DOUBLE_BYTE:
        return None
    text = None
    for codec in (PREFER.get(found[0][0]), found[0][0]):  # the standard encoding when it decodes
        if codec is not None and text is None:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            break
    if text is None or codec is None:
        return None
    cost = reading_cost(codec, text)
    sure = found[0][1] >= WHOLE_AGREE
    if cost > (ACCEPT_COST if sure else WHOLE_COST):
        return None
    utf8_lines = []
    for m in _UTF8_LINE.finditer(b"\n" + data):
        utf8_lines.append(m.group()[1:])
        if len(utf8_lines) > WHOLE_UTF8_LINES:
            return None
    if utf8_lines:
        own = profile(text)
        if any(_disguised(line, codec, own) != LEGACY for line in utf8_lines):
            return None
    clean = max(0.0, 1.0 - cost)
    # two detectors that agree: the reading is wrong only if both are
    confidence = round(max(0.01, min(0.99, 1.0 - (1.0 - clean) * (1.0 - found[0][1]) if sure else clean)), 2)
    lines = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    detection = Detection(codec, confidence, (Segment(codec, 1, lines, 0, len(data)),))
    change = Change(
        "TM101", f"decoded from {codec} (detected, confidence {confidence:.2f}): written as UTF-8", "", ""
    )
    return SegmentedResult(text, detection, [change], [])


def _some_double_byte_decodes(head: bytes) -> bool:
    """Whether one of the `DOUBLE_BYTE` codecs decodes `head`, the start of a file, up to its
    last line break (no such codec has a line break as a trail byte). A code page's text fails
    in each of them within its first words, and the whole-file reading then needs no chardet
    call (5 ms of the 20 that a megabyte of cp1251 costs)."""
    cut = head.rfind(b"\n")
    if cut < 0:
        return True  # cannot cut safely: let chardet and the decode decide
    head = head[: cut + 1]
    for codec in DOUBLE_BYTE:
        try:
            head.decode(codec)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _decode_lines(data: bytes) -> SegmentedResult:
    """`decode_segmented` for a file whose lines end in LF (or CR LF)."""
    whole = _whole_file(data)
    if whole is not None:
        return whole
    stretch: list[tuple[int, int]] = []
    runs = classify(data, stretch)
    context_parts: list[str] = []
    size = 0
    for r in runs:
        if r.kind == UTF8:
            r.codec = "utf-8"
            r.text = data[r.start : r.end].decode("utf-8")
            if size < 200_000:
                context_parts.append(r.text)
                size += len(r.text)
    utf8_text = "".join(context_parts)
    context = profile(utf8_text) if context_parts else None
    main = _group_reading(data, [r for r in runs if r.kind == LEGACY], context)
    runs, main = _split_mixed_lines(data, runs, main, context, stretch)
    if main is not None and context is not None:
        runs = _undisguise(data, runs, main.codec, profile(main.text))

    out: list[_Run] = []
    remaining: list[_Run] = []
    own_budget = [MAX_OWN]
    for r in runs:
        if r.kind == ASCII:
            r.text = data[r.start : r.end].decode("ascii")
            out.append(r)
        elif r.kind == UTF8:
            out.append(r)
        elif r.kind == DAMAGED:
            for a, b, k in _lines(data, r.start, r.end, r.line):
                ln = _Run(a, b, k, DAMAGED)
                if main is not None and _assign_line(data, ln, main) and badness(ln.text) <= SUSPECT:
                    # legacy text with a few stretches that look like UTF-8 (a Johab line, say):
                    # the file's own reading decodes all of it, and reads well
                    ln.kind = LEGACY
                elif (pieces := _mixed_line(data, a, b, k, context, own_budget)) is not None:
                    out.extend(pieces)  # UTF-8 with cp1252 letters in its words: a mixed line
                    continue
                else:
                    _decode_stray(ln, data[a:b], "utf-8", _own(data[a:b], context, own_budget))
                out.append(ln)
        else:
            out.extend(_assign(data, r, main, remaining, context, own_budget))
    if remaining and main is not None:
        # for the lines that did not fit, the rest of the file is context: its UTF-8 part and
        # its main legacy reading (a lone byte in a GBK file is not a Western symbol)
        context = profile(utf8_text + main.text)
    if len(remaining) > 1:
        # the lines the main reading cannot decode may share another encoding
        second = _group_reading(data, remaining, context)
        if second is not None:
            remaining = [r for r in remaining if not _assign_line(data, r, second)]
    for ln in remaining:
        chunk = data[ln.start : ln.end]
        own = _own(chunk, context, own_budget)
        chosen = _believable([r for r in own if r.failed == 0], context, ACCEPT_LINE_COST)
        if chosen is not None:
            ln.codec = chosen.codec
            ln.text = chunk.decode(ln.codec)
        else:
            _decode_stray(ln, chunk, _least_damage(chunk, main), own)
    out.sort(key=lambda r: r.start)
    return _assemble(data, out, main)


def _mixed_line(
    data: bytes, a: int, b: int, k: int, context: Profile | None, budget: list[int]
) -> list[_Run] | None:
    """The pieces of line ``data[a:b]`` (number `k`), a UTF-8 line with a few bytes that are
    not UTF-8, when those bytes are legacy letters in its words: ``Noël — d\\xe9j\\xe0 vu``.

    The line is cut as `_split_line` cuts a legacy line; the legacy pieces must have a
    believable reading in a Western code page (`_believable`, with the file's UTF-8 text, or
    else the line's own, as context) that decodes them all, and every non-ASCII character it
    gives must be a Latin letter in a word with ASCII letters. A UTF-8 line cut inside a
    character leaves half a character among other non-ASCII text instead: that stays a stray
    (TM302).
    """
    chunk = data[a:b]
    pieces = _split_line(chunk, single=True, island_chars=1)
    if pieces is None or not any(kind == LEGACY for _pa, _pb, kind in pieces):
        return None
    utf8 = "".join(chunk[pa:pb].decode("utf-8") for pa, pb, kind in pieces if kind == UTF8)
    ctx = context if context is not None else profile(utf8)
    legacy = [chunk[pa:pb] for pa, pb, kind in pieces if kind == LEGACY]
    if budget[0] <= 0:
        return None
    budget[0] -= 1
    readings = [r for r in rank(legacy, ctx, ascii_only=True) if r.failed == 0 and r.codec in WESTERN]
    chosen = _believable(readings, ctx, ACCEPT_LINE_COST)
    if chosen is None:
        return None
    out: list[_Run] = []
    for pa, pb, kind in pieces:
        raw = chunk[pa:pb]
        run = _Run(a + pa, a + pb, k, kind)
        if kind == LEGACY:
            run.codec = chosen.codec
            run.text = raw.decode(chosen.codec)
            if not all(_LATIN_IN_WORD.fullmatch(w) for w in _NON_ASCII_WORD.findall(run.text)):
                return None
        else:
            run.codec = "utf-8" if kind == UTF8 else ""
            run.text = raw.decode("utf-8" if kind == UTF8 else "ascii")
        out.append(run)
    return out


#: A word with a non-ASCII character, and such a word made of Latin letters, some ASCII.
_NON_ASCII_WORD = re.compile(r"\w*[^\x00-\x7f]\w*")
_LATIN_IN_WORD = re.compile(r"(?=\w*[A-Za-z])[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")


def _own(chunk: bytes, context: Profile | None, budget: list[int]) -> list[Reading]:
    """The readings of one line, while the budget of per-line detections lasts."""
    if budget[0] <= 0:
        return []
    budget[0] -= 1
    return rank([chunk], context, ascii_only=True)


def _believable(readings: list[Reading], context: Profile | None, max_cost: float) -> Reading | None:
    """The first of the best readings (within the ranking margin) that has enough evidence.

    With one byte to go on, several readings cost the same; `_evidence` then prefers the one
    the Western code pages agree on (``\\xa9`` is © there, not Љ).
    """
    if not readings:
        return None
    limit = min(max_cost, readings[0].cost + MARGIN)
    for r in readings:
        if r.cost <= limit and r.failed <= 0.5 and _evidence(r, context):
            # its confidence counts the rivals that would be believed too (a lone € is not
            # doubted for cp1251 reading it as Ђ)
            others = [o for o in readings if o is not r and o.failed <= 0.5 and _evidence(o, context)]
            return replace(r, rival_gap=rival_gap(r, others))
    return None


def _group_reading(data: bytes, group: list[_Run], context: Profile | None) -> Reading | None:
    """The best reading of the runs in `group` together, if it is believable."""
    if not group:
        return None
    return _believable(rank(_sample_lines(data, group), context, ascii_only=True), context, ACCEPT_COST)


def _sample_lines(data: bytes, group: list[_Run]) -> list[bytes]:
    """The first lines of the runs in `group` with non-ASCII bytes, up to the scoring budget."""
    out: list[bytes] = []
    size = 0
    for r in group:
        for a, b, _k in _lines(data, r.start, r.end, r.line):
            chunk = data[a:b]
            if chunk.isascii():
                continue
            out.append(chunk)
            size += len(chunk)
            if size >= SCORE_BYTES:
                return out
    return out


def _assign(
    data: bytes,
    run: _Run,
    reading: Reading | None,
    remaining: list[_Run],
    context: Profile | None,
    budget: list[int],
) -> list[_Run]:
    """Decode a legacy run with `reading`, the file's main legacy reading, if it fits.

    A run that decodes but reads badly (a GBK line in a file whose other legacy lines are
    cp1251 decodes, as nonsense) gets its own detection, and keeps the main reading unless its
    own is clearly better. A run that does not decode is split into lines: those the main
    reading decodes stay with it, the others are appended to `remaining` (and placed in the
    output later, by position).
    """
    chunk = data[run.start : run.end]
    if reading is not None:
        try:
            run.text = chunk.decode(reading.codec)
        except UnicodeDecodeError:
            pass
        else:
            run.codec = reading.codec
            if badness_of(chunk, reading.codec, run.text) <= SUSPECT:
                return [run]
            if reading.codec in DOUBLE_BYTE:
                return [run]
            # a single-byte code page decodes anything; a double-byte one that decodes the whole
            # run, and reads clearly better, is evidence
            own = _own(chunk, context, budget)
            mine = next((r for r in own if r.codec == reading.codec), None)
            better = _believable(
                [r for r in own if r.failed == 0 and r.codec in DOUBLE_BYTE and r.chars >= 4],
                context,
                ACCEPT_COST,
            )
            if better is not None and mine is not None and better.cost + MARGIN < mine.cost:
                try:
                    run.text = chunk.decode(better.codec)
                    run.codec = better.codec
                except UnicodeDecodeError:
                    pass
            return [run]
    out: list[_Run] = []
    for a, b, k in _lines(data, run.start, run.end, run.line):
        ln = _Run(a, b, k, LEGACY if not data[a:b].isascii() else ASCII)
        if ln.kind == ASCII:
            ln.text = data[a:b].decode("ascii")
        elif not _assign_line(data, ln, reading):
            remaining.append(ln)
        out.append(ln)
    return out


def _assign_line(data: bytes, ln: _Run, reading: Reading | None) -> list[_Run]:
    """``[ln]`` decoded with `reading`, or ``[]`` when it cannot be."""
    if reading is None:
        return []
    try:
        ln.text = data[ln.start : ln.end].decode(reading.codec)
    except UnicodeDecodeError:
        return []
    ln.codec = reading.codec
    return [ln]


def _undisguise(data: bytes, runs: list[_Run], codec: str, legacy: Profile) -> list[_Run]:
    """Split out UTF-8-valid lines that read as nonsense in UTF-8 but as text in `codec`
    (`legacy`: what the file's legacy text is made of)."""
    out: list[_Run] = []
    checks = MAX_DISGUISE_CHECKS
    for r in runs:
        if r.kind != UTF8 or checks <= 0:
            out.append(r)
            continue
        pieces: list[_Run] = []
        for a, b, k in _lines(data, r.start, r.end, r.line):
            chunk = data[a:b]
            kind = UTF8
            high = _nonascii(chunk)
            if 0 < high <= DISGUISE_MAX_BYTES and checks > 0:
                checks -= 1
                kind = _disguised(chunk, codec, legacy)
            if pieces and pieces[-1].kind == kind:
                pieces[-1].end = b
            else:
                pieces.append(_Run(a, b, k, kind))
        if len(pieces) == 1 and pieces[0].kind == UTF8:
            out.append(r)
            continue
        for p in pieces:
            if p.kind == UTF8:
                p.codec = "utf-8"
                p.text = data[p.start : p.end].decode("utf-8")
            out.append(p)
    return out


#: A UTF-8-valid line whose legacy reading is at least this clean (all common characters) and
#: whose UTF-8 reading is foreign to the file is legacy text (see `_disguised`).
DISGUISE_CLEAN = 0.1


def _disguised(chunk: bytes, codec: str, legacy: Profile | None = None) -> str:
    """`LEGACY` when the UTF-8-valid `chunk` reads much better in `codec` than in UTF-8.

    With `legacy`, the profile of the file's legacy text, a line that reads as that text's own
    letters is that text (`_at_home`).
    """
    utf8 = chunk.decode("utf-8")
    as_utf8 = badness(utf8)
    try:
        other = chunk.decode(codec)
    except UnicodeDecodeError:
        return UTF8
    if legacy is not None and legacy.letters and _at_home(other, utf8, legacy):
        return LEGACY
    if as_utf8 == 0.0:
        return UTF8
    if as_utf8 >= 1.0 and badness(other) + 0.7 <= as_utf8:
        return LEGACY
    # Mildly odd in UTF-8 (GB2312's 一些 is UTF-8's Cyrillic һЩ): the character model decides,
    # with a wide margin, since most short UTF-8 lines in a legacy file are what they say.
    m = model()
    return LEGACY if m.cost(other.strip()) + DISGUISE_MARGIN <= m.cost(utf8.strip()) else UTF8


def _at_home(other: str, utf8: str, legacy: Profile) -> bool:
    """Whether the legacy reading `other` of a UTF-8-valid line is the file's own text.

    Either its letters are all letters the file's legacy text has, and the UTF-8 reading's
    letters none of them (EUC-JP ``2006年`` is the valid UTF-8 ``2006ǯ``, cp855 ``на`` is
    ``Ԡ``); or it is clean text in the file's own scripts while the UTF-8 reading is letters
    of a script that neither that text nor plain Latin has (``私钥`` in a GBK file is also
    ``˽Կ``, an Armenian letter after a modifier).
    """
    mine = [c for c in other if c >= "\x80" and c.isalpha()]
    theirs = [c for c in utf8 if c >= "\x80" and c.isalpha()]
    if not mine or badness(other) > SUSPECT:
        return False
    if theirs and all(c in legacy.chars for c in mine) and not any(c in legacy.chars for c in theirs):
        return True
    return _foreign(utf8, legacy) and legacy.script_share(other) == 1.0 and badness(other) <= DISGUISE_CLEAN


def _foreign(text: str, legacy: Profile) -> bool:
    """Whether the non-ASCII letters of `text` are mostly of scripts `legacy` lacks (Latin aside:
    an accented word is at home in any file)."""
    scripts = [char_script(c) for c in text if c >= "\x80" and c.isalpha()]
    if not scripts or "Latin" in scripts:
        return False
    return sum(s not in legacy.scripts for s in scripts) * 2 > len(scripts)


def _least_damage(chunk: bytes, main: Reading | None) -> str:
    """The file's legacy encoding or UTF-8, whichever leaves fewer bytes of `chunk` undecoded."""
    if main is None:
        return "utf-8"

    def undecoded(codec: str) -> int:
        return sum(len(m) for m in _SURROGATES.findall(chunk.decode(codec, errors="surrogateescape")))

    return min((main.codec, "utf-8"), key=undecoded)


def _decode_stray(ln: _Run, chunk: bytes, codec: str, own: list[Reading]) -> None:
    """Decode a line that fits no believable reading with `codec`; undecodable runs become U+FFFD.

    Each run is remembered by its place and bytes; the line's best readings are kept with it
    for the candidates of the runs that are listed (`_assemble`).
    """
    raw = chunk.decode(codec, errors="surrogateescape")
    ln.codec = codec
    ln.own = own[:6]
    ln.text = _SURROGATES.sub("\ufffd", raw)
    consumed = 0  # surrogates before this run, each run becoming one U+FFFD
    for k, m in enumerate(_SURROGATES.finditer(raw)):
        start, end = m.span()
        ln.bad.append((start - consumed + k, m.group().encode("utf-8", "surrogateescape")))
        consumed += end - start


def _candidates(bad: bytes, own: list[Reading]) -> tuple[str, ...]:
    """What the line's best readings make of the undecodable bytes `bad` (at most four)."""
    seen: dict[str, str] = {}
    for r in own:
        try:
            ch = bad.decode(r.codec)
        except UnicodeDecodeError:
            continue
        if ch.isprintable():
            seen.setdefault(ch, r.codec)
    return tuple(f"{ch} ({c})" for ch, c in list(seen.items())[:4])


def _span(seg: Segment, data: bytes) -> str:
    """``line 3``, ``lines 3-9``, or ``part of line 3 (bytes 40-57)`` for a piece of a line."""
    first, last = seg.start_line, seg.end_line
    whole = (seg.start_byte == 0 or data[seg.start_byte - 1] in b"\r\n") and (
        seg.end_byte == len(data) or data[seg.end_byte - 1] in b"\r\n"
    )
    if not whole and first == last:
        return f"part of line {first} (bytes {seg.start_byte}-{seg.end_byte - 1})"
    return f"line {first}" if first == last else f"lines {first}-{last}"


def _assemble(data: bytes, runs: list[_Run], main: Reading | None) -> SegmentedResult:
    """Join the decoded runs; build segments (ASCII joins the one before), changes and findings."""
    parts: list[str] = []
    length = 0  # characters so far
    segs: list[list] = []  # [codec, start_line, start_byte, start_char]
    findings: list[Finding] = []
    listed = {"TM302": 0, "TM103": 0}
    unlisted: dict[str, list] = {}  # code -> [count, place of the first, its bytes]
    for r in runs:
        codec = r.codec or (segs[-1][0] if segs else "")
        if not segs or (codec and segs[-1][0] != codec):
            if segs and not segs[-1][0]:
                segs[-1][0] = codec  # leading ASCII belongs to the first encoding
            else:
                segs.append([codec, r.line, r.start, length])
        for k, (offset, bad) in enumerate(r.bad):
            code = "TM302" if len(bad) <= STRAY_MAX_BYTES else "TM103"
            at = length + offset
            if listed[code] < LISTED_FINDINGS:
                listed[code] += 1
                cands = _candidates(bad, r.own) if k < CANDIDATE_RUNS else ()
                findings.append(_stray_finding(bad, cands, at))
            elif code in unlisted:
                unlisted[code][0] += 1
            else:
                unlisted[code] = [1, at, bad]
        parts.append(r.text)
        length += len(r.text)
    for code, (n, at, bad) in unlisted.items():
        findings.append(
            _stray_finding(bad, (), at)
            if n == 1
            else Finding(
                code,
                f"{n} more {code} findings from here on, not listed one by one",
                "",
                start=at,
                end=at + 1,
            )
        )
    text = "".join(parts)
    last_line = max(1, text.count("\n") + (0 if text.endswith("\n") or not text else 1))
    segments: list[Segment] = []
    for k, (codec, line, start, _at) in enumerate(segs):
        nxt = segs[k + 1] if k + 1 < len(segs) else None
        if nxt is None:
            end_line = last_line
        else:  # the next segment may start inside a line this one shares
            end_line = nxt[1] - 1 if data[nxt[2] - 1] in b"\r\n" else nxt[1]
        segments.append(
            Segment(codec or "ascii", line, max(line, end_line), start, nxt[2] if nxt else len(data))
        )
    encodings = {s.encoding for s in segments}
    changes: list[Change] = []
    bom = "utf-8" if data.startswith(b"\xef\xbb\xbf") else None
    undecoded = sum(len(bad) for r in runs for _o, bad in r.bad)
    if len(encodings) == 1:
        codec = segments[0].encoding
        confidence = main.plausible_confidence if main is not None and codec == main.codec else 1.0
        if undecoded:
            # bytes that do not decode in it: the file is not (all) in that encoding, however
            # sure the rest is (a UTF-8 file with a stray byte is not "utf-8, confidence 1.00")
            confidence = round(max(0.01, min(confidence, 0.99, 1.0 - undecoded / max(1, _nonascii(data)))), 2)
        detection = Detection(codec, confidence, tuple(segments), bom=bom)
        if codec not in ("utf-8", "ascii"):
            changes.append(
                Change(
                    "TM101",
                    f"decoded from {codec} (detected, confidence {confidence:.2f}): written as UTF-8",
                    "",
                    "",
                )
            )
    else:
        confidence = main.plausible_confidence if main is not None else 0.5
        detection = Detection("mixed", confidence, tuple(segments), bom=bom)
        for seg, (_c, _l, _s, at) in zip(segments, segs):
            if seg.encoding != "utf-8":
                others = ", ".join(sorted(encodings - {seg.encoding}))
                changes.append(
                    Change(
                        "TM301",
                        f"{_span(seg, data)} in {seg.encoding}, the rest "
                        f"of the file in {others}: decoded and written as UTF-8",
                        "",
                        "",
                        at,
                        at,
                    )
                )
    return SegmentedResult(text, detection, changes, findings)


def _stray_finding(bad: bytes, candidates: tuple[str, ...], at: int) -> Finding:
    """The finding for a run of bytes that fits nothing: TM302 when short, TM103 otherwise."""
    stray = len(bad) <= STRAY_MAX_BYTES
    what = ("stray byte" if len(bad) == 1 else "stray bytes") if stray else "bytes"
    verb = "fits" if len(bad) == 1 else "fit"
    return Finding(
        "TM302" if stray else "TM103",
        f"{what} {bad.hex(' ').upper()} {verb} no encoding of the text around "
        f"{'it' if len(bad) == 1 else 'them'}; the file is left alone",
        before=bad.decode("latin-1"),
        candidates=candidates,
        start=at,
        end=at + 1,
    )
