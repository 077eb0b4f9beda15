"""URL slugs: the pinyin of a title, lowercase ASCII, stable across builds.

``党建“绣花针”穿起基层治理`` → ``dang-jian-xiu-hua-zhen-chuan-qi-ji-ceng-zhi-li``.
Readers can guess and type them, and they survive any web server or file
system. Two items of one page with the same slug get ``-2``, ``-3`` in page
order, so a slug depends only on the page's own items.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pypinyin import Style
from pypinyin.core import Pinyin

MAX_LENGTH = 60
FALLBACK = "item"
# Names the site itself may use inside a page folder later (index.html); never give them to an item.
RESERVED = frozenset({"index"})

_WORD = re.compile(r"[a-z0-9]+")


_PINYIN = Pinyin()


@lru_cache(maxsize=65536)
def _word_pinyin(word: str) -> tuple[str, ...]:
    return tuple(_PINYIN.lazy_pinyin(word, style=Style.NORMAL))


def _pinyin(text: str) -> list[str]:
    """``lazy_pinyin(text)``, a word at a time: pypinyin cuts the text into words (which decides the
    reading of a character with several), and the words of titles recur, so each is read once."""
    return [token for word in _PINYIN.seg(text) for token in _word_pinyin(word)]


def slugify(text: str | None, max_length: int = MAX_LENGTH) -> str:
    """The slug of ``text``: pinyin words and ASCII words joined by ``-``, cut on a word boundary."""
    words: list[str] = []
    for token in _pinyin(text or ""):
        # NFKD splits é into e + accent and turns full-width Ａ１ into A1; then keep ASCII letters and digits.
        ascii_token = unicodedata.normalize("NFKD", token).encode("ascii", "ignore").decode().lower()
        words.extend(_WORD.findall(ascii_token))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]  # one word longer than the cap: cut inside it
    return slug or FALLBACK


def unique_slugs(slugs: Iterable[str], taken: Iterable[str] = ()) -> tuple[str, ...]:
    """Make ``slugs`` distinct in order: a repeat gets ``-2``, ``-3``… (the first keeps its slug).

    ``taken`` are slugs already in use on the page (given in front matter), which none may take.
    """
    used: set[str] = set(RESERVED) | set(taken)
    last: dict[str, int] = {}  # slug → the highest suffix tried: a page with one title 1,000 times stays linear
    result: list[str] = []
    for slug in slugs:
        candidate, n = slug, last.get(slug, 1)
        if n > 1:
            candidate = f"{slug}-{n}"
        while candidate in used:
            n += 1
            candidate = f"{slug}-{n}"
        last[slug] = n
        used.add(candidate)
        result.append(candidate)
    return tuple(result)


def opening(body: str, length: int = 16) -> str:
    """The first words of a body, to name an item that has no title at all."""
    return " ".join(body.split())[:length]
