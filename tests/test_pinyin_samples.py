"""The Chinese samples in samples/: each damage, in sentences written for this project.

``samples/make_zh_samples.py`` made the damaged files from the clean articles (with OpenCC and
pypinyin, the way mirror sites do it); the expected files are those articles as written.
"""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

import textmend
from textmend.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def read(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def test_residue_sample_to_simplified():
    r = textmend.repair_bytes((SAMPLES / "zh-news-residue.txt").read_bytes(), script="hans")
    assert r.text == read("zh-news-residue.hans.txt")
    assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]", r.text)
    assert opencc.OpenCC("t2s").convert(r.text) == r.text
    assert [c.after for c in r.changes if c.code == "TM602"] == ["報", "標"]


def test_residue_sample_by_default_stays_traditional():
    r = textmend.repair_bytes((SAMPLES / "zh-news-residue.txt").read_bytes())
    assert r.text == read("zh-news-residue.hant.txt")
    assert not any(c.code.startswith("TM5") for c in r.changes)


def test_mixed_sample_auto_and_hans():
    expected = read("zh-mixed-script.hans.txt")
    data = (SAMPLES / "zh-mixed-script.txt").read_bytes()
    # each line is written in one script: by default nothing is converted
    auto = textmend.repair_bytes(data)
    assert auto.text == data.decode("utf-8") and auto.changes == []
    assert textmend.repair_bytes(data, script="hans").text == expected
    assert textmend.detect(data).script == "mixed"


@pytest.mark.parametrize(
    "name",
    [
        "zh-glosses.txt",
        "zh-glosses-hant.txt",
        "zh-hant-tw.txt",
        "zh-japanese.txt",
        "zh-news-residue.hans.txt",
        "zh-news-residue.hant.txt",
        "zh-mixed-script.hans.txt",
    ],
)
def test_clean_samples_are_unchanged(name):
    data = (SAMPLES / name).read_bytes()
    r = textmend.repair_bytes(data)
    assert r.text == data.decode("utf-8") and not r.changes and not r.findings


def test_cli_fix_to_simplified(tmp_path):
    out = tmp_path / "out.txt"
    code = main(["fix", "--script", "hans", "-q", "-o", str(out), str(SAMPLES / "zh-news-residue.txt")])
    assert code == 0  # changes were made, nothing remains
    assert out.read_text(encoding="utf-8") == read("zh-news-residue.hans.txt")
