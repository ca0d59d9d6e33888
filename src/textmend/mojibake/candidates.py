"""The candidate repairs of one line: the stretches each screened layer decodes for less.

For one layer, a two-state Viterbi over the line's atoms (see `channels`) chooses the stretches
to decode with the language model; entering and leaving one each cost `SWITCH` nats, so a
stretch is decoded only if its decoding is that much more plausible than the text as it stands.
The edges of a stretch are widened over the characters of the same word (`_glued`) and, for
alphabets, over the short words beside it (`_short_words`); a lossy reading's stretches reach
over the words of lost markers beside them (`_reach_lost`). Each stretch's lost characters are
resolved (`resolve.resolve_lost`); `select` keeps the best non-overlapping ones.
"""

from __future__ import annotations

from ..text.charmodel import (
    CJK_LETTERS,
    HANGUL,
    HIRA,
    KATA,
    Model,
    char_class,
    words_around,
)
from ..text.charsets import CHARSETS, LAYERS, Layer
from .channels import Atom, Span, atoms_for
from .document import Document
from .resolve import credible, lost_underneath, resolve_lost
from .screen import ALPHABETIC, lossy_layers, screen, signed

#: Cost (nats) of starting, and again of ending, a decoded stretch.
SWITCH = 9.0


def _viterbi(
    line: str, atoms: list[Atom], ocost: list[float], model: Model, switch: float = SWITCH
) -> list[tuple[int, int]]:
    """Indices ``(first, last + 1)`` of the atom runs the best path decodes."""
    INF = float("inf")
    n = len(atoms)
    o_state = 0.0
    c_state = INF
    back_o: list[int] = []  # 0: came from O, 1: from C
    back_c: list[int] = []
    prev_c_char = ""
    costs = model.costs
    pair = model.pair
    # The decoded text of each run of decodable atoms, scored in one pass: an atom's cost after
    # the decoded atom before it, and the cost of its first character there.
    after_c: list[float] = [0.0] * n
    first_c: list[float] = [0.0] * n
    k = 0
    while k < n:
        if atoms[k].cand is None or not atoms[k].cand:
            k += 1
            continue
        j = k
        while j < n and atoms[j].cand:
            j += 1
        run_costs = costs("".join(a.cand or "" for a in atoms[k:j]))
        pos = 0
        for q in range(k, j):
            ln = len(atoms[q].cand or "")
            after_c[q] = sum(run_costs[pos : pos + ln])
            first_c[q] = run_costs[pos]
            pos += ln
        k = j
    for idx, at in enumerate(atoms):
        oc = sum(ocost[at.t0 : at.t1])
        new_o_from_o = o_state + oc
        new_o_from_c = c_state + oc + switch
        if new_o_from_o <= new_o_from_c:
            new_o, bo = new_o_from_o, 0
        else:
            new_o, bo = new_o_from_c, 1
        if at.cand:
            prev_o_char = line[at.t0 - 1] if at.t0 > 0 else ""
            if c_state < INF and prev_c_char:
                cc_from_c = after_c[idx]
                cc_from_o = (
                    cc_from_c
                    if prev_o_char == prev_c_char
                    else (cc_from_c - first_c[idx] + pair(prev_o_char, at.cand[0]))
                )
            else:
                cc_from_c = INF
                cc_from_o = after_c[idx] - first_c[idx] + pair(prev_o_char, at.cand[0])
            a1 = o_state + cc_from_o + switch
            a2 = c_state + cc_from_c
            if a1 < a2:
                new_c, bc = a1, 0
            else:
                new_c, bc = a2, 1
            prev_c_char = at.cand[-1] if at.cand else prev_c_char
        else:
            new_c, bc = INF, 0
        o_state, c_state = new_o, new_c
        back_o.append(bo)
        back_c.append(bc)
        if c_state == INF:
            prev_c_char = ""
    # end in O
    state = 0 if o_state <= c_state + switch else 1
    path = [0] * n
    for k in range(n - 1, -1, -1):
        path[k] = state
        state = back_o[k] if state == 0 else back_c[k]
    runs: list[tuple[int, int]] = []
    k = 0
    while k < n:
        if path[k] == 1:
            j = k
            while j < n and path[j] == 1:
                j += 1
            # trim atoms that decode to themselves at both ends
            a, b = k, j
            while a < b and atoms[a].cand == atoms[a].orig:
                a += 1
            while b > a and atoms[b - 1].cand == atoms[b - 1].orig:
                b -= 1
            if a < b:
                # Mojibake spares no character of a run of letters: a neighbour glued to the
                # decoded stretch that also decodes, to something else, belongs to it (the model
                # alone may keep 'т' of 'тЕУРХВМЙЛБОУЛБС' because 'т' begins words too).
                lo = runs[-1][1] if runs else 0
                while a > lo and _glued(atoms[a - 1]):
                    a -= 1
                while b < n and _glued(atoms[b]) and path[b] == 0:
                    b += 1
                if a > lo and _trail_glued(atoms[a - 1], atoms[a].cand, model):
                    a -= 1
                if b < n and path[b] == 0 and _trail_glued(atoms[b], atoms[b - 1].cand, model):
                    b += 1
                a, b = _short_words(atoms, a, b, lo, n, path, model)
                runs.append((a, b))
            k = j
        else:
            k += 1
    return runs


#: Longest word beside a decoded run of an alphabet that `_short_words` takes in; a word of more
#: than two letters is taken in only when its reading costs at most `SWITCH` more than it does.
MAX_WORD = 12


def _short_words(
    atoms: list[Atom], a: int, b: int, lo: int, n: int, path: list[int], model: Model | None = None
) -> tuple[int, int]:
    """Widen a decoded run of an alphabet over the words next to it.

    A single-byte mix-up spares no letter, but the model cannot judge a word like 'х' or 'с'
    alone, and finds an abbreviation or a rare word (``ВАТБ`` for бюра, KOI8-R read as
    windows-1251) as cheap as its reading; when the run it borders decodes, so does it. Only
    across spaces and punctuation (at most four characters), only words that decode to letters
    of the run's alphabet: any of one or two letters, longer ones (up to `MAX_WORD`) when their
    reading costs at most `SWITCH` nats more than the word as it stands.
    """

    def letters(k: int) -> bool:
        at = atoms[k]
        return (
            at.cand is not None
            and at.cand != at.orig
            and at.options is None
            and len(at.orig) == 1
            and at.orig > "\x7f"
            and at.orig.isalpha()
            and at.cand.isalpha()
        )

    def gap(k: int) -> bool:
        at = atoms[k]
        return at.cand == at.orig and at.orig.isascii() and not at.orig.isalpha()

    def fits(w0: int, w1: int) -> bool:
        if w1 - w0 <= 2:
            return True
        if model is None:
            return False
        orig = "".join(at.orig for at in atoms[w0:w1])
        cand = "".join(at.cand or "" for at in atoms[w0:w1])
        return model.cost(cand, " ", " ") <= model.cost(orig, " ", " ") + SWITCH

    if not any(c.cand and char_class(c.cand[0]) in ALPHABETIC for c in atoms[a:b]):
        return a, b
    while True:
        k = a - 1
        g = 0
        while k >= lo and gap(k) and g < 4:
            k, g = k - 1, g + 1
        w = k
        while w >= lo and letters(w) and k - w < MAX_WORD:
            w -= 1
        if g and k - w >= 1 and (w < lo or not atoms[w].orig.isalpha()) and fits(w + 1, k + 1):
            a = w + 1
        else:
            break
    while True:
        k = b
        g = 0
        while k < n and gap(k) and g < 4:
            k, g = k + 1, g + 1
        w = k
        while w < n and letters(w) and path[w] == 0 and w - k < MAX_WORD:
            w += 1
        if g and w - k >= 1 and (w >= n or not atoms[w].orig.isalpha()) and fits(k, w):
            b = w
        else:
            break
    return a, b


def _glued(at: Atom) -> bool:
    """An atom of non-ASCII letters or symbols (no space, no ASCII) that decodes to a change."""
    return (
        at.cand is not None
        and at.cand != at.orig
        and at.options is None
        and all(c > "\x7f" and not c.isspace() for c in at.orig)
        and not any(c.isspace() or c < "\x80" for c in at.cand)
    )


def _trail_glued(at: Atom, beside: str | None, m: Model) -> bool:
    """A double-byte character whose second byte is ASCII (``§n`` for Big5 吵, ``’J`` for
    Shift-JIS 谷), glued to a decoded run of CJK letters (`beside`, the decoded text next to it).

    The model finds a symbol and a letter cheap, so such a character at the edge of a run stays
    behind on its own; next to a run of the same mix-up, it is part of it.
    """
    cand = at.cand
    if not cand or not beside:
        return False
    return (
        len(cand) == 1
        and at.options is None
        and len(at.orig) == 2
        and at.orig[0] > "\xa0"
        and "!" <= at.orig[1] <= "~"
        and char_class(cand) in CJK_LETTERS
        and (cand in m.legacy or cand in m.uni)
        and char_class(beside[0]) in CJK_LETTERS
        and char_class(beside[-1]) in CJK_LETTERS
    )


def char_costs(line: str, model: Model) -> list[float]:
    """The cost of each character of `line` as it stands, given the one before it: with the
    language back-off, so that a word of a language the frequency lists lack is not evidence
    of damage by being rare (see `charmodel.as_written`)."""
    return model.costs_as_written(line)


#: How many atoms on each side of a run `_read_around` gives.
AROUND = 80


def _read_around(atoms: list[Atom], a: int, b: int) -> tuple[str, str]:
    """The line before and after the run of atoms ``[a, b)``, as the layer reads it (what does
    not decode, as it stands): the quotes the run's lost characters may close."""

    def read(part: list[Atom]) -> str:
        return "".join(at.orig if at.cand is None else at.cand for at in part)

    return read(atoms[max(0, a - AROUND) : a]), read(atoms[b : b + AROUND])


def candidates(
    line: str,
    model: Model,
    layers: tuple[Layer, ...] = LAYERS,
    unsafe: frozenset[str] | None = None,
    switch: float = SWITCH,
    doc: Document | None = None,
) -> list[Span]:
    """Every single-layer repair of a stretch of `line` worth its switches, overlapping or not.

    `layers` are screened (see `screen`) unless `switch` is lowered, which the fixer does for
    the few layers the rest of the document has already shown to be at work. `doc`, the whole
    text, helps choose among the candidates of lost characters (see `document.py`).
    """
    found: list[Span] = []
    n = len(line)
    searched = (
        signed(line, screen(line, model, layers, unsafe) + lossy_layers(line, layers))
        if switch >= SWITCH
        else layers
    )
    ocost: list[float] = []  # the cost of the line as it stands, once a layer decodes some of it
    for layer in dict.fromkeys(searched):
        atoms = atoms_for(line, layer)
        if not atoms or all(a.cand is None or a.cand == a.orig for a in atoms):
            continue
        if not ocost:
            ocost = char_costs(line, model)
            ocost.append(0.0)
        runs = _viterbi(line, atoms, ocost, model, switch)
        mixer = None
        if any(at.options is not None for at in atoms):
            if switch >= SWITCH:  # (where the document alone vouches for the layer, stretches
                # are short and many: widened, they would take in markers already repaired)
                runs = _reach_lost(atoms, runs)
            mixer = doc.mixer(layer[1]) if doc is not None else None
        for a, b in runs:
            run = atoms[a:b]
            s, e = run[0].t0, run[-1].t1
            prev = line[s - 1] if s else ""
            nxt = line[e] if e < n else ""
            pieces, restored = resolve_lost(run, prev, nxt, model, mixer, _read_around(atoms, a, b))
            after = "".join(p[2] for p in pieces)
            # restored characters are scored as lost: a guess is no evidence for the reading
            marked = "".join(run_at.cand or "" for run_at in run) if restored else after
            if layer == ("utf-8", "shift_jis") and "\u30fb" in marked:
                # a '・' kept for a lost byte is scored as lost, not as the common mark it is
                marked = marked.replace("\u30fb", "\ufffd")
            gain = sum(ocost[s : e + 1]) - model.cost(marked, prev, nxt)
            if gain >= 2 * switch:
                if layer[0] == "utf-8" and "\ufffd" in after:
                    pieces = lost_underneath(pieces, line[s:e])
                found.append(Span(s, e, pieces, (layer,), gain, restored))
    return found


#: The legacy charsets written in each script of their own: the same reading of a stretch by two
#: layers (kana read back through GBK and through EUC-JP, which share their rows) goes to the
#: layer whose charset belongs to the script.
_NATIVE = {
    HIRA: frozenset({"shift_jis", "euc-jp"}),
    KATA: frozenset({"shift_jis", "euc-jp"}),
    HANGUL: frozenset({"euc-kr"}),
}


def _foreign(sp: Span) -> int:
    """1 when the first layer of `sp` is a legacy CJK charset foreign to the kana or Hangul of
    its reading (GBK for Japanese kana), else 0: the tie-break of `select`."""
    true = sp.layers[0][0]
    if CHARSETS[true].kind != "dbcs":
        return 0
    for ch in sp.after:
        native = _NATIVE.get(char_class(ch))
        if native is not None and true not in native:
            return 1
    return 0


def _lost_only(at: Atom) -> bool:
    """An atom made only of lost markers (whole characters lost between spaces or ASCII)."""
    return at.options is not None and at.cand == at.orig and all(c in "\ufffd?\u30fb" for c in at.orig)


def _gap(at: Atom) -> bool:
    """An atom of ASCII (spaces, punctuation, digits, Latin words) that stays as it is."""
    return at.cand == at.orig and at.orig.isascii()


def _reach_lost(atoms: list[Atom], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Widen each decoded run of a lossy reading over the words of lost markers beside it.

    A word whose every byte was lost decodes to nothing the model can weigh, so the Viterbi
    leaves it out of the stretches around it, and its markers would stay one per lost byte.
    Beside a stretch the reading decodes, such a word is the same damage: taken in, each of its
    characters becomes one marker (see `resolve_lost`). Only across ASCII (``11월`` lost whole is
    ``11���``); the words themselves never start a stretch (markers alone are no evidence of anything, which
    keeps a second pass over repaired text from reading its markers as bytes again).
    """
    out: list[tuple[int, int]] = []
    n = len(atoms)
    for idx, (a, b) in enumerate(runs):
        lo = out[-1][1] if out else 0
        hi = runs[idx + 1][0] if idx + 1 < len(runs) else n
        k = a - 1
        while k >= lo and (_gap(atoms[k]) or _lost_only(atoms[k])):
            if _lost_only(atoms[k]):
                a = k
            k -= 1
        k = b
        while k < hi and (_gap(atoms[k]) or _lost_only(atoms[k])):
            if _lost_only(atoms[k]):
                b = k + 1
            k += 1
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def select(found: list[Span]) -> list[Span]:
    """The most plausible non-overlapping spans, greedily by gain (ties to the layer native to
    the script, see `_NATIVE`), in order of position."""
    chosen: list[Span] = []
    for sp in sorted(found, key=lambda sp: (-round(sp.gain, 6), _foreign(sp))):
        if all(sp.end <= c.start or sp.start >= c.end for c in chosen):
            chosen.append(sp)
    chosen.sort(key=lambda sp: sp.start)
    return chosen


def search(
    line: str,
    model: Model,
    layers: tuple[Layer, ...] = LAYERS,
    unsafe: frozenset[str] | None = None,
    switch: float = SWITCH,
) -> list[Span]:
    """The best non-overlapping credible single-layer repairs of `line`."""
    return select(
        [
            sp
            for sp in candidates(line, model, layers, unsafe, switch)
            if credible(
                line[sp.start : sp.end],
                sp.after,
                model,
                sp.layers,
                around=words_around(line, sp.start, sp.end),
            )
        ]
    )
