"""C1 control characters in Latin-script text: windows-1252 that was read as latin-1 (TM201).

People do not write C1 controls (U+0080-U+009F). In a line of Latin script each one is a byte
of windows-1252 that a decoder took for latin-1, which maps those bytes to controls where
windows-1252 has punctuation and letters: ``\\x84Handwerk…\\x93`` for „Handwerk…“,
``ulo\\x9eit`` for uložit. Browsers read such text the same way. The five bytes windows-1252
leaves undefined (81 8D 8F 90 9D) have no reading and stay. A line that also holds UTF-8
read as latin-1 is left to the Latin fixer (its C1 controls are bytes of UTF-8). In a line of
another script the byte belongs to that script's code page (windows-1251, -1253, -874…), which
this fixer does not guess: such a line is left as it is.

>>> from textmend.context import Context
>>> fix("Er sagte \\x84Hallo\\x93.", Context())[0]
'Er sagte „Hallo“.'
"""

from __future__ import annotations

import re
import unicodedata

from ..context import Context
from ..result import Change, Finding, split_lines

#: The C1 controls that windows-1252 gives a character to, and that character.
READING: dict[str, str] = {
    chr(b): ch for b in range(0x80, 0xA0) for ch in [bytes([b]).decode("cp1252", errors="ignore")] if ch
}
DEFINED = re.compile("[" + "".join(READING) + "]")
#: The same characters in UTF-8 (C2 and the byte itself): the screen searches the text's UTF-8,
#: which the decoder of a UTF-8 file already holds, for a literal first byte (five times faster
#: than the class over the text).
DEFINED_UTF8 = re.compile(b"\xc2[" + b"".join(re.escape(bytes([ord(c)])) for c in READING) + b"]")


#: A lead byte of multi-byte UTF-8 and a continuation byte, as latin-1 shows them: UTF-8
#: mojibake, whose C1 controls are continuation bytes (``Ã\x81`` for Á) and the Latin fixer's.
UTF8_AS_LATIN1 = re.compile("[\xc2-\xf4][\x80-\xbf]")


def _latin_line(line: str) -> bool:
    """Whether every letter of `line` outside ASCII is a Latin letter (or there is none)."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in line if ch > "\x7f")


def _chain(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """The lossless claim of the change, when re-applying the damage to `after` gives `before`
    (not when the span also holds characters of windows-1252 that latin-1 lacks, such as '…')."""
    try:
        return (("cp1252", "latin-1"),) if after.encode("cp1252").decode("latin-1") == before else ()
    except UnicodeError:
        return ()


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Read the C1 controls of each Latin-script line as windows-1252 (one change a line)."""
    if text.isascii() or not ctx.enabled("TM201") or DEFINED_UTF8.search(ctx.view(text).utf8) is None:
        return text, []
    out: list[str] = []
    changes: list[Change | Finding] = []
    pos = 0
    for line in split_lines(text):
        first = DEFINED.search(line)
        if first is not None and _latin_line(line) and UTF8_AS_LATIN1.search(line) is None:
            fixed = DEFINED.sub(lambda m: READING[m.group(0)], line)
            last = max(m.end() for m in DEFINED.finditer(line))
            before, after = line[first.start() : last], fixed[first.start() : last]
            changes.append(
                Change(
                    "TM201",
                    "mojibake: windows-1252 read as latin-1 (C1 controls)",
                    before,
                    after,
                    pos + first.start(),
                    pos + last,
                    chain=_chain(before, after),
                )
            )
            out.append(fixed)
        else:
            out.append(line)
        pos += len(line)  # offsets are the input's (a reading replaces one character by one)
    return ("".join(out), changes) if changes else (text, [])


def evidence() -> tuple[str, ...]:
    """What `fix` reacts to (`textmend.fixers` says how the pipeline uses it): a C1 control
    that windows-1252 gives a character to (the screen at the top of `fix`)."""
    return (DEFINED.pattern,)
