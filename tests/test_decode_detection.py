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


def _rewritten(blob: bytes) -> bool:
    """Whether textmend would write `blob` back changed (a refusal or a finding leaves it)."""
    try:
        r = textmend.repair_bytes(blob)
    except textmend.TextmendError:
        return False  # binary (NUL and control bytes): refused
    return r.safe and r.changed


@pytest.mark.parametrize(("size", "high"), [(16, True), (64, True), (64, False), (2048, True), (2048, False)])
def test_random_blobs_are_not_rewritten(size: int, high: bool) -> None:
    # among forty code pages, one reads a few random bytes as clean letters: a short file's
    # reading must also read as words (the letter model) to be written
    rng = random.Random(size * 2 + high)
    blobs = [bytes(rng.randrange(0x80 if high else 0, 256) for _ in range(size)) for _ in range(100)]
    assert [b for b in blobs if _rewritten(b)] == []


@pytest.mark.parametrize(("size", "high"), [(8, True), (8, False), (16, False)])
def test_very_short_random_blobs_are_rarely_rewritten(size: int, high: bool) -> None:
    # 8 bytes are 8 letters at most, and random bytes with two ASCII letters in a row are not
    # judged by the letter model: a few still pass, in Thai code pages (which the model knows
    # least) most (59, 29 and 6 in 100 were rewritten before)
    rng = random.Random(size * 2 + high)
    blobs = [bytes(rng.randrange(0x80 if high else 0, 256) for _ in range(size)) for _ in range(100)]
    assert sum(map(_rewritten, blobs)) <= 5


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Привет, как дела?", "cp1251"),
        ("Déjà vu", "cp1252"),
        ("Zoë était là", "cp1252"),
        ("你好，世界", "gbk"),
        ("こんにちは", "shift_jis"),
        ("안녕하세요", "euc_kr"),
        ("Καλημέρα σας", "iso8859-7"),
    ],
)
def test_short_real_text_is_still_rewritten(text: str, codec: str) -> None:
    data = text.encode(codec)
    r = textmend.repair_bytes(data)
    assert r.safe and r.text == text


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


@pytest.mark.parametrize(
    ("data", "script"),
    [
        ("".join(GBK_LINES * 20).encode("gbk"), "hans"),
        ("".join(BIG5_LINES * 20).encode("big5"), "hant"),
        (("".join(GBK_LINES) + "後來他們都說這個問題很難。" * 3).encode("gb18030"), "mixed"),
        ("".join(KOREAN_LINES * 20).encode("euc_kr"), "none"),
        ("Привет, как дела? Всё хорошо.\n".encode("cp1251") * 50, "none"),
    ],
)
def test_detect_reports_the_chinese_script(data: bytes, script: str) -> None:
    # the verdict is the full analysis's (`zh.detect.analyse`), found cheaply where it can be
    from textmend.zh.detect import analyse

    d = textmend.detect(data)
    assert d.script == script
    assert analyse(textmend.repair_bytes(data).original, spans=False).script == script


def test_a_mostly_gbk_file_with_real_utf8_lines_is_still_segmented() -> None:
    gbk = _file(GBK_LINES, 8000)
    utf8 = "这一行是UTF-8写的，不是GBK。\n"
    data = gbk.encode("gbk") + utf8.encode() + gbk.encode("gbk")
    r = textmend.repair_bytes(data)
    assert r.text == gbk + utf8 + gbk
    assert [s.encoding for s in r.detection.segments] == ["gb18030", "utf-8", "gb18030"]


#: UTF-8 lines of French, the context a mixed line has in its multi-line form.
FRENCH_UTF8 = "Ligne un en français.\nDeuxième ligne, été comme hiver.\nTroisième : à bientôt.\n"


@pytest.mark.parametrize(
    ("utf8", "cp1252"),
    [
        ("Noël —", " déjà vu"),  # UTF-8 letters and a dash, then two cp1252 letters
        ("José —", " García y Peña"),
    ],
)
@pytest.mark.parametrize("context", ["", FRENCH_UTF8])
def test_a_mixed_line_is_read_alone_as_with_utf8_lines_around_it(
    utf8: str, cp1252: str, context: str
) -> None:
    # one line of UTF-8 and a few cp1252 letters (UTF-8 with stray bytes, on its face), alone in
    # its file or after UTF-8 lines: each piece is read in its own encoding (the stray bytes
    # were left alone, or the line read as ISO-8859-2, ``NoĂŤl … déjŕ``)
    data = context.encode() + utf8.encode() + cp1252.encode("cp1252") + b"\n"
    r = textmend.repair_bytes(data)
    assert r.safe and r.text == context + utf8 + cp1252 + "\n"
    assert r.detection.mixed and set(r.detection.encodings) == {"utf-8", "cp1252"}


@pytest.mark.parametrize(("utf8", "cp1252"), [("Noël", " et déjà vu"), ("Café", " crème brûlée")])
def test_one_utf8_letter_with_cp1252_text_is_mixed_among_utf8_lines(utf8: str, cp1252: str) -> None:
    # alone, the same bytes are a cp1252 line with mojibake (``CafÃ©``): only context tells
    data = FRENCH_UTF8.encode() + utf8.encode() + cp1252.encode("cp1252") + b"\n"
    r = textmend.repair_bytes(data)
    assert r.safe and r.text == FRENCH_UTF8 + utf8 + cp1252 + "\n"
    assert r.detection.mixed


@pytest.mark.parametrize(
    "data",
    [
        "这是一行UTF-8文字".encode()[:-2] + b"\n",  # cut inside its last character
        "“quoted” and ".encode() + b"\x93other\x94\n",  # symbols, not letters: a stray each
        "Привет мир, как дела".encode()[:-1] + b" ok\n",
    ],
)
def test_a_damaged_utf8_line_without_legacy_letters_stays_a_stray(data: bytes) -> None:
    r = textmend.repair_bytes(data)
    assert not r.safe and any(f.code == "TM302" for f in r.findings)


@pytest.mark.parametrize("size", [8, 16])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_very_short_random_blobs_of_any_bytes_are_left_alone(size: int, seed: int) -> None:
    # random bytes with ASCII letters among them (``ńťńloĆQF``, ``о{2ця1·•``, ``Ù=KUnê)0``) were
    # read in some code page as clean text: too short for the letter model, they lack the shape
    # of words (signs between letters, two alphabets in one word); 2 to 9 in 100 were rewritten,
    # and a few still are (all letters, in Mac and DOS code pages: ``ŁFę?nH&Ķ``, `` GDĚŤŇ ű``)
    rng = random.Random(seed * 1000 + size)
    blobs = [bytes(rng.randrange(256) for _ in range(size)) for _ in range(100)]
    assert sum(map(_rewritten, blobs)) <= 3


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Größe und Maß", "cp1252"),
        ("R&D Müller", "cp1252"),
        ("Price: 10 €", "cp1252"),
        ("Zoë était là", "cp1252"),
        ("Fußgängerübergänge", "cp1252"),
        ("Москва", "cp1251"),
        ("Ελλάδα", "iso8859-7"),
        ("กรุงเทพฯ, พ.ศ. 2550", "cp874"),
    ],
)
def test_short_real_words_have_the_shape_of_words(text: str, codec: str) -> None:
    from textmend.decode.shape import breaks

    assert breaks(text) == 0
    r = textmend.repair_bytes(text.encode(codec))
    assert r.safe and r.text == text


@pytest.mark.parametrize(
    "blob", ["о{2ця1·•", "Аз/Цй·Ml", "en4ЮЕСы·", "qGöò\tÆ*Ü", "w+H’‹»t^", "ขุนภีน’ท", "ทุ—ม้ล–€"]
)
def test_random_looking_readings_break_the_shape_of_words(blob: str) -> None:
    from textmend.decode.shape import breaks

    assert breaks(blob) > 0


def test_a_utf8_letter_and_a_cp1252_letter_in_one_line_is_not_chinese() -> None:
    # GB18030 read the line as ``Ren茅e a dit: tr鑣 bien`` (cost 0: common Han); its Han
    # characters are each glued inside a Latin word. The line is cp1252 with the mojibake of
    # one UTF-8 letter, which the engine repairs (the same bytes as test_pipeline's cafÃ©)
    r = textmend.repair_bytes(b"Ren\xc3\xa9e a dit: tr\xe8s bien\n")
    assert r.safe and r.text == "Renée a dit: très bien\n"
    assert r.detection.encoding == "cp1252"


def test_a_chinese_word_between_latin_letters_is_still_chinese() -> None:
    data = "iPhone的app".encode("gbk")
    r = textmend.repair_bytes(data)
    assert r.text == "iPhone的app"


def test_an_italian_cp1252_line_in_a_french_utf8_file_is_not_vietnamese() -> None:
    # cp1258 reads ò as a combining dot below: ``Niccoḷ``, a tone mark on a consonant
    line = "Niccolò ha già prenotato un tavolo per le otto in punto."
    data = FRENCH_UTF8.encode() + line.encode("cp1252") + b"\n" + FRENCH_UTF8.encode()
    r = textmend.repair_bytes(data)
    assert r.safe and r.text == FRENCH_UTF8 + line + "\n" + FRENCH_UTF8
    assert set(r.detection.encodings) == {"utf-8", "cp1252"}


def test_a_czech_cp1250_line_in_a_french_utf8_file_is_czech() -> None:
    line = "Ve čtvrtek večer bude v divadle představení Prodaná nevěsta."
    data = FRENCH_UTF8.encode() + line.encode("cp1250") + b"\n" + FRENCH_UTF8.encode()
    r = textmend.repair_bytes(data)
    assert r.safe and r.text == FRENCH_UTF8 + line + "\n" + FRENCH_UTF8


def test_vietnamese_in_cp1258_is_still_vietnamese() -> None:
    # cp1258 writes ế as ê and a combining acute: the tone marks sit on vowels
    data = "Ti\xeaa\u0301ng Vi\xeaa\u0323t la\u0300 ng\xf4n ng\u01b0\u0303 ch\u0301nh th\u01b0\u0301c."
    text = data.replace("\xeaa", "\xea")
    r = textmend.repair_bytes(text.encode("cp1258"))
    assert r.safe and r.text == text and r.detection.encoding == "cp1258"


def test_a_name_of_two_alphabets_joined_by_a_dot_is_a_word() -> None:
    # a snippet of the detection corpus (IBM866): a Cyrillic name with a Latin domain
    text = "<title>АвиаПорт.Ru</title>"
    r = textmend.repair_bytes(text.encode("cp866"))
    assert r.safe and r.text == text


def test_a_currency_sign_before_a_number_is_a_price() -> None:
    # a forum post with two prices in cp1252: £ before digits, where cp1250 reads Ł825 and a
    # DOS code page ú825 (letters glued to numbers) and cost no more than the sign did
    data = (
        b"<p>if rangers draw and marseille and benfica win i stand to lift \xa3825. "
        b"not bad for a \xa32 bet.<br>50p on 3 homes</p>\n"
    )
    r = textmend.repair_bytes(data)
    assert r.text == data.decode("cp1252")
    assert r.detection is not None and r.detection.encoding == "cp1252"
    assert not any(f.code == "TM104" for f in r.findings)


def _vendor_page() -> bytes:
    """A page listing cp932's IBM extensions (rare kanji, compatibility ideographs) after some
    Japanese prose: a reading that costs much, because its characters are rare."""
    ext = "".join(
        bytes([lead, trail]).decode("cp932", "ignore")
        for lead in (0xED, 0xEE, 0xFA, 0xFB, 0xFC)
        for trail in range(0x40, 0xFD)
        if trail != 0x7F and (lead < 0xFC or trail < 0x4C)
    )
    prose = (
        "<p>このページでは、パソコンの機種によって表示できない文字を集めました。"
        "ここに並んでいる字は、ウィンドウズでしか正しく見えない外字です。</p>\n"
    )
    rows = "\n".join(" ".join(ext[i : i + 16]) + "<br>" for i in range(0, len(ext), 16))
    return (prose * 8 + "<h2>IBM拡張文字</h2>\n<p>\n" + rows + "\n</p>\n").encode("cp932")


@pytest.mark.parametrize(("sure", "written"), [(0.95, True), (0.5, False)])
def test_a_rare_double_byte_reading_chardet_is_sure_of_is_written(monkeypatch, sure, written) -> None:
    # two detectors agreeing: chardet sure of cp932 on the file's head, and a reading that
    # decodes every byte and is believable (if costly: rare characters); chardet unsure, the
    # costly reading alone is a guess, left alone with TM104
    from textmend.decode import decode_bytes, segments

    data = _vendor_page()
    real = segments.candidates
    monkeypatch.setattr(
        segments,
        "candidates",
        lambda head, limit=0: (
            [("cp932", sure)] if head == data[: segments.WHOLE_SAMPLE] else real(head, limit)
        ),
    )
    d = decode_bytes(data)
    assert d.detection.encoding == "cp932"
    assert d.text == data.decode("cp932")
    assert any(f.code == "TM104" for f in d.findings) is not written


def test_a_tie_between_two_western_code_pages_is_left_alone() -> None:
    # naïve café in cp1252 is naďve café in cp1250: clean words of alphabets of both code pages,
    # which chardet likes as much; the letter model prefers naďve, and is not let to choose
    r = textmend.repair_bytes("naïve café".encode("cp1252"))
    assert not (r.safe and r.changed)
    assert any(f.code == "TM104" for f in r.findings)


@pytest.mark.parametrize(
    "text, codec",
    [
        ("<title>ИНФОРМАТОР</title>\n", "cp1251"),  # KOI8-R: хмтнплюрнп, clean small letters too
        ("<title>あけましておめでとう</title>\n", "euc_jp"),  # Big5: 丐仃引仄化云戶匹, common Hanzi
        ("<title>ワイプアウト ピュア ( PSP )</title>\n", "euc_jp"),  # Big5: 伐奶皿失它玄
        ("<title>Η ΚΑΘΗΜΕΡΙΝΗ : ΑΘΛΗΤΙΣΜΟΣ</title>\n", "iso8859-7"),  # KOI8-R: small Cyrillic letters
        ("<title>шалтай-болтай</title>\n", "koi8-r"),  # windows-1251: capitals, ISO-8859-7: Greek
        # the same bytes are half as many CJK characters as letters: judged in all, not each
        ("<title>梦醒时分</title>\n", "gb18030"),  # ISO-8859-5: УЮабЪБЗж, cheaper a character
        ("<title>鍬形蟲賽跑</title>\n", "big5"),  # ISO-8859-7: Ακ§ΞΒΞΑΙΆ]
    ],
)
def test_the_letter_model_tells_code_pages_of_one_alphabet_apart(text: str, codec: str) -> None:
    # chardet has no opinion on a line this short; how the letters follow each other tells
    repair = textmend.repair_bytes(text.encode(codec))
    assert repair.text == text and repair.safe
    assert repair.detection.encoding == codec
