"""The Latin fixer (ftfy's encoding step) and how it shares the work with the CJK fixer."""

from __future__ import annotations

import pytest

import textmend
from textmend.context import Context
from textmend.fixers import latin
from textmend.options import Options
from textmend.text import converters  # noqa: F401 (registers the win-* codecs)


@pytest.mark.parametrize(
    "clean",
    [
        "Le café de la gare ouvre à sept heures, même le dimanche.",
        "Die Größe der Brücke überrascht viele Besucher.",
        "São Paulo é a maior cidade do Brasil, não é?",
        "Привет, как дела? Всё хорошо.",
    ],
)
@pytest.mark.parametrize("shown", ["win-cp1252", "latin-1"])
def test_utf8_read_as_latin_code_page(clean: str, shown: str) -> None:
    # win-cp1252 decodes as Windows does: its five undefined bytes (0x81 of ``с``) stay C1 controls
    broken = clean.encode("utf-8").decode(shown)
    r = textmend.repair_text(broken)
    assert r.text == clean
    assert {c.code for c in r.changes} == {"TM201"}


def test_utf8_read_as_mac_roman() -> None:
    clean = "Crème brûlée für zwei, s'il vous plaît."
    assert textmend.repair_text(clean.encode("utf-8").decode("mac_roman")).text == clean


def test_two_layers_of_windows_1252() -> None:
    clean = "Ça coûte 5 € à l'entrée."
    twice = clean.encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252")
    assert textmend.repair_text(twice).text == clean


def test_only_the_damaged_line_changes() -> None:
    lines = ["Première ligne, intacte.\n", "Deuxième ligne abîmée.\n", "Troisième ligne, intacte.\n"]
    damaged = lines[:]
    damaged[1] = lines[1].encode("utf-8").decode("cp1252")
    r = textmend.repair_text("".join(damaged))
    assert r.text == "".join(lines)
    assert [(c.line, c.col) for c in r.changes] == [(2, 6)]  # at the è


@pytest.mark.parametrize(
    "text",
    [
        "Ærøskøbing, Łódź, İstanbul, naïve façade — “quoted” ‘text’ …",
        "Price: 10 €, 25°C, © 2024, ½ cup, ¿Qué? ¡Sí!",
        "全角の句読点、「かぎかっこ」（括弧）！？はそのまま。",
        "Bytes windows-1252 leaves undefined, \x81 and \x9d, stay where they are.",
    ],
)
def test_clean_text_is_untouched(text: str) -> None:
    out, items = latin.fix(text, Context(Options()))
    assert out == text
    assert items == []


def test_cjk_legacy_read_as_cp1252_is_not_mangled_by_ftfy() -> None:
    # ftfy alone makes GBK read as windows-1252 worse; the CJK fixer runs first and undoes it.
    clean = "中文编码问题很常见。"
    assert textmend.repair_text(clean.encode("gbk").decode("cp1252")).text == clean


# --- ftfy's encoding fix, reproduced with its per-sequence fixes memoised ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "Le cafÃ© est fermÃ© le lundi, mais la crÃ¨me brÃ»lÃ©e reste au menu.",
        "Prix : 12 â‚¬ la bouteille â€” Ã  consommer avec modÃ©ration.",
        "MÃ¶chten Sie ein StÃ¼ck Kuchen? Das MÃ¤dchen sagt: â€žJa, gerneâ€œ. Und dann café noir.",
        "ÐŸÑ€Ð¸Ð²ÐµÑ‚, ÐºÐ°Ðº Ð´ÐµÐ»Ð°? Ã©tÃ© et été, Â½ litre",
        "clean line with a curly “quote” and déjà vu",
    ],
)
def test_explain_gives_what_ftfy_gives(text: str) -> None:
    import ftfy

    expected = ftfy.fix_encoding_and_explain(text, latin.CONFIG)
    fixed, plan, _clean = latin._explain(text, {})
    assert fixed == expected.text
    assert plan == list(expected.explanation or [])


def test_a_long_text_of_mixed_mojibake_is_fixed_in_pieces_like_ftfy_fixes_each() -> None:
    import ftfy

    line = "Une crÃ¨me brÃ»lÃ©e coÃ»te 5 â‚¬, un café 2 €. "
    text = line * (2 * latin.PIECE // len(line))
    fixed, _plan, _clean = latin._ftfy(text)
    assert fixed == ("Une crème brûlée coûte 5 €, un café 2 €. " * (2 * latin.PIECE // len(line)))
    assert ftfy.fix_encoding(line) == "Une crème brûlée coûte 5 €, un café 2 €. "


def _twice_cp1252(text: str) -> str:
    broken = text.encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252")
    assert broken != text
    return broken


@pytest.mark.parametrize("clean", ["仙", "茶", "你好", "안녕"])
@pytest.mark.parametrize(
    "frame",
    ["{}", "<description>{}</description>\n<link>https://example.org/</link>", "Le café est bon.\n<p>{}</p>"],
)
def test_cjk_utf8_read_as_windows_1252_twice(clean: str, frame: str) -> None:
    """ftfy takes one layer off ``Ã¤Â»â„¢`` and stops at ``ä»™``; the layer under it is taken too."""
    r = textmend.repair_text(frame.format(_twice_cp1252(clean)))
    assert r.text == frame.format(clean)
    assert [c.code for c in r.changes] == ["TM201"]
    assert "2 times" in r.changes[0].message


def test_deeper_layer_only_after_a_repair() -> None:
    """Text that merely holds the pattern (no layer was taken off) is not touched, nor is a run
    that does not decode to CJK text."""
    for clean in ["Le symbole ä»™ apparaît dans la liste.", "Größe: ä»™ cm", "仙人掌和茶"]:
        assert textmend.repair_text(clean).text == clean
    assert latin.deeper("prix: ä»™") == "prix: 仙"
    assert latin.deeper("café crème") == "café crème"
    assert latin.deeper("Ã©t") == "Ã©t"  # UTF-8 of 'é', not CJK


def test_deeper_layer_beside_clean_latin_in_the_same_line() -> None:
    """Only the run that is UTF-8 of CJK text takes the extra layer; the rest of the line keeps one."""
    line = "Thé vert: " + "仙".encode().decode("cp1252")
    broken = line.encode("utf-8").decode("cp1252")
    r = textmend.repair_text(broken)
    assert r.text == "Thé vert: 仙"
    assert all(not c.chain for c in r.changes if "2 times" in c.message)


@pytest.mark.parametrize("word", ["Ügyvitel", "Überblick", "Ökonomie"])
def test_double_utf8_capital_is_not_read_as_cyrillic(word: str) -> None:
    """``ÃƒÅ“`` (Ü twice through UTF-8 read as windows-1252) also reads as windows-1251 read as
    windows-1252 (``ГѓЕ“``); it is valid UTF-8 underneath, so the Latin fixer's reading wins."""
    broken = _twice_cp1252(word)
    text = f"<category>{broken}</category>"
    assert textmend.repair_text(text).text == f"<category>{word}</category>"


def test_cp1251_read_as_cp1252_still_repaired_beside_it() -> None:
    clean = "Привет, как дела? Всё хорошо."
    assert textmend.repair_text(clean.encode("cp1251").decode("cp1252")).text == clean


# One accented letter's UTF-8 as windows-1252 or Mac Roman shows it, in a line ftfy declines.
WORD_MIXUPS = [
    ("Die Datei konnte nicht geöffnet werden.", "mac_roman"),
    ("Bitte wählen Sie einen Ordner aus.", "mac_roman"),
    ("Nie można otworzyć pliku.", "cp1252"),
    ("Brakujący argument dla opcji.", "cp1252"),
    ("Başka bir dosya seçin.", "cp1252"),
    ("Soubor je poškozený, zkuste to znovu.", "cp1252"),
    ("Selecția a eșuat.", "mac_roman"),
]


@pytest.mark.parametrize(("clean", "shown"), WORD_MIXUPS)
def test_a_word_ftfy_declines_is_repaired(clean: str, shown: str) -> None:
    broken = clean.encode("utf-8").decode(shown)
    r = textmend.repair_text(broken)
    assert r.text == clean
    assert {c.code for c in r.changes} == {"TM201"}
    assert all(c.before in broken and c.after in clean for c in r.changes)


def test_a_lone_letter_is_repaired_once_the_text_is_known_to_be_mojibake() -> None:
    clean = "Bienvenue à Paris : la réunion commence à midi.\n"
    assert textmend.repair_text(clean.encode("utf-8").decode("mac_roman")).text == clean


@pytest.mark.parametrize(
    "text",
    [
        "√2 ≈ 1.414 and x√y stays, ∆t = 5 s, «Été» à Paris, Åsa… och Östen",
        "Ä … Ö, Preis 5€, 10‰ Steigung, Straße, naïve, Œuvre, Ångström",
        "Ä…Ö is the range; Ã is a letter of its own in Portuguese, as in São Ãngelo",
    ],
)
def test_clean_latin_with_symbols_against_letters_is_unchanged(text: str) -> None:
    assert textmend.repair_text(text).text == text


def test_vietnamese_through_mac_roman_is_repaired_word_by_word() -> None:
    clean = "Trang hướng dẫn sử dụng: không thể mở tập tin.\n"
    assert textmend.repair_text(clean.encode("utf-8").decode("mac_roman")).text == clean


def test_a_repair_that_leaves_a_combining_mark_on_nothing_is_not_made() -> None:
    """GB2312 同 read as windows-1252 is ``Í¬``, whose bytes are also UTF-8 for a lone combining
    mark (U+036C): that is not Latin mojibake, and the line is left as it is."""
    line = "litout        " + "同".encode("gbk").decode("cp1252") + " -parenb -istrip\n"
    assert latin.fix(line, Context(Options()))[0] == line
    assert latin.fix("Intro\n" + line, Context(Options()))[0] == "Intro\n" + line
