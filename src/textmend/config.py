"""Configuration: ``[tool.textmend]`` in pyproject.toml, merged with the command line.

textmend looks for the nearest ``pyproject.toml`` that has a ``[tool.textmend]`` table, from
the current folder upward (a pyproject.toml without the table is passed over, as ruff does)::

    [tool.textmend]
    script = "keep"                   # keep | auto | hans | hant | tw | hk
    select = ["TM1", "TM2"]           # rule codes or prefixes; default: every default rule
    ignore = ["TM701"]
    exclude = ["vendor", "tests/fixtures/**/*.txt"]

    [tool.textmend.encodings]         # encoding hints, by glob: first match wins
    "legacy/**/*.txt" = "gbk"
    "data/tw/*.csv" = "big5"

Globs are relative to the folder of that pyproject.toml and use ``/``. A glob without a slash
matches a name at any depth (``*.min.js``); ``*`` and ``?`` stay inside one folder, ``**``
crosses folders; a glob that matches a folder covers everything in it. ``exclude`` applies to
every file, also one named on the command line (pre-commit names files one by one).

An encoding hint is used instead of detection only for a file that is not already Unicode
(no byte-order mark, not valid UTF-8, not UTF-16/32): a file in a hinted folder that was
converted to UTF-8 already is never decoded as GBK again.

The command line wins: ``--script`` and ``--encoding`` replace the file's values (a forced
``--encoding`` also replaces every hint), ``--select`` replaces both ``select`` and ``ignore``
(as a later layer, it can turn on what the file ignores), and ``--ignore`` adds to ``ignore``.

A config that textmend cannot use is an error (exit 2) that names the file and the key:
``pyproject.toml: [tool.textmend] select: unknown rule code or prefix 'TM9'``.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .errors import OptionError
from .io.files import Problem, Target
from .options import SCRIPTS, Options, canonical_encoding
from .rules import check_patterns
from .runner import FileResult, repair_target

#: The keys ``[tool.textmend]`` may have.
KEYS: tuple[str, ...] = ("script", "select", "ignore", "exclude", "encodings")


class ConfigError(OptionError):
    """The configuration file cannot be used: bad TOML, an unknown key or a bad value."""


# --------------------------------------------------------------------------- globs


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A regex for a glob over ``/``-separated relative paths (see the module docstring).

    >>> bool(glob_regex("*.txt").fullmatch("docs/a.txt")), bool(glob_regex("/*.txt").fullmatch("docs/a.txt"))
    (True, False)
    >>> bool(glob_regex("legacy/**/*.txt").fullmatch("legacy/a/b/c.txt"))
    True
    """
    p = pattern.strip()
    anchored = p.startswith("/") or "/" in p.rstrip("/")
    p = p.strip("/")
    out: list[str] = []
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if p.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = p.find("]", i + 2 if p[i + 1 : i + 2] in ("!", "]") else i + 1)
            if j == -1:
                raise ValueError(f"unclosed '[' in glob {pattern!r}")
            body = p[i + 1 : j]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    return re.compile(body if anchored else f"(?:.*/)?{body}")


@dataclass(frozen=True)
class Glob:
    """A compiled glob, keeping the text the user wrote for messages."""

    pattern: str
    regex: re.Pattern[str]

    @classmethod
    def make(cls, pattern: str) -> Glob:
        return cls(pattern, glob_regex(pattern))

    def matches(self, relative: str) -> bool:
        """Whether `relative` (a ``/``-separated path) or one of its folders matches."""
        parts = relative.split("/")
        return any(self.regex.fullmatch("/".join(parts[:k])) for k in range(len(parts), 0, -1))


# --------------------------------------------------------------------------- the file


@dataclass(frozen=True)
class Config:
    """The values of one ``[tool.textmend]`` table (`None` where the file says nothing)."""

    path: Path | None = None
    script: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    exclude: tuple[Glob, ...] = ()
    encodings: tuple[tuple[Glob, str], ...] = ()

    @property
    def root(self) -> Path:
        """The folder globs are relative to: the config file's, or the working folder."""
        return self.path.parent if self.path is not None else Path.cwd()


def find(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml with a ``[tool.textmend]`` table, from `start` upward."""
    folder = (start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file() and "textmend" in _read(candidate).get("tool", {}):
            return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _strings(where: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {_kind(value)}")
    return value


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    if isinstance(value, list):
        return "a list with a value that is not a string" if value else "an empty list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def parse(table: Mapping[str, Any], path: Path | None = None) -> Config:
    """Check and convert a ``[tool.textmend]`` table; `ConfigError` names the first bad key."""
    prefix = f"{path}: [tool.textmend]" if path is not None else "[tool.textmend]"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{prefix}: expected a table, got {_kind(table)}")
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{prefix} unknown key {key!r} (known keys: {', '.join(KEYS)})")

    script = table.get("script")
    if script is not None and script not in SCRIPTS:
        raise ConfigError(f"{prefix} script: expected one of {', '.join(SCRIPTS)}, got {_kind(script)}")

    def codes(key: str) -> list[str]:
        values = _strings(f"{prefix} {key}", table[key])
        try:
            return check_patterns(values)
        except ValueError as exc:
            raise ConfigError(f"{prefix} {key}: {exc}") from None

    select = tuple(codes("select")) if "select" in table else None
    ignore = tuple(codes("ignore")) if "ignore" in table else ()

    exclude: list[Glob] = []
    for pattern in _strings(f"{prefix} exclude", table.get("exclude", [])):
        exclude.append(_glob(f"{prefix} exclude", pattern))

    hints: list[tuple[Glob, str]] = []
    enc_table = table.get("encodings", {})
    if not isinstance(enc_table, Mapping):
        raise ConfigError(f"{prefix} encodings: expected a table of glob = encoding, got {_kind(enc_table)}")
    for pattern, name in enc_table.items():
        where = f"{prefix} encodings.{_toml_key(pattern)}"
        if not isinstance(name, str):
            raise ConfigError(f"{where}: expected an encoding name, got {_kind(name)}")
        try:
            encoding = canonical_encoding(name)
        except OptionError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        hints.append((_glob(where, pattern), encoding))

    return Config(path, script, select, ignore, tuple(exclude), tuple(hints))


def _glob(where: str, pattern: str) -> Glob:
    if not pattern.strip("/ "):
        raise ConfigError(f"{where}: empty glob")
    try:
        return Glob.make(pattern)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace('"', '\\"') + '"'


def load(path: Path | None = None, *, start: Path | None = None) -> Config:
    """The config in `path`, or in the nearest pyproject.toml found from `start`; empty if none."""
    if path is None:
        path = find(start)
        if path is None:
            return Config()
    tool = _read(path).get("tool", {})
    if not isinstance(tool, Mapping) or "textmend" not in tool:
        return Config(path)
    return parse(tool["textmend"], path)


# --------------------------------------------------------------------------- merged settings


@dataclass(frozen=True)
class Settings:
    """What one run uses: the options, the file's excludes and encoding hints, merged with the CLI.

    It is a plain picklable value, and `repair` is a plain method of it, so that the per-file
    work can run in worker processes.
    """

    options: Options
    root: Path = field(default_factory=Path.cwd)
    exclude: tuple[Glob, ...] = ()
    encodings: tuple[tuple[Glob, str], ...] = ()

    def _relative(self, target: Target) -> str | None:
        if target.path is None:
            return None
        try:
            return target.path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None  # outside the config's folder: its globs do not apply

    def excluded(self, target: Target) -> bool:
        """Whether the config excludes `target` (standard input never is)."""
        rel = self._relative(target)
        return rel is not None and any(g.matches(rel) for g in self.exclude)

    def hint(self, target: Target) -> str | None:
        """The encoding hint for `target`: that of the first glob that matches it."""
        rel = self._relative(target) if self.encodings else None
        if rel is None:
            return None
        return next((enc for g, enc in self.encodings if g.matches(rel)), None)

    def filter(self, items: Sequence[Target | Problem]) -> list[Target | Problem]:
        """`items` without the targets the config excludes."""
        if not self.exclude:
            return list(items)
        return [i for i in items if not (isinstance(i, Target) and self.excluded(i))]

    def repair(self, target: Target) -> FileResult:
        """Read and repair one file, its encoding hint a decode option (used when its bytes are
        not Unicode: see `textmend.decode.decode_bytes`)."""
        hint = self.hint(target)
        if hint is None or self.options.encoding is not None:
            return repair_target(target, self.options)
        result = repair_target(target, dataclasses.replace(self.options, hint=hint))
        if result.problem is not None and not result.problem.note and result.repair is None:
            where = f"encoding hint from {_short(self.root)}/pyproject.toml"
            result.problem = Problem(target.display, f"{result.problem.message} ({where})")
        return result


def _short(folder: Path) -> str:
    try:
        rel = folder.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return str(folder)
    return rel.as_posix() if str(rel) != "." else "."


def settings(
    config: Config,
    *,
    script: str | None = None,
    encoding: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> Settings:
    """Merge the command line over `config` (see the module docstring for who wins)."""
    if select is not None:
        sel: tuple[str, ...] | None = tuple(select)
        ign = tuple(ignore or ())
    else:
        sel = config.select
        ign = tuple(config.ignore) + tuple(ignore or ())
    options = Options.make(script or config.script or "auto", encoding, sel, ign)
    return Settings(
        options=options,
        root=config.root,
        exclude=config.exclude,
        encodings=() if encoding is not None else config.encodings,
    )
