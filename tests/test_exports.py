"""Downloads: checklists (XLSX, CSV, PDF), the key-actions table (XLSX, CSV),
the manifest, and how the site offers them.

The first tests run the exporters (``hooks/exports``) on the real data; the
last ones check the built site of the session and two fresh builds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from jinja2.filters import do_filesizeformat
from openpyxl import load_workbook

from hooks import exports
from hooks.exports import build, csv_files, font, manifest, pdf, rows, stamp, xlsx
from hooks.loader import load_dataset
from hooks.model import MULTILINGUAL
from hooks.pages import plain
from hooks.pipeline import Pipeline

from .conftest import LANGUAGES, ROOT, copy_project, page_url, run_build

EPOCH = 1_600_000_000  # 2020-09-13T12:26:40Z
STATUS_KEYS = ("not-started", "planned", "in-progress", "done", "not-applicable")


# Helpers -----------------------------------------------------------------


def squeeze(text: str) -> str:
    """Text without any white space: PDF lines break inside sentences."""
    return re.sub(r"\s+", "", text)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install Debian's poppler-utils (see .ci/run)")
    return path


def pdf_text(data: bytes, tmp_path: Path) -> str:
    target = tmp_path / "file.pdf"
    target.write_bytes(data)
    return subprocess.run([tool("pdftotext"), "-enc", "UTF-8", str(target), "-"],
                          capture_output=True, text=True, encoding="utf-8", check=True).stdout


def pdf_fonts(path: Path) -> list[dict]:
    """Rows of ``pdffonts``: name, type, emb, sub, uni."""
    out = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True,
                         encoding="utf-8", check=True).stdout.splitlines()
    fonts = []
    for line in out[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object-id generation
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte-order mark"
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


def status_labels(dataset, lang: str) -> list[str]:
    return [dataset.strings[f"checklist.status.{key}"][lang] for key in STATUS_KEYS]


class Links(HTMLParser):
    """Every ``<a href>`` of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def linked_paths(site: Path, page: str) -> set[str]:
    """Paths (from the site root) that the page at URL ``page`` links to."""
    parser = Links()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    base = "http://site/" + page
    paths = set()
    for href in parser.hrefs:
        url = urljoin(base, href)
        if url.startswith("http://site/"):
            paths.add(url[len("http://site/"):].split("#")[0])
    return paths


@pytest.fixture(scope="module")
def data_stamp(dataset):
    return stamp.DataStamp(version=dataset.version, date="2020-09-13",
                           timestamp=datetime.fromtimestamp(EPOCH, tz=timezone.utc))


@pytest.fixture(scope="module")
def pdf_font(dataset, data_stamp, tmp_path_factory):
    sheets = [s for s in build.plan_sheets(dataset, data_stamp) if s.kind == "checklist"]
    return font.prepare_font((t for s in sheets for t in s.texts()),
                             tmp_path_factory.mktemp("font"))


# stamp.py ------------------------------------------------------------------


def test_data_date_comes_from_the_last_commit_touching_data(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "site.yaml").write_text("strings: {}\n", encoding="utf-8")
    env = dict(os.environ, GIT_COMMITTER_DATE="2021-03-04T10:00:00Z",
               GIT_AUTHOR_DATE="2021-03-04T10:00:00Z")
    subprocess.run([*git, "add", "data"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "data"], cwd=tmp_path, env=env, check=True)
    (tmp_path / "README").write_text("later, not data\n", encoding="utf-8")
    env.update(GIT_COMMITTER_DATE="2022-01-01T10:00:00Z", GIT_AUTHOR_DATE="2022-01-01T10:00:00Z")
    subprocess.run([*git, "add", "README"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "readme"], cwd=tmp_path, env=env, check=True)

    assert stamp.data_date(tmp_path) == "2021-03-04"
    made = stamp.make_stamp(tmp_path, "abc")
    assert made.timestamp == datetime(2021, 3, 4, tzinfo=timezone.utc)


def test_data_date_falls_back_to_source_date_epoch_then_unknown(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert stamp.data_date(tmp_path) == "2020-09-13"
    assert stamp.make_stamp(tmp_path, "abc").timestamp == datetime.fromtimestamp(EPOCH, timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert stamp.data_date(tmp_path) == "unknown"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    made = stamp.make_stamp(tmp_path, "abc")
    assert (made.date, made.timestamp) == ("unknown", stamp.ZIP_EPOCH)


# rows.py -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_area_checklist_has_one_row_per_option(dataset, data_stamp, lang):
    for area in dataset.areas:
        sheet = rows.checklist_sheet(dataset, area.id, lang, data_stamp)
        options = area.option_items()
        assert [column.key for column in sheet.columns] == [
            "ref", "option", "conventions", "lead_agency", "status", "target_date", "notes", "id"]
        assert [row[0] for row in sheet.rows] == [item.ref for item in options]
        assert [row[1] for row in sheet.rows] == [plain(item.text[lang]) for item in options]
        # related conventions from the tags; the columns to fill in stay empty
        assert [row[2] for row in sheet.rows] == [
            ", ".join(dataset.convention(tag).acronym[lang] for tag in item.conventions)
            for item in options]
        assert all(row[3:7] == ("",) * 4 for row in sheet.rows)
        # the item id ties a filled-in row to its option, whatever its number becomes
        assert [row[7] for row in sheet.rows] == [item.id for item in options]
        assert sheet.columns[3].title == dataset.strings["checklist.lead-agency"][lang]
        assert sheet.columns[7].title == dataset.strings["checklist.column.id"][lang]
        assert list(sheet.statuses) == status_labels(dataset, lang)


def test_texts_lose_footnote_markers_and_markdown_links(dataset, data_stamp):
    sheet = rows.checklist_sheet(dataset, "annex-1", "en", data_stamp)
    raw = [item.text["en"] for area in dataset.areas for item in area.option_items()]
    assert any("[^" in text or "](" in text for text in raw), "data has markers to strip"
    for row in sheet.rows:
        assert "[^" not in row[2] and "](" not in row[2]


def test_annex_checklist_lists_areas_in_annex_order(dataset, data_stamp):
    sheet = rows.checklist_sheet(dataset, "annex-1", "zh", data_stamp)
    assert sheet.columns[1].key == "area"
    assert len(sheet.rows) == sum(len(area.option_items()) for area in dataset.areas)
    areas_seen = list(dict.fromkeys(row[1].split(" ")[0] for row in sheet.rows))
    assert areas_seen == ["1(a)", "1(b)", "2(a)", "2(b)", "2(c)", "2(d)", "2(e)"]
    assert sheet.groups == tuple(row[1] for row in sheet.rows)


def test_key_actions_sheet_is_the_whole_table(dataset, data_stamp):
    table = dataset.document("key-actions")
    sheet = rows.key_actions_sheet(dataset, dataset.document("key-actions"), "zh", data_stamp)
    assert [column.title for column in sheet.columns] == [plain(c.title["zh"]) for c in table.columns]
    assert len(sheet.rows) == len(table.rows()) == 20
    group, activity, action = table.rows()[0]
    first = dict(zip((c.id for c in table.columns), sheet.rows[0]))
    assert first["area"] == f"{group.label} {plain(group.title['zh'])}"
    assert first["activity"].startswith(activity.label)
    assert first["timing"] == plain(action.cells["timing"]["zh"])
    assert first["cbd_mandate"] == ""  # a cell the row does not have


# csv_files.py --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_is_utf8_with_bom_and_crlf(dataset, data_stamp, lang):
    sheet = rows.checklist_sheet(dataset, "coordination", lang, data_stamp)
    table = read_csv(csv_files.export_csv(sheet))
    assert table[0] == [column.title for column in sheet.columns]
    assert [tuple(row) for row in table[1:]] == list(sheet.rows)
    if lang == "zh":
        assert "协调机制" in table[1][1] + table[2][1]


# xlsx.py -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_xlsx_checklist(dataset, data_stamp, lang):
    sheet = rows.checklist_sheet(dataset, "annex-1", lang, data_stamp)
    data = xlsx.export_xlsx(sheet)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [dataset.strings["download.sheet.cover"][lang],
                                   dataset.strings["download.sheet.checklist"][lang]]
    cover, ws = workbook.worksheets
    cover_text = [str(v) for row in cover.iter_rows(values_only=True) for v in row if v]
    assert sheet.title in cover_text
    assert any("CBD/COP/DEC/XIII/24" in v for v in cover_text)
    assert dataset.sources["cbd-cop-dec-xiii-24"].official_text[lang] in cover_text
    assert dataset.version in cover_text and "2020-09-13" in cover_text
    assert dataset.strings["download.how-to.checklist"][lang] in cover_text

    header = [cell.value for cell in ws[1]]
    assert header == [column.title for column in sheet.columns]
    values = [tuple(cell.value or "" for cell in row) for row in ws.iter_rows(min_row=2)]
    assert values == list(sheet.rows)
    assert ws.max_row == len(sheet.rows) + 1

    status = get_letter(header.index(dataset.strings["checklist.status"][lang]))
    date = get_letter(header.index(dataset.strings["checklist.target-date"][lang]))
    last = ws.max_row
    validations = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert validations["list"].formula1 == '"' + ",".join(status_labels(dataset, lang)) + '"'
    assert str(validations["list"].sqref) == f"{status}2:{status}{last}"
    assert not validations["list"].showDropDown  # True would hide Excel's arrow
    assert str(validations["date"].sqref) == f"{date}2:{date}{last}"
    assert all(ws[f"{date}{row}"].number_format == "yyyy-mm-dd" for row in range(2, last + 1))
    assert all(ws[f"A{row}"].alignment.wrap_text for row in range(1, last + 1))

    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert dataset.version in ws.oddHeader.right.text
    assert ws.column_dimensions["C"].width >= 60  # the option text is readable


def get_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def test_xlsx_has_no_clock_time(dataset, data_stamp):
    sheet = rows.checklist_sheet(dataset, "resources", "en", data_stamp)
    data = xlsx.export_xlsx(sheet)
    workbook = load_workbook(io.BytesIO(data))
    moment = datetime(2020, 9, 13, 12, 26, 40)
    assert workbook.properties.created == workbook.properties.modified == moment
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2020, 9, 13, 12, 26, 40)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "2020-09-13T12:26:40Z" in core
    assert xlsx.export_xlsx(sheet) == data


def test_xlsx_key_actions_table(dataset, data_stamp):
    sheet = rows.key_actions_sheet(dataset, dataset.document("key-actions"), "en", data_stamp)
    workbook = load_workbook(io.BytesIO(xlsx.export_xlsx(sheet)))
    ws = workbook.worksheets[1]
    assert ws.title == dataset.strings["download.sheet.table"]["en"]
    assert [cell.value for cell in ws[1]] == [c.title["en"] for c in dataset.document("key-actions").columns]
    assert ws.max_row == 21 and ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
    assert not ws.data_validations.dataValidation  # nothing to fill in


# pdf.py and font.py ------------------------------------------------------------


def test_prepared_font_is_small_and_has_every_character(dataset, data_stamp, pdf_font):
    from fontTools.ttLib import TTFont

    assert pdf_font.stat().st_size < 500_000  # the source font is 8 MB
    cmap = TTFont(str(pdf_font)).getBestCmap()
    sheet = rows.checklist_sheet(dataset, "annex-1", "zh", data_stamp)
    used = {c for text in sheet.texts() for c in text if not c.isspace()}
    assert not [c for c in used if ord(c) not in cmap]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_gives_back_every_option_text(dataset, data_stamp, pdf_font, tmp_path, lang):
    sheet = rows.checklist_sheet(dataset, "annex-1", lang, data_stamp)
    data = pdf.export_pdf(sheet, pdf_font)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    flat = squeeze(text)
    for area in dataset.areas:
        for item in area.option_items():
            assert squeeze(plain(item.text[lang])) in flat, item.ref
            assert item.ref in text
    pages = text.count("\f")
    page_of = dataset.strings["download.page-of"][lang]
    for page in range(1, pages + 1):
        assert squeeze(page_of.format(page=page, pages=pages)) in flat
    for page_text in text.split("\f")[:pages]:  # source and data version on every page
        assert "CBD/COP/DEC/XIII/24" in page_text and dataset.version in page_text
    for label in status_labels(dataset, lang):
        assert text.count(label) >= len(sheet.rows)  # a box per status per option


def test_chinese_pdf_lines_follow_chinese_line_breaking(dataset, data_stamp, pdf_font, tmp_path):
    sheet = rows.checklist_sheet(dataset, "annex-1", "zh", data_stamp)
    text = pdf_text(pdf.export_pdf(sheet, pdf_font), tmp_path)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) > 200
    starts = [line for line in lines if line[0] in pdf.NO_LINE_START]
    ends = [line for line in lines if line[-1] in pdf.NO_LINE_END]
    assert starts == [] and ends == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_text_stays_inside_its_column(dataset, data_stamp, pdf_font, tmp_path, lang):
    # The PDF writer breaks the lines itself (one cell per line): no word may
    # run past the right margin, and the option texts start at their column.
    sheet = rows.checklist_sheet(dataset, "annex-1", lang, data_stamp)
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf.export_pdf(sheet, pdf_font))
    boxes = subprocess.run([tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True,
                           text=True, encoding="utf-8", check=True).stdout
    points = 72 / 25.4
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    words = [(float(x_min), float(x_max), word) for x_min, x_max, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        boxes)]
    assert len(words) > 500
    outside = [word for x_min, x_max, word in words
               if x_min < pdf.MARGIN * points - 0.5 or x_max > page_width - pdf.MARGIN * points + 0.5]
    assert outside == []


def test_a_word_longer_than_a_line_is_broken(dataset, data_stamp, pdf_font):
    sheet = rows.checklist_sheet(dataset, "coordination", "en", data_stamp)
    page = pdf.ChecklistPDF(sheet, pdf_font)
    page.add_page()
    page.set_font(pdf.FONT_FAMILY, size=10)
    text = "Short words, then " + "x" * 300 + " and the end."
    lines = page._lines(text, 80)
    assert len(lines) >= 4 and "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(page.get_string_width(line) <= 80 - 2 * page.c_margin + 1e-6 for line in lines)
    assert lines[0] == "Short words, then" and set(lines[1]) == {"x"}


def test_pdf_embeds_its_font_and_keeps_the_data_date(dataset, data_stamp, pdf_font, tmp_path):
    sheet = rows.checklist_sheet(dataset, "coordination", "zh", data_stamp)
    data = pdf.export_pdf(sheet, pdf_font)
    path = tmp_path / "c.pdf"
    path.write_bytes(data)
    fonts = pdf_fonts(path)
    assert fonts and all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts), fonts
    assert b"/CreationDate (D:20200913122640Z" in data
    assert b"ModDate" not in data or b"/ModDate (D:20200913" in data
    assert pdf.export_pdf(sheet, pdf_font) == data
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_pdf_made_alone_is_the_pdf_of_a_full_build(dataset, data_stamp, tmp_path, lang):
    # A rebuild under `mkdocs serve` prepares the font for the few PDFs it makes
    # again; a full build, for all of them. The em dash brings glyphs with a
    # far larger box than any other: in a font prepared for a build that has
    # one, the box (which a PDF copies) must still be that of the PDF's own glyphs.
    sheet = rows.checklist_sheet(dataset, "coordination", lang, data_stamp)
    assert "—" not in "".join(sheet.texts())
    alone, everything = tmp_path / "alone", tmp_path / "everything"
    alone.mkdir()
    everything.mkdir()
    own = font.prepare_font(sheet.texts(), alone)
    other_texts = [t for s in build.plan_sheets(dataset, data_stamp) for t in s.texts()]
    wide = font.prepare_font([*sheet.texts(), *other_texts, "——"], everything)
    assert pdf.export_pdf(sheet, own) == pdf.export_pdf(sheet, wide)


# build.py, cache.py, manifest.py ---------------------------------------------------


def test_download_paths_and_pages():
    assert build.download_path("zh", "checklist", "coordination", "xlsx") == \
        "downloads/zh/checklist-coordination.xlsx"
    assert build.download_path("en", "table", "key-actions", "csv") == \
        "downloads/en/key-actions.csv"
    assert page_url("annex-1/coordination.md", "zh") == "annex-1/coordination/"
    assert page_url("annex-1/index.md", "en") == "en/annex-1/"
    assert page_url("downloads.md", "en") == "en/downloads/"


def test_make_downloads_is_deterministic_and_complete(dataset, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = exports.make_downloads(dataset, ROOT)
    second = exports.make_downloads(dataset, ROOT)
    assert [(d.path, d.content) for d in first] == [(d.path, d.content) for d in second]
    # per language: 7 areas + Annex I, three formats; the key-actions table, two;
    # the calendar, the feed, the open data (JSON, its schema, four CSV tables)
    assert len(first) == 2 * (8 * 3 + 2 + 2 + 6)
    assert len({d.path for d in first}) == len(first)
    for download in first:
        assert download.path.startswith(f"downloads/{download.lang}/")
        assert download.path.endswith("." + download.format)


def test_manifest_and_writing(tmp_path):
    files = [
        manifest.Download("zh", "checklist", "nbsaps", "csv", "downloads/zh/b.csv", 2,
                          "annex-1/nbsaps/", b"b"),
        manifest.Download("en", "table", "annex-2", "xlsx", "downloads/en/a.xlsx", 20,
                          "en/annex-2/key-actions/", b"aa"),
    ]
    listed = manifest.build_manifest(files)["files"]
    assert [entry["path"] for entry in listed] == ["downloads/en/a.xlsx", "downloads/zh/b.csv"]
    assert listed[0] == {
        "lang": "en", "kind": "table", "scope": "annex-2", "format": "xlsx",
        "path": "downloads/en/a.xlsx", "items": 20, "sha256": hashlib.sha256(b"aa").hexdigest(),
        "bytes": 2, "page": "en/annex-2/key-actions/",
    }
    assert manifest.write_downloads(files, tmp_path) == 3
    assert (tmp_path / "downloads/zh/b.csv").read_bytes() == b"b"
    assert json.loads((tmp_path / manifest.MANIFEST_PATH).read_text(encoding="utf-8"))["files"] \
        == listed
    assert manifest.write_downloads(files, tmp_path) == 0  # the second language's hook
    assert manifest.write_downloads([], tmp_path / "empty") == 0
    assert not (tmp_path / "empty").exists()


def cached_entries(project: Path) -> dict[str, bytes]:
    folder = project / exports.CACHE_FOLDER
    return {entry.name: entry.read_bytes() for entry in sorted(folder.iterdir())}


def test_downloads_are_kept_on_disk_and_made_again_only_when_their_content_changes(
        tmp_path, monkeypatch, caplog):
    project = copy_project(tmp_path)
    monkeypatch.delenv("SYN_SKIP_DOWNLOADS", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    made = []
    real = build.make_files
    monkeypatch.setattr(build, "make_files", lambda jobs: made.append(len(jobs)) or real(jobs))

    first = Pipeline(project)
    first.prepare()
    assert made == [52] and len(cached_entries(project)) == 52
    assert "checklist-coordination.pdf" in first.rendered["downloads.md"]
    assert first.prepare() is False and made == [52]  # a rebuild, nothing changed
    # a later build (another process) finds every file on disk
    second = Pipeline(project)
    second.prepare()
    assert made == [52]
    assert [(d.path, d.content) for d in second.downloads] == \
        [(d.path, d.content) for d in first.downloads]

    # a damaged entry is found by its hash, made again and replaced
    entry = sorted((project / exports.CACHE_FOLDER).iterdir())[0]
    intact = entry.read_bytes()
    entry.write_bytes(intact[:-1] + b"?")
    caplog.set_level(logging.WARNING, logger="mkdocs.hooks")
    third = Pipeline(project)
    third.prepare()
    assert made == [52, 1]
    assert [r.getMessage() for r in caplog.records] == \
        [f"Cached download {entry.name} is damaged; making it again"]
    assert [d.content for d in third.downloads] == [d.content for d in first.downloads]
    assert entry.read_bytes() == intact and len(cached_entries(project)) == 52

    # a change of the data changes the data version every file names: all are
    # made again, the old entries go, and the files are those a clean build makes
    area = project / "data" / "annex-1" / "resources.yaml"
    area.write_text(area.read_text(encoding="utf-8").replace(
        "adequately staffed", "staffed well enough", 1), encoding="utf-8")
    third.prepare()
    assert made == [52, 1, 52] and len(cached_entries(project)) == 52
    after = {d.path: d.content for d in third.downloads}
    clean = {d.path: d.content for d in exports.make_downloads(load_dataset(project), project)}
    assert clean == after
    assert not list((project / "docs").rglob("*.xlsx"))

    made.clear()
    monkeypatch.setenv("SYN_SKIP_DOWNLOADS", "1")
    skipping = Pipeline(project)
    skipping.prepare()
    assert skipping.downloads == [] and made == []
    assert "checklist-" not in skipping.rendered["downloads.md"]
    assert 'class="syn-downloads"' not in skipping.rendered["annex-1/resources.md"]
    assert 'class="syn-downloads"' in third.rendered["annex-1/resources.md"]


def test_the_cache_key_follows_the_writers_code(tmp_path, monkeypatch):
    cache = exports.DownloadCache(tmp_path)
    key = cache.key("pdf", "sheet")
    assert exports.DownloadCache(tmp_path).key("pdf", "sheet") == key
    assert cache.key("xlsx", "sheet") != key and cache.key("pdf", "sheet2") != key
    monkeypatch.setattr(exports.cache, "WRITER_PACKAGES", ("openpyxl", "a-newer-fpdf2"))
    assert exports.DownloadCache(tmp_path).key("pdf", "sheet") != key


def test_a_download_that_cannot_be_made_is_named_in_one_line(dataset, data_stamp, monkeypatch):
    def broken(sheet):
        raise ValueError("no room for the status column")

    monkeypatch.setattr(xlsx, "export_xlsx", broken)
    sheet = rows.checklist_sheet(dataset, "nbsaps", "en", data_stamp)
    with pytest.raises(exports.DownloadError) as failed:
        build.make_files([(sheet, "csv"), (sheet, "xlsx")])
    assert str(failed.value) == ("cannot make downloads/en/checklist-nbsaps.xlsx: "
                                 "ValueError: no room for the status column")


# The built site ----------------------------------------------------------------


@pytest.fixture(scope="module")
def listed(site):
    return json.loads((site / "downloads" / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_manifest_matches_the_files(site, listed, dataset):
    # 52 checklists and tables; per language a calendar, a feed and six open-data files;
    # the offline copy of the whole site
    assert len(listed) == 52 + 2 * 8 + 1
    assert listed == sorted(listed, key=lambda entry: entry["path"])
    for entry in listed:
        assert list(entry) == ["lang", "kind", "scope", "format", "path", "items", "sha256",
                               "bytes", "page"]
        data = (site / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert (site / entry["page"] / "index.html").is_file(), entry["page"]
        if entry["kind"] == "checklist":
            scope = entry["scope"]
            areas = dataset.areas if scope == "annex-1" else [dataset.area(scope)]
            assert entry["items"] == sum(len(area.option_items()) for area in areas)
            prefix = "" if entry["lang"] == "zh" else "en/"
            assert entry["page"] == prefix + ("annex-1/" if scope == "annex-1"
                                              else f"annex-1/{scope}/")
        elif entry["kind"] == "table":
            assert (entry["scope"], entry["items"]) == ("key-actions", 20)
        elif entry["kind"] == "offline":
            assert (entry["lang"], entry["format"]) == (MULTILINGUAL, "zip")
            assert entry["items"] == sum(1 for _ in site.rglob("index.html"))
        else:
            assert entry["kind"] in ("calendar", "feed", "data")


def test_every_xlsx_and_csv_of_the_site(site, listed, dataset):
    for entry in listed:
        data = (site / entry["path"]).read_bytes()
        lang = entry["lang"]
        if entry["format"] == "xlsx":
            workbook = load_workbook(io.BytesIO(data))
            ws = workbook.worksheets[1]
            assert ws.max_row - 1 == entry["items"], entry["path"]
            assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
            if entry["kind"] == "checklist":
                (validation,) = [dv for dv in ws.data_validations.dataValidation
                                 if dv.type == "list"]
                assert validation.formula1.strip('"').split(",") == status_labels(dataset, lang)
        elif entry["format"] == "csv":
            table = read_csv(data)
            assert len(table) - 1 == entry["items"], entry["path"]
            if entry["kind"] == "checklist":
                assert table[0][0] == dataset.strings["checklist.column.ref"][lang]
    zh = read_csv((site / "downloads/zh/checklist-coordination.csv").read_bytes())
    assert zh[1][1] == plain(dataset.area("coordination").option_items()[0].text["zh"])


def test_every_pdf_of_the_site(site, listed, dataset, tmp_path):
    for entry in (e for e in listed if e["format"] == "pdf"):
        path = site / entry["path"]
        fonts = pdf_fonts(path)
        assert fonts and all(f["emb"] == "yes" for f in fonts), (entry["path"], fonts)
        text = squeeze(pdf_text(path.read_bytes(), tmp_path))
        scope = entry["scope"]
        areas = dataset.areas if scope == "annex-1" else [dataset.area(scope)]
        for area in areas:
            for item in area.option_items():
                assert squeeze(plain(item.text[entry["lang"]])) in text, (entry["path"], item.ref)
        assert len(path.read_bytes()) < 400_000


def test_download_centre_lists_every_file_of_its_language(site, listed):
    for lang in LANGUAGES:
        page = page_url("downloads.md", lang)
        links = linked_paths(site, page)
        mine = {entry["path"] for entry in listed if entry["lang"] in (lang, MULTILINGUAL)}
        others = {entry["path"] for entry in listed if entry["path"] not in mine}
        assert mine <= links
        assert not others & links
        assert "downloads/manifest.json" in links
        html = (site / page / "index.html").read_text(encoding="utf-8")
        for entry in listed:
            if entry["lang"] == lang:
                assert f'data-scope="{entry["scope"]}" data-format="{entry["format"]}"' in html


def test_each_area_page_links_its_downloads(site, dataset):
    for lang in LANGUAGES:
        for area in dataset.areas:
            links = linked_paths(site, page_url(f"annex-1/{area.id}.md", lang))
            downloads = {link for link in links
                         if link.startswith("downloads/") and link != "downloads/"}
            assert downloads == {f"downloads/{lang}/checklist-{area.id}.{fmt}"
                                 for fmt in ("xlsx", "csv", "pdf")}
            assert page_url("downloads.md", lang) in links
            for link in downloads:
                assert (site / link).is_file()


def test_pages_give_the_size_of_the_files_the_site_serves(site, listed, search_pages):
    shown = {}
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for path, size in re.findall(r'href="[^"]*?(downloads/[^"]+)"[^>]*>[^<]*</a> '
                                     r'<span class="[^"]+" data-search-exclude>\(?'
                                     r'(?:[A-Z]+, |ICS · )([^<)]+)\)?</span>', html):
            shown.setdefault(path, set()).add(size)
        for path, size in re.findall(r'href="[^"]*?(downloads/[^"]+)"[^>]*>[^<]*</a></td>\s*'
                                     r'<td>[^<]*</td>\s*<td data-search-exclude>([^<]*)</td>',
                                     html):
            shown.setdefault(path, set()).add(size)
    # every file on the download centre, the checklists on their area pages, the calendars
    assert set(shown) == {entry["path"] for entry in listed}
    assert sum(1 for entry in listed if entry["kind"] == "checklist") == 48
    for path, sizes_shown in shown.items():
        assert sizes_shown == {do_filesizeformat((site / path).stat().st_size)}, path
    for pages in search_pages.values():
        assert not any(" kB" in page["content"].replace("\u200b", "") for page in pages)


def test_downloads_stay_out_of_docs(project):
    docs = project / "docs"
    assert not [p for p in docs.rglob("*") if p.suffix in (".xlsx", ".csv", ".pdf", ".json")]


def test_two_builds_give_the_same_downloads(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    monkeypatch.delenv("SYN_SKIP_DOWNLOADS", raising=False)
    sites = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        project = copy_project(tmp_path / name)
        result = run_build(project)
        assert result.returncode == 0, result.stderr
        sites.append(project / "site" / "downloads")
    files = [sorted(p.relative_to(s).as_posix() for p in s.rglob("*") if p.is_file())
             for s in sites]
    # 68 files, the offline copy, the manifest, the page
    assert files[0] == files[1] and len(files[0]) == 71
    for relative in files[0]:
        assert (sites[0] / relative).read_bytes() == (sites[1] / relative).read_bytes(), relative
    # not a git checkout: the data date is SOURCE_DATE_EPOCH's
    cover = load_workbook(sites[0] / "en" / "checklist-annex-1.xlsx").worksheets[0]
    assert "2020-09-13" in [cell for row in cover.iter_rows(values_only=True) for cell in row]
