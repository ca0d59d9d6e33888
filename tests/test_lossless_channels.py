"""Lossless damage channels of tests/damage.py that real converters make, each repaired exactly.

Every case is one of our sentences put through the channel's converters (the damaged string is
made here, not pasted), so the expected text is the sentence as the channel's transforms left it.
"""

from __future__ import annotations

import pytest
from damage import CHANNELS

import textmend


def _repaired_exactly(channel: str, clean: str) -> None:
    ch = CHANNELS[channel]
    damaged = ch.damage(clean)
    assert isinstance(damaged, str) and damaged != clean
    result = textmend.repair_text(damaged)
    assert result.text == ch.expected(clean)
    assert result.changes


@pytest.mark.parametrize(
    "clean",
    [
        "今年の桜は例年より一週間ほど早く咲きました。",
        "“오늘 저녁에 뭐 먹을까?” 하고 언니가 물었다.",
    ],
)
def test_utf8_of_a_caseless_script_read_as_latin1(clean: str) -> None:
    # all lower case (no capital among its letters) and full of C1 controls, among them U+0085,
    # where str.splitlines would cut the line
    _repaired_exactly("utf-8 as latin-1", clean)


@pytest.mark.parametrize(
    ("channel", "clean"),
    [
        ("utf-8 as win-cp1257", "Щоб зберегти зміни, натисніть «Застосувати»."),
        ("utf-8 as win-cp1257", "«Не забудь купить хлеба и молока», — сказала мама Наташе."),
        ("utf-8 as win-cp1253", "김민수 씨는 다음 달부터 새 프로젝트를 맡게 되었습니다."),
        ("utf-8 as win-cp1253", "La città è famosa per la sua università, fondata nel 1088."),
        ("utf-8 as win-cp1253", "La reunión se aplazó al miércoles por la mañana, según informó Begoña."),
    ],
)
def test_utf8_read_as_greek_and_baltic_windows_pages(channel: str, clean: str) -> None:
    # registered as views of UTF-8 that ftfy undoes, so the CJK search does not read their
    # Cyrillic mojibake as Japanese; Latin words in them are repaired word by word
    _repaired_exactly(channel, clean)


@pytest.mark.parametrize(
    ("channel", "clean"),
    [
        ("utf-8 as win-cp1251", "Mehmet Bey her sabah işe gitmeden önce çay içer."),
        ("utf-8 as win-cp1251", "Fișierul nu a putut fi salvat; încercați din nou mai târziu."),
        ("utf-8 as win-cp1251", "Η γιαγιά μου φτιάχνει την καλύτερη σπανακόπιτα του χωριού."),
        ("utf-8 as win-cp1251, then as win-cp1252", "לא ניתן לשמור את הקובץ, נסו שוב מאוחר יותר."),
        ("utf-8 as win-cp1251, then as win-cp1252", "اشترى أحمد ثلاثة كتب جديدة من معرض الكتاب."),
    ],
)
def test_utf8_of_latin_greek_and_hebrew_read_as_cyrillic_windows_page(channel: str, clean: str) -> None:
    # windows-1251 shows these letters as a Cyrillic capital and a sign (``Г¶`` for ö, ``О±``
    # for α, ``Ч©`` for ש), which ftfy's badness does not flag: repaired word by word
    _repaired_exactly(channel, clean)


def test_clean_cyrillic_with_the_same_pairs_is_left() -> None:
    # ``Гё`` is ø's UTF-8 through windows-1251, and a name written in Russian
    for clean in ("Гёте и Шиллер", "Дієслово «Гёте»"):
        assert textmend.repair_text(clean).text == clean


@pytest.mark.parametrize(
    "clean",
    [
        "如果安装失败，请删除缓存目录（~/.cache/app）后重新运行。",
        "这家面馆只卖三种面：牛肉面、炸酱面和阳春面，每碗 18 元。",
    ],
)
def test_gbk_read_as_windows_cp950_with_private_use(clean: str) -> None:
    # Windows' cp950 maps Big5's user-defined rows, where GBK's 如 and 三 fall, to private use
    _repaired_exactly("win-cp936 as win-cp950", clean)


@pytest.mark.parametrize(
    "clean",
    [
        "Bitte prüfen Sie die Rechnung Nr. 4711 und überweisen Sie den Betrag bis Freitag.",
        "Москва встретила нас дождём и пробками на Садовом кольце.",
        "Ve čtvrtek večer bude v divadle představení Prodané nevěsty.",
    ],
)
def test_utf8_read_as_windows_1252_then_html_entities(clean: str) -> None:
    # every byte an entity (&Atilde;&frac14;), the repair written back as the page writes text
    _repaired_exactly("utf-8 as win-cp1252, then html-entities", clean)


@pytest.mark.parametrize(
    "text",
    [
        "caf&eacute; cr&egrave;me &amp; cr&ecirc;pes",
        "&Atilde; la carte &copy; 2024, &Auml;rger &uuml;ber &Ccedil;a",
        "Prix&nbsp;: 10&nbsp;&euro; &ndash; &laquo;&nbsp;offert&nbsp;&raquo;",
    ],
)
def test_clean_html_entities_are_left(text: str) -> None:
    result = textmend.repair_text(text)
    assert result.text == text
    assert not result.changes and not result.findings


@pytest.mark.parametrize(
    ("channel", "clean"),
    [
        ("win-cp1250 as latin-1", "Příliš žluťoučký kůň úpěl ďábelské ódy."),
        ("win-cp1250 as latin-1", "Jiří strávil léto na chalupě u Českého Krumlova."),
        ("win-cp1250 as latin-1", "Pociąg do Krakowa odjeżdża z peronu trzeciego o 14:20."),
        ("iso8859-2 as win-cp1252", "Příliš žluťoučký kůň úpěl ďábelské ódy."),
        ("iso8859-2 as win-cp1252", "Świeże pieczywo można kupić w piekarni obok kościoła."),
        (
            "iso8859-2 as win-cp1252",
            "Nie udało się zapisać pliku: brak miejsca na dysku.\nZażółć gęślą jaźń to zdanie.",
        ),
    ],
)
def test_central_european_pages_read_as_western(channel: str, clean: str) -> None:
    # letters no one language writes together (ø beside è ì ù), or signs between letters
    # (Poci±g), read whole through the page that makes them one language's letters
    _repaired_exactly(channel, clean)


@pytest.mark.parametrize(
    "text",
    [
        "Ieder trefwoord moet geïnterpreteerd worden als een reguliere expressie.",
        "Pildi laiust pole võimalik tuvastada (vigane TIFF-fail)",
        "Il negozio è chiuso venerdì e sabato.",
        "Naûrû",
        "Repùblica de su Mozambicu",
        "Søren drak en kop kaffe på café Noir.",
        "Preis ±5 % · Größe 3×4 m · ½ Stunde",
    ],
)
def test_western_text_is_not_read_as_a_central_european_page(text: str) -> None:
    # every byte of windows-1252 reads as some letter of windows-1250; text whose letters one
    # language writes is that language as it stands, however the character model prices it
    result = textmend.repair_text(text)
    assert result.text == text
    assert not result.changes and not result.findings


@pytest.mark.parametrize(
    "clean",
    [
        "Ödön bácsi minden vasárnap halászlét főz a Balaton partján.",
        "«Ґанок треба пофарбувати до суботи», — нагадав дідусь.",
        "לא ניתן לשמור את הקובץ, נסו שוב מאוחר יותר.",
        "東京駅から新大阪駅まで、のぞみで約2時間30分かかります。\n今年の桜は例年より一週間ほど早く咲きました。",
        "파일을 열 수 없습니다. 경로를 다시 확인해 주세요.오늘 점심 정말 맛있었어요 😄",
    ],
)
def test_utf16_le_read_as_latin1(clean: str) -> None:
    # two characters for each: its low byte and its high byte (\x00 for ASCII, 0 for kana)
    _repaired_exactly("utf-16-le as latin-1", clean)


def test_utf16_be_read_as_windows_1252() -> None:
    damaged = "Příliš žluťoučký kůň.".encode("utf-16-be").decode("latin-1")
    assert textmend.repair_text(damaged).text == "Příliš žluťoučký kůň."


@pytest.mark.parametrize(
    "text",
    [
        "col1\x00col2\x00col3",  # NUL-separated fields: no text in UTF-16
        "\x1b[1mbold\x1b[0m and \x07 a bell",
        "abc\x00",
    ],
)
def test_control_characters_that_are_no_utf16_are_left(text: str) -> None:
    assert textmend.repair_text(text).text == text


def test_two_layers_of_mojibake_over_a_kaomoji_with_marks_on_apostrophes() -> None:
    # ftfy's published case: (ง'̀⌣'́)ง through UTF-8 read as windows-1252 twice; a combining
    # mark on an apostrophe is no letter's, but two strict layers undone are evidence enough
    clean = "selamat berpuasa sob (ง'̀⌣'́)ง"
    damaged = clean.encode("utf-8").decode("win-cp1252").encode("utf-8").decode("win-cp1252")
    assert textmend.repair_text(damaged).text == clean


@pytest.mark.parametrize(
    ("channel", "clean"),
    [
        ("win-cp936 as win-cp949", "会议推迟到下周三上午十点，地点改在三楼的小会议室。"),
        ("win-cp932 as win-cp936", "田中さんは来週の月曜日から大阪支社に転勤することになりました。"),
        ("whatwg-euc-jp as win-cp950", "東京駅から新大阪駅まで、のぞみで約2時間30分かかります。"),
    ],
)
def test_legacy_cjk_read_as_another_cjk_charset(channel: str, clean: str) -> None:
    # the registry's CJK pairs beyond GBK and Big5: each reader's view of the writer's bytes
    _repaired_exactly(channel, clean)


@pytest.mark.parametrize(
    "text",
    [
        # a Korean exemplar list of Hanja, rare characters in code order, one by one: GBK's
        # common characters read as EUC-KR, to the letter, but a table, not text
        "한자: 价 企 伋 伎 伽 佳 佶 侊 供 係 俓 俱 倞 倦 倨 假 偈",
        # a list of Shift-JIS's IBM extension kanji, which GBK's rows give as common kanji
        "IBM拡張文字：纊 褜 鍈 銈 蓜 俉 炻 昱 棈 鋹 曻 彅 丨 仡 仼 伀 伃 伹 嵂 嵭 嶸 嶹 巐 弡 弴 彧",
    ],
)
def test_tables_of_rare_cjk_characters_are_left(text: str) -> None:
    assert textmend.repair_text(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        # fullwidth letters and signs beside kana: Big5 holds them all, and EUC-KR's view of
        # those bytes is other signs and Hangul (』】㏇↗㏂↙㉿ ... 팟튕튠트)
        "<title>◆■ＳＨＵＩＰ ＯＮＬＩＮＥ ＳＨＯＰ■◆というお店があるんですが、このブランド</title>",
        # GB2312 has JIS's kana rows: only the signs change (＄＄したら〜〜まで＠＠)
        "○○したら××まで△△って書いてあるだけ",
    ],
)
def test_clean_japanese_signs_are_no_cjk_charset_read_as_another(text: str) -> None:
    assert textmend.repair_text(text).text == text


def test_mac_roman_symbols_are_not_read_as_cjk_punctuation() -> None:
    # UTF-8 ñ í read on a Mac (√± √≠) are also EUC-JP's 《〉 read as Big5: symbols for symbols,
    # never a reading between two CJK charsets; the Mac Roman one is right
    damaged = "era tutor de ni√±os de 11 a√±os, pero daba clases a otros menores de 13 a√±os.\n"
    assert textmend.repair_text(damaged).text == (
        "era tutor de niños de 11 años, pero daba clases a otros menores de 13 años.\n"
    )


def test_korean_jamo_are_not_read_as_kana() -> None:
    # EUC-KR's row of jamo is EUC-JP's hiragana: Korean chat is no EUC-JP read as EUC-KR
    text = "흐흐흐 ㄱㄱㄱ☆ㅠ_ㅠ 어릨 탸콰긐 뎌응 칑九들乙 ㉯드긐"
    assert textmend.repair_text(text).text == text


@pytest.mark.parametrize(
    "clean",
    [
        "יוסי קנה שלושה ספרים חדשים בחנות של אבא שלו.",
        "„Hol van a legközelebbi gyógyszertár?” – kérdezte Zsófia.\nNem sikerült menteni a fájlt.",
    ],
)
def test_utf8_read_as_iso8859_15(clean: str) -> None:
    # its C1 controls say the reader was no windows-1252; its € Š Œ (A4 A6 BC) are continuation
    # bytes ftfy reads through windows-1252 as other ones (``ÃŒ`` for ü)
    _repaired_exactly("utf-8 as iso8859-15", clean)


def test_windows_1252_letters_are_not_read_as_iso8859_15() -> None:
    # without a C1 control ISO 8859-15 is not searched: ``ÅŸ`` is ş through windows-1252, and
    # would be ž through it
    assert textmend.repair_text("Mehmet Bey her sabah iÅŸe gitmeden Ã¶nce Ã§ay iÃ§er.").text == (
        "Mehmet Bey her sabah işe gitmeden önce çay içer."
    )


def test_cesu8_emoji_read_as_latin1_are_left_to_ftfy() -> None:
    # the surrogate pair's two three-byte sequences (í\xa0¼í¾\x82) read also as windows-1251
    # letters through windows-1252; as UTF-8's family they are the Latin fixer's
    _repaired_exactly("cesu-8 emoji as latin-1", "Joyeux anniversaire Chloé 🎂🎈 on se voit samedi ?")


def test_cesu8_emoji_after_a_c1_control() -> None:
    # ftfy's published case: a windows-1252 sign read as latin-1 before eight CESU-8 emoji
    damaged = "I just figured out how to tweet emojis! â\x9a½" + "í\xa0½í¸\x80í\xa0½í¸\x81" * 2
    assert textmend.repair_text(damaged).text == "I just figured out how to tweet emojis! ⚽😀😁😀😁"


def test_struck_out_price_read_as_shift_jis() -> None:
    # U+0336 after digits, a space and €: a styler's strokes, which sit on any character
    _repaired_exactly("utf-8 as win-cp932", "Der alte Preis war 1̶2̶0̶ ̶€̶, jetzt nur noch 99 €.")


@pytest.mark.parametrize("text", ["ﾌｶﾌｶのベッド", "ﾌｶﾌｶ", "ｻﾒのﾌｶﾋﾚ"])
def test_halfwidth_katakana_are_not_read_as_strokes(text: str) -> None:
    # ﾌｶ is CC B6, U+0336's UTF-8: strokes on nothing, or on each other, are no styled text
    assert textmend.repair_text(text).text == text


@pytest.mark.parametrize(
    ("channel", "clean"),
    [
        ("utf-8 as win-cp936", "Mi abuela cocina una paella riquísima los domingos en Valencia."),
        ("utf-8 as win-cp950", "Mi abuela cocina una paella riquísima los domingos en Valencia."),
        ("utf-8 as win-cp949", "På midsommarafton äter vi sill, färskpotatis och jordgubbar."),
        ("utf-8 as win-cp949", "No se pudo abrir el archivo «configuración.xml»: compruebe los permisos."),
    ],
)
def test_few_accented_letters_read_as_cjk_characters(channel: str, clean: str) -> None:
    # each a CJK character glued to a Latin word, the only CJK letters of the text, whose bytes
    # are the letter's (or the guillemet's) UTF-8
    _repaired_exactly(channel, clean)


@pytest.mark.parametrize(
    "text", ["我们用Python写script，然后在Linux上跑测试。", "Li明 said hello", "A股B股", "Tokyo東京 tower"]
)
def test_cjk_beside_latin_words_is_left(text: str) -> None:
    assert textmend.repair_text(text).text == text


@pytest.mark.parametrize(
    "clean",
    [
        "Łukasz przeprowadził się do Gdańska w zeszłym roku. Nie udało się zapisać pliku: brak miejsca na dysku.",
        "Trenul spre Brașov pleacă la ora 9:20 de la Gara de Nord. Fișierul nu a putut fi salvat; încercați din nou mai târziu.",
        "Ông Nguyễn Văn Minh đã làm việc ở đây gần hai mươi năm. Không thể lưu tệp, vui lòng thử lại sau.",
    ],
)
def test_a_misread_quote_in_clean_text_is_repaired_whole(clean: str) -> None:
    # ftfy repairs the quote's sequences one by one and passes over those whose continuation
    # byte windows-1252 shows as a sign (Å‚ for ł, È› for ț): they are the same mojibake
    _repaired_exactly("a utf-8 quote read as win-cp1252 in clean text", clean)


@pytest.mark.parametrize(
    ("channel", "clean"),
    [
        ("win-cp949 as win-cp936", "내일 아침에 도서관 앞에서 만나기로 했어요."),
        ("win-cp949 as win-cp936", "회의 자료는 오늘 오후까지 메일로 보내 주시기 바랍니다."),
        ("win-cp949 as win-cp950", "우리 동네 빵집은 일요일에도 문을 엽니다."),
        ("win-cp949 as whatwg-euc-jp", "비가 오면 산책은 다음 주로 미루겠습니다."),
        ("whatwg-euc-jp as win-cp936", "駅前の本屋で新しい辞書を買いました。"),
        ("whatwg-euc-jp as win-cp949", "駅前の本屋で新しい辞書を買いました。"),
        ("win-cp950 as win-cp932", "請問這附近有捷運站嗎？"),
        ("win-cp950 as win-cp932", "他每天早上都喝一杯咖啡。"),
        ("win-cp950 as cp850", "圖書館星期一休息，請改天再來。"),
        ("win-cp932 as cp850", "会議は来週の火曜日に延期されました。"),
    ],
)
def test_cjk_read_as_a_cjk_charset_of_common_characters(channel: str, clean: str) -> None:
    # Korean's Hangul rows are GB2312's and Big5's commonest Hanzi and JIS level 1 kanji, and
    # EUC-JP's kana rows are GB2312's: the mojibake is common characters, found by its signature
    # (Han words spaced and punctuated as Korean; a Simplified Hanzi beside kana; Hangul before
    # Japanese punctuation; halfwidth katakana glued to ASCII letters, Big5 read as Shift-JIS;
    # cp850's box-drawing signs glued to letters, Big5 and Shift-JIS read as cp850)
    _repaired_exactly(channel, clean)


@pytest.mark.parametrize(
    "clean",
    [
        "苹果 香蕉 橘子 葡萄 西瓜 草莓",  # a keyword list: spaced, unpunctuated
        "天 地 玄 黄, 宇 宙 洪 荒.",  # single characters, spaced and punctuated
        "版本 更新 说明: 修复 已知 问题.",  # Chinese spaced and punctuated as Korean
        "○○したら××",  # Japanese signs, which EUC-JP read as GBK would read as other signs
        "今日は晴れ、明日は雨でしょう。",
        "오늘 ㅋㅋㅋ 진짜 웃겨ㅠㅠ",  # Korean chat's jamo: kana read through EUC-JP-as-EUC-KR
        "ｶﾀｶﾅ ABC ｼｽﾃﾑ",  # halfwidth katakana spaced from Latin words
        "Nem tudok írni, mert büyük a baj.",  # reads back through Big5-as-cp850 as 〉ni
        "┌──────┐\n│ menü │\n└──────┘",  # a drawn box: its signs in runs, spaced from its text
    ],
)
def test_clean_cjk_beside_those_channels_is_left_alone(clean: str) -> None:
    result = textmend.repair_text(clean)
    assert result.text == clean
    assert not result.changes


@pytest.mark.parametrize(
    "clean",
    [
        "Lena flyttade till Malmö förra året.",  # ö read as a syllable glued to letters thrice
        "A vonat Győrből indul, másfél óra alatt ér Budapestre.",  # ő: outside KS X 1001
    ],
)
def test_utf8_latin_read_as_euc_kr(clean: str) -> None:
    # the syllables a Latin letter reads as are common ones, found where they are glued to
    # ASCII letters; Python's euc_kr spells one outside KS X 1001 (흷 for ő) as eight bytes of
    # jamo, which the screen must read as cp949's two
    _repaired_exactly("utf-8 as win-cp949", clean)


def test_korean_with_latin_names_is_left_alone() -> None:
    clean = "Windows용 프로그램과 Mac용 프로그램을 USB에 저장하세요."
    assert textmend.repair_text(clean).text == clean


@pytest.mark.parametrize("clean", ["¡Olé, Ángel! ⚽🎉", "«Fin», dijo Óscar 🙂"])
def test_latin_punctuation_counts_as_text_in_a_reading(clean: str) -> None:
    # UTF-8 read as cp932: the reading's characters beyond ASCII are ¡ « » and emoji more than
    # letters; Spanish and French punctuation is text as much as the letters are
    _repaired_exactly("utf-8 as win-cp932", clean)


def test_big5_as_shift_jis_is_not_searched_where_cp932_lost_bytes() -> None:
    # a ・ in the line is Windows' default character of a text read as cp932 that lost bytes
    # (Korean here): Big5-as-Shift-JIS would read its halfwidth katakana back as other Hanzi
    from textmend.mojibake.screen import signed

    layer = ("big5", "shift_jis")
    korean = CHANNELS["win-cp949 as win-cp932, default character"].damage("서울에서 친구를 만났어요.")
    big5 = CHANNELS["win-cp950 as win-cp932"].damage("請問這附近有捷運站嗎？")
    assert isinstance(korean, str) and "・" in korean and isinstance(big5, str)
    assert signed(korean, [layer]) == []
    assert signed(big5, [layer]) == [layer]
