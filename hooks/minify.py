"""Minify the site's own scripts and styles in the built site.

The sources in ``overrides/assets/`` stay readable; MkDocs copies them into
the site's ``assets/``, and the copies are replaced by their minified text:
scripts by rjsmin, styles by rcssmin (PyPI, pinned in requirements.txt).
"""

from __future__ import annotations

from pathlib import Path

from .files import write_if_changed


def minify_text(name: str, text: str) -> str:
    """The minified ``text`` of a file named ``name`` (.js or .css); other text as is."""
    if name.endswith(".js"):
        import rjsmin

        return rjsmin.jsmin(text)
    if name.endswith(".css"):
        import rcssmin

        return rcssmin.cssmin(text)
    return text


def minify_assets(sources: Path, site_dir: Path) -> list[str]:
    """Replace the site's copy (``site_dir/assets/<name>``) of every script and
    style of ``sources`` by its minified text; return the names done."""
    done = []
    for source in sorted(Path(sources).iterdir()):
        target = Path(site_dir) / "assets" / source.name
        if source.suffix not in (".js", ".css") or not target.is_file():
            continue
        text = source.read_text(encoding="utf-8")
        write_if_changed(target, minify_text(source.name, text).encode("utf-8"))
        done.append(source.name)
    return done
