"""bytes -> str: the first stage of the pipeline, whole (`read`: decode, then verify).

In order: an encoding the user forced; a byte-order mark; binary data (refused); BOM-less
UTF-16/32; the UTF-8 fast path (most files); an encoding hint from the configuration (for a
file that is none of these); then everything else line by line
(`segments.decode_segmented`): one legacy encoding for the whole file, several encodings in
one file (a mixed file, one segment per run of lines), or stray bytes that fit nothing (a
finding that keeps the file from being written). 7-bit encodings (ISO-2022, HZ) go to chardet.
The result carries the text, the `Detection` and the decode-level changes and findings (a
legacy file becoming UTF-8 is a change the user should see).
"""

from __future__ import annotations

import dataclasses
import re

from ..errors import BinaryInputError, DecodeError
from ..result import Change, Detection, Finding, Segment
from ..rules import BLOCKING
from .bom import plausible_utf16, sniff_bom, sniff_utf16_32
from .decoded import Decoded
from .legacy import DOUBLE_BYTE, candidates, detect_legacy, utf8_letters, with_letters
from .segments import decode_segmented
from .shape import breaks, visible
from .verify import decode_truncated, truncated_tail, verify_decode

__all__ = ["Decoded", "decode_bytes", "is_binary", "may_be_utf8", "plain_ascii", "read", "utf8_detection"]

#: Magic numbers of common binary formats that contain no NUL in their first bytes.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3\x03", "MP3 audio"),
    (b"ID3\x04", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"PAR1", "Parquet file"),
)


def is_binary(data: bytes) -> str | None:
    """A short description when `data` is binary (a known magic number or NUL bytes), else ``None``.

    Unicode text with NUL bytes (UTF-16/32, with or without BOM) is not binary.
    """
    for magic, what in MAGIC:
        if data.startswith(magic):
            if what == "Windows executable" and b"\x00" not in data[:1024]:
                continue  # "MZ" also begins plain text
            return what
    if data.find(b"\x00", 0, 8192) != -1:  # (in place: a slice would copy the head)
        if sniff_bom(data) or sniff_utf16_32(data) or few_nuls(data):
            return None
        return "NUL bytes"
    return None


#: Control bytes that text does not hold (NUL and the C0 controls but tab, LF, FF, CR, ESC).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0c\r\x1b") + b"\x7f"


def few_nuls(data: bytes) -> bool:
    """Whether `data` is text with a few NUL bytes (a field padded by a C program, a log with a
    stray terminator): at most 4 + 1 in 100 of the first 8 KiB are control bytes, NULs
    included. Binary formats are full of zeros and controls; random bytes are one in ten."""
    head = data[:8192]
    allowed = 4 + len(head) // 100
    return head.count(0) <= allowed and len(head) - len(head.translate(None, _CONTROL_BYTES)) <= allowed


#: A file whose first this many bytes (to a line break) are not UTF-8 is not: `as_utf8`.
UTF8_HEAD = 1 << 16


def as_utf8(data: bytes) -> str | None:
    """`data` decoded as UTF-8, or ``None`` when it is not valid UTF-8.

    A file whose head (`UTF8_HEAD`, cut after a line break, where no character is cut) fails
    is refused on its head: a failing decode costs in proportion to the whole input (0.6 ms
    for a megabyte of a code page), and a legacy file is asked twice (`read`, `decode_bytes`)."""
    if not _head_decodes(data, UTF8_HEAD):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


#: The head `may_be_utf8` decodes (to a line break): the first bytes that are not UTF-8 in a
#: legacy file come early (an accent of its first lines), and decoding `UTF8_HEAD` instead
#: cost 2% of a clean megabyte's check.
FIRST_HEAD = 1 << 13


def may_be_utf8(data: bytes, encoding: str | None) -> bool:
    """Whether `read` reads `data` as the strict UTF-8 decoding of all of it, if that decode
    succeeds, and without a finding or change: a caller that validates all of `data` in a pass
    it makes anyway (the pipeline's screen, `textmend.text.fastre.Screen.utf8`) may then
    take that reading (`utf8_detection`) without decoding.

    So: no forced encoding, not ASCII (its own cheap path), no byte-order mark, no NUL byte
    in the first 8 KiB (binary data, or UTF-16/32 without a mark, which `decode_bytes` tries
    first), no binary magic number; and the head decodes (`FIRST_HEAD`), so that a legacy
    file is refused on its head, as `as_utf8` refuses it, before a pass over all of it."""
    if encoding is not None or data.isascii() or sniff_bom(data) is not None:
        return False
    if data.find(b"\x00", 0, 8192) != -1 or is_binary(data) is not None:
        return False
    return _head_decodes(data, FIRST_HEAD)


def _head_decodes(data: bytes, size: int) -> bool:
    """Whether the first `size` bytes of `data`, cut after their last line break (where no
    character is cut), decode as UTF-8; true of a shorter `data` and of a head with no break."""
    cut = data.rfind(b"\n", 0, size) if len(data) > size else -1
    if cut > 0:
        try:
            str(memoryview(data)[: cut + 1], "utf-8")  # (the head decoded where it is, not copied)
        except UnicodeDecodeError:
            return False
    return True


def utf8_detection(data: bytes, encoding: str = "utf-8") -> Detection:
    """The `Detection` `read` gives for `data` when `may_be_utf8` holds and all of it decodes
    (`encoding` "utf-8"), or when `plain_ascii` holds (`encoding` "ascii")."""
    return Detection(encoding, 1.0, (Segment.whole(encoding, data, len(data)),))


def plain_ascii(data: bytes) -> bool:
    """Whether `read` reads the ASCII `data` as plain ASCII without a finding or change: no
    escape byte (ISO-2022 is told by its escapes), no NUL byte in the first 8 KiB (binary
    data, UTF-16/32), no binary magic number. (The caller knows `data` is ASCII.)"""
    return b"\x1b" not in data and data.find(b"\x00", 0, 8192) == -1 and is_binary(data) is None


def _whole(text: str, data: bytes, encoding: str, confidence: float, bom: str | None = None) -> Detection:
    seg = Segment.whole(encoding, text, len(data))  # its lines counted when asked for
    return Detection(encoding, confidence, (seg,), bom=bom)


#: A run of bytes that ``errors="surrogateescape"`` could not decode.
_ESCAPED = re.compile("[\udc80-\udcff]+")

#: Undecodable runs listed one by one; the rest are counted in one last finding (random bytes
#: have a quarter of a million runs per MB, and such a file is left alone anyway).
MAX_LOSSY_FINDINGS = 1000


def _decode_lossy(data: bytes, codec: str) -> tuple[str, list[Finding]]:
    """Decode with `codec`, turning each run of undecodable bytes into U+FFFD and a finding.

    Linear in the input: runs are found with a regex and positions are counted as text is
    produced (summing the output for each finding was quadratic on random bytes).
    """
    raw = data.decode(codec, errors="surrogateescape")
    runs = list(_ESCAPED.finditer(raw))
    if not runs:
        return raw, []
    findings: list[Finding] = []
    out: list[str] = []
    i = 0
    pos = 0  # length of the text in `out` so far
    for n, m in enumerate(runs):
        out.append(raw[i : m.start()])
        pos += m.start() - i
        out.append("\ufffd")
        if n < MAX_LOSSY_FINDINGS:
            bad = bytes(ord(c) - 0xDC00 for c in m.group())
            findings.append(
                Finding(
                    "TM103",
                    f"byte{'s' if len(bad) > 1 else ''} {bad.hex(' ').upper()} cannot be decoded as {codec}",
                    before=bad.decode("latin-1"),
                    start=pos,
                    end=pos + 1,
                )
            )
        elif n == MAX_LOSSY_FINDINGS:
            findings.append(
                Finding(
                    "TM103",
                    f"{len(runs) - n} more runs of bytes that cannot be decoded as {codec}, "
                    "not listed one by one",
                    before="",
                    start=pos,
                    end=pos + 1,
                )
            )
        pos += 1
        i = m.end()
    out.append(raw[i:])
    return "".join(out), findings


def _lone_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate in `text`, or None (cheap for ASCII and BMP text)."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


#: A whole-file legacy reading less sure than this is not written (TM104): on the corpus of
#: benchmarks/detect.py, readings at 0.5 and above are right; below, two letters or random
#: bytes give several clean readings, or none.
UNSURE = 0.5

#: A file with at most this many non-ASCII characters is short: its reading must read as words
#: (`_wordless`) to be believed, since among forty code pages one reads a few random bytes as
#: clean letters, and plausibility alone cannot tell.
SHORT_CHARS = 256
#: The letter model's mean cost per character (nats) above which a short text reads as no
#: language's words. On the snippets of benchmarks/detect.py (real first lines of up to 60
#: characters) alphabetic text costs at most 3.7, random bytes read as letters at least 4.6;
#: text in scripts the model knows less well (Han, kana, Hangul, Thai) up to 7.9, random bytes
#: read as Han mostly 10 to 15. The bar is between the two, by the share of such characters.
WORDLESS_COST = 4.2
WORDLESS_COST_CJK = 8.5
#: The bar for text with two ASCII letters in a row: short real Latin words with accents cost
#: up to 7.8 (``Zoë``, ``Größe``, ``łódź``); random letters glued to them, 9 and more.
WORDLESS_COST_LATIN = 8.5
#: A text of at most this many visible characters is judged by the shape of its words
#: (`shape.breaks`): random bytes read in the best of forty code pages as 8 or 16 characters
#: that the letter model finds as cheap as real words.
SHAPE_CHARS = 32
#: The confidence a wordless reading is reported with (it is a guess, and left alone).
WORDLESS_CONFIDENCE = 0.2
_ASCII_PAIR = re.compile("[A-Za-z]{2}")
_CONTROL_CHAR = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_CJK_SCRIPTS = re.compile("[\u0e00-\u0eff\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uff66-\uff9f]")


def _wordless(text: str) -> bool:
    """Whether `text`, decoded from a short file, reads as no language's words: its characters
    follow each other as the letter model (`text.charmodel`) finds only random ones do.

    A control character (other than tab, line breaks, form feed and escape) is no letter of
    any word: random bytes hold one in ten. A text of at most `SHAPE_CHARS` visible characters
    is too short for the letter model; it must have the shape of words (`shape.breaks`: no sign
    between two letters, one alphabet a word, ...). Text with two ASCII letters in a row has a
    higher bar (`WORDLESS_COST_LATIN`): the model finds short Latin words with accents costly
    (``Größe``, ``Zoë``).
    """
    head = text[: 2 * SHORT_CHARS]
    if len(head) - len(head.encode("ascii", "ignore")) > SHORT_CHARS:
        return False  # a long text (counted on its head: a megabyte of Cyrillic costs a millisecond)
    nonascii = len(text) - len(text.encode("ascii", "ignore"))
    if nonascii == 0 or nonascii > SHORT_CHARS:
        return False
    if _CONTROL_CHAR.search(text):
        return True
    if visible(text) <= SHAPE_CHARS and breaks(text):
        return True
    from ..text.charmodel import model  # loads on first use; only short legacy files get here

    sample = text.strip()[:2000]
    mean = model().cost(sample) / max(1, len(sample))
    if _ASCII_PAIR.search(text):
        return mean > WORDLESS_COST_LATIN
    seen = max(1, len(sample) - sum(map(sample.count, " \t\r\n")))
    share = min(1.0, len(_CJK_SCRIPTS.findall(sample)) / seen)
    return mean > WORDLESS_COST + share * (WORDLESS_COST_CJK - WORDLESS_COST)


def _judged(text: str, codec: str) -> str:
    """`text`, read with the single-byte `codec`, as its reading was judged (`legacy.rank`):
    the UTF-8 letters in its words (``RenÃ©e``, mojibake the engine repairs) as letters."""
    if len(text) > 4 * SHORT_CHARS or codec in DOUBLE_BYTE:
        return text
    try:
        raw = text.encode(codec)
    except (UnicodeEncodeError, LookupError):
        return text
    letters = utf8_letters(raw) if len(raw) == len(text) else []
    return with_letters(text, letters) if letters else text


def _unsure(decoded: Decoded) -> Decoded | None:
    """`decoded` with a TM104 finding instead of its decode changes (TM101, TM102, TM301) when
    its legacy reading is less sure than `UNSURE`, or the file is short and reads as no words
    (`_wordless`: random bytes), else ``None``: a guess is reported, not written."""
    det = decoded.detection
    if det.encoding in ("utf-8", "ascii") or any(f.code in BLOCKING for f in decoded.findings):
        return None
    wordless = _wordless(_judged(decoded.text, det.encoding))
    if not wordless and (det.encoding == "mixed" or det.confidence >= UNSURE):
        return None
    confidence = min(det.confidence, WORDLESS_CONFIDENCE) if wordless else det.confidence
    why = (
        "the text reads as no language's words (random bytes?)"
        if wordless
        else "too little text, or several readings as good"
    )
    finding = Finding(
        "TM104",
        f"the bytes read as {det.encoding} only with confidence {confidence:.2f} ({why}): the "
        "file is left alone; give the encoding with --encoding if you know it",
        before="",
        start=0,
        end=0,
    )
    changes = [c for c in decoded.changes if c.code not in ("TM101", "TM102", "TM301")]
    det = dataclasses.replace(det, confidence=confidence)
    return Decoded(decoded.text, det, changes, [finding, *decoded.findings])


def read(data: bytes, encoding: str | None = None, *, hint: str | None = None) -> Decoded:
    """`decode_bytes`, guarded: the whole decode stage, as the pipeline runs it.

    A file cut inside its last character is caught first (`verify.truncated_tail`), and the
    result is verified (`verify.verify_decode`: a failure is a TM902 finding, which blocks
    writing). A codec failure inside the decoder (a bug, or a codec that cannot do what was
    asked) becomes a `DecodeError`: the file is reported and left alone, never half-read.
    The byte-order mark is sniffed once, here. `encoding` is forced; `hint` is used instead of
    detection for a file that is not Unicode (see `decode_bytes`).
    """
    bom = sniff_bom(data)
    utf8: str | None = None
    if encoding is None:
        if bom is None:
            # valid UTF-8 throughout: nothing was cut (and ASCII text, decoded here too, is
            # known to be its bytes' one reading, which `verify_decode` need not encode back)
            utf8 = as_utf8(data)
        cut = truncated_tail(data, bom) if utf8 is None else None
        if cut is not None and (hint is None or cut[0] == "utf-8" or bom is not None):
            return decode_truncated(data, *cut, bom)
    try:
        decoded = decode_bytes(data, encoding, hint=hint, bom=bom, utf8=utf8)
    except (UnicodeError, LookupError) as exc:
        raise DecodeError(f"cannot decode: {exc}") from None
    problem = verify_decode(data, decoded, utf8)
    if problem is not None:
        decoded.findings.append(Finding("TM902", problem, "", start=0, end=0))
    return decoded


#: Sniffed by `read`, or not yet.
_UNSNIFFED = ("", 0)


def _utf16(data: bytes, codec: str) -> Decoded:
    text = data.decode(codec)
    change = Change("TM102", f"decoded from {codec} (no byte-order mark): written as UTF-8", "", "")
    return Decoded(text, _whole(text, data, codec, 0.9), [change])


def _forced(data: bytes, encoding: str, why: str) -> Decoded:
    """`data` decoded with `encoding`, which the user gave (`why` says how)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"cannot decode as {encoding}: byte 0x{data[exc.start]:02X} at offset {exc.start} ({exc.reason})"
        ) from None
    lone = _lone_surrogate(text)
    if lone is not None:  # UTF-7 and the escape codecs can spell one; no UTF can write it
        raise DecodeError(
            f"cannot decode as {encoding}: the bytes spell a lone surrogate "
            f"U+{ord(text[lone]):04X} (character {lone}), which is not text"
        )
    changes = []
    if encoding not in ("utf-8", "ascii"):
        changes.append(Change("TM101", f"decoded from {encoding} ({why}): written as UTF-8", "", ""))
    return Decoded(text, _whole(text, data, encoding, 1.0), changes)


def decode_bytes(
    data: bytes,
    encoding: str | None = None,
    *,
    hint: str | None = None,
    bom: tuple[str, int] | None = _UNSNIFFED,
    utf8: str | None = None,
) -> Decoded:
    """Decode `data`, choosing the encoding unless one is forced; see the module docstring.

    A `hint` (an encoding from the project's configuration) replaces detection for a file
    that is not Unicode: after the byte-order mark, UTF-16/32 and UTF-8 were ruled out, the
    bytes are decoded with it as if forced. `bom`: what `bom.sniff_bom` found, when the
    caller sniffed already; `utf8`: ``data.decode("utf-8")``, when the caller decoded it already.

    Raises `BinaryInputError` for binary data and `DecodeError` when a forced encoding (or
    the hint) does not decode the bytes.
    """
    if encoding is not None:
        return _forced(data, encoding, "forced")

    if bom == _UNSNIFFED:
        bom = sniff_bom(data)
    if bom is not None:
        codec, length = bom
        try:
            # a UTF-8 BOM stays in the text as U+FEFF: the format fixer removes it as a change
            text = data.decode(codec) if codec == "utf-8" else data[length:].decode(codec)
        except UnicodeDecodeError:
            pass  # a BOM on a file that is not in that encoding after all: detect as usual
        else:
            changes = []
            if codec != "utf-8":
                changes.append(
                    Change("TM102", f"decoded from {codec} (byte-order mark): written as UTF-8", "", "")
                )
            return Decoded(text, _whole(text, data, codec, 1.0, codec), changes)

    what = is_binary(data)
    if what is not None:
        raise BinaryInputError(f"binary file ({what})")

    codec16 = sniff_utf16_32(data) if b"\x00" in data[:4096] else None
    if codec16:
        decoded = _utf16(data, codec16)
        return _unsure(decoded) or decoded

    as_text = utf8 if utf8 is not None else as_utf8(data)
    if as_text is not None:
        if not as_text.isascii():  # (the text of a UTF-8 decode is ASCII when its bytes are: O(1))
            return Decoded(as_text, _whole(as_text, data, "utf-8", 1.0))
        # no ISO-2022 escape: plain ASCII (a lone ESC byte is found at memchr speed; the pair
        # is a substring search, 0.9 ms per MB)
        if b"\x1b" not in data or b"\x1b$" not in data:
            return Decoded(as_text, _whole(as_text, data, "ascii", 1.0))

    codec16 = plausible_utf16(data) if not data.isascii() else None
    if codec16:
        decoded = _utf16(data, codec16)  # Chinese, Japanese or Korean UTF-16 has few zero bytes
        return _unsure(decoded) or decoded

    if hint is not None:
        return _forced(data, hint, "encoding hint")

    result = decode_segmented(data)
    if result is not None:
        decoded = Decoded(result.text, result.detection, result.changes, result.findings)
        return _unsure(decoded) or decoded

    found = detect_legacy(data)  # 7-bit encodings: ISO-2022, HZ
    if found is not None:
        codec, confidence = found
        text = data.decode(codec)
        change = Change(
            "TM101", f"decoded from {codec} (detected, confidence {confidence:.2f}): written as UTF-8", "", ""
        )
        return Decoded(text, _whole(text, data, codec, confidence), [change])

    # No believable reading at all: take the reading that leaves the fewest bytes undecoded, and
    # report those bytes. Such a file is never written back (see `Repair.safe`).
    best: tuple[str, list[Finding], str] | None = None
    for codec in ["utf-8", *(c for c, _ in candidates(data)[:2] if c != "utf-8")]:
        text, findings = _decode_lossy(data, codec)
        if best is None or len(findings) < len(best[1]):  # (capped: past the cap, the first codec wins)
            best = (text, findings, codec)
    assert best is not None
    text, findings, codec = best
    return Decoded(text, _whole(text, data, codec, 0.0), [], findings)
