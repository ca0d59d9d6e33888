"""CJK and cross-script mojibake: text decoded with the wrong CJK or Cyrillic codec.

Not implemented yet (issue: CJK mojibake engine); the fixer leaves text alone.
"""

from __future__ import annotations

from ..model import Change, Finding
from ..options import Options


def fix(text: str, options: Options) -> tuple[str, list[Change | Finding]]:
    """Repair CJK mojibake (TM202-TM204). Placeholder: returns the text unchanged."""
    return text, []
