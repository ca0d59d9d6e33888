"""The one pool of worker processes: ``--jobs`` for files, corpus parts, and Dask's local engine.

Every parallel path in textmend maps a picklable function over a sequence of work items and
wants the results back *in input order* (reports list files in the order given, a corpus is
written part after part), with memory bounded by what is in flight, not by the input. That is
`ordered_map`; `worker_pool` is the executor behind it (also handed to Dask's multiprocessing
scheduler, so that a Dask run starts its workers once). Workers start with ``fork`` where
that is safe (Linux): in milliseconds, with the modules already imported.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: How many tasks per worker are in flight by default: enough that a worker never waits for
#: the next task while the parent writes results, few enough to bound memory.
IN_FLIGHT = 2


def default_jobs() -> int:
    """The default of ``--jobs``: the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` where it exists and is safe (Linux): workers start in milliseconds, with the
    modules already imported; elsewhere the platform's default."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of `jobs` worker processes (shut it down, or use it as a context manager)."""
    return ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=pool_context())


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    window: int | None = None,
    pool: ProcessPoolExecutor | None = None,
    batch: int = 1,
) -> Generator[R, None, None]:
    """`map` over `items` in `jobs` worker processes, results in input order, at most `window`
    tasks (default ``IN_FLIGHT * jobs``) submitted and not yet yielded.

    Unlike `Executor.map` it does not submit everything at once, so memory stays bounded by the
    window, not by the input. With one job it is a plain loop in this process. `pool`: run on
    that executor (left running) instead of a new one. `batch`: items sent to a worker per
    task (many small items cost less in batches). When the consumer stops early, pending tasks
    are cancelled.
    """
    if jobs <= 1 and pool is None:
        yield from map(fn, items)
        return
    window = window or IN_FLIGHT * max(jobs, 1)
    own = pool is None
    executor = worker_pool(jobs) if pool is None else pool
    pending: deque[Future[list[R]]] = deque()
    task = _Batch(fn)
    try:
        for group in _groups(items, batch):
            pending.append(executor.submit(task, group))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for f in pending:
            f.cancel()
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


def _groups(items: Iterable[T], size: int) -> Iterator[list[T]]:
    group: list[T] = []
    for item in items:
        group.append(item)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


class _Batch:
    """A picklable ``lambda group: [fn(item) for item in group]``."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def __call__(self, group: list[Any]) -> list[Any]:
        return [self.fn(item) for item in group]
