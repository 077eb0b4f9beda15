"""Text-level rules: reflowing hard-wrapped lines, sentence ends, headline shape, titles.

Each function is pure and small so that every rule can be tested on its own.
"""

from __future__ import annotations

import re

from sitegen.model import UNTITLED

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")

# Punctuation that ends a sentence (full- and half-width); a paragraph ending in one is finished.
SENTENCE_END = "。！？!?…；;"
CLOSING_QUOTES = "”’」』\"'》）)"
# Inside a headline these mark running text rather than a display line.
BODY_PUNCT = "。；;"
CLAUSE_PUNCT = "，,、"


def is_han(char: str) -> bool:
    return bool(_HAN_RE.match(char))


_SPACES = re.compile(r"[ \t]+")


def normalize_line(line: str) -> str:
    """Trim a raw line and unify the odd spaces OCR leaves (ideographic and no-break spaces)."""
    line = line.replace("\u3000", " ").replace("\u00a0", " ").replace("\ufeff", "")
    return _SPACES.sub(" ", line).strip()


def join_lines(lines: list[str]) -> str:
    """Reflow hard-wrapped lines into one paragraph.

    No space is added between Han characters or punctuation; two ASCII words that meet at a
    line break keep one space so that English and numbers do not run together.
    """
    out = ""
    for line in lines:
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


_NUM_BEFORE_HAN = re.compile(rf"(?<=[0-9%])[ ]+(?=[{HAN}%‰])")
_HAN_BEFORE_NUM = re.compile(rf"(?<=[{HAN}，。、；：“”（）])[ ]+(?=[0-9])")


def collapse_number_spaces(text: str) -> str:
    """Drop the spaces OCR puts between numbers and Han text ("全旗 86个" → "全旗86个").

    Spaces between two digits are kept: they may be a thousands gap or two separate numbers.
    """
    return _HAN_BEFORE_NUM.sub("", _NUM_BEFORE_HAN.sub("", text))


def ends_sentence(text: str) -> bool:
    """True when a paragraph ends where a sentence ends (。！？…, or a quote closing one)."""
    text = text.rstrip()
    if not text:
        return True
    if text[-1] in SENTENCE_END:
        return True
    if text[-1] == "." and len(text) > 1 and (is_han(text[-2]) or text[-2] in CLOSING_QUOTES):
        return True  # OCR's half-width full stop after Chinese text
    if text[-1] in CLOSING_QUOTES:
        inner = text.rstrip(CLOSING_QUOTES)
        return bool(inner) and inner[-1] in SENTENCE_END
    return False


def quotes_balanced(text: str) -> bool:
    """Quotes and parentheses closed as they are opened: a line cut from a sentence seldom is."""
    return (
        text.count("“") == text.count("”")
        and text.count("‘") == text.count("’")
        and text.count("（") + text.count("(") == text.count("）") + text.count(")")
    )


def is_kicker_shaped(text: str) -> bool:
    """A kicker (引题) may run long and hold commas, but it ends in a dash or a colon."""
    return len(text) <= 60 and text.endswith(("——", "—", "：", ":")) and not any(c in text for c in "。；")


# A short exclamation or question, at most one comma before it: a headline's way of ending, seldom a
# paragraph's (a paragraph that short is a line of dialogue, which has its quotes).
_EXCLAIMED = re.compile(r"^(?=.{5})[^。；;：:，,、！？!?]{2,18}(?:[，,][^。；;：:，,、！？!?]{1,10})?[！？!?]$")


_OCR_STOP = re.compile(rf"(?<=[{HAN}”）)])\.")  # 。 read as `.` by OCR (not the point of 3.2万)
_AGENCY_START = re.compile(r"^(?:据)?(?:本报|新华社|中新社)[\u4e00-\u9fff]{0,8}$")
_DATELINE_START = re.compile(r"^(?:据)?(?:本报|新华社|中新社)[^，,。]{0,12}?\d{1,2}月\d{1,2}日")


def is_headline_shaped(text: str, max_len: int = 36) -> bool:
    """Short display text: no sentence or clause punctuation, quotes balanced, not a sentence end.

    Bodies broken at a column edge also lack a final 。, so clause punctuation (，、) inside is
    taken as running text: real headlines seldom carry it.
    """
    text = text.strip()
    if not text or len(text) > max_len:
        return False
    if text[0] in "（(" and text[-1] in "）)":  # a note in parentheses: （作者系…） （来源：…）
        return False
    if is_kicker_shaped(text):
        return True
    if _EXCLAIMED.match(text):  # 冰雪季，来了！ 课后服务如何从“有”到“优”？
        return quotes_balanced(text)
    if any(c in text for c in BODY_PUNCT + CLAUSE_PUNCT + "：:") or _OCR_STOP.search(text):
        return False
    if _DATELINE_START.match(text) or _AGENCY_START.match(text):
        return False  # 本报乌兰浩特11月11日 or 本报呼: a dateline cut off by a column break
    if text[-1] in SENTENCE_END or not quotes_balanced(text):
        return False
    return sum(1 for c in text if is_han(c)) >= 2


def repair_doubled(text: str) -> str:
    """OCR sometimes prints a headline twice in a row ("感悟光辉历程感悟光辉历程"): keep one."""
    compact = text.strip()
    half, odd = divmod(len(compact), 2)
    # Only words doubled: two Han characters at least, no Markdown mark (`# 一# 一` is two headings).
    doubled = not odd and half >= 2 and compact[:half] == compact[half:]
    if doubled and sum(map(is_han, compact[:half])) >= 2 and "#" not in compact:
        return compact[:half]
    return compact


_TITLE_STOP = re.compile(r"[，。、；：！？,;:!?（(]")


def infer_title(body: str, limit: int = 24) -> str:
    """A readable title from an item's first words: its first clause, or the first `limit` characters."""
    text = re.sub(r"[#*>\[\]_]", "", body)
    text = re.sub(r"^[\s◆★◎□■●]+", "", text).strip()
    text = text.split("\n", 1)[0].strip()
    if not text:
        return UNTITLED
    stops = [m.start() for m in _TITLE_STOP.finditer(text)] + [len(text)]
    title = text[: stops[0]].strip()
    # A one-word clause ("近日") says nothing: take the next clause with it.
    if len(title) < 6 and len(stops) > 1:
        title = text[: stops[1]].strip()
    if len(title) > limit:
        title = title[:limit].rstrip() + "…"
    return title
