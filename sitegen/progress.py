"""What a build reports while it runs: a progress bar per stage on a terminal, one plain line per
stage elsewhere (CI logs), nothing with --quiet; and the figures of every stage for the summary
and `--stats`.
"""

from __future__ import annotations

import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, TextIO

from sitegen.errors import plural

Mode = Literal["bar", "lines", "quiet"]
Advance = Callable[[int], None]


@dataclass(frozen=True)
class StageStat:
    name: str
    wall: float  # seconds
    cpu: float  # user + system seconds, this process and the workers it waited for
    count: int  # things done: pages, items, jobs
    maxrss: int  # bytes: this process's high-water mark at the end of the stage
    workers_maxrss: int  # bytes: the largest worker's high-water mark so far


def cpu_seconds() -> float:
    """User + system time of this process and the workers it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _maxrss(who: int) -> int:
    kib = resource.getrusage(who).ru_maxrss
    return kib * (1 if sys.platform == "darwin" else 1024)  # macOS reports bytes, Linux KiB


class Report:
    """Collects StageStat rows and shows progress in the chosen mode."""

    def __init__(self, mode: Mode = "quiet", stream: TextIO | None = None) -> None:
        self.mode = mode
        self.stream = stream or sys.stderr
        self.stages: list[StageStat] = []

    @staticmethod
    def auto(quiet: bool, stream: TextIO | None = None) -> Report:
        stream = stream or sys.stderr
        if quiet:
            return Report("quiet", stream)
        return Report("bar" if stream.isatty() else "lines", stream)

    @contextmanager
    def stage(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Advance]:
        """Time a stage; the body calls the yielded function with how many things it just finished."""
        done = 0
        bar = None
        if self.mode == "bar" and total:
            from tqdm import tqdm  # only on a terminal

            # The size when the stage starts. A terminal that reports none (0 × 0, as some do) gets 80 × 24:
            # tqdm would take it as no room at all and show nothing.
            size = shutil.get_terminal_size((80, 24))
            bar = tqdm(
                total=total,
                desc=f"{name:<8}",
                unit=f" {unit}" if unit else "it",
                file=self.stream,
                leave=False,
                ncols=size.columns or 80,
                nrows=size.lines or 24,
                mininterval=0.2,
            )

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if bar is not None:
                bar.update(n)

        wall, cpu = time.perf_counter(), cpu_seconds()
        try:
            yield advance
        finally:
            if bar is not None:
                bar.close()
        stat = StageStat(
            name,
            time.perf_counter() - wall,
            cpu_seconds() - cpu,
            done or (total or 0),
            _maxrss(resource.RUSAGE_SELF),
            _maxrss(resource.RUSAGE_CHILDREN),
        )
        self.stages.append(stat)
        if self.mode != "quiet":
            count = plural(stat.count, unit, grouped=True) + " " if unit else ""
            print(f"{name}: {count}in {stat.wall:.2f} s", file=self.stream, flush=True)
