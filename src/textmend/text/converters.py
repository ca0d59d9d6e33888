"""The converters that real software runs, as Python codecs: how text was really broken.

Python's codecs follow the standards strictly; the software that breaks text does not. A browser
decodes "GBK" with the WHATWG Encoding Standard's gb18030 decoder, which reads byte 0x80 as € and
maps GBK's user-defined rows to private use; Windows decodes it with code page 936, which does the
same; Python's ``gbk`` refuses both. So ``发送HTTP`` encoded as UTF-8 and shown by a browser as
GBK is ``鍙戦€丠TTP``, a string no Python codec produces. Each `Converter` here is one such decoder and its
encoder, with the error behaviour of the software that runs it:

* ``whatwg-*``: the Encoding Standard's decoders and encoders, as browsers (and anything built on
  encoding_rs, ICU's web mode, Node's ``TextDecoder``) run them; a bad byte sequence is one error
  per maximal subpart, and an ASCII byte after a lead byte is not swallowed.
* ``win-*``: Windows' code pages as ``MultiByteToWideChar`` maps them (cp936 0x80 = €, the
  user-defined rows of cp936, cp950 and cp949 to private use, cp932's ～ and －, windows-1252's
  five undefined bytes kept as C1 controls).
* Python's own codecs under their own names (``gbk``, ``cp1252``, ``cp437``...), and ``cesu-8``.

Single-byte converters run in C through ``codecs.charmap_decode``/``charmap_encode``. Multi-byte
ones run the nearest Python codec in C, with an error handler that reads the converter's own way
the few units the codec refuses, and fall back to an exact, table-driven loop only when the output
holds a character the two read differently (or the text one they write differently); the
differences are shipped in ``data/converters.json``, built by ``data/build_converters.py`` from
the WHATWG index files and checked there against every byte sequence. Nothing is loaded until a
converter is first used.

Every converter is also registered with `codecs` under its name, so ``"鍙戦€".encode("whatwg-gbk")``
works wherever a codec name is accepted.

>>> CONVERTERS["whatwg-gbk"].decode("发送HTTP请求".encode("utf-8"))
'鍙戦€丠TTP璇锋眰'
>>> "鍙戦€丠TTP璇锋眰".encode("win-cp936").decode("utf-8")
'发送HTTP请求'
>>> CONVERTERS["win-cp1252"].decode(b"\\x81")  # Windows keeps the undefined byte as a C1 control
'\\x81'
>>> b"\\x81".decode("cp1252", "replace")  # Python does not
'\\ufffd'
>>> CONVERTERS["whatwg-gbk"].decode(b"\\x81 \\x81\\xff", errors="replace")  # per maximal subpart
'\\ufffd \\ufffd'
>>> by_label("latin1").name  # what a browser runs for a page labelled latin1
'whatwg-windows-1252'
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Family = Literal["whatwg", "windows", "python", "dos", "other"]
Kind = Literal["sbcs", "dbcs", "utf"]
Split = Literal["byte", "subpart", "pair"]

#: The error handlers that the software which breaks text uses besides Python's own ``replace``
#: (U+FFFD when decoding, ``?`` when encoding) and ``ignore`` (bytes dropped).
QUESTION = "textmend.question"  # ``?`` for each bad sequence: .NET's and many tools' default
KATAKANA_DOT = "textmend.katakana-dot"  # ``・`` U+30FB: Japanese Windows tools' default character


@dataclass(frozen=True)
class Converter:
    """One decoder/encoder as some real software runs it.

    `name` is its registry and codec name; `aliases` are the labels software uses for it (the
    WHATWG labels for ``whatwg-*``); `family` says whose behaviour it is (``other``: CESU-8, what
    Java's and Oracle's "UTF-8" write for characters outside the BMP); `kind` is ``sbcs``
    (a byte a character), ``dbcs`` (one or two bytes, GB18030's four, EUC-JP's three) or ``utf``.
    `codec` is the Python codec that runs it. `split` is how its decoder cuts a bad multi-byte
    sequence into errors: ``byte`` (Python's CJK codecs: an error per byte or so),
    ``subpart`` (WHATWG, ICU: the lead and a non-ASCII trail are one error, an ASCII trail is
    kept), ``pair`` (.NET-style: lead and trail are one error, whatever the trail).
    `undefined` tells what the decoder does with a byte its table leaves empty: ``error``
    (handled by ``errors=``) or ``c1`` (kept as the C1 control of the same number).
    """

    name: str
    family: Family
    kind: Kind
    codec: str
    aliases: tuple[str, ...] = ()
    split: Split = "byte"
    undefined: Literal["error", "c1"] = "error"
    description: str = ""

    def decode(self, data: bytes, errors: str = "strict", *, split: Split | None = None) -> str:
        """`data` as this converter reads it; `errors` is a codec error handler name.

        `split` overrides how a table-driven multi-byte decoder cuts bad sequences into errors
        (``pair`` for .NET-style decoders); Python's own codecs ignore it.
        """
        if split is not None and split != self.split and self.name in _MULTI_BYTE:
            return _multi_byte(self.name).decode(data, errors, split)
        return codecs.decode(data, self.codec, errors)

    def encode(self, text: str, errors: str = "strict") -> bytes:
        """`text` as this converter writes it; ``errors="replace"`` gives ``?`` per character."""
        return codecs.encode(text, self.codec, errors)


def _entry(
    name: str,
    family: Family,
    kind: Kind,
    codec: str | None = None,
    aliases: tuple[str, ...] = (),
    split: Split = "byte",
    undefined: Literal["error", "c1"] = "error",
    description: str = "",
) -> Converter:
    return Converter(name, family, kind, codec or name, aliases, split, undefined, description)


#: The single-byte tables shipped in data/converters.json (WHATWG's, and Windows' C1 forms).
_SINGLE_BYTE: tuple[str, ...] = (
    "whatwg-ibm866",
    "whatwg-iso-8859-2",
    "whatwg-iso-8859-3",
    "whatwg-iso-8859-4",
    "whatwg-iso-8859-5",
    "whatwg-iso-8859-6",
    "whatwg-iso-8859-7",
    "whatwg-iso-8859-8",
    "whatwg-iso-8859-10",
    "whatwg-iso-8859-13",
    "whatwg-iso-8859-14",
    "whatwg-iso-8859-15",
    "whatwg-iso-8859-16",
    "whatwg-koi8-r",
    "whatwg-koi8-u",
    "whatwg-macintosh",
    "whatwg-windows-874",
    "whatwg-windows-1250",
    "whatwg-windows-1251",
    "whatwg-windows-1252",
    "whatwg-windows-1253",
    "whatwg-windows-1254",
    "whatwg-windows-1255",
    "whatwg-windows-1256",
    "whatwg-windows-1257",
    "whatwg-windows-1258",
    "whatwg-x-mac-cyrillic",
    "win-cp874",
    "win-cp1250",
    "win-cp1251",
    "win-cp1252",
    "win-cp1253",
    "win-cp1254",
    "win-cp1255",
    "win-cp1256",
    "win-cp1257",
    "win-cp1258",
)

#: The multi-byte converters whose differences from a Python codec are shipped.
_MULTI_BYTE: tuple[str, ...] = (
    "whatwg-gbk",
    "whatwg-gb18030",
    "whatwg-big5",
    "whatwg-shift_jis",
    "whatwg-euc-jp",
    "whatwg-euc-kr",
    "win-cp936",
    "win-cp950",
    "win-cp932",
    "win-cp949",
)


@cache
def _data() -> dict[str, dict[str, object]]:
    raw = resources.files("textmend.data").joinpath("converters.json").read_text("utf-8")
    data: dict[str, dict[str, object]] = json.loads(raw)
    return data


def _whatwg_labels() -> dict[str, list[str]]:
    """The Encoding Standard's labels of each converter (a small file, read when the registry is built)."""
    raw = resources.files("textmend.data").joinpath("converter_labels.json").read_text("utf-8")
    labels: dict[str, list[str]] = json.loads(raw)
    return labels


def _build_registry() -> dict[str, Converter]:
    sb_desc = "the Encoding Standard's single-byte decoder and encoder (index-{}.txt)"
    win_desc = (
        "Windows code page {} as MultiByteToWideChar maps it: Python's {} with the bytes it leaves "
        "undefined in 0x80-0x9F kept as C1 controls"
    )
    labels = _whatwg_labels()
    entries: list[Converter] = []
    for name in _SINGLE_BYTE:
        if name.startswith("whatwg-"):
            label = name[len("whatwg-") :]
            entries.append(
                _entry(
                    name,
                    "whatwg",
                    "sbcs",
                    aliases=tuple(labels.get(name, ())),
                    undefined="c1" if label.startswith("windows") else "error",
                    description=sb_desc.format(label),
                )
            )
        else:
            cp = name[len("win-") :]
            entries.append(
                _entry(name, "windows", "sbcs", undefined="c1", description=win_desc.format(cp[2:], cp))
            )
    entries += [
        _entry(
            "whatwg-gbk",
            "whatwg",
            "dbcs",
            split="subpart",
            description="the Encoding Standard's GBK: "
            "the gb18030 decoder (0x80 = €, user rows to private use); "
            "an encoder without four-byte forms",
        ),
        _entry(
            "whatwg-gb18030",
            "whatwg",
            "dbcs",
            split="subpart",
            description="the Encoding Standard's gb18030 (GB18030-2022 mappings)",
        ),
        _entry(
            "whatwg-big5",
            "whatwg",
            "dbcs",
            split="subpart",
            description="the Encoding Standard's Big5: Big5-HKSCS when decoding, plain Big5 when encoding",
        ),
        _entry(
            "whatwg-shift_jis",
            "whatwg",
            "dbcs",
            split="subpart",
            description="the Encoding Standard's Shift_JIS: "
            "Windows-31J (cp932) mappings, user rows to private use",
        ),
        _entry(
            "whatwg-euc-jp",
            "whatwg",
            "dbcs",
            split="subpart",
            description="the Encoding Standard's EUC-JP: "
            "JIS X 0208 with NEC and IBM rows, JIS X 0212 when decoding",
        ),
        _entry(
            "whatwg-euc-kr",
            "whatwg",
            "dbcs",
            split="subpart",
            description="the Encoding Standard's EUC-KR: Unified Hangul Code (cp949)",
        ),
        _entry(
            "win-cp936",
            "windows",
            "dbcs",
            split="subpart",
            aliases=("cp936", "gbk", "gb2312"),
            description="Windows code page 936: GBK with 0x80 = € and the user-defined rows to private use",
        ),
        _entry(
            "win-cp950",
            "windows",
            "dbcs",
            split="subpart",
            aliases=("cp950", "big5"),
            description="Windows code page 950: Big5 with Microsoft's extensions, user rows to private use",
        ),
        _entry(
            "win-cp932",
            "windows",
            "dbcs",
            split="subpart",
            aliases=("cp932", "shift_jis", "sjis"),
            description="Windows code page 932 (Windows-31J): "
            "Python's cp932, ～ for 0x8160 and － for 0x817C",
        ),
        _entry(
            "win-cp949",
            "windows",
            "dbcs",
            split="subpart",
            aliases=("cp949", "euc-kr", "uhc"),
            description="Windows code page 949 (Unified Hangul Code), user rows to private use",
        ),
        _entry(
            "dos-cp437",
            "dos",
            "sbcs",
            "cp437",
            ("cp437", "ibm437"),
            description="the IBM PC's code page, DOS",
        ),
        _entry(
            "dos-cp850",
            "dos",
            "sbcs",
            "cp850",
            ("cp850", "ibm850"),
            description="DOS Latin-1, Western Europe",
        ),
        _entry(
            "dos-cp866",
            "dos",
            "sbcs",
            "cp866",
            ("cp866", "ibm866"),
            description="DOS Cyrillic, Russian consoles",
        ),
        _entry(
            "cesu-8",
            "other",
            "utf",
            "textmend-cesu-8",
            description="UTF-8 of UTF-16 code units: a surrogate pair as two 3-byte forms",
        ),
    ]
    python_codecs = (
        "utf-8",
        "utf-16-le",
        "utf-16-be",
        "latin-1",
        "iso8859-2",
        "iso8859-15",
        "mac-roman",
        "cp1250",
        "cp1251",
        "cp1252",
        "cp1253",
        "cp1254",
        "cp1257",
        "koi8-r",
        "koi8-u",
        "cp437",
        "cp850",
        "cp866",
        "gbk",
        "gb18030",
        "big5",
        "big5hkscs",
        "cp950",
        "shift_jis",
        "cp932",
        "euc-jp",
        "euc-kr",
        "cp949",
    )
    for name in python_codecs:
        kind: Kind = "utf" if name.startswith("utf") else "dbcs" if name in _PY_DBCS else "sbcs"
        entries.append(
            _entry(
                name,
                "python",
                kind,
                split="subpart" if kind == "utf" else "byte",
                description=f"Python's {name} codec",
            )
        )
    entries = [c if c.family != "whatwg" or c.aliases else _with_aliases(c, labels) for c in entries]
    return {c.name: c for c in entries}


def _with_aliases(conv: Converter, labels: dict[str, list[str]]) -> Converter:
    return Converter(
        conv.name,
        conv.family,
        conv.kind,
        conv.codec,
        tuple(labels.get(conv.name, ())),
        conv.split,
        conv.undefined,
        conv.description,
    )


_PY_DBCS = frozenset(
    {"gbk", "gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc-jp", "euc-kr", "cp949"}
)


class _Registry(dict):  # type: ignore[type-arg]
    """The converters by name; the WHATWG aliases are read from the data file on first use."""

    def __missing__(self, key: str) -> Converter:
        raise KeyError(f"no converter {key!r}; known: {', '.join(sorted(self))}")


def _make_registry() -> dict[str, Converter]:
    reg = _Registry()
    for conv in _build_registry().values():
        reg[conv.name] = conv
    return reg


CONVERTERS: dict[str, Converter] = _make_registry()


def by_label(label: str, family: Family = "whatwg") -> Converter:
    """The converter a `family`'s software runs for a document labelled `label`.

    For ``whatwg`` this is the Encoding Standard's label lookup (``latin1`` and ``ascii`` are
    windows-1252, ``gb2312`` is GBK); for ``windows`` the Windows code page of that name.
    Raises `KeyError` for a label the family does not know.

    >>> by_label("Shift_JIS").name, by_label("gbk", "windows").name
    ('whatwg-shift_jis', 'win-cp936')
    """
    key = label.strip().lower()
    for conv in CONVERTERS.values():
        if conv.family == family and (key in conv.aliases or key == conv.name):
            return conv
    if family == "whatwg":
        for name in ("utf-8", "utf-16-le", "utf-16-be"):  # WHATWG's UTF decoders are Python's
            if key in _whatwg_labels().get(name, ()):
                return CONVERTERS[name]
    raise KeyError(f"no {family} converter for {label!r}")


# -- single-byte: C charmap tables ---------------------------------------------------------------


@dataclass(frozen=True)
class _CharmapTables:
    decoding: str
    encoding: object  # codecs.EncodingMap


@cache
def _charmap(name: str) -> _CharmapTables:
    high = str(_data()["single_byte"][name])  # type: ignore[index]
    table = "".join(map(chr, range(128))) + high
    return _CharmapTables(table, codecs.charmap_build(table))


def _charmap_codec(name: str) -> codecs.CodecInfo:
    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return codecs.charmap_encode(text, errors, _charmap(name).encoding)  # type: ignore[arg-type]

    def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
        return codecs.charmap_decode(data, errors, _charmap(name).decoding)

    return codecs.CodecInfo(encode, decode, name=name)  # type: ignore[arg-type]


# -- multi-byte: a Python codec in C, an exact loop where the two differ --------------------------


@dataclass(frozen=True)
class Scheme:
    """How a multi-byte decoder cuts bytes into units: which non-ASCII bytes stand alone, which
    start a pair, and the longer forms (``gb4``: GB18030's four bytes; ``eucjp``: 0x8F + two)."""

    single: frozenset[int]
    lead: frozenset[int]
    extra: str = ""


def _r(lo: int, hi: int) -> frozenset[int]:
    return frozenset(range(lo, hi + 1))


SCHEMES: dict[str, Scheme] = {
    "gb18030": Scheme(frozenset({0x80}), _r(0x81, 0xFE), "gb4"),
    "gbk": Scheme(frozenset({0x80}), _r(0x81, 0xFE)),
    "big5": Scheme(frozenset(), _r(0x81, 0xFE)),
    "shift_jis": Scheme(frozenset({0x80}) | _r(0xA1, 0xDF), _r(0x81, 0x9F) | _r(0xE0, 0xFC)),
    "cp932": Scheme(
        frozenset({0x80, 0xA0, 0xFD, 0xFE, 0xFF}) | _r(0xA1, 0xDF), _r(0x81, 0x9F) | _r(0xE0, 0xFC)
    ),
    "euc-jp": Scheme(frozenset(), frozenset({0x8E, 0x8F}) | _r(0xA1, 0xFE), "eucjp"),
    "euc-kr": Scheme(frozenset(), _r(0x81, 0xFE)),
}


def _cut(scheme: Scheme, data: bytes, i: int) -> tuple[int, int]:
    """At non-ASCII byte ``data[i]``: (unit length, error length if the unit has no character).

    The error length is the maximal subpart: a byte that cannot continue the sequence is not
    swallowed when it is ASCII (it is read again on its own), and is when it is not.
    """
    b = data[i]
    n = len(data)
    if b in scheme.single:
        return 1, 1
    if b not in scheme.lead:
        return 0, 1
    if i + 1 >= n:
        return 0, n - i
    b2 = data[i + 1]
    if scheme.extra == "gb4" and 0x30 <= b2 <= 0x39:
        if i + 2 >= n:
            return 0, n - i
        if not 0x81 <= data[i + 2] <= 0xFE:
            return 0, 1
        if i + 3 >= n:
            return 0, n - i
        return (4, 4) if 0x30 <= data[i + 3] <= 0x39 else (0, 1)
    if scheme.extra == "eucjp" and b == 0x8F and 0xA1 <= b2 <= 0xFE:
        if i + 2 >= n:
            return 0, n - i
        return 3, (2 if data[i + 2] < 0x80 else 3)
    return 2, (1 if b2 < 0x80 else 2)


def decode_with(
    scheme: Scheme,
    lookup: Callable[[bytes], str | None],
    data: bytes,
    errors: str = "strict",
    split: Split = "subpart",
    name: str = "converter",
) -> str:
    """Decode `data` unit by unit: `lookup` gives a unit's characters or ``None``.

    This is the exact, slow path of the multi-byte converters (and what the build script checks
    them with); `split` says how a bad sequence becomes errors, each passed to the `errors` handler.
    """
    out: list[str] = []
    i = 0
    n = len(data)
    handler: Callable[[UnicodeError], tuple[str | bytes, int]] | None = None
    while i < n:
        j = i
        while j < n and data[j] < 0x80:
            j += 1
        if j > i:
            out.append(data[i:j].decode("ascii"))
            i = j
            if i >= n:
                break
        length, bad = _cut(scheme, data, i)
        chars = lookup(data[i : i + length]) if length else None
        if chars is not None:
            out.append(chars)
            i += length
            continue
        if split == "pair" and i + 1 < n and data[i] in scheme.lead:
            bad = max(bad, 2)
        if handler is None:
            handler = codecs.lookup_error(errors)
        exc = UnicodeDecodeError(name, data, i, i + bad, _NO_CHAR)
        repl, i = handler(exc)
        out.append(str(repl))
    return "".join(out)


def encode_with(
    lookup: Callable[[str], bytes | None], text: str, errors: str = "strict", name: str = "converter"
) -> bytes:
    """Encode `text` character by character: `lookup` gives a character's bytes or ``None``."""
    out: list[bytes] = []
    i = 0
    n = len(text)
    handler: Callable[[UnicodeError], tuple[str | bytes, int]] | None = None
    while i < n:
        ch = text[i]
        b = ch.encode("ascii") if ch < "\x80" else lookup(ch)
        if b is not None:
            out.append(b)
            i += 1
            continue
        if handler is None:
            handler = codecs.lookup_error(errors)
        exc = UnicodeEncodeError(name, text, i, i + 1, _NO_BYTES)
        repl, i = handler(exc)
        out.append(repl if isinstance(repl, bytes) else repl.encode("ascii", "replace"))
    return b"".join(out)


@dataclass(frozen=True)
class _MultiByte:
    """A multi-byte converter: a Python codec plus the units and characters where it differs."""

    name: str
    scheme: Scheme
    decode_base: str
    encode_base: str
    decode_patch: dict[bytes, str | None]
    encode_patch: dict[str, bytes | None]
    decode_unsafe: re.Pattern[str] | None  # characters the base codec gives where this one differs
    encode_unsafe: re.Pattern[str] | None  # characters the base codec encodes where this one differs

    def lookup(self, unit: bytes) -> str | None:
        if unit in self.decode_patch:
            return self.decode_patch[unit]
        try:
            return unit.decode(self.decode_base)
        except UnicodeDecodeError:
            return None

    def lookup_char(self, ch: str) -> bytes | None:
        if ch in self.encode_patch:
            return self.encode_patch[ch]
        try:
            return ch.encode(self.encode_base)
        except UnicodeEncodeError:
            return None

    def decode(self, data: bytes, errors: str = "strict", split: Split = "subpart") -> str:
        """The base codec in C, with this converter's own reading at each place the base refuses;
        the exact loop only when the output holds a character the two read differently."""
        text = data.decode(self.decode_base, _decode_handler(self.name, errors, split))
        if self.decode_unsafe is None or not self.decode_unsafe.search(text):
            return text
        return decode_with(self.scheme, self.lookup, data, errors, split, self.name)

    def encode(self, text: str, errors: str = "strict") -> bytes:
        """The base codec in C between the characters the two write differently, which are
        looked up one by one; the exact loop if anything there needs the `errors` handler."""
        handler = _encode_handler(self.name, errors)
        if self.encode_unsafe is None or not self.encode_unsafe.search(text):
            return text.encode(self.encode_base, handler)
        out: list[bytes] = []
        pos = 0
        try:
            for m in self.encode_unsafe.finditer(text):
                got = self.lookup_char(m.group())
                if got is None:
                    raise UnicodeEncodeError(self.name, text, m.start(), m.end(), _NO_BYTES)
                out += (text[pos : m.start()].encode(self.encode_base, handler), got)
                pos = m.end()
            out.append(text[pos:].encode(self.encode_base, handler))
        except UnicodeEncodeError:  # the handler's answer (and the error's position) need the whole text
            return encode_with(self.lookup_char, text, errors, self.name)
        return b"".join(out)


@cache
def _decode_handler(name: str, errors: str, split: Split) -> str:
    """The name of an error handler that the base codec of converter `name` calls where it
    refuses bytes: it reads the unit there as the converter does, and passes what the
    converter refuses too to the `errors` handler, cut as `split` says.

    The base codec stops only at unit boundaries that the converter shares (they agree on every
    unit before, or the output holds an unsafe character and the exact loop runs instead).
    """
    handler_name = f"textmend.converter:{name}:{errors}:{split}"

    def handler(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        conv = _multi_byte(name)
        data, i = exc.object, exc.start
        length, bad = _cut(conv.scheme, data, i)
        chars = conv.lookup(data[i : i + length]) if length else None
        if chars is not None:
            return chars, i + length
        if split == "pair" and i + 1 < len(data) and data[i] in conv.scheme.lead:
            bad = max(bad, 2)
        repl, end = codecs.lookup_error(errors)(UnicodeDecodeError(name, data, i, i + bad, _NO_CHAR))
        return str(repl), end

    codecs.register_error(handler_name, handler)
    return handler_name


@cache
def _encode_handler(name: str, errors: str) -> str:
    """The encoding counterpart of `_decode_handler`: this converter's bytes for a character the
    base codec cannot write, else the `errors` handler's."""
    handler_name = f"textmend.converter:{name}:{errors}"

    def handler(exc: UnicodeError) -> tuple[bytes | str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        got = _multi_byte(name).lookup_char(exc.object[exc.start])
        if got is not None:
            return got, exc.start + 1
        repl, end = codecs.lookup_error(errors)(
            UnicodeEncodeError(name, exc.object, exc.start, exc.start + 1, _NO_BYTES)
        )
        return repl, end

    codecs.register_error(handler_name, handler)
    return handler_name


_NO_CHAR = "no character for this byte sequence"
_NO_BYTES = "no bytes for this character"


def _char_class(chars: str) -> re.Pattern[str] | None:
    if not chars:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]")


def _runs(runs: list[list[int]], nbytes: int) -> dict[bytes, str | None]:
    """Expand ``[first unit, first code point or -1, count]`` runs into a unit -> text map."""
    out: dict[bytes, str | None] = {}
    for unit, cp, count in runs:
        for k in range(count):
            out[(unit + k).to_bytes(nbytes, "big")] = None if cp < 0 else chr(cp + k)
    return out


@cache
def _multi_byte(name: str) -> _MultiByte:
    spec: dict[str, object] = _data()["multi_byte"][name]  # type: ignore[assignment, index]
    decode_patch: dict[bytes, str | None] = {}
    for nbytes, runs in spec["decode_runs"].items():  # type: ignore[attr-defined]
        decode_patch.update(_runs(runs, int(nbytes)))
    for hexunit, chars in spec["decode_multi"]:  # type: ignore[attr-defined]
        decode_patch[bytes.fromhex(hexunit)] = chars
    encode_patch: dict[str, bytes | None] = dict.fromkeys(str(spec["encode_refused"]))
    for nbytes, runs in spec["encode_runs"].items():  # type: ignore[attr-defined]
        for cp, unit, count in runs:
            for k in range(count):
                encode_patch[chr(cp + k)] = (unit + k).to_bytes(int(nbytes), "big")
    return _MultiByte(
        name,
        SCHEMES[str(spec["scheme"])],
        str(spec["decode_base"]),
        str(spec["encode_base"]),
        decode_patch,
        encode_patch,
        _char_class(str(spec["decode_unsafe"])),
        _char_class(str(spec["encode_refused"]) + str(spec["encode_unsafe"])),
    )


def _multi_byte_codec(name: str) -> codecs.CodecInfo:
    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return _multi_byte(name).encode(text, errors), len(text)

    def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
        data = bytes(data)
        return _multi_byte(name).decode(data, errors), len(data)

    return codecs.CodecInfo(encode, decode, name=name)  # type: ignore[arg-type]


# -- CESU-8 ---------------------------------------------------------------------------------------


def _cesu8_codec() -> codecs.CodecInfo:
    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        split = "".join(c if ord(c) < 0x10000 else _surrogates(c) for c in text)
        return split.encode("utf-8", "surrogatepass"), len(text)

    def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
        text = bytes(data).decode("utf-8", "surrogatepass" if errors == "strict" else errors)
        joined = text.encode("utf-16-be", "surrogatepass").decode("utf-16-be", errors)
        return joined, len(data)

    return codecs.CodecInfo(encode, decode, name="textmend-cesu-8")  # type: ignore[arg-type]


def _surrogates(ch: str) -> str:
    cp = ord(ch) - 0x10000
    return chr(0xD800 + (cp >> 10)) + chr(0xDC00 + (cp & 0x3FF))


# -- registration with codecs ----------------------------------------------------------------------


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "_", name.lower())


# (CESU-8 is registered as textmend-cesu-8: ftfy's codec search already answers to "cesu-8")
_CODEC_NAMES: dict[str, str] = {
    _norm(n): n
    for n in (*_SINGLE_BYTE, *_MULTI_BYTE, "dos-cp437", "dos-cp850", "dos-cp866", "textmend-cesu-8")
}


def _search(normalized: str) -> codecs.CodecInfo | None:
    name = _CODEC_NAMES.get(_norm(normalized))
    if name is None:
        return None
    if name in _MULTI_BYTE:
        return _multi_byte_codec(name)
    if name == "textmend-cesu-8":
        return _cesu8_codec()
    if name.startswith("dos-"):
        return codecs.lookup(name[len("dos-") :])
    return _charmap_codec(name)


def _question(exc: UnicodeError) -> tuple[str, int]:
    if isinstance(exc, (UnicodeDecodeError, UnicodeEncodeError, UnicodeTranslateError)):
        return "?", exc.end
    raise exc


def _katakana_dot(exc: UnicodeError) -> tuple[str, int]:
    if isinstance(exc, UnicodeDecodeError):
        return "\u30fb", exc.end
    if isinstance(exc, UnicodeEncodeError):
        return "?", exc.end
    raise exc


codecs.register(_search)
codecs.register_error(QUESTION, _question)
codecs.register_error(KATAKANA_DOT, _katakana_dot)
