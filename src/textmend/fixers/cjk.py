"""CJK and cross-script mojibake: text decoded with the wrong CJK or Cyrillic codec.

The kinds Chinese, Japanese, Korean and Russian users meet every day, which ftfy does not undo:

* UTF-8 read as GBK (``浣犲ソ`` for 你好), Big5, Shift-JIS or EUC-KR, with or without the bytes
  the wrong decoder replaced (``涓�涓�``);
* GBK, Big5, Shift-JIS, EUC-JP or EUC-KR read as windows-1252 or latin-1 (``ÄãºÃ`` for 你好);
* GBK read as Big5 and back; windows-1251 read as windows-1252 (``Ïðèâåò``), KOI8-R read as
  windows-1251;
* two layers of these, and any of them confined to a paragraph, a line or a field.

The work is done by `textmend.mojibake`; this module is the fixer around it: a cheap test that
the text can hold mojibake at all (a character class of what mojibake is made of, searched in
C), the lines worth searching, and the account of each repair as a `Change` (TM202, or TM203
when lost bytes were restored) and of each character that could not be restored as a `Finding`
(TM204, with its candidates). UTF-8 read as windows-1252, mac_roman or windows-1251 alone is
left to the Latin fixer (ftfy) that runs next.

>>> from textmend.options import Options
>>> fix("ÄãºÃ£¬ÊÀ½ç", Options())[0]
'你好，世界'
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..model import Change, Finding
from ..mojibake.charsets import Layer, layer_name
from ..mojibake.document import Document
from ..mojibake.engine import Span, lossy_evidence, repair_line, worth_probing
from ..mojibake.model import CJKP, HAN, HANGUL, HIRA, KATA, _tier_sets, char_class, model
from ..options import Options
from ..spans import apply_edits

CODES = ("TM202", "TM203", "TM204")

#: Plausibility gained (nats) by a layer's repairs in a document before it is believed on less
#: evidence elsewhere in the same document, where a stretch is then decoded for `CONTEXT_SWITCH`.
CONTEXT_EVIDENCE = 30.0
CONTEXT_SWITCH = 2.0
#: A stretch another layer won goes to the document's main layer if that gains this share.
DOMINANT_SHARE = 0.75


@lru_cache(maxsize=1)
def suspicious() -> re.Pattern[str]:
    """A character class of what mojibake is made of: everything but the characters of clean text.

    Clean text is ASCII, common punctuation, kana, the common tier of Hanzi/kanji (GB2312 level 1,
    Big5's common block, JIS level 1), KS X 1001 Hangul, Arabic, Hebrew, Thai and emoji.
    Accented Latin letters, Cyrillic (KOI8-R read as windows-1251 is all Cyrillic), Greek and
    mathematical signs (the symbol rows of GBK and Shift-JIS), rarer Han, halfwidth katakana,
    other symbols, controls, private use and U+FFFD are suspicious: a line holding one is
    searched, where they cluster or the line is odd enough.
    """
    common, _second, _any = _tier_sets()
    safe = {c for c in common if not ("\u0400" <= c <= "\u04ff")}
    ranges = [
        "\x00-\x7f",
        "\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff",  # Hebrew, Arabic
        "\u0e00-\u0e7f",  # Thai
        "\u3000-\u303f\u3040-\u30ff",  # CJK punctuation, kana
        "\uff01-\uff5e",  # fullwidth forms
        "\u2010-\u2027\u2030-\u205e",  # general punctuation
        "\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d",  # emoji
    ]
    safe_chars = "".join(sorted(c for c in safe if ord(c) > 0x7F))
    cls = "".join(ranges) + re.escape(safe_chars)
    return re.compile(f"[^{cls}]")


def _qmarks(text: str) -> Iterator[int]:
    """Positions of '?' next to a non-ASCII character: where a lost byte may have become '?'."""
    i = text.find("?")
    n = len(text)
    while i != -1:
        if (i > 0 and text[i - 1] > "\x7f") or (i + 1 < n and text[i + 1] > "\x7f"):
            yield i
        i = text.find("?", i + 1)


def _positions(text: str, pat: re.Pattern[str], start: int, seen: list[int]) -> Iterator[int]:
    """The suspicious positions of `text` from `start` on (and the '?' of `_qmarks`), in order,
    each once, produced lazily (a search budget stops long before a large file's last one);
    each is also appended to `seen`."""
    found = (m.start() for m in pat.finditer(text, start))
    merged = heapq.merge(found, _qmarks(text)) if "?" in text else found
    last = -1
    for p in merged:
        if p != last:
            seen.append(p)
            yield p
            last = p


#: Around each suspicious character, this many characters either side are searched (within its
#: line); a line shorter than three windows is searched whole.
WINDOW = 40
#: A lone suspicious character is first judged with this many characters either side.
PROBE = 12


def _regions(text: str, positions: Iterable[int]) -> Iterator[tuple[int, int]]:
    """The stretches worth searching: windows around `positions` (sorted), merged, within lines.

    A generator: a caller that stops early (the search budget) pays only for what it took.
    """
    cur: tuple[int, int] | None = None
    line_s = line_e = -1
    for p in positions:
        if p >= line_e:
            line_s = text.rfind("\n", 0, p) + 1
            line_e = text.find("\n", p)
            line_e = len(text) if line_e == -1 else line_e
        if line_e - line_s <= 3 * WINDOW:
            s, e = line_s, line_e
        else:
            s = p - WINDOW if p - WINDOW > line_s else line_s
            e = p + WINDOW + 1 if p + WINDOW + 1 < line_e else line_e
        if cur is not None and s <= cur[1]:
            if e - cur[0] <= MAX_REGION:
                if e > cur[1]:
                    cur = (cur[0], e)
                continue
            s = cur[1]  # a huge line is searched in pieces: the engine's cost grows with length
            if e <= s:
                continue
        if cur is not None:
            yield cur
        cur = (s, e)
    if cur is not None:
        yield cur


def _cjk_mixup(layer: Layer) -> bool:
    """Whether `layer` reads one CJK codec as another: its mojibake is made of characters as
    common as those of clean text (``奻厙`` for 上网, GBK read as Big5), which the suspicious
    class does not flag."""
    true, shown = layer
    return shown in ("gbk", "big5", "shift_jis", "euc-jp", "euc-kr") and true != "utf-8"


def _unvisited(text: str, visited: list[tuple[int, int]], wanted: bool) -> list[tuple[int, int]]:
    """The lines of `text` holding non-ASCII characters that no region of `visited` (sorted)
    touches, when `wanted`: where a document's known CJK mix-up may hide in characters the
    suspicious class lets pass. At most `MAX_REGION` characters of each; the search budget
    bounds the total."""
    if not wanted:
        return []
    out: list[tuple[int, int]] = []
    starts = [v[0] for v in visited]
    pos = 0
    n = len(text)
    budget = SEARCH_BUDGET
    while pos < n and budget > 0:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        if end > pos and not text[pos:end].isascii():
            # the gaps the visited regions leave in this line
            k = max(0, bisect_right(starts, pos) - 1)
            at = pos
            while at < end:
                while k < len(visited) and visited[k][1] <= at:
                    k += 1
                stop = min(end, visited[k][0]) if k < len(visited) else end
                if stop > at and not text[at:stop].isascii():
                    e = min(stop, at + MAX_REGION)
                    out.append((at, e))
                    budget -= e - at
                at = max(stop, visited[k][1]) if k < len(visited) and visited[k][0] <= stop else stop
        pos = end + 1
    return out


def _all_covered(positions: list[int], s: int, e: int, covered: list[tuple[int, int]]) -> bool:
    """Whether every position in ``[s, e)`` lies in one of the `covered` ranges (sorted)."""
    lo = bisect_left(positions, s)
    hi = bisect_left(positions, e)
    for p in positions[lo:hi]:
        k = bisect_right(covered, (p, float("inf"))) - 1
        if k < 0 or not covered[k][0] <= p < covered[k][1]:
            return False
    return True


def describe(layers: tuple[Layer, ...], shown_text: str) -> str:
    """The chain in words, oldest layer first: ``utf-8 read as gbk, then utf-8 read as cp1252``."""
    names = [layer_name(la, shown_text) for la in layers]
    return ", then ".join(reversed(names))


#: Characters of suspicious lines searched per text at most: the search is pure-Python scoring
#: of many codec pairs (about 70 KB/s on text that is mojibake throughout), so a document that
#: is mojibake from end to end is repaired up to this point and the rest reported (TM204),
#: which keeps any input well under a second.
SEARCH_BUDGET = 20_000

#: What one lost character (U+FFFD, or a '?' that may stand for a lost byte) costs the search,
#: in characters: each is restored by ranking every candidate in its context, some 40 times
#: the work of an ordinary character (0.3-0.5 ms each); text full of them is bounded too.
#: A run of markers is counted as one lost character per three markers (a CJK character is
#: three bytes of UTF-8, and one whose every byte was lost is reported unweighed).
LOST_WORK = 40


def _lost_chars(line: str) -> list[int]:
    """Where the lost characters of `line` start: every third marker of each run of markers."""
    marks = sorted({i for i, c in enumerate(line) if c == "\ufffd"}.union(_qmarks(line) if "?" in line else ()))
    out: list[int] = []
    run = 0
    prev = -2
    for i in marks:
        run = run + 1 if i == prev + 1 else 0
        if run % 3 == 0:
            out.append(i)
        prev = i
    return out


def _work(line: str) -> int:
    """What searching `line` costs the budget: its characters, and more for lost ones."""
    if "\ufffd" not in line and "?" not in line or not lossy_evidence(line):
        return len(line)
    return len(line) + LOST_WORK * len(_lost_chars(line))


def _fit(line: str, allowed: int) -> int:
    """The length of the longest start of `line` whose `_work` is at most `allowed` (cut after
    a space when there is one in its second half); all of it when it fits."""
    if len(line) + LOST_WORK * line.count("\ufffd") <= allowed and "?" not in line or _work(line) <= allowed:
        return len(line)
    if not lossy_evidence(line):
        return min(len(line), allowed)
    lost = _lost_chars(line)
    lo, hi = 0, len(line)  # the work of line[:k] is k + LOST_WORK * (lost characters before k)
    while lo < hi:
        k = (lo + hi + 1) // 2
        if k + LOST_WORK * bisect_left(lost, k) <= allowed:
            lo = k
        else:
            hi = k - 1
    space = line.rfind(" ", lo // 2, lo)
    return space + 1 if space > 0 else lo


#: Longest stretch searched at once; a longer line is cut into such pieces.
MAX_REGION = 2_000

#: Only lost-character markers: a "repair" from such a run to another says nothing new.
LOST_ONLY = re.compile("[\ufffd?]*")

#: A run of box-drawing and block characters (and spaces): never mojibake to be "repaired".
BOX_ONLY = re.compile(r"[\u2500-\u259f\s]+")


#: A lone word of two Latin-1 characters (the two bytes of one CJK character read as
#: windows-1252), standing between characters that are not letters or digits.
LONE_WORD = re.compile(r"(?<![0-9A-Za-z\u0080-\u1fff])[\u00a1-\u00fe]{2}(?![0-9A-Za-z\u0080-\u1fff])")

#: The codecs a lone word is read back through, with the lead bytes of their common tier (GB2312
#: level 1, Big5's frequent block, JIS X 0208 level 1, KS X 1001 Hangul): a lone word is
#: believed only as a character of the common tier.
LONE_CODECS = (("gbk", range(0xB0, 0xD8)), ("big5", range(0xA4, 0xC7)), ("euc-jp", range(0xB0, 0xD0)),
               ("euc-kr", range(0xB0, 0xC9)))
#: Letters of alphabets (accented Latin, Greek, Cyrillic, Arabic...): a document holding any is
#: left alone by that rule (only ASCII and CJK text around a lone word is evidence).
LATIN_TEXT = re.compile("[\u0080-\u1fff]")
#: ... and only when its best reading beats the next by this many nats.
LONE_MARGIN = 2.0


def _lone_words(text: str, options: Options) -> list[Change]:
    """One CJK character of a legacy codec read as windows-1252 (``ÏÉ`` for 仙), alone in a
    document with no other accented Latin text (a field, a title): the engine needs more than
    one character of evidence, but two accented letters standing alone as a word, with no
    Latin text around, are no Latin word. Repaired when the bytes are a common character in one codec that the
    model clearly prefers to its readings in the others."""
    if not options.enabled("TM202"):
        return []
    found = list(LONE_WORD.finditer(text))
    if not found or len(found) > 8:
        return []
    if LATIN_TEXT.search(LONE_WORD.sub("", text)):
        return []  # real alphabetic text around: its words are not mojibake
    m = model()
    common = _tier_sets()[0]
    out: list[Change] = []
    for match in found:
        word = match.group(0)
        if not all(c.isalpha() for c in word):
            continue
        try:
            data = word.encode("cp1252")
        except UnicodeEncodeError:
            continue
        readings: list[tuple[float, str, str]] = []
        for codec, leads in LONE_CODECS:
            if data[0] not in leads:
                continue
            try:
                ch = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and ch in common:
                readings.append((m.cost(ch), ch, codec))
        readings.sort()
        if not readings or (len(readings) > 1 and readings[1][0] - readings[0][0] < LONE_MARGIN):
            continue
        _cost, ch, codec = readings[0]
        out.append(Change("TM202", f"mojibake: {codec} read as cp1252 (one character alone, in ASCII text)",
                          word, ch, match.start(), match.end(), confidence=0.6))
    return out


def _cp1252_class(first: int, last: int) -> str:
    """The characters windows-1252 shows for the bytes `first` to `last` (latin-1's C1 control
    for its five undefined bytes), as a class body."""
    return "".join(re.escape(bytes([b]).decode("cp1252", errors="ignore") or chr(b)) for b in range(first, last + 1))


#: UTF-8 of CJK text (lead bytes E2-EF) read as windows-1252 where the byte A0 (a no-break space
#: there) became a plain space: ``ä½ å¥½`` for 你好 (你 is E4 BD A0). ftfy restores that byte in
#: Latin text only; a run must hold at least two such characters and one such space.
A0_LOST = re.compile(f"(?:[{_cp1252_class(0xE2, 0xEF)}][{_cp1252_class(0x80, 0xBF)} ]{{2}}){{2,}}")
#: The classes of characters such a run must decode to, every one of them.
_CJK_TEXT = frozenset({HAN, HIRA, KATA, HANGUL, CJKP})


def _a0_lost(text: str) -> list[Change]:
    """The runs of `A0_LOST` in `text` that decode, with their spaces as byte A0, strictly to CJK
    letters and marks (the spaces make them Latin-looking text to ftfy, which leaves them)."""
    out: list[Change] = []
    for match in A0_LOST.finditer(text):
        run = match.group(0)
        if " " not in run:
            continue  # ftfy's business
        try:
            data = bytes(b for ch in run.replace(" ", "\xa0")
                         for b in (ch.encode("latin-1") if "\x80" <= ch < "\xa0" else ch.encode("cp1252")))
            fixed = data.decode("utf-8")
        except UnicodeError:
            continue
        if all(char_class(c) in _CJK_TEXT for c in fixed):
            out.append(Change("TM202", "mojibake: utf-8 read as cp1252, its no-break spaces (byte A0) "
                              "turned into spaces", run, fixed, match.start(), match.end(), confidence=0.9))
    return out


#: The single-byte code pages a one-byte-per-character mix-up is read between.
_SINGLE_BYTE = frozenset({"cp1252", "cp1251", "koi8-r", "mac_roman", "latin-1"})


def _utf8_underneath(text: str, a: int, b: int, layers: tuple[Layer, ...]) -> bool:
    """Whether a single-byte mix-up repair of ``text[a:b]`` (windows-1251 read as windows-1252...)
    sits in a run of non-space non-ASCII characters that windows-1252 turns back into valid UTF-8
    (``ÃƒÅ“`` in ``ÃƒÅ“gyvitel``: Ü twice through UTF-8 read as windows-1252). That is ftfy's
    kind of mojibake, which the Latin fixer after this one undoes; a Cyrillic reading of it is
    wrong. Real windows-1251 text read as windows-1252 (``Ïðèâåò``) is not valid UTF-8."""
    if not all(t in _SINGLE_BYTE and sh in _SINGLE_BYTE for t, sh in layers):
        return False
    while a > 0 and text[a - 1] > "\x7f" and not text[a - 1].isspace():
        a -= 1
    n = len(text)
    while b < n and text[b] > "\x7f" and not text[b].isspace():
        b += 1
    try:
        decoded = text[a:b].encode("cp1252").decode("utf-8")
    except UnicodeError:
        return False
    return not decoded.isascii()


def fix(text: str, options: Options) -> tuple[str, list[Change | Finding]]:
    """Repair CJK and cross-script mojibake (TM202, TM203) and report what stays lost (TM204)."""
    if text.isascii() or not any(options.enabled(c) for c in CODES):
        return text, []
    pat = suspicious()
    first = pat.search(text)
    if first is None and "?" not in text:
        return text, []
    positions: list[int] = []  # the positions the regions taken so far were made from
    regions = _regions(text, _positions(text, pat, first.start() if first is not None else len(text), positions))
    m = model()
    spans: list[tuple[int, Span]] = []
    evidence: dict[Layer, float] = {}
    searched = 0
    skipped: tuple[int, int] | None = None
    visited: list[tuple[int, int]] = []  # the regions the first loop went through
    # Short lines already judged, and their repairs ([] when not worth searching): files repeat
    # lines (logs, tables, boilerplate), and a line seen before is repaired the same way.
    repaired: dict[str, list[Span]] = {}
    doc = Document(text)  # the text as its own model for lost characters (counted on first use)
    for s, e in regions:
        if searched > SEARCH_BUDGET:
            skipped = skipped or (s, e)
            break
        line = text[s:e]
        cut = _fit(line, SEARCH_BUDGET - searched + MAX_REGION)
        if cut < len(line):  # lost characters make this stretch dearer than the budget left
            skipped = (s + cut, e)
            line = line[:cut]
            e = s + cut
        visited.append((s, e))
        short = len(line) <= 3 * WINDOW
        found_spans = repaired.get(line) if short else None
        if found_spans is None:
            found_spans = []
            found = [x.start() for x in pat.finditer(line)]
            unsafe = frozenset(line[i] for i in found)
            # One odd character is common in clean text (a rare Hanzi, a '£' or an 'é' in Chinese):
            # search only where odd characters cluster, or the line as a whole is odd enough.
            clustered = ("\ufffd" in unsafe or any(b - a <= 2 for a, b in zip(found, found[1:]))
                         or "?" in line and lossy_evidence(line))  # lost bytes saved as '?'
            if clustered or worth_probing(line, found, PROBE, m):
                searched += _work(line)
                found_spans = repair_line(line, m, unsafe, doc=doc)
            if short:
                repaired[line] = found_spans
        for sp in found_spans:
            if BOX_ONLY.fullmatch(line[sp.start : sp.end]):
                continue  # a drawn box is clean text in any code page that has one
            spans.append((s, sp))
            if len(sp.layers) == 1:
                evidence[sp.layers[0]] = evidence.get(sp.layers[0], 0.0) + sp.gain
        if skipped is not None:
            break
    # The surrounding text: layers that repaired much of this document are believed on less
    # evidence elsewhere in it (a lone 'JCB°¡' between English words is too short alone).
    ranked = sorted(evidence.items(), key=lambda kv: -kv[1])
    known = tuple(la for la, g in ranked if g >= CONTEXT_EVIDENCE and g * 3 >= ranked[0][1])[:2]
    if known:
        # Where another layer won a stretch the dominant one also explains nearly as well (a
        # run of symbols reads as something in most CJK charsets), the dominant one is believed.
        main = known[0]
        removed: set[int] = set()
        for idx, (s, sp) in enumerate(spans):
            if idx in removed or sp.layers == (main,) or len(sp.layers) != 1:
                continue
            stop = text.find("\n", s + sp.end)
            stop = len(text) if stop == -1 else stop
            line = text[s : stop if stop - s <= MAX_REGION else s + sp.end]
            alt = [a for a in repair_line(line, m, None, (main,), CONTEXT_SWITCH, doc)
                   if a.start <= sp.start and a.end >= sp.end]
            if not alt:
                continue
            # The main layer's reading may be wider: the other layers' short readings inside it
            # were pieces of one longer stretch. It replaces every span it overlaps, when those
            # all lie inside it and it gains nearly as much as they do together.
            a0, a1 = s + alt[0].start, s + alt[0].end
            inside = [j for j, (s2, sp2) in enumerate(spans)
                      if j not in removed and s2 + sp2.start < a1 and s2 + sp2.end > a0]
            if any(s2 + sp2.start < a0 or s2 + sp2.end > a1 for s2, sp2 in (spans[j] for j in inside)):
                continue
            rival = sum(spans[j][1].gain for j in inside if spans[j][1].layers != (main,))
            if alt[0].gain >= DOMINANT_SHARE * rival:
                removed.update(j for j in inside if j != idx)
                spans[idx] = (s, alt[0])
        spans = [t for j, t in enumerate(spans) if j not in removed]
        done = [(s + sp.start, s + sp.end) for s, sp in spans]
        covered = sorted(done)
        extra = set(_unvisited(text, visited, any(_cjk_mixup(la) for la in known)))
        for s, e in sorted(visited + list(extra)):
            if searched > SEARCH_BUDGET + SEARCH_BUDGET // 2:
                break
            if (s, e) not in extra and _all_covered(positions, s, e, covered):
                continue  # every suspicious character here is already repaired
            line = text[s:e]
            line = line[: _fit(line, SEARCH_BUDGET + SEARCH_BUDGET // 2 - searched + MAX_REGION)]
            searched += _work(line)
            for sp in repair_line(line, m, None, known, CONTEXT_SWITCH, doc):
                if BOX_ONLY.fullmatch(line[sp.start : sp.end]):
                    continue
                a, b = s + sp.start, s + sp.end
                if all(b <= x or a >= y for x, y in done):
                    spans.append((s, sp))
                    done.append((a, b))
    spans.sort(key=lambda t: t[0] + t[1].start)
    lost_a0: list[Change] = []
    if " " in text and options.enabled("TM202"):
        # the engine's own repairs (a legacy CJK text read as windows-1252 can look the same) win
        lost_a0 = [c for c in _a0_lost(text)
                   if all(s + sp.end <= c.start or s + sp.start >= c.end for s, sp in spans)]
        if lost_a0:
            spans += [(c.start, Span(0, c.end - c.start, [(0, c.end - c.start, c.after, [])],
                                     (("utf-8", "cp1252"),), 0.0)) for c in lost_a0]
            spans.sort(key=lambda t: t[0] + t[1].start)
    items: list[Change | Finding] = []
    if skipped is not None and options.enabled("TM204"):
        items.append(Finding("TM204", f"more suspected mojibake from here on was not searched: the search stops after "
                             f"{SEARCH_BUDGET:,} characters (repair the file in parts to go on)",
                             text[skipped[0] : skipped[1]][:40], (), skipped[0], skipped[1], confidence=0.3))
    out: list[str] = []
    pos = 0
    for s, sp in spans:
        if _utf8_underneath(text, s + sp.start, s + sp.end, sp.layers):
            continue  # UTF-8 read as windows-1252, twice or with a Latin letter: the Latin fixer's
        line = text[s : s + sp.end]
        accounted = _account(sp, line, s, options)
        if sp.gain == 0.0 and lost_a0 and any(c.start == s for c in lost_a0):
            accounted = [c for c in lost_a0 if c.start == s]  # with its own message
        for item in accounted:
            if isinstance(item, Change) and (item.before == item.after or (
                    LOST_ONLY.fullmatch(item.before) and LOST_ONLY.fullmatch(item.after)
                    and len(item.after) >= len(item.before))):
                continue  # nothing changes, or lost markers become as many: nothing recovered
                # (fewer markers, one per lost character instead of one per lost byte, is a repair)
            if isinstance(item, Change) and "\xa0" in item.after and "\xa0" not in item.before:
                continue  # a repair that invents no-break spaces before words (clean Serbian љубав
                # read back through koi8-r) is not one
            items.append(item)
            if isinstance(item, Change):
                out.append(text[pos : item.start])
                out.append(item.after)
                pos = item.end
    if not items and not spans:
        lone = _lone_words(text, options)
        if lone:
            return apply_edits(text, lone), list(lone)
    if not any(isinstance(i, Change) for i in items):
        return text, [i for i in items if isinstance(i, Finding)]
    out.append(text[pos:])
    return "".join(out), items


def _account(sp: Span, line: str, offset: int, options: Options) -> list[Change | Finding]:
    """The changes and findings of one repaired span (offsets in the fixer's input)."""
    before = line[sp.start : sp.end]
    chain = describe(sp.layers, before)
    lossy = any(p[3] for p in sp.pieces) or sp.restored
    code = "TM203" if lossy else "TM202"
    if not options.enabled(code):
        return []
    out: list[Change | Finding] = []
    # Pieces with an unresolved character become their own change, so that the finding and the
    # U+FFFD left in the text point at the same place.
    group_start: int | None = None
    group_text: list[str] = []
    group_end = 0

    def flush() -> None:
        nonlocal group_start, group_text
        if group_start is not None:
            out.append(_change(code, chain, sp, line, offset, group_start, group_end, "".join(group_text)))
        group_start, group_text = None, []

    for a, b, t, unresolved in sp.pieces:
        if unresolved:
            flush()
            out.append(_change(code, chain, sp, line, offset, a, b, t))
            if options.enabled("TM204"):
                cands = tuple(dict.fromkeys(c for u in unresolved for c in u[:5]))
                out.append(Finding("TM204", f"mojibake ({chain}) lost {len(unresolved)} character"
                                   f"{'s' if len(unresolved) > 1 else ''} here; candidates: {' '.join(cands)}",
                                   line[a:b], cands, offset + a, offset + b, confidence=0.5))
            continue
        if group_start is None:
            group_start = a
        group_text.append(t)
        group_end = b
    flush()
    return out


def _change(code: str, chain: str, sp: Span, line: str, offset: int, a: int, b: int, after: str) -> Change:
    restored = f", {sp.restored} lost character{'s' if sp.restored != 1 else ''} restored" if sp.restored else ""
    return Change(code, f"mojibake: {chain}{restored}", line[a:b], after, offset + a, offset + b,
                  confidence=0.9)
