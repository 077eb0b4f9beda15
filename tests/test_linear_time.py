"""Every stage takes time in proportion to its input (or n log n), whatever the input holds.

Each case has a size at which a stage that is quadratic in it takes minutes (it did: see the numbers in
the comments, measured before the fix). The tests assert what is built, not how fast: the test runner's
time limit is the guard, and the times go into the benchmarks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from segmenting import segment_page

from sitegen.markdown import body_html
from sitegen.segment.blocks import read_blocks
from sitegen.segment.text import collapse_number_spaces, join_lines

MakeArchive = Callable[..., Path]
RunCli = Callable[..., Result]


def test_a_hundred_thousand_one_character_paragraphs_are_joined_once() -> None:
    # Joined across blank lines (column breaks) one at a time, each re-reflowed from the first line:
    # 8,000 took 3.2 s, 100,000 did not finish in 400 s.
    text = "\n\n".join("字" for _ in range(100_000)) + "\n"
    ((item, _),) = segment_page(text, markdown=False)
    assert item.body == "字" * 100_000


def test_reflowing_by_runs_gives_what_reflowing_at_once_gives() -> None:
    # ASCII words meeting at a join keep one space, numbers and Han run together, as one reflow does.
    paragraphs = [
        "推进乡村振兴工作取得了明显的成效，全旗上下齐心协力推动产业发展，GDP",
        "growth 5 个百分点，比上年同期高出不少，村集体经济收入稳步增长达到 86",
        "个嘎查村，全部实现了集体经济收入超过十万元的目标，群众满意度abc",
    ] * 500
    blocks = read_blocks("\n\n".join(paragraphs) + "\n", markdown=False)
    assert len(blocks) == 1 and len(blocks[0].lines) == 1500
    assert blocks[0].text == collapse_number_spaces(join_lines(paragraphs))
    assert "，GDP growth 5个百分点" in blocks[0].text and "达到86个嘎查村" in blocks[0].text


def test_thousands_of_unclosed_brackets_render_as_text() -> None:
    # Python-Markdown looks for the end of a link from every "[" (and of its address from every "]("):
    # 20,000 unclosed "[a" took 78 s to render.
    html = body_html("[a " * 20_000)
    assert html == "<p>" + "[a " * 20_000 + "</p>"
    html = body_html("[a](b " * 20_000)
    assert html.count("<a ") == 0 and html.count("[a](b") == 20_000
    html = body_html("![图 " * 20_000)
    assert html.count("<img") == 0 and html.count("![图") == 20_000


def test_links_still_render_beside_brackets_that_never_close() -> None:
    html = body_html("[a " * 100 + "[见](https://example.org/) 与 [点](javascript:alert(1))")
    assert '<a href="https://example.org/">见</a>' in html and '<a href="#">点</a>' in html
    assert html.count("[a") == 100


def test_a_thousand_items_with_one_slug_get_their_own(make_archive: MakeArchive, run_cli: RunCli) -> None:
    # Each clash re-read and re-parsed the whole page for its lines: 250 / 500 / 1,000 took 15 / 59 / 238 s.
    page = "".join(f"---\ntitle: 标题{k}\nslug: same\n---\n\n正文{k}。\n\n" for k in range(1000))
    root = make_archive({"content/2024-01-01/01.md": page})
    result = run_cli(root, "build", "--no-cache")
    assert result.exit_code == 1
    names = {p.name for p in (root / "output/2024/01/01/01").glob("*.html")}
    assert names == {"index.html", "same.html", *(f"same-{n}.html" for n in range(2, 1001))}
    clashes = [line for line in result.stderr.splitlines() if "two items would be written" in line]
    assert len(clashes) == 999
    last = 7 * 999 + 3  # the slug line of the last item: seven lines an item
    assert clashes[-1].startswith(f"content/2024-01-01/01.md:{last}: ")
    assert f"(content/2024-01-01/01.md:3 and content/2024-01-01/01.md:{last}, and 998 more)" in clashes[-1]


def test_four_thousand_empty_issue_folders_are_each_reported_once(make_archive: MakeArchive, run_cli: RunCli) -> None:
    # Each empty folder looked through every problem found so far: 4,000 took 44 s, on every build.
    root = make_archive({"content/2024-01-01/01.md": "# 标题\n\n正文。\n"})
    first = dt.date(2000, 1, 1)
    for k in range(4000):
        (root / "content" / str(first + dt.timedelta(days=k))).mkdir()
    result = run_cli(root, "build", "--no-cache")
    assert result.exit_code == 0
    assert result.stderr.count(": warning: empty issue folder: no page files, so no issue") == 4000
    assert "0 errors, 4000 warnings" in result.stdout
