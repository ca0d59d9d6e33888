"""`plausible.badness` of a single-byte code page's reading, computed on the bytes, in C.

Ranking a legacy file scores about forty readings of the same sample (`legacy.rank`), and
`plausible.badness` walks each text character by character in Python: 40-60 ms per file,
three times what chardet takes for the whole detection. For a single-byte code page every
byte is one character, so everything `badness` looks at (which characters a token holds,
which pairs of neighbours switch script or case, which words are accented letters only,
which symbols sit between letters) is a property of the bytes: each rule becomes a byte
table of the code page (built once, `Table`), applied with ``bytes.translate`` and counted
with ``bytes.count`` and a few regular expressions over the translated bytes.

`badness_bytes` gives exactly what ``badness(data.decode(codec), budget)`` gives (up to the
last bits of a float: costs are summed in tenths, as integers), for the code pages `table`
supports; a test compares the two on every reading of the evaluation corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from . import plausible as P


@dataclass(frozen=True, slots=True)
class Table:
    """What each byte of one code page is to `plausible._score_token`, as translate tables."""

    #: every ASCII whitespace byte to a space, the rest unchanged (the code page's own kept)
    space: bytes
    #: the code page's non-ASCII whitespace bytes (NBSP...), as a regex class (or ``None``)
    high_space: re.Pattern[bytes] | None
    #: the bytes the code page leaves undefined, as a regex class (or ``None``)
    undefined: re.Pattern[bytes] | None
    #: the code page's whitespace bytes, as a set and one by one
    high_spaces: frozenset[int]
    high_space_bytes: tuple[bytes, ...]
    #: the cost of each byte's character in tenths (`plausible._info`; 0 for ASCII)
    cost: bytes
    #: the distinct non-zero costs, in tenths
    costs: tuple[int, ...]
    #: ``L`` a letter not of the Han group, ``S`` a non-ASCII symbol that may not stand inside
    #: a word, ``.`` the rest: symbols between two letters cost (`_WEDGED`)
    wedge: bytes
    #: ``x`` a non-ASCII Latin letter, ``m`` a mark, ``o`` another letter, ``.`` the rest
    word: bytes
    #: each byte's class for the pair rules, and the pairs ``(prev, cur)`` that cost (tenths)
    pair: bytes
    pairs: tuple[tuple[bytes, int], ...]
    #: ``V`` a Thai leading vowel, ``C`` a Thai consonant, ``.`` the rest (or ``None``)
    thai: bytes | None


_EVERY = bytes(range(256))
_BYTES = [bytes([b]) for b in range(256)]
_ASCII_TEXT = "".join(map(chr, range(128)))
_WEDGED = re.compile(rb"(?<=L)S+(?=L)")
_ACCENTED_WORD = re.compile(rb"(?<![xmo])(?=m*x[xm]*x)[xm]+(?![xmo])")
_NEWLINE = b"\n"


@cache
def table(codec: str) -> Table | None:
    """The tables of `codec`, or ``None`` when it is not a code page they can describe: one
    that keeps ASCII as ASCII and reads every other byte as one non-ASCII character (or as
    nothing: an undefined byte, which a strict decode refuses before any scoring)."""
    try:
        every = _EVERY.decode(codec, errors="replace")
    except LookupError:
        return None
    if len(every) != 256 or every[:128] != _ASCII_TEXT or any(c < "\x80" for c in every[128:]):
        return None
    chars: list[str | None] = [None if c == "\ufffd" else c for c in every]
    undefined = [bytes([b]) for b, ch in enumerate(chars) if ch is None]
    if undefined:
        # a double-byte codec leaves its lead bytes undefined alone: followed by any byte,
        # such a byte gives fewer characters than bytes (one decode, in C)
        probe = b"".join(b + b.join(_BYTES) for b in undefined)
        if len(probe.decode(codec, errors="replace")) != len(probe):
            return None
    space = bytearray(range(256))
    high_space = []
    cost = bytearray(256)
    wedge = bytearray(b"." * 256)
    word = bytearray(b"." * 256)
    thai = bytearray(b"." * 256)
    has_thai = False
    # pair classes: one per distinct (kind, script, case, ascii) that the pair rules tell apart
    keys: dict[tuple[object, ...], int] = {}
    pair = bytearray(256)
    infos: list[P._Info | None] = [None] * 256
    for b, ch in enumerate(chars):
        if ch is None:
            continue
        i = P.info(ch)
        infos[b] = i
        high = b >= 128
        if ch.isspace():
            if high:
                high_space.append(b)
            else:
                space[b] = 32
        if high:
            cost[b] = round(i.cost * 10)
        if i.kind == P.LETTER and i.script != "Han":
            wedge[b] = ord("L")
        elif high and i.kind in (P.SYMBOL, P.PUNCT) and ch not in P.INWORD:
            wedge[b] = ord("S")
        if i.kind == P.MARK:
            word[b] = ord("m")
        elif i.kind == P.LETTER:
            word[b] = ord("x") if high and i.script == "Latin" else ord("o")
        if ch in P.THAI_LEADING:
            thai[b] = ord("V")
            has_thai = True
        elif "\u0e01" <= ch <= "\u0e2e":
            thai[b] = ord("C")
        key = _pair_key(ch, i, high)
        pair[b] = keys.setdefault(key, len(keys) + 2)  # 0 and 1 stay free; the separator is ASCII
    key_of = {v: k for k, v in keys.items()}
    pairs: list[tuple[bytes, int]] = []
    for pa, ka in key_of.items():
        for pb, kb in key_of.items():
            tenths = _pair_cost(ka, kb)
            if tenths:
                if pa == pb:
                    return None  # a pair of one class would be miscounted by `bytes.count`
                pairs.append((bytes([pa, pb]), tenths))
    return Table(
        space=bytes(space),
        high_space=_byte_class(high_space),
        undefined=_byte_class(b for b, ch in enumerate(chars) if ch is None),
        high_spaces=frozenset(high_space),
        high_space_bytes=tuple(bytes([b]) for b in high_space),
        cost=bytes(cost),
        costs=tuple(sorted(set(cost) - {0})),
        wedge=bytes(wedge),
        word=bytes(word),
        pair=bytes(pair),
        pairs=tuple(pairs),
        thai=bytes(thai) if has_thai else None,
    )


def _byte_class(values: Iterable[int]) -> re.Pattern[bytes] | None:
    """A regex matching any one of the byte `values` (``None`` for none)."""
    chosen = bytes(values)
    return re.compile(b"[" + b"".join(re.escape(bytes([b])) for b in chosen) + b"]") if chosen else None


def _pair_key(ch: str, i: P._Info, high: bool) -> tuple[object, ...]:
    """What the rules on neighbours (`_pair_cost`) need to know of one character."""
    if i.kind in (P.LETTER, P.MARK):
        return ("LM", i.kind, i.script, i.case, high)
    if i.kind == P.DIGIT and i.script != "Common" and high:
        return ("D", P.script_of(ch))
    if "0" <= ch <= "9":
        return ("digit",)
    if ch in P.CURRENCY:
        return ("currency",)
    return ("other",)


def _pair_cost(prev: tuple[object, ...], cur: tuple[object, ...]) -> int:
    """What `plausible._score_token` adds, in tenths, for the character `cur` after `prev`
    (as `_pair_key`s): a mark with no letter before it, a script switch inside a word, lower
    then upper case with a non-ASCII letter involved, and a non-Latin digit beside a letter
    of another script (counted for each of its two neighbours); less a tenth for a currency
    sign beside an ASCII digit (a price)."""
    tenths = 0
    if cur[0] == "LM":
        _lm, kind, script, case, high = cur
        if prev[0] != "LM":
            if kind == P.MARK:
                tenths += 30
        else:
            _p, pkind, pscript, pcase, phigh = prev
            if script != pscript and (
                P._clash(str(script), str(pscript), "", "")
                or (kind == P.MARK and "Common" not in (script, pscript))
            ):
                tenths += 30
            if pcase == -1 and case == 1 and (high or phigh):
                tenths += 15
    for digit, other in ((cur, prev), (prev, cur)):
        if digit[0] == "D" and other[0] == "LM" and other[1] == P.LETTER and other[2] != digit[1]:
            tenths += 25
        if digit[0] == "digit" and other[0] == "currency":
            tenths -= 1  # a price: a currency sign beside a digit
    return tenths


def tokens(data: bytes, t: Table, budget: int = P.MAX_CHARS) -> tuple[list[bytes], int]:
    """The tokens `badness` scores in ``data.decode(codec)`` (`plausible._tokens`), each cut
    to `plausible.MAX_TOKEN`, up to the first whose running length reaches `budget`; and the
    bytes looked at to find them (a prefix of `data`).

    Looked for window by window, each larger than the last: a token never spans an ASCII
    whitespace byte, so a window cut after one holds whole tokens."""
    out: list[bytes] = []
    seen = 0
    pos = 0
    window = 2 * budget
    while pos < len(data):
        end = len(data)
        if pos + window < end:
            cut = max(data.rfind(b" ", pos, pos + window), data.rfind(b"\n", pos, pos + window))
            if cut > pos:
                end = cut + 1
        for word in _words(data[pos:end], t):
            for tok in _word_tokens(word, t):
                out.append(tok)
                seen += len(tok)
                if seen >= budget:
                    return out, end
        pos = end
        window *= 4
    return out, len(data)


def _words(window: bytes, t: Table) -> Iterator[bytes]:
    """The words (between ASCII whitespace) of `window` that hold a non-ASCII byte, in order:
    split when such bytes are many; when they are few (a mostly English text would be split
    into many words to find a few), found from each one with ``bytes.find`` (``memchr``) in
    the bytes' shape (`_SHAPE`), which a regex would scan ten times slower."""
    high = len(window) - len(window.translate(None, _HIGH_BYTES))
    if high * 16 >= len(window):
        yield from (w for w in window.translate(t.space).split() if not w.isascii())
        return
    shape = window.translate(_SHAPE)
    pos = 0
    while (i := shape.find(b"\x80", pos)) >= 0:
        start = shape.rfind(b" ", pos, i) + 1 or pos
        end = shape.find(b" ", i)
        if end < 0:
            end = len(shape)
        yield window[start:end]
        pos = end


#: Each byte's shape for `_words`: ASCII whitespace a space, a non-ASCII byte 0x80.
_SHAPE = bytes(32 if b < 128 and chr(b).isspace() else 0x80 if b >= 128 else b for b in range(256))


def _word_tokens(w: bytes, t: Table) -> Iterator[bytes]:
    """The tokens of one word (`_words`): the word, cut to `plausible.MAX_TOKEN`, unless it
    holds the code page's own whitespace (NBSP). Then as `plausible._tokens` cuts it: a token
    runs on over the first such space after its start (``a\\xa0b``), and the next one may
    begin with one."""
    M = P.MAX_TOKEN
    if t.high_space is None or t.high_space.search(w) is None:
        yield w[:M]
        return
    pos = 0
    n = len(w)
    while True:
        m = _HIGH.search(w, pos)
        if m is None:
            return
        start = m.start()
        while start > pos and w[start - 1] not in t.high_spaces:
            start -= 1
        s = t.high_space.search(w, start)
        end = n if s is None else s.start()
        if end < n:
            s = t.high_space.search(w, end + 1)
            end = n if s is None else s.start()
        yield w[start:end][:M]
        pos = end


#: What `tokens` needs of a code page without whitespace bytes of its own.
_PLAIN = Table(
    space=bytes(32 if b < 128 and chr(b).isspace() else b for b in range(256)),
    high_space=None,
    undefined=None,
    high_spaces=frozenset(),
    high_space_bytes=(),
    cost=b"",
    costs=(),
    wedge=b"",
    word=b"",
    pair=b"",
    pairs=(),
    thai=None,
)

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_HIGH = re.compile(rb"[\x80-\xff]")


@dataclass
class Memo:
    """Tokens found in the bytes of one sample, for all the code pages that read it (see
    `_joined`): per ``(bytes, budget)`` those of a code page without whitespace bytes of its
    own among them, and how many bytes they span; per ``(bytes, budget, whitespace bytes)``
    those of the others."""

    plain: dict[tuple[bytes, int], tuple[bytes, int]] = field(default_factory=dict)
    own: dict[tuple[bytes, int, frozenset[int]], bytes] = field(default_factory=dict)


def _joined(data: bytes, t: Table, budget: int, memo: Memo) -> bytes:
    """The tokens of `data` read with the code page of `t`, joined by line breaks after one.

    The tokens depend only on which bytes are whitespace, and the code pages' own whitespace
    bytes (NBSP) are rare: the tokens of a text with none of them are found once, in `memo`,
    for all the code pages of one sample (`legacy.rank`)."""
    plain = memo.plain.get((data, budget))
    if plain is None:
        toks, span = tokens(data, _PLAIN, budget)
        plain = memo.plain[(data, budget)] = (_NEWLINE + _NEWLINE.join(toks), span)
    joined, span = plain
    if not any(data.find(b, 0, span) >= 0 for b in t.high_space_bytes):
        return joined
    key = (data, budget, t.high_spaces)
    own = memo.own.get(key)
    if own is None:
        own = memo.own[key] = _NEWLINE + _NEWLINE.join(tokens(data, t, budget)[0])
    return own


def badness_bytes(data: bytes, t: Table, budget: int = P.MAX_CHARS, memo: Memo | None = None) -> float:
    """``plausible.badness(data.decode(codec), budget)``, for the code page of `t` (`table`),
    when `data` decodes strictly in it (`memo`: see `_joined`)."""
    joined = _joined(data, t, budget, Memo() if memo is None else memo)
    if len(joined) == 1:
        return 0.0
    count = len(joined) - len(joined.translate(None, _HIGH_BYTES))
    if not count:
        return 0.0
    c = joined.translate(t.cost)
    tenths = sum(v * c.count(v) for v in t.costs)  # `bytes.count` of an int: that byte
    w = joined.translate(t.wedge)
    if b"S" in w:
        tenths += 15 * sum(map(len, _WEDGED.findall(w)))
    words = joined.translate(t.word)
    if words.count(b"x") >= 2:
        tenths += 15 * b"".join(_ACCENTED_WORD.findall(words)).count(b"x")
    p = joined.translate(t.pair)
    tenths += sum(v * p.count(pat) for pat, v in t.pairs)
    if t.thai is not None:
        th = joined.translate(t.thai)
        tenths += 15 * (th.count(b"V") - th.count(b"VC"))
    return tenths / 10 / count


_HIGH_BYTES = bytes(range(128, 256))

#: Bytes from which `badness_of` scores on the bytes (see `legacy.SBCS_MIN_BYTES`).
MIN_BYTES = 8192


def badness_of(data: bytes, codec: str, text: str, budget: int = P.MAX_CHARS) -> float:
    """``plausible.badness(text, budget)`` for `text`, the strict decode of `data` with `codec`:
    on the bytes when `codec` is a single-byte code page and `data` is long (`MIN_BYTES`)."""
    t = table(codec) if len(data) >= MIN_BYTES else None
    return P.badness(text, budget) if t is None else badness_bytes(data, t, budget)
