"""The user cache of built screens (`textmend.cache`) and the pipeline's use of it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import textmend
from textmend import cache, pipeline
from textmend.fixers import FIXERS
from textmend.options import Options


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("TEXTMEND_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TEXTMEND_NO_CACHE", raising=False)
    pipeline._evidence_forms_of.cache_clear()  # the forms are memoised per process too
    yield tmp_path / "cache"
    pipeline._evidence_forms_of.cache_clear()


def _lists(data: object) -> bool:
    return isinstance(data, list)


def test_data_is_stored_under_its_key_and_found_again(folder: Path) -> None:
    cache.store("thing", "key 1", [["a", "[é]"], None])
    assert cache.load("thing", "key 1", _lists) == [["a", "[é]"], None]
    assert cache.load("thing", "key 2", _lists) is None  # another key: another file
    assert cache.load("thing", "key 1", lambda data: False) is None  # not the shape the caller wants
    (file,) = folder.iterdir()  # no temporary file left beside it
    file.write_text('{"key": "x"', encoding="utf-8")  # half a file
    assert cache.load("thing", "key 1", _lists) is None
    file.write_text('{"key": "not this one", "data": []}', encoding="utf-8")
    assert cache.load("thing", "key 1", _lists) is None


def test_no_cache_and_a_folder_that_cannot_be_written_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TEXTMEND_CACHE_DIR", str(blocker / "cache"))
    cache.store("thing", "k", [1])  # silently nothing
    assert cache.load("thing", "k", _lists) is None
    monkeypatch.setenv("TEXTMEND_NO_CACHE", "1")
    assert cache.folder() is None
    assert textmend.repair_text("CafÃ© au lait").text == "Café au lait"


def test_the_pipeline_takes_the_evidence_it_stored_and_it_is_what_the_fixers_give(folder: Path) -> None:
    specs = list(FIXERS)
    for options in (Options(), Options(script="hans"), Options(script="keep", ignore=("TM2",))):
        fresh = pipeline._forms(tuple(s.evidence(options) for s in specs))
        assert pipeline._evidence_forms(options, specs) == fresh  # built, and stored
        pipeline._evidence_forms_of.cache_clear()
        assert pipeline._evidence_forms(options, specs) == fresh  # read back
    assert len(list(folder.glob("evidence-*.json"))) == 3  # one per set of options


def test_a_stale_or_damaged_entry_is_rebuilt(folder: Path) -> None:
    specs = list(FIXERS)
    options = Options()
    fresh = pipeline._evidence_forms(options, specs)
    (file,) = folder.glob("evidence-*.json")
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('"data": [', '"data": [7, ', 1), encoding="utf-8")  # wrong shape
    pipeline._evidence_forms_of.cache_clear()
    assert pipeline._evidence_forms(options, specs) == fresh
    assert file.read_text(encoding="utf-8") == text  # written anew


def _age(path: Path, days: float) -> None:
    then = time.time() - days * 24 * 3600
    os.utime(path, (then, then))


def test_files_unused_for_a_month_are_removed_when_data_is_stored(folder: Path) -> None:
    cache.store("thing", "k", [1])
    (mine,) = folder.glob("thing-*.json")
    stale = folder / "thing-0123456789abcdef0123456789abcdef.json"  # an older version's
    stale.write_text('{"key": "old", "code": "an older version", "data": [0]}', encoding="utf-8")
    _age(stale, 31)
    shared = folder / "thing-fedcba9876543210fedcba9876543210.json"  # another install's, in use
    shared.write_text('{"key": "other", "code": "another install", "data": [0]}', encoding="utf-8")
    _age(shared, 3)
    other = folder / "other-0123456789abcdef0123456789abcdef.json"  # another name: not ours to judge
    other.write_text('{"key": "old", "code": "an older version", "data": [0]}', encoding="utf-8")
    _age(other, 31)
    cache.store("thing", "k2", [2])  # same code, other options: both kept
    assert not stale.exists() and shared.exists() and other.exists()
    assert mine.exists() and len(list(folder.glob("thing-*.json"))) == 3
    assert cache.load("thing", "k", _lists) == [1]


def test_a_file_read_is_marked_used_so_it_outlives_a_month(folder: Path) -> None:
    cache.store("thing", "k", [1])
    (mine,) = folder.glob("thing-*.json")
    _age(mine, 29)
    assert cache.load("thing", "k", _lists) == [1]
    assert time.time() - mine.stat().st_mtime < 60  # read: used now
    cache.store("thing", "k2", [2])
    assert mine.exists()
