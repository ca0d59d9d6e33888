#!/usr/bin/env python3
"""Build ``zh_script.txt``: which Han characters tell Simplified from Traditional, from OpenCC.

The script detector (`textmend.zh.detect`) needs to know, for each character, whether only
Simplified Chinese uses it, only Traditional Chinese uses it, or both do (后 里 面 干 台 只 系
着 么 ...). A hand list would be wrong in hundreds of places; OpenCC's character tables say it:

- ``STCharacters`` maps each Simplified character to its Traditional forms (``后	後 后``). A
  character whose forms never include itself (``发	發 髮``) is written differently in
  Traditional text: Simplified-only, *unless* Traditional text also uses it, which the other
  tables show: it is a key of ``TSCharacters`` (``么	么 幺``), a Traditional form in
  ``STCharacters`` itself, or a form the regional tables produce (``TWVariants`` turns 牀 into
  床, ``HKVariants`` 溫 into 温: Taiwan and Hong Kong write them).
- ``TSCharacters`` likewise gives the Traditional-only characters: keys whose Simplified forms
  never include themselves, minus keys of ``STCharacters`` and Simplified forms.
- ``TWVariants`` / ``HKVariants`` give the regional forms (為 for OpenCC's 爲, 裡 for 裏, 綫 for
  線): those used by one region only are the evidence `--script` uses to tell a Taiwan text from
  a Hong Kong one (``tw``, ``hk``), those both use (``twhk``) and the OpenCC forms they replace
  (``std``) tell a regional text from OpenCC-standard Traditional.

The tables are read from a folder of OpenCC's text dictionaries (``data/dictionary`` in its
source; ``pip download opencc --no-binary :all:`` gives it), or, by default, from the binary
``.ocd2`` files of the installed ``opencc`` package through the ``opencc_dict`` tool it ships.

    PYTHONPATH=src python src/textmend/data/build_zh_script.py [--dictionaries DIR] [--out FILE]

It also builds ``zh_t2s_phrases.txt``: the Simplified phrases that OpenCC's ``t2s`` does not
give back after ``s2t`` (想象 -> 想像 -> 想像; 背我 -> 揹我 -> 揹我). ``STPhrases`` says which
Simplified phrase a Traditional one comes from; the entries kept are those where ``t2s`` of
the Traditional phrase differs from the Simplified one, ``s2t`` of the Simplified phrase gives
the Traditional one, the Simplified phrase is itself clean Simplified (``t2s`` leaves it), no
other Simplified phrase claims the same Traditional one, and ``TSPhrases`` does not decide
otherwise: 楊甦棣 -> 杨甦棣 and 慰藉 -> 慰藉 are there on purpose, so 杨苏棣 and 慰借 are not
restored, while 想像 -> 想像 想象 lists 想象 as a Simplified form, which is. Last, the phrase must
be commoner in Simplified writing than t2s's own reading (wordfreq): 万馀 is not restored over
万余, since s2t gives 萬餘 for both. ``--script hans`` uses them to
write the Simplified a Simplified writer would have written.

And ``zh_common_forms.txt``: the Traditional forms OpenCC gives the common characters of the
legacy CJK standards (`textmend.text.charmodel.tier_sets`: GB2312 level 1, Big5's frequent
block...), in ``STCharacters`` and, of those, in ``TWVariants`` and ``HKVariants``, that are not
common themselves (面 -> 麪, which ``s2t`` writes in 麪館; 着 -> 著). A common character's
Traditional form is as common in Traditional text as it is in Simplified text, so the CJK
fixer's screen counts these as characters of clean text (`textmend.mojibake.screen`): clean
Traditional text converted by OpenCC is full of them.

The outputs are small (about 7,000 characters and 80 phrases) and committed with this
script; rebuild them when OpenCC's tables change.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

TABLES = ("STCharacters", "TSCharacters", "TWVariants", "HKVariants", "STPhrases", "TSPhrases")
OUT = Path(__file__).with_name("zh_script.txt")
PHRASES_OUT = Path(__file__).with_name("zh_t2s_phrases.txt")
FORMS_OUT = Path(__file__).with_name("zh_common_forms.txt")


def parse(text: str) -> dict[str, list[str]]:
    """An OpenCC text dictionary (``key<TAB>value value ...``, ``#`` comments) as a dict."""
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        table[key] = values.split()
    return table


def from_text_dir(folder: Path) -> dict[str, dict[str, list[str]]]:
    """The tables from OpenCC's source dictionaries (``STCharacters.txt`` ...)."""
    return {name: parse((folder / f"{name}.txt").read_text(encoding="utf-8")) for name in TABLES}


def from_installed() -> tuple[dict[str, dict[str, list[str]]], str]:
    """The tables from the installed ``opencc`` package, dumped with its ``opencc_dict`` tool."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    tool = clib / "bin" / "opencc_dict"
    share = clib / "share" / "opencc"
    tables = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in TABLES:
            out = Path(tmp) / f"{name}.txt"
            subprocess.run(
                [str(tool), "-i", str(share / f"{name}.ocd2"), "-o", str(out), "-f", "ocd2", "-t", "text"],
                check=True,
                capture_output=True,
            )
            tables[name] = parse(out.read_text(encoding="utf-8"))
    try:
        from importlib.metadata import version

        source = f"opencc {version('opencc')} (installed .ocd2 tables)"
    except Exception:  # noqa: BLE001 - only for the header line
        source = "opencc (installed .ocd2 tables)"
    return tables, source


def derive(tables: dict[str, dict[str, list[str]]]) -> dict[str, set[str]]:
    """The character sets, as explained in the module docstring."""
    st, ts = tables["STCharacters"], tables["TSCharacters"]
    tw, hk = tables["TWVariants"], tables["HKVariants"]
    st_values = {c for vs in st.values() for c in vs}
    ts_values = {c for vs in ts.values() for c in vs}

    def forms(table: dict[str, list[str]]) -> set[str]:
        return {c for k, vs in table.items() for c in vs if c != k}

    regional = forms(tw) | forms(hk)
    hans = {k for k, vs in st.items() if len(k) == 1 and k not in vs} - set(ts) - st_values - regional
    hant = {k for k, vs in ts.items() if len(k) == 1 and k not in vs} - set(st) - ts_values

    def evidence(chars: set[str]) -> set[str]:
        # a regional form counts only if it is a known Traditional character that neither
        # OpenCC's standard Traditional nor Simplified text uses (著 and 温 do not count)
        return {c for c in chars if c in ts and c not in st_values and c not in st}

    tw_ev, hk_ev = evidence(forms(tw)), evidence(forms(hk))
    std = {k for k in set(tw) & set(hk) if len(k) == 1 and k in hant and k not in forms(tw) | forms(hk)}
    return {
        "hans": hans,
        "hant": hant,
        "tw": tw_ev - hk_ev,
        "hk": hk_ev - tw_ev,
        "twhk": tw_ev & hk_ev,
        "std": std,
    }


def common_forms(tables: dict[str, dict[str, list[str]]], common: frozenset[str]) -> set[str]:
    """The Traditional forms of the `common` characters that are not common themselves (see the
    module docstring): their ``STCharacters`` forms, and the regional variants of those."""
    forms = {v for k, vs in tables["STCharacters"].items() if k in common for v in vs if len(v) == 1}
    forms |= {c for c in common if len(c) == 1}
    for name in ("TWVariants", "HKVariants"):
        forms |= {v for k, vs in tables[name].items() if k in forms for v in vs if len(v) == 1}
    return forms - common


def render_forms(forms: set[str], source: str) -> str:
    return (
        "# The Traditional forms of the common characters of the legacy CJK standards that are not\n"
        f"# common themselves; built by build_zh_script.py from {source}, do not edit.\n"
        f"{''.join(sorted(forms))}\n"
    )


def reverse_phrases(st_phrases: dict[str, list[str]], ts_phrases: dict[str, list[str]]) -> dict[str, str]:
    """Traditional phrase -> the Simplified phrase t2s does not give back (see the docstring)."""
    import opencc

    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    out: dict[str, str] = {}
    ambiguous: set[str] = set()
    for simp, trads in st_phrases.items():
        trad = trads[0]
        if t2s.convert(trad) == simp or s2t.convert(simp) != trad or t2s.convert(simp) != simp:
            continue
        if trad in ts_phrases and simp not in ts_phrases[trad]:
            continue
        if trad in out and out[trad] != simp:
            ambiguous.add(trad)
        out[trad] = simp
    return {t: s for t, s in sorted(out.items()) if t not in ambiguous and _more_written(s, t2s.convert(t))}


def _more_written(simp: str, given: str) -> bool:
    """Whether Simplified writers write `simp` more often than `given`, t2s's own reading of the
    same Traditional phrase (wordfreq's Chinese frequencies). Both turn into that phrase under
    ``s2t`` (万馀 and 万余 are both 萬餘), so the bytes do not say which the writer had, and
    OpenCC's answer stands unless the other is the commoner word (想象 against 想像)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(simp, "zh") > zipf_frequency(given, "zh")


def render_phrases(phrases: dict[str, str], source: str) -> str:
    lines = [
        "# Traditional phrase<TAB>the Simplified phrase it comes from, which OpenCC t2s does not give back;",
        f"# built by build_zh_script.py from {source}, do not edit.",
    ]
    lines += [f"{t}\t{s}" for t, s in phrases.items()]
    return "\n".join(lines) + "\n"


def render(sets: dict[str, set[str]], source: str) -> str:
    lines = [
        "# Han characters that tell Chinese scripts apart; built by build_zh_script.py, do not edit.",
        f"# Source: {source}.",
        "# hans: Simplified only; hant: Traditional only; tw / hk: regional forms of one region only;",
        "# twhk: regional forms both use; std: OpenCC-standard forms both regions replace.",
    ]
    for name in ("hans", "hant", "tw", "hk", "twhk", "std"):
        lines.append(f"{name}\t{''.join(sorted(sets[name]))}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dictionaries", type=Path, help="folder with OpenCC's STCharacters.txt etc.")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--phrases-out", type=Path, default=PHRASES_OUT)
    ap.add_argument("--forms-out", type=Path, default=FORMS_OUT)
    args = ap.parse_args(argv)
    if args.dictionaries:
        tables, source = from_text_dir(args.dictionaries), f"OpenCC dictionaries in {args.dictionaries.name}"
    else:
        tables, source = from_installed()
    sets = derive(tables)
    args.out.write_text(render(sets, source), encoding="utf-8")
    print(", ".join(f"{k} {len(v)}" for k, v in sets.items()), "->", args.out)
    phrases = reverse_phrases(tables["STPhrases"], tables["TSPhrases"])
    args.phrases_out.write_text(render_phrases(phrases, source), encoding="utf-8")
    print(f"{len(phrases)} phrases -> {args.phrases_out}")
    from textmend.text.charmodel import tier_sets

    forms = common_forms(tables, tier_sets()[0])
    args.forms_out.write_text(render_forms(forms, source), encoding="utf-8")
    print(f"{len(forms)} forms of common characters -> {args.forms_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
