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
    boosts = [boost for _, boost in fields]
    term_index: dict[str, int] = {}
    postings: dict[str, list[list[int]]] = {}  # term → doc numbers per field, in field order
    totals = [0] * len(names)
    counted: list[list[tuple[int, Counter[str]]]] = []  # per doc, per field: (length, term counts)
    for number, (_, values) in enumerate(docs):
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
                posting[f].append(number)
            per_field.append((len(terms), counts))
        counted.append(per_field)

    n_docs = len(docs)
    average = [total / n_docs for total in totals] if n_docs else totals
    bucket_names = list(dict.fromkeys([*buckets, *(bucket_of(term) for term in postings)]))
    bucket_number = {name: n for n, name in enumerate(bucket_names)}
    named = set(buckets)
    inverted: list[list[str]] = [[] for _ in bucket_names]
    vectors: list[list[str]] = [[] for _ in bucket_names]

    # Postings: keys sorted as sort_keys sorts them (field names, "_index"; refs as strings).
    refs = [_json(ref) + ":{}" for ref, _ in docs]
    by_ref = sorted(range(n_docs), key=lambda n: docs[n][0])
    rank = [0] * n_docs
    for position, n in enumerate(by_ref):
        rank[n] = position
    keys = sorted([*((name, f) for f, name in enumerate(names)), ("_index", -1)])
    info: dict[str, tuple[int, float, int]] = {}
    for term in sorted(postings):
        posting = postings[term]
        index = term_index[term]
        with_term = sum(len(numbers) for numbers in posting)
        idf = math.log(1 + abs((n_docs - with_term + 0.5) / (with_term + 0.5)))
        bucket = bucket_number[bucket_of(term)]
        info[term] = (index, idf, bucket)
        parts = []
        for key, f in keys:
            if f < 0:
                parts.append(f'"_index":{index}')
            else:
                numbers = posting[f]
                if len(numbers) > 1:
                    numbers = sorted(numbers, key=rank.__getitem__)
                parts.append(f'{_json(key)}:{{{",".join([refs[n] for n in numbers])}}}')
        inverted[bucket].append(f'[{_json(term)},{{{",".join(parts)}}}]')

    # Field vectors: lunr's BM25 with the same float operations in the same order as lunr.py.
    k1_plus_1 = K1 + 1
    field_refs = [[_json(f"{name}/{ref}") for name in names] for ref, _ in docs]
    for number, per_field in enumerate(counted):
        for f, (length, counts) in enumerate(per_field):
            if not counts:
                continue
            norm = K1 * (1 - B + B * (length / average[f]))
            boost = boosts[f]
            elements = sorted([(*info[term], tf) for term, tf in counts.items()])
            parts: dict[int, list[str]] = {}
            for index, idf, bucket, tf in elements:
                score = round(idf * (k1_plus_1 * tf) / (norm + tf) * boost, 3)
                part = parts.get(bucket)
                if part is None:
                    parts[bucket] = [f"{index},{score!r}"]
                else:
                    part.append(f"{index},{score!r}")
            field_ref = field_refs[number][f]
            for bucket, part in parts.items():
                vectors[bucket].append(f'[{field_ref},[{",".join(part)}]]')

    head = f'"fields":{_json(names)},"invertedIndex":['
    tail = f'],"pipeline":{_json([tokens.LABEL])},"version":{_json(LUNR_VERSION)}}}'
    return {name: '{"fieldVectors":[' + ",".join(vectors[n]) + "]," + head + ",".join(inverted[n]) + tail
            for n, name in enumerate(bucket_names) if inverted[n] or name in named}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
