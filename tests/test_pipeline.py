"""The pipeline's bookkeeping: changes from any fixer point at the original line and column."""

from __future__ import annotations

import pytest

import textmend
from textmend import pipeline
from textmend.fixers import FixerSpec
from textmend.options import Options
from textmend.result import Change, Finding
from textmend.spans import SpanMap, apply_edits, gives


def _replace_word(old: str, new: str, code: str):
    def fixer(text: str, options: Options):
        i = text.find(old)
        if i < 0:
            return text, []
        return text.replace(old, new, 1), [Change(code, f"{old} -> {new}", old, new, i, i + len(old))]

    return fixer


def test_changes_of_later_fixers_map_back_through_earlier_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    original = "\ufeffAAAA bb\nxx cc dd\n"

    def strip_bom(text: str, options: Options):
        if not text.startswith("\ufeff"):  # the pipeline runs fixers again until nothing changes
            return text, []
        return text[1:], [Change("TM701", "bom", "\ufeff", "", 0, 1)]

    def flag(text: str, options: Options):
        i = text.index("dd")
        return text, [Finding("TM410", "look here", "dd", start=i, end=i + 2)]

    fixers = (
        FixerSpec("bom", "", ("TM701",), strip_bom),
        FixerSpec("a", "", ("TM201",), _replace_word("AAAA", "A", "TM201")),
        FixerSpec("c", "", ("TM202",), _replace_word("cc", "CCCCC", "TM202")),
        FixerSpec("flag", "", ("TM410",), flag),
    )
    r = pipeline.repair_text(original, Options(), fixers)
    assert r.text == "A bb\nxx CCCCC dd\n"
    assert [(c.code, c.line, c.col, c.start, c.end) for c in r.changes] == [
        ("TM701", 1, 1, 0, 1),
        ("TM201", 1, 2, 1, 5),
        ("TM202", 2, 4, 12, 14),
    ]
    [f] = r.findings
    assert (f.line, f.col, original[f.start : f.end]) == (2, 7, "dd")


def test_a_fixer_whose_changes_do_not_explain_its_output_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def liar(text: str, options: Options):
        return text.upper(), [Change("TM201", "upper", "a", "A", 0, 1)]

    with pytest.raises(RuntimeError, match="liar"):
        pipeline.repair_text("abc", Options(), (FixerSpec("liar", "", ("TM201",), liar),))


def test_span_map_through_growing_and_shrinking_edits() -> None:
    text = "0123456789"
    smap = SpanMap(len(text))
    first = [Change("X", "", "23", "abcd", 2, 4), Change("X", "", "7", "", 7, 8)]
    text2 = apply_edits(text, first)
    assert text2 == "01abcd45689"
    smap.apply(first)
    assert [smap.to_original(i) for i in range(len(text2))] == [0, 1, 2, 2, 2, 2, 4, 5, 6, 8, 9]
    second = [Change("X", "", "45", "", 6, 8)]
    smap.apply(second)
    text3 = apply_edits(text2, second)
    assert text3 == "01abcd689"
    assert smap.to_original(text3.index("6")) == 6
    assert smap.to_original(text3.index("9")) == 9


def test_gives_agrees_with_apply_edits() -> None:
    # a converter's whole-text change, and edits of a mixed line, checked in place
    text = "河边的早市\n每天清晨五点，河边的空地上就热闹起来。CafÃ© au lait\n"
    at = text.index("Ã©")
    whole = [Change("TM502", "", text[1:at], "邊的早市\n每天清晨五點，河邊的空地上就熱鬧起來。Caf", 1, at)]
    parts = [Change("TM502", "", "边", "邊", 1, 2), Change("TM201", "", "Ã©", "é", at, at + 2)]
    for edits in (whole, parts, []):
        new = apply_edits(text, edits)
        assert gives(text, edits, new)
        assert not gives(text, edits, new[:-1] + "。")  # a different last character
        assert not gives(text, edits, new + "\n")  # one character more
        assert not gives(text, edits, new[1:])  # one character less
    assert not gives(text, parts, apply_edits(text, parts[:1]))


def test_has_surrogate_looks_at_the_whole_text() -> None:
    prose = "河边的早市，每天清晨五点。" * (pipeline.CHUNK // 5)
    assert not pipeline.has_surrogate(prose)
    for at in (0, pipeline.CHUNK - 1, pipeline.CHUNK, len(prose)):
        assert pipeline.has_surrogate(prose[:at] + "\udc80" + prose[at:])


def test_apply_edits_refuses_overlaps() -> None:
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Change("X", "", "", "", 1, 4), Change("X", "", "", "", 3, 5)])
    with pytest.raises(ValueError):
        gives("abcdef", [Change("X", "", "", "", 1, 4), Change("X", "", "", "", 3, 5)], "af")


def test_ignoring_a_rule_leaves_that_damage_alone() -> None:
    broken = "\ufeffVoilÃ  le cafÃ©\n"
    assert textmend.repair_text(broken).text == "Voilà le café\n"
    assert textmend.repair_text(broken, ignore=["TM201"]).text == "VoilÃ  le cafÃ©\n"
    assert textmend.repair_text(broken, select=["TM7"]).text == "VoilÃ  le cafÃ©\n"
    assert (
        textmend.repair_text("\ufeffle cafÃ©\n", select=["ALL"], ignore=["TM701"]).text == "\ufeffle café\n"
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"script": "klingon"}, "unknown script"),
        ({"select": ["TM999"]}, "unknown rule"),
        ({"ignore": ["XX"]}, "unknown rule"),
    ],
)
def test_bad_options_raise_option_error(kwargs: dict, message: str) -> None:
    with pytest.raises(textmend.OptionError, match=message):
        textmend.repair_text("x", **kwargs)


def test_unknown_forced_encoding_raises_option_error() -> None:
    with pytest.raises(textmend.TextmendError, match="unknown encoding"):
        textmend.repair_bytes(b"x", encoding="klingon")


def test_gbk_and_gb2312_names_mean_gb18030() -> None:
    data = "测试：欧元符号€".encode("gb18030")
    assert textmend.repair_bytes(data, encoding="GB2312").text == "测试：欧元符号€"


def test_binary_input_raises_the_documented_error() -> None:
    with pytest.raises(textmend.BinaryInputError):
        textmend.repair_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(200))


def test_wrong_argument_types_say_which_function_to_use() -> None:
    with pytest.raises(TypeError, match="repair_text"):
        textmend.repair_bytes("text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="repair_bytes"):
        textmend.repair_text(b"bytes")  # type: ignore[arg-type]


def test_ignoring_tm101_keeps_a_legacy_file_in_its_encoding() -> None:
    data = "Le cafÃ© est fermé le lundi, à bientôt.\n".encode("cp1252")
    kept = textmend.repair_bytes(data, ignore=["TM101"])
    assert kept.output_encoding == "cp1252"
    assert kept.data == "Le café est fermé le lundi, à bientôt.\n".encode("cp1252")
    assert [c.code for c in kept.changes] == ["TM201"]
    converted = textmend.repair_bytes(data)
    assert converted.output_encoding == "utf-8"
    assert [c.code for c in converted.changes] == ["TM101", "TM201"]


def test_ignoring_tm101_leaves_a_clean_legacy_file_unchanged() -> None:
    data = "Привет, мир! Как дела у вас сегодня?\n".encode("cp1251")
    r = textmend.repair_bytes(data, ignore=["TM101"])
    assert not r.changed and r.data == data and r.changes == []


def test_ignoring_tm102_keeps_utf16_with_its_byte_order_mark() -> None:
    data = "Grüße aus Köln\n".encode("utf-16")
    r = textmend.repair_bytes(data, ignore=["TM102"])
    assert not r.changed and r.data == data


def test_a_repair_that_does_not_fit_the_kept_encoding_is_written_as_utf8() -> None:
    data = "Prix : 5 €, café\n".encode("cp1252")
    r = textmend.repair_bytes(data, ignore=["TM101"], script="hans")
    assert r.output_encoding == "cp1252"  # nothing to convert: the text still fits
    big5 = "這是臺灣的新聞報導，今天天氣很好。\n".encode("big5")
    r = textmend.repair_bytes(big5, ignore=["TM101"], script="hans")  # Simplified does not fit Big5
    assert r.output_encoding == "utf-8"
    assert r.data.decode("utf-8") == "这是台湾的新闻报导，今天天气很好。\n"
    assert "TM101" in [c.code for c in r.changes]
