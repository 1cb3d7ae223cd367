"""The languages of the site: those of the i18n plugin's configuration.

The site is built in every language that ``mkdocs.yml`` gives the
mkdocs-static-i18n plugin, the default one at the site's root and each other
under ``/<code>/``. The data holds a text per language (a mapping from
language code to text); nothing in the code names a language of the data,
but for the defaults below, used where a project names no languages.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass
from pathlib import Path

import yaml

# A project whose mkdocs.yml names no languages (and the tests of single
# modules) is built in these, the first the default.
DEFAULT_LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Languages:
    """The site's languages, in the order of the configuration."""

    codes: tuple[str, ...]
    default: str

    def __iter__(self):
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def others(self, code: str) -> tuple[str, ...]:
        """Every language but ``code``."""
        return tuple(other for other in self.codes if other != code)

    def prefix(self, code: str) -> str:
        """Where a language's pages start, from the site root: "" or "en/"."""
        return "" if code == self.default else f"{code}/"


@functools.lru_cache(maxsize=None)
def direction(code: str) -> str:
    """"rtl" for a language written right to left (Arabic, Hebrew, Persian...),
    else "ltr", as the CLDR (through Babel, which Material's own build uses) says."""
    from babel import Locale, UnknownLocaleError

    try:
        order = Locale.parse(code.replace("-", "_")).character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def from_i18n(plugin_languages) -> Languages:
    """The languages of the i18n plugin's configuration (``plugins["i18n"].config.languages``:
    entries with ``locale``, ``default`` and ``build``)."""
    built = [entry for entry in plugin_languages if getattr(entry, "build", True)]
    codes = tuple(entry.locale for entry in built)
    default = next((entry.locale for entry in built if entry.default), codes[0])
    return Languages(codes, default)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its languages: tags it does not know (``!ENV``,
    ``!!python/...``) become nothing, and nothing of them runs."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                    lambda loader, suffix, node: None)


def project_languages(root: Path) -> Languages:
    """The languages of the project at ``root``, read from its mkdocs.yml (for the
    check and the tests, which run without MkDocs); the defaults if it has none."""
    path = Path(root) / "mkdocs.yml"
    config = {}
    if path.is_file():
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            entries = [entry for entry in plugin["i18n"].get("languages") or []
                       if isinstance(entry, dict) and entry.get("locale")
                       and entry.get("build", True)]
            if entries:
                codes = tuple(str(entry["locale"]) for entry in entries)
                default = next((str(entry["locale"]) for entry in entries
                                if entry.get("default")), codes[0])
                return Languages(codes, default)
    return Languages(DEFAULT_LANGUAGES, DEFAULT_LANGUAGES[0])
