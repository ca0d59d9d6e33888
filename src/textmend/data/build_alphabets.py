#!/usr/bin/env python3
"""Build ``alphabets.tsv.gz``: the letters, auxiliary letters and punctuation of every CLDR locale.

A repair engine that knows only the languages in its tests takes a language it does not know
for damage: Maltese ``ħ``, Esperanto ``ŝ`` or Ewe ``ƒ`` look rare, and a rare reading looks
like mojibake. CLDR, the Unicode Consortium's locale data, lists for each of its locales the
characters its text is written with (its *exemplar characters*): the main letters, the
auxiliary letters of loan words and names, the index letters (the headings of a sorted list)
and the punctuation. This script reads them and writes one line per locale that has exemplars
of its own (``mt``, ``sr_Latn``, ``de_CH``; a locale that only inherits its parent's is left
out), tab-separated:

    locale  scripts  letters  auxiliary  index  punctuation

- ``scripts``: the locale's ISO 15924 script (its script subtag, else CLDR's likely subtags),
  with Japanese ``Jpan`` and Korean ``Kore`` written out as the scripts they combine;
- ``letters``: the main exemplars, in both cases, and the index letters that neither the
  cases nor the auxiliary set give (Turkish ``İ``);
- ``auxiliary``, ``index``, ``punctuation``: as CLDR has them (the first in both cases);
- each column is its items separated by single spaces: an item is one character or, where
  CLDR lists one (``{għ}``, ``{ɛ́}``), a multi-character sequence. A space, a tab or a
  backslash inside an item is written ``\\uXXXX``.

CLDR writes the sets in ICU's UnicodeSet syntax: ``[a à b c-e {għ} \\u0301 \\- \\[]``, whose
ranges, ``{sequences}`` and escapes are expanded here. A locale without its own main, auxiliary,
index or punctuation set takes its parent's (CLDR's parentLocales, else the locale less its last
subtag), as CLDR itself resolves them.

Two readers of the same data, for whichever is installable:

- npm's ``cldr-misc-full`` and ``cldr-core`` (JSON, resolved; the newer CLDR). The shipped
  file is built from these, CLDR 48.2.0::

      npm install --prefix /tmp/cldr cldr-misc-full@48 cldr-core@48
      python src/textmend/data/build_alphabets.py --npm /tmp/cldr/node_modules

- Debian's ``unicode-cldr-core`` (XML, unresolved; CLDR 41 in Debian 12)::

      apt-get install unicode-cldr-core
      python src/textmend/data/build_alphabets.py --xml /usr/share/unicode/cldr/common

The output is deterministic for a given CLDR release. CLDR's data is under the Unicode
License v3 (https://www.unicode.org/license.txt), which lets it be copied and modified with
its copyright and permission notice: the notice is written into the header of the file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

OUT = Path(__file__).with_name("alphabets.tsv.gz")

#: The exemplar sets written, by their CLDR type ("" is the main set).
KINDS = ("", "auxiliary", "index", "punctuation")

#: ISO 15924 codes that stand for several scripts written together.
COMBINED_SCRIPTS = {"Jpan": ("Hani", "Hira", "Kana"), "Kore": ("Hang", "Hani"), "Hanb": ("Hani", "Bopo")}

#: The licence, when the source does not ship its own text of it (npm's packages do).
LICENSE = """\
UNICODE LICENSE V3

COPYRIGHT AND PERMISSION NOTICE

Copyright © 2004-2026 Unicode, Inc.

NOTICE TO USER: Carefully read the following legal agreement. BY DOWNLOADING, INSTALLING,
COPYING OR OTHERWISE USING DATA FILES, AND/OR SOFTWARE, YOU UNEQUIVOCALLY ACCEPT, AND AGREE
TO BE BOUND BY, ALL OF THE TERMS AND CONDITIONS OF THIS AGREEMENT. IF YOU DO NOT AGREE, DO
NOT DOWNLOAD, INSTALL, COPY, DISTRIBUTE OR USE THE DATA FILES OR SOFTWARE.

Permission is hereby granted, free of charge, to any person obtaining a copy of data files
and any associated documentation (the "Data Files") or software and any associated
documentation (the "Software") to deal in the Data Files or Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
and/or sell copies of the Data Files or Software, and to permit persons to whom the Data
Files or Software are furnished to do so, provided that either (a) this copyright and
permission notice appear with all copies of the Data Files or Software, or (b) this
copyright and permission notice appear in associated Documentation.

THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
PARTICULAR PURPOSE AND NONINFRINGEMENT OF THIRD PARTY RIGHTS.

IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS NOTICE BE LIABLE FOR ANY
CLAIM, OR ANY SPECIAL INDIRECT OR CONSEQUENTIAL DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING
FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THE DATA
FILES OR SOFTWARE.

Except as contained in this notice, the name of a copyright holder shall not be used in
advertising or otherwise to promote the sale, use or other dealings in these Data Files or
Software without prior written authorization of the copyright holder.
"""


class UnicodeSetError(ValueError):
    """A UnicodeSet pattern this reader does not handle (nested sets, properties, negation)."""


def _escape(s: str, i: int) -> tuple[str, int]:
    """The character an escape starting at ``s[i] == '\\'`` stands for, and where it ends."""
    kind = s[i + 1]
    if kind == "u":
        return chr(int(s[i + 2 : i + 6], 16)), i + 6
    if kind == "U":
        return chr(int(s[i + 2 : i + 10], 16)), i + 10
    if kind == "x" and s[i + 2] == "{":
        end = s.index("}", i)
        return chr(int(s[i + 3 : end], 16)), end + 1
    if kind == "x":
        return chr(int(s[i + 2 : i + 4], 16)), i + 4
    if kind == "N" or kind == "p" or kind == "P":
        raise UnicodeSetError(f"\\{kind} in {s!r}")
    return kind, i + 2


def parse_unicodeset(pattern: str) -> list[str]:
    """The items of a flat CLDR UnicodeSet, in order: single characters and ``{sequences}``.

    >>> parse_unicodeset("[a à b-d {għ} \\\\u0301 \\\\- \\\\[]")
    ['a', 'à', 'b', 'c', 'd', 'għ', '\\u0301', '-', '[']
    >>> parse_unicodeset("[ゝヽ]")
    ['ゝ', 'ヽ']
    """
    s = pattern.strip()
    if not (s.startswith("[") and s.endswith("]")):
        raise UnicodeSetError(f"not a set: {pattern!r}")
    s = s[1:-1]
    if s.startswith("^") or "[" in s.replace("\\[", ""):
        raise UnicodeSetError(f"negated or nested set: {pattern!r}")
    items: list[str] = []
    i, pending_range = 0, False
    while i < len(s):
        c = s[i]
        if c.isspace():
            i += 1
            continue
        if c == "{":
            seq, i = [], i + 1
            while s[i] != "}":
                if s[i] == "\\":
                    ch, i = _escape(s, i)
                    seq.append(ch)
                else:
                    if not s[i].isspace():
                        seq.append(s[i])
                    i += 1
            items.append("".join(seq))
            i += 1
            continue
        if c == "-" and items and len(items[-1]) == 1 and s[i + 1 :].strip():
            pending_range = True
            i += 1
            continue
        if c == "\\":
            c, i = _escape(s, i)
        else:
            i += 1
        if pending_range:
            start = items[-1]
            items += [chr(o) for o in range(ord(start) + 1, ord(c) + 1)]
            pending_range = False
        else:
            items.append(c)
    if pending_range:
        items.append("-")
    return list(dict.fromkeys(items))


def both_cases(items: list[str]) -> list[str]:
    """The items with their other cases (lower, upper, title) where the case keeps the length:
    ``ß`` gets no ``SS``, ``dž`` gets ``DŽ`` and ``Dž``."""
    out: dict[str, None] = {}
    for item in items:
        out[item] = None
        for other in (item.lower(), item.upper(), item.title()):
            if len(other) == len(item) and unicodedata.normalize("NFC", other) == other:
                out[other] = None
    return list(out)


def is_letter_item(item: str) -> bool:
    """True for an item made of letters and marks (``{IE*}`` of an index is not)."""
    return all(unicodedata.category(c)[0] in "LM" or c in "\u200c\u200d" for c in item)


def encode_items(items: list[str]) -> str:
    """A column: the items, space-separated, with spaces, tabs and backslashes escaped."""

    def esc(item: str) -> str:
        return "".join(f"\\u{ord(c):04X}" if c.isspace() or c == "\\" else c for c in item)

    return " ".join(esc(item) for item in items)


# -- the two readers: each gives {locale: {kind: pattern}}, parents and likely scripts -------------


Read = tuple[dict[str, dict[str, str]], dict[str, str], dict[str, str], str, str]


def read_npm(root: Path) -> Read:
    """npm's cldr-misc-full (characters.json per locale) and cldr-core (the supplemental data)."""
    misc, core = root / "cldr-misc-full", root / "cldr-core"
    sets: dict[str, dict[str, str]] = {}
    for path in sorted((misc / "main").glob("*/characters.json")):
        data = json.loads(path.read_text(encoding="utf-8"))["main"]
        ((locale, body),) = data.items()
        chars = body["characters"]
        sets[locale.replace("-", "_")] = {
            kind: chars["exemplarCharacters" if kind == "" else kind]
            for kind in KINDS
            if chars.get("exemplarCharacters" if kind == "" else kind)
        }
    supplemental = core / "supplemental"
    parents = {
        k.replace("-", "_"): v.replace("-", "_")
        for k, v in json.loads((supplemental / "parentLocales.json").read_text())["supplemental"][
            "parentLocales"
        ]["parentLocale"].items()
    }
    likely = {
        k.replace("-", "_"): v.replace("-", "_")
        for k, v in json.loads((supplemental / "likelySubtags.json").read_text())["supplemental"][
            "likelySubtags"
        ].items()
    }
    version = json.loads((misc / "package.json").read_text())["version"]
    licence = (misc / "LICENSE").read_text(encoding="utf-8") if (misc / "LICENSE").exists() else LICENSE
    return sets, parents, likely, f"npm cldr-misc-full {version} (CLDR {version.split('.')[0]})", licence


def read_xml(root: Path) -> Read:
    """CLDR's XML (Debian's unicode-cldr-core: common/main/*.xml and common/supplemental)."""
    sets: dict[str, dict[str, str]] = {}
    for path in sorted((root / "main").glob("*.xml")):
        own: dict[str, str] = {}
        for el in ET.parse(path).iter("exemplarCharacters"):
            kind = el.get("type", "")
            if kind in KINDS and el.get("alt") is None and el.text:
                own[kind] = el.text
        sets[path.stem] = own
    parents: dict[str, str] = {}
    for el in ET.parse(root / "supplemental" / "supplementalData.xml").iter("parentLocale"):
        for locale in (el.get("locales") or "").split():
            parents[locale] = el.get("parent", "root")
    likely = {
        el.get("from", ""): el.get("to", "")
        for el in ET.parse(root / "supplemental" / "likelySubtags.xml").iter("likelySubtag")
    }
    dtd = (root / "dtd" / "ldml.dtd").read_text()
    version = re.search(r'cldrVersion CDATA #FIXED "([^"]+)"', dtd)
    return sets, parents, likely, f"unicode-cldr-core (CLDR {version.group(1) if version else '?'})", LICENSE


# -- resolving and writing ---------------------------------------------------------------------


def parent_of(locale: str, parents: dict[str, str]) -> str | None:
    """CLDR's parent of a locale: parentLocales, else the locale less its last subtag."""
    parent = parents.get(locale) or (locale.rsplit("_", 1)[0] if "_" in locale else "root")
    return None if parent == "root" else parent


def resolve(sets: dict[str, dict[str, str]], parents: dict[str, str]) -> dict[str, dict[str, str]]:
    """Every locale's four sets, each taken from the nearest ancestor that has it."""
    out: dict[str, dict[str, str]] = {}
    for locale in sets:
        resolved: dict[str, str] = {}
        cur: str | None = locale
        while cur is not None:
            for kind, pattern in sets.get(cur, {}).items():
                resolved.setdefault(kind, pattern)
            cur = parent_of(cur, parents)
        out[locale] = resolved
    return out


def scripts_of(locale: str, likely: dict[str, str]) -> tuple[str, ...]:
    """The ISO 15924 scripts a locale is written in: its own script subtag, else CLDR's likely one."""
    tags = locale.split("_")
    script = next((t for t in tags[1:] if len(t) == 4 and t.istitle()), None)
    if script is None:
        for key in ("_".join(tags[:2]), tags[0], f"und_{tags[-1]}"):
            full = likely.get(key)
            if full:
                script = next((t for t in full.split("_")[1:] if len(t) == 4 and t.istitle()), None)
                if script:
                    break
    if script is None:
        return ()
    return COMBINED_SCRIPTS.get(script, (script,))


def rows(
    sets: dict[str, dict[str, str]], parents: dict[str, str], likely: dict[str, str]
) -> Iterator[list[str]]:
    """One row per locale whose resolved exemplars are its own (differ from its parent's)."""
    resolved = resolve(sets, parents)
    for locale in sorted(resolved):
        mine = resolved[locale]
        parent = parent_of(locale, parents)
        if locale in ("root", "und") or "" not in mine or (parent in resolved and resolved[parent] == mine):
            continue
        parsed = {kind: parse_unicodeset(mine[kind]) if kind in mine else [] for kind in KINDS}
        if not parsed[""]:
            continue  # a locale CLDR has no letters for yet
        letters = both_cases(parsed[""])
        auxiliary = both_cases(parsed["auxiliary"])
        # an index heading that is a letter no case mapping gave (Turkish İ) is a letter too
        known = set(letters) | set(auxiliary)
        letters += [i for i in parsed["index"] if is_letter_item(i) and i not in known]
        yield [
            locale,
            " ".join(scripts_of(locale, likely)),
            encode_items(letters),
            encode_items(auxiliary),
            encode_items(parsed["index"]),
            encode_items(parsed["punctuation"]),
        ]


def build(
    sets: dict[str, dict[str, str]],
    parents: dict[str, str],
    likely: dict[str, str],
    source: str,
    licence: str = LICENSE,
) -> tuple[str, int]:
    """The whole file (the header: source, columns, licence; then the rows) and its number of rows."""
    body = ["\t".join(row) for row in rows(sets, parents, likely)]
    header = [
        "# The exemplar characters of every CLDR locale that has its own, for textmend's language model.",
        f"# Source: {source}. Built by src/textmend/data/build_alphabets.py; {len(body)} locales.",
        "# Columns (tab-separated): locale, scripts, letters (main, both cases), auxiliary (both cases),",
        "# index, punctuation; items are space-separated, a sequence is one item, "
        "\\uXXXX escapes a space or a",
        "# backslash.",
        "#",
        "# Unicode CLDR data, used under the Unicode License v3:",
        *("# " + line if line else "#" for line in licence.strip().splitlines()),
    ]
    return "\n".join(header + body) + "\n", len(body)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--npm", type=Path, help="a node_modules folder with cldr-misc-full and cldr-core")
    src.add_argument(
        "--xml", type=Path, help="CLDR's common/ folder (Debian: /usr/share/unicode/cldr/common)"
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    try:
        data = read_npm(args.npm) if args.npm else read_xml(args.xml)
    except (OSError, KeyError, ValueError, ET.ParseError) as e:
        print(f"build_alphabets: cannot read CLDR: {e}", file=sys.stderr)
        return 2
    text, count = build(*data)
    # mtime=0: the same data gives the same bytes
    args.out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(
        f"{args.out}: {count} locales from {data[3]}, "
        f"{len(text.encode()):,} bytes, {args.out.stat().st_size:,} compressed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
