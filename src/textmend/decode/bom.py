"""Byte-order marks and BOM-less UTF-16/32: the Unicode encodings a file can announce or betray.

A BOM names its encoding exactly, so it is trusted before anything else. UTF-16 and UTF-32
without a BOM are recognised by their zero bytes: ASCII-heavy text in UTF-16-LE has a zero
in almost every odd position, which no 8-bit text has.
"""

from __future__ import annotations

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
#: C0 controls that text has (tab, line feed, form feed, carriage return); others betray a wrong reading.
_TEXT_CONTROLS = frozenset("\t\n\x0c\r")


def plausible_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM whose characters are mostly not Latin (Chinese, Japanese, Korean
    text has few zero bytes): the reading that decodes strictly, holds no control character,
    and reads as clean text (`plausible.badness`), when exactly one of LE and BE does."""
    from .plausible import badness

    if len(data) % 2 or len(data) < 8:
        return None
    good = []
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:UTF16_SAMPLE_CHARS]
        if any(c < " " and c not in _TEXT_CONTROLS or "\x7f" <= c < "\xa0" for c in sample):
            continue
        if sample.isascii() or badness(sample) > UTF16_MAX_BADNESS:
            continue
        good.append(codec)
    return good[0] if len(good) == 1 else None
