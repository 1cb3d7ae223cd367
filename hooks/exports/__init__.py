"""Downloadable checklists and tables (XLSX, CSV, PDF) and their manifest.

Plain Python, no MkDocs: ``start_downloads`` starts making every file in
memory from the dataset (``generate_downloads`` waits for them);
``write_downloads`` writes them and ``downloads/manifest.json`` into a built
site. Modules by role: ``stamp`` (data version and date),
``rows`` (what a download holds), ``xlsx``, ``csv_files``, ``pdf``, ``ics``,
``feed``, ``open_data`` (the formats), ``manifest`` (the list of files),
``build`` (which files exist). ``checklist_index`` makes the one file that
is not a download: the options of every area, which the checklist script of
the option-area pages fetches.
"""

from .build import (FORMATS, DownloadCache, DownloadJob, download_path, generate_downloads,
                    plan_sheets, start_downloads)
from .checklist_index import CHECKLIST_INDEX_PATH, checklist_index, checklist_index_bytes
from .manifest import MANIFEST_PATH, Download, build_manifest, manifest_bytes, write_downloads
from .stamp import DataStamp, data_date, make_stamp

__all__ = [
    "CHECKLIST_INDEX_PATH", "FORMATS", "MANIFEST_PATH", "DataStamp", "Download", "DownloadCache",
    "DownloadJob", "build_manifest", "checklist_index", "checklist_index_bytes", "data_date",
    "download_path", "generate_downloads", "make_stamp", "manifest_bytes", "plan_sheets",
    "start_downloads", "write_downloads",
]
