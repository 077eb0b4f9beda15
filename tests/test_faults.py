"""Faults: a build killed at any moment, a disk that fills up, a folder that cannot be written, an
output folder that must not be replaced. The previous site must survive each one whole, and the
next build must succeed.

Builds run as real `sitegen build` processes (python -m sitegen), killed with SIGKILL.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.writer import MANIFEST, MARKER

Tree = Callable[[Path], dict[str, bytes]]
KILLS = 24  # kill points spread over one build, half of them killing the workers too


def _interruptible() -> None:
    # As from a terminal: a test run started in the background (`&` in a script) has SIGINT ignored,
    # and a child inherits that, so Ctrl-C would not reach the build at all.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def sitegen(root: Path, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    setup = kwargs.pop("preexec_fn", None)

    def prepare() -> None:
        _interruptible()
        if callable(setup):
            setup()

    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build", "--output", "out", "--jobs", "2", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=prepare,
        **kwargs,  # type: ignore[call-overload]
    )


def build(root: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    proc = sitegen(root, *args, **kwargs)
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


WORK = ".out.sitegen-work"  # the work folder: the previous site between builds, the next one during a build


def leftovers(root: Path) -> list[str]:
    """Anything a build leaves beside the output folder but its work folder (an old tree set aside)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".out.") and p.name != WORK)


def mid_build(root: Path) -> bool:
    """Whether the work folder holds a site being built (a build was killed before its swap)."""
    marker = root / WORK / MARKER
    return marker.exists() and marker.read_bytes() == b"building"


def previous_site(root: Path, tree: Tree) -> dict[str, bytes]:
    """What the work folder holds between builds, as the output would show it."""
    found = tree(root / WORK)
    assert found.pop(MARKER) == b"previous"
    return found


@pytest.fixture
def two_states(sample_archive: Path) -> Iterator[tuple[Path, Callable[[bool], None]]]:
    """The sample archive and a switch between two contents: as it is, and with one issue more and
    one page edited (so a build between them rewrites item pages, listings and the search index)."""
    content = sample_archive / "content"
    first = sorted(p for p in content.iterdir() if p.is_dir())[0]
    extra = sample_archive / "extra-issue"
    shutil.copytree(first, extra)
    page = next(p for p in sorted(first.iterdir()) if p.suffix in (".txt", ".md"))
    original = page.read_bytes()

    def switch(more: bool) -> None:
        target = content / "2024-02-02"
        if more and not target.exists():
            shutil.copytree(extra, target)
        if not more and target.exists():
            shutil.rmtree(target)
        page.write_bytes(original + ("\n\n补记：本版稿件有更正。\n".encode() if more else b""))

    yield sample_archive, switch


def test_killed_builds_leave_the_previous_site_whole_and_the_next_build_succeeds(
    two_states: tuple[Path, Callable[[bool], None]],
    tree: Tree,
) -> None:
    root, switch = two_states
    out = root / "out"
    sites: dict[bool, dict[str, bytes]] = {}
    durations = []
    for more in (True, False):  # both sites, and how long a build between them takes
        switch(more)
        started = time.perf_counter()
        done = build(root)
        durations.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr.decode()
        sites[more] = tree(out)
    assert sites[True] != sites[False]
    duration = max(durations)

    state = False  # out/ holds sites[False]
    outcomes = {"previous": 0, "new": 0, "mid-write": 0}
    for k in range(KILLS):
        target = not state
        switch(target)
        user_file = out / "CNAME"
        user_file.write_text("archive.example.org\n")  # never written by sitegen: must survive
        proc = sitegen(root)
        time.sleep(duration * (k + 0.5) / KILLS)  # from start-up to the swap at the very end
        with contextlib.suppress(ProcessLookupError):
            if k % 2:
                os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers
            else:
                os.kill(proc.pid, signal.SIGKILL)  # the build alone: its workers must stop too
        proc.communicate(timeout=60)
        outcomes["mid-write"] += mid_build(root)  # killed with a half-made site beside out/
        found = tree(out)
        assert found.pop("CNAME") == b"archive.example.org\n", k
        if found == sites[state]:
            outcomes["previous"] += 1
        else:
            assert found == sites[target], f"kill {k}: output/ is neither the previous site nor the new one"
            outcomes["new"] += 1
            state = target
        # The next build finishes what was asked, whatever the kill left beside out/.
        done = build(root)
        assert done.returncode == 0, (k, done.stderr.decode())
        found = tree(out)
        assert found.pop("CNAME") == b"archive.example.org\n", k
        assert found == sites[target], k
        assert leftovers(root) == [] and not mid_build(root), k
        state = target
    assert outcomes["previous"] >= KILLS // 3, outcomes  # most kills landed before the swap
    assert outcomes["mid-write"] >= 3, outcomes  # and some of them while the new site was being written


@pytest.fixture
def built(two_states: tuple[Path, Callable[[bool], None]], tree: Tree) -> tuple[Path, dict[str, bytes]]:
    """The sample archive built into out/, its contents switched so the next build writes files."""
    root, switch = two_states
    done = build(root)
    assert done.returncode == 0, done.stderr.decode()
    before = tree(root / "out")
    switch(True)
    return root, before


def _limit_file_size() -> None:
    # A full disk, as far as sitegen can tell: writes past 4 KB fail with EFBIG instead of a signal.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_full_disk_gives_a_clear_error_and_leaves_the_site(built: tuple[Path, dict[str, bytes]], tree: Tree) -> None:
    root, before = built
    done = build(root, preexec_fn=_limit_file_size)
    message = done.stderr.decode()
    assert done.returncode == 1
    assert "could not write the site: File too large" in message
    assert "left as it was" in message and "free disk space" in message
    assert "Traceback" not in message
    assert tree(root / "out") == before
    assert leftovers(root) == []
    assert build(root).returncode == 0  # room again: the build goes through


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` impossible to change, even for root (who ignores permission bits)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)


@pytest.mark.parametrize("which", ["output folder", "folder holding it"])
def test_a_read_only_folder_gives_a_clear_error_and_leaves_the_site(
    built: tuple[Path, dict[str, bytes]],
    tree: Tree,
    which: str,
) -> None:
    root, before = built
    folder = root / "out" if which == "output folder" else root
    with read_only(folder), read_only(root) if os.geteuid() != 0 and folder != root else contextlib.nullcontext():
        done = build(root)
        leftover = leftovers(root)
    message = done.stderr.decode()
    assert done.returncode == 1, message
    assert "could not write the site" in message or "cannot open the folder" in message, message
    assert "Traceback" not in message
    assert tree(root / "out") == before
    assert leftover == []


OUTPUTS = [
    "content",
    "archive",
    "home",
    "root",
    "parent of archive",
    "a file",
    "the settings file",
    "a link",
    "static",
    "in templates",
    "in themes",
]


@pytest.mark.parametrize("where", OUTPUTS)
def test_output_that_would_replace_the_archive_is_refused(sample_archive: Path, tree: Tree, where: str) -> None:
    home = sample_archive.parent / "home"
    home.mkdir()
    (sample_archive / "README.md").write_text("the archive's notes\n", encoding="utf-8")
    (sample_archive / "static").mkdir()
    (sample_archive / "static/logo.svg").write_text("<svg/>", encoding="utf-8")
    (sample_archive / "elsewhere").mkdir()
    (sample_archive / "site").symlink_to("elsewhere")
    output = {
        "content": sample_archive / "content",
        "archive": sample_archive,
        "home": home,
        "root": Path("/"),
        "parent of archive": sample_archive.parent,
        "a file": sample_archive / "README.md",
        "the settings file": sample_archive / "sitegen.toml",
        "a link": sample_archive / "site",
        "static": sample_archive / "static",
        "in templates": sample_archive / "templates/site",
        "in themes": sample_archive / "themes/x/site",
    }[where]
    before = tree(sample_archive.parent)
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--output", str(output)],
        cwd=sample_archive,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(home)},
        check=False,
    )
    message = done.stderr.decode()
    assert done.returncode == 1
    assert "refusing to write the site" in message and "--output" in message, message
    assert tree(sample_archive.parent) == before  # nothing written, nothing removed
    assert not list(sample_archive.glob(".*sitegen-work"))  # nothing moved aside either


def test_files_sitegen_did_not_write_are_never_removed(built: tuple[Path, dict[str, bytes]], tree: Tree) -> None:
    root, _ = built
    out = root / "out"
    mine = {"CNAME": b"example.org\n", ".htaccess": b"Options -Indexes\n", "2023/notes/readme.txt": b"mine"}
    for relative, data in mine.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(data)
    assert build(root).returncode == 0
    shutil.rmtree(root / "content" / "2024-02-02")  # an issue removed: its pages go, the user's files stay
    assert build(root).returncode == 0
    found = tree(out)
    assert {k: found[k] for k in mine} == mine
    assert MANIFEST in found and not any("2024/02/02" in p for p in found)


def test_a_build_with_nothing_to_do_still_puts_back_an_output_a_killed_swap_set_aside(
    built: tuple[Path, dict[str, bytes]],
    tree: Tree,
) -> None:
    root, _ = built
    assert build(root).returncode == 0
    site = tree(root / "out")
    # As if killed between the two renames of a swap where folders cannot be exchanged.
    (root / "out").rename(root / ".out.sitegen-old")
    done = build(root)
    assert done.returncode == 0, done.stderr.decode()
    assert "0 written" in done.stdout.decode()  # nothing new to write
    assert leftovers(root) == [] and tree(root / "out") == site


def test_the_work_folder_keeps_the_previous_site_and_is_set_right_whatever_is_in_it(
    two_states: tuple[Path, Callable[[bool], None]],
    tree: Tree,
) -> None:
    root, switch = two_states
    sites = []
    for more in (False, True, False):
        switch(more)
        assert build(root).returncode == 0
        sites.append(tree(root / "out"))
    assert previous_site(root, tree) == sites[1]  # the old tree, in links: nothing copied
    work, out = root / WORK, root / "out"
    same = [p for p, data in sites[2].items() if sites[1].get(p) == data and p != MANIFEST]
    assert len(same) > 10 and all((work / p).stat().st_ino == (out / p).stat().st_ino for p in same)
    # Whatever is in the work folder (a killed build's files, a file where a folder was, a changed
    # link), the next build's site is right, and the work folder then holds the site before it.
    (work / "2023" / "junk.html").write_text("junk")
    shutil.rmtree(work / "static")
    (work / "static").write_text("a file where a folder was")
    (work / "index.html").unlink()
    (work / "index.html").write_text("not the output's file")
    (work / MARKER).write_bytes(b"building")
    switch(True)
    done = build(root)
    assert done.returncode == 0, done.stderr.decode()
    assert tree(out) == sites[1] and previous_site(root, tree) == sites[2]


def test_a_work_folder_sitegen_did_not_make_is_never_touched(built: tuple[Path, dict[str, bytes]], tree: Tree) -> None:
    root, before = built
    mine = root / WORK
    shutil.rmtree(mine)  # sitegen's, made by the first build; in its place, a folder of the user's
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    done = build(root)
    assert done.returncode == 1
    assert "is in the way and was not made by sitegen" in done.stderr.decode()
    assert tree(mine) == {"notes.txt": b"mine"} and tree(root / "out") == before


def test_ctrl_c_ends_a_build_quietly_and_leaves_the_previous_site(
    built: tuple[Path, dict[str, bytes]], tree: Tree
) -> None:
    """Ctrl-C reaches the build and its workers (one process group): one line, no worker's traceback."""
    root, before = built
    content = root / "content"
    first = sorted(p for p in content.iterdir() if p.is_dir())[0]
    for day in range(1, 29):  # enough pages that the workers are busy writing when the key is pressed
        for month in (3, 4):
            shutil.copytree(first, content / f"2024-{month:02d}-{day:02d}")
    proc = sitegen(root, "--no-cache")
    assert proc.stderr is not None
    lines = []
    for raw in proc.stderr:  # one line a stage (not a terminal): "plan: …" just before the workers start
        lines.append(raw.decode())
        if raw.startswith(b"plan: "):
            break
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    message = "".join(lines) + err.decode()
    assert proc.returncode != 0, message
    assert "Traceback" not in message and "KeyboardInterrupt" not in message, message
    assert message.rstrip().endswith("Aborted!"), message
    assert tree(root / "out") == before


def test_a_bug_met_in_a_worker_comes_back_as_a_message(built: tuple[Path, dict[str, bytes]], tree: Tree) -> None:
    root, before = built
    (root / "templates").mkdir()
    (root / "templates/item.html").write_text(
        '{% extends "!default/item.html" %}{% set x = 1 // 0 %}', encoding="utf-8"
    )
    done = build(root, "--no-cache")
    message = done.stderr.decode()
    assert done.returncode == 1
    assert "Traceback" not in message, message
    assert re.search(
        r"could not make output/\S+\.html: ZeroDivisionError: integer division or modulo by zero "
        r"\(this is a bug: please report it with this file\)",
        message,
    ), message
    assert tree(root / "out") == before


def test_a_users_file_where_the_site_puts_one_is_named_and_the_rest_published(
    built: tuple[Path, dict[str, bytes]], tree: Tree
) -> None:
    root, before = built
    out = root / "out"
    shutil.rmtree(out / "search")
    (out / "search").write_text("my notes\n", encoding="utf-8")
    (out / "404.html").unlink()
    (out / "404.html").mkdir()
    (out / "404.html/keep.txt").write_text("mine\n", encoding="utf-8")
    for _ in range(2):  # said on every build until it is moved
        done = build(root)
        message = done.stderr.decode()
        assert done.returncode == 1 and "Traceback" not in message, message
        lines = [line for line in message.splitlines() if line.startswith("out/")]
        assert lines[0] == (
            "out/404.html: a folder that sitegen did not make stands where the site puts a file: "
            "1 file of the site left out (move or rename it, then build again)"
        )
        assert re.fullmatch(
            r"out/search: a file that sitegen did not write stands where the site puts a folder: "
            r"\d+ files of the site left out \(move or rename it, then build again\)",
            lines[1],
        )
        assert (out / "search").read_text(encoding="utf-8") == "my notes\n"
        assert (out / "404.html/keep.txt").read_text(encoding="utf-8") == "mine\n"
        assert "2024-02-02" in (out / "index.html").read_text(encoding="utf-8")  # the new site, but for those
    (out / "search").unlink()
    shutil.rmtree(out / "404.html")
    done = build(root)
    assert done.returncode == 0, done.stderr.decode()
    assert (out / "search/index.html").is_file() and (out / "404.html").is_file()
