"""`sitegen new`: an archive that builds as it is, in real processes on the real file system."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

from sitegen.config import SegmentConfig, SiteConfig
from sitegen.markdown import item_from_markdown
from sitegen.model import Item
from sitegen.scaffold_files import EXAMPLE_DATE, FILES
from sitegen.writer import staging_dir

EXPECTED_ITEMS = {  # (page, kind, title, column, region, county), in page order
    ("01", "article", "春耕备耕正当时 田间地头农事忙", None, "呼和浩特市", "土默特左旗"),
    ("01", "brief", "包头市昆都仑区图书馆近日开设“周末读书会”", "简讯", "包头市", "昆都仑区"),
    ("01", "brief", "乌海市海勃湾区组织志愿者走进社区", "简讯", "乌海市", "海勃湾区"),
    ("02", "article", "老街上的新书店", "文化周末", "赤峰市", "红山区"),
}


def sitegen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=60
    )


def front_matter(path: Path) -> Item:
    """A built item file read back as the build reads items (sitegen.model's schema)."""
    return item_from_markdown(path.read_text(encoding="utf-8"))


def test_new_archive_builds_the_example_items_without_a_warning(tmp_path: Path) -> None:
    created = sitegen(tmp_path, "new", "paper")
    assert created.returncode == 0, created.stderr
    root = tmp_path / "paper"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == sorted(FILES)
    assert "cd paper && sitegen serve" in created.stdout

    built = sitegen(root, "build")
    assert built.returncode == 0, built.stderr
    assert re.search(r"^2 pages, 4 items; .*; 0 errors, 0 warnings", built.stdout, re.MULTILINE), built.stdout
    # Problems name their file; the only line allowed is the note that base_url is not set yet.
    assert "content/" not in built.stderr and ": warning:" not in built.stderr, built.stderr

    issue = root / "output" / EXAMPLE_DATE.replace("-", "/")
    items = {
        (md.parent.name, m.kind, m.title, m.column, m.region, m.county)
        for md in sorted(issue.glob("*/*.md"))
        for m in [front_matter(md)]
    }
    assert items == EXPECTED_ITEMS
    assert "老街上的新书店" in (issue / "02" / "lao-jie-shang-de-xin-shu-dian.html").read_text(encoding="utf-8")
    assert "要闻" in (issue / "index.html").read_text(encoding="utf-8")  # the page names from issue.toml


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "paper").mkdir()
    notes = tmp_path / "paper" / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    result = sitegen(tmp_path, "new", "paper")
    assert result.returncode == 1
    assert "paper: the folder is not empty" in result.stderr and "never overwrites" in result.stderr
    assert [p.name for p in (tmp_path / "paper").iterdir()] == ["notes.txt"] and notes.read_text() == "mine"

    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    result = sitegen(tmp_path, "new", "file")
    assert result.returncode == 1 and "file: this is a file, not a folder" in result.stderr


def test_new_fills_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "paper").mkdir()
    assert sitegen(tmp_path, "new", "paper").returncode == 0
    assert (tmp_path / "paper" / "sitegen.toml").is_file()


def test_the_settings_file_shows_every_setting_and_the_gitignore_the_made_folders() -> None:
    settings = FILES["sitegen.toml"]
    top = [f.name for f in dataclasses.fields(SiteConfig) if f.name not in ("segment", "path", "problems")]
    for name in top + [f.name for f in dataclasses.fields(SegmentConfig)]:
        assert re.search(rf"^(# )?{name} = ", settings, re.MULTILINE), f"{name} is not in the new sitegen.toml"
    work = staging_dir(Path("output")).name  # the previous site, kept beside the output between builds
    assert FILES[".gitignore"].splitlines()[1:] == ["output/", f"{work}/", ".sitegen-cache/"]
    readme = FILES["README.md"]
    assert all(word in readme for word in ("issue.toml", ".txt", ".md", "sitegen build", "sitegen serve"))
