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
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from textmend import pipeline
from textmend.io import files
from textmend.io.files import BackupExists, ChangedMeanwhile, read, write_atomic

MOJIBAKE = "Le cafÃ© est fermÃ© le lundi.\n".encode()
FIXED = "Le café est fermé le lundi.\n".encode()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".textmend-tmp"))


# --- atomic replace -----------------------------------------------------------------------------------


def test_fix_replaces_the_file_by_rename_and_leaves_no_temporary_file(cli, tmp_path: Path) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)
    inode = p.stat().st_ino
    other = tmp_path / "menu-hardlink.txt"
    os.link(p, other)  # a second name for the old inode shows that it was not written into
    r = cli("fix", str(p))
    assert r.code == 0
    assert p.read_bytes() == FIXED
    assert p.stat().st_ino != inode
    assert other.read_bytes() == MOJIBAKE
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace"])
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


def test_a_file_rewritten_with_the_same_size_meanwhile_is_left_alone(cli, tmp_path: Path, monkeypatch) -> None:
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


def test_disk_full_simulated_leaves_the_original_and_no_temporary_file(cli, tmp_path: Path, monkeypatch) -> None:
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

    def refuse(*_a: object, **_k: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
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
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True, check=False)
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
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False).returncode:
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


def test_a_link_given_by_name_to_a_file_outside_its_folder_is_skipped_with_a_note(cli, tmp_path: Path) -> None:
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
    assert r.err.strip() == (f"{p}: error: {earlier} already exists; left alone "
                             "(remove it or repair without --backup)")
    assert p.read_bytes() == MOJIBAKE
    assert earlier.read_bytes() == b"an older original\n"
    assert _leftovers(tmp_path) == []


def test_a_backup_made_for_a_write_that_then_fails_is_removed(tmp_path: Path, monkeypatch) -> None:
    p = tmp_path / "menu.txt"
    p.write_bytes(MOJIBAKE)

    def fail(*_a: object) -> None:
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

    def no_links(*_a: object) -> None:
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
