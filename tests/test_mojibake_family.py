"""Mojibake the per-family targets turned up: rules each written for a kind of damage, on
sentences written for these tests, with the clean text each rule could touch beside it.

* a character repeated for emphasis is never read as mojibake;
* GBK read as Big5 that turns rare Big5 characters into common GB2312 ones is believed even
  where the model knows no word pair of the result (a name, a short title);
* a document that one legacy CJK layer misread whole has its last few characters read with it
  too, even those that look like clean text alone.
"""

from __future__ import annotations

import pytest
from damage import misread, repaired

import textmend
from textmend.context import Context
from textmend.fixers import cjk
from textmend.mojibake.regions import SEARCH_BUDGET
from textmend.mojibake.resolve import credible, still_utf8
from textmend.options import Options
from textmend.text.charmodel import model
from textmend.text.charsets import common_block

# -- a repeated character ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Most hallgattam ezt a dalt először, és annyira jóóóóóóóóó. Meg kell találnom, mert segít továbblépni",
        "A koncert után mindenki azt mondta, hogy jóóóóóóóóóó volt, főleg a végén.",
        "Ez a dal annyira jóóóóóóó, hallgasd meg őszintén, mert szép!",
    ],
)
def test_a_letter_repeated_for_emphasis_is_kept(text: str) -> None:
    """``jóóóóóóó``: the same byte over and over reads as another letter over and over in a
    Cyrillic code page (``jууууууу``), cheaper to the model than the run of ó; no evidence."""
    assert repaired(text) == text


def test_a_repeated_character_is_no_credible_repair() -> None:
    m = model()
    assert not credible("óóóóóó", "уууууу", m, (("cp1251", "cp1252"),))
    assert credible("Ïðèâåò", "Привет", m, (("cp1251", "cp1252"),))


# -- rare Big5 characters that are common GB2312 ones ---------------------------------------


@pytest.mark.parametrize("name", ["敖小缠又颠了", "谭又缠又颠了"])
def test_a_gbk_name_read_as_big5_in_a_title(name: str) -> None:
    """A name alone in a tiny document: the model knows none of its pairs as words, but every
    character came back from Big5's rare block into GB2312's common one."""
    doc = f"<rss>\n<title>{misread(name, 'gbk', 'big5')}</title>\n<link>http://example.org/</link>\n</rss>\n"
    assert repaired(doc) == doc.replace(misread(name, "gbk", "big5"), name)


def test_rare_traditional_text_is_kept() -> None:
    """Clean Traditional Chinese with rare characters: some of its characters are rare in Big5,
    but its reading as GBK is not all common characters, so it is not believed."""
    for text in [
        "<title>齁齁齁，鼴鼠躂躂</title>",
        "魑魅魍魎，饕餮之徒",
        "蹣跚的鸚鵡啄著葡萄",
        "<title>王敖和董小缠的故事</title>",
        "一首叫做「纛纛」的歌",
    ]:
        assert repaired(text) == text
    # the rule's own test: the result in the common block of the charset written, the original
    # partly outside the common block of the charset read
    assert "拨" in common_block("gbk") and "畢" in common_block("big5")
    assert "卼" not in common_block("big5")
    assert common_block("cp1252") == frozenset()


# -- a document misread whole ---------------------------------------------------------------

GBK_LINES = [
    "我们明天早上九点在图书馆门口见面，别迟到。",
    "他每天骑自行车上班，风雨无阻。",
    "请把会议记录发到我的邮箱，谢谢。",
    "上网免费玩游戏",
]


def test_a_lone_common_character_in_a_document_of_gbk_read_as_big5() -> None:
    """``拨`` (GBK B2A6) reads as Big5 ``畢``, a common character: alone before a phone number it
    proves nothing, but the rest of the document is GBK read as Big5, so it was too."""
    lines = GBK_LINES + ["<b>拨88123456</b>"]
    broken = [misread(x, "gbk", "big5") for x in lines]
    assert "畢" in broken[-1]
    assert repaired("\n".join(broken)) == "\n".join(lines)


@pytest.mark.parametrize(("word", "shown"), [("呃", "§c"), ("哇", "«z"), ("吵", "§n")])
def test_big5_read_as_windows_1252_with_a_letter_for_second_byte(word: str, shown: str) -> None:
    """``吵`` is Big5 A7 6E: read as windows-1252 it is ``§n``, a symbol and a letter; alone in
    quotes it reads as nothing, but the document around it is Big5 read as windows-1252."""
    lines = [
        "我們明天早上九點在圖書館門口見面，別遲到。",
        "今年夏天我們全家去海邊度假了兩個星期。",
        "請把會議記錄寄到我的信箱。",
        "小狗在院子裡跑來跑去。",
        f'"{word}.." she said.',
    ]
    broken = [misread(x, "big5", "cp1252") for x in lines[:-1]] + [
        f'"{misread(word, "big5", "cp1252")}.." she said.'
    ]
    assert broken[-1].startswith('"' + shown)
    assert repaired("\n".join(broken)) == "\n".join(lines)


def test_clean_text_beside_a_document_misread_whole_is_kept() -> None:
    """The rule reads only what is left of a document its main layer covers nearly whole: clean
    Traditional Chinese beside one misread line stays, and so do Latin words and symbols that
    do not read back as common characters."""
    clean = ["今年夏天我們全家去海邊度假了兩個星期。", "請把會議記錄寄到我的信箱。", "小狗在院子裡跑來跑去。"]
    text = "\n".join([misread(GBK_LINES[0], "gbk", "big5")] + clean)
    fixed, _ = cjk.fix(text, Context(Options()))
    assert fixed.splitlines()[1:] == clean
    lines = GBK_LINES + ["Café © 2024 — ½ price"]
    broken = [misread(x, "gbk", "big5") for x in GBK_LINES] + [lines[-1]]
    assert repaired("\n".join(broken)) == "\n".join(lines)
    lines = [
        "我們明天早上九點在圖書館門口見面，別遲到。",
        "今年夏天我們全家去海邊度假了兩個星期。",
        "請把會議記錄寄到我的信箱。",
    ]
    tail = "Price: 5 € « voilà », ½ off, ©"
    text = "\n".join([misread(x, "big5", "cp1252") for x in lines] + [tail])
    assert repaired(text) == "\n".join(lines + [tail])


@pytest.mark.parametrize("sym", ["☞", "★", "※", "♥"])
def test_a_lone_symbol_in_a_document_of_euc_kr_read_as_windows_1252(sym: str) -> None:
    """``¢Ñ`` (EUC-KR's ☞ read as windows-1252) alone before a link is no text to the engine;
    in a document that EUC-KR read as windows-1252 explains, it is the symbol."""
    body = ["내일 아침 아홉 시에 도서관 앞에서 만나요.", "여름 방학에 가족과 바다에 갔습니다."]
    lines = body + [f'<p>{sym} <a href="http://example.org/">link</a></p>']
    broken = "\n".join(misread(x, "euc-kr", "cp1252") for x in lines)
    assert repaired(broken) == "\n".join(lines)


def test_latin_symbols_left_in_a_document_of_euc_kr_read_as_windows_1252_are_kept() -> None:
    body = [
        "내일 아침 아홉 시에 도서관 앞에서 만나요.",
        "여름 방학에 가족과 바다에 갔습니다.",
        "우리 강아지는 산책을 정말 좋아해요.",
    ]
    tail = "© 2024 Café Müller, « voilà », 25°C"
    broken = "\n".join([misread(x, "euc-kr", "cp1252") for x in body] + [tail])
    assert repaired(broken) == "\n".join(body + [tail])


# -- the document's main layer ----------------------------------------------------------------


def test_one_long_line_of_symbols_does_not_choose_the_documents_layer() -> None:
    """EUC-JP read as windows-1252 gives the same kana as GBK read as windows-1252; only the marks
    differ (``¡¼`` is ー in EUC-JP, 〖 in GBK). A long line of a repeated emoticon, where GBK's
    readings of the symbols cost less, must not make GBK the layer of every other line."""
    lines = [
        "ケーキを買ってきたよー！",
        "サッカーの試合、すごかったー！！",
        "コーヒーでも飲もうか？",
        "もうだめだ・・・" + "＿|￣|○" * 9 + "ほんとにもうだめですよねー",
    ]
    broken = "\n".join(misread(x, "euc-jp", "cp1252") for x in lines)
    assert repaired(broken) == "\n".join(lines)


# -- past the search budget -------------------------------------------------------------------

_NEWS = [
    "Вчера в городском парке прошёл большой весенний праздник для всех жителей района",
    "Организаторы привезли новые качели, устроили концерт и продажу домашней выпечки",
    "Директор школы номер {i} рассказал, что ученики готовили выступление целый месяц",
    "По словам врачей, поликлиника будет работать без выходных до конца мая",
    "НПХ сообщил о ремонте дороги на улице Ленина, дом {i}",
]
#: One long line of Russian, longer than the search budget (the engine stops there).
LONG_RUSSIAN = " ".join(_NEWS[i % 5].format(i=i) + "." for i in range(340))


@pytest.mark.parametrize(("true", "shown"), [("cp1251", "cp1252"), ("koi8-r", "cp1251")])
def test_a_long_document_of_one_single_byte_mixup_is_repaired_to_its_end(true: str, shown: str) -> None:
    """The search stops after `SEARCH_BUDGET` characters; past it, a document its single-byte
    layer explains nearly whole is read word by word with that layer, in C (abbreviations such
    as НПХ, which read as ори through KOI8-R, go with the document)."""
    assert len(LONG_RUSSIAN) > SEARCH_BUDGET
    broken = misread(LONG_RUSSIAN, true, shown)
    r = textmend.repair_text(broken)
    assert r.text == LONG_RUSSIAN


def test_clean_text_past_the_budget_of_a_long_mixup_is_kept() -> None:
    """Past the budget, a paragraph of French and German (whose accents read as Cyrillic letters
    through windows-1251) and clean Russian stay as they are."""
    fr = " ".join(
        [
            "Le café était fermé, mais la boulangère nous a donné un gâteau à la crème.",
            "Über den Wolken muß die Freiheit wohl grenzenlos sein, sagte Jürgen.",
            "Ça coûte cinq euros — très cher pour un thé glacé, n’est-ce pas ? Señor Muñoz está aquí.",
        ]
        * 8
    )
    tail = LONG_RUSSIAN[:2000]
    broken = misread(LONG_RUSSIAN, "cp1251", "cp1252") + "\n" + fr + "\n" + tail
    assert repaired(broken) == LONG_RUSSIAN + "\n" + fr + "\n" + tail


# -- Han glued to Hangul ----------------------------------------------------------------------


@pytest.mark.parametrize("word", ["보기", "기차"])
def test_a_short_korean_word_in_utf8_read_as_euc_kr(word: str) -> None:
    """``蹂닿린`` (보기 in UTF-8 read as EUC-KR) is made of a common Hanja and common Hangul, none
    of them suspicious alone; a Han character glued to Hangul is, and the engine does the rest."""
    broken = misread(word, "utf-8", "cp949")
    assert repaired(f'<a href="/list">{broken}</a>') == f'<a href="/list">{word}</a>'


@pytest.mark.parametrize(
    "text",
    [
        "大韓民國은 民主共和國이다. 政府가 新年 計劃을 發表했다.",
        "韓國語와 日本語를 공부합니다",
        "오늘의 主題는 經濟입니다.",
    ],
)
def test_korean_with_hanja_and_particles_is_kept(text: str) -> None:
    assert repaired(text) == text


# -- legacy CJK read as windows-1252, in punctuation that is not suspicious alone -------------


@pytest.mark.parametrize("word", ["散歩記録", "天気映画", "友達野球", "休日記録"])
def test_shift_jis_field_read_as_windows_1252_is_searched(word: str) -> None:
    """``‹L˜^`` and ``“V‹C``: Shift-JIS read as windows-1252 gives curly quotes and angle quotes
    between a few accented letters, none suspicious enough alone; five or more characters of
    windows-1252's upper half in a row make the line worth a search."""
    broken = misread(word, "shift_jis", "cp1252")
    text = f'  <author><name>Ken</name></author>\n  <category>{broken}</category>\n  <content type="html">'
    assert repaired(text) == text.replace(broken, word)


@pytest.mark.parametrize(
    "text",
    [
        "qu’à l’époque, l’été était “très” chaud",
        "Þórður Guðjónsson, ÆRØSKØBING",
        "¡¿Qué?! «Ça» ‹x› — „Grüße“",
        "Ñandú, pingüino, “Ærø”… ½ × ¼ ±",
    ],
)
def test_european_text_with_quotes_and_accents_is_kept(text: str) -> None:
    assert repaired(text) == text


# -- kana read the same through GBK and EUC-JP ------------------------------------------------


@pytest.mark.parametrize("title", ["きょうのにっき。", "ひとりごと、いろいろ。", "のんびりまったり"])
def test_kana_read_alike_by_gbk_and_euc_jp_go_to_euc_jp(title: str) -> None:
    """GB2312 holds the kana in the rows JIS X 0208 does, so a kana-only title in EUC-JP read as
    windows-1252 reads the same through GBK: the tie goes to the Japanese charset, which then
    reads the document's name (GBK would make 渡辺 真 into 射掛 寔)."""
    name = "渡辺 真"
    lines = [
        "<channel>",
        f" <title>{title}</title>",
        " <link>http://example.jp/</link>",
        f" <dc:creator>{name}</dc:creator>",
        "</channel>",
    ]
    broken = "\n".join(misread(x, "euc-jp", "cp1252") if not x.isascii() else x for x in lines)
    assert repaired(broken) == "\n".join(lines)


def test_select_breaks_a_tie_by_the_script_of_the_reading() -> None:
    from textmend.mojibake.candidates import select
    from textmend.mojibake.channels import Span

    gbk = Span(0, 4, [(0, 4, "にっき", [])], (("gbk", "cp1252"),), 40.0)
    euc = Span(0, 4, [(0, 4, "にっき", [])], (("euc-jp", "cp1252"),), 40.0)
    assert select([gbk, euc])[0].layers == (("euc-jp", "cp1252"),)
    assert select([euc, gbk])[0].layers == (("euc-jp", "cp1252"),)
    han_gbk = Span(0, 4, [(0, 4, "日记", [])], (("gbk", "cp1252"),), 40.0)
    han_big5 = Span(0, 4, [(0, 4, "日记", [])], (("big5", "cp1252"),), 40.0)
    assert select([han_gbk, han_big5])[0] is han_gbk  # no kana or Hangul: the order stands
    stronger = Span(0, 4, [(0, 4, "にっき", [])], (("gbk", "cp1252"),), 41.0)
    assert select([euc, stronger])[0] is stronger  # only ties


# -- UTF-8 symbols read as Shift-JIS ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "⑥ ⑦ ⑧ ⑨ ⑩<br>",
        '※<a href="http://example.jp/">link</a>',
        "㈱ ㈲ ㈹<br>",
        "♪<br>",
        "※ see below",
        "⑪⑫⑬",
    ],
)
def test_utf8_symbols_read_as_shift_jis(text: str) -> None:
    """A symbol's three UTF-8 bytes read as Shift-JIS are a kanji and a halfwidth katakana
    (``竭ｯ`` for ⑯); one halfwidth katakana after each kanji is no text, and the symbols are."""
    broken = text.encode("utf-8").decode("cp932")
    assert repaired(broken) == text


@pytest.mark.parametrize(
    "text", ["東京ﾀﾜｰ 新宿ｽﾃｰｼｮﾝ", "ｱｲｳ 漢字ｶﾅ", "料金ｶﾞｲﾄﾞ", "半角ｶﾀｶﾅの文章です。", "ﾃｽﾄ 一ｱ"]
)
def test_clean_halfwidth_katakana_is_kept(text: str) -> None:
    assert repaired(text) == text


# -- words beside a decoded run of an alphabet ------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "ГИБДД предупреждает водителей о гололёде на трассе",
        "МЧС сообщает о сильном ветре",
        "ФСБ задержала группу мошенников",
    ],
)
@pytest.mark.parametrize(("true", "shown"), [("koi8-r", "cp1251"), ("cp1251", "koi8-r")])
def test_an_abbreviation_beside_a_decoded_run_goes_with_it(title: str, true: str, shown: str) -> None:
    """KOI8-R read as windows-1251 swaps the case of Cyrillic: an abbreviation reads as a
    lowercase word (``нюу`` for МЧС) that the model finds as plausible as the abbreviation; the
    run of mojibake beside it spares no letter, so it goes with the run."""
    broken = misread(title, true, shown)
    assert repaired(f"<title>{broken}</title>") == f"<title>{title}</title>"


@pytest.mark.parametrize("word", ["Москва", "Иванов:", "Привет,"])
def test_a_clean_word_beside_a_decoded_run_stays(word: str) -> None:
    """A clean Russian word next to KOI8-R mojibake reads as gibberish through the layer (Москва
    as лНЯЙБЮ): far dearer, so it stays."""
    clean = "сегодня в городском парке прошел большой весенний праздник для всех жителей района"
    line = f"{word} " + misread(clean, "koi8-r", "cp1251")
    assert repaired(line) == f"{word} " + clean


# -- single letters left in a document one single-byte layer misread whole ---------------------

_RU_LINES = [
    "Вчера в городском парке прошел большой весенний праздник.",
    "Организаторы привезли новые качели и устроили концерт.",
    "Директор школы рассказал, что ученики готовили выступление целый месяц.",
]


@pytest.mark.parametrize(("true", "shown"), [("koi8-r", "cp1251"), ("cp1251", "cp1252")])
def test_a_lone_letter_in_a_document_of_a_single_byte_mixup(true: str, shown: str) -> None:
    """``grep() Ч Linux``: one letter between ASCII words (в, KOI8-R read as windows-1251) proves
    nothing alone; in a document that layer explains nearly whole, it is read with it."""
    lines = _RU_LINES + ["<title>grep() в Linux</title>"]
    broken = "\n".join(misread(x, true, shown) for x in lines)
    assert "в Linux" not in broken
    assert repaired(broken) == "\n".join(lines)


def test_latin_text_beside_a_single_byte_mixup_is_kept() -> None:
    """Where clean Latin text is more than a tenth of the document's non-ASCII text, its accents
    are not read as Cyrillic."""
    latin = [
        "Le café était fermé, mais la boulangère nous a donné un gâteau à la crème.",
        "Über den Wolken muß die Freiheit wohl grenzenlos sein, sagte Jürgen.",
    ]
    text = "\n".join([misread(x, "cp1251", "cp1252") for x in _RU_LINES] + latin)
    assert repaired(text) == "\n".join(_RU_LINES + latin)


# -- a lone character bearing the signature of the document's only layer ----------------------


def _tiny_feed(title: str, description: str) -> str:
    return f"<rss>\n<title>{title}</title>\n<description>{description}</description>\n</rss>\n"


@pytest.mark.parametrize("char", ["山", "水", "月"])
def test_a_lone_character_with_the_signature_of_the_documents_only_layer(char: str) -> None:
    """A tiny feed whose title is GBK read as Big5 and whose description is one character: alone
    it is a rare Big5 character (``刓`` for 山), which GBK reads as a common one; the layer that
    repaired the title is the only one at work, and this is its signature."""
    name = "敖小缠又颠了"
    broken = _tiny_feed(misread(name, "gbk", "big5"), misread(char, "gbk", "big5"))
    assert misread(char, "gbk", "big5") not in common_block("big5")
    assert repaired(broken) == _tiny_feed(name, char)


@pytest.mark.parametrize("char", ["愛", "龘", "說"])
def test_a_lone_clean_character_beside_a_repaired_title_stays(char: str) -> None:
    """A common Big5 character (愛, 說), or a rare one GBK does not read as a common character,
    bears no signature: it stays."""
    name = "敖小缠又颠了"
    broken = _tiny_feed(misread(name, "gbk", "big5"), char)
    assert repaired(broken) == _tiny_feed(name, char)


# -- per-call state ----------------------------------------------------------------------------------


def test_eight_threads_repair_as_one_does() -> None:
    """Repairs depend on their input only: eight threads repairing a mix of damaged and clean
    texts at once give what one thread gives, text by text (the engine's screen once kept the
    count of characters a codec could not encode in a module-level table that threads shared)."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    words = [
        "你好世界，今天天气很好",
        "日本語のテキストです",
        "한국어 문장입니다",
        "Привет, как дела?",
        "Ελληνικά",
    ]
    layers = [
        ("gbk", "cp1252"),
        ("utf-8", "gbk"),
        ("utf-8", "shift_jis"),
        ("koi8-r", "cp1251"),
        ("cp1251", "cp1252"),
        ("utf-8", "cp1252"),
        ("shift_jis", "cp1252"),
        ("euc-kr", "latin-1"),
    ]
    texts: list[str] = []
    for i in range(6):
        for word in words:
            texts.append(f"{word} {i}")
            for true, shown in layers:
                try:
                    texts.append(f"line {i}: {word.encode(true).decode(shown)} ok")
                except UnicodeError:
                    continue
    sequential = [textmend.repair_text(t) for t in texts]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can: races show
    try:
        with ThreadPoolExecutor(8) as pool:
            threaded = list(pool.map(textmend.repair_text, texts))
    finally:
        sys.setswitchinterval(interval)
    assert [r.text for r in threaded] == [r.text for r in sequential]
    assert [[(c.code, c.start, c.end, c.after) for c in r.changes] for r in threaded] == [
        [(c.code, c.start, c.end, c.after) for c in r.changes] for r in sequential
    ]
    assert sum(r.text != t for r, t in zip(sequential, texts)) >= len(texts) // 3  # damage was repaired


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Łukasz płynął do Łodzi", "latin-1"),  # windows-1252's undefined 0x81 kept as a C1 control
        ("Встреча в четверг 🎉🎉", "cp1251"),  # four-byte sequences
        ("Ελληνικά κείμενα", "cp1252"),
    ],
)
def test_a_reading_still_in_utf8_through_a_code_page_is_seen(text: str, shown: str) -> None:
    """`still_utf8` tells a reading that is still UTF-8 seen through a Western code page from
    clean text of the same languages, whose few multi-byte-looking pairs cover little of it."""
    assert still_utf8(text.encode().decode(shown, errors="replace"))
    assert not still_utf8(text)
