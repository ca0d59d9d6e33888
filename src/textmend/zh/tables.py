"""OpenCC's ``t2s`` run as a table lookup in C: the same output, a quarter of OpenCC's time.

OpenCC's engine walks the text looking up every character in up to three dictionaries
(``TSPhrases``, ``TSCharactersExt``, ``TSCharacters``), after a normalisation pass of the
compatibility ideographs: 19 ms for 2 MB of Traditional prose, nearly all of what
``--script hans`` costs beside the screens. Those dictionaries (``data/zh_t2s_tables.txt``, from
the installed OpenCC's own files by ``data/build_zh_t2s.py``, which says why this is the same
conversion) are a map of single characters and 477 phrases. Here the characters are mapped by
one numpy table lookup over the text's code points (1.4 ms) and the phrases found by one RE2
search of their keys, leftmost-longest, over the UTF-8 bytes (2.7 ms): OpenCC's forward longest
match, phrase first. A phrase is put in where it was found; the rest is the mapped text.

`convert` answers ``None`` (the caller runs OpenCC) wherever it cannot be sure of giving
OpenCC's output: numpy or RE2 is missing (`textmend.text.fastre.available`), the installed
OpenCC is not the version the tables were built from, the tables disagree with that OpenCC on
their own keys (checked once per process, one OpenCC call), the text holds a compatibility
ideograph (which OpenCC normalises first) or a lone surrogate.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "zh_t2s_tables.txt"


@dataclass(frozen=True)
class Tables:
    """``t2s`` as tables: the code point map, the phrases and their search."""

    lut: Any  # numpy uint32 array: code point -> code point of its conversion
    phrases: dict[str, str]
    search: Any  # RE2 pattern of the phrases' keys and the compatibility ideographs, on bytes
    numpy: Any  # the numpy module


def _read() -> tuple[str, dict[str, dict[str, str]]]:
    """The OpenCC version of ``data/zh_t2s_tables.txt`` and its tables by kind."""
    source = ""
    kinds: dict[str, dict[str, str]] = {"compat": {}, "char": {}, "phrase": {}}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("# opencc\t"):
            source = line.split("\t", 1)[1]
        elif line and not line.startswith("#"):
            kind, key, value = line.split("\t")
            kinds[kind][key] = value
    return source, kinds


@lru_cache(maxsize=1)
def tables() -> Tables | None:
    """The tables, or ``None`` where they must not be used (see the module docstring)."""
    from ..text import fastre

    if not fastre.available():  # (RE2 missing, or turned off with TEXTMEND_NO_RE2)
        return None
    try:
        import numpy
        import opencc
        import re2
    except ImportError:
        return None
    source, kinds = _read()
    compat = set(kinds["compat"])
    if opencc.__version__ != source or any(compat.intersection(k) for k in kinds["phrase"]):
        return None  # (a phrase holding a compatibility ideograph could hide one from the search)
    lut = numpy.arange(0x110000, dtype=numpy.uint32)
    chars = kinds["char"]
    lut[numpy.array([ord(k) for k in chars], dtype=numpy.int64)] = [ord(v) for v in chars.values()]
    lut.flags.writeable = False  # shared by every call (and thread) of the process
    options = re2.Options()
    options.longest_match = True
    keys = sorted(kinds["phrase"]) + sorted(kinds["compat"])
    search = re2.compile("|".join(re2.escape(k) for k in keys), options)
    found = Tables(lut, kinds["phrase"], search, numpy)
    probe = "\n".join([*kinds["char"], *kinds["phrase"]])
    if _convert(found, probe, probe.encode("utf-8")) != opencc.OpenCC("t2s").convert(probe):
        return None
    return found


#: A text of this many characters (some 0.75 MB of Chinese) is converted by the tables even
#: before they are loaded: loading them (numpy's import, most of it) costs some 0.1 s of CPU
#: once per process, what OpenCC spends on 10 MB, so a shorter text is left to OpenCC until a
#: longer one has loaded them (a streamed file's chunks of 1 MB, a corpus). The output is the
#: same either way.
FROM = 1 << 18


def convert(text: str, utf8: bytes | None = None) -> str | None:
    """OpenCC's ``t2s`` of `text` (`utf8`: its UTF-8 bytes, when the caller has them), or
    ``None`` where the caller must ask OpenCC itself (see the module docstring and `FROM`)."""
    if len(text) < FROM and not tables.cache_info().currsize:
        return None
    found = tables()
    if found is None:
        return None
    if utf8 is None:
        try:
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return None
    return _convert(found, text, utf8)


def _convert(found: Tables, text: str, utf8: bytes) -> str | None:
    """`convert` with the tables `found`: every code point mapped, then the phrases the search
    found put in their places (their offsets in `utf8` counted in characters as it goes)."""
    np = found.numpy
    matches = list(found.search.finditer(utf8))
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    mapped = found.lut[points].tobytes().decode("utf-32-le")
    if not matches:
        return mapped
    out: list[str] = []
    pos = done = 0  # in characters, and the bytes up to the same place
    for m in matches:
        start, end = m.span()
        key = utf8[start:end].decode("utf-8")
        value = found.phrases.get(key)
        if value is None:  # a compatibility ideograph: OpenCC normalises it first
            return None
        at = pos + len(utf8[done:start].decode("utf-8"))
        out += (mapped[pos:at], value)
        pos, done = at + len(key), end
    out.append(mapped[pos:])
    return "".join(out)
