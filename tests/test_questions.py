"""A fixer's questions (`FixerSpec.questions`) answered in the pipeline's pass, as its own would.

Under an explicit script target the CJK mojibake fixer asks the pipeline for the facts of its
suspicious-character pass (`textmend.fixers.cjk.questions`); the pipeline adds them to the set
of its evidence screen (`textmend.pipeline._which`). These tests check that the answers are the
ones the fixer's own pass gives, on texts where the facts differ, and that a repair decides
the same with the answers as without them.
"""

from __future__ import annotations

import opencc
import pytest

import textmend
from textmend import pipeline
from textmend.context import Context
from textmend.fixers import FIXERS, FixerSpec, cjk
from textmend.mojibake.screen import suspicious_screen
from textmend.options import Options
from textmend.text import fastre

pytestmark = pytest.mark.skipif(not fastre.available(), reason="the pass is RE2's")

PROSE = "每天清晨五点，河边的空地上就热闹起来。卖菜的农民从附近的村子骑着三轮车赶来。\n"
LONG = PROSE * 60  # longer than the fixer's RE2_FROM: it screens by RE2


def _texts() -> dict[str, str]:
    mojibake = "你好，朋友们".encode().decode("gbk", errors="replace")
    return {
        "simplified": LONG,
        "traditional": opencc.OpenCC("s2t").convert(LONG),
        # (a title the CJK fixer's word tests look at, so that the fixer runs and asks)
        "kana": LONG + "缺一不可\n東京の製品は良い。\n",
        "korean": LONG + "한국어 문장입니다.\n",
        "mojibake line": LONG + mojibake + "\n" + LONG,
    }


@pytest.mark.parametrize("target", ["hans", "hant", "tw"])
@pytest.mark.parametrize("name", sorted(_texts()))
def test_the_answers_are_those_of_the_fixers_own_pass(target: str, name: str) -> None:
    text = _texts()[name]
    options = Options.make(target)
    ctx = Context(options)
    specs = pipeline._wanted(FIXERS, options)
    spec = next(s for s in specs if s.name == "cjk")
    found = pipeline.Screening(ctx, specs).items(spec, text)
    asked = cjk.questions(options)
    assert asked
    own = suspicious_screen(cjk._script_questions(options))
    assert own is not None and own.patterns == asked
    if found is not None and not any(found):  # the fixer is skipped: nothing was asked
        assert ctx.answered(text, asked) is None
        assert name not in ("mojibake line", "kana")  # (these must exercise the answers)
        return
    assert ctx.answered(text, asked) == frozenset(own.which(text.encode()))


def test_auto_asks_nothing_and_a_test_fixer_has_no_questions() -> None:
    assert cjk.questions(Options.make("auto")) == ()
    assert FixerSpec("t", "", (), function=lambda text, ctx: (text, [])).questions(Options()) == ()


@pytest.mark.parametrize("target", ["hans", "hant"])
def test_a_repair_decides_the_same_without_the_answers(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    with_answers = [textmend.repair_text(t, script=target) for t in texts.values()]
    monkeypatch.setattr(cjk, "questions", lambda options: ())
    pipeline._questions_of.cache_clear()
    monkeypatch.setenv("TEXTMEND_NO_CACHE", "1")
    try:
        without = [textmend.repair_text(t, script=target) for t in texts.values()]
    finally:
        pipeline._questions_of.cache_clear()
    for a, b in zip(with_answers, without):
        assert a.text == b.text
        assert [(c.code, c.start, c.end, c.after) for c in a.changes] == [
            (c.code, c.start, c.end, c.after) for c in b.changes
        ]
        assert [(f.code, f.start) for f in a.findings] == [(f.code, f.start) for f in b.findings]
