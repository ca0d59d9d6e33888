"""Lossy CJK mojibake: UTF-8 read with a CJK codec that replaced what it could not decode.

What the engine may restore is only what the surviving bytes and the language model determine;
everything else stays a marker and is reported. These tests use the codecs themselves to build
the damage, on sentences written for them, and check the engine against the codecs again.
"""

from __future__ import annotations

import random

import pytest

import textmend
from textmend.mojibake import lossy
from textmend.mojibake.lossy import lost_prior
from textmend.text.charmodel import model
from textmend.text.charsets import CHARSETS

MARKERS = frozenset("\ufffd?")


def _lossy(clean: str, shown: str, saved_again: bool = False) -> str:
    broken = clean.encode("utf-8").decode(shown, errors="replace")
    if saved_again:  # saved in the wrong codec: each U+FFFD became '?'
        broken = broken.encode(shown, errors="replace").decode(shown)
    return broken


@pytest.mark.parametrize("shown", ["gbk", "big5", "shift_jis", "euc-kr"])
def test_lost_byte_table_agrees_with_the_codec(shown: str) -> None:
    """A byte is lost exactly when the codec, decoding it and the byte after, replaces it alone."""
    codec = CHARSETS[shown].codecs[0]
    rng = random.Random(5)
    for _ in range(3000):
        byte, following = rng.randrange(0x80, 0x100), rng.randrange(0x100)
        out = bytes([byte, following]).decode(codec, errors="replace")
        # replaced alone: a marker, then the following byte decoded on its own (or replaced too)
        expected = out[0] == "\ufffd" and len(out) == 2
        assert lossy.lost_by(shown, byte, following) == expected, (hex(byte), hex(following))


@pytest.mark.parametrize(("word", "shown"), [("한국", "euc-kr"), ("我說", "big5"), ("個人", "big5")])
def test_three_lost_bytes_leave_candidates_that_fit_the_damage(word: str, shown: str) -> None:
    """A character whose three bytes were all lost is among the candidates, and every candidate
    would have been lost the same way before the same next byte."""
    first, rest = word[0], word[1:].encode("utf-8")
    damaged = (first.encode("utf-8") + rest).decode(shown, errors="replace")
    assert damaged.startswith("\ufffd\ufffd\ufffd") and damaged[3] != "\ufffd"
    cands = lossy.candidates([None, None, None], shown, rest[0])
    assert first in cands
    codec = CHARSETS[shown].codecs[0]
    for ch in cands[:: max(1, len(cands) // 200)]:
        assert (ch.encode("utf-8") + rest).decode(codec, errors="replace").startswith("\ufffd" * 3), ch


def test_rare_symbols_cost_more_than_letters_as_lost_characters() -> None:
    """A lost byte's candidates always include symbols (U+3030 for a lost E3 lead); they must not
    win over letters on the model's cheap price for symbols."""
    m = model()
    assert lost_prior("〰", m) > lost_prior("台", m)
    assert lost_prior("〼", m) > lost_prior("일", m)
    assert lost_prior("。", m) < lost_prior("》", m)


LOSSY_SENTENCES = [
    ("我們明天早上在圖書館門口見面，不要遲到。", "big5"),
    ("這本書的作者是一位很有名的歷史學家。", "big5"),
    ("오늘은 날씨가 정말 좋네요. 같이 산책하러 갈까요?", "euc-kr"),
    ("회의는 내일 오후 세 시에 시작합니다.", "euc-kr"),
    ("明日の会議は午後三時から始まります。", "shift_jis"),
    ("这是一个很好的结果。大家都很满意。", "gbk"),
    ("新しいパソコンを買ったので、週末に設定します。", "gbk"),
]


@pytest.mark.parametrize(("clean", "shown"), LOSSY_SENTENCES)
@pytest.mark.parametrize("saved_again", [False, True])
def test_lossy_repair_invents_nothing(clean: str, shown: str, saved_again: bool) -> None:
    """Whatever is recovered is the text's own: no symbol, no other script, no ASCII letter made
    of a lost character's neighbours. The rest stays a marker and is reported."""
    broken = _lossy(clean, shown, saved_again)
    r = textmend.repair_text(broken)
    invented = set(r.text) - set(clean) - set(broken) - MARKERS  # mojibake left as it was is no invention
    assert not invented, invented
    if any(c in r.text for c in "\ufffd") or (saved_again and r.text.count("?") > clean.count("?")):
        assert any(f.code in ("TM204", "TM410", "TM411") for f in r.findings)


@pytest.mark.parametrize(("clean", "shown"), LOSSY_SENTENCES)
@pytest.mark.parametrize("saved_again", [False, True])
def test_lossy_repair_is_idempotent(clean: str, shown: str, saved_again: bool) -> None:
    """Repaired text with markers left in it is not read again as another lossy mix-up (a Hanzi
    beside U+FFFD re-encoded as Shift-JIS gave Hangul and ASCII letters)."""
    once = textmend.repair_text(_lossy(clean, shown, saved_again)).text
    assert textmend.repair_text(once).text == once


@pytest.mark.parametrize(
    ("clean", "shown"),
    [
        ("我们都很高兴地看到了这个结果。", "gbk"),
        ("他说这件事情已经解决了。", "gbk"),
    ],
)
def test_lost_full_stop_at_the_end_of_a_line_is_restored(clean: str, shown: str) -> None:
    """。 is E3 80 82; GBK loses the 82 at the end of the line. Of the 64 characters E3 80 ?? can
    be, the full stop is by far the most frequent, and the opening marks do not end a line."""
    broken = _lossy(clean, shown)
    assert broken.endswith("\ufffd")
    assert textmend.repair_text(broken).text == clean


def test_question_mark_beside_lost_bytes_stays_when_markers_are_u_fffd() -> None:
    """Where lost bytes became U+FFFD, a '?' is a real question mark, never a lost byte."""
    clean = "你好吗?我很好，谢谢你的关心。"
    broken = _lossy(clean, "gbk")
    assert "\ufffd?" in broken
    r = textmend.repair_text(broken)
    assert r.text.count("?") == 1
    assert r.text.endswith("我很好，谢谢你的关心。")


def test_korean_lost_characters_are_not_restored_as_cjk_punctuation() -> None:
    """Korean is punctuated with ASCII marks: a lost Hangul syllable is never an ideographic
    space or a corner bracket, however cheap the model finds those."""
    clean = "그 일은 이렇게 진행하도록 합시다. 내가 말하고자 하는 의도가 불만은 아니다."
    r = textmend.repair_text(_lossy(clean, "euc-kr"))
    assert not any("\u3000" <= c <= "\u303f" for c in r.text)


@pytest.mark.parametrize(
    ("clean", "true"),
    [
        ("這件事情很奇怪，大家都在吵!", "big5"),  # 吵 is A7 6E: its second byte is 'n'
        ("<p>許多人都喜歡這本書</p>", "big5"),  # 許 is B3 5C: its second byte is '\\'
        ("<b>美しい谷</b>", "shift_jis"),  # 谷 is 92 4A: its second byte is 'J'
    ],
)
def test_character_with_an_ascii_trail_byte_at_the_edge_of_a_run(clean: str, true: str) -> None:
    """A double-byte character whose second byte is ASCII reads as a symbol and a letter, which
    the model finds cheap; at the edge of a decoded run of the same mix-up, it belongs to it."""
    broken = clean.encode(true).decode("cp1252")
    assert textmend.repair_text(broken).text == clean


def test_document_evidence_admits_a_rare_name() -> None:
    """A title of rare kanji (a name) is not believed alone, but in a document whose body is
    the same mix-up throughout, it is repaired with the rest."""
    doc = (
        "<title>[鷲尾雛子]</title>\n<p>昨日の夜はとても寒かったので、家で温かいうどんを食べました。"
        "明日は友達と一緒に映画を見に行く予定です。</p>\n"
    )
    assert textmend.repair_text(doc.encode("euc-jp").decode("cp1252")).text == doc


@pytest.mark.parametrize(
    ("first", "second"), [("京都市", "伊万里"), ("日光の滝", "熱海"), ("鎌倉の大仏", "琵琶湖")]
)
def test_short_document_evidence_reaches_a_short_line(first: str, second: str) -> None:
    """Two short list items of the same mix-up: the first is evidence enough for the second."""
    doc = f"<li><a href=/n/7.html>{first}</a></li>\n<li><a href=/n/8.html>{second}</a></li>\n"
    broken = doc.encode("shift_jis").decode("cp1252")
    assert textmend.repair_text(broken).text == doc


def test_a_cjk_character_beside_lost_markers_is_not_split_into_ascii() -> None:
    """Big5 帶 is B1 61: read after two lost bytes as UTF-8, it would give a lost character and
    an 'a'. That is how repaired text beside U+FFFD reads, not mojibake: no such atom decodes."""
    from textmend.mojibake.channels import atoms_for

    atoms = atoms_for("他把書\ufffd\ufffd\ufffd帶走了", ("utf-8", "big5"))
    assert not any(at.cand and "a" in at.cand for at in atoms)


def test_iteration_mark_is_a_rare_restoration() -> None:
    """々 is frequent in Japanese, but only right after the kanji it repeats: as the guess for a
    lost character it costs what a rarer mark costs."""
    m = model()
    assert lost_prior("々", m) > lost_prior("。", m)
    assert lost_prior("々", m) > lost_prior("の", m)


ALIGNED = [
    ("우리 동네 도서관은 주말에도 문을 엽니다. 아이들과 함께 책을 읽으러 가요.", "euc-kr"),
    ("지난주에 친구가 새로 이사한 집에 놀러 갔는데, 창문이 아주 넓었어요.", "euc-kr"),
    ("我們學校的圖書館週末也開放，很多學生會去那裡讀書。", "big5"),
    ("颱風過後，街道上到處都是落葉和斷掉的樹枝。", "big5"),
    ("Apple은 9월 21일, IR 매거진 기사에서 밝혔다.", "euc-kr"),  # 9월 21일: markers glued to digits
    ("가격은 5000원, 배송비는 2500원입니다.", "euc-kr"),
    # most bytes lost, in runs: the survivors frame as UTF-8 only when the runs are cut in threes
    ("회의는 11월 30일에 열립니다. 장소는 본관 3층 회의실입니다.", "euc-kr"),
]


@pytest.mark.parametrize(("clean", "shown"), ALIGNED)
@pytest.mark.parametrize("saved_again", [False, True])
def test_one_marker_per_lost_character(clean: str, shown: str, saved_again: bool) -> None:
    """UTF-8 says where each character starts and ends, so a syllable that lost two or three
    of its bytes is one marker, not one per byte: the repaired text lines up with the original
    character for character (each one restored or a marker), and each marker is reported."""
    broken = _lossy(clean, shown, saved_again)
    assert len(broken) > len(clean)  # the damage left more markers than characters
    r = textmend.repair_text(broken)
    assert len(r.text) == len(clean), r.text
    markers = sum(1 for g in r.text if g in MARKERS) - sum(1 for c in clean if c in MARKERS)
    assert markers > 0 and sum(f.code == "TM204" for f in r.findings) >= 1
    assert textmend.repair_text(r.text).text == r.text


def test_the_document_itself_tells_a_rare_word() -> None:
    """A word the shipped model hardly knows (a product name, 飞书) stands intact elsewhere in
    the same document; where one of its bytes was lost, the pair seen intact decides, instead
    of a character the shipped model likes better (類, which shares two bytes with 飞)."""
    clean = "这个软件叫做飞书，我们公司都用飞书开会。\n请打开飞书\n看一下通知。\n"
    broken = _lossy(clean, "gbk")
    assert broken.count("\ufffd") >= 2
    assert textmend.repair_text(broken).text == clean


def test_document_counts_only_intact_characters() -> None:
    """The document model counts what decoded with every byte intact, pairs only inside runs of
    CJK text (a marker or ASCII between two characters is no pair)."""
    from textmend.mojibake.document import Document

    doc = Document(_lossy("报告写完了。\n报告", "gbk"))
    uni, bi, _n = doc.counts("gbk")
    assert uni["报"] == 2 and bi["报告"] >= 1
    assert "\ufffd" not in uni and not any("\n" in p for p in bi)


def test_the_document_script_rules_out_the_other_chinese_script() -> None:
    """A Traditional document's lost characters are weighed without the Simplified-only ones
    (个 for 個), and the reverse; Japanese (kana) mixes both forms and rules out neither."""
    from textmend.mojibake.document import Document
    from textmend.zh.chars import hans, hant

    trad = "這是我們學校的圖書館，週末也開放。很多學生會去那裡讀書，圖書館裡很安靜。"
    simp = "这是我们学校的图书馆，周末也开放。很多学生会去那里读书，图书馆里很安静。"
    jap = "図書館は週末も開いています。学生たちはそこで静かに本を読みます。"
    mix_t = Document(_lossy(trad, "gbk")).mixer("gbk")
    mix_s = Document(_lossy(simp, "gbk")).mixer("gbk")
    mix_j = Document(_lossy(jap, "gbk")).mixer("gbk")
    assert mix_t is not None and mix_t.other == hans() and "个" in mix_t.other
    assert mix_s is not None and mix_s.other == hant()
    assert mix_j is not None and not mix_j.other


def test_a_lost_character_between_lost_ones_needs_a_larger_share() -> None:
    """Between two other lost characters the model can only say which candidate is frequent:
    such a character is anchored by no known letter and needs `ALONE_SHARE`."""
    from textmend.mojibake.resolve import ALONE_SHARE, MIN_SHARE, NOTHING_FITS, anchored

    seq = [["我"], ["是", "全"], NOTHING_FITS, ["在", "全"], ["是", "全"]]
    multi = [False, True, False, True, True]
    assert anchored(seq, multi, 1, "", "")  # 我 before it
    assert not anchored(seq, multi, 3, "", "")  # lost on both sides
    assert not anchored(seq, multi, 4, "", " ")  # a lost one before it, a space after it
    assert anchored(seq, multi, 4, "", "人")
    assert ALONE_SHARE > MIN_SHARE


@pytest.mark.parametrize(
    "clean",
    [
        "<p>周末我们一起去爬山吧，天气预报说会很晴朗。</p>\n",
        "<li>会議の資料は明日の朝までに送ります。</li>\n",
    ],
)
def test_lost_full_stop_before_a_markup_tag_is_restored(clean: str) -> None:
    """GBK loses the last byte of 。 before the '<' of a tag as before a newline: a tag ends
    the phrase, where an opening mark or a comma does not stand."""
    broken = _lossy(clean, "gbk")
    assert "\ufffd<" in broken
    tag = clean[clean.rindex("<") :]
    assert textmend.repair_text(broken).text.endswith("。" + tag)


@pytest.mark.parametrize(
    ("clean", "shown"),
    [
        ("우리 동네 도서관은 주말에도 문을 엽니다.", "euc-kr"),
        ("우리 동네 도서관은 주말에도 문을 엽니다. 아이들과 함께 책을 읽으러 가요.", "euc-kr"),
        ("颱風過後，街道上到處都是落葉和斷掉的樹枝。", "big5"),
    ],
)
def test_a_character_lost_to_question_marks_stays_a_question_mark(clean: str, shown: str) -> None:
    """Text whose lost bytes became '?' keeps that convention: a character that stays lost is
    one '?', never a U+FFFD among the '?' (beside which a later pass would take the remaining
    '?' of unrepaired damage for real question marks)."""
    broken = _lossy(clean, shown, saved_again=True)
    r = textmend.repair_text(broken)
    assert "\ufffd" not in r.text
    assert len(r.text) == len(clean)


def test_a_text_that_lost_its_bytes_to_question_marks_keeps_question_marks() -> None:
    """Korean saved back to EUC-KR lost most bytes to '?': what stays lost is one '?' a
    character, never a U+FFFD that the text did not have."""
    clean = "내일 아침 아홉 시에 도서관 앞에서 만나요.\n"
    broken = (
        clean.encode("utf-8")
        .decode("euc-kr", errors="replace")
        .encode("euc-kr", errors="replace")
        .decode("euc-kr")
    )
    assert "\ufffd" not in broken
    r = textmend.repair_text(broken)
    assert "\ufffd" not in r.text
    assert len(r.text) <= len(broken)
    assert all("candidates: " not in f.message or f.candidates for f in r.findings)


def test_a_lost_character_left_lost_is_reported_with_its_candidates_probabilities() -> None:
    """Where no candidate clearly wins, the finding lists the likeliest ones, each with the
    model's probability, best first, in its message and its data."""
    clean = "내일 아침에 회의가 있어요."
    r = textmend.repair_text(_lossy(clean, "gbk"))
    lost = [f for f in r.findings if f.code == "TM204"]
    assert lost and "\ufffd" in r.text
    for f in lost:
        assert len(f.probabilities) == len(f.candidates) > 1
        assert list(f.probabilities) == sorted(f.probabilities, reverse=True)
        assert 0 < sum(f.probabilities) <= 1.0 + 1e-9 and f.probabilities[0] < 0.9
        top = f"{f.candidates[0]} {f.probabilities[0]:.0%}"
        assert top in f.message and top in f.to_dict()["message"]
        assert f.to_dict()["probabilities"] == list(f.probabilities)
    # the lost characters are among them: 에 (EC 97 90) and 가 (EA B0 80), their last byte lost
    assert any("에" in f.candidates for f in lost) and any("가" in f.candidates for f in lost)


@pytest.mark.parametrize(
    "clean",
    [
        "“Você vem amanhã?”, perguntou a avó.",
        "“Bugün hava çok güzel!” dedi öğretmen.",
        "Он ответил: “Завтра утром!”, и ушёл.",
    ],
)
def test_a_lost_closing_quote_answers_the_quote_the_line_opened(clean: str) -> None:
    """” is E2 80 9D: GBK loses the 9D before the ASCII after it, leaving a lost mark among
    “ ” – — ‘ ’ • …; the line opened a quote with “, which no language closes with “, and does
    not close it anywhere else: the lost mark is its ”."""
    damaged = _lossy(clean, "gbk")
    assert "\ufffd" in damaged
    assert textmend.repair_text(damaged).text == clean


@pytest.mark.parametrize(
    "clean",
    [
        "Er fragte: „Kommst du morgen?“, und lächelte.",
        "Zeptala se: „Přijdeš zítra?“ a usmála se.",
        "Zapytał: „Przyjdziesz jutro?”, i się uśmiechnął.",
        "Azt kérdezte: „Jössz holnap?”, és mosolygott.",
    ],
)
def test_a_lost_quote_closing_a_low_opening_one_is_the_one_the_language_closes_with(clean: str) -> None:
    """After „ the closing mark is “ in German and Czech, ” in Polish and Hungarian: the
    letters of the line say which language it is."""
    assert textmend.repair_text(_lossy(clean, "gbk")).text == clean


def test_which_quote_closes_a_low_opening_quote_stays_open_where_the_language_does_not_say() -> None:
    """Romanian writes both “ and ” (CLDR's punctuation holds both): the character stays lost
    and the finding gives both, alike."""
    clean = "Ea a întrebat: „Vii mâine?”, și a zâmbit."
    r = textmend.repair_text(_lossy(clean, "gbk"))
    assert r.text == clean.replace("”", "\ufffd")
    (f,) = [f for f in r.findings if f.code == "TM204"]
    assert set(f.candidates[:2]) == {"“", "”"} and abs(f.probabilities[0] - f.probabilities[1]) < 0.05


def test_both_cases_of_a_lost_letter_take_one_place_among_its_candidates() -> None:
    """E1 BB ?? (a Vietnamese vowel with its tone) leaves 64 letters, capitals and small ones:
    kept by letter, not by form, sixteen letters are weighed, not eight twice over, and a
    restoration needs to beat them all (``từ`` was read ``tố``, the likeliest of eight)."""
    opts = lossy.lost_options((0xE1, 0xBB, None), "gbk", 0x20)
    assert len({c.lower() for c in opts}) == lossy.PER_CLASS and len(opts) == 2 * lossy.PER_CLASS
    clean = "Chuyến tàu từ Hà Nội vào Thành phố Hồ Chí Minh mất khoảng 30 tiếng."
    out = textmend.repair_text(_lossy(clean, "gbk")).text
    assert len(out) == len(clean)
    # every character differs from the sentence only where a marker stands: nothing wrong
    assert all(a == b or b == "\ufffd" for a, b in zip(clean, out)), out


_JA_SENTENCES = (
    "昨日の夕方、近所の公園で古い友人に偶然会いました。",
    "この店のラーメンは、スープが濃くてとても美味しいです。",
    "来月から新しいプロジェクトが始まるので、少し緊張しています。",
    "駅前の本屋で、子供の頃に読んだ絵本を見つけた。",
    "「明日の会議は何時からですか？」と部長に聞かれました。",
    "週末は家族と一緒に海へ行く予定です。",
    "雨が止んだら、洗濯物を外に干しましょう。",
    "彼は毎朝六時に起きて、犬の散歩に出かける。",
    "この資料を金曜日までに確認していただけますか。",
    "冬になると、北海道には多くの観光客が訪れます。",
    "新しい携帯電話の使い方がまだよく分かりません。",
    "図書館の窓から、桜の花が散るのが見えた。",
)

_ZH_SENTENCES = (
    "昨天晚上我们在学校附近的小饭馆吃了一顿饺子。",
    "这个城市的地铁四通八达，出行非常方便。",
    "他每天早上六点起床，先去公园跑步再上班。",
    "请在星期五之前把这份报告发给我。",
    "下雨的时候，街上的行人明显少了很多。",
    "妈妈在厨房里做饭，弟弟在客厅看电视。",
    "图书馆新到了一批关于历史和地理的书。",
    "明年夏天，我打算和朋友一起去云南旅行。",
    "这家医院的医生对病人都很耐心。",
    "会议改在下午三点，请大家准时参加。",
    "春节前后，火车站总是挤满了回家的人。",
    "我们终于找到了解决这个问题的办法。",
)


def _document(sentences: tuple[str, ...], size: int) -> str:
    """About `size` characters of lines of three of `sentences`, drawn with a fixed seed."""
    rng = random.Random(5)
    lines: list[str] = []
    n = 0
    while n < size:
        lines.append("".join(rng.choice(sentences) for _ in range(3)))
        n += len(lines[-1]) + 1
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("sentences", "shown"), [(_JA_SENTENCES, "cp932"), (_ZH_SENTENCES, "gbk")])
def test_a_lossy_document_longer_than_the_search_is_repaired_in_one_run(
    sentences: tuple[str, ...], shown: str
) -> None:
    # Longer than the search reaches (`regions.SEARCH_BUDGET`): its rest is read wholesale, with
    # the codec the text was decoded with (cp932 gives U+0080 for a lone byte 0x80, which
    # shift_jis does not encode), and lines as far on read as the first ones do.
    clean = _document(sentences, 30_000)
    broken = _lossy(clean, shown)
    first = textmend.repair_text(broken)
    assert first.changes
    again = textmend.repair_text(first.text)
    assert again.text == first.text
    assert not again.changes
    want = clean.splitlines()
    got = first.text.splitlines()
    head, tail = slice(0, len(want) // 4), slice(3 * len(want) // 4, None)
    share = [sum(a == b for a, b in zip(got[part], want[part])) / len(want[part]) for part in (head, tail)]
    assert share[1] >= share[0] / 2


def test_the_wholesale_reading_encodes_with_the_decoder_of_the_text() -> None:
    from textmend.mojibake.document import shown_codec

    sjis = "今日は雨です。".encode().decode("shift_jis", "replace")
    cp932 = "会議の資料。".encode().decode("cp932", "replace")
    assert "\x80" in cp932  # (a lone continuation byte, which only cp932 decodes)
    assert shown_codec(sjis, "shift_jis") == "shift_jis"
    assert shown_codec(cp932, "shift_jis") == "cp932"


def test_euc_kr_spelling_a_syllable_in_jamo_is_not_the_decoder_of_the_text() -> None:
    # Python's euc_kr encodes a syllable outside KS X 1001 (똠, 햏, or cp949's reading of a
    # UTF-8 byte pair) without an error, as eight bytes of jamo: cp949 read the text, from two
    from textmend.mojibake.document import shown_codec

    uhc = "똠양꿍을 먹고 햏햏 웃었다".encode().decode("cp949", "replace")
    assert shown_codec("오늘 회의가 있습니다", "euc-kr") == "euc_kr"
    assert shown_codec("똠양꿍 맛집", "euc-kr") == "cp949"
    assert shown_codec(uhc, "euc-kr") == "cp949"
    assert shown_codec("\u3164 채움 문자", "euc-kr") == "euc_kr"  # the filler itself, spelt alone


def test_the_utf8_of_the_replacement_character_is_found_through_the_vendor_superset() -> None:
    # UTF-8 '�A' read as cp949 is 占 (EF BF) then 폗 (BD 41), a syllable only cp949 has
    from textmend.fixers.cjk import _spells_fffd

    shown = "\ufffdA 답변".encode().decode("cp949", "replace")
    assert _spells_fffd(shown, "euc-kr")
    assert not _spells_fffd("오늘 회의가 있습니다", "euc-kr")
