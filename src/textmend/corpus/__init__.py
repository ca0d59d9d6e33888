"""Corpus mode: repair one text field in every record of a JSONL or Parquet data set.

Web-crawled corpora come as millions of records, each with a text field and metadata. Here a
record's text goes through the same pipeline as a file (`pipeline.repair_text`); every other
field is kept, and a summary of what changed can be added as a field of its own. A record
that cannot be read (not JSON, not an object, not UTF-8) is *skipped and counted*, never the
end of the run: it can be sent to a rejects file, and the first few are reported with their
line numbers. A record whose field is missing, null or not a string is passed through
unchanged and counted apart.

The unit of work is a *part*: a byte range of the input that starts and ends at line breaks
(`plan_parts`). `process_part` reads one part and repairs its records; the plain engine runs
it in this process or in a pool of worker processes, the Dask engine runs the very same
function as the tasks of a `dask.bag` (on the local scheduler, or on a cluster), and both
write the parts' output in order, so the two engines write the same bytes. A record that
did not change is written back exactly as it was read (not re-serialised).

For code that already holds the data: `fix_series` repairs a pandas Series, and
`TextmendFormatter` (built on first use, when datatrove is installed) is a datatrove
pipeline step.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import pipeline
from ..errors import TextmendError
from ..io.write import AtomicWriter
from ..options import Options
from ..pool import default_jobs, ordered_map, worker_pool
from ..result import Repair

#: Bytes of input in one part (one task for a worker or for Dask).
PART_BYTES = 4 * 2**20

#: How many bad records are kept as examples (all are counted).
BAD_EXAMPLES = 5


@dataclass
class CorpusStats:
    """Counts of a corpus run; parts' stats add up with `merge`."""

    records: int = 0  # records read, bad ones included
    changed: int = 0  # records whose field was repaired
    no_text: int = 0  # field missing, null or not a string: passed through
    bad: int = 0  # records that could not be read: skipped
    bad_examples: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    changes: dict[str, int] = field(default_factory=dict)  # by rule code
    findings: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def merge(self, other: CorpusStats, line_offset: int = 0) -> None:
        """Add `other` (a part whose line numbers start after `line_offset` lines) to this."""
        self.records += other.records
        self.changed += other.changed
        self.no_text += other.no_text
        self.bad += other.bad
        room = BAD_EXAMPLES - len(self.bad_examples)
        self.bad_examples.extend(
            (line + line_offset, why) for line, why in other.bad_examples[: max(room, 0)]
        )
        for code, n in other.changes.items():
            self.changes[code] = self.changes.get(code, 0) + n
        for code, n in other.findings.items():
            self.findings[code] = self.findings.get(code, 0) + n

    @property
    def rate(self) -> float:
        """Records per second."""
        return self.records / self.seconds if self.seconds > 0 else 0.0


def summarize(repair: Repair) -> dict[str, Any]:
    """The summary field of a record: whether it changed and its changes and findings by code."""
    changes: dict[str, int] = {}
    findings: dict[str, int] = {}
    for c in repair.changes:
        changes[c.code] = changes.get(c.code, 0) + 1
    for f in repair.findings:
        findings[f.code] = findings.get(f.code, 0) + 1
    return {"changed": repair.changed, "changes": changes, "findings": findings}


@dataclass(frozen=True)
class RecordJob:
    """What to do with each record: which field, which options, whether to add a summary field.

    Picklable, so that worker processes and Dask workers receive it with the task.
    """

    field: str = "text"
    options: Options = dataclasses.field(default_factory=Options)
    summary_field: str | None = None

    def fix_value(self, value: Any, stats: CorpusStats) -> tuple[Any, dict[str, Any] | None, bool]:
        """Repair one field value: ``(new value, summary or None, changed)``; non-text passes."""
        if not isinstance(value, str):
            stats.no_text += 1
            return value, None, False
        repair = pipeline.repair_text(value, self.options)  # TextmendError: a lone surrogate
        for c in repair.changes:
            stats.changes[c.code] = stats.changes.get(c.code, 0) + 1
        for f in repair.findings:
            stats.findings[f.code] = stats.findings.get(f.code, 0) + 1
        changed = repair.text != value
        if changed:
            stats.changed += 1
        return repair.text, summarize(repair) if self.summary_field else None, changed

    def fix_line(self, line: str, lineno: int, stats: CorpusStats) -> str | None:
        """One JSONL line (without its line break) -> the line to write, or None for a bad record."""
        stats.records += 1
        record, reason = parse_record(line, self.field)
        if record is None:
            stats.bad += 1
            if len(stats.bad_examples) < BAD_EXAMPLES:
                stats.bad_examples.append((lineno, reason or "bad record"))
            return None
        if self.field not in record:
            stats.no_text += 1
            return line
        try:
            value, summary, changed = self.fix_value(record[self.field], stats)
            if not changed and summary is None:
                return line  # byte for byte as it came
            if changed:
                record[self.field] = value
            if self.summary_field:
                record[self.summary_field] = summary
            out = json.dumps(record, ensure_ascii=False)
            if _has_surrogates(out):  # a lone surrogate elsewhere in the record: keep it escaped
                out = json.dumps(record)
            return out
        except (TextmendError, RecursionError) as exc:
            stats.bad += 1
            if len(stats.bad_examples) < BAD_EXAMPLES:
                stats.bad_examples.append((lineno, _bad_text(exc)))
            return None


def parse_record(line: str, text_field: str | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """``(record, None)`` for a line holding a JSON object, else ``(None, reason)``.

    With `text_field`, a record whose field is a string with a lone surrogate (``"\\ud800"``,
    which JSON allows and no text encoding can write) is bad too.
    """
    if _has_surrogates(line):
        return None, "not UTF-8"
    try:
        record = json.loads(line)
    except ValueError as exc:
        return None, f"not JSON ({getattr(exc, 'msg', exc)})"
    except RecursionError:
        return None, "nested too deeply to read"
    if not isinstance(record, dict):
        return None, f"a JSON {type(record).__name__}, not an object"
    value = record.get(text_field) if text_field is not None else None
    if isinstance(value, str) and _has_surrogates(value):
        return None, f"field {text_field!r} holds a lone surrogate, not text"
    return record, None


def _bad_text(exc: BaseException) -> str:
    """Why a record that parsed could not be repaired or written again."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to write back"
    return str(exc)


def _has_surrogates(s: str) -> bool:
    """Whether `s` holds bytes that were not UTF-8 (``surrogateescape``); cheap when it does not."""
    if s.isascii():
        return False
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@dataclass
class PartResult:
    """The output of one part: its lines (each ending in ``\\n``), its stats, its line count."""

    lines: list[str]
    stats: CorpusStats
    n_lines: int
    n_bytes: int


def part_size(size: int, jobs: int) -> int:
    """A part size that gives every worker several parts, between 256 KiB and `PART_BYTES`."""
    return max(256 * 1024, min(PART_BYTES, size // (max(jobs, 1) * 8)))


def plan_parts(path: str | Path, part_bytes: int = PART_BYTES) -> list[tuple[int, int]]:
    """Byte ranges of about `part_bytes` that cover the file and start at line starts."""
    size = os.path.getsize(path)
    bounds = [0]
    with open(path, "rb") as f:
        pos = part_bytes
        while pos < size:
            f.seek(pos)
            f.readline()
            nxt = f.tell()
            if nxt >= size:
                break
            if nxt > bounds[-1]:
                bounds.append(nxt)
            pos = nxt + part_bytes
    bounds.append(size)
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def process_part(path: str, start: int, end: int, job: RecordJob) -> PartResult:
    """Read bytes ``[start, end)`` of a JSONL file and repair its records (line numbers from 1)."""
    stats = CorpusStats()
    out: list[str] = []
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    text = data.decode("utf-8", errors="surrogateescape")
    n = 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.endswith("\r"):
            line = line[:-1]
        if not line.strip():
            continue
        fixed = job.fix_line(line, n, stats)
        if fixed is not None:
            out.append(fixed + "\n")
    n_lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    return PartResult(out, stats, n_lines, end - start)


def _process_part_args(args: tuple[str, int, int, RecordJob]) -> PartResult:
    return process_part(*args)


Progress = Callable[[int, int], None]  # (bytes or rows done, records done)


@contextmanager
def _replacing(dst: str | Path) -> Iterator[Any]:
    """A text file that becomes `dst` only if the block succeeds (`io.write.AtomicWriter`)."""
    with AtomicWriter(Path(dst)) as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        try:
            yield out
            out.flush()
        finally:
            try:
                out.detach()  # the writer closes (or removes) the file, not the wrapper
            except (OSError, ValueError):
                pass


def _write_parts(results: Iterable[PartResult], out: Any, progress: Progress | None) -> CorpusStats:
    total = CorpusStats()
    lines = 0
    done = 0
    for part in results:
        out.writelines(part.lines)
        total.merge(part.stats, lines)
        lines += part.n_lines
        done += part.n_bytes
        if progress is not None:
            progress(done, total.records)
    return total


def run_jsonl(
    src: str | Path,
    dst: str | Path,
    job: RecordJob,
    *,
    jobs: int = 1,
    part_bytes: int | None = None,
    rejects: str | Path | None = None,
    progress: Progress | None = None,
) -> CorpusStats:
    """Repair `job.field` in every record of the JSONL file `src`, writing `dst` (plain engine)."""
    t0 = time.perf_counter()
    parts = plan_parts(src, part_bytes or part_size(os.path.getsize(src), jobs or os.cpu_count() or 1))
    tasks = ((str(src), a, b, job) for a, b in parts)
    with _replacing(dst) as out:
        stats = _write_parts(ordered_map(_process_part_args, tasks, jobs), out, progress)
    if rejects is not None and stats.bad:
        write_rejects(src, rejects, job.field)
    stats.seconds = time.perf_counter() - t0
    return stats


def run_dask(
    src: str | Path,
    dst: str | Path,
    job: RecordJob,
    *,
    scheduler: str | None = None,
    jobs: int | None = None,
    part_bytes: int | None = None,
    rejects: str | Path | None = None,
    progress: Progress | None = None,
) -> CorpusStats:
    """The Dask engine: the same parts and per-record function as `run_jsonl`, as a dask.bag.

    `scheduler` is the address of a Dask scheduler (``tcp://host:8786``; needs the
    ``distributed`` package, and the input path readable by the workers); ``None`` runs on
    Dask's local multiprocessing scheduler with `jobs` workers. Parts are computed as they are
    needed, a bounded window ahead, and written in order, so the output is the plain engine's,
    byte for byte. A Parquet file (by its suffix) goes through `run_dask_parquet`.
    """
    if Path(src).suffix.lower() in (".parquet", ".pq"):
        return run_dask_parquet(src, dst, job, scheduler=scheduler, jobs=jobs, progress=progress)
    import dask.bag as db

    t0 = time.perf_counter()
    parts = plan_parts(src, part_bytes or part_size(os.path.getsize(src), jobs or default_jobs()))
    bag = db.from_sequence([(str(src), a, b, job) for a, b in parts], npartitions=max(1, len(parts)))
    with _dask_runner(scheduler, jobs) as compute:
        with _replacing(dst) as out:
            results = (part for parts in compute(bag.map(_process_part_args).to_delayed()) for part in parts)
            stats = _write_parts(results, out, progress)
    if rejects is not None and stats.bad:
        write_rejects(src, rejects, job.field)
    stats.seconds = time.perf_counter() - t0
    return stats


#: Dask tasks in flight per worker: a slow part does not leave the other workers idle.
DASK_WINDOW = 4

Compute = Callable[[list[Any]], Iterator[Any]]


@contextmanager
def _dask_runner(scheduler: str | None, jobs: int | None) -> Iterator[Compute]:
    """A function that computes a list of Dask delayed objects and yields their values in order,
    at most `DASK_WINDOW` per worker ahead of the one being yielded.

    On a cluster (`scheduler`, an address), each object is a future of the ``distributed``
    client: a new one is submitted as soon as the oldest is taken, so no worker waits for a
    batch to finish. Locally, Dask's multiprocessing scheduler runs on one `pool.worker_pool`
    for the whole run, one task per worker at a time (``chunksize=1``: Dask's default batch
    would hand a window of parts to one worker), a window per ``compute`` call.
    """
    import dask

    if scheduler:
        from distributed import Client

        client = Client(scheduler)
        try:
            width = max(1, sum(client.nthreads().values()))

            def on_cluster(objs: list[Any]) -> Iterator[Any]:
                pending: deque[Any] = deque()
                todo = iter(objs)
                for obj in todo:
                    pending.append(client.compute(obj))
                    if len(pending) >= DASK_WINDOW * width:
                        break
                while pending:
                    value = pending.popleft().result()
                    for obj in todo:
                        pending.append(client.compute(obj))
                        break
                    yield value

            yield on_cluster
        finally:
            client.close()
        return
    width = jobs or default_jobs()
    pool = worker_pool(width)
    try:

        def local(objs: list[Any]) -> Iterator[Any]:
            window = DASK_WINDOW * width
            for i in range(0, len(objs), window):
                yield from dask.compute(*objs[i : i + window], scheduler="processes", pool=pool, chunksize=1)

        yield local
    finally:
        pool.shutdown()


def run_dask_parquet(
    src: str | Path,
    dst: str | Path,
    job: RecordJob,
    *,
    scheduler: str | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> CorpusStats:
    """The Dask engine on a Parquet file: a dask.dataframe, one partition per row group, each
    repaired by the function of `run_parquet` and written in order into one file with the
    schema of the input (and the summary column)."""
    import dask
    import dask.dataframe as dd

    t0 = time.perf_counter()
    source = _parquet_source(src, job)
    frame = dd.read_parquet(str(src), split_row_groups=True, dtype_backend="pyarrow")
    fix = dask.delayed(_fix_frame, pure=True)
    pieces = [fix(part, source.schema_arrow, job) for part in frame.to_delayed()]
    with _dask_runner(scheduler, jobs) as compute:
        total = _write_tables(dst, compute(pieces), source.schema_arrow, progress)
    total.seconds = time.perf_counter() - t0
    return total


def _parquet_source(src: str | Path, job: RecordJob) -> Any:
    """The Parquet file `src` opened (a ``pyarrow.parquet.ParquetFile``); a `ValueError` when it
    has no column `job.field`."""
    import pyarrow.parquet as pq

    source = pq.ParquetFile(src)
    if job.field not in source.schema_arrow.names:
        raise ValueError(
            f"no column {job.field!r} in {src} (columns: {', '.join(source.schema_arrow.names)})"
        )
    return source


def _write_tables(
    dst: str | Path, tables: Iterable[tuple[Any, CorpusStats]], schema: Any, progress: Progress | None
) -> CorpusStats:
    """Write the repaired `tables`, in order, as one Parquet file `dst` (through the atomic
    writer: `dst` appears only whole), adding up their stats; an empty input writes `schema`
    with no rows."""
    import pyarrow.parquet as pq

    total = CorpusStats()
    rows = 0
    writer = None
    with AtomicWriter(Path(dst)) as sink:
        try:
            for table, stats in tables:
                if writer is None:
                    writer = pq.ParquetWriter(sink, table.schema)
                writer.write_table(table)
                total.merge(stats)
                rows += table.num_rows
                if progress is not None:
                    progress(rows, total.records)
            if writer is None:  # an empty file: same schema, no rows
                writer = pq.ParquetWriter(sink, schema)
        finally:
            if writer is not None:
                writer.close()
    return total


def write_rejects(src: str | Path, rejects: str | Path, text_field: str | None = None) -> int:
    """Copy the unreadable lines of `src` to `rejects` as they were (a second, cheap pass)."""
    n = 0
    with open(src, "rb") as f, AtomicWriter(Path(rejects)) as out:
        for raw in f:
            line = raw.decode("utf-8", errors="surrogateescape").rstrip("\r\n")
            if line.strip() and parse_record(line, text_field)[0] is None:
                out.write(raw if raw.endswith(b"\n") else raw + b"\n")
                n += 1
    return n


def run_parquet(
    src: str | Path,
    dst: str | Path,
    job: RecordJob,
    *,
    jobs: int = 1,
    batch_rows: int = 2048,
    progress: Progress | None = None,
) -> CorpusStats:
    """Repair `job.field` in every row of the Parquet file `src`, writing `dst` (needs pyarrow).

    The schema is kept; a summary field is added as a string column holding JSON.
    """
    import pyarrow as pa

    t0 = time.perf_counter()
    source = _parquet_source(src, job)
    waiting: deque[Any] = deque()  # batches read, whose values are being repaired

    def columns() -> Iterator[tuple[list[Any], RecordJob]]:
        for b in source.iter_batches(batch_size=batch_rows):
            waiting.append(b)
            yield b.column(job.field).to_pylist(), job

    def tables() -> Iterator[tuple[Any, CorpusStats]]:
        for values, summaries, stats in ordered_map(_fix_values, columns(), jobs):
            batch = waiting.popleft()
            yield repaired_table(pa.Table.from_batches([batch]), values, summaries, job), stats

    total = _write_tables(dst, tables(), source.schema_arrow, progress)
    total.seconds = time.perf_counter() - t0
    return total


def repaired_table(
    table: Any, values: list[Any], summaries: list[dict[str, Any] | None], job: RecordJob
) -> Any:
    """The pyarrow `table` with its `job.field` column replaced by `values` (same type) and,
    with a summary field, a string column of the `summaries` as JSON (replacing one of that name)."""
    import pyarrow as pa

    idx = table.schema.get_field_index(job.field)
    column = table.schema.field(idx)
    table = table.set_column(idx, column, pa.array(values, type=column.type))
    if job.summary_field:
        texts = [json.dumps(s, ensure_ascii=False) if s is not None else None for s in summaries]
        summary = pa.array(texts, type=pa.string())
        if job.summary_field in table.schema.names:
            table = table.drop_columns([job.summary_field])
        table = table.append_column(job.summary_field, summary)
    return table


def _fix_frame(frame: Any, schema: Any, job: RecordJob) -> tuple[Any, CorpusStats]:
    """One partition of a dask.dataframe (pandas) repaired, as a pyarrow table of `schema`."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False).select(schema.names).cast(schema)
    values, summaries, stats = _fix_values((table.column(job.field).to_pylist(), job))
    return repaired_table(table, values, summaries, job), stats


def _fix_values(
    args: tuple[list[Any], RecordJob],
) -> tuple[list[Any], list[dict[str, Any] | None], CorpusStats]:
    values, job = args
    stats = CorpusStats()
    out: list[Any] = []
    summaries: list[dict[str, Any] | None] = []
    for v in values:
        stats.records += 1
        new, summary, _changed = job.fix_value(v, stats)
        out.append(new)
        summaries.append(summary)
    return out, summaries, stats


def fix_series(
    series: Any, *, script: str = "auto", select: Iterable[str] | None = None, ignore: Iterable[str] = ()
) -> Any:
    """A copy of the pandas Series `series` with every string repaired (other values kept).

    >>> import pandas as pd
    >>> fix_series(pd.Series(["CafÃ© au lait", None, 3], dtype=object)).tolist()
    ['Café au lait', None, 3]
    """
    options = Options.make(script, None, select, ignore)

    def one(value: Any) -> Any:
        return pipeline.repair_text(value, options).text if isinstance(value, str) else value

    return series.map(one)


_DATATROVE: dict[str, type] = {}


def _datatrove_formatter() -> type:
    """Build `TextmendFormatter` on first use, so that datatrove stays an optional dependency."""
    if "cls" in _DATATROVE:
        return _DATATROVE["cls"]
    from datatrove.pipeline.base import PipelineStep

    class TextmendFormatter(PipelineStep):  # type: ignore[misc]
        """A datatrove pipeline step that repairs ``doc.text`` with textmend.

        ``TextmendFormatter(script="auto", select=None, ignore=(), summary_key=None)``; with
        `summary_key`, the summary of each repair goes to ``doc.metadata[summary_key]``.
        """

        name = "🩹 textmend"
        type = "✂️ - FORMAT"

        def __init__(
            self,
            script: str = "auto",
            select: Iterable[str] | None = None,
            ignore: Iterable[str] = (),
            summary_key: str | None = None,
        ) -> None:
            super().__init__()
            self.options = Options.make(script, None, select, ignore)
            self.summary_key = summary_key

        def run(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]:
            for doc in data:
                self.stat_update("total")
                with self.track_time():
                    repair = pipeline.repair_text(doc.text, self.options)
                if repair.text != doc.text:
                    self.stat_update("changed")
                    doc.text = repair.text
                if self.summary_key:
                    doc.metadata[self.summary_key] = summarize(repair)
                yield doc

    TextmendFormatter.__module__ = __name__
    TextmendFormatter.__qualname__ = "TextmendFormatter"
    _DATATROVE["cls"] = TextmendFormatter
    return TextmendFormatter


def __getattr__(name: str) -> Any:
    if name == "TextmendFormatter":
        return _datatrove_formatter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
