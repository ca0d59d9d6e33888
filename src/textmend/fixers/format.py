"""Format repairs that change no character of the content: a UTF-8 byte-order mark.

A BOM inside a UTF-8 file is at best noise and at worst a bug (it breaks shebang lines, CSV
headers and JSON parsers). Line endings are kept exactly as they are: converting them is
a different tool's job and would touch every line of a clean file.
"""

from __future__ import annotations

import re

from ..context import Context
from ..result import Change, Finding

BOM = "\ufeff"


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Remove a byte-order mark at the start of the text, or of a line (TM701).

    A BOM at the start of a line inside the text comes from concatenating files that each had
    one (``cat a.txt b.txt``); it is not content either.
    """
    options = ctx.options
    if BOM not in text or not options.enabled("TM701"):
        return text, []
    starts = ([0] if text.startswith(BOM) else []) + [m.start() + 1 for m in _LINE_BOM.finditer(text)]
    if not starts:
        return text, []
    changes: list[Change | Finding] = [
        Change(
            "TM701",
            "UTF-8 byte-order mark removed" + (" (start of a concatenated file)" if i else ""),
            BOM,
            "",
            i,
            i + 1,
        )
        for i in starts
    ]
    return text.replace("\n" + BOM, "\n").removeprefix(BOM), changes


_LINE_BOM = re.compile("\n\ufeff")


def evidence() -> tuple[str, ...]:
    """What `fix` reacts to (`textmend.fixers` says how the pipeline uses it): a BOM."""
    return (BOM,)
