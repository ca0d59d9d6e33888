"""``textmend rules``: the rule catalogue."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from . import output as out
from .options import NoColorOpt


def rules(
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalogue as JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the catalogue as a Markdown table.")] = False,
    no_color: NoColorOpt = False,
) -> int:
    """List every rule: its code, name, whether fix applies it by default, and what it means.

    'fix' is yes (fix applies it), opt-in (only with --select) or report (never changed, only
    reported). Select or ignore rules by code or prefix: --select TM2, --ignore TM101.

    \b
    Examples:
      textmend rules
      textmend rules --json | jq '.[].code'
    """
    from ..report import catalogue
    from ..report.color import wants_color

    if as_json:
        typer.echo(json.dumps(catalogue.as_json(), ensure_ascii=False, indent=2))
    elif markdown:
        typer.echo(catalogue.markdown(), nl=False)
    elif wants_color(sys.stdout, no_color):
        from ..report import terminal

        terminal.console(sys.stdout).print(terminal.rules_table())
    else:
        typer.echo(catalogue.plain(), nl=False)
    return out.EXIT_CLEAN
