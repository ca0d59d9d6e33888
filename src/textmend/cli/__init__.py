"""The ``textmend`` command: a thin shell over the library.

It parses options, walks paths, reads bytes, hands them to the pipeline, renders what comes
back and writes files atomically. It never decides a repair.

Exit codes (every command): 0 clean or nothing to do; 1 changes made or needed, or findings;
2 usage error, I/O error or an unexpected failure (one line on stderr, never a traceback).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

try:  # typer 0.29 vendors click; its exceptions are what parsing raises
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover - older typer depends on click instead
    from click import exceptions as click_exc  # type: ignore[no-redef]

from .. import __version__
from .. import config as textmend_config
from ..errors import TextmendError
from ..io.files import BACKUP_SUFFIX, Problem, Target, read, walk, write_atomic
from ..report import Collector, catalogue, format_for, terminal
from ..report import render as render_report
from ..report import text as report_text
from ..report.text import describe_detection
from ..result import Change, Finding, Repair
from ..rules import BLOCKING
from ..runner import FileResult, RepairJob, default_jobs, detect_target, process

EXIT_CLEAN, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="textmend",
    help="Repair broken text: wrong and mixed encodings, mojibake, lost characters, Chinese script damage.\n\n"
    "Exit codes: 0 clean, 1 changes or findings, 2 usage or I/O error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


class Script(str, Enum):
    keep = "keep"
    auto = "auto"
    hans = "hans"
    hant = "hant"
    tw = "tw"
    hk = "hk"


PathsArg = Annotated[
    Optional[list[str]],  # noqa: UP007 - typer needs Optional on 3.10
    typer.Argument(metavar="PATH", help="Files or folders (recursed). '-' or no path with piped input: standard input.", show_default=False),
]
ScriptOpt = Annotated[
    Optional[Script],  # noqa: UP007
    typer.Option(
        "--script",
        help="Chinese script: keep (never convert), auto (repair mixed documents; the default), or convert "
        "to hans (Simplified), hant (Traditional), tw (Taiwan), hk (Hong Kong).",
        case_sensitive=False,
        show_default=False,
    ),
]
EncodingOpt = Annotated[
    Optional[str],  # noqa: UP007
    typer.Option("--encoding", "-e", metavar="ENCODING", help="Source encoding, instead of detecting it (e.g. gbk, big5, cp1252).", show_default=False),
]
SelectOpt = Annotated[
    Optional[list[str]],  # noqa: UP007
    typer.Option("--select", metavar="CODES", help="Only these rule codes or prefixes (repeat, or comma-separate).", show_default=False),
]
IgnoreOpt = Annotated[
    Optional[list[str]],  # noqa: UP007
    typer.Option("--ignore", metavar="CODES", help="Skip these rule codes or prefixes (repeat, or comma-separate).", show_default=False),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
JobsOpt = Annotated[
    Optional[int],  # noqa: UP007
    typer.Option("--jobs", "-j", metavar="N", min=1, help="Files processed in parallel (default: the number of cores).",
                 show_default=False),
]


class ReportFormat(str, Enum):
    json = "json"
    html = "html"
    sarif = "sarif"


ReportOpt = Annotated[
    Optional[ReportFormat],  # noqa: UP007
    typer.Option("--report", help="Also write a report of the whole run: json, html or sarif (GitHub code scanning).",
                 case_sensitive=False, show_default=False),
]
ReportFileOpt = Annotated[
    Optional[Path],  # noqa: UP007
    typer.Option("--report-file", metavar="FILE", help="Write the report here (default: standard output). "
                 "Without --report, the format comes from the name (.json, .html, .sarif).", show_default=False),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="Plain output even on a terminal (as when NO_COLOR is set).")
]


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [v for raw in values for v in raw.split(",") if v.strip()]


def _settings(
    script: Script | None, encoding: str | None, select: list[str] | None, ignore: list[str] | None
) -> textmend_config.Settings:
    """The run's settings: [tool.textmend] from the nearest pyproject.toml, the command line over it."""
    return textmend_config.settings(
        textmend_config.load(), script=script.value if script else None, encoding=encoding,
        select=_split(select), ignore=_split(ignore),
    )


def _report_format(report: ReportFormat | None, report_file: Path | None) -> str | None:
    """The report format asked for, from --report or from the --report-file name."""
    if report is not None:
        return report.value
    if report_file is None:
        return None
    fmt = format_for(report_file)
    if fmt is None:
        raise click_exc.UsageError(f"--report-file {report_file}: cannot tell the format from the name; "
                                   "add --report json, html or sarif")
    return fmt


def _write_report(collector: Collector, fmt: str | None, path: Path | None) -> None:
    """Render the report and write it to `path` (atomically), or to standard output."""
    if fmt is None:
        return
    text = render_report(collector.report, fmt)
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            _write_new(path, text.encode("utf-8"))
        except OSError as exc:
            raise TextmendError(f"cannot write the report to {path}: {exc.strerror or exc}") from None


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _targets(paths: list[str] | None, settings: textmend_config.Settings | None = None) -> list[Target | Problem]:
    """The files to process, less those the config excludes; no path means piped standard input."""
    if not paths:
        if sys.stdin is None or sys.stdin.isatty():
            raise click_exc.UsageError("no path given (use '-' to read standard input)")
        paths = ["-"]
    found = list(walk(paths))
    return settings.filter(found) if settings is not None else found


class Outcome:
    """Tracks the exit code across files: errors beat changes, changes beat clean."""

    def __init__(self) -> None:
        self.code = EXIT_CLEAN
        self.files = 0
        self.problems = 0

    def bump(self, code: int) -> None:
        self.code = max(self.code, code)

    def problem(self, p: Problem) -> None:
        _err(f"{p.display}: {'note' if p.note else 'error'}: {p.message}")
        if not p.note:
            self.bump(EXIT_ERROR)


@app.command()
def fix(
    paths: PathsArg = None,
    output: Annotated[
        Optional[Path],  # noqa: UP007
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
    settings = _settings(script, encoding, select, ignore)
    targets = _targets(paths, settings)
    if output is not None and (len(targets) != 1 or not isinstance(targets[0], Target)):
        raise click_exc.UsageError("--output takes exactly one input file")
    fmt = _report_format(report, report_file)
    if fmt is not None and report_file is None:
        if diff:
            raise click_exc.UsageError("--diff prints to standard output: give the report a --report-file")
        if output is None and any(isinstance(t, Target) and t.path is None for t in targets):
            raise click_exc.UsageError("the repaired text goes to standard output: give the report a --report-file")
    color = terminal.wants_color(sys.stdout, no_color)
    table = color and not quiet and not (fmt is not None and report_file is None) and (
        output is not None or all(not isinstance(t, Target) or t.path is not None for t in targets))
    collector = Collector("fix")
    outcome = Outcome()
    work = RepairJob(settings.options, mode="diff" if diff else "fix", output=output, repair=settings.repair,
                     backup=backup)
    for res in process(targets, work, jobs or default_jobs()):
        t, repair = res.target, res.repair
        if res.problem is not None:
            outcome.problem(res.problem)
            if repair is None and res.streamed is None:
                collector.problem(res.problem)
        if res.streamed is not None:
            _report_streamed_fix(res, outcome, quiet)
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
            outcome.problem(Problem(t.display, _unsafe(repair)))
            if t.path is None and output is None and not diff:
                sys.stdout.buffer.write(res.data or b"")
            collector.repaired(t.display, repair, written=False)
            continue
        if not quiet:
            for f in repair.findings:
                _err(report_text.line(t.display, f))
        if repair.findings:
            outcome.bump(EXIT_CHANGED)
        if diff:
            d = repair.diff(t.display)
            if d:
                if color:
                    terminal.console(sys.stdout).print(terminal.diff_text(d), end="")
                else:
                    sys.stdout.write(d)
                outcome.bump(EXIT_CHANGED)
            collector.repaired(t.display, repair, written=False)
            continue
        try:
            if output is not None:
                _write_new(output, repair.data)
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
            outcome.bump(EXIT_CHANGED)
            if not quiet and not table:
                _err(f"fixed {t.display}: {_summary(repair)}")
    if table:
        terminal.print_summary(terminal.console(sys.stdout), collector.report)
    _write_report(collector, fmt, report_file)
    return outcome.code


def _unsafe(repair: Repair) -> str:
    """The one line for a file that cannot be written without losing bytes: the first reason."""
    blocking = [f for f in repair.findings if f.code in BLOCKING]
    first = blocking[0]
    more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
    return f"{first.line}:{first.col}: {first.code} {first.message}{more}; left alone"


def _write_new(path: Path, data: bytes) -> None:
    """Write `data` to `path`: atomically over an existing file, or as a new one."""
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


def _summary(repair: Repair) -> str:
    counts: dict[str, int] = {}
    for c in repair.changes:
        counts[c.code] = counts.get(c.code, 0) + 1
    return _summary_counts(counts)


def _summary_counts(counts: dict[str, int]) -> str:
    parts = [f"{code}×{n}" if n > 1 else code for code, n in sorted(counts.items())]
    n = sum(counts.values())
    return f"{n} change{'s' if n != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")


def _report_streamed_fix(res: FileResult, outcome: Outcome, quiet: bool) -> None:
    """Report a large file that a worker streamed (and, unless --diff, already wrote)."""
    t, s = res.target, res.streamed
    assert s is not None
    outcome.files += 1
    if not quiet or not s.safe:
        for f in s.findings:
            _err(report_text.line(t.display, f))
        if s.n_findings > len(s.findings):
            _err(f"{t.display}: note: {s.n_findings - len(s.findings)} more findings not shown")
    if s.n_findings:
        outcome.bump(EXIT_CHANGED)
    if res.diff_path is not None:
        try:
            with open(res.diff_path, encoding="utf-8") as spool:
                while block := spool.read(1 << 20):
                    sys.stdout.write(block)
                    outcome.bump(EXIT_CHANGED)
        finally:
            os.unlink(res.diff_path)
        return
    if not s.safe:
        outcome.problem(Problem(t.display, "some bytes cannot be decoded safely; left alone"))
        return
    if s.changed:
        outcome.bump(EXIT_CHANGED)
        if not quiet:
            _err(f"fixed {t.display}: {_summary_counts(s.counts)}")


@app.command()
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
    settings = _settings(script, encoding, select, ignore)
    fmt = _report_format(report, report_file)
    lines = fmt is None or report_file is not None  # a report without a file takes standard output
    color = lines and terminal.wants_color(sys.stdout, no_color)
    con = terminal.console(sys.stdout) if color else None
    collector = Collector("check")
    outcome = Outcome()
    files_with_problems = 0
    work = RepairJob(settings.options, mode="check", repair=settings.repair)
    for res in process(_targets(paths, settings), work, jobs or default_jobs()):
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
                _err(f"{res.target.display}: note: {total - len(items)} more problems not shown")
        if total:
            outcome.problems += total
            files_with_problems += 1
            outcome.bump(EXIT_CHANGED)
    _write_report(collector, fmt, report_file)
    if con is not None and not quiet:
        terminal.print_summary(con, collector.report)
    elif not quiet:
        if outcome.problems:
            _err(f"{outcome.problems} problem{'s' if outcome.problems != 1 else ''} in "
                 f"{files_with_problems} of {outcome.files} file{'s' if outcome.files != 1 else ''}")
        else:
            _err(f"no problems in {outcome.files} file{'s' if outcome.files != 1 else ''}")
    return outcome.code


@app.command()
def rules(
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalogue as JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the catalogue as a Markdown table.")] = False,
    no_color: NoColorOpt = False,
) -> int:
    """List every rule: its code, name, whether fix applies it by default, and what it means.

    'fix' is yes (fix applies it), opt-in (only with --select) or report (never changed, only
    reported). Select or ignore rules by code or prefix: --select TM2, --ignore TM101.

    \b
    Examples:
      textmend rules
      textmend rules --json | jq '.[].code'
    """
    if as_json:
        typer.echo(json.dumps(catalogue.as_json(), ensure_ascii=False, indent=2))
    elif markdown:
        typer.echo(catalogue.markdown(), nl=False)
    elif terminal.wants_color(sys.stdout, no_color):
        terminal.console(sys.stdout).print(terminal.rules_table())
    else:
        typer.echo(catalogue.plain(), nl=False)
    return EXIT_CLEAN


@app.command()
def detect(
    paths: PathsArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list, one object per file.")] = False,
    jobs: JobsOpt = None,
) -> int:
    """Print each file's encoding and the detector's confidence.

    \b
    Examples:
      textmend detect legacy/*.txt
      textmend detect --json data/ > encodings.json
    """
    outcome = Outcome()
    results = []
    for res in process(_targets(paths), detect_target, jobs or default_jobs()):
        if res.problem is not None:
            outcome.problem(res.problem)
        d = res.detection
        if d is None:
            continue
        if as_json:
            results.append({"path": res.target.display, **d.to_dict()})
        else:
            typer.echo(f"{res.target.display}: {describe_detection(d)}")
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
    return outcome.code


class Engine(str, Enum):
    plain = "plain"
    dask = "dask"


@app.command()
def corpus(
    source: Annotated[Path, typer.Argument(metavar="IN", help="A JSONL file (one JSON object a line) or a .parquet file.",
                                           show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="OUT", help="Where to write the repaired records.",
                                         show_default=False)],
    field: Annotated[str, typer.Option("--field", metavar="NAME", help="The text field to repair.")] = "text",
    summary_field: Annotated[
        Optional[str],  # noqa: UP007
        typer.Option("--summary-field", metavar="NAME", help="Add this field to each record: what changed, by rule code.",
                     show_default=False),
    ] = None,
    rejects: Annotated[
        Optional[Path],  # noqa: UP007
        typer.Option("--rejects", metavar="FILE", help="Copy records that cannot be read here (JSONL).", show_default=False),
    ] = None,
    engine: Annotated[Engine, typer.Option("--engine", help="plain (this machine) or dask (dask.bag).",
                                           case_sensitive=False)] = Engine.plain,
    scheduler: Annotated[
        Optional[str],  # noqa: UP007
        typer.Option("--scheduler", metavar="ADDRESS", help="With --engine dask: a Dask scheduler, e.g. tcp://host:8786 "
                     "(default: the local scheduler).", show_default=False),
    ] = None,
    script: ScriptOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    jobs: JobsOpt = None,
    progress: Annotated[
        Optional[bool],  # noqa: UP007
        typer.Option("--progress/--no-progress", help="Show a progress bar (default: when stderr is a terminal).",
                     show_default=False),
    ] = None,
    quiet: QuietOpt = False,
) -> int:
    """Repair one text field in every record of a JSONL or Parquet data set.

    Every other field is kept; records that do not change are written back byte for byte.
    Records that cannot be read are skipped and counted (and copied to --rejects), never
    fatal. Exit 0 when nothing changed, 1 when records were repaired or skipped.

    \b
    Examples:
      textmend corpus crawl.jsonl -o clean.jsonl
      textmend corpus crawl.jsonl -o clean.jsonl --field content --summary-field textmend
      textmend corpus crawl.parquet -o clean.parquet          (needs textmend[parquet])
      textmend corpus crawl.jsonl -o clean.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from .. import corpus as corpus_mode

    options = _settings(script, None, select, ignore).options
    if not source.is_file():
        raise click_exc.UsageError(f"{source}: no such file")
    if output.exists() and output.resolve() == source.resolve():
        raise click_exc.UsageError("OUT must not be IN: corpus mode writes a new file")
    if scheduler and engine is not Engine.dask:
        raise click_exc.UsageError("--scheduler needs --engine dask")
    parquet = source.suffix.lower() in (".parquet", ".pq")
    try:
        if parquet:
            import pyarrow  # noqa: F401
        if engine is Engine.dask:
            import dask.bag  # noqa: F401
            if parquet:
                import dask.dataframe  # noqa: F401
    except ImportError as exc:
        extra = "parquet" if parquet else "dask"
        _err(f"textmend: error: {exc.name} is not installed: pip install 'textmend[{extra}]'")
        return EXIT_ERROR
    job = corpus_mode.RecordJob(field, options, summary_field)
    n_jobs = jobs or default_jobs()
    show = progress if progress is not None else (sys.stderr is not None and sys.stderr.isatty() and not quiet)
    total = _corpus_total(source, parquet)
    with _CorpusProgress(show, total, "rows" if parquet else "bytes") as bar:
        if engine is Engine.dask:  # JSONL through dask.bag, Parquet through dask.dataframe
            stats = corpus_mode.run_dask(source, output, job, scheduler=scheduler, jobs=n_jobs, rejects=rejects,
                                         progress=bar.update)
        elif parquet:
            stats = corpus_mode.run_parquet(source, output, job, jobs=n_jobs, progress=bar.update)
        else:
            stats = corpus_mode.run_jsonl(source, output, job, jobs=n_jobs, rejects=rejects, progress=bar.update)
    if not quiet or stats.bad:
        codes = ", ".join(f"{c}×{n}" for c, n in sorted(stats.changes.items()))
        _err(f"{source}: {stats.records:,} records, {stats.changed:,} repaired" + (f" ({codes})" if codes else "")
             + f", {stats.bad:,} bad (skipped), {stats.no_text:,} without text;"
             + f" {stats.seconds:.2f} s, {stats.rate:,.0f} records/s")
        for line, why in stats.bad_examples:
            _err(f"{source}:{line}: bad record: {why}")
        if stats.bad > len(stats.bad_examples):
            _err(f"{source}: ... and {stats.bad - len(stats.bad_examples):,} more bad records")
    return EXIT_CHANGED if stats.changed or stats.bad else EXIT_CLEAN


def _corpus_total(source: Path, parquet: bool) -> int:
    if parquet:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(source).metadata.num_rows)
    return source.stat().st_size


class _CorpusProgress:
    """A rich progress bar on stderr with records and records/s, or nothing when not shown.

    The bar (and its refresh thread) starts at the first update, after the worker processes
    have been forked: a process forked while another thread holds a lock inherits it held.
    """

    def __init__(self, show: bool, total: int, unit: str) -> None:
        self.show = show
        self.total = total
        self.unit = unit
        self._progress: Any = None  # a rich Progress while shown
        self._task: Any = None

    def __enter__(self) -> _CorpusProgress:
        self._t0 = time.perf_counter()
        return self

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("repairing"), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[records]:,} records"), TextColumn("{task.fields[rate]:,.0f} records/s"),
            TimeElapsedColumn(), console=Console(stderr=True), transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task("corpus", total=self.total, records=0, rate=0.0)

    def update(self, done: int, records: int) -> None:
        if not self.show:
            return
        if self._progress is None:
            self._start()
        elapsed = time.perf_counter() - self._t0
        self._progress.update(self._task, completed=done, records=records,
                              rate=records / elapsed if elapsed > 0 else 0.0)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"textmend {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Repair broken text: wrong and mixed encodings, mojibake, lost characters, Chinese script damage.

    \b
    Examples:
      textmend fix notes.txt            repair a file in place
      textmend check .                  list problems, change nothing
      textmend detect data.csv          which encoding is this?
      textmend rules                    every rule code, and what fix does with it

    Exit codes: 0 clean, 1 changes or findings, 2 usage or I/O error.
    """


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and turn every failure into one line and exit code 2."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `textmend detect . | head` ends quietly, like cat
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        rv = app(args=argv, prog_name="textmend", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:  # raised inside typer for a few conditions
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    except typer.Abort:
        _err("textmend: aborted")
        return 130
    except click_exc.UsageError as exc:  # one line, like every other error (not click's four)
        command = exc.ctx.command_path if exc.ctx is not None else "textmend"
        _err(f"textmend: error: {exc.format_message()} (see '{command} -h')")
        return EXIT_ERROR
    except click_exc.ClickException as exc:
        _err(f"textmend: error: {exc.format_message()}")
        return EXIT_ERROR
    except TextmendError as exc:
        _err(f"textmend: error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("textmend: interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        _err(f"textmend: error: unexpected {type(exc).__name__}: {exc}")
        return EXIT_ERROR
    return rv if isinstance(rv, int) else EXIT_CLEAN
