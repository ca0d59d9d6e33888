"""The pipeline: decode, run the fixers in order, and account for every change.

Which fixers run, and in what order, is decided here and nowhere else. Each fixer sees the
output of the one before; the pipeline applies the `SpanMap` bookkeeping so that every change
and finding points at a line and column of the original text.

Order matters: mojibake is undone before anything reads characters (a lost-character rule
must see the real characters, not their mojibake), pinyin residue is removed before script
conversion (an annotation between two characters splits the phrase OpenCC would match), and
script conversion comes last.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from .decode import decode_bytes
from .fixers import Fixer, cjk, latin, lost, pinyin, script
from .fixers import format as format_fixer
from .model import Change, Finding, Repair
from .options import Options
from .spans import LineIndex, SpanMap, apply_edits, locate

T = TypeVar("T", Change, Finding)

#: The fixers, in the order they run: (name, fix function).
FIXERS: tuple[tuple[str, Fixer], ...] = (
    ("format", format_fixer.fix),
    ("cjk", cjk.fix),
    ("latin", latin.fix),
    ("lost", lost.fix),
    ("pinyin", pinyin.fix),
    ("script", script.fix),
)


def run_fixers(text: str, options: Options) -> tuple[str, list[Change], list[Finding]]:
    """Run every fixer over `text`; changes and findings come back located in `text`."""
    smap: SpanMap | None = None  # built when the first fixer reports something: clean text never pays
    lines: LineIndex | None = None
    changes: list[Change] = []
    findings: list[Finding] = []
    reported: set[int] = set()
    current = text
    last = len(FIXERS) - 1
    for k, (_name, fixer) in enumerate(FIXERS):
        new, items = fixer(current, options)
        if not items and new is current:
            continue
        edits = [i for i in items if isinstance(i, Change)]
        if new != current and apply_edits(current, edits) != new:
            raise RuntimeError(f"internal error: fixer {_name!r} returned changes that do not match its text")
        if smap is None or lines is None:
            smap, lines = SpanMap(len(text)), LineIndex(text)
        for item in items:
            located = locate(item, smap, lines)
            if isinstance(located, Change):
                changes.append(located)
            elif located.start not in reported:  # a later fixer seeing the same damage does not report it twice
                reported.add(located.start)
                findings.append(located)
        if k < last:  # no fixer comes after the last one to need the map
            smap.apply(edits)
        current = new
    return current, changes, findings


def repair_text(text: str, options: Options) -> Repair:
    """Repair an already decoded text."""
    fixed, changes, findings = run_fixers(text, options)
    return Repair(text=fixed, original=text, changes=changes, findings=findings)


def repair_bytes(data: bytes, options: Options) -> Repair:
    """Decode `data` and repair the text."""
    decoded = decode_bytes(data, options.encoding)
    fixed, changes, findings = run_fixers(decoded.text, options)
    pre_changes: list[Change] = []
    pre_findings: list[Finding] = []
    if decoded.changes or decoded.findings:
        lines = LineIndex(decoded.text)
        pre_changes = [_at(c, lines) for c in decoded.changes]
        pre_findings = [_at(f, lines) for f in decoded.findings]
    return Repair(
        text=fixed,
        original=decoded.text,
        changes=pre_changes + changes,
        findings=pre_findings + findings,
        encoding=decoded.detection.encoding,
        detection=decoded.detection,
    )


def _at(item: T, lines: LineIndex) -> T:
    line, col = lines.line_col(item.start)
    return replace(item, line=line, col=col)
