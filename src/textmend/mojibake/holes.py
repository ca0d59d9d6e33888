"""UTF-8 read as windows-1252 that lost the bytes windows-1252 does not define.

windows-1252 leaves five bytes undefined: 81 8D 8F 90 9D. A decoder that meets one in UTF-8
(``с`` is D1 81, ``ρ`` CF 81, ``😁`` F0 9F 98 81) keeps it as a C1 control (latin-1's view, which
copy and paste or a web form then drops), drops it (``errors="ignore"``), or writes U+FFFD or
``?``. The sequence is then one continuation byte short: ``Ñ`` where ``Ñ\\x81`` stood. The
channel says exactly what can have gone: one of those five bytes, at a place where UTF-8's
structure needs a continuation byte. `restore` puts each candidate there, keeps the one the
character model clearly prefers in its context (`CLEAR_WIN`, `MIN_SHARE`; holes side by side
weighed together, `_judge_chain`), and otherwise puts
U+FFFD there (so that the sequence is one lost character, not two wrong ones), listing the
candidates with their probabilities.

A reader of latin-1 that cannot show C1 controls writes ``?`` for all 32 bytes of 80-9F
(``ItÃ?Â¢â?¬â?¢s``, where windows-1252 would show ``ItÃƒÂ¢â‚¬â„¢s``); a line that shows it
(`_lost_bytes`) has its markers weighed among all 32, and a winner is kept only when it fits
the line (`_fits_the_line`: a letter of the line's language, never a symbol there). Every
restored letter must be one the language of its line writes.

It acts only on text that already shows the channel: multi-byte sequences in its windows-1252
view (`MIN_COMPLETE`), of which nearly all its non-ASCII characters are part (`MOSTLY`), so that
``ESPAÑA`` (Ñ before an ASCII letter) is never read as a lost ``с``.

>>> text, holes = restore("ã‚ãªãŸã¯")  # あなたは, the 81 of each kana (E3 81 82...) dropped
>>> text  # あ or わ, the model cannot say: one lost character
'�ã\\x81ªã\\x81Ÿã\\x81¯'
>>> [(h.put, h.candidates[0][0]) for h in holes]
[('�', 'あ'), ('\\x81', 'な'), ('\\x81', 'た'), ('\\x81', 'は')]
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice

from ..result import split_lines
from ..text.alphabets import word_alphabet
from ..text.charmodel import CJKP, CTRL, HAN, HANGUL, HIRA, KATA, LETTERS, OTHER, PUA, Model, model
from ..text.encodings import utf8_length
from .cased import view as _view
from .lossy import lost_prior

#: The bytes windows-1252 does not define, as latin-1 (and ftfy's sloppy-windows-1252) shows them.
HOLES = "\x81\x8d\x8f\x90\x9d"
#: The bytes a copy of the text may have dropped: those `HOLES`, and AD, windows-1252's soft
#: hyphen, which is invisible where it stands and which editors and converters drop (``í`` is
#: C3 AD: ``possÃvel``). Which of them were, the text tells (`_dropped`).
SOFT_HYPHEN = "\xad"
DROPPED = HOLES + SOFT_HYPHEN


def _dropped(text: str) -> str:
    """The bytes `text` may have dropped: not those it still shows. A text that keeps a soft
    hyphen lost none (its copy dropped only what the decoder could not show); one that keeps
    an undefined byte as a C1 control lost only soft hyphens, a transform after the decoding
    (each converter treats the five undefined bytes alike)."""
    if SOFT_HYPHEN in text:
        return HOLES
    if any(c in text for c in HOLES):
        return SOFT_HYPHEN
    return DROPPED


#: What a lost byte may have become instead of nothing.
MARKERS = "\ufffd?"
#: The bytes a reader that shows every C1 control as a marker may have lost: latin-1's view
#: with its controls replaced (``ItÃ?Â¢â?¬â?¢s``, where windows-1252 shows ``ItÃƒÂ¢â‚¬â„¢s``).
ALL_C1 = "".join(map(chr, range(0x80, 0xA0)))
#: A line shows that reader when at least this many ``?`` stand inside sequences and it shows
#: none of the characters windows-1252 gives bytes 80-9F (`_c1_shown`): of the 64 continuation
#: bytes, that reader loses 32 and windows-1252 5 (and shows 27 as those characters), so each
#: such ``?`` in a line without them is about 6 times likelier that reader's, two about 40.
MIN_MARKED = 2
#: A candidate is kept when its path beats the next by this many nats ...
CLEAR_WIN = 3.0
#: ... and holds this share of the probability of all candidates.
MIN_SHARE = 0.9
#: The text must hold at least this many sequences, each complete or holding more than its
#: lead (``ã‚ãªãŸã¯``, あなたは, every 81 of it dropped, holds four) ...
MIN_COMPLETE = 3
#: ... and this share of its non-ASCII characters must be in sequences, complete or not (not
#: so legacy CJK bytes read as windows-1252, where a lead and a continuation byte meet by chance).
MOSTLY = 0.8
#: Characters of context on each side that the model weighs a candidate in.
CONTEXT = 6


@cache
def _bytes_of() -> dict[str, int]:
    """The byte of each character of windows-1252's view, and of latin-1's C1 controls (text
    read as latin-1 shows ``Ã\x9f`` for ß where windows-1252 shows ``ÃŸ``)."""
    table = {_view(b): b for b in range(256)}
    for b in range(0x80, 0xA0):
        table.setdefault(chr(b), b)
    return table


def _is_cont(ch: str) -> bool:
    b = _bytes_of().get(ch)
    return b is not None and 0x80 <= b <= 0xBF


@dataclass(frozen=True)
class Hole:
    """A sequence one continuation byte short: the lost byte goes at `at` (replacing the
    marker there when `marker`), and each candidate is (the byte, the character it makes)."""

    start: int  # the lead byte's character
    end: int  # past the sequence's last character in the text
    at: int
    marker: bool
    candidates: tuple[tuple[str, str], ...]


def _class(first: int, last: int) -> str:
    return "[" + "".join(re.escape(_view(b)) for b in range(first, last + 1)) + "]"


_LEADS = re.compile(_class(0xC2, 0xF4))
_CONT = _class(0x80, 0xBF)
#: A complete sequence of two, three or four bytes (a screen: `_sequences` checks each).
#: A lead byte's character before a continuation byte's (or a C1 control, or a marker): the
#: start of a sequence, complete or not (a screen: `_sequences` checks each).
_PAIR = re.compile(f"{_class(0xC2, 0xF4)}[{_CONT[1:-1]}\x80-\x9f\ufffd?]")


_CONT_ANY = f"[{_CONT[1:-1]}\x80-\x9f]"
_L2, _L3, _L4 = _class(0xC2, 0xDF), _class(0xE0, 0xEF), _class(0xF0, 0xF4)
#: A whole sequence of two, three or four bytes.
_WHOLE = re.compile(f"{_L2}{_CONT_ANY}|{_L3}{_CONT_ANY}{{2}}|{_L4}{_CONT_ANY}{{3}}")
#: A lead that starts no whole sequence.
_INCOMPLETE = re.compile(f"{_L2}(?!{_CONT_ANY})|{_L3}(?!{_CONT_ANY}{{2}})|{_L4}(?!{_CONT_ANY}{{3}})")
#: The whole sequences' characters `one_script` looks at, at most.
SAMPLE = 2000


def shows_channel(text: str) -> bool:
    """Whether `text` holds `MIN_COMPLETE` starts of sequences (a screen in C)."""
    return _at_least(_PAIR, text, MIN_COMPLETE)


def _at_least(pattern: re.Pattern[str], text: str, n: int) -> bool:
    """Whether `pattern` matches at least `n` times in `text` (the search stops at the n-th)."""
    return next(islice(pattern.finditer(text), n - 1, None), None) is not None


#: One lead's holes, as `_at_lead` gives them: (where the sequence ends, where the byte goes,
#: whether it replaces a marker, the candidates), relative to the lead.
Options = tuple[tuple[int, int, bool, tuple[tuple[str, str], ...]], ...]


def _sequences(
    text: str, wide: int, lost: str = HOLES, dropped: str = DROPPED
) -> tuple[int, int, int, list[tuple[int, Options]]]:
    """The number of complete multi-byte sequences of `text`'s windows-1252 view, of the
    incomplete ones that hold more than their lead, and of the characters of both kinds; and
    each incomplete one as the holes it may have (a dropped byte may have stood after the lead
    or after any continuation byte): its lead's position and `_at_lead`'s options. Nothing,
    when a line of `wide` non-ASCII characters cannot show the channel (`MIN_COMPLETE`,
    `MOSTLY`) whatever its incomplete sequences hold: each covers at most four characters, and
    counting them in C first spares the loop over them (legacy CJK bytes read as latin-1 have a
    lead in every other character); so does a line whose whole sequences decode to no one
    script (`one_script`), looked at before the loop. `lost`: the bytes a marker may stand
    for (`HOLES`, or `ALL_C1` where the line shows that reader); `dropped`: the bytes that may
    have been dropped (`_dropped`)."""
    complete = suspect = covered = 0
    holes: list[tuple[int, Options]] = []
    # the whole sequences, in C (most of a text of this mojibake); then each lead that starts none
    wholes = _WHOLE.findall(text)
    complete = len(wholes)
    covered = sum(map(len, wholes))
    leads = len(_INCOMPLETE.findall(text))
    if not leads or complete + leads < MIN_COMPLETE or covered + 4 * leads < MOSTLY * wide:
        return 0, 0, 0, []  # (no lead that starts no whole sequence: no hole either)
    latin1 = _to_latin1()
    sample = wholes[:SAMPLE]
    try:  # the sample in one decoding, in C: each whole sequence is one character of it
        decoded = list("".join(sample).translate(latin1).encode("latin-1").decode("utf-8"))
    except UnicodeError:
        decoded = []
    if len(decoded) != len(sample):  # some sequence is no character (an overlong form...)
        decoded = []
        for w in sample:
            try:
                decoded.append(w.translate(latin1).encode("latin-1").decode("utf-8"))
            except UnicodeError:
                complete -= 1
    if not one_script(decoded):
        return 0, 0, 0, []  # chance pairs of some other bytes: no sequence of this channel at all
    i = 0
    for m in _INCOMPLETE.finditer(text):
        if m.start() < i:
            continue
        i = m.start()
        rel_k, found = _at_lead(text[i : i + 5], lost, dropped)  # (the sequence and the character after it)
        k = i + rel_k
        if found:
            holes.append((i, found))
            covered += k - i
            if k > i + 1:
                suspect += 1
        i = k
    return complete, suspect, covered, holes


@lru_cache(maxsize=4096)
def _at_lead(piece: str, lost: str = HOLES, dropped: str = DROPPED) -> tuple[int, Options]:
    """The hole of the sequence at the start of `piece` (a lead that starts no whole sequence,
    then up to four characters), positions relative to it: where the sequence ends, and its
    options as (end, where the byte goes, whether it replaces a marker, the candidates)
    (cached: the same damaged characters recur all through a text). A marker stands for one
    of the bytes of `lost`; a dropped byte is one of `dropped` (see `_dropped`)."""
    table = _bytes_of()
    n = len(piece)
    size = utf8_length(table[piece[0]])
    k = 1
    conts = 0
    marker_at = -1
    while k < n and conts < size - 1:
        if _is_cont(piece[k]) or piece[k] in HOLES:
            conts += 1
        elif piece[k] in MARKERS and marker_at < 0:
            marker_at = k
            conts += 1
        else:
            break
        k += 1
    if marker_at >= 0 and conts == size - 1:
        places = [(marker_at, True)]
    elif marker_at < 0 and conts == size - 2:
        places = [(p, False) for p in range(1, k + 1)]
    else:
        return k, ()
    options: list[tuple[int, int, bool, tuple[tuple[str, str], ...]]] = []
    for at, marker in places:
        found = []
        for hole in lost if marker else dropped:
            seq = piece[:at] + hole + piece[at + (1 if marker else 0) : k]
            data = bytes(ord(c) if c == hole or c in HOLES else table[c] for c in seq)
            try:
                ch = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if model().info(ch)[1] not in (CTRL, PUA, OTHER) or "\ufe00" <= ch <= "\ufe0f":
                found.append((hole, ch))
        if found:
            options.append((k, at, marker, tuple(found)))
    if options and marker_at < 0 and piece[k : k + 1] == " ":
        # before a space, the byte may as well be A0: a no-break space turned into a space
        head = bytes(table[c] if c not in HOLES else ord(c) for c in piece[:k])
        try:
            ch = (head + b"\xa0").decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            options.append((k + 1, k, True, (("\xa0", ch),)))
    return k, tuple(options)


#: The classes of CJK text, one script for `one_script`.
_CJK = frozenset({HAN, HIRA, KATA, HANGUL, CJKP})
#: The share of the letters decoded from complete sequences that one script must have, and
#: that must be letters the character model finds in text often (a cost below `COMMON_COST`).
ONE_SCRIPT = 0.6
#: The character model's cost (nats) below which a letter is common in some language's text
#: (é 5.5, ü 6.8, ñ 9.1; ǽ Ȥ Ǥ, never seen, cost its ceiling of 16, Ĺ 12.4).
COMMON_COST = 10.0


def one_script(chars: list[str]) -> bool:
    """Whether the letters among `chars` (what the complete sequences decode to) are mostly of
    one script and mostly letters that text is known to use, as a text's are; legacy CJK bytes
    read as windows-1252 pair a lead and a continuation byte by chance, and those pairs decode
    to Armenian, IPA, Latin... at random (EUC-JP's kana, ``¤`` A4 after a lead, give ``Ǥ Ȥ ɬ``:
    Latin letters, of one script, that the character model has never seen)."""
    m = model()
    groups: dict[object, int] = {}
    letters = known = 0
    for ch in chars:
        info = m.info(ch)
        cls = info[1]
        if unicodedata.category(ch) == "Cn":  # no character at all: counts against
            letters += 1
            continue
        if cls not in LETTERS and cls != CJKP:
            continue
        letters += 1
        known += info[2] < COMMON_COST
        key = "cjk" if cls in _CJK else _script_of(ch)
        groups[key] = groups.get(key, 0) + 1
    if not letters:
        return True
    most = max(groups.values(), default=0)
    return most >= ONE_SCRIPT * letters and known >= ONE_SCRIPT * letters


def _script_of(ch: str) -> str:
    """The first word of `ch`'s Unicode name: its script (LATIN, CYRILLIC, GREEK, ARMENIAN...)."""
    return unicodedata.name(ch, "?").split(" ", 1)[0]


def _decoded(piece: str) -> str:
    """`piece` (windows-1252's view of UTF-8) decoded, what cannot be as U+FFFD."""
    return piece.translate(_to_latin1()).encode("latin-1", errors="replace").decode("utf-8", errors="replace")


@cache
def _foreign() -> re.Pattern[str]:
    """A non-ASCII character that windows-1252's view (or latin-1's C1 controls) does not
    show, and is no marker."""
    shown = "".join(re.escape(c) for c in sorted(set(_bytes_of()) | set(MARKERS)) if c > "\x7f")
    return re.compile(f"[^\x00-\x7f{shown}]")


@cache
def _to_latin1() -> dict[int, int]:
    """The characters of windows-1252's view, each to the latin-1 character of its byte."""
    return {ord(c): b for c, b in _bytes_of().items()}


@dataclass(frozen=True)
class Restored:
    """What `restore` put at one hole: at `at` in its result (`inserted`: where nothing stood),
    `put` (a byte's character, or U+FFFD when no candidate clearly won), and the characters
    the candidates make with their probabilities, likeliest first."""

    at: int  # where `put` starts in the result
    start: int  # what it replaced in the text: [start, end) (empty where a byte was dropped)
    end: int
    put: str
    candidates: tuple[tuple[str, float], ...]
    sequence: int  # where the sequence short of the byte starts in the text


#: A ``?`` after a sequence short of a byte, before a continuation byte's character or a lead's:
#: no real question mark stands inside a UTF-8 sequence, nor glued to the letter after it, so
#: it is a lost byte's marker.
_QMARK_INSIDE = re.compile(
    f"(?:{_L2}|{_L3}{_CONT_ANY}?|{_L4}{_CONT_ANY}{{0,2}})\\?[{_CONT_ANY[1:-1]}{_class(0xC2, 0xF4)[1:-1]}]"
)


@lru_cache(maxsize=64)
def _judge(
    window: str, lead: int, found: Options, marks: bool = False
) -> tuple[bool, int, str, tuple[tuple[str, float], ...]]:
    """Whether one of the candidates of a hole clearly wins in the text around it (`window`,
    the lead of the sequence at `lead` in it, its options `found` relative to the lead), which
    option and byte it is, and every candidate's character with its probability, likeliest
    first (cached: the same damaged words recur, and the key is made of plain values only).
    `marks`: the line shows its lost bytes as ``?`` (`_QMARK_INSIDE`)."""
    options = [Hole(lead, lead + e, lead + at, marker, cands) for e, at, marker, cands in found]
    m = model()
    scored: list[tuple[float, int, str, str]] = []
    for k, hole in enumerate(options):
        left = _decoded(window[max(0, hole.start - CONTEXT * 3) : hole.start])[-CONTEXT:]
        right = _decoded(window[hole.end : hole.end + CONTEXT * 3])[:CONTEXT]
        for byte, ch in hole.candidates:
            # the price of a character as a restoration (rare symbols are cheap to the model of
            # text as it stands, but seldom what a lost byte was: `lost_prior`)
            cost = m.cost(left + ch + right) - m.cost(left) + _prior(ch, m)
            scored.append((cost, k, byte, ch))
    scored.sort(key=lambda t: t[0])
    best = scored[0][0]
    mass = sum(math.exp(best - c) for c, *_ in scored)
    probs = tuple((ch, math.exp(best - c) / mass) for c, _, _, ch in scored)
    cost, k, byte, ch = scored[0]
    hole = options[k]
    clear = len(scored) == 1 or (scored[1][0] - cost >= CLEAR_WIN and probs[0][1] >= MIN_SHARE)
    if (
        hole.marker
        and not marks
        and window[hole.at] == "?"
        and window[hole.at + 1 : hole.at + 2] in ("", " ", "\n")
        and not ch.isalpha()
    ):
        # a '?' after a lost mark, ending a word (``â€?``, ” or a question mark after a dropped
        # byte): the lost character is marked, not guessed (as ftfy reads it), unless the line
        # shows that its lost bytes became '?' where no question mark can stand
        clear = False
    return clear, k, byte, probs


@lru_cache(maxsize=8)
def restore(text: str, skip: frozenset[int] = frozenset()) -> tuple[str, list[Restored]]:
    """`text` with each lost undefined byte put back where one candidate clearly wins and
    U+FFFD where none does, and what was put at each hole. Text that does not show the
    channel comes back as it is, with no hole. `skip`: the holes (by the start of their
    sequence) to leave as they are."""
    if not shows_channel(text):
        return text, []
    # Each line is judged on its own (its share of sequences, its context), so that a text
    # repaired in pieces at line ends comes out as when it is repaired whole.
    # (line start, line end, lead, options, whether the line shows its lost bytes as "?")
    groups: list[tuple[int, int, int, Options, bool]] = []
    # per lead, whether its line's markers may stand for any C1 byte (`_lost_bytes`)
    every_c1: dict[int, bool] = {}
    dropped = _dropped(text)
    pos = 0
    # (lines end at \n only: latin-1's view of UTF-8 holds U+0085, which str.splitlines cuts at)
    for line in split_lines(text):
        start, pos = pos, pos + len(line)
        if not shows_channel(line) or _foreign().search(line):
            continue  # (a character windows-1252 does not show: another code page's text)
        wide = len(line) - len(line.encode("ascii", errors="ignore"))
        lost = _lost_bytes(line)
        complete, suspect, covered, found = _sequences(line, wide, lost, dropped)
        if not found or complete + suspect < MIN_COMPLETE or covered < MOSTLY * wide:
            continue
        marks = "?" in line and _QMARK_INSIDE.search(line) is not None
        groups += [(start, pos, start + i, options, marks) for i, options in found if start + i not in skip]
        every_c1.update((start + i, lost is ALL_C1) for i, _ in found)
    if not groups:
        return text, []
    # Where a marker may be any of 32 bytes, the letters restored tell the line's language
    # better than those it kept (``JiÅ?Ã\xad ... chalupÄ?``: ř, once clear, rules out ā and ē
    # for the next hole), so the holes are judged again with them until no new letter wins.
    restored: dict[int, str] = {}
    for _round in range(ROUNDS):
        edits = _edits(text, groups, every_c1, restored)
        won = _won_letters(edits, groups, every_c1)
        if won == restored:
            break
        restored = won
    return _applied(text, edits)


#: At most this many judgements of a text's holes, each with the letters the one before restored.
ROUNDS = 3

#: An edit of `restore`: (start, end, what is put there, the candidates, the start of the sequence).
Edit = tuple[int, int, str, tuple[tuple[str, float], ...], int]


def _line_letters(text: str, line_start: int, line_end: int, restored: dict[int, str]) -> str:
    """The letters of the line, each once, in order: those it shows and those restored in it."""
    return "".join(sorted(set(_letters(text[line_start:line_end]) + restored.get(line_start, ""))))


def _won_letters(
    edits: list[Edit], groups: list[tuple[int, int, int, Options, bool]], every_c1: dict[int, bool]
) -> dict[int, str]:
    """The letters `edits` restore where a marker may be any C1 byte, by the start of their
    line, each once, in order."""
    line_of = {lead: line_start for line_start, _e, lead, _o, _m in groups}
    won: dict[int, set[str]] = {}
    for _s, _e, put, probs, lead in edits:
        if every_c1[lead] and put != "\ufffd" and probs[0][0].isalpha():
            won.setdefault(line_of[lead], set()).add(probs[0][0])
    return {k: "".join(sorted(v)) for k, v in won.items()}


def _edits(
    text: str,
    groups: list[tuple[int, int, int, Options, bool]],
    every_c1: dict[int, bool],
    restored: dict[int, str],
) -> list[Edit]:
    """What `restore` puts at each hole of `groups`: the clear winner's byte, or U+FFFD for the
    whole sequence; holes whose marker may be any C1 byte weighed among the letters of their
    line's language (`_in_the_language`), known from the letters the line shows and those
    already `restored` in it."""
    groups = [
        (
            ls,
            le,
            lead,
            _in_the_language(opts, _line_letters(text, ls, le, restored)) if every_c1[lead] else opts,
            mk,
        )
        for ls, le, lead, opts, mk in groups
    ]
    edits: list[Edit] = []
    span = CONTEXT * 3
    for (line_start, line_end, lead, options, marks), judged in zip(groups, _judge_all(text, groups)):
        if judged is None:
            ws = lead - span if lead - span > line_start else line_start
            we = min(line_end, lead + max(o[0] for o in options) + span + 1)
            judged = _judge(text[ws:we], lead - ws, options, marks)
        clear, k, byte, probs = judged
        end, at, marker, _cands = options[k]
        letters = _line_letters(text, line_start, line_end, restored)
        if clear and not _fits_the_line(probs[0][0], letters, every_c1[lead]):
            clear = False
        if clear:
            edits.append((lead + at, lead + at + (1 if marker else 0), byte, probs, lead))
        elif not any(o[3][0][0] == "\xa0" for o in options):
            # (before a space, perhaps a no-break space: the byte-A0 repairs' to judge)
            # the sequence as one lost character: U+FFFD for all of it
            edits.append((lead, lead + options[0][0], "\ufffd", probs, lead))
    return edits


def _applied(text: str, edits: list[Edit]) -> tuple[str, list[Restored]]:
    """`text` with `edits` made, and what each put where."""
    out: list[str] = []
    report: list[Restored] = []
    pos = 0
    size = 0
    for start, end, put, probs, sequence in sorted(edits, key=lambda e: e[0]):
        if start < pos:
            continue
        out.append(text[pos:start])
        size += start - pos
        report.append(Restored(size, start, end, put, probs[:5], sequence))
        out.append(put)
        size += len(put)
        pos = end
    out.append(text[pos:])
    return "".join(out), report


#: A ``?`` inside a sequence: after a lead, or after a lead and fewer continuation bytes than
#: it needs.
_MARKED = re.compile(f"(?:{_L2}|{_L3}{_CONT_ANY}?|{_L4}{_CONT_ANY}{{0,2}})\\?")


@cache
def _c1_shown() -> re.Pattern[str]:
    """A character windows-1252 shows for a byte of 80-9F (``€ ‚ ƒ`` ... ``Ÿ``), or a C1
    control (latin-1's view, kept)."""
    shown = "".join(re.escape(_view(b)) for b in range(0x80, 0xA0) if _view(b) != chr(b))
    return re.compile(f"[{shown}\x80-\x9f]")


def _lost_bytes(line: str) -> str:
    """The bytes a marker of `line` may stand for: any of 80-9F when the line shows a reader
    that writes ``?`` for them all (`MIN_MARKED` of them inside sequences, no character
    windows-1252 gives those bytes, no C1 control kept), else windows-1252's undefined five."""
    if line.count("?") < MIN_MARKED or _c1_shown().search(line):
        return HOLES
    return ALL_C1 if _at_least(_MARKED, line, MIN_MARKED) else HOLES


@lru_cache(maxsize=64)
def _letters(line: str) -> str:
    """The letters of `line` (windows-1252's view of UTF-8) decoded, each once, in order."""
    return "".join(sorted({c for c in _decoded(line) if c.isalpha()}))


def _fits_the_line(ch: str, letters: str, every_c1: bool) -> bool:
    """Whether `ch`, a hole's clear winner, may be restored in a line of `letters`.

    A letter may when the language that writes the line's letters best writes it as well as
    them, not only in loan words, or when the line's letters are no one language's: the
    bigram model weighs a letter by its neighbours, not by the alphabet they belong to (a lost
    byte of ß has Ð among its candidates, of ş, among 32 bytes, ł; no language writes ð beside
    ß, nor ł beside ı, but in loan words). Where the marker may be any of 32 bytes
    (`every_c1`), a symbol may not: the lost byte of its sequence picks its block (U+2022 •,
    U+20AC €, U+2122 ™ differ in it), which the model, pricing symbols by class, cannot tell
    apart."""
    if model().info(ch)[1] not in LETTERS:
        return not every_c1
    base = word_alphabet(letters) if letters else None
    if base is None:
        return True
    found = word_alphabet(letters + ch)
    return found is not None and len(found[1]) <= len(base[1])


def _in_the_language(options: Options, letters: str) -> Options:
    """`options` without the letters that the language of a line of `letters` does not write
    (`_fits_the_line`), where a marker may stand for any of 32 bytes: most of the 32 make a
    letter of the lead's block (C5 80-9F: ŀ Ł ł ... Ő ő ... Ş ş), of which the line's
    language writes one or two, and which the bigram model alone, weighing neighbours, cannot
    tell apart with a clear margin (``hÃ©tfÅ?tÅ?l``: ő among ł ń ř ś ş). Symbols stay, for
    `_fits_the_line` to refuse as winners. The options as they are when none would be left."""
    kept = []
    for end, at, marker, cands in options:
        fit = tuple((b, ch) for b, ch in cands if not ch.isalpha() or _fits_letter(ch, letters))
        if fit:
            kept.append((end, at, marker, fit))
    return tuple(kept) if kept else options


@lru_cache(maxsize=4096)
def _fits_letter(ch: str, letters: str) -> bool:
    """`_fits_the_line` for a letter (cached: each line's 32 candidates per hole recur)."""
    return _fits_the_line(ch, letters, True)


#: A judgement of one hole, as `_judge` gives it.
Judged = tuple[bool, int, str, tuple[tuple[str, float], ...]]


def _judge_all(text: str, groups: list[tuple[int, int, int, Options, bool]]) -> list[Judged | None]:
    """The judgements of the holes of `groups` that stand next to another (one sequence short
    of a byte right after another: ``ìƒì´``, 생 then 이, each 9D dropped), weighed together
    (`_judge_chain`); None for the others, which `_judge` weighs alone. The model weighs a
    character by its neighbours, and a hole's neighbour that is itself a hole is no neighbour
    until its candidates are weighed with it."""
    out: list[Judged | None] = [None] * len(groups)
    k = 0
    while k < len(groups):
        j = k + 1
        while (
            j < len(groups)
            and j - k < MAX_CHAIN
            and groups[j][2] == groups[j - 1][2] + _single_end(groups[j - 1][3])
            and _single_end(groups[j][3])
        ):
            j += 1
        if j - k > 1 and _single_end(groups[k][3]):
            out[k:j] = _judge_chain(text, groups[k:j])
        k = j
    return out


#: At most this many holes in a row are weighed together (each has five candidates or so).
MAX_CHAIN = 6


def _single_end(options: Options) -> int:
    """Where every option of a hole ends its sequence, relative to its lead (0: not one place,
    as when the byte may also be a no-break space before a space)."""
    ends = {o[0] for o in options}
    return ends.pop() if len(ends) == 1 else 0


def _judge_chain(text: str, chain: list[tuple[int, int, int, Options, bool]]) -> list[Judged]:
    """`_judge` for holes that stand one right after another: the candidates of each weighed
    with those of its neighbours (forward and backward over the bigram model: each one's
    share of the probability of all the readings of the run, and the cost of the best
    reading through it, which `CLEAR_WIN` compares)."""
    m = model()
    line_start, line_end = chain[0][0], chain[0][1]
    first, last = chain[0][2], chain[-1][2] + _single_end(chain[-1][3])
    left = _decoded(text[max(line_start, first - CONTEXT * 3) : first])[-1:]
    right = _decoded(text[last : min(line_end, last + CONTEXT * 3)])[:1]
    # the states of each hole: (own cost, option, byte, character)
    states = [
        [(_prior(ch, m), k, byte, ch) for k, o in enumerate(options) for byte, ch in o[3]]
        for _s, _e, _lead, options, _marks in chain
    ]

    def step(prev: list[tuple[float, str]], cur: list[tuple[float, int, str, str]], agg) -> list[float]:  # type: ignore[no-untyped-def]
        return [own + agg([c + m.pair(p, ch) for c, p in prev]) for own, _k, _b, ch in cur]

    def lse(xs: list[float]) -> float:
        lo = min(xs)
        return lo - math.log(sum(math.exp(lo - x) for x in xs))

    out: list[Judged] = []
    best: list[list[float]] = []
    total: list[list[float]] = []
    for agg, keep in ((min, best), (lse, total)):
        fwd = [step([(0.0, left)] if left else [(0.0, "")], states[0], agg)]
        for i in range(1, len(states)):
            fwd.append(step([(c, st[3]) for c, st in zip(fwd[-1], states[i - 1])], states[i], agg))
        bwd = [[m.pair(st[3], right) if right else 0.0 for st in states[-1]]]
        for i in range(len(states) - 2, -1, -1):
            nxt = states[i + 1]
            after_i = [
                agg([b + own + m.pair(st[3], ch) for b, (own, _k, _b, ch) in zip(bwd[0], nxt)])
                for st in states[i]
            ]
            bwd.insert(0, after_i)
        keep.extend([f + b for f, b in zip(fs, bs)] for fs, bs in zip(fwd, bwd))
    for i, (_s, _e, lead, options, marks) in enumerate(chain):
        order = sorted(range(len(states[i])), key=lambda x: best[i][x])
        low = min(total[i])
        mass = sum(math.exp(low - t) for t in total[i])
        probs = tuple((states[i][x][3], math.exp(low - total[i][x]) / mass) for x in order)
        top = order[0]
        _own, k, byte, ch = states[i][top]
        clear = len(order) == 1 or (
            best[i][order[1]] - best[i][top] >= CLEAR_WIN and probs[0][1] >= MIN_SHARE
        )
        end, at, marker, _cands = options[k]
        after = text[lead + at + 1 : lead + at + 2]
        if marker and not marks and text[lead + at] == "?" and after in ("", " ", "\n") and not ch.isalpha():
            clear = False  # (as `_judge`: a '?' ending a word after a lost mark)
        out.append((clear, k, byte, probs))
    return out


def _prior(ch: str, m: Model) -> float:
    """`lost_prior`, but nothing against a combining mark (a virama, U+FE0F after an emoji):
    as frequent as letters in the scripts that have them, where the model weighs them."""
    if unicodedata.category(ch) in ("Mn", "Mc"):
        return 0.0
    return lost_prior(ch, m)


def has_holes(text: str) -> bool:
    """Whether `restore` would put back anything in `text` but no-break spaces (which the
    fixers' byte-A0 repairs put back themselves)."""
    return any(h.put != "\xa0" for h in restore(text)[1])
