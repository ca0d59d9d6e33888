"""Script detection: the character classes from OpenCC's tables, spans, and the verdict."""

from __future__ import annotations

import textmend
from textmend.data.build_zh_script import derive
from textmend.zh.chars import hans, hant, tables
from textmend.zh.detect import HANS, HANT, analyse, detect_script


def test_classes_from_opencc_tables():
    assert {"发", "这", "们", "后来"[1]} <= hans()
    assert {"發", "這", "們", "來"} <= hant()
    # characters both scripts write are neutral, however often they are converted
    for ch in "后里面干台只系着么中文":
        assert ch not in hans() and ch not in hant(), ch
    assert not hans() & hant()
    assert len(hans()) > 3000 and len(hant()) > 3000


def test_regional_forms():
    t = tables()
    assert "裡" in t["tw"] and "綫" in t["hk"] and "為" in t["twhk"] and "爲" in t["std"]
    assert "著" not in t["tw"]  # also OpenCC-standard Traditional (著作): no evidence of Taiwan


def test_derivation_rules_on_small_tables():
    tables_ = {
        "STCharacters": {"发": ["發", "髮"], "后": ["後", "后"], "么": ["麼"], "床": ["牀"], "们": ["們"]},
        "TSCharacters": {
            "發": ["发"],
            "髮": ["发"],
            "麼": ["么"],
            "么": ["么", "幺"],
            "們": ["们"],
            "牀": ["床"],
        },
        "TWVariants": {"牀": ["床"], "爲": ["為"]},
        "HKVariants": {"爲": ["為"]},
    }
    sets = derive(tables_)
    assert sets["hans"] == {"发", "们"}  # 后 maps to itself, 么 is Traditional too, 床 is Taiwan's form
    assert sets["hant"] == {"發", "髮", "麼", "們", "牀"}


def test_uniform_texts():
    assert detect_script("我们明天早上八点在学校门口集合。") == "hans"
    assert detect_script("我們明天早上八點在學校門口集合。") == "hant"
    assert detect_script("Nothing Chinese here.") == "none"
    assert detect_script("中文") == "none"  # only neutral characters: no evidence either way


def test_japanese_is_not_chinese():
    assert detect_script("来週の会議は東京本社で行います。資料を共有してください。") == "none"


def test_a_stray_character_is_not_mixed():
    assert detect_script("这家店的招牌上写着「老張」两个字，我们进去坐了一会儿。") == "hans"


def test_mixed_spans_by_line():
    text = "今天下午我们开了一个短会，经理说这个项目进展顺利。\n會上大家討論了明年的預算問題。\n最后决定下周再开一次。\n"
    a = analyse(text)
    assert a.script == "mixed" and a.dominant == HANS
    labels = [(text[s.start : s.end], s.script) for s in a.spans]
    assert labels == [
        ("今天下午我们开了一个短会，经理说这个项目进展顺利", HANS),
        ("會上大家討論了明年的預算問題", HANT),
        ("最后决定下周再开一次", HANS),
    ]
    assert [text[s.start : s.end] for s in a.minority_spans()] == ["會上大家討論了明年的預算問題"]


def test_spans_split_inside_a_line_at_punctuation():
    text = "他在信里写道：「我們這裡一切都好，請不要擔心。」然后就没有消息了。"
    a = analyse(text)
    pieces = [(text[s.start : s.end], s.script) for s in a.spans]
    assert ("我們這裡一切都好，請不要擔心", HANT) in pieces
    assert pieces[0] == ("他在信里写道", HANS)


def test_detect_fills_script():
    assert textmend.detect("我們明天早上八點在學校門口集合。".encode("big5")).script == "hant"
    assert textmend.detect("我们明天早上八点在学校门口集合。".encode("gbk")).script == "hans"
    assert textmend.detect(b"plain ascii").script == "none"
    d = textmend.detect("今天我们开会。\n會上大家討論了明年的預算問題。\n".encode())
    assert d.script == "mixed" and d.encoding == "utf-8"


def test_spans_count_and_bound_their_han_characters() -> None:
    # evidence is counted on a one-byte copy of the text: emoji, a control character that the
    # copy uses as a mark, Han beyond the BMP (𠮷) and kana-free Latin must not shift anything
    import re

    from textmend.zh.detect import analyse

    text = (
        "今天我们去公园散步，天气很好。\x01 🙂 𠮷野家\n"
        "後來他們說這個問題很難解決，大家討論了很久。\n"
        "ok 这个办法可以试试看。\n"
    )
    han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
    info = analyse(text)
    assert info.script == "mixed" and info.han == len(han.findall(text))
    assert len(info.spans) >= 3
    for sp in info.spans:
        piece = text[sp.start : sp.end]
        assert sp.han == len(han.findall(piece))
        assert han.match(piece[0]) and han.match(piece[-1])


def test_the_traditional_forms_of_common_characters() -> None:
    from textmend.data.build_zh_script import common_forms as build_forms
    from textmend.zh.chars import common_forms

    tables = {
        "STCharacters": {"面": ["面", "麪", "麵"], "着": ["着", "著"], "罕": ["罕"]},
        "TWVariants": {"麪": ["麵"], "著": ["着"]},
        "HKVariants": {"麪": ["麫"]},
    }
    # the forms of the common 面 and 着 and their regional variants, less what is common already
    assert build_forms(tables, frozenset("面着麵")) == {"麪", "著", "麫"}
    assert "麪" in common_forms() and "面" not in common_forms()  # the shipped list (s2t writes 麪館)
