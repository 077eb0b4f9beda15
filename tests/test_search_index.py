"""The search files: buckets, filter metadata, stored documents, the manifest."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import sitegen.search
from sitegen.config import SiteConfig
from sitegen.fingerprint import Fingerprints
from sitegen.jobs import run_jobs
from sitegen.model import Credit, Item, Site
from sitegen.search import FORMAT, LATIN, bucket_of, fnv1a, pinyin_forms, plain_text, search_jobs

BODIES = [
    "赤峰市喀喇沁旗组织开展干部培训，全旗党员干部参加学习。",
    "包头市石拐区持续实施招才引智举措，返乡人才越来越多。",
    "兴安盟科右前旗乌兰毛都边境派出所民警来到牧点开展主题党日。",
    "呼和浩特市赛罕区党建引领基层治理，赤峰市也派人学习。",
]


def items() -> list[Item]:
    return [
        Item(
            kind="article",
            title=f"标题{n}",
            body=body,
            column="观潮" if n % 2 else None,
            region="赤峰市" if "赤峰" in body else None,
            credits=(Credit("宋爽", "本报记者"),),
            date=dt.date(2023, 1, 1) + dt.timedelta(days=n),
            page=5,
            seq=1,
            slug=f"t{n}",
        )
        for n, body in enumerate(BODIES)
    ]


def test_fnv1a_matches_the_published_vectors():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_the_search_page_reads_the_format_the_build_writes() -> None:
    script = (Path(__file__).resolve().parents[1] / "themes/default/static/search/search.js").read_text()
    match = re.search(r"var FORMAT = (\d+);", script)
    assert match and int(match.group(1)) == FORMAT


def test_latin_terms_bucket_by_first_letter_so_prefixes_stay_together():
    assert bucket_of("chifeng", 64) == bucket_of("chifengshi", 64) == "xc"
    assert bucket_of("赤峰", 64).startswith("h")


def test_pinyin_forms_full_and_initials():
    assert pinyin_forms("赤峰市") == "chifengshi cfs"
    assert pinyin_forms("宋爽") == "songshuang ss"


def test_plain_text_drops_markdown_marks():
    assert plain_text("## 小标题\n\n**★党的思想路线：**\n\n正文。") == "小标题\n★党的思想路线：\n正文。"


def build_search(items: list[Item], out: Path, workers: int = 1) -> dict[str, bytes]:
    site = Site(config=SiteConfig(), issues=(), items={}, all_items=tuple(items), columns=(), regions=(), authors=())
    run_jobs(search_jobs(items, Fingerprints(site, "")), out, workers=workers)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.js")}


def test_search_files_are_scripts_calling_the_loader(tmp_path: Path) -> None:
    files = {path: data.decode() for path, data in build_search(items(), tmp_path).items()}
    assert "search/manifest.js" in files and "search/c0/meta.js" in files and "search/docs/0/0.js" in files
    manifest = json.loads(files["search/manifest.js"].removeprefix("sitegenSearch.manifest(").rstrip(");\n"))
    assert manifest["total"] == 4 and manifest["chunks"][0]["count"] == 4
    assert manifest["columns"] == ["观潮"] and manifest["regions"] == ["赤峰市"]
    chunk = manifest["chunks"][0]
    assert {f"search/c0/h{b}.js" for b in range(chunk["buckets"])} <= set(files)
    assert {f"search/c0/x{c}.js" for c in LATIN} <= set(files) and chunk["latin"] == list(LATIN)
    for path, text in files.items():
        assert text.startswith("sitegenSearch.") and text.endswith(");\n"), path
        assert "<" not in text, path  # escaped, so no "</script>" can ever close anything


def test_chunks_built_in_parallel_give_the_same_files(monkeypatch, tmp_path: Path) -> None:
    import sitegen.search as search

    monkeypatch.setattr(search, "CHUNK_SIZE", 2)
    serial = build_search(items() * 3, tmp_path / "serial", workers=1)
    parallel = build_search(items() * 3, tmp_path / "parallel", workers=2)
    assert serial == parallel
    assert {"search/c0/meta.js", "search/c1/meta.js"} <= set(serial)


@pytest.mark.parametrize("total", [0, 1, 999, 1000, 4999, 5000, 5040, 12_345, 100_000])
def test_chunks_cover_every_document_once_whole_chunks_first(total: int) -> None:
    from sitegen.search import CHUNK_SIZE, TAIL_SIZE, chunk_bounds

    bounds = chunk_bounds(total)
    assert [n for first, count in bounds for n in range(first, first + count)] == list(range(total))
    whole = [count for _, count in bounds if count == CHUNK_SIZE]
    assert len(whole) == total // CHUNK_SIZE and all(count <= TAIL_SIZE for _, count in bounds[len(whole) :])


def test_a_new_issue_rebuilds_one_small_chunk_until_a_whole_one_fills() -> None:
    from sitegen.search import CHUNK_SIZE, TAIL_SIZE, chunk_bounds

    for total in range(0, 3 * CHUNK_SIZE, 40):
        before, after = set(chunk_bounds(total)), set(chunk_bounds(total + 40))
        changed = after - before
        if (total + 40) // CHUNK_SIZE == total // CHUNK_SIZE:  # no whole chunk filled up
            assert sum(count for _, count in changed) <= TAIL_SIZE + 40, total
        else:
            assert sorted(count for _, count in changed)[-1] == CHUNK_SIZE, total  # the tail became one chunk


def test_the_query_vectors_the_node_tests_read_are_current() -> None:
    """tests/js/query.test.js checks query.js's buckets against these: they must be sitegen's own."""
    import json

    from data.make_query_vectors import PATH, vectors

    assert json.loads(PATH.read_text(encoding="utf-8")) == vectors()


def test_query_js_names_the_fields_of_a_result_row_as_search_py_writes_them() -> None:
    import re
    from pathlib import Path

    from sitegen.search import SHOW_FIELDS

    js = (Path(__file__).parent.parent / "themes/default/static/search/query.js").read_text(encoding="utf-8")
    named = re.search(r"ROW_FIELDS = \[([^\]]*)\]", js)
    assert named is not None
    assert tuple(re.findall(r'"(\w+)"', named.group(1))) == SHOW_FIELDS


def test_no_docs_folder_holds_more_files_than_the_manifest_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitegen.search, "DOCS_PER_FILE", 1)
    monkeypatch.setattr(sitegen.search, "DOCS_FILES_PER_FOLDER", 2)
    files = build_search(items(), tmp_path)
    assert sorted(p for p in files if p.startswith("search/docs/")) == [
        "search/docs/0/0.js",
        "search/docs/0/1.js",
        "search/docs/1/2.js",
        "search/docs/1/3.js",
    ]
    manifest = json.loads(files["search/manifest.js"].decode().removeprefix("sitegenSearch.manifest(").rstrip(");\n"))
    assert (manifest["docsPerFile"], manifest["docsFilesPerFolder"]) == (1, 2)
