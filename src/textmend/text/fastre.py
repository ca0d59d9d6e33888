"""Screens at DFA speed: patterns searched over a text's UTF-8 bytes by RE2, in one pass.

Python's `re` backtracks: a pattern that starts with a class tests every character of the
text, and an alternation of many such patterns tries each of them at every character, so the
evidence screens cost 5-500 ms per megabyte of clean prose where decoding it costs 1-2 ms.
RE2 (the ``google-re2`` package) runs one automaton over the bytes, whatever the number of
alternatives, at about the speed of decoding them. It has no lookarounds and no
backreferences, so a screen searches a *looser* form of each pattern (`loosen`: its
lookarounds removed), which matches wherever the pattern matches: no match of the loose form,
no match of the pattern. A match of the loose form sends the text (or the line) to the exact
pattern, in Python, as before.

When ``google-re2`` is not installed (or ``TEXTMEND_NO_RE2`` is set in the environment), `build`
returns ``None`` and callers keep their pure-``re`` path: same results, slower.

>>> loosen("[a-z](?<=x.)(?![0-9]{2})é")
'[a-z]é'
>>> s = build(["Ã[\\x80-\\xbf]", "\\ufffd"])
>>> s is None or (s.which("Caf\\u00c3\\u00a9".encode()), s.which(b"plain")) == ({0}, set())
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

_re2: Any = None
try:
    import re2

    _re2 = re2
except ImportError:  # pragma: no cover - the dependency is installed with the package
    pass

#: Python's ``\\s`` for text (`str.isspace`), as class ranges RE2 reads the same way.
_SPACE = (
    "\\t-\\r\\x1c-\\x20\\x85\\xa0\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}"
)

#: Escapes whose meaning differs between the engines (RE2's ``\\w``, ``\\b`` are ASCII only) or
#: that RE2 lacks: a pattern that needs one outside a lookaround gets no screen.
_UNSAFE = set("wWbBDSAZ0123456789")


def available() -> bool:
    """Whether screens run on RE2 here (the package is installed and not turned off)."""
    return _re2 is not None and not os.environ.get("TEXTMEND_NO_RE2")


def _skip_class(p: str, i: int) -> int:
    """The index just past the character class that starts at ``p[i] == '['``."""
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p) and p[j] != "]":
        j += 2 if p[j] == "\\" else 1
    if j >= len(p):
        raise ValueError(f"unterminated class at {i}")
    return j + 1


def _skip_group(p: str, i: int) -> int:
    """The index just past the group that opens at ``p[i] == '('``."""
    depth = 0
    j = i
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _skip_class(p, j)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise ValueError(f"unbalanced group at {i}")


def _escape(p: str, i: int, in_class: bool) -> tuple[str, int]:
    """RE2's form of the escape at ``p[i] == '\\\\'`` and the index past it."""
    c = p[i + 1] if i + 1 < len(p) else ""
    if c == "u":
        return f"\\x{{{p[i + 2 : i + 6]}}}", i + 6
    if c == "U":
        return f"\\x{{{p[i + 2 : i + 10]}}}", i + 10
    if c == "x":
        return p[i : i + 4], i + 4
    if c == "d":
        return "\\p{Nd}", i + 2
    if c == "s":
        return (_SPACE if in_class else f"[{_SPACE}]"), i + 2
    if c in _UNSAFE:
        raise ValueError(f"escape \\{c} has no safe RE2 form")
    return p[i : i + 2], i + 2


def loosen(pattern: str) -> str:
    """`pattern` (Python `re` syntax) with its lookarounds removed and its escapes in RE2's
    syntax: it matches wherever `pattern` does (removing an assertion only relaxes a match).

    Raises ValueError for what has no safe RE2 form: backreferences, and ``\\w``, ``\\b`` and
    the like outside a lookaround (RE2's are ASCII only, so the loose form could miss).
    """
    out: list[str] = []
    i = 0
    p = pattern
    while i < len(p):
        c = p[i]
        if p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _skip_group(p, i)
            continue
        if p.startswith("(?P=", i):
            raise ValueError("backreference")
        if c == "\\":
            text, i = _escape(p, i, False)
            out.append(text)
            continue
        if c == "[":
            end = _skip_class(p, i)
            body: list[str] = []
            j = i
            while j < end:
                if p[j] == "\\":
                    text, j = _escape(p, j, True)
                    body.append(text)
                else:
                    body.append(p[j])
                    j += 1
            out.append("".join(body))
            i = end
            continue
        if c == "{" and p.startswith("{,", i):
            out.append("{0,")
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


#: The characters a UTF-8 string may hold: every code point but the surrogates. In RE2's UTF-8
#: mode, a byte string matches ``^[...]*$`` of them exactly when Python's strict decoder takes
#: it (no stray continuation byte, overlong form, surrogate, code point past U+10FFFF or cut
#: sequence): `Screen.utf8` validates and screens in one pass.
UTF8 = "^[\\x{0}-\\x{d7ff}\\x{e000}-\\x{10ffff}]*$"


class Screen:
    """Loose patterns (`loosen`) searched together over UTF-8 bytes by RE2.

    `lazy`: the automata are compiled when first asked for, not with the screen: the one of
    `search` (a clean text matches nothing), the set that tells which patterns match
    (`which`), the set of `utf8`; each costs some 50 ms for the pipeline's screen, at the
    start of every process, and a process seldom needs all three. Such a screen's `which`
    raises ``ValueError`` if the set cannot be compiled, and it is not checked for a pattern
    that matches the empty string (its answers stay right: every text holds that match).
    """

    def __init__(self, patterns: Sequence[str], lazy: bool = False) -> None:
        options = _re2.Options()
        options.max_mem = 64 << 20  # big Unicode classes: keep the automaton out of the slow NFA
        self.patterns = tuple(patterns)
        self._options = options
        self._set: Any = None if lazy else self._compile_set()
        self._utf8: Any = None
        self._any: Any = None
        self._raw: Any = None
        if not lazy and self._compile_any().search(b"") is not None:
            raise ValueError("a loose pattern matches the empty string: it would screen nothing")

    def _compile_any(self) -> Any:
        if self._any is None:
            compiled = _re2.compile("|".join(f"(?:{p})" for p in self.patterns), self._options)
            self._raw = _raw_search(compiled)
            self._any = compiled
        return self._any

    def _compile_set(self, *extra: str) -> Any:
        found = _re2.Set.SearchSet(self._options)
        for p in (*self.patterns, *extra):
            found.Add(p)
        found.Compile()
        return found

    def which(self, data: bytes) -> set[int]:
        """The indices of the patterns that match somewhere in `data`."""
        if self._set is None:
            try:
                self._set = self._compile_set()
            except _re2.error as exc:
                raise ValueError(f"the screen's set does not compile: {exc}") from None
        return set(self._set.Match(data) or ())

    def utf8(self, data: bytes) -> set[int] | None:
        """`which`, and whether `data` is UTF-8, in one pass: the indices of the patterns that
        match in `data` when Python's strict decoder takes all of it, else ``None``.

        ``None`` also when RE2 could not answer: a set whose automaton runs out of memory
        answers "no match", and the validity pattern (`UTF8`) matching says it did not. So
        ``None`` only ever sends a caller to its slower path (decode, then search)."""
        if self._utf8 is None:
            try:
                self._utf8 = self._compile_set(UTF8)
            except _re2.error:
                self._utf8 = False
        if self._utf8 is False:
            return None
        found = set(self._utf8.Match(data) or ())
        valid = len(self.patterns)
        if valid not in found:
            return None
        found.discard(valid)
        return found

    def search(self, data: bytes, pos: int = 0, endpos: int | None = None) -> int | None:
        """The byte offset where the first match at or after `pos` starts, or ``None``."""
        compiled = self._any if self._any is not None else self._compile_any()
        n = len(data)
        end = n if endpos is None else min(max(endpos, 0), n)
        if self._raw is not None:
            pos = min(max(pos, 0), n)
            if pos > end:
                return None
            start = self._raw(_UNANCHORED, data, pos, end)[0][0]
            return None if start < 0 else int(start)
        m = compiled.search(data, pos, end)
        return None if m is None else m.start()

    def lines(self, data: bytes) -> list[tuple[int, int]]:
        """The ``(start, end)`` byte offsets of the lines of `data` (without the line break)
        that hold a match, in order."""
        out: list[tuple[int, int]] = []
        pos = 0
        search = (self._any if self._any is not None else self._compile_any()).search
        n = len(data)
        while (m := search(data, pos, n)) is not None:
            a = data.rfind(b"\n", 0, m.start()) + 1
            b = data.find(b"\n", m.end())
            out.append((a, n if b == -1 else b))
            if b == -1:
                break
            pos = b + 1
        return out


#: The anchor of an unanchored search, in the compiled binding (``None`` without it).
_UNANCHORED: Any = getattr(getattr(getattr(_re2, "_re2", None), "RE2", None), "Anchor", None)
_UNANCHORED = getattr(_UNANCHORED, "UNANCHORED", None)


def _raw_search(compiled: Any) -> Any:
    """The compiled RE2 object's own ``Match(anchor, bytes, pos, endpos)`` under the Python
    wrapper of ``google-re2``, or ``None`` where the binding has no such object. The wrapper's
    ``search`` runs a generator and builds a match object per call: three times the cost of
    the match itself, which counts where a screen is asked line after line (thousands of
    candidate lines in a document, `textmend.text.screen.candidate_lines`). Same answers:
    the first span of the match, ``(-1, -1)`` for none (checked here once)."""
    match = getattr(getattr(compiled, "_regexp", None), "Match", None)
    if match is None or _UNANCHORED is None:
        return None
    try:
        probe = compiled.search(b"\x00x")
        spans = match(_UNANCHORED, b"\x00x", 0, 2)
        if probe is None and spans[0][0] == -1 or probe is not None and spans[0][0] == probe.start():
            return match
    except Exception:  # noqa: BLE001 (any other binding: keep its wrapper)
        return None
    return None


def build(patterns: Sequence[str], loose: bool = False, lazy: bool = False) -> Screen | None:
    """A `Screen` of `patterns` (Python `re` syntax, loosened here unless `loose` says they
    already are), or ``None`` when RE2 is not available or a pattern has no safe loose form.
    `lazy`: see `Screen`."""
    if not available():
        return None
    try:
        return _build(tuple(patterns) if loose else _loosen_all(tuple(patterns)), lazy)
    except (ValueError, _re2.error):
        return None


@lru_cache(maxsize=64)
def _loosen_all(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """`loosen` of each pattern, once per tuple (a long class costs milliseconds to walk, and a
    caller asks for its screen per text)."""
    return tuple(loosen(p) for p in patterns)


@lru_cache(maxsize=64)
def _build(patterns: tuple[str, ...], lazy: bool = False) -> Screen:
    return Screen(patterns, lazy)


class Guarded:
    """A Python pattern behind its loose RE2 screen: `search` asks the screen first (one pass
    at C speed; clean text stops there) and the pattern itself only where the screen matched,
    so it answers exactly as the pattern does (the loose form matches wherever it does), and
    as the pattern alone without RE2."""

    __slots__ = ("pattern", "screen")

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        self.screen = build((pattern,))

    def search(self, text: str, utf8: bytes) -> bool:
        """Whether the pattern matches in `text` (`utf8` is its UTF-8, for the screen)."""
        if self.screen is not None and self.screen.search(utf8) is None:
            return False
        return self.pattern.search(text) is not None


def char_offsets(data: bytes, offsets: Sequence[int]) -> list[int]:
    """The character offsets of the byte `offsets` (ascending, each at a character boundary)
    of the UTF-8 `data`: one decode of the stretches between them, in C."""
    out: list[int] = []
    chars = 0
    last = 0
    for b in offsets:
        chars += len(data[last:b].decode("utf-8", "surrogatepass"))
        out.append(chars)
        last = b
    return out


def is_loose_of(loose: str, pattern: str, samples: Sequence[str]) -> bool:
    """Whether the loose form matches every sample that `pattern` matches (a check for tests)."""
    exact = re.compile(pattern)
    screen = build([loose], loose=True)
    if screen is None:
        return True
    return all(screen.which(s.encode("utf-8", "surrogatepass")) for s in samples if exact.search(s))


__all__ = ["Screen", "available", "build", "char_offsets", "is_loose_of", "loosen"]
