"""Problems found in the user's input, reported as ``path:line: message (hint)``.

One type serves both uses: raised when a problem stops the work at once (a bad
config file), and collected in lists when the build can go on without the
faulty file (a page that cannot be decoded). Every problem names the file and,
where we know it, the line, plus a hint saying what to do about it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "note"]
# Why a file or folder was not built at all, for the list the build ends with: it could not be read, it
# is named so that it cannot be placed (a folder not named by a date, a file not by a page number), or
# it was read and skipped (empty, a second file for one page, a page the segmenter failed on).
LeftOut = Literal["", "unreadable", "misnamed", "skipped"]


class SitegenError(Exception):
    """A problem in the input that the user can fix.

    ``severity`` is ``error`` (the build exits non-zero), ``warning`` (reported;
    an error under ``--strict``) or ``note`` (reported only). ``left_out`` says
    why the file or folder named was not built at all, so that the build's
    summary can list it.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        severity: Severity = "error",
        left_out: LeftOut = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column  # 1-based, with a line only
        self.hint = hint
        self.severity: Severity = severity
        self.left_out: LeftOut = left_out

    def format(self) -> str:
        """``path:line[:column]: message (hint)``, leaving out what we do not know."""
        where = ""
        if self.path is not None:
            where = display_path(self.path)
            if self.line is not None:
                where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
            where += ": "
        label = "" if self.severity == "error" else f"{self.severity}: "
        hint = f" ({self.hint})" if self.hint else ""
        return printable(f"{where}{label}{self.message}{hint}")  # names and values may come from page data

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"SitegenError({self.format()!r})"


# Characters a terminal acts on rather than shows (C0 and C1 controls, DEL: ESC starts sequences that clear
# the screen or retitle the window, a newline breaks the one-line format) and those that reorder the text
# shown after them (bidi controls) or end a line (U+2028/2029). Tab is kept: it is harmless and common.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def printable(text: str, *, keep_lines: bool = False, json: bool = False) -> str:
    """``text`` with every character a terminal would act on written as an escape (``\\x1b``, ``\\u202e``);
    ``keep_lines`` keeps line breaks, ``json`` writes ``\\u00XX`` escapes, as a JSON string may hold."""

    def escape(match: re.Match[str]) -> str:
        char = match[0]
        if keep_lines and char == "\n":
            return char
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 and not json else f"\\u{ord(char):04x}"

    return _UNPRINTABLE.sub(escape, text)


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when it lies inside it."""
    if isinstance(path, Path) and path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path.as_posix()
    return str(path)


def count_errors(problems: list[SitegenError] | tuple[SitegenError, ...], *, strict: bool = False) -> int:
    """How many problems fail the build: errors, and warnings too under ``--strict``."""
    failing = ("error", "warning") if strict else ("error",)
    return sum(1 for p in problems if p.severity in failing)


def plural(n: int, word: str, *, grouped: bool = False) -> str:
    """``1 error``, ``2 errors``; ``grouped`` writes thousands apart: ``12,000 pages``."""
    return (f"{n:,}" if grouped else f"{n}") + f" {word}" + ("" if n == 1 else "s")
