"""The pipeline's one pass over UTF-8 bytes: RE2 validates them and screens them for the fixers'
evidence together (`fastre.Screen.utf8`), so a clean file is returned undecoded
(`Repair.unchanged_utf8`). Whichever path a file takes, its repair must be the same."""

from __future__ import annotations

import dataclasses
import pickle
import random

import pytest

from textmend import pipeline
from textmend.errors import BinaryInputError
from textmend.options import Options
from textmend.result import Repair
from textmend.text import fastre

needs_re2 = pytest.mark.skipif(not fastre.available(), reason="RE2 is not installed or turned off")

#: Byte sequences from which strings around every rule of UTF-8 are drawn: ASCII, lone
#: continuation and lead bytes, the bytes UTF-8 never holds, overlong forms, surrogates, code
#: points past U+10FFFF, cut sequences, and well-formed 2, 3 and 4 byte characters.
PIECES: tuple[bytes, ...] = (
    b"a",
    b" ",
    b"\n",
    b"\x00",
    b"\x7f",
    b"\x80",
    b"\xbf",
    b"\xc0",
    b"\xc1",
    b"\xc2",
    b"\xdf",
    b"\xe0",
    b"\xed",
    b"\xef",
    b"\xf0",
    b"\xf4",
    b"\xf5",
    b"\xff",
    b"\xc0\x80",  # overlong NUL
    b"\xc1\xbf",  # overlong
    b"\xe0\x80\x80",  # overlong
    b"\xe0\x9f\xbf",  # overlong
    b"\xf0\x80\x80\x80",  # overlong
    b"\xf0\x8f\xbf\xbf",  # overlong
    b"\xed\xa0\x80",  # surrogate D800
    b"\xed\xbf\xbf",  # surrogate DFFF
    b"\xed\x9f\xbf",  # U+D7FF
    b"\xee\x80\x80",  # U+E000
    b"\xf4\x8f\xbf\xbf",  # U+10FFFF
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\xc3\xa9",  # é
    b"\xe2\x80\x9c",  # “
    b"\xef\xbf\xbd",  # U+FFFD
    b"\xf0\x9f\x98\x80",  # an emoji
    b"\xe2\x80",  # cut
    b"\xf0\x9f\x98",  # cut
)


def _screen() -> fastre.Screen:
    screen = fastre.build(["Ã[\x80-\xbf]", "\ufffd", "x\\d"], lazy=True)
    assert screen is not None
    return screen


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@needs_re2
def test_the_validity_pattern_takes_exactly_what_the_strict_decoder_takes() -> None:
    screen = _screen()
    rng = random.Random(13)
    valid = 0
    for _ in range(20000):
        data = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
        found = screen.utf8(data)
        assert (found is not None) == _decodes(data), data
        if found is not None:
            valid += 1
            assert found == screen.which(data), data
    assert 1000 < valid < 19000  # both kinds were drawn


@needs_re2
def test_every_code_point_of_each_length_and_its_neighbours() -> None:
    screen = _screen()
    for cp in (0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF):
        data = chr(cp).encode("utf-8")
        assert screen.utf8(b"x" + data + b"y") is not None
        assert screen.utf8(data[:-1]) is None or len(data) == 1  # a cut character is not valid
    for cp in (0xD800, 0xDBFF, 0xDC00, 0xDFFF):
        assert screen.utf8(chr(cp).encode("utf-8", "surrogatepass")) is None


def _slow(monkeypatch: pytest.MonkeyPatch, data: bytes, options: Options) -> Repair:
    """`data` repaired with the one pass turned off: decoded by `read`, then screened."""
    with monkeypatch.context() as m:
        m.setattr(pipeline, "_screened_utf8", lambda *args: None)
        m.setattr(pipeline, "_clean_ascii", lambda *args: False)
        return pipeline.repair_bytes(data, options)


EN = "“We’ll see,” she said — and left the room… without another word.\n" * 2000
ZH = "这家面馆开了三十年，老板每天凌晨四点就开始和面。“好吃”……\n" * 2000
RU = "«Вчера вечером в парке играл небольшой оркестр» — сказала она.\n" * 2000
CODE = "def area(r: float) -> float:\n    return 3.14159 * r * r\n\n" * 2000


@pytest.mark.parametrize("text", [EN, ZH, RU, CODE, "é", "a"], ids=["en", "zh", "ru", "code", "one", "ascii"])
def test_a_clean_file_gives_the_same_repair_through_both_paths(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    data = text.encode("utf-8")
    options = Options()
    fast = pipeline.repair_bytes(data, options)
    if fastre.available():
        assert "text" not in vars(fast)  # not decoded yet: the one pass decided
    slow = _slow(monkeypatch, data, options)
    assert not fast.changed and not slow.changed
    assert fast == slow
    assert fast.to_dict() == slow.to_dict()
    assert fast.detection == slow.detection and fast.encoding == slow.encoding == (
        "ascii" if text.isascii() else "utf-8"
    )
    assert fast.data == slow.data == data


@pytest.mark.parametrize(
    "text",
    [
        "Le café est fermé. CafÃ© “x”.\n" * 50,
        "Le café est fermé.\n" * 2000 + "Ã©tÃ©\n",
        "他说：“好的。”\n" + "ä½ å¥½ ok\n" * 3,
        "Price: 5 &Atilde;&copy; or ??? today\n",
        "it costs ? 5 and caf? ol? and ?? more\n" * 3,
        "a & b ? c\n",
        "\ufeffBOM then “quotes”\n",
    ],
)
def test_text_with_evidence_gives_the_same_repair_through_both_paths(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    data = text.encode("utf-8")
    for options in (Options(), Options.make("keep", None, None, ())):
        assert pipeline.repair_bytes(data, options) == _slow(monkeypatch, data, options)


@pytest.mark.parametrize(
    "data",
    [
        ("Le marché ouvre à sept heures, même en hiver.\n" * 40).encode("cp1252"),  # invalid in the head
        ("x" * 9000 + "\n" + "Élève, été, château.\n" * 40).encode("cp1252"),  # only past the head
        ("Вчера вечером в парке играл оркестр.\n" * 40).encode("cp1251"),
        ("这家面馆开了三十年。\n" * 40).encode("gbk"),
        "“We’ll see,” she said — é".encode()[:-1],  # cut inside its last character
        ("a\x00b\x00" * 10).encode("utf-16-le"),
        "é\x00é".encode(),
        b"\x1b$B" + "日本語".encode("iso2022_jp")[3:] + b"\n",
    ],
    ids=["cp1252", "cp1252-late", "cp1251", "gbk", "truncated", "utf16", "nul", "iso2022"],
)
def test_bytes_that_are_not_plain_utf8_take_the_decoder(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    options = Options()
    fast = pipeline.repair_bytes(data, options)
    assert "text" in vars(fast)  # decoded: the one pass did not decide
    assert fast == _slow(monkeypatch, data, options)


def test_the_legacy_reading_of_a_file_whose_head_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    data = ("plain ascii line\n" * 600 + "Élève, été, château, forêt.\n" * 40).encode("cp1252")
    repair = pipeline.repair_bytes(data, Options())
    assert repair.encoding == "cp1252" and "Élève" in repair.text


def test_binary_data_is_refused_on_both_paths() -> None:
    for data in (b"%PDF-1.4\n" + "é\n".encode() * 10, b"GIF89a" + "“x”".encode()):
        with pytest.raises(BinaryInputError):
            pipeline.repair_bytes(data, Options())


def test_a_forced_encoding_is_not_taken_as_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    data = EN.encode("utf-8")
    options = Options.make("auto", "latin-1", None, ())
    repair = pipeline.repair_bytes(data, options)
    assert repair.encoding == "iso8859-1" and repair == _slow(monkeypatch, data, options)


def test_without_re2_the_same_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = [EN, ZH, CODE, "CafÃ© “x”\n", "caf? ol?\n"]
    fast = [pipeline.repair_bytes(t.encode(), Options()) for t in cases]
    monkeypatch.setenv("TEXTMEND_NO_RE2", "1")
    assert [pipeline.repair_bytes(t.encode(), Options()) for t in cases] == fast


def test_the_lazy_text_is_the_decode() -> None:
    data = ZH.encode("utf-8")
    repair = Repair.unchanged_utf8(data, pipeline.utf8_detection(data))
    assert not repair.changed and repair.safe and repair.data is data
    assert repair.detection is not None and repair.detection.segments[0].end_line == ZH.count("\n")
    copy = pickle.loads(pickle.dumps(repair))
    assert repair.text == ZH and repair.original is repair.text and repair.data == data
    assert copy == repair and copy.text == ZH
    replaced = dataclasses.replace(repair, text=repair.text + "x")
    assert replaced.changed and replaced.original == ZH
    assert not hasattr(repair, "not_a_field")


def test_a_text_set_on_the_lazy_repair_is_compared_with_the_decode() -> None:
    data = "é\n".encode()
    repair = Repair.unchanged_utf8(data, pipeline.utf8_detection(data))
    repair.text = "e\n"
    assert repair.changed and repair.original == "é\n" and repair.data == b"e\n"


@needs_re2
def test_a_set_that_fails_sends_the_bytes_to_the_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _screen()
    screen.utf8(b"x")
    monkeypatch.setattr(screen, "_utf8", False)  # as when the set does not compile
    assert screen.utf8("é".encode()) is None
