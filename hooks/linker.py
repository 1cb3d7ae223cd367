"""Find what a reader may want explained or followed in running text: the
acronyms of the glossary and the documents of the references.

``Linker.tokens`` splits a data text into tokens for the page templates:
plain text, links written in the data, footnote markers, acronyms
(``abbr``) and citations of references (``ref``). It returns data only;
the templates decide the markup and escape every string.
"""

from __future__ import annotations

import copy
import re

from .model import Dataset

# Links go to https addresses only: any other "[label](address)" stays text.
LINK = re.compile(r"\[([^\]\n]+)\]\((https://[^\s)]+)\)")
FOOTNOTE = re.compile(r"\[\^(\d+)\]")
_MARKUP = re.compile(f"{LINK.pattern}|{FOOTNOTE.pattern}")
# Words of the Latin script and what joins them: a term written so is found as whole words.
_LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f ,.'’()-]+")


def _alternation(strings) -> str:
    # longest first, so "UNEP-WCMC" wins over "UNEP"
    return "|".join(re.escape(s) for s in sorted(set(strings), key=lambda s: (-len(s), s)))


class Linker:
    """Tokens of running text for one page in one language.

    Every occurrence of an acronym has its expansion as a title (on hover);
    the first on a page (``first``) links to its glossary entry. A term of the
    glossary without an acronym is found by its words in the page's language
    (in Latin script whole words, any case, plural "s" too), and its first
    occurrence on a page links to its entry. Nothing is added to the words of
    the text. Make one ``Linker`` per language and take ``for_page()`` for
    each rendered page.
    """

    def __init__(self, dataset: Dataset, lang: str):
        self.lang = lang
        self.terms = {term.abbr: term for term in dataset.terms if term.abbr}
        # terms without an acronym, by their words in this language (as a reader
        # of Latin script may write them: any case)
        self.words = {plain(term.term[lang]).casefold(): term for term in dataset.terms
                      if not term.abbr and lang not in term.term.pending}
        self.references = {
            citation: reference
            for reference in dataset.references.values()
            for citation in reference.citations()
        }
        self.seen: set[str] = set()
        parts = []
        # citations first: "UNEP/CBD/COP/13/15" is one, not the acronym UNEP
        if self.references:
            # "X/2" must not match inside "XX/2" or "X/25", nor "17.5" inside "17.55"
            parts.append(f"(?P<ref>(?<![A-Za-z0-9/.-])(?:{_alternation(self.references)})"
                         f"(?![A-Za-z0-9/]|\\.[0-9]))")
        if self.terms:
            # an acronym stands alone, or with a plural s ("NBSAPs")
            parts.append(f"(?P<abbr>(?<![A-Za-z0-9/.-])(?:{_alternation(self.terms)})"
                         f"(?=s?(?![A-Za-z0-9/-])))")
        latin = [words for words in self.words if _LATIN.fullmatch(words)]
        others = [words for words in self.words if words not in latin]
        if latin:
            # whole words, in any case, with a plural s ("national focal points")
            parts.append(f"(?P<words>(?<![A-Za-z0-9-])(?i:{_alternation(latin)})s?"
                         f"(?![A-Za-z0-9-]))")
        if others:  # Chinese and other scripts without spaces: where they stand
            parts.append(f"(?P<script>{_alternation(others)})")
        self.pattern = re.compile("|".join(parts)) if parts else None

    def for_page(self) -> Linker:
        """This linker, with no acronym seen yet: for the next page."""
        page = copy.copy(self)
        page.seen = set()
        return page

    def tokens(self, text: str) -> list[dict]:
        """Split ``text`` into tokens (see the module's docstring)."""
        result: list[dict] = []
        position = 0
        for match in _MARKUP.finditer(text):
            self._plain(text[position:match.start()], result)
            if match.group(3):
                result.append({"kind": "footnote", "number": int(match.group(3))})
            else:
                result.append({"kind": "link", "text": match.group(1), "url": match.group(2)})
            position = match.end()
        self._plain(text[position:], result)
        return result

    def _plain(self, text: str, result: list[dict]) -> None:
        if not text:
            return
        position = 0
        for match in self.pattern.finditer(text) if self.pattern else ():
            if match.start() > position:
                result.append({"kind": "text", "text": text[position:match.start()]})
            found = match.group(0)
            if match.lastgroup == "abbr":
                term = self.terms[found]
                result.append({"kind": "abbr", "text": found, "id": term.id,
                               "title": term.term[self.lang], "first": found not in self.seen})
                self.seen.add(found)
            elif match.lastgroup in ("words", "script"):
                key = found.casefold()
                term = self.words.get(key) or self.words[key[:-1]]  # a plural s
                result.append({"kind": "term", "text": found, "id": term.id,
                               "first": term.id not in self.seen})
                self.seen.add(term.id)
            else:
                reference = self.references[found]
                result.append({"kind": "ref", "text": found, "id": reference.id,
                               "title": reference.title[self.lang]})
            position = match.end()
        if position < len(text):
            result.append({"kind": "text", "text": text[position:]})


def plain(text: str) -> str:
    """Return data text without footnote markers and with links as their label."""
    return FOOTNOTE.sub("", LINK.sub(r"\1", text)).strip()
