"""Characters lost to '?' or U+FFFD in an earlier lossy conversion.

A conversion to a smaller character set (``encode("latin-1", errors="replace")``, a database
column in the wrong code page, an FTP transfer, iconv's ``//TRANSLIT`` gone wrong) writes
``?`` for each character it cannot represent; a decoder that meets bytes it cannot read writes
U+FFFD. Only non-ASCII characters are lost that way: the ASCII around them survives, and
often says what was there.

Restored, each with its own rule code so that it can be switched off, only where the context
leaves one answer:

- TM401 ``©`` in a copyright notice: ``Copyright ? 2001-2024 Acme``, ``? 2024 Acme. All rights
  reserved.``, ``(?) 2024 Acme Inc.``: the word *Copyright* next to it, or a year after it and a
  rights statement or a company name in the same line;
- TM402 ``°`` in a temperature (``37 ?C``, ``-5?F``) and an angle: degrees-minutes
  (``40?26'``), a compass point (``51.5? N``) or an angle word after it (``a 90? angle``), or
  a turning word before it (``rotate 90?,``) when the '?' does not end a sentence;
Reported as findings, with candidates when the context narrows them:

- TM410 a '?' that stands where a character was lost: inside a run of CJK text, between two
  letters of a word (``Z?rich``), several in a row where a word should be (``Tokyo ????``),
  between two years (candidates ``–``, ``—``), before an amount (``€``, ``£``, ``¥``), and in
  English contractions and possessives (``don?t``, ``Acme?s``) and French and Italian elisions
  (``l?homme``, ``dell?anno``). The apostrophe is not restored: the lost one was the
  typographic ``’`` (an ASCII one would have survived), but a text that uses ``'`` elsewhere
  may want that, so the context leaves two answers (candidates ``’``, ``'``);
- TM411 every U+FFFD.

Never touched, never reported: questions (``Really?``, ``好吗?``), query strings
(``page.php?id=3``), ``??`` and ``?.`` in code, SQL placeholders (``VALUES (?, ?)``), regular
expressions (``(?:``, ``.*?``, ``\\w?``), and the '?' inside inline pinyin residue
(``日?qǐng)``), which the pinyin fixer recovers from its reading.

Every decision looks at a bounded window around the '?', so the fixer is linear in the text.

>>> from textmend.context import Context
>>> fix("Copyright ? 2001-2024 Acme Ltd.", Context())[0]
'Copyright © 2001-2024 Acme Ltd.'
>>> fix("Is it ready? Yes.", Context())
('Is it ready? Yes.', [])
"""

from __future__ import annotations

import re

from ..context import Context
from ..options import Options
from ..result import Change, Finding

LOST = "?\ufffd"
_RUN = re.compile(r"[?\ufffd]+")

#: How far around a '?' the fixer looks (characters).
WINDOW = 160

_YEAR = r"(?:1[6-9]|20)\d\d"
#: "Copyright" (or its abbreviation) right before the lost character.
_COPYRIGHT_BEFORE = re.compile(r"(?i)\b(?:copyright|copr\.?)\s?\(?$")
#: After a lost ©: a year (or a range), or an owner with a capital.
_YEAR_AFTER = re.compile(rf"^\)?\s?{_YEAR}\b")
_OWNER_AFTER = re.compile(r"^\)?\s?(?:[A-Z\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7a3]|" + _YEAR + ")")
#: A rights statement, in the languages such footers are written in.
_RIGHTS = re.compile(
    r"(?i)all\s+rights?\s+reserved|alle\s+rechte\s+vorbehalten|tous\s+droits\s+r[ée]serv[ée]s"
    r"|todos\s+los\s+derechos\s+reservados|tutti\s+i\s+diritti\s+riservati|wszelkie\s+prawa\s+zastrze[żz]one"
    r"|все\s+права\s+защищены|版權所有|版权所有|保留所有权利|不得轉載|不得转载|無断転載|무단\s?전재|\bcopyright\b"
)
#: A company name: the suffixes that follow one.
_COMPANY = re.compile(
    r"(?:\b(?:Inc|Ltd|LLC|Ltda|GmbH|AG|S\.?A|S\.?p\.?A|S\.?r\.?l|B\.?V|N\.?V|Corp|Corporation|Co|Company|plc|Pty|K\.?K)\b"
    r"|有限公司|股份有限公司|株式会社|주식회사)"
)
#: What may precede a notice at the start of a line: spaces, comment and markup leaders.
_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:(?://|#|\*|/\*|<!--|--|;|\||<[^<>\n]{0,40}>)[ \t]*)*$")

_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d+(?:[.,]\d+)?$")
_TEMPERATURE_AFTER = re.compile(r"^[CF](?![\w+#])")
_DMS_AFTER = re.compile(r"^\s?\d{1,2}(?:[.,]\d+)?\s?['′’]")
_COMPASS_AFTER = re.compile(r"^\s?[NSEW](?![\w])")
_ANGLE_WORD_AFTER = re.compile(
    r"(?i)^\s?(?:angle|turn|rotation|bend|tilt|incline|slope|arc|field of view|fov|phase)\b"
)
_ANGLE_WORD_BEFORE = re.compile(
    r"(?i)\b(?:rotat\w*|turn(?:s|ed|ing)?|angle\s+of|tilt(?:s|ed|ing)?|bearing|heading|latitude|longitude|"
    r"inclin\w*|slope\s+of|azimuth|elevation)\s+(?:\w+\s+){0,2}?(?:by\s+|of\s+|to\s+|about\s+)?$"
)
#: After a lost ° that follows a turning word: something that does not end a question.
_NOT_SENTENCE_END = re.compile(r"^(?:[,;:)\]/-]|\.(?!\s*[A-Z]|\s*$)|\s+[a-z])")

#: English words that take each contraction ending (``n't`` and the possessive ``'s`` take any).
_CONTRACTIONS: dict[str, frozenset[str]] = {
    "m": frozenset({"i"}),
    "re": frozenset({"you", "we", "they", "who", "what", "there", "here", "where"}),
    "ve": frozenset({"i", "you", "we", "they", "could", "should", "would", "might", "must", "who"}),
    "ll": frozenset({"i", "you", "he", "she", "it", "we", "they", "that", "there", "who", "what"}),
    "d": frozenset({"i", "you", "he", "she", "it", "we", "they", "that", "who"}),
}
#: French and Italian words that elide before a vowel: ``l'``, ``qu'``, ``dell'``...
_ELIDING = frozenset(
    {
        "l",
        "d",
        "j",
        "c",
        "s",
        "n",
        "m",
        "t",
        "qu",
        "jusqu",
        "lorsqu",
        "puisqu",
        "dell",
        "nell",
        "all",
        "sull",
        "dall",
        "un",
        "col",
        "quell",
        "bell",
        "dov",
        "com",
    }
)
_LETTERS_END = re.compile(r"[^\W\d_]+$")
_LETTERS_START = re.compile(r"^[^\W\d_]+")
_VOWEL_AFTER = re.compile(r"^[aeiouyhàâäéèêëîïôöûüAEIOUYHÀÂÉÈÊÎÏÔÛ]")

#: Markers of code, URLs, markup and regular expressions: a token that has one is left alone.
_CODE_MARKERS = re.compile(r"://|www\.|[=&/\\()\[\]{}|^$*+<>;`#%@~:]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff01-\uff65]")
_YEAR_RANGE_BEFORE = re.compile(rf"(?<!\d){_YEAR}$")
_YEAR_RANGE_AFTER = re.compile(rf"^{_YEAR}(?!\d)")
_AMOUNT_BEFORE = re.compile(r"(?:^|[\s(])$")
_AMOUNT_AFTER = re.compile(r"^\d")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and (_CJK.match(ch) is not None or _CJK_PUNCT.match(ch) is not None)


def _is_letter(ch: str) -> bool:
    return bool(ch) and ch.isalpha()


def _token(text: str, start: int, end: int) -> str:
    """The whitespace-delimited token around ``text[start:end]``, within the window."""
    lo = max(0, start - WINDOW)
    hi = min(len(text), end + WINDOW)
    a = start
    while a > lo and not text[a - 1].isspace():
        a -= 1
    b = end
    while b < hi and not text[b].isspace():
        b += 1
    return text[a:b]


def _line_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after the run, within the window and the line."""
    before = text[max(0, start - WINDOW) : start]
    after = text[end : end + WINDOW]
    nl = before.rfind("\n")
    if nl >= 0:
        before = before[nl:]  # keep the newline: it marks the start of the line
    nl = after.find("\n")
    if nl >= 0:
        after = after[:nl]
    return before, after


def _copyright(before: str, after: str) -> bool:
    """Whether a lost character between `before` and `after` was a © (see the module docstring)."""
    paren = before.endswith("(") and after.startswith(")")
    head = after[1:3] if paren else after[:2]
    if not (head[:1].isdigit() or head[1:2].isdigit() or head[:1].isupper() or "opr" in before[-14:].lower()):
        return False  # neither a year, an owner nor "Copyright" next to it: the common case, decided fast
    if _COPYRIGHT_BEFORE.search(before[-14:]) and (
        _YEAR_AFTER.match(after.lstrip(" ") if not paren else after)
        or (_OWNER_AFTER.match(after) and (_RIGHTS.search(after) or _COMPANY.search(after)))
    ):
        return True
    if paren:
        before = before[:-1]
        after = after[1:]
    if not _YEAR_AFTER.match(after):
        return False
    if not (before == "" or before[-1].isspace() or _LINE_START.search(before)):
        return False
    return bool(_RIGHTS.search(after) or _COMPANY.search(after) or _RIGHTS.search(before))


def _degree(before: str, after: str) -> bool:
    """Whether a lost character between `before` and `after` was a ° (see the module docstring)."""
    if not before or not (before[-1].isdigit() or (before[-1] == " " and before[-2:-1].isdigit())):
        return False  # no number right before it
    before = before[-80:]
    if (
        _NUMBER.search(before.rstrip(" "))
        and len(before) - len(before.rstrip(" ")) <= 1
        and _TEMPERATURE_AFTER.match(after)
    ):
        return True
    if not _NUMBER.search(before):
        return False
    if _DMS_AFTER.match(after) or _COMPASS_AFTER.match(after) or _ANGLE_WORD_AFTER.match(after):
        return True
    number = _NUMBER.search(before)
    assert number is not None
    return bool(_ANGLE_WORD_BEFORE.search(before[: number.start()]) and _NOT_SENTENCE_END.match(after))


def _apostrophe(before: str, after: str) -> bool:
    """Whether a lost character between `before` and `after` was an apostrophe ``’``."""
    wb = _LETTERS_END.search(before)
    wa = _LETTERS_START.match(after)
    if wb is None or wa is None:
        return False
    w1, w2 = wb.group().lower(), wa.group().lower()
    if w2 == "t":
        return len(w1) >= 2 and w1.endswith("n")  # don't, can't, isn't
    if w2 == "s":
        return w1.isascii()  # it's, Acme's
    if w2 in _CONTRACTIONS:
        return w1 in _CONTRACTIONS[w2]
    return w1 in _ELIDING and _VOWEL_AFTER.match(after) is not None


def _finding_candidates(before: str, after: str, run: str) -> tuple[str, ...] | None:
    """Whether a '?' run stands where characters were lost, and the candidates for them.

    ``None``: not a lost character (a question, code, a placeholder). A tuple: lost, with
    these candidates (often none).
    """
    p = before[-1:] if before else ""
    n = after[:1]
    if len(run) == 1 and _YEAR_RANGE_BEFORE.search(before) and _YEAR_RANGE_AFTER.match(after):
        return ("–", "—")
    if len(run) == 1 and _AMOUNT_BEFORE.search(before) and _AMOUNT_AFTER.match(after):
        return ("€", "£", "¥")
    if _is_cjk(p) and _is_cjk(n) and (_CJK.match(p) or _CJK.match(n)):
        return ()
    if _is_letter(p) and _is_letter(n):
        if p.isascii() and p.islower() and n.isascii() and n.isupper():
            return None  # a question with its space missing: ``his?Then``
        return ()
    if len(run) >= 2 and (
        (_CJK.match(p) and _is_letter(n)) or (_is_letter(p) and p >= "\x80" and _is_letter(n))
    ):
        return ()
    if (
        len(run) >= 3
        and p.isspace()
        and before.rstrip()[-1:].isalnum()
        and ((n.isspace() and after.lstrip()[:1].isalnum()) or (n and n in ".,;:!)]}»”"))
    ):
        # a word lost inside a sentence (``Tokyo ???? 2024 tour``); a run alone, at the start
        # or the end of a line, after a tag or a sign (``<intern> ???``, ``isbn  ???``), is
        # how text writes "unknown" too
        return ()
    return None


def _may_restore(text: str, start: int, end: int) -> bool:
    """A cheap superset of the restoration contexts: one character, with a digit or a capital
    just after it, a digit just before it, or "Copyright" before it."""
    if end - start != 1:
        return False
    near = text[end : end + 3] + text[max(0, start - 2) : start]
    return any(c.isdigit() or c.isupper() for c in near) or "opr" in text[max(0, start - 14) : start].lower()


#: Findings reported at most per text; a text with more (a binary dump, a damaged table) gets
#: one closing finding instead of hundreds of thousands, and stays linear.
MAX_FINDINGS = 1000


#: A run of '?' or U+FFFD that the fixer may restore or report: U+FFFD, two '?' or more, or
#: one '?' with a letter, a digit, CJK punctuation or ``)`` right after it, a digit one further
#: on (``? 2024``), or a digit (and a space) right before it. Every rule above needs one of
#: these (a © also needs "Copyright" before it, see `_COPYRIGHT_NEAR`), so a text with no match
#: holds only '?' that end questions (``Really?``, ``¿Quién?»``), and one search in C says so,
#: where each '?' cost a look at its line in Python.
#: (Its first element is the class of its first characters, so that the search skips to them in C.)
_MAYBE_LOST = re.compile(
    r"[\ufffd?](?:(?<=\ufffd)|(?<=\?)"
    r"(?:\?|(?=[^\W_]|[\u3000-\u303f\uff01-\uff65)]|.\d)|(?<=\d\?)|(?<=\d \?)))"
)
#: The "opr" of Copyright and Copr., which lets a © be restored with a capital after it.
_COPYRIGHT_NEAR = re.compile("(?i)opr")

#: A character that may be a digit or a capital (`_may_restore`): anything but the ranges that
#: hold neither (ASCII but 0-9 and A-Z, CJK punctuation, kana and ideographs, Hangul syllables,
#: the fullwidth forms but digits and capitals, U+FFFD).
_NEAR = "[^\x00-/:-@\\[-\x7f\u3000-\u9fff\uac00-\ud7a3\uff01-\uff0f\uff1a-\uff20\uff3b-\uffef\ufffd]"
#: A run of one '?' or U+FFFD with such a character in `_may_restore`'s reach: a superset of the
#: runs past the findings cap worth a look, found in C (text full of lost CJK characters holds
#: a run every few characters, and each cost a look in Python).
_MAY_RESTORE = re.compile(
    f"(?<![?\ufffd])[?\ufffd](?![?\ufffd])"
    f"(?:(?=.{{0,2}}{_NEAR})|(?<={_NEAR}[?\ufffd])|(?<={_NEAR}.[?\ufffd]))",
    re.DOTALL,
)


def fix(text: str, ctx: Context) -> tuple[str, list[Change | Finding]]:
    """Restore lost characters (TM401, TM402) and report the rest (TM410, TM411)."""
    options = ctx.options
    if "?" not in text and "\ufffd" not in text:
        return text, []
    if _MAYBE_LOST.search(text) is None and _COPYRIGHT_NEAR.search(text) is None:
        return text, []
    items: list[Change | Finding] = []
    out: list[str] = []
    pos = 0
    reported = 0
    runs = _RUN.finditer(text)
    capped = False  # whether `runs` holds only the runs past the cap that `_may_restore` may take
    while (m := next(runs, None)) is not None:
        start, end = m.start(), m.end()
        run = m.group()
        if reported > MAX_FINDINGS and not _may_restore(text, start, end):
            continue  # past the findings cap, only a run that may be © or ° is worth a look
        before, after = _line_around(text, start, end)
        restored = None
        restorable = [
            (code, ch, what)
            for code, ch, test, what in _RESTORATIONS
            if len(run) == 1 and test(before, after)
        ]
        if restorable and options.enabled(restorable[0][0]):
            restored = restorable[0]
        if restored is not None:
            code, ch, what = restored
            shown = "U+FFFD" if run == "\ufffd" else "'?'"
            items.append(Change(code, f"{what} lost to {shown}, restored", run, ch, start, end))
            out.append(text[pos:start])
            out.append(ch)
            pos = end
            continue
        if reported > MAX_FINDINGS:
            continue  # past the cap only restorations are looked for: findings cost the most
        finding = _finding(text, start, end, run, before, after, options, [(c, w) for _, c, w in restorable])
        if finding is not None:
            reported += 1
            if reported > MAX_FINDINGS:
                finding = Finding(
                    finding.code,
                    f"more than {MAX_FINDINGS} runs of '?' or U+FFFD reported: the "
                    "rest are not examined one by one",
                    run,
                    (),
                    start,
                    end,
                )
            items.append(finding)
            if reported > MAX_FINDINGS and not capped and _COPYRIGHT_NEAR.search(text) is None:
                capped = True  # from here on only the runs `_may_restore` may take, found in C
                runs = _MAY_RESTORE.finditer(text, end)
    if not any(isinstance(i, Change) for i in items):
        return text, items
    out.append(text[pos:])
    return "".join(out), items


def _finding(
    text: str,
    start: int,
    end: int,
    run: str,
    before: str,
    after: str,
    options: Options,
    restorable: list[tuple[str, str]],
) -> Finding | None:
    """The finding for a run of '?' or U+FFFD that was not restored, if it reports lost text.

    `restorable` lists the restorations whose context fits (switched off, since not made).
    """
    fffd = "\ufffd" in run
    if fffd:
        if not options.enabled("TM411"):
            return None
        cands = tuple(ch for ch, _ in restorable)
        n = run.count("\ufffd")
        return Finding(
            "TM411",
            f"U+FFFD: {'a character' if n == 1 else f'{n} characters'} lost in an earlier conversion",
            run,
            cands,
            start,
            end,
        )
    if not options.enabled("TM410"):
        return None
    tok = _token(text, start, end)
    code_like = _CODE_MARKERS.search(tok) is not None and not _CJK.search(tok)
    if restorable:
        return Finding(
            "TM410",
            f"'?' where {restorable[0][1]} was lost (restoration switched off)",
            run,
            tuple(ch for ch, _ in restorable),
            start,
            end,
        )
    if code_like:
        return None  # a URL, code, markup or a regular expression
    if "(" in tok and re.search(r"\?[a-zA-Z\u00c0-\u024f]+\)", text[start : end + 12]):
        return None  # inline pinyin residue: the pinyin fixer's to recover
    if len(run) == 1 and _apostrophe(before, after):
        return Finding("TM410", "'?' where an apostrophe was lost", run, ("’", "'"), start, end)
    found = _finding_candidates(before, after, run)
    if found is None:
        return None
    n = len(run)
    return Finding(
        "TM410",
        f"'?' where {'a character was' if n == 1 else f'{n} characters were'} lost in an earlier conversion",
        run,
        found,
        start,
        end,
    )


#: The restorations, in the order they are tried: (code, character, test, what it is).
_RESTORATIONS = (
    ("TM401", "©", _copyright, "a copyright sign"),
    ("TM402", "°", _degree, "a degree sign"),
)


#: Characters that are neither letters nor digits in any Unicode version: white space, ASCII
#: signs and the typographic punctuation around questions (``?»``, ``?”``, ``?…``). What is not
#: one of them may be a letter or a digit (the class of ``(?=[^\W_])`` in `_MAYBE_LOST`).
_NOT_ALNUM = r"\s!-/:-@\[-`{-~«»“”‘’„…–—¿¡·"


def evidence() -> tuple[str, ...]:
    """What `fix` reacts to (`textmend.fixers` says how the pipeline uses it): `_MAYBE_LOST`
    written forward, one alternative a pattern and without its lookarounds (so that RE2 takes
    it as it is), its letter-or-digit class widened to what is surely neither (`_NOT_ALNUM`,
    since RE2's classes of letters follow its own Unicode version); and "opr" (`_COPYRIGHT_NEAR`)
    with a '?' before or after it, the other way in."""
    return (
        "\ufffd",
        r"\?\?",
        rf"\?[^{_NOT_ALNUM}]",
        r"\?[)\u3000-\u303f\uff01-\uff65]",
        r"\?.\d",
        r"\d \?",
        r"\d\?",
        r"(?is:opr.*\?)",
        r"(?is:\?.*opr)",
    )
