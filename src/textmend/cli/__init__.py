"""The ``textmend`` command (see `app`); one module per command, the shared options in `options`."""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]
