"""Pick the site's representative pages by following its own links, not by guessing paths."""

from __future__ import annotations

import re
from pathlib import Path


def first_link(page: Path, nav: str) -> Path:
    """The target of the first `a[data-nav=nav]` on `page`."""
    html = page.read_text(encoding="utf-8")
    m = re.search(rf'<a href="([^"#]+)"[^>]*data-nav="{nav}"', html)
    assert m, f"no data-nav={nav} link on {page}"
    return (page.parent / m.group(1)).resolve()


def representative(root: Path) -> dict[str, Path]:
    """home, year, issue, article, column, region and author pages, found by clicking through."""
    home = root / "index.html"
    year = first_link(home, "year")
    issue = first_link(year, "issue")
    article = first_link(issue, "item")
    return {
        "home": home,
        "year": year,
        "issue": issue,
        "article": article,
        "column": first_link(article, "column")
        if 'data-nav="column"' in article.read_text("utf-8")
        else first_link(root / "columns" / "index.html", "column"),
        "region": first_link(article, "region"),
        "author": first_link(article, "author"),
    }
