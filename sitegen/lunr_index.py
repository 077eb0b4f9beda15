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

import json
import math
from array import array
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
) -> dict[str, str]:
    """Bucket name → lunr index of ``docs`` (ref, {field: text}) holding that bucket's terms, as JSON text.

    The text is what ``json.dumps(index, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``
    gives, written directly: a chunk's index has millions of small lists and dicts, and building
    them only to serialize them took most of the time and memory. Every name in ``buckets`` gets an
    index, empty or not; other buckets appear when a term falls in them.
    """
    names = [name for name, _ in fields]
    n_fields = len(names)
    boosts = [boost for _, boost in fields]
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

    n_docs = len(docs)
    average = [total / n_docs for total in totals] if n_docs else totals
    bucket_names = list(dict.fromkeys([*buckets, *(bucket_of(term) for term in term_ids)]))
    bucket_number = {name: n for n, name in enumerate(bucket_names)}
    named = set(buckets)
    inverted: list[list[str]] = [[] for _ in bucket_names]
    vectors: list[list[str]] = [[] for _ in bucket_names]

    # Postings: keys sorted as sort_keys sorts them (field names, "_index"; refs as strings).
    refs = [_json(ref) + ":{}" for ref, _ in docs]
    rank = [0] * n_docs
    for position, n in enumerate(sorted(range(n_docs), key=lambda n: docs[n][0])):
        rank[n] = position
    keys = sorted([*((name, f) for f, name in enumerate(names)), ("_index", -1)])
    idf = [0.0] * len(postings)
    bucket_of_id = [0] * len(postings)
    for term in sorted(term_ids):
        tid = term_ids[term]
        posting = postings[tid]
        with_term = sum(len(numbers) for numbers in posting if numbers is not None)
        idf[tid] = math.log(1 + abs((n_docs - with_term + 0.5) / (with_term + 0.5)))
        bucket = bucket_of_id[tid] = bucket_number[bucket_of(term)]
        parts = []
        for key, f in keys:
            if f < 0:
                parts.append(f'"_index":{tid}')
                continue
            numbers = posting[f] or ()
            if len(numbers) > 1:
                numbers = sorted(numbers, key=rank.__getitem__)
            parts.append(f'{_json(key)}:{{{",".join([refs[n] for n in numbers])}}}')
        inverted[bucket].append(f'[{_json(term)},{{{",".join(parts)}}}]')
    del postings, term_ids

    # Field vectors: lunr's BM25 with the same float operations in the same order as lunr.py.
    k1_plus_1 = K1 + 1
    for number, per_field in enumerate(counted):
        ref = docs[number][0]
        for f, entry in enumerate(per_field):
            if entry is None:
                continue
            length, ids, tfs = entry
            norm = K1 * (1 - B + B * (length / average[f]))
            boost = boosts[f]
            parts: dict[int, list[str]] = {}
            for tid, tf in sorted(zip(ids, tfs, strict=True)):
                score = round(idf[tid] * (k1_plus_1 * tf) / (norm + tf) * boost, 3)
                bucket = bucket_of_id[tid]
                part = parts.get(bucket)
                if part is None:
                    parts[bucket] = [f"{tid},{score!r}"]
                else:
                    part.append(f"{tid},{score!r}")
            field_ref = _json(f"{names[f]}/{ref}")
            for bucket, part in parts.items():
                pieces = vectors[bucket]
                pieces.append(f'[{field_ref},[{",".join(part)}]]')
                if len(pieces) >= 256:  # one string instead of many small ones: a third of the memory
                    pieces[:] = [",".join(pieces)]
        counted[number] = []  # done with it: the chunk's memory peaks here, not at the end

    head = f'"fields":{_json(names)},"invertedIndex":['
    tail = f'],"pipeline":{_json([tokens.LABEL])},"version":{_json(LUNR_VERSION)}}}'
    return {name: '{"fieldVectors":[' + ",".join(vectors[n]) + "]," + head + ",".join(inverted[n]) + tail
            for n, name in enumerate(bucket_names) if inverted[n] or name in named}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
