"""The rule catalogue rendered for people: ``textmend rules`` and README's table.

`textmend.rules.RULES` is the one source of truth; README's "Rules" table is exactly
`markdown()` (a test checks it, and ``textmend rules --markdown`` prints it to paste).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..rules import RULES, Rule

if TYPE_CHECKING:
    from ..result import Change, Finding


def fix_column(rule: Rule) -> str:
    """Whether ``textmend fix`` applies the rule: ``yes``, ``opt-in`` (``--select``) or ``report``."""
    if not rule.fix:
        return "report"
    return "yes" if rule.default else "opt-in"


def plain() -> str:
    """The catalogue as aligned plain-text columns, one rule a line, with a header."""
    rows = [("code", "name", "fix", "description")] + [
        (r.code, r.name, fix_column(r), r.description) for r in RULES
    ]
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


#: One example input per rule, for ``textmend rules CODE``: (text or bytes, options). The
#: command runs it through the library, so what it shows is what textmend does today (a test
#: checks that each example fires its rule).
EXAMPLES: dict[str, tuple[str | bytes, dict[str, str]]] = {
    "TM101": ("Le café crème est prêt à côté de la fenêtre, déjà servi.\n".encode("cp1252"), {}),
    "TM102": ("Hello, world.\n".encode("utf-16"), {}),
    "TM201": ("Le cafÃ© est fermÃ© le lundi.\n", {}),
    "TM202": ("浣犲ソ锛屼笘鐣岋紒\n", {}),
    "TM401": ("Copyright ? 2001-2024 Acme Ltd.\n", {}),
    "TM402": ("Bake at 180 ?C for 20 minutes.\n", {}),
    "TM410": ("We met in Z?rich last year.\n", {}),
    "TM411": ("Le caf\ufffd est ferm\ufffd.\n", {}),
    "TM501": ("会议推迟到下周三上午十点，地点改在三楼。请在下午三點前把報告寄給陈经理，谢谢。\n", {}),
    "TM502": ("這是繁體中文。\n", {"script": "hans"}),
    "TM601": ("中国经(jīng)济(jì)发(fā)展(zhǎn)很快。\n", {}),
    "TM701": ("\ufeffname,city\n", {}),
}


def find(code: str) -> Rule | None:
    """The rule with `code` (any case), or None."""
    code = code.strip().upper()
    return next((r for r in RULES if r.code == code), None)


def explain(rule: Rule) -> str:
    """``textmend rules CODE``: the rule, what fix does with it, and its example run live."""
    import textmend

    from . import text as report_text

    out = [
        f"{rule.code} {rule.name}",
        "",
        f"  {rule.description}",
        "",
        f"  fix: {fix_column(rule)}"
        + {
            "yes": " (textmend fix applies it)",
            "opt-in": " (only with --select " + rule.code + ")",
            "report": " (never changed: reported for a person to look at)",
        }[fix_column(rule)],
    ]
    if rule.blocks_write:
        out.append("  a file with this finding is left alone (not written)")
    example = EXAMPLES.get(rule.code)
    if example is None:
        out += ["", "  (no example: it takes real files of that kind; see README, Rules)"]
        return "\n".join(out) + "\n"
    data, options = example
    select = None if rule.default else [rule.code]
    if isinstance(data, bytes):
        r = textmend.repair_bytes(data, select=select, **options)
        shown = f"{len(data)} bytes: {data[:40]!r}" + ("…" if len(data) > 40 else "")
    else:
        r = textmend.repair_text(data, select=select, **options)
        shown = repr(data)
    flags = "".join(f" --{k} {v}" for k, v in options.items()) + (f" --select {rule.code}" if select else "")
    out += ["", f"  Example (textmend fix{flags}):", f"    input   {shown}"]
    reported: list[Change | Finding] = [*r.changes, *r.findings]
    items = [i for i in reported if i.code == rule.code]
    for item in items:
        out.append(f"    reports {report_text.line('example', item)}")
    out.append(f"    output  {r.text!r}" + ("" if r.changed else "  (unchanged)"))
    return "\n".join(out) + "\n"
