"""Render: every file of the site, from the assembled `Site` through the theme's templates.

Each page is rendered with `page_path`, its own site-relative path, so that `url()` in a
template can make every link relative. Every page is a job keyed by what it shows and the templates
it loads (see jobs.py): a listing is rendered again only when one of its items or groups changed.
The sitemap lists every page planned before it, so `plan` plans it after the pages.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from markupsafe import Markup

from sitegen import charts, feeds, urls
from sitegen.assemble import related
from sitegen.citation import gbt7714
from sitegen.fingerprint import Fingerprints, digest, files_fingerprint
from sitegen.jobs import Job
from sitegen.markdown import body_html, item_markdown
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


class Renderer:
    """Plans the site as jobs (jobs.py): one per page, item, feed, static file and search file."""

    def __init__(self, site: Site, theme: Theme, *, base_key: str = "") -> None:
        self.site = site
        self.theme = theme
        self.env = theme.environment()
        self.jobs: list[Job] = []
        self.keys = Fingerprints(site, base_key)
        self._uses: dict[str, tuple[bool, bytes]] = {}
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
            column_url=self.column_url,
            region_url=self.region_url,
            author_url=self.author_url,
        )
        self.env.globals["url"] = _url  # relative to the page being rendered

    # -- link targets (site-relative; templates pass them through url()) -------------------------
    def column_url(self, name: str) -> str:
        return urls.listing_url(urls.column_folder(self.columns[name].slug))

    def region_url(self, region: str, county: str | None = None) -> str:
        group = self.regions[region]
        if county is None:
            return urls.listing_url(urls.region_folder(group.slug))
        child = next(c for c in group.children if c.name == county)
        return urls.listing_url(urls.region_folder(group.slug, child.slug))

    def author_url(self, name: str) -> str:
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
            lambda: self.render(template, path, {**context, **(lazy() if lazy else {})}),
            source=context.get("source", "site"),
        )

    def render(self, template: str, path: str, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(template).render(page_path=path, **context)
        except jinja2.TemplateError as exc:
            raise template_error(exc) from exc
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            raise template_error(exc) from exc

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
        reads, unknown = "site" in meta.find_undeclared_variables(ast), False
        for ref in meta.find_referenced_templates(ast):
            if ref is None:
                unknown = True
                continue
            more = self._walk(ref, sources)
            reads, unknown = reads or more[0], unknown or more[1]
        return reads, unknown

    def plan(self) -> list[Job]:
        site = self.site
        self.home()
        self.dates()
        for n, issue in enumerate(site.issues):
            self.issue(n, issue)
        self.groups("columns", urls.COLUMNS, site.columns, urls.column_folder, "栏目", feed=True)
        self.groups("authors", urls.AUTHORS, site.authors, urls.author_folder, "作者")
        self.regions_pages()
        self.page("search.html", urls.SEARCH, title="检索")
        self.page("404.html", urls.NOT_FOUND, title="页面未找到", site_root=urls.site_root(site.config.base_url))
        self.feeds()
        self.static()
        self.jobs.extend(search_jobs(site.all_items, self.keys))
        return self.jobs

    def home(self) -> None:
        latest = self.site.issues[0] if self.site.issues else None
        self.page(
            "home.html",
            urls.HOME,
            title=self.site.config.title,
            latest=latest,
            page_items=self.page_items(latest) if latest else {},
            calendar=self.year_calendar(latest.date.year) if latest else [],
            monthly_chart=self.monthly_chart(urls.HOME),
        )

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

    def dates(self) -> None:
        issues = self.site.issues
        years = self.site.years
        self.page(
            "archive.html",
            urls.ARCHIVE,
            title="往期",
            years=years,
            monthly_chart=self.monthly_chart(urls.ARCHIVE),
            counts={y: sum(1 for i in issues if i.date.year == y) for y in years},
        )
        for k, year in enumerate(years):
            self.page(
                "year.html",
                urls.year_url(year),
                title=f"{year}年",
                year=year,
                calendar=self.year_calendar(year),
                newer=years[k - 1] if k > 0 else None,
                older=years[k + 1] if k + 1 < len(years) else None,
            )
        by_month: dict[tuple[int, int], list[Issue]] = {}
        for issue in reversed(issues):  # oldest first within a month
            by_month.setdefault((issue.date.year, issue.date.month), []).append(issue)
        months = sorted(by_month, reverse=True)
        for k, (year, month) in enumerate(months):
            in_month = by_month[(year, month)]
            self.page(
                "month.html",
                urls.month_url(year, month),
                title=f"{year}年{month}月",
                year=year,
                month=month,
                weeks=month_weeks(year, month, self.issue_dates),
                issues=in_month,
                item_counts={i.date: sum(len(self.site.items[p.source]) for p in i.pages) for i in in_month},
                newer=months[k - 1] if k > 0 else None,
                older=months[k + 1] if k + 1 < len(months) else None,
            )

    def issue(self, index: int, issue: Issue) -> None:
        issues = self.site.issues
        newer = issues[index - 1] if index > 0 else None
        older = issues[index + 1] if index + 1 < len(issues) else None
        self.page(
            "issue.html",
            urls.issue_url(issue.date),
            title=date_label(issue.date),
            issue=issue,
            newer=newer,
            older=older,
            page_items=self.page_items(issue),
        )
        reading = self.site.issue_items(issue)
        n = 0  # the item's place in `reading`, which runs page by page in the order of the loop below
        for k, page in enumerate(issue.pages):
            self.page(
                "page.html",
                urls.page_url(issue.date, page.number),
                title=f"{date_label(issue.date)} {page_label(page)}",
                issue=issue,
                page=page,
                items=self.site.items[page.source],
                prev_page=issue.pages[k - 1] if k > 0 else None,
                next_page=issue.pages[k + 1] if k + 1 < len(issue.pages) else None,
            )
            for item in self.site.items[page.source]:
                before = reading[n - 1] if n > 0 else None
                after = reading[n + 1] if n + 1 < len(reading) else None
                self.item(item, issue, page, before, after)
                n += 1

    def item(self, item: Item, issue: Issue, page: Page, before: Item | None, after: Item | None) -> None:
        column = self.columns.get(item.column) if item.column else None
        region = self.regions.get(item.region) if item.region else None
        self.emit(
            urls.item_markdown_url(item), self.keys.key("markdown", item), lambda: item_markdown(item), page.source
        )

        def derived() -> dict[str, Any]:  # pure functions of the item: not part of the key
            return {
                "credits": credits_by_role(item),
                "body": Markup(body_html(item.body)),  # body_html escapes any HTML in the page text
                "citation": gbt7714(item, self.site.config.newspaper or self.site.config.title),
            }

        self.page(
            "item.html",
            urls.item_url(item),
            derived,
            title=item.display_title,
            item=item,
            issue=issue,
            page=page,
            source=page.source,
            before=before,
            after=after,
            same_column=related(column, item),
            same_region=related(region, item),
        )

    # -- groups --------------------------------------------------------------------------------
    def groups(
        self,
        kind: str,
        index: str,
        groups: Sequence[Group],
        folder: Callable[[str], str],
        label: str,
        *,
        feed: bool = False,
    ) -> None:
        """The index page of a kind of group, and each group's listing (with its Atom feed if ``feed``)."""
        self.page(
            "groups.html", index, title=label, kind=kind, label=label, groups=[g.info for g in groups], folder=folder
        )
        for group in groups:
            self.listing(group, folder(group.slug), label, parent=None, feed=feed)

    def regions_pages(self) -> None:
        regions = self.site.regions
        self.page(
            "regions.html",
            urls.REGIONS,
            title="地区",
            regions=[r.info for r in regions],
            chart=self.region_chart(urls.REGIONS),
        )
        for region in regions:
            self.listing(region, urls.region_folder(region.slug), "地区", parent=None)
            for county in region.children:
                self.listing(county, urls.region_folder(region.slug, county.slug), "地区", parent=region)

    def listing(self, group: Group, folder: str, label: str, parent: Group | None, *, feed: bool = False) -> None:
        """The group's index (its newest items) and numbered pages of PER_PAGE items counted from the
        oldest, so page 3 keeps its items for good and a new issue changes only the newest pages."""
        numbered = numbered_pages(group.count)
        full = len(numbered)
        feed_path = urls.column_feed(group.slug) if feed and self.site.config.base_url else None
        newest = list(range(full, max(0, full - PAGER_LINKS), -1))
        self.page(
            "listing.html",
            urls.listing_url(folder),
            title=group.name,
            group=group.info,
            label=label,
            parent=parent.info if parent else None,
            items=group.items[:PER_PAGE],
            number=0,
            feed=feed_path,
            gap=full > PAGER_LINKS + 1,
            pager=[(k, urls.listing_url(folder, k)) for k in newest]
            + ([(1, urls.listing_url(folder, 1))] if full > PAGER_LINKS else []),
        )
        name = GroupInfo(group.name, group.slug)
        parent_name = GroupInfo(parent.name, parent.slug) if parent else None
        for k, start, stop in numbered:
            self.page(
                "listing.html",
                urls.listing_url(folder, k),
                title=f"{group.name}（第{k}页）",
                group=name,
                label=label,
                parent=parent_name,
                items=group.items[start:stop],
                number=k,
                feed=None,
                first=(k - 1) * PER_PAGE + 1,
                last=k * PER_PAGE,
                latest=urls.listing_url(folder),
                newer=urls.listing_url(folder, k + 1) if k < full else urls.listing_url(folder),
                older=urls.listing_url(folder, k - 1) if k > 1 else None,
                oldest=urls.listing_url(folder, 1) if k > 2 else None,
            )

    # -- feeds, sitemap, static -----------------------------------------------------------------
    def feeds(self) -> None:
        """Atom feeds of the newest items, sitemap and robots.txt. Feeds and sitemaps need absolute
        URLs, so an archive without `base_url` gets neither (the build says so)."""
        config = self.site.config
        base = config.base_url
        self.emit("robots.txt", self.keys.key("robots", base), lambda: feeds.robots_txt(base))
        if not base:
            return
        self.feed(urls.FEED, self.site.all_items, config.title, urls.HOME)
        for column in self.site.columns:
            self.feed(
                urls.column_feed(column.slug),
                column.items,
                f"{config.title} · {column.name}",
                urls.listing_url(urls.column_folder(column.slug)),
            )
        self.sitemap(base)

    def feed(self, path: str, items: Sequence[Item], title: str, site_path: str) -> None:
        """The Atom feed at ``path`` of the newest of ``items``, for the listing at ``site_path``."""
        config = self.site.config
        base = config.base_url
        key = self.keys.key("feed", path, title, site_path, items[:FEED_ENTRIES])
        self.emit(
            path,
            key,
            lambda: feeds.atom_feed(
                _feed_entries(base, items),
                title=title,
                feed_url=feeds.absolute_url(base, path),
                site_url=feeds.absolute_url(base, site_path),
                lang=config.language,
            ),
        )

    def sitemap(self, base: str) -> None:
        """sitemap.xml: every page planned so far (so it is planned last), in parts of a year each."""
        dated: dict[str, dt.date | None] = {
            j.id: None for j in self.jobs if j.id.endswith(".html") and j.id != urls.NOT_FOUND
        }
        for item in self.site.all_items:
            dated[urls.item_url(item)] = item.date
        parts = feeds.sitemap_parts(sorted(dated.items()))
        # One job a part: a new issue redoes the parts of its year and of the listings, and the index.
        for name, listed in parts.items():
            key = self.keys.key("sitemap", name, digest("\n".join(f"{p} {d}" for p, d in listed).encode()))
            self.emit(name, key, lambda listed=listed: feeds.sitemap_xml(listed, base))  # type: ignore[misc]
        if "sitemap.xml" not in parts:
            index = [(name, feeds.newest(listed)) for name, listed in parts.items()]
            self.emit("sitemap.xml", self.keys.key("sitemap-index", index), lambda: feeds.sitemap_index(index, base))

    def static(self) -> None:
        files: dict[str, Path] = {}
        for folder in self.theme.static_dirs():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                files[path.relative_to(folder).as_posix()] = path
        for rel, path in sorted(files.items()):
            data = path.read_bytes()
            self.emit(f"{urls.STATIC}/{rel}", digest(data), lambda data=data: data, "static")  # type: ignore[misc]


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    return urls.relative(context["page_path"], target)


def _feed_entries(base: str, items: Sequence[Item]) -> list[feeds.FeedEntry]:
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
