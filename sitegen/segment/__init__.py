"""Cut one printed page's text into items (articles, photos, briefs, knowledge boxes)."""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.model import Item

SEGMENTER_VERSION = "0"


def segment_text(text: str, *, markdown: bool | None = None, columns: Sequence[str] = ()) -> tuple[Item, ...]:
    """Placeholder until the segmenter lands: the whole page as one untitled article."""
    body = text.strip()
    return (Item(kind="article", title=body[:12] or "（无题）", title_inferred=True, body=body),)
