"""Incremental builds: whatever changed, a build over the previous output gives the same bytes as a
clean build of the same archive, and redoes only what depends on the change."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import sitegen.sources
from sitegen.build import BuildResult, build
from sitegen.cache import CACHE_DIR_NAME, ReadIndex, SegmentCache, text_hash
from sitegen.config import load_config
from sitegen.segment.pages import key_pages, segment_pages
from sitegen.sources import discover, page_text, read_changed

Tree = Callable[[Path], dict[str, bytes]]


def run(root: Path, output: Path, workers: int = 1) -> BuildResult:
    config = load_config(root / "sitegen.toml")
    result = build(root / "content", output, config, cache_dir=root / CACHE_DIR_NAME, workers=workers)
    assert result.errors == 0, [p.format() for p in result.problems]
    assert result.write is not None
    return result


def clean_build(root: Path, tmp_path: Path, name: str = "clean") -> Path:
    """The archive built from nothing: a fresh copy with no cache and no previous output."""
    fresh = tmp_path / f"{name}-archive"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(CACHE_DIR_NAME, "output"))
    run(fresh, fresh / "output")
    return fresh / "output"


def assert_same_site(incremental: Path, clean: Path, tree: Tree) -> None:
    got, want = tree(incremental), tree(clean)
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == []


@pytest.fixture
def archive(sample_archive: Path) -> Path:
    """The sample archive without its newest issue, built once into output/."""
    shutil.move(sample_archive / "content" / "2023-12-26", sample_archive / "held-back")
    run(sample_archive, sample_archive / "output")
    return sample_archive


def test_adding_an_issue_gives_the_clean_build_and_keeps_old_pages(archive: Path, tmp_path: Path, tree: Tree) -> None:
    output = archive / "output"
    old_item = output / "2023/03/07/05"
    before = {p: p.stat().st_mtime_ns for p in old_item.rglob("*.md")}
    shutil.move(archive / "held-back", archive / "content" / "2023-12-26")
    result = run(archive, output)
    assert result.write is not None and 0 < result.write.ran < result.write.jobs
    assert_same_site(output, clean_build(archive, tmp_path), tree)
    assert before == {p: p.stat().st_mtime_ns for p in old_item.rglob("*.md")}  # untouched, not rewritten


def test_a_rebuild_with_no_change_runs_no_job_and_writes_nothing(archive: Path) -> None:
    result = run(archive, archive / "output")
    assert result.write is not None
    assert (result.write.ran, result.write.written, result.write.removed) == (0, 0, 0)


def test_editing_a_page(archive: Path, tmp_path: Path, tree: Tree) -> None:
    page = archive / "content" / "2023-09-05" / "05.txt"
    text = page.read_text(encoding="utf-8")
    assert "党建" in text
    page.write_text(text.replace("党建", "党的建设", 1), encoding="utf-8")
    result = run(archive, archive / "output")
    assert result.write is not None and result.write.written > 0
    assert_same_site(archive / "output", clean_build(archive, tmp_path), tree)


def test_a_new_author_in_an_old_issue_reaches_the_pages_that_count_authors(
    archive: Path, tmp_path: Path, tree: Tree
) -> None:
    # Not the newest issue, and no new item: only what counts the site's authors (the home page) changes.
    page = archive / "content" / "2023-03-07" / "05.md"
    text = page.read_text(encoding="utf-8")
    assert "□本报记者 陈春艳" in text
    page.write_text(text.replace("□本报记者 陈春艳", "□本报记者 陈春艳 通讯员 乌日娜", 1), encoding="utf-8")
    run(archive, archive / "output")
    assert_same_site(archive / "output", clean_build(archive, tmp_path), tree)


def test_removing_an_issue_removes_its_files(archive: Path, tmp_path: Path, tree: Tree) -> None:
    shutil.rmtree(archive / "content" / "2023-09-05")
    result = run(archive, archive / "output")
    assert result.write is not None and result.write.removed > 0
    assert not (archive / "output" / "2023" / "09").exists()
    assert_same_site(archive / "output", clean_build(archive, tmp_path), tree)


def test_changing_the_config_redoes_what_shows_it(archive: Path, tmp_path: Path, tree: Tree) -> None:
    config = archive / "sitegen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('title = "', 'title = "新', 1), encoding="utf-8")
    result = run(archive, archive / "output")
    assert result.write is not None and result.write.written > 50
    assert "新内蒙古日报" in (archive / "output" / "2023/03/07/index.html").read_text(encoding="utf-8")
    assert_same_site(archive / "output", clean_build(archive, tmp_path), tree)


def test_changing_the_column_vocabulary_recuts_pages(archive: Path, tmp_path: Path, tree: Tree) -> None:
    config = archive / "sitegen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"观潮", ', "", 1), encoding="utf-8")
    run(archive, archive / "output")
    assert_same_site(archive / "output", clean_build(archive, tmp_path), tree)


def test_a_template_override_redoes_every_page(archive: Path, tmp_path: Path, tree: Tree) -> None:
    (archive / "templates").mkdir()
    (archive / "templates" / "base.html").write_text(
        '{% extends "!default/base.html" %}{% block body_class %}override{% endblock %}', encoding="utf-8"
    )
    result = run(archive, archive / "output")
    assert result.write is not None and result.write.written > 50
    assert "override" in (archive / "output" / "archive/index.html").read_text(encoding="utf-8")
    assert_same_site(archive / "output", clean_build(archive, tmp_path), tree)


def test_editing_one_template_reruns_only_the_pages_that_load_it(archive: Path, tmp_path: Path, tree: Tree) -> None:
    (archive / "templates").mkdir()
    override = archive / "templates" / "item.html"
    override.write_text('{% extends "!default/item.html" %}', encoding="utf-8")
    run(archive, archive / "output")
    override.write_text('{% extends "!default/item.html" %}{# edited #}', encoding="utf-8")
    result = run(archive, archive / "output")
    pages = (archive / "output").glob("[0-9]*/[0-9]*/[0-9]*/[0-9]*/*.html")
    articles = [p for p in pages if p.name != "index.html"]  # a 版面 page's index.html loads page.html
    assert result.write is not None and len(articles) > 10
    # Only the article pages load item.html: they are rendered again (to the same bytes), nothing else.
    assert (result.write.ran, result.write.written) == (len(articles), 0)
    assert_same_site(archive / "output", clean_build(archive, tmp_path), tree)


def test_an_override_reading_the_site_global_follows_every_change(archive: Path, tmp_path: Path, tree: Tree) -> None:
    """A page whose template reads `site` depends on everything (and may link any group): adding an issue
    must redo it."""
    (archive / "templates").mkdir()
    (archive / "templates" / "year.html").write_text(
        '{% extends "!default/year.html" %}{% block main %}{{ site.all_items | length }} 篇'
        '{% for g in site.columns %}<a href="{{ url(column_url(g.name)) }}">{{ g.name }}</a>{% endfor %}'
        "{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    run(archive, archive / "output")
    shutil.move(archive / "held-back", archive / "content" / "2023-12-26")
    run(archive, archive / "output")
    assert_same_site(archive / "output", clean_build(archive, tmp_path), tree)


@pytest.mark.parametrize(
    "call",
    ['{{ column_url("观潮") }}', '{% import "m.html" as m %}{{ m.link() }}', '{% include "m.html" without context %}'],
    ids=["in the page", "in a macro imported without context", "in an include without context"],
)
def test_a_group_address_is_given_only_where_the_pages_key_follows_it(archive: Path, tree: Tree, call: str) -> None:
    """A template may link a group by name only if the page shows an item or the group of that name (the
    key holds its address) or reads `site` (the key holds everything, as above): never a stale address,
    whatever template asks for it."""
    (archive / "templates").mkdir()
    macro = '{% macro link() %}{{ column_url("观潮") }}{% endmacro %}{% if false %}{{ link() }}{% endif %}'
    (archive / "templates" / "m.html").write_text(macro if "import" in call else '{{ column_url("观潮") }}', "utf-8")
    year = archive / "templates" / "year.html"
    year.write_text('{% extends "!default/year.html" %}{% block main %}' + call + "{% endblock %}", "utf-8")
    before = tree(archive / "output")
    result = build(archive / "content", archive / "output", load_config(archive / "sitegen.toml"))
    assert result.write is None and result.stopped_at == "write" and tree(archive / "output") == before
    (problem,) = [p for p in result.problems if "column_url" in p.message]
    where = "m.html" if "m.html" in call else "year.html"  # the template that asks
    assert where in problem.format() and "pass the group to the page" in problem.message


def test_static_file_change(archive: Path, tmp_path: Path, tree: Tree) -> None:
    (archive / "static").mkdir()
    (archive / "static" / "style.css").write_text("body { color: #111; }\n", encoding="utf-8")
    result = run(archive, archive / "output")
    assert result.write is not None and result.write.written == 1
    assert_same_site(archive / "output", clean_build(archive, tmp_path), tree)


def test_workers_do_not_change_the_output(sample_archive: Path, tmp_path: Path, tree: Tree) -> None:
    run(sample_archive, tmp_path / "one", workers=1)
    run(sample_archive, tmp_path / "two", workers=2)
    assert_same_site(tmp_path / "two", tmp_path / "one", tree)


def stages(result: BuildResult) -> list[str]:
    return [s.name for s in result.stages]


def test_with_nothing_new_a_build_stops_after_reading_the_pages(archive: Path) -> None:
    first = run(archive, archive / "output")  # the manifest now holds the inputs' digest
    again = run(archive, archive / "output")
    assert stages(again) == ["discover", "read", "check"]
    assert again.write is not None and (again.write.written, again.write.ran) == (0, 0)
    assert (again.pages, again.items) == (first.pages, first.items) and again.items > 10


@pytest.mark.parametrize("change", ["page text", "static file", "issue.toml", "output file deleted"])
def test_any_change_or_a_missing_file_makes_a_full_check(
    archive: Path, tmp_path: Path, tree: Tree, change: str
) -> None:
    output = archive / "output"
    run(archive, output)
    if change == "page text":
        page = next((archive / "content" / "2023-09-05").glob("*.*"))
        page.write_text(page.read_text(encoding="utf-8") + "\n补记一句。\n", encoding="utf-8")
    elif change == "static file":
        (archive / "static").mkdir()
        (archive / "static" / "extra.css").write_text("body { color: black; }\n")
    elif change == "issue.toml":
        (archive / "content" / "2023-09-05" / "issue.toml").write_text("edition = 12345\n", encoding="utf-8")
    else:
        next(output.rglob("*.html")).unlink()
    result = run(archive, output)
    assert "segment" in stages(result) and result.write is not None and result.write.written > 0
    assert_same_site(output, clean_build(archive, tmp_path), tree)


def test_a_build_that_found_problems_past_reading_reports_them_again(archive: Path) -> None:
    # Two item files on one page with the same slug: found when items are placed, after the check.
    item = "---\nkind: article\ntitle: {0}\nslug: zhi-li\n---\n\n{0}的正文。\n"
    (archive / "content" / "2023-09-05" / "09.md").write_text(
        item.format("甲") + "\n" + item.format("乙"), encoding="utf-8"
    )
    config = load_config(archive / "sitegen.toml")
    results = [
        build(archive / "content", archive / "output", config, cache_dir=archive / CACHE_DIR_NAME) for _ in range(2)
    ]
    reported = [[p.format() for p in r.problems if "zhi-li" in p.format()] for r in results]
    assert reported[0] and reported[0] == reported[1]
    assert "segment" in stages(results[1])


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once: pages written by a test a moment ago may be remembered by the read
    index (a build otherwise reads again any file changed in the last two seconds)."""
    monkeypatch.setattr(sitegen.sources, "SETTLED_NS", 0)


def test_pages_as_the_last_build_saw_them_are_not_read_again(sample_archive: Path, settled: None) -> None:
    pages = discover(sample_archive / "content").pages
    index = ReadIndex(sample_archive / CACHE_DIR_NAME)
    first, _ = read_changed(pages, index)
    assert all(read.fresh and read.text_hash == text_hash(page_text(read)) for read in first)
    assert {path: hashed for path, (_, hashed) in index.load().items()} == {
        str(read.page.path): read.text_hash for read in first
    }
    again, _ = read_changed(pages, index)
    assert [(read.fresh, read.text_hash) for read in again] == [(False, read.text_hash) for read in first]
    edited = first[0].page.path
    edited.write_text(f"{page_text(first[0])}\n\n补记：本版稿件有更正。\n", encoding="utf-8")
    third, _ = read_changed(pages, index)
    assert [read.fresh for read in third] == [read.page.path == edited for read in third]
    assert third[0].text_hash == text_hash(page_text(third[0])) != first[0].text_hash


def test_a_page_read_with_a_problem_is_read_and_reported_by_every_build(sample_archive: Path, settled: None) -> None:
    page = next((sample_archive / "content").glob("*/*.txt"))
    page.write_bytes(page.read_bytes() + b"\n\n\xff\xfe\x00 damaged\n")
    index = ReadIndex(sample_archive / CACHE_DIR_NAME)
    for _ in range(2):
        pages, problems = read_changed(discover(sample_archive / "content").pages, index)
        assert [p.path for p in problems] == [page] and "\ufffd" in page_text(
            next(r for r in pages if r.page.path == page)
        )
    assert str(page) not in index.load()


def test_a_build_from_pages_it_did_not_read_equals_a_clean_build(
    archive: Path, tmp_path: Path, tree: Tree, settled: None
) -> None:
    # The pages are known to the read index and their cut items are gone from the cache (a new segmenter
    # does the same): they are read then, and the site is what a clean build makes.
    shutil.move(archive / "held-back", archive / "content" / "2023-12-26")
    run(archive, archive / "output")
    pages, _ = read_changed(discover(archive / "content").pages, ReadIndex(archive / CACHE_DIR_NAME))
    assert pages and not any(read.fresh for read in pages)  # none of them would be read
    shutil.rmtree(archive / CACHE_DIR_NAME / "segment")
    run(archive, tmp_path / "output")
    assert_same_site(tmp_path / "output", clean_build(archive, tmp_path), tree)


@pytest.mark.parametrize(
    "damage",
    [
        b"[" * 100_000 + b"]" * 100_000,  # json.loads recurses: RecursionError
        b'{"items": [{"kind": "article", "title": ["not", "text"], "body": "x"}]}',  # the wrong types
        b'{"items": [{"kind": "article"}]}',  # keys missing
        b'{"items": 5}',
        b"\xff\xfe\x00\x00 not text",
        b"",
    ],
    ids=["nested", "wrong types", "missing keys", "not a list", "not UTF-8", "empty"],
)
def test_a_damaged_cache_entry_is_a_miss_with_a_note(archive: Path, tmp_path: Path, tree: Tree, damage: bytes) -> None:
    run(archive, archive / "output")
    entries = sorted((archive / CACHE_DIR_NAME / "segment").glob("*.json"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(damage)
    result = run(archive, archive / "elsewhere")  # no site there yet: every page's items are needed
    notes = [p.format() for p in result.problems if "segmentation cache" in p.message]
    assert notes == [
        f"{archive / CACHE_DIR_NAME}: note: 2 damaged entries of the segmentation cache ignored; those "
        "pages were cut again (nothing to do; delete the folder if this happens often)"
    ]
    assert_same_site(archive / "elsewhere", clean_build(archive, tmp_path), tree)
    assert all(json.loads(entry.read_text(encoding="utf-8"))["items"] for entry in entries)  # written anew


def test_a_page_edited_after_it_was_hashed_is_cut_as_it_is_now_and_not_cached(sample_archive: Path) -> None:
    # The build keeps no text between its read and segment stages: a page is read again where it is cut.
    # Edited in between, it is cut as it is now, and its cut is not cached under the hash of what it was.
    config = load_config(sample_archive / "sitegen.toml")
    cache = SegmentCache(sample_archive / CACHE_DIR_NAME)
    pages, _ = read_changed(discover(sample_archive / "content").pages, ReadIndex(None))
    edited = pages[0]
    edited.page.path.write_text(f"{page_text(edited)}\n\n补记：本版稿件有更正。\n", encoding="utf-8")
    segmented, problems = segment_pages(pages, config, cache)
    assert not problems
    cut = {page.path: items for page, items in segmented}
    assert "补记：本版稿件有更正。" in cut[edited.page.path][-1].body
    keyed = {read.page.path: read.page.digest for read in key_pages(pages, config)}
    assert cache.get(keyed[edited.page.path] or "") is None
    assert all(cache.get(digest or "") is not None for path, digest in keyed.items() if path != edited.page.path)
