"""The JSON report: the whole run as one document, for scripts and dashboards.

The shape is documented in README ("Reports"), and `VERSION` changes only when a field is
removed or changes meaning (new fields may appear at any time)::

    {"version": 1, "tool": {...}, "command": "fix",
     "files": [{"path", "status", "message", "encoding": {"before", "after", "confidence",
                "bom", "segments": [...]}, "changes": [...], "findings": [...]}],
     "summary": {"files", "statuses", "changes", "findings", "by_code"}}

Every change and finding has its rule code and name, its message, where it starts and ends in
the original file (1-based line and column, counted in characters), the text before, the text
after (changes) or the candidates (findings), and a confidence.
"""

from __future__ import annotations

import json
from typing import Any

from ..result import Change, Finding
from .model import FileEntry, Report, end_of, rule_name

#: Version of the report's shape (not of textmend).
VERSION = 1


def item_dict(item: Change | Finding, original: str | None) -> dict[str, Any]:
    """One change or finding as JSON."""
    end_line, end_col = end_of(item, original)
    d: dict[str, Any] = {
        "code": item.code,
        "name": rule_name(item.code),
        "message": item.message,
        "line": item.line,
        "col": item.col,
        "end_line": end_line,
        "end_col": end_col,
        "before": item.before,
    }
    if isinstance(item, Change):
        d["after"] = item.after
    else:
        d["candidates"] = list(item.candidates)
        if item.probabilities:
            d["probabilities"] = [round(x, 4) for x in item.probabilities]
    d["confidence"] = round(item.confidence, 4)
    return d


def file_dict(entry: FileEntry) -> dict[str, Any]:
    """One file as JSON: its status, its encoding before and after, its changes and findings."""
    d: dict[str, Any] = {"path": entry.path, "status": entry.status, "message": entry.message}
    det = entry.detection
    if det is not None:
        d["encoding"] = {
            "before": det.encoding,
            "after": "utf-8",
            "confidence": round(det.confidence, 4),
            "bom": det.bom,
            "segments": [s.to_dict() for s in det.segments],
        }
    else:
        d["encoding"] = None
    original = entry.repair.original if entry.repair else None
    d["changes"] = [item_dict(c, original) for c in entry.changes]
    d["findings"] = [item_dict(f, original) for f in entry.findings]
    return d


def to_dict(report: Report) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    return {
        "version": VERSION,
        "tool": {"name": "textmend", "version": report.tool_version},
        "command": report.command,
        "files": [file_dict(e) for e in report.files],
        "summary": report.summary().to_dict(),
    }


def render(report: Report) -> str:
    """The report as pretty-printed JSON (UTF-8 text, non-ASCII kept as is), ending in a newline."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
