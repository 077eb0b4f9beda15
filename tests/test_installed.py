"""The installed package works as well as the checkout.

A wheel built from the repository is installed into a new virtualenv away from the checkout. The wheel
carries every file of the bundled themes, and the installed ``sitegen`` reports its version, starts a new
archive that builds, and builds the sample and hostile archives byte for byte as the checkout does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from website.helpers import THEMES
from website.hostile import write_archive

import sitegen

REPO = Path(__file__).resolve().parent.parent
THEMES_DIR = REPO / "themes"
WHEEL_THEMES = "sitegen/themes/"
# Holds keys that include a hash of sitegen's own installed files: it differs between two installs.
MANIFEST = ".sitegen-manifest.json"
SEARCH_FILES = (
    "static/search/search.js",
    "static/search/lunr-2.3.9.min.js",
    "static/search/tokens.js",
    "search/manifest.js",
)
# What .gitignore keeps out of the source tree, plus git's own folder: a stale build/lib left by an
# earlier in-tree build would otherwise land in the wheel and hide a file missing from themes/.
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "*.egg-info",
    "__pycache__",
    "node_modules",
    "output",
    ".output.sitegen-work",
    ".sitegen-cache",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    "screenshots",
    ".tools",
)


def clean_env(venv: Path | None = None) -> dict[str, str]:
    """The environment less anything that would put the checkout (or another Python) on the path; with
    ``venv``, its bin/ comes first on PATH, as if it were activated."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    if venv is not None:
        # Drop the checkout's .venv/bin too (CI may have activated it): only the new install may answer.
        path = [p for p in env.get("PATH", "").split(os.pathsep) if p and not Path(p).is_relative_to(REPO)]
        env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    return env


Command = list[str | Path]


def run(args: Command, cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    assert not cwd.resolve().is_relative_to(REPO), cwd
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    """``result``'s stdout, after checking it exited 0 (its output is the failure message otherwise)."""
    assert result.returncode == 0, f"{result.args}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    work: Path  # a temp folder for the tests' archives, away from the checkout

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def sitegen(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return run([self.venv / "bin" / "sitegen", *args], cwd, clean_env(self.venv))

    def python_prints(self, code: str) -> str:
        """What the venv's python prints running ``code``, stripped."""
        return ok(run([self.python, "-c", code], self.work, clean_env(self.venv))).strip()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel, built from a clean copy of the repository, installed into a new virtualenv."""
    src = tmp_path_factory.mktemp("source") / "sitegen"
    shutil.copytree(REPO, src, ignore=NOT_SOURCE)
    tmp = tmp_path_factory.mktemp("installed")
    wheels, venv, work = tmp / "wheels", tmp / "venv", tmp / "work"
    work.mkdir()
    env = clean_env()
    ok(run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, src], work, env))
    (wheel,) = wheels.glob("sitegen-*.whl")
    ok(run([sys.executable, "-m", "venv", venv], work, env))
    ok(run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], work, env, timeout=600))
    # The checkout's source copy is gone before anything runs: nothing can import it by accident.
    shutil.rmtree(src)
    found = Installed(wheel, venv, work)
    purelib = Path(found.python_prints("import sysconfig; print(sysconfig.get_paths()['purelib'])"))
    assert purelib.is_relative_to(venv), purelib
    module = Path(found.python_prints("import sitegen; print(sitegen.__file__)"))
    assert module.is_relative_to(purelib), module
    # The themes are found inside the package, not by the fallback to a checkout's themes/.
    themes = Path(found.python_prints("from sitegen.theme import BUNDLED_THEMES; print(BUNDLED_THEMES)"))
    assert themes == purelib / "sitegen" / "themes", themes
    return found


def checkout_build(archive: Path, dest: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Build ``archive`` with the checkout's sitegen, from and into ``dest``; the result and the output folder."""
    dest.mkdir()
    out = dest / "output"
    paths: Command = ["--source", archive / "content", "--output", out, "--config", archive / "sitegen.toml"]
    return run([sys.executable, "-m", "sitegen", "build", "--no-cache", *paths], dest, clean_env()), out


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but sitegen's manifest, with its bytes, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def assert_same_site(installed_out: Path, checkout_out: Path) -> None:
    mine, theirs = files(installed_out), files(checkout_out)
    assert sorted(mine.keys() ^ theirs.keys()) == []
    assert [name for name in mine if mine[name] != theirs[name]] == []
    assert (installed_out / MANIFEST).is_file() and (checkout_out / MANIFEST).is_file()


def assert_has_assets(out: Path, theme: str = "default") -> None:
    for name in ("static/style.css", *SEARCH_FILES):
        assert (out / name).is_file(), name
    if theme == "broadsheet":
        assert (out / "static/broadsheet.css").is_file()
    assert 'href="static/style.css"' in (out / "index.html").read_text(encoding="utf-8")


def test_wheel_holds_every_theme_file(installed: Installed) -> None:
    theme_files = {p.relative_to(THEMES_DIR).as_posix(): p.read_bytes() for p in THEMES_DIR.rglob("*") if p.is_file()}
    # Guards the comparison below against an empty or misplaced themes/.
    assert {
        "default/static/search/lunr-2.3.9.min.js",
        "default/static/search/LICENSE-lunr.txt",
        "default/templates/base.html",
        "default/static/style.css",
        "broadsheet/theme.toml",
    } <= theme_files.keys()
    with zipfile.ZipFile(installed.wheel) as wheel:
        in_wheel = {
            info.filename.removeprefix(WHEEL_THEMES): wheel.read(info)
            for info in wheel.infolist()
            if info.filename.startswith(WHEEL_THEMES) and not info.is_dir()
        }
    assert sorted(in_wheel.keys()) == sorted(theme_files.keys())
    assert [name for name in in_wheel if in_wheel[name] != theme_files[name]] == []


def test_version(installed: Installed) -> None:
    out = ok(installed.sitegen(installed.work, "--version"))
    assert out.split()[-1] == sitegen.__version__, out


def test_new_archive_builds(installed: Installed) -> None:
    ok(installed.sitegen(installed.work, "new", "demo"))
    demo = installed.work / "demo"
    ok(installed.sitegen(demo, "build"))
    assert_has_assets(demo / "output")


def test_sample_archive_builds_as_in_checkout(installed: Installed, tmp_path: Path) -> None:
    archive = tmp_path / "sample"
    shutil.copytree(REPO / "content", archive / "content")
    shutil.copy(REPO / "sitegen.toml", archive / "sitegen.toml")
    assert not (archive / "themes").exists()
    ok(installed.sitegen(archive, "build", "--no-cache"))
    checkout, checkout_out = checkout_build(archive, tmp_path / "checkout")
    ok(checkout)
    assert_same_site(archive / "output", checkout_out)
    assert_has_assets(archive / "output")


@pytest.mark.parametrize("theme", THEMES)
def test_hostile_archive_builds_as_in_checkout(installed: Installed, tmp_path: Path, theme: str) -> None:
    archive = write_archive(tmp_path / "hostile", theme)
    ok(installed.sitegen(archive, "build", "--no-cache"))
    checkout, checkout_out = checkout_build(archive, tmp_path / "checkout")
    ok(checkout)
    assert_same_site(archive / "output", checkout_out)
    assert_has_assets(archive / "output", theme)
