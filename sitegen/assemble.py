"""Assemble: from placed items to the collections readers browse by.

Issues by date, and groups by column, region (prefecture → county) and author. Lists are
newest first; ties keep page order. Everything here is derived, so it is rebuilt every time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import chain

from sitegen.config import SiteConfig
from sitegen.errors import SitegenError, display_path
from sitegen.model import Group, GroupKind, Issue, Item, Page, PageItems, Site, newest_first
from sitegen.segment.frontmatter import read_sections
from sitegen.slugs import slugify, unique_slugs
from sitegen.sources import IssueInfo, read_text
from sitegen.urls import item_base


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
        columns=group_by(every, lambda i: [i.column] if i.column else [], "column"),
        regions=group_regions(every),
        authors=group_by(every, lambda i: list(i.authors), "author"),
    )


def group_by(items: tuple[Item, ...], keys: Callable[[Item], list[str]], kind: GroupKind) -> tuple[Group, ...]:
    """Groups named by `keys(item)`, largest first then by name; slugs are unique and stable."""
    members: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for key in keys(item):
            members[key].append(item)
    names = sorted(members)  # slugs are handed out in name order, so they do not depend on counts
    slugs = dict(zip(names, unique_slugs(slugify(n) for n in names), strict=True))
    groups = [Group(kind, n, slugs[n], tuple(members[n])) for n in names]
    return tuple(sorted(groups, key=lambda g: (-g.count, g.name)))


def group_regions(items: tuple[Item, ...]) -> tuple[Group, ...]:
    """Prefectures (or the province, for region-wide items), each with its counties."""
    regions = group_by(items, lambda i: [i.region] if i.region else [], "region")
    return tuple(
        Group(
            "region",
            r.name,
            r.slug,
            r.items,
            children=group_by(r.items, lambda i: [i.county] if i.county else [], "county"),
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


# --- place: each item its date, page, position and an address of its own ---------------------------


def place_items(segmented: Sequence[PageItems]) -> tuple[PageItems, ...]:
    """Give each item its date, page, position and source."""
    results: list[PageItems] = []
    for page, items in segmented:
        placed = tuple(
            replace(item, date=page.date, page=page.number, seq=seq, source=page.source)
            for seq, item in enumerate(items, start=1)
        )
        results.append((page, placed))
    return tuple(results)


def separate(placed: Sequence[PageItems]) -> tuple[tuple[PageItems, ...], list[SitegenError]]:
    """Items of one page given the same slug in their front matter would be written to one file,
    the later over the earlier: the later gets a free slug, and an error names both."""
    results: list[PageItems] = []
    problems: list[SitegenError] = []
    for page, items in placed:
        slugs = [item.slug for item in items]
        if len(set(slugs)) == len(slugs):
            results.append((page, items))
            continue
        taken = {s for s in slugs if s}
        seen: dict[str, int] = {}  # slug → how many items gave it so far
        lines = _slug_lines(page)  # once a page: a page of 1,000 items with one slug stays linear
        free_slugs: dict[str, Iterator[str]] = {}
        kept: list[Item] = []
        for item in items:
            if item.slug is not None and item.slug in seen:
                seen[item.slug] += 1
                free = next(free_slugs.setdefault(item.slug, _free_slugs(item.slug, taken)))
                taken.add(free)
                problems.append(_clash(page, item, seen[item.slug], free, lines.get(item.slug, [])))
                item = replace(item, slug=free)
            seen.setdefault(item.slug or "", 1)
            kept.append(item)
        results.append((page, tuple(kept)))
    return tuple(results), problems


def _free_slugs(slug: str, taken: set[str]) -> Iterator[str]:
    """``slug-2``, ``slug-3``… that are not ``taken`` (the set grows as they are given out)."""
    n = 1
    while True:
        n += 1
        if f"{slug}-{n}" not in taken:
            yield f"{slug}-{n}"


def _slug_lines(page: Page) -> dict[str, list[int]]:
    """Slug → the lines of the page's front matter that give it."""
    try:
        text = read_text(page.path)  # only for a page with a clash: its front matter's lines
    except SitegenError:  # gone since it was cut: the errors name the page without its lines
        return {}
    lines: dict[str, list[int]] = {}
    for section in read_sections(text).sections:
        if section.meta and section.meta.get("slug"):
            lines.setdefault(section.meta["slug"], []).append(section.key_lines.get("slug", section.line))
    return lines


def _clash(page: Page, item: Item, nth: int, free: str, lines: list[int]) -> SitegenError:
    """The error for the ``nth`` item of ``page`` to give ``item.slug``, given on ``lines``."""
    name = display_path(page.path)
    # The first item to give the slug and this one; of more, only how many (1,000 would make a long message).
    shown = [lines[0], lines[nth - 1]] if len(lines) >= nth else lines[:1]
    more = len(lines) - len(shown)
    where = " and ".join(f"{name}:{line}" for line in shown) + (f", and {more} more" if more > 0 else "")
    return SitegenError(
        f"two items would be written to output/{item_base(item)}.html: their front matter gives both "
        f'slug "{item.slug}" ({where or name})',
        path=page.path,
        line=lines[nth - 1] if len(lines) >= nth else None,
        hint=f"give one of them another slug; meanwhile the later one is published as {free}.html",
    )
