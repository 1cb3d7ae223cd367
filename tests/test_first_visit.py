"""A first visit stays light and still: each page loads only the scripts it
uses, minified; the controls that scripts bring to life take their place
before the scripts run, so nothing moves when they do."""

from __future__ import annotations

import re

import pytest

from hooks.minify import minify_text

from .conftest import ROOT

SCRIPTS = ("checklist", "roadmap", "portal")
# page -> the scripts of ours it needs (the search box's script is on every page)
USES = {
    "index.html": {"portal"},
    "en/index.html": {"portal"},
    "annex-1/coordination/index.html": {"checklist"},
    "en/annex-1/resources/index.html": {"checklist"},
    "annex-2/key-actions/index.html": {"roadmap"},
    "en/annex-2/key-actions/index.html": {"roadmap"},
    "stories/index.html": {"portal"},
    "en/stories/index.html": {"portal"},
    "annex-1/index.html": set(),
    "en/decision/index.html": set(),
    "glossary/index.html": set(),
    "en/synergies/index.html": set(),
    "about/index.html": set(),
}
# page -> (the controls a script brings to life, an element after them, the
# script, what the page shows once the script is done)
CONTROLS = {
    "/annex-1/coordination/": ("[data-checklist-ui]", "#a1-16-i", "checklist",
                               "#syn-checklist[data-checklist-ready]"),
    "/en/annex-1/coordination/": ("[data-checklist-ui]", "#a1-16-i", "checklist",
                                  "#syn-checklist[data-checklist-ready]"),
    "/annex-2/key-actions/": ("[data-roadmap-filter]", "#ka-c-1-d", "roadmap",
                              "[data-roadmap-count]:not(:empty)"),
    "/en/annex-2/key-actions/": ("[data-roadmap-filter]", "#ka-c-1-d", "roadmap",
                                 "[data-roadmap-count]:not(:empty)"),
    "/stories/": ("[data-story-filter]", ".syn-story-list", "portal",
                  "[data-story-count]:not(:empty)"),
    "/en/stories/": ("[data-story-filter]", ".syn-story-list", "portal",
                     "[data-story-count]:not(:empty)"),
}
LAYOUT_SHIFT_LIMIT = 0.05


def scripts_of(html: str) -> set[str]:
    return set(re.findall(r'<script src="[^"]*assets/(\w+)\.js"', html))


@pytest.mark.parametrize("relative", sorted(USES))
def test_a_page_loads_only_the_scripts_it_uses(site, relative):
    html = (site / relative).read_text(encoding="utf-8")
    assert scripts_of(html) & set(SCRIPTS) == USES[relative]
    assert "search" in scripts_of(html)


def test_our_scripts_and_styles_are_served_minified(site):
    sources = sorted(p for p in (ROOT / "overrides" / "assets").iterdir()
                     if p.suffix in (".js", ".css"))
    assert {p.name for p in sources} >= {f"{name}.js" for name in SCRIPTS} | {"search.js",
                                                                              "site.css"}
    for source in sources:
        text = source.read_text(encoding="utf-8")
        served = (site / "assets" / source.name).read_text(encoding="utf-8")
        assert served == minify_text(source.name, text), source.name
        assert len(served) < 0.9 * len(text), source.name
        assert "/*" not in served or source.suffix == ".css", source.name


def test_a_minified_script_still_runs(page, server):
    page.goto(server + "/annex-1/coordination/")
    page.wait_for_selector("#syn-checklist[data-checklist-ready]", state="attached")


def element_top(tab, selector: str) -> float:
    return tab.evaluate("s => document.querySelector(s).getBoundingClientRect().top"
                        " + window.scrollY", selector)


@pytest.mark.parametrize("path", sorted(CONTROLS))
def test_controls_take_their_place_before_their_script_runs(browser, server, path):
    controls, after, script, ready = CONTROLS[path]
    positions = []
    for blocked in (True, False):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        try:
            if blocked:  # as if the script had not arrived yet
                context.route(f"**/assets/{script}.js", lambda route: route.abort())
            tab = context.new_page()
            tab.goto(server + path)
            if not blocked:
                tab.wait_for_selector(ready, state="attached")
            boxes = tab.eval_on_selector_all(
                controls, "nodes => nodes.map(n => n.getBoundingClientRect().height)")
            assert boxes and all(height > 0 for height in boxes), (path, blocked)
            positions.append(element_top(tab, after))
        finally:
            context.close()
    assert abs(positions[0] - positions[1]) < 1, (path, positions)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 740}],
                         ids=["desktop", "phone"])
@pytest.mark.parametrize("path", sorted(CONTROLS))
def test_layout_shift_stays_under_the_limit(browser, server, path, viewport):
    _, _, _, ready = CONTROLS[path]
    context = browser.new_context(viewport=viewport)
    try:
        tab = context.new_page()
        tab.add_init_script("""
            window.__shifts = [];
            new PerformanceObserver(list => {
              for (const entry of list.getEntries())
                if (!entry.hadRecentInput) window.__shifts.push(entry.value);
            }).observe({type: 'layout-shift', buffered: true});
        """)
        tab.goto(server + path)
        tab.wait_for_selector(ready, state="attached")
        tab.wait_for_load_state("networkidle")
        shift = tab.evaluate("window.__shifts.reduce((a, b) => a + b, 0)")
    finally:
        context.close()
    assert shift < LAYOUT_SHIFT_LIMIT, (path, shift)
