"""The document as its own language model, for choosing among the candidates of lost characters.

A lost byte leaves a choice among a few dozen characters, and the shipped model knows only how
common each is in general. The document knows better: the byte is mostly lost where a character
meets ASCII (GBK pairs the last byte of ``。`` with the newline after it and fails), so the same
word, the same full stop, the same name usually stand intact elsewhere in the same text, where
nothing followed them that broke them. A cache model (Kuhn and De Mori's, the classic way to
adapt a language model to one document) counts the characters and pairs of characters that
decoded with every byte intact, and the engine lowers the shipped model's cost of a candidate
by what those counts say when it weighs candidates (see `engine._resolve`). The counts also
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

>>> doc = Document("我们在图书馆见面。我们明天见".encode().decode("gbk", errors="replace"))
>>> doc.counts("gbk")[0]["我"], doc.counts("gbk")[1]["我们"]
(2, 1)
"""

from __future__ import annotations

import math
import re
from collections import Counter
from operator import add

from ..text.charsets import CHARSETS

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
        the document holds the pair intact elsewhere (a word seen whole), as it is otherwise."""
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
    cs = CHARSETS[shown]
    try:
        data = text.encode(cs.codecs[0], errors=f"textmend-{shown}")
    except (UnicodeError, LookupError):
        return Counter(), Counter(), 0
    decoded = data.decode("utf-8", errors="replace")
    # keep the intact letters and marks; anything else (ASCII, markers) breaks a pair
    keep = _NOT_CJK.sub(" ", decoded)
    uni = Counter(keep)
    del uni[" "]
    bi = Counter(p for p in map(add, keep, keep[1:]) if " " not in p)
    return uni, bi, sum(uni.values())
