"""What every command prints and how it ends: exit codes, one-line errors, summaries, reports.

Exit codes (every command): 0 clean or nothing to do; 1 changes made or needed, or findings;
2 usage error, I/O error or an unexpected failure (one line on stderr, never a traceback).
"""

from __future__ import annotations

import os
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
    """Tracks the exit code across files: errors beat changes, changes beat clean."""

    def __init__(self) -> None:
        self.code = EXIT_CLEAN
        self.files = 0
        self.problems = 0

    def bump(self, code: int) -> None:
        self.code = max(self.code, code)

    def problem(self, p: Problem) -> None:
        err(f"{p.display}: {'note' if p.note else 'error'}: {p.message}")
        if not p.note:
            self.bump(EXIT_ERROR)


def report_format(report: ReportFormat | None, report_file: Path | None) -> str | None:
    """The report format asked for, from --report or from the --report-file name."""
    if report is not None:
        return report.value
    if report_file is None:
        return None
    from ..report import format_for

    fmt = format_for(report_file)
    if fmt is None:
        raise UsageError(f"--report-file {report_file}: cannot tell the format from the name; "
                         "add --report json, html or sarif")
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
    """Write `data` to `path`: atomically over an existing file, or as a new one."""
    from ..io.files import read, write_atomic

    if path.exists():
        write_atomic(path, data, read(path)[1])
    else:
        tmp = path.with_name(f".{path.name}.textmend-tmp")
        try:
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


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
