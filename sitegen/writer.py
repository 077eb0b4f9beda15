"""The only code that touches ``output/``: a new site is built beside the old one and swapped in whole.

A build that changes anything writes into a work folder next to the output
(``.<name>.sitegen-work``), never into the output itself:

- the work folder is first made a copy of the output in hard links (no file is copied): every file
  of the old output stays as it was, including files sitegen never wrote, such as a hand-made
  ``.htaccess`` or ``CNAME``;
- the files of the jobs that run again are unlinked, and each file a job makes is linked from the
  old output when its bytes are already there (file times stay put for rsync and web caches), and
  written as a new file otherwise (never into a linked one);
- files an earlier build wrote that this one no longer makes are left out;
- when everything is there, the manifest is written and the two folders are exchanged in one
  ``renameat2(RENAME_EXCHANGE)`` (two renames where that call is missing).

The old tree stays in the work folder after the exchange: it is the same files as the new output
but for what the build changed, so the next build brings it up to date by linking and unlinking
only those (a walk of both folders compares inodes), instead of linking the whole site again. At
100,000 articles that is 266,000 links made and deleted per build saved. Whatever a killed build
left in the work folder is set right the same way. A build killed at any moment therefore leaves
the previous output as it was, and a build that changes nothing writes nothing at all.

``output/.sitegen-manifest.json`` records, for every job of the last build (see jobs.py), the key of
its inputs and the files it wrote; only those files are ever left out of the next site.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import SitegenError

MANIFEST = ".sitegen-manifest.json"
MANIFEST_VERSION = 3
MARKER = ".sitegen-staging"  # in the work folder: sitegen made it, and may change it ("building" or "previous")

Entries = Mapping[str, tuple[str, tuple[str, ...]]]  # job id → (key, files)


def check_relative(path: str, source: str) -> None:
    """Raise unless ``path`` is a plain relative path inside output/ (not the manifest)."""
    if not is_safe(path):
        raise SitegenError(f"refusing to write outside output/ or over the manifest: {path!r}", path=source)


def is_safe(path: str) -> bool:
    """A plain relative path: no empty, ``.`` or ``..`` part, no backslash or NUL, not the manifest."""
    return (
        not _UNSAFE_PARTS.intersection(path.split("/"))
        and "\\" not in path
        and "\0" not in path
        and path not in (MANIFEST, MARKER)
    )


_UNSAFE_PARTS = frozenset({"", ".", ".."})


# Folders of the archive that sitegen reads: a site written into one would be read back as input
# (its pages as template overrides, its files as static files) and nest one level deeper each build.
ARCHIVE_INPUTS = ("static", "templates", "themes")


def output_problem(output_dir: Path, source: Path, archive_root: Path) -> SitegenError | None:
    """Why the site must not be written to ``output_dir``, or None. The whole folder is replaced by
    each build, so it must be a folder or not exist yet, and must not be, or hold, the content, the
    archive, the home folder or ``/``, nor lie inside what the archive's build reads."""
    if output_dir.is_symlink() or (output_dir.exists() and not output_dir.is_dir()):
        what = "a link" if output_dir.is_symlink() else "a file"
        return SitegenError(
            f"refusing to write the site here: this is {what}, not a folder",
            path=output_dir,
            hint="pass --output with a new folder, or one an earlier build made, such as output/",
        )
    output = output_dir.resolve()
    guarded = {
        "the content folder": source.resolve(),
        "the archive folder": archive_root.resolve(),
        "your home folder": Path.home().resolve(),
    }
    if output == Path(output.anchor):
        return _refused(output_dir, "the root of the file system")
    for name, folder in guarded.items():
        if output == folder or output in folder.parents:
            return _refused(output_dir, name if output == folder else f"a folder holding {name}")
    if source.resolve() in output.parents:
        return _refused(output_dir, "a folder inside the content folder")
    for name in ARCHIVE_INPUTS:
        folder = archive_root.resolve() / name
        if output == folder or folder in output.parents:
            return SitegenError(
                f"refusing to write the site into the archive's {name}/ folder: every build "
                "reads it, and would read the site back as its input",
                path=output_dir,
                hint="pass --output with a folder of its own, such as output/",
            )
    return None


def _refused(output_dir: Path, what: str) -> SitegenError:
    return SitegenError(
        f"refusing to write the site to {what}: each build replaces the whole output folder",
        path=output_dir,
        hint="pass --output with a folder of its own, such as output/",
    )


@dataclass(frozen=True)
class Manifest:
    """What the last build wrote: per job, the key of its inputs and its files; and the digest of all the
    build's inputs with its counts, which let a build with nothing new stop before planning anything."""

    jobs: dict[str, tuple[str, tuple[str, ...]]]
    inputs: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    stamp: tuple[int, int, int] | None = None  # the file's (inode, mtime, size) when read: is it still current?


def manifest_stamp(output_dir: Path) -> tuple[int, int, int] | None:
    try:
        info = (output_dir / MANIFEST).stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def read_manifest(output_dir: Path) -> Manifest:
    """The previous build's manifest. Missing or damaged means no jobs (then nothing is left out); a
    version 1 manifest (a plain file list) gives its files under one job with no key, so they go if stale.
    Version 3 writes a job's key alone when the job's only file is the job id itself."""
    try:
        with open(output_dir / MANIFEST, "rb") as handle:
            info = os.fstat(handle.fileno())
            data = json.loads(handle.read().decode("utf-8"))
        stamp = (info.st_ino, info.st_mtime_ns, info.st_size)
        if data.get("version") == 1:
            return Manifest({"": ("", tuple(p for p in data["files"] if isinstance(p, str) and is_safe(p)))})
        jobs = {}
        for job, entry in data["jobs"].items():
            key, paths = (entry, [job]) if isinstance(entry, str) else entry
            jobs[job] = (str(key), tuple(p for p in paths if isinstance(p, str) and is_safe(p)))  # never trust disk
        counts = data.get("counts") or {}
        return Manifest(
            jobs,
            str(data.get("inputs") or ""),
            {k: v for k, v in counts.items() if isinstance(k, str) and isinstance(v, int)},
            stamp,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return Manifest({})


def manifest_bytes(entries: Entries, inputs: str = "", counts: Mapping[str, int] | None = None) -> bytes:
    jobs = {job: key if paths == (job,) else [key, list(paths)] for job, (key, paths) in entries.items()}
    data = {"version": MANIFEST_VERSION, "jobs": jobs, "inputs": inputs, "counts": dict(counts or {})}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_manifest(output_dir: Path, data: bytes) -> None:
    """Replace the manifest alone, atomically (a build whose files all stand but whose inputs digest moved)."""
    temp = output_dir / f"{MANIFEST}.{os.getpid()}.tmp"
    temp.write_bytes(data)
    os.replace(temp, output_dir / MANIFEST)


def staging_dir(output_dir: Path) -> Path:
    """The work folder: the next site while a build runs, the previous one between builds."""
    return output_dir.parent / f".{output_dir.name}.sitegen-work"


def _old_dir(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.sitegen-old"


def _legacy_dir(output_dir: Path) -> Path:
    """Where builds before the work folder staged a site, to be deleted when they were killed."""
    return output_dir.parent / f".{output_dir.name}.sitegen-new"


class Busy(SitegenError):
    """Another build holds the lock on the output: try again when it is done."""


@contextlib.contextmanager
def locked(output_dir: Path) -> Iterator[None]:
    """Hold a lock on the folder the output lives in while a build writes, so two builds never share a
    work folder; the system releases it when the build ends, however it ends."""
    parent = output_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(parent, os.O_RDONLY)
    except OSError as exc:
        raise SitegenError(
            f"cannot open the folder for the site: {exc.strerror or exc}",
            path=parent,
            hint="check that it exists and that you may write in it",
        ) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise Busy(
                "another sitegen build is writing a site in this folder",
                path=parent,
                hint="wait for it to finish, then build again",
            ) from exc
        yield
    finally:
        os.close(fd)


def recover(output_dir: Path) -> None:
    """Put back the previous output if a build was killed between the two renames of a swap where the
    system cannot exchange folders (the old output aside, the new one not yet in place)."""
    old = _old_dir(output_dir)
    if old.is_dir():
        if output_dir.exists():
            _remove_ours(old)
        else:
            os.rename(old, output_dir)
    legacy = _legacy_dir(output_dir)
    if legacy.is_dir() and not legacy.is_symlink():
        _remove_ours(legacy)


def tidy(output_dir: Path) -> None:
    """``recover`` under the build lock: for a build that writes nothing but must not leave behind what a
    killed one left. The work folder stays: the next build that writes brings it up to date."""
    output_dir = output_dir.resolve()
    if _old_dir(output_dir).exists() or _legacy_dir(output_dir).exists():
        with locked(output_dir):
            recover(output_dir)


def _is_ours(folder: Path) -> bool:
    return (folder / MARKER).exists() or (folder / MANIFEST).exists()


def _remove_ours(folder: Path) -> None:
    if not _is_ours(folder):
        raise _in_the_way(folder)
    shutil.rmtree(folder)


def _in_the_way(folder: Path) -> SitegenError:
    return SitegenError(
        f"{folder} is in the way and was not made by sitegen", path=folder, hint="move or remove it, then build again"
    )


Files = dict[str, int]  # relative path → inode, or SYMLINK, or UNMATCHED
SYMLINK = -1  # made anew each build, never linked
UNMATCHED = -2  # an inode that does not name the file: below a mount point, or 0 on odd file systems


def list_files(output_dir: Path, folders: set[str] | None = None) -> Files:
    """Every file under ``output_dir`` with its inode, but the manifest and the marker (and, given
    ``folders``, every folder into it). One walk with no stat per file: the inode comes with the entry."""
    found: Files = {}

    def walk(folder: str, prefix: str, device: int) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if folders is not None:
                        folders.add(prefix + entry.name)
                    walk(entry.path, prefix + entry.name + "/", entry.stat(follow_symlinks=False).st_dev)
                elif prefix or entry.name not in (MANIFEST, MARKER):
                    inode = entry.inode()
                    found[prefix + entry.name] = (
                        SYMLINK if entry.is_symlink() else inode if inode and device == root_device else UNMATCHED
                    )

    if output_dir.is_dir():
        root_device = output_dir.stat().st_dev
        walk(str(output_dir), "", root_device)
    return found


def stage(output_dir: Path, files: Files) -> tuple[Path, bool]:
    """The work folder holding hard links to ``files`` of ``output_dir`` and nothing else (copies where
    the file system has no hard links), and whether it is all links. A work folder left by an earlier
    build is brought up to date: only what differs from the output is unlinked and linked again."""
    staging = staging_dir(output_dir)
    if staging.is_symlink():  # a folder elsewhere is not ours to change
        raise _in_the_way(staging)
    if not staging.exists():
        staging.mkdir(parents=True)
    elif not staging.is_dir() or not _is_ours(staging):
        raise _in_the_way(staging)
    (staging / MARKER).write_bytes(b"building")  # before anything else changes: the folder stays ours
    with contextlib.suppress(FileNotFoundError):
        (staging / MANIFEST).unlink()  # the previous site's: the build writes its own
    folders: set[str] = set()
    held = list_files(staging, folders)
    source, target = str(output_dir), str(staging)
    wanted = {path.rpartition("/")[0] for path in files} - {""}
    wanted |= {parent for folder in wanted for parent in _parents(folder)}
    for path, inode in held.items():
        if inode < 0 or files.get(path) != inode:  # not the output's file: stale, or left by a killed build
            os.unlink(f"{target}/{path}")
    for folder in sorted(folders - wanted, key=lambda f: -f.count("/")):  # deepest first
        if folder in files:  # a file of the output stands where the work folder has a folder
            shutil.rmtree(f"{target}/{folder}")
        else:
            with contextlib.suppress(FileNotFoundError):
                os.rmdir(f"{target}/{folder}")
    for folder in sorted(wanted - folders):
        os.makedirs(f"{target}/{folder}", exist_ok=True)
    linked = True
    for path, inode in files.items():
        if inode < 0 or held.get(path) != inode:
            linked &= _link(f"{source}/{path}", f"{target}/{path}", inode == SYMLINK)
    return staging, linked


def _parents(folder: str) -> Iterator[str]:
    while "/" in folder:
        folder = folder.rpartition("/")[0]
        yield folder


class Prelink:
    """The build's hold on the output: the lock, and the work folder made a copy of the old output in
    links on a thread while the build plans (system calls that leave the other core to planning), so
    that the write stage only unlinks the few files it redoes."""

    def __init__(self, output_dir: Path) -> None:
        self.output = output_dir.resolve()
        self._lock = locked(self.output)
        self._lock.__enter__()
        self.files: Files = {}
        self.linked = True
        self._error: BaseException | None = None
        try:
            recover(self.output)
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        self._thread = threading.Thread(target=self._run, name="sitegen-prelink", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.files = list_files(self.output)
            _, self.linked = stage(self.output, self.files)
        except BaseException as exc:  # raised in the build's thread by result()
            self._error = exc

    def result(self) -> tuple[Path, Files]:
        """The work folder and the files of the old output (relative path → inode); ``linked`` then says
        whether the work folder is all hard links."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return staging_dir(self.output), self.files

    def close(self) -> None:
        """Release the lock. A work folder the build did not swap in is left for the next build to set right."""
        self._thread.join()
        self._lock.__exit__(None, None, None)

    def __enter__(self) -> Prelink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def unlink_staged(staging: Path, paths: Iterable[str]) -> None:
    """Take these files (site-relative) out of the work folder: the new site leaves them out or makes
    them again."""
    for path in paths:
        (staging / path).unlink()


def stage_manifest(staging: Path, data: bytes) -> None:
    """The new site's manifest, written into the work folder last, just before the swap."""
    with open(staging / MANIFEST, "xb") as handle:
        handle.write(data)


def prune_empty(staging: Path, removed: Iterable[str]) -> None:
    """Remove the folders of ``removed`` paths that are left empty, up to ``staging`` itself."""
    folders = {path.rpartition("/")[0] for path in removed} - {""}
    for folder in sorted(folders, key=lambda f: -f.count("/")):
        while folder:
            try:
                os.rmdir(staging / folder)  # fails, as wanted, when anything is left in it
            except OSError:
                break
            folder = folder.rpartition("/")[0]


def _link(source: str, target: str, symlink: bool = False) -> bool:
    """Link ``target`` to ``source``; False when the file system made that a copy."""
    if symlink:
        os.symlink(os.readlink(source), target)
        return True
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        shutil.copy2(source, target)
        return False
    return True


class InTheWay(SitegenError):
    """A file or folder of the user's stands where the site puts one of its own: that one is left out."""


def _blocking(staging: Path, output_dir: Path, path: str) -> InTheWay | None:
    """The user's file or folder blocking ``path`` in the new site, if there is one: a file where the
    site needs a folder on the way, or a folder where it puts its file. (Files sitegen wrote never
    block each other: the site's own paths are checked to be distinct first.)"""
    parts = path.split("/")
    for k in range(1, len(parts)):
        here = staging.joinpath(*parts[:k])
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            return InTheWay(
                "a file that sitegen did not write stands where the site puts a folder",
                path=output_dir.joinpath(*parts[:k]),
                hint="move or rename it, then build again",
            )
    target = staging / path
    if target.is_dir() and not target.is_symlink():
        return InTheWay(
            "a folder that sitegen did not make stands where the site puts a file",
            path=output_dir / path,
            hint="move or rename it, then build again",
        )
    return None


def put(staging: Path, output_dir: Path, path: str, data: bytes) -> bool:
    """Place one file of the new site in ``staging``; True when its bytes are new (written, not linked).
    Raises ``InTheWay`` when a file or folder of the user's takes its place."""
    old = output_dir / path
    target = staging / path
    try:
        same = old.stat().st_size == len(data) and old.read_bytes() == data
    except OSError:
        same = False  # missing or unreadable: write it
    for _ in range(3):  # a missing folder, then a file of the user's that a page now takes the place of
        try:
            if same:
                _link(str(old), str(target))
                return False
            with open(target, "xb") as handle:
                handle.write(data)
            return True
        except FileNotFoundError:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                if blocked := _blocking(staging, output_dir, path):
                    raise blocked from None
                raise
        except FileExistsError:
            if blocked := _blocking(staging, output_dir, path):
                raise blocked from None
            target.unlink()
        except (NotADirectoryError, IsADirectoryError):
            if blocked := _blocking(staging, output_dir, path):
                raise blocked from None
            raise
    raise SitegenError(f"could not place output/{path}", path=target)


def swap(staging: Path, output_dir: Path, keep: bool = True) -> None:
    """Put the finished ``staging`` in the place of ``output_dir``; the old tree becomes the work folder,
    or is deleted unless ``keep`` (a file system without hard links: there it is a whole second copy)."""
    (staging / MARKER).unlink()
    if not output_dir.exists():
        os.rename(staging, output_dir)
        if keep:  # the first site: a work folder of links now, so that the next build need not make one whole
            with contextlib.suppress(OSError, SitegenError):  # the site is in place: the next build will try again
                _, keep = stage(output_dir, list_files(output_dir))
                (staging / MARKER).write_bytes(b"previous")
                if not keep:
                    shutil.rmtree(staging)
        return
    if not _exchange(staging, output_dir):
        old = _old_dir(output_dir)
        os.rename(output_dir, old)
        os.rename(staging, output_dir)  # a kill between the two renames: recover() puts the old one back
        os.rename(old, staging)
    (staging / MARKER).write_bytes(b"previous")  # the old site, kept for the next build to update
    if not keep:
        shutil.rmtree(staging)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
