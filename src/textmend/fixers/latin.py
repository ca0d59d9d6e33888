"""Latin mojibake: UTF-8 that was decoded as windows-1252, latin-1, mac_roman and friends.

ftfy does this well, so it does it here, with only its encoding step on: its other defaults
(uncurling quotes, folding CJK full-width punctuation to ASCII, NFC normalisation) change
clean text, which textmend never does. `ftfy.fix_text` ignores part of its config on the
encoding step, so `ftfy.fix_encoding_and_explain` is called directly with ours. It runs line
by line, so that each repair is a change at its own line and column.

>>> from textmend.context import Context
>>> fix("CafÃ© au lait", Context())[0]
'Café au lait'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from functools import cache

import ftfy
from ftfy import chardata
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES, is_bad

from ..context import Context
from ..mojibake.cased import case_of, folded_letters, through_unfolded, unfold
from ..mojibake.cased import evidence as cased_evidence
from ..mojibake.cased import screen_evidence as cased_screen_evidence
from ..mojibake.holes import Restored, restore
from ..result import Change, Finding, split_lines
from ..spans import apply_edits, trim_common
from ..text import fastre
from ..text.alphabets import word_alphabet
from ..text.charmodel import (
    CJKP,
    HAN,
    HANGUL,
    HIRA,
    KATA,
    Model,
    char_class,
    letter_list,
    model,
    words_around,
)
from ..text.encodings import CHANNELS, ENCODINGS, shown_bytes

#: ftfy's encoding step and its helpers; everything that edits clean text is off.
CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,  # C1 controls left after this step are the `c1` fixer's (fixers/c1.py)
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)


#: ftfy's steps other than re-decoding, as a reader would say them.
STEP_NAMES = {
    "restore_byte_a0": "a lost no-break space restored",
    "decode_inconsistent_utf8": "sequences repaired one by one",
    "replace_lossy_sequences": "lost characters marked",
}


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
            extras.append(STEP_NAMES.get(arg, arg.replace("_", " ")))
    if not layers:
        text = ", ".join(extras) or "mojibake"
    elif len(set(layers)) == 1 and len(layers) > 1:
        text = f"{layers[0]}, {len(layers)} times"
    else:
        text = ", then ".join(reversed(layers))
    if layers and extras:
        text += f" ({', '.join(extras)})"
    return text


def chain(plan: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The reverse of ftfy's plan as a `Change.chain`, when the plan is only encode/decode pairs.

    ``[("encode", "sloppy-windows-1252"), ("decode", "utf-8")]`` (from mojibake to text) gives
    ``(("utf-8", "sloppy-windows-1252"),)`` (from text back to the mojibake), which the pipeline
    re-applies to verify the repair. A plan with any other step (``restore_byte_a0``,
    ``decode_inconsistent_utf8``...), or decoding with ftfy's ``utf-8-variants`` (CESU-8 and
    Java's forms, which plain UTF-8 does not write back), is not a lossless claim: ``()``.
    """
    if not plan or len(plan) % 2:
        return ()
    layers: list[tuple[str, str]] = []
    for (step1, enc), (step2, dec) in zip(plan[::2], plan[1::2]):
        if step1 != "encode" or step2 != "decode" or dec != "utf-8":
            return ()
        layers.append((dec, enc))
    return tuple(reversed(layers))


#: The code pages ftfy reads UTF-8 mojibake back through (its "sloppy" variants agree on these
#: bytes). Latin mojibake always holds a character these give to a lead byte of multi-byte
#: UTF-8 (C2-F4) followed by one they give to a continuation byte (80-BF; a space where ftfy
#: restores a lost no-break space). Text without such a pair (most CJK text) is clean for this
#: fixer: a regular-expression search decides it without calling ftfy.
MOJIBAKE_CODECS = (
    "latin-1",
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso8859-2",
    "mac_roman",
    "cp437",
)


def _chars(first: int, last: int, skip: str = "") -> str:
    """The characters the `MOJIBAKE_CODECS` give to the bytes `first` to `last`, as a class body."""
    found = {
        ch
        for codec in MOJIBAKE_CODECS
        for b in range(first, last + 1)
        for ch in [bytes([b]).decode(codec, errors="ignore")]
        if ch and ch not in skip
    }
    return "".join(sorted(re.escape(c) for c in found))


#: Dashes and curly quotes are Mac Roman's view of the leads of Cyrillic and Armenian letters
#: only: as leads they would send every text with '——' or '“' through ftfy's slow test. A lead
#: followed by U+FFFD is a sequence whose continuation byte was lost (``SlovenÄ�ina``), which
#: ftfy's ``replace_lossy_sequences`` turns into one U+FFFD.
PUNCTUATION = "".join(map(chr, range(0x2010, 0x2028)))
SUSPECT = re.compile(f"[{_chars(0xC2, 0xF4, PUNCTUATION)}][{_chars(0x80, 0xBF)} \ufffd]")

#: A C1 control character: only damage puts one in text.
C1 = re.compile("[\x80-\x9f]")

#: The one part of ftfy's badness pattern anchored at the start of the text (``^[ÃÂ][ ]``), at
#: the start of any line: a line can match it when the whole text does not.
LINE_START_BAD = re.compile("^[\u00c3\u00c2] ", re.MULTILINE)

#: ftfy's badness pattern (`ftfy.badness.BADNESS_RE`) with each alternative started at its rarest
#: element, the elements before it checked by a lookbehind: ``[a-zA-Z][Greek or Cyrillic][bad]``
#: becomes ``[bad](?<=[a-zA-Z][Greek or Cyrillic][bad])``. The pattern finds a match exactly
#: where ftfy's does (it is only a match found one to three characters later), but its first
#: character is one of a set that clean prose seldom holds (C1 controls, signs, quotation marks,
#: capital accented letters), so the search skips everything else in C: ftfy's pattern, whose
#: alternatives start with ``[a-z]`` or any accented or Cyrillic letter, tries all thirty of
#: them at every character and ran at 5 MB/s over clean French; this runs at 100-200 MB/s.
#: Each entry is (the element the match starts at, the elements before it, the ones after it),
#: with the categories of `ftfy.badness.MOJIBAKE_CATEGORIES`.
_X = "{bad}{lower_accented}{upper_accented}{box}{start_punctuation}{end_punctuation}{currency}{numeric}{law}"
_ARABIC = "{common}{currency}{bad}{numeric}{start_punctuation}ŸŠ®°µ»"
BADNESS_ANCHORED: tuple[tuple[str, str, str], ...] = (
    ("[{c1}]", "", ""),
    ("[{bad}]", f"[{_X}]", ""),
    ("[{bad}]", "[a-zA-Z][{lower_common}{upper_common}]", ""),
    ("[{bad}]", "", f"[{_X.replace('{bad}', '')}]"),
    ("[{upper_accented}]", "[{lower_accented}{lower_common}{box}{end_punctuation}{currency}{numeric}]", ""),
    ("[{box}{end_punctuation}{currency}{numeric}]", "", "[{lower_accented}]"),
    ("[{currency}]", "[{lower_accented}{box}{end_punctuation}]", ""),
    ("[{currency}]", r"\s[{upper_accented}]", ""),
    ("[{numeric}{law}]", "[{upper_accented}{box}]", ""),
    (
        "[{numeric}]",
        "[{lower_accented}{upper_accented}{box}{currency}{end_punctuation}][{start_punctuation}]",
        "",
    ),
    (
        "[{start_punctuation}]",
        "[{lower_accented}{upper_accented}{currency}{numeric}{box}{law}][{end_punctuation}]",
        "",
    ),
    ("[{currency}{numeric}{box}]", "", "[{start_punctuation}]"),
    ("[{upper_accented}]", "[a-z]", "[{start_punctuation}{currency}]"),
    ("[{box}]", "", "[{kaomoji}]"),
    (
        "[{box}]",
        "[{lower_accented}{upper_accented}{currency}{numeric}{start_punctuation}{end_punctuation}{law}]",
        "",
    ),
    ("[{box}]", "", "[{end_punctuation}]"),
    ("[{start_punctuation}{end_punctuation}]", "[{lower_accented}{upper_accented}]", r"\w"),
    ("[Œœ]", "", "[^A-Za-z]"),
    ("°", "[{upper_accented}]", ""),
    ("[ÂÃÎÐ]", "", "[€œŠš¢£Ÿž\xa0\xad®©°·»{start_punctuation}{end_punctuation}–—´]"),
    ("×", "", "[²³]"),
    ("[ØÙ]", "", f"[{_ARABIC}][ØÙ][{_ARABIC}]"),
    ("[²µ¹¼½¾]", "à", ""),
    ("√", "", "[±∂†≠®™´≤≥¥µø]"),
    ("≈", "", "[°¢]"),
    ("‚", "", "Ä[ìîïòôúùû†°¢π]"),
    ("‚", "", "[âó][àä°ê]"),
    ("Ђ", "в", ""),
    ("[{c1}{bad}{start_punctuation}{end_punctuation}{currency}°µ]", "[ВГРС]", "[ВГРС]"),
    ("Ђ", "ГўВ", "В.[A-Za-z ]"),
    ("Ã", "", "[\xa0¡]"),
    ("[ÃÂ]", "[a-z]", " "),
    ("[ÃÂ]", r"[a-z]\s", " "),
    ("[ÃÂ]", "^", " "),
    ("Â", "[a-z.,?!{end_punctuation}]", "[ {start_punctuation}{end_punctuation}]"),
    ("€", "β", "[™\xa0Ά\xad®°]"),
    ("[{c1}{bad}{start_punctuation}{end_punctuation}{currency}°]", "[ΒΓΞΟ]", "[ΒΓΞΟ]"),
    ("€", "ā", ""),
)

#: The `BADNESS_RE` that `BADNESS_ANCHORED` was written from (a SHA-256 prefix of its pattern):
#: another ftfy's pattern may differ, and then ftfy's own test is used.
BADNESS_SOURCE = "9dcc0f2ac90d9ae3"


def _anchored_badness() -> re.Pattern[str] | None:
    """`BADNESS_ANCHORED` as one pattern whose first element is a character class (so the search
    skips to its characters in C), or ``None`` when ftfy's pattern is not the one it mirrors."""
    if hashlib.sha256(BADNESS_RE.pattern.encode()).hexdigest()[:16] != BADNESS_SOURCE:
        return None
    anchors: list[str] = []
    alternatives: list[str] = []
    for anchor, before, after in BADNESS_ANCHORED:
        a, b, r = (part.format(**MOJIBAKE_CATEGORIES) for part in (anchor, before, after))
        anchors.append(a[1:-1] if a.startswith("[") else re.escape(a))
        alternatives.append(f"(?<={b}{a}){r}")
    return re.compile(f"[{''.join(anchors)}](?:{'|'.join(alternatives)})")


_BADNESS = _anchored_badness()


def looks_bad(text: str) -> bool:
    """`ftfy.badness.is_bad(text)`, the same answer, 20-40 times faster (`BADNESS_ANCHORED`)."""
    if _BADNESS is None:
        return is_bad(text)
    return _BADNESS.search(text) is not None


#: ftfy is given at most this many characters at a time: a longer text is cut at white space
#: (mojibake sequences are short and never hold a space), so that one huge line stays cheap.
PIECE = 1 << 16


#: ftfy's encoding step without its last resort, which `_explain` applies itself (memoised).
_NO_INCONSISTENT = CONFIG._replace(decode_inconsistent_utf8=False)
_ONE_STEP = getattr(ftfy, "_fix_encoding_one_step_and_explain", None)


def _explain(text: str, memo: dict[str, str], bad: bool = False) -> tuple[str, list[tuple[str, str]], bool]:
    """`ftfy.fix_encoding_and_explain(text, CONFIG)`, the same result, faster on long texts.

    Its last resort, ``decode_inconsistent_utf8``, fixes every UTF-8-looking sequence of a text
    that is not mojibake as a whole by a call of ftfy of its own (about 15 µs each, tens of
    thousands per MB of Latin mojibake); the same few sequences recur all through a text (``Ã©``),
    so their fixes are kept in `memo`. The step order is ftfy's: the whole-text re-decodings
    first, then that, then the Latin-1/windows-1252 case.

    `bad`: the caller already knows that `text` looks bad (ftfy's first test). The third value
    says whether the result passed ftfy's badness test (so nothing in it looks bad any more).
    """
    if _ONE_STEP is None:  # another ftfy: no shortcut
        fixed, explained = ftfy.fix_encoding_and_explain(text, CONFIG)
        return fixed, [(step[0], step[1]) for step in explained or []], False
    plan: list[tuple[str, str]] = []
    while True:
        if not bad and (chardata.possible_encoding(text, "ascii") or not looks_bad(text)):
            return text, plan, True
        bad = False
        fixed, steps = _ONE_STEP(text, _NO_INCONSISTENT)
        steps = list(steps or [])
        redecoded = bool(steps) and steps[-1][0] == "decode" and steps[-1][1].startswith("utf-8")
        if not redecoded and chardata.UTF8_DETECTOR_RE.search(text):
            inner = _inconsistent(text, memo)
            if inner != text:
                fixed, steps = inner, [("apply", "decode_inconsistent_utf8")]
        if fixed == text:
            return text, plan, False
        plan += steps
        text = fixed


def _inconsistent(text: str, memo: dict[str, str]) -> str:
    """ftfy's ``decode_inconsistent_utf8`` of `text`, each sequence's fix looked up in `memo`."""
    n = len(text)

    def fix_one(match: re.Match[str]) -> str:
        sub = match.group(0)
        if len(sub) >= n:
            return sub
        try:
            out = memo[sub]
        except KeyError:
            out = memo[sub] = ftfy.fix_encoding(sub) if looks_bad(sub) else sub
        if out != sub and letter_list(words_around(text, match.start(), match.end())):
            return sub  # a letter table's entries (``Â Î Ă``) are no sequence, as in the engine
        return out

    return chardata.UTF8_DETECTOR_RE.sub(fix_one, text)


def _ftfy(text: str, bad: bool = False) -> tuple[str, list[tuple[str, str]], bool]:
    """ftfy's encoding fix of `text`, its plan, and whether nothing in the result looks bad to
    ftfy any more; piece by piece for a very long text. `bad`: `text` is known to look bad."""
    memo: dict[str, str] = {}
    if len(text) <= PIECE:
        return _explain(text, memo, bad)
    out: list[str] = []
    plan: list[tuple[str, str]] = []
    clean = True
    cuts: list[int] = []
    size = 0
    start = 0
    while start < len(text):
        end = min(len(text), start + PIECE)
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        piece, steps, piece_clean = _explain(text[start:end], memo)
        out.append(piece)
        plan += [s for s in steps if s not in plan]
        clean = clean and piece_clean
        size += len(piece)
        cuts.append(size)
        start = end
    fixed = "".join(out)
    # a bad sequence (a few characters) across a cut is in neither piece: look at the cuts
    if clean and any(looks_bad(fixed[max(0, c - 24) : c + 24]) for c in cuts[:-1]):
        clean = False
    return fixed, plan, clean


def _cp1252_chars(first: int, last: int) -> str:
    """The characters windows-1252 gives to the bytes `first` to `last` (latin-1's C1 control
    for the five it leaves undefined, as browsers read them), as a class body."""
    return "".join(
        re.escape(bytes([b]).decode("cp1252", errors="ignore") or chr(b)) for b in range(first, last + 1)
    )


#: A run of UTF-8 sequences for characters U+2E80-U+FFFF (CJK, kana, Hangul, full-width forms:
#: lead bytes E2-EF) as windows-1252 shows them: ``ä»™`` for 仙.
CJK_UTF8_AS_CP1252 = re.compile(f"(?:[{_cp1252_chars(0xE2, 0xEF)}][{_cp1252_chars(0x80, 0xBF)}]{{2}})+")

#: The classes of characters a run must decode to all of, to be taken as a layer of mojibake.
_CJK_CLASSES = frozenset({HAN, HIRA, KATA, HANGUL, CJKP})


def _as_bytes(run: str) -> bytes | None:
    """The bytes windows-1252 (or, for its five undefined bytes, latin-1) shows as `run`."""
    try:
        return run.encode("cp1252")
    except UnicodeEncodeError:
        pass
    try:
        return bytes(
            b
            for ch in run
            for b in (
                ch.encode("cp1252") if ch > "\xff" or not "\x80" <= ch < "\xa0" else ch.encode("latin-1")
            )
        )
    except UnicodeEncodeError:
        return None


def _cjk_or_none(data: bytes) -> str | None:
    """`data` decoded strictly as UTF-8 when every character is a CJK letter or CJK mark."""
    try:
        out = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return out if all(char_class(c) in _CJK_CLASSES for c in out) else None


def deeper(fixed: str) -> str:
    """`fixed` (a text ftfy has just taken one layer of UTF-8 mojibake off) with one more layer
    taken off the runs that still are CJK text's UTF-8 read as windows-1252.

    ftfy stops at ``ä»™`` (仙 twice through UTF-8 read as windows-1252, once undone): Latin-looking
    text to it. Knowing the text was mojibake once is strong evidence for another layer; each
    run is taken only when its bytes are strictly valid UTF-8 of CJK letters and marks (a run of
    three or more such Latin-1 characters in that exact pattern is not Latin text).
    """
    if fixed.isascii():
        return fixed

    def one(m: re.Match[str]) -> str:
        data = _as_bytes(m.group(0))
        out = _cjk_or_none(data) if data is not None else None
        return out if out is not None else m.group(0)

    return CJK_UTF8_AS_CP1252.sub(one, fixed)


#: The plan steps of that extra layer.
DEEPER_PLAN = [("encode", "sloppy-windows-1252"), ("decode", "utf-8")]


def _change(
    line: str,
    fixed: str,
    plan: list[tuple[str, str]],
    pos: int,
    message: str,
    layers: tuple[tuple[str, str], ...],
    deepened: bool = False,
) -> Change:
    """The change from `line` to `fixed` (their common ends trimmed) at offset `pos`; with the
    extra layer of `deeper` in `plan`, its chain is kept only when re-applying it gives the
    original back (a line with that layer in only part of it is not one chain)."""
    p, s = trim_common(line, fixed)
    before, after = line[p : len(line) - s], fixed[p : len(fixed) - s]
    if layers and deepened:
        try:
            back = after
            for enc, dec in layers:
                back = back.encode(enc).decode(dec.removeprefix("sloppy-"))
            if back != before:
                layers = ()
        except (UnicodeError, LookupError):
            layers = ()
    return Change("TM201", message, before, after, pos + p, pos + len(line) - s, chain=layers)


#: The code pages whose view of a lone accented letter inside a word is repaired word by word,
#: with the name ftfy registers for each (windows-1252's five holes read as latin-1 C1 controls).
WORD_CODECS = (
    ("sloppy-windows-1252", "cp1252"),
    ("mac_roman", "mac_roman"),
    ("sloppy-windows-1253", "cp1253"),
    ("sloppy-windows-1257", "cp1257"),
    ("sloppy-windows-1251", "cp1251"),
)

#: A repaired word must be this much cheaper (in nats) than the word as it stands.
WORD_MARGIN = 4.0


def _accented(ch: str) -> bool:
    """An accented Latin letter (Latin-1 Supplement, Extended-A and -B, and Extended Additional,
    where Vietnamese has most of its letters): what the languages written in Latin script use."""
    o = ord(ch)
    return (
        ch.isalpha()
        and (0xC0 <= o <= 0x24F or 0x1E00 <= o <= 0x1EFF)
        and unicodedata.name(ch, "").startswith("LATIN")
    )


#: The scripts besides Latin whose letters are two bytes of UTF-8 and whose view through a
#: Cyrillic page ftfy's badness does not flag (``О± П„`` for α τ, ``Ч©`` for ש, ``Щ„`` for ل): words of them
#: are repaired as accented Latin ones are. Cyrillic is not among them (through windows-1251
#: it is ftfy's own, and clean Cyrillic reads as pairs of it).
WORD_SCRIPTS = ("GREEK", "HEBREW", "ARABIC")


def _word_letter(ch: str) -> bool:
    """A letter whose UTF-8 `fix_words` looks for: an accented Latin one or one of `WORD_SCRIPTS`."""
    return _accented(ch) or (ch.isalpha() and unicodedata.name(ch, "").startswith(WORD_SCRIPTS))


@cache
def _word_table(codec: str) -> tuple[dict[str, str], re.Pattern[str]]:
    """Each accented letter's two-byte UTF-8 as `codec` shows it (``Ä…`` for ą in windows-1252,
    ``√§`` for ä in Mac Roman), mapped back to the letter; and a pattern finding those pairs."""

    def view(byte: int) -> str:
        try:
            return bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            return chr(byte)  # windows-1252's holes, as latin-1 (and browsers) read them

    table: dict[str, str] = {}
    lead_bytes = [*range(0xC3, 0xCA), 0xCE, 0xCF, 0xD7, 0xD8, 0xD9]  # Latin, Greek, Hebrew, Arabic
    units = [bytes([lead, trail]) for lead in lead_bytes for trail in range(0x80, 0xC0)]
    units += [bytes([0xE1, second, trail]) for second in range(0xB8, 0xBC) for trail in range(0x80, 0xC0)]
    for unit in units:
        ch = unit.decode("utf-8")
        if _word_letter(ch):
            table["".join(view(b) for b in unit)] = ch

    def cls(chars: set[str]) -> str:
        return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"

    # classes rather than an alternation of every pair: one pass of a character class is what
    # keeps a megabyte of noise cheap; pairs outside the table are skipped by the caller
    leads = {k[0] for k in table if len(k) == 2}
    trails = {k[-1] for k in table}
    seconds = {k[1] for k in table if len(k) == 3}
    three = {k[0] for k in table if len(k) == 3}
    # the first element is one class of every pair's first character, each alternative checking
    # its own by a lookbehind: a search then skips, in C, to those characters alone
    first = cls(three | leads)
    return table, re.compile(
        f"{first}(?:(?<={cls(three)}){cls(seconds)}{cls(trails)}|(?<={cls(leads)}){cls(trails)})"
    )


#: Candidate pairs looked at, at most, in one text: a text with more of them than this
#: and no word taken among them is noise, not this kind of mojibake (random bytes read as
#: windows-1252 are full of them), and the rest of it is left as it is.
WORD_TRIES = 1000


def fix_words(
    line: str, pos: int, known: str | None = None, tries: list[int] | None = None
) -> tuple[str, list[Change], str | None]:
    """Repair the words of `line` (at offset `pos` of the text) that hold an accented letter's
    UTF-8 as windows-1252 or Mac Roman shows it, where ftfy has declined the line; also the
    code page it took (a name from `WORD_CODECS`), or ``None``.

    ftfy judges a whole text, and a line of German or Polish with one ``√§`` or ``Ä…`` in it
    does not look bad enough to it (``Vervollst√§ndigung``, ``poczÄ…tkowy``). Inside a word, the
    pair is taken when the word around it is a word of letters once repaired and the letter
    model finds it much more likely (`WORD_MARGIN`). The pair must sit against letters, so a
    symbol between spaces or at the edge of a word (``Ä …``) is not read as mojibake, unless the
    text is already `known` to hold that code page's mojibake: then any pair that makes a more
    likely word of letters is taken, a lone one (``√†`` for à) too.
    """
    m_ = model()
    for name, codec in WORD_CODECS:
        sure = name == known
        table, pattern = _word_table(codec)
        if not sure and not pattern.sub("", line).isascii():
            # Other non-ASCII text on the line, written right (``Bremer/Mccoy – DrÃ¥ber``): the
            # line is not text read through `codec`, which would have garbled it too, and
            # nothing says which of its parts is the mistake. ftfy leaves such lines, and so
            # does this, unless the text is known to hold the mix-up elsewhere.
            continue
        changes: list[Change] = []
        out: list[str] = []
        last = 0
        for m in pattern.finditer(line):
            a, b = m.span()
            if a < last or m.group(0) not in table:
                continue
            if tries is not None:
                if tries[0] <= 0:
                    break
                tries[0] -= 1
            s, e = a, b
            while s > 0 and line[s - 1].isalpha():
                s -= 1
            while e < len(line):
                more = pattern.match(line, e)
                if more is not None and more.group(0) in table:
                    e = more.end()
                elif line[e].isalpha():
                    e += 1
                else:
                    break
            prev, nxt = line[s - 1 : s], line[e : e + 1]
            if s == a and e == b and not (sure and not prev.isalnum() and not nxt.isalnum()):
                continue  # nothing but the pair: not inside a word
            word = line[s:e]
            inside = any(
                word[p.start() - 1].isalpha() for p in pattern.finditer(word, 1) if p.group(0) in table
            )
            if s == a and not sure and unicodedata.category(word[1])[0] == "P" and not inside:
                # The pair only begins the word, as a letter and a mark before more letters: how
                # text is written too (``Ã’s``, a letter's plural with a curly apostrophe).
                continue
            # the lambda runs at once, in this iteration
            fixed = pattern.sub(lambda mm: table.get(mm.group(0), mm.group(0)), word)  # noqa: B023
            if not fixed.isalpha():
                continue
            if m_.cost(fixed, prev, nxt) + (0.0 if sure else WORD_MARGIN) >= m_.cost(word, prev, nxt):
                continue
            plan = [("encode", name), ("decode", "utf-8")]
            changes.append(
                Change(
                    "TM201",
                    f"mojibake: {describe(plan)} (one word)",
                    word,
                    fixed,
                    pos + s,
                    pos + e,
                    chain=chain(plan),
                )
            )
            out += [line[last:s], fixed]
            last = e
        if changes:
            return "".join(out) + line[last:], changes, name
    return line, [], None


def _word_codec(plan: list[tuple[str, str]]) -> str | None:
    """The `WORD_CODECS` name that ftfy's `plan` read UTF-8 through, if any."""
    return next((arg for step, arg in plan if step == "encode" and arg in _WORD_CODEC_NAMES), None)


_WORD_CODEC_NAMES = frozenset(name for name, _ in WORD_CODECS)


def _fix_lines_words(
    lines: list[str], starts: list[int], known: str | None
) -> tuple[list[str], list[Change]]:
    """`fix_words` over `lines` (at offsets `starts`): a first look finds the code page when no
    `known` one is given (a word it takes is evidence for the whole text), then each line.
    Both are bounded (`WORD_TRIES`; twice that once the code page is known)."""
    budget = [WORD_TRIES]
    if known is None:
        for line, pos in zip(lines, starts):
            known = fix_words(line, pos, None, budget)[2]
            if known is not None:
                break
        else:
            return lines, []
    out: list[str] = []
    changes: list[Change] = []
    budget = [2 * WORD_TRIES]
    for line, pos in zip(lines, starts):
        fixed, more, _ = fix_words(line, pos, known, budget)
        out.append(fixed)
        changes += more
    return out, changes


def _fix_picked_words(
    lines: list[str], starts: list[int], picked: list[int], known: str | None
) -> list[Change]:
    """`_fix_lines_words` over the lines at the indices `picked`, written back into `lines`."""
    fixed, changes = _fix_lines_words([lines[i] for i in picked], [starts[i] for i in picked], known)
    for i, line in zip(picked, fixed):
        lines[i] = line
    return changes


#: A combining diacritic on no letter: after a space, a sign or at the start of a line. The
#: overlay and line marks (U+0305 overline, U+0332-U+0338 underlines, strokes and slashes) are
#: not diacritics: text stylers put them after every character, spaces and signs included
#: (``$̶6̶3̶`` is a struck-out price), so they count wherever they sit.
STRAY_MARK = re.compile(r"(?:^|[^\w\u0300-\u036f])[\u0300-\u0304\u0306-\u0331\u0339-\u036f]", re.MULTILINE)


def _stray_marks(text: str) -> int:
    """How many combining diacritics of `text` sit on no letter (`STRAY_MARK`): real text puts
    them on letters, so a repair that makes one is no repair."""
    return len(STRAY_MARK.findall(text)) if not text.isascii() and _MARK.search(text) else 0


#: Any combining diacritic `STRAY_MARK` counts (a text without one has none on no letter).
_MARK = re.compile("[\u0300-\u0304\u0306-\u0331\u0339-\u036f]")


def _words_only(text: str) -> tuple[str, list[Change | Finding]]:
    """`fix_words` on each line of a text that ftfy finds clean as a whole."""
    if not any(_word_table(codec)[1].search(text) for _, codec in WORD_CODECS):
        return text, []
    lines = split_lines(text)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line))
    changes = _fix_picked_words(
        lines, starts, [i for i, line in enumerate(lines) if SUSPECT.search(line)], None
    )
    return ("".join(lines), list(changes)) if changes else (text, [])


#: The Latin code pages read as another that only whole lines show (the registry's `lines`
#: channels: windows-1250 and ISO 8859-2 read as windows-1252), as (source codec, shown).
LINE_LAYERS: tuple[tuple[str, str], ...] = tuple(
    (ENCODINGS[c.source].codecs[0], c.shown)
    for c in CHANNELS
    if c.lines and ENCODINGS[c.source].kind == "sbcs"
)
#: A line is read through such a channel when the reading is this much more plausible (nats):
#: across our sentences in 13 Latin-script languages, a clean line read so gains 1.1 at most
#: (``Può`` for Può), a damaged one 9 or more but for one short Polish line (1.1).
REREAD_MARGIN = 6.0


def _shown_bytes_of(b: int, shown: str) -> str | None:
    for codec in ENCODINGS[shown].codecs:
        try:
            return bytes([b]).decode(codec)
        except UnicodeDecodeError:
            continue
    return None


_WORD = re.compile(r"\S+")


def readings(line: str) -> list[tuple[float, str, tuple[str, str]]]:
    """`line` read through each `LINE_LAYERS` channel that gives it back strictly, adds no C1
    control and makes its words cheaper: (the nats its changed words save, the reading, the
    channel), the best first."""
    if line.isascii():
        return []
    m = model()
    out: list[tuple[float, str, tuple[str, str]]] = []
    for source, shown in LINE_LAYERS:
        data = shown_bytes(line, ENCODINGS[shown].codecs)
        if data is None:
            continue
        try:
            new = data.decode(source)
        except UnicodeDecodeError:
            continue
        if new == line or len(C1.findall(new)) > len(C1.findall(line)):
            continue
        # weighed against the line with its C1 controls read as windows-1252 (the `c1` fixer's
        # reading, which needs no other page): a quotation mark is no evidence for one
        base = C1.sub(lambda c: _C1_READING.get(c.group(0), c.group(0)), line)
        if new == base or not _evidence_of_pages(base, new):
            continue
        old_words, new_words = _WORD.findall(base), _WORD.findall(new)
        if len(old_words) != len(new_words):
            continue
        gain = sum(_word_cost(a, m) - _word_cost(b, m) for a, b in zip(old_words, new_words) if a != b)
        if gain > 0:
            out.append((gain, new, (source, shown)))
    return sorted(out, key=lambda r: -r[0])


def reread(line: str, known: frozenset[tuple[str, str]] = frozenset()) -> tuple[str, tuple[str, str]] | None:
    """`line` read through the `LINE_LAYERS` channel that makes it clearly more plausible, and
    that channel, or ``None``.

    Every byte of a Latin code page reads as something in another, so only the text can say
    which page it was: the line must go back to the page's bytes and forward again strictly,
    add no C1 control, and its changed words together cost `REREAD_MARGIN` less; or
    `KNOWN_MARGIN` less through a channel the text is `known` to show (another of its lines
    was read through it)."""
    for gain, new, layer in readings(line):
        if gain >= REREAD_MARGIN or (layer in known and gain >= KNOWN_MARGIN):
            return new, layer
    return None


#: A sign of windows-1252's upper half between two letters (``Poci±g``, ``odje¿d¿a``): how
#: another Latin page's letters look through it, and what words of any language seldom hold
#: (apostrophes, hyphens, the soft hyphen and the middle dot are left out: ``l’été``,
#: ``col·lecció``).
SIGN_IN_WORD = re.compile(
    "(?<=[^\\W\\d_])["
    + "".join(
        re.escape(c)
        for b in range(0x80, 0x100)
        for c in [bytes([b]).decode("cp1252", errors="ignore")]
        if c and not c.isalpha() and not c.isspace() and c not in "’‘·–\xad"
    )
    + "](?=[^\\W\\d_])"
)
#: What each such sign costs a word (nats), on top of the character model's price: the model
#: prices signs by their class, next to letters or not, so that ``odje¿d¿a`` is cheaper to it
#: than ``odjeżdża``, whose pairs its Polish lists lack.
SIGN_COST = 8.0


def _one_alphabet(text: str) -> bool:
    """Whether the letters of `text` outside ASCII are all main letters of one language (CLDR's
    exemplars: `textmend.text.alphabets`), or there are none."""
    letters = "".join(sorted({c for c in text if c > "\x7f" and c.isalpha()}))
    if not letters:
        return True
    found = word_alphabet(letters)
    return found is not None and not found[1]


def _evidence_of_pages(line: str, reading: str) -> bool:
    """Whether `line` shows damage that `reading` undoes: its letters are no one language's
    (Czech through latin-1 writes ø beside ì and ù, Hungarian õ beside ö), or it holds signs
    between letters (``Poci±g``); and the reading's letters are one language's, with fewer
    such signs. A text whose letters one language writes is that language as it stands."""
    signs, new_signs = len(SIGN_IN_WORD.findall(line)), len(SIGN_IN_WORD.findall(reading))
    if new_signs > signs or not _one_alphabet(reading):
        return False
    return new_signs < signs or not _one_alphabet(line)


def _word_cost(word: str, m: Model) -> float:
    return m.cost(word) + SIGN_COST * len(SIGN_IN_WORD.findall(word))


_C1_READING: dict[str, str] = {
    chr(b): ch for b in range(0x80, 0xA0) for ch in [bytes([b]).decode("cp1252", errors="ignore")] if ch
}

#: What a line read through a channel another line of the text has shown must save (nats).
KNOWN_MARGIN = 1.0


def _reread_lines(
    text: str, items: list[Change | Finding], ctx: Context
) -> tuple[str, list[Change | Finding]]:
    """`text` (which the UTF-8 repairs left as it was) with each line `reread` clearly improves."""
    if not _reread_evidence(text, ctx):
        return text, items
    lines = split_lines(text)
    found_in = [readings(line) for line in lines]
    known = frozenset(r[0][2] for r in found_in if r and r[0][0] >= REREAD_MARGIN)
    if not known:
        return text, items
    out: list[str] = []
    changes: list[Change | Finding] = []
    pos = 0
    for line, options in zip(lines, found_in):
        found = next(
            (
                (new, layer)
                for gain, new, layer in options
                if gain >= REREAD_MARGIN or (layer in known and gain >= KNOWN_MARGIN)
            ),
            None,
        )
        if found is None:
            out.append(line)
        else:
            new, (source, shown) = found
            p, s_ = trim_common(line, new)
            before, after = line[p : len(line) - s_], new[p : len(new) - s_]
            # the codec that gives the line back exactly names the reader (C1 controls: latin-1)
            reader = next((c for c in ENCODINGS[shown].codecs if _gives(after, source, c, before)), None)
            changes.append(
                Change(
                    "TM201",
                    f"mojibake: {_NAMES.get(source, source)} read as {_NAMES.get(reader or shown, shown)}",
                    before,
                    after,
                    pos + p,
                    pos + len(line) - s_,
                    chain=((source, reader),) if reader else (),
                )
            )
            out.append(new)
        pos += len(line)
    if not changes:
        return text, items
    return "".join(out), [*items, *changes]


#: A Latin letter of the pages `reread` reads (ASCII, Latin-1, Latin Extended-A and -B).
_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"


@cache
def reread_evidence() -> tuple[str | tuple[str, ...], ...]:
    """What a text must hold for `reread` to read any of its lines: a sign of windows-1252
    between two letters (`SIGN_IN_WORD`: Polish ł ą ż, Czech š ž ť through one page or the
    other), or Czech's ř as ø beside one of its č ě ů ň ď as è ì ù ò ï (what no one language
    writes together)."""
    signs = SIGN_IN_WORD.pattern.split("[", 2)[2].split("](?=", 1)[0]
    return (
        f"[{_LATIN_LETTER}][{signs}][{_LATIN_LETTER}]",
        ("[øØ]", "[èìùòïÈÌÙÒÏ]"),
    )


@cache
def _reread_patterns() -> tuple[tuple[fastre.Guarded, ...], ...]:
    """`reread_evidence` compiled, each pattern behind its RE2 screen: Python's `re` alone
    scans a megabyte of a log's curly-quoted names for a sign between letters in 7 ms."""
    return tuple(
        tuple(fastre.Guarded(p) for p in ((item,) if isinstance(item, str) else item))
        for item in reread_evidence()
    )


def _reread_evidence(text: str, ctx: Context) -> bool:
    """Whether `text` holds `reread_evidence`: the items the pipeline's screen found possible
    (`_screened`; all of them when it did not screen the text) searched exactly."""
    found = _screened(text, ctx)
    possible = found[-len(reread_evidence()) :] if found is not None else None
    utf8 = ctx.view(text).utf8
    return any(
        all(p.search(text, utf8) for p in item)
        for k, item in enumerate(_reread_patterns())
        if possible is None or possible[k]
    )


def _screened(text: str, ctx: Context) -> tuple[bool, ...] | None:
    """What the pipeline's screen found of `evidence` in `text` (`Context.screened`), or
    ``None`` when it did not screen it (or screened another list of items)."""
    found = ctx.screened(text)
    return found if found is not None and len(found) == len(evidence()) else None


#: What a message calls a codec of `LINE_LAYERS`.
_NAMES = {"win-cp1250": "windows-1250", "iso8859-2": "ISO 8859-2", "cp1252": "windows-1252"}


def _gives(after: str, source: str, reader: str, before: str) -> bool:
    """Whether `after` written in `source` and read with `reader` gives `before`."""
    try:
        return after.encode(source).decode(reader) == before
    except UnicodeError:
        return False


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Repair Latin mojibake (TM201): UTF-8 read as a code page (`_fix_utf8`), or, where there
    is none, a Latin code page read as another, line by line (`reread`)."""
    if text.isascii() or not ctx.options.enabled("TM201"):
        return text, []
    fixed, items = _fix_utf8(text, ctx)
    if fixed != text or any(isinstance(c, Change) for c in items):
        return _as_latin9(text, fixed, items)
    return _reread_lines(text, items, ctx)


#: The letters and signs ISO 8859-15 (latin-9) has where latin-1 has ¤ ¦ ¨ ´ ¸ ¼ ½ ¾, all of
#: which windows-1252 has too, at 0x80-0x9F: UTF-8 read as latin-9 reads back through
#: windows-1252 as other letters, ``Ã€`` (ä, C3 A4) as À (C3 80), ``Ãš`` (è) as Ú.
LATIN9_SIGNS = "".join(
    sorted(
        set(bytes(range(0xA0, 0x100)).decode("iso8859-15")) - set(bytes(range(0xA0, 0x100)).decode("latin-1"))
    )
)
_LATIN9 = re.compile(f"[{LATIN9_SIGNS}]")
#: A repair of UTF-8 read as windows-1252 is taken as UTF-8 read as latin-9 when its changed
#: words cost this much less so (nats): windows-1252 is by far the commoner reader, and the
#: signs read another way are letters either way (Turkish ş, ``ÅŸ``, is ž through latin-9).
#: Over tests/sentences.txt, windows-1252 mojibake read so gains 0.1 at most (``iže``), latin-9
#: mojibake 8.0 or more (Swedish ``är rätt`` for ``Àr rÀtt``) but for a lone ``Ú`` for è (0.3).
LATIN9_MARGIN = 6.0


def _as_latin9(text: str, fixed: str, items: list[Change | Finding]) -> tuple[str, list[Change | Finding]]:
    """`fixed` with each repair of UTF-8 read as windows-1252 whose stretch holds one of
    `LATIN9_SIGNS` read as UTF-8 through ISO 8859-15 instead, where that reading decodes and
    its words are clearly more plausible (`LATIN9_MARGIN`). The engine searches latin-9 only
    in text with a C1 control, which UTF-8 read through it shows wherever a continuation byte
    fell in 0x80-0x9F; without one, only this comparison can tell the two readers apart."""
    if not _LATIN9.search(text):
        return fixed, items
    m = model()
    out: list[Change | Finding] = []
    changed = False
    for c in items:
        reread = _latin9_reading(c, m) if isinstance(c, Change) else None
        out.append(c if reread is None else reread)
        changed = changed or reread is not None
    if not changed:
        return fixed, items
    edits = [c for c in out if isinstance(c, Change)]
    if apply_edits(text, [c for c in items if isinstance(c, Change)]) != fixed:
        return fixed, items  # (the repairs do not make up the text: leave them)
    return apply_edits(text, edits), out


def _latin9_reading(c: Change, m: Model) -> Change | None:
    """`c`, a repair of UTF-8 read as windows-1252 whose stretch holds one of `LATIN9_SIGNS`,
    read as UTF-8 through ISO 8859-15 instead, when that decodes into as many words and their
    changed ones cost `LATIN9_MARGIN` less; else ``None``."""
    if (
        len(c.chain) != 1
        or c.chain[0][1] not in ("sloppy-windows-1252", "cp1252", "windows-1252")
        or not _LATIN9.search(c.before)
    ):
        return None
    try:
        alt = c.before.encode("iso8859-15").decode("utf-8")
    except UnicodeError:
        return None
    old_words, new_words = _WORD.findall(c.after), _WORD.findall(alt)
    if alt == c.after or len(old_words) != len(new_words):
        return None
    gain = sum(m.cost(a) - m.cost(b) for a, b in zip(old_words, new_words) if a != b)
    if gain < LATIN9_MARGIN:
        return None
    return replace(
        c,
        message=c.message.replace("windows-1252", "ISO 8859-15", 1),
        after=alt,
        chain=(("utf-8", "iso8859-15"),),
    )


def _fix_utf8(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Repair UTF-8 mojibake (TM201), also where the text was lower- or upper-cased after the
    damage (`textmend.mojibake.cased`): such a text is unfolded first, its mojibake repaired,
    and the repair folded again (the reader asked for that case)."""
    case = case_of(text)
    if case is None and not _plain_evidence(text, ctx):
        return text, []  # neither case-folded nor anything `_with_holes` reacts to
    unfolded = unfold(text, case) if case is not None else text
    if case is None or (unfolded == text and not folded_letters(text)):
        # (UTF-8 mojibake of lower-case Greek or Cyrillic is all capitals and signs: ``Î»Î»``
        # is no upper-cased text unless unfolding changes it or its ASCII letters are capitals)
        return _with_holes(text, ctx)
    fixed, items = through_unfolded(text, case, unfolded, _with_holes(unfolded, ctx)[1], OTHER_VIEWS)
    if fixed != text and looks_bad(fixed):
        return _with_holes(text, ctx)  # no repair of a case-folded text: mojibake still
    if fixed == text:
        # nothing repaired through the unfolding: the text may round-trip as it stands (UTF-8
        # of a caseless script read as latin-1 is all lower case, ``ä»\x8aå¹´``, and its C1
        # controls are bytes that unfolding, which knows windows-1252's view only, breaks up)
        plain = _with_holes(text, ctx)
        if plain[0] != text and not looks_bad(plain[0]):
            return plain
    return fixed, items


def _plain_evidence(text: str, ctx: Context) -> bool:
    """Whether `text` may hold what the fixer repairs in text that is not case-folded: its
    evidence but the case-folded text's (`evidence`), in one RE2 pass over the text's UTF-8
    (``True`` without RE2). The case-folded text's patterns match any accented lower-case
    letter before a curly quote (``ë”``), so the pipeline's screen runs this fixer on much
    clean typographic text, where ftfy's badness search and the word tests cost 30 ms a MB."""
    found = _screened(text, ctx)
    if found is not None:  # the pipeline's screen searched these items already, loosened as here
        return any(found[: len(_evidence()) - len(cased_evidence())])
    screen = _plain_screen()
    return screen is None or screen.search(ctx.view(text).utf8) is not None


@cache
def _plain_screen() -> fastre.Screen | None:
    return fastre.build(_evidence()[: -len(cased_evidence())])


#: Code pages a repair's message may name whose view of UTF-8 does not show the case of the
#: letters it was (cp437's ``─î`` is Č): a repair through them is not folded.
OTHER_VIEWS = ("cp437", "mac_roman", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "iso-8859", "cp850")


def _unmarked(after: str, inside: list[Restored], text: str) -> str:
    """`after` with the U+FFFD of each hole of `inside` that no candidate filled put back as the
    sequence that stood in `text`: where nothing marked the lost byte, U+FFFD was only ftfy's
    cue that the sequence is one character, and the repair puts no marker where there was none
    (the loss is reported)."""
    lost = [h for h in inside if h.put == "\ufffd"]
    if after.count("\ufffd") != len(lost):
        return after  # (not one U+FFFD for each: leave them)
    parts = after.split("\ufffd")
    out = [parts[0]]
    for h, part in zip(lost, parts[1:]):
        seq = text[h.start : h.end]
        out += ["\ufffd" if "?" in seq or "\ufffd" in seq else seq, part]  # a marker stood there
    return "".join(out)


def _with_holes(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """`_fix`, after the bytes windows-1252 does not define are put back where UTF-8 lost one
    (`textmend.mojibake.holes`); each repair that holds a restored byte says so and has the
    restoration's probability as its confidence, and a hole no candidate fills is a TM204
    finding with the candidates. Only when the repairs take in every hole: otherwise `_fix`
    of the text as it is."""
    if not (C1.search(text) or SUSPECT.search(text)):
        return _fix(text, ctx)
    filled, holes = restore(text)
    if all(h.put == "\xa0" for h in holes):  # (no-break spaces alone: `_fix` restores those)
        return _fix(text, ctx)
    fixed, items = _fix(filled, ctx)

    def taken(h: Restored, items: list[Change | Finding]) -> bool:
        """Whether a repair takes in `h` (a U+FFFD put for a lost character stands alone)."""
        return h.put == "\ufffd" or any(
            isinstance(c, Change) and c.start <= h.at and h.at + len(h.put) <= c.end for c in items
        )

    outside = [h for h in holes if not taken(h, items)]
    if outside:  # once more without the holes no repair took in (a line ftfy left as it was)
        filled, holes = restore(text, frozenset(h.sequence for h in outside))
        if not holes:
            return _fix(text, ctx)
        fixed, items = _fix(filled, ctx)
        if not all(taken(h, items) for h in holes):
            return _fix(text, ctx)
    if not any(isinstance(c, Change) for c in items):
        return _fix(text, ctx)
    if any(isinstance(c, Change) and (" times" in c.message or ", then " in c.message) for c in items):
        # two layers or more: the byte was lost from the outer one's view of the inner one's,
        # which the candidates were not weighed in
        return _fix(text, ctx)
    if looks_bad(fixed):
        plain = _fix(text, ctx)
        if plain[0] == text:
            return plain  # still mojibake, of a text ftfy does not read at all: a garble

    def orig(j: int) -> int:
        """A position of `filled` (never inside a restoration) in `text`."""
        shift = 0
        for h in holes:
            if h.at >= j:
                break
            shift = h.end - (h.at + len(h.put))
        return j + shift

    out: list[Change | Finding] = []
    alone = list(holes)  # the lost characters no repair takes in: changes of their own
    for c in items:
        if not isinstance(c, Change):
            out.append(c)
            continue
        inside = [h for h in holes if c.start <= h.at and h.at + len(h.put) <= c.end]
        alone = [h for h in alone if h not in inside]
        s, e = orig(c.start), orig(c.end)
        if not inside:
            out.append(replace(c, start=s, end=e))
            continue
        kept = [h for h in inside if h.put != "\ufffd"]
        message = c.message + (
            f", {len(kept)} lost byte{'s' if len(kept) > 1 else ''} of windows-1252's undefined five restored"
            if kept
            else ""
        )
        confidence = min([c.confidence, *(h.candidates[0][1] for h in kept)])
        after = c.after if "\ufffd" in text[s:e] else _unmarked(c.after, inside, text)
        out.append(
            replace(
                c,
                message=message,
                before=text[s:e],
                after=after,
                start=s,
                end=e,
                chain=(),
                confidence=confidence,
            )
        )
    for h in alone:
        if "\ufffd" not in text[h.start : h.end] and "?" not in text[h.start : h.end]:
            continue  # (no marker stood there: left as it stood, and reported)
        out.append(
            Change(
                "TM201",
                "mojibake: a UTF-8 sequence short of a byte windows-1252 leaves undefined (a lost character)",
                text[h.start : h.end],
                "\ufffd",
                h.start,
                h.end,
                confidence=1.0 - h.candidates[0][1],
            )
        )
    for h in holes:
        if h.put == "\ufffd":
            listed = ", ".join(f"{ch} {p:.0%}" for ch, p in h.candidates)
            out.append(
                Finding(
                    "TM204",
                    f"a byte windows-1252 does not define was lost here; it made one of: {listed}",
                    text[h.start : h.end],
                    tuple(ch for ch, _ in h.candidates),
                    h.start,
                    h.end,
                    confidence=h.candidates[0][1],
                    probabilities=tuple(p for _, p in h.candidates),
                )
            )
    fixed = apply_edits(text, [c for c in out if isinstance(c, Change)])
    return fixed, out


def _fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Repair Latin mojibake (TM201): the whole text first, then line by line.

    The whole text gives ftfy the most evidence (a short line of double mojibake may not look
    bad enough on its own); the line pass then catches mojibake confined to some lines of an
    otherwise clean text, which a whole-text attempt must refuse. Each changed line is one change.
    """
    options = ctx.options
    if text.isascii() or not options.enabled("TM201") or not (SUSPECT.search(text) or C1.search(text)):
        return text, []
    if not looks_bad(text):
        return _words_only(text)
    whole, whole_plan, whole_clean = _ftfy(text, bad=True)
    originals = split_lines(text)
    firsts = split_lines(whole)
    if len(originals) == 1:  # the whole text is the line: one attempt is all there is
        if whole == text or (_stray_marks(whole) > _stray_marks(text) and len(chain(whole_plan)) < 2):
            # (two strict layers undone are evidence enough for a mark on no letter: ``'̀``
            # in a kaomoji; one layer may be GB2312's Í¬ read as a lone U+036C)
            return _words_only(text)
        whole = _rest_of_words(whole, whole_plan)
        more = deeper(whole)
        deepened = more != whole
        if deepened:
            whole, whole_plan = more, whole_plan + DEEPER_PLAN
        return whole, [
            _change(
                text, whole, whole_plan, 0, f"mojibake: {describe(whole_plan)}", chain(whole_plan), deepened
            )
        ]
    # Keep the whole-text result only when it re-decoded the whole text; a partial patch-up
    # (decode_inconsistent_utf8 alone) would stop the line pass from doing the full repair.
    # ftfy keeps line breaks, so the lines correspond; be safe if they ever do not.
    if not any(step == "encode" for step, _ in whole_plan or []) or len(firsts) != len(originals):
        firsts, whole_plan = originals, []
    # The line pass only matters where a line still looks bad; one search over the whole text
    # usually shows that none does (a line that matches ftfy's badness pattern makes the whole
    # text match, except at its start: ``^`` there is the start of the line).
    joined, clean = (whole, whole_clean) if firsts is not originals else (text, False)
    recheck = bool(SUSPECT.search(joined)) and (
        (not clean and looks_bad(joined)) or LINE_START_BAD.search(joined) is not None
    )
    said: dict[tuple[tuple[str, str], ...], tuple[str, tuple[tuple[str, str], ...], str | None]] = {}
    changes: list[Change | Finding] = []
    out: list[str] = []
    starts: list[int] = []
    declined: list[int] = []  # lines ftfy left as they were, where a word may still be mojibake
    known = _word_codec(whole_plan or [])
    pos = 0
    for line, first in zip(originals, firsts):
        plan = list(whole_plan or []) if first != line else []
        fixed = first
        if recheck and not first.isascii() and SUSPECT.search(first) and looks_bad(first):
            fixed, steps, _ = _ftfy(first, bad=True)
            plan += steps
        if fixed != line and _stray_marks(fixed) > _stray_marks(line) and len(chain(plan)) < 2:
            fixed, plan = line, []  # not Latin mojibake (ftfy read GB2312 Í¬ as a lone ͬ)
        if fixed != line:
            fixed = _rest_of_words(fixed, plan)
            more = deeper(fixed)
            deepened = more != fixed
            if deepened:
                fixed, plan = more, plan + DEEPER_PLAN
            key = tuple(plan)
            if key not in said:  # the same plan on line after line: describe it once
                said[key] = (f"mojibake: {describe(plan)}", chain(plan), _word_codec(plan))
            message, layers, codec = said[key]
            changes.append(_change(line, fixed, plan, pos, message, layers, deepened))
            known = known or codec
        elif SUSPECT.search(line):
            declined.append(len(out))
        out.append(fixed)
        starts.append(pos)
        pos += len(line)
    if declined:
        more_changes = _fix_picked_words(out, starts, declined, known)
        if more_changes:
            changes = sorted([*changes, *more_changes], key=lambda c: c.start)
    return ("".join(out), changes) if changes else (text, [])


#: ftfy's step that repairs the UTF-8 sequences of a text one by one (`_explain`).
INCONSISTENT = ("apply", "decode_inconsistent_utf8")


def _rest_of_words(fixed: str, plan: list[tuple[str, str]]) -> str:
    """`fixed`, which ftfy's `plan` repaired sequence by sequence (a text that is not mojibake
    as a whole: a quote misread in clean text), with the words it passed over taken as in a
    text known to hold UTF-8 read as windows-1252 (`fix_words`): its badness test does not flag
    a sequence whose continuation byte windows-1252 shows as a sign (``Å‚`` for ł, ``È›`` for
    ț, ``Å‘`` for ő), and the repairs beside them are the evidence."""
    if INCONSISTENT not in plan or not SUSPECT.search(fixed):
        return fixed
    return fix_words(fixed, 0, WORD_CODECS[0][0])[0]


def evidence() -> tuple[str | tuple[str, ...], ...]:
    """What `fix` reacts to (`textmend.fixers` says how the pipeline uses it): ftfy's badness
    (each alternative of `BADNESS_ANCHORED` written forward, as ftfy writes it, its ``\\w``
    widened to any character but white space so that RE2 reads it the same), without which
    `fix` only repairs words (`_words_only`), the pairs those words must hold, what a
    case-folded text must hold for unfolding to change it (`textmend.mojibake.cased`), and
    what `reread` needs (`reread_evidence`)."""
    return (*_evidence(), *reread_evidence())


@cache
def _evidence() -> tuple[str, ...]:
    if _BADNESS is None:  # another ftfy: its own pattern (which may have no loose form)
        badness = [BADNESS_RE.pattern]
    else:
        badness = [
            "".join(part.format(**MOJIBAKE_CATEGORIES) for part in alternative).replace(r"\w", r"[^\s]")
            for alternative in ((before, anchor, after) for anchor, before, after in BADNESS_ANCHORED)
        ]
    words: list[str] = []
    for _, codec in WORD_CODECS:
        table = _word_table(codec)[0]
        for length in (2, 3):
            units = [k for k in table if len(k) == length]
            if units:
                words.append(
                    "".join(
                        "[" + "".join(sorted({re.escape(u[i]) for u in units})) + "]" for i in range(length)
                    )
                )
    return (*badness, *words, *cased_screen_evidence())
