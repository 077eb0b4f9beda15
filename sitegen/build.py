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

import gc
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from sitegen import writer
from sitegen.assemble import assemble, place_items, separate
from sitegen.cache import ReadIndex, SegmentCache
from sitegen.config import SiteConfig
from sitegen.errors import SitegenError, count_errors, display_path, plural, printable
from sitegen.fingerprint import base_key, inputs_digest
from sitegen.jobs import JobsResult, run_jobs
from sitegen.model import PageItems, Site
from sitegen.progress import Report, StageStat
from sitegen.render import plan_site
from sitegen.segment.pages import key_pages, segment_pages
from sitegen.sources import discover, read_changed
from sitegen.theme import DEFAULT_THEME, Theme, load_theme
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
        texts, read_problems = read_changed(found.pages, ReadIndex(cache_dir), config.max_page_mb)
        texts = key_pages(texts, config)
        advance(len(texts))
    problems += read_problems
    run.pages = len(texts)
    run.check("read")

    theme = _theme(run, source, output, config)
    base = base_key(config, theme)
    inputs = inputs_digest(base, theme, [text.page for text in texts], found.issues)
    known = len(problems)  # what every build reports again; later stages' problems are counted below
    manifest, unchanged = _check(run, output, inputs)
    if unchanged is not None and not run.strict:
        return _unchanged(run, output, config, *unchanged)

    with report.stage("segment", len(texts), unit="page") as advance:
        segmented, segment_problems = segment_pages(texts, config, SegmentCache(cache_dir), workers, advance)
    problems += segment_problems
    del texts  # the pages and their hashes: the items hold all that is needed of them from here
    run.check("segment")

    with _hold_output(run, output) as prelink:
        placed, uncertain = _place(run, segmented)
        del segmented
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


def _theme(run: _Run, source: Path, output: Path, config: SiteConfig) -> Theme:
    """The theme to build with, once the output is known to be one sitegen may write."""
    root = archive_root(source, config)
    if refused := output_problem(output, source, root):
        run.stop("read", refused)
    try:
        return choose_theme(config, root, run.problems)
    except SitegenError as exc:  # not even the default theme: write nothing
        run.stop("read", exc)


def _place(run: _Run, segmented: Sequence[PageItems]) -> tuple[tuple[PageItems, ...], int]:
    """Each item its date, page, position and a slug of its own; and how many items are uncertain."""
    with run.report.stage("place", unit="item") as advance:
        placed, clashes = separate(place_items(segmented))
        run.pages, run.items = len(placed), sum(len(items) for _, items in placed)
        uncertain = sum(item.uncertain for _, items in placed for item in items)
        advance(run.items)
    run.problems += clashes
    return placed, uncertain


def _check(run: _Run, output: Path, inputs: str) -> tuple[writer.Manifest, tuple[JobsResult, dict[str, int]] | None]:
    """The last build's manifest (read once: the write stage reuses it if still current), and its figures
    if it was made from exactly ``inputs`` and all its files stand."""
    with run.report.stage("check", unit="file") as advance:
        manifest = writer.read_manifest(output)
        unchanged = unchanged_output(output, manifest, inputs)
        advance(unchanged[0].files if unchanged else 0)
    return manifest, unchanged


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


def archive_root(source: Path, config: SiteConfig) -> Path:
    """The folder holding sitegen.toml and the archive's own `templates/`, `static/`, `themes/`."""
    return config.path.parent if config.path is not None else source.parent
