"""README and CI agree: CI runs exactly the commands README tells a new user to run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Try it", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_gives_two_commands_and_ci_runs_them() -> None:
    install, tests = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for part in install.split(" && "):
        assert part in ci, part
    assert tests in ci


def test_readme_sample_exists() -> None:
    install, _tests = _readme_commands()
    sample = re.search(r"textmend fix (\S+)", install)
    assert sample and (ROOT / sample.group(1)).is_file()


def test_ci_runs_each_readme_command_as_its_own_line_and_needs_it_to_succeed() -> None:
    # `set -e` makes any failure fail CI; a command wrapped in `|| status=$?` would hide that
    install, tests = _readme_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "set -euo pipefail" in ci_lines
    for part in [*install.split(" && "), tests]:
        assert part in ci_lines, part


def test_the_readme_sample_is_repaired_completely_so_fix_exits_0(cli, tmp_path: Path) -> None:
    install, _tests = _readme_commands()
    sample = re.search(r"textmend fix (\S+)", install)
    assert sample
    out = tmp_path / "fixed.txt"
    r = cli("fix", str(ROOT / sample.group(1)), "-o", str(out))
    assert r.code == 0, r.err
    assert out.read_bytes() == (ROOT / "samples" / "clean" / "latin-quotes.txt").read_bytes()
