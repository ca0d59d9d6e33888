"""The RE2 screens: a loose pattern matches wherever its exact pattern does, on real damage."""

from __future__ import annotations

import re

import pytest

from textmend.mojibake.screen import evidence_gate
from textmend.text import fastre

needs_re2 = pytest.mark.skipif(not fastre.available(), reason="google-re2 is not installed")

# mojibake of several channels, lost characters and clean lines in many scripts
SAMPLES = [
    "CafÃ© au lait, crÃ¨me brÃ»lÃ©e",
    "â€œquotedâ€\x9d and â€™",
    "Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€",
    "РїСЂРёРІРµС‚",
    "ÄãºÃ£¬ÊÀ½ç",
    "浣犲ソ锛屼笘鐣",
    "Copyright ? 2001 ×ÖÌå",
    "Les élèves préparent l’exposition du marché.",
    "Привет, мир! Как дела?",
    "Γειά σου Κόσμε",
    "Zażółć gęślą jaźń",
    "Tiếng Việt có dấu",
    "日本語のテキストです。",
    "한국어 텍스트",
    "l-aħħar ŝtormo Britaintɔwo ƒe",
    "Ïðèâåò ìèð",
    "рТИЧЕФ",
    "ùÛÅÒ",
    "The \ufffd marks a lost byte",
]


def test_loosen_removes_lookarounds_and_translates_escapes() -> None:
    assert fastre.loosen("(?<![a-z])é(?=x)") == "é"
    assert fastre.loosen("\\u00e9[\\u0400-\\u04ff]") == "\\x{00e9}[\\x{0400}-\\x{04ff}]"
    assert fastre.loosen("a{,3}") == "a{0,3}"
    assert fastre.loosen("[(?=x)]") == "[(?=x)]"  # inside a class, the parenthesis is a character


@pytest.mark.parametrize("pattern", ["\\bword", "[\\w]", "(a)\\1", "(?P<x>a)(?P=x)"])
def test_loosen_refuses_what_re2_reads_otherwise(pattern: str) -> None:
    with pytest.raises(ValueError):
        fastre.loosen(pattern)


@needs_re2
def test_screen_finds_lines_and_which_pattern() -> None:
    s = fastre.build(["Ã[\\x80-\\xbf]", "\\ufffd"])
    assert s is not None
    data = "clean\nCafÃ©\nok\nlost \ufffd here\n".encode()
    assert s.which(data) == {0, 1}
    assert [data[a:b] for a, b in s.lines(data)] == ["CafÃ©".encode(), "lost \ufffd here".encode()]
    starts = [a for a, _ in s.lines(data)]
    text = data.decode()
    assert [text[c:].split("\n")[0] for c in fastre.char_offsets(data, starts)] == [
        "CafÃ©",
        "lost \ufffd here",
    ]


@needs_re2
def test_a_pattern_matching_the_empty_string_gets_no_screen() -> None:
    assert fastre.build(["(?<=x)"]) is None


@needs_re2
@pytest.mark.parametrize("korean", [False, True])
def test_the_evidence_gate_loosened_misses_no_line(korean: bool) -> None:
    pattern = evidence_gate(korean).pattern.pattern
    assert any(re.search(pattern, s) for s in SAMPLES)
    assert fastre.is_loose_of(fastre.loosen(pattern), pattern, SAMPLES)


def test_turned_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTMEND_NO_RE2", "1")
    assert not fastre.available()
    assert fastre.build(["x"]) is None
