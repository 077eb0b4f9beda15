"""Site tests: the sample archive built in both themes, checked by real tools in a real browser.

Chromium, Java (for the Nu checker) and node_modules may be missing on a developer laptop:
those tests skip there, but fail under CI=true, where `scripts/test` installs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
THEMES = ("default", "broadsheet")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def require(ok: bool, what: str) -> None:
    """Skip when a tool is missing on a laptop; under CI a missing tool is a failure."""
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing under CI: scripts/test should have installed it")
    pytest.skip(f"{what} is not installed")


@dataclass(frozen=True)
class BuiltSite:
    theme: str
    root: Path

    def pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def url(self, rel: str) -> str:
        return (self.root / rel).as_uri()


def build_site(theme: str, dest: Path) -> BuiltSite:
    config = (REPO / "sitegen.toml").read_text(encoding="utf-8")
    config = config.replace('theme = "default"', f'theme = "{theme}"')
    assert f'theme = "{theme}"' in config
    (dest / "sitegen.toml").write_text(config, encoding="utf-8")
    return BuiltSite(theme, sitegen_build(REPO / "content", dest / "sitegen.toml", dest))


def sitegen_build(content: Path, config: Path, cwd: Path) -> Path:
    """`sitegen build` of ``content`` with ``config`` into ``cwd``/output, as a user runs it; the output."""
    out = cwd / "output"
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--source", str(content), "--output", str(out),
         "--config", str(config), "--no-cache"],
        capture_output=True, text=True, cwd=cwd,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def java_ok() -> bool:
    return shutil.which("java") is not None and VNU_JAR.is_file()
