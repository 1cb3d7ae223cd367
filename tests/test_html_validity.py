"""HTML validity: the Nu HTML Checker (vnu, the W3C's checker; npm `vnu-jar`, run
by Debian's Java) finds no error and no warning in our markup, on every page
of both languages, built without and with SITE_URL. Material's own errors are
listed below, each with where it comes from, and counted apart."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from .htmltext import html_pages

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Errors of Material for MkDocs 9.8.1 itself: (message, text of the highlighted tag).
MATERIAL = {
    # base.html: the drawer and search toggles are checkboxes with
    # autocomplete="off", which HTML allows on text-like inputs only.
    "toggle-autocomplete": (
        "Attribute “autocomplete” is only allowed when the input type is",
        'class="md-toggle"'),
    # partials/toc.html labels the table of contents for the __toc toggle,
    # which partials/nav-item.html writes only for a page of the nav: a page
    # reached from a list (not_in_nav: a convention, a story) has the label
    # without its control.
    "toc-label": (
        "The value of the “for” attribute of the “label” element must be the ID of a "
        "non-hidden form control.",
        'for="__toc"'),
}


def material_error(message: dict) -> str | None:
    """Which of Material's known errors ``message`` is, if any."""
    start = message.get("hiliteStart", 0)
    tag = message.get("extract", "")[start:start + message.get("hiliteLength", 0)]
    for name, (text, marker) in MATERIAL.items():
        if message["type"] == "error" and message["message"].startswith(text) and marker in tag:
            return name
    return None


@pytest.fixture(scope="module")
def checked(site, site_with_url) -> tuple[list[Path], list[dict]]:
    """Every page of both builds, and what vnu says of them (errors and warnings)."""
    if shutil.which("java") is None:
        pytest.fail("java is missing: install Debian's default-jre-headless (see .ci/run)")
    if not VNU.exists():
        pytest.fail("vnu-jar is missing: run `npm ci` (the README's test command does)")
    pages = html_pages(site) + html_pages(site_with_url)
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--stdout",
         *map(str, pages)],
        capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stdout)["messages"]
    # plain "info" messages are advice; errors, warnings and the checker's own
    # failures to read a page count
    return pages, [m for m in messages
                   if m["type"] != "info" or m.get("subType") == "warning"]


def describe(message: dict) -> str:
    where = message.get("url", "").split("/site/")[-1]
    return (f"{where}:{message.get('lastLine')}: {message['type']}: {message['message']} "
            f"[{message.get('extract', '').strip()[:120]}]")


def test_no_error_or_warning_in_our_markup(checked):
    pages, messages = checked
    ours = [describe(m) for m in messages if material_error(m) is None]
    assert ours == [], "\n".join(ours)


def test_every_page_of_both_languages_was_checked(checked, site, site_with_url):
    """Material's toggles are on every page: each page has their error, so vnu
    read each page (a checker that read nothing would find nothing)."""
    pages, messages = checked
    assert len(pages) >= 150
    assert any("/en/" in page.as_posix() for page in pages)
    with_toggles = {m["url"] for m in messages if material_error(m) == "toggle-autocomplete"}
    assert with_toggles == {page.resolve().as_uri().replace("file:///", "file:/")
                            for page in pages}


def test_materials_known_errors_are_counted_apart(checked):
    """Each error listed as Material's is still made (else drop it from the
    list), and none of them on a tag of ours."""
    pages, messages = checked
    counts = Counter(material_error(m) for m in messages if material_error(m))
    assert set(counts) == set(MATERIAL), counts
    # two toggles on each page
    assert counts["toggle-autocomplete"] == 2 * len(pages)
    assert counts["toc-label"] < len(pages)


def test_the_checker_finds_an_error_of_ours(tmp_path):
    """The check fails on a page with markup as it was before (an empty form
    action, autocomplete on a checkbox)."""
    if shutil.which("java") is None or not VNU.exists():
        pytest.fail("java or vnu-jar is missing (see .ci/run)")
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><html lang="en"><title>t</title>'
                    '<form action="" method="get"><input type="checkbox" autocomplete="off" '
                    'aria-label="x"></form></html>', encoding="utf-8")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--stdout", str(page)],
                            capture_output=True, text=True, timeout=120)
    messages = [m for m in json.loads(result.stdout)["messages"] if m["type"] == "error"]
    assert len(messages) == 2
    assert [material_error(m) for m in messages] == [None, None]
