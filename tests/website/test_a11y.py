"""axe-core in headless Chromium: no serious or critical violations, light and dark."""

from __future__ import annotations

from pathlib import Path

import pytest

from website.helpers import AXE_JS, BuiltSite, require
from website.pages import representative


def violations(browser, url: str, scheme: str = "light", ready: str | None = None) -> list[str]:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    if ready:
        page.wait_for_selector(ready)
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    found = page.evaluate(
        "axe.run().then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " targets: v.nodes.map(n => n.target.join(' ')).slice(0, 3)})))"
    )
    context.close()
    return [f"{v['impact']} {v['id']} at {v['targets']}" for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_key_pages_have_no_serious_violations(site: BuiltSite, browser, scheme: str) -> None:
    require(AXE_JS.is_file(), "node_modules/axe-core")
    pages = representative(site.root)
    report = {name: violations(browser, path.as_uri(), scheme) for name, path in pages.items()}
    assert not any(report.values()), report


def test_axe_really_reports(browser, tmp_path: Path) -> None:
    require(AXE_JS.is_file(), "node_modules/axe-core")
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="x.png"><p style="color:#eee">淡</p></body></html>', encoding="utf-8")
    assert any("image-alt" in v for v in violations(browser, bad.as_uri()))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_page_with_results_has_no_serious_violations(site: BuiltSite, browser, scheme: str) -> None:
    require(AXE_JS.is_file(), "node_modules/axe-core")
    url = site.url("search/index.html") + "?q=%E8%B5%A4%E5%B3%B0"  # 赤峰
    assert not violations(browser, url, scheme, ready='#search-results[data-state="done"] li.search-result')
