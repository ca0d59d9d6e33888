"""textmend: repair broken text.

Wrong and mixed encodings, Latin and CJK mojibake, characters lost to ``?`` or U+FFFD, and
Chinese script damage are detected, repaired where the repair is clearly right, explained
change by change, and reported where they are not.

>>> import textmend
>>> r = textmend.repair_text("CafÃ© au lait")
>>> r.text
'Café au lait'
>>> [(c.code, c.line, c.col) for c in r.changes]
[('TM201', 1, 4)]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from . import pipeline
from ._version import __version__
from .decode import decode_bytes
from .errors import BinaryInputError, DecodeError, OptionError, TextmendError
from .options import Options
from .result import Change, Detection, Finding, Repair, Segment
from .zh.detect import detect_script

__all__ = [
    "BinaryInputError",
    "Change",
    "DecodeError",
    "Detection",
    "Finding",
    "OptionError",
    "Options",
    "Repair",
    "Segment",
    "TextmendError",
    "__version__",
    "detect",
    "repair_bytes",
    "repair_text",
]


def repair_bytes(
    data: bytes,
    *,
    script: str = "auto",
    encoding: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
) -> Repair:
    """Decode `data` (detecting its encoding unless `encoding` is given) and repair it.

    `script` is one of keep, auto, hans, hant, tw, hk. `select`/`ignore` take rule codes or
    prefixes (see `textmend.rules`). Raises `TextmendError` for binary input, an unknown option
    or a forced encoding that does not decode the bytes.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"repair_bytes() takes bytes, not {type(data).__name__}: use repair_text() for str")
    return pipeline.repair_bytes(bytes(data), Options.make(script, encoding, select, ignore))


def repair_text(
    text: str,
    *,
    script: str = "auto",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
) -> Repair:
    """Repair an already decoded string; see `repair_bytes` for the options."""
    if not isinstance(text, str):
        raise TypeError(f"repair_text() takes str, not {type(text).__name__}: use repair_bytes() for bytes")
    return pipeline.repair_text(text, Options.make(script, None, select, ignore))


def detect(data: bytes) -> Detection:
    """What `data` is: its encoding, the confidence, (for mixed files) its segments, and its
    Chinese script: ``hans``, ``hant``, ``mixed`` or ``none`` (see `textmend.zh.detect`)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"detect() takes bytes, not {type(data).__name__}")
    decoded = decode_bytes(bytes(data))
    det = decoded.detection
    return dataclasses.replace(det, script=detect_script(decoded.text, det.encodings))
