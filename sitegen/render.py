"""Render: every file of the site, from the assembled `Site` through the theme's templates.

Each page is rendered with `page_path`, its own site-relative path, so that `url()` in a
template can make every link relative. Every page is a job keyed by what it shows and the templates
it loads (see jobs.py): a listing is rendered again only when one of its items or groups changed.
The sitemap lists every page the site has (planners/feeds_and_sitemap.site_pages).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import meta
from markupsafe import Markup

from sitegen import charts, feeds, urls
from sitegen.fingerprint import Fingerprints, files_fingerprint
from sitegen.jobs import Job
from sitegen.model import Group, GroupInfo, Issue, Item, Page, Site
from sitegen.search import plain_text, search_jobs
from sitegen.theme import Theme, template_error

PER_PAGE = 20
PAGER_LINKS = 10  # numbered pages linked from a list's index, newest first
FEED_ENTRIES = 50
WEEKDAYS = "一二三四五六日"
KIND_LABELS = {"article": "文章", "photo": "图片", "brief": "简讯", "knowledge": "知识"}


@dataclass(frozen=True)
class Day:
    """One cell of a calendar: a day of the month (0 for padding) and its issue link, if any."""

    day: int
    url: str | None = None


def month_weeks(year: int, month: int, issue_dates: set[dt.date]) -> list[list[Day]]:
    """Weeks (Monday first, as Chinese calendars print them) with links on days that have an issue."""

    def cell(day: int) -> Day:
        date = dt.date(year, month, day) if day else None
        return Day(day, urls.issue_url(date) if date in issue_dates else None)

    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    return [[cell(d) for d in week] for week in weeks]


def date_label(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def page_label(page: Page) -> str:
    return f"第{page.number:02d}版" + (f" {page.name}" if page.name else "")


def credits_by_role(item: Item) -> list[tuple[str, list[str]]]:
    """`本报记者 宋爽 李四 / 通讯员 王五`: credits grouped by role, in credit order."""
    roles: dict[str, list[str]] = {}
    for credit in item.credits:
        names = roles.setdefault(credit.role, [])
        if credit.name not in names:
            names.append(credit.name)
    return list(roles.items())


def numbered_pages(count: int, per_page: int = PER_PAGE) -> list[tuple[int, int, int]]:
    """(k, start, stop) slicing a newest-first list of `count` items into numbered pages counted from the
    oldest: page 1 holds the `per_page` oldest items, and so on; the newest 1 to `per_page` items that
    do not fill a page are only on the list's index. A page's items never change as the list grows."""
    return [(k, count - k * per_page, count - (k - 1) * per_page) for k in range(1, (count - 1) // per_page + 1)]


# How a page's key covers each template global, so that it changes whenever what the global gives the
# page does (a global missing here is refused):
#   "code": a constant, or a function of its arguments alone: sitegen's code, in every key, is its version;
#   "base": the settings or the theme's name, in every key;
#   "site": everything in the site: a page whose template reads it is keyed by the whole site;
#   "names": a group's address by its name: answered only for the names the page's key covers, those of
#            the items and groups in its context (keyed_names), or any on a page keyed by the whole site;
#            never between pages (a planner computing a link outside a page).
GLOBAL_KEYING = {
    "site": "site",
    "config": "base",
    "theme": "base",
    "date_label": "code",
    "page_label": "code",
    "kind_label": "code",
    "weekdays": "code",
    "urls": "code",
    "url": "code",
    "column_url": "names",
    "region_url": "names",
    "author_url": "names",
}


@dataclass(frozen=True)
class KeyedNames:
    """The group names a page's key covers: its items' (their keys hold their groups' slugs) and its
    groups' (their keys hold their own)."""

    columns: frozenset[str]
    regions: frozenset[str | tuple[str, str]]  # a region, or (region, county)
    authors: frozenset[str]


_NO_NAMES = KeyedNames(frozenset(), frozenset(), frozenset())


def keyed_names(values: Iterable[Any]) -> KeyedNames:
    """The names of the items and groups in ``values`` and the containers and records in them, walked
    as fingerprint.Fingerprints walks them (a group by its info, not its items)."""
    columns: set[str] = set()
    regions: set[str | tuple[str, str]] = set()
    authors: set[str] = set()
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, Item):
            columns.add(value.column or "")
            regions.update((value.region or "", (value.region or "", value.county or "")))
            authors.update(value.authors)
        elif isinstance(value, Group):
            stack.append(value.info)
        elif isinstance(value, GroupInfo):
            if value.kind == "column":
                columns.add(value.name)
            elif value.kind == "author":
                authors.add(value.name)
            elif value.kind == "region":  # a county's address is asked with its region's name
                regions.add(value.name)
                regions.update((value.name, child.name) for child in value.children)
        elif isinstance(value, dict):
            stack += value.values()
        elif isinstance(value, tuple | list):
            stack += value
        elif dataclasses.is_dataclass(value) and not isinstance(value, type | Page):
            stack += (getattr(value, f.name) for f in dataclasses.fields(value))
    return KeyedNames(frozenset(columns), frozenset(regions), frozenset(authors))


def _allowed(names: KeyedNames | None, function: str, name: str | tuple[str, str]) -> None:
    if names is None:  # the page is keyed by the whole site
        return
    known = {"column_url": names.columns, "region_url": names.regions, "author_url": names.authors}[function]
    if name not in known:
        raise TypeError(
            f"{function}({name!r}) on a page that shows no item or group of that name: its key would not "
            "change with that group's address; pass the group to the page, or read it from `site`"
        )


class Renderer:
    """Plans the site as jobs (jobs.py): one per page, item, feed, static file and search file."""

    def __init__(self, site: Site, theme: Theme, *, base_key: str = "") -> None:
        self.site = site
        self.theme = theme
        self.env = theme.environment()
        self.jobs: list[Job] = []
        self.keys = Fingerprints(site, base_key)
        self._uses: dict[str, tuple[bool, bytes]] = {}
        self.rendering: KeyedNames | None = _NO_NAMES  # see column_url
        self.columns = {g.name: g for g in site.columns}
        self.regions = {g.name: g for g in site.regions}
        self.authors = {g.name: g for g in site.authors}
        self.env.globals.update(
            site=site,
            config=site.config,
            theme=theme.name,
            date_label=date_label,
            page_label=page_label,
            kind_label=KIND_LABELS,
            weekdays=WEEKDAYS,
            urls=urls,
            url=_url,  # relative to the page being rendered
            column_url=self.column_url,
            region_url=self.region_url,
            author_url=self.author_url,
        )
        if undeclared := set(self.env.globals) - set(GLOBAL_KEYING) - set(jinja2.defaults.DEFAULT_NAMESPACE):
            raise TypeError(
                f"template globals {sorted(undeclared)}: say how pages using them are keyed (GLOBAL_KEYING)"
            )

    # -- link targets (site-relative; templates pass them through url()) -------------------------
    # They answer from the site's groups, which are not in a page's key: only for the names the key of
    # the page being rendered covers (`rendering`, set by `render`: one page at a time in a process,
    # whatever macro or include asks), so that a group's new slug cannot leave a page linking to its
    # old address.
    def column_url(self, name: str) -> str:
        _allowed(self.rendering, "column_url", name)
        return urls.listing_url(urls.column_folder(self.columns[name].slug))

    def region_url(self, region: str, county: str | None = None) -> str:
        group = self.regions[region]
        if county is None:
            _allowed(self.rendering, "region_url", region)
            return urls.listing_url(urls.region_folder(group.slug))
        _allowed(self.rendering, "region_url", (region, county))
        child = next(c for c in group.children if c.name == county)
        return urls.listing_url(urls.region_folder(group.slug, child.slug))

    def author_url(self, name: str) -> str:
        _allowed(self.rendering, "author_url", name)
        return urls.listing_url(urls.author_folder(self.authors[name].slug))

    # -- jobs -----------------------------------------------------------------------------------
    def emit(self, path: str, key: str, make: Callable[[], bytes | str], source: str = "site") -> None:
        """A job making one file."""

        def files() -> list[tuple[str, bytes]]:
            data = make()
            return [(path, data.encode("utf-8") if isinstance(data, str) else data)]

        self.jobs.append(Job(path, key, files, source))

    def page(self, template: str, path: str, lazy: Callable[[], dict[str, Any]] | None = None, **context: Any) -> None:
        """A page job. Its key covers `context`; `lazy()` adds values derived from `context` alone,
        computed only when the page is rendered."""
        reads_site, templates = self.template_use(template)
        site = self.keys.site_digest() if reads_site else b""
        # The names as one string and the values in their order: what the context dict holds, hashed in
        # half the steps (a quarter million pages at 100,000 items).
        names = sorted(context)
        key = self.keys.key("page", template, templates, path, site, ",".join(names), *(context[n] for n in names))
        self.emit(
            path,
            key,
            lambda: self.render(template, path, context, lazy() if lazy else {}),
            source=context.get("source", "site"),
        )

    def render(self, template: str, path: str, context: dict[str, Any], derived: dict[str, Any] | None = None) -> str:
        """The page: ``context`` is what its key covers; ``derived``, values made from it when rendering."""
        self.rendering = None if self.template_use(template)[0] else keyed_names(context.values())
        try:
            return self.env.get_template(template).render(page_path=path, **context, **(derived or {}))
        except jinja2.TemplateError as exc:
            raise template_error(exc) from exc
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            raise template_error(exc) from exc
        finally:
            self.rendering = _NO_NAMES  # between pages: no name

    def template_use(self, template: str) -> tuple[bool, bytes]:
        """What a page rendered with ``template`` depends on of the theme: whether the template, or one it
        extends, imports or includes, reads the `site` global (then its pages depend on everything), and
        a digest of those templates' sources, so that editing one template redoes only the pages that
        load it. A template named by a variable could be any: then both count every template."""
        if template not in self._uses:
            sources: dict[str, str] = {}
            reads, unknown = self._walk(template, sources)
            h = hashlib.blake2b(digest_size=16)
            if unknown:
                h.update(files_fingerprint(self.theme.template_dirs()).encode())
            for name in sorted(sources):
                h.update(f"{name}\0{sources[name]}\0".encode())
            self._uses[template] = (reads or unknown, h.digest())
        return self._uses[template]

    def _walk(self, template: str, sources: dict[str, str]) -> tuple[bool, bool]:
        """(reads `site`, names a template by a variable) for ``template`` and what it loads, whose
        sources are added to ``sources``."""
        if template in sources:
            return False, False
        try:
            source, filename, _ = self.env.loader.get_source(self.env, template)  # type: ignore[union-attr]
            ast = self.env.parse(source, template, filename)  # a syntax error then names its file
        except jinja2.TemplateError as exc:
            raise template_error(exc) from exc
        sources[template] = source
        # Any load of the name, blocks included (meta.find_undeclared_variables skips a child's blocks);
        # a local of that name counts too, which only costs a rebuild.
        loads = {n.name for n in ast.find_all(jinja2.nodes.Name) if n.ctx == "load"}
        reads, unknown = any(GLOBAL_KEYING.get(name) == "site" for name in loads), False
        for ref in meta.find_referenced_templates(ast):
            if ref is None:
                unknown = True
                continue
            more = self._walk(ref, sources)
            reads, unknown = reads or more[0], unknown or more[1]
        return reads, unknown

    def plan(self) -> list[Job]:
        """Every job of the site, page family by page family."""
        from sitegen.planners import dates, feeds_and_sitemap, groups, issues, static_files

        site = self.site
        dates.plan(self)
        issues.plan(self)
        groups.plan(self)
        self.page("search.html", urls.SEARCH, title="检索")
        self.page("404.html", urls.NOT_FOUND, title="页面未找到", site_root=urls.site_root(site.config.base_url))
        feeds_and_sitemap.plan(self)
        static_files.plan(self)
        self.jobs.extend(search_jobs(site.all_items, self.keys))
        return self.jobs

    def page_items(self, issue: Issue) -> dict[str, tuple[Item, ...]]:
        return {page.source: self.site.items[page.source] for page in issue.pages}

    def monthly_chart(self, page_path: str) -> Markup:
        counts = self._monthly_counts
        return Markup(
            charts.bar_chart(
                counts,
                title="每月稿件数",
                desc="档案中每个月刊登的稿件数量",
                href=[
                    urls.relative(page_path, urls.month_url(int(label[:4]), int(label[5:7]))) if n else None
                    for label, n in counts
                ],
            )
        )

    @functools.cached_property
    def _monthly_counts(self) -> list[tuple[str, int]]:
        return charts.monthly_counts(i.date for i in self.site.all_items if i.date)

    @staticmethod
    def rel_region(page_path: str, group: Group) -> str:
        return urls.relative(page_path, urls.listing_url(urls.region_folder(group.slug)))

    def region_chart(self, page_path: str) -> Markup:
        bars = [(g.name, g.count) for g in self.site.regions]
        return Markup(
            charts.bar_chart(
                bars,
                title="各地区稿件数",
                desc="按盟市统计的稿件数量",
                href=[self.rel_region(page_path, g) for g in self.site.regions],
                horizontal=True,
            )
        )

    # -- dates ---------------------------------------------------------------------------------
    @functools.cached_property
    def issue_dates(self) -> set[dt.date]:
        return {issue.date for issue in self.site.issues}

    def year_calendar(self, year: int) -> list[tuple[int, list[list[Day]]]]:
        return [(m, month_weeks(year, m, self.issue_dates)) for m in range(1, 13)]


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    return urls.relative(context["page_path"], target)


def feed_entries(base: str, items: Sequence[Item]) -> list[feeds.FeedEntry]:
    """The feed's entries: the newest FEED_ENTRIES of ``items``, with absolute addresses."""
    return [
        feeds.FeedEntry(
            title=item.display_title,
            url=feeds.absolute_url(base, urls.item_url(item)),
            id=feeds.absolute_url(base, urls.item_url(item)),
            date=item.date or dt.date.min,
            authors=item.authors,
            summary=_summary(item.body),
            categories=tuple(c for c in (item.column, item.region) if c),
        )
        for item in items[:FEED_ENTRIES]
    ]


def _summary(body: str, length: int = 120) -> str:
    """Plain opening text for a feed entry: Markdown marks dropped, cut at `length` characters."""
    text = " ".join(plain_text(body).split("\n"))
    return text if len(text) <= length else text[:length] + "…"


def plan_site(site: Site, theme: Theme, base_key: str = "") -> list[Job]:
    """Every job of the site. Raises SitegenError naming the template file and line on a template bug."""
    return Renderer(site, theme, base_key=base_key).plan()
