#!/usr/bin/env python3
"""Script conversion speed: textmend ``--script X`` against OpenCC's own config for X, in one run.

For each explicit target (hans, hant, tw, hk) the same text of about `--mb` MB is converted by
OpenCC's matching config (``t2s``, ``s2t``, ``s2tw``, ``s2hk``; the hans text is ``s2t`` output,
so ``t2s`` is its config) and by textmend, twice: the script
fixer alone (`textmend.fixers.script.fix`) and the whole pipeline (`textmend.repair_text`: the
mojibake, lost-character and pinyin screens run first). The text is a Simplified article (real
prose with punctuation, digits, an English line) repeated, and its ``s2t`` conversion for the
``hans`` target. The ratio is OpenCC's time over textmend's: issue 19's target is >= 0.85 for
the whole pipeline. Also the default ``auto`` on uniform text of each script, and the pinyin
fixer on clean text (the screens that must cost little).

    python benchmarks/zh_speed.py [--mb 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import opencc

import textmend
from textmend.context import Context
from textmend.fixers import pinyin as pinyin_fixer
from textmend.fixers import script
from textmend.options import Options

ARTICLE = """河边的早市

每天清晨五点，河边的空地上就热闹起来。卖菜的农民从附近的村子骑着三轮车赶来，车上装满了刚摘下的青菜、萝卜和西红柿。
一位老奶奶在路灯下摆开她的摊位，她说自己在这里卖豆腐已经二十多年了，很多顾客都是从小吃她的豆腐长大的。
旁边的面包店也开门了，烤面包的香味飘得很远。店主是一对年轻夫妇，他们去年从南方搬来，决定在这个安静的小城开始新的生活。

Opening hours: 05:00-09:00 (weekends until 10:00).

到了七点，上班的人越来越多，市场里的声音也越来越响。有人在讨价还价，有人在排队买早点，还有几个孩子围着卖金鱼的小摊不肯离开。
管理市场的工作人员说，明年这里会修建一个有屋顶的新市场，下雨天大家就不用再打伞买菜了。
不过，也有不少老顾客担心，搬进新楼以后，这种热闹的气氛会不会消失。据统计，二〇二五年全市共有早市四十三个。

"""

CONFIGS = {"hans": "t2s", "hant": "s2t", "tw": "s2tw", "hk": "s2hk"}


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs of `fn`, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="size of the text in MB of UTF-8 (default 5)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement, the fastest counts")
    args = ap.parse_args(argv)
    hans = ARTICLE * max(1, int(args.mb * 1e6 / len(ARTICLE.encode())))
    hant = opencc.OpenCC("s2t").convert(hans)
    mb = len(hans.encode()) / 1e6
    print(
        f"{mb:.2f} MB of Chinese prose; the best of {args.repeat} runs; ratio = OpenCC time / textmend time"
    )
    print(
        f"{'target':7} {'config':6} {'OpenCC MB/s':>11} {'fixer MB/s':>10} {'ratio':>6} "
        f"{'pipeline MB/s':>13} {'ratio':>6}  same output"
    )
    for target, config in CONFIGS.items():
        text = hant if target == "hans" else hans
        conv = opencc.OpenCC(config)
        expected = conv.convert(text)
        t_occ = best(lambda: conv.convert(text), args.repeat)  # noqa: B023
        ctx = Context(Options.make(target))
        t_fix = best(lambda: script.fix(text, ctx), args.repeat)  # noqa: B023
        t_all = best(lambda: textmend.repair_text(text, script=target), args.repeat)  # noqa: B023
        same = textmend.repair_text(text, script=target).text == expected
        print(
            f"{target:7} {config:6} {mb / t_occ:11.1f} {mb / t_fix:10.1f} {t_occ / t_fix:6.2f} "
            f"{mb / t_all:13.1f} {t_occ / t_all:6.2f}  {'yes' if same else 'NO'}"
        )
    for name, text in (("hans", hans), ("hant", hant)):
        ctx = Context(Options.make("auto"))
        t_auto = best(lambda: script.fix(text, ctx), args.repeat)  # noqa: B023
        t_pin = best(lambda: pinyin_fixer.fix(text, ctx), args.repeat)  # noqa: B023
        print(f"auto on uniform {name}: script {mb / t_auto:.0f} MB/s, pinyin screen {mb / t_pin:.0f} MB/s")


if __name__ == "__main__":
    main()
