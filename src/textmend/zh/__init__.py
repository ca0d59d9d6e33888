"""Chinese text: which script a span is written in, and the readings of characters.

`chars` loads the character classes derived from OpenCC's tables (``data/zh_script.txt``),
`detect` labels the Han spans of a text Simplified, Traditional or neutral and says what the
whole text is, and `readings` answers whether a pinyin syllable is a reading of a character
(with pypinyin). The fixers ``pinyin`` and ``script`` are built on them.
"""

from __future__ import annotations

from .detect import Analysis, Span, analyse, detect_script

__all__ = ["Analysis", "Span", "analyse", "detect_script"]
