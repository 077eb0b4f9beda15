"""Cut one printed page's text into items (articles, photos, briefs, knowledge boxes).

    text ──read_blocks──▶ blocks ──decide_layout + cut──▶ items ──stitch_jumps──▶ items

A `.md` page made of item files with front matter (frontmatter.py) is read item by item instead.
Regions are not set here: `sitegen.regions.assign_regions` does that for a whole page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitegen.model import Item, item_from_dict
from sitegen.segment.blocks import looks_like_markdown, read_blocks
from sitegen.segment.cut import cut, cut_page_blocks
from sitegen.segment.frontmatter import Section, read_sections
from sitegen.segment.text import infer_title

# Bump when a change to the rules can change any page's items: it keys the segment cache.
SEGMENTER_VERSION = "2"


@dataclass(frozen=True)
class Given:
    """What an item's front matter fixed, which the later stages keep instead of working it out."""

    place: bool = False  # region and county
    slug: str | None = None


NOTHING_GIVEN = Given()


@dataclass(frozen=True)
class PageCut:
    """What one page is cut into: its items, each with what its front matter fixed (a `.md` page's item
    files), and its furniture, the header and footer lines that belong to the page and to no item."""

    items: tuple[tuple[Item, Given], ...]
    furniture: tuple[str, ...] = ()


def cut_text(text: str, *, markdown: bool | None = None, columns: Sequence[str] = ()) -> PageCut:
    """One page cut into items and furniture. `markdown=None` detects an already-cut page."""
    if markdown is None:
        markdown = looks_like_markdown(text)
    if markdown:
        read = read_sections(text)
        if read.sections:
            items = tuple(pair for section in read.sections for pair in section_items(section, columns))
            return PageCut(items, read.furniture)
    blocks = read_blocks(text, columns=tuple(columns), markdown=markdown)
    items, furniture = cut_page_blocks(blocks)
    return PageCut(tuple((item, NOTHING_GIVEN) for item in items), furniture)


def section_items(section: Section, columns: Sequence[str] = ()) -> tuple[tuple[Item, Given], ...]:
    """One item from an item file; when its front matter could not be read, its body cut as a page."""
    meta = section.meta
    if not meta:
        return tuple((item, NOTHING_GIVEN) for item in cut(read_blocks(section.body, tuple(columns), markdown=True)))
    title = meta.get("title")
    inferred = bool(meta.get("title_inferred", False))
    if not title:
        title, inferred = infer_title(section.body), True
    # Where the item was published (date, page, source) is read and ignored: the page file places it
    # now. Its slug is a wish the archive honours where it can (Given).
    own = {key: value for key, value in meta.items() if key not in ("date", "page", "source", "slug")}
    item = item_from_dict({"kind": "article", **own, "title": title, "title_inferred": inferred}, section.body)
    return ((item, Given(place="region" in meta or "county" in meta, slug=meta.get("slug"))),)
