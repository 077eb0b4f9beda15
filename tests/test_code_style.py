"""The code is ruff-clean and ruff-formatted: the same ruff the test extra pins runs in CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PATHS = ["sitegen", "tests", "benchmarks", "scripts"]


def ruff(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *argv, *PATHS], cwd=REPO, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("argv", [("check",), ("format", "--check")], ids=["check", "format"])
def test_ruff_is_clean(argv: tuple[str, ...]) -> None:
    result = ruff(*argv, "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
