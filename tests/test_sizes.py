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


def test_pages_built_before_their_files_get_the_sizes_once_the_files_exist(tmp_path):
    # The hook's order: a page built while its file is still being made is
    # noted and filled in after the build; one built later is filled at once.
    from concurrent.futures import Future

    from hooks import exports
    from hooks.pipeline import Pipeline

    files: Future = Future()
    planned = [exports.Download("zh", "checklist", "coordination", "pdf", "downloads/zh/a.pdf", 3,
                                "annex-1/coordination/"),
               exports.Download("zh", "calendar", "calendar", "ics", "downloads/zh/c.ics", 1,
                                "calendar/", b"made")]
    pipeline = Pipeline(tmp_path)
    pipeline.job = exports.DownloadJob(planned, [0], files, exports.DownloadCache(), ["k", None])
    html = f"<p>{sizes.size_marker('downloads/zh/a.pdf')} {sizes.size_marker('downloads/zh/c.ics')}</p>"
    early = tmp_path / "early.html"
    early.write_text(pipeline.fill_sizes(html, early), encoding="utf-8")
    assert early.read_text(encoding="utf-8") == html  # not made yet: left for later
    assert pipeline.fill_sizes("<p>no download</p>", tmp_path / "x.html") == "<p>no download</p>"
    files.set_result([b"x" * 1_500])
    assert pipeline.fill_sizes(html, tmp_path / "late.html") == "<p>1.5 kB 4 Bytes</p>"
    pipeline.finish_pages()
    assert early.read_text(encoding="utf-8") == "<p>1.5 kB 4 Bytes</p>"
    assert [d.content for d in pipeline.downloads] == [b"x" * 1_500, b"made"]
