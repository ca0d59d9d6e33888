"""Damage text the way real software does, for the tests and for benchmarks/channels.py.

A `Channel` is what happened to a string on its way to the reader: one or more `Layer`s (written
with one converter, read back with another, each with the error behaviour of the software that
did it: strict, U+FFFD, ``?``, ``・``, dropped bytes), then the transforms that come after (a
non-breaking space turned into a space, soft hyphens or C1 controls dropped by copy and paste,
the text lower- or upper-cased, trimmed, HTML-escaped), applied to the whole string or to a part
of it (one quote pasted from elsewhere), or ending in bytes (a file that mixes two encodings).
The converters are `textmend.text.converters`: Windows' code pages, the WHATWG decoders as
browsers run them and Python's codecs.

`CHANNELS` lists the channels measured by benchmarks/channels.py; `cases` makes seeded cases
from the sentences of tests/sentences.txt. The helpers `misread` and `repaired` are the small
forms the mojibake tests use.
"""

from __future__ import annotations

import html
import html.entities
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import textmend
from textmend.text.converters import CONVERTERS, KATAKANA_DOT, QUESTION, Split

SENTENCES = Path(__file__).with_name("sentences.txt")


def misread(text: str, true: str, shown: str) -> str:
    """`text` encoded as `true` and decoded as `shown`, strictly (the test fails otherwise)."""
    broken = text.encode(true).decode(shown)
    assert broken != text
    return broken


def repaired(text: str) -> str:
    """What textmend makes of `text`."""
    return textmend.repair_text(text).text


# -- the parts of a channel ------------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    """One misreading: text written by converter `encode`, the bytes read by converter `decode`.

    `encode_errors` is what the writer does with a character it cannot map (``replace``: ``?``);
    `decode_errors` what the reader does with bytes it cannot read (``replace``: U+FFFD,
    ``ignore``: dropped, `QUESTION`: ``?``, `KATAKANA_DOT`: ``・``); `split` overrides how the
    reader cuts a bad multi-byte sequence (``pair``: .NET-style, one error for lead and trail).
    """

    encode: str
    decode: str
    encode_errors: str = "strict"
    decode_errors: str = "strict"
    split: Split | None = None

    def apply(self, text: str) -> str:
        """`text` after this layer; raises `UnicodeError` when a strict side cannot do it."""
        data = CONVERTERS[self.encode].encode(text, self.encode_errors)
        return CONVERTERS[self.decode].decode(data, self.decode_errors, split=self.split)

    def invert(self, text: str, errors: str = "strict") -> str:
        """Undo the layer as far as `text` allows (`errors` for what cannot be undone)."""
        data = CONVERTERS[self.decode].encode(text, errors)
        return CONVERTERS[self.encode].decode(data, errors)

    @property
    def lossless(self) -> bool:
        return self.encode_errors == "strict" and self.decode_errors == "strict"


_C1 = re.compile("[\x80-\x9f]")


def _html_entities(text: str) -> str:
    """PHP's htmlentities(): markup characters and every character with a named entity escaped."""
    names = html.entities.codepoint2name
    return "".join(f"&{names[ord(c)]};" if ord(c) in names and c not in "'" else c for c in text)


#: Transforms that text meets after the damage: name -> (function, whether it keeps information).
AFTER: dict[str, tuple[Callable[[str], str], bool]] = {
    "nbsp-to-space": (lambda t: t.replace("\xa0", " "), False),  # editors, HTML whitespace collapsing
    "drop-soft-hyphen": (lambda t: t.replace("\xad", ""), False),  # invisible, lost in copy and paste
    "drop-c1": (lambda t: _C1.sub("", t), False),  # C1 controls dropped by terminals and web forms
    "c1-to-?": (lambda t: _C1.sub("?", t), False),  # C1 controls shown as '?' by a reader of latin-1
    "lower": (str.lower, False),
    "upper": (str.upper, False),
    "trim": (str.strip, False),
    "html-escape": (lambda t: html.escape(t, quote=False), True),
    "html-entities": (_html_entities, True),
}


@dataclass(frozen=True)
class Channel:
    """One way text gets damaged: `layers` in order, then the `after` transforms.

    `part` says what the layers reach: ``all`` of the text, or its ``tail`` (from a word boundary
    past the middle: a quote pasted from a page that was misread). A channel with `file_encodings`
    makes bytes instead: the text's head written in the first encoding and its tail in the second,
    as in a file two programs appended to (repaired with ``repair_bytes``). `needs` is a pattern a
    sentence must match for the channel to apply (an emoji, a combining mark). `group` gathers
    channels for the summary.
    """

    name: str
    layers: tuple[Layer, ...] = ()
    after: tuple[str, ...] = ()
    part: Literal["all", "tail"] = "all"
    file_encodings: tuple[str, str] | None = None
    languages: tuple[str, ...] = ()
    needs: str = ""
    group: str = ""

    @property
    def lossless(self) -> bool:
        """Whether the damage keeps every bit of the text (so a repair can be exact)."""
        return all(layer.lossless for layer in self.layers) and all(AFTER[a][1] for a in self.after)

    def expected(self, clean: str) -> str:
        """What a perfect repair gives: the clean text as the `after` transforms left it (a repair
        cannot know the case of a lower-cased text, and HTML-escaped text stays HTML)."""
        for name in self.after:
            clean = AFTER[name][0](clean)
        return clean

    @property
    def output(self) -> Literal["text", "bytes"]:
        return "bytes" if self.file_encodings else "text"

    def applies_to(self, lang: str, text: str) -> bool:
        if self.languages and lang not in self.languages:
            return False
        return not self.needs or re.search(self.needs, text) is not None

    def damage(self, text: str) -> str | bytes | None:
        """`text` as this channel leaves it, or ``None`` when the channel cannot carry it (a strict
        converter refused it) or leaves it unchanged."""
        if self.file_encodings:
            head, tail = _split(text)
            try:
                return CONVERTERS[self.file_encodings[0]].encode(head) + CONVERTERS[
                    self.file_encodings[1]
                ].encode(tail)
            except UnicodeError:
                return None
        head, target = ("", text) if self.part == "all" else _split(text)
        try:
            for layer in self.layers:
                target = layer.apply(target)
        except UnicodeError:
            return None
        out = head + target
        for name in self.after:
            out = AFTER[name][0](out)
        return None if out == text else out

    def undo(self, damaged: str) -> str | None:
        """The exact inverse of a lossless text channel applied to the whole string, or ``None``.

        This is what a perfect repair yields; the tests use it to check that a lossless case
        really kept its information.
        """
        if self.part != "all" or self.file_encodings or not self.lossless:
            return None
        out = damaged
        for name in reversed(self.after):
            out = html.unescape(out) if name.startswith("html") else out
        try:
            for layer in reversed(self.layers):
                out = layer.invert(out)
        except UnicodeError:
            return None
        return out


def _split(text: str) -> tuple[str, str]:
    """`text` cut at the first space past its middle (the tail is what a second source added)."""
    cut = text.find(" ", len(text) // 2)
    return (text, "") if cut < 0 else (text[:cut], text[cut:])


# -- the channels measured --------------------------------------------------------------------------

CJK = ("zh-hans", "zh-hant", "ja", "ko")
LATIN = ("fr", "de", "es", "pt", "it", "pl", "cs", "hu", "tr", "vi", "ro", "sv", "en")
CJK_WRITERS = {
    "win-cp936": "zh-hans",
    "win-cp950": "zh-hant",
    "win-cp932": "ja",
    "whatwg-euc-jp": "ja",
    "win-cp949": "ko",
}
CJK_READERS = ("win-cp936", "win-cp950", "win-cp932", "win-cp949", "whatwg-euc-jp")
#: The legacy CJK pairs that decode strictly often enough to measure (most sentences of the
#: writer's language come through without an undefined byte sequence).
STRICT_CJK_PAIRS = (
    ("win-cp936", "win-cp950"),
    ("win-cp936", "win-cp949"),
    ("win-cp950", "win-cp936"),
    ("win-cp950", "win-cp932"),
    ("win-cp932", "win-cp936"),
    ("whatwg-euc-jp", "win-cp936"),
    ("whatwg-euc-jp", "win-cp950"),
    ("whatwg-euc-jp", "win-cp949"),
    ("win-cp949", "win-cp936"),
    ("win-cp949", "win-cp950"),
    ("win-cp949", "whatwg-euc-jp"),
)
ASTRAL = "[\U00010000-\U0010ffff]"
COMBINING = "[\u0300-\u036f]"


def L(encode: str, decode: str, **kw: object) -> Layer:
    return Layer(encode, decode, **kw)  # type: ignore[arg-type]


def _channels() -> Iterator[Channel]:
    # UTF-8 read as a single-byte code page: the commonest damage there is.
    for reader in (
        "win-cp1252",
        "latin-1",
        "iso8859-15",
        "mac-roman",
        "cp437",
        "cp850",
        "win-cp1250",
        "win-cp1251",
        "win-cp1253",
        "win-cp1254",
        "win-cp1257",
    ):
        yield Channel(f"utf-8 as {reader}", (L("utf-8", reader),), group="utf-8 as single-byte")
    yield Channel(
        "utf-8 as cp1252, undefined bytes dropped",
        (L("utf-8", "cp1252", decode_errors="ignore"),),
        group="utf-8 as single-byte",
    )
    yield Channel(
        "utf-8 as cp1252, U+FFFD per undefined byte",
        (L("utf-8", "cp1252", decode_errors="replace"),),
        group="utf-8 as single-byte",
    )
    yield Channel(
        "utf-8 as cp1252, ? per undefined byte",
        (L("utf-8", "cp1252", decode_errors=QUESTION),),
        group="utf-8 as single-byte",
    )
    yield Channel(
        "utf-8 as latin-1, then c1-to-?",
        (L("utf-8", "latin-1"),),
        ("c1-to-?",),
        group="utf-8 as single-byte, then",
    )
    win1252 = (L("utf-8", "win-cp1252"),)
    for after in (
        "drop-c1",
        "nbsp-to-space",
        "drop-soft-hyphen",
        "lower",
        "upper",
        "trim",
        "html-escape",
        "html-entities",
    ):
        yield Channel(
            f"utf-8 as win-cp1252, then {after}", win1252, (after,), group="utf-8 as single-byte, then"
        )
    yield Channel("utf-8 as win-cp1252, twice", win1252 * 2, group="layers")
    yield Channel("utf-8 as win-cp1252, three times", win1252 * 3, group="layers")
    yield Channel(
        "utf-8 as win-cp1251, then as win-cp1252",
        (L("utf-8", "win-cp1251"), L("utf-8", "win-cp1252")),
        group="layers",
    )
    yield Channel(
        "utf-8 as win-cp936, then as win-cp1252",
        (L("utf-8", "win-cp936"), L("utf-8", "win-cp1252")),
        group="layers",
    )
    # Mixed inside one string.
    yield Channel("a utf-8 quote read as win-cp1252 in clean text", win1252, part="tail", group="mixed")
    yield Channel(
        "file: utf-8 then cp1252", file_encodings=("utf-8", "win-cp1252"), languages=LATIN, group="mixed"
    )
    yield Channel(
        "file: cp1252 then utf-8", file_encodings=("win-cp1252", "utf-8"), languages=LATIN, group="mixed"
    )
    yield Channel("cesu-8 emoji as win-cp1252", (L("cesu-8", "win-cp1252"),), needs=ASTRAL, group="mixed")
    yield Channel("cesu-8 emoji as latin-1", (L("cesu-8", "latin-1"),), needs=ASTRAL, group="mixed")
    yield Channel("combining marks, utf-8 as win-cp1252", win1252, needs=COMBINING, group="mixed")
    # Legacy CJK read as another CJK code page or as a Western one. Strictly, only the pairs whose
    # byte ranges mostly fit decode at all; the others are read with Windows' default character.
    for writer, reader in STRICT_CJK_PAIRS:
        yield Channel(
            f"{writer} as {reader}",
            (L(writer, reader),),
            languages=(CJK_WRITERS[writer],),
            group="cjk as cjk",
        )
    for writer, lang in CJK_WRITERS.items():
        for reader in CJK_READERS:
            if (
                reader != writer
                and (writer, reader) not in STRICT_CJK_PAIRS
                and "euc-jp" not in writer + reader
            ):
                default = KATAKANA_DOT if reader == "win-cp932" else QUESTION
                yield Channel(
                    f"{writer} as {reader}, default character",
                    (L(writer, reader, decode_errors=default),),
                    languages=(lang,),
                    group="cjk as cjk, lossy",
                )
        web = "whatwg-big5" if writer == "win-cp936" else "whatwg-gbk"
        yield Channel(
            f"{writer} as {web}, U+FFFD",
            (L(writer, web, decode_errors="replace"),),
            languages=(lang,),
            group="cjk as cjk, lossy",
        )
        for reader in ("win-cp1252", "win-cp1250", "win-cp1254", "cp850"):
            yield Channel(
                f"{writer} as {reader}", (L(writer, reader),), languages=(lang,), group="cjk as single-byte"
            )
    # UTF-8 read as a CJK code page: Windows (strict, or ? per bad pair) and browsers (U+FFFD).
    for win, web in (
        ("win-cp936", "whatwg-gbk"),
        ("win-cp950", "whatwg-big5"),
        ("win-cp932", "whatwg-shift_jis"),
        ("win-cp949", "whatwg-euc-kr"),
    ):
        yield Channel(f"utf-8 as {win}", (L("utf-8", win),), group="utf-8 as cjk")
        yield Channel(
            f"utf-8 as {web}, U+FFFD",
            (L("utf-8", web, decode_errors="replace"),),
            group="utf-8 as cjk, lossy",
        )
        yield Channel(
            f"utf-8 as {win}, ? per bad pair",
            (L("utf-8", win, decode_errors=QUESTION, split="pair"),),
            group="utf-8 as cjk, lossy",
        )
    yield Channel(
        "utf-8 as win-cp932, ・ per bad pair",
        (L("utf-8", "win-cp932", decode_errors=KATAKANA_DOT),),
        group="utf-8 as cjk, lossy",
    )
    yield Channel(
        "utf-8 as gbk (Python), U+FFFD",
        (L("utf-8", "gbk", decode_errors="replace"),),
        group="utf-8 as cjk, lossy",
    )
    yield Channel(
        "utf-8 as win-cp936, saved again with ?",
        (
            L("utf-8", "whatwg-gbk", decode_errors="replace"),
            L("win-cp936", "win-cp936", encode_errors="replace"),
        ),
        group="utf-8 as cjk, lossy",
    )
    yield Channel(
        "gbk read as utf-8 (U+FFFD), saved as utf-8, read as gbk: 锟斤拷",
        (L("win-cp936", "utf-8", decode_errors="replace"), L("utf-8", "win-cp936")),
        languages=("zh-hans",),
        group="round trips",
    )
    # Other pairs seen in the wild.
    yield Channel("cp949 as cp437 (zip names)", (L("win-cp949", "cp437"),), languages=("ko",), group="other")
    yield Channel(
        "cp866 as utf-8, U+FFFD",
        (L("cp866", "utf-8", decode_errors="replace"),),
        languages=("ru", "uk"),
        group="other",
    )
    yield Channel("utf-16-le as latin-1", (L("utf-16-le", "latin-1"),), group="other")
    yield Channel(
        "win-cp1250 as latin-1",
        (L("win-cp1250", "latin-1"),),
        languages=("cs", "hu", "pl", "ro"),
        group="other",
    )
    yield Channel(
        "iso8859-2 as win-cp1252",
        (L("iso8859-2", "win-cp1252"),),
        languages=("cs", "hu", "pl", "ro"),
        group="other",
    )
    yield Channel("koi8-r as win-cp1251", (L("koi8-r", "win-cp1251"),), languages=("ru",), group="other")
    yield Channel("win-cp1251 as koi8-r", (L("win-cp1251", "koi8-r"),), languages=("ru",), group="other")
    yield Channel("koi8-u as win-cp1251", (L("koi8-u", "win-cp1251"),), languages=("uk",), group="other")
    yield Channel("utf-8 as koi8-r", (L("utf-8", "koi8-r"),), languages=("ru", "uk"), group="other")


CHANNELS: dict[str, Channel] = {c.name: c for c in _channels()}


# -- cases --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One damaged string (or bytes), the text it was, and what a perfect repair gives."""

    channel: Channel
    lang: str
    clean: str
    damaged: str | bytes
    expected: str


@cache
def sentences() -> tuple[tuple[str, str], ...]:
    """(language, sentence) pairs of tests/sentences.txt."""
    out = []
    for line in SENTENCES.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, text = line.split("\t", 1)
            out.append((lang, text))
    return tuple(out)


def cases(channel: Channel, seed: int = 1, per_channel: int = 40) -> list[Case]:
    """Up to `per_channel` cases of `channel`: one to three sentences of one language, seeded."""
    rng = random.Random(f"{seed}:{channel.name}")
    by_lang: dict[str, list[str]] = {}
    for lang, text in sentences():
        if channel.applies_to(lang, text):
            by_lang.setdefault(lang, []).append(text)
    pool = [(lang, s) for lang, ss in by_lang.items() for s in ss]
    if not pool:
        return []
    out: list[Case] = []
    seen: set[str] = set()
    for _ in range(per_channel * 4):
        if len(out) >= per_channel:
            break
        lang, first = rng.choice(pool)
        extra = rng.sample(by_lang[lang], min(len(by_lang[lang]), rng.choice((0, 0, 1, 2))))
        parts = [first, *(s for s in extra if s != first)]
        clean = (" " if lang not in CJK else "").join(parts) if rng.random() < 0.7 else "\n".join(parts)
        if clean in seen:
            continue
        seen.add(clean)
        damaged = channel.damage(clean)
        if damaged is None:
            continue
        if channel.lossless and isinstance(damaged, str) and channel.undo(damaged) not in (None, clean):
            continue  # a reading the writer's encoder does not give back (two byte forms for one character)
        out.append(Case(channel, lang, clean, damaged, channel.expected(clean)))
    return out
