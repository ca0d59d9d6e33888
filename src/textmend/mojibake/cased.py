"""Mojibake that was lower- or upper-cased afterwards: ``arrãªt`` for arrêt, ``CAFÃ‰`` for CAFÉ.

UTF-8 read as windows-1252 and then case-folded (a title upper-cased by a stylesheet, a login
lower-cased by a form) no longer encodes back to UTF-8: ``Ãª`` (C3 AA, ê) lower-cased is ``ãª``
(E3 AA), the lead of a three-byte character with one continuation byte. ftfy, which undoes the
misreading exactly, leaves such text alone. The case-folding kept one thing: every character is
the fold of one of a few characters (``ã`` was ``ã`` or ``Ã``), so the text can be *unfolded*:
each character given back the case that makes the bytes valid UTF-8 (`unfold`), the mojibake
then repaired as usual, and the repair folded again, since the reader asked for that case
(`fold`).

A character may unfold both ways into valid UTF-8 (``œ`` is 9C and ``Œ`` 8C, both continuation
bytes: 휜 ED 9C 9C or 파 ED 8C 8C once lower-cased); the choice among the decodings is the one the
character model finds most frequent, which is what makes this channel lossy.

>>> unfold("cafã©", "lower")
'cafÃ©'
>>> fold("café", "upper")
'CAFÉ'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache
from itertools import product
from typing import Literal

from ..result import Change, Finding
from ..spans import apply_edits
from ..text.charmodel import CTRL, MARK, OTHER, PUA, Model, model
from ..text.encodings import utf8_length

Case = Literal["lower", "upper"]

#: The longest text unfolded (a case-folded text is a title, a line, a field, not a book).
MAX_CHARS = 1 << 16


def case_of(text: str) -> Case | None:
    """``"lower"`` or ``"upper"`` when `text` holds cased letters all of one case (it is its own
    fold), non-ASCII among them; ``None`` otherwise.

    A C1 control that no UTF-8 sequence can hold (it follows no byte that is a lead or a
    continuation) is a byte of a code page shown by latin-1 as no letter, where windows-1252
    shows a letter a case fold would have changed (``\x8c`` is Œ, cp1250's Ś): its case
    counts. ``\x8cwie¿e`` (Świeże in cp1250, read as latin-1) is no lower-cased text.

    >>> case_of("\x8cwie¿e"), case_of("\x8cWIE¯E")
    (None, 'upper')
    """
    if text.isascii() or len(text) > MAX_CHARS:
        return None
    text = _c1_letters(text)
    case: Case
    if text == text.lower():
        case, other = "lower", text.upper()
    elif text == text.upper():
        case, other = "upper", text.lower()
    else:
        return None
    if other == text:
        return None  # no cased letter at all
    differ = 0
    for a, b in zip(text, other):
        if a != b:
            differ += 1
            if differ >= MIN_LETTERS:
                return case
    return None  # (one lower-case letter in CJK text is no case-folded text)


#: A text shows its case by this many ASCII letters (all of that case, as `case_of` requires).
MIN_LETTERS = 3


def folded_letters(text: str) -> bool:
    """Whether `text` has `MIN_LETTERS` ASCII letters: then its case is the writer's choice, not
    the look of mojibake (whose leads ``Ð``, ``Î`` are capitals whatever the text was)."""
    return sum(1 for c in text if c.isascii() and c.isalpha()) >= MIN_LETTERS


#: latin-1's C1 controls that windows-1252 shows as a letter (Š, Œ, Ž, š, œ, ž, Ÿ).
_C1_LETTER = re.compile(
    "[" + "".join(chr(b) for b in range(0x80, 0xA0) if bytes([b]).decode("cp1252", "ignore").isalpha()) + "]"
)


def _c1_letters(text: str) -> str:
    """`text` with each C1 control of `_C1_LETTER` that follows no possible lead or
    continuation byte (latin-1's or windows-1252's view) as windows-1252's letter."""
    if not _C1_LETTER.search(text):
        return text
    table = _view_bytes()
    out = list(text)
    for m in _C1_LETTER.finditer(text):
        k = m.start()
        prev = table.get(text[k - 1], 0) if k else 0
        if not 0x80 <= prev <= 0xF4:
            out[k] = view(ord(text[k]))
    return "".join(out)


@cache
def _view_bytes() -> dict[str, int]:
    """The byte of each non-ASCII character of windows-1252's view and latin-1's."""
    table = {chr(b): b for b in range(0x80, 0x100)}
    table.update({view(b): b for b in range(0x80, 0x100)})
    return table


def fold(text: str, case: Case) -> str:
    """`text` in `case`."""
    return text.lower() if case == "lower" else text.upper()


def view(byte: int) -> str:
    """The character windows-1252 shows for `byte` (latin-1's C1 control for its five holes)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


@cache
def _variants(case: Case) -> dict[str, tuple[int, ...]]:
    """For each character a `case` fold can leave, the non-ASCII bytes whose windows-1252 view
    folds to it, the byte showing that very character first."""
    out: dict[str, list[int]] = {}
    for byte in range(0x80, 0x100):
        ch = view(byte)
        f = fold(ch, case)
        if len(f) == 1:
            out.setdefault(f, []).append(byte)
    for byte in range(0x80, 0xA0):  # latin-1's view of the same bytes: a fold leaves C1 as it is
        if chr(byte) not in out:
            out[chr(byte)] = [byte]
    return {
        f: tuple(sorted(bs, key=lambda b: view(b) != f))  # the character itself first
        for f, bs in out.items()
    }


#: What one character decoded from a sequence counts, per byte, against its cost in nats (so a
#: longer valid decoding wins, and among those of a length the more frequent characters).
_PER_BYTE = 100.0


def unfold(text: str, case: Case) -> str:
    """`text` (folded to `case`) with each character in the case that makes the windows-1252
    bytes of its runs valid UTF-8, as far as that can be done; the characters of no such
    sequence stay as they are. Among several valid unfoldings, the one whose decoded characters
    the model finds most frequent (a dynamic programme over the positions).

    A lead byte is given another case only where the text shows its leads folded
    (`_leads_folded`): a small ``å`` is the lead of most UTF-8 of CJK read as windows-1252, so in
    such text a sequence that ``Å`` would make valid (``åˆ`` as ``ň``) is one short of a byte
    the text lost, not one a lower-casing changed."""
    if _changes().search(text) is None:
        return text  # no character the programme could change (see `evidence`), found in C
    steps = _unfold_steps(text, case, leads=True)
    if not _leads_folded(text, case, steps):
        steps = _unfold_steps(text, case, leads=False)
    return "".join(text[a] if got is None else "".join(view(x) for x in got) for a, _, got in steps)


def _leads_folded(text: str, case: Case, steps: list[tuple[int, int, bytes | None]]) -> bool:
    """Whether `text` shows its lead bytes case-folded where the `steps` of its unfolding give a
    lead another case that shortens its sequence (a small ``ã``, E3, that leads three bytes, as
    ``Ã``, C3, that leads two): by its own letters (`letters_folded`), or by its leads, when
    more of them are shortened so than keep their case and the text has no caseless letters
    of its own (`_caseless_letters`).

    A sequence one byte short is also what a lost byte leaves: UTF-8 of CJK read as
    windows-1252 is small by default (its leads ``å``, ``æ`` are E5, E6) and short of a byte
    where windows-1252's undefined five were dropped, which a capital lead would make valid
    (``åˆ`` as ``ň``). A lower-cased text has no capital ``Ã`` left and its ``ã`` leads
    almost no sequence as it stands. A lead given a longer sequence (``Ã`` as ``ã`` in an
    upper-cased text) takes in bytes a text short of bytes does not have: no evidence needed."""
    table = _variants(case)
    codes = _view_bytes()
    changed = kept = 0
    for a, b, got in steps:
        if got is None:
            continue
        lead = text[a]
        if view(got[0]) == lead or chr(got[0]) == lead:
            kept += len(table.get(lead, ())) > 1  # a lead that could have had another case
        else:
            led = utf8_length(codes[lead]) if lead in codes else 0  # (0: it leads no sequence)
            changed += not led or b - a < led
    if not changed or letters_folded(text, case):
        return True
    return changed > kept and not _caseless_letters(text)


def _caseless_letters(text: str) -> bool:
    """Whether `text` holds a letter of a caseless script beyond the mojibake's own characters
    (CJK a first repair already gave back, say): such a text is small for want of capitals,
    not for having lost them."""
    table = _view_bytes()
    return any(c.isalpha() and c.lower() == c.upper() and c not in table for c in text if ord(c) > 0xFF)


#: A small letter that starts a sentence: the text's or a line's first character, or after a full
#: stop, a question or an exclamation mark.
_SMALL_START = re.compile(r"(?:^|[.!?][ \t\u00a0]+)[a-z]", re.MULTILINE)


def letters_folded(text: str, case: Case) -> bool:
    """Whether the text's own letters show it `case`-folded: `folded_letters` capitals in an
    upper-cased text (the mojibake's are capitals whatever the text was), a small ASCII letter
    starting a sentence in a lower-cased one (small letters are most text's own)."""
    return folded_letters(text) if case == "upper" else _SMALL_START.search(text) is not None


def _unfold_steps(text: str, case: Case, leads: bool) -> list[tuple[int, int, bytes | None]]:
    """The steps of `unfold` (start, end, the bytes of the sequence or ``None`` for a character
    kept); with `leads` false, a lead byte keeps the case the text shows."""
    table = _variants(case)
    m = model()
    n = len(text)
    # best[i]: (score, the bytes of the step that reached i or None for a character kept, its start)
    Step = tuple[float, bytes | None, int]
    start_step: Step = (0.0, None, -1)
    best: list[Step] = [start_step] + [(float("-inf"), None, -1)] * n
    alternatives: dict[tuple[int, int], list[tuple[bytes, str]]] = {}
    for i in range(n):
        score = best[i][0]
        if score == float("-inf"):
            continue
        if best[i + 1][0] < score:
            best[i + 1] = (score, None, i)
        for lead in table.get(text[i], ()):
            size = utf8_length(lead)
            if not size or i + size > n or not (leads or view(lead) == text[i] or chr(lead) == text[i]):
                continue
            rest = [[b for b in table.get(text[j], ()) if 0x80 <= b <= 0xBF] for j in range(i + 1, i + size)]
            if not all(rest):
                continue
            for tail in product(*rest):
                data = bytes((lead, *tail))
                try:
                    ch = data.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if not _decodable(ch, m):
                    continue
                alternatives.setdefault((i, i + size), []).append((data, ch))
                value = score + _PER_BYTE * size - m.info(ch)[2]
                if value > best[i + size][0]:
                    best[i + size] = (value, data, i)
    steps: list[tuple[int, int, bytes | None]] = []
    i = n
    while i > 0:
        _, got, start = best[i]
        steps.append((start, i, got))
        i = start
    steps.reverse()
    # Where one span of bytes decodes validly in several ways, the characters around it decide.
    decoded = [text[a] if data is None else data.decode("utf-8") for a, _, data in steps]
    for k, (a, b, got) in enumerate(steps):
        options = alternatives.get((a, b), [])
        if got is None or len(options) < 2:
            continue
        prev = decoded[k - 1] if k else ""
        nxt = decoded[k + 1] if k + 1 < len(decoded) else ""

        def cost(ch: str, prev: str = prev, nxt: str = nxt) -> float:
            return (m.pair(prev, ch) if prev else m.info(ch)[2]) + (m.pair(ch, nxt) if nxt else 0.0)

        chosen, decoded[k] = min(options, key=lambda o: cost(o[1]))
        steps[k] = (a, b, chosen)
    return steps


def _decodable(ch: str, m: Model) -> bool:
    """Whether `ch` can be what a UTF-8 sequence meant: an assigned character, not a control,
    private-use or stray mark (a combining mark is one: mojibake of ``Ì¶``, U+0336)."""
    if unicodedata.category(ch) == "Cn":
        return False
    return m.info(ch)[1] not in (CTRL, PUA, OTHER, MARK) or "\u0300" <= ch <= "\u036f"


def unfolded(text: str) -> tuple[Case, str] | None:
    """`text`'s case and its unfolding, when it is case-folded text that unfolding changes."""
    case = case_of(text)
    if case is None:
        return None
    out = unfold(text, case)
    return None if out == text else (case, out)


@cache
def evidence() -> tuple[str, str]:
    """Two patterns, one of which a text matches wherever `unfold` changes a character: a
    character unfolded to a lead byte before one that can be a continuation byte, or one
    unfolded to a continuation byte after one that can be a lead or a continuation byte."""
    new_lead, cont, lead_or_cont, new_cont = _evidence_classes()
    return f"{_class(new_lead)}{_class(cont)}", f"{_class(lead_or_cont)}{_class(new_cont)}"


@cache
def _evidence_classes() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The characters `evidence` is made of: those unfolded to a lead byte, those that can be a
    continuation byte, those that can be either, and those unfolded to a continuation byte."""
    new_lead: set[str] = set()
    new_cont: set[str] = set()
    cont: set[str] = set()
    lead_or_cont: set[str] = set()
    for case in ("lower", "upper"):
        for ch, bs in _variants(case).items():  # type: ignore[arg-type]
            for b in bs:
                is_lead, is_cont = 0xC2 <= b <= 0xF4, 0x80 <= b <= 0xBF
                if is_cont:
                    cont.add(ch)
                if is_lead or is_cont:
                    lead_or_cont.add(ch)
                if view(b) != ch and chr(b) != ch:  # (a C1 control unfolds to itself)
                    if is_lead:
                        new_lead.add(ch)
                    if is_cont:
                        new_cont.add(ch)
    return frozenset(new_lead), frozenset(cont), frozenset(lead_or_cont), frozenset(new_cont)


def _class(chars: frozenset[str]) -> str:
    """A character class of `chars`, each escaped (for `re` and RE2 alike)."""
    return "[" + "".join(_escape(c) for c in sorted(chars)) + "]"


@cache
def _changes() -> re.Pattern[str]:
    """`evidence` as one pattern: a text it finds nothing in is one `unfold` leaves as it is (the
    programme costs some 4 us a character: 0.16 s on 40,000 characters of Japanese prose, whose
    few ASCII words are all lower-case, asked by the CJK and the Latin fixer in every pass)."""
    # (and a C1 control, which the programme may turn into the windows-1252 character of its byte)
    return re.compile("|".join((*evidence(), "[\x80-\x9f]")))


@cache
def screen_evidence() -> tuple[str, str]:
    """`evidence` as a fixer may screen a text with: the same, but for a lead before a closing
    curly quote that closes a quote the line opened (``“José”``), the repair `through_unfolded`
    refuses (`_closes_a_quote`). Such a closer is left out only where the quote's opener has
    ASCII (or the line's start) on both sides: then no reading of the bytes makes it a byte of
    a sequence (it would follow a lead or lead a continuation), so no repair takes it in
    without keeping it. Patterns without lookarounds, for RE2: where the last of the line's
    quotes before the closer is a closer or an opener with a non-ASCII neighbour."""
    second = evidence()[1]
    new_lead, cont, _, _ = _evidence_classes()
    lead = _class(new_lead)
    alternatives = [lead + _class(cont - set(_OPENERS))]
    for closer, opener in _OPENERS.items():
        c, o = _escape(closer), _escape(opener)
        alternatives += [
            # each opener on the line before closed by a later closer (one way to read a line:
            # linear for `re`'s backtracking too)
            rf"(?:^|\n)(?:[^\n{o}]|{o}[^\n{c}]*{c})*{lead}{c}",
            rf"[^\x00-\x7f]{o}[^\n{o}{c}]*{lead}{c}",  # the last opener follows a non-ASCII
            rf"{o}(?:[^\x00-\x7f{o}{c}][^\n{o}{c}]*)?{lead}{c}",  # or precedes one
        ]
    return "|".join(alternatives), second


def _escape(ch: str) -> str:
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


#: Curly quotes and the ones that open them.
_OPENERS = {"\u201d": "\u201c", "\u2019": "\u2018"}


def _closes_a_quote(text: str, start: int, end: int, after: str) -> bool:
    """Whether the repair of `text[start:end]` into `after` takes away a closing curly quote
    that closes a quote the line opened (``“irmã”``: ``ã”`` folds ``Ô``'s bytes, but the pair
    of quotes is the text's own). Unfolding makes a sequence of any accented lower-case letter
    before a quote, so in a case-folded text a quote the line opened is not a byte of one.
    An opening quote that the repair itself takes in and does not keep is a byte of the
    mojibake too (``“`` is 93, a continuation byte: ``高`` E9 AB 98 ... ``”`` in Chinese), and
    opens nothing."""
    for k in range(start, end):
        opener = _OPENERS.get(text[k])
        if opener is None or text[k] in after:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:k]
        at = before.rfind(opener)
        if at > before.rfind(text[k]) and (line_start + at < start or opener in after):
            return True
    return False


def through_unfolded(
    text: str,
    case: Case,
    unfolded_text: str,
    items: list[Change | Finding],
    unfolding: tuple[str, ...] = (),
) -> tuple[str, list[Change | Finding]]:
    """`text` (in `case`) repaired by the `items` a fixer found in its unfolding (of the same
    length, character for character), each repair folded back to `case`; a repair that folds
    back to what the text already holds is none. A repair whose message names one of
    `unfolding` (code pages that do not show case as windows-1252 does) is not folded."""
    out: list[Change | Finding] = []
    for c in items:
        if not isinstance(c, Change):
            out.append(c)
            continue
        keep = any(name in c.message for name in unfolding)
        after, before = (c.after if keep else fold(c.after, case)), text[c.start : c.end]
        if after == before or _closes_a_quote(text, c.start, c.end, after):
            continue
        if unfolded_text[c.start : c.end] == before and after == c.after:
            out.append(c)  # a repair the case took no part in
        else:
            out.append(
                replace(c, message=f"{c.message}, then {case}-cased", before=before, after=after, chain=())
            )
    changes = [c for c in out if isinstance(c, Change)]
    return (apply_edits(text, changes) if changes else text), out
