"""The hand-built index (sitegen/lunr_index.py) against lunr.py's Builder and lunr.js 2.3.9.

The reference is lunr.py's own index of the same documents, split into buckets the way the site
splits it; the sample archive and random documents, their compact buckets expanded, must give the
very same JSON, and lunr.js, loading the buckets through the search page's own expander
(static/search/shard.js), must find the same documents with the same scores as lunr.py does.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.index import Index
from lunr_reference import builder as lunr_builder

from sitegen import tokens
from sitegen.assemble import place_items
from sitegen.cache import SegmentCache
from sitegen.config import load_config
from sitegen.lunr_index import build_buckets, field_terms
from sitegen.search import FIELDS, bucket_of, search_doc
from sitegen.segment.pages import segment_pages
from sitegen.sources import discover, read_pages

REPO = Path(__file__).resolve().parents[1]


def lunr_py(docs: list[tuple[str, dict[str, str]]]) -> dict[str, Any]:
    builder = lunr_builder()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, fields in docs:
        builder.add({"ref": ref, **fields})
    return builder.build().serialize()


def split(serialized: dict[str, Any], buckets: int) -> dict[str, dict[str, Any]]:
    """lunr.py's whole index cut into buckets: every term's posting to its bucket, every field vector
    cut into the parts of each bucket's terms (parts with no entry left out)."""
    where: dict[int, str] = {}
    shards: dict[str, dict[str, Any]] = {}

    def shard(name: str) -> dict[str, Any]:
        return shards.setdefault(
            name,
            {**{k: serialized[k] for k in ("version", "fields", "pipeline")}, "fieldVectors": [], "invertedIndex": []},
        )

    for term, posting in serialized["invertedIndex"]:
        where[posting["_index"]] = bucket_of(term, buckets)
        shard(where[posting["_index"]])["invertedIndex"].append([term, posting])
    for field_ref, elements in serialized["fieldVectors"]:
        parts: dict[str, list[float]] = {}
        for k in range(0, len(elements), 2):
            parts.setdefault(where[elements[k]], []).extend(elements[k : k + 2])
        for name, part in parts.items():
            shard(name)["fieldVectors"].append([field_ref, part])
    return shards


def expand(text: str, refs: list[str]) -> dict[str, Any]:
    """A compact bucket as lunr's serialized index, read the way lunr.py writes one: field vectors in
    document then field order, each listing its terms by index (what shard.js does in the browser)."""
    data = json.loads(text)
    fields = data["fields"]
    inverted = []
    vectors: dict[tuple[int, int], list[tuple[int, float]]] = {}
    for term, index, *per_field in data["terms"]:
        posting: dict[str, Any] = {"_index": index}
        for f, (field, pairs) in enumerate(zip(fields, per_field, strict=True)):
            posting[field] = {}
            n = 0
            for k in range(0, len(pairs or []), 2):
                n += pairs[k]
                posting[field][refs[n]] = {}
                vectors.setdefault((n, f), []).append((index, pairs[k + 1] / 1000))
        inverted.append([term, posting])
    field_vectors = [
        [f"{fields[f]}/{refs[n]}", [x for pair in sorted(vectors[(n, f)]) for x in pair]] for n, f in sorted(vectors)
    ]
    return {
        "version": "2.3.9",
        "fields": fields,
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": [tokens.LABEL],
    }


def canonical(shards: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Non-empty buckets as compact JSON with sorted keys."""
    return {
        name: json.dumps(s, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        for name, s in shards.items()
        if s["invertedIndex"] or s["fieldVectors"]
    }


def expanded(docs: list[tuple[str, dict[str, str]]], buckets: int) -> dict[str, dict[str, Any]]:
    refs = [ref for ref, _ in docs]
    return {
        name: expand(text, refs)
        for name, text in build_buckets(docs, FIELDS, lambda term: bucket_of(term, buckets)).items()
    }


@pytest.fixture(scope="module")
def sample_docs() -> list[tuple[str, dict[str, str]]]:
    config = load_config(REPO / "sitegen.toml")
    pages, _ = read_pages(discover(REPO / "content").pages)
    segmented, problems = segment_pages(pages, config, SegmentCache(None))
    assert not problems
    items = [item for _, page_items in place_items(segmented) for item in page_items]
    assert len(items) > 30
    return [(d.ref, d.fields) for d in (search_doc(n, item) for n, item in enumerate(items))]


@pytest.mark.parametrize("buckets", [1, 8, 64])
def test_sample_archive_gives_lunr_py_index_exactly(
    sample_docs: list[tuple[str, dict[str, str]]], buckets: int
) -> None:
    mine = expanded(sample_docs, buckets)
    want = split(lunr_py(sample_docs), buckets)
    assert canonical(mine) == canonical(want)
    assert sum(len(s["invertedIndex"]) for s in mine.values()) > 1000


def test_named_buckets_are_there_even_when_empty() -> None:
    shards = build_buckets(
        [("0", {"title": "赤峰"})], FIELDS, lambda term: bucket_of(term, 4), buckets=["h0", "h1", "h2", "h3", "xa"]
    )
    assert {"h0", "h1", "h2", "h3", "xa"} <= set(shards)
    assert json.loads(shards["xa"]) == {"fields": [name for name, _ in FIELDS], "terms": []}


_TEXT = st.text(alphabet="赤峰市喀喇沁旗党建 -\u00a0\tabcABC12３，。ᠮ\u0301é", max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({name: _TEXT for name, _ in FIELDS}), min_size=1, max_size=6))
def test_random_documents_give_lunr_py_index_exactly(fields: list[dict[str, str]]) -> None:
    docs = [(format(n, "x"), f) for n, f in enumerate(fields)]
    assert canonical(expanded(docs, 4)) == canonical(split(lunr_py(docs), 4))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_one_regex_pass_equals_lunr_tokenizer_and_pipeline(text: str) -> None:
    from lunr.tokenizer import Tokenizer

    tokens.register()
    via_lunr = [t.string for token in Tokenizer(text) for t in tokens.cjk_index_pipeline_function(token, 0, [])]
    assert field_terms(text) == via_lunr


def test_lunr_js_scores_the_buckets_as_lunr_py_scores_the_whole(
    sample_docs: list[tuple[str, dict[str, str]]], node: str
) -> None:
    buckets = 8
    shards = {
        name: json.loads(s)
        for name, s in build_buckets(sample_docs, FIELDS, lambda term: bucket_of(term, buckets)).items()
    }
    assert [ref for ref, _ in sample_docs] == [
        format(n, "x") for n in range(len(sample_docs))
    ]  # as shard.js names them
    tokens.register()
    whole = Index.load(lunr_py(sample_docs))
    terms = ["赤峰", "宋爽", "党建", "乡村", "chifengshi", "songshuang", "组织"]
    queries = [{"term": t, "bucket": bucket_of(t, buckets)} for t in terms]
    result = subprocess.run(
        [node, str(REPO / "tests/js/query_shards.js")],
        input=json.dumps({"shards": shards, "queries": queries}),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    got = json.loads(result.stdout)
    for term, js in zip(terms, got, strict=True):
        py = whole.query(whole.create_query().term(term, use_pipeline=False))
        assert js, term
        # Equal scores may come in either order (the two sorts differ on ties): compare ref → score.
        assert {ref: round(s, 9) for ref, s in js} == {r["ref"]: round(r["score"], 9) for r in py}, term
        assert [round(s, 9) for _, s in js] == [round(r["score"], 9) for r in py], term


def test_lunr_js_loads_a_bucket_whose_terms_sort_differently_in_utf16(node: str) -> None:
    # U+FA0E sorts before U+20000 by code point, after it by UTF-16 code unit (a surrogate pair starts
    # with U+D840), which is how lunr.js orders the terms it inserts: out of order, it refuses the file.
    docs = [("0", {"title": "赤\ufa0e"}), ("1", {"title": "赤\U00020000"})]
    shards = {name: json.loads(s) for name, s in build_buckets(docs, FIELDS, lambda term: "h0").items()}
    queries = [{"term": t, "bucket": "h0"} for t in ("赤\ufa0e", "赤\U00020000")]
    result = subprocess.run(
        [node, str(REPO / "tests/js/query_shards.js")],
        input=json.dumps({"shards": shards, "queries": queries}),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert [[ref for ref, _ in found] for found in json.loads(result.stdout)] == [["0"], ["1"]]
