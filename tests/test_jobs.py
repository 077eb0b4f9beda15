"""jobs.run_jobs on the real file system: what runs again, what is kept, what is removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.jobs import Job, run_jobs


def job(path: str, key: str, text: str) -> Job:
    return Job(path, key, lambda: [(path, text.encode())])


def test_a_job_runs_again_only_when_its_key_changes(tmp_path: Path) -> None:
    output = tmp_path / "out"
    first = run_jobs([job("a.html", "1", "甲"), job("b.html", "1", "乙")], output)
    assert (first.ran, first.written) == (2, 2)
    again = run_jobs([job("a.html", "1", "甲"), job("b.html", "2", "乙")], output)
    assert (again.ran, again.written, again.unchanged) == (1, 0, 2)  # b ran: same bytes, not rewritten
    changed = run_jobs([job("a.html", "1", "甲"), job("b.html", "3", "丙")], output)
    assert (changed.ran, changed.written) == (1, 1)
    assert (output / "b.html").read_text(encoding="utf-8") == "丙"


def test_a_job_that_is_gone_takes_its_files_with_it(tmp_path: Path) -> None:
    output = tmp_path / "out"
    run_jobs([job("a.html", "1", "甲"), job("sub/b.html", "1", "乙")], output)
    result = run_jobs([job("a.html", "1", "甲")], output)
    assert result.removed == 1
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()) == [
        ".sitegen-manifest.json",
        "a.html",
    ]
    assert not (output / "sub").exists()  # the folder only its files were in


def test_a_deleted_file_is_made_again_though_its_key_is_the_same(tmp_path: Path) -> None:
    output = tmp_path / "out"
    run_jobs([job("a.html", "1", "甲")], output)
    (output / "a.html").unlink()
    result = run_jobs([job("a.html", "1", "甲")], output)
    assert result.ran == 1 and (output / "a.html").read_text(encoding="utf-8") == "甲"


def test_two_jobs_writing_one_file_are_refused_and_the_old_site_stands(tmp_path: Path) -> None:
    output = tmp_path / "out"
    run_jobs([job("a.html", "1", "甲")], output)
    with pytest.raises(SitegenError, match="both map to output/A.html"):  # file systems may fold case
        run_jobs([job("a.html", "2", "乙"), job("A.html", "1", "丙")], output)
    assert (output / "a.html").read_text(encoding="utf-8") == "甲"
