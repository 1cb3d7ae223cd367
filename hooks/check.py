"""Check all data without building the site.

    python -m hooks.check            # from the project folder
    python -m hooks.check --root DIR

Prints every problem as ``file:line:column: field: message``, then a count,
and exits with 1; prints a one-line summary and exits with 0 when all is well.
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
    args = parser.parse_args(argv)
    try:
        dataset = load_dataset(args.root)
    except DataErrors as exc:
        sys.stderr.write(exc.report() + "\n")
        return 1
    sys.stdout.write(f"data is valid: {len(dataset.files)} files, version {dataset.version}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
