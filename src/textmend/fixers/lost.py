"""Characters lost to '?' or U+FFFD in an earlier lossy conversion.

Not implemented yet (issue: mixed encodings and lost characters); the fixer leaves text alone.
"""

from __future__ import annotations

from ..model import Change, Finding
from ..options import Options


def fix(text: str, options: Options) -> tuple[str, list[Change | Finding]]:
    """Restore lost characters (TM401, TM402) and report the rest (TM410, TM411). Placeholder."""
    return text, []
