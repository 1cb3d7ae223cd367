"""The data stamp of every download: data version, data date, file timestamp.

Nothing here reads the wall clock: the same data gives the same stamp, so the
same data gives byte-identical files.
"""

from __future__ import annotations

import logging
import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.exports")

UNKNOWN = "unknown"
# The earliest time a ZIP entry can hold: the timestamp when nothing better is known.
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class DataStamp:
    """What every download says about the data it was made from."""

    version: str  # content hash of the data files (``Dataset.version``)
    date: str  # YYYY-MM-DD of the data's last change, or "unknown"
    timestamp: datetime  # UTC; for file metadata (PDF dates, XLSX properties, ZIP entries)


def source_date_epoch() -> datetime | None:
    """Return ``SOURCE_DATE_EPOCH`` as a UTC datetime, or None if unset or invalid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(int(value), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        log.warning("SOURCE_DATE_EPOCH=%r is not a number of seconds; ignored", value)
        return None
    return max(moment, ZIP_EPOCH)


def git_data_date(root: Path) -> str | None:
    """Return the date (YYYY-MM-DD) of the last commit touching ``data/``, or None.

    None when git is missing, ``root`` is not in a repository, or no commit
    touches ``data/``.
    """
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", "data"],
            cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    date = result.stdout.strip()
    if result.returncode != 0 or len(date) != 10:
        return None
    return date


def data_date(root: Path) -> str:
    """Date of the data's last change: git's last commit on ``data/``, else
    ``SOURCE_DATE_EPOCH``'s date, else "unknown"."""
    date = git_data_date(root)
    if date:
        return date
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch.date().isoformat()
    return UNKNOWN


def make_stamp(root: Path, version: str) -> DataStamp:
    """Return the stamp of the data in ``root`` whose content hash is ``version``.

    The timestamp is ``SOURCE_DATE_EPOCH`` if set, else midnight UTC of the
    data date, else 1980-01-01 (the earliest a ZIP entry can hold).
    """
    date = data_date(root)
    timestamp = source_date_epoch()
    if timestamp is None and date != UNKNOWN:
        timestamp = datetime.fromisoformat(date).replace(tzinfo=timezone.utc)
    return DataStamp(version=version, date=date, timestamp=timestamp or ZIP_EPOCH)
