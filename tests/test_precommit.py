"""The pre-commit hooks, run by pre-commit itself on a throwaway git repository.

`pre-commit try-repo` installs this repository into a virtual environment of its own (with
pip, from the configured package indexes) and runs a hook from .pre-commit-hooks.yaml on the
files of another repository, exactly as a user's commit would.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_manifest
from test_report_json import BAKERY, BAKERY_MOJIBAKE, NOTICE

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _is_git_checkout() -> bool:
    if shutil.which("git") is None:
        return False
    proc = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
    )
    return proc.returncode == 0 and Path(proc.stdout.strip()).resolve() == ROOT


def test_manifest_has_a_check_hook_that_never_writes_and_a_fix_hook() -> None:
    hooks = {h["id"]: h for h in load_manifest(str(MANIFEST))}  # pre-commit's own validation
    assert set(hooks) == {"textmend-check", "textmend-fix"}
    assert hooks["textmend-check"]["entry"] == "textmend check --force-exclude"
    assert hooks["textmend-fix"]["entry"] == "textmend fix --force-exclude"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["text"]


def test_readme_snippet_names_hooks_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    [snippet] = re.findall(r"```yaml\n(.+?)```", section, re.DOTALL)
    config = yaml.safe_load(snippet)
    ids = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
    assert ids and ids <= {h["id"] for h in load_manifest(str(MANIFEST))}


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def user_repo(tmp_path: Path) -> Path:
    """A git repository with a GBK file, a mojibake file and a clean file, all staged."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = tmp_path / "user-repo"
    repo.mkdir()
    (repo / "notice.txt").write_bytes(NOTICE.encode("gbk"))
    (repo / "bakery.md").write_text(BAKERY_MOJIBAKE, encoding="utf-8")
    (repo / "clean.txt").write_text("Ein ganz normaler Satz über Käse.\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=_env(None))
    return repo


def _env(home: Path | None) -> dict[str, str]:
    # no GIT_DIR, GIT_INDEX_FILE, ... from an enclosing hook run; no colour
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        {
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.invalid",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.invalid",
            "NO_COLOR": "1",
        }
    )
    if home is not None:
        env["PRE_COMMIT_HOME"] = str(home)
    return env


def try_repo(hook: str | None, repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo <this repo> [HOOK] --all-files`` (every hook when `hook` is None)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            *([hook] if hook else []),
            "--all-files",
            "--color",
            "never",
        ],
        cwd=repo,
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.skipif(not _is_git_checkout(), reason="try-repo needs this project as a git checkout")
def test_try_repo_fix_fails_with_the_files_fixed_then_passes(user_repo: Path, pre_commit_home: Path) -> None:
    first = try_repo("textmend-fix", user_repo, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert re.search(r"textmend fix\.+Failed", first.stdout)
    assert "files were modified by this hook" in first.stdout
    assert "fixed notice.txt: 1 change (TM101)" in first.stdout
    assert (user_repo / "notice.txt").read_text(encoding="utf-8") == NOTICE
    assert (user_repo / "bakery.md").read_text(encoding="utf-8") == BAKERY

    # the second run, with both hooks: nothing left to fix, nothing left to report
    second = try_repo(None, user_repo, pre_commit_home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert re.search(r"textmend fix\.+Passed", second.stdout)
    assert re.search(r"textmend check\.+Passed", second.stdout)


def run_hook(hook_id: str, repo: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    """A hook's entry, run as pre-commit runs it: file names as arguments, no terminal."""
    [hook] = [h for h in load_manifest(str(MANIFEST)) if h["id"] == hook_id]
    exe = shutil.which("textmend", path=os.path.dirname(sys.executable))
    entry = shlex.split(hook["entry"])
    cmd = [exe, *entry[1:]] if exe else [sys.executable, "-m", "textmend", *entry[1:]]
    return subprocess.run(
        [*cmd, *hook["args"], *files],
        cwd=repo,
        capture_output=True,
        text=True,
        env=_env(None),
        timeout=120,
        check=False,
    )


def test_fix_hook_exits_0_when_it_repaired_everything_and_1_while_damage_remains(user_repo: Path) -> None:
    proc = run_hook("textmend-fix", user_repo, ["bakery.md", "clean.txt", "notice.txt"])
    assert proc.returncode == 0, proc.stderr  # pre-commit still fails the commit: the files changed
    assert (user_repo / "bakery.md").read_text(encoding="utf-8") == BAKERY
    fixture = user_repo / "fixture.txt"
    fixture.write_text("Z\ufffdrich\n", encoding="utf-8")
    assert run_hook("textmend-fix", user_repo, ["fixture.txt"]).returncode == 1
    fixture.write_text("Z\ufffdrich  <!-- textmend: ignore[TM411] -->\n", encoding="utf-8")
    assert run_hook("textmend-fix", user_repo, ["fixture.txt"]).returncode == 0


def test_hooks_leave_out_named_files_that_gitignore_covers(user_repo: Path) -> None:
    (user_repo / ".gitignore").write_text("generated/\n", encoding="utf-8")
    (user_repo / "generated").mkdir()
    (user_repo / "generated" / "dump.txt").write_text(BAKERY_MOJIBAKE, encoding="utf-8")
    subprocess.run(["git", "add", "-f", "generated/dump.txt"], cwd=user_repo, check=True, env=_env(None))
    proc = run_hook("textmend-fix", user_repo, ["generated/dump.txt"])
    assert (proc.returncode, proc.stderr) == (0, "")
    assert (user_repo / "generated" / "dump.txt").read_text(encoding="utf-8") == BAKERY_MOJIBAKE


def test_check_hook_reports_and_never_writes(user_repo: Path) -> None:
    """The check hook's entry, run as pre-commit runs it: file names as arguments, no terminal."""
    proc = run_hook("textmend-check", user_repo, ["bakery.md", "clean.txt", "notice.txt"])
    assert proc.returncode == 1
    assert proc.stdout.startswith("bakery.md:1:14: TM201 mojibake")
    assert "notice.txt:1:1: TM101 decoded from gb18030" in proc.stdout
    assert "clean.txt" not in proc.stdout
    assert (user_repo / "notice.txt").read_bytes() == NOTICE.encode("gbk")
    assert (user_repo / "bakery.md").read_text(encoding="utf-8") == BAKERY_MOJIBAKE
