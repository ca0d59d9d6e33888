"""Latin mojibake: UTF-8 that was decoded as windows-1252, latin-1, mac_roman and friends.

ftfy does this well, so it does it here, with only its encoding step on: its other defaults
(uncurling quotes, folding CJK full-width punctuation to ASCII, NFC normalisation) change
clean text, which textmend never does. `ftfy.fix_text` ignores part of its config on the
encoding step, so `ftfy.fix_encoding_and_explain` is called directly with ours. It runs line
by line, so that each repair is a change at its own line and column.

>>> from textmend.options import Options
>>> fix("CafÃ© au lait", Options())[0]
'Café au lait'
"""

from __future__ import annotations

import re

import ftfy
from ftfy.badness import is_bad

from ..model import Change, Finding, split_lines
from ..options import Options
from ..spans import trim_common

#: ftfy's encoding step and its helpers; everything that edits clean text is off.
CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,  # C1 controls in clean text stay; a finding would be the honest answer
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)


#: The code pages ftfy undoes (its `ftfy.chardata` list), for the prefilter below.
FTFY_CODEPAGES = ("latin-1", "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "iso-8859-2",
                  "mac_roman", "cp437")


def _lead_chars() -> re.Pattern[str]:
    """A UTF-8 lead byte (0xC2-0xF4) followed by a continuation byte (0x80-0xBF), as any of
    those code pages shows them.

    Every UTF-8 mojibake ftfy can undo holds such a pair; text with none (most Chinese,
    Japanese and English) skips ftfy's much slower badness test. Derived from Python's codecs.
    """

    def shown(lo: int, hi: int, skip: str = "") -> str:
        chars = {bytes([b]).decode(cp, errors="ignore") for cp in FTFY_CODEPAGES for b in range(lo, hi)}
        return re.escape("".join(sorted(c for c in chars if c and c not in skip)))

    # Dashes and curly quotes are Mac Roman's view of the leads of Cyrillic and Armenian letters
    # only: as leads they would send every text with '——' or '“' through the slow test.
    punct = "".join(map(chr, range(0x2010, 0x2028)))
    return re.compile(f"[{shown(0xC2, 0xF5, punct)}][{shown(0x80, 0xC0)}]")


LEAD_CHARS = _lead_chars()


def describe(plan: list[tuple[str, str]]) -> str:
    """ftfy's plan in words: ``[("encode", "sloppy-windows-1252"), ("decode", "utf-8")]`` ->
    ``"utf-8 read as windows-1252"``."""
    layers: list[str] = []
    extras: list[str] = []
    pending: str | None = None
    for step, arg in plan:
        if step == "encode":
            pending = arg.removeprefix("sloppy-")
        elif step == "decode" and pending is not None:
            layers.append(f"{arg} read as {pending}")
            pending = None
        else:
            extras.append(arg.replace("_", " "))
    if not layers:
        text = ", ".join(extras) or "mojibake"
    elif len(set(layers)) == 1 and len(layers) > 1:
        text = f"{layers[0]}, {len(layers)} times"
    else:
        text = ", then ".join(reversed(layers))
    if layers and extras:
        text += f" ({', '.join(extras)})"
    return text


def fix(text: str, options: Options) -> tuple[str, list[Change | Finding]]:
    """Repair Latin mojibake (TM201): the whole text first, then line by line.

    The whole text gives ftfy the most evidence (a short line of double mojibake may not look
    bad enough on its own); the line pass then catches mojibake confined to some lines of an
    otherwise clean text, which a whole-text attempt must refuse. Each changed line is one change.
    """
    if text.isascii() or not options.enabled("TM201") or not LEAD_CHARS.search(text) or not is_bad(text):
        return text, []
    whole, whole_plan = ftfy.fix_encoding_and_explain(text, CONFIG)
    originals = split_lines(text)
    firsts = split_lines(whole)
    # Keep the whole-text result only when it re-decoded the whole text; a partial patch-up
    # (decode_inconsistent_utf8 alone) would stop the line pass from doing the full repair.
    # ftfy keeps line breaks, so the lines correspond; be safe if they ever do not.
    if not any(step == "encode" for step, _ in whole_plan or []) or len(firsts) != len(originals):
        firsts, whole_plan = originals, []
    changes: list[Change | Finding] = []
    out: list[str] = []
    pos = 0
    for line, first in zip(originals, firsts):
        plan = list(whole_plan or []) if first != line else []
        fixed = first
        if not first.isascii() and is_bad(first):
            fixed, more = ftfy.fix_encoding_and_explain(first, CONFIG)
            plan += more or []
        if fixed != line:
            p, s = trim_common(line, fixed)
            changes.append(
                Change("TM201", f"mojibake: {describe(plan)}", line[p : len(line) - s], fixed[p : len(fixed) - s],
                       pos + p, pos + len(line) - s)
            )
        out.append(fixed)
        pos += len(line)
    return ("".join(out), changes) if changes else (text, [])
