"""Streaming repair: chunked results equal whole-file results, and a wrong write never happens."""

from __future__ import annotations

import collections
import io
import itertools
import json
import os
import re
import stat
import tempfile
from pathlib import Path

import pytest

from textmend import pipeline
from textmend.errors import DecodeError
from textmend.io import stream
from textmend.options import Options
from textmend.zh.detect import analyse

CLEAN_ZH = "今天下午三点，图书馆的阅览室里坐满了准备期末考试的学生。\n"
CLEAN_FR = "Le boulanger ouvre sa boutique à six heures, même le dimanche.\n"
BROKEN_FR = "Le cafÃ© du coin est fermÃ© pour travaux jusqu'Ã  lundi.\n"
FIXED_FR = "Le café du coin est fermé pour travaux jusqu'à lundi.\n"


def _text(n: int = 400, every: int = 23) -> str:
    lines = []
    for i in range(n):
        if i % every == 5:
            lines.append(f"{i:04d} " + BROKEN_FR)
        else:
            lines.append(f"{i:04d} " + (CLEAN_ZH if i % 2 else CLEAN_FR))
    return "".join(lines)


def _key(items: list) -> list[tuple]:
    return [(i.code, i.line, i.col, i.start, i.end, i.before, getattr(i, "after", None)) for i in items]


def test_chunks_end_at_line_breaks_and_add_up_to_the_input() -> None:
    data = _text().encode("utf-8") + b"last line without a break " * 30
    chunks = list(stream.iter_chunks(io.BytesIO(data), 1000))
    assert len(chunks) > 10
    assert b"".join(chunks) == data
    assert all(c.endswith(b"\n") for c in chunks[:-1])


def test_a_line_longer_than_a_chunk_is_cut_at_a_space_inside_ascii() -> None:
    line = (
        "The bakery on the corner opens at six in the morning and closes late at night. "
        "Its café, « Chez Léa », serves coffee. " * 1 + "Bread is baked twice a day here. "
    ) * 40
    data = b"short\n" + line.encode() + b"\nend\n"
    chunks = list(stream.iter_chunks(io.BytesIO(data), 1000))
    assert b"".join(chunks) == data
    ends = [sum(map(len, chunks[: i + 1])) for i, c in enumerate(chunks[:-1]) if not c.endswith(b"\n")]
    assert ends, "the long line is cut"
    for at in ends:  # after a space, with ASCII on both sides of the cut
        assert data[at - 1 : at] == b" "
        assert data[at - stream.MARGIN : at + stream.MARGIN].isascii()
    assert max(map(len, chunks)) <= 1000 * stream.MAX_GROWTH


def test_a_line_without_any_safe_cut_is_cut_at_a_character_boundary_when_it_grows_too_long() -> None:
    data = "今天下午三点，图书馆的阅览室里坐满了学生。".encode() * 400
    chunks = list(stream.iter_chunks(io.BytesIO(data), 1000))
    assert b"".join(chunks) == data and len(chunks) > 1
    assert max(map(len, chunks)) <= 1000 * (stream.MAX_GROWTH + 1)
    assert all(c.decode("utf-8") for c in chunks)  # no character split


def test_streamed_changes_point_where_the_whole_file_repair_points() -> None:
    data = _text().encode("utf-8")
    whole = pipeline.repair_bytes(data, Options())
    assert whole.changes, "the text must have something to repair"
    out = io.BytesIO()
    r = stream.repair_stream(io.BytesIO(data), Options(), dst=lambda: out, chunk_bytes=2048)
    assert r.chunks > 5
    assert _key(r.changes) == _key(whole.changes)
    assert r.n_changes == len(whole.changes)
    assert out.getvalue() == whole.data
    assert out.getvalue().count(FIXED_FR.encode()) == len(whole.changes)
    assert r.changed and r.written and r.encoding == "utf-8"


def test_a_legacy_file_is_decoded_with_the_sampled_encoding_in_every_chunk() -> None:
    text = "".join(
        f"{i:04d} " + (CLEAN_ZH if i % 3 else "第二章：春天来了，河边的柳树发芽了。\n") for i in range(600)
    )
    data = text.encode("gbk")
    out = io.BytesIO()
    r = stream.repair_stream(io.BytesIO(data), Options(), dst=lambda: out, chunk_bytes=4096)
    assert out.getvalue() == text.encode("utf-8")
    assert r.encoding == "gb18030"
    assert r.counts == {"TM101": 1}  # one change for the file, not one per chunk
    assert r.detection is not None and len(r.detection.segments) == 1
    assert r.detection.segments[0].end_line == 600


def test_a_sample_that_misleads_is_caught_when_a_later_chunk_does_not_fit() -> None:
    # the first chunks are plain ASCII; the end of the file is GBK Chinese
    head = "".join(f"line {i}: nothing but ASCII here, for a while.\n" for i in range(300))
    tail = "".join(f"{i:04d} " + CLEAN_ZH for i in range(100))
    data = head.encode("ascii") + tail.encode("gbk")
    out = io.BytesIO()
    r = stream.repair_stream(io.BytesIO(data), Options(), dst=lambda: out, chunk_bytes=2048)
    assert out.getvalue().decode("utf-8") == head + tail
    assert r.encoding == "gb18030"
    tm101 = [c for c in r.changes if c.code == "TM101"]
    assert len(tm101) == 1  # reported at the start of the chunk where the GBK began
    assert 1 < tm101[0].line <= 301 and tm101[0].col == 1


def test_a_chunk_that_reads_as_another_legacy_encoding_sends_the_file_to_a_whole_repair(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the sample is cp1252 French; a later chunk mixes it with UTF-8 Chinese, and that chunk
    # alone looks like yet another code page: a stream must not trust either guess
    head = "".join(
        f"{i:03d} Le garçon a reçu une lettre très étrange, écrite à la main.\n" for i in range(200)
    )
    tail = "".join(f"{i:03d} " + CLEAN_ZH for i in range(50))
    data = head.encode("cp1252") + tail.encode("utf-8")
    r = None
    try:
        r = stream.repair_stream(io.BytesIO(data), Options(), chunk_bytes=4096)
    except stream.StreamUnsupported:
        pass
    if r is not None:  # the chunk was accepted: then only as UTF-8 or the sampled encoding
        assert r.detection is not None
        assert {s.encoding for s in r.detection.segments} <= {"utf-8", "ascii", "windows-1252", "cp1252"}
    monkeypatch.setattr(stream, "STREAM_THRESHOLD", 1024)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 4096)
    p = tmp_path / "mixed.txt"
    p.write_bytes(data)
    cli("fix", str(p))
    assert p.read_bytes() == pipeline.repair_bytes(data, Options()).data  # same as a whole-file repair


def test_a_later_chunk_that_does_not_decode_with_a_forced_encoding_writes_nothing(tmp_path: Path) -> None:
    good = _text(300).encode("utf-8")
    data = good + b"0300 stray bytes \xff\xfe\x81 in the middle of nowhere\n" + _text(100).encode("utf-8")
    p = tmp_path / "crawl.txt"
    p.write_bytes(data)
    with pytest.raises(DecodeError, match=f"offset {len(good) + 17}"):
        stream.repair_file(p, Options(encoding="utf-8"), write=True, chunk_bytes=2048)
    assert p.read_bytes() == data
    assert not list(tmp_path.glob("*.textmend-tmp"))


def test_stray_bytes_in_a_later_chunk_get_what_a_whole_file_repair_gives(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _text(300).encode("utf-8")
    data = good + b"0300 stray bytes \xff\xfe\x81 in the middle of nowhere\n" + _text(100).encode("utf-8")
    p = tmp_path / "crawl.txt"
    p.write_bytes(data)
    try:
        r = stream.repair_file(p, Options(), write=True, chunk_bytes=2048)
    except stream.StreamUnsupported:
        assert p.read_bytes() == data
    else:  # accepted in the stream only when the chunk could not be decoded safely: nothing written
        assert not r.safe and not r.written and p.read_bytes() == data
    monkeypatch.setattr(stream, "STREAM_THRESHOLD", 1024)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 2048)
    cli("fix", str(p))
    whole = pipeline.repair_bytes(data, Options())
    assert p.read_bytes() == (whole.data if whole.safe else data)
    assert not list(tmp_path.glob("*.textmend-tmp"))


def test_a_clean_file_is_never_rewritten(tmp_path: Path) -> None:
    p = tmp_path / "clean.txt"
    p.write_text("".join(f"{i} " + (CLEAN_ZH if i % 2 else CLEAN_FR) for i in range(500)), encoding="utf-8")
    before = p.stat().st_mtime_ns
    r = stream.repair_file(p, Options(), write=True, chunk_bytes=1024)
    assert not r.changed and not r.written and r.n_changes == 0
    assert p.stat().st_mtime_ns == before


def test_in_place_write_keeps_the_mode_and_fixes_only_changed_chunks(tmp_path: Path) -> None:
    # the damage is in the last chunk only: the unchanged prefix is copied from the source
    text = "".join(f"{i} " + CLEAN_FR for i in range(400)) + BROKEN_FR
    p = tmp_path / "late.txt"
    p.write_text(text, encoding="utf-8")
    os.chmod(p, 0o640)
    r = stream.repair_file(p, Options(), write=True, chunk_bytes=1024)
    assert r.written and r.n_changes == 1 and r.changes[0].line == 401
    assert p.read_text(encoding="utf-8") == text.replace(BROKEN_FR, FIXED_FR)
    assert stat.S_IMODE(p.stat().st_mode) == 0o640


def _apply_unified_diff(original: str, diff: str) -> str:
    """A small patch(1): apply the hunks of a unified diff to `original`."""
    lines = original.splitlines(keepends=True)
    out: list[str] = []
    pos = 0
    body = diff.splitlines(keepends=True)
    i = 0
    while i < len(body):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", body[i])
        i += 1
        if not m:
            continue
        start = int(m.group(1)) - (0 if m.group(2) == "0" else 1)
        out.extend(lines[pos:start])
        pos = start
        while i < len(body) and not body[i].startswith("@@"):
            tag, line = body[i][0], body[i][1:]
            if tag == " ":
                assert lines[pos] == line
                out.append(line)
                pos += 1
            elif tag == "-":
                assert lines[pos] == line
                pos += 1
            elif tag == "+":
                out.append(line)
            i += 1
    out.extend(lines[pos:])
    return "".join(out)


def test_the_streamed_diff_applies_to_the_original(tmp_path: Path) -> None:
    text = _text(600, every=7)
    p = tmp_path / "notes.txt"
    p.write_text(text, encoding="utf-8")
    spool = io.StringIO()
    r = stream.repair_file(p, Options(), diff_to=spool, display="notes.txt", chunk_bytes=1500)
    diff = spool.getvalue()
    assert diff.startswith("--- a/notes.txt\n+++ b/notes.txt\n")
    assert r.chunks > 10
    assert _apply_unified_diff(text, diff) == pipeline.repair_text(text, Options()).text
    assert p.read_text(encoding="utf-8") == text  # a diff writes nothing


def test_utf16_is_not_streamed() -> None:
    data = ("\ufeff" + _text(50)).encode("utf-16-le")
    with pytest.raises(stream.StreamUnsupported):
        stream.repair_stream(io.BytesIO(data), Options(), chunk_bytes=1024)


def test_cli_streams_large_files_with_line_numbers_across_chunks(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "STREAM_THRESHOLD", 4096)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 1024)
    text = _text(300)
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    r = cli("check", "--jobs", "1", str(p))
    assert r.code == 1
    lines = r.text.splitlines()
    want = [i + 1 for i in range(300) if i % 23 == 5]
    assert [int(line.split(":")[1]) for line in lines] == want
    r = cli("fix", "--jobs", "1", str(p))
    assert r.code == 0 and f"fixed {p}: {len(want)} changes" in r.err
    assert p.read_text(encoding="utf-8") == pipeline.repair_text(text, Options()).text


def test_cli_falls_back_to_the_whole_file_for_utf16(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "STREAM_THRESHOLD", 1024)
    text = _text(60)
    p = tmp_path / "wide.txt"
    p.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    r = cli("fix", str(p))
    assert r.code == 0
    assert p.read_text(encoding="utf-8") == pipeline.repair_text(text, Options()).text


def test_detect_reads_large_files_in_chunks_and_finds_the_same_encoding(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "".join(
        f"{i:04d} " + (CLEAN_ZH if i % 3 else "第二章：春天来了，河边的柳树发芽了。\n") for i in range(600)
    )
    p = tmp_path / "big.txt"
    p.write_bytes(text.encode("gbk"))
    small = cli("detect", "--json", str(p))
    monkeypatch.setattr(stream, "STREAM_THRESHOLD", 4096)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 4096)
    seen: list[int] = []
    real = stream.repair_stream

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        r = real(*args, **kwargs)
        seen.append(r.chunks)
        return r

    monkeypatch.setattr(stream, "repair_stream", spy)
    big = cli("detect", "--json", str(p))
    assert seen and seen[0] > 5
    a, b = json.loads(small.text)[0], json.loads(big.text)[0]
    assert a["encoding"] == b["encoding"] == "gb18030"
    assert a["segments"] == b["segments"]


def test_cli_diff_of_a_streamed_file_applies_and_writes_nothing(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "STREAM_THRESHOLD", 4096)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 1024)
    spool = tmp_path / "tmp"  # the diff is spooled here: other runs may use the system's
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    text = _text(300, every=11)
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    r = cli("fix", "--diff", str(p))
    assert r.code == 1
    assert r.text.startswith(f"--- {p}\n+++ {p}\n")
    assert _apply_unified_diff(text, r.text) == pipeline.repair_text(text, Options()).text
    assert p.read_text(encoding="utf-8") == text
    assert not list(spool.iterdir())


@pytest.fixture
def big_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A file above a lowered streaming threshold (4 KiB, 1 KiB chunks), and its text."""
    monkeypatch.setattr(stream, "STREAM_THRESHOLD", 4096)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 1024)
    text = _text(300)
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    return p, text


def test_reports_include_streamed_files(cli, tmp_path: Path, big_file: tuple[Path, str]) -> None:
    p, _ = big_file
    want = [i + 1 for i in range(300) if i % 23 == 5]
    out = tmp_path / "check.json"
    r = cli("check", "--jobs", "1", "--report", "json", "--report-file", str(out), str(p))
    assert r.code == 1
    (entry,) = json.loads(out.read_text(encoding="utf-8"))["files"]
    assert entry["status"] == "would-fix"
    assert [c["line"] for c in entry["changes"]] == want
    html = tmp_path / "fix.html"
    r = cli("fix", "--jobs", "1", "--report", "html", "--report-file", str(html), str(p))
    assert r.code == 0
    page = html.read_text(encoding="utf-8")
    assert "status-fixed" in page and page.count("TM201") >= len(want)


def test_backup_of_a_streamed_file(cli, tmp_path: Path, big_file: tuple[Path, str]) -> None:
    p, text = big_file
    original = p.read_bytes()
    r = cli("fix", "--jobs", "1", "--backup", str(p))
    assert r.code == 0
    assert (tmp_path / "big.txt.orig").read_bytes() == original
    assert p.read_text(encoding="utf-8") == pipeline.repair_text(text, Options()).text
    # a second run would overwrite that backup: the file is left alone with one line, exit 2
    p.write_bytes(original)
    r = cli("fix", "--jobs", "1", "--backup", str(p))
    assert r.code == 2 and "already exists" in r.err
    assert p.read_bytes() == original


def _passage(n: int) -> str:
    """A passage of a long real-looking document: log lines and prose around lines in
    Traditional and Simplified Chinese, French and German, and lines of mojibake (Latin, and
    Chinese UTF-8 read as windows-1252). `n` varies the numbers, so passages differ."""
    log = "".join(
        f"2024-03-{n % 28 + 1:02d} 10:{i:02d}:{n % 60:02d} INFO worker-{(n + i) % 7} finished job {n * 37 + i} "
        f"in {i % 13}.{n % 10}s; queue depth {i % 5}, retries 0\n"
        for i in range(24)
    )
    return (
        f"## {n}. Release notes and letters from readers\n"
        + log[: len(log) // 2]
        + "這座廟建於清朝乾隆年間，至今已有兩百多年的歷史。請在下午三點前把報告寄給陳經理。\n"
        + "发送 HTTP 请求之前，请先确认网络连接是否正常。会议推迟到下周三上午十点，地点改在三楼。\n"
        + "请在下午三點前把報告寄給陈经理，谢谢。\n"  # a converter's damage: the scripts mixed in a phrase
        + "如果安装失败，请删除缓存目录（~/.cache/app）后重新运行。她说：“我们明天早上六点出发。”\n"
        + f"Le boulanger ouvre sa boutique à six heures, même le dimanche — « c'est la tradition » ({n}).\n"
        + "Le cafÃ© du coin est fermÃ© pour travaux jusqu'Ã  lundi.\n"
        + log[len(log) // 2 :]
        + f"Der Bäcker öffnet um sechs Uhr; die Brötchen kosten {n % 90} Cent.\n"
        + "今天下午三点，图书馆的阅览室里坐满了学生。".encode().decode("cp1252", errors="ignore")
        + "\n"
        + "Plain ASCII makes up most of a real document: logs, code, English prose and tables.\n\n"
    )


def test_a_streamed_file_of_32_mb_gives_what_repairing_it_whole_gives(tmp_path: Path) -> None:
    """Chunk boundaries fall inside passages (between any two lines of one), and every
    decision, the script fixer's document-level one included, comes out as for the whole file."""
    parts, size, n = [], 0, 0
    while size < 32 * 2**20:
        piece = _passage(n).encode("utf-8")
        parts.append(piece)
        size += len(piece)
        n += 1
    data = b"".join(parts)
    p = tmp_path / "big.txt"
    p.write_bytes(data)
    whole = pipeline.repair_bytes(data, Options())
    assert {"TM201", "TM501"} <= {c.code for c in whole.changes}, "the text must have repairs of both kinds"
    r = stream.repair_file(p, Options(), write=True)
    assert r.chunks >= 32 and r.written
    inside = 0  # chunk ends that fall inside a passage, not between two
    starts = set(itertools.accumulate(len(x) for x in parts))
    at = 0
    for chunk in stream.iter_chunks(io.BytesIO(data)):
        at += len(chunk)
        inside += at not in starts
    assert inside >= r.chunks - 2
    assert p.read_bytes() == whole.data
    assert r.n_changes == len(whole.changes) and r.n_findings == len(whole.findings)
    assert _key(r.changes) == _key(whole.changes[: stream.KEEP_ITEMS])
    assert r.counts == dict(collections.Counter(c.code for c in whole.changes))


def test_a_chunk_that_straddles_a_simplified_and_a_traditional_part_is_left_as_the_whole_file_is(
    tmp_path: Path,
) -> None:
    """A clean file: a long Simplified part, then a short Traditional one (too little of the
    file to call it mixed). Whole, nothing changes; the chunk in which the parts meet looks
    mixed on its own, and must not be converted either."""
    hans = "发送 HTTP 请求之前，请先确认网络连接是否正常。会议推迟到下周三上午十点，地点改在三楼。\n"
    hant = "這座廟建於清朝乾隆年間，至今已有兩百多年的歷史。請在下午三點前把報告寄給陳經理。\n"
    text = "".join(f"{i:05d} {hans}" for i in range(6000)) + "".join(f"{i:05d} {hant}" for i in range(250))
    data = text.encode("utf-8")
    assert pipeline.repair_bytes(data, Options()).text == text
    p = tmp_path / "clean.txt"
    p.write_bytes(data)
    r = stream.repair_file(p, Options(), write=True, chunk_bytes=64 * 1024)
    assert r.chunks > 8
    assert not r.changed and not r.written and r.n_changes == 0
    assert p.read_bytes() == data


def test_a_huge_line_is_repaired_in_bounded_pieces_as_the_whole_line_is(tmp_path: Path) -> None:
    """One line of 1 MB (prose in several languages with Latin mojibake in it), streamed in
    64 KiB chunks: it is cut, and the output is the whole-file repair's. (A fixer that works line
    by line makes one change per piece of the line where it makes one for the whole line, so
    the changes are checked for where they point: into the original, at line 1.)"""
    words = [
        "The build passes again on every platform, thanks to everyone who sent a patch this week.",
        "Le cafÃ© du coin est fermÃ© pour travaux jusqu'Ã  lundi.",
        "Le boulanger ouvre sa boutique à six heures, même le dimanche — « c'est la tradition ».",
        "发送 HTTP 请求之前，请先确认网络连接是否正常。",
        "Der Bäcker öffnet um sechs Uhr; die Brötchen sind frisch und kosten 45 Cent.",
    ]
    text = " ".join(words[i % len(words)] + f" ({i})" for i in range(12000))
    data = text.encode("utf-8")
    whole = pipeline.repair_bytes(data, Options())
    p = tmp_path / "line.txt"
    p.write_bytes(data)
    r = stream.repair_file(p, Options(), write=True, chunk_bytes=64 * 1024)
    assert r.chunks > 12
    assert p.read_bytes() == whole.data
    assert r.changes and whole.changes
    for c in r.changes:
        assert text[c.start : c.end] == c.before and (c.line, c.col) == (1, c.start + 1)


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_chunks_repaired_in_worker_processes_give_the_sequential_result(tmp_path: Path, codec: str) -> None:
    """Two workers, the same output, changes, findings and detection as one; the file starts
    with ASCII chunks, so its encoding is learnt on the way (the workers were sent chunks
    before it was known)."""
    ascii_part = "".join(f"{i:05d} INFO all good, nothing to report\n" for i in range(400))
    rest = _text(300) if codec == "utf-8" else "".join(f"{i:04d} {CLEAN_ZH}" for i in range(300))
    data = ascii_part.encode() + rest.encode(codec)
    results = []
    for jobs in (1, 2):
        p = tmp_path / f"f{jobs}.txt"
        p.write_bytes(data)
        r = stream.repair_file(p, Options(), write=True, chunk_bytes=2048, jobs=jobs)
        results.append((p.read_bytes(), _key(r.changes), _key(r.findings), r.detection, r.counts, r.chunks))
    assert results[0] == results[1]
    assert results[0][5] > 10


def test_each_chunk_takes_the_script_verdict_of_the_whole_file(tmp_path: Path) -> None:
    """A mixed file: a long clean Traditional part, then Simplified prose with a converter's
    leftovers in a few lines. Whole, the file is mixed and the leftovers are normalised; a
    chunk of the Simplified part holds too few Traditional characters to look mixed on its own,
    so it must take the file's verdict (`ScriptSurvey`) to decide the same. Chunk boundaries
    fall inside passages (between two lines of one paragraph)."""
    hant = "這座廟建於清朝乾隆年間，至今已有兩百多年的歷史。請在下午三點前把報告寄給陳經理。\n"
    hans = "发送请求之前，请先确认网络连接是否正常。会议推迟到下周三上午十点，地点改在三楼。\n"
    damaged = "我们这里的電腦還很快，大家都说好用。\n"  # 電腦還: left in Traditional by a converter
    text = "".join(f"{i:04d} {hant}" for i in range(300))
    text += "".join(f"{i:04d} {damaged if i % 40 == 7 else hans}" for i in range(500))
    data = text.encode("utf-8")
    whole = pipeline.repair_bytes(data, Options())
    assert sum(c.code == "TM501" for c in whole.changes) == 13  # every damaged line
    assert "电脑还" in whole.text and "電腦還" not in whole.text and whole.text.count(hant) == 300
    p = tmp_path / "mixed.txt"
    p.write_bytes(data)
    r = stream.repair_file(p, Options(), write=True, chunk_bytes=2048)
    assert r.chunks > 20
    # the chunks cut the Simplified passage between its lines, and a chunk holding a damaged
    # line does not look mixed on its own: only the file's verdict gets it repaired
    alone = [
        analyse(c.decode("utf-8")).script
        for c in stream.iter_chunks(io.BytesIO(data), 2048)
        if b"\xe9\x9b\xbb" in c
    ]
    assert "hans" in alone
    assert p.read_bytes() == whole.data
    assert _key(r.changes) == _key(whole.changes)


def test_a_streamed_japanese_file_keeps_its_kanji_in_every_chunk(tmp_path: Path) -> None:
    """``--script hans`` leaves a Japanese document alone: a chunk of it that holds no kana
    (a table of kanji names) is a piece of that document, not Chinese text."""
    ja = "駅から会場までは徒歩五分ほどです。当日は受付で名札を受け取ってください。\n"
    names = "東京都 大阪府 北海道 鹿兒島縣 廣島縣 長崎縣 會津若松 靜岡縣 濱松 澀谷\n"
    text = "".join(f"{i:04d} {ja}" for i in range(200)) + "".join(f"{i:04d} {names}" for i in range(100))
    data = text.encode("utf-8")
    assert pipeline.repair_bytes(data, Options(script="hans")).text == text
    p = tmp_path / "ja.txt"
    p.write_bytes(data)
    r = stream.repair_file(p, Options(script="hans"), write=True, chunk_bytes=2048)
    assert r.chunks > 10 and r.n_changes == 0 and not r.written
    assert p.read_bytes() == data
