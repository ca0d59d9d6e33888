"""The evidence screen (textmend/text/screen.py): clean alphabetic text is not searched, and
every kind of alphabetic mojibake still is.

The screen decides which lines of a text the CJK fixer scores at all. Its promise has two
halves, both tested on real-looking text: clean prose in Latin, Cyrillic and Greek script
(with typographic punctuation, no-break spaces and ellipses) opens no line, so long clean
documents are neither slowed down by the engine nor stopped by its search budget (TM204); and
the mojibake of each registered channel into a single-byte code page opens its line, so the
repairs the fixer makes stay.
"""

from __future__ import annotations

import pytest

import textmend
from textmend.context import Context
from textmend.fixers.cjk import evidence_gate
from textmend.text import screen
from textmend.text.view import TextView

CLEAN = {
    "fr": "« Le marché ouvre à sept heures », dit-elle — même en hiver… Les élèves préparent "
    "l’exposition ; personne n’était surpris.",
    "de": "„Die Straßenbahn fährt heute nicht über die Brücke“, sagte der Schaffner – Größere "
    "Änderungen sind erst für 2027 geplant.",
    "es": "«¿Quién llegó primero?», preguntó la señora — nadie contestó. Mañana habrá reunión.",
    "pl": "„Zażółć gęślą jaźń” – napisała na tablicy nauczycielka. Dziękuję za wiadomość…",
    "cs": "„Příliš žluťoučký kůň úpěl ďábelské ódy“ – napsal na tabuli. Děkuji za zprávu.",
    "ru": "«Вчера вечером в парке играл небольшой оркестр», — сказал он. Съешь же ещё этих "
    "мягких французских булок да выпей чаю…",
    # ё is a continuation byte in windows-1251 and KOI8-R: Её, Пётр, Мёд, принёс are UTF-8's
    # Ÿ, ϸ, U+0338 and Σ read so (`screen.by_chance`)
    "ru-ё": "Её брат Пётр принёс мёд. Мёд был свежий, и всё же он пошёл домой — Семён ждал его.",
    "uk": "«Учора ввечері в парку грав невеликий оркестр», — сказала вона. Бібліотека зачинена "
    "на ремонт до кінця місяця… Приходьте пізніше.",
    "el": "«Χθες το βράδυ έπαιζε μια μικρή ορχήστρα στο πάρκο», είπε. Ξεσκεπάζω την ψυχοφθόρα "
    "βδελυγμία — έγραψε στον πίνακα.",
    "vi": "“Tối qua có một dàn nhạc nhỏ chơi trong công viên,” cô ấy nói. Tiếng Việt có sáu thanh "
    "điệu — ngang, huyền, sắc, hỏi, ngã, nặng.",
    "tr": "“Dün akşam parkta küçük bir orkestra çaldı,” dedi. Pijamalı hasta yağız şoföre çabucak "
    "güvendi — öyle yazıyordu.",
}


def _open_lines(text: str) -> list[tuple[int, int]]:
    view = TextView(text)
    return evidence_gate(False).lines(text, view.compact)


@pytest.mark.parametrize("lang", sorted(CLEAN))
def test_clean_alphabetic_prose_opens_no_line(lang: str) -> None:
    text = (CLEAN[lang] + "\n") * 50
    assert _open_lines(text) == []


@pytest.mark.parametrize("lang", sorted(CLEAN))
def test_a_long_clean_document_is_unchanged_and_gets_no_finding(lang: str) -> None:
    # Over the fixer's search budget (20,000 characters): clean lines used to spend it, and the
    # document got a TM204 finding ("the search stops") that failed `textmend check`.
    text = (CLEAN[lang] + "\n") * 400
    assert len(text) > 25_000
    r = textmend.repair_bytes(text.encode("utf-8"))
    assert r.text == text
    assert r.changes == [] and r.findings == []


DAMAGED = {
    "UTF-8 read as windows-1252": "Les élèves préparent l’exposition".encode().decode("cp1252"),
    "UTF-8 read as windows-1251": "Библиотека закрыта на ремонт".encode().decode("cp1251"),
    "windows-1251 read as windows-1252": "Библиотека закрыта на ремонт".encode("cp1251").decode("cp1252"),
    "KOI8-R read as windows-1251": "Библиотека закрыта на ремонт".encode("koi8_r").decode("cp1251"),
    "GBK read as windows-1252": "图书馆的阅览室里坐满了学生".encode("gbk").decode("cp1252"),
    "Big5 read as windows-1252 (ASCII trail bytes)": "你一定要來".encode("big5").decode("cp1252"),
    "windows-1252 read as windows-1251": "Les élèves préparent".encode("cp1252").decode("cp1251"),
    "Greek UTF-8 read as windows-1251": "Σήμερα ο καιρός είναι καλός".encode().decode("cp1251"),
    "Greek UTF-8 read as KOI8-R": "Σήμερα ο καιρός είναι καλός".encode().decode("koi8_r"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_each_kind_of_alphabetic_mojibake_opens_its_line(kind: str) -> None:
    clean = CLEAN["fr"] + "\n" + CLEAN["ru"] + "\n"
    text = clean + DAMAGED[kind] + "\n" + clean
    lines = _open_lines(text)
    start = len(clean)
    assert (start, start + len(DAMAGED[kind])) in lines


@pytest.mark.parametrize(
    ("kind", "want", "langs"),
    [
        # (among mostly Latin-script text, accented letters read as Cyrillic are left alone on
        # purpose: see fixers/cjk.py `_in_latin_text`)
        ("windows-1251 read as windows-1252", "Библиотека закрыта на ремонт", ("ru", "uk", "el")),
        ("GBK read as windows-1252", "图书馆的阅览室里坐满了学生", ("fr", "de", "ru", "el")),
    ],
)
def test_mojibake_among_clean_prose_is_still_repaired(kind: str, want: str, langs: tuple[str, ...]) -> None:
    clean = "".join(f"{CLEAN[lang]}\n" for lang in langs) * 10
    text = clean + DAMAGED[kind] + "\n" + clean
    r = textmend.repair_text(text)
    assert r.text == clean + want + "\n" + clean


def test_the_view_compacts_to_the_non_ascii_characters() -> None:
    view = TextView("Ça coûte 5 € — déjà vu.")
    assert view.compact() == "Çû€—éà"
    assert Context().view("x").compact() == ""


def test_a_long_text_is_repaired_to_the_fixpoint_in_one_run() -> None:
    # over 262,144 characters the pipeline used to make one pass, and this needed three runs
    text = ("x" * 63 + "\n") * 4100 + "ï»¿ï»¿Ã©\n"
    once = textmend.repair_text(text).text
    assert textmend.repair_text(once).text == once
    assert once.endswith("x\né\n")


def test_no_channel_produces_the_blocks_the_screen_ignores() -> None:
    import re

    ignored = re.compile(f"[{screen.NO_CHANNEL}]")
    assert not [c for c in screen.shown_repertoire() if ignored.match(c)]


@pytest.mark.parametrize(
    "text",
    [
        "না করে এবং ও এই থেকে আর জন্য",
        "ஒரு இந்த மற்றும் என்ற",
        "के है में की से और को का",
        "ქართული ენა",
        "Հայերեն լեզու",
    ],
)
def test_scripts_no_channel_writes_open_no_line(text: str) -> None:
    assert _open_lines((text + "\n") * 20) == []


def _reference_lines(text: str) -> list[tuple[int, int]]:
    """The lines holding a match of the combined pattern, line by line."""
    pattern = evidence_gate(False).pattern
    out, pos = [], 0
    for line in text.split("\n"):
        if pattern.search(line):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


@pytest.mark.parametrize("pays", [0, screen.COMPILE_PAYS])
@pytest.mark.parametrize("most", [0, screen.MAX_STARTS, 10_000])
@pytest.mark.parametrize("lang", sorted(CLEAN))
def test_lines_are_those_the_combined_pattern_finds(
    lang: str, most: int, pays: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each signature searched from each of its first characters, or as one pattern (`most`: how
    # many first characters the text may hold before the one pattern is used; `pays`: how long
    # a text must be, per pattern from a first character not compiled yet, to compile it)
    monkeypatch.setattr(screen, "MAX_STARTS", most)
    monkeypatch.setattr(screen, "COMPILE_PAYS", pays)
    # `Gate.lines` searches each signature from its first characters; it must find the lines
    # the combined pattern finds, on clean text and on each kind of damage inside it
    parts = [
        CLEAN[lang],
        *DAMAGED.values(),
        "ÀÉÎ ÕÜ",
        "aÉé ÉÉ",
        "Ёлка ЁЛКА ёЛка",
        "x Ж",
        "Жx",
        "?é",
        "é?",
        "\ufffd",
        "·Q°e",
        "”MŠC",
    ]
    text = "\n".join(f"{CLEAN[lang]} {p} {CLEAN[lang]}" for p in parts) + "\n" + CLEAN[lang]
    assert _open_lines(text) == _reference_lines(text)


def test_a_price_in_euros_opens_no_line() -> None:
    # the euro sign is a Latin text's sign (a price list has one on every line): alone it is no
    # evidence, and the lines of a clean table are not scored
    rows = "".join(
        f'{i},"{name}",{city},{i * 37 % 9999}.{i % 100:02d} €,"“urgent”"\n'
        for i, (name, city) in enumerate(
            [("José Álvarez", "São Paulo"), ("Łukasz Żółw", "Kraków"), ("Анна Петрова", "Москва")] * 20
        )
    )
    assert _open_lines(rows) == []
    assert screen.LATIN_SIGNS == "€™"


@pytest.mark.parametrize("damaged", ["Price: 5 â‚¬ only", "Itâ€™s here", "Brand™ â„¢ again"])
def test_the_euro_sign_in_mojibake_still_opens_its_line(damaged: str) -> None:
    text = f"clean line 1 €\n{damaged}\nclean line 3 €\n"
    start = text.index(damaged)
    assert _open_lines(text) == [(start, start + len(damaged))]


def test_lost_marks_are_the_question_marks_beside_a_character() -> None:
    # beside a non-ASCII character that is no punctuation or space (ASCII around a '?' is the
    # lost-character fixer's to judge)
    text = "Qu?én ¿Quién llegó primero?» 好吗?” x ?\u00a0y Z?rich 日?本"
    marks = [text[i - 1 : i + 2] for i in screen.lost_marks(text)]
    assert marks == ["u?é", "吗?”", "日?本"]


def test_the_cjk_word_screens_are_necessary_for_the_word_tests() -> None:
    # `cjk_words_quiet` stands for three tests of the CJK fixer: wherever one of them can find
    # something, the screen must say so (with RE2 over the bytes too, where it is available)
    import random

    from textmend.mojibake import words

    pool = [*"ä½ å¥½ ÏÉ é à» « ·\xa0aZ1中。\n", "你好", "失败", "Ã©", "Ð°", "élève", "déjà vu"]
    rng = random.Random(11)
    quiet = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 40)))
        if screen.cjk_words_quiet(text):
            quiet += 1
            assert words.SHORT_RUN.search(text) is None, repr(text)
            assert words.A0_LOST.search(text) is None or " " not in text, repr(text)
            assert not words.lone_words(text, Context().options), repr(text)
        assert screen.cjk_words_quiet(text, text.encode()) == screen.cjk_words_quiet(text), repr(text)
    assert quiet > 100


@pytest.mark.parametrize(
    "text",
    [
        *CLEAN.values(),
        "ä½ å¥½ ä¸–ç•Œ, le marché",
        "Subject: ä½ å¥½ ok — réponse à « vous »",
        "Price ÏÉ only",
        "<澶辫触> and more text é è à",
        "Les élèves ? Oui ?\u00a0Non.",
        "Quién?» 好吗?” é",
    ],
)
def test_the_cjk_fixer_decides_as_without_its_document_gate(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the gate at the top of the CJK fixer only returns what the fixer would have returned
    from textmend.fixers import cjk

    doc = "\n".join([text] * 30)
    got = cjk.fix(doc, Context())
    monkeypatch.setattr(screen, "cjk_words_quiet", lambda *_args: False)
    assert cjk.fix(doc, Context()) == got
