"""The loader: the real data validates into the expected shape, and every kind
of mistake an editor can make gives the exact message in the golden file."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from hooks.loader import load_dataset

from .conftest import ROOT, data_copy, errors_of, replace_in

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"




def test_decision_has_paragraphs_1_to_19(dataset):
    numbers = [p.number for s in dataset.document("decision").sections for p in s.paragraphs if p.number]
    assert numbers == [str(n) for n in range(1, 20)]
    assert [f.number for f in dataset.document("decision").footnotes] == [1, 2, 3]


def test_annex_1_has_paragraphs_1_to_28_in_order(dataset):
    def numbers(sections):
        for section in sections:
            for paragraph in section.paragraphs:
                if paragraph.number:
                    yield int(paragraph.number)
            yield from numbers(section.sections)

    intro = list(numbers(dataset.document("annex-1").sections))
    areas = [n for area in dataset.areas for n in numbers(area.sections)]
    assert sorted(intro + areas) == list(range(1, 29))
    refs = sorted(area.ref for area in dataset.areas)
    assert refs == ["1(a)", "1(b)", "2(a)", "2(b)", "2(c)", "2(d)", "2(e)"]


def test_annex_1_roman_sub_items(dataset):
    refs = {item.ref for area in dataset.areas for item in area.option_items()}
    for ref in ("16(d)(i)", "16(d)(iii)", "16(f)(i)", "16(f)(iv)", "25(b)(i)", "25(b)(iv)",
                "25(f)(iv)", "10(f)", "19(j)", "28(c)", "26"):
        assert ref in refs, ref
    assert "16(d)" not in refs  # an item with sub-items is not itself an option line


def test_annex_2_paragraphs_and_table(dataset):
    def numbers(sections):
        for section in sections:
            yield from (int(p.number) for p in section.paragraphs if p.number)
            yield from numbers(section.sections)

    assert sorted(numbers(dataset.document("annex-2").sections)) == list(range(1, 18))
    paragraph_17 = next(p for s in dataset.document("annex-2").sections for p in s.paragraphs
                        if p.number == "17")
    assert [item.label for item in paragraph_17.items] == list("abcdefg")
    table = dataset.document("key-actions")
    assert len(table.columns) == 8
    assert [g.label for g in table.groups] == ["A.", "B.", "C."]
    assert len(table.rows()) == 20
    assert [marker for marker, _ in table.notes] == ["*", "**"]


def test_progress_report_has_paragraphs_1_to_11(dataset):
    numbers = [p.number for s in dataset.document("progress-report").sections for p in s.paragraphs if p.number]
    assert numbers == [str(n) for n in range(1, 12)]


def test_every_text_has_both_languages(dataset):
    for area in dataset.areas:
        for item in area.option_items():
            assert item.text["zh"].strip() and item.text["en"].strip(), item.id


def test_version_is_content_hash(tmp_path, dataset):
    root = data_copy(tmp_path)
    assert load_dataset(root).version == dataset.version
    path = root / "data" / "site.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_dataset(root).version != dataset.version


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_invalid_fixture_gives_expected_messages(tmp_path, fixture):
    root = data_copy(tmp_path)
    text = fixture.read_text(encoding="utf-8")
    target = text.splitlines()[0].split("target:")[1].strip()
    (root / target).write_text(text, encoding="utf-8")
    expected = fixture.with_suffix(".expected").read_text(encoding="utf-8")
    assert errors_of(root) == expected


def test_python_tag_is_never_executed(tmp_path):
    root = data_copy(tmp_path)
    marker = tmp_path / "executed"
    (root / "data" / "annex-1" / "coordination.yaml").write_text(
        f'id: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    assert "is not allowed in the data" in errors_of(root)
    assert not marker.exists()


def test_alias_bomb_is_rejected_fast(tmp_path):
    root = data_copy(tmp_path)
    shutil.copy(FIXTURES / "alias-bomb.yaml", root / "data" / "annex-1" / "coordination.yaml")
    start = time.monotonic()
    errors_of(root)
    assert time.monotonic() - start < 5  # a billion-laughs expansion would take minutes


def test_not_utf8_names_the_encoding(tmp_path):
    root = data_copy(tmp_path)
    path = root / "data" / "annex-1" / "coordination.yaml"
    path.write_bytes("id: 协调\n".encode("gb18030"))
    assert errors_of(root) == (
        "data/annex-1/coordination.yaml:1:7: is not valid UTF-8 (byte 0xb5); "
        "save the file with the UTF-8 encoding\n1 error in the data\n")


def test_tabs_empty_huge_and_unknown_files(tmp_path):
    root = data_copy(tmp_path)
    (root / "data" / "annex-1" / "coordination.yaml").write_text(
        "id: coordination\n\tpart: '1'\n", encoding="utf-8")
    (root / "data" / "annex-1" / "nbsaps.yaml").write_text("# nothing yet\n", encoding="utf-8")
    (root / "data" / "annex-1" / "science-policy.yaml").write_text(
        "a: " + "x" * (3 * 1024 * 1024) + "\n", encoding="utf-8")
    (root / "data" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "data" / "annex-1" / "old").mkdir()
    (root / "data" / "annex-1" / "old" / "nbsaps.yaml").write_text("id: x\n", encoding="utf-8")
    assert errors_of(root) == (
        "data/annex-1/coordination.yaml:2:1: tab character; indent and separate with spaces only\n"
        "data/annex-1/nbsaps.yaml: is empty; a data file needs content\n"
        "data/annex-1/old/nbsaps.yaml: is not a known data file; see the editor's guide for "
        "where data goes\n"
        "data/annex-1/science-policy.yaml: is 3145732 bytes; data files may be at most "
        "2097152 bytes, split it\n"
        "data/notes.yaml:1:1: missing field 'kind': a document says what it is, one of "
        "'decision', 'annex', 'report', 'options', 'table'\n"
        "5 errors in the data\n")


def test_all_errors_of_all_files_at_once(tmp_path):
    root = data_copy(tmp_path)
    for name in ("wrong-type", "duplicate-key"):
        fixture = FIXTURES / f"{name}.yaml"
        target = "data/annex-1/coordination.yaml" if name == "wrong-type" else \
            "data/annex-1/capacity.yaml"
        (root / target).write_text(fixture.read_text(encoding="utf-8").replace(
            "id: coordination", "id: capacity" if "capacity" in target else "id: coordination"),
            encoding="utf-8")
    report = errors_of(root)
    assert report.splitlines()[0].startswith("data/annex-1/capacity.yaml:8:1: part: duplicate")
    assert "data/annex-1/coordination.yaml:19:11" in report
    assert report.endswith("3 errors in the data\n")


def test_check_command(tmp_path):
    import subprocess
    import sys

    ok = subprocess.run([sys.executable, "-m", "hooks.check"], cwd=ROOT,
                        capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("data is valid:"), ok.stderr
    root = data_copy(tmp_path)
    shutil.copy(FIXTURES / "wrong-type.yaml", root / "data" / "annex-1" / "coordination.yaml")
    bad = subprocess.run([sys.executable, "-m", "hooks.check", "--root", str(root)], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stderr == (FIXTURES / "wrong-type.expected").read_text(encoding="utf-8")
    assert "Traceback" not in bad.stderr


def test_a_text_in_one_language_is_a_pending_translation(tmp_path):
    root = data_copy(tmp_path)
    path = root / "data" / "annex-1" / "nbsaps.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[19].startswith('          en: "National biodiversity strategies')
    path.write_text("".join(lines[:19] + lines[20:]), encoding="utf-8")  # its [^8] goes too
    dataset = load_dataset(root)
    assert [str(item) for item in dataset.pending] == [
        "data/annex-1/nbsaps.yaml:18:9: sections[0].paragraphs[0].text.en: "
        "translation pending (the zh text is shown)"]
    pending = dataset.pending[0]
    assert (pending.lang, pending.shown, pending.anchor) == ("en", "zh", "a1-9")
    paragraph = dataset.area("nbsaps").sections[0].paragraphs[0]
    assert paragraph.id == "a1-9"
    assert paragraph.text["en"] == paragraph.text["zh"] and dict(paragraph.text.pending) == {"en": "zh"}
    assert paragraph.text.written_in("en") == "zh" and paragraph.text.written_in("zh") == "zh"


def test_libyaml_and_the_strict_reader_read_every_data_file_alike(monkeypatch):
    # Files are read with libyaml first, for speed; the strict Python reader
    # reads those libyaml rejects. Both must give the same values and lines.
    from hooks import yaml_source
    from hooks.loader import data_files

    files = data_files(ROOT)
    assert len(files) > 20
    fast = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml_source._fast_compose(text) is not None, path  # the fast path is taken
        fast[path] = yaml_source.read_source(path, path.name)
    monkeypatch.setattr(yaml_source, "_FastLoader", None)
    for path in files:
        (source, errors), (strict, strict_errors) = fast[path], yaml_source.read_source(path,
                                                                                     path.name)
        assert errors == strict_errors == []
        assert source.data == strict.data and source.marks == strict.marks, path


@pytest.mark.parametrize("text", ["a: &x [1]\nb: *x\n", "a: !!python/name:os.system x\n",
                                  "a: [1\n", "", "a: 1\na: 2\n"])
def test_what_libyaml_would_let_through_goes_to_the_strict_reader(text):
    from hooks import yaml_source

    if text.startswith("a: 1"):  # duplicate keys: both read it; the walk reports them
        assert yaml_source._fast_compose(text) is not None
    else:
        assert yaml_source._fast_compose(text) is None



def test_six_mistakes_in_six_files_come_out_in_one_run(tmp_path):
    # a syntax error in one file does not hide what the others get wrong,
    # down to the checks that need several files
    root = data_copy(tmp_path)
    replace_in(root, "data/annex-1/coordination.yaml", 'part: "1"', 'part: "1\n')
    replace_in(root, "data/events.yaml", "yearly: {month: 2, day: 2}",
               "yearly: {month: 2, day: 31}")
    replace_in(root, "data/stories/informea-second-phase.yaml", "conventions: [cbd,",
               "conventions: [cdb,")
    replace_in(root, "data/annex-1/nbsaps.yaml", "conventions: [", "conventions: [unesco, ")
    replace_in(root, "data/conventions.yaml", "adopted: ", "adopted: 31 ")
    replace_in(root, "data/glossary.yaml", "  - id: ", "  - id: Not-Kebab\n    x: 1\n  - id: ")
    lines = errors_of(root).splitlines()
    files = {line.split(":")[0] for line in lines[:-1]}
    assert files == {"data/annex-1/coordination.yaml", "data/events.yaml",
                     "data/stories/informea-second-phase.yaml", "data/annex-1/nbsaps.yaml",
                     "data/conventions.yaml", "data/glossary.yaml"}, lines
    assert any("month 2 has 29 days, got day 31" in line for line in lines)
    assert any("unknown convention 'cdb'" in line for line in lines)
    assert any("unknown convention 'unesco'" in line for line in lines)


def test_a_file_that_cannot_be_read_hides_only_the_checks_that_need_it(tmp_path):
    # with conventions.yaml broken, a tag cannot be checked, but a story's
    # unknown option still can; with one area broken, an option of another
    # area is not taken for an unknown one
    root = data_copy(tmp_path)
    replace_in(root, "data/conventions.yaml", "conventions:", "conventions: [")
    replace_in(root, "data/stories/informea-second-phase.yaml", "options: [a1-19-a,",
               "options: [a1-99-z,")
    report = errors_of(root)
    assert "data/conventions.yaml:" in report
    assert "unknown option 'a1-99-z'" in report
    assert report.endswith("2 errors in the data\n")

    root = data_copy(tmp_path / "second")
    replace_in(root, "data/annex-1/communication.yaml", "id: communication", "id: [")
    replace_in(root, "data/stories/informea-second-phase.yaml", "options: [a1-19-a,",
               "options: [a1-99-z,")
    report = errors_of(root)
    assert "data/annex-1/communication.yaml:" in report
    assert "unknown option" not in report and "is not listed" not in report
    assert report.endswith("1 error in the data\n")


@pytest.mark.parametrize("text, expected", [
    ('title: {zh: "他说"你好"", en: "x"}\n',
     'data/glossary.yaml:2:16: YAML syntax error: a straight double quote (") inside a text in '
     'double quotes ends the text; write it as \\" or use the quotation marks of the language '
     "(“ ” or 「 」) (expected ',' or '}', but got '<scalar>')"),
    ('title:\n  en: "The "Liaison Group" met"\n',
     'data/glossary.yaml:3:12: YAML syntax error: a straight double quote (") inside a text'),
    ("title:\n  en: 'the group's work'\n",
     "data/glossary.yaml:3:17: YAML syntax error: a single quote (') inside a text in single "
     "quotes ends the text; write it twice ('') or put the text in double quotes"),
    ("conventions: [cbd, cites\nterms: []\n",
     "data/glossary.yaml:2:14: YAML syntax error: the list opened here with '[' is not closed "
     "with ']'"),
    ('title: "no end\nterms: []\n',
     "data/glossary.yaml:2:8: YAML syntax error: the text opened here with a quote is not "
     "closed with the same quote"),
], ids=["quote-in-flow", "quote-in-block", "apostrophe", "unclosed-bracket", "unclosed-quote"])
def test_a_syntax_error_says_what_is_wrong_where_it_starts(tmp_path, text, expected):
    root = data_copy(tmp_path)
    (root / "data" / "glossary.yaml").write_text("# glossary\n" + text, encoding="utf-8")
    report = errors_of(root)
    assert report.startswith(expected), report
    assert report.endswith("1 error in the data\n")


def test_a_character_the_pdf_font_lacks_is_found_by_the_check(tmp_path):
    # an emoji and a CJK Extension B character in an option: the checklist PDFs
    # would print nothing in their place
    root = data_copy(tmp_path)
    replace_in(root, "data/annex-1/capacity.yaml", "将人力资源", "\U00020000将人力资源")
    replace_in(root, "data/annex-1/communication.yaml", "采取措施增进", "\U0001F600采取措施增进")
    # in a rationale and in a story, which no PDF prints, the same emoji is fine
    replace_in(root, "data/annex-1/communication.yaml", "理解生物多样性", "\U0001F600理解生物多样性")
    # in a story, which no PDF prints, the same emoji is fine
    replace_in(root, "data/stories/informea-second-phase.yaml", 'region:\n  zh: "',
               'region:\n  zh: "\U0001F600')
    report = errors_of(root)
    lines = report.splitlines()
    assert lines[-1] == "2 errors in the data"
    assert lines[0].startswith("data/annex-1/capacity.yaml:") and \
        ".text.zh: '\U00020000' (U+20000) cannot be printed in the PDF checklists" in lines[0]
    assert lines[1].startswith("data/annex-1/communication.yaml:") and "(U+1F600)" in lines[1]


# -- the words a focal point cites ----------------------------------------------


def text_pairs(value):
    """Every text of a data file's content that has both languages."""
    if isinstance(value, dict):
        if set(value) == {"zh", "en"} and all(isinstance(v, str) for v in value.values()):
            yield value
        for child in value.values():
            yield from text_pairs(child)
    elif isinstance(value, list):
        for child in value:
            yield from text_pairs(child)


def test_the_liaison_group_has_its_full_name_where_the_chinese_has_it():
    """生物多样性相关公约联络小组 is the Liaison Group of the Biodiversity-related
    Conventions; "Biodiversity Liaison Group" renders only the short form
    生物多样性联络小组, as often as the Chinese uses it."""
    import yaml

    from hooks.loader import data_files

    checked = 0
    wrong = []
    for path in data_files(ROOT):
        for text in text_pairs(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if "联络小组" not in text["zh"]:
                continue
            checked += 1
            if text["en"].count("Biodiversity Liaison Group") > text["zh"].count("生物多样性联络小组"):
                wrong.append(f"{path.relative_to(ROOT)}: {text['en'][:80]}")
    assert checked > 20
    assert wrong == []


def test_every_story_tag_is_named_in_its_source(dataset):
    """A story names a convention only where its source does: by the
    convention's name or acronym, or as "the biodiversity-related conventions",
    which are the seven whose governing bodies annex II, paragraph 17, lists.
    A story may name none."""
    paragraph_17 = {item.id for p in dataset.document("annex-2").sections[-1].paragraphs if p.number == "17"
                    for item in p.items}
    assert len(paragraph_17) == 7
    general = {"zh": "生物多样性相关公约", "en": "biodiversity-related conventions"}
    unsupported = []
    for story in dataset.stories:
        if story.source_document is None:
            continue  # another publication: its words are not in the data
        source = dataset.anchors[story.source_ref].text
        for tag in story.conventions:
            convention = dataset.convention(tag)
            named = any(name in source[lang]
                        for lang in ("zh", "en")
                        for name in (convention.acronym[lang], convention.name[lang].strip("《》")))
            as_general = convention.body_ref in paragraph_17 and \
                all(general[lang] in source[lang] for lang in ("zh", "en"))
            if not (named or as_general):
                unsupported.append(f"{story.id}: {tag}")
    assert unsupported == []


def test_editorial_notes_are_read_from_every_kind_of_text(tmp_path):
    """A note on a paragraph, item, footnote, key action, story or reference
    becomes that thing's ``note`` and one of ``Dataset.editorial_notes()``;
    the text it stands on is unchanged."""
    root = data_copy(tmp_path)
    note = '\n{indent}note: {{zh: "编者注。", en: "A note."}}'
    path = root / "data" / "annex-2" / "key-actions.yaml"
    text = path.read_text(encoding="utf-8")
    row = '            truncated: true'
    assert text.count(row) == 1
    path.write_text(text.replace(row, row + note.format(indent=" " * 12)), encoding="utf-8")
    path = root / "data" / "annex-1" / "capacity.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith('        number: "24"'))
    path.write_text(text.replace(line, line + note.format(indent=" " * 8), 1), encoding="utf-8")
    before = load_dataset(ROOT)
    dataset = load_dataset(root)
    notes = dataset.editorial_notes()
    assert len(notes) == len(before.editorial_notes()) + 2
    added = {(n.document, n.target, n.footnote) for n in notes} - \
        {(n.document, n.target, n.footnote) for n in before.editorial_notes()}
    assert added == {("key-actions", "ka-c-1-d", None), ("capacity", "a1-24", None)}
    row = next(a for _, _, a in dataset.document("key-actions").rows() if a.id == "ka-c-1-d")
    assert row.note["en"] == "A note." and row.text == next(
        a for _, _, a in before.document("key-actions").rows() if a.id == "ka-c-1-d").text
    # the real data has notes on the other kinds
    kinds = {("footnote" if n.footnote else "references" if n.document == "references"
              else "story" if any(s.id == n.document for s in dataset.stories) else "text")
             for n in before.editorial_notes()}
    assert kinds == {"footnote", "references", "story", "text"}
    items = [n.target for n in before.editorial_notes() if n.target in before.anchors
             and "(" in before.anchors[n.target].ref]
    assert items, "a note on an item"
