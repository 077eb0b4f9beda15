"""Render: every file of the site, from the assembled `Site` through the theme's templates.

Each page is rendered with `page_path`, its own site-relative path, so that `url()` in a
template can make every link relative. Listing pages are cheap and always rebuilt.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen import charts, feeds, urls
from sitegen.assemble import Group, Site, neighbours, related
from sitegen.citation import gbt7714
from sitegen.markdown import body_html, item_markdown
from sitegen.model import Issue, Item, Page
from sitegen.search import build_search, plain_text
from sitegen.theme import Theme, template_error
from sitegen.writer import OutputFile

PER_PAGE = 20
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


def pages_of(items: Sequence[Item], per_page: int = PER_PAGE) -> Iterator[tuple[int, int, Sequence[Item]]]:
    """(page number, page count, items) for a paginated list; an empty list still gets one page."""
    count = max(1, math.ceil(len(items) / per_page))
    for n in range(1, count + 1):
        yield n, count, items[(n - 1) * per_page : n * per_page]


class Renderer:
    def __init__(self, site: Site, theme: Theme) -> None:
        self.site = site
        self.theme = theme
        self.env = theme.environment()
        self.files: list[OutputFile] = []
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

    # -- output -------------------------------------------------------------------------------
    def emit(self, path: str, data: bytes | str, source: str = "site") -> None:
        self.files.append(OutputFile(path, data.encode("utf-8") if isinstance(data, str) else data, source))

    def page(self, template: str, path: str, **context: Any) -> None:
        try:
            html = self.env.get_template(template).render(page_path=path, **context)
        except jinja2.TemplateError as exc:
            raise template_error(exc) from exc
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            raise template_error(exc) from exc
        self.emit(path, html, source=context.get("source", "site"))

    def render(self) -> list[OutputFile]:
        site = self.site
        self.home()
        self.dates()
        for issue in site.issues:
            self.issue(issue)
        self.groups("columns", urls.COLUMNS, site.columns, urls.column_folder, "栏目")
        self.groups("authors", urls.AUTHORS, site.authors, urls.author_folder, "作者")
        self.regions_pages()
        self.page("search.html", urls.SEARCH, title="检索")
        self.page("404.html", urls.NOT_FOUND, title="页面未找到")
        self.feeds()
        self.static()
        self.files.extend(build_search(site.all_items))
        return self.files

    def home(self) -> None:
        latest = self.site.issues[0] if self.site.issues else None
        self.page(
            "home.html",
            urls.HOME,
            title=self.site.config.title,
            latest=latest,
            calendar=self.year_calendar(latest.date.year) if latest else [],
            monthly_chart=self.monthly_chart(urls.HOME),
        )

    def monthly_chart(self, page_path: str) -> Markup:
        counts = charts.monthly_counts(i.date for i in self.site.all_items if i.date)
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
    def issue_dates(self) -> set[dt.date]:
        return {issue.date for issue in self.site.issues}

    def year_calendar(self, year: int) -> list[tuple[int, list[list[Day]]]]:
        dates = self.issue_dates()
        return [(m, month_weeks(year, m, dates)) for m in range(1, 13)]

    def dates(self) -> None:
        issues = self.site.issues
        years = self.site.years
        self.page(
            "archive.html", urls.ARCHIVE, title="往期", years=years, monthly_chart=self.monthly_chart(urls.ARCHIVE),
            counts={y: sum(1 for i in issues if i.date.year == y) for y in years},
        )
        for k, year in enumerate(years):
            self.page(
                "year.html", urls.year_url(year), title=f"{year}年", year=year,
                calendar=self.year_calendar(year),
                newer=years[k - 1] if k > 0 else None,
                older=years[k + 1] if k + 1 < len(years) else None,
            )
        months = sorted({(i.date.year, i.date.month) for i in issues}, reverse=True)
        dates = self.issue_dates()
        for k, (year, month) in enumerate(months):
            self.page(
                "month.html", urls.month_url(year, month), title=f"{year}年{month}月", year=year, month=month,
                weeks=month_weeks(year, month, dates),
                issues=[i for i in reversed(issues) if (i.date.year, i.date.month) == (year, month)],
                newer=months[k - 1] if k > 0 else None,
                older=months[k + 1] if k + 1 < len(months) else None,
            )

    def issue(self, issue: Issue) -> None:
        issues = self.site.issues
        index = issues.index(issue)
        newer = issues[index - 1] if index > 0 else None
        older = issues[index + 1] if index + 1 < len(issues) else None
        self.page(
            "issue.html", urls.issue_url(issue.date), title=date_label(issue.date),
            issue=issue, newer=newer, older=older,
        )
        reading = self.site.issue_items(issue)
        for k, page in enumerate(issue.pages):
            self.page(
                "page.html", urls.page_url(issue.date, page.number),
                title=f"{date_label(issue.date)} {page_label(page)}", issue=issue, page=page,
                items=self.site.items[page.source],
                prev_page=issue.pages[k - 1] if k > 0 else None,
                next_page=issue.pages[k + 1] if k + 1 < len(issue.pages) else None,
            )
            for item in self.site.items[page.source]:
                self.item(item, issue, page, reading)

    def item(self, item: Item, issue: Issue, page: Page, reading: tuple[Item, ...]) -> None:
        before, after = neighbours(reading, item)
        column = self.columns.get(item.column) if item.column else None
        region = self.regions.get(item.region) if item.region else None
        self.emit(urls.item_markdown_url(item), item_markdown(item), page.source)
        self.page(
            "item.html", urls.item_url(item), title=item.title or "（无题）",
            item=item, issue=issue, page=page, source=page.source,
            credits=credits_by_role(item),
            body=Markup(body_html(item.body)),  # body_html escapes any HTML in the page text
            citation=gbt7714(item, self.site.config.newspaper or self.site.config.title),
            before=before, after=after,
            same_column=related(column, item), same_region=related(region, item),
        )

    # -- groups --------------------------------------------------------------------------------
    def groups(
        self, kind: str, index: str, groups: Sequence[Group], folder: Callable[[str], str], label: str
    ) -> None:
        self.page("groups.html", index, title=label, kind=kind, label=label, groups=groups, folder=folder)
        for group in groups:
            self.listing(group, folder(group.slug), label, parent=None)

    def regions_pages(self) -> None:
        regions = self.site.regions
        self.page("regions.html", urls.REGIONS, title="地区", regions=regions, chart=self.region_chart(urls.REGIONS))
        for region in regions:
            self.listing(region, urls.region_folder(region.slug), "地区", parent=None)
            for county in region.children:
                self.listing(county, urls.region_folder(region.slug, county.slug), "地区", parent=region)

    def listing(self, group: Group, folder: str, label: str, parent: Group | None) -> None:
        for n, count, items in pages_of(group.items):
            self.page(
                "listing.html", urls.listing_url(folder, n),
                title=group.name + (f"（第{n}页）" if n > 1 else ""),
                group=group, label=label, parent=parent, items=items, number=n, count=count,
                pager=[(k, urls.listing_url(folder, k)) for k in range(1, count + 1)],
                feed=urls.column_feed(group.slug) if label == "栏目" and self.site.config.base_url else None,
            )

    # -- feeds, sitemap, static -----------------------------------------------------------------
    def feeds(self) -> None:
        """Atom feeds, sitemap and robots.txt. Feeds and sitemaps need absolute URLs, so an
        archive without `base_url` gets neither (the build says so)."""
        config = self.site.config
        base = config.base_url
        self.emit("robots.txt", feeds.robots_txt(base))
        if not base:
            return

        def entries(items: Sequence[Item]) -> list[feeds.FeedEntry]:
            return [
                feeds.FeedEntry(
                    title=item.title or "（无题）",
                    url=feeds.absolute_url(base, urls.item_url(item)),
                    id=feeds.absolute_url(base, urls.item_url(item)),
                    date=item.date or dt.date.min,
                    authors=item.authors,
                    summary=_summary(item.body),
                    categories=tuple(c for c in (item.column, item.region) if c),
                )
                for item in items
            ]

        home = feeds.absolute_url(base, urls.HOME)
        self.emit(urls.FEED, feeds.atom_feed(
            entries(self.site.all_items), title=config.title, feed_url=feeds.absolute_url(base, urls.FEED),
            site_url=home, lang=config.language,
        ))
        for column in self.site.columns:
            self.emit(urls.column_feed(column.slug), feeds.atom_feed(
                entries(column.items), title=f"{config.title} · {column.name}",
                feed_url=feeds.absolute_url(base, urls.column_feed(column.slug)),
                site_url=feeds.absolute_url(base, urls.listing_url(urls.column_folder(column.slug))),
                lang=config.language,
            ))
        dated = {f.path: None for f in self.files if f.path.endswith(".html") and f.path != urls.NOT_FOUND}
        for item in self.site.all_items:
            dated[urls.item_url(item)] = item.date
        for path, data in feeds.sitemaps(sorted(dated.items()), base).items():
            self.emit(path, data)

    def static(self) -> None:
        files: dict[str, Path] = {}
        for folder in self.theme.static_dirs():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                files[path.relative_to(folder).as_posix()] = path
        for rel, path in sorted(files.items()):
            self.emit(f"{urls.STATIC}/{rel}", path.read_bytes(), "static")


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    return urls.relative(context["page_path"], target)


def _summary(body: str, length: int = 120) -> str:
    """Plain opening text for a feed entry: Markdown marks dropped, cut at `length` characters."""
    text = " ".join(plain_text(body).split("\n"))
    return text if len(text) <= length else text[:length] + "…"


def render_site(site: Site, theme: Theme) -> list[OutputFile]:
    """Every file of the site. Raises SitegenError naming the template file and line on a template bug."""
    return Renderer(site, theme).render()
