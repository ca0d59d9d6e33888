"""What every command prints and how it ends: exit codes, one-line errors, summaries, reports.

Exit codes (every command, as ruff's): 0 nothing left to do (clean, or `fix` repaired
everything it found); 1 problems remain (see `Outcome`); 2 usage error, I/O error or an
unexpected failure (one line on stderr, never a traceback).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .options import ReportFormat, UsageError

if TYPE_CHECKING:
    from ..io.files import Problem
    from ..report import Collector
    from ..result import Repair

EXIT_CLEAN, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2


def err(message: str) -> None:
    """One line on standard error."""
    typer.echo(message, err=True)


class Outcome:
    """What a run found, and the exit code it makes (ruff's conventions).

    2 when anything failed; otherwise 1 when problems remain (findings `fix` could not repair,
    problems `check` lists, a diff `--diff` shows), or, with ``--exit-non-zero-on-fix``, when
    files were fixed; otherwise 0. ``--exit-zero`` makes remaining problems 0 too.
    """

    def __init__(self) -> None:
        self.error = False
        self.remaining = 0  # problems left: findings, problems listed, diffs shown
        self.fixed = 0  # files repaired (written, or repaired to standard output)
        self.files = 0
        self.problems = 0

    def bump(self, code: int) -> None:
        """Record a code the old way: 2 is an error, 1 a problem that remains."""
        if code >= EXIT_ERROR:
            self.error = True
        elif code == EXIT_CHANGED:
            self.remaining += 1

    @property
    def code(self) -> int:
        return self.exit_code()

    def exit_code(self, *, exit_zero: bool = False, non_zero_on_fix: bool = False) -> int:
        if self.error:
            return EXIT_ERROR
        if self.remaining and not exit_zero:
            return EXIT_CHANGED
        if self.fixed and non_zero_on_fix:
            return EXIT_CHANGED
        return EXIT_CLEAN

    def problem(self, p: Problem) -> None:
        err(f"{safe(p.display)}: {'note' if p.note else 'error'}: {safe(p.message)}")
        if not p.note:
            self.error = True


def report_format(report: ReportFormat | None, report_file: Path | None) -> str | None:
    """The report format asked for, from --report or from the --report-file name."""
    if report is not None:
        return report.value
    if report_file is None:
        return None
    from ..report import format_for

    fmt = format_for(report_file)
    if fmt is None:
        raise UsageError(
            f"--report-file {report_file}: cannot tell the format from the name; "
            "add --report json, html or sarif"
        )
    return fmt


def write_report(collector: Collector, fmt: str | None, path: Path | None) -> None:
    """Render the report and write it to `path` (atomically), or to standard output."""
    if fmt is None:
        return
    from ..errors import TextmendError
    from ..report import render

    text = render(collector.report, fmt)
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            write_new(path, text.encode("utf-8"))
        except OSError as exc:
            raise TextmendError(f"cannot write the report to {path}: {exc.strerror or exc}") from None


def write_new(path: Path, data: bytes) -> None:
    """Write `data` to `path` through the one atomic writer (over an existing file or as a new
    one; a device or FIFO such as /dev/stdout is written into, never replaced)."""
    from ..io.write import write_atomic

    write_atomic(path, data)


def unsafe(repair: Repair) -> str:
    """The one line for a file that cannot be written without losing bytes: the first reason."""
    from ..rules import BLOCKING

    blocking = [f for f in repair.findings if f.code in BLOCKING]
    first = blocking[0]
    more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
    return f"{first.line}:{first.col}: {first.code} {first.message}{more}; left alone"


def summary(repair: Repair) -> str:
    """``3 changes (TM101, TM201×2)``: what a repair changed, by rule code."""
    counts: dict[str, int] = {}
    for c in repair.changes:
        counts[c.code] = counts.get(c.code, 0) + 1
    return summary_counts(counts)


def summary_counts(counts: dict[str, int]) -> str:
    parts = [f"{code}×{n}" if n > 1 else code for code, n in sorted(counts.items())]
    n = sum(counts.values())
    return f"{n} change{'s' if n != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")


# --------------------------------------------------------------------------- terminal safety

#: Bidirectional controls: they reorder what a terminal or a browser shows (Trojan Source).
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: The ones that reorder a span (embeddings, overrides, isolates); marks (LRM, RLM, ALM) only
#: nudge one character and are common in Arabic and Hebrew text.
BIDI_SPAN = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def _escape(m: re.Match[str]) -> str:
    cp = ord(m.group())
    if 0xDC80 <= cp <= 0xDCFF:  # a byte of a file name that is not UTF-8 (os.fsdecode's escape)
        return f"\\x{cp - 0xDC00:02x}"
    return f"\\x{cp:02x}" if cp <= 0xFF else f"\\u{cp:04x}"


def safe(name: str) -> str:
    """A file name as it can be printed anywhere: control characters, bidirectional controls
    and the bytes of a name that is not UTF-8 written as escapes (``\\x1b``, ``\\u202e``,
    ``\\xff``), so that a name can neither drive the terminal nor break a UTF-8 report."""
    return _UNSAFE_NAME.sub(_escape, name)


def safe_content(text: str) -> str:
    """A file's text as ``--diff`` prints it: control characters other than tab and line
    endings, and the bidirectional controls that reorder a span, written as escapes."""
    return _UNSAFE_TEXT.sub(_escape, text)


# --------------------------------------------------------------------------- diffs and statistics

#: Lines of the decoded text ``--diff`` shows for a file whose only change is its encoding.
PREVIEW_LINES = 5


def diff_of(display: str, repair: Repair) -> str:
    """``--diff`` of one file, safe for a terminal. When only the encoding changes, the diff
    has no hunk; the first lines of the text as decoded come before its headers (as ``#``
    lines, which patch tools skip), so that a wrong decode is seen before it is written."""
    d = repair.diff(display)
    if not d:
        return ""
    if repair.text == repair.original and repair.encoding not in (None, "utf-8", "ascii"):
        d = preview(display, repair) + d
    return safe_content(d)


def preview(display: str, repair: Repair) -> str:
    """``#`` lines: the encoding the file is read in, and its first lines as decoded."""
    from ..result import split_lines

    lines = [ln.rstrip("\r\n") for ln in split_lines(repair.original) if ln.strip()][:PREVIEW_LINES]
    head = (
        f"# {display}: only the encoding changes, {repair.encoding} -> utf-8; "
        f"read as {repair.encoding}, it begins:\n"
    )
    return head + "".join(f"#   {ln}\n" for ln in lines)


def print_statistics(report: object, stream: object) -> None:
    """``--statistics``: the problems per rule, most frequent first; ``[*]`` marks the rules
    that fix repairs (the others are findings, for a person to look at)."""
    from ..report.model import rule_name

    by_code = report.summary().by_code  # type: ignore[attr-defined]
    rows = sorted(by_code.items(), key=lambda kv: (-(kv[1]["changes"] + kv[1]["findings"]), kv[0]))
    width = max((len(str(v["changes"] + v["findings"])) for _, v in rows), default=1)
    for code, v in rows:
        mark = "  [*]" if v["changes"] else ""
        print(f"{v['changes'] + v['findings']:>{width}}  {code}  {rule_name(code)}{mark}", file=stream)  # type: ignore[call-overload]
