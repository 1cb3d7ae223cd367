"""The key-actions table of Annex II: a complete plain table in the built HTML
and without JavaScript, and in a real browser filters (area, lead organization,
convention, priority, text) that combine, sortable columns that say how they
are sorted, a CSV of the rows shown, the keyboard alone, and a small screen."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml


from hooks.pages import plain

from .conftest import copy_project, indexed_text, run_build, serve, watch

ROOT = Path(__file__).resolve().parent.parent
STRINGS = yaml.safe_load((ROOT / "data" / "site.yaml").read_text(encoding="utf-8"))["strings"]
PAGES = {"zh": "/annex-2/key-actions/", "en": "/en/annex-2/key-actions/"}
FILES = {"zh": "annex-2/key-actions/index.html", "en": "en/annex-2/key-actions/index.html"}
CELL_KEYS = ["timing", "lead", "cbd_mandate", "other_mandate", "origin"]
SORT_KEYS = ["ref", "key_action"] + CELL_KEYS
ROWS = "tr[data-roadmap-row]"
PRIORITY_ROW = "ka-b-1-c"  # marked priority in the copy of the project built for that test


def words(key: str, lang: str, **values) -> str:
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def squeeze(text: str) -> str:
    return " ".join(text.split())


# The built HTML -------------------------------------------------------------


class TableMarks(HTMLParser):
    """The rows of the key-actions table and the attributes of the page's parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = 0
        self.tbodies = 0
        self.rows: list[dict] = []  # attributes of each tr[data-roadmap-row]
        self.groups: list[str] = []
        self.activities: list[str] = []
        self.filter: dict | None = None
        self.columns: list[str] = []
        self.ids: set[str] = set()
        self.in_table = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "table" and "data-roadmap-table" in attrs:
            self.tables += 1
            self.in_table = True
        if not self.in_table:
            if "data-roadmap-filter" in attrs:
                self.filter = attrs
            return
        if tag == "tbody":
            self.tbodies += 1
        elif tag == "tr" and "data-roadmap-row" in attrs:
            self.rows.append(attrs)
        elif tag == "tr" and "data-roadmap-group" in attrs:
            self.groups.append(attrs["data-roadmap-group"])
        elif tag == "tr" and "data-roadmap-activity" in attrs:
            self.activities.append(attrs["data-roadmap-activity"])
        elif tag == "th" and "data-roadmap-column" in attrs:
            self.columns.append(attrs["data-roadmap-column"])

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False


def marks(site: Path, lang: str) -> TableMarks:
    parser = TableMarks()
    parser.feed((site / FILES[lang]).read_text(encoding="utf-8"))
    return parser


def test_the_table_is_one_plain_table_with_every_key_action(site, dataset):
    rows = dataset.document("key-actions").rows()
    assert len(rows) == 20
    for lang in ("zh", "en"):
        found = marks(site, lang)
        assert found.tables == 1 and found.tbodies == 1, lang
        assert [row["id"] for row in found.rows] == [action.id for _, _, action in rows]
        for attrs, (group, activity, action) in zip(found.rows, rows):
            assert attrs["data-group"] == group.id
            assert attrs["data-activity"] == activity.id
            assert attrs["data-leads"].split() == action.leads
            assert attrs["data-conventions"].split() == action.conventions
            assert attrs["data-priority"] == ("true" if action.priority else "false")
        assert found.groups == [group.id for group in dataset.document("key-actions").groups]
        assert found.activities == [a.id for g in dataset.document("key-actions").groups for a in g.activities]
        # links to a group, an activity or a key action keep working
        assert {"ka-a", "ka-b", "ka-c", "ka-a-1", "ka-b-1-d", "ka-c-1-d"} <= found.ids
        assert found.columns == SORT_KEYS
        assert found.filter is not None
        # in the page from the start (its place taken before the script runs)
        assert "hidden" not in found.filter and "data-search-exclude" in found.filter


def test_the_filters_stay_out_of_the_search_index(search_pages):
    for lang in ("zh", "en"):
        text = indexed_text(search_pages[lang])
        for key in ("roadmap.filter.intro", "roadmap.download", "roadmap.reset",
                    "roadmap.filter.priority-none"):
            assert words(key, lang) not in text, (lang, key)


# In a browser ---------------------------------------------------------------


def visible_ids(page) -> list[str]:
    """Ids of the key-action rows shown, in the order shown."""
    return page.eval_on_selector_all(ROWS, "rows => rows.filter(r => !r.hidden && "
                                           "r.getClientRects().length).map(r => r.id)")


def visible_headers(page) -> list[str]:
    return page.eval_on_selector_all(
        "tr[data-roadmap-group], tr[data-roadmap-activity]",
        "rows => rows.filter(r => r.getClientRects().length)"
        ".map(r => r.dataset.roadmapGroup || r.dataset.roadmapActivity)")


def row_attrs(page) -> list[dict]:
    """Each key-action row in document order: id, group, activity, leads, conventions, priority."""
    return page.eval_on_selector_all(ROWS, """rows => rows.map(r => ({
        id: r.id, group: r.dataset.group, activity: r.dataset.activity,
        leads: r.dataset.leads.split(' ').filter(Boolean),
        conventions: r.dataset.conventions.split(' ').filter(Boolean),
        priority: r.dataset.priority === 'true'}))""")


def count_text(lang, shown, total=20, extra=()) -> str:
    parts = [words("roadmap.count", lang, shown=shown, total=total)]
    if not shown:
        parts.append(words("roadmap.count-none", lang))
    parts.extend(extra)
    return ("" if lang == "zh" else " ").join(parts)


def wait_for_count(page, expected: str):
    """Wait for the live region to say ``expected`` (it waits for a pause in typing)."""
    try:
        page.wait_for_function(
            "expected => document.querySelector('[data-roadmap-count]').textContent === expected",
            arg=expected, timeout=5000)
    except Exception:
        assert page.text_content("[data-roadmap-count]") == expected


def options(page, name) -> list[str]:
    return page.eval_on_selector_all(f'select[data-roadmap-select="{name}"] option',
                                     "list => list.map(o => o.value)")


def query(page) -> dict:
    return {key: value[0] for key, value in parse_qs(urlsplit(page.url).query).items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_filter_shows_the_rows_it_names_and_says_how_many(page, server, lang):
    page.goto(server + PAGES[lang])
    assert page.is_visible("[data-roadmap-filter]")
    assert page.get_attribute("[data-roadmap-count]", "role") == "status"
    rows = row_attrs(page)
    every = [row["id"] for row in rows]
    assert len(every) == 20 and visible_ids(page) == every
    wait_for_count(page, count_text(lang, 20))

    for name, select, test in (
        ("area", "group", lambda row, value: row["group"] == value),
        ("lead", "lead", lambda row, value: value in row["leads"]),
        ("convention", "convention", lambda row, value: (not row["conventions"]) if value == "-none-"
         else value in row["conventions"]),
    ):
        values = [value for value in options(page, select) if value]
        assert values, name
        for value in values:
            page.select_option(f'select[data-roadmap-select="{select}"]', value)
            expected = [row["id"] for row in rows if test(row, value)]
            assert expected, (name, value)  # no option that always yields nothing
            assert visible_ids(page) == expected, (name, value)
            wait_for_count(page, count_text(lang, len(expected)))
            assert query(page).get(name) == value
        page.select_option(f'select[data-roadmap-select="{select}"]', "")
        assert visible_ids(page) == every
        assert name not in query(page)

    # the conventions in the options are those the rows name, read from the page
    named = sorted({c for row in rows for c in row["conventions"]})
    assert sorted(v for v in options(page, "convention") if v not in ("", "-none-")) == named

    # an area's filter shows its header rows only
    page.select_option('select[data-roadmap-select="group"]', "ka-b")
    assert visible_headers(page) == ["ka-b", "ka-b-1", "ka-b-2"]


def search_text(dataset, lang) -> dict[str, str]:
    """What the text filter looks in, per row: every cell, the area and the activity."""
    texts = {}
    for group, activity, action in dataset.document("key-actions").rows():
        parts = [group.label + " " + group.title[lang], activity.text[lang], action.text[lang]]
        parts += [action.cells[key][lang] for key in CELL_KEYS if key in action.cells]
        texts[action.id] = squeeze(" ".join(plain(p) for p in parts)).lower()
    return texts


TEXTS = {"zh": ("环境规划署", "数据"), "en": ("unep-wcmc", "DataBase")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_filter_combines_with_the_others_and_reset_clears_all(page, server, dataset, lang):
    page.goto(server + PAGES[lang] + "#ka-a-1-1")
    texts = search_text(dataset, lang)
    every = list(texts)
    first, second = TEXTS[lang]

    page.fill("#syn-roadmap-text", first)
    expected = [i for i in every if first.lower() in texts[i]]
    assert 0 < len(expected) < 20
    assert visible_ids(page) == expected
    wait_for_count(page, count_text(lang, len(expected)))  # once typing pauses
    assert query(page)["text"] == first
    assert urlsplit(page.url).fragment == "ka-a-1-1"  # the address keeps its anchor

    # case does not matter; every word must be found
    page.fill("#syn-roadmap-text", f"  {first.upper()}   {second} ")
    both = [i for i in expected if second.lower() in texts[i]]
    assert 0 < len(both) < len(expected)
    assert visible_ids(page) == both

    page.fill("#syn-roadmap-text", first)
    page.select_option('select[data-roadmap-select="group"]', "ka-b")
    combined = [i for i in expected if i.startswith("ka-b-")]
    assert 0 < len(combined) < len(expected)
    assert visible_ids(page) == combined
    page.select_option('select[data-roadmap-select="lead"]', "org-convention-secretariats")
    combined = [i for i in combined if "org-convention-secretariats" in dataset_leads(dataset)[i]]
    assert combined and visible_ids(page) == combined
    wait_for_count(page, count_text(lang, len(combined)))

    page.fill("#syn-roadmap-text", "zzz-nothing-like-this")
    assert visible_ids(page) == [] and visible_headers(page) == []
    wait_for_count(page, count_text(lang, 0))

    page.click('[data-roadmap-sort="timing"]')
    page.click("[data-roadmap-reset]")
    assert visible_ids(page) == every
    wait_for_count(page, count_text(lang, 20))
    for select in ("group", "lead", "convention"):
        assert page.input_value(f'select[data-roadmap-select="{select}"]') == ""
    assert page.input_value("#syn-roadmap-text") == ""
    assert page.get_attribute('th[data-roadmap-column="ref"]', "aria-sort") == "ascending"
    assert page.get_attribute('th[data-roadmap-column="timing"]', "aria-sort") is None
    assert query(page) == {}
    assert len(visible_headers(page)) == 3 + 7


def dataset_leads(dataset) -> dict[str, list[str]]:
    return {action.id: action.leads for _, _, action in dataset.document("key-actions").rows()}


def sorted_by(page, key, lang, descending=False) -> bool:
    """The visible rows are in order of the column ``key`` (empty cells last)."""
    return page.evaluate("""([key, lang, sign]) => {
        const collator = new Intl.Collator(lang, {numeric: true, sensitivity: 'base'});
        const cells = [...document.querySelectorAll('tr[data-roadmap-row]')]
          .filter(r => !r.hidden)
          .map(r => {  // the words shown, without footnotes or words for screen readers only
            const cell = r.querySelector(`[data-roadmap-cell="${key}"]`).cloneNode(true);
            cell.querySelectorAll('.syn-fnref, .syn-sr, [data-roadmap-skip]').forEach(n => n.remove());
            return cell.textContent.replace(/\\s+/g, ' ').trim(); });
        const filled = cells.filter(Boolean);
        if (cells.slice(0, filled.length).some(c => !c)) return false;
        return filled.every((c, i) => i === 0 || sign * collator.compare(filled[i - 1], c) <= 0);
    }""", [key, lang, -1 if descending else 1])


def aria_sort(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "thead th[data-roadmap-column]",
        "ths => Object.fromEntries(ths.filter(th => th.hasAttribute('aria-sort'))"
        ".map(th => [th.dataset.roadmapColumn, th.getAttribute('aria-sort')]))")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sorting_by_a_column_says_so_and_a_third_click_restores_the_order(page, server, lang):
    page.goto(server + PAGES[lang])
    every = visible_ids(page)
    headers = visible_headers(page)
    assert aria_sort(page) == {"ref": "ascending"}
    assert page.locator("thead th[data-roadmap-column] button[data-roadmap-sort]").count() == 7
    title = page.inner_text('[data-roadmap-sort="lead"] .syn-sort__title')

    page.click('[data-roadmap-sort="lead"]')
    assert aria_sort(page) == {"lead": "ascending"}
    ascending = visible_ids(page)
    assert sorted(ascending) == sorted(every) and ascending != every
    assert sorted_by(page, "lead", lang)
    assert visible_headers(page) == []  # the reference column tells where a row belongs
    wait_for_count(page, count_text(lang, 20, extra=[words(
        "roadmap.sorted", lang, column=title, order=words("roadmap.sort.ascending", lang))]))
    assert query(page) == {"sort": "lead", "order": "asc"}

    page.click('[data-roadmap-sort="lead"]')
    assert aria_sort(page) == {"lead": "descending"}
    descending = visible_ids(page)
    assert descending != ascending and sorted(descending) == sorted(every)
    assert sorted_by(page, "lead", lang, descending=True)
    wait_for_count(page, count_text(lang, 20, extra=[words(
        "roadmap.sorted", lang, column=title, order=words("roadmap.sort.descending", lang))]))

    # the sort is kept in the address
    page.reload()
    assert aria_sort(page) == {"lead": "descending"} and visible_ids(page) == descending

    page.click('[data-roadmap-sort="lead"]')
    assert aria_sort(page) == {"ref": "ascending"}
    assert visible_ids(page) == every and visible_headers(page) == headers
    wait_for_count(page, count_text(lang, 20))
    assert query(page) == {}

    page.click('[data-roadmap-sort="ref"]')
    assert aria_sort(page) == {"ref": "descending"}
    assert visible_ids(page) == every[::-1]
    page.click('[data-roadmap-sort="ref"]')
    assert aria_sort(page) == {"ref": "ascending"} and visible_ids(page) == every

    # sorting keeps the filters
    page.select_option('select[data-roadmap-select="group"]', "ka-c")
    page.click('[data-roadmap-sort="key_action"]')
    assert sorted(visible_ids(page)) == sorted(i for i in every if i.startswith("ka-c-"))
    assert sorted_by(page, "key_action", lang)


def expected_csv_row(dataset, action_id, lang) -> list[str]:
    truncated = words("label.truncated", lang)
    for group, activity, action in dataset.document("key-actions").rows():
        if action.id != action_id:
            continue
        ref = f"{group.label.rstrip('.')}.{activity.label.rstrip('.')}"
        if action.label:
            ref += f" ({action.label})"
        text = plain(action.text[lang])
        if action.truncated:
            text += f" [{truncated}]"
        row = [ref, f"{group.label} {plain(group.title[lang])}",
               f"{activity.label} {plain(activity.text[lang])}", text]
        row += [plain(action.cells[key][lang]) if key in action.cells else "" for key in CELL_KEYS]
        return [squeeze(value) for value in row]
    raise KeyError(action_id)


def csv_header(dataset, lang) -> list[str]:
    columns = {column.id: column for column in dataset.document("key-actions").columns}
    return [words("roadmap.column.ref", lang)] + [
        plain(columns[key].title[lang]) for key in ["area", "activity", "key_action"] + CELL_KEYS]


def download_csv(page) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click("[data-roadmap-download]")
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM, for spreadsheets
    text = body[3:].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


def guarded(value: str) -> str:
    """As the page writes a cell a spreadsheet would run as a formula."""
    return "'" + value if re.match(r"[=+\-@\t\r]", value) else value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_csv_holds_exactly_the_rows_shown_in_the_order_shown(page, server, dataset, lang):
    page.goto(server + PAGES[lang])
    name, body = download_csv(page)
    assert name == "key-actions-filtered.csv"
    table = read_csv(body)
    assert table[0] == csv_header(dataset, lang)
    all_rows = [expected_csv_row(dataset, i, lang) for i in visible_ids(page)]
    assert table[1:] == [[guarded(v) for v in row] for row in all_rows]
    assert len(table) == 21

    page.select_option('select[data-roadmap-select="group"]', "ka-b")
    page.click('[data-roadmap-sort="key_action"]')
    page.click('[data-roadmap-sort="key_action"]')
    shown = visible_ids(page)
    assert len(shown) == 11
    _, body = download_csv(page)
    table = read_csv(body)
    assert table[1:] == [[guarded(v) for v in expected_csv_row(dataset, i, lang)] for i in shown]
    # quoted per RFC 4180: a field with a comma survives the round trip
    assert any("," in field for row in table for field in row) or lang == "zh"

    page.fill("#syn-roadmap-text", "zzz-nothing-like-this")
    _, body = download_csv(page)
    assert read_csv(body) == [csv_header(dataset, lang)]


HOSTILE = '<img src=x onerror="window.__hacked = 1">'


def test_what_a_reader_types_or_puts_in_the_address_never_becomes_markup(page, server):
    page.goto(server + PAGES["en"] + "?text=" + HOSTILE.replace(" ", "%20")
              + "&area=<b>x</b>&sort=<i>&order=desc")
    assert page.input_value("#syn-roadmap-text") == HOSTILE
    assert page.input_value('select[data-roadmap-select="group"]') == ""  # not an area: ignored
    assert aria_sort(page) == {"ref": "ascending"}  # not a column: ignored
    assert visible_ids(page) == []
    wait_for_count(page, count_text("en", 0))
    assert page.evaluate("window.__hacked") is None
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("[data-roadmap-count] *").count() == 0


def test_the_priority_filter_is_off_and_says_why_when_no_row_is_a_priority(page, server, dataset):
    assert not any(action.priority for _, _, action in dataset.document("key-actions").rows())
    for lang in ("zh", "en"):
        page.goto(server + PAGES[lang] + "?priority=1")
        box = page.locator("#syn-roadmap-priority")
        assert box.is_disabled() and not box.is_checked()
        note = page.locator("[data-roadmap-priority-none]")
        assert note.is_visible() and note.inner_text() == words("roadmap.filter.priority-none", lang)
        assert box.get_attribute("aria-describedby") == note.get_attribute("id")
        assert len(visible_ids(page)) == 20
        assert page.locator(".syn-ka-priority").count() == 0


@pytest.fixture(scope="module")
def priority_server(tmp_path_factory):
    """A copy of the project whose key-actions table marks one row as a priority, built
    and served."""
    project = copy_project(tmp_path_factory.mktemp("priority"))
    path = project / "data" / "annex-2" / "key-actions.yaml"
    source = path.read_text(encoding="utf-8")
    line = re.search(rf"^( *)- id: {PRIORITY_ROW}\n", source, re.MULTILINE)
    assert line, PRIORITY_ROW
    marked = f"{line.group(0)}{line.group(1)}  priority: true\n"
    path.write_text(source.replace(line.group(0), marked, 1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_priority_filter_shows_the_priority_rows(context, priority_server, lang):
    page = watch(context.new_page())
    page.goto(priority_server + PAGES[lang])
    box = page.locator("#syn-roadmap-priority")
    assert box.is_enabled() and not box.is_checked()
    assert page.locator("[data-roadmap-priority-none]").count() == 0
    row = page.locator(f"#{PRIORITY_ROW}")
    assert row.get_attribute("data-priority") == "true"
    # marked in words, not by colour alone, with or without the filter
    assert words("roadmap.priority", lang) in row.inner_text()

    box.check()
    assert visible_ids(page) == [PRIORITY_ROW]
    assert visible_headers(page) == ["ka-b", "ka-b-1"]
    wait_for_count(page, count_text(lang, 1))
    assert query(page) == {"priority": "1"}
    with page.expect_download() as info:
        page.click("[data-roadmap-download]")
    table = read_csv(Path(info.value.path()).read_bytes())
    assert len(table) == 2 and table[1][0] == "B.1 (c)"
    assert words("roadmap.priority", lang) not in table[1][3]

    page.select_option('select[data-roadmap-select="group"]', "ka-a")
    assert visible_ids(page) == []
    page.reload()
    assert box.is_checked() and visible_ids(page) == []
    page.click("[data-roadmap-reset]")
    assert not box.is_checked() and len(visible_ids(page)) == 20
    assert page.errors == []
    assert page.hosts <= {urlsplit(priority_server).netloc}


def test_the_keyboard_alone_reaches_every_control_and_sorts(page, server):
    page.goto(server + PAGES["en"])
    page.focus('select[data-roadmap-select="group"]')
    reached = []
    for _ in range(30):
        reached.append(page.evaluate("""() => {
            const e = document.activeElement;
            return e.dataset.roadmapSort ? 'sort:' + e.dataset.roadmapSort
                 : e.dataset.roadmapSelect ? 'select:' + e.dataset.roadmapSelect
                 : e.hasAttribute('data-roadmap-reset') ? 'reset'
                 : e.hasAttribute('data-roadmap-download') ? 'download'
                 : e.classList.contains('syn-table-wrap') ? 'table' : e.id || e.tagName; }"""))
        if reached[-1] == "sort:origin":
            break
        page.keyboard.press("Tab")
    # the priority box is disabled on the real site; the table's scrolling region
    # takes the focus too, so that the keyboard can scroll it
    expected = ["select:group", "select:lead", "select:convention", "syn-roadmap-text",
                "reset", "download", "table"] + [f"sort:{key}" for key in SORT_KEYS]
    assert reached == expected

    page.focus('[data-roadmap-sort="timing"]')
    page.keyboard.press("Enter")
    assert aria_sort(page) == {"timing": "ascending"}
    page.keyboard.press("Space")
    assert aria_sort(page) == {"timing": "descending"}

    page.focus('select[data-roadmap-select="group"]')
    page.keyboard.press("ArrowDown")
    assert page.input_value('select[data-roadmap-select="group"]') == "ka-a"
    assert set(visible_ids(page)) == {"ka-a-1-1", "ka-a-2-1", "ka-a-2-2", "ka-a-3-1", "ka-a-4-1"}

    page.focus("[data-roadmap-reset]")
    page.keyboard.press("Enter")
    assert len(visible_ids(page)) == 20 and aria_sort(page) == {"ref": "ascending"}
    page.focus("[data-roadmap-download]")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "key-actions-filtered.csv"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_at_375_pixels_only_the_table_scrolls_sideways(browser, server, lang):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        tab = context.new_page()
        tab.goto(server + PAGES[lang])
        assert tab.evaluate("document.documentElement.scrollWidth") <= 375
        for selector in ("select[data-roadmap-select]", "#syn-roadmap-text", "#syn-roadmap-priority",
                         "[data-roadmap-reset]", "[data-roadmap-download]"):
            controls = tab.locator(selector)
            assert controls.count() > 0
            for i in range(controls.count()):
                box = controls.nth(i).bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, (selector, i)
                if selector != "#syn-roadmap-priority":
                    assert box["height"] >= 24, (selector, i)  # big enough to hit
        wrap = tab.locator(".syn-table-wrap")
        assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # scrolls inside its region
        assert wrap.evaluate("e => e.getBoundingClientRect().right") <= 375
        tab.select_option('select[data-roadmap-select="lead"]', "org-unep-wcmc")
        tab.click('[data-roadmap-sort="origin"]')
        assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_without_javascript_the_table_is_complete_and_the_filters_are_hidden(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        for lang in ("zh", "en"):
            tab.goto(server + PAGES[lang])
            assert tab.get_attribute("html", "class") == "no-js"
            assert len(visible_ids(tab)) == 20
            assert len(visible_headers(tab)) == 3 + 7
            assert not tab.is_visible("[data-roadmap-filter]")
            for selector in ("[data-roadmap-filter] select", "#syn-roadmap-text",
                             "[data-roadmap-download]", "[data-roadmap-count]"):
                locator = tab.locator(selector)
                assert all(not locator.nth(i).is_visible() for i in range(locator.count()))
            assert tab.locator("button[data-roadmap-sort]").count() == 0
            assert tab.locator("th[aria-sort]").count() == 0
            row = tab.locator("#ka-b-1-d")
            assert row.is_visible() and "B.1 (d)" in row.inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("target", ["ka-c-1-d", "ka-b"])
def test_a_link_to_a_row_or_an_area_still_lands_on_it(page, server, target):
    page.goto(server + PAGES["en"] + "#" + target)
    assert page.is_visible("[data-roadmap-filter]")  # shown above the table after the jump
    page.wait_for_timeout(200)
    box = page.locator(f"#{target}").bounding_box()
    assert box is not None and 0 <= box["y"] < 400


def test_pages_without_the_table_are_left_alone(page, server):
    for path in ("/", "/en/annex-2/", "/annex-1/coordination/"):
        page.goto(server + path)
        assert page.locator("[data-roadmap-filter], button[data-roadmap-sort]").count() == 0
