"""The command line: exit codes, in-place writes, stdin/stdout, --diff, -o, check and detect."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

MOJIBAKE = "Le cafÃ© est fermÃ© le lundi.\n".encode()
FIXED = "Le café est fermé le lundi.\n".encode()


@pytest.fixture
def gbk_file(tmp_path: Path) -> Path:
    p = tmp_path / "notes.txt"
    shutil.copy(SAMPLES / "legacy" / "zh-hans.gbk.txt", p)
    return p


def test_fix_rewrites_a_legacy_file_as_utf8_and_keeps_its_permissions(cli, gbk_file: Path) -> None:
    os.chmod(gbk_file, 0o640)
    r = cli("fix", str(gbk_file))
    assert r.code == 0
    assert gbk_file.read_bytes() == (SAMPLES / "clean" / "zh-hans.txt").read_bytes()
    assert stat.S_IMODE(gbk_file.stat().st_mode) == 0o640
    assert f"fixed {gbk_file}" in r.err
    assert not list(gbk_file.parent.glob("*.textmend-tmp"))


def test_fix_leaves_clean_files_untouched_and_exits_0(cli, tmp_path: Path) -> None:
    p = tmp_path / "clean.txt"
    shutil.copy(SAMPLES / "clean" / "zh-hant.txt", p)
    before = p.stat().st_mtime_ns
    r = cli("fix", str(p))
    assert r.code == 0
    assert p.stat().st_mtime_ns == before
    assert r.err == ""


def test_fix_diff_prints_a_unified_diff_and_writes_nothing(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    r = cli("fix", "--diff", str(p))
    assert r.code == 1
    assert p.read_bytes() == MOJIBAKE
    lines = r.text.splitlines()
    assert lines[0] == f"--- {p}" and lines[1] == f"+++ {p}"
    assert "-Le cafÃ© est fermÃ© le lundi." in lines
    assert "+Le café est fermé le lundi." in lines


def test_fix_diff_on_clean_file_is_empty_and_exits_0(cli, tmp_path: Path) -> None:
    p = tmp_path / "ok.txt"
    p.write_bytes(FIXED)
    r = cli("fix", "--diff", str(p))
    assert (r.code, r.out) == (0, b"")


def test_fix_output_writes_elsewhere(cli, tmp_path: Path) -> None:
    src, dst = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_bytes(MOJIBAKE)
    r = cli("fix", str(src), "-o", str(dst))
    assert r.code == 0
    assert dst.read_bytes() == FIXED
    assert src.read_bytes() == MOJIBAKE


def test_fix_output_needs_exactly_one_input(cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(FIXED)
    b.write_bytes(FIXED)
    r = cli("fix", str(a), str(b), "-o", str(tmp_path / "c.txt"))
    assert r.code == 2
    assert "exactly one" in r.err


def test_fix_dash_reads_stdin_and_writes_stdout(cli) -> None:
    r = cli("fix", "-", stdin=MOJIBAKE)
    assert (r.code, r.out) == (0, FIXED)


def test_fix_without_path_reads_piped_stdin(cli) -> None:
    r = cli("fix", stdin=FIXED)
    assert (r.code, r.out) == (0, FIXED)


def test_stdin_legacy_bytes_come_out_as_utf8(cli) -> None:
    data = (SAMPLES / "legacy" / "zh-hant.big5.txt").read_bytes()
    r = cli("fix", "-", stdin=data)
    assert r.out == (SAMPLES / "clean" / "zh-hant.txt").read_bytes()
    assert r.code == 0


def test_check_lists_problems_like_a_linter_and_writes_nothing(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(b"Menu\n" + MOJIBAKE)
    r = cli("check", str(p))
    assert r.code == 1
    assert p.read_bytes() == b"Menu\n" + MOJIBAKE
    [line] = r.text.splitlines()
    assert line.startswith(f"{p}:2:7: TM201 ")
    assert line.endswith(": 'Ã© est fermÃ©' -> 'é est fermé'")
    assert "1 problem in 1 of 1 file" in r.err


def test_check_clean_folder_exits_0_with_a_summary(cli, tmp_path: Path) -> None:
    shutil.copytree(SAMPLES / "clean", tmp_path / "clean")
    r = cli("check", str(tmp_path))
    assert r.code == 0
    assert r.out == b""
    assert f"no problems in {len(list((SAMPLES / 'clean').iterdir()))} files" in r.err


def test_folders_recurse_and_skip_vcs_folders(cli, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs" / "a.txt").write_bytes(MOJIBAKE)
    (tmp_path / ".git" / "b.txt").write_bytes(MOJIBAKE)
    r = cli("fix", str(tmp_path))
    assert r.code == 0
    assert (tmp_path / "docs" / "a.txt").read_bytes() == FIXED
    assert (tmp_path / ".git" / "b.txt").read_bytes() == MOJIBAKE


def test_binary_files_are_skipped_with_a_note_and_never_rewritten(cli, tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    p = tmp_path / "image.png"
    p.write_bytes(png)
    q = tmp_path / "blob.bin"
    q.write_bytes(b"abc\x00\xff\xfe\x00" * 50)
    r = cli("fix", str(tmp_path))
    assert r.code == 0
    assert p.read_bytes() == png
    assert "note: binary file (PNG image), skipped" in r.err
    assert "blob.bin: note: binary file" in r.err


def test_missing_path_is_reported_and_other_paths_still_processed(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    r = cli("fix", str(tmp_path / "nope.txt"), str(p))
    assert r.code == 2
    assert p.read_bytes() == FIXED
    assert f"{tmp_path / 'nope.txt'}: error: no such file or directory" in r.err


def test_forced_encoding_is_used_instead_of_detection(cli, tmp_path: Path) -> None:
    p = tmp_path / "ru.txt"
    p.write_bytes("Привет, мир\n".encode("koi8_r"))
    r = cli("fix", "--encoding", "koi8-r", str(p), "-o", str(tmp_path / "out.txt"))
    assert r.code == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "Привет, мир\n"


def test_forced_encoding_that_does_not_fit_is_a_one_line_error(cli, tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("你好".encode("gbk") + b"\xff")
    r = cli("fix", "--encoding", "utf-8", str(p))
    assert r.code == 2
    assert r.err.count("\n") == 1 and "cannot decode as utf-8" in r.err
    assert p.read_bytes() == "你好".encode("gbk") + b"\xff"


@pytest.mark.parametrize(
    "args, message",
    [
        (("fix", "--encoding", "klingon", "x"), "unknown encoding 'klingon'"),
        (("fix", "--script", "latin", "x"), "Invalid value for '--script'"),
        (("check", "--select", "XY1", "x"), "unknown rule code or prefix 'XY1'"),
        (("fix", "--no-such-option"), "No such option"),
    ],
)
def test_invalid_options_exit_2_with_one_message(cli, args: tuple[str, ...], message: str) -> None:
    r = cli(*args)
    assert r.code == 2
    assert message in r.err
    assert "Traceback" not in r.err


def test_unexpected_failure_is_one_line_and_exit_2(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textmend import pipeline

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "repair_bytes", boom)
    p = tmp_path / "a.txt"
    p.write_bytes(MOJIBAKE)
    r = cli("fix", str(p))
    assert r.code == 2
    assert r.err.strip() == "textmend: error: unexpected RuntimeError: disk on fire"
    assert p.read_bytes() == MOJIBAKE


def test_detect_prints_encoding_and_confidence(cli) -> None:
    r = cli("detect", str(SAMPLES / "legacy" / "ru.cp1251.txt"), str(SAMPLES / "clean" / "ja.txt"))
    lines = r.text.splitlines()
    assert r.code == 0
    assert lines[0].startswith(f"{SAMPLES / 'legacy' / 'ru.cp1251.txt'}: cp1251 (confidence ")
    assert lines[1] == f"{SAMPLES / 'clean' / 'ja.txt'}: utf-8 (confidence 1.00)"


def test_detect_json(cli) -> None:
    r = cli("detect", "--json", str(SAMPLES / "legacy" / "zh-hant.big5.txt"))
    [entry] = json.loads(r.text)
    assert entry["path"].endswith("zh-hant.big5.txt")
    assert entry["encoding"] == "big5"
    assert entry["segments"][0]["encoding"] == "big5"


def test_version_and_help_with_examples(cli) -> None:
    from textmend import __version__

    assert cli("--version").text.strip() == f"textmend {__version__}"
    for command in ("fix", "check", "detect"):
        r = cli(command, "--help")
        assert r.code == 0 and "Examples:" in r.text


def test_console_script_runs_as_a_real_process(tmp_path: Path) -> None:
    """The installed entry point, through a real pipe: exit code and bytes as a shell sees them."""
    exe = shutil.which("textmend", path=os.path.dirname(sys.executable))
    cmd = [exe] if exe else [sys.executable, "-m", "textmend"]
    proc = subprocess.run([*cmd, "fix", "-"], input=MOJIBAKE, capture_output=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout == FIXED
    assert b"fixed -" in proc.stderr


def test_checking_a_clean_ascii_file_imports_no_heavy_dependency(tmp_path: Path) -> None:
    # pre-commit starts textmend on every commit: a clean English file must not pay for the
    # pinyin dictionary, ftfy, chardet, OpenCC, rich or pydantic (benchmarks/startup.py times it)
    p = tmp_path / "small.txt"
    p.write_text("A small clean file.\nNothing to repair; Is it? Yes.\n", encoding="utf-8")
    code = (
        "import sys; from textmend.cli import main; rc = main(['check', sys.argv[1]]); "
        "print(rc, sorted(m for m in ('pypinyin', 'ftfy', 'chardet', 'opencc', 'rich', 'pydantic') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "0 []", r.stdout + r.stderr


# --------------------------------------------------------------------------- ruff's habits


def test_fix_exit_codes_follow_ruff(cli, tmp_path: Path) -> None:
    repaired = tmp_path / "menu.txt"
    repaired.write_bytes(MOJIBAKE)
    assert cli("fix", "--exit-non-zero-on-fix", str(repaired)).code == 1  # changed a file
    assert repaired.read_bytes() == FIXED
    assert cli("fix", "--exit-non-zero-on-fix", str(repaired)).code == 0  # nothing left to change
    lost = tmp_path / "lost.txt"
    lost.write_text("Z\ufffdrich\n", encoding="utf-8")
    assert cli("fix", str(lost)).code == 1  # a finding remains: fix cannot repair it
    assert cli("fix", "--exit-zero", str(lost)).code == 0
    assert cli("check", str(lost)).code == 1
    assert cli("check", "--exit-zero", str(lost)).code == 0
    assert cli("check", "--exit-zero", str(tmp_path / "missing.txt")).code == 2  # errors stay errors


def test_statistics_counts_problems_per_rule(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Le cafÃ© et le thÃ©.\nZ\ufffdrich\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("CafÃ©\n", encoding="utf-8")
    r = cli("check", "--statistics", str(tmp_path))
    assert r.code == 1
    assert r.text.splitlines() == ["2  TM201  latin-mojibake  [*]", "1  TM411  replacement-character"]
    r = cli("fix", "--statistics", "-q", str(tmp_path))
    assert r.err.splitlines()[-2:] == ["2  TM201  latin-mojibake  [*]", "1  TM411  replacement-character"]


def test_show_fixes_lists_every_change_made(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    r = cli("fix", "--show-fixes", str(p))
    assert r.code == 0
    assert f"  {p}:1:7: TM201 mojibake: utf-8 read as latin-1: 'Ã© est fermÃ©' -> 'é est fermé'" in r.err


def test_verbose_says_which_encoding_was_chosen_and_why(cli, tmp_path: Path, gbk_file: Path) -> None:
    utf8 = tmp_path / "u.txt"
    utf8.write_bytes(FIXED)
    r = cli("check", "-v", str(gbk_file), str(utf8))
    assert f"{gbk_file}: encoding gb18030 (confidence" in r.err
    assert "not UTF-8; the detector's best reading" in r.err
    assert f"{utf8}: encoding utf-8 (confidence 1.00): the bytes are valid UTF-8" in r.err
    r = cli("check", "-v", "--encoding", "gbk", str(gbk_file))
    assert f"{gbk_file}: encoding gb18030" in r.err and ": --encoding" in r.err
    assert "configuration " in r.err


def test_force_color_colours_a_pipe_and_no_color_wins(tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}

    def run(**extra: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "textmend", "check", str(p)],
            capture_output=True,
            text=True,
            env={**env, **extra},
            check=False,
        ).stdout

    assert "\x1b[" not in run()
    assert "\x1b[" in run(FORCE_COLOR="1")
    assert "\x1b[" not in run(FORCE_COLOR="0")
    assert "\x1b[" not in run(FORCE_COLOR="1", NO_COLOR="1")


def test_rules_code_explains_one_rule_with_a_live_example(cli) -> None:
    r = cli("rules", "TM201")
    assert r.code == 0
    lines = r.text.splitlines()
    assert lines[0] == "TM201 latin-mojibake"
    assert "    input   'Le cafÃ© est fermÃ© le lundi.\\n'" in lines
    assert "    output  'Le café est fermé le lundi.\\n'" in lines
    assert json.loads(cli("rules", "--json", "tm411").text)["name"] == "replacement-character"
    r = cli("rules", "TM999")
    assert r.code == 2 and "unknown rule code 'TM999'" in r.err


def test_every_rule_example_fires_its_rule() -> None:
    import textmend
    from textmend.report.catalogue import EXAMPLES, find

    for code, (data, options) in EXAMPLES.items():
        rule = find(code)
        assert rule is not None, code
        select = None if rule.default else [code]
        r = (
            textmend.repair_bytes(data, select=select, **options)
            if isinstance(data, bytes)
            else textmend.repair_text(data, select=select, **options)
        )
        assert code in {i.code for i in [*r.changes, *r.findings]}, code


# --------------------------------------------------------------------------- terminal safety


def test_control_characters_in_file_names_are_shown_escaped_everywhere(cli, tmp_path: Path) -> None:
    p = tmp_path / "evil\x1b[2J\u202ename.txt"
    p.write_bytes(MOJIBAKE)
    for args in (("check",), ("fix", "--diff"), ("detect",)):
        r = cli(*args, str(tmp_path))
        assert "\x1b" not in r.text + r.err and "\u202e" not in r.text + r.err, args
        assert "evil\\x1b[2J\\u202ename.txt" in r.text, args
    r = cli("fix", str(tmp_path))
    assert "\x1b" not in r.err and "evil\\x1b[2J\\u202ename.txt" in r.err
    assert p.read_bytes() == FIXED  # the file itself is found and repaired under its real name


def test_diff_shows_control_characters_of_the_content_escaped(cli, tmp_path: Path) -> None:
    p = tmp_path / "log.txt"
    p.write_bytes("\x1b[31mcafÃ©\x1b[0m \u202eabc\n".encode())
    r = cli("fix", "--diff", str(p))
    assert r.code == 1
    assert "\x1b" not in r.text and "\u202e" not in r.text
    assert "-\\x1b[31mcafÃ©\\x1b[0m \\u202eabc" in r.text.splitlines()
    assert "+\\x1b[31mcafé\\x1b[0m \\u202eabc" in r.text.splitlines()


@pytest.mark.parametrize("fmt", ["json", "html", "sarif"])
def test_a_file_name_that_is_not_utf8_fails_no_report(cli, tmp_path: Path, fmt: str) -> None:
    folder = os.fsencode(tmp_path)
    try:
        with open(os.path.join(folder, b"caf\xe9-\xff.txt"), "wb") as f:
            f.write(MOJIBAKE)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    out = tmp_path / f"report.{fmt}"
    r = cli("check", "--report-file", str(out), str(tmp_path))
    assert r.code == 1, r.err
    assert "caf\\xe9-\\xff.txt:1:7: TM201" in r.text
    text = out.read_text(encoding="utf-8")  # valid UTF-8, with the name shown escaped
    if fmt == "json":
        assert json.loads(text)["files"][0]["path"].endswith("caf\\xe9-\\xff.txt")
    elif fmt == "sarif":
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(text)["runs"][0]["results"]
        }
        assert len(uris) == 1 and uris.pop().endswith("/caf%E9-%FF.txt")  # the name's real bytes
    else:
        assert "caf\\xe9-\\xff.txt" in text
    r = cli("fix", "--report", fmt, "--report-file", str(out), str(tmp_path))
    assert r.code == 0, r.err
    with open(os.path.join(folder, b"caf\xe9-\xff.txt"), "rb") as f:
        assert f.read() == FIXED  # repaired under its real name


def test_diff_of_an_encoding_only_change_shows_the_text_as_decoded(cli, tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    p.write_bytes("Déjà vu: the café at the corner, à côté de la gare.\n".encode("cp1252"))
    r = cli("fix", "--diff", str(p))
    assert r.code == 1
    lines = r.text.splitlines()
    assert lines[0].startswith(f"# {p}: only the encoding changes, cp1252 -> utf-8; read as cp1252")
    assert lines[1] == "#   Déjà vu: the café at the corner, à côté de la gare."
    assert lines[2].startswith(f"--- {p}\t(cp1252)")
    # read as another code page, the same bytes show what a wrong guess would write
    r = cli("fix", "--diff", "--encoding", "cp1257", str(p))
    assert "read as cp1257" in r.text.splitlines()[0] and "Déjà" not in r.text


# --------------------------------------------------------------------------- progress


def _progress_output(monkeypatch: pytest.MonkeyPatch, stream: object, total: int, **env: str) -> None:
    from textmend.cli.progress import FileProgress

    for k in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(FileProgress, "DELAY", 0.0)
    with FileProgress(total) as bar:
        for _ in range(total):
            bar.advance()


def _read_all(fd: int) -> str:
    """What a pty's other end holds: one read returns what the first write left (the bar's hide-
    the-cursor sequence, at times, when the rest is written apart), so read until it is quiet."""
    import select

    chunks = []
    while select.select([fd], [], [], 0.5)[0]:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_and_nothing_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import pty

    master, slave = pty.openpty()
    tty = open(slave, "w", encoding="utf-8", closefd=True)  # noqa: SIM115 - closed below
    try:
        monkeypatch.setenv("COLUMNS", "100")
        _progress_output(monkeypatch, tty, 12, TERM="xterm")
        tty.flush()
        shown = _read_all(master)
    finally:
        monkeypatch.undo()
        tty.close()
        os.close(master)
    assert re.search(r"textmend .*\d+/12.* files", shown), shown  # the bar, with the count of files
    piped = io.StringIO()
    _progress_output(
        monkeypatch, piped, 12, FORCE_COLOR="1"
    )  # not a terminal: nothing, whatever FORCE_COLOR says
    assert piped.getvalue() == ""


def test_show_fixes_lists_the_changes_of_a_streamed_file_too(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textmend.io import stream

    monkeypatch.setattr(stream, "STREAM_THRESHOLD", 4096)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 1024)
    p = tmp_path / "big.txt"
    p.write_text(
        "".join(
            "Le cafÃ© est fermÃ©.\n" if i % 40 == 7 else f"A clean line, number {i}.\n" for i in range(400)
        ),
        encoding="utf-8",
    )
    r = cli("fix", "--jobs", "1", "--show-fixes", str(p))
    assert r.code == 0
    shown = [int(line.split(":")[1]) for line in r.err.splitlines() if line.startswith("  ")]
    assert shown == [i + 1 for i in range(400) if i % 40 == 7]
