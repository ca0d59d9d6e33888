"""Inline suppression: `textmend: ignore` on a line, `textmend: ignore-file` for a file."""

from __future__ import annotations

from pathlib import Path

import textmend
from textmend import suppress

MOJIBAKE = "Le cafÃ© est fermÃ© le lundi."


def test_a_line_that_says_ignore_is_left_as_it_is_and_the_others_are_repaired() -> None:
    text = f'PATTERNS = ["Ã©", "Ã¨"]  # textmend: ignore\n{MOJIBAKE}\n'
    r = textmend.repair_text(text)
    assert r.text == 'PATTERNS = ["Ã©", "Ã¨"]  # textmend: ignore\nLe café est fermé le lundi.\n'
    assert [(c.code, c.line) for c in r.changes] == [("TM201", 2)]


def test_codes_in_brackets_suppress_only_those_codes_or_prefixes() -> None:
    text = (
        'a = "caf\ufffd"  # textmend: ignore[TM411]\n'
        'b = "caf\ufffd"  # textmend: ignore[TM2]\n'
        'c = "cafÃ©"  # textmend: ignore[tm2, TM411]\n'
    )
    r = textmend.repair_text(text)
    assert r.text == text
    assert [(f.code, f.line) for f in r.findings] == [("TM411", 2)]
    assert r.changes == []


def test_the_file_level_form_covers_every_line() -> None:
    text = f"<!-- textmend: ignore-file[TM2] -->\n{MOJIBAKE}\nZ\ufffdrich\n"
    r = textmend.repair_text(text)
    assert r.text == text and r.changes == []
    assert [(f.code, f.line) for f in r.findings] == [("TM411", 3)]
    assert textmend.repair_text("# textmend: ignore-file\n" + text).findings == []


def test_text_without_a_directive_costs_one_search_and_keeps_the_fixers_objects() -> None:
    text, items = "plain\n", [object()]
    new, kept = suppress.filter_items(text, "plain!\n", items)  # type: ignore[arg-type]
    assert new == "plain!\n" and kept is items
    assert suppress.parse("no directive here, only textmend: the name\n") is None
    assert suppress.parse("textmend: ignored, textmend: ignores, textmend: ignore-files\n") is None


def test_decoding_is_not_suppressible_a_legacy_file_is_still_converted() -> None:
    data = "Déjà vu, café crème à côté  # textmend: ignore-file\n".encode("cp1252")
    r = textmend.repair_bytes(data)
    assert [c.code for c in r.changes] == ["TM101"]


def test_the_fix_hook_no_longer_fails_forever_on_a_fixture_that_quotes_damage(cli, tmp_path: Path) -> None:
    fixture = tmp_path / "fixture.py"
    fixture.write_text('BROKEN = "caf\ufffd"\n', encoding="utf-8")
    r = cli("fix", str(fixture))
    assert r.code == 1 and "TM411" in r.err  # damage fix cannot repair: the hook fails
    fixture.write_text('BROKEN = "caf\ufffd"  # textmend: ignore[TM411]\n', encoding="utf-8")
    before = fixture.read_bytes()
    r = cli("fix", str(fixture))
    assert (r.code, r.err) == (0, "")
    assert fixture.read_bytes() == before
