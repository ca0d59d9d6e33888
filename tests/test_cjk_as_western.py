"""Legacy CJK text read as a Western code page other than windows-1252, and UTF-8 read as those
pages: the channels of `textmend.text.encodings` for windows-1250 (Central Europe), windows-1254
(Turkey), cp850 and cp437 (DOS consoles, and the names in zip archives, which DOS tools write in
cp437).

A Chinese, Japanese or Korean text saved in its own code page and opened by a program set to
windows-1250 shows every double-byte character as two Central European letters or signs
(``ÄăşĂ``); the same bytes are the mojibake windows-1252 shows, in other letters, so the repair is
the one the windows-1252 channel makes, through the reader's own table.
"""

from __future__ import annotations

import pytest

import textmend
from textmend.text import converters  # noqa: F401 - registers the win-* codecs

#: (writer, language, sentence): sentences written for these tests, one per CJK code page.
CJK_TEXTS = [
    ("win-cp936", "我们下周三下午在会议室讨论新的预算方案。"),
    ("win-cp950", "這家書店每週末都會舉辦讀書會，歡迎大家參加。"),
    ("win-cp932", "明日の朝は駅前の喫茶店で待ち合わせましょう。"),
    ("whatwg-euc-jp", "図書館の本は二週間以内に返してください。"),
    ("win-cp949", "내일 아침 아홉 시에 회의실에서 만나요."),
]

READERS = ["win-cp1250", "win-cp1254", "cp850"]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("writer", "clean"), CJK_TEXTS)
def test_cjk_read_as_a_western_page_is_repaired(writer: str, clean: str, reader: str) -> None:
    if reader == "cp850" and writer in ("win-cp950", "win-cp932"):
        pytest.skip("Big5 and Shift-JIS as cp850: not registered (clean Latin text reads back as them)")
    shown = clean.encode(writer).decode(reader)
    assert shown != clean
    assert textmend.repair_text(shown).text == clean


@pytest.mark.parametrize(
    "clean",
    [
        "휴가사진_2024.zip 안의 보고서_최종본.hwp",
        "계약서 초안과 견적서를 함께 보내드립니다.",
    ],
)
def test_korean_zip_names_read_as_cp437_are_repaired(clean: str) -> None:
    shown = clean.encode("win-cp949").decode("cp437")
    assert textmend.repair_text(shown).text == clean


@pytest.mark.parametrize(
    ("reader", "clean"),
    [
        ("win-cp1250", "Mañana iré a la librería con mis compañeros."),
        ("win-cp1250", "Zítra ráno pojedeme vlakem do Brna."),
        ("win-cp1254", "Le musée ouvre à neuf heures, même le dimanche."),
        ("cp437", "Nästa möte är på fredag klockan tio."),
        ("cp850", "A reunião começa às três horas, não às duas."),
    ],
)
def test_utf8_read_as_these_pages_is_repaired_as_utf8(reader: str, clean: str) -> None:
    # UTF-8 Latin text read as these pages must come back as itself, not as a CJK reading of a
    # few of its byte pairs (which the CJK channels into the same page would also allow)
    shown = clean.encode("utf-8").decode(reader)
    assert shown != clean
    assert textmend.repair_text(shown).text == clean


@pytest.mark.parametrize(
    "clean",
    [
        "írni írtam író aha akarta bíróság címe digitális",
        "círculo punteado | círculo vacío con círculo relleno dentro",
        "Müdür bütün raporları çok büyük bir özenle inceledi.",
        "Příliš žluťoučký kůň úpěl ďábelské ódy.",
        "Zażółć gęślą jaźń, powiedział Łukasz.",
    ],
)
def test_clean_latin_text_is_left(clean: str) -> None:
    # accented letters sit at the DBCS lead bytes of cp850 and cp437 and of windows-1250: a clean
    # text read back through those tables is no evidence of a CJK text
    assert textmend.repair_text(clean).text == clean
