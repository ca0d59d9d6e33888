"""Whole-file detection of legacy encodings with chardet, checked by actually decoding.

chardet ranks candidates by statistics; an answer that does not decode the whole file is
useless, so each candidate is tried strictly in chardet's order and the first one that
decodes wins. GB2312 and GBK answers become GB18030, their superset (a GB2312 label on a file
with one GBK-only character would otherwise fail). chardet's own "preferred superset" option is
not used: it also swaps ISO-8859-5 for windows-1251, which is not a superset but another layout.
"""

from __future__ import annotations

import chardet

from ..options import canonical_encoding

#: chardet reads at most this much of a file; the decode that follows checks all of it.
SAMPLE_BYTES = 200_000


def candidates(data: bytes) -> list[tuple[str, float]]:
    """chardet's candidates for `data` as ``(codec, confidence)``, best first, without repeats."""
    seen: dict[str, float] = {}
    for r in chardet.detect_all(data, max_bytes=SAMPLE_BYTES, ignore_threshold=True):
        name = r.get("encoding")
        if not name:
            continue
        try:
            codec = canonical_encoding(name)
        except ValueError:
            continue
        seen.setdefault(codec, float(r.get("confidence") or 0.0))
    return list(seen.items())


def detect_legacy(data: bytes) -> tuple[str, float] | None:
    """The first chardet candidate that decodes all of `data` strictly, or ``None``."""
    for codec, confidence in candidates(data):
        if codec in ("utf-8", "ascii"):
            continue
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec, confidence
    return None
