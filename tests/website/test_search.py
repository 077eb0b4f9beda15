"""Search in a real browser, from disk and from a local web server, over the sample archive."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import unicodedata
import urllib.parse
from collections.abc import Iterator

import pytest

from sitegen.markdown import item_from_markdown
from website.helpers import BuiltSite, sitegen_build

# What the sample archive holds, read off the built Markdown: the search must find all of it.


def items_containing(site: BuiltSite, needle: str) -> int:
    count = 0
    for path in site.root.glob("[0-9]*/[0-9]*/[0-9]*/[0-9]*/*.md"):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^title: (.*)$", text, re.M).group(1)
        body = text.split("\n---\n", 1)[1]
        count += needle in title or needle in body
    return count


def run_search(page, base: str, query: str, extra: str = "") -> tuple[int, list[str]]:
    page.goto(f"{base}search/index.html?q={urllib.parse.quote(query)}{extra}")
    page.wait_for_selector('#search-results[data-state="done"]', timeout=15000)
    total = int(page.get_attribute("#search-results", "data-total"))
    titles = page.locator("li.search-result h2").all_inner_texts()
    return total, titles


@pytest.fixture(params=["file", "http"])
def base(request, site: BuiltSite) -> str:
    if request.param == "file":
        return site.root.as_uri() + "/"
    return request.getfixturevalue("server")


def test_chinese_name_place_and_pinyin_find_what_they_name(site: BuiltSite, browser, base: str) -> None:
    page = browser.new_page()
    total, titles = run_search(page, base, "赤峰")
    assert total == items_containing(site, "赤峰") >= 3
    assert page.locator("li.search-result mark").first.inner_text() == "赤峰"
    total, _ = run_search(page, base, "宋爽")
    assert total >= items_containing(site, "宋爽") > 5  # also credited items whose text lacks the name
    total_py, _ = run_search(page, base, "chifeng")
    assert total_py >= 3  # items whose region is 赤峰市
    total_initials, _ = run_search(page, base, "songshuang")
    assert total_initials >= 5
    page.close()


def test_phrase_and_two_words(site: BuiltSite, browser, base: str) -> None:
    page = browser.new_page()
    total, titles = run_search(page, base, '"小尾羊牧业科技"')
    assert total == 1 and titles == ["党建赋能“小个专” 激活发展新动力"]
    both, _ = run_search(page, base, "赤峰 喀喇沁")
    alone, _ = run_search(page, base, "赤峰")
    assert 0 < both < alone
    none, _ = run_search(page, base, "不存在的词语组合")
    assert none == 0 and "没有找到" in page.inner_text("#search-status")
    page.close()


def test_filters_narrow_and_the_url_restores_a_search(site: BuiltSite, browser, base: str) -> None:
    page = browser.new_page()
    everything, _ = run_search(page, base, "党建")
    page.select_option("#search-column", label="信息集装箱")
    page.wait_for_function("() => location.search.includes('column=')")
    page.wait_for_selector('#search-results[data-state="done"]')
    narrowed = int(page.get_attribute("#search-results", "data-total"))
    assert 0 < narrowed < everything
    restored = page.url
    other = browser.new_page()
    other.goto(restored)
    other.wait_for_selector('#search-results[data-state="done"]')
    assert other.input_value("#search-input") == "党建"
    assert int(other.get_attribute("#search-results", "data-total")) == narrowed
    page.go_back()
    page.wait_for_selector('#search-results[data-state="done"]')
    page.wait_for_function(f"() => document.querySelector('#search-results').dataset.total === '{everything}'")
    page.close()
    other.close()


def test_header_box_and_keyboard(site: BuiltSite, browser) -> None:
    page = browser.new_page()
    page.goto(site.url("index.html"))
    page.fill("#q", "宋爽")
    page.press("#q", "Enter")
    page.wait_for_selector('#search-results[data-state="done"]')
    assert int(page.get_attribute("#search-results", "data-total")) > 0
    page.focus("#search-input")
    page.fill("#search-input", "赤峰")
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '赤峰'")
    page.wait_for_selector('#search-results[data-state="done"]')
    page.keyboard.press("Tab")  # focus moves on to the controls: nothing traps it
    page.close()


# --- exactly right: every item holding a character, marks on exactly the words -------------------------


def indexed_text(path) -> str:
    """Every text field of a built item that search indexes, NFKC-normalised as the tokenizer reads it."""
    item = item_from_markdown(path.read_text(encoding="utf-8"))
    fields = [item.title, item.kicker, item.subtitle, item.column, item.region, item.county]
    return unicodedata.normalize("NFKC", "\n".join([*(f or "" for f in fields), *item.authors, item.body]))


def scan(site: BuiltSite, needle: str) -> set[str]:
    """The items holding ``needle`` anywhere search looks, by their page's site-relative path."""
    return {
        p.relative_to(site.root).with_suffix(".html").as_posix()
        for p in site.root.glob("[0-9]*/[0-9]*/[0-9]*/[0-9]*/*.md")
        if needle in indexed_text(p)
    }


def all_results(page, base: str, query: str) -> set[str]:
    """Every result of ``query``: "more" clicked until the list is whole; site-relative paths."""
    total, _ = run_search(page, base, query)
    while page.locator("#search-more").is_visible():
        shown = page.locator("li.search-result").count()
        page.click("#search-more")
        page.wait_for_function(f"() => document.querySelectorAll('li.search-result').length > {shown}")
    hrefs = page.eval_on_selector_all("li.search-result h2 a", "els => els.map(a => a.getAttribute('href'))")
    assert len(hrefs) == total
    return {h.removeprefix("../") for h in hrefs}


@pytest.mark.parametrize("char", ["党", "王", "峰"])
def test_one_character_finds_every_item_holding_it(site: BuiltSite, browser, base: str, char: str) -> None:
    page = browser.new_page()
    expected = scan(site, char)
    assert len(expected) >= 3
    assert all_results(page, base, char) == expected
    page.close()


def test_format_characters_inside_a_query_word_are_ignored(site: BuiltSite, browser, base: str) -> None:
    page = browser.new_page()
    plain = all_results(page, base, "赤峰")
    assert plain == scan(site, "赤峰")
    for hidden in ("\u200b", "\u00ad", "\ufeff", "\u2060"):
        assert all_results(page, base, f"赤{hidden}峰") == plain, repr(hidden)
    page.close()


# Bodies where the characters before 赤峰 change length or form when normalised: an ellipsis (… → ...),
# circled numbers (① → 1), full-width letters and compatibility ideographs (豈 U+F900 → U+8C48).
TRICKY_PAGE = "\n".join(
    f"# {title}\n\n{body}\n"
    for title, body in [
        (
            "……赤峰牢记嘱托……赤峰",
            "……" * 30 + "这是很长的一段开头文字，让摘要从中间开始。" * 2 + "赤峰市牢记嘱托，赤峰答卷……赤峰。",
        ),
        ("①赤峰 ②赤峰", "①赤峰②赤峰市③④⑤赤峰⑥" + "后文" * 40),
        ("ＧＤＰ赤峰", "ＧＤＰ增长，ＡＢＣ赤峰ａｂｃ赤峰。" + "……" * 50 + "Ｘ赤峰"),
        ("\uf900\uf901赤峰", "\uf900\uf901\uf902\uf903赤峰\uf904赤峰" + "…" * 60 + "\uf905赤峰"),
    ]
)


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("tricky")
    (root / "content/2024-03-01").mkdir(parents=True)
    (root / "content/2024-03-01/01.md").write_text(TRICKY_PAGE, encoding="utf-8")
    (root / "sitegen.toml").write_text('title = "测试"\n', encoding="utf-8")
    return BuiltSite("default", sitegen_build(root / "content", root / "sitegen.toml", root))


@pytest.fixture(params=["file", "http"])
def tricky_base(request, tricky_site: BuiltSite) -> Iterator[str]:
    if request.param == "file":
        yield tricky_site.root.as_uri() + "/"
        return
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tricky_site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_marks_cover_exactly_the_words_whatever_stands_before_them(
    tricky_site: BuiltSite, browser, tricky_base: str
) -> None:
    page = browser.new_page()
    total, _ = run_search(page, tricky_base, "赤峰")
    assert total == 4
    results = page.locator("li.search-result")
    starts_with_ellipsis = 0
    for k in range(total):
        for part in ("h2", "p.snippet"):
            element = results.nth(k).locator(part)
            text = element.inner_text()
            marks = element.locator("mark").all_inner_texts()
            assert marks == ["赤峰"] * text.count("赤峰") and marks, (part, text, marks)
        starts_with_ellipsis += results.nth(k).locator("p.snippet").inner_text().startswith("…")
    assert starts_with_ellipsis >= 1  # the case that shifted every mark by two
    page.close()


def test_a_long_column_name_does_not_widen_the_search_page(browser, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("long-name")
    (root / "content/2024-03-01").mkdir(parents=True)
    long_name = "很长的栏目名称" * 115  # 805 characters
    page = f"---\ntitle: 标题\ncolumn: {long_name}\nregion: 赤峰市\n---\n\n赤峰市的正文。\n"
    (root / "content/2024-03-01/01.md").write_text(page, encoding="utf-8")
    (root / "sitegen.toml").write_text('title = "测试"\n', encoding="utf-8")
    site = BuiltSite("default", sitegen_build(root / "content", root / "sitegen.toml", root))
    page = browser.new_page(viewport={"width": 360, "height": 800})
    run_search(page, site.root.as_uri() + "/", "赤峰")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    option = page.locator("#search-column option").nth(1)
    assert option.get_attribute("title") == long_name and len(option.inner_text()) == 25
    page.select_option("#search-column", index=1)  # and the filter still works
    page.wait_for_selector('#search-results[data-state="done"]')
    assert page.get_attribute("#search-results", "data-total") == "1"
    page.close()


def test_result_rows_are_found_in_every_docs_folder(site: BuiltSite, browser, tmp_path) -> None:
    """The search page finds a result's row in the folder the manifest's docsFilesPerFolder says (1,000 by
    default: a million items fill 250 folders). Refoldered two files a folder, the sample shows the same."""
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    docs = copy / "search" / "docs"
    for path in sorted(docs.glob("*/*.js")):
        n = int(path.stem)
        (docs / f"x{n // 2}").mkdir(exist_ok=True)
        path.rename(docs / f"x{n // 2}" / path.name)
    for folder in docs.glob("[0-9]*"):
        folder.rmdir()
    for folder in sorted(docs.glob("x*")):
        folder.rename(docs / folder.name[1:])
    manifest = copy / "search" / "manifest.js"
    text = manifest.read_text(encoding="utf-8")
    assert '"docsFilesPerFolder":1000' in text
    manifest.write_text(text.replace('"docsFilesPerFolder":1000', '"docsFilesPerFolder":2'), encoding="utf-8")
    assert len(list(docs.iterdir())) >= 3  # rows in several folders
    page = browser.new_page()
    expected = run_search(page, site.root.as_uri() + "/", "党建")
    assert run_search(page, copy.as_uri() + "/", "党建") == expected and expected[0] > 10
    page.close()
