"""The only code that touches ``output/``.

The build hands over the whole site as ``{relative path: bytes}``, made in
memory, so nothing is written until every page rendered. Then each file is

- skipped when its bytes are already there (a second build writes nothing,
  and file times stay put for rsync and web caches);
- otherwise written atomically: a temp file in the same folder, then
  ``os.replace``, so a reader never sees half a page;

and files that an earlier build wrote but this one does not are removed. What
was written is recorded in ``output/.sitegen-manifest.json``; files not in it
(a hand-made ``.htaccess``, a CNAME) are never touched.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.errors import SitegenError

MANIFEST = ".sitegen-manifest.json"


@dataclass(frozen=True)
class OutputFile:
    """One file of the site, with the input it came from (for collision messages)."""

    path: str  # relative to output/, forward slashes
    data: bytes
    source: str


@dataclass(frozen=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int


def collect_files(files: Iterable[OutputFile]) -> dict[str, bytes]:
    """``{path: bytes}``; raises if a path is not a plain relative one or two files claim the same path."""
    claimed: dict[str, str] = {}
    result: dict[str, bytes] = {}
    for file in files:
        _check_relative(file.path, file.source)
        # Compare case-insensitively: on macOS and Windows A.html and a.html are one file.
        key = file.path.lower()
        if key in claimed:
            raise SitegenError(
                f"{file.source} and {claimed[key]} both map to output/{file.path}",
                path=file.source,
                hint="give one of them a different title, or report it if both are generated",
            )
        claimed[key] = file.source
        result[file.path] = file.data
    return result


def _check_relative(path: str, source: str) -> None:
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or ".." in pure.parts or "\\" in path or path == MANIFEST:
        raise SitegenError(f"refusing to write outside output/ or over the manifest: {path!r}", path=source)


def write_output(output_dir: Path, files: Mapping[str, bytes]) -> WriteResult:
    """Make ``output_dir`` hold ``files``: write changed files, remove stale ones we wrote before."""
    output_dir.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(output_dir)
    written = unchanged = 0
    for relative in sorted(files):
        if _write_if_changed(output_dir / relative, files[relative]):
            written += 1
        else:
            unchanged += 1
    removed = 0
    for relative in sorted(previous - set(files)):
        target = output_dir / relative
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed += 1
        _remove_empty_parents(target.parent, output_dir)
    manifest = json.dumps({"files": sorted(files), "version": 1}, indent=1, sort_keys=True) + "\n"
    _write_if_changed(output_dir / MANIFEST, manifest.encode())
    return WriteResult(written=written, unchanged=unchanged, removed=removed)


def _read_manifest(output_dir: Path) -> set[str]:
    """Paths the previous build wrote. A missing or damaged manifest means none: we then remove nothing."""
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
        paths = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    safe = set()
    for path in paths:
        # Never trust a path from disk to stay inside output/.
        if isinstance(path, str):
            pure = PurePosixPath(path)
            if pure.parts and not pure.is_absolute() and ".." not in pure.parts and path != MANIFEST:
                safe.add(path)
    return safe


def _write_if_changed(target: Path, data: bytes) -> bool:
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
