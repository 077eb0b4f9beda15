"""A cache of segmentation results (items cut from a page and given their regions), the one
expensive pure stage.

The key covers everything that can change the result: the page text, whether
it is read as Markdown, the column vocabulary from the config, the
segmenter's declared version, and a hash of the segmenter's own source files
(so a code change invalidates the cache even when nobody bumped
``SEGMENTER_VERSION``; Pelican's cache that ignored such inputs bred bugs).

Entries are JSON files of item contracts in ``.sitegen-cache/segment/``. A
cache that cannot be read or written is treated as empty: it must never fail a
build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitegen.model import CACHE_KEYS, CONTRACT_KEYS, TEXT_KEYS, Cut, item_from_dict, item_to_dict

CACHE_DIR_NAME = ".sitegen-cache"
_FORMAT = 6  # bump when the entry layout below, what an entry holds, or how keys are hashed changes


def text_hash(text: str) -> str:
    """The hash of a page's text, which the cache key and the read index know it by (BLAKE2b, 128 bits:
    the one hash the build's keys use, fingerprint.py)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def cache_key(
    hashed: str, *, markdown: bool | None, columns: Sequence[str], version: str, home_province: str | None = None
) -> str:
    """The hash naming one result: the page's items, cut and given their regions; ``hashed`` is the
    page text's ``text_hash``."""
    parts = {
        "format": _FORMAT,
        "text": hashed,
        "markdown": markdown,
        "columns": list(columns),
        "home": home_province,
        "version": version,
        "code": segmenter_fingerprint(),
    }
    return hashlib.blake2b(json.dumps(parts, sort_keys=True).encode(), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def segmenter_fingerprint() -> str:
    """A hash of the source and data files of the segmenter package, the region finder and the slugs."""
    import sitegen.regions as regions
    import sitegen.segment as segment  # the package, to find its folder
    import sitegen.slugs as slugs

    digest = hashlib.blake2b(digest_size=16)
    roots = [Path(p) for p in getattr(segment, "__path__", [])] or [Path(segment.__file__ or "")]
    roots += [Path(regions.__file__ or ""), Path(regions.__file__ or "").parent / "data", Path(slugs.__file__ or "")]
    for root in roots:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix in (".py", ".json", ".toml", ".txt"):
                digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class SegmentCache:
    """Item tuples by key, as files under ``folder``; ``folder=None`` caches nothing.

    The cache must never fail a build: an entry that cannot be read, or holds anything but items as
    sitegen writes them (a damaged disk, a hand edit, another program), is a miss, and its key is kept
    in ``damaged`` so the build can say so."""

    folder: Path | None
    damaged: list[str] = field(default_factory=list, compare=False)

    def get(self, key: str) -> Cut | None:
        if self.folder is None:
            return None
        path = self.folder / "segment" / f"{key}.json"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            self.damaged.append(key)
            return None
        try:
            data = json.loads(text)
            furniture = data.get("furniture", [])
            if not isinstance(furniture, list) or not all(isinstance(line, str) for line in furniture):
                raise TypeError("furniture is not a list of lines")
            return Cut(tuple(item_from_dict(_checked(entry)) for entry in data["items"]), tuple(furniture))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            self.damaged.append(key)
            return None

    def put(self, key: str, cut: Cut) -> None:
        if self.folder is None:
            return
        folder = self.folder / "segment"
        entry = {"items": [item_to_dict(item, CACHE_KEYS) for item in cut.items], "furniture": list(cut.furniture)}
        _write_atomically(folder / f"{key}.json", json.dumps(entry, ensure_ascii=False, sort_keys=True))


def _write_atomically(path: Path, payload: str) -> None:
    """Write ``path`` through a temporary file, so parallel builds never see half of it; on failure (a
    read-only checkout) leave it be: the build goes on without what it would have cached."""
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
        os.replace(temp, path)
        temp = None
    except OSError:
        pass
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


Stamp = tuple[int, int, int, int, int]  # size, mtime and ctime in ns, inode, device


def file_stamp(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


@dataclass(frozen=True)
class ReadIndex:
    """The text hash of each page file the last build read without a problem, by the file's stamp, in
    ``folder/read.json``: a file with the same size, times, inode and device holds the same bytes (git's
    index trusts the same), so a build need not read and hash it again. ``folder=None`` keeps nothing."""

    folder: Path | None

    def load(self) -> dict[str, tuple[Stamp, str]]:
        if self.folder is None:
            return {}
        try:
            data = json.loads((self.folder / "read.json").read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT:
                return {}
            return {
                str(path): (tuple(int(n) for n in stamp), str(hashed))  # type: ignore[misc]
                for path, (stamp, hashed) in data["pages"].items()
                if len(stamp) == 5
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return {}

    def save(self, pages: dict[str, tuple[Stamp, str]]) -> None:
        if self.folder is None:
            return
        entries = {path: [list(stamp), hashed] for path, (stamp, hashed) in sorted(pages.items())}
        _write_atomically(
            self.folder / "read.json", json.dumps({"format": _FORMAT, "pages": entries}, ensure_ascii=False)
        )


def _checked(entry: Any) -> dict[str, Any]:
    """``entry`` if it is an item as ``put`` writes it; raises TypeError otherwise."""
    ok = (
        isinstance(entry, dict)
        and all(key in entry for key in CONTRACT_KEYS)
        and isinstance(entry.get("kind"), str)
        and isinstance(entry.get("body"), str)
        and isinstance(entry.get("title_inferred"), bool)
        and all(entry.get(name) is None or isinstance(entry.get(name), str) for name in TEXT_KEYS)
        and isinstance(entry.get("credits"), list)
        and all(
            isinstance(c, dict) and isinstance(c.get("name"), str) and isinstance(c.get("role"), str)
            for c in entry["credits"]
        )
        and isinstance(entry.get("line", 0), int)
        and all(
            isinstance(d, list) and len(d) == 2 and isinstance(d[0], str) and isinstance(d[1], int)
            for d in entry.get("doubts", [])
        )
    )
    if not ok:
        raise TypeError("not an item as the cache writes one")
    return entry
