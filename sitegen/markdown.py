"""Items as Markdown files with YAML front matter, and item bodies as safe HTML.

Every article is also kept as clean Markdown (``<slug>.md``), readable without
sitegen and easy to import elsewhere. The front matter has a fixed key order
so the files diff cleanly from one build to the next.

Bodies come from OCR'd page text, never from a trusted author: any HTML in
them is shown as text, not passed through (Python-Markdown passes raw HTML
through by default).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown as markdown_lib
import yaml
from markdown.treeprocessors import Treeprocessor

from sitegen.bidi import balanced
from sitegen.model import FRONT_MATTER_KEYS, Item, item_from_dict, item_to_dict
from sitegen.segment.frontmatter import load_yaml

_FENCE = "---"


def front_matter(item: Item) -> dict[str, Any]:
    """The item's metadata in ``FRONT_MATTER_KEYS`` order."""
    return item_to_dict(item, FRONT_MATTER_KEYS)


def item_markdown(item: Item) -> str:
    """``---``, the front matter, ``---``, a blank line, then the body ending in one newline."""
    return f"{_FENCE}\n{_yaml(front_matter(item))}{_FENCE}\n\n{item.body.strip(chr(10))}\n"


def _yaml(meta: dict[str, Any]) -> str:
    # Keys in the order given; long headlines (and header lines) on one line.
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False, width=2**16)


def furniture_markdown(lines: tuple[str, ...]) -> str:
    """A page's header and footer lines as the front matter of a file with no text, which a `.md` page
    opens with (`sitegen segment --markdown`)."""
    return f"{_FENCE}\n{_yaml({'furniture': list(lines)})}{_FENCE}\n"


def parse_markdown(text: str) -> tuple[dict[str, Any], str]:
    """Split a file written by ``item_markdown`` into (front matter, body)."""
    lines = text.split("\n")
    if not lines or lines[0] != _FENCE:
        return {}, text
    try:
        end = lines.index(_FENCE, 1)
    except ValueError as exc:
        raise ValueError("front matter has no closing ---") from exc
    meta = load_yaml("\n".join(lines[1:end]))[1] or {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    body = "\n".join(lines[end + 1 :]).strip("\n")
    return meta, body


def item_from_markdown(text: str) -> Item:
    """The ``Item`` a Markdown file describes (``seq`` is not stored and comes back as 0)."""
    meta, body = parse_markdown(text)
    return item_from_dict(meta, body)


# --- body → HTML --------------------------------------------------------------------------------------

# Schemes a link in a body may use; javascript:, vbscript: and data: would run code when clicked.
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def unsafe_url(value: str) -> bool:
    """Whether a browser would read ``value`` (an attribute as written to the page) as a URL whose
    scheme is not one of ``_SAFE_SCHEMES``.

    The serializer keeps character references as they are (``&#106;avascript:``), and the browser
    decodes them before it reads the scheme; it also ignores whitespace and control characters
    inside it (``java\tscript:``). So decode, then squeeze, then look.
    """
    squeezed = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    match = _SCHEME.match(squeezed)
    return bool(match) and match.group(1) not in _SAFE_SCHEMES


class _NeutraliseLinks(Treeprocessor):
    """Replace unsafe ``href``/``src`` values (``[x](javascript:…)``, ``![x](data:…)``) with ``#``."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is not None and unsafe_url(value):
                    element.set(attr, "#")


class _CloseBidi(Treeprocessor):
    """Each run of text closes the bidi controls it opens (see bidi.py), so one paragraph's
    override cannot reverse the link or paragraph after it."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.text:
                element.text = balanced(element.text)
            if element.tail:
                element.tail = balanced(element.tail)


def _make_converter() -> markdown_lib.Markdown:
    md = markdown_lib.Markdown(output_format="html")
    # No raw HTML: without these two, "<script>" stays text and is escaped on output.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # Below "unescape" (0): the values checked are the ones written out.
    md.treeprocessors.register(_NeutraliseLinks(md), "neutralise_links", -10)
    md.treeprocessors.register(_CloseBidi(md), "close_bidi", -20)
    return md


_CONVERTER = _make_converter()


def body_html(body: str) -> str:
    """An item body (Markdown from page text) as HTML; any HTML in it comes out escaped."""
    global _CONVERTER
    try:
        return _CONVERTER.reset().convert(_escape_unclosed_brackets(body))
    except RecursionError:
        # Python-Markdown nests lists and quotes by recursion: hundreds of levels exhaust the stack.
        # Such a body is not an article's structure; its text is kept, as plain paragraphs. The
        # converter, left mid-parse, is made anew.
        _CONVERTER = _make_converter()
        return _plain_paragraphs(body)


def _plain_paragraphs(body: str) -> str:
    paragraphs = (" ".join(line.strip() for line in block.splitlines()) for block in re.split(r"\n\s*\n", body))
    return "\n".join(f"<p>{html.escape(balanced(text))}</p>" for text in paragraphs if text)


# Python-Markdown looks for the end of a link from every `[` onwards, and for the end of its address
# from every `](`: a block with thousands of either that never close (OCR noise, a hostile page) takes
# time in the square of their number. Past this many in a block, the brackets that cannot close are
# escaped first; they render the same, as text.
_UNCLOSED_ALLOWED = 32
_BRACKETS = re.compile(r"\\.|\]\(|[\[\]()]")


def _escape_unclosed_brackets(body: str) -> str:
    if body.count("[") <= _UNCLOSED_ALLOWED:
        return body
    blocks = re.split(r"(\n[ \t]*\n)", body)
    return "".join(_escape_in_block(block) if k % 2 == 0 else block for k, block in enumerate(blocks))


def _escape_in_block(block: str) -> str:
    tokens = [(m.start(), m[0]) for m in _BRACKETS.finditer(block)]
    parens: list[int] = []
    closed_parens: set[int] = set()
    for at, token in tokens:
        if token in ("(", "]("):
            parens.append(at + len(token) - 1)
        elif token == ")" and parens:
            closed_parens.add(parens.pop())
    opened: list[int] = []
    stuck: list[int] = []  # `]` followed by a `(` that never closes: it closes no link
    for at, token in tokens:
        if token == "[":
            opened.append(at)
        elif token == "](" and at + 1 not in closed_parens:
            stuck.append(at)
        elif token in ("]", "](") and opened:
            opened.pop()
    escape = sorted(opened + stuck)
    if len(escape) <= _UNCLOSED_ALLOWED:
        return block
    out: list[str] = []
    previous = 0
    for at in escape:
        out.append(block[previous:at])
        out.append("\\" + block[at])
        previous = at + 1
    out.append(block[previous:])
    return "".join(out)
