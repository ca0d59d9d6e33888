"""Configuration: ``[tool.textmend]`` in pyproject.toml, merged with the command line.

Each file is repaired with the configuration nearest to it: from the file's folder upward, the
first ``textmend.toml`` (its keys at the top level) or ``pyproject.toml`` that has a
``[tool.textmend]`` table (a pyproject.toml without the table is passed over, as ruff does; in
one folder, textmend.toml wins). Standard input uses the one nearest to ``--stdin-filename``, or
to the working folder. ``--config FILE`` uses that file for every input, ``--isolated`` none::

    [tool.textmend]
    script = "keep"                   # keep | auto | hans | hant | tw | hk
    select = ["TM1", "TM2"]           # rule codes or prefixes; default: every default rule
    ignore = ["TM701"]
    exclude = ["vendor", "tests/fixtures/**/*.txt"]

    [tool.textmend.encodings]         # encoding hints, by glob: first match wins
    "legacy/**/*.txt" = "gbk"
    "data/tw/*.csv" = "big5"

    [tool.textmend.per-file-ignores]  # more codes to ignore, by glob: every match adds
    "tests/fixtures/**" = ["TM411"]

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
``pyproject.toml: [tool.textmend] select: unknown rule code or prefix 'TM8'``.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .errors import OptionError
from .io.files import Problem, Target
from .io.glob import Glob as LinearGlob
from .io.glob import compile_glob
from .options import SCRIPTS, Options, canonical_encoding
from .rules import check_patterns
from .runner import FileResult, repair_target

#: The keys ``[tool.textmend]`` may have.
KEYS: tuple[str, ...] = ("script", "select", "ignore", "exclude", "encodings", "per-file-ignores")

#: The configuration files, in the order one folder is searched.
NAMES: tuple[str, ...] = ("textmend.toml", "pyproject.toml")


class ConfigError(OptionError):
    """The configuration file cannot be used: bad TOML, an unknown key or a bad value."""


# --------------------------------------------------------------------------- globs


@dataclass(frozen=True)
class Glob:
    """A compiled glob, keeping the text the user wrote for messages."""

    pattern: str
    matcher: LinearGlob  # linear-time: a pattern from the file cannot make matching hang

    @classmethod
    def make(cls, pattern: str) -> Glob:
        return cls(pattern, compile_glob(pattern))

    def matches(self, relative: str) -> bool:
        """Whether `relative` (a ``/``-separated path) or one of its folders matches."""
        parts = relative.split("/")
        return any(self.matcher.fullmatch("/".join(parts[:k])) for k in range(len(parts), 0, -1))


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
    per_file_ignores: tuple[tuple[Glob, tuple[str, ...]], ...] = ()

    @property
    def root(self) -> Path:
        """The folder globs are relative to: the config file's, or the working folder."""
        return self.path.parent if self.path is not None else Path.cwd()


def find(start: Path | None = None) -> Path | None:
    """The nearest textmend.toml, or pyproject.toml with a ``[tool.textmend]`` table, from
    the folder `start` upward."""
    folder = (start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        found = in_folder(d)
        if found is not None:
            return found
    return None


def in_folder(folder: Path) -> Path | None:
    """The configuration file of `folder` itself, if it has one (see `NAMES`)."""
    own = folder / NAMES[0]
    if own.is_file():
        return own
    candidate = folder / "pyproject.toml"
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
    if path is not None and path.name != "pyproject.toml":
        prefix = f"{path}:"
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

    per_file: list[tuple[Glob, tuple[str, ...]]] = []
    pfi_table = table.get("per-file-ignores", {})
    if not isinstance(pfi_table, Mapping):
        raise ConfigError(
            f"{prefix} per-file-ignores: expected a table of glob = [codes], got {_kind(pfi_table)}"
        )
    for pattern, values in pfi_table.items():
        where = f"{prefix} per-file-ignores.{_toml_key(pattern)}"
        values = _strings(where, values)
        try:
            per_file.append((_glob(where, pattern), tuple(check_patterns(values))))
        except ConfigError:
            raise
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None

    return Config(path, script, select, ignore, tuple(exclude), tuple(hints), tuple(per_file))


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
    data = _read(path)
    if path.name != "pyproject.toml":  # textmend.toml, or a file given with --config
        table = data.get("tool", {}).get("textmend", data) if isinstance(data.get("tool"), Mapping) else data
        return parse(table, path)
    tool = data.get("tool", {})
    if not isinstance(tool, Mapping) or "textmend" not in tool:
        return Config(path)
    return parse(tool["textmend"], path)


# --------------------------------------------------------------------------- merged settings


@dataclass(frozen=True)
class Settings:
    """What one file uses: the options, its config's excludes, encoding hints and per-file
    ignores, merged with the command line.

    It is a plain picklable value, and `repair` is a plain method of it, so that the per-file
    work can run in worker processes.
    """

    options: Options
    root: Path = field(default_factory=Path.cwd)
    exclude: tuple[Glob, ...] = ()
    encodings: tuple[tuple[Glob, str], ...] = ()
    per_file_ignores: tuple[tuple[Glob, tuple[str, ...]], ...] = ()
    source: Path | None = None  # the configuration file, for messages

    def _relative(self, path: Path | None) -> str | None:
        if path is None:
            return None
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None  # outside the config's folder: its globs do not apply

    def excluded(self, target: Target, path: Path | None = None) -> bool:
        """Whether the config excludes `target` (standard input only by its `path`, the
        ``--stdin-filename``)."""
        rel = self._relative(path or target.path)
        return rel is not None and any(g.matches(rel) for g in self.exclude)

    def hint(self, target: Target) -> str | None:
        """The encoding hint for `target`: that of the first glob that matches it."""
        rel = self._relative(target.path) if self.encodings else None
        if rel is None:
            return None
        return next((enc for g, enc in self.encodings if g.matches(rel)), None)

    def for_file(self, path: Path | None) -> Settings:
        """These settings with the ``per-file-ignores`` that match `path` added to the ignores."""
        rel = self._relative(path) if self.per_file_ignores else None
        if rel is None:
            return self
        extra = tuple(code for g, codes in self.per_file_ignores if g.matches(rel) for code in codes)
        if not extra:
            return self
        o = self.options
        return replace(
            self,
            options=Options(o.script, o.encoding, o.select, tuple(o.ignore) + extra),
            per_file_ignores=(),
        )

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
            name = self.source.name if self.source is not None else "pyproject.toml"
            result.problem = Problem(
                target.display, f"{result.problem.message} (encoding hint from {_short(self.root)}/{name})"
            )
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
        per_file_ignores=config.per_file_ignores,
        source=config.path,
    )


class Resolver:
    """The settings of each file: its nearest configuration (or one for all), merged with the
    command line. Each folder is looked up once; each configuration file is read once.

    `fixed` is the configuration for every file (``--config FILE``), or an empty `Config` for
    ``--isolated``; None means: search from each file.
    """

    def __init__(self, fixed: Config | None = None, **overrides: Any) -> None:
        self.fixed = fixed
        self.overrides = overrides
        self._folders: dict[Path, Path | None] = {}
        self._settings: dict[Path | None, Settings] = {}

    def config_file(self, folder: Path) -> Path | None:
        """The configuration file that applies in `folder` (searched upward, remembered)."""
        folder = folder.resolve()
        chain: list[Path] = []
        found: Path | None = None
        d = folder
        while True:
            if d in self._folders:
                found = self._folders[d]
                break
            chain.append(d)
            own = in_folder(d)
            if own is not None:
                found = own
                break
            if d.parent == d:
                break
            d = d.parent
        for c in chain:
            self._folders[c] = found
        return found

    def settings(self, path: Path | None) -> Settings:
        """The settings for the file `path` (None: standard input without a name: the working folder)."""
        if self.fixed is not None:
            source = self.fixed.path
            if source not in self._settings:
                self._settings[source] = settings(self.fixed, **self.overrides)
            base = self._settings[source]
        else:
            source = self.config_file(path.absolute().parent if path is not None else Path.cwd())
            if source not in self._settings:
                self._settings[source] = settings(
                    load(source) if source is not None else Config(), **self.overrides
                )
            base = self._settings[source]
        return base.for_file(path)
