"""The character sets of the mojibake engine: how each one turns characters into bytes and back.

Mojibake is text that went through ``bytes.decode(wrong)`` after ``str.encode(right)``; undoing
it means encoding with the wrong codec and decoding with the right one. Real software uses the
vendors' supersets rather than the strict standards (Windows reads "GBK" as cp936, "Big5" as
cp950, "Shift-JIS" as cp932, "EUC-KR" as cp949; browsers read "latin-1" as windows-1252 and
keep the five bytes windows-1252 leaves undefined as C1 controls). So each `Charset` encodes a
character with the first of its codecs that can, and decodes a unit of bytes with the first of
its codecs that can, the standard one first (its mapping is the one the text most likely used).

Each charset also knows how long a character starts at a given byte (`unit_length`), so that the
engine can cut a byte string into the units the wrong decoder saw, and decode them one by one
where a whole-string decode would fail at the first bad byte. Everything here is derived from
Python's codecs; there are no hand-written tables.

>>> CHARSETS["gbk"].encode_char("浣")
b'\\xe4\\xbd'
>>> CHARSETS["utf-8"].decode_unit(b"\\xe4\\xbd\\xa0")
'你'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from . import converters  # noqa: F401 - registers the vendor codecs the registry names (win-cp936)
from .encodings import CHANNELS, ENCODINGS, Layer, utf8_length


@dataclass(frozen=True)
class Charset:
    """One character set as the engine uses it.

    `name` is what messages call it; `codecs` are Python codecs, the standard one first and the
    vendor supersets after it; `kind` is ``utf8``, ``dbcs`` (one or two bytes a character, and
    GB18030's four) or ``sbcs`` (one byte a character).
    """

    name: str
    codecs: tuple[str, ...]
    kind: str
    _enc: dict[str, bytes | None] = field(default_factory=dict, compare=False, repr=False)

    def encode_char(self, ch: str) -> bytes | None:
        """The bytes that a decoder of this charset reads as `ch`, or ``None`` if there are none."""
        try:
            return self._enc[ch]
        except KeyError:
            pass
        out: bytes | None = None
        for codec in self.codecs:
            try:
                b = ch.encode(codec)
            except UnicodeEncodeError:
                continue
            if self.kind == "dbcs" and len(b) > 2:
                continue  # GB18030's four-byte forms reach every character: not evidence of anything
            out = b
            break
        self._enc[ch] = out
        return out

    def decode_unit(self, unit: bytes) -> str | None:
        """`unit` (the bytes of one character) decoded, or ``None`` when no codec maps it."""
        return _decode_unit(self.codecs, unit)

    def unit_length(self, data: bytes, i: int) -> int:
        """How many bytes the character starting at `data[i]` takes in this charset (at least 1)."""
        b = data[i]
        if b < 0x80 or self.kind == "sbcs":
            return 1
        if self.kind == "utf8":
            return utf8_length(b) or 1
        name = self.name
        if name == "gbk":
            if 0x81 <= b <= 0xFE:
                if i + 1 < len(data) and 0x30 <= data[i + 1] <= 0x39:
                    return 4
                return 2
            return 1
        if name == "shift_jis":
            return 2 if (0x81 <= b <= 0x9F or 0xE0 <= b <= 0xFC) else 1
        if name == "euc-jp":
            return 2 if b == 0x8E or 0xA1 <= b <= 0xFE else 3 if b == 0x8F else 1
        return 2 if 0x81 <= b <= 0xFE else 1  # big5/cp950, euc-kr/cp949


@lru_cache(maxsize=65536)
def _decode_unit(codecs: tuple[str, ...], unit: bytes) -> str | None:
    for codec in codecs:
        try:
            s = unit.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(s) == 1:
            return s
    return None


#: The charsets among which the engine looks for mix-ups, one per registered encoding.
CHARSETS: dict[str, Charset] = {e.name: Charset(e.name, e.codecs, e.kind) for e in ENCODINGS.values()}

#: Every layer the engine tries, in the registry's order (see `textmend.text.encodings.CHANNELS`).
LAYERS: tuple[Layer, ...] = tuple(c.layer for c in CHANNELS if not c.lines)

#: The layers read through a page that shows bytes 0x80-0x9F as C1 controls (ISO 8859-15):
#: UTF-8 read so differs from windows-1252's reading of it only in those bytes and a few
#: letters (``Å¸`` is ž, ş's ``ÅŸ`` would be ``Å\x9f``), so a text without a C1 control was
#: not read through such a page (the letters alone would pit ž against ş).
CONTROL_LAYERS: frozenset[Layer] = frozenset(la for la in LAYERS if ENCODINGS[la[1]].controls)
_WITHOUT_CONTROL_LAYERS: tuple[Layer, ...] = tuple(la for la in LAYERS if la not in CONTROL_LAYERS)
#: A C1 control of a byte windows-1252 gives a character (not one of the five it leaves
#: undefined, which browsers read as C1 controls too).
_C1 = re.compile(
    "[" + "".join(chr(b) for b in range(0x80, 0xA0) if bytes([b]).decode("cp1252", "ignore")) + "]"
)


def layers_for(text: str) -> tuple[Layer, ...]:
    """The layers worth searching in `text`: all of them, but those of `CONTROL_LAYERS` when
    `text` holds no C1 control that windows-1252 would have shown as a character."""
    return LAYERS if _C1.search(text) else _WITHOUT_CONTROL_LAYERS


#: Layers that ftfy repairs well (UTF-8 read as a single-byte code page): left to the Latin
#: fixer unless they are one half of a two-layer chain ftfy cannot undo.
FTFY_LAYERS: frozenset[Layer] = frozenset(c.layer for c in CHANNELS if c.ftfy)


def layer_name(layer: Layer, shown_text: str = "") -> str:
    """``"utf-8 read as gbk"``; a windows-1252 reading with C1 controls is called latin-1."""
    true, shown = layer
    if shown == "cp1252" and any("\x80" <= c <= "\x9f" for c in shown_text):
        shown = "latin-1"
    return f"{true} read as {shown}"


@cache
def common_block(name: str) -> frozenset[str]:
    """The characters of the frequently used block of the CJK charset `name` (empty for others).

    GBK read as Big5 turns GB2312's common characters into Big5's rare ones and back; which block
    of *this* charset a character is in says more than the union of every standard's tiers.

    >>> "拨" in common_block("gbk"), "卼" in common_block("big5")
    (True, False)
    """
    info = ENCODINGS.get(name)
    if info is None or info.common is None:
        return frozenset()
    codec, leads = info.common
    trails = [range(0x40, 0x7F), range(0xA1, 0xFF)] if codec == "big5" else [range(0xA1, 0xFF)]
    out: set[str] = set()
    for a in leads:
        for t in trails:
            for b in t:
                try:
                    ch = bytes([a, b]).decode(codec)
                except UnicodeDecodeError:
                    continue
                if len(ch) == 1:
                    out.add(ch)
    return frozenset(out)
