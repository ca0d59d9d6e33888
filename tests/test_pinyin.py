"""Inline pinyin residue: removal when systematic, glosses untouched, damaged annotations."""

from __future__ import annotations

import pytest

import textmend
from textmend.context import Context
from textmend.fixers import pinyin
from textmend.options import Options
from textmend.result import Change, Finding
from textmend.zh import readings

RESIDUE = "今(jīn)天(tiān)上(shàng)午(wǔ)，學(xué)校(xiào)舉(jǔ)辦(bàn)了(le)運(yùn)動(dòng)會(huì)。"
CLEAN = "今天上午，學校舉辦了運動會。"


def fix(text: str, **kw) -> tuple[str, list]:
    return pinyin.fix(text, Context(Options.make(**kw)))


def test_readings():
    assert readings.is_reading("經", "jīng") and readings.is_reading("經", "jìng")  # a polyphone: any reading
    assert readings.is_reading("們", "men") and readings.is_reading("子", "zi")  # neutral tone
    assert readings.is_reading("經", "jing")  # toneless counts as the neutral tone
    assert not readings.is_reading("經", "jǐng") and not readings.is_reading("量", "a")
    assert readings.is_reading("綠", "lǜ") and readings.is_reading("綠", "lv")  # v for ü, as typed
    assert readings.is_reading("綠", "lu\u0308\u0300")  # combining marks are normalised


def test_removes_systematic_residue():
    out, items = fix(RESIDUE)
    assert out == CLEAN
    assert all(isinstance(i, Change) and i.code == "TM601" for i in items)


def test_one_change_per_run_of_annotations():
    _, items = fix(RESIDUE)
    assert [(c.before, c.after) for c in items][:2] == [
        ("今(jīn)天(tiān)上(shàng)午(wǔ)", "今天上午"),
        ("學(xué)校(xiào)舉(jǔ)辦(bàn)了(le)運(yùn)動(dòng)會(huì)", "學校舉辦了運動會"),
    ]


def test_full_width_parentheses():
    text = "我（wǒ）们（men）今（jīn）天（tiān）去（qù）公（gōng）园（yuán）散步。"
    assert fix(text)[0] == "我们今天去公园散步。"


def test_wrong_readings_stay():
    text = RESIDUE + "設變量(a)為長度，書名是《我(wǒ)們》(liǎng)。"
    out, _ = fix(text)
    assert out == CLEAN + "設變量(a)為長度，書名是《我們》(liǎng)。"


@pytest.mark.parametrize(
    "text",
    [
        "我们这次去了北京 (Běijīng) 和西安 (Xī'ān)，在故宫 (Gùgōng) 拍了很多照片。",
        "多音字：重(chóng)新、重(zhòng)量；长(cháng)短、长(zhǎng)大；行(háng)业、行(xíng)走。",
        "课文里有两个生字：“耄(mào)”和“耋(dié)”，请同学们查字典。",
        "設變量(a)為長方形的長，變量(b)為寬。",
    ],
)
def test_glosses_are_untouched(text):
    out, items = fix(text)
    assert out is text and items == []


@pytest.mark.parametrize(
    "text, before",
    [
        ("他的名字叫李(lǐ)明(míng)。", "李(lǐ)明(míng)"),  # residue, or a name's gloss: reported, not removed
        ("这是北(běi)方的城市。", "北(běi)"),  # a common character with one reading needs no gloss
    ],
)
def test_a_few_annotations_that_end_a_word_are_reported(text, before):
    out, items = fix(text)
    assert out is text
    assert [(i.code, i.before, type(i).__name__) for i in items] == [("TM601", before, "Finding")]


@pytest.mark.parametrize(
    "text, clean",
    [
        ("經(jīng)濟(jì)", "經濟"),  # the README's own example, alone
        (
            '<entry title="梦(mèng)醒时(shí)分" type="text/html"/>\n',
            '<entry title="梦醒时分" type="text/html"/>\n',
        ),
        ("<title>又颠(diān)了(le)</title>\n<id>8009332</id>\n", "<title>又颠了</title>\n<id>8009332</id>\n"),
    ],
)
def test_two_annotations_in_a_document_with_few_han_characters_are_removed(text, clean):
    # a feed entry's title holds too few characters for three annotations: two of its four
    # are as systematic as residue gets there
    out, items = fix(text)
    assert out == clean and {i.code for i in items} == {"TM601"}


@pytest.mark.parametrize("text", ["The word for water is 水(shuǐ).\n", '<link title="喂(wèi)"/>\n'])
def test_one_annotation_in_a_document_with_few_han_characters_is_reported(text):
    out, items = fix(text)
    assert out is text and [(i.code, type(i).__name__) for i in items] == [("TM601", "Finding")]


def test_a_few_annotations_inside_words_of_a_long_text_are_removed():
    # too few to be systematic, but adjacent readings of common characters with the text going
    # on after them are residue (以(yǐ)北(běi)五道 in a Korean article)
    body = "这是一段很长的正文，讲的是城市交通的发展。" * 20
    out, items = fix("乘(chéng)客(kè)和(hé)" + body)
    assert out == "乘客和" + body and [i.code for i in items] == ["TM601"]
    korean = "황해도를 ‘이북 5도(以(yǐ)北(běi)五道)’라 부르기도 한다."
    assert fix(korean)[0] == "황해도를 ‘이북 5도(以北五道)’라 부르기도 한다."


def test_an_article_with_four_annotations_is_repaired():
    body = "今年的经济运行总体平稳，" + "全市工业生产保持增长，消费市场逐步回暖。" * 10
    text = "经(jīng)济(jì)形(xíng)势(shì)" + body
    out, items = fix(text)
    assert out == "经济形势" + body and [i.code for i in items] == ["TM601"]


def test_pypinyin_is_imported_only_when_a_text_has_an_annotation():
    import subprocess
    import sys

    code = (
        "import sys, textmend; textmend.repair_text('没有括号的中文句子（真的）。'); "
        "print('pypinyin' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_text_without_parentheses_costs_one_search():
    text = "没有括号的中文句子。" * 1000
    assert fix(text)[0] is text


def test_rule_switched_off():
    assert fix(RESIDUE, ignore=["TM601"])[0] is RESIDUE


def test_damaged_annotation_recovered():
    # 晚報 is GBK CD ED 88 F3: read one byte out of step, ED 88 became 韴 (zá) and F3 took the "("
    text = "江(jiāng)城(chéng)晚?zá)?bào)訊(xùn)：今(jīn)年(nián)春(chūn)天(tiān)來(lái)得(de)早(zǎo)。"
    out, items = fix(text)
    assert out == "江城晚報訊：今年春天來得早。"
    [recovered] = [i for i in items if i.code == "TM602"]
    assert (recovered.before, recovered.after) == ("?zá)?bào)", "報")
    assert text[recovered.start : recovered.end] == recovered.before


def test_damaged_annotation_with_the_misread_character_left():
    text = "江(jiāng)城(chéng)晚韴(zá)?bào)訊(xùn)：今(jīn)年(nián)春(chūn)天(tiān)來(lái)得(de)早(zǎo)。"
    assert fix(text)[0] == "江城晚報訊：今年春天來得早。"


def test_candidates_of_the_other_script_do_not_count():
    # 記者: the evidence fits 者 and the Simplified-only 锗; the text is Traditional
    assert pinyin.recover("記", None, "chēng", "zhě") == ["者", "锗"]
    text = "本(běn)報(bào)記?chēng)?zhě)報(bào)導(dǎo)：今(jīn)年(nián)春(chūn)天(tiān)來(lái)得(de)早(zǎo)。"
    assert fix(text)[0] == "本報記者報導：今年春天來得早。"


def test_ambiguous_damage_is_reported_not_guessed():
    text = "我(wǒ)們(men)要(yào)加?hòng)?qiáng)管(guǎn)理(lǐ)，提(tí)高(gāo)效(xiào)率(lǜ)。"
    out, items = fix(text)
    [finding] = [i for i in items if isinstance(i, Finding)]
    assert finding.code == "TM603" and set(finding.candidates) == {"強", "彊"}
    assert "加?hòng)?qiáng)管理" in out  # the damage stays for a person to decide; the rest is clean
    assert out.startswith("我們要加")


def test_through_the_pipeline_with_conversion():
    r = textmend.repair_text(
        "江(jiāng)城(chéng)晚?zá)?bào)訊(xùn)：今(jīn)年(nián)春(chūn)天(tiān)來(lái)得(de)早(zǎo)。",
        script="hans",
    )
    assert r.text == "江城晚报讯：今年春天来得早。"
    assert {c.code for c in r.changes} == {"TM601", "TM602", "TM502"}
    assert [(c.line, c.col) for c in r.changes if c.code == "TM602"] == [(1, 18)]  # the "?" after 晚


@pytest.mark.parametrize(
    "text, expected",
    [
        ("def area(r):\n    return pi * r * r  # see f(x)\n", -1),  # ASCII: nothing can be annotated
        # the shape of an annotation: a candidate (find_runs then finds "names" is no reading of 字)
        ("print(len(names))  # 名字(names) 的个数\n", 22),
        ("值 = f(a)  # 一个 (ge) 值\n", -1),  # a space between the character and the gloss
        ("call(x) then(y) 經(jīng)濟(jì)\n", 16),  # found after parentheses that annotate nothing
        ("注意：發（fā）展\n", 3),  # full-width parentheses
        ("見(12)發（fā）展和(hé)\n", 5),  # the first of both kinds; 見(12) has no syllable
    ],
)
def test_first_annotation(text: str, expected: int, monkeypatch: pytest.MonkeyPatch) -> None:
    assert pinyin.first_annotation(text) == expected
    monkeypatch.setattr(pinyin, "PAREN_SPACING", 10**9)  # the same answer from the scan of a dense text
    assert pinyin.first_annotation(text) == expected
    monkeypatch.setattr(pinyin, "PAREN_SPACING", 0)  # ... and from the loop over each parenthesis
    assert pinyin.first_annotation(text) == expected


def test_residue_after_code_with_parentheses_is_still_removed() -> None:
    code = "".join(f"result_{i} = compute(value, {i})  # (ok)\n" for i in range(200))
    residue = "黃(huáng)石(shí)市(shì)經(jīng)信(xìn)局(jú)發(fā)布(bù)了(le)新(xīn)的(de)通(tōng)知(zhī)。\n"
    out, items = pinyin.fix(code + residue, Context(Options()))
    assert out == code + "黃石市經信局發布了新的通知。\n"
    assert [c.start for c in items] == [len(code)]
