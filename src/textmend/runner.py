"""Per-file work for the CLI: read, repair or detect, and capture every failure as a result.

The CLI renders and writes; this module only computes. The per-file work is a plain,
picklable function of a `Target` (`RepairJob`, `detect_target`), which is what lets
`process` run it in worker processes (``--jobs``) unchanged, with results in input order.

Files of `stream.STREAM_THRESHOLD` bytes or more are not read whole: `RepairJob` streams them
(`textmend.io.stream`), and for ``fix`` the worker that streams a file also writes it, since the
repaired text is never held in memory to be handed back. Standard input is always read in the
main process.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO, cast

from . import pipeline
from .decode import decode_bytes, is_binary
from .errors import BinaryInputError, TextmendError
from .io import stream
from .io.files import Problem, Target, read
from .io.write import Snapshot
from .options import Options
from .pool import default_jobs as default_jobs  # the CLI's --jobs default, here with the rest
from .pool import ordered_map
from .pool import pool_context as pool_context
from .result import Detection, Repair
from .zh.detect import detect_script

#: Use worker processes only when there is this much to do (fewer files or bytes: one process).
POOL_MIN_FILES = 2
POOL_MIN_BYTES = 256 * 1024
POOL_MANY_FILES = 32


@dataclass
class FileResult:
    """What happened to one input: a repair or a detection, or the problem that stopped it."""

    target: Target
    data: bytes | None = None
    snapshot: Snapshot | None = None
    repair: Repair | None = None
    detection: Detection | None = None
    problem: Problem | None = None
    streamed: stream.StreamResult | None = None  # a large file, repaired chunk by chunk
    diff_path: str | None = None  # the diff of a streamed file, spooled to a temporary file


def read_target(target: Target) -> tuple[bytes, Snapshot | None]:
    """The bytes of a file, or of standard input when the target has no path."""
    if target.path is None:
        return sys.stdin.buffer.read(), None
    return read(target.path)


def _read(target: Target) -> FileResult:
    result = FileResult(target)
    try:
        result.data, result.snapshot = read_target(target)
    except OSError as exc:
        result.problem = Problem(target.display, exc.strerror or str(exc))
    return result


def repair_target(target: Target, options: Options) -> FileResult:
    """Read and repair one input; bad input becomes a `Problem`, never an exception."""
    result = _read(target)
    if result.data is None:
        return result
    try:
        result.repair = pipeline.repair_bytes(result.data, options)
    except BinaryInputError as exc:
        result.problem = Problem(target.display, f"{exc}, skipped", note=True)
    except TextmendError as exc:
        result.problem = Problem(target.display, str(exc))
    return result


def detect_target(target: Target) -> FileResult:
    """Read one input and detect its encoding (a large file chunk by chunk, no fixer run)."""
    if target.path is not None and _size(target.path) >= stream.STREAM_THRESHOLD:
        streamed = _detect_streamed(target)
        if streamed is not None:
            return streamed
    result = _read(target)
    if result.data is None:
        return result
    what = is_binary(result.data)
    if what is not None:
        result.problem = Problem(target.display, f"binary file ({what}), skipped", note=True)
        return result
    try:
        decoded = decode_bytes(result.data)
        result.detection = replace(
            decoded.detection, script=detect_script(decoded.text, decoded.detection.encodings)
        )
    except TextmendError as exc:
        result.problem = Problem(target.display, str(exc))
    return result


@dataclass(frozen=True)
class RepairJob:
    """The per-file work of ``fix``/``check``, as a picklable callable for worker processes.

    `mode` is ``check`` (compute only), ``fix`` (large files are streamed *and written* here:
    in place, or to `output`) or ``diff`` (a large file's diff is spooled to a temporary
    file, `FileResult.diff_path`, that the caller prints and removes). Small files are read
    whole and only computed, whatever the mode: the caller writes them.
    """

    options: Options
    mode: str = "check"
    output: Path | None = None
    stream_threshold: int | None = None  # None: `stream.STREAM_THRESHOLD`
    chunk_bytes: int | None = None  # None: `stream.CHUNK_BYTES`
    backup: bool = False  # a large file written in place keeps its original (``--backup``)
    #: Worker processes for the chunks of a streamed file (`process` sets it when files are
    #: done one at a time in this process: the cores go to one large file's chunks instead).
    stream_jobs: int = 1
    #: How a small file is read and repaired (the CLI passes its configuration's, which applies
    #: per-file encoding hints); None: `repair_target` with `options`. Must be picklable.
    repair: Callable[[Target], FileResult] | None = None

    def __call__(self, target: Target) -> FileResult:
        threshold = self.stream_threshold if self.stream_threshold is not None else stream.STREAM_THRESHOLD
        if target.path is not None and _size(target.path) >= threshold:
            result = self.stream(target)
            if result is not None:
                return result
        result = self.repair(target) if self.repair is not None else repair_target(target, self.options)
        if target.path is not None:
            result.data = None  # only standard input needs its bytes back (to pass them through)
        return result

    def stream(self, target: Target) -> FileResult | None:
        """Stream-repair a large file; ``None`` when its encoding needs it read whole."""
        assert target.path is not None
        result = FileResult(target)
        spool = None
        try:
            if self.mode == "diff":
                spool = tempfile.NamedTemporaryFile(
                    "w", encoding="utf-8", suffix=".textmend-diff", delete=False
                )
                result.diff_path = spool.name
            result.streamed = stream.repair_file(
                target.path,
                self.options,
                write=self.mode == "fix" and self.output is None,
                output=self.output if self.mode == "fix" else None,
                diff_to=cast(TextIO, spool),
                display=target.display,
                chunk_bytes=self.chunk_bytes if self.chunk_bytes is not None else stream.CHUNK_BYTES,
                backup=self.backup,
                jobs=self.stream_jobs,
            )
        except stream.StreamUnsupported:
            _discard(spool)
            return None
        except BinaryInputError as exc:
            _discard(spool)
            result.diff_path = None
            result.problem = Problem(target.display, f"{exc}, skipped", note=True)
        except TextmendError as exc:
            _discard(spool)
            result.diff_path = None
            result.problem = Problem(target.display, str(exc))
        except OSError as exc:
            _discard(spool)
            result.diff_path = None
            result.problem = Problem(target.display, exc.strerror or str(exc))
        if spool is not None and not spool.closed:
            spool.close()
        return result


def _discard(spool: tempfile._TemporaryFileWrapper[str] | None) -> None:  # type: ignore[name-defined]
    if spool is not None:
        spool.close()
        try:
            os.unlink(spool.name)
        except OSError:
            pass


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _worth_a_pool(files: list[Target], jobs: int) -> bool:
    """A pool costs ~10 ms to start and a little per file: use it only when there is work."""
    if jobs <= 1 or len(files) < POOL_MIN_FILES:
        return False
    if len(files) >= POOL_MANY_FILES:
        return True
    total = 0
    for t in files:
        assert t.path is not None
        total += _size(t.path)
        if total >= POOL_MIN_BYTES:
            return True
    return False


#: No rule on: the pipeline only decodes (detection of large files).
_DECODE_ONLY = Options(select=())


def _detect_streamed(target: Target) -> FileResult | None:
    assert target.path is not None
    result = FileResult(target)
    try:
        result.detection = stream.repair_file(target.path, _DECODE_ONLY).detection
    except stream.StreamUnsupported:
        return None
    except BinaryInputError as exc:
        result.problem = Problem(target.display, f"{exc}, skipped", note=True)
    except TextmendError as exc:
        result.problem = Problem(target.display, str(exc))
    except OSError as exc:
        result.problem = Problem(target.display, exc.strerror or str(exc))
    return result


def process(
    items: Iterable[Target | Problem], work: Callable[[Target], FileResult], jobs: int = 1
) -> Iterator[FileResult]:
    """Run `work` on every target; results come in input order, problems from walking pass through.

    With `jobs` > 1 and enough work, files are processed by a pool of worker processes
    (`work` must then be picklable: a module-level function or a `RepairJob`); with too few
    files for that, a `RepairJob` streams a large file's chunks in `jobs` workers instead.
    Standard input is always read in this process.
    """
    items = list(items)
    files = [i for i in items if isinstance(i, Target) and i.path is not None]
    results: Generator[FileResult, None, None] | None = None
    if _worth_a_pool(files, jobs):
        batch = max(1, min(32, len(files) // (jobs * 4)))
        results = ordered_map(work, files, min(jobs, len(files)), batch=batch)
    elif jobs > 1 and isinstance(work, RepairJob):
        work = replace(work, stream_jobs=jobs)  # one file, or few: a large one's chunks in parallel
    try:
        for item in items:
            if isinstance(item, Problem):
                yield FileResult(Target(item.display, None), problem=item)
            elif results is not None and item.path is not None:
                yield next(results)
            else:
                yield work(item)
    finally:
        if results is not None:
            results.close()
