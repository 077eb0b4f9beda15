"""The 404 page as a web server sends it for a missing address at any depth, and the fonts Chinese text gets.

A server configured as most are (nginx ``error_page 404 /404.html``, Apache ``ErrorDocument``, GitHub
Pages, Netlify) answers a missing ``/dangjian/2023/12/99/`` with the site's 404.html, at that address:
its stylesheet and links must still resolve, from the site's root (the path of base_url).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from website.helpers import BuiltSite, serve_site, sitegen_build

SAMPLE_ROOT = "/dangjian/"  # the path of the sample archive's base_url
# What the theme's stylesheet sets: the same on the 404 page as on the home page.
STYLE = """() => {
  const body = getComputedStyle(document.body), nav = getComputedStyle(document.querySelector('.site-nav ul'));
  return {margin: body.margin, font: body.fontFamily, background: body.backgroundColor, color: body.color,
          link: getComputedStyle(document.querySelector('.site-nav a')).color, nav: nav.display + nav.listStyleType};
}"""


@pytest.fixture()
def sample_server(site: BuiltSite) -> Iterator[str]:
    httpd, url = serve_site(site.root, SAMPLE_ROOT)
    yield url
    httpd.shutdown()
    httpd.server_close()


def check_not_found(browser, url: str, home: str) -> None:
    """The 404 page at ``url``: status 404, every request it makes answered, styled, its links working."""
    page = browser.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.url != url else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    response = page.goto(url)
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "页面未找到"
    styled = page.evaluate(STYLE)
    assert styled["margin"] == "0px"  # the theme's, not the browser's 8px
    assert not failed, failed
    page.locator("main a", has_text="首页").click()
    page.wait_for_load_state()
    assert page.url == home + "index.html"
    assert page.locator(".site-title").count() == 1
    assert page.evaluate(STYLE) == styled  # styled as every other page of the site
    page.go_back()
    page.locator("main a", has_text="日期").click()
    page.wait_for_load_state()
    assert page.url == home + "archive/index.html" and page.locator("h1").inner_text() == "往期"
    page.close()


@pytest.mark.parametrize("missing", ["2023/12/99/", "2023/12/26/05/no-such-article.html", "a/b/c/d/e/f/", "nope"])
def test_the_404_page_works_at_any_depth(site: BuiltSite, browser, sample_server: str, missing: str) -> None:
    check_not_found(browser, sample_server + missing, sample_server)


def test_without_base_url_the_404_page_assumes_the_server_root(
    browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("no-base-url")
    (root / "content/2024-03-01").mkdir(parents=True)
    (root / "content/2024-03-01/01.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    (root / "sitegen.toml").write_text('title = "测试"\n', encoding="utf-8")
    output = sitegen_build(root / "content", root / "sitegen.toml", root)
    assert '<base href="/">' in (output / "404.html").read_text(encoding="utf-8")
    httpd, url = serve_site(output, "/")
    try:
        check_not_found(browser, url + "2024/03/99/", url)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_chinese_quotes_and_ellipses_are_drawn_from_a_chinese_font(site: BuiltSite, browser) -> None:
    """Which font Chromium really draws “ ” and …… with (CSS.getPlatformFontsForNode), in body text."""
    page = browser.new_page()
    page.goto(site.url("index.html"))
    page.evaluate(
        "() => { const p = document.createElement('p'); p.id = 'probe'; p.textContent = '“”……';"
        " document.querySelector('main').appendChild(p); }"
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument")
    node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "#probe"})
    text = cdp.send("DOM.describeNode", {"nodeId": node["nodeId"], "depth": 1})["node"]["children"][0]
    fonts: list[dict[str, str]] = []
    for _ in range(50):  # the text is laid out (and its fonts known) once the page settles; slow under load
        page.evaluate("() => document.getElementById('probe').getBoundingClientRect().width")
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        if fonts:
            break
        page.wait_for_timeout(100)
    assert text["nodeValue"] == "“”……"
    families = {f["familyName"] for f in fonts}
    assert families and all("CJK" in f for f in families), families
    page.close()
