"""The ``textmend`` application: the commands, the global options, and the one place errors end.

The CLI is a thin shell over the library: it parses options, walks paths, reads bytes, hands
them to the pipeline, renders what comes back and writes files atomically. It never decides a
repair. Each command lives in its own module; the shared options are in `options`.
"""

from __future__ import annotations

import signal
import sys
from typing import Annotated

import typer

from .. import __version__
from . import check, corpus, detect, fix, rules
from .options import ClickException, UsageError
from .output import EXIT_CLEAN, EXIT_ERROR, err

app = typer.Typer(
    name="textmend",
    help="Repair broken text: wrong and mixed encodings, mojibake, lost characters, "
    "Chinese script damage.\n\n"
    "Exit codes: 0 nothing left to do (fix repaired everything it found), 1 problems remain, "
    "2 usage or I/O error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

app.command()(fix.fix)
app.command()(check.check)
app.command()(rules.rules)
app.command()(detect.detect)
app.command()(corpus.corpus)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"textmend {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Repair broken text: wrong and mixed encodings, mojibake, lost characters, Chinese script damage.

    \b
    Examples:
      textmend fix notes.txt            repair a file in place
      textmend check .                  list problems, change nothing
      textmend detect data.csv          which encoding is this?
      textmend rules                    every rule code, and what fix does with it

    Exit codes: 0 nothing left to do (fix repaired everything it found), 1 problems remain,
    2 usage or I/O error.
    """


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and turn every failure into one line and exit code 2."""
    from ..errors import TextmendError

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `textmend detect . | head` ends quietly, like cat
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        rv = app(args=argv, prog_name="textmend", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:  # raised inside typer for a few conditions
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    except typer.Abort:
        err("textmend: aborted")
        return 130
    except UsageError as exc:  # one line, like every other error (not click's four)
        command = exc.ctx.command_path if exc.ctx is not None else "textmend"
        err(f"textmend: error: {exc.format_message()} (see '{command} -h')")
        return EXIT_ERROR
    except ClickException as exc:
        err(f"textmend: error: {exc.format_message()}")
        return EXIT_ERROR
    except TextmendError as exc:
        err(f"textmend: error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err("textmend: interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        err(f"textmend: error: unexpected {type(exc).__name__}: {exc}")
        return EXIT_ERROR
    return rv if isinstance(rv, int) else EXIT_CLEAN
