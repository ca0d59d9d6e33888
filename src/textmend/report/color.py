"""Whether to print for a person (colour, tables, progress) or plain text for scripts.

Decided without importing rich, so that a plain run never pays for it. Plain text when
``--no-color`` is given, ``NO_COLOR`` is set (https://no-color.org, any non-empty value) or
``TERM=dumb``; colour when ``FORCE_COLOR`` is set to anything but ``0`` or empty (CI logs
and pagers that show colour: https://force-color.org), even into a pipe; otherwise colour
exactly when the stream is a terminal. ``--no-color`` and ``NO_COLOR`` win over ``FORCE_COLOR``.
"""

from __future__ import annotations

import os
from typing import IO


def forced() -> bool:
    """Whether ``FORCE_COLOR`` asks for colour."""
    return os.environ.get("FORCE_COLOR", "") not in ("", "0")


def wants_color(stream: IO[str] | None, no_color: bool = False) -> bool:
    """Whether to colour `stream` (see the module docstring for who wins)."""
    if no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb" or stream is None:
        return False
    if forced():
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
