"""The segmentation cache and the read index on the real file system: what they keep, and that a
damaged entry is a miss, never a wrong item."""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.cache import ReadIndex, SegmentCache, file_stamp
from sitegen.model import Credit, Cut, Doubt, Item

ITEM = Item(
    kind="article",
    title="党建引领",
    body="近日，赤峰市喀喇沁旗组织开展干部培训。",
    credits=(Credit("宋爽", "本报记者"),),
    region="赤峰市",
    county="喀喇沁旗",
    slug="dang-jian-yin-ling",
    line=3,
    doubts=(Doubt("short", 3),),
)


def test_an_entry_comes_back_as_it_went_in(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    cache.put("k", Cut((ITEM,), ("责任编辑：王静",)))
    got = cache.get("k")
    assert got == Cut((ITEM,), ("责任编辑：王静",))
    assert got is not None and got.items[0].doubts == ITEM.doubts and got.items[0].line == 3  # not compared


def test_a_damaged_or_tampered_entry_is_a_miss_and_is_named(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    cache.put("k", Cut((ITEM,)))
    path = tmp_path / "segment" / "k.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    del entry["items"][0]["county"]  # every contract key must be there
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert cache.get("k") is None and cache.damaged == ["k"]
    path.write_bytes(b"\xff\xfe not json")
    assert cache.get("k") is None and cache.damaged == ["k", "k"]
    assert cache.get("absent") is None and cache.damaged == ["k", "k"]  # a miss is not damage


def test_no_folder_keeps_nothing(tmp_path: Path) -> None:
    cache = SegmentCache(None)
    cache.put("k", Cut((ITEM,)))
    assert cache.get("k") is None and not any(tmp_path.iterdir())


def test_the_read_index_keeps_stamps_and_hashes(tmp_path: Path) -> None:
    page = tmp_path / "05.txt"
    page.write_text("党建", encoding="utf-8")
    index = ReadIndex(tmp_path / "cache")
    assert index.load() == {}
    entries = {str(page): (file_stamp(page.stat()), "hash")}
    index.save(entries)
    assert index.load() == entries
    (tmp_path / "cache" / "read.json").write_text("{", encoding="utf-8")
    assert index.load() == {}  # unreadable: start afresh
