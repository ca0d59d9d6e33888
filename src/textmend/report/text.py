"""Plain-text lines in the shape linters use: ``path:line:col: CODE message``."""

from __future__ import annotations

from ..result import Change, Detection, Finding

#: Longest excerpt of `before`/`after` shown in a one-line message.
EXCERPT = 40


def excerpt(s: str) -> str:
    """`s` quoted with escapes for invisible characters, shortened to about `EXCERPT` characters."""
    if len(s) > EXCERPT:
        s = s[: EXCERPT - 10] + "…" + s[-9:]
    return repr(s)


def describe(item: Change | Finding) -> str:
    """The message of a change or finding, with what it changes or the candidates it sees."""
    msg = item.message
    if isinstance(item, Change):
        if item.before or item.after:
            msg += f": {excerpt(item.before)} -> {excerpt(item.after)}"
    else:
        if item.before:
            msg += f": {excerpt(item.before)}"
        if item.candidates:
            listed = (
                [f"{c} {p:.0%}" for c, p in zip(item.candidates, item.probabilities)]
                if item.probabilities
                else list(item.candidates)
            )
            shown = ", ".join(listed[:8]) + (", …" if len(listed) > 8 else "")
            msg += f" (candidates: {shown})"
    return msg


def line(display: str, item: Change | Finding) -> str:
    """One problem line: ``path:line:col: CODE message``."""
    return f"{display}:{item.line}:{item.col}: {item.code} {describe(item)}"


def describe_detection(d: Detection) -> str:
    """``utf-8 (confidence 1.00)``, or for a mixed file
    ``mixed: utf-8 (lines 1-40, 52-60), gb18030 (lines 41-51)``; the Chinese script when known."""
    if d.mixed:
        runs: dict[str, list[str]] = {}
        for s in d.segments:
            span = f"{s.start_line}" if s.start_line == s.end_line else f"{s.start_line}-{s.end_line}"
            runs.setdefault(s.encoding, []).append(span)
        text = "mixed: " + ", ".join(
            f"{enc} (line{'s' if len(v) > 1 or '-' in v[0] else ''} {', '.join(v)})"
            for enc, v in runs.items()
        )
    else:
        text = f"{d.encoding} (confidence {d.confidence:.2f})"
    if d.bom:
        text += f", {d.bom} BOM"
    if d.script and d.script != "none":
        text += f", script {d.script}"
    return text
