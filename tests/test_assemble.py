"""Placing items on their pages and assembling the site from the sample archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sample_site import sample_site

from sitegen.assemble import place_items, separate
from sitegen.model import Item, Page


def test_every_item_is_placed_and_listed_once(sample_archive: Path) -> None:
    site, _ = sample_site(sample_archive)
    assert site.all_items and all(i.date and i.page and i.seq and i.source and i.slug for i in site.all_items)
    assert len({(i.date, i.page, i.seq) for i in site.all_items}) == len(site.all_items)
    for issue in site.issues:
        for page in issue.pages:
            assert [i.seq for i in site.items[page.source]] == list(range(1, len(site.items[page.source]) + 1))
    dates = [i.date for i in site.all_items]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert {i.column for i in site.all_items if i.column} == {g.name for g in site.columns}


def test_two_items_giving_one_slug_are_told_apart_and_both_lines_named(tmp_path: Path) -> None:
    text = "---\ntitle: 甲\nslug: same\n---\n\n正文一。\n\n---\ntitle: 乙\nslug: same\n---\n\n正文二。\n"
    path = tmp_path / "05.md"
    path.write_text(text, encoding="utf-8")
    page = Page(dt.date(2023, 3, 7), 5, path, "2023-03-07/05.md", "md")
    items = (Item("article", "甲", "正文一。", slug="same"), Item("article", "乙", "正文二。", slug="same"))
    placed, kept = separate(place_items([(page, items)]))
    assert [i.slug for i in placed[0][1]] == ["same", "same-2"]
    assert [i.seq for i in placed[0][1]] == [1, 2]
    (problem,) = kept
    # The error is the later item's line, and names the earlier one's too.
    assert (problem.path, problem.line) == (path, 10) and f"{path}:3 and {path}:10" in problem.message
