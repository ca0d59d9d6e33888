#!/usr/bin/env python3
"""Build ``zh_t2s_tables.txt``: OpenCC's ``t2s`` config as two tables, for `textmend.zh.tables`.

``t2s`` (OpenCC 1.4) normalises the CJK compatibility ideographs (``CJK_Compatibility_Ideographs``)
and then converts with one group of dictionaries tried in order at each place of the text,
the first that has a key there winning with its longest key: ``TSPhrases``,
``TSCharactersExt``, ``TSCharacters``. The characters' dictionaries have single-character keys
only, so the conversion is a forward longest match of ``TSPhrases``'s keys of two or more
characters, every other character mapped alone by the first of the three dictionaries that
lists it (its first value, OpenCC's default). This script writes exactly that:

- ``char`` lines: each character the conversion maps to another (a single-character key of
  ``TSPhrases`` first, then ``TSCharactersExt``, then ``TSCharacters``);
- ``phrase`` lines: every key of ``TSPhrases`` of two or more characters, with its value,
  those that map to themselves too (慰藉 keeps 藉, which alone becomes 借);
- ``compat`` lines: the keys of the normalisation, which the fast path leaves to OpenCC.

The header records the OpenCC version the tables come from: `textmend.zh.tables` uses them only
with that version installed, and checks them against it once per process.

    PYTHONPATH=src python src/textmend/data/build_zh_t2s.py [--out FILE]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).with_name("zh_t2s_tables.txt")
DICTS = ("CJK_Compatibility_Ideographs", "TSPhrases", "TSCharactersExt", "TSCharacters")


def dump(name: str) -> dict[str, str]:
    """The installed OpenCC dictionary `name` as ``key -> first value`` (its ``opencc_dict`` tool)."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run(
            [
                str(clib / "bin" / "opencc_dict"),
                *("-i", str(clib / "share" / "opencc" / f"{name}.ocd2"), "-o", str(out)),
                *("-f", "ocd2", "-t", "text"),
            ],
            check=True,
            capture_output=True,
        )
        lines = out.read_text(encoding="utf-8").splitlines()
    table: dict[str, str] = {}
    for line in lines:
        if line and not line.startswith("#") and "\t" in line:
            key, values = line.split("\t", 1)
            table[key] = values.split(" ")[0]
    return table


def render(tables: dict[str, dict[str, str]], source: str) -> str:
    """The file's text from the dumped `tables` (see the module docstring)."""
    chars: dict[str, str] = {}
    for name in ("TSCharacters", "TSCharactersExt"):  # later names win: the group's order reversed
        assert all(len(k) == 1 for k in tables[name]), name
        chars.update(tables[name])
    chars.update({k: v for k, v in tables["TSPhrases"].items() if len(k) == 1})
    assert all(len(v) == 1 for v in chars.values())
    lines = [
        "# OpenCC's t2s as tables (textmend.zh.tables), built by build_zh_t2s.py, do not edit.",
        "# Data: OpenCC's TSPhrases, TSCharacters, TSCharactersExt and CJK_Compatibility_Ideographs",
        "# dictionaries (Apache License 2.0, https://github.com/BYVoid/OpenCC).",
        f"# opencc\t{source}",
    ]
    lines += [f"compat\t{k}\t{v}" for k, v in sorted(tables["CJK_Compatibility_Ideographs"].items())]
    lines += [f"char\t{k}\t{v}" for k, v in sorted(chars.items()) if k != v]
    lines += [f"phrase\t{k}\t{v}" for k, v in sorted(tables["TSPhrases"].items()) if len(k) > 1]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    text = render({name: dump(name) for name in DICTS}, version("opencc"))
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
