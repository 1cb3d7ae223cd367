"""Print: guidance pages print on A4 with the text alone, Chinese readable,
and the address of every outside link shown."""

from __future__ import annotations

import subprocess

import pytest

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
          ".md-search"]


@pytest.mark.parametrize("path", ["/annex-1/coordination/", "/en/annex-1/coordination/",
                                  "/annex-2/key-actions/", "/en/conventions/cites/"])
def test_guidance_pages_print_the_text_alone(browser, server, path, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + path)
    page.emulate_media(media="print")
    hidden = page.evaluate("""selectors => selectors.map(s => [...document.querySelectorAll(s)]
        .every(e => getComputedStyle(e).display === "none"))""", CHROME)
    assert all(hidden), dict(zip(CHROME, hidden))
    # form controls are gone; a column title stays (a sort button holds its text)
    controls = page.evaluate("""() => [...document.querySelectorAll(
        "select, textarea, input, button")].filter(e => e.offsetParent !== null
        && !e.closest("th")).length""")
    assert controls == 0
    outside = page.evaluate("""() => [...document.querySelectorAll('article a[href^="http"]')]
        .map(a => getComputedStyle(a, "::after").content)""")
    assert outside and all("http" in content for content in outside)
    pdf = page.pdf(format="A4", print_background=False)
    context.close()
    assert pdf.startswith(b"%PDF")
    path_pdf = tmp_path / "page.pdf"
    path_pdf.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path_pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path_pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    if not path.startswith("/en/"):
        assert "协调" in text or "关键行动" in text
