"""Build the site beside the published one and put it in place only when whole.

MkDocs cleans the site folder when a build starts and writes into it page by
page, so a build that fails or is stopped half-way would leave half a site.
The build writes into a folder beside it instead (``.site.building-<pid>-*``);
``commit`` swaps it in once the build has succeeded, ``discard`` removes it
otherwise. A folder left by a build that was killed is removed by the next
build, once its process is gone.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.staging")


class StagedSite:
    """The folder a build writes into, in place of ``site_dir``."""

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir).resolve()
        self.prefix = f".{self.site_dir.name}.building-"
        self.folder: Path | None = None

    def start(self) -> Path:
        """Create the folder to build into (beside ``site_dir``, on the same disk)
        and return it. Raises ``OSError`` when it cannot be made."""
        self.remove_abandoned()
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{self.prefix}{os.getpid()}-",
                                            dir=self.site_dir.parent))
        return self.folder

    def commit(self) -> None:
        """Put the built folder in the place of ``site_dir``. Raises ``OSError``
        (the previous site is then put back)."""
        if self.folder is None:
            return
        retired: list[Path] = []
        try:
            # a build beside this one may swap its own site in meanwhile: again
            for attempt in range(10):
                old = self.site_dir.parent / f"{self.prefix}{os.getpid()}-old{attempt}"
                try:
                    self.site_dir.rename(old)
                    retired.append(old)
                except FileNotFoundError:
                    pass
                try:
                    self.folder.rename(self.site_dir)
                    break
                except OSError:
                    if not self.site_dir.exists():
                        raise
            else:
                raise OSError(f"{self.site_dir} keeps being replaced by another build")
        except OSError:
            if retired and not self.site_dir.exists():
                retired.pop().rename(self.site_dir)
            raise
        finally:
            for old in retired:
                shutil.rmtree(old, ignore_errors=True)
        self.folder = None

    def discard(self) -> None:
        """Remove the folder of a build that did not succeed."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def remove_abandoned(self) -> None:
        """Remove the folders of builds whose process has ended (killed)."""
        parent = self.site_dir.parent
        if not parent.is_dir():
            return
        for folder in parent.glob(f"{self.prefix}*"):
            pid = folder.name[len(self.prefix):].split("-")[0]
            if pid.isdigit() and not _running(int(pid)):
                log.debug("Removing %s, left by a build that was stopped", folder.name)
                shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, someone else's
        return True
    return True
