"""The segment stage: every page of the archive cut into its items, from the cache where it can be.

A page's cut is keyed by its text, the settings that cut it and the segmenter's code (`key_pages`);
pages the cache does not know are cut on worker processes (`cut_page`: segmentation, then regions,
then slugs), and a page that cannot be cut is reported and left out, never the whole build.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from sitegen.cache import SegmentCache, cache_key, text_hash
from sitegen.config import SiteConfig
from sitegen.errors import SitegenError
from sitegen.jobs import collecting, start_worker
from sitegen.model import Cut, Page, PageItems, PageText
from sitegen.progress import Advance
from sitegen.regions import assign_regions
from sitegen.segment import SEGMENTER_VERSION, cut_text
from sitegen.slugs import opening, slugify, unique_slugs
from sitegen.sources import page_text


def key_pages(pages: Sequence[PageText], config: SiteConfig) -> tuple[PageText, ...]:
    """Each page with its `digest` (the segment cache key): one hash of each text, used both to find the
    page's cut items and in the digest of the build's inputs. Pages that have one keep it."""
    return tuple(
        read
        if read.page.digest is not None
        else replace(
            read,
            page=replace(
                read.page,
                digest=cache_key(
                    read.text_hash,
                    markdown=_markdown(read.page),
                    columns=config.columns,
                    version=SEGMENTER_VERSION,
                    home_province=config.home_province,
                ),
            ),
        )
        for read in pages
    )


def _markdown(page: Page) -> bool | None:
    return True if page.format == "md" else None  # None: let the segmenter detect Markdown


def segment_pages(
    pages: Sequence[PageText],
    config: SiteConfig,
    cache: SegmentCache,
    workers: int = 1,
    advance: Advance | None = None,
) -> tuple[tuple[PageItems, ...], tuple[SitegenError, ...]]:
    """Cut every page into items with their regions, reusing cached results for unchanged pages.

    Each page comes back with its `digest`, the cache key, which names everything its items depend on."""
    keyed = [(read, _key(read.page)) for read in key_pages(pages, config)]
    found: dict[str, Cut | None] = {key: cache.get(key) for _, key in keyed}
    missing = {key: read for read, key in keyed if found[key] is None}  # each text once
    if advance:
        advance(len(pages) - len(missing))
    columns = tuple(config.columns)
    tasks = [
        (read, _markdown(read.page), columns, config.home_province, config.max_page_mb) for read in missing.values()
    ]
    unread: dict[str, SitegenError] = {}
    failures: dict[str, Exception] = {}
    with collecting():
        for key, (result, same) in zip(missing, _map(read_and_cut, tasks, workers), strict=True):
            if isinstance(result, SitegenError) and same is None:
                unread[key] = result
            elif isinstance(result, Exception):
                failures[key] = result
            else:
                found[key] = result
                if same:  # a text changed since the read stage hashed it is cut, not cached under that hash
                    cache.put(key, result)
            if advance:
                advance(1)
    results: list[PageItems] = []
    problems: list[SitegenError] = []
    for read, key in keyed:
        page, cut = read.page, found.get(key)
        if key in unread:
            problems.append(unread[key])
        elif key in failures:  # a segmenter bug on one page must not stop a year's archive
            problems.append(_stage_failure("segmenter", failures[key], page))
        elif cut is not None:
            results.append((replace(page, furniture=cut.furniture) if cut.furniture else page, cut.items))
    if cache.damaged and cache.folder is not None:
        problems.append(
            SitegenError(
                f"{len(cache.damaged):,} damaged {'entry' if len(cache.damaged) == 1 else 'entries'} of the "
                "segmentation cache ignored; those pages were cut again",
                path=cache.folder,
                severity="note",
                hint="nothing to do; delete the folder if this happens often",
            )
        )
    return tuple(results), tuple(problems)


def _key(page: Page) -> str:
    if page.digest is None:
        raise ValueError(f"{page.source}: not keyed (key_pages keys every page it is given)")
    return page.digest


Task = tuple[PageText, bool | None, tuple[str, ...], str, int]  # page, markdown, columns, home, size limit


def read_and_cut(task: Task) -> tuple[Cut | Exception, bool | None]:
    """A page read and cut where it is cut (on a worker: the build never holds the pages' texts), and
    whether its text still has the hash the read stage found; ``(SitegenError, None)`` if it cannot be read."""
    read, markdown, columns, home, limit_mb = task
    try:
        text = page_text(read, limit_mb)
    except SitegenError as exc:
        return exc, None
    return cut_page((text, markdown, columns, home)), text_hash(text) == read.text_hash


def cut_page(task: tuple[str, bool | None, tuple[str, ...], str]) -> Cut | Exception:
    """One page's items with regions, and its furniture (runs in a worker); an exception is returned,
    to be reported.

    What an item's front matter gives (a `.md` page of item files) is kept: its region and county,
    and its slug, so that an item put back as content is published at the same address."""
    text, markdown, columns, home = task
    try:
        page_cut = cut_text(text, markdown=markdown, columns=columns)
        cut = page_cut.items
        # Per page: a page about one city lends that city to items that only say 市.
        found = assign_regions([item for item, _ in cut], home)
        placed = [item if given.place else place for (item, given), place in zip(cut, found, strict=True)]
        # Slugs are unique within a page, so they are made here, in the worker, and cached with the items.
        fixed = [given.slug for _, given in cut if given.slug]
        made = iter(
            unique_slugs(
                (
                    slugify(item.title or opening(item.body))
                    for item, (_, given) in zip(placed, cut, strict=True)
                    if not given.slug
                ),
                fixed,
            )
        )
        slugs = [given.slug or next(made) for _, given in cut]
        items = tuple(replace(item, slug=slug) for item, slug in zip(placed, slugs, strict=True))
        return Cut(items, page_cut.furniture)
    except Exception as exc:
        return exc


def _map(function: Callable[[Any], Any], tasks: list[Any], workers: int) -> Iterator[Any]:
    if workers <= 1 or len(tasks) < 4 * workers or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, tasks)
        return
    with multiprocessing.get_context("fork").Pool(workers, start_worker, (os.getpid(),)) as pool:
        yield from pool.imap(function, tasks, chunksize=4)


def _stage_failure(stage: str, exc: Exception, page: Page) -> SitegenError:
    return SitegenError(
        f"the {stage} failed on this page: {type(exc).__name__}: {exc}",
        path=page.path,
        hint="save the page as .md cut by hand, and report the bug with this page",
        left_out="skipped",
    )
