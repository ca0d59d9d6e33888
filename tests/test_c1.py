"""The C1 fixer's screen: it searches the UTF-8 bytes the decoder holds, and decides as a search
of the text would."""

from __future__ import annotations

import random

import pytest

import textmend
from textmend.context import Context
from textmend.fixers import c1


def test_the_utf8_screen_finds_what_the_text_screen_finds() -> None:
    rng = random.Random(2)
    pool = [chr(i) for i in range(0x70, 0x120)] + ["中", "Ā", "€", "\n"]
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 6)))
        assert (c1.DEFINED_UTF8.search(text.encode()) is None) == (c1.DEFINED.search(text) is None), repr(
            text
        )


@pytest.mark.parametrize("given", [True, False])
def test_c1_controls_are_read_as_windows_1252_with_or_without_the_bytes(given: bool) -> None:
    text = "Er sagte \x84Hallo\x93 – « très bien »\n" * 3
    ctx = Context(utf8=(text, text.encode()) if given else None)
    fixed, changes = c1.fix(text, ctx)
    assert fixed == "Er sagte „Hallo“ – « très bien »\n" * 3
    assert len(changes) == 3


def test_clean_latin_text_is_left_alone() -> None:
    data = ("« Le marché ouvre à sept heures », dit-elle — même en hiver…\n" * 50).encode()
    r = textmend.repair_bytes(data)
    assert r.text.encode() == data and not r.changes and not r.findings
