"""The fixer contract on generated text: changes, applied to the input, give the output."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from textmend.context import Context
from textmend.fixers import pinyin, script
from textmend.options import Options
from textmend.result import Change
from textmend.spans import apply_edits

PIECES = [
    "我们",
    "們",
    "说",
    "說",
    "后来",
    "後來",
    "(wǒ)",
    "(men)",
    "（shuō）",
    "?zá)",
    "?bào)",
    "晚",
    "報",
    "。",
    "\n",
    " ",
    "ABC",
    "(a)",
    "台",
    "裡",
    "裏",
    "想像",
    "の",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from(["auto", "hans", "hant", "tw", "hk"]))
def test_changes_reproduce_the_output(pieces, target):
    text = "".join(pieces)
    opts = Context(Options.make(target))
    for fixer in (pinyin.fix, script.fix):
        out, items = fixer(text, opts)
        changes = [i for i in items if isinstance(i, Change)]
        assert apply_edits(text, changes) == out
        for c in changes:
            assert text[c.start : c.end] == c.before
        if not changes:
            assert out == text
        text = out
