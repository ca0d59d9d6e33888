"""The HTML report: one self-contained page a person can open, read and keep.

No script, no font, no image, nothing fetched: the style is inline, and a Content-Security-
Policy forbids every load, so the page shows the same offline, in a mail attachment or in a
CI artefact. It has

- a summary: files by status, and a table of the files that have something to show (clean
  files are counted, not listed), then the rules that fired;
- per file, the lines that change (with a line of context) side by side, before and after.
  On the left each change's span in the original is marked, on the right what it became; each
  mark carries its reasons on hover (``title``), and the reasons are also written beside the
  line, so nothing needs a mouse. Findings (damage not repaired) are marked with a wavy
  underline and their candidates. Invisible characters in a marked span (a byte-order mark,
  a control character) are shown by their code point.

Lines are paired one to one when the repair keeps the number of lines (almost always);
otherwise difflib pairs them. A file with very many changed lines shows the first `MAX_ROWS`.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..result import Change, Finding, split_lines
from ..rules import BY_CODE
from ..spans import trim_common
from . import text as report_text
from .model import STATUS_HELP, STATUSES, FileEntry, Report, rule_name

#: Lines of unchanged context shown around each changed line.
CONTEXT = 1
#: At most this many rows per file (a report over a huge file stays readable).
MAX_ROWS = 400
#: Longer lines are compared by common prefix and suffix only (difflib is quadratic).
LONG_LINE = 2000

CSS = """
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --del: #ffd7d5; --del-strong: #ff818266;
        --ins: #ccffd8; --ins-strong: #4ac26b66; --find: #bf8700; --bg-head: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
       color: var(--fg); margin: 0 auto; padding: 24px; max-width: 1400px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; word-break: break-all; }
h3 { font-size: 15px; margin: 20px 0 6px; }
p.meta, p.note { color: var(--muted); margin: 4px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-head); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: #0969da; }
.status { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
          white-space: nowrap; }
.status-fixed { background: #dafbe1; color: #116329; }
.status-would-fix { background: #ddf4ff; color: #0550ae; }
.status-findings { background: #fff8c5; color: #7d4e00; }
.status-left-alone, .status-error { background: #ffebe9; color: #a40e26; }
.status-clean, .status-skipped { background: #eff2f5; color: var(--muted); }
.file { margin-top: 28px; border-top: 2px solid var(--line); }
.encoding { margin: 6px 0; }
.encoding code, .why code { background: var(--bg-head); padding: 0 4px; border-radius: 4px; }
table.sbs { table-layout: fixed; font: 13px/1.45 ui-monospace, "SFMono-Regular", "Noto Sans Mono",
            "Noto Sans Mono CJK SC", Menlo, Consolas, monospace; }
table.sbs col.ln { width: 3.5em; }
table.sbs col.why { width: 28%; }
table.sbs td { white-space: pre-wrap; word-break: break-all; border-top: none; border-bottom: none; }
table.sbs td.ln { color: var(--muted); text-align: right; user-select: none; background: var(--bg-head); }
table.sbs tr.changed td.before { background: #fff5f5; }
table.sbs tr.changed td.after { background: #f3fff5; }
table.sbs td.why { font: 13px/1.45 system-ui, sans-serif; white-space: normal; word-break: normal; }
table.sbs tr.gap td { background: var(--bg-head); color: var(--muted); text-align: center; font-style: italic;
                     border: 1px solid var(--line); }
mark { color: inherit; border-radius: 3px; padding: 0 1px; }
mark.del { background: var(--del-strong); }
mark.ins { background: var(--ins-strong); }
mark.find {
  background: transparent; text-decoration: underline wavy var(--find); text-underline-offset: 3px;
}
mark.del.find { background: var(--del-strong); }
.cp { font-size: 10px; border: 1px solid currentColor; border-radius: 3px; padding: 0 2px; margin: 0 1px; }
.why ul { margin: 0; padding-left: 1.1em; }
.why li { margin: 0 0 2px; }
.why .finding { color: #7d4e00; }
.code { font-weight: 600; }
"""


#: Characters shown by their code point wherever they are, not only in a marked span: controls
#: (a terminal escape in a log file) and the bidirectional controls that reorder what a browser
#: shows (Trojan Source: a line that reads differently from what it holds).
_SHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _esc(s: str) -> str:
    out = html.escape(s, quote=True)
    if _SHOWN.search(out) is None:
        return out
    return _SHOWN.sub(lambda m: f'<span class="cp">U+{ord(m.group()):04X}</span>', out)


def _attr(s: str) -> str:
    """Text for an attribute (a ``title``): escaped, controls written as ``U+XXXX``."""
    return _SHOWN.sub(lambda m: f"U+{ord(m.group()):04X}", html.escape(s, quote=True))


def _visible(s: str) -> str:
    """HTML for a marked span: characters that draw nothing are shown as their code point."""
    out: list[str] = []
    for ch in s:
        if ch not in "\t\n" and unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp", "Co", "Cs"):
            out.append(f'<span class="cp">U+{ord(ch):04X}</span>')
        else:
            out.append(_esc(ch))
    return "".join(out)


def _eol(line: str) -> str:
    """A line without its line ending (``\\n`` or ``\\r\\n``), which the table cell draws."""
    return line.removesuffix("\n").removesuffix("\r") if line.endswith("\n") else line


def _title(items: Sequence[Change | Finding]) -> str:
    return "\n".join(f"{i.code} {rule_name(i.code)}: {report_text.describe(i)}" for i in items)


def _file_level(item: Change | Finding) -> bool:
    """An item that is about the whole file (a decoding), not a span of it."""
    return item.end <= item.start and not item.before and not (isinstance(item, Change) and item.after)


@dataclass
class _Row:
    left: int | None  # index into the original lines
    right: int | None  # index into the repaired lines


def _pair(a: list[str], b: list[str]) -> list[_Row]:
    """Pair original and repaired lines: one to one when the counts match, else with difflib."""
    if len(a) == len(b):
        return [_Row(i, i) for i in range(len(a))]
    rows: list[_Row] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(_Row(i1 + k, j1 + k) for k in range(i2 - i1))
            continue
        n = max(i2 - i1, j2 - j1)
        for k in range(n):
            rows.append(_Row(i1 + k if i1 + k < i2 else None, j1 + k if j1 + k < j2 else None))
    return rows


def _segments(line: str, line_start: int, items: Sequence[Change | Finding]) -> Iterator[tuple[str, list]]:
    """Split an original line into runs, each with the items whose span covers it."""
    line_end = line_start + len(line)
    cuts = {0, len(line)}
    spans = []
    for it in items:
        lo, hi = max(it.start, line_start) - line_start, min(it.end, line_end) - line_start
        if hi > lo:
            spans.append((lo, hi, it))
            cuts.update((lo, hi))
    points = sorted(cuts)
    for lo, hi in pairwise(points):
        yield line[lo:hi], [it for a, b, it in spans if a <= lo and hi <= b]


def _left_html(line: str, line_start: int, items: Sequence[Change | Finding]) -> str:
    out: list[str] = []
    for piece, covering in _segments(_eol(line), line_start, items):
        if not covering:
            out.append(_esc(piece))
            continue
        classes = []
        if any(isinstance(i, Change) for i in covering):
            classes.append("del")
        if any(isinstance(i, Finding) for i in covering):
            classes.append("find")
        out.append(
            f'<mark class="{" ".join(classes)}" title="{_attr(_title(covering))}">{_visible(piece)}</mark>'
        )
    return "".join(out)


def _right_html(before: str, after: str, items: Sequence[Change | Finding]) -> str:
    """The repaired line with what differs from the original line marked."""
    before, after = _eol(before), _eol(after)
    if before == after:
        return _esc(after)
    opcodes: Sequence[tuple[str, int, int, int, int]]
    if len(before) > LONG_LINE or len(after) > LONG_LINE:
        p, s = trim_common(before, after)
        opcodes = [
            ("equal", 0, p, 0, p),
            ("replace", p, len(before) - s, p, len(after) - s),
            ("equal", len(before) - s, len(before), len(after) - s, len(after)),
        ]
    else:
        opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    title = _attr(_title([i for i in items if isinstance(i, Change)]) or "changed")
    out: list[str] = []
    for tag, _i1, _i2, j1, j2 in opcodes:
        piece = after[j1:j2]
        if not piece:
            continue
        out.append(
            _esc(piece) if tag == "equal" else f'<mark class="ins" title="{title}">{_visible(piece)}</mark>'
        )
    return "".join(out)


def _why_html(items: Sequence[Change | Finding]) -> str:
    if not items:
        return ""
    lis = []
    for i in items:
        cls = ' class="finding"' if isinstance(i, Finding) else ""
        lis.append(
            f'<li{cls}><span class="code" title="{_attr(rule_name(i.code))}">{_esc(i.code)}</span> '
            f"{_esc(report_text.describe(i))}</li>"
        )
    return "<ul>" + "".join(lis) + "</ul>"


def _file_section(index: int, entry: FileEntry) -> str:
    repair = entry.repair
    status = (
        f'<p><span class="status status-{entry.status}">{_esc(entry.status)}</span> '
        f"{_esc(STATUS_HELP.get(entry.status, ''))}</p>"
    )
    parts = [f'<section class="file" id="file-{index}">', f"<h2>{_esc(entry.path)}</h2>", status]
    if entry.message:
        parts.append(f'<p class="note">{_esc(entry.message)}</p>')
    if repair is None:
        if entry.items():  # a streamed file: what was done, without the texts
            parts.append('<div class="why">' + _why_html(entry.items()) + "</div>")
        parts.append("</section>")
        return "\n".join(parts)
    items = entry.items()
    file_items = [i for i in items if _file_level(i)]
    span_items = [i for i in items if not _file_level(i)]
    enc = _encoding_text(entry)
    if enc:
        parts.append(f'<p class="encoding">Encoding: {enc}</p>')
    if file_items:
        parts.append('<div class="why">' + _why_html(file_items) + "</div>")

    a, b = split_lines(repair.original), split_lines(repair.text)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    by_line: dict[int, list[Change | Finding]] = {}  # original line index -> items touching it
    first_line: dict[int, list[Change | Finding]] = {}  # original line index -> items starting on it
    for it in span_items:
        first = max(it.line - 1, 0)
        first_line.setdefault(first, []).append(it)
        last = max(first, (it.line - 1) + repair.original.count("\n", it.start, max(it.end - 1, it.start)))
        for k in range(first, last + 1):
            by_line.setdefault(k, []).append(it)

    rows = _pair(a, b)
    interesting = {
        n
        for n, r in enumerate(rows)
        if (r.left is None or r.right is None or a[r.left] != b[r.right] or r.left in by_line)
    }
    if not interesting:
        parts.append(
            '<p class="note">No line of text changes: only the encoding (or the file\'s format).</p>'
        )
        parts.append(_preview(repair.original, repair.encoding))
        parts.append("</section>")
        return "\n".join(parts)
    shown = sorted(
        {m for n in interesting for m in range(n - CONTEXT, n + CONTEXT + 1) if 0 <= m < len(rows)}
    )
    parts.append(
        '<table class="sbs"><colgroup><col class="ln"><col><col class="ln"><col><col class="why">'
        "</colgroup><thead><tr><th>#</th><th>Before</th><th>#</th><th>After</th><th>Why</th></tr></thead>"
        "<tbody>"
    )
    previous = -1
    emitted = 0
    for n in shown:
        if emitted >= MAX_ROWS:
            rest = sum(1 for m in interesting if m >= n)
            parts.append(
                f'<tr class="gap"><td colspan="5">… {rest} more changed line{"s" if rest != 1 else ""} '
                "not shown (the JSON report has them all)</td></tr>"
            )
            break
        if n != previous + 1:
            gap = n - previous - 1
            parts.append(
                f'<tr class="gap"><td colspan="5">⋯ {gap} unchanged line{"s" if gap != 1 else ""}</td></tr>'
            )
        previous = n
        emitted += 1
        r = rows[n]
        left_items = by_line.get(r.left, []) if r.left is not None else []
        left = _left_html(a[r.left], starts[r.left], left_items) if r.left is not None else ""
        if r.right is None:
            right = ""
        elif r.left is None:
            right = f'<mark class="ins" title="added">{_visible(_eol(b[r.right]))}</mark>'
        else:
            right = _right_html(a[r.left], b[r.right], left_items)
        changed = r.left is None or r.right is None or a[r.left] != b[r.right]
        why = _why_html(first_line.get(r.left, [])) if r.left is not None else ""
        parts.append(
            f'<tr class="{"changed" if changed else "same"}">'
            f'<td class="ln">{"" if r.left is None else r.left + 1}</td><td class="before">{left}</td>'
            f'<td class="ln">{"" if r.right is None else r.right + 1}</td><td class="after">{right}</td>'
            f'<td class="why">{why}</td></tr>'
        )
    if previous < len(rows) - 1 and emitted < MAX_ROWS:
        gap = len(rows) - 1 - previous
        parts.append(
            f'<tr class="gap"><td colspan="5">⋯ {gap} unchanged line{"s" if gap != 1 else ""}</td></tr>'
        )
    parts.append("</tbody></table></section>")
    return "\n".join(parts)


#: Lines of the decoded text shown for a file whose only change is its encoding.
PREVIEW_LINES = 5


def _preview(text: str, encoding: str | None) -> str:
    """The first lines of a file as decoded, with the encoding named: a wrong guess (Déjà vu
    read as cp1257) is seen before it is written, though no line "changes"."""
    lines = [_eol(ln) for ln in split_lines(text) if ln.strip()][:PREVIEW_LINES]
    if not lines or encoding in (None, "utf-8", "ascii"):
        return ""
    rows = "".join(
        f'<tr class="same"><td class="ln">{n}</td><td class="after">{_esc(ln)}</td></tr>'
        for n, ln in enumerate(lines, 1)
    )
    return (
        f'<p class="note">Read as <code>{_esc(encoding)}</code>, the file begins:</p>'
        f'<table class="sbs preview"><colgroup><col class="ln"><col></colgroup><tbody>{rows}</tbody></table>'
    )


def _encoding_text(entry: FileEntry) -> str:
    det = entry.detection
    if det is None:
        return ""
    if det.mixed:
        runs = ", ".join(
            f"<code>{_esc(s.encoding)}</code> (lines {s.start_line}–{s.end_line})" for s in det.segments
        )
        before = f"mixed: {runs}"
    else:
        before = f"<code>{_esc(det.encoding)}</code> (confidence {det.confidence:.2f})"
    if det.bom:
        before += f", {_esc(det.bom)} byte-order mark"
    if entry.status in ("fixed", "would-fix") and (det.encoding not in ("utf-8", "ascii") or det.bom):
        return f"{before} → <code>utf-8</code>"
    return before


def render(report: Report) -> str:
    """The report as one self-contained HTML page."""
    summary = report.summary()
    shown = [(n, e) for n, e in enumerate(report.files, 1) if e.status != "clean"]
    clean = summary.statuses.get("clean", 0)
    counts = ", ".join(f"{n} {s}" for s, n in summary.statuses.items())
    body = [
        "<header><h1>textmend report</h1>",
        (
            f'<p class="meta">textmend {_esc(report.tool_version)} · '
            f"<code>textmend {_esc(report.command)}</code> · "
            f"{summary.files} file{'s' if summary.files != 1 else ''}: {_esc(counts) or 'none'} · "
            f"{summary.changes} change{'s' if summary.changes != 1 else ''}, "
            f"{summary.findings} finding{'s' if summary.findings != 1 else ''}</p></header>"
        ),
        '<section id="summary"><h2>Summary</h2>',
    ]
    if shown:
        body.append(
            '<table class="summary"><thead><tr><th>File</th><th>Status</th><th>Encoding</th>'
            "<th>Changes</th><th>Findings</th></tr></thead><tbody>"
        )
        for n, e in shown:
            enc = e.encoding or ""
            if enc and e.status in ("fixed", "would-fix") and enc != "utf-8":
                enc += " → utf-8"
            body.append(
                f'<tr><td><a href="#file-{n}">{_esc(e.path)}</a></td>'
                f'<td><span class="status status-{e.status}" title="{_esc(STATUS_HELP.get(e.status, ""))}">'
                f"{_esc(e.status)}</span></td><td>{_esc(enc)}</td>"
                f'<td class="num">{len(e.changes)}</td><td class="num">{len(e.findings)}</td></tr>'
            )
        body.append("</tbody></table>")
    if clean:
        body.append(f'<p class="note">{clean} clean file{"s" if clean != 1 else ""} not listed.</p>')
    if summary.by_code:
        body.append(
            '<h3>Rules</h3><table class="rules"><thead><tr><th>Code</th><th>Name</th><th>Changes</th>'
            "<th>Findings</th><th>What</th></tr></thead><tbody>"
        )
        for code in report.codes():
            c = summary.by_code[code]
            rule = BY_CODE.get(code)
            body.append(
                f'<tr><td class="code">{_esc(code)}</td><td>{_esc(rule_name(code))}</td>'
                f'<td class="num">{c["changes"]}</td><td class="num">{c["findings"]}</td>'
                f"<td>{_esc(rule.description if rule else '')}</td></tr>"
            )
        body.append("</tbody></table>")
    body.append("</section>")
    body.extend(_file_section(n, e) for n, e in shown)
    legend = "".join(
        f'<li><span class="status status-{s}">{s}</span> {_esc(STATUS_HELP[s])}</li>' for s in STATUSES
    )
    body.append(f'<footer><h3>Statuses</h3><ul class="legend">{legend}</ul></footer>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>textmend report: {summary.changes} changes, {summary.findings} findings</title>\n"
        f"<style>{CSS}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
