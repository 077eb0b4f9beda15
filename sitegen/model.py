"""The content model: frozen records that every pipeline stage passes along.

Stages never mutate these; they return new ones (``dataclasses.replace``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

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

    @cached_property  # read for every key, link and listing an item is in: computed once
    def authors(self) -> tuple[str, ...]:
        """Every credited name, once, in credit order."""
        return tuple(dict.fromkeys(c.name for c in self.credits))

    def contract(self) -> dict[str, object]:
        """The `sitegen segment --json` object: these keys, in this order, and no others."""
        return {
            "kind": self.kind,
            "title": self.title,
            "title_inferred": self.title_inferred,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "column": self.column,
            "authors": list(self.authors),
            "credits": [{"name": c.name, "role": c.role} for c in self.credits],
            "region": self.region,
            "county": self.county,
            "body": self.body,
        }


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
    text: str = field(default="", repr=False)
    digest: str = ""  # names everything its items are cut from (text, settings, segmenter); set when cut
    text_hash: str = ""  # of `text`; a page the read index knows comes with this and no text
    furniture: tuple[str, ...] = ()  # header and footer lines, set when cut


@dataclass(frozen=True)
class Issue:
    """One dated issue: its pages in page order."""

    date: dt.date
    pages: tuple[Page, ...]
    edition: int | None = None  # 期号, when issue.toml gives one
