"""Legacy encodings: which code page a run of bytes is in, judged by what its reading looks like.

chardet ranks candidates by byte statistics and is usually right; it is wrong in three
recognisable ways, and this module corrects them without second-guessing it otherwise:

1. its first answer decodes, but into nonsense: Big5 read as ISO-8859-15 (``¡Ð¿ß``), Russian
   read as cp1252 (``Ïðèâåò``), Shift-JIS read as cp437. `plausible.badness` sees that;
2. the right encoding is not in its list at all (short runs especially): the `STANDARD`
   encodings are always tried after chardet's own candidates;
3. it names a vendor superset where the standard reads the same bytes: cp932 for Shift_JIS
   maps 0x8160 to FULLWIDTH TILDE where JIS X 0208 has WAVE DASH. The standard encoding is
   kept when it decodes (`PREFER`).

The decision rule is deliberately conservative: the cost of a reading is its badness, plus a
penalty for rarely used code pages (DOS, Mac, EBCDIC: a prior, which matters most when the
evidence is short), a penalty for a double-byte reading whose language contradicts its codec
(Japanese without kana, Korean without Hangul, kana read as Chinese), plus, inside a mixed
file, how foreign its characters are to the rest of the file (`Profile`). Among the
readings whose cost is within `MARGIN` of the best one, chardet's order decides.

GB2312 and GBK answers become GB18030, their superset. chardet's own "preferred superset"
option is not used: it also swaps ISO-8859-5 for windows-1251, which is another layout.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate, islice

from ..options import canonical_encoding
from . import sbcs
from .plausible import Profile, badness, char_script

#: chardet reads at most this much of a file; the decode that follows checks all of it.
SAMPLE_BYTES = 200_000

#: Readings are scored on at most this many bytes of the input (whole lines, in order).
SCORE_BYTES = 32_000

#: Encodings always tried after chardet's own candidates: the legacy encodings text is
#: actually written in, one or two per script.
STANDARD: tuple[str, ...] = (
    "gb18030",
    "big5",
    "big5hkscs",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "cp949",
    "cp1252",
    "cp1250",
    "cp1251",
    "koi8-r",
    "koi8-u",
    "iso8859-5",
    "cp866",
    "cp855",
    "mac-cyrillic",
    "iso8859-7",
    "cp1253",
    "cp1254",
    "iso8859-9",
    "cp1255",
    "iso8859-8",
    "cp1256",
    "iso8859-6",
    "tis-620",
    "cp874",
    "iso8859-2",
    "iso8859-15",
    "cp1257",
    "cp1258",
)

#: Encodings common enough to carry no penalty (the rest: DOS, Mac and rare ISO code pages).
COMMON: frozenset[str] = frozenset(STANDARD) | {
    "iso8859-1",
    "iso8859-13",
    "johab",
    "cp855",
    "mac-roman",
    "ascii",
}

#: EBCDIC code pages: text files in them are rare outside mainframes, and never mixed with UTF-8.
EBCDIC: frozenset[str] = frozenset({"cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"})

#: Double-byte encodings, and those of one language.
DOUBLE_BYTE: frozenset[str] = frozenset(
    {"gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "johab"}
)
JAPANESE: frozenset[str] = frozenset({"shift_jis", "cp932", "euc_jp"})
KOREAN: frozenset[str] = frozenset({"euc_kr", "cp949", "johab"})

#: A vendor superset and the standard encoding to use instead when that decodes too.
PREFER: dict[str, str] = {"cp932": "shift_jis", "cp949": "euc_kr"}

#: How many of chardet's candidates are considered (the rest are rare code pages at ~0).
CHARDET_TOP = 12
#: Characters scored for every candidate, and how many candidates are then scored in full.
QUICK_CHARS = 400
FINALISTS = 8

#: A sample of this many bytes has its single-byte readings scored on the bytes (`sbcs`: the
#: same numbers, in C). Building a code page's tables, once, costs about what scoring such a
#: sample's reading in Python does; a short text is scored in Python.
SBCS_MIN_BYTES = sbcs.MIN_BYTES

#: chardet's confidence below which its order says nothing (it ranks everything on short input).
CHARDET_TRUST = 0.05

#: Readings within this much of the best cost are all acceptable; chardet's order decides.
MARGIN = 0.2
RARE_PENALTY = 0.25
#: Weight of a mixed file's context: characters and scripts not seen in its UTF-8 part.
CONTEXT_WEIGHT = 0.5
#: Context of this many letters counts fully; smaller context counts in proportion.
CONTEXT_FULL_LETTERS = 8


@cache
def ascii_compatible(codec: str) -> bool:
    """Whether `codec` decodes the 128 ASCII bytes to ASCII (and so keeps line breaks)."""
    raw = bytes(range(128))
    try:
        return raw.decode(codec) == raw.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


#: chardet is shown at most this much of a sample of lines with non-ASCII bytes (cut at a line
#: break): its answer on a megabyte of one code page is the same from 16 KiB on, and asking it
#: costs about 3 ms plus 0.2 ms per KiB, which was a third of `detect` on such a file.
CHARDET_BYTES = 1 << 14


def candidates(data: bytes, limit: int = SAMPLE_BYTES) -> list[tuple[str, float]]:
    """chardet's candidates for `data` (its first `limit` bytes, cut after a line break when
    there is one) as ``(codec, confidence)``, best first, without repeats."""
    import chardet  # 40 ms to import: only for bytes that are not UTF-8

    if len(data) > limit:
        cut = data.rfind(b"\n", 0, limit)
        data = data[: cut + 1] if cut > 0 else data[:limit]
    seen: dict[str, float] = {}
    for r in chardet.detect_all(data, max_bytes=SAMPLE_BYTES, ignore_threshold=True):
        name = r.get("encoding")
        if not name:
            continue
        try:
            codec = canonical_encoding(name)
        except ValueError:
            continue
        seen.setdefault(codec, float(r.get("confidence") or 0.0))
    return list(seen.items())


@dataclass(frozen=True)
class Reading:
    """One way to read some bytes: the codec, chardet's confidence in it, and our cost.

    `failed` is the share of the non-ASCII bytes (in the scored sample) that the codec could
    not decode; `chars` counts the non-ASCII characters it produced, `nonascii` the bytes.
    """

    codec: str
    confidence: float
    cost: float
    badness: float
    failed: float
    chars: int
    nonascii: int
    text: str
    #: how much more the best rival reading costs (`rival_gap`; 1.0 until one is looked for)
    rival_gap: float = 1.0
    #: the text as judged, when it is not `text`: a single-byte reading with the UTF-8 letters
    #: of its words as letters (`utf8_letters`)
    view: str = ""

    @property
    def judged(self) -> str:
        """The text the reading is judged by (`view`, or `text`)."""
        return self.view or self.text

    @property
    def plausible_confidence(self) -> float:
        """A confidence for reports, meant to be right about as often as it says.

        The product of three things: how clean the reading is (``1 - cost``); how much text it
        rests on (``(n + 1) / (n + 2)`` for its `n` non-ASCII characters: one or two characters
        are weak evidence whatever they read as); and how far the best rival reading of the same bytes
        is (a rival within `MARGIN` halves it: ``Déjà`` and ``Déją`` are both clean words).
        """
        clean = max(0.0, 1.0 - self.cost)
        evidence = (self.chars + 1.0) / (self.chars + 2.0)
        rivalry = 0.5 + 0.5 * min(1.0, max(0.0, self.rival_gap) / MARGIN)
        return round(max(0.01, min(0.99, clean * evidence * rivalry)), 2)


def _nonascii(b: bytes) -> int:
    return len(b.translate(None, _ASCII))


_ASCII = bytes(range(128))


def _sample(chunks: Sequence[bytes]) -> list[bytes]:
    """The first chunks, up to `SCORE_BYTES`; a chunk longer than that (one huge line) is cut
    after an ASCII byte where it has one, so that scoring stays bounded."""
    out: list[bytes] = []
    n = 0
    for c in chunks:
        if n + len(c) > 2 * SCORE_BYTES:
            room = max(2 * SCORE_BYTES - n, SCORE_BYTES // 2)
            cut = max((c.rfind(bytes([b]), 0, room) for b in b"\n .,;:"), default=-1)
            c = c[: cut + 1] if cut > 0 else c[:room]
        out.append(c)
        n += len(c)
        if n >= SCORE_BYTES:
            break
    return out


def _decode_chunks(
    codec: str,
    chunks: Sequence[bytes],
    joined: bytes,
    table: sbcs.Table | None = None,
    starts: Sequence[int] = (),
    counts: Sequence[int] = (),
) -> tuple[list[str], int, bytes]:
    """Decode each chunk strictly; the decoded chunks, the non-ASCII bytes that failed, and
    (with the `table` of a single-byte code page, and the `starts` of the chunks in `joined`)
    the bytes of the chunks that decoded. With `counts`, the non-ASCII bytes of each chunk,
    a codec that fails nearly everywhere is given up early (`HOPELESS_FAILED`)."""
    try:
        whole = joined.decode(codec)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return [], len(joined), b""
    else:
        if len(chunks) == 1 or table is not None:
            # one byte is one character: the chunks decode as the whole does
            return [whole], 0, joined
    if table is not None and table.undefined is not None:
        # a chunk fails where it holds a byte the code page leaves undefined: found in C, so
        # that only the failing chunks are looked at one by one
        pieces: list[bytes] = []
        failed = 0
        prev = 0  # the end of the last failing chunk
        quarter = len(joined) // HOPELESS_SEEN
        while (m := table.undefined.search(joined, prev)) is not None:
            k = bisect_right(starts, m.start()) - 1
            a = starts[k]
            pieces.append(joined[prev:a])
            failed += _nonascii(chunks[k])
            prev = a + len(chunks[k])
            if quarter and prev >= quarter:
                # as below: a code page that fails on most of the first quarter is hopeless
                quarter = 0
                seen = _nonascii(joined[:prev])
                if seen and failed >= HOPELESS_FAILED * seen and prev < len(joined):
                    good = b"".join(pieces)
                    failed = round(failed * _nonascii(joined) / seen)
                    return ([good.decode(codec)] if good else []), failed, good
        pieces.append(joined[prev:])
        good = b"".join(pieces)
        return ([good.decode(codec)] if good else []), failed, good
    texts: list[str] = []
    failed = 0
    seen = 0  # non-ASCII bytes of the chunks looked at
    total = sum(counts) if counts else 0
    for k, c in enumerate(chunks):
        n = counts[k] if counts else _nonascii(c)
        seen += n
        try:
            texts.append(c.decode(codec))
        except UnicodeDecodeError:
            failed += n
        if counts and seen * HOPELESS_SEEN >= total and failed >= HOPELESS_FAILED * seen and seen < total:
            # fails on most of the first quarter: a hopeless reading (it costs 6 per failed
            # share), whose failures are counted at the same rate for the rest
            return texts, round(failed * total / seen), b""
    return texts, failed, b""


#: `_decode_chunks` stops a codec that fails on this share of the non-ASCII bytes...
HOPELESS_FAILED = 0.75
#: ... of (at least) one in this many of them: double-byte codecs on a code page's text fail on
#: nearly every line, and decoding each line of the sample was a third of ranking it.
HOPELESS_SEEN = 4


def _standard_rank(codec: str) -> int:
    """Position in `STANDARD` (after it for the others): which of equal readings to name."""
    try:
        return STANDARD.index(codec)
    except ValueError:
        return len(STANDARD)


def _prior(codec: str) -> float:
    """What a code page costs before any text is seen: rare ones a little, EBCDIC much."""
    if codec in EBCDIC:
        return 1.0
    return 0.0 if codec in COMMON else RARE_PENALTY


def _cost(
    codec: str, text: str, bad: float, failed: float, context: Profile | None, controls: bool = True
) -> float:
    """The cost of reading the bytes as `text` with `codec` (see the module docstring).

    `controls` false says that `text` holds no control character (known from the bytes)."""
    cost = bad + 6.0 * failed + _prior(codec)
    if controls and _CONTROL.search(text):
        # C0 controls other than white space are in the bytes whatever the reading: text rarely
        # has them, UTF-16 without a BOM read as a code page always does. Every reading pays
        # (about) the same, so the ranking is unchanged; only the bar for believing any rises.
        share = len(_CONTROL.findall(text)) / len(text)
        cost += min(3 * CONTROL_PENALTY, CONTROL_PENALTY + 10 * share)
    if codec in VIETNAMESE:
        # Vietnamese writes its five tone marks on vowels; on anything else they are another
        # code page's letters (``Niccolò`` read in cp1258 is ``Niccoḷ``, a dot below an l)
        marks = len(_TONE_MARK.findall(text, 0, COST_CHARS))
        if marks:
            off = marks - len(_TONE_ON_VOWEL.findall(text, 0, COST_CHARS))
            cost += STRAY_TONE_PENALTY * off / max(1, _count_nonascii(text[:COST_CHARS]))
    if codec in DOUBLE_BYTE:
        if _all_glued(text):
            cost += GLUED_CJK_PENALTY
        # (the Han characters are counted only when the answer depends on it: a megabyte of
        # Chinese has hundreds of thousands)
        kana = len(_KANA.findall(text))
        if codec not in JAPANESE and kana >= 3 and kana * 10 >= len(_HAN.findall(text)):
            cost += 0.5  # Japanese text (kana) read with a Chinese or Korean codec
        if ((codec in JAPANESE and not kana) or codec in KOREAN) and _at_least(_HAN, text, 10):
            # Japanese text without a single kana, Korean text without Hangul: another language
            if codec in JAPANESE and not kana:
                cost += 0.5
            if codec in KOREAN and not _HANGUL.search(text):
                cost += 0.5
    if context is not None and context.letters:
        weight = CONTEXT_WEIGHT * min(1.0, context.letters / CONTEXT_FULL_LETTERS)
        cost += weight * context.foreignness(text)
    return cost


#: A whole-file reading is scored on at most this many characters of its text.
COST_CHARS = 20_000


def reading_cost(codec: str, text: str) -> float:
    """The cost of reading some bytes as `text` with `codec`, without a mixed file's context:
    what `rank` scores each candidate by (on the first `COST_CHARS` characters)."""
    text = text[:COST_CHARS]
    return _cost(codec, text, badness(text), 0.0, None)


_CONTROL = re.compile("[\x01-\x08\x0e-\x19\x1c-\x1f\x7f]")
_CONTROL_BYTES = re.compile(b"[\x01-\x08\x0e-\x19\x1c-\x1f\x7f]")
#: What a reading with C0 control characters costs more (see `_cost`).
CONTROL_PENALTY = 0.5
_HAN = re.compile("[\u4e00-\u9fff]")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


#: A UTF-8 Latin letter (two bytes, U+00C0-U+024F) with an ASCII letter before or after it:
#: ``Ren\xc3\xa9e``. In a legacy line it is UTF-8 text or mojibake of it (``RenÃ©e``), repaired
#: to the same letter either way.
_UTF8_LETTER = re.compile(
    rb"(?<=[A-Za-z])(?:\xc3[\x80-\xbf]|[\xc4-\xc8][\x80-\xbf])"
    rb"|(?:\xc3[\x80-\xbf]|[\xc4-\xc8][\x80-\xbf])(?=[A-Za-z])"
)


def utf8_letters(joined: bytes) -> list[tuple[int, str]]:
    """The places and letters of the UTF-8 Latin letters in the words of `joined` (`_UTF8_LETTER`)."""
    if b"\xc3" not in joined and _UTF8_LEAD.search(joined) is None:
        return []
    out = []
    for m in _UTF8_LETTER.finditer(joined):
        ch = m.group().decode("utf-8")
        if ch.isalpha():
            out.append((m.start(), ch))
    return out


_UTF8_LEAD = re.compile(rb"[\xc4-\xc8][\x80-\xbf]")


def with_letters(text: str, letters: list[tuple[int, str]]) -> str:
    """`text`, a single-byte reading, with the two characters at each place of `letters` read as
    that one UTF-8 letter: how a code page's reading of such a line is judged, since its
    UTF-8 letters are the same letters whichever code page reads the rest (``très`` beside
    ``Renée`` is French in cp1252, ``trčs`` Czech in cp1250: the letters tell, not ``Ã©``)."""
    parts = []
    pos = 0
    for at, ch in letters:
        parts.append(text[pos:at])
        parts.append(ch)
        pos = at + 2
    parts.append(text[pos:])
    return "".join(parts)


#: Code pages that write Vietnamese tones as combining marks after the vowel.
VIETNAMESE: frozenset[str] = frozenset({"cp1258"})
#: The combining tone marks of cp1258 (grave, acute, tilde, hook above, dot below), and one on
#: a vowel of Vietnamese (after the vowel, or after another mark on it: none follow another).
_TONE_MARK = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
_TONE_ON_VOWEL = re.compile("(?<=[aeiouyAEIOUYăâêôơưĂÂÊÔƠƯ])[\u0300\u0301\u0303\u0309\u0323]")
#: What a tone mark on no vowel costs, per non-ASCII character of the reading.
STRAY_TONE_PENALTY = 3.0

#: Codecs whose reading `_cost` prices by the language of its text (kana in a Chinese codec,
#: Han without kana in a Japanese one, tone marks off vowels), beyond the code page's prior.
_LANGUAGE_PENALISED: frozenset[str] = DOUBLE_BYTE | VIETNAMESE


#: A CJK character: Han, kana, Hangul.
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
#: Two CJK characters in a row, looked for in the first `PAIR_CHARS` characters.
PAIR_CHARS = 1000
_CJK_PAIR = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]{2}")
#: A lone CJK character glued to an ASCII letter.
_GLUED_CJK = re.compile(
    "(?<=[A-Za-z])[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff](?![\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff])"
    "|(?<![\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff])[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff](?=[A-Za-z])"
)
#: What a double-byte reading costs more when each of its CJK characters is a lone one glued
#: to an ASCII letter: ``Ren茅e a dit: tr鑣 bien`` is a Latin line, not Chinese (whose words
#: are two characters and more, and Latin words run into them, not around each one).
GLUED_CJK_PENALTY = 1.0


def _all_glued(text: str) -> bool:
    """Whether `text` has CJK characters (two at least: ``iPhone的app`` is Chinese) and every one
    is a lone one glued to an ASCII letter (two in a row, and the first is no lone one)."""
    if _CJK_PAIR.search(text, 0, PAIR_CHARS):
        return False  # (looked for near the start: Chinese has one there, Latin text none at all)
    cjk = len(_CJK_CHAR.findall(text, 0, COST_CHARS))
    return cjk >= 2 and len(_GLUED_CJK.findall(text, 0, COST_CHARS)) == cjk


def _at_least(pattern: re.Pattern[str], text: str, n: int) -> bool:
    """Whether `pattern` matches `text` `n` times at least (found up to the `n`-th match)."""
    return next(islice(pattern.finditer(text), n - 1, None), None) is not None


def _count_nonascii(text: str) -> int:
    """How many characters of `text` are not ASCII (an encode in C, not a list of matches: a
    hundred times faster on Cyrillic or CJK text, and `rank` counts every candidate's text)."""
    return len(text) - len(text.encode("ascii", "ignore"))


def rank(
    chunks: Sequence[bytes],
    context: Profile | None = None,
    *,
    ascii_only: bool = False,
    extra: Sequence[str] = STANDARD,
) -> list[Reading]:
    """The readings of `chunks` (lines, say), best first by the rule in the module docstring.

    Only a sample of the chunks (`SCORE_BYTES`) is decoded and scored; the caller checks the
    winner on all of them. `ascii_only` keeps only encodings that leave ASCII alone (needed
    when the chunks are pieces of a file cut at line breaks). Readings that decode nothing
    are left out.
    """
    sample = _sample(chunks)
    joined = b"".join(sample)
    total = _nonascii(joined)
    if total == 0:
        return []
    found = candidates(joined, CHARDET_BYTES)[:CHARDET_TOP]
    have = {c for c, _ in found}
    found += [(c, 0.0) for c in extra if c not in have]
    # Stage 1: every candidate, scored on a small budget of characters. A single-byte code
    # page's reading of a long sample is scored on its bytes (`sbcs`: the same numbers, in C).
    fast = len(joined) >= SBCS_MIN_BYTES
    memo = sbcs.Memo()
    starts = [0, *accumulate(map(len, sample))][:-1] if fast else []
    controls = _CONTROL_BYTES.search(joined) is not None
    letters = [] if fast else utf8_letters(joined)
    counts: list[int] = []
    quick: list[tuple[Reading, str, bytes, sbcs.Table | None]] = []
    same: dict[str, int] = {}  # text -> index in quick, for readings that failed nowhere
    for codec, confidence in found:
        if codec in ("utf-8", "ascii") or (ascii_only and not ascii_compatible(codec)):
            continue
        table = sbcs.table(codec) if fast else None
        if table is None and not counts and len(sample) > 1:
            counts = [_nonascii(c) for c in sample]  # once, for the codecs decoded chunk by chunk
        texts, failed_bytes, decoded = _decode_chunks(codec, sample, joined, table, starts, counts)
        if not texts:
            continue
        text = "".join(texts)
        if failed_bytes == 0 and text in same:
            # reads exactly like a better-ranked codec: keep that rank, but the commoner name
            k = same[text]
            old, old_text, old_bytes, old_table = quick[k]
            cost = old.cost - _prior(old.codec) + _prior(codec)
            if codec in _LANGUAGE_PENALISED or old.codec in _LANGUAGE_PENALISED:
                # what the text costs depends on the codec's language, not only its prior:
                # hiragana is hiragana in EUC-JP and GB2312 alike, but only the Chinese codec
                # pays for reading kana (the cheaper name keeps the rank)
                cost = _cost(codec, text, old.badness, 0.0, context, table is None or controls)
            rank_new = (cost, _prior(codec), _standard_rank(codec))
            if rank_new < (old.cost, _prior(old.codec), _standard_rank(old.codec)):
                quick[k] = (
                    replace(old, codec=codec, cost=cost),
                    old_text,
                    old_bytes,
                    old_table,
                )
            continue
        if failed_bytes == 0:
            same[text] = len(quick)
        failed = failed_bytes / total
        view = ""
        if letters and failed_bytes == 0 and len(text) == len(joined):
            view = with_letters(text, letters)  # one byte one character: the places are the same
        if table is not None:
            bad = sbcs.badness_bytes(decoded, table, QUICK_CHARS, memo)
            chars = total if decoded is joined else _nonascii(decoded)  # (a byte is a character)
        else:
            bad = badness(view or text, QUICK_CHARS)
            chars = _count_nonascii(text)
        # a single-byte code page reads a control character only from its ASCII byte
        cost = _cost(codec, text, bad, failed, context, table is None or controls)
        reading = Reading(codec, confidence, cost, bad, failed, chars, total - failed_bytes, text, view=view)
        quick.append((reading, text, decoded, table))
    if not quick:
        return []
    # Stage 2: the most promising ones (and chardet's first), scored on the full budget.
    order = sorted(range(len(quick)), key=lambda k: quick[k][0].cost)
    finalists = set(order[:FINALISTS]) | {0}
    readings: list[Reading] = []
    for k, (r, _text, decoded, table) in enumerate(quick):
        if k in finalists:
            bad = badness(r.judged) if table is None else sbcs.badness_bytes(decoded, table, memo=memo)
            r = replace(r, cost=r.cost - r.badness + bad, badness=bad)
            readings.append(r)
    best = min(r.cost for r in readings)
    # chardet's order decides among the good readings it has an opinion on; the others follow
    # by cost (readings are in chardet's order here, with its unscored extras last)
    good = [r for r in readings if r.cost <= best + MARGIN]
    good = _chardet_order(good)
    good = _by_prior(_by_alphabet(_by_letters(good), context))
    rest = sorted((r for r in readings if r.cost > best + MARGIN), key=lambda r: r.cost)
    rest += [quick[k][0] for k in order if k not in finalists]
    first = _prefer(good[0], sample, joined)
    return [first, *[r for r in good if r is not good[0]], *rest]


def rival_gap(chosen: Reading, others: Sequence[Reading]) -> float:
    """How much more than `chosen` the best real rival among `others` costs (1.0 without one).

    A rival gives another text, costs less than `MARGIN` more, is not a reading chardet doubts
    beside one it trusts (its byte statistics tell apart readings that `badness` cannot: Korean
    read as Chinese is clean Han) unless the letter model prefers it, has words as good
    (`_fits`), and its letters do not follow each other clearly worse in the letter model
    (`_clearly_worse`: Déjŕ beside Déjà, French read as Slovak, Hebrew as Greek) when chardet
    likes it less. The model is only trusted to doubt, not to choose: it prefers naďve.
    """
    near = [r for r in others if r.cost < chosen.cost + MARGIN and r.text != chosen.text]
    doubted = [r for r in near if chosen.confidence >= CHARDET_TRUST and r.confidence < chosen.confidence / 2]
    if doubted and _alphabet(chosen.judged) is not None:
        # chardet's doubt settles it only where the letter model agrees: all-capitals Greek is
        # small KOI8-R letters, and chardet prefers KOI8-R (``ΝΑΥΤΙΛΙΑ`` as ``маутикиа``)
        doubted = [r for r in doubted if not _clearly_worse(chosen.judged, r.judged, 0.0)]
    near = [r for r in near if r not in doubted]
    if not near:
        return 1.0
    fit = _fits(chosen.judged, chosen.codec)
    near = [r for r in near if _fits(r.judged, r.codec) >= fit]
    if near and fit != 0:
        # between two Latin readings that chardet ties, the model dismisses the reading of the
        # commoner code page for a rarer one's: it knows accented Latin words poorly (it prefers
        # cp1250's ``naďve café`` to cp1252's ``naïve café``), and then only agreeing with the
        # prior is trusted (cp1252's Italian ``sarà`` before cp1250's ``sarŕ``)
        latin = _latin(chosen.judged)
        near = [
            r
            for r in near
            if (
                latin
                and r.confidence >= CHARDET_TIE * chosen.confidence
                and _standard_rank(r.codec) < _standard_rank(chosen.codec)
                and _latin(r.judged)
            )
            or not _clearly_worse(r.judged, chosen.judged, RIVAL_LETTER_MARGIN)
        ]
    return min(r.cost for r in near) - chosen.cost if near else 1.0


def _latin(text: str) -> bool:
    """Whether the non-ASCII letters of `text` (its first `LETTER_CHARS`) are all Latin."""
    wide = [c for c in _NON_ASCII.findall(text, 0, LETTER_CHARS) if c.isalpha()]
    return bool(wide) and all(char_script(c) == "Latin" for c in wide)


def _by_alphabet(good: list[Reading], context: Profile | None = None) -> list[Reading]:
    """`good` with a reading whose letters are one language's first, when the first's are not.

    Readings that are all clean letters can still be told apart by whether a language written
    in that code page uses those letters (`_fits`): ``Déjà vu`` (French, cp1252) beside ``Déją
    vu`` (é with ą: no language that cp1257 is made for has both), ``Résumé envoyé à Zoë``
    beside ``... ŕ Zoë`` (Slovak has ŕ, not ë).

    A file's legacy part is judged with the letters of its UTF-8 part (`context`), one text in
    one language: a French file's `` \xe0 v\xe9lo`` after ``L’été dernier, Hélène`` is cp1252's
    ``à vélo``, not cp1250's Slovak ``ŕ vélo``, which no language writes beside è. Where those
    letters and no reading make one language's alphabet, the readings are judged alone.
    """
    if len(good) < 2:
        return good
    home = "".join(sorted(context.chars)) if context is not None else ""
    if home:
        found = _first_of_one_alphabet(good, home)
        if found is not None:
            return found
    return _first_of_one_alphabet(good, "") or good


def _chardet_order(good: list[Reading]) -> list[Reading]:
    """`good` in chardet's order (the readings it trusts, `CHARDET_TRUST`), then by cost.

    chardet gives some single-byte pages the very same confidence (ISO 8859-15 and
    windows-1252 for Latin text): of such a tie, the commoner page, earlier in `STANDARD`, is
    first. (A tie with a double-byte codec keeps chardet's order: Shift-JIS and cp932 are
    told apart by their own readings, `_prefer`.)"""
    trusted = [r for r in good if r.confidence >= CHARDET_TRUST]
    groups: dict[float, list[Reading]] = {}
    for r in trusted:
        groups.setdefault(r.confidence, []).append(r)
    out: list[Reading] = []
    for group in groups.values():
        if all(r.codec not in DOUBLE_BYTE for r in group):
            group = sorted(group, key=lambda r: _standard_rank(r.codec))
        out += group
    return out + sorted((r for r in good if r.confidence < CHARDET_TRUST), key=lambda r: r.cost)


def _by_prior(good: list[Reading]) -> list[Reading]:
    """`good` with the commoner code page's Latin reading first, where chardet ties it with the
    first (`CHARDET_TIE`) and the letter model finds the first clearly worse: the model is
    trusted to agree with the prior, not to go against it (see `rival_gap`). A French part
    ``H\xe9l\xe8ne ... \xe0 v\xe9lo`` is cp1252's ``Hélène ... à vélo``, which chardet likes a
    little less than cp1250's ``Hélčne ... ŕ vélo``, Slovak letters all."""
    if len(good) < 2 or not _latin(good[0].judged):
        return good
    first = good[0]
    fit = _fits(first.judged, first.codec)
    k = next(
        (
            k
            for k, r in enumerate(good)
            if k
            and not r.failed
            and r.confidence >= CHARDET_TIE * first.confidence
            and _standard_rank(r.codec) < _standard_rank(first.codec)
            and _latin(r.judged)
            and _fits(r.judged, r.codec) >= fit
            and _clearly_worse(first.judged, r.judged, RIVAL_LETTER_MARGIN)
        ),
        None,
    )
    if k is None:
        return good
    return [good[k], *good[:k], *good[k + 1 :]]


def _first_of_one_alphabet(good: list[Reading], home: str) -> list[Reading] | None:
    """`_by_alphabet` with the letters `home` beside each reading's, or ``None`` when no
    reading, with them, is one language's."""
    first = _fits(home + good[0].judged, good[0].codec)
    if first == 1:
        return good
    if first == -1:
        return None if home else good
    k = next(
        (k for k, r in enumerate(good) if k and not r.failed and _fits(home + r.judged, r.codec) == 1), None
    )
    if k is None:
        return None if home else good
    return [good[k], *good[:k], *good[k + 1 :]]


@cache
def _alphabets_of(codec: str) -> tuple[frozenset[str], ...]:
    """The main letters (case-folded) of every CLDR locale whose main letters `codec` can all
    encode: the languages that code page is for. (Auxiliary letters of loan words are left out:
    with them, some alphabet holds nearly any mix of accented letters.)"""
    from ..text.alphabets import alphabets, letters_of

    out = []
    for a in alphabets().values():
        letters = "".join(a.letters)
        if letters.isascii():
            continue
        try:
            letters.encode(codec)
        except (UnicodeEncodeError, LookupError):
            continue
        out.append(letters_of(letters))
    return tuple(out)


def _fits(text: str, codec: str) -> int:
    """1 when the non-ASCII letters of `text` (its first `LETTER_CHARS`) are all letters of one
    language that `codec` is for, 0 when of none, -1 when there is nothing to judge: no such
    letters, letters of other scripts than `_ALPHABETS`, or a double-byte codec."""
    from ..text.alphabets import letters_of

    if codec in DOUBLE_BYTE:
        return -1
    letters = letters_of("".join(_NON_ASCII.findall(text, 0, LETTER_CHARS)))
    if not letters or any(char_script(c) not in _ALPHABETS for c in letters):
        return -1
    return 1 if any(letters <= a for a in _alphabets_of(codec)) else 0


#: chardet's confidence below which the letter model may overrule its order among good readings.
LETTER_TRUST = 0.5
#: How much lower (per non-ASCII character) the letter model's cost must be to overrule it.
LETTER_MARGIN = 0.15
#: Characters of a reading the letter model looks at.
LETTER_CHARS = 2000


def _by_letters(good: list[Reading]) -> list[Reading]:
    """`good` with the reading whose letters follow each other most like real words first.

    Readings that `badness` cannot tell apart because each is clean letters of another
    alphabet (all-capitals Greek in ISO-8859-7 is lower-case Cyrillic in KOI8-R) differ in how
    likely each letter is after the one before it: the mojibake engine's letter model, built
    from word lists, knows ``ΝΑΥΤΕΜΠΟΡΙΚΗ`` from ``маутелпояийг``. It only overrules chardet
    when chardet is unsure and the difference is clear (`_letter_margin`, `_clearly_worse`):
    between readings in different alphabets the model knows (Latin, Cyrillic, Greek, Arabic,
    Hebrew, and CJK: Han, kana and Hangul together), or in the same one but Latin. Code pages
    of one alphabet differ where one has capitals and another other letters or signs
    (windows-1251's ``ИНФОРМАТОР`` is KOI8-R's ``хмтнплюрнп``, its ``АвиаПорт`` Mac Cyrillic's
    ``јвиаѕорт``); EUC-JP's hiragana are Big5's commonest Hanzi (``あけまして`` is ``丐仃引仄``),
    which the word lists price as rare. Between two Latin readings the model is not trusted:
    it knows accented Latin words poorly (it prefers ``naďve`` to ``naïve``).
    """
    if len(good) < 2 or good[0].confidence >= LETTER_TRUST:
        return good
    first = _alphabet(good[0].text)
    if first is None:
        return good
    others = [
        (k, r)
        for k, r in enumerate(good)
        if k and not r.failed and (a := _alphabet(r.text)) is not None and (a != first or a != "Latin")
    ]
    if not others:
        return good
    # the same bytes: the cheapest in all (a CJK reading has half as many characters)
    _total, k = min((mean * n, k) for k, r in others for mean, n in [_letter_stats(r.text)])
    alphabet = _alphabet(good[k].text)
    margin = _letter_margin(first, alphabet)
    if alphabet == first:
        # letters of one alphabet in both: only a clear difference per character counts
        clear = _letter_cost(good[0].text) >= _letter_cost(good[k].text) + margin
    else:
        clear = _clearly_worse(good[0].text, good[k].text, margin)
    if not clear:
        return good
    return [good[k], *good[:k], *good[k + 1 :]]


def _letter_margin(first: str, other: str | None) -> float:
    """How much cheaper (nats per non-ASCII character) the letter model must find a reading in
    alphabet `other` than chardet's first in alphabet `first` to put it first (`_by_letters`;
    a CJK reading is judged in all, `_clearly_worse`)."""
    return SAME_ALPHABET_MARGIN if first == other else LETTER_MARGIN


#: chardet's confidences in two readings are a tie when the lower is this share of the higher
#: at least (its statistics give cp1252 and cp1250 ``naïve café`` 0.02416 and 0.02416).
CHARDET_TIE = 0.9
#: Nats per non-ASCII character by which the letter model must find a rival reading worse for
#: it not to lower the confidence (see `rank`).
RIVAL_LETTER_MARGIN = 1.0


def _letter_cost(text: str) -> float:
    """The letter model's mean cost of the non-ASCII characters of `text` (its first
    `LETTER_CHARS`): how much like words of some language they follow each other."""
    return _letter_stats(text)[0]


def _letter_stats(text: str) -> tuple[float, int]:
    """`_letter_cost` of `text`, and how many characters it is the mean of."""
    from ..text.charmodel import model  # the model loads on first use (about 0.4 s)

    text = text[:LETTER_CHARS]
    wide = [c for ch, c in zip(text, model().costs(text)) if ch >= "\x80"]
    return (sum(wide) / len(wide) if wide else 0.0), len(wide)


#: Nats in all by which the letter model finds a reading worse than another, both in alphabets
#: it knows (`_alphabet`), for that to be clear however little each character differs: on the
#: snippets of benchmarks/detect.py the model never prefers a wrong reading of such alphabets
#: by more than 1.7 nats, and all-capitals Greek costs 3 to 8 less than its KOI8-R reading
#: (0.15 to 0.3 a character, within any margin per character).
LETTER_NATS = 3.0


def _clearly_worse(text: str, than: str, per_char: float) -> bool:
    """Whether the letter model finds `text` clearly worse than `than`, two readings of the same
    bytes: by `per_char` nats a non-ASCII character, or by `LETTER_NATS` in all when both are in
    alphabets it knows. A CJK reading is judged in all only: its characters are two bytes
    each, where a code page reads one letter a byte, so that the same bytes are half as many
    characters, each a choice among thousands (``梦醒时分`` costs 8.2 nats a character, its
    windows-1251 reading ``УЮабЪБЗж`` 5.4, and 33 nats in all against 43)."""
    theirs, n = _letter_stats(text)
    mine, m = _letter_stats(than)
    known = (_alphabet(text), _alphabet(than))
    if "CJK" in known:
        return theirs * n - mine * m >= LETTER_NATS
    if theirs >= mine + per_char:
        return True
    if None in known:
        return False
    return (theirs - mine) * min(n, m) >= LETTER_NATS


#: The alphabets whose letters `_fits` checks against the languages of a code page.
_ALPHABETS = frozenset({"Latin", "Cyrillic", "Greek"})
#: The alphabets the letter model knows well enough to compare readings in (`_alphabet`); Han,
#: kana and Hangul are one, CJK (a Japanese reading mixes kanji and kana).
_MODELLED = _ALPHABETS | {"Arabic", "Hebrew"}
_CJK_SCRIPTS = frozenset({"Han", "Kana", "Hangul"})
#: A reading is compared by its letters when it has this many non-ASCII letters at least (CJK
#: characters, two bytes each and one of thousands, tell more apiece).
LETTER_MIN = 8
LETTER_MIN_CJK = 4
#: The margin of `_letter_margin` between readings of one alphabet, which differ only in some
#: of their letters.
SAME_ALPHABET_MARGIN = 0.5


def _alphabet(text: str) -> str | None:
    """The one alphabet of `text`'s non-ASCII characters, if they are (nearly all) its letters."""
    wide = _NON_ASCII.findall(text, 0, LETTER_CHARS)
    if len(wide) < LETTER_MIN_CJK:
        return None
    scripts: Counter[str] = Counter()
    for c in wide:
        if c.isalpha():
            script = char_script(c)
            scripts["CJK" if script in _CJK_SCRIPTS else script] += 1
    if not scripts:
        return None
    script, n = scripts.most_common(1)[0]
    if script != "CJK" and (script not in _MODELLED or len(wide) < LETTER_MIN):
        return None
    return script if n >= 0.9 * len(wide) else None


def _prefer(chosen: Reading, sample: Sequence[bytes], joined: bytes) -> Reading:
    """The standard encoding instead of its vendor superset when it reads the sample too."""
    standard = PREFER.get(chosen.codec)
    if standard is None or chosen.failed:
        return chosen
    texts, failed, _good = _decode_chunks(standard, sample, joined)
    if failed or not texts:
        return chosen
    return replace(chosen, codec=standard, text="".join(texts))


def detect_legacy(data: bytes) -> tuple[str, float] | None:
    """The best reading of all of `data` that decodes strictly: ``(codec, confidence)``, or ``None``.

    For 7-bit data (ISO-2022, HZ) there is nothing to score: chardet's first candidate that
    decodes is taken.
    """
    if data.isascii():
        for codec, confidence in candidates(data):
            if codec in ("utf-8", "ascii"):
                continue
            try:
                data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
            return codec, confidence
        return None
    for r in rank(data.splitlines(keepends=True)):
        if r.failed:
            continue
        try:
            data.decode(r.codec)
        except UnicodeDecodeError:
            continue
        return r.codec, r.plausible_confidence
    return None
