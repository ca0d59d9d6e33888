"""The HTML report (--report html): self-contained, and readable by a person in a real browser.

The browser tests open the page in headless Chromium (Debian's chromium and chromium-driver,
which .ci/run installs) and look at what is rendered: visible text, marks with a colour,
before and after side by side. Without Chromium they skip locally, but never in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_report_json import BAKERY, BAKERY_MOJIBAKE, workspace

from textmend.report import Collector, render
from textmend.result import Finding, Repair

TRADITIONAL = "我們明天一起去圖書館複習功課吧。\n"
SIMPLIFIED = "我们明天一起去图书馆复习功课吧。\n"


def html_report(cli, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "report.html"
    r = cli("check", "--report", "html", "--report-file", str(out), *args)
    assert r.code == 1, r.err
    return out


def test_page_is_self_contained(cli, tmp_path: Path) -> None:
    workspace(tmp_path / "in")
    page = html_report(cli, tmp_path, str(tmp_path / "in")).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # a Content-Security-Policy that forbids every load
    assert not re.search(r"<(script|link|img|iframe|object)\b", page, re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=\s*\"(?!#)", page)  # only in-page anchors
    assert "url(" not in page and "@import" not in page


def test_file_content_is_escaped(tmp_path: Path) -> None:
    original = "<script>alert('Ã©')</script>\n"
    from textmend.result import Change

    change = Change("TM201", "mojibake", "Ã©", "é", start=15, end=17, line=1, col=16)
    c = Collector("check")
    c.repaired(
        "<b>evil</b>.txt", Repair(original.replace("Ã©", "é"), original, [change], [], "utf-8"), written=False
    )
    page = render(c.report, "html")
    assert "<script>" not in page and "<b>evil" not in page
    assert "&lt;script&gt;alert(&#x27;" in page


def test_a_huge_file_shows_a_bounded_number_of_rows(tmp_path: Path) -> None:
    from textmend.result import Change

    line = "CafÃ© au lait\n"
    original = line * 2000
    changes = [
        Change(
            "TM201", "mojibake", "Ã©", "é", start=i * len(line) + 3, end=i * len(line) + 5, line=i + 1, col=4
        )
        for i in range(2000)
    ]
    c = Collector("check")
    c.repaired("big.txt", Repair(original.replace("Ã©", "é"), original, changes, [], "utf-8"), written=False)
    page = render(c.report, "html")
    assert page.count('<tr class="changed">') == 400
    assert "1600 more changed lines not shown" in page


# --------------------------------------------------------------------------- in a browser


def _chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    found = _chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium and chromedriver must be installed in CI (.ci/run installs them)")
        pytest.skip("needs Chromium and chromedriver: apt-get install chromium chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
    ):
        options.add_argument(arg)
    profile = tempfile.mkdtemp(prefix="textmend-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(found[1]), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _coloured(element) -> bool:
    """Whether an element paints a background (what makes a mark visible)."""
    colour = element.value_of_css_property("background-color")
    return colour not in ("transparent", "rgba(0, 0, 0, 0)")


def test_a_person_sees_summary_and_side_by_side_changes(cli, tmp_path: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    paths = workspace(tmp_path / "in")
    (tmp_path / "in" / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    page = html_report(cli, tmp_path, "--script", "hans", str(tmp_path / "in"))
    browser.get(page.as_uri())

    assert "textmend report" in browser.title
    heading = browser.find_element(By.TAG_NAME, "h1")
    assert heading.is_displayed() and heading.text == "textmend report"

    # the summary table: one row per file with something to show, the clean file only counted
    rows = browser.find_elements(By.CSS_SELECTOR, "table.summary tbody tr")
    shown = {row.find_element(By.TAG_NAME, "a").text: row.text for row in rows}
    assert set(shown) == {str(paths[n]) for n in ("notice.txt", "bakery.txt", "people.csv")} | {
        str(tmp_path / "in" / "trad.txt")
    }
    assert "would-fix" in shown[str(paths["notice.txt"])]
    assert "gb18030 → utf-8" in shown[str(paths["notice.txt"])]
    summary = browser.find_element(By.ID, "summary")
    assert "1 clean file not listed" in summary.text
    assert all(row.is_displayed() for row in rows)

    # the mojibake file: before on the left, after on the right, on the same row
    section = _section(browser, str(paths["bakery.txt"]))
    first = section.find_elements(By.CSS_SELECTOR, "table.sbs tr.changed")[0]
    before = first.find_element(By.CSS_SELECTOR, "td.before")
    after = first.find_element(By.CSS_SELECTOR, "td.after")
    # (a browser's visible text shows the no-break space of "Ã\xa0" as a space)
    assert before.text == BAKERY_MOJIBAKE.splitlines()[0].replace("\xa0", " ")
    assert after.text == BAKERY.splitlines()[0]
    assert before.rect["y"] == after.rect["y"]
    assert after.rect["x"] >= before.rect["x"] + before.rect["width"]

    # the changed spans are marked with a colour, and say why on hover and beside the line
    old_marks = before.find_elements(By.TAG_NAME, "mark")
    new_marks = after.find_elements(By.TAG_NAME, "mark")
    assert old_marks and new_marks
    assert all(m.is_displayed() and _coloured(m) for m in old_marks + new_marks)
    assert "Ã¨" in old_marks[0].text and "è" in "".join(m.text for m in new_marks)
    assert old_marks[0].get_attribute("title").startswith("TM201 latin-mojibake")
    assert new_marks[0].get_attribute("title").startswith("TM201")
    why = first.find_element(By.CSS_SELECTOR, "td.why")
    assert why.is_displayed() and why.text.startswith("TM201 mojibake")

    # an invisible byte-order mark is shown by its code point
    bom = _section(browser, str(paths["people.csv"])).find_element(By.CSS_SELECTOR, "td.before mark")
    assert bom.text == "U+FEFF" and bom.is_displayed()

    # the GBK file changes no line: the page says the encoding changes, with the rule
    notice = _section(browser, str(paths["notice.txt"]))
    assert "Encoding: gb18030" in notice.text and "→ utf-8" in notice.text
    assert "TM101 decoded from gb18030" in notice.text

    # script conversion, side by side
    trad = _section(browser, str(tmp_path / "in" / "trad.txt"))
    row = trad.find_element(By.CSS_SELECTOR, "tr.changed")
    assert row.find_element(By.CSS_SELECTOR, "td.before").text == TRADITIONAL.strip()
    assert row.find_element(By.CSS_SELECTOR, "td.after").text == SIMPLIFIED.strip()

    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_findings_are_underlined_with_their_candidates(tmp_path: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    original = "Le prix est de 12 ? pour deux personnes.\n"
    finding = Finding(
        "TM410", "'?' standing where a character was lost", "?", ("€", "£"), start=18, end=19, line=1, col=19
    )
    c = Collector("check")
    c.repaired("prix.txt", Repair(original, original, [], [finding], "utf-8"), written=False)
    page = tmp_path / "findings.html"
    page.write_text(render(c.report, "html"), encoding="utf-8")
    browser.get(page.as_uri())
    mark = browser.find_element(By.CSS_SELECTOR, "td.before mark.find")
    assert mark.text == "?" and mark.is_displayed()
    assert "wavy" in mark.value_of_css_property("text-decoration")
    why = browser.find_element(By.CSS_SELECTOR, "td.why")
    assert "TM410" in why.text and "candidates: €, £" in why.text
    status = browser.find_element(By.CSS_SELECTOR, "table.summary .status")
    assert status.text == "findings"


def _section(browser, path: str):
    from selenium.webdriver.common.by import By

    for section in browser.find_elements(By.CSS_SELECTOR, "section.file"):
        if section.find_element(By.TAG_NAME, "h2").text == path:
            return section
    raise AssertionError(f"no section for {path}")


def test_lines_are_paired_when_a_repair_removes_a_line() -> None:
    """A change that joins two lines: the unchanged lines stay paired, the lost line stands alone."""
    from html.parser import HTMLParser

    from textmend.result import Change

    original = "Titel\nZeile eins\n?\nZeile zwei\nEnde\n"
    fixed = "Titel\nZeile eins\nZeile zwei\nEnde\n"
    start = original.index("?")
    change = Change("TM999", "a stray line removed", "?\n", "", start=start, end=start + 2, line=3, col=1)
    c = Collector("check")
    c.repaired("zeilen.txt", Repair(fixed, original, [change], [], "utf-8"), written=False)

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.in_sbs = False
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "table" and ("class", "sbs") in attrs:
                self.in_sbs = True
            elif self.in_sbs and tag == "tr":
                self.rows.append([])
            elif self.in_sbs and tag == "td":
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag == "td" and self.cell is not None:
                self.rows[-1].append("".join(self.cell))
                self.cell = None
            elif tag == "table":
                self.in_sbs = False

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    parser = Rows()
    parser.feed(render(c.report, "html"))
    rows = [r[:4] for r in parser.rows if len(r) == 5]
    assert ["2", "Zeile eins", "2", "Zeile eins"] in rows
    assert ["3", "?", "", ""] in rows
    assert ["4", "Zeile zwei", "3", "Zeile zwei"] in rows


def test_bidi_and_control_characters_are_shown_as_code_points_in_every_line(tmp_path: Path) -> None:
    # a Trojan Source line: what a browser shows must be what the file holds
    original = "access = 'user\u202e \u2066// admin\u2069 \u2066'\nCafÃ© \x1b[31mred\n"
    from textmend.result import Change

    start = original.index("Ã©")
    change = Change("TM201", "mojibake", "Ã©", "é", start=start, end=start + 2, line=2, col=4)
    c = Collector("check")
    c.repaired(
        "trojan.py", Repair(original.replace("Ã©", "é"), original, [change], [], "utf-8"), written=False
    )
    page = render(c.report, "html")
    for ch in "\u202e\u2066\u2069\x1b":
        assert ch not in page, hex(ord(ch))
    assert '<span class="cp">U+202E</span>' in page and '<span class="cp">U+001B</span>' in page


def test_an_encoding_only_change_shows_the_text_as_decoded(cli, tmp_path: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "legacy.txt").write_bytes("Déjà vu à la gare, café crème.\n".encode("cp1252"))
    page = html_report(cli, tmp_path, "--encoding", "cp1257", str(tmp_path / "in"))
    browser.get(page.as_uri())
    note = browser.find_elements(By.CSS_SELECTOR, "section.file p.note")
    assert any("Read as cp1257, the file begins:" in n.text for n in note)
    cell = browser.find_element(By.CSS_SELECTOR, "table.preview td.after")
    assert cell.is_displayed()
    assert cell.text == "Déjà vu à la gare, café crème.".encode("cp1252").decode("cp1257")
