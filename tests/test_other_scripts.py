"""Clean text in scripts and spellings the character model knows little of is left alone.

Found by running textmend over the translation catalogs of a Linux system (text it had never
seen): Armenian lines became Hanzi (read back through GBK), Serbian Cyrillic became KOI8-R
mojibake, Uzbek's okina (ʻ) became a kanji, and a font-preview line of accented letters in an
Italian catalog became Cyrillic. The sentences here are written for these tests.
"""

from __future__ import annotations

import pytest

import textmend

CLEAN = [
    "Ֆայլը չի գտնվել։ Խնդրում ենք կրկին փորձել\nՈչ մեկը\n",  # Armenian
    "ფაილი ვერ მოიძებნა, სცადეთ თავიდან\n",  # Georgian
    "फ़ाइल नहीं मिली, कृपया फिर से प्रयास करें\n",  # Hindi
    "ፋይሉ አልተገኘም፣ እባክዎ እንደገና ይሞክሩ\n",  # Amharic
    "ফাইলটি খুঁজে পাওয়া যায়নি\n",  # Bengali
    "Тренутна ћелија је оштећена, покушајте поново\nЂорђе и Љиљана су дошли\n",  # Serbian Cyrillic
    "Roʻyxat sifatida koʻrsatilmadi, maʼlumot yoʻq\n",  # Uzbek with okina and apostrophe
    "Ka ʻōlelo Hawaiʻi\n",  # Hawaiian
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_in_other_scripts_is_unchanged(text: str) -> None:
    r = textmend.repair_text(text)
    assert r.text == text
    assert r.changes == []


def test_a_line_of_accented_letters_in_a_latin_document_stays_latin() -> None:
    """A font preview (accented letters alone) reads as Cyrillic through windows-1251 as well as
    it reads as Italian; the rest of the document, whose accents are left alone, says which."""
    doc = "".join(
        [
            "Il file è stato salvato, ma la qualità è bassa.\n",
            "Perché non è possibile aprire la cartella? È già in uso.\n",
            "Testo di anteprima:\n",
            "àèìòù ÀÈÌÒÙ\n",
            "Così com'è, la configurazione può funzionare più a lungo.\n",
            "Sarà necessario riavviare; l'unità è piena.\n",
        ]
    )
    assert textmend.repair_text(doc).text == doc


def test_russian_read_as_windows_1252_is_still_repaired() -> None:
    clean = "Привет! Завтра библиотека откроется в девять часов утра.\nВозьмите с собой читательский билет.\n"
    broken = clean.encode("cp1251").decode("cp1252")
    assert textmend.repair_text(broken).text == clean


def test_serbian_read_through_the_wrong_cyrillic_code_page_is_repaired() -> None:
    clean = "Тренутна ћелија је оштећена, покушајте поново касније.\n"
    broken = clean.encode("cp1251").decode("koi8-r")
    assert textmend.repair_text(broken).text == clean


@pytest.mark.parametrize(
    ("clean", "shown"),
    [
        ("İkinci argüman bekleniyor, lütfen tekrar deneyin.\n", "cp1252"),  # Ä° is also EUC-KR's 캅
        ("Giá trị độ đục hiện thời không hợp lệ.\n", "mac_roman"),  # 'ã ƒë·ª' is also 㠃뷪 with a lost A0
        ("Giá trị độ đục hiện thời không hợp lệ.\n", "cp1252"),
    ],
)
def test_latin_mojibake_that_also_reads_as_cjk_is_given_back_as_latin(clean: str, shown: str) -> None:
    broken = (
        clean.encode("utf-8").decode(shown, errors="strict")
        if shown == "mac_roman"
        else "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in clean.encode("utf-8"))
    )
    assert textmend.repair_text(broken).text == clean


def test_micro_sign_is_not_a_letter_of_an_alphabet() -> None:
    """µ (Latin-1's B5) is a sign, not a letter of some alphabet: EUC-KR 덧 read as windows-1252
    (µ¡) in a Korean document is still repaired."""
    clean = "사실 이 사이트는 재킷 이미지를 찾을 때 자주 씁니다.\n+ 덧.\n"
    broken = clean.encode("euc-kr").decode("cp1252")
    assert textmend.repair_text(broken).text == clean
