"""Front matter in `.md` pages: a page may be item files as sitegen writes them, put back as content.

Each item sitegen publishes is also a Markdown file (`output/…/<slug>.md`): `---`, YAML front
matter, `---`, then the body. A `.md` page made of one such file, or of several one after
another, is read item by item: the front matter gives the item's title, credits, place and slug,
and the body is kept as it is. A page is read this way when its first line is `---` and the next
one a `key:` line; a further item starts at each `---` line followed by a `key:` line.

Broken front matter never loses the page's text. An item whose front matter cannot be read
(never closed, not YAML, not a mapping) is cut from its body like any `.md` page; a key that is
unknown or of the wrong type is left out and the rest kept. Each problem comes with its line and
a hint; `sources.read_pages` reports them with the file's name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from sitegen.model import AUTHOR, KINDS, PAGE_KEYS, TEXT_KEYS, Credit
from sitegen.slugs import RESERVED

FENCE = "---"
# The keys sitegen writes (sitegen/markdown.py) and a page's furniture file holds. date, page and
# source say where the item was published; the page file's own folder and number place it now, so
# they are read and ignored.
KEYS = PAGE_KEYS
_KEY_LINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*\s*:(\s|$)")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line of the page
    message: str
    hint: str


@dataclass(frozen=True)
class Section:
    """One item file of the page: its checked front matter and its body."""

    meta: Mapping[str, Any] | None  # None: no front matter that could be read
    body: str
    line: int  # the line of its opening ---
    key_lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FrontMatter:
    sections: tuple[Section, ...]  # empty: the page has no front matter
    problems: tuple[Problem, ...]
    # The page's header and footer lines: a file of front matter holding only `furniture:` (and no
    # text) gives them, as `sitegen segment --markdown` writes them before the items.
    furniture: tuple[str, ...] = ()


def _is_fence(line: str) -> bool:
    return line.rstrip() == FENCE


def has_front_matter(text: str) -> bool:
    """Whether the page opens on front matter: a `---` line, then a `key:` line."""
    head = text[:500].split("\n", 2)
    return len(head) >= 2 and _is_fence(head[0]) and bool(_KEY_LINE.match(head[1]))


def read_sections(text: str) -> FrontMatter:
    """The page's item files, in order, with the problems of their front matter."""
    if not has_front_matter(text):
        return FrontMatter((), ())
    lines = text.split("\n")
    sections: list[Section] = []
    problems: list[Problem] = []
    start = 0
    while start < len(lines):
        close = next((j for j in range(start + 1, len(lines)) if _is_fence(lines[j])), None)
        if close is None:
            problems.append(
                Problem(
                    start + 1,
                    f"the front matter opened on line {start + 1} is never closed",
                    "end it with a line of three dashes (---) before the text; meanwhile the lines after "
                    "the opening --- are built as the item's text",
                )
            )
            sections.append(Section(None, _join(lines[start + 1 :]), start + 1))
            break
        following = next(
            (j for j in range(close + 1, len(lines) - 1) if _is_fence(lines[j]) and _KEY_LINE.match(lines[j + 1])),
            len(lines),
        )
        meta, key_lines, found = check_front_matter("\n".join(lines[start + 1 : close]), first_line=start + 2)
        problems.extend(found)
        sections.append(Section(meta, _join(lines[close + 1 : following]), start + 1, key_lines))
        start = following
    furniture = [s for s in sections if s.meta and set(s.meta) == {"furniture"} and not s.body.strip()]
    lines_of = tuple(line for s in furniture for line in (s.meta or {})["furniture"])
    kept = tuple(s for s in sections if s not in furniture)
    return FrontMatter(kept, tuple(problems), lines_of)


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


# Front matter is a dozen short keys. Past these bounds it is not front matter but an attack on the
# parser: PyYAML composes nested collections recursively (600 `[` exhaust the stack) and expands
# aliases in place (a "billion laughs" of nested aliases fills the memory).
MAX_FRONT_MATTER = 65_536  # characters
MAX_DEPTH = 16  # nested lists and mappings


class FrontMatterTooComplex(yaml.YAMLError):
    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases, and with a nesting limit."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            raise FrontMatterTooComplex("aliases (*name) are not allowed in front matter", self.peek_event().start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise FrontMatterTooComplex("anchors (&name) are not allowed in front matter", event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise FrontMatterTooComplex(f"nested more than {MAX_DEPTH} deep", event.start_mark)
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self.depth -= 1


def load_yaml(source: str) -> tuple[yaml.Node | None, Any]:
    """(node, data) of ``source``, composed once, within the bounds above. Raises ``yaml.YAMLError``."""
    if len(source) > MAX_FRONT_MATTER:
        raise FrontMatterTooComplex(f"longer than {MAX_FRONT_MATTER:,} characters", None)
    loader = _BoundedLoader(source)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def check_front_matter(source: str, first_line: int) -> tuple[dict[str, Any] | None, dict[str, int], list[Problem]]:
    """(the keys that are valid, each key's line, the problems): ``source`` is the YAML between the
    fences, starting on page line ``first_line``."""
    try:
        node, data = load_yaml(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line - 1
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        said = "refused" if isinstance(exc, FrontMatterTooComplex) else "not valid YAML"
        return (
            None,
            {},
            [
                Problem(
                    line,
                    f"the front matter is {said}: {what}",
                    'fix this line; a value holding a colon or starting with a quote needs quotes: title: "…"; '
                    "meanwhile the item is built from its text alone",
                )
            ],
        )
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return (
            None,
            {},
            [
                Problem(
                    first_line - 1,
                    "the front matter is not a list of `key: value` lines",
                    "write one `key: value` per line between the --- lines, e.g. title: 党建引领",
                )
            ],
        )
    key_lines = {str(k.value): first_line + k.start_mark.line for k, _ in node.value}
    meta, problems = _check_keys(data, {str(k.value): v for k, v in node.value}, key_lines, first_line)
    if "credits" in meta and "authors" in meta:
        names = list(dict.fromkeys(c.name for c in meta["credits"]))
        if list(meta["authors"]) != names:
            problems.append(
                Problem(
                    key_lines["authors"],
                    "authors do not match the names in credits: credits are used",
                    "correct the names under credits (authors are made from them)",
                )
            )
    return meta, key_lines, problems


def _check_keys(
    data: dict[Any, Any], raw: dict[str, yaml.Node], key_lines: dict[str, int], first_line: int
) -> tuple[dict[str, Any], list[Problem]]:
    """The known keys with valid values, and a problem for each other key (a near miss named)."""
    meta: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        name = str(key)
        line = key_lines.get(name, first_line)
        if name not in KEYS:
            close = difflib.get_close_matches(name, KEYS, n=1)
            hint = f'did you mean "{close[0]}"?' if close else "known keys: " + ", ".join(KEYS)
            problems.append(Problem(line, f'unknown key "{name}" in the front matter', hint))
            continue
        checked = _check_value(name, value, raw.get(name))
        if isinstance(checked, Problem):
            problems.append(Problem(line, checked.message, checked.hint))
        else:
            meta[name] = checked
    return meta, problems


def _check_value(key: str, value: Any, node: yaml.Node | None) -> Any:
    """The value to use, or a ``Problem`` (line 0: the caller knows the line)."""
    if key in TEXT_KEYS:
        if value is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            return Problem(0, f'"{key}" must be text, not a list or mapping', f"write it as {key}: 文字")
        text = value if isinstance(value, str) else node.value  # 1949 or 2023-03-07: the text as written
        if key == "slug":
            return _check_slug(text)
        return text
    if key == "kind":
        if value not in KINDS:
            return Problem(
                0, f'"kind" must be one of {", ".join(KINDS)}, not {excerpt(value)}', "write it as kind: article"
            )
        return value
    if key == "title_inferred":
        if not isinstance(value, bool):
            return Problem(0, '"title_inferred" must be true or false', "write it as title_inferred: false")
        return value
    if key == "authors":
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            return Problem(0, '"authors" must be a list of names', "write it as authors: [宋爽, 王塔娜]")
        return tuple(value)
    if key == "credits":
        return _check_credits(value)
    if key == "furniture":
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            return Problem(0, '"furniture" must be a list of lines', 'write it as furniture: ["责任编辑：王芳"]')
        return tuple(value)
    return value  # date, page: where it was published; not used


def excerpt(value: Any, limit: int = 60) -> str:
    """A value as a message may show it: its repr, cut at ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _check_credits(value: Any) -> tuple[Credit, ...] | Problem:
    if value is None:
        return ()
    if isinstance(value, list) and all(
        isinstance(c, dict)
        and isinstance(c.get("name"), str)
        and isinstance(c.get("role", AUTHOR), str)
        and set(c) <= {"name", "role"}
        for c in value
    ):
        return tuple(Credit(name=c["name"], role=c.get("role", AUTHOR)) for c in value)
    return Problem(
        0, '"credits" must be a list of names with their roles', "write it as credits: [{name: 宋爽, role: 本报记者}]"
    )


def _check_slug(text: str) -> str | Problem:
    if not _SLUG.match(text) or len(text) > 120:
        return Problem(
            0,
            f'slug "{text}" is not lowercase letters, digits and single dashes',
            "write it like dang-jian-yin-ling, or remove it to have one made from the title",
        )
    if text in RESERVED:
        return Problem(0, f'slug "{text}" is the name of the page\'s own index', "choose another slug")
    return text
