"""Decoding whole files: byte-order marks, UTF-16/32, legacy encodings, stray bytes."""

from __future__ import annotations

import pytest

import textmend
from textmend.decode import decode_bytes
from textmend.decode.legacy import detect_legacy, rank
from textmend.errors import DecodeError
from textmend.report.text import describe_detection

TEXT = "Grüße aus Köln — 東京の天気は晴れ。\nЗдравствуй, мир!\n"


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
    ],
)
def test_utf16_32_with_bom(codec: str, bom: bytes) -> None:
    repair = textmend.repair_bytes(bom + TEXT.encode(codec))
    assert repair.text == TEXT
    assert repair.detection.encoding == codec and repair.detection.bom == codec
    assert [c.code for c in repair.changes] == ["TM102"]
    assert describe_detection(repair.detection) == f"{codec} (confidence 1.00), {codec} BOM"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_32_without_bom(codec: str) -> None:
    text = "Plain English text in a wide encoding, with a café.\nSecond line.\n"
    repair = textmend.repair_bytes(text.encode(codec))
    assert repair.text == text
    assert repair.detection.encoding == codec and repair.detection.bom is None
    assert [c.code for c in repair.changes] == ["TM102"]


def test_utf8_bom_is_detected_and_removed() -> None:
    repair = textmend.repair_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    assert repair.detection.encoding == "utf-8" and repair.detection.bom == "utf-8"
    assert repair.original.startswith("\ufeff") and repair.text == TEXT
    assert [c.code for c in repair.changes] == ["TM701"]


def test_concatenated_utf8_files_lose_their_inner_boms() -> None:
    data = b"\xef\xbb\xbffirst file\n" + b"\xef\xbb\xbfsecond file\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == "first file\nsecond file\n"
    assert [(c.code, c.line) for c in repair.changes] == [("TM701", 1), ("TM701", 2)]


LEGACY = [
    (
        "gb18030",
        "会议将于下周三在市政府三楼会议室举行，请各部门负责人准时参加。\n请提前准备好本季度的工作总结。\n",
    ),
    ("big5", "本店自即日起調整營業時間，週一至週五上午十點開門。\n週末及國定假日照常營業，敬請見諒。\n"),
    (
        "shift_jis",
        "来週の月曜日は祝日のため、図書館はお休みです。\n返却ポストは通常どおりご利用いただけます。\n",
    ),
    ("euc_jp", "駅から徒歩五分のところに、新しいパン屋ができました。\n朝七時から営業しているそうです。\n"),
    ("euc_kr", "이번 주말에는 가족과 함께 바닷가에 다녀올 예정입니다.\n날씨가 좋으면 좋겠습니다.\n"),
    ("cp1251", "Завтра утром в городе ожидается сильный снегопад.\nВодителей просят быть внимательнее.\n"),
    ("koi8-r", "На выходных мы ездили на дачу и собирали яблоки.\nУрожай в этом году отличный.\n"),
    ("cp1250", "Zítra ráno se očekává silné sněžení, řidiči mají být opatrní.\nŠkoly zůstanou otevřené.\n"),
    (
        "cp1252",
        "L'été dernier, nous avons visité la côte bretonne à vélo.\nQuelle belle région, très calme !\n",
    ),
    ("cp1255", "מחר בבוקר צפוי שלג כבד בירושלים ובסביבתה.\nהנהגים מתבקשים לנסוע בזהירות.\n"),
    ("cp1256", "يتوقع هطول أمطار غزيرة صباح الغد في العاصمة.\nيرجى من السائقين توخي الحذر.\n"),
    ("tis-620", "พรุ่งนี้เช้าคาดว่าจะมีฝนตกหนักในกรุงเทพมหานคร\nขอให้ผู้ขับขี่ระมัดระวัง\n"),
    (
        "cp1254",
        "Yarın sabah İstanbul'da yoğun kar yağışı bekleniyor.\nSürücülerin dikkatli olması gerekiyor.\n",
    ),
]


@pytest.mark.parametrize(("codec", "text"), LEGACY, ids=[c for c, _ in LEGACY])
def test_whole_file_legacy(codec: str, text: str) -> None:
    repair = textmend.repair_bytes(text.encode(codec))
    assert repair.text == text
    assert len(repair.detection.segments) == 1 and not repair.detection.mixed
    assert [c.code for c in repair.changes] == ["TM101"]
    assert repair.safe


def test_shift_jis_is_kept_over_cp932_when_it_decodes() -> None:
    # 0x8160 is WAVE DASH in JIS X 0208 (shift_jis), FULLWIDTH TILDE in cp932
    text = "営業時間は午前九時〜午後五時です。\nお問い合わせはお電話でどうぞ。\n"
    d = textmend.detect(text.encode("shift_jis"))
    assert d.encoding == "shift_jis"
    assert textmend.repair_bytes(text.encode("shift_jis")).text == text


def test_cp932_extensions_are_read_with_cp932() -> None:
    text = "会議は①本館②別館の二か所で行います。\n株式会社㈱の表記に注意。\n"
    repair = textmend.repair_bytes(text.encode("cp932"))
    assert repair.text == text and repair.detection.encoding == "cp932"


def test_seven_bit_iso2022() -> None:
    text = "日本語のメールです。よろしくお願いします。\n"
    repair = textmend.repair_bytes(text.encode("iso2022_jp"))
    assert repair.text == text
    assert repair.detection.encoding.startswith("iso2022")


def test_legacy_file_with_one_stray_byte_is_a_finding() -> None:
    good = "北京今天的天气很好，适合出去散步。\n"
    data = good.encode("gbk") * 3 + b"\x80\n" + good.encode("gbk")
    repair = textmend.repair_bytes(data)
    assert repair.detection.encoding == "gb18030"
    assert repair.text == good * 3 + "\ufffd\n" + good
    assert [(f.code, f.line, f.col) for f in repair.findings] == [("TM302", 4, 1)]
    assert not repair.safe


def test_a_byte_the_file_encoding_decodes_is_read_with_it() -> None:
    # ÿ in cp1252, я in cp1251: the file's one reading holds for the short line too, no stray
    data = "Съешь же ещё этих мягких булок.\n".encode("cp1251") * 3 + b"caf\xff\n"
    repair = textmend.repair_bytes(data)
    assert repair.detection.encoding == "cp1251"
    assert repair.text.endswith("cafя\n") and repair.findings == []


def test_forced_encoding_is_not_second_guessed() -> None:
    data = "Привет".encode("koi8-r")
    assert textmend.repair_bytes(data, encoding="koi8-r").text == "Привет"
    with pytest.raises(DecodeError):
        textmend.repair_bytes(b"\x81\xff", encoding="shift_jis")


def test_binary_data_is_still_refused() -> None:
    with pytest.raises(textmend.BinaryInputError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_detect_legacy_api() -> None:
    codec, confidence = detect_legacy("Добрый вечер, друзья!".encode("cp1251")) or ("", 0.0)
    assert codec == "cp1251" and 0 < confidence <= 1


def test_rank_prefers_plausible_readings_over_chardets_first_guess() -> None:
    # A short Big5 line: whatever chardet says first, the reading must be Chinese.
    line = "小明說他明天會來。\n".encode("big5")
    best = rank([line])[0]
    assert best.codec in ("big5", "cp950", "big5hkscs")
    assert best.text == "小明說他明天會來。\n"


def test_rank_uses_the_context_of_a_mixed_file() -> None:
    from textmend.decode.plausible import profile

    greek = "Καλημέρα σας, τι κάνετε;\n"
    # Without context an uppercase Greek line may read as Cyrillic; with Greek context it cannot.
    line = "ΚΑΛΗΜΕΡΑ ΣΑΣ ΑΠΟ ΤΗΝ ΑΘΗΝΑ\n".encode("iso8859-7")
    best = rank([line], profile(greek * 3), ascii_only=True)[0]
    assert best.text == "ΚΑΛΗΜΕΡΑ ΣΑΣ ΑΠΟ ΤΗΝ ΑΘΗΝΑ\n"


def test_an_encoding_hint_is_used_only_for_a_file_that_is_not_unicode() -> None:
    from textmend.decode import read

    big5 = "本店自即日起調整營業時間。\n".encode("big5")
    r = read(big5, hint="big5")
    assert r.text == "本店自即日起調整營業時間。\n" and r.detection.encoding == "big5"
    assert [c.message for c in r.changes] == ["decoded from big5 (encoding hint): written as UTF-8"]
    utf8 = "本店自即日起調整營業時間。\n".encode()
    assert read(utf8, hint="big5").detection.encoding == "utf-8"  # converted already: never decoded again
    assert read(b"\xef\xbb\xbf" + utf8, hint="big5").detection.bom == "utf-8"
    with pytest.raises(textmend.DecodeError, match="cannot decode as ascii"):
        read(big5, hint="ascii")


def test_a_hinted_file_is_decoded_once(tmp_path, monkeypatch) -> None:
    from textmend import pipeline
    from textmend.config import load, settings
    from textmend.io.files import Target

    (tmp_path / "pyproject.toml").write_text(
        '[tool.textmend.encodings]\n"*.txt" = "big5"\n', encoding="utf-8"
    )
    p = tmp_path / "a.txt"
    p.write_bytes("本店自即日起調整營業時間。\n".encode("big5"))
    calls = []
    real = pipeline.repair_bytes
    monkeypatch.setattr(
        pipeline, "repair_bytes", lambda data, options, *a: calls.append(options) or real(data, options, *a)
    )
    monkeypatch.chdir(tmp_path)
    cfg = settings(load(tmp_path / "pyproject.toml"))
    result = cfg.repair(Target(str(p), p))
    assert result.repair is not None and result.repair.text == "本店自即日起調整營業時間。\n"
    assert len(calls) == 1 and calls[0].hint == "big5"
