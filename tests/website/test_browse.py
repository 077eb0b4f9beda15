"""A reader clicks from the home page to an article and on to its column, region and author,
from disk (file://) and from a local web server; nothing scrolls sideways on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from website.helpers import BuiltSite
from website.pages import representative

TO_ARTICLE = ["year", "issue"]
FROM_ARTICLE = ["column", "region", "author"]


def click_through(browser, start: str, allowed: str) -> list[str]:
    """Click home → year → issue → an article, then from the article to its column, its region and its
    author. Returns the URLs reached; fails on any request outside `allowed`."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(start)
    visited = [page.url]
    for nav in TO_ARTICLE:
        page.locator(f'main a[data-nav="{nav}"]').first.click()
        page.wait_for_load_state()
        visited.append(page.url)
    issue = page.url
    # The first article that names a column, a region and an author.
    for k in range(page.locator('main a[data-nav="item"]').count()):
        page.goto(issue)
        page.locator('main a[data-nav="item"]').nth(k).click()
        page.wait_for_load_state()
        if all(page.locator(f'main a[data-nav="{nav}"]').count() for nav in FROM_ARTICLE):
            break
    else:
        pytest.fail(f"no article in {issue} names a column, a region and an author")
    article = page.url
    visited.append(article)
    for nav in FROM_ARTICLE:
        page.goto(article)
        page.locator(f'main a[data-nav="{nav}"]').first.click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1, page.url
        visited.append(page.url)
    context.close()
    outside = [u for u in requests if not u.startswith(allowed)]
    assert not outside, outside
    return visited


def test_click_from_home_to_author_on_disk(site: BuiltSite, browser) -> None:
    visited = click_through(browser, site.url("index.html"), site.root.as_uri())
    assert visited[3].endswith(".html") and "/columns/" in visited[4]
    assert "/regions/" in visited[5] and "/authors/" in visited[6]


def test_click_from_home_to_author_over_http(site: BuiltSite, browser, server: str) -> None:
    visited = click_through(browser, server + "index.html", server)
    assert "/authors/" in visited[-1]


def test_nothing_scrolls_sideways_at_360px(site: BuiltSite, browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    wide = []
    pages: list[Path] = [
        *representative(site.root).values(),
        site.root / "regions/index.html",
        site.root / "archive/index.html",
    ]
    for path in pages:
        page.goto(path.as_uri())
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide.append(f"{path}: {scroll} > {inner}")
    context.close()
    assert not wide, wide
