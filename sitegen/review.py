"""The items whose cut the segmenter doubts, for an editor to check (`sitegen review`).

Each item carries the doubts its cut raised (``Item.doubts``: what speaks against it and the page
line); its confidence falls by each doubt's weight (``DOUBT_WEIGHTS``). Review lists the items below
``UNCERTAIN_BELOW``, worst first, with where to look and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.cache import SegmentCache
from sitegen.config import SiteConfig
from sitegen.errors import SitegenError, display_path
from sitegen.model import Doubt, Item, Page

_WHY = {
    "untitled": "no headline found: its title is taken from its first words",
    "layout": "the page does not show plainly whether its headlines stand over their text or under it",
    "headline": "line {line}: read as a headline; it may be a sub-heading of the article before",
    "subhead": "line {line}: read as a sub-heading; it may be the next article's headline",
    "short": "hardly any text of its own: it may be a piece of the item before or after",
    "long": "far longer than the page's other articles: it may be two",
    "uncredited": "no byline, though the page's other articles have one: it may be the end of the one before",
    "leftover": "line {line}: a column mark or byline with nothing under it, kept as text",
    "jump": "its opening was printed apart from it (line {line}) and was moved here",
}


def why(doubt: Doubt) -> str:
    """A doubt in plain words."""
    return _WHY.get(doubt.code, doubt.code).format(line=doubt.line)


@dataclass(frozen=True)
class Uncertain:
    page: Page
    item: Item


def uncertain_items(segmented: Sequence[tuple[Page, Sequence[Item]]]) -> list[Uncertain]:
    """The uncertain items of the pages, least confident first, then in archive order."""
    found = [Uncertain(page, item) for page, items in segmented for item in items if item.uncertain]
    return sorted(found, key=lambda u: (u.item.confidence, u.page.date, u.page.number, u.item.line))


def collect(
    source: Path, config: SiteConfig, cache_dir: Path | None
) -> tuple[tuple[tuple[Page, tuple[Item, ...]], ...], tuple[SitegenError, ...]]:
    """Every page of the content folder cut as `sitegen build` cuts it (through the same cache)."""
    from sitegen.cache import ReadIndex
    from sitegen.jobs import default_workers
    from sitegen.segment.pages import segment_pages
    from sitegen.sources import discover, read_changed

    found = discover(source, follow_symlinks=config.follow_symlinks)
    pages, problems = read_changed(found.pages, ReadIndex(cache_dir), config.max_page_mb)
    segmented, cut_problems = segment_pages(pages, config, SegmentCache(cache_dir), default_workers())
    return segmented, (*found.problems, *problems, *cut_problems)


def listing(uncertain: Sequence[Uncertain], total: int, limit: int = 0) -> str:
    """The review as printed: one entry per item (where, how sure, what it is, why), then a summary."""
    shown = uncertain[:limit] if limit else uncertain
    lines: list[str] = []
    for u in shown:
        item = u.item
        title = item.display_title
        lines.append(f"{display_path(u.page.path)}:{item.line}: {item.confidence:.2f} {item.kind} 《{title}》")
        lines += [f"  - {why(d)}" for d in item.doubts]
    if uncertain:
        more = f", the {len(shown):,} least sure shown" if len(shown) < len(uncertain) else ""
        lines.append(
            f"{len(uncertain):,} of {total:,} items may be cut wrong{more}. To correct a page, save "
            "`sitegen segment PAGE --markdown` as the page's .md beside its .txt and edit it there."
        )
    else:
        lines.append(f"no item of {total:,} is in doubt")
    return "\n".join(lines) + "\n"
