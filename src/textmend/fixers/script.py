"""Chinese script: convert to the script the user asks for, with OpenCC.

``--script hans|hant|tw|hk`` converts the whole text with OpenCC's official bindings;
``keep`` never converts. ``auto`` (the default) is meant to repair only the minority-script
spans of a mixed document; until that lands it leaves text alone, like ``keep``.

Each converted run of characters is one change (TM502), not one per character.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

import opencc

from ..model import Change, Finding
from ..options import Options

#: The OpenCC config used for each explicit target.
CONFIGS: dict[str, str] = {
    "hans": "t2s",
    "hant": "s2t",
    "tw": "s2tw",
    "hk": "s2hk",
}

HAN_CLASS = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
HAN = re.compile(HAN_CLASS)
HAN_RUN = re.compile(HAN_CLASS + "*")


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    """One OpenCC converter per config, built once (loading dictionaries takes milliseconds)."""
    return opencc.OpenCC(config)


def _runs(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """Changed runs between two texts as ``(b0, b1, a0, a1)``.

    Runs separated only by Han characters are merged, so that a converted phrase is one change.
    """
    if len(before) == len(after):
        raw = []
        i, n = 0, len(before)
        while i < n:
            if before[i] != after[i]:
                j = i + 1
                while j < n and before[j] != after[j]:
                    j += 1
                raw.append((i, j, i, j))
                i = j
            else:
                i += 1
    else:
        sm = SequenceMatcher(None, before, after, autojunk=False)
        raw = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]
    runs: list[tuple[int, int, int, int]] = []
    for b0, b1, a0, a1 in raw:
        if runs and HAN_RUN.fullmatch(before[runs[-1][1] : b0]):
            runs[-1] = (runs[-1][0], b1, runs[-1][2], a1)
        else:
            runs.append((b0, b1, a0, a1))
    return runs


def convert(text: str, target: str, code: str = "TM502") -> tuple[str, list[Change | Finding]]:
    """Convert all of `text` to `target` (a key of `CONFIGS`), one change per changed run."""
    if not HAN.search(text):
        return text, []
    converted = converter(CONFIGS[target]).convert(text)
    if converted == text:
        return text, []
    changes: list[Change | Finding] = [
        Change(code, f"converted to {target} (OpenCC {CONFIGS[target]})", text[b0:b1], converted[a0:a1], b0, b1)
        for b0, b1, a0, a1 in _runs(text, converted)
    ]
    return converted, changes


def fix(text: str, options: Options) -> tuple[str, list[Change | Finding]]:
    """Convert to the explicit target script (TM502); ``keep`` and ``auto`` leave text alone."""
    if options.script in ("keep", "auto") or not options.enabled("TM502"):
        return text, []
    return convert(text, options.script)
