"""The list of downloads (``downloads/manifest.json``) and writing them into the site."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from ..files import write_if_changed

log = logging.getLogger("mkdocs.hooks.exports")

MANIFEST_PATH = "downloads/manifest.json"


@dataclass(frozen=True)
class Download:
    """A generated file, in memory, with what the manifest says of it."""

    lang: str  # a language of the site, or model.MULTILINGUAL (the offline copy)
    kind: str  # "checklist", "table", "calendar", "feed", "data" or "offline"
    scope: str  # an area id, "annex-1", "annex-2"... ("site": the offline copy)
    format: str  # "xlsx", "csv", "pdf", "ics", "xml", "json" or "zip"
    path: str  # from the site root, e.g. "downloads/zh/checklist-coordination.xlsx"
    items: int  # rows of options or key actions (pages of the offline copy)
    page: str  # the page where a reader works through it, from the site root
    content: bytes | None  # None: made once the site is built (offline_copy)

    @property
    def size(self) -> int:
        """Size of the file in bytes."""
        return len(self.content)

    @property
    def sha256(self) -> str:
        """SHA-256 of the file, in hex."""
        return hashlib.sha256(self.content).hexdigest()

    def entry(self) -> dict:
        """The file's entry in the manifest."""
        return {
            "lang": self.lang, "kind": self.kind, "scope": self.scope, "format": self.format,
            "path": self.path, "items": self.items, "sha256": self.sha256, "bytes": self.size,
            "page": self.page,
        }


def build_manifest(downloads: list[Download]) -> dict:
    """Return the manifest: every download, sorted by path."""
    return {"files": [download.entry() for download in sorted(downloads, key=lambda d: d.path)]}


def manifest_bytes(downloads: list[Download]) -> bytes:
    """Return the manifest as UTF-8 JSON (stable: same downloads, same bytes)."""
    text = json.dumps(build_manifest(downloads), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def write_downloads(downloads: list[Download], site_dir: Path) -> int:
    """Write every download and the manifest under ``site_dir``.

    Files whose bytes are already there are left alone (the hook runs once per
    language). Returns the number of files written. Writes nothing, not even a
    manifest, when there are no downloads.
    """
    if not downloads:
        return 0
    files = {download.path: download.content for download in downloads}
    files[MANIFEST_PATH] = manifest_bytes(downloads)
    written = sum(
        write_if_changed(Path(site_dir) / relative, content)
        for relative, content in sorted(files.items())
    )
    if written:
        log.info("Wrote %d downloads to %s", written, Path(site_dir) / "downloads")
    return written
