"""What the decoder gives: the text, the `Detection`, and the decode's changes and findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..result import Change, Detection, Finding


@dataclass
class Decoded:
    """The decoded text and what the decoder learned and did."""

    text: str
    detection: Detection
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
