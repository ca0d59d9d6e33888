"""Format repairs that change no character of the content: a UTF-8 byte-order mark.

A BOM inside a UTF-8 file is at best noise and at worst a bug (it breaks shebang lines, CSV
headers and JSON parsers). Line endings are kept exactly as they are: converting them is
a different tool's job and would touch every line of a clean file.
"""

from __future__ import annotations

from ..model import Change, Finding
from ..options import Options

BOM = "\ufeff"


def fix(text: str, options: Options) -> tuple[str, list[Change | Finding]]:
    """Remove a byte-order mark at the start of the text (TM701)."""
    if not text.startswith(BOM) or not options.enabled("TM701"):
        return text, []
    return text[1:], [Change("TM701", "UTF-8 byte-order mark removed", BOM, "", 0, 1)]
