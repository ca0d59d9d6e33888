#!/usr/bin/env python3
"""Scale-out and streaming: corpus mode on 1 and 2 workers (plain and Dask), and the peak memory
of a streamed ``textmend fix`` on files of several shapes, in one run.

    python benchmarks/scale.py [--records 10000] [--repeat 1] [--stream-mb 8] [--shapes "a;b"]
                               [--stream-jobs 1,2] [--only corpus,memory] [--json OUT]

Corpus mode: a generated JSONL crawl (records of 2 to 8 sentences in 20 languages from
tests/sentences.txt, one in eight with mojibake) through `corpus.run_jsonl` with 1 and 2
worker processes and through `corpus.run_dask` on Dask's local multiprocessing scheduler with 1
and 2 workers: records per second, and each against its engine's one worker (the target is
1.8x for 2 workers; `parallel capacity` says what the machine gives two processes at that
moment, since other programs share the cores).

Memory: each shape is written to a temporary file of ``--stream-mb`` megabytes and stream-
repaired in place by a fresh ``python -c`` child (`stream.repair_file`, what ``textmend fix``
runs on a file of 32 MB or more), which reports its own peak resident set (VmHWM, which starts
afresh at exec; `resource.getrusage` elsewhere) and its workers' (``--stream-jobs 2``). The
target is 200 MB whatever the size and the shape; memory follows the chunk, not the file, so
the slow shapes are measured at a few megabytes and the fast one at a gigabyte
(``--stream-mb 1024 --shapes "one line, English with mojibake"``). The shapes: many lines of
mixed prose with damage, one huge line of it, one huge line of Chinese with no ASCII at all, a
clean file of Simplified with a Traditional part at its end, too small to make the file mixed
(the output must equal the input: no decision may depend on a chunk boundary), and one huge
line of English with Latin mojibake.

Linear cost (``--only linear``): each damage kind of benchmarks/run.py (`DAMAGE_KINDS`, its
`damage_prose`) as one document of each of ``--linear-mb`` sizes (default 0.01, 0.1 and 1 MB of
clean text; add 10 for the issue's full range), repaired by `repair_bytes`: seconds of CPU per
MB of input (the median of several runs below 1 MB), the share of lines given back exactly and
the lost characters left (U+FFFD), and per kind the spread of s/MB between the sizes (the target
is 1.2x: cost linear in size) and of the share (a reading must not restore less of a longer
document).

`rows()` is what benchmarks/run.py calls: plain dicts with the fields of its `Row`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from textmend import corpus, pool
from textmend.corpus import RecordJob
from textmend.options import Options

HERE = Path(__file__).resolve().parent
SENTENCES = HERE.parent / "tests" / "sentences.txt"


#: English prose written for this script, with typographic punctuation.
ENGLISH = [
    "The build passes again on every platform, thanks to everyone who sent a patch this week.",
    "Our office moves to the fourth floor on Monday; the meeting room keeps its name.",
    "“We’ll ship the release candidate on Thursday,” she said, “unless the tests disagree.”",
    "Prices start at $49 a month, and the first 30 days are free — no card needed.",
    "Please restart the server after 6 p.m. so that nobody loses unsaved work.",
    "The river rose two metres overnight, and the old bridge was closed until noon.",
]


def sentences() -> dict[str, list[str]]:
    """The sentences of tests/sentences.txt by language tag."""
    out: dict[str, list[str]] = {}
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            tag, text = line.split("\t", 1)
            out.setdefault(tag, []).append(text)
    return out


def mojibake(text: str) -> str:
    """UTF-8 read as windows-1252 (the commonest damage), bytes it lacks dropped."""
    return text.encode("utf-8").decode("cp1252", errors="ignore")


def write_crawl(path: Path, n: int, seed: int = 19) -> int:
    """`n` JSONL records of 2-8 sentences of one language each, one in eight damaged."""
    by_lang = sentences()
    langs = sorted(by_lang)
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            lang = rng.choice(langs)
            sep = "" if lang.startswith(("zh", "ja")) else " "
            text = sep.join(rng.choice(by_lang[lang]) for _ in range(rng.randint(2, 8)))
            if i % 8 == 0 and not text.isascii():
                text = mojibake(text)
            record = {"id": i, "url": f"https://example.org/{lang}/{i}", "lang": lang, "text": text}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def _burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def parallel_capacity() -> float:
    """How much faster two processes finish four equal CPU-bound tasks than one, now."""
    n = 2_000_000
    t = time.perf_counter()
    for _ in range(4):
        _burn(n)
    one = time.perf_counter() - t
    with ProcessPoolExecutor(2, mp_context=pool.pool_context()) as ex:
        list(ex.map(_burn, [n]))
        t = time.perf_counter()
        list(ex.map(_burn, [n] * 4))
        two = time.perf_counter() - t
    return one / two


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_corpus(records: int, repeat: int, tmp: Path) -> list[dict[str, Any]]:
    """Corpus mode: plain and Dask engines, 1 and 2 workers, on the same crawl."""
    src = tmp / "crawl.jsonl"
    size = write_crawl(src, records)
    job = RecordJob("text", Options())
    runs: dict[str, Callable[[], object]] = {
        "plain, 1 worker": lambda: corpus.run_jsonl(src, tmp / "p1.jsonl", job, jobs=1),
        "plain, 2 workers": lambda: corpus.run_jsonl(src, tmp / "p2.jsonl", job, jobs=2),
    }
    try:
        import dask.bag  # noqa: F401

        runs["dask, 1 worker"] = lambda: corpus.run_dask(src, tmp / "d1.jsonl", job, jobs=1)
        runs["dask, 2 workers"] = lambda: corpus.run_dask(src, tmp / "d2.jsonl", job, jobs=2)
    except ImportError:
        pass
    capacity = parallel_capacity()
    times = {name: _median(fn, repeat) for name, fn in runs.items()}
    written = [tmp / f"{n}.jsonl" for n in ("p1", "p2", "d1", "d2")]
    outputs = {p.read_bytes() for p in written if p.exists()}
    same = len(outputs) == 1
    rows = []
    for name, t in times.items():
        base_name = name.split(",")[0] + ", 1 worker"
        two = name.endswith("2 workers")
        rows.append(
            {
                "section": "scale",
                "what": f"corpus {name}",
                "size": size,
                "ours": t,
                "peer_name": base_name,
                "peer": times[base_name],
                "target": 1.8 if two else None,
                "note": f"{records / t:,.0f} records/s; parallel capacity {capacity:.2f}x"
                + ("" if same else "; OUTPUTS DIFFER"),
            }
        )
    return rows


# --------------------------------------------------------------------------------------------
# Streaming memory

#: A child that stream-repairs a file in place (what ``textmend fix`` does with a file of 32 MB
#: or more, here at any size) and reports its own peak resident set and its workers'.
CHILD = """
import resource, sys
from pathlib import Path
from textmend.io import stream
from textmend.options import Options
r = stream.repair_file(Path(sys.argv[1]), Options(), write=True, jobs=int(sys.argv[2]))
try:
    hwm = int([x.split()[1] for x in open("/proc/self/status") if x.startswith("VmHWM")][0])
except OSError:
    hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
sys.stderr.write(f"PEAK-KB {hwm}\\nWORKERS-KB {kids.ru_maxrss}\\nCHUNKS {r.chunks}\\nCPU {cpu}\\n")
"""


def _block(shape: str) -> bytes:
    """About a megabyte of one shape; a file of the shape is this block repeated."""
    by_lang = sentences()
    rng = random.Random(7)
    prose = [s for tag, xs in sorted(by_lang.items()) for s in xs]
    size = 2**20
    if shape == "lines":  # mixed prose, four sentences a line, a damaged line in fifty
        lines = []
        n = 0
        while n < size:
            line = " ".join(rng.choice(prose) for _ in range(4))
            if len(lines) % 50 == 7:
                line = mojibake(line)
            lines.append(line + "\n")
            n += len(lines[-1].encode())
        return "".join(lines).encode()
    if shape == "one line":  # prose without a line break, a damaged sentence in fifty
        words = []
        n = 0
        while n < size:
            s = rng.choice(prose)
            words.append(mojibake(s) if len(words) % 50 == 7 else s)
            n += len(s.encode()) + 1
        return (" ".join(words) + " ").encode()
    if shape == "one line, Chinese only":  # no ASCII byte at all: the hardest cut
        zh = by_lang["zh-hans"]
        text = "".join(rng.choice(zh) for _ in range(size // 60))
        return "".join(c for c in text if not c.isascii()).encode()
    if shape == "one line, English with mojibake":  # fast for the engine: the 1 GB measurement
        en = ENGLISH
        words = []
        n = 0
        while n < size:
            s = rng.choice(en)
            words.append(mojibake("Café crème, déjà vu: ") + s if len(words) % 200 == 7 else s)
            n += len(words[-1].encode()) + 1
        return (" ".join(words) + " ").encode()
    if shape == "clean, Simplified then a little Traditional":  # output must be the input
        return b""  # built specially by `_write_shape`
    raise ValueError(shape)


SHAPES = (
    "lines",
    "one line",
    "one line, Chinese only",
    "clean, Simplified then a little Traditional",
    "one line, English with mojibake",
)


def _write_shape(path: Path, shape: str, size: int) -> None:
    with open(path, "wb") as f:
        if shape == "clean, Simplified then a little Traditional":
            by_lang = sentences()
            # 3% Traditional: too little to call the file mixed, so its repair changes nothing
            # (half and half would be "clearly mixed", and the whole-file repair converts it)
            for tag, share in (("zh-hans", 0.97), ("zh-hant", 0.03)):
                block = ("\n".join(by_lang[tag]) + "\n").encode() * 200
                written = 0
                while written < size * share:
                    f.write(block)
                    written += len(block)
            return
        block = _block(shape)
        written = 0
        while written < size:
            f.write(block)
            written += len(block)


def bench_memory(
    size_mb: int, tmp: Path, shapes: tuple[str, ...] = SHAPES, jobs: tuple[int, ...] = (1,)
) -> list[dict[str, Any]]:
    """Peak RSS of a streamed ``textmend fix`` of a `size_mb` file of each shape, with each
    number of `jobs` (with more than one, the chunks are repaired in worker processes: the
    row gives their peak too, and the time against one job's)."""
    rows = []
    for shape, n_jobs in [(shape, j) for shape in shapes for j in jobs]:
        path = tmp / "big.txt"
        _write_shape(path, shape, size_mb * 2**20)
        size = path.stat().st_size
        before = path.read_bytes() if shape.startswith("clean") and size <= 2**30 else None
        cmd = [sys.executable, "-c", CHILD, str(path), str(n_jobs)]
        t = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        dt = time.perf_counter() - t
        lines = proc.stderr.decode(errors="replace").splitlines()
        peaks = [int(x.split()[1]) for x in lines if x.startswith("PEAK-KB ")]
        peak = peaks[0] / 1024 if peaks else float("nan")
        kids = [int(x.split()[1]) for x in lines if x.startswith("WORKERS-KB ")]
        note = f"peak RSS {peak:,.0f} MB (target <= 200 MB), exit {proc.returncode}"
        if n_jobs > 1 and kids:
            note += f", workers' peak {kids[0] / 1024:,.0f} MB"
        if before is not None:
            note += ", unchanged" if path.read_bytes() == before else ", CLEAN TEXT CHANGED"
        errors = [x for x in lines if not x.startswith(("PEAK-KB ", "WORKERS-KB ", "CHUNKS ", "CPU "))]
        chunks = [x.split()[1] for x in lines if x.startswith("CHUNKS ")]
        note += f", {chunks[0]} chunks" if chunks else ""
        cpu = [float(x.split()[1]) for x in lines if x.startswith("CPU ")]
        if cpu and cpu[0] > 0:  # what the machine's other load does not change much
            note += f", {size / cpu[0] / 1e6:.2f} MB per CPU second"
        if proc.returncode != 0 and errors:
            note += f"; {errors[-1][:80]}"
        path.unlink()
        one = next((r["ours"] for r in rows if r["shape"] == shape and r["jobs"] == 1), None)
        rows.append(
            {
                "section": "memory",
                "what": f"stream fix --jobs {n_jobs}, {size / 2**20:,.0f} MB, {shape}",
                "size": size,
                "ours": dt,
                "peer_name": "--jobs 1" if n_jobs > 1 and one else "200 MB RSS",
                "peer": one if n_jobs > 1 else None,
                "target": None,
                "note": note,
                "peak_rss_mb": peak,
                "shape": shape,
                "jobs": n_jobs,
            }
        )
    return rows


# --------------------------------------------------------------------------------------------
# Linear cost


def bench_linear(sizes: tuple[float, ...] = (0.01, 0.1, 1.0)) -> list[dict[str, Any]]:
    """Each damage kind at each size (MB of clean text): CPU seconds per MB, the share of lines
    repaired exactly, and per kind the spread of both between the sizes."""
    import gc

    import run as bench  # benchmarks/run.py, beside this script (imported late: it imports us)

    import textmend

    out: list[dict[str, Any]] = []
    for name, lang, damage in bench.DAMAGE_KINDS:
        textmend.repair_bytes(damage(bench.damage_prose(lang, 30_000, 6)))  # tables and models
        per_mb: list[float] = []
        shares: list[float] = []
        for mb in sizes:
            clean = bench.damage_prose(lang, int(mb * 1e6), 7)
            data = damage(clean)
            times = []
            for _ in range(1 if mb >= 1 else 3 if mb >= 0.1 else 7):
                gc.collect()
                t = time.process_time()
                r = textmend.repair_bytes(data)
                times.append(time.process_time() - t)
            cpu = statistics.median(times)
            want = clean.splitlines()
            share = sum(a == b for a, b in zip(r.text.splitlines(), want)) / max(1, len(want))
            per_mb.append(cpu / (len(data) / 1e6))
            shares.append(share)
            lost = r.text.count("\ufffd")
            out.append(
                {
                    "section": "linear",
                    "what": f"{name}, {mb:g} MB",
                    "size": len(data),
                    "ours": cpu,
                    "peer_name": "",
                    "peer": None,
                    "target": None,
                    "note": f"{per_mb[-1]:.2f} s CPU per MB, lines repaired {share:.1%}, "
                    f"{lost} U+FFFD left, {len(r.changes)} changes",
                }
            )
        spread = max(per_mb) / min(per_mb)
        out.append(
            {
                "section": "linear",
                "what": f"{name}: spread over the sizes",
                "size": 0,
                "ours": 0.0,
                "peer_name": "",
                "peer": None,
                "target": None,
                "note": f"s/MB {spread:.2f}x ({'ok' if spread <= 1.2 else 'ABOVE 1.2x'}); lines repaired "
                f"{min(shares):.1%} to {max(shares):.1%}",
            }
        )
    return out


def rows(
    tmp: Path | None = None,
    *,
    records: int = 10_000,
    repeat: int = 1,
    stream_mb: int = 8,
    shapes: tuple[str, ...] = SHAPES,
    only: tuple[str, ...] = ("corpus", "memory"),
    stream_jobs: tuple[int, ...] = (1,),
    linear_mb: tuple[float, ...] = (0.01, 0.1, 1.0),
) -> list[dict[str, Any]]:
    """Every measurement of this script, for benchmarks/run.py (each dict fits its `Row`)."""
    with tempfile.TemporaryDirectory(prefix="textmend-scale-", dir=tmp) as d:
        out: list[dict[str, Any]] = []
        if "linear" in only:
            out += bench_linear(linear_mb)
        if "corpus" in only:
            out += bench_corpus(records, repeat, Path(d))
        if "memory" in only:
            out += bench_memory(stream_mb, Path(d), shapes, stream_jobs)
        return out


def render(table: list[dict[str, Any]]) -> str:
    lines = [f"{'what':58} {'seconds':>9} {'MB/s':>8} {'ratio':>7}  note"]
    for r in table:
        ratio = f"{r['peer'] / r['ours']:.2f}x" if r.get("peer") else "-"
        rate = f"{r['size'] / r['ours'] / 1e6:.2f}" if r["ours"] > 0 and r["size"] else "-"
        mark = ""
        if r.get("target") is not None:
            mark = " ok" if r["peer"] / r["ours"] >= r["target"] else " BELOW TARGET"
        lines.append(f"{r['what'][:58]:58} {r['ours']:9.2f} {rate:>8} {ratio:>7}{mark}  {r['note']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--stream-mb", type=int, default=8)
    ap.add_argument("--shapes", help=f"separated by semicolons, of: {'; '.join(SHAPES)}")
    ap.add_argument("--only", default="corpus,memory", help="comma-separated: corpus, memory, linear")
    ap.add_argument("--linear-mb", default="0.01,0.1,1", help="document sizes (MB) for the linear rows")
    ap.add_argument("--stream-jobs", default="1", help="comma-separated --jobs values for the memory rows")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    shapes = tuple(s.strip() for s in args.shapes.split(";")) if args.shapes else SHAPES
    stream_jobs = tuple(int(j) for j in args.stream_jobs.split(","))
    table = rows(
        records=args.records,
        repeat=args.repeat,
        stream_mb=args.stream_mb,
        shapes=shapes,
        only=tuple(args.only.split(",")),
        stream_jobs=stream_jobs,
        linear_mb=tuple(float(x) for x in args.linear_mb.split(",")),
    )
    print(f"machine: {os.cpu_count()} cores ({pool.default_jobs()} usable), Python {sys.version.split()[0]}")
    print(render(table))
    if args.json:
        args.json.write_text(json.dumps(table, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
