"""Feeds, sitemap, robots and determinism of the built site."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser

from website.helpers import BuiltSite, build_site


def test_feeds_are_valid_atom(site: BuiltSite) -> None:
    feeds = [site.root / "feed.xml", *sorted((site.root / "columns").glob("*/feed.xml"))]
    assert len(feeds) > 2
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10" and parsed.entries, path
        assert all(e.link.startswith("https://example.org/dangjian/") for e in parsed.entries)


def test_sitemap_and_robots(site: BuiltSite) -> None:
    tree = ET.parse(site.root / "sitemap.xml")
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/dangjian/index.html" in locs and len(locs) > 50
    assert "Sitemap: https://example.org/dangjian/sitemap.xml" in (site.root / "robots.txt").read_text()
    assert (site.root / "404.html").is_file()


def test_two_builds_are_byte_identical(site: BuiltSite, tmp_path) -> None:
    again = build_site(site.theme, tmp_path)
    first = {p.relative_to(site.root): p.read_bytes() for p in site.root.rglob("*") if p.is_file()}
    second = {p.relative_to(again.root): p.read_bytes() for p in again.root.rglob("*") if p.is_file()}
    assert first == second
