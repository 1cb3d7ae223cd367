"""The downloads of earlier builds, kept on disk by what they are made from.

A checklist or table file is a pure function of its sheet, its format and the
code and libraries that write it, so ``DownloadCache.key`` hashes those; a
build whose data did not change finds every file here and makes none (as
Material's social plugin keeps its cards under ``.cache/``, git-ignored).

Each entry is one file, ``<key>.<sha256 of its content>``: an entry whose
content does not match its name (a damaged disk, a half-copied cache) is
removed and the file made again. Entries are written to a temporary name and
renamed, so a build running beside this one never reads half a file. After a
build only its own entries are kept: the cache never outgrows one build.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from importlib import metadata
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.exports")

CACHE_FOLDER = Path(".cache") / "downloads"
# What writes the files: a new version of one of these may write other bytes.
WRITER_PACKAGES = ("openpyxl", "fpdf2", "fonttools", "pylopdf-fonts-zh-cn")


def writers_version() -> str:
    """A hash of the code that writes the files: this package's modules and the
    versions of the libraries it uses. Part of every key, so that a change of
    code never serves a file the old code made."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in WRITER_PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "missing"
        digest.update(f"{package}=={version}\0".encode())
    return digest.hexdigest()


class DownloadCache:
    """Files made by earlier builds, in ``folder`` (None: no cache, every file is made)."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None
        self._salt = writers_version() if folder is not None else ""
        self.used: set[str] = set()  # keys this build asked for

    def key(self, *parts: str) -> str:
        """The key of the file made from ``parts`` (format, the sheet's content...)."""
        digest = hashlib.sha256(self._salt.encode())
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8"))
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        """The file of ``key``, if the cache has it intact."""
        self.used.add(key)
        if self.folder is None:
            return None
        for entry in self.folder.glob(f"{key}.*"):
            try:
                content = entry.read_bytes()
            except OSError:  # removed by a build beside this one
                continue
            if hashlib.sha256(content).hexdigest() == entry.suffix[1:]:
                return content
            log.warning("Cached download %s is damaged; making it again", entry.name)
            entry.unlink(missing_ok=True)
        return None

    def put(self, key: str, content: bytes) -> None:
        """Keep ``content`` as the file of ``key``. A cache that cannot be written
        costs only time: the next build makes the file again."""
        self.used.add(key)
        if self.folder is None:
            return
        target = self.folder / f"{key}.{hashlib.sha256(content).hexdigest()}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".part-")
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.replace(temporary, target)
        except OSError as exc:
            log.info("Could not keep %s in the download cache: %s", target.name, exc.strerror)

    def prune(self) -> None:
        """Remove the entries this build did not ask for (and stray partial writes)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name.split(".")[0] not in self.used:
                entry.unlink(missing_ok=True)
