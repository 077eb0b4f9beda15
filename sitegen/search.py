"""The search index: lunr.py at build time, lunr.js 2.3.9 in the browser, split so a query loads little.

Layout under `search/` (every file a `.js` script, because file:// forbids fetch()):

    manifest.js          chunks, bucket counts, column and region names, documents per store file
    c<k>/meta.js         per document of chunk k: day, column, region (for filters and sorting)
    c<k>/<bucket>.js     the part of chunk k's lunr index holding the terms of one bucket
    docs/<n>.js          what a result shows: url, title, date, column, region, authors, text

Documents are numbered oldest first and cut into chunks of CHUNK_SIZE, so a new issue changes only
the newest chunk. Each chunk is one lunr index (built in parallel), then split by term: a Han
bigram goes to bucket `h<fnv1a(term) mod buckets>`, a Latin/digit term to `x<first char>` so a
pinyin prefix query (`chifeng*`) stays in one file. Splitting keeps lunr's own term indexes and
weights, so every bucket is a valid lunr index and scores are what the whole index would give.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from pypinyin import Style, lazy_pinyin

from sitegen import tokens, urls
from sitegen.model import Item
from sitegen.writer import OutputFile

FORMAT = 1
CHUNK_SIZE = 5000
DOCS_PER_FILE = 10
TEXT_LIMIT = 3000  # characters of body kept for snippets and phrase checks
BUCKET_TARGET = 160_000  # bytes of serialized index a bucket should hold at most, roughly
MAX_BUCKETS = 1024
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 10), ("head", 3), ("body", 1), ("column", 2), ("region", 2), ("authors", 3), ("pinyin", 2),
)
_LATIN = re.compile(r"^[a-z0-9]")


@dataclass(frozen=True)
class SearchDoc:
    """What gets indexed and shown for one item."""

    ref: str
    fields: dict[str, str]
    show: list[Any]  # [url, title, date, column, region, county, authors, text]
    day: int  # days since 1970-01-01, for sorting and year filters
    column: str | None
    region: str | None


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over code points; search.js computes the same."""
    h = 0x811C9DC5
    for char in text:
        h ^= ord(char)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def bucket_of(term: str, buckets: int) -> str:
    return f"x{term[0]}" if _LATIN.match(term) else f"h{fnv1a(term) % buckets}"


def pinyin_forms(name: str) -> str:
    """`赤峰市` → `chifengshi cfs`: full pinyin and initials, for `chifeng` or `cf` queries."""
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL) if s.isascii() and s.isalnum()]
    if not syllables:
        return ""
    return f"{''.join(syllables).lower()} {''.join(s[0] for s in syllables).lower()}"


def plain_text(body: str) -> str:
    """Markdown body → plain text: heading and emphasis marks dropped, paragraphs kept apart."""
    lines = (re.sub(r"^#+\s*", "", line).replace("**", "") for line in body.split("\n"))
    return "\n".join(line for line in lines if line.strip())


def search_doc(number: int, item: Item) -> SearchDoc:
    names = [item.column or "", item.region or "", item.county or "", *item.authors]
    text = plain_text(item.body)
    return SearchDoc(
        ref=_ref(number),
        fields={
            "title": item.title or "",
            "head": " ".join(filter(None, (item.kicker, item.subtitle))),
            "body": text,
            "column": item.column or "",
            "region": " ".join(filter(None, (item.region, item.county))),
            "authors": " ".join(item.authors),
            "pinyin": " ".join(filter(None, (pinyin_forms(n) for n in [item.title or "", *names]))),
        },
        show=[
            urls.item_url(item), item.title or "（无题）", item.date.isoformat() if item.date else "",
            item.column, item.region, item.county, list(item.authors), text[:TEXT_LIMIT],
        ],
        day=(item.date - dt.date(1970, 1, 1)).days if item.date else 0,
        column=item.column,
        region=item.region,
    )


def _ref(number: int) -> str:
    return format(number, "x")


def build_chunk(docs: Sequence[tuple[str, dict[str, str]]]) -> dict[str, Any]:
    """One chunk's lunr index, serialized. Runs in a worker process."""
    builder = tokens.builder()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, fields in docs:
        builder.add({"ref": ref, **fields})
    return builder.build().serialize()


def chunk_files(k: int, docs: Sequence[tuple[str, dict[str, str]]]) -> tuple[int, list[str], list[tuple[str, bytes]]]:
    """Chunk k's index as bucket files: (bucket count, Latin buckets, [(path, bytes)]).

    Runs in a worker and returns bytes, so a huge index dict never crosses processes or waits
    in memory for the other chunks."""
    buckets, shards = split_index(build_chunk(docs))
    files = [(f"search/c{k}/{name}.js", script("shard", f"c{k}/{name}", s)) for name, s in sorted(shards.items())]
    return buckets, sorted(n[1:] for n in shards if n.startswith("x")), files


def split_index(serialized: dict[str, Any]) -> tuple[int, dict[str, dict[str, Any]]]:
    """(bucket count, bucket name → lunr index) for one chunk's serialized index."""
    size = len(json.dumps(serialized, ensure_ascii=False, separators=(",", ":")).encode())
    buckets = min(MAX_BUCKETS, 2 ** max(0, math.ceil(math.log2(max(1, size / BUCKET_TARGET)))))
    where: dict[int, str] = {}
    terms: dict[str, list[Any]] = {f"h{k}": [] for k in range(buckets)}
    for term, posting in serialized["invertedIndex"]:
        name = bucket_of(term, buckets)
        where[posting["_index"]] = name
        terms.setdefault(name, []).append([term, posting])
    vectors: dict[str, list[Any]] = {name: [] for name in terms}
    for field_ref, elements in serialized["fieldVectors"]:
        parts: dict[str, list[float]] = {}
        for k in range(0, len(elements), 2):
            parts.setdefault(where[elements[k]], []).extend(elements[k : k + 2])
        for name, part in parts.items():
            vectors[name].append([field_ref, part])
    shards = {
        name: {
            "version": serialized["version"], "fields": serialized["fields"],
            "fieldVectors": vectors[name], "invertedIndex": terms[name], "pipeline": serialized["pipeline"],
        }
        for name in terms
    }
    return buckets, shards


def script(call: str, *args: Any) -> bytes:
    """`sitegenSearch.<call>(…);` with JSON arguments, safe inside a script file."""
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for a in args)
    # U+2028/2029 end lines in older JavaScript; "<" keeps "</script>" out should this ever be inlined.
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("<", "\\u003c")
    return f"sitegenSearch.{call}({body});\n".encode()


def build_search(items: Iterable[Item], workers: int | None = None) -> list[OutputFile]:
    """Every file under search/ for `items` (any order: they are numbered oldest first)."""
    ordered = sorted(items, key=lambda i: (i.date or dt.date.min, i.page or 0, i.seq))
    docs = [search_doc(n, item) for n, item in enumerate(ordered)]
    columns = sorted({d.column for d in docs if d.column})
    regions = sorted({d.region for d in docs if d.region})
    chunks = [docs[k : k + CHUNK_SIZE] for k in range(0, len(docs), CHUNK_SIZE)]
    jobs = [[(d.ref, d.fields) for d in chunk] for chunk in chunks]
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    column_ids = {c: n for n, c in enumerate(columns)}
    region_ids = {r: n for n, r in enumerate(regions)}
    files: list[OutputFile] = []
    manifest_chunks = []
    with contextlib.ExitStack() as stack:
        built: Iterable[tuple[int, list[str], list[tuple[str, bytes]]]]
        if workers > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            built = pool.map(chunk_files, range(len(jobs)), jobs)
        else:
            built = map(chunk_files, range(len(jobs)), jobs)
        for k, (chunk, (buckets, latin, shard_files)) in enumerate(zip(chunks, built, strict=True)):
            files.extend(OutputFile(path, data, "search") for path, data in shard_files)
            meta = {
                "day": [d.day for d in chunk],
                "column": [column_ids.get(d.column, -1) if d.column else -1 for d in chunk],
                "region": [region_ids.get(d.region, -1) if d.region else -1 for d in chunk],
            }
            files.append(OutputFile(f"search/c{k}/meta.js", script("meta", k, meta), "search"))
            manifest_chunks.append({
                "id": k, "first": k * CHUNK_SIZE, "count": len(chunk), "buckets": buckets, "latin": latin,
                "from": chunk[0].show[2], "to": chunk[-1].show[2],
            })
    for n in range(0, len(docs), DOCS_PER_FILE):
        batch = [d.show for d in docs[n : n + DOCS_PER_FILE]]
        files.append(OutputFile(f"search/docs/{n // DOCS_PER_FILE}.js", script("docs", n // DOCS_PER_FILE, batch),
                                "search"))
    years = sorted({d.show[2][:4] for d in docs if d.show[2]})
    manifest = {
        "format": FORMAT, "label": tokens.LABEL, "docsPerFile": DOCS_PER_FILE, "total": len(docs),
        "chunks": manifest_chunks, "columns": columns, "regions": regions,
        "years": [int(years[0]), int(years[-1])] if years else [],
    }
    files.append(OutputFile("search/manifest.js", script("manifest", manifest), "search"))
    return files
