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
        # footnote numbers, permalink signs and cite buttons, and the expansion of
        # an acronym spoken to screen readers are not part of the text around them
        classes = (attrs.get("class") or "").split()
        hides = tag in ("script", "style", "svg") or bool(
            {"syn-fnref", "syn-permalink", "syn-cite", "headerlink", "syn-sr"} & set(classes))
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


# What a page adds around the words of a text: numbers and labels, permalinks,
# footnote numbers, the site's notes and marks, controls, and the text's own
# sub-items and cited references (read as elements of their own).
NOT_THE_TEXT = {"syn-num", "syn-label", "syn-permalink", "syn-cite", "syn-fnref", "syn-backref",
                "syn-items", "syn-cites", "syn-editorial", "syn-check", "syn-ka-priority",
                "syn-ka-conventions", "syn-truncated", "syn-pending__note", "syn-option-stories"}


class TextsById(HTMLParser):
    """The words of each element with an ``id`` in ``wanted``, without what the
    page adds around them (``NOT_THE_TEXT``) and without a key-actions row's
    reference cell: what a reader gets as the text itself."""

    def __init__(self, wanted: set[str]):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.texts: dict[str, list[str]] = {}
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, wanted id, skipped

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        skipped = bool(classes & NOT_THE_TEXT) or attrs.get("data-roadmap-cell") == "ref"
        element_id = attrs.get("id") if attrs.get("id") in self.wanted else None
        if element_id is not None:
            self.texts[element_id] = []
        self.stack.append((tag, element_id, skipped))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        for _, element_id, skipped in reversed(self.stack):
            if skipped:
                return
            if element_id is not None:
                self.texts[element_id].append(data)
                return


def texts_by_id(path: Path, wanted: set[str]) -> dict[str, str]:
    """The text of each element of ``path`` whose id is in ``wanted`` (see ``TextsById``)."""
    parser = TextsById(wanted)
    parser.feed(path.read_text(encoding="utf-8"))
    return {key: "".join(parts) for key, parts in parser.texts.items()}


class NoteBoxes(HTMLParser):
    """The site's editorial notes from the data (``[data-note]``) on a page: for
    each, its text, the id of the nearest element around it, and how it stands
    (its attributes, whether it sits inside a ``<p>``, whether it or an element
    around it is hidden from screen readers)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.notes: list[dict] = []
        self._open: list[tuple[int, dict]] = []  # (depth, note) of notes being read

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        if "data-note" in attrs:
            ids = [a["id"] for _, a in self.stack if "id" in a]
            self._open.append((len(self.stack), {
                "attrs": attrs,
                "around": ids[-1] if ids else None,
                "in_p": any(t == "p" for t, _ in self.stack),
                "hidden": any("aria-hidden" in a or "hidden" in a
                              for _, a in self.stack + [(tag, attrs)]),
                "text": [],
            }))
        self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if self._open and self._open[-1][0] == len(self.stack):
                _, note = self._open.pop()
                note["text"] = "".join(note["text"])
                self.notes.append(note)
            if open_tag == tag:
                break

    def handle_data(self, data):
        for _, note in self._open:
            note["text"].append(data)


def note_boxes(path: Path) -> list[dict]:
    """The editorial notes on the page at ``path`` (see ``NoteBoxes``)."""
    parser = NoteBoxes()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.notes
