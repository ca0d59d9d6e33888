"""The script fixer: ``auto`` repairs mixed documents only; explicit targets convert all."""

from __future__ import annotations

import opencc
import pytest

import textmend
from textmend.context import Context
from textmend.fixers import script
from textmend.options import Options

SIMPLIFIED = "上周六，我们全家去郊外爬山。山路不算陡，但走了两个多小时才到山顶。\n山顶的风很大，我们在亭子里休息了一会儿，吃了带来的面包和水果。\n"
TRADITIONAL_TW = "上週六，我們全家去郊外爬山。山路不算陡，但走了兩個多小時才到山頂。\n山頂的風很大，我們在亭子裡休息了一會兒，吃了帶來的麵包和水果。\n"
MIXED = (
    "上周六，我们全家去郊外爬山。山路不算陡，但走了两个多小时才到山顶。\n"
    "山頂的風很大，我們在亭子裏休息了一會兒，吃了帶來的麪包和水果。\n"
    "下山的时候天已经快黑了，大家都说下次还要再来。\n"
)


def fix(text: str, target: str = "auto", **kw) -> tuple[str, list]:
    return script.fix(text, Context(Options.make(target, **kw)))


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL_TW, "No Chinese at all.\n",
                                  "駅から会場までは徒歩五分ほどです。当日は受付で名札を受け取ってください。\n"])
def test_auto_leaves_uniform_text_and_japanese_alone(text):
    out, items = fix(text)
    assert out is text and items == []


def test_auto_converts_the_minority_span_to_the_dominant_script():
    out, items = fix(MIXED)
    assert out == MIXED.replace(MIXED.splitlines()[1], "山顶的风很大，我们在亭子里休息了一会儿，吃了带来的面包和水果。")
    assert [c.code for c in items] == ["TM501"]  # one change for the span, not one per character
    assert items[0].before.startswith("頂的風很大") and items[0].after.startswith("顶的风很大")  # trimmed to what changes


def test_auto_reports_spans_at_their_line_and_column():
    r = textmend.repair_text(MIXED)
    assert [(c.code, c.line, c.col) for c in r.changes] == [("TM501", 2, 2)]  # 頂 is the first change


def test_auto_leaves_short_spans_alone():
    text = "这篇报道引用了台湾《聯合報》的一段评论，我们认为值得一读。作者的观点很清楚。\n"
    out, _ = fix(text)
    assert out is text


def test_auto_leaves_evenly_mixed_text_alone():
    text = "我们学习中文。\n我們學習中文。\n"
    assert fix(text)[0] is text


def test_keep_never_converts():
    assert fix(MIXED, "keep")[0] is MIXED


def test_rules_can_be_switched_off():
    assert fix(MIXED, ignore=["TM501"])[0] is MIXED
    assert fix(SIMPLIFIED, "hant", ignore=["TM5"])[0] is SIMPLIFIED


def test_hans_from_taiwan_text():
    out, items = fix(TRADITIONAL_TW, "hans")
    assert out == SIMPLIFIED.replace("上周六", "上周六")
    # one change for the paragraph (two consecutive changed lines), from its first converted character
    assert len(items) == 1 and items[0].code == "TM502" and items[0].start == 1 and items[0].before.startswith("週六")


def test_hans_from_mixed_text():
    out, _ = fix(MIXED, "hans")
    assert "山顶的风很大" in out and opencc.OpenCC("t2s").convert(out) == out


def test_hant_keeps_neutral_characters_of_traditional_text():
    # s2t on Traditional text turns 台 into 臺; the hant target reads the text as what it is
    text = "台灣的夏天很熱，颱風也多。\n"
    assert opencc.OpenCC("s2t").convert(text) != text
    out, items = fix(text, "hant")
    assert out is text and items == []


def test_tw_and_hk_targets():
    assert fix("我们在里面等你。", "tw")[0] == "我們在裡面等你。"
    assert fix("我们在里面等你。", "hk")[0] == "我們在裏面等你。"
    assert fix("我們在裡面等你。", "hk")[0] == "我們在裏面等你。"  # a Taiwan text to Hong Kong forms
    assert fix("我們在裏面等你。", "tw")[0] == "我們在裡面等你。"


def test_conversion_changes_are_per_paragraph_with_offsets_into_the_input():
    text = "第一行没有要改的ABC\n这里有几个字要改\n\n第二段：北京很冷\n标点符号。\n这一行也要改\n"
    out, items = fix(text, "hant")
    assert out == "第一行沒有要改的ABC\n這裏有幾個字要改\n\n第二段：北京很冷\n標點符號。\n這一行也要改\n"
    # the first two lines are one run; line 4 has nothing to convert and splits the second run
    assert [(c.before, c.after) for c in items] == [
        ("没有要改的ABC\n这里有几个", "沒有要改的ABC\n這裏有幾個"),
        ("标点符号。\n这", "標點符號。\n這"),
    ]
    for c in items:
        assert text[c.start : c.end] == c.before


def test_conversion_changes_are_located_at_their_first_converted_character():
    text = "第一行\n\n他说：没有问题。\n"
    r = textmend.repair_text(text, script="hant")
    assert r.text == "第一行\n\n他說：沒有問題。\n"
    assert [(c.line, c.col) for c in r.changes] == [(3, 2)]


def test_simplified_phrases_come_back_from_a_converters_output():
    # 想象 -> s2t -> 想像, which t2s keeps; a text in OpenCC's standard forms (爲, 裏) is a
    # converter's output, and the writer's 想象 is restored
    original = "这里的风景比我们想象的还要美，因为山上的空气很好。\n"
    converted = opencc.OpenCC("s2t").convert(original)
    assert "想像" in converted and opencc.OpenCC("t2s").convert(converted) != original
    assert fix(converted, "hans")[0] == original
    # genuine Traditional text (no converter's forms) keeps what OpenCC's t2s gives
    assert fix("大家的想像力都很豐富。", "hans")[0] == "大家的想像力都很丰富。"


def test_text_without_han_costs_nothing():
    text = "x" * 10_000
    assert fix(text, "hans")[0] is text


# --- the one-script shortcut: what the detector would say, without running it ---------------

@pytest.mark.parametrize(
    "text, expected",
    [
        (SIMPLIFIED, True),
        (TRADITIONAL_TW, True),
        (MIXED, False),
        (SIMPLIFIED + "这段话的最后一个字坏了：\ufffd 还有一个表情 🙂\n", True),  # neither script's characters are ignored
        (TRADITIONAL_TW + "壞了的字：\ufffd\n", True),
        ("老師說这个问题很重要。\n", False),  # 師 說 beside 这 问 题
    ],
)
def test_one_script_agrees_with_the_detector(text: str, expected: bool) -> None:
    from textmend.zh.detect import marked

    assert script.one_script(text) is expected
    marks = marked(text)
    assert expected is not ("\x01" in marks and "\x02" in marks)


@pytest.mark.parametrize("target", ["hans", "hant", "tw", "hk"])
@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL_TW, SIMPLIFIED + "\ufffd🙂\n"])
def test_uniform_text_converts_as_the_detector_would_have_it(
        monkeypatch: pytest.MonkeyPatch, target: str, text: str) -> None:
    fast = script.convert_to(text, target)
    monkeypatch.setattr(script, "_lacks", lambda _text, _check: False)  # always ask the detector
    slow = script.convert_to(text, target)
    assert fast[0] == slow[0]
    assert [(c.start, c.end, c.after, c.message) for c in fast[1]] == [
        (c.start, c.end, c.after, c.message) for c in slow[1]]
