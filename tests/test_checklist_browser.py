"""The checklist of the option-area pages: one line per option for action in the
built HTML, and in a real browser statuses, lead agencies, target dates and
notes that are kept, shared by both languages, exported, imported with care,
and out of the way without JavaScript or on a small screen. (Files filled in
with spreadsheets: test_checklist_files.py.)"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from .conftest import indexed_text

ROOT = Path(__file__).resolve().parent.parent
STRINGS = yaml.safe_load((ROOT / "data" / "site.yaml").read_text(encoding="utf-8"))["strings"]
PREFIX = "syn-checklist:v1:"
STATUSES = ["not-started", "planned", "in-progress", "done", "not-applicable"]
ZH_PAGE = "/annex-1/coordination/"
# the document whose areas the overall progress counts, as the data names it
ANNEX = yaml.safe_load((ROOT / "data" / "annex-1" / "introduction.yaml").read_text(encoding="utf-8"))
ANNEX_AREAS = sum(len(section.get("areas", [])) for part in ANNEX["sections"]
                  for section in part.get("sections", []))
EN_PAGE = "/en/annex-1/coordination/"


def words(key: str, lang: str, **values) -> str:
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


# The built HTML -------------------------------------------------------------


class ChecklistMarks(HTMLParser):
    """Ids of the elements marked as checklist lines, and the controls inside each."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.controls: dict[str, list[str]] = {}
        self.labels: dict[str, str] = {}
        self.open: list[tuple[str, str | None]] = []  # tag, checklist item it opens

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        item = attrs.get("data-checklist-item")
        if item is not None:
            self.items.append(item)
            self.controls[item] = []
        inside = next((i for _, i in reversed(self.open) if i), None)
        if inside and tag in ("select", "textarea", "input"):
            self.controls[inside].append(tag)
            if tag == "select":
                self.labels[inside] = attrs.get("aria-label", "")
        if tag not in ("input", "br", "img", "meta", "link", "hr", "wbr", "source"):
            self.open.append((tag, item))

    def handle_endtag(self, tag):
        while self.open:
            open_tag, _ = self.open.pop()
            if open_tag == tag:
                break


def marks(path: Path) -> ChecklistMarks:
    parser = ChecklistMarks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_option_item_is_one_checklist_line_and_nothing_else_is(site, dataset):
    for area in dataset.areas:
        expected = [item.id for item in area.option_items()]
        not_options = {p.id for s in area.sections if s.role != "options" for p in s.paragraphs}
        not_options |= {item.id for s in area.sections for p in s.paragraphs
                        for item in p.items if item.items}
        not_options |= {p.id for s in area.sections for p in s.paragraphs if p.items}
        for prefix in ("", "en/"):
            found = marks(site / f"{prefix}annex-1/{area.id}/index.html")
            assert found.items == expected, (prefix, area.id)
            assert not set(found.items) & not_options
            for item_id in expected:
                assert sorted(found.controls[item_id]) == ["input", "input", "select",
                                                           "textarea"], item_id
    labels = marks(site / "en/annex-1/coordination/index.html").labels
    assert labels["a1-16-d-ii"] == "Status of 16(d)(ii)"
    assert marks(site / "annex-1/capacity/index.html").labels["a1-26"] == "第 26 段的状态"


def test_only_option_area_pages_have_checklist_lines(site):
    for relative in ("index.html", "decision/index.html", "annex-1/index.html",
                     "annex-2/index.html", "annex-2/key-actions/index.html", "en/index.html"):
        html = (site / relative).read_text(encoding="utf-8")
        assert "data-checklist-item" not in html, relative
        assert 'id="syn-checklist"' not in html, relative


def test_checklist_controls_stay_out_of_the_search_index(search_pages):
    keys = ["checklist.title", "checklist.intro", "checklist.export-xlsx", "checklist.export-csv",
            "checklist.import", "checklist.status.not-started", "checklist.status.in-progress"]
    for lang in ("zh", "en"):
        text = indexed_text(search_pages[lang])
        for key in keys:
            assert words(key, lang) not in text, (lang, key)
        assert "Status of" not in text and "第 16(d)(ii) 段的状态" not in text
        # the options themselves are still found
        assert ("模块报告" if lang == "zh" else "modular reporting approaches") in text


def area_block(path: Path) -> dict:
    """The JSON block of this area's options on a built area page."""
    html = path.read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="syn-checklist-area">')
    body = html[html.index(">", start) + 1:html.index("</script>", start)]
    return json.loads(body)


def test_one_index_of_every_area_and_each_page_carries_its_own_options(site, dataset):
    index = json.loads((site / "assets" / "checklist-annex-1-index.json").read_text(encoding="utf-8"))
    assert index == {"areas": {area.id: [[item.id, item.ref] for item in area.option_items()]
                               for area in dataset.areas}}
    for area in dataset.areas:
        others = {item.id for other in dataset.areas if other is not area
                  for item in other.option_items()}
        for prefix in ("", "en/"):
            path = site / f"{prefix}annex-1/{area.id}/index.html"
            block = area_block(path)
            assert block["area"] == area.id
            assert block["items"] == [[item.id, item.ref] for item in area.option_items()]
            assert block["statuses"] == STATUSES
            # the page names no option of another area: its size follows its own area
            html = path.read_text(encoding="utf-8")
            assert not [i for i in others if f'"{i}"' in html], area.id
            (link,) = re.findall(r'<link rel="preload" href="([^"]+)"[^>]*data-checklist-index',
                                 html)
            url = urlsplit(urljoin(f"http://site/{prefix}annex-1/{area.id}/", link))
            assert url.path == "/assets/checklist-annex-1-index.json"
            assert url.query == f"v={dataset.version}"  # a new data version is fetched anew


# In a browser ---------------------------------------------------------------


READY = "#syn-checklist[data-checklist-ready]"


def visit(page, url, ready="all"):
    """Open ``url`` and wait until the checklist has started (it fetches the index first)."""
    page.goto(url)
    page.wait_for_selector(READY)
    assert page.get_attribute("#syn-checklist", "data-checklist-ready") == ready


def reload(page):
    page.reload()
    page.wait_for_selector(READY)


def status(page, item_id):
    return page.locator(f"#syn-chk-status-{item_id}")


def notes(page, item_id):
    return page.locator(f"#syn-chk-notes-{item_id}")


def progress(page):
    return (page.inner_text('[data-checklist-progress="area"]'),
            page.inner_text('[data-checklist-progress="overall"]'))


def expected_progress(lang, area_settled, area_total, overall_settled, overall_total=57):
    return (words("checklist.progress.area", lang, settled=area_settled, total=area_total),
            words("checklist.progress.overall", lang, settled=overall_settled,
                  total=overall_total, document=ANNEX["symbol"][lang], areas=ANNEX_AREAS))


NOTE = '联络点会议, "Q3"\nsecond line'
FORMULA = "=HYPERLINK(\"http://example.com\")"


LEAD = "生态环境部 <i>&amp;</i>"


def lead(page, item_id):
    return page.locator(f"#syn-chk-lead-{item_id}")


def target_date(page, item_id):
    return page.locator(f"#syn-chk-date-{item_id}")


def fill_in(page):
    """Set three statuses, a lead agency, a target date and two notes on the
    Chinese coordination page."""
    page.get_by_label("第 16(d)(ii) 段的状态").select_option("done")
    page.get_by_label("第 14 段的状态").select_option("not-applicable")
    page.get_by_label("第 16(a) 段的状态").select_option("in-progress")
    page.get_by_label("第 16(a) 段的牵头机构").fill(LEAD)
    page.get_by_label("第 16(a) 段的目标日期").fill("2025-06-30")
    page.get_by_label("第 16(d)(ii) 段的备注").fill(NOTE)
    page.get_by_label("第 16(i) 段的备注").fill(FORMULA)


def assert_filled_in(page):
    assert status(page, "a1-16-d-ii").input_value() == "done"
    assert status(page, "a1-14").input_value() == "not-applicable"
    assert status(page, "a1-16-a").input_value() == "in-progress"
    assert status(page, "a1-16-b").input_value() == "not-started"
    assert lead(page, "a1-16-a").input_value() == LEAD
    assert target_date(page, "a1-16-a").input_value() == "2025-06-30"
    assert target_date(page, "a1-16-b").input_value() == ""
    assert notes(page, "a1-16-d-ii").input_value() == NOTE
    assert notes(page, "a1-16-i").input_value() == FORMULA


def test_statuses_and_notes_are_kept_and_shared_by_both_languages(page, server):
    visit(page, server + ZH_PAGE)
    assert page.is_visible("#syn-checklist")
    assert progress(page) == expected_progress("zh", 0, 17, 0)
    assert page.get_attribute(".syn-checklist__progress", "aria-live") == "polite"
    assert page.get_attribute('[data-checklist-bar="area"]', "max") == "17"

    fill_in(page)
    assert progress(page) == expected_progress("zh", 2, 17, 2)
    assert page.evaluate("document.querySelector('[data-checklist-bar=area]').value") == 2
    stored = page.evaluate(f"localStorage.getItem('{PREFIX}a1-16-d-ii')")
    assert json.loads(stored) == {"status": "done", "lead": "", "date": "", "notes": NOTE}
    stored = page.evaluate(f"localStorage.getItem('{PREFIX}a1-16-a')")
    assert json.loads(stored) == {"status": "in-progress", "lead": LEAD, "date": "2025-06-30",
                                  "notes": ""}

    reload(page)
    assert_filled_in(page)
    assert progress(page) == expected_progress("zh", 2, 17, 2)

    visit(page, server + EN_PAGE)
    assert_filled_in(page)
    assert progress(page) == expected_progress("en", 2, 17, 2)
    assert page.get_by_label("Status of 16(d)(ii)").input_value() == "done"

    visit(page, server + "/en/annex-1/capacity/")
    assert progress(page) == expected_progress("en", 0, 13, 2)
    page.get_by_label("Status of 26").select_option("done")
    assert progress(page) == expected_progress("en", 1, 13, 3)

    # back to "not started" with no notes: nothing is left in storage
    page.get_by_label("Status of 26").select_option("not-started")
    assert page.evaluate(f"localStorage.getItem('{PREFIX}a1-26')") is None


def test_the_keyboard_alone_sets_every_field(page, server):
    visit(page, server + EN_PAGE)
    page.focus("#syn-chk-status-a1-14")
    page.keyboard.press("ArrowDown")
    assert status(page, "a1-14").input_value() == "planned"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "syn-chk-lead-a1-14"
    page.keyboard.type("Ministry of Environment")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "syn-chk-date-a1-14"
    page.keyboard.type("06302025")  # the date field's own order (month, day, year here)
    for _ in range(4):  # through the date field's parts to the notes
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "syn-chk-notes-a1-14":
            break
    assert page.evaluate("document.activeElement.id") == "syn-chk-notes-a1-14"
    page.keyboard.type("First meeting in May")
    for _ in range(4):  # past the next paragraph's permalink and cite button to its status
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "syn-chk-status-a1-15":
            break
    assert page.evaluate("document.activeElement.id") == "syn-chk-status-a1-15"
    reload(page)
    assert status(page, "a1-14").input_value() == "planned"
    assert lead(page, "a1-14").input_value() == "Ministry of Environment"
    assert target_date(page, "a1-14").input_value() == "2025-06-30"
    assert notes(page, "a1-14").input_value() == "First meeting in May"
    page.focus('[data-checklist-export="csv"]')
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".csv")


def export(page, kind) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(f'[data-checklist-export="{kind}"]')
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def read_table(body: bytes) -> list[list[str]]:
    """The rows of a CSV file (UTF-8 with a byte-order mark)."""
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def by_id(table: list[list], lang: str) -> dict[str, dict]:
    """The rows of a checklist table by item id, each as {header: cell}."""
    header = table[0]
    at = header.index(words("checklist.column.id", lang))
    return {row[at]: dict(zip(header, row)) for row in table[1:]}


def test_export_then_import_brings_everything_back(page, server, site, tmp_path):
    from openpyxl import load_workbook

    visit(page, server + ZH_PAGE)
    fill_in(page)

    name, body = export(page, "csv")
    assert re.fullmatch(r"checklist-annex-1-\d{4}-\d{2}-\d{2}\.csv", name)
    table = read_table(body)
    # the columns, headers and texts of the checklist a focal point downloads
    download = read_table((site / "downloads" / "zh" / "checklist-annex-1.csv").read_bytes())
    assert table[0] == download[0]
    assert len(table) == len(download) == 58
    fill = {words(key, "zh") for key in ("checklist.lead-agency", "checklist.status",
                                          "checklist.target-date", "checklist.notes")}
    exported, downloaded = by_id(table, "zh"), by_id(download, "zh")
    assert exported.keys() == downloaded.keys()
    for item_id, row in downloaded.items():
        assert {k: v for k, v in exported[item_id].items() if k not in fill} == \
            {k: v for k, v in row.items() if k not in fill}
    status_, lead_, date_, notes_ = (words(key, "zh") for key in (
        "checklist.status", "checklist.lead-agency", "checklist.target-date", "checklist.notes"))
    assert exported["a1-16-d-ii"][status_] == words("checklist.status.done", "zh")
    assert exported["a1-16-d-ii"][notes_] == NOTE
    assert (exported["a1-16-a"][lead_], exported["a1-16-a"][date_]) == (LEAD, "2025-06-30")
    assert exported["a1-26"][status_] == words("checklist.status.not-started", "zh")
    assert exported["a1-16-i"][notes_] == "'" + FORMULA  # a spreadsheet shows it, does not run it
    (tmp_path / "checklist.csv").write_bytes(body)

    name, body = export(page, "xlsx")
    assert re.fullmatch(r"checklist-annex-1-\d{4}-\d{2}-\d{2}\.xlsx", name)
    (tmp_path / "checklist.xlsx").write_bytes(body)
    workbook = load_workbook(tmp_path / "checklist.xlsx")
    assert workbook.sheetnames == [words("download.sheet.checklist", "zh")]
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header == download[0]
    cells = {row[header.index(words("checklist.column.id", "zh"))].value: row
             for row in sheet.iter_rows(min_row=2)}
    assert len(cells) == 57
    date_cell = cells["a1-16-a"][header.index(date_)]
    assert date_cell.is_date and date_cell.value.date().isoformat() == "2025-06-30"
    assert cells["a1-16-a"][header.index(lead_)].value == LEAD
    assert cells["a1-16-d-ii"][header.index(notes_)].value == NOTE
    assert cells["a1-16-d-ii"][header.index(status_)].value == words("checklist.status.done", "zh")
    (choices,) = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert choices.formula1 == '"' + ",".join(words(f"checklist.status.{s}", "zh")
                                              for s in STATUSES) + '"'
    assert sheet.freeze_panes == "A2"

    for kind in ("csv", "xlsx"):
        page.evaluate("localStorage.clear()")
        reload(page)
        assert progress(page) == expected_progress("zh", 0, 17, 0)
        assert notes(page, "a1-16-d-ii").input_value() == ""
        page.set_input_files("#syn-checklist-file", str(tmp_path / f"checklist.{kind}"))
        page.wait_for_function(
            "document.querySelector('[data-checklist-message]').textContent !== ''")
        assert page.inner_text("[data-checklist-message]") == words(
            "checklist.import.done", "zh", count=57, file=f"checklist.{kind}")
        assert_filled_in(page)
        assert progress(page) == expected_progress("zh", 2, 17, 2)
        reload(page)
        assert_filled_in(page)


HOSTILE = '<img src=x onerror="window.__hacked = 1">'


def test_import_ignores_what_it_does_not_know_and_never_runs_it(page, server, tmp_path):
    visit(page, server + EN_PAGE)
    page.get_by_label("Status of 16(a)").select_option("planned")
    bad = {"items": [
        {"id": "a1-99-z", "status": "done"},
        {"id": "a1-16-a", "status": "finished", "notes": "should not land"},
        {"id": "a1-16-b", "status": "done", "notes": HOSTILE},
        {"id": HOSTILE, "status": "done"},
        {"id": "a1-16-c", "status": "done", "notes": {"html": HOSTILE}},
        42,
    ]}
    path = tmp_path / "<b>bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    page.set_input_files("#syn-checklist-file", str(path))
    page.wait_for_function("document.querySelector('[data-checklist-message]').textContent !== ''")
    message = page.inner_text("[data-checklist-message]")
    assert words("checklist.import.done", "en", count=1, file="<b>bad.json") in message
    # an id of the data's form is kept (the text may no longer have it); any other is not
    assert words("checklist.import.kept", "en", count=1, list="a1-99-z") in message
    assert words("checklist.import.unknown-ids", "en", count=1,
                 list=HOSTILE[:40] + "…") in message  # shown as text
    assert words("checklist.import.unknown-statuses", "en", count=1, list="finished") in message
    assert words("checklist.import.invalid-rows", "en", count=2) in message

    assert status(page, "a1-16-a").input_value() == "planned"  # unknown status: untouched
    assert notes(page, "a1-16-a").input_value() == ""
    assert status(page, "a1-16-b").input_value() == "done"
    assert notes(page, "a1-16-b").input_value() == HOSTILE  # a value, never markup
    assert status(page, "a1-16-c").input_value() == "not-started"
    assert page.evaluate("window.__hacked") is None
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("[data-checklist-message] *").count() == 0

    # a CSV with a row of unknown id, unknown status, and a status typed in words
    rows = ("Item id,Paragraph,Status,Notes\r\n"
            "a1-16-e-i,16(e)(i),Done,ok\r\n"
            "No pe,1,done,\r\n"
            "a1-16-e-ii,16(e)(ii),maybe,\r\n")
    (tmp_path / "bad.csv").write_text(rows, encoding="utf-8")
    page.set_input_files("#syn-checklist-file", str(tmp_path / "bad.csv"))
    page.wait_for_function(
        "document.querySelector('[data-checklist-message]').textContent.includes('bad.csv')")
    message = page.inner_text("[data-checklist-message]")
    assert words("checklist.import.unknown-ids", "en", count=1, list="No pe") in message
    assert words("checklist.import.unknown-statuses", "en", count=1, list="maybe") in message
    assert status(page, "a1-16-e-i").input_value() == "done"
    assert status(page, "a1-16-e-ii").input_value() == "not-started"

    # not a checklist at all: nothing changes
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    before = page.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
    page.set_input_files("#syn-checklist-file", str(tmp_path / "notes.txt"))
    page.wait_for_function(
        "document.querySelector('[data-checklist-message]').textContent.includes('notes.txt')")
    assert page.inner_text("[data-checklist-message]") == words(
        "checklist.import.no-table", "en", file="notes.txt")
    assert page.evaluate("JSON.stringify(Object.entries(localStorage).sort())") == before


GONE = "a1-16-z"  # an option the text no longer has
GONE_NOTES = 'Met the focal points in May.\n<b>"Q2"</b> =1+2'


def orphans(page) -> list[str]:
    return page.locator("[data-checklist-orphan]").all_inner_texts()


def test_entries_under_ids_no_longer_in_the_text_are_kept(page, server, tmp_path):
    visit(page, server + EN_PAGE)
    assert page.is_hidden("[data-checklist-orphans]")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                  [PREFIX + GONE, json.dumps({"status": "in-progress", "notes": GONE_NOTES})])
    page.get_by_label("Status of 16(a)").select_option("done")
    reload(page)

    # shown, with its status and notes, as text
    assert page.is_visible("[data-checklist-orphans]")
    assert words("checklist.orphans.title", "en") in page.inner_text("[data-checklist-orphans]")
    shown, = orphans(page)
    assert shown.startswith(f"{GONE} · {words('checklist.status.in-progress', 'en')} · ")
    assert GONE_NOTES in page.inner_text(f'[data-checklist-orphan="{GONE}"]')
    assert page.locator("[data-checklist-orphans] b").count() == 0
    assert progress(page) == expected_progress("en", 1, 17, 1)  # it counts for no area

    # exported with the rest, its area column saying it is no longer in the text
    _, body = export(page, "csv")
    rows = by_id(read_table(body), "en")
    assert len(rows) == 58
    assert list(rows)[-1] == GONE
    assert rows[GONE] == {
        words("checklist.column.ref", "en"): "",
        words("checklist.column.area", "en"): words("checklist.orphans.title", "en"),
        words("checklist.column.option", "en"): "",
        words("checklist.column.conventions", "en"): "",
        words("checklist.lead-agency", "en"): "",
        words("checklist.status", "en"): words("checklist.status.in-progress", "en"),
        words("checklist.target-date", "en"): "",
        words("checklist.notes", "en"): GONE_NOTES,
        words("checklist.column.id", "en"): GONE,
    }
    (tmp_path / "kept.csv").write_bytes(body)
    _, body = export(page, "xlsx")
    (tmp_path / "kept.xlsx").write_bytes(body)

    # and imported back, from either file
    for kind in ("xlsx", "csv"):
        page.evaluate("localStorage.clear()")
        reload(page)
        assert page.is_hidden("[data-checklist-orphans]")
        page.set_input_files("#syn-checklist-file", str(tmp_path / f"kept.{kind}"))
        page.wait_for_function(
            "document.querySelector('[data-checklist-message]').textContent !== ''")
        message = page.inner_text("[data-checklist-message]")
        assert words("checklist.import.kept", "en", count=1, list=GONE) in message
        stored = json.loads(page.evaluate(f"localStorage.getItem('{PREFIX}{GONE}')"))
        assert stored == {"status": "in-progress", "lead": "", "date": "", "notes": GONE_NOTES}
        assert len(orphans(page)) == 1 and status(page, "a1-16-a").input_value() == "done"

    # in the other language's words
    visit(page, server + ZH_PAGE)
    assert words("checklist.orphans.title", "zh") in page.inner_text("[data-checklist-orphans]")
    assert orphans(page)[0].startswith(f"{GONE} · {words('checklist.status.in-progress', 'zh')}")

    # until the reader removes it
    page.get_by_role("button", name=words("checklist.orphans.remove-label", "zh", id=GONE)).click()
    assert orphans(page) == [] and page.is_hidden("[data-checklist-orphans]")
    assert page.evaluate(f"localStorage.getItem('{PREFIX}{GONE}')") is None
    assert status(page, "a1-16-a").input_value() == "done"


def test_without_javascript_the_page_reads_without_stray_controls(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(server + ZH_PAGE)
        assert tab.get_attribute("html", "class") == "no-js"
        for selector in ("#syn-checklist", "select", "textarea", "input[type=file]",
                         ".md-content button", "[data-checklist-ui]"):
            locator = tab.locator(selector)
            assert all(not locator.nth(i).is_visible() for i in range(locator.count())), selector
        option = tab.locator("#a1-16-d-ii")
        assert option.is_visible()
        assert "将各联络点和机构联系起来" in option.inner_text()
        assert words("checklist.status.not-started", "zh") not in tab.inner_text("article")
    finally:
        context.close()


@pytest.mark.parametrize("path", [ZH_PAGE, EN_PAGE])
def test_at_375_pixels_nothing_scrolls_sideways_and_controls_fit(browser, server, path):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        tab = context.new_page()
        visit(tab, server + path)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 375
        for selector in ("select[data-checklist-status]", "textarea[data-checklist-notes]",
                         "[data-checklist-export]", "#syn-checklist-file"):
            controls = tab.locator(selector)
            assert controls.count() > 0
            for i in range(controls.count()):
                box = controls.nth(i).bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, (selector, i)
                assert box["height"] >= 24, (selector, i)  # big enough to hit
        status(tab, "a1-16-i").select_option("done")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_pages_without_a_checklist_are_left_alone(page, server):
    for path in ("/", "/en/annex-2/", "/annex-1/"):
        page.goto(server + path)
        assert page.locator("#syn-checklist, [data-checklist-ui]").count() == 0
    visit(page, server + EN_PAGE)
    assert page.is_visible("#syn-checklist")


def test_the_index_is_fetched_once_from_the_site_root_in_both_languages(page, server):
    asked = []
    page.on("request", lambda request: "checklist-annex-1-index" in request.url
            and asked.append(urlsplit(request.url).path))
    for path in (ZH_PAGE, EN_PAGE):
        asked.clear()
        visit(page, server + path)
        page.wait_for_load_state("networkidle")
        # the script's fetch takes the page's preload: one request, not two
        assert asked == ["/assets/checklist-annex-1-index.json"], (path, asked)


@pytest.mark.parametrize("failure", ["no-network", "not-json"])
def test_without_the_index_the_checklist_still_works_for_its_area(browser, server, failure,
                                                                  dataset):
    page_ids = [item.id for item in dataset.area("coordination").option_items()]
    context = browser.new_context(accept_downloads=True)
    try:
        tab = context.new_page()

        def fail(route):
            if failure == "no-network":
                route.abort()
            else:
                route.fulfill(status=200, content_type="application/json", body="<html>")

        tab.route("**/assets/checklist-annex-1-index.json*", fail)
        # an entry of another area: without the index it cannot be told from one
        # the text no longer has, so it is neither listed nor exported as such
        tab.goto(server + EN_PAGE)
        tab.evaluate("([key, value]) => localStorage.setItem(key, value)",
                     [PREFIX + "a1-26", json.dumps({"status": "done", "notes": "kept"})])
        visit(tab, server + EN_PAGE, ready="area")
        assert tab.is_hidden("[data-checklist-orphans]")
        assert tab.is_visible("#syn-checklist")
        assert not tab.is_visible('[data-checklist-progress="overall"]')
        assert tab.inner_text('[data-checklist-progress="area"]') == words(
            "checklist.progress.area", "en", settled=0, total=17)
        tab.get_by_label("Status of 16(d)(ii)").select_option("done")
        assert tab.inner_text('[data-checklist-progress="area"]') == words(
            "checklist.progress.area", "en", settled=1, total=17)
        name, body = export(tab, "csv")
        rows = by_id(read_table(body), "en")
        assert len(rows) == 17 and all(item_id in rows for item_id in page_ids)
        assert rows["a1-16-d-ii"][words("checklist.column.ref", "en")] == "16(d)(ii)"
        assert rows["a1-16-d-ii"][words("checklist.status", "en")] == words(
            "checklist.status.done", "en")
        reload(tab)
        assert status(tab, "a1-16-d-ii").input_value() == "done"
        assert json.loads(tab.evaluate(f"localStorage.getItem('{PREFIX}a1-26')"))["notes"] == "kept"
    finally:
        context.close()
