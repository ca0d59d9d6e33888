"""Globs over ``/``-separated relative paths, matched in linear time.

A glob turned into a Python regex backtracks: ``*a*a*a*a*a*a*a*a*b`` against a name of 60
characters takes minutes, and an ``exclude`` pattern in a pyproject.toml is input that nobody
reviews for that. Here a glob is compiled to a small nondeterministic automaton, and matching
keeps the *set* of states it may be in while it reads the path once: the time is at most the
path's length times the pattern's, whatever the pattern.

The syntax (see `textmend.config`): ``*`` any run of characters inside one folder, ``?`` one
character other than ``/``, ``[abc]``, ``[a-z]``, ``[!abc]`` (or ``[^abc]``) one character of
a set (never ``/``), ``**`` any run across folders, ``**/`` any number of leading folders
(none included). A glob that starts with ``/`` or holds a ``/`` before its end is anchored at
the root; otherwise it matches a name at any depth.

>>> compile_glob("*.txt").fullmatch("docs/a.txt"), compile_glob("/*.txt").fullmatch("docs/a.txt")
(True, False)
>>> compile_glob("legacy/**/*.txt").fullmatch("legacy/a/b/c.txt")
True
>>> compile_glob("*a*a*a*a*a*a*a*a*b").fullmatch("a" * 60)
False
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: A test on one character.
CharTest = Callable[[str], bool]


def _not_slash(c: str) -> bool:
    return c != "/"


def _anything(c: str) -> bool:
    return True


def _literal(ch: str) -> CharTest:
    return lambda c: c == ch


def _char_set(body: str) -> CharTest:
    """The test of a bracket expression's body (without the brackets)."""
    negate = body[:1] in ("!", "^")
    if negate:
        body = body[1:]
    singles: set[str] = set()
    ranges: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            ranges.append((body[i], body[i + 2]))
            i += 3
        else:
            singles.add(body[i])
            i += 1

    def test(c: str) -> bool:
        if c == "/":
            return False
        inside = c in singles or any(lo <= c <= hi for lo, hi in ranges)
        return inside != negate

    return test


@dataclass(frozen=True)
class Glob:
    """A compiled glob: `fullmatch` tells whether a whole relative path matches it."""

    pattern: str
    #: Per state: the moves that read a character, as (test, next state).
    moves: tuple[tuple[tuple[CharTest, int], ...], ...]
    #: Per state: the states reached without reading anything.
    skips: tuple[tuple[int, ...], ...]
    final: int

    def _closure(self, states: set[int]) -> set[int]:
        todo = list(states)
        while todo:
            s = todo.pop()
            for t in self.skips[s]:
                if t not in states:
                    states.add(t)
                    todo.append(t)
        return states

    def fullmatch(self, path: str) -> bool:
        """Whether all of `path` matches the glob."""
        current = self._closure({0})
        for c in path:
            following: set[int] = set()
            for s in current:
                for test, t in self.moves[s]:
                    if test(c):
                        following.add(t)
            if not following:
                return False
            current = self._closure(following)
        return self.final in current


class _Builder:
    """Collects states: each state has moves that read one character and moves that read none."""

    def __init__(self) -> None:
        self.moves: list[list[tuple[CharTest, int]]] = [[]]
        self.skips: list[list[int]] = [[]]

    def new(self) -> int:
        self.moves.append([])
        self.skips.append([])
        return len(self.moves) - 1

    def step(self, at: int, test: CharTest) -> int:
        """A move from `at` on one character passing `test`; returns the new state."""
        nxt = self.new()
        self.moves[at].append((test, nxt))
        return nxt

    def loop(self, at: int, test: CharTest) -> int:
        """Any number of characters passing `test`, staying in `at`, then on to a new state."""
        self.moves[at].append((test, at))
        nxt = self.new()
        self.skips[at].append(nxt)
        return nxt

    def folders(self, at: int) -> int:
        """``(?:.*/)?``: nothing, or any run that ends with ``/``."""
        inner = self.new()
        self.skips[at].append(inner)
        nxt = self.new()
        self.skips[at].append(nxt)
        self.moves[inner].append((_anything, inner))
        self.moves[inner].append((_literal("/"), nxt))
        return nxt


def compile_glob(pattern: str) -> Glob:
    """Compile `pattern` (see the module docstring); ValueError for an unclosed ``[``."""
    p = pattern.strip()
    anchored = p.startswith("/") or "/" in p.rstrip("/")
    p = p.strip("/")
    b = _Builder()
    at = 0 if anchored else b.folders(0)
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if p.startswith("**/", i):
            at = b.folders(at)
            i += 3
        elif p.startswith("**", i):
            at = b.loop(at, _anything)
            i += 2
        elif c == "*":
            at = b.loop(at, _not_slash)
            i += 1
        elif c == "?":
            at = b.step(at, _not_slash)
            i += 1
        elif c == "[":
            j = p.find("]", i + 2 if p[i + 1 : i + 2] in ("!", "^", "]") else i + 1)
            if j == -1:
                raise ValueError(f"unclosed '[' in glob {pattern!r}")
            at = b.step(at, _char_set(p[i + 1 : j]))
            i = j + 1
        else:
            at = b.step(at, _literal(c))
            i += 1
    return Glob(pattern, tuple(tuple(m) for m in b.moves), tuple(tuple(s) for s in b.skips), at)
