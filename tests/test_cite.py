"""Cite this: every numbered paragraph, item and key action offers its citation
and permalink, copied with one action (hooks/citations.py, assets/cite.js).
The words come from the data; the button is a real button that the keyboard
reaches, that a screen reader hears, that stays out of a copied selection of
the text and of the search index, and that moves nothing on the page."""

from __future__ import annotations

import ast
import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hooks import citations
from hooks.model import Text
from hooks.pages import anchor_page

from .conftest import LANGUAGES, SITE_URL, indexed_text, page_url, serve
from .test_accessibility import violations

ROOT = Path(__file__).resolve().parent.parent
COORDINATION = "/annex-1/coordination/"


# hooks/citations.py ----------------------------------------------------------


@pytest.mark.parametrize("anchor, lang, expected", [
    ("a1-16-d-ii", "en", "CBD decision XIII/24, annex I, para. 16(d)(ii)"),
    ("a1-16-d-ii", "zh", "《生物多样性公约》第 XIII/24 号决定附件一第 16(d)(ii) 段"),
    ("a1-5", "en", "CBD decision XIII/24, annex I, para. 5"),
    ("a2-17-a", "en", "CBD decision XIII/24, annex II, para. 17(a)"),
    ("a2-17-a", "zh", "《生物多样性公约》第 XIII/24 号决定附件二第 17(a) 段"),
    ("dec-9", "en", "CBD decision XIII/24, para. 9"),
    ("dec-9", "zh", "《生物多样性公约》第 XIII/24 号决定第 9 段"),
    ("ea-2", "en", "UNEP/EA.3/17, para. 2"),
    ("ea-2", "zh", "UNEP/EA.3/17 号文件第 2 段"),
    ("ka-a-1-1", "en", "CBD decision XIII/24, annex II, table of key actions, A.1"),
    ("ka-a-1-1", "zh", "《生物多样性公约》第 XIII/24 号决定附件二关键行动一览表 A.1"),
])
def test_a_citation_names_document_part_and_paragraph(dataset, anchor, lang, expected):
    assert citations.citation(dataset, anchor, lang) == expected


def test_a_citation_is_made_of_the_data(dataset):
    """Other words in sources.yaml, a document and site.yaml give another citation."""
    source = dataset.sources["cbd-cop-dec-xiii-24"]

    def english(text, words):
        return Text({**text.values, "en": words}, text.pending)

    other = dataclasses.replace(dataset, sources={
        **dataset.sources,
        source.id: dataclasses.replace(source, cite_as=english(
            source.cite_as, "Decision 13/24 of the COP"))},
        strings={**dataset.strings, "cite.paragraph-of-part": english(
            dataset.strings["cite.paragraph-of-part"], "{document} ({part}), ¶ {ref}")},
        anchors={**dataset.anchors, "a1-5": dataclasses.replace(
            dataset.anchors["a1-5"], part=english(dataset.anchors["a1-5"].part, "the first annex"))})
    assert citations.citation(other, "a1-5", "en") == "Decision 13/24 of the COP (the first annex), ¶ 5"
    assert citations.place(other, "a1-16-d-ii", "en") == "para. 16(d)(ii)"
    assert citations.place(other, "ka-a-1-1", "zh") == "A.1"


def code_of(path: Path) -> str:
    """The code of a Python or JavaScript file, without its comments and docstrings."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        tree = ast.parse(text)
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                    and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                body[0] = ast.Pass()
        return ast.unparse(tree)
    return re.sub(r"^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S), flags=re.M)


def test_the_code_of_citations_names_no_document_and_no_language():
    for path in (ROOT / "hooks" / "citations.py", ROOT / "overrides" / "assets" / "cite.js"):
        code = code_of(path)
        assert "citation" in code
        for word in ("XIII", "annex", "CBD", "UNEP", "decision", '"zh"', '"en"', "'zh'", "'en'"):
            assert word not in code, (path.name, word)


# The built pages ----------------------------------------------------------------


class CiteButtons(HTMLParser):
    """The cite buttons of a page: the anchor their permalink names, their
    citation, accessible name and words, and whether they sit in an element
    left out of the search index."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.buttons: list[dict] = []
        self.stack: list[dict] = []
        self.button: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "button") and self.stack and "syn-cite" in (
                self.stack[-1].get("class") or "").split():
            wrapper = self.stack[-1]
            if tag == "a":
                wrapper["href"] = attrs.get("href")
            else:
                self.button = {"anchor": (wrapper.get("href") or "").lstrip("#"),
                               "cite": attrs.get("data-cite"), "label": attrs.get("aria-label"),
                               "type": attrs.get("type"), "text": "",
                               "excluded": "data-search-exclude" in wrapper}
                self.buttons.append(self.button)
        if tag not in ("a", "button", "br", "input", "link", "meta", "img"):
            self.stack.append(attrs)

    def handle_endtag(self, tag):
        if tag == "button":
            self.button = None
        elif tag not in ("a", "br", "input", "link", "meta", "img") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.button is not None:
            self.button["text"] += data


def buttons_of(path: Path) -> list[dict]:
    parser = CiteButtons()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.buttons


def test_every_numbered_paragraph_item_and_key_action_offers_its_citation(site, dataset):
    for lang in LANGUAGES:
        found: dict[str, dict] = {}
        for page in sorted({anchor_page(dataset, anchor_id) for anchor_id in dataset.anchors}):
            for button in buttons_of(site / page_url(page, lang) / "index.html"):
                found[button["anchor"]] = button
        numbered = {anchor.id for anchor in dataset.anchors.values() if anchor.ref}
        assert set(found) == numbered, lang
        for anchor_id, button in found.items():
            assert button["cite"] == citations.citation(dataset, anchor_id, lang)
            assert button["type"] == "button" and button["excluded"]
            assert button["text"] == dataset.strings["cite.button"][lang]
            # its name says which paragraph, and starts with the word it shows
            place = citations.place(dataset, anchor_id, lang)
            assert place in button["label"] and button["label"].startswith(button["text"])


def test_the_citation_control_stays_out_of_the_search_index(search_pages, dataset):
    for lang in ("zh", "en"):
        text = indexed_text(search_pages[lang])
        for anchor in ("a1-16-d-ii", "dec-9", "ka-a-1-1"):
            assert citations.citation(dataset, anchor, lang) not in text
            label = dataset.strings["cite.button-label"][lang].replace(
                "{place}", citations.place(dataset, anchor, lang))
            assert label not in text
        # nor the words the button shows beside a paragraph's last words
        last = "满足报告要求；" if lang == "zh" else "meeting reporting requirements;"
        assert last in text
        assert last + " " + dataset.strings["cite.button"][lang] not in text
        assert last + dataset.strings["cite.button"][lang] not in text
        # the paragraphs themselves are still found
        assert ("将各联络点和机构联系起来" if lang == "zh" else "Link focal points and institutions") in text


# In a browser -----------------------------------------------------------------


@pytest.fixture
def clipboard_page(browser, server):
    """A page whose browser context may read and write the clipboard."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    yield tab
    context.close()
    assert tab.errors == []


def status_text(tab) -> str:
    tab.wait_for_function("document.querySelector('[data-cite-status]').textContent !== ''")
    return tab.inner_text("[data-cite-status]")


def focused(tab) -> dict:
    return tab.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {cls: e.className, cite: e.dataset.cite || null, outline: s.outlineStyle,
                width: parseFloat(s.outlineWidth), opacity: s.opacity,
                wrapper: getComputedStyle(e.parentElement).opacity}; }""")


@pytest.mark.parametrize("lang", ["", "/en"])
def test_the_keyboard_alone_copies_exactly_the_citation_and_link(clipboard_page, server,
                                                                 dataset, lang):
    tab = clipboard_page
    code = "en" if lang else "zh"
    tab.goto(f"{server}{lang}{COORDINATION}")
    tab.wait_for_selector("[data-cite-status][data-cite-ready]", state="attached")
    # from the notes of 16(d)(i), Tab leads past its fields to 16(d)(ii)'s permalink and button
    tab.focus("#syn-chk-notes-a1-16-d-i")
    for _ in range(4):
        tab.keyboard.press("Tab")
        if focused(tab)["cite"]:
            break
    state = focused(tab)
    expected = citations.citation(dataset, "a1-16-d-ii", code)
    assert state["cite"] == expected
    # the browser gives it the name that says which paragraph it cites
    name = dataset.strings["cite.button-label"][code].replace(
        "{place}", citations.place(dataset, "a1-16-d-ii", code))
    assert tab.get_by_role("button", name=name, exact=True).evaluate(
        "e => e === document.activeElement")
    assert state["outline"] != "none" and state["width"] >= 2 and state["opacity"] == "1"
    before = tab.evaluate("window.scrollY")
    assert before > 0
    tab.keyboard.press("Enter")
    link = f"{server}{lang}{COORDINATION}#a1-16-d-ii"
    copied = dataset.strings["cite.copy"][code].replace("{citation}", expected).replace("{link}", link)
    assert status_text(tab) == dataset.strings["cite.copied"][code].replace("{text}", copied)
    assert tab.evaluate("navigator.clipboard.readText()") == copied
    # announced politely, and nothing moved
    region = tab.locator("[data-cite-status]")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    assert tab.evaluate("window.scrollY") == before
    assert tab.evaluate("location.hash") == ""
    # the space bar too, on a key action's row
    tab.goto(f"{server}{lang}/annex-2/key-actions/")
    tab.wait_for_selector("[data-cite-status][data-cite-ready]", state="attached")
    tab.focus("#ka-b-1-a .syn-cite__copy")
    tab.keyboard.press(" ")
    assert status_text(tab)
    assert tab.evaluate("navigator.clipboard.readText()").startswith(
        citations.citation(dataset, "ka-b-1-a", code))


def test_where_the_browser_will_not_copy_the_text_is_shown_to_copy_by_hand(browser, server,
                                                                          dataset):
    context = browser.new_context()
    try:
        tab = context.new_page()
        # a browser that refuses both ways of copying
        tab.add_init_script("""navigator.clipboard.writeText = () => Promise.reject(new Error("no"));
            document.execCommand = () => false;""")
        tab.goto(server + "/decision/")
        tab.wait_for_selector("[data-cite-status][data-cite-ready]", state="attached")
        tab.click("#dec-9 .syn-cite__copy")
        copied = dataset.strings["cite.copy"]["zh"].replace(
            "{citation}", citations.citation(dataset, "dec-9", "zh")).replace(
            "{link}", f"{server}/decision/#dec-9")
        assert status_text(tab) == dataset.strings["cite.failed"]["zh"].replace("{text}", copied)
        assert tab.locator("[data-cite-status]").is_visible()
    finally:
        context.close()


def test_the_copied_link_is_the_published_address_once_it_is_known(browser, site_with_url,
                                                                   dataset):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        with serve(site_with_url.parent) as base:
            tab = context.new_page()
            tab.goto(f"{base}/synergies/en/unep-ea-3-17/")
            tab.wait_for_selector("[data-cite-status][data-cite-ready]", state="attached")
            tab.click("#ea-2 .syn-cite__copy")
            assert tab.evaluate("navigator.clipboard.readText()") == (
                f"UNEP/EA.3/17, para. 2, {SITE_URL}en/unep-ea-3-17/#ea-2")
    finally:
        context.close()


def test_a_selection_copied_across_the_text_leaves_the_control_out(clipboard_page, server, dataset):
    tab = clipboard_page
    tab.goto(server + "/en" + COORDINATION)
    tab.evaluate("""() => { const range = document.createRange();
        range.setStartBefore(document.getElementById("a1-16-d-i"));
        range.setEndAfter(document.getElementById("a1-16-d-iii"));
        getSelection().removeAllRanges(); getSelection().addRange(range); }""")
    tab.keyboard.press("Control+c")
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert "Link focal points and institutions" in copied
    cite = dataset.strings["cite.button"]["en"]
    assert cite not in copied.split() and "#" not in copied
    assert citations.citation(dataset, "a1-16-d-ii", "en") not in copied


def test_without_javascript_the_permalink_works_and_no_button_shows(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(server + "/decision/")
        buttons = tab.locator(".syn-cite__copy")
        assert buttons.count() > 10
        assert not any(buttons.nth(i).is_visible() for i in range(buttons.count()))
        tab.hover("#dec-9")
        link = tab.locator('#dec-9 a.syn-permalink[href="#dec-9"]')
        assert link.is_visible()
        link.click()
        assert tab.evaluate("location.hash") == "#dec-9"
        box = tab.locator("#dec-9").bounding_box()
        assert box is not None and 0 <= box["y"] < 400
    finally:
        context.close()


def test_on_a_touch_screen_the_buttons_show_and_fit(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True,
                                  is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto(server + "/decision/")
        assert tab.evaluate("matchMedia('(hover: none)').matches")
        button = tab.locator("#dec-9 .syn-cite__copy")
        assert button.is_visible()
        assert tab.evaluate("getComputedStyle(document.querySelector('#dec-9 .syn-cite__copy')).opacity") == "1"
        box = button.bounding_box()
        assert box["x"] + box["width"] <= 375
        assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/annex-1/coordination/", "/en/annex-2/key-actions/"])
def test_axe_finds_no_violation_with_a_citation_copied(clipboard_page, server, path):
    tab = clipboard_page
    tab.goto(server + path)
    tab.wait_for_selector("[data-cite-status][data-cite-ready]", state="attached")
    tab.locator(".syn-cite__copy").nth(2).focus()
    tab.keyboard.press("Enter")
    status_text(tab)
    axe = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    assert violations(tab, axe) == []
