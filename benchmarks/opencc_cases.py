#!/usr/bin/env python3
"""textmend's ``--script`` targets against calling OpenCC directly, on OpenCC's own test cases.

OpenCC's source repository keeps its conversion test cases in ``test/testcases/testcases.json``
(each case: an input and the expected output for one or more configs). The source
distribution on PyPI carries them; this script reads them from a file, from a downloaded sdist
(``.tar.gz``), or fetches the sdist with pip (``--download``).

Each case's expected output for config X is a case for the textmend target X converts *to*:

    hans <- t2s tw2s hk2s          hant <- s2t tw2t hk2t
    tw   <- s2tw t2tw              hk   <- s2hk t2hk

(the ``p`` configs change vocabulary, not only the script, and ``jp`` ones are Japanese: both
are shown apart, as "vocabulary", and not counted). For every target the script reports how
many cases pass with ``textmend.repair_text(input, script=target)`` and with the single OpenCC
config a user would call for that target (``textmend.zh.convert.CONFIGS``), which textmend
calls: the two must be equal; and, as the ceiling nobody reaches without knowing the source,
the config the case was written for. Last, for every case input and every target, whether
textmend's output is the matching config's output (`textmend.zh.convert.config_for`: to
Simplified, ``tw2s`` and ``hk2s`` for text in Taiwan and Hong Kong forms); all must be.

    python benchmarks/opencc_cases.py [CASES.json | opencc-X.tar.gz] [--download] [--failures N]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

import opencc

import textmend
from textmend.zh.convert import CONFIGS, config_for
from textmend.zh.detect import region

TARGET_OF = {
    "t2s": "hans",
    "tw2s": "hans",
    "hk2s": "hans",
    "s2t": "hant",
    "tw2t": "hant",
    "hk2t": "hant",
    "s2tw": "tw",
    "t2tw": "tw",
    "s2hk": "hk",
    "t2hk": "hk",
}
VOCABULARY = {"s2twp": "tw", "tw2sp": "hans", "s2hkp": "hk", "hk2sp": "hans"}


def load_json(text: str) -> list[dict]:
    """The cases; OpenCC's file has trailing commas, which `json` refuses."""
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))["cases"]


def from_sdist(path: Path) -> list[dict]:
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            if member.name.endswith("test/testcases/testcases.json"):
                f = tar.extractfile(member)
                assert f is not None
                return load_json(f.read().decode("utf-8"))
    raise SystemExit(f"{path}: no test/testcases/testcases.json inside")


def download() -> Path:
    """The sdist of the installed opencc version, fetched with pip."""
    from importlib.metadata import version

    folder = Path(tempfile.mkdtemp(prefix="opencc-sdist-"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            f"opencc=={version('opencc')}",
            "--no-binary",
            ":all:",
            "--no-deps",
            "-d",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    return next(folder.glob("*.tar.gz"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", nargs="?", type=Path, help="testcases.json or an opencc sdist .tar.gz")
    ap.add_argument("--download", action="store_true", help="fetch the opencc sdist with pip")
    ap.add_argument(
        "--failures", type=int, default=0, metavar="N", help="show N textmend failures per target"
    )
    args = ap.parse_args(argv)
    if args.source is None and not args.download:
        ap.error("give a testcases.json or sdist path, or --download")
    source = download() if args.download else args.source
    cases = (
        from_sdist(source)
        if source.name.endswith((".tar.gz", ".tgz"))
        else load_json(source.read_text("utf-8"))
    )

    converters: dict[str, opencc.OpenCC] = {}

    def occ(config: str, text: str) -> str:
        if config not in converters:
            converters[config] = opencc.OpenCC(config)
        return converters[config].convert(text)

    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, textmend, baseline, own
    failures: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for case in cases:
        for config, expected in case["expected"].items():
            target = TARGET_OF.get(config) or VOCABULARY.get(config)
            if target is None:
                continue
            got = textmend.repair_text(case["input"], script=target).text
            row = rows[(target, config)]
            row[0] += 1
            row[1] += got == expected
            row[2] += occ(CONFIGS[target], case["input"]) == expected
            row[3] += occ(config, case["input"]) == expected
            if got != expected and config in TARGET_OF:
                failures[target].append((config, case["input"], expected, got))

    print(f"OpenCC test cases from {source} ({len(cases)} cases)")
    print("textmend must pass every case of the config it calls (t2s s2t s2tw s2hk); the others are")
    print("cases of a config that assumes its input's script (tw2t leaves Simplified 这 alone):")
    print(
        f"{'target':7} {'cases from':12} {'n':>4} {'textmend':>9} "
        f"{'OpenCC ' + 'direct':>14} {'own config':>11}"
    )
    ok = True
    for target in ("hans", "hant", "tw", "hk"):
        tot = [0, 0, 0, 0]
        for (t, config), row in sorted(rows.items()):
            if t != target or config not in TARGET_OF:
                continue
            tot = [a + b for a, b in zip(tot, row)]
            print(
                f"{target:7} {config:12} {row[0]:>4} {row[1]:>9} "
                f"{row[2]:>9} ({CONFIGS[target]:>4}) {row[3]:>11}"
            )
        print(
            f"{target:7} {'ALL':12} {tot[0]:>4} {tot[1]:>9} {tot[2]:>9} ({CONFIGS[target]:>4}) {tot[3]:>11}"
        )
        ok &= tot[1] >= tot[2]
    for (t, config), row in sorted(rows.items()):
        if config in VOCABULARY:
            print(
                f"{t:7} {config + ' (vocab)':12} {row[0]:>4} {row[1]:>9} "
                f"{row[2]:>9} ({CONFIGS[t]:>4}) {row[3]:>11}"
            )
    for target, items in failures.items():
        for config, inp, exp, got in items[: args.failures]:
            print(f"--- {target} ({config}) {inp[:50]}\n  expected {exp[:50]}\n  got      {got[:50]}")
    # the same question asked of every input: is textmend's output the matching config's?
    print("textmend's output = OpenCC's matching config, on all case inputs:")
    for target, config in CONFIGS.items():
        same = sum(
            textmend.repair_text(case["input"], script=target).text
            == occ(config_for(target, region(case["input"])), case["input"])
            for case in cases
        )
        print(f"  {target:5} ({config:4}) {same:>4} / {len(cases)}")
        ok &= same == len(cases)
    print("textmend = OpenCC on every target:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
