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

from dataclasses import dataclass, field
from functools import cache, lru_cache


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
            n = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 1
            return n
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


#: The charsets among which the engine looks for mix-ups (the issue's list; latin-1 is read as
#: windows-1252 by every browser, so the two are one charset here).
CHARSETS: dict[str, Charset] = {
    c.name: c
    for c in (
        Charset("utf-8", ("utf-8",), "utf8"),
        Charset("gbk", ("gbk", "gb18030"), "dbcs"),
        Charset("big5", ("big5", "cp950"), "dbcs"),
        Charset("shift_jis", ("shift_jis", "cp932"), "dbcs"),
        Charset("euc-jp", ("euc_jp",), "dbcs"),
        Charset("euc-kr", ("euc_kr", "cp949"), "dbcs"),
        Charset("cp1252", ("cp1252", "latin-1"), "sbcs"),
        Charset("cp1251", ("cp1251",), "sbcs"),
        Charset("koi8-r", ("koi8_r",), "sbcs"),
        Charset("mac_roman", ("mac_roman",), "sbcs"),
    )
}

#: A layer of mojibake: (the encoding the bytes were in, the one they were read as).
Layer = tuple[str, str]

_CJK = ("gbk", "big5", "shift_jis", "euc-jp", "euc-kr")
_SBCS = ("cp1252", "cp1251", "koi8-r", "mac_roman")
_CJK_MIXUPS = {("gbk", "big5"), ("big5", "gbk")}


def _layers() -> tuple[Layer, ...]:
    out: list[Layer] = []
    for shown in CHARSETS:
        for true in CHARSETS:
            if true == shown:
                continue
            # A single-byte text read as a CJK charset, or as UTF-8, mostly fails to decode;
            # where it does not, the result is a scatter of rare characters. Keep those layers
            # out: they add false alarms and no repairs.
            if true in _SBCS and shown in _CJK + ("utf-8",):
                continue
            # Between two CJK charsets only GBK and Big5 read as each other: the other pairs
            # repair little in practice and turn lists of rare characters into other lists.
            if true in _CJK and shown in _CJK and (true, shown) not in _CJK_MIXUPS:
                continue
            # A CJK text read as a Cyrillic code page: not a mix-up seen in the wild, and clean
            # Russian repeated words ("жёлтый жёлтый") read back as Hanja through it.
            if true in _CJK and shown in ("cp1251", "koi8-r"):
                continue
            # Mac Roman is in the list for UTF-8 read on a Mac; a legacy text read as Mac Roman,
            # or a Mac Roman text read as anything, is rare enough that trying it does more harm.
            if true == "mac_roman" or (shown == "mac_roman" and true != "utf-8"):
                continue
            out.append((true, shown))
    return tuple(out)


#: Every layer the engine tries.
LAYERS: tuple[Layer, ...] = _layers()

#: Layers that ftfy repairs well (UTF-8 read as a single-byte code page): left to the Latin
#: fixer unless they are one half of a two-layer chain ftfy cannot undo.
FTFY_LAYERS: frozenset[Layer] = frozenset(
    {("utf-8", "cp1252"), ("utf-8", "mac_roman"), ("utf-8", "cp1251")}
)


def layer_name(layer: Layer, shown_text: str = "") -> str:
    """``"utf-8 read as gbk"``; a windows-1252 reading with C1 controls is called latin-1."""
    true, shown = layer
    if shown == "cp1252" and any("\x80" <= c <= "\x9f" for c in shown_text):
        shown = "latin-1"
    return f"{true} read as {shown}"


#: The lead bytes of each CJK charset's frequently used block (GB2312 level 1, Big5's frequent
#: characters, JIS X 0208 level 1, KS X 1001 Hangul), read with the codec named beside them.
_COMMON_ROWS = {
    "gbk": ("gb2312", range(0xB0, 0xD8)),
    "big5": ("big5", range(0xA4, 0xC7)),
    "shift_jis": ("euc_jp", range(0xB0, 0xD0)),
    "euc-jp": ("euc_jp", range(0xB0, 0xD0)),
    "euc-kr": ("euc_kr", range(0xB0, 0xC9)),
}


@cache
def common_block(name: str) -> frozenset[str]:
    """The characters of the frequently used block of the CJK charset `name` (empty for others).

    GBK read as Big5 turns GB2312's common characters into Big5's rare ones and back; which block
    of *this* charset a character is in says more than the union of every standard's tiers.

    >>> "拨" in common_block("gbk"), "卼" in common_block("big5")
    (True, False)
    """
    if name not in _COMMON_ROWS:
        return frozenset()
    codec, leads = _COMMON_ROWS[name]
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
