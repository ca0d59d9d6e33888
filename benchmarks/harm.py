#!/usr/bin/env python3
"""Do no harm, measured: textmend over a clean corpus of real translated text, per source.

textmend rewrites files in place, so the first thing to know is what it does to text that is
*not* broken. This script builds a clean corpus from sources on this machine and in packages,
runs textmend over it with its default options, and reports per source and per language:

- strings changed: each string alone, as ``repair_bytes(string.encode("utf-8"))`` (``--api
  text`` uses ``repair_text``);
- documents changed: each language's strings of a source, in the source's order, joined into
  one document (a few strings a line, up to ``--doc-chars`` characters), so that
  document-level decisions (a reading chosen for the whole text, budgets, long inputs) are
  tested too; sources that are files already (man pages, glibc locale sources) use the files;
- findings: mojibake and lost-character findings (codes TM2xx, TM4xx) on this clean text,
  which make ``textmend check`` and the pre-commit hook fail on a clean file.

Every change is harm unless the source text itself is damaged. What is damaged in the source
is left out of the clean corpus, counted, and run through textmend on its own (the report says
how much of it textmend changes or flags): a string holding U+FFFD or a C1 control (what only
damage produces), and the strings that a person found damaged, listed in ``KNOWN_DAMAGED`` with
the file they come from and the reason.

Sources (each optional: one whose package or files are missing is reported as skipped, with
the command that installs it):

====================  ==================================================================
cldr-babel            every string babel exposes for all its locales (names of languages,
                      territories, scripts, currencies, time zones, units, months, days,
                      eras, date/number/list patterns...), each locale's own data
cldr-xml              the text of Debian's unicode-cldr-core: common/main/*.xml (exemplar
                      characters included) and common/annotations/*.xml (emoji names)
gettext               the translations in the machine's gettext catalogs
                      (/usr/share/locale/*/LC_MESSAGES/*.mo: iso-codes, coreutils, gtk...)
glibc-locales         glibc's locale sources (/usr/share/i18n/locales): lines with
                      non-ASCII text as strings, the files as documents
manpages              translated man pages (/usr/share/man/LANG/): their non-ASCII lines,
                      and the pages as documents
x11-compose           the UTF-8 X11 Compose tables (/usr/share/X11/locale/*.UTF-8/Compose)
wordfreq              wordfreq's top words of every language it has
jieba                 the words of jieba's dictionary
pypinyin              pypinyin's phrases, their readings, and the readings of single characters
python-cjkencodings   CPython's CJK test texts (Lib/test/cjkencodings/*-utf8.txt)
letter-lists          every CLDR alphabet textmend ships (of at most 200 letters) written out
                      as letter tables do: ``a b c``, ``Aa Bb Cc``, ``Ää Öö Üü``, ``Ä Ö Ü ä ö ü``
====================  ==================================================================

A source larger than ``--limit`` strings (or a fiftieth as many files) is sampled, evenly across
its languages and seeded; the report says so. Defaults run in a few minutes on two cores (a
pool of ``--jobs 2``).

    python benchmarks/harm.py [--sources cldr-babel,gettext] [--limit 50000] [--examples 10]
                              [--json OUT] [--api bytes|text] [--jobs 2] [--no-documents]
                              [--doc-chars 30000]

Exit status: 0 when the corpus is measured (whatever it finds), 2 for a bad option. Nothing
is written but ``--json OUT``. The build-time packages are in the ``data`` extra
(``pip install -e '.[data]'``); the Debian ones are named in each skip line.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import random
import re
import struct
import sys
import sysconfig
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

#: Rule codes whose findings are harm on clean text: mojibake (TM2xx) and lost characters (TM4xx).
HARM_FINDINGS = ("TM2", "TM4")

#: The size of the document made of a language's strings. Long-document behaviour starts past
#: 20,000 characters, so the documents reach beyond that where a language has the strings.
DOC_CHARS = 30_000

#: Text damaged in the source itself, found by reading what textmend changed: (source, file,
#: what the string holds; "" for every string of the file) -> the damage.
KNOWN_DAMAGED: dict[tuple[str, str, str], str] = {
    ("gettext", "ar/LC_MESSAGES/gtk20-properties.mo", "?"): "lam-alef (لأ) lost as '?': شريط ا?دوات",
    ("gettext", "ar/LC_MESSAGES/gtk30-properties.mo", "?"): "lam-alef (لأ) lost as '?': شريط ا?دوات",
    ("gettext", "ast/LC_MESSAGES/sed.mo", "Ã³"): "UTF-8 read as latin-1: Ã³ for ó",
    ("gettext", "cy/LC_MESSAGES/gtk20.mo", "sgrÃ®n"): "UTF-8 read as latin-1: sgrÃ®n for sgrîn",
    ("gettext", "cy/LC_MESSAGES/gtk30.mo", "sgrÃ®n"): "UTF-8 read as latin-1: sgrÃ®n for sgrîn",
    ("gettext", "nb/LC_MESSAGES/tar.mo", "vÃ¦re"): "UTF-8 read as latin-1: vÃ¦re for være",
    ("gettext", "nl/LC_MESSAGES/python-apt.mo", "geÃ¯nstalleerd"): "UTF-8 read as latin-1: geÃ¯nstalleerd",
    (
        "gettext",
        "nn/LC_MESSAGES/gettext-tools.mo",
        "",
    ): "UTF-8 read as latin-1 in most messages: Â«%sÂ», nÃ¥r",
    ("glibc-locales", "ka_GE", "ÜÊÈÑ"): "a comment: Georgian წლის in an 8-bit Georgian code read as latin-1",
    ("glibc-locales", "uz_UZ", "% ??????????"): "a comment: 10 characters lost as '?' before a contributor's "
    "name, below the note of the file's conversion to UTF-8",
    **{
        ("manpages", f"es/man1/{page}.1.gz", ""): "UTF-8 read as latin-1 throughout: manipulaciÃ³n"
        for page in ("faked", "faked-sysv", "faked-tcp", "fakeroot", "fakeroot-sysv", "fakeroot-tcp")
    },
}

#: What only damage produces: U+FFFD and the C1 controls.
DAMAGE_ONLY = re.compile("[\ufffd\x80-\x9f]")


def damage_in(source: str, file: str, text: str) -> str | None:
    """Why `text` (from `file` of `source`) is damaged in the source, or None if it is not known to be."""
    m = DAMAGE_ONLY.search(text)
    if m:
        return "U+FFFD" if m.group() == "\ufffd" else "a C1 control"
    for (src, name, held), reason in KNOWN_DAMAGED.items():
        if src == source and name == file and held in text:
            return reason
    return None


class Missing(Exception):
    """A source cannot be read here; the message says what to install."""


@dataclasses.dataclass
class Loaded:
    """What a source gives: strings per language, and documents per language when the source is
    files (else the documents are made from the strings)."""

    strings: dict[str, list[str]]
    documents: dict[str, list[str]] | None = None
    joiner: str = " "
    per_line: int = 4
    note: str = ""
    #: (language, text, why) of what is damaged in the source, left out of the clean corpus
    damaged: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)


def clean_strings(loaded: Loaded, source: str) -> Loaded:
    """Move the strings that are damaged in the source (U+FFFD, C1 controls) to `loaded.damaged`."""
    for lang, items in loaded.strings.items():
        keep = []
        for s in items:
            why = damage_in(source, "", s)
            if why:
                loaded.damaged.append((lang, s, why))
            else:
                keep.append(s)
        items[:] = keep
    return loaded


@dataclasses.dataclass(frozen=True)
class Source:
    """One source of clean text: a name, what it is, and how to load it."""

    name: str
    about: str
    load: Callable[[], Loaded]


# -- sources -----------------------------------------------------------------------------------


def _need_module(name: str, install: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        raise Missing(f"python package {name} is not installed: {install}") from None


def _walk_strings(obj: object, out: dict[str, None]) -> None:
    """Every string inside babel's locale data: values of mappings, items of sequences, and
    the text of pattern objects (DateTimePattern, NumberPattern)."""
    if isinstance(obj, str):
        out[obj] = None
    elif hasattr(obj, "items"):
        for key, value in obj.items():  # type: ignore[attr-defined]
            if isinstance(key, str) and not key.isascii():
                out[key] = None
            _walk_strings(value, out)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for value in obj:
            _walk_strings(value, out)
    else:
        pattern = getattr(obj, "pattern", None)
        if isinstance(pattern, str):
            out[pattern] = None


def load_babel() -> Loaded:
    _need_module("babel", "pip install babel  (or pip install -e '.[data]')")
    from babel import localedata

    strings: dict[str, list[str]] = {}
    for name in localedata.locale_identifiers():
        found: dict[str, None] = {}
        # each locale's own data: what it inherits is its parent's strings, counted there
        _walk_strings(localedata.load(name, merge_inherited=False), found)
        if found:
            strings[name] = [s for s in found if s.strip()]
    import babel

    return Loaded(strings, joiner=" · ", per_line=4, note=f"babel {babel.__version__}")


CLDR_ROOT = Path("/usr/share/unicode/cldr/common")


def load_cldr_xml() -> Loaded:
    if not (CLDR_ROOT / "main").is_dir():
        raise Missing(f"{CLDR_ROOT}/main not found: apt-get install unicode-cldr-core")
    strings: dict[str, dict[str, None]] = defaultdict(dict)
    for sub in ("main", "annotations"):
        for path in sorted((CLDR_ROOT / sub).glob("*.xml")):
            found = strings[path.stem]
            for el in ET.parse(path).iter():
                if el.text and el.text.strip():
                    found[el.text.strip()] = None
                if el.get("cp"):  # an annotation's emoji or symbol
                    found[el.get("cp", "")] = None
    dtd = CLDR_ROOT / "dtd" / "ldml.dtd"
    version = re.search(r'cldrVersion CDATA #FIXED "([^"]+)"', dtd.read_text()) if dtd.exists() else None
    return Loaded(
        {k: list(v) for k, v in strings.items() if v},
        joiner=" · ",
        per_line=4,
        note=f"CLDR {version.group(1) if version else '?'}",
    )


LOCALE_ROOT = Path("/usr/share/locale")


MO_MAGIC = 0x950412DE


def mo_messages(data: bytes) -> list[str]:
    """The translations of a compiled gettext catalog (a .mo file), each plural form on its own,
    decoded with the charset its header declares. Raises ValueError for a malformed catalog or
    bytes that are not in the declared charset."""
    for order in ("<", ">"):
        if len(data) >= 20 and struct.unpack(order + "I", data[:4])[0] == MO_MAGIC:
            break
    else:
        raise ValueError("not a gettext catalog")
    count, originals, translations = struct.unpack(order + "8xIII", data[:20])
    entries = []
    for i in range(count):
        olen, _ooff = struct.unpack(order + "II", data[originals + 8 * i : originals + 8 * i + 8])
        tlen, toff = struct.unpack(order + "II", data[translations + 8 * i : translations + 8 * i + 8])
        entries.append((olen, data[toff : toff + tlen]))
    header = next((t for olen, t in entries if olen == 0), b"")
    m = re.search(rb"charset=([\w.-]+)", header)
    charset = m.group(1).decode("ascii") if m and m.group(1) != b"CHARSET" else "ascii"
    return [form for olen, t in entries if olen for form in t.decode(charset).split("\0")]


def load_gettext() -> Loaded:
    paths = sorted(LOCALE_ROOT.glob("*/LC_MESSAGES/*.mo"))
    if not paths:
        raise Missing(f"no catalogs under {LOCALE_ROOT}: apt-get install iso-codes util-linux-locales")
    strings: dict[str, dict[str, None]] = defaultdict(dict)
    damaged: list[tuple[str, str, str]] = []
    unreadable = 0
    for path in paths:
        try:
            messages = mo_messages(path.read_bytes())
        except (OSError, LookupError, ValueError, struct.error):
            unreadable += 1  # bytes not in the charset the catalog declares, or a malformed catalog
            continue
        lang, name = path.parts[-3], str(path.relative_to(LOCALE_ROOT))
        for message in messages:
            if message.strip():
                why = damage_in("gettext", name, message)
                if why:
                    damaged.append((lang, message, why))
                else:
                    strings[lang][message] = None
    note = f"{len(paths):,} catalogs, {unreadable} unreadable (bytes not in their declared charset) left out"
    return Loaded(
        {k: list(v) for k, v in strings.items()}, joiner=" ", per_line=3, note=note, damaged=damaged
    )


def _files_source(source: str, files: Iterable[tuple[str, str, str]], note: str) -> Loaded:
    """A source made of files: (language, file name, text). Its strings are the lines that hold
    non-ASCII text; its documents are the files (but those with damage in them)."""
    strings: dict[str, dict[str, None]] = defaultdict(dict)
    documents: dict[str, list[str]] = defaultdict(list)
    damaged: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for lang, name, text in files:
        if text in seen:
            continue  # the same file installed under several names
        seen.add(text)
        clean = True
        for line in text.splitlines():
            # the lines with non-ASCII text are the strings; an ASCII line may be damaged too,
            # when it holds '?' for lost text
            why = (
                damage_in(source, name, line)
                if line.strip() and (not line.isascii() or "?" in line)
                else None
            )
            if why:
                damaged.append((lang, line, why))
                clean = False
            elif not line.isascii() and line.strip():
                strings[lang][line] = None
        if clean:
            documents[lang].append(text)
    return Loaded({k: list(v) for k, v in strings.items()}, dict(documents), note=note, damaged=damaged)


GLIBC_ROOT = Path("/usr/share/i18n/locales")


def load_glibc() -> Loaded:
    paths = sorted(p for p in GLIBC_ROOT.glob("*") if p.is_file())
    if not paths:
        raise Missing(f"no locale sources in {GLIBC_ROOT}: apt-get install locales")

    def files() -> Iterator[tuple[str, str, str]]:
        for p in paths:
            try:
                yield p.name, p.name, p.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue

    return _files_source("glibc-locales", files(), f"{len(paths)} files")


MAN_ROOT = Path("/usr/share/man")


def load_manpages() -> Loaded:
    langs = (
        [d for d in sorted(MAN_ROOT.iterdir()) if d.is_dir() and not d.name.startswith("man")]
        if MAN_ROOT.is_dir()
        else []
    )
    if not langs:
        raise Missing(f"no translated man pages in {MAN_ROOT}: apt-get install manpages-de manpages-fr ...")
    undecodable = 0

    def files() -> Iterator[tuple[str, str, str]]:
        nonlocal undecodable
        for d in langs:
            for p in sorted(d.glob("man*/*")):
                try:
                    data = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
                    yield d.name, str(p.relative_to(MAN_ROOT)), data.decode("utf-8")
                except (OSError, EOFError, UnicodeDecodeError):
                    undecodable += 1  # a page in a legacy encoding: not known clean UTF-8 text

    loaded = _files_source("manpages", files(), "")
    loaded.note = (
        f"{sum(map(len, (loaded.documents or {}).values()))} pages, {undecodable} not UTF-8 left out"
    )
    return loaded


X11_ROOT = Path("/usr/share/X11/locale")


def load_compose() -> Loaded:
    paths = sorted(X11_ROOT.glob("*.UTF-8/Compose"))
    if not paths:
        raise Missing(f"no UTF-8 Compose tables in {X11_ROOT}: apt-get install libx11-data")
    return _files_source(
        "x11-compose",
        ((p.parent.name.split(".")[0], p.parent.name, p.read_text(encoding="utf-8")) for p in paths),
        f"{len(paths)} tables",
    )


WORDFREQ_TOP = 5_000


def load_wordfreq() -> Loaded:
    wordfreq = _need_module("wordfreq", "pip install wordfreq  (or pip install -e '.[data]')")
    strings = {
        lang: list(wordfreq.top_n_list(lang, WORDFREQ_TOP)) for lang in sorted(wordfreq.available_languages())
    }
    return Loaded(
        strings,
        joiner=" ",
        per_line=8,
        note=f"top {WORDFREQ_TOP:,} words, wordfreq {package_version('wordfreq')}",
    )


def load_jieba() -> Loaded:
    jieba = _need_module("jieba", "pip install jieba  (or pip install -e '.[data]')")
    path = Path(jieba.__file__).parent / "dict.txt"
    words = [line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Loaded({"zh": words}, joiner="", per_line=12, note=f"{path.name}, jieba {jieba.__version__}")


def load_pypinyin() -> Loaded:
    _need_module("pypinyin", "pip install pypinyin")
    from pypinyin import phrases_dict, pinyin_dict

    phrases = list(phrases_dict.phrases_dict)
    readings = [" ".join(r[0] for r in rs) for rs in phrases_dict.phrases_dict.values()]
    chars = [chr(cp) for cp in pinyin_dict.pinyin_dict]
    char_readings = list(dict.fromkeys(pinyin_dict.pinyin_dict.values()))
    return Loaded(
        {"zh": phrases + chars, "zh-pinyin": list(dict.fromkeys(readings)) + char_readings},
        joiner=" ",
        per_line=6,
        note=f"pypinyin {package_version('pypinyin')}",
    )


#: An alphabet longer than this is a syllabary or a script of thousands of signs (Hangul's 11,172
#: syllables, kanji): CLDR lists it whole, but nobody writes it out as a letter table.
LIST_LETTERS = 200


def load_letter_lists() -> Loaded:
    from textmend.text.alphabets import alphabets

    strings: dict[str, list[str]] = {}
    for locale, a in sorted(alphabets().items()):
        small = sorted({x for x in a.letters if len(x) == 1 and x == x.lower()})
        if not small or len(small) > LIST_LETTERS:
            continue
        beyond = [x for x in small if not x.isascii()]
        forms = [
            " ".join(small),  # a b c ... ä ö ü
            " ".join(x.upper() + x for x in small),  # Aa Bb ... Ää Öö
            "".join(small),
            " ".join(a.index),  # the index headings: A B C ... Ä Ö
            " ".join(beyond),  # the letters beyond ASCII: ä ö ü
            " ".join(x.upper() + x for x in beyond),  # Ää Öö Üü, the way a text names them
            " ".join(x.upper() for x in beyond) + " " + " ".join(beyond),  # Ä Ö Ü ä ö ü
        ]
        found = list(dict.fromkeys(f for f in forms if f.strip() and not f.isascii()))
        if found:
            strings[locale] = found
    return Loaded(
        strings, joiner="\n", per_line=1, note=f"{len(strings)} alphabets of <= {LIST_LETTERS} letters"
    )


CJK_TEXT_LANG = {
    "big5": "zh_Hant",
    "big5hkscs": "zh_Hant",
    "cp950": "zh_Hant",
    "gb2312": "zh_Hans",
    "gbk": "zh_Hans",
    "gb18030": "zh_Hans",
    "hz": "zh_Hans",
    "euc_jp": "ja",
    "shift_jis": "ja",
    "euc_jisx0213": "ja",
    "shift_jisx0213": "ja",
    "iso2022_jp": "ja",
    "cp949": "ko",
    "euc_kr": "ko",
    "johab": "ko",
    "iso2022_kr": "ko",
}


def load_cjkencodings() -> Loaded:
    root = Path(sysconfig.get_paths()["stdlib"]) / "test" / "cjkencodings"
    paths = sorted(root.glob("*-utf8.txt"))
    if not paths:
        raise Missing(f"{root} not found: apt-get install libpython3-testsuite (or a CPython with its tests)")
    return _files_source(
        "python-cjkencodings",
        (
            (CJK_TEXT_LANG.get(p.name[: -len("-utf8.txt")], p.name), p.name, p.read_text(encoding="utf-8"))
            for p in paths
        ),
        f"{len(paths)} files",
    )


SOURCES: tuple[Source, ...] = (
    Source("cldr-babel", "CLDR strings of every locale, through babel", load_babel),
    Source("cldr-xml", "CLDR main and annotations XML (Debian unicode-cldr-core)", load_cldr_xml),
    Source("gettext", "translations of the machine's gettext catalogs", load_gettext),
    Source("glibc-locales", "glibc's locale sources", load_glibc),
    Source("manpages", "translated man pages", load_manpages),
    Source("x11-compose", "X11 Compose tables", load_compose),
    Source("wordfreq", "wordfreq's top words per language", load_wordfreq),
    Source("jieba", "jieba's dictionary words", load_jieba),
    Source("pypinyin", "pypinyin's phrases and readings", load_pypinyin),
    Source("python-cjkencodings", "CPython's CJK test texts", load_cjkencodings),
    Source("letter-lists", "every CLDR alphabet written out as a letter table", load_letter_lists),
)


# -- the corpus: sampling, documents --------------------------------------------------------------


def sample(strings: dict[str, list[str]], limit: int, seed: str) -> dict[str, list[str]]:
    """At most `limit` strings, shared evenly across languages (a language with fewer than its
    share gives the rest to the others), each language's kept in their order."""
    total = sum(map(len, strings.values()))
    if total <= limit:
        return strings
    quota: dict[str, int] = {}
    left, langs = limit, sorted(strings, key=lambda k: len(strings[k]))
    for i, lang in enumerate(langs):
        quota[lang] = min(len(strings[lang]), left // (len(langs) - i))
        left -= quota[lang]
    out = {}
    for lang, items in strings.items():
        keep = sorted(random.Random(f"{seed}:{lang}").sample(range(len(items)), quota[lang]))
        out[lang] = [items[i] for i in keep]
    return out


def make_document(strings: list[str], joiner: str, per_line: int, size: int = DOC_CHARS) -> str:
    """A language's strings as one document: `per_line` strings a line, in their order, as many
    lines as fit in `size` characters (one at least)."""
    lines: list[str] = []
    length = 0
    for i in range(0, len(strings), per_line):
        line = joiner.join(strings[i : i + per_line])
        if length + len(line) + 1 > size and lines:
            break
        lines.append(line)
        length += len(line) + 1
    return "\n".join(lines) + "\n"


# -- running textmend ----------------------------------------------------------------------------

#: One unit of work: (source, language, kind "string" or "document", text).
Item = tuple[str, str, str, str]


def _check(batch: tuple[str, list[Item]]) -> list[tuple[int, dict[str, Any]]]:
    """Run textmend on each item of a batch; return (index, outcome) for those it did not leave
    alone: changed text, harm findings, or an error."""
    import textmend

    api, items = batch
    out: list[tuple[int, dict[str, Any]]] = []
    for i, (_source, _lang, _kind, text) in enumerate(items):
        try:
            r = textmend.repair_bytes(text.encode("utf-8")) if api == "bytes" else textmend.repair_text(text)
        except textmend.TextmendError as e:
            out.append((i, {"error": str(e).splitlines()[0]}))
            continue
        findings = [f for f in r.findings if f.code.startswith(HARM_FINDINGS)]
        if r.text != text or findings:
            outcome: dict[str, Any] = {
                "after": r.text if r.text != text else None,
                "changes": [(c.code, c.line, c.col, c.before, c.after, c.message) for c in r.changes],
                "findings": [(f.code, f.line, f.col, f.before, f.message) for f in findings],
            }
            out.append((i, outcome))
    return out


def run(
    items: list[Item], api: str, pool: ProcessPoolExecutor | None, batch: int = 400
) -> dict[int, dict[str, Any]]:
    """Outcomes of every item that textmend did not leave alone, by index in `items`."""
    batches = [(api, items[i : i + batch]) for i in range(0, len(items), batch)]
    results = pool.map(_check, batches, chunksize=1) if pool else map(_check, batches)
    outcomes: dict[int, dict[str, Any]] = {}
    for b, result in enumerate(results):
        for i, outcome in result:
            outcomes[b * batch + i] = outcome
    return outcomes


# -- the report ----------------------------------------------------------------------------------


def base_language(locale: str) -> str:
    """The language subtag of a locale name: ``pt_BR`` and ``sr@latin`` are ``pt`` and ``sr``."""
    return re.split(r"[_@.\-]", locale, maxsplit=1)[0].lower()


def _short(s: str, n: int = 100) -> str:
    return repr(s if len(s) <= n else s[: n - 1] + "…")


def describe(item: Item, outcome: dict[str, Any]) -> list[str]:
    """Lines that show one item textmend did not leave alone: the change, its rule and message."""
    _source, lang, kind, text = item
    if "error" in outcome:
        return [f"  [{lang}] {kind} {_short(text)}: error {outcome['error']}"]
    lines = []
    if kind == "string" and outcome["after"] is not None:
        lines.append(f"  [{lang}] {_short(text)} -> {_short(outcome['after'])}")
    elif outcome["after"] is not None:
        lines.append(f"  [{lang}] document of {len(text):,} characters, {len(outcome['changes'])} changes:")
    else:
        lines.append(f"  [{lang}] {kind} {_short(text, 60)} (unchanged):")
    for code, line, col, before, after, message in outcome["changes"][:3]:
        lines.append(f"      {line}:{col} {code} {_short(before, 40)} -> {_short(after, 40)}: {message}")
    for code, line, col, before, message in outcome["findings"][:3]:
        lines.append(f"      {line}:{col} {code} finding on {_short(before, 40)}: {message}")
    return lines


@dataclasses.dataclass
class Tally:
    """Counts for one source (or one of its languages)."""

    strings: int = 0
    strings_changed: int = 0
    string_findings: int = 0
    documents: int = 0
    documents_changed: int = 0
    document_findings: int = 0
    errors: int = 0

    def add(self, kind: str, outcome: dict[str, Any] | None) -> None:
        plural = "strings" if kind == "string" else "documents"
        setattr(self, plural, getattr(self, plural) + 1)
        if outcome is None:
            return
        if "error" in outcome:
            self.errors += 1
            return
        if outcome["after"] is not None:
            setattr(self, plural + "_changed", getattr(self, plural + "_changed") + 1)
        if outcome["findings"]:
            key = "string_findings" if kind == "string" else "document_findings"
            setattr(self, key, getattr(self, key) + 1)

    @property
    def harmed(self) -> bool:
        return any(
            (
                self.strings_changed,
                self.string_findings,
                self.documents_changed,
                self.document_findings,
                self.errors,
            )
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--sources",
        default="all",
        help="comma-separated source names (default: all): " + ", ".join(s.name for s in SOURCES),
    )
    ap.add_argument(
        "--limit",
        type=int,
        default=50_000,
        help="most strings per source (and a fiftieth of it of files); larger ones are sampled",
    )
    ap.add_argument("--examples", type=int, default=10, help="changed examples printed per source")
    ap.add_argument(
        "--json", type=Path, help="write every count, per source and per language, and the examples"
    )
    ap.add_argument(
        "--api",
        choices=("bytes", "text"),
        default="bytes",
        help="repair_bytes on the UTF-8 bytes (what the CLI and the hooks do) or repair_text",
    )
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    ap.add_argument("--no-documents", action="store_true", help="strings only")
    ap.add_argument(
        "--doc-chars",
        type=int,
        default=DOC_CHARS,
        help="size of the document made of each language's strings (all of them, not the sample)",
    )
    ap.add_argument("--seed", default="harm", help="seed of the sampling")
    args = ap.parse_args(argv)
    names = {s.name for s in SOURCES}
    if args.sources != "all":
        unknown = set(args.sources.split(",")) - names
        if unknown:
            ap.error(f"unknown source {', '.join(sorted(unknown))}; known: {', '.join(sorted(names))}")
    if args.limit < 1 or args.jobs < 1 or args.examples < 0:
        ap.error("--limit and --jobs must be at least 1, --examples at least 0")
    return args


def measure(source: Source, args: argparse.Namespace, pool: ProcessPoolExecutor | None) -> dict[str, Any]:
    """Load, sample, run and count one source; print its report; return it for --json."""
    start = time.perf_counter()
    try:
        loaded = source.load()
    except Missing as e:
        print(f"{source.name}: skipped: {e}\n")
        return {"status": "skipped", "reason": str(e)}
    clean_strings(loaded, source.name)
    total = sum(map(len, loaded.strings.values()))
    strings = sample({k: v for k, v in loaded.strings.items() if v}, args.limit, f"{args.seed}:{source.name}")
    kept = sum(map(len, strings.values()))
    items: list[Item] = [(source.name, lang, "string", s) for lang, ss in strings.items() for s in ss]
    if not args.no_documents:
        if loaded.documents is not None:
            docs = sample(loaded.documents, max(1, args.limit // 50), f"{args.seed}:{source.name}:docs")
        else:
            docs = {
                lang: [make_document(ss, loaded.joiner, loaded.per_line, args.doc_chars)]
                for lang, ss in loaded.strings.items()
                if ss
            }
        items += [(source.name, lang, "document", d) for lang, ds in docs.items() for d in ds]
    clean = len(items)
    items += [(source.name, lang, "damaged", s) for lang, s, _why in loaded.damaged]
    outcomes = run(items, args.api, pool)
    per_lang: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    codes: Counter[str] = Counter()
    for i, item in enumerate(items[:clean]):
        outcome = outcomes.get(i)
        per_lang[item[1]].add(item[2], outcome)
        overall.add(item[2], outcome)
        if outcome and "error" not in outcome:
            codes.update(f"{c[0]} change" for c in outcome["changes"])
            codes.update(f"{f[0]} finding" for f in outcome["findings"])
    seconds = time.perf_counter() - start
    languages = {base_language(lang) for lang in strings}
    sampled = f"sampled {kept:,} of {total:,} strings" if kept < total else f"{kept:,} strings"
    print(
        f"{source.name}: {source.about}; {loaded.note}; {sampled} in {len(strings)} locales "
        f"({len(languages)} languages), {overall.documents:,} documents, {seconds:.0f} s"
    )
    print(
        f"  strings changed {overall.strings_changed:,} of {overall.strings:,}, with findings "
        f"{overall.string_findings:,}; documents changed {overall.documents_changed:,} of "
        f"{overall.documents:,}, with findings {overall.document_findings:,}; errors {overall.errors}"
    )
    if codes:
        print("  by rule: " + ", ".join(f"{k} {n:,}" for k, n in codes.most_common()))
    harmed = {lang: t for lang, t in per_lang.items() if t.harmed}
    if harmed:
        worst = sorted(
            harmed.items(),
            key=lambda kv: (
                -kv[1].strings_changed - kv[1].string_findings,
                -kv[1].documents_changed - kv[1].document_findings,
                kv[0],
            ),
        )
        print(
            f"  locales harmed: {len(harmed)} of {len(per_lang)} (strings changed+flagged/all, documents "
            "changed+flagged/all): "
            + ", ".join(
                f"{lang} {t.strings_changed}+{t.string_findings}/{t.strings} "
                f"{t.documents_changed}+{t.document_findings}/{t.documents}d"
                for lang, t in worst[:25]
            )
            + (" ..." if len(worst) > 25 else "")
        )
    examples: list[list[str]] = []
    for i in sorted((i for i in outcomes if i < clean), key=lambda i: (items[i][2] != "string", i)):
        if len(examples) >= args.examples:
            break
        examples.append(describe(items[i], outcomes[i]))
    for lines in examples:
        print("\n".join(lines))
    why = Counter(w for _lang, _s, w in loaded.damaged)
    if why:
        acted = sum(1 for i in outcomes if i >= clean)
        print(
            f"  left out, damaged in the source: {len(loaded.damaged):,} strings "
            f"({acted:,} of them changed or "
            "flagged by textmend): " + "; ".join(f"{n:,} {w}" for w, n in why.most_common())
        )
    print()
    return {
        "status": "measured",
        "note": loaded.note,
        "strings_total": total,
        "strings_measured": kept,
        "sampled": kept < total,
        "seconds": round(seconds, 1),
        "totals": dataclasses.asdict(overall),
        "damaged_in_source": dict(why),
        "rules": dict(codes),
        "languages": sorted(languages),
        "locales": {lang: dataclasses.asdict(t) for lang, t in sorted(per_lang.items())},
        "examples": ["\n".join(lines) for lines in examples],
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    chosen = [s for s in SOURCES if args.sources == "all" or s.name in args.sources.split(",")]
    import textmend

    print(
        f"textmend {textmend.__version__}, {args.api} API, default options, "
        f"{args.jobs} worker{'s' if args.jobs > 1 else ''}, at most {args.limit:,} strings per source\n"
    )
    start = time.perf_counter()
    pool = ProcessPoolExecutor(max_workers=args.jobs) if args.jobs > 1 else None
    try:
        report = {s.name: measure(s, args, pool) for s in chosen}
    finally:
        if pool:
            pool.shutdown()
    cpu = sum(os.times()[:4])  # this process and its (now ended) workers
    measured = [r for r in report.values() if r["status"] == "measured"]
    t = Tally(**{k: sum(r["totals"][k] for r in measured) for k in dataclasses.asdict(Tally())})
    langs = set().union(*(r["languages"] for r in measured)) if measured else set()
    print(
        f"all: {t.strings:,} strings in {len(langs)} languages, {t.strings_changed:,} changed, "
        f"{t.string_findings:,} with findings; {t.documents:,} documents, {t.documents_changed:,} changed, "
        f"{t.document_findings:,} with findings; {t.errors} errors; {time.perf_counter() - start:.0f} s "
        f"({cpu:.0f} s of CPU)"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "textmend": textmend.__version__,
                    "api": args.api,
                    "limit": args.limit,
                    "totals": dataclasses.asdict(t),
                    "languages": len(langs),
                    "sources": report,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
