"""Every parser sitegen feeds user files to is bounded in depth and size: a nested or exploding file gives
``path:line: message`` with a short excerpt, never a traceback, and the rest of the archive builds."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from sitegen.markdown import body_html

MakeArchive = Callable[..., Path]
RunCli = Callable[..., Result]
GOOD = {"content/2023-12-26/05.md": "# 社区治理见实效\n\n□本报记者 宋爽\n\n赤峰市红山区推进社区治理。\n"}
GOOD_ITEM = "output/2023/12/26/05/she-qu-zhi-li-jian-shi-xiao.html"
# A "billion laughs": nine aliases of nine aliases of … nine strings, expanded in place by a YAML loader.
BOMB = (
    "".join(f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}" if k else '"lol"'] * 9) + "]\n" for k in range(9))
    + "kind: *l8\n"
)


def only_line(result: Result, where: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith(where)]
    assert len(lines) == 1, result.stderr[-3000:]
    return lines[0]


def test_front_matter_nested_600_deep_is_refused_and_the_text_built(make_archive: MakeArchive, run_cli: RunCli) -> None:
    page = "---\ntitle: " + "[" * 600 + "]" * 600 + "\nslug: deep\n---\n\n深层嵌套的正文。\n"
    root = make_archive({**GOOD, "content/2023-12-26/06.md": page})
    result = run_cli(root, "build", "--no-cache")
    assert result.exit_code == 1
    assert only_line(result, "content/2023-12-26/06.md:") == (
        "content/2023-12-26/06.md:2: the front matter is refused: nested more than 16 deep (fix this line; a value "
        'holding a colon or starting with a quote needs quotes: title: "…"; meanwhile the item is built from its '
        "text alone)"
    )
    assert (root / GOOD_ITEM).is_file()
    assert any("深层嵌套的正文" in p.read_text(encoding="utf-8") for p in (root / "output/2023/12/26/06").glob("*.md"))


def test_a_yaml_alias_bomb_is_refused_at_once(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({**GOOD, "content/2023-12-26/06.md": "---\n" + BOMB + "---\n\n炸弹的正文。\n"})
    started = time.perf_counter()
    result = run_cli(root, "build", "--no-cache")
    assert time.perf_counter() - started < 60  # a guard, not a measurement: expanded, it took 77 s and 5.6 GB
    line = only_line(result, "content/2023-12-26/06.md:")
    assert line.startswith("content/2023-12-26/06.md:2: the front matter is refused: anchors (&name) are not allowed")
    assert len(line) < 400 and "lol" not in line
    assert (root / GOOD_ITEM).is_file()


def test_a_long_front_matter_value_is_shown_as_an_excerpt(make_archive: MakeArchive, run_cli: RunCli) -> None:
    page = "---\ntitle: 标题\nkind: [" + ", ".join(["甲乙丙丁"] * 5000) + "]\n---\n\n正文。\n"
    root = make_archive({**GOOD, "content/2023-12-26/06.md": page})
    line = only_line(run_cli(root, "build", "--no-cache"), "content/2023-12-26/06.md:3:")
    assert line.startswith(
        'content/2023-12-26/06.md:3: "kind" must be one of article, photo, brief, knowledge, not '
        "['甲乙丙丁', '甲乙丙丁'"
    )
    assert "…" in line and len(line) < 300


def test_front_matter_past_its_size_is_refused(make_archive: MakeArchive, run_cli: RunCli) -> None:
    page = "---\ntitle: " + "长" * 70_000 + "\n---\n\n正文。\n"
    root = make_archive({**GOOD, "content/2023-12-26/06.md": page})
    line = only_line(run_cli(root, "build", "--no-cache"), "content/2023-12-26/06.md:")
    assert line.startswith("content/2023-12-26/06.md:1: the front matter is refused: longer than 65,536 characters")


def test_issue_toml_nested_500_deep_is_reported_and_the_issue_built(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({**GOOD, "content/2023-12-26/issue.toml": "x = " + "[" * 500 + "]" * 500 + "\n"})
    result = run_cli(root, "build", "--no-cache")
    assert only_line(result, "content/2023-12-26/issue.toml") == (
        "content/2023-12-26/issue.toml: refused: lists or tables nested too deeply (settings need no more than a "
        "list of names)"
    )
    assert (root / GOOD_ITEM).is_file()


def test_sitegen_toml_nested_500_deep_stops_with_a_message(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({**GOOD, "sitegen.toml": "[segment]\ncolumns = " + "[" * 500 + "]" * 500 + "\n"})
    result = run_cli(root, "build", "--no-cache")
    assert result.exit_code == 1
    assert result.stderr.startswith("sitegen.toml: refused: lists or tables nested too deeply")
    assert not (root / "output").exists()


def test_a_huge_sitegen_toml_is_refused(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({**GOOD, "sitegen.toml": 'title = "' + "长" * 1_100_000 + '"\n'})
    result = run_cli(root, "build", "--no-cache")
    assert result.exit_code == 1
    assert result.stderr.startswith("sitegen.toml: refused: longer than 1,000,000 characters")


def test_markdown_nested_deep_renders() -> None:
    # Python-Markdown nests blockquotes and lists by recursion too: deep ones must still render.
    html = body_html(">" * 2000 + " 引文")
    assert "引文" in html
    html = body_html("".join("  " * k + "* 项\n" for k in range(500)))
    assert html.count("项") == 500  # as plain text: Python-Markdown's recursion gives out
    assert body_html("[见](https://example.org/)") == '<p><a href="https://example.org/">见</a></p>'  # and after
