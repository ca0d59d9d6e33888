#!/usr/bin/env python3
"""Build ``charmodel.txt.gz``: the character frequencies the mojibake engine scores text with.

The mojibake engine (`textmend.mojibake`) must tell real text from text decoded with the
wrong codec. Which characters exist is known from the codecs themselves; how *common* each
character is, and which characters follow each other inside words, is not. This script
derives both from the word-frequency lists that the ``wordfreq`` package ships (themselves
built from Wikipedia, subtitles, news, books and web text), for the languages whose text
textmend repairs and for the Latin-script languages whose text it must leave alone:

* a unigram cost per letter (``-ln p`` of the letter among the letters of its script, pooled
  over the languages that write with that script, each language weighted equally);
* a bigram cost for the letter pairs that carry most of the mass inside words
  (``-ln p(b | a)``, Witten-Bell discounted so that unseen pairs keep their share);
* a word-start cost per letter (``-ln p`` of the letter among the first letters of words): what
  a letter costs after a space, a punctuation mark, or the end of another word;
* for every letter, the cost of leaving the word or of meeting an unseen pair (the back-off:
  the word-end mass plus the Witten-Bell unseen mass).

Traditional Chinese is derived from the Simplified list with OpenCC (phrase-aware ``s2t``),
since wordfreq folds Chinese to Simplified. Costs are quantised to tenths of a nat and grouped
by cost, which keeps the file small (a few hundred kilobytes). Only letters are modelled;
punctuation, digits, spaces and symbols are scored by class in `textmend.text.charmodel`.

Run it when wordfreq or the language list changes (needs ``pip install wordfreq opencc``)::

    python src/textmend/data/build_cjk.py

The output is deterministic for a given wordfreq version.
"""

from __future__ import annotations

import gzip
import math
import unicodedata
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).with_name("charmodel.txt.gz")

#: (language, wordfreq list, weight). CJK and Cyrillic carry the repairs; the Latin-script
#: languages are there so that accented Latin text scores as the real text it is.
LANGUAGES: tuple[tuple[str, str, float], ...] = (
    ("zh", "large", 1.0),
    ("zh-hant", "large", 1.0),  # derived from zh with OpenCC s2t
    ("ja", "large", 1.0),
    ("ko", "small", 1.0),
    ("ru", "large", 1.0),
    ("uk", "large", 1.0),
    ("bg", "small", 1.0),
    ("mk", "large", 0.5),
    ("el", "small", 1.0),
    ("ar", "large", 1.0),
    ("he", "large", 1.0),
    ("fa", "small", 0.5),
    ("en", "large", 1.0),
    ("fr", "large", 1.0),
    ("de", "large", 1.0),
    ("es", "large", 1.0),
    ("pt", "large", 1.0),
    ("it", "large", 1.0),
    ("nl", "large", 0.5),
    ("sv", "large", 0.5),
    ("nb", "large", 0.5),
    ("da", "small", 0.5),
    ("fi", "large", 0.5),
    ("is", "small", 0.5),
    ("pl", "large", 0.5),
    ("cs", "large", 0.5),
    ("sk", "small", 0.5),
    ("sl", "small", 0.5),
    ("sh", "small", 0.5),
    ("sr-cyrl", "small", 0.5),  # derived from sh by Serbian's own one-to-one transliteration
    ("hu", "small", 0.5),
    ("ro", "small", 0.5),
    ("tr", "small", 0.5),
    ("lt", "small", 0.5),
    ("lv", "small", 0.5),
    ("ca", "large", 0.5),
    ("vi", "small", 0.5),
    ("id", "small", 0.3),
)

#: Notional size of each language's corpus in letters (sets how much evidence a count is).
CORPUS_LETTERS = 5e7
#: Keep the bigrams that carry this share of each language's in-word pair mass.
BIGRAM_MASS = 0.97
#: Only pairs at least this probable given their first letter are worth storing.
MIN_BIGRAM_P = 1e-4
STEP = 0.1  # quantisation of costs, in nats


def script_of(ch: str) -> str:
    """The script of a letter, by Unicode name (coarse: enough to pool languages)."""
    o = ord(ch)
    if 0x3040 <= o <= 0x309F:
        return "hira"
    if 0x30A0 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF:
        return "kata"
    if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000:
        return "han"
    name = unicodedata.name(ch, "")
    for s in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW"):
        if name.startswith(s):
            return s.lower()
    return "other"


#: Serbian Latin to Cyrillic (Vuk's alphabet maps letter to letter; the digraphs first).
_SR_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}
_SR_LETTERS = dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж"))


def to_serbian_cyrillic(word: str) -> str:
    """A lower-case Serbian Latin word in Cyrillic (``ćerka`` -> ``ћерка``, ``ljubav`` -> ``љубав``)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _SR_DIGRAPHS:
            out.append(_SR_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_SR_LETTERS.get(word[i], word[i]))
        i += 1
    return "".join(out)


def words(lang: str, wordlist: str) -> dict[str, float]:
    """wordfreq's frequencies for `lang` (letters only; Traditional Chinese via OpenCC)."""
    import wordfreq

    if lang == "zh-hant":
        import opencc

        conv = opencc.OpenCC("s2t")
        out: dict[str, float] = defaultdict(float)
        for w, f in wordfreq.get_frequency_dict("zh", wordlist).items():
            out[conv.convert(w)] += f
        src = out
    elif lang == "sr-cyrl":
        src = defaultdict(float)
        for w, f in wordfreq.get_frequency_dict("sh", wordlist).items():
            src[to_serbian_cyrillic(w)] += f
    else:
        src = wordfreq.get_frequency_dict(lang, wordlist)
    return {w: f for w, f in src.items() if w and all(unicodedata.category(c)[0] in "LM" for c in w)}


def count(lang: str, wordlist: str) -> tuple[dict[str, float], ...]:
    """Letter, in-word pair, word-end and word-start frequencies of one language, normalised."""
    uni: dict[str, float] = defaultdict(float)
    bi: dict[str, float] = defaultdict(float)
    end: dict[str, float] = defaultdict(float)
    start: dict[str, float] = defaultdict(float)
    for w, f in words(lang, wordlist).items():
        for c in w:
            uni[c] += f
        for i in range(len(w) - 1):
            bi[w[i : i + 2]] += f
        end[w[-1]] += f
        start[w[0]] += f
    total = sum(uni.values())
    return (
        {k: v / total for k, v in uni.items()},
        {k: v / total for k, v in bi.items()},
        {k: v / total for k, v in end.items()},
        {k: v / total for k, v in start.items()},
    )


def q(cost: float) -> int:
    return max(0, round(cost / STEP))


def build() -> str:
    """The model as text: ``U``/``B``/``E``/``S`` sections, one line per quantised cost."""
    uni: dict[str, float] = defaultdict(float)
    bi: dict[str, float] = defaultdict(float)
    kept: set[str] = set()
    follow: dict[str, float] = defaultdict(float)  # mass of everything after a letter (pairs + ends)
    types: dict[str, int] = defaultdict(int)
    ends: dict[str, float] = defaultdict(float)
    starts: dict[str, float] = defaultdict(float)
    for lang, wordlist, weight in LANGUAGES:
        u, b, e, st = count(lang, wordlist)
        for k, v in st.items():
            starts[k] += v * weight * CORPUS_LETTERS
        scale = weight * CORPUS_LETTERS
        for k, v in u.items():
            uni[k] += v * scale
        for k, v in b.items():
            bi[k] += v * scale
            follow[k[0]] += v * scale
        for k, v in e.items():
            follow[k] += v * scale
            ends[k] += v * scale
        mass = 0.0
        total = sum(b.values())
        for k, v in sorted(b.items(), key=lambda kv: -kv[1]):
            if mass >= BIGRAM_MASS * total:
                break
            kept.add(k)
            mass += v
        print(f"{lang}: {len(u)} letters, {len(b)} pairs")
    for k in bi:
        types[k[0]] += 1
    by_script: dict[str, float] = defaultdict(float)
    for c, v in uni.items():
        by_script[script_of(c)] += v
    lines: list[str] = []
    groups: dict[int, list[str]] = defaultdict(list)
    for c, v in uni.items():
        groups[q(-math.log(v / by_script[script_of(c)]))].append(c)
    lines += [f"U\t{k}\t{''.join(sorted(v))}" for k, v in sorted(groups.items())]
    # Witten-Bell: a letter seen N times with T distinct followers keeps T/(N+T) for the unseen.
    backoff: dict[int, list[str]] = defaultdict(list)
    pairs: dict[int, list[str]] = defaultdict(list)
    for c, n in follow.items():
        t = types.get(c, 0) + 1
        # what follows a letter outside the stored pairs: the end of its word, or an unseen pair
        backoff[q(-math.log((ends.get(c, 0.0) + t) / (n + t)))].append(c)
    for k in sorted(kept):
        a = k[0]
        n, t = follow[a], types.get(a, 0) + 1
        p = bi[k] / (n + t)
        if p >= MIN_BIGRAM_P:
            pairs[q(-math.log(p))].append(k)
    lines += [f"E\t{k}\t{''.join(sorted(v))}" for k, v in sorted(backoff.items())]
    start_script: dict[str, float] = defaultdict(float)
    for c, v in starts.items():
        start_script[script_of(c)] += v
    first: dict[int, list[str]] = defaultdict(list)
    for c, v in starts.items():
        first[q(-math.log(v / start_script[script_of(c)]))].append(c)
    lines += [f"S\t{k}\t{''.join(sorted(v))}" for k, v in sorted(first.items())]
    lines += [f"B\t{k}\t{''.join(sorted(v))}" for k, v in sorted(pairs.items())]
    print(f"model: {len(uni)} letters, {sum(len(v) for v in pairs.values())} pairs")
    return "\n".join(lines) + "\n"


def main() -> None:
    data = build().encode("utf-8")
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(data)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
