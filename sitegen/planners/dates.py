"""Pages by date: the home page, the archive of years, each year's calendar, each month's issues."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen import urls
from sitegen.model import Issue
from sitegen.render import month_weeks

if TYPE_CHECKING:
    from sitegen.render import Renderer


def plan(r: Renderer) -> None:
    home(r)
    dates(r)


def home(r: Renderer) -> None:
    latest = r.site.issues[0] if r.site.issues else None
    r.page(
        "home.html",
        urls.HOME,
        title=r.site.config.title,
        latest=latest,
        page_items=r.page_items(latest) if latest else {},
        calendar=r.year_calendar(latest.date.year) if latest else [],
        monthly_chart=r.monthly_chart(urls.HOME),
    )


def dates(r: Renderer) -> None:
    issues = r.site.issues
    years = r.site.years
    r.page(
        "archive.html",
        urls.ARCHIVE,
        title="往期",
        years=years,
        monthly_chart=r.monthly_chart(urls.ARCHIVE),
        counts={y: sum(1 for i in issues if i.date.year == y) for y in years},
    )
    for k, year in enumerate(years):
        r.page(
            "year.html",
            urls.year_url(year),
            title=f"{year}年",
            year=year,
            calendar=r.year_calendar(year),
            newer=years[k - 1] if k > 0 else None,
            older=years[k + 1] if k + 1 < len(years) else None,
        )
    by_month: dict[tuple[int, int], list[Issue]] = {}
    for issue in reversed(issues):  # oldest first within a month
        by_month.setdefault((issue.date.year, issue.date.month), []).append(issue)
    months = sorted(by_month, reverse=True)
    for k, (year, month) in enumerate(months):
        in_month = by_month[(year, month)]
        r.page(
            "month.html",
            urls.month_url(year, month),
            title=f"{year}年{month}月",
            year=year,
            month=month,
            weeks=month_weeks(year, month, r.issue_dates),
            issues=in_month,
            item_counts={i.date: sum(len(r.site.items[p.source]) for p in i.pages) for i in in_month},
            newer=months[k - 1] if k > 0 else None,
            older=months[k + 1] if k + 1 < len(months) else None,
        )
