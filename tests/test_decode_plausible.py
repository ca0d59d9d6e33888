"""The plausibility measure that chooses between readings of the same bytes."""

from __future__ import annotations

import pytest

from textmend.decode.plausible import badness, char_script, common_han, common_hangul, profile

RIGHT_AND_WRONG = [
    ("Прекрасная погода сегодня в Петербурге.", "cp1251", "cp1252"),
    ("Прекрасная погода сегодня в Петербурге.", "koi8-r", "cp1251"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250", "cp1252"),
    ("北京欢迎你，欢迎来到中国。", "gbk", "cp1252"),
    ("台北的夜市非常熱鬧，小吃很多。", "big5", "iso8859-15"),
    ("東京の桜はもうすぐ満開です。", "shift_jis", "cp437"),
    ("ステーキであってステーキでない", "euc_jp", "tis-620"),
]


@pytest.mark.parametrize(("text", "right", "wrong"), RIGHT_AND_WRONG)
def test_the_right_reading_is_more_plausible(text: str, right: str, wrong: str) -> None:
    data = text.encode(right)
    assert badness(data.decode(right)) < badness(data.decode(wrong, errors="replace"))


@pytest.mark.parametrize(
    "text",
    [
        "plain ASCII only",
        "Ça coûte 5 € — très cher « vraiment ».",
        "Grüße aus München",
        "Καλημέρα κόσμε",
        "שלום עולם",
        "ภาษาไทยเป็นภาษาที่สวยงาม",
        "한국어 문장입니다",
        "今日は、いい天気ですね。",
    ],
)
def test_ordinary_text_costs_little(text: str) -> None:
    assert badness(text) < 0.2


@pytest.mark.parametrize(
    "junk",
    [
        "ÐŸÑ€Ð¸Ð²ÐµÑ‚",
        "Ïðèâåò, êàê äåëà",
        "caf\x83 \x9d au lait",
        "ABC\ue000DEF",
        "pas๓ dos semanas",
    ],
)
def test_wrong_readings_cost_more(junk: str) -> None:
    assert badness(junk) >= 0.4


def test_one_letter_alone_proves_little() -> None:
    # a stray Å between ASCII words reads as a name's letter: no reading is condemned for it
    assert badness("DVDÅ|News") < 0.4


def test_case_flip_inside_a_word_costs() -> None:
    assert badness("пРИВЕТ мИР") > badness("Привет мир")


def test_tiers_are_derived_from_the_codecs() -> None:
    assert "的" in common_han() and "國" in common_han() and "駅" in common_han()
    assert "\u9fa5" not in common_han()
    assert "한" in common_hangul() and len(common_hangul()) == 2350


def test_scripts() -> None:
    assert [char_script(c) for c in "aЖλא中かカ한ก"] == [
        "Latin",
        "Cyrillic",
        "Greek",
        "Hebrew",
        "Han",
        "Kana",
        "Kana",
        "Hangul",
        "Thai",
    ]


def test_profile_tells_hangul_from_han() -> None:
    p = profile("한국어 문장")
    assert set(p.scripts) == {"Hangul"}
    assert p.script_share("漢字") == 0.0 and p.script_share("문장") == 1.0
    assert p.overlap("문장") == 1.0
