"""Benchmark of the site search at 1,000 / 10,000 / 100,000 items.

    .venv/bin/python benchmarks/search_bench.py --sizes 1000 10000 [100000] --out benchmarks/results.md

For each size, in a temporary folder: write a synthetic archive (benchmarks/synth.py), build it
(wall time, peak RSS, time per stage), measure output/search/ (raw and gzip -6 per file), then in
headless Chromium: open search/index.html, type each typed query (赤峰, 党) and press Enter (time to
the first result and to data-state=done, bytes loaded), and open search/index.html?q=… for the
recall queries, comparing data-total with a plain substring count over the built item .md files,
and the listed results with the items themselves. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402
from hugo_pagefind import TreeRss  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
VENV_SITEGEN = REPO / ".venv" / "bin" / "sitegen"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TYPED_QUERIES = ("赤峰", "党")  # a place (two characters), a single character held by nearly every item
RECALL_QUERIES = ("赤峰", "宋爽", "乡村振兴", "党", "峰", "王")
LIST_DIRECT = 2000  # a query with at most this many results is listed on one page, by clicking #search-more
LIST_ALL = 20000  # … with more (up to this many), it is listed in slices: one page per region (and year)
# rewriting --out keeps this line and everything below it (notes written by hand)
KEEP_MARKER = "<!-- search_bench.py keeps this line and everything below it when it rewrites the file -->"
ITEM_MD = re.compile(r"^\d{4}/\d{2}/\d{2}/\d+/[^/]+\.md$")

# Installed in every page before its own scripts: times (Date.now(), so they survive a navigation)
# of the Enter keydown, the first li.search-result and data-state=done, and the data-state sequence.
BENCH_INIT = """
(() => {
  const B = window.__bench = {enter: null, firstResult: null, done: null, states: []};
  try { const e = sessionStorage.getItem('__benchEnter'); if (e) B.enter = Number(e); } catch (_) {}
  const check = () => {
    const r = document.getElementById('search-results');
    if (!r) return;
    const s = r.getAttribute('data-state');
    if (B.states.length === 0 || B.states[B.states.length - 1][0] !== s) B.states.push([s, Date.now()]);
    if (B.firstResult === null && r.querySelector('li.search-result')) B.firstResult = Date.now();
    if (B.done === null && s === 'done') B.done = Date.now();
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                                 attributeFilter: ['data-state']});
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    B.enter = Date.now();
    try { sessionStorage.setItem('__benchEnter', String(B.enter)); } catch (_) {}
  }, true);
  B.reset = () => { B.enter = null; B.firstResult = null; B.done = null; B.states = [];
                    try { sessionStorage.removeItem('__benchEnter'); } catch (_) {} };
})();
"""


# --- sizes ------------------------------------------------------------------------------------------------


@functools.cache
def _gzip_size(path: Path, mtime_ns: int, size: int) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def gzip_size(path: Path) -> int:
    """Size of the file gzipped alone at level 6, as a server compressing on the fly would send it."""
    st = path.stat()
    return _gzip_size(path, st.st_mtime_ns, st.st_size)


def folder_sizes(folder: Path) -> dict[str, Any]:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    raw = sum(p.stat().st_size for p in files)
    gz = sum(gzip_size(p) for p in files)
    biggest = max(files, key=lambda p: p.stat().st_size, default=None)
    return {
        "files": len(files),
        "js_files": sum(p.suffix == ".js" for p in files),
        "raw": raw,
        "gzip": gz,
        "biggest": str(biggest.relative_to(folder)) if biggest else None,
        "biggest_raw": biggest.stat().st_size if biggest else 0,
        "biggest_gzip": gzip_size(biggest) if biggest else 0,
    }


def output_sizes(output: Path) -> dict[str, Any]:
    raw = files = 0
    for p in output.rglob("*"):
        if p.is_file():
            files += 1
            raw += p.stat().st_size
    return {"files": files, "raw": raw}


# --- recall: what a plain substring scan finds ------------------------------------------------------------


def item_texts(output: Path) -> Iterable[tuple[str, str, str]]:
    """(the item's .html path relative to output/, title + body, front matter) for every built item .md file."""
    for path in output.rglob("*.md"):
        rel = path.relative_to(output).as_posix()
        if not ITEM_MD.match(rel):
            continue
        text = path.read_text(encoding="utf-8")
        title, body, front = "", text, ""
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end != -1:
                front, body = text[4:end], text[end + 5 :]
                for line in front.split("\n"):
                    if line.startswith("title:"):
                        title = _yaml_scalar(line[len("title:") :].strip())
                        break
        yield rel[:-3] + ".html", title + "\n" + body, front


def _yaml_scalar(value: str) -> str:
    if value in ("null", "~", ""):
        return ""
    if value[0] in "'\"":
        import yaml

        loaded = yaml.safe_load(value)
        return "" if loaded is None else str(loaded)
    return value


@dataclass
class Expected:
    """What a plain scan of the built item .md files finds."""

    items: int = 0
    text: dict[str, set[str]] = field(default_factory=dict)  # query → .html paths: title or body holds it
    anywhere: dict[str, set[str]] = field(default_factory=dict)  # … or any field (column, region, authors…)
    region: dict[str, str] = field(default_factory=dict)  # .html path → its front matter's region, if any


def expected_matches(output: Path, queries: Iterable[str]) -> Expected:
    """(item count, query → the .html paths of the items whose title or body contains it,
    query → the items that contain it anywhere, front matter included: column, region, county, authors…,
    and the region of every item that has one)."""
    queries = list(queries)
    found: dict[str, set[str]] = {q: set() for q in queries}
    anywhere: dict[str, set[str]] = {q: set() for q in queries}
    regions: dict[str, str] = {}
    count = 0
    for rel, text, front in item_texts(output):
        count += 1
        m = re.search(r"^region:(.*)$", front, flags=re.M)
        if m and (region := _yaml_scalar(m.group(1).strip())):
            regions[rel] = region
        for q in queries:
            if q in text:
                found[q].add(rel)
                anywhere[q].add(rel)
            elif q in front:
                anywhere[q].add(rel)
    return Expected(count, found, anywhere, regions)


def read_manifest(output: Path) -> dict[str, Any]:
    """output/search/manifest.js: sitegenSearch.manifest({...});"""
    text = (output / "search" / "manifest.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


# --- build -------------------------------------------------------------------------------------------------


SUMMARY = re.compile(r"(\d+) pages, (\d+) items; files: (\d+) written")


def run_build(root: Path, sitegen_tree: Path | None, log: Path, min_available: int = 0) -> dict[str, Any]:
    """Build root/content into root/output with root/sitegen.toml, as a fresh first build."""
    args = [
        "build",
        "--source",
        str(root / "content"),
        "--output",
        str(root / "output"),
        "--config",
        str(root / "sitegen.toml"),
    ]
    command = [str(VENV_SITEGEN), *args]  # stage times: benchmarks/bench.py (sitegen build --stats)
    env = dict(os.environ)
    if sitegen_tree is not None:
        env["PYTHONPATH"] = str(sitegen_tree) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        command = [str(VENV_PYTHON), "-m", "sitegen", *args]
    started = time.perf_counter()
    proc = subprocess.Popen(
        ["/usr/bin/time", "-v", *command],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    sampler = TreeRss(proc.pid, min_available=min_available)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    tree_peak = sampler.stop()
    log.write_text(f"$ {' '.join(command)}\n\n{stdout}\n{stderr}", encoding="utf-8")
    result: dict[str, Any] = {
        "command": command,
        "returncode": proc.returncode,
        "wall": wall,
        "peak_tree_rss": tree_peak,
        "peak_tree_pss": sampler.peak_pss,
        "stdout_tail": stdout.strip().splitlines()[-3:],
    }
    if m := re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr):
        result["peak_rss"] = int(m.group(1)) * 1024
    if m := re.search(r"User time \(seconds\): ([\d.]+)", stderr):
        result["user"] = float(m.group(1))
    if m := re.search(r"System time \(seconds\): ([\d.]+)", stderr):
        result["system"] = float(m.group(1))
    if m := SUMMARY.search(stdout):
        result["pages"], result["items"], result["written"] = map(int, m.groups())
    if proc.returncode != 0:  # sitegen's own messages: stderr before /usr/bin/time's report
        own = re.split(
            r"^(?:Command exited with|Command terminated by|\tCommand being timed:)", stderr, maxsplit=1, flags=re.M
        )[0]
        result["error"] = "\n".join((stdout + "\n" + own).strip().splitlines()[-15:])
    if sampler.killed:
        result["error"] = sampler.killed + "\n" + result.get("error", "")
    return result


# --- browser ------------------------------------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@dataclass
class Server:
    root: Path
    httpd: http.server.ThreadingHTTPServer = field(init=False)

    def __enter__(self) -> Server:
        handler = functools.partial(QuietHandler, directory=str(self.root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def local_file(url: str, output: Path) -> Path | None:
    """The file under output/ a request URL names (http://127.0.0.1:… or file://), else None."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
    elif parts.scheme == "http" and parts.hostname == "127.0.0.1":
        path = output / unquote(parts.path).lstrip("/")
    else:
        return None
    if url.endswith("/") or path.is_dir():
        path = path / "index.html"
    try:
        path.resolve().relative_to(output.resolve())
    except ValueError:
        return None
    return path if path.is_file() else None


def bytes_loaded(urls: list[str], output: Path) -> dict[str, Any]:
    search_dir = (output / "search").resolve()
    seen: set[Path] = set()
    out = {
        "requests": len(urls),
        "search_files": 0,
        "search_raw": 0,
        "search_gzip": 0,
        "page_files": 0,
        "page_raw": 0,
        "page_gzip": 0,
        "outside": [],
    }
    for url in urls:
        path = local_file(url, output)
        if path is None:
            if not url.startswith(("data:", "blob:", "about:")):
                out["outside"].append(url)
            continue
        if path in seen:
            continue
        seen.add(path)
        key = "search" if search_dir in path.resolve().parents and path.suffix == ".js" else "page"
        out[f"{key}_files"] += 1
        out[f"{key}_raw"] += path.stat().st_size
        out[f"{key}_gzip"] += gzip_size(path)
    out["total_gzip"] = out["search_gzip"] + out["page_gzip"]
    out["total_raw"] = out["search_raw"] + out["page_raw"]
    return out


STATE_JS = "() => { const r = document.getElementById('search-results'); return r && r.getAttribute('data-state'); }"
FIRST_OR_DONE_JS = """() => {
  const li = document.querySelector('li.search-result');
  if (li && li.getClientRects().length && getComputedStyle(li).visibility !== 'hidden') return true;
  const r = document.getElementById('search-results');
  return !!r && r.getAttribute('data-state') === 'done';
}"""
RESULTS_JS = """() => {
  const r = document.getElementById('search-results');
  const links = [...document.querySelectorAll('li.search-result a')].map(a => a.href);
  return {state: r && r.getAttribute('data-state'), total: r && r.getAttribute('data-total'),
          listed: document.querySelectorAll('li.search-result').length, links, url: location.href,
          bench: window.__bench ? {enter: window.__bench.enter, firstResult: window.__bench.firstResult,
                                   done: window.__bench.done, states: window.__bench.states} : null,
          timeOrigin: performance.timeOrigin};
}"""


class Probe:
    """One fresh browser context and page, with its requests and errors recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context()
        self.context.add_init_script(BENCH_INIT)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on(
            "response",
            lambda r: (
                self.failed.append(f"{r.url} HTTP {r.status}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "console",
            lambda m: (
                self.errors.append(f"console.{m.type}: {m.text}")
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )

    def wait_state(self, states: tuple[str, ...], timeout: float) -> str | None:
        """Wait until #search-results has one of `states` (surviving a navigation); the state reached."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.page.wait_for_function(
                    f"(states) => {{ const s = ({STATE_JS})(); return states.includes(s); }}",
                    arg=list(states),
                    timeout=max(1, (deadline - time.monotonic()) * 1000),
                    polling=5,
                )
                return self.page.evaluate(STATE_JS)
            except Exception as exc:  # a navigation destroys the context: retry in the new document
                if time.monotonic() >= deadline:
                    self.errors.append(f"timeout waiting for data-state in {states}: {exc}".splitlines()[0])
                    return None
                if "Timeout" in type(exc).__name__:
                    self.errors.append(f"timeout waiting for data-state in {states}")
                    return None
                time.sleep(0.05)

    def results(self) -> dict[str, Any]:
        for _ in range(20):
            try:
                return self.page.evaluate(RESULTS_JS)
            except Exception:
                time.sleep(0.1)
        return {}

    def close(self) -> None:
        self.context.close()


def typed_query(browser: Any, page_url: str, output: Path, query: str, timeout: float) -> dict[str, Any]:
    """Open the search page, wait for idle, type the query, press Enter: latency and bytes loaded."""
    probe = Probe(browser)
    try:
        started = time.perf_counter()
        probe.page.goto(page_url, wait_until="load", timeout=timeout * 1000)
        state = probe.wait_state(("idle",), timeout)
        ready = time.perf_counter() - started
        if state != "idle":
            return {
                "error": f"the search page never reached data-state=idle (state {probe.page.evaluate(STATE_JS)!r})",
                "errors": probe.errors,
            }
        probe.page.fill("#search-input", query)
        probe.page.evaluate("() => window.__bench.reset()")
        t0 = time.perf_counter()
        probe.page.press("#search-input", "Enter")
        first_visible = None
        try:  # the first visible result, or done with none: a query with no hit must not wait for the timeout
            probe.page.wait_for_function(FIRST_OR_DONE_JS, timeout=timeout * 1000, polling="raf")
            if probe.page.evaluate("() => !!document.querySelector('li.search-result')"):
                first_visible = time.perf_counter() - t0
        except Exception as exc:
            probe.errors.append(f"no visible li.search-result nor done: {exc}".splitlines()[0])
        state = probe.wait_state(("done",), max(1.0, timeout - (time.perf_counter() - t0)))
        done_seen = time.perf_counter() - t0 if state == "done" else None
        with contextlib.suppress(Exception):  # late requests (result snippets) count as loaded too
            probe.page.wait_for_load_state("networkidle", timeout=5000)
        res = probe.results()
        bench = res.get("bench") or {}
        enter = bench.get("enter")
        return {
            "page_ready_s": ready,
            "first_result_ms": _ms_between(enter, bench.get("firstResult")),
            "done_ms": _ms_between(enter, bench.get("done")),
            "first_visible_ms_outside": None if first_visible is None else first_visible * 1000,
            "done_ms_outside": None if done_seen is None else done_seen * 1000,
            "total": _int(res.get("total")),
            "listed": res.get("listed"),
            "url_after": res.get("url"),
            "q_in_url": f"q={quote(query)}" in (res.get("url") or "") or f"q={query}" in unquote(res.get("url") or ""),
            "states": bench.get("states"),
            "loaded": bytes_loaded(probe.requests, output),
            "failed": probe.failed,
            "errors": probe.errors[:10],
        }
    finally:
        probe.close()


COUNT_JS = "() => document.querySelectorAll('li.search-result').length"
MORE_JS = """() => {
  const more = document.getElementById('search-more');
  return !!more && !more.hidden && more.getClientRects().length > 0;
}"""
CLICK_MORE_JS = f"""() => {{
  if (!({MORE_JS})()) return false;
  document.getElementById('search-more').click();
  return true;
}}"""
LIST_STATE_JS = f"""() => {{
  const r = document.getElementById('search-results');
  return {{listed: ({COUNT_JS})(), more: ({MORE_JS})(), state: r && r.getAttribute('data-state'),
          total: r && r.getAttribute('data-total')}};
}}"""


def list_every_result(page: Any, total: int, timeout: float) -> tuple[list[str] | None, dict[str, Any]]:
    """Click #search-more (not part of the contract: used when present) until every result is listed:
    (the links, or None when they could not all be listed; how it went).

    The click is the element's own click() from the page (not Playwright's, which waits for the
    button to be stable and hit-testable each time): the page's handler runs the same, 10 more a
    click, and the listing of thousands of results takes minutes instead of hours. When fewer than
    `total` are listed and there is no button, the page may still be painting (a repaint queued
    behind the one that set data-state=done): wait up to 5 s for the list or the button to change,
    counted in `late`."""
    deadline = time.monotonic() + timeout
    how: dict[str, Any] = {"clicks": 0, "late": 0}
    while time.monotonic() < deadline:
        st = page.evaluate(LIST_STATE_JS)
        listed = st["listed"]
        if listed >= total:
            return page.evaluate("() => [...document.querySelectorAll('li.search-result a')].map(a => a.href)"), how
        if page.evaluate(CLICK_MORE_JS):
            how["clicks"] += 1
            try:
                page.wait_for_function(f"() => ({COUNT_JS})() > {listed}", timeout=30_000, polling=5)
            except Exception:
                how["stopped"] = f"a click of #search-more listed nothing more than {listed} in 30 s"
                return None, how
            continue
        how["late"] += 1
        how.setdefault("late_seen", []).append(st)
        try:
            page.wait_for_function(f"() => ({COUNT_JS})() > {listed} || ({MORE_JS})()", timeout=5_000, polling=5)
        except Exception:
            how["stopped"] = f"{listed} of {total} listed, no #search-more for 5 s: {st}"
            return None, how
    how["stopped"] = f"not all listed in {timeout:.0f} s"
    return None, how


def url_query(
    browser: Any,
    page_url: str,
    output: Path,
    query: str,
    timeout: float,
    list_all: int = 0,
    params: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Open search/index.html?q=…[&region=…&from=…&to=…]: time from navigation start to first result
    and to done; the results (all of them listed when there are at most list_all)."""
    probe = Probe(browser)
    try:
        url = f"{page_url}?q={quote(query)}" + "".join(f"&{k}={quote(str(v))}" for k, v in (params or {}).items())
        probe.page.goto(url, wait_until="commit", timeout=timeout * 1000)
        state = probe.wait_state(("done",), timeout)
        res = probe.results()
        bench = res.get("bench") or {}
        origin = res.get("timeOrigin")
        total = _int(res.get("total"))
        list_seconds = how = None
        if state == "done" and total is not None and res.get("listed", 0) < total <= list_all:
            t = time.perf_counter()
            expanded, how = list_every_result(probe.page, total, timeout)
            list_seconds = time.perf_counter() - t
            if expanded is not None:
                res["links"], res["listed"] = expanded, len(expanded)
        return {
            "state": state,
            "total": _int(res.get("total")),
            "listed": res.get("listed"),
            "links": res.get("links") or [],
            "list_seconds": list_seconds,
            "listing_how": how,
            "first_result_ms": _ms_between(origin, bench.get("firstResult")),
            "done_ms": _ms_between(origin, bench.get("done")),
            "loaded": bytes_loaded(probe.requests, output),
            "failed": probe.failed,
            "errors": probe.errors[:10],
        }
    finally:
        probe.close()


def list_in_slices(
    browser: Any, page_url: str, output: Path, query: str, timeout: float, list_all: int, manifest: dict[str, Any]
) -> dict[str, Any]:
    """Every result of a query with too many to list on one page (each click of #search-more
    repaints the whole list, so listing n results costs n²): one page per region filter, and per
    year when the archive spans several (?q=…&region=k&from=y&to=y), each listed in full. The
    slices are disjoint; the results of items without a region are in none of them: counted as
    total − the sum of the slices."""
    years = manifest.get("years") or []
    years = list(range(years[0], years[1] + 1)) if len(years) == 2 and years[0] != years[1] else [None]
    started = time.perf_counter()
    slices, links, problems = [], set(), []
    for k, region in enumerate(manifest.get("regions") or []):
        for year in years:
            params: dict[str, Any] = {"region": k} | ({"from": year, "to": year} if year else {})
            r = url_query(browser, page_url, output, query, timeout, list_all, params)
            got = {_rel_link(u, output) for u in r["links"]}
            got.discard(None)
            links |= got
            slices.append(
                {
                    "region": region,
                    "year": year,
                    "total": r["total"],
                    "listed": r["listed"],
                    "links": len(got),
                    "done_ms": r["done_ms"],
                    "list_seconds": r["list_seconds"],
                    "listing_how": r["listing_how"],
                }
            )
            if r["total"] is None or r["listed"] is None or r["listed"] < r["total"]:
                problems.append(
                    f"region {region}{f' {year}' if year else ''}: state {r['state']}, "
                    f"listed {r['listed']} of {r['total']}: {_get(r, 'listing_how', 'stopped')}"
                )
            problems += [f"region {region}: {e}" for e in (r["errors"] + r["failed"])[:2]]
    return {
        "slices": slices,
        "links": links,
        "complete": not any("listed" in p for p in problems),
        "problems": problems[:10],
        "sum_totals": sum(s["total"] or 0 for s in slices),
        "seconds": time.perf_counter() - started,
    }


def _ms_between(start: float | None, end: float | None) -> float | None:
    return None if start is None or end is None else round(end - start, 1)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def browser_runs(
    output: Path,
    expected: Expected,
    timeout: float,
    typed: Iterable[str] = TYPED_QUERIES,
    list_direct: int = LIST_DIRECT,
    list_all: int = LIST_ALL,
    repeat: int = 1,
) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    typed = list(typed)
    manifest = read_manifest(output)
    out: dict[str, Any] = {}
    with sync_playwright() as pw, Server(output) as server:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        out["chromium"] = browser.version
        try:
            page_url = server.base + "search/index.html"
            out["typed"] = {}
            for q in typed:
                runs = [typed_query(browser, page_url, output, q, timeout) for _ in range(max(1, repeat))]
                out["typed"][q] = runs[0]
                out["typed"][q]["runs"] = {k: [r.get(k) for r in runs] for k in ("first_result_ms", "done_ms", "total")}
                out["typed"][q]["runs"]["loaded_gzip"] = [_get(r, "loaded", "total_gzip") for r in runs]
                log(
                    f"  typed {q}: first result {out['typed'][q]['runs']['first_result_ms']} ms, "
                    f"loaded {out['typed'][q]['runs']['loaded_gzip']} B gzip"
                )
            out["recall"] = {}
            for q in expected.text:
                t = time.perf_counter()
                r = url_query(browser, page_url, output, q, timeout, list_direct)
                links = {_rel_link(u, output) for u in r.pop("links")}
                links.discard(None)
                exp, anywhere = expected.text[q], expected.anywhere[q]
                r["expected"] = len(exp)
                r["recall"] = _ratio(r["total"], len(exp))  # the contract's recall: data-total / expected
                r["expected_anywhere"] = len(anywhere)
                # listed results holding the query somewhere (text, or a field such as region or authors)
                r["listed_precision"] = _ratio(len(links & anywhere), len(links)) if links else None
                if r["listed"] is not None and r["total"] is not None and r["listed"] >= r["total"]:
                    # every result listed: exact recall against the text matches, and against any field
                    r["listing"] = "one page"
                    r["true_recall"] = _ratio(len(links & exp), len(exp))
                    r["true_recall_anywhere"] = _ratio(len(links & anywhere), len(anywhere))
                    r["missing"] = sorted(exp - links)[:5]
                elif r["total"] is not None and r["total"] <= list_all and manifest.get("regions"):
                    s = list_in_slices(browser, page_url, output, q, timeout, list_all, manifest)
                    links = s.pop("links")
                    r["listing"] = "slices"
                    r["slices"] = s
                    known = set(manifest["regions"])
                    exp_r = {p for p in exp if expected.region.get(p) in known}
                    any_r = {p for p in anywhere if expected.region.get(p) in known}
                    r["listed_in_slices"] = len(links)
                    r["listed_precision"] = _ratio(len(links & anywhere), len(links)) if links else None
                    # exact recall over the items with a region (the slices cannot list the others) …
                    r["expected_with_region"] = len(exp_r)
                    r["true_recall"] = _ratio(len(links & exp_r), len(exp_r)) if s["complete"] else None
                    r["true_recall_anywhere"] = _ratio(len(links & any_r), len(any_r)) if s["complete"] else None
                    r["missing"] = sorted(exp_r - links)[:5]
                    # … and the others by count: results in no slice, items without a region holding it
                    r["total_without_region"] = r["total"] - s["sum_totals"]
                    r["expected_anywhere_without_region"] = len(anywhere - any_r)
                    r["expected_without_region"] = len(exp - exp_r)
                r["seconds"] = time.perf_counter() - t
                log(
                    f"  ?q={q}: total {r['total']} / expected {len(exp)}, listing {r.get('listing')}, "
                    f"exact recall {r.get('true_recall')} ({r['seconds']:.0f} s)"
                )
                out["recall"][q] = r
            file_url = (output / "search" / "index.html").as_uri()
            out["url_file"] = url_query(browser, file_url, output, typed[0], timeout)
            out["url_file"].pop("links", None)
            out["url_file"]["query"] = typed[0]
            out["url_file"]["same_total_as_http"] = out["url_file"]["total"] == out["recall"].get(
                typed[0], out["typed"][typed[0]]
            ).get("total")
        finally:
            browser.close()
    return out


def _rel_link(url: str, output: Path) -> str | None:
    path = local_file(url.split("#")[0].split("?")[0], output)
    return path.relative_to(output).as_posix() if path else None


def _ratio(a: int | None, b: int | None) -> float | None:
    return None if a is None or not b else a / b


# --- one size ---------------------------------------------------------------------------------------------


def bench_size(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    root = work / f"n{n}"
    if root.exists():
        shutil.rmtree(root)
    res: dict[str, Any] = {
        "size": n,
        "run": {"date": dt.datetime.now().isoformat(timespec="seconds"), "sitegen": args.sitegen_label},
    }
    load = res["loadavg"] = {}  # the machine's 1/5/15-minute load averages, to judge the timings by
    load["archive_start"] = os.getloadavg()
    t = time.perf_counter()
    res["archive"] = synth.make_archive(root, n, seed=args.seed)
    res["archive"]["seconds"] = time.perf_counter() - t
    log(f"[{n}] archive: {res['archive']}")
    load["build_start"] = os.getloadavg()
    res["build"] = run_build(root, args.sitegen_tree, work / f"build-{n}.log", int(args.min_available * 2**30))
    load["build_end"] = os.getloadavg()
    b = res["build"]
    log(
        f"[{n}] build: rc={b['returncode']} {b['wall']:.1f} s, peak RSS {mib(b.get('peak_rss'))}, "
        f"tree {mib(b.get('peak_tree_rss'))}, stages {b.get('stages')}"
    )
    if b["returncode"] != 0:
        log(f"[{n}] build failed:\n{b.get('error')}")
        return res
    output = root / "output"
    res["output"] = output_sizes(output)
    res["search_files"] = folder_sizes(output / "search")
    t = time.perf_counter()
    expected = expected_matches(output, args.queries)
    res["built_items"] = expected.items
    res["expected"] = {q: len(m) for q, m in expected.text.items()}
    res["expected_anywhere"] = {q: len(m) for q, m in expected.anywhere.items()}
    log(
        f"[{n}] output {res['output']}, search {res['search_files']}, expected {res['expected']} "
        f"({time.perf_counter() - t:.1f} s to scan {res['built_items']} items)"
    )
    if args.no_browser:
        res["browser"] = {"skipped": "--no-browser"}
    elif res["search_files"]["js_files"] == 0:
        res["browser"] = {"skipped": "no output/search/*.js: the search index is not built yet"}
    else:
        try:
            load["browser_start"] = os.getloadavg()
            res["browser"] = browser_runs(
                output, expected, args.timeout, args.typed, args.list_direct, args.list_all, args.repeat
            )
        except Exception as exc:
            res["browser"] = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
        load["browser_end"] = os.getloadavg()
    log(f"[{n}] browser: {json.dumps(res['browser'], ensure_ascii=False, default=str)[:1500]}")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return res


# --- report -----------------------------------------------------------------------------------------------


def mib(n: float | None) -> str:
    return "–" if n is None else f"{n / 2**20:,.1f} MiB"


def kib(n: float | None) -> str:
    return "–" if n is None else f"{n / 1024:,.1f} KiB"


def secs(n: float | None) -> str:
    return "–" if n is None else f"{n:,.2f} s"


def ms(n: float | None) -> str:
    return "–" if n is None else f"{n:,.0f} ms"


def _runs(r: dict[str, Any], q: str, key: str) -> list[float | None]:
    typed = _get(r, "browser", "typed", q) or {}
    return _get(typed, "runs", key) or [typed.get(key)]


def spread(values: list[float | None] | None) -> str:
    values = sorted(v for v in values or () if v is not None)
    if not values:
        return "–"
    if len(values) == 1:
        return ms(values[0])
    return f"{ms(statistics.median(values))} ({values[0]:,.0f}–{values[-1]:,.0f}, n={len(values)})"


def pct(n: float | None) -> str:
    return "–" if n is None else f"{n * 100:.1f} %"


def _files_kib(loaded: dict[str, Any] | None, key: str) -> str:
    return "–" if not loaded else f"{loaded[key + '_files']} files, {kib(loaded[key + '_gzip'])}"


def _get(d: Any, *keys: Any) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _listing(rec: dict[str, Any] | None) -> str:
    """How the exact recall was found: every result on one page, or in region (× year) slices."""
    if not rec or rec.get("total") is None:
        return "–"
    if rec.get("listing") == "one page":
        took = f" ({secs(rec['list_seconds'])})" if rec.get("list_seconds") else ""
        return f"all {rec['listed']:,} on one page{took}"
    if rec.get("listing") == "slices":
        s = rec["slices"]
        years = {x["year"] for x in s["slices"]}
        return (
            f"{rec['listed_in_slices']:,} in {len(s['slices'])} slices (region{' × year' if len(years) > 1 else ''}"
            f"{'' if s['complete'] else ', INCOMPLETE'}, {secs(s['seconds'])}): exact over the "
            f"{rec['expected_with_region']:,} expected with a region; results without a region "
            f"{rec['total_without_region']:,}, items without one holding it "
            f"{rec['expected_anywhere_without_region']:,}"
        )
    return f"not listed ({rec['total']:,} results)"


def report(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, fn: Any) -> None:
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except Exception:
                cells.append("–")
        rows.append((label, cells))

    row("items (synthetic / built)", lambda r: f"{r['archive']['items']:,} / {r.get('built_items', 0):,}")
    row(
        "issues (days)",
        lambda r: f"{r['archive']['pages']:,} ({r['archive']['first_day']} – {r['archive']['last_day']})",
    )
    row("content size", lambda r: mib(r["archive"]["bytes"]))
    row("build: wall time", lambda r: secs(r["build"]["wall"]) + ("" if r["build"]["returncode"] == 0 else " (failed)"))
    row("build: items/s", lambda r: f"{r['archive']['items'] / r['build']['wall']:,.0f}")
    row("build: user + sys CPU", lambda r: secs(r["build"].get("user", 0) + r["build"].get("system", 0)))
    row("build: peak RSS (largest process)", lambda r: mib(r["build"].get("peak_rss")))
    row("build: peak RSS (process tree, sampled)", lambda r: mib(r["build"].get("peak_tree_rss")))
    row("build: peak PSS (process tree, sampled; shared pages once)", lambda r: mib(r["build"].get("peak_tree_pss")))
    row("output: files / size", lambda r: f"{r['output']['files']:,} / {mib(r['output']['raw'])}")
    row("search/: files (.js)", lambda r: f"{r['search_files']['files']:,} ({r['search_files']['js_files']:,})")
    row("search/: raw", lambda r: mib(r["search_files"]["raw"]))
    row("search/: gzip -6 per file, summed", lambda r: mib(r["search_files"]["gzip"]))
    row(
        "search/: largest file raw / gzip",
        lambda r: f"{kib(r['search_files']['biggest_raw'])} / {kib(r['search_files']['biggest_gzip'])}",
    )
    for tq in meta["typed queries"]:
        typed = ("browser", "typed", tq)
        row(
            f"typed “{tq}” + Enter → first result, median (min–max)",
            lambda r, tq=tq: spread(_runs(r, tq, "first_result_ms")),
        )
        row(
            f"typed “{tq}” + Enter → data-state=done, median (min–max)",
            lambda r, tq=tq: spread(_runs(r, tq, "done_ms")),
        )
        row(
            "… first run, seen from Playwright (first visible / done)",
            lambda r, typed=typed: (
                f"{ms(_get(r, *typed, 'first_visible_ms_outside'))} / {ms(_get(r, *typed, 'done_ms_outside'))}"
            ),
        )
        row(
            "… ?q= updated after Enter / data-total",
            lambda r, typed=typed: (
                {True: "yes", False: "no"}.get(_get(r, *typed, "q_in_url"), "–")
                + " / "
                + (f"{_get(r, *typed, 'total'):,}" if _get(r, *typed, "total") is not None else "–")
            ),
        )
        row(
            f"bytes loaded, first query “{tq}” (page + search, gzip)",
            lambda r, typed=typed: kib(_get(r, *typed, "loaded", "total_gzip")),
        )
        row(
            "… of which search/*.js (files, gzip)",
            lambda r, typed=typed: _files_kib(_get(r, *typed, "loaded"), "search"),
        )
        row(
            "… of which the page's own files (files, gzip)",
            lambda r, typed=typed: _files_kib(_get(r, *typed, "loaded"), "page"),
        )
        row(
            "… requests (leaving the site)",
            lambda r, typed=typed: (
                f"{_get(r, *typed, 'loaded', 'requests')} ({len(_get(r, *typed, 'loaded', 'outside'))})"
                if _get(r, *typed, "loaded")
                else "–"
            ),
        )
    tq = meta["typed queries"][0]
    row(
        f"?q={tq} opened (http) → first result / done",
        lambda r: (
            f"{ms(_get(r, 'browser', 'recall', tq, 'first_result_ms'))} / "
            f"{ms(_get(r, 'browser', 'recall', tq, 'done_ms'))}"
        ),
    )
    row(
        f"?q={tq} opened (file://) → first result / done",
        lambda r: (
            f"{ms(_get(r, 'browser', 'url_file', 'first_result_ms'))} / {ms(_get(r, 'browser', 'url_file', 'done_ms'))}"
        ),
    )
    row(
        "file:// total equals http total",
        lambda r: {True: "yes", False: "NO"}.get(_get(r, "browser", "url_file", "same_total_as_http"), "–"),
    )
    for q in meta["queries"]:
        rec = ("browser", "recall", q)
        row(
            f"“{q}”: expected (substring) / data-total",
            lambda r, q=q, rec=rec: (
                f"{r['expected'][q]:,} / "
                + (f"{_get(r, *rec, 'total'):,}" if _get(r, *rec, "total") is not None else "–")
            ),
        )
        row(f"“{q}”: … in any field (region, county, authors…)", lambda r, q=q: f"{r['expected_anywhere'][q]:,}")
        row(f"“{q}”: recall = total/expected", lambda r, rec=rec: pct(_get(r, *rec, "recall")))
        row(
            f"“{q}”: listed results containing it (any field)",
            lambda r, rec=rec: (
                f"{pct(_get(r, *rec, 'listed_precision'))} of "
                f"{_get(r, *rec, 'listed_in_slices') or _get(r, *rec, 'listed'):,}"
                if _get(r, *rec, "listed") is not None
                else "–"
            ),
        )
        row(
            f"“{q}”: exact recall, all results listed (text / any field)",
            lambda r, rec=rec: f"{pct(_get(r, *rec, 'true_recall'))} / {pct(_get(r, *rec, 'true_recall_anywhere'))}",
        )
        row(f"“{q}”: … how listed", lambda r, rec=rec: _listing(_get(r, *rec)))
        row(f"“{q}”: ?q= opened → done", lambda r, rec=rec: ms(_get(r, *rec, "done_ms")))
    row(
        "machine load average (1 min): build start / end, browser end",
        lambda r: " / ".join(
            f"{_get(r, 'loadavg', k)[0]:.1f}" if _get(r, "loadavg", k) else "–"
            for k in ("build_start", "build_end", "browser_end")
        ),
    )

    header = "| | " + " | ".join(f"{r['size']:,} items" for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    notes = [f"- {k}: {v}" for k, v in meta.items()]
    for r in results:
        problems = []
        if r["build"]["returncode"] != 0:
            problems.append(f"build failed: {r['build'].get('error', '')[-400:]}")
        br = r.get("browser", {})
        if "skipped" in br:
            problems.append(f"browser: skipped ({br['skipped']})")
        if "error" in br:
            problems.append(f"browser: {br['error']}")
        parts = [(f"typed {q}", t) for q, t in (_get(br, "typed") or {}).items()] + [("url_file", br.get("url_file"))]
        for part, got in parts:
            if _get(got, "error"):
                problems.append(f"browser {part}: {_get(got, 'error')}")
            for e in (_get(got, "errors") or [])[:3] + (_get(got, "failed") or [])[:3]:
                problems.append(f"{part}: {e}")
        for q, rec in (_get(br, "recall") or {}).items():
            for e in (
                (rec.get("errors") or [])[:2]
                + (rec.get("failed") or [])[:2]
                + (_get(rec, "slices", "problems") or [])[:3]
            ):
                problems.append(f"?q={q}: {e}")
            hows = [rec.get("listing_how")] + [x.get("listing_how") for x in _get(rec, "slices", "slices") or []]
            if late := [h["late_seen"][0] for h in hows if h and h.get("late")]:
                problems.append(
                    f"?q={q}: {len(late)} page(s) showed fewer results than data-total with no "
                    f"#search-more (then repainted), e.g. {late[0]}"
                )
            if rec.get("true_recall") is not None and rec["true_recall"] < 1:
                problems.append(f"?q={q}: exact recall {pct(rec['true_recall'])}, missing e.g. {rec.get('missing')}")
        if (run := r.get("run")) and run.get("date") != meta.get("date"):
            problems.append(f"measured {run['date']} with {run.get('sitegen')}")
        notes += [f"- {r['size']:,} items: {p}" for p in problems]
    return "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"


def environment(args: argparse.Namespace) -> dict[str, Any]:
    def git(*cmd: str) -> str:
        try:
            return subprocess.run(["git", *cmd], cwd=REPO, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"

    dirty = git("status", "--short", "--untracked-files=no")
    args.sitegen_label = (
        f"{args.sitegen_tree}"
        if args.sitegen_tree
        else f"{REPO} at {git('rev-parse', '--short', 'HEAD')}" + (" + uncommitted changes" if dirty else "")
    )
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "sitegen": args.sitegen_label,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "build command": ".venv/bin/sitegen build",
        "seed": args.seed,
        "queries": args.queries,
        "typed queries": args.typed,
        "listing": f"exact recall: up to {args.list_direct:,} results listed on one page, up to {args.list_all:,} "
        "in region (× year) slices",
        "timings": "wall clock on a shared machine: expect ±20 %; browser times are Date.now() in the page "
        "(keydown of Enter, or navigation start, to the first li.search-result / data-state=done)",
    }


def write_results(out: Path, results: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    """The table to `out` (keeping KEEP_MARKER and what follows it), every number to its .json
    (keeping its keys other than meta and results: numbers the notes below the marker quote)."""
    kept = ""
    if out.exists() and KEEP_MARKER in (old := out.read_text(encoding="utf-8")):
        kept = "\n" + old[old.index(KEEP_MARKER) :]
    out.write_text(f"# Search benchmark\n\n{report(results, meta)}{kept}", encoding="utf-8")
    data: dict[str, Any] = {}
    if (js := out.with_suffix(".json")).exists():
        with contextlib.suppress(ValueError):
            data = {k: v for k, v in json.loads(js.read_text(encoding="utf-8")).items() if k not in ("meta", "results")}
    js.write_text(
        json.dumps({"meta": meta, "results": results, **data}, ensure_ascii=False, indent=1, default=str) + "\n",
        encoding="utf-8",
    )


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results.md")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="where archives are built (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep each size's archive and output")
    parser.add_argument("--no-browser", action="store_true", help="build and sizes only")
    parser.add_argument(
        "--sitegen-tree",
        type=Path,
        help="a sitegen source tree to run instead of the installed one (put on PYTHONPATH)",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for a search to finish")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="times the typed query is run, each in a fresh context (the table gives the median)",
    )
    parser.add_argument(
        "--min-available",
        type=float,
        default=1.5,
        metavar="GIB",
        help="kill the build when the machine's available memory falls below this (0: never)",
    )
    parser.add_argument("--queries", nargs="+", default=list(RECALL_QUERIES), help="recall queries")
    parser.add_argument(
        "--typed",
        nargs="+",
        default=list(TYPED_QUERIES),
        help="the queries typed into #search-input, each measured --repeat times",
    )
    parser.add_argument(
        "--list-direct",
        type=int,
        default=LIST_DIRECT,
        metavar="N",
        help="when a query has at most N results, click #search-more until all are listed and "
        "compute exact recall from the links (0: never)",
    )
    parser.add_argument(
        "--list-all",
        type=int,
        default=LIST_ALL,
        metavar="N",
        help="when it has more, but at most N, list them in slices: one page per region (and "
        "year), each listed in full (0: never)",
    )
    parser.add_argument(
        "--merge", action="store_true", help="keep the sizes already in --out's .json that this run does not measure"
    )
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"working in {work}")
    meta = environment(args)
    earlier: dict[int, dict[str, Any]] = {}
    if args.merge and args.out.with_suffix(".json").exists():
        earlier = {
            r["size"]: r
            for r in json.loads(args.out.with_suffix(".json").read_text("utf-8"))["results"]
            if r["size"] not in args.sizes
        }
        log(f"merging the earlier results for sizes {sorted(earlier)}")
    results = []
    for n in args.sizes:
        results.append(bench_size(n, args, work))
        merged = sorted([*earlier.values(), *results], key=lambda r: r["size"])
        write_results(args.out, merged, meta)  # rewritten after every size, so a long run leaves partial results
    print(report(sorted([*earlier.values(), *results], key=lambda r: r["size"]), meta))
    failed = [r["size"] for r in results if r["build"]["returncode"] != 0]
    if failed:
        log(f"build logs of the failed sizes {failed} are kept in {work}")
    elif not args.workdir and not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
