"""The CJK fixer's screens at RE2 speed (textmend/text/fastre.py) decide what the pure-`re`
screens decide, and `cjk.evidence` is a necessary condition of any repair or finding.

Every screen here has two implementations: the pure-`re` one (what runs without google-re2,
or with TEXTMEND_NO_RE2 set) and the RE2 one over the text's UTF-8 bytes, which searches
lookaround-free forms of the patterns and then runs the exact patterns on what they let
through. The tests compare the two on real-looking text: clean prose and strings of many
languages (tests/data), the damage of every channel of tests/damage.py, and mixtures of them.
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest
from damage import CHANNELS, Case, cases

from textmend.context import Context
from textmend.fixers import cjk, script
from textmend.mojibake import regions, words
from textmend.mojibake.screen import (
    HANS_FACTS,
    NO_SUSPICIOUS,
    evidence_gate,
    odd_outside_forms,
    suspicious,
    suspicious_facts,
    suspicious_screen,
)
from textmend.options import Options
from textmend.text import fastre
from textmend.text import screen as text_screen
from textmend.text.view import TextView

needs_re2 = pytest.mark.skipif(not fastre.available(), reason="google-re2 is not installed")

SAMPLE = Path(__file__).parent / "data" / "harm_sample"


@cache
def clean_strings() -> tuple[str, ...]:
    """Clean strings of many languages: the harm sample's CLDR, glibc, jieba and pypinyin
    strings and its prose."""
    out: list[str] = []
    for name in ("cldr.txt", "glibc.txt", "jieba.txt", "pypinyin.txt"):
        for line in (SAMPLE / name).read_text("utf-8").splitlines():
            if "\t" in line:
                out.append(line.split("\t", 1)[1])
    for name in ("prose_fr.txt", "prose_pl.txt", "prose_ru.txt"):
        out += [x for x in (SAMPLE / name).read_text("utf-8").splitlines() if x]
    return tuple(out)


@cache
def damaged_cases() -> tuple[Case, ...]:
    """Cases of every damage channel of tests/damage.py (text ones), a few each."""
    return tuple(
        c for ch in CHANNELS.values() for c in cases(ch, seed=3, per_channel=6) if isinstance(c.damaged, str)
    )


def documents(seed: int, n: int = 12) -> list[str]:
    """Documents of clean lines with damaged lines and pieces among them (or none), seeded."""
    rng = random.Random(seed)
    clean = clean_strings()
    damaged = [c.damaged for c in damaged_cases() if isinstance(c.damaged, str)]
    out = []
    for k in range(n):
        lines = []
        for _ in range(rng.randint(20, 300)):
            line = rng.choice(clean)
            roll = rng.random()
            if k % 3 and roll < 0.05:
                line = rng.choice(damaged)
            elif k % 3 and roll < 0.1:
                line = f"{line} {rng.choice(damaged)} {rng.choice(clean)}"
            lines.append(line)
        out.append("\n".join(lines) + rng.choice(("", "\n")))
    return out


@pytest.fixture
def no_re2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTMEND_NO_RE2", "1")


@needs_re2
@pytest.mark.parametrize("korean", [False, True])
def test_gate_lines_by_re2_are_the_lines_of_the_patterns(korean: bool) -> None:
    gate = evidence_gate(korean)
    assert gate.screen() is not None  # every loose form has an RE2 form
    opened = 0
    for doc in documents(1):
        exact = gate.lines(doc, TextView(doc).compact)
        assert gate.lines(doc, TextView(doc).compact, doc.encode()) == exact
        opened += len(exact)
    assert opened > 20  # the damage opened lines, which the RE2 screen let through


@needs_re2
def test_open_lines_by_re2_in_batches_are_the_lines_piece_by_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regions, "SCREEN_PIECE", 2_000)  # many pieces and batches
    gate = evidence_gate(False)
    for doc in documents(2, 6):
        view = TextView(doc)
        want = list(regions.open_lines(gate, doc, view.compact))
        assert list(regions.open_lines(gate, doc, view.compact, view.utf8)) == want


def test_without_re2_the_gate_takes_its_own_patterns(no_re2: None) -> None:
    gate = evidence_gate(False)
    assert gate.screen() is None
    doc = documents(3, 1)[0]
    assert gate.lines(doc, TextView(doc).compact, doc.encode()) == gate.lines(doc, TextView(doc).compact)


@needs_re2
def test_the_loose_signatures_match_on_every_line_the_signatures_do() -> None:
    lines = [x for c in damaged_cases() if isinstance(c.damaged, str) for x in c.damaged.split("\n")]
    lines += list(clean_strings())
    signatures = [full for full, _ in text_screen._signatures()]
    loose = text_screen.loose_signatures()
    assert len(loose) == len(signatures)
    hit = 0
    for full, form in zip(signatures, loose):
        pattern, screen = re.compile(full), fastre.build([form])
        assert screen is not None
        for line in lines:
            if pattern.search(line):
                hit += 1
                assert screen.search(line.encode()) is not None, (full[:60], line)
    assert hit > 50


@needs_re2
def test_the_screens_of_the_fixers_early_exits_answer_as_the_patterns() -> None:
    odd = suspicious_screen()
    assert odd is not None
    texts = [*clean_strings(), *(c.damaged for c in damaged_cases() if isinstance(c.damaged, str))]
    texts += ["한국어 文字", "文字한국", "Bj繹rn", "好吗?” é", "Qu?én", "ä½ å¥½ ok", "ÏÉ"]
    rng = random.Random(5)
    pool = [*"ä½ å¥½ ÏÉ é à» « ·\xa0aZ1中。?\ufffd\n", "你好", "失败", "Ã©", "Ð°", "한국", "漢", "麪館", "喫"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(3_000)]
    for text in texts:
        data = text.encode()
        korean = re.search("[\uac00-\ud7a3]", text) is not None
        assert suspicious_facts(odd, data)[:2] == (
            korean,
            suspicious(korean, glued=True).search(text) is not None,
        )
        assert text_screen.cjk_words_quiet(text, data) == text_screen.cjk_words_quiet(text), repr(text)
        assert text_screen.any_lost_mark(text, data) == (next(text_screen.lost_marks(text), None) is not None)
        assert suspicious_facts(odd, data)[2] == (re.search("[\u3040-\u30ff]", text) is not None)
        assert suspicious_facts(odd, data)[3] == (odd_outside_forms(korean).search(text) is not None)
        found = words.word_screens(data)
        assert words.a0_lost(text, data, found) == words.a0_lost(text, data), repr(text)
        assert words.lone_words(text, Options(), data, found) == words.lone_words(text, Options(), data)


@needs_re2
@pytest.mark.parametrize("target", ["hant", "tw", "hk"])
def test_the_script_screen_takes_the_mojibake_screens_answer(
    monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """Where the CJK fixer found nothing suspicious in a text, the script fixer's screen takes
    its answer (and whether the text holds kana) from the text's view: the same answer as its
    own scan, on Simplified text with and without Japanese, and with halfwidth katakana."""
    monkeypatch.setattr(cjk, "RE2_FROM", 0)
    # (a title: a short run between line breaks that begins as UTF-8 read as Shift_JIS does,
    # 缺一 as cp932's E3 9E 88 EA, which the word tests look at)
    simplified = "缺一不可\n每天清晨五点，河边的空地上就热闹起来。卖菜的农民从附近的村子赶来。\n"
    texts = [
        simplified * 3,
        simplified + "「製品の説明」を読んでください。\n" + simplified,
        simplified + "ｶﾀｶﾅ\n",
        simplified + "ソフトウェア\n",
        simplified + "Bj繹rn 失败\n",
    ]
    recorded = 0
    for text in texts:
        ctx = Context(Options.make(target))
        cjk.fix(text, ctx)
        view = ctx.view(text)
        recorded += NO_SUSPICIOUS in view.facts
        assert script._screen(text, False, view) == script._screen(text, False), repr(text)
    assert recorded >= 3


@needs_re2
def test_the_hans_screen_takes_the_mojibake_screens_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the ``hans`` target the CJK fixer's pass answers the script fixer's questions
    (`script.hans_questions`): the same kana, counted characters (regional forms, phrase
    anchors) and cluster lines as the script fixer's own scan, on Traditional text of each
    region, a converter's output, Japanese, and lines where odd characters cluster."""
    import opencc

    monkeypatch.setattr(cjk, "RE2_FROM", 0)
    # (a title the word tests look at, the same in both scripts: see the test above)
    simplified = "缺一不可\n每天清晨五点，河边的空地上就热闹起来。他想象着这家面馆里着火的样子。\n"
    std = opencc.OpenCC("s2t").convert(simplified)
    texts = [
        std * 3,
        opencc.OpenCC("s2tw").convert(simplified) * 2,
        opencc.OpenCC("s2hk").convert(simplified) * 2,
        std + "「製品の説明」を読んでください。\n" + std,
        std + "ｶﾀｶﾅ\n",
        std + "鏈嬪弸浠婂ぉ\n",  # UTF-8 read as GBK: odd characters side by side
        std + "Bj繹rn 失败 ÀÉ\n",
        simplified * 2,
    ]
    answered = 0
    for text in texts:
        ctx = Context(Options.make("hans"))
        cjk.fix(text, ctx)
        view = ctx.view(text)
        answered += (
            HANS_FACTS in view.facts and script._hans_answers(text, *view.facts[HANS_FACTS]) is not None
        )
        got = script._screen(text, True, view)
        want = script._screen(text, True)
        assert (got[0], sorted(got[1]), got[2]) == (want[0], sorted(want[1]), want[2]), repr(text)
    assert answered >= 5


@needs_re2
def test_the_fixer_decides_as_with_the_pure_re_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cjk, "RE2_FROM", 0)
    texts = [*documents(4, 6), *(c.damaged for c in damaged_cases()[::3] if isinstance(c.damaged, str))]
    with_re2 = [cjk.fix(t, Context()) for t in texts]
    monkeypatch.setenv("TEXTMEND_NO_RE2", "1")
    assert [cjk.fix(t, Context()) for t in texts] == with_re2
    assert sum(1 for t, (out, _) in zip(texts, with_re2) if out != t) > 10  # repairs were made


def _evidence_matches(text: str) -> bool:
    """Whether a pattern of `cjk.evidence` matches `text`, as Python's `re` and as RE2 read them
    (RE2 searches the loose forms, which may match more, never less)."""
    py = any(p.search(text) for p in _evidence_patterns())
    screen = fastre.build(cjk.evidence())
    if screen is not None:
        assert screen.search(text.encode()) is not None or not py, repr(text)
        return screen.search(text.encode()) is not None
    return py


@cache
def _evidence_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in cjk.evidence()]


def test_no_evidence_no_change_nor_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    # `cjk.evidence` is what a pipeline may skip the fixer on: wherever none of its patterns
    # matches, the fixer must leave the text as it is and report nothing (the pure-`re` path of
    # the fixer, which does not ask `evidence` itself)
    monkeypatch.setenv("TEXTMEND_NO_RE2", "1")
    texts = [
        *clean_strings(),
        *documents(6, 9),
        *(c.damaged for c in damaged_cases() if isinstance(c.damaged, str)),
    ]
    texts += ["ÏÉ", "Price ÏÉ only", "<澶辫触> and more", "ä½ å¥½ ä¸–ç•Œ", "Qu?én", "旮旮旯旯", "ÖÖ"]
    acted = quiet = 0
    for text in texts:
        monkeypatch.delenv("TEXTMEND_NO_RE2")
        matches = _evidence_matches(text)
        monkeypatch.setenv("TEXTMEND_NO_RE2", "1")
        got = cjk.fix(text, Context())
        if got != (text, []):
            acted += 1
            assert matches, repr(text)
        elif not matches:
            quiet += 1
    # both sides were exercised: repairs (each with evidence) and clean text let through
    assert acted > 50 and quiet > 200


def test_every_short_run_known_words_can_read_begins_as_a_word_shape() -> None:
    # `words._word_shapes`: a run `known_words` reads as UTF-8 begins with the shown form of a
    # UTF-8 lead and continuation byte, then of a continuation byte; every such run, made here
    # by reading CJK words' UTF-8 through each codec of `WORD_SHOWN`, matches the evidence
    runs = re.compile(words.word_evidence()[0])
    rng = random.Random(7)
    letters = [
        chr(o) for o in (*range(0x4E00, 0x9FA6), *range(0x3041, 0x3097), *range(0xAC00, 0xD7A4), 0x3002)
    ]
    letters += [chr(o) for o in range(0x20000, 0x20100)]
    run_char = re.compile(f"[{words._RUN_CLASS}]")
    read = 0
    for _ in range(4_000):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(2, 4)))
        for shown in words.WORD_SHOWN:
            for codec in words.CHARSETS[shown].codecs:
                try:
                    run = word.encode("utf-8").decode(codec)
                except UnicodeDecodeError:
                    continue
                if 3 <= len(run) <= 12 and all(run_char.match(c) for c in run):
                    read += 1
                    assert runs.search(f"x {run} y"), (word, codec, run)
    assert read > 2_000


def test_short_chinese_words_between_ascii_give_no_word_evidence() -> None:
    # clean Chinese beside ASCII (a title, a code comment, a word in English text) in both
    # scripts: no run of it begins as mojibake's UTF-8 bytes do
    runs = re.compile(words.word_evidence()[0])
    for text in (
        "河边的早市\n",
        "# 计算平均值\n",
        "// 處理錯誤的輸入\n",
        "Hello 中文 world",
        "Status: 成功 (200)",
        "版本 1.2 发布",
        "見出し: 図書館",
        "# 返回结果\n",
        "标题\n",
        "點擊 OK 確認",
        "<b>注意</b>",
    ):
        assert not runs.search(text), text


def test_clean_traditional_text_opens_no_line_and_the_pipeline_skips_the_fixer() -> None:
    import opencc

    import textmend
    from textmend import pipeline
    from textmend.fixers import FIXERS
    from textmend.options import Options

    hans = "这家面馆开了三十年，老板每天凌晨四点就开始和面。她把旧照片整理成一本相册。\n" * 200
    hant = opencc.OpenCC("s2t").convert(hans)
    assert "麪館" in hant and suspicious().search(hant)  # a rare form to the mojibake class
    assert evidence_gate(False).lines(hant, TextView(hant).compact, hant.encode()) == []
    assert evidence_gate(False).lines(hant, TextView(hant).compact) == []  # the pure-re gate too
    options = Options.make("hans")
    screening = pipeline.Screening(Context(options), [s for s in FIXERS if s.wanted(Context(options))])
    cjk_spec = next(s for s in FIXERS if s.name == "cjk")
    assert not fastre.available() or not screening.has_evidence(cjk_spec, hant)
    assert textmend.repair_text(hant, script="hans").text == opencc.OpenCC("t2s").convert(hant)


def test_a_long_traditional_text_is_searched_as_the_same_text_in_simplified() -> None:
    """The Traditional forms of common characters (麪 of OpenCC's 麪館) do not make a long text
    suspicious as a whole (`odd_outside_forms`): its word tests wait for a suspicious character,
    as in Simplified. Mojibake inside it is repaired all the same, and a text that holds a
    suspicious character besides still has its standalone words looked at."""
    import opencc

    import textmend

    title = "河边的早市\nOpening hours: 05:00-09:00\n"  # a title and an ASCII line: what the word tests take
    body = "这家面馆开了三十年，老板每天凌晨四点就开始和面。她把旧照片整理成一本相册。\n" * 40
    hans = (title + body) * 50
    hant = opencc.OpenCC("s2t").convert(hans)
    assert len(hant) > words.SHORT_TEXT and "麪館" in hant
    assert suspicious().search(hant) and not odd_outside_forms().search(hant)
    for text in (hans, hant):
        assert textmend.repair_text(text).text == text
        broken = "朋友们今天都来了，大家一起吃饭。".encode().decode("gbk", "replace")
        damaged = text[:5000] + broken + "\n" + text[5000:]
        assert (
            textmend.repair_text(damaged).text
            == text[:5000] + "朋友们今天都来了，大家一起吃饭。\n" + text[5000:]
        )
    word = "ERROR: " + "失败".encode().decode("gbk") + "\n"  # 澶辫触 after a command
    out = [textmend.repair_text(t + word + "ｶﾀｶﾅ\n").text.endswith("失败\nｶﾀｶﾅ\n") for t in (hans, hant)]
    assert out == [True, True]
