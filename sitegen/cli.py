"""The ``sitegen`` command: ``sitegen build`` and ``sitegen segment``.

Problems are printed on stderr as ``path:line: message (hint)``, one a line,
so editors and CI logs can jump to them; results go to stdout.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from click.core import ParameterSource

from sitegen import __version__
from sitegen.cache import CACHE_DIR_NAME
from sitegen.config import CONFIG_NAME, SiteConfig, load_config
from sitegen.errors import SitegenError, count_errors, plural, printable
from sitegen.model import Cut, Item

if TYPE_CHECKING:
    from sitegen.build import BuildResult

_PATH = click.Path(path_type=Path)


def _given_config(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """A settings file named on the command line must exist: a mistyped path would otherwise build
    with the defaults and say nothing. Only the default ``sitegen.toml`` may be missing."""
    if ctx.get_parameter_source(param.name or "") in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP):
        return value
    if value.is_dir():
        _fail(
            [
                SitegenError(
                    "this is a folder, not a settings file",
                    path=value,
                    hint=f"give the path of its {CONFIG_NAME}, e.g. --config {value / CONFIG_NAME}",
                )
            ]
        )
    if not value.exists():
        _fail(
            [
                SitegenError(
                    "no such settings file",
                    path=value,
                    hint=f"check the path, or leave out --config: then {CONFIG_NAME} in this folder is read, "
                    "or the defaults apply",
                )
            ]
        )
    return value


# The content folder, as build, serve and review take it.
_source_option = click.option(
    "--source",
    type=_PATH,
    default=Path("content"),
    show_default=True,
    help="The content folder: one YYYY-MM-DD folder per issue.",
)


def _config_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option(
        "--config",
        "config_file",
        type=_PATH,
        default=Path(CONFIG_NAME),
        show_default=True,
        callback=_given_config,
        help=help_text,
    )


def run() -> NoReturn:
    """The ``sitegen`` script: the command line, then an exit that skips freeing the interpreter's
    objects one by one (a third of a second after building 10,000 items; the system frees them at once)."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    if sys.getprofile() is not None or sys.gettrace() is not None:  # a profiler or coverage: let it report
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitegen")
def main() -> None:
    """Publish a folder of newspaper page text as a static website.

    The archive folder holds sitegen.toml (settings, optional) and content/
    with one folder per issue (content/2023-12-26/) holding one file per
    printed page (05.txt, or 05.md already cut into articles).
    """


@main.command()
@_source_option
@click.option(
    "--output",
    type=_PATH,
    default=Path("output"),
    show_default=True,
    help="Where the site is written. Only files sitegen wrote before are ever removed.",
)
@_config_option("Settings file; when the default is missing, defaults apply.")
@click.option(
    "--strict", is_flag=True, help="Treat warnings as errors and stop before writing anything if there is one."
)
@click.option(
    "--no-cache",
    is_flag=True,
    help=f"Segment every page afresh instead of reusing {CACHE_DIR_NAME}/ next to the config.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for segmenting, rendering and the search index  [default: all cores]",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only problems and the summary line.")
@click.option(
    "--stats",
    type=_PATH,
    default=None,
    help="Also write the build's figures (time, CPU and memory per stage, files) to this JSON file.",
)
def build(
    source: Path,
    output: Path,
    config_file: Path,
    strict: bool,
    no_cache: bool,
    jobs: int | None,
    quiet: bool,
    stats: Path | None,
) -> None:
    """Build the site from the content folder into the output folder.

    Pages that cannot be read are reported and left out; the others are
    built. Exits with status 1 when there were errors (with --strict, also
    warnings), after printing them all and a summary. Only what changed
    since the last build is redone: a build with no change writes nothing.
    """
    from sitegen.build import build as run_build  # keeps `sitegen --help` quick
    from sitegen.jobs import default_workers
    from sitegen.progress import Report

    started = time.perf_counter()
    config = _load_config_or_exit(config_file)
    _check_output(output, source, config_file)
    cache_dir = None if no_cache else config_file.parent / CACHE_DIR_NAME
    workers = jobs or default_workers()
    report = Report.auto(quiet)
    result = run_build(source, output, config, strict=strict, cache_dir=cache_dir, workers=workers, report=report)
    _report(result.problems)

    elapsed = time.perf_counter() - started
    if not quiet and result.stages:
        click.echo("stages: " + ", ".join(f"{s.name} {s.wall:.2f} s" for s in result.stages), err=True)
    click.echo(result.summary(output, elapsed))
    if stats is not None:
        _write_stats(stats, result, workers, elapsed)
    if result.errors:
        click.echo(f"build failed: {plural(result.errors, 'error')}", err=True)
        sys.exit(1)


def _write_stats(path: Path, result: BuildResult, workers: int, elapsed: float) -> None:
    import dataclasses

    from sitegen.progress import cpu_seconds

    w = result.write
    data = {
        "sitegen": __version__,
        "jobs": workers,
        "items": result.items,
        "pages": result.pages,
        "wall": round(elapsed, 4),
        "cpu": round(cpu_seconds(), 4),
        "stages": [dataclasses.asdict(s) for s in result.stages],
        "files": None
        if w is None
        else {
            "written": w.written,
            "unchanged": w.unchanged,
            "removed": w.removed,
            "bytes_written": w.bytes_written,
            "jobs": w.jobs,
            "jobs_run": w.ran,
        },
        "output": None if w is None else {"files": w.files},
        "errors": result.errors,
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def _cut_one(page: Path, config: SiteConfig, problems: list[SitegenError]) -> Cut | None:
    """One page cut exactly as `sitegen build` cuts it (regions per page, and what front matter gives
    kept); None, with the problem added, for a page that cannot be read or cut."""
    from sitegen.segment.pages import cut_page
    from sitegen.sources import front_matter_problems, read_page

    if (refused := _not_a_page(page)) is not None:
        problems.append(refused)
        return None
    try:
        text, damage = read_page(page, limit_mb=config.max_page_mb)
    except SitegenError as exc:
        problems.append(exc)
        return None
    problems += damage
    markdown = True if page.suffix.lower() == ".md" else None
    if markdown:
        problems += front_matter_problems(text, page)
    cut = cut_page((text, markdown, tuple(config.columns), config.home_province))
    if isinstance(cut, Exception):
        problems.append(
            SitegenError(
                f"the segmenter failed on this page: {type(cut).__name__}: {cut}",
                path=page,
                hint="report the bug with this page",
            )
        )
        return None
    return cut


@main.command()
@click.argument("pages", nargs=-1, required=True, type=_PATH)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON array of all items of all pages, in order (the segmentation contract).",
)
@click.option(
    "--markdown",
    "as_markdown",
    is_flag=True,
    help="Print the page as a .md page of item files, to save beside the .txt and correct by hand.",
)
@_config_option("Settings file (column names, home province); when the default is missing, defaults apply.")
def segment(pages: tuple[Path, ...], as_json: bool, as_markdown: bool, config_file: Path) -> None:
    """Cut page files into items and print them.

    PAGE is a .txt page (Markdown is detected) or a .md page. Each item gets
    its region. With --json, each item is an object with exactly these keys:
    kind, title, title_inferred, kicker, subtitle, column, authors, credits
    (a list of {name, role}), region, county, body.

    With --markdown (one PAGE), the page is printed in the .md page format:
    each item as a file of front matter (title, kicker, column, credits,
    region…) and its body, after a furniture: file holding the page's header
    and footer when it has them. Saved as 05.md beside 05.txt it replaces the
    .txt and builds the same items; correct it there where the cut is wrong.
    `sitegen review` lists the items whose cut is in doubt.
    """
    if as_json and as_markdown:
        _fail([SitegenError("--json and --markdown are two ways to print the items: choose one")])
    if as_markdown and len(pages) != 1:
        _fail(
            [
                SitegenError(
                    f"--markdown prints one page, and {len(pages)} were given",
                    hint="give one page file; the output is that page's .md",
                )
            ]
        )
    config = _load_config_or_exit(config_file)
    problems: list[SitegenError] = []
    results = [(page, cut) for page in pages if (cut := _cut_one(page, config, problems)) is not None]
    if as_markdown:
        from sitegen.markdown import furniture_markdown, item_markdown

        # One file of item files: `---` front matter `---` body, one after another (the .md page format).
        cut = results[0][1] if results else Cut(())
        files = ([furniture_markdown(cut.furniture)] if cut.furniture else []) + [item_markdown(i) for i in cut.items]
        _echo_utf8(printable("\n".join(files), keep_lines=True))
    elif as_json:
        array = [item.contract() for _, cut in results for item in cut.items]
        # JSON escapes C0 controls itself; DEL, C1 controls and bidi controls it leaves as they are.
        _echo_utf8(printable(json.dumps(array, ensure_ascii=False, indent=1), keep_lines=True, json=True) + "\n")
    else:
        _echo_utf8(printable("".join(_listing(page, cut.items) for page, cut in results), keep_lines=True))
    if count_errors(problems):
        _fail(problems)
    _report(problems)  # warnings and notes: the items above are still what the page gives


@main.command()
@_source_option
@_config_option("Settings file; when the default is missing, defaults apply.")
@click.option(
    "--limit", "-n", type=click.IntRange(min=0), default=0, help="List only the N least sure items  [default: all]"
)
@click.option(
    "--no-cache",
    is_flag=True,
    help=f"Segment every page afresh instead of reusing {CACHE_DIR_NAME}/ next to the config.",
)
def review(source: Path, config_file: Path, limit: int, no_cache: bool) -> None:
    """List the items whose cut is uncertain, least sure first.

    Pages are cut as `sitegen build` cuts them. Each item listed comes with
    its page and line, the segmenter's confidence (0 to 1) and why it may be
    cut wrong: no headline found, a line that may be a headline or a
    sub-heading, a page that does not show where its headlines stand…
    Correct such a page by saving `sitegen segment PAGE --markdown` as its
    .md beside the .txt and editing it there. Exits with status 1 only when
    pages could not be read.
    """
    from sitegen.review import collect, listing, uncertain_items

    config = _load_config_or_exit(config_file)
    if not source.is_dir():
        _fail(
            [
                SitegenError(
                    "no content folder here", path=source, hint="give the archive's content folder with --source"
                )
            ]
        )
    cache_dir = None if no_cache else config_file.parent / CACHE_DIR_NAME
    segmented, problems = collect(source, config, cache_dir)
    total = sum(len(items) for _, items in segmented)
    _echo_utf8(printable(listing(uncertain_items(segmented), total, limit), keep_lines=True))
    if count_errors(problems):
        _fail(list(problems))
    _report(list(problems))


@main.command()
@_source_option
@click.option(
    "--output", type=_PATH, default=Path("output"), show_default=True, help="Where the site is written and served from."
)
@_config_option("Settings file; when the default is missing, defaults apply.")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="The address to listen on; 0.0.0.0 lets other machines in."
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to listen on; 0 picks a free one.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help=f"Segment every page afresh instead of reusing {CACHE_DIR_NAME}/ next to the config.",
)
def serve(source: Path, output: Path, config_file: Path, host: str, port: int, no_cache: bool) -> None:
    """Build the site, serve it, and rebuild it when anything changes.

    Builds as `sitegen build` does, then serves the output folder on
    http://HOST:PORT/ and watches the content folder, the settings file and
    the theme. Each change rebuilds the site and reloads the pages open in a
    browser. A rebuild that would bring in a new error is reported and not
    written, so the last good site stays up. Ctrl-C stops. Exits with status
    2 when the port cannot be used.
    """
    from sitegen.rebuild import SiteOptions
    from sitegen.serve import ServeOptions
    from sitegen.serve import serve as run_serve

    _check_output(output, source, config_file)
    site = SiteOptions(source, output, config_file, cache=not no_cache)
    sys.exit(run_serve(ServeOptions(site, host, port)))


@main.command()
@click.argument("folder", type=_PATH)
def new(folder: Path) -> None:
    """Start a new archive in FOLDER, with an example issue that builds as it is.

    Writes sitegen.toml (every setting, commented), content/ with one issue
    of a .txt and a .md page, a README.md on the content format, and a
    .gitignore. FOLDER must not exist yet or be empty.
    """
    from sitegen.scaffold import create_archive

    try:
        written = create_archive(folder)
    except SitegenError as exc:
        _fail([exc])
    click.echo(f"created {folder}:")
    for path in written:
        click.echo(f"  {path.relative_to(folder).as_posix()}")
    click.echo(f"next: cd {folder} && sitegen serve   (or sitegen build)")


_PAGE_SUFFIXES = (".txt", ".md")
_NOT_PAGES = {
    ".toml": "a settings file, not a page",
    ".json": "JSON, not a page: sitegen segment reads page text and writes JSON",
    ".pdf": "a PDF, not page text",
    ".html": "an HTML page, not page text",
    ".xml": "XML, not page text",
}
_IMAGES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".jp2")


def _not_a_page(path: Path) -> SitegenError | None:
    """Why ``path`` is not something ``sitegen segment`` can cut, or None when it is a page file."""
    expected = "give a page file: NN.txt, the page's text as exported, or NN.md, a page cut by hand"
    if path.is_dir():
        return SitegenError(
            "this is a folder, not a page file",
            path=path,
            hint=f"give the pages inside it, e.g. {(path / '05.txt').as_posix()}",
        )
    if not path.exists():
        return SitegenError("no such page file", path=path, hint="check the path")
    suffix = path.suffix.lower()
    if suffix in _PAGE_SUFFIXES:
        return None
    if path.name == "issue.toml":
        what = "the issue's settings (edition, page names), not a page"
    elif suffix in _IMAGES:
        what = "an image, not page text"
    else:
        what = _NOT_PAGES.get(suffix, f"not a page file ({suffix or 'no'} extension)")
    return SitegenError(f"refused: {what}", path=path, hint=expected)


def _listing(page: Path, items: tuple[Item, ...]) -> str:
    """A readable summary of one page's items."""
    lines = [f"== {page}: {plural(len(items), 'item')}"]
    for n, item in enumerate(items, start=1):
        title = item.display_title
        lines.append(f"[{n}] {item.kind}: {title}" + ("  (title inferred)" if item.title_inferred else ""))
        for label, value in (("kicker", item.kicker), ("subtitle", item.subtitle), ("column", item.column)):
            if value:
                lines.append(f"    {label}: {value}")
        if item.credits:
            lines.append("    credits: " + "，".join(f"{c.role} {c.name}".strip() for c in item.credits))
        if item.region or item.county:
            lines.append("    region: " + " / ".join(p for p in (item.region, item.county) if p))
        opening = " ".join(item.body.split())
        lines.append(f"    body: {opening[:40]}{'…' if len(opening) > 40 else ''} ({len(item.body)} chars)")
    return "\n".join(lines) + "\n\n"


def _load_config_or_exit(path: Path) -> SiteConfig:
    try:
        return load_config(path)
    except SitegenError as exc:
        _fail([exc])


def _report(problems: Iterable[SitegenError]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


def _fail(problems: list[SitegenError]) -> NoReturn:
    _report(problems)
    click.echo(f"failed: {plural(count_errors(problems), 'error')}", err=True)
    sys.exit(1)


def _echo_utf8(text: str) -> None:
    """Write UTF-8 whatever the locale says: the JSON is read by other programs."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some embedding hosts): it takes str
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def _check_output(output: Path, source: Path, config_file: Path) -> None:
    from sitegen.writer import output_problem

    # The archive is the folder of sitegen.toml (with its cache, templates and content).
    if problem := output_problem(output, source, config_file.resolve().parent):
        _fail([problem])
