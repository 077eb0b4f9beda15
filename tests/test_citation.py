"""GB/T 7714-2015 newspaper references."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sitegen.citation import gbt7714
from sitegen.model import Credit, Item

PAPER = "内蒙古日报"


def make_item(*names: str, page: int = 5, title: str | None = "标题") -> Item:
    return Item(
        kind="article",
        title=title,
        body="正文。",
        credits=tuple(Credit(name, "本报记者") for name in names),
        date=date(2023, 12, 26),
        page=page,
        slug="biao-ti",
    )


def test_one_author() -> None:
    assert gbt7714(make_item("宋爽"), PAPER) == "宋爽. 标题[N]. 内蒙古日报, 2023-12-26(5)."


def test_two_authors() -> None:
    assert gbt7714(make_item("宋爽", "李明"), PAPER) == "宋爽, 李明. 标题[N]. 内蒙古日报, 2023-12-26(5)."


def test_more_than_three_authors_end_with_deng() -> None:
    item = make_item("宋爽", "李明", "王芳", "赵刚")
    assert gbt7714(item, PAPER) == "宋爽, 李明, 王芳, 等. 标题[N]. 内蒙古日报, 2023-12-26(5)."


def test_three_authors_are_all_listed() -> None:
    item = make_item("宋爽", "李明", "王芳")
    assert gbt7714(item, PAPER) == "宋爽, 李明, 王芳. 标题[N]. 内蒙古日报, 2023-12-26(5)."


def test_no_author_starts_with_title() -> None:
    assert gbt7714(make_item(), PAPER) == "标题[N]. 内蒙古日报, 2023-12-26(5)."


def test_page_number_has_no_leading_zero() -> None:
    assert gbt7714(make_item("宋爽", page=12), PAPER).endswith("内蒙古日报, 2023-12-26(12).")
    assert gbt7714(make_item("宋爽", page=1), PAPER).endswith("2023-12-26(1).")


def test_any_role_counts_and_names_appear_once() -> None:
    item = replace(
        make_item(),
        credits=(Credit("宋爽", "本报记者"), Credit("李明", "通讯员"), Credit("宋爽", "摄影")),
    )
    assert gbt7714(item, PAPER).startswith("宋爽, 李明. 标题[N].")


def test_inferred_title_is_used_as_is() -> None:
    item = replace(make_item("宋爽", title="社区治理见实效"), title_inferred=True)
    assert gbt7714(item, PAPER) == "宋爽. 社区治理见实效[N]. 内蒙古日报, 2023-12-26(5)."


def test_line_breaks_in_title_become_spaces() -> None:
    assert gbt7714(make_item(title="上行\n 下行"), PAPER).startswith("上行 下行[N].")


@pytest.mark.parametrize(
    "change",
    [{"date": None}, {"page": None}, {"title": None}, {"title": "  "}],
)
def test_unplaced_or_untitled_item_raises(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        gbt7714(replace(make_item("宋爽"), **change), PAPER)
