"""From the command line to the work: which files, and the settings of each.

`Scope` is built once per command from the shared options (``--config``, ``--isolated``,
``--no-respect-gitignore``, ``--force-exclude``, ``--stdin-filename`` and the rule options);
`targets` walks the paths and leaves out what the ignore files and the configurations
exclude; `groups` cuts the targets into runs that share one `Settings`, in input order, so
that each run goes to the worker pool with its own options.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .options import Script, UsageError, split

if TYPE_CHECKING:
    from ..config import Resolver, Settings
    from ..ignore import Ignores
    from ..io.files import Problem, Target
    from ..runner import FileResult


@dataclass
class Scope:
    """What decides the files of a run and the settings of each."""

    resolver: Resolver
    ignores: Ignores | None = None  # None: --no-respect-gitignore
    force_exclude: bool = False
    stdin_filename: str | None = None
    #: Standard input that the configuration excludes (by its --stdin-filename): passed through.
    stdin_excluded: bool = field(default=False, init=False)

    def path_of(self, target: Target) -> Path | None:
        """The path whose configuration applies: the file's, or the --stdin-filename."""
        if target.path is not None:
            return target.path
        return Path(self.stdin_filename) if self.stdin_filename else None

    def settings(self, target: Target) -> Settings:
        return self.resolver.settings(self.path_of(target))


def scope(
    script: Script | None = None,
    encoding: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    *,
    config_file: Path | None = None,
    isolated: bool = False,
    respect_gitignore: bool = True,
    force_exclude: bool = False,
    stdin_filename: str | None = None,
    paths: list[str] | None = None,
) -> Scope:
    """The scope of a run from its options; a bad ``--config`` file is an error here."""
    from .. import config as textmend_config

    fixed: textmend_config.Config | None = None
    if isolated and config_file is not None:
        raise UsageError("--config and --isolated exclude each other")
    if isolated:
        fixed = textmend_config.Config()
    elif config_file is not None:
        if not config_file.is_file():
            raise UsageError(f"--config {config_file}: no such file")
        fixed = textmend_config.load(config_file)
    overrides = {
        "script": script.value if script else None,
        "encoding": encoding,
        "select": split(select),
        "ignore": split(ignore),
    }
    resolver = textmend_config.Resolver(fixed, **overrides)
    resolver.settings(None)  # the working folder's configuration is checked even with no file to use it
    ignores = None
    if respect_gitignore:
        from ..ignore import Ignores

        tops = [Path(p) if Path(p).is_dir() else Path(p).parent for p in (paths or []) if p != "-"]
        ignores = Ignores(tops or None)
    return Scope(resolver, ignores, force_exclude, stdin_filename)


def targets(paths: list[str] | None, scope: Scope | None = None) -> list[Target | Problem]:
    """The files to process, less those the ignore files and configurations exclude; no path
    means piped standard input."""
    from ..io.files import Target, walk

    if not paths:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("no path given (use '-' to read standard input)")
        paths = ["-"]
    if scope is None:
        return [_safe(item) for item in walk(paths)]
    ignores = scope.ignores
    named = {p for p in paths}
    out: list[Target | Problem] = []
    for item in walk(paths, skip=ignores.ignored if ignores is not None else None):
        if not isinstance(item, Target):
            out.append(_safe(item))
            continue
        if item.path is None and scope.stdin_filename:
            item = Target(scope.stdin_filename, None)
        path = scope.path_of(item)
        if (
            scope.force_exclude
            and ignores is not None
            and path is not None
            and item.display in named | {scope.stdin_filename}
            and ignores.ignored(path)
        ):
            if item.path is None:
                scope.stdin_excluded = True
            continue
        if scope.settings(item).excluded(item, path):
            if item.path is None:
                scope.stdin_excluded = True
            continue
        out.append(_safe(item))
    return out


def _safe(item: Target | Problem) -> Target | Problem:
    """`item` with a display name (and message) that is safe to print anywhere (`output.safe`)."""
    from ..io.files import Problem, Target
    from .output import safe

    if isinstance(item, Target):
        shown = safe(item.display)
        return item if shown == item.display else Target(shown, item.path)
    return Problem(safe(item.display), safe(item.message), item.note)


def groups(
    items: list[Target | Problem], scope: Scope
) -> Iterator[tuple[Settings | None, list[Target | Problem]]]:
    """`items` in order, cut into runs that share one `Settings` (problems join any run)."""
    from ..io.files import Target

    current: Settings | None = None
    run: list[Target | Problem] = []
    for item in items:
        if isinstance(item, Target):
            s = scope.settings(item)
            if current is not None and s != current and run:
                yield current, run
                run = []
            current = s
        run.append(item)
    if run:
        yield current, run


def results(
    items: list[Target | Problem],
    scope: Scope,
    job: Callable[[Settings], Callable[[Target], FileResult]],
    jobs: int | None,
) -> Iterator[FileResult]:
    """Process `items` group by group (`groups`), each with the work `job` makes of its
    settings; results come in input order."""
    from ..runner import default_jobs, process

    n = jobs or default_jobs()
    for settings, run in groups(items, scope):
        yield from process(run, job(settings if settings is not None else scope.resolver.settings(None)), n)
