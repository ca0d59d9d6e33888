"""The converters of textmend.text.converters against the WHATWG indexes and Windows' behaviour,
and the damage generator (tests/damage.py) against the converters.

The expected byte/character pairs below are read off the Encoding Standard's index files (the
pointer is given where it helps to check) and Microsoft's code page tables; none is computed
by the code under test.
"""

from __future__ import annotations

import codecs
import random
import subprocess
import sys

import pytest
from damage import CHANNELS, LATIN, Channel, L, cases, sentences

from textmend.text.converters import CONVERTERS, KATAKANA_DOT, QUESTION, by_label

# (converter, bytes, text): decoding the bytes gives the text.
DECODES = [
    # GBK as browsers and Windows read it: 0x80 is €, the user-defined rows are private use.
    ("whatwg-gbk", b"\x80", "€"),
    ("whatwg-gbk", b"\xa6\xd9", "\ufe10"),  # GB18030-2022: a vertical form, no longer private use
    ("whatwg-gbk", b"\xa3\xa0", "\u3000"),  # pointer 6555
    ("whatwg-gbk", b"\xaa\xa1", "\ue000"),  # first user-defined pair
    ("whatwg-gbk", b"\x81\x30\x81\x30", "\x80"),  # four-byte form, pointer 0
    ("whatwg-gb18030", b"\x95\x32\x82\x36", "\U00020000"),
    ("win-cp936", b"\x80", "€"),
    ("win-cp936", b"\xaa\xa1", "\ue000"),
    ("win-cp936", b"\xa6\xd9", "\ue78d"),  # Windows keeps GB18030-2000's private use here
    ("win-cp936", "发送HTTP请求".encode(), "鍙戦€丠TTP璇锋眰"),
    # Big5: WHATWG's is HKSCS when decoding.
    ("whatwg-big5", b"\x87\x40", "\u43f0"),  # pointer 942, an HKSCS character
    ("whatwg-big5", b"\x88\x62", "\u00ca\u0304"),  # pointer 1133: two code points
    ("whatwg-big5", b"\xa1\x45", "\u2027"),  # Python's big5 says U+2022
    ("win-cp950", b"\xa3\xe1", "€"),
    ("win-cp950", b"\xfa\x40", "\ue000"),  # first EUDC pair
    ("win-cp950", b"\x81\x40", "\ueeb8"),
    # Shift_JIS: Windows-31J's ～ and － in both; WHATWG has no single bytes at 0xA0 and 0xFD-0xFF.
    ("whatwg-shift_jis", b"\x81\x60", "\uff5e"),  # pointer 32
    ("whatwg-shift_jis", b"\x81\x7c", "\uff0d"),  # pointer 60
    ("whatwg-shift_jis", b"\x80", "\x80"),
    ("whatwg-shift_jis", b"\xb1", "\uff71"),
    ("whatwg-shift_jis", b"\xf0\x40", "\ue000"),  # EUDC, pointer 8836
    ("win-cp932", b"\x81\x60", "\uff5e"),
    ("win-cp932", b"\xa0", "\uf8f0"),
    ("shift_jis", b"\x81\x60", "\u301c"),  # Python's JIS: WAVE DASH
    # EUC-JP with the NEC row and JIS X 0212.
    ("whatwg-euc-jp", b"\xad\xa1", "\u2460"),
    ("whatwg-euc-jp", b"\x8f\xa2\xb7", "\uff5e"),  # jis0212 pointer 116; Python's euc_jp says ~
    ("whatwg-euc-jp", b"\x8e\xb1", "\uff71"),
    # EUC-KR is Unified Hangul Code.
    ("whatwg-euc-kr", b"\x81\x41", "\uac02"),  # pointer 0
    ("win-cp949", b"\xc9\xa1", "\ue000"),  # user-defined row
    # Single-byte pages.
    ("whatwg-windows-1252", b"\x80\x81\x8d\x8f\x90\x9d\x9f", "€\x81\x8d\x8f\x90\x9dŸ"),
    ("win-cp1252", b"\x81\x8d\x8f\x90\x9d", "\x81\x8d\x8f\x90\x9d"),
    ("whatwg-iso-8859-15", b"\xa4", "€"),
    ("whatwg-koi8-u", b"\xad", "ґ"),  # pointer 45
    ("whatwg-macintosh", b"\xf0", "\uf8ff"),  # pointer 112, the Apple logo
    ("whatwg-ibm866", b"\xf0", "Ё"),
    ("whatwg-windows-1255", b"\xca", "\u05ba"),  # pointer 74
    ("dos-cp437", b"\xc3\xa5", "├Ñ"),
    ("cesu-8", b"\xed\xa0\xbd\xed\xb8\x80", "😀"),
]

# (converter, text, bytes): encoding the text gives the bytes.
ENCODES = [
    ("whatwg-gbk", "€", b"\x80"),
    ("whatwg-gb18030", "€", b"\xa2\xe3"),
    ("whatwg-gbk", "\ue78d", b"\xa6\xd9"),  # the encoder's asymmetric table
    ("whatwg-gb18030", "😀", b"\x94\x39\xfc\x36"),  # ranges pointer 189000 + 0xF600 = 251976
    ("win-cp936", "€", b"\x80"),
    ("win-cp936", "\ue000", b"\xaa\xa1"),
    ("whatwg-big5", "═", b"\xf9\xf9"),  # the last pointer (18991), not the first
    ("whatwg-shift_jis", "−", b"\x81\x7c"),  # U+2212 is written as U+FF0D
    ("whatwg-shift_jis", "¥", b"\x5c"),
    ("whatwg-euc-jp", "ｱ", b"\x8e\xb1"),
    ("win-cp1252", "\x81", b"\x81"),
    ("cesu-8", "😀", b"\xed\xa0\xbd\xed\xb8\x80"),
]

# (converter, bytes): strictly undecodable.
REFUSED = [
    ("whatwg-gbk", b"\xff"),
    ("win-cp936", b"\x81\x30\x81\x30"),  # no four-byte forms in code page 936
    ("whatwg-big5", b"\x80"),
    ("whatwg-shift_jis", b"\xa0"),
    ("whatwg-euc-kr", b"\xc9"),
    ("cp1252", b"\x81"),
    ("win-cp1253", b"\xaa"),
    ("win-cp1255", b"\xca"),  # Python's table, which Windows' C1 rule does not change above 0x9F
]

# (converter, text): not encodable.
UNMAPPED = [
    ("whatwg-gbk", "😀"),  # GBK has no four-byte forms
    ("whatwg-gb18030", "\ue5e5"),
    ("whatwg-big5", "\u43f0"),  # HKSCS characters are not written
    ("whatwg-euc-jp", "\u4e02"),  # JIS X 0212 only: read, not written
    ("whatwg-shift_jis", "\u301c"),
]


@pytest.mark.parametrize(("name", "data", "text"), DECODES)
def test_decodes_as_the_tables_say(name: str, data: bytes, text: str) -> None:
    assert CONVERTERS[name].decode(data) == text


@pytest.mark.parametrize(("name", "text", "data"), ENCODES)
def test_encodes_as_the_tables_say(name: str, text: str, data: bytes) -> None:
    assert CONVERTERS[name].encode(text) == data


@pytest.mark.parametrize(("name", "data"), REFUSED)
def test_refuses_what_it_has_no_character_for(name: str, data: bytes) -> None:
    with pytest.raises(UnicodeDecodeError):
        CONVERTERS[name].decode(data)


@pytest.mark.parametrize(("name", "text"), UNMAPPED)
def test_refuses_what_it_cannot_write(name: str, text: str) -> None:
    with pytest.raises(UnicodeEncodeError):
        CONVERTERS[name].encode(text)
    assert CONVERTERS[name].encode(text, "replace") == b"?"


@pytest.mark.parametrize(
    ("name", "data", "errors", "split", "text"),
    [
        # WHATWG: an ASCII byte after a lead byte is read again; a non-ASCII one is swallowed.
        ("whatwg-gbk", b"\x81 \x81\xff", "replace", None, "\ufffd \ufffd"),
        ("whatwg-big5", b"\xa1\x20", "replace", None, "\ufffd "),
        ("whatwg-euc-jp", b"\x8f\xa2A", "replace", None, "\ufffdA"),
        ("whatwg-gb18030", b"\x81\x30\x20", "replace", None, "\ufffd0 "),
        ("whatwg-gbk", b"\xe4\xbd", "replace", None, "浣"),
        ("whatwg-gbk", b"ok\xe4", "replace", None, "ok\ufffd"),
        # .NET-style: one ? for the pair, whatever the trail.
        ("win-cp936", b"\x81 ", QUESTION, "pair", "?"),
        ("win-cp936", b"\x81 ", QUESTION, None, "? "),
        ("win-cp932", b"\x81\x20", KATAKANA_DOT, None, "\u30fb "),
        ("whatwg-gbk", b"a\x81\xffb", "ignore", None, "ab"),
        # Python's CJK codecs: per byte.
        ("gbk", b"\xa1\xff", "replace", None, "\ufffd\ufffd"),
    ],
)
def test_error_behaviour(name: str, data: bytes, errors: str, split: str | None, text: str) -> None:
    assert CONVERTERS[name].decode(data, errors, split=split) == text  # type: ignore[arg-type]


def test_registered_as_codecs() -> None:
    assert "鍙戦€丠TTP".encode("WHATWG_GBK").decode("utf-8") == "发送HTTP"
    assert codecs.lookup("win-cp1252").name == "win-cp1252"
    assert b"\x81".decode("win_cp1252") == "\x81"
    assert "😀".encode("textmend-cesu-8") == b"\xed\xa0\xbd\xed\xb8\x80"


@pytest.mark.parametrize(
    ("label", "family", "name"),
    [
        ("latin1", "whatwg", "whatwg-windows-1252"),
        ("ISO-8859-1", "whatwg", "whatwg-windows-1252"),
        ("gb2312", "whatwg", "whatwg-gbk"),
        ("ks_c_5601-1987", "whatwg", "whatwg-euc-kr"),
        ("big5-hkscs", "whatwg", "whatwg-big5"),
        ("utf8", "whatwg", "utf-8"),
        ("gbk", "windows", "win-cp936"),
        ("cp437", "dos", "dos-cp437"),
    ],
)
def test_labels(label: str, family: str, name: str) -> None:
    assert by_label(label, family).name == name  # type: ignore[arg-type]


def test_unknown_label() -> None:
    with pytest.raises(KeyError):
        by_label("no-such-encoding")


def test_registry_entries_are_consistent() -> None:
    for name, conv in CONVERTERS.items():
        assert conv.name == name
        assert conv.kind in ("sbcs", "dbcs", "utf")
        assert codecs.lookup(conv.codec)  # every converter runs as a codec
        assert conv.description


@pytest.mark.parametrize("name", sorted(n for n, c in CONVERTERS.items() if c.kind == "sbcs"))
def test_single_byte_round_trip(name: str) -> None:
    """Every byte a single-byte page defines reads back as itself (the WHATWG encoders take the
    first pointer, and no page has two)."""
    conv = CONVERTERS[name]
    for b in range(256):
        try:
            ch = conv.decode(bytes([b]))
        except UnicodeDecodeError:
            continue
        assert conv.encode(ch) == bytes([b]), (name, hex(b))


@pytest.mark.parametrize("name", sorted(CONVERTERS))
def test_sentences_round_trip(name: str) -> None:
    conv = CONVERTERS[name]
    for _, text in sentences():
        try:
            data = conv.encode(text)
        except UnicodeEncodeError:
            continue
        assert conv.decode(data) == text


@pytest.mark.parametrize(
    "name",
    [
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
    ],
)
def test_fast_and_exact_paths_agree(name: str) -> None:
    """Random bytes decode the same whole (the C path when it can) and after an error (the exact
    loop): what comes before a bad byte does not depend on which path ran."""
    conv = CONVERTERS[name]
    rng = random.Random(name)
    unmapped = "\ue5e5" if name == "whatwg-gb18030" else "😀"
    for _ in range(400):
        data = bytes(rng.choice((rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x100))) for _ in range(12))
        whole = conv.decode(data, "replace")
        if not whole.endswith("\ufffd"):  # (a sequence cut at the end would take the next bytes)
            assert conv.decode(data + b" \x81 ", "replace") == whole + " \ufffd "
        text = "".join(c for c in whole if c != "\ufffd")
        try:
            encoded = conv.encode(text)
        except UnicodeEncodeError:
            continue
        assert conv.encode(text + unmapped, "replace") == encoded + b"?"


def test_not_imported_at_start_up() -> None:
    """A small clean file never pays for the converters."""
    code = (
        "import sys, textmend; textmend.repair_text('plain text\\n');"
        "print('textmend.text.converters' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# -- the damage generator ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "clean", "damaged"),
    [
        ("utf-8 as win-cp1252", "café", "cafÃ©"),
        ("utf-8 as win-cp1252, then drop-c1", "あなたは", "ã‚ãªãŸã¯"),  # 0x81 lost in copy and paste
        ("utf-8 as win-cp1252, then nbsp-to-space", "voilà tout", "voilÃ  tout"),
        ("utf-8 as win-cp1252, then lower", "arrêt", "arrãªt"),
        ("utf-8 as win-cp936", "发送HTTP请求", "鍙戦€丠TTP璇锋眰"),
        ("utf-8 as whatwg-gbk, U+FFFD", "需要", "闇€瑕\ufffd"),
        ("combining marks, utf-8 as win-cp1252", "$̶6̶3̶", "$Ì¶6Ì¶3Ì¶"),
        ("utf-16-le as latin-1", "チルタリス", "Á0ë0¿0ê0¹0"),
        ("cesu-8 emoji as win-cp1252", "🎉", "í\xa0¼í¾‰"),
        ("cesu-8 emoji as latin-1", "😀", "í\xa0½í¸\x80"),
        ("cp949 as cp437 (zip names)", "한국어", "╟╤▒╣╛ε"),
        ("win-cp1250 as latin-1", "Árvíztűrő", "Árvízt\xfbr\xf5"),
        ("koi8-r as win-cp1251", "Привет", "рТЙЧЕФ"),
    ],
)
def test_channel_damage(channel: str, clean: str, damaged: str) -> None:
    assert CHANNELS[channel].damage(clean) == damaged


def test_double_round_trip_gives_kun_jin_kao() -> None:
    out = CHANNELS["gbk read as utf-8 (U+FFFD), saved as utf-8, read as gbk: 锟斤拷"].damage("中文")
    assert isinstance(out, str) and "锟斤拷" in out


def test_channels_agree_with_pythons_codecs() -> None:
    """Where a channel runs only Python's codecs, it is what ``encode().decode()`` gives."""
    for ch in CHANNELS.values():
        if ch.part != "all" or ch.after or ch.file_encodings or len(ch.layers) != 1:
            continue
        layer = ch.layers[0]
        if {CONVERTERS[layer.encode].family, CONVERTERS[layer.decode].family} != {"python"}:
            continue
        for case in cases(ch, per_channel=5):
            want = case.clean.encode(layer.encode, layer.encode_errors).decode(
                layer.decode, layer.decode_errors
            )
            assert case.damaged == want, ch.name


def test_lossless_cases_keep_their_information() -> None:
    """Every case of a lossless channel undoes exactly (the generator keeps no other)."""
    for ch in CHANNELS.values():
        made = cases(ch, per_channel=10)
        if (
            ch.name.startswith(("utf-8 as", "cp1252", "koi8", "win-", "utf-16"))
            or ch.group == "utf-8 as single-byte"
        ):
            assert made, ch.name
        for case in made:
            assert case.damaged != case.clean
            if ch.lossless and ch.undo(case.damaged) is not None:  # type: ignore[arg-type]
                assert ch.undo(case.damaged) == case.clean, (ch.name, case.clean)  # type: ignore[arg-type]


def test_file_channels_make_bytes() -> None:
    case = cases(CHANNELS["file: utf-8 then cp1252"], per_channel=1)[0]
    assert isinstance(case.damaged, bytes)
    with pytest.raises(UnicodeDecodeError):
        case.damaged.decode("utf-8")


def test_cases_are_seeded() -> None:
    ch = CHANNELS["utf-8 as win-cp1252"]
    assert [c.clean for c in cases(ch, seed=3)] == [c.clean for c in cases(ch, seed=3)]
    assert [c.clean for c in cases(ch, seed=3)] != [c.clean for c in cases(ch, seed=4)]


def test_sentences_cover_the_languages() -> None:
    langs = {lang for lang, _ in sentences()}
    assert {"zh-hans", "zh-hant", "ja", "ko", "ru", "uk", "he", "ar", "el"} <= langs
    assert len(langs & set(LATIN)) >= 8


def test_tail_channel_damages_only_the_tail() -> None:
    ch = Channel("t", (L("utf-8", "win-cp1252"),), part="tail")
    out = ch.damage("déjà vu et déjà lu")
    assert out == "déjà vu et dÃ©jÃ\xa0 lu"
