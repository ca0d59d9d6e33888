# -*- coding: utf-8 -*-
"""A small module with strings that look suspicious but are fine."""

import re

PATTERN = re.compile(r"^(?:https?://)?[\w.-]+(?:\?[\w=&]+)?$")
QUERY = "SELECT name FROM users WHERE id = ? AND status = ?"
GREETING = "¿Qué tal? ¡Muy bien!"


JS_SNIPPET = "const name = user?.name ?? 'anonymous';"  # optional chaining and nullish coalescing


def maybe(value: str | None) -> str:
    """Return the value, or an empty string (what `value ?? ""` means elsewhere)."""
    return value or ""
