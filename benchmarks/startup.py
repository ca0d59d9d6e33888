#!/usr/bin/env python3
"""Start-up of ``textmend check`` on one small clean file, against peers, in one run.

    python benchmarks/startup.py [--repeat 7] [--imports 15]

pre-commit runs textmend once per commit on the files staged, so its start-up is most of what
a user waits for. Each command runs `--repeat` times as a fresh process; the best CPU time
(user + system) and the best wall time are printed, with textmend's ratio to each peer (3.0x
means textmend takes three times as long):

- ``python -c pass``: the floor, the interpreter alone;
- ``python -c "import textmend"``: the library without the CLI;
- ``ruff check`` on the same file, when ruff is installed (the tool pre-commit users compare with);
- ``chardetect`` on the same file, when installed (the detector's own command).

Then ``textmend check`` on a small French file, against the ASCII one: its screens read from
the user cache (`textmend.cache`, a folder of this run, filled by one run first) and built
from the fixers' modules (``TEXTMEND_NO_CACHE=1``), what a first run costs.

Then the `--imports` slowest imports of ``textmend check`` (``python -X importtime``,
cumulative microseconds), to say what to make lazy next. The target is 0.2 s for textmend.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.2


def measure(cmd: list[str], repeat: int, cwd: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """The best CPU and wall time of `repeat` runs of `cmd` as a new process."""
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(
            cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env
        )
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best_cpu, best_wall = min(best_cpu, cpu), min(best_wall, wall)
    return best_cpu, best_wall


def slowest_imports(cmd: list[str], cwd: str, n: int) -> list[tuple[int, str]]:
    """The `n` imports of `cmd` with the largest cumulative time (``-X importtime``)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd], cwd=cwd, capture_output=True, text=True, check=False
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(2)) <= 3:  # the top two levels: what textmend itself pulls in
            rows.append((int(m.group(1)), m.group(2) + m.group(3)))
    return sorted(rows, reverse=True)[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--imports", type=int, default=15)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="textmend-startup-") as folder:
        small = Path(folder, "small.txt")
        small.write_text(
            "A small clean file, as pre-commit passes them.\nNothing to repair here.\n", encoding="utf-8"
        )
        textmend = [sys.executable, "-m", "textmend", "check", str(small)]
        rows: list[tuple[str, list[str]]] = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("python -c 'import textmend'", [sys.executable, "-c", "import textmend"]),
        ]
        if shutil.which("ruff"):
            rows.append(
                (
                    "ruff check",
                    [shutil.which("ruff") or "ruff", "check", "--no-cache", "--isolated", str(small)],
                )
            )
        if shutil.which("chardetect"):
            rows.append(("chardetect", [shutil.which("chardetect") or "chardetect", str(small)]))
        env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cores, best of {args.repeat}"
        cpu, wall = measure(textmend, args.repeat, folder)
        print(
            f"textmend check small.txt: {cpu:.3f} s CPU, {wall:.3f} s wall ({env_note}); "
            f"target {TARGET} s: {'met' if cpu <= TARGET else 'NOT met'}"
        )
        print(f"{'peer':32} {'CPU s':>7} {'wall s':>7} {'textmend/peer CPU':>18}")
        for name, cmd in rows:
            p_cpu, p_wall = measure(cmd, args.repeat, folder)
            ratio = cpu / p_cpu if p_cpu > 0 else float("inf")
            print(f"{name:32} {p_cpu:7.3f} {p_wall:7.3f} {ratio:17.1f}x")
        # A small file that is not ASCII: its first screen is built from the fixers' modules, or
        # read from the user cache an earlier process left (textmend.cache); both, in a cache
        # folder of this run.
        french = Path(folder, "small-fr.txt")
        french.write_text(
            "« Le marché ouvre à sept heures », dit-elle — même en hiver…\nÉlève, l’été.\n", encoding="utf-8"
        )
        env = {**os.environ, "TEXTMEND_CACHE_DIR": str(Path(folder, "cache"))}
        env.pop("TEXTMEND_NO_CACHE", None)
        fr_cmd = [sys.executable, "-m", "textmend", "check", str(french)]
        subprocess.run(fr_cmd, cwd=folder, env=env, capture_output=True, check=False)  # fills the cache
        print(f"\n{'a small French file':32} {'CPU s':>7} {'wall s':>7} {'/ ASCII file CPU':>18}")
        for name, run_env in (
            ("check, screens from the cache", env),
            ("check, no cache (built)", {**env, "TEXTMEND_NO_CACHE": "1"}),
        ):
            f_cpu, f_wall = measure(fr_cmd, args.repeat, folder, run_env)
            print(f"{name:32} {f_cpu:7.3f} {f_wall:7.3f} {f_cpu / cpu:17.1f}x")
        print("\nslowest imports of textmend check (cumulative ms, -X importtime):")
        for us, name in slowest_imports(["-m", "textmend", "check", str(small)], folder, args.imports):
            print(f"{us / 1000:8.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
