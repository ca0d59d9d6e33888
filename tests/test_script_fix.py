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


@pytest.mark.parametrize(
    "text",
    [
        SIMPLIFIED,
        TRADITIONAL_TW,
        "No Chinese at all.\n",
        "駅から会場までは徒歩五分ほどです。当日は受付で名札を受け取ってください。\n",
    ],
)
def test_auto_leaves_uniform_text_and_japanese_alone(text):
    out, items = fix(text)
    assert out is text and items == []


def test_auto_never_converts_a_passage_written_in_one_script():
    # a Traditional paragraph in a Simplified article is consistent text, not damage
    out, items = fix(MIXED)
    assert out is MIXED and items == []


def test_auto_leaves_a_clean_traditional_passage_of_a_utf8_file_alone():
    data = (SIMPLIFIED + TRADITIONAL_TW + SIMPLIFIED).encode("utf-8")
    r = textmend.repair_bytes(data)
    assert r.text == data.decode("utf-8") and r.changes == []


def test_auto_normalises_characters_a_converter_left_behind():
    # 电 脑 还 are Simplified in a Traditional sentence: a run of Han characters mixing the scripts
    text = TRADITIONAL_TW + "我們這裡的电脑还很快，大家都說好用。\n"
    out, items = fix(text)
    assert out == TRADITIONAL_TW + "我們這裡的電腦還很快，大家都說好用。\n"
    assert [(c.code, c.before, c.after) for c in items] == [("TM501", "电脑还", "電腦還")]
    # and the other way round: a Simplified run with three Traditional characters
    text = SIMPLIFIED + "我们这里的電腦還很快，大家都说好用。\n"
    out, items = fix(text)
    assert out == SIMPLIFIED + "我们这里的电脑还很快，大家都说好用。\n"
    assert [c.code for c in items] == ["TM501"]


@pytest.mark.parametrize("word", ["东捱西问", "将军抽車", "细濛濛", "詀言詀语", "传风搧火"])
def test_auto_leaves_one_character_of_the_other_script_alone(word):
    # rare words written so (these are from jieba's and pypinyin's dictionaries), and names
    text = SIMPLIFIED + word + "\n"
    assert fix(text)[0] is text


def test_auto_reports_mixed_runs_at_their_line_and_column():
    r = textmend.repair_text(SIMPLIFIED + "我们这里的電腦還很快。\n")
    assert r.text == SIMPLIFIED + "我们这里的电脑还很快。\n"
    assert [(c.code, c.line, c.col) for c in r.changes] == [("TM501", 3, 6)]  # 電 is the first change


def test_auto_leaves_a_few_characters_of_the_other_script_in_a_long_text_alone():
    # two Traditional characters in a Simplified article: too few to be a converter's leftovers
    text = SIMPLIFIED * 5 + "我们这里的電腦很快。\n"
    assert fix(text)[0] is text


def test_auto_never_converts_a_passage_to_the_other_half_of_the_document():
    # A clean document: a Simplified first half, a Traditional second half, each consistent.
    # Inside the Traditional half, a line a converter left half done is normalised to the
    # Traditional of its passage, never to the Simplified of the longer half; and a line of
    # the Traditional half written with variant forms OpenCC reads as Simplified (恒 却) keeps
    # its Traditional characters (銀行 股價).
    damaged = "我們這裡的电脑还很快，大家都說好用。\n"
    text = SIMPLIFIED * 8 + TRADITIONAL_TW * 3 + damaged + TRADITIONAL_TW
    out, items = fix(text)
    assert (
        out == SIMPLIFIED * 8 + TRADITIONAL_TW * 3 + "我們這裡的電腦還很快，大家都說好用。\n" + TRADITIONAL_TW
    )
    assert [(c.code, c.before, c.after) for c in items] == [("TM501", "电脑还", "電腦還")]
    variants = "恒生銀行的股價却升了，成交量也增加了。\n"
    text = SIMPLIFIED * 8 + TRADITIONAL_TW * 3 + variants + TRADITIONAL_TW
    out, _ = fix(text)
    assert "銀行的股價" in out and out.count(TRADITIONAL_TW) == 4 and out.count(SIMPLIFIED) == 8


def test_auto_leaves_a_damaged_run_at_the_seam_of_two_passages_to_its_own_line():
    # the line after the seam: Simplified before it, Traditional after; its own line says
    # Traditional (說), so its Simplified characters are the converter's, not the passage's
    damaged = "我們這裡的电脑还很快，大家都說好用。\n"
    text = SIMPLIFIED * 8 + damaged + TRADITIONAL_TW * 3
    out, items = fix(text)
    assert [(c.before, c.after) for c in items] == [("电脑还", "電腦還")]
    # with nothing else on its line, the run could belong to either passage: it is left alone
    text = SIMPLIFIED * 8 + "我們這裡的电脑还很快。\n" + TRADITIONAL_TW * 3
    assert fix(text)[0] is text
    # while inside one passage, the same line takes the passage's script
    text = SIMPLIFIED * 8 + TRADITIONAL_TW * 3 + "我們這裡的电脑还很快。\n" + TRADITIONAL_TW
    assert "我們這裡的電腦還很快。" in fix(text)[0]


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
    assert out == opencc.OpenCC("t2s").convert(TRADITIONAL_TW)
    # one change for the article, from its first converted character to its last
    assert (
        len(items) == 1
        and items[0].code == "TM502"
        and items[0].start == 1
        and items[0].before.startswith("週六")
    )


def test_hans_from_mixed_text():
    out, _ = fix(MIXED, "hans")
    assert "山顶的风很大" in out and opencc.OpenCC("t2s").convert(out) == out


@pytest.mark.parametrize("target", ["hans", "hant", "tw", "hk"])
@pytest.mark.parametrize(
    "text", [SIMPLIFIED, TRADITIONAL_TW, MIXED, "台灣的夏天很熱，颱風也多。汙染。\n", "狸猫 狸貓 貍貓"]
)
def test_explicit_targets_give_exactly_opencc_output(target, text):
    config = {"hans": "t2s", "hant": "s2t", "tw": "s2tw", "hk": "s2hk"}[target]
    assert fix(text, target)[0] == opencc.OpenCC(config).convert(text)


def test_opencc_cases_that_failed_before():
    assert fix("狸猫 狸貓 貍貓", "tw")[0] == "狸貓 狸貓 貍貓"  # no longer left partly unconverted
    assert fix("狸猫 狸貓 貍貓", "hk")[0] == "狸貓 狸貓 貍貓"
    text = "戴奧辛是一類公認的劇毒、持久性環境汙染物"
    assert fix(text, "hant")[0] is text  # s2t keeps 汙


def test_tw_and_hk_targets():
    assert fix("我们在里面等你。", "tw")[0] == "我們在裡面等你。"
    assert fix("我们在里面等你。", "hk")[0] == "我們在裏面等你。"
    assert fix("我們在裏面等你。", "tw")[0] == "我們在裡面等你。"


def test_conversion_changes_are_per_stretch_with_offsets_into_the_input():
    far = "\n" + "这一行很长，" * 1500 + "\n"
    text = "第一行没有要改的ABC\n" + "x" * 10_000 + far
    out, items = fix(text, "hant")
    assert out == opencc.OpenCC("s2t").convert(text)
    # two conversions 10,000 unchanged characters apart are two changes, each trimmed
    assert [(c.before[:3], c.after[:3]) for c in items] == [("没", "沒"), ("这一行", "這一行")]
    for c in items:
        assert text[c.start : c.end] == c.before and c.before[-1] != c.after[-1]


def test_conversion_changes_are_located_at_their_first_converted_character():
    text = "第一行\n\n他说：没有问题。\n"
    r = textmend.repair_text(text, script="hant")
    assert r.text == "第一行\n\n他說：沒有問題。\n"
    assert [(c.line, c.col) for c in r.changes] == [(3, 2)]


# --- Japanese keeps its kanji ----------------------------------------------------------------

JAPANESE = "製品情報\n日本語の説明書が付属しています。価格は三千円です。\n"


@pytest.mark.parametrize("target", ["hans", "hant", "tw", "hk"])
def test_a_japanese_document_is_not_converted(target):
    # 日本語 and 製品 are Traditional characters to OpenCC (t2s: 日本语, 制品); here they are Japanese
    assert opencc.OpenCC("t2s").convert(JAPANESE) != JAPANESE
    out, items = fix(JAPANESE, target)
    assert out is JAPANESE and items == []


def test_kanji_next_to_kana_keep_their_characters_in_chinese_text():
    text = TRADITIONAL_TW + "他說「東京の製品は高い」，我們覺得很對。\n"
    out, _ = fix(text, "hans")
    assert out == opencc.OpenCC("t2s").convert(TRADITIONAL_TW) + "他说「東京の製品は高い」，我们觉得很对。\n"


# --- a conversion is a fixed point -----------------------------------------------------------


@pytest.mark.parametrize("target", ["hans", "hant", "tw", "hk"])
@pytest.mark.parametrize(
    "text",
    [
        "薴",
        "苧",
        "苎",
        "鋭",
        "銳",
        "裡",
        "裏",
        "浣犲ソ这是",
        "鏈嬪弸我们的",
        "璋㈣阿这里",
        "他说：鏈嬪弸还没有。\n第二行。\n",
    ],
)
def test_repair_twice_changes_nothing_more(target, text):
    once = textmend.repair_text(text, script=target)
    assert textmend.repair_text(once.text, script=target).text == once.text


def test_a_line_that_reads_as_mojibake_once_converted_is_left_with_a_finding():
    # 鏈嬪弸 is 朋友 (UTF-8 read as GBK); converted, the line would be repaired on the next run
    r = textmend.repair_text("鏈嬪弸我们的", script="hant")
    assert r.text == "鏈嬪弸我们的"
    assert [f.code for f in r.findings] == ["TM502"]


def test_fixed_point_characters():
    assert fix("薴", "hans")[0] == "苎" and fix("苧", "hans")[0] == "苎"
    assert fix("苎", "hant")[0] == "薴"


def test_simplified_phrases_come_back_from_a_converters_output():
    # 想象 -> s2t -> 想像, which t2s keeps; a text in OpenCC's standard forms (爲, 裏) is a
    # converter's output, and the writer's 想象 is restored
    original = "这里的风景比我们想象的还要美，因为山上的空气很好。\n"
    converted = opencc.OpenCC("s2t").convert(original)
    assert "想像" in converted and opencc.OpenCC("t2s").convert(converted) != original
    assert fix(converted, "hans")[0] == original
    # genuine Traditional text (no converter's forms) keeps what OpenCC's t2s gives
    assert fix("大家的想像力都很豐富。", "hans")[0] == "大家的想像力都很丰富。"


def test_phrases_are_restored_alike_when_the_anchors_present_are_given():
    """`restore_phrases` given the anchors the text holds (the script fixer's screen counted
    them) finds the same phrases as when it looks for every anchor."""
    from textmend.zh.convert import _reverse_phrases, phrase_anchors, restore_phrases

    t2s = opencc.OpenCC("t2s")
    table = _reverse_phrases()[1]
    traditional = [trad for entries in table.values() for _at, trad, _plain, _simp in entries]
    texts = ["".join(traditional[i::7]) + "。這裏爲你想像。\n" for i in range(7)]
    texts += ["大家的想像力都很豐富。", opencc.OpenCC("s2t").convert("这里的风景比我们想象的还要美。" * 50)]
    restored = 0
    for before in texts:
        after = t2s.convert(before)
        present = phrase_anchors() & frozenset(before)
        assert restore_phrases(before, after, present) == restore_phrases(before, after), before
        assert restore_phrases(before, after, frozenset()) == after
        restored += restore_phrases(before, after) != after
    assert restored >= 7


def test_a_converters_output_keeps_opencc_where_the_writer_is_not_known():
    # s2t turns both 万余 and 万馀 into 萬餘: the bytes cannot say which the writer had, so
    # OpenCC's 万余, the common word, stands (a news text through a converter, 爲 marking it)
    original = "2001年被评选为十大创业新锐之一。目前，百度的竞价排名客户达3万余家。\n"
    converted = opencc.OpenCC("s2t").convert(original)
    assert "萬餘" in converted and "爲" in converted
    assert fix(converted, "hans")[0] == original


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
        (
            SIMPLIFIED + "这段话的最后一个字坏了：\ufffd 还有一个表情 🙂\n",
            True,
        ),  # neither script's characters are ignored
        (TRADITIONAL_TW + "壞了的字：\ufffd\n", True),
        ("老師說这个问题很重要。\n", False),  # 師 說 beside 这 问 题
    ],
)
def test_one_script_agrees_with_the_detector(text: str, expected: bool) -> None:
    from textmend.zh.detect import marked, one_script

    assert one_script(text) is expected
    marks = marked(text)
    assert expected is not ("\x01" in marks and "\x02" in marks)


def test_explicit_target_runs_without_screen_evidence() -> None:
    # With an explicit target the script fixer gives the pipeline no evidence (any Han
    # character would be evidence, and would make its screen ask every pattern over the rest
    # of a Chinese text); it always runs and looks for Han itself, so a text whose one Han
    # passage comes after a long Latin one is still converted, and Han-free text is left.
    assert script.evidence(Options(script="hans")) is None
    assert script.evidence(Options(script="auto")) != ()
    text = "Résumé of the meeting. " * 400 + "\n會議紀錄：這裡說的話都記下來了。\n"
    out = textmend.repair_text(text, script="hans").text
    assert out.endswith("会议纪录：这里说的话都记下来了。\n")
    assert out.startswith("Résumé of the meeting. ")
    latin = "Ça coûte 5 € à Zürich, déjà vu.\n" * 50
    assert textmend.repair_text(latin, script="hans").text == latin
