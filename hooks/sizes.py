"""Download sizes on pages, filled in once the files exist.

The checklists and tables are made by worker processes while MkDocs builds
the pages, so a page names a download's size by a marker, an HTML comment
that Markdown passes through untouched (``size_marker``), and the built HTML
gets the size when the file is made (``fill_sizes``). The generated Markdown
thus never depends on how far the downloads are, and a page's size is always
the size of the file the site serves. Templates put the marker in an element
with ``data-search-exclude``: sizes are no search words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from jinja2.filters import do_filesizeformat
from markupsafe import Markup, escape

_MARKER = re.compile(r"<!--syn-size:([^<>]*?)-->")


def size_marker(path: str) -> Markup:
    """The marker of the size of the download at ``path`` (from the site root)."""
    return Markup(f"<!--syn-size:{escape(path)}-->")


def has_markers(html: str) -> bool:
    """Whether ``html`` names a size still to fill in."""
    return "<!--syn-size:" in html


def format_size(size: int) -> str:
    """A size as the pages print it: "12.3 kB" (Jinja's ``filesizeformat``)."""
    return do_filesizeformat(size)


def fill_sizes(html: str, sizes: Mapping[str, int]) -> str:
    """Replace every size marker in ``html`` by the size of its file in ``sizes``
    ({path: bytes}). A marker of a file not in ``sizes`` is a bug of the
    templates: it raises ``KeyError`` naming the file."""

    def size(match: re.Match) -> str:
        path = str(Markup(match.group(1)).unescape())
        if path not in sizes:
            raise KeyError(f"a page names the size of {path}, which is no download")
        return format_size(sizes[path])

    return _MARKER.sub(size, html)
