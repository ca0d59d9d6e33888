"""Corpus mode: JSONL and Parquet records, bad records, the summary field, Dask, pandas, datatrove."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from textmend import corpus
from textmend.corpus import RecordJob
from textmend.options import Options

GOOD = [
    "Die Straßenbahn fährt heute nicht über die Brücke.",
    "今天的会议改到下午四点，请大家准时参加。",
    "La réunion est reportée à jeudi, désolé.",
    "Plain ASCII text about the weather in May.",
]


def _mojibake(s: str) -> str:
    return s.encode("utf-8").decode("cp1252", errors="replace")


def _records(n: int = 120) -> list[str]:
    """JSONL lines: some with mojibake, one without text, two that are not records."""
    lines = []
    for i in range(n):
        text = GOOD[i % len(GOOD)]
        if i % 5 == 0 and not text.isascii() and "\ufffd" not in _mojibake(text):
            text = _mojibake(text)
        lines.append(json.dumps({"id": i, "text": text, "lang": "xx", "score": i / 10}, ensure_ascii=False))
    lines[17] = '{"id": 17, "text": "unterminated'
    lines[42] = '["a list", "not an object"]'
    lines[60] = json.dumps({"id": 60, "title": "no text field"})
    return lines


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    p = tmp_path / "crawl.jsonl"
    p.write_text("\n".join(_records()) + "\n", encoding="utf-8")
    return p


def test_repairs_the_field_and_keeps_everything_else(jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    stats = corpus.run_jsonl(jsonl, out, RecordJob("text", Options()))
    src = jsonl.read_text(encoding="utf-8").splitlines()
    dst = out.read_text(encoding="utf-8").splitlines()
    assert stats.records == 120 and stats.bad == 2 and len(dst) == 118
    assert stats.no_text == 1
    good_src = [line for i, line in enumerate(src) if i not in (17, 42)]
    for before, after in zip(good_src, dst):
        a, b = json.loads(before), json.loads(after)
        assert {k: v for k, v in a.items() if k != "text"} == {k: v for k, v in b.items() if k != "text"}
        if "text" in b:
            assert b["text"] in GOOD
            if a["text"] == b["text"]:
                assert before == after  # an unchanged record is written back byte for byte
    repaired = sum(1 for before, after in zip(good_src, dst) if before != after)
    assert repaired == stats.changed > 0
    assert stats.changes.get("TM201") == stats.changed


def test_bad_records_are_counted_with_line_numbers_and_copied_to_rejects(jsonl: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    stats = corpus.run_jsonl(jsonl, tmp_path / "out.jsonl", RecordJob(), rejects=rejects)
    assert [line for line, _ in stats.bad_examples] == [18, 43]
    assert "not JSON" in stats.bad_examples[0][1] and "not an object" in stats.bad_examples[1][1]
    assert rejects.read_text(encoding="utf-8").splitlines() == [_records()[17], _records()[42]]


def test_invalid_utf8_is_a_bad_record_not_a_crash(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n{"text": "fine"}\n')
    out = tmp_path / "out.jsonl"
    stats = corpus.run_jsonl(src, out, RecordJob())
    assert stats.bad == 1 and stats.bad_examples == [(2, "not UTF-8")]
    assert out.read_bytes() == b'{"text": "ok"}\n{"text": "fine"}\n'


def test_summary_field_says_what_changed(jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    corpus.run_jsonl(jsonl, out, RecordJob("text", Options(), summary_field="textmend"))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with_text = [r for r in rows if "text" in r]
    assert all("textmend" in r for r in with_text)
    changed = [r for r in with_text if r["textmend"]["changed"]]
    assert changed and all(r["textmend"]["changes"] == {"TM201": 1} for r in changed)
    assert all(
        r["textmend"] == {"changed": False, "changes": {}, "findings": {}}
        for r in with_text
        if not r["textmend"]["changed"]
    )


def test_worker_processes_write_the_same_bytes(jsonl: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    s1 = corpus.run_jsonl(jsonl, one, RecordJob(), jobs=1, part_bytes=1000)
    s2 = corpus.run_jsonl(jsonl, two, RecordJob(), jobs=2, part_bytes=1000)
    assert one.read_bytes() == two.read_bytes()
    assert (s1.records, s1.changed, s1.bad, s1.bad_examples) == (
        s2.records,
        s2.changed,
        s2.bad,
        s2.bad_examples,
    )


def test_parts_cover_the_file_at_line_starts(jsonl: Path) -> None:
    data = jsonl.read_bytes()
    parts = corpus.plan_parts(jsonl, 700)
    assert len(parts) > 5
    assert parts[0][0] == 0 and parts[-1][1] == len(data)
    assert all(a == prev_b for (_, prev_b), (a, _) in zip(parts, parts[1:]))
    assert all(data[a - 1 : a] == b"\n" for a, _ in parts[1:])


def test_cli_corpus_exit_codes_and_summary(cli, jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    r = cli("corpus", str(jsonl), "-o", str(out), "--summary-field", "tm", "--no-progress")
    assert r.code == 1
    assert "120 records" in r.err and "2 bad (skipped)" in r.err and f"{jsonl}:18: bad record" in r.err
    clean = tmp_path / "clean.jsonl"
    clean.write_text(json.dumps({"text": GOOD[1]}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = cli("corpus", str(clean), "-o", str(tmp_path / "c2.jsonl"), "--no-progress")
    assert r.code == 0
    assert (tmp_path / "c2.jsonl").read_bytes() == clean.read_bytes()
    r = cli("corpus", str(clean), "-o", str(clean))
    assert r.code == 2


def test_dask_local_scheduler_writes_what_the_plain_run_writes(jsonl: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    plain, dasked = tmp_path / "plain.jsonl", tmp_path / "dask.jsonl"
    job = RecordJob("text", Options(), summary_field="tm")
    s1 = corpus.run_jsonl(jsonl, plain, job, part_bytes=2000)
    s2 = corpus.run_dask(jsonl, dasked, job, jobs=2, part_bytes=2000)
    assert plain.read_bytes() == dasked.read_bytes()
    assert (s1.records, s1.changed, s1.bad, s1.bad_examples, s1.changes) == (
        s2.records,
        s2.changed,
        s2.bad,
        s2.bad_examples,
        s2.changes,
    )


def test_cli_dask_engine(cli, jsonl: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    out = tmp_path / "out.jsonl"
    r = cli("corpus", str(jsonl), "-o", str(out), "--engine", "dask", "--jobs", "2", "--no-progress")
    assert r.code == 1 and "120 records" in r.err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 118


def test_parquet_keeps_the_schema_and_repairs_the_column(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    texts = [_mojibake(GOOD[0]), GOOD[1], None, _mojibake(GOOD[2]), GOOD[3]] * 50
    table = pa.table({"id": list(range(len(texts))), "text": texts, "lang": ["xx"] * len(texts)})
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(table, src)
    stats = corpus.run_parquet(src, dst, RecordJob("text", Options(), summary_field="tm"), batch_rows=64)
    got = pq.read_table(dst)
    assert got.column_names == ["id", "text", "lang", "tm"]
    assert got.column("id").to_pylist() == table.column("id").to_pylist()
    assert got.column("text").to_pylist() == [GOOD[0], GOOD[1], None, GOOD[2], GOOD[3]] * 50
    assert stats.records == 250 and stats.changed == 100 and stats.no_text == 50
    assert json.loads(got.column("tm")[0].as_py())["changes"] == {"TM201": 1}


def test_fix_series_repairs_strings_and_keeps_the_rest() -> None:
    pd = pytest.importorskip("pandas")
    s = pd.Series([_mojibake(GOOD[0]), None, GOOD[1], 3.5], index=list("abcd"), name="body")
    fixed = corpus.fix_series(s)
    assert fixed.tolist()[0] == GOOD[0] and fixed.tolist()[2] == GOOD[1]
    assert fixed.tolist()[1] is None and fixed.tolist()[3] == 3.5
    assert list(fixed.index) == list("abcd") and fixed.name == "body"
    assert s.tolist()[0] == _mojibake(GOOD[0])  # the input is not modified


def test_datatrove_formatter_repairs_documents() -> None:
    pytest.importorskip("datatrove.pipeline.base")
    from datatrove.data import Document

    from textmend.corpus import TextmendFormatter

    docs = [Document(text=_mojibake(GOOD[2]), id="1"), Document(text=GOOD[1], id="2")]
    step = TextmendFormatter(summary_key="textmend")
    out = list(step.run(iter(docs)))
    assert [d.text for d in out] == [GOOD[2], GOOD[1]]
    assert out[0].metadata["textmend"]["changed"] is True
    assert out[1].metadata["textmend"]["changed"] is False


def test_dask_parquet_through_dask_dataframe_writes_what_the_plain_run_writes(tmp_path: Path) -> None:
    pytest.importorskip("dask.dataframe")
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    texts = [_mojibake(GOOD[0]), GOOD[1], None, _mojibake(GOOD[2]), GOOD[3]] * 40
    table = pa.table(
        {"id": list(range(len(texts))), "text": texts, "score": [i / 4 for i in range(len(texts))]}
    )
    src = tmp_path / "in.parquet"
    pq.write_table(table, src, row_group_size=30)  # 7 row groups: 7 partitions
    job = RecordJob("text", Options(), summary_field="tm")
    plain, dasked = tmp_path / "plain.parquet", tmp_path / "dask.parquet"
    s1 = corpus.run_parquet(src, plain, job, batch_rows=30)
    s2 = corpus.run_dask(src, dasked, job, jobs=2)
    a, b = pq.read_table(plain), pq.read_table(dasked)
    assert b.schema == a.schema and b.to_pylist() == a.to_pylist()
    assert b.column("text").to_pylist() == [GOOD[0], GOOD[1], None, GOOD[2], GOOD[3]] * 40
    assert (s2.records, s2.changed, s2.no_text, s2.changes) == (
        s1.records,
        s1.changed,
        s1.no_text,
        s1.changes,
    )


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Dask scheduler and one worker, started as the ``dask`` command does; its address."""
    pytest.importorskip("distributed")
    tmp_path = tmp_path_factory.mktemp("dask")
    info = tmp_path / "scheduler.json"
    common = ["--no-dashboard"]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_scheduler",
                "--port",
                "0",
                "--scheduler-file",
                str(info),
                *common,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=tmp_path,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text().strip():
            if time.monotonic() > deadline or procs[0].poll() is not None:
                pytest.fail("the dask scheduler did not start")
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written in one go, but be sure it is complete
        address = json.loads(info.read_text())["address"]
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "distributed.cli.dask_worker",
                    address,
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--local-directory",
                    str(tmp_path / "worker"),
                    *common,
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=tmp_path,
            )
        )
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_dask_on_a_scheduler_address_writes_what_the_plain_run_writes(
    dask_cluster: str, jsonl: Path, tmp_path: Path
) -> None:
    plain, dasked = tmp_path / "plain.jsonl", tmp_path / "dask.jsonl"
    job = RecordJob("text", Options(), summary_field="tm")
    s1 = corpus.run_jsonl(jsonl, plain, job, part_bytes=2000)
    s2 = corpus.run_dask(jsonl, dasked, job, scheduler=dask_cluster, part_bytes=2000)
    assert plain.read_bytes() == dasked.read_bytes()
    assert (s2.records, s2.changed, s2.bad, s2.bad_examples) == (
        s1.records,
        s1.changed,
        s1.bad,
        s1.bad_examples,
    )


def test_cli_dask_engine_on_a_scheduler_address(cli, dask_cluster: str, jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    r = cli(
        "corpus", str(jsonl), "-o", str(out), "--engine", "dask", "--scheduler", dask_cluster, "--no-progress"
    )
    assert r.code == 1 and "120 records" in r.err
    corpus.run_jsonl(jsonl, tmp_path / "plain.jsonl", RecordJob())
    assert out.read_bytes() == (tmp_path / "plain.jsonl").read_bytes()


def test_cli_dask_engine_reads_parquet(cli, tmp_path: Path) -> None:
    pytest.importorskip("dask.dataframe")
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    texts = [_mojibake(GOOD[0]), GOOD[1], GOOD[3]] * 20
    src, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(pa.table({"id": list(range(len(texts))), "text": texts}), src, row_group_size=16)
    r = cli("corpus", str(src), "-o", str(out), "--engine", "dask", "--jobs", "2", "--no-progress")
    assert r.code == 1 and "60 records, 20 repaired" in r.err
    assert pq.read_table(out).column("text").to_pylist() == [GOOD[0], GOOD[1], GOOD[3]] * 20
