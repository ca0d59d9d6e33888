"""Whole-text conversion through textmend gives exactly OpenCC's output, and is stable.

Script conversion is one whole-text OpenCC call and a comparison of its input and output in
blocks (`textmend.fixers.script`); these tests check the result against calling OpenCC directly
on an article written for them, and that the reported changes rebuild the output from the
input at the right places.
"""

from __future__ import annotations

import opencc
import pytest

import textmend
from textmend.spans import apply_edits

ARTICLE = """河边的早市

每天清晨五点，河边的空地上就热闹起来。卖菜的农民从附近的村子骑着三轮车赶来，车上装满了刚摘下的青菜、萝卜和西红柿。
一位老奶奶在路灯下摆开她的摊位，她说自己在这里卖豆腐已经二十多年了，很多顾客都是从小吃她的豆腐长大的。
旁边的面包店也开门了，烤面包的香味飘得很远。店主是一对年轻夫妇，他们去年从南方搬来，决定在这个安静的小城开始新的生活。

Opening hours: 05:00-09:00 (weekends until 10:00).

第二部分

到了七点，上班的人越来越多，市场里的声音也越来越响。有人在讨价还价，有人在排队买早点，还有几个孩子围着卖金鱼的小摊不肯离开。
管理市场的工作人员说，明年这里会修建一个有屋顶的新市场，下雨天大家就不用再打伞买菜了。
不过，也有不少老顾客担心，搬进新楼以后，这种热闹的气氛会不会消失。

参考资料：本市统计局发布的《二〇二五年城市生活调查报告》第三章。
"""

CONFIGS = {"hans": "t2s", "hant": "s2t", "tw": "s2tw", "hk": "s2hk"}


def _long(text: str, times: int = 40) -> str:
    return "".join(text for _ in range(times))


@pytest.mark.parametrize("target", ["hant", "tw", "hk"])
def test_simplified_article_converts_exactly_as_opencc(target: str) -> None:
    text = _long(ARTICLE)
    r = textmend.repair_text(text, script=target)
    assert r.text == opencc.OpenCC(CONFIGS[target]).convert(text)
    assert apply_edits(text, r.changes) == r.text
    for c in r.changes:
        assert c.code == "TM502" and text[c.start : c.end] == c.before
    # one change for the converted article, from its first converted character to its last
    assert len(r.changes) == 1
    assert (
        r.changes[0].before[0] != r.changes[0].after[0] and r.changes[0].before[-1] != r.changes[0].after[-1]
    )
    # converting the converted text again changes nothing
    assert textmend.repair_text(r.text, script=target).changes == []


@pytest.mark.parametrize("source", ["s2t", "s2tw", "s2hk"])
def test_traditional_article_comes_back_to_the_original(source: str) -> None:
    text = _long(ARTICLE)
    traditional = opencc.OpenCC(source).convert(text)
    r = textmend.repair_text(traditional, script="hans")
    assert r.text == text
    assert apply_edits(traditional, r.changes) == r.text
    assert textmend.repair_text(r.text, script="hans").changes == []


def test_every_change_is_located_at_a_converted_character() -> None:
    text = ARTICLE
    r = textmend.repair_text(text, script="hant")
    lines = text.split("\n")
    for c in r.changes:
        line = lines[c.line - 1]
        assert line[c.col - 1] == c.before[0] and c.before[0] != c.after[0]


@pytest.mark.parametrize("target", ["hans", "hant", "tw", "hk"])
def test_mixed_document_converts_to_one_script(target: str) -> None:
    # a Simplified article with a pasted Traditional paragraph and some English
    trad = opencc.OpenCC("s2tw").convert(ARTICLE.split("\n\n")[1])
    text = ARTICLE + "\n" + trad + "\nThe end.\n" + ARTICLE
    r = textmend.repair_text(text, script=target)
    assert apply_edits(text, r.changes) == r.text
    config = "tw2s" if target == "hans" else CONFIGS[target]  # the pasted paragraph has Taiwan forms
    assert r.text == opencc.OpenCC(config).convert(text)
    assert textmend.repair_text(r.text, script=target).changes == []


@pytest.mark.parametrize("target", sorted(CONFIGS))
def test_utf8_bytes_already_known_give_the_same_conversion(target):
    # repair_bytes hands the file's own UTF-8 bytes to OpenCC's engine (no second encode): the
    # output is the same as OpenCC's wrapper gives for the text, characters beyond the BMP too
    text = ARTICLE + "𠀾𪚥的字和表情😀都在。\n"
    if target == "hans":
        text = opencc.OpenCC("s2t").convert(text)
    expected = opencc.OpenCC(CONFIGS[target]).convert(text)
    assert textmend.repair_bytes(text.encode("utf-8"), script=target).text == expected
    assert textmend.repair_text(text, script=target).text == expected
