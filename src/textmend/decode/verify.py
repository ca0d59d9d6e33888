"""The decode, verified: a file cut inside its last character, and a decode that does not
encode back to its bytes.

Two checks that make the decoder safe to trust with writing a file:

- a file whose last character was cut off (truncated UTF-8, GBK, Big5, Shift-JIS, UTF-16...)
  is not decoded as some single-byte code page that happens to accept every byte: its
  incomplete tail is a blocking finding (TM103) and the file is left alone (`truncated_tail`);
- the decoded text, segment by segment, must decode strictly and encode back to exactly the
  input bytes (`verify_decode`); a decode that fails is a TM902 finding, which blocks writing.
"""

from __future__ import annotations

from ..result import Detection, Finding, Segment
from ..rules import BLOCKING
from .bom import bom_length, sniff_bom
from .decoded import Decoded
from .legacy import candidates

#: Encodings in which one character takes several bytes, so that a file cut in the middle of
#: its last character fails to decode at the very end (and only there).
MULTIBYTE: frozenset[str] = frozenset(
    {
        "utf-8",
        "gb18030",
        "big5",
        "big5hkscs",
        "cp950",
        "shift_jis",
        "cp932",
        "shift_jis_2004",
        "shift_jisx0213",
        "euc_jp",
        "euc_jis_2004",
        "euc_jisx0213",
        "euc_kr",
        "cp949",
        "johab",
        "euc_tw",
    }
)


#: The multi-byte encodings tried before chardet is asked whether a file was cut (a superset of
#: each family, so that a file cut in it decodes up to the cut).
COMMON_MULTIBYTE: tuple[str, ...] = ("gb18030", "big5hkscs", "cp932", "cp949", "euc_jis_2004")


def truncated_tail(data: bytes, bom: tuple[str, int] | None) -> tuple[str, int] | None:
    """``(codec, offset)`` when `data` is text in a multi-byte encoding whose last character was
    cut off at `offset`, else ``None``.

    The evidence: the best reading of the file (a byte-order mark, else UTF-8 when the rest is
    non-ASCII UTF-8, else chardet's first candidate when it is a multi-byte encoding) decodes
    every byte strictly except an incomplete sequence at the very end. Without this check the
    decoder would go on to a single-byte code page that accepts any byte, and write mojibake.
    `bom` is what `bom.sniff_bom` found at the start of `data`.
    """
    n = len(data)
    if n == 0 or data.isascii():
        return None
    if bom is not None:
        codec, length = bom
        skip = 0 if codec == "utf-8" else length  # a UTF-8 mark is decoded with the text (see decode_bytes)
        cut = _cut(data[skip:], codec, evidence=codec == "utf-8")
        return (codec, skip + cut[1]) if cut is not None else None
    if max(data[-2:]) < 0x80:
        return None  # a cut sequence leaves a high byte last (or next to last: GB18030's 4-byte form)
    cut = _cut(data, "utf-8")
    if cut is not None:
        return cut
    if not any(_cut(data, codec) for codec in COMMON_MULTIBYTE):
        return None  # cheap: a strict decode stops at the first bad byte, and chardet is not asked
    try:
        found = candidates(data)
    except Exception:  # noqa: BLE001 - chardet failing on odd bytes must not stop the decode
        return None
    if found and found[0][0] in MULTIBYTE:
        return _cut(data, found[0][0])
    return None


def _cut(data: bytes, codec: str, *, evidence: bool = True) -> tuple[str, int] | None:
    """``(codec, offset)`` when `data` decodes with `codec` up to an incomplete final sequence.

    With `evidence`, the part before must hold at least one multi-byte character, or the cut
    sequence itself must be more than a lead byte: a lone high byte at the end of ASCII text
    says nothing about the encoding. (A byte-order mark is evidence enough.)
    """
    try:
        data.decode(codec)
    except UnicodeDecodeError as exc:
        at_end = exc.end == len(data) and exc.start >= len(data) - 3
        if not at_end or not any(w in exc.reason for w in ("end of data", "incomplete", "truncated")):
            return None
        head = data[: exc.start]
        if evidence and head.isascii() and len(data) - exc.start < 2:
            return None
        try:
            head.decode(codec)
        except UnicodeDecodeError:
            return None
        return codec, exc.start
    except LookupError:
        return None
    return None


def decode_truncated(data: bytes, codec: str, offset: int, bom: tuple[str, int] | None) -> Decoded:
    """The text before the cut, then U+FFFD and a blocking finding for the incomplete tail."""
    skip = bom[1] if bom is not None and bom[0] == codec and codec != "utf-8" else 0
    text = data[skip:offset].decode(codec)
    tail = data[offset:]
    finding = Finding(
        "TM103",
        f"the file ends inside a {codec} character: byte{'s' if len(tail) > 1 else ''} "
        f"{tail.hex(' ').upper()} at offset {offset} (truncated?)",
        before=tail.decode("latin-1"),
        start=len(text),
        end=len(text) + 1,
    )
    text += "\ufffd"
    seg = Segment(codec, 1, text.count("\n") + 1, 0, len(data))
    detection = Detection(codec, 0.0, (seg,), bom=bom[0] if bom else None)
    return Decoded(text, detection, [], [finding])


#: Codecs whose strict encoding is one-to-one on the texts it accepts: a text that encodes to
#: the bytes is the bytes' strict decoding.
_BIJECTIVE = frozenset({"utf-8", "ascii"})


def _whole_utf8(data: bytes, det: Detection) -> bool:
    """Whether `det` reads all of `data` as one UTF-8 (or ASCII) segment, without a mark."""
    if det.bom is not None or len(det.segments) != 1:
        return False
    seg = det.segments[0]
    return seg.encoding in _BIJECTIVE and seg.start_byte == 0 and seg.end_byte == len(data)


def verify_decode(data: bytes, decoded: Decoded, strict: str | None = None) -> str | None:
    """Why the decoded text is not a faithful reading of `data`, or ``None`` when it is.

    Every segment (a run of bytes read with one encoding) that has no undecodable byte must
    decode strictly and encode back to exactly its bytes, and the segments' texts, joined,
    must be the decoded text. A file with undecodable bytes is not checked here: it is
    already blocked (TM103, TM302).

    `strict` is ``data.decode("utf-8")`` (strict, the whole of `data`) when the caller made it:
    a decoded text that *is* that object, read as one UTF-8 or ASCII segment of all the bytes,
    is their one strict decoding by construction, and encoding it back (which cost as much as
    the decode on clean non-ASCII text) could only say so again.
    """
    if any(f.code in BLOCKING for f in decoded.findings):
        return None
    det = decoded.detection
    if strict is not None and decoded.text is strict and _whole_utf8(data, det):
        return None
    if not det.segments:
        return None
    pieces: list[str] = []
    for seg in sorted(det.segments, key=lambda s: s.start_byte):
        start = seg.start_byte
        if start == 0 and det.bom and det.bom != "utf-8" and seg.encoding == det.bom:
            start = bom_length(det.bom)  # the mark is not part of the text
        chunk = data[start : seg.end_byte]
        codec = seg.encoding
        if codec in ("utf-16", "utf-32") and (found := sniff_bom(chunk)) is not None:
            codec, skip = found  # these codecs write a mark in the machine's byte order: compare without it
            chunk, start = chunk[skip:], start + skip
        try:
            if codec in _BIJECTIVE and len(det.segments) == 1 and start == 0:
                # text that encodes strictly to exactly these bytes is their one strict
                # decoding: one encode checks it (decoding again cost more than the decoder)
                piece = decoded.text
            else:
                piece = chunk.decode(codec)
            back = piece.encode(codec)
        except (UnicodeError, LookupError):
            return f"bytes {start}-{seg.end_byte} do not decode and encode back as {seg.encoding}"
        if back != chunk:
            at = next((i for i, (a, b) in enumerate(zip(back, chunk)) if a != b), min(len(back), len(chunk)))
            return (
                f"{seg.encoding} does not encode the decoded text back to the input bytes "
                f"(first difference at byte {start + at})"
            )
        pieces.append(piece)
    if "".join(pieces) != decoded.text:
        return "the decoded text does not match its segments"
    return None
