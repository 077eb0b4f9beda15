"""``sitegen new DIR``: a new archive that builds as it is, to copy the format from.

It never overwrites: DIR must not exist yet or be an empty folder.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import SitegenError
from sitegen.scaffold_files import FILES


def create_archive(folder: Path) -> list[Path]:
    """Write the example archive into ``folder``; return the files written, in order."""
    if folder.exists() and not folder.is_dir():
        raise SitegenError("this is a file, not a folder", path=folder, hint="choose a new folder name")
    if folder.is_dir() and any(folder.iterdir()):
        raise SitegenError(
            "the folder is not empty",
            path=folder,
            hint="choose a new or empty folder: sitegen new never overwrites files",
        )
    written = []
    for relative, text in FILES.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")  # the same bytes on every system
        written.append(path)
    return written
