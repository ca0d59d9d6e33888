#!/usr/bin/env python3
"""Encoding detection, measured: textmend beside chardet, chardetng and cChardet in one run.

The corpus is a folder of folders named after the encoding of the files they hold, optionally
followed by a language (``windows-1250-czech``, ``Big5``, ``UTF-16LE``): chardet's test corpus
layout. A detection is right when the text it gives is the text the folder's encoding gives
(a byte-order mark aside): naming a superset (GB18030 for GB2312, cp949 for EUC-KR) or ASCII
for UTF-8 that has no non-ASCII byte is right, naming a code page that happens to read the same
bytes the same way is right too, since the text is what a user keeps. textmend is judged on
the text its decoder produces (a mixed file's segments included), the others on the strict
decode of the whole file with the encoding they name.

Printed, per detector:

- accuracy (files right / files), and the files each detector alone gets wrong;
- a table of confidence bins against accuracy: a calibrated detector is right about as often
  as it says;
- random blobs (seeded; 8, 16, 64 and 2048 bytes, high bytes only and any bytes): how many
  textmend would rewrite. None should be: a file is rewritten on evidence, and random bytes
  are not text (a short file's reading is left alone with TM104 when it is unsure or reads as
  no words);
- speed: the corpus in total, and 1 MB files of one legacy encoding (GB18030, Big5, EUC-KR,
  Shift-JIS, windows-1251, windows-1252 and KOI8-R text from the corpus, repeated), as MB/s
  and as a ratio to chardet's, in CPU time (best of five).

textmend's answer counts as right only when it is written: a file left alone (TM103, TM104,
TM302) is not an answer.

    python benchmarks/detect.py [--corpus ../shared/eval/corpus] [--json OUT] [--wrong] [--seed N]

chardetng (``chardetng-py``) and cChardet (``faust-cchardet``) are in the ``bench`` extra;
a detector whose package is missing is reported as skipped. Exit status 0 when measured, 2
for a missing corpus.
"""

from __future__ import annotations

import argparse
import codecs
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: The default corpus: chardet's test files, as the project's evaluation ships them.
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "corpus"
if not DEFAULT_CORPUS.is_dir():
    DEFAULT_CORPUS = Path("/work/shared/eval/corpus")

#: Confidence bins, upper bounds (a confidence of exactly 1.0 goes in the last).
BINS: tuple[float, ...] = (0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 1.0)

#: Folder names that are not Python codec names.
FOLDER_CODECS: dict[str, str] = {"utf-8-sig": "utf-8-sig", "ascii": "ascii", "EUC-TW": "euc_tw"}

#: The 1 MB speed files: (name, folder of the corpus to take text from, codec to write it in).
SPEED_FILES: tuple[tuple[str, str, str], ...] = (
    ("gb18030", "GB2312", "gb18030"),
    ("big5", "Big5", "big5"),
    ("euc-kr", "EUC-KR", "euc_kr"),
    ("shift_jis", "SHIFT_JIS", "shift_jis"),
    ("windows-1251", "windows-1251-russian", "cp1251"),
    ("windows-1252", "windows-1252", "cp1252"),
    ("koi8-r", "KOI8-R", "koi8-r"),
)
MB = 1 << 20


@dataclass
class Case:
    path: Path
    truth: str  # the codec of the folder
    data: bytes
    text: str  # the true text, without a byte-order mark


def folder_codec(name: str) -> str | None:
    """The Python codec of a corpus folder name (the language suffix dropped), or ``None``."""
    if name in FOLDER_CODECS:
        return FOLDER_CODECS[name]
    parts = name.split("-")
    for k in range(len(parts), 0, -1):
        try:
            return codecs.lookup("-".join(parts[:k])).name
        except LookupError:
            continue
    return None


def load(corpus: Path) -> list[Case]:
    """Every file of `corpus` whose folder's codec decodes it (files that do not are mislabelled)."""
    cases = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        codec = folder_codec(folder.name)
        if codec is None:
            print(f"skipped folder {folder.name}: no codec of that name", file=sys.stderr)
            continue
        for f in sorted(folder.iterdir()):
            data = f.read_bytes()
            try:
                text = decode_as(data, codec)
            except (UnicodeDecodeError, LookupError):
                print(f"skipped {f}: not valid {codec}", file=sys.stderr)
                continue
            cases.append(Case(f, codec, data, text))
    return cases


def decode_as(data: bytes, codec: str) -> str:
    """`data` decoded strictly with `codec`, a byte-order mark (of that codec's family) dropped."""
    name = codecs.lookup(codec).name
    if name in ("utf-16", "utf-32"):
        return data.decode(name)  # these consume a mark
    for mark, fam in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(mark) and name.replace("_", "-").startswith(fam):
            return data[len(mark) :].decode(name)
    return data.decode(name)


@dataclass
class Answer:
    text: str | None
    encoding: str
    confidence: float


@dataclass
class Detector:
    name: str
    detect: Callable[[bytes], Answer]
    results: list[tuple[Case, Answer, bool]] = field(default_factory=list)
    seconds: float = 0.0


def _strict(data: bytes, name: str | None, confidence: float) -> Answer:
    if not name:
        return Answer(None, "none", confidence)
    try:
        return Answer(decode_as(data, name), name, confidence)
    except (UnicodeDecodeError, LookupError):
        return Answer(None, name, confidence)


def detectors() -> tuple[list[Detector], list[str]]:
    """The detectors whose packages are installed, and a skip line for each missing one."""
    out: list[Detector] = []
    skipped: list[str] = []
    from textmend.decode import decode_bytes

    def tm(data: bytes) -> Answer:
        try:
            d = decode_bytes(data)
        except Exception as exc:  # noqa: BLE001 - a refusal is an answer (a wrong one)
            return Answer(None, type(exc).__name__, 0.0)
        if any(f.code in ("TM103", "TM104", "TM302") for f in d.findings):
            return Answer(None, d.detection.encoding, d.detection.confidence)  # left alone
        text = d.text[1:] if d.text.startswith("\ufeff") else d.text
        return Answer(text, d.detection.encoding, d.detection.confidence)

    out.append(Detector("textmend", tm))

    import chardet

    def cd(data: bytes) -> Answer:
        r = chardet.detect(data)
        return _strict(data, r.get("encoding"), float(r.get("confidence") or 0.0))

    out.append(Detector(f"chardet {chardet.__version__}", cd))
    try:
        import chardetng_py
    except ImportError:
        skipped.append("chardetng: pip install chardetng-py (the bench extra)")
    else:

        def ng(data: bytes) -> Answer:
            # chardetng has no confidence; it is a browser's detector (no UTF-16/32 without the BOM
            # sniffing that a browser does before it)
            return _strict(data, chardetng_py.detect(data, allow_utf8=True), float("nan"))

        out.append(Detector("chardetng", ng))
    try:
        import cchardet
    except ImportError:
        skipped.append("cChardet: pip install faust-cchardet (the bench extra)")
    else:

        def cc(data: bytes) -> Answer:
            r = cchardet.detect(data)
            return _strict(data, r.get("encoding"), float(r.get("confidence") or 0.0))

        out.append(Detector("cchardet", cc))
    return out, skipped


#: Encodings that are one family: members map a few byte sequences to different characters
#: (GB2312's A1AA is U+2015, GB18030's U+2014; Shift_JIS's 8160 WAVE DASH is cp932's FULLWIDTH
#: TILDE). Naming another member is right when the texts differ only there.
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"gb2312", "gbk", "gb18030"}),
    frozenset({"big5", "cp950", "big5hkscs"}),
    frozenset({"shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213"}),
    frozenset({"euc_jp", "euc_jis_2004", "euc_jisx0213"}),
    frozenset({"euc_kr", "cp949"}),
    frozenset({"tis-620", "cp874", "iso8859_11"}),
)


def _family(codec: str) -> frozenset[str] | None:
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return None
    return next((f for f in FAMILIES if name in f), None)


def right(case: Case, ans: Answer) -> bool:
    """The answer gives the file's text, or a family member's reading of the same bytes."""
    if ans.text is None:
        return False
    if ans.text == case.text:
        return True
    fam = _family(case.truth)
    if fam is None or len(ans.text) != len(case.text):
        return False
    encodings = {e for e in fam}
    try:
        return all(
            a == b or any(_same_bytes(a, b, case.truth, e) for e in encodings)
            for a, b in zip(ans.text, case.text)
        )
    except LookupError:
        return False


def _same_bytes(mine: str, true: str, truth: str, other: str) -> bool:
    try:
        return true.encode(truth) == mine.encode(other)
    except UnicodeEncodeError:
        return False


def run(cases: list[Case], dets: list[Detector]) -> None:
    for det in dets:
        t0 = time.perf_counter()
        for case in cases:
            ans = det.detect(case.data)
            det.results.append((case, ans, right(case, ans)))
        det.seconds = time.perf_counter() - t0


#: A short snippet: this many characters at most of the first line with non-ASCII letters.
SNIPPET_CHARS = 60


def snippets(cases: list[Case]) -> list[Case]:
    """One short case per file: the start of its first line with three non-ASCII characters,
    in the file's encoding. Where confidence must mean something: little text, many readings."""
    out = []
    for c in cases:
        line = next((ln for ln in c.text.splitlines() if sum(ch >= "\x80" for ch in ln) >= 3), None)
        if line is None:
            continue
        text = line.strip()[:SNIPPET_CHARS]
        try:
            data = text.encode(c.truth)
        except UnicodeEncodeError:
            continue
        out.append(Case(c.path, c.truth, data, text))
    return out


def bins_table(det: Detector) -> list[tuple[str, int, float]]:
    rows = []
    lo = 0.0
    for hi in BINS:
        inside = [
            ok
            for _c, a, ok in det.results
            if a.confidence == a.confidence
            and (lo <= a.confidence < hi or (hi == 1.0 and a.confidence == 1.0))
        ]
        if inside:
            rows.append((f"{lo:.2f}-{hi:.2f}", len(inside), sum(inside) / len(inside)))
        lo = hi
    return rows


#: A charset declaration (XML, HTML): chardet reads it and stops, which would time the
#: declaration and not the detection. The speed files have none.
DECLARATION = re.compile(r"""(?i)(encoding|charset)\s*=\s*["']?[\w.:-]+["']?""")


def speed_files(cases: list[Case]) -> list[tuple[str, bytes]]:
    """1 MB files of one legacy encoding each, from the corpus's text in it (declarations removed)."""
    out = []
    for name, folder, codec in SPEED_FILES:
        texts = [DECLARATION.sub("", c.text) for c in cases if c.path.parent.name == folder]
        if not texts:
            continue
        unit = "\n".join(texts).encode(codec, errors="ignore")
        data = (unit * (MB // len(unit) + 1))[:MB]
        cut = data.rfind(b"\n")
        out.append((name, data[: cut + 1]))
    return out


#: Random blobs: these sizes, this many of each, of high bytes only and of any bytes.
BLOB_SIZES: tuple[int, ...] = (8, 16, 64, 2048)
BLOBS = 100


def random_blobs(size: int, high: bool, seed: int = 1) -> list[bytes]:
    """`BLOBS` seeded random byte strings of `size` bytes (``0x80-0xFF`` only when `high`)."""
    import random

    rng = random.Random(seed * 100_003 + size * 2 + high)
    low = 0x80 if high else 0
    return [bytes(rng.randrange(low, 256) for _ in range(size)) for _ in range(BLOBS)]


def rewritten(data: bytes) -> str | None:
    """The encoding textmend would rewrite `data` from (``repair_bytes``: safe and changed), or
    ``None`` when it leaves the bytes alone (a finding, a refusal, or nothing to change)."""
    import textmend

    try:
        r = textmend.repair_bytes(data)
    except Exception:  # noqa: BLE001 - a refusal leaves the file alone
        return None
    if r.safe and r.changed:
        return r.detection.encoding if r.detection else "?"
    return None


def blobs_report(seed: int = 1) -> dict[str, int]:
    """How many random blobs textmend would rewrite, per size and kind (none should be: random
    bytes are not text, and a file is only rewritten on evidence)."""
    print(f"\nrandom blobs (seed {seed}, {BLOBS} each): rewritten by textmend (should be 0)")
    out: dict[str, int] = {}
    for size in BLOB_SIZES:
        for high in (True, False):
            found = [e for e in map(rewritten, random_blobs(size, high, seed)) if e is not None]
            key = f"{size} {'high' if high else 'any'}"
            out[key] = len(found)
            encodings = ", ".join(sorted(set(found)))
            print(f"  {key:<10} {len(found):>3}/{BLOBS}" + (f"  ({encodings})" if found else ""))
    return out


def time_it(fn: Callable[[bytes], object], data: bytes) -> float:
    """The best of five runs, in CPU seconds of this process (wall time on a shared machine
    measures the neighbours too; every detector is timed the same way, in one run)."""
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        fn(data)
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--wrong", action="store_true", help="list every file a detector gets wrong")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--seed", type=int, default=1, help="seed of the random blobs")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    cases = load(args.corpus)
    dets, skipped = detectors()
    for s in skipped:
        print("skipped", s)
    short = snippets(cases)
    short_dets, _ = detectors()
    run(short, short_dets)
    report(
        f"{len(short)} snippets (first line with non-ASCII text, up to {SNIPPET_CHARS} characters)",
        short,
        short_dets,
        args.wrong,
    )
    run(cases, dets)
    size = sum(len(c.data) for c in cases) / MB
    report(f"{len(cases)} files, {size:.1f} MB, from {args.corpus}", cases, dets, args.wrong)
    blobs = blobs_report(args.seed)
    speeds = {} if args.no_speed else speed(cases, dets)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "files": len(cases),
                    "detectors": {d.name: summary(d) for d in dets},
                    "snippets": {d.name: summary(d) for d in short_dets},
                    "speed_mb_s": speeds,
                    "random_blobs_rewritten": blobs,
                },
                indent=2,
            )
        )
    return 0


def summary(d: Detector) -> dict[str, object]:
    return {
        "right": sum(ok for *_x, ok in d.results),
        "seconds": d.seconds,
        "bins": bins_table(d),
        "wrong": [f"{c.path.parent.name}/{c.path.name}" for c, _a, ok in d.results if not ok],
    }


def report(title: str, cases: list[Case], dets: list[Detector], all_wrong: bool) -> None:
    n = len(cases)
    print(f"\n{title}\n")
    print(f"{'detector':<16} {'right':>6} {'accuracy':>9} {'corpus s':>9}")
    for det in dets:
        right = sum(ok for _c, _a, ok in det.results)
        print(f"{det.name:<16} {right:>6} {100 * right / n:>8.1f}% {det.seconds:>9.2f}")
    print("\nconfidence bins (files, accuracy)")
    for det in dets:
        rows = bins_table(det)
        cells = "  ".join(f"{b}: {k:>3} {100 * acc:5.1f}%" for b, k, acc in rows) or "no confidence"
        print(f"  {det.name:<14} {cells}")
    print("\nwrong, per detector (file: detected)")
    for det in dets:
        wrong = [(c, a) for c, a, ok in det.results if not ok]
        shown = wrong if all_wrong else wrong[:12]
        print(f"  {det.name} ({len(wrong)}):")
        for c, a in shown:
            print(f"    {c.path.parent.name}/{c.path.name}: {a.encoding} ({a.confidence:.2f})")
        if len(shown) < len(wrong):
            print(f"    ... {len(wrong) - len(shown)} more (--wrong lists them)")
    return 0


def speed(cases: list[Case], dets: list[Detector]) -> dict[str, dict[str, float]]:
    """MB/s of each detector on the 1 MB files (`speed_files`), printed with ratios to chardet."""
    import chardet

    import textmend
    from textmend.decode import decode_bytes

    speeds: dict[str, dict[str, float]] = {}
    print("\n1 MB single-encoding files, MB/s (ratio to chardet); textmend decode = the decoder alone,")
    print("textmend detect = `textmend.detect` (the decoder and the Chinese script detection)")
    fns: dict[str, Callable[[bytes], object]] = {
        "textmend detect": textmend.detect,
        "textmend decode": decode_bytes,
        "chardet": chardet.detect,
    }
    for det in dets[2:]:
        fns[det.name] = det.detect
    for name, data in speed_files(cases):
        rates = {k: len(data) / MB / time_it(fn, data) for k, fn in fns.items()}
        speeds[name] = rates
        enc = textmend.detect(data).encoding
        cells = "  ".join(f"{k} {v:6.1f} ({v / rates['chardet']:.2f}x)" for k, v in rates.items())
        print(f"  {name:<10} (textmend: {enc}) {cells}")
    return speeds


if __name__ == "__main__":
    sys.exit(main())
