"""The offline copy: the whole built site, every language, as one ZIP archive
that works opened from the disk.

It is made from the built site once the search index and the other downloads
are in it, and is the one download made after the pages: the download centre
lists it with a size mark (``pages.pending_size``) that ``fill_sizes``
replaces once the archive exists. The archive holds the site as built, less
what only a web server or Material's unused search serves, with its pages
rewritten for the disk and a search of its own (``offline_pages``).

The archive is a function of the files it is made from: its cache entry
(``.cache/offline-copy/``) is keyed by their content, the data's timestamp
and the code that writes it, so a build whose site did not change takes it
from there. Every entry is dated with the data's timestamp and has fixed
attributes, in the order of its name: the same site gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from jinja2.filters import do_filesizeformat

from .. import search_index
from ..files import write_if_changed
from ..model import MULTILINGUAL
from ..pages import page_url, pending_size
from .build import download_path
from .cache import DownloadCache
from .manifest import Download
from .offline_pages import SEARCH_FOLDER, offline_page, search_scripts
from .stamp import DataStamp

log = logging.getLogger("mkdocs.hooks.exports")

CACHE_FOLDER = Path(".cache") / "offline-copy"
KIND, SCOPE, FORMAT = "offline", "site", "zip"
# What the copy leaves out: Pagefind's index (it cannot run from the disk: the
# copy has its own search), the page a web server shows for a missing address,
# Material's own search (not used by the site) and source maps (for developers).
LEFT_OUT_FOLDERS = (search_index.INDEX_FOLDER + "/", "assets/javascripts/lunr/",
                    "assets/javascripts/workers/", SEARCH_FOLDER + "/")
LEFT_OUT_FILES = ("404.html",)
LEFT_OUT_SUFFIXES = (".map",)
# Formats already compressed: stored as they are (deflating them again gains
# little and costs time). The rest is deflated at zlib's default level: level 9
# took twice the time for an archive 0.5 % smaller.
STORED_SUFFIXES = (".xlsx", ".pdf", ".gz", ".png", ".jpg", ".jpeg", ".webp", ".woff", ".woff2",
                   ".zip")
COMPRESS_LEVEL = 6


def copy_path() -> str:
    """The archive's path from the site root, e.g. ``downloads/mul/offline-site.zip``."""
    return download_path(MULTILINGUAL, KIND, SCOPE, FORMAT)


def plan_offline_copy(default_language: str) -> Download:
    """The offline copy as the pages list it before it is made (no content yet),
    listed on the download centre of the site's ``default_language``."""
    return Download(lang=MULTILINGUAL, kind=KIND, scope=SCOPE, format=FORMAT, path=copy_path(),
                    items=0, page=page_url("downloads.md", default_language, default_language),
                    content=None)


def source_files(site_dir: Path, leave_out: set[str]) -> list[tuple[str, bytes]]:
    """The files of the built site that the copy is made from, as (path from the
    site root, content), in the order of their paths; ``leave_out``: paths
    of downloads the copy must not hold (itself)."""
    site_dir = Path(site_dir)
    files = []
    for path in site_dir.rglob("*"):
        relative = path.relative_to(site_dir).as_posix()
        if (relative in leave_out or relative in LEFT_OUT_FILES
                or relative.startswith(LEFT_OUT_FOLDERS) or relative.endswith(LEFT_OUT_SUFFIXES)
                or any(part.startswith(".") for part in path.relative_to(site_dir).parts)
                or not path.is_file()):
            continue
        files.append((relative, path.read_bytes()))
    return sorted(files)


def copy_files(files: list[tuple[str, bytes]], fragments: list[dict],
               base: str = "/") -> list[tuple[str, bytes]]:
    """The files of the copy: the site's files, their pages rewritten for the disk
    (``base``: the site's path on its host), and the offline search's scripts."""
    copied = [(path, offline_page(content.decode("utf-8"), path, base).encode("utf-8"))
              if path.endswith(".html") else (path, content) for path, content in files]
    copied += search_scripts(fragments).items()
    return sorted(copied)


def zip_files(files: list[tuple[str, bytes]], folder: str, stamp: DataStamp) -> bytes:
    """A ZIP archive of ``files`` under one ``folder``, every entry dated with the
    data's timestamp, with fixed attributes, in the order given."""
    moment = stamp.timestamp
    date_time = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for path, content in files:
            entry = zipfile.ZipInfo(f"{folder}/{path}", date_time=date_time)
            stored = path.lower().endswith(STORED_SUFFIXES)
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content, compresslevel=None if stored else COMPRESS_LEVEL)
    return output.getvalue()


def _writer_code() -> bytes:
    """The code outside this package that shapes the copy: how the search
    index's fragments are read."""
    return Path(search_index.__file__).read_bytes()


def make_offline_copy(site_dir: Path, plan: Download, stamp: DataStamp,
                      cache: DownloadCache, site_url: str | None = None) -> Download:
    """The offline copy of the built site in ``site_dir`` (its search index and
    other downloads written), from ``cache`` when it has it; ``plan`` is the
    copy as the pages listed it; ``site_url``: where the site is published,
    if known (links by absolute path start with its path)."""
    base = urlsplit(site_url).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    files = source_files(site_dir, {plan.path})
    fragment_files = sorted((Path(site_dir) / search_index.INDEX_FOLDER / "fragment")
                            .glob("*.pf_fragment"))
    digest = hashlib.sha256(_writer_code())
    for path, content in files:
        digest.update(path.encode("utf-8") + b"\0" + hashlib.sha256(content).digest())
    for path in fragment_files:
        content = path.read_bytes()
        digest.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(content).digest())
    key = cache.key(KIND, FORMAT, stamp.timestamp.isoformat(), base, digest.hexdigest())
    pages = sum(1 for path, _ in files if path.endswith(".html"))
    content = cache.get(key)
    if content is None:
        copied = copy_files(files, search_index.read_fragments(Path(site_dir)), base)
        content = zip_files(copied, Path(plan.path).stem, stamp)
        cache.put(key, content)
        log.info("Made the offline copy: %d pages, %d files, %s", pages, len(copied),
                 do_filesizeformat(len(content)))
    else:
        log.info("Offline copy taken from the cache (the site did not change)")
    cache.prune()
    return Download(lang=plan.lang, kind=plan.kind, scope=plan.scope, format=plan.format,
                    path=plan.path, items=pages, page=plan.page, content=content)


def fill_sizes(site_dir: Path, made: list[Download]) -> int:
    """Put the size of each file of ``made`` in the pages of ``site_dir`` where a
    template marked it (``pages.pending_size``); return the pages written."""
    marks = {pending_size(download.path): do_filesizeformat(download.size)
             for download in made}
    written = 0
    for page in sorted(Path(site_dir).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        filled = html
        for mark, size in marks.items():
            filled = filled.replace(mark, size)
        if filled != html:
            written += write_if_changed(page, filled.encode("utf-8"))
    return written

