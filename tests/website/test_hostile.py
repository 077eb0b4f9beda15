"""The hostile archive (hostile.py) in Chromium: one page of every kind in both themes, from disk and over HTTP,
every item page, and a search for every hostile string, failing on any dialog, console error, uncaught error
or sign of script from page text.

The payloads call alert() or set window.__pwned; a page passes when neither happened, its only scripts are
the theme's files, no element carries an event handler or came from page text, and every link or source it
holds resolves to an http(s), file or mailto URL by the browser's own parser.
"""

from __future__ import annotations

import http.server
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.bidi import balanced
from sitegen.urls import site_root
from website.helpers import THEMES, BuiltSite, serve_site, sitegen_build
from website.hostile import BASE_URL, HOSTILE, write_archive

NOT_FOUND_LOGGED = "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"
SITE_ROOT = site_root(BASE_URL)  # "/hostile/": where the site is served, and its 404 page's base

# Run in each page after it loads: what script from page text would leave behind.
INSPECT = """() => {
  const safe = ["http:", "https:", "file:", "mailto:"];
  const all = Array.from(document.querySelectorAll("*"));
  const urls = [];
  for (const el of all) {
    for (const name of ["href", "src", "action", "xlink:href"]) {
      const value = el.getAttribute(name);
      if (value !== null) urls.push(new URL(value, document.baseURI).protocol + " " + value);
    }
  }
  return {
    pwned: typeof window.__pwned,
    scripts: Array.from(document.scripts).map(s => s.src || "inline: " + s.textContent),
    handlers: all.filter(el => Array.from(el.attributes).some(a => a.name.startsWith("on")))
      .map(el => el.outerHTML.slice(0, 100)),
    foreign: Array.from(document.querySelectorAll("iframe, object, embed, style, base, b, x, [srcdoc], [style]"))
      .map(el => el.outerHTML.slice(0, 100)),
    unsafe: urls.filter(u => !safe.includes(u.split(" ")[0])),
    bodyLinks: document.querySelectorAll(".item-body a").length,
  };
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BuiltSite]:
    """``hostile_site(theme)``: the hostile archive built in that theme, once."""
    built: dict[str, BuiltSite] = {}

    def get(theme: str) -> BuiltSite:
        if theme not in built:
            root = write_archive(tmp_path_factory.mktemp(f"hostile-site-{theme}"), theme)
            built[theme] = BuiltSite(theme, sitegen_build(root / "content", root / "sitegen.toml", root))
        return built[theme]

    return get


@pytest.fixture(scope="module")
def hostile_base(hostile_site: Callable[[str], BuiltSite]) -> Iterator[Callable[[str, str], str]]:
    """``hostile_base(theme, scheme)``: the root URL of that site from disk ("file") or from a local server,
    where it is served under the path of its base_url with its 404.html for missing addresses."""
    servers: dict[str, tuple[http.server.ThreadingHTTPServer, str]] = {}

    def get(theme: str, scheme: str) -> str:
        site = hostile_site(theme)
        if scheme == "file":
            return site.root.as_uri() + "/"
        if theme not in servers:
            servers[theme] = serve_site(site.root, SITE_ROOT)
        return servers[theme][1]

    yield get
    for httpd, _ in servers.values():
        httpd.shutdown()
        httpd.server_close()


def page_kinds(root: Path) -> dict[str, Path]:
    """One page of every kind the site has, found in the output (names come from the hostile archive)."""

    def first(pattern: str, exclude: str = "") -> Path:
        found = sorted(p for p in root.glob(pattern) if not (exclude and p.name == exclude))
        assert found, pattern
        return found[0]

    return {
        "home": root / "index.html",
        "not found": root / "404.html",
        "archive": root / "archive/index.html",
        "year": first("[0-9][0-9][0-9][0-9]/index.html"),
        "month": first("[0-9]*/[0-9][0-9]/index.html"),
        "issue": first("[0-9]*/[0-9]*/[0-9]*/index.html"),
        "page": first("[0-9]*/[0-9]*/[0-9]*/[0-9]*/index.html"),
        "item from a Markdown page": first("[0-9]*/[0-9]*/01/[0-9]*/biao-ti-*.html"),
        "article from a text page": first("[0-9]*/[0-9]*/02/[0-9]*/ti-*.html"),
        "photo from a text page": first("[0-9]*/[0-9]*/02/[0-9]*/tu-*.html"),
        "item from front matter": first("[0-9]*/[0-9]*/03/[0-9]*/juan-shou-*.html"),
        "columns": root / "columns/index.html",
        "column": first("columns/*/index.html"),
        "regions": root / "regions/index.html",
        "region": first("regions/*/index.html"),
        "region, numbered page": first("regions/*/1.html"),
        "county": first("regions/*/*/index.html"),
        "authors": root / "authors/index.html",
        "author": first("authors/*/*/index.html"),
        "author, numbered page": first("authors/*/*/1.html"),
        "search": root / "search/index.html",
    }


class Watched:
    """A page whose dialogs, console errors, uncaught errors and requests are recorded."""

    def __init__(self, browser: object, allowed: str) -> None:
        self.context = browser.new_context()  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.allowed = allowed
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))
        self.page.on("request", self._request)

    def _dialog(self, dialog: object) -> None:
        self.problems.append(f"dialog {dialog.type}: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def _request(self, request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        if not url.startswith(self.allowed):
            self.problems.append(f"request outside the site: {url}")

    def check(self, where: str) -> int:
        """Fail on anything recorded so far or left in the page by script from page text; returns the number
        of links in the item body."""
        found = self.page.evaluate(INSPECT)
        problems = list(self.problems)
        if found["pwned"] != "undefined":
            problems.append("window.__pwned was set")
        # The theme's scripts, and on the search page the index files they load.
        own = (self.allowed + "static/", self.allowed + "search/")
        problems += [f"script not from the site: {s}" for s in found["scripts"] if not s.startswith(own)]
        problems += [f"event handler: {h}" for h in found["handlers"]]
        # The one <base> the site writes: the 404 page's, the site's root (urls.site_root).
        problems += [f"element from page text: {f}" for f in found["foreign"] if f != f'<base href="{SITE_ROOT}">']
        problems += [f"unsafe URL: {u}" for u in found["unsafe"]]
        assert not problems, f"{where}: {problems}"
        return found["bodyLinks"]

    def open(self, url: str, status: int = 200) -> int:
        response = self.page.goto(url)  # returns on the load event: images have failed or loaded, handlers have run
        assert response is not None and response.status == status, url
        if status == 404:  # Chromium logs the page's own status as an error: that one is expected
            self.problems.remove(NOT_FOUND_LOGGED)
        return self.check(url)

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize(("theme", "scheme"), [(t, s) for t in THEMES for s in ("http", "file")])
def test_every_kind_of_page_runs_no_script_from_text(
    hostile_site, hostile_base, browser, theme: str, scheme: str
) -> None:
    site = hostile_site(theme)
    base = hostile_base(theme, scheme)
    kinds = page_kinds(site.root)
    assert len(kinds) == 21
    watched = Watched(browser, base)
    for kind, path in kinds.items():
        if kind == "not found":
            if scheme == "file":
                continue  # a web server's page, for a missing address: tests/website/test_not_found.py
            watched.open(base + "2024/01/99/", status=404)  # as a server sends it, at a missing address
        else:
            watched.open(base + path.relative_to(site.root).as_posix())
        assert watched.page.locator("h1").count() == 1, kind
    watched.close()


def test_every_item_page_over_http(hostile_site, hostile_base, browser) -> None:
    """Each item page, not one of each kind: every field of every string is on one of them (listing pages show
    the same fields through the same templates, one of each kind opened above, and all of them are read by
    tests/test_hostile.py). Links in item bodies are clicked too: one that a browser reads as javascript:
    would run. One theme: the other changes only the masthead and the issue page."""
    site = hostile_site("default")
    base = hostile_base("default", "http")
    watched = Watched(browser, base)
    pages = sorted(p for p in site.root.glob("[0-9]*/[0-9]*/[0-9]*/[0-9]*/*.html") if p.name != "index.html")
    assert len(pages) == 4 * len(HOSTILE)
    clicked = 0
    for path in pages:
        links = watched.open(base + path.relative_to(site.root).as_posix())
        for k in range(links):
            watched.page.locator(".item-body a").nth(k).click(no_wait_after=True)
            clicked += 1
        if links:
            watched.check(f"{path} after clicking its body links")
    assert clicked >= 3 * 7  # the link-shaped strings on their Markdown, text and front matter pages
    watched.close()


def item_titles() -> set[str]:
    """Every title the search could show, as the search files hold it."""
    titles = set()
    for n, h in enumerate(HOSTILE, start=1):
        titles |= {balanced(t) for t in (f"标题{n:02d} {h}", f"题{h}——", f"图{h}——", f"卷首{n:02d} {h}")}
    return titles


# Both themes share the search page: one of them is also searched from disk.
@pytest.mark.parametrize(("theme", "scheme"), [("default", "http"), ("default", "file"), ("broadsheet", "http")])
def test_searching_for_every_hostile_string(hostile_site, hostile_base, browser, theme: str, scheme: str) -> None:
    """Typed into the search page: every string finds its items, and the results show them as text."""
    base = hostile_base(theme, scheme)
    watched = Watched(browser, base)
    watched.open(base + "search/index.html")
    titles = item_titles()
    for h in HOSTILE:
        watched.page.fill("#search-input", h)
        watched.page.press("#search-input", "Enter")
        watched.page.wait_for_function(
            "q => new URLSearchParams(location.search).get('q') === q"
            " && document.querySelector('#search-results').dataset.state === 'done'",
            arg=h,
            timeout=15000,
        )
        total = int(watched.page.get_attribute("#search-results", "data-total"))
        shown = watched.page.locator("li.search-result h2").all_text_contents()
        assert total >= 4 and shown, (h, total)
        assert set(shown) <= titles, (h, set(shown) - titles)
        watched.check(f"search for {h!r}")
    watched.close()
