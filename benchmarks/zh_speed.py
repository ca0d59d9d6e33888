#!/usr/bin/env python3
"""How long the Chinese fixers take on about 1 MB of text of each kind (all must be well under 1 s).

    python benchmarks/zh_speed.py
"""

from __future__ import annotations

import time

import opencc
from pypinyin import Style, pinyin

from textmend.fixers import pinyin as pinyin_fixer
from textmend.fixers import script
from textmend.options import Options

SENTENCE = "今年一季度全市公共交通客运量同比增长，地铁日均客运量首次突破三百万人次，市民出行更加便捷。\n"


def sample(kind: str) -> str:
    n = 1_000_000 // len(SENTENCE.encode())
    if kind == "ascii":
        return "The quick brown fox jumps over the lazy dog (again).\n" * (1_000_000 // 53)
    if kind == "hans":
        return SENTENCE * n
    if kind == "hant":
        return opencc.OpenCC("s2t").convert(SENTENCE) * n
    if kind == "mixed":
        t = opencc.OpenCC("s2t").convert(SENTENCE)
        return "".join(SENTENCE if i % 3 else t for i in range(n))
    if kind == "residue":
        t = opencc.OpenCC("s2t").convert(SENTENCE)
        ann = "".join(f"{c}({r[0]})" if r[0] != c else c
                      for c, r in zip(t, pinyin(t, style=Style.TONE, errors=lambda cs: [[c] for c in cs])))
        return ann * (1_000_000 // len(ann.encode()))
    raise ValueError(kind)


def main() -> None:
    for kind in ("ascii", "hans", "hant", "mixed", "residue"):
        text = sample(kind)
        for name, fixer, opts in (("pinyin", pinyin_fixer.fix, Options()), ("script auto", script.fix, Options()),
                                  ("script hans", script.fix, Options.make("hans"))):
            t0 = time.perf_counter()
            fixer(text, opts)
            dt = time.perf_counter() - t0
            print(f"{kind:8} {len(text.encode()) / 1e6:5.2f} MB  {name:12} {dt:6.3f} s")


if __name__ == "__main__":
    main()
