"""End to end on the samples in samples/: clean text is untouched, legacy files become UTF-8."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES

import textmend

CLEAN = sorted((SAMPLES / "clean").iterdir())
LEGACY = sorted((SAMPLES / "legacy").iterdir())


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_text_comes_out_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()
    repair = textmend.repair_bytes(data)
    assert repair.data == data
    assert not repair.changed
    assert repair.changes == []


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_text_unchanged_with_every_script_option_that_keeps(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for script in ("auto", "keep"):
        assert textmend.repair_text(text, script=script).text == text


@pytest.mark.parametrize("path", LEGACY, ids=lambda p: p.name)
def test_legacy_file_becomes_its_utf8_original(path: Path) -> None:
    clean = (SAMPLES / "clean" / (path.name.split(".")[0] + ".txt")).read_text(encoding="utf-8")
    encoding = path.name.split(".")[1]
    repair = textmend.repair_bytes(path.read_bytes())
    assert repair.text == clean
    assert repair.changed
    assert repair.encoding is not None
    # the detected codec decodes the file exactly like the one it was written in
    assert path.read_bytes().decode(repair.encoding) == path.read_bytes().decode(encoding)
    assert [c.code for c in repair.changes] == ["TM101"]


def test_latin_mojibake_sample_is_repaired_line_by_line() -> None:
    broken = (SAMPLES / "latin-mojibake.txt").read_bytes()
    clean = (SAMPLES / "clean" / "latin-quotes.txt").read_text(encoding="utf-8")
    repair = textmend.repair_bytes(broken)
    assert repair.text == clean
    assert {c.code for c in repair.changes} == {"TM201"}
    assert [c.line for c in repair.changes] == [1, 2, 3, 4]


def test_bom_is_removed_and_reported() -> None:
    repair = textmend.repair_bytes((SAMPLES / "bom.txt").read_bytes())
    assert repair.text == "name,city\nJosé,Zürich\n"
    assert [(c.code, c.line, c.col) for c in repair.changes] == [("TM701", 1, 1)]
    assert repair.detection is not None and repair.detection.bom == "utf-8"
