"""Lossy mojibake: UTF-8 read with a CJK codec that replaced the bytes it could not decode.

When UTF-8 text is read as GBK (or Big5, Shift-JIS, EUC-KR) with ``errors="replace"``, every byte
that starts no valid character becomes U+FFFD (and, once saved in that codec, ``?``). The bytes
around it survive, and UTF-8 is so regular that they still say a lot about the lost one:

* a lost continuation byte of a 3-byte character leaves at most 64 characters (``E4 B8 ??`` is
  one of U+4E00..U+4E3F);
* a lost lead byte leaves at most 16 (``?? B8 AD`` is one of U+0E2D, U+1E2D, ... U+FE2D);
* the wrong decoder itself rules out more: it lost the byte because no character of *its*
  charset starts with it and the byte after it, so every value it would have decoded is out.

This module enumerates those candidates (`lost_options` keeps the few worth weighing, cheapest
first, `lost_prior` pricing each as a restoration); `resolve` then picks among them with the
language model and the characters around them, and reports those where no candidate clearly wins.

The candidates assume what Python's codecs do: one marker per lost byte. The decoders that break
most text do otherwise (`pair_roles`): browsers and Windows replace a lead byte and the non-ASCII
byte after it with one marker, a ``?`` per bad pair takes an ASCII byte along, and Japanese
Windows tools write ``・``. Where a marker may stand for two bytes, its one-byte candidates may
not hold the lost character at all; `channels` marks those `Doubtful` (reported, never restored)
when the text shows such a decoder at work (`lost_roles`: a marker no Python codec leaves). A
reading whose bytes spell U+FFFD themselves (``锟斤拷``) was decoded with replacement before it
was misread; the characters left among those U+FFFD are lost too (`lost_runs`).

>>> len(candidates([0xE4, 0xB8, None], "gbk", None))  # E4 B8 ?? is U+4E00..U+4E3F
64
>>> candidates([0xE4, 0xB8, None], "gbk", 0x41)  # GBK would have read ?? 41 as a pair
['一', '両', '丢', '丣', '两', '严', '並', '丧']
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from itertools import product

from ..text.charmodel import (
    COMMON_CJKP,
    COMMON_GPUNCT,
    COMMON_PUNCT,
    CTRL,
    HAN,
    HANGUL,
    HIRA,
    KATA,
    LETTERS,
    MARK,
    OTHER,
    PUA,
    SYM,
    Model,
    model,
)
from ..text.charsets import CHARSETS
from ..text.converters import CONVERTERS
from ..text.encodings import ENCODINGS

#: Stop enumerating beyond this many byte combinations (three lost bytes in one character leave
#: at most 16 * 64 * 64; the wrong decoder's own rules cut that to a few thousand).
MAX_COMBINATIONS = 1 << 16

_CONT = range(0x80, 0xC0)
_LEADS = {2: range(0xC2, 0xE0), 3: range(0xE0, 0xF0), 4: range(0xF0, 0xF5)}


def lost_by(shown: str, byte: int, following: int | None) -> bool:
    """Whether reading `byte` (then `following`) as `shown` fails at `byte`, so that it is lost."""
    if byte < 0x80:
        return False  # ASCII always decodes: a lost byte was never ASCII
    return (UNKNOWN_NEXT if following is None else following) in _lost_table(shown)[byte]


#: What a byte is lost before when the byte after it is unknown: a line feed, which is never the
#: second byte of a character, so a byte is lost before it exactly when it is no character on
#: its own (Shift-JIS reads A1..DF alone as halfwidth katakana, whatever follows: never lost).
#: Every byte lost before any other byte is lost before this one too.
UNKNOWN_NEXT = 0x0A


@cache
def _lost_table(shown: str) -> tuple[frozenset[int], ...]:
    """For each byte, the bytes after which `shown`'s decoder loses it (from the codec itself).

    Python's CJK decoders replace one byte at a time and start again at the next one, so a
    byte is lost exactly when it starts no character of `shown` together with the byte after it.
    """
    codec = CHARSETS[shown].codecs[0]
    out: list[frozenset[int]] = []
    for byte in range(256):
        if byte < 0x80:
            out.append(frozenset())
            continue
        lost = set()
        for following in range(256):
            text = bytes([byte, following]).decode(codec, errors="surrogateescape")
            if "\udc80" <= text[0] <= "\udcff":
                lost.add(following)
        out.append(frozenset(lost))
    return tuple(out)


def candidates(unit: list[int | None], shown: str, following: int | None) -> list[str]:
    """See `_candidates` (cached: the same damaged unit recurs all through a text)."""
    return list(_candidates(tuple(unit), shown, following, MAX_COMBINATIONS))


def bounded(
    unit: tuple[int | None, ...], shown: str, following: int | None, limit: int
) -> tuple[str, ...] | int:
    """The candidates of `unit`, or, when there may be more than `limit` byte combinations, a
    bound on their number without listing them (a character whose every byte was lost)."""
    combos = _combinations(unit, shown, following)
    if combos > limit:
        return combos
    return _candidates(unit, shown, following, limit)


@lru_cache(maxsize=8192)
def _combinations(unit: tuple[int | None, ...], shown: str, following: int | None) -> int:
    """How many byte combinations `_candidates` would try (an upper bound on the candidates)."""
    combos = 1
    for vals in _allowed(unit, shown, following):
        combos *= max(1, len(vals))
    return combos


def _allowed(unit: tuple[int | None, ...], shown: str, following: int | None) -> list[list[int]]:
    """The values each byte of `unit` can take, right to left: a lost byte must be one the wrong
    decoder loses before the next byte."""
    n = len(unit)
    table = _lost_table(shown)
    allowed: list[list[int]] = [[] for _ in range(n)]
    for i in range(n - 1, -1, -1):
        b = unit[i]
        if b is not None:
            allowed[i] = [b]
            continue
        r = _LEADS.get(n, range(0)) if i == 0 else _CONT
        if i + 1 < n:
            nxt_vals = allowed[i + 1]
            allowed[i] = [v for v in r if any(x in table[v] for x in nxt_vals)]
        else:
            nxt = UNKNOWN_NEXT if following is None else following
            allowed[i] = [v for v in r if nxt in table[v]]
    return allowed


@lru_cache(maxsize=8192)
def _candidates(
    unit: tuple[int | None, ...], shown: str, following: int | None, limit: int = MAX_COMBINATIONS
) -> tuple[str, ...]:
    """The characters a UTF-8 `unit` with lost bytes (``None``) can have been.

    `unit` starts with the lead byte (known or lost) and has the length that lead implies;
    `following` is the byte after the unit (``None`` if unknown). Each lost byte must be one the
    wrong decoder (`shown`) would lose before the byte after it.
    """
    n = len(unit)
    table = _lost_table(shown)
    allowed = _allowed(unit, shown, following)
    if _combinations(unit, shown, following) > limit or not all(allowed):
        return ()
    out: list[str] = []
    for combo in product(*allowed):
        ok = True
        for i in range(n - 1):
            if unit[i] is None and combo[i + 1] not in table[combo[i]]:
                ok = False
                break
        if not ok:
            continue
        try:
            ch = bytes(combo).decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(ch)
    return tuple(out)


#: At most this many candidates of a lost character are weighed (the cheapest by the model).
MAX_OPTIONS = 24
#: Extra cost (nats) of a candidate for a lost character that real text seldom holds: a rare
#: symbol or punctuation mark, a letter no list or legacy standard has. The model prices such
#: characters for text as it stands, where a symbol is cheap; a lost byte's dozens of candidates
#: always include a few symbols (U+3000..U+303F for a lost ``E3``), which would win on that price.
RARE_LOST = 6.0
COMMON_MARKS = COMMON_PUNCT | COMMON_CJKP | COMMON_GPUNCT
#: Extra cost of a punctuation mark as a lost character. The model prices a mark by its class
#: (a mark is cheap wherever one stands); as a guess for a position that could hold any letter,
#: it must also pay for being a mark at all rather than a letter, about one position in eight.
PUNCT_LOST = 2.0
#: Among marks, the full stop and commas of CJK text are an order of magnitude more frequent
#: than quotes and brackets, which are more frequent than the rest.
_FREQUENT_MARKS = frozenset("。，、")
_USUAL_MARKS = frozenset("「」（）：？！；.,:;!?()'\"“”")
#: Marks that do not end a line (opening brackets, commas, the ideographic space).
NOT_AT_END = frozenset("、，「『（《〈【〔\u3000,(")
#: Extra cost of such a mark restored at the end of a line.
END_OF_LINE = 3.0


#: Extra cost of an ASCII byte other than the space as the byte a lost one took with it (see
#: `lost_or_swallowed`): of the bytes 20..3F after a character beyond ASCII in the clean corpus
#: of `benchmarks/harm.py` (gettext, CLDR, manual pages), 86% are spaces, 1 to 2.5% each of
#: ``.,:)`` (the rest, digits, signs and the rarer marks, below 0.3% each: `RARE_LOST`).
SWALLOWED_MARK = 4.0
_SWALLOWED_MARKS = frozenset(".,:)")
#: The bytes weighed as taken along (the rest, `RARE_LOST` dearer, would only dilute the share).
_WEIGHED_SWALLOWED = " " + "".join(sorted(_SWALLOWED_MARKS))


def lost_prior(ch: str, m: Model) -> float:
    """The extra cost of `ch` as the restoration of a lost character (see `RARE_LOST`); for a
    lost character and the ASCII byte it was lost with (``ẽ ``), of both."""
    if len(ch) > 1:
        rest = ch[1:]
        return lost_prior(ch[0], m) + (
            0.0 if rest == " " else SWALLOWED_MARK if rest in _SWALLOWED_MARKS else RARE_LOST
        )
    cls = m.info(ch)[1]
    if ch == "々":  # the iteration mark repeats the kanji before it: as frequent as a rarer mark
        return PUNCT_LOST + 2.0
    if cls in (HAN, HANGUL):
        return 0.0 if ch in m.legacy or ch in m.uni else RARE_LOST
    if cls in (HIRA, KATA):
        return 0.0
    if cls in LETTERS:
        return 0.0 if ch.lower() in m.uni else RARE_LOST
    if ch in _FREQUENT_MARKS:
        return PUNCT_LOST - 2.5
    if ch in _USUAL_MARKS:
        return PUNCT_LOST
    if ("0" <= ch <= "9") or ch in COMMON_MARKS or ("\uff01" <= ch <= "\uff5e" and cls != SYM):
        return PUNCT_LOST + 2.0
    return RARE_LOST


class _Options(list):  # type: ignore[type-arg]
    """The candidates kept for a lost character; `total` counts all that fit, kept or not."""

    total: int = 0
    #: How many of `total` `_prune` left out, and their probability together, in units of the
    #: likeliest of the kept ones that costs the most on its own (a mark pruned for costing two
    #: nats more than the last one kept counts as e⁻² of it, not as much).
    pruned: int = 0
    units: float = 0.0


#: The candidates of one lost character, as `channels` hands them to `resolve` (a plain list
#: there is text already decided).
Candidates = _Options


class Doubtful(_Options):
    """The candidates of a lost character whose marker may stand for more bytes than the
    candidates allow for (see `channels._doubtful`): reported, never restored."""

    def __init__(self, opts: list[str]) -> None:
        super().__init__(opts)
        self.total = max(len(opts), getattr(opts, "total", 0))
        self.pruned = getattr(opts, "pruned", 0)
        self.units = getattr(opts, "units", 0.0)


@lru_cache(maxsize=8192)
def lost_options(
    unit: tuple[int | None, ...], shown: str, following: int | None, converters: tuple[str, ...] = ()
) -> list[str]:
    """The candidates of a lost character worth weighing (cached: a fully lost character has
    thousands, and the same damaged unit recurs all through a text). With `converters` (the
    line shows those converters of `shown`, not Python's codec, decoded it: `shows_converters`),
    a byte lost before one that they read as a character with it was not lost."""
    found = bounded(unit, shown, following, 4 * MAX_WEIGHED)
    if isinstance(found, int):  # too many to list: reported as lost, with no candidates
        out = _Options()
        out.total = found
        return out
    if converters:
        found = tuple(c for c in found if not decoded_by_converters(c, unit, shown, following, converters))
    return _prune(list(found))


@cache
def converters_decode(shown: str, names: tuple[str, ...]) -> tuple[frozenset[int], ...]:
    """For each byte, the bytes after which Python's codec of `shown` loses it but the
    converters `names` all decode it (from the codecs themselves). GBK's user-defined rows
    (AA..AF and F8..FE leads, A1..A7 before 40..A0) are private-use characters to Windows'
    cp936 and the WHATWG decoder, and nothing to Python's gbk; cp936 reads 80 as the euro
    sign; cp950 reads Big5's user-defined rows (81..A0 leads, FA..FE) as private use."""
    convs = [CONVERTERS[name] for name in names]
    table = _lost_table(shown)
    out: list[frozenset[int]] = []
    for byte in range(256):
        out.append(
            frozenset(
                f
                for f in table[byte]
                if convs and all(c.decode(bytes([byte, f, 0x41]), "replace")[0] != "\ufffd" for c in convs)
            )
        )
    return tuple(out)


def decoded_by_converters(
    ch: str, unit: tuple[int | None, ...], shown: str, following: int | None, names: tuple[str, ...]
) -> bool:
    """Whether a lost byte of `unit`, were the lost character `ch`, is one the converters
    `names` decode with the byte after it (`converters_decode`): then they did not lose it."""
    data = ch.encode("utf-8")
    if len(data) != len(unit):
        return False
    decode = converters_decode(shown, names)
    for k, b in enumerate(unit):
        nxt = data[k + 1] if k + 1 < len(data) else following
        if b is None and nxt is not None and nxt in decode[data[k]]:
            return True
    return False


def shows_converters(line: str, shown: str) -> tuple[str, ...]:
    """The converters of `shown` that `line` (UTF-8 read as `shown`) shows at work: those that
    give a character of it from two bytes that Python's codec of `shown` refuses (one of them
    read the line); ``()`` when it holds none.

    Python's codecs follow the national standards; the converters that break text add to them:
    GBK's user-defined rows as private use and 80 as the euro sign (cp936, WHATWG), the 8,822
    Hangul syllables of UHC beyond KS X 1001 (cp949, WHATWG's EUC-KR), NEC's and IBM's rows
    of Shift_JIS (cp932, WHATWG), cp950's private use. UTF-8 read as such a charset shows some
    of them nearly every line, and where it does, Python's codec did not read it."""
    for ch in dict.fromkeys(c for c in line if c >= "\x80"):
        found = _giving(ch, shown)
        if found:
            return found
    return ()


@lru_cache(maxsize=16384)
def _giving(ch: str, shown: str) -> tuple[str, ...]:
    """The converters of `shown` that give `ch` from two bytes Python's codec of `shown` refuses
    (``()`` for a character Python's codec gives too, or none of them does)."""
    b = CHARSETS[shown].encode_char(ch)
    if b is None or len(b) != 2:
        return ()
    try:
        b.decode(CHARSETS[shown].codecs[0])
        return ()
    except UnicodeDecodeError:
        pass
    return tuple(n for n in ENCODINGS[shown].converters if CONVERTERS[n].decode(b, "replace") == ch)


#: A lost character with more candidates than this is not weighed at all (see `resolve_lost`).
MAX_WEIGHED = 1000
#: Of the candidates of one lost character, at most this many of each script (and of all
#: non-letters together) are kept for `resolve_lost`, which picks those of the text's scripts.
PER_CLASS = 16


#: Candidates kept per first character: itself, and with each ASCII byte weighed as lost along
#: with it (`lost_or_swallowed`).
VARIANTS = 6


def _prune(opts: list[str]) -> list[str]:
    """The candidates worth weighing: letters and punctuation, cheapest first, a few of each
    script (a lost lead byte leaves Hangul, Han, kana and CJK punctuation side by side, and
    punctuation is always cheapest on its own)."""
    m = model()
    return _keep(sorted((m.info(c)[2] + lost_prior(c, m), c) for c in opts if _restorable(c, m)))


def _restorable(ch: str, m: Model) -> bool:
    """Whether `ch` can be a lost character at all (not a control, private use or a lone mark)."""
    return m.info(ch)[1] not in (CTRL, PUA, OTHER, MARK)


def _keep(scored: list[tuple[float, str]]) -> list[str]:
    """`_prune`'s choice among candidates priced on their own (cheapest first). A candidate of
    more than one character (a lost character and the ASCII byte a decoder took with it) takes
    its place by its first one, which keeps at most `VARIANTS` of them."""
    m = model()
    out = _Options()
    out.total = len(scored)
    left_out: list[float] = []
    worst = 0.0
    slots: dict[int, set[str]] = {}
    variants: dict[str, int] = {}
    for own, c in scored:
        cls = m.info(c[0])[1]
        key = cls if cls in LETTERS else -1
        # (a letter's two cases take one place: the model weighs letters folded, and a lost
        # letter's capital and small forms differ only by where in the word it stands)
        taken = slots.setdefault(key, set())
        folded = c[0].lower() if key >= 0 else c[0]
        if (folded in taken or len(taken) < (PER_CLASS if key >= 0 else PER_CLASS // 2)) and variants.get(
            c[0], 0
        ) < VARIANTS:
            taken.add(folded)
            variants[c[0]] = variants.get(c[0], 0) + 1
            out.append(c)
            worst = own
        else:
            left_out.append(own)
    out.pruned = len(left_out)
    out.units = sum(math.exp(worst - own) for own in left_out)
    return out


# -- a byte lost with the ASCII byte after it ----------------------------------------------------


@cache
def swallowed(shown: str) -> tuple[frozenset[int], ...]:
    """For each byte, the printable ASCII bytes that a real decoder of `shown` writing one
    marker per bad pair (.NET-style, see `pair_roles`) replaces together with it (from the
    converters themselves): a lead byte of `shown` and a byte that cannot be its trail."""
    convs = [CONVERTERS[name] for name in ENCODINGS[shown].converters]
    out: list[frozenset[int]] = []
    for byte in range(256):
        taken: set[int] = set()
        if byte >= 0x80:
            for a in range(0x20, 0x7F):
                if any(c.decode(bytes([byte, a, 0x41]), "replace", split="pair") == "\ufffdA" for c in convs):
                    taken.add(a)
        out.append(frozenset(taken))
    return tuple(out)


@cache
def lost_alone(shown: str) -> frozenset[int]:
    """The bytes that a real decoder of `shown` writing one marker per bad pair loses on their
    own (no lead byte, and no character): from the converters themselves."""
    convs = [CONVERTERS[name] for name in ENCODINGS[shown].converters]
    return frozenset(
        b
        for b in range(0x80, 0x100)
        if any(c.decode(bytes([b, 0x20, 0x41]), "replace", split="pair") == "\ufffd A" for c in convs)
    )


@cache
def never_trail(shown: str) -> frozenset[int]:
    """The ASCII bytes that no lead byte of `shown` takes as its trail: every byte a decoder of
    pairs swallows with some byte, it swallows with all of them (`swallowed`)."""
    taken = [t for t in swallowed(shown)[0x80:0xC0] if t]
    return frozenset.intersection(*taken) if taken else frozenset()


@lru_cache(maxsize=4096)
def lost_or_swallowed(
    unit: tuple[int | None, ...], shown: str, following: int | None, converters: tuple[str, ...] = ()
) -> list[str]:
    """The candidates of a UTF-8 character whose last byte is lost to a ``?`` that may also
    stand for the ASCII byte after it: a decoder writing ``?`` per bad pair replaces a lead
    byte of `shown` and the byte after it that is not its trail (``sẽ tổ``: E1 BA BD 20 read as
    cp936 is ``岷?t``, BD and the space one ``?``). Both readings are candidates: the lost
    byte alone (`lost_options`, but for a lead byte of `shown`, which that decoder loses
    before ASCII only with the ASCII byte), and the lost byte with the ASCII byte it took (a space or a
    common mark, `SWALLOWED_MARK`), a candidate of two characters."""
    m = model()
    taken = swallowed(shown)
    found = bounded(unit, shown, following, 4 * MAX_WEIGHED)
    # (a decoder of pairs loses a lead byte of `shown` before ASCII only with the ASCII byte,
    # and a byte alone only when it maps it to nothing: not cp932's 80, which Python's loses)
    alone = lost_alone(shown)
    one = (
        []
        if isinstance(found, int)
        else [
            c
            for c in found
            if _restorable(c, m)
            and c.encode()[-1] in alone
            and not (converters and decoded_by_converters(c, unit, shown, following, converters))
        ]
    )
    scored = [(m.info(c)[2] + lost_prior(c, m), c) for c in one]
    head = bytes(b for b in unit[:-1] if b is not None)
    for last in _CONT:
        if not taken[last]:
            continue
        try:
            ch = (head + bytes([last])).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not _restorable(ch, m):
            continue
        own = m.info(ch)[2]
        scored.extend(
            (own + lost_prior(ch + a, m), ch + a) for a in _WEIGHED_SWALLOWED if ord(a) in taken[last]
        )
    return _keep(sorted(scored))


# -- markers of more than one byte -----------------------------------------------------------------

#: What a byte is in UTF-8: ASCII, a continuation byte, the lead of a 2-, 3- or 4-byte sequence, or
#: none of these (C0, C1, F5..FF).
ASCII, CONT, LEAD2, LEAD3, LEAD4, NEVER = range(6)


def utf8_role(byte: int) -> int:
    """The part `byte` plays in UTF-8 (`ASCII`, `CONT`, `LEAD2`...)."""
    if byte < 0x80:
        return ASCII
    if byte < 0xC0:
        return CONT
    if 0xC2 <= byte <= 0xDF:
        return LEAD2
    if 0xE0 <= byte <= 0xEF:
        return LEAD3
    if 0xF0 <= byte <= 0xF4:
        return LEAD4
    return NEVER


@cache
def pair_roles(shown: str, swallow_ascii: bool) -> frozenset[tuple[int, int]]:
    """The UTF-8 roles ``(first, second)`` of the byte pairs that a real decoder of `shown` (its
    `converters`, Windows' and the browsers') replaces with ONE marker, where Python's codecs
    replace each byte on its own.

    The WHATWG decoders and Windows' code pages report a lead byte and the non-ASCII byte after
    it that make no character as one error (the maximal subpart); a .NET-style decoder that
    writes ``?`` per bad pair (`swallow_ascii`) takes an ASCII byte after the lead with it too.
    GBK maps nearly every pair, so its lost bytes are one a marker whatever the decoder (the set
    is empty but for the ASCII that a ``?`` per pair swallows); EUC-KR, Big5 and Shift_JIS leave
    pairs of UTF-8's bytes undefined, and there a marker may stand for two of them.
    """
    out: set[tuple[int, int]] = set()
    for name in ENCODINGS[shown].converters:
        conv = CONVERTERS[name]
        for b1 in range(0x80, 0xF5):
            for b2 in range(0x00 if swallow_ascii else 0x80, 0xF5):
                key = (utf8_role(b1), utf8_role(b2))
                if key in out or key[1] == ASCII and b2 in (0x3F, 0x41):
                    continue
                got = conv.decode(bytes([b1, b2, 0x41]), "replace", split="pair" if swallow_ascii else None)
                if got == "\ufffdA":
                    out.add(key)
    return frozenset(out)


@cache
def lost_roles(shown: str, following: int | None) -> frozenset[int]:
    """The UTF-8 roles of the bytes that `shown`'s Python codec loses, one marker each, before
    `following` (``None``: unknown, any role; -1: the end of the text)."""
    if following is None:
        return frozenset({CONT, LEAD2, LEAD3, LEAD4})
    table = _lost_table(shown)
    nxt = UNKNOWN_NEXT if following < 0 else following
    return frozenset(utf8_role(b) for b in range(0x80, 0xF5) if nxt in table[b])


#: A run of non-ASCII characters other than spaces.
_WIDE_RUN = re.compile(r"[^\x00-\x7f\s]+")
#: Share of a run's characters that must be U+FFFD for its other characters to count as lost
#: too (see `lost_runs`).
LOST_SHARE = 0.5


def lost_runs(text: str) -> str:
    """`text`, a reading that holds U+FFFD spelled by its bytes, with the characters of its runs
    made mostly of U+FFFD turned into U+FFFD too.

    Such a text was already decoded once with replacement before it was misread: legacy CJK
    bytes read as UTF-8 (each bad sequence one U+FFFD), saved as UTF-8 and read as GBK, which
    shows each U+FFFD as ``锟斤拷``. Undoing the misreading gives that first reading back, and the
    few characters in it that are not U+FFFD are legacy bytes that happened to be valid UTF-8
    (``װ`` is GBK's D7 B0, 装), with no telling how they align with the characters around them,
    which the U+FFFD each stand for one to three bytes of: in a run mostly of U+FFFD each of
    them is a lost character too, not a letter of some other script. A text that held a U+FFFD
    or two among real characters before it was misread keeps them as they are.

    >>> lost_runs("\ufffd\ufffd\ufffdװʧ\ufffd ok 你好\ufffd世界")
    '\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd ok 你好\ufffd世界'
    """
    out = text
    for m in _WIDE_RUN.finditer(text):
        run = m.group()
        lost = run.count("\ufffd")
        if lost >= LOST_SHARE * len(run) and lost < len(run):
            out = out[: m.start()] + "\ufffd" * len(run) + out[m.end() :]
    return out
