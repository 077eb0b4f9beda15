"""The archive's settings: ``sitegen.toml`` at the archive root, read into a frozen ``SiteConfig``.

Every key is typed, and an unknown key is an error naming the key, the file
and the line (a misspelt ``home_provice`` would otherwise silently fall back to
the default). Such errors are collected in ``SiteConfig.problems`` and the key
is left out, so the build reports them and still publishes every page; a file
that is not TOML at all stops it. A missing file means all defaults, so a bare
content folder builds.

The TOML helpers here (``load_toml``, ``key_line``, ``unknown_keys``) are shared
with ``issue.toml`` reading in ``sources.py``.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen import toml_errors
from sitegen.errors import SitegenError

CONFIG_NAME = "sitegen.toml"
MAX_TOML = 1_000_000  # characters: sitegen.toml, issue.toml and theme.toml are a few lines each


@dataclass(frozen=True)
class SegmentConfig:
    """``[segment]``: what the segmenter needs to know about this paper."""

    # Column (栏目) names the paper prints; a bare line with one of them is a column mark.
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteConfig:
    """``sitegen.toml``, typed. Defaults are what an archive without the file gets."""

    title: str = "数字报档案"
    newspaper: str = ""
    base_url: str = ""
    language: str = "zh-CN"
    home_province: str = "内蒙古自治区"  # ambiguous place names resolve here
    theme: str = "default"
    follow_symlinks: bool = False  # links in content/ to what lies outside it: followed, or left out
    max_page_mb: int = 64  # a page file larger than this is refused, not read
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    path: Path | None = None  # the file these settings came from; None when all defaults
    # Unknown keys and values of the wrong type, left out (their defaults apply): the build reports them.
    problems: tuple[SitegenError, ...] = field(default=(), compare=False, repr=False)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.segment.columns


# key → (reader, what to write), per table. The reader returns the typed value or None if the type is wrong.
def _as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _as_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _as_size(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4096
    return value if ok else None


def _as_url(value: Any) -> str | None:
    """An absolute http(s) URL: it is written into feeds, the sitemap and robots.txt as it is."""
    if not isinstance(value, str):
        return None
    if value == "":
        return value  # unset: no feeds, no sitemap
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return None
    ok = parts.scheme in ("http", "https") and parts.hostname and not any(c.isspace() for c in value)
    return value if ok else None


def _as_str_tuple(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


_TOP_KEYS: dict[str, tuple[Any, str]] = {
    "title": (_as_str, 'a string, e.g. title = "内蒙古日报 数字报档案"'),
    "newspaper": (_as_str, 'a string, e.g. newspaper = "内蒙古日报"'),
    "base_url": (_as_url, 'an absolute http(s) URL, e.g. base_url = "https://example.org/archive/"'),
    "language": (_as_str, 'a string, e.g. language = "zh-CN"'),
    "home_province": (_as_str, 'a string, e.g. home_province = "内蒙古自治区"'),
    "theme": (_as_str, 'a string, e.g. theme = "default"'),
    "follow_symlinks": (_as_bool, "true or false, e.g. follow_symlinks = true"),
    "max_page_mb": (_as_size, "a whole number of megabytes from 1 to 4096, e.g. max_page_mb = 64"),
}
_TABLES = ("segment",)
_SEGMENT_KEYS: dict[str, tuple[Any, str]] = {
    "columns": (_as_str_tuple, 'a list of strings, e.g. columns = ["初心如磐", "每周一学"]'),
}


def load_config(path: Path) -> SiteConfig:
    """Read ``path``; defaults when it does not exist. Raises ``SitegenError`` when it cannot be
    parsed; unknown keys and mistyped values are left out and listed in ``problems``."""
    if not path.exists():
        return SiteConfig()
    data, text = load_toml(path)
    problems = unknown_keys(data, [*_TOP_KEYS, *_TABLES], path=path, text=text)
    segment = data.get("segment", {})
    if not isinstance(segment, dict):
        problems.append(_type_error("segment", "a table: [segment]", segment, path=path, text=text))
        segment = {}
    problems += unknown_keys(segment, _SEGMENT_KEYS, path=path, text=text, table=("segment",))
    top = _typed(data, _TOP_KEYS, problems, path=path, text=text)
    seg = _typed(segment, _SEGMENT_KEYS, problems, path=path, text=text, table=("segment",))
    problems.sort(key=lambda p: p.line or 0)
    return SiteConfig(**top, segment=SegmentConfig(**seg), path=path, problems=tuple(problems))


def _typed(
    data: Mapping[str, Any],
    spec: Mapping[str, tuple[Any, str]],
    problems: list[SitegenError],
    *,
    path: Path,
    text: str,
    table: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The keys of ``spec`` that ``data`` sets with the right type; the others become problems."""
    typed = {}
    for key, (reader, wanted) in spec.items():
        if key not in data:
            continue
        value = reader(data[key])
        if value is None:
            problems.append(_type_error(key, wanted, data[key], path=path, text=text, table=table))
        else:
            typed[key] = value
    return typed


def _type_error(
    key: str, wanted: str, value: Any, *, path: Path, text: str, table: tuple[str, ...] = ()
) -> SitegenError:
    return SitegenError(
        f'"{key}" must be {wanted.split(",")[0]}, not {_toml_type(value)}',
        path=path,
        line=key_line(text, table, key),
        hint="write it as " + wanted.split(", e.g. ", 1)[-1] if ", e.g. " in wanted else None,
    )


def _toml_type(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 60 else value[:60] + "…", ensure_ascii=False)
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "a table"}
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        return "a list with non-string entries"
    return names.get(type(value), f"a {type(value).__name__}")


# --- TOML helpers, shared with issue.toml -------------------------------------------------------------


def load_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; return the data and the text (kept to find keys' lines for messages)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # tomllib rejects a BOM; editors on Windows add one
    except OSError as exc:
        raise SitegenError(f"cannot read: {exc.strerror or exc}", path=path, hint="check its permissions") from exc
    except UnicodeDecodeError as exc:
        raise SitegenError("cannot read: the file is not UTF-8 text", path=path, hint="save it as UTF-8") from exc
    if len(text) > MAX_TOML:
        raise SitegenError(
            f"refused: longer than {MAX_TOML:,} characters; settings are a few lines",
            path=path,
            hint="check that this is the file you meant",
        )
    try:
        return tomllib.loads(text), text
    except RecursionError as exc:  # tomllib reads nested lists and tables recursively
        raise SitegenError(
            "refused: lists or tables nested too deeply", path=path, hint="settings need no more than a list of names"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        problem = toml_errors.explain(exc, text)
        raise SitegenError(
            problem.message, path=path, line=problem.line, column=problem.column, hint=problem.hint
        ) from exc


_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_DOTTED_KEY = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"
_KEY_LINE = re.compile(rf"^\s*({_DOTTED_KEY})\s*=")
_HEADER_LINE = re.compile(rf"^\s*\[\[?\s*({_DOTTED_KEY})\s*\]\]?\s*(?:#.*)?$")


def _dotted(name: str) -> tuple[str, ...]:
    parts = re.findall(_BARE_OR_QUOTED, name)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def key_line(text: str, table: tuple[str, ...], key: str) -> int | None:
    """The 1-based line where ``key`` of ``table`` is set, found by scanning the text.

    tomllib reports no positions, so we follow ``[table]`` headers and match
    ``key =`` (bare, quoted or dotted) lines. Multi-line strings may fool it;
    then the message simply has no line number.
    """
    wanted = (*table, key)
    current: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER_LINE.match(line)
        if header:
            current = _dotted(header.group(1))
            if current[: len(wanted)] == wanted:
                return number
            continue
        assignment = _KEY_LINE.match(line)
        if assignment and (*current, *_dotted(assignment.group(1)))[: len(wanted)] == wanted:
            return number
    return None


def unknown_keys(
    data: Mapping[str, Any],
    known: Iterable[str],
    *,
    path: Path,
    text: str,
    table: tuple[str, ...] = (),
) -> list[SitegenError]:
    """One error per key of ``data`` not in ``known``, in file order, each naming the key and line."""
    known = sorted(known)
    problems = []
    for key in data:
        if key in known:
            continue
        where = f"[{'.'.join(table)}]" if table else "the top level"
        close = difflib.get_close_matches(key, known, n=1)
        hint = f'did you mean "{close[0]}"?' if close else "known keys: " + ", ".join(known)
        line = key_line(text, table, key)
        problems.append(SitegenError(f'unknown key "{key}" in {where}', path=path, line=line, hint=hint))
    return sorted(problems, key=lambda p: p.line or 0)
