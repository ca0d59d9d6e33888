"""Character classes for Chinese script detection, loaded once from ``data/zh_script.txt``.

The file is derived from OpenCC's character tables by ``data/build_zh_script.py`` (see there
for how): ``HANS`` are the characters only Simplified Chinese uses (发 这 们), ``HANT`` those
only Traditional uses (發 這 們); every other Han character is *neutral* (后 里 面 干 台 只
系 着 么 中 文): both scripts write it, so it says nothing alone. The regional sets tell
Taiwan forms (裡) from Hong Kong ones (綫) and from OpenCC's standard ones (爲).

Scanning a large text for them runs in C: `str.translate` for the two large sets, compiled
regex classes (`class_pattern`) for the small regional ones, never a Python loop over characters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "zh_script.txt"

#: Han ideographs: the unified blocks, extension A, compatibility ideographs, extensions B-H.
HAN_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_CLASS}]")
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
#: Hiragana and katakana (with the half-width forms): their presence marks Japanese.
KANA = re.compile(r"[\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\uff66-\uff9d]")


@lru_cache(maxsize=1)
def tables() -> dict[str, frozenset[str]]:
    """The character sets by name (hans, hant, tw, hk, twhk, std)."""
    out: dict[str, frozenset[str]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, chars = line.split("\t", 1)
            out[name] = frozenset(chars)
    return out


#: The Traditional forms of the common characters (``data/zh_common_forms.txt``).
COMMON_FORMS = Path(__file__).resolve().parent.parent / "data" / "zh_common_forms.txt"


@lru_cache(maxsize=1)
def common_forms() -> frozenset[str]:
    """The Traditional forms OpenCC gives the common characters of the legacy CJK standards
    that are not common themselves (麪 for 面, 著 for 着: see ``data/build_zh_script.py``)."""
    lines = COMMON_FORMS.read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line for line in lines if line and not line.startswith("#")))


def class_pattern(chars: frozenset[str]) -> re.Pattern[str]:
    """A compiled ``[...]`` class matching any of `chars`."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def hans() -> frozenset[str]:
    """Characters only Simplified Chinese uses."""
    return tables()["hans"]


def hant() -> frozenset[str]:
    """Characters only Traditional Chinese uses."""
    return tables()["hant"]
