#!/usr/bin/env python3
"""The fixers' evidence contracts, checked on every text the pipeline hands them.

A fixer module may define ``evidence() -> tuple[str, ...]``: patterns such that, when none of
them matches a text, the fixer returns it unchanged with nothing to report (a pipeline may
then skip the fixer, screening the text by RE2, `textmend.text.fastre`). This script wraps each
such fixer, runs textmend over real inputs, and for every call checks the contract: a call
that changed the text or reported anything must have had evidence. It also counts how many
calls had evidence at all (the share a pipeline could not skip).

    python benchmarks/evidence.py eval CASES.jsonl [CASES.jsonl ...]   # eval cases (input_b64)
    python benchmarks/evidence.py harm [--limit 3000]                 # benchmarks/harm.py's corpus

A fixer whose own code skips on its evidence (the CJK fixer does, from `RE2_FROM` characters
on) would make the check pass by itself: the fixer runs here with TEXTMEND_NO_RE2 set, on its
pure-`re` path, and the evidence is searched by RE2 with the variable unset for that search.
Exit status 1 when a contract is broken, else 0.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _wrap(
    name: str, fix: Callable[..., Any], patterns: tuple[Any, ...], stats: dict[str, int]
) -> Callable[..., Any]:
    from textmend.text import fastre

    # an item is a pattern, or a tuple of patterns that must all match (`FixerSpec.evidence`)
    items = [(p,) if isinstance(p, str) else tuple(p) for p in patterns]
    screens = [[fastre.build([q]) for q in item] for item in items]
    if any(s is None for item in screens for s in item):
        sys.exit(f"{name}: its evidence has no RE2 screen (google-re2 missing, or a pattern RE2 cannot read)")

    def holds(data: bytes) -> bool:
        return any(all(s is not None and s.search(data) is not None for s in item) for item in screens)

    def checked(text: str, ctx: Any) -> Any:
        before = os.environ.get("TEXTMEND_NO_RE2")
        os.environ["TEXTMEND_NO_RE2"] = "1"
        try:
            out = fix(text, ctx)
        finally:
            if before is None:
                del os.environ["TEXTMEND_NO_RE2"]
            else:
                os.environ["TEXTMEND_NO_RE2"] = before
        stats[f"{name} calls"] += 1
        found = holds(text.encode("utf-8", "surrogatepass"))
        stats[f"{name} with evidence"] += found
        if out != (text, []):
            stats[f"{name} acted"] += 1
            if not found:
                stats[f"{name} BROKEN"] += 1
                print(f"{name}: acted without evidence on {text[:120]!r}: {out[1][:2]}", flush=True)
        return out

    return checked


def install() -> dict[str, int]:
    """Wrap every fixer that has an `evidence` function; the counters they fill."""
    from textmend.fixers import FIXERS
    from textmend.options import Options

    stats: dict[str, int] = {}
    for spec in FIXERS:
        module = importlib.import_module(spec.module, "textmend.fixers")
        evidence = getattr(module, "evidence", None)
        if evidence is None or getattr(evidence, "__module__", None) != module.__name__:
            continue  # (a name imported from elsewhere is no contract of this fixer)
        patterns = spec.evidence(Options())  # (the script fixer's takes the options)
        if patterns is None:
            continue  # (no evidence under the default options: the fixer always runs)
        for key in ("calls", "with evidence", "acted", "BROKEN"):
            stats[f"{spec.name} {key}"] = 0
        spec.fix  # noqa: B018 - imports the module and fills the cache the pipeline reads
        spec._fix[:] = [_wrap(spec.name, module.fix, patterns, stats)]
    return stats


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("eval", "harm"):
        print(__doc__)
        return 2
    stats = install()
    if not stats:
        print("no fixer defines evidence()")
        return 0
    started = time.time()
    if argv[0] == "eval":
        import textmend

        for path in argv[1:]:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    textmend.repair_bytes(base64.b64decode(json.loads(line)["input_b64"]))
            print(path, stats, flush=True)
    else:
        sys.path.insert(0, str(HERE))
        import harm

        harm.main(["--jobs", "1", "--examples", "0", *argv[1:]])  # in this process: the wrappers apply
    print(f"{stats} ({time.time() - started:.0f} s)")
    return 1 if any(v for k, v in stats.items() if k.endswith("BROKEN")) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
