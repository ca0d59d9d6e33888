"""Text in UTF-16 read as a single-byte code page (TM201): ``H\\x00i\\x00`` for Hi, ``«0«0`` for ｫｫ.

A program that writes UTF-16 (Windows' "Unicode", PowerShell's redirections, Excel's "Unicode
text") and one that reads the bytes as latin-1 or windows-1252 turn every character into two:
its low byte and its high byte, ``\\x00`` for ASCII, ``\\x04`` for Cyrillic, ``0`` for kana
(``Á0ë0¿0ê0¹0`` for カタカナ), the controls and signs of U+4E-U+9F for Han. No text holds C0
controls between its letters, so they are the evidence; the repair is the whole text read back
through the channel (the registry's UTF-16 channels, `textmend.text.encodings`), strictly: every
byte pair a character, no lone surrogate, no control but line breaks and tabs, no private use
or unassigned code point, and the reading a text the character model finds ordinary.

>>> from textmend.context import Context
>>> fix("H\\x00e\\x00l\\x00l\\x00o\\x00", Context())[0]
'Hello'
"""

from __future__ import annotations

import re
import unicodedata

from ..context import Context
from ..result import Change, Finding
from ..text.encodings import CHANNELS, ENCODINGS, shown_bytes

#: The UTF-16 channels of the registry: (the UTF-16 codec, the codecs of the page it was read as).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (ENCODINGS[c.source].codecs[0], ENCODINGS[c.shown].codecs)
    for c in CHANNELS
    if ENCODINGS[c.source].kind == "utf16"
)
#: A C0 control no text writes (tab, line feed, form feed and carriage return aside).
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
#: The reading's mean cost per character (nats) must be below this, and below the text's.
MAX_MEAN = 9.0


def evidence() -> tuple[str, ...]:
    """What `fix` needs: a C0 control no text writes."""
    return (CONTROL.pattern,)


def _ordinary(reading: str, text: str) -> bool:
    """Whether `reading` is text: no control but line breaks and tabs, no private use or
    unassigned code point, and cheaper per character to the character model than `text`."""
    for ch in reading:
        cat = unicodedata.category(ch)
        if (cat == "Cc" and ch not in "\t\n\r") or cat in ("Co", "Cn", "Cs"):
            return False
    from ..text.charmodel import model

    m = model()
    mean = m.cost(reading) / len(reading)
    return mean < MAX_MEAN and mean < m.cost(text) / len(text)


def reading(text: str) -> tuple[str, str, str] | None:
    """`text` read back through the UTF-16 channel that gives ordinary text, with that
    channel's UTF-16 codec and the page's codec that gives `text` back; ``None`` when none does."""
    if CONTROL.search(text) is None:
        return None
    for source, shown in LAYERS:
        data = shown_bytes(text, shown)
        if data is None or len(data) % 2:
            continue
        try:
            out = data.decode(source)
        except UnicodeDecodeError:
            continue
        if out and out != text and _ordinary(out, text):
            reader = next((c for c in shown if _gives(out, source, c, text)), "")
            return out, source, reader
    return None


def _gives(out: str, source: str, reader: str, text: str) -> bool:
    try:
        return out.encode(source).decode(reader) == text
    except UnicodeError:
        return False


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Read a whole text in UTF-16 read as a single-byte page back as the text it was."""
    if not ctx.enabled("TM201"):
        return text, []
    if text.isascii() and "\x00" not in text:
        # UTF-16 of any text with a space, a digit, a sign or a line break holds the zero
        # byte, and ASCII text is not screened (`pipeline.Screening`): one memchr instead of a
        # scan for every control (6 ms a megabyte of source code, 50 times its decode)
        return text, []
    found = reading(text)
    if found is None:
        return text, []
    out, source, reader = found
    change = Change(
        "TM201",
        f"mojibake: {source} read as {reader or 'a single-byte page'}",
        text,
        out,
        0,
        len(text),
        chain=((source, reader),) if reader else (),
    )
    return out, [change]
