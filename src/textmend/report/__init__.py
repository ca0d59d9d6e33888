"""Rendering a `Repair` for people and tools. Nothing here decides a repair.

- `text`: the plain ``path:line:col: CODE message`` lines (linters' shape; pre-commit reads it);
- `terminal`: the same, coloured, plus a coloured diff and a summary table (rich), for a terminal;
- `json`, `html`, `sarif`: whole-run reports (``--report``), all rendered from one `Report`
  that the CLI fills file by file through a `Collector`;
- `catalogue`: the rule catalogue for ``textmend rules`` and README.
"""

from __future__ import annotations

from pathlib import Path

from .model import Collector, FileEntry, Report

__all__ = ["FORMATS", "Collector", "FileEntry", "Report", "format_for", "render"]

#: The formats of ``--report``.
FORMATS: tuple[str, ...] = ("json", "html", "sarif")

_SUFFIXES: dict[str, str] = {".json": "json", ".html": "html", ".htm": "html", ".sarif": "sarif"}


def format_for(path: Path) -> str | None:
    """The report format a file name implies (``out.sarif`` -> ``sarif``), or ``None``."""
    name = path.name.lower()
    if name.endswith(".sarif.json"):
        return "sarif"
    return _SUFFIXES.get(path.suffix.lower())


def render(report: Report, fmt: str) -> str:
    """`report` in format `fmt` (one of `FORMATS`), as text."""
    if fmt == "json":
        from . import json as renderer
    elif fmt == "html":
        from . import html as renderer  # type: ignore[no-redef]
    elif fmt == "sarif":
        from . import sarif as renderer  # type: ignore[no-redef]
    else:
        raise ValueError(f"unknown report format {fmt!r}")
    return renderer.render(report)
