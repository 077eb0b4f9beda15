"""robots.txt, the Atom feeds (the whole paper's and each column's) and the sitemap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from sitegen import feeds, urls
from sitegen.fingerprint import digest
from sitegen.model import Item, Site
from sitegen.render import FEED_ENTRIES, feed_entries, numbered_pages

if TYPE_CHECKING:
    from sitegen.render import Renderer


def plan(r: Renderer) -> None:
    feeds_(r)


def feeds_(r: Renderer) -> None:
    """Atom feeds of the newest items, sitemap and robots.txt. Feeds and sitemaps need absolute
    URLs, so an archive without `base_url` gets neither (the build says so)."""
    config = r.site.config
    base = config.base_url
    r.emit("robots.txt", r.keys.key("robots", base), lambda: feeds.robots_txt(base))
    if not base:
        return
    feed(r, urls.FEED, r.site.all_items, config.title, urls.HOME)
    for column in r.site.columns:
        feed(
            r,
            urls.column_feed(column.slug),
            column.items,
            f"{config.title} · {column.name}",
            urls.listing_url(urls.column_folder(column.slug)),
        )
    sitemap(r, base)


def feed(r: Renderer, path: str, items: Sequence[Item], title: str, site_path: str) -> None:
    """The Atom feed at ``path`` of the newest of ``items``, for the listing at ``site_path``."""
    config = r.site.config
    base = config.base_url
    key = r.keys.key("feed", path, title, site_path, items[:FEED_ENTRIES])
    r.emit(
        path,
        key,
        lambda: feeds.atom_feed(
            feed_entries(base, items),
            title=title,
            feed_url=feeds.absolute_url(base, path),
            site_url=feeds.absolute_url(base, site_path),
            lang=config.language,
        ),
    )


def sitemap(r: Renderer, base: str) -> None:
    """sitemap.xml: every page of the site (`site_pages`), in parts of a year each."""
    parts = feeds.sitemap_parts(sorted(site_pages(r.site)))
    # One job a part: a new issue redoes the parts of its year and of the listings, and the index.
    for name, listed in parts.items():
        key = r.keys.key("sitemap", name, digest("\n".join(f"{p} {d}" for p, d in listed).encode()))
        r.emit(name, key, lambda listed=listed: feeds.sitemap_xml(listed, base))  # type: ignore[misc]
    if "sitemap.xml" not in parts:
        index = [(name, feeds.newest(listed)) for name, listed in parts.items()]
        r.emit("sitemap.xml", r.keys.key("sitemap-index", index), lambda: feeds.sitemap_index(index, base))


def site_pages(site: Site) -> Iterator[tuple[str, dt.date | None]]:
    """Every HTML page the planners make of ``site`` but the 404 page, with its date if it is an article's:
    the pages by date, by issue and by group (tests check this against the planned jobs)."""
    yield from ((path, None) for path in (urls.HOME, urls.ARCHIVE, urls.SEARCH, urls.COLUMNS, urls.AUTHORS))
    yield from ((urls.year_url(year), None) for year in site.years)
    yield from ((urls.month_url(y, m), None) for y, m in sorted({(i.date.year, i.date.month) for i in site.issues}))
    for issue in site.issues:
        yield urls.issue_url(issue.date), None
        yield from ((urls.page_url(issue.date, page.number), None) for page in issue.pages)
    yield from ((urls.item_url(item), item.date) for item in site.all_items)
    yield urls.REGIONS, None
    listed = [(urls.column_folder(g.slug), g.count) for g in site.columns]
    listed += [(urls.author_folder(g.slug), g.count) for g in site.authors]
    for region in site.regions:
        listed.append((urls.region_folder(region.slug), region.count))
        listed += [(urls.region_folder(region.slug, county.slug), county.count) for county in region.children]
    for folder, count in listed:
        yield urls.listing_url(folder), None
        yield from ((urls.listing_url(folder, k), None) for k, _, _ in numbered_pages(count))
