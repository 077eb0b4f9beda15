"""Known items laid out as raw page text in many conventions (tests/layout/render.py), then cut again.

First the renderer: it prints every item and gives a gold with one entry per item and no furniture.
Then the segmenter: on any layout it loses no content character; and on the settled subset of
conventions (render.SETTLED, settled_layout, settled_item: what it already reads reliably, measured
with `benchmarks/layout_bench.py --settled`) every item comes back as it went in. The subset widens
as the segmenter learns the rest; `benchmarks/layout-results.md` shows how far it has to go.
"""

from __future__ import annotations

import collections
import re
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from layout.render import ItemDict, Layout, PageDraw, differences, fold
from layout.strategies import pages, settled_pages

from sitegen.segment.pages import cut_page

HOME = "内蒙古自治区"
GOLD_KEYS = {"kind", "title", "kicker", "column", "authors", "region", "county", "first", "last"}
# A page takes a few milliseconds to lay out and cut: a few hundred pages a test keep the module
# within seconds (the CI profile's 1,000 examples would not add much here).
SOME = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def content_chars(text: str) -> collections.Counter[str]:
    """The characters whose loss would lose content (letters, digits, Han), as score_segmentation.py
    counts them: NFKC, without whitespace and Markdown marks."""
    return collections.Counter(c for c in re.sub(r"[\s#*>_\\]", "", unicodedata.normalize("NFKC", text)) if c.isalnum())


def item_text(item: dict[str, Any]) -> str:
    parts = [item.get(k) or "" for k in ("kicker", "title", "subtitle", "column", "body", "caption")]
    return "\n".join(str(p) for p in [*parts, *(item.get("authors") or [])])


def cut(text: str) -> list[dict[str, Any]]:
    """The page cut as `sitegen segment --json` cuts it: segmentation, then regions."""
    cut = cut_page((text, None, (), HOME))
    assert not isinstance(cut, Exception), f"the segmenter failed: {cut!r}"
    return [item.contract() for item in cut.items]


def same_width(text: str | None) -> str:
    """Text compared across punctuation width: NFKC folds ，：（ to , : (; 。 may be printed as `.`."""
    return fold(text).replace(".", "。")


def printed_credit(item: ItemDict, layout: Layout) -> bool:
    """Whether the layout prints this article's byline (a page may print none; a dateline may hold it)."""
    line = item.get("credit_line") or ""
    if item["kind"] == "commentary" or line[:1] in "◎■":
        return True  # an author's byline under the headline is always printed
    if item.get("dateline") and layout.dateline == "paren":
        return True
    return layout.byline != "none"


def pieces(item: ItemDict, layout: Layout) -> tuple[list[str], list[str]]:
    """(body pieces in reading order, display pieces) of one item that the layout prints."""
    body = [p["subhead"] if isinstance(p, dict) else p for p in item.get("paragraphs") or []]
    if item.get("caption"):
        body.append(item["caption"])
    display = [item[k] for k in ("kicker", "subtitle", "column", "dateline") if item.get(k)]
    if item.get("title") and not (item["kind"] == "photo" and layout.photo_title == "none"):
        display.append(item["title"])
    line = item.get("credit_line")
    if line and (item["kind"] == "photo" or printed_credit(item, layout)):
        display.append(line.lstrip("◎□■ "))
    return body, display


@SOME
@given(pages())
def test_the_renderer_prints_every_item_and_a_gold_without_furniture(draw: PageDraw) -> None:
    page = draw.render()
    text = same_width(page.text)
    gold = page.gold["items"]
    assert len(gold) == len(draw.items) == len(page.expected)
    at = 0
    for item, g in zip(draw.items, gold, strict=True):
        assert set(g) == GOLD_KEYS
        assert g["kind"] == ("article" if item["kind"] == "commentary" else item["kind"])
        body, display = pieces(item, page.layout)
        for piece in body:  # every body character, items and paragraphs in page order
            found = text.find(same_width(piece), at)
            assert found >= 0, f"not printed in order: {piece[:30]!r}"
            at = found + len(same_width(piece))
        for piece in display:
            assert same_width(piece) in text, f"not printed: {piece!r}"
        for name in g["authors"]:
            assert same_width(name) in text, f"credited but not printed: {name}"
        # the gold's first and last words are its own body's (a dateline opens the first paragraph)
        own = "".join(body)
        if item.get("dateline"):
            opened = [f"{item['dateline']}（{item.get('credit_line')}）{own}", f"{item['dateline']}{own}"]
        else:
            opened = [own]
        assert any(same_width(g["first"]) in same_width(o) for o in opened), g["first"]
        assert same_width(g["last"]) in same_width(own), g["last"]
    lines = page.text.splitlines()
    assert len(page.furniture) == page.layout.header + page.layout.footer
    for line in page.furniture:
        assert line in lines
        for g in gold:
            named = [g["first"], g["last"], g["kicker"], *(g["title"] or []), *(g["column"] or [])]
            assert not any(v and (fold(line) in fold(v) or fold(v) in fold(line)) for v in named), line


@SOME
@given(pages())
def test_the_segmenter_keeps_every_content_character_on_any_layout(draw: PageDraw) -> None:
    page = draw.render()
    got = cut_page((page.text, None, (), HOME))
    assert not isinstance(got, Exception), f"the segmenter failed: {got!r}"
    # The page's header and footer are its own, kept beside the items: together they hold it all.
    source = content_chars(page.text)
    kept_text = [*(item_text(item.contract()) for item in got.items), *got.furniture]
    out = content_chars("\n".join(kept_text))
    kept = sum(min(n, out[c]) for c, n in source.items()) / max(1, sum(source.values()))
    assert kept >= 0.999, f"lost {dict(source - out)}"
    for line in page.furniture:  # furniture is never an item's (spaces as the page's lines are read)
        assert fold(line) in {fold(f) for f in got.furniture}


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(settled_pages())
def test_items_come_back_as_they_went_in_on_the_settled_conventions(draw: PageDraw) -> None:
    page = draw.render()
    items = cut(page.text)
    diffs = differences(page, items)
    assert not diffs, "\n".join(map(str, diffs)) + "\n\n" + page.text
    assert len(items) == len(draw.items)
