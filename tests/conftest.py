"""Shared fixtures: the data, a built copy of the site, a local web server, a browser.

The site is built once per test session from a copy of the project in a
temporary folder, as a reader's machine or CI would build it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hooks import pages
from hooks.pages import GENERATED_MARK
from hooks.errors import DataErrors
from hooks.languages import project_languages
from hooks.loader import load_dataset

ROOT = Path(__file__).resolve().parent.parent
# The project's languages (mkdocs.yml's), the default first.
SITE_LANGUAGES = project_languages(ROOT)
LANGUAGES = SITE_LANGUAGES.codes
PROJECT_PARTS = ("mkdocs.yml", "data", "schemas", "hooks", "overrides", "docs")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def page_url(path: str, lang: str) -> str:
    """The URL of a generated page of the project, from the site root."""
    return pages.page_url(path, lang, SITE_LANGUAGES.default)


def localized_path(path: str, lang: str) -> str:
    """Where a generated page of the project is written under docs/ in ``lang``."""
    return pages.localized_path(path, lang, SITE_LANGUAGES.default)


@pytest.fixture(scope="session")
def dataset():
    """The project's data, loaded and validated (tests only read it)."""
    return load_dataset(ROOT)


def copy_project(target: Path) -> Path:
    """Copy the project's sources (no built site, no generated pages) to ``target``."""
    def ignore(folder, names):
        # the generated pages (a folder marked as the build's), and caches
        return [name for name in names if name == "__pycache__" or (
            Path(folder, name, ".gitignore").is_file()
            and Path(folder, name, ".gitignore").read_text(encoding="utf-8") == GENERATED_MARK)]

    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part,
                            ignore=ignore if part == "docs"
                            else shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def data_copy(target: Path) -> Path:
    """Copy the project's data and schemas (what the loader reads) to ``target``."""
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "schemas", target / "schemas")
    return target


def errors_of(root: Path) -> str:
    """The report of the data errors that loading ``root`` raises (it must raise)."""
    with pytest.raises(DataErrors) as caught:
        load_dataset(root)
    return caught.value.report() + "\n"


def replace_in(root: Path, relative: str, old: str, new: str) -> None:
    """Edit one file of the copy at ``root`` (``old`` must be there)."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_build(project: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` in ``project`` (with ``env`` added to the
    environment); return the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """A built copy of the project; its site is in ``project / "site"``."""
    target = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(target)
    assert result.returncode == 0, result.stderr
    return target


# The address the second build of the session is published at (see ``site_with_url``).
SITE_URL = "https://example.org/synergies/"


@pytest.fixture(scope="session")
def site_with_url(tmp_path_factory) -> Path:
    """The site built with ``SITE_URL`` set, as the publish workflow builds it, in a
    folder named as the address's path (``.../synergies``): serve its parent
    and the site is at ``/synergies/``, as it would be published."""
    target = copy_project(tmp_path_factory.mktemp("project-with-url"))
    site = target / "published" / urlsplit(SITE_URL).path.strip("/")
    result = run_build(target, "--site-dir", str(site), env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def build_log(project) -> str:
    """The log of the session's build (built again to capture it)."""
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.fixture(scope="session")
def site(project) -> Path:
    """The built site folder."""
    return project / "site"


@pytest.fixture(scope="session")
def search_pages(site) -> dict[str, list[dict]]:
    """The pages of the site's search index, by language, as Pagefind stores
    them (url, meta title, content cut into words by zero-width spaces, anchors)."""
    from hooks.search_index import read_fragments

    pages: dict[str, list[dict]] = {}
    for page in read_fragments(site):
        pages.setdefault(page["language"], []).append(page)
    return pages


def unzip_offline_copy(site: Path, target: Path) -> Path:
    """Unzip the offline copy of the built ``site`` (as its manifest lists it)
    into ``target``; return the folder it holds (where its index.html is)."""
    listed = json.loads((site / "downloads" / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = [entry for entry in listed["files"] if entry["kind"] == "offline"]
    with zipfile.ZipFile(site / entry["path"]) as archive:
        archive.extractall(target)
    (folder,) = list(target.iterdir())
    return folder


@pytest.fixture(scope="session")
def offline_copy(site, tmp_path_factory) -> Path:
    """The offline copy of the session's site, unzipped: its folder."""
    return unzip_offline_copy(site, tmp_path_factory.mktemp("offline"))


@pytest.fixture(scope="session")
def offline_copy_with_url(site_with_url, tmp_path_factory) -> Path:
    """The offline copy of the site built with ``SITE_URL``, unzipped: its folder."""
    return unzip_offline_copy(site_with_url, tmp_path_factory.mktemp("offline-with-url"))


def indexed_text(pages: list[dict]) -> str:
    """All the text that search finds in ``pages`` (titles and contents), without
    the zero-width spaces between words."""
    return "".join(page["meta"].get("title", "") + " " + page["content"]
                   for page in pages).replace("\u200b", "")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on a free local port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on a free local port; yields the base URL."""
    with serve(site) as url:
        yield url


def watch(tab):
    """Record a page's console errors, uncaught errors (``tab.errors``) and every
    host it asks (``tab.hosts``); returns the page."""
    tab.errors = []
    tab.hosts = set()
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            tab.hosts.add(parts.netloc)

    tab.on("request", record)
    return tab


@pytest.fixture
def context(browser):
    """A fresh browser context (empty storage) that accepts downloads."""
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context, server):
    """A page that records console errors, uncaught errors and every host it
    asks, and fails the test on any error or any host but the test server's."""
    tab = watch(context.new_page())
    yield tab
    assert tab.errors == []
    assert tab.hosts <= {urlsplit(server).netloc}


@pytest.fixture
def disk_page(context):
    """A page for files opened from the disk (file://): fails the test on any
    console or uncaught error and on any request that is not for a file
    (``tab.outside``: any scheme but file:, data: and blob:)."""
    tab = watch(context.new_page())
    tab.outside = []

    def record(request):
        if urlsplit(request.url).scheme not in ("file", "data", "blob"):
            tab.outside.append(request.url)

    tab.on("request", record)
    yield tab
    assert tab.errors == []
    assert tab.hosts == set() and tab.outside == []


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system's package, driven by Playwright."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
