#!/usr/bin/env python3
"""Write the legacy-encoded and damaged samples from the clean UTF-8 ones in samples/clean/.

The legacy files are the clean texts in the encoding a program of their language would have
used; a repair must turn each back into its clean counterpart, byte for byte. Run from the
repository root: ``python samples/make_samples.py``. The output is committed; this script is
how it was made.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
CLEAN = HERE / "clean"
LEGACY = HERE / "legacy"

#: legacy sample name -> (clean source, encoding it is written in)
LEGACY_FILES: dict[str, tuple[str, str]] = {
    "zh-hans.gbk.txt": ("zh-hans.txt", "gbk"),
    "zh-hant.big5.txt": ("zh-hant.txt", "big5"),
    "ja.shift_jis.txt": ("ja.txt", "shift_jis"),
    "ja.euc_jp.txt": ("ja.txt", "euc_jp"),
    "ko.euc_kr.txt": ("ko.txt", "euc_kr"),
    "ru.cp1251.txt": ("ru.txt", "cp1251"),
    "fr.cp1252.txt": ("fr.txt", "cp1252"),
}


def latin_mojibake(text: str) -> str:
    """UTF-8 read as windows-1252, as browsers do it: the five bytes cp1252 leaves undefined
    (81 8D 8F 90 9D) become the C1 controls of the same number instead of being lost."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def main() -> None:
    LEGACY.mkdir(exist_ok=True)
    for name, (source, encoding) in LEGACY_FILES.items():
        text = (CLEAN / source).read_text(encoding="utf-8")
        (LEGACY / name).write_bytes(text.encode(encoding))
    cafe = (CLEAN / "latin-quotes.txt").read_text(encoding="utf-8")
    (HERE / "latin-mojibake.txt").write_text(latin_mojibake(cafe), encoding="utf-8")
    (HERE / "bom.txt").write_bytes(b"\xef\xbb\xbf" + "name,city\nJosé,Zürich\n".encode())


if __name__ == "__main__":
    main()
