"""Conversion between the Chinese scripts with OpenCC's own converters, made idempotent.

An explicit target is one OpenCC config (`CONFIGS`): ``hans`` is ``t2s``, ``hant`` ``s2t``, ``tw``
``s2tw``, ``hk`` ``s2hk``, the config a user of OpenCC would call, so that textmend's output is
OpenCC's output (``benchmarks/opencc_cases.py`` checks it on OpenCC's published test cases). The
config runs on the whole text in one call, in C; nothing here walks the text in Python
(``t2s``, OpenCC's own tables as a numpy lookup and an RE2 search: `textmend.zh.tables`).

Two things are added to OpenCC's output, each only where OpenCC's own tables call for it:

- *A fixed point.* A few of OpenCC's character mappings lead to a character the same table maps
  again (``t2s``: 薴 -> 苧 -> 苎; ``s2t``: 苎 -> 苧 -> 薴), so converting a converted text would change
  it once more. `unstable` finds those characters from the config's own tables (every Han
  character converted twice, in one call each), and `convert` runs the config again only when
  its output holds one of them (a ``str.find`` per character: one or two of them per config).
- *The writer's Simplified phrases* (`restore_phrases`): ``s2t`` turns some Simplified phrases
  into Traditional ones that ``t2s`` does not give back (想象 -> 想像 -> 想像). For a text that is a
  converter's output (it uses OpenCC's standard forms), they are put back; the table,
  ``data/zh_t2s_phrases.txt``, holds only phrases OpenCC's ``TSPhrases`` accepts as Simplified.

>>> convert("头发和面条", "s2t")
'頭髮和麪條'
>>> convert("薴", "t2s"), convert("苧", "t2s")
('苎', '苎')
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import opencc

from . import tables
from .chars import tables as char_tables

PHRASES = Path(__file__).resolve().parent.parent / "data" / "zh_t2s_phrases.txt"

#: The OpenCC config of each explicit target.
CONFIGS: dict[str, str] = {
    "hans": "t2s",
    "hant": "s2t",
    "tw": "s2tw",
    "hk": "s2hk",
}
#: To Simplified, OpenCC has a config per source: Taiwan and Hong Kong text is read with its
#: own (``t2s`` leaves Taiwan's 著 of 騎著 as it is; ``tw2s`` writes 骑着).
HANS_FROM: dict[str, str] = {"tw": "tw2s", "hk": "hk2s"}


def config_for(target: str, region: str = "") -> str:
    """The OpenCC config that converts text to `target`; `region` is the regional flavour of
    the text's Traditional forms (`textmend.zh.detect.region`), which only ``hans`` asks."""
    if target == "hans":
        return HANS_FROM.get(region, "t2s")
    return CONFIGS[target]


#: Rounds of `convert` at most: OpenCC's chains are one step long (two rounds reach the end).
MAX_ROUNDS = 4


@cache
def converter(config: str) -> opencc.OpenCC:
    """One OpenCC converter per config, built once (loading its dictionaries takes milliseconds)."""
    return opencc.OpenCC(config)


#: The character stage of each config: ``s2tw`` and ``s2hk`` are ``s2t`` followed by a table of
#: regional variants, ``tw2s`` and ``hk2s`` such a table followed by ``t2s``.
STAGE = {"t2s": "t2s", "tw2s": "t2s", "hk2s": "t2s", "s2t": "s2t", "s2tw": "s2t", "s2hk": "s2t"}


@cache
def unstable(config: str) -> tuple[str, ...]:
    """The characters the character stage of `config` (`STAGE`) produces and then maps again
    (苧 for ``t2s``: 薴 -> 苧 -> 苎).

    Every character of OpenCC's character tables (the detector's sets, `textmend.zh.chars`,
    are derived from them), one per line, is converted twice (one OpenCC call each, a few
    milliseconds for their 7,000 characters); a line the second call changes has such a character.
    Only the character stage counts: a regional variant the second stage writes (``s2tw``'s 么
    of 幺麼小丑, OpenCC's own test case) is that config's intended output, though ``s2t`` maps
    么 again.
    """
    chars = sorted(frozenset().union(*char_tables().values()))
    conv = converter(STAGE.get(config, config))
    once = conv.convert("\n".join(chars)).split("\n")
    twice = conv.convert("\n".join(once)).split("\n")
    if len(once) != len(chars) or len(twice) != len(chars):  # a config that maps line breaks: be safe
        return ()
    out = {c for a, b in zip(once, twice) if a != b for c in a}
    return tuple(sorted(out))


def _engine(conv: opencc.OpenCC, text: str, utf8: bytes | None) -> str:
    """OpenCC's conversion of `text`; `utf8`, when given, is ``text.encode("utf-8")`` already
    made (the decoder of a UTF-8 file has it), handed to OpenCC's engine as it is: the Python
    wrapper would encode the text again, which costs a few percent of the conversion."""
    if utf8 is not None:
        engine: Any = type(conv).__mro__[1]  # the compiled class the wrapper subclasses
        try:
            out = engine.convert(conv, utf8, len(utf8))
        except (AttributeError, TypeError):  # another binding of OpenCC: its own wrapper
            return str(conv.convert(text))
        if isinstance(out, str):
            return out
    return str(conv.convert(text))


def convert(text: str, config: str, utf8: bytes | None = None) -> str:
    """`text` through the OpenCC `config`, again while its output holds a character the config
    maps once more (`unstable`), so that converting the output changes nothing. `utf8`: the
    text's UTF-8 bytes, when the caller has them (see `_engine`)."""
    conv = converter(config)
    fast = tables.convert(text, utf8) if config == "t2s" else None
    out = _engine(conv, text, utf8) if fast is None else fast
    again = unstable(config)
    for _ in range(MAX_ROUNDS):
        if not any(c in out for c in again):
            break
        out = conv.convert(out)
    return out


@lru_cache(maxsize=1)
def _reverse_phrases() -> tuple[re.Pattern[str] | None, dict[str, list[tuple[int, str, str, str]]]]:
    """The table of ``data/zh_t2s_phrases.txt``, indexed for `restore_phrases`.

    Each phrase is found from its *anchor*: the first character that its Simplified phrase
    writes differently from ``t2s`` (像 of 想像: 想象, not 想像). The result is a class matching
    the anchors (searched in C; most text holds none of them) and, for each anchor, the phrases
    as ``(offset of the anchor, Traditional phrase, plain t2s output, Simplified phrase)``,
    longest first.
    """
    table: dict[str, list[tuple[int, str, str, str]]] = {}
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t")
            plain = converter("t2s").convert(trad)
            if len(plain) == len(trad) == len(simp) and plain != simp:
                at = next(i for i, (a, b) in enumerate(zip(plain, simp)) if a != b)
                table.setdefault(trad[at], []).append((at, trad, plain, simp))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[1]))
    if not table:
        return None, table
    return re.compile("[" + "".join(re.escape(c) for c in sorted(table)) + "]"), table


def phrase_anchors() -> frozenset[str]:
    """The characters `restore_phrases` looks for: a text without any has nothing to restore."""
    return frozenset(_reverse_phrases()[1])


@lru_cache(maxsize=64)
def _anchors_of(chars: frozenset[str]) -> re.Pattern[str]:
    """A class of the anchors `chars` (some of `phrase_anchors`), compiled once per set."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def restore_phrases(before: str, after: str, present: frozenset[str] | None = None) -> str:
    """`after` (``t2s`` of the Traditional `before`) with the Simplified phrases put back that
    ``s2t`` had turned into something ``t2s`` does not undo (想像 -> 想象, 揹我 -> 背我).

    Used on Traditional text converted to Simplified: the table keeps only phrases OpenCC's
    own ``TSPhrases`` accepts as Simplified (or does not list), so genuine Traditional text gets
    an accepted Simplified spelling, and a converter's output gets back the writer's phrase.
    Phrases do not overlap: the first one found (leftmost, then longest) wins. `present`:
    characters `before` holds, among them every anchor it holds, when the caller knows them
    (the script fixer's screen counted them): only those anchors are looked for, a search in C
    that a class of one or two characters makes several times faster than the class of them
    all (the same matches: no other can occur).
    """
    anchors, table = _reverse_phrases()
    if anchors is None or len(before) != len(after):
        return after
    if present is not None:
        chars = present & table.keys()
        if not chars:
            return after
        anchors = _anchors_of(frozenset(chars))
    out: list[str] = []  # pieces of `after` and restored phrases (not a list of characters)
    pos = 0
    for m in anchors.finditer(before):
        i = m.start()
        for at, trad, plain, simp in table[m.group()]:
            start = i - at
            if start >= pos and before.startswith(trad, start) and after.startswith(plain, start):
                out += (after[pos:start], simp)
                pos = start + len(simp)
                break
    if not out:
        return after
    out.append(after[pos:])
    return "".join(out)
