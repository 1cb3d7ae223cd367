"""The pages of the offline copy (hooks/exports/offline_pages.py): links to
folders name their index.html, fetch preloads and marked elements are left
out, and everything else stays as it was, byte for byte; the offline search's
scripts hold every indexed page of their language."""

from __future__ import annotations

import json

import pytest

from hooks.exports.offline_pages import SEARCH_GLOBAL, offline_page, offline_url, search_scripts

FOLDER_LINKS = [
    ("../annex-1/", "../annex-1/index.html"),
    ("./", "./index.html"),
    (".", "./index.html"),
    ("..", "../index.html"),
    ("../..", "../../index.html"),
    ("annex-1/coordination/", "annex-1/coordination/index.html"),
    ("../annex-1/#a1-9", "../annex-1/index.html#a1-9"),
    ("en/?q=national+reports#top", "en/index.html?q=national+reports#top"),
    ("../glossary/#term-cbd", "../glossary/index.html#term-cbd"),
]
LEFT_AS_THEY_ARE = [
    "", "#a1-9", "?q=x", "https://example.org/synergies/", "http://example.org/a/",
    "mailto:someone@example.org", "//example.org/a/", "data:text/plain,a/",
    "../assets/site.css", "../downloads/zh/checklist-nbsaps.xlsx", "index.html",
    "../annex-1/index.html#a1-9",
]


@pytest.mark.parametrize("url,offline", FOLDER_LINKS)
def test_a_link_to_a_folder_names_its_index(url, offline):
    assert offline_url(url) == offline
    assert offline_url(offline) == offline  # once is enough


@pytest.mark.parametrize("url", LEFT_AS_THEY_ARE)
def test_other_addresses_are_left_as_they_are(url):
    assert offline_url(url) == url
    assert offline_url(url, "en/annex-1/index.html", "/synergies/") == url


# (address, page, the site's path on its host, address in the copy)
ABSOLUTE_PATHS = [
    ("/", "index.html", "/", "./index.html"),
    ("/en/", "index.html", "/", "en/index.html"),
    ("/", "en/index.html", "/", "../index.html"),
    ("/annex-1/#a1-9", "en/annex-1/coordination/index.html", "/",
     "../../../annex-1/index.html#a1-9"),
    ("/synergies/", "en/index.html", "/synergies/", "../index.html"),
    ("/synergies/en/", "index.html", "/synergies/", "en/index.html"),
    ("/synergies/assets/site.css", "en/index.html", "/synergies/", "../assets/site.css"),
    ("/other/", "en/index.html", "/synergies/", "/other/"),  # not the site's: left as it is
    ("/synergies", "index.html", "/synergies/", "/synergies"),
]


@pytest.mark.parametrize("url,page,base,offline", ABSOLUTE_PATHS)
def test_an_absolute_path_within_the_site_becomes_relative(url, page, base, offline):
    assert offline_url(url, page, base) == offline


def test_links_of_every_kind_are_rewritten_and_nothing_else():
    html = ('<!doctype html><html><head><link rel="prev" href="../nbsaps/">'
            '<link rel="stylesheet" href="../assets/site.css"><title>a/ <a href="t/"></title>'
            '<script>var a = \'<a href="s/">\';</script><style>a[href="c/"]{}</style></head>'
            '<body><!-- <a href="comment/"> --><a class="x" href="../annex-1/#a1-9">a</a>'
            "<a href='../en/'>b</a><A HREF=../up/>c</A><form action=\"./\" method=\"get\"></form>"
            '<area href="map/"><img src="pic/"><div data-href="d/">e</div>'
            '<a href="https://example.org/x/">f</a></body></html>')
    assert offline_page(html) == (
        '<!doctype html><html><head><link rel="prev" href="../nbsaps/index.html">'
        '<link rel="stylesheet" href="../assets/site.css"><title>a/ <a href="t/"></title>'
        '<script>var a = \'<a href="s/">\';</script><style>a[href="c/"]{}</style></head>'
        '<body><!-- <a href="comment/"> --><a class="x" href="../annex-1/index.html#a1-9">a</a>'
        "<a href='../en/index.html'>b</a><A HREF=../up/index.html>c</A>"
        '<form action="./index.html" method="get"></form>'
        '<area href="map/index.html"><img src="pic/"><div data-href="d/">e</div>'
        '<a href="https://example.org/x/">f</a></body></html>')


def test_a_page_rewrites_absolute_paths_from_where_it_is():
    html = '<a href="/synergies/" hreflang="zh">中文</a><a href="/synergies/en/">English</a>'
    assert offline_page(html, "en/index.html", "/synergies/") == (
        '<a href="../index.html" hreflang="zh">中文</a><a href="../en/index.html">English</a>')


def test_a_page_without_links_to_folders_is_unchanged():
    html = '<p>什么也没有 <a href="#x">x</a> <a href="a.pdf" download>pdf</a></p>\n'
    assert offline_page(html) == html


def test_an_element_marked_to_omit_goes_with_all_it_holds():
    html = ('<p>before</p><div class="a" data-offline-omit><div><div>in</div></div>'
            '<a href="x/">x</a><p>also</p></div><div>after <a href="y/">y</a></div>'
            '<p data-offline-omit>one <span>paragraph</span></p><hr data-offline-omit><p>end</p>')
    assert offline_page(html) == ('<p>before</p><div>after <a href="y/index.html">y</a></div>'
                                  '<p>end</p>')


def test_a_marked_element_that_never_closes_is_an_error():
    with pytest.raises(ValueError, match="never closed"):
        offline_page('<div data-offline-omit><div>x</div>')


def test_only_preloads_of_fetched_data_are_left_out():
    html = ('<link rel="preload" href="../assets/checklist-index.json?v=1" as="fetch" '
            'type="application/json" crossorigin="anonymous" data-checklist-index>'
            '<link rel="preload" href="../assets/site.css" as="style">'
            '<link rel="stylesheet" href="../assets/site.css">')
    assert offline_page(html) == ('<link rel="preload" href="../assets/site.css" as="style">'
                                  '<link rel="stylesheet" href="../assets/site.css">')


def _pages_of(script: bytes) -> tuple[str, list]:
    """The language and the pages a search script gives."""
    text = script.decode("utf-8")
    prefix = f"(self.{SEARCH_GLOBAL}=self.{SEARCH_GLOBAL}||{{}})["
    assert text.startswith(prefix) and text.endswith(";\n")
    key, _, data = text[len(prefix):-2].partition("]=")
    return json.loads(key), json.loads(data)


def test_search_scripts_hold_every_page_of_their_language():
    fragments = [
        {"language": "xx", "url": "/b/c/", "content": "Second page.", "meta": {"title": "B"},
         "anchors": [{"element": "h1", "id": "b", "text": "B", "location": 0},
                     {"element": "p", "id": "", "text": "", "location": 1}], "word_count": 2},
        {"language": "yy", "url": "/yy/", "content": "第一\u200b页", "meta": {"title": "一"},
         "anchors": []},
        {"language": "xx", "url": "/", "content": "First </script> page.", "meta": {},
         "anchors": [{"element": "p", "id": "a-1", "text": "First", "location": 0}]},
    ]
    scripts = search_scripts(fragments)
    assert list(scripts) == ["offline-search/xx.js", "offline-search/yy.js"]
    assert _pages_of(scripts["offline-search/xx.js"]) == ("xx", [
        {"url": "index.html", "title": "", "content": "First </script> page.",
         "anchors": [["p", "a-1", "First", 0]]},
        {"url": "b/c/index.html", "title": "B", "content": "Second page.",
         "anchors": [["h1", "b", "B", 0]]},
    ])
    assert _pages_of(scripts["offline-search/yy.js"]) == ("yy", [
        {"url": "yy/index.html", "title": "一", "content": "第一\u200b页", "anchors": []}])
    assert search_scripts(list(reversed(fragments))) == scripts
