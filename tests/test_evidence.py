"""The fixers' evidence (`textmend.fixers.FixerSpec.evidence`) and the pipeline's one screen.

The contract: when none of a fixer's evidence patterns matches a text, its ``fix`` returns the
text unchanged with nothing to report. It is checked where it matters, on the texts the
fixers are handed inside the pipeline (after the fixers before them) for damaged text of
every channel of tests/damage.py, documents mixing damaged and clean lines, and clean text in
many languages: every call that changes or reports anything must find its evidence, with
Python's `re` (the exact patterns) and with RE2 (their loose forms, which the pipeline
searches). Then the pipeline must give the same results with the screen and without it.
"""

from __future__ import annotations

import importlib
import json
import random
import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from textmend import pipeline
from textmend.context import Context
from textmend.decode import read
from textmend.errors import TextmendError
from textmend.fixers import FIXERS, Fixer, FixerSpec
from textmend.options import Options
from textmend.result import Change, Finding, Repair
from textmend.text import fastre

sys.path.insert(0, str(Path(__file__).parent))
import damage  # noqa: E402

SAMPLE = Path(__file__).parent / "data" / "harm_sample"
Result = tuple[str, list[Change | Finding]]

#: Damage each fixer reacts to, beside the channels' (which are mostly mojibake).
SPECIFIC = [
    "\ufeffA file that starts with a byte-order mark.\n\ufeffand a second one.",
    "Er sagte \x84Hallo\x93 und ging ulo\x9eit.",
    "Er sagte \x84Hallo\x93 – « très bien »\nEr sagte \x84Hallo\x93 – « très bien »\n",
    "Copyright ? 2001-2024 Acme Ltd. All rights reserved.",
    "Heat it to 37 ?C, then turn it by 90?, and read 51.5? N.",
    "Z?rich, l?homme, don?t, Tokyo ???? 2024 tour, 2001?2024, ?50 and a lost \ufffd here.",
    "Is it ready? Yes. See page.php?id=3 and VALUES (?, ?).",
    "經(jīng)濟(jì)運(yùn)行態(tài)勢(shì)良好，黃(huáng)石(shí)市(shì)經(jīng)信局。",
    "湖北日?qǐng)?bào)網記者報道：經(jīng)濟(jì)運(yùn)行態(tài)勢(shì)良好。",
    "他的名字叫李(lǐ)明(míng)。重(chóng)新、重(zhòng)要、行(háng)业",
    "我们这里的電腦還有很多问题，这是我们的東西和電話。\n我们这里的电脑还有很多问题。",
    "这是简体中文的文章，说明了软件的使用方法。後來他們都說這個問題很難。",
    "日本語のテキストです。東京都の図書館で会議が開かれました。",
    "CafÃ© au lait, crÃ¨me brÃ»lÃ©e\nand a clean line\nâ€œquotedâ€\x9d and â€™",
    "Vervollst√§ndigung und poczÄ…tkowy, Bremer/Mccoy – DrÃ¥ber",
    "Die Vervollst√§ndigung der Liste.\nTo jest poczÄ…tkowy tekst.",
]

#: Options under which each text is repaired: the default, and each target script.
OPTIONS = [Options(), Options(script="hans"), Options(script="hant"), Options(script="keep")]


@cache
def damaged_texts() -> tuple[str, ...]:
    """One text per case of every damage channel (bytes decoded as the pipeline reads them),
    and documents of several cases and clean sentences, one per line."""
    out: list[str] = []
    for channel in damage.CHANNELS.values():
        for case in damage.cases(channel, seed=3, per_channel=2):
            if isinstance(case.damaged, bytes):
                try:
                    out.append(read(case.damaged).text)
                except TextmendError:
                    continue
            else:
                out.append(case.damaged)
    rng = random.Random(7)
    clean = [s for _, s in damage.sentences()]
    docs = []
    for _ in range(20):
        lines = rng.sample(out, 3) + rng.sample(clean, 3)
        rng.shuffle(lines)
        docs.append("\n".join(lines))
    return (*out, *docs, *SPECIFIC)


@cache
def clean_texts() -> tuple[str, ...]:
    """Clean text: the sentences of tests/sentences.txt, a sample of the harm corpus (lines
    and whole documents) and ftfy's cases that must stay as they are."""
    out = [s for _, s in damage.sentences()]
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text("utf-8")
        out.append(text)
        lines = text.splitlines()
        out += [line.split("\t", 1)[-1] for line in lines[:: max(1, len(lines) // 40)]]
    cases = json.loads((SAMPLE / "ftfy_unchanged.json").read_text("utf-8"))
    out += [c["original"] for c in cases]
    return tuple(t for t in out if t)


def _recording(calls: list[tuple[FixerSpec, str, Options, bool]]) -> tuple[FixerSpec, ...]:
    """`FIXERS`, each run through a recorder of its input, options and whether it did anything."""

    def wrap(spec: FixerSpec) -> FixerSpec:
        def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
            new, items = spec.fix(text, ctx)
            calls.append((spec, text, ctx.options, new != text or bool(items)))
            return new, items

        return FixerSpec(spec.name, spec.module, spec.codes, function=fix)

    return tuple(wrap(spec) for spec in FIXERS)


def _calls(texts: tuple[str, ...]) -> Iterator[tuple[FixerSpec, str, Options, bool]]:
    """Every fixer call of the pipeline on `texts` under each of `OPTIONS` (the explicit
    targets only for text with a Han character)."""
    for options in OPTIONS:
        for text in texts:
            if options.script not in ("auto", "keep") and not re.search("[\u4e00-\u9fff]", text):
                continue
            calls: list[tuple[FixerSpec, str, Options, bool]] = []
            pipeline.run_fixers(text, options, fixers=_recording(calls))
            yield from calls


def _broken_contract(texts: tuple[str, ...]) -> list[str]:
    """The fixer calls on `texts` that did something without their evidence."""
    broken: list[str] = []
    for spec, text, options, acted in _calls(texts):
        if not acted:
            continue
        evidence = spec.evidence(options)
        if evidence is None:
            continue  # not screened: always runs
        items = [(item,) if isinstance(item, str) else item for item in evidence]
        if not any(all(re.search(p, text) for p in item) for item in items):
            broken.append(f"{spec.name} ({options.script}): no evidence in {text[:80]!r}")
        flat = [p for item in items for p in item]
        screen = fastre.build(flat) if flat else None
        if screen is not None:
            found = screen.which(text.encode("utf-8", "surrogatepass"))
            starts = [sum(map(len, items[:i])) for i in range(len(items))]
            if not any(all(a + k in found for k in range(len(item))) for a, item in zip(starts, items)):
                broken.append(f"{spec.name} ({options.script}): the loose screen misses {text[:80]!r}")
    return broken


def test_damaged_text_holds_the_evidence_of_each_fixer_that_acts_on_it() -> None:
    calls = [(spec.name, acted) for spec, _, _, acted in _calls(damaged_texts())]
    # every fixer with evidence acts somewhere here, so each contract is exercised
    acting = {name for name, acted in calls if acted}
    assert {"format", "latin", "c1", "lost", "pinyin", "script"} <= acting
    assert _broken_contract(damaged_texts()) == []


def test_clean_text_holds_the_evidence_of_each_fixer_that_acts_on_it() -> None:
    assert _broken_contract(clean_texts()) == []


@pytest.mark.skipif(not fastre.available(), reason="google-re2 is not installed")
def test_clean_prose_runs_no_screened_fixer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clean prose with typographic punctuation holds the evidence of none of these fixers
    (the mojibake engine's, `cjk`, has its own tests): the screen, not each fixer's own,
    decides that they have nothing to do."""
    ran: list[str] = []
    screened = {"format", "format-again", "latin", "c1", "lost", "pinyin", "script"}
    assert all(spec.evidence(Options()) is not None for spec in FIXERS if spec.name in screened)
    for spec in FIXERS:
        module = importlib.import_module(spec.module, "textmend.fixers")

        def fix(text: str, ctx: Context, name: str = spec.name, real: Fixer = module.fix) -> Result:
            ran.append(name)
            return real(text, ctx)

        monkeypatch.setattr(module, "fix", fix)
    # new specs, which import the recording functions
    fixers = tuple(FixerSpec(spec.name, spec.module, spec.codes, ascii=spec.ascii) for spec in FIXERS)
    for path in sorted(SAMPLE.glob("prose_*.txt")):
        ran.clear()
        text = path.read_text("utf-8")
        assert pipeline.run_fixers(text, Options(), fixers=fixers) == (text, [], [])
        assert screened.isdisjoint(ran), path.name


def _result(repair: Repair) -> tuple[str, list[Change], list[Finding]]:
    return repair.text, repair.changes, repair.findings


def _both(text: str, options: Options) -> list[object]:
    """What `repair_text` and `repair_bytes` (of the UTF-8) make of `text` under `options`
    (the error, for input they refuse)."""
    out: list[object] = []
    for repair in (
        lambda: pipeline.repair_text(text, options),
        lambda: pipeline.repair_bytes(text.encode("utf-8", "surrogatepass"), options),
    ):
        try:
            out.append(_result(repair()))
        except TextmendError as exc:
            out.append(repr(exc))
    return out


@pytest.mark.skipif(not fastre.available(), reason="google-re2 is not installed")
def test_the_screen_changes_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = damaged_texts() + clean_texts()[::3]
    for options in (Options(), Options(script="hans")):
        if options.script == "hans":
            texts = tuple(t for t in texts if re.search("[\u4e00-\u9fff]", t))
        with_screen = [_both(t, options) for t in texts]
        monkeypatch.setenv("TEXTMEND_NO_RE2", "1")
        assert not fastre.available()
        without = [_both(t, options) for t in texts]
        monkeypatch.delenv("TEXTMEND_NO_RE2")
        assert with_screen == without


def test_an_evidence_function_may_take_the_options() -> None:
    script = next(spec for spec in FIXERS if spec.name == "script")
    assert script.evidence(Options(script="keep")) == ()
    assert script.evidence(Options(script="hans")) != script.evidence(Options())
    assert FixerSpec("x", ".format", ("TM701",), function=lambda t, c: (t, [])).evidence(Options()) is None


@pytest.mark.skipif(not fastre.available(), reason="google-re2 is not installed")
def test_a_set_that_answers_nothing_where_the_search_matches_counts_as_failed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An RE2 set out of memory answers "no match": the pipeline then runs every fixer."""
    screen = fastre.build(["\ufeff", "\\?\\?", "é"])
    assert screen is not None
    data = "clean text, then ?? and é".encode()
    assert pipeline._which(screen, data) == {1, 2}
    assert pipeline._which(screen, b"clean text") == set()
    monkeypatch.setattr(screen, "which", lambda data: set())
    assert pipeline._which(screen, data) == {1, 2}  # the set of the one pass answered
    monkeypatch.setattr(screen, "_utf8", False)  # that set failed too (it does not compile)
    assert pipeline._which(screen, data) == {0, 1, 2}


@pytest.mark.skipif(not fastre.available(), reason="google-re2 is not installed")
def test_the_script_fixer_screens_a_long_text_for_a_run_of_both_scripts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long text is asked by RE2 whether one run holds two characters of each script before
    its characters are marked: the repair is the one the marks give."""
    from textmend.fixers import script

    simplified = "这是简体中文的文章，说明了软件的使用方法和注意事项。\n"
    japanese = "日本語のテキストです。東京都の図書館で会議が開かれました。\n"
    mixed = "我们这里的電腦還有很多问题，这是我们的東西和電話。\n"
    n = script.MIXED_SCREEN_FROM // len(simplified) + 1
    docs = {
        "clean": simplified * n + "後來他們都說這個問題很難。\n" * 3,
        "mixed": (simplified + mixed) * n,
        "both, apart": (simplified + japanese) * n,
    }
    asked = {name: script._mixed_in_a_run(text, None) for name, text in docs.items()}
    assert asked == {"clean": False, "mixed": True, "both, apart": False}
    screened = {name: script.fix(text, Context()) for name, text in docs.items()}
    monkeypatch.setattr(script, "MIXED_SCREEN_FROM", 1 << 40)
    assert screened == {name: script.fix(text, Context()) for name, text in docs.items()}
    assert screened["mixed"][1] and not screened["clean"][1]


def test_the_script_evidence_is_one_pattern_that_text_in_one_script_does_not_hold() -> None:
    """Under ``auto`` the script fixer's evidence is one pattern (a run where the scripts
    change, with a third character of a script by the change): Simplified text, Japanese text
    (会議 is one change in two characters) and a document of both, apart, do not hold it, so
    the screen need not ask which of its patterns matched; a run mixing the scripts does."""
    from textmend.fixers import script

    (pattern,) = script.evidence(Options())
    assert isinstance(pattern, str)
    simplified = "这是简体中文的文章，说明了软件的使用方法和注意事项。\n"
    japanese = "会議は午後２時から――延期の可能性もあります。東京都の図書館で会議が開かれました。\n"
    traditional = "後來他們都說這個問題很難。\n"
    clean = [simplified, japanese, traditional, (simplified + japanese) * 3, simplified + traditional]
    mixed = ["我们这里的電腦還有很多问题", "電腦还有", "这是我们的東西和電話。"]
    screen = fastre.build([pattern])
    for text in clean:
        assert re.search(pattern, text) is None, text
        assert screen is None or screen.search(text.encode()) is None, text
    for text in mixed:
        assert re.search(pattern, text) is not None, text
        assert screen is None or screen.search(text.encode()) is not None, text


@pytest.mark.skipif(not fastre.available(), reason="google-re2 is not installed")
def test_an_item_of_two_patterns_is_screened_as_one_that_needs_both() -> None:
    """Czech's ř read as ø beside one of its letters read as è (the Latin fixer's re-read
    evidence): each alone is common in clean Danish or French, and opens nothing; the screen
    finds the item where the text holds both, in either order, lines apart."""
    latin = next(spec for spec in FIXERS if spec.name == "latin")
    ctx = Context(Options())
    screening = pipeline.Screening(ctx, [latin])
    k = [i for i, item in enumerate(latin.evidence(Options()) or ()) if not isinstance(item, str)]
    assert k, "the Latin fixer's evidence has an item of two patterns"

    def opened(text: str) -> bool:
        found = screening.items(latin, text)
        assert found is not None
        return all(found[i] for i in k)

    assert not opened("Søren bor i København.\n" * 50)
    assert not opened("Très bien, à côté de l'église.\n" * 50)
    assert opened("Søren bor i København.\n" * 50 + "Très bien.\n")
    assert opened("Très bien.\n" + "Søren bor i København.\n" * 50)


@pytest.mark.skipif(not fastre.available(), reason="google-re2 is not installed")
def test_the_latin_fixer_takes_what_the_screen_found_instead_of_searching_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A log's names before an apostrophe (``José’s``) hold the evidence of case-folded
    mojibake (``é’`` is what lower-casing leaves of ``É’``, the bytes of ɒ), so the screen
    sends the log to the Latin fixer; what the screen found of the fixer's other
    evidence (nothing) the fixer takes as it is: no other pass over the log's bytes, and the
    same (empty) result as the fixer's own searches give."""
    text = "".join(f"GET /api/items/{i} 200 note=José’s ua=Mozilla/5.0\n" for i in range(2000))
    data = text.encode()
    passes: list[int] = []
    search = fastre.Screen.search

    def counted(self: fastre.Screen, utf8: bytes, pos: int = 0, endpos: int | None = None) -> int | None:
        if utf8 is data:
            passes.append(pos)
        return search(self, utf8, pos, endpos)

    utf8_pass = fastre.Screen.utf8

    def counted_utf8(self: fastre.Screen, utf8: bytes) -> set[int] | None:
        if utf8 is data:
            passes.append(0)
        return utf8_pass(self, utf8)

    monkeypatch.setattr(fastre.Screen, "search", counted)
    monkeypatch.setattr(fastre.Screen, "utf8", counted_utf8)
    latin = next(spec for spec in FIXERS if spec.name == "latin")
    ctx = Context(Options(), utf8=(text, data))
    screening = pipeline.Screening(ctx, [latin])
    found = screening.items(latin, text)
    assert found is not None and any(found)
    assert len(passes) == 1
    ctx.screen_found(text, found)
    assert latin.fix(text, ctx) == (text, [])
    assert len(passes) == 1  # the fixer searched nothing more
    ctx.screen_found(text, None)
    assert latin.fix(text, ctx) == (text, [])  # its own searches: the same answer
    assert len(passes) > 1
