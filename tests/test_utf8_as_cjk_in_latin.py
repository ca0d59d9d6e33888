"""UTF-8 Latin text read as a double-byte charset: one CJK character inside each accented word.

A two-byte UTF-8 letter (ö is C3 B6) read as Big5, GBK or EUC-KR is one character, and often a
common one (``繹``, ``茫``, ``탑``), which the CJK fixer's suspicious class lets pass; what marks
it is where it stands, between two letters of a Latin word (``Bj繹rn``). Such a character sends
its line to the search (`textmend.mojibake.screen.LATIN_GLUED`), which decides.
"""

from __future__ import annotations

import pytest

import textmend
from textmend.text import converters  # noqa: F401 - registers the win-* codecs


@pytest.mark.parametrize(
    ("reader", "clean"),
    [
        ("win-cp950", "Søren købte brød på torvet i går."),
        ("win-cp950", "Der Bäcker öffnet schon um fünf Uhr."),
        ("win-cp936", "A canção do Simão começa com uma lição."),
        ("win-cp936", "O alemão e o francês são línguas difíceis."),
    ],
)
def test_utf8_latin_read_as_a_cjk_page_is_repaired(reader: str, clean: str) -> None:
    shown = clean.encode("utf-8").decode(reader)
    assert shown != clean
    assert any("a" <= shown[i - 1].lower() <= "z" and "\u4e00" <= c <= "\u9fff" for i, c in enumerate(shown))
    assert textmend.repair_text(shown).text == clean


@pytest.mark.parametrize(
    "clean",
    [
        "我们用Python写script，然后在Linux上跑测试。",
        "這個App叫做Line的聊天軟體很多人用。",
        "Windows에서Linux로 옮긴 뒤 설정을 다시 했어요.",
        "iPhone用USB充電ケーブルを買いました。",
    ],
)
def test_clean_cjk_text_with_latin_words_is_left(clean: str) -> None:
    assert textmend.repair_text(clean).text == clean
