"""The one way textmend writes a file: atomically, in the target's folder, keeping what it carries.

Every write goes through `AtomicWriter` (or `write_atomic` for bytes in hand): files repaired
in place, ``-o``, ``--backup``, large files repaired chunk by chunk, reports, corpus outputs
and reject files. What it guarantees, and why:

- **Nothing is written outside the target.** The data goes to a new temporary file created
  with ``O_CREAT | O_EXCL | O_NOFOLLOW`` under a random name in the target's folder (a planted
  symbolic link or file at any name is never followed or reused). The folder is opened once
  and every later step (create, check, link, rename, remove) is made relative to it, so a
  folder swapped for a link meanwhile does not redirect anything. The name is short
  (``.<10 random characters>.textmend-tmp``), so a target of 250 bytes still gets one.
- **Nothing is replaced that changed meanwhile.** Just before the rename the target is opened
  with ``O_NOFOLLOW`` and compared with the `Snapshot` taken when it was read: device, inode,
  size and mtime. A file swapped for a link, removed, or rewritten (even with the same size and
  mtime, which gives a new inode) is left alone (`ChangedMeanwhile`).
- **What the file carries is kept:** its mode, setuid/setgid/sticky bits included, its owner
  and group (where allowed), and its extended attributes, which hold its POSIX ACL
  (``system.posix_acl_access``). An attribute that cannot be copied stops the write
  (`MetadataError`) rather than dropping it.
- **Hard links are never split.** Replacing one name of a file with several names would give
  that name new bytes and leave the others with the old ones; such a file is left alone with
  an error (`HardLinked`).
- **A non-regular target is written into, never replaced:** a character device
  (``-o /dev/null``), a FIFO or a pipe (``-o /dev/stdout``). It is opened without blocking (a
  FIFO with no reader is an error, not a hang) and is never read.
- **``--backup`` is complete or absent.** The original is kept as ``NAME.orig`` by a hard link
  to its inode (no copy, no space), or, where hard links are refused, by a copy written and
  fsynced under a temporary name first and then given the name: a full disk leaves no
  truncated backup. An existing backup is never overwritten (`BackupExists`).
- **Interrupted, nothing is left behind.** Any exception removes the temporary file (and a
  backup made for this write). While a temporary file exists, SIGTERM raises `Terminated`
  (a `SystemExit` with status 143, what a shell reports for a process ended by SIGTERM), so the
  same clean-up runs before the process ends.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import BinaryIO

#: The ending of every temporary name; folder walks skip files with it (left by a crash).
TEMP_SUFFIX = ".textmend-tmp"

#: Appended to a file's name for the copy of the original that ``--backup`` keeps.
BACKUP_SUFFIX = ".orig"

#: The exit status of a run ended by SIGTERM (128 + 15, as a shell reports it).
EXIT_TERMINATED = 128 + signal.SIGTERM

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_HAS_XATTR = hasattr(os, "listxattr")


@dataclass(frozen=True)
class Snapshot:
    """What a file looked like when it was read; used to notice a change made meanwhile.

    `dev` and `ino` are 0 when unknown; the identity check is then skipped.
    """

    size: int
    mtime_ns: int
    mode: int
    uid: int
    gid: int
    dev: int = 0
    ino: int = 0
    nlink: int = 1

    @classmethod
    def of(cls, st: os.stat_result) -> Snapshot:
        """The snapshot of a `stat` result (of the open file, ideally: ``os.fstat``)."""
        return cls(
            st.st_size,
            st.st_mtime_ns,
            stat.S_IMODE(st.st_mode),
            st.st_uid,
            st.st_gid,
            st.st_dev,
            st.st_ino,
            st.st_nlink,
        )

    def same_file(self, st: os.stat_result) -> bool:
        """Whether `st` describes the file of this snapshot, unchanged."""
        if self.ino and (st.st_dev, st.st_ino) != (self.dev, self.ino):
            return False
        return st.st_size == self.size and st.st_mtime_ns == self.mtime_ns


class ChangedMeanwhile(OSError):
    """The target changed on disk (or was replaced, removed or linked) since it was read."""


class BackupExists(OSError):
    """``--backup`` would overwrite an earlier backup: the file is left alone instead."""


class HardLinked(OSError):
    """The target has other names (hard links); replacing it would split them."""


class MetadataError(OSError):
    """Something the original carries (an extended attribute, an ACL) cannot be kept."""


class Terminated(SystemExit):
    """SIGTERM arrived while a temporary file existed; raised so that it is removed first."""

    def __init__(self) -> None:
        super().__init__(EXIT_TERMINATED)


def backup_path(path: Path) -> Path:
    """Where ``--backup`` keeps the original of `path`: ``NAME.orig`` beside the real file."""
    real = path.resolve()
    return real.with_name(real.name + BACKUP_SUFFIX)


def is_temporary(name: str) -> bool:
    """Whether `name` is one of this module's temporary names (a leftover of a killed run)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def write_atomic(path: Path, data: bytes, snapshot: Snapshot | None = None, *, backup: bool = False) -> None:
    """Write `data` to `path` with every guarantee of the module docstring.

    `snapshot` (from `files.read`) is what the file was when read; without one, an existing
    regular file is replaced as it is now (with its metadata), a missing one is created.
    """
    with AtomicWriter(path, snapshot, backup=backup) as f:
        f.write(data)


def _refuse(cls: type[OSError], message: str) -> OSError:
    return cls(message)


class AtomicWriter:
    """A file to write to, committed at the end: ``with AtomicWriter(path, snapshot) as f: ...``.

    Leaving the block normally commits (fsync, metadata, checks, backup, rename); an exception
    inside it, or `abort()`, removes the temporary file and leaves the target as it was.
    Streaming repairs call `__enter__` lazily, at the first chunk that changes, and
    `__exit__`/`abort` at the end.

    A new file gets the mode a plain ``open`` would give it (0o666 less the umask).
    """

    def __init__(self, path: Path, snapshot: Snapshot | None = None, *, backup: bool = False) -> None:
        self.path = Path(path)
        self.snapshot = snapshot
        self.backup = backup
        self._dir_fd: int | None = None
        self._name = ""  # the target's name in its folder
        self._tmp: str | None = None  # the temporary file's name in that folder
        self._file: BinaryIO | None = None
        self._into = False  # writing into a non-regular target
        self._guard: _TermGuard | None = None
        self._handler_set = False

    # ----------------------------------------------------------------------------- entering

    def __enter__(self) -> BinaryIO:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(self.path))
            self._into = True
            self._file = self._open_into()
            return self._file
        real = self.path.resolve()
        self._name = real.name
        self._dir_fd = _open_folder(real.parent)
        try:
            if self.backup and _lexists(self._name + BACKUP_SUFFIX, self._dir_fd):
                raise _refuse(
                    BackupExists,
                    f"{real.parent / (self._name + BACKUP_SUFFIX)} already exists; "
                    "left alone (remove it or repair without --backup)",
                )
            current = _lstat(self._name, self._dir_fd)
            if current is not None and stat.S_ISREG(current.st_mode) and current.st_nlink > 1:
                raise _hard_linked(self.path, current.st_nlink)
            self._catch_sigterm()
            with self._deferred():  # the name is known before SIGTERM can ask for its removal
                fd, self._tmp = _create_temp(self._dir_fd)
                self._file = os.fdopen(fd, "wb")
        except BaseException:
            self.abort()
            raise
        return self._file

    def _open_into(self) -> BinaryIO:
        """Open a device, FIFO or pipe for writing without blocking, then make writes block."""
        try:
            fd = os.open(self.path, os.O_WRONLY | _O_NONBLOCK | _O_CLOEXEC)
        except OSError as exc:
            if exc.errno == errno.ENXIO:
                raise OSError(errno.ENXIO, "a FIFO that nobody reads: not written", str(self.path)) from None
            raise
        if _O_NONBLOCK:
            import fcntl

            flags = fcntl.fcntl(fd, fcntl.F_GETFL)
            fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~_O_NONBLOCK)
        return os.fdopen(fd, "wb")

    # ----------------------------------------------------------------------------- leaving

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self.abort()
            return
        try:
            self._commit()
        except BaseException:
            self.abort()
            raise
        finally:
            self._release()

    def abort(self) -> None:
        """Close and remove the temporary file; the target is left as it was."""
        if self._file is not None:
            try:
                self._file.close()
            except Exception:  # noqa: BLE001 - the file is being thrown away; removing it is what matters
                pass
            self._file = None
        if self._tmp is not None and self._dir_fd is not None:
            try:
                os.unlink(self._tmp, dir_fd=self._dir_fd)
            except OSError:
                pass
        self._tmp = None
        self._release()

    def _release(self) -> None:
        if self._dir_fd is not None and self._tmp is None:
            os.close(self._dir_fd)
            self._dir_fd = None
        self._restore_sigterm()

    def _commit(self) -> None:
        f = self._file
        assert f is not None
        if self._into:
            f.flush()
            f.close()
            self._file = None
            return
        assert self._tmp is not None and self._dir_fd is not None
        tmp, dfd, name = self._tmp, self._dir_fd, self._name
        f.flush()
        os.fsync(f.fileno())
        target_fd = _open_target(name, dfd)
        try:
            if target_fd is None:
                if self.snapshot is not None:
                    raise _refuse(
                        ChangedMeanwhile,
                        f"{self.path} changed on disk while it was being repaired; left alone",
                    )
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(f.fileno(), 0o666 & ~umask)
                f.close()
                self._file = None
                self._place_new(tmp, name, dfd)
            else:
                st = os.fstat(target_fd)
                changed = self.snapshot is not None and not self.snapshot.same_file(st)
                if changed or not stat.S_ISREG(st.st_mode):
                    raise _refuse(
                        ChangedMeanwhile,
                        f"{self.path} changed on disk while it was being repaired; left alone",
                    )
                if st.st_nlink > 1:
                    raise _hard_linked(self.path, st.st_nlink)
                _copy_metadata(target_fd, st, f.fileno(), self.path)
                f.close()
                self._file = None
                self._replace(tmp, name, dfd, target_fd)
        finally:
            if target_fd is not None:
                os.close(target_fd)
        try:
            os.fsync(dfd)  # make the rename durable; not every filesystem allows it
        except OSError:
            pass

    def _replace(self, tmp: str, name: str, dfd: int, target_fd: int) -> None:
        """Keep the backup (if asked) and rename the temporary file over the target.

        SIGTERM is held back while names change, so that a run ends either before the backup
        has its name or after the rename, never with a backup beside an unrepaired file.
        """
        made = replaced = False
        copy: str | None = None
        try:
            if self.backup:
                with self._deferred():
                    made = _link_backup(name, dfd, self.path)
                if not made:
                    copy = _copy_for_backup(name, target_fd, dfd, self.path)  # long: not held back
            with self._deferred():
                if copy is not None:
                    _place_backup(copy, name, dfd, self.path)
                    copy, made = None, True
                os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
                replaced = True
                self._tmp = None
        except BaseException:
            if copy is not None:
                _unlink(copy, dfd)
            if made and not replaced:
                _unlink(name + BACKUP_SUFFIX, dfd)
            raise

    def _place_new(self, tmp: str, name: str, dfd: int) -> None:
        """Give a new file its name without replacing one created meanwhile."""
        try:
            os.link(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd, follow_symlinks=False)
        except FileExistsError:
            raise _refuse(
                ChangedMeanwhile, f"{self.path} was created by someone else meanwhile; left alone"
            ) from None
        except OSError:  # no hard links on this filesystem: a rename (the name was free a moment ago)
            os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
            self._tmp = None
            return
        _unlink(tmp, dfd)  # the file has its name now; the temporary one goes
        self._tmp = None

    # ----------------------------------------------------------------------------- SIGTERM

    def _catch_sigterm(self) -> None:
        """While the temporary file exists, SIGTERM raises `Terminated` (which removes it).

        Only the main thread may set handlers, and only the default one is replaced; a writer
        inside another writer shares the outer one's guard, and a program's own handler is
        left alone.
        """
        current = signal.getsignal(signal.SIGTERM)
        if isinstance(current, _TermGuard):
            self._guard = current
            return
        if current is not signal.SIG_DFL or threading.current_thread() is not threading.main_thread():
            return
        guard = _TermGuard()
        try:
            signal.signal(signal.SIGTERM, guard)
        except (ValueError, OSError):
            return
        self._guard = guard
        self._handler_set = True

    def _restore_sigterm(self) -> None:
        if self._handler_set:
            self._handler_set = False
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
            except (ValueError, OSError):
                pass
        self._guard = None

    def _deferred(self) -> _TermGuard | contextlib.nullcontext[None]:
        """A block during which SIGTERM waits (when this writer's guard is installed)."""
        return self._guard if self._guard is not None else contextlib.nullcontext()


class _TermGuard:
    """The SIGTERM handler while a temporary file exists; also a block that holds it back.

    Outside such blocks the handler raises `Terminated`; inside, the signal is remembered and
    raised when the outermost block ends (or instead of the exception that ends it).
    """

    def __init__(self) -> None:
        self.depth = 0
        self.pending = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.depth:
            self.pending = True
            return
        raise Terminated()

    def __enter__(self) -> None:
        self.depth += 1

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.depth -= 1
        if not self.depth and self.pending:
            self.pending = False
            raise Terminated()


def _unlink(name: str, dfd: int) -> None:
    try:
        os.unlink(name, dir_fd=dfd)
    except OSError:
        pass


def _hard_linked(path: Path, n: int) -> OSError:
    return _refuse(
        HardLinked,
        f"{path} has {n} hard links; left alone (rewriting one name would split "
        "them: repair a copy, or break the links first)",
    )


def _open_folder(folder: Path) -> int:
    """The folder that every step is taken in; a folder one may write but not list is opened
    as a path only (``O_PATH``), which is all that the ``*at`` calls need."""
    try:
        return os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except PermissionError:
        if not hasattr(os, "O_PATH"):
            raise
        return os.open(folder, os.O_PATH | _O_DIRECTORY | _O_CLOEXEC)


def _lstat(name: str, dfd: int) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=dfd, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _lexists(name: str, dfd: int) -> bool:
    return _lstat(name, dfd) is not None


def _create_temp(dfd: int) -> tuple[int, str]:
    """A new file with a random name in the folder `dfd`; never an existing name or a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC
    for _ in range(100):
        name = f".{secrets.token_hex(5)}{TEMP_SUFFIX}"
        try:
            return os.open(name, flags, 0o600, dir_fd=dfd), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name")


def _open_target(name: str, dfd: int) -> int | None:
    """The target opened without following a link (None when it does not exist).

    A link where the file was (a swap) fails with ELOOP and becomes `ChangedMeanwhile`; a file
    that is not readable is opened as a path only (``O_PATH``), enough for its identity.
    """
    flags = os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC
    try:
        return os.open(name, flags, dir_fd=dfd)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse(ChangedMeanwhile, f"{name} is now a symbolic link; left alone") from None
        if exc.errno == errno.EACCES and hasattr(os, "O_PATH"):
            return os.open(name, os.O_PATH | _O_NOFOLLOW | _O_CLOEXEC, dir_fd=dfd)
        raise


def _copy_metadata(src_fd: int, st: os.stat_result, dst_fd: int, path: Path) -> None:
    """Give the new file the original's owner, extended attributes (ACL included) and mode.

    Owner first (a change of owner clears setuid/setgid), mode last (it must end up exactly
    the original's, whatever setting an ACL did to the group bits).
    """
    if hasattr(os, "fchown"):
        try:
            os.fchown(dst_fd, st.st_uid, st.st_gid)
        except OSError:
            try:
                os.fchown(dst_fd, -1, st.st_gid)  # not allowed to give the file away: the group at least
            except OSError:
                pass
    if _HAS_XATTR:
        try:
            names = os.listxattr(src_fd)
        except OSError as exc:
            if exc.errno not in (errno.ENOTSUP, errno.EBADF, errno.EOPNOTSUPP):
                raise
            names = []
        for attr in names:
            try:
                os.setxattr(dst_fd, attr, os.getxattr(src_fd, attr))
            except OSError as exc:
                raise _refuse(
                    MetadataError,
                    f"{path}: cannot keep its extended attribute {attr} ({exc.strerror or exc}); left alone",
                ) from None
    os.fchmod(dst_fd, stat.S_IMODE(st.st_mode))


def _link_backup(name: str, dfd: int, path: Path) -> bool:
    """Keep the original as ``NAME.orig`` by a hard link to its inode; False where links are refused."""
    try:
        os.link(name, name + BACKUP_SUFFIX, src_dir_fd=dfd, dst_dir_fd=dfd, follow_symlinks=False)
    except FileExistsError:
        raise _backup_exists(name, path) from None
    except OSError:
        return False
    return True


def _backup_exists(name: str, path: Path) -> OSError:
    keep = path.resolve().with_name(name + BACKUP_SUFFIX)
    return _refuse(BackupExists, f"{keep} already exists; left alone (remove it or repair without --backup)")


def _copy_for_backup(name: str, target_fd: int, dfd: int, path: Path) -> str:
    """A complete, fsynced copy of the original (bytes, metadata, times) under a temporary name."""
    fd, tmp = _create_temp(dfd)
    try:
        with os.fdopen(fd, "wb") as out:
            with os.fdopen(os.dup(target_fd), "rb") as original:
                original.seek(0)
                while block := original.read(1 << 20):
                    out.write(block)
            out.flush()
            os.fsync(out.fileno())
            st = os.fstat(target_fd)
            _copy_metadata(target_fd, st, out.fileno(), path)
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns), dir_fd=dfd)
    except BaseException:
        _unlink(tmp, dfd)
        raise
    return tmp


def _place_backup(copy: str, name: str, dfd: int, path: Path) -> None:
    """Give the complete copy the backup's name, never over an existing backup."""
    keep = name + BACKUP_SUFFIX
    try:
        os.link(copy, keep, src_dir_fd=dfd, dst_dir_fd=dfd, follow_symlinks=False)
    except FileExistsError:
        raise _backup_exists(name, path) from None
    except OSError:  # no hard links: a rename, after a last look (the name was free a moment ago)
        if _lexists(keep, dfd):
            raise _backup_exists(name, path) from None
        os.rename(copy, keep, src_dir_fd=dfd, dst_dir_fd=dfd)
        return
    _unlink(copy, dfd)
