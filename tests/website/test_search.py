"""Search in a real browser, from disk and from a local web server, over the sample archive."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from website.helpers import BuiltSite

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
