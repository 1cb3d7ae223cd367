"""Downloadable checklists and tables (XLSX, CSV, PDF) and their manifest.

Plain Python, no MkDocs: ``generate_downloads`` makes every file in memory
from the dataset; ``write_downloads`` writes them and ``downloads/manifest.json``
into a built site. Modules by role: ``stamp`` (data version and date),
``rows`` (what a download holds), ``xlsx``, ``csv_files``, ``pdf``, ``ics``,
``feed``, ``open_data`` (the formats), ``manifest`` (the list of files),
``build`` (which files exist).
"""

from .build import FORMATS, DownloadCache, download_path, generate_downloads, plan_sheets
from .manifest import MANIFEST_PATH, Download, build_manifest, manifest_bytes, write_downloads
from .stamp import DataStamp, data_date, make_stamp

__all__ = [
    "FORMATS", "MANIFEST_PATH", "DataStamp", "Download", "DownloadCache", "data_date", "download_path",
    "generate_downloads", "make_stamp", "build_manifest", "manifest_bytes", "plan_sheets",
    "write_downloads",
]
