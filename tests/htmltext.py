"""Read built pages as a reader's software would: text, links, languages."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class PageText(HTMLParser):
    """Collect the text of ``<article>`` and of the whole page, with each run's lang."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, lang, hides its text
        self.article_depth = 0
        self.article: list[str] = []
        self.runs: list[tuple[str, str]] = []  # (lang in effect, text)
        self.html_lang: str | None = None
        self.links: list[dict] = []
        self.metas: list[dict] = []
        self.ids: set[str] = set()
        self._skip = 0

    def _lang(self) -> str | None:
        for _, lang, _ in reversed(self.stack):
            if lang:
                return lang
        return None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("a", "link", "script", "img", "source"):
            self.links.append({"tag": tag, **attrs})
        if tag == "meta":
            self.metas.append(attrs)
        if tag in VOID:
            return
        # footnote numbers, permalink signs and the expansion of an acronym spoken
        # to screen readers are not part of the text around them
        classes = (attrs.get("class") or "").split()
        hides = tag in ("script", "style", "svg") or bool(
            {"syn-fnref", "syn-permalink", "headerlink", "syn-sr"} & set(classes))
        self.stack.append((tag, attrs.get("lang"), hides))
        if tag == "article":
            self.article_depth += 1
        self._skip += hides

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _, hides = self.stack.pop()
            if open_tag == "article":
                self.article_depth -= 1
            self._skip -= hides
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._skip:
            return
        self.runs.append((self._lang() or self.html_lang or "", data))
        if self.article_depth:
            self.article.append(data)


def read_page(path: Path) -> PageText:
    """Parse one built HTML file."""
    parser = PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of the built site."""
    return sorted(site.rglob("*.html"))
