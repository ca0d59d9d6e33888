"""The JSON report (--report json): its documented shape, on files with real damage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textmend.report import Collector, format_for, render
from textmend.result import Change, Detection, Finding, Repair, Segment

# Texts written for these tests: a notice in Simplified Chinese (saved as GBK), French and
# German sentences whose UTF-8 was read as windows-1252, and a CSV with a byte-order mark.
NOTICE = (
    "今天下午图书馆三楼的自习室暂停开放，因为工人正在更换旧的照明设备。\n"
    "需要借阅参考书的同学，请到一楼服务台登记，工作人员会帮你取书。\n"
    "给大家带来的不便，我们深表歉意，预计明天早上八点恢复正常。\n"
)
BAKERY = "Notre boulangère prépare des brioches à la crème chaque matin.\nDer Bäcker in der Münchner Straße öffnet um sieben Uhr.\n"
BAKERY_MOJIBAKE = BAKERY.encode("utf-8").decode("cp1252")
CSV = "name,city\nJosé,Zürich\n"


def workspace(root: Path) -> dict[str, Path]:
    """A folder with a GBK file, a mojibake file, a file with a BOM and a clean file."""
    files = {
        "notice.txt": NOTICE.encode("gbk"),
        "bakery.txt": BAKERY_MOJIBAKE.encode("utf-8"),
        "people.csv": b"\xef\xbb\xbf" + CSV.encode("utf-8"),
        "clean.txt": "Ein ganz normaler Satz über Käse.\n".encode(),
    }
    root.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data in files.items():
        paths[name] = root / name
        paths[name].write_bytes(data)
    return paths


def by_path(report: dict) -> dict[str, dict]:
    return {Path(f["path"]).name: f for f in report["files"]}


def test_check_report_json_has_the_documented_shape(cli, tmp_path: Path) -> None:
    workspace(tmp_path)
    r = cli("check", "--report", "json", str(tmp_path))
    assert r.code == 1
    report = json.loads(r.text)  # the report alone is on stdout: no problem lines mixed in
    assert report["version"] == 1
    assert report["tool"]["name"] == "textmend"
    assert report["command"] == "check"
    files = by_path(report)
    assert set(files) == {"notice.txt", "bakery.txt", "people.csv", "clean.txt"}

    notice = files["notice.txt"]
    assert notice["status"] == "would-fix"
    assert notice["encoding"]["before"] == "gb18030" and notice["encoding"]["after"] == "utf-8"
    [segment] = notice["encoding"]["segments"]
    assert segment["encoding"] == "gb18030"
    assert (segment["start_line"], segment["end_line"]) == (1, 3)
    assert (segment["start_byte"], segment["end_byte"]) == (0, len(NOTICE.encode("gbk")))
    [change] = notice["changes"]
    assert change["code"] == "TM101" and change["name"] == "legacy-encoding"
    assert notice["findings"] == []

    bakery = files["bakery.txt"]
    assert [c["code"] for c in bakery["changes"]] == ["TM201", "TM201"]
    first = bakery["changes"][0]
    assert (first["line"], first["col"]) == (1, BAKERY_MOJIBAKE.index("Ã") + 1)
    assert first["before"].startswith("Ã¨re") and first["after"].startswith("ère")
    # the end is where the span ends in the original line
    assert first["end_line"] == 1 and first["end_col"] == first["col"] + len(first["before"])
    assert 0 < first["confidence"] <= 1
    assert bakery["encoding"]["before"] == "utf-8"

    people = files["people.csv"]
    [bom] = people["changes"]
    assert (bom["code"], bom["before"], bom["after"], bom["line"], bom["col"]) == (
        "TM701",
        "\ufeff",
        "",
        1,
        1,
    )

    clean = files["clean.txt"]
    assert clean["status"] == "clean" and clean["changes"] == [] and clean["findings"] == []

    summary = report["summary"]
    assert summary["files"] == 4
    assert summary["statuses"] == {"would-fix": 3, "clean": 1}
    assert summary["changes"] == 4 and summary["findings"] == 0
    assert summary["by_code"]["TM201"] == {"changes": 2, "findings": 0}
    assert set(summary["by_code"]) == {"TM101", "TM201", "TM701"}


def test_fix_writes_the_files_and_the_report_file(cli, tmp_path: Path) -> None:
    paths = workspace(tmp_path / "docs")
    out = tmp_path / "textmend.json"
    r = cli("fix", "--report", "json", "--report-file", str(out), str(tmp_path / "docs"))
    assert r.code == 0
    assert paths["notice.txt"].read_text(encoding="utf-8") == NOTICE
    assert paths["bakery.txt"].read_text(encoding="utf-8") == BAKERY
    assert "fixed " in r.err  # the usual lines still go to stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    files = by_path(report)
    assert report["command"] == "fix"
    assert files["notice.txt"]["status"] == "fixed"
    assert files["clean.txt"]["status"] == "clean"
    assert report["summary"]["statuses"] == {"fixed": 3, "clean": 1}


def test_report_format_comes_from_the_file_name(cli, tmp_path: Path) -> None:
    workspace(tmp_path / "in")
    out = tmp_path / "out.json"
    r = cli("check", "--report-file", str(out), str(tmp_path / "in"))
    assert r.code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 1
    assert "TM101" in r.text  # with a report file, the problem lines still go to stdout


def test_report_file_that_cannot_be_written_is_one_error_line(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(BAKERY_MOJIBAKE.encode())
    r = cli("fix", "--report-file", str(tmp_path / "no" / "such" / "r.json"), str(tmp_path / "a.txt"))
    assert r.code == 2
    assert f"textmend: error: cannot write the report to {tmp_path / 'no' / 'such' / 'r.json'}: " in r.err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == BAKERY  # the repair itself was made


def test_unknown_report_file_suffix_is_a_usage_error(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("ok\n", encoding="utf-8")
    r = cli("check", "--report-file", str(tmp_path / "out.xyz"), str(tmp_path / "a.txt"))
    assert r.code == 2
    assert "--report json, html or sarif" in r.err


@pytest.mark.parametrize("args", [("fix", "--diff"), ("fix", "-")])
def test_report_on_stdout_cannot_share_it(cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(BAKERY_MOJIBAKE.encode())
    target = () if "-" in args else (str(p),)
    r = cli(*args, "--report", "json", *target, stdin=BAKERY_MOJIBAKE.encode())
    assert r.code == 2
    assert "--report-file" in r.err
    assert p.read_bytes() == BAKERY_MOJIBAKE.encode()


def test_problems_are_files_with_a_status_and_a_message(cli, tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    r = cli("check", "--report", "json", str(tmp_path / "photo.png"), str(tmp_path / "missing.txt"))
    assert r.code == 2
    files = by_path(json.loads(r.text))
    assert files["photo.png"]["status"] == "skipped"
    assert "PNG image" in files["photo.png"]["message"]
    assert files["missing.txt"]["status"] == "error"
    assert files["missing.txt"]["message"] == "no such file or directory"
    assert files["missing.txt"]["encoding"] is None


def test_findings_carry_candidates_and_multi_line_ends() -> None:
    """Any rule's items render the same way: here a finding spanning a line break."""
    original = "Le prix est de 12 ?\nEUR pour deux.\n"
    finding = Finding(
        "TM410",
        "a character was lost",
        "?\nEUR",
        ("€", "£"),
        start=18,
        end=23,
        line=1,
        col=19,
        confidence=0.4,
    )
    repair = Repair(
        original, original, [], [finding], "utf-8", Detection("utf-8", 1.0, (Segment("utf-8", 1, 2, 0, 37),))
    )
    c = Collector("check", root=Path("/"))
    c.repaired("prices.txt", repair, written=False)
    [entry] = json.loads(render(c.report, "json"))["files"]
    assert entry["status"] == "findings"
    [f] = entry["findings"]
    assert f["candidates"] == ["€", "£"]
    assert "after" not in f
    assert (f["line"], f["col"], f["end_line"], f["end_col"]) == (1, 19, 2, 4)
    assert f["confidence"] == 0.4


def test_a_change_from_a_future_rule_is_reported_like_any_other() -> None:
    original = "abc\n"
    change = Change("TM999", "something new", "b", "x", start=1, end=2, line=1, col=2)
    c = Collector("fix")
    c.repaired("x.txt", Repair("axc\n", original, [change], [], "utf-8"), written=True)
    data = json.loads(render(c.report, "json"))
    [item] = data["files"][0]["changes"]
    assert (item["code"], item["name"], item["before"], item["after"]) == ("TM999", "TM999", "b", "x")
    assert data["summary"]["by_code"] == {"TM999": {"changes": 1, "findings": 0}}


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("r.json", "json"),
        ("r.HTML", "html"),
        ("r.htm", "html"),
        ("r.sarif", "sarif"),
        ("r.sarif.json", "sarif"),
        ("r.txt", None),
    ],
)
def test_format_for(name: str, fmt: str | None) -> None:
    assert format_for(Path(name)) == fmt


def test_one_registry_of_report_formats_feeds_the_cli_the_names_and_render(cli, tmp_path: Path) -> None:
    from textmend.cli.options import ReportFormat
    from textmend.report.formats import FORMATS, REGISTRY

    assert [f.value for f in ReportFormat] == list(FORMATS) == [f.name for f in REGISTRY]
    c = Collector("check")
    for f in REGISTRY:
        assert render(c.report, f.name)  # every registered module renders an empty run
        for suffix in f.suffixes:
            assert format_for(Path("out" + suffix.upper())) == f.name
    r = cli("check", "--report", "xml", str(tmp_path))
    assert r.code == 2 and "xml" in r.err
