"""A user cache of data a process derives from textmend's own code: built once, reused by the
processes after it until that code changes.

pre-commit runs ``textmend check`` once per commit, and a process that meets its first
non-ASCII text builds the fixers' evidence screens from their modules (the CJK fixer's classes
of clean characters, the channels' signatures, the Latin fixer's word tables): half a second
of CPU, for a file that takes a millisecond to check. The patterns it builds are plain strings,
so they are kept here (`load`, `store`) as a JSON file per name, under a key that says what
they were built from:

- the textmend version and the size and modification time of every file of the package (its
  modules and its data: an edited module, or another install, is another key), the Python
  version, and the versions of the packages the patterns read (ftfy's tables);
- whatever the caller adds (the options the patterns depend on).

A file whose key differs, that does not parse, or that does not have the shape the caller
expects (`load` takes a check) is ignored and rebuilt; a file is written by the one atomic
writer (`textmend.io.write`), so that processes running side by side never read half of one.
Nothing here is needed for a result: without the folder (read-only, full, another user's), the
data is built as before, and the same. A file no process has read for 30 days is removed when
another of its name is stored (`_forget_stale`).

The folder is ``$TEXTMEND_CACHE_DIR``, else ``textmend`` in ``$XDG_CACHE_HOME`` (``~/.cache``;
``%LOCALAPPDATA%`` on Windows). ``TEXTMEND_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._version import __version__

#: A file not used for this long (seconds; its modification time, refreshed when it is read) is
#: removed when another file of its name is stored.
STALE_AFTER = 30 * 24 * 3600

#: A file read is marked used when its mark is older than this (seconds): one write a day at most.
TOUCH_AFTER = 24 * 3600

#: The packages whose installed files the cached data may be derived from (besides textmend).
DEPENDS = ("ftfy",)


def folder() -> Path | None:
    """The cache folder, or ``None`` when the cache is off (`TEXTMEND_NO_CACHE`)."""
    if os.environ.get("TEXTMEND_NO_CACHE"):
        return None
    given = os.environ.get("TEXTMEND_CACHE_DIR")
    if given:
        return Path(given)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"], "textmend", "cache")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "textmend")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the code that derives cached data is: the files of textmend and of `DEPENDS`
    (names, sizes, modification times), the textmend and Python versions (about a millisecond
    of ``stat`` calls; the packages are found, not imported)."""
    parts = [__version__, sys.version]
    roots: list[tuple[str, Path | None]] = [("textmend", Path(__file__).resolve().parent)]
    for dist in DEPENDS:
        try:
            spec = importlib.util.find_spec(dist)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        roots.append((dist, Path(origin).parent if origin else None))
    for name, root in roots:
        parts.append(f"[{name}]")
        if root is None:
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for file in sorted(filenames):
                if file.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(dirpath, file)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                parts.append(f"{os.path.relpath(path, root)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _key(extra: str) -> str:
    return hashlib.sha256(f"{fingerprint()}\n{extra}".encode("utf-8", "surrogatepass")).hexdigest()


def _path(name: str, extra: str) -> Path | None:
    base = folder()
    return None if base is None else base / f"{name}-{_key(extra)[:32]}.json"


def load(name: str, extra: str, valid: Callable[[Any], bool]) -> Any | None:
    """The data stored as `name` under the key `extra` (see the module docstring) when it is
    there and `valid` accepts it, else ``None``."""
    path = _path(name, extra)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            stored = json.load(f)
            used = os.fstat(f.fileno()).st_mtime
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != _key(extra):
        return None
    data = stored.get("data")
    try:
        if not valid(data):
            return None
    except Exception:  # noqa: BLE001 - a check that fails on odd data: the data is not used
        return None
    if time.time() - used > TOUCH_AFTER:
        try:
            os.utime(path)  # in use: `_forget_stale` keeps it
        except OSError:
            pass
    return data


def store(name: str, extra: str, data: Any) -> None:
    """Keep `data` (JSON-serialisable) as `name` under the key `extra`; silently nothing when
    the folder cannot be written."""
    path = _path(name, extra)
    if path is None:
        return
    from .io.write import write_atomic  # the one writer: whole, under a temporary name first

    try:
        payload = json.dumps({"key": _key(extra), "code": fingerprint(), "data": data}, ensure_ascii=False)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, payload.encode("utf-8"))
    except (OSError, TypeError, ValueError):
        return
    _forget_stale(path.parent, name)


def _forget_stale(base: Path, name: str) -> None:
    """Remove the files of `name` that no process has used for `STALE_AFTER` seconds: those of
    an older version or an edited module are never read again, and upgrades would otherwise fill
    the folder. Files of other code still in use stay: two installs (pre-commit's environment
    and a project's) share the folder, and each would otherwise rebuild on every run."""
    now = time.time()
    for old in base.glob(f"{name}-*.json"):
        try:
            if now - old.stat().st_mtime > STALE_AFTER:
                old.unlink()
        except OSError:
            pass


__all__ = ["folder", "fingerprint", "load", "store"]
