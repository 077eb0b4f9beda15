"""`sitegen review`: the items whose cut the segmenter doubts, with their page, line and why; the
build's summary counts them; a page corrected as `.md` is no longer in doubt."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from segmenting import segment_page

from sitegen.segment.pages import cut_page

RunCli = Callable[..., Result]
ENTRY = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): (?P<conf>[01]\.\d\d) (?P<kind>\w+) 《(?P<title>.*)》$", re.M)


def _entries(text: str) -> list[dict[str, str]]:
    return [m.groupdict() for m in ENTRY.finditer(text)]


def test_review_lists_the_sample_article_that_lost_its_headline(sample_archive: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_archive, "review")
    assert result.exit_code == 0, result.stderr
    (entry,) = _entries(result.stdout)
    assert entry["path"] == "content/2023-09-05/05.txt" and entry["kind"] == "article"
    assert float(entry["conf"]) < 0.8
    # The line named is where the item's text starts on the page.
    lines = (sample_archive / entry["path"]).read_text(encoding="utf-8").splitlines()
    assert lines[int(entry["line"]) - 1].startswith("呼伦贝尔市额尔古纳市蒙")
    assert "no headline found" in result.stdout
    assert "1 of 34 items may be cut wrong" in result.stdout and "--markdown" in result.stdout


def test_build_summary_counts_uncertain_items_also_when_nothing_changed(sample_archive: Path, run_cli: RunCli) -> None:
    for _ in range(2):  # the second build is the unchanged one: its counts come from the last build
        built = run_cli(sample_archive, "build")
        assert built.exit_code == 0, built.stderr
        assert "34 items (1 uncertain: see sitegen review);" in built.stdout.splitlines()[0]


# A page that opens on text with no headline over it (the article's headline was lost, or printed on
# another page), and closes on a byline with nothing under it.
GUESS = """\
冬夜的牧区，书屋的灯光格外明亮。牧民们走进书屋，翻阅农牧业技术书籍，交流养殖经验，书屋成了大家学习充电的好去处。嘎查党支部书记说，书屋每周开放五个晚上，还请来农牧技术员讲授科学养畜知识。

社区食堂开进老旧小区

本报记者 李明

老旧小区的老人们在家门口吃上了热乎饭。社区食堂每天供应两荤两素，价格实惠，口味清淡，受到居民欢迎。八十岁以上的老人用餐还有补贴，独居老人可以预约送餐上门。

冬季供暖保障有力

本报记者 赵静

入冬以来，供热企业加强管网巡查，确保居民家中温暖过冬，热线电话二十四小时有人值守。维修人员接到报修后半小时内上门。

本报记者 王芳
"""


def test_review_names_the_line_and_lists_the_least_sure_first(tmp_path: Path, run_cli: RunCli) -> None:
    issue = tmp_path / "content" / "2024-01-08"
    issue.mkdir(parents=True)
    (issue / "03.txt").write_text(GUESS, encoding="utf-8")
    result = run_cli(tmp_path, "review")
    assert result.exit_code == 0, result.stderr
    entries = _entries(result.stdout)
    assert len(entries) == 2, result.stdout
    assert [float(e["conf"]) for e in entries] == sorted(float(e["conf"]) for e in entries)
    page_lines = GUESS.splitlines()
    # least sure first: the byline with nothing under it, then the article with no headline
    assert page_lines[int(entries[0]["line"]) - 1] == "本报记者 王芳"
    assert page_lines[int(entries[1]["line"]) - 1].startswith("冬夜的牧区")
    assert "hardly any text of its own" in result.stdout and "no headline found" in result.stdout
    first = run_cli(tmp_path, "review", "--limit", "1")
    assert _entries(first.stdout) == entries[:1] and "the 1 least sure shown" in first.stdout


def test_a_page_corrected_as_md_builds_the_same_items_and_is_no_longer_in_doubt(
    tmp_path: Path, run_cli: RunCli
) -> None:
    issue = tmp_path / "content" / "2024-01-08"
    issue.mkdir(parents=True)
    (issue / "03.txt").write_text(GUESS, encoding="utf-8")
    cut = cut_page((GUESS, None, (), "内蒙古自治区"))
    assert not isinstance(cut, Exception) and any(item.uncertain for item in cut.items)
    printed = run_cli(tmp_path, "segment", str(issue / "03.txt"), "--markdown")
    assert printed.exit_code == 0, printed.stderr
    (issue / "03.txt").unlink()
    (issue / "03.md").write_text(printed.stdout, encoding="utf-8")
    recut = cut_page(((issue / "03.md").read_text(encoding="utf-8"), True, (), "内蒙古自治区"))
    assert recut == cut  # the same items
    assert not any(item.doubts for item, _ in segment_page(printed.stdout, markdown=True))
    again = run_cli(tmp_path, "review")
    assert _entries(again.stdout) == [] and "no item of" in again.stdout


def test_review_of_a_missing_content_folder_says_so(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli(tmp_path, "review", "--source", "nowhere")
    assert result.exit_code != 0
    assert "nowhere" in result.stderr and "--source" in result.stderr


FURNISHED = """\
2024年1月8日 星期一 第03版 民生

草原书屋点亮牧区夜晚

本报记者 王芳

冬夜的牧区，书屋的灯光格外明亮。牧民们走进书屋，翻阅农牧业技术书籍，交流养殖经验。

责任编辑：乌兰  版式设计：李娜
"""


def test_page_header_and_footer_are_the_pages_own_and_survive_the_md_round_trip(
    tmp_path: Path, run_cli: RunCli
) -> None:
    cut = cut_page((FURNISHED, None, (), "内蒙古自治区"))
    assert not isinstance(cut, Exception)
    assert [item.title for item in cut.items] == ["草原书屋点亮牧区夜晚"]
    assert cut.furniture == ("2024年1月8日 星期一 第03版 民生", "责任编辑：乌兰 版式设计：李娜")
    assert not any("责任编辑" in item.body or "星期一" in item.body for item in cut.items)
    issue = tmp_path / "content" / "2024-01-08"
    issue.mkdir(parents=True)
    (issue / "03.txt").write_text(FURNISHED, encoding="utf-8")
    printed = run_cli(tmp_path, "segment", str(issue / "03.txt"), "--markdown")
    assert printed.exit_code == 0, printed.stderr
    assert cut_page((printed.stdout, True, (), "内蒙古自治区")) == cut  # items and furniture
    built = run_cli(tmp_path, "build")
    assert built.exit_code == 0, built.stderr
    html = (tmp_path / "output" / "2024" / "01" / "08" / "03" / "index.html").read_text(encoding="utf-8")
    furniture = re.search(r'<ul class="furniture"[^>]*>(.*?)</ul>', html, re.S)
    assert furniture is not None and "<li>责任编辑：乌兰 版式设计：李娜</li>" in furniture.group(1)
