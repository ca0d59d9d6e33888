"""Options: the one place that says which repairs run and how, shared by library and CLI."""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import OptionError
from .rules import enabled_codes

#: Values of ``script``: leave the script alone, repair mixed documents, or convert to a target.
SCRIPTS: tuple[str, ...] = ("keep", "auto", "hans", "hant", "tw", "hk")


def canonical_encoding(name: str) -> str:
    """Python's canonical codec name for `name` (``"GB2312"`` -> ``"gb18030"``, its superset).

    Raises `OptionError` for a name Python does not know.
    """
    try:
        canon = codecs.lookup(name).name
    except LookupError:
        raise OptionError(f"unknown encoding {name!r}") from None
    if canon in ("gb2312", "gbk"):
        return "gb18030"
    return canon


def _codes(name: str, value: object) -> tuple[str, ...]:
    """`value` as a tuple of rule codes; TypeError, naming the parameter, for anything else.

    A lone string is refused rather than read as a list of its letters (``select='TM2'``
    would otherwise select T, M and 2).
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"{name} takes a list of rule codes, not a {type(value).__name__} (write {name}=[{value!r}])"
        )
    if not isinstance(value, Iterable):
        raise TypeError(f"{name} takes a list of rule codes, not {type(value).__name__}")
    try:
        codes: tuple[object, ...] = tuple(value)
    except TypeError:
        raise TypeError(f"{name} takes a list of rule codes, not {type(value).__name__}") from None
    for c in codes:
        if not isinstance(c, str):
            raise TypeError(f"{name}: rule codes are str, not {type(c).__name__} ({c!r})")
    return tuple(str(c) for c in codes)


@dataclass(frozen=True)
class Options:
    """How to repair: the target script, a forced source encoding, and the rules that are on."""

    script: str = "auto"
    encoding: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    codes: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    #: an encoding for a file that is not Unicode, instead of detection (a configuration hint)
    hint: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.script, str):
            raise TypeError(
                f"script takes a str (one of {', '.join(SCRIPTS)}), not {type(self.script).__name__}"
            )
        if self.encoding is not None and not isinstance(self.encoding, str):
            raise TypeError(
                f"encoding takes a str (an encoding name) or None, not {type(self.encoding).__name__}"
            )
        if self.select is not None:
            object.__setattr__(self, "select", _codes("select", self.select))
        object.__setattr__(self, "ignore", _codes("ignore", self.ignore))
        if self.script not in SCRIPTS:
            raise OptionError(f"unknown script {self.script!r}: expected one of {', '.join(SCRIPTS)}")
        if self.encoding is not None:
            object.__setattr__(self, "encoding", canonical_encoding(self.encoding))
        if self.hint is not None:
            object.__setattr__(self, "hint", canonical_encoding(self.hint))
        try:
            codes = enabled_codes(self.select, self.ignore)
        except ValueError as exc:
            raise OptionError(str(exc)) from None
        object.__setattr__(self, "codes", codes)

    @classmethod
    def make(
        cls,
        script: str = "auto",
        encoding: str | None = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
    ) -> Options:
        """Options from the arguments of the library and the CLI, checked.

        An empty `select` is an error: it would turn every rule off without a word (leave it
        out, ``None``, for the default rules). Wrong types are a TypeError naming the argument.
        """
        sel = _codes("select", select) if select is not None else None
        if sel is not None and not [c for c in sel if c.strip()]:
            raise OptionError(
                "select is empty: no rule would run; give rule codes or prefixes "
                "(e.g. TM2), or leave it out for the default rules"
            )
        return cls(script, encoding, sel, _codes("ignore", ignore))

    def enabled(self, code: str) -> bool:
        """Whether the rule `code` may be applied (or reported, for finding rules)."""
        return code in self.codes
