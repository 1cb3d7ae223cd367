"""MkDocs event handlers. The only module that knows MkDocs: each handler hands
the work to the plain-Python modules beside it.

mkdocs-static-i18n runs one build per language (Chinese first, then English
from inside its ``on_post_build``), so every handler here runs once per
language and must be idempotent.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

# MkDocs puts only this folder on sys.path while it loads the hook and restores
# sys.path afterwards; the project folder makes ``hooks`` importable as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from hooks.errors import DataErrors  # noqa: E402
from hooks.page_text import theme_strings  # noqa: E402
from hooks.pipeline import Pipeline  # noqa: E402
from hooks.repository import Repository  # noqa: E402

log = logging.getLogger("mkdocs.hooks")

_pipeline: Pipeline | None = None
# Whether SOURCE_DATE_EPOCH is ours (from the data's date) rather than the caller's.
_own_epoch = False


def on_startup(command, dirty):
    """Quiet jieba, whose dictionary loading logs at INFO level on every build."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def on_config(config):
    """Load and validate the data, and render every page in memory.

    Runs before MkDocs cleans ``site/``: bad data stops the build there and
    the previous site stays as it was. Unless the caller set it,
    ``SOURCE_DATE_EPOCH`` becomes the date of the data, so that MkDocs' own
    dates (sitemap, its gzip copy) repeat byte for byte too.
    """
    global _pipeline, _own_epoch
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
    if _pipeline is None or _pipeline.root != root or _pipeline.repository != repository:
        _pipeline = Pipeline(root, repository)
    try:
        _pipeline.prepare(meanwhile=_search_dictionary_loader(config))
    except DataErrors as exc:
        raise PluginError("Invalid data:\n" + exc.report()) from None
    config.extra["data_version"] = _pipeline.dataset.version
    epoch = _pipeline.data_epoch()
    if "SOURCE_DATE_EPOCH" not in os.environ and epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        _own_epoch = True
    return config


def _search_dictionary_loader(config):
    """What loads jieba's dictionary, if Material's search will cut Chinese into
    words with it (else None).

    Search loads it on its first Chinese page, which takes most of a second;
    handed to the pipeline, it loads while the data loads in another process.
    """
    if not any(name.rsplit("/", 1)[-1] == "search" for name in config.plugins):
        return None
    try:
        import jieba
    except ImportError:  # search does without it, and so do we
        return None
    return jieba.initialize


def on_pre_build(config):
    """Write the generated pages into docs/ (only those that changed)."""
    _pipeline.write_pages(Path(config.docs_dir))


def on_env(env, config, files):
    """Give the theme templates the site's strings, in both languages, as HTML
    text (the theme's templates do not escape)."""
    env.globals["site_text"] = theme_strings(_pipeline.dataset.strings)
    return env


def on_page_context(context, page, config, nav):
    """Point "edit this page" of a generated page at the data file that holds it."""
    edit_url = _pipeline.edit_url(page.file.src_uri)
    if edit_url:
        page.edit_url = edit_url
    return context


def on_post_template(output_content, template_name, config):
    """Keep the 404 page of the default language: it is the bilingual one."""
    if template_name == "404.html":
        return _pipeline.not_found_page(config.theme["language"], output_content)
    return output_content


def on_post_page(output, page, config):
    """Give the page the sizes of its downloads, if they are made by now (else
    ``on_post_build`` does, see ``hooks.sizes``)."""
    return _pipeline.fill_sizes(output, Path(page.file.abs_dest_path))


@event_priority(-200)
def on_post_build(config):
    """Split the combined search index by language, after the i18n plugin wrote it;
    wait for the downloads, fill in their sizes on the pages written before
    them, and write them, their manifest and the data schemas into the built site."""
    _pipeline.split_search_index(Path(config.site_dir))
    _pipeline.finish_pages()
    _pipeline.write_downloads(Path(config.site_dir))
    _pipeline.write_schemas(Path(config.site_dir))


@event_priority(-150)
def on_nav(nav, config, files):
    """Name nav sections in the language being built (after the i18n plugin)."""
    _pipeline.translate_nav(nav, config.theme["language"])
    return nav
