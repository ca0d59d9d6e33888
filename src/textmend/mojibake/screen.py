"""The cheap tests that decide what the mojibake search looks at, in C where they can be.

* `suspicious` and `evidence_gate`: the character class of what mojibake is made of (everything
  but the characters of clean text), and what sends a stretch to the search;
* `worth_searching` and `worth_probing`: whether the characters of a line (or of probes around
  its odd characters) cost enough, to the model, to hold a repair's worth of damage;
* `screen`: the layers worth a full search of a line, ranked by the unigram cost their
  whole-line decoding (by the codecs, in C) saves; `lossy_layers`: the lossy readings (UTF-8 read
  as a CJK codec with replacement) a line's lost markers call for.

Nothing here keeps state between calls: the codecs' error handlers are pure, and the barriers
of one encoding are found from its result.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Collection, Iterator
from functools import lru_cache
from typing import TypeVar

from ..text import fastre
from ..text import screen as text_screen
from ..text.charmodel import (
    CYR,
    GREEK,
    LATIN,
    Model,
    char_class,
    tier_sets,
)
from ..text.charsets import CHARSETS, LAYERS, Charset, Layer
from ..zh.chars import common_forms

ALPHABETIC = frozenset({LATIN, CYR, GREEK})


#: Costs above this (nats) are unusual for a character of real text; see `surprise`.
BASE = 7.0
#: A stretch whose surprise is below this cannot hold a repair worth making.
MIN_SURPRISE = 12.0
#: Mean cost of the non-ASCII letters of alphabetic scripts above which a line is searched.
ALPHA_MEAN = 3.8


def worth_searching(line: str, costs: list[float]) -> bool:
    """Whether `line` (with its per-character `costs`) is odd enough to hold mojibake.

    Two tests, each cheap next to a search: the costs above `BASE` add up to a repair's worth
    (a rare Hanzi or two in clean Chinese do not), or the letters of alphabetic scripts cost
    more than `ALPHA_MEAN` on average (KOI8-R read as windows-1251 is all Cyrillic letters, each
    only a little odd).
    """
    total = 0.0
    alpha = 0.0
    n_alpha = 0
    for ch, c in zip(line, costs):
        if c > BASE:
            total += c - BASE
        if ch.isalpha() and ch > "\x7f" and char_class(ch) in ALPHABETIC:
            alpha += c
            n_alpha += 1
    return total >= MIN_SURPRISE or (n_alpha >= 3 and alpha / n_alpha > ALPHA_MEAN)


def worth_probing(line: str, centers: list[int], radius: int, model: Model) -> bool:
    """Whether any probe ``line[i - radius : i + radius + 1]`` (`i` in `centers`, sorted) is
    `worth_searching` on its own costs: the same answer as costing each probe alone, but each
    character is costed once (probes of a line dense with odd characters overlap).

    Overlapping probes are costed as one stretch; only the first character of each probe is
    costed again, alone, as a probe of its own would start.
    """
    n = len(line)
    alone: dict[str, float] = {}
    k = 0
    nc = len(centers)
    while k < nc:
        a = max(0, centers[k] - radius)
        b = min(n, centers[k] + radius + 1)
        j = k + 1
        while j < nc and centers[j] - radius <= b:
            b = min(n, centers[j] + radius + 1)
            j += 1
        stretch = line[a:b]
        costs = model.costs(stretch)
        if j == k + 1:  # one probe: the stretch is the probe
            if worth_searching(stretch, costs):
                return True
            k = j
            continue
        excess = [c - BASE if c > BASE else 0.0 for c in costs]
        flags = [ch.isalpha() and ch > "\x7f" and char_class(ch) in ALPHABETIC for ch in stretch]
        alpha = [c if f else 0.0 for c, f in zip(costs, flags)]
        for i in centers[k:j]:
            pa = max(0, i - radius) - a
            pb = min(n, i + radius + 1) - a
            first = costs[pa]
            if pa:
                ch = stretch[pa]
                first = alone.get(ch, -1.0)
                if first < 0.0:
                    first = alone[ch] = model.costs(ch)[0]
            total = sum(excess[pa + 1 : pb], first - BASE if first > BASE else 0.0)
            n_alpha = sum(flags[pa:pb])
            if total >= MIN_SURPRISE:
                return True
            if n_alpha >= 3:
                a_sum = sum(alpha[pa + 1 : pb], first if flags[pa] else 0.0)
                if a_sum / n_alpha > ALPHA_MEAN:
                    return True
        k = j
    return False


#: How many layers, ranked by `screen`, get the full search.
TOP_LAYERS = 5
SCREEN_SHARE = 0.4  # and how close to the best a layer must come


class _Unigram(dict):  # type: ignore[type-arg]
    """Character -> own cost, filled from the model on first sight (so `map` runs in C)."""

    def __init__(self, m: Model) -> None:
        super().__init__()
        self.m = m

    def __missing__(self, ch: str) -> float:
        v = self.m.info(ch)[2]
        self[ch] = v
        return v


@lru_cache(maxsize=4)
def _unigram(m: Model) -> _Unigram:
    return _Unigram(m)


@lru_cache(maxsize=65536)
def _sloppy_bytes(shown: str, ch: str) -> bytes:
    """The bytes the screen gives `ch`, which the codec of `shown` cannot encode: those of a
    vendor superset of the charset (cp936's 0x80 for €), else 0xFF (which no charset here
    decodes): a barrier."""
    e = CHARSETS[shown].encode_char(ch)
    return e if e is not None and len(e) <= 2 else b"\xff"


_V = TypeVar("_V")


class _PerChar(dict[str, _V]):
    """Character -> `fn(shown, character)`, filled on first sight, so that a run of characters
    is mapped in C (``map(table.__getitem__, run)``). A memo of a pure function: emptied when it
    grows past 65536 characters, which changes no result."""

    def __init__(self, shown: str, fn: Callable[[str, str], _V]) -> None:
        super().__init__()
        self.shown = shown
        self.fn = fn

    def __missing__(self, ch: str) -> _V:
        if len(self) >= 65536:
            self.clear()
        v = self[ch] = self.fn(self.shown, ch)
        return v


def _sloppy(cs: Charset) -> Callable[[UnicodeError], tuple[bytes, int]]:
    """An encoding error handler giving `_sloppy_bytes`. Charmap codecs report their name as
    "charmap", so there is one handler per charset. It keeps no state (but a memo of pure
    functions): the barriers of a line are found afterwards, by `_barriers`, only when the
    encoding holds a 0xFF byte."""
    table = _PerChar(cs.name, _sloppy_bytes)

    def handler(exc: UnicodeError) -> tuple[bytes, int]:
        assert isinstance(exc, UnicodeEncodeError)
        return b"".join(map(table.__getitem__, exc.object[exc.start : exc.end])), exc.end

    return handler


@lru_cache(maxsize=65536)
def _is_barrier(shown: str, ch: str) -> bool:
    """Whether the screen's encoding of `ch` with `shown` is a barrier (see `_sloppy_bytes`)."""
    try:
        ch.encode(CHARSETS[shown].codecs[0])
    except UnicodeEncodeError:
        return _sloppy_bytes(shown, ch) == b"\xff"
    return False


def _barriers(line: str, shown: str, data: bytes, chars: set[str] | None = None) -> list[str]:
    """The characters of `line`, in order, that its screening encoding `data` (with `shown`)
    turned into barriers: none unless `data` holds a 0xFF byte. `chars`: the set of the
    characters of `line`, when the caller has it (one set for every charset of a line)."""
    if b"\xff" not in data:
        return []
    table = _BARRIER_TABLES.get(shown)
    if table is None:
        table = _BARRIER_TABLES[shown] = _PerChar(shown, _is_barrier)
    bad = set(filter(table.__getitem__, set(line) if chars is None else chars))
    return list(filter(bad.__contains__, line)) if bad else []


#: Per charset: character -> whether it is a barrier (`_is_barrier`); ASCII never is.
_BARRIER_TABLES: dict[str, _PerChar[bool]] = {}


for _cs in CHARSETS.values():
    codecs.register_error(f"textmend-{_cs.name}", _sloppy(_cs))


def _char_bytes(shown: str, ch: str) -> bytes:
    """`ch` encoded as the screen encodes it with `shown` (`_sloppy_bytes` where the codec cannot,
    or spells it as a sequence: Python's euc_kr writes a syllable outside KS X 1001 as eight
    bytes of jamo, where cp949, the decoder's superset, has two)."""
    try:
        out = ch.encode(CHARSETS[shown].codecs[0])
    except UnicodeEncodeError:
        return _sloppy_bytes(shown, ch)
    return _sloppy_bytes(shown, ch) if len(out) > 2 else out


#: The first two bytes of the eight with which Python's euc_kr spells a Hangul syllable outside
#: KS X 1001 (the Hangul filler, then three jamo): see `_char_bytes`.
EUC_KR_SPELLED = b"\xa4\xd4"


#: Per charset: character -> `_char_bytes`.
_BYTES_TABLES: dict[str, _PerChar[bytes]] = {}


def screen_encode(line: str, shown: str) -> bytes:
    """`line` encoded with `shown`, what the codec cannot encode as `_sloppy_bytes`: the codec
    alone when it can encode all of it, else character by character through a memo, mapped in
    C (the charsets here are stateless, so that is the same bytes, where the error handler would
    be called from the codec for every run of characters it lacks: mojibake is full of them);
    a long line of mostly ASCII, whose runs are few, goes through the error handler."""
    codec = CHARSETS[shown].codecs[0]
    try:
        data = line.encode(codec)
        if EUC_KR_SPELLED not in data or shown != "euc-kr":
            return data
    except UnicodeEncodeError:
        pass
    n = len(line)
    if n > 256 and (n - len(line.encode("ascii", "ignore"))) * 4 < n and shown != "euc-kr":
        return line.encode(codec, errors=f"textmend-{shown}")  # a long line of mostly ASCII
    table = _BYTES_TABLES.get(shown)
    if table is None:
        table = _BYTES_TABLES[shown] = _PerChar(shown, _char_bytes)
    return b"".join(map(table.__getitem__, line))


def screen(line: str, m: Model, layers: tuple[Layer, ...], unsafe: frozenset[str] | None) -> list[Layer]:
    """The layers worth a full search of `line`: those whose whole-line decoding (done by the
    codecs, in C) lowers the unigram cost most, at most `TOP_LAYERS` of them."""
    uni = _unigram(m)
    base = sum(map(uni.__getitem__, line))
    ranked: list[tuple[float, Layer]] = []
    # per reader: the bytes, the barriers' cost and their number (None: not worth decoding)
    encoded: dict[str, tuple[bytes, float, int] | None] = {}
    chars: set[str] | None = None  # the line's characters, for `_barriers`
    # the cost of each reading, by its text: a line's readings repeat across layers (the same
    # bytes decoded by codecs that agree on them: 22 distinct readings of 49 for a line of
    # Russian prose), and the sum is most of the screen's time
    costs: dict[str, float] = {}
    for layer in layers:
        true, shown = layer
        if shown not in encoded:
            cs = CHARSETS[shown]
            if unsafe is not None and not any(cs.encode_char(c) is not None or c == "\ufffd" for c in unsafe):
                encoded[shown] = None
            else:
                data = screen_encode(line, shown)
                if chars is None and b"\xff" in data:
                    chars = set(line)
                barriers = _barriers(line, shown, data, chars)
                encoded[shown] = (
                    (data, sum(map(uni.__getitem__, barriers)), len(barriers))
                    if len(barriers) < len(line)
                    else None
                )
        got = encoded[shown]
        if got is None:
            continue
        data, barrier_cost, n_barriers = got
        true_codec = CHARSETS[true].codecs[0]
        cand = data.decode(true_codec, errors="replace")
        if cand == line:
            continue
        cost = costs.get(cand)
        if cost is None:
            cost = costs[cand] = sum(map(uni.__getitem__, cand))
        if n_barriers:  # each barrier decoded as one marker character: count the original instead
            marker = b"\xff".decode(true_codec, errors="replace")
            cost += barrier_cost - n_barriers * uni[marker]
        gain = base - cost
        if gain > 0:
            ranked.append((gain, layer))
    ranked.sort(key=lambda g: -g[0])
    if not ranked:
        return []
    best = ranked[0][0]
    return [la for g, la in ranked[:TOP_LAYERS] if g >= SCREEN_SHARE * best]


#: At most this many lossy layers are added to the screened ones (see `lossy_layers`).
MAX_LOSSY_LAYERS = 2


def lossy_layers(line: str, layers: tuple[Layer, ...]) -> list[Layer]:
    """UTF-8 read as a CJK codec with replacement, when `line` may be such text.

    `screen` decodes a line whole, and a line where many bytes were lost decodes to garbage
    around every marker, so the lossy layer can rank below chance readings. A line with lost
    markers whose every other non-ASCII character the CJK codec can produce is searched under
    that reading too (at most `MAX_LOSSY_LAYERS` of them).
    """
    if "\ufffd" not in line and line.count("?") < 3:
        return []
    return list(_lossy_layers(line, layers))


@lru_cache(maxsize=64)
def _lossy_layers(line: str, layers: tuple[Layer, ...]) -> tuple[Layer, ...]:
    """`lossy_layers`, memoised: the fixer asks it of the same line up to three times (whether
    the line is worth a search, what the search costs the budget, and the search itself)."""
    high = {c for c in line if c > "\x7f" and c != "\ufffd"}
    if not high:
        return ()
    lost = "\ufffd" if "\ufffd" in line else "?"
    ranked: list[tuple[float, Layer]] = []
    for layer in layers:
        true, shown = layer
        cs = CHARSETS[shown]
        if true != "utf-8" or cs.kind != "dbcs" or not all(cs.encode_char(c) is not None for c in high):
            continue
        data = b"".join(b"\xff" if c == lost else (cs.encode_char(c) or b"") for c in line)
        # Only the bytes that survived are evidence: lost markers frame with anything, so text
        # already repaired (real Hangul between the markers it kept) would frame as well as
        # the damage did, and a second pass would read its markers as bytes again.
        n_high = sum(1 for b in data if 0x80 <= b < 0xFF)
        framed = sum(len(u) - u.count(0xFF) for u in _UTF8_FRAME.findall(data) if len(u) > 1)
        if n_high and framed >= LOSSY_FRAMED * n_high:
            ranked.append((framed / n_high, layer))
    ranked.sort(key=lambda t: -t[0])
    return tuple(la for _, la in ranked[:MAX_LOSSY_LAYERS])


def lossy_evidence(line: str) -> bool:
    """Whether `line` holds lost markers beside bytes of UTF-8 read as a CJK codec: the markers
    of text already repaired (real text around them) are not, and cost a search little."""
    return bool(lossy_layers(line, LAYERS))


#: A UTF-8 character whose bytes may be lost (``\xff`` stands for a lost byte).
#: Three bytes first: CJK text is made of them, and a run of lost bytes cut two by two would
#: leave the surviving continuation bytes after it unframed.
_UTF8_FRAME = re.compile(
    b"[\xe0-\xef\xff][\x80-\xbf\xff]{2}|[\xc2-\xdf\xff][\x80-\xbf\xff]|[\xf0-\xf4\xff][\x80-\xbf\xff]{3}"
)
#: Share of the line's high bytes (under a lossy reading) that must frame as UTF-8 characters.
LOSSY_FRAMED = 0.8


HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]")


@lru_cache(maxsize=4)
def suspicious(korean: bool = False, glued: bool = False) -> re.Pattern[str]:
    """A character class of what mojibake is made of: everything but the characters of clean text.

    Clean text is ASCII, common punctuation, kana, the common tier of Hanzi/kanji (GB2312 level 1,
    Big5's common block, JIS level 1), KS X 1001 Hangul, Arabic, Hebrew, Thai and emoji.
    Accented Latin letters, Cyrillic (KOI8-R read as windows-1251 is all Cyrillic), Greek and
    mathematical signs (the symbol rows of GBK and Shift-JIS), rarer Han, halfwidth katakana,
    other symbols, controls, private use and U+FFFD are suspicious, and so is Han glued to Hangul
    (`korean`) and a Han or Hangul character inside a Latin word (`glued`, `LATIN_GLUED`): a
    line holding one is searched, where they cluster or the line is odd enough.

    The Han-Hangul test is a slower search, so it is made only for text that holds a Hangul
    syllable at all. Without either test the pattern is one character class, which other
    fixers widen (`textmend.fixers.script`).
    """
    cls = _safe_class()
    # A Han character glued to a Hangul syllable (``蹂닿린`` for 보기, UTF-8 read as EUC-KR): each
    # is common alone, but UTF-8 read as EUC-KR mixes them within a word where Korean text
    # seldom does (a particle after Hanja, 韓國은, is searched too and left by the engine).
    parts = [
        f"[^{cls}]",
        *((HAN_HANGUL,) if korean else ()),
        *((LATIN_GLUED, *_cjk_as_cjk()) if glued else ()),
    ]
    return re.compile("|".join(parts))


#: Han glued to Hangul, either order (see `suspicious`).
HAN_HANGUL = (
    "[\u4e00-\u9fff\uf900-\ufaff](?=[\uac00-\ud7a3])|(?<=[\uac00-\ud7a3])[\u4e00-\u9fff\uf900-\ufaff]"
)


#: `HAN_HANGUL` without lookarounds (each tests one character), for RE2: it matches on the
#: lines where `HAN_HANGUL` does.
HAN_HANGUL_LOOSE = "[\u4e00-\u9fff\uf900-\ufaff][\uac00-\ud7a3]|[\uac00-\ud7a3][\u4e00-\u9fff\uf900-\ufaff]"


#: A Han or Hangul character between two ASCII letters: a two-byte UTF-8 letter (ö is C3 B6) read
#: as a double-byte charset, one character in the middle of a Latin word (``Bj繹rn`` for Björn in
#: Big5, ``ulo탑it`` for uložit in EUC-KR). Those are common characters, which the class lets
#: pass; clean text seldom glues one to letters on both sides.
LATIN_GLUED = "(?<=[A-Za-z])[\u4e00-\u9fff\uac00-\ud7a3](?=[A-Za-z])"
#: `LATIN_GLUED` without lookarounds, for RE2.
LATIN_GLUED_LOOSE = "[A-Za-z][\u4e00-\u9fff\uac00-\ud7a3][A-Za-z]"


#: A line of Han words between spaces with a Han character before an ASCII full stop, comma,
#: question or exclamation mark: Chinese and Japanese put no spaces between words and write
#: their punctuation full width (``。``, ``，``); Korean puts a space every few syllables and
#: ends its sentences with ASCII marks. So Korean read as GBK, Big5 or EUC-JP (``颇老阑 凯 荐
#: 绝嚼聪促.`` for 파일을 열 수 없습니다., whose Hangul rows are GB2312's commonest Hanzi) shows
#: it, each character common alone; Chinese keyword and phrase lists, spaced but unpunctuated,
#: and lists of single characters (CLDR's exemplars, ``鼻 齐 齿``) do not. `HAN_SENTENCE` opens
#: a line to the search (`evidence_gate`); within it, each Han character beside a space between
#: Han ones (`HAN_SPACED`) is a suspicious position (a match of the whole line would hide the
#: other suspicious characters in it from `suspicious`'s search).
HAN_SPACED = "[\u4e00-\u9fff](?= [\u4e00-\u9fff])|(?<=[\u4e00-\u9fff] )[\u4e00-\u9fff]"
#: `HAN_SPACED` without lookarounds, for RE2.
HAN_SPACED_LOOSE = "[\u4e00-\u9fff] [\u4e00-\u9fff]"
HAN_SENTENCE = (
    "[\u4e00-\u9fff]{2} [\u4e00-\u9fff]{2}[^\n]*[\u4e00-\u9fff][.,?!]"
    "|[\u4e00-\u9fff][.,?!][^\n]*[\u4e00-\u9fff]{2} [\u4e00-\u9fff]{2}"
)
#: Kana and kanji share their rows in EUC-JP and GB2312 (kana in both), so EUC-JP read as GBK
#: keeps the kana and turns each kanji into a Hanzi, most of them Simplified forms that JIS X 0208
#: lacks (``瘦赂できません`` for 保存できません): such a Hanzi at most one character from kana.
_KANA = "\u3040-\u30ff"


@lru_cache(maxsize=1)
def _not_jis() -> str:
    """GB2312's Hanzi that Shift-JIS (cp932) cannot write, as the body of a character class."""
    out = []
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                ch = bytes([lead, trail]).decode("gb2312")
                ch.encode("cp932")
            except UnicodeDecodeError:
                continue
            except UnicodeEncodeError:
                out.append(ch)
    return text_screen.class_body(out)


def _by_kana(loose: bool) -> str:
    """A Hanzi of `_not_jis` at most one character from kana (`loose`: without lookarounds)."""
    x = _not_jis()
    if loose:
        return f"[{x}][^\n]?[{_KANA}]|[{_KANA}][^\n]?[{x}]"
    return f"[{x}](?=[^\n]?[{_KANA}])|(?<=[{_KANA}])[{x}]|(?<=[{_KANA}][^\n])[{x}]"


@lru_cache(maxsize=4)
def _cjk_as_cjk(loose: bool = False, gate: bool = False) -> tuple[str, ...]:
    """The signatures of a CJK charset read as another whose mojibake is made of common
    characters, as suspicious positions: a Han character beside a space between Han ones
    (`HAN_SPACED`) and a Simplified Hanzi beside kana (`_by_kana`); for the evidence gate
    (`gate`), a line of spaced Han words punctuated as Korean (`HAN_SENTENCE`) in place of the
    first. `loose`: their forms without lookarounds, for RE2, which match on the lines where
    they do."""
    spaced = HAN_SENTENCE if gate else HAN_SPACED_LOOSE if loose else HAN_SPACED
    return (spaced, _by_kana(loose))


#: Hangul or a jamo before an ideographic full stop or comma: EUC-JP's kana rows are EUC-KR's
#: jamo and its kanji rows Hangul, and its punctuation row is EUC-KR's, so Japanese read as
#: EUC-KR keeps Japanese punctuation after Hangul (``ㅮㅺㅮㅉ。``), which Korean writes as
#: ASCII; Korean chat's jamo (``ㄱㄱㄱ☆ㅠ_ㅠ``) shows none.
KOREAN_IDEOGRAPHIC_STOP = "[\u3131-\u318e\uac00-\ud7a3][\u3001\u3002]"


#: A halfwidth katakana glued to an ASCII letter, in a line without Windows' ・: Big5's lead
#: bytes A1-DF are Shift-JIS's halfwidth katakana, and its trail bytes are often ASCII letters,
#: so Big5 read as Shift-JIS is a run of both (``ｽﾐｦb､U`` for 請在下); halfwidth Japanese
#: spaces its words from Latin ones. A ・ among them is the default character of a text read as
#: cp932 that lost bytes (EUC-KR's ``ｼｭｿ・｡ｼｭ`` for 서울에서), which reads back through Big5 as
#: other Hanzi.
HALFWIDTH_GLUED = "^(?!.*\u30fb).*?(?:[\uff61-\uff9f][A-Za-z]|[A-Za-z][\uff61-\uff9f])"


#: A box-drawing sign glued to another character: cp850 draws boxes at 0xB0-0xDF, which are
#: lead bytes of Big5 and Shift-JIS, so their text read as cp850 glues those signs to letters
#: (``╗õ¡À╣w``); a drawn box keeps its signs in runs and spaces them from its text. Where
#: Big5 and Shift-JIS lead bytes fall on cp850's letters (0x80-0xA5) instead, clean Hungarian
#: or Turkish read back through them (``írni`` as ``〉ni``) is as cheap as the text.
BOX_GLUED = "[\u2500-\u259f][^\\s\u2500-\u259f]|[^\\s\u2500-\u259f][\u2500-\u259f]"


@lru_cache(maxsize=1)
def signed_layers() -> dict[Layer, re.Pattern[str]]:
    """The layers whose mojibake is made of characters as common as clean text's (see
    `textmend.text.encodings.CHANNELS`), each with the signature a line must show for the
    search to try it (`signed`): without one, clean Japanese signs read back through them as
    other signs as cheaply as the text stands."""
    korean = re.compile(HAN_SENTENCE)
    box = re.compile(BOX_GLUED)
    return {
        ("euc-kr", "gbk"): korean,
        ("euc-kr", "big5"): korean,
        ("euc-jp", "gbk"): re.compile(_by_kana(loose=True)),
        ("euc-jp", "euc-kr"): re.compile(KOREAN_IDEOGRAPHIC_STOP),
        ("big5", "shift_jis"): re.compile(HALFWIDTH_GLUED),
        ("big5", "cp850"): box,
        ("shift_jis", "cp850"): box,
    }


def signed(line: str, layers: list[Layer]) -> list[Layer]:
    """`layers` but the `signed_layers` whose signature `line` does not show."""
    sig = signed_layers()
    return [la for la in layers if la not in sig or sig[la].search(line) is not None]


def suspicious_screen(extra: tuple[str, ...] = ()) -> fastre.Screen | None:
    """`suspicious` for RE2, or ``None`` where RE2 is not available: its patterns are a Hangul
    syllable (`HANGUL_SYLLABLE`), `suspicious()` with `LATIN_GLUED` and `HAN_HANGUL`, each
    without lookarounds, a character of U+3040-U+30FF (`KANA_BLOCK`), and `odd_outside_forms`'s
    class with `LATIN_GLUED`, so that `which` on a text's UTF-8 bytes answers, in one pass,
    whether the text is Korean, whether ``suspicious(korean, glued=True)`` finds anything in it,
    whether it holds kana, and whether anything but the Traditional forms of common characters
    is suspicious in it (`suspicious_facts`). `extra`: patterns another fixer asks of the same
    text (without lookarounds), answered in the same pass (`suspicious_facts`'s last item)."""
    return fastre.build((*_suspicious_loose(), *extra)) if fastre.available() else None


#: The hiragana and katakana blocks, which the script fixer asks of a text (see `NO_SUSPICIOUS`).
KANA_BLOCK = "[\u3040-\u30ff]"


@lru_cache(maxsize=1)
def _suspicious_loose() -> tuple[str, ...]:
    return (
        HANGUL_SYLLABLE.pattern,
        "|".join((f"[^{_safe_class()}]", LATIN_GLUED_LOOSE, *_cjk_as_cjk(loose=True))),
        HAN_HANGUL_LOOSE,
        fastre.loosen(KANA_BLOCK),
        "|".join((f"[^{_gate_class()}]", LATIN_GLUED_LOOSE, *_cjk_as_cjk(loose=True, gate=True))),
    )


@lru_cache(maxsize=4)
def odd_outside_forms(korean: bool = False) -> re.Pattern[str]:
    """`suspicious` (``glued=True``) with the Traditional forms of the common characters taken
    as clean (`_gate_class`, the class the evidence gate lets pass): what makes a document
    suspicious as a whole, so that the CJK fixer's word tests look at all of a long one. Clean
    Traditional text (OpenCC's s2t output, 麪館 for 面馆) holds such forms on every line, and a
    long one is no more likely to hold mojibake than the same text in Simplified, which holds
    none; its word tests cost a quarter of OpenCC's own conversion time (``--script hans``)."""
    parts = [f"[^{_gate_class()}]", *((HAN_HANGUL,) if korean else ()), LATIN_GLUED, *_cjk_as_cjk(gate=True)]
    return re.compile("|".join(parts))


#: The `textmend.text.view.TextView` fact the CJK fixer records when ``suspicious()`` (its
#: plain class) matches nowhere in a text: whether the text holds a character of `KANA_BLOCK`.
#: The script fixer's screen widens that class by those blocks (and, for the ``hans`` target,
#: by characters it counts), so for its other targets this is all it would find.
NO_SUSPICIOUS = "mojibake.no-suspicious"

#: The `textmend.text.view.TextView` fact the CJK fixer records, under the ``hans`` target, from
#: the same pass: whether the text holds kana, and which of the script fixer's questions
#: (`textmend.fixers.script.hans_questions`, given as `suspicious_screen`'s `extra`) match in it.
HANS_FACTS = "mojibake.hans-facts"


def suspicious_facts(
    screen: fastre.Screen, utf8: bytes, found: Collection[int] | None = None
) -> tuple[bool, bool, bool, bool, frozenset[int]]:
    """(whether the text of the UTF-8 bytes `utf8` holds a Hangul syllable, whether
    ``suspicious(korean, glued=True)`` matches somewhere in it, whether it holds a character of
    `KANA_BLOCK`, whether ``odd_outside_forms(korean)`` matches somewhere in it, which of the
    screen's `extra` patterns match, by their index in it), in one pass of `suspicious_screen`;
    `found`: which of the screen's patterns match, when another pass already answered that."""
    found = screen.which(utf8) if found is None else found
    korean = 0 in found
    glued = korean and 2 in found  # Han glued to Hangul: suspicious under either class
    own = len(_suspicious_loose())
    extra = frozenset(i - own for i in found if i >= own)
    return korean, 1 in found or glued, 3 in found, 4 in found or glued, extra


@lru_cache(maxsize=1)
def _safe_class() -> str:
    """The characters of clean text (see `suspicious`), escaped for a character class."""
    common, _second, _any = tier_sets()
    safe = {c for c in common if not ("\u0400" <= c <= "\u04ff")}
    ranges = [
        "\x00-\x7f",
        "\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff",  # Hebrew, Arabic
        "\u0e00-\u0e7f",  # Thai
        "\u3000-\u303f\u3040-\u30ff",  # CJK punctuation, kana
        "\uff01-\uff5e",  # fullwidth forms
        "\u2010-\u2027\u2030-\u205e",  # general punctuation
        "\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d",  # emoji
    ]
    safe_chars = "".join(sorted(c for c in safe if ord(c) > 0x7F))
    return "".join(ranges) + re.escape(safe_chars)


@lru_cache(maxsize=1)
def _gate_class() -> str:
    """`_safe_class` and the Traditional forms of its common characters (`zh.chars.common_forms`:
    麪 for 面, which OpenCC writes in 麪館), escaped for a character class: what the evidence
    gate lets pass. Clean Traditional text is full of such forms, and a line holding one is no
    more likely to be mojibake than the same line in Simplified; a line of it sent to the
    searches was scored by the character model, in Python, and left as it was."""
    return _safe_class() + re.escape("".join(sorted(common_forms())))


@lru_cache(maxsize=1)
def evidence_loose() -> tuple[str, ...]:
    """`evidence_gate(True)`'s `Gate.loose` (which `evidence_gate(False)`'s parts are among),
    without compiling the gate: what may send a stretch of any text to the searches, for RE2."""
    return text_screen.gate_loose(
        _gate_class(), (HAN_HANGUL_LOOSE, LATIN_GLUED_LOOSE, *_cjk_as_cjk(loose=True, gate=True))
    )


@lru_cache(maxsize=2)
def evidence_gate(korean: bool = False) -> text_screen.Gate:
    """What sends a stretch to the searches below (`textmend.text.screen.gate`): a suspicious
    character that is not alphabetic, a lost character, or a damage channel's signature. A
    stretch whose suspicious characters are all accented Latin, Greek or Cyrillic letters and
    that holds no signature is clean in every language, and is not scored."""
    if korean:
        return text_screen.gate(
            _gate_class(),
            (HAN_HANGUL, LATIN_GLUED, *_cjk_as_cjk(gate=True)),
            (HAN_HANGUL_LOOSE, LATIN_GLUED_LOOSE, *_cjk_as_cjk(loose=True, gate=True)),
        )
    return text_screen.gate(
        _gate_class(),
        (LATIN_GLUED, *_cjk_as_cjk(gate=True)),
        (LATIN_GLUED_LOOSE, *_cjk_as_cjk(loose=True, gate=True)),
    )


#: Five or more characters of windows-1252's upper half, each at most one character from the
#: next, with no space: a legacy CJK text read as windows-1252 (``Ž„“I“ú‹L`` for 私的日記 in
#: Shift-JIS), whose punctuation (“ ‹ „) is not suspicious alone. Words of European languages
#: hold two or three accents, not five in a row.
_HIGH = "".join(
    sorted({re.escape(bytes([b]).decode("cp1252", errors="ignore")) for b in range(0x80, 0x100)} - {""})
)
DENSE_HIGH = re.compile(f"[{_HIGH}](?:[^\\s]?[{_HIGH}]){{4}}")


def qmark_positions(text: str) -> Iterator[int]:
    """Positions of '?' next to a non-ASCII character: where a lost byte may have become '?'."""
    i = text.find("?")
    n = len(text)
    while i != -1:
        if (i > 0 and text[i - 1] > "\x7f") or (i + 1 < n and text[i + 1] > "\x7f"):
            yield i
        i = text.find("?", i + 1)
