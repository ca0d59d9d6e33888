"""The records textmend's pipeline produces: what it changed, what it found, what it detected.

Every stage speaks in these types. A fixer creates `Change` and `Finding` records whose
`start`/`end` are offsets in *its own input*; the pipeline rewrites them so that, in a
finished `Repair`, they point into the original text the user has (1-based line and column,
counted in characters), and the reports only ever render them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .rules import BLOCKING


@dataclass(frozen=True)
class Change:
    """One repair: `before` (in the original text) became `after`, for the reason in `message`.

    `code` is a stable rule code from `textmend.rules` (like ruff's), so users can select or
    ignore a kind of repair. `confidence` is in [0, 1]: 1.0 for mechanical repairs.

    `chain` is the claim of a lossless repair: `before` is `after` encoded with ``chain[i][0]``
    and decoded with ``chain[i][1]``, layer after layer in order (``(("utf-8", "cp1252"),)``
    for ``CafÃ©`` -> ``Café``). The pipeline re-applies it before accepting the change and
    drops the change when it does not give `before` back. Empty: no such claim.
    """

    code: str
    message: str
    before: str
    after: str
    start: int = 0
    end: int = 0
    line: int = 0
    col: int = 0
    confidence: float = 1.0
    chain: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["chain"] = [list(layer) for layer in self.chain]
        return d


@dataclass(frozen=True)
class Finding:
    """Damage that was detected but not repaired, with the candidates that would fit if any.

    Findings are never applied; they are reported so that a person can decide. Where a model
    weighed the candidates (a lost character, TM204), `probabilities` gives each one's, in the
    order of `candidates`.
    """

    code: str
    message: str
    before: str
    candidates: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    line: int = 0
    col: int = 0
    confidence: float = 1.0
    probabilities: tuple[float, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["candidates"] = list(self.candidates)
        d["probabilities"] = list(self.probabilities)
        return d


@dataclass(frozen=True)
class Segment:
    """A run of the input bytes decoded with one encoding (a mixed file has several).

    Lines are 1-based and inclusive, counted in the decoded text; bytes are a half-open range.
    """

    encoding: str
    start_line: int
    end_line: int
    start_byte: int
    end_byte: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def whole(cls, encoding: str, text: str | bytes, end_byte: int) -> Segment:
        """The one segment of a text read whole (bytes 0 to `end_byte`), its `end_line` (the
        number of lines of `text`, at least 1) counted when first asked for: a clean file's
        repair never asks, and counting the line breaks of a megabyte cost half as much as
        decoding it (a megabyte of ASCII, several times as much). Equal to, and pickled as, the
        segment with the count filled in. `text` may be the UTF-8 bytes of the text, whose
        line breaks are the same bytes (no other character's encoding holds byte 10)."""
        seg = object.__new__(cls)
        state = seg.__dict__
        state.update(encoding=encoding, start_line=1, start_byte=0, end_byte=end_byte)
        state["_lines_of"] = text
        return seg

    def __getattr__(self, name: str) -> Any:
        # only reached for an attribute the instance lacks: the end line of `whole`, not yet counted
        state = self.__dict__
        text = state.get("_lines_of") if name == "end_line" else None
        if text is None:
            if name == "end_line" and "end_line" in state:  # counted by another thread meanwhile
                return state["end_line"]
            raise AttributeError(name)
        nl: Any = b"\n" if isinstance(text, bytes) else "\n"
        state["end_line"] = max(1, text.count(nl) + (0 if text.endswith(nl) or not text else 1))
        state.pop("_lines_of", None)
        return state["end_line"]

    def __getstate__(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in ("encoding", "start_line", "end_line", "start_byte", "end_byte")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


@dataclass(frozen=True)
class Detection:
    """What the input bytes are: their encoding (``"mixed"`` when segments differ) and more.

    `confidence` is in [0, 1]. `script` is the Chinese script of the text when known
    (``hans``, ``hant``, ``mixed`` or ``none``). `bom` names a byte-order mark found at the start.
    """

    encoding: str
    confidence: float
    segments: tuple[Segment, ...] = ()
    script: str | None = None
    bom: str | None = None

    @property
    def mixed(self) -> bool:
        return len({s.encoding for s in self.segments}) > 1

    @property
    def encodings(self) -> list[str]:
        """The codecs the text was decoded from: each segment's, or the one of the whole file."""
        return [s.encoding for s in self.segments] or [self.encoding]

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "confidence": round(self.confidence, 4),
            "segments": [s.to_dict() for s in self.segments],
            "script": self.script,
            "bom": self.bom,
        }


_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def split_lines(text: str) -> list[str]:
    """Split on ``\\n`` only, keeping the ends (``str.splitlines`` also splits on U+2028 etc.)."""
    return _LINE.findall(text)


def diff_labels(path: str, encoding: str | None = None) -> tuple[str, str]:
    """The ``---``/``+++`` labels of a diff of `path`: ``a/`` and ``b/`` for a relative path,
    and the source encoding beside them when it is not UTF-8."""
    relative = path != "-" and not path.startswith("/")
    src = f"a/{path}" if relative else path
    dst = f"b/{path}" if relative else path
    if encoding and encoding not in ("utf-8", "ascii"):
        src += f"\t({encoding})"
        dst += "\t(utf-8)"
    return src, dst


def unified_diff(before: str, after: str, path: str = "-", *, encoding: str | None = None) -> str:
    """A unified diff from `before` to `after`, or ``""`` when they are the same text.

    When only the encoding changes (a legacy file that becomes UTF-8 with the same text), the
    diff has the two headers and no hunk, so that ``--diff`` still shows that the file changes.
    """
    src, dst = diff_labels(path, encoding)
    if before == after:
        return f"--- {src}\n+++ {dst}\n" if encoding and encoding not in ("utf-8", "ascii") else ""
    out: list[str] = []
    for line in difflib.unified_diff(split_lines(before), split_lines(after), src, dst, lineterm="\n"):
        if line.startswith(("---", "+++")):
            line = line.rstrip("\n") + "\n"
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


#: The byte-order mark written back when a UTF-16/32 file keeps its encoding (TM102 off).
BOM_BYTES: dict[str, bytes] = {
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
    "utf-32-le": b"\xff\xfe\x00\x00",
    "utf-32-be": b"\x00\x00\xfe\xff",
}


@dataclass(frozen=True)
class Problem:
    """A path that cannot be processed, with a one-line reason."""

    display: str
    message: str
    note: bool = False  # a note (a skipped file) rather than an error


@dataclass(frozen=True)
class Totals:
    """What a repair did in all, when its `Repair` lists only the first of its changes and
    findings (a file streamed chunk by chunk, `textmend.io.stream`: neither its texts nor all
    its changes are held in memory)."""

    changes: int
    findings: int
    by_code: dict[str, int]  # changes and findings by rule code
    pieces: int = 1  # the chunks it was repaired in

    def truncated(self, repair: Repair) -> bool:
        """Whether `repair` lists fewer changes or findings than there were."""
        return self.changes > len(repair.changes) or self.findings > len(repair.findings)


@dataclass
class Repair:
    """The result of repairing one text: the clean text and the account of how it was made.

    `original` is the input as decoded (line and column numbers point into it). `encoding` is
    the source encoding of `repair_bytes` input (``None`` for `repair_text`). `output_encoding`
    is what `data` is written in: UTF-8, unless the rule that converts the file's encoding
    (TM101, TM102) was switched off, in which case the file keeps its own. `changed` is true
    when the output bytes would differ from the input: a repair was made, or the encoding changes.
    `totals` is set when the lists hold only the first changes and findings (see `Totals`).
    """

    text: str
    original: str
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    encoding: str | None = None
    detection: Detection | None = None
    output_encoding: str = "utf-8"
    totals: Totals | None = None

    @classmethod
    def unchanged_utf8(cls, data: bytes, detection: Detection) -> Repair:
        """The repair of the valid UTF-8 (or ASCII: `detection` says) `data` in which nothing
        was changed or found, its `text` (and `original`, the same str) decoded from `data`
        when first read: a clean file's check reads neither, and decoding it cost a third as
        much as screening it."""
        repair = object.__new__(cls)
        repair.__dict__.update(
            changes=[],
            findings=[],
            encoding=detection.encoding,
            detection=detection,
            output_encoding="utf-8",
            totals=None,
            _utf8=data,
        )
        return repair

    def _lazy(self) -> bool:
        """Whether the text is still the undecoded input of `unchanged_utf8` (neither it nor
        `original` was read or set)."""
        state = self.__dict__
        return "_utf8" in state and "text" not in state and "original" not in state

    if not TYPE_CHECKING:  # (to mypy, a class with __getattr__ has every attribute)

        def __getattr__(self, name: str) -> Any:
            # only reached for an attribute the instance lacks: the text of `unchanged_utf8`
            state = self.__dict__
            data = state.get("_utf8") if name in ("text", "original") else None
            if data is None:
                if name in ("text", "original") and name in state:  # decoded by another thread meanwhile
                    return state[name]
                raise AttributeError(name)
            text = data.decode("utf-8")
            state.setdefault("text", text)
            state.setdefault("original", text)
            state.pop("_utf8", None)
            return state[name]

    @property
    def changed(self) -> bool:
        if not self._lazy() and self.text != self.original:
            return True
        source = "utf-8" if self.encoding in (None, "ascii") else self.encoding
        return source != self.output_encoding

    @property
    def safe(self) -> bool:
        """False when writing the text would lose input bytes (some could not be decoded)."""
        return not any(f.code in BLOCKING for f in self.findings)

    @property
    def data(self) -> bytes:
        """The repaired text as bytes ready to write: UTF-8 (or the kept `output_encoding`)."""
        if self.output_encoding == "utf-8":
            return self.__dict__["_utf8"] if self._lazy() else self.text.encode("utf-8")
        bom = self.detection.bom if self.detection else None
        mark = BOM_BYTES.get(self.output_encoding, b"") if bom == self.output_encoding else b""
        return mark + self.text.encode(self.output_encoding)

    def diff(self, path: str = "-") -> str:
        """Unified diff from the original to the repaired text (``""`` when nothing changes)."""
        return unified_diff(self.original, self.text, path, encoding=self.encoding)

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "detection": self.detection.to_dict() if self.detection else None,
            "changed": self.changed,
            "output_encoding": self.output_encoding,
            "changes": [c.to_dict() for c in self.changes],
            "findings": [f.to_dict() for f in self.findings],
            "text": self.text,
        }
