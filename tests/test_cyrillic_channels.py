"""Ukrainian text in KOI8-U read as windows-1251: the channel of `textmend.text.encodings`.

KOI8-U is KOI8-R with Ukrainian's і ї є ґ where KOI8-R has eight box-drawing signs, so undoing
the mix-up through KOI8-R gives ``в╕дправля╓ться`` for відправляється; the KOI8-U entry gives the
letters back.
"""

from __future__ import annotations

import pytest

import textmend


@pytest.mark.parametrize(
    "clean",
    [
        "Їжак знайшов у лісі великий гриб і приніс його додому.",
        "Наступного тижня в їдальні готуватимуть ґречані млинці з медом.",
        "Вона пояснила, що її брат живе в Івано-Франківську вже десять років.",
    ],
)
def test_koi8u_read_as_windows_1251_is_repaired(clean: str) -> None:
    shown = clean.encode("koi8_u").decode("cp1251")
    assert shown != clean
    assert textmend.repair_text(shown).text == clean


@pytest.mark.parametrize(
    "clean",
    [
        "Їжак знайшов у лісі великий гриб і приніс його додому.",
        "Вчера вечером мы ходили в театр на новую постановку.",
    ],
)
def test_clean_cyrillic_text_is_left(clean: str) -> None:
    assert textmend.repair_text(clean).text == clean
