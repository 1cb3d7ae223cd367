"""Check all data without building the site.

    python -m hooks.check                          # from the project folder
    python -m hooks.check --require-translations   # pending translations fail too
    python -m hooks.check --root DIR

Prints every problem as ``file:line:column: field: message``, then a count,
and exits with 1; prints a one-line summary and exits with 0 when all is well.
A text with one language only is a pending translation: listed, and an error
only with ``--require-translations`` (as on the main branch).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataErrors
from .loader import load_dataset


def main(argv: list[str] | None = None) -> int:
    """Run the checks; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m hooks.check", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="project folder (the one holding data/ and schemas/)")
    parser.add_argument("--require-translations", action="store_true",
                        help="fail when a text lacks its Chinese or English version")
    args = parser.parse_args(argv)
    try:
        dataset = load_dataset(args.root)
    except DataErrors as exc:
        sys.stderr.write(exc.report() + "\n")
        return 1
    pending = [str(item) for item in dataset.pending]
    count = len(pending)
    summary = f"{count} translation{'s' if count != 1 else ''} pending"
    if pending and args.require_translations:
        sys.stderr.write("\n".join(pending + [summary]) + "\n")
        return 1
    sys.stdout.write("".join(line + "\n" for line in pending))
    sys.stdout.write(f"data is valid: {len(dataset.files)} files, version {dataset.version}, "
                     f"{summary}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
