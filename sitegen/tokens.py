"""The search tokenizer: one rule, written twice, here and in themes/default/static/search/tokens.js.

lunr's own tokenizer (split on whitespace and ``-``, lowercase) runs first; then the pipeline
function registered as ``sitegen-cjk`` turns each lunr token into zero or more tokens:

1. NFKC-normalise, then lowercase.
2. Cut into runs. A *Han run* is a maximal run of Han characters (by code point range, see
   HAN_RANGES, whatever the character's category; so 〇 U+3007 and 々 U+3005 are letters, not
   Han). A *word run* is a letter or digit (general category L* or N*, not Han) followed by any
   number of letters, digits and combining marks (M*), not Han.
   Combining marks belong to the run they follow: inside a word run they are kept (Indic vowel
   signs, Mongolian free variation selectors, a combining accent NFKC could not compose); right
   after a Han character they are dropped and do not break the Han run (variation selectors on
   ideographs); anywhere else (at the start, after punctuation) they are dropped like everything
   else. All other characters (punctuation, symbols, spaces, format characters such as ZWJ or the
   soft hyphen, emoji) separate runs and are dropped.
3. A Han run of one character is one token; a longer one becomes its overlapping bigrams
   (赤峰市 → 赤峰, 峰市). A word run is one token (chifeng, 2023, abc123).

Everything works on code points (the JavaScript side uses ``Array.from`` and ``u`` regexes).
Categories, NFKC and case come from ``unicodedata`` here (Python 3.11: Unicode 14) and from the
JavaScript engine there (node 20 and current browsers: a later Unicode). Every character assigned in
Unicode 14 tokenizes the same on both sides; characters assigned later (CJK Extension H at U+31350,
outside HAN_RANGES, for one) are separators here but may be letters in a browser.
tests/data/token_vectors.json holds the cases both sides are tested on.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.token import Token

__all__ = ["HAN_RANGES", "LABEL", "cjk_pipeline_function", "register", "tokens"]

LABEL = "sitegen-cjk"

# Han, exactly: CJK Unified Ideographs Extension A, CJK Unified Ideographs, CJK Compatibility
# Ideographs, and planes 2–3 up to the end of Extension G. Same ranges in tokens.js.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)


def _char_class(ranges: list[tuple[int, int]]) -> str:
    """The inside of a regex character class matching exactly ``ranges``."""
    return "".join(
        re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}"
        for first, last in ranges
    )


def _ranges(code_points: list[int]) -> list[tuple[int, int]]:
    """Sorted code points → maximal inclusive ranges."""
    ranges: list[tuple[int, int]] = []
    for cp in code_points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


# Python's \w is exactly "L* or N*, or _" (str.isalnum); tests/test_tokens.py checks it on every code
# point. Unlike a spelled-out class it is one table lookup: sre scans a class's astral ranges one by
# one, so marks (hundreds of astral ranges) are only looked for when a cheap test says they may occur.
_ASTRAL = "\U00010000-\U0010ffff"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(maybe a mark, Han + marks after it, tokens without marks, tokens with marks), built on first use.

    The token patterns yield each token as group 1 of a lookahead: a Han bigram (consuming one
    character, so bigrams overlap), a Han character standing alone, or a whole word run.
    """
    category = unicodedata.category
    marks = [cp for cp in range(sys.maxunicode + 1) if category(chr(cp))[0] == "M"]  # ~0.1 s, once
    h = _char_class(list(HAN_RANGES))
    m = _char_class(_ranges(marks))
    m_bmp = _char_class(_ranges([cp for cp in marks if cp < 0x10000]))
    w = rf"[^\W_{h}]"  # a letter or digit, not Han
    han_token = rf"[{h}]{{2}}|(?<![{h}])[{h}]"
    plain_word = f"{w}+"
    marked_word = rf"{w}(?:{w}|[{m}])*"
    return (
        re.compile(f"[{m_bmp}{_ASTRAL}]"),
        re.compile(f"([{h}])[{m}]+"),
        re.compile(f"(?=({han_token}|{plain_word}))(?:[{h}]|{plain_word})"),
        re.compile(f"(?=({han_token}|{marked_word}))(?:[{h}]|{marked_word})"),
    )


def tokens(text: str) -> list[str]:
    """The search tokens of ``text``, in order, duplicates kept (see the module docstring)."""
    maybe_mark, han_marks, plain, marked = _patterns()
    text = unicodedata.normalize("NFKC", text).lower()
    if maybe_mark.search(text) is None:
        return plain.findall(text)
    return marked.findall(han_marks.sub(r"\1", text))


_tokens = tokens  # the parameter ``tokens`` below (lunr's calling convention) shadows the function


def cjk_pipeline_function(token: Token, i: int, tokens: list[Token]) -> list[Token]:
    """lunr.py pipeline function: one clone of ``token`` per search token of its string.

    Returns ``[]`` (lunr drops the token) when the string has no letters, digits or Han. Each
    result is ``token.clone(lambda s, m: t)``, built directly: same string, same metadata object.
    """
    metadata = token.metadata
    return [Token(t, metadata) for t in _tokens(token.string)]


def register() -> None:
    """Register the pipeline function with lunr.py under LABEL; calling it again does nothing."""
    if Pipeline.registered_functions.get(LABEL) is not cjk_pipeline_function:
        Pipeline.register_function(cjk_pipeline_function, LABEL)


def builder() -> Builder:
    """A lunr.py Builder whose index and search pipelines are exactly our function."""
    register()
    b = Builder()
    b.pipeline.reset()
    b.search_pipeline.reset()
    b.pipeline.add(cjk_pipeline_function)
    b.search_pipeline.add(cjk_pipeline_function)
    return b
