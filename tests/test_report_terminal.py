"""Terminal output: colour and a summary table on a terminal; plain text everywhere else.

The terminal tests run the real console script on a pseudo-terminal, as a person's shell
would, and read what it prints.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from rich.text import Text
from test_report_json import BAKERY_MOJIBAKE, NOTICE, workspace

from textmend.report import terminal
from textmend.result import Change

ESC = "\x1b["


def on_terminal(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run ``textmend ARGS`` with stdout and stderr on a pseudo-terminal; exit code and output."""
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    full_env.update({"TERM": "xterm-256color", "COLUMNS": "160", "LINES": "50", **(env or {})})
    proc = subprocess.Popen(
        [sys.executable, "-m", "textmend", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=full_env,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError("textmend did not finish on the terminal")
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    code = proc.wait(timeout=60)
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def plain(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "textmend", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=full_env,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    workspace(tmp_path)
    return tmp_path


def test_check_on_a_terminal_is_coloured_with_a_summary_table(damaged: Path) -> None:
    code, out = on_terminal("check", ".", cwd=damaged)
    assert code == 1
    assert ESC in out
    assert "\x1b[1;36mTM201\x1b[0m" in out  # the rule code stands out
    # the table: a header and one row per file that is not clean, then the totals
    header = next(line for line in out.splitlines() if "Status" in line)
    for column in ("File", "Encoding", "Changes", "Findings", "Rules"):
        assert column in header
    assert "gb18030 → utf-8" in out
    assert "4 files: 3 would-fix, 1 clean; 4 changes, 0 findings" in out
    assert "clean.txt" not in out


@pytest.mark.parametrize("how", ["NO_COLOR", "--no-color", "pipe"])
def test_plain_when_asked_or_not_a_terminal(damaged: Path, how: str) -> None:
    expected = plain("check", ".", cwd=damaged)
    assert expected.returncode == 1
    assert ESC not in expected.stdout + expected.stderr
    if how == "pipe":
        out = expected.stdout + expected.stderr
    else:
        args = ("check", "--no-color", ".") if how == "--no-color" else ("check", ".")
        code, out = on_terminal(*args, cwd=damaged, env={"NO_COLOR": "1"} if how == "NO_COLOR" else None)
        assert code == 1
    assert ESC not in out
    lines = out.splitlines()
    assert (
        "bakery.txt:1:14: TM201 mojibake: utf-8 read as windows-1252: 'Ã¨re prÃ©pare des brioches Ã\\xa0 "
        "la crÃ¨' -> 'ère prépare des brioches à la crè'" in lines
    )
    assert "4 problems in 3 of 4 files" in lines
    assert not any("Status" in line for line in lines)


def test_fix_on_a_terminal_shows_the_table_instead_of_one_line_per_file(damaged: Path) -> None:
    code, out = on_terminal("fix", ".", cwd=damaged)
    assert code == 0
    assert (damaged / "notice.txt").read_text(encoding="utf-8") == NOTICE
    assert "fixed notice.txt" not in out
    assert "3 fixed, 1 clean" in out
    code, out = on_terminal("fix", ".", cwd=damaged)
    assert code == 0
    assert "4 files, all clean" in out


def test_quiet_prints_no_table(damaged: Path) -> None:
    code, out = on_terminal("fix", "--quiet", ".", cwd=damaged)
    assert code == 0
    assert out == ""


def test_diff_on_a_terminal_is_coloured(tmp_path: Path) -> None:
    (tmp_path / "bakery.txt").write_text(BAKERY_MOJIBAKE, encoding="utf-8")
    code, out = on_terminal("fix", "--diff", "bakery.txt", cwd=tmp_path)
    assert code == 1
    first = BAKERY_MOJIBAKE.splitlines()[0]
    assert f"\x1b[31m-{first}" in out
    assert "\x1b[32m+Notre boulangère" in out
    assert "\x1b[1m--- a/bakery.txt" in out
    assert (tmp_path / "bakery.txt").read_text(encoding="utf-8") == BAKERY_MOJIBAKE
    # and plain through a pipe: the exact unified diff
    piped = plain("fix", "--diff", "bakery.txt", cwd=tmp_path)
    assert piped.stdout.startswith("--- a/bakery.txt\n+++ b/bakery.txt\n@@ ")


def test_text_from_a_file_is_never_read_as_markup_or_escapes() -> None:
    change = Change("TM201", "mojibake", "[bold]Ã©[/bold]", "[bold]é[/bold]", line=3, col=1)
    con_text = terminal.problem_text("notes [red].txt", change)
    assert isinstance(con_text, Text)
    assert con_text.plain == "notes [red].txt:3:1: TM201 mojibake: '[bold]Ã©[/bold]' -> '[bold]é[/bold]'"
    diff = terminal.diff_text("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-[link=x]a\n+\x1b[2Jb\n")
    assert "[link=x]a" in diff.plain


def test_wants_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert terminal.wants_color(Tty())  # type: ignore[arg-type]
    assert not terminal.wants_color(Tty(), no_color=True)  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "")
    assert terminal.wants_color(Tty())  # type: ignore[arg-type]  # an empty NO_COLOR does not count
    monkeypatch.setenv("NO_COLOR", "1")
    assert not terminal.wants_color(Tty())  # type: ignore[arg-type]
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not terminal.wants_color(Tty())  # type: ignore[arg-type]
