"""``sitegen serve``: build, serve ``output/``, rebuild on every change and reload open pages.

Four parts, each in its own thread: the web server (livereload.py), the
watches (watch.py), the rebuilder below (one build at a time, started once
changes settle), and the main thread, which only waits for Ctrl-C.
"""

from __future__ import annotations

import contextlib
import errno
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import click

from sitegen.cache import CACHE_DIR_NAME
from sitegen.errors import display_path
from sitegen.livereload import Broadcaster, SiteServer
from sitegen.rebuild import SiteBuilder, SiteOptions
from sitegen.watch import Watcher, WatchPlan, watch_plan
from sitegen.writer import manifest_stamp

SETTLE_SECONDS = 0.15  # after the last change, before building: a checkout or a save-all is many changes
LISTED_CHANGES = 3  # changed files named in the "rebuilding" line
RETRY_SECONDS = 1.0  # before building again when another build held the site
FOLLOW_SECONDS = 0.5  # how often to look whether another build swapped in a new site


@dataclass(frozen=True)
class ServeOptions:
    site: SiteOptions
    host: str = "127.0.0.1"
    port: int = 8000


def serve(options: ServeOptions) -> int:
    """Run until Ctrl-C (or SIGTERM); the exit status: 0, or 2 when the address cannot be used."""
    broadcaster = Broadcaster()
    try:
        server = SiteServer((options.host, options.port), options.site.output, broadcaster)
    except OSError as exc:  # checked before the first build: a taken port should not cost a build's wait
        click.echo(listen_error(exc, options.host, options.port), err=True)
        return 2
    _stop_on_signals()
    builder = SiteBuilder(options.site)
    rebuilder = Rebuilder(lambda changed: _rebuild(builder, changed, broadcaster, watcher, rebuilder))
    watcher = Watcher(rebuilder.request)
    serving = False
    with server:
        try:
            builder.build()
            watcher.follow(_plan(builder))
            threading.Thread(target=server.serve_forever, args=(0.1,), name="sitegen-http", daemon=True).start()
            serving = True
            threading.Thread(target=rebuilder.run, name="sitegen-rebuild", daemon=True).start()
            threading.Thread(
                target=_follow_output,
                args=(options.site.output, rebuilder, broadcaster),
                name="sitegen-output",
                daemon=True,
            ).start()
            if builder.busy:
                rebuilder.request(set(), after=RETRY_SECONDS)
            click.echo(f"serving {options.site.output} at {_url(server)} (Ctrl-C to stop)")
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            watcher.stop()
            rebuilder.stop()
            broadcaster.close()  # ends the pages' event streams, which would keep their threads
            if serving:
                server.shutdown()
            _finish_build(rebuilder)
    click.echo("stopped")
    return 0


def _finish_build(rebuilder: Rebuilder) -> None:
    """Let a build under way finish writing, unless Ctrl-C comes again."""
    if rebuilder.idle:
        return
    click.echo("waiting for the build under way to finish (Ctrl-C again to stop now)", err=True)
    with contextlib.suppress(KeyboardInterrupt):
        rebuilder.wait_idle()


class Rebuilder:
    """Collects changed paths and runs one rebuild at a time once they settle."""

    def __init__(self, rebuild: Callable[[set[Path]], None]) -> None:
        self._rebuild = rebuild
        self._lock = threading.Lock()
        self._changed: set[Path] = set()
        self._last = 0.0
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._idle = threading.Event()
        self._idle.set()

    def request(self, changed: set[Path], after: float = 0.0) -> None:
        """Build once the changes settle; ``after`` seconds from now at the earliest."""
        with self._lock:
            self._changed |= changed
            self._last = max(self._last, time.monotonic() + after)
        self._wake.set()

    def run(self) -> None:
        while not self._stopped.is_set():
            if not self._wake.wait(0.5):
                continue
            while (delay := self._last + SETTLE_SECONDS - time.monotonic()) > 0:
                time.sleep(delay)
            with self._lock:
                changed, self._changed = self._changed, set()
                self._wake.clear()
            if self._stopped.is_set():
                return
            self._idle.clear()
            try:
                self._rebuild(changed)
            finally:
                self._idle.set()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()

    @property
    def idle(self) -> bool:
        return self._idle.is_set()

    def wait_idle(self) -> None:
        while not self._idle.wait(0.5):  # in slices: a bare wait() would not see a second Ctrl-C at once
            pass


def _follow_output(output: Path, rebuilder: Rebuilder, broadcaster: Broadcaster) -> None:
    """Reload the open pages when another build (``sitegen build`` in a terminal, a script) swaps in a new
    site: its manifest changes. Our own builds reload them themselves."""
    seen = manifest_stamp(output)
    while not broadcaster.closed:
        time.sleep(FOLLOW_SECONDS)
        now = manifest_stamp(output)
        if now != seen:
            seen = now
            if rebuilder.idle:
                broadcaster.publish()


def _rebuild(
    builder: SiteBuilder, changed: set[Path], broadcaster: Broadcaster, watcher: Watcher, rebuilder: Rebuilder
) -> None:
    names = sorted(display_path(p) for p in changed)
    more = f" and {len(names) - LISTED_CHANGES} more" if len(names) > LISTED_CHANGES else ""
    click.echo(f"changed: {', '.join(names[:LISTED_CHANGES])}{more}; rebuilding" if names else "rebuilding")
    try:
        written = builder.build()
    except Exception:  # a bug in the build must not end the server: show it, keep the last site
        click.echo(traceback.format_exc().rstrip(), err=True)
        click.echo(f"build failed with an internal error; {builder.options.output} may be incomplete", err=True)
        written = False
    if builder.busy:
        rebuilder.request(changed, after=RETRY_SECONDS)  # the lock is another build's: try again after it
    elif written:
        broadcaster.publish()
    watcher.follow(_plan(builder))  # the settings may name another theme now


def _plan(builder: SiteBuilder) -> WatchPlan:
    site = builder.options
    ignored = [site.output, site.config_file.parent / CACHE_DIR_NAME]
    return watch_plan(site.source, site.config_file, builder.archive_root(), builder.theme_dirs(), ignored)


def listen_error(exc: OSError, host: str, port: int) -> str:
    """One line saying why the server cannot listen, and what to do about it."""
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use: pass --port, e.g. --port {port + 1 if port < 65535 else 8001}"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port} on {host}: pass a port above 1023, e.g. --port 8000"
    reason = exc.strerror or str(exc)
    return f"cannot listen on {host} port {port}: {reason} (pass --host 127.0.0.1 or another --port)"


def _url(server: SiteServer) -> str:
    host, port = server.server_name, server.server_port
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM (a process manager, a test) both stop the server cleanly.

    SIGINT is set as well: a shell script that starts serve in the background leaves it ignored,
    and then neither Ctrl-C nor ``kill -INT`` would stop the server.
    """

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, interrupt)
