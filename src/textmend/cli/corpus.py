"""``textmend corpus``: repair one text field in every record of a JSONL or Parquet data set."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import output as out
from . import run
from .options import IgnoreOpt, JobsOpt, QuietOpt, ScriptOpt, SelectOpt, UsageError
from .progress import CorpusProgress


class Engine(str, Enum):
    plain = "plain"
    dask = "dask"


def corpus(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="IN", help="A JSONL file (one JSON object a line) or a .parquet file.", show_default=False
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="OUT", help="Where to write the repaired records.", show_default=False
        ),
    ],
    field: Annotated[str, typer.Option("--field", metavar="NAME", help="The text field to repair.")] = "text",
    summary_field: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option(
            "--summary-field",
            metavar="NAME",
            help="Add this field to each record: what changed, by rule code.",
            show_default=False,
        ),
    ] = None,
    rejects: Annotated[
        Optional[Path],  # noqa: UP007, UP045
        typer.Option(
            "--rejects",
            metavar="FILE",
            help="Copy records that cannot be read here (JSONL).",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option("--engine", help="plain (this machine) or dask (dask.bag).", case_sensitive=False),
    ] = Engine.plain,
    scheduler: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="With --engine dask: a Dask scheduler, e.g. tcp://host:8786 (default: the local scheduler).",
            show_default=False,
        ),
    ] = None,
    script: ScriptOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    jobs: JobsOpt = None,
    progress: Annotated[
        Optional[bool],  # noqa: UP007, UP045
        typer.Option(
            "--progress/--no-progress",
            help="Show a progress bar (default: when stderr is a terminal).",
            show_default=False,
        ),
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
    from ..runner import default_jobs

    options = run.scope(script, None, select, ignore).resolver.settings(None).options
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    if output.exists() and output.resolve() == source.resolve():
        raise UsageError("OUT must not be IN: corpus mode writes a new file")
    if scheduler and engine is not Engine.dask:
        raise UsageError("--scheduler needs --engine dask")
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
        out.err(f"textmend: error: {exc.name} is not installed: pip install 'textmend[{extra}]'")
        return out.EXIT_ERROR
    job = corpus_mode.RecordJob(field, options, summary_field)
    n_jobs = jobs or default_jobs()
    show = (
        progress if progress is not None else (sys.stderr is not None and sys.stderr.isatty() and not quiet)
    )
    total = _corpus_total(source, parquet)
    with CorpusProgress(show, total, "rows" if parquet else "bytes") as bar:
        if engine is Engine.dask:  # JSONL through dask.bag, Parquet through dask.dataframe
            stats = corpus_mode.run_dask(
                source, output, job, scheduler=scheduler, jobs=n_jobs, rejects=rejects, progress=bar.update
            )
        elif parquet:
            stats = corpus_mode.run_parquet(source, output, job, jobs=n_jobs, progress=bar.update)
        else:
            stats = corpus_mode.run_jsonl(
                source, output, job, jobs=n_jobs, rejects=rejects, progress=bar.update
            )
    if not quiet or stats.bad:
        codes = ", ".join(f"{c}×{n}" for c, n in sorted(stats.changes.items()))
        out.err(
            f"{source}: {stats.records:,} records, {stats.changed:,} repaired"
            + (f" ({codes})" if codes else "")
            + f", {stats.bad:,} bad (skipped), {stats.no_text:,} without text;"
            + f" {stats.seconds:.2f} s, {stats.rate:,.0f} records/s"
        )
        for line, why in stats.bad_examples:
            out.err(f"{source}:{line}: bad record: {why}")
        if stats.bad > len(stats.bad_examples):
            out.err(f"{source}: ... and {stats.bad - len(stats.bad_examples):,} more bad records")
    return out.EXIT_CHANGED if stats.changed or stats.bad else out.EXIT_CLEAN


def _corpus_total(source: Path, parquet: bool) -> int:
    if parquet:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(source).metadata.num_rows)
    return source.stat().st_size
