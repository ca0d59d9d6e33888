"""The mojibake engine: find the spans of a line that some wrong-codec chain explains better.

The search of one line goes through the modules of this package, each one concern:

* `screen`: which layers (a *layer* is text encoded as `true`, read as `shown`) are worth a full
  search of the line: each decodes the whole line in C (Python's codecs, with an error handler
  for the vendor supersets) and they are ranked by the unigram cost they save; and, for the
  fixer, the character class of what mojibake is made of and the cheap tests of a line;
* `channels`: the line seen through one layer: each character encoded back with `shown`
  (characters `shown` cannot produce are barriers; U+FFFD is a lost byte when `shown` is a CJK
  codec and `true` is UTF-8, and so is a ``?`` where the bytes around it need one), decoded
  with `true` unit by unit (one bad byte spoils one unit), and cut into *atoms*: the shortest
  runs of characters whose bytes are also whole characters of the decoded text (``浣犲ソ`` is
  one atom for ``你好``);
* `candidates`: a two-state Viterbi over the atoms (keep / decode) with the language model
  chooses the stretches to decode; entering and leaving one each cost `SWITCH` nats, so a
  stretch is decoded only if its decoding is that much more plausible than the original: the
  "clearly more plausible" rule, which keeps clean text (which the model already likes) as is.
  The edges of a stretch are then widened over the characters of the same word and, for
  alphabets, over the short words beside it;
* `lossy` and `resolve`: lost bytes leave a choice among candidates; the candidate the model
  prefers is kept when the best path through it beats every other by `CLEAR_WIN` nats, and the
  others are reported. `resolve.credible` is the test that a decoded stretch reads as text:
  ordinary cost per character, mostly letters, and, for text made only of CJK letters, pairs
  that occur in words;
* `document`: the document as its own model for lost characters, and the readings applied to a
  whole document once its layer is known; `regions` and `words`: which stretches of a document
  the fixer searches, and the short words the search cannot judge alone.

This module puts them together (`repair_line`). A stretch that is not credible may be the outer
layer of two: the search runs again over it, and the chain of both layers competes with the
single readings. Readings made only of layers that ftfy undoes (UTF-8 read as windows-1252, Mac
Roman, windows-1251) hold their stretch and are left to it.

Costs are linear in the length of the line; a line longer than `MAX_LINE` characters is cut
into pieces of that size (at a space when there is one), so no input is quadratic. Every call
keeps its state to itself: the modules hold only constants and caches of pure functions.
"""

from __future__ import annotations

from ..spans import apply_edits
from ..text.charmodel import (
    Model,
    words_around,
)
from ..text.charsets import CHARSETS, FTFY_LAYERS, LAYERS, Layer
from .candidates import SWITCH, candidates, search, select
from .channels import Span, shift_span
from .document import Document
from .resolve import credible, lost_underneath

#: At most this many first-pass readings that are not text yet are searched for a second layer,
#: and only those within this share of the best reading of their stretch.
MAX_OUTER = 2
OUTER_SHARE = 0.7
#: Lines longer than this are searched in pieces.
MAX_LINE = 2000


def repair_line(
    line: str,
    model: Model,
    unsafe: frozenset[str] | None = None,
    layers: tuple[Layer, ...] = LAYERS,
    switch: float = SWITCH,
    doc: Document | None = None,
    deferred: list[Span] | None = None,
) -> list[Span]:
    """The repairs of one line, in its coordinates; two layers are undone in two passes.

    Repairs whose every layer is one ftfy undoes well are dropped (the Latin fixer makes them);
    they are appended to `deferred` when it is given (the fixer learns from them that a
    document is ftfy's, see `fixers.cjk`).
    """
    if len(line) > MAX_LINE:
        return _in_pieces(line, model, unsafe, layers, switch, doc, deferred)
    found = candidates(line, model, layers, unsafe, switch, doc)
    completed: list[tuple[Span, bool]] = []  # (span, whether to leave it to ftfy)
    outer: list[Span] = []
    for sp in found:
        before = line[sp.start : sp.end]
        ftfy_only = all(la in FTFY_LAYERS for la in sp.layers)
        around = words_around(line, sp.start, sp.end)
        if credible(before, sp.after, model, sp.layers, switch < SWITCH, around):
            completed.append((sp, ftfy_only))
        else:
            if ftfy_only:  # ftfy may well undo it (with more layers): hold the stretch for it
                completed.append((sp, True))
            outer.append(sp)
    # Not text yet: perhaps the outer layer of two. Look under the strongest few (each look is
    # a search of its own), in a window of the line around them.
    outer.sort(key=lambda sp: -sp.gain)
    for sp in outer[:MAX_OUTER]:
        best_rival = max((o.gain for o in found if o.start < sp.end and o.end > sp.start), default=0.0)
        if sp.gain < OUTER_SHARE * best_rival:
            continue
        whole = _two_layers(line, sp, model)
        if whole is not None:
            completed.append((whole, ftfy_chain(whole.layers)))
    chosen = select([sp for sp, _ in completed])
    defer = {id(sp) for sp, d in completed if d}
    if deferred is not None:
        deferred += [sp for sp in chosen if id(sp) in defer]
    return [sp for sp in chosen if id(sp) not in defer]


def ftfy_chain(layers: tuple[Layer, ...]) -> bool:
    """Whether a chain of layers (the outer one first) is one that ftfy undoes: each of its
    layers is, or it is a detour through a single-byte code page that comes to one (``Ã§``,
    UTF-8 read as windows-1252, is also UTF-8 read as windows-1251 read as windows-1252: ``Г§``
    then ç). A single-byte codec gives each byte it defines back as it took it, so the outer
    layer (A read as B) over inner ones (C read as A) reads C as B wherever the chain reads at
    all; where it does not (``Ã `` for à, its A0 turned into a space), the detour leaves its
    middle code page's letters (``Г ``), which the Latin fixer's own reading of the stretch,
    byte A0 restored, has no need of.

    >>> ftfy_chain((("cp1251", "cp1252"), ("utf-8", "cp1251"), ("utf-8", "cp1251")))
    True
    >>> ftfy_chain((("gbk", "cp1252"), ("utf-8", "gbk")))
    False
    """
    if all(la in FTFY_LAYERS for la in layers):
        return True
    (middle, shown), inner = layers[0], layers[1:]
    if not inner or CHARSETS[middle].kind != "sbcs" or any(sh != middle for _t, sh in inner):
        return False
    return all((true, shown) in FTFY_LAYERS for true, _sh in inner)


def _in_pieces(
    line: str,
    model: Model,
    unsafe: frozenset[str] | None,
    layers: tuple[Layer, ...],
    switch: float,
    doc: Document | None,
    deferred: list[Span] | None = None,
) -> list[Span]:
    """`repair_line` of a line longer than `MAX_LINE`, piece by piece (cut at a space when there
    is one in the second half of a piece), so that no input costs more than linear time."""
    out: list[Span] = []
    pos = 0
    while pos < len(line):
        cut = min(len(line), pos + MAX_LINE)
        if cut < len(line):
            space = line.rfind(" ", pos + MAX_LINE // 2, cut)
            cut = space + 1 if space > 0 else cut
        held: list[Span] | None = [] if deferred is not None else None
        for s in repair_line(line[pos:cut], model, unsafe, layers, switch, doc, held):
            out.append(shift_span(s, pos))
        if deferred is not None and held:
            deferred += [shift_span(s, pos) for s in held]
        pos = cut
    return out


def _two_layers(line: str, sp: Span, model: Model) -> Span | None:
    """The repair of two layers whose outer one is `sp` (not text on its own): the search run
    again over its reading, in a window of 20 characters either side, and the chain of both
    when their reading is credible; None when there is none."""
    w0 = max(0, sp.start - 20)
    mid = line[w0 : sp.start] + sp.after + line[sp.end : sp.end + 20]
    ms, me = sp.start - w0, sp.start - w0 + len(sp.after)
    inner = [shift_span(s2, w0) for s2 in search(mid, model, LAYERS, None) if s2.start < me and s2.end > ms]
    if not inner:
        return None
    ms, me = sp.start, sp.start + len(sp.after)
    mid = line[: sp.start] + sp.after + line[sp.end :]
    lo = min(ms, inner[0].start)
    hi = max(me, inner[-1].end)
    start, end = lo, sp.end + (hi - me)
    fixed = apply_edits(mid[lo:hi], [shift_span(s2, -lo) for s2 in inner])
    chain = sp.layers + tuple(la for s2 in inner for la in s2.layers)
    if not credible(line[start:end], fixed, model, chain, around=words_around(line, start, end)):
        return None
    gain = sp.gain + sum(s2.gain for s2 in inner)
    pieces: list[tuple[int, int, str, list[list[str]]]] = [(start, end, fixed, [])]
    if "\ufffd" in fixed and any(true == "utf-8" for true, _ in chain):
        pieces = lost_underneath(pieces, line[start:end])
    return Span(start, end, pieces, chain, gain, sp.restored)
