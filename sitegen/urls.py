"""Where every page of the site lives, and how one page links to another.

Paths are site-relative with forward slashes. Links are made relative to the page they
appear on and name `index.html` explicitly, so the same output works on a web server and
opened from disk (file:// shows a folder listing, not its index, for a bare `dir/`).
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import urllib.parse

from sitegen.model import Item

HOME = "index.html"
ARCHIVE = "archive/index.html"
COLUMNS = "columns/index.html"
REGIONS = "regions/index.html"
AUTHORS = "authors/index.html"
SEARCH = "search/index.html"
FEED = "feed.xml"
NOT_FOUND = "404.html"
STATIC = "static"


def item_base(item: Item) -> str:
    """`YYYY/MM/DD/NN/<slug>` (no extension): the item's `.html` and `.md` sit side by side."""
    if item.date is None or item.page is None or item.slug is None:
        raise ValueError(f"item not placed in the archive yet: {item.title!r}")
    date = item.date  # not strftime: this runs for every link to an item, five times faster
    return f"{date.year}/{date.month:02d}/{date.day:02d}/{item.page:02d}/{item.slug}"


def item_url(item: Item) -> str:
    return item_base(item) + ".html"


def item_markdown_url(item: Item) -> str:
    return item_base(item) + ".md"


def year_url(year: int) -> str:
    return f"{year:04d}/index.html"


def month_url(year: int, month: int) -> str:
    return f"{year:04d}/{month:02d}/index.html"


def issue_url(date: dt.date) -> str:
    return f"{date:%Y/%m/%d}/index.html"


def page_url(date: dt.date, number: int) -> str:
    return f"{date:%Y/%m/%d}/{number:02d}/index.html"


# Numbered pages of a list beside its index; past them, a folder for each further thousand.
PAGES_BESIDE_INDEX = 1000


def listing_url(folder: str, page: int | None = None) -> str:
    """A list's index (its newest items), `folder/index.html`, or its numbered page `folder/<page>.html`,
    counted from the oldest: `1.html` holds the first items ever, and keeps them. Pages past the first
    thousand sit in `folder/1001-2000/`, `folder/2001-3000/`…, so that no folder holds more than about
    a thousand of them whatever the list grows to (a region of 300,000 articles has 15,000 pages), and
    a page's address never depends on how long its list has grown."""
    if page is None:
        return f"{folder}/index.html"
    if page <= PAGES_BESIDE_INDEX:
        return f"{folder}/{page}.html"
    low = (page - 1) // PAGES_BESIDE_INDEX * PAGES_BESIDE_INDEX + 1
    return f"{folder}/{low}-{low + PAGES_BESIDE_INDEX - 1}/{page}.html"


def column_folder(slug: str) -> str:
    return f"columns/{slug}"


def column_feed(slug: str) -> str:
    return f"columns/{slug}/feed.xml"


def region_folder(slug: str, county_slug: str | None = None) -> str:
    return f"regions/{slug}" if county_slug is None else f"regions/{slug}/{county_slug}"


def author_folder(slug: str) -> str:
    """`authors/<surname>/<slug>`: a daily's archive credits tens of thousands of names, more than a
    folder should hold on common static hosts; the slug's first word (the surname's pinyin) splits
    them into a few hundred folders, none holding more than a few thousand."""
    return f"authors/{slug.split('-', 1)[0]}/{slug}"


def site_root(base_url: str) -> str:
    """The site's root as an absolute path, for the page a web server sends for any missing address
    (404.html): the path of ``base_url``, or ``/`` when it is unset (the site at the server's root)."""
    path = "/" + urllib.parse.urlsplit(base_url).path.strip("/") if base_url else "/"
    return path if path.endswith("/") else path + "/"


def relative(from_page: str, target: str) -> str:
    """The link from the page at `from_page` to `target` (both site-relative), keeping `#anchors`."""
    path, _, anchor = target.partition("#")
    return _relative_path(posixpath.dirname(from_page), path) + (f"#{anchor}" if anchor else "")


_ODD = frozenset({".", "..", ""})


@functools.lru_cache(maxsize=65536)  # every page links to the same few dozen places
def _relative_path(folder: str, path: str) -> str:
    """posixpath.relpath(path, folder or "."), for the plain relative paths of the site, without its
    abspath calls (a tenth of the time spent rendering pages)."""
    here = folder.split("/") if folder else []
    there = [part for part in path.split("/") if part]
    if _ODD.intersection(here) or _ODD.intersection(there) or path.startswith("/") or folder.startswith("/"):
        return posixpath.relpath(path, folder or ".")  # anything unusual: the general rule
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."
