"""Inline SVG bar charts: escaping, stable ids, links, month gaps, HTML5 validity."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from sitegen.charts import bar_chart, chart_id, monthly_counts

SVG = "{http://www.w3.org/2000/svg}"
VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NASTY = "<script>alert(\"x\")</script> & 'q'\x01\x0b"


def parse(svg: str) -> ET.Element:
    """The chart as XML: inline SVG in HTML is also well-formed XML once given its namespace."""
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def test_root_element_and_accessibility_hooks() -> None:
    svg = bar_chart([("2023-01", 3), ("2023-02", 5)], title="每月条目", desc="2023年各月条目数")
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "xmlns" not in svg and "xlink" not in svg
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("height") is None
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox", ""))
    ident = chart_id("每月条目")
    assert root.get("aria-labelledby") == f"{ident}-title {ident}-desc"
    assert root.find(f"{SVG}title").get("id") == f"{ident}-title"  # type: ignore[union-attr]
    assert root.find(f"{SVG}title").text == "每月条目"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").get("id") == f"{ident}-desc"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "2023年各月条目数"  # type: ignore[union-attr]


def test_bars_have_value_and_category_labels() -> None:
    root = parse(bar_chart([("2023-01", 3), ("2023-02", 15)], title="t", desc="d"))
    assert len(root.findall(f".//{SVG}rect[@class='chart-bar']")) == 2
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"] == ["3", "15"]
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label"] == [
        "2023-01",
        "2023-02",
    ]


def test_colours_come_from_current_color() -> None:
    svg = bar_chart([("赤峰市", 3)], title="t", desc="d", horizontal=True)
    assert 'fill="currentColor"' in svg
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|\b(black|white|rgb\()", svg)


def test_user_text_is_escaped() -> None:
    svg = bar_chart([(NASTY, 1)], title=NASTY, desc=NASTY, href=['a.html?x=1&y="2"'])
    assert "<script>" not in svg
    assert "\x01" not in svg and "\x0b" not in svg
    root = parse(svg)  # still well-formed
    clean = NASTY.replace("\x01", "").replace("\x0b", "")
    assert root.find(f"{SVG}title").text == clean  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == clean  # type: ignore[union-attr]
    assert any(t.text == clean for t in root.iter(f"{SVG}text"))
    assert root.find(f".//{SVG}a").get("href") == 'a.html?x=1&y="2"'  # type: ignore[union-attr]


@pytest.mark.parametrize("horizontal", [False, True])
def test_zero_bars(horizontal: bool) -> None:
    root = parse(bar_chart([], title="空", desc="没有数据", horizontal=horizontal))
    assert root.findall(f".//{SVG}rect") == []
    assert root.find(f"{SVG}title").text == "空"  # type: ignore[union-attr]


def test_all_zero_values_draw_flat_bars() -> None:
    root = parse(bar_chart([("a", 0), ("b", 0)], title="t", desc="d"))
    assert [r.get("height") for r in root.iter(f"{SVG}rect")] == ["0", "0"]


def test_negative_values_and_mismatched_hrefs_are_refused() -> None:
    with pytest.raises(ValueError):
        bar_chart([("a", -1)], title="t", desc="d")
    with pytest.raises(ValueError):
        bar_chart([("a", 1), ("b", 2)], title="t", desc="d", href=["x.html"])


def test_ids_are_stable_and_differ_by_title() -> None:
    bars = [("2023-01", 3)]
    assert bar_chart(bars, title="每月", desc="d") == bar_chart(bars, title="每月", desc="d")
    assert chart_id("每月") == chart_id("每月")
    assert chart_id("每月") != chart_id("地区")
    assert re.fullmatch(r"chart-[0-9a-f]{10}", chart_id("每月"))


@pytest.mark.parametrize("horizontal", [False, True])
def test_hrefs_link_their_bars(horizontal: bool) -> None:
    bars = [("呼和浩特市", 12), ("锡林郭勒盟", 4), ("阿拉善盟", 1)]
    hrefs = ["../regions/hohhot/index.html", None, "../regions/alxa/index.html"]
    root = parse(bar_chart(bars, title="地区", desc="d", href=hrefs, horizontal=horizontal))
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [hrefs[0], hrefs[2]]
    # Each link holds its bar and is named by its <title>; links inside role=img would be hidden.
    assert all(a.find(f"{SVG}rect") is not None for a in links)
    assert [a.find(f"{SVG}title").text for a in links] == ["呼和浩特市：12", "阿拉善盟：1"]  # type: ignore[union-attr]
    assert root.get("role") == "group"


def test_many_months_thin_the_labels_but_keep_every_bar() -> None:
    counts = [(f"{2000 + i // 12}-{i % 12 + 1:02d}", i) for i in range(120)]
    root = parse(bar_chart(counts, title="t", desc="d"))
    assert len(root.findall(f".//{SVG}rect")) == 120
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label"]
    assert 1 < len(labels) < 120
    assert all("rotate(-45" in (t.get("transform") or "") for t in labels)
    # every bar still says its value in its tooltip
    assert len(root.findall(f".//{SVG}g/{SVG}title")) == 120


def test_long_horizontal_labels_are_cut_with_full_text_in_tooltip() -> None:
    long = "锡林郭勒盟" * 10
    root = parse(bar_chart([(long, 3)], title="t", desc="d", horizontal=True))
    label = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label")
    assert label.text is not None and label.text.endswith("…") and len(label.text) < len(long)
    assert root.find(f".//{SVG}g/{SVG}title").text == f"{long}：3"  # type: ignore[union-attr]


def test_monthly_counts_fill_gaps_across_years() -> None:
    dates = [date(2023, 11, 2), date(2023, 11, 30), date(2024, 2, 1), date(2023, 11, 5)]
    assert monthly_counts(dates) == [("2023-11", 3), ("2023-12", 0), ("2024-01", 0), ("2024-02", 1)]


def test_monthly_counts_edge_cases() -> None:
    assert monthly_counts([]) == []
    assert monthly_counts(iter([date(2023, 3, 9)])) == [("2023-03", 1)]


@pytest.mark.skipif(shutil.which("java") is None or not VNU.exists(), reason="needs java and vnu.jar (npm ci)")
def test_page_with_charts_passes_the_nu_checker(tmp_path: Path) -> None:
    months = monthly_counts([date(2020, 1, 5), date(2020, 4, 1), date(2022, 12, 31)])
    charts = [
        bar_chart(months, title="每月", desc="各月", href=[f"{m}/index.html" for m, _ in months]),
        bar_chart([(NASTY, 5), ("b", 123456)], title=NASTY, desc=NASTY),
        bar_chart([("锡林郭勒盟" * 8, 30), ("呼和浩特市", 4)], title="地区", desc="d", horizontal=True),
        bar_chart([("赤峰市", 1)], title="链接", desc="d", href=["a.html"], horizontal=True),
        bar_chart([], title="空", desc="无"),
    ]
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>图表</title></head><body>\n'
        + "\n".join(f"<figure>{c}</figure>" for c in charts)
        + "\n</body></html>\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--also-check-svg", "--errors-only", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
