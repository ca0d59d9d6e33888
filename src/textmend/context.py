"""The per-call state of one repair: the options, and what is shared between the fixers.

A fixer is a pure function ``fix(text, ctx) -> (text, items)``. Everything it may read besides
its text comes through `ctx`: the options (which rules are on, the target script), a `TextView`
of its input (facts its screen shares with the other fixers' screens), and the facts about the
whole document gathered before the repair (`document`), so that a decision never depends on
where a piece of a streamed file begins. Nothing here is module state: two repairs in two
threads have two contexts.

>>> from textmend.options import Options
>>> ctx = Context(Options(script="keep"))
>>> ctx.enabled("TM201"), ctx.options.script
(True, 'keep')
"""

from __future__ import annotations

from typing import Any

from .options import Options
from .text.view import TextView

#: The `TextView` fact where the pipeline puts the answers to the fixers' questions: for each
#: tuple of questions, the indices of those that match (see `Context.answered`).
ANSWERS = "pipeline.answers"


class Context:
    """The options of one repair and the views and document facts its fixers share."""

    __slots__ = ("_screened", "_utf8", "_view", "document", "options")

    def __init__(
        self,
        options: Options | None = None,
        *,
        utf8: tuple[str, bytes] | None = None,
        document: dict[str, Any] | None = None,
    ) -> None:
        self.options = options if options is not None else Options()
        #: ``(text, its UTF-8 bytes)`` when the caller holds both (the decoder of a UTF-8 file)
        self._utf8 = utf8
        self._view: TextView | None = None
        #: facts about the whole document, by fixer name (see `textmend.pipeline.survey`)
        self.document: dict[str, Any] = document if document is not None else {}
        #: ``(text, items)``: what the pipeline's screen found of the running fixer's evidence
        self._screened: tuple[str, tuple[bool, ...]] | None = None

    def enabled(self, code: str) -> bool:
        """Whether the rule `code` may be applied (or reported, for finding rules)."""
        return self.options.enabled(code)

    def screen_found(self, text: str, items: tuple[bool, ...] | None) -> None:
        """Set what the pipeline's screen found of the evidence of the fixer it runs next on
        `text` (see `screened`); ``None`` once that fixer is done, or when it was not screened."""
        self._screened = None if items is None else (text, items)

    def screened(self, text: str) -> tuple[bool, ...] | None:
        """Which items of the running fixer's evidence (``evidence()`` of its module, in that
        order) the pipeline's one RE2 screen found in `text`, or ``None`` when it did not
        screen `text` for this fixer (no RE2, another text, a fixer called directly). The
        screen searches the items' loose forms, so ``False`` is certain (the item's pattern
        matches nowhere) and ``True`` only possible: a fixer that takes the answer skips its
        own search of an item that cannot match, and searches the others as before."""
        found = self._screened
        return found[1] if found is not None and found[0] is text else None

    def answered(self, text: str, questions: tuple[str, ...]) -> frozenset[int] | None:
        """Which of `questions` (a fixer's ``questions(options)``, see `textmend.fixers`) match
        somewhere in `text`, by index, when the pipeline's pass answered them over the text's
        view; ``None`` otherwise (the fixer searches itself)."""
        view = self._view
        if view is None or view.text is not text:
            return None
        answers = view.facts.get(ANSWERS)
        return None if answers is None else answers.get(questions)

    def view(self, text: str) -> TextView:
        """The shared `TextView` of `text` (the same object as long as the text is)."""
        view = self._view
        if view is None or view.text is not text:
            known = self._utf8[1] if self._utf8 is not None and self._utf8[0] is text else None
            view = self._view = TextView(text, known)
        return view
