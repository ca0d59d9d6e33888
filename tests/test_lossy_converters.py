"""Lost characters under the converters that really break text: browsers' and Windows' decoders.

Python's CJK codecs replace one byte at a time; the WHATWG decoders and Windows' code pages
replace a lead byte and the non-ASCII byte after it with ONE marker, a ``?`` per bad pair takes
an ASCII byte along, and Japanese Windows tools write ``・``. A restored character must be right:
where the markers cannot tell how many bytes they stand for, they stay and are reported (TM204).
The damage is made by `textmend.text.converters`, on sentences written for these tests.
"""

from __future__ import annotations

import pytest

import textmend
from textmend.text.converters import CONVERTERS, KATAKANA_DOT, QUESTION

MARKERS = frozenset("\ufffd?\u30fb")


def _damaged(clean: str, decoder: str, errors: str, split: str | None = None) -> str:
    return CONVERTERS[decoder].decode(clean.encode("utf-8"), errors, split=split)  # type: ignore[arg-type]


def _invented(clean: str, out: str, damaged: str) -> set[str]:
    """The characters of `out` that are not in `clean`, nor a marker, nor left as they were in
    `damaged`: wrong restorations."""
    return {c for c in out if c not in clean and c not in MARKERS and c not in damaged}


@pytest.mark.parametrize(
    ("clean", "decoder"),
    [
        ("田中さんは来週の月曜日から大阪支社に転勤することになりました。", "whatwg-euc-kr"),
        ("서울에서 부산까지 KTX로 약 2시간 40분이 걸립니다.", "whatwg-euc-kr"),
        ("今年の桜は例年より一週間ほど早く咲きました。", "whatwg-shift_jis"),
    ],
)
def test_a_u_fffd_for_two_bytes_restores_nothing_wrong(clean: str, decoder: str) -> None:
    """WHATWG EUC-KR reads E9 80 of 週 as one U+FFFD: read as one byte lost before B1 it has one
    candidate, ɱ, of no script around it; the character stays lost and is reported."""
    damaged = _damaged(clean, decoder, "replace")
    assert "\ufffd" in damaged
    got = textmend.repair_text(damaged)
    assert not _invented(clean, got.text, damaged), got.text
    assert any(f.code == "TM204" for f in got.findings)


def test_katakana_middle_dot_is_a_lost_marker_not_its_bytes() -> None:
    """``・`` is what cp932 tools write for bytes they cannot read, not the bytes 81 45 of the
    character: ``ﾑ・ `` is ю with its last byte lost before a space, never ``с`` and an ``E``."""
    clean = "Поздравляю с Новым годом и до встречи в январе!"
    damaged = _damaged(clean, "win-cp932", KATAKANA_DOT)
    assert "\u30fb" in damaged
    got = textmend.repair_text(damaged).text
    assert "E" not in got
    assert not _invented(clean, got, damaged), got
    assert got.startswith("Поздравля") and "Новым годом" in got
    # what stays lost keeps the text's own marker
    assert "\ufffd" not in got and "\u30fb" in got


@pytest.mark.parametrize(
    ("clean", "decoder"),
    [
        ("Київ — одне з найстаріших міст Східної Європи.", "win-cp932"),
        ("Phở bò ở quán này rất ngon, chỉ 45.000 đồng một bát.", "win-cp949"),
    ],
)
def test_question_mark_per_bad_pair_restores_nothing_wrong(clean: str, decoder: str) -> None:
    """A ``?`` per bad pair swallows the ASCII byte after a lead: where the text shows that, a
    lost character's one-byte candidates are no evidence."""
    damaged = _damaged(clean, decoder, QUESTION, "pair")
    got = textmend.repair_text(damaged).text
    assert not _invented(clean, got, damaged), got


@pytest.mark.parametrize(
    ("clean", "decoder"),
    [
        ("Tôi sẽ gọi lại cho bạn sau.", "win-cp936"),
        ("Tôi sẽ gọi lại cho bạn sau.", "win-cp950"),
        ("„Kde je nádraží?“ zeptal se turista.", "win-cp936"),
        ("„Wann fährt der letzte Zug?“ wollte sie wissen.", "win-cp932"),
    ],
)
def test_a_question_mark_per_bad_pair_gives_back_the_space_it_took(clean: str, decoder: str) -> None:
    """``sẽ gọi`` in cp936 with ``?`` per bad pair is ``s岷?g``: BD (the last byte of ẽ) and
    the space after it are one ``?``. The candidates of that ``?`` are a character and the
    ASCII byte it took; where the line shows that decoder (a ``?`` before a letter), the
    context restores both."""
    damaged = _damaged(clean, decoder, QUESTION, "pair")
    assert " " not in damaged[damaged.index("?") :][:2]
    assert textmend.repair_text(damaged).text == clean


def test_a_lost_byte_and_the_byte_it_took_are_candidates_of_two_characters() -> None:
    """E1 BA then a ``?`` before ``t``: under a decoder of pairs, a character of E1 BA 80..BF
    and a space (or a common mark), never the one-byte readings Python's GBK alone allows
    (A5 74 is a pair Windows' cp936 maps, to private use)."""
    from textmend.mojibake.lossy import lost_or_swallowed, swallowed

    assert 0x20 in swallowed("gbk")[0xBD] and 0x74 not in swallowed("gbk")[0xBD]
    options = lost_or_swallowed((0xE1, 0xBA, None), "gbk", 0x74)
    assert "ẽ " in options and "ẽ," in options
    assert all(len(o) == 2 for o in options)
    assert "ấ" not in options


def test_a_question_mark_per_byte_before_wide_text_keeps_its_one_byte_reading() -> None:
    """Python's GBK loses 80 before any byte beyond ASCII (U+3000 is E3 80 80): saved again
    in GBK, each marker is a ``?`` before the next character's lead byte, which is no sign of
    a decoder of pairs: the ideographic spaces are restored."""
    clean = "\u3000\u3000这家店的面条很好吃。\n\u3000\u3000价格也不贵。"
    damaged = (
        clean.encode("utf-8").decode("gbk", errors="replace").encode("gbk", errors="replace").decode("gbk")
    )
    assert "?" in damaged
    assert textmend.repair_text(damaged).text == clean


@pytest.mark.parametrize(
    "clean",
    [
        "会议推迟到下周三上午十点，地点改在三楼的小会议室。\n发送 HTTP 请求之前，请先确认网络连接是否正常。",
        "周末去爬山吗？天气预报说是晴天。",
    ],
)
def test_python_codecs_lost_bytes_are_still_restored(clean: str) -> None:
    """Python's GBK loses one byte per marker, before ASCII: those characters are restored."""
    damaged = clean.encode("utf-8").decode("gbk", errors="replace")
    assert "\ufffd" in damaged
    assert textmend.repair_text(damaged).text == clean


def test_double_round_trip_leaves_no_letters_of_other_scripts() -> None:
    """锟斤拷: GBK read as UTF-8 (U+FFFD), saved as UTF-8, read as GBK. Read back once, the text
    is U+FFFD and the GBK bytes that happened to be valid UTF-8 (``װ`` for 装): those are
    lost characters too, not Hebrew and IPA letters."""
    clean = "如果安装失败，请删除缓存目录（~/.cache/app）后重新运行。"
    damaged = clean.encode("gbk").decode("utf-8", "replace").encode("utf-8").decode("win-cp936")
    assert "锟斤拷" in damaged
    got = textmend.repair_text(damaged)
    assert not _invented(clean, got.text, damaged), got.text
    assert "~/.cache/app" in got.text and "锟" not in got.text
    assert any(f.code == "TM204" for f in got.findings)
    # the repair names the round trip that happened, oldest reading first
    assert got.changes and all(
        c.message.startswith("mojibake: gbk read as utf-8, then utf-8 read as gbk") for c in got.changes
    ), [c.message for c in got.changes]


def test_private_use_characters_alone_are_no_reading() -> None:
    """GBK text read as cp932 shows private use characters for cp932's user rows; two of them
    around a Hanzi read back through Big5 as ``克Ф—`` are no words."""
    clean = "她说：“我们明天早上六点出发，别迟到！”"
    damaged = CONVERTERS["win-cp932"].decode(clean.encode("win-cp936"), KATAKANA_DOT)
    assert any("\ue000" <= c <= "\uf8ff" for c in damaged)
    got = textmend.repair_text(damaged).text
    assert "Ф" not in got


def test_a_character_only_the_real_decoders_give_names_them() -> None:
    """쇒 is UHC's 99 C3, beyond KS X 1001: Python's euc_kr refuses it, Windows' cp949 and the
    browsers' EUC-KR give it, so a line holding it was read by one of them. Text Python's
    codec can give names none."""
    from textmend.mojibake.lossy import shows_converters

    assert set(shows_converters("L?쇒쯶챕 est l횪.", "euc-kr")) <= {"win-cp949", "whatwg-euc-kr"}
    assert shows_converters("L?쇒쯶챕 est l횪.", "euc-kr")
    assert shows_converters("가나다 ?", "euc-kr") == ()


@pytest.mark.parametrize(
    ("clean", "decoder", "errors", "split"),
    [
        ("Lorsqu’il fait beau, l’été est là.", "win-cp949", QUESTION, "pair"),
        ("Lorsqu’il fait beau, l’été est là.", "whatwg-euc-kr", "replace", None),
    ],
)
def test_a_marker_for_a_pair_the_decoder_maps_restores_nothing_wrong(
    clean: str, decoder: str, errors: str, split: str | None
) -> None:
    """``’é`` (E2 80 99 C3 A9) in cp949 is a marker for E2 80, then 99 C3 (쇒): read as one byte
    lost before 99, Python's euc_kr leaves ę (C4 99), a pair cp949 maps to 휌. The line's UHC
    syllables show cp949 or the browsers read it, where a marker may be two bytes: it stays."""
    damaged = _damaged(clean, decoder, errors, split)
    got = textmend.repair_text(damaged).text
    assert not _invented(clean, got, damaged), got
