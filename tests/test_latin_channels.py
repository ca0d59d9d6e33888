"""Latin damage as real converters make it, which ftfy undoes: C1 controls and struck-out text.

Each case is a sentence of our own put through the damage (see tests/damage.py for the channels),
so the expected text is the sentence itself.
"""

from __future__ import annotations

import pytest

import textmend


@pytest.mark.parametrize(
    ("clean", "encoding"),
    [
        ("Er sagte „Hallo“ und ging – ohne ein Wort.", "cp1252"),
        ("„Handwerk…“ ist Arbeit mit der Hand.", "cp1252"),
        ("Soubor nelze uložit, protože disk je plný.", "cp1252"),
        ("Il a dit « oui » — puis « non ».", "cp1252"),
    ],
)
def test_windows_1252_read_as_latin1_is_repaired(clean: str, encoding: str) -> None:
    # a decoder that took windows-1252 bytes for latin-1 leaves C1 controls where the
    # punctuation and letters of 0x80-0x9F were
    damaged = clean.encode(encoding).decode("latin-1")
    assert damaged != clean
    result = textmend.repair_text(damaged)
    assert result.text == clean
    assert {c.code for c in result.changes} == {"TM201"}
    assert any("windows-1252" in c.message for c in result.changes)


def test_c1_controls_beside_other_punctuation_are_repaired() -> None:
    # '…' is not latin-1, so the text cannot be re-decoded whole; each C1 control is read
    # as windows-1252 reads its byte
    result = textmend.repair_text("\x84Handwerk…\x93 ist gut.")
    assert result.text == "„Handwerk…“ ist gut."
    assert result.changes[0].message == "mojibake: windows-1252 read as latin-1 (C1 controls)"


def test_c1_controls_in_another_script_are_left() -> None:
    # Thai text whose source already held C1 quotes (bytes of cp874, not windows-1252), then
    # read as latin-1: the UTF-8 layer is undone, the quotes are not guessed at
    thai = "ข่าว \x93มติชน\x94 วันนี้ ข่าวสุขภาพ"
    damaged = thai.encode("utf-8").decode("latin-1")
    assert textmend.repair_text(damaged).text == thai


@pytest.mark.parametrize(
    ("clean", "shown"),
    [
        ("Was $̶6̶3̶ now only $49 — this week only.", "cp1252"),
        ("Giá cũ 2̶0̶0̶.̶0̶0̶0̶ ̶đ̶, giá mới 150.000 đ.", "cp1252"),
        ("Der alte Preis war 1̶2̶0̶ ̶€̶, jetzt nur noch 99 €.", "cp1257"),
        ("Tarif : 4̶5̶ ̶€̶ 39 € jusqu’à dimanche.", "cp1250"),
    ],
)
def test_struck_out_text_is_repaired(clean: str, shown: str) -> None:
    # text stylers put U+0336 after every character, spaces and signs included: a stroke
    # after a space is not a stray diacritic
    damaged = clean.encode("utf-8").decode(shown)
    assert textmend.repair_text(damaged).text == clean


def test_a_stray_diacritic_still_refuses_a_repair() -> None:
    # GB2312 '同' (CD AC) read as latin-1 is 'Í¬', which ftfy would take for UTF-8 of U+036C, a
    # combining letter on nothing: not Latin mojibake
    text = "\u00cd\u00ac\u00d2\u00e2"
    out = textmend.repair_text(text).text
    assert "\u036c" not in out


def test_c1_controls_of_utf8_mojibake_are_not_read_as_windows_1252() -> None:
    # CESU-8 emoji read as latin-1: the C1 controls are UTF-8 continuation bytes
    text = "I just figured out how to tweet emojis! \u00e2\x9a\u00bd\u00ed\u00a0\u00bd\u00ed\u00b8\x80"
    out = textmend.repair_text(text).text
    assert "\u0161" not in out and "\u20ac" not in out  # no š or € made of its bytes


def test_a_lead_byte_before_a_lost_continuation_becomes_one_marker() -> None:
    # ftfy's published case: Slovak 'Slovenčina' whose UTF-8 lost a byte, then read as cp1252
    assert textmend.repair_text("Sloven\u00c4\ufffdina").text == "Sloven\ufffdina"


@pytest.mark.parametrize(
    "clean",
    [
        "Kaffet på stationen kostar 32 kronor, vilket är rätt dyrt.",
        "Die Tür wäre schön, aber für 20 Euro ist sie zu teuer.",
    ],
)
def test_utf8_read_as_latin9_without_a_c1_control_is_repaired(clean: str) -> None:
    # ISO 8859-15 shows ä (C3 A4) as ``Ã€``, which windows-1252 reads back as À (C3 80): the
    # words tell the two readers apart
    damaged = clean.encode("utf-8").decode("iso8859-15")
    result = textmend.repair_text(damaged)
    assert result.text == clean
    assert any("ISO 8859-15" in c.message for c in result.changes)


def test_windows_1252_mojibake_is_not_read_as_latin9() -> None:
    # ``ÅŸ`` is ş through windows-1252 and ž through ISO 8859-15: the commoner reader keeps it
    clean = "Mehmet Bey her sabah işe gitmeden önce çay içer."
    assert textmend.repair_text(clean.encode("utf-8").decode("cp1252")).text == clean
