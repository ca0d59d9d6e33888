"""Inline suppression: a line, or a whole file, that says textmend must leave it alone.

Some text quotes damage on purpose: a detector's list of mojibake patterns, a test fixture with
a U+FFFD, documentation that shows what ``cafÃ©`` looks like. Such a line says so anywhere on
it, in whatever comment syntax the file uses::

    BAD = ["Ã©", "Ã¨"]  # textmend: ignore             every rule, on this line
    EXAMPLE = "caf\ufffd"   # textmend: ignore[TM411]      only these codes (or prefixes), comma-separated

and a file says it for all its lines with ``textmend: ignore-file`` (or
``textmend: ignore-file[TM2]``) on a line of its own, anywhere in the file.

A suppressed change is not made and a suppressed finding is not reported. Suppression covers
what the fixers find (TM2xx-TM7xx); the decoding of the bytes (TM1xx, and the TM9xx safety
rules) is not suppressible: a file that cannot be decoded safely is still left alone.

`filter_items` is what the pipeline calls after each fixer: it drops the suppressed items and
rebuilds the fixer's output from the edits that remain, so that every later step sees a text
and a change list that agree.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .result import Change, Finding
from .spans import apply_edits

#: The marker every directive starts with; a text without it is never parsed.
MARKER = "textmend:"

_DIRECTIVE = re.compile(r"textmend:\s*ignore(?P<file>-file)?(?:\[(?P<codes>[A-Za-z0-9_, ]*)\])?(?![\w-])")

#: Suppresses every code.
ALL: frozenset[str] = frozenset({""})


@dataclass(frozen=True)
class Suppressions:
    """The directives of one text: code prefixes per line (0-based) and for the whole file."""

    lines: dict[int, frozenset[str]]
    whole: frozenset[str]
    starts: tuple[int, ...]  # the offset of each line, to find an item's line

    def covers(self, code: str, offset: int) -> bool:
        """Whether the item with `code` that starts at `offset` is suppressed."""
        if _matches(self.whole, code):
            return True
        return _matches(self.lines.get(bisect_right(self.starts, offset) - 1, frozenset()), code)


def _matches(prefixes: frozenset[str], code: str) -> bool:
    return any(code.startswith(p) for p in prefixes)


def _codes(raw: str | None) -> frozenset[str]:
    if raw is None:
        return ALL
    codes = frozenset(c.strip().upper() for c in raw.split(",") if c.strip())
    return codes or ALL


def parse(text: str) -> Suppressions | None:
    """The directives in `text`, or None when it has none (the common case, one `in` test)."""
    if MARKER not in text:
        return None
    lines: dict[int, frozenset[str]] = {}
    whole: set[str] = set()
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    for m in _DIRECTIVE.finditer(text):
        codes = _codes(m.group("codes"))
        if m.group("file"):
            whole |= codes
        else:
            line = bisect_right(starts, m.start()) - 1
            lines[line] = lines.get(line, frozenset()) | codes
    if not lines and not whole:
        return None
    return Suppressions(lines, frozenset(whole), tuple(starts))


def filter_items(text: str, new: str, items: list[Change | Finding]) -> tuple[str, list[Change | Finding]]:
    """A fixer's output on `text` and its items, less what the text's directives suppress.

    When nothing is suppressed, `new` and `items` come back as they are (the same objects).
    """
    if not items:
        return new, items
    found = parse(text)
    if found is None:
        return new, items
    kept = [i for i in items if not found.covers(i.code, i.start)]
    if len(kept) == len(items):
        return new, items
    edits = [i for i in kept if isinstance(i, Change)]
    return (apply_edits(text, edits) if edits else text), kept
