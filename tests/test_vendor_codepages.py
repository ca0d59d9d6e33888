"""Mojibake made by the code pages real software runs, which differ from Python's codecs.

Windows cp936 and browsers' gbk decoder read byte 0x80 as €, which Python's gbk refuses; UTF-8
read that way leaves a € wherever a character's bytes held 0x80 (发 = E5 8F 91, 送 = E9 80 81).
"""

from __future__ import annotations

import codecs

import pytest

import textmend
from textmend.text import converters  # noqa: F401 - registers the win-cp936 codec


@pytest.mark.parametrize(
    ("shown", "clean"),
    [
        ("鍙戦€丠TTP璇锋眰", "发送HTTP请求"),
        ("闇€瑕佹敼", "需要改"),
        ("鎵€鏈夌殑", "所有的"),
    ],
)
def test_utf8_read_as_windows_cp936_is_repaired(shown: str, clean: str) -> None:
    # the damage as Windows makes it: the bytes are the UTF-8 of the clean text
    assert clean.encode("utf-8").decode("win-cp936") == shown
    result = textmend.repair_text(shown)
    assert result.text == clean
    assert [c.message for c in result.changes] == ["mojibake: utf-8 read as gbk"]


def test_a_real_euro_sign_in_chinese_text_stays() -> None:
    text = "价格：€100，谢谢。发送€100到这个账户。"
    assert textmend.repair_text(text).text == text


def test_python_gbk_refuses_what_cp936_reads() -> None:
    # the reason for the vendor codec: without it, the 0x80 is a barrier to the search
    with pytest.raises(UnicodeDecodeError):
        b"\x80".decode("gbk")
    assert codecs.decode(b"\x80", "win-cp936") == "€"
