"""Find and read the archive's pages: ``content/<YYYY-MM-DD>/<NN>.txt|.md`` plus optional ``issue.toml``.

Problems are collected, not raised: one badly named folder or undecodable page
must not hide the rest of a year's archive. ``discover`` and ``read_pages``
return the good pages together with the problems found, and the build reports
them all at the end.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from sitegen.config import key_line, load_toml, unknown_keys
from sitegen.errors import SitegenError
from sitegen.model import Page

ISSUE_FILE = "issue.toml"
_DATE_DIR = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PAGE_FILE = re.compile(r"^(\d{1,3})\.(txt|md)$", re.IGNORECASE)
_PAGE_KEY = re.compile(r"^\d{1,3}$")


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


def discover(content_dir: Path) -> Discovery:
    """List every page of every issue under ``content_dir``; never raises for bad input."""
    if not content_dir.is_dir():
        problem = SitegenError("content folder not found", path=content_dir,
                               hint="run sitegen in the archive's folder, or pass --source DIR")
        return Discovery((), {}, (problem,))
    pages: list[Page] = []
    issues: dict[dt.date, IssueInfo] = {}
    problems: list[SitegenError] = []
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith("."):
            continue  # .git, .DS_Store and the like are not content
        if not entry.is_dir():
            problems.append(SitegenError("ignored: only issue folders belong here", path=entry,
                                         hint="issue folders are named YYYY-MM-DD", severity="note"))
            continue
        date = _folder_date(entry, problems)
        if date is None:
            continue
        info = _read_issue_info(entry / ISSUE_FILE, problems)
        found = _issue_pages(entry, date, content_dir, info, problems)
        if found:
            pages.extend(found)
            issues[date] = info
    if not pages and not problems:
        problems.append(SitegenError("no pages found", path=content_dir,
                                     hint="add pages as YYYY-MM-DD/05.txt", severity="warning"))
    return Discovery(tuple(pages), issues, tuple(problems))


def _folder_date(folder: Path, problems: list[SitegenError]) -> dt.date | None:
    match = _DATE_DIR.match(folder.name)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            problems.append(SitegenError(f'"{folder.name}" is not a real date', path=folder,
                                         hint="rename it to the issue's date as YYYY-MM-DD"))
            return None
    problems.append(SitegenError(f'folder name "{folder.name}" is not a date', path=folder,
                                 hint="rename it to the issue's date as YYYY-MM-DD, e.g. 2023-12-26"))
    return None


def _issue_pages(folder: Path, date: dt.date, content_dir: Path, info: IssueInfo,
                 problems: list[SitegenError]) -> list[Page]:
    """The pages of one issue folder, one per page number (a ``.md`` beats a ``.txt``)."""
    chosen: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or name == ISSUE_FILE:
            continue
        if path.is_dir():
            problems.append(SitegenError("ignored: issue folders hold page files only", path=path,
                                         hint="move it out of the content folder", severity="warning"))
            continue
        suffix = path.suffix.lower()
        if suffix not in (".txt", ".md"):
            problems.append(SitegenError("ignored: not a page file", path=path,
                                         hint="pages are NN.txt or NN.md", severity="warning"))
            continue
        if path.stem.lower() == "readme":
            continue  # notes for the editors, not a page
        match = _PAGE_FILE.match(name)
        if not match:
            problems.append(SitegenError(f'"{name}" is not a page number', path=path,
                                         hint=f"name it like 05{suffix}, after the printed page"))
            continue
        number = int(match.group(1))
        if number == 0:
            problems.append(SitegenError("page numbers start at 1", path=path,
                                         hint=f"name it like 01{suffix}"))
            continue
        other = chosen.get(number)
        if other is None:
            chosen[number] = path
        elif other.suffix.lower() != suffix:
            md, txt = (other, path) if other.suffix.lower() == ".md" else (path, other)
            chosen[number] = md
            problems.append(SitegenError(f"{md.name} is used instead of {txt.name}", path=txt,
                                         hint="a .md page overrides the .txt of the same page",
                                         severity="note"))
        else:
            problems.append(SitegenError(f"page {number} is already given by {other.name}", path=path,
                                         hint="keep one file per page"))
    for number in sorted(set(info.page_names) - set(chosen)):
        problems.append(SitegenError(f"issue.toml names page {number:02d}, which has no page file",
                                     path=folder / ISSUE_FILE, severity="warning",
                                     hint=f"add {number:02d}.txt or remove the name"))
    pages = []
    for number, path in sorted(chosen.items()):
        fmt: Literal["txt", "md"] = "md" if path.suffix.lower() == ".md" else "txt"
        pages.append(Page(date=date, number=number, path=path.resolve(),
                          source=path.relative_to(content_dir).as_posix(), format=fmt,
                          name=info.page_names.get(number)))
    return pages


def _read_issue_info(path: Path, problems: list[SitegenError]) -> IssueInfo:
    """``issue.toml``: ``edition = N`` and ``[pages] "05" = "党建"``. Problems are collected."""
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
        problems.append(SitegenError('"pages" must be a table', path=path, line=key_line(text, (), "pages"),
                                     hint='write it as [pages] then lines like "05" = "党建"'))
        table = {}
    for key, value in table.items():
        line = key_line(text, ("pages",), key)
        if not _PAGE_KEY.match(key) or int(key) == 0:
            problems.append(SitegenError(f'"{key}" is not a page number', path=path, line=line,
                                         hint='write page names as "05" = "党建"'))
        elif not isinstance(value, str):
            problems.append(SitegenError(f'the name of page "{key}" must be a string', path=path, line=line,
                                         hint=f'write it as "{key}" = "党建"'))
        else:
            names[int(key)] = value
    return IssueInfo(edition=edition, page_names=names)


def _edition(value: Any, path: Path, text: str, problems: list[SitegenError]) -> int | None:
    if value is None:
        return None
    # bool is an int in Python; `edition = true` is still a mistake.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(SitegenError('"edition" must be a positive whole number', path=path,
                                     line=key_line(text, (), "edition"), hint="write it as edition = 12345"))
        return None
    return value


# --- read ---------------------------------------------------------------------------------------------


def read_pages(pages: Iterable[Page]) -> tuple[tuple[Page, ...], tuple[SitegenError, ...]]:
    """Each page with its text; pages that cannot be read are left out and reported."""
    good: list[Page] = []
    problems: list[SitegenError] = []
    for page in pages:
        try:
            text = read_text(page.path)
        except SitegenError as exc:
            problems.append(exc)
            continue
        if not text.strip():
            problems.append(SitegenError("the page is empty; skipped", path=page.path, severity="warning",
                                         hint="delete the file or fill it"))
            continue
        good.append(replace(page, text=text))
    return tuple(good), tuple(problems)


def read_text(path: Path) -> str:
    """A page file's text, decoded and with LF line ends. Raises ``SitegenError`` naming the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SitegenError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    return decode_page(data, path=path)


def decode_page(data: bytes, *, path: Path | str) -> str:
    """Decode a page: UTF-8 (BOM or not), UTF-16 with BOM, or GB18030/GBK; newlines become LF.

    Strict UTF-8 is tried first: text that decodes as UTF-8 almost never is
    anything else. Otherwise GB18030 (a superset of GBK and GB2312), accepted
    only when the result looks like Chinese text, because GB18030 decodes
    most byte strings into *something*.
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text = _decode_or_fail(data, "utf-16", path)
    elif data.startswith(codecs.BOM_UTF8):
        text = _decode_or_fail(data[len(codecs.BOM_UTF8):], "utf-8", path)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                text = ""
            if not text or not looks_like_chinese(text):
                raise _undecodable(data, utf8_error, path) from None
    if "\x00" in text:
        raise SitegenError("cannot decode: the file holds NUL bytes (binary, or UTF-16 without a BOM)",
                           path=path, hint="save it as UTF-8 text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_or_fail(data: bytes, encoding: str, path: Path | str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc, path, declared=encoding) from None


def _undecodable(
    data: bytes, exc: UnicodeDecodeError, path: Path | str, declared: str | None = None
) -> SitegenError:
    line = data.count(b"\n", 0, exc.start) + 1
    what = f"it starts with a {declared.upper()} mark" if declared else "it is neither UTF-8 nor GB18030/GBK"
    return SitegenError(f"cannot decode the page: byte 0x{data[exc.start]:02x} is invalid and {what}",
                        path=path, line=line, hint="save it as UTF-8")


def looks_like_chinese(text: str) -> bool:
    """Whether GB18030-decoded ``text`` is plausibly what the file meant.

    Wrongly decoded bytes come out as rare characters from the GBK extension
    areas, so nearly every non-ASCII character should be one of GB2312's
    (common Han, CJK and full-width punctuation, ◎□■◆★), and no stray control
    characters may appear.
    """
    if any(ord(c) < 0x20 and c not in "\t\n\r\f\v" for c in text):
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return True
    common = sum(1 for c in wide if _in_gb2312(c))
    return common >= 0.9 * len(wide)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
