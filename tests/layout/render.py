"""Lay out known items as raw page text, the way newspaper page exports print them, with their gold.

    page = render(items, layout, seed)

`items` are in the item format of `../shared/seeds/items/README.md`; `layout` holds one page's
conventions (headline before or after its body, byline place and mark, column marks, line wrapping,
punctuation width, photo credits, page furniture…); `seed` drives what varies within a page (where
lines wrap, where a column break falls, the furniture's date and names). `page.text` is what a page
export would hold and `page.gold` what score_segmentation.py scores a cut of it against.

The renderer only adds layout: marks, line breaks, blank lines and the width of punctuation. Every
character of an item's text is printed, except what a convention leaves out (a byline on a page
without bylines, a photo's title on a page that prints none), and the gold says what was printed.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

REPO = Path(__file__).resolve().parents[2]
# The labelled items are kept in the repository (tests/data/items/, copied from the team's seeds) so
# the tests run anywhere; the scorer, used by the benchmark, lives beside the repository.
ITEMS_DIR = Path(os.environ.get("SITEGEN_ITEMS", REPO / "tests" / "data" / "items"))
SHARED = Path(os.environ.get("SITEGEN_SHARED", REPO.parent / "shared"))
SCORER = SHARED / "tools" / "score_segmentation.py"
# The sample pages, cut by sitegen itself: name → (page file, read as Markdown).
SAMPLE_PAGES = {
    "s0905": ("content/2023-09-05/05.txt", None),
    "s1226": ("content/2023-12-26/05.txt", None),
    "s0307": ("content/2023-03-07/05.md", True),
}
SAMPLE_SECTION = "党建"

ItemDict = dict[str, Any]  # one item in the seeds' item format

# Every value each convention takes; `wrap` is 0 (one paragraph a line) or a width of 10–24.
CHOICES: dict[str, tuple[Any, ...]] = {
    "headline": ("lead", "trail"),
    "title_lines": ("one", "split"),
    "byline": ("after", "before", "none"),
    "byline_mark": ("□", "■", ""),
    "author_mark": ("◎", "■"),
    "dateline": ("paren", "bare"),
    "column_mark": ("◎", ""),
    "column_place": ("before", "after_headline", "after"),
    "wrap": (0, *range(10, 25)),
    "column_breaks": (False, True),
    "blank_lines": ("all", "body", "none"),
    "punct": ("full", "ocr", "all"),
    "photo_credit": ("inline", "line", "line_mark"),
    "photo_title": ("before", "after", "none"),
    "paren_line": (False, True),
    "header": (False, True),
    "footer": (False, True),
}


@dataclass(frozen=True)
class Layout:
    """One page's conventions; the defaults make the plainest page."""

    headline: Literal["lead", "trail"] = "lead"  # headline group before its body, or after it
    title_lines: Literal["one", "split"] = "one"  # a title with a space: one line, or a line per half
    byline: Literal["after", "before", "none"] = "after"  # after the headline group, first thing of the item, absent
    byline_mark: Literal["□", "■", ""] = "□"
    author_mark: Literal["◎", "■"] = "◎"  # an author's byline under a commentary's headline (◎ 名字)
    dateline: Literal["paren", "bare"] = "paren"  # 本报X讯（credit）… instead of a byline, or 本报X讯 bare
    column_mark: Literal["◎", ""] = "◎"  # ◎栏目 or the bare name on its own line
    column_place: Literal["before", "after_headline", "after"] = "before"
    wrap: int = 0  # 0: one paragraph a line; else hard-wrapped at this width
    column_breaks: bool = False  # blank lines (column breaks) inside paragraphs
    blank_lines: Literal["all", "body", "none"] = "all"  # body: headline, marks and byline lines adjacent
    punct: Literal["full", "ocr", "all"] = "full"  # ocr: ，：；！？（） half-width; all: 。 too
    photo_credit: Literal["inline", "line", "line_mark"] = "inline"  # … X 摄 / X 摄 / ■X 摄 on its own line
    photo_title: Literal["before", "after", "none"] = "before"
    paren_line: bool = False  # a brief's credit and a box's （来源：…） on their own line
    header: bool = False  # 2023年11月6日 星期一 第03版 要闻
    footer: bool = False  # 责任编辑：X  版式设计：Y

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) not in CHOICES[f.name]:
                raise ValueError(f"Layout.{f.name} = {getattr(self, f.name)!r}: not one of {CHOICES[f.name]}")

    def labels(self) -> dict[str, str]:
        """Each convention as a short label, for tables (wrap widths in buckets)."""
        out = {f.name: str(getattr(self, f.name)) or "bare" for f in fields(self)}
        out["wrap"] = "one line" if not self.wrap else f"{(self.wrap // 5) * 5}–{(self.wrap // 5) * 5 + 4}"
        return out


@dataclass(frozen=True)
class Page:
    """One laid-out page: its text, its gold, and what each item should come back as."""

    text: str
    gold: dict[str, Any]  # {"items": [...]} as score_segmentation.py reads it
    expected: tuple[dict[str, Any], ...]  # per item: kind, title, kicker, subtitle, column, authors as printed
    furniture: tuple[str, ...]  # header and footer lines: on the page, in no item
    layout: Layout
    seed: int


@dataclass(frozen=True)
class PageDraw:
    """A page to lay out: items of one source (by index), a layout and a seed."""

    source: str
    picks: tuple[int, ...]
    layout: Layout
    seed: int
    items: tuple[ItemDict, ...] = field(repr=False, compare=False, default=())
    section: str = field(repr=False, compare=False, default="")

    def render(self) -> Page:
        return render(self.items, self.layout, self.seed, section=self.section)


# --- items ----------------------------------------------------------------------------------------


def sources() -> tuple[str, ...]:
    """The page sources: q01…q08 (the labelled items) and the three sample pages."""
    if not ITEMS_DIR.is_dir():
        raise FileNotFoundError(f"{ITEMS_DIR}: the labelled items are missing (set SITEGEN_ITEMS to their folder)")
    return (*sorted(p.stem for p in ITEMS_DIR.glob("q0*.json")), *SAMPLE_PAGES)


@lru_cache
def source_items(name: str) -> tuple[ItemDict, ...]:
    """The items of one source, in page order."""
    if name in SAMPLE_PAGES:
        return _sample_items(name)
    return tuple(_read_items(name)["items"])


def source_section(name: str) -> str:
    return SAMPLE_SECTION if name in SAMPLE_PAGES else _read_items(name)["section"]


def source_type(name: str) -> str:
    """q01…q08's page type (party_building…), `sample` for the sample pages."""
    return "sample" if name in SAMPLE_PAGES else _read_items(name)["page_type"]


@lru_cache
def _read_items(name: str) -> dict[str, Any]:
    path = ITEMS_DIR / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the labelled items are missing (set SITEGEN_ITEMS to their folder)")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _sample_items(name: str) -> tuple[ItemDict, ...]:
    """What sitegen cuts from one sample page (with the repository's settings), as labelled items."""
    from sitegen.config import load_config
    from sitegen.segment.pages import cut_page

    config = load_config(REPO / "sitegen.toml")
    path, markdown = SAMPLE_PAGES[name]
    text = (REPO / path).read_text(encoding="utf-8")
    cut = cut_page((text, markdown, tuple(config.columns), config.home_province))
    if isinstance(cut, Exception):
        raise cut
    return tuple(_from_sitegen(item) for item in cut.items)


def _from_sitegen(item: Any) -> ItemDict:
    """One sitegen Item in the labelled item format: byline, subheads and photo credit taken out of its body."""
    from sitegen.segment import markers

    paras = [p.strip() for p in item.body.split("\n\n") if p.strip()]
    credits = [{"role": c.role, "name": c.name} for c in item.credits]
    names = set(item.authors)
    kind = item.kind
    credit_line = caption = None
    if kind == "article" and paras and names:
        found = markers.parse_credits(paras[0].lstrip("◎□■ "))
        if found and {c.name for c in found} <= names:
            credit_line = paras.pop(0).lstrip("□■ ")
            if credit_line.startswith("◎"):
                kind = "commentary"  # ◎郝佳丽 under the headline
    if kind == "photo":
        last = paras.pop() if paras else ""
        if markers.parse_photo_credit_line(last):
            credit_line, caption = last.lstrip("□■ "), "\n".join(paras)
        elif split := markers.split_photo_credit(last):
            caption, credit_line = split[0], last[len(split[0]) :].strip()
            caption = "\n".join([*paras, caption])
        else:
            caption = "\n".join([*paras, last])
        paras = []
    elif kind == "brief":
        paras = ["◆" + "".join(paras)]
    elif kind == "knowledge":
        paras = [p.replace("**", "") for p in paras]
    body: list[Any] = [{"subhead": p[3:]} if p.startswith("## ") else p for p in paras]
    return {
        "kind": kind,
        "column": item.column,
        "kicker": item.kicker,
        "title": None if item.title_inferred else item.title,
        "subtitle": item.subtitle,
        "credits": credits,
        "credit_line": credit_line,
        "dateline": None,
        "subheads": [p["subhead"] for p in body if isinstance(p, dict)] or None,
        "paragraphs": body,
        "caption": caption,
        "region": item.region,
        "county": item.county,
    }


# --- drawing pages --------------------------------------------------------------------------------


def random_layout(rng: random.Random, **fixed: Sequence[Any]) -> Layout:
    """A layout with each convention drawn uniformly (wrap: one line a paragraph 40 % of the time);
    `fixed` narrows a convention to some of its values."""
    values = {}
    for name, choices in CHOICES.items():
        allowed = tuple(fixed.get(name, choices))
        if name == "wrap" and 0 in allowed and len(allowed) > 1:
            widths = [w for w in allowed if w]
            values[name] = 0 if rng.random() < 0.4 else rng.choice(widths)
        else:
            values[name] = rng.choice(allowed)
    return Layout(**values)


def random_page(
    rng: random.Random,
    names: Sequence[str] | None = None,
    layout: Layout | None = None,
    keep: Callable[[ItemDict], bool] | None = None,
) -> PageDraw:
    """A page: all items of one source in order (half the time), or a random sub-sequence of them;
    only the items `keep` accepts."""
    usable = [n for n in names or sources() if keep is None or any(keep(item) for item in source_items(n))]
    name = rng.choice(usable)
    allowed = [i for i, item in enumerate(source_items(name)) if keep is None or keep(item)]
    whole = rng.random() < 0.5
    picks = tuple(allowed) if whole else tuple(sorted(rng.sample(allowed, rng.randint(1, len(allowed)))))
    return draw_of(name, picks, layout or random_layout(rng), rng.randrange(2**32))


def draw_of(name: str, picks: Iterable[int], layout: Layout, seed: int) -> PageDraw:
    items = source_items(name)
    picks = tuple(picks)
    return PageDraw(name, picks, layout, seed, tuple(items[i] for i in picks), source_section(name))


# --- rendering ------------------------------------------------------------------------------------

_OCR = str.maketrans("，：；！？（）", ",:;!?()")
_OCR_ALL = str.maketrans("，：；！？（）。", ",:;!?().")
# A line never starts with closing punctuation nor ends with opening punctuation (Chinese line breaking).
_CLOSERS = set("，。、；：！？”’）》」』…,.;:!?)")
_OPENERS = set("“‘（《「『(")
_BREAK_RATE = 0.2  # share of paragraphs a column break cuts, on a page with column breaks
_WEEKDAYS = "一二三四五六日"
_EDITORS = ("王静", "李娜", "张伟", "刘洋", "高娃", "陈晨", "赵敏", "乌兰")
_PAREN_TAIL = re.compile(r"\s*([（(][^（）()]*[）)])$")

Role = Literal["head", "mark", "para"]


@dataclass
class _Unit:
    """Lines printed together: a headline part, a marker line, or a paragraph (may hold column breaks)."""

    lines: list[str]
    role: Role


@dataclass
class _Rendered:
    units: list[_Unit]
    head_end: int  # units before this index are the item's headline group (for a column mark under it)
    body: str  # the body text as printed, for the gold's first and last words
    gold: dict[str, Any]
    expected: dict[str, Any]


def fold(text: str | None) -> str:
    """Text as score_segmentation.py's norm() compares it: NFKC, no whitespace, no Markdown markup."""
    return re.sub(r"[\s#*>_\\]", "", unicodedata.normalize("NFKC", text or ""))


def render(items: Sequence[ItemDict], layout: Layout, seed: int, *, section: str = "") -> Page:
    """Lay out the items, in order, as one page's raw text, with its gold."""
    rng = random.Random(seed)
    punct = {"full": None, "ocr": _OCR, "all": _OCR_ALL}[layout.punct]

    def p(text: str) -> str:
        return text.translate(punct) if punct else text

    rendered = [_render_item(item, layout, rng, p) for item in items]
    units: list[_Unit] = []
    # A run of briefs (or photos) under one column prints the mark once, before (or after) the run.
    runs = _column_runs(items)
    for i, (item, r) in enumerate(zip(items, rendered, strict=True)):
        column = item.get("column")
        own = list(r.units)
        if column:
            mark = _Unit([p(layout.column_mark + column)], "mark")
            first, last = runs[i]
            if layout.column_place == "after" and last:
                own.append(mark)
            elif layout.column_place == "after_headline" and r.head_end and first:
                own.insert(r.head_end, mark)
            elif layout.column_place != "after" and first:
                own.insert(0, mark)
        units += own
    furniture: list[str] = []
    if layout.header:
        furniture.append(p(_header(rng, section)))
        units.insert(0, _Unit([furniture[-1]], "para"))
    if layout.footer:
        furniture.append(p(_footer(rng)))
        units.append(_Unit([furniture[-1]], "para"))
    _set_first_last([r.body for r in rendered], [_unit_text(r.units) for r in rendered], rendered)
    text = _join(units, layout.blank_lines)
    return Page(
        text=text,
        gold={"items": [r.gold for r in rendered]},
        expected=tuple(r.expected for r in rendered),
        furniture=tuple(furniture),
        layout=layout,
        seed=seed,
    )


def _column_runs(items: Sequence[ItemDict]) -> list[tuple[bool, bool]]:
    """Per item: (prints the mark if it goes before, prints it if it goes after)."""

    def same_run(a: ItemDict, b: ItemDict) -> bool:
        return a["kind"] in ("brief", "photo") and a["kind"] == b["kind"] and a.get("column") == b.get("column")

    out = []
    for i, item in enumerate(items):
        starts = i == 0 or not same_run(items[i - 1], item)
        ends = i == len(items) - 1 or not same_run(item, items[i + 1])
        out.append((starts, ends))
    return out


def _render_item(item: ItemDict, layout: Layout, rng: random.Random, p: Callable[[str], str]) -> _Rendered:
    """One item's units in this layout (column marks are the page's), with its gold and what should come back."""
    kind = item["kind"]
    credits = [c["name"] for c in item.get("credits") or [] if c.get("name")]
    wrap = _wrapper(layout, rng)
    head: list[_Unit] = []
    kicker = p(item["kicker"]) if item.get("kicker") else None
    subtitle = p(item["subtitle"]) if item.get("subtitle") else None
    title = p(item["title"]) if item.get("title") else None
    if kind == "photo" and layout.photo_title == "none":
        title = None
    if kicker:
        head.append(_Unit([kicker], "head"))
    if title:
        halves = title.split() if layout.title_lines == "split" else [title]
        head.append(_Unit(halves, "head"))
    if subtitle:
        head.append(_Unit([subtitle], "head"))

    body_units: list[_Unit] = []
    body_text: list[str] = []
    byline: _Unit | None = None
    authors: list[str] = []
    credit_line = item.get("credit_line")

    if kind == "photo":
        caption = p(item["caption"] or "")
        body_text.append(caption)
        credit = p(credit_line) if credit_line else None
        if credit and layout.photo_credit == "inline":
            body_units.append(_Unit(wrap(f"{caption} {credit}"), "para"))
        else:
            body_units.append(_Unit(wrap(caption), "para"))
            if credit:
                mark = "■" if layout.photo_credit == "line_mark" else ""
                body_units.append(_Unit([mark + credit], "mark"))
        authors = credits
        units = body_units
        head_end = 0
        if title:
            title_unit = _Unit([title], "head")  # a photo's title is one line
            if layout.photo_title == "before":
                units, head_end = [title_unit, *body_units], 1
            else:
                units = [*body_units, title_unit]
        return _finish(item, units, head_end, body_text, title, kicker, subtitle, authors)

    paragraphs = list(item.get("paragraphs") or [])
    author_style = bool(credit_line) and (kind == "commentary" or credit_line[:1] in "◎■")
    dateline = item.get("dateline")
    in_dateline = bool(dateline and credit_line and layout.dateline == "paren" and not author_style)
    first_text = next((k for k, para in enumerate(paragraphs) if isinstance(para, str)), None)
    for k, para in enumerate(paragraphs):
        if isinstance(para, dict):
            sub = p(para["subhead"])
            body_units.append(_Unit([sub], "para"))
            body_text.append(sub)
            continue
        text = para
        if k == first_text and dateline:
            text = f"{dateline}（{credit_line}）{text}" if in_dateline else f"{dateline}\u3000{text}"
        text = p(text)
        tail = _PAREN_TAIL.search(text) if layout.paren_line and kind in ("brief", "knowledge") else None
        if tail and tail.start() > 0:
            body_units.append(_Unit(wrap(text[: tail.start()]), "para"))
            body_units.append(_Unit([tail.group(1)], "para"))
        else:
            body_units.append(_Unit(wrap(text), "para"))
        body_text.append(text)
    if kind == "brief" or in_dateline:
        authors = credits
    elif credit_line and (author_style or layout.byline != "none"):
        authors = credits
        if author_style:
            mark = credit_line[:1] if credit_line[:1] in "◎■" else ""
            line = (layout.author_mark + credit_line[1:]) if mark else credit_line
        else:
            line = layout.byline_mark + credit_line.lstrip("□■ ")
        byline = _Unit([p(line)], "mark")

    # A commentary's byline stands under its headline; in a trailing page it opens the item.
    place = layout.byline if not author_style else ("after" if layout.headline == "lead" else "before")
    units = []
    if byline and place == "before":
        units.append(byline)
    if layout.headline == "lead":
        units += head
        head_end = len(units)
        if byline and place == "after":
            units.append(byline)
        units += body_units
    else:
        units += body_units
        units += head
        head_end = len(units)
        if byline and place == "after":
            units.append(byline)
    if not head:
        head_end = 0
    return _finish(item, units, head_end, body_text, title, kicker, subtitle, authors)


def _finish(
    item: ItemDict,
    units: list[_Unit],
    head_end: int,
    body_text: list[str],
    title: str | None,
    kicker: str | None,
    subtitle: str | None,
    authors: list[str],
) -> _Rendered:
    kind = "article" if item["kind"] == "commentary" else item["kind"]
    column = item.get("column")
    accepted = list(dict.fromkeys([title, item["title"]])) if title else None
    gold = {
        "kind": kind,
        "title": accepted,
        "kicker": kicker,
        "column": [column] if column else None,
        "authors": authors,
        "region": item.get("region"),
        "county": item.get("county"),
        "first": "",
        "last": "",
    }
    expected = {
        "kind": kind,
        "title": title,
        "kicker": kicker,
        "subtitle": subtitle,
        "column": column,
        "authors": authors,
    }
    return _Rendered(units, head_end, "".join(body_text), gold, expected)


def _set_first_last(bodies: list[str], texts: list[str], rendered: list[_Rendered]) -> None:
    """First and last ~8 characters of each body: longer where that much also occurs in another item."""
    folded = [fold(t) for t in texts]
    for i, (body, r) in enumerate(zip(bodies, rendered, strict=True)):
        squeezed = re.sub(r"\s+", "", body)
        opening = squeezed.lstrip("◆★◎")  # a brief's ◆ is a mark the segmenter may drop
        others = [t for j, t in enumerate(folded) if j != i]
        n = 8
        while n < len(opening) and _elsewhere(opening[:n], others):
            n += 1
        r.gold["first"] = opening[:n]
        n = 8
        while n < len(squeezed) and _elsewhere(squeezed[-n:], others):
            n += 1
        r.gold["last"] = squeezed[-n:]


def _elsewhere(piece: str, others: Iterable[str]) -> bool:
    return any(fold(piece) in t for t in others)


def _unit_text(units: Iterable[_Unit]) -> str:
    return "\n".join(line for unit in units for line in unit.lines)


def _join(units: Sequence[_Unit], blank_lines: str) -> str:
    """Units one after another: with a blank line between any two (all), between any two but adjacent
    headline and marker lines (body), or with none."""
    out: list[str] = []
    prev: _Unit | None = None
    for unit in units:
        if prev is not None and (blank_lines == "all" or (blank_lines == "body" and "para" in (prev.role, unit.role))):
            out.append("")
        out += unit.lines
        prev = unit
    return "\n".join(out) + "\n"


def _wrapper(layout: Layout, rng: random.Random) -> Callable[[str], list[str]]:
    """The function that lays out one paragraph as lines, for this page's wrap and column breaks."""

    def lines_of(text: str) -> list[str]:
        lines = _wrap(text, layout.wrap) if layout.wrap else [text]
        if layout.column_breaks and rng.random() < _BREAK_RATE:
            if len(lines) > 1:
                k = rng.randrange(1, len(lines))
                lines = [*lines[:k], "", *lines[k:]]
            elif len(text) > 6:
                cuts = [j for j in range(3, len(text) - 2) if _can_break(text, j)]
                if cuts:
                    j = rng.choice(cuts)
                    lines = [text[:j], "", text[j:]]
        return lines

    return lines_of


def _can_break(text: str, j: int) -> bool:
    """A line may end before text[j]: not before closing punctuation, after an opening one, or at a
    space (which the line's end would lose, joining two words)."""
    return (
        0 < j < len(text)
        and text[j] not in _CLOSERS
        and text[j - 1] not in _OPENERS
        and not text[j].isspace()
        and not text[j - 1].isspace()
    )


def _wrap(text: str, width: int) -> list[str]:
    """Hard-wrap at `width` characters; closing punctuation that would open a line joins the line before."""
    lines = []
    i = 0
    while len(text) - i > width:
        j = i + width
        while j < len(text) and text[j] in _CLOSERS:
            j += 1  # the closing punctuation stays on this line, which runs over
        if j < len(text) and not _can_break(text, j):
            back = next((k for k in range(j - 1, i, -1) if _can_break(text, k)), None)
            j = (
                back
                if back is not None
                else next((k for k in range(j + 1, len(text)) if _can_break(text, k)), len(text))
            )
        if j >= len(text):
            break
        lines.append(text[i:j])
        i = j
    lines.append(text[i:])
    return lines


def _header(rng: random.Random, section: str) -> str:
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730))
    date = f"{day.year}年{day.month}月{day.day}日 星期{_WEEKDAYS[day.weekday()]}"
    number = f"第{rng.randint(1, 12):02d}版"
    section = section or "要闻"
    return rng.choice([f"{date} {number} {section}", f"{number} {section} {date}", f"内蒙古日报 {date} {number}"])


def _footer(rng: random.Random) -> str:
    a, b = rng.sample(_EDITORS, 2)
    return rng.choice([f"责任编辑：{a}  版式设计：{b}", f"本版编辑：{a} 美编：{b}", f"责任编辑：{a}"])


# --- the settled subset ---------------------------------------------------------------------------

# The conventions the segmenter already reads reliably, measured with `layout_bench.py --settled`: the
# round-trip test asserts on them, and they widen as the segmenter learns the rest. Left out for now,
# with what goes wrong there: trailing headlines (photo titles and bylines shift by one item); pages
# without bylines, or with bare ones (an article runs into the one before); bare column marks, or marks
# after the item (the column is lost or lent to the next item) or under the headline (now and then
# lost); no blank lines at all (kicker and title read as one); 。 printed as `.` (an opening read as a
# title); photo titles after the caption (read as the next item's headline), or none (the next item's
# headline under an untitled photo now and then reads as its title); column breaks inside
# paragraphs and lines wrapped narrower than 14 (entries of a box split).
SETTLED: Mapping[str, tuple[Any, ...]] = {
    "headline": ("lead",),
    "title_lines": ("one", "split"),
    "byline": ("after", "before"),
    "byline_mark": ("□", "■"),
    "author_mark": ("◎", "■"),
    "dateline": ("bare", "paren"),
    "column_mark": ("◎",),
    "column_place": ("before",),
    "wrap": (0, *range(14, 25)),
    "column_breaks": (False,),
    "blank_lines": ("all", "body"),
    "punct": ("full", "ocr"),
    "photo_credit": ("inline", "line", "line_mark"),
    "photo_title": ("before",),
    "paren_line": (False, True),
    "header": (False, True),
    "footer": (False, True),
}

_PUNCTUATED = re.compile(r"[，。！？；：、,.!?;:]")
_NOT_HEADLINE = re.compile(r"[，。；：、,;:]|[！？!?…]$")  # clause punctuation, or a sentence's end
_KNOWN_CREDIT = re.compile(r"新华社|/")  # roles the segmenter does not know, or 文/图


def settled_layout(layout: Layout) -> bool:
    """Inside SETTLED, and no wrapped inline photo credit: a wrapped caption's last line can look like a
    credit line of its own (报记者 X 摄), which is then read with a wrong name."""
    return all(getattr(layout, k) in v for k, v in SETTLED.items()) and not (
        layout.wrap and layout.photo_credit == "inline"
    )


def settled_item(item: ItemDict) -> bool:
    """An item made only of conventions the segmenter reads reliably."""
    kind = item["kind"]
    title = item.get("title") or ""
    line = item.get("credit_line") or ""
    texts = [p for p in item.get("paragraphs") or [] if isinstance(p, str)]
    if _NOT_HEADLINE.search(title):
        return False  # a headline with ，or ending in ！？ is read as body text
    first, _, rest = title.partition(" ")
    if rest and len(first) < len(rest):
        return False  # printed over two lines, its shorter first half reads as a kicker
    if kind == "photo":
        # A caption is known by its 摄 credit; an untitled photo lets the page read as trailing headlines.
        return bool(title) and line.endswith("摄")
    if kind == "knowledge":
        return bool(texts) and texts[0].startswith(("★", "◎"))  # a lead line (…概念：) is read as a headline
    if kind == "brief":
        return True
    names = [c["name"] for c in item.get("credits") or [] if c.get("name")]
    return (
        bool(title)  # an untitled article runs into the one before it
        and bool(names)  # so does one without a byline (本报评论员 alone is read as a headline)
        and not _KNOWN_CREDIT.search(line)
        and not (line[:1] in "◎■" and len(names) > 1)  # ◎ 刘振宇 高娃 is read as a column mark
        and all(_PUNCTUATED.search(p) for p in texts)  # verse: its title, byline and first lines run together
    )


# --- which conventions a page exercises, and what came back ---------------------------------------


def applies(name: str, items: Sequence[ItemDict], layout: Layout) -> bool:
    """Whether convention `name` shows on a page of these items (a byline mark needs a byline…)."""

    def news_byline(item: ItemDict) -> bool:
        line = item.get("credit_line")
        return item["kind"] == "article" and bool(line) and line[:1] not in "◎■"

    def has(test: Callable[[ItemDict], bool]) -> bool:
        return any(test(item) for item in items)

    if name == "title_lines":
        return has(
            lambda i: " " in (i.get("title") or "") and not (i["kind"] == "photo" and layout.photo_title == "none")
        )
    if name == "byline":
        return has(lambda i: news_byline(i) and not (i.get("dateline") and layout.dateline == "paren"))
    if name == "byline_mark":
        return layout.byline != "none" and applies("byline", items, layout)
    if name == "author_mark":
        return has(lambda i: (i.get("credit_line") or "")[:1] in "◎■" and i["kind"] != "photo")
    if name == "dateline":
        return has(lambda i: bool(i.get("dateline")))
    if name in ("column_mark", "column_place"):
        return has(lambda i: bool(i.get("column")))
    if name == "photo_credit":
        return has(lambda i: i["kind"] == "photo" and bool(i.get("credit_line")))
    if name == "photo_title":
        return has(lambda i: i["kind"] == "photo" and bool(i.get("title")))
    if name == "paren_line":
        return has(lambda i: i["kind"] in ("brief", "knowledge"))
    return True


@dataclass(frozen=True)
class Difference:
    """One way a cut differs from what went in: `item` is the gold item's index (None for an item the
    cut made that matches none), `hit` the index of the cut item it was matched with."""

    item: int | None
    field: str  # boundary, extra, kind, title, kicker, subtitle, column, authors
    want: Any
    got: Any
    hit: int | None = None


def differences(page: Page, items: Sequence[dict[str, Any]]) -> list[Difference]:
    """How `items` (sitegen segment --json objects) differ from what the page laid out: boundaries
    matched as score_segmentation.py matches them (the gold's first words in a body), then each field."""
    bodies = [fold(it.get("body") or it.get("caption") or "") for it in items]
    golds = page.gold["items"]
    firsts = [fold(g["first"]) for g in golds]
    out: list[Difference] = []
    hits: set[int] = set()
    for gi, (g, want) in enumerate(zip(golds, page.expected, strict=True)):
        hit = next((i for i, b in enumerate(bodies) if firsts[gi] in b), None)
        if hit is None:
            out.append(Difference(gi, "boundary", g["first"], "missing"))
            continue
        hits.add(hit)
        got = items[hit]
        found: list[tuple[str, Any, Any]] = []
        merged = [j for j, f in enumerate(firsts) if j != gi and f in bodies[hit]]
        if merged:
            found.append(("boundary", "whole", f"merged with {merged}"))
        elif fold(g["last"]) not in bodies[hit]:
            found.append(("boundary", g["last"], "cut short"))
        if got.get("kind") != want["kind"]:
            found.append(("kind", want["kind"], got.get("kind")))
        if want["title"] and fold(got.get("title")) not in {fold(t) for t in g["title"]}:
            found.append(("title", want["title"], got.get("title")))
        elif not want["title"] and not got.get("title_inferred"):
            found.append(("title", None, got.get("title")))
        for name in ("kicker", "subtitle", "column"):
            if fold(got.get(name)) != fold(want[name]):
                found.append((name, want[name], got.get(name)))
        if sorted(got.get("authors") or []) != sorted(want["authors"]):
            found.append(("authors", want["authors"], got.get("authors")))
        out += [Difference(gi, name, w, x, hit) for name, w, x in found]
    for i, it in enumerate(items):
        if i not in hits and bodies[i]:
            out.append(Difference(None, "extra", None, (it.get("body") or "")[:30], i))
    return out


# --- the scorer -----------------------------------------------------------------------------------


@lru_cache
def load_scorer() -> ModuleType:
    """score_segmentation.py, imported by path: its norm(), content_chars(), item_text() and score_page()."""
    if not SCORER.is_file():
        raise FileNotFoundError(f"{SCORER}: score_segmentation.py is missing (set SITEGEN_SHARED to the shared folder)")
    spec = importlib.util.spec_from_file_location("score_segmentation", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
