"""How far any honest repair of lossy CJK mojibake can go: the ceiling the bytes themselves set.

UTF-8 read with a CJK codec that replaced what it could not decode (``errors="replace"``) loses
bytes: one lost byte of a three-byte character leaves at most 64 candidates, which the model
can often settle; two or three lost bytes leave hundreds or thousands, which no repair can
settle without inventing text. This script takes lossy cases (the ``moji-lossy`` kind of
``make_cases.py``), finds for every character how many of its bytes the wrong decoder lost, and
scores the output of an optimistic repair against the expected text:

- every character that lost at most one byte is restored (better than any model will do);
- every character that lost two or more is one marker, as textmend leaves it.

The similarity and the exact share it prints are upper bounds for any repair that does not
guess, per (family, codec) and overall; textmend's own scores on the same cases are printed
beside them when ``--textmend`` is given.

    python benchmarks/lossy_ceiling.py CASES.jsonl [--textmend]
"""

from __future__ import annotations

import argparse
import base64
import codecs
import json
import sys
from collections import defaultdict
from difflib import SequenceMatcher

_lost: list[int] = []


def _record(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _lost.extend(range(exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("textmend-ceiling", _record)


def similarity(a: str, b: str) -> float:
    """Normalised edit similarity (rapidfuzz when installed, as the eval uses)."""
    try:
        from rapidfuzz.distance import Levenshtein

        return Levenshtein.normalized_similarity(a, b)
    except ImportError:
        return SequenceMatcher(None, a, b, autojunk=False).ratio()


def ceiling(expected: str, codec: str) -> str:
    """The optimistic repair of `expected` read as UTF-8 by `codec` with replacement."""
    _lost.clear()
    expected.encode("utf-8").decode(codec, errors="textmend-ceiling")
    lost = set(_lost)
    out: list[str] = []
    pos = 0
    for ch in expected:
        n = len(ch.encode("utf-8"))
        missing = sum(1 for j in range(pos, pos + n) if j in lost)
        pos += n
        out.append(ch if missing <= 1 else "\ufffd")
    return "".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases")
    ap.add_argument("--textmend", action="store_true", help="also score textmend on the same cases")
    args = ap.parse_args()
    rows: dict[tuple[str, str], list[tuple[float, bool, float, bool]]] = defaultdict(list)
    with open(args.cases, encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            if case.get("kind") != "moji-lossy":
                continue
            expected, codec = case["expected"], case["chain"][1]
            best = ceiling(expected, codec)
            got = ""
            if args.textmend:
                import textmend

                got = textmend.repair_bytes(base64.b64decode(case["input_b64"])).text
            rows[(case.get("family", "?"), codec)].append(
                (similarity(best, expected), best == expected, similarity(got, expected), got == expected)
            )
    if not rows:
        print("no moji-lossy cases in", args.cases)
        return 0
    every = [r for rs in rows.values() for r in rs]
    print(
        f"{'family, codec':22} {'n':>4}  {'ceiling sim':>11} {'exact':>6}"
        + ("  textmend sim  exact" if args.textmend else "")
    )
    for key, rs in sorted(rows.items()) + [(("ALL", ""), every)]:
        n = len(rs)
        sim, exact = sum(r[0] for r in rs) / n, sum(r[1] for r in rs) / n
        line = f"{', '.join(k for k in key if k):22} {n:4}  {sim:11.3f} {exact:6.1%}"
        if args.textmend:
            line += f"  {sum(r[2] for r in rs) / n:12.3f} {sum(r[3] for r in rs) / n:6.1%}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
