from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from sitegen.build import BuildResult, build
from sitegen.cache import SegmentCache, cache_key, text_hash
from sitegen.config import SiteConfig, load_config
from sitegen.markdown import body_html, item_from_markdown, item_markdown, parse_markdown
from sitegen.model import FRONT_MATTER_KEYS, Credit, Cut, Doubt, Item, item_from_dict

Tree = Callable[[Path], dict[str, bytes]]
ITEM_PATH = re.compile(r"^\d{4}/\d{2}/\d{2}/\d{2}/(?!index\.)[a-z0-9]+(?:-[a-z0-9]+)*\.(?:md|html)$")


def build_sample(root: Path, output: str = "output", **kw: bool) -> BuildResult:
    config = load_config(root / "sitegen.toml")
    return build(root / "content", root / output, config, cache_dir=root / ".sitegen-cache", **kw)


def test_sample_builds_into_the_documented_layout(sample_archive: Path, tree: Tree) -> None:
    result = build_sample(sample_archive)
    assert result.errors == 0 and result.pages == 3 and result.items > 3
    files = tree(sample_archive / "output")
    items = [p for p in files if ITEM_PATH.match(p)]
    assert {p[:-3] for p in items if p.endswith(".md")} == {p[:-5] for p in items if p.endswith(".html")}
    assert len(items) == 2 * result.items
    assert result.write.written == len(files) - 1  # every file but the manifest


def test_every_link_is_relative_and_resolves(sample_archive: Path) -> None:
    build_sample(sample_archive)
    out = sample_archive / "output"
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in html
        # The 404 page's <base> is the site's root on its server: its own links stay relative to it.
        html = html.replace('<base href="/dangjian/">', "") if page.name == "404.html" else html
        for href in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert not href.startswith(("/", "http:", "https:")), (page, href)
            target, _, anchor = href.partition("#")
            if not target:  # a link within the page: its anchor must exist
                assert f'id="{anchor}"' in html, (page, href)
                continue
            assert (page.parent / target).resolve().is_file(), (page, href)


def test_author_pages_sit_in_a_folder_per_surname(sample_archive: Path) -> None:
    # Tens of thousands of reporters in a long archive: authors/ holds a folder per surname, not one per name.
    build_sample(sample_archive)
    authors = sample_archive / "output" / "authors"
    pages = sorted(p.relative_to(authors).as_posix() for p in authors.glob("*/*/index.html"))
    assert "song/song-shuang/index.html" in pages
    assert all(p.split("/")[1].split("-")[0] == p.split("/")[0] for p in pages)
    assert {p.name for p in authors.iterdir() if p.is_file()} == {"index.html"}
    assert len([p for p in authors.iterdir() if p.is_dir()]) < len(pages)
    home = (authors / "index.html").read_text(encoding="utf-8")
    assert 'href="song/song-shuang/index.html"' in home


def test_item_pages_link_to_the_items_before_and_after_them_in_reading_order(sample_archive: Path) -> None:
    build_sample(sample_archive)
    out = sample_archive / "output"
    chained = 0
    for issue in out.glob("[0-9]*/[0-9]*/[0-9]*/index.html"):
        reading = [
            (issue.parent / href).resolve()
            for href in re.findall(r'href="([^"]+)" data-nav="item"', issue.read_text(encoding="utf-8"))
        ]
        for k, item in enumerate(reading):
            html = item.read_text(encoding="utf-8")
            nav = html[html.index('aria-label="本期前后稿件"') :]
            nav = nav[: nav.index("</nav>")]
            links = {
                rel: (item.parent / href).resolve()
                for rel, href in re.findall(r'rel="(prev|next)" href="([^"]+)"', nav)
            }
            assert links.get("prev") == (reading[k - 1] if k else None), item
            assert links.get("next") == (reading[k + 1] if k + 1 < len(reading) else None), item
            chained += 1
    assert chained > 10


def test_issue_pages_list_every_item(sample_archive: Path) -> None:
    result = build_sample(sample_archive)
    out = sample_archive / "output"
    listed = [
        href
        for issue in out.glob("[0-9]*/[0-9]*/[0-9]*/index.html")
        for href in re.findall(r'href="([^"]+)" data-nav="item"', issue.read_text(encoding="utf-8"))
    ]
    assert len(listed) == len(set(listed)) == result.items
    # The home page leads with the newest issue.
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "最新一期" in home and "2023年12月26日" in home


def test_second_build_writes_nothing_and_is_byte_identical(sample_archive: Path, tree: Tree) -> None:
    first = build_sample(sample_archive)
    before = tree(sample_archive / "output")
    second = build_sample(sample_archive)
    assert second.write.written == 0 and second.write.removed == 0
    assert second.write.unchanged == first.write.written
    assert tree(sample_archive / "output") == before


def test_output_is_deterministic_across_fresh_builds(sample_archive: Path, tree: Tree) -> None:
    build_sample(sample_archive, "out-a")
    shutil.rmtree(sample_archive / ".sitegen-cache")
    build_sample(sample_archive, "out-b")  # without the cache: same bytes still
    assert tree(sample_archive / "out-a") == tree(sample_archive / "out-b")


def test_removed_page_removes_its_files(sample_archive: Path) -> None:
    build_sample(sample_archive)
    shutil.rmtree(sample_archive / "content" / "2023-03-07")
    result = build_sample(sample_archive)
    assert result.write.removed > 0
    assert not (sample_archive / "output" / "2023" / "03").exists()
    assert "2023年3月7日" not in (sample_archive / "output" / "index.html").read_text(encoding="utf-8")


def test_html_in_page_text_is_escaped(make_archive: Callable[..., Path], tree: Tree) -> None:
    evil = "<script>alert(1)</script>"
    root = make_archive(
        {
            "content/2023-12-26/05.md": f"# 标题{evil}\n\n□本报记者 宋爽\n\n市民在广场上看到{evil}字样。\n\n<img src=x onerror=alert(1)>\n",
            "content/2023-12-26/06.txt": f"□本报记者 宋爽\n\n市民在广场上看到{evil}字样，今年以来办成实事三十多件。\n\n社区治理见实效\n",
        }
    )
    result = build(root / "content", root / "output", SiteConfig())
    assert result.errors == 0
    html = {p: b.decode() for p, b in tree(root / "output").items() if p.endswith(".html")}
    joined = "\n".join(html.values())
    # The theme's own script tag is the only one; nothing from the page text becomes markup.
    assert "<script>" not in joined and "<img" not in joined
    assert all(tag.startswith('<script src="') for tag in re.findall(r"<script[^>]*>", joined))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in joined
    for page in ("/05/", "/06/"):  # in the body of both the .md and the .txt page
        bodies = [h for p, h in html.items() if page in p]
        assert any("市民在广场上看到&lt;script&gt;" in h for h in bodies)


def test_body_html_never_passes_raw_html() -> None:
    assert body_html("a<b>c</b>") == "<p>a&lt;b&gt;c&lt;/b&gt;</p>"
    assert "<script" not in body_html("<script>\nalert(1)\n</script>")
    assert 'href="#"' in body_html("[x](javascript:alert(1))")
    assert 'href="https://example.org"' in body_html("[x](https://example.org)")
    assert body_html("## 小标题\n\n正文") == "<h2>小标题</h2>\n<p>正文</p>"


def test_item_markdown_round_trips() -> None:
    item = Item(
        kind="photo",
        title='标题: "引号" #1',
        body="第一段\n\n---\n\n第二段",
        title_inferred=True,
        kicker="yes",
        subtitle="null",
        column="掠影",
        credits=(Credit("许敬", "摄"), Credit("包青松", "")),
        region="赤峰市",
        county="红山区",
        date=dt.date(2023, 12, 26),
        page=5,
        source="2023-12-26/05.txt",
        slug="biao-ti",
    )
    text = item_markdown(item)
    meta, body = parse_markdown(text)
    assert tuple(meta) == FRONT_MATTER_KEYS
    assert meta["date"] == dt.date(2023, 12, 26) and meta["kicker"] == "yes" and meta["subtitle"] == "null"
    assert body == item.body
    assert item_from_markdown(text) == item


def test_cache_key_covers_text_mode_columns_and_version() -> None:
    base = {"markdown": None, "columns": ("掠影",), "version": "1"}
    key = cache_key(text_hash("正文"), **base)
    assert key == cache_key(text_hash("正文"), **base)
    assert key != cache_key(text_hash("正文。"), **base)
    assert key != cache_key(text_hash("正文"), **{**base, "markdown": True})
    assert key != cache_key(text_hash("正文"), **{**base, "columns": ("掠影", "观潮")})
    assert key != cache_key(text_hash("正文"), **{**base, "version": "2"})


def test_cache_round_trips_items(tmp_path: Path) -> None:
    items = (
        Item(
            kind="brief",
            title="题",
            body="正文",
            credits=(Credit("宋爽", "本报记者"),),
            region="兴安盟",
            line=7,
            doubts=(Doubt("short", 7),),
        ),
    )
    cut = Cut(items, ("2023年11月6日 星期一 第03版 要闻", "责任编辑：王芳"))
    cache = SegmentCache(tmp_path / "cache")
    assert cache.get("k") is None
    cache.put("k", cut)
    got = cache.get("k")
    assert got == cut
    # Not compared (a hand-cut item is the same item), but kept: review reads them from the cache.
    assert got is not None and (got.items[0].line, got.items[0].doubts) == (7, (Doubt("short", 7),))
    assert item_from_dict(items[0].contract()) == items[0]
    assert SegmentCache(None).get("k") is None


def test_changed_columns_config_invalidates_the_cache(sample_archive: Path) -> None:
    build_sample(sample_archive)
    entries = set((sample_archive / ".sitegen-cache" / "segment").iterdir())
    assert len(entries) == 3
    config = sample_archive / "sitegen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"观潮", ', ""), encoding="utf-8")
    build_sample(sample_archive)
    assert len(set((sample_archive / ".sitegen-cache" / "segment").iterdir())) == 6


def test_errors_are_collected_and_good_pages_still_built(
    make_archive: Callable[..., Path], md_page: str, tree: Tree
) -> None:
    root = make_archive(
        {
            "content/2023-02-30/05.md": md_page,
            "content/2023-12-26/abc.txt": md_page,
            "content/2023-12-26/06.txt": b"\xff\xfe\xfd\x00\x01",
            "content/2023-12-26/05.md": md_page,
        }
    )
    result = build(root / "content", root / "output", SiteConfig())
    assert result.errors == 3
    assert result.pages == 1 and result.items >= 2
    assert any(p.startswith("2023/12/26/05/") for p in tree(root / "output"))


def test_strict_stops_before_writing(make_archive: Callable[..., Path], md_page: str, tree: Tree) -> None:
    root = make_archive({"content/2023-12-26/05.md": md_page})
    build(root / "content", root / "output", SiteConfig())
    before = tree(root / "output")
    (root / "content" / "2023-12-26" / "05.md").write_text(md_page.replace("社区", "街道"), encoding="utf-8")
    (root / "content" / "2023-12-26" / "photo.jpg").write_bytes(b"\xff\xd8")  # a warning: fatal under strict
    result = build(root / "content", root / "output", SiteConfig(), strict=True)
    assert result.errors == 1 and result.write is None and result.stopped_at == "discover"
    assert tree(root / "output") == before
    # Without --strict the warning does not fail the build.
    assert build(root / "content", root / "output", SiteConfig()).errors == 0
