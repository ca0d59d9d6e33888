"""Do no harm: clean text in any language comes out byte for byte unchanged, with no finding.

The cases are text that textmend was measured to damage (or to flag) although it is clean: the
examples of the harm measurement (benchmarks/harm.py), ftfy's cases that must stay as they are,
a sample of the clean corpus (tests/data/harm_sample/, see its README), and long clean
documents. Each is checked through the public API as the CLI reads a file (``repair_bytes`` on
its UTF-8) and as a library caller hands a string (``repair_text``).

A case that fails today is marked ``xfail(strict=True)`` with what happens to it: when the
engine stops the harm, the case passes, the strict mark turns that into a failure, and the mark
is removed, so that the case guards the fix from then on.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import textmend

SAMPLE = Path(__file__).parent / "data" / "harm_sample"

#: Findings that claim damage: mojibake (TM2xx) and lost characters (TM4xx).
DAMAGE_FINDINGS = ("TM2", "TM4")


def harm_done(text: str) -> list[str]:
    """What textmend does to `text` that it must not do to clean text: each change, and each
    mojibake or lost-character finding, through both entry points (empty when it is left alone)."""
    harm = []
    for api, repair in (
        ("bytes", textmend.repair_bytes(text.encode("utf-8"))),
        ("text", textmend.repair_text(text)),
    ):
        if repair.text != text or repair.data != text.encode("utf-8"):
            harm += [f"{api}: {c.code} {c.before!r} -> {c.after!r}" for c in repair.changes] or [
                f"{api}: changed"
            ]
        harm += [
            f"{api}: {f.code} finding at {f.line}:{f.col}"
            for f in repair.findings
            if f.code.startswith(DAMAGE_FINDINGS)
        ]
    return harm


def case(text: str, reason: str | None = None, *, name: str) -> object:
    """A parameter; `reason` marks what fails today (strict: a pass is reported, so the mark goes)."""
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(text, marks=marks, id=name)


# -- what the harm measurement found ----------------------------------------------------------------

ISSUE_EXAMPLES = [
    case("Britaintɔwo ƒe Virgin ƒudomekpowo nutome", name="ewe"),
    case("ÖÖ", name="turkish-ÖÖ"),
    case("РРРРММДДГГХХ[СС]", name="ukrainian-skeleton"),
    case("re.compile('(?P<µ>x)(?P=µ)(?(µ)y)')", name="regex-µ"),
    case("Fl-aħħar ġurnata tal-ġimgħa, ħadd ma ħareġ.", name="maltese-l-aħħar"),
    case("ŝtormo", name="esperanto-ŝtormo"),
    case(
        "La ŝtormo ŝiris la ŝipon, kaj ĉiuj ŝipanoj ĝojis, ke ili restis sur la ŝoseo.",
        name="esperanto-prose",
    ),
    case("旮旮旯旯", name="jieba-旮旮旯旯"),
    case("% &G\\u0335<<ǥ<<<Ǥ", name="glibc-fi_FI-ǥ<<<Ǥ"),
    case("There are a lot of Ã’s in mojibake text", name="ftfy-Ã’s"),
    case("Bremer/Mccoy – DrÃ¥ber", name="ftfy-DrÃ¥ber"),
    # the Italian and Icelandic font-preview lines of the eval's clean cases: accented letters
    # alone, which read as Cyrillic through windows-1252 at least as well
    case("àèìòù ÀÈÌÒÙ áéíóú ÁÉÍÓÚ", name="italian-font-preview"),
    case("Þ þ Ð ð Æ æ Ö ö Á á É é Í í Ó ó Ú ú Ý ý", name="icelandic-font-preview"),
    # letter tables (alphabets, keyboards, font samples), which read back through a channel as
    # lists of CJK characters or Cyrillic letters (`charmodel.letter_list`)
    case("Ää Öö Üü", name="letters-German-pairs"),
    case("Àà Ââ Ææ Çç Èè Éé Êê Ëë Îî Ïï Ôô Ùù Ûû Üü Ÿÿ Œœ", name="letters-French-pairs"),
    case("ÀÁÂ àáâ Ññ Øø Åå Ææ", name="letters-cp1251-reading"),
    case("Ðóá Ññ Øø Åå Ææ Œœ Ŋŋ", name="letters-mixed-pairs"),
    case("á â ä é ê í î ï ó ô ö ú û", name="letters-koi8r-reading"),
    case(
        "Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm Nn Oo Pp Qq Rr Ss Tt Uu Vv Ww Xx Yy Zz Áá Éé",
        name="letters-Spanish",
    ),
    case("ÄÖÜäöüß", name="letters-German-run"),
    case("ÆØÅæøå", name="letters-Danish-run"),
    case("ĄĆĘŁŃÓŚŹŻąćęłńóśźż", name="letters-Polish-run"),
    case("s/[àáâãäå]/a/g", name="letters-sed-class"),
    case("¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿", name="letters-latin1-signs"),
    # KOI8-R's math signs, which read back as windows-1251's punctuation (™ – —)
    case("\t∀x ∈ ℝ: x² ≥ 0, √2 ≈ 1.414, √2 ≈ 1.414, √2 ≈ 1.414\n", name="math-signs-as-koi8r"),
    # Korean chat's letters alone, which GBK's kana and sign rows read back from EUC-KR's jamo
    case("ㄱㄱㄱ☆ㅠ_ㅠ", name="korean-chat-jamo"),
    case("ㅡㅡ 진짜 왜 그래 ㅠㅠ", name="korean-chat-ㅡㅡ-ㅠㅠ"),
]


@pytest.mark.parametrize("text", ISSUE_EXAMPLES)
def test_clean_text_that_was_harmed_is_left_alone(text):
    assert harm_done(text) == []


# -- ftfy's cases that its encoding fix leaves as they are ----------------------------------------------

FTFY_FAILS: dict[str, str] = {}


def _ftfy_cases() -> list[object]:
    cases = json.loads((SAMPLE / "ftfy_unchanged.json").read_text(encoding="utf-8"))
    return [
        case(c["original"], FTFY_FAILS.get(c["original"]), name=f"{c['file']}:{c['label'][:50]}")
        for c in cases
    ]


@pytest.mark.parametrize("text", _ftfy_cases())
def test_what_ftfy_leaves_alone_is_left_alone(text):
    assert harm_done(text) == []


# -- the committed sample of the clean corpus ----------------------------------------------------------

#: (file, locale, text) -> what textmend does to it today
SAMPLE_FAILS: dict[tuple[str, str, str], str] = {}

#: sample files whose lines, joined into one document, are harmed today
DOCUMENT_FAILS: dict[str, str] = {}

SAMPLE_FILES = ("cldr.txt", "glibc.txt", "jieba.txt", "pypinyin.txt")


def _sample_lines(name: str) -> list[tuple[str, str]]:
    """(locale, text) of each line of a sample file."""
    lines = (SAMPLE / name).read_text(encoding="utf-8").splitlines()
    return [(loc, text) for loc, text in (line.split("\t", 1) for line in lines)]


def _sample_cases() -> list[object]:
    return [
        case(text, SAMPLE_FAILS.get((name, loc, text)), name=f"{name}:{n}:{loc}")
        for name in SAMPLE_FILES
        for n, (loc, text) in enumerate(_sample_lines(name), 1)
    ]


def test_the_sample_is_broad():
    lines = [line for name in SAMPLE_FILES for line in _sample_lines(name)]
    assert len(lines) >= 300
    assert len({loc.split("_")[0].split("-")[0] for loc, _ in lines}) >= 100
    assert all(text.strip() and "\n" not in text for _, text in lines)
    assert set(SAMPLE_FAILS) <= {(name, *line) for name in SAMPLE_FILES for line in _sample_lines(name)}


@pytest.mark.parametrize("text", _sample_cases())
def test_a_clean_string_is_left_alone(text):
    assert harm_done(text) == []


@pytest.mark.parametrize(
    "text",
    [
        case("\n".join(text for _, text in _sample_lines(name)) + "\n", DOCUMENT_FAILS.get(name), name=name)
        for name in SAMPLE_FILES
    ],
)
def test_a_clean_document_is_left_alone(text):
    assert harm_done(text) == []


# -- long clean documents ----------------------------------------------------------------------------


def long_document(language: str, size: int = 45_000) -> str:
    """At least `size` characters of clean prose: the sentences of prose_LANG.txt (written for
    these tests) shuffled into paragraphs of three to five, blank lines between them."""
    sentences = (SAMPLE / f"prose_{language}.txt").read_text(encoding="utf-8").splitlines()
    rng = random.Random(language)
    paragraphs: list[str] = []
    length = 0
    while length < size:
        order = sentences[:]
        rng.shuffle(order)
        i = 0
        while i < len(order):
            k = rng.randint(3, 5)
            paragraphs.append(" ".join(order[i : i + k]))
            length += len(paragraphs[-1]) + 2
            i += k
    return "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("language", ["ru", "pl", "fr"])
def test_a_long_clean_document_is_left_alone_and_not_flagged(language):
    text = long_document(language)
    assert len(text) > 20_000
    assert harm_done(text) == []


@pytest.mark.parametrize("language", ["ru", "pl", "fr"])
def test_a_short_clean_document_is_left_alone(language):
    text = long_document(language, 8_000)
    assert harm_done(text) == []


@pytest.mark.parametrize("language", ["ru", "pl", "fr"])
def test_check_passes_a_long_clean_file(cli, tmp_path, language):
    """`textmend check` (what the pre-commit hook runs) exits 0 on a clean file and leaves it as it is."""
    path = tmp_path / f"{language}.txt"
    data = long_document(language).encode("utf-8")
    path.write_bytes(data)
    run = cli("check", str(path))
    assert run.code == 0, run.out.decode("utf-8", "replace")
    assert path.read_bytes() == data


# -- the measurement itself (benchmarks/harm.py, on data made here) ------------------------------------

HARM_SCRIPT = Path(__file__).parent.parent / "benchmarks" / "harm.py"


@pytest.fixture(scope="module")
def harm():
    if not HARM_SCRIPT.exists():
        pytest.skip("benchmarks/ is not in this tree")
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("harm_benchmark", HARM_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def _mo(messages: list[tuple[bytes, bytes]], charset: str) -> bytes:
    """A compiled gettext catalog (little-endian) of (msgid, msgstr) pairs, with its header."""
    import struct

    header = f"Content-Type: text/plain; charset={charset}\n".encode("ascii")
    entries = sorted([(b"", header), *messages])
    n = len(entries)
    blob = b""
    offsets = []
    start = 28 + 16 * n
    for msgid, _msgstr in entries:
        offsets.append((len(msgid), start + len(blob)))
        blob += msgid + b"\0"
    toffsets = []
    for _msgid, msgstr in entries:
        toffsets.append((len(msgstr), start + len(blob)))
        blob += msgstr + b"\0"
    table = b"".join(struct.pack("<II", *o) for o in offsets) + b"".join(
        struct.pack("<II", *o) for o in toffsets
    )
    return struct.pack("<IIIIIII", 0x950412DE, 0, n, 28, 28 + 8 * n, 0, 0) + table + blob


def test_catalogs_are_read_in_the_charset_they_declare(harm):
    latin1 = _mo(
        [(b"file", "fichier à lire".encode("latin-1")), (b"one\0many", b"un\0plusieurs")], "ISO-8859-1"
    )
    assert sorted(harm.mo_messages(latin1)) == ["fichier à lire", "plusieurs", "un"]
    with pytest.raises(ValueError):
        harm.mo_messages(_mo([(b"x", "é".encode("latin-1"))], "UTF-8"))  # bytes not in the declared charset


def test_sampling_shares_the_limit_evenly_and_keeps_the_order(harm):
    strings = {"a": [f"a{i}" for i in range(100)], "b": ["b0", "b1"], "c": [f"c{i}" for i in range(50)]}
    picked = harm.sample(strings, 42, "seed")
    assert {k: len(v) for k, v in picked.items()} == {"a": 20, "b": 2, "c": 20}
    assert picked["a"] == sorted(picked["a"], key=lambda s: int(s[1:]))
    assert picked == harm.sample(strings, 42, "seed") and harm.sample(strings, 1000, "seed") is strings


def test_a_document_has_a_few_strings_a_line_and_a_bounded_size(harm):
    doc = harm.make_document([f"word{i}" for i in range(20_000)], " ", 4, 30_000)
    assert 29_000 < len(doc) <= 30_000 and doc.endswith("\n")
    assert doc.splitlines()[:2] == ["word0 word1 word2 word3", "word4 word5 word6 word7"]
    assert harm.make_document(["a" * 50], " ", 4, 10) == "a" * 50 + "\n"


def test_a_missing_source_is_skipped_with_its_install_command(harm, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(harm, "CLDR_ROOT", tmp_path / "none")
    assert harm.main(["--sources", "cldr-xml", "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert "cldr-xml: skipped" in printed and "apt-get install unicode-cldr-core" in printed


def test_harm_and_source_damage_are_counted_apart(harm, monkeypatch, tmp_path, capsys):
    """A file source with clean lines, a line damaged in the source (U+FFFD) and a real mojibake
    line (which textmend repairs: counted as a change, as harm would be)."""
    (tmp_path / "fr_FR").write_text(
        "% Éléments de la locale\n% Café à emporter\n% CafÃ© au lait\n% caract\ufffdre perdu\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(harm, "GLIBC_ROOT", tmp_path)
    out = tmp_path / "harm.json"
    assert harm.main(["--sources", "glibc-locales", "--jobs", "1", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    report = json.loads(out.read_text(encoding="utf-8"))["sources"]["glibc-locales"]
    assert report["totals"]["strings"] == 3 and report["totals"]["strings_changed"] == 1
    assert report["totals"]["documents"] == 0  # the file holds damage: no clean document
    assert report["damaged_in_source"] == {"U+FFFD": 1}
    assert "'% CafÃ© au lait' -> '% Café au lait'" in printed and "TM201" in printed
