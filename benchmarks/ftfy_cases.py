#!/usr/bin/env python3
"""textmend against ftfy.fix_encoding on ftfy's own published test cases, negative cases included.

    python benchmarks/ftfy_cases.py [PATH-TO-FTFY-REPO] [--all] [--json OUT]

ftfy keeps real-world mojibake (and text that only looks like it) as JSON in its repository,
tests/test-cases/*.json (ftfy is © Robyn Speer, Apache License 2.0; the cases are read from the
repository given, not copied here). Each case has the damaged ``original`` and the expected
``fixed-encoding`` (what ``ftfy.fix_encoding`` should give; ``fixed`` when absent, as ftfy's
own tests do). For textmend the expected text is the same: textmend repairs encodings and does
not uncurl quotes. The repository may be a checkout or a bare mirror (read with ``git show``).

It prints per file how many cases each system gets right, then every case where ftfy is right
and textmend wrong, and (with ``--all``) the reverse.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import ftfy

import textmend

DEFAULT_REPO = Path("/work/.mirror/rspeer+python-ftfy/repo")
FILES = ("in-the-wild", "synthetic", "negative", "language-names", "known-failures")


def load(repo: Path, name: str) -> list[dict[str, str]]:
    path = f"tests/test-cases/{name}.json"
    if (repo / path).is_file():
        raw = (repo / path).read_text("utf-8")
    else:
        raw = subprocess.run(
            ["git", "-C", str(repo), "show", f"HEAD:{path}"], check=True, capture_output=True, text=True
        ).stdout
    cases: list[dict[str, str]] = json.loads(raw)
    return cases


def textmend_fix(text: str) -> str:
    try:
        return textmend.repair_text(text).text
    except textmend.TextmendError:
        return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo", nargs="?", type=Path, default=DEFAULT_REPO)
    ap.add_argument("--all", action="store_true", help="also list the cases textmend gets and ftfy misses")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    print(f"textmend {textmend.__version__}, ftfy {ftfy.__version__}, cases from {args.repo}\n")
    print(f"{'file':16} {'n':>4} {'ftfy':>5} {'textmend':>9} {'ftfy only':>10} {'textmend only':>14}")
    only_ftfy: list[tuple[str, dict[str, str], str]] = []
    only_textmend: list[tuple[str, dict[str, str], str]] = []
    record: dict[str, dict[str, int]] = {}
    for name in FILES:
        counts = {"n": 0, "ftfy": 0, "textmend": 0, "ftfy_only": 0, "textmend_only": 0}
        for case in load(args.repo, name):
            want = case.get("fixed-encoding", case["fixed"])
            by_ftfy = ftfy.fix_encoding(case["original"])
            by_textmend = textmend_fix(case["original"])
            counts["n"] += 1
            counts["ftfy"] += by_ftfy == want
            counts["textmend"] += by_textmend == want
            if by_ftfy == want and by_textmend != want:
                counts["ftfy_only"] += 1
                only_ftfy.append((name, case, by_textmend))
            elif by_textmend == want and by_ftfy != want:
                counts["textmend_only"] += 1
                only_textmend.append((name, case, by_ftfy))
        record[name] = counts
        print(
            f"{name:16} {counts['n']:4} {counts['ftfy']:5} {counts['textmend']:9} {counts['ftfy_only']:10} "
            f"{counts['textmend_only']:14}"
        )
    print(f"\nftfy right, textmend wrong: {len(only_ftfy)}")
    for name, case, got in only_ftfy:
        want = case.get("fixed-encoding", case["fixed"])
        print(
            f"  [{name}] {case['label']}\n      original {case['original'][:100]!r}\n"
            f"      textmend {got[:100]!r}\n      wanted   {want[:100]!r}"
        )
    print(f"\ntextmend right, ftfy wrong: {len(only_textmend)}")
    if args.all:
        for name, case, got in only_textmend:
            print(
                f"  [{name}] {case['label']}\n      original {case['original'][:100]!r}\n"
                f"      ftfy     {got[:100]!r}"
            )
    if args.json:
        args.json.write_text(json.dumps(record, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
