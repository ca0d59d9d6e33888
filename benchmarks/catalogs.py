"""textmend on text it has never seen: the translation catalogs of the machine it runs on.

A Linux system ships thousands of gettext catalogs (``/usr/share/locale/*/LC_MESSAGES/*.mo``)
in a hundred languages and every script: clean UTF-8 text written by people, none of it in
textmend's tests or data. This script uses them two ways:

- **do no harm**: each catalog's messages, joined into one document, go through
  ``repair_text``; every change is listed, so that a person can tell real damage in a
  catalog (there is some: ``geÃ¯nstalleerd``) from harm done to clean text;
- **repair**: messages of the Latin-script languages, damaged the common ways (UTF-8 read as
  windows-1252, latin-1 and Mac Roman, one message at a time), are repaired by textmend and
  by ``ftfy.fix_encoding``; the share each gives back exactly is printed side by side.

    python benchmarks/catalogs.py [--root /usr/share/locale] [--per-language 150] [--seed 5]

Exit status 0; nothing is written. Without catalogs on the machine it says so and stops.
"""

from __future__ import annotations

import argparse
import gettext
import random
import sys
import time
from collections import Counter
from pathlib import Path

import ftfy

import textmend

LATIN = (
    "fr",
    "de",
    "es",
    "pl",
    "cs",
    "tr",
    "vi",
    "pt_BR",
    "hu",
    "ro",
    "sk",
    "hr",
    "lt",
    "lv",
    "is",
    "da",
    "sv",
    "ca",
    "it",
    "nl",
    "fi",
    "et",
    "sl",
)
SHOWN = ("cp1252", "latin-1", "mac_roman")


def catalog(path: Path) -> list[str]:
    """The translated messages of one catalog (empty if it cannot be read)."""
    try:
        with path.open("rb") as f:
            return [v for v in gettext.GNUTranslations(f)._catalog.values() if isinstance(v, str)]
    except (OSError, UnicodeDecodeError, ValueError, IndexError):  # a malformed header
        return []


def no_harm(root: Path) -> None:
    paths = sorted(root.glob("*/LC_MESSAGES/*.mo"))
    start = time.perf_counter()
    docs = changed = 0
    codes: Counter[str] = Counter()
    for path in paths:
        doc = "\n".join(catalog(path))
        if doc.isascii():
            continue
        docs += 1
        r = textmend.repair_text(doc)
        if r.changes:
            changed += 1
            codes.update(c.code for c in r.changes)
            first = r.changes[0]
            print(
                f"  {path.relative_to(root)}: {len(r.changes)} changes, first {first.code} "
                f"{first.before[:30]!r} -> {first.after[:30]!r}"
            )
    print(
        f"do no harm: {docs} catalogs, {changed} changed ({dict(codes)}), {time.perf_counter() - start:.0f} s"
    )


def repair(root: Path, per_language: int, seed: int) -> None:
    rng = random.Random(seed)
    total: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    for lang in LATIN:
        messages = [
            m
            for p in sorted((root / lang / "LC_MESSAGES").glob("*.mo"))
            for m in catalog(p)
            if 15 <= len(m) <= 300 and not m.isascii()
        ]
        rng.shuffle(messages)
        for m in messages[:per_language]:
            for shown in SHOWN:
                try:
                    broken = m.encode("utf-8").decode(shown)
                except UnicodeDecodeError:
                    continue
                total[shown] += 1
                ours[shown] += textmend.repair_text(broken).text == m
                theirs[shown] += ftfy.fix_encoding(broken) == m
    print("repair, one message at a time (exact):")
    for shown in SHOWN:
        n = total[shown]
        if n:
            print(
                f"  utf-8 read as {shown:10} {n:6} messages   textmend {ours[shown] / n:6.1%}   "
                f"ftfy.fix_encoding {theirs[shown] / n:6.1%}"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path("/usr/share/locale"))
    ap.add_argument("--per-language", type=int, default=150)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    if not any(args.root.glob("*/LC_MESSAGES/*.mo")):
        print(f"no gettext catalogs under {args.root}: nothing to measure")
        return 0
    repair(args.root, args.per_language, args.seed)
    no_harm(args.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
