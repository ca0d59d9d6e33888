"""What a report is about: one entry per input, with what was done to it, and a summary.

The CLI runs the pipeline file by file; each `FileResult` it gets back, together with what the
command then did (wrote the file, only looked, left it alone), becomes a `FileEntry` through a
`Collector`. The finished `Report` is what every renderer (JSON, HTML, SARIF, the terminal
table) reads: they never look at files or options themselves, and they treat every `Change`
and `Finding` alike, whatever its code, so that a rule added later appears in every format.

Clean files keep only their detection (no text): a report over a large tree stays small, and
the texts are kept only where there is something to show.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .._version import __version__
from ..result import Change, Detection, Finding, Problem, Repair
from ..rules import BY_CODE

#: Statuses a file can end in, in the order a summary lists them.
STATUSES: tuple[str, ...] = ("fixed", "would-fix", "findings", "left-alone", "clean", "skipped", "error")

#: One sentence per status, for the HTML legend and the README.
STATUS_HELP: dict[str, str] = {
    "fixed": "repaired and written as UTF-8",
    "would-fix": "would be repaired (check, --diff): nothing written",
    "findings": "nothing to repair, but damage was found that needs a person",
    "left-alone": "some bytes cannot be decoded safely: the file is not written",
    "clean": "nothing to change, nothing found",
    "skipped": "not text (binary) or not a regular file",
    "error": "could not be read, decoded or written",
}


@dataclass
class FileEntry:
    """One input in a report.

    `repair` is kept when the file has changes or findings (the renderers need its texts);
    `detection` and `encoding` are kept for every file that was decoded. `message` explains a
    ``skipped`` or ``error`` status.
    """

    path: str
    status: str
    repair: Repair | None = None
    detection: Detection | None = None
    encoding: str | None = None
    message: str | None = None
    #: the changes and findings of a large file that was streamed (no `repair`: no texts kept)
    streamed_changes: list[Change] = field(default_factory=list)
    streamed_findings: list[Finding] = field(default_factory=list)
    #: the file itself, when `path` is only its printable name (a name that is not UTF-8 is
    #: shown escaped; SARIF's URI is made from the real bytes)
    file: Path | None = None

    @property
    def changes(self) -> list[Change]:
        return self.repair.changes if self.repair else self.streamed_changes

    @property
    def findings(self) -> list[Finding]:
        return self.repair.findings if self.repair else self.streamed_findings

    def items(self) -> list[Change | Finding]:
        """Changes and findings together, in the order they appear in the file."""
        return sorted([*self.changes, *self.findings], key=lambda i: (i.line, i.col, i.code))


@dataclass(frozen=True)
class Summary:
    """Counts over a report: files per status, changes and findings per rule code."""

    files: int
    statuses: dict[str, int]
    changes: int
    findings: int
    by_code: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "statuses": self.statuses,
            "changes": self.changes,
            "findings": self.findings,
            "by_code": self.by_code,
        }


@dataclass
class Report:
    """Everything one ``textmend fix`` or ``textmend check`` run did, ready to render.

    `root` is the folder that relative paths in SARIF are relative to (the working folder).
    """

    command: str
    files: list[FileEntry] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    tool_version: str = __version__

    def summary(self) -> Summary:
        statuses = Counter(e.status for e in self.files)
        by_code: dict[str, dict[str, int]] = {}
        changes = findings = 0
        for e in self.files:
            for c in e.changes:
                by_code.setdefault(c.code, {"changes": 0, "findings": 0})["changes"] += 1
                changes += 1
            for f in e.findings:
                by_code.setdefault(f.code, {"changes": 0, "findings": 0})["findings"] += 1
                findings += 1
        return Summary(
            files=len(self.files),
            statuses={s: statuses[s] for s in STATUSES if statuses[s]},
            changes=changes,
            findings=findings,
            by_code=dict(sorted(by_code.items())),
        )

    def codes(self) -> list[str]:
        """Every rule code that occurs in the report, in catalogue order."""
        seen = {i.code for e in self.files for i in e.items()}
        return [code for code in BY_CODE if code in seen] + sorted(seen - BY_CODE.keys())


def status_of(repair: Repair, *, written: bool) -> str:
    """The status of a decoded file: what the command did (`written`) and what the repair says."""
    if not repair.safe:
        return "left-alone"
    if repair.changed:
        return "fixed" if written else "would-fix"
    if repair.findings:
        return "findings"
    return "clean"


class Collector:
    """Builds a `Report` as the CLI goes through its files, one call per file."""

    def __init__(self, command: str, root: Path | None = None) -> None:
        self.report = Report(command, root=root or Path.cwd())

    def repaired(self, path: str, repair: Repair, *, written: bool, file: Path | None = None) -> None:
        """A file that was decoded and repaired; `written` when the result was written out."""
        keep = repair if (repair.changes or repair.findings or repair.changed) else None
        self.report.files.append(
            FileEntry(
                path, status_of(repair, written=written), keep, repair.detection, repair.encoding, file=file
            )
        )

    def streamed(self, path: str, result: Repair, *, written: bool, file: Path | None = None) -> None:
        """A large file that was repaired chunk by chunk: its kept changes and findings, no texts."""
        totals = result.totals
        n_findings = totals.findings if totals is not None else len(result.findings)
        if not result.safe:
            status = "left-alone"
        elif result.changed:
            status = "fixed" if written else "would-fix"
        else:
            status = "findings" if n_findings else "clean"
        message = None
        if totals is not None and totals.truncated(result):
            message = (
                f"a large file, repaired in {totals.pieces} chunks: {totals.changes} changes and "
                f"{totals.findings} findings, the first {len(result.changes)} and "
                f"{len(result.findings)} listed here"
            )
        self.report.files.append(
            FileEntry(
                path,
                status,
                None,
                result.detection,
                result.encoding,
                message,
                list(result.changes),
                list(result.findings),
                file=file,
            )
        )

    def problem(self, problem: Problem) -> None:
        """A file that could not be processed (or was skipped, for a note)."""
        self.report.files.append(
            FileEntry(problem.display, "skipped" if problem.note else "error", message=problem.message)
        )

    def failed(self, path: str, repair: Repair, message: str, file: Path | None = None) -> None:
        """A file that was repaired but could not be written."""
        self.report.files.append(
            FileEntry(path, "error", repair, repair.detection, repair.encoding, message, file=file)
        )


def end_of(item: Change | Finding, original: str | None) -> tuple[int, int]:
    """1-based line and column just after the span of `item` in the original text.

    The span is ``original[start:end]``; without the original (or for an empty span) the end is
    the start.
    """
    if original is None or item.end <= item.start:
        return item.line, item.col
    span = original[item.start : item.end]
    newlines = span.count("\n")
    if newlines == 0:
        return item.line, item.col + len(span)
    return item.line + newlines, len(span) - span.rfind("\n")


def rule_name(code: str) -> str:
    """The catalogue name of `code` (the code itself for a code the catalogue does not know)."""
    rule = BY_CODE.get(code)
    return rule.name if rule else code
