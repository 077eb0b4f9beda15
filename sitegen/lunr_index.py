"""lunr 2.3.9 indexes, built with plain dicts and written straight into term buckets.

lunr.py's Builder spends ~10 ms a document on Token objects, per-term pipeline calls and
Vector.insert. This module computes the same numbers in one pass per field:

- tokens: lunr's tokenizer (split on whitespace and "-", lowercase) followed by our one pipeline
  function gives exactly ``tokens.tokens(value.lower())`` (every separator lunr splits on also
  separates our runs), so a field is tokenized in one regex call;
- term indexes in order of first appearance (documents in order, fields in field order), as
  lunr's ``termIndex`` counter gives them;
- lunr's BM25: ``idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * len / avg_len) + tf)``, times the
  field boost, rounded to 3 places, with lunr's idf counting a document once per field it
  appears in; the same float operations in the same order, so the same values bit for bit.

The result is not one index but one per bucket: the terms of that bucket with their postings,
and every field vector cut down to those terms (lunr.js scores a match by the dot product of the
query vector with the field vector, divided by the query vector's magnitude, so the entries of
other terms never count). tests/test_lunr_index.py checks the buckets equal lunr.py's index split
the same way, and that lunr.js 2.3.9 finds the same documents with the same scores.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sitegen import tokens

LUNR_VERSION = "2.3.9"
K1 = 1.2
B = 0.75


def field_terms(value: str) -> list[str]:
    """The terms lunr (with the sitegen-cjk pipeline) indexes for one field value."""
    return tokens.tokens(value.lower())


def build_buckets(
    docs: Sequence[tuple[str, Mapping[str, str]]],
    fields: Sequence[tuple[str, int]],
    bucket_of: Callable[[str], str],
    buckets: Sequence[str] = (),
) -> dict[str, dict[str, Any]]:
    """Bucket name → serialized lunr index of ``docs`` (ref, {field: text}) holding that bucket's terms.

    Every name in ``buckets`` gets an index, empty or not; other buckets appear when a term falls in them.
    """
    names = [name for name, _ in fields]
    boosts = [boost for _, boost in fields]
    term_index: dict[str, int] = {}
    postings: dict[str, list[list[str]]] = {}  # term → refs per field, in field order
    totals = [0] * len(names)
    counted: list[list[tuple[int, Counter[str]]]] = []  # per doc, per field: (length, term counts)
    for ref, values in docs:
        per_field = []
        for f, name in enumerate(names):
            terms = field_terms(values.get(name) or "")
            counts = Counter(terms)
            totals[f] += len(terms)
            for term in counts:
                posting = postings.get(term)
                if posting is None:
                    term_index[term] = len(term_index)
                    posting = postings[term] = [[] for _ in names]
                posting[f].append(ref)
            per_field.append((len(terms), counts))
        counted.append(per_field)

    n_docs = len(docs)
    average = [total / n_docs for total in totals] if n_docs else totals
    idf: dict[str, float] = {}
    for term, posting in postings.items():
        with_term = sum(len(refs) for refs in posting)
        idf[term] = math.log(1 + abs((n_docs - with_term + 0.5) / (with_term + 0.5)))
    where = {term: bucket_of(term) for term in postings}

    shards: dict[str, dict[str, Any]] = {name: _empty(names) for name in buckets}
    for term in sorted(postings):
        shard = shards.get(where[term]) or shards.setdefault(where[term], _empty(names))
        posting: dict[str, Any] = {name: dict.fromkeys(refs, {}) for name, refs in zip(names, postings[term],
                                                                                        strict=True)}
        posting["_index"] = term_index[term]
        shard["invertedIndex"].append([term, posting])

    k1_plus_1 = K1 + 1
    info = {term: (term_index[term], idf[term], where[term]) for term in postings}
    for (ref, _), per_field in zip(docs, counted, strict=True):
        for f, (length, counts) in enumerate(per_field):
            if not counts:
                continue
            norm = K1 * (1 - B + B * (length / average[f]))
            boost = boosts[f]
            elements = []
            for term, tf in counts.items():
                index, weight, bucket = info[term]
                elements.append((index, round(weight * (k1_plus_1 * tf) / (norm + tf) * boost, 3), bucket))
            elements.sort()
            parts: dict[str, list[float]] = {}
            for index, score, bucket in elements:
                part = parts.get(bucket)
                if part is None:
                    part = parts[bucket] = []
                part += (index, score)
            field_ref = f"{names[f]}/{ref}"
            for bucket, part in parts.items():
                shards[bucket]["fieldVectors"].append([field_ref, part])
    return shards


def _empty(fields: list[str]) -> dict[str, Any]:
    return {"version": LUNR_VERSION, "fields": list(fields), "fieldVectors": [], "invertedIndex": [],
            "pipeline": [tokens.LABEL]}
