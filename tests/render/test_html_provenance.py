"""Provenance a reader of the HTML can see, tried in a real browser.

A review copy marks every traceable number, table caption and quotation reference (a dotted underline,
focusable, role=button); clicking one, or Enter on it, opens a panel with its account — the sentence
and its chapter file:line, the table cell, the rule, the turns counted per informant, the quoted text —
and the id ``naskah trace`` accepts; Escape closes it and gives focus back; on paper neither shows.
The mini project is built once (a quoted turn is given a ``</script><b>…</b>`` to prove that data
stays text), then headless Chromium (Debian's ``chromium`` and ``chromium-driver``, through Selenium)
clicks and types in it. The expected texts come from the build's own records (results/crossref.json),
not from a copy of the HTML. Without Chromium, chromedriver or Selenium the browser tests skip.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINI

from naskah import cli

EPOCH = "1767225600"  # 2026-01-01
HOSTILE = "</script><b>tebal</b>"  # appended to a quoted turn: must reach the reader as these characters


def naskah(project: Path, *args: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert cli.main(list(args)) == 0, args


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The mini project's review HTML (results/thesis.html) and final HTML (results/final.html)."""
    target = tmp_path_factory.mktemp("html-provenance") / "mini"
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("results"))
    transcript = target / "data/transcripts/A01.csv"
    text = transcript.read_text(encoding="utf-8")
    old = "4,A01,Pilihannya cuma dua | mau atau tidak *serius*.,awal"
    assert old in text
    transcript.write_text(text.replace(old, f'4,A01,"Pilihannya cuma dua | mau atau tidak *serius*. {HOSTILE}",awal'),
                          encoding="utf-8")
    for step in (["analyse"], ["literature"], ["assemble"], ["render", "html", "--out", "results/thesis.html"]):
        naskah(target, *step)
    records = json.loads((target / "results/crossref.json").read_text(encoding="utf-8"))
    (target / "records.json").write_text(json.dumps(records), encoding="utf-8")  # before the final build
    naskah(target, "--mode", "final", "assemble")
    naskah(target, "--mode", "final", "render", "html", "--out", "results/final.html")
    return target


@pytest.fixture(scope="module")
def records(project) -> dict:
    return json.loads((project / "records.json").read_text(encoding="utf-8"))


def number(records: dict, ident: str) -> dict:
    return next(n for n in records["numbers"] if n["id"] == ident)


# --- the page itself (no browser) ---------------------------------------------------------------------------


def test_the_review_copy_carries_markers_data_and_script_inline(project, records):
    html = (project / "results/thesis.html").read_text(encoding="utf-8")
    for n in records["numbers"]:
        assert re.search(rf'<span id="{n["id"]}" class="naskah-num"[^>]*tabindex="0" role="button"[^>]*'
                         rf'aria-expanded="false"[^>]*data-naskah-trace="{n["id"]}"', html), n["id"]
    caption = r'<caption><span class="caption-label"[^>]*data-naskah-trace="tbl:stage-coverage">Tabel 2\.1<'
    assert re.search(caption, html)
    assert re.search(r'<a href="#quote-A02-2"[^>]*data-naskah-trace="A02:2">\(A02, giliran 2\)</a>', html)
    # one file: the script and its data are inline, nothing is loaded from anywhere
    assert not re.search(r"<script[^>]* src=|<link[^>]* href=\"?https?:|@import|url\(\s*['\"]?https?:", html)
    data = re.search(r'<script type="application/json" id="naskah-panel-data">(.*?)</script>', html, re.S)
    assert HOSTILE not in data.group(1) and "\\u003c/script>\\u003cb>tebal" in data.group(1)
    accounts = json.loads(data.group(1))["accounts"]
    assert set(accounts) == {n["id"] for n in records["numbers"]} | {q["ref"] for q in records["quotes"]} | {
        "tbl:informants", "tbl:stage-coverage"}


def test_the_final_copy_has_no_marker_no_panel_and_no_script(project):
    html = (project / "results/final.html").read_text(encoding="utf-8")
    for text in ("data-naskah-trace", "naskah-panel", 'role="button"', "tabindex"):
        assert text not in html, text
    # no code at all (a draft may carry its manifest as JSON data: provenance.embedded)
    assert all('type="application/json"' in attrs for attrs in re.findall(r"<script\b([^>]*)>", html))


# --- in the browser ----------------------------------------------------------------------------------------


def _executable(*names: str) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="Selenium is not installed (pip install -e '.[test]')")
    chromium = _executable("chromium", "chromium-browser")
    driver_path = _executable("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("headless Chromium is not installed (Debian: apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1100,800", "--disable-extensions", "--no-first-run"):
        options.add_argument(argument)
    # both paths given: Selenium uses them as they are and never looks a driver up online
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, project):
    """The review copy freshly loaded, on screen."""
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.get((project / "results/thesis.html").as_uri())
    return browser


def marker(driver, trace: str):
    from selenium.webdriver.common.by import By

    found = driver.find_element(By.CSS_SELECTOR, f'[data-naskah-trace="{trace}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", found)
    return found


def panel_state(driver) -> dict:
    return driver.execute_script("""
        const panel = document.getElementById('naskah-panel');
        const active = document.activeElement;
        return {open: panel.open, shown: getComputedStyle(panel).display !== 'none', text: panel.innerText,
                active: active && active.getAttribute('data-naskah-trace'),
                bold: panel.querySelectorAll('b, script').length};""")


def keys(driver, *sequence: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*sequence).perform()


def style(driver, element, *properties: str) -> list[str]:
    return driver.execute_script("const s = getComputedStyle(arguments[0]); return arguments[1].map(p => s[p]);",
                                 element, list(properties))


def test_traceable_numbers_tables_and_quotes_are_underlined_dotted(page):
    for trace in ("n2", "tbl:informants", "A01:4"):
        assert style(page, marker(page, trace), "textDecorationLine", "textDecorationStyle", "cursor") == [
            "underline", "dotted", "pointer"], trace
    plain = page.execute_script("return document.querySelector('.caption-source p')")  # not traceable
    assert style(page, plain, "textDecorationLine")[0] == "none"


def test_clicking_a_number_opens_its_account_and_escape_closes_it(page, records):
    from selenium.webdriver.common.keys import Keys

    n2 = number(records, "n2")
    target = marker(page, "n2")
    assert panel_state(page)["open"] is False and target.get_attribute("aria-expanded") == "false"
    target.click()
    state = panel_state(page)
    assert state["open"] and state["shown"] and target.get_attribute("aria-expanded") == "true"
    text = " ".join(state["text"].split())
    assert "naskah trace n2" in text
    assert f"{n2['chapter']}:{n2['line']}" in text and " ".join(n2["sentence"].split()) in text
    informants = sorted({ref.split(":")[0] for ref in n2["refs"]})
    assert f"Dihitung dari {len(n2['refs'])} giliran dalam {len(informants)} transkrip" in text
    for informant in informants:
        turns = ", ".join(ref.split(":")[1] for ref in n2["refs"] if ref.startswith(f"{informant}:"))
        assert f"{informant} (data/transcripts/{informant}.csv): giliran {turns}" in text
    keys(page, Keys.ESCAPE)
    state = panel_state(page)
    assert not state["open"] and not state["shown"] and target.get_attribute("aria-expanded") == "false"
    assert state["active"] == "n2"  # focus is back on the number


def test_tab_reaches_a_number_and_enter_opens_the_panel(page, records):
    from selenium.webdriver.common.keys import Keys

    # the citation link right before the first number of Bab I: one Tab further is the number
    page.execute_script("document.querySelector('[data-naskah-trace=\"n1\"]').parentElement"
                        ".querySelector('.citation a').focus()")
    keys(page, Keys.TAB)
    assert panel_state(page)["active"] == "n1"
    keys(page, Keys.ENTER)
    state = panel_state(page)
    n1 = number(records, "n1")
    assert state["open"] and "naskah trace n1" in state["text"] and f"{n1['chapter']}:{n1['line']}" in state["text"]
    keys(page, Keys.ESCAPE)
    assert not panel_state(page)["open"] and panel_state(page)["active"] == "n1"
    marker(page, "tbl:informants")
    page.execute_script("document.querySelector('[data-naskah-trace=\"tbl:informants\"]').focus()")
    keys(page, Keys.SPACE)  # the other key of a button
    text = " ".join(panel_state(page)["text"].split())
    assert "naskah trace tbl:informants" in text and "Tabel 1.1 — Karakteristik informan" in text
    assert "results/tables/informants.csv" in text and "Dihitung dari data/informants.csv" in text


def test_a_quotation_reference_opens_its_turn_as_text_then_leads_to_the_lampiran(page, records):
    quote = next(q for q in records["quotes"] if q["ref"] == "A01:4")
    marker(page, "A01:4").click()
    state = panel_state(page)
    assert page.execute_script("return location.hash") == ""  # the panel opened, the page did not jump
    text = " ".join(state["text"].split())
    assert "Kutipan — A01, giliran 4" in text and f"{quote['transcript']}:{quote['line']}" in text
    assert "naskah trace A01:4" in text
    assert HOSTILE in state["text"] and state["bold"] == 0  # the quoted text is text, never markup
    link = page.execute_script("return document.querySelector('#naskah-panel a[href=\"#quote-A01-4\"]')")
    link.click()
    assert page.execute_script("return location.hash") == "#quote-A01-4" and not panel_state(page)["open"]


def test_print_shows_neither_the_markers_nor_the_panel(page):
    marker(page, "n2").click()
    assert panel_state(page)["shown"]
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not panel_state(page)["shown"]
        for trace in ("n2", "tbl:informants", "A01:4"):
            assert style(page, marker(page, trace), "textDecorationLine")[0] == "none", trace
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert panel_state(page)["shown"]  # and back on screen: the emulation was what hid it


def test_screen_readers_are_told_the_state(page, records):
    target = marker(page, "n3")
    assert target.get_attribute("role") == "button" and target.get_attribute("aria-controls") == "naskah-panel"
    target.click()
    labelled = page.execute_script(
        "const p = document.getElementById('naskah-panel');"
        "return [p.tagName, document.getElementById(p.getAttribute('aria-labelledby')).textContent]")
    assert labelled[0] == "DIALOG" and labelled[1].startswith(f"Angka {number(records, 'n3')['value']} — ")
    marker(page, "n2").click()  # another marker: the first is collapsed again
    assert target.get_attribute("aria-expanded") == "false"
    assert marker(page, "n2").get_attribute("aria-expanded") == "true"

