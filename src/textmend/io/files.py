"""Files on disk: which ones to look at, and how to read them.

The CLI, the pre-commit hooks and corpus mode all go through here to find and read files;
every write goes through `textmend.io.write` (atomic, in the target's folder, keeping what
the file carries).

Folder walks take regular files only: a FIFO would block the walk forever and a device could
be read without end, so both (and sockets) are skipped with a note, without being opened.
Temporary files that a killed run left behind (`write.is_temporary`) are skipped too. A name
that cannot be examined (a path longer than the system's PATH_MAX, a folder that cannot be
listed) is an error for that item, and the walk goes on.

Symbolic links: a link is repaired at its target only when the target lies inside the tree
being processed (the folder given, or for a file given by name the folder it is in), and is
skipped with a note otherwise. Inside a folder, a link whose target the walk reaches anyway
is skipped with a note too, so that no file is repaired twice under two names.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..result import Problem as Problem  # a walk yields them; they are result records
from .write import BACKUP_SUFFIX, Snapshot, is_temporary

__all__ = ["BACKUP_SUFFIX", "SKIP_DIRS", "Problem", "Snapshot", "Target", "read", "walk"]

#: Version-control and tool folders that are never walked into.
SKIP_DIRS: frozenset[str] = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "_darcs",
        "CVS",
        ".jj",
        ".pijul",
        ".fossil",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".tox",
        ".nox",
        ".venv",
        "node_modules",
    }
)


@dataclass(frozen=True)
class Target:
    """One thing to process: a file (`path`), or standard input when `path` is None."""

    display: str
    path: Path | None


def _kind(mode: int) -> str:
    """What a non-regular file is, in a word for a message."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long for the system (PATH_MAX or NAME_MAX), skipped"
    return exc.strerror or str(exc)


def walk(
    paths: Iterable[str], skip: Callable[[Path, bool], bool] | None = None
) -> Iterator[Target | Problem]:
    """The files under `paths`, in a stable order; folders recurse, skipping `SKIP_DIRS`.

    ``-`` means standard input. A missing path is a `Problem`, and the other paths go on.
    Symbolic links follow the rule in the module docstring. `skip(path, is_dir)`, when given,
    leaves out files and folders met inside a folder (``.gitignore``), not the paths named.
    """
    for raw in paths:
        if raw == "-":
            yield Target("-", None)
            continue
        p = Path(raw)
        try:
            st = p.stat()
        except FileNotFoundError:
            yield Problem(raw, "broken symbolic link" if _is_link(p) else "no such file or directory")
            continue
        except OSError as exc:
            yield Problem(raw, _why(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(p, skip)
        elif not stat.S_ISREG(st.st_mode):
            yield Problem(raw, f"not a regular file ({_kind(st.st_mode)}), skipped", note=True)
        elif _is_link(p):
            yield _link(raw, p, p.absolute().parent)
        else:
            yield Target(raw, p)


def _is_link(p: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(p).st_mode)
    except OSError:
        return False


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
    return Problem(
        display,
        f"symbolic link to {target}, outside {tree}: skipped (name the target to repair it)",
        note=True,
    )


def _walked(path: Path, root: Path) -> bool:
    """Whether walking `root` reaches the real file `path` under its own name (not in `SKIP_DIRS`)."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return not any(part in SKIP_DIRS for part in rel.parts[:-1])


def _walk_dir(root: Path, skip: Callable[[Path, bool], bool] | None = None) -> Iterator[Target | Problem]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            err = errors.pop()
            yield Problem(str(err.filename or dirpath), _why(err))
        links = sorted(d for d in dirnames if d not in SKIP_DIRS and _is_link(Path(dirpath, d)))
        for name in links:
            yield Problem(str(Path(dirpath, name)), "symbolic link to a folder, not followed", note=True)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIRS
            and d not in links
            and not (skip is not None and skip(Path(dirpath, d), True))
        )
        for name in sorted(filenames):
            p = Path(dirpath, name)
            if skip is not None and skip(p, False):
                continue
            yield _entry(p, root)
    while errors:
        err = errors.pop()
        yield Problem(str(err.filename or root), _why(err))


def _entry(p: Path, root: Path) -> Target | Problem:
    """One name met in a folder walk: a regular file to process, or why not."""
    try:
        st = os.lstat(p)
    except OSError as exc:
        return Problem(str(p), _why(exc))
    if stat.S_ISLNK(st.st_mode):
        return _walked_link(p, root)
    if not stat.S_ISREG(st.st_mode):
        return Problem(str(p), f"{_kind(st.st_mode)}, skipped", note=True)
    if is_temporary(p.name):
        return Problem(
            str(p), "a temporary file left by an interrupted textmend run, skipped (remove it)", note=True
        )
    return Target(str(p), p)


def _walked_link(p: Path, root: Path) -> Problem:
    """A link met in a folder walk is never followed; the note says where its target is handled."""
    try:
        st = p.stat()
    except FileNotFoundError:
        return Problem(str(p), "broken symbolic link, skipped", note=True)
    except OSError as exc:
        return Problem(str(p), _why(exc))
    if not _inside(p, root):
        return Problem(str(p), f"symbolic link to {p.resolve()}, outside {root}: skipped", note=True)
    if _walked(p, root) and stat.S_ISREG(st.st_mode):
        return Problem(
            str(p),
            f"symbolic link to {p.resolve().relative_to(root.resolve())}, repaired under that name",
            note=True,
        )
    return Problem(str(p), f"symbolic link to {p.resolve()}, which is not walked: skipped", note=True)


def read(path: Path) -> tuple[bytes, Snapshot]:
    """The file's bytes and a snapshot of its metadata taken with the same open file.

    Only a regular file is read: the file is opened without blocking (a FIFO put in its place
    would otherwise wait for a writer forever) and refused if it is a FIFO or a device (which
    could be read without end).

    The read asks for one byte more than the size `fstat` gave. An answer of exactly that size
    is the whole of a regular file (a read stops short only at the end, past 2 GiB, or on a
    signal), so a file that did not change costs open, fstat, one read and close, where a
    buffered file object adds six calls (a terminal check, seeks, more fstats, a read for the
    end): on this machine's kernel a call costs a few microseconds, a tenth of ``textmend
    check``'s time on a clean 1 MB file. Any other answer is read on to an empty read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, f"not a regular file ({_kind(st.st_mode)})", str(path))
        data = os.read(fd, st.st_size + 1)
        if len(data) != st.st_size:
            # it grew since the fstat, or the read was short (Linux returns at most 2 GiB a
            # call; a signal may cut it): read on to the end, which only an empty read tells
            parts = [data]
            while part := os.read(fd, max(st.st_size, 1 << 16)):
                parts.append(part)
            data = b"".join(parts)
    finally:
        os.close(fd)
    return data, Snapshot.of(st)
