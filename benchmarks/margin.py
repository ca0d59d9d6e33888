#!/usr/bin/env python3
"""How much margin the mojibake engine's decision rule has: the false-repair rate on clean
text and the share of damage repaired, measured together as the margin is scaled.

The engine decodes a stretch when its reading beats the text as it stands by the cost of
entering and leaving it, `SWITCH` nats each (a span must gain ``2 * SWITCH``). This script
runs the same engine with that margin multiplied by each ``--factors`` value, in a process of
its own per value, and reports for each:

- on clean text (`harm.py`'s corpus: CLDR, gettext catalogues, wordfreq, jieba, pypinyin, ...):
  how many strings and documents change or get a mojibake or lost-character finding; every one
  of them is a false repair;
- on damaged text (eval cases from the shared ``make_cases.py``, `--cases`): the exact share per
  kind, and in all.

The margin in use is calibrated when the clean corpus shows 0 at factor 1.0 *and* at the
smaller factors down to some headroom, while the damaged share at 1.0 is (nearly) the best
any factor reaches. The table says how much headroom there is:

    python benchmarks/margin.py --cases CASES.jsonl [--factors 0.5,0.7,0.85,1,1.25] [--limit 3000]

The factors are applied by setting the margin where the engine reads it (the module constant and
the default arguments that copied it); the shipped code has one margin and no switch for this.
"""

from __future__ import annotations

import argparse
import base64
import inspect
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scale_margin(factor: float) -> float:
    """Multiply the engine's `SWITCH` by `factor` everywhere it was copied; the new value."""
    from textmend.mojibake import candidates, engine

    old = candidates.SWITCH
    new = old * factor
    for module in (candidates, engine):
        if getattr(module, "SWITCH", None) == old:
            module.SWITCH = new
        for _name, fn in inspect.getmembers(module, inspect.isfunction):
            positional = [
                p
                for p in inspect.signature(fn).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ]
            defaults = list(fn.__defaults__ or ())
            for i, p in enumerate(positional[len(positional) - len(defaults) :]):
                if p.name == "switch" and defaults[i] == old:
                    defaults[i] = new
            fn.__defaults__ = tuple(defaults) if defaults else fn.__defaults__
            if fn.__kwdefaults__ and fn.__kwdefaults__.get("switch") == old:
                fn.__kwdefaults__["switch"] = new
    return new


def damaged_scores(cases: Path, limit: int) -> dict[str, list[int]]:
    """Per kind: [cases, exact] over the first `limit` cases of every kind but clean."""
    import textmend

    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with cases.open(encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            kind = case["kind"]
            if score[kind][0] >= limit:
                continue
            data = base64.b64decode(case["input_b64"])
            try:
                got = textmend.repair_bytes(data, **case.get("options", {})).text
            except Exception:  # noqa: BLE001 - a crash scores as a miss
                got = None
            score[kind][0] += 1
            score[kind][1] += got == case["expected"]
    return dict(score)


def child(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(HERE))
    import harm

    switch = scale_margin(args.factor)
    out: dict[str, object] = {"factor": args.factor, "switch": switch}
    start = time.perf_counter()
    if args.cases:
        out["damaged"] = damaged_scores(args.cases, args.per_kind)
    report = args.tmp / f"harm-{args.factor}.json"
    harm_argv = ["--limit", str(args.limit), "--jobs", "1", "--examples", "3", "--json", str(report)]
    if args.sources:
        harm_argv += ["--sources", args.sources]
    subprocess_free = harm.main(harm_argv)  # same process: the scaled margin holds
    out["harm_exit"] = subprocess_free
    out["harm"] = json.loads(report.read_text(encoding="utf-8"))["totals"]
    out["seconds"] = round(time.perf_counter() - start, 1)
    print("RESULT " + json.dumps(out), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=Path, help="eval cases (JSONL from make_cases.py)")
    ap.add_argument("--factors", default="0.5,0.7,0.85,1,1.25,1.5")
    ap.add_argument("--limit", type=int, default=3000, help="clean strings per harm source")
    ap.add_argument("--sources", default="", help="harm sources (default: all)")
    ap.add_argument("--per-kind", type=int, default=400, help="damaged cases per kind")
    ap.add_argument("--tmp", type=Path, default=Path("/tmp"))
    ap.add_argument("--factor", type=float, help=argparse.SUPPRESS)  # child mode
    args = ap.parse_args(argv)
    if args.factor is not None:
        return child(args)
    rows = []
    for f in (float(x) for x in args.factors.split(",")):
        cmd = [sys.executable, __file__, "--factor", str(f), "--limit", str(args.limit)]
        cmd += ["--per-kind", str(args.per_kind), "--tmp", str(args.tmp)]
        cmd += ["--cases", str(args.cases)] if args.cases else []
        cmd += ["--sources", args.sources] if args.sources else []
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        got = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
        if not got:
            print(f"factor {f}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            return 2
        rows.append(json.loads(got[0][7:]))
        print(f"factor {f}: done in {rows[-1]['seconds']} s", file=sys.stderr, flush=True)
    kinds = sorted({k for r in rows for k in r.get("damaged", {})})
    head = ["factor", "margin (nats)", "clean strings changed", "clean docs changed", "with findings"]
    print(" | ".join(head + kinds + (["damaged, all"] if kinds else [])))
    for r in rows:
        h = r["harm"]
        cells = [
            f"{r['factor']:g}",
            f"{2 * r['switch']:.1f}",
            f"{h['strings_changed']} of {h['strings']:,}",
            f"{h['documents_changed']} of {h['documents']:,}",
            f"{h['string_findings'] + h['document_findings']}",
        ]
        dmg = r.get("damaged", {})
        for k in kinds:
            n, ok = dmg.get(k, [0, 0])
            cells.append(f"{ok / n:.1%}" if n else "-")
        if kinds:
            n = sum(v[0] for v in dmg.values())
            cells.append(f"{sum(v[1] for v in dmg.values()) / max(n, 1):.1%}")
        print(" | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
