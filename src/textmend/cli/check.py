"""``textmend check``: report what fix would change and what it cannot repair; write nothing."""

from __future__ import annotations

import sys

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
    VerboseOpt,
)


def check(
    paths: PathsArg = None,
    script: ScriptOpt = None,
    encoding: EncodingOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    exit_zero: ExitZeroOpt = False,
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
    """Report what fix would change and what it cannot repair; write nothing.

    One line per problem on stdout, 'path:line:col: CODE message'; a summary on stderr.
    Exit 1 when there are problems (0 with --exit-zero), 2 on errors.

    \b
    Examples:
      textmend check .                       every text file under the current folder
      textmend check --select TM2 docs/      only mojibake rules
      textmend check --ignore TM101 data/    legacy encodings are fine here
      textmend check --statistics .          problems per rule
      textmend check --report sarif --report-file textmend.sarif .
      git show HEAD:a.txt | textmend check --stdin-filename a.txt
    """
    from ..config import Settings
    from ..report import Collector
    from ..report import text as report_text
    from ..report.color import wants_color
    from ..result import Change, Finding
    from ..runner import RepairJob
    from .progress import FileProgress

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
    fmt = out.report_format(report, report_file)
    # a report without a file takes standard output; --statistics replaces the lines
    lines = (fmt is None or report_file is not None) and not statistics
    color = lines and wants_color(sys.stdout, no_color)
    if color:
        from ..report import terminal
    con = terminal.console(sys.stdout) if color else None
    collector = Collector("check")
    outcome = out.Outcome()
    files_with_problems = 0

    def job(settings: Settings) -> RepairJob:
        return RepairJob(settings.options, mode="check", repair=settings.repair)

    targets = run.targets(paths, scope)
    with FileProgress(len(targets), quiet, no_color) as bar:
        for res in run.results(targets, scope, job, jobs):
            bar.advance()
            if res.problem is not None:
                outcome.problem(res.problem)
                if res.repair is None and res.streamed is None:
                    collector.problem(res.problem)
            found = res.repair or res.streamed
            if found is None:
                continue
            if res.repair is not None:
                collector.repaired(res.target.display, res.repair, written=False, file=res.target.path)
                if verbose:
                    from .verbose import describe

                    for line in describe(res.target, res.repair, scope.settings(res.target)):
                        out.err(line)
            elif res.streamed is not None:  # a large file: the changes and findings it kept, no texts
                collector.streamed(res.target.display, res.streamed, written=False, file=res.target.path)
            outcome.files += 1
            items: list[Change | Finding] = sorted(
                [*found.changes, *found.findings], key=lambda i: (i.line, i.col)
            )
            for item in items if lines else ():
                if con is not None:
                    con.print(terminal.problem_text(res.target.display, item))
                else:
                    typer.echo(report_text.line(res.target.display, item))
            total = len(items)
            if res.streamed is not None:
                total = res.streamed.n_changes + res.streamed.n_findings
                if total > len(items):
                    out.err(f"{res.target.display}: note: {total - len(items)} more problems not shown")
            if total:
                outcome.problems += total
                outcome.remaining += total
                files_with_problems += 1
    if statistics:
        out.print_statistics(collector.report, sys.stdout)
    out.write_report(collector, fmt, report_file)
    if con is not None and not quiet:
        terminal.print_summary(con, collector.report)
    elif not quiet:
        if outcome.problems:
            out.err(
                f"{outcome.problems} problem{'s' if outcome.problems != 1 else ''} in "
                f"{files_with_problems} of {outcome.files} file{'s' if outcome.files != 1 else ''}"
            )
        else:
            out.err(f"no problems in {outcome.files} file{'s' if outcome.files != 1 else ''}")
    return outcome.exit_code(exit_zero=exit_zero)
