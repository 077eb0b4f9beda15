"""The only code that touches ``output/``: atomic file writes, the manifest, stale-file removal.

Each file is

- skipped when its bytes are already there (a second build writes nothing, and file times stay
  put for rsync and web caches);
- otherwise written atomically: a temp file in the same folder, then ``os.replace``, so a reader
  never sees half a page.

``output/.sitegen-manifest.json`` records, for every job of the last build (see jobs.py), the key of
its inputs and the files it wrote. Files an earlier build wrote but this one does not are removed;
files not in the manifest (a hand-made ``.htaccess``, a CNAME) are never touched.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from sitegen.errors import SitegenError

MANIFEST = ".sitegen-manifest.json"
MANIFEST_VERSION = 2

Entries = Mapping[str, tuple[str, tuple[str, ...]]]  # job id → (key, files)


def check_relative(path: str, source: str) -> None:
    """Raise unless ``path`` is a plain relative path inside output/ (not the manifest)."""
    if not is_safe(path):
        raise SitegenError(f"refusing to write outside output/ or over the manifest: {path!r}", path=source)


def is_safe(path: str) -> bool:
    pure = PurePosixPath(path)
    return bool(pure.parts) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in path \
        and path != MANIFEST and "\0" not in path


def read_manifest(output_dir: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The previous build's jobs. Missing or damaged means none (then nothing is removed); a version 1
    manifest (a plain file list) gives its files under one job with no key, so they are removed if stale."""
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
        if data.get("version") == 1:
            return {"": ("", tuple(p for p in data["files"] if isinstance(p, str) and is_safe(p)))}
        jobs = data["jobs"]
        return {
            job: (str(key), tuple(p for p in paths if isinstance(p, str) and is_safe(p)))  # never trust disk
            for job, (key, paths) in jobs.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_manifest(output_dir: Path, entries: Entries) -> None:
    data = {"version": MANIFEST_VERSION, "jobs": {job: [key, list(paths)] for job, (key, paths) in entries.items()}}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    write_if_changed(output_dir / MANIFEST, text.encode("utf-8"))


def remove_stale(output_dir: Path, stale: Iterable[str]) -> int:
    """Remove files an earlier build wrote that this build no longer makes; returns how many."""
    removed = 0
    for relative in sorted(stale):
        target = output_dir / relative
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed += 1
        _remove_empty_parents(target.parent, output_dir)
    return removed


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless ``target`` already holds exactly it. True when written."""
    try:
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass  # unreadable: overwrite it
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); a web server must be able to read it.
        os.chmod(temp, 0o666 & ~_UMASK)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def _current_umask() -> int:
    mask = os.umask(0o022)  # the only way to read the umask is to set it; put it back at once
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _remove_empty_parents(folder: Path, output_dir: Path) -> None:
    """Remove folders left empty by stale-file removal, up to (not including) ``output_dir``."""
    root = output_dir.resolve()
    while folder.resolve() != root and root in folder.resolve().parents:
        try:
            folder.rmdir()  # fails, as wanted, when anything is left in it
        except OSError:
            return
        folder = folder.parent
