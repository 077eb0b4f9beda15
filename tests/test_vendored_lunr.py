"""The vendored lunr.js is npm's lunr 2.3.9, byte for byte, with its licence beside it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NPM_LUNR = REPO / "node_modules" / "lunr"
SEARCH = REPO / "themes" / "default" / "static" / "search"
VERSION = "2.3.9"


@pytest.fixture
def npm_lunr() -> Path:
    if not (NPM_LUNR / "package.json").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("node_modules/lunr is missing under CI: scripts/test should have run npm ci")
        pytest.skip("node_modules/lunr is missing (run npm ci)")
    return NPM_LUNR


def test_package_json_pins_lunr() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["lunr"] == VERSION
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/lunr"]["version"] == VERSION


def test_installed_lunr_is_the_pinned_version(npm_lunr: Path) -> None:
    assert json.loads((npm_lunr / "package.json").read_text(encoding="utf-8"))["version"] == VERSION


def test_vendored_copy_is_byte_identical(npm_lunr: Path) -> None:
    assert (SEARCH / f"lunr-{VERSION}.min.js").read_bytes() == (npm_lunr / "lunr.min.js").read_bytes()


def test_licence_is_vendored(npm_lunr: Path) -> None:
    assert (SEARCH / "LICENSE-lunr.txt").read_bytes() == (npm_lunr / "LICENSE").read_bytes()


def test_vendored_copy_says_its_version() -> None:
    head = (SEARCH / f"lunr-{VERSION}.min.js").read_text(encoding="utf-8")[:300]
    assert f"- {VERSION}" in head and "@license MIT" in head
