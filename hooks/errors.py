"""Data errors that name the file, the line and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one data file, printed like a compiler message."""

    path: str  # relative to the project folder, with forward slashes
    line: int  # 1-based; 0 when the whole file is concerned
    column: int  # 1-based; 0 when unknown
    field: str  # field path such as ``options[3].text.en``; "" for the file
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class DataErrors(Exception):
    """Raised with every error found, so an editor sees them all at once."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        """Return the errors one per line, followed by a count."""
        lines = [str(error) for error in self.errors]
        count = len(self.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} in the data")
        return "\n".join(lines)


def format_path(parts: tuple) -> str:
    """Render a field path: ``("options", 3, "text", "en")`` -> ``options[3].text.en``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
