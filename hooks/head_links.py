"""What a page's head tells search engines, feed readers and link previews:
the page in each language (``hreflang``) and the feeds of its language.

Addresses are absolute when the site's address is known (search engines
want them so), else relative to the page, so that a site served from any
folder, or opened from disk, still points at its own files.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

X_DEFAULT = "x-default"


def page_address(url: str, from_url: str, site_url: str | None) -> str:
    """The address of the page at ``url`` (from the site root, MkDocs' ``page.url``:
    ``""`` or ``"./"`` for the home page, ``"en/about/"``), as written on the page at
    ``from_url``: absolute under ``site_url`` if known, else relative."""
    url, from_url = _from_root(url), _from_root(from_url)
    if site_url:
        return urljoin(site_url if site_url.endswith("/") else site_url + "/", url)
    # the folder the page is read from: a page's own folder for "en/about/"
    here = "/" + from_url.rstrip("/") if from_url.endswith("/") \
        else posixpath.dirname("/" + from_url)
    relative = posixpath.relpath("/" + url, here)
    if url.endswith("/") or not url:
        relative = "./" if relative == "." else relative + "/"
    return relative


def _from_root(url: str) -> str:
    """A page's ``url`` with the home page's as ``""``."""
    return "" if url in ("", ".", "./") else url


def alternate_links(page_url: str, twins: dict[str, str], default_lang: str,
                    site_url: str | None) -> list[dict[str, str]]:
    """``{"hreflang", "href"}`` of the page in each language (itself included, as
    search engines want the links to be the same on every twin), then
    ``x-default``: the default language's page, for readers of any other
    language. ``twins`` maps each language to its page's ``url``. Empty for
    a page with no twin."""
    if len(twins) < 2:
        return []
    links = [{"hreflang": lang, "href": page_address(url, page_url, site_url)}
             for lang, url in sorted(twins.items(), key=lambda pair: pair[0] != default_lang)]
    if default_lang in twins:
        links.append({"hreflang": X_DEFAULT,
                      "href": page_address(twins[default_lang], page_url, site_url)})
    return links


def feed_links(page_url: str, lang: str, feeds: dict[str, str],
               site_url: str | None) -> list[dict[str, str]]:
    """``{"href"}`` of the feed of ``lang`` (``feeds`` maps a language to its
    feed's path from the site root), for the page at ``page_url``."""
    if lang not in feeds:
        return []
    return [{"href": page_address(feeds[lang], page_url, site_url)}]
