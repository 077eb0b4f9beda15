"""The content model: frozen records that every pipeline stage passes along.

Stages never mutate these; they return new ones (``dataclasses.replace``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # a type only: the settings module needs nothing of the model
    from sitegen.config import SiteConfig

Kind = Literal["article", "photo", "brief", "knowledge"]
KINDS: tuple[Kind, ...] = ("article", "photo", "brief", "knowledge")


@dataclass(frozen=True)
class Credit:
    """One credited person: ``name`` without the role, ``role`` as printed (本报记者, 通讯员, 摄影…)."""

    name: str
    role: str


# Why a cut may be wrong, and how much that lowers the segmenter's confidence in it (sitegen review).
DOUBT_WEIGHTS: dict[str, float] = {
    "untitled": 0.3,  # an article with no headline: its title is taken from its first words
    "layout": 0.3,  # the page does not show whether its headlines lead their text or trail it
    "headline": 0.25,  # display lines read as a headline that may be a sub-heading of the item before
    "subhead": 0.25,  # display lines read as a sub-heading that may be the next article's headline
    "short": 0.3,  # hardly any text: maybe a piece of the item before or after
    "long": 0.25,  # far longer than the page's other articles: maybe two
    "uncredited": 0.2,  # no byline on a page whose articles have them: maybe the end of the one before
    "leftover": 0.5,  # a mark or byline with nothing under it, kept so no word is lost
    "jump": 0.1,  # its opening was found elsewhere on the page and moved here
}
UNCERTAIN_BELOW = 0.8  # an item whose confidence is lower is listed by `sitegen review`


@dataclass(frozen=True)
class Doubt:
    """One reason the segmenter may have cut an item wrong: a `DOUBT_WEIGHTS` code and the page line."""

    code: str
    line: int = 0


@dataclass(frozen=True)
class Item:
    """One thing a reader would point at on a printed page: an article, photo, brief or box."""

    kind: Kind
    title: str | None
    body: str  # Markdown
    title_inferred: bool = False
    kicker: str | None = None
    subtitle: str | None = None
    column: str | None = None
    credits: tuple[Credit, ...] = ()
    region: str | None = None
    county: str | None = None
    # Set once the item is placed in the archive (enrich stage); None for `sitegen segment`.
    date: dt.date | None = None
    page: int | None = None
    seq: int = 0  # position on its page, from 1
    source: str | None = None  # page file, relative to the content folder
    slug: str | None = None
    # From the segmenter: the page line the item starts on and why its cut may be wrong. Not compared:
    # the same item cut by hand from a `.md` page is the same item.
    line: int = field(default=0, compare=False)
    doubts: tuple[Doubt, ...] = field(default=(), compare=False)

    @property
    def confidence(self) -> float:
        """1 for a cut nothing speaks against, lower by the weight of each doubt (0 at least)."""
        codes = {d.code for d in self.doubts}  # two guesses of one kind weigh as one
        return round(max(0.0, 1.0 - sum(DOUBT_WEIGHTS.get(code, 0.0) for code in codes)), 2)

    @property
    def uncertain(self) -> bool:
        return self.confidence < UNCERTAIN_BELOW

    @property
    def display_title(self) -> str:
        """The title to show: the item's, or UNTITLED for an item that has none."""
        return self.title or UNTITLED

    @cached_property  # read for every key, link and listing an item is in: computed once
    def authors(self) -> tuple[str, ...]:
        """Every credited name, once, in credit order."""
        return tuple(dict.fromkeys(c.name for c in self.credits))

    def contract(self) -> dict[str, object]:
        """The `sitegen segment --json` object: `CONTRACT_KEYS`, in this order, and no others."""
        return item_to_dict(self, CONTRACT_KEYS)


# -- The item schema: the keys an item is written with, and the one way between an Item and a dict. ---
# `sitegen segment --json` writes these, in this order, and no others (a stable contract).
CONTRACT_KEYS = (
    "kind", "title", "title_inferred", "kicker", "subtitle", "column", "authors", "credits", "region", "county",
    "body",
)  # fmt: skip
# An item file's front matter (sitegen/markdown.py): where it was published instead of its body.
FRONT_MATTER_KEYS = (*CONTRACT_KEYS[:-1], "date", "page", "source", "slug")
# What a `.md` page's front matter may hold: an item's keys, or the page's furniture in a file of its own.
PAGE_KEYS = (*FRONT_MATTER_KEYS, "furniture")
# What the segmentation cache keeps of an item: the contract, its address and the segmenter's doubts.
CACHE_KEYS = (*CONTRACT_KEYS, "slug", "line", "doubts")
TEXT_KEYS = ("title", "kicker", "subtitle", "column", "region", "county", "source", "slug")  # text or null
AUTHOR = "作者"  # role of a name printed (or written in front matter) with no role word
UNTITLED = "（无题）"  # what stands for the title of an item without one


def item_to_dict(item: Item, keys: Sequence[str]) -> dict[str, Any]:
    """The item's values for `keys`, in that order, as JSON and YAML write them (a date stays a date)."""
    return {key: _dict_value(item, key) for key in keys}


def _dict_value(item: Item, key: str) -> Any:
    if key == "authors":
        return list(item.authors)
    if key == "credits":
        return [{"name": c.name, "role": c.role} for c in item.credits]
    if key == "doubts":
        return [[d.code, d.line] for d in item.doubts]
    return getattr(item, key)


def item_from_dict(data: Mapping[str, Any], body: str | None = None) -> Item:
    """The Item a dict of schema keys describes, as `item_to_dict` writes it (the body in it, or given
    apart); keys it lacks take the Item's defaults. Credits are `{name, role}` mappings or `Credit`s;
    with none, the names under `authors` are credited with no role word (hand-written front matter).
    Raises KeyError, TypeError or ValueError for what is not an item."""
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown kind: {kind!r}")
    date = data.get("date")
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    credits = data.get("credits")
    if credits is None:
        credits = [Credit(name, AUTHOR) for name in data.get("authors") or ()]
    return Item(
        kind=kind,
        title=data.get("title"),
        body=data["body"] if body is None else body,
        title_inferred=bool(data.get("title_inferred", False)),
        kicker=data.get("kicker"),
        subtitle=data.get("subtitle"),
        column=data.get("column"),
        credits=tuple(dict.fromkeys(c if isinstance(c, Credit) else Credit(c["name"], c["role"]) for c in credits)),
        region=data.get("region"),
        county=data.get("county"),
        date=date,
        page=data.get("page"),
        source=data.get("source"),
        slug=data.get("slug"),
        line=data.get("line", 0),
        doubts=tuple(Doubt(code, line) for code, line in data.get("doubts") or ()),
    )


@dataclass(frozen=True)
class Cut:
    """What the segment stage gives for one page (and caches): its items, placed and slugged, and its
    furniture, the header and footer lines (date, 版次, editors) that belong to no item."""

    items: tuple[Item, ...]
    furniture: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """One printed page of one issue, as found in the content folder."""

    date: dt.date
    number: int
    path: Path  # absolute
    source: str  # relative to the content folder, with forward slashes
    format: Literal["txt", "md"]
    name: str | None = None  # 版面 name from issue.toml, e.g. 党建
    # The segment cache key: names everything its items are cut from (text, settings, segmenter).
    # None until segment.pages.key_pages keys it.
    digest: str | None = None
    furniture: tuple[str, ...] = ()  # header and footer lines, set when cut


@dataclass(frozen=True)
class PageText:
    """A page as the read stage hands it to the segment stage: the hash of its text, not the text. The
    stage holds no page's text (a million articles' pages are gigabytes of it): a page whose cut is not
    in the cache is read again where it is cut, and cut uncached if its text no longer has this hash."""

    page: Page
    text_hash: str
    fresh: bool = True  # read by this build; False: the read index knew the file unchanged, and its hash


PageItems = tuple[Page, tuple[Item, ...]]  # a page and its items, in page order


@dataclass(frozen=True)
class Issue:
    """One dated issue: its pages in page order."""

    date: dt.date
    pages: tuple[Page, ...]
    edition: int | None = None  # 期号, when issue.toml gives one


GroupKind = Literal["column", "region", "county", "author"]


@dataclass(frozen=True)
class GroupInfo:
    """What a page shows of a group without listing it: a page given this, not the `Group`, does not
    change when an item joins the group unless it shows the count."""

    kind: GroupKind
    name: str
    slug: str
    count: int | None = None
    children: tuple[GroupInfo, ...] = ()


@dataclass(frozen=True)
class Group:
    """Items sharing a column, region, county or author; `slug` names its folder."""

    kind: GroupKind
    name: str
    slug: str
    items: tuple[Item, ...]  # newest first
    children: tuple[Group, ...] = ()  # a region's counties

    @property
    def count(self) -> int:
        return len(self.items)

    @cached_property
    def info(self) -> GroupInfo:
        return GroupInfo(self.kind, self.name, self.slug, self.count, tuple(c.info for c in self.children))

    def position(self, item: Item) -> int:
        """Where `item` stands in `items`, in constant time after the first call."""
        found = self._identities.get(id(item))
        return found if found is not None else self._positions[place(item)]

    @cached_property
    def _identities(self) -> dict[int, int]:  # the group holds its items for the whole build
        return {id(i): n for n, i in enumerate(self.items)}

    @cached_property
    def _positions(self) -> dict[tuple[object, ...], int]:
        return {place(i): n for n, i in enumerate(self.items)}

    @cached_property
    def sort_keys(self) -> tuple[tuple[int, int, int], ...]:
        """`newest_first` of each item, in order: computed once, not once per neighbour looked at."""
        return tuple(newest_first(i) for i in self.items)


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs, derived once per build."""

    config: SiteConfig
    issues: tuple[Issue, ...]  # newest first
    items: Mapping[str, tuple[Item, ...]]  # page.source → that page's items, in page order
    all_items: tuple[Item, ...]  # newest first
    columns: tuple[Group, ...]
    regions: tuple[Group, ...]
    authors: tuple[Group, ...]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({issue.date.year for issue in self.issues}, reverse=True))

    def issue_items(self, issue: Issue) -> tuple[Item, ...]:
        """An issue's items in reading order: page by page, top to bottom."""
        return tuple(item for page in issue.pages for item in self.items[page.source])


def place(item: Item) -> tuple[object, ...]:
    """An item's unique place in the archive: date, page, position on the page."""
    return (item.date, item.page, item.seq)


def newest_first(item: Item) -> tuple[int, int, int]:
    """Sort key: newest date first, then page and position on the page."""
    date = item.date or dt.date.min
    return (-date.toordinal(), item.page or 0, item.seq)
