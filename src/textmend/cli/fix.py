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
    ConfigOpt,
    EncodingOpt,
    ExitZeroOpt,
    ForceExcludeOpt,
    IgnoreOpt,
    IsolatedOpt,
    JobsOpt,
    NoColorOpt,
    NoRespectGitignoreOpt,
    PathsArg,
    QuietOpt,
    ReportFileOpt,
    ReportOpt,
    ScriptOpt,
    SelectOpt,
    StatisticsOpt,
    StdinFilenameOpt,
    UsageError,
    VerboseOpt,
)

if TYPE_CHECKING:
    from ..config import Settings
    from ..report import Collector
    from ..result import Repair
    from ..runner import FileResult

BACKUP_SUFFIX = ".orig"  # textmend.io.write.BACKUP_SUFFIX, repeated here for the help text only


def fix(
    paths: PathsArg = None,
    output: Annotated[
        Optional[Path],  # noqa: UP007, UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the repaired text here (one input only) instead of in place.",
            show_default=False,
        ),
    ] = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; print a unified diff, exit 1 if there is one.")
    ] = False,
    backup: Annotated[
        bool,
        typer.Option(
            "--backup",
            help=f"Keep the original of each file rewritten in place as NAME{BACKUP_SUFFIX} "
            "(never overwritten: a file whose backup name is taken is left alone).",
        ),
    ] = False,
    script: ScriptOpt = None,
    encoding: EncodingOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    exit_zero: ExitZeroOpt = False,
    exit_non_zero_on_fix: Annotated[
        bool,
        typer.Option("--exit-non-zero-on-fix", help="Exit 1 when files were fixed, even if nothing remains."),
    ] = False,
    show_fixes: Annotated[
        bool, typer.Option("--show-fixes", help="List every change made, one line each (on stderr).")
    ] = False,
    statistics: StatisticsOpt = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
    report: ReportOpt = None,
    report_file: ReportFileOpt = None,
    no_color: NoColorOpt = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    no_respect_gitignore: NoRespectGitignoreOpt = False,
    force_exclude: ForceExcludeOpt = False,
    stdin_filename: StdinFilenameOpt = None,
    jobs: JobsOpt = None,
) -> int:
    """Repair files in place (atomically), or standard input to standard output.

    Only files that change are rewritten, as UTF-8. One line per fixed file goes to stderr.
    Exit 0 when everything found was repaired, 1 when findings remain (damage fix cannot
    repair; see --exit-zero, --exit-non-zero-on-fix), 2 on errors.

    \b
    Examples:
      textmend fix notes.txt                 repair in place
      textmend fix src/ docs/                folders recurse (.gitignore respected)
      textmend fix --diff README.md          show what would change, write nothing
      textmend fix old.txt -o new.txt        write the result elsewhere
      textmend fix --backup notes.txt        keep the original as notes.txt.orig
      textmend fix --encoding gbk a.txt      the source is GBK: do not guess
      textmend fix --script hans article.txt convert Chinese to Simplified
      textmend fix --show-fixes --statistics docs/
      textmend fix --report html --report-file report.html docs/
      cat broken.txt | textmend fix - > fixed.txt
    """
    from ..io.files import Target
    from ..report import Collector
    from ..report.color import wants_color
    from ..runner import RepairJob

    scope = run.scope(
        script,
        encoding,
        select,
        ignore,
        config_file=config,
        isolated=isolated,
        respect_gitignore=not no_respect_gitignore,
        force_exclude=force_exclude,
        stdin_filename=stdin_filename,
        paths=paths,
    )
    targets = run.targets(paths, scope)
    if scope.stdin_excluded and not diff:
        sys.stdout.buffer.write(sys.stdin.buffer.read())  # an excluded filter passes its input through
    if output is not None and (len(targets) != 1 or not isinstance(targets[0], Target)):
        raise UsageError("--output takes exactly one input file")
    fmt = out.report_format(report, report_file)
    to_stdout = any(isinstance(t, Target) and t.path is None for t in targets) and output is None
    if fmt is not None and report_file is None:
        if diff:
            raise UsageError("--diff prints to standard output: give the report a --report-file")
        if to_stdout:
            raise UsageError("the repaired text goes to standard output: give the report a --report-file")
    color = wants_color(sys.stdout, no_color)
    table = color and not quiet and not (fmt is not None and report_file is None) and not to_stdout
    state = _Fix(
        out.Outcome(),
        Collector("fix"),
        quiet=quiet,
        diff=diff,
        output=output,
        backup=backup,
        color=color,
        table=table,
        show_fixes=show_fixes,
        verbose=verbose,
        scope=scope,
    )

    def job(settings: Settings) -> RepairJob:
        return RepairJob(
            settings.options,
            mode="diff" if diff else "fix",
            output=output,
            repair=settings.repair,
            backup=backup,
        )

    from .progress import FileProgress

    with FileProgress(len(targets), quiet, no_color) as bar:
        for res in run.results(targets, scope, job, jobs):
            state.handle(res)
            bar.advance()
    if table:
        from ..report import terminal

        terminal.print_summary(terminal.console(sys.stdout), state.collector.report)
    if statistics:
        out.print_statistics(state.collector.report, sys.stderr)
    out.write_report(state.collector, fmt, report_file)
    return state.outcome.exit_code(exit_zero=exit_zero, non_zero_on_fix=exit_non_zero_on_fix)


class _Fix:
    """The state of one ``fix`` run, and what it does with each file's result."""

    def __init__(
        self,
        outcome: out.Outcome,
        collector: Collector,
        *,
        quiet: bool,
        diff: bool,
        output: Path | None,
        backup: bool,
        color: bool,
        table: bool,
        show_fixes: bool,
        verbose: bool,
        scope: run.Scope,
    ) -> None:
        self.outcome, self.collector = outcome, collector
        self.quiet, self.diff, self.output, self.backup = quiet, diff, output, backup
        self.color, self.table, self.show_fixes, self.verbose, self.scope = (
            color,
            table,
            show_fixes,
            verbose,
            scope,
        )

    def handle(self, res: FileResult) -> None:
        from ..io.files import Problem
        from ..report import text as report_text

        t, repair = res.target, res.repair
        outcome, collector = self.outcome, self.collector
        if res.problem is not None:
            outcome.problem(res.problem)
            if repair is None and res.streamed is None:
                collector.problem(res.problem)
        if res.streamed is not None:
            _report_streamed(res, outcome, self.quiet, self.show_fixes)
            collector.streamed(t.display, res.streamed, written=res.streamed.written, file=t.path)
            return
        if repair is None:
            if t.path is None and res.data is not None and not self.diff:
                sys.stdout.buffer.write(res.data)  # a filter passes what it cannot repair through unchanged
            return
        outcome.files += 1
        if self.verbose:
            from .verbose import describe

            for line in describe(t, repair, self.scope.settings(t)):
                out.err(line)
        if not repair.safe:
            # Bad input (undecodable or truncated bytes, an unverifiable decode): one line, exit 2,
            # the file untouched; `textmend check` lists every problem.
            outcome.problem(Problem(t.display, out.unsafe(repair)))
            if t.path is None and self.output is None and not self.diff:
                sys.stdout.buffer.write(res.data or b"")
            collector.repaired(t.display, repair, written=False, file=t.path)
            return
        if not self.quiet:
            for f in repair.findings:
                out.err(report_text.line(t.display, f))
        outcome.remaining += len(repair.findings)
        if self.diff:
            self._diff(t.display, repair)
            collector.repaired(t.display, repair, written=False, file=t.path)
            return
        try:
            if self.output is not None:
                out.write_new(self.output, repair.data)
            elif t.path is None:
                sys.stdout.buffer.write(repair.data)
            elif repair.changed:
                from ..io.write import write_atomic

                write_atomic(t.path, repair.data, res.snapshot, backup=self.backup)
        except OSError as exc:
            outcome.problem(Problem(str(self.output or t.display), exc.strerror or str(exc)))
            collector.failed(t.display, repair, exc.strerror or str(exc), file=t.path)
            return
        collector.repaired(t.display, repair, written=True, file=t.path)
        if repair.changed:
            outcome.fixed += 1
            if not self.quiet and not self.table:
                out.err(f"fixed {t.display}: {out.summary(repair)}")
            if self.show_fixes:
                for c in repair.changes:
                    out.err("  " + report_text.line(t.display, c))

    def _diff(self, display: str, repair: Repair) -> None:
        d = out.diff_of(display, repair)
        if not d:
            return
        if self.color:
            from ..report import terminal

            terminal.console(sys.stdout).print(terminal.diff_text(d), end="")
        else:
            sys.stdout.write(d)
        self.outcome.remaining += 1


def _report_streamed(res: FileResult, outcome: out.Outcome, quiet: bool, show_fixes: bool = False) -> None:
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
    outcome.remaining += s.n_findings
    if res.diff_path is not None:
        try:
            with open(res.diff_path, encoding="utf-8") as spool:
                while block := spool.read(1 << 20):
                    sys.stdout.write(out.safe_content(block))
                    outcome.remaining = outcome.remaining or 1
        finally:
            os.unlink(res.diff_path)
        return
    if not s.safe:
        outcome.problem(Problem(t.display, "some bytes cannot be decoded safely; left alone"))
        return
    if s.changed:
        outcome.fixed += 1
        if not quiet:
            out.err(f"fixed {t.display}: {out.summary_counts(s.counts)}")
        if show_fixes:
            for c in s.changes:
                out.err("  " + report_text.line(t.display, c))
            if s.n_changes > len(s.changes):
                out.err(f"  {t.display}: ... and {s.n_changes - len(s.changes)} more changes")
