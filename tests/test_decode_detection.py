"""Detection a user can trust: right where chardet is, confidence that means something, and
a guess reported rather than written (the examples of the detection issue, each a test)."""

from __future__ import annotations

import random

import pytest

import textmend
from textmend.cli import main

#: GB2312 sentences (our own), repeated into files of a given size.
GBK_LINES = [
    "今天上午，市图书馆举办了一场关于古籍修复的讲座。",
    "来自各地的读者排队进场，现场座无虚席。",
    "修复师介绍了纸张、糨糊和装帧的传统工艺。",
    "讲座结束后，不少家长带着孩子参观了修复室。",
]
BIG5_LINES = [
    "颱風過後，港口的漁船陸續恢復出海作業。",
    "氣象局提醒民眾，週末山區仍可能出現豪雨。",
    "市政府已派出清潔隊整理倒塌的路樹。",
]
KOREAN_LINES = [
    "오늘 아침 서울 시내에 첫눈이 내렸습니다.",
    "출근길 도로가 미끄러워 사고가 잇따랐습니다.",
    "기상청은 내일까지 눈이 더 올 것이라고 밝혔습니다.",
]


def _file(lines: list[str], size: int) -> str:
    """Numbered lines, repeated until the text is about `size` bytes long in a CJK encoding."""
    out: list[str] = []
    n = 0
    while sum(len(s) * 2 for s in out) < size:
        out.append(f"{n:05d} {lines[n % len(lines)]}\n")
        n += 1
    return "".join(out)


def test_short_windows_1252_text_is_read_as_windows_1252() -> None:
    # cp1257 reads the same bytes as "Déją vu": clean letters, but no language that code page
    # is for has é and ą; chardet says MacCyrillic with 0.11
    r = textmend.repair_bytes("Déjà vu".encode("cp1252"))
    assert r.text == "Déjà vu"
    assert r.detection.encoding == "cp1252"
    # two letters are little evidence: the confidence says so (it was 0.99)
    assert 0.5 <= r.detection.confidence < 0.9


def test_a_resume_line_is_french_not_slovak() -> None:
    r = textmend.repair_bytes("Résumé envoyé à Zoë, merci\n".encode("cp1252"))
    assert r.text == "Résumé envoyé à Zoë, merci\n"


def test_detect_never_says_utf8_with_full_confidence_for_invalid_utf8(tmp_path, capsys) -> None:
    p = tmp_path / "notes.txt"
    p.write_bytes("Привет, мир\n".encode() + b"total: 12\xff5 items\n")
    d = textmend.detect(p.read_bytes())
    assert d.encoding == "utf-8" and d.confidence < 1.0
    assert main(["detect", str(p)]) == 0
    out = capsys.readouterr().out
    assert "utf-8" in out and "1.00" not in out


def test_big5hkscs_test_file_is_not_rewritten_as_cyrillic() -> None:
    # the bytes of CPython's Lib/test/cjkencodings/big5hkscs.txt, written with the codec
    data = "𠄌Ě鵮罓洆\nÊÊ̄ê êê̄\n".encode("big5hkscs")
    r = textmend.repair_bytes(data)
    cyrillic = any("\u0400" <= c <= "\u04ff" for c in r.text)
    assert not (r.safe and cyrillic)
    if not r.safe:
        assert any(f.code == "TM104" for f in r.findings)


def test_random_high_bytes_are_left_alone_with_a_message(tmp_path, capsys) -> None:
    rng = random.Random(1)
    data = bytes(rng.randrange(128, 256) for _ in range(2048))
    r = textmend.repair_bytes(data)
    assert not r.safe
    (f,) = [f for f in r.findings if f.code == "TM104"]
    assert "left alone" in f.message and not [c for c in r.changes if c.code == "TM101"]
    p = tmp_path / "noise.bin"
    p.write_bytes(data)
    assert main(["fix", str(p)]) == 2
    assert p.read_bytes() == data
    assert "TM104" in capsys.readouterr().err


def test_few_random_blobs_are_rewritten() -> None:
    # 16 random bytes: today 3 to 8 in 100 still read cleanly as some code page (20 before)
    rng = random.Random(1)
    rewritten = 0
    for _ in range(100):
        blob = bytes(rng.randrange(256) for _ in range(16))
        try:
            r = textmend.repair_bytes(blob)
        except textmend.TextmendError:
            continue  # binary (NUL and control bytes): refused
        rewritten += r.safe and r.text.encode() != blob
    assert rewritten <= 5


def test_a_gbk_line_that_is_valid_utf8_stays_gbk_in_a_10kb_file() -> None:
    # 私钥 is CBBD D4BF in GBK, which is also the valid UTF-8 ˽Կ
    text = _file(GBK_LINES, 5000) + "私钥\n" + _file(GBK_LINES, 5000)
    r = textmend.repair_bytes(text.encode("gbk"))
    assert r.text == text
    assert r.detection.encoding == "gb18030" and not r.detection.mixed
    assert [c.code for c in r.changes] == ["TM101"]


@pytest.mark.parametrize(
    ("codec", "lines", "names"),
    [
        ("gbk", GBK_LINES, ("gb18030",)),
        ("big5", BIG5_LINES, ("big5",)),
        ("euc_kr", KOREAN_LINES, ("euc_kr",)),
    ],
)
def test_one_megabyte_of_one_legacy_encoding_is_that_encoding(
    codec: str, lines: list[str], names: tuple
) -> None:
    text = _file(lines, 1 << 20)
    d = textmend.detect(text.encode(codec))
    assert d.encoding in names and not d.mixed and len(d.segments) == 1
    assert d.confidence >= 0.9


def test_a_mostly_gbk_file_with_real_utf8_lines_is_still_segmented() -> None:
    gbk = _file(GBK_LINES, 8000)
    utf8 = "这一行是UTF-8写的，不是GBK。\n"
    data = gbk.encode("gbk") + utf8.encode() + gbk.encode("gbk")
    r = textmend.repair_bytes(data)
    assert r.text == gbk + utf8 + gbk
    assert [s.encoding for s in r.detection.segments] == ["gb18030", "utf-8", "gb18030"]
