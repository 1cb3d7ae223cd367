"""hooks/search_index.py: Pagefind runs on a site and ends; its failure is one line."""

from __future__ import annotations

import sys

import pytest

from hooks import search_index


def write_page(site, path: str, lang: str, text: str) -> None:
    page = site / path / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f'<!doctype html><html lang="{lang}"><head><title>{text}</title></head><body>'
                    f'<article class="md-content__inner"><h1 id="t">{text}</h1>'
                    f'<p>{text}</p><p data-search-exclude>Export JSON</p></article>'
                    '<nav>Skip to content</nav></body></html>', encoding="utf-8")


def test_each_language_gets_its_own_index_of_the_articles(tmp_path):
    write_page(tmp_path, ".", "zh", "国家联络点和信息交换所机制")
    write_page(tmp_path, "en", "en", "National focal points and the clearing-house mechanism")
    (tmp_path / "404.html").write_text('<html lang="en"><body><article class="md-content__inner">'
                                       "Not found</article></body></html>", encoding="utf-8")
    search_index.index_site(tmp_path)
    assert search_index.indexed_languages(tmp_path) == {"zh": 1, "en": 1}
    pages = {page["language"]: page for page in search_index.read_fragments(tmp_path)}
    assert "\u200b" in pages["zh"]["content"]  # Chinese cut into words
    assert pages["zh"]["content"].replace("\u200b", "").startswith("国家联络点和信息交换所机制")
    for page in pages.values():
        assert "Export JSON" not in page["content"] and "Skip to content" not in page["content"]
    left = {path.name for path in (tmp_path / "pagefind").iterdir()}
    assert "pagefind.js" in left and not left & set(search_index.UNUSED)


def test_a_failing_indexer_is_one_line_naming_why(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "pagefind_command", lambda site: [
        sys.executable, "-c", "import sys; sys.stderr.write('Error: no pages\\nat all\\n'); sys.exit(3)"])
    with pytest.raises(search_index.SearchIndexError) as caught:
        search_index.index_site(tmp_path)
    assert str(caught.value) == ("Pagefind could not index the site (exit code 3): "
                                 "Error: no pages at all")


def test_a_missing_indexer_says_which_package_brings_it(tmp_path, monkeypatch):
    def missing(site):
        raise FileNotFoundError("pagefind_extended")
    monkeypatch.setattr(search_index, "pagefind_command", missing)
    with pytest.raises(search_index.SearchIndexError, match="pagefind-bin-extended"):
        search_index.index_site(tmp_path)
