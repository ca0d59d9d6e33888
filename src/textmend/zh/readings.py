"""Readings of Han characters in pinyin, from pypinyin, and the shape of a pinyin syllable.

`is_reading` answers the one question the pinyin-residue fixer asks: is ``jīng`` a reading of
經? pypinyin's heteronym table lists every reading of a character (經: jīng, jìng), so a
polyphone matches any of its readings. A syllable written without a tone mark matches a
reading without its tone (neutral tone: 子 zi, 們 men), since annotators write the neutral
tone that way. ``v`` stands for ``ü`` as input methods type it.

`common` tells the characters everyday text is made of (GB2312 level 1) from rare ones, which
are the ones a reader's gloss annotates.

>>> is_reading("經", "jīng"), is_reading("經", "jing"), is_reading("經", "jǐng")
(True, True, False)
>>> is_reading("量", "a")
False
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Letters of a pinyin syllable with tone marks (precomposed), ü, and combining tone marks.
SYLLABLE_CLASS = "a-zA-ZüÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\u0300\u0301\u0304\u030c"
#: One syllable: 1 to 7 of those letters (``zhuang`` is the longest).
SYLLABLE = f"[{SYLLABLE_CLASS}]{{1,7}}"

_TONELESS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuüüüünnnm")
_TONE_MARKED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]")


def normalise(syllable: str) -> str:
    """`syllable` in the form pypinyin writes: precomposed marks, lower case, ``ü`` for ``v``."""
    return unicodedata.normalize("NFC", syllable).lower().replace("v", "ü")


def toneless(syllable: str) -> str:
    """`syllable` without its tone mark (``jīng`` -> ``jing``)."""
    return syllable.translate(_TONELESS)


def has_tone(syllable: str) -> bool:
    """Whether `syllable` carries a tone mark."""
    return _TONE_MARKED.search(syllable) is not None


@lru_cache(maxsize=1 << 16)
def readings(char: str) -> tuple[str, ...]:
    """Every reading of `char` pypinyin knows, tone-marked (``()`` for none).

    pypinyin is imported here, on the first question: loading its dictionaries takes most of a
    second, and only a text with a parenthesised syllable after a Han character asks."""
    from pypinyin import Style, pinyin

    result = pinyin(char, style=Style.TONE, heteronym=True, errors="ignore")
    if not result or not result[0]:
        return ()
    return tuple(r for r in result[0] if r)


@lru_cache(maxsize=1 << 16)
def is_reading(char: str, syllable: str) -> bool:
    """Whether `syllable` is a reading of `char` (toneless matches as the neutral tone)."""
    syl = normalise(syllable)
    rs = readings(char)
    if syl in rs:
        return True
    if has_tone(syl):
        return False
    return any(toneless(r) == syl for r in rs)


@lru_cache(maxsize=1 << 16)
def monophonic(char: str) -> bool:
    """Whether `char` has only one reading (ignoring tone): glossing it is never needed to tell
    readings apart, which is what a dictionary gloss is for."""
    return len({toneless(r) for r in readings(char)}) == 1


@lru_cache(maxsize=1 << 16)
def common(char: str) -> bool:
    """Whether `char` is a frequently used character: its Simplified form (OpenCC ``t2s``) is in
    GB2312's level 1 (rows 16-55, the 3,755 commonest characters). 經 and 以 are, 饕 is not."""
    from .convert import converter

    try:
        code = converter("t2s").convert(char).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and b"\xb0\xa1" <= code <= b"\xd7\xf9"
