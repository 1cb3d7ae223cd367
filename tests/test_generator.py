"""Documents and languages are data: a copy of the project with a second
document and a third language, written right to left, builds into a site that
has every page, anchor, download, search index and open-data entry of them
(see fixtures/generator/README.md). Nothing in code or templates changes."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hooks import search_index
from hooks.errors import DataErrors
from hooks.languages import Languages, project_languages
from hooks.loader import load_dataset
from tests.conftest import ROOT, copy_project, data_copy, replace_in, run_build

FIXTURE = Path(__file__).parent / "fixtures" / "generator"
ARABIC_PENDING = "الترجمة معلقة"  # "translation pending"
ARABIC_AREA_TITLE = "بناء القدرات"  # "capacity-building"
AREA_TITLE = 'title: {zh: "能力建设", en: "Capacity-building"}'


def guide_examples(title: str) -> list[str]:
    """The YAML examples of a section of CONTRIBUTING.md (English half): the
    fixture is built from them, so that the guide's steps are the ones tested."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split(f"\n### {title}\n", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


SAMPLE_SOURCE, SAMPLE_ANNEX = guide_examples("Add a document")
LANGUAGE_ENTRY, LANGUAGE_FONTS = guide_examples("Add a language")


def with_arabic_title(text: str) -> str:
    """``text`` with the Arabic of the capacity-building title added."""
    assert AREA_TITLE in text
    return text.replace(AREA_TITLE, AREA_TITLE[:-1] + f', ar: "{ARABIC_AREA_TITLE}"}}')


def add_arabic(root: Path) -> None:
    """Arabic as the site's third language, with its PDF font and one string
    of its own (the others are pending: they show the English)."""
    mkdocs = root / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    assert "\nhooks:\n" in text
    mkdocs.write_text(text.replace("\nhooks:\n", LANGUAGE_ENTRY + "\nhooks:\n", 1),
                      encoding="utf-8")
    shutil.copytree(FIXTURE / "fonts", root / "fonts")
    replace_in(root, "data/site.yaml", "languages:\n  fallback: [en, zh]\n", LANGUAGE_FONTS)
    replace_in(root, "data/site.yaml", '    en: "Translation pending"\n',
         f'    en: "Translation pending"\n    ar: "{ARABIC_PENDING}"\n')


def add_sample_document(root: Path) -> None:
    """A second source with one document of one option area: Annex I's
    capacity-building texts under new ids."""
    sources = root / "data/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + SAMPLE_SOURCE, encoding="utf-8")
    folder = root / "data/sample"
    folder.mkdir()
    (folder / "introduction.yaml").write_text(with_arabic_title(SAMPLE_ANNEX), encoding="utf-8")
    area = (ROOT / "data/annex-1/capacity.yaml").read_text(encoding="utf-8")
    area = re.sub(r"\bid: a1-", "id: s-", area)
    area = re.sub(r"\bid: capacity", "id: sample-capacity", area)
    area = area.replace("part_of: annex-1", "part_of: sample-annex")
    area = area.replace("source: cbd-cop-dec-xiii-24", "source: sample-source")
    (folder / "sample-capacity.yaml").write_text(with_arabic_title(area), encoding="utf-8")



@pytest.fixture(scope="module")
def generator_project(tmp_path_factory) -> Path:
    """The project with the sample document and Arabic, built."""
    root = copy_project(tmp_path_factory.mktemp("generator"))
    add_arabic(root)
    add_sample_document(root)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def dataset(generator_project):
    return load_dataset(generator_project)


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


PREFIX = {"zh": "", "en": "en/", "ar": "ar/"}


def test_the_languages_are_those_of_the_configuration(generator_project):
    assert project_languages(generator_project) == Languages(("zh", "en", "ar"), "zh")


def test_every_page_of_the_new_document_in_every_language(generator_project, dataset):
    site = generator_project / "site"
    for lang, prefix in PREFIX.items():
        annex = html(site, f"{prefix}sample-annex/index.html")
        area = html(site, f"{prefix}sample-annex/sample-capacity/index.html")
        for page in (annex, area):
            opening = re.search(r"<html [^>]*>", page).group(0)
            assert f'lang="{lang}"' in opening, (lang, opening)
            # Material says the direction on the body, from the language
            body = re.search(r"<body [^>]*>", page).group(0)
            direction = "rtl" if lang == "ar" else "ltr"
            assert f'dir="{direction}"' in body, (lang, body)
            # its nav entry, on its own pages and on the home page
            assert 'href="' in page and "sample-annex/" in page
        assert "sample-annex/" in html(site, f"{prefix}index.html")
        # every paragraph and item of the area has its anchor
        area_ids = [item.id for section in dataset.document("sample-capacity").sections
                    for paragraph in section.paragraphs
                    for item in [paragraph, *paragraph.items]]
        assert len(area_ids) >= 8
        for anchor in area_ids:
            assert f'id="{anchor}"' in area, (lang, anchor)
    zh_area = html(site, "sample-annex/sample-capacity/index.html")
    assert "能力建设" in zh_area
    # a paragraph is cited by the names its source and its document give
    assert 'data-cite="样例文件样例附件第 25(a) 段"' in zh_area
    assert 'data-cite="sample document, sample annex, para. 25(a)"' in html(
        site, "en/sample-annex/sample-capacity/index.html")
    # its checklist's progress report, and the files the web checklist reads
    for lang, prefix in PREFIX.items():
        assert (site / prefix / "sample-annex/progress/index.html").is_file()
        table = json.loads(html(site, f"assets/checklist-sample-annex-{lang}.json"))
        assert any(row[-1] == "s-25-a" for row in table["rows"]), lang
    index = json.loads(html(site, "assets/checklist-sample-annex-index.json"))
    assert list(index["areas"]) == ["sample-capacity"]
    ar_area = html(site, "ar/sample-annex/sample-capacity/index.html")
    # Arabic where the data has it; elsewhere English (the source's fallback),
    # marked pending in Arabic
    assert ARABIC_AREA_TITLE in ar_area
    assert ARABIC_PENDING in ar_area
    # each in its own direction: the English left to right, the note right to left
    assert re.search(r'class="syn-pending" lang="en" dir="ltr"><span class="syn-pending__note" '
                     r'lang="ar" dir="rtl">', ar_area)
    assert "Make human resources" in ar_area and "将人力资源" not in ar_area


def test_the_official_language_is_the_documents_own(generator_project, dataset):
    source = dataset.sources["sample-source"]
    assert source.official_in("en")[1] == "https://example.org/sample-en.pdf"
    site = generator_project / "site"
    # the Chinese page of a document whose official text is English says so
    # and links the English official text
    zh = html(site, "sample-annex/index.html")
    assert "https://example.org/sample-en.pdf" in zh


def test_downloads_of_the_new_document_in_every_language(generator_project):
    site = generator_project / "site"
    manifest = json.loads(html(site, "downloads/manifest.json"))
    paths = {entry["path"]: entry for entry in manifest["files"]}
    for lang in PREFIX:
        for scope in ("sample-capacity", "sample-annex"):
            for file_format in ("xlsx", "csv", "pdf"):
                path = f"downloads/{lang}/checklist-{scope}.{file_format}"
                assert path in paths, path
                assert (site / path).stat().st_size == paths[path]["bytes"]
    with (site / "downloads/ar/checklist-sample-capacity.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert any("Make human resources" in cell for row in rows for cell in row)
    # the XLSX of a right-to-left language reads from the right; the others do not
    for lang in PREFIX:
        workbook = load_workbook(site / f"downloads/{lang}/checklist-sample-capacity.xlsx")
        assert all(bool(ws.sheet_view.rightToLeft) == (lang == "ar")
                   for ws in workbook.worksheets), lang


def word_boxes(pdf: Path) -> list[tuple[float, str]]:
    """(left edge, word) of the words on the first page after the cover, by poppler."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(x), word) for x, word in
            re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def test_the_pdf_of_a_right_to_left_language_is_laid_out_from_the_right(generator_project):
    site = generator_project / "site"
    ar = site / "downloads/ar/checklist-sample-capacity.pdf"
    reader = PdfReader(ar)
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("NotoSansArabic" in font for font in fonts), fonts
    width = float(reader.pages[0].mediabox.width)
    for lang, side in (("ar", "right"), ("en", "left")):
        boxes = word_boxes(site / f"downloads/{lang}/checklist-sample-capacity.pdf")
        # the paragraph references (25(a)...) sit in their column at the start of the line
        refs = [x for x, word in boxes if re.fullmatch(r"\(?25\(?[a-h]\)?\)?|\(?[a-h]\)?25", word)]
        assert refs, (lang, boxes[:40])
        if side == "right":
            assert min(refs) > width * 0.75, (lang, refs)
        else:
            assert max(refs) < width * 0.25, (lang, refs)
    text = subprocess.run(["pdftotext", str(ar), "-"], capture_output=True, text=True,
                          check=True).stdout
    # Arabic letters are in the text a reader's software extracts
    assert re.search("[\u0600-\u06ff]", text)


def test_search_and_open_data_have_the_new_language_and_document(generator_project):
    site = generator_project / "site"
    counts = search_index.indexed_languages(site)
    assert set(counts) == {"zh", "en", "ar"} and all(counts.values()), counts
    contents = " ".join(page["content"] for page in search_index.read_fragments(site)
                        if page["language"] == "ar")
    assert ARABIC_AREA_TITLE in contents
    for lang in PREFIX:
        data = json.loads(html(site, f"downloads/{lang}/data.json"))
        ids = {document["id"] for document in data["documents"]}
        assert {"sample-annex", "sample-capacity", "annex-1", "capacity"} <= ids, lang


def test_the_offline_copy_holds_every_language_and_the_new_document(generator_project):
    site = generator_project / "site"
    with zipfile.ZipFile(site / "downloads/mul/offline-site.zip") as archive:
        names = set(archive.namelist())
    for lang, prefix in PREFIX.items():
        assert f"offline-site/{prefix}sample-annex/sample-capacity/index.html" in names, lang
        assert f"offline-site/offline-search/{lang}.js" in names, lang
        assert f"offline-site/downloads/{lang}/checklist-sample-annex.pdf" in names, lang


def test_removing_a_document_removes_its_pages(generator_project):
    root = generator_project
    shutil.rmtree(root / "data/sample")
    replace_in(root, "data/sources.yaml", SAMPLE_SOURCE, "")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert not (root / "docs/sample-annex").exists()
    for prefix in PREFIX.values():
        assert not (root / "site" / prefix / "sample-annex").exists()
        assert (root / "site" / prefix / "annex-1/capacity/index.html").is_file()
    manifest = html(root / "site", "downloads/manifest.json")
    assert "sample-" not in manifest


@pytest.mark.parametrize("value, message", [
    ("../outside.ttf", "is outside the project's folder"),
    ("fonts/missing.ttf", "no font file 'fonts/missing.ttf'"),
    ("fonts/OFL.ttf", "is not a TrueType or OpenType font"),
])
def test_a_language_font_that_cannot_be_used_is_named(tmp_path, value, message):
    data_copy(tmp_path)
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts/OFL.ttf").write_text("not a font", encoding="utf-8")
    replace_in(tmp_path, "data/site.yaml", "languages:\n  fallback: [en, zh]\n",
         f"languages:\n  fallback: [en, zh]\n  fonts: {{ar: {value}}}\n")
    with pytest.raises(DataErrors) as caught:
        load_dataset(tmp_path, Languages(("zh", "en", "ar"), "zh"))
    report = caught.value.report()
    assert "data/site.yaml:" in report and "languages.fonts.ar" in report and message in report, \
        report


def test_a_language_the_site_does_not_have_is_refused_at_its_key(tmp_path):
    data_copy(tmp_path)
    replace_in(tmp_path, "data/site.yaml", '    en: "Translation pending"\n',
         '    en: "Translation pending"\n    fr: "Traduction en attente"\n')
    with pytest.raises(DataErrors) as caught:
        load_dataset(tmp_path, Languages(("zh", "en"), "zh"))
    report = caught.value.report()
    assert "translation.pending" in report and "fr" in report, report
    assert io.StringIO(report).readline().startswith("data/site.yaml:")
