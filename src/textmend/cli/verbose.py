"""``-v/--verbose``: per file, which encoding was chosen and why, and which configuration applied."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Settings
    from ..io.files import Target
    from ..result import Detection, Repair


def why(detection: Detection, settings: Settings, target: Target) -> str:
    """The reason for the encoding `detection` names, as a person would ask for it."""
    enc = detection.encoding
    if detection.bom:
        return f"a {detection.bom} byte-order mark"
    if settings.options.encoding is not None and enc == settings.options.encoding:
        return "--encoding"
    hint = settings.hint(target)
    if hint is not None and enc == hint:
        return f"an encoding hint in {settings.source or 'the configuration'}"
    if enc == "ascii":
        return "every byte is ASCII"
    if enc == "utf-8":
        return "the bytes are valid UTF-8"
    if detection.mixed:
        return "no one encoding reads every line; each segment is the encoding that reads it"
    return (
        f"not UTF-8; the detector's best reading (confidence {detection.confidence:.2f}), "
        "checked by encoding the text back to the same bytes"
    )


def describe(target: Target, repair: Repair, settings: Settings) -> list[str]:
    """The verbose lines for one repaired file."""
    from ..report.text import describe_detection
    from .output import safe

    name = safe(target.display)
    lines = []
    d = repair.detection
    if d is not None:
        lines.append(f"{name}: encoding {describe_detection(d)}: {why(d, settings, target)}")
        if repair.output_encoding not in (None, "utf-8"):
            lines.append(f"{name}: written back as {repair.output_encoding} (its conversion rule is off)")
    source = settings.source
    lines.append(
        f"{name}: configuration {safe(str(source)) if source else 'none (defaults)'}"
        + (f", ignoring {', '.join(settings.options.ignore)}" if settings.options.ignore else "")
    )
    return lines
