"""lunr 2.3.9 indexes, built with plain dicts and written straight into term buckets.

lunr.py's Builder spends ~10 ms a document on Token objects, per-term pipeline calls and
Vector.insert. This module computes the same numbers in one pass per field:

- tokens: lunr's tokenizer (split on whitespace and "-", lowercase) followed by our index pipeline
  function, ``tokens.index_tokens`` of each piece, with one regex split instead of lunr's loop over
  every character and its Token objects;
- term indexes in order of first appearance (documents in order, fields in field order), as
  lunr's ``termIndex`` counter gives them;
- lunr's BM25: ``idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * len / avg_len) + tf)``, times the
  field boost, rounded to 3 places, with lunr's idf counting a document once per field it
  appears in; the same float operations in the same order, so the same values bit for bit.

The result is not one index but one per bucket: the terms of that bucket with their postings,
and every field vector cut down to those terms (lunr.js scores a match by the dot product of the
query vector with the field vector, divided by the query vector's magnitude, so the entries of
other terms never count).

A bucket is written compactly, since lunr's own JSON says everything twice (each posting once in
the inverted index and once, with its weight and the document's ref spelled out, in a field
vector): per term, per field, the documents holding it as gaps between their numbers in the chunk,
each followed by its weight times 1000 (lunr's weights have three decimals)::

    {"fields": ["title", …], "terms": [["赤峰", 2016, 0, [3, 4002, 5, 2435], 0, …], …]}

(term, lunr's term index, then per field 0 or [gap, weight, gap, weight…]). The browser expands it
into lunr's JSON (static/search/shard.js) for ``lunr.Index.load``: a third of the bytes to load,
gzip for gzip, and a quarter on disk. tests/test_lunr_index.py checks the expanded buckets equal
lunr.py's index split the same way, and that lunr.js 2.3.9 finds the same documents with the same
scores.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sitegen import tokens

LUNR_VERSION = "2.3.9"
K1 = 1.2
B = 0.75


# lunr.py's tokenizer splits on exactly these (lunr/tokenizer.py SEPARATOR_CHARS).
_LUNR_SEPARATORS = re.compile(r"[ \t\n\r\f\v\xa0-]+")


def field_terms(value: str) -> list[str]:
    """The terms lunr (with the sitegen-cjk-index pipeline) indexes for one field value: each piece
    lunr's tokenizer cuts it into, through ``tokens.index_tokens``."""
    index_tokens = tokens.index_tokens
    terms: list[str] = []
    for piece in _LUNR_SEPARATORS.split(value.lower()):
        if piece:
            terms += index_tokens(piece)
    return terms


def build_buckets(
    docs: Sequence[tuple[str, Mapping[str, str]]],
    fields: Sequence[tuple[str, int]],
    bucket_of: Callable[[str], str],
    buckets: Sequence[str] = (),
) -> dict[str, str]:
    """Bucket name → the part of the lunr index of ``docs`` (ref, {field: text}) holding that bucket's
    terms, as compact JSON text (see above) naming documents by their place in ``docs``.

    The text is written directly: a chunk's index has millions of postings, and building lists and
    dicts only to serialize them took most of the time and memory. Every name in ``buckets`` gets an
    index, empty or not; other buckets appear when a term falls in them.
    """
    names = [name for name, _ in fields]
    term_ids, postings, totals, counted = _count_terms(docs, names)
    weights = _bm25_weights(postings, counted, len(docs), totals, [boost for _, boost in fields])
    return _bucket_texts(term_ids, postings, weights, names, bucket_of, buckets)


Counted = list[list[tuple[int, "array[int]", "array[int]"] | None]]  # per doc, field: (length, term ids, counts)
Postings = list[list["array[int] | None"]]  # term id → per field: doc numbers (or weights), or None


def _count_terms(
    docs: Sequence[tuple[str, Mapping[str, str]]], names: Sequence[str]
) -> tuple[dict[str, int], Postings, list[int], Counted]:
    """Each term's number, the documents holding it per field, each field's total length, and each
    document's terms and their counts per field."""
    n_fields = len(names)
    # Terms are numbered in order of first appearance (documents in order, fields in field order):
    # exactly lunr's termIndex. Per document and field only arrays of numbers are kept, not Counters:
    # a chunk of 5,000 articles has millions of (term, count) pairs.
    term_ids: dict[str, int] = {}
    postings: list[list[array[int] | None]] = []  # term id → per field: doc numbers, or None
    totals = [0] * n_fields
    counted: list[list[tuple[int, array[int], array[int]] | None]] = []  # per doc, field: (length, ids, counts)
    for number, (_, values) in enumerate(docs):
        per_field: list[tuple[int, array[int], array[int]] | None] = []
        for f, name in enumerate(names):
            terms = field_terms(values.get(name) or "")
            if not terms:
                per_field.append(None)
                continue
            counts = Counter(terms)
            totals[f] += len(terms)
            ids = array("i")
            for term in counts:
                tid = term_ids.get(term)
                if tid is None:
                    tid = term_ids[term] = len(postings)
                    postings.append([None] * n_fields)
                posting = postings[tid]
                refs = posting[f]
                if refs is None:
                    posting[f] = array("i", (number,))  # 4 bytes a posting, not a 36-byte int in a list
                else:
                    refs.append(number)
                ids.append(tid)
            per_field.append((len(terms), ids, array("i", counts.values())))
        counted.append(per_field)

    return term_ids, postings, totals, counted


def _bm25_weights(postings: Postings, counted: Counted, n_docs: int, totals: list[int], boosts: list[int]) -> Postings:
    """Per term and field, each document's BM25 weight (×1,000), in the order of the postings."""
    average = [total / n_docs for total in totals] if n_docs else totals
    idf = [0.0] * len(postings)
    for tid, posting in enumerate(postings):
        with_term = sum(len(numbers) for numbers in posting if numbers is not None)
        idf[tid] = math.log(1 + abs((n_docs - with_term + 0.5) / (with_term + 0.5)))

    # Weights: lunr's BM25 with the same float operations in the same order as lunr.py, kept per term
    # and field in document order, which is the order of the postings.
    weights: list[list[array[int] | None]] = [
        [None if p is None else array("i") for p in posting] for posting in postings
    ]
    k1_plus_1 = K1 + 1
    for number, per_field in enumerate(counted):
        for f, entry in enumerate(per_field):
            if entry is None:
                continue
            length, ids, tfs = entry
            norm = K1 * (1 - B + B * (length / average[f]))
            boost = boosts[f]
            for tid, tf in zip(ids, tfs, strict=True):
                score = round(idf[tid] * (k1_plus_1 * tf) / (norm + tf) * boost, 3)
                weights[tid][f].append(round(score * 1000))  # type: ignore[union-attr]  # set with the posting
        counted[number] = []  # done with it: the chunk's memory peaks here, not at the end

    return weights


def _bucket_texts(
    term_ids: dict[str, int],
    postings: Postings,
    weights: Postings,
    names: Sequence[str],
    bucket_of: Callable[[str], str],
    buckets: Sequence[str],
) -> dict[str, str]:
    """Each bucket's index as JSON text: its terms in lunr's order, with their postings and weights."""
    bucket_names = list(dict.fromkeys([*buckets, *(bucket_of(term) for term in term_ids)]))
    bucket_number = {name: n for n, name in enumerate(bucket_names)}
    entries: list[list[str]] = [[] for _ in bucket_names]
    # lunr.js inserts an index's terms in sorted order, and refuses them out of order: sorted as JavaScript
    # compares strings, by UTF-16 code unit (a term past U+FFFF sorts before U+FA0E there, not after).
    for term in sorted(term_ids, key=_utf16):
        tid = term_ids[term]
        parts = [_json(term), str(tid)]
        for numbers, scores in zip(postings[tid], weights[tid], strict=True):
            if numbers is None or scores is None:
                parts.append("0")
                continue
            pairs = []
            previous = 0
            for n, w in zip(numbers, scores, strict=True):
                pairs.append(f"{n - previous},{w}")
                previous = n
            parts.append(f"[{','.join(pairs)}]")
        entries[bucket_number[bucket_of(term)]].append(f"[{','.join(parts)}]")
    head = f'{{"fields":{_json(names)},"terms":['
    return {
        name: head + ",".join(entries[n]) + "]}" for n, name in enumerate(bucket_names) if entries[n] or name in buckets
    }


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be", "surrogatepass")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
