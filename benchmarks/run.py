#!/usr/bin/env python3
"""textmend against its peers and against the limit, side by side, in one run.

    python benchmarks/run.py [--repeat 5] [--clean-mb 1] [--cases CASES.jsonl] [--folder DIR]
                             [--big-mb 1024 | --no-big] [--json OUT]

Every row times textmend and a peer on the same input, in the same process, and reports
the median of `--repeat` runs and the ratio textmend / peer of their *throughputs* (so 20x
means textmend is twenty times faster; 0.5x means it is half as fast):

- clean text (English prose, source code, Chinese prose): ``check`` (read + decode + every
  fixer, what ``textmend check`` does per file) and ``repair_text`` against ``ftfy.fix_text``
  and against the limit, reading the bytes and ``bytes.decode("utf-8")``;
- damaged text: ``repair_bytes`` on the eval cases (``--cases``; built with the shared
  ``make_cases.py`` when it is found, or else text damaged here) against the naive chain
  chardet + ftfy (+ OpenCC when a script is asked for), with the share each repairs exactly;
- script conversion through textmend against calling OpenCC directly;
- detection against ``chardet.detect``;
- ``--jobs 2`` against ``--jobs 1`` on a folder of files (``--folder`` or generated);
- the slowest 1 MB input of several shapes (the guard against quadratic behaviour);
- a streamed ``textmend fix`` of a large generated file (``--big-mb``; default 1024 MB,
  written to the temporary folder when the disk has room, and removed afterwards): time and
  peak resident memory of the process.

Inputs are generated from sentences written for this script (seeded, so runs compare).
"""

from __future__ import annotations

import argparse
import base64
import gc
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import chardet
import ftfy
import opencc

import textmend
from textmend import runner
from textmend.io.files import Target
from textmend.options import Options

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# --------------------------------------------------------------------------------------------
# Inputs: sentences written for this benchmark, assembled into text of any size.

EN = [
    "The committee met on Tuesday to discuss the budget for the new library wing.",
    "Most of the volunteers arrived early, carrying boxes of donated books.",
    "According to the report, rainfall in the valley was twice the usual amount.",
    "She opened the window, listened to the traffic, and went back to her notes.",
    "A short walk from the station, the market sells bread, cheese and flowers.",
    "The engineers replaced the old pumps before the winter storms began.",
    "Nobody expected the match to last five hours, least of all the referee.",
    "He wrote three drafts of the letter and sent none of them.",
]
FR = [
    "Le marché de la place ouvre à sept heures, même en hiver.",
    "Elle a reçu une lettre très étrange, écrite à la main, sans adresse.",
    "Les élèves préparent une exposition sur l'histoire du quartier.",
    "Après la pluie, la rivière a débordé près du vieux moulin.",
]
DE = [
    "Die Straßenbahn fährt heute wegen Bauarbeiten nicht über die Brücke.",
    "Im Frühling öffnet der Biergarten wieder für Gäste und Nachbarn.",
    "Müller hat die Prüfung bestanden und feiert mit seiner Familie.",
]
ZH_HANS = [
    "今天下午三点，图书馆的阅览室里坐满了准备期末考试的学生。",
    "这座城市的地铁线路去年延长了十二公里，方便了郊区的居民。",
    "她把旧照片整理成一本相册，送给了即将退休的老师。",
    "天气预报说明天有大雨，运动会可能推迟到下周举行。",
    "这家面馆开了三十年，老板每天凌晨四点就开始和面。",
    "研究人员在山区发现了一种从未记录过的蝴蝶。",
]
JA = [
    "今日は朝から雨が降っていて、駅までの道がとても混んでいました。",
    "図書館で新しい料理の本を三冊借りました。",
]
RU = ["Вчера вечером в парке играл небольшой оркестр.", "Библиотека закрыта на ремонт до конца месяца."]
#: Typographic prose in 16 languages (curly quotes, dashes, ellipses, no-break spaces, guillemets).
PROSE: dict[str, list[str]] = {
    "en": [
        "“We’ll see,” she said — and left the room… without another word.",
        "The committee’s report (pp. 12–18) says rainfall was twice the usual amount.",
        "He wrote three drafts of the letter — and sent none of them.",
        "‘Nobody expected the match to last five hours,’ the referee admitted.",
    ],
    "fr": [
        "« Le marché ouvre à sept heures », dit-elle — même en hiver…",
        "Elle a reçu une lettre très étrange, écrite à la main, sans adresse.",
        "Les élèves préparent une exposition sur l’histoire du quartier.",
        "Après la pluie, la rivière a débordé près du vieux moulin ; personne n’était surpris.",
    ],
    "de": [
        "„Die Straßenbahn fährt heute nicht über die Brücke“, sagte der Schaffner.",
        "Im Frühling öffnet der Biergarten wieder – für Gäste und Nachbarn.",
        "Müller hat die Prüfung bestanden und feiert mit seiner Familie…",
        "Größere Änderungen sind erst für 2027 geplant, heißt es im Bericht.",
    ],
    "es": [
        "«¿Quién llegó primero?», preguntó la señora — nadie contestó.",
        "El niño comió una manzana y después durmió la siesta en el jardín.",
        "La canción, según él, “no tenía ningún sentido”… pero la cantó igual.",
        "Mañana habrá reunión a las nueve en la oficina del año pasado.",
    ],
    "pl": [
        "„Zażółć gęślą jaźń” – napisała na tablicy nauczycielka.",
        "Wczoraj wieczorem w parku grała niewielka orkiestra dęta.",
        "Biblioteka będzie zamknięta z powodu remontu aż do końca miesiąca…",
        "Dziękuję za wiadomość, odpowiem jutro rano – obiecuję.",
    ],
    "cs": [
        "„Příliš žluťoučký kůň úpěl ďábelské ódy“ – napsal na tabuli.",
        "Včera večer hrál v parku malý dechový orchestr.",
        "Knihovna je zavřená kvůli rekonstrukci až do konce měsíce…",
        "Děkuji za zprávu, odpovím zítra ráno.",
    ],
    "ru": [
        "«Вчера вечером в парке играл небольшой оркестр», — сказал он.",
        "Библиотека закрыта на ремонт до конца месяца… Приходите позже.",
        "Съешь же ещё этих мягких французских булок да выпей чаю.",
        "Поезд прибыл в 7 ч 15 мин — на полчаса раньше расписания.",
    ],
    "uk": [
        "«Учора ввечері в парку грав невеликий оркестр», — сказала вона.",
        "Бібліотека зачинена на ремонт до кінця місяця… Приходьте пізніше.",
        "Гей, хлопці, не вспію — на ґанку ваша їжа ціла.",
        "Щастям б'єш жук їх глицю в фон й ґедзь пріч.",
    ],
    "el": [
        "«Χθες το βράδυ έπαιζε μια μικρή ορχήστρα στο πάρκο», είπε.",
        "Η βιβλιοθήκη είναι κλειστή για επισκευές μέχρι το τέλος του μήνα…",
        "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία — έγραψε στον πίνακα.",
        "Ευχαριστώ για το μήνυμα· θα απαντήσω αύριο το πρωί.",
    ],
    "he": [
        "„אתמול בערב ניגנה תזמורת קטנה בפארק”, אמרה.",
        "הספרייה סגורה לשיפוצים עד סוף החודש… בואו מאוחר יותר.",
        "דג סקרן שט בים מאוכזב ולפתע מצא חברה — כך נכתב.",
        "תודה על ההודעה, אענה מחר בבוקר.",
    ],
    "ar": [
        "«عزف أوركسترا صغير في الحديقة مساء أمس»، قالت.",
        "المكتبة مغلقة للتجديد حتى نهاية الشهر… تعالوا لاحقاً.",
        "نص حكيم له سر قاطع وذو شأن عظيم مكتوب على ثوب أخضر — هكذا كتب.",
        "شكراً على الرسالة، سأرد غداً صباحاً.",
    ],
    "zh": [
        "“今天下午三点，”她说，“图书馆的阅览室里坐满了学生。”",
        "这座城市的地铁线路去年延长了十二公里——方便了郊区的居民。",
        "她把旧照片整理成一本相册……送给了即将退休的老师。",
        "《天气预报》说明天有大雨，运动会可能推迟到下周举行。",
    ],
    "ja": [
        "「今日は朝から雨が降っていて、駅までの道がとても混んでいました。」",
        "図書館で新しい料理の本を三冊借りました……。",
        "『吾輩は猫である』は夏目漱石の小説です。",
        "会議は午後２時から――延期の可能性もあります。",
    ],
    "ko": [
        "“어제 저녁 공원에서 작은 오케스트라가 연주했어요,” 그녀가 말했다.",
        "도서관은 이달 말까지 보수 공사로 문을 닫습니다… 나중에 오세요.",
        "키스의 고유조건은 입술끼리 만나야 하고 특별한 기술은 필요치 않다.",
        "메시지 고맙습니다 — 내일 아침에 답장할게요.",
    ],
    "vi": [
        "“Tối qua có một dàn nhạc nhỏ chơi trong công viên,” cô ấy nói.",
        "Thư viện đóng cửa để sửa chữa đến cuối tháng… Hãy quay lại sau.",
        "Tiếng Việt có sáu thanh điệu — ngang, huyền, sắc, hỏi, ngã, nặng.",
        "Cảm ơn về tin nhắn, tôi sẽ trả lời vào sáng mai.",
    ],
    "tr": [
        "“Dün akşam parkta küçük bir orkestra çaldı,” dedi.",
        "Kütüphane ay sonuna kadar tadilat nedeniyle kapalı… Sonra gelin.",
        "Pijamalı hasta yağız şoföre çabucak güvendi — öyle yazıyordu.",
        "Mesajınız için teşekkürler, yarın sabah cevap vereceğim.",
    ],
}
PROSE["fr"] = [
    t.replace("« ", "«\u00a0").replace(" »", "\u00a0»").replace(" ;", "\u00a0;") for t in PROSE["fr"]
]


def build_prose(lang: str, size: int, seed: int = 1) -> str:
    """About `size` bytes of `lang` prose, three sentences a line (no spaces between them in
    Chinese and Japanese)."""
    return build_text(PROSE[lang], size, seed, per_line=3, sep="" if lang in ("zh", "ja") else " ")


def build_log(size: int) -> str:
    """A web server's log: ASCII with a few non-ASCII user names in curly quotes."""
    rng = random.Random(3)
    names = ["José", "Zoë", "Łukasz", "Анна", "李雷", "müller"]
    out: list[str] = []
    n = 0
    while n < size:
        line = (
            f"2026-12-02T15:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}."
            f"{rng.randint(0, 999):03d}Z INFO [worker-{rng.randint(1, 8)}] "
            f"GET /api/v1/items/{rng.randint(1, 99999)} 200 {rng.randint(1, 900)}ms "
            f"user=“{rng.choice(names)}” ua=Mozilla/5.0\n"
        )
        out.append(line)
        n += len(line.encode())
    return "".join(out)


def build_csv(size: int) -> str:
    """A table of customers: names and cities of many countries, prices in euros."""
    rng = random.Random(4)
    names = ["José Álvarez", "Zoë Brontë", "Łukasz Żółw", "Анна Петрова", "李雷", "Müller GmbH", "Ørsted A/S"]
    cities = ["São Paulo", "Zürich", "Kraków", "Москва", "北京", "Malmö", "İstanbul", "Reykjavík"]
    notes = ["ok", "“urgent”", "n/a", "–", "see note…"]
    out = ["id,name,city,price,note\n"]
    n = 0
    i = 0
    while n < size:
        i += 1
        line = (
            f'{i},"{rng.choice(names)}",{rng.choice(cities)},'
            f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d} €,"
            f'"{rng.choice(notes)}"\n'
        )
        out.append(line)
        n += len(line.encode())
    return "".join(out)


def build_json(size: int) -> str:
    """JSON lines of records in every language of `PROSE`."""
    rng = random.Random(5)
    langs = sorted(PROSE)
    out: list[str] = []
    n = 0
    i = 0
    while n < size:
        i += 1
        lang = rng.choice(langs)
        line = (
            json.dumps(
                {
                    "id": i,
                    "lang": lang,
                    "title": rng.choice(PROSE[lang])[:40],
                    "body": rng.choice(PROSE[lang]),
                },
                ensure_ascii=False,
            )
            + "\n"
        )
        out.append(line)
        n += len(line.encode())
    return "".join(out)


CODE = '''def moving_average(values: list[float], window: int) -> list[float]:
    """Return the moving average of `values` over `window` items."""
    if window <= 0:
        raise ValueError("window must be positive")
    out: list[float] = []
    total = 0.0
    for i, v in enumerate(values):
        total += v
        if i >= window:
            total -= values[i - window]
        if i + 1 >= window:
            out.append(total / window)
    return out


class Inventory:
    def __init__(self) -> None:
        self.items: dict[str, int] = {}

    def add(self, name: str, count: int = 1) -> None:
        self.items[name] = self.items.get(name, 0) + count

'''


def build_text(sentences: list[str], size: int, seed: int, per_line: int = 4, sep: str = " ") -> str:
    """About `size` bytes (UTF-8) of text: random sentences, `per_line` to a line."""
    rng = random.Random(seed)
    lines: list[str] = []
    n = 0
    while n < size:
        line = sep.join(rng.choice(sentences) for _ in range(per_line)) + "\n"
        lines.append(line)
        n += len(line.encode("utf-8"))
    return "".join(lines)


def build_code(size: int) -> str:
    reps = size // len(CODE.encode()) + 1
    return "".join(CODE.replace("Inventory", f"Inventory{i}") for i in range(reps))


def mojibake(s: str, codec: str = "cp1252") -> str:
    """UTF-8 read as `codec` (what a wrong guess does)."""
    return s.encode("utf-8").decode(codec, errors="replace")


# --------------------------------------------------------------------------------------------
# Timing


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` calls of `fn` (after one warm-up call), in seconds."""
    fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


@dataclass
class Row:
    """One line of the table: textmend and a peer on one input."""

    section: str
    what: str
    size: int  # bytes of input per run
    ours: float  # seconds
    peer_name: str
    peer: float | None  # seconds
    target: float | None = None  # minimum ratio (textmend throughput / peer throughput)
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.peer is None or self.ours <= 0:
            return None
        return self.peer / self.ours

    @property
    def holds(self) -> str:
        if self.target is None or self.ratio is None:
            return ""
        return "yes" if self.ratio >= self.target else "NO"


def mbps(size: int, seconds: float | None) -> str:
    if seconds is None or seconds <= 0:
        return "-"
    rate = size / seconds / 1e6
    if rate >= 100_000:
        return ">100 GB/s"
    return f"{rate:,.1f} MB/s"


# --------------------------------------------------------------------------------------------
# Sections


def bench_clean(repeat: int, size: int, tmp: Path) -> list[Row]:
    rows: list[Row] = []
    inputs = {
        "English prose": build_text(EN, size, 1),
        "source code": build_code(size),
        "Chinese prose": build_text(ZH_HANS, size, 2, sep=""),
    }
    for name, text in inputs.items():
        data = text.encode("utf-8")
        path = tmp / f"clean-{name.split()[0].lower()}.txt"
        path.write_bytes(data)
        assert not textmend.repair_text(text).changed, f"{name}: the clean input must stay unchanged"

        def limit(path: Path = path) -> str:
            return path.read_bytes().decode("utf-8")

        def check(path: Path = path) -> object:
            return textmend.repair_bytes(path.read_bytes())

        def repair(text: str = text) -> object:
            return textmend.repair_text(text)

        def peer(text: str = text) -> object:
            return ftfy.fix_text(text)

        breakdown = fixer_breakdown(text, repeat)
        t_check = median_time(check, repeat)
        t_repair = median_time(repair, repeat)
        t_ftfy = median_time(peer, max(1, min(repeat, 3)))
        t_limit = median_time(limit, repeat)
        rows.append(
            Row(
                "clean",
                f"{name}: check",
                len(data),
                t_check,
                "ftfy.fix_text",
                t_ftfy,
                20.0,
                "per stage: " + ", ".join(f"{k} {mbps(len(data), v)}" for k, v in breakdown.items()),
            )
        )
        rows.append(Row("clean", f"{name}: repair_text", len(data), t_repair, "ftfy.fix_text", t_ftfy, 20.0))
        rows.append(Row("clean", f"{name}: check", len(data), t_check, "read + decode", t_limit, 0.3))
    return rows


#: Rounds of the language section at least (each a millisecond or two per function).
LANGUAGE_ROUNDS = 7


def bench_languages(repeat: int, size: int, tmp: Path, only: set[str] | None = None) -> list[Row]:
    """Clean text of every kind a user has: `repair_bytes` and ``check`` (the per-file job of
    ``textmend check``, `runner.RepairJob`: the file's size looked up, the file read, repaired)
    against ``bytes.decode("utf-8")`` of the same bytes, measured together (target 0.3x): in
    turns, the least CPU time of at least `LANGUAGE_ROUNDS` rounds each (`paired_fastest`). A
    call takes a millisecond or two, so a median of three wall times on a shared machine moved
    the peer by up to three times between two rows of the same text kind. `only`: the rows
    to run, by the first word of their name in lower case (``en``, ``log``, ``json``)."""
    inputs = {f"{lang} prose": build_prose(lang, size) for lang in PROSE}
    inputs.update(
        {
            "log": build_log(size),
            "CSV": build_csv(size),
            "JSON lines": build_json(size),
            "source code": build_code(size),
        }
    )
    if only is not None:
        inputs = {name: text for name, text in inputs.items() if name.split()[0].lower() in only}
    rows: list[Row] = []
    job = runner.RepairJob(Options())  # textmend check's work on each file: stat, read, repair
    for name, text in inputs.items():
        data = text.encode("utf-8")
        path = tmp / "lang.txt"
        path.write_bytes(data)
        target = Target(str(path), path)
        r = textmend.repair_bytes(data)
        harm = (
            ""
            if not r.changes and not r.findings
            else (
                f"; CHANGED: {len(r.changes)} changes, {len(r.findings)} findings "
                f"({', '.join(sorted({i.code for i in [*r.changes, *r.findings]}))})"
            )
        )
        t_decode, t_bytes, t_check = paired_fastest(
            [
                lambda data=data: data.decode("utf-8"),
                lambda data=data: textmend.repair_bytes(data),
                lambda target=target: job(target),
            ],
            max(repeat, LANGUAGE_ROUNDS),
        )
        rows.append(
            Row(
                "language",
                f"{name}: repair_bytes",
                len(data),
                t_bytes,
                "bytes.decode('utf-8')",
                t_decode,
                0.3,
                harm.lstrip("; "),
            )
        )
        rows.append(
            Row("language", f"{name}: check", len(data), t_check, "bytes.decode('utf-8')", t_decode, 0.3)
        )
    return rows


#: One damage kind each: (name, clean text, damage applied to its UTF-8 reading).
DAMAGE_KINDS: tuple[tuple[str, str, Callable[[str], bytes]], ...] = (
    ("UTF-8 read as GBK, with replacement", "zh", lambda t: t.encode().decode("gbk", "replace").encode()),
    ("GBK read as latin-1", "zh", lambda t: t.encode("gbk").decode("latin-1").encode()),
    ("GBK read as windows-1252", "zh", lambda t: t.encode("gbk").decode("cp1252", "replace").encode()),
    ("UTF-8 read as cp932, with replacement", "ja", lambda t: t.encode().decode("cp932", "replace").encode()),
    (
        "windows-1251 read as windows-1252",
        "ru",
        lambda t: t.encode("cp1251").decode("cp1252", "replace").encode(),
    ),
    (
        "Latin mojibake (UTF-8 read as windows-1252)",
        "fr",
        lambda t: t.encode().decode("cp1252", "replace").encode(),
    ),
)


#: The sentences of tests/sentences.txt by language tag, for the damage kinds' text, and the
#: legacy codec each must encode in (the damage kinds write Chinese in GBK, Russian in cp1251).
_SENTENCE_TAGS = {
    "zh": ("zh-hans", "gbk"),
    "ja": ("ja", "cp932"),
    "ru": ("ru", "cp1251"),
    "fr": ("fr", "cp1252"),
}


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def damage_prose(lang: str, size: int, seed: int) -> str:
    """About `size` bytes of `lang` prose for the damage kinds, three sentences a line, drawn
    from this script's sentences and those of tests/sentences.txt, each number in them redrawn:
    lines seldom repeat, as in a real document (`build_prose`'s four sentences make a text of
    64 distinct lines, which every per-call memo of the fixer answers from memory)."""
    tag, codec = _SENTENCE_TAGS.get(lang, (lang, "utf-8"))
    path = Path(__file__).resolve().parent.parent / "tests" / "sentences.txt"
    extra = (
        [
            t
            for g, _, t in (x.partition("\t") for x in path.read_text("utf-8").splitlines())
            if g == tag and _encodes(t, codec)
        ]
        if path.exists()
        else []
    )
    pool = PROSE[lang] + extra
    rng = random.Random(seed)
    sep = "" if lang in ("zh", "ja") else " "
    lines: list[str] = []
    n = 0
    while n < size:
        line = sep.join(rng.choice(pool) for _ in range(3))
        line = re.sub(r"\d+", lambda m: str(rng.randrange(1, 10 ** len(m.group()))), line) + "\n"
        lines.append(line)
        n += len(line.encode("utf-8"))
    return "".join(lines)


def bench_damage_kinds(sizes: list[float]) -> list[Row]:
    """Each damage kind as one document of each size: textmend (`repair_bytes`) against the naive
    chain (chardet, decode, ftfy.fix_text), with the share of lines each gives back exactly and
    textmend's seconds of CPU per MB (linear cost: the sizes' s/MB within 1.2x of each other).
    A document of 1 MB or more is timed once (it takes seconds); a smaller one is timed several
    times and the median taken, so that a shared machine's noise (a 10 KB document takes a few
    hundredths of a second) does not decide its s/MB."""
    rows: list[Row] = []
    for _name, lang, damage in DAMAGE_KINDS:  # warm up: tables and models load on first use
        sample = damage(damage_prose(lang, 30_000, 6))  # (over 4,096 characters: RE2's screens too)
        (
            textmend.repair_bytes(sample),
            ftfy.fix_text(sample.decode("utf-8", "replace")),
            chardet.detect(sample),
        )
    for name, lang, damage in DAMAGE_KINDS:
        for mb in sizes:
            clean = damage_prose(lang, int(mb * 1e6), 7)
            data = damage(clean)
            runs = 1 if mb >= 1 else 3 if mb >= 0.1 else 7
            t_ours_runs: list[float] = []
            t_naive_runs: list[float] = []
            for _ in range(runs):
                gc.collect()
                t = time.process_time()
                ours = textmend.repair_bytes(data)
                t_ours_runs.append(time.process_time() - t)
                t = time.process_time()
                enc = chardet.detect(data)["encoding"] or "utf-8"
                try:
                    naive = ftfy.fix_text(data.decode(enc, errors="replace"))
                except LookupError:
                    naive = ftfy.fix_text(data.decode("utf-8", errors="replace"))
                t_naive_runs.append(time.process_time() - t)
            t_ours, t_naive = statistics.median(t_ours_runs), statistics.median(t_naive_runs)
            want = clean.splitlines()

            def share(text: str, want: list[str] = want) -> float:
                return sum(a == b for a, b in zip(text.splitlines(), want)) / max(1, len(want))

            rows.append(
                Row(
                    "damage",
                    f"{name}, {mb:g} MB",
                    len(data),
                    t_ours,
                    "chardet + ftfy.fix_text",
                    t_naive,
                    2.0,
                    f"lines repaired: textmend {share(ours.text):.1%}, naive {share(naive):.1%}; "
                    f"textmend {t_ours / (len(data) / 1e6):.2f} s CPU per MB, {len(ours.changes)} changes",
                )
            )
    return rows


def bench_shapes() -> list[Row]:
    """The shapes of issue 13 in seconds of CPU per MB (target <= 1 s/MB). An input under 1 MB
    is timed several times and the median taken (the 200 short lines take a few milliseconds,
    which one run on a shared machine does not measure), as `bench_damage_kinds` does."""
    shapes = {
        "200 lines 'Subject: ä½ å¥½ ok'": ("Subject: ä½ å¥½ ok\n" * 200).encode(),
        "2 MB UTF-8 read as GBK, replaced": DAMAGE_KINDS[0][2](build_prose("zh", 2_000_000, 8)),
        "2 MB GBK read as latin-1": DAMAGE_KINDS[1][2](build_prose("zh", 2_000_000, 8)),
    }
    rows = []
    textmend.repair_bytes(shapes["2 MB GBK read as latin-1"][:3000])  # warm up: tables and models
    for name, data in shapes.items():
        runs: list[float] = []
        for _ in range(1 if len(data) >= 1_000_000 else 7):
            gc.collect()
            t = time.process_time()
            r = textmend.repair_bytes(data)
            runs.append(time.process_time() - t)
        dt = statistics.median(runs)
        per_mb = dt / (len(data) / 1e6)
        rows.append(
            Row(
                "shape",
                name,
                len(data),
                per_mb * len(data) / 1e6,
                "1 s per MB",
                len(data) / 1e6,
                1.0,
                f"{per_mb:.2f} s CPU per MB, {len(r.changes)} changes, {len(r.findings)} findings",
            )
        )
    return rows


def fixer_breakdown(text: str, repeat: int) -> dict[str, float]:
    """Seconds per stage on `text`: decoding, each fixer alone, and the pipeline's own bookkeeping."""
    from textmend import pipeline
    from textmend.decode import decode_bytes

    options = Options()
    data = text.encode("utf-8")
    out: dict[str, float] = {"decode": median_time(lambda: decode_bytes(data), repeat)}
    from textmend.context import Context
    from textmend.fixers import FIXERS

    for spec in FIXERS:
        out[spec.name] = median_time(lambda fix=spec.fix: fix(text, Context(options)), repeat)
    out["all fixers with bookkeeping"] = median_time(lambda: pipeline.run_fixers(text, options), repeat)
    return out


def find_make_cases() -> Path | None:
    """The shared eval's make_cases.py, if this checkout has it beside it."""
    for base in (ROOT.parent / "shared", ROOT / "shared", Path("/work/shared")):
        p = base / "eval" / "make_cases.py"
        if p.is_file() and (base / "eval" / "corpus").is_dir():
            return p
    return None


def load_cases(path: Path | None, tmp: Path, limit: int = 1000) -> tuple[list[dict[str, object]], str]:
    """Damaged cases: from `path`, from the shared eval, or generated here (at most `limit`,
    a seeded sample, so that a run takes a minute, not ten)."""
    if path is None:
        make = find_make_cases()
        if make is not None:
            path = tmp / "cases.jsonl"
            r = subprocess.run(
                [sys.executable, str(make), str(make.parent / "corpus"), str(path), "--seed", "1"],
                capture_output=True,
                text=True,
            )
            if r.returncode != 0:
                path = None
    if path is not None:
        with open(path, encoding="utf-8") as f:
            cases = [json.loads(line) for line in f]
        damaged = [c for c in cases if c.get("kind") != "clean"]
        if len(damaged) > limit:
            damaged = random.Random(5).sample(damaged, limit)
        return damaged, f"eval cases ({path.name})"
    return generated_cases(), "generated damaged text"


def generated_cases() -> list[dict[str, object]]:
    """Damaged text made here: Latin mojibake (once, twice), legacy encodings."""
    rng = random.Random(7)
    cases: list[dict[str, object]] = []

    def add(kind: str, data: bytes, expected: str) -> None:
        cases.append({"kind": kind, "input_b64": base64.b64encode(data).decode(), "expected": expected})

    for i in range(150):
        src = rng.choice([FR, DE])
        text = build_text(src, 600, 100 + i, per_line=2)
        add("mojibake", mojibake(text).encode("utf-8"), text)
        if i % 3 == 0:
            add("mojibake2", mojibake(mojibake(text)).encode("utf-8"), text)
    for i, (codec, src) in enumerate(
        [("gbk", ZH_HANS), ("shift_jis", JA), ("cp1251", RU), ("cp1252", FR)] * 40
    ):
        text = build_text(src, 800, 500 + i, per_line=2, sep="" if codec in ("gbk", "shift_jis") else " ")
        add("legacy", text.encode(codec), text)
    return cases


def bench_damaged(repeat: int, cases_path: Path | None, tmp: Path) -> list[Row]:
    cases, label = load_cases(cases_path, tmp)
    inputs = [
        (base64.b64decode(str(c["input_b64"])), dict(c.get("options") or {}), str(c["expected"]))
        for c in cases
    ]
    size = sum(len(d) for d, _, _ in inputs)
    converters: dict[str, opencc.OpenCC] = {}

    def naive(data: bytes, options: dict[str, object]) -> str:
        enc = chardet.detect(data)["encoding"] or "utf-8"
        try:
            text = data.decode(enc, errors="replace")
        except LookupError:
            text = data.decode("utf-8", errors="replace")
        text = ftfy.fix_encoding(text)
        script = options.get("script")
        if script in ("hans", "hant"):
            conv = converters.setdefault(str(script), opencc.OpenCC("t2s" if script == "hans" else "s2t"))
            text = conv.convert(text)
        return text

    def ours(data: bytes, options: dict[str, object]) -> str:
        try:
            return textmend.repair_bytes(data, **options).text  # type: ignore[arg-type]
        except textmend.TextmendError:
            return ""

    def timed(fn: Callable[[bytes, dict[str, object]], str], runs: int) -> tuple[float, float]:
        """Median time of `runs` passes over the cases, and the share repaired exactly."""
        times = []
        exact = 0.0
        for i in range(runs):
            gc.collect()
            t = time.perf_counter()
            outs = [fn(d, o) for d, o, _ in inputs]
            times.append(time.perf_counter() - t)
            if i == 0:
                exact = sum(got == exp for got, (_, _, exp) in zip(outs, inputs)) / max(1, len(inputs))
        return statistics.median(times), exact

    runs = max(1, min(repeat, 3))
    ours(*inputs[0][:2]), naive(*inputs[0][:2])  # warm up: tables, converters
    t_ours, exact_ours = timed(ours, runs)
    t_naive, exact_naive = timed(naive, runs)
    note = f"{len(inputs)} cases; exact repairs: textmend {exact_ours:.1%}, naive {exact_naive:.1%}"
    row = Row(
        "damaged",
        f"repair_bytes, {label}",
        size,
        t_ours,
        "chardet + ftfy (+OpenCC)",
        t_naive,
        2.0,
        note,
        {"exact_textmend": exact_ours, "exact_naive": exact_naive},
    )
    if exact_ours <= exact_naive and row.holds == "yes":
        row.note += " (repairs no more: target not met)"
    return [row]


def paired_fastest(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """The least CPU time of this process (`time.process_time`) of each of `fns` over `repeat`
    rounds that run each once, in turns (after one warm-up call each; see `paired_medians`).
    For calls of a millisecond or two: on a machine shared with other work, wall time counts
    the moments another process held the core, which fall on one side of a ratio or the other."""
    for fn in fns:
        fn()
    times = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            gc.collect()
            t = time.process_time()
            fn()
            times[i] = min(times[i], time.process_time() - t)
    return times


def paired_medians(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """The median wall time of each of `fns` over `repeat` rounds that run each once, in turns
    (after one warm-up call each): on a shared machine a slow second then falls on all of them,
    not on one side of a ratio."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            gc.collect()
            t = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t)
    return [statistics.median(ts) for ts in times]


def bench_script(repeat: int, size: int) -> list[Row]:
    """``--script X`` against OpenCC's own config for X on the same text, timed in turns: the
    whole pipeline (issue 19's target: at least 0.85 of OpenCC's speed) and the script fixer
    alone (OpenCC's engine on the text's bytes, and the fixer's screen; no target row: OpenCC
    is most of it)."""
    from textmend.context import Context
    from textmend.fixers import script as script_fixer
    from textmend.options import Options

    rows = []
    hans = build_text(ZH_HANS, size, 3, sep="")
    hant = opencc.OpenCC("s2t").convert(hans)
    # every target: Simplified prose to each Traditional form, and its s2t output back
    for target, config, text in (
        ("hant", "s2t", hans),
        ("hans", "t2s", hant),
        ("tw", "s2tw", hans),
        ("hk", "s2hk", hans),
    ):
        conv = opencc.OpenCC(config)
        assert textmend.repair_text(text, script=target).text == conv.convert(text)
        options = Options.make(target)
        t_peer, t_ours, t_fixer = paired_medians(
            [
                lambda text=text, conv=conv: conv.convert(text),
                lambda text=text, target=target: textmend.repair_text(text, script=target),
                lambda text=text, options=options: script_fixer.fix(text, Context(options)),
            ],
            repeat,
        )
        rows.append(
            Row(
                "script",
                f"--script {target} on Chinese prose",
                len(text.encode()),
                t_ours,
                f"OpenCC {config}",
                t_peer,
                0.85,
            )
        )
        rows.append(
            Row(
                "script",
                f"script fixer alone, {target}",
                len(text.encode()),
                t_fixer,
                f"OpenCC {config}",
                t_peer,
            )
        )
    return rows


def bench_detect(repeat: int) -> list[Row]:
    rows = []
    for codec, src, sep in (
        ("gbk", ZH_HANS, ""),
        ("big5", None, ""),
        ("shift_jis", JA, ""),
        ("cp1251", RU, " "),
        ("cp1252", FR, " "),
        ("utf-8", ZH_HANS, ""),
    ):
        if codec == "big5":
            text = opencc.OpenCC("s2t").convert(build_text(ZH_HANS, 100_000, 11, sep=""))
            text = text.encode("big5", errors="ignore").decode("big5")  # the few characters Big5 lacks
        else:
            assert src is not None
            text = build_text(src, 100_000, 12, sep=sep)
        data = text.encode(codec)
        got = textmend.detect(data)
        ok = data.decode(got.encoding if got.encoding != "ascii" else "utf-8") == text
        t_ours = median_time(lambda data=data: textmend.detect(data), repeat)
        t_peer = median_time(lambda data=data: chardet.detect(data), repeat)
        rows.append(
            Row(
                "detect",
                f"{codec} text",
                len(data),
                t_ours,
                "chardet.detect",
                t_peer,
                None,
                f"answer {got.encoding}{'' if ok else ' (WRONG)'}",
            )
        )
    return rows


def make_folder(tmp: Path, n: int = 200, size: int = 40_000) -> Path:
    folder = tmp / "tree"
    folder.mkdir(exist_ok=True)
    for i in range(n):
        src = [EN, FR, DE, ZH_HANS, JA, RU][i % 6]
        text = build_text(src, size, 1000 + i, sep="" if src in (ZH_HANS, JA) else " ")
        if i % 4 == 0 and src in (FR, DE):
            text = mojibake(text)
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def bench_jobs(repeat: int, folder: Path | None, tmp: Path) -> list[Row]:
    folder = folder or make_folder(tmp)
    targets = [t for t in textmend.io.files.walk([str(folder)]) if isinstance(t, Target)]
    size = sum(t.path.stat().st_size for t in targets if t.path is not None)
    job = runner.RepairJob(Options())

    def run(jobs: int) -> None:
        for _ in runner.process(targets, job, jobs):
            pass

    runs = max(1, min(repeat, 3))
    t1 = median_time(lambda: run(1), runs)
    t2 = median_time(lambda: run(2), runs)
    cores = runner.default_jobs()
    calib = parallel_capacity()
    return [
        Row(
            "jobs",
            f"check --jobs 2, {len(targets)} files",
            size,
            t2,
            "check --jobs 1",
            t1,
            1.6 if cores >= 2 else None,
            f"{cores} cores usable; right now the machine gives {calib:.2f}x to two processes of pure "
            f"Python arithmetic against one (load average {os.getloadavg()[0]:.1f})",
        )
    ]


def _burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def parallel_capacity() -> float:
    """How much faster two processes finish four equal CPU-bound tasks than one: the ceiling
    for any ``--jobs 2`` speedup at this moment (other programs share the cores too)."""
    from concurrent.futures import ProcessPoolExecutor

    n = 2_000_000
    t = time.perf_counter()
    for _ in range(4):
        _burn(n)
    one = time.perf_counter() - t
    with ProcessPoolExecutor(2, mp_context=runner.pool_context()) as ex:
        list(ex.map(_burn, [n]))  # start the workers
        t = time.perf_counter()
        list(ex.map(_burn, [n] * 4))
        two = time.perf_counter() - t
    return one / two


def bench_corpus(repeat: int, tmp: Path) -> list[Row]:
    """Corpus mode on generated JSONL: the plain engine with 1 and 2 workers, and Dask."""
    from textmend import corpus

    src = tmp / "crawl.jsonl"
    rng = random.Random(41)
    with open(src, "w", encoding="utf-8") as f:
        for i in range(40_000):
            lang = rng.choice([EN, FR, DE, ZH_HANS, RU])
            text = build_text(lang, 300, i, per_line=1, sep="" if lang is ZH_HANS else " ")
            if i % 10 == 0 and lang in (FR, DE):
                text = mojibake(text)
            f.write(
                json.dumps({"id": i, "url": f"https://example.org/{i}", "text": text}, ensure_ascii=False)
                + "\n"
            )
    size = src.stat().st_size
    job = corpus.RecordJob("text", Options())
    runs = max(1, min(repeat, 3))
    times: dict[str, float] = {}
    records = 0

    def plain(jobs: int) -> None:
        nonlocal records
        records = corpus.run_jsonl(src, tmp / "out.jsonl", job, jobs=jobs).records

    times["plain, 1 worker"] = median_time(lambda: plain(1), runs)
    times["plain, 2 workers"] = median_time(lambda: plain(2), runs)
    try:
        import dask.bag  # noqa: F401

        times["dask, local, 2 workers"] = median_time(
            lambda: corpus.run_dask(src, tmp / "out-dask.jsonl", job, jobs=2), runs
        )
    except ImportError:
        pass
    base = times["plain, 1 worker"]
    return [
        Row(
            "corpus",
            f"corpus {name}",
            size,
            t,
            "plain, 1 worker",
            base,
            None,
            f"{records / t:,.0f} records/s",
        )
        for name, t in times.items()
    ]


def bench_guard() -> list[Row]:
    """Each shape at 1 MB, once: the slowest must stay well under a second."""
    mb = 1_000_000
    shapes: dict[str, bytes] = {
        "clean English": build_text(EN, mb, 21).encode(),
        "clean Chinese": build_text(ZH_HANS, mb, 22, sep="").encode(),
        "Latin mojibake on every line": mojibake(build_text(FR + DE, mb, 23)).encode(),
        "GBK legacy file": build_text(ZH_HANS, mb, 24, sep="").encode("gbk"),
        "one 1 MB line, no line break": build_text(EN, mb, 25).replace("\n", " ").encode(),
        "mojibake characters only": ("Ã©" * (mb // 4)).encode(),
        "question marks only": b"?" * mb,
        "U+FFFD only": "\ufffd".encode() * (mb // 3),
        "pinyin-like annotations": ("經(jīng)濟(jì)" * (mb // 22)).encode(),
        "mixed UTF-8 and GBK lines": b"".join(
            (line.encode("gbk") if i % 7 == 3 else line.encode())
            for i, line in enumerate(
                build_text(ZH_HANS + EN, mb, 26, per_line=1, sep="").splitlines(keepends=True)
            )
        ),
    }
    rows = []
    for name, data in shapes.items():
        for script in ("auto", "hans"):
            t = time.perf_counter()
            try:
                textmend.repair_bytes(data, script=script)
            except textmend.TextmendError:
                pass
            dt = time.perf_counter() - t
            rows.append(Row("1 MB", f"{name} (--script {script})", len(data), dt, "1 s budget", 1.0, 1.0))
    return rows


def bench_big(size_mb: int, tmp: Path) -> list[Row]:
    """Stream-repair a large generated file in a child process; its peak RSS is the point."""
    need = size_mb * 2**20 * 2.2  # the file, the repaired copy, and room
    free = shutil.disk_usage(tmp).free
    if free < need:
        return [
            Row(
                "memory",
                f"{size_mb} MB file",
                0,
                0.0,
                "-",
                None,
                None,
                f"skipped: {free / 2**30:.1f} GiB free in {tmp}, {need / 2**30:.1f} GiB needed",
            )
        ]
    path = tmp / "big.txt"
    block_lines = build_text(EN + FR + ZH_HANS, 2**20, 31, per_line=2).splitlines(keepends=True)
    for i in range(0, len(block_lines), 1000):
        block_lines[i] = mojibake(block_lines[i])  # a little damage, so the file is rewritten
    block = "".join(block_lines).encode("utf-8")
    with open(path, "wb") as f:
        written = 0
        while written < size_mb * 2**20:
            f.write(block)
            written += len(block)
    size = path.stat().st_size
    # The child reports its own peak (VmHWM, which starts afresh at exec): the rusage of a child
    # also counts the pages of this process at the moment it was forked, which would make the
    # benchmark measure itself.
    child = (
        "import sys\nfrom textmend.cli import main\nrc = main(sys.argv[1:])\n"
        "try:\n    hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "except OSError:\n    import resource\n    hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "sys.stderr.write(f'PEAK-KB {hwm}\\n')\nsys.exit(rc)\n"
    )
    cmd = [sys.executable, "-c", child, "fix", "--quiet", "--jobs", "1", str(path)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    dt = time.perf_counter() - t
    err_lines = proc.stderr.decode(errors="replace").splitlines()
    peaks = [int(line.split()[1]) for line in err_lines if line.startswith("PEAK-KB ")]
    err = "\n".join(line for line in err_lines if not line.startswith("PEAK-KB "))
    code = proc.returncode
    peak_mb = peaks[0] / 1024 if peaks else float("nan")
    want = textmend.repair_bytes(block).data  # the file is whole blocks: so must the output be
    repaired = True
    with open(path, "rb") as f:
        while piece := f.read(len(want)):
            if piece != want:
                repaired = False
                break
    path.unlink()
    verdict = "output as expected" if repaired else "OUTPUT WRONG"
    note = f"peak RSS {peak_mb:,.0f} MB (target <= 200 MB), exit {code}, {verdict}"
    if err.strip():
        note += f"; stderr: {err.strip().splitlines()[-1][:80]}"
    row = Row(
        "memory",
        f"textmend fix, {size / 2**20:,.0f} MB file (streamed)",
        size,
        dt,
        "200 MB RSS",
        None,
        None,
        note,
        {"peak_rss_mb": peak_mb, "holds": peak_mb <= 200 and repaired},
    )
    return [row]


# --------------------------------------------------------------------------------------------
# Report


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for pkg in ("textmend", "ftfy", "chardet", "opencc", "dask", "pyarrow", "pandas"):
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            pass
    return [
        f"machine: {cpu}; {os.cpu_count()} cores ({runner.default_jobs()} usable); "
        f"{platform.system()} {platform.release()}",
        f"python {platform.python_version()} ({platform.python_implementation()}); " + ", ".join(versions),
    ]


def render(rows: list[Row], repeat: int) -> str:
    out = [
        f"textmend benchmark, {time.strftime('%Y-%m-%d %H:%M')}",
        *machine(),
        f"times are medians of {repeat} runs (2-3 for the slow peers, 1 for the 1 MB guard and the big"
        " file; the language section: the least CPU time of at least 7 rounds in turns);",
        "ratio = textmend throughput / peer throughput (20x: twenty times faster; 0.5x: half as fast)",
        "",
    ]
    head = (
        f"{'section':8} {'what':48} {'input':>9} {'textmend':>14} {'peer':28} {'peer speed':>14} "
        f"{'ratio':>8} {'target':>7} {'holds':>5}"
    )
    out += [head, "-" * len(head)]
    for r in rows:
        if r.section == "1 MB":
            continue
        ratio = f"{r.ratio:,.2f}x" if r.ratio is not None else "-"
        target = f">={r.target:.2f}x" if r.target is not None else ""
        holds = r.holds
        if r.section == "memory":
            holds = "yes" if r.extra.get("holds") else "NO"
            target = "<=200MB"
        out.append(
            f"{r.section:8} {r.what[:48]:48} {r.size / 1e6:>7.1f}MB {mbps(r.size, r.ours):>14} "
            f"{r.peer_name[:28]:28} {mbps(r.size, r.peer):>14} {ratio:>8} {target:>7} {holds:>5}"
        )
        if r.note:
            out.append(f"{'':8} {'  ' + r.note}")
    guard = [r for r in rows if r.section == "1 MB"]
    if guard:
        worst = max(guard, key=lambda r: r.ours)
        out += [
            "",
            f"1 MB inputs ({len(guard)} shapes x scripts): slowest {worst.what}: {worst.ours:.3f} s "
            f"({'holds' if worst.ours < 1.0 else 'DOES NOT hold'}: < 1 s)",
        ]
        for r in sorted(guard, key=lambda r: -r.ours)[:5]:
            out.append(f"  {r.ours:7.3f} s  {r.what}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is reported")
    ap.add_argument("--clean-mb", type=float, default=1.0, help="size of each clean and script input")
    ap.add_argument(
        "--cases", type=Path, help="eval cases (JSONL from make_cases.py) for the damaged-text row"
    )
    ap.add_argument("--folder", type=Path, help="a folder of files for the --jobs row (default: generated)")
    ap.add_argument("--big-mb", type=int, default=1024, help="size of the large file for the memory row")
    ap.add_argument("--no-big", action="store_true", help="skip the large-file row")
    ap.add_argument(
        "--only",
        help="comma-separated sections: clean,language,damage,shape,damaged,script,detect,jobs,corpus,"
        "guard,memory",
    )
    ap.add_argument(
        "--rows",
        help="comma-separated rows of the language section, by the first word of their name "
        "(en,fr,log,csv,json,source): the others are not run",
    )
    ap.add_argument("--json", type=Path, help="also write the rows here as JSON")
    ap.add_argument(
        "--damage-mb", default="0.1,1", help="document sizes (MB) of each damage kind, comma-separated"
    )
    args = ap.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    size = int(args.clean_mb * 1e6)
    rows_only = {r.strip().lower() for r in args.rows.split(",")} if args.rows else None
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="textmend-bench-") as d:
        tmp = Path(d)
        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            ("clean", lambda: bench_clean(args.repeat, size, tmp)),
            ("language", lambda: bench_languages(args.repeat, size, tmp, rows_only)),
            ("damage", lambda: bench_damage_kinds([float(x) for x in args.damage_mb.split(",")])),
            ("shape", bench_shapes),
            ("damaged", lambda: bench_damaged(args.repeat, args.cases, tmp)),
            ("script", lambda: bench_script(args.repeat, size)),
            ("detect", lambda: bench_detect(args.repeat)),
            ("jobs", lambda: bench_jobs(args.repeat, args.folder, tmp)),
            ("corpus", lambda: bench_corpus(args.repeat, tmp)),
            ("guard", bench_guard),
        ]
        if not args.no_big:
            steps.append(("memory", lambda: bench_big(args.big_mb, tmp)))
        for name, step in steps:
            if only is not None and name not in only:
                continue
            t = time.perf_counter()
            print(f"[{name}] ...", file=sys.stderr, flush=True)
            rows += step()
            print(f"[{name}] {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    print(render(rows, args.repeat))
    if args.json:
        args.json.write_text(
            json.dumps([{**r.__dict__, "ratio": r.ratio} for r in rows], indent=2, default=str)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
