"""robots.txt, the Atom feeds (the whole paper's and each column's) and the sitemap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitegen import feeds, urls
from sitegen.fingerprint import digest
from sitegen.model import Item
from sitegen.render import FEED_ENTRIES, feed_entries

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
    """sitemap.xml: every page planned so far (so it is planned last), in parts of a year each."""
    dated: dict[str, dt.date | None] = {j.id: None for j in r.jobs if j.id.endswith(".html") and j.id != urls.NOT_FOUND}
    for item in r.site.all_items:
        dated[urls.item_url(item)] = item.date
    parts = feeds.sitemap_parts(sorted(dated.items()))
    # One job a part: a new issue redoes the parts of its year and of the listings, and the index.
    for name, listed in parts.items():
        key = r.keys.key("sitemap", name, digest("\n".join(f"{p} {d}" for p, d in listed).encode()))
        r.emit(name, key, lambda listed=listed: feeds.sitemap_xml(listed, base))  # type: ignore[misc]
    if "sitemap.xml" not in parts:
        index = [(name, feeds.newest(listed)) for name, listed in parts.items()]
        r.emit("sitemap.xml", r.keys.key("sitemap-index", index), lambda: feeds.sitemap_index(index, base))
