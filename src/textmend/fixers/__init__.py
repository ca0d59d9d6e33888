"""Fixers: one module per kind of damage, each a pure function from text to text.

The contract (see DESIGN.md)::

    def fix(text: str, options: Options) -> tuple[str, list[Change | Finding]]

- no I/O and no state that a call changes (caches of immutable tables are fine);
- every `Change` has ``start``/``end`` in the fixer's *input* and ``after`` its replacement, so
  that applying the changes to the input gives the output (`textmend.spans.apply_edits`);
- damage it will not repair is a `Finding`, with candidates when it has them;
- nothing to do costs little, and returns the input unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from ..options import Options
from ..result import Change, Finding

Fixer = Callable[[str, Options], tuple[str, list[Change | Finding]]]

__all__ = ["Fixer"]
