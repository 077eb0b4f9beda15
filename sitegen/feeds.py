"""Machine-readable files for the whole site: Atom feeds, sitemap.xml and robots.txt.

All of them need absolute URLs, so they are built from the configured base URL. Output
depends only on the input (never on the clock), so an unchanged archive rebuilds to the
same bytes and feed readers do not see phantom updates.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from sitegen.bidi import balanced

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Newspaper dates are China Standard Time (no daylight saving): an issue dated 2023-12-26
# starts at midnight Beijing time.
CHINA_OFFSET = "+08:00"
# The sitemaps.org limit for one file; a bigger site needs a sitemap index.
SITEMAP_MAX_URLS = 50_000
# An empty feed still needs <updated>: a fixed instant instead of the build time.
EMPTY_FEED_UPDATED = "1970-01-01T00:00:00Z"

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/FFFF):
# ElementTree would write them as they are and every parser would reject the file.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Everything RFC 3986 allows unescaped in a path, query and fragment: keep it as it is.
_URL_SAFE = "/:@!$&'()*+,;=?#%~"


@dataclass(frozen=True)
class FeedEntry:
    """One item in a feed. ``summary`` is plain text; ``url`` and ``id`` are absolute."""

    title: str
    url: str
    id: str  # tag:…, urn:… or the absolute URL: it must never change once published
    date: dt.date
    authors: tuple[str, ...] = ()
    summary: str = ""
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Atom ids and links must be absolute IRIs; a relative one would break silently in readers.
        if not _is_absolute(self.url):
            raise ValueError(f"feed entry url must be absolute: {self.url!r}")
        if not (self.id.startswith(("tag:", "urn:")) or _is_absolute(self.id)):
            raise ValueError(f"feed entry id must be a tag:, urn: or absolute URL: {self.id!r}")


def _is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme and parts.netloc)


def _clean(text: str) -> str:
    """Without XML-invalid characters, and closing the bidi controls it opens (see bidi.py): a feed
    reader shows titles side by side, and one left open would reverse the next."""
    return balanced(_INVALID_XML.sub("", text))


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00{CHINA_OFFSET}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element; text and attribute values go through ``_clean``.

    ElementTree escapes ``&``, ``<``, ``>`` and quotes itself, so markup in a title stays text.
    """
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root)  # readable when someone opens the file; whitespace between elements is ignored
    # tostring(encoding="unicode") writes no declaration; ours is spelled the same on every Python.
    return _DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def absolute_url(base_url: str, path: str) -> str:
    """``path`` (site-relative, forward slashes) under ``base_url`` (``https://host/prefix``).

    Characters a URL cannot carry as they are (spaces, Han characters) are percent-encoded.
    """
    if not _is_absolute(base_url):
        raise ValueError(f"base URL must be absolute (https://…): {base_url!r}")
    return base_url.rstrip("/") + "/" + quote(path.lstrip("/"), safe=_URL_SAFE)


def atom_feed(
    entries: Iterable[FeedEntry],
    *,
    title: str,
    feed_url: str,
    site_url: str,
    lang: str = "zh-CN",
    limit: int = 50,
) -> bytes:
    """An Atom 1.0 (RFC 4287) feed of the newest ``limit`` entries, newest first, as UTF-8."""
    if not _is_absolute(feed_url) or not _is_absolute(site_url):
        raise ValueError(f"feed and site URLs must be absolute: {feed_url!r}, {site_url!r}")
    # sorted() is stable even with reverse=True: entries of one day keep the caller's order
    # (page, then position on the page), so the feed does not reshuffle between builds.
    newest = sorted(entries, key=lambda e: e.date, reverse=True)[: max(limit, 0)]

    feed = ET.Element("feed", {"xmlns": ATOM_NS, f"{{{XML_NS}}}lang": lang})
    _sub(feed, "id", feed_url)  # the feed's own address: stable as long as the site stays put
    _sub(feed, "title", title, type="text")
    _sub(feed, "updated", _timestamp(newest[0].date) if newest else EMPTY_FEED_UPDATED)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=site_url)
    # RFC 4287 requires an author on the feed or on every entry; the paper stands in for
    # entries without a byline (photos, briefs).
    _sub(_sub(feed, "author"), "name", title)
    for item in newest:
        entry = _sub(feed, "entry")
        _sub(entry, "id", item.id)
        _sub(entry, "title", item.title, type="text")
        stamp = _timestamp(item.date)
        _sub(entry, "published", stamp)
        _sub(entry, "updated", stamp)
        _sub(entry, "link", rel="alternate", type="text/html", href=item.url)
        for name in item.authors:
            _sub(_sub(entry, "author"), "name", name)
        if item.summary:
            _sub(entry, "summary", item.summary, type="text")
        for term in dict.fromkeys(item.categories):  # once each, in order
            _sub(entry, "category", term=term)
    return _serialize(feed)


def sitemap_xml(paths: Sequence[tuple[str, dt.date | None]], base_url: str) -> bytes:
    """A sitemaps.org 0.9 sitemap of site-relative ``paths``, sorted, with lastmod when known.

    A path listed twice appears once, with its latest date. Raises ``ValueError`` past the
    50,000-URL limit of one sitemap file rather than write one that search engines reject.
    """
    lastmod: dict[str, dt.date | None] = {}
    for path, day in paths:
        url = absolute_url(base_url, path)
        known = lastmod.get(url)
        if url not in lastmod or (day is not None and (known is None or day > known)):
            lastmod[url] = day
    if len(lastmod) > SITEMAP_MAX_URLS:
        raise ValueError(f"{len(lastmod)} URLs: one sitemap holds at most {SITEMAP_MAX_URLS}")
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for url in sorted(lastmod):
        node = _sub(urlset, "url")
        _sub(node, "loc", url)
        day = lastmod[url]
        if day is not None:
            _sub(node, "lastmod", day.isoformat())
    return _serialize(urlset)


def sitemap_parts(paths: Sequence[tuple[str, dt.date | None]]) -> dict[str, list[tuple[str, dt.date | None]]]:
    """The files of the site's sitemap: `sitemap.xml` alone while every path fits in one, else parts of at
    most 50,000 URLs for a sitemap index: one set per year folder (`sitemap-2023-1.xml`) and one for the
    rest (`sitemap-site-1.xml`), so that a new issue changes the parts of its year and the listings only."""
    ordered = sorted(dict(paths).items())
    if len(ordered) <= SITEMAP_MAX_URLS:
        return {"sitemap.xml": ordered}
    groups: dict[str, list[tuple[str, dt.date | None]]] = {}
    for path, day in ordered:
        head = path.split("/", 1)[0]
        groups.setdefault(head if len(head) == 4 and head.isdigit() else "site", []).append((path, day))
    return {
        f"sitemap-{group}-{n}.xml": listed[start : start + SITEMAP_MAX_URLS]
        for group, listed in sorted(groups.items())
        for n, start in enumerate(range(0, len(listed), SITEMAP_MAX_URLS), start=1)
    }


def sitemap_index(parts: Sequence[tuple[str, dt.date | None]], base_url: str) -> bytes:
    """A sitemap index of ``parts`` (file name, newest date in it)."""
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for name, newest in parts:
        node = _sub(index, "sitemap")
        _sub(node, "loc", absolute_url(base_url, name))
        if newest is not None:
            _sub(node, "lastmod", newest.isoformat())
    return _serialize(index)


def newest(paths: Sequence[tuple[str, dt.date | None]]) -> dt.date | None:
    return max((day for _, day in paths if day is not None), default=None)


def robots_txt(base_url: str) -> str:
    """A robots.txt letting every crawler in, pointing at the sitemap when the base URL is known.

    Crawlers only read robots.txt at the root of a host: under a path prefix it is harmless but ignored.
    """
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        # The Sitemap line must be an absolute URL, so without a base URL there is none.
        lines += ["", f"Sitemap: {absolute_url(base_url, 'sitemap.xml')}"]
    return "\n".join(lines) + "\n"
