from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.fingerprint import digest
from sitegen.jobs import Job, JobsResult, check_ids, run_jobs
from sitegen.writer import MANIFEST, MARKER, list_files, stage, staging_dir, swap, tidy

Tree = Callable[[Path], dict[str, bytes]]


def job(path: str, data: bytes, source: str = "test") -> Job:
    return Job(path, digest(data), lambda: [(path, data)], source)


def write_output(out: Path, files: dict[str, bytes]) -> JobsResult:
    """One job a file, keyed by its bytes."""
    return run_jobs([job(path, data) for path, data in files.items()], out)


def test_writes_files_and_manifest(tmp_path: Path, tree: Tree) -> None:
    out = tmp_path / "output"
    result = write_output(out, {"index.html": b"<p>1</p>", "2023/12/26/05/a.md": b"a"})
    assert (result.written, result.unchanged, result.removed) == (2, 0, 0)
    files = tree(out)
    assert files["index.html"] == b"<p>1</p>"
    manifest = json.loads(files[MANIFEST])
    assert manifest["version"] == 3
    # A job whose one file is the job id keeps only its key.
    assert manifest["jobs"] == {"2023/12/26/05/a.md": digest(b"a"), "index.html": digest(b"<p>1</p>")}
    assert not [p for p in out.rglob("*.tmp")]  # no temp files left behind


def test_second_write_of_same_bytes_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "output"
    files = {"index.html": b"x", "a/b.html": b"y"}
    write_output(out, files)
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = write_output(out, files)
    assert (result.written, result.unchanged, result.removed) == (0, 2, 0)
    assert times == {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_changed_file_is_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_output(out, {"index.html": b"old", "a.html": b"same"})
    result = write_output(out, {"index.html": b"new", "a.html": b"same"})
    assert (result.written, result.unchanged) == (1, 1)
    assert (out / "index.html").read_bytes() == b"new"


def test_stale_files_we_wrote_are_removed_others_never(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_output(out, {"index.html": b"i", "2023/12/26/05/old.html": b"o", "2023/12/26/05/keep.html": b"k"})
    (out / "CNAME").write_text("example.org")  # the user's own file
    (out / "2023" / "notes.txt").write_text("mine")
    result = write_output(out, {"index.html": b"i", "2023/12/26/05/keep.html": b"k"})
    assert result.removed == 1
    assert not (out / "2023/12/26/05/old.html").exists()
    assert (out / "CNAME").read_text() == "example.org"
    assert (out / "2023/notes.txt").read_text() == "mine"


def test_folders_emptied_by_removal_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_output(out, {"index.html": b"i", "2023/12/26/05/a.html": b"a"})
    write_output(out, {"index.html": b"i"})
    assert not (out / "2023").exists()
    assert out.is_dir()


def test_damaged_manifest_removes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_output(out, {"index.html": b"i", "a.html": b"a"})
    (out / MANIFEST).write_text('{"files": ["../outside.txt", "/etc/passwd", "a.html"')
    (tmp_path / "outside.txt").write_text("keep")
    result = write_output(out, {"index.html": b"i"})
    assert result.removed == 0
    assert (out / "a.html").exists()
    assert (tmp_path / "outside.txt").exists()


def test_manifest_paths_outside_output_are_never_removed(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (tmp_path / "outside.txt").write_text("keep")
    (out / MANIFEST).write_text(json.dumps({"files": ["../outside.txt", str(tmp_path / "outside.txt")]}))
    assert write_output(out, {"index.html": b"i"}).removed == 0
    assert (tmp_path / "outside.txt").read_text() == "keep"


def test_files_are_readable_by_others(tmp_path: Path) -> None:
    # mkstemp creates 0600 files; a web server running as another user must still read them.
    old = os.umask(0o022)
    try:
        write_output(tmp_path / "output", {"index.html": b"i"})
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "output" / "index.html").stat().st_mode)
    assert mode & 0o044 == 0o044


def test_collision_is_refused_naming_both_sources() -> None:
    jobs = [
        job("2023/12/26/05/a.html", b"1", "2023-12-26/05.txt"),
        job("2023/12/26/05/A.html", b"2", "2023-12-26/05.md"),
    ]
    with pytest.raises(SitegenError) as info:
        check_ids(jobs)
    message = info.value.format()
    assert "2023-12-26/05.txt" in message and "2023-12-26/05.md" in message
    assert "2023/12/26/05/A.html" in message


@pytest.mark.parametrize("path", ["../x.html", "/etc/x", "", MANIFEST, "a\\b.html"])
def test_paths_outside_output_are_refused(path: str) -> None:
    with pytest.raises(SitegenError):
        check_ids([job(path, b"x")])


def test_nothing_written_when_collect_fails(tmp_path: Path, tree: Tree) -> None:
    out = tmp_path / "output"
    write_output(out, {"index.html": b"old"})
    before = tree(out)
    with pytest.raises(SitegenError):
        run_jobs([job("index.html", b"1", "a"), job("index.html", b"2", "b")], out)
    assert tree(out) == before


def test_the_first_build_leaves_a_work_folder_of_links_to_its_site(tmp_path: Path, tree: Tree) -> None:
    out = tmp_path / "output"
    write_output(out, {"index.html": b"1", "2023/a.html": b"a"})
    work = staging_dir(out)
    assert (work / MARKER).read_bytes() == b"previous"
    for path in ("index.html", "2023/a.html"):
        assert (work / path).stat().st_ino == (out / path).stat().st_ino  # links, not copies
    write_output(out, {"index.html": b"2", "2023/a.html": b"a"})
    assert (work / "index.html").read_bytes() == b"1" and (out / "index.html").read_bytes() == b"2"


def test_without_hard_links_the_old_tree_is_not_kept(tmp_path: Path, tree: Tree) -> None:
    out = tmp_path / "output"
    write_output(out, {"index.html": b"1"})
    staging, linked = stage(out, list_files(out))
    assert linked
    swap(staging, out, keep=False)  # what a build does when the file system copied instead of linking
    assert not staging_dir(out).exists() and tree(out)["index.html"] == b"1"


def test_a_symlinked_work_folder_is_never_followed(tmp_path: Path, tree: Tree) -> None:
    out = tmp_path / "output"
    write_output(out, {"index.html": b"1"})
    elsewhere = tmp_path / "elsewhere"
    staging_dir(out).rename(elsewhere)  # a work folder of sitegen's, moved away and linked back
    staging_dir(out).symlink_to(elsewhere)
    before = tree(elsewhere)
    with pytest.raises(SitegenError, match="is in the way"):
        write_output(out, {"index.html": b"2"})
    assert tree(elsewhere) == before and tree(out)["index.html"] == b"1"


def test_a_staging_folder_left_by_builds_before_the_work_folder_is_cleared(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_output(out, {"index.html": b"1"})
    legacy = tmp_path / ".output.sitegen-new"
    (legacy / "2023").mkdir(parents=True)
    (legacy / MARKER).write_bytes(b"")
    tidy(out)
    assert not legacy.exists()
