"""Helpers shared by the mojibake tests: damage a sentence the way the wild does, and repair it."""

from __future__ import annotations

import textmend


def misread(text: str, true: str, shown: str) -> str:
    """`text` encoded as `true` and decoded as `shown`, strictly (the test fails otherwise)."""
    broken = text.encode(true).decode(shown)
    assert broken != text
    return broken


def repaired(text: str) -> str:
    """What textmend makes of `text`."""
    return textmend.repair_text(text).text
