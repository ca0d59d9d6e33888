"""The rule catalogue: one source (rules.py) for `textmend rules`, SARIF and README's table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from textmend.report import catalogue
from textmend.rules import BLOCKING, BY_CODE, RULES, enabled_codes

ROOT = Path(__file__).resolve().parent.parent


def test_codes_are_well_formed_and_unique() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes)) == len(BY_CODE)
    assert codes == sorted(codes)
    assert all(re.fullmatch(r"TM[1-9]\d\d", c) for c in codes)
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)


def test_each_rule_has_a_one_line_description_and_a_fix_status() -> None:
    for r in RULES:
        assert r.description and "\n" not in r.description and len(r.description) < 120, r.code
        assert catalogue.fix_column(r) in ("yes", "opt-in", "report")
        if r.blocks_write:
            assert not r.fix, f"{r.code} blocks writing, so it cannot be a fix"
    assert BLOCKING == {r.code for r in RULES if r.blocks_write}


def test_readme_rule_table_is_the_catalogue() -> None:
    """README's table is `textmend rules --markdown`: regenerate it when rules.py changes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Rules\n", 1)[1].split("\n## ", 1)[0]
    table = "\n".join(line for line in section.splitlines() if line.startswith("|")) + "\n"
    assert table == catalogue.markdown()


def test_rules_command_lists_every_rule(cli) -> None:
    r = cli("rules")
    assert r.code == 0
    lines = r.text.splitlines()
    assert lines[0].split() == ["code", "name", "fix", "description"]
    assert len(lines) == len(RULES) + 1
    for line, rule in zip(lines[1:], RULES):
        code, name, fix, description = line.split(None, 3)
        assert (code, name, fix, description) == (
            rule.code,
            rule.name,
            catalogue.fix_column(rule),
            rule.description,
        )


def test_rules_json_and_markdown(cli) -> None:
    data = json.loads(cli("rules", "--json").text)
    assert [d["code"] for d in data] == [r.code for r in RULES]
    assert {d["code"]: d["fix"] for d in data} == {r.code: r.fix for r in RULES}
    assert cli("rules", "--markdown").text == catalogue.markdown()


@pytest.mark.parametrize(
    "select, ignore, on, off",
    [
        (None, (), {"TM101", "TM201", "TM701"}, set()),
        (["TM2"], (), {"TM201", "TM204"}, {"TM101", "TM701"}),
        (None, ["TM2"], {"TM101"}, {"TM201", "TM202"}),
        (["TM2"], ["TM201"], {"TM202"}, {"TM201"}),
        (["ALL"], ["TM"], set(), {"TM101"}),
        (["TM201"], ["TM2"], {"TM201"}, {"TM202"}),  # the longer code wins
    ],
)
def test_select_and_ignore_by_code_or_prefix(select, ignore, on: set[str], off: set[str]) -> None:
    codes = enabled_codes(select, ignore)
    assert on <= codes
    assert not (off & codes)


def test_select_and_ignore_reach_the_cli(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes("\ufeffCrÃ¨me brÃ»lÃ©e\n".encode())

    def codes(*args: str) -> set[str]:
        return {line.split()[1] for line in cli("check", *args, str(p)).text.splitlines()}

    assert codes() == {"TM201", "TM701"}
    assert codes("--select", "TM2") == {"TM201"}
    assert codes("--ignore", "TM2,TM7") == set()
    assert codes("--select", "TM", "--ignore", "TM701") == {"TM201"}
