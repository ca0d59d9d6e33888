"""Inline pinyin residue: 經(jīng)濟(jì) for 經濟, left by mirror sites.

Not implemented yet (issue: Chinese script and pinyin residue); the fixer leaves text alone.
"""

from __future__ import annotations

from ..model import Change, Finding
from ..options import Options


def fix(text: str, options: Options) -> tuple[str, list[Change | Finding]]:
    """Remove pinyin residue (TM601-TM603). Placeholder: returns the text unchanged."""
    return text, []
