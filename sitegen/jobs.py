"""Jobs: every file of the site is made by a job whose key names all of its inputs.

A job is ``(id, key, make)``: ``id`` is the path of its main file, ``key`` a digest of everything
the files depend on (content, config, theme, sitegen's own code; see fingerprint.py), and
``make()`` returns the files. When the manifest of the previous build holds the same key for the
job and its files are still there, the job is skipped: an unchanged archive renders nothing and
writes nothing, and adding an issue redoes only the jobs whose inputs it touched.

The incremental build in one place, stage by stage:

- read: a page file whose size, times, inode and device are those the read index saw is not read
  again (sources.read_changed, cache.ReadIndex);
- segment: a page's cut items are cached under the page's digest: its text, the settings that cut it
  and the segmenter's code, data and place finder (segment/pages.key_pages, cache.segmenter_fingerprint);
- check: when nothing the site is made from changed (build.inputs_digest: code, settings, every
  template and static file, every page's digest and place, issue.toml) and every file of the last build
  stands, the build ends there;
- write: each job's key is `fingerprint.base_key` (code, settings, theme name) and what the job reads:
  a page job the values it is rendered from, the sources of the templates it loads (the template and
  what it extends, imports or includes: Renderer.template_use) and, when one of them reads the `site`
  global, everything in the site; a static file its bytes. Editing one template reruns only the pages
  that load it. Every template global says how a page using it is keyed (render.GLOBAL_KEYING): by
  sitegen's code, the settings, the whole site, or, for a group's address looked up by name, by the
  names of the items and groups the page shows, the only names it is answered for. A value the key
  cannot name (a function, an unknown record) is refused: pass what it returns;
- sitemap: made from the site (planners/feeds_and_sitemap.site_pages), one job a year's part.

Jobs run in worker processes forked from the build (``workers`` > 1). They inherit the assembled
site instead of receiving it, write their own files (the main process never holds the whole site in
memory), and report back only paths and sizes. Every job is a pure function of its inputs, so the
output does not depend on the number of workers or the order jobs finish in.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from sitegen import writer
from sitegen.errors import SitegenError, plural
from sitegen.writer import check_relative

Progress = Callable[[int], None]  # called with how many jobs finished since the last call


class Job(NamedTuple):  # a quarter million of them at 100,000 items: a tuple is made five times faster
    id: str  # the path of its main file, unique in the site
    key: str
    make: Callable[[], Sequence[tuple[str, bytes]]]
    source: str = "site"  # what it is made from, named in error messages
    weight: int = 1  # rough cost: heavy jobs start first so the workers finish together


@dataclass(frozen=True)
class JobsResult:
    jobs: int
    ran: int
    written: int
    unchanged: int
    removed: int
    bytes_written: int
    files: int
    problems: tuple[SitegenError, ...] = ()  # files left out: the user's own stand where they go


def check_ids(jobs: Sequence[Job]) -> None:
    """Raise naming both sources if two jobs claim one path (case-insensitively: macOS and Windows
    see A.html and a.html as one file), or a path leaves output/."""
    claimed: dict[str, Job] = {}
    for job in jobs:
        check_relative(job.id, job.source)
        other = claimed.setdefault(job.id.lower(), job)
        if other is not job:
            raise SitegenError(
                f"{job.source} and {other.source} both map to output/{job.id}",
                path=job.source,
                hint="give one of them a different title, or report it if both are generated",
            )


def run_jobs(
    jobs: Sequence[Job],
    output_dir: Path,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    inputs: str = "",
    counts: Mapping[str, int] | None = None,
    manifest: writer.Manifest | None = None,
    prelink: writer.Prelink | None = None,
) -> JobsResult:
    """Make ``output_dir`` hold the files of ``jobs``, running only the jobs whose key changed.

    The new site is made beside the old one and swapped in when complete (see writer.py): whatever
    fails or kills the build, ``output_dir`` holds the previous site or the new one, never a mix.
    """
    check_ids(jobs)
    output_dir = output_dir.resolve()  # a symlinked output: build beside the folder it points to
    own = prelink is None
    try:
        if prelink is None:
            prelink = writer.Prelink(output_dir)
        if manifest is None or manifest.stamp is None or manifest.stamp != writer.manifest_stamp(output_dir):
            manifest = writer.read_manifest(output_dir)  # none given, or another build wrote one since
        return _run_jobs(jobs, output_dir, workers, progress, inputs, counts or {}, manifest, prelink)
    except OSError as exc:
        raise _write_error(exc, output_dir) from exc
    finally:
        if own and prelink is not None:
            prelink.close()


def _run_jobs(
    jobs: Sequence[Job],
    output_dir: Path,
    workers: int,
    progress: Progress | None,
    inputs: str,
    counts: Mapping[str, int],
    manifest: writer.Manifest,
    prelink: writer.Prelink,
) -> JobsResult:
    previous = manifest.jobs
    staging, existing = prelink.result()
    entries, todo, reused = _reusable(jobs, previous, existing)
    if progress and len(todo) < len(jobs):
        progress(len(jobs) - len(todo))
    old_paths = {p for _, paths in previous.values() for p in paths}
    if not todo and previous.keys() == entries.keys() and output_dir.is_dir():
        if (manifest.inputs, manifest.counts) != (inputs, counts):  # the same files from other inputs
            writer.write_manifest(output_dir, writer.manifest_bytes(entries, inputs, counts))
        return JobsResult(
            jobs=len(jobs), ran=0, written=0, unchanged=reused, removed=0, bytes_written=0, files=len(old_paths)
        )

    redone = _unlink_redone(previous, entries, existing, staging)
    # A failure from here on leaves the work folder as it is: the next build sets it right.
    written, unchanged, size, blocked = _run_todo(jobs, todo, staging, output_dir, workers, progress, entries)
    _check_owners(entries)
    blocked = _by_blocker(blocked)
    if blocked:  # so the next build does not take the way out for a site built without problems
        counts = {**counts, "problems": counts.get("problems", 0) + len(blocked)}
    new_paths = {p for _, paths in entries.values() for p in paths}
    removed = sum(1 for p in old_paths - new_paths if p in existing)
    writer.prune_empty(staging, redone - new_paths)  # folders only stale files were in
    writer.stage_manifest(staging, writer.manifest_bytes(entries, inputs, counts))
    writer.swap(staging, output_dir, keep=prelink.linked)
    return JobsResult(
        jobs=len(jobs),
        ran=len(todo),
        written=written,
        unchanged=unchanged + reused,
        removed=removed,
        bytes_written=size,
        files=len(new_paths),
        problems=tuple(blocked),
    )


Entries = dict[str, tuple[str, tuple[str, ...]]]  # job id → (key, the files it wrote)


def _reusable(jobs: Sequence[Job], previous: Entries, existing: Mapping[str, object]) -> tuple[Entries, list[int], int]:
    """The jobs whose key is the one they were last run with and whose files all stand (kept as they
    are), the numbers of the others (to run), and how many files the kept ones hold."""
    entries: Entries = {}
    todo: list[int] = []
    reused = 0
    for n, job in enumerate(jobs):
        old = previous.get(job.id)
        if old is not None and old[0] == job.key and all(p in existing for p in old[1]):
            entries[job.id] = old
            reused += len(old[1])
        else:
            todo.append(n)
    return entries, todo, reused


def _unlink_redone(previous: Entries, entries: Entries, existing: Mapping[str, object], staging: Path) -> set[str]:
    """Take out of the work folder what the new site leaves out: the old files of the jobs that run
    again, and of jobs that are gone. Returns their paths."""
    redone = {p for job_id, (_, paths) in previous.items() if job_id not in entries for p in paths}
    writer.unlink_staged(staging, (path for path in redone if path in existing))
    return redone


def _run_todo(
    jobs: Sequence[Job],
    todo: list[int],
    staging: Path,
    output_dir: Path,
    workers: int,
    progress: Progress | None,
    entries: Entries,
) -> tuple[int, int, int, list[SitegenError]]:
    """Run the jobs numbered ``todo`` into the work folder, entering each in ``entries``: how many files
    were written and how many found as they were, the bytes written, and what stood in the way."""
    written = unchanged = size = 0
    blocked: list[SitegenError] = []
    for n, files, in_the_way in _execute(jobs, todo, staging, output_dir, workers, progress):
        # A job that could not place every file keeps no key: it runs again next build, and says so again.
        entries[jobs[n].id] = ("" if in_the_way else jobs[n].key, tuple(path for path, _, _ in files))
        blocked += in_the_way
        for _, was_written, nbytes in files:
            written += was_written
            unchanged += not was_written
            size += nbytes if was_written else 0
    return written, unchanged, size, blocked


def _check_owners(entries: Entries) -> None:
    """Raise if two jobs write one file (the same path but for case counts: file systems may fold it)."""
    owners: dict[str, str] = {}
    for job_id, (_, paths) in entries.items():
        for path in paths:
            if owners.setdefault(path.lower(), job_id) != job_id:
                raise SitegenError(
                    f"two outputs, {owners[path.lower()]} and {job_id}, both write output/{path}",
                    hint="report this: it is a bug in the theme or in sitegen",
                )


def _by_blocker(blocked: list[SitegenError]) -> list[SitegenError]:
    """One problem per file or folder of the user's in the site's way, saying how many files it keeps out."""
    counted: dict[str, tuple[SitegenError, int]] = {}
    for problem in blocked:
        first, n = counted.get(str(problem.path), (problem, 0))
        counted[str(problem.path)] = (first, n + 1)
    return [
        SitegenError(f"{first.message}: {plural(n, 'file')} of the site left out", path=first.path, hint=first.hint)
        for _, (first, n) in sorted(counted.items())
    ]


def _write_error(exc: OSError, output_dir: Path) -> SitegenError:
    where = exc.filename or output_dir
    return SitegenError(
        f"could not write the site: {exc.strerror or exc} ({where})",
        path=output_dir,
        hint=f"free disk space or fix the permissions of {output_dir.parent}, then build again; "
        f"{output_dir} was left as it was",
    )


# job number, [(path, written, bytes)], the files left out because the user's own stand in their place
Done = tuple[int, list[tuple[str, bool, int]], tuple[SitegenError, ...]]

FORK_WORTH = 400  # jobs in the site per unit of work (a light job) that pays for forking the workers

# What forked workers inherit: set just before the pool starts, cleared after.
_JOBS: Sequence[Job] = ()
_STAGING = _OUTPUT = Path()


def _execute(
    jobs: Sequence[Job], todo: list[int], staging: Path, output_dir: Path, workers: int, progress: Progress | None
) -> list[Done]:
    global _JOBS, _STAGING, _OUTPUT
    order = sorted(todo, key=lambda n: -jobs[n].weight)  # stable: ties keep their order
    # Forking a worker copies the build's page tables, which grow with the site: 0.4 s a worker at a quarter
    # million jobs, while a light job takes 2–3 ms. Work worth less than that is done here.
    small = sum(jobs[n].weight for n in order) < len(jobs) // FORK_WORTH
    if workers <= 1 or len(order) < 2 * workers or small or "fork" not in multiprocessing.get_all_start_methods():
        done = []
        with collecting():
            for n in order:
                done.append(_run(jobs[n], staging, output_dir, n))
                if progress:
                    progress(1)
        return done
    _JOBS, _STAGING, _OUTPUT = jobs, staging, output_dir
    batches = _batches(order, jobs, workers)
    results: list[Done] = []
    # Frozen: the inherited site stays out of the workers' collections, so its pages stay shared, not copied.
    try:
        with _frozen(), multiprocessing.get_context("fork").Pool(workers, start_worker, (os.getpid(),)) as pool:
            for batch in pool.imap_unordered(_run_batch, batches):
                for item in batch:
                    if isinstance(item, SitegenError):
                        raise item
                    results.append(item)
                if progress:
                    progress(len(batch))
    finally:
        _JOBS, _STAGING, _OUTPUT = (), Path(), Path()
    return results


def _batches(order: list[int], jobs: Sequence[Job], workers: int) -> list[list[int]]:
    """Heavy jobs one by one, then light ones in batches small enough to keep both the progress bar
    and the load balance smooth."""
    batches: list[list[int]] = []
    light: list[int] = []
    for n in order:
        (batches.append([n]) if jobs[n].weight > 1 else light.append(n))
    size = max(1, min(200, len(light) // (workers * 8) or 1))
    batches += [light[k : k + size] for k in range(0, len(light), size)]
    return batches


def _run_batch(numbers: list[int]) -> list[Done | SitegenError]:
    results: list[Done | SitegenError] = []
    for n in numbers:
        try:
            results.append(_run(_JOBS[n], _STAGING, _OUTPUT, n))
        except SitegenError as exc:  # sent back whole, so the message names the template and line
            results.append(exc)
            break
        except OSError as exc:  # disk full, permissions: the same clear message as in one process
            results.append(_write_error(exc, _OUTPUT))
            break
    return results


def _run(job: Job, staging: Path, output_dir: Path, number: int) -> Done:
    try:
        made = job.make()
    except (SitegenError, OSError):
        raise
    except Exception as exc:  # a bug met on this input: a message naming it, not a traceback from a worker
        raise SitegenError(
            f"could not make output/{job.id}: {type(exc).__name__}: {exc}",
            path=_source_path(job),
            hint="this is a bug: please report it with this file",
        ) from exc
    files = []
    blocked = []
    for path, data in made:
        check_relative(path, job.source)
        try:
            files.append((path, writer.put(staging, output_dir, path, data), len(data)))
        except writer.InTheWay as exc:  # the user's file stays; the rest of the site is published
            blocked.append(exc)
    return (number, files, tuple(blocked))


def _source_path(job: Job) -> str | None:
    """What a job's files are made from, for a message: a page's path in the content folder, if it is one."""
    return None if job.source in ("site", "static", "search") else job.source


@contextlib.contextmanager
def collecting() -> Iterator[None]:
    """The cyclic collector on while pages are cut or rendered (templates' contexts make garbage in
    cycles), but over new objects only: what the build holds is frozen out of its way."""
    paused = not gc.isenabled()
    with _frozen():
        gc.enable()
        try:
            yield
        finally:
            if paused:
                gc.disable()


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """Everything alive now moved out of the collector's way, and back after; an embedding program's own
    freeze is left as it is."""
    ours = gc.get_freeze_count() == 0
    if ours:
        gc.freeze()
    try:
        yield
    finally:
        if ours:
            gc.unfreeze()


def start_worker(parent: int) -> None:
    """Pool initializer: die with the build, and collect garbage (the build's heap, inherited, is frozen).
    Ctrl-C reaches the whole process group: the build ends its workers itself, so they ignore it rather
    than each print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    gc.enable()


def die_with_parent(parent: int) -> None:
    """Pool initializer: a worker of a build that is killed stops at once, instead of writing on into a
    work folder the next build is about to set right (Linux; elsewhere workers end at their next task)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the build died before the call above
        os._exit(1)


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
