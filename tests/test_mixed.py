"""Mixed encodings inside one file: segments, one change per segment, stray bytes, the CLI."""

from __future__ import annotations

import json

import pytest

import textmend
from textmend.cli import main
from textmend.report.text import describe_detection

#: Four lines per language, in the language's usual legacy encoding (our own sentences).
SENTENCES: dict[str, tuple[str, tuple[str, ...], list[str]]] = {
    "zh-hans": (
        "gb18030",
        ("gb18030",),
        [
            "今天上午，市图书馆举办了一场关于古籍修复的讲座。",
            "来自各地的读者排队进场，现场座无虚席。",
            "修复师介绍了纸张、糨糊和装帧的传统工艺。",
            "讲座结束后，不少家长带着孩子参观了修复室。",
        ],
    ),
    "zh-hant": (
        "big5",
        ("big5", "cp950", "big5hkscs"),
        [
            "颱風過後，港口的漁船陸續恢復出海作業。",
            "氣象局提醒民眾，週末山區仍可能出現豪雨。",
            "市政府已派出清潔隊整理倒塌的路樹。",
            "部分學校宣布延後一天開學，以確保校園安全。",
        ],
    ),
    "ja": (
        "shift_jis",
        ("shift_jis",),
        [
            "今朝、駅前の商店街で小さな火事がありました。",
            "けが人はいませんでしたが、電車が一時止まりました。",
            "消防によると、原因は古い電気ストーブだそうです。",
            "店主は「まさかこんなことになるとは」と話しています。",
        ],
    ),
    "ko": (
        "euc_kr",
        ("euc_kr", "cp949"),
        [
            "오늘 아침 서울 시내에 첫눈이 내렸습니다.",
            "출근길 도로가 미끄러워 사고가 잇따랐습니다.",
            "기상청은 내일까지 눈이 더 올 것이라고 밝혔습니다.",
            "시민들은 두꺼운 외투를 입고 조심스럽게 걸었습니다.",
        ],
    ),
    "ru": (
        "cp1251",
        ("cp1251",),
        [
            "Вчера вечером в городском парке открылась новая библиотека.",
            "Жители района давно просили построить её рядом со школой.",
            "На открытии выступили местные поэты и музыканты.",
            "Библиотека будет работать каждый день, кроме понедельника.",
        ],
    ),
    "ru-koi8": (
        "koi8-r",
        ("koi8-r",),
        [
            "Зимой в деревне темнеет рано, и фонари включают в четыре часа.",
            "Дети катаются на санках с горы у старой мельницы.",
            "Почтальон приносит газеты только по вторникам и пятницам.",
            "Весной дорогу размывает, и автобус ходит в объезд.",
        ],
    ),
    "el": (
        "cp1253",
        ("cp1253", "iso8859-7"),
        [
            "Το πρωί έβρεχε δυνατά στην Αθήνα και η κίνηση ήταν μεγάλη.",
            "Οι μαθητές περίμεναν το λεωφορείο κάτω από τις ομπρέλες.",
            "Ο δήμαρχος υποσχέθηκε νέα στέγαστρα στις στάσεις.",
            "Η βροχή αναμένεται να σταματήσει μέχρι το απόγευμα.",
        ],
    ),
    "he": (
        "cp1255",
        ("cp1255", "iso8859-8"),
        [
            "הבוקר נפתחה בעיר ספרייה ציבורית חדשה ליד בית הספר.",
            "תושבי השכונה ביקשו אותה במשך שנים רבות.",
            "בטקס הפתיחה הופיעו משוררים ומוזיקאים מקומיים.",
            "הספרייה תהיה פתוחה בכל יום חוץ מיום שישי.",
        ],
    ),
    "ar": (
        "cp1256",
        ("cp1256",),
        [
            "افتتحت صباح اليوم مكتبة عامة جديدة في وسط المدينة.",
            "طالب سكان الحي بها منذ سنوات طويلة.",
            "شارك في حفل الافتتاح شعراء وموسيقيون من المنطقة.",
            "ستفتح المكتبة أبوابها كل يوم ما عدا الجمعة.",
        ],
    ),
    "th": (
        "tis-620",
        ("tis-620", "cp874"),
        [
            "เมื่อเช้านี้ห้องสมุดแห่งใหม่เปิดให้บริการในใจกลางเมือง",
            "ชาวบ้านในย่านนี้เรียกร้องมาหลายปีแล้ว",
            "ในพิธีเปิดมีกวีและนักดนตรีท้องถิ่นมาร่วมงาน",
            "ห้องสมุดจะเปิดทุกวันยกเว้นวันจันทร์",
        ],
    ),
    "tr": (
        "cp1254",
        ("cp1254", "iso8859-9"),
        [
            "Dün akşam şehir parkında yeni bir kütüphane açıldı.",
            "Mahalle sakinleri yıllardır okulun yanında bir kütüphane istiyordu.",
            "Açılışta yerel şairler ve müzisyenler sahne aldı.",
            "Kütüphane pazartesi hariç her gün açık olacak.",
        ],
    ),
    "cs": (
        "cp1250",
        ("cp1250",),
        [
            "Včera večer se v městském parku otevřela nová knihovna.",
            "Obyvatelé čtvrti o ni dlouho žádali kvůli škole.",
            "Na otevření vystoupili místní básníci a hudebníci.",
            "Knihovna bude otevřená každý den kromě pondělí.",
        ],
    ),
    "pl": (
        "iso8859-2",
        ("iso8859-2",),
        [
            "Wczoraj wieczorem w miejskim parku otwarto nową bibliotekę.",
            "Mieszkańcy dzielnicy długo prosili o nią ze względu na szkołę.",
            "Na otwarciu wystąpili miejscowi poeci i muzycy.",
            "Biblioteka będzie czynna codziennie oprócz poniedziałku.",
        ],
    ),
    "fr": (
        "cp1252",
        ("cp1252",),
        [
            "Hier soir, une nouvelle bibliothèque a ouvert ses portes au parc municipal.",
            "Les habitants du quartier la réclamaient depuis des années, près de l'école.",
            "À l'inauguration, des poètes et des musiciens du coin ont joué.",
            "La bibliothèque sera ouverte tous les jours, sauf le lundi.",
        ],
    ),
}


def _mix(lines: list[str], legacy: str, pattern: str) -> bytes:
    """The lines joined, each encoded as UTF-8 ('u') or `legacy` ('l') as `pattern` says."""
    return b"".join((ln + "\n").encode("utf-8" if p == "u" else legacy) for ln, p in zip(lines, pattern))


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_alternating_lines_decode_each_in_its_encoding(lang: str) -> None:
    codec, accepted, lines = SENTENCES[lang]
    data = _mix(lines, codec, "ulul")
    repair = textmend.repair_bytes(data)
    assert repair.text == "".join(ln + "\n" for ln in lines)
    d = repair.detection
    assert d is not None and d.encoding == "mixed" and d.mixed
    assert [s.encoding for s in d.segments][0::2] == ["utf-8", "utf-8"]
    assert all(s.encoding in accepted for s in d.segments[1::2])
    assert [(s.start_line, s.end_line) for s in d.segments] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    tm301 = [c for c in repair.changes if c.code == "TM301"]
    assert [(c.line, c.col) for c in tm301] == [(2, 1), (4, 1)]
    assert repair.safe


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_one_legacy_line_in_a_utf8_file(lang: str) -> None:
    codec, accepted, lines = SENTENCES[lang]
    repair = textmend.repair_bytes(_mix(lines, codec, "uulu"))
    assert repair.text == "".join(ln + "\n" for ln in lines)
    segs = repair.detection.segments
    assert [(s.start_line, s.end_line) for s in segs] == [(1, 2), (3, 3), (4, 4)]
    assert segs[1].encoding in accepted


def test_utf8_log_with_gbk_lines_segments_and_report() -> None:
    head = "2024-05-01 08:00:01 服务启动，监听端口 8080\n2024-05-01 08:00:02 读取配置文件成功\n"
    gbk = "2024-05-01 08:00:03 数据库连接失败，正在重试\n2024-05-01 08:00:05 第二次重试成功\n"
    tail = "2024-05-01 08:00:06 开始处理请求\nplain ascii line\n"
    data = head.encode() + gbk.encode("gbk") + tail.encode()
    d = textmend.detect(data)
    start, end = len(head.encode()), len(head.encode()) + len(gbk.encode("gbk"))
    assert [(s.encoding, s.start_line, s.end_line, s.start_byte, s.end_byte) for s in d.segments] == [
        ("utf-8", 1, 2, 0, start),
        ("gb18030", 3, 4, start, end),
        ("utf-8", 5, 6, end, len(data)),
    ]
    assert describe_detection(d) == "mixed: utf-8 (lines 1-2, 5-6), gb18030 (lines 3-4), script hans"
    repair = textmend.repair_bytes(data)
    assert repair.text == head + gbk + tail
    assert [(c.code, c.line, c.before, c.after) for c in repair.changes] == [("TM301", 3, "", "")]
    assert "lines 3-4 in gb18030" in repair.changes[0].message


def test_csv_concatenated_from_utf8_and_cp1252_exports() -> None:
    utf8 = "name;city;note\nJosé Núñez;Málaga;café con leche\n"
    cp1252 = "Zoë Brontë;Genève;“déjà vu” – 5 €\nFrançois Ça;Besançon;crème brûlée\n"
    data = utf8.encode() + cp1252.encode("cp1252")
    repair = textmend.repair_bytes(data)
    assert repair.text == utf8 + cp1252
    assert [s.encoding for s in repair.detection.segments] == ["utf-8", "cp1252"]


def test_big5_subtitles_with_a_utf8_advert() -> None:
    subs = "1\n00:00:01,000 --> 00:00:03,000\n我們明天早上在車站見面吧。\n\n"
    advert = "2\n00:00:04,000 --> 00:00:06,000\n最新電影請上本站下載字幕\n\n"
    more = "3\n00:00:07,000 --> 00:00:09,000\n好的，不見不散。\n"
    data = subs.encode("big5") + advert.encode() + more.encode("big5")
    repair = textmend.repair_bytes(data)
    assert repair.text == subs + advert + more
    segs = repair.detection.segments
    assert [s.encoding for s in segs] == ["big5", "utf-8", "big5"]
    # the blank and ASCII lines around the advert stay with the segment before them
    assert [(s.start_line, s.end_line) for s in segs] == [(1, 6), (7, 10), (11, 11)]
    assert [c.line for c in repair.changes if c.code == "TM301"] == [1, 11]


def test_utf8_page_with_a_pasted_shift_jis_paragraph() -> None:
    page = "<p>Welcome to our shop — open every day.</p>\n"
    pasted = "<p>当店は毎日午前十時から営業しております。お気軽にお越しください。</p>\n"
    data = page.encode() + pasted.encode("shift_jis") + page.encode()
    repair = textmend.repair_bytes(data)
    assert repair.text == page + pasted + page
    assert [s.encoding for s in repair.detection.segments] == ["utf-8", "shift_jis", "utf-8"]


def test_utf8_bom_on_a_mixed_file() -> None:
    body = "Überschrift mit Umlauten\n"
    data = b"\xef\xbb\xbf" + body.encode() + "Größe: 5 m²\n".encode("cp1252")
    repair = textmend.repair_bytes(data)
    assert repair.detection.bom == "utf-8"
    assert repair.text == body + "Größe: 5 m²\n"
    assert [c.code for c in repair.changes] == ["TM301", "TM701"]


def test_two_legacy_encodings_and_utf8() -> None:
    ru = "Привет из Москвы, погода сегодня отличная.\n"
    zh = "北京今天天气晴朗，适合出门散步。\n"
    en = "English in UTF-8 — with a dash.\n"
    data = en.encode() + ru.encode("cp1251") + en.encode() + zh.encode("gbk")
    repair = textmend.repair_bytes(data)
    assert repair.text == en + ru + en + zh
    assert [s.encoding for s in repair.detection.segments] == ["utf-8", "cp1251", "utf-8", "gb18030"]


def test_lone_latin_byte_in_a_utf8_file_is_read_as_the_letter() -> None:
    data = "Crème brûlée recipe\n".encode() + b"Caf\xe9 au lait, then dessert\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == "Crème brûlée recipe\nCafé au lait, then dessert\n"
    assert repair.safe


def test_lone_byte_that_fits_nothing_is_a_stray_finding() -> None:
    data = "Привет, мир\n".encode() + b"total: 12\xff5 items\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == "Привет, мир\ntotal: 12\ufffd5 items\n"
    assert [(f.code, f.line, f.col, f.before) for f in repair.findings] == [("TM302", 2, 10, "ÿ")]
    assert not repair.safe
    assert repair.detection.encoding == "utf-8"


def test_lone_apostrophe_byte_in_an_english_line_of_a_file_with_cyrillic_titles() -> None:
    # 0x92 is ’ in windows-1251 as in windows-1252: whichever wrote the line, it is the apostrophe
    title = '<a href="http://example.bg/" title="посети">блог</a>\n'
    data = title.encode() + b"<p>I\x92d been testing the French language pack.</p>\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == title + "<p>I’d been testing the French language pack.</p>\n"
    assert repair.safe and repair.findings == []


def test_lone_letter_byte_in_a_file_with_cyrillic_text_stays_a_stray() -> None:
    # 0xE9 is é in windows-1252 and й in windows-1251: a letter of either file's script
    data = "Привет, мир\n".encode() + b"Caf\xe9 menu\n"
    repair = textmend.repair_bytes(data)
    assert [f.code for f in repair.findings] == ["TM302"] and not repair.safe


def test_ambiguous_lone_byte_gets_candidates() -> None:
    # 0xE8 is è in cp1252 but č in cp1250: one byte cannot choose
    data = b"plain ascii\nCaf\xe8 x\n"
    repair = textmend.repair_bytes(data)
    (f,) = repair.findings
    assert f.code == "TM302" and not repair.safe
    assert any(c.startswith("è ") for c in f.candidates) and any(c.startswith("č ") for c in f.candidates)


def test_truncated_utf8_character_is_a_stray_not_a_legacy_line() -> None:
    data = "第一行正常。\n".encode() + "第二行被截断".encode() + b"\xe6\x96\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == "第一行正常。\n第二行被截断\ufffd\n"
    assert [(f.code, f.line, f.before) for f in repair.findings] == [("TM302", 2, "\xe6\x96")]
    assert [s.encoding for s in repair.detection.segments] == ["utf-8"]


def test_stray_replacement_is_not_reported_twice() -> None:
    repair = textmend.repair_bytes("Привет\n".encode() + b"x \xff y\n")
    assert [f.code for f in repair.findings] == ["TM302"]


def test_detection_to_dict_carries_segments() -> None:
    data = "UTF-8 line: naïve\n".encode() + "Ligne en cp1252 : déjà\n".encode("cp1252")
    d = textmend.detect(data).to_dict()
    assert d["encoding"] == "mixed"
    assert [(s["encoding"], s["start_line"], s["end_line"]) for s in d["segments"]] == [
        ("utf-8", 1, 1),
        ("cp1252", 2, 2),
    ]


def test_cli_detect_shows_segments(tmp_path, capsys) -> None:
    p = tmp_path / "log.txt"
    p.write_bytes("正常的一行\n".encode() * 2 + "这是GBK写的一行\n".encode("gbk") + "又是正常的\n".encode())
    assert main(["detect", str(p)]) == 0
    out = capsys.readouterr().out
    assert out == f"{p}: mixed: utf-8 (lines 1-2, 4), gb18030 (line 3), script hans\n"


def test_cli_detect_json(tmp_path, capsys) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("Grüße\n".encode() + "Grüße\n".encode("cp1252"))
    assert main(["detect", "--json", str(p)]) == 0
    (obj,) = json.loads(capsys.readouterr().out)
    assert obj["encoding"] == "mixed"
    assert [s["encoding"] for s in obj["segments"]] == ["utf-8", "cp1252"]


def test_cli_fix_writes_utf8_and_reports_one_change_per_segment(tmp_path, capsys) -> None:
    text = "Первая строка.\nВторая строка.\nТретья строка.\n"
    lines = text.splitlines(keepends=True)
    p = tmp_path / "ru.txt"
    p.write_bytes(lines[0].encode() + lines[1].encode("cp1251") + lines[2].encode())
    assert main(["fix", str(p)]) == 0
    assert p.read_bytes() == text.encode()
    assert "1 change (TM301)" in capsys.readouterr().err


def test_cli_fix_leaves_a_file_with_a_stray_byte_alone(tmp_path, capsys) -> None:
    data = "北京的天气很好。\n".encode("gbk") * 4 + b"\xff\n"
    p = tmp_path / "gbk.txt"
    p.write_bytes(data)
    assert main(["fix", str(p)]) == 2
    assert p.read_bytes() == data
    err = capsys.readouterr().err
    assert "TM302" in err and "left alone" in err


def test_crlf_line_endings_are_kept() -> None:
    data = "Ärger im Büro\r\n".encode() + "Öffnungszeiten: 9–17 Uhr\r\n".encode("cp1252") + b"end\r\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == "Ärger im Büro\r\nÖffnungszeiten: 9–17 Uhr\r\nend\r\n"
    assert [(s.encoding, s.start_line, s.end_line) for s in repair.detection.segments] == [
        ("utf-8", 1, 1),
        ("cp1252", 2, 3),
    ]


def test_overlong_and_surrogate_sequences_are_not_utf8() -> None:
    # C0 AF is an overlong '/', ED A0 80 an encoded surrogate: strict UTF-8 rejects both
    for bad in (b"\xc0\xaf", b"\xed\xa0\x80"):
        repair = textmend.repair_bytes("Überall gültig.\n".encode() + b"path " + bad + b" end\n")
        assert "/" not in repair.text and "\ud800" not in repair.text
        assert repair.findings or repair.detection.mixed


# --- pieces of one line in different encodings -------------------------------------------


def test_csv_row_with_one_field_from_a_gbk_program() -> None:
    # the name column came from UTF-8, the address column from a GBK export
    data = b"".join(
        [
            b"id,name,address\n1,",
            "张伟".encode(),
            b",",
            "北京市朝阳区建国路".encode("gbk"),
            "\n2,李娜,上海市浦东新区\n".encode(),
        ]
    )
    repair = textmend.repair_bytes(data)
    assert repair.text == "id,name,address\n1,张伟,北京市朝阳区建国路\n2,李娜,上海市浦东新区\n"
    segments = [(s.encoding, s.start_line, s.end_line) for s in repair.detection.segments]
    assert segments == [("utf-8", 1, 2), ("gb18030", 2, 2), ("utf-8", 3, 3)]
    (change,) = [c for c in repair.changes if c.code == "TM301"]
    assert change.line == 2 and change.col == 6
    assert "part of line 2" in change.message and "gb18030" in change.message


@pytest.mark.parametrize(
    ("label", "phrase", "codec"),
    [
        ("商品名称：", "北京烤鸭，每只一百二十元", "gbk"),
        ("説明：", "こちらはシフトJISで書かれた部分です。", "shift_jis"),
        ("Résumé : ", "5 € le café, déjà servi", "cp1252"),
    ],
)
def test_utf8_label_followed_by_a_pasted_legacy_phrase(label: str, phrase: str, codec: str) -> None:
    data = label.encode() + phrase.encode(codec) + b"\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == label + phrase + "\n"
    assert [s.encoding for s in repair.detection.segments][0] == "utf-8"
    assert len(repair.detection.segments) == 2


def test_legacy_tail_of_a_line_is_read_in_the_language_of_its_utf8_head() -> None:
    # `` \xe0 v\xe9lo`` is cp1252's French ``à vélo`` and cp1250's Slovak ``ŕ vélo``, which
    # chardet likes as well; the UTF-8 head's è is French's, not Slovak's
    head = "L’été dernier, Hélène a traversé la Bretagne"
    tail = " à vélo — 600 km en douze jours."
    repair = textmend.repair_bytes(head.encode() + tail.encode("cp1252"))
    assert repair.text == head + tail
    assert [s.encoding for s in repair.detection.segments] == ["utf-8", "cp1252"]


def test_a_legacy_letter_after_utf8_text_is_read_in_its_word() -> None:
    # the ASCII after a UTF-8 stretch goes with it up to the word the legacy byte is in: the
    # legacy piece is ``caf\xe9``, a letter in a word, not a lone ``\xe9`` after a space
    data = "João comprou pão, manteiga e um pacote de ".encode() + "café na padaria.".encode("cp1252")
    assert textmend.repair_bytes(data).text == "João comprou pão, manteiga e um pacote de café na padaria."


def test_utf8_head_with_emoji_and_a_french_cp1252_tail() -> None:
    # the emoji are the UTF-8 head's evidence, not implausible signs; the tail, which chardet
    # likes a little better as cp1250's Slovak ``Hélčne ... ŕ vélo``, is the commoner page's
    # French, which the letter model prefers too
    head = "Joyeux anniversaire Chloé 🎂🎈 on se voit samedi ? L’été dernier,"
    tail = " Hélène a traversé la Bretagne à vélo — 600 km en douze jours."
    repair = textmend.repair_bytes(head.encode() + tail.encode("cp1252"))
    assert repair.text == head + tail
    assert [s.encoding for s in repair.detection.segments] == ["utf-8", "cp1252"]


def test_latin_text_is_not_named_iso_8859_15_on_a_tie_with_windows_1252() -> None:
    # chardet gives the two the same confidence; the UTF-8 ü in a word is repaired either way,
    # but ISO 8859-15 reads its second byte as Œ, where nothing repairs it
    data = "Bitte prüfen Sie die Rechnung Nr. 4711 und ".encode() + "überweisen Sie den Betrag.".encode(
        "cp1252"
    )
    assert (
        textmend.repair_bytes(data).text
        == "Bitte prüfen Sie die Rechnung Nr. 4711 und überweisen Sie den Betrag."
    )


def test_legacy_text_that_is_partly_valid_utf8_is_not_cut() -> None:
    # 事修 in Big5 is A8C6 ADD7: A8 is a legacy byte, C6 AD D7 .. a valid UTF-8 stretch
    line = "這件公事修復完成後，我們再開會討論。"
    data = "第一行是正體中文的說明。\n".encode() + line.encode("big5") + b"\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == "第一行是正體中文的說明。\n" + line + "\n"
    assert [(s.encoding, s.start_line) for s in repair.detection.segments] == [("utf-8", 1), ("big5", 2)]


# --- context: what the rest of the file says ----------------------------------------------


def test_cp1252_line_in_a_chinese_file_with_english_in_it() -> None:
    lines = [
        "第一行：会议纪要",
        "Meeting notes from the Paris office",
        "第三行：下周继续讨论",
        "Le café coûte 5 € à Zürich, déjà vu",
        "第五行：散会",
    ]
    codecs = ["utf-8", "utf-8", "gbk", "cp1252", "utf-8"]
    data = b"".join(ln.encode(c) + b"\n" for ln, c in zip(lines, codecs))
    repair = textmend.repair_bytes(data)
    assert repair.text == "\n".join(lines) + "\n"
    assert [s.encoding for s in repair.detection.segments] == ["utf-8", "gb18030", "cp1252", "utf-8"]


def test_kanji_line_in_a_file_whose_utf8_part_is_only_kana() -> None:
    # the UTF-8 lines have no kanji yet: kanji are still at home in Japanese text
    data = "<p>ひらがなだけのぎょうです</p>\n".encode() + "<title>今日一日</title>\n".encode("euc_jp")
    repair = textmend.repair_bytes(data)
    assert repair.text == "<p>ひらがなだけのぎょうです</p>\n<title>今日一日</title>\n"


def test_all_capitals_greek_is_not_read_as_koi8r_cyrillic() -> None:
    # ISO-8859-7 capitals are KOI8-R small letters: only how letters follow each other tells
    text = "<rss>\n<title>Η ΚΑΘΗΜΕΡΙΝΗ ΕΦΗΜΕΡΙΔΑ - ΕΙΔΗΣΕΙΣ ΑΠΟ ΤΗΝ ΕΛΛΑΔΑ</title>\n</rss>\n"
    repair = textmend.repair_bytes(text.encode("iso8859-7"))
    assert repair.text == text
    assert repair.detection.encoding in ("iso8859-7", "cp1253")


def test_lower_case_russian_in_koi8r_stays_russian() -> None:
    text = "<title>новости дня: погода в москве и области</title>\n"
    repair = textmend.repair_bytes(text.encode("koi8-r"))
    assert repair.text == text


def test_a_capitalised_cp1251_title_in_a_lower_case_utf8_file_is_cp1251() -> None:
    # windows-1251 capitals are KOI8-R small letters: the UTF-8 text's small letters are the
    # same alphabet as the title's capitals, and other letters than KOI8-R's reading gives
    body = "<description>Весела коледа на всички слушатели и много нова музика</description>\n"
    title = "<title>ВЕСЕЛА КОЛЕДА И УМНАТА</title>\n"
    data = body.encode() + title.encode("cp1251") + body.encode()
    repair = textmend.repair_bytes(data)
    assert repair.text == body + title + body
    assert [s.encoding for s in repair.detection.segments] == ["utf-8", "cp1251", "utf-8"]


def test_a_line_of_hiragana_in_euc_jp_is_not_big5() -> None:
    # EUC-JP's hiragana are GB2312's too, and Big5's commonest Hanzi (あけまして is 丐仃引仄):
    # the Japanese reading is the one whose characters follow each other as words do
    title = "<title>あけましておめでとうございます</title>\n"
    data = b"<rss>\n<link>http://example.jp/blog/</link>\n" + title.encode("euc_jp") + b"</rss>\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == data.decode("ascii", "replace").split("<title>")[0] + title + "</rss>\n"
    assert repair.detection.encoding == "euc_jp"


def test_cr_only_line_endings_are_lines() -> None:
    lines = ["第一行：你好世界", "Second line, plain", "第三行：今天天气很好", "第四行：我们去公园散步吧"]
    codecs = ["utf-8", "utf-8", "gbk", "utf-8"]
    data = b"".join(ln.encode(c) + b"\r" for ln, c in zip(lines, codecs))
    repair = textmend.repair_bytes(data)
    assert repair.text == "\r".join(lines) + "\r"
    assert [(s.encoding, s.start_line, s.end_line) for s in repair.detection.segments] == [
        ("utf-8", 1, 2),
        ("gb18030", 3, 3),
        ("utf-8", 4, 4),
    ]
    (change,) = [c for c in repair.changes if c.code == "TM301"]
    assert change.line == 3


def test_lone_euro_byte_in_a_price_line_is_the_euro_sign() -> None:
    # 0x80 is € in cp1252 and cp1250 alike, and nothing printable in ISO-8859-1/15
    data = "Menü du jour\n".encode() + b"Prix : 12,50 \x80 TTC\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == "Menü du jour\nPrix : 12,50 € TTC\n"
    assert repair.safe and not repair.findings


def test_legacy_line_that_looks_like_damaged_utf8_stays_in_the_file_encoding() -> None:
    # in Johab, 해결 and 장치 hold byte pairs that are valid UTF-8: the line looks like UTF-8
    # with a few damaged bytes, but the file's own encoding reads all of it
    lines = [
        "모뎀 설치 방법을 설명합니다.",
        "전화 번호를 입력하고 연결을 확인하십시오.",
        "ISDN 해결 장치",
        "프로그램을 종료하고 다시 시작하십시오.",
    ]
    data = "\n".join(lines).encode("johab") + b"\n"
    repair = textmend.repair_bytes(data)
    assert repair.text == "\n".join(lines) + "\n"
    assert repair.detection.encoding == "johab" and repair.safe


def test_a_short_gbk_line_that_is_also_valid_utf8_is_read_as_gbk() -> None:
    """一些 in GB2312 is D2 BB D0 A9, which is also UTF-8 (Cyrillic һЩ); in a GB2312 file the
    file's own reading of that line is believed, while a real UTF-8 word beside it stays."""
    lines = ["警告：密码太短，请重新输入。\n", "|audit-log-result|一些\n", "最后一行：保存成功。\n"]
    data = b"".join(ln.encode("gb2312") for ln in lines) + "Grüße aus Zürich\n".encode()
    r = textmend.repair_bytes(data)
    assert r.text == "".join(lines) + "Grüße aus Zürich\n"


# --- the mixed files of the detection issue -----------------------------------------------


def test_readme_example_utf8_csv_with_one_cp1252_field(tmp_path, capsys) -> None:
    # "a CSV whose field came from a cp1252 export" (README): the UTF-8 rows around it have
    # accents too, and the cp1252 field follows a UTF-8 name on its own row
    rows = ["id,name,city,note\n", "1,José Núñez,Málaga,ok\n"]
    data = (
        rows[0].encode()
        + rows[1].encode()
        + "2,Zoë,".encode()
        + "Genève,déjà payé".encode("cp1252")
        + ("\n3,Jürgen,Köln,ok\n".encode())
    )
    text = rows[0] + rows[1] + "2,Zoë,Genève,déjà payé\n3,Jürgen,Köln,ok\n"
    r = textmend.repair_bytes(data)
    assert r.text == text and r.safe
    assert [s.encoding for s in r.detection.segments] == ["utf-8", "cp1252", "utf-8"]
    p = tmp_path / "export.csv"
    p.write_bytes(data)
    assert main(["fix", str(p)]) == 0
    assert p.read_text(encoding="utf-8") == text
    assert "TM302" not in capsys.readouterr().err


def test_utf8_log_with_two_gbk_lines_and_a_cp1252_line(tmp_path) -> None:
    lines = [
        "2024-05-01 08:00:01 服务启动，监听端口 8080\n",
        "2024-05-01 08:00:03 数据库连接失败，正在重试\n",
        "2024-05-01 08:00:04 正常\n",
        "2024-05-01 08:00:05 第二次重试成功\n",
        "2024-05-01 08:00:06 Résumé envoyé à Zoë\n",
    ]
    codecs = ["utf-8", "gbk", "utf-8", "gbk", "cp1252"]
    data = b"".join(ln.encode(c) for ln, c in zip(lines, codecs))
    r = textmend.repair_bytes(data)
    assert r.text == "".join(lines) and r.safe
    assert [s.encoding for s in r.detection.segments] == ["utf-8", "gb18030", "utf-8", "gb18030", "cp1252"]
    p = tmp_path / "app.log"
    p.write_bytes(data)
    assert main(["fix", str(p)]) == 0
    assert p.read_text(encoding="utf-8") == "".join(lines)


def test_long_cp1252_field_check_and_fix_agree(tmp_path, capsys) -> None:
    note = "Une longue note écrite dans Excel : « déjà réglé », reçu 12 € — merci à François"
    data = (
        b"name;city;note\n"
        + "José Núñez;Málaga;".encode()
        + note.encode("cp1252")
        + ("\nZoë;Genève;ok\n".encode())
    )
    text = "name;city;note\nJosé Núñez;Málaga;" + note + "\nZoë;Genève;ok\n"
    p = tmp_path / "notes.csv"
    p.write_bytes(data)
    assert main(["check", str(p)]) == 1
    checked = capsys.readouterr()
    assert "TM301" in checked.out + checked.err and "TM902" not in checked.out + checked.err
    assert main(["fix", str(p)]) == 0
    assert "TM902" not in capsys.readouterr().err
    assert p.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_cjk_utf16_32_without_bom(codec: str) -> None:
    text = "今天上午，市图书馆举办了一场关于古籍修复的讲座。来自各地的读者排队进场，现场座无虚席。\n"
    r = textmend.repair_bytes(text.encode(codec))
    assert r.text == text and r.detection.encoding == codec
    assert [c.code for c in r.changes] == ["TM102"]


def test_japanese_utf16_without_bom_or_line_break() -> None:
    text = "今朝、駅前の商店街で小さな火事がありました。けが人はいませんでしたが、電車が一時止まりました。"
    r = textmend.repair_bytes(text.encode("utf-16-le"))
    assert r.text == text and r.detection.encoding == "utf-16-le"


@pytest.mark.parametrize("codec", ["utf-8", "gbk"])
def test_text_with_a_few_nul_bytes_is_text(codec: str) -> None:
    text = (
        "记录：北京市朝阳区建国路\x00\x00\n第二条记录，一切正常。\n"
        if codec == "gbk"
        else ("Prénom\x00\x00\x00\x00Nom: José, a record padded with NUL bytes by a C program\n")
    )
    r = textmend.repair_bytes(text.encode(codec))
    assert r.text == text


def test_binary_with_many_nul_and_control_bytes_is_still_refused() -> None:
    data = bytes(range(256)) * 4
    with pytest.raises(textmend.TextmendError):
        textmend.repair_bytes(data)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (b"Service \xe0 la carte\n", "Service à la carte\n"),  # ŕ in cp1250
        (b"El a\xf1o pasado\n", "El año pasado\n"),  # ń in cp1250
        (b"Voil\xe0\n", "Voilà\n"),
    ],
)
def test_lone_byte_the_letter_model_clearly_reads_as_cp1252(line: bytes, text: str) -> None:
    r = textmend.repair_bytes("Menü du jour\n".encode() + line)
    assert r.text == "Menü du jour\n" + text and r.safe


@pytest.mark.parametrize(
    "line",
    [
        b"Caf\xe8 x\n",  # è or č: the model hardly prefers either
        b"na\xefve\n",  # the model prefers cp1250's naďve: against cp1252, not trusted
        b"Plze\xf2\n",  # Plzeň (cp1250) is the model's choice: not trusted either, a stray
    ],
)
def test_lone_byte_without_a_clear_cp1252_reading_stays_a_stray(line: bytes) -> None:
    r = textmend.repair_bytes("Menü du jour\n".encode() + line)
    assert [f.code for f in r.findings] == ["TM302"] and not r.safe
