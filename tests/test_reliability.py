"""Reliability: bad input is one line and exit 2, and nothing unverified is ever written.

Two groups of guarantees are checked here, through the CLI (as a user meets them) and the
library:

- Bad input gets one line on stderr and exit code 2, and the file is left as it was: a missing
  path, a folder that cannot be read, an invalid option value, an unknown encoding name, UTF-16
  that cannot be recognised, a file cut inside its last character. An empty file is fine.
- Verification before writing: a change claiming to be lossless (`Change.chain`) is re-encoded
  and dropped (TM901) when it does not give its original back; a change whose result is not
  valid Unicode is dropped too; a decode that does not encode back to the input bytes blocks
  the write (TM902).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import textmend
from textmend import decode, pipeline
from textmend.decode import Decoded
from textmend.fixers import FixerSpec
from textmend.options import Options
from textmend.result import Change, Detection, Segment
from textmend.rules import BLOCKING, rule

MOJIBAKE = "Le cafÃ© est fermÃ© le lundi.\n".encode()


def _one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- bad input: one line, exit 2 -------------------------------------------------------------------


def test_missing_path_is_one_line_and_exit_2(cli, tmp_path: Path) -> None:
    r = cli("fix", str(tmp_path / "absent.txt"))
    assert r.code == 2
    assert _one_line(r.err) == f"{tmp_path / 'absent.txt'}: error: no such file or directory"


def test_folder_without_permission_is_one_line_and_exit_2(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated: the tests may run as root, whom chmod 000 does not stop. os.walk lists folders
    with os.scandir, which is made to refuse this one as the kernel would."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_bytes(MOJIBAKE)
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    r = cli("fix", str(locked))
    assert r.code == 2
    assert _one_line(r.err) == f"{locked}: error: Permission denied"
    assert (locked / "inside.txt").read_bytes() == MOJIBAKE


def test_unreadable_file_is_one_line_and_exit_2(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated like the folder above: opening the file is refused."""
    p = tmp_path / "secret.txt"
    p.write_bytes(MOJIBAKE)
    real_open = os.open

    def fake_open(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, (str, os.PathLike)) and Path(file) == p:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", fake_open)
    r = cli("fix", str(p))
    assert r.code == 2
    assert _one_line(r.err) == f"{p}: error: Permission denied"
    assert p.read_bytes() == MOJIBAKE


@pytest.mark.parametrize(
    "args, message",
    [
        (("fix", "--script", "cyrillic"), "Invalid value for '--script'"),
        (("fix", "--select", "TM99X"), "unknown rule code or prefix 'TM99X'"),
        (("check", "--ignore", "nonsense"), "unknown rule code or prefix 'NONSENSE'"),
        (("fix", "--encoding", "no-such-codec"), "unknown encoding 'no-such-codec'"),
        (("detect", "--jsno"), "No such option"),
    ],
)
def test_invalid_option_values_are_one_line_and_exit_2(
    cli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(MOJIBAKE)
    r = cli(*args, str(p))
    assert r.code == 2
    assert message in _one_line(r.err)
    assert r.err.startswith("textmend: error: ")
    assert p.read_bytes() == MOJIBAKE


def test_a_forced_codec_that_is_not_a_text_encoding_is_an_error_not_a_crash(cli, tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"plain words\n")
    r = cli("fix", "--encoding", "rot13", str(p))
    assert r.code == 2
    _one_line(r.err)
    assert p.read_bytes() == b"plain words\n"


def test_usage_errors_are_one_line(cli, tmp_path: Path) -> None:
    r = cli("fix", "-o", str(tmp_path / "out.txt"), str(tmp_path / "a"), str(tmp_path / "b"))
    assert r.code == 2
    assert (
        _one_line(r.err) == "textmend: error: --output takes exactly one input file (see 'textmend fix -h')"
    )


def test_empty_file_is_fine_and_unchanged(cli, tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    before = p.stat().st_mtime_ns
    for command in ("fix", "check", "detect"):
        r = cli(command, str(p))
        assert r.code == 0, (command, r.err)
    assert p.read_bytes() == b"" and p.stat().st_mtime_ns == before
    r = textmend.repair_bytes(b"")
    assert (r.text, r.changes, r.findings, r.changed) == ("", [], [], False)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_bomless_utf16_that_is_recognisable_is_decoded(cli, tmp_path: Path, codec: str) -> None:
    text = "Meeting notes: the café opens at 9.\nПривет всем, до встречи.\n"
    p = tmp_path / "notes.txt"
    p.write_bytes(text.encode(codec))
    r = cli("fix", str(p))
    assert r.code == 0
    assert p.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "text",
    [
        "今天天气很好，我们去公园散步吧。\n明天见！\n",  # mostly CJK: few zero bytes to recognise it by
        "今天天气很好我们去公园散步吧明天见",  # no ASCII at all: no zero byte
        "안녕하세요오늘날씨가좋네요",
    ],
)
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_that_is_not_recognisable_is_never_written_wrong(
    cli, tmp_path: Path, text: str, codec: str
) -> None:
    """Either it is decoded right, or it is left alone with one line (a note or an error)."""
    data = text.encode(codec)
    p = tmp_path / "notes.txt"
    p.write_bytes(data)
    r = cli("fix", str(p))
    if p.read_bytes() != data:
        assert p.read_text(encoding="utf-8") == text
        assert r.code == 0  # repaired: fix exits 0 (ruff-style)
    else:
        assert r.code in (0, 2)
        if r.code == 2 or r.err:
            _one_line(r.err)


@pytest.mark.parametrize(
    "codec, text, cut",
    [
        ("utf-8", "Le café est fermé le lundi, à bientôt René", 1),
        ("utf-8", "我们明天在图书馆见面", 2),
        ("utf-8", "Встреча завтра в библиотеке, в восемь часов утра. Всем быть", 1),
        ("gb18030", "我们明天在图书馆见面，请准时到达。大家都会来的，不要迟到。", 1),
        ("big5", "我們明天在圖書館見面，請準時到達。大家都會來的，不要遲到。", 1),
        ("shift_jis", "明日は図書館で会いましょう。遅れないでください。皆さん来ます。", 1),
        ("utf-16", "See you tomorrow at the library", 1),
    ],
)
def test_file_cut_inside_its_last_character_is_one_line_exit_2_and_left_alone(
    cli, tmp_path: Path, codec: str, text: str, cut: int
) -> None:
    """Decided behaviour: a truncated file is bad input (exit 2), like the issue says, not a
    finding (exit 1): nothing can be written without losing its last bytes or guessing."""
    data = text.encode(codec)[:-cut]
    p = tmp_path / "cut.txt"
    p.write_bytes(data)
    r = cli("fix", str(p))
    assert r.code == 2
    line = _one_line(r.err)
    assert (
        line.startswith(f"{p}: error: ")
        and "TM103" in line
        and "ends inside" in line
        and "left alone" in line
    )
    assert p.read_bytes() == data
    lib = textmend.repair_bytes(data)
    assert not lib.safe
    [finding] = [f for f in lib.findings if f.code in BLOCKING]
    assert lib.original[: finding.start] == text[: finding.start]  # everything before the cut reads right


def test_truncated_stdin_passes_through_unchanged_with_exit_2(cli) -> None:
    data = "cut here: 你".encode()[:-1]
    r = cli("fix", "-", stdin=data)
    assert (r.code, r.out) == (2, data)
    _one_line(r.err)


def test_check_lists_a_truncated_file_as_a_finding(cli, tmp_path: Path) -> None:
    """`check` is the linter: it reports the damage (exit 1) instead of refusing."""
    p = tmp_path / "cut.txt"
    p.write_bytes("fin de l’été".encode()[:-1])
    r = cli("check", str(p))
    assert r.code == 1
    assert f"{p}:1:12: TM103 " in r.text


def test_a_single_high_byte_after_ascii_is_not_called_truncated() -> None:
    """No evidence of a multi-byte encoding: not a cut character but a lone byte. In French
    text the Western code pages all read 0x80 as €, so it is read so; a byte they disagree
    on (è in cp1252, č in cp1250) is a stray-byte finding with the candidates."""
    r = textmend.repair_bytes("Prix du menu : 25 €".encode("cp1252"))
    assert not any("ends inside" in f.message for f in r.findings)
    assert r.text == "Prix du menu : 25 €" and not r.findings
    r = textmend.repair_bytes("Prix du menu : 25 euros, caf\xe8".encode("latin-1"))
    assert not any("ends inside" in f.message for f in r.findings)
    [f] = r.findings
    assert f.code == "TM302" and "è (cp1252)" in f.candidates


# --- verification before writing --------------------------------------------------------------------


def _fixer_with(change_for: object):
    def fixer(text: str, options: Options):
        changes = change_for(text)  # type: ignore[operator]
        if not changes:
            return text, []
        from textmend.spans import apply_edits

        return apply_edits(text, changes), list(changes)

    return fixer


def test_a_change_whose_chain_does_not_give_its_original_back_is_dropped_and_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "Ð¿Ñ€Ð¸Ð²ÐµÑ‚ and CafÃ© and naÃ¯ve\n"

    def changes(t: str) -> list[Change]:
        out = []
        for before, after, chain in [
            ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет", (("utf-8", "cp1252"),)),  # true
            ("CafÃ©", "Cafe", (("utf-8", "cp1252"),)),  # false: 'Cafe' encodes to 'Cafe'
            ("naÃ¯ve", "naïve", ()),  # no claim: not checked
        ]:
            i = t.find(before)
            if i >= 0:  # the pipeline runs fixers again until nothing changes: find what is left
                out.append(Change("TM202", "test", before, after, i, i + len(before), chain=chain))
        return out

    r = pipeline.repair_text(text, Options(), (FixerSpec("test", "", ("TM202",), _fixer_with(changes)),))
    assert r.text == "привет and CafÃ© and naïve\n"
    assert [c.after for c in r.changes] == ["привет", "naïve"]
    [dropped] = r.findings
    assert (dropped.code, dropped.before, dropped.candidates) == ("TM901", "CafÃ©", ("Cafe",))
    assert (dropped.line, dropped.col) == (1, 18)
    assert "does not give the original text" in dropped.message
    assert not rule("TM901").blocks_write


def test_a_change_that_would_write_a_lone_surrogate_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    def changes(t: str) -> list[Change]:
        i = t.find("broken")
        j = t.find("fine")
        out = [Change("TM201", "bug", "broken", "bro\udcc3", i, i + 6)] if i >= 0 else []
        return out + ([Change("TM201", "ok", "fine", "FINE", j, j + 4)] if j >= 0 else [])

    r = pipeline.repair_bytes(
        b"a broken line, a fine line\n",
        Options(),
        (FixerSpec("buggy", "", ("TM201",), _fixer_with(changes)),),
    )
    assert r.text == "a broken line, a FINE line\n"
    assert r.data == b"a broken line, a FINE line\n"
    assert [f.code for f in r.findings] == ["TM901"]


def test_chains_of_the_latin_fixer_are_verified_and_kept() -> None:
    r = textmend.repair_text("CafÃƒÂ© au lait\n")  # UTF-8 read as cp1252, then again as latin-1
    assert r.text == "Café au lait\n"
    [c] = r.changes
    assert len(c.chain) == 2 and not r.findings


def test_the_latin_fixer_claims_no_chain_for_cesu8() -> None:
    """ftfy reads CESU-8 (an emoji as two 3-byte surrogates) with its utf-8-variants codec, which
    plain UTF-8 does not write back: a repair, but not a lossless one, so no chain is claimed."""
    r = textmend.repair_text("CafÃ© \xed\xa0\xbd\xed\xb8\x80")
    assert r.text == "Café 😀"
    [c] = r.changes
    assert c.chain == () and not r.findings


def test_lone_surrogates_in_repair_text_input_are_a_textmend_error() -> None:
    with pytest.raises(textmend.DecodeError, match=r"lone surrogate U\+DCFF at line 2, column 3"):
        textmend.repair_text("ok\nab\udcffcd")


def test_a_decode_that_does_not_encode_back_blocks_the_write(cli, tmp_path: Path) -> None:
    """cp932 has two byte pairs for some characters (≒ is 81 E0, and 87 90 in NEC's row 13):
    the text cannot say which pair the file had, so converting is not provably lossless and the
    file is left alone."""
    data = "面積 ".encode("cp932") + b"\x87\x90" + " 12 m2\n".encode("cp932")
    assert data.decode("cp932").encode("cp932") != data
    p = tmp_path / "memo.txt"
    p.write_bytes(data)
    r = cli("fix", "--encoding", "cp932", str(p))
    assert r.code == 2
    assert "TM902" in _one_line(r.err)
    assert p.read_bytes() == data
    lib = textmend.repair_bytes(data, encoding="cp932")
    assert [f.code for f in lib.findings] == ["TM902"] and not lib.safe


def test_a_decoder_whose_text_does_not_match_its_segments_blocks_the_write(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A decoder bug is caught: the bytes say 'naïve' but the decoded text says otherwise.
    (The encoding is given, so that the bytes go through the decoder: valid UTF-8 otherwise
    takes the pipeline's one pass, which reads it as Python's strict decode of all of it.)"""
    data = "naïve\n".encode()

    def wrong(data: bytes, encoding: str | None = None, **_options: object) -> Decoded:
        seg = Segment("utf-8", 1, 1, 0, len(data))
        return Decoded("naive\n", Detection("utf-8", 1.0, (seg,)))

    monkeypatch.setattr(decode, "decode_bytes", wrong)
    r = textmend.repair_bytes(data, encoding="utf-8")
    assert not r.safe and [f.code for f in r.findings] == ["TM902"]


def test_a_mixed_decode_is_verified_segment_by_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["第一行 UTF-8\n".encode(), "第二行 GBK\n".encode("gbk")]
    data = b"".join(lines)
    text = "第一行 UTF-8\n第二行 GBK\n"
    segs = (Segment("utf-8", 1, 1, 0, len(lines[0])), Segment("gb18030", 2, 2, len(lines[0]), len(data)))

    def mixed(data: bytes, encoding: str | None = None, **_options: object) -> Decoded:
        return Decoded(text, Detection("mixed", 0.9, segs))

    monkeypatch.setattr(decode, "decode_bytes", mixed)
    assert textmend.repair_bytes(data).safe
    bad = (segs[0], Segment("big5", 2, 2, len(lines[0]), len(data)))  # a segment that claims the wrong codec
    monkeypatch.setattr(
        decode, "decode_bytes", lambda d, e=None, **_options: Decoded(text, Detection("mixed", 0.9, bad))
    )
    assert not textmend.repair_bytes(data).safe


def test_a_codec_failure_inside_the_decoder_is_a_decode_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, encoding: str | None = None, **_options: object) -> Decoded:
        return Decoded(data.decode("utf-16-le"), Detection("utf-16-le", 1.0))

    monkeypatch.setattr(decode, "decode_bytes", broken)
    with pytest.raises(textmend.DecodeError):  # (given its encoding: clean ASCII is not decoded)
        textmend.repair_bytes(b"odd", encoding="ascii")


def test_forced_utf16_with_either_byte_order_mark_is_verified_as_lossless() -> None:
    for data in ("Zoë\n".encode("utf-16-le"), "Zoë\n".encode("utf-16-be")):
        for mark in (b"\xff\xfe", b"\xfe\xff"):
            if (mark == b"\xff\xfe") != (data == "Zoë\n".encode("utf-16-le")):
                continue
            r = textmend.repair_bytes(mark + data, encoding="utf-16")
            assert r.safe and r.text == "Zoë\n"


@pytest.mark.parametrize(
    "original, codec",
    [
        ("Реакция Манту — это проба.\n", "cp1251"),  # 'Р' -> 'Р\xa0': trimming the common 'Р' splits it
        (
            "Prix : 825 £, pas mal pour un\xa0cadeau\n",
            "cp1252",
        ),  # '\xa0' -> 'Â\xa0': the common end splits it
    ],
)
def test_a_verified_change_may_take_in_the_unchanged_characters_around_it(
    original: str, codec: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    mojibake = original.encode("utf-8").decode(codec)
    r = textmend.repair_text(mojibake)
    assert r.text == original
    assert r.changes and all(c.chain for c in r.changes) and not r.findings
    monkeypatch.setattr(pipeline, "CONTEXT", 0)  # without the context, the same repair fails verification
    assert "TM901" in [f.code for f in textmend.repair_text(mojibake).findings]


def test_random_bytes_list_at_most_a_thousand_findings_and_count_the_rest() -> None:
    import random

    data = bytes(b or 1 for b in random.Random(5).randbytes(40_000))
    r = textmend.repair_bytes(data)
    assert not r.safe
    by_code: dict[str, list] = {}
    for f in r.findings:
        by_code.setdefault(f.code, []).append(f)
    capped = [fs for fs in by_code.values() if len(fs) > 1000]
    assert capped, "random bytes give more than a thousand undecodable runs of some kind"
    for fs in capped:
        assert len(fs) == 1001
        assert "not listed one by one" in fs[-1].message
    undecodable = [by_code.get(code, []) for code in ("TM103", "TM302")]
    listed = sum(len(fs) - 1 if len(fs) == 1001 else len(fs) for fs in undecodable)
    counted = sum(int(fs[-1].message.split()[0]) for fs in undecodable if len(fs) == 1001)
    assert listed + counted == r.original.count("\ufffd")  # one U+FFFD per run


# --- hostile input to the library and to corpus mode ---------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: textmend.detect(5), r"detect\(\) takes bytes, not int"),
        (lambda: textmend.detect("Café"), r"detect\(\) takes bytes, not str"),
        (
            lambda: textmend.repair_text("a", select="TM2"),
            r"select takes a list of rule codes, not a str \(write select=\['TM2'\]\)",
        ),
        (lambda: textmend.repair_text("a", select=[1]), r"select: rule codes are str, not int \(1\)"),
        (lambda: textmend.repair_text("a", select=5), "select takes a list of rule codes, not int"),
        (lambda: textmend.repair_bytes(b"a", ignore="TM101"), "ignore takes a list of rule codes, not a str"),
        (lambda: textmend.repair_text("a", script=2), "script takes a str"),
        (lambda: textmend.repair_bytes(b"a", encoding=936), "encoding takes a str"),
    ],
)
def test_wrong_argument_types_are_a_type_error_naming_the_parameter(call, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call()


def test_an_empty_select_is_an_error_not_every_rule_off(cli, tmp_path: Path) -> None:
    with pytest.raises(textmend.OptionError, match="select is empty"):
        textmend.repair_text("CafÃ©", select=[])
    p = tmp_path / "a.txt"
    p.write_bytes(MOJIBAKE)
    r = cli("fix", "--select", "", str(p))
    assert r.code == 2
    assert r.err.strip().startswith("textmend: error: select is empty")
    assert p.read_bytes() == MOJIBAKE


def test_a_forced_decode_that_spells_a_lone_surrogate_is_a_decode_error() -> None:
    with pytest.raises(textmend.DecodeError, match=r"lone surrogate U\+D800"):
        textmend.repair_bytes(b"+2AA-", encoding="utf-7")
    r = textmend.repair_bytes("Café ☕".encode("utf-7"), encoding="utf-7")
    assert r.safe and r.data == "Café ☕".encode()


def test_corpus_lone_surrogates_and_deep_nesting_are_bad_records_and_the_run_goes_on(tmp_path: Path) -> None:
    from textmend import corpus

    lines = [
        '{"id": 1, "text": "Caf\\u00c3\\u00a9"}',
        '{"id": 2, "text": "\\ud800"}',
        "[" * 100_000 + "]" * 100_000,
        '{"id": 4, "text": "ferm\\u00c3\\u00a9", "note": "\\udc00"}',
        '{"id": 5, "text": "fine"}',
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dst, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    stats = corpus.run_jsonl(src, dst, corpus.RecordJob(), rejects=rejects)
    assert (stats.records, stats.changed, stats.bad) == (5, 2, 2)
    assert stats.bad_examples == [
        (2, "field 'text' holds a lone surrogate, not text"),
        (3, "nested too deeply to read"),
    ]
    out = dst.read_text(encoding="utf-8").splitlines()
    assert out[0] == '{"id": 1, "text": "Café"}'
    assert out[1] == '{"id": 4, "text": "ferm\\u00e9", "note": "\\udc00"}'  # the surrogate kept, escaped
    assert out[2] == lines[4]
    assert rejects.read_text(encoding="utf-8").splitlines() == lines[1:3]


def test_an_exclude_glob_that_backtracks_as_a_regex_matches_at_once() -> None:
    from textmend.config import Glob

    g = Glob.make("*a*a*a*a*a*a*a*a*b")
    name = "a" * 60
    assert not g.matches(f"{name}/{name}.txt")  # minutes as a backtracking regex
    assert g.matches(f"x/{name}b")
    assert Glob.make("**/*a*a*a*a*a*a*a*a*b/**").matches(f"{name}b/c.txt")


FOUND = sorted((Path(__file__).resolve().parent.parent / "fuzz" / "regressions").glob("*.bin"))


@pytest.mark.parametrize("path", FOUND, ids=[p.name for p in FOUND])
def test_inputs_the_fuzzer_found_repair_to_a_fixed_point(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fuzz/regressions/README.md: each input once broke idempotence."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fuzz_repair", path.parent.parent / "fuzz_repair.py")
    assert spec is not None and spec.loader is not None
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    monkeypatch.setenv("TEXTMEND_FUZZ_STRICT", "1")
    fuzz.check(path.read_bytes())
