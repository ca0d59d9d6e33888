"""The evidence screen: which stretches of alphabetic text may hold mojibake at all, in C.

Clean prose in Latin, Cyrillic or Greek script is full of characters the CJK fixer's suspicious
class flags (``é``, ``ж``, ``λ``: the bytes of a single-byte code page read through another are
such letters). Scoring each such line with the Python character model cost a second per megabyte
of clean French, and found nothing. Mojibake made of alphabetic characters carries signatures
that clean text in no language carries, one kind per registered damage channel
(`textmend.text.encodings.CHANNELS`) whose shown encoding is a single-byte code page:

- UTF-8 read as it: a lead byte's character followed by as many continuation bytes' characters
  as the lead announces (``Ã©``, ``Ð¿``, ``вЂњ``): the bytes *are* strict UTF-8;
- a double-byte charset read as it: two adjacent double-byte units (lead, trail; the trail of
  one of them may be ASCII, as Big5 and Shift-JIS trails are, when its lead is no lower-case
  letter; of both, when both leads are signs) (``ÄãºÃ``, ``¤@¯ë``, ``”MŠC`` for 熱海);
- a Cyrillic code page read as a Latin one: a word of two or more accented Latin letters and no
  ASCII letter (``Ïðèâåò``); a Latin code page read as a Cyrillic one: a Latin letter glued to a
  Cyrillic one (``йlиves``); two Cyrillic code pages read as each other: a lower-case Cyrillic
  letter before an upper-case one in a word, or a word of three or more capitals (``рТИЧЕФ``).

A stretch whose suspicious characters are all alphabetic (`ALPHABETIC`), or characters no
channel's mojibake is made of (Devanagari, Tamil, Georgian...: `shown_repertoire`), and that
carries none of these signatures is clean as far as the engine could tell, and is not searched.
Everything else (CJK characters, symbols other than `LATIN_SIGNS`, controls, private use,
U+FFFD, a ``?`` beside a non-ASCII character) is
left to the fixer's own tests, unchanged. One compiled pattern (`gate`) finds, in one pass,
whatever sends a text to those tests, so a clean text in any alphabetic script costs one
regular-expression search. Given the text's UTF-8 bytes, that search is made by RE2
(`textmend.text.fastre`) over forms of the patterns without lookarounds (`gate_loose`,
`loose_signatures`), at about the speed of decoding the bytes, and the patterns themselves
run only on the lines it lets through (`Gate.lines`, `line_matches`): the same lines.

>>> quiet = gate("\\x00-\\x7f\u2010-\u205e").pattern
>>> quiet.search("Les élèves préparent l’exposition du marché.") is None
True
>>> quiet.search("Les Ã©lÃ¨ves") is not None, quiet.search("Ïðèâåò") is not None
(True, True)
"""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache

from . import fastre
from .charmodel import script_of
from .encodings import CHANNELS, ENCODINGS
from .view import TextView

#: The suspicious characters this screen answers for: Latin-1's upper half (letters, signs, the
#: no-break space), Latin Extended, spacing modifiers, combining marks, Greek, Cyrillic and
#: Vietnamese letters. A stretch holding any other suspicious character goes to the fixer's
#: own tests.
ALPHABETIC = "\u00a0-\u024f\u02b0-\u036f\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff"

#: The characters windows-1252 shows for its bytes 80-9F that `ALPHABETIC` and general
#: punctuation (U+2010-U+205E, which every caller's clean class holds) leave out: the euro and
#: trade mark signs. They are Latin text's signs as much as ``£`` or ``®`` are (a price list
#: puts ``€`` on every line), and the signatures below hold them wherever they are a byte of
#: mojibake (``â€™``, ``Ã¢â‚¬``), so alone they send no stretch to the fixer's own tests.
LATIN_SIGNS = "".join(
    c
    for c in bytes(range(0x80, 0xA0)).decode("cp1252", "ignore")
    if not re.match(f"[{ALPHABETIC}\u2010-\u205e]", c)
)

#: UTF-8 lead bytes whose two-byte characters text is written in (Latin, IPA, combining marks,
#: Greek, Cyrillic, Hebrew, Arabic); the others (Armenian, Syriac, Thaana, NKo) read back from
#: clean Latin or Cyrillic text by chance (``щё`` in KOI8-R is D9 A3) and are left out.
LEAD2 = (*range(0xC2, 0xD2), *range(0xD6, 0xDC))


def _raw(codec: str, values: object, keep: Callable[[str], bool] | None = None) -> str:
    """The characters `codec` reads the single bytes `values` as (those `keep` accepts)."""
    out: set[str] = set()
    for b in values:  # type: ignore[attr-defined]
        try:
            ch = bytes([b]).decode(codec)
        except UnicodeDecodeError:
            continue
        if keep is None or keep(ch):
            out.add(ch)
    return "".join(sorted(out))


def _chars(codec: str, values: object, keep: Callable[[str], bool] | None = None) -> str:
    """The characters `codec` reads the single bytes `values` as, escaped for a class."""
    return re.escape(_raw(codec, values, keep))


def _not_lower(ch: str) -> bool:
    return not ch.islower()


def _lower(ch: str) -> bool:
    return ch.islower()


#: The bytes whose characters may lead a double-byte unit with an ASCII trail in a signature
#: (`_dbcs_read_as`), and those that may when both units have ASCII trails, with the test the
#: character must pass: no lower-case letter. In windows-1252 the bytes alone nearly do (its
#: lower-case letters are at 0xE0-0xFF), but windows-1250 has them at 0x9A-0x9F and 0xB3-0xBF
#: (š ž ł ż) and the DOS pages at 0x81-0xA5 (é è ü), where clean Czech, Polish and French text
#: puts them before an ASCII letter all the time.
_UPPER_LEAD = ((*range(0x81, 0xA0), *range(0xA1, 0xE0)), _not_lower)
_SIGN_LEAD = ((*range(0x81, 0xA0), *range(0xA1, 0xC0)), _not_lower)
_LEADS = (*range(0x81, 0xA0), *range(0xA1, 0xFF))


#: One way a signature's match begins: its first character is one of these, and the pattern
#: goes on (from that character on) with this. A lookbehind there may look at the character
#: before the first one: the match is then found one character later, on the same line.
Branch = tuple[str, str]


def _branches(full: str) -> list[list[Branch]]:
    """The ways to split the signature `full` (one of `_signatures`) into branches, for
    `Gate.lines`: one, or two for a signature of two classes side by side, which is searched
    from whichever of them the text holds fewer characters of."""
    first = _BRANCHES()[full]
    return [first, _FROM_EITHER_SIDE[full]] if full in _FROM_EITHER_SIDE else [first]


#: Signatures' second split into branches (filled by `_BRANCHES`).
_FROM_EITHER_SIDE: dict[str, list[Branch]] = {}


@lru_cache(maxsize=1)
def _BRANCHES() -> dict[str, list[Branch]]:  # noqa: N802 - a table, built once
    out: dict[str, list[Branch]] = {}
    for ch in CHANNELS:
        if ch.lines:
            continue  # (read whole lines by the Latin fixer: no screen of the engine's)
        shown, source = ENCODINGS[ch.shown], ENCODINGS[ch.source]
        if shown.kind != "sbcs":
            continue
        codec = shown.codecs[0]
        if source.kind == "utf8":
            for c in shown.codecs:
                cont = _chars(c, range(0x80, 0xC0))
                out[_utf8_read_as(c)] = [
                    *((leads, f"[{re.escape(conts)}]") for leads, conts in two_byte_units(c)),
                    (_raw(c, range(0xE0, 0xF0)), f"[{cont}]{{2}}"),
                    (_raw(c, range(0xF0, 0xF5)), f"[{cont}]{{3}}"),
                ]
        elif source.kind == "dbcs":
            lead, trail, upper_lead, sign_lead = _dbcs_classes(codec)
            high = _high_unit(codec)
            loose = f"(?:{high}|[{upper_lead}][\\x40-\\x7e])"
            other_trail = _chars(codec, (*range(0x80, 0xA0), *range(0xA1, 0xFF)), _not_lower)
            out[_dbcs_read_as(codec)] = [
                (_raw(codec, _LEADS, _not_lower), f"[{trail}]{loose}"),
                (_raw(codec, _LEADS, _lower), f"[{other_trail}]{loose}"),
                (_raw(codec, *_UPPER_LEAD), f"[\\x40-\\x7e]{high}"),
                (_raw(codec, *_SIGN_LEAD), f"[\\x40-\\x7e][{sign_lead}][\\x40-\\x7e]"),
            ]
        elif "cyrillic" in source.scripts and "latin" in shown.scripts:
            accented = "".join(map(chr, range(0xC0, 0x100)))
            out[f"{_WORD_EDGE_L}[\u00c0-\u00ff]{{2,}}{_WORD_EDGE_R}"] = [
                (accented, f"(?<![^\\W\\d_].)[\u00c0-\u00ff]+{_WORD_EDGE_R}")
            ]
        elif "latin" in source.scripts and "cyrillic" in shown.scripts:
            cyr = "".join(map(chr, range(0x400, 0x500)))
            out[f"[A-Za-z][{_CYR}]|[{_CYR}][A-Za-z]"] = [(cyr, "(?<=[A-Za-z].)"), (cyr, "[A-Za-z]")]
            # the same signature from its Latin letter: few in Cyrillic text, where every
            # character is a Cyrillic one (`_FROM_EITHER_SIDE`)
            latin = string.ascii_letters
            _FROM_EITHER_SIDE[f"[A-Za-z][{_CYR}]|[{_CYR}][A-Za-z]"] = [
                (latin, f"(?<=[{_CYR}].)"),
                (latin, f"[{_CYR}]"),
            ]
        elif "cyrillic" in source.scripts and "cyrillic" in shown.scripts:
            upper = "".join(map(chr, range(0x400, 0x430)))
            out[f"[{_CYR_LOWER}][{_CYR_UPPER}]|{_WORD_EDGE_L}[{_CYR_UPPER}]{{3,}}{_WORD_EDGE_R}"] = [
                (upper, f"(?<=[{_CYR_LOWER}].)"),
                (upper, f"(?<![^\\W\\d_].)[{_CYR_UPPER}]{{2,}}{_WORD_EDGE_R}"),
            ]
    return out


#: (`Gate.lines` searches a signature from each of its first characters that the text holds: a
#: pattern that starts with a literal character is found at the speed of a substring search,
#: where one that starts with a class tests every character. When those characters are as many
#: as the text's (any Cyrillic letter in Russian), the whole pattern is searched instead, after
#: its looser form on the compacted text.)


@lru_cache(maxsize=1)
def shown_repertoire() -> frozenset[str]:
    """Every character a registered channel's mojibake can be made of: what the encodings text
    is wrongly read as (the shown side of `CHANNELS`, UTF-8 aside) decode single bytes and byte
    pairs to. A character outside it (Devanagari, Georgian, Ethiopic...) is no evidence of any
    registered mix-up, however rare it is. (U+FFFD, which UTF-8 read as anything else leaves,
    is evidence of its own.)"""
    out: set[str] = set()
    for name in dict.fromkeys(ch.shown for ch in CHANNELS):
        info = ENCODINGS[name]
        if info.kind == "utf8":
            continue
        for codec in info.codecs:
            singles = bytes(range(0x80, 0x100)).decode(codec, "ignore") if info.kind == "sbcs" else ""
            out.update(singles)
            if info.kind == "dbcs":
                for lead in range(0x81, 0xFF):
                    row = b"".join(bytes([lead, t]) for t in range(0x40, 0xFF))
                    out.update(row.decode(codec, "ignore"))
    return frozenset(c for c in out if c > "\x7f")


#: Blocks no registered channel's mojibake is made of (`shown_repertoire` holds none of their
#: characters; tests/test_screen.py checks it): Armenian to Mongolian and the phonetic
#: extensions (Devanagari, Bengali, Tamil, Georgian, Ethiopic, Khmer...), Glagolitic to
#: Cyrillic Extended-A, Yi to Meetei Mayek, Hangul Jamo Extended-B, and the planes past the BMP.
NO_CHANNEL = "\u0530-\u1dff\u2c00-\u2dff\ua000-\uabff\ud7b0-\ud7ff\U00010000-\U0010ffff"


def _utf8_read_as(codec: str) -> str:
    """UTF-8 read as the single-byte `codec`: a whole multi-byte sequence, lead and continuations
    (of two bytes, the pairs of `two_byte_units`)."""
    cont = _chars(codec, range(0x80, 0xC0))
    two = "|".join(f"[{re.escape(leads)}][{re.escape(conts)}]" for leads, conts in two_byte_units(codec))
    return (
        f"{two}|[{_chars(codec, range(0xE0, 0xF0))}][{cont}]{{2}}"
        f"|[{_chars(codec, range(0xF0, 0xF5))}][{cont}]{{3}}"
    )


def by_chance(codec: str, lead: int, cont: int) -> bool:
    """Whether the two bytes `lead` `cont`, as `codec` shows them, are a pair of letters one
    language writes side by side, in a word's case pattern, whose UTF-8 character is a letter or
    mark of another script: windows-1251's and KOI8-R's ё is a continuation byte, so clean
    Russian's ``Её``, ``Пётр`` and ``принёс`` are Ÿ, ϸ and Σ in UTF-8. Clean text makes those
    pairs all the time; UTF-8 text of that other script, read so, shows the rest of its letters
    as signs (``ОЈ`` for Σ), which the signature still holds."""
    from .alphabets import languages_with

    try:
        pair = bytes([lead, cont]).decode(codec)
        ch = bytes([lead, cont]).decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not pair.isalpha() or not pair[1].islower() or unicodedata.category(ch)[0] not in "LM":
        return False
    return script_of(pair[0]) == script_of(pair[1]) != script_of(ch) and bool(languages_with(pair))


@cache
def two_byte_units(codec: str) -> tuple[tuple[str, str], ...]:
    """UTF-8's two-byte sequences (leads `LEAD2`) as the single-byte `codec` shows them, as
    (leads, their continuations) groups of raw characters: every pair but those clean text
    makes by chance (`by_chance`), leads with the same continuations together."""
    groups: dict[str, list[str]] = {}
    for lead in LEAD2:
        shown = _raw(codec, [lead])
        if not shown:
            continue
        conts = "".join(
            sorted({_raw(codec, [t]) for t in range(0x80, 0xC0) if not by_chance(codec, lead, t)} - {""})
        )
        if conts:
            groups.setdefault(conts, []).append(shown)
    return tuple(("".join(sorted(leads)), conts) for conts, leads in groups.items())


def _dbcs_classes(codec: str) -> tuple[str, str, str, str]:
    """How the single-byte `codec` shows a double-byte charset's bytes, as class bodies: its
    leads, its high trails, the leads that are no lower-case letter, the leads that are signs."""
    return (
        _chars(codec, _LEADS),
        _chars(codec, (*range(0x80, 0xA0), *range(0xA1, 0xFF))),
        _chars(codec, *_UPPER_LEAD),
        _chars(codec, *_SIGN_LEAD),
    )


def _dbcs_read_as(codec: str) -> str:
    """A double-byte charset read as the single-byte `codec`: two units in a row, one of them
    with a high trail byte, the other's trail possibly ASCII when its lead is no lower-case
    letter (``¤@``, Big5's 一, but not ``él`` of French); or two units with ASCII trails whose
    leads are signs or the letters of windows-1252's 0x80 row (``”MŠC``, 熱海 in Shift-JIS)."""
    lead, trail, upper_lead, sign_lead = _dbcs_classes(codec)
    high = _high_unit(codec)
    loose = f"(?:{high}|[{upper_lead}][\\x40-\\x7e])"
    signs = f"[{sign_lead}][\\x40-\\x7e]"
    return f"{high}{loose}|{loose}{high}|{signs}{signs}"


def _high_unit(codec: str) -> str:
    """A double-byte unit with a high trail, read as the single-byte `codec`, that is not two
    lower-case letters: clean Polish and Czech text is runs of them in windows-1250 (``żółć``,
    ``ří``), where the bytes of a CJK text switch case and mix in signs (``ÄăşĂ`` for 你好)."""
    lead, trail, _, _ = _dbcs_classes(codec)
    lower = _chars(codec, range(0x80, 0x100), _lower)
    return f"(?![{lower}]{{2}})[{lead}][{trail}]"


_WORD_EDGE_L = r"(?<![^\W\d_])"
_WORD_EDGE_R = r"(?![^\W\d_])"
_CYR = "\u0400-\u04ff"
_CYR_LOWER = "\u0430-\u045f"
_CYR_UPPER = "\u0400-\u042f"


def _signatures() -> list[tuple[str, str | None]]:
    """One alternative per kind of channel into a single-byte code page (see the module doc),
    each with a looser pattern made of non-ASCII characters only (or ``None``), which matches
    the compacted text (its non-ASCII characters alone, `TextView.compact`) wherever the
    signature matches the text: no match there, no match anywhere."""
    out: list[tuple[str, str | None]] = []
    for ch in CHANNELS:
        if ch.lines:
            continue  # (read whole lines by the Latin fixer: no screen of the engine's)
        shown = ENCODINGS[ch.shown]
        source = ENCODINGS[ch.source]
        if shown.kind != "sbcs":
            continue  # its mojibake is CJK characters or U+FFFD: the fixer's own tests see it
        codec = shown.codecs[0]
        if source.kind == "utf8":
            out += [(_utf8_read_as(c), _utf8_read_as(c)) for c in shown.codecs]
        elif source.kind == "dbcs":
            out.append((_dbcs_read_as(codec), f"[{_chars(codec, range(0x81, 0xFF))}]{{2}}"))
        elif "cyrillic" in source.scripts and "latin" in shown.scripts:
            out.append((f"{_WORD_EDGE_L}[\u00c0-\u00ff]{{2,}}{_WORD_EDGE_R}", "[\u00c0-\u00ff]{2}"))
        elif "latin" in source.scripts and "cyrillic" in shown.scripts:
            out.append((f"[A-Za-z][{_CYR}]|[{_CYR}][A-Za-z]", None))
        elif "cyrillic" in source.scripts and "cyrillic" in shown.scripts:
            out.append(
                (
                    f"[{_CYR_LOWER}][{_CYR_UPPER}]|{_WORD_EDGE_L}[{_CYR_UPPER}]{{3,}}{_WORD_EDGE_R}",
                    f"[{_CYR_LOWER}][{_CYR_UPPER}]|[{_CYR_UPPER}]{{3}}",
                )
            )
    return list(dict.fromkeys(out))


def class_body(chars: Iterable[str]) -> str:
    """`chars` as the body of a character class, runs of consecutive code points as ranges (a
    class of thousands of Hanzi is a few hundred ranges): the same class in Python's `re` and,
    through `fastre.loosen`, in RE2."""
    points = sorted({ord(c) for c in chars})
    out: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = re.escape(chr(points[i])), re.escape(chr(points[j]))
        out.append(lo if i == j else f"{lo}{hi}" if j == i + 1 else f"{lo}-{hi}")
        i = j + 1
    return "".join(out)


@lru_cache(maxsize=1)
def _letters() -> str:
    """The letters (Python's ``[^\\W\\d_]``, which the signatures' word edges test) of the
    Latin, Greek and Cyrillic blocks, as a class body: a character outside it may still be a
    letter, so ``[^...]`` of it is a loose form of ``(?![^\\W\\d_])`` (see `_loose_signatures`)."""
    blocks = [(0x41, 0x7A), (0xAA, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x1E00, 0x1EFF)]
    letter = re.compile(r"[^\W\d_]")
    return class_body(chr(o) for a, b in blocks for o in range(a, b + 1) if letter.match(chr(o)))


def _edge_l() -> str:
    """A loose, lookaround-free form of `_WORD_EDGE_L`: the text's start or a character that is
    not one of `_letters`, taken into the match (a match found one character early, on the same
    line or at the end of the line before)."""
    return f"(?:^|[^{_letters()}])"


def _edge_r() -> str:
    """The loose form of `_WORD_EDGE_R` (see `_edge_l`)."""
    return f"(?:$|[^{_letters()}])"


def _loose_high_unit(codec: str) -> str:
    """`_high_unit` without its lookahead, exactly: a lead and a high trail that are not both
    lower-case letters."""
    lead = set(_raw(codec, _LEADS))
    trail = set(_raw(codec, (*range(0x80, 0xA0), *range(0xA1, 0xFF))))
    lower = set(_raw(codec, range(0x80, 0x100), _lower))
    return (
        f"(?:[{class_body(lead - lower)}][{class_body(trail)}]"
        f"|[{class_body(lead & lower)}][{class_body(trail - lower)}])"
    )


@lru_cache(maxsize=1)
def loose_signatures() -> tuple[str, ...]:
    """The signatures of `_signatures` without lookarounds, for RE2 (`textmend.text.fastre`):
    each matches, on the same line (or from the end of the line before), wherever its signature
    matches. Where a lookaround tests one character, it becomes a character of the match (no
    looser than needed); `_high_unit`'s two-character lookahead becomes two classes."""
    out: list[str] = []
    for ch in CHANNELS:
        if ch.lines:
            continue  # (read whole lines by the Latin fixer: no screen of the engine's)
        shown = ENCODINGS[ch.shown]
        source = ENCODINGS[ch.source]
        if shown.kind != "sbcs":
            continue
        codec = shown.codecs[0]
        if source.kind == "utf8":
            out += [_utf8_read_as(c) for c in shown.codecs]
        elif source.kind == "dbcs":
            _lead, _trail, upper_lead, sign_lead = _dbcs_classes(codec)
            high = _loose_high_unit(codec)
            loose = f"(?:{high}|[{upper_lead}][\\x40-\\x7e])"
            signs = f"[{sign_lead}][\\x40-\\x7e]"
            out.append(f"{high}{loose}|{loose}{high}|{signs}{signs}")
        elif "cyrillic" in source.scripts and "latin" in shown.scripts:
            out.append(f"{_edge_l()}[\u00c0-\u00ff]{{2,}}{_edge_r()}")
        elif "latin" in source.scripts and "cyrillic" in shown.scripts:
            out.append(f"[A-Za-z][{_CYR}]|[{_CYR}][A-Za-z]")
        elif "cyrillic" in source.scripts and "cyrillic" in shown.scripts:
            out.append(f"[{_CYR_LOWER}][{_CYR_UPPER}]|{_edge_l()}[{_CYR_UPPER}]{{3,}}{_edge_r()}")
    return tuple(dict.fromkeys(out))


#: A lost character: U+FFFD, or a ``?`` beside a non-ASCII character that is no punctuation
#: or space (a byte a decoder or an encoder could not map; Spanish and French put ``?`` beside
#: ``»`` and no-break spaces).
_NOT_PUNCT = "[^\\x00-\\x7f\\u00a0-\\u00bf\\u2000-\\u206f]"
#: (Written to start with the class of its first characters, U+FFFD and ``?``, so that a search
#: skips everything else in C: as an alternation it tested each character of the text.)
LOST = f"[\ufffd?](?:(?<=\ufffd)|(?<={_NOT_PUNCT}\\?)|(?<=\\?)(?={_NOT_PUNCT}))"


#: A '?' that `LOST` holds: one beside a non-ASCII character that is no punctuation or space.
_LOST_MARK = re.compile(f"\\?(?:(?<={_NOT_PUNCT}\\?)|(?={_NOT_PUNCT}))")
#: `LOST` without lookarounds (its lookbehinds and lookahead test one character each): for RE2.
LOST_LOOSE = f"\ufffd|{_NOT_PUNCT}\\?|\\?{_NOT_PUNCT}"
#: `_LOST_MARK` without lookarounds.
LOST_MARK_LOOSE = f"{_NOT_PUNCT}\\?|\\?{_NOT_PUNCT}"


def _cp1252(first: int, last: int) -> str:
    """What windows-1252 shows for the bytes `first` to `last` (latin-1's C1 control for the
    five it leaves undefined), escaped for a class."""
    return "".join(re.escape(bytes([b]).decode("cp1252", "ignore") or chr(b)) for b in range(first, last + 1))


#: What the CJK fixer's word tests, which look at a document with no evidence line too, are
#: made of (`textmend.fixers.cjk`; tests/test_screen.py checks each against its test):
#: - a short run of CJK characters alone in ASCII text (``_known_words``) holds one of these;
_CJK_RUN_CHAR = re.compile("[\u2032\u2033\u3000-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]")
#: - UTF-8 of CJK text read as windows-1252 with its byte A0 turned into spaces (``_a0_lost``,
#:   ``ä½ å¥½``) is two units in a row of a lead byte's character (E2-EF) and two continuation
#:   bytes' characters or spaces (found from the first unit's lead, whose class is the pattern's
#:   first element, so that the search skips to those characters in C);
_A0_LEAD, _A0_CONT = _cp1252(0xE2, 0xEF), _cp1252(0x80, 0xBF)
_A0_UNITS = re.compile(f"[{_A0_LEAD}](?=[{_A0_CONT} ]{{2}}[{_A0_LEAD}][{_A0_CONT} ]{{2}})")
#: - a lone word of two Latin-1 characters (``_lone_words``, ``ÏÉ`` for 仙) counts only in a text
#:   with at most eight of them and no other character of U+0080-U+1FFF: at most 16 of those.
_LONE_RANGE = re.compile("[\u0080-\u1fff]")
_LONE_MOST = 16


#: `cjk_words_quiet`'s three tests for RE2: a CJK character, two `_A0_UNITS` units (its
#: lookahead taken into the match), at least ``_LONE_MOST + 1`` characters of `_LONE_RANGE`.
_QUIET_LOOSE = (
    _CJK_RUN_CHAR.pattern,
    f"[{_A0_LEAD}][{_A0_CONT} ]{{2}}[{_A0_LEAD}][{_A0_CONT} ]{{2}}",
    f"(?:[^\u0080-\u1fff]*[\u0080-\u1fff]){{{_LONE_MOST + 1}}}",
)


#: `cjk_words_quiet` first looks for a CJK character among this many first characters.
QUIET_HEAD = 4096


def cjk_words_quiet(text: str, utf8: bytes | None = None) -> bool:
    """Whether the CJK fixer's word tests (see `_CJK_RUN_CHAR`) can find nothing in `text`: it
    holds no CJK character, no two units of UTF-8 read as windows-1252 with lost A0 bytes, and
    more than 16 characters of U+0080-U+1FFF. Three searches in C, where the tests themselves
    cost a pass in Python over every accented word of a clean European text; given the text's
    UTF-8 bytes `utf8`, one pass of RE2 over them (`_QUIET_LOOSE`), with the same answer."""
    screen = fastre.build(_QUIET_LOOSE) if utf8 is not None else None
    if screen is not None and utf8 is not None:
        if _CJK_RUN_CHAR.search(text, 0, QUIET_HEAD) is not None:
            return False  # a CJK text: its first lines say so (the set below reads every byte)
        found = screen.which(utf8)
        return 0 not in found and (1 not in found or " " not in text) and 2 in found
    if _CJK_RUN_CHAR.search(text) is not None:
        return False
    if " " in text and _A0_UNITS.search(text) is not None:
        return False
    pos = 0
    for _ in range(_LONE_MOST + 1):
        m = _LONE_RANGE.search(text, pos)
        if m is None:
            return False
        pos = m.end()
    return True


def any_lost_mark(text: str, utf8: bytes | None = None) -> bool:
    """Whether `lost_marks` finds anything in `text` (by RE2 over its UTF-8 bytes `utf8` when
    they are given and RE2 is available: `LOST_MARK_LOOSE` matches where `_LOST_MARK` does)."""
    if "?" not in text:
        return False
    screen = fastre.build((LOST_MARK_LOOSE,)) if utf8 is not None else None
    if screen is not None and utf8 is not None:
        return screen.search(utf8) is not None
    return next(lost_marks(text), None) is not None


def lost_marks(text: str) -> Iterator[int]:
    """The positions of the '?' of `text` that may stand for a lost character (`LOST`), in
    order, found in C. A '?' between ASCII, punctuation and spaces only (``¿Quién llegó
    primero?»``) ends a question: Spanish and French put one before ``»`` and no-break spaces,
    on every line of their prose."""
    return (m.start() for m in _LOST_MARK.finditer(text))


#: A signature whose first characters the text holds more of than this (distinct ones) is
#: searched as one pattern instead of once from each (a search from one literal character costs
#: about a twelfth of one that tests a class at every character).
MAX_STARTS = 24


#: Characters of text below which a signature is searched as one pattern (`_Starts.joined`)
#: rather than compiling one more pattern from a first character (`Gate._from`), per pattern
#: not compiled yet: compiling one costs about 0.3 ms (its rest's classes are hundreds of
#: characters), as much as the joined pattern's search through some 16,000 characters. The
#: first call in a process on 200 short lines of ``Subject: ä½ å¥½ ok`` compiled 46 of them.
COMPILE_PAYS = 1 << 14


#: How many characters of the text `Gate._present` looks at to judge how it collects
#: the characters it needs.
SAMPLE = 1 << 14


class _Starts:
    """One split of a signature into branches, by first character: which the text holds."""

    __slots__ = ("ascii", "high", "joined", "rests")

    def __init__(self, branches: list[Branch]) -> None:
        self.rests: dict[str, list[str]] = {}
        for chars, rest in branches:
            for c in chars:
                self.rests.setdefault(c, []).append(rest)
        self.high = frozenset(c for c in self.rests if c > "\x7f")
        self.ascii = tuple(c.encode() for c in self.rests if c <= "\x7f")
        # the signature as one pattern whose first element is the class of the branches' first
        # characters, each branch checking its own by a lookbehind: it finds what the signature
        # finds, and its search skips every other character in C (an alternation of branches
        # that start with classes tries each at every character: 10-35 ms over 200 KB)
        first = re.escape("".join(self.rests))
        alternatives = "|".join(f"(?<=[{re.escape(chars)}]){rest}" for chars, rest in branches)
        self.joined = re.compile(f"[{first}](?:{alternatives})")

    def held(self, ascii_part: bytes, present: set[str]) -> list[tuple[str, str]]:
        """The (first character, rest) of the branches whose first character the text holds
        (`ascii_part`: its ASCII characters alone; `present`: its non-ASCII characters)."""
        chars = sorted(self.high & present) + [c.decode() for c in self.ascii if c in ascii_part]
        return [(c, rest) for c in chars for rest in self.rests[c]]


class Gate:
    """The evidence screen of one fixer: `pattern` finds a reason to search a stretch (see
    `gate`); `lines` finds, for a whole text, the lines that hold one, with a few simple
    patterns instead of the combined one, each skipped when its looser form does not match
    the compacted text.

    Given the text's UTF-8 bytes, `lines` first lets RE2 find the lines where `loose` (the
    pattern's parts without lookarounds: a match of the pattern is a match of one of them, on
    the same line or from the end of the one before) matches, in one pass over the bytes at
    about the speed of decoding them, and runs the patterns above on those lines alone: the
    same lines, since every pattern here looks at one line at a time.
    """

    def __init__(
        self, safe: str, extra: tuple[str, ...] = (), loose_extra: tuple[str, ...] | None = None
    ) -> None:
        sigs = _signatures()
        other = f"[^{safe}{ALPHABETIC}{LATIN_SIGNS}{NO_CHANNEL}]"
        parts = [other, *extra, LOST, *(full for full, _ in sigs)]
        self.pattern = re.compile("|".join(parts))
        #: lookaround-free forms of `pattern`'s parts, for RE2 (see `gate_loose`)
        self.loose = gate_loose(safe, extra if loose_extra is None else loose_extra)
        self._screen: fastre.Screen | None | bool = False  # False: not built yet
        self._other = re.compile(other)
        self._extra = [re.compile(x) for x in extra]
        self._sigs = [
            (re.compile(full), re.compile(loose) if loose else None, [_Starts(b) for b in _branches(full)])
            for full, loose in sigs
        ]
        self._lost = re.compile(LOST)
        self._from: dict[tuple[str, str], re.Pattern[str]] = {}  # (first character, rest): its pattern
        starts = "".join(sorted({c for _f, _l, splits in self._sigs for split in splits for c in split.high}))
        self._start = re.compile(f"[{re.escape(starts)}]")

    def _present(self, text: str, compact: Callable[[], str]) -> set[str]:
        """The non-ASCII first characters of signature branches that `text` holds: all
        `_Starts.held` asks of it. Where they are few (Chinese, Japanese, Korean text, which
        holds a dash or an ellipsis per line at most), one search in C over the text collects
        them; building the set of every character present cost half of OpenCC's own conversion
        time on Traditional text. Where they are many (a Cyrillic text, whose every letter is
        one), the set of the compacted text's characters is cheaper than listing them, and gives
        `held` the same answer: judged on the first `SAMPLE` characters of the text."""
        head = text[:SAMPLE]
        found = self._start.findall(head)
        if len(found) * 8 > len(head) - len(head.encode("ascii", "ignore")):
            return set(compact())
        return set(found) if len(text) <= SAMPLE else set(self._start.findall(text))

    def screen(self) -> fastre.Screen | None:
        """The RE2 screen of `loose`, or ``None`` when RE2 is not available here."""
        if not fastre.available():
            return None
        if self._screen is False:
            self._screen = fastre.build(self.loose)
        return self._screen if isinstance(self._screen, fastre.Screen) else None

    def lines(
        self, text: str, compact: Callable[[], str], utf8: bytes | None = None
    ) -> list[tuple[int, int]]:
        """The ``(start, end)`` of each line of `text` (without its line break) that holds a match
        of `pattern`, in order; `compact` gives the text's non-ASCII characters alone (asked for
        only when a signature's first characters are many in the text); `utf8`, the text's UTF-8
        bytes, lets RE2 pick the lines to look at (see the class doc)."""
        screen = self.screen() if utf8 is not None else None
        if screen is None:
            return self._exact_lines(text, compact)
        out: list[tuple[int, int]] = []
        for batch in candidate_batches(screen, text, utf8 or b"", len(text) + 1):
            out += self.lines_in(text, batch)
        return out

    def lines_in(self, text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """`lines` of the stretches `pieces` of `text` (``(start, end)``, in order, each a run of
        whole lines): they are joined, one line break between two, and searched as one text."""
        if not pieces:
            return []
        sub = "\n".join(text[a:b] for a, b in pieces)
        starts: list[int] = []  # where each piece begins in `sub`
        at = 0
        for a, b in pieces:
            starts.append(at)
            at += b - a + 1
        out = []
        for a, b in self._exact_lines(sub, TextView(sub).compact):
            k = bisect_right(starts, a) - 1
            shift = pieces[k][0] - starts[k]
            out.append((a + shift, b + shift))
        return out

    def _exact_lines(self, text: str, compact: Callable[[], str]) -> list[tuple[int, int]]:
        """`lines`, by the patterns above alone."""
        pats = [self._other, *self._extra]
        if "\ufffd" in text or "?" in text:
            pats.append(self._lost)
        present = self._present(text, compact)
        # a letter absent from a Chinese text is a search through all of it; through its ASCII
        # characters alone, a fifth of the time (encoding them out costs less than that)
        ascii_part = text.encode("ascii", "ignore")
        for _full, loose, splits in self._sigs:
            split, starts = splits[0], splits[0].held(ascii_part, present)
            for other in splits[1:]:
                if not starts:  # none fewer than none: the first split with no start is the one
                    break
                held = other.held(ascii_part, present)
                if len(held) < len(starts):
                    split, starts = other, held
            unbuilt = sum((c, rest) not in self._from for c, rest in starts)
            if len(starts) > MAX_STARTS or len(text) < unbuilt * COMPILE_PAYS:
                if loose is None or loose.search(compact()) is not None:
                    pats.append(split.joined)
                continue
            for c, rest in starts:
                pat = self._from.get((c, rest))
                if pat is None:
                    pat = self._from[(c, rest)] = re.compile(re.escape(c) + rest)
                pats.append(pat)
        starts_at: set[int] = set()
        # Each pattern searches only the lines no pattern before it found (runs of them, each
        # searched up to its last line's end, which no match crosses): where the first pattern
        # finds every line, the others search nothing.
        gaps = [(0, len(text))]
        for pat in pats:
            left: list[tuple[int, int]] = []
            for lo, hi in gaps:
                pos = lo
                while pos < hi and (m := pat.search(text, pos, hi)) is not None:
                    a = text.rfind("\n", 0, m.start()) + 1
                    starts_at.add(a)
                    if a > pos:
                        left.append((pos, a - 1))
                    b = text.find("\n", m.end(), hi)
                    pos = hi if b == -1 else b + 1
                if pos < hi:
                    left.append((pos, hi))
            gaps = left
            if not gaps:
                break
        out = []
        for a in sorted(starts_at):
            b = text.find("\n", a)
            out.append((a, len(text) if b == -1 else b))
        return out


def gate_loose(safe: str, loose_extra: tuple[str, ...]) -> tuple[str, ...]:
    """The parts of `gate`'s pattern without lookarounds, for RE2 (`textmend.text.fastre`): a
    match of the pattern is a match of one of them on the same line, or from the end of the line
    before (`loose_extra`: the `extra` patterns' such forms; `fastre.loosen` would strip an
    extra pattern of its lookarounds, looser than needed)."""
    other = f"[^{safe}{ALPHABETIC}{LATIN_SIGNS}{NO_CHANNEL}]"
    return (other, *loose_extra, LOST_LOOSE, *loose_signatures())


#: Characters of candidate lines `line_matches` searches at a time, and lines at most: a
#: caller that stops early (`textmend.mojibake.words.known_words` takes 2,000 runs at most)
#: does not pay for the lines found after it stopped (a title repeated through a long text
#: is thousands of short lines, each found by a search of its own).
LINE_BATCH = 1 << 16
LINE_BATCH_LINES = 256


def line_matches(
    pattern: re.Pattern[str], text: str, utf8: bytes | None, loose: tuple[str, ...]
) -> Iterator[tuple[int, int]]:
    """The spans of ``pattern.finditer(text)``, in order, for a `pattern` whose matches lie
    within a line and whose lookarounds look no further than the line break on either side:
    given the text's UTF-8 bytes `utf8` (and RE2), only the lines where one of `loose` (forms of
    `pattern` that match on the lines it matches, or from the end of the line before) matches
    are searched, joined into one text a batch at a time, as the caller asks for more."""
    screen = fastre.build(loose) if utf8 is not None else None
    if screen is None or utf8 is None:
        yield from (m.span() for m in pattern.finditer(text))
        return
    for batch in candidate_batches(screen, text, utf8, LINE_BATCH, LINE_BATCH_LINES):
        sub = "\n".join(text[a:b] for a, b in batch)
        starts: list[int] = []
        at = 0
        for a, b in batch:
            starts.append(at)
            at += b - a + 1
        for m in pattern.finditer(sub):
            k = bisect_right(starts, m.start()) - 1
            shift = batch[k][0] - starts[k]
            yield m.start() + shift, m.end() + shift


#: Once this many candidate lines are found, if they hold more than a `DENSE_SHARE` of the
#: bytes screened so far, the rest of the text is taken whole: a line at a time through RE2
#: costs more than the exact patterns over text where most lines are candidates anyway.
DENSE_AFTER = 64
DENSE_SHARE = 0.25


def candidate_lines(screen: fastre.Screen, utf8: bytes) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` byte offsets of the lines of `utf8` (without the line break) where
    `screen` finds a match, in order, found as they are asked for. A match that starts with a
    line break took it as the context of its next character (a lookbehind or a word edge made
    a character of the match: `loose_signatures`): the line it is about is the next one."""
    pos = 0
    n = len(utf8)
    while (s := screen.search(utf8, pos)) is not None:
        if utf8[s] == 0x0A:
            s += 1
        a = utf8.rfind(b"\n", 0, s) + 1
        b = utf8.find(b"\n", s)
        if b == -1:
            yield a, n
            return
        yield a, b
        pos = b  # from the line break: the context of a match on the next line


def candidate_batches(
    screen: fastre.Screen, text: str, utf8: bytes, size: int, most: int = 0
) -> Iterator[list[tuple[int, int]]]:
    """The stretches of `text` (``(start, end)`` in characters, each a run of whole lines, in
    order) where `screen` matches its UTF-8 bytes `utf8` (`candidate_lines`), in batches of
    about `size` characters (and of `most` stretches at most, if given), found as they are
    asked for (their character offsets by decoding the bytes up to each, in C), so that a
    caller that stops early pays for what it took. Where
    the candidates are dense (`DENSE_AFTER`), the last stretch is the rest of the text."""
    batch: list[tuple[int, int]] = []
    chars = last = total = found = covered = 0
    for a, b in candidate_lines(screen, utf8):
        chars += len(utf8[last:a].decode("utf-8", "surrogatepass"))
        start = chars
        chars += len(utf8[a:b].decode("utf-8", "surrogatepass"))
        last = b
        batch.append((start, chars))
        total += chars - start
        found += 1
        covered += b - a
        if found >= DENSE_AFTER and covered > DENSE_SHARE * b:
            if b < len(utf8):
                batch.append((chars + 1, len(text)))  # after the line break at `b`
            yield batch
            return
        if total >= size or len(batch) == most:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def gate(safe: str, extra: tuple[str, ...] = (), loose_extra: tuple[str, ...] | None = None) -> Gate:
    """The screen that finds what sends a stretch to the CJK fixer's own tests: a character
    outside `safe` (the fixer's class of clean characters, escaped for a character class) that is
    not alphabetic (nor one of `LATIN_SIGNS`) and that mojibake can be made of (not in
    `NO_CHANNEL`), one of the fixer's `extra` suspicious patterns, a lost character (`LOST`) or
    a channel's signature.

    Not cached here: the caller builds it once (`safe` is large, and hashing it per call would
    cost a pass over it).
    """
    return Gate(safe, extra, loose_extra)


__all__ = [
    "ALPHABETIC",
    "LATIN_SIGNS",
    "LOST",
    "LOST_LOOSE",
    "LOST_MARK_LOOSE",
    "NO_CHANNEL",
    "Gate",
    "gate",
    "any_lost_mark",
    "candidate_batches",
    "candidate_lines",
    "class_body",
    "cjk_words_quiet",
    "gate_loose",
    "line_matches",
    "loose_signatures",
    "lost_marks",
    "shown_repertoire",
]
