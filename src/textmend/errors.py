"""The one exception family textmend raises on bad input, so callers can catch it in one place."""

from __future__ import annotations


class TextmendError(Exception):
    """Base of every error textmend raises on purpose (bad input, bad options, unsafe decode)."""


class OptionError(TextmendError, ValueError):
    """An option has a value textmend does not know (a script, an encoding name, a rule code)."""


class BinaryInputError(TextmendError):
    """The input is binary data, not text: textmend will not rewrite it."""


class DecodeError(TextmendError):
    """The bytes cannot be decoded safely with the encoding asked for or detected."""
