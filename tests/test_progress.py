"""What `sitegen build` prints while it runs: a bar per stage on a terminal, plain lines elsewhere,
only the summary with --quiet; and the figures --stats writes."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

RunCli = Callable[..., Result]
STAGES = ["discover", "read", "check", "segment", "place", "assemble", "plan", "write"]
SUMMARY = re.compile(
    r"^3 pages, \d+ items( \(\d+ uncertain: see sitegen review\))?; files: \d+ written, \d+ unchanged, \d+ removed; 0 errors, "
    r"\d+ warnings? \(\d+\.\d\d s\)$",
    re.M,
)


def test_plain_lines_per_stage_and_a_summary_when_not_on_a_terminal(sample_archive: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_archive, "build", "--jobs", "2")
    assert result.exit_code == 0, result.output
    for stage in STAGES:
        assert re.search(rf"^{stage}: [\d,]+ \w+ in \d+\.\d\d s$", result.stderr, re.M), stage
    assert re.search(r"^stages: discover \d+\.\d\d s, .* write \d+\.\d\d s$", result.stderr, re.M)
    assert SUMMARY.search(result.stdout), result.stdout
    assert "\r" not in result.output  # no bar in a log


def test_quiet_prints_only_the_summary(sample_archive: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_archive, "build", "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert SUMMARY.search(result.stdout) and result.stdout.count("\n") == 1


def test_a_terminal_gets_a_progress_bar_with_stage_names_and_counts(sample_archive: Path) -> None:
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build", "--jobs", "1"],
        cwd=sample_archive,
        stdin=child,
        stdout=child,
        stderr=child,
        close_fds=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the terminal closed: the build ended
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert proc.wait(timeout=120) == 0
    text = b"".join(chunks).decode("utf-8", "replace")
    assert re.search(r"segment\s*:\s*\d+%\|.*\| \d+/3 \[", text), text[-2000:]  # tqdm: name, bar, done/total
    assert re.search(r"write\s*:\s*\d+%\|", text)
    assert SUMMARY.search(text.replace("\r\n", "\n"))


def test_stats_file_has_every_stage_with_time_cpu_memory_and_counts(sample_archive: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_archive, "build", "--quiet", "--stats", "stats.json")
    assert result.exit_code == 0
    stats = json.loads((sample_archive / "stats.json").read_text())
    assert [s["name"] for s in stats["stages"]] == STAGES
    for stage in stats["stages"]:
        assert stage["wall"] >= 0 and stage["cpu"] >= 0 and stage["maxrss"] > 0
    assert stats["items"] > 30 and stats["pages"] == 3
    assert stats["files"]["written"] == stats["output"]["files"] > 100
