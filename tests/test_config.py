"""[tool.textmend] in pyproject.toml: found upward, checked key by key, overridden by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report_json import BAKERY, BAKERY_MOJIBAKE, NOTICE

from textmend import config
from textmend.config import ConfigError, Glob
from textmend.io.glob import compile_glob

TRADITIONAL = "我們明天一起去圖書館複習功課吧。\n"
# A two-character Big5 price list header: too short for detection to be sure of anything.
PRICES = "品名,價格\n"


def project(root: Path, toml: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(toml, encoding="utf-8")
    return root


def report(cli, *args: str) -> tuple[int, dict[str, dict], str]:
    r = cli("check", "--report", "json", *args)
    data = json.loads(r.text) if r.text else {"files": []}
    return r.code, {f["path"]: f for f in data["files"]}, r.err


# --------------------------------------------------------------------------- finding the file


def test_found_from_a_subfolder_upward(tmp_path: Path) -> None:
    project(tmp_path, '[tool.textmend]\nscript = "keep"\n')
    (tmp_path / "docs" / "zh").mkdir(parents=True)
    found = config.find(tmp_path / "docs" / "zh")
    assert found == (tmp_path / "pyproject.toml").resolve()
    cfg = config.load(start=tmp_path / "docs" / "zh")
    assert cfg.script == "keep" and cfg.root == tmp_path.resolve()


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    project(tmp_path, '[tool.textmend]\nignore = ["TM701"]\n')
    project(tmp_path / "pkg", '[project]\nname = "pkg"\n')
    cfg = config.load(start=tmp_path / "pkg")
    assert cfg.ignore == ("TM701",)
    assert cfg.path == (tmp_path / "pyproject.toml").resolve()


def test_no_config_is_an_empty_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cfg = config.load(start=tmp_path)
    if cfg.path is None:  # (a pyproject.toml with [tool.textmend] above the temp folder would be found)
        assert cfg == config.Config()


# --------------------------------------------------------------------------- bad configs


@pytest.mark.parametrize(
    "toml, message",
    [
        (
            '[tool.textmend]\nselct = ["TM1"]\n',
            "[tool.textmend] unknown key 'selct' (known keys: script, select",
        ),
        (
            '[tool.textmend]\nscript = "simplified"\n',
            "[tool.textmend] script: expected one of keep, auto, hans",
        ),
        (
            '[tool.textmend]\nselect = ["TM99"]\n',
            "[tool.textmend] select: unknown rule code or prefix 'TM99'",
        ),
        (
            '[tool.textmend]\nignore = "TM101"\n',
            "[tool.textmend] ignore: expected a list of strings, got a string",
        ),
        ("[tool.textmend]\nexclude = [3]\n", "[tool.textmend] exclude: expected a list of strings"),
        ('[tool.textmend]\nexclude = ["data/[abc"]\n', "[tool.textmend] exclude: unclosed '['"),
        (
            '[tool.textmend.encodings]\n"legacy/*.txt" = "gbkk"\n',
            "[tool.textmend] encodings.\"legacy/*.txt\": unknown encoding 'gbkk'",
        ),
        (
            '[tool.textmend]\nencodings = ["gbk"]\n',
            "[tool.textmend] encodings: expected a table of glob = encoding",
        ),
        ('[tool.textmend]\nscript = "keep"\nscript = "auto"\n', "invalid TOML"),
    ],
)
def test_a_bad_config_is_one_clear_error_naming_the_key(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, message: str
) -> None:
    project(tmp_path, toml)
    (tmp_path / "a.txt").write_text("fine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("check", "a.txt")
    assert r.code == 2
    assert message in r.err
    assert str(tmp_path.resolve() / "pyproject.toml") in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err


# --------------------------------------------------------------------------- what it does


def _damaged(root: Path) -> None:
    (root / "bakery.txt").write_text(BAKERY_MOJIBAKE, encoding="utf-8")
    (root / "people.csv").write_bytes(b"\xef\xbb\xbfname,city\nJos\xc3\xa9,Z\xc3\xbcrich\n")


def _codes(files: dict[str, dict], name: str) -> list[str]:
    return [c["code"] for c in files[name]["changes"]]


def test_select_in_config_and_select_on_the_command_line(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend]\nselect = ["TM2"]\n')
    _damaged(tmp_path)
    monkeypatch.chdir(tmp_path)
    _code, files, _ = report(cli, "bakery.txt", "people.csv")
    assert _codes(files, "bakery.txt") == ["TM201", "TM201"]
    assert _codes(files, "people.csv") == []
    _code, files, _ = report(cli, "--select", "TM7", "bakery.txt", "people.csv")
    assert _codes(files, "people.csv") == ["TM701"]
    assert _codes(files, "bakery.txt") == []


def test_cli_select_can_turn_on_what_the_config_ignores(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend]\nignore = ["TM701"]\n')
    _damaged(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _codes(report(cli, "people.csv")[1], "people.csv") == []
    assert _codes(report(cli, "--select", "TM701", "people.csv")[1], "people.csv") == ["TM701"]


def test_cli_ignore_adds_to_the_config_ignore(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend]\nignore = ["TM701"]\n')
    _damaged(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, files, _ = report(cli, "--ignore", "TM2", "bakery.txt", "people.csv")
    assert code == 0
    assert all(f["changes"] == [] for f in files.values())
    code, files, _ = report(cli, "bakery.txt", "people.csv")
    assert code == 1 and _codes(files, "bakery.txt") == ["TM201", "TM201"]


def test_script_in_config_and_cli_override(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend]\nscript = "hans"\n')
    (tmp_path / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [c["code"] for c in report(cli, "trad.txt")[1]["trad.txt"]["changes"]] == ["TM502"]
    assert report(cli, "--script", "keep", "trad.txt")[1]["trad.txt"]["changes"] == []


def test_exclude_skips_folders_globs_and_named_files(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend]\nexclude = ["vendor", "docs/**/*.generated.txt"]\n')
    for rel in ("vendor/lib/a.txt", "docs/x/y/z.generated.txt", "docs/x/keep.txt", "src/vendor/b.txt"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(BAKERY_MOJIBAKE, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "docs")  # globs stay relative to the pyproject.toml's folder
    r = cli("fix", str(tmp_path))
    assert r.code == 0
    assert (tmp_path / "docs/x/keep.txt").read_text(encoding="utf-8") == BAKERY
    for rel in ("vendor/lib/a.txt", "docs/x/y/z.generated.txt", "src/vendor/b.txt"):
        assert (tmp_path / rel).read_text(encoding="utf-8") == BAKERY_MOJIBAKE, rel
    # a file named on the command line (as pre-commit names them) is excluded too
    r = cli("fix", str(tmp_path / "vendor/lib/a.txt"))
    assert r.code == 0
    assert (tmp_path / "vendor/lib/a.txt").read_text(encoding="utf-8") == BAKERY_MOJIBAKE


def test_encoding_hint_decodes_legacy_files_but_never_unicode_ones(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend.encodings]\n"tw/*.csv" = "big5"\n"*.csv" = "gbk"\n')
    (tmp_path / "tw").mkdir()
    (tmp_path / "tw" / "prices.csv").write_bytes(PRICES.encode("big5"))
    (tmp_path / "tw" / "done.csv").write_text(PRICES, encoding="utf-8")  # converted already
    (tmp_path / "cn.csv").write_bytes(NOTICE.encode("gbk"))
    monkeypatch.chdir(tmp_path)
    _code, files, _ = report(cli, "tw/prices.csv", "tw/done.csv", "cn.csv")
    assert files["tw/prices.csv"]["encoding"]["before"] == "big5"  # the first matching glob wins
    assert files["tw/done.csv"]["status"] == "clean"
    assert files["tw/done.csv"]["encoding"]["before"] == "utf-8"
    assert files["cn.csv"]["encoding"]["before"] == "gb18030"
    r = cli("fix", "tw/prices.csv", "tw/done.csv")
    assert r.code == 0
    assert (tmp_path / "tw" / "prices.csv").read_text(encoding="utf-8") == PRICES
    assert (tmp_path / "tw" / "done.csv").read_text(encoding="utf-8") == PRICES


def test_a_hint_that_does_not_decode_is_an_error_for_that_file(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend.encodings]\n"*.txt" = "ascii"\n')
    (tmp_path / "notice.txt").write_bytes(NOTICE.encode("gbk"))
    monkeypatch.chdir(tmp_path)
    r = cli("fix", "notice.txt")
    assert r.code == 2
    assert "cannot decode as ascii" in r.err and "encoding hint from ./pyproject.toml" in r.err
    assert (tmp_path / "notice.txt").read_bytes() == NOTICE.encode("gbk")


def test_cli_encoding_overrides_every_hint(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend.encodings]\n"*.txt" = "big5"\n')
    (tmp_path / "notice.txt").write_bytes(NOTICE.encode("gbk"))
    monkeypatch.chdir(tmp_path)
    _code, files, _ = report(cli, "--encoding", "gbk", "notice.txt")
    assert files["notice.txt"]["encoding"]["before"] == "gb18030"


# --------------------------------------------------------------------------- globs


@pytest.mark.parametrize(
    "pattern, path, matches",
    [
        ("*.txt", "a.txt", True),
        ("*.txt", "deep/down/a.txt", True),
        ("/*.txt", "deep/a.txt", False),
        ("/*.txt", "a.txt", True),
        ("docs/*.txt", "docs/a.txt", True),
        ("docs/*.txt", "docs/sub/a.txt", False),
        ("docs/**/*.txt", "docs/sub/deeper/a.txt", True),
        ("docs/**/*.txt", "docs/a.txt", True),
        ("**/fixtures", "tests/unit/fixtures/x/y.txt", True),
        ("vendor", "src/vendor/lib.txt", True),
        ("vendor/", "vendor/lib.txt", True),
        ("vendor", "vendored/lib.txt", False),
        ("data/[ab]?.csv", "data/a1.csv", True),
        ("data/[!ab]?.csv", "data/a1.csv", False),
        ("file.txt", "profile.txt", False),
        ("a+b(1).txt", "a+b(1).txt", True),
    ],
)
def test_glob_matches(pattern: str, path: str, matches: bool) -> None:
    assert Glob.make(pattern).matches(path) is matches


def test_glob_keeps_star_inside_a_folder() -> None:
    assert compile_glob("a/*").fullmatch("a/b")
    assert not compile_glob("a/*").fullmatch("a/b/c")


def test_settings_merge_without_a_file() -> None:
    s = config.settings(config.Config(), script=None, select=None, ignore=["TM7"])
    assert s.options.script == "auto"
    assert not s.options.enabled("TM701") and s.options.enabled("TM101")


def test_parse_rejects_a_non_table() -> None:
    with pytest.raises(ConfigError, match="expected a table"):
        config.parse("hans")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- one config per file


def test_each_file_uses_the_configuration_nearest_to_it(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend]\nscript = "hans"\n')
    project(tmp_path / "tw", '[tool.textmend]\nscript = "keep"\n')
    (tmp_path / "tw" / "sub").mkdir()
    for rel in ("a.txt", "tw/sub/b.txt"):
        (tmp_path / rel).write_text(TRADITIONAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "tw")  # not where the files' configurations are
    _code, files, _ = report(cli, str(tmp_path))
    assert [c["code"] for c in files[str(tmp_path / "a.txt")]["changes"]] == ["TM502"]
    assert files[str(tmp_path / "tw/sub/b.txt")]["changes"] == []


def test_textmend_toml_wins_over_pyproject_in_its_folder_and_has_top_level_keys(
    cli, tmp_path: Path, monkeypatch
) -> None:
    project(tmp_path, '[tool.textmend]\nscript = "hans"\n')
    (tmp_path / "textmend.toml").write_text('script = "keep"\n', encoding="utf-8")
    (tmp_path / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert config.find(tmp_path) == (tmp_path / "textmend.toml").resolve()
    assert report(cli, "trad.txt")[1]["trad.txt"]["changes"] == []
    (tmp_path / "textmend.toml").write_text('scripts = "keep"\n', encoding="utf-8")
    r = cli("check", "trad.txt")
    assert r.code == 2 and "textmend.toml: unknown key 'scripts'" in r.err


def test_config_file_for_every_file_and_isolated_for_none(cli, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, '[tool.textmend]\nscript = "hans"\n')
    other = tmp_path / "elsewhere" / "strict.toml"
    other.parent.mkdir()
    other.write_text('script = "keep"\n', encoding="utf-8")
    (tmp_path / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [c["code"] for c in report(cli, "trad.txt")[1]["trad.txt"]["changes"]] == ["TM502"]
    assert report(cli, "--config", str(other), "trad.txt")[1]["trad.txt"]["changes"] == []
    assert report(cli, "--isolated", "trad.txt")[1]["trad.txt"]["changes"] == []  # the default: auto
    r = cli("check", "--config", "missing.toml", "trad.txt")
    assert r.code == 2 and "--config missing.toml: no such file" in r.err


def test_per_file_ignores_add_codes_for_the_files_they_match(cli, tmp_path: Path, monkeypatch) -> None:
    project(
        tmp_path,
        '[tool.textmend]\nignore = ["TM701"]\n\n[tool.textmend.per-file-ignores]\n'
        '"tests/fixtures/**" = ["TM411", "TM2"]\n"*.md" = ["TM201"]\n',
    )
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    damaged = "\ufeffLe cafÃ© \ufffd\n"
    for rel in ("tests/fixtures/f.txt", "notes.md", "notes.txt"):
        (tmp_path / rel).write_text(damaged, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _code, files, _ = report(cli, ".")

    def codes(rel: str) -> list[str]:
        return sorted(i["code"] for i in files[rel]["changes"] + files[rel]["findings"])

    assert codes("tests/fixtures/f.txt") == []
    assert codes("notes.md") == ["TM411"]
    assert codes("notes.txt") == ["TM201", "TM411"]
    bad = project(tmp_path / "bad", '[tool.textmend.per-file-ignores]\n"*.md" = ["TM8"]\n')
    r = cli("check", str(bad))
    assert r.code == 2 and "per-file-ignores.\"*.md\": unknown rule code or prefix 'TM8'" in r.err


def test_stdin_filename_gives_standard_input_its_configuration(cli, tmp_path: Path, monkeypatch) -> None:
    project(
        tmp_path,
        '[tool.textmend]\nexclude = ["vendor"]\n\n[tool.textmend.per-file-ignores]\n"docs/*" = ["TM201"]\n',
    )
    monkeypatch.chdir(tmp_path)
    data = BAKERY_MOJIBAKE.encode()
    r = cli("check", "--stdin-filename", "docs/a.txt", "-", stdin=data)
    assert (r.code, r.text) == (0, "")
    r = cli("check", "--stdin-filename", "src/a.txt", "-", stdin=data)
    assert r.code == 1 and r.text.startswith("src/a.txt:1:")
    r = cli("fix", "--stdin-filename", "vendor/a.txt", "-", stdin=data)  # excluded: passed through
    assert (r.code, r.out) == (0, data)
    r = cli("fix", "--stdin-filename", "src/a.txt", "-", stdin=data)
    assert (r.code, r.text) == (0, BAKERY)
