"""Give each language its own search index.

mkdocs-static-i18n writes one index for all languages at ``search/``. A reader
on an English page must find English pages only, and Chinese and English need
different tokenizing, so the index is split: the default language keeps
``search/search_index.json``; every other language gets
``<lang>/search/search_index.json`` with locations relative to its own root
(the theme points each page's search at its language root).
"""

from __future__ import annotations

import json
from pathlib import Path

# Tokenizing per language, in Material's search index format. Chinese: the
# build has already cut Chinese text into words with jieba, joined by U+200B;
# the trimmer would strip Chinese characters (they are \W to lunr), so only
# the stemmer stays. English: words split at spaces and punctuation, stop
# words dropped, no stemmer (the theme adds a trailing wildcard to every query
# term, which a stemmed index would not match: "coordination*" vs "coordin").
SEARCH_CONFIG = {
    "zh": {
        "lang": ["en"],
        "separator": "[\\s\\u200b\\u3000\\-、。，．？！；：（）《》“”‘’「」,.;:!?()]+",
        "pipeline": ["stemmer"],
    },
    "en": {
        "lang": ["en"],
        "separator": "[\\s\\-,;:!?()\\[\\]\"/]+|\\.(?!\\d)",
        "pipeline": ["stopWordFilter"],
    },
}


def split_search_index(site_dir: Path, default_language: str, languages: list[str]) -> dict:
    """Split ``search/search_index.json`` by language; return entry counts per language."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return {}
    index = json.loads(path.read_text(encoding="utf-8"))
    prefixes = {lang: f"{lang}/" for lang in languages if lang != default_language}
    docs: dict[str, list] = {lang: [] for lang in languages}
    for entry in index["docs"]:
        lang = next(
            (lang for lang, prefix in prefixes.items() if entry["location"].startswith(prefix)),
            default_language,
        )
        if lang != default_language:
            entry = dict(entry, location=entry["location"][len(prefixes[lang]):])
        docs[lang].append(entry)
    counts = {}
    for lang in languages:
        config = dict(index["config"], **SEARCH_CONFIG.get(lang, {}))
        target = path if lang == default_language else site_dir / lang / "search" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps({"config": config, "docs": docs[lang]}, ensure_ascii=False,
                       separators=(",", ":")),
            encoding="utf-8",
        )
        counts[lang] = len(docs[lang])
    return counts
