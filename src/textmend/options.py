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
        return cls(script, encoding, tuple(select) if select is not None else None, tuple(ignore))

    def enabled(self, code: str) -> bool:
        """Whether the rule `code` may be applied (or reported, for finding rules)."""
        return code in self.codes
