"""Bar charts drawn at build time as inline SVG: no JavaScript, no images to fetch.

The SVG is meant to sit inside an HTML5 page, so it uses only what the HTML parser
and the Nu HTML Checker accept there: no XML declaration, no ``xmlns:xlink``, plain
``href`` on ``<a>``. It carries no colours of its own: everything is painted with
``currentColor`` and tagged with ``chart-*`` classes, so the site stylesheet themes it
and dark mode follows the text colour. The ``viewBox`` has a fixed width and the
element is ``width="100%"``: the chart scales with its column, and a stylesheet may cap
it with ``max-width``.

Sizes below are in viewBox units; at the usual column width one unit is about one CSS
pixel, so a 12-unit font reads like 12px text.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from html import escape

from sitegen.bidi import balanced

WIDTH = 640
FONT = 12  # category labels
VALUE_FONT = 11  # value labels
MARGIN = 8
# Vertical charts: the height of the tallest bar.
PLOT_HEIGHT = 200
# Horizontal charts: one row per bar; labels wider than this share of the width are cut.
ROW_HEIGHT = 22
BAR_HEIGHT = 14
LABEL_SHARE = 0.35
EMPTY_TEXT = "暂无数据"

_SIN45 = math.sqrt(0.5)
# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/FFFF)
# plus DEL and the C1 controls, which HTML treats as parse errors: the Nu checker reports them all.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """``value`` safe as element text or a quoted attribute value, inside HTML or XML, closing the bidi
    controls it opens (see bidi.py)."""
    return escape(balanced(_INVALID_XML.sub("", value)), quote=True)


def _num(value: float) -> str:
    """A coordinate, rounded so output is short and identical on every platform."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text_width(text: str, size: float) -> float:
    """Rough rendered width: Han characters are one em wide, Latin letters and digits about 0.6."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


def _truncate(text: str, size: float, max_width: float) -> str:
    """``text`` cut with ``…`` to fit ``max_width`` (the full text stays in the bar's ``<title>``)."""
    if _text_width(text, size) <= max_width:
        return text
    out = ""
    for ch in text:
        if _text_width(out + ch + "…", size) > max_width:
            break
        out += ch
    return out + "…"


def chart_id(title: str) -> str:
    """The chart's id prefix: stable across builds (a hash of the title, not a counter).

    Two charts on one page need different titles, which they want anyway to be told apart.
    """
    return "chart-" + hashlib.sha256(title.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def bar_chart(
    bars: Sequence[tuple[str, int]],
    *,
    title: str,
    desc: str,
    href: Sequence[str | None] | None = None,
    horizontal: bool = False,
) -> str:
    """An inline ``<svg>`` bar chart of ``(label, value)`` pairs, drawn in the given order.

    ``href``, when given, has one (site-relative, already relative to the page) link or
    ``None`` per bar. ``horizontal`` suits many long labels (regions); vertical suits time.
    Values must be non-negative.
    """
    if href is not None and len(href) != len(bars):
        raise ValueError(f"{len(href)} hrefs for {len(bars)} bars")
    if any(value < 0 for _, value in bars):
        raise ValueError("bar values must not be negative")
    links = list(href) if href is not None else [None] * len(bars)
    ident = chart_id(title)
    if not bars:
        width, height, body = WIDTH, 48, [_empty()]
    elif horizontal:
        width, height, body = _horizontal(bars, links)
    else:
        width, height, body = _vertical(bars, links)
    # role="img" makes assistive technology read the chart as one picture named by its title
    # and description. Links inside an img would be hidden from it (its children are
    # presentational), so a chart with links is a named group instead and each link is read.
    role = "group" if any(links) else "img"
    orientation = "horizontal" if horizontal else "vertical"
    head = (
        f'<svg class="chart chart-{orientation}" role="{role}"'
        f' aria-labelledby="{ident}-title {ident}-desc"'
        f' viewBox="0 0 {_num(width)} {_num(height)}" width="100%"'
        f' fill="currentColor" font-size="{FONT}">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{ident}-title">{_text(title)}</title>',
            f'<desc id="{ident}-desc">{_text(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _empty() -> str:
    return f'<text class="chart-empty" x="{WIDTH / 2:g}" y="28" text-anchor="middle">{_text(EMPTY_TEXT)}</text>'


def _bar(link: str | None, tooltip: str, rect: tuple[float, float, float, float], texts: list[str]) -> str:
    """One bar with its labels, wrapped in a link when it has one."""
    x, y, w, h = rect
    parts = [
        f"<title>{_text(tooltip)}</title>",
        f'<rect class="chart-bar" x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}"/>',
        *texts,
    ]
    # The <title> names the link (or the bar's tooltip), so it comes first.
    if link:
        return f'<a class="chart-link" href="{_text(link)}">' + "".join(parts) + "</a>"
    return '<g class="chart-item">' + "".join(parts) + "</g>"


def _vertical(bars: Sequence[tuple[str, int]], links: list[str | None]) -> tuple[float, float, list[str]]:
    n = len(bars)
    top_value = max(value for _, value in bars) or 1  # all zero: flat bars, no division by zero
    label_widths = [_text_width(label, FONT) for label, _ in bars]
    value_widths = [_text_width(str(value), VALUE_FONT) for _, value in bars]

    slot = (WIDTH - 2 * MARGIN) / n
    # Category labels wider than their slot are turned 45°; their tails then need room
    # on the left of the first bar.
    rotate_labels = max(label_widths) > slot - 2
    left = MARGIN
    if rotate_labels:
        left = max(MARGIN, label_widths[0] * _SIN45 + FONT * 0.5 - slot / 2)
        slot = (WIDTH - left - MARGIN) / n
    # Turned labels sit one line apart only if the slot is wide enough; else label every k-th bar.
    label_step = math.ceil(FONT * 1.2 / (slot * _SIN45)) if rotate_labels else 1
    # Values too wide for the slot stand upright above the bar; too narrow a slot even for
    # that leaves them to the tooltip.
    rotate_values = max(value_widths) > slot - 2
    show_values = slot >= VALUE_FONT * 1.1 or not rotate_values
    value_room = ((max(value_widths) if rotate_values else VALUE_FONT) + 6) if show_values else 4
    top = MARGIN + value_room
    baseline = top + PLOT_HEIGHT
    if rotate_labels:
        bottom = baseline + 8 + (max(label_widths) + FONT) * _SIN45 + MARGIN
    else:
        bottom = baseline + FONT + 6 + MARGIN

    body = [
        f'<line class="chart-axis" x1="{_num(left)}" y1="{_num(baseline)}"'
        f' x2="{_num(WIDTH - MARGIN)}" y2="{_num(baseline)}" stroke="currentColor"/>'
    ]
    bar_width = min(slot * 0.7, 48)  # a few bars should not turn into slabs
    for i, ((label, value), link) in enumerate(zip(bars, links, strict=True)):
        cx = left + slot * (i + 0.5)
        h = PLOT_HEIGHT * value / top_value
        y = baseline - h
        texts = [_vertical_value(value, cx, y, rotate_values)] if show_values else []
        if i % label_step == 0:
            texts.append(_vertical_label(label, cx, baseline, rotate_labels))
        rect = (cx - bar_width / 2, y, bar_width, h)
        # The label closes its own bidi controls, or they would reverse the count after it.
        body.append(_bar(link, f"{balanced(label)}：{value}", rect, texts))
    return WIDTH, bottom, body


def _vertical_value(value: int, cx: float, y: float, rotate: bool) -> str:
    """A bar's count over it: upright (turned 90°) where it is wider than the bar's slot."""
    if rotate:
        vx, vy = cx + VALUE_FONT * 0.35, y - 3
        return (
            f'<text class="chart-value" x="{_num(vx)}" y="{_num(vy)}" font-size="{VALUE_FONT}"'
            f' transform="rotate(-90 {_num(vx)} {_num(vy)})">{value}</text>'
        )
    return (
        f'<text class="chart-value" x="{_num(cx)}" y="{_num(y - 4)}" font-size="{VALUE_FONT}"'
        f' text-anchor="middle">{value}</text>'
    )


def _vertical_label(label: str, cx: float, baseline: float, rotate: bool) -> str:
    """A bar's label under the axis: turned 45° where it is wider than the bar's slot."""
    if rotate:
        lx, ly = cx + FONT * 0.35, baseline + 8
        return (
            f'<text class="chart-label" x="{_num(lx)}" y="{_num(ly)}" text-anchor="end"'
            f' transform="rotate(-45 {_num(lx)} {_num(ly)})">{_text(label)}</text>'
        )
    return (
        f'<text class="chart-label" x="{_num(cx)}" y="{_num(baseline + FONT + 4)}"'
        f' text-anchor="middle">{_text(label)}</text>'
    )


def _horizontal(bars: Sequence[tuple[str, int]], links: list[str | None]) -> tuple[float, float, list[str]]:
    top_value = max(value for _, value in bars) or 1
    label_room = min(max(_text_width(label, FONT) for label, _ in bars), WIDTH * LABEL_SHARE)
    value_room = max(_text_width(str(value), VALUE_FONT) for _, value in bars) + 6
    x0 = MARGIN + label_room + 6
    span = WIDTH - MARGIN - value_room - x0
    height = MARGIN * 2 + ROW_HEIGHT * len(bars)

    body = [
        f'<line class="chart-axis" x1="{_num(x0)}" y1="{MARGIN}" x2="{_num(x0)}"'
        f' y2="{_num(height - MARGIN)}" stroke="currentColor"/>'
    ]
    for i, ((label, value), link) in enumerate(zip(bars, links, strict=True)):
        cy = MARGIN + ROW_HEIGHT * (i + 0.5)
        w = span * value / top_value
        # y is the text baseline: about a third of an em below the row's centre line centres it.
        texts = [
            f'<text class="chart-label" x="{_num(x0 - 6)}" y="{_num(cy + FONT * 0.35)}"'
            f' text-anchor="end">{_text(_truncate(label, FONT, label_room))}</text>',
            f'<text class="chart-value" x="{_num(x0 + w + 4)}" y="{_num(cy + VALUE_FONT * 0.35)}"'
            f' font-size="{VALUE_FONT}">{value}</text>',
        ]
        rect = (x0, cy - BAR_HEIGHT / 2, w, BAR_HEIGHT)
        # The label closes its own bidi controls, or they would reverse the count after it.
        body.append(_bar(link, f"{balanced(label)}：{value}", rect, texts))
    return WIDTH, height, body


def monthly_counts(dates: Iterable[date]) -> list[tuple[str, int]]:
    """Items per month (``2023-03``), from the first month to the last, empty months as 0.

    The gaps are kept so a time axis stays evenly spaced and a missing month shows as missing.
    """
    counts = Counter((d.year, d.month) for d in dates)
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    result: list[tuple[str, int]] = []
    while (year, month) <= last:
        result.append((f"{year:04d}-{month:02d}", counts[(year, month)]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result
