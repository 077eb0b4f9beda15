"""Site tests: the sample archive built in both themes, checked by real tools in a real browser.

Chromium, Java (for the Nu checker) and node_modules may be missing on a developer laptop:
those tests skip there, but fail under CI=true, where `scripts/test` installs them.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
THEMES = ("default", "broadsheet")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require(ok: bool, what: str) -> None:
    """Skip when a tool is missing on a laptop; under CI a missing tool is a failure."""
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing under CI: scripts/test should have installed it")
    pytest.skip(f"{what} is not installed")


@dataclass(frozen=True)
class BuiltSite:
    theme: str
    root: Path

    def pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def url(self, rel: str) -> str:
        return (self.root / rel).as_uri()


def build_site(theme: str, dest: Path) -> BuiltSite:
    config = (REPO / "sitegen.toml").read_text(encoding="utf-8")
    config = config.replace('theme = "default"', f'theme = "{theme}"')
    assert f'theme = "{theme}"' in config
    (dest / "sitegen.toml").write_text(config, encoding="utf-8")
    return BuiltSite(theme, sitegen_build(REPO / "content", dest / "sitegen.toml", dest))


def sitegen_build(content: Path, config: Path, cwd: Path) -> Path:
    """`sitegen build` of ``content`` with ``config`` into ``cwd``/output, as a user runs it; the output."""
    out = cwd / "output"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitegen",
            "build",
            "--source",
            str(content),
            "--output",
            str(out),
            "--config",
            str(config),
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def java_ok() -> bool:
    return shutil.which("java") is not None and VNU_JAR.is_file()


def serve_site(root: Path, prefix: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    """``root`` served under ``prefix`` as most web servers are set up for a site (nginx ``error_page 404
    /404.html``, Apache ``ErrorDocument``, GitHub Pages): root/404.html, with status 404, for anything
    missing. Returns the server (shut it down after) and the site's URL."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            # Chromium asks every host for /favicon.ico; the site has none, and the 404 would be logged
            # as a console error that has nothing to do with the page.
            if self.path == "/favicon.ico":
                self.send_response(204)
                self.end_headers()
                return
            super().do_GET()

        def translate_path(self, path: str) -> str:
            path = urllib.parse.urlsplit(path).path
            if not path.startswith(prefix):
                return str(root / "no such file")
            return super().translate_path("/" + path[len(prefix) :])

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code != 404:
                super().send_error(code, message, explain)
                return
            body = (root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
