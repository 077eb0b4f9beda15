"""Builds for ``sitegen serve``, reported as ``sitegen build`` reports them.

The first build is exactly ``sitegen build``: pages with errors are left out
and the rest is written. A rebuild is held back when the settings cannot be
read or hold an error the last build did not have, or when the pages show one
(a page saved half-edited): then ``output/`` stays as it was and open pages keep showing the
last good site. Errors the archive already had (an old undecodable page) do
not hold rebuilds back, or one bad page would stop the server updating.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import click

from sitegen.build import archive_root, build, choose_theme
from sitegen.cache import CACHE_DIR_NAME
from sitegen.config import SiteConfig, load_config
from sitegen.errors import SitegenError, plural
from sitegen.sources import discover, read_pages
from sitegen.theme import load_theme
from sitegen.writer import Busy


@dataclass(frozen=True)
class SiteOptions:
    """What ``sitegen build`` is told: the content folder, the output folder, the settings file."""

    source: Path
    output: Path
    config_file: Path
    cache: bool = True

    @property
    def cache_dir(self) -> Path | None:
        return self.config_file.parent / CACHE_DIR_NAME if self.cache else None


class SiteBuilder:
    """Runs one build at a time (the caller makes sure) and remembers what the last one found."""

    def __init__(self, options: SiteOptions) -> None:
        self.options = options
        self.config: SiteConfig | None = None  # the settings of the last build that could read them
        self._known_errors: frozenset[str] | None = None  # None until a build has run
        self.busy = False  # the last build found another one writing the site

    def build(self) -> bool:
        """Build if nothing new is broken, printing problems and a summary. True when a file changed."""
        started = time.perf_counter()
        options = self.options
        try:
            config = load_config(options.config_file)
        except SitegenError as exc:
            return self._held_back([exc], plural(1, "error"))
        if self._known_errors is not None:  # a setting saved half-typed: keep the last good site
            mistyped = [p for p in config.problems if p.format() not in self._known_errors]
            if mistyped:
                return self._held_back(list(config.problems), plural(len(mistyped), "error"))
        self.config = config
        if self._known_errors is not None:
            problems = self._check_pages()
            new = [p for p in problems if p.severity == "error" and p.format() not in self._known_errors]
            if new:
                return self._held_back(problems, plural(len(new), "new error"))
        result = build(options.source, options.output, config, cache_dir=options.cache_dir)
        self.busy = any(isinstance(p, Busy) for p in result.problems)
        if self.busy:  # another build writes the site now: not this archive's problem; serve tries again
            click.echo(f"{options.output} is being written by another build; trying again in a moment", err=True)
            return False
        self._known_errors = frozenset(p.format() for p in result.problems if p.severity == "error")
        _report(result.problems)
        click.echo(result.summary(options.output, time.perf_counter() - started))
        if result.errors:
            click.echo(f"build failed: {plural(result.errors, 'error')}", err=True)
        return result.write is not None and (result.write.written + result.write.removed) > 0

    def theme_dirs(self) -> tuple[Path, ...]:
        """The folders of the theme in use and the themes it extends; none when it cannot be found."""
        if self.config is None:
            return ()
        try:
            theme = load_theme(self.config.theme, self.archive_root(), config_path=self.config.path)
        except SitegenError:
            return ()  # the build reports it; the archive's themes/ folder is watched for a fix anyway
        return tuple(t.path for t in theme.chain)

    def archive_root(self) -> Path:
        """Where the archive's own templates/, static/ and themes/ are, as the build finds them."""
        if self.config is None:
            return self.options.config_file.parent
        return archive_root(self.options.source, self.config)

    def _check_pages(self) -> list[SitegenError]:
        """The problems of finding and reading the pages, and of the theme and the archive's own
        templates (a template saved half-edited): the cheap stages, run before writing anything."""
        config = self.config or SiteConfig()
        found = discover(self.options.source, follow_symlinks=config.follow_symlinks)
        _, read_problems = read_pages(found.pages, limit_mb=config.max_page_mb)
        theme_problems: list[SitegenError] = []
        if self.config is not None:
            try:
                choose_theme(self.config, self.archive_root(), theme_problems)
            except SitegenError as exc:
                theme_problems.append(exc)
        return [*found.problems, *read_problems, *theme_problems]

    def _held_back(self, problems: list[SitegenError], errors: str) -> bool:
        _report(problems)
        click.echo(f"build failed: {errors}; {self.options.output} left as it was", err=True)
        return False


def _report(problems: list[SitegenError] | tuple[SitegenError, ...]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)
