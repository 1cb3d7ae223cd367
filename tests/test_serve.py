"""`mkdocs serve`: an edit of the data rebuilds the preview; bad data keeps the
last good pages served, with the errors shown on them; Ctrl-C ends it all."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from .conftest import copy_project
from .test_stopping import alive, children


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page at ``url``, or None if the server does not answer it (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for_page(url: str, server: subprocess.Popen, check, seconds: float = 180) -> str:
    deadline = time.monotonic() + seconds
    while True:
        page = fetch(url)
        if page is not None and check(page):
            return page
        assert server.poll() is None, "the server ended"
        assert time.monotonic() < deadline, f"{url} did not show the change in {seconds} s"
        time.sleep(0.5)


def test_serve_rebuilds_on_a_data_edit_and_keeps_the_last_good_pages_on_bad_data(tmp_path):
    project = copy_project(tmp_path)
    glossary = project / "data" / "glossary.yaml"
    original = glossary.read_text(encoding="utf-8")
    # the first English text on a line of its own, whatever it says
    first = re.search(r'\n      en: "([^"\\]+)"\n', original)

    def edited(replacement: str) -> str:
        return original[:first.start(1)] + replacement + original[first.end(1):]

    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SYN_SKIP_DOWNLOADS="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL,
                              stderr=(tmp_path / "serve.log").open("w", encoding="utf-8"))
    url = f"http://127.0.0.1:{port}/en/glossary/"
    try:
        wait_for_page(url, server, lambda page: "</html>" in page)

        glossary.write_text(edited("A definition, first edit"), encoding="utf-8")
        wait_for_page(url, server, lambda page: "A definition, first edit" in page)

        # a mistake: the preview goes on with the last good pages and says why
        glossary.write_text(edited('A definition", bad: "1'), encoding="utf-8")
        page = wait_for_page(url, server, lambda page: "syn-preview-errors" in page)
        assert "A definition, first edit" in page
        assert "data/glossary.yaml:" in page
        log = (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert "The preview shows the last good version until this is fixed" in log
        assert "data/glossary.yaml:" in log and "Traceback" not in log

        glossary.write_text(edited("A definition, fixed"), encoding="utf-8")
        page = wait_for_page(url, server, lambda page: "A definition, fixed" in page)
        assert "syn-preview-errors" not in page
        processes = children(server.pid)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C
        code = server.wait(timeout=30)
    assert code == 0
    time.sleep(1)
    assert alive(processes) == set()
