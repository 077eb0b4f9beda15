"""Pages by group: columns and authors (an index and each group's listing), regions and counties."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sitegen import urls
from sitegen.model import Group, GroupInfo
from sitegen.render import PAGER_LINKS, PER_PAGE, numbered_pages

if TYPE_CHECKING:
    from sitegen.render import Renderer


def plan(r: Renderer) -> None:
    site = r.site
    group_pages(r, "columns", urls.COLUMNS, site.columns, urls.column_folder, "栏目", feed=True)
    group_pages(r, "authors", urls.AUTHORS, site.authors, urls.author_folder, "作者")
    regions_pages(r)


def group_pages(
    r: Renderer,
    kind: str,
    index: str,
    groups: Sequence[Group],
    folder: Callable[[str], str],
    label: str,
    *,
    feed: bool = False,
) -> None:
    """The index page of a kind of group, and each group's listing (with its Atom feed if ``feed``)."""
    r.page("groups.html", index, title=label, kind=kind, label=label, groups=[g.info for g in groups])
    for group in groups:
        listing(r, group, folder(group.slug), label, parent=None, feed=feed)


def regions_pages(r: Renderer) -> None:
    regions = r.site.regions
    r.page(
        "regions.html",
        urls.REGIONS,
        title="地区",
        regions=[g.info for g in regions],
        chart=r.region_chart(urls.REGIONS),
    )
    for region in regions:
        listing(r, region, urls.region_folder(region.slug), "地区", parent=None)
        for county in region.children:
            listing(r, county, urls.region_folder(region.slug, county.slug), "地区", parent=region)


def listing(r: Renderer, group: Group, folder: str, label: str, parent: Group | None, *, feed: bool = False) -> None:
    """The group's index (its newest items) and numbered pages of PER_PAGE items counted from the
    oldest, so page 3 keeps its items for good and a new issue changes only the newest pages."""
    numbered = numbered_pages(group.count)
    full = len(numbered)
    feed_path = urls.column_feed(group.slug) if feed and r.site.config.base_url else None
    newest = list(range(full, max(0, full - PAGER_LINKS), -1))
    r.page(
        "listing.html",
        urls.listing_url(folder),
        title=group.name,
        group=group.info,
        label=label,
        parent=parent.info if parent else None,
        items=group.items[:PER_PAGE],
        number=0,
        feed=feed_path,
        gap=full > PAGER_LINKS + 1,
        pager=[(k, urls.listing_url(folder, k)) for k in newest]
        + ([(1, urls.listing_url(folder, 1))] if full > PAGER_LINKS else []),
    )
    name = GroupInfo(group.kind, group.name, group.slug)
    parent_name = GroupInfo(parent.kind, parent.name, parent.slug) if parent else None
    for k, start, stop in numbered:
        r.page(
            "listing.html",
            urls.listing_url(folder, k),
            title=f"{group.name}（第{k}页）",
            group=name,
            label=label,
            parent=parent_name,
            items=group.items[start:stop],
            number=k,
            feed=None,
            first=(k - 1) * PER_PAGE + 1,
            last=k * PER_PAGE,
            latest=urls.listing_url(folder),
            newer=urls.listing_url(folder, k + 1) if k < full else urls.listing_url(folder),
            older=urls.listing_url(folder, k - 1) if k > 1 else None,
            oldest=urls.listing_url(folder, 1) if k > 2 else None,
        )
