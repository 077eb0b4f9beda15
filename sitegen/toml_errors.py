"""TOML syntax errors in plain words, with the line and column where the mistake is.

tomllib says what its parser expected ("Illegal character '\\n'", "Cannot overwrite a value"), at
the place it gave up, and for a value left open only "at end of document". An editor of
``sitegen.toml`` or ``issue.toml`` needs to hear what is wrong ("unterminated string", "missing =",
"duplicate key") and where it starts, with how to write it instead.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
_KEY = re.compile(r'^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\'))*)\s*=')
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]")
_CURLY = "“”‘’「」『』"
_TOML_HELP = "see https://toml.io for the syntax"


@dataclass(frozen=True)
class TomlProblem:
    message: str
    line: int | None
    column: int | None
    hint: str


def explain(exc: tomllib.TOMLDecodeError, text: str) -> TomlProblem:
    """What ``exc`` means for ``text``, in plain words, with the 1-based line and column of the mistake."""
    raw = str(exc)
    match = _POSITION.search(raw)
    said = raw[: match.start()] if match else raw
    lines = text.splitlines() or [""]
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    else:  # at the end of the document: the value left open starts at the last key
        line, column = _last_assignment(lines)
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    problem = _plain(said, source, line, column, lines, at_end=not (match and match.group(1)))
    return problem or TomlProblem(f"invalid TOML: {said[:1].lower()}{said[1:]}", line, column, _TOML_HELP)


def _plain(said: str, source: str, line: int, column: int, lines: list[str], *, at_end: bool) -> TomlProblem | None:
    """tomllib's message for a line, said plainly with a hint, or None for one not known here."""
    told = _Told(said, source, line, column, lines, at_end, _value_column(source) or column)
    return _strings(told) or _keys(told) or _values(told) or _statements(told)


@dataclass(frozen=True)
class _Told:
    """What tomllib said, and where: the line's text, its number, the column, and the value's column."""

    said: str
    source: str
    line: int
    column: int
    lines: list[str]
    at_end: bool  # tomllib stopped at the end of the document
    value_at: int

    def at(self, message: str, hint: str, where: int | None = None) -> TomlProblem:
        return TomlProblem(message, self.line, self.column if where is None else where, hint)


def _strings(told: _Told) -> TomlProblem | None:
    """Strings left open, control characters in them."""
    said, source, line, column, lines, at = told.said, told.source, told.line, told.column, told.lines, told.at
    value_at = told.value_at
    if said in ("Illegal character '\\n'", "Illegal character '\\r'"):
        return at(
            "unterminated string: the closing quote is missing on this line",
            'end the string on the line where it starts, or use """…""" for text over several lines',
            _quote_column(source, column),
        )
    if said.startswith("Illegal character "):
        char = source[column - 1] if 0 < column <= len(source) else ""
        code = f"U+{ord(char):04X}" if char else "a control character"
        return at(
            f"invisible control character {code} is not allowed here",
            f"delete it; inside a string it may be written as \\u{ord(char) if char else 0:04X}",
        )
    if said == "Unterminated string":
        line, quote = _last_triple_quote(lines) or (line, column)
        return TomlProblem(
            "unterminated multi-line string: \"\"\" (or ''') opened here is never closed",
            line,
            quote,
            "close it with the same three quotes",
        )
    if said.startswith('Expected "\'"'):
        return at(
            "unterminated string: the closing ' is missing",
            "end the string with ' on the same line",
            _quote_column(source, value_at),
        )
    return None


def _keys(told: _Told) -> TomlProblem | None:
    """A key without its =, or set twice."""
    said, source, line, lines, at = told.said, told.source, told.line, told.lines, told.at
    if said == "Expected '=' after a key in a key/value pair":
        wrong = next((c for c in "＝：:" if c in source), None)
        hint = (
            f'write key = value with a plain "=", not "{wrong}"'
            if wrong
            else 'write key = value, e.g. title = "内蒙古日报 数字报档案"; a key with spaces goes in quotes'
        )
        return at("missing = after the key", hint)
    if said == "Cannot overwrite a value":
        key = _key_on(source)
        earlier = _earlier_line(lines, line, key) if key else None
        where = f": already set on line {earlier}" if earlier else ""
        return at(f'duplicate key "{key or "?"}"{where}', "keep one of them: each key may be set once", 1)
    if said.startswith("Cannot declare "):
        name = _header_on(source) or "?"
        earlier = _earlier_header(lines, line, name)
        where = f": already declared on line {earlier}" if earlier else ""
        return at(f"duplicate table [{name}]{where}", f"merge them into one [{name}] table", 1)
    if said.startswith(
        ("Duplicate inline table key", "Cannot mutate immutable namespace", "Cannot redefine namespace")
    ):
        return at("duplicate key: this name is already set", "keep one of them: each key may be set once")
    return None


def _values(told: _Told) -> TomlProblem | None:
    """A value missing, unquoted, or a list or inline table left open."""
    said, source, column, at, value_at, at_end = (
        told.said, told.source, told.column, told.at, told.value_at, told.at_end
    )  # fmt: skip
    if said == "Invalid value":
        rest = source[column - 1 :].strip() if column else ""
        if not rest or rest.startswith("#"):
            return at("missing value after =", 'give a value, e.g. title = "内蒙古日报 数字报档案"')
        if rest[0] in _CURLY:
            return at(f"curly quotes {rest[0]} cannot mark a string", 'use straight quotes: title = "…"')
        return at(
            "invalid value: text must be in quotes",
            'write it as key = "…"; numbers, true/false, [lists] and dates go without quotes',
        )
    if said == "Unclosed array":
        hint = 'separate the items with commas and end the list with ], e.g. ["甲", "乙"]'
        if at_end:
            return at("unterminated list: the [ opened here is never closed", hint, value_at)
        return at("a comma is missing between the items of a list, or its ] is missing", hint)
    if said == "Unclosed inline table":
        return at(
            "unterminated inline table: a { is never closed on its line",
            "an inline table stays on one line: {key = value, other = value}",
            value_at,
        )
    return None


def _statements(told: _Told) -> TomlProblem | None:
    """A line that is no statement: a header not closed, text after a value, a bad date or escape."""
    said, source, column, at = told.said, told.source, told.column, told.at
    if said.startswith(("Expected ']' at the end of a table declaration", "Expected ']]'")):
        return at("table header not closed: the ] is missing", "write it as [segment]")
    if said == "Expected newline or end of document after a statement":
        return at("unexpected text after the value", "one key = value a line; text in quotes; a comment starts with #")
    if said == "Invalid date or datetime":
        return at("invalid date", "write dates as YYYY-MM-DD, e.g. 2023-12-26")
    if said in ("Invalid statement", "Invalid initial character for a key part"):
        if any(ord(c) > 127 for c in source.split("=", 1)[0]):
            return at(
                "a key with Chinese or other non-ASCII characters must be in quotes",
                'write "名称" = "…", or use an ASCII key',
            )
        return at(
            "not a TOML line: expected key = value, a [table] header or a # comment",
            'e.g. title = "内蒙古日报 数字报档案"',
        )
    if said.startswith("Unescaped '\\'") or said in (
        "Invalid hex value",
        "Escaped character is not a Unicode scalar value",
    ):
        return at(
            'invalid escape in a string: a backslash starts an escape such as \\n, \\t or \\"',
            "write \\\\ for a backslash, or use single quotes, which take text as it is: 'C:\\文件'",
            source.rfind("\\", 0, column) + 1 or column,
        )
    return None


def _last_assignment(lines: list[str]) -> tuple[int, int]:
    """(line, column of the value) of the last ``key = value`` line: where a value left open starts."""
    for number in range(len(lines), 0, -1):
        column = _value_column(lines[number - 1])
        if column:
            return number, column
    return len(lines), 1


def _value_column(source: str) -> int | None:
    match = _KEY.match(source)
    if not match:
        return None
    rest = source[match.end() :]
    return match.end() + len(rest) - len(rest.lstrip()) + 1


def _quote_column(source: str, default: int) -> int:
    """Where the string that runs off the end of ``source`` opens: its last unmatched quote."""
    start = _value_column(source) or 1
    opened = None
    for offset, char in enumerate(source[start - 1 :], start=start):
        if char in "\"'" and opened is None:
            opened = (offset, char)
        elif opened is not None and char == opened[1]:
            opened = None
    return opened[0] if opened else default


def _last_triple_quote(lines: list[str]) -> tuple[int, int] | None:
    for number in range(len(lines), 0, -1):
        for quotes in ('"""', "'''"):
            at = lines[number - 1].rfind(quotes)
            if at >= 0:
                return number, at + 1
    return None


def _key_on(source: str) -> str | None:
    match = _KEY.match(source) or _HEADER.match(source)
    return match.group(1).strip() if match else None


def _header_on(source: str) -> str | None:
    match = _HEADER.match(source)
    return match.group(1).strip() if match else None


def _earlier_line(lines: list[str], line: int, key: str) -> int | None:
    """The line before ``line`` that sets ``key`` in the same table, or names it as a table."""
    table = _table_at(lines, line)
    current: str | None = None
    for number, source in enumerate(lines[: line - 1], start=1):
        if header := _header_on(source):
            current = header
            if header == key and table is None:
                return number
            continue
        if current == table and _key_on(source) == key:
            return number
    return None


def _earlier_header(lines: list[str], line: int, name: str) -> int | None:
    return next((n for n, s in enumerate(lines[: line - 1], start=1) if _header_on(s) == name), None)


def _table_at(lines: list[str], line: int) -> str | None:
    """The table a line belongs to: the header above it, or None at the top level."""
    for source in reversed(lines[: line - 1]):
        if header := _header_on(source):
            return header
    return None
