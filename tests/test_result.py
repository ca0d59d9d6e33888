"""Repair records: unified diff, serialisation, change flags."""

from __future__ import annotations

import json

import textmend
from textmend.result import split_lines, unified_diff


def test_diff_marks_a_missing_final_newline() -> None:
    d = unified_diff("a\nCafÃ©", "a\nCafé", "x.txt")
    assert d.splitlines() == [
        "--- a/x.txt",
        "+++ b/x.txt",
        "@@ -1,2 +1,2 @@",
        " a",
        "-CafÃ©",
        "\\ No newline at end of file",
        "+Café",
        "\\ No newline at end of file",
    ]


def test_diff_of_identical_utf8_text_is_empty_but_an_encoding_change_shows_headers() -> None:
    assert unified_diff("same\n", "same\n", "x.txt") == ""
    d = unified_diff("same\n", "same\n", "x.txt", encoding="gb18030")
    assert d == "--- a/x.txt\t(gb18030)\n+++ b/x.txt\t(utf-8)\n"


def test_split_lines_splits_on_newline_only() -> None:
    assert split_lines("a\u2028b\r\nc\x0bd\ne") == ["a\u2028b\r\n", "c\x0bd\n", "e"]


def test_repair_to_dict_is_json_serialisable_and_complete() -> None:
    r = textmend.repair_bytes("\ufeffNaÃ¯ve\n".encode())
    d = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))
    assert d["text"] == "Naïve\n"
    assert d["changed"] is True
    assert [c["code"] for c in d["changes"]] == ["TM701", "TM201"]
    assert d["detection"]["encoding"] == "utf-8"


def test_changed_is_false_for_clean_utf8_and_true_for_legacy_bytes() -> None:
    assert not textmend.repair_bytes("déjà vu\n".encode()).changed
    assert textmend.repair_bytes("déjà vu, encore une fois, à Noël\n".encode("cp1252")).changed
    assert not textmend.repair_text("plain").changed


def test_a_whole_files_segment_counts_its_lines_when_asked_and_is_a_plain_segment() -> None:
    import copy
    import dataclasses
    import pickle

    from textmend.result import Segment

    for data, lines in ((b"one\ntwo\nthree", 3), (b"one\ntwo\n", 2), (b"", 1), ("Café\n".encode(), 1)):
        seg = textmend.repair_bytes(data).detection.segments[0]  # type: ignore[union-attr]
        plain = Segment(seg.encoding, 1, lines, 0, len(data))
        assert seg == plain and plain == seg and hash(seg) == hash(plain)
        assert seg.end_line == lines and seg.to_dict() == plain.to_dict()
        assert pickle.loads(pickle.dumps(Segment.whole("utf-8", data.decode(), len(data)))).end_line == lines
        assert copy.deepcopy(seg) == plain and dataclasses.replace(seg, end_byte=0).end_line == lines
    lazy = Segment.whole("ascii", "a\nb\n", 4)
    assert "a\nb\n" not in pickle.dumps(lazy).decode("latin-1")  # the text is not pickled with it
