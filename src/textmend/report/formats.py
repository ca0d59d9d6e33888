"""The report formats of ``--report``: one registry, that the CLI's choices, the format implied
by a ``--report-file`` name and `render` all read.

Kept free of imports, so that the command line can list the formats without loading a renderer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportFormat:
    """One format: its name, the module under `textmend.report` with its ``render(report)``,
    the file-name endings that imply it, and what it is for (the help text)."""

    name: str
    module: str
    suffixes: tuple[str, ...]
    purpose: str


#: Every format, in the order help texts list them.
REGISTRY: tuple[ReportFormat, ...] = (
    ReportFormat("json", ".json", (".json",), "for scripts"),
    ReportFormat("html", ".html", (".html", ".htm"), "to read in a browser"),
    ReportFormat("sarif", ".sarif", (".sarif", ".sarif.json"), "GitHub code scanning"),
)

#: The names of the formats.
FORMATS: tuple[str, ...] = tuple(f.name for f in REGISTRY)

BY_NAME: dict[str, ReportFormat] = {f.name: f for f in REGISTRY}


def format_for_name(name: str) -> str | None:
    """The format a file name implies (``out.sarif`` -> ``sarif``; the longest ending wins, so
    ``x.sarif.json`` is SARIF), or ``None``."""
    name = name.lower()
    best = max(
        ((s, f.name) for f in REGISTRY for s in f.suffixes if name.endswith(s)),
        default=None,
        key=lambda sf: len(sf[0]),
    )
    return best[1] if best else None


def help_text() -> str:
    """``json (for scripts), html (...), sarif (...)``, for the option's help."""
    return ", ".join(f"{f.name} ({f.purpose})" for f in REGISTRY)
