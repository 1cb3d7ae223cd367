"""Writing build output without touching files that are already right."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(target: Path, content: bytes) -> bool:
    """Write ``content`` to ``target`` unless it already holds exactly that.

    Returns True if the file was written. Leaving unchanged files alone keeps
    ``mkdocs serve`` from seeing a change and rebuilding again, and lets a
    hook that runs once per language write each file once.
    """
    target = Path(target)
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return True
