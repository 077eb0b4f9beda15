"""Fixtures: tiny archives written into temp folders, and a way to run the CLI inside one.

Tests get everything through fixtures (not ``from conftest import``), so they
work whatever pytest's import mode.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from sitegen.cli import main

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = REPO / "content"
SAMPLE_CONFIG = REPO / "sitegen.toml"

# A page already cut into articles: its items do not depend on the segmenter's heuristics.
MD_PAGE = """\
# 社区治理见实效

□本报记者 宋爽

赤峰市红山区推进社区治理，群众满意度不断提升。

# 乡村振兴开新局

□本报记者 王塔娜

通辽市科尔沁区发展特色产业，村集体经济收入稳步增长。
"""

# A raw page, as exported: byline, body, then a headline.
TXT_PAGE = """\
□本报记者 宋爽

赤峰市红山区推进社区治理，群众满意度不断提升。社区党组织书记说，
今年以来办成实事三十多件。

社区治理见实效
"""

Files = Mapping[str, str | bytes]
MakeArchive = Callable[..., Path]
RunCli = Callable[..., Result]


def write_files(root: Path, files: Files) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root``; text is written as UTF-8."""
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
    return root


@pytest.fixture
def make_archive(tmp_path: Path) -> MakeArchive:
    """``make_archive({"content/2023-12-26/05.md": "...", "sitegen.toml": "..."})`` → the archive root."""

    def make(files: Files, name: str = "archive") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        return write_files(root, files)

    return make


@pytest.fixture
def sample_archive(tmp_path: Path) -> Path:
    """A copy of the repository's sample archive (content/ and sitegen.toml)."""
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    shutil.copy(SAMPLE_CONFIG, root / "sitegen.toml")
    return root


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """``run_cli(root, "build", "--strict")``: run sitegen with ``root`` as the working folder."""

    def run(root: Path, *args: str) -> Result:
        monkeypatch.chdir(root)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def tree() -> Callable[[Path], dict[str, bytes]]:
    """``tree(root)``: every file under ``root`` with its bytes, by relative path."""
    return _tree


@pytest.fixture
def md_page() -> str:
    return MD_PAGE


@pytest.fixture
def txt_page() -> str:
    return TXT_PAGE


@pytest.fixture(scope="session")
def node() -> str:
    """The node executable: tests that run JavaScript skip without it, and fail under CI."""
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing under CI")
        pytest.skip("node is not installed")
    return found


@pytest.fixture
def sample_config() -> Path:
    return SAMPLE_CONFIG


@pytest.fixture
def sample_pages() -> list[Path]:
    """The sample archive's page files, in date order."""
    return sorted(p for p in SAMPLE_CONTENT.glob("*/*") if p.suffix in (".txt", ".md"))


# Property tests: random examples on a developer's machine find new bugs; CI replays a fixed,
# larger set so that a red build can be reproduced.
settings.register_profile("dev", max_examples=300)
settings.register_profile("ci", max_examples=1000, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")
