"""SARIF 2.1.0, the format GitHub code scanning (and many IDEs) read.

What code scanning needs, and how it is met here:

- stable rule ids: the catalogue's codes (``TM201``), every rule listed in
  ``tool.driver.rules`` in catalogue order, so ``ruleIndex`` is stable too, each with a short
  and a full description and help text saying whether ``textmend fix`` repairs it;
- relative paths: each location is relative to the working folder, with the ``uriBaseId``
  ``%SRCROOT%`` declared in ``originalUriBaseIds`` (a file outside that folder gets an absolute
  ``file:`` URI instead);
- ``partialFingerprints``: a hash of the rule, the path, the text before and after and the
  occurrence number, not of the line, so that a result keeps its identity when lines are
  added above it;
- columns are counted in Unicode code points (``columnKind``), as textmend counts them.

A change that can be applied as it is also carries a SARIF ``fix`` (the region to delete and
the text to insert). Files that could not be read are tool notifications, not results.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..result import Change, Finding
from ..rules import BLOCKING, RULES, Rule
from . import text as report_text
from .model import FileEntry, Report, end_of

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
BASE_ID = "%SRCROOT%"
#: Key of textmend's own fingerprint in ``partialFingerprints``; bump the version if it changes.
FINGERPRINT_KEY = "textmend/v1"

_INDEX: dict[str, int] = {r.code: i for i, r in enumerate(RULES)}

#: Tags for each group of codes (GitHub shows them as filters).
_TAGS: dict[str, list[str]] = {
    "TM1": ["encoding"],
    "TM2": ["mojibake", "encoding"],
    "TM3": ["encoding", "mixed-encoding"],
    "TM4": ["lost-characters"],
    "TM5": ["chinese", "script"],
    "TM6": ["chinese", "pinyin"],
    "TM7": ["format"],
}


def _level(code: str) -> str:
    """A finding that keeps a file from being written is an error; everything else a warning."""
    return "error" if code in BLOCKING else "warning"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """One entry of ``tool.driver.rules``: id, name, descriptions, help, default level, tags."""
    if not rule.fix:
        how = "textmend reports this and never changes it: a person has to decide."
    elif rule.default:
        how = "`textmend fix` repairs this by default."
    else:
        how = f"`textmend fix --select {rule.code}` repairs this; it is off by default."
    if rule.blocks_write:
        how += " A file with this finding is never rewritten, because that would lose bytes."
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": f"{rule.code} {rule.name}: {rule.description}."},
        "help": {
            "text": f"{rule.description}. {how.replace('`', '')} "
            f"Ignore it with --ignore {rule.code}, or with ignore under [tool.textmend] in pyproject.toml.",
            "markdown": f"**{rule.code} {rule.name}**: {rule.description}.\n\n{how}\n\n"
            f'Ignore it with `textmend --ignore {rule.code}` or `ignore = ["{rule.code}"]` '
            "under `[tool.textmend]` in pyproject.toml.",
        },
        "defaultConfiguration": {"level": _level(rule.code)},
        "properties": {"tags": _TAGS.get(rule.code[:3], []), "fix": rule.fix, "default": rule.default},
    }


def artifact_location(path: str, root: Path, file: Path | None = None) -> dict[str, str]:
    """A relative URI under ``%SRCROOT%`` for a path inside `root`; an absolute one otherwise.

    `file`, when given, is the real path behind the printable `path`: its bytes make the URI
    (a name that is not UTF-8 is percent-encoded byte by byte, as RFC 3986 wants)."""
    if path == "-" and file is None:
        return {"uri": "stdin"}
    p = file if file is not None else Path(path)
    absolute = p if p.is_absolute() else Path.cwd() / p
    try:
        rel = absolute.resolve().relative_to(root.resolve())
    except ValueError:
        return {"uri": absolute.resolve().as_uri()}
    return {"uri": quote(os.fsencode(rel.as_posix())), "uriBaseId": BASE_ID}


def _folder_uri(folder: Path) -> str:
    """A folder's ``file:`` URI ending in a slash, as a uriBaseId must."""
    uri = folder.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _region(item: Change | Finding, original: str | None) -> dict[str, int]:
    region = {"startLine": max(item.line, 1), "startColumn": max(item.col, 1)}
    if item.end > item.start or (isinstance(item, Change) and item.after):
        end_line, end_col = end_of(item, original)
        region["endLine"], region["endColumn"] = max(end_line, 1), max(end_col, 1)
    return region


def fingerprint(code: str, uri: str, item: Change | Finding, occurrence: int) -> str:
    """A line-independent identity for a result: rule, file, texts and occurrence number."""
    after = item.after if isinstance(item, Change) else "\x1f".join(item.candidates)
    key = "\x00".join((code, uri, item.before, after, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _result(
    entry: FileEntry, item: Change | Finding, location: dict[str, str], occurrence: int, artifact_index: int
) -> dict[str, Any]:
    original = entry.repair.original if entry.repair else None
    region = _region(item, original)
    loc = dict(location, index=artifact_index)
    result: dict[str, Any] = {
        "ruleId": item.code,
        "level": _level(item.code),
        "kind": "fail",
        "message": {"text": f"{item.code} {report_text.describe(item)}"},
        "locations": [{"physicalLocation": {"artifactLocation": loc, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(item.code, location["uri"], item, occurrence)},
        "properties": {"confidence": round(item.confidence, 4)},
    }
    if item.code in _INDEX:
        result["ruleIndex"] = _INDEX[item.code]
    if (
        isinstance(item, Change)
        and original is not None
        and (item.end > item.start or item.after)
        and original[item.start : item.end] == item.before
    ):
        result["fixes"] = [
            {
                "description": {"text": item.message},
                "artifactChanges": [
                    {
                        "artifactLocation": loc,
                        "replacements": [{"deletedRegion": region, "insertedContent": {"text": item.after}}],
                    }
                ],
            }
        ]
    return result


def to_dict(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log with one run."""
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for entry in report.files:
        location = artifact_location(entry.path, report.root, entry.file)
        if entry.status in ("error", "skipped"):
            notifications.append(
                {
                    "level": "error" if entry.status == "error" else "note",
                    "message": {"text": f"{entry.path}: {entry.message or entry.status}"},
                    "locations": [{"physicalLocation": {"artifactLocation": location}}],
                }
            )
        items = entry.items()
        if not items:
            continue
        index = len(artifacts)
        artifact: dict[str, Any] = {"location": location}
        if entry.encoding:
            artifact["encoding"] = entry.encoding
        artifacts.append(artifact)
        seen: dict[tuple[str, str, str], int] = {}
        for item in items:
            key = (item.code, item.before, item.after if isinstance(item, Change) else "")
            seen[key] = seen.get(key, 0) + 1
            results.append(_result(entry, item, location, seen[key], index))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "textmend",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "rules": [rule_descriptor(r) for r in RULES],
            }
        },
        "originalUriBaseIds": {BASE_ID: {"uri": _folder_uri(report.root)}},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
        "invocations": [
            {
                "executionSuccessful": not any(e.status == "error" for e in report.files),
                "toolExecutionNotifications": notifications,
            }
        ],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    """The SARIF log as JSON text, ending in a newline."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
