"""Cut one printed page's text into items (articles, photos, briefs, knowledge boxes).

    text ──read_blocks──▶ blocks ──decide_layout + cut──▶ items ──stitch_jumps──▶ items

Regions are not set here: `sitegen.regions.assign_regions` does that for a whole page.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.model import Item
from sitegen.segment.blocks import looks_like_markdown, read_blocks
from sitegen.segment.cut import cut

# Bump when a change to the rules can change any page's items: it keys the segment cache.
SEGMENTER_VERSION = "1"


def segment_text(text: str, *, markdown: bool | None = None, columns: Sequence[str] = ()) -> tuple[Item, ...]:
    """The items of one page, in page order. `markdown=None` detects an already-cut page."""
    if markdown is None:
        markdown = looks_like_markdown(text)
    blocks = read_blocks(text, columns=tuple(columns), markdown=markdown)
    return tuple(cut(blocks))
