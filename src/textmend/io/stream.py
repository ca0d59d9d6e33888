"""Streaming repair of large files: bounded memory, line numbers right, never a wrong write.

A file of a gigabyte cannot be read, decoded, repaired and encoded in one piece without
several gigabytes of memory. Here it is read in chunks of about `CHUNK_BYTES`, each cut just
after a line break, and every chunk goes through the same pipeline as a small file. A line
longer than a chunk is cut inside a run of ASCII, where no character and no repair can be
split (`safe_cut`), and at the latest at `MAX_GROWTH` chunks: memory follows the chunk size
whatever the shape of the file, one huge line included.

- The encoding is chosen on the first chunk (a sample of the file) by `pipeline.repair_bytes`,
  exactly as for a small file, and then *verified as decoding proceeds*: every later chunk
  must decode strictly with it (and, for a legacy encoding, must not be valid UTF-8 with
  non-ASCII bytes, which would mean the sample misled us). A chunk that fails is decoded on its
  own, with the full detection of `decode.decode_bytes`. UTF-8 (strict UTF-8 is strong
  evidence) or the sampled encoding is accepted there; another legacy encoding is not
  (chunk-sized statistics against the sample's: neither is trusted) and the file is repaired
  whole instead (`StreamUnsupported`). When a chunk cannot be decoded safely at all, the
  repair is marked unsafe and nothing is written.
- Cutting the *bytes* after ``\\n`` is safe only for encodings where the byte 0x0A is always a
  line feed and never part of another character: UTF-8, ASCII, the single-byte code pages and
  the ASCII-compatible CJK encodings (GB18030, Big5, Shift-JIS, EUC-*; their trail bytes are
  all >= 0x30). UTF-16/32, stateful ISO-2022 and EBCDIC text are not streamed: such a file
  is repaired whole, like a small one (`StreamUnsupported`).
- Changes and findings are located in the chunk and then moved by the chunk's offset, so
  their line, column and character offsets refer to the whole file. Only the first
  `KEEP_ITEMS` are kept in memory (all are counted, and all go to `on_item` if given).
- Output is written lazily: while the chunks come out byte for byte as they went in, nothing
  is written at all (a clean 1 GB file costs one read). At the first chunk that changes, the
  unchanged prefix is copied from the source into a `write.AtomicWriter` and the rest follows;
  the original is replaced by one atomic rename at the end, only if every chunk was safe.

Fixers see one chunk at a time, so a decision that weighs the whole document must not be
taken per chunk: where it was (``--script auto`` converting the minority script of a chunk that
straddles a long Simplified part and a long Traditional one, in a file that is not mixed), the
facts come from a first pass over the whole file (`ScriptSurvey`), handed to every chunk's
fixers as the document's facts (`textmend.context.Context.document`). With ``jobs`` > 1 the chunks
after the first are repaired in worker processes (`repair_piece` is a pure function), with the
result of a sequential run. The result is a `Repair` (`StreamResult`) whose texts are dropped.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol, TextIO

from .. import pipeline
from ..context import Context
from ..decode import decode_bytes, is_binary
from ..decode.bom import sniff_bom
from ..decode.segments import valid_utf8
from ..errors import BinaryInputError, DecodeError, TextmendError
from ..options import Options
from ..pool import ordered_map
from ..result import Change, Detection, Finding, Repair, Segment, Totals, diff_labels, split_lines
from ..rules import BLOCKING
from ..zh.chars import HAN, KANA, class_pattern
from ..zh.detect import analyse, regional_chars
from .write import AtomicWriter, Snapshot

#: Files at least this large are streamed by the CLI instead of read whole.
STREAM_THRESHOLD = 32 * 2**20

#: About how much of the file one chunk holds (it ends at the next line break after this).
#: Repairing a chunk takes many times its size for a moment (decoded text, the fixers'
#: copies, ftfy's): 1 MiB chunks keep a whole ``fix`` near 60 MB; 4 MiB ones doubled that.
CHUNK_BYTES = 2**20

#: How many changes and findings a `StreamResult` keeps (the rest are only counted).
KEEP_ITEMS = 10_000


class StreamUnsupported(Exception):
    """The file's encoding cannot be cut into chunks at line breaks: repair it whole instead."""


@dataclass
class StreamResult(Repair):
    """What a streaming repair did: a `Repair` whose texts are dropped (a gigabyte is not held;
    the output went to the file, the diff to its spool) and whose lists keep the first items.

    `changes` and `findings` hold the first `KEEP_ITEMS` items; `counts` and `finding_counts`
    count every change and finding by code, `n_changes` / `n_findings` give the totals, and
    `totals` says the same in the terms every `Repair` has. `changed` is true when the output
    bytes differ from the input bytes; `written` when a file was written.
    """

    text: str = ""
    original: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    finding_counts: dict[str, int] = field(default_factory=dict)
    n_changes: int = 0
    n_findings: int = 0
    output_changed: bool = False
    written: bool = False
    bytes_in: int = 0
    chunks: int = 0

    @property
    def changed(self) -> bool:
        """Whether the output bytes differ from the input bytes (the texts are not kept)."""
        return self.output_changed

    @property
    def safe(self) -> bool:
        """False when some chunk could not be decoded without losing bytes."""
        return not any(code in BLOCKING for code in self.finding_counts)

    @property
    def truncated(self) -> bool:
        """True when more changes or findings were counted than kept."""
        return self.n_changes > len(self.changes) or self.n_findings > len(self.findings)


def line_safe(codec: str) -> bool:
    """Whether byte 0x0A is a line feed, and never part of another character, in `codec`.

    True for UTF-8, the single-byte code pages and the ASCII-compatible CJK encodings; false
    for UTF-16/32, stateful encodings (ISO-2022, HZ, UTF-7) and EBCDIC.
    """
    name = codecs.lookup(codec).name
    if name.startswith(("utf-16", "utf-32", "iso2022", "iso-2022", "hz", "utf-7")):
        return False
    try:
        return "\n".encode(name) == b"\n" and "a\nb".encode(name) == b"a\nb"
    except (UnicodeError, LookupError):
        return False


class Reader(Protocol):
    """Anything with a binary ``read(n)``."""

    def read(self, n: int = -1, /) -> bytes: ...


#: A piece with no line break in it is cut inside a run of ASCII bytes, at least this many on
#: each side of the cut: no character's bytes and no repair's span can straddle such a cut (a
#: mojibake span is a run of non-ASCII characters with at most a space or two inside; a lost
#: character's ``?`` sits next to one; the fixers' context windows are a few characters wide).
MARGIN = 64
#: ... or, in a line of text in another script with no such run (Russian, Greek, mixed), this
#: many: a stretch of 33 ASCII characters, words and spaces, is no mojibake span either.
SHORT_MARGIN = 16

#: A line may make its piece this many times the chunk size before it is cut where no safe cut
#: was found (a megabyte-long line of Chinese without one ASCII word): memory stays bounded.
#: (The engine holds about 100 bytes per character of Chinese at its peak: two chunks of it are
#: some 70 MB above the 110 MB the loaded models take.)
MAX_GROWTH = 2

#: The UTF-8 of the CJK full stop, exclamation and question marks: in a line of Chinese with no
#: ASCII to cut in, a sentence end is where a forced cut splits the least.
_CJK_SENTENCE_ENDS = ("。".encode(), "！".encode(), "？".encode())

_ASCII_RUN = re.compile(rb"[\x00-\x7f]{%d,}" % (2 * MARGIN + 1))
_SHORT_ASCII_RUN = re.compile(rb"[\x00-\x7f]{%d,}" % (2 * SHORT_MARGIN + 1))
#: A byte below 0x40 after an ASCII byte ends a character in every encoding streamed (UTF-8, the
#: single-byte code pages, and the CJK double-byte ones, whose trail bytes are all >= 0x40).
_LOW_AFTER_ASCII = re.compile(rb"[\x00-\x7f][\x00-\x3f]")


def safe_cut(data: bytes, force: bool = False) -> int:
    """Where to cut `data` (a piece with no line break) so that the cut splits no character and
    no repair: just after an ASCII space or tab with `MARGIN` ASCII bytes on either side, else
    with `SHORT_MARGIN`; 0 when there is none.

    With `force` (the piece has grown to `MAX_GROWTH` chunks), failing that: the middle of a long
    ASCII run, else just after a CJK sentence end in the second half (valid UTF-8 there), else
    just after a byte below 0x40 that follows an ASCII byte (a character boundary in every
    encoding streamed), else before the last UTF-8 character start.
    """
    runs = [(m.start(), m.end()) for m in _ASCII_RUN.finditer(data)]
    cut = _space_inside(data, runs, MARGIN)
    if not cut:
        short = [(m.start(), m.end()) for m in _SHORT_ASCII_RUN.finditer(data)]
        cut = _space_inside(data, short, SHORT_MARGIN)
    if cut or not force:
        return cut
    if runs:
        a, b = runs[-1]
        return (a + b) // 2
    at = max(data.rfind(mark, len(data) // 2) for mark in _CJK_SENTENCE_ENDS)
    if at >= 0:
        return at + 3  # each mark is three bytes
    lows = list(_LOW_AFTER_ASCII.finditer(data, len(data) // 2))
    if lows:
        return lows[-1].end()
    cut = len(data) - 1
    while cut > 0 and 0x80 <= data[cut] < 0xC0:
        cut -= 1
    return cut if cut > 0 else len(data)


def _space_inside(data: bytes, runs: list[tuple[int, int]], margin: int) -> int:
    """Just after the last space or tab of `data` that has `margin` bytes of its ASCII run (one
    of `runs`) on each side; 0 when there is none."""
    for a, b in reversed(runs):
        cut = max(data.rfind(b" ", a + margin, b - margin), data.rfind(b"\t", a + margin, b - margin))
        if cut > 0:
            return cut + 1
    return 0


def iter_chunks(f: Reader, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The bytes of `f` in pieces of about `size`, each ending just after a ``\\n`` (but the last).

    A line longer than `size` is cut where a cut splits neither a character nor a repair
    (`safe_cut`), and at the latest when it reaches `MAX_GROWTH` times `size`: memory stays
    bounded whatever the shape of the file, one huge line included.
    """
    rest = b""
    while True:
        block = f.read(size)
        if not block:
            if rest:
                yield rest
            return
        data = rest + block if rest else block
        cut = data.rfind(b"\n") + 1
        if cut == 0 and len(data) >= size:
            cut = safe_cut(data, force=len(data) >= MAX_GROWTH * size)
        if cut == 0:
            rest = data
        elif cut == len(data):
            rest = b""
            yield data
        else:
            rest = data[cut:]
            yield data[:cut]


def _moved(item: Change | Finding, chars: int, lines: int, col: int = 0) -> Change | Finding:
    """`item` moved from its chunk to the whole file; `col` characters of the chunk's first line
    came before the chunk (a line cut in two)."""
    return replace(
        item,
        start=item.start + chars,
        end=item.end + chars,
        line=item.line + lines,
        col=item.col + col if item.line == 1 else item.col,
    )


def _moved_segments(segments: tuple[Segment, ...], lines: int, byte_off: int) -> list[Segment]:
    return [
        replace(
            s,
            start_line=s.start_line + lines,
            end_line=s.end_line + lines,
            start_byte=s.start_byte + byte_off,
            end_byte=s.end_byte + byte_off,
        )
        for s in segments
    ]


def _merge_segments(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of one encoding; ASCII joins whatever it touches."""
    out: list[Segment] = []
    for s in segments:
        if out and (out[-1].encoding == s.encoding or s.encoding == "ascii" or out[-1].encoding == "ascii"):
            prev = out[-1]
            enc = prev.encoding if s.encoding == "ascii" else s.encoding
            out[-1] = Segment(enc, prev.start_line, s.end_line, prev.start_byte, s.end_byte)
        else:
            out.append(s)
    return out


def _chunk_diff(before: str, after: str, old_line: int, new_line: int, cut: bool = False) -> str:
    """The hunks of a unified diff of one chunk, with line numbers moved to the whole file.

    `cut`: the chunk ends inside a line that the next chunk goes on with (a line longer than a
    chunk); its last, partial line is shown as a line of its own rather than as the end of the file.
    """
    if cut:
        before, after = before + "\n", after + "\n"
    out: list[str] = []
    for line in difflib.unified_diff(split_lines(before), split_lines(after), lineterm="\n", n=3):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            old, new = line.split(" ")[1:3]
            out.append(f"@@ {_shift(old, old_line)} {_shift(new, new_line)} @@\n")
            continue
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _shift(spec: str, by: int) -> str:
    """``-12,3`` moved by `by` lines (an empty range, ``-12,0``, moves as well)."""
    sign, rest = spec[0], spec[1:]
    start, _, count = rest.partition(",")
    moved = int(start) + by
    return f"{sign}{moved}" + (f",{count}" if count else "")


def _decoded(chunk: bytes, codec: str | None) -> str | None:
    """`chunk` as text: with `codec` when it decodes strictly, else as `decode_bytes` reads it
    alone; None when it cannot be read at all (the repair will say why)."""
    if codec is not None:
        try:
            return chunk.decode(codec)
        except UnicodeDecodeError:
            pass
    try:
        return decode_bytes(chunk).text
    except TextmendError:
        return None


@dataclass(frozen=True)
class ScriptSurvey:
    """The Chinese-script counts of a whole file, taken in a pass before the repair.

    Whether a document is clearly mixed, which script dominates it, whether it is Japanese and
    which regional Traditional forms it uses are facts of the whole file, which no chunk can
    see: a chunk that straddles a long Traditional part and a long Simplified one looks mixed
    on its own, and a chunk of a mixed file may hold too little of the minority script to look
    mixed. The script fixer takes them from `document` (``ctx.document["script"]``, see
    `textmend.fixers.script.document_facts`), so every chunk decides as the whole file does.
    """

    hans: int  # characters only Simplified uses
    hant: int  # characters only Traditional uses
    kana: int
    han: int  # Han characters in all
    regional: tuple[tuple[str, int], ...]  # the regional forms (`zh.detect.regional_chars`) and their counts

    def document(self) -> dict[str, object]:
        """The facts for `textmend.context.Context.document` (plain values: workers get a copy)."""
        return {
            "script": {
                "hans": self.hans,
                "hant": self.hant,
                "kana": self.kana,
                "han": self.han,
                "regional": dict(self.regional),
            }
        }

    @classmethod
    def of(cls, chunks: Iterable[bytes], codec: str | None) -> ScriptSurvey:
        """Survey `chunks` (the file's, cut as the repair will cut them), decoded with `codec`."""
        s_all = t_all = kana_all = han_all = 0
        regional: Counter[str] = Counter()
        forms = _regional_forms()
        for chunk in chunks:
            text = _decoded(chunk, codec)
            if text is None or text.isascii() or not HAN.search(text):
                if text is not None and not text.isascii():
                    kana_all += len(KANA.findall(text))
                continue
            info = analyse(text, spans=False)
            s_all, t_all, kana_all, han_all = (
                s_all + info.hans,
                t_all + info.hant,
                kana_all + info.kana,
                han_all + info.han,
            )
            if info.hant:
                regional.update(forms.findall(text))
        return cls(s_all, t_all, kana_all, han_all, tuple(sorted(regional.items())))


@lru_cache(maxsize=1)
def _regional_forms() -> re.Pattern[str]:
    """A class of the regional Traditional forms (`textmend.zh.detect.regional_chars`): found
    in C, a few times faster than a set intersection with the text."""
    return class_pattern(regional_chars())


def repair_piece(
    chunk: bytes,
    codec: str | None,
    options: Options,
    offset: int = 0,
    document: dict[str, object] | None = None,
) -> Repair:
    """Repair one chunk after the first: decoded with `codec`, the file's encoding, when it
    decodes strictly (and, for a legacy encoding, is not valid UTF-8 with non-ASCII bytes,
    which would mean the sample misled us), else decoded and repaired as a small file is
    (`pipeline.repair_bytes`, whose detection the caller checks against the file's).

    A pure function of its arguments, so that worker processes can run it. `offset`: where the
    chunk starts in the file, for the message when a forced encoding does not decode it;
    `document`: the facts of the whole file (`ScriptSurvey.document`).
    """
    if codec is not None:
        try:
            text = chunk.decode(codec)
        except UnicodeDecodeError as exc:
            if options.encoding is not None:
                raise DecodeError(
                    f"cannot decode as {codec}: byte 0x{chunk[exc.start]:02X} at offset {offset + exc.start} "
                    f"({exc.reason})"
                ) from None
        else:
            if codec in ("utf-8", "ascii") or chunk.isascii() or not valid_utf8(chunk):
                fixed, changes, findings = pipeline.run_fixers(text, Context(options, document=document))
                return Repair(fixed, text, changes, findings, encoding=codec, detection=None)
    return pipeline.repair_bytes(chunk, options, document=document)


def _repair_task(
    task: tuple[bytes, str | None, Options, int, dict[str, object] | None],
) -> tuple[Repair, str | None]:
    """`repair_piece` in a worker process, and the encoding it was given."""
    return repair_piece(*task), task[1]


class _Stream:
    """One streaming repair in progress: the accounting that runs across chunks."""

    def __init__(
        self,
        options: Options,
        keep: int,
        on_item: Callable[[Change | Finding], None] | None,
        survey: ScriptSurvey | None = None,
    ) -> None:
        self.options = options
        #: the facts of the whole file every chunk's fixers are given (see `ScriptSurvey`)
        self.document = survey.document() if survey is not None else None
        self.keep = keep
        self.on_item = on_item
        self.result = StreamResult()
        self.segments: list[Segment] = []
        self.codec: str | None = None  # the encoding chunks are tried with first
        self.first: Detection | None = None  # the detection of the first chunk
        self.chars = 0  # characters of original text before the current chunk
        self.lines = 0  # line breaks before the current chunk (original text)
        self.col = 0  # characters of the current line before the current chunk (a cut line)
        self.new_lines = 0  # line breaks before the current chunk (repaired text)
        self.bytes = 0

    def add(self, item: Change | Finding) -> None:
        r = self.result
        if isinstance(item, Change):
            r.counts[item.code] = r.counts.get(item.code, 0) + 1
            r.n_changes += 1
            if len(r.changes) < self.keep:
                r.changes.append(item)
        else:
            r.finding_counts[item.code] = r.finding_counts.get(item.code, 0) + 1
            r.n_findings += 1
            if len(r.findings) < self.keep:
                r.findings.append(item)
        if self.on_item is not None:
            self.on_item(item)

    def repair_first(self, chunk: bytes, options: Options) -> Repair:
        """Repair the first chunk as a small file is repaired: its detection is the file's sample."""
        repair = pipeline.repair_bytes(chunk, options, document=self.document)
        first = self.first = repair.detection
        if first is not None and not first.mixed and repair.safe:
            if not line_safe(first.encoding):
                raise StreamUnsupported(first.encoding)
            self.codec = first.encoding
        return repair

    def repair_chunk(self, chunk: bytes, options: Options) -> Repair:
        """Repair one chunk: decode with the file's encoding if it verifies, else detect anew."""
        return self.checked(repair_piece(chunk, self.codec, options, self.bytes, self.document))

    def checked(self, repair: Repair) -> Repair:
        """`repair` of a later chunk, once its detection (if it needed one) agrees with the file's."""
        d = repair.detection
        if d is None or not repair.safe:
            return repair  # decoded with the file's encoding; or unsafe: the caller stops writing
        found = {s.encoding for s in d.segments} or {d.encoding}
        if any(not line_safe(e) for e in found):
            raise StreamUnsupported(", ".join(sorted(found)))
        if self.codec is None or self.codec == "ascii":
            if not d.mixed:
                self.codec = d.encoding  # the first real evidence about the file's encoding
            return repair
        if found - {"utf-8", "ascii", self.codec}:
            # A chunk of a file sampled as one legacy encoding reads as another: chunk-sized
            # evidence is not enough to trust either, so the file is repaired whole.
            raise StreamUnsupported(
                f"a chunk reads as {', '.join(sorted(found))}, the sample as {self.codec}"
            )
        return repair

    def feed(self, chunk: bytes, repaired: Repair | None = None) -> tuple[Repair, bytes | None]:
        """Repair `chunk` (or take `repaired`, its repair made elsewhere with the current
        encoding), account for it, and return the repair and its output bytes (None: same)."""
        options = self.options
        first = self.result.chunks == 0
        if repaired is not None:
            repair = self.checked(repaired)
        elif first:
            repair = self.repair_first(chunk, options)
        else:
            repair = self.repair_chunk(chunk, options)
        items: list[Change | Finding] = sorted(
            [*repair.changes, *repair.findings], key=lambda i: (i.line, i.col)
        )
        for item in items:
            self.add(item if first else _moved(item, self.chars, self.lines, self.col))
        d = repair.detection
        n_lines = repair.original.count("\n")
        if d is not None and d.segments:
            self.segments.extend(_moved_segments(d.segments, self.lines, self.bytes))
        else:
            enc = repair.encoding or "utf-8"
            self.segments.append(
                Segment(
                    enc,
                    self.lines + 1,
                    self.lines + max(1, n_lines + (0 if repair.original.endswith("\n") else 1)),
                    self.bytes,
                    self.bytes + len(chunk),
                )
            )
        same = repair.text is repair.original or repair.text == repair.original
        out: bytes | None
        if same and repair.encoding in ("utf-8", "ascii"):
            out = None
        else:
            out = repair.text.encode("utf-8")
            if out == chunk:
                out = None
        return repair, out

    def advance(self, chunk: bytes, repair: Repair) -> None:
        original = repair.original
        self.chars += len(original)
        breaks = original.count("\n")
        self.lines += breaks
        self.col = len(original) - original.rfind("\n") - 1 if breaks else self.col + len(original)
        self.new_lines += repair.text.count("\n")
        self.bytes += len(chunk)
        self.result.chunks += 1

    def finish(self) -> StreamResult:
        first = self.first
        r = self.result
        r.bytes_in = self.bytes
        segments = _merge_segments(self.segments)
        encodings = {s.encoding for s in segments}
        if not encodings:
            encoding = first.encoding if first else "ascii"
        elif len(encodings) == 1:
            encoding = encodings.pop()
        else:
            encoding = "mixed"
        r.encoding = encoding
        r.detection = Detection(
            encoding,
            first.confidence if first is not None else 1.0,
            tuple(segments),
            script=first.script if first else None,
            bom=first.bom if first else None,
        )
        r.totals = Totals(r.n_changes, r.n_findings, {**r.finding_counts, **r.counts}, r.chunks)
        return r


def _survey(src: BinaryIO, options: Options, chunk_bytes: int) -> ScriptSurvey | None:
    """The `ScriptSurvey` of `src` when script repair or conversion is on (None otherwise, or
    when `src` cannot be read twice); `src` is left at its start."""
    if options.script == "keep" or not (options.enabled("TM501") or options.enabled("TM502")):
        return None
    try:
        start = src.tell()
        src.seek(start)
    except (AttributeError, OSError, ValueError):
        return None
    codec = options.encoding
    if codec is None:
        head = src.read(chunk_bytes)
        src.seek(start)
        try:
            detection = decode_bytes(head).detection
        except TextmendError:
            detection = None
        codec = detection.encoding if detection is not None and not detection.mixed else None
    survey = ScriptSurvey.of(iter_chunks(src, chunk_bytes), codec)
    src.seek(start)
    return survey


def repair_stream(
    src: BinaryIO,
    options: Options,
    *,
    dst: Callable[[], BinaryIO] | None = None,
    copy_prefix: Callable[[BinaryIO, int], None] | None = None,
    diff_to: TextIO | None = None,
    diff_header: Callable[[str], str] | None = None,
    on_item: Callable[[Change | Finding], None] | None = None,
    keep: int = KEEP_ITEMS,
    chunk_bytes: int | None = None,
    jobs: int = 1,
) -> StreamResult:
    """Repair the bytes of `src` chunk by chunk; see the module docstring.

    `dst` opens the output when the first changed chunk comes; `copy_prefix(out, n)` must then
    write the first `n` bytes of the input to it (they came out unchanged). Without
    `copy_prefix`, the output is opened at once and every chunk is written. Without `dst`
    nothing is written. `diff_to` receives a unified diff (hunks with whole-file line numbers,
    after ``diff_header(encoding)``). Raises `StreamUnsupported` for an input that cannot be
    cut at line breaks, `BinaryInputError` for binary data, and the errors of the pipeline.
    When `src` is seekable, the facts a decision needs from the whole file are gathered in a
    first pass (`ScriptSurvey`). With `jobs` > 1, chunks are repaired in that many worker
    processes (`_repaired`), with the same result.
    """
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    if options.encoding is not None and not line_safe(options.encoding):
        raise StreamUnsupported(options.encoding)
    survey = _survey(src, options, chunk_bytes)
    head = src.read(chunk_bytes)
    bom = sniff_bom(head)
    if options.encoding is None:
        if bom is not None and bom[0] != "utf-8":
            raise StreamUnsupported(bom[0])
        if b"\x00" in head[:8192]:
            what = is_binary(head)
            if what is not None:
                raise BinaryInputError(f"binary file ({what})")
            raise StreamUnsupported("utf-16/32")
    state = _Stream(options, keep, on_item, survey)
    out: BinaryIO | None = None
    header_done = False
    chunks = _with_cuts(iter_chunks(_Prepend(head, src), chunk_bytes))
    for chunk, cut, repair, data in _repaired(state, chunks, jobs):
        if diff_to is not None and (
            repair.text != repair.original or repair.encoding not in ("utf-8", "ascii")
        ):
            if not header_done:
                diff_to.write(diff_header(repair.encoding or "utf-8") if diff_header else "")
                header_done = True
            diff_to.write(_chunk_diff(repair.original, repair.text, state.lines, state.new_lines, cut))
        if data is not None:
            state.result.output_changed = True
        if dst is not None and state.result.safe:
            if out is None and (data is not None or copy_prefix is None):
                out = dst()
                if state.bytes:
                    assert copy_prefix is not None
                    copy_prefix(out, state.bytes)
            if out is not None:
                out.write(data if data is not None else chunk)
        state.advance(chunk, repair)
    result = state.finish()
    result.written = out is not None and result.safe
    return result


def _repaired(
    state: _Stream, chunks: Iterator[tuple[bytes, bool]], jobs: int
) -> Iterator[tuple[bytes, bool, Repair, bytes | None]]:
    """Each chunk with whether it is cut inside a line, its repair and its output bytes (None:
    the chunk's own), accounted for in `state`, in order.

    With `jobs` > 1, the first chunk is repaired here (it sets the file's encoding) and the
    others by `repair_piece` in worker processes, a few chunks ahead (`pool.ordered_map`). A
    worker is given the encoding known when its chunk was sent; should a chunk in between
    have changed it (a file whose first chunks are ASCII), the chunk is repaired again here,
    so the result is the sequential one whatever the timing.
    """
    if jobs <= 1:
        for chunk, cut in chunks:
            yield (chunk, cut, *state.feed(chunk))
        return
    first = next(chunks, None)
    if first is None:
        return
    yield (first[0], first[1], *state.feed(first[0]))
    sent: deque[tuple[bytes, bool]] = deque()

    def tasks() -> Iterator[tuple[bytes, str | None, Options, int, dict[str, object] | None]]:
        offset = len(first[0])
        for chunk, cut in chunks:
            sent.append((chunk, cut))
            yield chunk, state.codec, state.options, offset, state.document
            offset += len(chunk)

    for repaired, codec in ordered_map(_repair_task, tasks(), jobs):
        chunk, cut = sent.popleft()
        if codec != state.codec:
            yield (chunk, cut, *state.feed(chunk))
        else:
            yield (chunk, cut, *state.feed(chunk, repaired))


def _with_cuts(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Each chunk with whether it ends inside a line (not after a line break, and not the last)."""
    prev: bytes | None = None
    for chunk in chunks:
        if prev is not None:
            yield prev, not prev.endswith(b"\n")
        prev = chunk
    if prev is not None:
        yield prev, False


class _Prepend:
    """A reader that gives `head` first and then the rest of `f` (the sample is read once)."""

    def __init__(self, head: bytes, f: BinaryIO) -> None:
        self._head = head
        self._f = f

    def read(self, n: int = -1) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            if n < 0:
                return head + self._f.read()
            return head
        return self._f.read(n)


def repair_file(
    path: Path,
    options: Options,
    *,
    write: bool = False,
    output: Path | None = None,
    diff_to: TextIO | None = None,
    display: str | None = None,
    on_item: Callable[[Change | Finding], None] | None = None,
    keep: int = KEEP_ITEMS,
    chunk_bytes: int | None = None,
    backup: bool = False,
    jobs: int = 1,
) -> StreamResult:
    """Stream-repair the file at `path`: check only, or `write` it in place, or to `output`.

    In place, the file is replaced atomically and only when some chunk changed and every chunk
    was safe; if the file changes on disk meanwhile, `write.ChangedMeanwhile` is raised and
    it is left alone. With `output`, the output is always written (a copy when nothing changed),
    unless some chunk was unsafe. Raises `StreamUnsupported` when the file must be repaired whole.
    With `backup`, an in-place write keeps the original as `write.backup_path` (as for whole files).
    `jobs`: worker processes that repair chunks (see `repair_stream`).
    """
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    with open(path, "rb") as src:
        st = os.fstat(src.fileno())
        snapshot = Snapshot.of(st)
        writer: AtomicWriter | None = None
        if output is not None:
            out_snapshot = _snapshot(output)
            writer = AtomicWriter(output, out_snapshot)
        elif write:
            writer = AtomicWriter(path, snapshot, backup=backup)

        def open_dst() -> BinaryIO:
            assert writer is not None
            return writer.__enter__()

        def copy_prefix(out: BinaryIO, n: int) -> None:
            with open(path, "rb") as again:
                remaining = n
                while remaining:
                    block = again.read(min(remaining, chunk_bytes))
                    if not block:
                        raise OSError(f"{path} became shorter while it was being repaired")
                    out.write(block)
                    remaining -= len(block)

        label = display or str(path)

        def header(encoding: str) -> str:
            a, b = diff_labels(label, encoding)
            return f"--- {a}\n+++ {b}\n"

        try:
            result = repair_stream(
                src,
                options,
                dst=open_dst if writer is not None else None,
                copy_prefix=copy_prefix,
                diff_to=diff_to,
                diff_header=header,
                on_item=on_item,
                keep=keep,
                chunk_bytes=chunk_bytes,
                jobs=jobs,
            )
            if writer is not None and output is not None and result.safe and not result.written:
                out = writer.__enter__()  # nothing changed, but -o asks for a copy
                src.seek(0)
                while block := src.read(chunk_bytes):
                    out.write(block)
                result.written = True
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
    if writer is not None:
        if result.written and result.safe:
            writer.__exit__(None, None, None)
        else:
            writer.abort()
            result.written = False
    return result


def _snapshot(path: Path) -> Snapshot | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return Snapshot.of(st)
