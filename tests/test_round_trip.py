"""Round trip: the item files a build writes (`output/…/<slug>.md`) put back as `.md` pages build the
same items at the same addresses. And the front matter of such pages, read on its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from click.testing import Result
from segmenting import segment_page, segment_text

from sitegen.markdown import item_from_markdown, item_markdown
from sitegen.model import Credit, Item
from sitegen.segment.frontmatter import has_front_matter, read_sections
from sitegen.segment.pages import cut_page

RunCli = Callable[..., Result]
FIELDS = (
    "kind",
    "title",
    "title_inferred",
    "kicker",
    "subtitle",
    "column",
    "authors",
    "credits",
    "region",
    "county",
    "body",
    "slug",
)


def published(output: Path) -> dict[str, dict[str, object]]:
    """Every item a build published, by its path, with the fields a reader sees."""
    items = {}
    for path in sorted(output.glob("2*/*/*/*/*.md")):
        item = item_from_markdown(path.read_text(encoding="utf-8"))
        items[path.relative_to(output).as_posix()] = {name: getattr(item, name) for name in FIELDS}
    return items


def test_item_files_put_back_as_pages_build_the_same_items(sample_archive: Path, run_cli: RunCli) -> None:
    first = run_cli(sample_archive, "build", "--no-cache")
    assert first.exit_code == 0, first.output
    before = published(sample_archive / "output")
    assert len(before) > 30 and any(i["region"] for i in before.values()) and any(i["column"] for i in before.values())

    # Each printed page again, now as one .md page made of its item files one after another.
    again = sample_archive.parent / "again"
    (again / "content").mkdir(parents=True)
    (again / "sitegen.toml").write_bytes((sample_archive / "sitegen.toml").read_bytes())
    for folder in sorted({p.parent for p in (sample_archive / "output").glob("2*/*/*/*/*.md")}):
        year, month, day, number = folder.relative_to(sample_archive / "output").parts
        page = again / "content" / f"{year}-{month}-{day}" / f"{number}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text("".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))), encoding="utf-8")
    second = run_cli(again, "build", "--no-cache")
    assert second.exit_code == 0, second.output
    assert "error" not in second.stderr and "warning" not in second.stderr
    assert published(again / "output") == before


def item(**fields: object) -> Item:
    return Item(**{"kind": "article", "title": "标题", "body": "正文。", **fields})  # type: ignore[arg-type]


def test_an_item_file_is_read_back_whole_and_keeps_its_place_and_slug() -> None:
    original = item(
        title="党建引领基层治理",
        kicker="引题——",
        subtitle="——副题",
        column="初心如磐",
        credits=(Credit("宋爽", "本报记者"), Credit("李晓龙", "通讯员")),
        region="鄂尔多斯市",
        county="准格尔旗",
        body="□本报记者 宋爽 通讯员 李晓龙\n\n赤峰市红山区推进社区治理。\n\n## 小标题\n\n群众满意。",
        slug="my-own-slug",
    )
    text = item_markdown(original)
    assert has_front_matter(text)
    ((got, given),) = segment_page(text, markdown=True)
    assert got == replace(original, slug=None)
    assert (given.place, given.slug) == (True, "my-own-slug")
    # The region is the file's, not one found in the text (赤峰市), and the slug is kept.
    built_cut = cut_page((text, True, (), "内蒙古自治区"))
    assert not isinstance(built_cut, Exception)
    (built,) = built_cut.items
    assert (built.region, built.county, built.slug) == ("鄂尔多斯市", "准格尔旗", "my-own-slug")


def test_several_item_files_in_one_page_and_hand_written_front_matter() -> None:
    page = (
        item_markdown(item(title="第一篇", body="甲。\n\n---\n\n乙。"))  # a rule in a body is not a new item
        + "---\ntitle: 第二篇\nauthors: [王塔娜]\n---\n乙文。\n"
        + "---\nkind: brief\n---\n\n◆简讯正文。\n"
    )
    items = segment_text(page, markdown=True)
    assert [(i.kind, i.title, i.title_inferred, i.body) for i in items] == [
        ("article", "第一篇", False, "甲。\n\n---\n\n乙。"),
        ("article", "第二篇", False, "乙文。"),
        ("brief", "简讯正文。", True, "◆简讯正文。"),
    ]
    assert items[1].credits == (Credit("王塔娜", "作者"),)
    assert read_sections(page).problems == ()
    # Slugs: made from titles where the front matter gives none, regions found in the text.
    cut = cut_page((page, True, (), "内蒙古自治区"))
    assert not isinstance(cut, Exception)
    assert [i.slug for i in cut.items] == ["di-yi-pian", "di-er-pian", "jian-xun-zheng-wen"]


def test_a_page_without_front_matter_is_cut_as_before() -> None:
    page = "---\n\n# 社区治理见实效\n\n赤峰市红山区推进社区治理。\n"  # opens on a rule, then a headline
    assert not has_front_matter(page) and read_sections(page).sections == ()
    assert [i.title for i in segment_text(page, markdown=True)][-1] == "社区治理见实效"


def test_front_matter_problems_name_their_line_and_keep_the_rest() -> None:
    page = (
        "---\nkind: article\ntitel: 错字\ntitle: [a, b]\ncredits: [{name: 宋爽, role: 本报记者}]\nauthors: [别人]\n"
        "slug: Not A Slug\nregion: 赤峰市\n---\n\n正文。\n"
    )
    found = read_sections(page)
    assert [(p.line, p.message) for p in found.problems] == [
        (3, 'unknown key "titel" in the front matter'),
        (4, '"title" must be text, not a list or mapping'),
        (7, 'slug "Not A Slug" is not lowercase letters, digits and single dashes'),
        (6, "authors do not match the names in credits: credits are used"),
    ]
    ((got, given),) = segment_page(page, markdown=True)
    assert (got.title, got.title_inferred, got.region) == ("正文。", True, "赤峰市")
    assert got.credits == (Credit("宋爽", "本报记者"),)
    assert given.slug is None
