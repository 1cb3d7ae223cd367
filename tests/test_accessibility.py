"""Accessibility: axe-core (from the npm registry, `npm ci`) finds no WCAG 2.1 A
or AA violation on each kind of page, in both languages, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# One page of each kind the site has.
PAGES = ["", "decision/", "annex-1/", "annex-1/coordination/", "annex-2/",
         "annex-2/key-actions/", "unep-ea-3-17/", "conventions/", "conventions/cites/",
         "synergies/", "calendar/", "stories/", "stories/informea-second-phase/",
         "stories/submit/", "glossary/", "references/", "downloads/", "translation/",
         "about/"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (the README's test command does)")
    return AXE.read_text(encoding="utf-8")


def violations(page, axe_source) -> list[str]:
    page.add_script_tag(content=axe_source)
    found = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
             .then(r => r.violations.map(v => [v.id, v.impact, v.nodes.length,
                                               v.nodes.slice(0, 3).map(n => n.target.join(" "))]))""",
        TAGS)
    return [f"{rule} ({impact}, {count}): {targets}" for rule, impact, count, targets in found]


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violation(browser, server, axe_source, lang, path):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/{lang}{path}")
    page.wait_for_load_state("load")
    found = violations(page, axe_source)
    context.close()
    assert found == [], f"/{lang}{path}\n" + "\n".join(found)


def test_no_wcag_violation_on_a_phone_with_the_menu_open(browser, server, axe_source):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{server}/en/annex-1/coordination/")
    page.click("label.md-header__button[for='__drawer']")
    found = violations(page, axe_source)
    context.close()
    assert found == [], "\n".join(found)
