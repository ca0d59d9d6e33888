"""``textmend fix``: repair files in place (atomically), or standard input to standard output."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import output as out
from . import run
from .options import (
    EncodingOpt,
    IgnoreOpt,
    JobsOpt,
    NoColorOpt,
    PathsArg,
    QuietOpt,
    ReportFileOpt,
    ReportOpt,
    ScriptOpt,
    SelectOpt,
    UsageError,
)

if TYPE_CHECKING:
    from ..runner import FileResult

BACKUP_SUFFIX = ".orig"  # textmend.io.files.BACKUP_SUFFIX, repeated here for the help text only


def fix(
    paths: PathsArg = None,
    output: Annotated[
        Optional[Path],  # noqa: UP007, UP045
        typer.Option("--output", "-o", metavar="FILE", help="Write the repaired text here (one input only) instead of in place.", show_default=False),
    ] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print a unified diff, exit 1 if there is one.")] = False,
    backup: Annotated[
        bool, typer.Option("--backup", help=f"Keep the original of each file rewritten in place as NAME{BACKUP_SUFFIX} "
                           "(never overwritten: a file whose backup name is taken is left alone).")
    ] = False,
    script: ScriptOpt = None,
    encoding: EncodingOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    quiet: QuietOpt = False,
    report: ReportOpt = None,
    report_file: ReportFileOpt = None,
    no_color: NoColorOpt = False,
    jobs: JobsOpt = None,
) -> int:
    """Repair files in place (atomically), or standard input to standard output.

    Only files that change are rewritten, as UTF-8. One line per fixed file goes to stderr.

    \b
    Examples:
      textmend fix notes.txt                 repair in place
      textmend fix src/ docs/                folders recurse (.git and friends skipped)
      textmend fix --diff README.md          show what would change, write nothing
      textmend fix old.txt -o new.txt        write the result elsewhere
      textmend fix --backup notes.txt        keep the original as notes.txt.orig
      textmend fix --encoding gbk a.txt      the source is GBK: do not guess
      textmend fix --script hans article.txt convert Chinese to Simplified
      textmend fix --report html --report-file report.html docs/
      cat broken.txt | textmend fix - > fixed.txt
    """
    from ..io.files import Problem, Target, write_atomic
    from ..report import Collector
    from ..report import text as report_text
    from ..report.color import wants_color
    from ..runner import RepairJob, default_jobs, process

    settings = run.settings(script, encoding, select, ignore)
    targets = run.targets(paths, settings)
    if output is not None and (len(targets) != 1 or not isinstance(targets[0], Target)):
        raise UsageError("--output takes exactly one input file")
    fmt = out.report_format(report, report_file)
    if fmt is not None and report_file is None:
        if diff:
            raise UsageError("--diff prints to standard output: give the report a --report-file")
        if output is None and any(isinstance(t, Target) and t.path is None for t in targets):
            raise UsageError("the repaired text goes to standard output: give the report a --report-file")
    color = wants_color(sys.stdout, no_color)
    if color:
        from ..report import terminal
    table = color and not quiet and not (fmt is not None and report_file is None) and (
        output is not None or all(not isinstance(t, Target) or t.path is not None for t in targets))
    collector = Collector("fix")
    outcome = out.Outcome()
    work = RepairJob(settings.options, mode="diff" if diff else "fix", output=output, repair=settings.repair,
                     backup=backup)
    for res in process(targets, work, jobs or default_jobs()):
        t, repair = res.target, res.repair
        if res.problem is not None:
            outcome.problem(res.problem)
            if repair is None and res.streamed is None:
                collector.problem(res.problem)
        if res.streamed is not None:
            _report_streamed(res, outcome, quiet)
            collector.streamed(t.display, res.streamed, written=res.streamed.written)
            continue
        if repair is None:
            if t.path is None and res.data is not None and not diff:
                sys.stdout.buffer.write(res.data)  # a filter passes what it cannot repair through unchanged
            continue
        outcome.files += 1
        if not repair.safe:
            # Bad input (undecodable or truncated bytes, an unverifiable decode): one line, exit 2,
            # the file untouched; `textmend check` lists every problem.
            outcome.problem(Problem(t.display, out.unsafe(repair)))
            if t.path is None and output is None and not diff:
                sys.stdout.buffer.write(res.data or b"")
            collector.repaired(t.display, repair, written=False)
            continue
        if not quiet:
            for f in repair.findings:
                out.err(report_text.line(t.display, f))
        if repair.findings:
            outcome.bump(out.EXIT_CHANGED)
        if diff:
            d = repair.diff(t.display)
            if d:
                if color:
                    terminal.console(sys.stdout).print(terminal.diff_text(d), end="")
                else:
                    sys.stdout.write(d)
                outcome.bump(out.EXIT_CHANGED)
            collector.repaired(t.display, repair, written=False)
            continue
        try:
            if output is not None:
                out.write_new(output, repair.data)
            elif t.path is None:
                sys.stdout.buffer.write(repair.data)
            elif repair.changed:
                write_atomic(t.path, repair.data, res.snapshot, backup=backup)
        except OSError as exc:
            outcome.problem(Problem(str(output or t.display), exc.strerror or str(exc)))
            collector.failed(t.display, repair, exc.strerror or str(exc))
            continue
        collector.repaired(t.display, repair, written=True)
        if repair.changed:
            outcome.bump(out.EXIT_CHANGED)
            if not quiet and not table:
                out.err(f"fixed {t.display}: {out.summary(repair)}")
    if table:
        terminal.print_summary(terminal.console(sys.stdout), collector.report)
    out.write_report(collector, fmt, report_file)
    return outcome.code


def _report_streamed(res: FileResult, outcome: out.Outcome, quiet: bool) -> None:
    """Report a large file that a worker streamed (and, unless --diff, already wrote)."""
    from ..io.files import Problem
    from ..report import text as report_text

    t, s = res.target, res.streamed
    assert s is not None
    outcome.files += 1
    if not quiet or not s.safe:
        for f in s.findings:
            out.err(report_text.line(t.display, f))
        if s.n_findings > len(s.findings):
            out.err(f"{t.display}: note: {s.n_findings - len(s.findings)} more findings not shown")
    if s.n_findings:
        outcome.bump(out.EXIT_CHANGED)
    if res.diff_path is not None:
        try:
            with open(res.diff_path, encoding="utf-8") as spool:
                while block := spool.read(1 << 20):
                    sys.stdout.write(block)
                    outcome.bump(out.EXIT_CHANGED)
        finally:
            os.unlink(res.diff_path)
        return
    if not s.safe:
        outcome.problem(Problem(t.display, "some bytes cannot be decoded safely; left alone"))
        return
    if s.changed:
        outcome.bump(out.EXIT_CHANGED)
        if not quiet:
            out.err(f"fixed {t.display}: {out.summary_counts(s.counts)}")
