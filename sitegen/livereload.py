"""The web server of ``sitegen serve``: the output folder as it is, plus reloading open pages.

Every HTML response gets one ``<script>`` before ``</body>``, added as it is
sent (``output/`` never holds it, so a served folder can be published as it
is). The script opens a Server-Sent Events stream and reloads the page when
the site's version differs from the one the page was served at: after a
rebuild, and also after a rebuild it missed while loading or a server restart.
"""

from __future__ import annotations

import errno
import http.server
import mimetypes
import posixpath
import re
import shutil
import socket
import socketserver
import sys
import threading
import time
import urllib.parse
from pathlib import Path

PREFIX = "/__sitegen__/"
EVENTS_PATH = PREFIX + "events"
SCRIPT_PATH = PREFIX + "reload.js"
PING_SECONDS = 15.0  # a comment line this often finds closed tabs, so their threads end

RELOAD_JS = b"""\
// Added by `sitegen serve` to every page it sends: reload when the site was rebuilt.
(() => {
  const served = document.currentScript.dataset.version;
  const events = new EventSource("/__sitegen__/events");
  const check = (event) => {
    if (event.data !== served) {
      events.close();
      location.reload();
    }
  };
  events.addEventListener("hello", check);
  events.addEventListener("reload", check);
})();
"""

# Text types say their charset: pages are UTF-8 and some browsers guess otherwise for .md and .js.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_HEAD_START = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)
_BASE = re.compile(rb"<base\s[^>]*>", re.IGNORECASE)


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def inject_script(html: bytes, version: str) -> bytes:
    """``html`` with the reload script before its last ``</body>`` (at the end when there is none)."""
    tag = f'<script src="{SCRIPT_PATH}" data-version="{version}"></script>\n'.encode()
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + tag
    at = ends[-1].start()
    return html[:at] + tag + html[at:]


class Broadcaster:
    """The site's version, and a way for event streams to wait for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._count = 0
        self._closed = False
        # Differs between runs, so a page from before a restart reloads too.
        self._run = f"{time.time_ns():x}"

    @property
    def version(self) -> str:
        return f"{self._run}-{self._count}"

    def publish(self) -> None:
        """The site changed: every open page reloads."""
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def wait(self, seen: str, timeout: float) -> str | None:
        """The version once it is not ``seen`` (or ``seen`` after ``timeout``); None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self.version != seen, timeout)
            return None if self._closed else self.version


class SiteServer(http.server.ThreadingHTTPServer):
    """Serves ``root`` and the reload events; one thread per request, none outliving the server."""

    daemon_threads = True
    block_on_close = False  # open event streams must not hold up Ctrl-C

    def __init__(self, address: tuple[str, int], root: Path, broadcaster: Broadcaster) -> None:
        self.root = root
        self.broadcaster = broadcaster
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, SiteHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host's name up in DNS, which can stall for seconds.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return  # a browser dropping a request it no longer needs, as it does on every reload
        print(f"sitegen serve: error answering {client_address}: {error!r}", file=sys.stderr)


class SiteHandler(http.server.BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "sitegen"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for build messages; a request log would bury them

    def _respond(self, *, send_body: bool) -> None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if "\x00" in url_path:  # no file has a NUL in its name, and the system refuses to look one up
            self._send(400, CONTENT_TYPES[".txt"], b"400 bad request: NUL in the path\n", send_body)
            return
        try:
            self._answer(url_path, send_body)
        except OSError as exc:
            if exc.errno not in (errno.ENAMETOOLONG, errno.ENOTDIR, errno.ELOOP, errno.EACCES, errno.EISDIR):
                raise
            self._not_found(send_body)  # a name too long, a file used as a folder…: nothing there

    def _answer(self, url_path: str, send_body: bool) -> None:
        if url_path == EVENTS_PATH:
            self._events()
        elif url_path == SCRIPT_PATH:
            self._send(200, CONTENT_TYPES[".js"], RELOAD_JS, send_body)
        elif (file := self._file(url_path)) is None:
            self._not_found(send_body)
        elif file.is_dir():  # a folder without the slash: relative links need it
            self.send_response(301)
            self.send_header("Location", urllib.parse.quote(url_path + "/"))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif file.suffix.lower() in (".html", ".htm"):
            html = inject_script(file.read_bytes(), self.server.broadcaster.version)
            self._send(200, CONTENT_TYPES[".html"], html, send_body)
        else:
            self._send_file(file, send_body)

    def _file(self, url_path: str) -> Path | None:
        """The file under the output folder for a URL path, or None; never a path outside it."""
        root = self.server.root.resolve()
        parts = [p for p in posixpath.normpath(url_path).split("/") if p not in ("", ".", "..")]
        path = root.joinpath(*parts).resolve()
        if path != root and root not in path.parents:
            return None  # a symbolic link pointing out of the site
        if path.is_dir() and url_path.endswith("/"):
            path = path / "index.html"
        return path if path.exists() else None

    def _send(self, status: int, kind: str, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a reload must show the rebuilt file
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_file(self, file: Path, send_body: bool) -> None:
        with file.open("rb") as f:
            self.send_response(200)
            self.send_header("Content-Type", content_type(file))
            self.send_header("Content-Length", str(file.stat().st_size))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if send_body:
                shutil.copyfileobj(f, self.wfile)  # search index chunks can be large: stream them

    def _not_found(self, send_body: bool) -> None:
        page = self.server.root / "404.html"
        if not page.is_file():
            self._send(404, CONTENT_TYPES[".txt"], b"404 not found\n", send_body)
            return
        html = page.read_bytes()
        # The site's 404.html links from the site's root (its <base>, the path of base_url): here that
        # root is the server's, wherever the missing address was.
        html, based = _BASE.subn(b'<base href="/">', html, count=1)
        if not based and (head := _HEAD_START.search(html)):
            html = html[: head.end()] + b'<base href="/">' + html[head.end() :]
        self._send(404, CONTENT_TYPES[".html"], inject_script(html, self.server.broadcaster.version), send_body)

    def _events(self) -> None:
        broadcaster = self.server.broadcaster
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = broadcaster.version
        message = f"retry: 1000\nevent: hello\ndata: {seen}\n\n"
        try:
            while True:
                self.wfile.write(message.encode())
                self.wfile.flush()
                current = broadcaster.wait(seen, PING_SECONDS)
                if current is None:
                    return
                message = ": ping\n\n" if current == seen else f"event: reload\ndata: {current}\n\n"
                seen = current
        except ConnectionError:
            return  # the tab was closed
