"""The options that several commands share, declared once (typer `Annotated` types).

Each command module names these in its signature; help texts and defaults live only here.
Nothing heavy is imported: the command modules import the library inside their functions,
so that ``textmend --help`` and a check of one small file start quickly.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..report.formats import FORMATS, help_text

try:  # typer 0.29 vendors click; its exceptions are what parsing raises
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover - older typer depends on click instead
    from click import exceptions as click_exc  # type: ignore[no-redef]

UsageError = click_exc.UsageError
ClickException = click_exc.ClickException


class Script(str, Enum):
    keep = "keep"
    auto = "auto"
    hans = "hans"
    hant = "hant"
    tw = "tw"
    hk = "hk"


#: The choices of ``--report``, from the one registry of report formats.
ReportFormat = Enum("ReportFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


PathsArg = Annotated[
    Optional[list[str]],  # noqa: UP007, UP045 - typer needs Optional on 3.10
    typer.Argument(
        metavar="PATH",
        help="Files or folders (recursed). '-' or no path with piped input: standard input.",
        show_default=False,
    ),
]
ScriptOpt = Annotated[
    Optional[Script],  # noqa: UP007, UP045
    typer.Option(
        "--script",
        help="Chinese script: keep (never convert), auto (repair mixed documents; the default), or convert "
        "to hans (Simplified), hant (Traditional), tw (Taiwan), hk (Hong Kong).",
        case_sensitive=False,
        show_default=False,
    ),
]
EncodingOpt = Annotated[
    Optional[str],  # noqa: UP007, UP045
    typer.Option(
        "--encoding",
        "-e",
        metavar="ENCODING",
        help="Source encoding, instead of detecting it (e.g. gbk, big5, cp1252).",
        show_default=False,
    ),
]
SelectOpt = Annotated[
    Optional[list[str]],  # noqa: UP007, UP045
    typer.Option(
        "--select",
        metavar="CODES",
        help="Only these rule codes or prefixes (repeat, or comma-separate).",
        show_default=False,
    ),
]
IgnoreOpt = Annotated[
    Optional[list[str]],  # noqa: UP007, UP045
    typer.Option(
        "--ignore",
        metavar="CODES",
        help="Skip these rule codes or prefixes (repeat, or comma-separate).",
        show_default=False,
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
JobsOpt = Annotated[
    Optional[int],  # noqa: UP007, UP045
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        min=1,
        help="Files processed in parallel (default: the number of cores).",
        show_default=False,
    ),
]
ReportOpt = Annotated[
    Optional[ReportFormat],  # noqa: UP007, UP045
    typer.Option(
        "--report",
        help=f"Also write a report of the whole run: {help_text()}.",
        case_sensitive=False,
        show_default=False,
    ),
]
ReportFileOpt = Annotated[
    Optional[Path],  # noqa: UP007, UP045
    typer.Option(
        "--report-file",
        metavar="FILE",
        help="Write the report here (default: standard output). "
        "Without --report, the format comes from the name (.json, .html, .sarif).",
        show_default=False,
    ),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="Plain output even on a terminal (as when NO_COLOR is set).")
]


def split(values: list[str] | None) -> list[str] | None:
    """Repeated and comma-separated values as one list (``--select TM1,TM2 --select TM7``)."""
    if values is None:
        return None
    return [v for raw in values for v in raw.split(",") if v.strip()]


# --------------------------------------------------------------------------- files and configuration

ConfigOpt = Annotated[
    Optional[Path],  # noqa: UP007, UP045
    typer.Option(
        "--config",
        metavar="FILE",
        help="Use this configuration file (pyproject.toml or textmend.toml) "
        "for every file, instead of the one nearest to each.",
        show_default=False,
    ),
]
IsolatedOpt = Annotated[bool, typer.Option("--isolated", help="Read no configuration file.")]
NoRespectGitignoreOpt = Annotated[
    bool,
    typer.Option(
        "--no-respect-gitignore", help="Walk into what .gitignore, .ignore and .git/info/exclude leave out."
    ),
]
ForceExcludeOpt = Annotated[
    bool,
    typer.Option(
        "--force-exclude",
        help="Leave out files named on the command line too when the ignore "
        "files exclude them (for pre-commit, which names files one by one).",
    ),
]
StdinFilenameOpt = Annotated[
    Optional[str],  # noqa: UP007, UP045
    typer.Option(
        "--stdin-filename",
        metavar="PATH",
        help="The name of standard input: for messages, and to find "
        "its configuration, per-file ignores and excludes.",
        show_default=False,
    ),
]

# --------------------------------------------------------------------------- exit status and output

ExitZeroOpt = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when problems remain (errors still exit 2).")
]
StatisticsOpt = Annotated[bool, typer.Option("--statistics", help="Print how many problems each rule found.")]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Say, per file, which encoding was chosen and why, and which configuration applied (on stderr).",
    ),
]
