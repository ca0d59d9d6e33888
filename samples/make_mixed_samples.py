#!/usr/bin/env python3
"""Write the binary samples for mixed encodings and lost characters from text kept here.

The samples are damaged on purpose, so they are generated rather than edited by hand:

    python samples/make_mixed_samples.py [OUTDIR]     (default: the folder of this script)

Each sample is a list of (text, encoding) pieces, concatenated as bytes. All sentences are
our own.
"""

from __future__ import annotations

import sys
from pathlib import Path

SAMPLES: dict[str, list[tuple[str, str]]] = {
    # a UTF-8 server log with lines written by a program that logs in GBK
    "mixed-utf8-log-gbk.txt": [
        ("2024-05-01 08:00:01 服务启动，监听端口 8080\n2024-05-01 08:00:02 读取配置文件成功\n", "utf-8"),
        ("2024-05-01 08:00:03 数据库连接失败，正在重试\n2024-05-01 08:00:05 第二次重试成功\n", "gbk"),
        ("2024-05-01 08:00:06 开始处理请求\n2024-05-01 08:10:00 shutting down\n", "utf-8"),
    ],
    # a CSV concatenated from a UTF-8 export and a cp1252 export
    "mixed-csv-utf8-cp1252.csv": [
        ("name;city;note\nJosé Núñez;Málaga;café con leche\nAnna Öberg;Malmö;smörgås\n", "utf-8"),
        ("Zoë Brontë;Genève;“déjà vu” – 5 €\nFrançois Ça;Besançon;crème brûlée\n", "cp1252"),
    ],
    # a Big5 subtitle file with an advert line added in UTF-8
    "mixed-big5-subtitles.srt": [
        ("1\n00:00:01,000 --> 00:00:03,000\n我們明天早上在車站見面吧。\n\n", "big5"),
        ("2\n00:00:04,000 --> 00:00:06,000\n最新電影請上本站下載字幕\n\n", "utf-8"),
        ("3\n00:00:07,000 --> 00:00:09,000\n好的，不見不散。\n", "big5"),
    ],
    # a UTF-8 page with a paragraph pasted from a Shift_JIS page
    "mixed-html-shift-jis.html": [
        ("<html><body>\n<p>Welcome to our shop — open every day.</p>\n", "utf-8"),
        ("<p>当店は毎日午前十時から営業しております。お気軽にお越しください。</p>\n", "shift_jis"),
        ("<p>Prices in € include VAT.</p>\n</body></html>\n", "utf-8"),
    ],
    # Russian notes: UTF-8, with lines pasted from a cp1251 document
    "mixed-russian-cp1251.txt": [
        ("Заметки о поездке в Казань.\n", "utf-8"),
        ("Поезд отправился в семь утра, в вагоне было тепло.\n", "cp1251"),
        ("В Казани нас встретили друзья.\n", "utf-8"),
        ("Вечером гуляли по набережной и пили чай.\n", "cp1251"),
    ],
    # a GBK file with one stray byte: a finding, the file is not written
    "mixed-gbk-stray-byte.txt": [
        ("北京今天的天气很好，适合出去散步。\n公园里有很多人在锻炼身体。\n", "gbk"),
        ("\x80\n", "latin-1"),
        ("晚上还会有一场露天音乐会。\n", "gbk"),
    ],
    # a UTF-8 file with a character cut in half
    "mixed-utf8-truncated.txt": [
        ("第一行正常。\n第二行被截断", "utf-8"),
        ("\xe6\x96\n", "latin-1"),
    ],
    # characters lost to '?' by a conversion to Latin-1, and U+FFFD
    "lost-question-marks.txt": [
        (("Lab report\n\nThe samples were kept at 4 ?C and heated to 37 ?C before the test.\n"
         "The arm was rotated by 90?, then locked; the station sits at 47?22' N.\n"
         "Our office in Z?rich is closed from 1995?2005 ... I don?t know why.\n"
         "Is the result correct? See https://example.org/report?id=7 for details.\n"
         "SELECT * FROM samples WHERE id = ?\n"
         "Copyright ? 2001-2024 Example Labs Ltd. All rights reserved.\n"), "utf-8"),
    ],
    "lost-cjk-and-replacement.txt": [
        (("北京?天气很好，东京????也不错。\n"
         "Das Stra\ufffde ist gesperrt.\n"
         "? 2023 示例网络科技有限公司 版权所有\n"), "utf-8"),
    ],
}


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent
    out.mkdir(parents=True, exist_ok=True)
    for name, pieces in SAMPLES.items():
        (out / name).write_bytes(b"".join(text.encode(codec) for text, codec in pieces))
    print(f"wrote {len(SAMPLES)} samples to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
