"""Output for a person at a terminal: a coloured diff, coloured problem lines, a summary table.

Colour and tables are for people only. They are used when standard output is a terminal,
and never when it is a pipe or a file, when ``NO_COLOR`` is set (https://no-color.org, any
non-empty value), when ``TERM=dumb``, or with ``--no-color``: then the output is the plain,
stable text that scripts and pre-commit read (see `report.text`). Everything printed here
goes through rich `Text` objects built piece by piece, never through rich markup, so a
file's content (``[bold]``, escape sequences) is printed as it is.
"""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..result import Change, Finding
from ..rules import BLOCKING, RULES
from . import text as report_text
from .catalogue import fix_column
from .color import wants_color  # noqa: F401 - re-exported: terminal.wants_color
from .model import STATUSES, Report

STATUS_STYLE: dict[str, str] = {
    "fixed": "green",
    "would-fix": "cyan",
    "findings": "yellow",
    "left-alone": "bold red",
    "clean": "dim",
    "skipped": "dim",
    "error": "bold red",
}


def console(stream: IO[str]) -> Console:
    """A rich console on `stream` that colours (the caller decided it should)."""
    return Console(
        file=stream, force_terminal=True, highlight=False, emoji=False, markup=False, soft_wrap=True
    )


def diff_text(diff: str) -> Text:
    """A unified diff with headers in bold, hunk lines in cyan, removals red and additions green."""
    out = Text()
    for line in diff.splitlines(keepends=True):
        if line.startswith(("---", "+++")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("+"):
            style = "green"
        else:
            style = ""
        out.append(line, style=style)
    return out


def problem_text(display: str, item: Change | Finding) -> Text:
    """``path:line:col: CODE message`` with the path bold and the code coloured by kind."""
    if isinstance(item, Change):
        code_style = "bold cyan"
    else:
        code_style = "bold red" if item.code in BLOCKING else "bold yellow"
    out = Text()
    out.append(display, style="bold")
    out.append(f":{item.line}:{item.col}:", style="dim")
    out.append(" ")
    out.append(item.code, style=code_style)
    out.append(" " + report_text.describe(item))
    return out


def summary_table(report: Report) -> Table:
    """One row per file that is not clean, and a caption with the totals."""
    s = report.summary()
    table = Table(title=f"textmend {report.command}", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("File", overflow="fold")
    table.add_column("Status")
    table.add_column("Encoding")
    table.add_column("Changes", justify="right")
    table.add_column("Findings", justify="right")
    table.add_column("Rules", overflow="fold")
    for e in report.files:
        if e.status == "clean":
            continue
        codes = sorted({i.code for i in e.items()})
        enc = e.encoding or ""
        if enc and e.status in ("fixed", "would-fix") and enc != "utf-8":
            enc += " → utf-8"
        table.add_row(
            Text(e.path),
            Text(e.status, style=STATUS_STYLE.get(e.status, "")),
            Text(enc),
            str(len(e.changes)),
            str(len(e.findings)),
            Text(", ".join(codes) or (e.message or "")),
        )
    statuses = ", ".join(f"{s.statuses[k]} {k}" for k in STATUSES if k in s.statuses)
    table.caption = (
        f"{s.files} file{'s' if s.files != 1 else ''}: {statuses or 'none'}; "
        f"{s.changes} change{'s' if s.changes != 1 else ''}, "
        f"{s.findings} finding{'s' if s.findings != 1 else ''}"
    )
    table.caption_justify = "left"
    return table


def print_summary(con: Console, report: Report) -> None:
    """The summary table, or one line when every file is clean."""
    if all(e.status == "clean" for e in report.files):
        n = len(report.files)
        con.print(Text(f"textmend: {n} file{'s' if n != 1 else ''}, all clean", style="green"))
        return
    con.print(summary_table(report))


def rules_table() -> Table:
    """The rule catalogue as a table (``textmend rules`` at a terminal)."""
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Code", style="bold")
    table.add_column("Name")
    table.add_column("Fix")
    table.add_column("Description", overflow="fold")
    for r in RULES:
        fix = fix_column(r)
        table.add_row(r.code, r.name, Text(fix, style="green" if fix == "yes" else "yellow"), r.description)
    return table
