"""Index the built site for search: one index per language, in chunks.

Pagefind's extended build (the PyPI package ``pagefind-bin-extended``; it cuts
Chinese into words) reads every page of the built site once MkDocs has
written all languages, and writes its index into ``pagefind/`` of that site.
It reads each page's ``<html lang>`` and gives every language its own index,
so a reader searches the pages of the language he reads. The index is split
into chunks by word, and a page's text into a file of its own: the browser
fetches only the chunks its query's words are in and the texts of the
results it shows (``overrides/assets/search.js``), never the whole index.

Pagefind runs as a plain child process that ends before the build goes on:
stopped with the build (Ctrl-C, SIGTERM: ``subprocess.run`` kills it) and,
on Linux, killed by the system if the build itself is killed.
"""

from __future__ import annotations

import ctypes
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

INDEX_FOLDER = "pagefind"
# What a page holds for search: its article, without the controls and figures
# that scripts fill in (data-search-exclude), the permalink signs, the
# screen-reader expansions of acronyms and the edit button.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = ("[data-search-exclude]", ".headerlink", ".syn-permalink", ".syn-sr",
                     ".md-content__button")
# Every page is a folder's index.html; 404.html is no result.
PAGES_GLOB = "**/index.html"
# Pagefind writes ready-made search interfaces too; the site has its own.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
# A stuck indexer must not hold the build forever.
TIMEOUT_SECONDS = 600


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message is one line."""


def pagefind_command(site_dir: Path) -> list[str]:
    """The command line that indexes ``site_dir``."""
    from pagefind_bin_extended import get_executable

    command = [str(get_executable()), "--site", str(site_dir), "--output-subdir", INDEX_FOLDER,
               "--root-selector", ROOT_SELECTOR, "--glob", PAGES_GLOB, "--silent"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index_site(site_dir: Path) -> None:
    """Index every page of ``site_dir`` into ``site_dir/pagefind``.

    Raises ``SearchIndexError`` with one line saying why when Pagefind is missing
    or fails.
    """
    site_dir = Path(site_dir)
    shutil.rmtree(site_dir / INDEX_FOLDER, ignore_errors=True)
    try:
        command = pagefind_command(site_dir)
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError("the search index needs the Pagefind program of the package "
                          f"pagefind-bin-extended (pip install -r requirements.txt): {exc}") \
            from None
    # Its settings are ours alone: no pagefind.yml of the folder, no PAGEFIND_* variable.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    try:
        result = subprocess.run(command, cwd=site_dir, env=env, capture_output=True, text=True,
                                encoding="utf-8", errors="replace", timeout=TIMEOUT_SECONDS,
                                preexec_fn=_die_with_parent())
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind did not index the site within {TIMEOUT_SECONDS} s") from None
    except OSError as exc:
        raise SearchIndexError(f"cannot run Pagefind: {exc}") from None
    if result.returncode != 0 or not (site_dir / INDEX_FOLDER / "pagefind-entry.json").is_file():
        said = " ".join(line.strip() for line in (result.stderr + result.stdout).splitlines()
                        if line.strip())
        raise SearchIndexError(f"Pagefind could not index the site (exit code {result.returncode})"
                          + (f": {said[:500]}" if said else ""))
    for name in UNUSED:
        (site_dir / INDEX_FOLDER / name).unlink(missing_ok=True)
    _write_entry_in_order(site_dir / INDEX_FOLDER / "pagefind-entry.json")


def _write_entry_in_order(path: Path) -> None:
    """Pagefind lists the languages of its entry file in no fixed order: sorted
    here, so that two builds of the same pages give the same bytes."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


def indexed_languages(site_dir: Path) -> dict[str, int]:
    """Pages indexed per language, as the index's entry file lists them."""
    entry = json.loads((Path(site_dir) / INDEX_FOLDER / "pagefind-entry.json")
                       .read_text(encoding="utf-8"))
    return {lang: details["page_count"] for lang, details in entry["languages"].items()}


def read_fragments(site_dir: Path) -> list[dict]:
    """Every indexed page as Pagefind stores it (url, content, meta, anchors),
    from its gzipped fragment files."""
    pages = []
    for path in sorted((Path(site_dir) / INDEX_FOLDER / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        signature = b"pagefind_dcd"
        if data.startswith(signature):
            data = data[len(signature):]
        page = json.loads(data.decode("utf-8"))
        page["language"] = path.name.split("_", 1)[0]
        pages.append(page)
    return pages


_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """On Linux, what the child runs before Pagefind starts: ask the system to kill
    it when the build's process dies, even by SIGKILL. None elsewhere.

    The C library is looked up here, in the build's process: the child only
    makes the call.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
