"""Jumps: an article's opening printed apart from it, stranded at the end of another item.

The stranded part ends mid-sentence (its last paragraph has no sentence end) and shares
words with the article it belongs to. We move it to the front of that article's body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from sitegen.segment.text import HAN, ends_sentence

_HAN_RUN = re.compile(f"[{HAN}]+")


def bigrams(text: str) -> set[str]:
    return {run[k : k + 2] for run in _HAN_RUN.findall(text) for k in range(len(run) - 1)}


def overlap(part: str, whole: set[str]) -> float:
    """Share of `part`'s Han bigrams that also occur in `whole`."""
    own = bigrams(part)
    return len(own & whole) / len(own) if own else 0.0


def starts_mid_sentence(text: str) -> bool:
    """A paragraph that opens on a fragment: `艺、三岔口…` (first clause of one or two characters)."""
    m = re.match(r"([^，。、；：！？,;:!?]*)[，。、；：！？,;:!?]", text)
    return bool(m) and len(m.group(1)) <= 2


def _is_note(text: str) -> bool:
    """A paragraph wholly in parentheses (（作者单位：…）, （来源：…）): a complete ending."""
    return text.startswith(("（", "(")) and text.endswith(("）", ")"))


# How many items after the stranded text are searched for its article. A printed page holds a few
# dozen items at most; the bound keeps a page of any length (a year pasted into one file) linear.
WINDOW = 64


def find_jump(
    paras: Sequence[Sequence[str]],
    is_text: Callable[[str], bool],
    min_share: float = 0.25,
    *,
    start: int = 0,
    grams: dict[int, set[str]] | None = None,
) -> tuple[int, int, int] | None:
    """(source item, first stranded paragraph, target item) for one jump, or None.

    `paras` holds each item's body paragraphs; `is_text` tells running text from bylines and
    headings. Only a paragraph that stops mid-sentence at an item's end can start a jump. Items
    before `start` are not looked at again. `grams` keeps each item's bigrams between calls: the
    caller drops the entries of the items it changes.
    """
    grams = {} if grams is None else grams

    def text_grams(k: int) -> set[str]:
        if k not in grams:
            grams[k] = bigrams("".join(p for p in paras[k] if is_text(p)))
        return grams[k]

    for src in range(start, len(paras)):
        body = paras[src]
        if not body or not is_text(body[-1]) or ends_sentence(body[-1]) or _is_note(body[-1]):
            continue  # the cheap test first: most items end on a full stop (or a note: （作者系…）)
        text_idx = [k for k, p in enumerate(body) if is_text(p)]
        if len(text_idx) < 2:
            continue
        dst = _best_target(paras, src, is_text, text_grams, min_share)
        if dst is not None:
            return src, _first_stranded(body, text_idx, text_grams(dst)), dst
    return None


def _best_target(
    paras: Sequence[Sequence[str]],
    src: int,
    is_text: Callable[[str], bool],
    text_grams: Callable[[int], set[str]],
    min_share: float,
) -> int | None:
    """Of the items after ``src`` (within WINDOW), the one the end of ``src`` most likely jumped to: it
    shares the most of the stranded paragraph's word pairs, the more if it opens mid-sentence."""
    own = bigrams(paras[src][-1])
    best: tuple[float, int] | None = None
    for dst in range(src + 1, min(len(paras), src + 1 + WINDOW)):
        first_text = next((p for p in paras[dst] if is_text(p)), None)
        if first_text is None:
            continue
        share = len(own & text_grams(dst)) / len(own) if own else 0.0
        if starts_mid_sentence(first_text):
            share += 0.25
        if share >= min_share and (best is None or share > best[0]):
            best = (share, dst)
    return None if best is None else best[1]


def _first_stranded(body: Sequence[str], text_idx: list[int], target_grams: set[str]) -> int:
    """Walk back from the stranded last paragraph while each one is closer to the target than to the
    first half of its own item, which surely belongs there."""
    core = bigrams("".join(body[j] for j in text_idx[: max(1, len(text_idx) // 2)]))
    first = len(body) - 1
    later_half = set(text_idx[len(text_idx) // 2 :])
    while True:
        k = first - 1
        if k not in later_half or k == text_idx[0]:
            return first
        if overlap(body[k], target_grams) <= overlap(body[k], core):
            return first
        first = k
