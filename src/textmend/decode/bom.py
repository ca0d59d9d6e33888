"""Byte-order marks and BOM-less UTF-16/32: the Unicode encodings a file can announce or betray.

A BOM names its encoding exactly, so it is trusted before anything else. UTF-16 and UTF-32
without a BOM are recognised by their zero bytes: ASCII-heavy text in UTF-16-LE has a zero
in almost every odd position, which no 8-bit text has.
"""

from __future__ import annotations

import re

#: (BOM bytes, the codec that decodes what follows, its display name); longest first, since the
#: UTF-32-LE mark begins with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """``(codec, bom_length)`` when `data` starts with a byte-order mark, else ``None``."""
    for mark, codec, _name in BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    return None


def bom_length(codec: str) -> int:
    """The length of the byte-order mark of `codec` (a name `sniff_bom` returns), else 0."""
    return next((len(mark) for mark, c, _name in BOMS if c == codec), 0)


def sniff_utf16_32(data: bytes) -> str | None:
    """The codec of BOM-less UTF-16/32 text, judged from where its zero bytes fall, or ``None``.

    Looks at the first 4 KiB only. Requires most code units to have the zero pattern that
    Latin, Cyrillic and CJK text all show in the high bytes, and the whole input to decode.
    """
    head = data[:4096]
    n = len(head)
    if n < 4 or b"\x00" not in head:
        return None
    for codec, width, zero_at in (
        ("utf-32-le", 4, (2, 3)),
        ("utf-32-be", 4, (0, 1)),
        ("utf-16-le", 2, (1,)),
        ("utf-16-be", 2, (0,)),
    ):
        if len(data) % width:
            continue
        units = n // width
        zeros = sum(1 for i in range(units) if all(head[i * width + z] == 0 for z in zero_at))
        if units and zeros / units >= 0.6:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return plausible_utf16(data)


#: Characters of a BOM-less UTF-16 reading scored, and the worst `plausible.badness` believed.
UTF16_SAMPLE_CHARS = 2000
UTF16_MAX_BADNESS = 0.2
#: Controls that betray a wrong reading: C0 but tab, line feed, form feed and carriage return; C1.
_BAD_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def plausible_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM whose characters are mostly not Latin (Chinese, Japanese, Korean
    text has few zero bytes): the reading that decodes strictly, holds no control character,
    and reads as clean text (`plausible.badness`), when exactly one of LE and BE does."""
    from .plausible import badness

    if len(data) % 2 or len(data) < 8:
        return None
    good = []
    # the sample is judged on the head before the whole is decoded: a megabyte of cp1252 fails
    # the sample at once, and decoding it twice as UTF-16 cost more than the rest of its detection
    head = data[: 4 * UTF16_SAMPLE_CHARS + 4]  # holds the first UTF16_SAMPLE_CHARS characters
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            start = head.decode(codec)
        except UnicodeDecodeError as exc:
            if len(head) == len(data) or exc.start < len(head) - 2:
                continue  # the whole does not decode either
            start = head[: exc.start].decode(codec)  # cut inside a surrogate pair
        sample = start[:UTF16_SAMPLE_CHARS]
        if _BAD_CONTROL.search(sample):
            continue
        if sample.isascii() or badness(sample) > UTF16_MAX_BADNESS:
            continue
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        good.append(codec)
    return good[0] if len(good) == 1 else None
