"""The pipeline: decode, run the fixers in order, and account for every change.

The fixers run in the order `textmend.fixers.FIXERS` gives (which also says why). Each fixer
sees the output of the one before; the pipeline applies the `SpanMap` bookkeeping so that every
change and finding points at a line and column of the original text. A fixer whose evidence
(`textmend.fixers.FixerSpec.evidence`) the text does not hold is skipped: one RE2 search of all
the fixers' evidence over the text's UTF-8 bytes says which (`Screening`), so that clean text
costs that search instead of one screen per fixer. Over the input bytes, the same pass also
validates them as UTF-8, so that a clean UTF-8 file is not even decoded (`repair_bytes`). A
fixer's questions (`textmend.fixers.FixerSpec.questions`) are answered in the pass that finds
its evidence (`_which_asking`).

The bytes are decoded by `textmend.decode.read`, which verifies its own work (a truncated
file, a decode that does not encode back: see `textmend.decode.verify`). Nothing a fixer
changes is kept unverified (see `verify_changes`):

- every fixer's output must be valid Unicode that encodes as UTF-8 (no lone surrogate);
- a change that claims to be lossless (`Change.chain`) must give its `before` back when the
  chain is re-applied to its `after`.

A change that fails is dropped (the fixer's other changes stand: they are non-overlapping
edits of its input) and reported as a TM901 finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any, TypeVar

from . import suppress
from .context import ANSWERS, Context
from .decode import Decoded, may_be_utf8, plain_ascii, read, utf8_detection
from .errors import DecodeError
from .fixers import FIXERS, Evidence, FixerSpec
from .options import Options
from .result import Change, Finding, Repair
from .rules import BLOCKING
from .spans import LineIndex, SpanMap, apply_edits, gives, locate
from .text import fastre
from .text.view import TextView

T = TypeVar("T", bound=Change | Finding)


#: A lone surrogate: a str can hold one, UTF-8 cannot.
SURROGATE = re.compile("[\ud800-\udfff]")


#: How many characters `has_surrogate` encodes at a time: its buffer stays in the cache, where
#: one the size of a converted megabyte costs more in fresh memory than the check itself.
CHUNK = 1 << 14


def has_surrogate(text: str) -> bool:
    """Whether `text` holds a lone surrogate. UTF-32 encodes every other character, and its
    encoder checks in C about ten times faster than `SURROGATE` searches (0.1 ms per MB)."""
    if text.isascii():
        return False
    try:
        for at in range(0, len(text), CHUNK):
            text[at : at + CHUNK].encode("utf-32-le")
    except UnicodeEncodeError:
        return True
    return False


def _unchain(after: str, chain: tuple[tuple[str, str], ...]) -> str | None:
    """`after` encoded and decoded through every layer of `chain`, or ``None`` if a layer fails."""
    text = after
    try:
        for encoding, decoding in chain:
            text = text.encode(encoding).decode(decoding)
    except (UnicodeError, LookupError):
        return None
    return text


#: How many unchanged characters on each side of a change `verify_change` may take in: a fixer
#: that trims the common ends of its edit can cut a character's mojibake in two (``Р\xa0`` is
#: the mojibake of ``Р``, and trimming ``Р\xa0еак`` -> ``Реак`` leaves ``\xa0еак`` -> ``еак``).
CONTEXT = 3


def verify_change(change: Change, text: str | None = None) -> str | None:
    """Why `change` must not be applied, or ``None`` when it passes verification.

    Its `after` must encode as UTF-8, and a change with a `chain` must reproduce its `before`
    (from `text`, the fixer's input, a few unchanged characters around the change may be
    taken in, see `CONTEXT`).
    """
    if SURROGATE.search(change.after):
        return "its result is not valid Unicode (lone surrogate)"
    if change.chain and not _chain_holds(change, text):
        layers = ", ".join(f"{enc}->{dec}" for enc, dec in change.chain)
        return f"encoding its result back through {layers} does not give the original text"
    return None


def _chain_holds(change: Change, text: str | None) -> bool:
    if _unchain(change.after, change.chain) == change.before:
        return True
    if text is None or text[change.start : change.end] != change.before:
        return False
    for left in range(min(CONTEXT, change.start) + 1):
        for right in range(min(CONTEXT, len(text) - change.end) + 1):
            if left == right == 0:
                continue
            a, b = change.start - left, change.end + right
            after = text[a : change.start] + change.after + text[change.end : b]
            if _unchain(after, change.chain) == text[a:b]:
                return True
    return False


def verify_changes(text: str, new: str, edits: list[Change]) -> tuple[str, list[Change], list[Finding]]:
    """The verified part of one fixer's work on `text`: its output, its kept edits, the drops.

    Cheap when everything is fine: one surrogate check of the replacements, and a chain check
    only for changes that make the lossless claim.
    """
    # only a change whose replacement holds a lone surrogate is dropped for one, so searching
    # the replacements (not the whole output) decides the same and spares a scan of the text
    suspicious = has_surrogate("".join([e.after for e in edits]))
    if not suspicious and not any(e.chain for e in edits):
        return new, edits, []
    kept: list[Change] = []
    dropped: list[Finding] = []
    for e in edits:
        reason = verify_change(e, text) if suspicious or e.chain else None
        if reason is None:
            kept.append(e)
        else:
            dropped.append(
                Finding(
                    "TM901",
                    f"{e.code} repair not applied: {reason}",
                    e.before,
                    (e.after,) if not SURROGATE.search(e.after) else (),
                    e.start,
                    e.end,
                    confidence=e.confidence,
                )
            )
    if not dropped:
        return new, edits, []
    return apply_edits(text, kept), kept, dropped


#: The fixers run again over their own output until a pass changes nothing (at most this many
#: passes), so that repairing repaired text changes nothing. A fixer may see damage only once
#: another has repaired its neighbourhood: ftfy reads a line that starts with a byte-order mark
#: differently, so a C1 control after a BOM repaired from ``ï»¿`` was repaired by a second run
#: of textmend (found by fuzzing); a mojibake of three layers that lost bytes on the way gives up
#: one layer a pass, and its last reading shows only in the fourth (found by hypothesis). Clean
#: text costs one pass, repaired text two; the bound only matters to text that keeps changing.
MAX_PASSES = 5

#: A pass in which only the last fixer, script conversion, changed anything ends the loop: the
#: other fixers have seen this text already, with its Han characters in the other script, and
#: OpenCC only maps Han characters to Han characters. Another pass over a converted megabyte
#: cost half as much as OpenCC's conversion itself. (tests/test_script_opencc.py checks that
#: converting the result again changes nothing.)
LAST = "last"


#: A text longer than this (characters) gets another pass only when the last one changed at most
#: `LARGE_SHARE` of it and at most that share of it is non-ASCII: a pass over such a text costs
#: what a clean text costs (the screens run in C over ASCII), so that damage which shows only
#: once its neighbourhood is repaired (the mojibake of a BOM after another) is repaired in one
#: run at every size; a pass over text repaired or non-ASCII throughout costs as much as the
#: first, and no input of 1 MB may take more than a second.
LARGE = 1 << 18
LARGE_SHARE = 0.01


def _another_pass(text: str, edited: int) -> bool:
    """Whether a pass that replaced `edited` characters of `text` is followed by another."""
    if len(text) <= LARGE:
        return True
    limit = LARGE_SHARE * len(text)
    return edited <= limit and len(text) - len(text.encode("ascii", "ignore")) <= limit


def _passes(wanted: list[FixerSpec]) -> Iterator[FixerSpec | None]:
    """The `wanted` fixers (those whose rules are on) of each pass, each pass closed by ``None``."""
    for _ in range(MAX_PASSES):
        yield from wanted
        yield None


#: What `_plan` makes of the fixers' evidence: one screen of all their patterns, and for each
#: fixer its items as sets of indices into it, each set matched when all its patterns match
#: (``None``: the fixer is not screened and always runs).
Plan = tuple[fastre.Screen | None, tuple[tuple[frozenset[int], ...] | None, ...]]


#: A fixer's evidence as `_plan` takes it: each item's patterns in their loose forms, or
#: ``None`` for a fixer not screened (it gives no evidence, or a pattern has no loose form).
Forms = tuple[tuple[tuple[str, ...], ...] | None, ...]


def _forms(evidence: tuple[Evidence | None, ...]) -> Forms:
    """The loose forms (`_loose`) of every fixer's `evidence` (see `Forms`)."""
    every: list[tuple[tuple[str, ...], ...] | None] = []
    for items in evidence:
        try:
            every.append(
                None
                if items is None
                else tuple(tuple(map(_loose, (item,) if isinstance(item, str) else item)) for item in items)
            )
        except ValueError:
            every.append(None)
    return tuple(every)


def _evidence_forms(options: Options, specs: list[FixerSpec]) -> Forms:
    """`_forms` of the evidence of `specs` under `options`, from the user cache
    (`textmend.cache`) when an earlier process built them: asking the fixers imports their
    modules and builds their classes, some 0.4 s at the start of a process, where a clean file
    takes a millisecond. Once per process and options."""
    return _evidence_forms_of(options, tuple(specs))


@lru_cache(maxsize=32)
def _evidence_forms_of(options: Options, specs: tuple[FixerSpec, ...]) -> Forms:
    if any(s.function is not None for s in specs):  # a fixer written for a test: not cached
        return _forms(tuple(s.evidence(options) for s in specs))
    from . import cache  # only a text that is not ASCII is screened

    key = _cache_key(options, specs)
    stored = cache.load("evidence", key, lambda data: _valid_forms(data, len(specs)))
    if stored is not None:
        return tuple(None if f is None else tuple(tuple(item) for item in f) for f in stored)
    forms = _forms(tuple(s.evidence(options) for s in specs))
    cache.store("evidence", key, [None if f is None else [list(item) for item in f] for f in forms])
    return forms


def _cache_key(options: Options, specs: tuple[FixerSpec, ...]) -> str:
    """What the user cache keys the fixers' patterns under `options` by (`textmend.cache`)."""
    return repr(
        (
            [(s.name, s.module, s.codes) for s in specs],
            options.script,
            options.encoding,
            options.hint,
            sorted(options.codes),
        )
    )


@lru_cache(maxsize=32)
def _questions_of(options: Options, specs: tuple[FixerSpec, ...]) -> tuple[tuple[str, ...], ...]:
    """Each of `specs`' questions under `options` (`FixerSpec.questions`), from the user cache
    as `_evidence_forms` takes the evidence (asking imports the fixers' modules)."""
    if any(s.function is not None for s in specs):
        return tuple(s.questions(options) for s in specs)
    from . import cache

    key = _cache_key(options, specs)

    def valid(data: Any) -> bool:
        return (
            isinstance(data, list)
            and len(data) == len(specs)
            and all(isinstance(q, list) and all(isinstance(p, str) for p in q) for q in data)
        )

    stored = cache.load("questions", key, valid)
    if stored is not None:
        return tuple(tuple(q) for q in stored)
    asked = tuple(s.questions(options) for s in specs)
    cache.store("questions", key, [list(q) for q in asked])
    return asked


@lru_cache(maxsize=32)
def _asking(screen: fastre.Screen, questions: tuple[tuple[str, ...], ...]) -> fastre.Screen | None:
    """One set of `screen`'s patterns and then every fixer's `questions`, for `_which`; ``None``
    when no fixer asks any, or the set does not build (each fixer then searches itself)."""
    asked = [q for qs in questions for q in qs]
    if not asked:
        return None
    return fastre.build([*screen.patterns, *asked], loose=True, lazy=True)


def _valid_forms(data: Any, n: int) -> bool:
    """Whether `data` (read from the cache) has the shape of the `Forms` of `n` fixers."""
    return (
        isinstance(data, list)
        and len(data) == n
        and all(
            f is None
            or (
                isinstance(f, list)
                and all(isinstance(item, list) and all(isinstance(p, str) for p in item) for item in f)
            )
            for f in data
        )
    )


@lru_cache(maxsize=32)
def _plan(every: Forms) -> Plan:
    """One RE2 screen of the loose forms of every fixer's evidence (`Forms`), the same pattern
    once. A fixer whose patterns have no loose form RE2 takes (`textmend.text.fastre.loosen`)
    is not screened."""
    every = tuple(None if forms is None else tuple(map(_joined, forms)) for forms in every)
    # All the fixers' patterns in one screen first: when it builds, so would each fixer's own
    # (fewer patterns of the same syntax, a smaller automaton), so building each of them only
    # to learn that (a tenth of a second at the start of a process) is done only when it fails.
    plan = _owned(every, lambda flat: True)
    if plan is not None:
        return plan
    plan = _owned(every, lambda flat: not flat or fastre.build(flat, loose=True) is not None)
    if plan is None:  # not expected once each fixer's own screen is built
        return None, tuple(None for _ in every)
    return plan


def _owned(every: Forms, builds: Callable[[list[str]], bool]) -> Plan | None:
    """The `Plan` of the fixers' loose patterns `every` (``None``: a fixer not screened), each
    fixer screened when `builds` says its own patterns make a screen; ``None`` when the screen
    of all the screened fixers' patterns does not build."""
    index: dict[str, int] = {}
    owned: list[tuple[frozenset[int], ...] | None] = []
    for forms in every:
        if forms is None or not builds([f for item in forms for f in item]):
            owned.append(None)
            continue
        owned.append(tuple(frozenset(index.setdefault(f, len(index)) for f in item) for item in forms))
    if not index:
        return None, tuple(owned)
    screen = fastre.build(list(index), loose=True, lazy=True)
    return None if screen is None else (screen, tuple(owned))


def _joined(item: tuple[str, ...]) -> tuple[str, ...]:
    """An item of two loose patterns that must both match somewhere in a text, as the one
    pattern that matches where they do: one after the other, in either order, across lines.
    Each of the two alone is common in clean text (Danish ø, French è), and a screen that
    matches early must then ask its set which patterns match in the rest of the text, a
    pass that costs more than the search of the whole text (2.3 against 1.7 ms a MB)."""
    if len(item) != 2:
        return item
    a, b = item
    return (f"(?s:(?:{a}).*(?:{b})|(?:{b}).*(?:{a}))",)


def _loose(pattern: str) -> str:
    """`fastre.loosen`, skipped for a pattern it would give back as it is (no escape, group or
    brace: a class of thousands of characters written out, which loosening walks in Python)."""
    if not any(c in pattern for c in "\\({"):
        return pattern
    return fastre.loosen(pattern)


class Screening:
    """Which fixers have evidence in a text (`FixerSpec.evidence`): one search of all their
    patterns over the text's UTF-8 bytes, redone only when the text changes.

    A fixer without evidence in a text returns it as it is (the contract of ``evidence``), so
    skipping it changes nothing but the time: a clean text costs one RE2 pass, not one screen
    per fixer. Without RE2 (`textmend.text.fastre.available`) every fixer runs, as before. ASCII
    text is not screened: the fixers that do not skip it (`FixerSpec.ascii`) look for a byte
    that ASCII text seldom holds (``?``) with ``str.find``, much faster than any RE2 pass, and
    the others' modules are not imported for it.
    """

    __slots__ = ("_ctx", "_found", "_plan", "_specs", "_text")

    def __init__(
        self, ctx: Context, specs: list[FixerSpec], known: tuple[str, set[int]] | None = None
    ) -> None:
        """`known`: a text and the patterns of the plan's screen that match in it, when the
        caller searched already (`repair_bytes`, in the pass that also validated the bytes)."""
        self._ctx = ctx
        self._specs = specs
        self._plan: tuple[dict[int, tuple[frozenset[int], ...] | None], fastre.Screen | None] | None = None
        self._text: str | None = known[0] if known is not None else None
        self._found: set[int] = known[1] if known is not None else set()

    def _questions(self) -> tuple[tuple[str, ...], ...]:
        """The screened fixers' questions (`FixerSpec.questions`), in the order of `_specs`."""
        return _questions_of(self._ctx.options, tuple(self._specs))

    def has_evidence(self, spec: FixerSpec, text: str) -> bool:
        """Whether `spec` may find anything in `text`."""
        found = self.items(spec, text)
        return found is None or any(found)

    def items(self, spec: FixerSpec, text: str) -> tuple[bool, ...] | None:
        """Which items of the evidence of `spec` may match in `text` (`Context.screened`), or
        ``None`` when `spec` is not screened (or `text` is ASCII, which is not screened)."""
        if text.isascii():
            return None
        if self._plan is None:
            built, indices = _plan(_evidence_forms(self._ctx.options, self._specs))
            self._plan = ({id(s): own for s, own in zip(self._specs, indices)}, built)
        owned, screen = self._plan
        own = owned.get(id(spec))
        if own is None:
            return None
        if not own:
            return ()
        if text is not self._text:
            assert screen is not None
            self._found = _which_asking(screen, self._ctx.view(text), self._questions)
            self._text = text
        found = self._found
        if not found:  # a clean text: no pattern matched
            return (False,) * len(own)
        return tuple(item <= found for item in own)


def _which(screen: fastre.Screen, data: bytes, first: int | None = None) -> set[int]:
    """The patterns of `screen` that match in `data`, as `fastre.Screen.which` says, made safe
    (`first`: where `screen.search` found the first match, when the caller searched already).

    An RE2 set has no fallback when its automaton runs out of memory: it answers "no match",
    and the binding cannot tell that from none. The set of `fastre.Screen.utf8` can: its
    validity pattern matches in every UTF-8 text (`data` is a text's UTF-8), so an answer
    without it is a failure. Then the one search that decides most texts (a clean text
    matches nothing) is RE2's own, which falls back to its slower engines instead; the set is
    asked only from where that search found the first match (no pattern matches before it),
    and a set that answers nothing then is taken to have failed: every pattern counts as
    matched. (The same set `repair_bytes` asks first: one automaton built per process.)
    """
    if first is None:
        found = screen.utf8(data)
        if found is not None:
            return found
        first = screen.search(data)
        if first is None:
            return set()
    try:
        found = screen.which(data[first:] if first else data)
    except ValueError:  # the set does not compile (`fastre.Screen`, lazy): as if it had failed
        found = set()
    return found or set(range(len(screen.patterns)))


def _which_asking(
    screen: fastre.Screen, view: TextView, questions: Callable[[], tuple[tuple[str, ...], ...]]
) -> set[int]:
    """`_which` over the bytes of `view`, and the answers to the fixers' `questions`
    (`FixerSpec.questions`) in the same pass: once the search matched (a clean text is not
    asked), one set (`_asking`) over the whole text, its answers put on `view` for
    `Context.answered`. A set that fails (see `_which`) answers no question."""
    data = view.utf8
    asked = questions()
    both = _asking(screen, asked)
    if both is None:  # no fixer asks: the one pass of `_which` (its set also checks the UTF-8)
        return _which(screen, data)
    first = screen.search(data)
    if first is None:
        return set()
    try:
        found = both.which(data)
    except ValueError:  # as `_which`: the set does not compile
        found = set()
    n = len(screen.patterns)
    evidence = {i for i in found if i < n}
    if not evidence:  # the search matched, so the set failed: every pattern counts, no answer
        return set(range(n))
    answers: dict[tuple[str, ...], frozenset[int]] = {}
    at = n
    for qs in asked:
        if qs:
            answers[qs] = frozenset(i - at for i in found if at <= i < at + len(qs))
            at += len(qs)
    view.facts[ANSWERS] = answers
    return evidence


def run_fixers(
    text: str,
    options: Options | Context,
    reported: set[int] | None = None,
    fixers: tuple[FixerSpec, ...] = FIXERS,
    screened: set[int] | None = None,
) -> tuple[str, list[Change], list[Finding]]:
    """Run every fixer over `text`; changes and findings come back located in `text`.

    Changes are listed in the order of the text (fixers run in another order, see `FIXERS`).
    `reported` holds positions already reported by the decoder (a stray byte's U+FFFD): a
    fixer does not report them again.

    Each fixer's changes are verified (`verify_changes`) before the next fixer sees its text,
    and passes repeat until one changes nothing (`MAX_PASSES`). `screened`: the patterns of
    the fixers' screen (`_plan`) that match in `text`, when the caller knows them (`Screening`).
    """
    ctx = options if isinstance(options, Context) else Context(options)
    smap = SpanMap(len(text))
    mapped = False  # whether `smap` holds any edit yet; until then offsets are the original's
    pending: list[list[Change]] = []  # edits recorded in `smap` only when a later fixer needs it
    lines: LineIndex | None = None  # built when a fixer first reports something: clean text never pays
    changes: list[Change] = []
    findings: list[Finding] = []
    reported = set(reported or ())
    progress: bool | str = False  # True, or LAST when only the script fixer changed anything
    current = text
    edited = 0  # characters the current pass replaced
    wanted = _wanted(fixers, ctx.options)
    known = (text, screened) if screened is not None else None
    screening = Screening(ctx, wanted, known) if fastre.available() else None
    for spec in _passes(wanted):
        if spec is None:  # the end of a pass
            if not progress or progress == LAST or not _another_pass(current, edited):
                break
            progress = False
            edited = 0
            continue
        if spec.skips(current):
            continue
        found = screening.items(spec, current) if screening is not None else None
        if found is not None and not any(found):
            continue
        _name = spec.name
        ctx.screen_found(current, found)
        try:
            fixed = spec.fix(current, ctx)
        finally:
            ctx.screen_found(current, None)
        new, items = suppress.filter_items(current, *fixed)  # `textmend: ignore` lines
        if not items and new is current:
            continue
        edits = [i for i in items if isinstance(i, Change)]
        if new != current and not gives(current, edits, new):
            raise RuntimeError(f"internal error: fixer {_name!r} returned changes that do not match its text")
        new, edits, dropped = verify_changes(current, new, edits)
        if dropped:
            kept = {id(e) for e in edits}
            items = [*(i for i in items if not isinstance(i, Change) or id(i) in kept), *dropped]
        if items and lines is None:
            lines = LineIndex(text)
        if pending and items:
            for done in pending:
                smap.apply(done)
            pending.clear()
            mapped = True
        for item in items:
            assert lines is not None
            located = locate(item, smap, lines) if mapped else _located(item, lines)
            if isinstance(located, Change):
                changes.append(located)
            elif (
                located.start not in reported
            ):  # a later fixer seeing the same damage does not report it twice
                reported.add(located.start)
                findings.append(located)
        if edits:
            edited += sum(e.end - e.start for e in edits)
            pending.append(edits)
            progress = LAST if _name == "script" and not progress else True
        current = new
    changes.sort(key=lambda c: c.start)  # in the order of the text, whichever fixer made them
    return current, changes, findings


def _wanted(fixers: tuple[FixerSpec, ...], options: Options) -> list[FixerSpec]:
    """The `fixers` any of whose rules `options` turn on (`FixerSpec.wanted`), once per options
    (a tenth of the pipeline's own time on a small file); a copy, for the caller to keep."""
    return list(_wanted_of(fixers, options))


@lru_cache(maxsize=32)
def _wanted_of(fixers: tuple[FixerSpec, ...], options: Options) -> tuple[FixerSpec, ...]:
    ctx = Context(options)
    return tuple(spec for spec in fixers if spec.wanted(ctx))


def _located(item: T, lines: LineIndex) -> T:
    """`spans.locate` while no edit has been made: offsets stay, line and column are added.

    Copies the record through its ``__dict__`` (four times faster than `dataclasses.replace`,
    which counts when a fixer repairs every line of a large file).
    """
    line, col = lines.line_col(item.start)
    try:
        state = dict(item.__dict__)
    except AttributeError:  # a record with __slots__
        return replace(item, end=max(item.start, item.end), line=line, col=col)
    state.update(end=max(item.start, item.end), line=line, col=col)
    out = object.__new__(type(item))
    out.__dict__.update(state)
    return out


def repair_text(text: str, options: Options, fixers: tuple[FixerSpec, ...] = FIXERS) -> Repair:
    """Repair an already decoded text.

    Raises `DecodeError` when `text` holds a lone surrogate (from ``errors="surrogateescape"``,
    say): such a string is not Unicode text and has no UTF-8 form to write.
    """
    utf8 = None
    if not text.isascii():
        try:
            # the check and the bytes the screens search, in one pass (UTF-8 has no lone surrogate)
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError:
            bad = SURROGATE.search(text)
            assert bad is not None
            line, col = LineIndex(text).line_col(bad.start())
            raise DecodeError(
                f"lone surrogate U+{ord(bad.group()):04X} at line {line}, column {col}: not valid "
                "Unicode text (decode the bytes with repair_bytes instead)"
            ) from None
    ctx = Context(options, utf8=(text, utf8) if utf8 is not None else None)
    fixed, changes, findings = run_fixers(text, ctx, fixers=fixers)
    return Repair(text=fixed, original=text, changes=changes, findings=findings)


def repair_bytes(
    data: bytes,
    options: Options,
    fixers: tuple[FixerSpec, ...] = FIXERS,
    document: dict[str, Any] | None = None,
) -> Repair:
    """Decode `data` and repair the text; the decode is verified before any fixer runs.
    `document`: facts about the whole document `data` is a piece of (`Context.document`).

    Bytes that may be UTF-8 (`decode.may_be_utf8`) are first searched for the fixers'
    evidence and validated in the same RE2 pass (`_screened_utf8`): valid UTF-8 that holds
    no evidence is returned as it stands, its text decoded only when read
    (`Repair.unchanged_utf8`); a clean file costs that pass instead of a decode and the pass.
    Valid UTF-8 with evidence is decoded, and the fixers use the pass's answer. ASCII is not
    screened (`Screening`): a file that holds none of the characters the fixers that run on
    ASCII need (`_clean_ascii`) is returned undecoded too."""
    screened = None
    if data.isascii():
        if options.encoding is None and _clean_ascii(data, options, fixers):
            return Repair.unchanged_utf8(data, utf8_detection(data, "ascii"))
    else:
        screened = _screened_utf8(data, options, fixers)
        if screened is not None and not screened:
            return Repair.unchanged_utf8(data, utf8_detection(data))
    if screened is not None:  # valid UTF-8 read as such (`decode.may_be_utf8`): what `read` gives
        decoded = Decoded(data.decode("utf-8"), utf8_detection(data))
    else:
        decoded = read(data, options.encoding, hint=options.hint)
    blocking = sum(1 for f in decoded.findings if f.code in BLOCKING)
    if blocking > MAX_FINDINGS:
        # Thousands of undecodable runs: this is not text with some damage but bytes that are
        # not text. The file will not be written; the decode findings say why, and the fixers,
        # which would only report noise, are not run.
        fixed, changes, findings = decoded.text, list[Change](), list[Finding]()
    else:
        whole = _is_input(decoded)
        ctx = Context(options, utf8=(decoded.text, data) if whole else None, document=document)
        reported = {f.start for f in decoded.findings}
        fixed, changes, findings = run_fixers(
            decoded.text, ctx, reported, fixers, screened if whole else None
        )
    lines = LineIndex(decoded.text)
    output = _output_encoding(decoded, fixed, options)
    pre_changes = [
        _located(c, lines) for c in decoded.changes if output == "utf-8" or c.code not in KEEP_ENCODING
    ]
    pre_findings = [_located(f, lines) for f in cap_findings(decoded.findings)]
    return Repair(
        text=fixed,
        original=decoded.text,
        changes=pre_changes + changes,
        findings=pre_findings + findings,
        encoding=decoded.detection.encoding,
        detection=decoded.detection,
        output_encoding=output,
    )


def _screened_utf8(data: bytes, options: Options, fixers: tuple[FixerSpec, ...]) -> set[int] | None:
    """The patterns of the fixers' screen (`_plan`) that match in `data`, when `read` would
    read `data` as its strict UTF-8 decoding (`decode.may_be_utf8`) and it is valid UTF-8,
    found in one RE2 pass (`fastre.Screen.utf8`); ``None`` when not (or without RE2, or when a
    fixer is not screened: it runs on every text that is not ASCII, which must be decoded)."""
    if not fastre.available() or not may_be_utf8(data, options.encoding):
        return None
    screen, owned = _plan(_evidence_forms(options, _wanted(fixers, options)))
    if screen is None or None in owned:
        return None
    return screen.utf8(data)


def _clean_ascii(data: bytes, options: Options, fixers: tuple[FixerSpec, ...]) -> bool:
    """Whether the ASCII `data` is read as plain ASCII (`decode.plain_ascii`) and no fixer
    can find anything in it: each either skips ASCII text or needs a character it lacks
    (`FixerSpec.ascii_needs`, asked of the bytes at memchr speed)."""
    needs = _ascii_needs(tuple(_wanted_of(fixers, options)))
    return needs is not None and not any(c in data for c in needs) and plain_ascii(data)


@lru_cache(maxsize=32)
def _ascii_needs(wanted: tuple[FixerSpec, ...]) -> tuple[bytes, ...] | None:
    """The bytes one of which an ASCII text must hold for one of the `wanted` fixers to find
    anything in it, or ``None`` when one of them may find something in any ASCII text."""
    needs: set[bytes] = set()
    for spec in wanted:
        if spec.function is not None or spec.ascii and not spec.ascii_needs:
            return None
        if spec.ascii:
            needs.update(c.encode("ascii") for c in spec.ascii_needs)
    return tuple(sorted(needs))


def _is_input(decoded: Decoded) -> bool:
    """Whether the decoded text encodes to exactly the input bytes as UTF-8 (a UTF-8 or ASCII
    file read whole and strictly), so the fixers' screens can use those bytes as they are."""
    det = decoded.detection
    return (
        det.encoding in ("utf-8", "ascii")
        and not decoded.changes
        and not decoded.findings
        and len(det.segments) <= 1
    )


#: The decode rules that, switched off, keep a file in its own encoding instead of UTF-8.
KEEP_ENCODING = {"TM101": "legacy", "TM102": "utf16-utf32"}


def _output_encoding(decoded: Decoded, text: str, options: Options) -> str:
    """UTF-8, or the file's own whole-file encoding when its conversion rule is switched off
    and the repaired text still fits in it (otherwise UTF-8 after all, as reported)."""
    source = decoded.detection.encoding
    codes = {c.code for c in decoded.changes}
    if source in ("utf-8", "ascii", "mixed") or not codes & set(KEEP_ENCODING):
        return "utf-8"
    if any(options.enabled(code) for code in codes & set(KEEP_ENCODING)):
        return "utf-8"
    try:
        text.encode(source)
    except (UnicodeEncodeError, LookupError):
        return "utf-8"
    return source


#: At most this many findings of one code are listed; the rest are one summary finding. (Random
#: bytes give one undecodable run every few bytes: a quarter of a million findings per MB.)
MAX_FINDINGS = 1000


def cap_findings(findings: list[Finding], limit: int = MAX_FINDINGS) -> list[Finding]:
    """`findings` with at most `limit` of each code, the rest counted in one last finding each."""
    if len(findings) <= limit:
        return findings
    seen: dict[str, int] = {}
    out: list[Finding] = []
    first_extra: dict[str, Finding] = {}
    for f in findings:
        n = seen.get(f.code, 0)
        seen[f.code] = n + 1
        if n < limit:
            out.append(f)
        elif n == limit:
            first_extra[f.code] = f
    for code, f in first_extra.items():
        more = seen[code] - limit
        out.append(
            f
            if more == 1
            else replace(
                f,
                message=f"{more} more {code} findings from here on, not listed one by one",
                before="",
                candidates=(),
            )
        )
    return out
