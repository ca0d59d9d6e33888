"""Mojibake lower- or upper-cased after the damage (textmend.mojibake.cased): the sentences are
our own, put through UTF-8 read as windows-1252 and then a case fold, as a form or a stylesheet
does; the repair is the sentence in that case."""

from __future__ import annotations

import re

import pytest

import textmend
from textmend.mojibake.cased import case_of, evidence, screen_evidence, unfold, unfolded
from textmend.text.converters import CONVERTERS


def damage(clean: str, case: str) -> str:
    # Windows' own windows-1252 (its five undefined bytes read as C1 controls)
    shown = CONVERTERS["win-cp1252"].decode(clean.encode("utf-8"), "strict")
    return shown.lower() if case == "lower" else shown.upper()


@pytest.mark.parametrize(
    "clean",
    [
        "Le théâtre de la rue Saint-Honoré rouvrira ses portes le 3 février.",
        "Dosya kaydedilemedi; lütfen disk alanını kontrol edin.",
        "Zażółć gęślą jaźń to zdanie, które zawiera wszystkie polskie litery.",
        "Поезд из Санкт-Петербурга прибывает в 7:45.",
        "Ο Νίκος σπουδάζει φυσική στο Πανεπιστήμιο Αθηνών.",
        "如果安装失败，请删除缓存目录后重新运行。",
        "파일을 열 수 없습니다. 경로를 다시 확인해 주세요.",
    ],
)
@pytest.mark.parametrize("case", ["lower", "upper"])
def test_case_folded_mojibake_is_repaired_in_its_case(clean: str, case: str) -> None:
    damaged = damage(clean, case)
    result = textmend.repair_text(damaged)
    wanted = clean.lower() if case == "lower" else clean.upper()
    assert result.text == wanted
    assert {c.code for c in result.changes} == {"TM201"}


def test_unfolding_gives_each_character_the_case_that_makes_utf8() -> None:
    # 'ã©' is E3 A9, a three-byte lead with one continuation byte; 'Ã©' is C3 A9, é
    assert unfold("cafã©", "lower") == "cafÃ©"
    # 'Ä½' upper-cased from 'ä½' (E4 BD ...), the lead of 你
    assert unfold("Ä½\xa0", "upper") == "ä½\xa0"
    assert case_of("Café") is None and case_of("café") == "lower" and case_of("CAFÉ") == "upper"


@pytest.mark.parametrize(
    "clean",
    [
        "« café » et crème brûlée, à la française",
        "ÇA VA ? LE CAFÉ EST À 2 €.",
        "straße, größe, weiß",
        "ΜΑΘΗΜΑΤΙΚΆ ΚΑΙ ΦΥΣΙΚΉ",
        "«café»",
        "ÉTÉ «CAFÉ»",
    ],
)
def test_clean_case_folded_text_is_left_alone(clean: str) -> None:
    result = textmend.repair_text(clean)
    assert result.text == clean
    assert not result.changes and not result.findings


def test_unfolding_leaves_text_without_mojibake_as_it_is() -> None:
    assert unfolded("« café » et crème brûlée") is None


@pytest.mark.parametrize("text", ["a “irmã” foi", "\t“irmã”..\n", "minha ‘irmã’ mais velha"])
def test_a_quote_the_line_opened_is_not_a_byte_of_lower_cased_mojibake(text: str) -> None:
    # ã” is what windows-1252 shows for Ô's bytes lower-cased, but the quotes are a pair
    r = textmend.repair_text(text)
    assert r.text == text and r.changes == []


@pytest.mark.parametrize(
    "clean", ["他們明天早上要去圖書館借書，順便買一杯咖啡。", "開會時間改到下午三點，請大家準時出席。"]
)
def test_curly_quotes_that_are_bytes_of_the_mojibake_open_nothing(clean: str) -> None:
    # 們 E5 80 91 shows ‘ and 咖 E5 92 96 ’ further on, 間 E9 96 93 shows “ and 改 E6 94 B9 ”:
    # pairs of quotes made of the mojibake's bytes, which the repair takes in and does not keep
    damaged = damage(clean, "lower")
    assert "‘" in damaged or "“" in damaged
    assert textmend.repair_text(damaged).text == clean


def test_lower_cased_mojibake_beside_a_lone_closing_quote_is_still_repaired() -> None:
    assert textmend.repair_text("l’arrã”t").text == "l’arrôt"


@pytest.mark.parametrize("clean", ["Świeże pieczywo codziennie od szóstej", "ŚWIEŻE PIECZYWO"])
def test_a_c1_control_no_utf8_sequence_holds_shows_the_case_of_its_letter(clean: str) -> None:
    # cp1250 read as latin-1: Ś is 8C, a C1 control to latin-1 but Œ to windows-1252, a capital;
    # the text is not lower-cased, and its repair keeps the capital
    damaged = clean.encode("cp1250").decode("latin-1")
    assert damaged.startswith("\x8c")
    assert textmend.repair_text(damaged).text == clean


def test_lower_cased_utf8_read_as_latin1_unfolds_its_c1_controls() -> None:
    # ß is C3 9F: latin-1 shows Ã\x9f, lower-cased ã\x9f, whose 9F unfolding must know
    damaged = "Die Straße ist groß und schön.".encode().decode("latin-1").lower()
    assert "\x9f" in damaged
    assert textmend.repair_text(damaged).text == "die straße ist groß und schön."


def drop_c1(clean: str) -> str:
    # windows-1252's five undefined bytes dropped (a terminal, a web form), nothing case-folded
    shown = CONVERTERS["win-cp1252"].decode(clean.encode("utf-8"), "strict")
    return "".join(c for c in shown if not "\x80" <= c <= "\x9f")


@pytest.mark.parametrize(
    "clean",
    [
        "会议推迟到下周三上午十点，地点改在三楼的小会议室。",
        "東京駅から新大阪駅まで、のぞみで約2時間30分かかります。",
    ],
)
def test_cjk_short_of_bytes_is_no_lower_cased_text(clean: str) -> None:
    # UTF-8 of CJK read as windows-1252 is small letters by default (its leads are E4..E9, å
    # and the like); where a byte was lost, a capital lead (Å, C5) would make the broken
    # sequence valid: 午 E5 8D 88 short of 8D is å + ˆ, which C5 88 reads as ň
    damaged = drop_c1(clean)
    out = textmend.repair_text(damaged).text
    assert not any("\u00c0" <= c <= "\u024f" for c in out if c not in damaged)  # no Latin letter made


def test_a_lead_shortened_needs_the_text_to_show_its_leads_folded() -> None:
    partly = "会议推迟到下周三上åˆå点，地点改在三楼的å°会议室。"  # (its whole characters repaired)
    assert unfold(partly, "lower") == partly
    # lower-cased text: its own small letters start sentences, its ``ã`` leads nothing as it stands
    assert (
        unfold("o voo sai ã\xa0s 23h15. chega de manhã£.", "lower")
        == "o voo sai Ã\xa0s 23h15. chega de manhÃ£."
    )
    assert unfold("ð¿ñ€ð¸ð²ðµñ‚", "lower") == "Ð¿Ñ€Ð¸Ð²ÐµÑ‚"


def test_upper_cased_mojibake_without_ascii_letters_unfolds_its_leads() -> None:
    # a capital lead given the small case leads a longer sequence (Â€” as —, E2 80 94): bytes
    # a text short of bytes does not have, so no further evidence is asked
    clean = "«Ґанок треба пофарбувати до суботи», — нагадав дідусь."
    assert textmend.repair_text(damage(clean, "upper")).text == clean.upper()


@pytest.mark.parametrize("text", ["user=“José” id=7", "“Zoë” and “Chloé”", "USER=“JOSÉ”", "a ‘irmã’ foi"])
def test_a_quote_the_line_opened_is_no_evidence_for_the_screen(text: str) -> None:
    # the repair of such a closer is refused (the quotes are a pair), so the screen, which cannot
    # see the whole line as `_closes_a_quote` does, leaves the text to the fixers it has no
    # evidence of: none
    assert not any(re.search(p, text) for p in screen_evidence())
    assert any(re.search(p, text) for p in evidence())


@pytest.mark.parametrize(
    "text",
    ["l’arrã”t", "“irmã” e ã”", "x“é”", "“é”", "é“é”", "“ok” josé”", "“Ã”"],
)
def test_a_closer_the_screen_may_not_skip_is_still_evidence(text: str) -> None:
    # no opener, one after a closer, or one beside a non-ASCII character (it may be a byte of the
    # mojibake, which opens nothing)
    assert any(re.search(p, text) for p in screen_evidence())
