"""Files on disk: which ones to look at, how to read them, and how to replace them safely.

The CLI, the pre-commit hooks and corpus mode all go through here, so that "never lose data"
is implemented once: a file is replaced only by an atomic rename of a complete, fsynced
temporary file in the same folder, with the original's permissions, and only if nobody
changed the original while it was being repaired.

Symbolic links: a link is repaired at its target only when the target lies inside the tree
being processed (the folder given, or for a file given by name the folder it is in), and is
skipped with a note otherwise. Inside a folder, a link whose target the walk reaches anyway
is skipped with a note too, so that no file is repaired twice under two names.

``--backup`` keeps the original beside the repaired file as ``NAME.orig`` (a hard link to the
original bytes where the filesystem allows it, a copy otherwise). An existing ``NAME.orig``
is never overwritten: the file is then left alone with an error.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..result import Problem as Problem  # a walk yields them; they are result records

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


#: Appended to a file's name for the copy of the original that ``--backup`` keeps.
BACKUP_SUFFIX = ".orig"


def walk(paths: Iterable[str]) -> Iterator[Target | Problem]:
    """The files under `paths`, in a stable order; folders recurse, skipping `SKIP_DIRS`.

    ``-`` means standard input. A missing path is a `Problem`, and the other paths go on.
    Symbolic links follow the rule in the module docstring.
    """
    for raw in paths:
        if raw == "-":
            yield Target("-", None)
            continue
        p = Path(raw)
        try:
            st = p.stat()
        except FileNotFoundError:
            yield Problem(raw, "broken symbolic link" if p.is_symlink() else "no such file or directory")
            continue
        except OSError as exc:
            yield Problem(raw, exc.strerror or str(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(p)
        elif not stat.S_ISREG(st.st_mode):
            yield Problem(raw, "not a regular file, skipped", note=True)
        elif p.is_symlink():
            yield _link(raw, p, p.absolute().parent)
        else:
            yield Target(raw, p)


def _inside(path: Path, tree: Path) -> bool:
    """Whether the real `path` lies inside the real folder `tree`."""
    try:
        path.resolve().relative_to(tree.resolve())
    except (ValueError, OSError):
        return False
    return True


def _link(display: str, link: Path, tree: Path) -> Target | Problem:
    """A link given by name: its target if the target is inside `tree`, else a note."""
    target = link.resolve()
    if _inside(target, tree):
        return Target(display, link)
    return Problem(display, f"symbolic link to {target}, outside {tree}: skipped (name the target to repair it)",
                   note=True)


def _walked(path: Path, root: Path) -> bool:
    """Whether walking `root` reaches the real file `path` under its own name (not in `SKIP_DIRS`)."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return not any(part in SKIP_DIRS for part in rel.parts[:-1])


def _walk_dir(root: Path) -> Iterator[Target | Problem]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            err = errors.pop()
            yield Problem(str(err.filename or dirpath), err.strerror or str(err))
        links = sorted(d for d in dirnames if d not in SKIP_DIRS and Path(dirpath, d).is_symlink())
        for name in links:
            yield Problem(str(Path(dirpath, name)), "symbolic link to a folder, not followed", note=True)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and d not in links)
        for name in sorted(filenames):
            p = Path(dirpath, name)
            if not p.is_symlink():
                yield Target(str(p), p)
            elif not p.exists():
                yield Problem(str(p), "broken symbolic link, skipped", note=True)
            elif not _inside(p, root):
                yield Problem(str(p), f"symbolic link to {p.resolve()}, outside {root}: skipped", note=True)
            elif _walked(p, root) and p.resolve().is_file():
                yield Problem(str(p), f"symbolic link to {p.resolve().relative_to(root.resolve())}, "
                              "repaired under that name", note=True)
            else:
                yield Problem(str(p), f"symbolic link to {p.resolve()}, which is not walked: skipped", note=True)
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


class BackupExists(OSError):
    """``--backup`` would overwrite an earlier backup: the file is left alone instead."""


def backup_path(path: Path) -> Path:
    """Where ``--backup`` keeps the original of `path`: ``NAME.orig`` beside the real file."""
    real = path.resolve()
    return real.with_name(real.name + BACKUP_SUFFIX)


def _backup(real: Path, keep: Path) -> None:
    """Keep the current bytes of `real` as `keep`, which must not exist yet."""
    try:
        os.link(real, keep)  # the original inode itself: exact bytes, mode and times, no copy
        return
    except FileExistsError:
        raise BackupExists(f"{keep} already exists; left alone (remove it or repair without --backup)") from None
    except OSError:
        pass  # no hard links here: copy
    with open(real, "rb") as src, open(keep, "xb") as dst:
        dst.write(src.read())
        dst.flush()
        os.fsync(dst.fileno())
    shutil.copystat(real, keep)


def write_atomic(path: Path, data: bytes, snapshot: Snapshot | None = None, *, backup: bool = False) -> None:
    """Replace `path` with `data` atomically, keeping its permissions.

    The data goes to a temporary file in the same folder, is fsynced, gets the original's mode
    (and owner, when allowed), and is renamed over the original. If `snapshot` is given and
    the file's size or mtime no longer match it, nothing is written (`ChangedMeanwhile`). With
    `backup`, the original is kept as `backup_path` first (`BackupExists` if that name is
    taken). On any failure the original is intact and the temporary file (and a backup made
    for this write) is removed. A symbolic link is written through: its target is replaced.
    """
    with AtomicWriter(path, snapshot, backup=backup) as f:
        f.write(data)


class AtomicWriter:
    """`write_atomic` for data that comes in pieces: a file to write to, committed at the end.

    ``with AtomicWriter(path, snapshot) as f: f.write(...)`` writes to a temporary file beside
    `path`; leaving the block normally fsyncs it, gives it the original's mode and owner (from
    `snapshot`), checks that the original did not change meanwhile, keeps a backup if asked,
    and renames it over the original. An exception inside the block (or `abort()`) removes the
    temporary file and leaves the original as it was. Streaming repairs use it, so that a large
    file is never held in memory and never half-written.

    Without a snapshot, a new file gets the mode a plain ``open`` would give it (0o666 less
    the umask) instead of `mkstemp`'s 0o600.
    """

    def __init__(self, path: Path, snapshot: Snapshot | None = None, *, backup: bool = False) -> None:
        self.path = path
        self.snapshot = snapshot
        self._real = path.resolve()
        self._keep = backup_path(self._real) if backup else None
        self._tmp: str | None = None
        self._file: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        if self._keep is not None and os.path.lexists(self._keep):
            raise BackupExists(f"{self._keep} already exists; left alone (remove it or repair without --backup)")
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
        if self._file is not None:
            try:
                self._file.close()
            except Exception:  # noqa: BLE001 - the file is being thrown away; removing it is what matters
                pass
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
        tmp, real, snapshot, keep = self._tmp, self._real, self.snapshot, self._keep
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
        made = False
        try:
            if keep is not None:
                _backup(real, keep)
                made = True
            os.replace(tmp, real)
        except BaseException:
            if made and keep is not None:
                try:
                    os.unlink(keep)
                except OSError:
                    pass
            raise
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
