"""`sitegen build …` with the time each pipeline stage took, for the benchmark.

    python benchmarks/timed_build.py build --source … --output … --config …

Runs exactly the `sitegen` command (``sitegen.cli.main``) in this process, after wrapping the stage
functions `sitegen.build` calls (discover, read_pages, segment_pages, enrich, assemble, load_theme,
render_site, collect_files, write_output) and every public function of `sitegen.search` (if that
module exists) with timers. Times are inclusive wall seconds; a stage called inside another (the
search index built inside render_site) is counted in both, and calls of `sitegen.search` from within
`sitegen.search` are not counted again. On exit one line goes to stderr:

    SITEGEN_STAGE_TIMES {"segment_pages": 1.23, …, "search": 4.56}

Nothing in sitegen is changed on disk; if a name is missing (the pipeline was renamed), it is skipped.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import inspect
import json
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

MARK = "SITEGEN_STAGE_TIMES"
BUILD_STAGES = ("discover", "read_pages", "segment_pages", "enrich", "assemble", "load_theme", "render_site",
                "collect_files", "write_output")
SEARCH_MODULES = ("sitegen.search",)

times: dict[str, float] = {}
_depth: dict[str, int] = {}


def _timed(label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _depth.get(label):
            return func(*args, **kwargs)
        _depth[label] = 1
        started = time.perf_counter()
        try:
            result = func(*args, **kwargs)
        finally:
            times[label] = times.get(label, 0.0) + time.perf_counter() - started
            _depth[label] = 0
        if inspect.isgenerator(result):  # lazy stages: count the time spent iterating too
            return _timed_iter(label, result)
        return result

    return wrapper


def _timed_iter(label: str, it: Iterator[Any]) -> Iterator[Any]:
    while True:
        started = time.perf_counter()
        try:
            value = next(it)
        except StopIteration:
            times[label] = times.get(label, 0.0) + time.perf_counter() - started
            return
        times[label] = times.get(label, 0.0) + time.perf_counter() - started
        yield value


def install() -> None:
    # The search module first, so modules importing names from it get the wrapped functions.
    for name in SEARCH_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for attr, value in list(vars(module).items()):
            if (inspect.isfunction(value) and value.__module__ == module.__name__ and not attr.startswith("_")):
                setattr(module, attr, _timed("search", value))
    build = importlib.import_module("sitegen.build")
    for attr in BUILD_STAGES:
        if callable(getattr(build, attr, None)):
            setattr(build, attr, _timed(attr, getattr(build, attr)))
    started = time.perf_counter()

    @atexit.register
    def report() -> None:
        times["total_in_process"] = time.perf_counter() - started
        sys.stderr.write(f"{MARK} {json.dumps({k: round(v, 3) for k, v in times.items()})}\n")
        sys.stderr.flush()


def main() -> None:
    import_started = time.perf_counter()
    install()
    times["import"] = time.perf_counter() - import_started
    from sitegen.cli import main as cli

    cli(prog_name="sitegen")


if __name__ == "__main__":
    main()
