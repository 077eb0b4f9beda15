"""The theme's static files (its own over the themes it extends), each a job keyed by its bytes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sitegen import urls
from sitegen.fingerprint import digest

if TYPE_CHECKING:
    from sitegen.render import Renderer


def plan(r: Renderer) -> None:
    files: dict[str, Path] = {}
    for folder in r.theme.static_dirs():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            files[path.relative_to(folder).as_posix()] = path
    for rel, path in sorted(files.items()):
        data = path.read_bytes()
        r.emit(f"{urls.STATIC}/{rel}", digest(data), lambda data=data: data, "static")  # type: ignore[misc]
