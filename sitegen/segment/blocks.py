"""From raw page text to a stream of blocks: paragraphs and marker lines, reflowed.

A block is what one printed element is: a paragraph, a byline, a column mark, a brief, a
knowledge-box entry. The cutter (cut.py) then decides which blocks belong to which item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from sitegen.model import Credit
from sitegen.segment import markers
from sitegen.segment.text import (
    collapse_number_spaces,
    ends_sentence,
    is_headline_shaped,
    is_kicker_shaped,
    join_lines,
    normalize_line,
)

BlockKind = Literal[
    "text",
    "byline",
    "column",
    "atname",
    "credit",
    "photo_credit",
    "brief",
    "entry",
    "source",
    "headline",
    "subhead",
    "furniture",
]


@dataclass(frozen=True)
class Block:
    """One printed element. Derived views are cached: the cutter asks for them many times."""

    kind: BlockKind
    lines: tuple[str, ...]
    credits: tuple[Credit, ...] = ()
    names: tuple[str, ...] = ()  # column names
    line_no: int = 0  # 1-based line of the page where the block starts
    verse: bool = False  # a short line among many (a poem's): running text, though shaped like a headline

    @cached_property
    def text(self) -> str:
        """The reflowed text. Headline-shaped blocks of several lines keep a space per break."""
        if self.kind == "text" and self.is_display:
            return " ".join(self.lines)
        return collapse_number_spaces(join_lines(list(self.lines)))

    @property
    def text_end(self) -> str:
        """Enough of the end of the text to tell whether it ends a sentence (see _Run)."""
        return self.text

    @cached_property
    def is_display(self) -> bool:
        """Short display text (a headline, kicker or sub-heading by its shape)."""
        if self.kind in ("headline", "subhead"):
            return True
        if self.kind != "text" or len(self.lines) > 4 or self.verse:
            return False
        joined = "".join(self.lines)
        if joined[0] in "（(" and joined[-1] in "）)":  # a note in parentheses wrapped over lines
            return False
        if len(self.lines) == 1:
            return is_headline_shaped(joined)
        if not all(map(is_headline_shaped, self.lines)):
            return False
        if len(self.lines) <= 3:
            return len(joined) <= 48
        # Four lines: a kicker, a title over two and a column label under them, printed as one paragraph;
        # not a stanza, whose lines run alike and whose last is no label of four characters or fewer.
        *heads, label = self.lines
        labelled = BARE_LABEL.match(label) is not None and len(label) <= 4 < max(map(len, heads)) - 3
        return len(joined) <= 56 and labelled

    @cached_property
    def caption(self) -> tuple[str, tuple[Credit, ...]] | None:
        """(caption, credits) when this paragraph ends in a photo credit (`… 王玮 摄`)."""
        if self.kind != "text":
            return None
        return markers.split_photo_credit(self.text)


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")


def looks_like_markdown(text: str) -> bool:
    """A page already cut by an editor: it has `# ` headlines."""
    return bool(re.search(r"^#{1,2} \S", text, flags=re.MULTILINE))


# No byline, mark, credit, source line or page furniture runs longer (they run 2 to 48 characters).
_LONGEST_MARKER = 64
_CLAUSE = re.compile(r"[，。；,;]")
_SIGNS = ("◆", "★", "◎", "□", "■", "●", "（", "(")


def classify_line(line: str, columns: Sequence[str]) -> Block | None:
    """One non-blank line that is a marker by itself; None for running text."""
    if len(line) > _LONGEST_MARKER or (_CLAUSE.search(line) and not line.startswith(_SIGNS) and "编" not in line):
        # Running text (a paragraph printed on one line, or a line of one with its commas): only a
        # brief or an entry opens so. No byline, mark or credit holds a comma (an editors' line may).
        if markers.is_brief_start(line):
            return Block("brief", (line.lstrip(markers.BRIEF_SIGN).strip(),))
        return Block("entry", (line,)) if line.startswith(markers.ENTRY_SIGN) else None
    if markers.is_furniture(line):
        return Block("furniture", (line,))
    if markers.is_brief_start(line):
        return Block("brief", (line.lstrip(markers.BRIEF_SIGN).strip(),))
    if markers.is_source_line(line):
        return Block("source", (line,))
    if markers.is_knowledge_entry(line):
        return Block("entry", (line,))
    if line.startswith(markers.COLUMN_SIGN) and (people := markers.signed_names(line, columns)):
        return Block("atname", (line,), names=people)  # ◎ 刘振宇 高娃: a commentary's authors
    names = markers.parse_column_marks(line, columns)
    if names:
        if (
            line.startswith(markers.COLUMN_SIGN)
            and len(names) == 1
            and names[0] not in columns
            and markers.looks_like_person(names[0])
        ):
            return Block("atname", (line,), names=names)
        return Block("column", (line,), names=names)
    credits = markers.parse_photo_credit_line(line)
    if credits:
        return Block("photo_credit", (line.lstrip(markers.BYLINE_SIGNS).strip(),), credits=credits)
    credits = markers.parse_byline(line)
    if credits is not None:
        return Block("byline", (line.lstrip(markers.BYLINE_SIGNS).strip(),), credits=credits)
    paren = markers.split_paren_credit(line)
    if paren and not paren[0]:
        return Block("credit", (line,), credits=paren[1])
    return None


def _markdown_line(line: str, columns: Sequence[str]) -> Block | None:
    m = _MD_HEADING.match(line)
    if not m:
        return None
    level, text = len(m.group(1)), m.group(2).strip()
    if level >= 2:
        names = markers.parse_column_marks(text, columns)
        if names and (text.startswith(markers.COLUMN_SIGN) or text in columns):
            return Block("column", (text,), names=names)
        return Block("subhead", (text,))
    return Block("headline", (text,))


def read_blocks(text: str, columns: Sequence[str] = (), markdown: bool = False) -> list[Block]:
    """Split page text into blocks, then join paragraphs that a column break cut in two."""
    blocks: list[Block] = []
    para: list[str] = []
    para_kind: BlockKind = "text"
    start = 0

    def flush() -> None:
        nonlocal para, para_kind
        if para:
            blocks.append(Block(para_kind, tuple(para), line_no=start))
        para, para_kind = [], "text"

    lines = [normalize_line(raw) for raw in text.splitlines()]
    marked = [classify_line(line, columns) if line else None for line in lines]  # each line read once
    ends = set() if markdown else paragraph_ends(lines, marked)
    for number, line in enumerate(lines, start=1):
        if not line:
            flush()
            continue
        block = (_markdown_line(line, columns) if markdown else None) or marked[number - 1]
        if block is not None and block.kind == "photo_credit" and _joins_broken_credit(line, para, blocks):
            flush()  # the credit ends the caption
            continue
        if block is None:
            if not para:
                start = number
            para.append(line)
            # A brief runs on until the line that ends it with its sentence or its credit's parenthesis.
            if number - 1 in ends and (para_kind != "brief" or line.endswith(("）", ")")) or ends_sentence(line)):
                flush()
            continue
        flush()
        block = replace(block, line_no=number)
        if block.kind == "brief":
            # A brief runs on over the following lines: collect them as its paragraph, unless its own
            # line ends it with its credit, or with a sentence on a page that marks no paragraphs.
            para, para_kind, start = list(block.lines), "brief", number
            if markers.split_paren_credit(line) or (number - 1 in ends and ends_sentence(line)):
                flush()
            continue
        blocks.append(block)
    flush()
    blocks = _rejoin_column_breaks(blocks, markdown)
    return blocks if markdown else promote_bare_columns(mark_verse(_idioms_as_columns(blocks)))


def _idioms_as_columns(blocks: list[Block]) -> list[Block]:
    """`◎初心如磐` reads as a four-character name (初 is a surname), but on a page whose ◎ lines are
    column marks and none a signature of a shorter name, a single four-character word with no compound
    surname is one more mark, unless it stands where a signature does: under a headline, over the text
    it signs (◎那仁高娃: four-character Mongolian names are common)."""
    marks = signs = False
    for b in blocks:
        marks = marks or (b.kind == "column" and b.lines[0].startswith(markers.COLUMN_SIGN))
        signs = signs or (b.kind == "atname" and all(len(name) < 4 for name in b.names))
    if not marks or signs:
        return blocks
    return [
        replace(b, kind="column") if b.kind == "atname" and _idiom_shaped(b.names) and not _signs(blocks, k) else b
        for k, b in enumerate(blocks)
    ]


def _signs(blocks: list[Block], k: int) -> bool:
    """Whether block k stands where a commentary's signature does: under display text, over running text."""
    above = blocks[k - 1] if k > 0 else None
    below = blocks[k + 1] if k + 1 < len(blocks) else None
    return bool(above and below and above.is_display and below.kind == "text" and not below.is_display)


def _idiom_shaped(names: tuple[str, ...]) -> bool:
    return len(names) == 1 and len(names[0]) == 4 and not markers.compound_surname(names[0])


_NARROW = re.compile(r"[\x00-\x1f\x21-\u1fff]")  # below U+2000 and not a space: half a Han character


def width(line: str) -> float:
    """A line's printed width in em: ASCII letters, digits and punctuation take half a Han character;
    a space, widened by justification, a whole one."""
    return len(line) - 0.5 * len(_NARROW.findall(line))


_NOTE_START = re.compile(r"^[（(]\s*作者")
_DATELINE_LINE = re.compile(r"^(?:据)?(?:本报|新华社|中新社)[\u4e00-\u9fff]{0,10}?(?:\d{1,2}月\d{1,2}日)?(?:讯|电)")


def paragraph_ends(lines: Sequence[str], marked: Sequence[Block | None]) -> set[int]:
    """The lines (by index) after which a paragraph ends, on a page that does not mark paragraphs with
    blank lines; empty when it does (blank lines then end paragraphs, as read_blocks reads them).

    The page is read first, as a whole: are its text lines wrapped at one width (most of them at
    their full width W), or is each paragraph one line? With blank lines between most paragraphs
    nothing is needed. Without them, a paragraph printed one a line ends at every line, and a wrapped
    one at its last line, the first that falls short of the width (a headline or a kicker is such a
    short line, and stands alone). `marked` holds each line's marker block (classify_line), or None."""
    # Running text: lines no marker claims, and the first lines of briefs (◆ and then running text).
    text = [k for k, line in enumerate(lines) if line and (marked[k] is None or marked[k].kind == "brief")]
    if len(text) < 4:
        return set()
    # Blank lines between most paragraphs (or at least one for every ten lines): they say where
    # paragraphs end, and lines inside a paragraph vary in width with the justification.
    # Only blank lines after a sentence's end or a display line count: one inside a sentence is a
    # column break, which a page without paragraph marks has too.
    blank_runs = sum(
        1
        for k in range(1, len(lines))
        if not lines[k] and lines[k - 1] and (ends_sentence(lines[k - 1]) or is_headline_shaped(lines[k - 1]))
    )
    if blank_runs >= 0.1 * len(text):
        return set()
    widths = {k: width(lines[k]) for k in text}
    full = _column_width(widths)
    if full is None:
        return set(text)
    slack = max(1.5, 0.08 * full)
    ends = {k for k in text if widths[k] < full - slack}
    # A line wider than the column (a headline set across it) is a paragraph of its own.
    for k in text:
        if widths[k] > full + slack:
            ends.update((k - 1, k))
    _end_before_labels(lines, widths, ends, full)
    _end_kicker_headlines(lines, marked, text, widths, ends)
    # A dateline (本报通辽6月3日讯) opens a paragraph: the line above it ends one.
    ends.update(k - 1 for k in text if _DATELINE_LINE.match(lines[k]))
    # An author's note (（作者单位：…）) stands apart from the text above it, over a line or a few.
    for k in text:
        if _NOTE_START.match(lines[k]):
            ends.add(k - 1)
            close = next((j for j in range(k, min(k + 4, len(lines))) if lines[j].endswith(("）", ")"))), None)
            if close is not None:
                ends.add(close)
    return ends


def _joins_broken_credit(line: str, para: list[str], blocks: list[Block]) -> bool:
    """Join a credit line to the caption above it whose credit the wrap broke (…本报记者 安 / 寅东 摄): to
    the paragraph being read, or to the last block. Whether it did."""
    if para and markers.CREDIT_BROKEN.search(para[-1]):
        para.append(line)
        return True
    last = blocks[-1] if blocks and not para else None
    if last is not None and last.kind == "text" and markers.CREDIT_BROKEN.search(last.lines[-1]):
        blocks[-1] = replace(last, lines=(*last.lines, line))
        return True
    return False


def _column_width(widths: dict[int, float]) -> int | None:
    """The width the page's text lines are wrapped at (the most common, if 40 % of the lines are within a
    character of it), or None when its paragraphs are one a line."""
    counts: dict[int, int] = {}
    for w in widths.values():
        counts[round(w)] = counts.get(round(w), 0) + 1
    full = max(counts, key=lambda w: (counts[w], w))
    at_full = sum(n for w, n in counts.items() if abs(w - full) <= 1)
    return full if 8 <= full <= 40 and at_full >= 0.4 * len(widths) else None


def _end_before_labels(lines: Sequence[str], widths: dict[int, float], ends: set[int], full: int) -> None:
    """A short line that ends no sentence, under a line that ends one a little short of the width (the
    wrap kept a closing mark off the next line's start): the paragraph ended above it, and it stands
    alone (a column label, a headline). Paragraphs end on a sentence."""
    for k in sorted(ends):
        if (
            k - 1 in widths
            and k - 1 not in ends
            and ends_sentence(lines[k - 1])
            and is_headline_shaped(lines[k])
            and len(lines[k]) <= 0.6 * full
        ):
            ends.add(k - 1)


def _end_kicker_headlines(
    lines: Sequence[str], marked: Sequence[Block | None], text: list[int], widths: dict[int, float], ends: set[int]
) -> None:
    """A headline under its kicker (阿右旗雅布赖镇：, a line of its own) stands alone, though it may run the
    column's width."""
    for k in text:
        if not (k - 1 in ends and k - 1 in widths and is_kicker_shaped(lines[k - 1]) and is_headline_shaped(lines[k])):
            continue
        j = next((j for j in range(k - 2, -1, -1) if lines[j]), None)  # the line before the kicker
        if j is None or j in ends or _ends_marker(marked[j]):
            ends.add(k)


def _ends_marker(block: Block | None) -> bool:
    """A marker line that is whole in itself (a byline, a column mark): what follows it starts anew. Not
    an entry or a brief, which run on, nor a `◎` line with punctuation (an entry broken over lines)."""
    if block is None or block.kind in ("entry", "brief"):
        return False
    return block.kind != "column" or all(BARE_LABEL.match(name) for name in block.names)


def _rejoin_column_breaks(blocks: list[Block], markdown: bool) -> list[Block]:
    """A blank line inside a sentence is a column break, not a paragraph end: join across it."""
    out: list[Block | _Run] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and block.kind == "text"
            and prev.kind in ("text", "brief")
            and not ends_sentence(prev.text_end)
            and not (prev.kind == "brief" and markers.split_paren_credit(prev.text_end))  # ends on its credit
            and prev.caption is None
            and (markdown or prev.kind == "brief" or not prev.is_display)
            and (markdown or not block.is_display)
        ):
            run = prev if isinstance(prev, _Run) else _Run(prev)
            run.add(block)
            out[-1] = run.block() if run.short else run
            continue
        out.append(block)
    return [b.block() if isinstance(b, _Run) else b for b in out]


class _Run:
    """Blocks being joined into one, kept as lists until the run ends: joining thousands of one-line
    paragraphs one at a time, each a new Block reflowed from its first line, would take time in the
    square of their number. What the join rule asks of the run so far (its kind, whether it is
    display text, whether its text ends a sentence or in a photo credit) depends on its last lines only.

    The text is made from each block's reflowed text: lines are stripped, so the only space a join adds
    is the one between two ASCII words, and no number gap can form across it; that is what reflowing
    all the lines at once gives."""

    TAIL = 256  # characters: more than a sentence end or a photo credit (60 characters) can span

    def __init__(self, first: Block) -> None:
        self.first = first
        self.lines = list(first.lines)
        self.pieces = [_reflowed(first.lines)]
        self.tail = self.pieces[0][-self.TAIL :]

    @property
    def kind(self) -> BlockKind:
        return self.first.kind

    @property
    def short(self) -> bool:
        """Few lines: display text maybe, joined with spaces; such a block is made whole each time."""
        return len(self.lines) <= 3

    def add(self, block: Block) -> None:
        piece = _reflowed(block.lines)
        if piece and self.tail and _ascii_word_end(self.tail[-1]) and _ascii_word_end(piece[0]):
            piece = " " + piece
        self.lines += block.lines
        self.pieces.append(piece)
        self.tail = (self.tail + piece)[-self.TAIL :]

    # What the join rule reads, as a Block of all the lines would give it (only asked of long runs).
    is_display = False

    @property
    def text_end(self) -> str:
        return self.tail

    @property
    def caption(self) -> tuple[str, tuple[Credit, ...]] | None:
        return markers.split_photo_credit(self.tail)

    def block(self) -> Block:
        merged = replace(self.first, lines=tuple(self.lines))
        if not merged.is_display:
            merged.__dict__["text"] = "".join(self.pieces)  # what the cached property would compute
        return merged


def _reflowed(lines: Sequence[str]) -> str:
    return collapse_number_spaces(join_lines(list(lines)))


def _ascii_word_end(char: str) -> bool:
    return char.isascii() and char.isalnum()


BARE_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,8}$")  # a column name printed without ◎
_GROUP_ENDS = ("byline", "atname", "photo_credit", "brief", "entry")


def is_bare_column_shape(block: Block) -> bool:
    """A short plain label: two to eight Han characters, no quotes, spaces or punctuation."""
    return block.kind == "text" and len(block.lines) == 1 and not block.verse and bool(BARE_LABEL.match(block.lines[0]))


def _display_runs(blocks: Sequence[Block]) -> Iterator[range]:
    """The runs of two or more display blocks (headline groups), in page order."""
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind == "text" and blocks[j].is_display and not blocks[j].caption:
            j += 1
        if j - i >= 2:
            yield range(i, j)
        i = max(j, i + 1)


def marks_under_headlines(blocks: Sequence[Block]) -> bool:
    """Whether the page prints bare column labels under its headlines rather than over them: more of
    its headline groups end on a short label than open on one (twice at least)."""
    first = last = 0
    for run in _display_runs(blocks):
        longest = max(len(blocks[k].lines[0]) for k in run)
        first += is_bare_column_shape(blocks[run[0]]) and len(blocks[run[0]].lines[0]) < longest
        last += is_bare_column_shape(blocks[run[-1]]) and len(blocks[run[-1]].lines[0]) < longest
    return last >= 2 and last > first


def promote_bare_columns(blocks: list[Block]) -> list[Block]:
    """Short lines that behave like column marks become column marks, though not in the vocabulary.

    A label is a column when it heads a run of briefs or entries, or when it stands at either
    end of a headline group (column above the headline, or between headline and byline) next
    to a longer display line.
    """
    out = list(blocks)
    under = marks_under_headlines(out)
    i = 0
    while i < len(out):
        if not (out[i].kind == "text" and out[i].is_display):
            i += 1
            continue
        j = i
        while j < len(out) and out[j].kind == "text" and out[j].is_display and not out[j].caption:
            j += 1
        group = range(i, j)
        after = out[j] if j < len(out) else None
        ends_well = after is not None and (
            after.kind in _GROUP_ENDS
            or (after.kind == "text" and after.caption is not None)
            or (after.kind == "text" and j + 1 < len(out) and out[j + 1].kind == "photo_credit")
        )
        if len(group) >= 2:
            longest = max(len(out[k].lines[0]) for k in group)
            # A label over a headline group is its column; under it (a headline's second line looks
            # the same) only where a byline or the like closes the group.
            for k in (group[0], group[-1]) if ends_well or under else (group[0],):
                if is_bare_column_shape(out[k]) and len(out[k].lines[0]) < longest:
                    out[k] = replace(out[k], kind="column", names=(out[k].lines[0],))
        elif (
            len(group) == 1
            and is_bare_column_shape(out[i])
            and (_over_run(after) or _over_byline_and_headline(out, i, j) or _closes_page(out, i, j))
        ):
            out[i] = replace(out[i], kind="column", names=(out[i].lines[0],))
        i = max(j, i + 1)
    return out


def _over_run(after: Block | None) -> bool:
    """A label over a run of briefs or entries."""
    return after is not None and after.kind in ("brief", "entry")


def _over_byline_and_headline(out: Sequence[Block], i: int, j: int) -> bool:
    """A label over a byline over a headline: the column mark, then the byline above its headline."""
    if j + 1 >= len(out) or out[j].kind != "byline":
        return False
    headline = out[j + 1]
    return (
        headline.kind == "text"
        and headline.is_display
        and len(headline.text) > len(out[i].text)  # a headline runs longer than a label
        and not any(b.verse for b in out[j + 2 : j + 4])  # not a poem's first lines under its title
    )


def _closes_page(out: Sequence[Block], i: int, j: int) -> bool:
    """A label closing the page under the end of an item: the mark of the item above (a page that
    prints its column marks under their items)."""
    above = out[i - 1] if i > 0 else None
    return (
        above is not None
        and not above.is_display
        and above.kind not in ("column", "photo_credit")  # under a photo: its title
        and above.caption is None
        and all(b.kind == "furniture" for b in out[j:])
    )


def _short_line(block: Block) -> bool:
    """One short line of running text or display (a line of verse), not a sentence's end."""
    if block.kind != "text" or len(block.lines) != 1 or block.caption is not None:
        return False
    line = block.lines[0]
    return len(line) <= 20 and not line.endswith(("。", "：", ":", "！", "？", "!", "?"))


def mark_verse(blocks: Sequence[Block], edge: int = 2) -> list[Block]:
    """Short lines in a run too long for a headline group (a poem's lines, one a paragraph) are verse,
    running text: all but the run's first and last `edge`, which may still head or close an item."""
    out = list(blocks)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and _short_line(out[j]):
            j += 1
        if j - i >= 2 * edge + 2:
            # At the page's end nothing follows the run that its last lines could head.
            last = j if all(b.kind in ("furniture", "column") for b in out[j:]) else j - edge
            for k in range(i + edge, last):
                out[k] = replace(out[k], verse=True)
        i = max(j, i + 1)
    return out
