"""Progress bars on standard error (rich), shown only to a person at a terminal."""

from __future__ import annotations

import time
from typing import Any


class CorpusProgress:
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

    def __enter__(self) -> CorpusProgress:
        self._t0 = time.perf_counter()
        return self

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("repairing"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[records]:,} records"),
            TextColumn("{task.fields[rate]:,.0f} records/s"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task("corpus", total=self.total, records=0, rate=0.0)

    def update(self, done: int, records: int) -> None:
        if not self.show:
            return
        if self._progress is None:
            self._start()
        elapsed = time.perf_counter() - self._t0
        self._progress.update(
            self._task, completed=done, records=records, rate=records / elapsed if elapsed > 0 else 0.0
        )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


class FileProgress:
    """A bar of files done on stderr, for a person: shown only when stderr is a terminal, the
    run is not quiet, has `MIN_FILES` files or more, plain output is not asked for
    (``--no-color``, ``NO_COLOR``, ``TERM=dumb``) and it has taken `DELAY` seconds already (a
    quick run shows nothing). Nothing at all when stderr is piped or redirected, whatever
    ``FORCE_COLOR`` says.

    Like `CorpusProgress`, it starts after the first result, when the worker processes exist.
    """

    DELAY = 1.0
    #: Fewer files than this show no bar, however long they take (a few files need none).
    MIN_FILES = 10

    def __init__(self, total: int, quiet: bool = False, no_color: bool = False) -> None:
        import sys

        from ..report.color import wants_color

        stream = sys.stderr
        try:
            tty = stream is not None and stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        self.show = tty and wants_color(stream, no_color) and not quiet and total >= self.MIN_FILES
        self.total = total
        self.done = 0
        self._t0 = time.perf_counter()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> FileProgress:
        return self

    def advance(self) -> None:
        self.done += 1
        if not self.show:
            return
        if self._progress is None:
            if time.perf_counter() - self._t0 < self.DELAY:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("textmend"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
                redirect_stdout=False,
            )
            self._progress.start()
            self._task = self._progress.add_task("files", total=self.total)
        self._progress.update(self._task, completed=self.done)

    def print(self, message: str) -> None:
        """A line on stderr that does not break the bar."""
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            import typer

            typer.echo(message, err=True)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
