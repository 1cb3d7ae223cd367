"""The editors' workflow on a built copy: pending translations (boxes, build
log, status pages, the check switch), "edit this page" links to the data,
text that cannot become markup, and builds that repeat byte for byte."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest

from .conftest import ROOT, SITE_URL, copy_project, run_build, serve
from .htmltext import html_pages, read_page
from .test_accessibility import axe_source, violations  # noqa: F401 - a fixture
from .test_build import snapshot

REPO = "https://github.com/example/synergies"
SPECIAL = 'a < b & "c" > d'  # allowed in the data, and must stay text everywhere

# (file, text in the file, what replaces it): texts that lose one language
PENDING_EDITS = (
    ("data/annex-1/coordination.yaml",
     'title: {zh: "体制安排和协调机制", en: "Institutional arrangements and coordination mechanisms"}',
     'title: {zh: "体制安排和协调机制"}'),
    ("data/annex-1/coordination.yaml",
     '\n          en: "Coordination mechanisms and coordinated actions are the basis for enhancing '
     'coherence and synergies in the implementation of the biodiversity-related conventions '
     'across all issue areas."', ""),
    ("data/stories/informea-second-phase.yaml",
     '\n  en: "InforMEA, the United Nations Information Portal on Multilateral Environmental '
     'Agreements, and its second phase"', ""),
    ("data/glossary.yaml", 'term: {zh: "非洲、加勒比和太平洋国家集团", en:', "term: {en:"),
    ("data/events.yaml", 'title: {zh: "世界湿地日", en: "World Wetlands Day"}',
     'title: {en: "World Wetlands Day"}'),
)
PENDING_REPORT = """\
data/annex-1/coordination.yaml:8:1: title.en: translation pending (the zh text is shown)
data/annex-1/coordination.yaml:18:9: sections[0].paragraphs[0].text.en: translation pending (the zh text is shown)
data/events.yaml:10:5: events[0].title.zh: translation pending (the en text is shown)
data/glossary.yaml:10:5: terms[0].term.zh: translation pending (the en text is shown)
data/stories/informea-second-phase.yaml:3:1: title.en: translation pending (the zh text is shown)
"""


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def pending_project(tmp_path_factory) -> Path:
    """A copy with five texts missing a language and texts with HTML-special
    characters, built with a repository address."""
    project = copy_project(tmp_path_factory.mktemp("pending"))
    for relative, old, new in PENDING_EDITS:
        edit(project, relative, old, new)
    edit(project, "data/glossary.yaml", 'en: "African, Caribbean and Pacific Group of States"',
         f"en: {json.dumps(SPECIAL)}")
    edit(project, "data/stories/environmental-treaties-programme.yaml", "title:\n  zh: \"",
         f"title:\n  zh: {json.dumps(SPECIAL)}\n  _old: \"")
    edit(project, "data/events.yaml", 'title: {zh: "世界野生动植物日", en: "World Wildlife Day"}',
         f"title: {{zh: {json.dumps(SPECIAL)}, en: {json.dumps(SPECIAL)}}}")
    story = project / "data/stories/environmental-treaties-programme.yaml"
    story.write_text(re.sub(r"\n  _old: [^\n]*", "", story.read_text(encoding="utf-8")),
                     encoding="utf-8")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
        env=dict(os.environ, REPO_URL=REPO), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    (project / "build.log").write_text(result.stderr, encoding="utf-8")
    return project


def runs_with(page, needle: str) -> set[str]:
    """The languages in effect where ``needle`` appears in the page's text."""
    return {lang for lang, text in page.runs if needle in text}


def test_pending_text_shows_the_other_language_marked_with_its_lang(pending_project):
    site = pending_project / "site"
    page = read_page(site / "en/annex-1/coordination/index.html")
    assert runs_with(page, "协调机制和经协调的行动，是在所有问题领域") == {"zh"}
    assert runs_with(page, "Translation pending") == {"en"}
    html = (site / "en/annex-1/coordination/index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>", html).group(0)
    assert 'lang="zh"' in heading and 'data-pending="Translation pending"' in heading
    # the Chinese page of the same paragraph is untouched
    zh = (site / "annex-1/coordination/index.html").read_text(encoding="utf-8")
    assert "syn-pending" not in zh

    calendar = read_page(site / "calendar/index.html")
    assert runs_with(calendar, "World Wetlands Day") == {"en"}
    assert runs_with(calendar, "译文待补") == {"zh"}
    story = read_page(site / "en/stories/informea-second-phase/index.html")
    assert "zh" in runs_with(story, "联合国多边环境协定信息门户网站（InforMEA）及其第二阶段")


@pytest.mark.parametrize("path", ["en/annex-1/coordination/", "calendar/", "en/translation/",
                                  "en/stories/informea-second-phase/"])
def test_pending_boxes_pass_axe(pending_project, browser, axe_source, path):  # noqa: F811
    with serve(pending_project / "site") as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/{path}")
        page.wait_for_load_state("load")
        if "translation" not in path:  # the status page lists, it does not box
            assert page.locator(".syn-pending, .syn-pending-heading").first.is_visible()
        found = violations(page, axe_source)
        context.close()
    assert found == [], f"/{path}\n" + "\n".join(found)


def test_build_log_lists_every_pending_field(pending_project):
    log = (pending_project / "build.log").read_text(encoding="utf-8")
    for line in PENDING_REPORT.splitlines():
        assert f"Translation pending: {line}" in log
    assert "WARNING" not in log


def test_translation_status_page_lists_fields_with_links(pending_project):
    site = pending_project / "site"
    for lang, prefix, expected in (("en", "en/", {"data/annex-1/coordination.yaml:8",
                                                   "data/annex-1/coordination.yaml:18",
                                                   "data/stories/informea-second-phase.yaml:3"}),
                                   ("zh", "", {"data/events.yaml:10", "data/glossary.yaml:10"})):
        path = site / prefix / "translation/index.html"
        page = read_page(path)
        rows = re.findall(r"<tr><td><a href=\"([^\"]+)\"><code>([^<]+)</code></a></td>"
                          r"<td><code>([^<]+)</code></td><td><a href=\"([^\"]+)\">",
                          path.read_text(encoding="utf-8"))
        assert {row[1] for row in rows} == expected, lang
        for view, place, field, target in rows:
            file, line = place.split(":")
            assert view == f"{REPO}/blob/main/{file}#L{line}"
            assert field.endswith(f".{lang}")
            # the page where the text shows exists, and so does the anchor
            page_url, _, anchor = (path.parent / target).as_posix().partition("#")
            target_page = Path(page_url) / "index.html"
            assert target_page.exists(), target
            if anchor:
                assert anchor in read_page(target_page).ids, target
        assert page.html_lang == lang


def test_check_lists_pending_and_fails_on_them_with_the_switch(pending_project):
    check = [sys.executable, "-m", "hooks.check", "--root", str(pending_project)]
    editing = subprocess.run(check, cwd=ROOT, capture_output=True, text=True)
    assert editing.returncode == 0, editing.stderr
    assert editing.stdout.startswith(PENDING_REPORT)
    assert editing.stdout.endswith("5 translations pending\n")
    strict = subprocess.run(check + ["--require-translations"], cwd=ROOT,
                            capture_output=True, text=True)
    assert strict.returncode == 1
    assert strict.stderr == PENDING_REPORT + "5 translations pending\n"
    complete = subprocess.run([sys.executable, "-m", "hooks.check", "--require-translations"],
                              cwd=ROOT, capture_output=True, text=True)
    assert complete.returncode == 0, complete.stderr
    assert complete.stdout.endswith(", 0 translations pending\n")


def test_text_with_html_characters_stays_text_everywhere(pending_project):
    site = pending_project / "site"
    glossary = (site / "en/glossary/index.html").read_text(encoding="utf-8")
    assert '<abbr title="a &lt; b &amp; &#34;c&#34; &gt; d">ACP</abbr>' in glossary  # tooltip
    assert any(SPECIAL in text for _, text in read_page(site / "en/glossary/index.html").runs)
    story = read_page(site / "stories/environmental-treaties-programme/index.html")
    assert any(SPECIAL in text for _, text in story.runs)
    for path in html_pages(site):
        assert "<b &" not in path.read_text(encoding="utf-8"), path
    feed = ET.parse(site / "downloads/zh/stories.xml").getroot()
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title")
              for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert SPECIAL in titles
    calendar = icalendar.Calendar.from_ical((site / "downloads/en/calendar.ics").read_bytes())
    assert SPECIAL in [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_every_page_edits_the_file_that_holds_it(pending_project):
    site = pending_project / "site"
    checked = 0
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        if relative in ("404.html",) or relative.startswith(("downloads/", "assets/")):
            continue
        edits = [link["href"] for link in read_page(path).links if link.get("rel") == "edit"]
        assert len(edits) == 1, relative
        prefix = f"{REPO}/edit/main/"
        assert edits[0].startswith(prefix), edits[0]
        assert (pending_project / edits[0][len(prefix):]).is_file(), (relative, edits[0])
        checked += 1
    assert checked >= 2 * 37  # every page of both languages
    expected = {
        "annex-1/coordination/index.html": "data/annex-1/coordination.yaml",
        "en/stories/informea-second-phase/index.html": "data/stories/informea-second-phase.yaml",
        "en/calendar/index.html": "data/events.yaml",
        "conventions/cms/index.html": "data/conventions.yaml",
        "about/index.html": "docs/about.md",
        "en/about/index.html": "docs/about.en.md",
    }
    for page, source in expected.items():
        links = [link["href"] for link in read_page(site / page).links if link.get("rel") == "edit"]
        assert links == [f"{REPO}/edit/main/{source}"], page
    # the repository link asks no API for stars and forks (no other host)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPO}"' in home and 'data-md-component="source"' not in home


def test_without_a_repository_there_is_no_edit_link(site):
    if os.environ.get("REPO_URL"):
        pytest.skip("REPO_URL is set for this run")
    assert not [link for link in read_page(site / "annex-1/coordination/index.html").links
                if link.get("rel") == "edit"]
    status = read_page(site / "en/translation/index.html")
    assert any("Every text has its English translation." in text for _, text in status.runs)


def test_two_builds_of_one_commit_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "first").mkdir()
    first = copy_project(tmp_path / "first")
    git = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
           "GIT_AUTHOR_DATE": "2021-03-04T05:06:07Z", "GIT_COMMITTER_DATE": "2021-03-04T05:06:07Z"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "data"]):
        subprocess.run(command, cwd=first, env=dict(os.environ, **git), check=True)
    second = tmp_path / "second"
    subprocess.run(["git", "clone", "-q", str(first), str(second)], check=True)
    for project in (first, second):
        # with the site's address, so that the sitemap (and its dates) is written
        result = run_build(project, env={"SITE_URL": SITE_URL})
        assert result.returncode == 0, result.stderr
    built = snapshot(first / "site")
    assert built == snapshot(second / "site")
    assert any(name.startswith("downloads/") for name in built)
    # MkDocs' own dates are the data's, not the clock's
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>",
                          (first / "site/sitemap.xml").read_text(encoding="utf-8"))) == \
        {"2021-03-04"}


def test_schemas_are_published_with_the_site(site):
    published = sorted(path.name for path in (site / "schemas").glob("*.json"))
    assert published == sorted(path.name for path in (ROOT / "schemas").glob("*.schema.json"))
    for name in published:
        assert (site / "schemas" / name).read_bytes() == (ROOT / "schemas" / name).read_bytes()


def test_serve_rebuilds_when_the_data_changes(tmp_path):
    import socket
    import time
    import urllib.request

    project = copy_project(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serving = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=dict(os.environ, SYN_SKIP_DOWNLOADS="1", NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page_after(deadline: float, needle: str) -> bool:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/glossary/") as answer:
                    if needle in answer.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert page_after(time.monotonic() + 180, "African, Caribbean and Pacific Group")
        edit(project, "data/glossary.yaml", 'en: "African, Caribbean and Pacific Group of States"',
             'en: "Group of African, Caribbean and Pacific States (edited)"')
        assert page_after(time.monotonic() + 180, "(edited)")
    finally:
        serving.terminate()
        serving.wait(timeout=30)
