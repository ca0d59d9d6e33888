"""--jobs: files processed in worker processes give the same results, in input order."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from textmend import runner
from textmend.io.files import Problem, Target, walk
from textmend.options import Options
from textmend.runner import FileResult, RepairJob, process

BROKEN = "Der Bäcker öffnet um sechs Uhr. Die Brötchen sind frisch.\n"
MOJIBAKE = BROKEN.encode("utf-8").decode("cp1252").encode("utf-8")


def _corpus(folder: Path, n: int = 40) -> list[Path]:
    """`n` files; every third one has mojibake on a line that depends on its number."""
    paths = []
    for i in range(n):
        lines = [f"Datei {i}, Zeile {j}: alles in Ordnung.\n".encode() for j in range(i % 7 + 3)]
        if i % 3 == 0:
            lines.insert(i % 4, MOJIBAKE)
        p = folder / f"f{i:03d}.txt"
        p.write_bytes(b"".join(lines))
        paths.append(p)
    return paths


def _pid(target: Target) -> FileResult:
    """A picklable work function that records which process did the work."""
    return FileResult(target, data=str(os.getpid()).encode())


@pytest.fixture
def pool_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "POOL_MIN_BYTES", 0)


def test_parallel_results_equal_sequential_results_in_input_order(tmp_path: Path, pool_always: None) -> None:
    _corpus(tmp_path)
    items = [*walk([str(tmp_path)]), Problem("gone.txt", "no such file or directory"), *walk([str(tmp_path)])]
    job = RepairJob(Options())
    one = list(process(items, job, jobs=1))
    two = list(process(items, job, jobs=2))
    assert [r.target.display for r in two] == [r.target.display for r in one]
    assert [r.problem for r in two] == [r.problem for r in one]
    assert [(r.repair.text, r.repair.changes) if r.repair else None for r in two] == [
        (r.repair.text, r.repair.changes) if r.repair else None for r in one
    ]
    assert sum(1 for r in two if r.repair and r.repair.changes) == 2 * 14


def test_workers_are_other_processes_and_stdin_stays_in_this_one(tmp_path: Path, pool_always: None) -> None:
    _corpus(tmp_path, 8)
    items = [Target("-", None), *walk([str(tmp_path)])]
    results = list(process(items, _pid, jobs=2))
    pids = [int(r.data or b"0") for r in results]
    assert pids[0] == os.getpid()
    assert all(p != os.getpid() for p in pids[1:])


def test_few_small_files_do_not_start_a_pool(tmp_path: Path) -> None:
    _corpus(tmp_path, 3)
    results = list(process(list(walk([str(tmp_path)])), _pid, jobs=2))
    assert {int(r.data or b"0") for r in results} == {os.getpid()}


def test_the_job_pickles_with_its_options() -> None:
    job = RepairJob(Options.make("hans", None, None, ["TM101"]), mode="fix")
    again = pickle.loads(pickle.dumps(job))
    assert again == job and again.options.codes == job.options.codes


def test_cli_fix_with_jobs_repairs_every_file_like_one_job(cli, tmp_path: Path, pool_always: None) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    _corpus(a)
    _corpus(b)
    r1 = cli("fix", "--jobs", "1", str(a))
    r2 = cli("fix", "--jobs", "2", str(b))
    assert r1.code == r2.code == 0
    assert r1.err.replace(str(a), "X") == r2.err.replace(str(b), "X")
    for p in sorted(a.iterdir()):
        assert p.read_bytes() == (b / p.name).read_bytes()
        assert MOJIBAKE not in p.read_bytes()
    assert r2.err.count("fixed ") == 14


def test_cli_check_and_detect_with_jobs_print_in_input_order(cli, tmp_path: Path, pool_always: None) -> None:
    _corpus(tmp_path)
    one = cli("check", "-j", "1", str(tmp_path))
    two = cli("check", "-j", "2", str(tmp_path))
    assert one.code == two.code == 1
    assert one.out == two.out and one.out
    d1 = cli("detect", "-j", "1", str(tmp_path))
    d2 = cli("detect", "-j", "2", str(tmp_path))
    assert d1.out == d2.out and d1.out.count(b"\n") == 40


def test_jobs_must_be_positive(cli, tmp_path: Path) -> None:
    r = cli("check", "--jobs", "0", str(tmp_path))
    assert r.code == 2 and "--jobs" in r.err


def _square_after(n: int) -> tuple[int, int]:
    """A picklable task whose duration varies (later items finish first), with its process."""
    import time

    time.sleep(0.002 * (n % 5))
    return n * n, os.getpid()


def test_the_one_pool_gives_results_in_input_order_with_a_bounded_window() -> None:
    from textmend import pool

    taken: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(60):
            taken.append(i)
            yield i

    got = pool.ordered_map(_square_after, items(), jobs=2, window=4)
    first = next(got)
    assert first[0] == 0
    assert len(taken) <= 4 + 1  # no more submitted than the window (and the one being read)
    rest = list(got)
    assert [r[0] for r in [first, *rest]] == [i * i for i in range(60)]
    assert all(pid != os.getpid() for _, pid in [first, *rest])
    batched = list(pool.ordered_map(_square_after, range(60), jobs=2, batch=7))
    assert [r[0] for r in batched] == [i * i for i in range(60)]
