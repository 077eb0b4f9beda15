"""Synthetic archives for benchmarks: the sample pages' paragraphs and headlines, recombined.

    make_archive(root, n_items, seed=0)

writes ``root/sitegen.toml`` (the repository's, verbatim) and ``root/content/<YYYY-MM-DD>/0N.md``
(+ ``issue.toml`` naming the pages): one issue a day going back from 2023-12-31, 36–44 items an
issue spread over pages 01–04 (9–11 items a page), until exactly ``n_items`` items are written
(the oldest issue takes what is left). Each item is built from the three sample pages in
``content/``:

- a headline drawn from the sample headlines, or two halves of two of them joined;
- a column mark (``## ◎栏目``, from ``[segment] columns``) on about half the items;
- a ``□`` byline whose credits are drawn from the sample credits, in their sample frequency
  (so 宋爽, the most frequent name there, stays the most frequent here);
- body paragraphs drawn from the sample article paragraphs, added until a length drawn per
  article (850–1,650 characters) is reached, so articles average ~1,300 characters (sometimes
  with a ``## `` subhead); or, for about one item in ten, a photo caption;
- the places in those paragraphs rewritten to one prefecture and one of its counties of
  内蒙古自治区, chosen per item, so regions spread over all 12 盟市.

Paragraph reuse means many items share text: realistic enough for a worst case of a search index
(many postings per term). Everything is deterministic for a seed.

For incremental rebuilds: ``add_issue(root)`` writes one more issue (the day after the newest,
~40 items) and ``edit_page(root)`` changes one sentence of one article of one page.

Run as a script to write one archive: ``python benchmarks/synth.py DEST N [--seed S]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CONTENT = REPO / "content"
SAMPLE_CONFIG = REPO / "sitegen.toml"
LAST_DAY = dt.date(2023, 12, 31)
HOME = "内蒙古自治区"
PAGES = (("01", "要闻"), ("02", "要闻"), ("03", "经济"), ("04", "党建"))
ITEMS_PER_DAY = (36, 44)
ISSUE_ITEMS = 40  # what add_issue writes by default
BODY_CHARS = (850, 1650)  # per-article target; overshoot by part of a paragraph brings the mean to ~1,300
PHOTO_SHARE = 0.1
COLUMN_SHARE = 0.5
# A paragraph the segmenter would not read as one plain body paragraph: kept out of the pool.
_NOT_PLAIN = re.compile(r"^(?:[◎★◆□■#*]|本报讯|本报记者|通讯员)|摄[)）]?$")
_ENDS_SENTENCE = re.compile(r"[。！？!?”’」』）)…]$")


@dataclass(frozen=True)
class Pools:
    headlines: tuple[str, ...]
    halves: tuple[tuple[str, ...], tuple[str, ...]]  # first and second halves of two-part headlines
    paragraphs: tuple[str, ...]
    subheads: tuple[str, ...]
    captions: tuple[str, ...]  # photo captions, credit (… 摄) included
    credits: tuple[tuple[tuple[str, str], ...], ...]  # one entry per credited sample item
    columns: tuple[str, ...]
    places: tuple[tuple[str, str, tuple[str, ...]], ...]  # (prefecture, short form, counties)
    place_pattern: re.Pattern[str]
    place_kind: dict[str, str]  # surface -> "full" | "short" | "county"


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


def _short(prefecture: str) -> str:
    return prefecture[:-1] if prefecture.endswith(("市", "盟")) else prefecture


@lru_cache(maxsize=1)
def pools() -> Pools:
    """Everything items are drawn from, read once from the sample pages and sitegen's data."""
    sys.path.insert(0, str(REPO))
    from sitegen.config import load_config
    from sitegen.regions import load_aliases, load_gazetteer
    from sitegen.segment import cut_text
    from sitegen.sources import read_text

    config = load_config(SAMPLE_CONFIG)
    items = []
    for page in sorted(SAMPLE_CONTENT.glob("*/*.*")):
        if page.suffix.lower() not in (".md", ".txt"):
            continue
        markdown = True if page.suffix.lower() == ".md" else None
        items.extend(item for item, _ in cut_text(read_text(page), markdown=markdown, columns=config.columns).items)

    headlines: dict[str, None] = {}
    paragraphs: dict[str, None] = {}
    subheads: dict[str, None] = {}
    captions: dict[str, None] = {}
    credits: list[tuple[tuple[str, str], ...]] = []
    for item in items:
        if item.title and not item.title_inferred and item.kind in ("article", "photo"):
            headlines[item.title] = None
        if item.credits and item.kind == "article":
            credits.append(tuple((c.role, c.name) for c in item.credits))
        paras = _paragraphs(item.body)
        if item.kind == "photo":
            for p in paras:
                if p.endswith("摄") and len(p) >= 30:
                    captions[p] = None
            continue
        if item.kind != "article":
            continue
        if paras and item.credits and item.credits[0].name in paras[0] and len(paras[0]) < 40:
            paras = paras[1:]  # the byline as printed
        for p in paras:
            if p.startswith("## ") and "◎" not in p:
                subheads[p[3:].strip()] = None
            elif len(p) >= 15 and not _NOT_PLAIN.search(p) and _ENDS_SENTENCE.search(p):
                paragraphs[p] = None

    two_part = [h.split(" ", 1) for h in headlines if " " in h]
    halves = (tuple(a for a, _ in two_part), tuple(b for _, b in two_part))

    home = next(p for p in load_gazetteer()["provinces"] if p["name"] == HOME)
    places = tuple((f["name"], _short(f["name"]), tuple(c["name"] for c in f["counties"])) for f in home["prefectures"])
    kind: dict[str, str] = {}
    for full, short, counties in places:
        kind[full] = "full"
        kind[short] = "short"
        for county in counties:
            kind.setdefault(county, "county")
    for short in load_aliases().get("provinces", {}).get(HOME, {}).get("counties", {}):
        kind.setdefault(short, "county")
    kind = {k: v for k, v in kind.items() if len(k) >= 2}
    # Longest first, so 阿拉善左旗 wins over 阿拉善; 兴安 not inside 大兴安岭.
    alternatives = [("(?<!大)" if s == "兴安" else "") + re.escape(s) for s in sorted(kind, key=len, reverse=True)]
    return Pools(
        headlines=tuple(headlines),
        halves=halves,
        paragraphs=tuple(paragraphs),
        subheads=tuple(subheads),
        captions=tuple(captions),
        credits=tuple(credits),
        columns=tuple(config.columns),
        places=places,
        place_pattern=re.compile("|".join(alternatives)),
        place_kind=kind,
    )


def byline(credits: tuple[tuple[str, str], ...]) -> str:
    """`□本报记者 宋爽 通讯员 苏日娜`: a role printed once before its run of names."""
    parts: list[str] = []
    last_role = None
    for role, name in credits:
        if role != last_role and role != "作者":
            parts.append(role)
        parts.append(name)
        last_role = role
    return "□" + " ".join(parts)


def relocate(text: str, p: Pools, prefecture: tuple[str, str, tuple[str, ...]], county: str) -> str:
    full, short, _ = prefecture
    swap = {"full": full, "short": short, "county": county}
    return p.place_pattern.sub(lambda m: swap[p.place_kind[m.group(0)]], text)


def make_item(rng: random.Random, p: Pools) -> tuple[str, int]:
    """One item as Markdown (optional column mark, headline, byline or caption, paragraphs), and its
    article body length in characters (0 for a photo)."""
    prefecture = rng.choice(p.places)
    county = rng.choice(prefecture[2])
    lines: list[str] = []
    if rng.random() < COLUMN_SHARE:
        lines.append(f"## ◎{rng.choice(p.columns)}")
    if rng.random() < 0.5 or not p.halves[0]:
        title = rng.choice(p.headlines)
    else:
        title = f"{rng.choice(p.halves[0])} {rng.choice(p.halves[1])}"
    lines.append(f"# {title}")
    if rng.random() < PHOTO_SHARE and p.captions:
        lines.append(relocate(rng.choice(p.captions), p, prefecture, county))
        return "\n\n".join(lines), 0
    lines.append(byline(rng.choice(p.credits)))
    target = rng.randint(*BODY_CHARS)
    # A shuffled pool, so no paragraph repeats within one item.
    order = rng.sample(range(len(p.paragraphs)), len(p.paragraphs))
    paras: list[str] = []
    chars = 0
    for index in order:
        if chars >= target:
            break
        para = relocate(p.paragraphs[index], p, prefecture, county)
        paras.append(para)
        chars += len(para)
    if len(paras) >= 5 and p.subheads and rng.random() < 0.5:
        paras.insert(rng.randint(2, len(paras) - 1), f"## {rng.choice(p.subheads)}")
    lines.extend(paras)
    return "\n\n".join(lines), chars


def issue_toml(date: dt.date, numbers: list[str]) -> str:
    names = dict(PAGES)
    return f"# Issue of {date.isoformat()}\n[pages]\n" + "".join(f'"{n}" = "{names[n]}"\n' for n in numbers)


def write_issue(content: Path, date: dt.date, count: int, rng: random.Random, p: Pools) -> dict[str, int]:
    """content/<date>/01.md… with `count` items spread evenly over up to four pages, and issue.toml."""
    folder = content / date.isoformat()
    folder.mkdir(parents=True)
    per_page = [count // len(PAGES) + (i < count % len(PAGES)) for i in range(len(PAGES))]
    numbers: list[str] = []
    size = articles = body_chars = 0
    for (number, _), n in zip(PAGES, per_page, strict=True):
        if n == 0:
            continue
        made = [make_item(rng, p) for _ in range(n)]
        text = "\n\n".join(md for md, _ in made) + "\n"
        (folder / f"{number}.md").write_text(text, encoding="utf-8")
        numbers.append(number)
        size += len(text.encode())
        articles += sum(chars > 0 for _, chars in made)
        body_chars += sum(chars for _, chars in made)
    (folder / "issue.toml").write_text(issue_toml(date, numbers), encoding="utf-8")
    return {"pages": len(numbers), "items": count, "bytes": size, "articles": articles, "body_chars": body_chars}


def make_archive(root: Path, n_items: int, seed: int = 0) -> dict[str, object]:
    """Write the archive; returns {"issues", "pages", "items", "first_day", "last_day", "bytes",
    "article_chars_mean"}."""
    p = pools()
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE_CONFIG, root / "sitegen.toml")
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir()
    day, issues = LAST_DAY, 0
    totals = Counter[str]()
    while totals["items"] < n_items:
        count = min(rng.randint(*ITEMS_PER_DAY), n_items - totals["items"])
        totals.update(write_issue(content, day, count, rng, p))
        issues += 1
        day -= dt.timedelta(days=1)
    return {
        "issues": issues,
        "pages": totals["pages"],
        "items": totals["items"],
        "first_day": (day + dt.timedelta(days=1)).isoformat(),
        "last_day": LAST_DAY.isoformat(),
        "bytes": totals["bytes"],
        "article_chars_mean": round(totals["body_chars"] / max(1, totals["articles"])),
    }


def _issue_days(content: Path) -> list[dt.date]:
    days = []
    for folder in content.iterdir():
        try:
            days.append(dt.date.fromisoformat(folder.name))
        except ValueError:
            continue
    return sorted(days)


def add_issue(root: Path, n_items: int = ISSUE_ITEMS, seed: int = 0) -> dict[str, object]:
    """Write one more issue into root/content: the day after the newest one (2024-01-01 for a fresh
    archive), `n_items` items over pages 01–04. Returns {"day", "pages", "items", "bytes", "files"}."""
    content = root / "content"
    days = _issue_days(content)
    day = days[-1] + dt.timedelta(days=1) if days else LAST_DAY + dt.timedelta(days=1)
    # Seeded by the day too, so a second call writes a different issue, still deterministic.
    written = write_issue(content, day, n_items, random.Random(f"{seed}:{day.isoformat()}"), pools())
    files = sorted(str(f.relative_to(root)) for f in (content / day.isoformat()).iterdir())
    return {
        "day": day.isoformat(),
        "pages": written["pages"],
        "items": n_items,
        "bytes": written["bytes"],
        "files": files,
    }


_SENTENCE = re.compile(r"[^。！？]*[。！？]")


def edit_page(root: Path, seed: int = 0) -> dict[str, object]:
    """Change one sentence of one article body paragraph on one page (chosen by `seed`, an issue from
    the middle of the archive), leaving every item's headline, byline, places and count as they were.
    Returns {"page", "before", "after"}."""
    rng = random.Random(seed)
    content = root / "content"
    days = _issue_days(content)
    day = days[len(days) // 2]
    pages = sorted((content / day.isoformat()).glob("*.md"))
    page = rng.choice(pages)
    chunks = page.read_text(encoding="utf-8").split("\n\n")
    # A plain body paragraph with a sentence ending inside it: the edit keeps its first and last
    # characters, so the segmenter cuts the page exactly as before.
    candidates: list[tuple[int, str]] = []
    for i, chunk in enumerate(chunks):
        if not chunk.strip() or chunk.startswith(("#", "□")) or _NOT_PLAIN.search(chunk.strip()):
            continue
        if (m := _SENTENCE.match(chunk)) and m.end() < len(chunk.rstrip()):
            candidates.append((i, m.group(0)))
    if not candidates:
        raise ValueError(f"no paragraph to edit on {page}")
    index, sentence = rng.choice(candidates)
    edited = sentence[:-1] + "，相关做法已在全区推广" + sentence[-1]
    chunks[index] = edited + chunks[index][len(sentence) :]
    page.write_text("\n\n".join(chunks), encoding="utf-8")
    return {"page": str(page.relative_to(root)), "before": sentence, "after": edited}


def pool_summary() -> dict[str, object]:
    p = pools()
    names = Counter(name for credits in p.credits for _, name in credits)
    return {
        "headlines": len(p.headlines),
        "halves": [len(h) for h in p.halves],
        "paragraphs": len(p.paragraphs),
        "subheads": len(p.subheads),
        "captions": len(p.captions),
        "credits": len(p.credits),
        "top_names": names.most_common(5),
        "columns": len(p.columns),
        "prefectures": len(p.places),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("n_items", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(pool_summary())
    print(make_archive(args.dest, args.n_items, args.seed))


if __name__ == "__main__":
    main()
