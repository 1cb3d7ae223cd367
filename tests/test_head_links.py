"""Found in both languages: each page's head names its twin (hreflang, x-default),
the feed of its language, its own address once the site's is known (canonical,
Open Graph) and says what it is in its language; the sitemap is whole and
absolute, or left out. Built without and with SITE_URL; checked in a browser
too, where Material's script must not go looking for files that do not exist."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from hooks.head_links import alternate_links, feed_links, page_address

from .conftest import SITE_URL, copy_project, run_build, serve, watch
from .htmltext import html_pages, read_page

HAN = re.compile(r"[\u3400-\u9fff]")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# One page of each kind the site has (as in the accessibility tests), and the home page.
PAGES = ["", "decision/", "annex-1/", "annex-1/coordination/", "annex-2/",
         "annex-2/key-actions/", "unep-ea-3-17/", "conventions/", "conventions/cites/",
         "synergies/", "calendar/", "stories/", "stories/informea-second-phase/",
         "stories/submit/", "glossary/", "references/", "downloads/", "translation/",
         "about/"]


# The addresses, without a site.

def test_addresses_are_relative_to_the_page_without_the_site_address():
    assert page_address("en/about/", "about/", None) == "../en/about/"
    assert page_address("about/", "about/", None) == "./"
    assert page_address("", "en/", None) == "../"
    assert page_address("./", "", None) == "./"
    assert page_address("en/", "", None) == "en/"
    assert page_address("downloads/en/stories.xml", "en/annex-1/coordination/", None) == \
        "../../../downloads/en/stories.xml"


def test_addresses_are_absolute_with_the_site_address():
    assert page_address("en/about/", "about/", "https://example.org/s/") == \
        "https://example.org/s/en/about/"
    assert page_address("./", "en/", "https://example.org/s") == "https://example.org/s/"


def test_alternates_list_every_language_then_x_default():
    links = alternate_links("en/about/", {"en": "en/about/", "zh": "about/"}, "zh", None)
    assert links == [{"hreflang": "zh", "href": "../../about/"},
                     {"hreflang": "en", "href": "./"},
                     {"hreflang": "x-default", "href": "../../about/"}]
    assert alternate_links("404.html", {}, "zh", None) == []
    assert alternate_links("about/", {"zh": "about/"}, "zh", None) == []


def test_feed_link_only_where_the_language_has_a_feed():
    feeds = {"zh": "downloads/zh/stories.xml"}
    assert feed_links("about/", "zh", feeds, None) == [{"href": "../downloads/zh/stories.xml"}]
    assert feed_links("en/about/", "en", feeds, None) == []


# The built heads.

def twin_of(relative: str) -> str:
    return relative[3:] if relative.startswith("en/") else "en/" + relative


def page_path(relative: str) -> str:
    """The address path of a built file: ``en/about/index.html`` -> ``en/about/``."""
    return relative[:-len("index.html")] if relative.endswith("index.html") else relative


def site_pages(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in html_pages(site)
            if p.name != "404.html"]


def resolve(site_url: str | None, relative: str, href: str) -> str:
    """The path from the site root that ``href`` on the page ``relative`` leads to."""
    base = site_url or "http://site/"
    target = urljoin(urljoin(base, page_path(relative)), href)
    assert target.startswith(base), (relative, href)
    return target[len(base):]


def head_of(site: Path, relative: str):
    parsed = read_page(site / relative)
    links = [link for link in parsed.links if link["tag"] == "link"]
    metas = {meta.get("property") or meta.get("name"): meta.get("content")
             for meta in parsed.metas if meta.get("property") or meta.get("name")}
    return parsed, links, metas


def check_heads(site: Path, site_url: str | None) -> int:
    pages = site_pages(site)
    assert len(pages) >= 70
    for relative in pages:
        lang = "en" if relative.startswith("en/") else "zh"
        zh_page = relative[3:] if lang == "en" else relative
        parsed, links, metas = head_of(site, relative)
        alternates = {link["hreflang"]: link["href"] for link in links
                      if link.get("rel") == "alternate" and "hreflang" in link}
        assert sorted(alternates) == ["en", "x-default", "zh"], relative
        assert len([link for link in links if "hreflang" in link]) == 3, relative
        for hreflang, href in alternates.items():
            assert bool(urlsplit(href).scheme) == bool(site_url), (relative, href)
        assert resolve(site_url, relative, alternates[lang]) == page_path(relative)
        other = "zh" if lang == "en" else "en"
        assert resolve(site_url, relative, alternates[other]) == page_path(twin_of(relative))
        assert resolve(site_url, relative, alternates["x-default"]) == page_path(zh_page)

        feeds = [link for link in links if link.get("type") == "application/atom+xml"]
        assert len(feeds) == 1 and feeds[0]["rel"] == "alternate", relative
        feed = resolve(site_url, relative, feeds[0]["href"])
        assert feed == f"downloads/{lang}/stories.xml", relative
        assert (site / feed).is_file()
        assert bool(HAN.search(feeds[0]["title"])) == (lang == "zh"), relative

        canonical = [link["href"] for link in links if link.get("rel") == "canonical"]
        if site_url:
            assert canonical == [site_url + page_path(relative)], relative
            assert metas["og:url"] == canonical[0]
        else:
            assert canonical == [] and "og:url" not in metas, relative

        assert metas["description"] and metas["og:description"] == metas["description"]
        assert bool(HAN.search(metas["description"])) == (lang == "zh"), relative
        assert metas["og:title"] and metas["og:site_name"] and metas["og:type"] == "website"
        title = re.search(r"<title>(.*?)</title>",
                          (site / relative).read_text(encoding="utf-8"), re.S).group(1)
        assert metas["og:title"] in title or metas["og:title"] == "首页", relative
        assert metas["og:locale"] == {"zh": "zh_CN", "en": "en_GB"}[lang]
        assert metas["og:locale:alternate"] == {"zh": "en_GB", "en": "zh_CN"}[lang]
    return len(pages)


def test_every_page_names_its_twin_and_feed_without_the_site_address(site):
    if os.environ.get("SITE_URL"):
        pytest.skip("SITE_URL is set for this run")
    assert check_heads(site, None) >= 70


def test_every_page_names_its_address_and_twin_with_the_site_address(site_with_url):
    assert check_heads(site_with_url, SITE_URL) >= 70


def test_the_twins_name_each_other(site_with_url):
    """What the zh page says of its en twin, the en page says of itself, and back."""
    for relative in site_pages(site_with_url):
        _, links, _ = head_of(site_with_url, relative)
        _, twin_links, _ = head_of(site_with_url, twin_of(relative))
        mine = {(link["hreflang"], link["href"]) for link in links if "hreflang" in link}
        theirs = {(link["hreflang"], link["href"]) for link in twin_links if "hreflang" in link}
        assert mine == theirs, relative


def test_the_page_texts_of_the_head_are_escaped(tmp_path):
    """A title is data: quotes, an ampersand and a less-than sign in it reach the
    head's attributes as text, whole, and end none of them."""
    project = copy_project(tmp_path)
    story = project / "data" / "stories" / "informea-second-phase.yaml"
    title = 'InforMEA "portal" & 2 < 3 \'phase\''
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace(
        '  en: "InforMEA, the United Nations Information Portal on Multilateral Environmental '
        'Agreements, and its second phase"', f"  en: {json.dumps(title)}", 1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    _, _, metas = head_of(project / "site", "en/stories/informea-second-phase/index.html")
    assert metas["og:title"] == title
    html = (project / "site/en/stories/informea-second-phase/index.html").read_text(
        encoding="utf-8")
    assert 'content="InforMEA &#34;portal&#34; &amp; 2 &lt; 3 &#39;phase&#39;"' in html


# The sitemap.

def test_without_the_site_address_there_is_no_sitemap(site, build_log):
    if os.environ.get("SITE_URL"):
        pytest.skip("SITE_URL is set for this run")
    assert not (site / "sitemap.xml").exists()
    assert not (site / "sitemap.xml.gz").exists()
    assert not list(site.rglob("sitemap.xml*"))


def test_with_the_site_address_the_sitemap_is_absolute_and_reciprocal(site_with_url):
    text = (site_with_url / "sitemap.xml").read_text(encoding="utf-8")
    assert "None" not in text
    root = ET.fromstring(text.encode("utf-8"))
    entries = {}
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.find(f"{SITEMAP}loc").text
        alternates = {link.get("hreflang"): link.get("href")
                      for link in url.findall(f"{XHTML}link") if link.get("rel") == "alternate"}
        assert loc not in entries
        entries[loc] = alternates
    pages = site_pages(site_with_url)
    assert sorted(entries) == sorted(SITE_URL + page_path(p) for p in pages)
    for loc, alternates in entries.items():
        assert all(href.startswith(SITE_URL) for href in alternates.values()), loc
        lang = "en" if loc.startswith(SITE_URL + "en/") else "zh"
        assert sorted(alternates) == ["en", "x-default", "zh"], loc
        assert alternates[lang] == loc
        assert alternates["x-default"] == alternates["zh"]
        for hreflang, href in alternates.items():
            # every alternate is a page of the sitemap that names the same alternates
            assert entries[href] == alternates, (loc, hreflang)
    assert (site_with_url / "sitemap.xml.gz").is_file()


# In a browser: Material's script looks for a sitemap beside each alternate link.

def check_in_browser(browser, base: str, host: str) -> None:
    """Open one page of each kind in each language; none may log an error, fail
    a request or ask for a sitemap, and the head's links are back once loaded."""
    context = browser.new_context()
    tab = watch(context.new_page())
    requests = []
    tab.on("request", lambda request: requests.append(request))
    for lang in ("", "en/"):
        for path in PAGES:
            where = f"/{lang}{path}"
            tab.errors.clear()
            requests.clear()
            # until the network is idle: Material has read the head by then, and
            # the favicon, asked for after "load", is not cut off by the next page
            tab.goto(base + lang + path, wait_until="networkidle")
            failed = []
            for request in list(requests):
                response = request.response()  # waits for it; None when it failed
                if response is None or response.status >= 400:
                    why = response.status if response else f"failed ({request.failure})"
                    failed.append(f"{why} {request.url}")
            assert failed == [], where
            assert tab.errors == [], where
            assert not [r.url for r in requests if "sitemap" in r.url], where
            assert tab.hosts <= {host}, where
            head = tab.evaluate("""() => [...document.querySelectorAll(
                'link[hreflang], link[type="application/atom+xml"]')]
                .map(l => [l.rel, l.hreflang])""")
            assert len(head) == 4 and {rel for rel, _ in head} == {"alternate"}, where
            assert len([hreflang for _, hreflang in head if hreflang]) == 3, where
    context.close()


def test_no_request_fails_on_any_kind_of_page(browser, server):
    check_in_browser(browser, server + "/", urlsplit(server).netloc)


def test_no_request_fails_with_the_site_address(browser, site_with_url):
    with serve(site_with_url.parent) as base:
        check_in_browser(browser, f"{base}/{site_with_url.name}/", urlsplit(base).netloc)


def test_the_language_switch_still_goes_straight_to_the_twin(browser, server):
    """Material's script takes over clicks on links below an alternate it read,
    and sends them to the alternate's address without its final slash."""
    context = browser.new_context()
    tab = watch(context.new_page())
    asked = []
    tab.on("request", lambda request: request.is_navigation_request() and asked.append(request.url))
    tab.goto(f"{server}/annex-1/coordination/")
    tab.wait_for_load_state("load")
    tab.locator("a.md-select__link[hreflang='en']").dispatch_event("click")
    tab.wait_for_url(f"{server}/en/annex-1/coordination/")
    tab.wait_for_load_state("load")
    assert asked == [f"{server}/annex-1/coordination/", f"{server}/en/annex-1/coordination/"]
    assert tab.errors == []
    context.close()
