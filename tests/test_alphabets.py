"""The letter inventories of CLDR's locales: the shipped file, its loader, and the script that builds it."""

from __future__ import annotations

import gzip
import json
import unicodedata
from importlib import resources
from pathlib import Path

import pytest

from textmend.data import build_alphabets as build
from textmend.text import alphabets as alphabets_module
from textmend.text.alphabets import Alphabet, alphabets, languages_with, letters_of


def test_the_shipped_file_covers_hundreds_of_locales_with_its_licence_noted():
    data = resources.files("textmend.data").joinpath("alphabets.tsv.gz").read_bytes()
    header = [line for line in gzip.decompress(data).decode("utf-8").splitlines() if line.startswith("#")]
    assert any("UNICODE LICENSE V3" in line for line in header)
    assert any("build_alphabets.py" in line for line in header)
    table = alphabets()
    assert len(table) >= 300
    assert {
        "en",
        "fr",
        "ru",
        "zh",
        "zh_Hant",
        "ja",
        "ko",
        "ar",
        "hi",
        "sr_Latn",
        "mt",
        "eo",
        "ee",
        "yo",
        "vi",
    } <= set(table)
    assert all(isinstance(a, Alphabet) and a.letters and a.scripts for a in table.values())


def test_the_mapping_is_read_only_and_loaded_once():
    assert alphabets() is alphabets()
    with pytest.raises(TypeError):
        alphabets()["xx"] = alphabets()["en"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("locale", "letters"),
    [
        ("mt", "ħ ġ ż ċ Ħ Ġ Ż Ċ għ"),
        ("eo", "ĉ ĝ ĥ ĵ ŝ ŭ Ĉ Ĝ Ĥ Ĵ Ŝ Ŭ"),
        ("ee", "ɔ ƒ ɖ ɛ ʋ ŋ ɣ Ɔ Ƒ Ɖ Ɛ Ʋ"),
        ("vi", "ă â đ ê ô ơ ư ạ ả ấ ầ ẩ ẫ ậ ệ ở ữ ỹ Ư Đ"),
        ("yo", "ẹ ọ ṣ Ẹ Ọ Ṣ gb ẹ́ ọ̀"),
        ("tr", "ç ğ ı İ ö ş ü"),
        ("ru", "а б в ё ж щ ъ ы ь э ю я Ё Я"),
        ("el", "α ά ς ω ώ Ω"),
    ],
)
def test_main_letters_in_both_cases(locale, letters):
    have = alphabets()[locale].letters
    assert set(letters.split()) <= have


def test_auxiliary_punctuation_and_index_are_cldrs():
    mt = alphabets()["mt"]
    assert {"c", "C", "y", "Y"} <= mt.auxiliary and "c" not in alphabets()["mt"].index
    assert mt.index[:3] == ("A", "B", "Ċ")
    assert {"“", "”", "‘", "’", "?", "!"} <= mt.punctuation
    assert {"«", "»", "¡", "¿"} <= alphabets()["es"].punctuation | alphabets()["fr"].punctuation
    assert "\\" in alphabets()["ca"].punctuation  # written escaped in the file


def test_scripts_come_from_the_locale_or_its_likely_subtags():
    assert alphabets()["sr"].scripts == ("Cyrl",)
    assert alphabets()["sr_Latn"].scripts == ("Latn",)
    assert alphabets()["ja"].scripts == ("Hani", "Hira", "Kana")
    assert alphabets()["ko"].scripts == ("Hang", "Hani")
    assert alphabets()["zh_Hant"].scripts == ("Hant",)
    assert alphabets()["ar"].scripts == ("Arab",)


def test_languages_with_finds_the_language_a_string_is_written_in():
    assert languages_with("ħ ġ ż ċ") == ["mt"]
    assert languages_with("ĉ ĝ ĥ ĵ ŝ ŭ") == ["eo"]
    assert "eo" in languages_with("ŝtormo")  # and Finnish, whose auxiliary letters have ŝ for Sámi names
    assert "ee" in languages_with("Britaintɔwo ƒe Virgin ƒudomekpowo nutome")
    assert "vi" in languages_with("Tiếng Việt là ngôn ngữ của người Việt")
    assert "yo" in languages_with("Èdè Yorùbá ẹ ọ ṣ")
    assert "mt" in languages_with("l-aħħar")


def test_languages_with_folds_case_and_composition():
    assert languages_with("ĦĠŻĊ") == ["mt"]
    decomposed = unicodedata.normalize("NFD", "ŝtormo")
    assert decomposed != "ŝtormo" and languages_with(decomposed) == languages_with("ŝtormo")
    assert "tr" in languages_with("İSTANBUL")


def test_a_letter_no_locale_has_is_in_none():
    assert languages_with("ʬ") == []  # LATIN LETTER BILABIAL PERCUSSIVE: phonetics only
    assert languages_with("𐀀") == []  # Linear B
    assert languages_with("ŝж") == []  # an Esperanto and a Cyrillic letter: no one language has both


def test_what_is_not_a_letter_is_not_asked_about():
    assert letters_of("a1 -?!") == {"a"}
    assert languages_with("123 !?") == sorted(alphabets())


# -- the build script, on data of its own (the CLDR sources are not needed by the tests) -----------


@pytest.mark.parametrize(
    ("pattern", "items"),
    [
        ("[a à b c]", ["a", "à", "b", "c"]),
        ("[a-d]", ["a", "b", "c", "d"]),
        ("[{għ} {ɛ\\u0301}]", ["għ", "ɛ\u0301"]),
        ("[\\u0300 \\U0001E900 \\x{1F600} \\x41]", ["\u0300", "\U0001e900", "\U0001f600", "A"]),
        ("[\\- \\: \\[ \\] \\{ \\} \\\\]", ["-", ":", "[", "]", "{", "}", "\\"]),
        ("[ゝヽ '‘’]", ["ゝ", "ヽ", "'", "‘", "’"]),
        ("[a -]", ["a", "-"]),
        ("[]", []),
    ],
)
def test_unicodeset_syntax_is_expanded(pattern, items):
    assert build.parse_unicodeset(pattern) == items


@pytest.mark.parametrize("pattern", ["[^a]", "[[a-z]-[aeiou]]", "[\\p{L}]", "a b"])
def test_unicodesets_it_does_not_handle_are_refused(pattern):
    with pytest.raises(build.UnicodeSetError):
        build.parse_unicodeset(pattern)


def test_both_cases_keeps_lengths():
    assert build.both_cases(["dž", "ß", "ı"]) == ["dž", "DŽ", "Dž", "ß", "ı", "I"]


def _npm_tree(root: Path, locales: dict[str, dict[str, str]]) -> Path:
    for locale, chars in locales.items():
        d = root / "cldr-misc-full" / "main" / locale
        d.mkdir(parents=True)
        (d / "characters.json").write_text(
            json.dumps({"main": {locale: {"characters": chars}}}), encoding="utf-8"
        )
    (root / "cldr-misc-full" / "package.json").write_text('{"version": "48.2.0"}')
    sup = root / "cldr-core" / "supplemental"
    sup.mkdir(parents=True)
    (sup / "parentLocales.json").write_text(
        json.dumps({"supplemental": {"parentLocales": {"parentLocale": {"xx-Latn": "root"}}}})
    )
    (sup / "likelySubtags.json").write_text(
        json.dumps({"supplemental": {"likelySubtags": {"xx": "xx-Cyrl-XY", "yy": "yy-Jpan-YY"}}})
    )
    return root


def test_the_build_writes_only_locales_with_their_own_exemplars(tmp_path):
    base = {
        "exemplarCharacters": "[а б {дж}]",
        "auxiliary": "[ѣ]",
        "index": "[А Б]",
        "punctuation": "[\\- « »]",
    }
    root = _npm_tree(
        tmp_path,
        {
            "xx": base,
            "xx-XY": dict(base),  # the same as its parent: left out
            "xx-ZZ": {**base, "punctuation": "[„ “]"},  # its own punctuation: kept
            "xx-Latn": {"exemplarCharacters": "[a b \\u0020]", "index": "[A B]"},
            "yy": {"exemplarCharacters": "[あ ア 字]"},
        },
    )
    out = tmp_path / "alphabets.tsv.gz"
    assert build.main(["--npm", str(root), "--out", str(out)]) == 0
    text = gzip.decompress(out.read_bytes()).decode("utf-8")
    assert "UNICODE LICENSE V3" in text and "npm cldr-misc-full 48.2.0" in text
    table = alphabets_module.parse(text)
    assert sorted(table) == ["xx", "xx_Latn", "xx_ZZ", "yy"]
    xx = table["xx"]
    assert xx.scripts == ("Cyrl",) and xx.letters == {"а", "А", "б", "Б", "дж", "ДЖ", "Дж"}
    assert xx.auxiliary == {"ѣ", "Ѣ"} and xx.index == ("А", "Б") and xx.punctuation == {"-", "«", "»"}
    assert table["xx_ZZ"].punctuation == {"„", "“"} and table["xx_ZZ"].letters == xx.letters
    assert table["xx_Latn"].scripts == ("Latn",) and " " in table["xx_Latn"].letters
    assert table["yy"].scripts == ("Hani", "Hira", "Kana")


def test_the_build_says_so_when_cldr_is_missing(tmp_path, capsys):
    assert build.main(["--npm", str(tmp_path), "--out", str(tmp_path / "out.gz")]) == 2
    assert "cannot read CLDR" in capsys.readouterr().err


# -- the language back-off of the character model ----------------------------------------------------

from textmend.text.alphabets import word_alphabet  # noqa: E402
from textmend.text.charmodel import model  # noqa: E402


def test_a_word_is_placed_in_the_smallest_alphabet_that_writes_it():
    assert word_alphabet("aħħar")[:2] == (34, frozenset())  # Maltese
    assert word_alphabet("ƒudomekpowo")[1] == frozenset()  # Ewe writes ƒ among its main letters
    assert word_alphabet("ïðèâåò")[1] == frozenset("ïðåò")  # Привет read as windows-1252: no language's
    assert word_alphabet("ab字") is None  # Han is priced by the model's tiers, not by an alphabet
    cyrillic = word_alphabet("жъоныгъуакӏэм")[2]
    assert word_alphabet("мэлыжьыхьэм", cyrillic)[2] & cyrillic  # the words after it: the same languages


@pytest.mark.parametrize("word", ["l-aħħar", "ƒudomekpowo", "ŝtormo", "жъоныгъуакӏэм", "Fângbisïö usïö"])
def test_a_word_of_a_language_the_lists_lack_costs_what_its_alphabet_gives(word):
    m = model()
    assert m.cost_as_written(word) < m.cost(word) - 4.0
    letters = sum(1 for c in word if c.isalpha())
    assert m.cost_as_written(word) < letters * 5.0 + 6.0  # log(alphabet) and slack a letter, the choice once


@pytest.mark.parametrize("shown", ["Ïðèâåò", "тЕУРХВМЙЛБОУЛБС", "DrÃ¥ber", "Ã©tÃ©", "РПУЕФЙ"])
def test_mojibake_keeps_the_models_cost(shown):
    """Letters no one language writes together, a case pattern no language writes, or a run in
    capitals no cheaper as an alphabet than to the model: no back-off."""
    m = model()
    assert m.cost_as_written(shown) == pytest.approx(m.cost(shown))


def test_the_languages_choice_is_paid_once_a_run():
    """Single letters of an alphabet line back off together; one glued to symbols does not."""
    m = model()
    line = "% Щ щ  Ъ ъ  Ы ы  Ь ь  Э э  Ю ю  Я я"
    saved = m.cost(line) - m.cost_as_written(line)
    assert saved > 20.0
    assert m.cost_as_written("‹Ì’") == pytest.approx(m.cost("‹Ì’"))  # glued to symbols: no word
