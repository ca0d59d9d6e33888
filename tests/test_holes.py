"""UTF-8 read as windows-1252 that lost one of the five bytes windows-1252 leaves undefined
(textmend.mojibake.holes): kept as a C1 control then dropped, dropped by the decoder, or
written as U+FFFD or '?'. The sentences are our own; the channel's converter is Windows'."""

from __future__ import annotations

import difflib
import re

import pytest

import textmend
from textmend.mojibake.holes import restore
from textmend.text.converters import CONVERTERS

HOLES = re.compile("[\x81\x8d\x8f\x90\x9d]")


def damaged(clean: str, how: str) -> str:
    shown = CONVERTERS["win-cp1252"].decode(clean.encode("utf-8"), "strict")
    put = {"dropped": "", "fffd": "\ufffd", "question": "?"}[how]
    return HOLES.sub(put, shown)


SENTENCES = [
    # (sentence, whether every lost byte is clear from its context)
    "Поезд из Санкт-Петербурга прибывает в 7:45 на Ленинградский вокзал.",
    "Το πλοίο για τη Σαντορίνη φεύγει από τον Πειραιά στις 7:30.",
    "파일을 열 수 없습니다. 경로를 다시 확인해 주세요.",
    "東京駅から新大阪駅まで、のぞみで約2時間30分かかります。",
    "Árvíztűrő tükörfúrógép: ez a mondat minden ékezetes betűt tartalmaz.",
]


@pytest.mark.parametrize("clean", SENTENCES)
@pytest.mark.parametrize("how", ["dropped", "fffd", "question"])
def test_a_restored_byte_is_right_and_a_doubtful_one_is_reported(clean: str, how: str) -> None:
    text = damaged(clean, how)
    assert text != CONVERTERS["win-cp1252"].decode(clean.encode("utf-8"), "strict")
    result = textmend.repair_text(text)
    lost = [f for f in result.findings if f.code == "TM204"]
    # what differs from the sentence is a doubtful character, left as it stood (or U+FFFD
    # where a marker stood) and reported with the right one among its candidates: nothing
    # wrong is restored
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, clean, result.text, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            continue
        assert all(c == "\ufffd" or c in text for c in result.text[j1:j2]), result.text
        for ch in clean[i1:i2]:
            assert any(ch in f.candidates for f in lost), (ch, result.text)


def test_most_lost_bytes_are_restored() -> None:
    right = total = 0
    for clean in SENTENCES:
        out = textmend.repair_text(damaged(clean, "dropped")).text
        total += len(clean)
        right += sum(
            b.size for b in difflib.SequenceMatcher(None, clean, out, autojunk=False).get_matching_blocks()
        )
    assert right >= 0.97 * total


def test_the_issue_example_restores_what_its_context_says() -> None:
    # あなたは with each 81 dropped: あ or わ the model cannot tell apart, the rest it can
    text, holes = restore("ã‚ãªãŸã¯")
    assert [h.put for h in holes][1:] == ["\x81"] * 3
    assert holes[0].put == "\ufffd" and {c for c, _ in holes[0].candidates[:2]} == {"あ", "わ"}
    # and the finding lists them with their probabilities, as its data and in its message
    (f,) = [f for f in textmend.repair_text("ã‚ãªãŸã¯").findings if f.code == "TM204"]
    assert f.candidates[:2] in (("あ", "わ"), ("わ", "あ")) and len(f.probabilities) == len(f.candidates)
    assert f"{f.candidates[0]} {f.probabilities[0]:.0%}" in f.message and f.probabilities[0] < 0.9


@pytest.mark.parametrize(
    "clean",
    [
        "ESPAÑA GANÓ EL PARTIDO",  # Ñ before an ASCII letter is no lost с
        "«café», «thé» et «né»",
        "Größe, Brücke, über",
        "Ñandú, Ñuñoa y Ñoño",
    ],
)
def test_clean_text_has_no_hole(clean: str) -> None:
    assert restore(clean) == (clean, [])
    result = textmend.repair_text(clean)
    assert result.text == clean and not result.changes and not result.findings


@pytest.mark.parametrize(
    "clean",
    [
        "最終的に父の死で都会から家に戻った長男。\n",
        "きょうは、劇に誘拐したかった。今さらながらだが、教室での授業シーンでは朝っぱらから号泣してしまった。\n",
    ],
)
def test_legacy_japanese_read_as_windows_1252_is_no_lost_byte_text(clean: str) -> None:
    # EUC-JP read as windows-1252: a kana's A4 after a lead byte pairs into a "complete"
    # UTF-8 sequence (Ȥ, Ǥ, ǽ: letters no text uses), and some leads stand before ASCII;
    # holes must not claim the line (the CJK engine repairs it as EUC-JP)
    shown = clean.encode("euc_jp").decode("cp1252", errors="replace")
    assert restore(shown) == (shown, [])
    assert textmend.repair_text(shown).text == clean


@pytest.mark.parametrize(
    "clean",
    ["“Где мой ключ?” — спросила она у сестры.", "“책을 어디에 두었을까?” 하고 물었다."],
)
def test_a_line_that_shows_its_lost_bytes_as_question_marks_gets_its_closing_quote(clean: str) -> None:
    # ” is E2 80 9D: '?' for its 9D, after a real question mark, reads as ftfy reads â€? (a lost
    # character), unless the line shows '?' standing for a lost byte where no question mark
    # can: inside a sequence (을 EC 9D 84: ì?„) or glued to the next letter (с D1 81: Ñ?Ð¿)
    out = textmend.repair_text(damaged(clean, "question")).text
    assert out.startswith(clean[: clean.index("”") + 1]), out


def test_a_question_mark_after_a_lost_mark_stays_lost_without_such_evidence() -> None:
    # ftfy's own case: nothing in the line shows '?' for a lost byte
    out = textmend.repair_text("The ICR has been upgraded to â€œbb+â€? from â€œbbâ€?").text
    assert out == "The ICR has been upgraded to “bb+� from “bb�"


@pytest.mark.parametrize("clean", ["我已经发送了邮件，请查收。", "他把文件发送给老师了。"])
@pytest.mark.parametrize("how", ["dropped", "fffd", "question"])
def test_holes_side_by_side_are_weighed_together(clean: str, how: str) -> None:
    # 发 E5 8F 91 and 送 E9 80 81 each lose a byte, one right after the other: alone, each
    # has a lost character for a neighbour; together, 发送 is the word
    text = damaged(clean, how)
    assert "å" in text and "é€" in text
    assert textmend.repair_text(text).text == clean


def shown_with_c1_as_question_marks(clean: str) -> str:
    """UTF-8 read as latin-1 by a reader that shows each C1 control as '?'."""
    return re.sub("[\x80-\x9f]", "?", clean.encode("utf-8").decode("latin-1"))


def test_a_line_whose_reader_marks_every_c1_byte_has_its_letters_weighed_among_all_of_them() -> None:
    # 'ItÃ?' cannot be windows-1252's view (it shows C3 83 as Ãƒ): a line with markers inside
    # sequences and none of the characters windows-1252 gives bytes 80-9F lost any of them
    clean = "Поезд прибывает в 7:45 на Ленинградский вокзал."
    shown = shown_with_c1_as_question_marks(clean)
    assert "Ñ?" in shown and "€" not in shown
    # each byte restored is the one that was there (р is D1 80, none of windows-1252's five);
    # the others (ы or і, т or ђ...) stay lost, one U+FFFD each
    out = textmend.repair_text(shown).text
    assert len(out) == len(clean) and all(o in (c, "\ufffd") for o, c in zip(out, clean)), out
    assert "при" in out


def test_a_symbol_lost_among_every_c1_byte_stays_lost() -> None:
    # ftfy's case: E2 ? AC and E2 ? A2 are € and ™ here, or • ⟬ ❬...: the lost byte picks the
    # block, which nothing in the line tells; ftfy leaves them lost too
    text = "ItÃ?Â¢â?¬â?¢s classic. ItÃ?Â¢â?¬â?¢s epic. ItÃ?Â¢â?¬â?¢s ELIZABETH BENNET for goodnessÃ?Â¢â?¬â?¢ sake!"
    out = textmend.repair_text(text).text
    assert out == "It�¢��s classic. It�¢��s epic. It�¢��s ELIZABETH BENNET for goodness�¢�� sake!"
    assert textmend.repair_text(out).text == out  # its U+FFFD are no evidence of another layer


def test_a_restored_letter_is_one_the_language_of_the_line_writes() -> None:
    # ß is C3 9F, its 9F shown as '?': of windows-1252's five bytes, 90 makes Ð, which the
    # bigram model finds as likely between ö and e; no language writes ð beside ß and ä
    out = textmend.repair_text(
        shown_with_c1_as_question_marks("Die Größe der Datei überschreitet das zulässige Maximum.")
    ).text
    assert "Ð" not in out and "ð" not in out
    assert out.replace("\ufffd", "ß") == "Die Größe der Datei überschreitet das zulässige Maximum."


@pytest.mark.parametrize(
    ("clean", "kept"),
    [
        # ő is C5 91: of C5 80-9F (ŀ Ł ł ... ő ... ş), the only letters Hungarian writes are Ő ő
        ("A könyvtár hétfőtől péntekig reggel nyolctól este hatig tart nyitva.", "hétfőtől"),
        # ř, once restored, tells Czech: ā and ē (C4 81, C4 93) are then no candidates for ě
        ("Jiří strávil léto na chalupě u Krumlova.", "Jiří strávil léto na chalupě"),
    ],
)
def test_a_hole_among_every_c1_byte_is_weighed_among_its_languages_letters(clean: str, kept: str) -> None:
    shown = shown_with_c1_as_question_marks(clean)
    assert "?" in shown
    out = textmend.repair_text(shown).text
    assert kept in out, out
    assert len(out) == len(clean) and all(o in (c, "\ufffd") for o, c in zip(out, clean)), out


@pytest.mark.parametrize(
    "clean",
    [
        "Příliš pozdě přišli na nádraží.",
        "Nem sempre é possível chegar cedo à reunião.",
    ],
)
def test_a_dropped_soft_hyphen_is_a_lost_byte(clean: str) -> None:
    """í is C3 AD, and AD is windows-1252's soft hyphen, which editors drop as invisible: a
    text that shows no soft hyphen may have lost one wherever a sequence lacks a byte."""
    shown = CONVERTERS["win-cp1252"].decode(clean.encode("utf-8"), "strict").replace("\xad", "")
    assert textmend.repair_text(shown).text == clean


def test_a_text_that_keeps_its_soft_hyphens_lost_none() -> None:
    """Where a soft hyphen stands in the text, the bytes lost are the five undefined ones."""
    clean = "Ο Γιώργος ζει στην Αθήνα, ο Πέτρος στην Κρήτη."
    shown = damaged(clean, "dropped")
    assert HOLES.search(CONVERTERS["win-cp1252"].decode(clean.encode("utf-8"), "strict"))
    assert textmend.repair_text(shown + " Mot\xadif.").text.startswith(clean)
