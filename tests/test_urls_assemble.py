"""URL scheme, relative links, grouping and calendars."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from sitegen.assemble import group_by, group_regions, newest_first, related
from sitegen.model import Credit, Item
from sitegen.render import credits_by_role, month_weeks, numbered_pages
from sitegen.urls import issue_url, item_url, listing_url, relative


def make(title: str, date: str, page: int = 5, seq: int = 1, **kw) -> Item:
    return Item(
        kind="article",
        title=title,
        body="正文。",
        date=dt.date.fromisoformat(date),
        page=page,
        seq=seq,
        slug=title,
        **kw,
    )


def test_links_are_relative_and_name_index_html():
    assert relative("2023/12/26/05/a.html", "columns/gc/index.html") == "../../../../columns/gc/index.html"
    assert relative("index.html", issue_url(dt.date(2023, 12, 26))) == "2023/12/26/index.html"
    assert relative("2023/12/26/index.html", "2023/12/26/index.html#page-05") == "index.html#page-05"
    assert listing_url("columns/gc", 2) == "columns/gc/2.html"


def test_numbered_list_pages_keep_their_address_and_no_folder_holds_more_than_a_thousand():
    # The home region of a long archive runs to hundreds of thousands of articles, 20 a page.
    pages = {k: listing_url("regions/nei-meng-gu", k) for k in range(1, 60_001)}
    assert len(set(pages.values())) == len(pages)
    assert pages[1] == "regions/nei-meng-gu/1.html" and pages[1000] == "regions/nei-meng-gu/1000.html"
    assert pages[1001] == "regions/nei-meng-gu/1001-2000/1001.html"
    assert pages[60_000] == "regions/nei-meng-gu/59001-60000/60000.html"
    per_folder = Counter(posixpath.dirname(p) for p in pages.values())
    assert max(per_folder.values()) == 1000
    assert len([f for f in per_folder if f != "regions/nei-meng-gu"]) == 59  # 1001-2000/ … 59001-60000/
    # Neighbours link to each other across the folders.
    assert relative(pages[1001], pages[1000]) == "../1000.html"
    assert relative(pages[2000], pages[2001]) == "../2001-3000/2001.html"
    assert relative(pages[1500], listing_url("regions/nei-meng-gu")) == "../index.html"


def test_item_url_is_stable_from_date_page_and_slug():
    assert item_url(make("yan-guan", "2023-09-05")) == "2023/09/05/05/yan-guan.html"


def test_newest_first_then_page_order():
    items = [make("a", "2023-03-07", seq=2), make("b", "2023-12-26"), make("c", "2023-03-07", seq=1)]
    assert [i.title for i in sorted(items, key=newest_first)] == ["b", "c", "a"]


def test_groups_count_and_slug_by_pinyin():
    items = (
        make("a", "2023-12-26", column="观潮"),
        make("b", "2023-03-07", column="观潮"),
        make("c", "2023-03-07", column="掠影"),
    )
    groups = group_by(items, lambda i: [i.column] if i.column else [], "column")
    assert [(g.name, g.slug, g.count) for g in groups] == [("观潮", "guan-chao", 2), ("掠影", "lve-ying", 1)]


def test_regions_hold_their_counties():
    items = (make("a", "2023-12-26", region="赤峰市", county="喀喇沁旗"), make("b", "2023-03-07", region="赤峰市"))
    [region] = group_regions(items)
    assert (region.name, region.count, [c.name for c in region.children]) == ("赤峰市", 2, ["喀喇沁旗"])


def test_related():
    a, b, c = make("a", "2023-01-01"), make("b", "2023-01-02"), make("c", "2023-06-01")
    [group] = group_by((a, b, c), lambda i: ["x"], "column")
    assert related(group, a) == (b, c)


def test_calendar_links_days_with_an_issue_monday_first():
    weeks = month_weeks(2023, 12, {dt.date(2023, 12, 26)})
    assert weeks[0][:5] == [type(weeks[0][0])(0)] * 4 + [weeks[0][4]] and weeks[0][4].day == 1  # Dec 1 was a Friday
    linked = [d for w in weeks for d in w if d.url]
    assert [(d.day, d.url) for d in linked] == [(26, "2023/12/26/index.html")]


def test_pagination_and_credits_by_role():
    # Newest first: 45 items → the 5 newest only on the index, page 2 = items 6–25, page 1 = the 20 oldest.
    assert numbered_pages(45, 20) == [(1, 25, 45), (2, 5, 25)]
    assert numbered_pages(46, 20)[:2] == [(1, 26, 46), (2, 6, 26)]  # one more item: same items on each page
    assert numbered_pages(20, 20) == [] and numbered_pages(0, 20) == [] and numbered_pages(21, 20) == [(1, 1, 21)]
    item = make(
        "a", "2023-01-01", credits=(Credit("宋爽", "本报记者"), Credit("潘佳", "本报记者"), Credit("李", "通讯员"))
    )
    assert credits_by_role(item) == [("本报记者", ["宋爽", "潘佳"]), ("通讯员", ["李"])]


def test_related_from_a_large_group_matches_a_full_sort():
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=3 * k % 997) for k in range(600)]
    items = tuple(sorted((make(f"t{k}", d.isoformat(), seq=k) for k, d in enumerate(days)), key=newest_first))
    [group] = group_by(items, lambda i: ["宋爽"], "author")
    for item in items[::37]:
        brute = sorted(
            (i for i in items if i is not item), key=lambda i: (abs((i.date - item.date).days), newest_first(i))
        )[:5]
        assert related(group, item) == tuple(brute)


_PART = st.sampled_from(["2023", "12", "05", "a.html", "index.html", "columns", "x", ".", "..", ""])


@given(st.lists(_PART, max_size=4).map("/".join), st.lists(_PART, min_size=1, max_size=5).map("/".join))
def test_relative_links_are_what_posixpath_relpath_gives(folder: str, path: str) -> None:
    from sitegen.urls import _relative_path

    if path.strip("/.") == "" or folder.startswith("/") or path.startswith("/"):
        return  # not a page of the site
    assert _relative_path(folder, path) == posixpath.relpath(path, folder or ".")
