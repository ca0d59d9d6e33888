"""Decisions on a decoded stretch: which candidate of a lost character to keep, and whether the
reading is text at all.

`resolve_lost` weighs the candidates of the lost characters in a stretch (Viterbi
max-marginals over the bigram model, mixed with the document's own counts) and keeps one only
when it clearly wins (`CLEAR_WIN`, `MIN_SHARE`); `credible` is the test that a repaired stretch
reads as text: enough evidence, ordinary cost per character, mostly letters, and for text made
only of CJK letters, pairs that occur in words.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from ..text.alphabets import alphabets
from ..text.charmodel import (
    APOSTROPHES,
    CJK_LETTERS,
    CJKP,
    DIGIT,
    HAN,
    HANGUL,
    HIRA,
    HKATA,
    KATA,
    LETTERS,
    MARK,
    OVERLAY_MARKS,
    PUA,
    Model,
    char_class,
    letter_list,
)
from ..text.charsets import CHARSETS, FTFY_LAYERS, Layer, common_block
from .channels import Atom
from .document import BACKOFF, WEIGHT, Mixer
from .lossy import (
    COMMON_MARKS,
    END_OF_LINE,
    MAX_OPTIONS,
    MAX_WEIGHED,
    NOT_AT_END,
    PUNCT_LOST,
    RARE_LOST,
    Candidates,
    Doubtful,
    lost_prior,
    lost_runs,
)

_TEXTUAL = frozenset(LETTERS | {CJKP, DIGIT})
#: The punctuation of alphabetic text beyond ASCII, which counts with the letters in a reading
#: (``¡Gol de Álvaro!``: Spanish opens its questions and exclamations with one), as CJK's does.
TEXT_PUNCT = frozenset("¡¿«»‘’“”„–—…")
_CJK_OR_USER = frozenset(CJK_LETTERS | {PUA})


#: A lost character is restored only when its best candidate beats the next by this much.
CLEAR_WIN = 1.0
#: ... and when the model gives it at least this share of the probability of all of them.
MIN_SHARE = 0.7


NOTHING_FITS = ["\ufffd"]  # the options of a lost character no candidate fits


def resolve_lost(
    span_atoms: list[Atom],
    prev: str,
    nxt: str,
    model: Model,
    mixer: Mixer | None = None,
    around: tuple[str, str] = ("", ""),
) -> tuple[list[tuple[int, int, str, list[list[str]]]], int]:
    """Choose among the candidates of lost characters in a run of atoms.

    Returns, for each atom, ``(t0, t1, decoded text, candidates of each unresolved character)``
    (U+FFFD stands in the text for each unresolved one), and the number of lost characters
    restored. A candidate is kept when the best path through it beats the best path through
    any other candidate by `CLEAR_WIN` nats (Viterbi max-marginals over the bigram model,
    mixed with the document's own counts by `mixer` when there is one). `around`: the line
    before and after the run, as the same layer reads it (the quotation marks it opens and
    closes).
    """
    seq: list[list[str]] = []
    owner: list[int] = []
    too_many: dict[int, list[str]] = {}
    for k, at in enumerate(span_atoms):
        assert at.cand is not None
        groups = at.options if at.options is not None else [[at.cand]]
        for opts in groups:
            if len(opts) == 1 and not isinstance(opts, Candidates):
                for c in opts[0]:
                    seq.append([c])
                    owner.append(k)
            elif getattr(opts, "total", 0) > MAX_WEIGHED:
                # thousands of candidates (a character whose every byte was lost): no bigram
                # model picks one clearly, so it is reported with its likeliest few, unweighed
                too_many[len(seq)] = list(opts[:8])
                seq.append(NOTHING_FITS)
                owner.append(k)
            else:
                seq.append(opts if opts else NOTHING_FITS)
                owner.append(k)
    if all(len(s) == 1 and s is not NOTHING_FITS and not isinstance(s, Candidates) for s in seq):
        return [(at.t0, at.t1, at.cand or "", []) for at in span_atoms], 0
    # A lost character is most likely of the scripts the text around it is written in.
    multi = [len(s) > 1 for s in seq]
    totals = [max(len(s), getattr(s, "total", 0)) for s in seq]
    pruned = [(getattr(s, "pruned", 0), getattr(s, "units", 0.0)) for s in seq]
    # (a marker that may stand for more bytes than its candidates allow for: weighed, reported,
    # never restored)
    doubt = [isinstance(s, Doubtful) for s in seq]
    multi = [m or isinstance(s, Candidates) for m, s in zip(multi, seq)]
    info = model.info
    scripts = {info(c)[1] for c in (prev, nxt) if c} | {
        info(s[0])[1] for s in seq if len(s) == 1 and not isinstance(s, Candidates)
    }
    scripts &= LETTERS
    if scripts:
        seq = [
            s
            if len(s) <= 1
            else _first([o for o in s if info(o[0])[1] not in LETTERS or info(o[0])[1] in scripts] or s)
            for s in seq
        ]
    else:
        seq = [_first(s) for s in seq]
    # Korean is punctuated with ASCII marks: CJK ones in Hangul text are rare.
    korean = HANGUL in scripts and not scripts & {HAN, HIRA, KATA}
    kana = bool(scripts & {HIRA, KATA})
    pair = model.pair

    if mixer is None:

        def cost(o: str, p: str) -> float:
            return pair(p, o) if p else model.cost(o)
    else:  # `Mixer.cost`, inline (this is the inner loop of the search of lost characters)
        bi, uni = mixer.bi, mixer.uni
        exp, log = math.exp, math.log

        def cost(o: str, p: str) -> float:
            if not p:
                return model.cost(o)
            shipped = pair(p, o)
            seen = bi.get(p + o, 0)
            if not seen:
                return shipped
            return -log(exp(-shipped) + WEIGHT * (seen / (uni.get(p, 0) + BACKOFF)))

    weigh = _chained(cost, seq)
    n = len(seq)
    prior = [
        {
            o: lost_prior(o, model)
            + (RARE_LOST if (korean and info(o[0])[1] == CJKP) or (o == "々" and not kana) else 0.0)
            for o in opts
        }
        if many
        else {opts[0]: 0.0}
        for opts, many in zip(seq, multi)
    ]
    if korean:  # Korean writes words apart: a lost character between two Hangul is a letter
        _letters_between(prior, seq, multi, prev, nxt, HANGUL, info)
    if mixer is not None and mixer.other:  # a Simplified-only character in Traditional text...
        prior = [
            {o: c + (RARE_LOST if o in mixer.other else 0.0) for o, c in pr.items()} if many else pr
            for pr, many in zip(prior, multi)
        ]
    _quotes_answer(prior, seq, multi, around[0] + prev, nxt + around[1])
    if multi[-1] and (not nxt or nxt.isspace() or nxt == "<"):  # the last character ends a line or a
        # phrase (a markup tag after it: ``。</p>``, ``》</title>``, ``說<br>``)
        prior[-1] = {o: c + (END_OF_LINE if o in NOT_AT_END else 0.0) for o, c in prior[-1].items()}
    fwd: list[dict[str, float]] = []
    last = {prev: 0.0}
    for opts, pr in zip(seq, prior):
        cur = {o: pr[o] + min(s + weigh(o, p) for p, s in last.items()) for o in opts}
        fwd.append(cur)
        last = cur
    bwd: list[dict[str, float]] = [{} for _ in range(n)]
    after = {nxt: 0.0} if nxt else {}
    after_prior: dict[str, float] = {}
    for idx in range(n - 1, -1, -1):
        if after:
            cur = {
                o: min(s + after_prior.get(q, 0.0) + weigh(q, o) for q, s in after.items()) for o in seq[idx]
            }
        else:
            cur = {o: 0.0 for o in seq[idx]}
        bwd[idx] = cur
        after = cur
        after_prior = prior[idx]
    texts: list[list[str]] = [[] for _ in span_atoms]
    unresolved: list[list[list[str]]] = [[] for _ in span_atoms]
    restored = 0
    # A character that stays lost is one marker of the kind the text lost it to: '?' where the
    # lost bytes became '?' (so that the text keeps one convention, which a later pass reads as
    # the damage did: where a line holds U+FFFD, its '?' are taken for real question marks).
    # One kind for the whole stretch: a character whose bytes all decoded to a wrong letter
    # (no marker of its own) is marked as its neighbours are.
    origs = "".join(at.orig for at in span_atoms)
    mark = "?" if "?" in origs and "\ufffd" not in origs else "\ufffd"
    if "\u30fb" in origs and "\ufffd" not in origs and "?" not in origs:
        mark = "\u30fb"  # the default character of Japanese Windows tools
    marks = [mark] * len(span_atoms)
    for idx, opts in enumerate(seq):
        k = owner[idx]
        if not multi[idx] and opts is not NOTHING_FITS:
            texts[k].append(marks[k] if opts[0] == "\ufffd" else opts[0])
            continue
        scores = sorted((fwd[idx][o] + bwd[idx][o], o) for o in opts)
        if opts is NOTHING_FITS:
            texts[k].append(marks[k])
            unresolved[k].append(too_many.get(idx, []))
        elif not opts:
            texts[k].append(marks[k])
            unresolved[k].append([])
        elif not doubt[idx] and (
            totals[idx] == 1
            and plausible(scores[0][1], prior[idx], scripts, info)
            or (
                len(scores) > 1
                and scores[1][0] - scores[0][0] >= CLEAR_WIN
                and _share(scores, totals[idx], pruned[idx])
                >= (MIN_SHARE if anchored(seq, multi, idx, prev, nxt) else ALONE_SHARE)
                and plausible(scores[0][1], prior[idx], scripts, info)
            )
        ):
            texts[k].append(scores[0][1])
            restored += 1
        else:
            texts[k].append(marks[k])
            unresolved[k].append(ranked(scores, totals[idx], pruned[idx]))
    return [(at.t0, at.t1, "".join(texts[k]), unresolved[k]) for k, at in enumerate(span_atoms)], restored


def _first(opts: list[str]) -> list[str]:
    """The first `MAX_OPTIONS` of a lost character's candidates (cheapest first), and after
    them the other case of each letter kept: a letter's two cases take one place (as in
    `lossy._prune`), and a cut between them would weigh the capital alone where the small
    letter belongs."""
    kept = opts[:MAX_OPTIONS]
    if len(opts) <= MAX_OPTIONS:
        return kept
    folded = {o.lower() for o in kept}
    return kept + [o for o in opts[MAX_OPTIONS:] if o.lower() in folded]


def _chained(cost: Callable[[str, str], float], seq: list[list[str]]) -> Callable[[str, str], float]:
    """`cost` (of a character after another) for the candidates of `seq`, when some hold more
    than one character (a lost character and the ASCII byte a decoder took with it, ``ẽ ``):
    the cost of each character after the one before it."""
    if all(len(o) == 1 for s in seq for o in s):
        return cost

    def chained(o: str, p: str) -> float:
        c = cost(o[0], p[-1:])
        for x, y in zip(o, o[1:]):
            c += cost(y, x)
        return c

    return chained


def lost_underneath(
    pieces: list[tuple[int, int, str, list[list[str]]]], before: str
) -> list[tuple[int, int, str, list[list[str]]]]:
    """The reading of a stretch of UTF-8 whose bytes spell U+FFFD themselves (EF BF BD, which
    GBK shows as ``锟斤拷``), with what a decoder before it lost marked as lost (see
    `lossy.lost_runs`): one piece, each of its U+FFFD a lost character without candidates. A
    reading with no more U+FFFD than the text had markers is `resolve_lost`'s, as it is."""
    after = "".join(p[2] for p in pieces)
    if after.count("\ufffd") <= before.count("\ufffd"):
        return pieces
    text = lost_runs(after)
    if text == after:
        return pieces
    return [(pieces[0][0], pieces[-1][1], text, [[] for _ in range(text.count("\ufffd"))])]


#: The double quotation marks: ``“`` opens (English...) or closes a quote opened by ``„``
#: (German, Czech...), ``”`` closes one, ``„`` opens one.
QUOTES = frozenset("“”„")


def _quotes_answer(
    prior: list[dict[str, float]], seq: list[list[str]], multi: list[bool], left: str, right: str
) -> None:
    """Price the candidates of each lost character by the double quotation marks of the line
    around it (`left`, the run's known characters, `right`). Where ``“`` opened a quote, no
    language closes it with ``“`` or ``„``, and where ``„`` opened one, none opens another
    inside it with ``„``: those cost `RARE_LOST` more. Where the quote is still open at the end
    of the line but for this character, a line closes the quotes it opens: every candidate but
    the closing marks costs `PUNCT_LOST` more. Which of ``“`` and ``”`` closes a ``„`` (German
    and Czech ``“``, Polish and Hungarian ``”``) the language of the line says
    (`low_quote_closer`); the other costs `RARE_LOST` more where it does."""
    heads = [{o[:1] for o in opts} for opts in seq]  # (``” ``: a mark and the space lost with it)
    if not any(many and not QUOTES.isdisjoint(h) for h, many in zip(heads, multi)):
        return
    state = _open_quote(left)
    for idx, opts in enumerate(seq):
        if not multi[idx]:
            state = _open_quote(opts[0], state)
            continue
        if state is not None and not QUOTES.isdisjoint(heads[idx]):
            later = "".join(o[0] for o in seq[idx + 1 :] if len(o) == 1) + right
            known = "".join(o[0] for o in seq if len(o) == 1)
            closers = "”" if state == "“" else low_quote_closer(left + known + right)
            unclosed = _open_quote(later.split("\n", 1)[0], state) == state and not any(
                c in later.split("\n", 1)[0] for c in closers
            )
            prior[idx] = {
                o: c
                + (RARE_LOST if o[:1] in QUOTES and o[:1] not in closers else 0.0)
                + (PUNCT_LOST if unclosed and o[:1] not in closers else 0.0)
                for o, c in prior[idx].items()
            }
        if not QUOTES.isdisjoint(heads[idx]):
            state = None  # (whatever the lost mark was: unknown after it)


@lru_cache(maxsize=1)
def _low_quote_languages() -> tuple[tuple[frozenset[str], frozenset[str], str], ...]:
    """Per CLDR locale whose punctuation opens a quote with ``„``: its main letters, its
    auxiliary ones (case-folded), and which of ``“`` ``”`` its punctuation holds."""
    out = []
    for a in alphabets().values():
        if "„" in a.punctuation:
            closers = "".join(q for q in "“”" if q in a.punctuation)
            main = frozenset("".join(a.letters).casefold())
            out.append((main, frozenset("".join(a.auxiliary).casefold()) - main, closers))
    return tuple(out)


@lru_cache(maxsize=256)
def low_quote_closer(text: str) -> str:
    """The mark that closes a quote opened by ``„`` in the language `text` is written in:
    ``“`` (German, Czech, Slovak, Russian...), ``”`` (Polish, Hungarian), or ``“”`` when the
    text does not say. The language is the CLDR locale, among those that open quotes with
    ``„``, whose letters hold the text's letters best: fewest letters it does not write, then
    fewest it writes only in loan words (auxiliary), then most of its main letters; it says
    only when every such locale that closes with one mark closes with the same one. Text with
    no letter beyond ASCII says nothing (every Latin alphabet writes it).

    >>> low_quote_closer("Können Sie mir sagen, wo der Bahnhof ist?")
    '“'
    >>> low_quote_closer("Hol van a legközelebbi gyógyszertár?")
    '”'
    >>> low_quote_closer("Where is the station?")
    '“”'
    """
    letters = Counter(c for c in unicodedata.normalize("NFC", text).casefold() if c.isalpha())
    if all(c < "\x80" for c in letters):
        return "“”"
    best: tuple[int, int, int] | None = None
    marks: set[str] = set()
    for main, aux, closers in _low_quote_languages():
        missing = only_aux = held = 0
        for c, n in letters.items():
            if c in main:
                held += n
            elif c in aux:
                only_aux += n
            else:
                missing += n
        key = (missing, only_aux, -held)
        if best is None or key < best:
            best, marks = key, set()
        if key == best and len(closers) == 1:
            marks.add(closers)
    return marks.pop() if len(marks) == 1 else "“”"


def _no_cjk_beside_markers(text: str) -> bool:
    """Whether `text` holds characters beyond ASCII besides U+FFFD, none of them a CJK letter."""
    others = [c for c in text if c > "\x7f" and c != "\ufffd"]
    return bool(others) and not any(char_class(c) in CJK_LETTERS for c in others)


def _paired_quotes(text: str) -> int:
    """The double quotation marks of `text` that open a quote it closes, and those that close
    it (``„…“``, ``„…”``, ``“…”``): its punctuation, as no chance decoding pairs them."""
    pairs = 0
    state: str | None = None
    for ch in text:
        if ch == "\n":
            state = None
        elif state is not None and (ch == "”" or ch == "“" and state == "„"):
            pairs += 1
            state = None
        elif ch in "„“":
            state = ch
    return 2 * pairs


def _open_quote(text: str, state: str | None = None) -> str | None:
    """The double quotation mark left open after `text` (``“`` or ``„``; None: no quote is
    open), starting from `state`."""
    for ch in text:
        if ch == "„":
            state = "„"
        elif ch == "“":
            state = None if state == "„" else "“"
        elif ch == "”" or ch == "\n":
            state = None
    return state


def _letters_between(
    prior: list[dict[str, float]],
    seq: list[list[str]],
    multi: list[bool],
    prev: str,
    nxt: str,
    cls: int,
    info: Callable[[str], tuple],  # type: ignore[type-arg]
) -> None:
    """Make the candidates other than letters `RARE_LOST` dearer for each lost character that
    stands between two known letters of class `cls` (a script that writes its words apart)."""
    for idx in range(len(seq)):
        if multi[idx] and _between(seq, multi, idx, prev, nxt, cls, info):
            prior[idx] = {
                o: c + (RARE_LOST if info(o[0])[1] not in LETTERS else 0.0) for o, c in prior[idx].items()
            }


def _between(
    seq: list[list[str]],
    multi: list[bool],
    idx: int,
    prev: str,
    nxt: str,
    cls: int,
    info: Callable[[str], tuple],  # type: ignore[type-arg]
) -> bool:
    """Whether the lost character at `idx` stands between two known letters of class `cls`."""

    def known(j: int) -> str:
        if j < 0:
            return prev
        if j >= len(seq):
            return nxt
        return "" if multi[j] or seq[j] is NOTHING_FITS else seq[j][0]

    left, right = known(idx - 1), known(idx + 1)
    return bool(left and right) and info(left)[1] == cls and info(right)[1] == cls


def plausible(ch: str, prior: dict[str, float], scripts: set[int], info: Callable[[str], tuple]) -> bool:  # type: ignore[type-arg]
    """Whether `ch`, the best of a lost character's candidates, may be restored at all: not a
    character real text seldom holds (its prior is `RARE_LOST` or more), and, for a letter,
    one of the scripts around it. A share among candidates that are all unlikely (IPA letters
    for a lost lead byte in Japanese text) is no evidence for any of them."""
    if prior.get(ch, 0.0) >= RARE_LOST:
        return False
    if ch in APOSTROPHES and scripts and scripts <= CJK_LETTERS:
        return False  # (ʼ ˈ ː are marks of alphabets: Ukrainian, Uzbek, IPA; not of CJK text)
    cls = info(ch[0])[1]
    return not scripts or cls not in LETTERS or cls in scripts


#: The share a lost character's best candidate needs when neither neighbour is a known letter.
ALONE_SHARE = 0.8


def anchored(seq: list[list[str]], multi: list[bool], idx: int, prev: str, nxt: str) -> bool:
    """Whether the lost character at `idx` has a known letter on at least one side.

    Between two other lost characters (or a lost one and a space), the model can only say
    which candidate is most frequent, and a frequent character (是, 在) wins most of the
    probability whatever was there: its share overstates the evidence.
    """

    def known(j: int) -> bool:
        if j < 0:
            ch = prev
        elif j >= len(seq):
            ch = nxt
        else:
            if multi[j] and len(seq[j]) != 1 or seq[j] is NOTHING_FITS:
                return False  # (a lone candidate is as good as known here, as it always was)
            ch = seq[j][0]
        return bool(ch) and char_class(ch) in LETTERS

    return known(idx - 1) or known(idx + 1)


def _share(scores: list[tuple[float, str]], total: int, pruned: tuple[int, float] = (0, 0.0)) -> float:
    """The model's probability of the best candidate among `scores` (path costs in nats, best
    first) and `total` - len(scores) more that were not weighed, each counted as likely as the
    worst weighed one (they were left out for costing more on their own); those of them that
    `lossy._prune` left out (`pruned`: how many, and their weight in units of the worst one it
    kept) count for what they cost more on their own."""
    best = scores[0][0]
    mass = sum(math.exp(best - s) for s, _ in scores)
    count, units = pruned
    unweighed = max(0, total - len(scores))
    mass += (max(0, unweighed - count) + min(units, count)) * math.exp(best - scores[-1][0])
    return 1.0 / mass


class Ranked(list):  # type: ignore[type-arg]
    """The likeliest candidates of a lost character that stays lost, best first, with the
    model's probability of each in `probs` (as `_share` weighs the best one)."""

    probs: tuple[float, ...] = ()


#: A lost character that stays lost lists at most this many candidates.
RANKED = 8


def ranked(scores: list[tuple[float, str]], total: int, pruned: tuple[int, float] = (0, 0.0)) -> Ranked:
    """The `RANKED` best of `scores` (path costs in nats, best first; `total` and `pruned` as
    for `_share`) with their probabilities."""
    out = Ranked(s[1] for s in scores[:RANKED])
    if scores:
        best = scores[0][0]
        share = _share(scores, total, pruned)
        out.probs = tuple(share * math.exp(best - s) for s, _ in scores[:RANKED])
    return out


#: A reading of legacy CJK bytes that were shown as UTF-8 must give this many different CJK letters.
MIN_SHOWN_AS_UTF8 = 3
#: A repaired stretch must read like text: at most this mean cost per character.
MAX_MEAN = 9.0


def credible(
    before: str,
    after: str,
    m: Model,
    layers: tuple[Layer, ...] = (),
    trusted: bool = False,
    around: str | None = None,
) -> bool:
    """Whether a repair has enough evidence and gives ordinary text.

    One character of mojibake proves nothing (a rare Hanzi decodes, as some other codec, to a
    common one), and a repair that yields a jumble of symbols and scripts is a wrong reading.
    Where the document has shown the layer at work (`trusted`), rarer words (names, titles)
    are believed too. `around`: the words `before` lies in (`words_around`), which tell a
    letter table that a span cut out of it does not.
    """
    if len(before) < 2 or before.isascii():
        return False
    if len(set(before)) == 1:
        # one character repeated ('jóóóóó', 'ааааа' for emphasis) is no reading of anything: the
        # same bytes over and over decode to some other character over and over in any codec
        return False
    if letter_list(before if around is None else around):
        # a list of letters (``Ää Öö Üü``) reads back through any channel as a list of something
        return False
    if (
        any(shown == "utf-8" and CHARSETS[true].kind == "dbcs" for true, shown in layers)
        and len({c for c in after if char_class(c) in CJK_LETTERS}) < MIN_SHOWN_AS_UTF8
    ):
        # Legacy CJK bytes read as UTF-8 decode only where a lead and a trail byte happen to
        # form a UTF-8 character (C2-DF then 80-BF), so real text read that way is mostly
        # U+FFFD, and a few such characters in clean text (Maltese ħ, Sami ǥ) are chance.
        return False
    if _split_halfwidth(before, layers):
        return True
    if not all(la in FTFY_LAYERS for la in layers) and still_utf8(after):
        # the reading is itself UTF-8 as a code page shows it ('О¤Ої ПЂО»' for 'Το πλ'): the
        # first of two layers undone at most, whose second could not be (bytes lost in it);
        # ftfy's own layers are exempt (held for ftfy, which undoes several of them)
        return False
    letters = after.replace("\ufffd", "")
    utf8 = any(true == "utf-8" for true, _ in layers) and sum(1 for c in before if c > "\x7f") >= 3
    # a valid UTF-8 decoding of several characters is evidence enough for rarer words (names)
    limit = MAX_MEAN + 3.0 / len(letters) + (2.0 if utf8 or trusted else 0.0) if letters else 0.0
    if not letters or m.cost(letters) / len(letters) > limit:
        return False
    if len(letters) < 6 and any(char_class(c) == HKATA for c in letters):
        return False  # halfwidth katakana come in long runs, when real
    wide = [c for c in letters if c > "\x7f" and not c.isspace()]
    if not wide and "\ufffd" in before and _no_cjk_beside_markers(before):
        # a text that shows its lost characters as U+FFFD, read so that its other characters
        # beyond ASCII are lost too (``It�¢��s``: ¢ as the trail bytes of a lost Hangul), gains
        # no character; where those were CJK letters (UTF-8 read as EUC-KR: ``��μ�� �����듬``),
        # they are the layer's own view of the bytes, and the reading one marker per character
        return False
    styled = _styling(after)
    # a UTF-8 sequence read as a CJK codec that swallowed the ASCII letter after it, in a Latin
    # word ('DVD鈭扤ews' for 'DVD−News'): one symbol back between letters is text too
    glued = (
        len(wide) == 1
        and any(true == "utf-8" for true, _ in layers)
        and len(before) == 2
        and after[-1:].isascii()
        and after[-1:].isalpha()
    )
    if (
        wide
        and not glued
        and (
            sum(
                1
                for c in wide
                if char_class(c) in _TEXTUAL
                or c in TEXT_PUNCT
                or c in styled
                or trusted
                and c in COMMON_MARKS
            )
            + _paired_quotes(after)
        )
        * 2
        < len(wide)
    ):
        # mojibake undone gives text: letters and their punctuation (`TEXT_PUNCT`; and the strokes a styler
        # puts over them, ``1̶2̶0̶``; a quotation it opens and closes, ``„Kommst du?“``), not
        # symbols; where the document has shown the layer at work, a common mark alone (a
        # dash, an ellipsis) too
        return False
    if layers and all(_between_cjk(la) for la in layers) and _symbols_only(before, after):
        # the symbol rows of one CJK standard read as another's are symbols again (EUC-JP's
        # 《〉 are Big5's √±, Mac Roman's view of ñ): a reading between two CJK charsets that
        # gives no CJK letter for symbols gives nothing a text says
        return False
    if layers and all(_between_pages(la) for la in layers) and _no_letters(before, after):
        # so too the signs of one single-byte page read as another's (KOI8-R's ``≥ √ ≈`` are
        # windows-1251's ``™ – —``): a page is mistaken for another by its letters, and a
        # reading that gives none, however repeated, gives nothing a text says
        return False
    if not utf8 and not glued and all(c < "\x80" or char_class(c) in _CJK_OR_USER for c in before):
        # Rare CJK characters are real text too (a table of kanji, a rare name): a repair of
        # text made only of them must show words, i.e. pairs of letters that occur in words,
        # unless it is a UTF-8 decoding of several characters (which chance seldom makes valid).
        # (Private use characters count as CJK ones: they are what a decoder makes of a CJK
        # charset's user-defined rows, in any CJK text read with the wrong one.)
        n = sum(1 for c in after if char_class(c) in CJK_LETTERS)
        if _rare_to_common(before, after, layers):
            return True
        # (a character doubled is no pair: the same bytes twice read the same way twice, so
        # ``深深`` in the reading of ``旮旮`` says nothing about the reading)
        pairs = sum(1 for x, y in zip(after, after[1:]) if x != y and (m.info(x)[0] + m.info(y)[0]) in m.bi)
        return pairs >= max(1, n // 4)
    return True


def _styling(text: str) -> frozenset[str]:
    """The overlay marks of `text` (`OVERLAY_MARKS`) that each stand on a character other than
    a mark somewhere in it: a styler's strokes over text (``1̶2̶0̶``), not marks on nothing."""
    if not OVERLAY_MARKS.intersection(text):
        return frozenset()
    return frozenset(
        c for k, c in enumerate(text) if c in OVERLAY_MARKS and k and char_class(text[k - 1]) != MARK
    )


def _split_halfwidth(before: str, layers: tuple[Layer, ...]) -> bool:
    """Whether `before` is UTF-8 read as Shift-JIS whose every halfwidth katakana stands alone
    after a double-byte character: the three bytes of a symbol (``竭ｯ`` for ⑯, E2 91 AF) split
    into a kanji and the halfwidth katakana of its last byte. Real halfwidth katakana come in
    runs (ｶﾀｶﾅ); one after each kanji, in a valid UTF-8 reading, is this mix-up, and the symbols
    it gives (circled numbers, ※, Roman numerals) are its text."""
    if layers != (("utf-8", "shift_jis"),):
        return False
    seen = False
    for k, ch in enumerate(before):
        if char_class(ch) != HKATA:
            continue
        prev = before[k - 1] if k else ""
        nxt = before[k + 1] if k + 1 < len(before) else ""
        if not prev or prev < "\x80" or char_class(prev) == HKATA or (nxt and char_class(nxt) == HKATA):
            return False
        seen = True
    return seen


#: A CJK mix-up turning at least this share of rare characters into common ones (see below).
RARE_SHARE = 1 / 3


def _rare_to_common(before: str, after: str, layers: tuple[Layer, ...]) -> bool:
    """Whether one CJK charset read as another (GBK as Big5) turned rare characters into common
    ones: at least three characters, every one of the repair in the frequently used block of the
    charset it was written in, a third or more of the original outside that block of the charset
    it was read as. A name or a short title (``卼偷睿雁苤莊`` for 王敖和董小缠) shows no word pairs
    to the model, but a clean text does not drift from its own charset's rare block into exactly
    the other's common one, character after character."""
    if len(layers) != 1:
        return False
    true, shown = layers[0]
    common_true, common_shown = common_block(true), common_block(shown)
    if not common_true or not common_shown or true == "utf-8":
        return False
    wide = [c for c in before if c > "\x7f"]
    new = [c for c in after if c > "\x7f"]
    if len(set(new)) < 3 or not all(c in common_true for c in new):  # three different ones
        return False
    if 2 * _standing_alone(before) > len(wide):
        # a table of characters (an alphabet's exemplars, a list of a charset's extension
        # kanji) writes them one by one between spaces, rare after rare in code order: text
        # writes them in runs, and only a run drifting block to block is the mix-up
        return False
    return sum(1 for c in wide if c not in common_shown) >= RARE_SHARE * len(wide)


def _standing_alone(text: str) -> int:
    """How many non-ASCII characters of `text` have no non-ASCII neighbour."""
    wide = [c > "\x7f" for c in text]
    return sum(
        1
        for i, w in enumerate(wide)
        if w and not (i and wide[i - 1]) and not (i + 1 < len(wide) and wide[i + 1])
    )


def _between_cjk(layer: Layer) -> bool:
    """Whether `layer` reads one legacy CJK charset as another."""
    true, shown = layer
    return CHARSETS[true].kind == "dbcs" and CHARSETS[shown].kind == "dbcs"


def _between_pages(layer: Layer) -> bool:
    """Whether `layer` reads one single-byte code page as another."""
    true, shown = layer
    return CHARSETS[true].kind == "sbcs" and CHARSETS[shown].kind == "sbcs"


def _no_letters(before: str, after: str) -> bool:
    """Whether neither `before` nor `after` holds a letter among its non-ASCII characters."""
    return not any(c.isalpha() for c in before + after if c > "\x7f")


def _symbols_only(before: str, after: str) -> bool:
    """Whether neither `before` nor `after` holds a CJK letter among its non-ASCII characters."""
    return not any(char_class(c) in CJK_LETTERS for c in before + after if c > "\x7f")


#: The code pages whose view of UTF-8 a reading must not be (those of `FTFY_LAYERS`).
UTF8_VIEWS = ("cp1252", "cp1251", "cp1250", "mac_roman")
#: A reading whose non-ASCII characters are this much UTF-8 in one of them is still mojibake.
STILL_UTF8 = 0.6


#: A well-formed UTF-8 sequence of two to four bytes (Unicode's table 3-7: exactly what Python's
#: strict decoder takes), found left to right, each scan resuming after the one found or one
#: byte further on.
_UTF8_SEQUENCE = re.compile(
    b"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    b"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    b"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: The C1 controls as the character windows-1252 writes as 0x80 (it has none of them).
_C1_AS_EURO = dict.fromkeys(range(0x80, 0xA0), "\u20ac")


def still_utf8(text: str) -> bool:
    """Whether most of `text`'s non-ASCII characters (four or more) are, through one of
    `UTF8_VIEWS`, the bytes of valid multi-byte UTF-8: what text of any language shows for a
    few characters at most (``Сі`` is D1 B3 in windows-1251) and mojibake for nearly all.

    >>> still_utf8("О¤Ої ПЂО»ОїОЇОї")
    True
    >>> still_utf8("Сім років тому")
    False
    """
    wide = sum(1 for c in text if c > "\x7f")
    if wide < 4:
        return False
    for codec in UTF8_VIEWS:
        # the bytes the code page shows as `text`: each character one byte, b"?" for one it
        # lacks, and windows-1252's view of a C1 control (a byte it leaves undefined) 0x80
        shown = text.translate(_C1_AS_EURO) if codec == "cp1252" else text
        found = _UTF8_SEQUENCE.findall(shown.encode(codec, errors="replace"))
        covered = sum(map(len, found))  # characters too: one byte each in these code pages
        sequences = len(found)
        if covered >= STILL_UTF8 * wide and sequences >= 2:
            return True
    return False
