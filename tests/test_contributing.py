"""The editors' workflow: CONTRIBUTING.md, yamllint, pre-commit, the schema line
of every data file and the GitHub workflows.

Each check runs the real tool on the real files, and on a broken copy where
the tool must fail, so that a setting that lets mistakes through is caught.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hooks.loader import DOCUMENT, DOCUMENT_SCHEMAS, data_files, kind_of

from .conftest import ROOT, copy_project, data_copy

log = logging.getLogger(__name__)

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
YAMLLINT_CONFIG = ROOT / ".yamllint.yaml"
PRE_COMMIT_CONFIG = ROOT / ".pre-commit-config.yaml"
WORKFLOWS = ROOT / ".github" / "workflows"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
# Switches of hooks.check that the guide may name before they land; a command
# using one is skipped (not failed) until `--help` lists it.
PENDING_SWITCHES = {"--require-translations"}


def run(args: list, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    log.info("running %s in %s", shlex.join(str(a) for a in args), cwd)
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                            timeout=300, **kwargs)
    log.info("exit %s\n%s%s", result.returncode, result.stdout, result.stderr)
    return result


def break_file(root: Path, relative: str, old: str, new: str) -> Path:
    """Replace the first ``old`` by ``new`` in ``root / relative``."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} no longer holds {old!r}: pick another mistake"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path



# -- yamllint ------------------------------------------------------------

def yamllint(cwd: Path, *paths, fmt: str = "parsable") -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "yamllint", "-f", fmt, "-c", YAMLLINT_CONFIG, *paths],
               cwd=cwd)


def test_yamllint_passes_on_every_data_file():
    files = [path.relative_to(ROOT).as_posix() for path in data_files(ROOT)]
    assert len(files) > 20
    result = yamllint(ROOT, *files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_yamllint_passes_on_the_project_s_own_settings_and_workflows():
    files = ["mkdocs.yml", ".yamllint.yaml", ".pre-commit-config.yaml",
             *sorted(p.relative_to(ROOT).as_posix() for p in WORKFLOWS.glob("*.yml"))]
    result = yamllint(ROOT, *files)
    assert result.returncode == 0, result.stdout + result.stderr


# (file, text, replacement, the yamllint rule that must catch it)
LINT_MISTAKES = {
    "duplicate key": ("data/annex-1/coordination.yaml", 'part: "1"\n', 'part: "1"\npart: "1"\n',
                      "key-duplicates"),
    "trailing space": ("data/annex-1/nbsaps.yaml", 'label: "a"\n', 'label: "a" \n',
                       "trailing-spaces"),
    "yes for true": ("data/annex-1/coordination.yaml", 'part: "1"', "part: yes", "truthy"),
    "implicit octal": ("data/annex-1/coordination.yaml", 'number: "14"', "number: 014",
                       "octal-values"),
    "list not indented": ("data/annex-1/nbsaps.yaml", "id: nbsaps\n", "id: nbsaps\nx:\n- a\n",
                          "indentation"),
    "comment without space": ("data/annex-1/nbsaps.yaml", "id: nbsaps\n", "id: nbsaps  #note\n",
                              "comments"),
}


@pytest.mark.parametrize("mistake", LINT_MISTAKES)
def test_yamllint_fails_on_a_broken_copy(tmp_path, mistake):
    relative, old, new, rule = LINT_MISTAKES[mistake]
    data_copy(tmp_path)
    break_file(tmp_path, relative, old, new)
    result = yamllint(tmp_path, "data/")
    assert result.returncode == 1, result.stdout
    assert f"{relative}:" in result.stdout and f"({rule})" in result.stdout, result.stdout


# -- pre-commit ----------------------------------------------------------

@pytest.fixture
def repository(tmp_path) -> Path:
    """A git repository holding the project as it is in the work tree now."""
    pytest.importorskip("pre_commit")
    (tmp_path / "repo").mkdir()
    repo = copy_project(tmp_path / "repo")
    for name in (".pre-commit-config.yaml", ".yamllint.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "project"]):
        result = run([*git, *args], cwd=repo)
        assert result.returncode == 0, result.stderr
    return repo


def pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess:
    # The hooks are `language: system`: put this interpreter's python and
    # yamllint first on PATH, as an activated environment would.
    env = dict(os.environ, PRE_COMMIT_HOME=str(home),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    return run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color=never"],
               cwd=repo, env=env)


def hook_results(output: str) -> dict[str, str]:
    """Map each hook's name to Passed, Failed or Skipped."""
    return dict(re.findall(r"^(.+?)\.{3,}(Passed|Failed|Skipped)", output, re.MULTILINE))


def test_pre_commit_passes_on_the_project(repository, tmp_path):
    result = pre_commit(repository, tmp_path / "pre-commit-home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert hook_results(result.stdout) == {"yamllint (data/)": "Passed",
                                           "python -m hooks.check": "Passed"}


# Each mistake is caught by one hook and not the other: both are wired.
PRE_COMMIT_MISTAKES = {
    "trailing space": ("data/annex-1/nbsaps.yaml", 'label: "a"\n', 'label: "a" \n',
                       {"yamllint (data/)": "Failed", "python -m hooks.check": "Passed"}),
    "number without quotes": ("data/annex-1/coordination.yaml", 'number: "14"', "number: 14",
                              {"yamllint (data/)": "Passed", "python -m hooks.check": "Failed"}),
}


@pytest.mark.parametrize("mistake", PRE_COMMIT_MISTAKES)
def test_pre_commit_fails_on_a_broken_data_file(repository, tmp_path, mistake):
    relative, old, new, expected = PRE_COMMIT_MISTAKES[mistake]
    break_file(repository, relative, old, new)
    result = pre_commit(repository, tmp_path / "pre-commit-home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert hook_results(result.stdout) == expected, result.stdout
    assert relative in result.stdout


def test_pre_commit_hooks_are_local_and_the_check_runs_once():
    config = yaml.safe_load(PRE_COMMIT_CONFIG.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    check = hooks["check-data"]
    assert check["entry"] == "python -m hooks.check"
    assert check["pass_filenames"] is False
    assert re.match(check["files"], "data/stories/x.yaml")
    assert re.match(check["files"], "schemas/story.schema.json")
    assert not re.match(check["files"], "hooks/loader.py")


def test_dev_requirements_pin_the_editors_tools():
    lines = (ROOT / "requirements-dev.in").read_text(encoding="utf-8").splitlines()
    locked = locked_versions("requirements-dev.txt")
    for name in ("yamllint", "pre-commit"):
        pins = [line for line in lines if re.fullmatch(rf"{name}==\d+(\.\d+)+", line)]
        assert pins, name
        assert locked[name] == pins[0].split("==")[1], name


# -- the locks of the Python packages ------------------------------------------

LOCK_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(?: ;[^\\]*)? \\$")


def locked_versions(name: str) -> dict[str, str]:
    """{package: version} of a lock; every entry pins one version and lists the
    hash of each file of it."""
    text = (ROOT / name).read_text(encoding="utf-8")
    found = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2]):
        first, *rest = entry.splitlines()
        match = LOCK_ENTRY.match(first)
        assert match, f"{name}: {first!r} is not 'package==version \\'"
        hashes = [line.strip() for line in rest if line.strip().startswith("--hash=")]
        assert hashes and all(re.fullmatch(r"--hash=sha256:[0-9a-f]{64}( \\)?", h)
                              for h in hashes), f"{name}: {first}"
        found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def hand_kept_pins(name: str) -> dict[str, str]:
    """{package: version} pinned in a hand-kept ``.in`` file and the files it includes."""
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins.update(hand_kept_pins(line[3:]))
        elif line and not line.startswith("-"):
            package, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", package).lower()] = version
    return pins


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt"])
def test_locks_hold_every_package_of_the_tree_with_hashes(lock):
    locked = locked_versions(lock)
    # made from the hand-kept list, which it keeps to the letter
    source = lock.replace(".txt", ".in")
    assert f"-o {lock}" in (ROOT / lock).read_text(encoding="utf-8").splitlines()[1]
    for package, version in hand_kept_pins(source).items():
        assert locked.get(package) == version, package
    # the whole tree, not only what the list names
    assert {"markupsafe", "requests", "urllib3"} <= set(locked)


def test_the_dev_lock_keeps_the_build_lock_s_versions():
    build, dev = locked_versions("requirements.txt"), locked_versions("requirements-dev.txt")
    assert set(build) <= set(dev)
    assert {package: dev[package] for package in build} == build
    assert "-c requirements.txt" in (ROOT / "requirements-dev.in").read_text(encoding="utf-8")


# -- the schema line of every data file ------------------------------------

@pytest.mark.parametrize("path", data_files(ROOT), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_data_file_names_its_schema_on_the_first_line(path):
    relative = path.relative_to(ROOT).as_posix()
    kind = kind_of(relative)
    assert kind is not None, relative
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{relative}: first line is {first!r}"
    schema = (path.parent / match.group(1)).resolve()
    assert schema.is_file(), f"{relative}: {match.group(1)} does not exist"
    if kind == DOCUMENT:  # a document's kind names its schema
        kind = DOCUMENT_SCHEMAS[yaml.safe_load(path.read_text(encoding="utf-8"))["kind"]]
    assert schema == (ROOT / "schemas" / f"{kind}.schema.json").resolve(), relative


# -- the GitHub workflows --------------------------------------------------

def load_workflow(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict), path
    # PyYAML reads an unquoted `on:` key as True
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def workflows() -> dict[str, dict]:
    return {path.name: load_workflow(path) for path in sorted(WORKFLOWS.glob("*.yml"))}


def triggered_by(event: str) -> list[str]:
    found = []
    for name, workflow in workflows().items():
        triggers = workflow["on"]
        if event in (triggers if isinstance(triggers, (dict, list)) else [triggers]):
            found.append(name)
    return found


def steps(workflow: dict) -> list[dict]:
    """Every step of every job, following jobs that call a workflow of this repository."""
    found = []
    for job in workflow["jobs"].values():
        called = job.get("uses", "")
        if called.startswith("./"):
            found.extend(steps(load_workflow(ROOT / called)))
        found.extend(job.get("steps", []))
    return found


def commands(workflow: dict) -> list[str]:
    """Each line of every `run`, without comments and continuations."""
    lines = []
    for step in steps(workflow):
        for line in step.get("run", "").splitlines():
            line = line.split(" #")[0].strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def actions(workflow: dict) -> list[str]:
    return [step["uses"] for step in steps(workflow) if "uses" in step]


def runs(workflow: dict, command: str) -> bool:
    return any(line == command or line.startswith(command + " ") for line in commands(workflow))


MAJOR_VERSIONS = {"actions/checkout": "v4", "actions/setup-python": "v5",
                  "actions/setup-node": "v4", "actions/configure-pages": "v5",
                  "actions/upload-pages-artifact": "v3", "actions/deploy-pages": "v4",
                  "actions/cache": "v4"}


def uses(action: str) -> str:
    """The release an action is pinned at (from the comment beside its commit): ``name@v4``."""
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.search(rf"uses: {re.escape(action)}@[0-9a-f]{{40}}  # (v\d+)", line)
            if match:
                return f"{action}@{match.group(1)}"
    return ""


def test_workflows_parse_and_pin_actions_by_commit_with_the_release_beside():
    found = workflows()
    assert set(found) >= {"checks.yml", "publish.yml"}
    seen = set()
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" not in line or "uses: ./" in line:
                continue
            # a tag can be moved to other code; a commit cannot
            match = re.fullmatch(
                r"\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40})  # (v\d+)(\.\d+)*", line)
            assert match, f"{path.name}: {line.strip()}"
            repo, _, major = match.group(1, 2, 3)
            seen.add(repo)
            if repo in MAJOR_VERSIONS:
                assert major == MAJOR_VERSIONS[repo], f"{path.name}: {line.strip()}"
    assert seen == set(MAJOR_VERSIONS)
    # actions/checkout v4 (v4.4.0) is this commit
    assert "actions/checkout@11d5960a326750d5838078e36cf38b85af677262  # v4" in \
        (WORKFLOWS / "checks.yml").read_text(encoding="utf-8")


def test_pull_request_workflow_runs_the_check_the_build_and_the_tests():
    assert triggered_by("pull_request") == ["checks.yml"]
    workflow = workflows()["checks.yml"]
    lines = commands(workflow)
    assert "python -m hooks.check" in lines
    assert "mkdocs build --strict" in lines
    assert runs(workflow, "python -m pytest")
    assert not any("--require-translations" in line for line in lines)
    # Checks must finish before the build: the order of the steps.
    order = [next(i for i, line in enumerate(lines) if line.startswith(prefix))
             for prefix in ("python -m hooks.check", "mkdocs build --strict", "python -m pytest")]
    assert order == sorted(order)
    setup = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python"))
    assert str(setup["with"]["python-version"]) == "3.11"


def test_pull_request_workflow_installs_what_ci_run_installs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    packages = {package
                for line in re.findall(r"apt-get install (.+)", ci)
                for package in line.split()
                if not package.startswith("-") and package not in (">/dev/null",)}
    assert {"chromium", "fonts-noto-cjk", "poppler-utils"} <= packages
    workflow = workflows()["checks.yml"]
    text = "\n".join(commands(workflow))
    # nodejs and npm come from actions/setup-node instead of apt
    for package in packages - {"nodejs", "npm"}:
        assert re.search(rf"\b{re.escape(package)}\b", text), package
    assert uses("actions/setup-node") == "actions/setup-node@v4"
    assert runs(workflow, "python -m pip install") and "requirements-dev.txt" in text
    assert runs(workflow, "npm ci")


def test_main_workflow_checks_translations_then_deploys_to_pages():
    assert triggered_by("push") == ["publish.yml"]
    workflow = workflows()["publish.yml"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    lines = commands(workflow)
    # the checks of every pull request
    assert "python -m hooks.check" in lines
    assert "mkdocs build --strict" in lines
    assert runs(workflow, "python -m pytest")
    # and more
    assert "python -m hooks.check --require-translations" in lines
    used = {action.partition("@")[0] for action in actions(workflow)}
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        assert action in used
        assert uses(action) == f"{action}@{MAJOR_VERSIONS[action]}"
    assert workflow.get("concurrency")

    jobs = workflow["jobs"]
    deploy = next(job for job in jobs.values()
                  if any(s.get("uses", "").startswith("actions/deploy-pages") for s in
                         job.get("steps", [])))
    permissions = deploy.get("permissions", workflow.get("permissions", {}))
    assert permissions.get("pages") == "write" and permissions.get("id-token") == "write"
    # no other job may write: the workflow's own permissions, and every other job's, only read
    assert "write" not in workflow.get("permissions", {}).values()
    for name, job in jobs.items():
        if job is not deploy:
            assert "write" not in job.get("permissions", {}).values(), name
    for called in workflows().values():
        if called is not workflow:
            assert "write" not in called.get("permissions", {}).values()

    # deploy waits for the build, which waits for the checks
    def needs(job: dict) -> list[str]:
        value = job.get("needs", [])
        return [value] if isinstance(value, str) else value

    build_name, = needs(deploy)
    build = jobs[build_name]
    assert any(jobs[name].get("uses") == "./.github/workflows/checks.yml" for name in needs(build))
    build_steps = build["steps"]
    checkout = next(s for s in build_steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    names = [s.get("run", s.get("uses", "")) for s in build_steps]
    translations = names.index("python -m hooks.check --require-translations")
    mkdocs = names.index("mkdocs build --strict")
    assert translations < mkdocs
    env = build_steps[mkdocs].get("env", {})
    assert env.get("SITE_URL") == "${{ steps.pages.outputs.base_url }}/"
    assert env.get("REPO_URL") == "${{ github.server_url }}/${{ github.repository }}"
    # the download cache of the last build is restored before the build
    cache = next(index for index, step in enumerate(build_steps)
                 if step.get("uses", "").startswith("actions/cache"))
    assert build_steps[cache]["with"]["path"] == ".cache" and cache < mkdocs


def test_pull_request_template_has_the_checklist():
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", template, re.MULTILINE)
    for needle in ("python -m hooks.check", "127.0.0.1:8000/en/", "`id`", "`source`", "待翻译"):
        assert any(needle in box for box in boxes), needle


# -- CONTRIBUTING.md ---------------------------------------------------------

def guide() -> str:
    return CONTRIBUTING.read_text(encoding="utf-8")


def code_blocks(kind: str | None = None) -> list[str]:
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", guide(), re.MULTILINE | re.DOTALL)
    return [body for lang, body in blocks if kind is None or lang == kind]


def guide_commands(prefix: str) -> list[str]:
    found = []
    for block in code_blocks("sh"):
        for line in block.splitlines():
            if line.startswith(prefix):
                found.append(line.strip())
    return sorted(set(found))


def check_switches() -> set[str]:
    result = run([sys.executable, "-m", "hooks.check", "--help"], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return set(re.findall(r"--[a-z][a-z-]*", result.stdout))


def test_guide_has_both_halves_and_the_check_command():
    text = guide()
    assert "[中文](#中文)" in text and "[English](#english)" in text
    assert text.index("\n## 中文\n") < text.index("\n## English\n")
    assert "python -m hooks.check" in guide_commands("python -m hooks.check")


@pytest.mark.parametrize("command", guide_commands("python -m hooks.check"))
def test_guide_check_commands_pass_on_the_real_data(command):
    args = shlex.split(command, comments=True)
    switches = {arg.split("=")[0] for arg in args if arg.startswith("--")}
    missing = switches - check_switches()
    if missing and missing <= PENDING_SWITCHES:
        pytest.skip(f"{', '.join(sorted(missing))} is not in hooks.check yet; "
                    "this command is checked once it is")
    result = run([sys.executable, *args[1:]], cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_guide_paths_exist():
    # paths in backquotes, such as `data/annex-1/<area>.yaml` (a placeholder
    # in angle brackets stands for any name)
    roots = ("data/", "schemas/", "hooks/", "overrides/", "tests/", ".github/", "docs/")
    names = ("README.md", "requirements.txt", "requirements-dev.txt", "mkdocs.yml",
             ".yamllint.yaml", ".pre-commit-config.yaml")
    checked = 0
    for token in set(re.findall(r"`([^`\s]+)`", guide())):
        if not (token.startswith(roots) or token in names):
            continue
        pattern = re.sub(r"<[^>]+>", "*", token)
        assert list(ROOT.glob(pattern.rstrip("/"))), token
        checked += 1
    assert checked > 20


def test_guide_pytest_commands_name_existing_tests():
    for command in guide_commands("python -m pytest"):
        for arg in shlex.split(command)[3:]:
            if not arg.startswith("-"):
                assert (ROOT / arg).exists(), command


# The four mistakes the guide describes, made in a copy of the data.
GUIDE_MISTAKES = (
    ("data/annex-1/coordination.yaml", 'number: "14"', "number: 14"),
    ("data/annex-1/coordination.yaml", '- id: a1-15\n        number: "15"\n        text:',
     '- id: a1-15\n        number: "15"\n        txet:'),
    ("data/stories/informea-second-phase.yaml", 'region:\n  zh: "全球"\n',
     'region:\n  zh: "全球"\n  zh: "全球"\n'),
    ("data/annex-1/nbsaps.yaml", '\nlabel: "a"\n', '\n\tlabel: "a"\n'),
)


def positions_dropped(line: str) -> str:
    # Line and column numbers move when the data is edited; the rest must not.
    line = re.sub(r":\d+:\d+:", ":L:C:", line)
    line = re.sub(r"\bline \d+", "line N", line)
    return re.sub(r"^\s*\d+:\d+\s+", "L:C ", line).rstrip()


def test_guide_example_messages_are_what_the_check_prints(tmp_path):
    data_copy(tmp_path)
    for relative, old, new in GUIDE_MISTAKES:
        break_file(tmp_path, relative, old, new)
    result = run([sys.executable, "-m", "hooks.check", "--root", tmp_path], cwd=ROOT)
    assert result.returncode == 1
    printed = {positions_dropped(line) for line in result.stderr.splitlines() if line}
    documented = {positions_dropped(line)
                  for block in code_blocks("text") for line in block.splitlines()
                  if line.startswith("data/") and ": " in line or line.endswith("in the data")}
    assert documented == printed


def test_guide_yamllint_example_is_what_yamllint_prints(tmp_path):
    data_copy(tmp_path)
    break_file(tmp_path, "data/annex-1/nbsaps.yaml", 'label: "a"\n', 'label: "a" \n')
    result = yamllint(tmp_path, "data/", fmt="standard")
    assert result.returncode == 1
    printed = [positions_dropped(line) for line in result.stdout.splitlines() if line.strip()]
    example = next(block for block in code_blocks("text") if "(trailing-spaces)" in block)
    assert [positions_dropped(line) for line in example.splitlines() if line.strip()] == printed
