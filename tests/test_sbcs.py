"""The bytes-level plausibility of single-byte readings (`decode.sbcs`) is `badness`, exactly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from textmend.decode import sbcs
from textmend.decode.legacy import STANDARD
from textmend.decode.plausible import badness

SENTENCES = [
    line.split("\t", 1)[1]
    for line in (Path(__file__).parent / "sentences.txt").read_text("utf-8").splitlines()
    if "\t" in line and not line.startswith("#")
]

#: Code pages of several scripts, with and without their own whitespace bytes (NBSP), with
#: marks (Thai, Hebrew), digits of their own script (Thai) and undefined bytes.
CODE_PAGES = [c for c in STANDARD if sbcs.table(c) is not None] + [
    "iso8859-1",
    "mac-roman",
    "cp437",
    "cp850",
    "cp852",
    "mac-greek",
    "cp1006",
    "iso8859-11",
]


def _texts() -> list[bytes]:
    """Byte strings that code pages read very differently: the sentences in each code page
    that can write them (long, as a file, and one at a time), and seeded random bytes."""
    out = []
    for codec in ("cp1251", "koi8-r", "cp1252", "cp1250", "iso8859-7", "cp1255", "tis-620", "cp1256"):
        fitting = [s.encode(codec) for s in SENTENCES if _encodes(s, codec)]
        out.append(b"\n".join(fitting * 20))
        out.extend(fitting[:10])
        out.append(b"\xa0".join(fitting))  # NBSP, or a letter, between the sentences
    rng = random.Random(16)
    for size in (8, 40, 300, 5000):
        out.extend(bytes(rng.randrange(256) for _ in range(size)) for _ in range(5))
    out.append(b"\x93quoted\x94 caf\xe9\xa0\xa0noir \xa0 x\xa0y\xa0z " * 50)
    out.append(b"lift \xa3825, 5\x80 or 5\xa35 (\xa5100\xa2) \xa3 \x80x " * 50)  # prices: currency signs
    out.append(b"word" * 3000 + b"\xe9" + b" tail \xe9\xe8")  # one long token, cut to MAX_TOKEN
    return out


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("codec", CODE_PAGES)
def test_badness_bytes_is_badness(codec: str) -> None:
    table = sbcs.table(codec)
    assert table is not None
    memo = sbcs.Memo()
    for data in _texts():
        text = data.decode(codec, errors="ignore")
        raw = text.encode(codec)  # undefined bytes dropped: what a strict decode accepts
        for budget in (400, 3000):
            assert sbcs.badness_bytes(raw, table, budget, memo) == pytest.approx(
                badness(text, budget), abs=1e-9
            )


@pytest.mark.parametrize(
    "codec", ["gb18030", "big5", "shift_jis", "euc_kr", "utf-8", "cp037", "no-such-codec"]
)
def test_only_single_byte_ascii_code_pages_have_tables(codec: str) -> None:
    # double-byte codecs, UTF-8 and EBCDIC read a byte as part of a character or as another
    # ASCII character: the byte tables cannot describe them, and the text is scored in Python
    assert sbcs.table(codec) is None


def test_badness_of_scores_long_text_on_its_bytes() -> None:
    text = "Прекрасная погода сегодня в Петербурге, и все гуляют. " * 400
    data = text.encode("cp1251")
    assert len(data) >= sbcs.MIN_BYTES
    assert sbcs.badness_of(data, "cp1251", text) == pytest.approx(badness(text))
    wrong = data.decode("cp1252")
    assert sbcs.badness_of(data, "cp1252", wrong) == pytest.approx(badness(wrong))
    assert badness(wrong) > 1.0
