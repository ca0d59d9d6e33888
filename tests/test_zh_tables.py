"""OpenCC's ``t2s`` as tables (`textmend.zh.tables`) gives exactly OpenCC's output, or declines.

Each test compares the tables' conversion with the installed OpenCC's on the same text: every
character and phrase the tables list, alone and run together, the phrases inside prose,
Traditional prose written with OpenCC's ``s2t``, and random mixtures of them (hypothesis).
"""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from textmend.zh import convert, tables

pytest.importorskip("numpy")

T2S = opencc.OpenCC("t2s")
needs_tables = pytest.mark.skipif(tables.tables() is None, reason="the tables do not apply to this OpenCC")


@pytest.fixture(autouse=True)
def _loaded() -> None:
    """The tables loaded, as after a long text: then `tables.convert` takes texts of any size."""
    tables.tables()


def _kinds() -> dict[str, dict[str, str]]:
    return tables._read()[1]


@needs_tables
def test_every_listed_character_and_phrase_alone_and_run_together() -> None:
    kinds = _kinds()
    for text in (
        "\n".join(kinds["char"]),
        "".join(kinds["char"]),
        "".join(kinds["phrase"]),
        "，".join(kinds["phrase"]),
        "".join(kinds["phrase"].values()),
    ):
        assert tables.convert(text) == T2S.convert(text)


@needs_tables
def test_a_phrase_decides_its_characters() -> None:
    # 慰藉 is a phrase that keeps 藉, which alone becomes 借; 乾隆 keeps 乾, 乾燥 does not
    text = "他從中得到慰藉，憑藉努力；藉口。乾隆年間天氣乾燥。"
    assert tables.convert(text) == T2S.convert(text)
    assert "慰藉" in T2S.convert(text) and "乾隆" in T2S.convert(text) and "干燥" in T2S.convert(text)


@needs_tables
def test_traditional_prose_from_s2t() -> None:
    simplified = "头发和面条。他们想象着未来，后来干了一杯。这里的钟表很准，著名的作家来了。"
    text = opencc.OpenCC("s2t").convert(simplified) * 50 + "\nOpening hours: 05:00 (周末)\n"
    assert tables.convert(text) == T2S.convert(text)


@needs_tables
@given(
    st.lists(
        st.sampled_from(
            sorted({*_kinds()["char"], *_kinds()["phrase"], "的", "a", " ", "\n", "，", "𠀀", "\x00"})
        ),
        max_size=40,
    )
)
def test_random_mixtures(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert tables.convert(text) == T2S.convert(text)


@needs_tables
def test_declines_what_opencc_normalises_first_and_lone_surrogates() -> None:
    compat = next(iter(_kinds()["compat"]))  # a CJK compatibility ideograph
    assert tables.convert("後來" + compat) is None
    assert tables.convert("後來\ud800") is None
    assert convert.convert("後來" + compat, "t2s") == T2S.convert("後來" + compat)


def test_declines_tables_of_another_opencc(monkeypatch: pytest.MonkeyPatch) -> None:
    source, kinds = tables._read()
    monkeypatch.setattr(tables, "_read", lambda: ("0.0.0", kinds))
    tables.tables.cache_clear()
    try:
        assert tables.tables() is None
        wrong = {**kinds, "char": {**kinds["char"], "後": "後"}}
        monkeypatch.setattr(tables, "_read", lambda: (source, wrong))
        tables.tables.cache_clear()
        assert tables.tables() is None  # the check against OpenCC finds the wrong entry
    finally:
        monkeypatch.undo()
        tables.tables.cache_clear()


def test_a_short_text_waits_for_the_tables_to_be_loaded() -> None:
    tables.tables.cache_clear()
    assert tables.convert("後來") is None  # OpenCC converts it: loading would cost more
    long = "後來乾燥" * (tables.FROM // 4 + 1)
    assert convert.convert(long, "t2s") == T2S.convert(long)
    if tables.tables() is not None:
        assert tables.convert("後來") == "后来"  # loaded now: used at any size
