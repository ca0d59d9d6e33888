"""The encodings textmend knows, one `EncodingInfo` each, and the damage channels between them.

Every part of textmend that needs to know about an encoding asks this registry: the mojibake
engine (which encodings text was written in, which it was read as, how long a character is),
the screens (which bytes a channel's mojibake is made of) and the messages (what to call it).
An encoding is one entry; a damage channel is one `Channel` entry naming two of them. Adding an
encoding to the mojibake search is adding its entry here and the channels it takes part in.

Real software reads the vendors' supersets rather than the strict standards (Windows reads
"GBK" as cp936, "Big5" as cp950, "Shift-JIS" as cp932, "EUC-KR" as cp949; browsers read
"latin-1" as windows-1252 and keep its five undefined bytes as C1 controls), so an entry lists
its Python codecs standard first, vendor supersets after. Python's gbk refuses byte 0x80, which
Windows cp936 and the WHATWG gbk decoder read as €, so GBK lists `win-cp936` (registered by
`textmend.text.converters` from the WHATWG index) before gb18030, whose € is two other bytes.

>>> ENCODINGS["gbk"].codecs, ENCODINGS["gbk"].kind
(('gbk', 'win-cp936', 'gb18030'), 'dbcs')
>>> ("utf-8", "gbk") in {c.layer for c in CHANNELS}
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["utf8", "utf16", "dbcs", "sbcs"]

#: A layer of mojibake: (the encoding the bytes were in, the one they were read as).
Layer = tuple[str, str]


@dataclass(frozen=True)
class EncodingInfo:
    """One encoding as textmend uses it.

    `name` is what messages call it; `codecs` are Python codecs, the standard one first and the
    vendor supersets after; `kind` is ``utf8``, ``dbcs`` (one or two bytes a character, and
    GB18030's four) or ``sbcs`` (one byte a character); `scripts` are the writing systems text
    in it is written in; `common` names the frequently used block of a CJK charset, as the
    codec that reads it and the lead bytes of its rows (GB2312 level 1, Big5's frequently used
    characters, JIS X 0208 level 1, KS X 1001's Hangul). `converters` are the real decoders
    that read text as this charset (Windows' code page and the browsers', see
    `textmend.text.converters`): their error behaviour, unlike Python's codecs' one error per
    byte, replaces a lead byte and the non-ASCII byte after it with one marker, which the lossy
    search must allow for. `controls`: the page reads bytes 0x80-0x9F as C1 controls (the ISO
    8859 pages; windows-1252 gives them letters and signs), so UTF-8 read through it shows one
    wherever a continuation byte fell there; every other byte it reads as windows-1252 or
    latin-1 does, or nearly, and a text without a C1 control is searched without it
    (`textmend.text.charsets.layers_for`).
    """

    name: str
    codecs: tuple[str, ...]
    kind: Kind
    scripts: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    common: tuple[str, range] | None = None
    converters: tuple[str, ...] = ()
    controls: bool = False


ENCODINGS: dict[str, EncodingInfo] = {
    e.name: e
    for e in (
        EncodingInfo("utf-8", ("utf-8",), "utf8", ("any",), ("utf8",)),
        EncodingInfo("utf-16-le", ("utf-16-le",), "utf16", ("any",), ("utf-16le", "unicode")),
        EncodingInfo("utf-16-be", ("utf-16-be",), "utf16", ("any",), ("utf-16be",)),
        EncodingInfo(
            "gbk",
            ("gbk", "win-cp936", "gb18030"),
            "dbcs",
            ("han", "hans"),
            ("cp936", "gb2312", "gb18030"),
            ("gb2312", range(0xB0, 0xD8)),
            ("win-cp936", "whatwg-gbk"),
        ),
        EncodingInfo(
            "big5",
            ("big5", "cp950", "win-cp950"),
            "dbcs",
            ("han", "hant"),
            ("cp950",),
            ("big5", range(0xA4, 0xC7)),
            ("win-cp950", "whatwg-big5"),
        ),
        EncodingInfo(
            "shift_jis",
            ("shift_jis", "cp932", "win-cp932"),
            "dbcs",
            ("han", "kana"),
            ("sjis", "cp932"),
            ("euc_jp", range(0xB0, 0xD0)),
            ("win-cp932", "whatwg-shift_jis"),
        ),
        EncodingInfo(
            "euc-jp",
            ("euc_jp",),
            "dbcs",
            ("han", "kana"),
            ("euc_jp",),
            ("euc_jp", range(0xB0, 0xD0)),
            ("whatwg-euc-jp",),
        ),
        EncodingInfo(
            "euc-kr",
            ("euc_kr", "cp949", "win-cp949"),
            "dbcs",
            ("hangul", "han"),
            ("cp949", "uhc"),
            ("euc_kr", range(0xB0, 0xC9)),
            ("win-cp949", "whatwg-euc-kr"),
        ),
        EncodingInfo(
            "cp1252", ("cp1252", "latin-1"), "sbcs", ("latin",), ("windows-1252", "latin-1", "iso-8859-1")
        ),
        EncodingInfo("cp1250", ("win-cp1250",), "sbcs", ("latin",), ("windows-1250",)),
        EncodingInfo("iso8859-2", ("iso8859-2",), "sbcs", ("latin",), ("iso-8859-2", "latin2")),
        EncodingInfo("cp1254", ("win-cp1254",), "sbcs", ("latin",), ("windows-1254",)),
        EncodingInfo("cp850", ("cp850",), "sbcs", ("latin",), ("ibm850",)),
        EncodingInfo("cp437", ("cp437",), "sbcs", ("latin",), ("ibm437",)),
        EncodingInfo("cp1253", ("win-cp1253",), "sbcs", ("greek",), ("windows-1253",)),
        EncodingInfo("cp1257", ("win-cp1257",), "sbcs", ("latin",), ("windows-1257",)),
        EncodingInfo("cp1251", ("cp1251",), "sbcs", ("cyrillic",), ("windows-1251",)),
        EncodingInfo("koi8-r", ("koi8_r",), "sbcs", ("cyrillic",), ("koi8_r",)),
        EncodingInfo("koi8-u", ("koi8_u",), "sbcs", ("cyrillic",), ("koi8_u",)),
        EncodingInfo(
            "iso8859-15", ("iso8859-15",), "sbcs", ("latin",), ("iso-8859-15", "latin-9"), controls=True
        ),
        EncodingInfo("mac_roman", ("mac_roman",), "sbcs", ("latin",), ("macintosh", "mac-roman")),
    )
}


@dataclass(frozen=True)
class Channel:
    """One way text is damaged: bytes in `source` read as `shown` (then saved, usually as UTF-8).

    `ftfy` marks the channels ftfy undoes well (UTF-8 read as a single-byte code page): the
    Latin fixer repairs them, and the CJK fixer only as one half of a two-layer chain ftfy
    cannot undo. `lines` marks a Latin code page read as another (Czech written in windows-1250
    read as windows-1252: ``Pøíli\x9a`` for Příliš), where every byte reads as some Latin
    letter and only whole lines say which page is right: the Latin fixer reads such a line
    whole (`textmend.fixers.latin.reread`); and UTF-16 read as a single-byte page, which the
    `utf16` fixer reads back whole. The engine, whose units are bytes, searches neither.
    """

    source: str
    shown: str
    ftfy: bool = False
    lines: bool = False

    @property
    def layer(self) -> Layer:
        return (self.source, self.shown)


_CJK = ("gbk", "big5", "shift_jis", "euc-jp", "euc-kr")

#: The channels seen in the wild between the registered encodings, which the mojibake engine
#: searches (in this order, which breaks ties between equally good readings).
#:
#: UTF-8 read as anything else is the commonest damage there is; legacy CJK text read as UTF-8
#: or as a Western code page (``ÄãºÃ`` for 你好) is the next: windows-1252, and the pages of
#: the programs set to Central European (windows-1250) or Turkish (windows-1254), and DOS
#: consoles (cp850; cp437, which zip tools write file names in: ``├Ñ╝▒╣░┐δ`` for a Korean name).
#: UTF-8 read as each of those pages is registered with them, so that UTF-8 Latin text read as
#: windows-1250 is repaired as UTF-8 (by the Latin fixer, for the pages ftfy knows) and not as
#: the CJK reading of a few of its byte pairs; UTF-8 read as ISO 8859-15 too (Linux's latin-9:
#: ``å€©`` for 天, its € being byte A4), which ftfy does not undo, searched only in a text that
#: shows a C1 control (`EncodingInfo.controls`). Between two CJK charsets, GBK and Big5 each way
#: (a mainland and a Taiwanese program), and the pairs whose bytes mostly decode (GBK read as
#: EUC-KR, Shift-JIS as GBK, EUC-JP as Big5, EUC-KR as EUC-JP).
#:
#: Seven more pairs are searched only in a line that shows their signature
#: (`textmend.mojibake.screen.signed_layers`), since clean text reads back through them as
#: cheaply as it stands: EUC-KR read as GBK or Big5 and EUC-JP read as GBK, whose mojibake is
#: made of the commonest characters of the charset read (Hangul rows are GB2312's level 1; kana
#: rows are GB2312's kana), which the suspicious class lets pass (Han words spaced and punctuated
#: as Korean; a Simplified Hanzi beside kana), while clean Japanese signs read back through
#: EUC-JP-as-GBK as other signs (``○○したら××`` as ``＄＄したら〜〜``); EUC-JP read as EUC-KR,
#: whose kana rows are EUC-KR's jamo (Hangul before Japanese punctuation), while Korean chat's
#: ``ㄱㄱㄱ☆ㅠ_ㅠ`` reads back as kana; Big5 read as Shift-JIS (halfwidth katakana glued to ASCII
#: letters), through which, as the middle of two layers, GBK and EUC-KR text read as Shift-JIS
#: with Windows' ・ for what it cannot map reads back with wrong characters; Big5 and Shift-JIS
#: read as cp850 (a box-drawing sign glued to another character), whose accented letters at
#: 0x80-0xA5 are Big5's and Shift-JIS's lead bytes of punctuation rows with ASCII trails, so that
#: clean Hungarian or Turkish (``írni``, ``büyük``) reads back as ``〉ni`` and ``b【〔``. Those
#: two are not read as cp437 at all.
#:
#: Between Cyrillic and
#: Western code pages, windows-1251, KOI8-R and windows-1252 each way, and KOI8-U (KOI8-R with
#: Ukrainian's і ї є ґ in place of eight box-drawing signs) read as windows-1251. Mac Roman shows UTF-8 read
#: on a Mac, and nothing else. The pairs left out add false alarms and no repairs: a single-byte
#: text read as a CJK charset or as UTF-8 mostly fails to decode, and where it does not, gives a
#: scatter of rare characters; a CJK text read as a Cyrillic code page is not a mix-up seen in the
#: wild (and clean Russian words read back through it as Hanja).
CHANNELS: tuple[Channel, ...] = (
    Channel("gbk", "utf-8"),
    Channel("big5", "utf-8"),
    Channel("shift_jis", "utf-8"),
    Channel("euc-jp", "utf-8"),
    Channel("euc-kr", "utf-8"),
    Channel("utf-8", "gbk"),
    Channel("big5", "gbk"),
    Channel("utf-8", "big5"),
    Channel("gbk", "big5"),
    Channel("utf-8", "shift_jis"),
    Channel("utf-8", "euc-jp"),
    Channel("utf-8", "euc-kr"),
    Channel("utf-8", "cp1252", ftfy=True),
    Channel("gbk", "cp1252"),
    Channel("big5", "cp1252"),
    Channel("shift_jis", "cp1252"),
    Channel("euc-jp", "cp1252"),
    Channel("euc-kr", "cp1252"),
    Channel("utf-8", "cp1250", ftfy=True),
    Channel("utf-8", "cp1254", ftfy=True),
    Channel("utf-8", "cp437", ftfy=True),
    Channel("utf-8", "cp850"),
    Channel("utf-8", "iso8859-15"),
    *(Channel(cjk, page) for page in ("cp1250", "cp1254") for cjk in _CJK),
    *(Channel(cjk, "cp850") for cjk in _CJK),
    *(Channel(cjk, "cp437") for cjk in ("gbk", "euc-kr")),
    Channel("cp1251", "cp1252"),
    Channel("koi8-r", "cp1252"),
    Channel("utf-8", "cp1251", ftfy=True),
    Channel("cp1252", "cp1251"),
    Channel("koi8-r", "cp1251"),
    Channel("koi8-u", "cp1251"),
    Channel("utf-8", "koi8-r"),
    Channel("cp1252", "koi8-r"),
    Channel("cp1251", "koi8-r"),
    Channel("utf-8", "mac_roman", ftfy=True),
    Channel("gbk", "euc-kr"),
    Channel("shift_jis", "gbk"),
    Channel("euc-jp", "big5"),
    Channel("euc-kr", "euc-jp"),
    Channel("euc-kr", "gbk"),
    Channel("euc-kr", "big5"),
    Channel("euc-jp", "gbk"),
    Channel("euc-jp", "euc-kr"),
    Channel("big5", "shift_jis"),
    Channel("utf-8", "cp1253", ftfy=True),
    Channel("utf-8", "cp1257", ftfy=True),
    Channel("cp1250", "cp1252", lines=True),
    Channel("iso8859-2", "cp1252", lines=True),
    Channel("utf-16-le", "cp1252", lines=True),
    Channel("utf-16-be", "cp1252", lines=True),
)


def encoding(name: str) -> EncodingInfo:
    """The registry entry for `name` (a name or an alias); `KeyError` for one not registered."""
    found = ENCODINGS.get(name)
    if found is not None:
        return found
    for e in ENCODINGS.values():
        if name in e.aliases:
            return e
    raise KeyError(name)


def utf8_length(lead: int) -> int:
    """The length of the UTF-8 sequence that byte `lead` begins (2 to 4), or 0 when it begins
    none (ASCII, a continuation byte, C0, C1, F5 and above)."""
    return 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0


def shown_bytes(text: str, codecs: tuple[str, ...]) -> bytes | None:
    """The bytes a code page shows as `text`, each character through the first of `codecs` (an
    entry's, e.g. windows-1252 then latin-1 for its five holes and the C1 controls) that maps
    it; ``None`` when one maps none. (The Windows codecs are registered by
    `textmend.text.converters`.)"""
    try:
        return text.encode(codecs[0])
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for ch in text:
        for codec in codecs:
            try:
                out += ch.encode(codec)
                break
            except UnicodeEncodeError:
                continue
        else:
            return None
    return bytes(out)
