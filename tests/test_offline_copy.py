"""The offline copy (hooks/exports/offline_copy.py): what the archive holds,
how it is made and kept, and the copy of the session's site.

The first tests make archives from small sites written here; the others read
the session's site and its copy, unzipped, and build a fresh copy of the
project twice (cold, then warm).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from jinja2.filters import do_filesizeformat

from hooks import exports
from hooks.exports import offline_copy
from hooks.exports.offline_pages import SEARCH_FOLDER
from hooks.exports.stamp import DataStamp
from hooks.model import MULTILINGUAL
from hooks.pages import pending_size
from hooks.search_index import INDEX_FOLDER

from .conftest import LANGUAGES, SITE_LANGUAGES, copy_project, page_url, run_build

STAMP = DataStamp(version="0123456789ab", date="2021-03-04",
                  timestamp=datetime(2021, 3, 4, 5, 6, 8, tzinfo=timezone.utc))


# Small sites ---------------------------------------------------------------


def fragment_file(language: str, url: str, content: str) -> bytes:
    """A search-index fragment as Pagefind writes it."""
    page = {"url": url, "content": content, "word_count": 1, "filters": {},
            "meta": {"title": url}, "anchors": []}
    return gzip.compress(b"pagefind_dcd" + json.dumps(page).encode("utf-8"), mtime=0)


def write_site(site: Path, files: dict[str, bytes]) -> Path:
    for relative, content in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_bytes(content)
    return site


def small_site(site: Path) -> Path:
    plan = offline_copy.plan_offline_copy(SITE_LANGUAGES.default)
    return write_site(site, {
        "index.html": b'<a href="en/">en</a><a href="downloads/">downloads</a>',
        "en/index.html": b'<a href="../">zh</a>',
        "downloads/index.html": b'<p data-offline-omit><a href="../' + plan.path.encode()
                                + b'">zip</a></p><p>list</p>',
        "downloads/xx/checklist.pdf": b"%PDF-1.7 ...",
        "downloads/manifest.json": b'{"files": []}\n',
        "assets/site.css": b"body{}",
        "assets/javascripts/bundle.js": b"//# sourceMappingURL=bundle.js.map",
        "assets/javascripts/bundle.js.map": b"{}",
        "assets/javascripts/lunr/min/lunr.xx.min.js": b"",
        "assets/javascripts/workers/search.js": b"",
        "404.html": b'<a href="/">home</a>',
        f"{INDEX_FOLDER}/pagefind.js": b"",
        f"{INDEX_FOLDER}/fragment/xx_1.pf_fragment": fragment_file("xx", "/", "Home page"),
        f"{INDEX_FOLDER}/fragment/yy_2.pf_fragment": fragment_file("yy", "/en/", "Page"),
        plan.path: b"an archive of an earlier build",
        ".index.html.tmp": b"half a file",
    })


def test_the_archive_holds_the_site_for_the_disk(tmp_path):
    site = small_site(tmp_path / "site")
    plan = offline_copy.plan_offline_copy(SITE_LANGUAGES.default)
    copy = offline_copy.make_offline_copy(site, plan, STAMP, exports.DownloadCache(None))
    assert (copy.lang, copy.kind, copy.format, copy.path, copy.items) == \
        (MULTILINGUAL, "offline", "zip", plan.path, 3)
    folder = Path(plan.path).stem
    with zipfile.ZipFile(io.BytesIO(copy.content)) as archive:
        names = archive.namelist()
        read = {name[len(folder) + 1:]: archive.read(name) for name in names}
        infos = archive.infolist()
    assert names == sorted(names) and all(name.startswith(folder + "/") for name in names)
    assert sorted(read) == ["assets/javascripts/bundle.js", "assets/site.css",
                            "downloads/index.html", "downloads/manifest.json",
                            "downloads/xx/checklist.pdf", "en/index.html", "index.html",
                            f"{SEARCH_FOLDER}/xx.js", f"{SEARCH_FOLDER}/yy.js"]
    assert read["index.html"] == (b'<a href="en/index.html">en</a>'
                                  b'<a href="downloads/index.html">downloads</a>')
    assert read["en/index.html"] == b'<a href="../index.html">zh</a>'
    assert read["downloads/index.html"] == b"<p>list</p>"
    assert read["downloads/xx/checklist.pdf"] == b"%PDF-1.7 ..."
    assert b'"url":"en/index.html"' in read[f"{SEARCH_FOLDER}/yy.js"]
    for info in infos:
        assert info.date_time == (2021, 3, 4, 5, 6, 8)
        assert (info.create_system, info.external_attr) == (3, 0o644 << 16)
        stored = info.filename.endswith(".pdf")
        assert info.compress_type == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)


def test_the_same_site_gives_the_same_bytes(tmp_path):
    plan = offline_copy.plan_offline_copy(SITE_LANGUAGES.default)
    first = small_site(tmp_path / "one")
    second = small_site(tmp_path / "two")
    (second / "index.html").touch()  # another date: the archive does not hold it
    made = [offline_copy.make_offline_copy(site, plan, STAMP, exports.DownloadCache(None))
            for site in (first, second)]
    assert made[0].content == made[1].content


def test_an_unchanged_site_takes_the_archive_from_the_cache(tmp_path, monkeypatch):
    site = small_site(tmp_path / "site")
    plan = offline_copy.plan_offline_copy(SITE_LANGUAGES.default)
    made = []
    zip_files = offline_copy.zip_files
    monkeypatch.setattr(offline_copy, "zip_files",
                        lambda *args: made.append(1) or zip_files(*args))

    def make():
        cache = exports.DownloadCache(tmp_path / "cache")
        return offline_copy.make_offline_copy(site, plan, STAMP, cache).content

    first = make()
    assert make() == first and len(made) == 1
    (site / "assets" / "site.css").write_bytes(b"body{color:red}")
    changed = make()
    assert changed != first and len(made) == 2
    # the archive it holds is made again, not the archive of the earlier build
    (site / plan.path).write_bytes(b"another archive")
    assert make() == changed and len(made) == 2
    (site / INDEX_FOLDER / "fragment" / "xx_1.pf_fragment").write_bytes(
        fragment_file("xx", "/", "Home page, changed"))
    assert make() != changed and len(made) == 3
    assert len(list((tmp_path / "cache").iterdir())) == 1  # only this build's entry
    other_time = DataStamp(STAMP.version, STAMP.date, datetime(2022, 1, 1, tzinfo=timezone.utc))
    offline_copy.make_offline_copy(site, plan, other_time,
                                   exports.DownloadCache(tmp_path / "cache"))
    assert len(made) == 4


def test_sizes_are_filled_in_where_the_pages_mark_them(tmp_path):
    plan = offline_copy.plan_offline_copy(SITE_LANGUAGES.default)
    mark = pending_size(plan.path)
    site = write_site(tmp_path / "site", {
        "downloads/index.html": f"<span>(ZIP, {mark})</span>".encode(),
        "en/downloads/index.html": f"<span>(ZIP, {mark})</span> {mark}".encode(),
        "index.html": b"<p>none</p>",
    })
    copy = exports.Download(plan.lang, plan.kind, plan.scope, plan.format, plan.path, 1,
                            plan.page, b"x" * 2_500_000)
    assert offline_copy.fill_sizes(site, [copy]) == 2
    assert (site / "downloads/index.html").read_text() == "<span>(ZIP, 2.5 MB)</span>"
    assert (site / "en/downloads/index.html").read_text() == \
        "<span>(ZIP, 2.5 MB)</span> 2.5 MB"
    assert offline_copy.fill_sizes(site, [copy]) == 0


# The session's site --------------------------------------------------------


@pytest.fixture(scope="module")
def entry(site) -> dict:
    listed = json.loads((site / "downloads" / "manifest.json").read_text(encoding="utf-8"))
    (found,) = [entry for entry in listed["files"] if entry["kind"] == "offline"]
    return found


def test_the_copy_is_a_download_of_every_language(site, entry):
    content = (site / entry["path"]).read_bytes()
    assert entry["lang"] == MULTILINGUAL and entry["path"].endswith(".zip")
    assert (entry["bytes"], entry["sha256"]) == (len(content), hashlib.sha256(content).hexdigest())
    size = do_filesizeformat(len(content))
    for lang in LANGUAGES:
        html = (site / page_url("downloads.md", lang) / "index.html").read_text(encoding="utf-8")
        assert f'{entry["path"].split("/")[-1]}</a> <span class="syn-download-size" ' \
               f'data-search-exclude>(ZIP, {size})</span>' in html
    for page in site.rglob("*.html"):
        assert "<!--size-of:" not in page.read_text(encoding="utf-8"), page


def test_the_copy_holds_the_whole_site(site, offline_copy, entry):
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("index.html"))
    copied = sorted(path.relative_to(offline_copy).as_posix()
                    for path in offline_copy.rglob("index.html"))
    assert copied == pages and len(pages) == entry["items"]
    for lang in LANGUAGES:
        assert (offline_copy / page_url("index.md", lang) / "index.html").is_file()
    listed = json.loads((offline_copy / "downloads" / "manifest.json").read_text(encoding="utf-8"))
    assert listed["files"] and entry["path"] not in {item["path"] for item in listed["files"]}
    for item in listed["files"]:
        assert (offline_copy / item["path"]).read_bytes() == (site / item["path"]).read_bytes()
    for name in ("assets/site.css", "assets/search.js", "assets/checklist-annex-1-index.json"):
        assert (offline_copy / name).read_bytes() == (site / name).read_bytes()
    assert not (offline_copy / INDEX_FOLDER).exists() and not (offline_copy / "404.html").exists()
    for page in offline_copy.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "data-offline-omit" not in html and "<!--size-of:" not in html, page


def test_the_copy_searches_every_indexed_page(offline_copy, search_pages):
    scripts = sorted(path.stem for path in (offline_copy / SEARCH_FOLDER).glob("*.js"))
    assert scripts == sorted(search_pages) == sorted(LANGUAGES)
    for lang, pages in search_pages.items():
        text = (offline_copy / SEARCH_FOLDER / f"{lang}.js").read_text(encoding="utf-8")
        held = json.loads(text[text.index("=[") + 1:-2])
        assert sorted(page["url"] for page in held) == sorted(
            page["url"].lstrip("/") + "index.html" for page in pages)
        assert sorted(page["content"] for page in held) == sorted(page["content"] for page in pages)
        for page in held:
            assert (offline_copy / page["url"]).is_file()


class _Addresses(HTMLParser):
    """Every address a page gives: (element, attribute, value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.found.append((tag, name, value))


def test_every_address_of_the_copy_leads_to_one_of_its_files(offline_copy):
    checked = 0
    for page in sorted(offline_copy.rglob("*.html")):
        parser = _Addresses()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attribute, value in parser.found:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, or this page
            target = (page.parent / unquote(parts.path)).resolve()
            where = f"{page.relative_to(offline_copy)}: <{tag} {attribute}={value!r}>"
            assert target.is_relative_to(offline_copy.resolve()), where
            assert target.is_file(), where
            checked += 1
    assert checked > 1000


def test_a_warm_build_takes_the_copy_from_the_cache(tmp_path, site, entry):
    project = copy_project(tmp_path)
    cold = run_build(project)
    assert cold.returncode == 0, cold.stderr
    assert "Made the offline copy" in cold.stderr
    (cached,) = list((project / offline_copy.CACHE_FOLDER).iterdir())
    before = cached.stat()
    made = (project / "site" / entry["path"]).read_bytes()
    # another build in another folder (the session's) gave the same bytes
    assert made == (site / entry["path"]).read_bytes()

    warm = run_build(project)
    assert warm.returncode == 0, warm.stderr
    assert "Offline copy taken from the cache" in warm.stderr
    assert "Made the offline copy" not in warm.stderr
    (still,) = list((project / offline_copy.CACHE_FOLDER).iterdir())
    after = still.stat()
    assert (still.name, after.st_ino, after.st_mtime_ns) == \
        (cached.name, before.st_ino, before.st_mtime_ns)
    assert (project / "site" / entry["path"]).read_bytes() == made


def test_no_downloads_no_copy(tmp_path):
    project = copy_project(tmp_path)
    result = run_build(project, env={"SYN_SKIP_DOWNLOADS": "1"})
    assert result.returncode == 0, result.stderr
    assert not (project / "site" / offline_copy.copy_path()).exists()
    html = (project / "site" / page_url("downloads.md", SITE_LANGUAGES.default) / "index.html") \
        .read_text(encoding="utf-8")
    assert "data-offline-omit" not in html and "<!--size-of:" not in html

