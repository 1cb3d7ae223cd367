"""Downloadable checklists and tables (XLSX, CSV, PDF) and their manifest.

Plain Python, no MkDocs: ``make_downloads`` makes every file in memory from
the dataset; ``write_downloads`` writes them and ``downloads/manifest.json``
into a built site. Modules by role: ``stamp`` (data version and date),
``rows`` (what a download holds), ``xlsx``, ``csv_files``, ``pdf``, ``font``,
``ics``, ``feed``, ``open_data`` (the formats), ``manifest`` (the list of
files), ``cache`` (files kept between builds), ``build`` (which files exist);
``offline_copy`` makes the one download made from the built site, the whole
site as a ZIP archive that works from the disk (``offline_pages``: its pages).
``checklist_index`` makes the checklist's files that are not downloads: the
options of every area, and the whole checklist of each language, which the
checklist script of the option-area pages fetches.
"""

from .build import (FORMATS, DownloadError, download_path, make_downloads, plan_sheets,
                    printed_texts)
from .cache import CACHE_FOLDER, DownloadCache
from .checklist_index import (checklist_files, checklist_index, checklist_index_bytes,
                              checklist_index_path, checklist_table, checklist_table_path)
from .manifest import MANIFEST_PATH, Download, build_manifest, manifest_bytes, write_downloads
from .offline_copy import CACHE_FOLDER as OFFLINE_CACHE_FOLDER
from .offline_copy import fill_sizes, make_offline_copy, plan_offline_copy
from .stamp import DataStamp, data_date, make_stamp

__all__ = [
    "CACHE_FOLDER", "FORMATS", "MANIFEST_PATH", "OFFLINE_CACHE_FOLDER", "DataStamp", "Download",
    "DownloadCache", "DownloadError", "build_manifest", "checklist_files", "checklist_index",
    "checklist_index_bytes", "checklist_index_path", "checklist_table", "checklist_table_path",
    "data_date", "download_path", "fill_sizes", "make_downloads", "make_offline_copy",
    "make_stamp", "manifest_bytes", "plan_offline_copy", "plan_sheets", "printed_texts",
    "write_downloads",
]
