"""`spans.LineIndex`: the offsets located by counting line breaks and those located from the
listed line starts get the same line and column."""

from __future__ import annotations

import pytest

from textmend.spans import LineIndex

TEXTS = [
    "",
    "one line",
    "first\nsecond\n\nfourth",
    "windows\r\nline\r\nends\r\n",
    "classic\rmac\rlines",
    "河边的早市\n\n每天清晨五点，河边的空地上就热闹起来。\nOpening hours: 05:00-09:00\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_counted_and_listed_agree(text: str) -> None:
    listed = LineIndex(text)
    listed.COUNTED = 0  # every offset from the listed line starts
    for pos in range(len(text) + 1):
        counted = LineIndex(text)  # a fresh index: its first offset is counted
        assert counted.line_col(pos) == listed.line_col(pos)


def test_line_and_column_of_a_known_offset() -> None:
    text = "ab\ncd\nef"
    index = LineIndex(text)
    assert index.line_col(text.index("d")) == (2, 2)
    assert index.line_col(text.index("e")) == (3, 1)
    assert index.line_col(0) == (1, 1)


def test_many_offsets_switch_to_listed_starts() -> None:
    text = "x\n" * 50
    index = LineIndex(text)
    got = [index.line_col(2 * i) for i in range(50)]
    assert got == [(i + 1, 1) for i in range(50)]
