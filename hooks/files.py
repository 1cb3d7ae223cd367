"""Writing build output without touching files that are already right."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_if_changed(target: Path, content: bytes) -> bool:
    """Write ``content`` to ``target`` unless it already holds exactly that.

    Returns True if the file was written. Leaving unchanged files alone keeps
    ``mkdocs serve`` from seeing a change and rebuilding again, and lets a
    hook that runs once per language write each file once. The content goes
    to a temporary file first and then takes the target's name, so that a
    build reading the file meanwhile (two builds of one folder side by side)
    reads the old content or the new, never half of it.
    """
    target = Path(target)
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
