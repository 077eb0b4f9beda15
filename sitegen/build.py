"""The build pipeline, one stage after another: read ``build`` top to bottom.

    discover → read → segment → enrich → assemble → render → write

Each stage takes the previous stage's result as arguments and returns a new
one; nothing is shared through globals. Problems in the input are collected as
the stages go; the build goes on without the faulty files and the caller
exits non-zero at the end. With ``strict``, the build stops after the first
stage that found an error or warning, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
from markupsafe import Markup

from sitegen.cache import SegmentCache, cache_key
from sitegen.config import SiteConfig
from sitegen.errors import SitegenError, count_errors
from sitegen.markdown import body_html, item_markdown
from sitegen.model import Issue, Item, Page
from sitegen.regions import assign_regions
from sitegen.segment import SEGMENTER_VERSION, segment_text
from sitegen.slugs import slugify, unique_slugs
from sitegen.sources import IssueInfo, discover, read_pages
from sitegen.writer import OutputFile, WriteResult, collect_files, write_output

# One page's items, in page order.
PageItems = tuple[Page, tuple[Item, ...]]


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs: issues newest first, and each page's items by ``page.source``."""

    config: SiteConfig
    issues: tuple[Issue, ...]
    items: Mapping[str, tuple[Item, ...]]


@dataclass(frozen=True)
class BuildResult:
    pages: int = 0
    items: int = 0
    problems: tuple[SitegenError, ...] = ()
    write: WriteResult | None = None  # None: output/ was not touched
    strict: bool = False
    stopped_at: str | None = None  # the stage a --strict build stopped after
    errors: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "errors", count_errors(self.problems, strict=self.strict))


def build(
    source: Path,
    output: Path,
    config: SiteConfig,
    *,
    strict: bool = False,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Build the site for the archive in ``source`` into ``output``."""
    problems: list[SitegenError] = []

    def stop(stage: str, pages: int = 0, items: int = 0) -> BuildResult | None:
        """Under --strict, the result to return if this stage found a problem."""
        if strict and count_errors(problems, strict=True):
            return BuildResult(pages, items, tuple(problems), strict=True, stopped_at=stage)
        return None

    found = discover(source)
    problems += found.problems
    if halt := stop("discover"):
        return halt

    pages, read_problems = read_pages(found.pages)
    problems += read_problems
    if halt := stop("read", len(pages)):
        return halt

    segmented, segment_problems = segment_pages(pages, config, SegmentCache(cache_dir))
    problems += segment_problems
    if halt := stop("segment", len(pages)):
        return halt

    placed, enrich_problems = enrich(segmented, config)
    problems += enrich_problems
    item_count = sum(len(items) for _, items in placed)
    if halt := stop("enrich", len(placed), item_count):
        return halt

    site = assemble(placed, found.issues, config)
    try:
        files = collect_files(render(site))
    except SitegenError as exc:  # two items claim one output path: write nothing
        problems.append(exc)
        return BuildResult(len(placed), item_count, tuple(problems), strict=strict, stopped_at="render")

    written = write_output(output, files)
    return BuildResult(len(placed), item_count, tuple(problems), written, strict=strict)


# --- segment ------------------------------------------------------------------------------------------


def segment_pages(
    pages: Sequence[Page], config: SiteConfig, cache: SegmentCache
) -> tuple[tuple[PageItems, ...], tuple[SitegenError, ...]]:
    """Cut every page into items, reusing cached results for unchanged pages."""
    results: list[PageItems] = []
    problems: list[SitegenError] = []
    for page in pages:
        markdown = True if page.format == "md" else None  # None: let the segmenter detect Markdown
        key = cache_key(page.text, markdown=markdown, columns=config.columns, version=SEGMENTER_VERSION)
        items = cache.get(key)
        if items is None:
            try:
                items = segment_text(page.text, markdown=markdown, columns=config.columns)
            except Exception as exc:  # a segmenter bug on one page must not stop a year's archive
                problems.append(_stage_failure("segmenter", exc, page))
                continue
            cache.put(key, items)
        results.append((page, tuple(items)))
    return tuple(results), tuple(problems)


def _stage_failure(stage: str, exc: Exception, page: Page) -> SitegenError:
    return SitegenError(
        f"the {stage} failed on this page: {type(exc).__name__}: {exc}",
        path=page.path,
        hint="save the page as .md cut by hand, and report the bug with this page",
    )


# --- enrich -------------------------------------------------------------------------------------------


def enrich(
    segmented: Sequence[PageItems], config: SiteConfig
) -> tuple[tuple[PageItems, ...], tuple[SitegenError, ...]]:
    """Give each item its region, date, page, position, source and slug."""
    results: list[PageItems] = []
    problems: list[SitegenError] = []
    for page, items in segmented:
        try:
            # Per page: a page about one city lends that city to items that only say 市.
            with_regions = assign_regions(items, config.home_province)
        except Exception as exc:  # as in segment_pages: report it and go on with the other pages
            problems.append(_stage_failure("region finder", exc, page))
            with_regions = tuple(items)
        slugs = unique_slugs(slugify(item.title or _opening(item.body)) for item in with_regions)
        placed = tuple(
            replace(item, date=page.date, page=page.number, seq=seq, source=page.source, slug=slug)
            for seq, (item, slug) in enumerate(zip(with_regions, slugs, strict=True), start=1)
        )
        results.append((page, placed))
    return tuple(results), tuple(problems)


def _opening(body: str, length: int = 16) -> str:
    """The first words of a body, to name an item that has no title at all."""
    return " ".join(body.split())[:length]


# --- assemble -----------------------------------------------------------------------------------------


def assemble(placed: Iterable[PageItems], issues: Mapping[dt.date, IssueInfo], config: SiteConfig) -> Site:
    """Group pages into issues, newest issue first, pages in page order."""
    by_date: dict[dt.date, list[Page]] = {}
    items: dict[str, tuple[Item, ...]] = {}
    for page, page_items in placed:
        by_date.setdefault(page.date, []).append(page)
        items[page.source] = page_items
    built = tuple(
        Issue(
            date=date,
            pages=tuple(sorted(pages, key=lambda p: p.number)),
            edition=issues.get(date, IssueInfo()).edition,
        )
        for date, pages in sorted(by_date.items(), reverse=True)
    )
    return Site(config=config, issues=built, items=items)


# --- render -------------------------------------------------------------------------------------------
# Plain pages for now: one per item plus an index. The themed site replaces these templates later.

_ITEM_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ config.language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · {{ config.title }}</title>
</head>
<body>
<nav><a href="{{ root }}index.html">{{ config.title }}</a> › {{ date_label }} 第{{ page_label }}版\
{% if page_name %} {{ page_name }}{% endif %}</nav>
<article class="item item-{{ item.kind }}">
<header>
{% if item.kicker %}<p class="kicker">{{ item.kicker }}</p>
{% endif %}
<h1>{{ title }}</h1>
{% if item.subtitle %}<p class="subtitle">{{ item.subtitle }}</p>
{% endif %}
<dl class="meta">
{% if item.column %}<dt>栏目</dt><dd>{{ item.column }}</dd>
{% endif %}
{% if item.credits %}<dt>作者</dt><dd>\
{% for credit in item.credits %}{{ credit.role }} {{ credit.name }}\
{% if not loop.last %}　{% endif %}{% endfor %}</dd>
{% endif %}
{% if region %}<dt>地区</dt><dd>{{ region }}</dd>
{% endif %}
<dt>日期</dt><dd><time datetime="{{ item.date.isoformat() }}">{{ date_label }}</time> 第{{ page_label }}版\
{% if page_name %}（{{ page_name }}）{% endif %}</dd>
</dl>
</header>
{{ body }}
<footer><p><a href="{{ item.slug }}.md">Markdown</a></p></footer>
</article>
</body>
</html>
"""

_INDEX_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ config.language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ config.title }}</title>
</head>
<body>
<h1>{{ config.title }}</h1>
{% for issue in issues %}
<section>
<h2><time datetime="{{ issue.date.isoformat() }}">{{ date_label(issue.date) }}</time>\
{% if issue.edition %} 第{{ issue.edition }}期{% endif %}</h2>
{% for page in issue.pages %}
<h3>第{{ '%02d' % page.number }}版{% if page.name %} {{ page.name }}{% endif %}</h3>
<ul>
{% for item in items[page.source] %}
<li><a href="{{ item_path(item) }}.html">{{ display_title(item) }}</a>\
{% if item.column %} 〔{{ item.column }}〕{% endif %}\
{% if item.authors %} {{ item.authors | join('、') }}{% endif %}</li>
{% endfor %}
</ul>
{% endfor %}
</section>
{% endfor %}
</body>
</html>
"""

_ENV = jinja2.Environment(
    autoescape=True,  # every value from the page text is escaped; only body HTML is marked safe
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(site: Site) -> list[OutputFile]:
    """Every file of the site: per item ``<slug>.md`` and ``<slug>.html``, plus ``index.html``."""
    item_template = _ENV.from_string(_ITEM_TEMPLATE)
    files: list[OutputFile] = []
    for issue in site.issues:
        for page in issue.pages:
            for item in site.items[page.source]:
                path = item_path(item)
                files.append(OutputFile(f"{path}.md", item_markdown(item).encode("utf-8"), page.source))
                html = item_template.render(
                    config=site.config,
                    item=item,
                    title=display_title(item),
                    root="../" * path.count("/"),
                    date_label=date_label(page.date),
                    page_label=f"{page.number:02d}",
                    page_name=page.name,
                    region=" ".join(p for p in (item.region, item.county) if p),
                    body=Markup(body_html(item.body)),  # safe: body_html escapes any HTML in the text
                )
                files.append(OutputFile(f"{path}.html", html.encode("utf-8"), page.source))
    index = _ENV.from_string(_INDEX_TEMPLATE).render(
        config=site.config,
        issues=site.issues,
        items=site.items,
        item_path=item_path,
        display_title=display_title,
        date_label=date_label,
    )
    files.append(OutputFile("index.html", index.encode("utf-8"), "index"))
    return files


def item_path(item: Item) -> str:
    """``YYYY/MM/DD/NN/<slug>`` (no extension), relative to output/."""
    if item.date is None or item.page is None or item.slug is None:
        raise ValueError(f"item not placed in the archive yet: {item.title!r}")
    return f"{item.date:%Y/%m/%d}/{item.page:02d}/{item.slug}"


def display_title(item: Item) -> str:
    return item.title or "（无题）"


def date_label(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"
