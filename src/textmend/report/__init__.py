"""Rendering a `Repair` for people and tools. Nothing here decides a repair.

- `text`: the plain ``path:line:col: CODE message`` lines (linters' shape; pre-commit reads it);
- `terminal`: the same, coloured, plus a coloured diff and a summary table (rich), for a terminal;
- `json`, `html`, `sarif`: whole-run reports (``--report``), all rendered from one `Report`
  that the CLI fills file by file through a `Collector`;
- `catalogue`: the rule catalogue for ``textmend rules`` and README.
"""

from __future__ import annotations

from pathlib import Path

from .formats import BY_NAME, FORMATS, format_for_name
from .model import Collector, FileEntry, Report

__all__ = ["FORMATS", "Collector", "FileEntry", "Report", "format_for", "render"]


def format_for(path: Path) -> str | None:
    """The report format a file name implies (``out.sarif`` -> ``sarif``), or ``None``."""
    return format_for_name(path.name)


def render(report: Report, fmt: str) -> str:
    """`report` in format `fmt` (one of `FORMATS`), as text."""
    import importlib

    spec = BY_NAME.get(fmt)
    if spec is None:
        raise ValueError(f"unknown report format {fmt!r}")
    return importlib.import_module(spec.module, __name__).render(report)
