"""One checklist format: the XLSX and CSV checklists a focal point downloads,
filled in as a spreadsheet program leaves them (openpyxl, LibreOffice), import
into the web checklist through the page's file input, in either language;
what the web checklist exports opens in LibreOffice; a hostile file changes
nothing or comes in as text."""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from .test_checklist_browser import EN_PAGE, PREFIX, ZH_PAGE, export, visit, words
from .test_hostile import soffice

GONE = "a1-99-z"  # an id the text does not have
HOSTILE = '<img src=x onerror="window.__hacked = 1">'


def download(site: Path, lang: str, scope: str, file_format: str) -> Path:
    return site / "downloads" / lang / f"checklist-{scope}.{file_format}"


def entry(page, item_id: str) -> dict | None:
    raw = page.evaluate(f"localStorage.getItem('{PREFIX}{item_id}')")
    return json.loads(raw) if raw else None


def import_file(page, path: Path) -> str:
    """Choose ``path`` in the page's file input; return the message the page gives."""
    page.evaluate("document.querySelector('[data-checklist-message]').textContent = ''")
    page.set_input_files("#syn-checklist-file", str(path))
    page.wait_for_function(
        "document.querySelector('[data-checklist-message]').textContent !== ''")
    message = page.inner_text("[data-checklist-message]")
    assert page.locator("[data-checklist-message] *").count() == 0  # text, never markup
    return message


def column(lang: str, key: str) -> str:
    """The header of a checklist column in ``lang``."""
    strings = {"id": "checklist.column.id", "ref": "checklist.column.ref",
               "lead": "checklist.lead-agency", "status": "checklist.status",
               "date": "checklist.target-date", "notes": "checklist.notes"}
    return words(strings[key], lang)


def fill_workbook(source: Path, target: Path, lang: str, changes: dict[str, dict],
                  extra_rows: list[dict] = ()) -> None:
    """Fill in the downloaded workbook ``source`` as a reader would in a
    spreadsheet program (openpyxl writes what Excel writes: a date as a date
    serial in a date-formatted cell) and save it as ``target``."""
    from openpyxl import load_workbook

    workbook = load_workbook(source)
    sheet = workbook[words("download.sheet.checklist", lang)]
    header = [cell.value for cell in sheet[1]]
    at = {key: header.index(column(lang, key)) + 1
          for key in ("id", "ref", "lead", "status", "date", "notes")}
    rows = {sheet.cell(r, at["id"]).value: r for r in range(2, sheet.max_row + 1)}
    for item_id, values in changes.items():
        for key, value in values.items():
            sheet.cell(rows[item_id], at[key], value)
    for values in extra_rows:
        row = sheet.max_row + 1
        for key, value in values.items():
            sheet.cell(row, at[key], value)
    workbook.save(target)


def fill_csv(source: Path, target: Path, lang: str, changes: dict[str, dict],
             delimiter: str = ",", encoding: str = "utf-8-sig") -> None:
    """Fill in the downloaded CSV ``source`` and save it as ``target``, with the
    delimiter and encoding a spreadsheet program may use."""
    rows = list(csv.reader(io.StringIO(source.read_bytes().decode("utf-8-sig"), newline="")))
    at = {key: rows[0].index(column(lang, key))
          for key in ("id", "ref", "lead", "status", "date", "notes")}
    for row in rows[1:]:
        for key, value in changes.get(row[at["id"]], {}).items():
            row[at[key]] = value
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    target.write_bytes(buffer.getvalue().encode(encoding))


def libreoffice(files: list[Path], out: Path, to: str) -> None:
    """Have LibreOffice headless open ``files`` and save them in ``out`` as ``to``
    ("xlsx", or "csv": every sheet of a workbook as ``<name>-<sheet>.csv``). A
    CSV file is read as UTF-8, as a reader picks it in LibreOffice's dialog."""
    command = [soffice(), f"-env:UserInstallation=file://{out / 'profile'}", "--headless"]
    if files[0].suffix == ".csv":
        command.append("--infilter=CSV:44,34,76,1")
    if to == "csv":
        to = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(command + ["--convert-to", to, "--outdir", str(out)] + [str(f) for f in files],
                   check=True, capture_output=True, timeout=300)


# What a reader writes in the Chinese workbook: English statuses, a date cell.
ZH_CHANGES = {
    "a1-16-d-ii": {"lead": "生态环境部", "status": "In progress",
                   "date": datetime.date(2025, 6, 30), "notes": "联络点会议\n第二行 <b>x</b>"},
    "a1-26": {"status": "Done", "notes": HOSTILE},
    "a1-10-a": {"status": "不适用"},
}
ZH_EXPECTED = {
    "a1-16-d-ii": {"status": "in-progress", "lead": "生态环境部", "date": "2025-06-30",
                   "notes": "联络点会议\n第二行 <b>x</b>"},
    "a1-26": {"status": "done", "lead": "", "date": "", "notes": HOSTILE},
    "a1-10-a": {"status": "not-applicable", "lead": "", "date": "", "notes": ""},
}


def assert_entries(page, expected: dict[str, dict]) -> None:
    for item_id, values in expected.items():
        assert entry(page, item_id) == values, item_id
    assert page.evaluate("window.__hacked") is None
    assert page.locator('img[src="x"]').count() == 0


def test_a_downloaded_workbook_filled_in_imports_in_the_other_language(page, server, site,
                                                                        tmp_path):
    filled = tmp_path / "清单.xlsx"
    fill_workbook(download(site, "zh", "annex-1", "xlsx"), filled, "zh", {
        **ZH_CHANGES,
        # the paragraph numbers of the file are not the text's: the id decides
        "a1-16-a": {"ref": "16(z)", "status": "Planned", "lead": "Ministry"},
        "a1-16-b": {"status": "Finished"},  # no status of the site
        "a1-16-c": {"status": "done", "date": "someday"},
    }, extra_rows=[
        {"id": GONE, "ref": "16(zz)", "status": "已计划", "notes": "from an older version"},
        {"ref": "99(q)", "status": "Done", "notes": "a row without an id"},
    ])
    visit(page, server + EN_PAGE)
    page.evaluate(f"localStorage.setItem('{PREFIX}a1-16-c', "
                  "JSON.stringify({status: 'planned', date: '2024-01-02'}))")
    message = import_file(page, filled)
    assert message.startswith(words("checklist.import.done", "en", count=56, file="清单.xlsx"))
    assert words("checklist.import.kept", "en", count=2, list=f"{GONE}, ref-99-q") in message
    assert words("checklist.import.moved", "en", count=1, list="a1-16-a 16(z) → 16(a)") in message
    assert words("checklist.import.unknown-statuses", "en", count=1, list="Finished") in message
    assert words("checklist.import.dates", "en", count=1, list="16(c) someday") in message
    assert_entries(page, {
        **ZH_EXPECTED,
        "a1-16-a": {"status": "planned", "lead": "Ministry", "date": "", "notes": ""},
        # a date it cannot read leaves the one it had
        "a1-16-c": {"status": "done", "lead": "", "date": "2024-01-02", "notes": ""},
        GONE: {"status": "planned", "lead": "", "date": "", "notes": "from an older version",
               "ref": "16(zz)"},
        "ref-99-q": {"status": "done", "lead": "", "date": "", "notes": "a row without an id",
                     "ref": "99(q)"},
    })
    # the page shows it, in its own words
    assert page.input_value("#syn-chk-status-a1-16-d-ii") == "in-progress"
    assert page.input_value("#syn-chk-lead-a1-16-d-ii") == "生态环境部"
    assert page.input_value("#syn-chk-date-a1-16-d-ii") == "2025-06-30"
    assert page.input_value("#syn-chk-notes-a1-16-d-ii") == ZH_CHANGES["a1-16-d-ii"]["notes"]
    assert entry(page, "a1-16-b") is None  # its row was not taken
    # rows that no longer match the text are kept and shown
    shown = page.locator("[data-checklist-orphan]").all_inner_texts()
    assert [text.split(" · ")[:3] for text in shown] == [
        [GONE, "16(zz)", words("checklist.status.planned", "en")],
        ["ref-99-q", "99(q)", words("checklist.status.done", "en")]]


def test_an_area_workbook_filled_in_imports_by_paragraph_when_it_has_no_ids(page, server, site,
                                                                            tmp_path):
    from openpyxl import load_workbook

    filled = tmp_path / "coordination.xlsx"
    fill_workbook(download(site, "en", "coordination", "xlsx"), filled, "en", {
        "a1-16-d-ii": {"status": "已完成", "date": datetime.datetime(2026, 1, 15, 9, 30)},
        "a1-14": {"status": "in progress", "lead": 42},
    })
    visit(page, server + ZH_PAGE)
    assert import_file(page, filled) == words("checklist.import.done", "zh", count=17,
                                              file="coordination.xlsx")
    assert entry(page, "a1-16-d-ii") == {"status": "done", "lead": "", "date": "2026-01-15",
                                         "notes": ""}
    assert entry(page, "a1-14") == {"status": "in-progress", "lead": "42", "date": "",
                                    "notes": ""}
    # a file made before it had item ids: the paragraph number finds the option
    workbook = load_workbook(filled)
    sheet = workbook.worksheets[1]
    sheet.delete_cols(sheet.max_column)
    sheet.cell(2, 5, "Planned")  # the first row, paragraph 14
    workbook.save(tmp_path / "no-ids.xlsx")
    assert import_file(page, tmp_path / "no-ids.xlsx") == words(
        "checklist.import.done", "zh", count=17, file="no-ids.xlsx")
    assert entry(page, "a1-14")["status"] == "planned"


@pytest.mark.parametrize("variant", ["utf-8", "excel-gb18030-semicolons"])
def test_a_downloaded_csv_filled_in_imports_with_dates_as_spreadsheets_write_them(
        page, server, site, tmp_path, variant):
    changes = {
        "a1-16-d-ii": {"status": "Done", "date": "30/06/2025", "lead": "=1+2"},
        "a1-16-a": {"status": "进行中", "date": "2025/7/1"},
        "a1-16-b": {"status": "已计划", "date": "2025年8月1日"},
        "a1-16-c": {"status": "Not applicable", "date": "06/07/2025"},  # day first, as the file
        "a1-14": {"date": "2025-09-01 00:00:00", "notes": "'=cmd|' /C calc'!A0"},
        "a1-15": {"date": "45900"},  # a date serial, as a number cell shows it
    }
    filled = tmp_path / "filled.csv"
    if variant == "utf-8":
        fill_csv(download(site, "zh", "coordination", "csv"), filled, "zh", changes)
    else:  # Excel's "CSV" on a Chinese Windows; a semicolon where a comma is a decimal mark
        fill_csv(download(site, "zh", "coordination", "csv"), filled, "zh", changes,
                 delimiter=";", encoding="gb18030")
    visit(page, server + EN_PAGE)
    assert import_file(page, filled) == words("checklist.import.done", "en", count=17,
                                              file="filled.csv")
    assert entry(page, "a1-16-d-ii") == {"status": "done", "lead": "=1+2", "date": "2025-06-30",
                                         "notes": ""}
    assert entry(page, "a1-16-a")["date"] == "2025-07-01"
    assert entry(page, "a1-16-b") == {"status": "planned", "lead": "", "date": "2025-08-01",
                                      "notes": ""}
    assert entry(page, "a1-16-c")["date"] == "2025-07-06"
    assert entry(page, "a1-14")["date"] == "2025-09-01"
    assert entry(page, "a1-14")["notes"] == "=cmd|' /C calc'!A0"  # the download's apostrophe off
    assert entry(page, "a1-15")["date"] == "2025-08-31"


def test_files_libreoffice_writes_import(page, server, site, tmp_path):
    zh_workbook = tmp_path / "zh-filled.xlsx"
    fill_workbook(download(site, "zh", "annex-1", "xlsx"), zh_workbook, "zh", ZH_CHANGES)
    en_table = tmp_path / "en-filled.csv"
    fill_csv(download(site, "en", "coordination", "csv"), en_table, "en", {
        "a1-16-d-ii": {"status": "已完成", "date": "2025-07-01", "notes": "typed\nin LibreOffice"},
        "a1-14": {"lead": "Ministry", "status": "planned"},
    })
    out = tmp_path / "out"
    libreoffice([zh_workbook], out, "xlsx")
    libreoffice([en_table], out, "xlsx")
    libreoffice([zh_workbook], out, "csv")
    sheet_csv = out / f"zh-filled-{words('download.sheet.checklist', 'zh')}.csv"
    cover_csv = out / f"zh-filled-{words('download.sheet.cover', 'zh')}.csv"
    assert sheet_csv.exists() and cover_csv.exists()

    visit(page, server + EN_PAGE)
    for made in (out / "zh-filled.xlsx", sheet_csv):
        page.evaluate("localStorage.clear()")
        assert import_file(page, made) == words("checklist.import.done", "en", count=57,
                                                file=made.name)
        assert_entries(page, ZH_EXPECTED)
    # LibreOffice read the dates of the CSV as dates: the workbook holds date serials
    with zipfile.ZipFile(out / "en-filled.xlsx") as archive:
        assert "45839" in archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert import_file(page, out / "en-filled.xlsx") == words(
        "checklist.import.done", "en", count=17, file="en-filled.xlsx")
    assert entry(page, "a1-16-d-ii") == {"status": "done", "lead": "", "date": "2025-07-01",
                                         "notes": "typed\nin LibreOffice"}
    assert entry(page, "a1-14") == {"status": "planned", "lead": "Ministry", "date": "",
                                    "notes": ""}
    # the cover sheet alone is no checklist: nothing changes
    before = page.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
    assert import_file(page, cover_csv) == words("checklist.import.no-table", "en",
                                                 file=cover_csv.name)
    assert page.evaluate("JSON.stringify(Object.entries(localStorage).sort())") == before


def test_the_export_opens_in_libreoffice_and_comes_back(page, server, site, tmp_path):
    visit(page, server + ZH_PAGE)
    page.get_by_label("第 16(d)(ii) 段的状态").select_option("in-progress")
    page.get_by_label("第 16(d)(ii) 段的目标日期").fill("2025-12-31")
    page.get_by_label("第 16(d)(ii) 段的牵头机构").fill("外交部, \"联络点\"")
    page.evaluate(f"localStorage.setItem('{PREFIX}{GONE}', "
                  "JSON.stringify({status: 'done', notes: 'kept', ref: '16(zz)'}))")
    name, body = export(page, "xlsx")
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(body)
    out = tmp_path / "out"
    libreoffice([exported], out, "csv")
    (made,) = out.glob("export-*.csv")
    rows = list(csv.reader(io.StringIO(made.read_text(encoding="utf-8-sig"), newline="")))
    header = rows[0]
    assert header == list(csv.reader(io.StringIO(download(
        site, "zh", "annex-1", "csv").read_text(encoding="utf-8-sig"))))[0]
    by_id = {row[header.index(column("zh", "id"))]: row for row in rows[1:]}
    assert len(by_id) == 58
    row = by_id["a1-16-d-ii"]
    assert row[header.index(column("zh", "status"))] == words("checklist.status.in-progress", "zh")
    assert row[header.index(column("zh", "date"))] == "2025-12-31"  # a date LibreOffice formats
    assert row[header.index(column("zh", "lead"))] == "外交部, \"联络点\""
    assert by_id[GONE][header.index(column("zh", "ref"))] == "16(zz)"
    # LibreOffice's own copy of it imports back
    page.evaluate("localStorage.clear()")
    assert import_file(page, made).startswith(words("checklist.import.done", "zh", count=57,
                                                    file=made.name))
    assert entry(page, "a1-16-d-ii") == {"status": "in-progress", "lead": "外交部, \"联络点\"",
                                         "date": "2025-12-31", "notes": ""}
    assert entry(page, GONE) == {"status": "done", "lead": "", "date": "", "notes": "kept",
                                 "ref": "16(zz)"}


# Hostile files ----------------------------------------------------------------


def rewrite_part(source: Path, target: Path, name: str, change) -> None:
    """Copy the workbook ``source`` to ``target`` with its part ``name`` changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == name else data)


def with_doctype(xml: bytes, doctype: str) -> bytes:
    """``xml`` with ``doctype`` after its declaration (or at its start)."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype.encode() + xml[end:]
    return doctype.encode() + xml


def test_hostile_files_change_nothing(page, server, site, tmp_path):
    workbook = download(site, "en", "coordination", "xlsx")
    filled = tmp_path / "filled.xlsx"
    fill_workbook(workbook, filled, "en", {"a1-14": {"status": "Done", "lead": HOSTILE}})
    files = {}
    # an entity that would grow without end (a "billion laughs")
    entities = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    files["entities.xlsx"] = lambda path: rewrite_part(
        filled, path, "xl/worksheets/sheet2.xml",
        lambda data: with_doctype(data, entities).replace(b"Done", b"&b;"))
    # a part that inflates to far more than any checklist (a ZIP bomb)
    files["bomb.xlsx"] = lambda path: rewrite_part(
        filled, path, "xl/worksheets/sheet2.xml",
        lambda data: data.replace(b"</worksheet>", b" " * (40 * 1024 * 1024) + b"</worksheet>"))
    files["truncated.xlsx"] = lambda path: path.write_bytes(filled.read_bytes()[:4000])
    files["large.csv"] = lambda path: path.write_bytes(b"x" * (1024 * 1024 + 1))
    files["binary.csv"] = lambda path: path.write_bytes(bytes(range(256)) * 8)
    expected = {
        "entities.xlsx": words("checklist.import.invalid", "en", file="entities.xlsx"),
        "bomb.xlsx": words("checklist.import.invalid", "en", file="bomb.xlsx"),
        "truncated.xlsx": words("checklist.import.invalid", "en", file="truncated.xlsx"),
        "large.csv": words("checklist.import.too-large", "en", file="large.csv"),
        "binary.csv": words("checklist.import.no-table", "en", file="binary.csv"),
    }
    visit(page, server + EN_PAGE)
    page.get_by_label("Status of 16(a)").select_option("planned")
    before = page.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
    for name, make in files.items():
        path = tmp_path / name
        make(path)
        assert path.stat().st_size < 1024 * 1024 or name == "large.csv"
        if name == "entities.xlsx":  # the entity stands where a status was
            with zipfile.ZipFile(path) as archive:
                assert b">&b;<" in archive.read("xl/worksheets/sheet2.xml")
        assert import_file(page, path) == expected[name], name
        assert page.evaluate("JSON.stringify(Object.entries(localStorage).sort())") == before
    # cells that look like markup come in as text
    assert import_file(page, filled) == words("checklist.import.done", "en", count=17,
                                              file="filled.xlsx")
    assert entry(page, "a1-14") == {"status": "done", "lead": HOSTILE, "date": "", "notes": ""}
    assert page.input_value("#syn-chk-lead-a1-14") == HOSTILE
    assert page.evaluate("window.__hacked") is None
    assert page.locator('img[src="x"]').count() == 0
