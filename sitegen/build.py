"""The build pipeline, one stage after another: read ``build`` top to bottom.

    discover → read → segment → enrich → assemble → render (theme) → write

Each stage takes the previous stage's result as arguments and returns a new
one; nothing is shared through globals. Problems in the input are collected as
the stages go; the build goes on without the faulty files and the caller
exits non-zero at the end. With ``strict``, the build stops after the first
stage that found an error or warning, before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen.assemble import PageItems, assemble
from sitegen.cache import SegmentCache, cache_key
from sitegen.config import SiteConfig
from sitegen.errors import SitegenError, count_errors
from sitegen.model import Page
from sitegen.regions import assign_regions
from sitegen.render import render_site
from sitegen.segment import SEGMENTER_VERSION, segment_text
from sitegen.slugs import slugify, unique_slugs
from sitegen.sources import discover, read_pages
from sitegen.theme import load_theme
from sitegen.writer import WriteResult, collect_files, write_output


@dataclass(frozen=True)
class BuildResult:
    pages: int = 0
    items: int = 0
    problems: tuple[SitegenError, ...] = ()
    write: WriteResult | None = None  # None: output/ was not touched
    strict: bool = False
    stopped_at: str | None = None  # the stage a --strict build stopped after
    errors: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "errors", count_errors(self.problems, strict=self.strict))


def build(
    source: Path,
    output: Path,
    config: SiteConfig,
    *,
    strict: bool = False,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Build the site for the archive in ``source`` into ``output``."""
    problems: list[SitegenError] = []

    def stop(stage: str, pages: int = 0, items: int = 0) -> BuildResult | None:
        """Under --strict, the result to return if this stage found a problem."""
        if strict and count_errors(problems, strict=True):
            return BuildResult(pages, items, tuple(problems), strict=True, stopped_at=stage)
        return None

    found = discover(source)
    problems += found.problems
    if halt := stop("discover"):
        return halt

    pages, read_problems = read_pages(found.pages)
    problems += read_problems
    if halt := stop("read", len(pages)):
        return halt

    segmented, segment_problems = segment_pages(pages, config, SegmentCache(cache_dir))
    problems += segment_problems
    if halt := stop("segment", len(pages)):
        return halt

    placed, enrich_problems = enrich(segmented, config)
    problems += enrich_problems
    item_count = sum(len(items) for _, items in placed)
    if halt := stop("enrich", len(placed), item_count):
        return halt

    site = assemble(placed, found.issues, config)
    if not config.base_url:
        problems.append(SitegenError(
            "no base_url: Atom feeds and sitemap.xml are left out (they need absolute addresses)",
            path=config.path, severity="note", hint='set base_url = "https://…/" in sitegen.toml',
        ))
    try:
        theme = load_theme(config.theme, archive_root(source, config), config_path=config.path)
        files = collect_files(render_site(site, theme))
    except SitegenError as exc:  # a theme or template bug, or two items on one path: write nothing
        problems.append(exc)
        return BuildResult(len(placed), item_count, tuple(problems), strict=strict, stopped_at="render")

    written = write_output(output, files)
    return BuildResult(len(placed), item_count, tuple(problems), written, strict=strict)


def archive_root(source: Path, config: SiteConfig) -> Path:
    """The folder holding sitegen.toml and the archive's own `templates/`, `static/`, `themes/`."""
    return config.path.parent if config.path is not None else source.parent


# --- segment ------------------------------------------------------------------------------------------


def segment_pages(
    pages: Sequence[Page], config: SiteConfig, cache: SegmentCache
) -> tuple[tuple[PageItems, ...], tuple[SitegenError, ...]]:
    """Cut every page into items, reusing cached results for unchanged pages."""
    results: list[PageItems] = []
    problems: list[SitegenError] = []
    for page in pages:
        markdown = True if page.format == "md" else None  # None: let the segmenter detect Markdown
        key = cache_key(page.text, markdown=markdown, columns=config.columns, version=SEGMENTER_VERSION)
        items = cache.get(key)
        if items is None:
            try:
                items = segment_text(page.text, markdown=markdown, columns=config.columns)
            except Exception as exc:  # a segmenter bug on one page must not stop a year's archive
                problems.append(_stage_failure("segmenter", exc, page))
                continue
            cache.put(key, items)
        results.append((page, tuple(items)))
    return tuple(results), tuple(problems)


def _stage_failure(stage: str, exc: Exception, page: Page) -> SitegenError:
    return SitegenError(
        f"the {stage} failed on this page: {type(exc).__name__}: {exc}",
        path=page.path,
        hint="save the page as .md cut by hand, and report the bug with this page",
    )


# --- enrich -------------------------------------------------------------------------------------------


def enrich(
    segmented: Sequence[PageItems], config: SiteConfig
) -> tuple[tuple[PageItems, ...], tuple[SitegenError, ...]]:
    """Give each item its region, date, page, position, source and slug."""
    results: list[PageItems] = []
    problems: list[SitegenError] = []
    for page, items in segmented:
        try:
            # Per page: a page about one city lends that city to items that only say 市.
            with_regions = assign_regions(items, config.home_province)
        except Exception as exc:  # as in segment_pages: report it and go on with the other pages
            problems.append(_stage_failure("region finder", exc, page))
            with_regions = tuple(items)
        slugs = unique_slugs(slugify(item.title or _opening(item.body)) for item in with_regions)
        placed = tuple(
            replace(item, date=page.date, page=page.number, seq=seq, source=page.source, slug=slug)
            for seq, (item, slug) in enumerate(zip(with_regions, slugs, strict=True), start=1)
        )
        results.append((page, placed))
    return tuple(results), tuple(problems)


def _opening(body: str, length: int = 16) -> str:
    """The first words of a body, to name an item that has no title at all."""
    return " ".join(body.split())[:length]
