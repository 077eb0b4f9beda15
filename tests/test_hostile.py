"""Hostile text (tests/website/hostile.py) built into a site: every output file, read by its type, shows the
strings as text and never as markup, script, template or path.

HTML is read with html.parser, XML with ElementTree and the search files as JSON, so each check sees what a
browser, a feed reader or the search page would see once the file is decoded.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from website.helpers import REPO, THEMES, sitegen_build
from website.hostile import (
    BASE_URL,
    EVALUATED,
    FRONT_MATTER_DATE,
    HOSTILE,
    MD_DATE,
    NEWSPAPER,
    PAGE_WRITER,
    PHOTOGRAPHER,
    SITE_TITLE,
    TXT_DATE,
    write_archive,
)

from sitegen.bidi import CONTROLS, balanced, is_balanced
from sitegen.markdown import body_html, item_from_markdown
from sitegen.model import Item

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Elements a page may hold besides those written in the theme's templates: the bar charts' inline SVG
# (charts.py) and what Python-Markdown makes of an item body.
CHART_TAGS = {"svg", "title", "desc", "g", "a", "rect", "line", "text"}
MARKDOWN_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "img",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "hr",
    "br",
}
# Attributes that run script or restyle the page; no page of the site has a reason to carry one.
SCRIPT_ATTRIBUTE = re.compile(r"^(on.*|style|srcdoc|formaction)$")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href")
SAFE_SCHEMES = {"http", "https", "mailto"}
THEME_SCRIPT = re.compile(r'<script src="(?:\.\./)*static/[a-z0-9./-]+\.js"></script>')
# File and folder names: ASCII letters, digits, dots, dashes; a leading dot only for sitegen's own records.
SAFE_NAME = re.compile(r"^\.?[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class HostileSite:
    theme: str
    root: Path  # the archive: sitegen.toml and content/
    output: Path

    def files(self, pattern: str = "*") -> list[Path]:
        return sorted(p for p in self.output.rglob(pattern) if p.is_file())

    def items(self) -> list[Item]:
        """Every item as the build wrote it to its Markdown file."""
        return [item_from_markdown(p.read_text(encoding="utf-8")) for p in self.output.glob("2*/*/*/*/*.md")]


@pytest.fixture(scope="module", params=THEMES)
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    root = write_archive(tmp_path_factory.mktemp(f"hostile-{request.param}"), request.param)
    return build(request.param, root)


def build(theme: str, root: Path) -> HostileSite:
    return HostileSite(theme, root, sitegen_build(root / "content", root / "sitegen.toml", root))


def expected_titles() -> dict[str, list[str]]:
    """Every title the archive's items carry, by hostile string."""
    return {h: [f"标题{n:02d} {h}", f"题{h}——", f"图{h}——", f"卷首{n:02d} {h}"] for n, h in enumerate(HOSTILE, start=1)}


# --- the archive ------------------------------------------------------------------------------------


def test_every_string_lands_in_every_field(hostile: HostileSite) -> None:
    """The fixture does what it says: each string is a headline, kicker, subtitle, column, body, caption,
    author, credit role, region and county. Read back from the built Markdown files, so the YAML front
    matter carries every string unchanged too."""
    items = hostile.items()
    assert len(items) == 4 * len(HOSTILE)
    by_title = {item.title: item for item in items}
    for n, h in enumerate(HOSTILE, start=1):
        md = by_title[f"标题{n:02d} {h}"]
        assert (md.column, md.body.count(h), md.date.isoformat()) == (h, 2, MD_DATE)
        article = by_title[f"题{h}——"]
        assert (article.kicker, article.subtitle, article.date.isoformat()) == (f"引{h}——", f"——副{h}——", TXT_DATE)
        assert h in article.body
        photo = by_title[f"图{h}——"]
        assert photo.kind == "photo" and f"图说 {h} 在此" in photo.body
        assert photo.authors == (PHOTOGRAPHER,) and md.authors == article.authors == (PAGE_WRITER,)
        assert {(i.region, i.county) for i in (md, article, photo)} == {("赤峰市", "红山区")}
        given = by_title[f"卷首{n:02d} {h}"]
        assert given.date.isoformat() == FRONT_MATTER_DATE and h in given.body
        assert (given.kicker, given.subtitle, given.column, given.region, given.county) == (h, h, h, h, h)
        assert [(c.name, c.role) for c in given.credits] == [(h, h)]


# --- paths ------------------------------------------------------------------------------------------


def test_every_output_path_stays_inside_output(hostile: HostileSite) -> None:
    root = hostile.output.resolve()
    for path in hostile.output.rglob("*"):
        assert not path.is_symlink(), path
        assert path.resolve().is_relative_to(root), path
        for part in path.relative_to(hostile.output).parts:
            assert SAFE_NAME.match(part) and ".." not in part, path

    # Each hostile column, author and region name got a folder of its own: none merged into another or lost.
    def folders(parent: str) -> int:
        return sum(1 for p in (hostile.output / parent).iterdir() if p.is_dir())

    assert folders("columns") == len(HOSTILE)
    # Authors sit in a folder per surname: count the people, under them.
    assert sum(1 for p in (hostile.output / "authors").glob("*/*") if p.is_dir()) == len(HOSTILE) + 2  # 王塔娜, 王玮
    assert folders("regions") == len(HOSTILE) + 1  # and 赤峰市
    assert sum(1 for p in (hostile.output / "regions").glob("*/*") if p.is_dir()) == len(HOSTILE) + 1


# --- HTML -------------------------------------------------------------------------------------------


class ParsedPage(HTMLParser):
    """What a browser would build from a page: elements, attribute values and text, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str | None]] = []
        self.texts: list[str] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.script_text if self._in_script else self.texts).append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def unknown_decl(self, data: str) -> None:
        self.declarations.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def parse_html(path: Path) -> ParsedPage:
    page = ParsedPage()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads from a URL attribute (already entity-decoded): it skips whitespace and
    control characters."""
    m = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", value).lower())
    return m.group(1) if m else None


def allowed_tags(theme: str) -> set[str]:
    """Every element the theme's templates write (a theme extends default), the charts' and the bodies'."""
    tags = set(CHART_TAGS | MARKDOWN_TAGS)
    for folder in {"default", theme}:
        for template in (REPO / "themes" / folder / "templates").glob("*.html"):
            tags |= {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", template.read_text("utf-8"))}
    return tags


def test_html_carries_no_markup_or_script_from_content(hostile: HostileSite) -> None:
    allowed = allowed_tags(hostile.theme)
    pages = hostile.files("*.html")
    assert len(pages) > 200
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        # The only scripts are the theme's own files, loaded by src with nothing inside the tag.
        scripts = re.findall(r"<script\b[^>]*>.*?</script\s*>", raw, flags=re.I | re.S)
        assert len(scripts) == len(re.findall(r"<script", raw, flags=re.I)), path
        assert all(THEME_SCRIPT.fullmatch(s) for s in scripts), (path, scripts)
        assert "<!--" not in raw and "<![CDATA[" not in raw, path
        page = parse_html(path)
        assert page.tags <= allowed, (path, page.tags - allowed)
        assert not page.comments and page.declarations == ["DOCTYPE html"], path
        assert not "".join(page.script_text).strip(), path
        for tag, name, value in page.attributes:
            assert not SCRIPT_ATTRIBUTE.match(name), (path, tag, name, value)
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                assert scheme is None or scheme in SAFE_SCHEMES, (path, tag, name, value)
        for text in [*page.texts, *(v for _, _, v in page.attributes if v)]:
            assert is_balanced(text), (path, text)
        for number in EVALUATED:
            assert number not in raw, (path, number)


def item_pages(hostile: HostileSite) -> Iterator[tuple[Item, ParsedPage]]:
    for md in hostile.output.glob("2*/*/*/*/*.md"):
        yield item_from_markdown(md.read_text(encoding="utf-8")), parse_html(md.with_suffix(".html"))


def test_html_shows_every_string_as_text(hostile: HostileSite) -> None:
    """Decoded, each page's text holds the headline, kicker, subtitle and column exactly as printed (plus the
    controls that close its bidi controls): nothing was swallowed by a comment, turned into an element, or
    evaluated as a template."""
    seen = 0
    for item, page in item_pages(hostile):
        text = page.text
        for value in (
            item.title,
            item.kicker,
            item.subtitle,
            item.column,
            item.region,
            item.county,
            *item.authors,
            *(c.role for c in item.credits),
        ):
            if value:
                assert balanced(value) in text, (item.title, value)
        assert balanced(SITE_TITLE) in text
        if hostile.theme == "broadsheet":
            assert balanced(NEWSPAPER) in text
        seen += 1
    assert seen == 4 * len(HOSTILE)
    # Template syntax prints literally wherever it stands: never 49 in place of {{ 7*7 }}.
    texts = [p.text for item, p in item_pages(hostile) if item.title and "{{ 7*7 }}" in item.title]
    assert len(texts) == 4
    for text in texts:
        assert "{{ 7*7 }}" in text
        assert not re.search(r"(标题\d\d |题|图|卷首\d\d |引|副)49", text)


def test_link_shaped_strings_become_links_to_nowhere(hostile: HostileSite) -> None:
    """Each Markdown link or image in a body is on its page as the renderer made it: pointing at "#"."""
    made = 0
    for md in hostile.output.glob("2*/*/*/*/*.md"):
        item = item_from_markdown(md.read_text(encoding="utf-8"))
        body = body_html(item.body)
        assert body in md.with_suffix(".html").read_text(encoding="utf-8"), md
        links = re.findall(r"<(?:a|img)\b[^>]*>", body)
        assert all(re.search(r'(href|src)="#"', link) for link in links), (md, links)
        made += len(links)
    # Each [点](…) or ![图](…) string stands twice in its Markdown page's body and once in each other body.
    assert made == 5 * sum(1 for h in HOSTILE if re.match(r"!?\[", h))


# --- search files -----------------------------------------------------------------------------------


def script_args(path: Path) -> list[object]:
    """The JSON arguments of a search file, `sitegenSearch.<call>(…);`."""
    text = path.read_text(encoding="utf-8")
    m = re.fullmatch(r"sitegenSearch\.(manifest|shard|meta|docs)\((.*)\);\n", text, flags=re.S)
    assert m, path
    return json.loads(f"[{m.group(2)}]")


def test_search_files_are_inert_json(hostile: HostileSite) -> None:
    files = hostile.files("*.js")
    search = [p for p in files if p.relative_to(hostile.output).parts[0] == "search"]
    assert len(search) > 10
    rows: list[list[object]] = []
    for path in search:
        raw = path.read_text(encoding="utf-8")
        lowered = raw.lower()
        assert "</script" not in lowered and "<!--" not in raw and "<" not in raw, path
        assert not any(c in raw for c in "\u2028\u2029" + CONTROLS), path
        args = script_args(path)
        if path.parent.parent.name == "docs":  # search/docs/<folder>/<n>.js
            rows += args[1]
        if path.name == "manifest.js":
            assert sorted(args[0]["columns"]) == sorted(HOSTILE)
    shown = {row[1] for row in rows}
    for titles in expected_titles().values():
        assert {balanced(t) for t in titles} <= shown
    for row in rows:
        assert row[0].endswith(".html") and ".." not in row[0] and SAFE_NAME.match(row[0].replace("/", "-"))
        for value in (row[1], row[3], row[7], *row[6]):
            assert value is None or is_balanced(value)


def test_json_files_are_json_without_markup(hostile: HostileSite) -> None:
    files = hostile.files("*.json")  # .sitegen-manifest.json too
    assert files
    for path in files:
        raw = path.read_text(encoding="utf-8")
        assert "</script" not in raw.lower() and "<!--" not in raw, path
        json.loads(raw)


# --- Atom and sitemap --------------------------------------------------------------------------------


def xml_strings(root: ET.Element) -> Iterator[str]:
    for element in root.iter():
        yield from (s for s in (element.text, element.tail) if s)
        yield from element.attrib.values()


def test_feeds_are_well_formed_and_carry_the_strings_as_text(hostile: HostileSite) -> None:
    feeds = hostile.files("feed.xml")
    assert len(feeds) == 1 + len(set(HOSTILE))  # the site's and one per column
    titles: set[str] = set()
    categories: set[str] = set()
    for path in feeds:
        raw = path.read_bytes()
        for markup in (b"<script", b"<img", b"<svg", b"<x>", b"<!--", b"<![CDATA[", b"<iframe", b"<style"):
            assert markup not in raw, (path, markup)
        root = ET.fromstring(raw)
        assert root.tag == f"{ATOM}feed"
        assert root.findtext(f"{ATOM}title").startswith(balanced(SITE_TITLE))
        for entry in root.iter(f"{ATOM}entry"):
            titles.add(entry.findtext(f"{ATOM}title"))
            categories |= {c.get("term") for c in entry.iter(f"{ATOM}category")}
            for link in entry.iter(f"{ATOM}link"):
                assert link.get("href").startswith(BASE_URL) and "/../" not in link.get("href")
        assert all(is_balanced(s) for s in xml_strings(root)), path
        for number in EVALUATED:
            assert number.encode() not in raw
    # Column feeds hold the Markdown pages' items, the site's feed the newest: the raw text pages' ones.
    for n, h in enumerate(HOSTILE, start=1):
        assert balanced(f"标题{n:02d} {h}") in titles
        assert balanced(h) in categories


def test_sitemap_lists_only_plain_urls_inside_the_site(hostile: HostileSite) -> None:
    raw = (hostile.output / "sitemap.xml").read_bytes()
    root = ET.fromstring(raw)
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert len(locs) == len(hostile.files("*.html")) - 1  # all but 404.html
    for loc in locs:
        assert loc.startswith(BASE_URL), loc
        path = loc[len(BASE_URL) :]
        assert re.fullmatch(r"[a-z0-9/._-]+", path) and ".." not in path, loc


# --- the Markdown renderer, string by string -----------------------------------------------------------

LINKS = (
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#0000106avascript:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DaTa:text/html,<script>alert(1)</script>)",
    '[x](javascript:alert(1) "title")',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "[x][bad]\n\n[bad]: javascript:alert(1)",
    "[x]\n\n[x]: &#106;avascript:alert(1)",
    "<javascript:alert(1)>",
    '[x](https://example.org/" onmouseover="alert(1))',
)


@pytest.mark.parametrize("source", LINKS + HOSTILE)
def test_body_html_makes_no_unsafe_link_and_passes_no_markup(source: str) -> None:
    page = ParsedPage()
    page.feed(body_html(f"正文 {source} 结尾。"))
    page.close()
    assert page.tags <= {"p", "a", "img", "strong", "em"}, page.tags  # __init__ is Markdown for bold
    assert not page.comments
    for tag, name, value in page.attributes:
        assert name in ("href", "src", "alt", "title"), (tag, name)
        if name in ("href", "src"):
            scheme = url_scheme(value or "")
            assert scheme is None or scheme in SAFE_SCHEMES, (tag, name, value)
    assert all(is_balanced(t) for t in page.texts)


def test_body_html_keeps_safe_links() -> None:
    assert '<a href="https://example.org/?a=1&amp;b=2">x</a>' in body_html("[x](https://example.org/?a=1&b=2)")
    assert '<a href="mailto:a@example.org">x</a>' in body_html("[x](mailto:a@example.org)")
    assert '<a href="../2023/index.html">x</a>' in body_html("[x](../2023/index.html)")


def test_bidi_controls_are_closed_and_kept() -> None:
    assert balanced("abc") == "abc"
    assert balanced("\u202eabc") == "\u202eabc\u202c"
    assert balanced("\u2067a\u202eb") == "\u2067a\u202eb\u202c\u2069"
    assert balanced("\u2067a\u202eb\u2069c") == "\u2067a\u202eb\u2069c"  # the PDI closed both
    assert balanced("\u202c\u2069x") == "\u202c\u2069x"  # stray closers: kept, nothing added
    assert balanced("\u202ea\u2069b") == "\u202ea\u2069b\u202c"  # a PDI closes no embedding
    assert is_balanced(body_html("\u202e段落一\n\n段落二 [链接](https://example.org) 尾"))
    for h in HOSTILE:
        assert balanced(h).startswith(h) and is_balanced(balanced(h))
