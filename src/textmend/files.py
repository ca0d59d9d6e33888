"""Files on disk: which ones to look at, how to read them, and how to replace them safely.

The CLI, the pre-commit hooks and corpus mode all go through here, so that "never lose data"
is implemented once: a file is replaced only by an atomic rename of a complete, fsynced
temporary file in the same folder, with the original's permissions, and only if nobody
changed the original while it was being repaired.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Version-control and tool folders that are never walked into.
SKIP_DIRS: frozenset[str] = frozenset(
    {".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj", ".pijul", ".fossil", "__pycache__", ".mypy_cache",
     ".ruff_cache", ".pytest_cache", ".tox", ".nox", ".venv", "node_modules"}
)


@dataclass(frozen=True)
class Target:
    """One thing to process: a file (`path`), or standard input when `path` is None."""

    display: str
    path: Path | None


@dataclass(frozen=True)
class Problem:
    """A path that cannot be processed, with a one-line reason."""

    display: str
    message: str
    note: bool = False  # a note (a skipped file) rather than an error


def walk(paths: Iterable[str]) -> Iterator[Target | Problem]:
    """The files under `paths`, in a stable order; folders recurse, skipping `SKIP_DIRS`.

    ``-`` means standard input. A missing path is a `Problem`, and the other paths go on.
    Symbolic links found inside a folder are skipped (a link given by name is followed).
    """
    for raw in paths:
        if raw == "-":
            yield Target("-", None)
            continue
        p = Path(raw)
        try:
            st = p.stat()
        except FileNotFoundError:
            yield Problem(raw, "no such file or directory")
            continue
        except OSError as exc:
            yield Problem(raw, exc.strerror or str(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(p)
        elif stat.S_ISREG(st.st_mode):
            yield Target(raw, p)
        else:
            yield Problem(raw, "not a regular file, skipped", note=True)


def _walk_dir(root: Path) -> Iterator[Target | Problem]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            err = errors.pop()
            yield Problem(str(err.filename or dirpath), err.strerror or str(err))
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            p = Path(dirpath, name)
            if p.is_symlink():
                yield Problem(str(p), "symbolic link, skipped", note=True)
            else:
                yield Target(str(p), p)
    while errors:
        err = errors.pop()
        yield Problem(str(err.filename or root), err.strerror or str(err))


@dataclass(frozen=True)
class Snapshot:
    """What a file looked like when it was read; used to notice a change made meanwhile."""

    size: int
    mtime_ns: int
    mode: int
    uid: int
    gid: int


def read(path: Path) -> tuple[bytes, Snapshot]:
    """The file's bytes and a snapshot of its metadata taken with the same open file."""
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        data = f.read()
    return data, Snapshot(st.st_size, st.st_mtime_ns, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)


class ChangedMeanwhile(OSError):
    """The file changed on disk between reading it and replacing it."""


def write_atomic(path: Path, data: bytes, snapshot: Snapshot | None = None) -> None:
    """Replace `path` with `data` atomically, keeping its permissions.

    The data goes to a temporary file in the same folder, is fsynced, gets the original's mode
    (and owner, when allowed), and is renamed over the original. If `snapshot` is given and
    the file's size or mtime no longer match it, nothing is written (`ChangedMeanwhile`). On
    any failure the original is intact and the temporary file is removed.
    """
    with AtomicWriter(path, snapshot) as f:
        f.write(data)


class AtomicWriter:
    """`write_atomic` for data that comes in pieces: a file to write to, committed at the end.

    ``with AtomicWriter(path, snapshot) as f: f.write(...)`` writes to a temporary file beside
    `path`; leaving the block normally fsyncs it, gives it the original's mode and owner (from
    `snapshot`), checks that the original did not change meanwhile and renames it over the
    original. An exception inside the block (or `abort()`) removes the temporary file and
    leaves the original as it was. Streaming repairs use it, so that a large file is never
    held in memory and never half-written.

    Without a snapshot, a new file gets the mode a plain ``open`` would give it (0o666 less
    the umask) instead of `mkstemp`'s 0o600.
    """

    def __init__(self, path: Path, snapshot: Snapshot | None = None) -> None:
        self.path = path
        self.snapshot = snapshot
        self._real = path.resolve()
        self._tmp: str | None = None
        self._file: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        fd, self._tmp = tempfile.mkstemp(dir=self._real.parent, prefix=f".{self._real.name}.", suffix=".textmend-tmp")
        self._file = os.fdopen(fd, "wb")
        return self._file

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self._commit()
            except BaseException:
                self.abort()
                raise
        else:
            self.abort()

    def abort(self) -> None:
        """Close and remove the temporary file; the original is left as it was."""
        if self._file is not None and not self._file.closed:
            self._file.close()
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None

    def _commit(self) -> None:
        assert self._file is not None and self._tmp is not None
        f = self._file
        f.flush()
        os.fsync(f.fileno())
        f.close()
        tmp, real, snapshot = self._tmp, self._real, self.snapshot
        if snapshot is not None:
            os.chmod(tmp, snapshot.mode)
            if hasattr(os, "chown"):
                try:
                    os.chown(tmp, snapshot.uid, snapshot.gid)
                except OSError:
                    pass  # not allowed to give the file away: keep our ownership
            try:
                st = os.stat(real)
            except FileNotFoundError:
                st = None
            if st is None or st.st_size != snapshot.size or st.st_mtime_ns != snapshot.mtime_ns:
                raise ChangedMeanwhile(f"{self.path} changed on disk while it was being repaired; left alone")
        elif not real.exists():
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, real)
        self._tmp = None
        _fsync_dir(real.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable; not every platform can open a folder, so this is best effort."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
