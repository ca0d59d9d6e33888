"""The rule catalogue rendered for people: ``textmend rules`` and README's table.

`textmend.rules.RULES` is the one source of truth; README's "Rules" table is exactly
`markdown()` (a test checks it, and ``textmend rules --markdown`` prints it to paste).
"""

from __future__ import annotations

from typing import Any

from ..rules import RULES, Rule


def fix_column(rule: Rule) -> str:
    """Whether ``textmend fix`` applies the rule: ``yes``, ``opt-in`` (``--select``) or ``report``."""
    if not rule.fix:
        return "report"
    return "yes" if rule.default else "opt-in"


def plain() -> str:
    """The catalogue as aligned plain-text columns, one rule a line, with a header."""
    rows = [("code", "name", "fix", "description")] + [(r.code, r.name, fix_column(r), r.description) for r in RULES]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "".join(
        f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}\n" for row in rows
    )


def _cell(s: str) -> str:
    return s.replace("|", "\\|")


def markdown() -> str:
    """The catalogue as a Markdown table (README's "Rules" section)."""
    lines = ["| code | name | fix | description |", "|---|---|---|---|"]
    lines += [f"| {r.code} | {r.name} | {fix_column(r)} | {_cell(r.description)} |" for r in RULES]
    return "\n".join(lines) + "\n"


def as_json() -> list[dict[str, Any]]:
    """The catalogue as JSON-ready records."""
    return [
        {
            "code": r.code,
            "name": r.name,
            "description": r.description,
            "fix": r.fix,
            "default": r.default,
            "blocks_write": r.blocks_write,
        }
        for r in RULES
    ]
