"""The search index: lunr.py at build time, lunr.js 2.3.9 in the browser, split so a query loads little.

Layout under `search/` (every file a `.js` script, because file:// forbids fetch()):

    manifest.js          chunks, bucket counts, column and region names, documents per store file
    c<k>/meta.js         per document of chunk k: day, column, region (for filters and sorting)
    c<k>/<bucket>.js     the part of chunk k's lunr index holding the terms of one bucket (compact)
    docs/<f>/<n>.js      what a result shows: url, title, date, column, region, authors, text; file n in
                         folder n // DOCS_FILES_PER_FOLDER, so no folder holds more than that many

Documents are numbered oldest first and cut into chunks of CHUNK_SIZE, the newest few short of a
whole chunk into chunks of TAIL_SIZE: a new issue rebuilds one small chunk, and a whole chunk is
built once, when the tail fills it. Each chunk is one lunr index (built in parallel), then split by term: a Han
bigram goes to bucket `h<fnv1a(term) mod buckets>`, a Latin/digit term to `x<first char>` so a
pinyin prefix query (`chifeng*`) stays in one file. Splitting keeps lunr's own term indexes and
weights, so every bucket is a valid lunr index and scores are what the whole index would give.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pypinyin import Style, lazy_pinyin

from sitegen import bidi, lunr_index, tokens, urls
from sitegen.fingerprint import digest
from sitegen.jobs import Job
from sitegen.model import Item

if TYPE_CHECKING:
    from sitegen.fingerprint import Fingerprints

FORMAT = 5  # 2: compact buckets, expanded by static/search/shard.js; 3: Han characters indexed alone too;
# 4: the manifest says where the site is from the search page (root); 5: docs files in folders
CHUNK_SIZE = 5000
TAIL_SIZE = 1000  # the newest documents, short of a whole chunk, in chunks this size (see chunk_bounds)
DOCS_PER_FILE = 4  # a result page of 10 loads about 10 files: 40 stored texts, not 100
# Static hosts and file systems slow down or refuse past ~10,000 entries in one folder: a million
# items make 250,000 docs files, 250 folders of 1,000.
DOCS_FILES_PER_FOLDER = 1000
TEXT_LIMIT = 3000  # characters of body kept for snippets and phrase checks
BUCKET_TARGET = 40_000  # bytes of compact index a bucket should hold at most, roughly
DOC_BYTES = 8_000  # compact index bytes per document (bigrams and single characters): 8.7 kB in the synthetic archives
LATIN = "abcdefghijklmnopqrstuvwxyz0123456789"
MAX_BUCKETS = 1024
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 10),
    ("head", 3),
    ("body", 1),
    ("column", 2),
    ("region", 2),
    ("authors", 3),
    ("pinyin", 2),
)
_LATIN = re.compile(r"^[a-z0-9]")


# What a result row holds, in order (query.js names them so: ROW_FIELDS).
SHOW_FIELDS = ("url", "title", "date", "column", "region", "county", "authors", "text")


@dataclass(frozen=True)
class SearchDoc:
    """What gets indexed and shown for one item."""

    ref: str
    fields: dict[str, str]
    show: list[Any]  # SHOW_FIELDS, in that order
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


@functools.lru_cache(maxsize=8192)  # columns, places and authors recur on every page
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
        # Shown side by side in a result: each string closes the bidi controls it opens (see bidi.py).
        show=[
            urls.item_url(item),
            bidi.balanced(item.display_title),
            item.date.isoformat() if item.date else "",
            _balanced(item.column),
            _balanced(item.region),
            _balanced(item.county),
            [bidi.balanced(a) for a in item.authors],
            bidi.balanced(text[:TEXT_LIMIT]),
        ],
        day=_day(item),
        column=item.column,
        region=item.region,
    )


def _balanced(text: str | None) -> str | None:
    return None if text is None else bidi.balanced(text)


def _ref(number: int) -> str:
    return format(number, "x")


def bucket_count(docs: int) -> int:
    """Hash buckets for a chunk of `docs` documents: enough for ~BUCKET_TARGET bytes each."""
    return min(MAX_BUCKETS, 2 ** max(0, math.ceil(math.log2(max(1.0, docs * DOC_BYTES / BUCKET_TARGET)))))


def chunk_bounds(total: int) -> list[tuple[int, int]]:
    """(first, count) of each chunk for ``total`` documents: whole chunks, then the tail in small ones."""
    whole = total - total % CHUNK_SIZE
    return [(first, CHUNK_SIZE) for first in range(0, whole, CHUNK_SIZE)] + [
        (first, min(TAIL_SIZE, total - first)) for first in range(whole, total, TAIL_SIZE)
    ]


def chunk_files(k: int, items: Sequence[Item], first: int) -> list[tuple[str, bytes]]:
    """Chunk k's index as one file per bucket (every Latin bucket and every hash bucket, empty or not,
    so the manifest knows them without building the chunk)."""
    docs = [search_doc(first + n, item) for n, item in enumerate(items)]
    buckets = bucket_count(len(docs))
    names = [f"h{b}" for b in range(buckets)] + [f"x{c}" for c in LATIN]
    shards = lunr_index.build_buckets(
        [(d.ref, d.fields) for d in docs], FIELDS, lambda term: bucket_of(term, buckets), names
    )
    # Popped as they are wrapped: the text and its bytes are never both held for the whole chunk.
    return [
        (f"search/c{k}/{name}.js", script_of_json("shard", json.dumps(f"c{k}/{name}"), shards.pop(name)))
        for name in list(shards)
    ]


def meta_file(k: int, items: Sequence[Item], columns: dict[str, int], regions: dict[str, int]) -> bytes:
    """Per document of chunk k: day, column and region numbers (for filters and sorting)."""
    meta = {
        "day": [_day(i) for i in items],
        "column": [columns.get(i.column, -1) if i.column else -1 for i in items],
        "region": [regions.get(i.region, -1) if i.region else -1 for i in items],
    }
    return script("meta", k, meta)


def docs_file(n: int, items: Sequence[Item], first: int) -> bytes:
    return script("docs", n, [search_doc(first + k, item).show for k, item in enumerate(items)])


def script(call: str, *args: Any) -> bytes:
    """`sitegenSearch.<call>(…);` with JSON arguments, safe inside a script file."""
    return script_of_json(
        call, *(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for a in args)
    )


def script_of_json(call: str, *args: str) -> bytes:
    """`sitegenSearch.<call>(…);` with arguments already in JSON."""
    body = ",".join(args)
    # U+2028/2029 end lines in older JavaScript; "<" keeps "</script>" and "<!--" out should this ever be
    # inlined. All of them can only stand inside JSON strings, where a \u escape means the same.
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("<", "\\u003c")
    for char in bidi.CONTROLS:  # shown as escapes, they cannot reorder the file in an editor or a diff
        if char in body:
            body = body.replace(char, f"\\u{ord(char):04x}")
    return f"sitegenSearch.{call}({body});\n".encode()


def search_jobs(items: Iterable[Item], keys: Fingerprints) -> list[Job]:
    """The jobs making every file under search/ for `items` (any order: they are numbered oldest first)."""
    ordered = sorted(items, key=lambda i: (i.date or dt.date.min, i.page or 0, i.seq))
    columns = sorted({i.column for i in ordered if i.column})
    regions = sorted({i.region for i in ordered if i.region})
    jobs, chunks = _chunk_jobs(ordered, keys, columns, regions)
    jobs += _docs_jobs(ordered, keys)
    years = sorted({i.date.year for i in ordered if i.date})
    manifest = {
        "format": FORMAT,
        "label": tokens.LABEL,
        "docsPerFile": DOCS_PER_FILE,
        "docsFilesPerFolder": DOCS_FILES_PER_FOLDER,
        "root": urls.relative(urls.SEARCH, "index.html").removesuffix("index.html"),  # the search page to the site
        "total": len(ordered),
        "chunks": chunks,
        "columns": columns,
        "regions": regions,
        "years": [years[0], years[-1]] if years else [],
    }
    data = script("manifest", manifest)
    jobs.append(Job("search/manifest.js", digest(data), lambda: [("search/manifest.js", data)], "search"))
    return jobs


def _chunk_jobs(
    ordered: Sequence[Item], keys: Fingerprints, columns: list[str], regions: list[str]
) -> tuple[list[Job], list[dict[str, Any]]]:
    """Per chunk of the archive, the jobs writing its index and its metadata, and its manifest entry."""
    column_ids = {c: n for n, c in enumerate(columns)}
    region_ids = {r: n for n, r in enumerate(regions)}
    jobs: list[Job] = []
    chunks = []
    for k, (first, count) in enumerate(chunk_bounds(len(ordered))):
        chunk = tuple(ordered[first : first + count])
        jobs.append(
            Job(
                f"search/c{k}/h0.js",
                keys.key("search-index", FORMAT, first, chunk),
                functools.partial(chunk_files, k, chunk, first),
                "search",
                weight=len(chunk),
            )
        )
        jobs.append(
            Job(
                f"search/c{k}/meta.js",
                keys.key("search-meta", FORMAT, chunk, columns, regions),
                lambda k=k, chunk=chunk: [(f"search/c{k}/meta.js", meta_file(k, chunk, column_ids, region_ids))],
                "search",
            )
        )
        chunks.append(
            {
                "id": k,
                "first": first,
                "count": len(chunk),
                "buckets": bucket_count(len(chunk)),
                "latin": list(LATIN),
                "from": _date(chunk[0]),
                "to": _date(chunk[-1]),
            }
        )
    return jobs, chunks


def _docs_jobs(ordered: Sequence[Item], keys: Fingerprints) -> list[Job]:
    """The jobs writing the result rows, DOCS_PER_FILE items a file."""
    jobs = []
    for n, first in enumerate(range(0, len(ordered), DOCS_PER_FILE)):
        batch = tuple(ordered[first : first + DOCS_PER_FILE])
        path = f"search/docs/{n // DOCS_FILES_PER_FOLDER}/{n}.js"
        jobs.append(
            Job(
                path,
                keys.key("search-docs", FORMAT, first, batch),
                lambda n=n, batch=batch, first=first, path=path: [(path, docs_file(n, batch, first))],
                "search",
            )
        )
    return jobs


def _day(item: Item) -> int:
    return (item.date - dt.date(1970, 1, 1)).days if item.date else 0


def _date(item: Item) -> str:
    return item.date.isoformat() if item.date else ""
