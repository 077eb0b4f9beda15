"""What ``sitegen serve`` watches, with watchfiles: the content, the settings and the theme.

Folders are watched with everything in them. The settings file is watched
through its folder, that folder's own entries only: editors save by writing a
new file and renaming it over the old one, and a watch on the file itself
would end with the old file. The same watch sees the archive's templates/,
static/ or themes/ folder appear, after which the plan changes and the
watches restart.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import click
import watchfiles

OVERRIDE_FOLDERS = ("templates", "static", "themes")  # the archive's own, beside its settings
QUIET_MS = 50  # changes are handed on once none came for this long (a save is several events)
READY_SECONDS = 5.0  # at most this long to wait for a watch to be in place


@dataclass(frozen=True)
class WatchPlan:
    trees: tuple[Path, ...]  # watched with all their subfolders
    folder: Path  # watched for its own entries only
    names: frozenset[str]  # the entries of `folder` that matter
    ignored: tuple[Path, ...]  # output/ and the cache, should they lie inside a watched tree


def watch_plan(
    source: Path, config_file: Path, archive: Path, theme_dirs: Iterable[Path], ignored: Iterable[Path]
) -> WatchPlan:
    """The plan for an archive whose theme lives in ``theme_dirs`` (it and the themes it extends)."""
    config_file, archive = config_file.resolve(), archive.resolve()
    candidates = [source.resolve(), *(archive / name for name in OVERRIDE_FOLDERS), *(p.resolve() for p in theme_dirs)]
    existing = [p for p in dict.fromkeys(candidates) if p.is_dir()]
    trees = tuple(p for p in existing if not any(q in p.parents for q in existing))  # a tree holds its subtrees
    names = {config_file.name} | (set(OVERRIDE_FOLDERS) if config_file.parent == archive else set())
    return WatchPlan(trees, config_file.parent, frozenset(names), tuple(p.resolve() for p in ignored))


class _Keep(watchfiles.DefaultFilter):
    """watchfiles' default filter (editor swap files, .git…), less the ignored folders, for some names."""

    def __init__(self, ignored: tuple[Path, ...], names: frozenset[str] | None = None) -> None:
        super().__init__()
        self._ignored = ignored
        self._names = names

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        p = Path(path)
        if self._names is not None and p.name not in self._names:
            return False
        if any(p == i or i in p.parents for i in self._ignored):
            return False
        return super().__call__(change, path)


class Watcher:
    """Calls ``on_change`` with the changed paths, from its own threads, until stopped."""

    def __init__(self, on_change: Callable[[set[Path]], None]) -> None:
        self._on_change = on_change
        self._plan: WatchPlan | None = None
        self._stop = threading.Event()

    def follow(self, plan: WatchPlan) -> None:
        """Watch what ``plan`` says, restarting only when it differs from the current one.

        Returns once the watches are in place, so that a change made right after is seen.
        """
        if plan == self._plan:
            return
        self._stop.set()
        self._plan, self._stop = plan, threading.Event()
        watches = [(plan.trees, True, _Keep(plan.ignored)), ((plan.folder,), False, _Keep(plan.ignored, plan.names))]
        started = []
        for paths, recursive, keep in watches:
            if paths:
                ready = threading.Event()
                args = (paths, recursive, keep, self._stop, ready)
                threading.Thread(target=self._watch, args=args, name="sitegen-watch", daemon=True).start()
                started.append(ready)
        for ready in started:
            ready.wait(READY_SECONDS)

    def stop(self) -> None:
        self._stop.set()

    def _watch(
        self, paths: tuple[Path, ...], recursive: bool, keep: _Keep, stop: threading.Event, ready: threading.Event
    ) -> None:
        try:
            # yield_on_timeout: the first (empty) batch comes once the watches are in place.
            for changes in watchfiles.watch(
                *paths,
                watch_filter=keep,
                recursive=recursive,
                stop_event=stop,
                step=QUIET_MS,
                rust_timeout=100,
                yield_on_timeout=True,
                raise_interrupt=False,
            ):
                ready.set()
                # An editor's or sed's temporary file, made and gone within the batch, changes nothing.
                made = {p for change, p in changes if change == watchfiles.Change.added}
                changed = {Path(p) for _, p in changes if p not in made or Path(p).exists()}
                if changed:
                    self._on_change(changed)
        except Exception as exc:  # a watched folder removed, or the system's watch limit reached
            where = ", ".join(str(p) for p in paths)
            click.echo(f"stopped watching {where}: {exc} (restart sitegen serve)", err=True)
        finally:
            ready.set()
