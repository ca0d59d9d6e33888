"""Latin mojibake written as HTML entities (TM201): ``pr&Atilde;&frac14;fen`` for pr&uuml;fen.

A page that misread UTF-8 as windows-1252 and then escaped every character that has an entity
name (PHP's ``htmlentities``) holds its mojibake as entities: the bytes are all there, one
entity a byte, but no character of the text is outside ASCII, so the Latin fixer never sees
them. This fixer reads the entities (each named entity is one character), lets the Latin fixer
judge the reading exactly as it judges text (the same evidence: a strict round trip through a
code page into UTF-8), and writes each repair back in the text's own convention: a character
with an entity name as that entity, the others (Cyrillic, CJK) as themselves. Text whose
entities read as clean text comes back unchanged.

>>> from textmend.context import Context
>>> fix("Bitte pr&Atilde;&frac14;fen Sie &Atilde;&frac14;berall.", Context())[0]
'Bitte pr&uuml;fen Sie &uuml;berall.'
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import replace

from ..context import Context
from ..result import Change, Finding
from ..spans import apply_edits
from ..text import fastre

#: A named entity (HTML 4's names, those ``htmlentities`` writes), with its semicolon.
ENTITY = re.compile("&(" + "|".join(sorted(html.entities.name2codepoint, key=lambda n: (-len(n), n))) + ");")
_NAME = html.entities.codepoint2name


def _lead_names() -> str:
    """The entity names of the characters windows-1252 shows for the lead bytes of multi-byte
    UTF-8 (C2-F4: ``Atilde`` for C3), as an alternation."""
    names = {_NAME[ord(bytes([b]).decode("cp1252"))] for b in range(0xC2, 0xF5)}
    return "|".join(sorted(names))


def evidence() -> tuple[str, ...]:
    """What `fix` needs: the entity of a lead byte's character before another entity or a
    character outside ASCII (``&Atilde;&frac14;``, ``&Ntilde;\\x81``)."""
    return (f"&(?:{_lead_names()});(?:&[A-Za-z][A-Za-z0-9]*;|[^\\x00-\\x7f])",)


#: `evidence` behind its RE2 screen: Python's `re` alone stops at every ``&`` of a megabyte of
#: source code (5 ms).
_EVIDENCE = fastre.Guarded(evidence()[0])


def _escape(after: str, before: str) -> str:
    """`after` in the text's convention: each character outside ASCII with an entity name as
    that entity; the markup characters as entities where `before` wrote them so."""
    out: list[str] = []
    for ch in after:
        name = _NAME.get(ord(ch))
        if name is not None and (ch > "\x7f" or f"&{name};" in before):
            out.append(f"&{name};")
        else:
            out.append(ch)
    return "".join(out)


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Repair Latin mojibake held in named entities, each repair written back as entities."""
    if not ctx.enabled("TM201") or "&" not in text or not _EVIDENCE.search(text, ctx.view(text).utf8):
        return text, []
    # the text with each entity read: one character of it for each entity or character of the
    # text, starting at offsets[i] there
    chars: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in ENTITY.finditer(text):
        for k in range(pos, m.start()):
            chars.append(text[k])
            offsets.append(k)
        chars.append(chr(html.entities.name2codepoint[m.group(1)]))
        offsets.append(m.start())
        pos = m.end()
    for k in range(pos, len(text)):
        chars.append(text[k])
        offsets.append(k)
    offsets.append(len(text))
    read = "".join(chars)
    from . import latin  # (imported here: a clean ASCII file never imports ftfy)

    _, items = latin.fix(read, ctx)
    out: list[Change | Finding] = []
    for item in items:
        start, end = offsets[item.start], offsets[item.end]
        before = text[start:end]
        if isinstance(item, Change):
            after = _escape(item.after, before)
            if after == before:
                continue
            out.append(
                replace(
                    item,
                    message=f"{item.message} (in HTML entities)",
                    before=before,
                    after=after,
                    start=start,
                    end=end,
                    chain=(),
                )
            )
        else:
            out.append(replace(item, before=before, start=start, end=end))
    changes = [c for c in out if isinstance(c, Change)]
    if not changes:
        return text, []
    return apply_edits(text, changes), out
