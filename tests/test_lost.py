"""Characters lost to '?' or U+FFFD: what is restored, what is reported, what is left alone."""

from __future__ import annotations

import pytest

import textmend
from textmend.context import Context
from textmend.fixers.lost import MAX_FINDINGS, fix
from textmend.options import Options

ON = Context(Options())


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("Copyright ? 2001-2024 Acme Widgets", "Copyright © 2001-2024 Acme Widgets"),
        ("Copyright ?2019 Northwind", "Copyright ©2019 Northwind"),
        (
            "COPYRIGHT ? 1998 The Authors. All rights reserved.",
            "COPYRIGHT © 1998 The Authors. All rights reserved.",
        ),
        ("? 2024 Acme. All rights reserved.", "© 2024 Acme. All rights reserved."),
        ("(?) 2024 Acme Inc.", "(©) 2024 Acme Inc."),
        ("<footer>? 2023 Blue Lake GmbH</footer>", "<footer>© 2023 Blue Lake GmbH</footer>"),
        (
            "// ? 2015-2020 Example Corp. All rights reserved.",
            "// © 2015-2020 Example Corp. All rights reserved.",
        ),
        (
            "Copyright ? 2003-2023 某某网络科技有限公司 版权所有",
            "Copyright © 2003-2023 某某网络科技有限公司 版权所有",
        ),
        ("? 2022 株式会社サンプル", "© 2022 株式会社サンプル"),
        ("Copyright \ufffd 2010 Foo Ltd", "Copyright © 2010 Foo Ltd"),
    ],
)
def test_copyright_sign_is_restored(damaged: str, repaired: str) -> None:
    out, items = fix(damaged, ON)
    assert out == repaired
    assert [(i.code, i.after) for i in items] == [("TM401", "©")]


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("The water was heated to 37 ?C before the test.", "The water was heated to 37 °C before the test."),
        ("Store below -5?F.", "Store below -5°F."),
        ("Bake at 180?C for 20 minutes.", "Bake at 180°C for 20 minutes."),
        ("Range: 20–25 ?C", "Range: 20–25 °C"),
        ("The summit is at 45?49'58\" N.", "The summit is at 45°49'58\" N."),
        ("Position 51.5? N, 0.12? W", "Position 51.5° N, 0.12° W"),
        ("Cut the board at a 45? angle.", "Cut the board at a 45° angle."),
        ("Rotate the image by 90?, then save it.", "Rotate the image by 90°, then save it."),
        ("Fever above 38.5\ufffdC needs a doctor.", "Fever above 38.5°C needs a doctor."),
    ],
)
def test_degree_sign_is_restored(damaged: str, repaired: str) -> None:
    out, items = fix(damaged, ON)
    assert out == repaired
    assert {i.code for i in items} == {"TM402"}


@pytest.mark.parametrize(
    "text",
    [
        "Is it ready? Yes, it is.",
        "How hot was it? 37 degrees.",
        "Should we rotate it by 90?",
        "Is the answer 90? Or 180?",
        "Who owns the copyright? Acme does.",
        "See https://example.com/search?q=naive&lang=en for more.",
        "GET /api/items?id=42&sort=asc HTTP/1.1",
        "value = user?.name ?? 'anonymous'",
        "x ??= compute(y)",
        "SELECT name FROM users WHERE id = ? AND age > ?",
        "INSERT INTO t (a, b) VALUES (?, ?)",
        r"pattern = re.compile(r'(?:\d+)?\s*(?P<unit>[a-z]+)?')",
        "match = /colou?r/i.test(s)",
        "lazy: .*? and optional: \\w?",
        "result = cond ? a : b;",
        "你好吗?",
        "What???",
        "荊楚網(wǎng)(湖北日?qǐng)?bào)網(wǎng))訊",
        "plain text without any marks",
    ],
)
def test_legitimate_question_marks_are_left_alone_and_not_reported(text: str) -> None:
    assert fix(text, ON) == (text, [])


@pytest.mark.parametrize(
    ("text", "run", "candidates"),
    [
        ("北京?天气很好", "?", ()),
        ("Z?rich and Gen?ve", "?", ()),
        ("Tokyo ???? 2024 tour", "????", ()),
        ("Der Stra?enname", "?", ()),
        ("From 1995?2005 he lived abroad.", "?", ("–", "—")),
        ("It costs ?100 per night.", "?", ("€", "£", "¥")),
        ("I don?t know.", "?", ("’", "'")),
        ("C?est l?homme qu?il faut.", "?", ("’", "'")),
    ],
)
def test_lost_characters_are_findings(text: str, run: str, candidates: tuple[str, ...]) -> None:
    out, items = fix(text, ON)
    assert out == text
    assert items and all(i.code == "TM410" for i in items)
    assert items[0].before == run and items[0].candidates == candidates
    assert text[items[0].start : items[0].end] == run


def test_replacement_characters_are_findings() -> None:
    text = "Das Stra\ufffde und \ufffd\ufffd\ufffd"
    out, items = fix(text, ON)
    assert out == text
    run = text.index("\ufffd\ufffd\ufffd")
    assert [(i.code, i.start, i.end) for i in items] == [("TM411", 8, 9), ("TM411", run, run + 3)]


def test_restoration_can_be_switched_off_and_becomes_a_finding() -> None:
    opts = Context(Options.make(ignore=["TM401"]))
    text = "Copyright ? 2020 Acme"
    out, items = fix(text, opts)
    assert out == text
    assert [(i.code, i.candidates) for i in items] == [("TM410", ("©",))]
    out, items = fix("Heat to 90 ?C", Context(Options.make(ignore=["TM402"])))
    assert out == "Heat to 90 ?C" and items[0].candidates == ("°",)


def test_findings_can_be_switched_off() -> None:
    assert fix("Z?rich \ufffd", Context(Options.make(ignore=["TM410", "TM411"]))) == ("Z?rich \ufffd", [])


def test_through_the_pipeline_with_lines_and_columns() -> None:
    text = "Report\n\nCopyright ? 2001-2024 Example Ltd. All Rights Reserved\nMax 40 ?C, Z?rich\n"
    repair = textmend.repair_text(text)
    assert (
        repair.text == "Report\n\nCopyright © 2001-2024 Example Ltd. All Rights Reserved\nMax 40 °C, Z?rich\n"
    )
    assert [(c.code, c.line, c.col) for c in repair.changes] == [("TM401", 3, 11), ("TM402", 4, 8)]
    assert [(f.code, f.line, f.col) for f in repair.findings] == [("TM410", 4, 13)]


def test_clean_text_is_returned_as_is() -> None:
    text = "Nothing to see here.\n"
    out, items = fix(text, ON)
    assert out is text and items == []


def test_many_question_marks_stay_linear() -> None:
    text = "a?b " * 50_000 + "x" * 100_000
    out, items = fix(text, ON)
    # a thousand are listed, then one closing finding says the rest were not examined one by one
    assert out == text and len(items) == MAX_FINDINGS + 1
    assert "not examined one by one" in items[-1].message


def test_the_quick_screen_decides_as_the_full_look() -> None:
    # `_MAYBE_LOST` lets a text whose every '?' ends a question skip the look at each '?': on
    # random mixes of questions, years, amounts, copyright notices, CJK and apostrophes, the
    # fixer gives what it gives when every text takes the full look
    import random
    import re

    from textmend.fixers import lost

    pool = [*"?? ?\ufffd aZé中。)(\n.,'\"1920 st»¿-", "Copyright", "2024", "Acme Ltd", " C", " N"]
    pool += ["angle", "rotate 90", "don", "l", "homme", "All rights reserved", "€", "Really"]
    rng = random.Random(5)
    quick = lost._MAYBE_LOST
    skipped = 0
    try:
        for _ in range(20_000):
            text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
            lost._MAYBE_LOST = quick
            got = fix(text, Context())
            skipped += quick.search(text) is None and "?" in text
            lost._MAYBE_LOST = re.compile("")  # matches every text: the full look always
            assert got == fix(text, Context()), repr(text)
    finally:
        lost._MAYBE_LOST = quick
    assert skipped > 1000  # the screen did let texts skip


@pytest.mark.parametrize(
    "text",
    ["«¿Quién llegó primero?», preguntó.", "Vraiment ?\u00a0Oui.", "Why? Because.\nReally?"],
)
def test_questions_in_typographic_prose_are_not_looked_at(text: str) -> None:
    from textmend.fixers import lost

    assert lost._MAYBE_LOST.search(text) is None
    assert fix(text, Context()) == (text, [])
