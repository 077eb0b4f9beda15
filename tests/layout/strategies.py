"""Hypothesis strategies for laid-out pages: `layouts()` draws a Layout, `pages()` a page to render.

`settled_pages()` draws from the settled subset only: the round-trip test's pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from layout.render import (
    CHOICES,
    SETTLED,
    ItemDict,
    Layout,
    PageDraw,
    draw_of,
    settled_item,
    settled_layout,
    source_items,
    sources,
)


def layouts(**only: Sequence[Any]) -> st.SearchStrategy[Layout]:
    """Layouts with every convention drawn from all its values, or from `only[name]`."""

    def values(name: str) -> st.SearchStrategy[Any]:
        allowed = tuple(only.get(name, CHOICES[name]))
        widths = [w for w in allowed if w] if name == "wrap" else []
        if name == "wrap" and 0 in allowed and widths:
            return st.one_of(st.just(0), st.sampled_from(widths))  # one paragraph a line half the time
        return st.sampled_from(allowed)

    return st.builds(Layout, **{name: values(name) for name in CHOICES})


@st.composite
def pages(
    draw: st.DrawFn,
    layout: st.SearchStrategy[Layout] | None = None,
    names: Sequence[str] | None = None,
    keep: Callable[[ItemDict], bool] | None = None,
) -> PageDraw:
    """A page: the items of one source, all in order or a sub-sequence (only those `keep` accepts),
    a layout and a seed."""
    usable = [n for n in names or sources() if keep is None or any(keep(item) for item in source_items(n))]
    name = draw(st.sampled_from(usable))
    items = source_items(name)
    allowed = [i for i, item in enumerate(items) if keep is None or keep(item)]
    whole = draw(st.booleans())
    picks = allowed if whole else sorted(draw(st.sets(st.sampled_from(allowed), min_size=1)))
    return draw_of(name, picks, draw(layouts() if layout is None else layout), draw(st.integers(0, 2**32 - 1)))


# --- the settled subset ---------------------------------------------------------------------------


def settled_pages() -> st.SearchStrategy[PageDraw]:
    """Pages of the settled subset (render.SETTLED, settled_layout, settled_item): the conventions the
    segmenter already reads reliably, measured with `layout_bench.py --settled`. The subset widens as
    the segmenter learns the rest; render.py says, per convention left out, what goes wrong."""
    return pages(layouts(**SETTLED).filter(settled_layout), keep=settled_item)
