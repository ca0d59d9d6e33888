"""Fixers: one module per kind of damage, each a pure function from text to text, and `FIXERS`,
the one list that says which run, in what order, and which rule codes each may emit.

The contract (docs/architecture.md shows where a fixer fits)::

    def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]

- no I/O and no state that a call changes (caches of immutable tables are fine); options, the
  shared `TextView` of the text and facts about the whole document come through `ctx`;
- every `Change` has ``start``/``end`` in the fixer's *input* and ``after`` its replacement, so
  that applying the changes to the input gives the output (`textmend.spans.apply_edits`);
- damage it will not repair is a `Finding`, with candidates when it has them;
- nothing to do costs little, and returns the input unchanged.

Order matters: mojibake is undone before anything reads characters (a lost-character rule must
see the real characters, not their mojibake), pinyin residue is removed before script
conversion (an annotation between two characters splits the phrase OpenCC would match), and
script conversion comes last. A byte-order mark is removed first (ftfy reads a text that starts
with one differently) and again after the mojibake fixers, since repairing the mojibake of a BOM
(``ï»¿``) makes one.

A fixer's module is imported the first time the fixer runs, so a file that never needs, say,
the Latin fixer never imports ftfy.

A fixer's module may also define its *evidence*, the patterns (Python `re` syntax) without which
it has nothing to do::

    def evidence() -> tuple[str | tuple[str, ...], ...]    # or evidence(options: Options)

Each item is a pattern, or a tuple of patterns that must all match (somewhere in the text: a
character of each of two scripts). The contract: when no item matches a text, ``fix`` returns
that text unchanged, with no change and no finding, whatever the text and (for the form
without `options`) whatever the options. The pipeline searches the evidence of all the
fixers in one pass over the text's UTF-8 bytes (`textmend.pipeline`, `textmend.text.fastre`)
and skips the fixers without any, so clean text costs one search instead of one screen per
fixer. A fixer without `evidence` always runs. The fixer it runs is told which of its items
that search found (`textmend.context.Context.screened`): one that searches an item again for
its own reasons skips the items the screen did not find, instead of another pass over the text.

A module may also ask *questions* of a text, facts it would otherwise find in a pass of its own::

    def questions(options: Options) -> tuple[str, ...]

patterns for RE2 (over the UTF-8 bytes, exact: no loose form), which the pipeline adds to the
set of its pass whenever that pass runs over the whole text (the evidence matched somewhere);
the fixer reads which of them match with `textmend.context.Context.answered`, and searches
itself when they were not answered.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..context import Context
    from ..options import Options
    from ..result import Change, Finding

Fixer = Callable[[str, "Context"], tuple[str, list["Change | Finding"]]]
#: A fixer's evidence: patterns, or tuples of patterns that must all match (see above).
Evidence = tuple["str | tuple[str, ...]", ...]


@dataclass(frozen=True)
class FixerSpec:
    """One fixer: its name, its module (whose ``fix`` it runs) and the rule codes it emits.

    `function`, instead of a module, runs that function (a fixer written for a test).
    """

    name: str
    module: str
    codes: tuple[str, ...]
    function: Fixer | None = None
    #: Whether the fixer can find anything in pure-ASCII text; when not, ASCII text skips it
    #: (and never imports its module: a clean English file starts several times faster).
    #: A fixer given as a `function` always runs.
    ascii: bool = False
    #: For a fixer that runs on ASCII text: the characters one of which an ASCII text must
    #: hold for the fixer to find anything in it (its ``fix`` returns at once otherwise), so
    #: that the pipeline can ask the bytes for them before it decodes a clean ASCII file (a
    #: memchr each). Empty: it may find something in any ASCII text.
    ascii_needs: str = ""
    _fix: list[Fixer] = field(default_factory=list, compare=False, repr=False)
    _module: list[ModuleType] = field(default_factory=list, compare=False, repr=False)

    def _imported(self) -> ModuleType:
        """The fixer's module (imported on first use)."""
        if not self._module:
            self._module.append(importlib.import_module(self.module, __name__))
        return self._module[0]

    @property
    def fix(self) -> Fixer:
        """The fixer's function (its module is imported on first use)."""
        if self.function is not None:
            return self.function
        if not self._fix:
            self._fix.append(self._imported().fix)
        return self._fix[0]

    def evidence(self, options: Options) -> Evidence | None:
        """The fixer's evidence patterns under `options` (see the module docstring), or
        ``None`` when it has none to give and must always run (a fixer given as a `function`,
        a module without ``evidence``, or one whose ``evidence`` returns ``None``)."""
        if self.function is not None:
            return None
        found = getattr(self._imported(), "evidence", None)
        if found is None:
            return None
        patterns: Evidence | None = found(options) if _takes_options(found) else found()
        return patterns

    def questions(self, options: Options) -> tuple[str, ...]:
        """The patterns (for RE2, exact) the fixer asks of a text under `options`, for the
        pipeline to answer in its pass (see the module docstring); none for a fixer given as
        a `function` or a module without ``questions``."""
        if self.function is not None:
            return ()
        found = getattr(self._imported(), "questions", None)
        return () if found is None else tuple(found(options))

    def skips(self, text: str) -> bool:
        """Whether `text` cannot hold what this fixer looks for (it is ASCII, see `ascii`)."""
        return not self.ascii and self.function is None and text.isascii()

    def wanted(self, ctx: Context) -> bool:
        """Whether any of the fixer's rules is on."""
        return any(ctx.enabled(code) for code in self.codes)


@cache
def _takes_options(function: Callable[..., object]) -> bool:
    """Whether an ``evidence`` function takes the options (its patterns depend on them)."""
    try:
        return bool(inspect.signature(function).parameters)
    except (TypeError, ValueError):  # a builtin without a signature: called without
        return False


#: The fixers, in the order they run.
FIXERS: tuple[FixerSpec, ...] = (
    FixerSpec("format", ".format", ("TM701",)),
    FixerSpec("utf16", ".utf16", ("TM201",), ascii=True, ascii_needs="\x00"),
    FixerSpec("cjk", ".cjk", ("TM202", "TM203", "TM204")),
    FixerSpec("entities", ".entities", ("TM201", "TM204"), ascii=True, ascii_needs="&"),
    FixerSpec("latin", ".latin", ("TM201", "TM204")),
    FixerSpec("c1", ".c1", ("TM201",)),
    FixerSpec("format-again", ".format", ("TM701",)),  # the mojibake of a BOM (ï»¿) repairs into one
    FixerSpec("lost", ".lost", ("TM401", "TM402", "TM410", "TM411"), ascii=True, ascii_needs="?"),
    FixerSpec("pinyin", ".pinyin", ("TM601", "TM602", "TM603")),
    FixerSpec("script", ".script", ("TM501", "TM502")),
)

__all__ = ["FIXERS", "Evidence", "Fixer", "FixerSpec"]
