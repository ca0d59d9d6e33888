#!/usr/bin/env python3
"""Build ``converters.json``: the tables of `textmend.text.converters`, the converters real software runs.

Sources:

* the WHATWG Encoding Standard's index files and ``encodings.json``
  (https://github.com/whatwg/encoding; © WHATWG (Apple, Google, Mozilla, Microsoft), CC BY 4.0,
  portions in source code BSD 3-Clause), for the ``whatwg-*`` converters and their labels;
* Python's own codecs, for the ``win-*`` code pages, with the few rules by which Windows differs
  from them written out below (each with its comment).

Single-byte converters are shipped whole (128 characters each, the upper half). A multi-byte
converter is shipped as the Python codec nearest to it (the one with the fewest differences,
chosen here) plus those differences: the byte sequences it reads otherwise, the characters it
writes otherwise, and the characters that the Python codec produces where the two differ (the
runtime's fast path falls back to the exact loop when it meets one). Every byte sequence of one,
two, three (EUC-JP) and four (GB18030) bytes and every code point is checked: the runtime
converter, loaded from the file just written, must agree with a reference decoder written
straight from the standard's algorithms.

Run it when the Encoding Standard's indexes or Python's codecs change::

    python src/textmend/data/build_converters.py [PATH-TO-WHATWG-ENCODING-REPO]

The repository may be a checkout or a bare mirror (read with ``git show``). The output is
deterministic for a given index version and Python.
"""

from __future__ import annotations

import bisect
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

OUT = Path(__file__).with_name("converters.json")
LABELS_OUT = Path(__file__).with_name("converter_labels.json")
DEFAULT_REPO = Path("/work/.mirror/whatwg+encoding/repo")

SINGLE_BYTE_WHATWG = (
    "ibm866",
    "iso-8859-2",
    "iso-8859-3",
    "iso-8859-4",
    "iso-8859-5",
    "iso-8859-6",
    "iso-8859-7",
    "iso-8859-8",
    "iso-8859-10",
    "iso-8859-13",
    "iso-8859-14",
    "iso-8859-15",
    "iso-8859-16",
    "koi8-r",
    "koi8-u",
    "macintosh",
    "windows-874",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "x-mac-cyrillic",
)
WINDOWS_SINGLE_BYTE = (
    "cp874",
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
)

#: WHATWG encoding name -> converter name, for the label index.
WHATWG_NAMES = {
    "UTF-8": "utf-8",
    "UTF-16LE": "utf-16-le",
    "UTF-16BE": "utf-16-be",
    "GBK": "whatwg-gbk",
    "gb18030": "whatwg-gb18030",
    "Big5": "whatwg-big5",
    "Shift_JIS": "whatwg-shift_jis",
    "EUC-JP": "whatwg-euc-jp",
    "EUC-KR": "whatwg-euc-kr",
    "ISO-8859-8-I": "whatwg-iso-8859-8",
    **{n.upper() if n.startswith(("iso", "ibm", "koi")) else n: f"whatwg-{n}" for n in SINGLE_BYTE_WHATWG},
}

#: Python codecs tried as the fast base of each multi-byte converter (decode side, encode side).
BASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "whatwg-gbk": (("gb18030",), ("gbk", "gb18030")),
    "whatwg-gb18030": (("gb18030",), ("gb18030",)),
    "whatwg-big5": (("big5hkscs", "cp950", "big5"), ("big5hkscs", "cp950", "big5")),
    "whatwg-shift_jis": (("cp932", "shift_jis"), ("cp932", "shift_jis")),
    # (not euc_jis_2004: its encoder joins a kana and a following combining mark into one form)
    "whatwg-euc-jp": (("euc_jp",), ("euc_jp",)),
    "whatwg-euc-kr": (("cp949", "euc_kr"), ("cp949", "euc_kr")),
    "win-cp936": (("gbk", "gb18030"), ("gbk",)),
    "win-cp950": (("cp950",), ("cp950",)),
    "win-cp932": (("cp932",), ("cp932",)),
    "win-cp949": (("cp949",), ("cp949",)),
}
SCHEME_OF = {
    "whatwg-gbk": "gb18030",
    "whatwg-gb18030": "gb18030",
    "whatwg-big5": "big5",
    "whatwg-shift_jis": "shift_jis",
    "whatwg-euc-jp": "euc-jp",
    "whatwg-euc-kr": "euc-kr",
    "win-cp936": "gbk",
    "win-cp950": "big5",
    "win-cp932": "cp932",
    "win-cp949": "euc-kr",
}


# -- reading the standard --------------------------------------------------------------------------


def read(repo: Path, name: str) -> str:
    if (repo / name).is_file():
        return (repo / name).read_text("utf-8")
    return subprocess.run(
        ["git", "-C", str(repo), "show", f"HEAD:{name}"], check=True, capture_output=True, text=True
    ).stdout


def index(repo: Path, name: str) -> list[tuple[int, int]]:
    """(pointer, code point) pairs of ``index-NAME.txt``, in file order."""
    out = []
    for line in read(repo, f"index-{name}.txt").split(
        "\n"
    ):  # not splitlines(): the names column holds U+0085
        if line.strip() and not line.startswith("#"):
            pointer, cp = line.split("\t")[:2]
            out.append((int(pointer), int(cp, 16)))
    return out


def revision(repo: Path) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
        ).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown"


def py_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def py_encode(ch: str, codec: str) -> bytes | None:
    try:
        return ch.encode(codec)
    except UnicodeEncodeError:
        return None


# -- reference decoders and encoders, straight from the standard ------------------------------------


class Reference:
    """The exact mapping of each multi-byte converter: unit -> text and character -> bytes."""

    def __init__(self, repo: Path) -> None:
        self.gb = dict(index(repo, "gb18030"))
        self.gb_ranges = sorted(index(repo, "gb18030-ranges"))
        self.gb_range_pointers = [p for p, _ in self.gb_ranges]
        self.gb_range_cps = sorted((c, p) for p, c in self.gb_ranges)
        self.gb_range_cp_keys = [c for c, _ in self.gb_range_cps]
        self.big5 = dict(index(repo, "big5"))
        self.big5_list = index(repo, "big5")
        self.jis0208_list = index(repo, "jis0208")
        self.jis0208 = dict(self.jis0208_list)
        self.jis0212 = dict(index(repo, "jis0212"))
        self.euckr_list = index(repo, "euc-kr")
        self.euckr = dict(self.euckr_list)
        self.gb_first = first_pointers(index(repo, "gb18030"))
        self.euckr_first = first_pointers(self.euckr_list)
        self.jis_first = first_pointers(self.jis0208_list)
        self.sjis_first = first_pointers([(p, c) for p, c in self.jis0208_list if not 8272 <= p <= 8835])
        big5_enc = [(p, c) for p, c in self.big5_list if p >= (0xA1 - 0x81) * 157]
        self.big5_first = first_pointers(big5_enc)
        for cp in (0x2550, 0x255E, 0x2561, 0x256A, 0x5341, 0x5345):
            self.big5_first[cp] = max(p for p, c in big5_enc if c == cp)

    # gb18030 ---------------------------------------------------------------------------------
    def gb_ranges_cp(self, pointer: int) -> int | None:
        if 39419 < pointer < 189000 or pointer > 1237575:
            return None
        if pointer == 7457:
            return 0xE7C7
        offset, cp_offset = self.gb_ranges[bisect.bisect_right(self.gb_range_pointers, pointer) - 1]
        return cp_offset + pointer - offset

    def gb_ranges_pointer(self, cp: int) -> int:
        if cp == 0xE7C7:
            return 7457
        cp_offset, offset = self.gb_range_cps[bisect.bisect_right(self.gb_range_cp_keys, cp) - 1]
        return offset + cp - cp_offset

    def dec_gb18030(self, unit: bytes) -> str | None:
        if unit == b"\x80":
            return "\u20ac"
        if len(unit) == 2:
            lead, b = unit
            if 0x40 <= b <= 0x7E or 0x80 <= b <= 0xFE:
                cp = self.gb.get((lead - 0x81) * 190 + b - (0x40 if b < 0x7F else 0x41))
                return None if cp is None else chr(cp)
            return None
        if len(unit) == 4:
            b1, b2, b3, b4 = unit
            cp = self.gb_ranges_cp((b1 - 0x81) * 12600 + (b2 - 0x30) * 1260 + (b3 - 0x81) * 10 + b4 - 0x30)
            return None if cp is None else chr(cp)
        return None

    GB_ENCODER_TABLE: ClassVar[dict[int, str]] = {
        0xE78D: "a6d9",
        0xE78E: "a6da",
        0xE78F: "a6db",
        0xE790: "a6dc",
        0xE791: "a6dd",
        0xE792: "a6de",
        0xE793: "a6df",
        0xE794: "a6ec",
        0xE795: "a6ed",
        0xE796: "a6f3",
        0xE81E: "fe59",
        0xE826: "fe61",
        0xE82B: "fe66",
        0xE82C: "fe67",
        0xE832: "fe6d",
        0xE843: "fe7e",
        0xE854: "fe90",
        0xE864: "fea0",
    }

    def enc_gb(self, ch: str, is_gbk: bool) -> bytes | None:
        cp = ord(ch)
        if cp < 0x80:
            return bytes([cp])
        if cp == 0xE5E5:
            return None
        if is_gbk and cp == 0x20AC:
            return b"\x80"
        if cp in self.GB_ENCODER_TABLE:
            return bytes.fromhex(self.GB_ENCODER_TABLE[cp])
        pointer = self.gb_first.get(cp)
        if pointer is not None:
            trail = pointer % 190
            return bytes([pointer // 190 + 0x81, trail + (0x40 if trail < 0x3F else 0x41)])
        if is_gbk or 0xD800 <= cp <= 0xDFFF:
            return None
        pointer = self.gb_ranges_pointer(cp)
        b1, pointer = divmod(pointer, 12600)
        b2, pointer = divmod(pointer, 1260)
        b3, b4 = divmod(pointer, 10)
        return bytes([b1 + 0x81, b2 + 0x30, b3 + 0x81, b4 + 0x30])

    # Big5 ------------------------------------------------------------------------------------
    BIG5_PAIRS: ClassVar[dict[int, str]] = {
        1133: "\u00ca\u0304",
        1135: "\u00ca\u030c",
        1164: "\u00ea\u0304",
        1166: "\u00ea\u030c",
    }

    def dec_big5(self, unit: bytes) -> str | None:
        if len(unit) != 2:
            return None
        lead, b = unit
        if not (0x40 <= b <= 0x7E or 0xA1 <= b <= 0xFE):
            return None
        pointer = (lead - 0x81) * 157 + b - (0x40 if b < 0x7F else 0x62)
        if pointer in self.BIG5_PAIRS:
            return self.BIG5_PAIRS[pointer]
        cp = self.big5.get(pointer)
        return None if cp is None else chr(cp)

    def enc_big5(self, ch: str) -> bytes | None:
        cp = ord(ch)
        if cp < 0x80:
            return bytes([cp])
        pointer = self.big5_first.get(cp)
        if pointer is None:
            return None
        lead, trail = divmod(pointer, 157)
        return bytes([lead + 0x81, trail + (0x40 if trail < 0x3F else 0x62)])

    # Shift_JIS -------------------------------------------------------------------------------
    def dec_sjis(self, unit: bytes) -> str | None:
        if len(unit) == 1:
            b = unit[0]
            if b == 0x80:
                return "\x80"
            return chr(0xFF61 - 0xA1 + b) if 0xA1 <= b <= 0xDF else None
        lead, b = unit
        if not (0x40 <= b <= 0x7E or 0x80 <= b <= 0xFC):
            return None
        pointer = (lead - (0x81 if lead < 0xA0 else 0xC1)) * 188 + b - (0x40 if b < 0x7F else 0x41)
        if 8836 <= pointer <= 10715:
            return chr(0xE000 - 8836 + pointer)
        cp = self.jis0208.get(pointer)
        return None if cp is None else chr(cp)

    def enc_sjis(self, ch: str) -> bytes | None:
        cp = ord(ch)
        if cp <= 0x80:
            return bytes([cp])
        if cp == 0xA5:
            return b"\x5c"
        if cp == 0x203E:
            return b"\x7e"
        if 0xFF61 <= cp <= 0xFF9F:
            return bytes([cp - 0xFF61 + 0xA1])
        if cp == 0x2212:
            cp = 0xFF0D
        pointer = self.sjis_first.get(cp)
        if pointer is None:
            return None
        lead, trail = divmod(pointer, 188)
        return bytes([lead + (0x81 if lead < 0x1F else 0xC1), trail + (0x40 if trail < 0x3F else 0x41)])

    # EUC-JP ----------------------------------------------------------------------------------
    def dec_eucjp(self, unit: bytes) -> str | None:
        if len(unit) == 2:
            lead, b = unit
            if lead == 0x8E:
                return chr(0xFF61 - 0xA1 + b) if 0xA1 <= b <= 0xDF else None
            if 0xA1 <= lead <= 0xFE and 0xA1 <= b <= 0xFE:
                cp = self.jis0208.get((lead - 0xA1) * 94 + b - 0xA1)
                return None if cp is None else chr(cp)
            return None
        if len(unit) == 3:
            _, lead, b = unit
            if 0xA1 <= b <= 0xFE:
                cp = self.jis0212.get((lead - 0xA1) * 94 + b - 0xA1)
                return None if cp is None else chr(cp)
        return None

    def enc_eucjp(self, ch: str) -> bytes | None:
        cp = ord(ch)
        if cp < 0x80:
            return bytes([cp])
        if cp == 0xA5:
            return b"\x5c"
        if cp == 0x203E:
            return b"\x7e"
        if 0xFF61 <= cp <= 0xFF9F:
            return bytes([0x8E, cp - 0xFF61 + 0xA1])
        if cp == 0x2212:
            cp = 0xFF0D
        pointer = self.jis_first.get(cp)
        if pointer is None:
            return None
        lead, trail = divmod(pointer, 94)
        return bytes([lead + 0xA1, trail + 0xA1])

    # EUC-KR ----------------------------------------------------------------------------------
    def dec_euckr(self, unit: bytes) -> str | None:
        if len(unit) != 2:
            return None
        lead, b = unit
        if not 0x41 <= b <= 0xFE:
            return None
        cp = self.euckr.get((lead - 0x81) * 190 + b - 0x41)
        return None if cp is None else chr(cp)

    def enc_euckr(self, ch: str) -> bytes | None:
        cp = ord(ch)
        if cp < 0x80:
            return bytes([cp])
        pointer = self.euckr_first.get(cp)
        if pointer is None:
            return None
        lead, trail = divmod(pointer, 190)
        return bytes([lead + 0x81, trail + 0x41])


def first_pointers(pairs: list[tuple[int, int]]) -> dict[int, int]:
    out: dict[int, int] = {}
    for pointer, cp in pairs:
        out.setdefault(cp, pointer)
    return out


# -- Windows' code pages, as Python's codecs plus what Windows does besides ---------------------


def eudc(ranges: list[tuple[int, int, int, int]], first_cp: int) -> dict[bytes, str]:
    """User-defined rows mapped in order onto the private use area from `first_cp`.

    Each range is (first lead, last lead, first trail, last trail); trails 0x7F-0xA0 are skipped
    where a range spans them, as the code pages do.
    """
    out: dict[bytes, str] = {}
    cp = first_cp
    for lead_lo, lead_hi, trail_lo, trail_hi in ranges:
        for lead in range(lead_lo, lead_hi + 1):
            for trail in range(trail_lo, trail_hi + 1):
                if 0x7F <= trail <= 0xA0 and trail_lo < 0x7F:
                    continue
                out[bytes([lead, trail])] = chr(cp)
                cp += 1
    return out


def windows_decoders() -> dict[str, Callable[[bytes], str | None]]:
    # cp936: Python's gbk is Microsoft's table; Windows also reads 0x80 as € and maps every pair GBK
    # leaves empty (the user-defined rows AAA1-AFFE, F8A1-FEFE, A140-A7A0 and the gaps) to private
    # use exactly as GB18030-2000 does, which is Python's gb18030 for two-byte forms.
    def cp936(unit: bytes) -> str | None:
        if unit == b"\x80":
            return "\u20ac"
        if len(unit) != 2:
            return None
        return py_decode(unit, "gbk") or py_decode(unit, "gb18030")

    # cp950: Microsoft's EUDC ranges, in this order, onto U+E000-U+F848.
    cp950_eudc = eudc([(0xFA, 0xFE, 0x40, 0xFE), (0x8E, 0xA0, 0x40, 0xFE), (0x81, 0x8D, 0x40, 0xFE)], 0xE000)
    cp950_eudc.update(eudc([(0xC6, 0xC6, 0xA1, 0xFE), (0xC7, 0xC8, 0x40, 0xFE)], 0xF6B1))

    def cp950(unit: bytes) -> str | None:
        if len(unit) != 2:
            return None
        got = py_decode(unit, "cp950")
        return got if got is not None else cp950_eudc.get(unit)

    # cp932: Python's cp932 is Windows-31J as Windows maps it, user rows (F040-F9FC) included.
    def cp932(unit: bytes) -> str | None:
        return py_decode(unit, "cp932") if len(unit) <= 2 else None

    # cp949: the two user-defined rows C9A1-C9FE and FEA1-FEFE onto U+E000-U+E0BB.
    cp949_eudc = eudc([(0xC9, 0xC9, 0xA1, 0xFE), (0xFE, 0xFE, 0xA1, 0xFE)], 0xE000)

    def cp949(unit: bytes) -> str | None:
        if len(unit) != 2:
            return None
        got = py_decode(unit, "cp949")
        return got if got is not None else cp949_eudc.get(unit)

    return {"win-cp936": cp936, "win-cp950": cp950, "win-cp932": cp932, "win-cp949": cp949}


def windows_encoder(
    base: str, decoder: Callable[[bytes], str | None], extra: dict[str, bytes]
) -> Callable[[str], bytes | None]:
    """Python's encoder, plus the characters only the Windows decoder gives (private use, €)."""

    def enc(ch: str) -> bytes | None:
        got = py_encode(ch, base)
        return got if got is not None else extra.get(ch)

    return enc


# -- enumerating units ------------------------------------------------------------------------------


def units(scheme_name: str) -> Iterator[bytes]:
    """Every unit the scheme's decoder cuts: non-ASCII singles and leads with any next byte, the
    four-byte GB18030 forms and EUC-JP's three-byte forms."""
    from textmend.text.converters import SCHEMES

    scheme = SCHEMES[scheme_name]
    for b in range(0x80, 0x100):
        yield bytes([b])
        if b in scheme.lead:
            for t in range(0x100):
                if scheme.extra == "gb4" and 0x30 <= t <= 0x39:
                    continue
                yield bytes([b, t])
    if scheme.extra == "gb4":
        for b1 in range(0x81, 0xFF):
            for b2 in range(0x30, 0x3A):
                for b3 in range(0x81, 0xFF):
                    for b4 in range(0x30, 0x3A):
                        yield bytes([b1, b2, b3, b4])
    if scheme.extra == "eucjp":
        for b2 in range(0xA1, 0xFF):
            for b3 in range(0x100):
                yield bytes([0x8F, b2, b3])


def base_units(codec: str, four: bool) -> Iterator[tuple[bytes, str]]:
    """The byte sequences that Python's `codec` reads as one unit, with what it reads them as."""
    for b in range(0x80, 0x100):
        one = bytes([b])
        got = py_decode(one, codec)
        if got is not None:
            yield one, got
            continue
        for t in range(0x100):
            pair = one + bytes([t])
            got = py_decode(pair, codec)
            if got is not None:
                yield pair, got
        if four or codec.startswith("euc"):
            for t in range(0x30, 0x3A) if four else range(0xA1, 0xFF):
                for u in range(0x81, 0xFF) if four else range(0x100):
                    lasts = range(0x30, 0x3A) if four else [None]
                    for v in lasts:
                        seq = one + bytes([t, u]) + (b"" if v is None else bytes([v]))
                        if py_decode(seq[:2], codec) is None:
                            got = py_decode(seq, codec)
                            if got is not None:
                                yield seq, got


# -- building ---------------------------------------------------------------------------------------


def runs(items: list[tuple[int, int]]) -> list[list[int]]:
    """[(key, value)] sorted by key -> [first key, first value, count] runs of consecutive pairs."""
    out: list[list[int]] = []
    for key, value in sorted(items):
        if out:
            first, first_value, count = out[-1]
            if key == first + count and (value == first_value + count if value >= 0 else first_value < 0):
                out[-1][2] += 1
                continue
        out.append([key, value, 1])
    return out


def decode_spec(name: str, ref: Callable[[bytes], str | None], base: str) -> dict[str, Any]:
    """The decode side of converter `name` against Python's `base`: its patch and unsafe set."""
    from textmend.text.converters import SCHEMES, decode_with

    scheme = SCHEMES[SCHEME_OF[name]]
    patch: dict[bytes, str | None] = {}
    for unit in units(SCHEME_OF[name]):
        want = ref(unit)
        if want != py_decode(unit, base):
            patch[unit] = want
    unsafe: set[str] = set()
    for seq, got in base_units(base, base == "gb18030"):
        try:
            want = decode_with(scheme, ref, seq)
        except UnicodeDecodeError:
            want = None
        if want != got:
            unsafe.update(got)
    by_len: dict[str, list[tuple[int, int]]] = {}
    multi: list[list[str | None]] = []
    for unit, text in patch.items():
        if text is not None and len(text) != 1:
            multi.append([unit.hex(), text])
        else:
            by_len.setdefault(str(len(unit)), []).append(
                (int.from_bytes(unit, "big"), -1 if text is None else ord(text))
            )
    return {
        "decode_base": base,
        "decode_runs": {n: runs(v) for n, v in sorted(by_len.items())},
        "decode_multi": sorted(multi),
        "decode_unsafe": "".join(sorted(unsafe)),
        "_size": len(patch),
    }


def all_chars() -> Iterator[str]:
    for cp in range(0x80, 0x110000):
        if not 0xD800 <= cp <= 0xDFFF:
            yield chr(cp)


def encode_spec(ref: Callable[[str], bytes | None], base: str) -> dict[str, Any]:
    """The encode side against Python's `base`: runs [first code point, first unit, count] by unit
    length for the characters written otherwise, and the characters `base` writes but this one
    refuses (``encode_refused``) or writes otherwise (``encode_unsafe``)."""
    by_len: dict[str, list[tuple[int, int]]] = {}
    refused: list[str] = []
    changed: list[str] = []
    for ch in all_chars():
        want = ref(ch)
        got = py_encode(ch, base)
        if want == got:
            continue
        if want is None:
            refused.append(ch)
            continue
        by_len.setdefault(str(len(want)), []).append((ord(ch), int.from_bytes(want, "big")))
        if got is not None:
            changed.append(ch)
    return {
        "encode_base": base,
        "encode_runs": {n: runs(v) for n, v in sorted(by_len.items())},
        "encode_refused": "".join(refused),
        "encode_unsafe": "".join(changed),
        "_size": len(refused) + sum(len(v) for v in by_len.values()),
        "_unsafe": len(refused) + len(changed),
    }


def build_multi_byte(
    name: str, dec: Callable[[bytes], str | None], enc: Callable[[str], bytes | None]
) -> dict[str, object]:
    dec_bases, enc_bases = BASES[name]
    # An unsafe character costs more than a shipped difference: text holding one takes the slow path.
    d = min(
        (decode_spec(name, dec, b) for b in dec_bases),
        key=lambda s: s["_size"] + 10 * len(s["decode_unsafe"]),
    )
    e = min((encode_spec(enc, b) for b in enc_bases), key=lambda s: s["_size"] + 10 * s["_unsafe"])
    print(
        f"{name}: decode from {d['decode_base']} with {d['_size']} differences "
        f"({len(str(d['decode_unsafe']))} unsafe), encode from {e['encode_base']} with {e['_size']} "
        f"({e['_unsafe']} unsafe)",
        file=sys.stderr,
    )
    spec = {k: v for k, v in {"scheme": SCHEME_OF[name], **d, **e}.items() if not k.startswith("_")}
    return spec


def build_single_byte(repo: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in SINGLE_BYTE_WHATWG:
        table = ["\ufffe"] * 128
        for pointer, code in index(repo, name):
            table[pointer] = chr(code)
        out[f"whatwg-{name}"] = "".join(table)
    for cp in WINDOWS_SINGLE_BYTE:
        # Windows keeps a byte its code page leaves undefined in 0x80-0x9F as the C1 control of the
        # same number (MultiByteToWideChar); the few undefined bytes above 0x9F stay undefined.
        table = []
        for b in range(0x80, 0x100):
            got = py_decode(bytes([b]), cp)
            table.append(got if got is not None else chr(b) if b < 0xA0 else "\ufffe")
        out[f"win-{cp}"] = "".join(table)
        whatwg = out[f"whatwg-windows-{cp[2:]}"]
        diff = [
            f"{b + 0x80:02X}: U+{ord(x):04X}/U+{ord(y):04X}"
            for b, (x, y) in enumerate(zip(table, whatwg))
            if x != y
        ]
        if diff:
            print(f"win-{cp} differs from WHATWG windows-{cp[2:]} at {', '.join(diff)}", file=sys.stderr)
    return out


def labels(repo: Path) -> dict[str, list[str]]:
    """Converter name -> the WHATWG labels that select it."""
    by_name: dict[str, list[str]] = {}
    for heading in json.loads(read(repo, "encodings.json")):
        for encoding in heading["encodings"]:
            name = WHATWG_NAMES.get(encoding["name"])
            if name is not None:
                by_name.setdefault(name, []).extend(encoding["labels"])
    return by_name


def verify(
    ref_dec: dict[str, Callable[[bytes], str | None]], ref_enc: dict[str, Callable[[str], bytes | None]]
) -> None:
    """The runtime converters, loaded from the file just written, against the references."""
    import textmend.text.converters as conv

    conv._data.cache_clear()
    for name in conv._MULTI_BYTE:
        scheme = conv.SCHEMES[SCHEME_OF[name]]
        c = conv.CONVERTERS[name]
        bad = 0
        extra = units("gb18030") if SCHEME_OF[name] == "gbk" else ()
        for unit in (*units(SCHEME_OF[name]), *extra):
            for data in (unit, unit + b"A", b"\xe4" + unit):
                want = conv.decode_with(scheme, ref_dec[name], data, "replace")
                if c.decode(data, "replace") != want:
                    bad += 1
                    if bad < 5:
                        print(
                            f"  {name}: {data.hex()} -> {c.decode(data, 'replace')!r}, want {want!r}",
                            file=sys.stderr,
                        )
        for ch in all_chars():
            want_b = ref_enc[name](ch)
            try:
                got_b: bytes | None = c.encode(ch)
            except UnicodeEncodeError:
                got_b = None
            if got_b != want_b:
                bad += 1
                if bad < 5:
                    print(f"  {name}: U+{ord(ch):04X} -> {got_b!r}, want {want_b!r}", file=sys.stderr)
        print(f"verified {name}: {bad} disagreements", file=sys.stderr)
        if bad:
            raise SystemExit(1)


def main(argv: list[str]) -> int:
    repo = Path(argv[1]) if len(argv) > 1 else DEFAULT_REPO
    by_name = labels(repo)
    LABELS_OUT.write_text(json.dumps(by_name, ensure_ascii=False, sort_keys=True, indent=0) + "\n", "utf-8")
    ref = Reference(repo)
    win = windows_decoders()
    ref_dec: dict[str, Callable[[bytes], str | None]] = {
        "whatwg-gbk": ref.dec_gb18030,
        "whatwg-gb18030": ref.dec_gb18030,
        "whatwg-big5": ref.dec_big5,
        "whatwg-shift_jis": ref.dec_sjis,
        "whatwg-euc-jp": ref.dec_eucjp,
        "whatwg-euc-kr": ref.dec_euckr,
        **win,
    }
    cp936_extra = {"\u20ac": b"\x80"}
    for lead in range(0x81, 0xFF):
        for t in range(0x40, 0xFF):
            unit = bytes([lead, t])
            got = win["win-cp936"](unit)
            if got is not None and py_encode(got, "gbk") is None:
                cp936_extra.setdefault(got, unit)
    cp950_extra: dict[str, bytes] = {}
    cp949_extra: dict[str, bytes] = {}
    for lead in range(0x81, 0xFF):
        for t in range(0x40, 0xFF):
            unit = bytes([lead, t])
            for name, extra, base in (
                ("win-cp950", cp950_extra, "cp950"),
                ("win-cp949", cp949_extra, "cp949"),
            ):
                got = win[name](unit)
                if got is not None and py_decode(unit, base) is None:
                    extra.setdefault(got, unit)
    ref_enc: dict[str, Callable[[str], bytes | None]] = {
        "whatwg-gbk": lambda ch: ref.enc_gb(ch, True),
        "whatwg-gb18030": lambda ch: ref.enc_gb(ch, False),
        "whatwg-big5": ref.enc_big5,
        "whatwg-shift_jis": ref.enc_sjis,
        "whatwg-euc-jp": ref.enc_eucjp,
        "whatwg-euc-kr": ref.enc_euckr,
        "win-cp936": windows_encoder("gbk", win["win-cp936"], cp936_extra),
        "win-cp950": windows_encoder("cp950", win["win-cp950"], cp950_extra),
        "win-cp932": lambda ch: py_encode(ch, "cp932"),
        "win-cp949": windows_encoder("cp949", win["win-cp949"], cp949_extra),
    }
    data = {
        "about": (
            "Tables of textmend.text.converters, built by data/build_converters.py from the WHATWG "
            "Encoding Standard's indexes (https://github.com/whatwg/encoding at "
            + revision(repo)
            + "; (c) WHATWG (Apple, Google, Mozilla, Microsoft), CC BY 4.0 / BSD 3-Clause) and Python "
            f"{sys.version.split()[0]}'s codecs. Single-byte: the upper half, U+FFFE = undefined. "
            "Multi-byte: differences from a Python codec; runs are [first unit, first code point or -1 "
            "for none, count]."
        ),
        "single_byte": build_single_byte(repo),
        "multi_byte": {name: build_multi_byte(name, ref_dec[name], ref_enc[name]) for name in BASES},
    }
    OUT.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", "utf-8"
    )
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)", file=sys.stderr)
    verify(ref_dec, ref_enc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
