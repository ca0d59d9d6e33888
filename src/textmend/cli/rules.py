"""``textmend rules``: the rule catalogue."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer

from . import output as out
from .options import NoColorOpt, UsageError


def rules(
    code: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Argument(
            metavar="[CODE]", help="One rule (TM201): what it means, and an example run.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalogue as JSON.")] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the catalogue as a Markdown table.")
    ] = False,
    no_color: NoColorOpt = False,
) -> int:
    """List every rule: its code, name, whether fix applies it by default, and what it means.

    'fix' is yes (fix applies it), opt-in (only with --select) or report (never changed, only
    reported). Select or ignore rules by code or prefix: --select TM2, --ignore TM101.

    \b
    Examples:
      textmend rules
      textmend rules TM201                   one rule, with an example
      textmend rules --json | jq '.[].code'
    """
    from ..report import catalogue
    from ..report.color import wants_color

    if code is not None:
        rule = catalogue.find(code)
        if rule is None:
            raise UsageError(f"unknown rule code {code!r} (textmend rules lists them)")
        if as_json:
            typer.echo(
                json.dumps(
                    next(r for r in catalogue.as_json() if r["code"] == rule.code),
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            typer.echo(catalogue.explain(rule), nl=False)
        return out.EXIT_CLEAN
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
