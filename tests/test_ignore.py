""".gitignore, .ignore and .git/info/exclude, respected like ruff respects them."""

from __future__ import annotations

from pathlib import Path

import pytest

MOJIBAKE = "Le cafÃ© est fermÃ© le lundi.\n"


def _files(tmp_path: Path, names: list[str]) -> None:
    for name in names:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(MOJIBAKE, encoding="utf-8")


def _checked(cli, *args: str) -> set[str]:
    r = cli("check", *args)
    assert r.code in (0, 1), r.err
    return {line.split(":", 1)[0] for line in r.text.splitlines()}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("secret.txt\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("# build output\n*.log\n!keep.log\nbuild/\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("!again.log\nlocal.txt\n", encoding="utf-8")
    (tmp_path / ".ignore").write_text("vendored/\n", encoding="utf-8")
    _files(
        tmp_path,
        [
            "a.txt",
            "x.log",
            "keep.log",
            "build/out.txt",
            "secret.txt",
            "sub/again.log",
            "sub/other.log",
            "sub/local.txt",
            "vendored/lib.txt",
            "sub/deep/local.txt",
        ],
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_folder_walk_leaves_out_what_the_ignore_files_ignore(cli, repo: Path) -> None:
    assert _checked(cli, ".") == {"a.txt", "keep.log", "sub/again.log"}


def test_no_respect_gitignore_walks_everything(cli, repo: Path) -> None:
    assert _checked(cli, "--no-respect-gitignore", ".") == {
        "a.txt",
        "x.log",
        "keep.log",
        "build/out.txt",
        "secret.txt",
        "sub/again.log",
        "sub/other.log",
        "sub/local.txt",
        "vendored/lib.txt",
        "sub/deep/local.txt",
    }


def test_a_file_named_on_the_command_line_is_processed_unless_force_exclude(cli, repo: Path) -> None:
    assert _checked(cli, "x.log", "build/out.txt", "a.txt") == {"x.log", "build/out.txt", "a.txt"}
    assert _checked(cli, "--force-exclude", "x.log", "build/out.txt", "a.txt") == {"a.txt"}
    r = cli("fix", "--force-exclude", "x.log")
    assert r.code == 0 and (repo / "x.log").read_text(encoding="utf-8") == MOJIBAKE


def test_outside_git_only_ignore_files_below_the_folder_given_count(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".gitignore").write_text("*.txt\n", encoding="utf-8")  # above the project: not its rules
    project = tmp_path / "project"
    _files(project, ["a.txt", "b.md", "tmp/c.txt"])
    (project / ".gitignore").write_text("tmp/\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert _checked(cli, ".") == {"a.txt", "b.md"}


def test_standard_input_named_with_stdin_filename_follows_the_ignore_files(cli, repo: Path) -> None:
    data = MOJIBAKE.encode()
    r = cli("fix", "--force-exclude", "--stdin-filename", "build/out.txt", "-", stdin=data)
    assert (r.code, r.out) == (0, data)  # ignored: passed through unchanged
    r = cli("fix", "--force-exclude", "--stdin-filename", "a.txt", "-", stdin=data)
    assert (r.code, r.text) == (0, "Le café est fermé le lundi.\n")
