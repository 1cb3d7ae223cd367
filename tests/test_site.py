"""The built site: every clause of the seeds is on the Chinese pages, every
page has its twin, languages are marked, nothing comes from another host."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from hooks.linker import plain

from .conftest import LANGUAGES, indexed_text, page_url
from .htmltext import html_pages, note_boxes, read_page, texts_by_id

ROOT = Path(__file__).resolve().parent.parent
# The official Chinese texts the data was transcribed from.
SEEDS = Path(__file__).parent / "seeds"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
# Page furniture of the seed files, which the site rightly does not carry.
FURNITURE = {"Distr.", "GENERAL", "CHINESE", "ORIGINAL:ENGLISH", "16December2016",
             "CBD/COP/DEC/XIII/24", "UNEP/EA.3/17", "2", "*UNEP/EA.3/1。",
             "生物多样性公约", "生物多样性公约缔约方大会通过的决定"}
LEADING_LABEL = re.compile(r"^(-|\*\*|[0-9]+\.|[A-E]\.|\([a-z]\)|\([一二三四五六七八九十]+\)|"
                           r"[一二三]、)")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_fragments(path: Path) -> list[str]:
    """The seed's text cut at line and table-cell breaks, labels removed."""
    fragments = []
    for line in path.read_text(encoding="utf-8").splitlines():
        # cells of the flattened table, and headings glued together with **
        for cell in re.split(r"\t|\*\*", line):
            text = re.sub(r"<(https?://[^>]+)>", r"\1", squash(cell))
            text = text.translate({ord(c): None for c in SUPERSCRIPTS})
            while True:
                stripped = LEADING_LABEL.sub("", text, count=1)
                if stripped == text:
                    break
                text = stripped
            if text and text not in FURNITURE:
                fragments.append(text)
    return fragments


@pytest.fixture(scope="module")
def chinese_text(site) -> str:
    pages = [p for p in html_pages(site) if not p.relative_to(site).as_posix().startswith("en/")]
    return "".join(squash("".join(read_page(p).article)) for p in pages)


@pytest.mark.parametrize("seed", ["CBD-COP-DEC-XIII-24.zh.txt", "UNEP-EA.3-17.zh.txt"])
def test_every_clause_of_the_seed_is_on_the_chinese_pages(seed, chinese_text):
    fragments = seed_fragments(SEEDS / seed)
    assert len(fragments) > 50  # the parser found the text, not an empty file
    missing = [f for f in fragments if f not in chinese_text]
    assert missing == []


def twin_of(relative: str) -> str:
    return relative[3:] if relative.startswith("en/") else "en/" + relative


def test_every_page_has_its_twin_and_the_switcher_leads_there(site):
    pages = [p.relative_to(site).as_posix() for p in html_pages(site)]
    pages = [p for p in pages if p != "404.html"]
    assert len(pages) >= 28
    for relative in pages:
        assert twin_of(relative) in pages, relative
        parsed = read_page(site / relative)
        other = "zh" if relative.startswith("en/") else "en"
        switch = [link for link in parsed.links
                  if "md-select__link" in (link.get("class") or "") and link.get("hreflang") == other]
        assert len(switch) == 1, relative
        base = "http://site/" + relative
        target = urlsplit(urljoin(base, switch[0]["href"])).path.lstrip("/")
        if target.endswith("/") or not target:
            target += "index.html"
        assert target == twin_of(relative), relative


def test_html_lang_is_right_on_every_page(site):
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        expected = "en" if relative.startswith("en/") else "zh"
        assert read_page(path).html_lang == expected, relative


def test_english_pages_hold_no_untranslated_chinese(site):
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        if not relative.startswith("en/"):
            continue
        leaks = [text.strip() for lang, text in read_page(path).runs
                 if lang.startswith("en") and HAN.search(text)]
        assert leaks == [], relative


def test_nav_titles_are_translated(site):
    zh = (site / "annex-1" / "coordination" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "annex-1" / "coordination" / "index.html").read_text(encoding="utf-8")
    assert "附件一：国家行动" in zh and "Annex I: national action" in en
    assert "nav.annex-1" not in zh + en


def test_options_have_permalink_anchors_from_their_paragraph_reference(site):
    page = read_page(site / "annex-1" / "coordination" / "index.html")
    for anchor in ("a1-16-d-ii", "a1-16-f-iv", "a1-16-i", "a1-14"):
        assert anchor in page.ids
        assert any(link.get("href") == f"#{anchor}" for link in page.links)
    capacity = read_page(site / "en" / "annex-1" / "capacity" / "index.html")
    assert {"a1-25-b-i", "a1-25-b-iv", "a1-25-f-iv", "a1-26"} <= capacity.ids


def test_chinese_headings_get_readable_anchors(site):
    html = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'id="文本来源"' in html


def test_footnotes_are_footnotes(site):
    page = read_page(site / "decision" / "index.html")
    assert {"fn-1", "fn-2", "fn-3", "fnref-1", "fnref-2", "fnref-3"} <= page.ids
    assert any(link.get("href") == "#fn-2" for link in page.links)
    nbsaps = (site / "annex-1" / "nbsaps" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.cbd.int/nbsap/training/default.shtml"' in nbsaps


def test_english_pages_say_the_translation_is_unofficial_and_link_the_official_text(site):
    for relative in ("decision", "annex-1/capacity", "annex-2", "annex-2/key-actions",
                     "unep-ea-3-17"):
        html = (site / "en" / relative / "index.html").read_text(encoding="utf-8")
        assert "unofficial translation" in html, relative
        assert re.search(r'href="https://(www\.cbd\.int|undocs\.org)/[^"]+"', html), relative


def test_nothing_is_loaded_from_another_host(site):
    for path in html_pages(site):
        for link in read_page(path).links:
            if link["tag"] == "a":
                continue  # a link the reader may follow is not a load
            url = link.get("src") or link.get("href") or ""
            assert not urlsplit(url).netloc, (path, url)
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


def test_the_404_page_speaks_both_languages(site):
    page = read_page(site / "404.html")
    assert page.html_lang == "zh"
    langs = {lang for lang, text in page.runs if text.strip()}
    assert {"zh", "en"} <= langs
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "页面未找到" in html and "Page not found" in html


def test_each_language_has_its_own_search_index(site, search_pages):
    from hooks.search_index import indexed_languages
    pages = sum(1 for _ in site.rglob("index.html"))
    assert indexed_languages(site) == {"zh": pages // 2, "en": pages // 2}
    zh, en = search_pages["zh"], search_pages["en"]
    assert len(zh) == len(en) == pages // 2
    assert all(page["url"].startswith("/en/") for page in en)
    assert not any(page["url"].startswith("/en/") for page in zh)
    assert not any(HAN.search(page["content"]) for page in en)
    assert all("\u200b" in page["content"] for page in zh)  # cut into words
    # Material's own search index and worker are not used: no index of the whole site
    assert not list(site.rglob("search_index.json"))


def test_the_search_index_holds_the_articles_not_the_page_furniture(search_pages):
    for lang, skip in (("zh", "跳转至"), ("en", "Skip to content")):
        for page in search_pages[lang]:
            text = page["content"].replace("\u200b", "")
            assert skip not in text and "¶" not in text, page["url"]
            assert page["meta"]["title"], page["url"]


def test_generated_pages_are_not_tracked(project):
    """Generated pages sit in folders that a build marks as git-ignored: after a
    build, git sees under docs/ only the hand-written pages of the repository."""
    shutil.copy2(ROOT / ".gitignore", project / ".gitignore")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    seen = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "docs"],
                          cwd=project, capture_output=True, text=True, check=True).stdout.split()
    kept = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.split()
    assert (project / "docs" / "annex-1" / "coordination.md").is_file()
    assert sorted(seen) == sorted(kept)


# -- the official text, as a reader copies or hears it -------------------------


def page_file(site: Path, page: str, lang: str) -> Path:
    """The built file of the generated page ``page`` (under docs/) in ``lang``."""
    return site / page_url(page, lang) / "index.html"


def official_texts(dataset):
    """(page under docs/, element id, {lang: words}) of every paragraph, item,
    key action and footnote: the words the data holds, as a reader reads them."""

    def items(page, values):
        for item in values:
            yield page, item.id, {lang: plain(item.text[lang]) for lang in LANGUAGES}
            yield from items(page, item.items)

    def paragraphs(page, values):
        for paragraph in values:
            yield page, paragraph.id, {
                lang: plain(paragraph.text[lang])
                + (plain(paragraph.closing[lang]) if paragraph.closing else "")
                for lang in LANGUAGES}
            yield from items(page, paragraph.items)

    def sections(page, values):
        for section in values:
            yield from paragraphs(page, section.paragraphs)
            yield from sections(page, section.sections)

    def footnotes(page, values):
        for footnote in values:
            yield page, f"fn-{footnote.number}", {lang: plain(footnote.text[lang])
                                                  for lang in LANGUAGES}

    for page, document in (("decision/index.md", dataset.document("decision")),
                           ("annex-1/index.md", dataset.document("annex-1")),
                           ("annex-2/index.md", dataset.document("annex-2")),
                           ("unep-ea-3-17/index.md", dataset.document("progress-report"))):
        yield from paragraphs(page, document.preamble)
        yield from sections(page, document.sections)
        yield from footnotes(page, document.footnotes)
    for area in dataset.areas:
        yield from sections(f"annex-1/{area.id}.md", area.sections)
        yield from footnotes(f"annex-1/{area.id}.md", area.footnotes)
    table = dataset.document("key-actions")
    for _, _, action in table.rows():
        yield "annex-2/key-actions.md", action.id, {
            lang: "".join(plain(text[lang]) for text in [action.text, *action.cells.values()])
            for lang in LANGUAGES}
    yield from footnotes("annex-2/key-actions.md", table.footnotes)


def test_official_text_holds_no_inserted_words(site, dataset):
    """Each paragraph, item, key action and footnote reads on its page exactly
    as the data holds it: no word for screen readers, no note, no expansion of
    an acronym inside the official sentence."""
    expected: dict[tuple[str, str], dict[str, str]] = {}
    for page, element_id, words in official_texts(dataset):
        expected[(page, element_id)] = words
    assert len(expected) > 150
    wrong = []
    for lang in LANGUAGES:
        for page in {page for page, _ in expected}:
            ids = {element_id for p, element_id in expected if p == page}
            found = texts_by_id(page_file(site, page, lang), ids)
            for element_id in sorted(ids):
                shown = squash(found.get(element_id, "<missing>"))
                if shown != squash(expected[(page, element_id)][lang]):
                    wrong.append(f"{lang} {page}#{element_id}: {found.get(element_id)!r}")
    assert wrong == [], "\n".join(wrong[:10])


def note_place(dataset, note) -> tuple[str, str | None]:
    """The generated page (under docs/) of an editorial note and the id of the
    element it stands in (None for a story's note, which is on the story's page)."""
    if note.document == "references":
        return "references.md", note.target
    if any(story.id == note.document for story in dataset.stories):
        return f"stories/{note.document}.md", None
    pages = {"decision": "decision/index.md", "annex-1": "annex-1/index.md",
             "annex-2": "annex-2/index.md", "key-actions": "annex-2/key-actions.md",
             "progress-report": "unep-ea-3-17/index.md"}
    page = pages.get(note.document, f"annex-1/{note.document}.md")
    return page, note.target if note.footnote is None else f"fn-{note.footnote}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_editorial_notes_are_shown_marked_and_stand_beside_the_text(site, dataset, lang):
    notes = dataset.editorial_notes()
    kinds = {(n.footnote is not None, n.document == "references",
              any(s.id == n.document for s in dataset.stories)) for n in notes}
    assert len(kinds) >= 4, "notes on paragraphs or items, footnotes, references and stories"
    label = dataset.string("note.label", lang)
    expected: dict[str, list] = {}
    for note in notes:
        page, around = note_place(dataset, note)
        expected.setdefault(page, []).append((around, squash(plain(note.text[lang]))))
    shown_total = 0
    for path in html_pages(site):
        if path.relative_to(site).as_posix().startswith("en/") != (lang == "en"):
            continue
        shown_total += len(note_boxes(path))
    assert shown_total == len(notes), "every note of the data is shown once, and nothing else is"
    for page, wanted in expected.items():
        boxes = note_boxes(page_file(site, page, lang))
        assert len(boxes) == len(wanted), page
        for around, words in wanted:
            box = next((b for b in boxes if words in squash(b["text"])), None)
            assert box is not None, f"{page}: {words[:40]}"
            if around is not None:
                assert box["around"] == around, page
            assert squash(box["text"]).startswith(squash(label)), "marked as the site's note"
            assert box["attrs"].get("role") == "note"
            assert not box["in_p"], "outside the paragraph's text"
            assert not box["hidden"], "read by screen readers"
            assert "data-search-exclude" in box["attrs"]


def test_editorial_notes_stay_out_of_the_search_index(search_pages, dataset):
    notes = dataset.editorial_notes()
    for lang in LANGUAGES:
        indexed = squash(indexed_text(search_pages[lang]))
        for note in notes:
            assert squash(plain(note.text[lang]))[:40] not in indexed, note.target
        # while the official text beside them is there
        assert squash(plain(dataset.anchors["a2-12"].text[lang]))[:40] in indexed


def test_the_key_actions_table_says_where_it_breaks_off_before_it_starts(site, dataset):
    truncated = [action for _, _, action in dataset.document("key-actions").rows() if action.truncated]
    assert truncated
    for lang in LANGUAGES:
        html = page_file(site, "annex-2/key-actions.md", lang).read_text(encoding="utf-8")
        notice = dataset.string("label.truncated-table", lang).format(
            ref=dataset.anchors[truncated[0].id].ref)
        assert notice in html.replace("&#39;", "'")
        assert html.replace("&#39;", "'").index(notice) < html.index("<table")
