"""Assemble: from placed items to the collections readers browse by.

Issues by date, and groups by column, region (prefecture → county) and author. Lists are
newest first; ties keep page order. Everything here is derived, so it is rebuilt every time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from sitegen.config import SiteConfig
from sitegen.model import Issue, Item, Page
from sitegen.slugs import slugify, unique_slugs
from sitegen.sources import IssueInfo

PageItems = tuple[Page, tuple[Item, ...]]


@dataclass(frozen=True)
class GroupInfo:
    """What a page shows of a group without listing it: a page given this, not the `Group`, does not
    change when an item joins the group unless it shows the count."""

    name: str
    slug: str
    count: int | None = None
    children: tuple[GroupInfo, ...] = ()


@dataclass(frozen=True)
class Group:
    """Items sharing a column, region, county or author; `slug` names its folder."""

    name: str
    slug: str
    items: tuple[Item, ...]  # newest first
    children: tuple[Group, ...] = ()  # a region's counties

    @property
    def count(self) -> int:
        return len(self.items)

    @cached_property
    def info(self) -> GroupInfo:
        return GroupInfo(self.name, self.slug, self.count, tuple(c.info for c in self.children))

    def position(self, item: Item) -> int:
        """Where `item` stands in `items`, in constant time after the first call."""
        found = self._identities.get(id(item))
        return found if found is not None else self._positions[place(item)]

    @cached_property
    def _identities(self) -> dict[int, int]:  # the group holds its items for the whole build
        return {id(i): n for n, i in enumerate(self.items)}

    @cached_property
    def _positions(self) -> dict[tuple[object, ...], int]:
        return {place(i): n for n, i in enumerate(self.items)}

    @cached_property
    def sort_keys(self) -> tuple[tuple[int, int, int], ...]:
        """`newest_first` of each item, in order: computed once, not once per neighbour looked at."""
        return tuple(newest_first(i) for i in self.items)


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs, derived once per build."""

    config: SiteConfig
    issues: tuple[Issue, ...]  # newest first
    items: Mapping[str, tuple[Item, ...]]  # page.source → that page's items, in page order
    all_items: tuple[Item, ...]  # newest first
    columns: tuple[Group, ...]
    regions: tuple[Group, ...]
    authors: tuple[Group, ...]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({issue.date.year for issue in self.issues}, reverse=True))

    def issue_items(self, issue: Issue) -> tuple[Item, ...]:
        """An issue's items in reading order: page by page, top to bottom."""
        return tuple(item for page in issue.pages for item in self.items[page.source])


def place(item: Item) -> tuple[object, ...]:
    """An item's unique place in the archive: date, page, position on the page."""
    return (item.date, item.page, item.seq)


def newest_first(item: Item) -> tuple[int, int, int]:
    """Sort key: newest date first, then page and position on the page."""
    date = item.date or dt.date.min
    return (-date.toordinal(), item.page or 0, item.seq)


def assemble(placed: Iterable[PageItems], issues: Mapping[dt.date, IssueInfo], config: SiteConfig) -> Site:
    by_date: dict[dt.date, list[Page]] = defaultdict(list)
    items: dict[str, tuple[Item, ...]] = {}
    for page, page_items in placed:
        by_date[page.date].append(page)
        items[page.source] = page_items
    built = tuple(
        Issue(
            date=date,
            pages=tuple(sorted(pages, key=lambda p: p.number)),
            edition=issues.get(date, IssueInfo()).edition,
        )
        for date, pages in sorted(by_date.items(), reverse=True)
    )
    every = tuple(sorted((i for page_items in items.values() for i in page_items), key=newest_first))
    return Site(
        config=config,
        issues=built,
        items=items,
        all_items=every,
        columns=group_by(every, lambda i: [i.column] if i.column else []),
        regions=group_regions(every),
        authors=group_by(every, lambda i: list(i.authors)),
    )


def group_by(items: tuple[Item, ...], keys: Callable[[Item], list[str]]) -> tuple[Group, ...]:
    """Groups named by `keys(item)`, largest first then by name; slugs are unique and stable."""
    members: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for key in keys(item):
            members[key].append(item)
    names = sorted(members)  # slugs are handed out in name order, so they do not depend on counts
    slugs = dict(zip(names, unique_slugs(slugify(n) for n in names), strict=True))
    groups = [Group(n, slugs[n], tuple(members[n])) for n in names]
    return tuple(sorted(groups, key=lambda g: (-g.count, g.name)))


def group_regions(items: tuple[Item, ...]) -> tuple[Group, ...]:
    """Prefectures (or the province, for region-wide items), each with its counties."""
    regions = group_by(items, lambda i: [i.region] if i.region else [])
    return tuple(
        Group(
            r.name,
            r.slug,
            r.items,
            children=group_by(r.items, lambda i: [i.county] if i.county else []),
        )
        for r in regions
    )


def related(group: Group | None, item: Item, limit: int = 5) -> tuple[Item, ...]:
    """Other items of the group, closest in time first.

    The group is newest first, so the closest items sit next to the item: look only at a
    window around it (a reporter may have tens of thousands of items).
    """
    if group is None:
        return ()
    position = group.position(item)
    keys = group.sort_keys
    day = keys[position][0]  # minus the date's ordinal
    # (distance in days, sort key, index): keys are unique in a group, so the index is never compared.
    window = sorted(
        (abs(keys[k][0] - day), keys[k], k)
        for k in chain(
            range(max(0, position - limit), position), range(position + 1, min(len(keys), position + limit + 1))
        )
    )
    items = group.items
    return tuple(items[k] for _, _, k in window[:limit])
