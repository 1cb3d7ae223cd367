"""Links into the project's repository: where an editor changes a page's data.

Made from MkDocs' ``repo_url`` and ``edit_uri`` (``edit/main/docs/``), so
that hand-written pages and generated ones point at the same branch.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Repository:
    """The repository's web address and the branch path of its edit links."""

    url: str  # such as https://github.com/owner/name
    edit_path: str = "edit/main/"  # edit_uri without the docs folder

    @classmethod
    def from_config(cls, repo_url: str | None, edit_uri: str | None,
                    docs_dir: str = "docs") -> Repository | None:
        """The repository of a MkDocs config, or None when it names none."""
        if not repo_url:
            return None
        edit_path = (edit_uri or "edit/main/docs/").strip("/")
        if edit_path.endswith("/" + docs_dir):
            edit_path = edit_path[: -len(docs_dir) - 1]
        return cls(repo_url.rstrip("/"), edit_path + "/")

    def edit_url(self, path: str) -> str:
        """Where to edit ``path`` (relative to the project folder) online."""
        return f"{self.url}/{self.edit_path}{path}"

    def view_url(self, path: str, line: int = 0) -> str:
        """Where to read ``path`` online, at ``line`` when given."""
        view_path = self.edit_path
        if view_path.startswith("edit/"):
            view_path = "blob/" + view_path[len("edit/"):]
        return f"{self.url}/{view_path}{path}" + (f"#L{line}" if line else "")
