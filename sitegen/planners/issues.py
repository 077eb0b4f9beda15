"""Pages of each issue: the issue, its 版面 pages, and every article with its Markdown file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sitegen import urls
from sitegen.assemble import related
from sitegen.citation import gbt7714
from sitegen.markdown import body_html, item_markdown
from sitegen.model import Issue, Item, Page
from sitegen.render import credits_by_role, date_label, page_label

if TYPE_CHECKING:
    from sitegen.render import Renderer


def plan(r: Renderer) -> None:
    for n, one in enumerate(r.site.issues):
        issue_pages(r, n, one)


def issue_pages(r: Renderer, index: int, issue: Issue) -> None:
    """The issue's page, each of its 版面 pages, and each article of those pages."""
    issues = r.site.issues
    newer = issues[index - 1] if index > 0 else None
    older = issues[index + 1] if index + 1 < len(issues) else None
    r.page(
        "issue.html",
        urls.issue_url(issue.date),
        title=date_label(issue.date),
        issue=issue,
        newer=newer,
        older=older,
        page_items=r.page_items(issue),
    )
    reading = r.site.issue_items(issue)
    n = 0  # the item's place in `reading`, which runs page by page in the order of the loop below
    for k, page in enumerate(issue.pages):
        r.page(
            "page.html",
            urls.page_url(issue.date, page.number),
            title=f"{date_label(issue.date)} {page_label(page)}",
            issue=issue,
            page=page,
            items=r.site.items[page.source],
            prev_page=issue.pages[k - 1] if k > 0 else None,
            next_page=issue.pages[k + 1] if k + 1 < len(issue.pages) else None,
        )
        for item in r.site.items[page.source]:
            before = reading[n - 1] if n > 0 else None
            after = reading[n + 1] if n + 1 < len(reading) else None
            article(r, item, issue, page, before, after)
            n += 1


def article(r: Renderer, item: Item, issue: Issue, page: Page, before: Item | None, after: Item | None) -> None:
    """An article's page (with the items before and after it in reading order) and its Markdown file."""
    column = r.columns.get(item.column) if item.column else None
    region = r.regions.get(item.region) if item.region else None
    r.emit(urls.item_markdown_url(item), r.keys.key("markdown", item), lambda: item_markdown(item), page.source)

    def derived() -> dict[str, Any]:  # pure functions of the item: not part of the key
        return {
            "credits": credits_by_role(item),
            "body": Markup(body_html(item.body)),  # body_html escapes any HTML in the page text
            "citation": gbt7714(item, r.site.config.newspaper or r.site.config.title),
        }

    r.page(
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
