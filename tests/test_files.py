"""In-place safety: what `textmend fix` does to files on disk, and what it never does.

- Atomic replace: the new bytes arrive by renaming a complete temporary file over the old one;
  a failure at any step leaves the original intact and no temporary file behind.
- Permissions (and owner, where allowed) are kept.
- A file changed by someone else while it was being repaired (size or mtime differ) is left
  alone with an error.
- Disk full and read-only folders leave the original intact and no temporary file. Both are
  simulated with monkeypatching (fsync failing with ENOSPC, mkstemp refused), and also done
  for real where the test can: a 64 KiB tmpfs (needs root and mount), an immutable folder
  (needs chattr on the filesystem of the temporary folder); those tests skip otherwise.
- Symbolic links are repaired at their target only inside the given tree, or skipped with a note.
- ``--backup`` keeps the original beside the file as ``NAME.orig``, never overwriting one.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from textmend import pipeline
from textmend.io import files
from textmend.io.files import read
from textmend.io.write import BackupExists, ChangedMeanwhile, write_atomic

MOJIBAKE = "Le cafÃ© est fermÃ© le lundi.\n".encode()
FIXED = "Le café est fermé le lundi.\n".encode()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".textmend-tmp"))


# --- atomic replace -----------------------------------------------------------------------------------


def test_fix_replaces_the_file_by_rename_and_leaves_no_temporary_file(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    inode = p.stat().st_ino
    r = cli("fix", str(p))
    assert r.code == 0
    assert p.read_bytes() == FIXED
    assert p.stat().st_ino != inode
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("step", ["write", "fsync", "fchmod", "replace"])
def test_a_failure_at_any_step_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    _, snap = read(p)

    def fail(*_a: object, **_k: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    if step == "write":
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, f: object) -> None:
                self.f = f

            def __enter__(self) -> Failing:
                return self

            def __exit__(self, *exc: object) -> None:
                self.f.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> int:
                self.f.write(data[: len(data) // 2])  # type: ignore[attr-defined]
                raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(os, step, fail)
    with pytest.raises(OSError):
        write_atomic(p, FIXED, snap)
    monkeypatch.undo()
    assert p.read_bytes() == MOJIBAKE
    assert _leftovers(tmp_path) == []


def test_an_interrupt_while_writing_also_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)

    def interrupt(*_a: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(p, FIXED, read(p)[1])
    monkeypatch.undo()
    assert p.read_bytes() == MOJIBAKE and _leftovers(tmp_path) == []


# --- permissions and owner -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444])
def test_permissions_are_kept(cli, tmp_path: Path, mode: int) -> None:
    p = tmp_path / "script.txt"
    p.write_bytes(MOJIBAKE)
    os.chmod(p, mode)
    r = cli("fix", str(p))
    assert r.code == 0
    assert stat.S_IMODE(p.stat().st_mode) == mode
    assert p.read_bytes() == FIXED


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_owner_and_group_are_kept(cli, tmp_path: Path) -> None:
    p = tmp_path / "theirs.txt"
    p.write_bytes(MOJIBAKE)
    os.chown(p, 4321, 8765)
    assert cli("fix", str(p)).code == 0
    st = p.stat()
    assert (st.st_uid, st.st_gid) == (4321, 8765)


# --- changed by someone else meanwhile -----------------------------------------------------------------------


def _meddle(monkeypatch: pytest.MonkeyPatch, path: Path, change: object) -> None:
    """Make `change(path)` happen while the pipeline repairs the file (after it was read)."""
    real = pipeline.repair_bytes

    def repair(data: bytes, options: object) -> object:
        change(path)  # type: ignore[operator]
        return real(data, options)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "repair_bytes", repair)


def test_a_file_that_grew_meanwhile_is_left_alone_with_an_error(cli, tmp_path: Path, monkeypatch) -> None:
    p = tmp_path / "log.txt"
    p.write_bytes(MOJIBAKE)
    _meddle(monkeypatch, p, lambda q: q.write_bytes(MOJIBAKE + b"a line someone added\n"))
    r = cli("fix", str(p))
    assert r.code == 2
    assert r.err.strip() == f"{p}: error: {p} changed on disk while it was being repaired; left alone"
    assert p.read_bytes() == MOJIBAKE + b"a line someone added\n"
    assert _leftovers(tmp_path) == []


def test_a_file_rewritten_with_the_same_size_meanwhile_is_left_alone(
    cli, tmp_path: Path, monkeypatch
) -> None:
    p = tmp_path / "log.txt"
    p.write_bytes(MOJIBAKE)
    st = p.stat()
    other = MOJIBAKE.replace(b"lundi", b"mardi")

    def rewrite(q: Path) -> None:
        q.write_bytes(other)
        os.utime(q, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # same size, a later mtime

    _meddle(monkeypatch, p, rewrite)
    r = cli("fix", str(p))
    assert r.code == 2 and "changed on disk" in r.err
    assert p.read_bytes() == other


def test_a_file_removed_meanwhile_is_not_recreated(tmp_path: Path) -> None:
    p = tmp_path / "gone.txt"
    p.write_bytes(MOJIBAKE)
    _, snap = read(p)
    p.unlink()
    with pytest.raises(ChangedMeanwhile):
        write_atomic(p, FIXED, snap)
    assert not p.exists() and _leftovers(tmp_path) == []


# --- disk full, read-only folder ---------------------------------------------------------------------------


def test_disk_full_simulated_leaves_the_original_and_no_temporary_file(
    cli, tmp_path: Path, monkeypatch
) -> None:
    """Simulated: fsync fails with ENOSPC, as it does when delayed allocation runs out of room."""
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    r = cli("fix", str(p))
    monkeypatch.undo()
    assert r.code == 2
    assert r.err.strip() == f"{p}: error: No space left on device"
    assert p.read_bytes() == MOJIBAKE
    assert _leftovers(tmp_path) == []


def test_read_only_folder_simulated_leaves_the_original(cli, tmp_path: Path, monkeypatch) -> None:
    """Simulated: creating the temporary file is refused, as in a folder without write permission
    (chmod does not stop root, who may run these tests)."""
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)

    real_open = os.open

    def refuse(path: object, flags: int, *a: object, **k: object) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    r = cli("fix", str(p))
    monkeypatch.undo()
    assert r.code == 2
    assert r.err.strip() == f"{p}: error: Permission denied"
    assert p.read_bytes() == MOJIBAKE
    assert _leftovers(tmp_path) == []


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB filesystem, mounted for the test (root only; skipped where mount is refused)."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if not shutil.which("mount"):
        pytest.skip("no mount command")
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True, check=False
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode(errors='replace').strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, check=False)


def test_disk_full_for_real_leaves_the_original_and_no_temporary_file(cli, tiny_tmpfs: Path) -> None:
    big = ("Grüße aus Köln, schönes Wetter heute.\n".encode("cp1252")) * 1000  # 38 KB, grows as UTF-8
    p = tiny_tmpfs / "letter.txt"
    p.write_bytes(big)
    assert len(big) * 2 > 64 * 1024 - len(big)  # the UTF-8 copy cannot fit beside the original
    r = cli("fix", "--encoding", "cp1252", str(p))
    assert r.code == 2
    assert "No space left on device" in r.err
    assert p.read_bytes() == big
    assert _leftovers(tiny_tmpfs) == []


def test_read_only_filesystem_for_real_leaves_the_original(cli, tiny_tmpfs: Path) -> None:
    p = tiny_tmpfs / "menu.txt"
    p.write_bytes(MOJIBAKE)
    proc = subprocess.run(["mount", "-o", "remount,ro", str(tiny_tmpfs)], capture_output=True, check=False)
    if proc.returncode != 0:
        pytest.skip("cannot remount read-only")
    r = cli("fix", str(p))
    assert r.code == 2
    assert "Read-only file system" in r.err
    assert p.read_bytes() == MOJIBAKE


def test_immutable_folder_for_real_leaves_the_original(cli, tmp_path: Path) -> None:
    """chattr +i makes a folder read-only even for root (ext4 and friends)."""
    folder = tmp_path / "frozen"
    folder.mkdir()
    p = folder / "menu.txt"
    p.write_bytes(MOJIBAKE)
    if (
        not shutil.which("chattr")
        or subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False).returncode
    ):
        pytest.skip("chattr +i is not available on this filesystem")
    try:
        r = cli("fix", str(p))
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True, check=False)
    assert r.code == 2
    assert "not permitted" in r.err or "Permission denied" in r.err
    assert p.read_bytes() == MOJIBAKE
    assert _leftovers(folder) == []


# --- symbolic links -------------------------------------------------------------------------------------------


def test_a_link_given_by_name_is_repaired_at_its_target_inside_its_folder(cli, tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    target = tmp_path / "notes" / "real.txt"
    target.write_bytes(MOJIBAKE)
    link = tmp_path / "notes" / "link.txt"
    link.symlink_to("real.txt")
    r = cli("fix", str(link))
    assert r.code == 0
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert target.read_bytes() == FIXED


def test_a_link_given_by_name_to_a_file_outside_its_folder_is_skipped_with_a_note(
    cli, tmp_path: Path
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "project").mkdir()
    target = tmp_path / "elsewhere" / "shared.txt"
    target.write_bytes(MOJIBAKE)
    link = tmp_path / "project" / "shared.txt"
    link.symlink_to(target)
    r = cli("fix", str(link))
    assert r.code == 0
    assert r.err.strip().startswith(f"{link}: note: symbolic link to {target}, outside")
    assert target.read_bytes() == MOJIBAKE
    r = cli("fix", str(target))  # naming the target repairs it
    assert r.code == 0 and target.read_bytes() == FIXED


def test_links_inside_a_folder_follow_the_tree_rule(cli, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(MOJIBAKE)
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / ".git").mkdir()
    real = tree / "sub" / "real.txt"
    real.write_bytes(MOJIBAKE)
    hidden = tree / ".git" / "config.txt"
    hidden.write_bytes(MOJIBAKE)
    (tree / "a-inside.txt").symlink_to("sub/real.txt")
    (tree / "b-outside.txt").symlink_to(outside)
    (tree / "c-broken.txt").symlink_to("nowhere.txt")
    (tree / "d-folder").symlink_to(tmp_path)
    (tree / "e-vcs.txt").symlink_to(".git/config.txt")
    r = cli("fix", str(tree))
    assert r.code == 0
    assert real.read_bytes() == FIXED  # once, under its own name
    assert outside.read_bytes() == MOJIBAKE
    assert hidden.read_bytes() == MOJIBAKE
    notes = sorted(line for line in r.err.splitlines() if ": note: " in line)
    assert notes == [
        f"{tree / 'a-inside.txt'}: note: symbolic link to {Path('sub/real.txt')}, repaired under that name",
        f"{tree / 'b-outside.txt'}: note: symbolic link to {outside}, outside {tree}: skipped",
        f"{tree / 'c-broken.txt'}: note: broken symbolic link, skipped",
        f"{tree / 'd-folder'}: note: symbolic link to a folder, not followed",
        f"{tree / 'e-vcs.txt'}: note: symbolic link to {hidden}, which is not walked: skipped",
    ]
    assert all(p.is_symlink() for p in tree.iterdir() if p.name[0] in "abcde")


def test_walk_yields_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x")
    (tmp_path / "b.txt").symlink_to("a.txt")
    targets = [t for t in files.walk([str(tmp_path)]) if isinstance(t, files.Target)]
    assert [t.display for t in targets] == [str(tmp_path / "a.txt")]


# --- --backup ---------------------------------------------------------------------------------------------------


def test_backup_keeps_the_original_beside_the_file(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    os.chmod(p, 0o640)
    r = cli("fix", "--backup", str(p))
    assert r.code == 0
    assert p.read_bytes() == FIXED
    kept = tmp_path / "menu.txt.orig"
    assert kept.read_bytes() == MOJIBAKE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_backup_is_not_made_for_a_file_that_does_not_change(cli, tmp_path: Path) -> None:
    p = tmp_path / "clean.txt"
    p.write_bytes(FIXED)
    assert cli("fix", "--backup", str(p)).code == 0
    assert sorted(x.name for x in tmp_path.iterdir()) == ["clean.txt"]


def test_an_existing_backup_is_never_overwritten(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    earlier = tmp_path / "menu.txt.orig"
    earlier.write_bytes(b"an older original\n")
    r = cli("fix", "--backup", str(p))
    assert r.code == 2
    assert r.err.strip() == (
        f"{p}: error: {earlier} already exists; left alone (remove it or repair without --backup)"
    )
    assert p.read_bytes() == MOJIBAKE
    assert earlier.read_bytes() == b"an older original\n"
    assert _leftovers(tmp_path) == []


def test_a_backup_made_for_a_write_that_then_fails_is_removed(tmp_path: Path, monkeypatch) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)

    def fail(*_a: object, **_k: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(p, FIXED, read(p)[1], backup=True)
    monkeypatch.undo()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["menu.txt"]
    assert p.read_bytes() == MOJIBAKE


def test_backup_is_copied_where_hard_links_are_refused(tmp_path: Path, monkeypatch) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)

    def no_links(*_a: object, **_k: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_atomic(p, FIXED, read(p)[1], backup=True)
    assert (tmp_path / "menu.txt.orig").read_bytes() == MOJIBAKE
    assert p.read_bytes() == FIXED
    with pytest.raises(BackupExists):
        write_atomic(p, MOJIBAKE, read(p)[1], backup=True)


def test_backup_of_a_link_is_kept_beside_its_target(cli, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "real.txt"
    target.write_bytes(MOJIBAKE)
    (tmp_path / "data" / "link.txt").symlink_to("real.txt")
    assert cli("fix", "--backup", str(tmp_path / "data" / "link.txt")).code == 0
    assert (tmp_path / "data" / "real.txt.orig").read_bytes() == MOJIBAKE
    assert not (tmp_path / "data" / "link.txt.orig").exists()


def test_a_broken_link_given_by_name_is_an_error(cli, tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to("gone.txt")
    r = cli("fix", str(link))
    assert r.code == 2
    assert r.err.strip() == f"{link}: error: broken symbolic link"


# --- hostile filesystems: planted and swapped links --------------------------------------------------------------


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim" / "important.conf"
    victim.parent.mkdir()
    victim.write_bytes(b"do not touch\n")
    return victim


def test_a_link_planted_at_the_old_temporary_name_is_never_followed(cli, tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "a.txt").write_bytes(MOJIBAKE)
    for name in (".out.txt.textmend-tmp", ".report.json.textmend-tmp", ".a.txt.textmend-tmp"):
        (shared / name).symlink_to("../victim/important.conf")
    r = cli(
        "fix",
        str(shared / "a.txt"),
        "-o",
        str(shared / "out.txt"),
        "--report-file",
        str(shared / "report.json"),
    )
    assert r.code == 0, r.err
    assert (shared / "out.txt").read_bytes() == FIXED
    assert b'"files"' in (shared / "report.json").read_bytes() or (shared / "report.json").stat().st_size > 0
    assert cli("fix", str(shared / "a.txt")).code == 0  # in place, too
    assert victim.read_bytes() == b"do not touch\n"
    assert all((shared / n).is_symlink() for n in (".out.txt.textmend-tmp", ".a.txt.textmend-tmp"))


def test_temporary_names_are_random_and_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_open = os.open

    def spy(path: object, flags: int, *a: object, **k: object) -> int:
        if flags & os.O_CREAT:
            assert flags & os.O_EXCL and flags & os.O_NOFOLLOW
            seen.append(str(path))
        return real_open(path, flags, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy)
    p = tmp_path / ("x" * 240 + ".txt")
    for _ in range(2):
        write_atomic(p, FIXED)
    monkeypatch.undo()
    assert len(seen) == 2 and seen[0] != seen[1]
    assert all(len(name) < 40 and name.endswith(".textmend-tmp") and "xx" not in name for name in seen)


def test_a_name_of_250_bytes_can_be_fixed(cli, tmp_path: Path) -> None:
    p = tmp_path / ("é" * 123 + ".txt")  # 250 bytes in UTF-8
    assert len(os.fsencode(p.name)) == 250
    p.write_bytes(MOJIBAKE)
    r = cli("fix", str(p))
    assert r.code == 0, r.err
    assert p.read_bytes() == FIXED
    assert _leftovers(tmp_path) == []


def test_a_file_swapped_for_a_link_meanwhile_is_left_alone(cli, tmp_path: Path, monkeypatch) -> None:
    victim = _victim(tmp_path)
    p = tmp_path / "tree" / "a.txt"
    p.parent.mkdir()
    p.write_bytes(MOJIBAKE)

    def swap(q: Path) -> None:
        q.unlink()
        q.symlink_to(victim)

    _meddle(monkeypatch, p, swap)
    r = cli("fix", str(p))
    assert r.code == 2
    assert "symbolic link; left alone" in r.err or "changed on disk" in r.err
    assert victim.read_bytes() == b"do not touch\n"
    assert p.is_symlink()
    assert _leftovers(p.parent) == []


def test_a_replacement_with_the_same_size_and_mtime_is_noticed(cli, tmp_path: Path, monkeypatch) -> None:
    p = tmp_path / "log.txt"
    p.write_bytes(MOJIBAKE)
    st = p.stat()
    other = MOJIBAKE.replace(b"lundi", b"mardi")

    def replace(q: Path) -> None:
        new = q.with_name("new.txt")
        new.write_bytes(other)
        os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(new, q)  # same size, same mtime: only the inode tells

    _meddle(monkeypatch, p, replace)
    r = cli("fix", str(p))
    assert r.code == 2 and "changed on disk" in r.err
    assert p.read_bytes() == other


# --- hostile filesystems: targets that are not regular files -------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root")
def test_output_to_a_device_node_writes_into_it_and_keeps_it(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(MOJIBAKE)
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second /dev/null
    r = cli("fix", str(tmp_path / "a.txt"), "-o", str(node))
    assert r.code == 0, r.err
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert _leftovers(tmp_path) == []


def test_output_to_dev_null_keeps_it_a_device(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(MOJIBAKE)
    assert cli("fix", str(tmp_path / "a.txt"), "-o", os.devnull).code == 0
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def _textmend(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """The real command in a child process (a pipe for stdout; a hang fails the test, not the suite)."""
    return subprocess.run(
        [sys.executable, "-m", "textmend", *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_output_and_report_to_dev_stdout_do_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(MOJIBAKE)
    r = _textmend("fix", "a.txt", "-o", "/dev/stdout", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == FIXED
    r = _textmend("check", "a.txt", "--report", "json", "--report-file", "/dev/stdout", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert b'"TM201"' in r.stdout
    assert (tmp_path / "a.txt").read_bytes() == MOJIBAKE


def test_output_to_a_fifo_without_reader_is_an_error_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(MOJIBAKE)
    os.mkfifo(tmp_path / "p")
    r = _textmend("fix", "a.txt", "-o", "p", cwd=tmp_path)
    assert r.returncode == 2
    assert b"a FIFO that nobody reads" in r.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "p").st_mode)


def test_output_to_a_fifo_with_a_reader_is_written_into(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(MOJIBAKE)
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there; the pipe buffer holds the text
    try:
        r = cli("fix", str(tmp_path / "a.txt"), "-o", str(fifo))
        got = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert r.code == 0, r.err
    assert got == FIXED
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_folder_walks_skip_fifos_devices_and_leftovers_without_opening_them(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_bytes(MOJIBAKE)
    os.mkfifo(d / "p")
    (d / ".a.txt.k3j2h1g0f9.textmend-tmp").write_bytes(MOJIBAKE)  # left by a killed run
    if os.geteuid() == 0:
        os.mknod(d / "zero", 0o666 | stat.S_IFCHR, os.makedev(1, 5))
    r = _textmend("check", "d", cwd=tmp_path)
    assert r.returncode == 1
    err = r.stderr.decode()
    assert f"{Path('d/p')}: note: a FIFO, skipped" in err
    assert "a temporary file left by an interrupted textmend run" in err
    if os.geteuid() == 0:
        assert f"{Path('d/zero')}: note: a character device, skipped" in err
    assert r.stdout.decode().count("TM201") == 1  # a.txt only
    r = _textmend("check", "d/p", cwd=tmp_path)  # named on the command line: a note, no hang
    assert r.returncode == 0 and b"not a regular file (a FIFO), skipped" in r.stderr


def test_a_path_longer_than_path_max_is_an_error_for_that_item_only(cli, tmp_path: Path) -> None:
    root = tmp_path / "deep"
    root.mkdir()
    (root / "a.txt").write_bytes(MOJIBAKE)
    fd = os.open(root, os.O_RDONLY)
    part = "p" * 200
    try:
        for _ in range(25):  # 25 x 201 bytes: beyond PATH_MAX (4096 on Linux)
            os.mkdir(part, dir_fd=fd)
            nxt = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        leaf = os.open("z.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, MOJIBAKE)
        os.close(leaf)
    finally:
        os.close(fd)
    r = cli("check", str(root))
    assert r.code == 2
    assert "path too long for the system" in r.err
    assert r.out.decode().count("TM201") == 1  # a.txt, and the walk went on
    subprocess.run(["rm", "-rf", str(root)], check=False)


# --- hostile filesystems: what a file carries ------------------------------------------------------------------


def test_setuid_and_setgid_bits_are_kept(cli, tmp_path: Path) -> None:
    p = tmp_path / "tool.sh"
    p.write_bytes(MOJIBAKE)
    os.chmod(p, 0o6755)
    if stat.S_IMODE(p.stat().st_mode) != 0o6755:
        pytest.skip("this filesystem or user cannot set setuid/setgid bits")
    assert cli("fix", str(p)).code == 0
    assert p.read_bytes() == FIXED
    assert stat.S_IMODE(p.stat().st_mode) == 0o6755


def _xattr_or_skip(p: Path, name: str, value: bytes) -> None:
    if not hasattr(os, "setxattr"):
        pytest.skip("no extended attributes on this platform")
    try:
        os.setxattr(p, name, value)
    except OSError as exc:
        pytest.skip(f"this filesystem does not take {name}: {exc.strerror}")


def test_extended_attributes_are_kept(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    _xattr_or_skip(p, "user.origin", b"crawl-2026-11")
    assert cli("fix", str(p)).code == 0
    assert p.read_bytes() == FIXED
    assert os.getxattr(p, "user.origin") == b"crawl-2026-11"


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX ACL in the kernel's xattr form: version 2, then (tag, perm, id) entries."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, uid) for tag, perm, uid in entries)


def test_a_posix_acl_is_kept_and_the_group_gains_nothing(cli, tmp_path: Path) -> None:
    p = tmp_path / "shared.txt"
    p.write_bytes(MOJIBAKE)
    os.chmod(p, 0o640)
    undefined = 0xFFFFFFFF
    acl = _acl(
        (0x01, 6, undefined),
        (0x02, 6, 4242),
        (0x04, 4, undefined),
        (0x10, 6, undefined),
        (0x20, 0, undefined),
    )
    _xattr_or_skip(p, "system.posix_acl_access", acl)
    mode = stat.S_IMODE(p.stat().st_mode)  # the group bits now show the ACL mask (rw)
    assert cli("fix", str(p)).code == 0
    assert p.read_bytes() == FIXED
    assert os.getxattr(p, "system.posix_acl_access") == acl
    assert stat.S_IMODE(p.stat().st_mode) == mode


def test_an_attribute_that_cannot_be_kept_stops_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    _xattr_or_skip(p, "user.origin", b"crawl")

    def refuse(*_a: object, **_k: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "setxattr", refuse)
    with pytest.raises(OSError, match="cannot keep its extended attribute user.origin"):
        write_atomic(p, FIXED, read(p)[1])
    monkeypatch.undo()
    assert p.read_bytes() == MOJIBAKE and _leftovers(tmp_path) == []


def test_hard_links_are_never_split(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    other = tmp_path / "menu-link.txt"
    os.link(p, other)
    r = cli("fix", str(p))
    assert r.code == 2
    assert r.err.strip() == (
        f"{p}: error: {p} has 2 hard links; left alone (rewriting one name would split "
        "them: repair a copy, or break the links first)"
    )
    assert p.read_bytes() == MOJIBAKE and other.read_bytes() == MOJIBAKE
    assert os.stat(p).st_ino == os.stat(other).st_ino
    assert cli("fix", "--backup", str(p)).code == 2
    assert sorted(x.name for x in tmp_path.iterdir()) == ["menu-link.txt", "menu.txt"]


# --- hostile filesystems: --backup on a full disk, SIGTERM ----------------------------------------------------------


def test_backup_on_a_full_disk_simulated_is_absent_not_truncated(cli, tmp_path: Path, monkeypatch) -> None:
    """Simulated: no hard links here (the backup is a copy), and the copy runs out of room."""
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE * 100)

    def no_links(*_a: object, **_k: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    calls = {"n": 0}
    real_fsync = os.fsync

    def full_on_the_second(fd: int) -> None:  # the repaired file fits; its backup copy does not
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "fsync", full_on_the_second)
    r = cli("fix", "--backup", str(p))
    monkeypatch.undo()
    assert r.code == 2 and "No space left on device" in r.err
    assert sorted(x.name for x in tmp_path.iterdir()) == ["menu.txt"]
    assert p.read_bytes() == MOJIBAKE * 100
    assert cli("fix", "--backup", str(p)).code == 0  # and a later run is not refused
    assert (tmp_path / "menu.txt.orig").read_bytes() == MOJIBAKE * 100


def test_backup_on_a_full_disk_for_real_is_absent_not_truncated(cli, tmp_path: Path, monkeypatch) -> None:
    mnt = tmp_path / "small"
    mnt.mkdir()
    if (
        not shutil.which("mount")
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs", str(mnt)], capture_output=True, check=False
        ).returncode
    ):
        pytest.skip("cannot mount a tmpfs here")
    try:
        big = "Grüße aus Köln, schönes Wetter heute.\n".encode("cp1252") * 1000  # 38 KB; 43 KB as UTF-8
        p = mnt / "letter.txt"
        p.write_bytes(big)

        def no_links(*_a: object, **_k: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_links)  # the backup must be a copy, which does not fit
        r = cli("fix", "--backup", "--encoding", "cp1252", str(p))
        monkeypatch.undo()
        assert r.code == 2 and "No space left on device" in r.err
        assert sorted(x.name for x in mnt.iterdir()) == ["letter.txt"]
        assert p.read_bytes() == big
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, check=False)


_SLOW_WRITE = """
import os, sys, time
from pathlib import Path
from textmend.cli import main
real = os.fsync
def slow(fd):
    print("writing", flush=True)
    time.sleep(60)
os.fsync = slow
sys.exit(main(["fix", sys.argv[1]]))
"""


def test_sigterm_while_writing_removes_the_temporary_file_and_exits_143(tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    # The child writes no user cache: a cache miss would be the first file it fsyncs.
    env = {**os.environ, "TEXTMEND_NO_CACHE": "1"}
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITE, str(p)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"writing\n"
        assert len(_leftovers(tmp_path)) == 1  # the temporary file exists now
        child.send_signal(signal.SIGTERM)
        code = child.wait(30)
    finally:
        child.kill()
        child.wait()
    assert code == 143
    assert p.read_bytes() == MOJIBAKE
    assert _leftovers(tmp_path) == []


# --- one writer ---------------------------------------------------------------------------------------------------


def test_every_write_goes_through_io_write() -> None:
    """Only io/write.py renames files or makes temporary names in the target's folder."""
    src = Path(files.__file__).resolve().parent.parent
    offenders = []
    for path in sorted(src.rglob("*.py")):
        if path.name == "write.py" and path.parent.name == "io":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("os.replace(", "os.rename(", "textmend-tmp", "mkstemp("):
            if needle in text:
                offenders.append(f"{path.relative_to(src)}: {needle}")
    assert offenders == []


@pytest.mark.skipif(not hasattr(os, "O_PATH"), reason="O_PATH is Linux only")
def test_a_folder_that_may_be_written_but_not_listed_is_still_written_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated (root may list every folder): opening the folder for reading is refused."""
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    real_open = os.open

    def no_listing(path: object, flags: int, *a: object, **k: object) -> int:
        if flags & os.O_DIRECTORY and not flags & os.O_PATH:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_listing)
    write_atomic(p, FIXED, read(p)[1])
    monkeypatch.undo()
    assert p.read_bytes() == FIXED and _leftovers(tmp_path) == []


def test_sigterm_while_names_change_waits_until_the_backup_and_the_file_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SIGTERM between keeping the backup and the rename is held back until the rename is done."""
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    real_replace = os.replace

    def signalled(*a: object, **k: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # arrives now; must not land between backup and rename
        real_replace(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", signalled)
    with pytest.raises(SystemExit) as ended:
        write_atomic(p, FIXED, read(p)[1], backup=True)
    monkeypatch.undo()
    assert ended.value.code == 143
    assert p.read_bytes() == FIXED and (tmp_path / "menu.txt.orig").read_bytes() == MOJIBAKE
    assert _leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_the_writer_leaves_no_file_descriptor_open(tmp_path: Path) -> None:
    before = len(os.listdir("/proc/self/fd"))
    for i in range(10):
        write_atomic(tmp_path / "same.txt", FIXED)  # replaced
        write_atomic(tmp_path / f"new-{i}.txt", FIXED)  # created
        with pytest.raises(ChangedMeanwhile):
            write_atomic(tmp_path / "gone.txt", FIXED, read(tmp_path / "same.txt")[1])  # refused
    assert len(os.listdir("/proc/self/fd")) == before


# --- the same writer for files repaired chunk by chunk -------------------------------------------------------------


def _big(tmp_path: Path) -> Path:
    p = tmp_path / "big.txt"
    p.write_bytes(("Une ligne propre et assez longue pour remplir les morceaux.\n" * 40).encode() + MOJIBAKE)
    return p


def test_a_streamed_file_with_hard_links_is_left_alone(tmp_path: Path) -> None:
    from textmend.io import stream
    from textmend.options import Options

    p = _big(tmp_path)
    os.link(p, tmp_path / "other-name.txt")
    before = p.read_bytes()
    with pytest.raises(OSError, match="has 2 hard links"):
        stream.repair_file(p, Options(), write=True, chunk_bytes=512)
    assert p.read_bytes() == before and _leftovers(tmp_path) == []


def test_a_streamed_file_swapped_for_a_link_meanwhile_is_left_alone(tmp_path: Path) -> None:
    from textmend.io import stream
    from textmend.options import Options

    victim = _victim(tmp_path)
    victim.write_bytes(b"do not touch\n" * 1000)  # longer than the part copied from the input
    p = _big(tmp_path)

    def swap(_item: object) -> None:
        if not p.is_symlink():
            p.unlink()
            p.symlink_to(victim)

    with pytest.raises(ChangedMeanwhile):
        stream.repair_file(p, Options(), write=True, chunk_bytes=512, on_item=swap)
    assert victim.read_bytes() == b"do not touch\n" * 1000 and p.is_symlink()
    assert _leftovers(tmp_path) == []


def test_a_streamed_repair_to_a_device_writes_into_it(tmp_path: Path) -> None:
    from textmend.io import stream
    from textmend.options import Options

    p = _big(tmp_path)
    r = stream.repair_file(p, Options(), output=Path(os.devnull), chunk_bytes=512)
    assert r.written and r.changed
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def test_a_read_cut_short_is_read_on_to_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read may return less than asked (Linux stops at 2 GiB a call, a signal cuts it): the
    file is still read whole, and a file that grew after its fstat is read to its new end."""
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE * 1000)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 4096)))
    assert read(p)[0] == MOJIBAKE * 1000
    monkeypatch.undo()
    real_fstat = os.fstat

    def stale_fstat(fd: int) -> os.stat_result:  # the size before a writer appended
        st = real_fstat(fd)
        return os.stat_result((*st[:6], st.st_size - len(MOJIBAKE), *st[7:10]))

    monkeypatch.setattr(os, "fstat", stale_fstat)
    assert read(p)[0] == MOJIBAKE * 1000
