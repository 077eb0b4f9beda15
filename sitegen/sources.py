"""Find and read the archive's pages: ``content/<YYYY-MM-DD>/<NN>.txt|.md`` plus optional ``issue.toml``.

Problems are collected, not raised: one badly named folder or undecodable page
must not hide the rest of a year's archive. ``discover`` and ``read_pages``
return the good pages together with the problems found, and the build reports
them all at the end.
"""

from __future__ import annotations

import codecs
import collections
import datetime as dt
import errno
import os
import re
import stat
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.cache import ReadIndex, Stamp, file_stamp, text_hash
from sitegen.config import key_line, load_toml, unknown_keys
from sitegen.errors import SitegenError
from sitegen.model import Page, PageText
from sitegen.segment.frontmatter import read_sections

ISSUE_FILE = "issue.toml"
_DATE_DIR = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PAGE_FILE = re.compile(r"^(\d{1,3})\.(txt|md)$", re.IGNORECASE)
_PAGE_KEY = re.compile(r"^\d{1,3}$")
# Files that systems and editors leave beside the pages: Finder's and Explorer's caches, backups
# (05.txt~, 05.txt.bak, #05.txt#) and swap files (.05.txt.swp). Ignored with a note.
_SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".directory", "icon\r"})
_BACKUP_SUFFIXES = ("~", ".bak", ".orig", ".swp", ".swo", ".swx", ".tmp")


@dataclass(frozen=True)
class IssueInfo:
    """What ``issue.toml`` says about one issue."""

    edition: int | None = None  # 期号
    page_names: Mapping[int, str] = field(default_factory=dict)  # page number → 版面 name


@dataclass(frozen=True)
class Discovery:
    """The result of looking through the content folder: pages (text not read yet) and problems."""

    pages: tuple[Page, ...]  # sorted by (date, number)
    issues: Mapping[dt.date, IssueInfo]  # every issue date that has pages
    problems: tuple[SitegenError, ...]


def discover(content_dir: Path, *, follow_symlinks: bool = False) -> Discovery:
    """List every page of every issue under ``content_dir``; never raises for bad input.

    Links are followed only to what lies inside the content folder, unless ``follow_symlinks``; only
    regular files are pages (a FIFO would hang the read, a device never end it)."""
    if not content_dir.is_dir():
        problem = SitegenError(
            "content folder not found",
            path=content_dir,
            hint="run sitegen in the archive's folder, or pass --source DIR",
        )
        return Discovery((), {}, (problem,))
    pages: list[Page] = []
    issues: dict[dt.date, IssueInfo] = {}
    problems: list[SitegenError] = []
    inside = Inside(content_dir, follow_symlinks)
    for entry in _entries(content_dir, problems):
        if not _issue_folder(entry, inside, problems):
            continue
        date = _folder_date(entry, problems)
        if date is None:
            continue
        start = len(problems)  # this folder's problems follow: looking at them alone keeps discovery linear
        listing = _entries(entry, problems)
        has_info = any(path.name == ISSUE_FILE for path in listing)
        info = _read_issue_info(entry / ISSUE_FILE, inside, problems) if has_info else IssueInfo()
        found = _issue_pages(entry, listing, date, content_dir, info, inside, problems)
        if found:
            pages.extend(found)
            issues[date] = info
        elif not any(p.severity == "error" for p in problems[start:]):
            problems.append(
                SitegenError(
                    "empty issue folder: no page files, so no issue",
                    path=entry,
                    severity="warning",
                    hint="add its pages (05.txt, 06.md…) or remove it",
                )
            )
    if not pages and all(p.severity == "note" for p in problems):
        problems.append(
            SitegenError("no pages found", path=content_dir, hint="add pages as YYYY-MM-DD/05.txt", severity="warning")
        )
    return Discovery(tuple(pages), issues, tuple(problems))


def _issue_folder(entry: Path, inside: Inside, problems: list[SitegenError]) -> bool:
    """Whether an entry of the content folder may be an issue folder (a folder, not hidden, inside the
    content folder); the problem with one that may not, if there is one, is added."""
    if is_stray(entry.name) and not entry.is_dir():
        problems.append(_stray_note(entry))
        return False
    if entry.name.startswith("."):
        return False  # .git and the like are not content
    if (refused := inside.refused(entry)) is not None:
        problems.append(refused)
        return False
    if not entry.is_dir():
        problems.append(
            SitegenError(
                "ignored: only issue folders belong here",
                path=entry,
                hint="issue folders are named YYYY-MM-DD",
                severity="note",
            )
        )
        return False
    return True


def _entries(folder: Path, problems: list[SitegenError]) -> list[Path]:
    """The folder's entries, sorted; none, with an error, when it cannot be listed."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        problems.append(
            SitegenError(
                f"cannot open the folder: {exc.strerror or exc}",
                path=folder,
                left_out="unreadable",
                hint="check its permissions",
            )
        )
        return []


class Inside:
    """Which links the content folder may follow: to what lies inside it, or anywhere when the archive
    says ``follow_symlinks = true``. A link elsewhere would publish whatever it names (/etc/passwd)."""

    def __init__(self, content_dir: Path, follow_symlinks: bool) -> None:
        self.root = Path(os.path.realpath(content_dir))
        self.follow = follow_symlinks

    def refused(self, path: Path) -> SitegenError | None:
        """Why ``path`` (an entry of the content folder) is left out, or None: a link leading outside,
        a broken link or a loop, something that is not a file or a folder."""
        try:
            info = path.stat()  # follows the link
        except OSError as exc:
            if path.is_symlink():
                target = os.readlink(path)
                what = "a link that leads back to itself" if exc.errno == errno.ELOOP else "a broken link"
                return SitegenError(
                    f"{what} (to {target}); left out",
                    path=path,
                    severity="warning",
                    left_out="unreadable",
                    hint="remove the link or point it at a page",
                )
            return SitegenError(f"cannot read: {exc.strerror or exc}", path=path, left_out="unreadable")
        if path.is_symlink() and not self.follow:
            target = Path(os.path.realpath(path))
            if target != self.root and self.root not in target.parents:
                return SitegenError(
                    f"a link to {target}, outside the content folder; left out",
                    path=path,
                    severity="warning",
                    left_out="unreadable",
                    hint="copy what it names into the archive, or set follow_symlinks = true "
                    "in sitegen.toml to publish it",
                )
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            return SitegenError(
                f"refused: {_file_kind(info.st_mode)}, not a page file",
                path=path,
                left_out="unreadable",
                hint="pages are regular files: move it out of the content folder",
            )
        return None


def _file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def is_stray(name: str) -> bool:
    """A file a system or an editor left behind, not content: .DS_Store, Thumbs.db, 05.txt~…"""
    lower = name.lower()
    return (
        lower in _SYSTEM_FILES
        or lower.startswith(("._", ".~lock."))
        or lower.endswith(_BACKUP_SUFFIXES)
        or (len(lower) > 2 and lower.startswith("#") and lower.endswith("#"))
    )


def _stray_note(path: Path) -> SitegenError:
    return SitegenError(
        "ignored: a file left by the system or an editor, not a page",
        path=path,
        severity="note",
        hint="nothing to do; delete it if it is not needed",
    )


def _folder_date(folder: Path, problems: list[SitegenError]) -> dt.date | None:
    match = _DATE_DIR.match(folder.name)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            problems.append(
                SitegenError(
                    f'"{folder.name}" is not a real date',
                    path=folder,
                    left_out="misnamed",
                    hint="rename it to the issue's date as YYYY-MM-DD",
                )
            )
            return None
    problems.append(
        SitegenError(
            f'folder name "{folder.name}" is not a date',
            path=folder,
            left_out="misnamed",
            hint="rename it to the issue's date as YYYY-MM-DD, e.g. 2023-12-26",
        )
    )
    return None


def _issue_pages(
    folder: Path,
    listing: list[Path],
    date: dt.date,
    content_dir: Path,
    info: IssueInfo,
    inside: Inside,
    problems: list[SitegenError],
) -> list[Page]:
    """The pages of one issue folder (``listing``: its entries), one per page number (a ``.md`` beats a
    ``.txt``)."""
    chosen: dict[int, Path] = {}
    for path in listing:
        number = _page_number(path, inside)
        if isinstance(number, SitegenError):
            problems.append(number)
        elif number is not None and (clash := _choose(chosen, number, path)) is not None:
            problems.append(clash)
    for number in sorted(set(info.page_names) - set(chosen)):
        problems.append(
            SitegenError(
                f"issue.toml names page {number:02d}, which has no page file",
                path=folder / ISSUE_FILE,
                severity="warning",
                hint=f"add {number:02d}.txt or remove the name",
            )
        )
    return [
        Page(
            date=date,
            number=number,
            path=path.absolute(),  # the link's name, not its target
            source=path.relative_to(content_dir).as_posix(),
            format="md" if path.suffix.lower() == ".md" else "txt",
            name=info.page_names.get(number),
        )
        for number, path in sorted(chosen.items())
    ]


def _page_number(path: Path, inside: Inside) -> int | SitegenError | None:
    """The page number an issue folder's entry is the page file of; the problem that leaves it out; or
    None for what is left out without a word (hidden files, issue.toml, a README)."""
    name = path.name
    if is_stray(name) and not path.is_dir():
        return _stray_note(path)
    if name.startswith(".") or name == ISSUE_FILE:
        return None
    if (refused := inside.refused(path)) is not None:
        return refused
    if path.is_dir():
        return SitegenError(
            "ignored: issue folders hold page files only",
            path=path,
            hint="move it out of the content folder",
            severity="warning",
        )
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".md"):
        return SitegenError("ignored: not a page file", path=path, hint="pages are NN.txt or NN.md", severity="warning")
    if path.stem.lower() == "readme":
        return None  # notes for the editors, not a page
    match = _PAGE_FILE.match(name)
    if not match:
        return SitegenError(
            f'"{name}" is not a page number',
            path=path,
            left_out="misnamed",
            hint=f"name it like 05{suffix}, after the printed page",
        )
    if int(match.group(1)) == 0:
        return SitegenError("page numbers start at 1", path=path, left_out="misnamed", hint=f"name it like 01{suffix}")
    return int(match.group(1))


def _choose(chosen: dict[int, Path], number: int, path: Path) -> SitegenError | None:
    """Take ``path`` as page ``number`` unless a file already is: a ``.md`` beats a ``.txt`` (a note
    says so); two of one kind are an error, the later left out."""
    other = chosen.get(number)
    if other is None:
        chosen[number] = path
        return None
    if other.suffix.lower() != path.suffix.lower():
        md, txt = (other, path) if other.suffix.lower() == ".md" else (path, other)
        chosen[number] = md
        return SitegenError(
            f"{md.name} is used instead of {txt.name}",
            path=txt,
            hint="a .md page overrides the .txt of the same page",
            severity="note",
        )
    # Both would be published as the same page folder, their items over one another.
    return SitegenError(
        f"page {number} is already given by {other.name}",
        path=path,
        left_out="skipped",
        hint=f"keep one file per page: merge it into {other.name}, or name it after its own page",
    )


def _read_issue_info(path: Path, inside: Inside, problems: list[SitegenError]) -> IssueInfo:
    """``issue.toml``: ``edition = N`` and ``[pages] "05" = "党建"``. Problems are collected."""
    if (refused := inside.refused(path)) is not None:
        problems.append(refused)
        return IssueInfo()
    if not path.is_file():
        return IssueInfo()
    try:
        data, text = load_toml(path)
    except SitegenError as exc:
        problems.append(exc)
        return IssueInfo()
    problems.extend(unknown_keys(data, ("edition", "pages"), path=path, text=text))
    edition = _edition(data.get("edition"), path, text, problems)
    names: dict[int, str] = {}
    table: Any = data.get("pages", {})
    if not isinstance(table, dict):
        problems.append(
            SitegenError(
                '"pages" must be a table',
                path=path,
                line=key_line(text, (), "pages"),
                hint='write it as [pages] then lines like "05" = "党建"',
            )
        )
        table = {}
    for key, value in table.items():
        line = key_line(text, ("pages",), key)
        if not _PAGE_KEY.match(key) or int(key) == 0:
            problems.append(
                SitegenError(
                    f'"{key}" is not a page number', path=path, line=line, hint='write page names as "05" = "党建"'
                )
            )
        elif not isinstance(value, str):
            problems.append(
                SitegenError(
                    f'the name of page "{key}" must be a string',
                    path=path,
                    line=line,
                    hint=f'write it as "{key}" = "党建"',
                )
            )
        else:
            names[int(key)] = value
    return IssueInfo(edition=edition, page_names=names)


def _edition(value: Any, path: Path, text: str, problems: list[SitegenError]) -> int | None:
    if value is None:
        return None
    # bool is an int in Python; `edition = true` is still a mistake.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(
            SitegenError(
                '"edition" must be a positive whole number',
                path=path,
                line=key_line(text, (), "edition"),
                hint="write it as edition = 12345",
            )
        )
        return None
    return value


# --- read ---------------------------------------------------------------------------------------------


MAX_PAGE_MB = 64  # the default limit on a page file's size (sitegen.toml: max_page_mb)


def read_pages(
    pages: Iterable[Page], *, limit_mb: int = MAX_PAGE_MB
) -> tuple[tuple[PageText, ...], tuple[SitegenError, ...]]:
    """Each page with the hash of its text; pages that cannot be read are left out and reported. The texts
    are not kept: the segment stage reads again the pages it has to cut.

    A page with damaged bytes is read with the damage marked (and a warning); a ``.md`` page's
    front matter is checked here, where the file is known, though the segmenter reads it.
    """
    good: list[PageText] = []
    problems: list[SitegenError] = []
    for page in pages:
        try:
            text, damage = read_page(page.path, limit_mb=limit_mb)
        except SitegenError as exc:
            problems.append(exc)
            continue
        problems.extend(damage)
        if not text.strip():
            problems.append(
                SitegenError(
                    "the page is empty; skipped",
                    path=page.path,
                    severity="warning",
                    hint="delete the file or fill it",
                    left_out="skipped",
                )
            )
            continue
        if page.format == "md":
            problems.extend(front_matter_problems(text, page.path))
        good.append(PageText(page, text_hash(text)))
    return tuple(good), tuple(problems)


def front_matter_problems(text: str, path: Path) -> list[SitegenError]:
    """Errors in a ``.md`` page's front matter, each with its line: the page is built regardless."""
    return [SitegenError(p.message, path=path, line=p.line, hint=p.hint) for p in read_sections(text).problems]


def read_page(path: Path, *, limit_mb: int = MAX_PAGE_MB) -> tuple[str, tuple[SitegenError, ...]]:
    """A page file's text and the warnings on its damaged bytes. Raises ``SitegenError`` when unreadable."""
    return decode(read_file(path, limit_mb), path=path)


def read_file(path: Path, limit_mb: int = MAX_PAGE_MB) -> bytes:
    """A regular file's bytes, at most ``limit_mb`` megabytes of them. Opened without blocking and checked
    once open, so that a FIFO or a device swapped in after discovery cannot hang or flood the read."""
    limit = limit_mb * 2**20
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SitegenError(f"cannot read: {exc.strerror or exc}", path=path, left_out="unreadable") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SitegenError(
                f"refused: {_file_kind(info.st_mode)}, not a page file",
                path=path,
                left_out="unreadable",
                hint="pages are regular files: move it out of the content folder",
            )
        too_big = SitegenError(
            f"refused: the file is larger than the limit of {limit_mb} MB for a page",
            path=path,
            left_out="unreadable",
            hint="split it into its pages, or raise max_page_mb in sitegen.toml",
        )
        if info.st_size > limit:
            raise too_big
        os.set_blocking(fd, True)
        chunks = []
        size = 0
        while chunk := os.read(fd, min(limit + 1 - size, 2**22) or 1):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew while it was read
                raise too_big
        return b"".join(chunks)
    except OSError as exc:
        raise SitegenError(f"cannot read: {exc.strerror or exc}", path=path, left_out="unreadable") from exc
    finally:
        os.close(fd)


def read_text(path: Path, limit_mb: int = MAX_PAGE_MB) -> str:
    """A page file's text, decoded and with LF line ends (damage marked with U+FFFD, unreported)."""
    return read_page(path, limit_mb=limit_mb)[0]


# A page is read, its damage marked, when at most this share of its bytes is damaged. Beyond it the
# file is not text in an encoding we know (a binary file, Big5, UTF-16 without its mark), and
# reading it would publish noise.
MAX_DAMAGE = 0.25
# Bytes no encoding could read (kept by the handler below as U+DC00+byte) and control characters,
# which are not text either: NUL and the like mark a damaged or binary file. Tab, line feed,
# vertical tab, form feed and carriage return are text.
_DAMAGE = re.compile(r"[\x00-\x08\x0e-\x1f\udc00-\udcff]+")
_CONTROL_BYTES = bytes(range(0x09)) + bytes(range(0x0E, 0x20))  # the controls above, as UTF-8 bytes
_DAMAGE_SHOWN = 3  # damaged spots named in the warning; the rest are counted
_BYTES = "sitegen-bytes"


def _keep_bytes(exc: UnicodeError) -> tuple[str | bytes, int]:
    """Decoding: each bad byte becomes U+DC00+byte (Python's surrogateescape also takes bytes under
    0x80, which GB18030 may reject inside a sequence). Encoding: the same characters back to bytes,
    to find a spot's byte offset."""
    if isinstance(exc, UnicodeDecodeError):
        return "".join(chr(0xDC00 + b) for b in exc.object[exc.start : exc.end]), exc.end
    if isinstance(exc, UnicodeEncodeError):
        return bytes(ord(c) - 0xDC00 for c in exc.object[exc.start : exc.end]), exc.end
    raise exc


codecs.register_error(_BYTES, _keep_bytes)


def decode(data: bytes, *, path: Path | str) -> tuple[str, tuple[SitegenError, ...]]:
    """Decode a page: UTF-8 (BOM or not), UTF-16 with BOM, or GB18030/GBK; newlines become LF.

    Strict UTF-8 is tried first: text that decodes as UTF-8 almost never is anything else.
    Otherwise GB18030 (a superset of GBK and GB2312), accepted only when the result looks like
    Chinese text, because GB18030 decodes most byte strings into *something*. Bytes that neither
    reads, and control characters, are damage: each damaged run becomes one U+FFFD, visible on the
    page, and a warning names the file, line and byte offset. Too much damage, and the page is
    refused (``SitegenError``).
    """
    bom, encoding = _bom(data)
    body = data[len(bom) :]
    strict = False
    if encoding == "utf-8" and not bom:
        try:
            raw, strict = body.decode("utf-8"), True
        except UnicodeDecodeError:
            raw, encoding = _best_guess(body)
    else:
        raw = body.decode(encoding, _BYTES)
    if strict and len(body.translate(None, _CONTROL_BYTES)) == len(body):
        return _newlines(raw), ()  # valid UTF-8 without control bytes: no damage (checked at C speed)
    spots = [m.span() for m in _DAMAGE.finditer(raw)]
    if not spots:
        return _newlines(raw), ()
    damaged = sum(end - start for start, end in spots) * (2 if encoding.startswith("utf-16") else 1)
    if damaged > MAX_DAMAGE * len(data):
        raise _undecodable(data, raw, spots[0][0], encoding, bom, path)
    warning = _damage_warning(raw, spots, encoding, bom, path)
    return _newlines(_DAMAGE.sub("\ufffd", raw)), (warning,)


def _bom(data: bytes) -> tuple[bytes, str]:
    """The byte order mark the file starts with (or none) and the encoding it names."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return bom, encoding
    return b"", "utf-8"


def _best_guess(data: bytes) -> tuple[str, str]:
    """Not valid UTF-8: GB18030 when it reads with less damage and looks like Chinese, else UTF-8."""
    utf8 = data.decode("utf-8", _BYTES)
    gb = data.decode("gb18030", _BYTES)
    if _damage(gb) < _damage(utf8) and looks_like_chinese(_DAMAGE.sub("", gb)):
        return gb, "gb18030"
    return utf8, "utf-8"


def _damage(text: str) -> int:
    return sum(len(m.group()) for m in _DAMAGE.finditer(text))


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _spot(raw: str, index: int, encoding: str, bom: bytes) -> tuple[int, int]:
    """(line, byte offset) of the character at ``index``: what an editor and a hex viewer show."""
    line = _newlines(raw[:index]).count("\n") + 1
    return line, len(bom) + len(raw[:index].encode(encoding, _BYTES))


def _damage_warning(
    raw: str, spots: list[tuple[int, int]], encoding: str, bom: bytes, path: Path | str
) -> SitegenError:
    where = [_spot(raw, start, encoding, bom) for start, _ in spots[:_DAMAGE_SHOWN]]
    shown = ", ".join(f"line {line} at byte {offset}" for line, offset in where)
    more = f" and {len(spots) - _DAMAGE_SHOWN} more" if len(spots) > _DAMAGE_SHOWN else ""
    count = sum(end - start for start, end in spots)
    return SitegenError(
        f"damaged text: {count} byte{'s' if count != 1 else ''} could not be read as {encoding.upper()} "
        f"and {'are' if count != 1 else 'is'} marked � on the page ({shown}{more})",
        path=path,
        line=where[0][0],
        severity="warning",
        hint="re-export the page from the original, or correct the text at the marks",
    )


def _undecodable(data: bytes, raw: str, index: int, encoding: str, bom: bytes, path: Path | str) -> SitegenError:
    line, offset = _spot(raw, index, encoding, bom)
    if b"\x00" in data and not bom:
        message = "cannot decode the page: it holds NUL bytes (a binary file, or UTF-16 without a BOM)"
        hint = "if it is a page, export it again as UTF-8 text; if not, move it out of the content folder"
    else:
        what = f"it starts with a {encoding.upper()} mark" if bom else "it is neither UTF-8 nor GB18030/GBK"
        message = f"cannot decode the page: byte 0x{data[offset]:02x} is invalid and {what}"
        hint = "save it as UTF-8"
    return SitegenError(message, path=path, line=line, hint=hint, left_out="unreadable")


def looks_like_chinese(text: str) -> bool:
    """Whether GB18030-decoded ``text`` is plausibly what the file meant.

    Wrongly decoded bytes come out as rare characters from the GBK extension
    areas, so nearly every non-ASCII character should be one of GB2312's
    (common Han, CJK and full-width punctuation, ◎□■◆★), and no stray control
    characters may appear.
    """
    # Counted by distinct character: a 20 MB page has a few thousand of them.
    counts = collections.Counter(text)
    if any(ord(c) < 0x20 and c not in "\t\n\r\f\v" for c in counts):
        return False
    wide = {c: n for c, n in counts.items() if ord(c) > 0x7F}
    if not wide:
        return True
    common = sum(n for c, n in wide.items() if _in_gb2312(c))
    return common >= 0.9 * sum(wide.values())


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# --- read: only what changed since the last build ------------------------------------------------


# A file changed this recently may change again within the grain of its timestamps: it is read again.
SETTLED_NS = 2_000_000_000


def read_changed(
    pages: Sequence[Page], index: ReadIndex, limit_mb: int = MAX_PAGE_MB
) -> tuple[tuple[PageText, ...], tuple[SitegenError, ...]]:
    """Each page with the hash of its text, read now (``fresh``) but for a page whose file has the size,
    times, inode and device the index saw when it last read it without a problem: that page comes with the
    hash the index holds, unread. Pages read with a problem are never remembered, so their problems are
    reported by every build."""
    known = index.load()
    now = time.time_ns()
    stamps: dict[Path, Stamp] = {}
    kept: dict[Path, PageText] = {}
    for page in pages:
        try:
            stamp = file_stamp(page.path.stat())  # before reading: a change after it changes the stamp
        except OSError:
            continue  # read_pages reports it
        entry = known.get(str(page.path))
        if entry is not None and entry[0] == stamp:
            kept[page.path] = PageText(page, entry[1], fresh=False)
        elif now - max(stamp[1], stamp[2]) > SETTLED_NS:
            stamps[page.path] = stamp
    read, problems = read_pages([page for page in pages if page.path not in kept], limit_mb=limit_mb)
    troubled = {problem.path for problem in problems}
    remembered = {str(path): (known[str(path)][0], read.text_hash) for path, read in kept.items()}
    fresh = {text.page.path: text for text in read}
    for path, text in fresh.items():
        if path in stamps and path not in troubled:
            remembered[str(path)] = (stamps[path], text.text_hash)
    if remembered != known:
        index.save(remembered)
    return tuple(
        kept.get(page.path) or fresh[page.path] for page in pages if page.path in kept or page.path in fresh
    ), problems


def page_text(page: PageText, limit_mb: int = MAX_PAGE_MB) -> str:
    """The page's text, read now. Raises SitegenError if it cannot be."""
    return read_text(page.page.path, limit_mb)
