"""Page text cut in the tests exactly as the build cuts it (sitegen.segment.cut_text)."""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.model import Item
from sitegen.segment import Given, cut_text


def segment_text(text: str, *, markdown: bool | None = None, columns: Sequence[str] = ()) -> tuple[Item, ...]:
    """The items of one page, in page order. `markdown=None` detects an already-cut page."""
    return tuple(item for item, _ in segment_page(text, markdown=markdown, columns=columns))


def segment_page(
    text: str, *, markdown: bool | None = None, columns: Sequence[str] = ()
) -> tuple[tuple[Item, Given], ...]:
    """The items of one page, each with what its front matter fixed (a `.md` page's item files)."""
    return cut_text(text, markdown=markdown, columns=columns).items
