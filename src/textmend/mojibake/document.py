"""The document as a whole: its own language model for lost characters, and its one reading.

A lost byte leaves a choice among a few dozen characters, and the shipped model knows only how
common each is in general. The document knows better: the byte is mostly lost where a character
meets ASCII (GBK pairs the last byte of ``。`` with the newline after it and fails), so the same
word, the same full stop, the same name usually stand intact elsewhere in the same text, where
nothing followed them that broke them. A cache model (Kuhn and De Mori's, the classic way to
adapt a language model to one document) counts the characters and pairs of characters that
decoded with every byte intact, and the engine lowers the shipped model's cost of a candidate
by what those counts say when it weighs candidates (see `resolve.resolve_lost`). The counts also
say which Chinese script the document is written in (`Mixer.other`).

Only pairs count: a character seen intact elsewhere says little about a lost one (a frequent
character is frequent in the document as in the model), a pair seen intact is the same word.
How far that goes depends on the codec: GBK loses a byte where a character meets ASCII, so
about one lost character in seven has its pair with the character before it intact elsewhere
in the same document (measured on the eval corpus); EUC-KR and Big5 lose bytes by the value
of the bytes themselves, so a character lost once is lost everywhere, and the document holds
almost none of them intact (under 2%). A pair seen intact in another word (全方位) can also
outweigh the word that is damaged everywhere it occurs (全文 before ``</a>``), which is why the
weight is small.

The counts come from one decoding of the document in C (encoded back with the wrong codec, each
lost marker and each character that codec lacks a byte that UTF-8 never holds, then decoded as
UTF-8 with replacement), once per codec, over at most `MAX_CHARS` characters: linear, and cheap
next to the search.

The document is also where a reading found for part of it is applied to the rest, in C: when
the main layer's repairs cover nearly all of its non-ASCII text, the few characters left over
are read with it too (`whole_document`), and a long document past the search budget is read
piece by piece with that layer wherever it holds (`past_the_budget`). `utf8_underneath` tells
the single-byte mix-ups that are ftfy's (UTF-8 under them) from those that are this engine's.

>>> doc = Document("我们在图书馆见面。我们明天见".encode().decode("gbk", errors="replace"))
>>> doc.counts("gbk")[0]["我"], doc.counts("gbk")[1]["我们"]
(2, 1)
"""

from __future__ import annotations

import codecs
import math
import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from operator import add
from typing import Any

from ..text.charmodel import (
    CJK_LETTERS,
    CTRL,
    MARK,
    OTHER,
    PUA,
    Model,
    char_class,
    model,
)
from ..text.charsets import CHARSETS, Layer, common_block
from ..text.encodings import shown_bytes
from .channels import Span, atoms_for
from .lossy import lost_runs
from .screen import EUC_KR_SPELLED, qmark_positions, screen_encode

#: At most this many characters of a document are counted.
MAX_CHARS = 100_000
#: What is not counted: anything but CJK letters (Han, kana, Hangul) and CJK punctuation.
_NOT_CJK = re.compile("[^\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff5e]")
#: How much a pair seen intact in the document adds to the shipped model's probability: the
#: pair's share among the pairs that start with the same character, times this.
WEIGHT = 0.2
#: Added to the count of the first character of a pair (a pair seen once after a character seen
#: once is some evidence, not certainty).
BACKOFF = 1.0


class Document:
    """A text being repaired, with the counts of its intact characters under each wrong codec."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._counts: dict[str, tuple[Counter[str], Counter[str], int]] = {}

    def counts(self, shown: str) -> tuple[Counter[str], Counter[str], int]:
        """(character counts, pair counts, number of characters counted) of the text's UTF-8
        read as `shown`, intact characters only (letters and CJK punctuation)."""
        got = self._counts.get(shown)
        if got is None:
            got = self._counts[shown] = _count(self.text[:MAX_CHARS], shown)
        return got

    def mixer(self, shown: str) -> Mixer | None:
        """The cost adjuster for `shown`, or None when the document has too little intact text."""
        uni, bi, n = self.counts(shown)
        return Mixer(uni, bi, n, _other_script(uni)) if n >= 20 else None


class Mixer:
    """Lowers the shipped model's cost of a character after another where the document holds
    the pair intact."""

    def __init__(
        self, uni: Counter[str], bi: Counter[str], n: int, other: frozenset[str] = frozenset()
    ) -> None:
        self.uni = uni
        self.bi = bi
        self.n = n
        #: Characters of the Chinese script the document does not use (Simplified-only ones in a
        #: Traditional text, and the reverse): a lost character is seldom one of them.
        self.other = other

    def cost(self, prev: str, ch: str, shipped: float) -> float:
        """The cost (nats) of `ch` after `prev`, given the shipped model's `shipped`: lower when
        the document holds the pair intact elsewhere (a word seen whole), as it is otherwise.
        (`resolve.resolve_lost` makes the same computation inline, in its inner loop.)"""
        if not prev:
            return shipped
        pair = self.bi.get(prev + ch, 0)
        if not pair:
            return shipped
        p_doc = pair / (self.uni.get(prev, 0) + BACKOFF)
        return -math.log(math.exp(-shipped) + WEIGHT * p_doc)


#: A document is written in one Chinese script when its intact Han characters include at least
#: this many of that script's own characters and at most one in this many of the other's.
SCRIPT_EVIDENCE = 5
SCRIPT_RATIO = 20


def _other_script(uni: Counter[str]) -> frozenset[str]:
    """The characters only the other Chinese script uses, when the document's intact characters
    show it is written in one (none for Japanese: kana mark it, and its kanji mix both)."""
    from ..zh.chars import hans, hant

    if any("\u3040" <= c <= "\u30ff" for c in uni):
        return frozenset()
    simp, trad = hans(), hant()
    n_s = sum(v for c, v in uni.items() if c in simp)
    n_t = sum(v for c, v in uni.items() if c in trad)
    if n_t >= SCRIPT_EVIDENCE and n_s * SCRIPT_RATIO <= n_t:
        return simp
    if n_s >= SCRIPT_EVIDENCE and n_t * SCRIPT_RATIO <= n_s:
        return trad
    return frozenset()


def _count(text: str, shown: str) -> tuple[Counter[str], Counter[str], int]:
    try:
        # (the screen's encoding: the codec with the `textmend-{shown}` error handler's bytes,
        # a text full of characters the codec lacks mapped character by character in C)
        data = screen_encode(text, shown)
    except (UnicodeError, LookupError):
        return Counter(), Counter(), 0
    decoded = data.decode("utf-8", errors="replace")
    # keep the intact letters and marks; anything else (ASCII, markers) breaks a pair
    keep = _NOT_CJK.sub(" ", decoded)
    uni = Counter(keep)
    del uni[" "]
    bi = Counter(p for p in map(add, keep, keep[1:]) if " " not in p)
    return uni, bi, sum(uni.values())


#: The single-byte code pages a one-byte-per-character mix-up is read between.
_SINGLE_BYTE = frozenset({"cp1252", "cp1251", "koi8-r", "mac_roman", "latin-1", "iso8859-15"})


def utf8_underneath(text: str, a: int, b: int, layers: tuple[Layer, ...], after: str) -> bool:
    """Whether a repair of ``text[a:b]`` (into `after`) read through a single-byte code page sits
    in a run of non-space non-ASCII characters that windows-1252 turns back into valid UTF-8.

    For a single-byte mix-up (windows-1251 read as windows-1252...) that is ftfy's kind of
    mojibake, which the Latin fixer after this one undoes (``ÃƒÅ“`` in ``ÃƒÅ“gyvitel``: Ü twice
    through UTF-8 read as windows-1252); a Cyrillic reading of it is wrong, and real windows-1251
    text read as windows-1252 (``Ïðèâåò``) is not valid UTF-8. A legacy CJK reading of the same
    bytes (EUC-KR's 캅 for the Turkish İ of ``Ä°kinci``) gives way when the UTF-8 reading is the
    likelier text.
    """
    if not all(sh in _SINGLE_BYTE for _t, sh in layers):
        return False
    a0, b0 = a, b
    while a > 0 and text[a - 1] > "\x7f" and not text[a - 1].isspace():
        a -= 1
    n = len(text)
    while b < n and text[b] > "\x7f" and not text[b].isspace():
        b += 1
    decoded = _utf8_family(text[a:b])
    if decoded is None and ("\xa0" in text[a - 1 : a] or "\xa0" in text[b : b + 1]):
        # a no-break space may be continuation byte A0 inside a sequence (CESU-8's í\xa0½):
        # the run is read on through it, a few characters at most (so that no input is quadratic)
        a1, b1 = _through_nbsp(text, a, b)
        decoded = _utf8_family(text[a1:b1]) if a - a1 <= NBSP_RUN and b1 - b <= NBSP_RUN else None
        a, b = a1, b1
    if decoded is None or decoded.isascii():
        return False
    if all(t in _SINGLE_BYTE for t, _sh in layers):
        return True
    reading = text[a:a0] + after + text[b0:b]
    if decoded == reading:
        return True  # (ISO 8859-15 reads most of UTF-8 as windows-1252 does: the Latin fixer's)
    m = model()
    prev, nxt = text[a - 1 : a], text[b : b + 1]
    return m.cost(decoded, prev, nxt) < m.cost(reading, prev, nxt)


#: How far past the run of `utf8_underneath` a no-break space may carry it, each side.
NBSP_RUN = 24


def _in_sequence(ch: str) -> bool:
    """Whether `ch` may stand inside UTF-8 read as windows-1252: a non-ASCII character other
    than a space, or the no-break space that is continuation byte A0."""
    return ch > "\x7f" and (ch == "\xa0" or not ch.isspace())


def _through_nbsp(text: str, a: int, b: int) -> tuple[int, int]:
    """The run ``text[a:b]`` carried on through no-break spaces and the characters of
    `_in_sequence`, at most `NBSP_RUN` characters each side (one more when it goes on)."""
    lo = max(0, a - NBSP_RUN - 1)
    while a > lo and _in_sequence(text[a - 1]):
        a -= 1
    hi = min(len(text), b + NBSP_RUN + 1)
    while b < hi and _in_sequence(text[b]):
        b += 1
    return a, b


def _utf8_family(run: str) -> str | None:
    """The text that `run`, as windows-1252 shows bytes (latin-1 for the C1 controls), holds as
    UTF-8, or as CESU-8 (an astral character as the two three-byte sequences of its surrogate
    pair, ``í\xa0½í¸\x80`` for 😀: what Java and MySQL's utf8 write, and ftfy undoes); ``None``
    when it is neither."""
    data = shown_bytes(run, ("cp1252", "latin-1"))
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8", "surrogatepass").encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeError:  # a lone surrogate, or not UTF-8 at all
        return None


#: Share of a document's non-ASCII characters its repairs must cover before the rest is read
#: with its main layer too (see `whole_document`).
WHOLE_SHARE = 0.9
#: ... or this share, for leftovers that bear the layer's signature (see `whole_document`).
SIGNED_SHARE = 0.5


_NEVER = frozenset({CTRL, PUA, OTHER, MARK})
#: ... and none whose reading costs this many nats more than it does as it stands: a clean word
#: beside the mojibake (Москва, read through KOI8-R as лНЯЙБЮ) is far dearer read.
LEFTOVER_DOUBT = 9.0


#: A run of non-ASCII characters other than spaces.
_WIDE_RUN = re.compile(r"[^\x00-\x7f\s]+")


def whole_document(
    text: str, spans: list[tuple[int, Span]], main: Layer, m: Model, signed: bool = False
) -> list[tuple[int, Span]]:
    """The last few non-ASCII characters of a document that a legacy CJK layer misread whole.

    When the main layer's repairs cover nearly all of a document's non-ASCII text, the document
    went through that mix-up whole, and the characters left over went through it too, though
    alone they prove nothing: ``畢`` (GBK 拨 read as Big5) is a common character as it stands,
    and ``§c`` (Big5 呃 read as windows-1252, its second byte the letter c) looks like a symbol
    and a letter. Each leftover run of non-ASCII characters (with the ASCII character after it
    when its last byte needs a second) is read back with the main layer, and kept only when it
    gives letters of the frequently used block of the charset it was written in, or its marks and
    symbols (``¢Ñ``, EUC-KR's ☞, alone between ASCII words). A single-byte layer's leftovers
    (``fork() Ч``, в in KOI8-R read as windows-1251: one letter is no evidence alone) are read
    only as letters.

    With less of the document behind the layer (`signed`: its repairs are the only ones, but
    too few to make it the document's known layer; or they cover only `SIGNED_SHARE` of it),
    a leftover is read only when it bears the layer's own signature: rare characters of the
    charset it was read as that are common ones of the charset it was written in (``珈`` alone
    in a description, 仙 in GBK read as Big5, beside a title that layer repaired).
    """
    true, shown = main
    common = common_block(true)
    alphabet = CHARSETS[true].kind == "sbcs" and CHARSETS[shown].kind == "sbcs"
    if not (common or alphabet) or not spans:
        return []
    covered = sorted((s + sp.start, s + sp.end) for s, sp in spans)
    share = WHOLE_SHARE if not signed else SIGNED_SHARE
    if sum(b - a for a, b in covered) < share * wide_count(text):
        return []  # the repairs cannot cover that share (counted in C, before the loop below)
    # The stretches of non-ASCII text no repair covers: the runs of `_WIDE_RUN` in the gaps
    # between the repairs (a run a repair cuts is cut there too), searched in C gap by gap.
    runs: list[tuple[int, int]] = []
    pos = 0
    for c0, c1 in covered:
        if c0 > pos:
            runs += (m.span() for m in _WIDE_RUN.finditer(text, pos, c0))
        pos = max(pos, c1)
    if pos < len(text):
        runs += (m.span() for m in _WIDE_RUN.finditer(text, pos))
    total = wide_count(text)  # (the characters of `_WIDE_RUN`)
    inside = total - sum(b - a for a, b in runs)
    if not runs or inside < share * total:
        return []
    codec_in, codec_out = shown_codec(text, shown), CHARSETS[true].codecs[0]
    rare_shown = common_block(shown)
    out: list[tuple[int, Span]] = []
    clean_lines: set[int] = set()  # the lines (numbers) found to hold clean text
    newlines = [x.start() for x in re.finditer("\n", text)] if alphabet else []
    for a, b in runs:
        try:
            data = text[a:b].encode(codec_in)
        except UnicodeEncodeError:
            continue
        try:
            fixed = data.decode(codec_out)
        except UnicodeDecodeError:
            if b >= len(text) or not ("!" <= text[b] <= "~"):
                continue
            try:
                fixed = (data + text[b].encode("ascii")).decode(codec_out)
            except UnicodeDecodeError:
                continue
            b += 1
        if fixed == text[a:b]:
            continue
        if alphabet:
            if (
                not all(c.isalpha() and c > "\x7f" for c in fixed)
                or text[a - 1 : a].isalpha()
                and text[a - 1 : a].isascii()
                or text[b : b + 1].isalpha()
                and text[b : b + 1].isascii()
            ):
                # read only as letters, and not inside a Latin word ('crème' as 'crиme'): a line
                # holding such a word is clean text, and none of its leftovers is read
                clean_lines.add(bisect_left(newlines, a))
                continue
        elif not all(
            c in common if char_class(c) in CJK_LETTERS else c > "\x7f" and char_class(c) not in _NEVER
            for c in fixed
        ):
            continue
        if (signed or inside < WHOLE_SHARE * total) and not (
            rare_shown and all(c not in rare_shown for c in text[a:b]) and all(c in common for c in fixed)
        ):
            continue  # with less of the document behind it, only the layer's own signature
        prev, nxt = text[a - 1 : a], text[b : b + 1]
        if m.cost(fixed, prev, nxt) > m.cost(text[a:b], prev, nxt) + LEFTOVER_DOUBT:
            continue  # a clean word the layer reads as gibberish (Москва as лНЯЙБЮ)
        out.append((a, Span(0, b - a, [(0, b - a, fixed, [])], (main,), 1.0)))
    if clean_lines:
        out = [(a, sp) for a, sp in out if bisect_left(newlines, a) not in clean_lines]
    return out


#: Past the search budget of a document a single-byte layer explains nearly whole, the text is
#: read in pieces (lines, or this many characters of a long line) whose words cost less so
#: altogether (short words and abbreviations, ``ори`` for НПХ, go with their piece).
PIECE = 400
#: A line's last piece is never shorter than this many characters: the rest of a line up to
#: ``PIECE + TAIL`` is one piece (a word or two cut off a long line, ``ÂÁ. <BR>``, cannot be
#: judged alone: read with the piece before, they go with it).
TAIL = PIECE // 4
#: ... judged on their first this many characters (a single-byte reading keeps every character
#: in its place), which bounds the model's work past the budget to a third of the text.
SAMPLE = 120
#: A word of the text past the search budget, for `past_the_budget`: a run of non-ASCII
#: characters and the ASCII letters and digits glued to them (markup and punctuation cut it).
_WORD = re.compile(r"[A-Za-z0-9]*[^\x00-\x7f\s]+(?:[A-Za-z0-9]+[^\x00-\x7f\s]+)*[A-Za-z0-9]*")


#: A non-ASCII whitespace character (no-break space, ideographic space...).
_WIDE_SPACE = re.compile(r"[^\S\x00-\x7f]")


def wide_count(text: str) -> int:
    """How many characters of `text` are non-ASCII and not spaces, counted in C (the codec and
    a search for the rare non-ASCII spaces): what the coverage tests below weigh."""
    n = len(text) - len(text.encode("ascii", "ignore"))
    return n - len(_WIDE_SPACE.findall(text)) if n else 0


def ftfy_reading(text: str, start: int, deferred: list[tuple[int, int]]) -> bool:
    """Whether ``text[:start]``, searched, is UTF-8 read as a single-byte code page from end to
    end: the stretches the search left to the Latin fixer (`deferred`, ``(start, end)``, each
    a reading made only of layers ftfy undoes) cover nearly all of its non-ASCII characters.
    Such a document is ftfy's kind of mojibake, which the Latin fixer after this one repairs
    whole; searching the rest of it would only find more of the same (and leave it too)."""
    if "\ufffd" in text:
        return False  # lost bytes: a lossy CJK reading may yet explain some of them
    total = wide_count(text[:start])
    if not total:
        return False
    inside = sum(wide_count(text[a : min(b, start)]) for a, b in deferred if a < start)
    return inside >= WHOLE_SHARE * total


def _reading_holds(text: str, start: int, spans: list[tuple[int, Span]], main: Layer) -> bool:
    """Whether `main` is the reading of the whole document, as far as ``text[:start]`` (searched,
    repaired in `spans`) shows: its repairs cover nearly all of that text's non-ASCII characters,
    and it is not UTF-8 read as a code page (ftfy's) or a text read as UTF-8 (U+FFFD throughout)."""
    true, shown = main
    if CHARSETS[shown].kind == "utf8" or CHARSETS[true].kind == "utf8" and CHARSETS[shown].kind != "dbcs":
        return False
    covered = sorted((s + sp.start, s + sp.end) for s, sp in spans if s + sp.start < start)
    total = wide_count(text[:start])
    inside = sum(wide_count(text[a : min(b, start)]) for a, b in covered)
    if not total or inside < WHOLE_SHARE * total:
        return False
    sample = covered[:20]
    # (UTF-8 read as windows-1252, Ã§a, is the Latin fixer's, which drops these spans)
    return sum(utf8_underneath(text, a, b, (main,), "") for a, b in sample) * 2 <= len(sample)


#: ASCII below 0x40 (controls, space, digits, most punctuation): no byte of a legacy CJK charset's
#: second half, so a piece cut after one does not split a double-byte character.
_CUTS = re.compile(r"[\x00-\x3f][^\x00-\x3f]*\Z")


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a piece of `text` that must end in ``[lo, hi]``: after its last space there,
    else after its last character below 0x40 (see `_CUTS`), else at `hi`."""
    space = text.rfind(" ", lo, hi)
    if space > 0:
        return space + 1
    m = _CUTS.search(text, lo, hi)
    return m.start() + 1 if m is not None else hi


#: The codecs of the single-byte charsets: a byte is a whole character of each.
_SINGLE_BYTE_CODECS = frozenset(cs.codecs[0] for cs in CHARSETS.values() if cs.kind == "sbcs")


def _whole_chars(text: str, a: int, b: int, codec_in: str, codec_out: str) -> int:
    """`b`, or a little less, so that the bytes of ``text[a:b]`` (encoded with `codec_in`) end
    on a whole character of `codec_out` (a piece with no place to cut in its second half must
    not end between the two bytes of a double-byte character, which would misread the next)."""
    if codec_out in _SINGLE_BYTE_CODECS:
        return b  # every byte is a whole character
    while b - a > 1:
        try:
            data = text[a:b].encode(codec_in)
        except UnicodeEncodeError:
            return b
        dec = codecs.getincrementaldecoder(codec_out)(errors="replace")
        dec.decode(data)
        if not dec.getstate()[0]:
            return b
        b -= 1
    return b


def aligned_start(text: str, at: int, lo: int) -> int | None:
    """A start for reading `text` wholesale at or before `at` (not before `lo`) that splits no
    character of the bytes underneath: after the last character below 0x40 in ``[lo, at)`` (see
    `_CUTS`), or None when there is none."""
    m = _CUTS.search(text, lo, at)
    return m.start() + 1 if m is not None else None


def shown_codec(text: str, shown: str) -> str:
    """The codec of charset `shown` that `text` was decoded with: the first of its codecs (the
    standard one, then the vendor supersets) that encodes all of it but its U+FFFD, else the
    one that lacks the fewest of its characters.

    A wholesale reading goes back to the bytes with one codec, and the standard one lacks what
    only a superset's decoder gives: Python's cp932 reads a lone byte 0x80 (a UTF-8 continuation
    byte where a character was lost) as U+0080, which shift_jis cannot encode, so UTF-8 read as
    cp932 fails to encode on nearly every line and the rest of such a document was left as it
    was (the search, which encodes character by character through all the codecs, read it)."""
    codecs_ = CHARSETS[shown].codecs
    if len(codecs_) == 1:
        return codecs_[0]
    plain = text.replace("\ufffd", "") if "\ufffd" in text else text
    lacking: list[tuple[int, int, str]] = []
    for i, codec in enumerate(codecs_):
        try:
            data = plain.encode(codec)
        except UnicodeEncodeError:
            lacking.append((plain.encode(codec, "replace").count(b"?") - plain.count("?"), i, codec))
            continue
        if codec == "euc_kr" and EUC_KR_SPELLED in data and "\u3164" not in plain:
            # Python's euc_kr spells a syllable outside KS X 1001 (똠, or cp949's reading of
            # a UTF-8 byte pair) as eight bytes of jamo, where cp949 has the decoder's two
            lacking.append((data.count(EUC_KR_SPELLED), i, codec))
            continue
        return codec
    return min(lacking)[2]


def past_the_budget(
    text: str,
    start: int,
    spans: list[tuple[int, Span]],
    main: Layer,
    m: Model,
    doc: Document | None = None,
) -> list[tuple[int, Span]] | None:
    """The rest of a long document past the search (from `start`: where the search budget ran
    out, or where the fixer found the document's reading on a sample), read piece by piece
    (word by word where a piece does not read whole) with its main layer when that explains
    nearly all of the text searched so far; None otherwise (a layer read as UTF-8, whose text
    is U+FFFD throughout, or UTF-8 read as a single-byte code page, which is ftfy's).

    Such a document went through that mix-up from end to end: the search found the document's
    reading, and the codecs apply it wholesale, in C, wherever it holds (each piece is kept when
    the model finds it cheaper so), in time linear in the document. Windows-1251 read as
    windows-1252, GBK read as latin-1, UTF-8 read as GBK: a megabyte takes a fraction of a
    second where the search would take minutes. Where the wrong decoder replaced bytes
    (U+FFFD), the characters around them are read and each lost character is weighed among its
    candidates as the search weighs it (`restore_lost`): restored where one clearly wins, else
    one U+FFFD with its candidates (reported, TM204).
    """
    if not _reading_holds(text, start, spans, main):
        return None
    true, shown = main
    codec_in, codec_out = shown_codec(text, shown), CHARSETS[true].codecs[0]
    lossy = true == "utf-8"  # a lost byte (U+FFFD) stays lost: the characters around it are read
    # Where no byte was lost, the pieces end on whole characters and are judged on their own
    # text; a text that lost bytes keeps the reading its search was tuned with.
    intact = "\ufffd" not in text and next(qmark_positions(text), None) is None
    mixer = (doc or Document(text)).mixer(shown) if lossy and "\ufffd" in text else None
    out: list[tuple[int, Span]] = []
    memo: dict[str, str] = {}  # the words read so far, by `_read_piece`
    costs: dict[tuple[str, str], float] = {}  # the samples it weighed so far, by `_read_piece`
    holes: dict[str, Any] = {}  # the stretches around lost bytes read so far, by `restore_lost`
    credit = [float(RESTORE_FIRST)]  # how many more of them it may read (`RESTORE_RATE`)
    n = len(text)
    a = start
    while a < n:
        nl = text.find("\n", a)
        line_end = n if nl == -1 else nl
        b = line_end if line_end - a <= PIECE + TAIL else a + PIECE
        if b < line_end:
            if intact:
                cut = _cut(text, a + PIECE // 2, b)
                b = cut if cut < b else _whole_chars(text, a, b, codec_in, codec_out)
            else:
                space = text.rfind(" ", a + PIECE // 2, b)
                b = space + 1 if space > 0 else b
        chunk = text[a:b]
        if not chunk.isascii():
            after = _read_piece(chunk, codec_in, codec_out, m, lossy, intact, memo, costs)
            if after is not None and lossy and "\ufffd" in after and "\ufffd" not in chunk:
                after = lost_runs(after)  # U+FFFD spelled by the bytes (锟斤拷): lost before
            if after is not None:
                credit[0] += RESTORE_RATE * len(chunk)
                got = (
                    restore_lost(chunk, after, main, m, mixer, holes, credit, codec_in)
                    if lossy and "\ufffd" in chunk
                    else None
                )
                if got is None:
                    # each lost character without candidates (one empty list, shared: read only)
                    lost: list[list[str]] = [[]] * after.count("\ufffd") if lossy else []
                    out.append((a, Span(0, b - a, [(0, b - a, after, lost)], (main,), 1.0)))
                else:
                    out.append((a, Span(0, b - a, got[0], (main,), 1.0, got[1])))
        a = b if b < line_end else line_end + 1
    return out


#: Stretches around lost bytes `restore_lost` may read atom by atom, per character of the text
#: read wholesale (those read before are remembered, and cost nothing): the same share of
#: the lost characters is weighed in a document of any size, and its time stays linear in its
#: size and under a second per megabyte where nearly every line lost bytes in new words.
RESTORE_RATE = 0.0005
#: ... and this many from the start: two fifths as many again as the search weighs within its budget
#: (`regions.SEARCH_BUDGET` over `regions.LOST_WORK`), so that a document not much longer than
#: the search reaches has the rest weighed whole.
RESTORE_FIRST = 200
#: The stretch around a lost byte that `restore_lost` reads atom by atom reaches at most this
#: many characters either side, to `CONTEXT` characters of the reading either side of it.
HOLE_REACH = 24
CONTEXT = 2


def _lossy_read(text: str, codec_in: str, codec_out: str) -> str | None:
    """`text` read through the layer wholesale, each lost character one U+FFFD (as
    `_read_piece` reads it), or None when it does not encode."""
    try:
        return _LOST_RUN.sub("\ufffd", _encode_lossy(text, codec_in).decode(codec_out, "replace"))
    except UnicodeError:
        return None


_ASCII_BYTES = frozenset(bytes([b]) for b in range(0x80))


@lru_cache(maxsize=16)
def _cuts(codec_in: str) -> re.Pattern[str]:
    """The characters whose bytes in `codec_in` start with a byte that starts a UTF-8 character
    (ASCII, or a lead byte C2..F4): places where a reading of the bytes underneath can be cut.
    Built once per codec from the codec itself (its one- and two-byte characters that start so)."""
    # (and the few non-ASCII characters written as one ASCII byte: ¥ and ‾ in Shift-JIS)
    chars = {c for c in map(chr, range(0x80, 0x3000)) if c.encode(codec_in, "ignore") in _ASCII_BYTES}
    for lead in range(0xC2, 0xF5):
        for data in [bytes([lead])] + [bytes([lead, trail]) for trail in range(0x40, 0x100)]:
            try:
                ch = data.decode(codec_in)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and ch.encode(codec_in) == data:
                chars.add(ch)
    return re.compile("[\x00-\x7f" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _holes(chunk: str, codec_in: str) -> list[tuple[int, int]]:
    """The stretches of `chunk` around its U+FFFD, merged, each cut where the UTF-8 underneath
    starts a character (`_cuts`), `CONTEXT` such places before the marker and after it (so that
    the characters either side of the lost one are read with it), within `HOLE_REACH`
    characters either side; none when some marker has no such place near it."""
    out: list[tuple[int, int]] = []
    n = len(chunk)
    pos = chunk.find("\ufffd")
    if pos == -1:
        return out
    # every cut of the chunk, found in one pass (the pattern matches one character, with no
    # anchor: the cuts between two places are those a search between them finds)
    at = [m.start() for m in _cuts(codec_in).finditer(chunk)]
    while pos != -1:
        lo = max(0, pos - HOLE_REACH)
        k = bisect_left(at, pos)
        before = at[max(bisect_left(at, lo), k - CONTEXT) : k]
        if len(before) >= CONTEXT:
            start = before[-CONTEXT]
        elif lo == 0:
            start = 0
        else:
            return []
        k = bisect_left(at, pos + 1)
        after = at[k : min(bisect_left(at, min(n, pos + 1 + HOLE_REACH)), k + CONTEXT + 1)]
        if len(after) > CONTEXT:
            end = after[CONTEXT]
        elif pos + 1 + HOLE_REACH >= n:
            end = n
        else:
            return []
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
        pos = chunk.find("\ufffd", end)
    return out


def _merged(
    pieces: list[tuple[int, int, str, list[list[str]]]],
) -> list[tuple[int, int, str, list[list[str]]]]:
    """`pieces` with each run of consecutive pieces that keep no lost character made one (the
    changes `fixers.cjk` makes of them are the same: it groups such pieces)."""
    out: list[tuple[int, int, str, list[list[str]]]] = []
    for p in pieces:
        if out and not p[3] and not out[-1][3] and out[-1][1] == p[0]:
            a, _b, t, _u = out[-1]
            out[-1] = (a, p[1], t + p[2], [])
        else:
            out.append(p)
    return out


def restore_lost(
    chunk: str,
    after: str,
    main: Layer,
    m: Model,
    mixer: Mixer | None,
    memo: dict[str, Any] | None = None,
    credit: list[float] | None = None,
    codec: str | None = None,
) -> tuple[list[tuple[int, int, str, list[list[str]]]], int] | None:
    """The pieces of `chunk` read wholesale as `after` with its lost characters weighed as the
    search weighs them (`resolve.resolve_lost`: the model, and the document's own counts in
    `mixer`), and how many were restored; None when the stretches around them do not read
    alike atom by atom and wholesale (then `after` stands, each lost character U+FFFD).

    A document's reading is applied wholesale once the search found it, and the bytes it lost
    are restored the same way wherever they are: a lost character is the same choice among
    the same candidates on the first page and on the last, so the share restored does not
    depend on the document's size. Only the stretches around the U+FFFD are read atom by atom
    (`channels.atoms_for`), cut at characters below 0x40 where the bytes cannot straddle; a
    character no candidate clearly wins stays U+FFFD with its candidates (reported, TM204).
    `memo` holds the stretches read so far (the same words lose the same bytes throughout a
    document; the reading of a stretch depends on it alone, and on the document's counts).
    `credit` (one number, spent here) is how many stretches not in `memo` may still be read
    atom by atom (some 0.3 ms each); past it, a stretch keeps its wholesale reading. `codec`
    is the codec the document was decoded with (`shown_codec`; the charset's standard one when
    not given).
    """
    true, shown = main
    codec_in, codec_out = codec or CHARSETS[shown].codecs[0], CHARSETS[true].codecs[0]
    holes = _holes(chunk, codec_in)
    if (
        not holes
        or credit is not None
        and credit[0] < 1
        and not any(chunk[a:b] in (memo or ()) for a, b in holes)
    ):
        return None  # nothing to weigh: `after` stands, in one piece
    pieces: list[tuple[int, int, str, list[list[str]]]] = []
    wholesale: list[str] = []  # the same stretches read wholesale: `after`, put together
    restored = 0
    pos = 0
    for h0, h1 in holes + [(len(chunk), len(chunk))]:
        if h0 > pos:
            gap = _lossy_read(chunk[pos:h0], codec_in, codec_out)
            if gap is None:
                return None
            pieces.append((pos, h0, gap, []))
            wholesale.append(gap)
        if h1 == h0:
            break
        window = chunk[h0:h1]
        got_whole = memo.get(window) if memo is not None else None
        if got_whole is None:
            whole = _lossy_read(window, codec_in, codec_out)
            if whole is None:
                return None
            got = None
            weighed = credit is None or credit[0] >= 1
            if weighed:
                if credit is not None:
                    credit[0] -= 1
                got = _read_hole(window, main, m, mixer)
                if got is not None and not _agrees("".join(p[2] for p in got[0]), whole):
                    got = None  # the atoms read otherwise than the wholesale reading
            if got is None:  # (read wholesale, its lost characters with no candidates)
                got = ([(0, len(window), whole, [[]] * whole.count("\ufffd"))], 0)
            got_whole = (got, whole)
            if memo is not None and weighed:  # (one left unweighed for want of credit is not)
                memo[window] = got_whole
        got, whole = got_whole
        pieces += [(h0 + t0, h0 + t1, t, u) for t0, t1, t, u in got[0]]
        wholesale.append(whole)
        restored += got[1]
        pos = h1
    if "".join(wholesale) != after:
        return None  # (a word of the piece kept as it stands: `after` is not the wholesale reading)
    return _merged(pieces), restored


def _agrees(read: str, whole: str) -> bool:
    """Whether `read` (atom by atom) is `whole` (wholesale) wherever `whole` reads a character:
    each U+FFFD of `whole` stands for one lost character or more (adjacent lost characters are
    one U+FFFD there), which `read` restores or keeps lost."""
    parts = whole.split("\ufffd")
    if len(parts) == 1:
        return read == whole
    if not read.startswith(parts[0]):
        return False
    pos = len(parts[0])
    for part in parts[1:-1]:  # each as early as it can stand (none earlier leaves less room)
        k = read.find(part, pos + 1)
        if k == -1:
            return False
        pos = k + len(part)
    return len(read) - len(parts[-1]) > pos and read.endswith(parts[-1])


def _read_hole(
    window: str, main: Layer, m: Model, mixer: Mixer | None
) -> tuple[list[tuple[int, int, str, list[list[str]]]], int] | None:
    """`window` read atom by atom: each run of atoms that decode with their lost characters
    resolved (`resolve.resolve_lost`), and how many were restored; None when an atom does not
    decode."""
    from .resolve import resolve_lost  # (resolve weighs with this module's Mixer)

    atoms = atoms_for(window, main)
    if not atoms or any(at.cand is None for at in atoms) or atoms[-1].t1 != len(window):
        return None
    pieces, restored = resolve_lost(atoms, "", "", m, mixer)
    return _merged(pieces), restored


#: The letters of CJK text, which glue Latin words to theirs (``被over``, ``OCCAM을``).
_CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
#: A Latin letter next to a letter of another alphabet (not CJK), in either order.
_MIXED = re.compile(f"[A-Za-z][^\\W\\d_A-Za-z{_CJK_RANGES}]|[^\\W\\d_A-Za-z{_CJK_RANGES}][A-Za-z]")
#: ... and next to any letter of another script, CJK included (for a text that lost bytes).
_MIXED_SCRIPTS = re.compile(r"[A-Za-z][^\W\d_A-Za-z]|[^\W\d_A-Za-z][A-Za-z]")


#: `_WORD` as the one group of a split: the gaps and the words between them, in order.
_WORDS = re.compile(f"({_WORD.pattern})")
_FIRST_WIDE = re.compile("[^\x00-\x7f]")
_LOST_RUN = re.compile("\ufffd{2,}")


def _encode_lossy(chunk: str, codec: str) -> bytes:
    """`chunk` in `codec`, each U+FFFD (a byte sequence the wrong decoder could not read) as the
    byte 0xFF, which no UTF-8 sequence holds: decoding gives U+FFFD where characters were lost.
    Any other character the codec lacks raises UnicodeEncodeError."""
    if _lacks_fffd(codec):
        if "?" not in chunk:
            # The codec's own replacement, in C: one '?' per character it lacks. When the '?'
            # are exactly as many as the U+FFFD (no other character was lacking, and no '?' is
            # a byte of a character), each is a lost marker.
            data = chunk.encode(codec, errors="replace")
            if data.count(b"?") == chunk.count("\ufffd"):
                return data.replace(b"?", b"\xff")
        return chunk.encode(codec, errors="textmend-lost-ff")  # (the handler sees each run)
    return b"\xff".join(part.encode(codec) for part in chunk.split("\ufffd"))


@lru_cache(maxsize=32)
def _lacks_fffd(codec: str) -> bool:
    """Whether `codec` cannot encode U+FFFD (every legacy CJK codec here), so that the error
    handler of `_encode_lossy` sees each of them."""
    try:
        "\ufffd".encode(codec)
    except UnicodeEncodeError:
        return True
    return False


def _lost_as_ff(exc: UnicodeError) -> tuple[bytes, int]:
    """The error handler of `_encode_lossy`: a run of U+FFFD becomes as many 0xFF bytes; any other
    character the codec lacks is the error it was."""
    if isinstance(exc, UnicodeEncodeError):
        run = exc.object[exc.start : exc.end]
        k = len(run) - len(run.lstrip("\ufffd"))
        if k:
            return b"\xff" * k, exc.start + k
    raise exc


codecs.register_error("textmend-lost-ff", _lost_as_ff)


def _read_word(word: str, codec_in: str, codec_out: str) -> str:
    """`word` read back through the layer, or `word` itself when it does not encode or decode
    strictly. Most words of a text that lost bytes do not decode: the replacing decoder tells
    so without raising (an exception costs more than the decoding), and only a reading that
    holds U+FFFD, which the bytes themselves may spell, is decoded strictly again."""
    try:
        data = word.encode(codec_in)
    except UnicodeError:
        return word
    fixed = data.decode(codec_out, "replace")
    if "\ufffd" not in fixed:
        return fixed
    try:
        return data.decode(codec_out)
    except UnicodeError:
        return word


def _read_piece(
    chunk: str,
    codec_in: str,
    codec_out: str,
    m: Model,
    lossy: bool = False,
    intact: bool = False,
    memo: dict[str, str] | None = None,
    costs: dict[tuple[str, str], float] | None = None,
) -> str | None:
    """`chunk` read back through a single-byte layer, or None when that reading is no better.

    The reading is judged on its first `SAMPLE` characters (a single-byte layer keeps every
    character in its place); clean text after the mojibake (a French paragraph read as
    windows-1251 turns 'fermé' into 'fermй') costs more so and is kept. A word whose reading
    puts a Latin letter beside another script's counts against its piece and is never read.
    `memo` holds the words read so far (a document repeats its words), `costs` the model's cost
    of the samples weighed so far (its lines often start the same way: a list, a log, a table).
    """
    try:
        if lossy and "\ufffd" in chunk:  # the bytes of a lost character decode to a run of U+FFFD: one
            every = _LOST_RUN.sub("\ufffd", _encode_lossy(chunk, codec_in).decode(codec_out, "replace"))
        else:
            every = chunk.encode(codec_in).decode(codec_out)
    except UnicodeError:
        every = None
    mixed = _MIXED if intact else _MIXED_SCRIPTS
    if every is not None and not mixed.search(every):
        kept = every
    else:  # word by word: some words do not encode, or read as mixed scripts
        every_parts = _WORDS.split(chunk)  # the gaps between words, and the words at odd places
        kept_parts = every_parts[:]
        for i in range(1, len(every_parts), 2):
            word = every_parts[i]
            fixed = memo.get(word) if memo is not None else None
            if fixed is None:
                fixed = _read_word(word, codec_in, codec_out)
                if memo is not None:
                    memo[word] = fixed
            if fixed != word:
                every_parts[i] = fixed
                if not mixed.search(fixed):
                    kept_parts[i] = fixed
        every = "".join(every_parts)
        kept = "".join(kept_parts)
    if kept == chunk:
        return None
    if not intact:
        return None if _cost(m, every[:SAMPLE], "", costs) >= _cost(m, chunk[:SAMPLE], "", costs) else kept
    # Judged on the same stretch of the piece read both ways, from its first non-ASCII
    # character (a piece may start with markup, which both readings share) to the end of a
    # whole character near `SAMPLE` characters on.
    k = _FIRST_WIDE.search(chunk)
    at = k.start() if k is not None else 0
    end = (
        len(chunk) if at + SAMPLE >= len(chunk) else _whole_chars(chunk, at, at + SAMPLE, codec_in, codec_out)
    )
    src = chunk[at:end]
    try:
        if lossy and "\ufffd" in src:
            read = _LOST_RUN.sub("\ufffd", _encode_lossy(src, codec_in).decode(codec_out, "replace"))
        else:
            read = src.encode(codec_in).decode(codec_out, "replace")
    except UnicodeError:
        read = every[at : at + SAMPLE]
        src = chunk[at : at + SAMPLE]
    prev = chunk[at - 1] if at else ""
    if _cost(m, read, prev, costs) >= _cost(m, src, prev, costs):
        return None
    return kept


def _cost(m: Model, text: str, prev: str, costs: dict[tuple[str, str], float] | None) -> float:
    """``m.cost(text, prev)``, remembered in `costs` (when given) for the texts seen before."""
    if costs is None:
        return m.cost(text, prev)
    key = (prev, text)
    got = costs.get(key)
    if got is None:
        got = costs[key] = m.cost(text, prev)
    return got
