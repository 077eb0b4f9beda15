"""Write tests/data/query_vectors.json: the bucket file of each term, as sitegen/search.py names it, for
tests/js/query.test.js to check query.js against. Run: .venv/bin/python tests/data/make_query_vectors.py"""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.search import bucket_of

TERMS = [
    "赤峰",
    "宋爽",
    "乡村",
    "振兴",
    "党",
    "王",
    "峰",
    "𠀀",
    "𠀀𠀁",
    "中国",
    "dangjian",
    "chifeng",
    "2023",
    "a",
    "z9",
]
BUCKETS = [1, 7, 64, 97, 1024]
PATH = Path(__file__).with_name("query_vectors.json")


def vectors() -> list[dict[str, object]]:
    return [{"term": t, "buckets": n, "bucket": bucket_of(t, n)} for t in TERMS for n in BUCKETS]


if __name__ == "__main__":
    PATH.write_text(json.dumps(vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
