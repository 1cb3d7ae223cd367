"""The portal: conventions, synergy matrix, calendar, stories and their feed,
glossary and references in the text, open data, and no broken link.

The calendar is read with the ``icalendar`` parser a calendar application
uses, the feed with an XML parser, the open data with its published schema.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import icalendar
import pytest
from jsonschema import Draft202012Validator

from hooks import pages, portal
from hooks.exports.feed import export_feed
from hooks.exports.open_data import dataset_json, table_csvs
from hooks.exports.stamp import DataStamp
from hooks.linker import Linker
from hooks.loader import load_dataset

from .conftest import LANGUAGES, localized_path

from .htmltext import html_pages, read_page

ROOT = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def manifest(site):
    return json.loads((site / "downloads" / "manifest.json").read_text(encoding="utf-8"))


def page(site: Path, path: str, lang: str) -> Path:
    return site / ("" if lang == "zh" else "en") / path / "index.html"


# -- the data ----------------------------------------------------------------


def test_the_eight_liaison_group_conventions_and_the_three_named_beside_them(dataset):
    ids = [c.id for c in dataset.conventions]
    assert ids == ["cbd", "cites", "cms", "ramsar", "whc", "itpgrfa", "ippc", "iwc",
                   "basel", "rotterdam", "stockholm"]
    assert {c.id for c in dataset.conventions if c.group == "chemicals"} == \
        {"basel", "rotterdam", "stockholm"}
    for convention in dataset.conventions:
        assert convention.adopted <= convention.in_force
        assert convention.website.startswith("https://")


def test_every_story_names_a_source_that_exists(dataset):
    assert dataset.stories, "the seeds report stories; the data should hold them"
    for story in dataset.stories:
        if story.source_document:
            assert story.source_document in dataset.sources
            assert story.source_ref in dataset.anchors
        else:
            assert story.source_url.startswith("https://")


def test_tags_are_inherited_by_sub_items(dataset):
    for area in dataset.areas:
        for section in area.sections:
            for paragraph in section.paragraphs:
                for item in paragraph.items:
                    assert set(paragraph.conventions) <= set(item.conventions)
                    for sub in item.items:
                        assert set(item.conventions) <= set(sub.conventions)


# -- links and acronyms in running text ---------------------------------------


def test_linker_finds_citations_and_acronyms_at_word_boundaries(dataset):
    linker = Linker(dataset, "en")
    tokens = linker.tokens("See UNEP/CBD/COP/13/15 and decisions IX/8, X/2; IPBES and NBSAPs. "
                           "IPBES again, XX/2 and X/25 are other things.")
    kinds = [(t["kind"], t["text"]) for t in tokens if t["kind"] != "text"]
    assert ("ref", "UNEP/CBD/COP/13/15") in kinds
    assert ("ref", "IX/8") in kinds and ("ref", "X/2") in kinds
    assert ("abbr", "IPBES") in kinds and ("abbr", "NBSAP") in kinds
    assert not any(text in ("XX/2", "X/25") or text.startswith("X/2") and text != "X/2"
                   for _, text in kinds)
    firsts = [t["first"] for t in tokens if t["kind"] == "abbr" and t["text"] == "IPBES"]
    assert firsts == [True, False]


def test_links_and_footnotes_written_in_data_stay_whole(dataset):
    tokens = Linker(dataset, "en").tokens("[IPBES site](https://ipbes.net/)[^3] IPBES")
    assert [t["kind"] for t in tokens] == ["link", "footnote", "text", "abbr"]


def test_acronyms_are_explained_on_hover_and_first_linked_to_the_glossary(site, dataset):
    terms = {term.abbr: term for term in dataset.terms if term.abbr}
    glossary = read_page(page(site, "glossary", "en"))
    for path in ("annex-2/key-actions", "annex-2", "unep-ea-3-17"):
        text = page(site, path, "en").read_text(encoding="utf-8")
        abbrs = re.findall(r'(<a class="syn-abbr" href="([^"]+)">)?<abbr title="([^"]+)">([^<]+)'
                           r'</abbr>(</a>)?', text)
        assert abbrs, f"{path}: the English text has acronyms"
        seen: set[str] = set()
        for link, href, title, abbr, _ in abbrs:
            term = terms[abbr]
            assert title == term.term["en"]
            # the first on the page links to its glossary entry, the others do not
            assert bool(link) == (abbr not in seen), f"{path}: {abbr}"
            if link:
                assert urlsplit(href).fragment == term.id and term.id in glossary.ids
            seen.add(abbr)
        # and nothing is spelled out inside the text for screen readers only
        assert 'class="syn-sr"' not in text


def test_citations_link_to_the_references_page(site, dataset):
    for lang in LANGUAGES:
        path = page(site, "annex-1/nbsaps", lang)
        refs = [link for link in read_page(path).links if "syn-ref" in link.get("class", "")]
        assert refs, f"{lang}: decisions cited in annex I link to their reference"
        target = read_page(page(site, "references", lang))
        for link in refs:
            assert urlsplit(link["href"]).fragment in target.ids


# -- pages ------------------------------------------------------------------


def test_every_convention_and_story_has_a_page_in_both_languages(site, dataset):
    for lang in LANGUAGES:
        for convention in dataset.conventions:
            parsed = read_page(page(site, f"conventions/{convention.id}", lang))
            assert parsed.html_lang == ("zh" if lang == "zh" else "en")
            assert convention.name[lang] in "".join(parsed.article)
        for story in dataset.stories:
            parsed = read_page(page(site, f"stories/{story.id}", lang))
            assert story.title[lang] in "".join(parsed.article)
        for path in ("", "conventions", "synergies", "calendar", "stories", "stories/submit",
                     "glossary", "references"):
            assert page(site, path, lang).exists(), (lang, path)


def test_convention_pages_list_the_options_and_actions_tagged_with_it(site, dataset):
    checked = 0
    for convention in dataset.conventions:
        options = portal.Portal(dataset).options(convention.id)
        links = {urlsplit(link["href"]).fragment
                 for link in read_page(page(site, f"conventions/{convention.id}", "en")).links
                 if "href" in link}
        for _, option in options:
            assert option.id in links
            checked += 1
    assert checked, "some options name a convention"


def test_synergy_matrix_counts_the_tags(site, dataset):
    text = page(site, "synergies", "en").read_text(encoding="utf-8")
    rows = portal.Portal(dataset).matrix()
    body = text[text.index("<tbody>"):text.index("</tbody>")]
    table_rows = [row for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    assert len(table_rows) == len(rows) == len(dataset.areas) + len(dataset.document("key-actions").groups)
    for row, html in zip(rows, table_rows):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
        numbers = [int(re.sub(r"<[^>]+>|·", "", cell)) for cell in cells]
        expected = [row.total] + [row.counts[c.id] for c in dataset.conventions] + [row.general]
        assert numbers == expected, row.id
    # the matrix is not empty: some rows name conventions
    assert any(any(row.counts.values()) for row in rows)


def test_home_page_has_ways_in_by_role_and_a_search_form(site):
    for lang in LANGUAGES:
        parsed = read_page(page(site, "", lang))
        for role in ("focal-point", "coordination", "statistics", "science", "public"):
            assert f"role-{role}" in parsed.ids
        html = page(site, "", lang).read_text(encoding="utf-8")
        assert re.search(r'<form[^>]*role="search"', html) and 'name="q"' in html


def test_coming_events_start_from_the_data_date(dataset):
    today = datetime.date(2026, 11, 21)
    coming = portal.Portal(dataset).upcoming(today, 5)
    assert len(coming) == 5
    dates = [date for date, _ in coming]
    assert dates == sorted(dates) and dates[0] >= today


def test_yearly_days_fall_on_the_right_dates():
    event = type("E", (), {"yearly": {"months": [5, 10], "week": 2, "weekday": "sa"},
                           "since": None})()
    assert portal.occurrences(event, 2026) == [datetime.date(2026, 5, 9),
                                               datetime.date(2026, 10, 10)]


# -- calendar, feed and open data -------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calendar_is_valid_icalendar(site, manifest, dataset, lang):
    entry = next(f for f in manifest["files"] if f["kind"] == "calendar" and f["lang"] == lang)
    raw = (site / entry["path"]).read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    calendar = icalendar.Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    assert len(events) == len(dataset.events) == entry["items"]
    uids = set()
    for event in events:
        for field in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert field in event, field
        uids.add(str(event["UID"]))
    assert len(uids) == len(events)
    summaries = {str(event["SUMMARY"]) for event in events}
    assert {e.title[lang] for e in dataset.events} == summaries
    days = [e for e in dataset.events if e.kind == "day" and "day" in e.yearly]
    for day in days:
        event = next(ev for ev in events if str(ev["SUMMARY"]) == day.title[lang])
        start = event["DTSTART"].dt
        assert (start.month, start.day) == (day.yearly["month"], day.yearly["day"])
        assert event["RRULE"]["FREQ"] == ["YEARLY"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_is_atom_with_every_story(site, manifest, dataset, lang):
    entry = next(f for f in manifest["files"] if f["kind"] == "feed" and f["lang"] == lang)
    feed = ET.fromstring((site / entry["path"]).read_bytes())
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(dataset.stories) == entry["items"]
    base = f"http://site/{entry['path']}"
    for item in entries:
        for field in ("title", "id", "updated", "summary"):
            assert item.find(f"{ATOM}{field}").text
        link = urljoin(base, item.find(f"{ATOM}link").get("href"))
        target = site / urlsplit(link).path.lstrip("/") / "index.html"
        assert target.exists(), link


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_data_follows_its_published_schema(site, manifest, dataset, lang):
    data_files = [f for f in manifest["files"] if f["kind"] == "data" and f["lang"] == lang]
    by_scope = {f["scope"]: f for f in data_files}
    schema = json.loads((site / by_scope["data-schema"]["path"]).read_text(encoding="utf-8"))
    assert schema == json.loads((ROOT / "schemas/open-data.schema.json").read_text("utf-8"))
    document = json.loads((site / by_scope["data"]["path"]).read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(document))
    assert not errors, errors[:3]
    assert document["language"] == lang
    assert [entry["id"] for entry in document["documents"]] == \
        [item.id for item in dataset.documents]
    options = [option for entry in document["documents"] if entry["kind"] == "options"
               for option in entry["options"]]
    assert len(options) == sum(len(area.option_items()) for area in dataset.areas)
    for entry in document["documents"]:  # each names the page it is on
        assert (site / entry["url"] / "index.html").is_file(), entry["url"]
    table = by_scope["options"]
    rows = list(csv.DictReader(io.StringIO((site / table["path"]).read_text("utf-8-sig"))))
    assert [row["id"] for row in rows] == options
    assert len(rows) == table["items"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_data_gives_editorial_notes_apart_from_the_texts(site, manifest, dataset, lang):
    entry = next(f for f in manifest["files"]
                 if f["kind"] == "data" and f["lang"] == lang and f["scope"] == "data")
    document = json.loads((site / entry["path"]).read_text(encoding="utf-8"))
    notes = dataset.editorial_notes()
    assert notes
    assert document["editorial_notes"] == [
        {"document": n.document, "target": n.target, "footnote": n.footnote, "text": n.text[lang]}
        for n in notes]
    # each is also the `note` of what it is on, and no text holds one
    found, texts = [], []

    def walk(value, key=None):
        if isinstance(value, dict):
            for child_key, child in value.items():
                if key != "editorial_notes":
                    walk(child, child_key)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)
        elif key == "note" and value is not None:
            found.append(value)
        elif isinstance(value, str):
            texts.append(value)

    walk(document)
    assert sorted(found) == sorted(n.text[lang] for n in notes)
    for note in notes:
        assert not any(note.text[lang] in text for text in texts), note.target


def test_a_story_that_names_no_convention_shows_everywhere(tmp_path):
    """The schema lets a story name no convention: the pages, the feed and the
    open data cope with none."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    path = tmp_path / "data" / "stories" / "informea-second-phase.yaml"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^conventions: .*\n", text, re.MULTILINE)
    path.write_text(re.sub(r"^conventions: .*\n", "", text, flags=re.MULTILINE), encoding="utf-8")
    dataset = load_dataset(tmp_path)
    story = next(s for s in dataset.stories if s.id == "informea-second-phase")
    assert story.conventions == []
    rendered = pages.render_pages(dataset, ROOT / "overrides" / "pages")
    stamp = DataStamp(version=dataset.version, date="2020-09-13",
                      timestamp=datetime.datetime(2020, 9, 13, tzinfo=datetime.timezone.utc))
    schema = json.loads((ROOT / "schemas/open-data.schema.json").read_text("utf-8"))
    for lang in LANGUAGES:
        own = rendered[localized_path("stories/informea-second-phase.md", lang)]
        meta = re.search(r'<p class="syn-meta">(.*?)</p>', own).group(1)
        assert meta.rstrip().endswith(story.date), meta  # no separator left dangling
        listing = rendered[localized_path("stories/index.md", lang)]
        item = re.search(r'<li data-story data-conventions="" [^>]*>.*?</li>', listing, re.DOTALL)
        assert item and story.title[lang] in item.group(0)
        assert not re.search(r"·\s*</p>", item.group(0))
        for convention in dataset.conventions:
            convention_page = rendered[localized_path(f"conventions/{convention.id}.md", lang)]
            assert "stories/informea-second-phase" not in convention_page
        feed = ET.fromstring(export_feed(dataset, lang, stamp, lambda s: f"stories/{s.id}/",
                                         "feed.xml"))
        entry = next(e for e in feed.findall(f"{ATOM}entry")
                     if e.find(f"{ATOM}title").text == story.title[lang])
        assert entry.findall(f"{ATOM}category") == []
        data = dataset_json(dataset, lang, stamp)
        assert not list(Draft202012Validator(schema).iter_errors(data))
        stories_csv, _ = table_csvs(dataset, lang)["stories"]
        row = next(r for r in csv.DictReader(io.StringIO(stories_csv.decode("utf-8-sig")))
                   if r["id"] == story.id)
        assert row["conventions"] == ""


def test_a_note_on_a_key_action_stands_in_its_cell_apart_from_the_words_the_table_reads(
        tmp_path):
    """The table's filters and its CSV (assets/roadmap.js) read a cell without
    the elements marked data-roadmap-skip: a row's note is one of them."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    path = tmp_path / "data" / "annex-2" / "key-actions.yaml"
    row = "            truncated: true\n"
    text = path.read_text(encoding="utf-8")
    assert text.count(row) == 1
    path.write_text(text.replace(row, row + '            note: {zh: "编者注。", en: "A note."}\n'),
                    encoding="utf-8")
    dataset = load_dataset(tmp_path)
    rendered = pages.render_pages(dataset, ROOT / "overrides" / "pages")
    script = (ROOT / "overrides" / "assets" / "roadmap.js").read_text(encoding="utf-8")
    assert '[data-roadmap-skip]").forEach((n) => n.remove())' in script
    for lang, words in (("zh", "编者注。"), ("en", "A note.")):
        table = rendered[localized_path("annex-2/key-actions.md", lang)]
        cell = re.search(r'<tr id="ka-c-1-d".*?<td data-roadmap-cell="key_action">(.*?)</td>',
                         table, re.DOTALL).group(1)
        note = re.search(r'<div class="syn-editorial" ([^>]*)>(.*?)</div>', cell, re.DOTALL)
        assert note and words in note.group(2)
        assert dataset.string("note.label", lang) in note.group(2).replace("&#39;", "'")
        assert {"data-note", "data-search-exclude", "data-roadmap-skip", 'role="note"'} <= \
            set(note.group(1).split())


def test_manifest_lists_calendar_feed_and_data_in_both_languages(manifest):
    kinds = {(f["kind"], f["lang"]) for f in manifest["files"]}
    for kind in ("checklist", "table", "calendar", "feed", "data"):
        for lang in LANGUAGES:
            assert (kind, lang) in kinds


def test_calendar_and_stories_pages_link_their_files(site, manifest):
    for kind, path in (("calendar", "calendar"), ("feed", "stories")):
        for lang in LANGUAGES:
            entry = next(f for f in manifest["files"] if f["kind"] == kind and f["lang"] == lang)
            html = page(site, path, lang)
            hrefs = [urljoin(f"http://site/{html.relative_to(site).as_posix()}", link["href"])
                     for link in read_page(html).links if "href" in link]
            assert f"http://site/{entry['path']}" in hrefs


# -- no broken link --------------------------------------------------------


def test_no_internal_link_or_anchor_is_broken(site):
    ids: dict[Path, set[str]] = {}
    broken = []
    for html in html_pages(site):
        parsed = read_page(html)
        ids[html] = parsed.ids
    for html in html_pages(site):
        base = "http://site/" + html.relative_to(site).as_posix()
        for link in read_page(html).links:
            ref = link.get("href") or link.get("src")
            if not ref or ref.startswith(("mailto:", "javascript:")) or link["tag"] == "link" \
                    and link.get("rel") in ("alternate", "canonical") and "://" in ref:
                continue
            target = urlsplit(urljoin(base, ref))
            if target.netloc != "site":
                continue
            path = site / unquote(target.path).lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{html.relative_to(site)}: {ref}")
            elif target.fragment and path.suffix == ".html" and \
                    unquote(target.fragment) not in ids.get(path, set()):
                broken.append(f"{html.relative_to(site)}: {ref} (no such anchor)")
    assert not broken, "\n".join(broken[:30])
