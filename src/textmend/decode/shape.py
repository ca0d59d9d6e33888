"""Whether a short text is shaped like words: what tells random bytes from text when the
letter model cannot (a dozen characters are too few for it).

Among forty code pages one reads a few random bytes as clean characters, and a short text's
letters are too few for the letter model to judge: it finds ``Größe`` (7.6 nats a character)
costlier than the random ``я7;И*-б?`` (3.4). What random bytes do not have is the shape of
words: in real text a sign sits between words or at their edges, not between two letters
(``о{2ця``), a word is written in one alphabet (``en4ЮЕСы``), a digit is not glued inside a
word of letters, a Thai vowel sign follows a consonant, and Thai, written without spaces
between words, has no sign inside a run of its letters but an abbreviation's dot
(``ขุนภีน’ท`` is random bytes in cp874). A `break` is one such place.

Markup (tags, entities) is set aside first; CJK text, which has no spaces between words and
mixes with Latin freely, is judged only by its alphabetic neighbours.
"""

from __future__ import annotations

import re
import unicodedata

from .plausible import char_script

#: Markup and character entities, which glue signs to letters by design.
_MARKUP = re.compile(r"<[^<>\n]{0,80}>|&#?\w{1,8};")
#: Signs that may begin or end a word.
_EDGE = "\"'([{<«“‘„‹¿¡)]}>»”’›.,;:!?…-–—/*•·"
#: Signs that may join two parts of one word (``l'été``, ``e-mail``, ``www.x.fr``, ``a/b``).
_JOIN = frozenset("'’-–—./:_@&(),;\"")
#: Joiners of names and addresses, which join words of two alphabets (``АвиаПорт.Ru``).
_ADDRESS = frozenset("./:@")
#: Signs that are not glued to a letter in text, on either side (``ù¬``, ``§Ü``, ``Ò†``);
#: symbols (category S) are such signs too, but for the common ones below.
_ODD = frozenset("§¶†‡•·‰¦¬¤")
_COMMON_SYMBOLS = frozenset("°^`~+=<>|$€£¥©®™")
#: Format characters of real text: zero-width space and joiners, word joiner, byte-order mark.
_JOINERS = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_THAI_CONSONANT = re.compile("[\u0e01-\u0e2e]")
_THAI_SIGNS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a") | frozenset(
    "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
#: A Thai letter or sign (vowel signs and tone marks are marks, not letters: `_thai`), and the
#: signs a Thai word may hold (an abbreviation's dot, a hyphen).
_THAI = re.compile("[\u0e01-\u0e4e]")
_THAI_JOIN = frozenset(".-")


def _thai(ch: str) -> bool:
    return bool(ch) and _THAI.match(ch) is not None


#: CJK characters and their punctuation (and the fullwidth forms).
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def _cjk(ch: str) -> bool:
    return bool(ch) and _CJK.match(ch) is not None


def _letter(ch: str) -> bool:
    """A letter of an alphabet (not CJK)."""
    return bool(ch) and ch.isalpha() and not _cjk(ch)


def _odd(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat == "Cf":
        return ch not in _JOINERS
    return (cat[0] == "S" and ch not in _COMMON_SYMBOLS) or ch in _ODD or cat == "Cc"


def _scripts_differ(a: str, b: str) -> bool:
    x, y = char_script(a), char_script(b)
    return x != y and "Common" not in (x, y)


def visible(text: str) -> int:
    """How many characters of `text` are not white space, markup aside."""
    return len("".join(_MARKUP.sub(" ", text).split()))


def breaks(text: str) -> int:
    """How many places in `text` break the shape of words (see the module docstring)."""
    n = 0
    for token in _MARKUP.sub(" ", text).split():
        core = token.strip(_EDGE)
        for i, ch in enumerate(core):
            prev = core[i - 1] if i else ""
            nxt = core[i + 1] if i + 1 < len(core) else ""
            if ch.isalpha() or unicodedata.category(ch)[0] == "M":
                if _letter(prev) and _letter(ch):
                    n += _scripts_differ(prev, ch)  # two alphabets in one word
                if ch in _THAI_SIGNS and not (_THAI_CONSONANT.match(prev or " ") or prev in _THAI_SIGNS):
                    n += 1  # a Thai vowel or tone sign on no consonant
                if ch in _THAI_LEADING and not _THAI_CONSONANT.match(nxt or " "):
                    n += 1  # a Thai leading vowel before no consonant
            elif ch.isdigit():
                n += _letter(prev) and _letter(nxt)  # a digit inside a word of letters
            elif _cjk(ch) or _cjk(prev) or _cjk(nxt):
                continue
            elif _thai(prev) and _thai(nxt) and ch not in _THAI_JOIN:
                n += 1  # a sign inside Thai, which has no apostrophe or dash in its words
            elif prev.isalnum() and nxt.isalnum():
                # a sign between two letters (or a letter and a digit), or joining two alphabets
                n += ch not in _JOIN or (
                    ch not in _ADDRESS and _letter(prev) and _letter(nxt) and _scripts_differ(prev, nxt)
                )
            elif _odd(ch) and (_letter(prev) or _letter(nxt)):
                n += 1  # a rare sign glued to a letter
    return n
