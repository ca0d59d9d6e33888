#!/usr/bin/env python3
"""Make the damaged Chinese samples from the clean sentences written for them.

The damage is done the way the mirror sites in the wild do it, from first principles (OpenCC
and pypinyin, not textmend):

- ``zh-news-residue.txt``: a Simplified article pushed through OpenCC ``s2t``, then annotated
  with inline pinyin after most characters (``經(jīng)``), and two words damaged the way a tool
  working on GBK bytes damages them: read one byte out of step, the trail byte of the character
  before and the lead byte of the next became a third character (annotated in turn), and the
  next trail byte swallowed the ``(`` that followed, both shown as ``?``.
  Expected outputs: ``zh-news-residue.hans.txt`` (the article as written) for ``--script
  hans`` and ``zh-news-residue.hant.txt`` (the converted article, annotations gone) by default.
- ``zh-mixed-script.txt``: a Simplified article with two of its paragraphs converted to
  Traditional; ``zh-mixed-script.hans.txt`` is the article as written.

    python samples/make_zh_samples.py
"""

from __future__ import annotations

import random
from pathlib import Path

import opencc
from pypinyin import Style, pinyin

HERE = Path(__file__).resolve().parent

NEWS = """江城晚报讯（记者 林晓燕）据市交通运输局8日消息，今年一季度全市公共交通客运量同比增长12.4%，其中地铁日均客运量首次突破三百万人次。
据介绍，市交通部门围绕“出行更便捷”的目标，新开通公交线路23条，优化调整线路41条，并在主要换乘站增设了自行车停放区。
与此同时，城市轨道交通建设稳步推进，地铁五号线二期工程已完成主体结构施工，预计明年年底通车试运营。
下一步，交通部门将继续加强运营调度，提升高峰时段的发车频率，让市民出行更加舒心。
"""

MIXED = """今年春天，镇上的图书馆重新开放了。馆长说，这次改造最大的变化是儿童阅览区扩大了一倍。
开放第一天，来借书的家长和孩子排起了长队，不少人是专门从邻村赶过来的。
图书馆还开设了周末读书会，每周六下午由志愿者带着孩子们一起读绘本、讲故事。
馆长希望，图书馆能成为全镇居民愿意常来坐坐的地方，而不只是一个借书还书的窗口。
"""

#: Words of the converted article damaged at the byte level (their first character survives).
DAMAGED_WORDS = ("晚報", "目標")


def annotate(text: str, rng: random.Random, always: set[int], never: set[int]) -> str:
    """Pinyin after most Han characters (always at `always`, never at `never`), as pypinyin
    reads them in context."""
    readings = pinyin(text, style=Style.TONE, errors=lambda chars: [[c] for c in chars])
    out = []
    for i, (ch, (r, *_rest)) in enumerate(zip(text, readings)):
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and r != ch and i not in never and (i in always or rng.random() < 0.8):
            out.append(f"({r})")
    return "".join(out)


def damage(text: str, word: str) -> str:
    """``P L(l)`` -> ``P?g)?l)``: the GBK bytes of P and L read one byte out of step."""
    p, lost = word
    pb, lb = p.encode("gbk"), lost.encode("gbk")
    ghost = bytes([pb[1], lb[0]]).decode("gbk")
    ghost_reading = pinyin(ghost, style=Style.TONE)[0][0]
    lost_reading = pinyin(lost, style=Style.TONE)[0][0]
    before = f"{p}{lost}({lost_reading})"
    if before not in text:
        raise SystemExit(f"{word}: not in the text as {before}")
    return text.replace(before, f"{p}?{ghost_reading})?{lost_reading})", 1)


def main() -> None:
    rng = random.Random(7)
    trad = opencc.OpenCC("s2t").convert(NEWS)
    # the bytes of P and L are adjacent only if P carries no annotation
    residue = annotate(trad, rng, {trad.index(w) + 1 for w in DAMAGED_WORDS}, {trad.index(w) for w in DAMAGED_WORDS})
    for word in DAMAGED_WORDS:
        residue = damage(residue, word)
    (HERE / "zh-news-residue.txt").write_text(residue, encoding="utf-8")
    (HERE / "zh-news-residue.hans.txt").write_text(NEWS, encoding="utf-8")
    (HERE / "zh-news-residue.hant.txt").write_text(trad, encoding="utf-8")
    lines = MIXED.splitlines(keepends=True)
    s2t = opencc.OpenCC("s2t")
    mixed = "".join(s2t.convert(ln) if i in (1, 3) else ln for i, ln in enumerate(lines))
    (HERE / "zh-mixed-script.txt").write_text(mixed, encoding="utf-8")
    (HERE / "zh-mixed-script.hans.txt").write_text(MIXED, encoding="utf-8")


if __name__ == "__main__":
    main()
