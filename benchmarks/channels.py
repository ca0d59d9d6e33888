#!/usr/bin/env python3
"""How well textmend and ftfy undo each damage channel real software produces, in one run.

    python benchmarks/channels.py [--seed 1] [--per-channel 40] [--only SUBSTRING] [--kind lossy]
                                  [--json OUT] [--examples N]

The channels and the sentences are tests/damage.py's (seeded cases of one to three sentences in
one of 24 languages). Every case goes through ``textmend.repair_text`` (``repair_bytes`` for
the channels that end in bytes) and ``ftfy.fix_encoding`` (on bytes: decoded first as
``sloppy-windows-1252``, as ftfy's documentation suggests for bytes of unknown encoding). Per
channel it prints:

* exact: the share of cases repaired to the very text that was damaged (as the transforms after
  the damage left it: lower-cased, HTML-escaped...);
* sim: the mean similarity to that text (1 - normalised Levenshtein distance, rapidfuzz);
* prec (lossy channels): of the characters a system restored where the damage had lost
  information, the share that are the right ones. A character counts as lost when the best
  mechanical undoing of the channel (its inverse with replacement) does not give it back;
  a restored character is one the system wrote (not carried over from the damaged text), not a
  marker, aligned to a lost one.

It ends with the channels by kind (lossless: the damage kept every bit; lossy), with the
targets: lossless >= 95% exact, lossy >= 60% exact and >= 0.95 similarity, restored characters
right >= 95% of the time; and with the Latin-script cases where ftfy is right and textmend is
wrong (and the reverse).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import ftfy
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from damage import CHANNELS, LATIN, Case, Channel, cases

import textmend

MARKERS = frozenset("\ufffd?\u30fb")


def run_textmend(case: Case) -> str:
    try:
        if isinstance(case.damaged, bytes):
            return textmend.repair_bytes(case.damaged).text
        return textmend.repair_text(case.damaged).text
    except textmend.TextmendError:
        return case.damaged if isinstance(case.damaged, str) else case.damaged.decode("utf-8", "replace")


def run_ftfy(case: Case) -> str:
    text = case.damaged.decode("sloppy-windows-1252") if isinstance(case.damaged, bytes) else case.damaged
    return ftfy.fix_encoding(text)


SYSTEMS: dict[str, Callable[[Case], str]] = {"textmend": run_textmend, "ftfy": run_ftfy}


def undo_with_markers(channel: Channel, damaged: str) -> str:
    """The channel undone mechanically, with U+FFFD wherever that cannot be done."""
    out = damaged
    for layer in reversed(channel.layers):
        try:
            out = layer.invert(out, "replace")
        except (UnicodeError, LookupError):
            return damaged
    return out


def lost_positions(clean: str, undone: str) -> set[int]:
    """Positions of `clean` that the mechanical undoing does not give back."""
    lost: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, clean, undone, autojunk=False).get_opcodes():
        if tag != "equal":
            lost.update(range(i1, i2))
    return lost


def produced(damaged: str, output: str) -> set[int]:
    """Positions of `output` that the system wrote (not carried over from the damaged text)."""
    kept: set[int] = set()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, damaged, output, autojunk=False).get_opcodes():
        if tag == "equal":
            kept.update(range(j1, j2))
    return set(range(len(output))) - kept


def restored(clean: str, output: str, lost: set[int], written: set[int]) -> tuple[int, int]:
    """(right, wrong) restored characters: characters the system wrote (`written` positions of
    `output`, markers aside) where the damage had lost information (`lost` positions of `clean`)."""
    right = wrong = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, clean, output, autojunk=False).get_opcodes():
        here = sum(1 for i in range(i1, i2) if i in lost)
        if not here:
            continue
        if tag == "equal":
            right += sum(1 for i, j in zip(range(i1, i2), range(j1, j2)) if i in lost and j in written)
        else:
            wrong += min(here, sum(1 for j in range(j1, j2) if j in written and output[j] not in MARKERS))
    return right, wrong


@dataclass
class Score:
    n: int = 0
    exact: int = 0
    sim: float = 0.0
    right: int = 0
    wrong: int = 0
    seconds: float = 0.0
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    def row(self, lossy: bool) -> str:
        prec = (
            f"{self.right / (self.right + self.wrong):6.1%}"
            if lossy and self.right + self.wrong
            else "     -"
        )
        return (
            f"{self.exact / self.n:6.1%} {self.sim / self.n:5.3f} {prec}" if self.n else "     -     -      -"
        )


def score_channel(
    channel: Channel, seed: int, per_channel: int
) -> tuple[int, dict[str, Score], list[Case], dict[str, list[str]]]:
    made = cases(channel, seed, per_channel)
    scores = {name: Score() for name in SYSTEMS}
    outputs: dict[str, list[str]] = {name: [] for name in SYSTEMS}
    for case in made:
        lost: set[int] = set()
        if not channel.lossless and isinstance(case.damaged, str):
            lost = lost_positions(case.expected, undo_with_markers(channel, case.damaged))
        for name, system in SYSTEMS.items():
            start = time.perf_counter()
            out = system(case)
            s = scores[name]
            s.seconds += time.perf_counter() - start
            outputs[name].append(out)
            s.n += 1
            s.exact += out == case.expected
            s.sim += Levenshtein.normalized_similarity(out, case.expected)
            if lost and isinstance(case.damaged, str):
                r, w = restored(case.expected, out, lost, produced(case.damaged, out))
                s.right += r
                s.wrong += w
            if out != case.expected and len(s.misses) < 3:
                shown = case.damaged if isinstance(case.damaged, str) else repr(case.damaged[:80])
                s.misses.append((shown[:100], out[:100], case.expected[:100]))
    return len(made), scores, made, outputs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-channel", type=int, default=40)
    ap.add_argument("--only", default="", help="run the channels whose name contains this")
    ap.add_argument("--kind", choices=("lossless", "lossy"), help="run only the channels of this kind")
    ap.add_argument("--json", type=Path, help="write the numbers here")
    ap.add_argument("--examples", type=int, default=0, help="print this many misses of textmend per channel")
    args = ap.parse_args(argv)

    print(
        f"textmend {textmend.__version__}, ftfy {ftfy.__version__}; seed {args.seed}, "
        f"up to {args.per_channel} cases a channel\n"
    )
    print(
        f"{'channel':58} {'kind':8} {'n':>3}  {'textmend: exact sim prec':>25}  {'ftfy: exact sim prec':>22}"
    )
    record: dict[str, dict[str, object]] = {}
    kinds: dict[str, list[tuple[str, Score]]] = {"lossless": [], "lossy": []}
    latin_only_ftfy: list[tuple[str, str, str, str]] = []
    latin_only_textmend = 0
    totals = {name: [0.0, 0.0] for name in SYSTEMS}
    for channel in CHANNELS.values():
        if args.only not in channel.name or args.kind not in (
            None,
            "lossless" if channel.lossless else "lossy",
        ):
            continue
        n, scores, made, outputs = score_channel(channel, args.seed, args.per_channel)
        if not n:
            print(f"{channel.name[:58]:58} (no case)")
            continue
        kind = "lossless" if channel.lossless else "lossy"
        t, f = scores["textmend"], scores["ftfy"]
        print(
            f"{channel.name[:58]:58} {kind:8} {n:3}  {t.row(not channel.lossless):>25}  "
            f"{f.row(not channel.lossless):>22}"
        )
        for shown, out, clean in t.misses[: args.examples]:
            print(f"      damaged {shown!r}\n      textmend {out!r}\n      wanted   {clean!r}")
        kinds[kind].append((channel.name, t))
        for name in SYSTEMS:
            totals[name][0] += scores[name].seconds
            totals[name][1] += n
        for case, out_t, out_f in zip(made, outputs["textmend"], outputs["ftfy"]):
            if case.lang in LATIN:
                if out_f == case.expected and out_t != case.expected:
                    latin_only_ftfy.append(
                        (channel.name, str(case.damaged)[:90], out_t[:90], case.expected[:90])
                    )
                elif out_t == case.expected and out_f != case.expected:
                    latin_only_textmend += 1
        record[channel.name] = {
            "kind": kind,
            "group": channel.group,
            "n": n,
            **{
                f"{name}_{k}": v
                for name, s in scores.items()
                for k, v in (
                    ("exact", s.exact / n),
                    ("sim", s.sim / n),
                    ("precision", s.right / (s.right + s.wrong) if s.right + s.wrong else None),
                    ("restored", s.right + s.wrong),
                )
            },
        }

    print("\nBy kind (textmend):")
    for kind, rows in kinds.items():
        if not rows:
            continue
        if kind == "lossless":
            met = [name for name, s in rows if s.exact / s.n >= 0.95]
            print(
                f"  lossless: {len(met)} of {len(rows)} channels >= 95% exact; "
                f"mean exact {sum(s.exact / s.n for _, s in rows) / len(rows):.1%}"
            )
        else:
            met = [name for name, s in rows if s.exact / s.n >= 0.60 and s.sim / s.n >= 0.95]
            right = sum(s.right for _, s in rows)
            wrong = sum(s.wrong for _, s in rows)
            prec = f"{right / (right + wrong):.1%} of {right + wrong}" if right + wrong else "none restored"
            print(
                f"  lossy:    {len(met)} of {len(rows)} channels >= 60% exact and >= 0.95 similarity; "
                f"mean exact {sum(s.exact / s.n for _, s in rows) / len(rows):.1%}, mean similarity "
                f"{sum(s.sim / s.n for _, s in rows) / len(rows):.3f}; restored characters right: {prec}"
            )
    for name, (seconds, n) in totals.items():
        print(f"  {name}: {seconds:.1f} s for {int(n)} cases")
    print(
        f"\nLatin-script cases: ftfy right and textmend wrong: {len(latin_only_ftfy)}; "
        f"textmend right and ftfy wrong: {latin_only_textmend}"
    )
    for row in latin_only_ftfy[: args.examples or 10]:
        print("  {}: {!r}\n      textmend {!r}\n      wanted   {!r}".format(*row))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "seed": args.seed,
                    "channels": record,
                    "latin_ftfy_only": len(latin_only_ftfy),
                    "latin_textmend_only": latin_only_textmend,
                },
                indent=1,
                ensure_ascii=False,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
