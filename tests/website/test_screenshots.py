"""Screenshots of home, issue and article at phone and desktop widths, both themes, for people
to look at: written to screenshots/ at the repository root."""

from __future__ import annotations

import pytest

from website.helpers import REPO, BuiltSite
from website.pages import representative

SHOTS = REPO / "screenshots"


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots(site: BuiltSite, browser, width: int) -> None:
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    pages = representative(site.root)
    for name in ("home", "issue", "article"):
        page.goto(pages[name].as_uri())
        target = SHOTS / f"{site.theme}-{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000  # a real rendering, not a blank page
    context.close()
