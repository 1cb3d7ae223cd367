"""The offline copy opened from the disk (file://) in a real browser.

The copy of the session's site, unzipped: from the home page a reader goes
to an option area's page and to its twin in the other language by clicking
links; the search box answers with passages that hold the query, linked to
the passage itself; every page of the copy of the site built with its
address (as the publish workflow builds it) opens without an error and
without asking any web address.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import LANGUAGES, SITE_LANGUAGES, page_url
from .test_search_browser import (
    BOX,
    ITEMS,
    TERMS,
    holds,
    letters,
    pages_holding,
    results,
    type_in_box,
    wait_for_results,
)


def address(copy: Path, page: str, anchor: str = "") -> str:
    """The file:// address of the page at URL ``page`` (from the site root) in the copy."""
    return (copy / page / "index.html").as_uri() + (f"#{anchor}" if anchor else "")


def where(copy: Path, url: str) -> str:
    """The page (URL from the site root, as the search index names it) that the
    file:// address ``url`` of the copy opens."""
    path = Path(unquote(urlsplit(url).path)).relative_to(copy)
    assert path.name == "index.html", url
    return "/" + "".join(f"{part}/" for part in path.parent.parts)


def click_link_to(tab, copy: Path, pages: set[str], scope: str = "article") -> str:
    """Click the first link in ``scope`` that leads to one of ``pages``; return
    the page it opened (URL from the site root)."""
    links = tab.eval_on_selector_all(f"{scope} a[href]",
                                     "links => links.map(a => [a.getAttribute('href'), a.href])")
    for raw, resolved in links:
        if resolved.startswith("file:") and "#" not in resolved:
            target = where(copy, resolved).lstrip("/")
            if target in pages:
                with tab.expect_navigation():
                    tab.locator(f'{scope} a[href="{raw}"]').first.click()
                assert tab.url == address(copy, target)
                return target
    raise AssertionError(f"no link in {scope} leads to any of {sorted(pages)}")


def test_from_the_home_page_to_an_option_area_and_its_twin(disk_page, offline_copy, dataset):
    tab = disk_page
    other = next(lang for lang in LANGUAGES if lang != SITE_LANGUAGES.default)
    areas = {page_url(f"annex-1/{area.id}.md", SITE_LANGUAGES.default): area for area in dataset.areas}
    tab.goto(address(offline_copy, page_url("index.md", SITE_LANGUAGES.default)))
    # the home page's ways in, or else Annex I's page, which lists every area
    annex = page_url("annex-1/index.md", SITE_LANGUAGES.default)
    try:
        reached = click_link_to(tab, offline_copy, set(areas))
    except AssertionError:
        click_link_to(tab, offline_copy, {annex})
        reached = click_link_to(tab, offline_copy, set(areas))
    area = areas[reached]
    assert tab.evaluate("document.documentElement.lang") == SITE_LANGUAGES.default
    assert letters(area.title[SITE_LANGUAGES.default]) in letters(tab.inner_text("article h1"))
    # the checklist of the area works from the disk too
    assert tab.locator("[data-checklist-item]").count() > 0

    tab.locator(".md-select").first.hover()
    with tab.expect_navigation():
        tab.locator(f'.md-select__link[hreflang="{other}"]').click()
    twin = page_url(f"annex-1/{area.id}.md", other)
    assert tab.url == address(offline_copy, twin)
    assert tab.evaluate("document.documentElement.lang") == other
    assert letters(area.title[other]) in letters(tab.inner_text("article h1"))

    # and back home by the site's own navigation
    click_link_to(tab, offline_copy, {page_url("index.md", other)}, "header")
    tab.locator(".md-select").first.hover()
    with tab.expect_navigation():
        tab.locator(f'.md-select__link[hreflang="{SITE_LANGUAGES.default}"]').click()
    assert tab.url == address(offline_copy, page_url("index.md", SITE_LANGUAGES.default))


def language_of(page: str) -> str:
    """The language of the page at ``page`` (URL from the site root, with a "/" first)."""
    for lang in LANGUAGES:
        home = page_url("index.md", lang)
        if home and page.startswith("/" + home):
            return lang
    return SITE_LANGUAGES.default


def passage_holds(tab, phrase: str, lang: str) -> bool:
    """Whether the passage the address's fragment names holds ``phrase``: the
    element of that id with the elements after it up to the next that has
    an id (a heading: up to the next of its level; a glossary term: with its
    definition); the page's article without a fragment."""
    text = tab.evaluate("""() => {
        const id = decodeURIComponent(location.hash.slice(1));
        const node = id ? document.getElementById(id) : document.querySelector('article');
        if (!node) return '';
        if (!id) return node.textContent;
        const level = /^H([1-6])$/.exec(node.tagName);
        let text = node.textContent;
        for (let next = node.nextElementSibling; next; next = next.nextElementSibling) {
          const other = /^H([1-6])$/.exec(next.tagName);
          if (level ? other && other[1] <= level[1] : next.id) break;
          text += ' ' + next.textContent;
        }
        return text;
      }""")
    return holds(text, phrase, lang)


@pytest.mark.parametrize("lang,phrase", TERMS, ids=[phrase for _, phrase in TERMS])
def test_search_from_the_disk_finds_the_passages_that_hold_the_phrase(
        disk_page, offline_copy, search_pages, lang, phrase):
    tab = disk_page
    tab.goto(address(offline_copy, page_url("index.md", lang)))
    type_in_box(tab, phrase, "paste")
    wait_for_results(tab)
    assert tab.input_value(BOX) == phrase
    expected = pages_holding(search_pages, lang, phrase)
    assert expected, f"no page holds {phrase!r}"
    shown = results(tab)
    top = shown[:min(3, len(expected))]
    for result in shown:
        assert {language_of(where(offline_copy, "file://" + path))
                for path in result["paths"]} == {lang}, result
    for result in top:
        assert where(offline_copy, "file://" + result["path"]) in expected, (phrase, result)
        assert any(letters(mark) == letters(phrase) for mark in result["marks"]), result
        assert holds(result["excerpt"], phrase, lang), result
    first = tab.locator(f"{ITEMS} a").first
    target = first.get_attribute("href")
    with tab.expect_navigation():
        first.click()
    assert tab.url == target and target.startswith("file:")
    assert passage_holds(tab, phrase, lang), target


def test_every_page_of_the_published_copy_opens_without_errors_or_requests(
        disk_page, offline_copy_with_url):
    pages = sorted(offline_copy_with_url.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        disk_page.goto(page.as_uri())
        disk_page.wait_for_load_state("load")
        assert disk_page.errors == [] and disk_page.outside == [], page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_s_search_form_answers_from_the_disk(disk_page, offline_copy, search_pages,
                                                           lang):
    tab = disk_page
    phrase = next(phrase for term_lang, phrase in TERMS if term_lang == lang)
    tab.goto(address(offline_copy, page_url("index.md", lang)))
    tab.fill("form.syn-home-search input[name=q]", phrase)
    with tab.expect_navigation():
        tab.locator("form.syn-home-search [type=submit]").click()
    assert urlsplit(tab.url).scheme == "file" and urlsplit(tab.url).query
    wait_for_results(tab)
    assert tab.input_value(BOX) == phrase
    first = results(tab)[0]
    assert where(offline_copy, "file://" + first["path"]) in pages_holding(search_pages, lang,
                                                                           phrase)
