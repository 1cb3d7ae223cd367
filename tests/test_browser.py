"""In a real browser: the language switch, the home page's search form, and no
request to any host other than the site's own (search itself: test_search_browser.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from hooks.linker import plain


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and every host it asks."""
    context = browser.new_context()
    tab = context.new_page()
    tab.console_errors = []
    tab.hosts = set()
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("request", lambda r: tab.hosts.add(urlsplit(r.url).netloc))
    yield tab
    context.close()


RESULT_LINKS = ".md-search-result__item a"


@pytest.mark.parametrize("path", ["/", "/decision/", "/annex-1/", "/annex-1/capacity/",
                                  "/annex-2/key-actions/", "/unep-ea-3-17/", "/about/"])
def test_language_switch_round_trip(page, server, path):
    page.goto(server + path)
    assert page.get_attribute("html", "lang") == "zh"
    page.click(".md-header__option .md-select button")
    page.click('.md-select__link[hreflang="en"]')
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/en" + path
    assert page.get_attribute("html", "lang") == "en"
    page.click(".md-header__option .md-select button")
    page.click('.md-select__link[hreflang="zh"]')
    page.wait_for_load_state()
    assert urlsplit(page.url).path == path
    assert page.console_errors == []
    assert page.hosts == {urlsplit(server).netloc}


def test_permalink_of_an_option_scrolls_to_it(page, server):
    page.goto(server + "/annex-1/coordination/#a1-16-d-ii")
    box = page.locator("#a1-16-d-ii").bounding_box()
    assert box is not None and 0 <= box["y"] < 400


@pytest.mark.parametrize("lang", ["", "/en"])
def test_stories_filter_by_convention_and_area(page, server, lang):
    page.goto(f"{server}{lang}/stories/")
    stories = page.locator("[data-story]")
    total = stories.count()
    assert total > 1
    status = page.locator("[data-story-count]")
    assert str(total) in status.inner_text()
    # the convention that the fewest stories name leaves fewer stories shown
    convention = page.locator("#syn-story-convention")
    values = [v for v in convention.locator("option").evaluate_all(
        "options => options.map(o => o.value)") if v]
    counts = {}
    for value in values:
        convention.select_option(value)
        shown = [s for s in stories.all() if s.is_visible()]
        assert all(value in s.get_attribute("data-conventions").split() for s in shown)
        counts[value] = len(shown)
    assert min(counts.values()) < total
    convention.select_option("")
    area = page.locator("#syn-story-area")
    area.select_option(stories.first.get_attribute("data-areas").split()[0])
    shown = [s for s in stories.all() if s.is_visible()]
    assert 0 < len(shown) <= total and str(len(shown)) in status.inner_text()
    assert page.console_errors == []
    assert page.hosts == {urlsplit(server).netloc}


def test_home_search_form_opens_the_site_search(page, server):
    page.goto(server + "/en/")
    page.fill("#syn-home-q", "clearing-house")
    page.press("#syn-home-q", "Enter")
    page.wait_for_function(
        """selector => document.querySelectorAll(selector).length > 0""",
        arg=RESULT_LINKS, timeout=10_000)
    results = [urlsplit(href).path for href in page.eval_on_selector_all(
        RESULT_LINKS, "links => links.map(a => a.href)")]
    assert "/en/annex-1/information/" in results
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/", "/en/", "/conventions/", "/en/conventions/cbd/",
                                  "/en/synergies/", "/calendar/", "/en/stories/",
                                  "/stories/submit/", "/en/glossary/", "/references/",
                                  "/en/downloads/", "/annex-1/coordination/"])
def test_nothing_scrolls_sideways_on_a_phone(browser, server, path):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(server + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375, (path, width)


@pytest.mark.parametrize("lang", ["", "/en"])
def test_every_download_link_answers(page, server, lang):
    page.goto(f"{server}{lang}/downloads/")
    links = page.eval_on_selector_all(
        "article a[href*='downloads/']", "links => links.map(a => a.href)")
    assert len(links) > 30
    for link in sorted(set(links)):
        response = page.request.get(link)
        assert response.status == 200 and response.body(), link


@pytest.mark.parametrize("path", ["/", "/en/", "/decision/", "/en/annex-1/", "/annex-1/resources/",
                                  "/en/annex-2/", "/annex-2/key-actions/", "/en/unep-ea-3-17/",
                                  "/conventions/", "/en/conventions/ramsar/", "/synergies/",
                                  "/en/calendar/", "/stories/", "/en/stories/informea-second-phase/",
                                  "/glossary/", "/en/references/", "/downloads/", "/en/about/"])
def test_no_console_error_and_no_other_host_on_any_kind_of_page(page, server, path):
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []
    assert page.hosts == {urlsplit(server).netloc}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_copied_paragraph_leaves_the_editorial_note_out(browser, server, dataset, lang):
    """Selecting paragraphs 11 to 13 of annex II and copying them (Ctrl+C, the
    real clipboard) gives the official text without the note on paragraph 12;
    screen readers still find the note, marked as the site's."""
    note = next(n for n in dataset.editorial_notes() if n.target == "a2-12")
    note_words = plain(note.text[lang])[:30]
    paragraph_words = plain(dataset.anchors["a2-12"].text[lang])[:30]
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tab = context.new_page()
    tab.goto(f"{server}/{'' if lang == 'zh' else 'en/'}annex-2/")

    def copy_paragraphs() -> str:
        tab.evaluate("""() => {
            const range = document.createRange();
            range.setStartBefore(document.getElementById("a2-11"));
            range.setEndAfter(document.getElementById("a2-13"));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""")
        tab.keyboard.press("Control+C")
        return tab.evaluate("navigator.clipboard.readText()")

    copied = copy_paragraphs()
    assert paragraph_words in copied and note_words not in copied
    assert dataset.string("note.label", lang) not in copied
    # the page shows the note, and screen readers read it as a note
    label = dataset.string("note.label", lang)
    box = tab.get_by_role("note").filter(has_text=note_words)
    assert box.count() == 1 and box.is_visible()
    assert label in box.inner_text()
    # what keeps it out of the copy: selectable, it would be copied
    tab.add_style_tag(content=".md-typeset .syn-editorial { user-select: text !important; }")
    assert note_words in copy_paragraphs()
    context.close()
