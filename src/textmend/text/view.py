"""One text as the screens see it: facts that several fixers ask, each computed once, in C.

Most text is clean, and a clean text must cost little more than decoding it. The fixers'
screens therefore never walk a text character by character in Python: they ask a `TextView`
for its UTF-8 bytes (which the decoder already has), whether some byte sequence occurs in them
(``bytes.find``, memchr speed), or for the text in a single-byte code page with one byte per
character (``str.encode(page, "replace")``), on which byte classes and substrings are found by
``bytes.translate`` and ``bytes.find``. Each answer is cached on the view, and the pipeline
makes one view per text, so the fixers that screen the same clean text share the work.

>>> v = TextView("CafÃ© au lait")
>>> v.contains(b"\\xc3\\x83"), v.contains(b"\\xe4")
(True, False)
>>> v.in_page("cp1252")
b'Caf\\xc3\\xa9 au lait'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Every ASCII byte, for `bytes.translate` to delete.
ASCII_BYTES = bytes(range(0x80))


class TextView:
    """Lazily computed, cached facts about `text` (see the module docstring).

    `utf8` may be given when the caller already holds the text's UTF-8 encoding (the decoder
    of a UTF-8 file does): it must be exactly ``text.encode("utf-8")``.
    """

    __slots__ = ("_compact", "_pages", "_utf8", "facts", "text")

    def __init__(self, text: str, utf8: bytes | None = None) -> None:
        self.text = text
        self._utf8 = utf8
        self._pages: dict[str, bytes] = {}
        self._compact: str | None = None
        #: what a fixer's screen found out about this text, by a name its module defines, for
        #: the fixers after it that ask the same (a fixer that returns its text unchanged hands
        #: the next one the same object, hence the same view)
        self.facts: dict[str, Any] = {}

    @property
    def utf8(self) -> bytes:
        """The text as UTF-8 (a lone surrogate, which no fixer produces, is kept as its bytes)."""
        if self._utf8 is None:
            self._utf8 = self.text.encode("utf-8", "surrogatepass")
        return self._utf8

    def compact(self) -> str:
        """The non-ASCII characters of the text alone, in order (its UTF-8 bytes without the
        ASCII ones, decoded: a few percent of a Latin-script text). Two characters adjacent in
        the text are adjacent here, so a pattern of non-ASCII characters that does not match
        this does not match the text."""
        if self._compact is None:
            self._compact = self.utf8.translate(None, ASCII_BYTES).decode("utf-8", "surrogatepass")
        return self._compact

    def contains(self, needle: bytes) -> bool:
        """Whether the UTF-8 bytes of the text hold `needle`."""
        return needle in self.utf8

    def contains_any(self, needles: Iterable[bytes]) -> bool:
        """Whether the UTF-8 bytes of the text hold any of `needles`."""
        data = self.utf8
        return any(n in data for n in needles)

    def in_page(self, page: str) -> bytes:
        """The text in the single-byte code page `page`, one byte per character: a character
        the page lacks is ``?`` (so offsets in these bytes are offsets in the text)."""
        out = self._pages.get(page)
        if out is None:
            out = self._pages[page] = self.text.encode(page, "replace")
        return out
