"""MkDocs event handlers. The only module that knows MkDocs: each handler hands
the work to the plain-Python modules beside it.

What runs where: everything runs in the build's own process, in order.
``on_config`` checks the data, makes the downloads and renders the pages
before MkDocs writes anything; MkDocs then builds the site into a folder
beside ``site/``, which ``on_post_build`` completes and puts in place.

mkdocs-static-i18n runs one build per language (Chinese first, then English
from inside its ``on_post_build``), so every handler here runs once per
language and must be idempotent; ``_Run.depth`` tells the outermost build,
which finishes the site, from the nested one.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

# MkDocs puts only this folder on sys.path while it loads the hook and restores
# sys.path afterwards; the project folder makes ``hooks`` importable as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils import CountHandler  # noqa: E402

from hooks import head_links, languages, stopping  # noqa: E402
from hooks.errors import DataErrors  # noqa: E402
from hooks.page_text import theme_strings  # noqa: E402
from hooks.pipeline import BuildError, Pipeline  # noqa: E402
from hooks.repository import Repository  # noqa: E402
from hooks.staging import StagedSite  # noqa: E402

log = logging.getLogger("mkdocs.hooks")


@dataclass
class _Run:
    """The state of one MkDocs command (``build``, ``serve``...)."""

    command: str | None = None  # None: MkDocs' build() called without the command line
    dirty: bool = False
    depth: int = 0  # builds under way: 2 while the i18n plugin builds the second language
    staged: StagedSite | None = None  # the folder this build writes the site into
    restore_signals: object = None


_run = _Run()
_pipeline: Pipeline | None = None
# Whether SOURCE_DATE_EPOCH is ours (from the data's date) rather than the caller's.
_own_epoch = False


def on_startup(command, dirty):
    """Make SIGTERM stop the build as Ctrl-C does."""
    _run.command, _run.dirty = command, dirty
    _run.restore_signals = stopping.stop_on_terminate()
    if command != "serve":
        stopping.report_os_errors_in_one_line()


def on_shutdown():
    """Remove the folder of a build that was stopped; undo ``on_startup``."""
    _discard_staged()
    if _run.restore_signals:
        _run.restore_signals()
    _run.__init__()


def on_config(config):
    """Check the data, make the downloads and render every page in memory.

    Runs before MkDocs writes anything: a problem stops the build there and
    the previous site stays as it was. Under ``mkdocs serve``, a problem
    found in a rebuild keeps the last good pages and shows it on them. Unless
    the caller set it, ``SOURCE_DATE_EPOCH`` becomes the date of the data, so
    that MkDocs' own dates (sitemap, its gzip copy) repeat byte for byte too.
    """
    global _pipeline, _own_epoch
    _run.depth += 1
    if _own_epoch:
        # the data may have a newer date since (``mkdocs serve``)
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        _own_epoch = False
    root = Path(config.config_file_path).resolve().parent
    if not config.repo_url:
        # a relative edit_uri without repo_url makes MkDocs warn on every page
        config.edit_uri = None
    repository = Repository.from_config(config.repo_url, config.edit_uri,
                                        Path(config.docs_dir).name)
    site_languages = _languages(config, root)
    if _pipeline is None or (_pipeline.root, _pipeline.repository, _pipeline.languages) \
            != (root, repository, site_languages):
        _pipeline = Pipeline(root, repository, site_languages)
    config.extra["preview_errors"] = []
    try:
        _pipeline.prepare()
    except (DataErrors, BuildError) as exc:
        report = exc.report() if isinstance(exc, DataErrors) else str(exc)
        if _run.command != "serve" or _pipeline.dataset is None:
            raise PluginError(("Invalid data:\n" if isinstance(exc, DataErrors) else "")
                              + report) from None
        # the preview goes on with the last good pages; logged at INFO, as a
        # warning would make the strict build fail and the preview wait
        log.info("The preview shows the last good version until this is fixed:\n%s", report)
        config.extra["preview_errors"] = report.splitlines()
    config.extra["data_version"] = _pipeline.dataset.version
    config.extra["default_language"] = site_languages.default  # the sitemap's x-default
    config.extra["site_languages"] = [{"lang": lang, "home": site_languages.prefix(lang)}
                                      for lang in site_languages]
    config.nav = _pipeline.fill_nav(config.nav)
    epoch = _pipeline.data_epoch()
    if "SOURCE_DATE_EPOCH" not in os.environ and epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        _own_epoch = True
    return config


def _languages(config, root: Path) -> languages.Languages:
    """The site's languages: those the i18n plugin builds (else mkdocs.yml's, read
    as the check reads them)."""
    for name, plugin in config.plugins.items():
        if name.rsplit("/", 1)[-1] == "i18n" and hasattr(plugin, "config"):
            return languages.from_i18n(plugin.config.languages)
    return languages.project_languages(root)


def on_pre_build(config):
    """Write the generated pages into docs/ (only those that changed); the
    outermost build of ``mkdocs build`` writes the site beside ``site/``."""
    _pipeline.write_pages(Path(config.docs_dir))
    if _run.depth == 1 and _run.command in ("build", "gh-deploy") and not _run.dirty:
        _run.staged = StagedSite(Path(config.site_dir))
        try:
            config.site_dir = str(_run.staged.start())
        except OSError as exc:
            _run.staged = None
            raise PluginError(stopping.describe_os_error(exc)) from None


def on_env(env, config, files):
    """Give the theme templates the site's strings, in every language, as HTML
    text (the theme's templates do not escape)."""
    env.globals["site_text"] = theme_strings(_pipeline.dataset.strings)
    return env


def on_page_context(context, page, config, nav):
    """Point "edit this page" of a generated page at the data file that holds it;
    give the head its links to the page in each language and to the feed."""
    edit_url = _pipeline.edit_url(page.file.src_uri)
    if edit_url:
        page.edit_url = edit_url
    # the i18n plugin (which runs before) gives each page its twins, itself included
    alternates = getattr(page.file, "alternates", None) or {}
    twins = {lang: twin.url for lang, twin in alternates.items()}
    context["alternate_links"] = head_links.alternate_links(
        page.url, twins, _pipeline.languages.default, config.site_url)
    context["feed_links"] = head_links.feed_links(
        page.url, config.theme["language"], _pipeline.feed_paths(), config.site_url)
    return context


def on_post_template(output_content, template_name, config):
    """Keep the 404 page of the default language: it is the bilingual one."""
    if template_name == "404.html":
        return _pipeline.not_found_page(config.theme["language"], output_content)
    return output_content


@event_priority(-150)
def on_nav(nav, config, files):
    """Name nav sections in the language being built (after the i18n plugin)."""
    _pipeline.translate_nav(nav, config.theme["language"])
    return nav


@event_priority(-200)
def on_post_build(config):
    """Once every language is built (after the i18n plugin's own post-build):
    index the pages for search, minify our scripts and styles, write the
    downloads, their manifest and the data schemas into the site, make the
    offline copy of the whole site, and put the site in place."""
    _run.depth -= 1
    if _run.depth > 0:
        return
    try:
        _pipeline.minify_assets(Path(config.site_dir))
        _pipeline.index_for_search(Path(config.site_dir))
        _pipeline.write_site_files(Path(config.site_dir))
        _pipeline.add_offline_copy(Path(config.site_dir), config.site_url)
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    staged, _run.staged = _run.staged, None
    if staged is None:
        return
    if config.strict and _warnings_counted():
        _run.staged = staged  # MkDocs stops the build next: on_build_error removes it
        return
    try:
        staged.commit()
    except OSError as exc:
        staged.discard()
        raise PluginError(stopping.describe_os_error(exc)) from None
    config.site_dir = str(staged.site_dir)


def on_build_error(error):
    """A build failed: remove what it wrote; the previous site stays."""
    _discard_staged()
    _run.depth = 0


def _discard_staged() -> None:
    if _run.staged is not None:
        _run.staged.discard()
        _run.staged = None


def _warnings_counted() -> bool:
    """Whether MkDocs counted a warning or an error in this build: in strict mode
    it then stops the build once the last event has run."""
    return any(handler.get_counts() for handler in logging.getLogger("mkdocs").handlers
               if isinstance(handler, CountHandler))
