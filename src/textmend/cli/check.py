"""``textmend check``: report what fix would change and what it cannot repair; write nothing."""

from __future__ import annotations

import sys

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
)


def check(
    paths: PathsArg = None,
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
    """Report what fix would change and what it cannot repair; write nothing.

    One line per problem on stdout, 'path:line:col: CODE message'; a summary on stderr.

    \b
    Examples:
      textmend check .                       every text file under the current folder
      textmend check --select TM2 docs/      only mojibake rules
      textmend check --ignore TM101 data/    legacy encodings are fine here
      textmend check --report sarif --report-file textmend.sarif .
    """
    from ..report import Collector
    from ..report import text as report_text
    from ..report.color import wants_color
    from ..result import Change, Finding
    from ..runner import RepairJob, default_jobs, process

    settings = run.settings(script, encoding, select, ignore)
    fmt = out.report_format(report, report_file)
    lines = fmt is None or report_file is not None  # a report without a file takes standard output
    color = lines and wants_color(sys.stdout, no_color)
    if color:
        from ..report import terminal
    con = terminal.console(sys.stdout) if color else None
    collector = Collector("check")
    outcome = out.Outcome()
    files_with_problems = 0
    work = RepairJob(settings.options, mode="check", repair=settings.repair)
    for res in process(run.targets(paths, settings), work, jobs or default_jobs()):
        if res.problem is not None:
            outcome.problem(res.problem)
            if res.repair is None and res.streamed is None:
                collector.problem(res.problem)
        found = res.repair or res.streamed
        if found is None:
            continue
        if res.repair is not None:
            collector.repaired(res.target.display, res.repair, written=False)
        elif res.streamed is not None:  # a large file: the changes and findings it kept, no texts
            collector.streamed(res.target.display, res.streamed, written=False)
        outcome.files += 1
        items: list[Change | Finding] = sorted([*found.changes, *found.findings], key=lambda i: (i.line, i.col))
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
            files_with_problems += 1
            outcome.bump(out.EXIT_CHANGED)
    out.write_report(collector, fmt, report_file)
    if con is not None and not quiet:
        terminal.print_summary(con, collector.report)
    elif not quiet:
        if outcome.problems:
            out.err(f"{outcome.problems} problem{'s' if outcome.problems != 1 else ''} in "
                    f"{files_with_problems} of {outcome.files} file{'s' if outcome.files != 1 else ''}")
        else:
            out.err(f"no problems in {outcome.files} file{'s' if outcome.files != 1 else ''}")
    return outcome.code
