"""Download sizes on pages: markers in the generated Markdown, filled in the built HTML."""

from __future__ import annotations

import pytest

from hooks import sizes


def test_a_marker_is_filled_with_the_size_of_its_file():
    html = f"<p>PDF, {sizes.size_marker('downloads/zh/a.pdf')}; CSV, " \
           f"{sizes.size_marker('downloads/zh/a.csv')}</p>"
    assert sizes.has_markers(html)
    filled = sizes.fill_sizes(html, {"downloads/zh/a.pdf": 69_843, "downloads/zh/a.csv": 822})
    assert filled == "<p>PDF, 69.8 kB; CSV, 822 Bytes</p>"
    assert not sizes.has_markers(filled)
    assert sizes.fill_sizes("<p>no file</p>", {}) == "<p>no file</p>"


def test_a_marker_keeps_its_path_whole_and_escaped():
    marker = sizes.size_marker('downloads/zh/a"&<b>.pdf')
    assert "<b>" not in marker and ("&#34;" in marker or "&quot;" in marker)
    assert sizes.fill_sizes(marker, {'downloads/zh/a"&<b>.pdf': 1_500}) == "1.5 kB"


def test_a_marker_of_no_download_is_an_error_that_names_it():
    with pytest.raises(KeyError, match="downloads/en/missing.xlsx"):
        sizes.fill_sizes(sizes.size_marker("downloads/en/missing.xlsx"), {})
