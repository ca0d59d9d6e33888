"""Chinese text: which script a span is written in, and the readings of characters.

`chars` loads the character classes derived from OpenCC's tables (``data/zh_script.txt``),
`detect` labels the Han spans of a text Simplified, Traditional or neutral and says what the
whole text is, `convert` converts between the scripts with OpenCC's own configs (``t2s``
also as OpenCC's tables run by numpy and RE2, `tables`: the same output, faster), and
`readings` answers whether a pinyin syllable is a reading of a character (with pypinyin,
imported on first use). The fixers ``pinyin`` and ``script`` are built on them; nothing here
imports a fixer.
"""

from __future__ import annotations

from .detect import Analysis, ScriptSpan, analyse, detect_script

__all__ = ["Analysis", "ScriptSpan", "analyse", "detect_script"]
