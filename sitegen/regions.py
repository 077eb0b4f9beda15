"""Which prefecture (盟/市) and county (旗/县/区) each item is about.

Names come from ``data/gazetteer.json`` (official divisions, derived by
``scripts/derive_gazetteer.py``) and ``data/place_aliases.toml`` (press short forms). The text is
scanned once per paragraph with a dictionary index built once per process.

Per item, the deciding paragraph is the first of (headline, body paragraphs 1-5) that names a
place. In it the region is the first prefecture named, else the prefecture of the first county,
else the province named (a bare 自治区 or the home province's short form mean the home province);
the county is the first county-level name, dropped when it is not in the named prefecture.
``assign_regions`` then applies page context: see there.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from sitegen.model import Item

HOME_PROVINCE = "内蒙古自治区"
MAX_BODY_PARAGRAPHS = 5
BARE_AUTONOMOUS = "自治区"  # said bare, the home province when that is an autonomous region
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区", "老城区"})  # official, but ordinary words
# Official names ending in the key never count when followed by one of these (海南区域, 吉林市场).
SUFFIX_NOT_AFTER = {"区": "域", "市": "场", "旗": "帜"}
# 市 said as a word (全市, 我市, 市委…), not inside 城市, 超市, 市场…
CITY_WORD = re.compile(r"(?:全|我|本)市(?!场)|(?<![城超都股夜集上门菜街])市(?:委|直|政府|人大|政协|纪委|监委|级|属|区)")

SENTENCE = re.compile(r"[。！？，,.!?；;]")

Level = Literal["province", "prefecture", "county", "home"]


@dataclass(frozen=True)
class Division:
    """One division a name can stand for. ``weak`` names need their province or prefecture nearby."""

    level: Level
    name: str  # official full name (for "home": the bare word)
    prefecture: str | None  # the prefecture it is or lies in; None for provinces
    province: str
    code: str = ""
    weak: bool = False


@dataclass(frozen=True)
class Index:
    """Every matchable surface form, with what it can stand for and its guards."""

    names: dict[str, tuple[Division, ...]]
    lengths: dict[str, tuple[int, ...]]  # first two characters -> surface lengths, longest first
    guards: dict[str, tuple[str, str]]  # surface -> (not_before, not_after)


@dataclass(frozen=True)
class Place:
    """The outcome for one item."""

    region: str | None
    county: str | None
    region_level: Level | None = None
    named_prefecture: bool = False


NO_PLACE = Place(None, None)


def _data(name: str) -> bytes:
    return resources.files("sitegen").joinpath("data", name).read_bytes()


@lru_cache(maxsize=1)
def load_gazetteer() -> dict[str, Any]:
    """The parsed ``gazetteer.json``: ``{"source": {...}, "provinces": [...]}``."""
    return json.loads(_data("gazetteer.json").decode("utf-8"))


@lru_cache(maxsize=1)
def load_aliases() -> dict[str, Any]:
    """The parsed ``place_aliases.toml``."""
    return tomllib.loads(_data("place_aliases.toml").decode("utf-8"))


def _guard(surface: str, guards: dict[str, Any]) -> tuple[str, str]:
    g = guards.get(surface, {})
    return g.get("not_before", ""), g.get("not_after", "") + SUFFIX_NOT_AFTER.get(surface[-1], "")


def _add_aliases(
    add: Callable[[str, Division], None],
    aliases: dict[str, Any],
    prefectures: dict[tuple[str, str], Division],
    counties: dict[tuple[str, str], Division],
) -> None:
    """The short names of place_aliases.toml (科左中旗, 莫旗…), each for the division it names."""
    for pname, table in aliases.get("provinces", {}).items():
        for short in table.get("short", []):
            add(short, Division("province", pname, None, pname))
        for section, official in (("prefectures", prefectures), ("counties", counties)):
            for short, full in table.get(section, {}).items():
                if (pname, full) not in official:
                    raise ValueError(f"place_aliases.toml: {short} = {full}: not a {section} name in {pname}")
                add(short, official[pname, full])


@lru_cache(maxsize=1)
def build_index() -> Index:
    """Build the name index once: official names, aliases, the bare 自治区."""
    names: dict[str, list[Division]] = {}
    counties: dict[tuple[str, str], Division] = {}
    prefectures: dict[tuple[str, str], Division] = {}
    stems: list[tuple[str, Division]] = []

    def add(surface: str, div: Division) -> None:
        if surface not in GENERIC_NAMES and div not in names.setdefault(surface, []):
            names[surface].append(div)

    for prov in load_gazetteer()["provinces"]:
        pname = prov["name"]
        add(pname, Division("province", pname, None, pname, prov["code"]))
        for pref in prov["prefectures"]:
            fdiv = Division("prefecture", pref["name"], pref["name"], pname, pref["code"])
            prefectures[pname, pref["name"]] = fdiv
            add(pref["name"], fdiv)
            for c in pref["counties"]:
                cdiv = Division("county", c["name"], pref["name"], pname, c["code"], len(c["name"]) < 3)
                counties[pname, c["name"]] = replace(cdiv, weak=False)
                add(c["name"], cdiv)
                if c["name"].endswith("旗"):
                    stems.append((c["name"][:-1], cdiv))

    aliases = load_aliases()
    _add_aliases(add, aliases, prefectures, counties)
    # A banner is also called by its name without 旗 (陈巴尔虎草原, 敖汉谷子), though not the wings of
    # one name (巴林左, 科尔沁右翼前: the press shortens those as 巴林左旗, 科右前旗).
    for stem, div in stems:
        wing = stem[-1] in "左右前中后翼" or stem.endswith(("自治", "联合"))
        if len(stem) >= 2 and not wing and stem not in names:
            add(stem, replace(div, weak=False))  # a banner's name is its own, short or not
    add(BARE_AUTONOMOUS, Division("home", BARE_AUTONOMOUS, None, ""))

    lengths: dict[str, set[int]] = {}
    for surface in names:
        lengths.setdefault(surface[:2], set()).add(len(surface))
    guards = aliases.get("guards", {})
    return Index(
        names={s: tuple(sorted(d, key=lambda x: x.code)) for s, d in names.items()},
        lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        guards={s: _guard(s, guards) for s in names},
    )


def find_places(text: str, index: Index | None = None) -> list[tuple[str, tuple[Division, ...]]]:
    """Every place name in ``text``, left to right, longest match first, guards applied."""
    index = index or build_index()
    found: list[tuple[str, tuple[Division, ...]]] = []
    i, n = 0, len(text)
    while i < n - 1:
        for length in index.lengths.get(text[i : i + 2], ()):
            surface = text[i : i + length]
            if surface not in index.names:
                continue
            not_before, not_after = index.guards[surface]
            if (i and text[i - 1] in not_before) or (i + length < n and text[i + length] in not_after):
                continue
            found.append((surface, index.names[surface]))
            i += length
            break
        else:
            i += 1
    return found


def resolve(
    mentions: Sequence[tuple[str, tuple[Division, ...]]],
    home_province: str = HOME_PROVINCE,
    prefer: str | None = None,
) -> Place:
    """Decide one paragraph's region and county from its mentions (see the module docstring).

    ``prefer`` is a prefecture to read ambiguous county names in (the page's city).
    """
    named_prefs: list[Division] = []
    named_provs: list[str] = []
    county_mentions: list[tuple[Division, ...]] = []
    for _, divs in mentions:
        levels = {d.level for d in divs}
        if "province" in levels:  # also 北京市 & co., which stand as their own prefecture too
            named_provs.append(next(d.name for d in divs if d.level == "province"))
        elif "prefecture" in levels:
            prefs = [d for d in divs if d.level == "prefecture"]
            named_prefs.append(next((d for d in prefs if d.province == home_province), prefs[0]))
        elif "home" in levels and home_province.endswith(BARE_AUTONOMOUS):
            named_provs.append(home_province)
        if "county" in levels:
            county_mentions.append(tuple(d for d in divs if d.level == "county"))

    pref_names = {d.name for d in named_prefs}
    preferences = (  # how to read a name that several counties have, best first
        lambda d: d.prefecture in pref_names,
        lambda d: d.prefecture == prefer,
        lambda d: d.province in named_provs,
        lambda d: d.province == home_province and not d.weak,
        lambda d: not d.weak,
    )
    county: Division | None = None
    for cands in county_mentions:
        county = next((d for test in preferences for d in cands if test(d)), None)
        if county:
            break

    if named_prefs:
        region = named_prefs[0]
        if county and county.prefecture != region.name:
            county = None
        return Place(region.name, county.name if county else None, "prefecture", True)
    if county:
        return Place(county.prefecture, county.name, "prefecture")
    if named_provs:
        return Place(named_provs[0], None, "province")
    return NO_PLACE


def paragraphs(item: Item) -> list[str]:
    """The headline (kicker, title, subtitle) then the first body paragraphs, lines rejoined.

    Only paragraphs with sentence punctuation count toward ``MAX_BODY_PARAGRAPHS``: bylines and
    subheadings are scanned but not counted.
    """
    head = " ".join(p for p in (item.kicker, item.title, item.subtitle) if p)
    out = [head] if head else []
    counted = 0
    for block in re.split(r"\n[ \t]*\n", item.body):
        text = "".join(line.strip() for line in block.splitlines())
        if not text or AUTHOR_NOTE.match(text):
            continue
        out.append(text)
        counted += bool(SENTENCE.search(text))
        if counted == MAX_BODY_PARAGRAPHS:
            break
    return out


# The whole home region said as a word (全区 in an Inner Mongolian paper is the autonomous region):
# an item whose headline says it is about the region, whatever city its dateline was filed in.
REGION_WIDE = re.compile(r"全(?:自治)?区(?!域|间|块)|我区|自治区(?:党委|政府|人大|政协|纪委)|区直")
DATELINE_HEAD = re.compile(r"^本报[\u4e00-\u9fff]{2,8}?\d{1,2}月\d{1,2}日(?:讯|电)")
# A news agency's dateline: 新华社北京11月5日电. Its item is national unless it names a home place.
AGENCY_DATELINE = re.compile(
    r"^(?:据)?(?:新华社|中新社|人民日报|央视新闻|央广网)[\u4e00-\u9fff]{0,8}?\d{1,2}月\d{1,2}日电"
)
# The author's institution, printed under a commentary or an essay: not what the item is about.
AUTHOR_NOTE = re.compile(r"^[（(]\s*作者(?:单位|系|为|是|：|:)")


def place_of(item: Item, home_province: str = HOME_PROVINCE, prefer: str | None = None) -> Place:
    """The place of one item, from its first place-bearing paragraph; the home province when none names
    a place but one speaks of the whole region (全区…); none for a news agency's national item
    (新华社北京…电) that names no home place."""
    if item.kind == "knowledge":
        return NO_PLACE
    index = build_index()
    national = any(AGENCY_DATELINE.match(p) for p in paragraphs(item)[:3])
    regional = home_province.endswith(BARE_AUTONOMOUS)
    wide = False
    for para in paragraphs(item):
        if wide and (dateline := DATELINE_HEAD.match(para)):
            # 本报呼和浩特11月5日讯 under a headline about the whole region: where the report was filed.
            para = para[dateline.end() :]
        place = resolve(find_places(para, index), home_province, prefer)
        if place.region:
            if national and place.region_level == "province" and place.region != home_province:
                return NO_PLACE
            return place
        wide = wide or (regional and bool(REGION_WIDE.search(para)))
    return Place(home_province, None, "province") if wide and not national else NO_PLACE


def page_city(places: Iterable[Place]) -> str | None:
    """The prefecture a page is mostly about: at least 2 items and half of those with a prefecture."""
    counts = Counter(p.region for p in places if p.region_level == "prefecture")
    if not counts:
        return None
    (city, n), *rest = counts.most_common(2)
    tied = bool(rest) and rest[0][1] == n
    return city if n >= 2 and 2 * n >= sum(counts.values()) and not tied else None


# 盟 as a word (全盟, 盟里, 盟委, 行署…): on a league's page, that league.
LEAGUE_WORD = re.compile(r"(?:全|我|本)盟|盟(?:委|里|直|行署|内)|行署")


def says_city(item: Item, city: str = "") -> bool:
    """Whether the item speaks of 市 as a word (全市, 我市, 市委…), or of 盟 when ``city`` is a league."""
    word = LEAGUE_WORD if city.endswith("盟") else CITY_WORD
    return any(word.search(t) for t in (item.kicker, item.title, item.subtitle, item.body) if t)


def assign_regions(items: Sequence[Item], home_province: str = HOME_PROVINCE) -> tuple[Item, ...]:
    """Return the items with `region` and `county` set (dataclasses.replace).

    ``items`` are the items of one page. When the page is mostly about one city, items that name no
    prefecture read ambiguous county names in that city, and items with no place at all that speak
    of 市 as a word (全市, 我市, 市委…) get that city.
    """
    places = [place_of(item, home_province) for item in items]
    city = page_city(places)
    if city:
        for i, (item, place) in enumerate(zip(items, places, strict=True)):
            if item.kind == "knowledge" or place.named_prefecture:
                continue
            again = place_of(item, home_province, prefer=city)
            if again.region:
                places[i] = again
            elif says_city(item, city):
                places[i] = Place(city, None, "prefecture")
    return tuple(
        replace(item, region=place.region, county=place.county) for item, place in zip(items, places, strict=True)
    )
