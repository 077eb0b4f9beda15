"""The search index: split by term without losing anything, and scores the whole index would give."""

from __future__ import annotations

import datetime as dt
import json

from lunr.index import Index

from sitegen import tokens
from sitegen.model import Credit, Item
from sitegen.search import (
    FIELDS,
    bucket_of,
    build_chunk,
    build_search,
    fnv1a,
    pinyin_forms,
    plain_text,
    search_doc,
    split_index,
)

BODIES = [
    "赤峰市喀喇沁旗组织开展干部培训，全旗党员干部参加学习。",
    "包头市石拐区持续实施招才引智举措，返乡人才越来越多。",
    "兴安盟科右前旗乌兰毛都边境派出所民警来到牧点开展主题党日。",
    "呼和浩特市赛罕区党建引领基层治理，赤峰市也派人学习。",
]


def items() -> list[Item]:
    return [
        Item(kind="article", title=f"标题{n}", body=body, column="观潮" if n % 2 else None,
             region="赤峰市" if "赤峰" in body else None, credits=(Credit("宋爽", "本报记者"),),
             date=dt.date(2023, 1, 1) + dt.timedelta(days=n), page=5, seq=1, slug=f"t{n}")
        for n, body in enumerate(BODIES)
    ]


def test_fnv1a_matches_the_published_vectors():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_latin_terms_bucket_by_first_letter_so_prefixes_stay_together():
    assert bucket_of("chifeng", 64) == bucket_of("chifengshi", 64) == "xc"
    assert bucket_of("赤峰", 64).startswith("h")


def test_pinyin_forms_full_and_initials():
    assert pinyin_forms("赤峰市") == "chifengshi cfs"
    assert pinyin_forms("宋爽") == "songshuang ss"


def test_plain_text_drops_markdown_marks():
    assert plain_text("## 小标题\n\n**★党的思想路线：**\n\n正文。") == "小标题\n★党的思想路线：\n正文。"


def test_split_keeps_every_term_and_vector_entry():
    docs = [search_doc(n, item) for n, item in enumerate(items())]
    whole = build_chunk([(d.ref, d.fields) for d in docs])
    buckets, shards = split_index(whole)
    terms = sorted(t for s in shards.values() for t, _ in s["invertedIndex"])
    assert terms == sorted(t for t, _ in whole["invertedIndex"])
    entries = sum(len(v) for s in shards.values() for _, v in s["fieldVectors"])
    assert entries == sum(len(v) for _, v in whole["fieldVectors"])
    assert whole["pipeline"] == [tokens.LABEL] and [f for f in whole["fields"]] == [f for f, _ in FIELDS]


def test_a_bucket_scores_as_the_whole_index_does():
    tokens.register()
    docs = [search_doc(n, item) for n, item in enumerate(items())]
    whole = build_chunk([(d.ref, d.fields) for d in docs])
    buckets, shards = split_index(whole)
    shard = Index.load(shards[bucket_of("赤峰", buckets)])
    full = Index.load(whole)
    query = lambda idx: idx.query(idx.create_query().term("赤峰", use_pipeline=False))  # noqa: E731
    got = {r["ref"]: r["score"] for r in query(shard)}
    want = {r["ref"]: r["score"] for r in query(full)}
    assert got == want and set(got) == {"0", "3"}


def test_search_files_are_scripts_calling_the_loader():
    files = {f.path: f.data.decode() for f in build_search(items(), workers=1)}
    assert "search/manifest.js" in files and "search/c0/meta.js" in files and "search/docs/0.js" in files
    manifest = json.loads(files["search/manifest.js"].removeprefix("sitegenSearch.manifest(").rstrip(");\n"))
    assert manifest["total"] == 4 and manifest["chunks"][0]["count"] == 4
    assert manifest["columns"] == ["观潮"] and manifest["regions"] == ["赤峰市"]
    for path, text in files.items():
        assert text.startswith("sitegenSearch.") and text.endswith(");\n"), path
        assert "<" not in text, path  # escaped, so no "</script>" can ever close anything


def test_chunks_built_in_parallel_give_the_same_files(monkeypatch):
    import sitegen.search as search

    monkeypatch.setattr(search, "CHUNK_SIZE", 2)
    serial = {f.path: f.data for f in build_search(items(), workers=1)}
    parallel = {f.path: f.data for f in build_search(items(), workers=2)}
    assert serial == parallel
    assert {"search/c0/meta.js", "search/c1/meta.js"} <= set(serial)
