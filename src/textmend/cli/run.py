"""From the command line to the run: the settings and the files to process."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .options import Script, UsageError, split

if TYPE_CHECKING:
    from .. import config as textmend_config
    from ..io.files import Problem, Target


def settings(
    script: Script | None, encoding: str | None, select: list[str] | None, ignore: list[str] | None
) -> textmend_config.Settings:
    """The run's settings: [tool.textmend] from the nearest pyproject.toml, the command line over it."""
    from .. import config as textmend_config

    return textmend_config.settings(
        textmend_config.load(), script=script.value if script else None, encoding=encoding,
        select=split(select), ignore=split(ignore),
    )


def targets(paths: list[str] | None, settings: textmend_config.Settings | None = None) -> list[Target | Problem]:
    """The files to process, less those the config excludes; no path means piped standard input."""
    from ..io.files import walk

    if not paths:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("no path given (use '-' to read standard input)")
        paths = ["-"]
    found = list(walk(paths))
    return settings.filter(found) if settings is not None else found
