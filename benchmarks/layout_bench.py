"""How well the segmenter cuts pages laid out in conventions it was not tuned to.

    .venv/bin/python benchmarks/layout_bench.py [--pages 2000] [--seed 0] [--out benchmarks/layout-results.md]
                                                [--only FIELD=V1,V2 ...] [--sources q01,q02] [--settled]
                                                [--settled-pages 1000] [--isolate-pages 150] [--show K]
                                                [--config sitegen.toml]

Draws pages with a seeded random generator: the labelled items of `../shared/seeds/items/` (and
the items sitegen cuts from the sample pages in `content/`), a page at a time, each laid out in a
random layout by `tests/layout/render.py`. Each page is cut as `sitegen segment` cuts it
(`sitegen.segment.pages.cut_page`: segmentation, then regions, in-process), scored with
score_segmentation.py's own `score_page`, and the Markdown report gives the scores overall, per
value of each convention (over the pages where it shows) and per page source, the share of pages
that come back whole (round trip: boundaries, kind, title, kicker, subtitle, column, authors), the
most common failures with an example each, and the segmenter's speed. A second set of pages
(`--settled-pages`) is drawn from the settled subset only, the conventions the round-trip test
(tests/test_layout_round_trip.py) asserts on: it should come back whole every time. Last, each
convention value left out of that subset is measured alone (`--isolate-pages` settled pages with only
it changed): what it costs by itself, and where the segmenter should learn next.

`--only headline=lead --only wrap=0` narrows conventions and `--settled` draws every page from the
settled subset (to find, and check, where the segmenter is reliable); `--show K` prints the first K
pages that do not come back whole; `--config` cuts with an archive's settings (column names), by
default none: the pages are new to it.
"""

from __future__ import annotations

import argparse
import collections
import random
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from layout.render import (  # noqa: E402
    CHOICES,
    SETTLED,
    Difference,
    Page,
    PageDraw,
    applies,
    differences,
    fold,
    load_scorer,
    random_layout,
    random_page,
    settled_item,
    settled_layout,
    source_type,
    sources,
)

from sitegen.config import SiteConfig, load_config  # noqa: E402
from sitegen.segment.pages import cut_page  # noqa: E402


@dataclass
class Tally:
    """Sums over a set of pages: the scorer's counters, kept characters, whole round trips."""

    score: collections.Counter[str] = field(default_factory=collections.Counter)
    kept: int = 0
    kept_page: int = 0  # counting the furniture (header, footer) the cut keeps beside the items
    source: int = 0
    pages: int = 0
    whole: int = 0

    def add(self, score: collections.Counter[str], kept: tuple[int, int], source: int, whole: bool) -> None:
        self.score.update(score)
        self.kept += kept[0]
        self.kept_page += kept[1]
        self.source += source
        self.pages += 1
        self.whole += whole

    def ratio(self, a: str, b: str) -> float:
        return self.score[a] / self.score[b] if self.score[b] else float("nan")

    def f1(self) -> float:
        p, r = self.ratio("boundary_ok", "predicted"), self.ratio("boundary_ok", "gold")
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Failure:
    pattern: str
    example: str
    labels: dict[str, str]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "layout-results.md")
    ap.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="FIELD=V1,V2",
        help="draw this convention from these values only (repeatable)",
    )
    ap.add_argument("--sources", default="", help="comma-separated page sources (q01…q08, s0905, s1226, s0307)")
    ap.add_argument(
        "--settled", action="store_true", help="draw only from the settled subset (what the round-trip test asserts on)"
    )
    ap.add_argument("--settled-pages", type=int, default=1000, help="pages drawn from the settled subset as well")
    ap.add_argument(
        "--isolate-pages",
        type=int,
        default=150,
        help="pages per convention value left out of the settled subset, changing only it",
    )
    ap.add_argument("--show", type=int, default=0, metavar="K", help="print the first K pages that fail, to stderr")
    ap.add_argument("--config", type=Path, default=None, help="cut with this settings file (default: none)")
    args = ap.parse_args()

    try:
        scorer = load_scorer()
        everything = list(sources())
    except FileNotFoundError as exc:
        sys.exit(f"layout_bench: {exc}")
    fixed = parse_only(args.only)
    names = [n for n in args.sources.split(",") if n] or everything
    config = load_config(args.config) if args.config else SiteConfig()
    cutter = Cutter(scorer, tuple(config.columns), config.home_province)

    rng = random.Random(args.seed)
    overall = Tally()
    groups: dict[tuple[str, str], Tally] = collections.defaultdict(Tally)
    failures: list[Failure] = []
    for n in range(args.pages):
        draw = draw_page(rng, names, fixed, args.settled)
        page, items, diffs = cutter.measure(draw, overall)
        labels = page_labels(draw, page)
        for key in group_keys(draw, page, labels):
            cutter.tally(groups[key])
        failures += [classify(d, draw, page, items, labels) for d in diffs]
        if diffs and args.show > 0:
            args.show -= 1
            print(f"=== page {n}: {draw}\n{page.text}\n" + "\n".join(map(str, diffs)), file=sys.stderr)
        if (n + 1) % 500 == 0:
            print(f"{n + 1} pages", file=sys.stderr)
    speed = (cutter.items, cutter.seconds)

    settled = Tally()
    settled_failures: list[Failure] = []
    rng = random.Random(f"settled {args.seed}")
    for _ in range(args.settled_pages):
        draw = draw_page(rng, everything, {}, True)
        page, items, diffs = cutter.measure(draw, settled)
        settled_failures += [classify(d, draw, page, items, page_labels(draw, page)) for d in diffs]

    isolated = isolate(cutter, args.isolate_pages, args.seed)
    report = write_report(
        args, fixed, names, overall, groups, failures, speed, config, settled, settled_failures, isolated
    )
    args.out.write_text(report, encoding="utf-8")
    print(report)


class Cutter:
    """Cuts pages as `sitegen segment` does and scores them; keeps the last page's numbers to tally."""

    def __init__(self, scorer: Any, columns: tuple[str, ...], home: str) -> None:
        self.scorer, self.columns, self.home = scorer, columns, home
        self.seconds = 0.0
        self.items = 0
        self.last: tuple[collections.Counter[str], tuple[int, int], int, bool]
        self.last = (collections.Counter(), (0, 0), 0, True)

    def measure(self, draw: PageDraw, tally: Tally) -> tuple[Page, list[dict[str, Any]], list[Difference]]:
        page = draw.render()
        start = time.perf_counter()
        cut = cut_page((page.text, None, self.columns, self.home))
        self.seconds += time.perf_counter() - start
        if isinstance(cut, Exception):
            raise RuntimeError(f"{draw}: the segmenter failed") from cut
        items = [item.contract() for item in cut.items]
        self.items += len(items)
        score = self.scorer.score_page(page.gold, items, False)
        src = self.scorer.content_chars(page.text)
        out = self.scorer.content_chars("\n".join(self.scorer.item_text(it) for it in items))
        kept = sum(min(c, out[ch]) for ch, c in src.items())
        out.update(self.scorer.content_chars("\n".join(cut.furniture)))
        kept_page = sum(min(c, out[ch]) for ch, c in src.items())
        diffs = differences(page, items)
        self.last = (score, (kept, kept_page), sum(src.values()), not diffs)
        self.tally(tally)
        return page, items, diffs

    def tally(self, tally: Tally) -> None:
        tally.add(*self.last)


Isolated = list[tuple[str, str, Tally, list[Failure]]]


def isolate(cutter: Cutter, n: int, seed: int) -> Isolated:
    """Each convention value left out of the settled subset, alone: settled pages with just it changed
    (and, as one more row, settled layouts of all items, to see what the item conventions cost)."""
    rows: Isolated = []
    rng = random.Random(f"isolate {seed}")
    for name, choices in CHOICES.items():
        left = tuple(v for v in choices if v not in SETTLED[name])
        if not left:
            continue
        runs = [(f"{left[0]}–{left[-1]}", left)] if name == "wrap" else [(str(v) or "bare", (v,)) for v in left]
        for label, values in runs:
            rows.append((name, label, *measure_many(cutter, rng, n, {**SETTLED, name: values}, settled_item)))
    rows.append(("items", "all, not only settled", *measure_many(cutter, rng, n, dict(SETTLED), None)))
    return rows


def measure_many(
    cutter: Cutter, rng: random.Random, n: int, values: dict[str, tuple[Any, ...]], keep: Any
) -> tuple[Tally, list[Failure]]:
    tally, failures = Tally(), []
    for _ in range(n):
        # A wrapped inline photo credit is left out everywhere, as in the settled subset.
        while (layout := random_layout(rng, **values)).wrap and layout.photo_credit == "inline":
            pass
        draw = random_page(rng, None, layout, keep=keep)
        page, items, diffs = cutter.measure(draw, tally)
        failures += [classify(d, draw, page, items, page_labels(draw, page)) for d in diffs]
    return tally, failures


def draw_page(rng: random.Random, names: list[str], fixed: dict[str, tuple[Any, ...]], settled: bool) -> PageDraw:
    if not settled:
        return random_page(rng, names, random_layout(rng, **fixed))
    narrowed = {k: tuple(v for v in SETTLED[k] if v in fixed.get(k, SETTLED[k])) for k in SETTLED}
    while not settled_layout(layout := random_layout(rng, **narrowed)):
        pass
    return random_page(rng, names, layout, keep=settled_item)


def parse_only(specs: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    fixed: dict[str, tuple[Any, ...]] = {}
    for spec in specs:
        name, _, values = spec.partition("=")
        if name not in CHOICES:
            sys.exit(f"layout_bench: --only {spec}: no convention {name!r} (one of {', '.join(CHOICES)})")
        by_label = {str(v) if str(v) else "bare": v for v in CHOICES[name]}
        try:
            fixed[name] = tuple(by_label[v] if v in by_label else int(v) for v in values.split(","))
        except (KeyError, ValueError):
            sys.exit(f"layout_bench: --only {spec}: values are {', '.join(by_label)}")
    return fixed


def page_labels(draw: PageDraw, page: Page) -> dict[str, str]:
    labels = page.layout.labels()
    labels["source"] = draw.source
    return labels


def group_keys(draw: PageDraw, page: Page, labels: dict[str, str]) -> list[tuple[str, str]]:
    """The rows a page counts in: each convention that shows on it, byline place × mark, its source."""
    keys = [(name, labels[name]) for name in CHOICES if applies(name, draw.items, page.layout)]
    if applies("byline_mark", draw.items, page.layout):
        keys.append(("byline × mark", f"{labels['byline']} {labels['byline_mark']}"))
    keys.append(("source", f"{draw.source} ({source_type(draw.source)})"))
    return keys


def classify(d: Difference, draw: PageDraw, page: Page, items: list[dict[str, Any]], labels: dict[str, str]) -> Failure:
    """A difference as a failure pattern (what went wrong, on which kind of item) with an example."""
    if d.item is None:
        return Failure("extra item (text that opens no item cut as one)", f"body {d.got!r}", labels)
    kind = draw.items[d.item]["kind"]
    want = page.expected[d.item]
    got = items[d.hit] if d.hit is not None else {}
    gold = page.gold["items"][d.item]
    if d.field == "boundary":
        if d.got == "missing":
            first = fold(gold["first"])
            where = next((k for k in ("title", "kicker", "subtitle", "column") if first in fold(got_k(items, k))), "")
            what = f"opening read as a {where}" if where else "opening in no body"
        else:
            what = "merged with another item" if str(d.got).startswith("merged") else "cut short"
        return Failure(f"boundary: {kind} {what}", f"first {gold['first']!r}", labels)
    if d.field == "title":
        title = d.got or ""
        if d.want is None:
            what = "untitled item given a headline"
        elif got.get("title_inferred"):
            what = "headline not found (title inferred from the body)"
        elif want["kicker"] and fold(title) == fold(want["kicker"]):
            what = "kicker read as the title"
        elif fold(d.want) in fold(title):
            what = "headline joined with other lines"
        else:
            what = "another line read as the headline"
        return Failure(f"title: {what} ({kind})", f"want {d.want!r} got {d.got!r}", labels)
    if d.field in ("kicker", "subtitle", "column"):
        if d.want and not d.got:
            joined = fold(d.want) in fold(got.get("title"))
            what = "joined into the title" if joined else "lost"
        elif d.got and not d.want:
            what = "where there is none"
        else:
            what = "wrong"
        return Failure(f"{d.field}: {what} ({kind})", f"want {d.want!r} got {d.got!r}", labels)
    if d.field == "authors":
        names, wanted = set(d.got or []), set(d.want)
        if not names:
            what = "lost"
        elif names < wanted:
            what = "some lost"
        elif wanted < names:
            what = "extra names"
        else:
            what = "wrong names"
        credit = draw.items[d.item].get("credit_line") or ""
        return Failure(f"authors: {what} ({kind})", f"credit {credit!r}: want {d.want} got {d.got}", labels)
    return Failure(f"{d.field}: {kind}", f"want {d.want!r} got {d.got!r}", labels)


def got_k(items: list[dict[str, Any]], key: str) -> str:
    """Every cut item's `key` (real headlines only), to find where an opening went."""
    return "\n".join(it.get(key) or "" for it in items if not (key == "title" and it.get("title_inferred")))


def git(*argv: str) -> str:
    try:
        return subprocess.run(["git", *argv], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def pct(x: float) -> str:
    return "–" if x != x else f"{100 * x:.1f}"


def write_report(
    args: argparse.Namespace,
    fixed: dict[str, tuple[Any, ...]],
    names: list[str],
    overall: Tally,
    groups: dict[tuple[str, str], Tally],
    failures: list[Failure],
    speed: tuple[int, float],
    config: SiteConfig,
    settled: Tally,
    settled_failures: list[Failure],
    isolated: Isolated,
) -> str:
    cut_items, seconds = speed
    commit = git("rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes in sitegen/)" if git("status", "--porcelain", "--", "sitegen") else ""
    command = f"benchmarks/layout_bench.py --pages {args.pages} --seed {args.seed}"
    command += "".join(f" --only {spec}" for spec in args.only)
    command += (f" --sources {args.sources}" if args.sources else "") + (" --settled" if args.settled else "")
    settings = f"`{args.config}`" if args.config else f"none (no column names; home {config.home_province})"
    lines = [
        "# Segmenting pages laid out in unseen conventions",
        "",
        f"`{command}`, at commit `{commit}`{dirty}. Settings: {settings}.",
    ]
    if fixed or names != list(sources()) or args.settled:
        subset = "the settled subset; " if args.settled else ""
        narrowed = "".join(f"{k} ∈ {v}; " for k, v in fixed.items())
        lines += ["", f"Drawn from: {subset}{narrowed}sources {', '.join(names)}."]
    lines += [
        "",
        f"{overall.pages} pages, {overall.score['gold']} items laid out, {cut_items} cut. "
        f"Segmenter (`cut_page`: segmentation + regions + slugs, in-process): "
        f"{cut_items / seconds:,.0f} items/s, {overall.pages / seconds:,.0f} pages/s.",
        "",
        "Scores are score_segmentation.py's (`score_page`), in %. *Round trip*: pages whose every item came "
        "back whole (boundaries, kind, title, kicker, subtitle, column, authors), with no extra item. *Kept*: "
        "the page's letters, digits and Han characters found in its items, as the scorer counts them; *kept "
        "with furniture* counts the header and footer lines too, which the cut keeps as the page's own "
        "(`Cut.furniture`, shown on the 版面 page) rather than in any item.",
        "",
        "## Overall",
        "",
        *overall_table(overall),
        "",
        "## Per convention",
        "",
        "Each row counts the pages where the convention shows (a byline mark on pages with bylines, photo "
        "credits on pages with photos…); every other convention is drawn at random on them.",
        "",
        "| convention | value | pages | F1 | kind | title | credits | column | region | kept | round trip |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (name, value), t in sorted(groups.items(), key=lambda kv: (_order(kv[0][0]), kv[0][1])):
        lines.append(
            f"| {name} | {value} | {t.pages} | {pct(t.f1())} | {pct(t.ratio('kind_ok', 'kind_n'))} "
            f"| {pct(t.ratio('title_ok', 'title_n'))} | {pct(t.ratio('authors_ok', 'authors_n'))} "
            f"| {pct(t.ratio('column_ok', 'column_n'))} | {pct(t.ratio('region_ok', 'region_n'))} "
            f"| {100 * t.kept / max(1, t.source):.2f} | {pct(t.whole / max(1, t.pages))} |"
        )
    lines += [
        "",
        "## Most common failures",
        "",
        "Item-level differences from what went in, by pattern; *most in* names the convention values where "
        "the pattern is most over-represented (its share of the pattern's items ÷ its share of all failures).",
        "",
        *failure_table(failures, 25),
    ]
    if settled.pages:
        lines += [
            "",
            "## The settled subset",
            "",
            f"{settled.pages} more pages, drawn only from the conventions the round-trip test asserts on "
            "(`SETTLED`, `settled_layout` and `settled_item` in tests/layout/render.py): they should all come "
            "back whole.",
            "",
            *overall_table(settled),
        ]
        if settled_failures:
            lines += ["", *failure_table(settled_failures, 10)]
    if isolated:
        lines += [
            "",
            "## One convention at a time",
            "",
            f"Settled pages ({isolated[0][2].pages} each) with one convention changed to a value left out of the "
            "subset, all else settled: what that convention alone costs. The last row keeps settled layouts but "
            "lays out every item, settled or not.",
            "",
            "| convention | value | F1 | kind | title | credits | column | round trip | most common failure |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, value, t, fs in isolated:
            common = collections.Counter(f.pattern for f in fs).most_common(1)
            if common:
                example = next(f.example for f in fs if f.pattern == common[0][0])
                worst = f"{common[0][0]} ×{common[0][1]}: {_cell(example)[:90]}"
            else:
                worst = "–"
            lines.append(
                f"| {name} | {value} | {pct(t.f1())} | {pct(t.ratio('kind_ok', 'kind_n'))} "
                f"| {pct(t.ratio('title_ok', 'title_n'))} | {pct(t.ratio('authors_ok', 'authors_n'))} "
                f"| {pct(t.ratio('column_ok', 'column_n'))} | {pct(t.whole / max(1, t.pages))} | {worst} |"
            )
    return "\n".join(lines) + "\n"


def overall_table(o: Tally) -> list[str]:
    return [
        "| boundary P | boundary R | boundary F1 | kind | title | untitled marked | credits | column | region "
        "| county | kept | kept with furniture | round trip |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {pct(o.ratio('boundary_ok', 'predicted'))} | {pct(o.ratio('boundary_ok', 'gold'))} | {pct(o.f1())} "
        f"| {pct(o.ratio('kind_ok', 'kind_n'))} | {pct(o.ratio('title_ok', 'title_n'))} "
        f"| {pct(o.ratio('untitled_ok', 'untitled_n'))} | {pct(o.ratio('authors_ok', 'authors_n'))} "
        f"| {pct(o.ratio('column_ok', 'column_n'))} | {pct(o.ratio('region_ok', 'region_n'))} "
        f"| {pct(o.ratio('county_ok', 'county_n'))} | {100 * o.kept / max(1, o.source):.2f} "
        f"| {100 * o.kept_page / max(1, o.source):.2f} | {pct(o.whole / max(1, o.pages))} |",
    ]


def failure_table(failures: list[Failure], top: int) -> list[str]:
    """The most frequent patterns, each with the convention values it concentrates in and an example."""
    lines = ["| pattern | count | most in | example (page conventions) |", "|---|---|---|---|"]
    by_pattern: dict[str, list[Failure]] = collections.defaultdict(list)
    for f in failures:
        by_pattern[f.pattern].append(f)
    base = collections.Counter((k, v) for f in failures for k, v in f.labels.items())
    for pattern, fs in sorted(by_pattern.items(), key=lambda kv: -len(kv[1]))[:top]:
        here = collections.Counter((k, v) for f in fs for k, v in f.labels.items())
        lift = sorted(
            ((here[kv] / len(fs)) / (base[kv] / len(failures)), kv) for kv in here if here[kv] >= 0.3 * len(fs)
        )
        best = [(k, v) for ratio, (k, v) in lift[::-1][:3] if ratio > 1.3]
        most = ", ".join(f"{k}={v} ({100 * here[(k, v)] / len(fs):.0f}%)" for k, v in best)
        ex = min(fs, key=lambda f: len(f.example))  # the shortest example reads best in a table
        brief = ", ".join(f"{k}={v}" for k, v in ex.labels.items() if k in ("source", "headline", "byline", "wrap"))
        lines.append(f"| {pattern} | {len(fs)} | {most or '–'} | {_cell(ex.example)} ({brief}) |")
    return lines


def _order(name: str) -> int:
    keys = [*CHOICES, "byline × mark", "source"]
    return keys.index(name) if name in keys else len(keys)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:140]


if __name__ == "__main__":
    main()
