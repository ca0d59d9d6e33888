"""Per-call state: repairs in 8 threads give what the same repairs give one after another.

The engine once kept the count of characters its screening encode could not encode in a
module-level dict, which another thread could overwrite between writing and reading it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import textmend

CLEAN = [
    "Les élèves préparent l’exposition du marché.",
    "Вчера вечером в парке играл оркестр.",
    "今天下午三点，图书馆的阅览室里坐满了学生。",
    "우리는 오늘 도서관에서 만났습니다.",
]


def _inputs() -> list[bytes]:
    out: list[bytes] = []
    for i, text in enumerate(CLEAN * 6):
        line = f"{i}: {text}\n" * (1 + i % 3)
        out.append(line.encode())
        for codec in ("cp1252", "gbk", "cp1251", "euc_kr", "shift_jis"):
            out.append(line.encode().decode(codec, "replace").encode())
        for codec in ("gbk", "cp1251", "euc_kr"):
            try:
                out.append(line.encode(codec).decode("cp1252", "replace").encode())
            except UnicodeEncodeError:
                pass
    return out


def test_eight_threads_repair_as_one_does() -> None:
    inputs = _inputs()
    sequential = [textmend.repair_bytes(d) for d in inputs]
    with ThreadPoolExecutor(8) as pool:
        threaded = list(pool.map(textmend.repair_bytes, inputs))
    assert [r.text for r in threaded] == [r.text for r in sequential]
    assert [[(c.code, c.start, c.after) for c in r.changes] for r in threaded] == [
        [(c.code, c.start, c.after) for c in r.changes] for r in sequential
    ]
    assert sum(r.changed for r in sequential) > len(inputs) // 2  # the inputs are damaged, mostly
