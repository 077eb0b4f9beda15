"""The build pipeline, one stage after another: read ``build`` top to bottom.

    discover → read → segment → place → assemble → plan (theme) → write

Each stage takes the previous stage's result as arguments and returns a new one; nothing is
shared through globals. Problems in the input are collected as the stages go; the build goes on
without the faulty files (a mistyped setting is left out, a missing theme gives way to the default
one, a broken template override to the theme's template) and the caller exits non-zero at the end,
listing the files it could not read. With ``strict``, the build stops after the first stage that
found an error or warning, before anything is written; without a content folder it always does.

The expensive stages run on ``workers`` processes: segmenting pages the cache does not know, and
the jobs that render pages and build search shards (jobs.py), which skip everything whose inputs
did not change since the last build.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

from sitegen import writer
from sitegen.assemble import PageItems, Site, assemble
from sitegen.cache import ReadIndex, SegmentCache, Stamp, cache_key, file_stamp, text_hash
from sitegen.config import SiteConfig
from sitegen.errors import SitegenError, count_errors, display_path, plural, printable
from sitegen.fingerprint import code_fingerprint, config_fingerprint, digest, files_fingerprint
from sitegen.jobs import JobsResult, collecting, run_jobs, start_worker
from sitegen.model import Cut, Item, Page
from sitegen.progress import Advance, Report, StageStat
from sitegen.regions import assign_regions
from sitegen.render import plan_site
from sitegen.segment import SEGMENTER_VERSION, cut_text
from sitegen.segment.frontmatter import read_sections
from sitegen.slugs import slugify, unique_slugs
from sitegen.sources import MAX_PAGE_MB, IssueInfo, discover, read_pages, read_text
from sitegen.theme import DEFAULT_THEME, Theme, load_theme
from sitegen.urls import item_base
from sitegen.writer import output_problem


@dataclass(frozen=True)
class BuildResult:
    pages: int = 0
    items: int = 0
    problems: tuple[SitegenError, ...] = ()
    write: JobsResult | None = None  # None: output/ was not touched
    strict: bool = False
    stopped_at: str | None = None  # the stage a --strict build stopped after
    stages: tuple[StageStat, ...] = ()
    uncertain: int = 0  # items whose cut the segmenter doubts (sitegen review lists them)
    errors: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "errors", count_errors(self.problems, strict=self.strict))

    def summary(self, output: Path, elapsed: float) -> str:
        """What a build ends with: counts, files written, errors and warnings, time; then the files
        that could not be read and were left out, one a line, so that none goes unnoticed."""
        text = f"{plural(self.pages, 'page')}, {plural(self.items, 'item')}"
        if self.uncertain:  # the segmenter's doubts, for an editor to check
            text += f" ({self.uncertain:,} uncertain: see sitegen review)"
        if self.write is not None:
            w = self.write
            text += f"; files: {w.written} written, {w.unchanged} unchanged, {w.removed} removed"
        else:
            text += f"; stopped after {self.stopped_at}: {output} left untouched"
        warnings = sum(1 for p in self.problems if p.severity == "warning")
        text += f"; {plural(self.errors, 'error')}, {plural(warnings, 'warning')} ({elapsed:.2f} s)"
        return "\n".join([text, *left_out_lines(self.problems)])


def left_out_lines(problems: Sequence[SitegenError]) -> list[str]:
    """What was not built, by why: ``not built: N files could not be read`` and one ``  path: message``
    line per file; then the folders and files named so that they cannot be placed; then the pages
    skipped."""
    by_reason: dict[str, dict[str, SitegenError]] = {"unreadable": {}, "misnamed": {}, "skipped": {}}
    for p in problems:
        if p.left_out and p.path is not None:
            by_reason[p.left_out].setdefault(display_path(p.path), p)
    lines = []
    for reason, left in by_reason.items():
        if not left:
            continue
        if reason == "unreadable":
            what = f"{plural(len(left), 'file')} could not be read"
        elif reason == "misnamed":
            folders = sum(1 for p in left.values() if Path(p.path or "").is_dir())
            what = " and ".join(
                filter(
                    None,
                    (
                        folders and f"{plural(folders, 'folder')} not named by a date",
                        len(left) - folders and f"{plural(len(left) - folders, 'file')} not named by a page number",
                    ),
                )
            )
        else:
            what = f"{plural(len(left), 'page')} skipped"
        lines += [f"not built: {what} (see above):", *(printable(f"  {path}: {p.message}") for path, p in left.items())]
    return lines


def build(
    source: Path,
    output: Path,
    config: SiteConfig,
    *,
    strict: bool = False,
    cache_dir: Path | None = None,
    workers: int = 1,
    report: Report | None = None,
) -> BuildResult:
    """Build the site for the archive in ``source`` into ``output``."""
    run = _Run(strict, report or Report("quiet"), list(config.problems))  # settings left out come first
    was_collecting = gc.isenabled()
    # The build makes millions of objects (a quarter million jobs at 100,000 items) and next to no garbage
    # in cycles: the collector, run over and over on that growing heap, cost half the plan and a second of
    # the write stage. It runs only where pages are cut or rendered (jobs.collecting).
    gc.disable()
    try:
        return _build(run, source, output, config, cache_dir, workers)
    except _Stopped as stopped:
        return run.result(stopped_at=stopped.stage)
    finally:
        if was_collecting:
            gc.enable()


class _Stopped(Exception):
    """The build ends after ``stage`` with output/ untouched (its problems are in the run)."""

    def __init__(self, stage: str) -> None:
        super().__init__(stage)
        self.stage = stage


@dataclass
class _Run:
    """What a build has found so far: its problems and the counts its result reports."""

    strict: bool
    report: Report
    problems: list[SitegenError]
    pages: int = 0
    items: int = 0
    uncertain: int = 0

    def check(self, stage: str) -> None:
        """Under --strict, stop after a stage that found an error or a warning."""
        if self.strict and count_errors(self.problems, strict=True):
            raise _Stopped(stage)

    def stop(self, stage: str, problem: SitegenError) -> NoReturn:
        """Stop after ``stage`` for ``problem``, writing nothing."""
        self.problems.append(problem)
        raise _Stopped(stage)

    def result(self, write: JobsResult | None = None, stopped_at: str | None = None) -> BuildResult:
        return BuildResult(
            self.pages,
            self.items,
            tuple(self.problems),
            write,
            strict=self.strict,
            stopped_at=stopped_at,
            stages=tuple(self.report.stages),
            uncertain=self.uncertain,
        )


def _build(
    run: _Run, source: Path, output: Path, config: SiteConfig, cache_dir: Path | None, workers: int
) -> BuildResult:
    """discover → read → (nothing changed? done) → segment → place → assemble → plan → write."""
    report, problems = run.report, run.problems
    with report.stage("discover", unit="page") as advance:
        found = discover(source, follow_symlinks=config.follow_symlinks)
        advance(len(found.pages))
    problems += found.problems
    run.check("discover")
    if not source.is_dir():  # a mistyped --source: an empty site must not replace the one in output/
        raise _Stopped("discover")

    with report.stage("read", len(found.pages), unit="page") as advance:
        pages, read_problems = read_changed(found.pages, ReadIndex(cache_dir), config.max_page_mb)
        pages = key_pages(pages, config)
        advance(len(pages))
    problems += read_problems
    run.pages = len(pages)
    run.check("read")

    root = archive_root(source, config)
    if refused := output_problem(output, source, root):
        run.stop("read", refused)
    try:
        theme = choose_theme(config, root, problems)
    except SitegenError as exc:  # not even the default theme: write nothing
        run.stop("read", exc)
    base = base_key(config, theme)
    inputs = inputs_digest(base, theme, pages, found.issues)
    known = len(problems)  # what every build reports again; later stages' problems are counted below
    with report.stage("check", unit="file") as advance:
        manifest = writer.read_manifest(output)  # read once: the write stage reuses it if still current
        unchanged = unchanged_output(output, manifest, inputs)
        advance(unchanged[0].files if unchanged else 0)
    if unchanged is not None and not run.strict:
        return _unchanged(run, output, config, *unchanged)

    with report.stage("segment", len(pages), unit="page") as advance:
        segmented, segment_problems = segment_pages(pages, config, SegmentCache(cache_dir), workers, advance)
    problems += segment_problems
    run.check("segment")

    with _hold_output(run, output) as prelink:
        with report.stage("place", unit="item") as advance:
            placed, clashes = separate(place(segmented))
            run.pages, run.items = len(placed), sum(len(items) for _, items in placed)
            uncertain = sum(item.uncertain for _, items in placed for item in items)
            advance(run.items)
        problems += clashes
        # The items hold all that is needed of the pages' text from here on, and the worker processes
        # forked later would each carry it: let it go (a quarter of the memory at 100,000 items).
        placed = tuple((replace(page, text=""), items) for page, items in placed)
        del pages, segmented
        run.check("place")

        with report.stage("assemble", unit="item") as advance:
            site = assemble(placed, found.issues, config)
            advance(run.items)
        problems += _config_notes(config)
        counts = {"pages": run.pages, "items": run.items, "uncertain": uncertain}
        written = _plan_and_write(run, site, theme, base, output, workers, inputs, counts, known, manifest, prelink)
    run.uncertain = uncertain
    problems += written.problems
    return run.result(written)


def _unchanged(run: _Run, output: Path, config: SiteConfig, written: JobsResult, counts: dict[str, int]) -> BuildResult:
    """Nothing the site is made from changed, and every file of the last build stands: that build found no
    problem past this point, so there is nothing to segment, plan, report or write."""
    try:
        writer.tidy(output)  # what a build killed after its swap left beside the output
    except SitegenError as exc:
        run.problems.append(exc)
    except OSError as exc:
        run.problems.append(
            SitegenError(f"could not remove what an earlier build left: {exc}", path=output, severity="warning")
        )
    run.pages, run.items, run.uncertain = counts.get("pages", 0), counts.get("items", 0), counts.get("uncertain", 0)
    run.problems += _config_notes(config)
    return run.result(written)


def _hold_output(run: _Run, output: Path) -> writer.Prelink:
    """The output's lock, and the work folder made a copy of its old files in links while the build plans."""
    try:
        return writer.Prelink(output)
    except SitegenError as exc:
        run.stop("segment", exc)
    except OSError as exc:
        run.stop(
            "segment",
            SitegenError(
                f"could not prepare the site: {exc.strerror or exc}",
                path=output,
                hint="check that the folder holding the output can be written, then build again",
            ),
        )


def _plan_and_write(
    run: _Run,
    site: Site,
    theme: Theme,
    base: str,
    output: Path,
    workers: int,
    inputs: str,
    counts: dict[str, int],
    known: int,
    manifest: writer.Manifest,
    prelink: writer.Prelink,
) -> JobsResult:
    """The jobs the theme makes of the site, run into output/ (only those whose inputs changed)."""
    try:
        with run.report.stage("plan", unit="job") as advance:
            jobs = plan_site(site, theme, base)
            advance(len(jobs))
    except SitegenError as exc:  # a theme or template bug: write nothing
        run.stop("plan", exc)
    try:
        with run.report.stage("write", len(jobs), unit="job") as advance:
            later = sum(1 for p in run.problems[known:] if p.severity != "note")
            return run_jobs(
                jobs,
                output,
                workers=workers,
                progress=advance,
                inputs=inputs,
                counts={**counts, "problems": later},
                manifest=manifest,
                prelink=prelink,
            )
    except SitegenError as exc:  # a template bug met while rendering, or two items on one path
        run.stop("write", exc)


def _config_notes(config: SiteConfig) -> list[SitegenError]:
    if config.base_url:
        return []
    return [
        SitegenError(
            "no base_url: Atom feeds and sitemap.xml are left out (they need absolute addresses)",
            path=config.path,
            severity="note",
            hint='set base_url = "https://…/" in sitegen.toml',
        )
    ]


def inputs_digest(base: str, theme: Theme, pages: Sequence[Page], issues: Mapping[dt.date, IssueInfo]) -> str:
    """Everything the site is made from: code, settings and templates (``base``), the theme's static
    files, every page's place, name and digest, and what issue.toml says."""
    h = hashlib.blake2b(base.encode(), digest_size=16)
    h.update(files_fingerprint(theme.static_dirs()).encode())
    h.update(repr([t.name for t in theme.chain]).encode())
    for page in pages:  # the digest covers the text and how it is cut (see key_pages)
        h.update(repr((page.source, page.date, page.number, page.name, page.format, page.digest)).encode())
    for date in sorted(issues):
        info = issues[date]
        h.update(repr((date, info.edition, sorted(info.page_names.items()))).encode())
    return h.hexdigest()


def unchanged_output(output: Path, manifest: writer.Manifest, inputs: str) -> tuple[JobsResult, dict[str, int]] | None:
    """The last build's figures and counts, if it was made from exactly ``inputs``, reported no problem past the
    read stage, and all its files are still in ``output``; None otherwise."""
    if manifest.inputs != inputs or manifest.counts.get("problems", 1) != 0:
        return None
    root = str(output.resolve()) + os.sep
    paths = [p for _, files in manifest.jobs.values() for p in files]
    if not all(os.path.isfile(root + p) for p in paths):
        return None
    return JobsResult(
        jobs=len(manifest.jobs), ran=0, written=0, unchanged=len(paths), removed=0, bytes_written=0, files=len(paths)
    ), manifest.counts


def choose_theme(config: SiteConfig, archive: Path, problems: list[SitegenError]) -> Theme:
    """The configured theme, less the archive's own templates that do not parse. A theme that cannot
    be found gives way to the default theme, and a broken override to the theme's template, each
    reported as an error: one typo in a setting or a template must not keep a whole archive offline."""
    try:
        theme = load_theme(config.theme, archive, config_path=config.path)
    except SitegenError as exc:
        if config.theme == DEFAULT_THEME:
            raise
        problems.append(
            SitegenError(
                f"{exc.message}; the site is built with the {DEFAULT_THEME} theme",
                path=exc.path,
                line=exc.line,
                hint=exc.hint,
            )
        )
        theme = load_theme(DEFAULT_THEME, archive, config_path=config.path)
    theme, broken = theme.without_broken_overrides()
    problems.extend(broken)
    return theme


def base_key(config: SiteConfig, theme: Theme) -> str:
    """What every page depends on: sitegen's code, the settings, the theme's templates."""
    return digest(
        code_fingerprint().encode(),
        config_fingerprint(config).encode(),
        theme.name.encode(),
        files_fingerprint(theme.template_dirs()).encode(),
    )


def archive_root(source: Path, config: SiteConfig) -> Path:
    """The folder holding sitegen.toml and the archive's own `templates/`, `static/`, `themes/`."""
    return config.path.parent if config.path is not None else source.parent


# --- read ---------------------------------------------------------------------------------------------


# A file changed this recently may change again within the grain of its timestamps: it is read again.
SETTLED_NS = 2_000_000_000


def read_changed(
    pages: Sequence[Page], index: ReadIndex, limit_mb: int = MAX_PAGE_MB
) -> tuple[tuple[Page, ...], tuple[SitegenError, ...]]:
    """Each page with its text and `text_hash`, but for a page whose file has the size, times, inode and
    device the index saw when it last read it without a problem: that page comes with its `text_hash`
    alone, unread (its text is read only if its cut items are not in the cache). Pages read with a
    problem are never remembered, so their problems are reported by every build."""
    known = index.load()
    now = time.time_ns()
    stamps: dict[Path, Stamp] = {}
    kept: dict[Path, Page] = {}
    for page in pages:
        try:
            stamp = file_stamp(page.path.stat())  # before reading: a change after it changes the stamp
        except OSError:
            continue  # read_pages reports it
        entry = known.get(str(page.path))
        if entry is not None and entry[0] == stamp:
            kept[page.path] = replace(page, text_hash=entry[1])
        elif now - max(stamp[1], stamp[2]) > SETTLED_NS:
            stamps[page.path] = stamp
    read, problems = read_pages([page for page in pages if page.path not in kept], limit_mb=limit_mb)
    troubled = {problem.path for problem in problems}
    remembered = {str(path): (known[str(path)][0], page.text_hash) for path, page in kept.items()}
    fresh: dict[Path, Page] = {}
    for page in read:
        page = fresh[page.path] = replace(page, text_hash=text_hash(page.text))
        if page.path in stamps and page.path not in troubled:
            remembered[str(page.path)] = (stamps[page.path], page.text_hash)
    if remembered != known:
        index.save(remembered)
    return tuple(
        kept.get(page.path) or fresh[page.path] for page in pages if page.path in kept or page.path in fresh
    ), problems


def _text_of(page: Page) -> str:
    """The page's text, read now if the read index spared reading it. Raises SitegenError if it cannot be."""
    return page.text if page.text or not page.text_hash else read_text(page.path)


# --- segment ------------------------------------------------------------------------------------------


def key_pages(pages: Sequence[Page], config: SiteConfig) -> tuple[Page, ...]:
    """Each page with its `digest` (the segment cache key): one hash of each text, used both to find the
    page's cut items and in the digest of the build's inputs. Pages that have one keep it."""
    return tuple(
        page
        if page.digest
        else replace(
            page,
            digest=cache_key(
                page.text_hash or text_hash(page.text),
                markdown=_markdown(page),
                columns=config.columns,
                version=SEGMENTER_VERSION,
                home_province=config.home_province,
            ),
        )
        for page in pages
    )


def _markdown(page: Page) -> bool | None:
    return True if page.format == "md" else None  # None: let the segmenter detect Markdown


def segment_pages(
    pages: Sequence[Page],
    config: SiteConfig,
    cache: SegmentCache,
    workers: int = 1,
    advance: Advance | None = None,
) -> tuple[tuple[PageItems, ...], tuple[SitegenError, ...]]:
    """Cut every page into items with their regions, reusing cached results for unchanged pages.

    Each page comes back with its `digest`, the cache key, which names everything its items depend on."""
    keyed = [(page, _markdown(page)) for page in key_pages(pages, config)]
    found: dict[str, Cut | None] = {page.digest: cache.get(page.digest) for page, _ in keyed}
    missing: dict[str, tuple[str, bool | None]] = {}
    unread: dict[str, SitegenError] = {}
    uncached: set[str] = set()
    for page, markdown in keyed:
        if found[page.digest] is not None or page.digest in missing:
            continue
        try:
            text = _text_of(page)  # a page the read index spared reading: its items are needed now
        except SitegenError as exc:
            unread[page.digest] = exc
            continue
        if not page.text and page.text_hash and text_hash(text) != page.text_hash:  # changed since: not cached
            uncached.add(page.digest)
        missing[page.digest] = (text, markdown)
    if advance:
        advance(len(pages) - len(missing))
    tasks = [(text, markdown, tuple(config.columns), config.home_province) for text, markdown in missing.values()]
    failures: dict[str, Exception] = {}
    with collecting():
        for key, result in zip(missing, _map(cut_page, tasks, workers), strict=True):
            if isinstance(result, Exception):
                failures[key] = result
            else:
                found[key] = result
                if key not in uncached:
                    cache.put(key, result)
            if advance:
                advance(1)
    results: list[PageItems] = []
    problems: list[SitegenError] = []
    for page, _ in keyed:
        cut = found.get(page.digest)
        if page.digest in unread:
            problems.append(unread[page.digest])
        elif page.digest in failures:  # a segmenter bug on one page must not stop a year's archive
            problems.append(_stage_failure("segmenter", failures[page.digest], page))
        elif cut is not None:
            results.append((replace(page, furniture=cut.furniture) if cut.furniture else page, cut.items))
    if cache.damaged and cache.folder is not None:
        problems.append(
            SitegenError(
                f"{len(cache.damaged):,} damaged {'entry' if len(cache.damaged) == 1 else 'entries'} of the "
                "segmentation cache ignored; those pages were cut again",
                path=cache.folder,
                severity="note",
                hint="nothing to do; delete the folder if this happens often",
            )
        )
    return tuple(results), tuple(problems)


def cut_page(task: tuple[str, bool | None, tuple[str, ...], str]) -> Cut | Exception:
    """One page's items with regions, and its furniture (runs in a worker); an exception is returned,
    to be reported.

    What an item's front matter gives (a `.md` page of item files) is kept: its region and county,
    and its slug, so that an item put back as content is published at the same address."""
    text, markdown, columns, home = task
    try:
        page_cut = cut_text(text, markdown=markdown, columns=columns)
        cut = page_cut.items
        # Per page: a page about one city lends that city to items that only say 市.
        found = assign_regions([item for item, _ in cut], home)
        placed = [item if given.place else place for (item, given), place in zip(cut, found, strict=True)]
        # Slugs are unique within a page, so they are made here, in the worker, and cached with the items.
        fixed = [given.slug for _, given in cut if given.slug]
        made = iter(
            unique_slugs(
                (
                    slugify(item.title or _opening(item.body))
                    for item, (_, given) in zip(placed, cut, strict=True)
                    if not given.slug
                ),
                fixed,
            )
        )
        slugs = [given.slug or next(made) for _, given in cut]
        items = tuple(replace(item, slug=slug) for item, slug in zip(placed, slugs, strict=True))
        return Cut(items, page_cut.furniture)
    except Exception as exc:
        return exc


def _map(function: Callable[[Any], Any], tasks: list[Any], workers: int) -> Iterator[Any]:
    if workers <= 1 or len(tasks) < 4 * workers or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, tasks)
        return
    with multiprocessing.get_context("fork").Pool(workers, start_worker, (os.getpid(),)) as pool:
        yield from pool.imap(function, tasks, chunksize=4)


def _stage_failure(stage: str, exc: Exception, page: Page) -> SitegenError:
    return SitegenError(
        f"the {stage} failed on this page: {type(exc).__name__}: {exc}",
        path=page.path,
        hint="save the page as .md cut by hand, and report the bug with this page",
        left_out="skipped",
    )


# --- place -------------------------------------------------------------------------------------------


def place(segmented: Sequence[PageItems]) -> tuple[PageItems, ...]:
    """Give each item its date, page, position and source."""
    results: list[PageItems] = []
    for page, items in segmented:
        placed = tuple(
            replace(item, date=page.date, page=page.number, seq=seq, source=page.source)
            for seq, item in enumerate(items, start=1)
        )
        results.append((page, placed))
    return tuple(results)


def separate(placed: Sequence[PageItems]) -> tuple[tuple[PageItems, ...], list[SitegenError]]:
    """Items of one page given the same slug in their front matter would be written to one file,
    the later over the earlier: the later gets a free slug, and an error names both."""
    results: list[PageItems] = []
    problems: list[SitegenError] = []
    for page, items in placed:
        slugs = [item.slug for item in items]
        if len(set(slugs)) == len(slugs):
            results.append((page, items))
            continue
        taken = {s for s in slugs if s}
        seen: dict[str, int] = {}  # slug → how many items gave it so far
        lines = _slug_lines(page)  # once a page: a page of 1,000 items with one slug stays linear
        free_slugs: dict[str, Iterator[str]] = {}
        kept: list[Item] = []
        for item in items:
            if item.slug is not None and item.slug in seen:
                seen[item.slug] += 1
                free = next(free_slugs.setdefault(item.slug, _free_slugs(item.slug, taken)))
                taken.add(free)
                problems.append(_clash(page, item, seen[item.slug], free, lines.get(item.slug, [])))
                item = replace(item, slug=free)
            seen.setdefault(item.slug or "", 1)
            kept.append(item)
        results.append((page, tuple(kept)))
    return tuple(results), problems


def _free_slugs(slug: str, taken: set[str]) -> Iterator[str]:
    """``slug-2``, ``slug-3``… that are not ``taken`` (the set grows as they are given out)."""
    n = 1
    while True:
        n += 1
        if f"{slug}-{n}" not in taken:
            yield f"{slug}-{n}"


def _slug_lines(page: Page) -> dict[str, list[int]]:
    """Slug → the lines of the page's front matter that give it."""
    try:
        text = _text_of(page)
    except SitegenError:  # gone since it was cut: the errors name the page without its lines
        return {}
    lines: dict[str, list[int]] = {}
    for section in read_sections(text).sections:
        if section.meta and section.meta.get("slug"):
            lines.setdefault(section.meta["slug"], []).append(section.key_lines.get("slug", section.line))
    return lines


def _clash(page: Page, item: Item, nth: int, free: str, lines: list[int]) -> SitegenError:
    """The error for the ``nth`` item of ``page`` to give ``item.slug``, given on ``lines``."""
    name = display_path(page.path)
    # The first item to give the slug and this one; of more, only how many (1,000 would make a long message).
    shown = [lines[0], lines[nth - 1]] if len(lines) >= nth else lines[:1]
    more = len(lines) - len(shown)
    where = " and ".join(f"{name}:{line}" for line in shown) + (f", and {more} more" if more > 0 else "")
    return SitegenError(
        f"two items would be written to output/{item_base(item)}.html: their front matter gives both "
        f'slug "{item.slug}" ({where or name})',
        path=page.path,
        line=lines[nth - 1] if len(lines) >= nth else None,
        hint=f"give one of them another slug; meanwhile the later one is published as {free}.html",
    )


def _opening(body: str, length: int = 16) -> str:
    """The first words of a body, to name an item that has no title at all."""
    return " ".join(body.split())[:length]
