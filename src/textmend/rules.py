"""The rule catalogue: every code textmend can report, in one place.

Codes are stable (like ruff's): a code, once published, keeps its meaning. The hundreds
group the kinds of damage:

    TM1xx  decoding (legacy encodings, UTF-16/32, undecodable bytes)
    TM2xx  mojibake (text decoded with the wrong codec, once or twice)
    TM3xx  mixed encodings inside one file
    TM4xx  characters lost to '?' or U+FFFD
    TM5xx  Chinese script (Simplified / Traditional)
    TM6xx  inline pinyin residue
    TM7xx  format (byte-order marks)
    TM9xx  verification (a repair or a decode that textmend could not prove lossless)

A rule is a *fix* when it changes text and a *finding* when it only reports. `default` says
whether `fix` applies it without being asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    description: str
    fix: bool = True
    default: bool = True
    blocks_write: bool = False  # a finding that means the file cannot be written without losing bytes


RULES: tuple[Rule, ...] = (
    Rule(
        "TM101",
        "legacy-encoding",
        "file is in a legacy encoding (GBK, Big5, Shift-JIS, cp1252, ...): written as UTF-8",
    ),
    Rule("TM102", "utf16-utf32", "file is UTF-16 or UTF-32: written as UTF-8"),
    Rule(
        "TM103",
        "undecodable-bytes",
        "bytes that no candidate encoding decodes: the file is left alone",
        fix=False,
        blocks_write=True,
    ),
    Rule(
        "TM104",
        "uncertain-encoding",
        "a legacy reading too unsure to write (little or ambiguous text): the file is left alone",
        fix=False,
        blocks_write=True,
    ),
    Rule("TM201", "latin-mojibake", "UTF-8 decoded as a Latin code page (CafÃ© for Café), once or more"),
    Rule("TM202", "cjk-mojibake", "text decoded with the wrong CJK or Cyrillic codec (浣犲ソ for 你好)"),
    Rule("TM203", "lossy-mojibake", "mojibake that lost bytes, recovered where the bytes still decide"),
    Rule("TM204", "unrecoverable-mojibake", "mojibake whose lost bytes leave several answers", fix=False),
    Rule("TM301", "mixed-encoding", "a run of lines in another encoding than the rest of the file"),
    Rule(
        "TM302",
        "stray-byte",
        "a byte that fits no encoding of its neighbours: the file is left alone",
        fix=False,
        blocks_write=True,
    ),
    Rule("TM401", "lost-copyright", "'?' standing for a lost © in a copyright notice"),
    Rule("TM402", "lost-degree", "'?' standing for a lost ° in a temperature or an angle"),
    Rule("TM410", "lost-character", "'?' standing where a character was lost", fix=False),
    Rule("TM411", "replacement-character", "U+FFFD: a character lost in an earlier conversion", fix=False),
    Rule(
        "TM501",
        "mixed-script",
        "characters of the other script left in a Chinese word by a converter, normalised",
    ),
    Rule("TM502", "script-conversion", "Chinese text converted to the script asked for with --script"),
    Rule(
        "TM601", "pinyin-residue", "inline pinyin annotation after a character (經(jīng)濟 for 經濟) removed"
    ),
    Rule(
        "TM602",
        "damaged-pinyin",
        "a character lost inside pinyin residue, recovered from its reading and bytes",
    ),
    Rule(
        "TM603",
        "ambiguous-pinyin",
        "a character lost inside pinyin residue with several candidates",
        fix=False,
    ),
    Rule("TM701", "utf8-bom", "UTF-8 byte-order mark removed"),
    Rule(
        "TM901",
        "unverified-repair",
        "a repair whose result does not encode back to the original: not applied",
        fix=False,
    ),
    Rule(
        "TM902",
        "unverified-decode",
        "the decoded text does not encode back to the input bytes: the file is left alone",
        fix=False,
        blocks_write=True,
    ),
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}

#: Findings that stop a file from being written: writing would lose bytes of the input.
BLOCKING: frozenset[str] = frozenset(r.code for r in RULES if r.blocks_write)


def rule(code: str) -> Rule:
    """The rule for `code`; `KeyError` for an unknown code (a programming error)."""
    return BY_CODE[code]


def _weight(pattern: str) -> int:
    """How specific a pattern is: ``ALL`` least, a full code most."""
    return 0 if pattern == "ALL" else len(pattern)


def check_patterns(patterns: Iterable[str]) -> list[str]:
    """Validate ``--select`` / ``--ignore`` entries: codes or prefixes (``TM2``, ``TM201``, ``ALL``).

    Returns them upper-cased; raises `ValueError` naming an entry that matches no rule.
    """
    out = []
    for p in patterns:
        p = p.strip().upper()
        if not p:
            continue
        if p != "ALL" and not any(r.code.startswith(p) for r in RULES):
            raise ValueError(f"unknown rule code or prefix {p!r} (see `textmend rules`)")
        out.append(p)
    return out


def enabled_codes(select: Iterable[str] | None = None, ignore: Iterable[str] = ()) -> frozenset[str]:
    """The codes that are on: the defaults (or `select`), minus `ignore`. Longest prefix wins."""
    return _enabled_codes(tuple(select) if select is not None else None, tuple(ignore))


@lru_cache(maxsize=64)
def _enabled_codes(select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> frozenset[str]:
    """`enabled_codes`, once per selection: every `Options`, one per call of the library's
    `repair_bytes`, asks for its codes (20-30 microseconds, a tenth of a small file's repair)."""
    sel = check_patterns(select) if select is not None else None
    ign = check_patterns(ignore)
    on = set()
    for r in RULES:
        if sel is None:
            chosen = r.default
            sel_len = 0
        else:
            hits = [_weight(p) for p in sel if p == "ALL" or r.code.startswith(p)]
            chosen = bool(hits)
            sel_len = max(hits, default=0)
        ign_hits = [_weight(p) for p in ign if p == "ALL" or r.code.startswith(p)]
        if ign_hits and max(ign_hits) >= sel_len:
            chosen = False
        if chosen:
            on.add(r.code)
    return frozenset(on)
