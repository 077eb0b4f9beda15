"""Links, named pipes, devices and huge files in the content folder: each is reported by name, none is
followed out of the archive, hangs the build or fills the memory, and the good pages are still published."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

GOOD = "content/2023-12-26/05.md"
GOOD_PAGE = "# 社区治理见实效\n\n□本报记者 宋爽\n\n赤峰市红山区推进社区治理。\n"
GOOD_ITEM = "output/2023/12/26/05/she-qu-zhi-li-jian-shi-xiao.html"
SECRET = "root:x:0:0:secret-line-that-must-not-be-published"


def archive(tmp_path: Path, config: str = "") -> Path:
    root = tmp_path / "archive"
    (root / "content/2023-12-26").mkdir(parents=True)
    (root / GOOD).write_text(GOOD_PAGE, encoding="utf-8")
    (root / "sitegen.toml").write_text('title = "报"\n' + config, encoding="utf-8")
    return root


def outside(tmp_path: Path) -> Path:
    """A file and an issue folder outside the archive, as /etc/passwd would be."""
    (tmp_path / "elsewhere/2023-12-28").mkdir(parents=True)
    (tmp_path / "elsewhere/passwd.txt").write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "elsewhere/2023-12-28/05.txt").write_text(SECRET + "\n", encoding="utf-8")
    return tmp_path / "elsewhere"


def build(root: Path, *args: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sitegen", "build", "--no-cache", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    # The time limit is the test runner's guard against a hang (a FIFO read blocks for ever), not a measurement.
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def published(root: Path) -> str:
    """Everything the site holds, as text: nothing from outside the archive may be in it."""
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in (root / "output").rglob("*") if p.is_file())


def line_about(result: subprocess.CompletedProcess[str], where: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{where}: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_page_linked_outside_the_archive_is_left_out_with_its_target(tmp_path: Path) -> None:
    root = archive(tmp_path)
    target = outside(tmp_path) / "passwd.txt"
    (root / "content/2023-12-26/06.txt").symlink_to(target)
    (root / "content/2023-12-28").symlink_to(target.parent / "2023-12-28")
    result = build(root)
    assert result.returncode == 0, result.stderr  # warnings: the rest is built
    assert line_about(result, "content/2023-12-26/06.txt") == (
        f"content/2023-12-26/06.txt: warning: a link to {target}, outside the content folder; left out (copy what "
        "it names into the archive, or set follow_symlinks = true in sitegen.toml to publish it)"
    )
    assert "outside the content folder" in line_about(result, "content/2023-12-28")
    assert (root / GOOD_ITEM).is_file()
    assert SECRET not in published(root)
    assert not (root / "output/2023/12/26/06").exists() and not (root / "output/2023/12/28").exists()
    assert "  content/2023-12-26/06.txt: a link to " in result.stdout  # listed as not built
    assert target.read_text(encoding="utf-8") == SECRET + "\n" and (root / "content/2023-12-26/06.txt").is_symlink()


def test_links_inside_the_content_folder_are_followed(tmp_path: Path) -> None:
    root = archive(tmp_path)
    (root / "content/2023-12-27").mkdir()
    (root / "content/2023-12-27/05.md").symlink_to("../2023-12-26/05.md")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "output/2023/12/27/05/she-qu-zhi-li-jian-shi-xiao.html").is_file()


def test_follow_symlinks_publishes_what_the_archive_links_to(tmp_path: Path) -> None:
    root = archive(tmp_path, "follow_symlinks = true\n")
    (root / "content/2023-12-26/06.txt").symlink_to(outside(tmp_path) / "passwd.txt")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert SECRET in published(root)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda page: page.symlink_to(page.parent / "gone.txt"), "a broken link (to {dir}/gone.txt); left out"),
        (lambda page: page.symlink_to(page), "a link that leads back to itself (to {page}); left out"),
    ],
)
def test_broken_links_and_loops_are_reported_by_their_own_name(tmp_path: Path, make, says: str) -> None:
    root = archive(tmp_path)
    page = root / "content/2023-12-26/06.txt"
    make(page)
    result = build(root)
    assert result.returncode == 0, result.stderr
    says = says.format(dir=page.parent, page=page)
    assert line_about(result, "content/2023-12-26/06.txt") == (
        f"content/2023-12-26/06.txt: warning: {says} (remove the link or point it at a page)"
    )
    assert (root / GOOD_ITEM).is_file()


def test_a_named_pipe_is_refused_not_read(tmp_path: Path) -> None:
    root = archive(tmp_path)
    os.mkfifo(root / "content/2023-12-26/06.txt")
    result = build(root)
    assert result.returncode == 1
    assert line_about(result, "content/2023-12-26/06.txt") == (
        "content/2023-12-26/06.txt: refused: a named pipe (FIFO), not a page file (pages are regular files: "
        "move it out of the content folder)"
    )
    assert (root / GOOD_ITEM).is_file()
    segment = subprocess.run(
        [sys.executable, "-m", "sitegen", "segment", "content/2023-12-26/06.txt"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert segment.returncode == 1 and "refused: a named pipe (FIFO), not a page file" in segment.stderr


def test_a_device_is_refused_even_when_links_are_followed(tmp_path: Path) -> None:
    root = archive(tmp_path, "follow_symlinks = true\n")
    (root / "content/2023-12-26/07.txt").symlink_to("/dev/zero")
    result = build(root)
    assert result.returncode == 1
    assert "content/2023-12-26/07.txt: refused: a character device, not a page file" in result.stderr
    assert (root / GOOD_ITEM).is_file()


def test_a_page_past_the_size_limit_is_refused(tmp_path: Path) -> None:
    root = archive(tmp_path, "max_page_mb = 1\n")
    (root / "content/2023-12-26/06.txt").write_text("赤峰市。\n" * 200_000, encoding="utf-8")  # 2.6 MB
    result = build(root)
    assert result.returncode == 1
    assert line_about(result, "content/2023-12-26/06.txt") == (
        "content/2023-12-26/06.txt: refused: the file is larger than the limit of 1 MB for a page (split it "
        "into its pages, or raise max_page_mb in sitegen.toml)"
    )
    assert (root / GOOD_ITEM).is_file()


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="util-linux setpriv (Debian has it)")
def test_an_unreadable_issue_folder_and_issue_toml_are_reported_and_the_rest_built() -> None:
    # Not pytest's tmp_path: its parents are closed to other users, and the build may run as nobody.
    tmp_path = Path(tempfile.mkdtemp(prefix="sitegen-unreadable-"))
    tmp_path.chmod(0o755)
    try:
        unreadable(tmp_path)
    finally:
        for path in [tmp_path, *tmp_path.rglob("*")]:
            path.chmod(0o755)
        shutil.rmtree(tmp_path)


def unreadable(tmp_path: Path) -> None:
    root = archive(tmp_path)
    (root / "content/2023-12-27").mkdir()
    (root / "content/2023-12-27/05.md").write_text(GOOD_PAGE, encoding="utf-8")
    (root / "content/2023-12-26/issue.toml").write_text('[pages]\n"05" = "党建"\n', encoding="utf-8")
    for path in [tmp_path, *tmp_path.rglob("*")]:  # readable by the unprivileged user the build runs as
        path.chmod(0o777 if path.is_dir() else 0o666)
    (root / "content/2023-12-27").chmod(0)
    (root / "content/2023-12-26/issue.toml").chmod(0)
    # As root every permission is granted: the build then runs as nobody, as a web editor's account would.
    result = build(root, user="65534" if os.geteuid() == 0 else None)
    assert line_about(result, "content/2023-12-27") == (
        "content/2023-12-27: cannot open the folder: Permission denied (check its permissions)"
    )
    assert line_about(result, "content/2023-12-26/issue.toml").startswith(
        "content/2023-12-26/issue.toml: cannot read: Permission denied"
    )
    assert result.returncode == 1, result.stderr
    assert (root / GOOD_ITEM).is_file(), result.stderr


def test_everything_at_once_finishes_and_publishes_the_good_pages(tmp_path: Path) -> None:
    """The hostile archive of the kinds above, beside the good page, and a site from before: the build
    finishes, the good pages are published, nothing from outside is, and every user file is as it was."""
    root = archive(tmp_path)
    first = build(root)
    assert first.returncode == 0, first.stderr
    elsewhere = outside(tmp_path)
    folder = root / "content/2023-12-26"
    (folder / "06.txt").symlink_to("/etc/passwd")
    (folder / "07.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "08.txt")
    (folder / "09.txt").symlink_to(folder / "gone.txt")
    (folder / "10.txt").symlink_to(folder / "10.txt")
    (folder / "11.md").symlink_to("05.md")
    (root / "content/2023-12-28").symlink_to(elsewhere / "2023-12-28")
    links = {p: os.readlink(p) for p in folder.iterdir() if p.is_symlink()}
    result = build(root)
    assert result.returncode == 1  # the FIFO is an error; the links are warnings
    for name in ("06.txt", "07.txt", "08.txt", "09.txt", "10.txt"):
        line_about(result, f"content/2023-12-26/{name}")
    assert (root / GOOD_ITEM).is_file() and (root / "output/2023/12/26/11").is_dir()
    text = published(root)
    assert SECRET not in text and "root:x:0:0" not in text
    assert {p: os.readlink(p) for p in folder.iterdir() if p.is_symlink()} == links
    assert (folder / "08.txt").exists() and (root / GOOD).read_text(encoding="utf-8") == GOOD_PAGE
