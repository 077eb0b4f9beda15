"""Atom feeds, sitemap.xml and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import feedparser
import pytest

from sitegen.feeds import FeedEntry, absolute_url, atom_feed, robots_txt, sitemap_xml

BASE = "https://example.org/paper/"
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entry(day: int, title: str = "标题", authors: tuple[str, ...] = ("宋爽",), **kw: object) -> FeedEntry:
    url = absolute_url(BASE, f"2023/12/{day:02d}/05/biao-ti.html")
    fields: dict[str, object] = {
        "title": title,
        "url": url,
        "id": url,
        "date": date(2023, 12, day),
        "authors": authors,
        "summary": "赤峰市红山区推进社区治理。",
        "categories": ("党建",),
    }
    fields.update(kw)
    return FeedEntry(**fields)  # type: ignore[arg-type]


def feed(entries: list[FeedEntry], **kw: object) -> bytes:
    options: dict[str, object] = {
        "title": "内蒙古日报",
        "feed_url": absolute_url(BASE, "feed.xml"),
        "site_url": absolute_url(BASE, "index.html"),
    }
    options.update(kw)
    return atom_feed(entries, **options)  # type: ignore[arg-type]


def test_feed_parses_cleanly_and_round_trips() -> None:
    entries = [
        entry(24, "旧闻", authors=()),
        entry(26, "社区治理见实效", authors=("宋爽", "李明")),
        entry(25, "中间", id="tag:example.org,2023:2023-12-25-05-1"),
    ]
    data = feed(entries)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "内蒙古日报"
    assert parsed.feed.id == "https://example.org/paper/feed.xml"
    assert parsed.feed.language == "zh-CN"
    assert parsed.feed.updated == "2023-12-26T00:00:00+08:00"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {
        "self": "https://example.org/paper/feed.xml",
        "alternate": "https://example.org/paper/index.html",
    }

    assert [e.title for e in parsed.entries] == ["社区治理见实效", "中间", "旧闻"]  # newest first
    first = parsed.entries[0]
    assert first.link == "https://example.org/paper/2023/12/26/05/biao-ti.html"
    assert first.id == first.link
    assert first.updated == "2023-12-26T00:00:00+08:00"
    assert tuple(first.updated_parsed)[:5] == (2023, 12, 25, 16, 0)  # midnight in China is 16:00 UTC
    assert [a.name for a in first.authors] == ["宋爽", "李明"]
    assert first.summary == "赤峰市红山区推进社区治理。"
    assert [t.term for t in first.tags] == ["党建"]
    assert parsed.entries[1].id == "tag:example.org,2023:2023-12-25-05-1"


def test_entry_without_author_falls_back_to_feed_author() -> None:
    data = feed([entry(24, authors=())])
    root = ET.fromstring(data)
    assert root.find(f"{ATOM}author/{ATOM}name").text == "内蒙古日报"  # type: ignore[union-attr]
    assert root.find(f"{ATOM}entry/{ATOM}author") is None
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    # RFC 4287 §4.2.1: entries inherit the feed author (feedparser does not copy it onto them)
    assert parsed.feed.author == "内蒙古日报"


def test_script_title_stays_text() -> None:
    nasty = "<script>alert('x')</script> & \"引号\"\x01\x0b"
    data = feed([entry(26, nasty, authors=(nasty,), summary=nasty, categories=(nasty,))], title=nasty)
    assert b"<script>" not in data and b"\x01" not in data and b"\x0b" not in data
    root = ET.fromstring(data)  # well-formed
    clean = nasty.replace("\x01", "").replace("\x0b", "")
    assert root.find(f"{ATOM}title").text == clean  # type: ignore[union-attr]
    assert root.find(f"{ATOM}entry/{ATOM}title").text == clean  # type: ignore[union-attr]
    assert root.find(f"{ATOM}entry/{ATOM}category").get("term") == clean  # type: ignore[union-attr]
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    assert parsed.entries[0].title_detail.type == "text/plain"


def test_limit_keeps_the_newest() -> None:
    entries = [entry(day, f"第{day}日") for day in range(1, 31)]
    parsed = feedparser.parse(feed(entries, limit=3))
    assert [e.title for e in parsed.entries] == ["第30日", "第29日", "第28日"]


def test_same_day_entries_keep_caller_order() -> None:
    entries = [entry(26, "一"), entry(25, "前日"), entry(26, "二"), entry(26, "三")]
    assert [e.title for e in feedparser.parse(feed(entries)).entries] == ["一", "二", "三", "前日"]


def test_empty_feed_is_still_valid() -> None:
    parsed = feedparser.parse(feed([]))
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert parsed.feed.updated == "1970-01-01T00:00:00Z"


def test_feed_is_deterministic() -> None:
    entries = [entry(26), entry(25, authors=())]
    assert feed(entries) == feed(list(entries))
    assert sitemap_xml([("a.html", None)], BASE) == sitemap_xml([("a.html", None)], BASE)


def test_relative_urls_are_refused() -> None:
    with pytest.raises(ValueError):
        entry(26, url="2023/12/26/05/biao-ti.html")
    with pytest.raises(ValueError):
        entry(26, id="biao-ti")
    with pytest.raises(ValueError):
        feed([], feed_url="feed.xml")


def test_absolute_url() -> None:
    assert absolute_url("https://example.org", "index.html") == "https://example.org/index.html"
    assert absolute_url("https://example.org/paper/", "/2023/index.html") == "https://example.org/paper/2023/index.html"
    assert absolute_url("https://example.org/paper", "a b/赤峰.html") == (
        "https://example.org/paper/a%20b/%E8%B5%A4%E5%B3%B0.html"
    )
    assert absolute_url("https://example.org", "a.html#top") == "https://example.org/a.html#top"
    with pytest.raises(ValueError):
        absolute_url("", "index.html")


def test_sitemap() -> None:
    data = sitemap_xml(
        [
            ("2023/12/26/index.html", date(2023, 12, 26)),
            ("index.html", None),
            ("2023/12/25/index.html", date(2023, 12, 25)),
            ("2023/12/26/index.html", date(2023, 12, 27)),  # listed twice: the latest date wins
            ("search/index.html?q=<&>", None),
        ],
        BASE,
    )
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(data)
    assert root.tag == f"{SM}urlset"
    urls = [(u.findtext(f"{SM}loc"), u.findtext(f"{SM}lastmod")) for u in root.findall(f"{SM}url")]
    assert urls == [
        ("https://example.org/paper/2023/12/25/index.html", "2023-12-25"),
        ("https://example.org/paper/2023/12/26/index.html", "2023-12-27"),
        ("https://example.org/paper/index.html", None),
        ("https://example.org/paper/search/index.html?q=%3C&%3E", None),
    ]


def test_empty_sitemap() -> None:
    root = ET.fromstring(sitemap_xml([], BASE))
    assert root.tag == f"{SM}urlset" and list(root) == []


def test_robots_txt() -> None:
    assert robots_txt(BASE) == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/paper/sitemap.xml\n"
    assert robots_txt("") == "User-agent: *\nAllow: /\n"
    assert "Sitemap" not in robots_txt("")


def test_sitemaps_split_past_fifty_thousand_urls_by_year_under_an_index():
    import datetime as _dt
    import xml.etree.ElementTree as _ET

    from sitegen.feeds import newest, sitemap_index, sitemap_parts

    def sitemaps(paths: list[tuple[str, _dt.date | None]], base_url: str) -> dict[str, bytes]:
        # What the site plans (Renderer.sitemap): a file a part, and the index when there are parts.
        parts = sitemap_parts(paths)
        files = {name: sitemap_xml(listed, base_url) for name, listed in parts.items()}
        if "sitemap.xml" not in parts:
            files["sitemap.xml"] = sitemap_index([(name, newest(listed)) for name, listed in parts.items()], base_url)
        return files

    paths = [(f"2023/01/01/05/{n}.html", _dt.date(2023, 1, 1)) for n in range(50_001)]
    paths += [(f"2024/01/01/05/{n}.html", _dt.date(2024, 1, 1)) for n in range(10)] + [("columns/index.html", None)]
    files = sitemaps(paths, "https://example.org/")
    assert sorted(files) == [
        "sitemap-2023-1.xml",
        "sitemap-2023-2.xml",
        "sitemap-2024-1.xml",
        "sitemap-site-1.xml",
        "sitemap.xml",
    ]
    index = _ET.fromstring(files["sitemap.xml"])
    assert index.tag.endswith("sitemapindex")
    assert [e.text for e in index.iter() if e.tag.endswith("loc")] == [
        f"https://example.org/{name}" for name in sorted(files) if name != "sitemap.xml"
    ]
    assert sum(len(_ET.fromstring(data)) for name, data in files.items() if name != "sitemap.xml") == len(paths)
    assert len(sitemaps(paths[:10], "https://example.org/")) == 1
    # A new item of 2024 changes the 2024 part only (and the index).
    more = sitemap_parts([*paths, ("2024/01/02/05/new.html", _dt.date(2024, 1, 2))])
    before = sitemap_parts(paths)
    assert [name for name in more if more[name] != before.get(name)] == ["sitemap-2024-1.xml"]
