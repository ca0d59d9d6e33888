#!/usr/bin/env python3
"""Record textmend's output for every eval case, and compare two such records.

A refactoring must not change what textmend writes; a change to a decision must say which
cases it moved. This script records, case by case, the text `repair_bytes` returns (or the
error it raises), scores it against the expected text, and compares two records:

    python benchmarks/eval_outputs.py record CASES.jsonl OUT.json     # run textmend, keep outputs
    python benchmarks/eval_outputs.py compare BEFORE.json AFTER.json  # which cases differ

`record` prints the exact share per kind; `compare` lists every case whose output changed, with
whether it went from right to wrong or back, and exits 1 when any did. The cases come from
``make_cases.py`` in the shared evaluation (any JSONL with ``input_b64``, ``expected``, ``kind``).
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import time
from collections import defaultdict


def record(cases_path: str, out_path: str) -> int:
    import textmend

    outputs: dict[str, dict[str, object]] = {}
    exact: dict[str, list[bool]] = defaultdict(list)
    start = time.perf_counter()
    with open(cases_path, encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            data = base64.b64decode(case["input_b64"])
            try:
                got = textmend.repair_bytes(data, **case.get("options", {})).text
            except Exception as exc:  # noqa: BLE001 - a crash is recorded as an outcome
                got = f"<error {type(exc).__name__}: {exc}>"
            ok = got == case["expected"]
            exact[case["kind"]].append(ok)
            outputs[str(case["id"])] = {"kind": case["kind"], "ok": ok, "text": got}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(outputs, f, ensure_ascii=False)
    for kind in sorted(exact):
        v = exact[kind]
        print(f"{kind:16} {len(v):5} {sum(v) / len(v):7.1%}")
    allv = [x for v in exact.values() for x in v]
    print(
        f"{'ALL':16} {len(allv):5} {sum(allv) / max(1, len(allv)):7.1%}   {time.perf_counter() - start:.1f} s"
    )
    return 0


def compare(before_path: str, after_path: str) -> int:
    with open(before_path, encoding="utf-8") as f:
        before = json.load(f)
    with open(after_path, encoding="utf-8") as f:
        after = json.load(f)
    moved: dict[str, list[str]] = defaultdict(list)
    for cid, b in before.items():
        a = after.get(cid)
        if a is None or a["text"] != b["text"]:
            how = (
                "missing"
                if a is None
                else (
                    "fixed" if a["ok"] and not b["ok"] else "broken" if b["ok"] and not a["ok"] else "other"
                )
            )
            moved[how].append(cid)
            if a is not None:
                print(f"{cid} {b['kind']} {how}: {b['text'][:80]!r} -> {a['text'][:80]!r}")
    print(
        f"{len(before)} cases; " + ", ".join(f"{k} {len(v)}" for k, v in sorted(moved.items()))
        if moved
        else f"{len(before)} cases, all outputs identical"
    )
    return 1 if moved else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record", help="run textmend on every case and keep its outputs")
    r.add_argument("cases")
    r.add_argument("out")
    c = sub.add_parser("compare", help="list the cases whose outputs differ")
    c.add_argument("before")
    c.add_argument("after")
    args = ap.parse_args(argv)
    if args.cmd == "record":
        return record(args.cases, args.out)
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
