"""The same archive gives the same site, byte for byte, wherever and however it is built: another
folder, another time zone, another locale, another hash seed, one worker or several."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Tree = Callable[[Path], dict[str, bytes]]

SETTINGS = [
    {"TZ": "UTC", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0", "jobs": "1"},
    {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "PYTHONHASHSEED": "4242", "jobs": "2"},  # UTC+14
    {"TZ": "America/Adak", "LC_ALL": "POSIX", "LANG": "tr_TR.UTF-8", "PYTHONHASHSEED": "99", "jobs": "2"},  # UTC-10
]


def test_builds_in_other_folders_time_zones_and_locales_are_identical(sample_archive: Path, tree: Tree) -> None:
    sites = []
    for n, setting in enumerate(SETTINGS):
        root = sample_archive.parent / f"elsewhere-{n}" / "archive"
        shutil.copytree(sample_archive, root)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
        env.update({k: v for k, v in setting.items() if k != "jobs"})
        done = subprocess.run(
            [sys.executable, "-m", "sitegen", "build", "--jobs", setting["jobs"], "--no-cache"],
            cwd=root,
            env=env,
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        sites.append(tree(root / "output"))
    assert len(sites[0]) > 100
    for n, site in enumerate(sites[1:], start=1):
        assert site.keys() == sites[0].keys(), SETTINGS[n]
        differ = [path for path in site if site[path] != sites[0][path]]
        assert not differ, (SETTINGS[n], differ[:5])
