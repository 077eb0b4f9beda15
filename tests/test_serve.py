"""`sitegen serve` as a real process on a real port, over a `sitegen new` archive."""

from __future__ import annotations

import fcntl
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from sitegen.livereload import inject_script
from sitegen.scaffold import create_archive
from sitegen.scaffold_files import EXAMPLE_DATE

PAGE_01 = f"content/{EXAMPLE_DATE}/01.txt"
PAGE_02 = f"content/{EXAMPLE_DATE}/02.md"
ARTICLE_01 = f"{EXAMPLE_DATE.replace('-', '/')}/01/chun-geng-bei-geng-zheng-dang-shi-tian-jian-di-tou-nong-shi.html"
ARTICLE_02 = f"{EXAMPLE_DATE.replace('-', '/')}/02/lao-jie-shang-de-xin-shu-dian.html"
WAIT = 15.0  # seconds; a rebuild of the example archive takes well under one


class Server:
    """A running `sitegen serve`, its output read line by line as it comes."""

    def __init__(self, root: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", *args],
            cwd=root,
            env=env,
            text=True,
            encoding="utf-8",
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.lines: list[str] = []  # stdout and stderr together, as they arrive
        self._arrived = threading.Condition()
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._arrived:
                self.lines.append(line.rstrip("\n"))
                self._arrived.notify_all()

    def mark(self) -> int:
        """The number of lines so far, to wait for a line printed after this point."""
        with self._arrived:
            return len(self.lines)

    def wait_for(self, pattern: str, since: int = 0, timeout: float = WAIT) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for line in self.lines[since:]:
                    if match := re.search(pattern, line):
                        return match
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))
                self._arrived.wait(min(left, 0.2))

    def stop(self) -> int:
        """Ctrl-C, as a user would press it; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "paper"
    create_archive(root)
    return root


@pytest.fixture
def server(archive: Path) -> Iterator[tuple[Server, str]]:
    running = Server(archive, "--port", "0")
    url = running.wait_for(r"serving output at (http://\S+)").group(1)
    yield running, url
    running.stop()


def get(url: str) -> tuple[int, str, bytes]:
    """Status, Content-Type and body, for any status."""
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def wait_until_served(url: str, text: str) -> None:
    deadline = time.monotonic() + WAIT
    while text not in get(url)[2].decode("utf-8"):
        assert time.monotonic() < deadline, f"{text!r} never appeared at {url}"
        time.sleep(0.1)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_inject_script_goes_before_the_last_body_end() -> None:
    html = b"<html><body><pre></body></pre>\n</BODY>\n</html>"
    injected = inject_script(html, "v1")
    assert injected.index(b"reload.js") > injected.index(b"</pre>") and injected.endswith(b"</BODY>\n</html>")
    assert inject_script(b"<p>no body end", "v1").startswith(b"<p>no body end<script")


def test_serves_the_site_with_the_reload_script_in_html_only(archive: Path, server: tuple[Server, str]) -> None:
    running, url = server
    status, kind, body = get(url)
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert b'<script src="/__sitegen__/reload.js"' in body and body.rstrip().endswith(b"</html>")
    on_disk = archive / "output" / "index.html"
    assert b"__sitegen__" not in on_disk.read_bytes()  # injected when sent, never written

    status, kind, body = get(url + "static/site.js")
    assert (status, kind) == (200, "text/javascript; charset=utf-8")
    assert body == (archive / "output" / "static" / "site.js").read_bytes()
    assert get(url + ARTICLE_01.replace(".html", ".md"))[1] == "text/markdown; charset=utf-8"
    assert get(url + "__sitegen__/reload.js")[1] == "text/javascript; charset=utf-8"

    host, port = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=WAIT)
    connection.request("GET", "/../sitegen.toml")  # sent as is: nothing outside output/ is served
    response = connection.getresponse()
    assert response.status == 404 and b"[segment]" not in response.read()
    connection.close()
    status, _, body = get(url + "no/such/page")
    assert status == 404 and body.count(b"<base ") == 1 and b'<base href="/">' in body  # served at the root

    assert running.stop() == 0  # Ctrl-C
    assert running.lines[-1] == "stopped" and not any("Traceback" in line for line in running.lines)


def test_an_edit_rebuilds_and_tells_open_pages(archive: Path, server: tuple[Server, str]) -> None:
    running, url = server
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    events = http.client.HTTPConnection(host, int(port), timeout=WAIT)
    events.request("GET", "/__sitegen__/events")
    stream = events.getresponse()
    assert stream.headers["Content-Type"].startswith("text/event-stream")
    hello = [stream.fp.readline() for _ in range(4)]
    assert hello[1] == b"event: hello\n"

    since = running.mark()
    edit(archive / PAGE_01, "田野里处\n处是忙碌的身影", "田野里处\n处是播种机的轰鸣声")
    wait_until_served(url + ARTICLE_01, "处处是播种机的轰鸣声")
    running.wait_for(r"^changed: .*01\.txt.*; rebuilding$", since)
    running.wait_for(r"^2 pages, 4 items( \(\d+ uncertain: see sitegen review\))?; files: [1-9]\d* written", since)

    lines = []
    while (line := stream.fp.readline()) != b"\n":
        lines.append(line)
    assert lines[0] == b"event: reload\n" and lines[1] != hello[2]  # a new version
    events.close()


def test_a_broken_page_or_config_keeps_the_last_good_site(archive: Path, server: tuple[Server, str]) -> None:
    running, url = server
    since = running.mark()
    page = archive / PAGE_02
    good_page = page.read_bytes()
    page.write_bytes(b"\xff\xfe\xfd\x00\x01")  # not text in any encoding
    running.wait_for(r"02\.md:1: cannot decode", since)
    running.wait_for(r"^build failed: 1 new error; output left as it was$", since)
    assert "老街上的新书店" in get(url + ARTICLE_02)[2].decode("utf-8")

    since = running.mark()
    config = archive / "sitegen.toml"
    good_config = config.read_text(encoding="utf-8")
    config.write_text('titel = "错字"\n' + good_config, encoding="utf-8")
    running.wait_for(r'sitegen\.toml:1: unknown key "titel" in the top level \(did you mean "title"\?\)', since)
    running.wait_for(r"^build failed: 1 error; output left as it was$", since)
    assert get(url)[0] == 200

    since = running.mark()
    page.write_bytes(good_page.replace("新书店".encode(), "旧书店".encode()))
    config.write_text(good_config.replace("示例日报 数字报档案", "改过的标题"), encoding="utf-8")
    wait_until_served(url, "改过的标题")
    running.wait_for(r"; 0 errors, 0 warnings", since)
    assert "老街上的旧书店" in get(url + ARTICLE_02.replace("xin-shu-dian", "jiu-shu-dian"))[2].decode("utf-8")


def test_a_port_in_use_is_one_clear_line_and_status_2(archive: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sitegen", "serve", "--port", str(port)],
            cwd=archive,
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
    assert result.returncode == 2
    assert result.stderr == f"port {port} on 127.0.0.1 is in use: pass --port, e.g. --port {port + 1}\n"
    assert not (archive / "output").exists()  # it stopped before building


def test_an_open_page_reloads_by_itself_after_an_edit(archive: Path, server: tuple[Server, str]) -> None:
    from website.helpers import CHROMIUM, CHROMIUM_ARGS, require

    require(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package")
    running, url = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(url + ARTICLE_01)
            assert "田野里处处是忙碌的身影" in page.inner_text("main")
            # No wait for the event stream: a page whose stream opens after the rebuild reloads too.
            page.evaluate("() => { window.notReloaded = true; }")
            edit(archive / PAGE_01, "田野里处\n处是忙碌的身影", "田野里处\n处是播种机的轰鸣声")
            page.wait_for_function(
                "() => document.body.innerText.includes('处处是播种机的轰鸣声')", timeout=WAIT * 1000
            )
            assert page.evaluate("() => window.notReloaded") is None  # a new page, not the old one changed
        finally:
            browser.close()


def test_bad_paths_get_an_answer(server: tuple[Server, str]) -> None:
    _, url = server
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    for path, status in (
        ("/%00", 400),
        ("/a%00b/index.html", 400),
        ("/" + "a" * 60_000, 404),
        ("/" + "/".join(["b" * 250] * 200), 404),
        ("/index.html/x", 404),
    ):
        connection = http.client.HTTPConnection(host, int(port), timeout=WAIT)
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status == status, (path[:40], response.status)
        response.read()
        connection.close()
    assert get(url)[0] == 200  # and it serves on


def test_a_rebuild_refused_by_another_builds_lock_is_tried_again(archive: Path, server: tuple[Server, str]) -> None:
    running, url = server
    fd = os.open(archive, os.O_RDONLY)  # the lock a build holds: on the folder the output lives in
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        since = running.mark()
        edit(archive / PAGE_01, "田野里处\n处是忙碌的身影", "田野里处\n处是播种机的轰鸣声")
        running.wait_for(r"being written by another build; trying again in a moment", since)
        assert "处处是播种机的轰鸣声" not in get(url + ARTICLE_01)[2].decode()
    finally:
        os.close(fd)  # the other build is done
    wait_until_served(url + ARTICLE_01, "处处是播种机的轰鸣声")


def test_pages_reload_after_a_build_by_another_process(
    archive: Path, server: tuple[Server, str], tmp_path: Path
) -> None:
    _, url = server
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    events = http.client.HTTPConnection(host, int(port), timeout=WAIT)
    events.request("GET", "/__sitegen__/events")
    stream = events.getresponse()
    hello = [stream.fp.readline() for _ in range(4)]
    # Another content folder, which serve does not watch, built into the same output from a terminal.
    other = tmp_path / "other-content"
    shutil.copytree(archive / "content", other)
    edit(other / PAGE_01.removeprefix("content/"), "田野里处\n处是忙碌的身影", "田野里处\n处是别处的构建")
    built = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--source", str(other)],
        cwd=archive,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    lines = []
    while (line := stream.fp.readline()) != b"\n":
        lines.append(line)
    assert lines[0] == b"event: reload\n" and lines[1] != hello[2]
    events.close()
    assert "处处是别处的构建" in get(url + ARTICLE_01)[2].decode()
