"""Per-file work for the CLI: read, repair or detect, and capture every failure as a result.

The CLI renders and writes; this module only computes. Keeping the per-file work a plain
function of a `Target` is what lets it run in worker processes (``--jobs``) unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from . import pipeline
from .decode import decode_bytes, is_binary
from .errors import BinaryInputError, TextmendError
from .files import Problem, Snapshot, Target, read
from .model import Detection, Repair
from .options import Options


@dataclass
class FileResult:
    """What happened to one input: a repair or a detection, or the problem that stopped it."""

    target: Target
    data: bytes | None = None
    snapshot: Snapshot | None = None
    repair: Repair | None = None
    detection: Detection | None = None
    problem: Problem | None = None


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
    """Read one input and detect its encoding."""
    result = _read(target)
    if result.data is None:
        return result
    what = is_binary(result.data)
    if what is not None:
        result.problem = Problem(target.display, f"binary file ({what}), skipped", note=True)
        return result
    try:
        result.detection = decode_bytes(result.data).detection
    except TextmendError as exc:
        result.problem = Problem(target.display, str(exc))
    return result


def process(items: Iterable[Target | Problem], work: Callable[[Target], FileResult]) -> Iterator[FileResult]:
    """Run `work` on every target, in order; problems from walking pass through as results."""
    for item in items:
        if isinstance(item, Problem):
            yield FileResult(Target(item.display, None), problem=item)
        else:
            yield work(item)
